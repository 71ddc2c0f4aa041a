//! Tickets stored before units' parts could end read every part as still going
//! (`Assignment::ended_at` missing, every `ticket_units` link taking part). Migration SQLite 16 /
//! PostgreSQL 19 leaves a mark; opening the store then folds again the history of each ticket
//! whose parts may have ended and stores the parts the fold gives, a batch per transaction, so
//! an interrupted start resumes where it stopped.
use hotline_domain::event::{replay, EventEnvelope};
use hotline_domain::ticket::{AssignmentRole, Ticket, TicketState};

/// The `settings` key of the mark: the last ticket id done.
pub(crate) const MARK: &str = "parts_refold";
/// Tickets read per batch.
pub(crate) const BATCH: i64 = 500;

/// Whether a stored ticket's parts may have ended: it went back to the centre, was dispatched
/// again or merged, or a unit of its chain left it. Most tickets were dispatched once and kept
/// their units; their histories are not read.
pub(crate) fn may_have_ended_parts(t: &Ticket) -> bool {
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

/// The stored ticket with the parts (and the pending extension request) its history folds to
/// now, or None when they are the same. Only those fields are taken from the fold: the rest of
/// the stored ticket, and so every indexed column, stays as it is.
pub(crate) fn refolded(stored: &Ticket, history: &[EventEnvelope]) -> Option<Ticket> {
    let folded = replay(history)?;
    if folded.version != stored.version {
        return None;
    }
    let mut t = stored.clone();
    t.assignments = folded.assignments;
    t.extension_request = folded.extension_request;
    (t != *stored).then_some(t)
}
