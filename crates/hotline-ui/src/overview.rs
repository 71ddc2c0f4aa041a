//! 领导 overview: today's figures, open and overdue tickets per unit, and a two-week trend. The
//! full analytics come later; each block is its own section so it can be replaced.
//!
//! The figures take dozens of counts over the whole table, so they are computed at most once a
//! minute and shared (the page says when they were taken): a leader's screen does not need
//! second-by-second figures, and a dozen leaders must not cost a dozen full scans.
use std::sync::{Arc, Mutex};

use axum::extract::State;
use chrono::{DateTime, Duration, NaiveTime, TimeZone, Utc};
use maud::{html, Markup};

use hotline_domain::calendar::china_offset;
use hotline_domain::org::UnitLevel;
use hotline_domain::ticket::TicketState as S;
use hotline_service::{App, ServiceError};
use hotline_store::TicketFilter;

use crate::error::UiError;
use crate::format;
use crate::layout;
use crate::session::Session;
use crate::UiState;

const OPEN: [S; 7] = S::DISPATCHED_OPEN;

/// How long computed figures are shown before they are taken again.
const FRESH_FOR_SECONDS: i64 = 60;

/// The overview's numbers, as of `at`.
#[derive(Clone)]
pub struct Figures {
    at: DateTime<Utc>,
    today: u64,
    open: u64,
    warning: u64,
    overdue: u64,
    /// Unit name, open, overdue; most overdue first.
    per_unit: Vec<(String, u64, u64)>,
    /// Day label (MM-DD) and tickets recorded that day, oldest first.
    trend: Vec<(String, u64)>,
}

/// The last figures taken, shared by every request.
pub type FiguresCache = Arc<Mutex<Option<Figures>>>;

async fn take_figures(app: &App) -> Result<Figures, ServiceError> {
    let store = &app.store;
    let now = app.now();
    let local = now.with_timezone(&china_offset());
    let midnight = china_offset()
        .from_local_datetime(&local.date_naive().and_time(NaiveTime::MIN))
        .single()
        .map(|t| t.to_utc())
        .unwrap_or(now);
    let count = |f: TicketFilter| async move { store.count(&f).await.map_err(ServiceError::from) };
    let open_filter = || TicketFilter {
        states: OPEN.to_vec(),
        ..Default::default()
    };
    let today = count(TicketFilter {
        created_from: Some(midnight),
        ..Default::default()
    })
    .await?;
    let open = count(open_filter()).await?;
    let overdue = count(TicketFilter {
        due_before: Some(now),
        ..open_filter()
    })
    .await?;
    let warning = count(TicketFilter {
        warn_before: Some(now),
        ..open_filter()
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
    // A unit's row counts its work: tickets to sign for, in hand, asked to be taken back or
    // suspended. After its reply the ticket waits on the centre (review, return visit), and
    // every call merged into one it answered takes that answer: none of it is the unit's.
    let unit_work = |unit| TicketFilter {
        current_unit: Some(unit),
        states: S::UNIT_WORK.to_vec(),
        ..Default::default()
    };
    let mut per_unit = Vec::new();
    for u in units {
        let o = count(unit_work(u.id)).await?;
        let d = count(TicketFilter {
            due_before: Some(now),
            ..unit_work(u.id)
        })
        .await?;
        per_unit.push((u.name.clone(), o, d));
    }
    per_unit.sort_by(|a, b| b.2.cmp(&a.2).then(b.1.cmp(&a.1)));
    let mut trend = Vec::new();
    for back in (0..14).rev() {
        let from = midnight - Duration::days(back);
        let n = count(TicketFilter {
            created_from: Some(from),
            created_to: Some(from + Duration::days(1)),
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
    Ok(Figures {
        at: now,
        today,
        open,
        warning,
        overdue,
        per_unit,
        trend,
    })
}

/// Fresh figures from the cache, or newly taken ones.
async fn figures(st: &UiState) -> Result<Figures, ServiceError> {
    let now = st.app.now();
    let cached = match st.figures.lock() {
        Ok(g) => g.clone(),
        Err(p) => p.into_inner().clone(),
    };
    // Fresh, and of the same China day: just past midnight, "today" is another day.
    let day = |t: chrono::DateTime<chrono::Utc>| {
        t.with_timezone(&hotline_domain::calendar::china_offset())
            .date_naive()
    };
    let fresh =
        |f: &Figures| (now - f.at).num_seconds().abs() < FRESH_FOR_SECONDS && day(f.at) == day(now);
    if let Some(f) = cached.filter(fresh) {
        return Ok(f);
    }
    let f = take_figures(&st.app).await?;
    match st.figures.lock() {
        Ok(mut g) => *g = Some(f.clone()),
        Err(p) => *p.into_inner() = Some(f.clone()),
    }
    Ok(f)
}

pub async fn overview(State(st): State<UiState>, s: Session) -> Result<Markup, UiError> {
    hotline_service::figures::require_overview_role(&s.actor)?;
    let f = figures(&st).await?;
    let max = f.trend.iter().map(|(_, n)| *n).max().unwrap_or(0).max(1);
    let body = html! {
        h1 { "领导总览 " span.muted { "数据时间 " (format::time(f.at)) ",每分钟更新" } }
        section.cards #today aria-label="今日数据" {
            div.card { span.n { (f.today) } "今日受理" }
            div.card { span.n { (f.open) } "在办工单" }
            div.card.hot { span.n { (f.warning) } "预警(黄牌)" }
            div.card.hot { span.n { (f.overdue) } "超期(红牌)" }
        }
        section #trend {
            h2 { "近 14 天受理量" }
            div.bars role="img" aria-label="近14天每日受理量柱状图" {
                @for (day, n) in &f.trend {
                    span class={"h" ((n * 20 / max) * 5)} title={(day) ":" (n)} {}
                }
            }
            div.bars-labels { @for (day, _) in &f.trend { span { (day) } } }
        }
        section #per-unit {
            h2 { "各单位在办与超期" }
            table {
                thead { tr { th { "单位" } th { "在办" } th { "超期" } } }
                tbody { @for (name, o, d) in &f.per_unit { tr { td { (name) } td { (o) } td { (d) } } } }
            }
        }
    };
    Ok(layout::page("领导总览", &s, "/overview", None, None, body))
}
