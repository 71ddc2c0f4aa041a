//! Public holidays named in text ("春节期间", "去年国庆", "五一假期"), resolved to the days off
//! the State Council published for that year. The spans come from whoever builds the extractor
//! (the service passes its working-day calendar), not from a lunar table here: a year with no
//! published schedule leaves the holiday as a time without a timestamp.
use chrono::NaiveDate;

use crate::elements::word_at;

/// The seven public holidays.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Holiday {
    NewYear,
    SpringFestival,
    QingMing,
    Labour,
    DragonBoat,
    MidAutumn,
    National,
}

impl Holiday {
    /// The holiday a schedule's name stands for (元旦, 春节, 清明节, 劳动节, 端午节, 中秋节,
    /// 国庆节, with or without 节).
    pub fn from_name(name: &str) -> Option<Holiday> {
        let name = name.trim();
        let name = name.strip_suffix('节').unwrap_or(name);
        Some(match name {
            "元旦" => Holiday::NewYear,
            "春" | "春节" => Holiday::SpringFestival,
            "清明" => Holiday::QingMing,
            "劳动" | "五一" | "五一劳动" => Holiday::Labour,
            "端午" => Holiday::DragonBoat,
            "中秋" => Holiday::MidAutumn,
            "国庆" => Holiday::National,
            _ => return None,
        })
    }

    /// The month and day of a holiday on a fixed date of the solar calendar (元旦, 劳动节,
    /// 国庆节); the lunar ones move.
    pub fn fixed_day(self) -> Option<(u32, u32)> {
        match self {
            Holiday::NewYear => Some((1, 1)),
            Holiday::Labour => Some((5, 1)),
            Holiday::National => Some((10, 1)),
            _ => None,
        }
    }
}

/// One holiday's days off, both ends inclusive.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct HolidaySpan {
    pub holiday: Holiday,
    /// The year whose schedule gives these days: 元旦 2018's days off may start on
    /// 30 December 2017.
    pub year: i32,
    pub start: NaiveDate,
    pub end: NaiveDate,
}

/// The holidays of the years a calendar knows.
#[derive(Debug, Clone, Default)]
pub struct Holidays {
    spans: Vec<HolidaySpan>,
}

impl Holidays {
    pub fn new(mut spans: Vec<HolidaySpan>) -> Holidays {
        spans.retain(|s| s.start <= s.end);
        spans.sort_by_key(|s| s.start);
        Holidays { spans }
    }

    pub fn is_empty(&self) -> bool {
        self.spans.is_empty()
    }

    /// The holiday's span of `year`'s schedule.
    pub(super) fn in_year(&self, holiday: Holiday, year: i32) -> Option<HolidaySpan> {
        self.spans
            .iter()
            .find(|s| s.holiday == holiday && s.year == year)
            .copied()
    }

    /// The holiday's latest span that has begun by `today`: callers tell what happened.
    pub(super) fn latest(&self, holiday: Holiday, today: NaiveDate) -> Option<HolidaySpan> {
        self.spans
            .iter()
            .rev()
            .find(|s| s.holiday == holiday && s.start <= today)
            .copied()
    }
}

/// What a name needs to be read as a holiday.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Needs {
    Nothing,
    /// One of `AFTER`, or a year just before: 国庆 is also a person's name (张国庆).
    AfterOrYear,
    /// One of `AFTER`: 五一 and 十一 are numbers too (五一路, 十一月, 十一点).
    After,
}

/// The names of holidays in text.
const NAMES: &[(&str, Holiday, Needs)] = &[
    ("春节", Holiday::SpringFestival, Needs::Nothing),
    ("过年", Holiday::SpringFestival, Needs::Nothing),
    ("元旦", Holiday::NewYear, Needs::Nothing),
    ("清明节", Holiday::QingMing, Needs::Nothing),
    ("清明", Holiday::QingMing, Needs::AfterOrYear),
    ("劳动节", Holiday::Labour, Needs::Nothing),
    ("五一", Holiday::Labour, Needs::After),
    ("端午节", Holiday::DragonBoat, Needs::Nothing),
    ("端午", Holiday::DragonBoat, Needs::AfterOrYear),
    ("中秋节", Holiday::MidAutumn, Needs::Nothing),
    ("中秋", Holiday::MidAutumn, Needs::AfterOrYear),
    ("国庆节", Holiday::National, Needs::Nothing),
    ("国庆", Holiday::National, Needs::AfterOrYear),
    ("十一", Holiday::National, Needs::After),
];

/// What may follow a holiday's name and belongs to the expression.
const AFTER: &[&str] = &[
    "小长假",
    "放假期间",
    "假期期间",
    "黄金周",
    "期间",
    "假期",
    "长假",
    "放假",
    "那几天",
    "那天",
    "当天",
];

/// What follows a holiday's name and names its day itself, not its days off.
const THE_DAY: &[&str] = &["那天", "当天"];

/// A holiday's name at `pos` (with what follows it from `AFTER`): its end, the holiday, and
/// whether the words may name its day itself ("元旦那天", or the name alone: "元旦下午") rather
/// than its days off ("国庆期间"). `after_year`: a year was just read ("去年国庆").
pub(super) fn holiday_at(
    chars: &[char],
    pos: usize,
    after_year: bool,
) -> Option<(usize, Holiday, bool)> {
    NAMES.iter().find_map(|&(name, holiday, needs)| {
        let end = word_at(chars, pos, name)?;
        if name == "过年" && is_other_word(chars, pos, end) {
            return None;
        }
        let tail = AFTER
            .iter()
            .find_map(|w| word_at(chars, end, w).map(|e| (e, THE_DAY.contains(w))));
        match (tail, needs) {
            (Some((after, the_day)), _) => Some((after, holiday, the_day)),
            (None, Needs::Nothing) => Some((end, holiday, true)),
            (None, Needs::AfterOrYear) if after_year => Some((end, holiday, true)),
            (None, _) => None,
        }
    })
}

/// 过年 inside another word: 超过年龄, 通过年检, 经过年审.
fn is_other_word(chars: &[char], start: usize, end: usize) -> bool {
    let before = start.checked_sub(1).and_then(|i| chars.get(i));
    before.is_some_and(|c| "超通经越".contains(*c))
        || chars.get(end).is_some_and(|c| "龄限检审度薪".contains(*c))
}
