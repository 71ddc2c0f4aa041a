//! China's working-day calendar: holidays, make-up working days (调休), working hours, and exact
//! working-time arithmetic for deadlines. `WorkCalendar` (here) answers "is this a working day"
//! and "when do N working seconds run out"; `schedule` parses and checks one year's published
//! schedule (`YearSchedule`); `hours` holds the working spans of a day (`WorkingHours`).

use std::collections::{BTreeMap, BTreeSet};

use chrono::{
    DateTime, Datelike, Days, FixedOffset, NaiveDate, NaiveDateTime, NaiveTime, TimeDelta, Utc,
    Weekday,
};
use serde::{Deserialize, Serialize};

mod hours;
mod schedule;

pub use hours::{WorkingHours, WorkingSpan};
pub use schedule::{HolidaySpan, MakeUpWorkday, ScheduleProblem, YearSchedule};

use hours::nanos_of_day;
use schedule::schedule_window;

/// China Standard Time: UTC+8 all year, no daylight saving.
pub const CHINA_STANDARD_TIME: FixedOffset =
    FixedOffset::east_opt(OFFSET_SECS as i32).expect("UTC+8 is a valid offset");
const OFFSET_SECS: i64 = 8 * 3600;

/// [`CHINA_STANDARD_TIME`], for callers that format local times.
pub fn china_offset() -> FixedOffset {
    CHINA_STANDARD_TIME
}
const NANOS: i64 = 1_000_000_000;
/// The State Council's schedule for year Y may move days at the very end of Y-1 (e.g. 2018-12-29
/// was a make-up working day for New Year 2019), so a schedule covers Dec 26 of Y-1 to Dec 31 of
/// Y, and the last days of December are only official once the next year's schedule is loaded.
const SPILL_FROM_DAY: u32 = 26;

/// What kind of day a date is in China's working calendar.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum DayKind {
    Workday,
    Weekend,
    Holiday { name: String },
    MakeUpWorkday { name: String },
}

impl DayKind {
    pub fn is_working(&self) -> bool {
        match self {
            DayKind::Workday | DayKind::MakeUpWorkday { .. } => true,
            DayKind::Weekend | DayKind::Holiday { .. } => false,
        }
    }
}

/// Whether a day's kind comes from a published schedule or from the Mon–Fri guess.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DataSource {
    Official,
    Fallback,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CalendarError {
    #[error("line {line}: {problem}")]
    Line {
        line: usize,
        problem: ScheduleProblem,
    },
    #[error("{0}")]
    Schedule(ScheduleProblem),
    #[error("malformed schedule JSON: {0}")]
    Json(String),
    #[error(
        "{date} already belongs to the {owner} schedule, so the {year} schedule cannot set it"
    )]
    Conflict {
        date: NaiveDate,
        owner: i32,
        year: i32,
    },
    #[error("working hours need at least one span")]
    NoWorkingHours,
    #[error("working span {start}–{end} must end after it starts")]
    EmptySpan { start: NaiveTime, end: NaiveTime },
    #[error("working span starting {start} overlaps or comes before the previous span")]
    SpansOutOfOrder { start: NaiveTime },
}

impl CalendarError {
    /// The error in Chinese, for the centre's staff.
    pub fn zh(&self) -> String {
        match self {
            CalendarError::Line { line, problem } => format!("第 {line} 行:{}", problem.zh()),
            CalendarError::Schedule(p) => p.zh(),
            CalendarError::Json(e) => format!("节假日安排的 JSON 格式有误:{e}"),
            CalendarError::Conflict { date, owner, year } => {
                format!("{date} 已由 {owner} 年的安排设定,{year} 年的安排不能再设")
            }
            CalendarError::NoWorkingHours => "工作时间至少要有一段".into(),
            CalendarError::EmptySpan { start, end } => {
                format!("工作时间 {start}–{end} 的结束应晚于开始")
            }
            CalendarError::SpansOutOfOrder { start } => {
                format!("从 {start} 开始的一段与前一段重叠或排在其前")
            }
        }
    }

    /// Chinese, then English after " / ", as the service's messages are.
    pub fn both(&self) -> String {
        format!("{} / {self}", self.zh())
    }
}

fn is_weekend(date: NaiveDate) -> bool {
    matches!(date.weekday(), Weekday::Sat | Weekday::Sun)
}

/// A projected deadline and the schedule years that were missing when it was computed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Deadline {
    pub at: DateTime<Utc>,
    /// Years whose official schedule was not loaded; non-empty means "guessed Mon–Fri, warn".
    pub fallback_years: Vec<i32>,
}

#[derive(Debug, Clone)]
struct Override {
    kind: DayKind,
    /// The schedule year that set this date (it differs from the date's year for Dec 26–31).
    owner: i32,
}

/// China's working calendar: official schedules per year, Mon–Fri fallback, working hours.
#[derive(Debug, Clone)]
pub struct WorkCalendar {
    /// Invariant: holds only `Holiday` and `MakeUpWorkday` kinds.
    overrides: BTreeMap<NaiveDate, Override>,
    years: BTreeSet<i32>,
    hours: WorkingHours,
}

fn to_local(t: DateTime<Utc>) -> (NaiveDate, i64) {
    let local = t
        .naive_utc()
        .checked_add_signed(TimeDelta::seconds(OFFSET_SECS))
        .unwrap_or(NaiveDateTime::MAX);
    (local.date(), nanos_of_day(local.time()))
}

fn from_local(date: NaiveDate, ns: i64) -> DateTime<Utc> {
    let secs = u32::try_from(ns / NANOS).unwrap_or(0);
    let time = NaiveTime::from_num_seconds_from_midnight_opt(secs, (ns % NANOS) as u32)
        .unwrap_or(NaiveTime::MIN);
    date.and_time(time)
        .checked_sub_signed(TimeDelta::seconds(OFFSET_SECS))
        .map_or(DateTime::<Utc>::MIN_UTC, |utc| utc.and_utc())
}

/// Mon–Fri days in `[from, to)`.
fn weekdays_in(from: NaiveDate, to: NaiveDate) -> i64 {
    let days = (to - from).num_days().max(0);
    let first = i64::from(from.weekday().num_days_from_monday());
    let partial = (0..days % 7).filter(|i| (first + i) % 7 < 5).count() as i64;
    days / 7 * 5 + partial
}

/// The `k`-th (0-based) Mon–Fri day on or after `from`.
fn nth_weekday_from(from: NaiveDate, k: u64) -> Option<NaiveDate> {
    let skip = match from.weekday() {
        Weekday::Sat => 2,
        Weekday::Sun => 1,
        _ => 0,
    };
    let monday_based = from.checked_add_days(Days::new(skip))?;
    let weekday = u64::from(monday_based.weekday().num_days_from_monday());
    let rem = k % 5;
    let weekend = if weekday + rem >= 5 { 2 } else { 0 };
    let days = (k / 5).checked_mul(7)?.checked_add(rem + weekend)?;
    monday_based.checked_add_days(Days::new(days))
}

fn from_crate_kind(kind: chinese_holiday::DayKind) -> Option<DayKind> {
    use chinese_holiday::DayKind as C;
    let holiday = |name: &str| {
        Some(DayKind::Holiday {
            name: name.to_owned(),
        })
    };
    let workday = |name: &str| {
        Some(DayKind::MakeUpWorkday {
            name: name.to_owned(),
        })
    };
    match kind {
        C::NormalWorkday | C::NormalHoliday => None,
        C::NewYearsDayHoliday => holiday("元旦"),
        C::NewYearsDayWorkday => workday("元旦"),
        C::SpringFestivalHoliday => holiday("春节"),
        C::SpringFestivalWorkday => workday("春节"),
        C::ChingMingFestivalHoliday => holiday("清明节"),
        C::ChingMingFestivalWorkday => workday("清明节"),
        C::InternationalWorkersDayHoliday => holiday("劳动节"),
        C::InternationalWorkersDayWorkday => workday("劳动节"),
        C::DragonBoatFestivalHoliday => holiday("端午节"),
        C::DragonBoatFestivalWorkday => workday("端午节"),
        C::MidAutumnFestivalHoliday => holiday("中秋节"),
        C::MidAutumnFestivalWorkday => workday("中秋节"),
        C::NationalDayHoliday => holiday("国庆节"),
        C::NationalDayWorkday => workday("国庆节"),
        C::OtherHoliday => holiday("其他"),
        C::OtherWorkday => workday("其他"),
    }
}

impl WorkCalendar {
    /// A calendar without official data: every date falls back to Mon–Fri.
    pub fn new(hours: WorkingHours) -> Self {
        Self {
            overrides: BTreeMap::new(),
            years: BTreeSet::new(),
            hours,
        }
    }

    /// Every year the `chinese_holiday` crate knows (2004–2026), with default working hours.
    pub fn china() -> Self {
        let mut calendar = Self::new(WorkingHours::default());
        // The crate panics outside 2004-01-01..=2026-12-25; its December 26–31 depend on the
        // next year's schedule, which it does not have.
        let (Some(first), Some(last)) = (
            NaiveDate::from_ymd_opt(2004, 1, 1),
            NaiveDate::from_ymd_opt(2026, 12, 25),
        ) else {
            return calendar;
        };
        for date in first.iter_days().take_while(|d| *d <= last) {
            let ymd = (date.year() as u16, date.month() as u8, date.day() as u8);
            let crate_kind = chinese_holiday::chinese_holiday(ymd);
            let Some(kind) = from_crate_kind(crate_kind) else {
                continue;
            };
            let new_year = matches!(
                crate_kind,
                chinese_holiday::DayKind::NewYearsDayHoliday
                    | chinese_holiday::DayKind::NewYearsDayWorkday
            );
            let owner = if new_year && date.month() == 12 {
                date.year() + 1
            } else {
                date.year()
            };
            calendar.overrides.insert(date, Override { kind, owner });
        }
        calendar.years.extend(2004..=2026);
        calendar
    }

    pub fn with_working_hours(mut self, hours: WorkingHours) -> Self {
        self.hours = hours;
        self
    }

    pub fn working_hours(&self) -> &WorkingHours {
        &self.hours
    }

    /// Load each of `years` that fits with those loaded before it; each that does not is left
    /// out and returned with why (stored years that clash, as two processes saving at once
    /// can leave them).
    pub fn load_years(
        &mut self,
        years: impl IntoIterator<Item = YearSchedule>,
    ) -> Vec<(i32, CalendarError)> {
        let mut left_out = Vec::new();
        for schedule in years {
            let year = schedule.year;
            if let Err(e) = self.load_year(schedule) {
                left_out.push((year, e));
            }
        }
        left_out
    }

    /// Replaces everything `schedule.year` said before; loading the same schedule twice is a no-op.
    pub fn load_year(&mut self, schedule: YearSchedule) -> Result<(), CalendarError> {
        schedule.validate()?;
        let year = schedule.year;
        for (date, _) in schedule.days() {
            if let Some(existing) = self.overrides.get(&date).filter(|o| o.owner != year) {
                return Err(CalendarError::Conflict {
                    date,
                    owner: existing.owner,
                    year,
                });
            }
        }
        if let Some((first, last)) = schedule_window(year) {
            let stale: Vec<NaiveDate> = self
                .overrides
                .range(first..=last)
                .filter(|(_, o)| o.owner == year)
                .map(|(d, _)| *d)
                .collect();
            for date in stale {
                self.overrides.remove(&date);
            }
        }
        for (date, kind) in schedule.days() {
            self.overrides.insert(date, Override { kind, owner: year });
        }
        self.years.insert(year);
        Ok(())
    }

    /// The loaded schedule for `year`, or `None` when there is no official data for it.
    pub fn year_schedule(&self, year: i32) -> Option<YearSchedule> {
        if !self.years.contains(&year) {
            return None;
        }
        let (first, last) = schedule_window(year)?;
        let mut schedule = YearSchedule {
            year,
            holidays: Vec::new(),
            make_up_workdays: Vec::new(),
        };
        for (&date, o) in self
            .overrides
            .range(first..=last)
            .filter(|(_, o)| o.owner == year)
        {
            match &o.kind {
                DayKind::Holiday { name } => match schedule.holidays.last_mut() {
                    Some(span) if span.name == *name && span.end.succ_opt() == Some(date) => {
                        span.end = date;
                    }
                    _ => schedule.holidays.push(HolidaySpan {
                        name: name.clone(),
                        start: date,
                        end: date,
                    }),
                },
                DayKind::MakeUpWorkday { name } => {
                    schedule.make_up_workdays.push(MakeUpWorkday {
                        name: name.clone(),
                        date,
                    });
                }
                DayKind::Workday | DayKind::Weekend => {}
            }
        }
        Some(schedule)
    }

    /// Years with an official schedule, ascending.
    pub fn known_years(&self) -> Vec<i32> {
        self.years.iter().copied().collect()
    }

    pub fn has_official_data(&self, year: i32) -> bool {
        self.years.contains(&year)
    }

    pub fn day_kind(&self, date: NaiveDate) -> (DayKind, DataSource) {
        let kind = match self.overrides.get(&date) {
            Some(o) => o.kind.clone(),
            None if is_weekend(date) => DayKind::Weekend,
            None => DayKind::Workday,
        };
        let source = if self.missing_schedule(date).is_some() {
            DataSource::Fallback
        } else {
            DataSource::Official
        };
        (kind, source)
    }

    pub fn is_working_day(&self, date: NaiveDate) -> bool {
        match self.overrides.get(&date) {
            Some(o) => o.kind.is_working(),
            None => !is_weekend(date),
        }
    }

    /// The schedule year whose absence makes `date` a guess.
    fn missing_schedule(&self, date: NaiveDate) -> Option<i32> {
        let year = date.year();
        if !self.years.contains(&year) {
            Some(year)
        } else if date.month() == 12
            && date.day() >= SPILL_FROM_DAY
            && !self.years.contains(&(year + 1))
        {
            Some(year + 1)
        } else {
            None
        }
    }

    /// The schedule years missing for any date between `a` and `b` (either order), ascending.
    pub fn fallback_years_between(&self, a: DateTime<Utc>, b: DateTime<Utc>) -> Vec<i32> {
        let (first, _) = to_local(a.min(b));
        let (last, _) = to_local(a.max(b));
        let mut missing = BTreeSet::new();
        for year in first.year()..=last.year() {
            if !self.years.contains(&year) {
                missing.insert(year);
            }
            let spill = NaiveDate::from_ymd_opt(year, 12, SPILL_FROM_DAY);
            if spill.is_some_and(|s| last >= s) && !self.years.contains(&(year + 1)) {
                missing.insert(year + 1);
            }
        }
        missing.into_iter().collect()
    }

    /// Length of one working day in seconds (27 000 = 7.5 h by default).
    pub fn working_day_seconds(&self) -> i64 {
        self.hours.day_seconds()
    }

    /// Working days in `[from, to)`.
    fn working_days_in(&self, from: NaiveDate, to: NaiveDate) -> i64 {
        let adjust: i64 = self
            .overrides
            .range(from..to.max(from))
            .map(|(d, o)| i64::from(o.kind.is_working()) - i64::from(!is_weekend(*d)))
            .sum();
        weekdays_in(from, to) + adjust
    }

    fn worked_on(&self, date: NaiveDate, ns: i64) -> i64 {
        if self.is_working_day(date) {
            self.hours.worked_before(ns)
        } else {
            0
        }
    }

    /// Working seconds inside working hours of working days between `a` and `b`; negative if
    /// `b` is before `a`. Sub-second remainders are dropped.
    pub fn working_seconds_between(&self, a: DateTime<Utc>, b: DateTime<Utc>) -> i64 {
        if b < a {
            return self.working_seconds_between(b, a).saturating_neg();
        }
        let (from_date, from_ns) = to_local(a);
        let (to_date, to_ns) = to_local(b);
        let nanos = i128::from(self.working_days_in(from_date, to_date))
            * i128::from(self.hours.day_nanos())
            + i128::from(self.worked_on(to_date, to_ns))
            - i128::from(self.worked_on(from_date, from_ns));
        i64::try_from(nanos / i128::from(NANOS)).unwrap_or(i64::MAX)
    }

    /// The earliest instant at which `secs` working seconds have elapsed after `start`; `secs ≤ 0`
    /// gives `start`. Saturates at the end of chrono's range.
    pub fn add_working_seconds(&self, start: DateTime<Utc>, secs: i64) -> DateTime<Utc> {
        if secs <= 0 {
            return start;
        }
        let (start_date, start_ns) = to_local(start);
        let day = i128::from(self.hours.day_nanos());
        let target =
            i128::from(self.worked_on(start_date, start_ns)) + i128::from(secs) * i128::from(NANOS);
        // The answer lies on the `index`-th working day counted from start_date (inclusive),
        // `into_day` nanoseconds into its working time, with 0 < into_day ≤ day.
        let index = (target - 1) / day;
        let into_day = target - index * day;
        match self.nth_working_day_from(start_date, index) {
            Some(date) => from_local(date, self.hours.time_when_worked(into_day as i64)),
            None => DateTime::<Utc>::MAX_UTC,
        }
    }

    /// `add_working_seconds` together with the schedule years it had to guess.
    pub fn deadline(&self, start: DateTime<Utc>, secs: i64) -> Deadline {
        let at = self.add_working_seconds(start, secs);
        Deadline {
            at,
            fallback_years: self.fallback_years_between(start, at),
        }
    }

    /// The `index`-th (0-based) working day on or after `from`; skips override-free stretches
    /// arithmetically so the cost grows with the holidays crossed, not the days.
    fn nth_working_day_from(&self, mut from: NaiveDate, mut index: i128) -> Option<NaiveDate> {
        loop {
            let next = self.overrides.range(from..).next().map(|(d, _)| *d);
            let plain = i128::from(weekdays_in(from, next.unwrap_or(NaiveDate::MAX)));
            if index < plain {
                return nth_weekday_from(from, u64::try_from(index).ok()?);
            }
            let special = next?;
            index -= plain;
            if self.is_working_day(special) {
                if index == 0 {
                    return Some(special);
                }
                index -= 1;
            }
            from = special.succ_opt()?;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    fn cst(y: i32, m: u32, d: u32, h: u32, min: u32) -> DateTime<Utc> {
        date(y, m, d)
            .and_hms_opt(h, min, 0)
            .unwrap()
            .and_local_timezone(CHINA_STANDARD_TIME)
            .unwrap()
            .to_utc()
    }

    fn holiday(name: &str) -> DayKind {
        DayKind::Holiday { name: name.into() }
    }

    fn make_up(name: &str) -> DayKind {
        DayKind::MakeUpWorkday { name: name.into() }
    }

    #[test]
    fn the_2026_schedule_matches_the_state_council() {
        let cal = WorkCalendar::china();
        for d in date(2026, 2, 15).iter_days().take(9) {
            assert_eq!(
                cal.day_kind(d),
                (holiday("春节"), DataSource::Official),
                "{d}"
            );
        }
        assert_eq!(cal.day_kind(date(2026, 2, 14)).0, make_up("春节"));
        assert_eq!(cal.day_kind(date(2026, 2, 28)).0, make_up("春节"));
        assert_eq!(cal.day_kind(date(2026, 2, 24)).0, DayKind::Workday);
        for d in date(2026, 10, 1).iter_days().take(7) {
            assert_eq!(cal.day_kind(d).0, holiday("国庆节"), "{d}");
        }
        assert_eq!(cal.day_kind(date(2026, 9, 20)).0, make_up("国庆节"));
        assert_eq!(cal.day_kind(date(2026, 10, 10)).0, make_up("国庆节"));
        for d in date(2026, 1, 1).iter_days().take(3) {
            assert_eq!(cal.day_kind(d).0, holiday("元旦"), "{d}");
        }
        assert_eq!(cal.day_kind(date(2026, 1, 4)).0, make_up("元旦"));
        assert_eq!(cal.day_kind(date(2026, 3, 7)).0, DayKind::Weekend);
        assert_eq!(cal.known_years(), (2004..=2026).collect::<Vec<_>>());
    }

    #[test]
    fn a_new_year_make_up_day_in_december_belongs_to_the_next_years_schedule() {
        let cal = WorkCalendar::china();
        let s2019 = cal.year_schedule(2019).unwrap();
        assert_eq!(s2019.holidays[0].start, date(2018, 12, 30));
        assert_eq!(s2019.make_up_workdays[0].date, date(2018, 12, 29));
        assert!(cal
            .year_schedule(2018)
            .unwrap()
            .holidays
            .iter()
            .all(|h| h.end.year() == 2018 && h.end.month() < 12));
    }

    #[test]
    fn three_working_days_from_the_thursday_before_spring_festival_count_the_make_up_saturday() {
        let cal = WorkCalendar::china();
        let start = cst(2026, 2, 12, 10, 0);
        let deadline = cal.deadline(start, 3 * cal.working_day_seconds());
        // Thu 6h + Fri 7.5h + Sat 14th (调休) 7.5h, holiday 15th–23rd, then 1.5h on Tue 24th.
        assert_eq!(deadline.at, cst(2026, 2, 24, 10, 0));
        assert!(deadline.fallback_years.is_empty());
        assert_eq!(cal.working_seconds_between(start, deadline.at), 3 * 27_000);
    }

    #[test]
    fn a_one_working_hour_clock_started_friday_evening_runs_out_monday_morning() {
        let cal = WorkCalendar::china();
        let start = cst(2026, 11, 20, 17, 20);
        assert_eq!(
            cal.add_working_seconds(start, 3600),
            cst(2026, 11, 23, 9, 20)
        );
        assert_eq!(
            cal.working_seconds_between(start, cst(2026, 11, 23, 9, 20)),
            3600
        );
        assert_eq!(
            cal.working_seconds_between(cst(2026, 11, 23, 9, 20), start),
            -3600
        );
        // A budget that ends exactly at closing time ends then, not on the next morning.
        assert_eq!(
            cal.add_working_seconds(start, 600),
            cst(2026, 11, 20, 17, 30)
        );
        // Started at the weekend, the clock starts at the next working period.
        assert_eq!(
            cal.add_working_seconds(cst(2026, 11, 21, 12, 0), 60),
            cst(2026, 11, 23, 8, 31)
        );
    }

    #[test]
    fn years_without_a_schedule_fall_back_to_monday_to_friday_and_say_so() {
        let cal = WorkCalendar::china();
        assert_eq!(
            cal.day_kind(date(2031, 3, 3)),
            (DayKind::Workday, DataSource::Fallback)
        );
        assert_eq!(cal.day_kind(date(2026, 12, 28)).1, DataSource::Fallback);
        assert_eq!(cal.day_kind(date(2026, 12, 25)).1, DataSource::Official);
        let d = cal.deadline(cst(2031, 3, 3, 8, 30), 5 * 27_000);
        assert_eq!(d.at, cst(2031, 3, 7, 17, 30));
        assert_eq!(d.fallback_years, vec![2031]);
        assert_eq!(
            cal.deadline(cst(2026, 12, 21, 9, 0), 10 * 27_000)
                .fallback_years,
            vec![2027]
        );
        assert_eq!(
            cal.fallback_years_between(cst(2026, 6, 1, 9, 0), cst(2026, 12, 1, 9, 0)),
            Vec::<i32>::new()
        );
    }

    const FIXTURE_2027: &str = "# test fixture, not the official 2027 schedule\n\
        year 2027\n\
        holiday 元旦 2027-01-01..2027-01-03\n\
        \n\
        holiday 春节 2027-02-05..2027-02-12  # eight days\n\
        workday 春节 2027-02-14\n\
        workday 国庆节 2027-09-26\n";

    #[test]
    fn a_parsed_2027_schedule_loads_and_changes_day_kinds() {
        let mut cal = WorkCalendar::china();
        assert_eq!(
            cal.day_kind(date(2027, 2, 8)),
            (DayKind::Workday, DataSource::Fallback)
        );
        let schedule = YearSchedule::parse_text(FIXTURE_2027).unwrap();
        assert_eq!(schedule.holidays.len(), 2);
        cal.load_year(schedule.clone()).unwrap();
        assert_eq!(
            cal.day_kind(date(2027, 2, 8)),
            (holiday("春节"), DataSource::Official)
        );
        assert_eq!(cal.day_kind(date(2027, 2, 14)).0, make_up("春节"));
        assert_eq!(cal.day_kind(date(2026, 12, 28)).1, DataSource::Official);
        assert!(cal.known_years().contains(&2027));
        cal.load_year(schedule.clone()).unwrap();
        assert_eq!(cal.year_schedule(2027), Some(schedule.clone()));
        assert_eq!(
            YearSchedule::parse_text(&schedule.to_text()).unwrap(),
            schedule
        );
        let json = serde_json::to_string(&schedule).unwrap();
        assert_eq!(YearSchedule::parse_json(&json).unwrap(), schedule);
        // Reloading replaces the year entirely.
        cal.load_year(YearSchedule::parse_text("year 2027\nholiday 元旦 2027-01-01").unwrap())
            .unwrap();
        assert_eq!(cal.day_kind(date(2027, 2, 8)).0, DayKind::Workday);
        assert_eq!(cal.day_kind(date(2027, 2, 14)).0, DayKind::Weekend);
    }

    /// Independent reference: overlap of `[a, b)` with every working span, day by day.
    fn brute_force_between(cal: &WorkCalendar, a: DateTime<Utc>, b: DateTime<Utc>) -> i64 {
        let (first, _) = to_local(a);
        let (last, _) = to_local(b);
        let mut total = 0;
        for d in first
            .iter_days()
            .take_while(|d| *d <= last)
            .filter(|d| cal.is_working_day(*d))
        {
            for span in cal.working_hours().spans() {
                let open = d
                    .and_time(span.start)
                    .and_local_timezone(CHINA_STANDARD_TIME)
                    .unwrap()
                    .to_utc();
                let close = d
                    .and_time(span.end)
                    .and_local_timezone(CHINA_STANDARD_TIME)
                    .unwrap()
                    .to_utc();
                total += (close.min(b) - open.max(a)).num_seconds().max(0);
            }
        }
        total
    }

    fn instant() -> impl Strategy<Value = DateTime<Utc>> {
        // 2025-06 to 2032: official years, the unknown end of 2026, and fallback years.
        (1_748_736_000i64..1_956_528_000).prop_map(|s| DateTime::from_timestamp(s, 0).unwrap())
    }

    proptest! {
        #[test]
        fn adding_then_measuring_gives_back_the_budget(start in instant(), n in 0i64..80 * 27_000, m in 0i64..27_000) {
            let cal = WorkCalendar::china();
            let end = cal.add_working_seconds(start, n);
            prop_assert_eq!(cal.working_seconds_between(start, end), n);
            prop_assert!(cal.add_working_seconds(start, n + m) >= end);
        }

        #[test]
        fn measuring_matches_a_day_by_day_reference(a in instant(), len in 0i64..40 * 86_400) {
            let cal = WorkCalendar::china();
            let b = a + TimeDelta::seconds(len);
            prop_assert_eq!(cal.working_seconds_between(a, b), brute_force_between(&cal, a, b));
        }
    }
}
