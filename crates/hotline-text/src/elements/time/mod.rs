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
mod parse;
mod resolve;
mod words;

use chrono::{DateTime, FixedOffset};
use serde::Serialize;

use super::numerals::is_numeral;
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

/// Every time expression of `text`, resolved against `now` (taken in China time).
pub fn find_times(text: &str, now: DateTime<FixedOffset>) -> Vec<TimeMention> {
    let now = now.with_timezone(&china());
    let chars: Vec<char> = text.chars().collect();
    let mut found = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        if let Some((end, parts)) = could_start(chars[i])
            .then(|| parse::parse(&chars, i))
            .flatten()
        {
            found.push(TimeMention {
                text: chars[i..end].iter().collect(),
                start: i,
                end,
                value: resolve::resolve(&parts, now),
            });
            i = end;
        } else {
            i += 1;
        }
    }
    found
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
                | '去'
        )
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
    rel_year: Option<i32>,
    month: Option<u32>,
    rel_month: Option<i32>,
    day: Option<u32>,
    /// A bare "N号" is a date only with a month or a time of day beside it ("18号楼" is not).
    day_needs_context: bool,
    rel_day: Option<i64>,
    week: Option<(i64, WeekPart)>,
    days_ago: Option<i64>,
    minutes_ago: Option<i64>,
    just_now: bool,
    period: Option<Period>,
    hour: Option<u32>,
    minute: Option<u32>,
    /// "十点多": some time in the hour after.
    more: bool,
    /// A clock in Chinese numerals with nothing to vouch for it ("一点" is also "a little").
    weak_clock: bool,
    recurring: bool,
    /// A recurring adverb seen; it needs a time after it.
    adverb: bool,
    vague: bool,
}

impl Parts {
    fn has_date(&self) -> bool {
        self.year.is_some()
            || self.rel_year.is_some()
            || self.month.is_some()
            || self.rel_month.is_some()
            || self.day.is_some()
            || self.rel_day.is_some()
            || self.week.is_some()
            || self.days_ago.is_some()
    }

    fn has_month(&self) -> bool {
        self.month.is_some() || self.rel_month.is_some()
    }

    /// Whether the parts read so far make a time expression worth reporting.
    fn complete(&self) -> bool {
        let anchored = self.has_date() || self.period.is_some() || self.recurring;
        let timed = anchored || self.hour.is_some() || self.vague || self.just_now;
        let timed = timed || self.minutes_ago.is_some();
        let weak = self.weak_clock && !anchored;
        let lonely_day = self.day_needs_context
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
