//! 领导 overview: today's figures, open and overdue tickets per unit, and a two-week trend. The
//! full analytics come later; each block is its own section so it can be replaced.
use axum::extract::State;
use chrono::{Duration, NaiveTime, TimeZone};
use maud::{html, Markup};

use hotline_domain::calendar::china_offset;
use hotline_domain::org::{Role, UnitLevel};
use hotline_domain::ticket::TicketState as S;
use hotline_service::ServiceError;
use hotline_store::TicketFilter;

use crate::error::UiError;
use crate::layout;
use crate::session::Session;
use crate::UiState;

const OPEN: [S; 7] = [
    S::Dispatched,
    S::Processing,
    S::ReturnRequested,
    S::Suspended,
    S::PendingReview,
    S::PendingVisit,
    S::Visited,
];

pub async fn overview(State(st): State<UiState>, s: Session) -> Result<Markup, UiError> {
    if !s
        .actor
        .has_any(&[Role::Leader, Role::Supervisor, Role::ShiftLead, Role::Admin])
    {
        return Err(ServiceError::Forbidden("领导总览仅供中心领导、督办和班长查看".into()).into());
    }
    let app = &st.app;
    let store = &app.store;
    let now = app.now();
    let local = now.with_timezone(&china_offset());
    let midnight = china_offset()
        .from_local_datetime(&local.date_naive().and_time(NaiveTime::MIN))
        .single()
        .map(|t| t.to_utc())
        .unwrap_or(now);
    let count = |f: TicketFilter| async move { store.count(&f).await.map_err(ServiceError::from) };
    let today = count(TicketFilter {
        created_from: Some(midnight),
        ..Default::default()
    })
    .await?;
    let open = count(TicketFilter {
        states: OPEN.to_vec(),
        ..Default::default()
    })
    .await?;
    let overdue = count(TicketFilter {
        states: OPEN.to_vec(),
        due_before: Some(now),
        ..Default::default()
    })
    .await?;
    let warning = count(TicketFilter {
        states: OPEN.to_vec(),
        warn_before: Some(now),
        ..Default::default()
    })
    .await?;
    let r = app.reference();
    let mut units: Vec<_> = r
        .units
        .values()
        .filter(|u| {
            matches!(
                u.level,
                UnitLevel::CityBureau | UnitLevel::District | UnitLevel::Enterprise
            )
        })
        .collect();
    units.sort_by(|a, b| a.code.cmp(&b.code));
    let mut per_unit = Vec::new();
    for u in units {
        let o = count(TicketFilter {
            states: OPEN.to_vec(),
            involved_unit: Some(u.id),
            ..Default::default()
        })
        .await?;
        let d = count(TicketFilter {
            states: OPEN.to_vec(),
            involved_unit: Some(u.id),
            due_before: Some(now),
            ..Default::default()
        })
        .await?;
        per_unit.push((u.name.clone(), o, d));
    }
    per_unit.sort_by(|a, b| b.2.cmp(&a.2).then(b.1.cmp(&a.1)));
    let mut trend = Vec::new();
    for back in (0..14).rev() {
        let from = midnight - Duration::days(back);
        let to = from + Duration::days(1);
        let n = count(TicketFilter {
            created_from: Some(from),
            created_to: Some(to),
            ..Default::default()
        })
        .await?;
        trend.push((
            from.with_timezone(&china_offset())
                .format("%m-%d")
                .to_string(),
            n,
        ));
    }
    let max = trend.iter().map(|(_, n)| *n).max().unwrap_or(0).max(1);
    let body = html! {
        h1 { "领导总览" }
        section.cards #today aria-label="今日数据" {
            div.card { span.n { (today) } "今日受理" }
            div.card { span.n { (open) } "在办工单" }
            div.card.hot { span.n { (warning) } "预警(黄牌)" }
            div.card.hot { span.n { (overdue) } "超期(红牌)" }
        }
        section #trend {
            h2 { "近 14 天受理量" }
            div.bars role="img" aria-label="近14天每日受理量柱状图" {
                @for (day, n) in &trend {
                    span class={"h" ((n * 20 / max) * 5)} title={(day) ":" (n)} {}
                }
            }
            div.bars-labels { @for (day, _) in &trend { span { (day) } } }
        }
        section #per-unit {
            h2 { "各单位在办与超期" }
            table {
                thead { tr { th { "单位" } th { "在办" } th { "超期" } } }
                tbody { @for (name, o, d) in &per_unit { tr { td { (name) } td { (o) } td { (d) } } } }
            }
        }
    };
    Ok(layout::page("领导总览", &s, "/overview", None, None, body))
}
