//! 督办 supervision: the yellow (warning) and red (overdue) lists side by side with the urged and
//! supervised ones, each ticket with a one-click urge; supervising with a level is on the ticket.
use std::collections::HashMap;

use axum::extract::{Query, State};
use maud::{html, Markup};

use hotline_domain::lifecycle::{self, ActionKind};
use hotline_domain::ticket::Ticket;
use hotline_service::queues::Queue;

use crate::error::UiError;
use crate::format;
use crate::home::ticket_table;
use crate::layout::{self, csrf};
use crate::session::Session;
use crate::UiState;

fn urge_buttons(s: &Session, tickets: &[Ticket]) -> Markup {
    html! {
        @let urgeable: Vec<&Ticket> = tickets.iter().filter(|t| lifecycle::available(t, &s.actor).contains(&ActionKind::Urge)).collect();
        @if !urgeable.is_empty() {
            div.row.urge {
                @for t in urgeable {
                    form method="post" action={"/tickets/" (t.id.0) "/act"} {
                        (csrf(s))
                        input type="hidden" name="version" value=(t.version);
                        input type="hidden" name="action" value="urge";
                        input type="hidden" name="note" value="请抓紧办理,按时反馈";
                        input type="hidden" name="back" value="/supervision";
                        button.secondary type="submit" data-urge=(t.id.0) { "催办 " (t.number) }
                    }
                }
            }
        }
    }
}

pub async fn supervision(
    State(st): State<UiState>,
    s: Session,
    Query(q): Query<HashMap<String, String>>,
) -> Result<Markup, UiError> {
    hotline_service::figures::require_supervision_role(&s.actor)?;
    let mut sections = Vec::new();
    for q in [
        Queue::Overdue,
        Queue::Warning,
        Queue::Urged,
        Queue::Supervised,
    ] {
        if !s.actor.has_any(q.roles()) {
            continue;
        }
        let (tickets, total) = st.app.queue(&s.actor, q, 20, 0).await?;
        sections.push((q, tickets, total));
    }
    let body = html! {
        h1 { "督办" }
        @for (q, tickets, total) in &sections {
            section data-queue=(q.as_str()) {
                h2 { (q.label_zh()) " " span.muted { "共 " (total) " 件" }
                    @if *total > 20 { " " a href={"/queues/" (q.as_str())} { "查看全部" } } }
                (ticket_table(&st.app, &s, tickets))
                @if matches!(q, Queue::Overdue | Queue::Warning) { (urge_buttons(&s, tickets)) }
            }
        }
        p.muted { "督办级别(交办单、督办单、协调会、市长专报)在工单页选择。现在:" (format::time(s.now)) }
    };
    let flash = (q.get("done").map(String::as_str) == Some("urge")).then_some("已催办");
    Ok(layout::page("督办", &s, "/supervision", flash, None, body))
}
