//! Public holidays named in text ("春节期间", "去年国庆", "五一假期"), resolved to the days off
//! the State Council published for that year. The spans come from whoever builds the extractor
//! (the service passes its working-day calendar), not from a lunar table here: a year with no
//! published schedule leaves the holiday as a time without a timestamp. A holiday's own day
//! ("元旦那天", "除夕", "端午当天下午") is its date, on the Chinese calendar for the lunar ones;
//! so are other dates on that calendar ("腊月二十八", "农历八月十五", "小年", "重阳节").
use chinese_lunisolar_calendar::LunisolarDate;
use chrono::NaiveDate;

use crate::elements::{word_at, word_before};

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

    /// The holiday's own day in `year`: a fixed date, or for 春节, 端午 and 中秋 the first of
    /// the first lunar month, the fifth of the fifth and the fifteenth of the eighth of the
    /// Chinese year that begins in `year`. 清明 follows the sun and has none here.
    pub fn day_in(self, year: i32) -> Option<NaiveDate> {
        if let Some((month, day)) = self.fixed_day() {
            return NaiveDate::from_ymd_opt(year, month, day);
        }
        let (month, day) = match self {
            Holiday::SpringFestival => (1, 1),
            Holiday::DragonBoat => (5, 5),
            Holiday::MidAutumn => (8, 15),
            _ => return None,
        };
        let date = LunisolarDate::from_ymd(u16::try_from(year).ok()?, month, false, day).ok()?;
        Some(date.to_naive_date())
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

    /// The holiday's span going on or next to come after `today`: a deadline the caller asks
    /// for ("元旦前能不能修好").
    pub(super) fn upcoming(&self, holiday: Holiday, today: NaiveDate) -> Option<HolidaySpan> {
        self.spans
            .iter()
            .find(|s| s.holiday == holiday && s.end >= today)
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

/// What a holiday's words name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(super) enum Named {
    /// Its days off ("国庆期间", "春节假期").
    #[default]
    DaysOff,
    /// Its days off, or its day when a time of day follows ("元旦", "国庆晚上").
    Either,
    /// Its day, or one so many days from it ("元旦那天", "元旦前一天", "除夕", "大年初三").
    Day(i64),
    /// The days before its days off ("春节前", "国庆节之前"): the two weeks before them.
    Before,
    /// The days after its days off ("春节后", "元旦以后"): the two weeks after them.
    After,
}

/// How many days "春节前" and "春节后" reach from the days off.
pub(super) const BEFORE_AFTER_DAYS: i64 = 14;

/// What a name needs to be read as a holiday.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Needs {
    Nothing,
    /// One of `AFTER`, or a year just before: 国庆 is also a person's name (张国庆).
    AfterOrYear,
    /// One of `AFTER`, or a year just before and no unit after: 五一 and 十一 are numbers too
    /// (五一路, 十一月, 十一点, 去年十一月).
    After,
}

/// Days of the Spring Festival named by themselves, as days from its first (正月初一), and
/// whether the name is of the evening (除夕夜).
const FESTIVAL_DAYS: &[(&str, i64, bool)] = &[
    ("除夕夜", -1, true),
    ("除夕", -1, false),
    ("大年三十", -1, false),
    ("大年夜", -1, true),
    ("年三十", -1, false),
    ("元宵节", 14, false),
    ("正月十五", 14, false),
];

/// What follows 年三十 when it counts or measures something ("青年三十五岁以下", "全年三十万
/// 元", "今年三十岁"), and what follows 五一 or 十一 after a year when they are numbers ("去年
/// 十一月", "去年十一人受伤", "去年十一中", "去年十一、十二月").
const COUNTED: &str =
    "年月日号点时分秒路街巷个岁楼栋层室元块次人万千百亿余多名户家位届中小天周期级班条座辆台只件项、到至~-—";

/// The days of the first lunar month counted from 初一, after 大年 or 正月 ("大年初三").
const NEW_YEAR_DAYS: &[&str] = &[
    "初一", "初二", "初三", "初四", "初五", "初六", "初七", "初八", "初九", "初十",
];

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

/// What may follow a holiday's name and belongs to the expression, with what the whole names.
const AFTER: &[(&str, Named)] = &[
    ("小长假", Named::DaysOff),
    ("放假期间", Named::DaysOff),
    ("假期期间", Named::DaysOff),
    ("黄金周", Named::DaysOff),
    ("期间", Named::DaysOff),
    ("假期", Named::DaysOff),
    ("长假", Named::DaysOff),
    ("放假", Named::DaysOff),
    ("前后", Named::DaysOff),
    ("那几天", Named::DaysOff),
    ("的时候", Named::Either),
    ("那天", Named::Day(0)),
    ("当天", Named::Day(0)),
    ("第一天", Named::Day(0)),
    ("第二天", Named::Day(1)),
    ("第三天", Named::Day(2)),
    ("的前一天", Named::Day(-1)),
    ("前一天", Named::Day(-1)),
    ("前夕", Named::Day(-1)),
    ("的后一天", Named::Day(1)),
    ("后一天", Named::Day(1)),
    ("以前", Named::Before),
    ("之前", Named::Before),
    ("前", Named::Before),
    ("以后", Named::After),
    ("之后", Named::After),
    ("过后", Named::After),
    ("后", Named::After),
];

/// What after a bare 前 or 后 makes it another word ("元旦前往", "春节前来", "国庆后面").
const NOT_BEFORE_AFTER: &str = "往来去面边排头方续悔";

/// A holiday named in text.
pub(super) struct HolidayWords {
    pub end: usize,
    pub holiday: Holiday,
    pub named: Named,
    /// The name is of the day's evening ("除夕夜").
    pub evening: bool,
}

/// A holiday's name at `pos` (with what follows it from `AFTER`) and what the words name.
/// `after_year`: a year was just read ("去年国庆").
pub(super) fn holiday_at(chars: &[char], pos: usize, after_year: bool) -> Option<HolidayWords> {
    if let Some(found) = festival_day_at(chars, pos) {
        return Some(found);
    }
    let words = |end, holiday, named| HolidayWords {
        end,
        holiday,
        named,
        evening: false,
    };
    NAMES.iter().find_map(|&(name, holiday, needs)| {
        let end = word_at(chars, pos, name)?;
        if name == "过年" && is_other_word(chars, pos, end) {
            return None;
        }
        let tail = AFTER
            .iter()
            .find_map(|&(w, named)| word_at(chars, end, w).map(|e| (e, named)))
            .filter(|&(after, named)| {
                // Before or after only a name that is no other word (张国庆之前, 五一前面 stay as
                // they were), and a bare 前 or 后 not starting another word (元旦前往).
                !matches!(named, Named::Before | Named::After)
                    || (needs == Needs::Nothing
                        && (after - end > 1
                            || !chars
                                .get(after)
                                .is_some_and(|&c| NOT_BEFORE_AFTER.contains(c))))
            });
        let counted = chars.get(end).is_some_and(|&c| is_counted(c));
        match (tail, needs) {
            (Some((after, named)), _) => Some(words(after, holiday, named)),
            (None, Needs::Nothing) => Some(words(end, holiday, Named::Either)),
            (None, Needs::AfterOrYear) if after_year => Some(words(end, holiday, Named::Either)),
            (None, Needs::After) if after_year && !counted => {
                Some(words(end, holiday, Named::Either))
            }
            (None, _) => None,
        }
    })
}

fn is_counted(c: char) -> bool {
    crate::elements::numerals::is_numeral(c) || COUNTED.contains(c)
}

/// Whether a festival day's name opens at `pos`: the scan reads from 年 only for 年三十.
pub(super) fn festival_day_starts(chars: &[char], pos: usize) -> bool {
    festival_day_at(chars, pos).is_some()
}

/// A day of the Spring Festival named by itself ("除夕", "大年三十", "大年初三", "正月初五",
/// "元宵节"), with what follows it from `AFTER` that names a day ("除夕那天", "除夕前一天").
/// 年三十 that counts or measures is no festival ("今年三十岁", "青年三十五岁以下").
fn festival_day_at(chars: &[char], pos: usize) -> Option<HolidayWords> {
    let named = FESTIVAL_DAYS.iter().find_map(|&(name, days, evening)| {
        let end = word_at(chars, pos, name)?;
        if name == "年三十" {
            let before = pos.checked_sub(1).map(|i| chars[i]);
            let counted = before.is_some_and(|c| {
                crate::elements::numerals::is_numeral(c) || "今去前明每满全往青少".contains(c)
            }) || chars.get(end).is_some_and(|&c| is_counted(c));
            if counted {
                return None;
            }
        }
        Some((end, days, evening))
    });
    let (end, days, evening) = match named {
        Some(found) => found,
        None => {
            let after = ["大年", "正月"]
                .iter()
                .find_map(|w| word_at(chars, pos, w))?;
            let (index, end) = NEW_YEAR_DAYS
                .iter()
                .enumerate()
                .find_map(|(i, w)| word_at(chars, after, w).map(|e| (i, e)))?;
            (end, index as i64, false)
        }
    };
    let (end, days) = AFTER
        .iter()
        .find_map(|&(w, named)| match named {
            Named::Day(more) => word_at(chars, end, w).map(|e| (e, days + more)),
            _ => None,
        })
        .unwrap_or((end, days));
    Some(HolidayWords {
        end,
        holiday: Holiday::SpringFestival,
        named: Named::Day(days),
        evening,
    })
}

/// 过年 inside another word: 超过年龄, 通过年检, 经过年审.
fn is_other_word(chars: &[char], start: usize, end: usize) -> bool {
    let before = start.checked_sub(1).and_then(|i| chars.get(i));
    before.is_some_and(|c| "超通经越".contains(*c))
        || chars.get(end).is_some_and(|c| "龄限检审度薪".contains(*c))
}

/// Words right before a holiday that look ahead to it: "快到春节了", "赶在国庆前", "快过年了",
/// "马上就要过年了".
const AHEAD_BEFORE: &[&str] = &[
    "快到",
    "就要到",
    "马上到",
    "即将到",
    "临近",
    "赶在",
    "争取在",
    "快",
    "快要",
    "就要",
    "又要",
    "将要",
    "马上要",
    "马上",
    "即将",
    "眼看",
];
/// A countdown before 就 that makes the holiday after it the next one: "还有三天就过年了".
const COUNTDOWNS: &[&str] = &["还有", "还剩", "再过", "没几天"];
/// Words after a holiday that look ahead to it: "春节快到了".
const AHEAD_AFTER: &[&str] = &["快到了", "就要到了", "马上到了", "要到了", "快来了"];
/// A question or a request in the holiday's clause that makes it one looked ahead to
/// ("元旦前能不能修好", "希望春节前把工资发了", "国庆期间能不能正常供水"). Whole words: 请 alone
/// is also in 申请, 保证 in 保证金.
const DEADLINE_CUES: &[&str] = &[
    "能不能",
    "能否",
    "可不可以",
    "可否",
    "会不会",
    "希望",
    "要求",
    "必须",
    "务必",
    "尽快",
    "争取",
    "确保",
    "一定要",
    "请求",
    "恳请",
    "请在",
    "请于",
];

/// Whether a holiday named at `start..end` is the next one, not the last: looked ahead to by
/// the words around it ("快到春节了", "还有三天就过年了"; not when they tell when something
/// happened: "快过年的时候老板跑了"), or by a question or request in its clause. Before the
/// holiday (…前) the request may stand anywhere in the clause, and a question may end it
/// ("春节前能修好吗", not "国庆前修的路又坏了有人管吗"); otherwise the request comes after the
/// holiday, with nothing there saying it is done ("国庆期间停水了能不能赔偿" is last October's).
pub(super) fn looks_ahead(chars: &[char], start: usize, end: usize) -> bool {
    let ends_before = |w: &str| {
        let n = w.chars().count();
        start >= n && chars[start - n..start].iter().copied().eq(w.chars())
    };
    // The holiday as a time something happened at: "过年的时候" (read with the name), "过年时".
    let when = word_before(chars, end, "的时候")
        || ["时候", "时", "那会", "那阵"]
            .iter()
            .any(|w| word_at(chars, end, w).is_some());
    if (AHEAD_BEFORE.iter().any(|w| ends_before(w)) && !when)
        || AHEAD_AFTER.iter().any(|w| word_at(chars, end, w).is_some())
    {
        return true;
    }
    let clause_break = |c: &char| crate::is_sentence_break(*c) || "，,".contains(*c);
    let from = chars[..start]
        .iter()
        .rposition(clause_break)
        .map_or(0, |i| i + 1);
    let to = chars[end..]
        .iter()
        .position(clause_break)
        .map_or(chars.len(), |i| end + i);
    let text = |a: usize, b: usize| chars[a..b].iter().collect::<String>();
    if ends_before("就") && !when && COUNTDOWNS.iter().any(|w| text(from, start).contains(w)) {
        return true;
    }
    let asks_in = |s: &str| DEADLINE_CUES.iter().any(|w| s.contains(w));
    let after = text(end, to);
    // Before the holiday: said after its name, or read with it ("春节前", `Named::Before`).
    if ["前", "之前", "以前"]
        .iter()
        .any(|w| word_at(chars, end, w).is_some() || word_before(chars, end, w))
    {
        let question = chars.get(to).is_some_and(|c| "?？".contains(*c)) || after.ends_with('吗');
        return asks_in(&text(from, to)) || (question && !after.contains('的'));
    }
    asks_in(&after) && !after.contains(['了', '过'])
}

/// Lunar days named by themselves: 小年 (the 23rd of the twelfth month, as the north keeps it),
/// 七夕, 重阳.
const LUNAR_NAMED: &[(&str, u8, u8)] = &[
    ("小年", 12, 23),
    ("七夕节", 7, 7),
    ("七夕", 7, 7),
    ("重阳节", 9, 9),
    ("重阳", 9, 9),
];

/// Lunar months with a name of their own.
const LUNAR_MONTHS: &[(&str, u8)] = &[("正月", 1), ("冬月", 11), ("腊月", 12)];

/// Whether a lunar date may open at `pos` (its first character is none the scan opens at).
pub(super) fn lunar_day_starts(chars: &[char], pos: usize) -> bool {
    matches!(chars[pos], '农' | '腊' | '冬' | '小' | '重' | '七')
        && lunar_day_at(chars, pos).is_some()
}

/// A date on the Chinese calendar: "腊月二十八", "农历八月十五", "农历3月初六", "冬月初一",
/// "小年", "重阳节"; its end, month and day. 小年 or 重阳 inside another word or a name ("小年轻",
/// "重阳路") is none.
pub(super) fn lunar_day_at(chars: &[char], pos: usize) -> Option<(usize, u8, u8)> {
    if let Some((end, month, day)) = LUNAR_NAMED
        .iter()
        .find_map(|&(w, m, d)| word_at(chars, pos, w).map(|e| (e, m, d)))
    {
        // "小年轻", "重阳路", "重阳宫": another word or a place's name.
        let glued = chars
            .get(end)
            .is_some_and(|&c| "轻级纪度终会里后路街道巷宫镇村区桥园庙山寺".contains(c));
        return (!glued).then_some((that_day(chars, end), month, day));
    }
    let lunar = word_at(chars, pos, "农历");
    let from = lunar.unwrap_or(pos);
    let (after_month, month) = match LUNAR_MONTHS
        .iter()
        .find_map(|&(w, m)| word_at(chars, from, w).map(|e| (e, m)))
    {
        Some(found) => found,
        // "农历八月", "农历3月": a month by number only after 农历.
        None => {
            lunar?;
            let (n, len) = crate::elements::numerals::numeral_at(chars, from)?;
            if chars.get(from + len) != Some(&'月') || !(1..=12).contains(&n) {
                return None;
            }
            (from + len + 1, u8::try_from(n).ok()?)
        }
    };
    let (end, day) = lunar_day_of_month(chars, after_month)?;
    // An Arabic or plain day may be followed by 日 or 号 ("农历8月15日").
    let end = ["日", "号"]
        .iter()
        .find_map(|w| word_at(chars, end, w))
        .unwrap_or(end);
    Some((that_day(chars, end), month, day))
}

/// Past "那天" or "当天" after a day named ("小年那天晚上").
fn that_day(chars: &[char], end: usize) -> usize {
    ["那天", "当天", "这天"]
        .iter()
        .find_map(|w| word_at(chars, end, w))
        .unwrap_or(end)
}

/// The day of a lunar month: 初一…初十, 十一…十九, 二十, 廿一…廿九, 二十一…二十九, 三十, or
/// a number from 1 to 30.
fn lunar_day_of_month(chars: &[char], pos: usize) -> Option<(usize, u8)> {
    use crate::elements::numerals::{digit, numeral_at};
    let one_to_nine = |i: usize| {
        chars
            .get(i)
            .and_then(|&c| digit(c))
            .filter(|d| (1..=9).contains(d))
    };
    if chars.get(pos) == Some(&'初') {
        if chars.get(pos + 1) == Some(&'十') {
            return Some((pos + 2, 10));
        }
        return one_to_nine(pos + 1).map(|d| (pos + 2, d as u8));
    }
    if chars.get(pos) == Some(&'廿') {
        return one_to_nine(pos + 1).map(|d| (pos + 2, 20 + d as u8));
    }
    let (n, len) = numeral_at(chars, pos)?;
    (1..=30).contains(&n).then(|| (pos + len, n as u8))
}
