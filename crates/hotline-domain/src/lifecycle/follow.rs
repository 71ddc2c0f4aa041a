//! `follow`: what a ticket merged into another takes from its master's events (随主单).
use crate::clock::ClockKind;
use crate::event::TicketEvent;
use crate::org::UnitId;
use crate::policy::Context;
use crate::ticket::{Reply, Ticket, TicketState, VisitExemption};

use super::decide::{set_clock, start};

/// What a ticket merged into `master` takes from it (随主单), given the events the master just
/// went through, or none when `child` is merged into it now (`master_events` empty): a merged
/// ticket ends as its master does.
/// - The master's answer (a review passing its reply, or a direct answer; or, when merged now,
///   a reply already approved) is the child's too: `MasterAnswered`, and the child's caller is
///   visited on it (unless they declined visits).
/// - Not accepted, or transferred to an emergency service: the child is too, for the same
///   reason, naming the master.
///
/// A child that took an earlier answer and whose caller has not been visited on it yet takes
/// the master's newer one (the master's caller was not satisfied, and the unit answered again).
///
/// Nothing for a ticket that is not merged into `master`, and nothing while the master is
/// still being handled.
pub fn follow(
    child: &Ticket,
    master: &Ticket,
    master_events: &[TicketEvent],
    ctx: &Context,
) -> Vec<TicketEvent> {
    let waiting = child.state == TicketState::Merged;
    let answered_unvisited = child.state == TicketState::PendingVisit
        && child.visits.is_empty()
        && !master_events.is_empty()
        && answer_of(&child.reply) != answer_of(&master.reply);
    if !(waiting || answered_unvisited) || child.merged_into != Some(master.id) {
        return vec![];
    }
    let why = format!("随主单 {}", master.number);
    let answered = if master_events.is_empty() {
        matches!(
            master.state,
            TicketState::PendingVisit | TicketState::Visited
        )
    } else {
        master_events.iter().any(|e| {
            matches!(
                e,
                TicketEvent::ReviewPassed { .. } | TicketEvent::DirectlyAnswered { .. }
            )
        })
    };
    // Screened out: only a child still waiting goes with it (one already answered keeps its
    // answer and its visit).
    for e in master_events.iter().filter(|_| waiting) {
        match e {
            TicketEvent::NotAccepted {
                reason,
                channel_told,
                ..
            } => {
                return vec![TicketEvent::NotAccepted {
                    reason: *reason,
                    channel_told: channel_told.clone(),
                    note: why,
                }]
            }
            TicketEvent::EmergencyTransferred { service, .. } => {
                return vec![TicketEvent::EmergencyTransferred {
                    service: *service,
                    note: why,
                }]
            }
            _ => {}
        }
    }
    let Some(mut reply) = master.reply.clone().filter(|_| answered) else {
        return vec![];
    };
    // The unit contacted the master's caller, not this one.
    reply.caller_contacted = false;
    // The unit that holds the master at its answer; a direct answer had none (the chain of a
    // ticket answered on the spot after a return is empty).
    let main = master.main_unit();
    let exemption = child
        .caller
        .declines_visit
        .then_some(VisitExemption::CallerDeclined);
    let mut ev = vec![TicketEvent::MasterAnswered {
        master: master.id,
        reply,
        main,
        visit_exemption: exemption,
    }];
    if exemption.is_none() {
        ev.push(set_clock(
            ClockKind::Visit,
            Some(start(ctx, &ctx.policy.visit)),
        ));
    }
    ev
}

/// What makes one answer another: who wrote it, when, and what it says (not whom the unit
/// called about it).
fn answer_of(reply: &Option<Reply>) -> Option<(UnitId, chrono::DateTime<chrono::Utc>, &str)> {
    reply.as_ref().map(|r| (r.unit, r.at, r.result.as_str()))
}
