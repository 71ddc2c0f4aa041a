//! A time that goes on from the one before it in the text: moved forward past it where the text
//! goes on in time ("昨天晚上十点开始施工，一直到凌晨两点").
use chrono::{DateTime, FixedOffset};

use super::{Free, TimeValue};

/// `value` moved forward by the units it left to the expression before (days, months or
/// years) until it no longer starts before `before`. Only where the text goes on in time: a
/// time said after 到 or 至 ("到3月份还没完工"), or a time of day within 12 hours after the
/// night before it ("晚上十点多开始施工，凌晨两点还在响"); not a list ("去年5月和3月") nor a
/// look back ("昨天下午三点停的水，早上还有水"). Unchanged also if it would then be after `now`
/// while `before` is not.
pub(super) fn roll_past(
    value: TimeValue,
    before: DateTime<FixedOffset>,
    free: Free,
    until: bool,
    now: DateTime<FixedOffset>,
) -> TimeValue {
    use chrono::{Duration, Months};
    let Some(start) = value.start() else {
        return value;
    };
    if start >= before || free == Free::Fixed || (free != Free::Days && !until) {
        return value;
    }
    let step = |t: DateTime<FixedOffset>, n: u32| match free {
        Free::Days => Some(t + Duration::days(i64::from(n))),
        Free::Weeks => Some(t + Duration::days(7 * i64::from(n))),
        Free::Months => t.checked_add_months(Months::new(n)),
        Free::Years => t.checked_add_months(Months::new(12 * n)),
        Free::Fixed => None,
    };
    // The fewest steps that reach `before`: one for days and months spans, a year at most.
    let Some(n) = (1..=366).find(|&n| step(start, n).is_none_or(|t| t >= before)) else {
        return value;
    };
    let moved = match value {
        TimeValue::Instant { at } => step(at, n).map(|at| TimeValue::Instant { at }),
        TimeValue::Range { from, to } => step(from, n)
            .zip(step(to, n))
            .map(|(from, to)| TimeValue::Range { from, to }),
        TimeValue::Recurring | TimeValue::Vague => None,
    };
    let soon_after = |s: DateTime<FixedOffset>| until || s - before <= Duration::hours(12);
    match moved {
        Some(m)
            if m.start()
                .is_some_and(|s| (s <= now || before > now) && soon_after(s)) =>
        {
            m
        }
        _ => value,
    }
}

/// `value` moved by whole half days to the first start after `before` and within 12 hours of
/// it (and not after `now` unless `before` is); unchanged when there is none.
pub(super) fn next_half_day(
    value: TimeValue,
    before: DateTime<FixedOffset>,
    now: DateTime<FixedOffset>,
) -> TimeValue {
    use chrono::Duration;
    let Some(start) = value.start() else {
        return value;
    };
    let half = Duration::hours(12);
    let Some(shift) = (-4..=4)
        .map(|k| half * k)
        .filter(|&d| {
            let s = start + d;
            s > before && s - before <= half && (s <= now || before > now)
        })
        .min_by_key(|&d| start + d)
    else {
        return value;
    };
    match value {
        TimeValue::Instant { at } => TimeValue::Instant { at: at + shift },
        TimeValue::Range { from, to } => TimeValue::Range {
            from: from + shift,
            to: to + shift,
        },
        other => other,
    }
}
