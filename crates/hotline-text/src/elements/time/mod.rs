//! Time expressions (时间) in Chinese, resolved against a reference instant in China time
//! (UTC+8): absolute dates ("2026年3月10日", "3月10日上午9点35分"), relative days and weeks
//! ("昨天晚上十点多", "前天", "上周三"), parts of the day ("凌晨两点", "下午三点半"), amounts
//! ago ("三天前"), and recurring or vague times ("每天夜里", "最近"), which keep their text but
//! get no timestamp.
//!
//! An expression is a run of adjacent parts (date, part of day, clock), read left to right.
//! Conventions: weeks start on Monday; a month and day without a year take the year that puts
//! them nearest to `now` (a day without a month likewise takes the nearest month); a time of
//! day with no date at all is the most recent such time, since records describe what happened.
mod clock;
mod duration;
mod holidays;
mod onward;
mod parse;
mod resolve;
mod words;

pub use holidays::{Holiday, HolidaySpan, Holidays};

use chrono::{DateTime, Datelike, FixedOffset};
use serde::Serialize;

use super::numerals::is_numeral;
use onward::{next_half_day, roll_past};
use words::Period;

/// China time, UTC+8, the hotline's local time.
pub fn china() -> FixedOffset {
    FixedOffset::east_opt(8 * 3600).expect("UTC+8 is a valid offset")
}

/// What a time expression resolves to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum TimeValue {
    /// A point in time ("3月10日上午9点35分").
    Instant { at: DateTime<FixedOffset> },
    /// A span, end exclusive ("前天" is the whole day; "十点多" is the hour from ten).
    Range {
        from: DateTime<FixedOffset>,
        to: DateTime<FixedOffset>,
    },
    /// A time that repeats ("每天夜里"): no timestamp.
    Recurring,
    /// A time too loose to place ("最近", "前段时间") or a date that does not exist.
    Vague,
}

impl TimeValue {
    /// The instant, or the start of the range.
    pub fn start(&self) -> Option<DateTime<FixedOffset>> {
        match self {
            TimeValue::Instant { at } => Some(*at),
            TimeValue::Range { from, .. } => Some(*from),
            TimeValue::Recurring | TimeValue::Vague => None,
        }
    }
}

/// A time expression found in a text. Offsets count characters, end exclusive.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TimeMention {
    pub text: String,
    pub start: usize,
    pub end: usize,
    pub value: TimeValue,
}

impl TimeMention {
    /// "现在", "此刻" alone: the moment of the call, which says when only where nothing else
    /// does ("现在漏水" tells nothing of since when).
    pub fn is_the_call_moment(&self) -> bool {
        // Quoted as written (現在), read in simplified script.
        parse::NOW_WORDS.contains(&&*crate::script::simplified(&self.text))
    }
}

/// Every time expression of `text`, resolved against `now` (taken in China time); holidays
/// named in it are found but get no timestamp (see `find_times_with`).
pub fn find_times(text: &str, now: DateTime<FixedOffset>) -> Vec<TimeMention> {
    find_times_with(text, now, &Holidays::default())
}

/// Every time expression of `text`, resolved against `now`, holidays ("国庆期间") to their
/// spans in `holidays`.
pub fn find_times_with(
    text: &str,
    now: DateTime<FixedOffset>,
    holidays: &Holidays,
) -> Vec<TimeMention> {
    let now = now.with_timezone(&china());
    let chars: Vec<char> = text.chars().collect();
    let mut found: Vec<TimeMention> = Vec::new();
    // The last expression of the current sentence: where it ended and its parts.
    let mut previous: Option<(usize, Parts)> = None;
    let mut i = 0;
    while i < chars.len() {
        if crate::is_sentence_break(chars[i]) {
            previous = None;
        }
        // 年 opens only 年三十: read from there, 年初 or 年底 ("少年初中生") would be times.
        let starts = could_start(chars[i])
            || (chars[i] == '年' && holidays::festival_day_starts(&chars, i))
            || holidays::lunar_day_starts(&chars, i);
        if !starts || closes_a_word(&chars, i) {
            i += 1;
            continue;
        }
        // The expression before, when only a joiner (or nothing) stands between, and whether
        // that joiner makes a span.
        let joined_to = previous.as_ref().and_then(|(prev_end, prev)| {
            let mut between = chars[*prev_end..i].iter().filter(|c| !c.is_whitespace());
            let joiner = between.next();
            let joined = i - prev_end <= MAX_JOIN_GAP
                && between.next().is_none()
                && joiner.is_none_or(|&c| RANGE_JOINERS.contains(c));
            joined.then(|| (prev, joiner.is_some_and(|&c| SPAN_JOINERS.contains(c))))
        });
        let after_month = joined_to.is_some_and(|(prev, _)| prev.has_month());
        let after_clock = joined_to.is_some_and(|(prev, span)| span && prev.hour.is_some());
        if let Some((end, mut parts)) = parse::parse(&chars, i, after_month, after_clock)
            .filter(|(_, parts)| !(i > 0 && chars[i - 1] == '的' && parts.is_only_words()))
        {
            // A weekday alone moves by weeks only after another ("周一到周三", "下周一到周五"),
            // not after a date ("3月2日到周三").
            let after_weekday = joined_to.is_some_and(|(prev, _)| {
                matches!(prev.week, Some((_, WeekPart::Day(_) | WeekPart::Weekend)))
            });
            let free = match Free::of(&parts) {
                Free::Weeks if !after_weekday => Free::Fixed,
                free => free,
            };
            let to_joined = joined_to.is_some_and(|(_, span)| span);
            let joined = joined_to.is_some();
            let as_written = parts.date_fields();
            // A clock said without a part of the day ("2点", "12点"), before it takes one from
            // the expression before: either half of the day may be meant, unless its clause
            // tells which ("下班六点多到家").
            if parts.bare_clock() {
                if let Some(hour) = parts.hour {
                    parts.period = clock::period_from_clause(&chars, i, end, hour);
                }
            }
            let bare = parts.bare_clock();
            let after_another = previous.is_some();
            if let Some((prev, _)) = joined_to {
                parts.inherit(prev, true);
            } else if let Some((_, prev)) = &previous {
                parts.inherit(prev, false);
            }
            let inherited = as_written != parts.date_fields();
            parts.ahead = (parts.holiday.is_some() || parts.lunar.is_some())
                && holidays::looks_ahead(&chars, i, end);
            previous = Some((end, parts.clone()));
            let mut value = resolve::resolve(&parts, now, holidays);
            // "每天从晚上七点持续到晚上十点": a time of day alone after a recurring time of the
            // same clause is when it happens each time ("每天营业到凌晨，晚上十一点我下去沟通
            // 被打了" tells of one night).
            let recurring_before = found.last().filter(|m| m.value == TimeValue::Recurring);
            let in_its_clause = recurring_before
                .is_some_and(|m| !chars[m.end..i].iter().any(|c| "，,；;".contains(*c)));
            if after_another && in_its_clause && !to_joined && parts.time_of_day_only() {
                value = TimeValue::Recurring;
            }
            // "停止夜间施工": a part of the day alone naming when something is done.
            let practice = words::names_a_practice(&chars, i, end);
            if practice && parts.hour.is_none() && parts.time_of_day_only() {
                value = TimeValue::Recurring;
            }
            // "晚上十点多开始施工，两点多还在响": a bare clock after a time of the same sentence
            // is the first of either half of the day after it, within 12 hours.
            if bare && after_another && !to_joined {
                if let Some(before) = found.last().and_then(|m| m.value.start()) {
                    value = next_half_day(value, before, now);
                }
                // "天天晚上搞到十二点多": how late it goes on each time, not a day's noon.
                if recurring_before.is_some() && until_before(&chars, i) {
                    value = TimeValue::Recurring;
                }
            }
            // "昨天晚上十点开始施工，一直到凌晨两点": a time that took its date from the one
            // before and so lands before it is the next day (month, year) of it, when that is
            // not yet to come.
            if inherited && !to_joined {
                if let Some(before) = found.last().and_then(|m| m.value.start()) {
                    // "去年12月28日开始施工，1月3日才停": a month that took the year of a date
                    // in a sentence before, and so lands before it, is of the year after when
                    // that is the nearer reading (more than six months back, under six on). A
                    // list ("去年5月和3月") or a look back ("去年12月投诉过，11月也投诉过")
                    // keeps its year.
                    let months_back = value
                        .start()
                        .map(|s| i64::from(before.month()) - i64::from(s.month()));
                    let goes_on =
                        free == Free::Years && !joined && months_back.is_some_and(|m| m > 6);
                    let until = until_before(&chars, i) || goes_on;
                    value = roll_past(value, before, free, until, now);
                }
            }
            // "10月30号至今", "今年3月以来", "从去年开始": from the time to now.
            let today = now.date_naive();
            let before_today = value.start().is_some_and(|s| s.date_naive() < today);
            let (end, value) = match (until_now(&chars, i, end, before_today), value.start()) {
                (Some(tail_end), Some(from)) if !to_joined && from < now => {
                    (tail_end, TimeValue::Range { from, to: now })
                }
                _ => (end, value),
            };
            // "下午5点至7点", "3月1日到5日": one span from the start of the first to the end of
            // the second.
            let span = found
                .last()
                .filter(|_| to_joined)
                .and_then(|first| span_to(&first.value, &value, free, bare));
            match (span, found.last_mut()) {
                (Some(span), Some(first)) => {
                    first.text = chars[first.start..end].iter().collect();
                    first.end = end;
                    first.value = span;
                }
                _ => found.push(TimeMention {
                    text: chars[i..end].iter().collect(),
                    start: i,
                    end,
                    value,
                }),
            }
            i = end;
        } else {
            i += 1;
        }
    }
    with_durations(found, duration::durations(&chars, now))
}

/// `found` with the amounts that say how long a matter has gone on ("两个多月了") where no
/// other expression stands, in reading order. An amount takes the place of the vague word it
/// carries: "最近一个月" is the last month.
fn with_durations(mut found: Vec<TimeMention>, durations: Vec<TimeMention>) -> Vec<TimeMention> {
    for d in durations {
        let overlaps = |m: &TimeMention| m.start < d.end && d.start < m.end;
        if found
            .iter()
            .any(|m| overlaps(m) && m.value != TimeValue::Vague)
        {
            continue;
        }
        found.retain(|m| !overlaps(m));
        let at = found.partition_point(|m| m.start < d.start);
        found.insert(at, d);
    }
    found
}

/// What joins two ends of a range or a list of times: "下午5点至7点", "3月26日、4月2日".
const RANGE_JOINERS: &str = "至到-—~～、和或";
/// The most characters (spaces included) a joiner and the spaces around it take.
const MAX_JOIN_GAP: usize = 8;
/// The joiners of the two ends of one span (the others join a list).
const SPAN_JOINERS: &str = "至到-—~～";

/// How far the end of a span may be moved to follow its start: an end that names no date
/// ("晚上10点到凌晨3点") by days, a weekday alone ("从周一到周三") by weeks, a bare day
/// ("3月28日到2日") by months, a month and day without a year ("2025年12月28日至1月3日") by
/// years; one tied to today or to now not at all.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Free {
    Days,
    Weeks,
    Months,
    Years,
    Fixed,
}

impl Free {
    /// Read from the parts as written, before they take anything from the expression before.
    fn of(p: &Parts) -> Free {
        let bare_weekday = p.week_bare
            && matches!(p.week, Some((0, WeekPart::Day(_) | WeekPart::Weekend)))
            && !(p.year.is_some() || p.rel_year.is_some() || p.month.is_some());
        if bare_weekday {
            return Free::Weeks;
        }
        let anchored = p.just_now
            || p.now
            || p.minutes_ago.is_some()
            || p.year.is_some()
            || p.rel_year.is_some()
            || p.rel_month.is_some()
            || p.rel_day.is_some()
            || p.week.is_some()
            || p.days_ago.is_some()
            || p.months_ago.is_some()
            || p.holiday.is_some()
            || p.lunar.is_some();
        if anchored {
            Free::Fixed
        } else if p.month.is_some() {
            Free::Years
        } else if p.day.is_some() {
            Free::Months
        } else {
            Free::Days
        }
    }
}

/// The span from the start of `first` to the end of `second`, or None when the two make no
/// span. An end free to move (`Free`) is put at the first such time after the start; a fixed
/// one must come after it. A `bare_end` clock ("10点") may be either half of the day's.
fn span_to(first: &TimeValue, second: &TimeValue, free: Free, bare_end: bool) -> Option<TimeValue> {
    use chrono::{Datelike, Duration, Months};
    let end_of = |v: &TimeValue| match v {
        TimeValue::Instant { at } => Some(*at),
        TimeValue::Range { to, .. } => Some(*to),
        TimeValue::Recurring | TimeValue::Vague => None,
    };
    // "周一到周五每天早上": weekdays of every week.
    let weekdays_recur =
        free == Free::Weeks && (first == &TimeValue::Recurring || second == &TimeValue::Recurring);
    if (first, second) == (&TimeValue::Recurring, &TimeValue::Recurring) || weekdays_recur {
        return Some(TimeValue::Recurring);
    }
    let from = first.start()?;
    let mut to = end_of(second)?;
    // The last moment inside the end, and months counted from year 0.
    let inside = |t: DateTime<FixedOffset>| t - Duration::minutes(1);
    let month_index = |t: DateTime<FixedOffset>| t.year() * 12 + t.month0() as i32;
    let shift = |t: DateTime<FixedOffset>, months: i32| match months {
        0.. => t.checked_add_months(Months::new(months.unsigned_abs())),
        _ => t.checked_sub_months(Months::new(months.unsigned_abs())),
    };
    match free {
        Free::Fixed => {}
        Free::Days => {
            let day = Duration::days(1);
            let first_after = |mut to: DateTime<FixedOffset>| {
                if to <= from {
                    to += day * ((from - to).num_days() as i32 + 1);
                } else if to - from > day {
                    to -= day * ((to - from - Duration::minutes(1)).num_days() as i32);
                }
                to
            };
            // "8点到10点" said at 21:00 is 20:00 to 22:00: an end of either half of the day,
            // the first after the start.
            let half = Duration::hours(12);
            let ends = if bare_end {
                vec![to - half, to, to + half]
            } else {
                vec![to]
            };
            to = ends.into_iter().map(first_after).min()?;
        }
        // The weekday in the start's week or the next ("从周一到周三" said on a Tuesday is
        // this Monday to tomorrow, not to last Wednesday).
        Free::Weeks => {
            let week = Duration::days(7);
            while to <= from {
                to += week;
            }
            while to - from > week {
                to -= week;
            }
        }
        // The day in the start's month, else the next ("3月28日到2日" ends on 2 April).
        Free::Months => {
            to = shift(to, month_index(from) - month_index(inside(to)))?;
            if to <= from {
                to = shift(to, 1)?;
            }
        }
        // The date in the start's year, else the next one only across New Year
        // ("12月28日至1月3日"); "3月5日到3月1日" is no span.
        Free::Years => {
            to = shift(to, 12 * (from.year() - inside(to).year()))?;
            if to <= from {
                if inside(to).month() >= from.month() {
                    return None;
                }
                to = shift(to, 12)?;
            }
        }
    }
    (to > from).then_some(TimeValue::Range { from, to })
}

/// Whether the 前 or 后 at `i` ends a word with the character before ("然后天天" is 然后 +
/// 天天, not the day after tomorrow; "以前晚上" is not 前晚; "提前两天" is in advance), or the
/// digit at `i` goes on a number, so no expression starts there. 从 is left out: "从前天开始"
/// is since the day before yesterday.
fn closes_a_word(chars: &[char], i: usize) -> bool {
    use crate::elements::numerals::is_arabic;
    const BEFORE_HOU: &str = "然以之最随此过而往今日事背落先午饭睡";
    // Not 跟: "跟前天一样" compares with the day before yesterday.
    const BEFORE_QIAN: &str = "提以之目眼先当事门面睡饭";
    let Some(&before) = i.checked_sub(1).and_then(|b| chars.get(b)) else {
        return false;
    };
    match chars[i] {
        '后' => BEFORE_HOU.contains(before),
        '前' => BEFORE_QIAN.contains(before),
        // The rest of a number that did not read as a time: "25:00" is no 5:00 nor 00点,
        // "1234号" no 4号.
        c if is_arabic(c) => {
            let digits =
                |run: &mut dyn Iterator<Item = &char>| run.take_while(|c| is_arabic(**c)).count();
            // The minutes of a clock-shaped "25:00" (not "1：2018年" in a list).
            let minutes = matches!(before, ':' | '：')
                && (1..=2).contains(&digits(&mut chars[..i - 1].iter().rev()))
                && digits(&mut chars[i..].iter()) == 2;
            is_arabic(before) || minutes
        }
        _ => false,
    }
}

/// Words after a time that run it on to now.
const TO_NOW: &[&str] = &[
    "至今",
    "以来",
    "到现在",
    "到今天",
    "到目前为止",
    "到目前",
    "起至今",
    "开始至今",
    "开始到现在",
    "开始到今天",
    "起到现在",
    "一直到现在",
];

/// Where the words that run the expression from `start` to `end` on to now end: one of
/// `TO_NOW`, unless a time goes on from its 到 or 至 ("昨晚10点到今天早上6点", "2023年10月至
/// 今年3月": a span to that time); or 开始 or 起 after an expression opened by 从 or 自 that
/// began before today, with no 到 or 至 after it in its sentence ("从去年开始楼上一直漏水"; not
/// "从晚上10点开始施工，一直到凌晨2点", "从今天起停水三天", "从6点起床").
fn until_now(chars: &[char], start: usize, end: usize, began_before_today: bool) -> Option<usize> {
    if let Some(after) = TO_NOW.iter().find_map(|w| super::word_at(chars, end, w)) {
        let goes_on = matches!(chars[end], '到' | '至')
            && parse::parse(chars, end + 1, false, false).is_some_and(|(e, _)| e > after);
        return (!goes_on).then_some(after);
    }
    let since = start > 0 && matches!(chars[start - 1], '从' | '自');
    if !since || !began_before_today {
        return None;
    }
    let after = ["开始", "起"]
        .iter()
        .find_map(|w| super::word_at(chars, end, w))?;
    if chars.get(after).is_some_and(|&c| "床来身诉飞".contains(c)) {
        return None;
    }
    let sentence_end = chars[after..]
        .iter()
        .position(|&c| crate::is_sentence_break(c))
        .map_or(chars.len(), |p| after + p);
    let until = chars[after..sentence_end]
        .iter()
        .any(|&c| c == '到' || c == '至');
    (!until).then_some(after)
}

/// Whether 到 or 至 stands just before `i` (spaces aside): "…一直持续到凌晨两点".
fn until_before(chars: &[char], i: usize) -> bool {
    until_at(chars, i).is_some()
}

/// Where the 到 or 至 just before `i` stands (spaces aside), if one does.
fn until_at(chars: &[char], i: usize) -> Option<usize> {
    chars[..i]
        .iter()
        .rposition(|c| !c.is_whitespace())
        .filter(|&j| matches!(chars[j], '到' | '至'))
}

/// A cheap test before trying to parse: can an expression start with `c`?
fn could_start(c: char) -> bool {
    is_numeral(c)
        || matches!(
            c,
            '今' | '昨'
                | '前'
                | '明'
                | '后'
                | '大'
                | '上'
                | '下'
                | '这'
                | '本'
                | '当'
                | '双'
                | '每'
                | '天'
                | '一'
                | '经'
                | '总'
                | '常'
                | '老'
                | '时'
                | '长'
                | '最'
                | '近'
                | '周'
                | '星'
                | '礼'
                | '凌'
                | '清'
                | '早'
                | '中'
                | '傍'
                | '黄'
                | '晚'
                | '夜'
                | '半'
                | '深'
                | '午'
                | '白'
                | '刚'
                | '现'
                | '此'
                | '去'
                | '春'
                | '过'
                | '元'
                | '劳'
                | '端'
                | '国'
                | '除'
                | '正'
        )
}

/// A part of a month or a year ("11月初", "去年年底"), first and last inclusive.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Portion {
    /// Days of the month; 31 is its last day whatever its length.
    Days(u32, u32),
    Months(u32, u32),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum WeekPart {
    Day(i64),
    Whole,
    Weekend,
}

#[derive(Debug, Clone, Default)]
struct Parts {
    year: Option<i32>,
    /// The year was written with two digits ("19年3月"): read as 20xx, or 19xx if that is more
    /// than a year ahead ("86年10月").
    short_year: bool,
    rel_year: Option<i32>,
    month: Option<u32>,
    rel_month: Option<i32>,
    day: Option<u32>,
    /// A bare "N号" is a date only with a month or a time of day beside it ("18号楼" is not),
    /// or right after a joiner that follows a month ("3月1号到5号").
    day_needs_context: bool,
    /// The day told as one gone by ("10号那天"): the latest such day not after today.
    gone: bool,
    after_month: bool,
    /// After a span joiner after a clock time: a bare clock is the span's end.
    after_clock: bool,
    rel_day: Option<i64>,
    week: Option<(i64, WeekPart)>,
    /// A weekday with no 这/上/下 before it ("周日上午"): the latest one not after today.
    week_bare: bool,
    days_ago: Option<i64>,
    /// "三个月前", "两年前", "半年前": the same day so many months back.
    months_ago: Option<u32>,
    minutes_ago: Option<i64>,
    just_now: bool,
    /// "现在", "此刻": the call's moment, alone.
    now: bool,
    period: Option<Period>,
    hour: Option<u32>,
    minute: Option<u32>,
    /// "十点多": some time in the hour after.
    more: bool,
    /// "两三点": some time in the two hours from the first.
    two_hours: bool,
    /// A clock in Chinese numerals with nothing to vouch for it ("一点" is also "a little").
    weak_clock: bool,
    /// The clock was written on the 24-hour dial ("9:35", "15时30分"): its hour is as written,
    /// where "3点半" with no part of the day may be the afternoon's.
    clock_24: bool,
    recurring: bool,
    /// A recurring adverb seen; it needs a time after it.
    adverb: bool,
    vague: bool,
    /// A public holiday ("国庆期间"): the year's days off; only a time of day is read after
    /// it.
    holiday: Option<Holiday>,
    /// What the holiday's words name: its days off, its day, or either.
    holiday_named: holidays::Named,
    /// The holiday or lunar date is looked ahead to ("元旦前能不能修好", "快到春节了"): the
    /// next one.
    ahead: bool,
    /// A date on the Chinese calendar, month and day ("腊月二十八", "重阳节").
    lunar: Option<(u8, u8)>,
    /// Part of the month or the year named ("月初", "年底").
    portion: Option<Portion>,
}

impl Parts {
    fn has_date(&self) -> bool {
        self.holiday.is_some()
            || self.lunar.is_some()
            || self.year.is_some()
            || self.rel_year.is_some()
            || self.month.is_some()
            || self.rel_month.is_some()
            || self.day.is_some()
            || self.rel_day.is_some()
            || self.week.is_some()
            || self.days_ago.is_some()
            || self.months_ago.is_some()
    }

    /// Fill in what the text leaves to an earlier expression of the same sentence: the year
    /// of "4月2日" after "2019年3月26日"; the date of a bare time after a dated one ("2019年8月
    /// 28日……下午6时许"); and, right after a joiner ("下午5点至7点", "每天早上6点到9点",
    /// "9月17日、22日"), the part of the day, whether it recurs, and the month of a bare day.
    fn inherit(&mut self, prev: &Parts, joined: bool) {
        let explicit_year = self.year.is_some() || self.rel_year.is_some();
        if !explicit_year && self.month.is_some() && self.rel_month.is_none() {
            self.year = prev.year;
            self.rel_year = prev.rel_year;
        }
        let timed = self.hour.is_some() || self.period.is_some();
        // Only a day is taken: "明年要中考了，晚上别干了" is about evenings, not all next year.
        let prev_day = prev.day.is_some()
            || prev.rel_day.is_some()
            || prev.days_ago.is_some()
            || prev.months_ago.is_some()
            || matches!(prev.week, Some((_, WeekPart::Day(_))));
        if timed && !self.has_date() && prev_day {
            self.year = prev.year;
            self.rel_year = prev.rel_year;
            self.month = prev.month;
            self.rel_month = prev.rel_month;
            self.day = prev.day;
            self.day_needs_context = false;
            self.rel_day = prev.rel_day;
            self.week = prev.week;
            self.week_bare = prev.week_bare;
            self.days_ago = prev.days_ago;
        }
        if joined {
            // "9月17日、22日", "3月1日到5日": the day of the month before.
            if self.day.is_some() && !self.has_month() && !explicit_year && prev.has_month() {
                self.year = prev.year;
                self.rel_year = prev.rel_year;
                self.month = prev.month;
                self.rel_month = prev.rel_month;
            }
            if self.hour.is_some() && self.period.is_none() {
                self.period = prev.period;
            }
            self.recurring |= prev.recurring;
        }
    }

    /// What places an expression on the calendar, to tell what `inherit` gave it.
    fn date_fields(&self) -> impl PartialEq {
        (
            (self.year, self.rel_year, self.month, self.rel_month),
            (self.day, self.rel_day, self.week, self.days_ago),
        )
    }

    /// An expression of words alone, with no number: after 的 it is a noun ("安静的夜晚",
    /// "幸福生活的今天"), not a time.
    fn is_only_words(&self) -> bool {
        self.year.is_none()
            && self.month.is_none()
            && self.day.is_none()
            && self.hour.is_none()
            && self.days_ago.is_none()
            && self.minutes_ago.is_none()
    }

    /// Only a time of day ("晚上七点", "七点"), nothing of which day.
    fn time_of_day_only(&self) -> bool {
        (self.hour.is_some() || self.period.is_some())
            && !self.has_date()
            && !(self.now || self.just_now || self.vague)
            && self.minutes_ago.is_none()
    }

    /// "三个月前", "两天前": a date after it starts another expression ("一个月前8月14日").
    fn counted_back(&self) -> bool {
        self.days_ago.is_some() || self.months_ago.is_some()
    }

    /// A clock of 1 to 12 with no part of the day and not on the 24-hour dial ("3点半",
    /// "十点", "12点"): either half of the day's may be meant (see `resolve`; 12 alone is noon).
    fn bare_clock(&self) -> bool {
        self.period.is_none() && !self.clock_24 && self.hour.is_some_and(|h| (1..=12).contains(&h))
    }

    fn has_month(&self) -> bool {
        self.month.is_some() || self.rel_month.is_some()
    }

    /// Whether the parts read so far make a time expression worth reporting.
    fn complete(&self) -> bool {
        let anchored = self.has_date() || self.period.is_some() || self.recurring;
        let timed = anchored || self.hour.is_some() || self.vague || self.just_now || self.now;
        let timed = timed || self.minutes_ago.is_some();
        let weak = self.weak_clock && !anchored;
        let lonely_day = self.day_needs_context
            && !self.after_month
            && !self.has_month()
            && self.period.is_none()
            && self.hour.is_none();
        let lonely_adverb = self.adverb && !self.recurring_anchor();
        timed && !weak && !lonely_day && !lonely_adverb
    }

    fn recurring_anchor(&self) -> bool {
        self.period.is_some() || self.hour.is_some() || self.week.is_some() || self.has_date()
    }
}

#[cfg(test)]
mod tests;
