//! Working hours: the spans of a working day, validated, with the arithmetic inside one day.

use chrono::{NaiveTime, Timelike};
use serde::{Deserialize, Serialize};

use super::{CalendarError, NANOS};

/// One span of working time within a day, in China Standard Time.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct WorkingSpan {
    pub start: NaiveTime,
    pub end: NaiveTime,
}

/// The working periods of a working day.
/// Invariant: non-empty, each span non-empty, spans ordered and non-overlapping.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "Vec<WorkingSpan>", into = "Vec<WorkingSpan>")]
pub struct WorkingHours {
    spans: Vec<WorkingSpan>,
}

const fn hm(hour: u32, min: u32) -> NaiveTime {
    NaiveTime::from_hms_opt(hour, min, 0).expect("constant time of day")
}

pub(super) fn nanos_of_day(t: NaiveTime) -> i64 {
    // Leap-second nanos (≥ 1e9) are folded into the last nanosecond of the second.
    i64::from(t.num_seconds_from_midnight()) * NANOS + i64::from(t.nanosecond().min(999_999_999))
}

impl WorkingHours {
    pub fn new(spans: Vec<WorkingSpan>) -> Result<Self, CalendarError> {
        if spans.is_empty() {
            return Err(CalendarError::NoWorkingHours);
        }
        let mut previous_end: Option<NaiveTime> = None;
        for span in &spans {
            if span.end <= span.start {
                return Err(CalendarError::EmptySpan {
                    start: span.start,
                    end: span.end,
                });
            }
            if previous_end.is_some_and(|end| span.start < end) {
                return Err(CalendarError::SpansOutOfOrder { start: span.start });
            }
            previous_end = Some(span.end);
        }
        Ok(Self { spans })
    }

    pub fn spans(&self) -> &[WorkingSpan] {
        &self.spans
    }

    /// Length of one working day in seconds (fractions of a second are dropped).
    pub fn day_seconds(&self) -> i64 {
        self.day_nanos() / NANOS
    }

    pub(super) fn day_nanos(&self) -> i64 {
        self.spans
            .iter()
            .map(|s| nanos_of_day(s.end) - nanos_of_day(s.start))
            .sum()
    }

    /// Working nanoseconds of a working day elapsed before `ns` after midnight.
    pub(super) fn worked_before(&self, ns: i64) -> i64 {
        self.spans
            .iter()
            .map(|s| (ns.min(nanos_of_day(s.end)) - nanos_of_day(s.start)).max(0))
            .sum()
    }

    /// The earliest time of day at which `worked` nanoseconds (0 < worked ≤ day) have elapsed.
    pub(super) fn time_when_worked(&self, worked: i64) -> i64 {
        let mut before = 0;
        for span in &self.spans {
            let (start, end) = (nanos_of_day(span.start), nanos_of_day(span.end));
            if worked <= before + (end - start) {
                return start + (worked - before);
            }
            before += end - start;
        }
        self.spans.last().map_or(0, |s| nanos_of_day(s.end))
    }
}

/// 08:30–12:00 and 13:30–17:30: 7.5 hours, usual for Chinese government offices. Evaluated at
/// compile time, so the `expect` in `hm` cannot fire at run time.
const DEFAULT_SPANS: [WorkingSpan; 2] = [
    WorkingSpan {
        start: hm(8, 30),
        end: hm(12, 0),
    },
    WorkingSpan {
        start: hm(13, 30),
        end: hm(17, 30),
    },
];

impl Default for WorkingHours {
    fn default() -> Self {
        Self {
            spans: DEFAULT_SPANS.to_vec(),
        }
    }
}

impl TryFrom<Vec<WorkingSpan>> for WorkingHours {
    type Error = CalendarError;
    fn try_from(spans: Vec<WorkingSpan>) -> Result<Self, Self::Error> {
        Self::new(spans)
    }
}

impl From<WorkingHours> for Vec<WorkingSpan> {
    fn from(hours: WorkingHours) -> Self {
        hours.spans
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::calendar::WorkCalendar;

    #[test]
    fn working_hours_are_validated() {
        let span = |a: (u32, u32), b: (u32, u32)| WorkingSpan {
            start: hm(a.0, a.1),
            end: hm(b.0, b.1),
        };
        assert_eq!(
            WorkingHours::new(vec![]),
            Err(CalendarError::NoWorkingHours)
        );
        assert!(WorkingHours::new(vec![span((9, 0), (9, 0))]).is_err());
        assert!(WorkingHours::new(vec![span((13, 0), (17, 0)), span((9, 0), (12, 0))]).is_err());
        assert!(WorkingHours::new(vec![span((9, 0), (12, 30)), span((12, 0), (17, 0))]).is_err());
        assert!(
            serde_json::from_str::<WorkingHours>(r#"[{"start":"10:00:00","end":"09:00:00"}]"#)
                .is_err()
        );
        let nine_to_five = WorkingHours::new(vec![span((9, 0), (17, 0))]).unwrap();
        let cal = WorkCalendar::china().with_working_hours(nine_to_five);
        assert_eq!(cal.working_day_seconds(), 8 * 3600);
        assert_eq!(WorkCalendar::china().working_day_seconds(), 27_000);
    }
}
