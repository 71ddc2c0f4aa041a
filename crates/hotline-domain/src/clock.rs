//! The clocks of a ticket (sign-for, return window, handling, visit): budgets in working or natural
//! time, paused while the ticket is suspended, extended on approval, coloured green/yellow/red.

use chrono::{DateTime, TimeDelta, Utc};
use serde::{Deserialize, Serialize};

use crate::calendar::WorkCalendar;

/// Share of the budget after which a clock turns yellow, unless the policy says otherwise.
pub const DEFAULT_WARN_SHARE: f64 = 0.7;

/// How much time a clock may run, and how that time is measured.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "measure", content = "seconds", rename_all = "snake_case")]
pub enum Budget {
    /// Seconds inside working hours of working days, on the calendar.
    WorkingSeconds(i64),
    /// Wall-clock seconds: an emergency does not wait for Monday.
    NaturalSeconds(i64),
}

impl Budget {
    pub fn seconds(self) -> i64 {
        match self {
            Budget::WorkingSeconds(s) | Budget::NaturalSeconds(s) => s,
        }
    }

    fn with_seconds(self, seconds: i64) -> Self {
        match self {
            Budget::WorkingSeconds(_) => Budget::WorkingSeconds(seconds),
            Budget::NaturalSeconds(_) => Budget::NaturalSeconds(seconds),
        }
    }

    /// Time spent between `from` and `to` in this budget's measure; zero if `to` is not later.
    fn elapsed(self, from: DateTime<Utc>, to: DateTime<Utc>, cal: &WorkCalendar) -> i64 {
        if to <= from {
            return 0;
        }
        match self {
            Budget::WorkingSeconds(_) => cal.working_seconds_between(from, to),
            Budget::NaturalSeconds(_) => (to - from).num_seconds(),
        }
    }

    /// The earliest instant at which `seconds` (≤ 0 means none) have been spent after `from`.
    fn project(self, from: DateTime<Utc>, seconds: i64, cal: &WorkCalendar) -> DateTime<Utc> {
        let seconds = seconds.max(0);
        match self {
            Budget::WorkingSeconds(_) => cal.add_working_seconds(from, seconds),
            Budget::NaturalSeconds(_) => TimeDelta::try_seconds(seconds)
                .and_then(|delta| from.checked_add_signed(delta))
                .unwrap_or(DateTime::<Utc>::MAX_UTC),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ClockColour {
    Green,
    Yellow,
    Red,
}

/// The clocks a ticket keeps.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ClockKind {
    SignFor,
    ReturnWindow,
    Handling,
    Visit,
}

impl ClockKind {
    pub const ALL: [ClockKind; 4] = [
        ClockKind::SignFor,
        ClockKind::ReturnWindow,
        ClockKind::Handling,
        ClockKind::Visit,
    ];

    pub fn label_zh(self) -> &'static str {
        match self {
            ClockKind::SignFor => "签收",
            ClockKind::ReturnWindow => "退单时限",
            ClockKind::Handling => "办理",
            ClockKind::Visit => "回访",
        }
    }
}

/// One clock. Invariants: `due_at`/`warn_at` are `Some` exactly while `running_since` is; a
/// stopped clock (`stopped_at`) is not running; `consumed` counts time up to `running_since`.
/// Transitions that do not apply (pausing a paused clock, resuming a stopped one) change nothing.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Clock {
    pub budget: Budget,
    /// Seconds spent in the budget's measure before the current run.
    pub consumed: i64,
    pub running_since: Option<DateTime<Utc>>,
    /// When the budget runs out if the clock keeps running; never before `running_since`.
    pub due_at: Option<DateTime<Utc>>,
    /// When the clock turns yellow if it keeps running; `running_since` if it already has.
    pub warn_at: Option<DateTime<Utc>>,
    pub started_at: DateTime<Utc>,
    pub stopped_at: Option<DateTime<Utc>>,
    /// In `[0, 1]`.
    pub warn_share: f64,
}

impl Clock {
    /// A running clock. A `warn_share` outside `[0, 1]` is clamped, NaN means the default 0.7, and
    /// a negative budget counts as zero.
    pub fn start(budget: Budget, now: DateTime<Utc>, cal: &WorkCalendar, warn_share: f64) -> Clock {
        let warn_share = if warn_share.is_nan() {
            DEFAULT_WARN_SHARE
        } else {
            warn_share.clamp(0.0, 1.0)
        };
        let mut clock = Clock {
            budget: budget.with_seconds(budget.seconds().max(0)),
            consumed: 0,
            running_since: Some(now),
            due_at: None,
            warn_at: None,
            started_at: now,
            stopped_at: None,
            warn_share,
        };
        clock.project(cal);
        clock
    }

    pub fn is_running(&self) -> bool {
        self.running_since.is_some()
    }

    /// Seconds consumed by `now`, in the budget's measure.
    pub fn consumed_at(&self, now: DateTime<Utc>, cal: &WorkCalendar) -> i64 {
        let running = self
            .running_since
            .map_or(0, |since| self.budget.elapsed(since, now, cal));
        self.consumed.saturating_add(running)
    }

    /// Consumed seconds at which the clock turns yellow.
    pub fn warn_threshold(&self) -> i64 {
        // `as` saturates; the ceiling makes "consumed ≥ share × budget" exact on whole seconds.
        (self.warn_share * self.budget.seconds() as f64).ceil() as i64
    }

    /// Suspension: banks the time spent so far; the clock does not run until `resume`.
    pub fn pause(&mut self, now: DateTime<Utc>, cal: &WorkCalendar) {
        if self.running_since.is_some() {
            self.consumed = self.consumed_at(now, cal);
            self.running_since = None;
            self.project(cal);
        }
    }

    /// Runs a paused clock again from `now` with what is left of the budget.
    pub fn resume(&mut self, now: DateTime<Utc>, cal: &WorkCalendar) {
        if self.running_since.is_none() && self.stopped_at.is_none() {
            self.running_since = Some(now);
            self.project(cal);
        }
    }

    /// An approved extension: `extra_seconds` in the budget's own measure (negative counts as zero).
    pub fn extend(&mut self, extra_seconds: i64, cal: &WorkCalendar) {
        if self.stopped_at.is_none() {
            let seconds = self.budget.seconds().saturating_add(extra_seconds.max(0));
            self.budget = self.budget.with_seconds(seconds);
            self.project(cal);
        }
    }

    /// An approved extension of `working_seconds` of working time (延期 by working days). A
    /// wall-clock budget (特急: hours around the clock) is extended by the wall-clock time
    /// those working seconds take from its due time: a day's extension of a ticket due Friday
    /// at 16:00 makes it due Monday at 16:00, not eight hours on, in the night.
    pub fn extend_working(&mut self, working_seconds: i64, cal: &WorkCalendar) {
        let extra = match (self.budget, self.due_at) {
            (Budget::NaturalSeconds(_), Some(due)) => {
                (cal.add_working_seconds(due, working_seconds.max(0)) - due).num_seconds()
            }
            // Suspended: when it runs again is not known, so a working day counts a whole day.
            (Budget::NaturalSeconds(_), None) => {
                let day = cal.working_day_seconds().max(1);
                working_seconds.max(0) / day * 86_400 + working_seconds.max(0) % day
            }
            _ => working_seconds,
        };
        self.extend(extra, cal);
    }

    pub fn stop(&mut self, now: DateTime<Utc>, cal: &WorkCalendar) {
        if self.stopped_at.is_none() {
            self.pause(now, cal);
            self.stopped_at = Some(now);
        }
    }

    /// Budget left at `now`; zero once overdue.
    pub fn remaining(&self, now: DateTime<Utc>, cal: &WorkCalendar) -> i64 {
        self.budget
            .seconds()
            .saturating_sub(self.consumed_at(now, cal))
            .max(0)
    }

    /// `Some(seconds past the budget)` once the budget is used up, in the budget's measure. With a
    /// working-time budget this stays `Some(0)` outside working hours right after the deadline.
    pub fn overdue_by(&self, now: DateTime<Utc>, cal: &WorkCalendar) -> Option<i64> {
        let consumed = self.consumed_at(now, cal);
        (consumed >= self.budget.seconds()).then(|| consumed - self.budget.seconds())
    }

    pub fn status(&self, now: DateTime<Utc>, cal: &WorkCalendar) -> ClockColour {
        let consumed = self.consumed_at(now, cal);
        if consumed >= self.budget.seconds() {
            ClockColour::Red
        } else if consumed >= self.warn_threshold() {
            ClockColour::Yellow
        } else {
            ClockColour::Green
        }
    }

    /// The clock with its due and warning times projected again on `cal`, or `None` when they
    /// stay: after a calendar year is loaded or the working hours change, a running clock's
    /// times may fall elsewhere (a deadline projected over a year not yet loaded guessed its
    /// days Monday to Friday). The budget and the time consumed stay as they were.
    pub fn reprojected(&self, cal: &WorkCalendar) -> Option<Clock> {
        let mut c = self.clone();
        c.project(cal);
        (c != *self).then_some(c)
    }

    /// Projecting from `running_since` rather than now is exact: `consumed` is measured up to it.
    fn project(&mut self, cal: &WorkCalendar) {
        let Some(since) = self.running_since else {
            self.due_at = None;
            self.warn_at = None;
            return;
        };
        let left = self.budget.seconds().saturating_sub(self.consumed);
        let to_warn = self.warn_threshold().saturating_sub(self.consumed);
        self.due_at = Some(self.budget.project(since, left, cal));
        self.warn_at = Some(self.budget.project(since, to_warn, cal));
    }
}

/// A length of time as configured, before it is measured on a calendar.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "unit", content = "count", rename_all = "snake_case")]
pub enum TierLength {
    /// Wall-clock hours.
    NaturalHours(u32),
    /// Working days of `WorkCalendar::working_day_seconds` each.
    WorkingDays(u32),
    /// Hours inside working hours.
    WorkingHours(u32),
}

impl TierLength {
    pub fn budget(&self, cal: &WorkCalendar) -> Budget {
        match *self {
            TierLength::NaturalHours(h) => Budget::NaturalSeconds(i64::from(h) * 3600),
            TierLength::WorkingDays(d) => {
                Budget::WorkingSeconds(i64::from(d).saturating_mul(cal.working_day_seconds()))
            }
            TierLength::WorkingHours(h) => Budget::WorkingSeconds(i64::from(h) * 3600),
        }
    }

    pub fn label_zh(&self) -> String {
        match self {
            TierLength::NaturalHours(h) => format!("{h}小时"),
            TierLength::WorkingDays(d) => format!("{d}个工作日"),
            TierLength::WorkingHours(h) => format!("{h}个工作小时"),
        }
    }
}

/// A deadline tier a ticket is dispatched with (特急, 紧急, …).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeadlineTier {
    pub code: String,
    pub name_zh: String,
    pub length: TierLength,
}

/// A deadline tier's code: at most this many ASCII letters or digits (it names the tier in
/// categories, forms and exports).
pub const MAX_TIER_CODE_CHARS: usize = 10;
/// Longest name of a deadline tier.
pub const MAX_TIER_NAME_CHARS: usize = 30;

impl DeadlineTier {
    pub fn budget(&self, cal: &WorkCalendar) -> Budget {
        self.length.budget(cal)
    }

    /// What is wrong with the code of a new tier, "zh / en": a few ASCII letters or digits
    /// (it names the tier in categories, forms and exports). A tier stored before this rule
    /// keeps its code.
    pub fn code_problem(&self) -> Option<String> {
        let code = &self.code;
        let fits = !code.is_empty()
            && code.chars().count() <= MAX_TIER_CODE_CHARS
            && code.chars().all(|c| c.is_ascii_alphanumeric());
        (!fits).then(|| {
            let shown = crate::text::clipped(&code.escape_debug().to_string(), 20);
            format!(
                "时限等级编码「{shown}」应为 1–{MAX_TIER_CODE_CHARS} 个字母或数字 / a tier code is 1–{MAX_TIER_CODE_CHARS} ASCII letters or digits"
            )
        })
    }

    /// What is wrong with the name of a new or renamed tier, "zh / en": one line (as
    /// `text::one_line` makes it) that shows, and not long.
    pub fn name_problem(&self) -> Option<String> {
        let (code, name) = (&self.code, &self.name_zh);
        if !crate::text::says_something(name) || name.contains(['\n', '\r', '\t']) {
            return Some(format!(
                "时限等级 {code} 需要一行文字的名称 / tier {code} needs a name of one line"
            ));
        }
        (name.chars().count() > MAX_TIER_NAME_CHARS).then(|| {
            format!(
                "时限等级 {code} 的名称最多 {MAX_TIER_NAME_CHARS} 字 / tier {code}'s name is at most {MAX_TIER_NAME_CHARS} characters"
            )
        })
    }

    /// The tiers of DOMAIN.md (Siping).
    pub fn defaults() -> Vec<DeadlineTier> {
        let tier = |code: &str, name_zh: &str, length| DeadlineTier {
            code: code.into(),
            name_zh: name_zh.into(),
            length,
        };
        vec![
            tier("T1H", "特急", TierLength::NaturalHours(1)),
            tier("D1", "紧急", TierLength::WorkingDays(1)),
            tier("D3", "较急", TierLength::WorkingDays(3)),
            tier("D5", "一般", TierLength::WorkingDays(5)),
            tier("D7", "投诉核实", TierLength::WorkingDays(7)),
            tier("D9", "举报调查", TierLength::WorkingDays(9)),
            tier("D10", "建议", TierLength::WorkingDays(10)),
        ]
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::calendar::CHINA_STANDARD_TIME;
    use chrono::NaiveDate;
    use proptest::prelude::*;

    #[test]
    fn a_tiers_code_is_a_few_letters_or_digits_and_its_name_shows() {
        for t in DeadlineTier::defaults() {
            assert_eq!((t.code_problem(), t.name_problem()), (None, None), "{t:?}");
        }
        let tier = |code: &str, name: &str| DeadlineTier {
            code: code.into(),
            name_zh: name.into(),
            length: TierLength::WorkingDays(1),
        };
        assert_eq!(tier("ABCDEFGHIJ", "急").code_problem(), None);
        for code in ["", "é", "A B", "X\u{1}", "T-1", "ABCDEFGHIJK"] {
            let problem = tier(code, "急").code_problem().unwrap_or_default();
            assert!(problem.contains("字母或数字"), "{code:?}: {problem}");
        }
        let long = "急".repeat(MAX_TIER_NAME_CHARS + 1);
        for name in ["", "\u{1}\u{200b}", "。。", "急\n件", long.as_str()] {
            assert!(tier("D1", name).name_problem().is_some(), "{name:?}");
        }
    }

    fn cst(y: i32, m: u32, d: u32, h: u32, min: u32) -> DateTime<Utc> {
        NaiveDate::from_ymd_opt(y, m, d)
            .and_then(|d| d.and_hms_opt(h, min, 0))
            .and_then(|t| t.and_local_timezone(CHINA_STANDARD_TIME).single())
            .unwrap()
            .to_utc()
    }

    #[test]
    fn a_working_day_extension_of_a_wall_clock_budget_lands_a_working_day_later() {
        let cal = WorkCalendar::china();
        let day = cal.working_day_seconds();
        // 特急, one hour around the clock, from Friday 15:00: due 16:00; a day more is Monday's.
        let mut urgent = Clock::start(
            Budget::NaturalSeconds(3600),
            cst(2026, 11, 20, 15, 0),
            &cal,
            0.7,
        );
        urgent.extend_working(day, &cal);
        assert_eq!(urgent.due_at, Some(cst(2026, 11, 23, 16, 0)));
        // Suspended, it is due a whole day later than it would have been once it runs again.
        let mut paused = Clock::start(
            Budget::NaturalSeconds(3600),
            cst(2026, 11, 20, 15, 0),
            &cal,
            0.7,
        );
        paused.pause(cst(2026, 11, 20, 15, 30), &cal);
        paused.extend_working(day, &cal);
        paused.resume(cst(2026, 11, 23, 9, 0), &cal);
        assert_eq!(paused.due_at, Some(cst(2026, 11, 24, 9, 30)));
        // Working time extends as it always did.
        let mut days = Clock::start(
            Budget::WorkingSeconds(day),
            cst(2026, 11, 20, 15, 0),
            &cal,
            0.7,
        );
        let before = days.due_at;
        days.extend_working(day, &cal);
        assert_eq!(
            days.due_at,
            before.map(|due| cal.add_working_seconds(due, day))
        );
    }

    #[test]
    fn suspension_over_a_weekend_consumes_nothing() {
        let cal = WorkCalendar::china();
        let mut clock = Clock::start(
            Budget::WorkingSeconds(27_000),
            cst(2026, 11, 20, 16, 30),
            &cal,
            0.7,
        );
        assert_eq!(clock.due_at, Some(cst(2026, 11, 23, 16, 30)));
        clock.pause(cst(2026, 11, 20, 17, 0), &cal);
        assert_eq!(
            (clock.consumed, clock.due_at, clock.warn_at),
            (1800, None, None)
        );
        assert_eq!(clock.consumed_at(cst(2026, 11, 23, 11, 0), &cal), 1800);
        clock.resume(cst(2026, 11, 23, 9, 0), &cal);
        // 7 h left: 09:00–12:00 and 13:30–17:30 on Monday.
        assert_eq!(clock.due_at, Some(cst(2026, 11, 23, 17, 30)));
        assert_eq!(
            clock.remaining(cst(2026, 11, 23, 10, 0), &cal),
            27_000 - 1800 - 3600
        );

        let mut natural = Clock::start(
            Budget::NaturalSeconds(3600),
            cst(2026, 11, 20, 17, 20),
            &cal,
            0.7,
        );
        assert_eq!(natural.due_at, Some(cst(2026, 11, 20, 18, 20)));
        natural.pause(cst(2026, 11, 20, 17, 50), &cal);
        natural.resume(cst(2026, 11, 22, 8, 0), &cal);
        assert_eq!(natural.due_at, Some(cst(2026, 11, 22, 8, 30)));
    }

    #[test]
    fn a_working_hour_budget_waits_for_monday_but_a_natural_one_does_not() {
        let cal = WorkCalendar::china();
        let friday = cst(2026, 11, 20, 17, 20);
        let working = Clock::start(Budget::WorkingSeconds(3600), friday, &cal, 0.7);
        assert_eq!(working.due_at, Some(cst(2026, 11, 23, 9, 20)));
        let natural = Clock::start(TierLength::NaturalHours(1).budget(&cal), friday, &cal, 0.7);
        assert_eq!(natural.due_at, Some(cst(2026, 11, 20, 18, 20)));
    }

    #[test]
    fn an_approved_extension_moves_the_deadline_by_working_days() {
        let cal = WorkCalendar::china();
        let start = cst(2026, 9, 28, 8, 30);
        let mut clock = Clock::start(TierLength::WorkingDays(3).budget(&cal), start, &cal, 0.7);
        assert_eq!(clock.due_at, Some(cst(2026, 9, 30, 17, 30)));
        clock.extend(2 * cal.working_day_seconds(), &cal);
        // National Day 1–7 October, then Thursday 8th and Friday 9th.
        assert_eq!(clock.due_at, Some(cst(2026, 10, 9, 17, 30)));
        assert_eq!(clock.budget, Budget::WorkingSeconds(5 * 27_000));
        clock.extend(-10, &cal);
        assert_eq!(clock.budget, Budget::WorkingSeconds(5 * 27_000));
    }

    #[test]
    fn a_clock_turns_yellow_at_seventy_percent_and_red_when_overdue() {
        let cal = WorkCalendar::china();
        let start = cst(2026, 3, 2, 0, 0);
        let clock = Clock::start(
            Budget::NaturalSeconds(10 * 3600),
            start,
            &cal,
            DEFAULT_WARN_SHARE,
        );
        let at = |minutes: i64| start + TimeDelta::minutes(minutes);
        assert_eq!(clock.warn_at, Some(at(7 * 60)));
        assert_eq!(clock.status(at(7 * 60 - 1), &cal), ClockColour::Green);
        assert_eq!(clock.status(at(7 * 60), &cal), ClockColour::Yellow);
        assert_eq!(clock.status(at(10 * 60 - 1), &cal), ClockColour::Yellow);
        assert_eq!(clock.overdue_by(at(10 * 60 - 1), &cal), None);
        assert_eq!(clock.status(at(10 * 60), &cal), ClockColour::Red);
        assert_eq!(clock.overdue_by(at(10 * 60 + 1), &cal), Some(60));
        assert_eq!(clock.remaining(at(11 * 60), &cal), 0);
    }

    #[test]
    fn a_working_clock_is_red_over_the_weekend_after_its_friday_deadline() {
        let cal = WorkCalendar::china();
        let clock = Clock::start(
            Budget::WorkingSeconds(3600),
            cst(2026, 11, 20, 16, 30),
            &cal,
            0.7,
        );
        assert_eq!(clock.due_at, Some(cst(2026, 11, 20, 17, 30)));
        assert_eq!(
            clock.status(cst(2026, 11, 21, 10, 0), &cal),
            ClockColour::Red
        );
        assert_eq!(clock.overdue_by(cst(2026, 11, 23, 9, 30), &cal), Some(3600));
    }

    #[test]
    fn stopping_freezes_the_clock_and_later_transitions_change_nothing() {
        let cal = WorkCalendar::china();
        let mut clock = Clock::start(
            Budget::NaturalSeconds(3600),
            cst(2026, 3, 2, 9, 0),
            &cal,
            0.7,
        );
        clock.stop(cst(2026, 3, 2, 9, 10), &cal);
        let stopped = clock.clone();
        clock.resume(cst(2026, 3, 2, 9, 20), &cal);
        clock.extend(600, &cal);
        clock.stop(cst(2026, 3, 2, 9, 30), &cal);
        assert_eq!(clock, stopped);
        assert_eq!(clock.consumed_at(cst(2026, 3, 3, 9, 0), &cal), 600);
        assert_eq!(
            clock.status(cst(2026, 3, 3, 9, 0), &cal),
            ClockColour::Green
        );
        let json = serde_json::to_string(&clock).unwrap();
        assert_eq!(serde_json::from_str::<Clock>(&json).unwrap(), clock);
    }

    #[test]
    fn default_tiers_follow_the_domain() {
        let cal = WorkCalendar::china();
        let tiers = DeadlineTier::defaults();
        let codes: Vec<&str> = tiers.iter().map(|t| t.code.as_str()).collect();
        assert_eq!(codes, ["T1H", "D1", "D3", "D5", "D7", "D9", "D10"]);
        assert_eq!(tiers[0].budget(&cal), Budget::NaturalSeconds(3600));
        assert_eq!(tiers[2].budget(&cal), Budget::WorkingSeconds(3 * 27_000));
        assert_eq!(tiers[6].name_zh, "建议");
        assert_eq!(
            ClockKind::ALL.map(ClockKind::label_zh),
            ["签收", "退单时限", "办理", "回访"]
        );
    }

    proptest! {
        #[test]
        fn a_paused_clock_never_consumes_time(
            start in 1_767_225_600i64..1_798_761_600,
            run in 0i64..30 * 86_400,
            gap in 0i64..60 * 86_400,
            probe in 0.0f64..=1.0,
            natural in any::<bool>(),
        ) {
            let cal = WorkCalendar::china();
            let start = DateTime::from_timestamp(start, 0).unwrap();
            let budget = if natural { Budget::NaturalSeconds(86_400) } else { Budget::WorkingSeconds(3 * 27_000) };
            let mut clock = Clock::start(budget, start, &cal, 0.7);
            let paused_at = start + TimeDelta::seconds(run);
            clock.pause(paused_at, &cal);
            let banked = clock.consumed;
            let resumed_at = paused_at + TimeDelta::seconds(gap);
            let during = paused_at + TimeDelta::seconds((gap as f64 * probe) as i64);
            prop_assert_eq!(clock.consumed_at(during, &cal), banked);
            prop_assert_eq!(clock.status(during, &cal), clock.status(paused_at, &cal));
            clock.resume(resumed_at, &cal);
            prop_assert_eq!(clock.consumed_at(resumed_at, &cal), banked);
            prop_assert!(clock.due_at.is_some_and(|due| due >= resumed_at));
        }
    }
}
