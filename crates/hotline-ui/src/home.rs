//! The home page (each role's queues with live counts), one queue, and ticket search.
use axum::extract::{Path, Query, State};
use maud::{html, Markup};
use serde::Deserialize;

use hotline_domain::clock::ClockColour;
use hotline_domain::ticket::Ticket;
use hotline_service::queues::Queue;
use hotline_service::tickets::parse_state;
use hotline_service::App;
use hotline_store::{Order, Page, TicketFilter};

use crate::error::UiError;
use crate::format;
use crate::layout;
use crate::session::Session;
use crate::UiState;

/// Queues whose count asks for attention now.
fn is_hot(q: Queue) -> bool {
    matches!(
        q,
        Queue::Overdue | Queue::ReturnedToIntake | Queue::ReturnRequests
    )
}

pub async fn home(State(s): State<UiState>, session: Session) -> Result<Markup, UiError> {
    let queues = s.app.my_queues(&session.actor).await?;
    // The first queue with work in it is shown open below the counts.
    let first = queues.iter().find(|q| q.count > 0).map(|q| q.queue);
    let preview = match first {
        Some(q) => Some((q, s.app.queue(&session.actor, q, 10, 0).await?.0)),
        None => None,
    };
    let unit = session.user.unit.map(|u| s.app.reference().unit_name(u));
    let body = html! {
        h1 { "工作台" @if let Some(u) = &unit { span.muted { " · " (u) } } }
        @if queues.is_empty() {
            p.muted { "您的角色没有待办队列。" }
        }
        (cards(&queues))
        @if let Some((q, tickets)) = &preview {
            h2 { (q.label_zh()) " · 最早的 " (tickets.len()) " 件" }
            (ticket_table(&s.app, &session, tickets))
        }
    };
    Ok(layout::page("工作台", &session, "/", None, None, body))
}

/// The queue counts; htmx refreshes them in place every 30 seconds.
fn cards(queues: &[hotline_service::queues::QueueCount]) -> Markup {
    html! {
        section.cards #queue-counts aria-label="我的队列"
            hx-get="/home/counts" hx-trigger="every 30s" hx-swap="outerHTML" {
            @for q in queues {
                a.card.hot[is_hot(q.queue) && q.count > 0] href={"/queues/" (q.queue.as_str())}
                  data-queue=(q.queue.as_str()) {
                    span.n { (q.count) }
                    (q.label)
                }
            }
        }
    }
}

pub async fn counts(State(s): State<UiState>, session: Session) -> Result<Markup, UiError> {
    Ok(cards(&s.app.my_queues(&session.actor).await?))
}

#[derive(Deserialize, Default)]
pub struct PageQuery {
    #[serde(default)]
    offset: Option<String>,
}

const PAGE_SIZE: u32 = 50;

pub async fn queue_page(
    State(s): State<UiState>,
    session: Session,
    Path(name): Path<String>,
    Query(q): Query<PageQuery>,
) -> Result<Markup, UiError> {
    let queue = Queue::parse(&name).map_err(|_| UiError::NotFound)?;
    let offset: u32 = q
        .offset
        .as_deref()
        .filter(|o| !o.is_empty())
        .map(|o| {
            o.parse()
                .map_err(|_| UiError::Invalid(format!("页码「{o}」不正确")))
        })
        .transpose()?
        .unwrap_or(0);
    let (tickets, total) = s
        .app
        .queue(&session.actor, queue, PAGE_SIZE, offset)
        .await?;
    let path = format!("/queues/{}", queue.as_str());
    let body = html! {
        h1 { (queue.label_zh()) " " span.muted { "共 " (total) " 件" } }
        (ticket_table(&s.app, &session, &tickets))
        (pager(&path, "", offset, total))
    };
    Ok(layout::page(
        queue.label_zh(),
        &session,
        &path,
        None,
        None,
        body,
    ))
}

fn pager(path: &str, query: &str, offset: u32, total: u64) -> Markup {
    let prev = offset.saturating_sub(PAGE_SIZE);
    let next = offset.saturating_add(PAGE_SIZE);
    html! {
        p.pager {
            @if offset > 0 { a href={(path) "?" (query) "offset=" (prev)} { "上一页" } " " }
            @if u64::from(next) < total { a href={(path) "?" (query) "offset=" (next)} { "下一页" } }
        }
    }
}

/// The clock that matters most in a list: the first running one.
fn row_clock(app: &App, t: &Ticket) -> Option<(ClockColour, chrono::DateTime<chrono::Utc>)> {
    let r = app.reference();
    let now = app.now();
    t.clocks
        .iter()
        .filter(|(k, _)| *k != hotline_domain::clock::ClockKind::ReturnWindow)
        .find_map(|(_, c)| c.due_at.map(|d| (c.status(now, &r.calendar), d)))
}

/// A table of tickets, each linking to its page.
pub fn ticket_table(app: &App, s: &Session, tickets: &[Ticket]) -> Markup {
    let r = app.reference();
    html! {
        @if tickets.is_empty() {
            p.muted { "没有工单。" }
        } @else {
            table.tickets {
                thead { tr {
                    th { "工单编号" } th { "标题" } th { "状态" } th { "类型" } th { "分类" }
                    th { "地点" } th { "承办单位" } th { "时限" } th { "受理时间" }
                } }
                tbody {
                    @for t in tickets {
                        tr data-ticket=(t.id.0) {
                            td { a href={"/tickets/" (t.id.0)} { (t.number) } }
                            td {
                                (t.subject)
                                @for tag in &t.tags { " " span.tag { (tag.label_zh()) } }
                                @if t.supervision.is_some() { " " span.tag { "督办" } }
                            }
                            td { span.state { (t.state.label_zh()) } }
                            td { (t.kind.label_zh()) }
                            td { (format::category(&r, t.category.as_deref())) }
                            td { (format::place(&r, &t.elements.place)) }
                            td { @if let Some(u) = t.holder() { (r.unit_name(u)) } }
                            td {
                                @if let Some((colour, due)) = row_clock(app, t) {
                                    span class=(format::colour_class(colour)) { (format::colour_label(colour)) }
                                    " " (format::short_time(due))
                                }
                            }
                            td { (format::short_time(t.created_at)) }
                        }
                    }
                }
            }
        }
        @if s.actor.is_unit_staff() { p.muted { "仅显示本单位参与办理的工单。" } }
    }
}

#[derive(Deserialize, Default)]
pub struct SearchQuery {
    #[serde(default)]
    q: String,
    #[serde(default)]
    number: String,
    #[serde(default)]
    phone: String,
    #[serde(default)]
    state: String,
    /// How far back a text search looks, in days ("all": no limit).
    #[serde(default)]
    days: String,
    #[serde(default)]
    offset: Option<String>,
}

/// Text search scans the window it is given: a week unless the person asks for more.
const SEARCH_WINDOWS: [(&str, &str); 5] = [
    ("7", "近7天"),
    ("30", "近30天"),
    ("90", "近90天"),
    ("365", "近一年"),
    ("all", "全部(较慢)"),
];

pub async fn search_page(
    State(s): State<UiState>,
    session: Session,
    Query(q): Query<SearchQuery>,
) -> Result<Markup, UiError> {
    let mut error = None;
    let mut result = None;
    let asked = !(q.q.trim().is_empty()
        && q.number.trim().is_empty()
        && q.phone.trim().is_empty()
        && q.state.is_empty());
    let offset: u32 = q
        .offset
        .as_deref()
        .and_then(|o| o.parse().ok())
        .unwrap_or(0);
    if asked {
        let states = if q.state.is_empty() {
            Ok(vec![])
        } else {
            parse_state(&q.state).map(|s| vec![s])
        };
        match states {
            Err(e) => error = Some(UiError::from(e).message()),
            Ok(states) => {
                let days = if q.days.is_empty() {
                    "7"
                } else {
                    q.days.as_str()
                };
                let window = match days {
                    "all" => None,
                    d => match d.parse::<i64>() {
                        Ok(n) if (1..=3650).contains(&n) => {
                            Some(s.app.now() - chrono::Duration::days(n))
                        }
                        _ => None,
                    },
                };
                let filter = TicketFilter {
                    states,
                    created_from: window.filter(|_| !q.q.trim().is_empty()),
                    text: Some(q.q.trim().to_string()).filter(|t| !t.is_empty()),
                    number: Some(q.number.trim().to_string()).filter(|t| !t.is_empty()),
                    phone: Some(q.phone.trim().to_string()).filter(|t| !t.is_empty()),
                    ..Default::default()
                };
                let page = Page {
                    limit: PAGE_SIZE,
                    offset,
                    order: Order::Newest,
                };
                match s.app.search(&session.actor, filter, page).await {
                    Ok(found) => result = Some(found),
                    Err(e) => error = Some(UiError::from(e).message()),
                }
            }
        }
    }
    let query = format!(
        "q={}&number={}&phone={}&state={}&days={}&",
        crate::error::encode_component(&q.q),
        crate::error::encode_component(&q.number),
        crate::error::encode_component(&q.phone),
        crate::error::encode_component(&q.state),
        crate::error::encode_component(&q.days)
    );
    let body = html! {
        h1 { "工单查询" }
        form.row method="get" action="/search" {
            label.grow { "关键词" input name="q" value=(q.q) autofocus; }
            label { "工单编号" input name="number" value=(q.number); }
            @if !session.actor.is_unit_staff() {
                label { "来电号码" input type="tel" name="phone" value=(q.phone); }
            }
            label { "状态" select name="state" {
                option value="" { "全部" }
                @for st in hotline_domain::ticket::TicketState::ALL {
                    option value=(st.as_str()) selected[q.state == st.as_str()] { (st.label_zh()) }
                }
            } }
            label { "关键词检索范围" select name="days" {
                @for (code, label) in SEARCH_WINDOWS {
                    option value=(code) selected[q.days == code || (q.days.is_empty() && code == "7")] { (label) }
                }
            } }
            button type="submit" { "查询" }
        }
        @if let Some((tickets, total)) = &result {
            p.muted { "共 " (total) " 件" }
            (ticket_table(&s.app, &session, tickets))
            (pager("/search", &query, offset, *total))
        }
    };
    Ok(layout::page(
        "工单查询",
        &session,
        "/search",
        None,
        error.as_deref(),
        body,
    ))
}
