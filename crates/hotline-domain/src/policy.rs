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
    /// Blank: numbers are compared as kept.
    #[serde(default)]
    pub area_code: String,
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

impl Policy {
    pub fn tier(&self, code: &str) -> Option<&DeadlineTier> {
        self.tiers.iter().find(|t| t.code == code)
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
