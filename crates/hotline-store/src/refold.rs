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
//!   ticket reopened and sent elsewhere counted as dispatched wrong.
use hotline_domain::event::{replay, EventEnvelope};
use hotline_domain::ticket::{AssignmentRole, FirstDispatch, Ticket, TicketState};

/// Tickets read per batch.
pub(crate) const BATCH: i64 = 500;

/// One pass over the stored tickets.
pub(crate) struct Pass {
    /// The `settings` key of the mark: the last ticket id done.
    pub mark: &'static str,
    /// What the log says of the tickets stored again.
    pub done: &'static str,
    /// What to do with a stored ticket, from the snapshot alone.
    pub look: fn(&Ticket) -> Look,
    /// The stored ticket with what its history folds to now, or None when that is the same.
    pub refold: fn(&Ticket, &[EventEnvelope]) -> Option<Ticket>,
    /// Whether the ticket's unit links are written again with it.
    pub relink: bool,
}

pub(crate) enum Look {
    /// Nothing to do.
    Skip,
    /// Store this (worked out from the snapshot).
    Store(Box<Ticket>),
    /// Read the history and `refold`.
    Replay,
}

/// The passes, in the order they run.
pub(crate) const PASSES: [Pass; 2] = [PARTS, FIRST_DISPATCH];

const PARTS: Pass = Pass {
    mark: "parts_refold",
    done: "units' parts stored again",
    look: |t| {
        if may_have_ended_parts(t) {
            Look::Replay
        } else {
            Look::Skip
        }
    },
    refold: |stored, history| {
        let folded = same_version(stored, history)?;
        let mut t = stored.clone();
        t.assignments = folded.assignments;
        t.extension_request = folded.extension_request;
        (t != *stored).then_some(t)
    },
    relink: true,
};

const FIRST_DISPATCH: Pass = Pass {
    mark: "first_dispatch_refold",
    done: "first dispatches' verdicts stored",
    look: first_dispatch_look,
    refold: |stored, history| {
        let folded = same_version(stored, history)?;
        let mut t = stored.clone();
        t.first_dispatch = folded.first_dispatch;
        (t != *stored).then_some(t)
    },
    relink: false,
};

/// The fold of `history`, if it is the stored ticket's (a save built on an older read that
/// lands later keeps what it had).
fn same_version(stored: &Ticket, history: &[EventEnvelope]) -> Option<Ticket> {
    replay(history).filter(|t| t.version == stored.version)
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

/// Most dispatched tickets went once to one unit and stayed there: their verdict is in the
/// snapshot (answered: stood; not yet: open). The others (returned, dispatched again, merged,
/// reopened, handled again) have their histories read.
fn first_dispatch_look(t: &Ticket) -> Look {
    if t.first_dispatch.is_some() || t.dispatch_count == 0 {
        return Look::Skip;
    }
    let plain = t.dispatch_count == 1
        && t.return_count == 0
        && t.rehandle_count == 0
        && t.merged_into.is_none()
        && t.main_unit().is_some()
        && t.main_unit() == t.first_main_unit();
    if !plain {
        return Look::Replay;
    }
    let answered = t.reply.as_ref().is_some_and(|r| r.unit == t.chain[0]);
    let mut judged = t.clone();
    judged.first_dispatch = Some(if answered {
        FirstDispatch::Stood
    } else {
        FirstDispatch::Open
    });
    Look::Store(Box::new(judged))
}

#[cfg(test)]
mod tests {
    use super::*;
    use hotline_domain::org::UnitId;
    use hotline_domain::ticket::{Assignment, Reply};

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

    fn verdict(look: Look) -> Option<Option<FirstDispatch>> {
        match look {
            Look::Store(t) => Some(t.first_dispatch),
            Look::Skip => None,
            Look::Replay => Some(None),
        }
    }

    #[test]
    fn a_ticket_dispatched_once_is_judged_from_its_snapshot_and_the_rest_from_history() {
        let mut t = dispatched_once();
        assert_eq!(
            verdict(first_dispatch_look(&t)),
            Some(Some(FirstDispatch::Open))
        );
        t.reply = Some(Reply {
            unit: UnitId(701),
            result: "已修复".into(),
            resolved: true,
            caller_contacted: true,
            at: t.updated_at,
        });
        t.state = TicketState::PendingReview;
        assert_eq!(
            verdict(first_dispatch_look(&t)),
            Some(Some(FirstDispatch::Stood))
        );
        // Reopened: the chain is gone, so the snapshot cannot say.
        let mut reopened = t.clone();
        reopened.chain.clear();
        reopened.reply = None;
        reopened.state = TicketState::PendingDispatch;
        assert!(matches!(first_dispatch_look(&reopened), Look::Replay));
        let mut returned = t.clone();
        returned.return_count = 1;
        assert!(matches!(first_dispatch_look(&returned), Look::Replay));
        // Judged already, or never dispatched: nothing to do.
        t.first_dispatch = Some(FirstDispatch::Stood);
        assert!(matches!(first_dispatch_look(&t), Look::Skip));
        let mut draft = dispatched_once();
        draft.dispatch_count = 0;
        assert!(matches!(first_dispatch_look(&draft), Look::Skip));
    }
}
