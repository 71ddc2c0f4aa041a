//! What the centre's figures share: a range of local days (`FiguresQuery`, checked by
//! `FiguresQuery::range`), grouped into periods of a day, a week (from Monday) or a month
//! (`Bucket`), every period listed even when empty so a chart shows a gap as a gap, and ratios
//! rounded to four places. `routing::figures` (first-dispatch accuracy) and
//! `knowledge::figures` (instant-answer rate) use it.
use chrono::{DateTime, Datelike, Duration, NaiveDate, TimeZone, Utc};
use serde::{Deserialize, Serialize};

use hotline_domain::calendar::china_offset;
use hotline_domain::org::{Actor, Role};

use crate::{ServiceError, ServiceResult};

/// Who sees the centre's figures: the people who run it by them.
pub const FIGURE_ROLES: [Role; 6] = [
    Role::Leader,
    Role::Supervisor,
    Role::ShiftLead,
    Role::QualityInspector,
    Role::Dispatcher,
    Role::Admin,
];

/// Refuse anyone holding none of `roles` at the centre (unit staff never, whatever else they
/// hold), saying `who` it is for.
fn require_centre_role(actor: &Actor, roles: &[Role], who: &str) -> ServiceResult<()> {
    if actor.is_unit_staff() || !actor.has_any(roles) {
        return Err(ServiceError::Forbidden(who.into()));
    }
    Ok(())
}

/// The leaders' overview (领导总览) is for the centre's leaders, supervisors, shift leads and
/// admins.
pub fn require_overview_role(actor: &Actor) -> ServiceResult<()> {
    require_centre_role(
        actor,
        &[Role::Leader, Role::Supervisor, Role::ShiftLead, Role::Admin],
        "领导总览仅供中心领导、督办、班长和系统管理员查看 / the overview is for the centre's \
         leaders, supervisors, shift leads and admins",
    )
}

/// The supervision page (督办) is for supervisors, dispatchers and leaders.
pub fn require_supervision_role(actor: &Actor) -> ServiceResult<()> {
    require_centre_role(
        actor,
        &[Role::Supervisor, Role::Dispatcher, Role::Leader],
        "督办页面仅供督办员、转办员和领导使用 / supervision is for supervisors, dispatchers \
         and leaders",
    )
}

/// Refuse anyone but `FIGURE_ROLES` (and never unit staff, whatever else they hold).
pub fn require_figure_role(actor: &Actor) -> ServiceResult<()> {
    require_centre_role(
        actor,
        &FIGURE_ROLES,
        "统计数据仅供中心领导、督办、班长、质检、转办和系统管理员查看 / figures are for the \
         centre's leaders, supervisors, shift leads, inspectors, dispatchers and admins",
    )
}

/// Longest range one request covers.
pub const MAX_DAYS: i64 = 731;

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Bucket {
    Day,
    #[default]
    Week,
    Month,
}

impl Bucket {
    pub fn parse(s: &str) -> Option<Bucket> {
        match s {
            "day" => Some(Bucket::Day),
            "week" => Some(Bucket::Week),
            "month" => Some(Bucket::Month),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Bucket::Day => "day",
            Bucket::Week => "week",
            Bucket::Month => "month",
        }
    }

    pub fn label_zh(self) -> &'static str {
        match self {
            Bucket::Day => "按日",
            Bucket::Week => "按周",
            Bucket::Month => "按月",
        }
    }
}

/// Which tickets (by the local date they were created) and how to group them.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct FiguresQuery {
    /// First day (default: 12 weeks before `to`).
    #[serde(default)]
    pub from: Option<NaiveDate>,
    /// Last day, inclusive (default: today).
    #[serde(default)]
    pub to: Option<NaiveDate>,
    #[serde(default)]
    pub bucket: Bucket,
}

impl FiguresQuery {
    /// The first and last day (inclusive), defaults filled in from `today`; a range that is
    /// backwards, longer than `MAX_DAYS` or outside the years 1970–9998 is refused, naming the
    /// field.
    pub fn range(&self, today: NaiveDate) -> ServiceResult<(NaiveDate, NaiveDate)> {
        for (field, day) in [("from", self.from), ("to", self.to)] {
            if day.is_some_and(|d| !(1970..=9998).contains(&d.year())) {
                return Err(ServiceError::invalid(
                    field,
                    "日期须在 1970 至 9998 年之间 / the date must be in the years 1970 to 9998",
                ));
            }
        }
        let to = self.to.unwrap_or(today);
        // Twelve weeks back by default, but not before 1970, where a given `from` stops too.
        let earliest = NaiveDate::from_ymd_opt(1970, 1, 1).unwrap_or(NaiveDate::MIN);
        let from = self
            .from
            .unwrap_or_else(|| (to - Duration::days(83)).max(earliest));
        if from > to {
            return Err(ServiceError::invalid(
                "from",
                "开始日期晚于结束日期 / from is after to",
            ));
        }
        if (to - from).num_days() >= MAX_DAYS {
            return Err(ServiceError::invalid(
                "from",
                format!("范围最长 {MAX_DAYS} 天 / at most {MAX_DAYS} days"),
            ));
        }
        Ok((from, to))
    }
}

/// `a / b` rounded to four places; none when `b` is zero.
pub fn ratio(a: u64, b: u64) -> Option<f64> {
    (b > 0).then(|| (a as f64 / b as f64 * 10_000.0).round() / 10_000.0)
}

/// The first day of the period `day` falls in.
pub fn period_start(day: NaiveDate, bucket: Bucket) -> NaiveDate {
    match bucket {
        Bucket::Day => day,
        Bucket::Week => day - Duration::days(i64::from(day.weekday().num_days_from_monday())),
        Bucket::Month => day.with_day(1).unwrap_or(day),
    }
}

/// The first day of every period from `from` to `to`, in order.
pub fn period_starts(from: NaiveDate, to: NaiveDate, bucket: Bucket) -> Vec<NaiveDate> {
    let mut out: Vec<NaiveDate> = Vec::new();
    let mut day = from;
    while day <= to {
        let start = period_start(day, bucket);
        if out.last() != Some(&start) {
            out.push(start);
        }
        day += Duration::days(1);
    }
    out
}

/// The instant a local day begins.
pub fn local_midnight(day: NaiveDate) -> DateTime<Utc> {
    china_offset()
        .from_local_datetime(&day.and_time(chrono::NaiveTime::MIN))
        .single()
        .map(|t| t.with_timezone(&Utc))
        .unwrap_or_else(|| Utc.from_utc_datetime(&day.and_time(chrono::NaiveTime::MIN)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_centres_pages_are_for_its_roles_and_never_for_unit_staff() {
        let actor = |roles: Vec<Role>, unit: Option<i64>| Actor {
            user: hotline_domain::org::UserId(1),
            name: "某人".into(),
            roles,
            unit: unit.map(hotline_domain::org::UnitId),
        };
        let leader = actor(vec![Role::Leader], None);
        let operator = actor(vec![Role::Operator], None);
        // A unit's head given a centre role by mistake is still the unit's.
        let unit_leader = actor(vec![Role::UnitAdmin, Role::Leader], Some(7));
        assert!(require_overview_role(&leader).is_ok());
        assert!(require_supervision_role(&leader).is_ok());
        assert!(require_figure_role(&leader).is_ok());
        assert!(crate::class_cases::require_class_case_role(&leader).is_ok());
        for refused in [&operator, &unit_leader] {
            assert!(require_overview_role(refused).is_err());
            assert!(require_supervision_role(refused).is_err());
            assert!(require_figure_role(refused).is_err());
            assert!(crate::class_cases::require_class_case_role(refused).is_err());
        }
    }

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap_or_default()
    }

    #[test]
    fn periods_start_on_monday_and_the_first() {
        let d = day(2026, 11, 19); // a Thursday
        assert_eq!(period_start(d, Bucket::Day), d);
        assert_eq!(period_start(d, Bucket::Week), day(2026, 11, 16));
        assert_eq!(period_start(d, Bucket::Month), day(2026, 11, 1));
    }

    #[test]
    fn every_period_of_a_range_is_listed_once() {
        let (from, to) = (day(2026, 10, 30), day(2026, 11, 17));
        assert_eq!(
            period_starts(from, to, Bucket::Week),
            vec![
                day(2026, 10, 26),
                day(2026, 11, 2),
                day(2026, 11, 9),
                day(2026, 11, 16)
            ]
        );
        assert_eq!(
            period_starts(from, to, Bucket::Month),
            vec![day(2026, 10, 1), day(2026, 11, 1)]
        );
        assert_eq!(period_starts(to, to, Bucket::Day), vec![to]);
    }

    #[test]
    fn a_local_day_starts_at_sixteen_utc_the_day_before() {
        assert_eq!(
            local_midnight(day(2026, 11, 19)),
            Utc.with_ymd_and_hms(2026, 11, 18, 16, 0, 0)
                .single()
                .unwrap_or_default()
        );
    }

    #[test]
    fn ranges_are_checked() {
        let today = day(2026, 11, 24);
        let q = |from, to| FiguresQuery {
            from,
            to,
            bucket: Bucket::Week,
        };
        assert_eq!(
            q(None, None).range(today).ok(),
            Some((day(2026, 9, 2), today)),
            "twelve weeks to today"
        );
        let field = |r: ServiceResult<(NaiveDate, NaiveDate)>| match r {
            Err(ServiceError::Invalid { field, .. }) => field,
            other => panic!("refusal expected: {other:?}"),
        };
        assert_eq!(
            field(q(Some(today), Some(day(2026, 1, 1))).range(today)),
            "from"
        );
        assert_eq!(field(q(Some(day(2020, 1, 1)), None).range(today)), "from");
        assert_eq!(field(q(None, Some(day(9999, 1, 1))).range(today)), "to");
        // Left out, `from` does not run back past 1970 either.
        assert_eq!(
            q(None, Some(day(1970, 1, 5))).range(today).ok(),
            Some((day(1970, 1, 1), day(1970, 1, 5)))
        );
    }
}
