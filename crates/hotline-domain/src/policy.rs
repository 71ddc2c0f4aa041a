//! The centre's configurable rules: deadline tiers, clock lengths and limits, and the context a
//! decision is taken in (now, the calendar, the policy).
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::calendar::{WorkCalendar, WorkingHours};
use crate::clock::{Budget, DeadlineTier, TierLength};

/// How long things may take, beyond the per-ticket deadline tier.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Policy {
    pub tiers: Vec<DeadlineTier>,
    /// Time a unit has to sign for a dispatched ticket (签收).
    pub sign_for: TierLength,
    /// Time a unit has to ask to return a ticket (退单时限, one working day).
    pub return_window: TierLength,
    /// Time to make the return visit after review.
    pub visit: TierLength,
    /// Share of a clock after which it turns yellow.
    pub warn_share: f64,
    /// Natural days after closing during which a ticket can be reopened.
    pub reopen_days: i64,
    /// Unreachable return-visit attempts after which the visit is exempted.
    pub visit_max_attempts: u32,
    /// Most working days one extension may add.
    pub max_extension_days: u32,
    /// The centre's working hours; `None` keeps the calendar's default (08:30–12:00, 13:30–17:30).
    #[serde(default)]
    pub working_hours: Option<WorkingHours>,
    /// The city's long-distance area code (长途区号, `0633`; `crate::caller::is_area_code`): a
    /// local landline is the same caller with or without it (`crate::caller::same_line`).
    /// Blank (or null, as a client clearing it may send): numbers are compared as kept.
    #[serde(default, deserialize_with = "blank_if_null")]
    pub area_code: String,
}

fn blank_if_null<'de, D: serde::Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    Ok(Option::<String>::deserialize(d)?.unwrap_or_default())
}

impl Default for Policy {
    fn default() -> Self {
        Policy {
            tiers: DeadlineTier::defaults(),
            sign_for: TierLength::WorkingHours(2),
            return_window: TierLength::WorkingDays(1),
            visit: TierLength::WorkingDays(2),
            warn_share: 0.7,
            reopen_days: 30,
            visit_max_attempts: 3,
            max_extension_days: 15,
            working_hours: None,
            area_code: String::new(),
        }
    }
}

/// Longest a configured length may be, about a year: 365 working days, 366 days of natural
/// hours, 366 working days of eight hours. Longer is a typing slip, and a deadline measured
/// over years of calendar would take as long to compute.
pub const MAX_LENGTH_DAYS: u32 = 365;
pub const MAX_NATURAL_HOURS: u32 = 366 * 24;
pub const MAX_WORKING_HOURS: u32 = 366 * 8;
/// Shortest working day: a day of seconds (a typing slip) would stretch every working-time
/// deadline over years.
pub const MIN_WORKING_DAY_SECONDS: i64 = 3600;
/// Most natural days after closing a ticket may be reopened.
pub const MAX_REOPEN_DAYS: i64 = 3650;
/// Most unreachable return-visit attempts before the visit is exempted.
pub const MAX_VISIT_ATTEMPTS: u32 = 20;

impl Policy {
    pub fn tier(&self, code: &str) -> Option<&DeadlineTier> {
        self.tiers.iter().find(|t| t.code == code)
    }

    /// What is wrong with the numbers and tiers, as (field, message in Chinese), in the order
    /// of the fields: every length at least one and at most about a year, tier codes and names
    /// given and codes unique, working days of an hour or more, the warning share between 0.1
    /// and 0.99, and the day and attempt limits in range. (The area code and the tiers
    /// categories use are checked by the service, which knows them.)
    pub fn problems(&self) -> Vec<(String, String)> {
        let mut found = Vec::new();
        let mut say = |field: &str, message: String| found.push((field.to_string(), message));
        let length = |what: &str, l: &TierLength| {
            let (count, max, unit) = match *l {
                TierLength::WorkingDays(d) => (d, MAX_LENGTH_DAYS, "个工作日"),
                TierLength::WorkingHours(h) => (h, MAX_WORKING_HOURS, "个工作小时"),
                TierLength::NaturalHours(h) => (h, MAX_NATURAL_HOURS, "小时"),
            };
            (!(1..=max).contains(&count))
                .then(|| format!("{what}「{}」应在 1–{max}{unit}之间", l.label_zh()))
        };
        if self.tiers.is_empty() {
            say("tiers", "至少需要一个时限等级".into());
        }
        for (i, t) in self.tiers.iter().enumerate() {
            if t.code.trim().is_empty() || t.name_zh.trim().is_empty() {
                say("tiers", format!("第 {} 个时限等级缺少编码或名称", i + 1));
            } else if self.tiers[..i].iter().any(|o| o.code == t.code) {
                say("tiers", format!("时限等级编码 {} 重复", t.code));
            } else if let Some(m) = length(&format!("时限等级 {} 的时长", t.code), &t.length)
            {
                say("tiers", m);
            }
        }
        for (field, what, l) in [
            ("sign_for", "签收时限", &self.sign_for),
            ("return_window", "退单时限", &self.return_window),
            ("visit", "回访时限", &self.visit),
        ] {
            if let Some(m) = length(what, l) {
                say(field, m);
            }
        }
        if (self.working_hours.as_ref()).is_some_and(|h| h.day_seconds() < MIN_WORKING_DAY_SECONDS)
        {
            say("working_hours", "每天的工作时间合计至少 1 小时".into());
        }
        if !(0.1..=0.99).contains(&self.warn_share) {
            say("warn_share", "预警比例应在 0.1–0.99 之间".into());
        }
        if !(0..=MAX_REOPEN_DAYS).contains(&self.reopen_days) {
            say(
                "reopen_days",
                format!("办结后可重新启用的天数应在 0–{MAX_REOPEN_DAYS} 之间"),
            );
        }
        if !(1..=MAX_VISIT_ATTEMPTS).contains(&self.visit_max_attempts) {
            say(
                "visit_max_attempts",
                format!("回访联系不上的次数上限应在 1–{MAX_VISIT_ATTEMPTS} 之间"),
            );
        }
        if self.max_extension_days > MAX_LENGTH_DAYS {
            say(
                "max_extension_days",
                format!("单次延期上限应在 0–{MAX_LENGTH_DAYS} 个工作日之间"),
            );
        }
        found
    }
}

/// Everything a decision needs besides the ticket, the command and the actor.
#[derive(Debug, Clone, Copy)]
pub struct Context<'a> {
    pub now: DateTime<Utc>,
    pub calendar: &'a WorkCalendar,
    pub policy: &'a Policy,
}

impl Context<'_> {
    pub fn budget(&self, length: &TierLength) -> Budget {
        length.budget(self.calendar)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_policy_passes_and_each_limit_is_checked_at_its_edge() {
        assert_eq!(Policy::default().problems(), vec![]);
        let field = |change: fn(&mut Policy)| {
            let mut p = Policy::default();
            change(&mut p);
            p.problems().into_iter().next().map(|(f, _)| f)
        };
        assert_eq!(field(|p| p.reopen_days = MAX_REOPEN_DAYS), None);
        assert_eq!(
            field(|p| p.reopen_days = MAX_REOPEN_DAYS + 1).as_deref(),
            Some("reopen_days")
        );
        assert_eq!(field(|p| p.reopen_days = 0), None);
        assert_eq!(
            field(|p| p.sign_for = TierLength::NaturalHours(MAX_NATURAL_HOURS)),
            None
        );
        assert_eq!(
            field(|p| p.sign_for = TierLength::WorkingDays(MAX_LENGTH_DAYS + 1)).as_deref(),
            Some("sign_for")
        );
        assert_eq!(
            field(|p| p.tiers[0].length = TierLength::WorkingHours(0)).as_deref(),
            Some("tiers")
        );
        assert_eq!(
            field(|p| p.tiers[1].code = p.tiers[0].code.clone()).as_deref(),
            Some("tiers")
        );
        assert_eq!(
            field(|p| p.tiers[0].name_zh = " ".into()).as_deref(),
            Some("tiers")
        );
        assert_eq!(
            field(|p| p.visit_max_attempts = 0).as_deref(),
            Some("visit_max_attempts")
        );
        assert_eq!(field(|p| p.max_extension_days = 0), None);
        assert_eq!(field(|p| p.warn_share = 1.0).as_deref(), Some("warn_share"));
        let hours = |end: u32| {
            let span = crate::calendar::WorkingSpan {
                start: chrono::NaiveTime::from_hms_opt(9, 0, 0).expect("a time"),
                end: chrono::NaiveTime::from_hms_opt(end / 60, end % 60, 0).expect("a time"),
            };
            Some(WorkingHours::new(vec![span]).expect("working hours"))
        };
        let mut p = Policy {
            working_hours: hours(9 * 60 + 59),
            ..Policy::default()
        };
        assert_eq!(
            p.problems().into_iter().next().map(|(f, _)| f).as_deref(),
            Some("working_hours")
        );
        p.working_hours = hours(10 * 60);
        assert_eq!(p.problems(), vec![]);
        // Every problem is listed, each with its field and what it is.
        let all = Policy {
            sign_for: TierLength::WorkingHours(MAX_WORKING_HOURS + 1),
            visit_max_attempts: 0,
            ..Policy::default()
        };
        assert_eq!(
            all.problems(),
            vec![
                (
                    "sign_for".to_string(),
                    format!("签收时限「2929个工作小时」应在 1–{MAX_WORKING_HOURS}个工作小时之间")
                ),
                (
                    "visit_max_attempts".to_string(),
                    "回访联系不上的次数上限应在 1–20 之间".to_string()
                ),
            ]
        );
    }
}
