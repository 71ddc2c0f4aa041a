//! Stored tickets given what a newer fold keeps, once, when the store opens. A migration leaves
//! a pass's mark (the last ticket id done, from '0'); opening the store then goes through the
//! tickets from there, a batch per transaction, so an interrupted start resumes where it
//! stopped, and clears the mark at the end. Only the fields the pass is about are taken from the
//! fold: the rest of the stored ticket, and so every indexed column, stays as it is.
//!
//! - `PARTS` (migration SQLite 16 / PostgreSQL 19): tickets stored before units' parts could end
//!   read every part as still going (`Assignment::ended_at` missing, every `ticket_units` link
//!   taking part).
//! - `FIRST_DISPATCH` (migration SQLite 21 / PostgreSQL 24): tickets stored before the first
//!   dispatch's verdict was kept (`Ticket::first_dispatch`) were judged by their state now, so a
//!   ticket reopened and sent elsewhere counted as dispatched wrong. Only those whose snapshot
//!   does not show it are written again (`Ticket::verdict_in_snapshot`).
use hotline_domain::event::{replay, EventEnvelope};
use hotline_domain::ticket::{AssignmentRole, Ticket, TicketState};

/// Tickets read per batch.
pub(crate) const BATCH: i64 = 500;

/// One pass over the stored tickets.
pub(crate) struct Pass {
    /// The `settings` key of the mark: the last ticket id done.
    pub mark: &'static str,
    /// What the log says of the tickets stored again.
    pub done: &'static str,
    /// Whether a stored ticket's history is to be read (from the snapshot alone).
    pub needs_history: fn(&Ticket) -> bool,
    /// Takes the fields the pass is about from the fold into the stored ticket.
    pub take: fn(&mut Ticket, Ticket),
    /// Whether the ticket's unit links are written again with it.
    pub relink: bool,
}

/// The passes, in the order they run.
pub(crate) const PASSES: [Pass; 2] = [PARTS, FIRST_DISPATCH];

const PARTS: Pass = Pass {
    mark: "parts_refold",
    done: "units' parts stored again",
    needs_history: may_have_ended_parts,
    take: |t, folded| {
        t.assignments = folded.assignments;
        t.extension_request = folded.extension_request;
    },
    relink: true,
};

const FIRST_DISPATCH: Pass = Pass {
    mark: "first_dispatch_refold",
    done: "first dispatches' verdicts stored",
    needs_history: verdict_not_shown,
    take: |t, folded| t.first_dispatch = folded.first_dispatch,
    relink: false,
};

impl Pass {
    /// The stored ticket with what the pass takes from its history's fold, or None when that
    /// changes nothing, or the fold is not of the stored version (a save built on an older read
    /// that lands later keeps what it had).
    pub fn refold(&self, stored: &Ticket, history: &[EventEnvelope]) -> Option<Ticket> {
        let folded = replay(history).filter(|t| t.version == stored.version)?;
        let mut t = stored.clone();
        (self.take)(&mut t, folded);
        (t != *stored).then_some(t)
    }
}

/// Whether a stored ticket's parts may have ended: it went back to the centre, was dispatched
/// again or merged, or a unit of its chain left it. Most tickets were dispatched once and kept
/// their units; their histories are not read.
fn may_have_ended_parts(t: &Ticket) -> bool {
    !t.assignments.is_empty()
        && (t.dispatch_count > 1
            || t.return_count > 0
            || t.merged_into.is_some()
            || t.extension_request.is_some()
            || matches!(
                t.state,
                TicketState::PendingDispatch | TicketState::ReturnedToIntake
            )
            || t.assignments
                .iter()
                .any(|a| a.role == AssignmentRole::Main && !t.chain.contains(&a.unit)))
}

/// Dispatched tickets whose snapshot does not show the verdict (`Ticket::verdict_in_snapshot`:
/// returned, dispatched again, merged, reopened, handled again) have their histories read. The
/// rest, most of them, are left as they are: the verdict they show is read from them.
fn verdict_not_shown(t: &Ticket) -> bool {
    t.first_dispatch.is_none() && t.dispatch_count > 0 && t.verdict_in_snapshot().is_none()
}

#[cfg(test)]
mod tests {
    use super::*;
    use hotline_domain::org::UnitId;
    use hotline_domain::ticket::{Assignment, FirstDispatch, Reply};

    fn dispatched_once() -> Ticket {
        let json = serde_json::json!({
            "id": 7, "number": "T7", "version": 5, "state": "processing",
            "channel": "phone", "caller": {}, "elements": {}, "kind": "complaint",
            "category": null, "tier": "normal", "tags": [], "importance": "normal",
            "subject": "路灯", "record": "路灯不亮",
            "created_at": "2026-11-02T01:00:00Z", "updated_at": "2026-11-02T02:00:00Z",
            "created_by": 1, "assignments": [], "chain": [], "clocks": {},
            "return_request": null, "extension_request": null, "reply": null, "visits": [],
            "visit_exemption": null, "needs_manual_visit": false, "suspended_from": null,
            "urge_count": 0, "supervision": null, "merged_into": null, "merged": [],
            "dispatch_count": 1, "return_count": 0, "rehandle_count": 0, "closed_at": null,
            "attachments": []
        });
        let mut t: Ticket = serde_json::from_value(json).unwrap_or_else(|e| panic!("{e}"));
        t.assignments.push(Assignment {
            unit: UnitId(701),
            role: AssignmentRole::Main,
            signed_at: None,
            ended_at: None,
        });
        t.chain.push(UnitId(701));
        t
    }

    #[test]
    fn only_tickets_whose_snapshot_cannot_say_have_their_history_read() {
        let mut t = dispatched_once();
        assert_eq!(t.first_dispatch_verdict(), Some(FirstDispatch::Open));
        assert!(!verdict_not_shown(&t));
        t.reply = Some(Reply {
            unit: UnitId(701),
            result: "已修复".into(),
            resolved: true,
            caller_contacted: true,
            at: t.updated_at,
        });
        t.state = TicketState::PendingReview;
        assert_eq!(t.first_dispatch_verdict(), Some(FirstDispatch::Stood));
        assert!(!verdict_not_shown(&t));
        // A sub-dispatched unit's reply to its parent: had the first unit answered before?
        let mut sub = t.clone();
        if let Some(r) = sub.reply.as_mut() {
            r.unit = UnitId(702);
        }
        assert_eq!(sub.first_dispatch_verdict(), None);
        assert!(verdict_not_shown(&sub));
        // Reopened: the chain is gone, so the snapshot cannot say.
        let mut reopened = t.clone();
        reopened.chain.clear();
        reopened.reply = None;
        reopened.state = TicketState::PendingDispatch;
        assert_eq!(reopened.first_dispatch_verdict(), None);
        assert!(verdict_not_shown(&reopened));
        let mut returned = t.clone();
        returned.return_count = 1;
        assert!(verdict_not_shown(&returned));
        // Judged already, or never dispatched: nothing to do.
        reopened.first_dispatch = Some(FirstDispatch::Stood);
        assert!(!verdict_not_shown(&reopened));
        let mut draft = dispatched_once();
        draft.dispatch_count = 0;
        assert!(!verdict_not_shown(&draft));
    }
}
