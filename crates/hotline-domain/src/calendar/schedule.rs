//! A year's holiday schedule as the State Council publishes it: the text and JSON forms, their
//! validation, and the dates the schedule sets.

use std::collections::BTreeSet;

use chrono::{Datelike, NaiveDate, Weekday};
use serde::{Deserialize, Serialize};

use super::{is_weekend, CalendarError, DayKind, SPILL_FROM_DAY};

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ScheduleProblem {
    #[error("missing `year` line before the first entry (write e.g. `year 2027`)")]
    MissingYear,
    #[error("`year` is given twice")]
    DuplicateYear,
    #[error("`{0}` is not a usable year")]
    BadYear(String),
    #[error("unknown keyword `{0}` (expected `year`, `holiday` or `workday`)")]
    UnknownKeyword(String),
    #[error("expected `{0}`")]
    Syntax(&'static str),
    #[error("`{0}` is not a date (expected YYYY-MM-DD)")]
    BadDate(String),
    #[error("a holiday or working day needs a name")]
    MissingName,
    #[error("the name `{0}` holds a control or invisible character")]
    BadName(String),
    #[error("{date} is outside {year} (a schedule covers its year and Dec 26–31 before it)")]
    OutsideYear { date: NaiveDate, year: i32 },
    #[error("range reversed: {start} is after {end}")]
    RangeReversed { start: NaiveDate, end: NaiveDate },
    #[error("{date} is both a holiday and a make-up working day")]
    HolidayAndWorkday { date: NaiveDate },
    #[error("{date} is listed twice")]
    Duplicate { date: NaiveDate },
    #[error("{date} is a {weekday}, already a working day; a make-up working day is a Saturday or Sunday")]
    WorkdayNotWeekend { date: NaiveDate, weekday: Weekday },
}

impl ScheduleProblem {
    /// The problem in Chinese, for the centre's staff.
    pub fn zh(&self) -> String {
        use ScheduleProblem as P;
        match self {
            P::MissingYear => "第一条之前缺少 year 行(如 year 2027)".into(),
            P::DuplicateYear => "year 写了两次".into(),
            P::BadYear(y) => format!("「{y}」不是可用的年份"),
            P::UnknownKeyword(k) => {
                format!("不认识的开头「{k}」(应为 year、holiday 或 workday)")
            }
            P::Syntax(what) => format!("格式应为「{what}」"),
            P::BadDate(d) => format!("「{d}」不是日期(应为 YYYY-MM-DD)"),
            P::MissingName => "节假日或调休上班日需要名称".into(),
            P::BadName(name) => format!("名称「{name}」含有控制字符或不可见字符,请删除"),
            P::OutsideYear { date, year } => {
                format!("{date} 不在 {year} 年内(一年的安排含该年及上一年 12 月 26–31 日)")
            }
            P::RangeReversed { start, end } => format!("起止颠倒:{start} 晚于 {end}"),
            P::HolidayAndWorkday { date } => format!("{date} 既是假日又是调休上班日"),
            P::Duplicate { date } => format!("{date} 列了两次"),
            P::WorkdayNotWeekend { date, .. } => {
                format!("{date} 本是工作日;调休上班日应为周六或周日")
            }
        }
    }
}

/// A run of holiday dates, both ends inclusive.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HolidaySpan {
    pub name: String,
    pub start: NaiveDate,
    pub end: NaiveDate,
}

/// A Saturday or Sunday that is a working day (调休).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MakeUpWorkday {
    pub name: String,
    pub date: NaiveDate,
}

/// One year's holiday schedule as published by the State Council.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct YearSchedule {
    pub year: i32,
    pub holidays: Vec<HolidaySpan>,
    pub make_up_workdays: Vec<MakeUpWorkday>,
}

/// Which entry of a schedule a problem is about, so the text parser can name its line.
enum Entry {
    Year,
    Holiday(usize),
    Workday(usize),
}

/// The years a schedule may be loaded for: hotlines began in the 1980s, and a schedule is
/// published a year ahead.
pub const SCHEDULE_YEARS: std::ops::RangeInclusive<i32> = 1980..=2199;

pub(super) fn schedule_window(year: i32) -> Option<(NaiveDate, NaiveDate)> {
    if !SCHEDULE_YEARS.contains(&year) {
        return None;
    }
    Some((
        NaiveDate::from_ymd_opt(year.checked_sub(1)?, 12, SPILL_FROM_DAY)?,
        NaiveDate::from_ymd_opt(year, 12, 31)?,
    ))
}

fn parse_date(text: &str) -> Result<NaiveDate, ScheduleProblem> {
    text.parse()
        .map_err(|_| ScheduleProblem::BadDate(text.to_owned()))
}

impl YearSchedule {
    /// Parses the line format: `year 2027`, `holiday <name> <date>[..<date>]` (inclusive),
    /// `workday <name> <date>`; `#` starts a comment.
    pub fn parse_text(text: &str) -> Result<Self, CalendarError> {
        let mut year: Option<(i32, usize)> = None;
        let (mut holidays, mut holiday_lines) = (Vec::new(), Vec::new());
        let (mut workdays, mut workday_lines) = (Vec::new(), Vec::new());
        for (index, raw) in text.lines().enumerate() {
            let line = index + 1;
            let at = |problem| CalendarError::Line { line, problem };
            let content = raw.split_once('#').map_or(raw, |(content, _)| content);
            let tokens: Vec<&str> = content.split_whitespace().collect();
            let Some((&keyword, rest)) = tokens.split_first() else {
                continue;
            };
            match keyword {
                "year" => {
                    if year.is_some() {
                        return Err(at(ScheduleProblem::DuplicateYear));
                    }
                    let [number] = rest else {
                        return Err(at(ScheduleProblem::Syntax("year <YYYY>")));
                    };
                    let parsed = number
                        .parse::<i32>()
                        .ok()
                        .filter(|&y| schedule_window(y).is_some())
                        .ok_or_else(|| at(ScheduleProblem::BadYear((*number).to_owned())))?;
                    year = Some((parsed, line));
                }
                "holiday" | "workday" => {
                    if year.is_none() {
                        return Err(at(ScheduleProblem::MissingYear));
                    }
                    let syntax = if keyword == "holiday" {
                        "holiday <name> <YYYY-MM-DD>[..<YYYY-MM-DD>]"
                    } else {
                        "workday <name> <YYYY-MM-DD>"
                    };
                    let Some((&dates, name)) = rest.split_last() else {
                        return Err(at(ScheduleProblem::Syntax(syntax)));
                    };
                    if name.is_empty() {
                        return Err(at(ScheduleProblem::MissingName));
                    }
                    let name = name.join(" ");
                    if keyword == "holiday" {
                        let (start, end) = dates.split_once("..").unwrap_or((dates, dates));
                        let start = parse_date(start).map_err(at)?;
                        let end = parse_date(end).map_err(at)?;
                        holidays.push(HolidaySpan { name, start, end });
                        holiday_lines.push(line);
                    } else {
                        workdays.push(MakeUpWorkday {
                            name,
                            date: parse_date(dates).map_err(at)?,
                        });
                        workday_lines.push(line);
                    }
                }
                other => return Err(at(ScheduleProblem::UnknownKeyword(other.to_owned()))),
            }
        }
        let Some((year, year_line)) = year else {
            return Err(CalendarError::Schedule(ScheduleProblem::MissingYear));
        };
        let schedule = YearSchedule {
            year,
            holidays,
            make_up_workdays: workdays,
        };
        schedule.check(true).map_err(|(entry, problem)| {
            let line = match entry {
                Entry::Year => year_line,
                Entry::Holiday(i) => holiday_lines[i],
                Entry::Workday(i) => workday_lines[i],
            };
            CalendarError::Line { line, problem }
        })?;
        Ok(schedule)
    }

    pub fn parse_json(json: &str) -> Result<Self, CalendarError> {
        let schedule: YearSchedule =
            serde_json::from_str(json).map_err(|e| CalendarError::Json(e.to_string()))?;
        schedule.validate_new()?;
        Ok(schedule)
    }

    pub fn to_text(&self) -> String {
        let mut text = format!("year {}\n", self.year);
        for h in &self.holidays {
            if h.start == h.end {
                text.push_str(&format!("holiday {} {}\n", h.name, h.start));
            } else {
                text.push_str(&format!("holiday {} {}..{}\n", h.name, h.start, h.end));
            }
        }
        for w in &self.make_up_workdays {
            text.push_str(&format!("workday {} {}\n", w.name, w.date));
        }
        text
    }

    /// Whether the schedule holds together: its dates in its year, ranges the right way round,
    /// no date twice, make-up days on weekends. A year stored before a rule on names is
    /// checked by this (and stays in force), not by `validate_new`.
    pub fn validate(&self) -> Result<(), CalendarError> {
        self.check(false)
            .map_err(|(_, problem)| CalendarError::Schedule(problem))
    }

    /// `validate`, and names that show as written (no control or invisible character): for a
    /// year someone gives now (the API, a command, a form).
    pub fn validate_new(&self) -> Result<(), CalendarError> {
        self.check(true)
            .map_err(|(_, problem)| CalendarError::Schedule(problem))
    }

    /// `validate`, with the names' characters checked when `new`.
    fn check(&self, new: bool) -> Result<(), (Entry, ScheduleProblem)> {
        let year = self.year;
        let (first, last) = schedule_window(year)
            .ok_or((Entry::Year, ScheduleProblem::BadYear(year.to_string())))?;
        let inside = |date: NaiveDate| (first..=last).contains(&date);
        let mut holiday_dates = BTreeSet::new();
        for (i, h) in self.holidays.iter().enumerate() {
            let at = |problem| (Entry::Holiday(i), problem);
            if h.name.trim().is_empty() {
                return Err(at(ScheduleProblem::MissingName));
            }
            if let Some(name) = unreadable_name(&h.name).filter(|_| new) {
                return Err(at(ScheduleProblem::BadName(name)));
            }
            for date in [h.start, h.end] {
                if !inside(date) {
                    return Err(at(ScheduleProblem::OutsideYear { date, year }));
                }
            }
            if h.start > h.end {
                return Err(at(ScheduleProblem::RangeReversed {
                    start: h.start,
                    end: h.end,
                }));
            }
            for date in h.start.iter_days().take_while(|d| *d <= h.end) {
                if !holiday_dates.insert(date) {
                    return Err(at(ScheduleProblem::Duplicate { date }));
                }
            }
        }
        let mut workday_dates = BTreeSet::new();
        for (i, w) in self.make_up_workdays.iter().enumerate() {
            let at = |problem| (Entry::Workday(i), problem);
            let date = w.date;
            if w.name.trim().is_empty() {
                return Err(at(ScheduleProblem::MissingName));
            }
            if let Some(name) = unreadable_name(&w.name).filter(|_| new) {
                return Err(at(ScheduleProblem::BadName(name)));
            }
            if !inside(date) {
                return Err(at(ScheduleProblem::OutsideYear { date, year }));
            }
            if holiday_dates.contains(&date) {
                return Err(at(ScheduleProblem::HolidayAndWorkday { date }));
            }
            if !is_weekend(date) {
                return Err(at(ScheduleProblem::WorkdayNotWeekend {
                    date,
                    weekday: date.weekday(),
                }));
            }
            if !workday_dates.insert(date) {
                return Err(at(ScheduleProblem::Duplicate { date }));
            }
        }
        Ok(())
    }

    /// Every date the schedule sets; only meaningful on a checked schedule.
    pub(super) fn days(&self) -> impl Iterator<Item = (NaiveDate, DayKind)> + '_ {
        let holidays = self.holidays.iter().flat_map(|h| {
            let kind = DayKind::Holiday {
                name: h.name.clone(),
            };
            h.start
                .iter_days()
                .take_while(move |d| *d <= h.end)
                .map(move |d| (d, kind.clone()))
        });
        let workdays = self.make_up_workdays.iter().map(|w| {
            (
                w.date,
                DayKind::MakeUpWorkday {
                    name: w.name.clone(),
                },
            )
        });
        holidays.chain(workdays)
    }
}

/// A name holding a control or invisible character, with those characters spelled out
/// (`元\u{0}旦`), or None for a name that shows as it is.
fn unreadable_name(name: &str) -> Option<String> {
    let hidden = |c: char| c.is_control() || crate::text::is_invisible(c);
    name.chars().any(hidden).then(|| {
        (name.chars())
            .map(|c| {
                if hidden(c) {
                    c.escape_unicode().to_string()
                } else {
                    c.to_string()
                }
            })
            .collect()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bad_schedules_name_the_line_and_the_problem() {
        let error = |text: &str| YearSchedule::parse_text(text).unwrap_err();
        let line = |text: &str| match error(text) {
            CalendarError::Line { line, problem } => (line, problem),
            other => panic!("expected a line error, got {other}"),
        };
        assert!(matches!(
            line("year 2027\nholiday 元旦 2027-13-01"),
            (2, ScheduleProblem::BadDate(_))
        ));
        for year in ["0", "1979", "2200", "262142"] {
            assert!(
                matches!(
                    line(&format!("year {year}")),
                    (1, ScheduleProblem::BadYear(_))
                ),
                "{year}"
            );
        }
        assert!(YearSchedule::parse_text("year 1980").is_ok());
        // A name with a character nobody sees is refused, the character spelled out.
        match line("year 2027\nholiday 元\u{1}旦 2027-01-01\nworkday 春节\u{200b}调休 2027-02-07")
        {
            (2, ScheduleProblem::BadName(name)) => assert_eq!(name, "元\\u{1}旦"),
            other => panic!("{other:?}"),
        }
        assert!(matches!(
            line("year 2027\nworkday 春节\u{200b}调休 2027-02-07"),
            (2, ScheduleProblem::BadName(_))
        ));
        // A year stored before the rule stays in force (`validate`, as loading it does).
        let stored = YearSchedule {
            year: 2027,
            holidays: vec![HolidaySpan {
                name: "元\u{200b}旦".into(),
                start: NaiveDate::from_ymd_opt(2027, 1, 1).expect("a date"),
                end: NaiveDate::from_ymd_opt(2027, 1, 1).expect("a date"),
            }],
            make_up_workdays: vec![],
        };
        assert!(stored.validate().is_ok());
        assert!(stored.validate_new().is_err());
        assert!(matches!(
            line("year 2027\n\nholiday 元旦 2028-01-01"),
            (3, ScheduleProblem::OutsideYear { .. })
        ));
        assert!(matches!(
            line("year 2027\nholiday 春节 2027-02-12..2027-02-05"),
            (2, ScheduleProblem::RangeReversed { .. })
        ));
        assert!(matches!(
            line("year 2027\nworkday 春节 2027-02-06\nholiday 春节 2027-02-05..2027-02-12"),
            (2, ScheduleProblem::HolidayAndWorkday { .. })
        ));
        assert!(matches!(
            line("year 2027\nvacation x 2027-01-01"),
            (2, ScheduleProblem::UnknownKeyword(_))
        ));
        assert!(matches!(
            line("holiday 元旦 2027-01-01\nyear 2027"),
            (1, ScheduleProblem::MissingYear)
        ));
        assert!(matches!(
            line("year 2027\nworkday 春节 2027-02-08"),
            (2, ScheduleProblem::WorkdayNotWeekend { .. })
        ));
        assert!(matches!(
            line("year 2027\nholiday 2027-01-01"),
            (2, ScheduleProblem::MissingName)
        ));
        assert_eq!(
            error("# nothing\n"),
            CalendarError::Schedule(ScheduleProblem::MissingYear)
        );
        assert_eq!(
            error("year 2027\nholiday 元旦 2027-1-x").to_string(),
            "line 2: `2027-1-x` is not a date (expected YYYY-MM-DD)"
        );
        // Said in Chinese to the centre's staff, both where a message carries both.
        let bad_date = error("year 2027\nholiday 元旦 2027-1-x");
        assert_eq!(
            bad_date.zh(),
            "第 2 行:「2027-1-x」不是日期(应为 YYYY-MM-DD)"
        );
        assert_eq!(
            bad_date.both(),
            "第 2 行:「2027-1-x」不是日期(应为 YYYY-MM-DD) / line 2: `2027-1-x` is not a date (expected YYYY-MM-DD)"
        );
        assert!(YearSchedule::parse_json(
            r#"{"year":2027,"holidays":[],"make_up_workdays":[{"name":"x","date":"2027-03-01"}]}"#
        )
        .is_err());
    }
}
