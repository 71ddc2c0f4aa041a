//! What unit staff see of a confidential caller (保密): the caller's fields masked, and the
//! phone and name masked wherever the centre wrote them into a ticket's texts or its events.
//! Only what is shown is masked; an action always loads the ticket as stored.
use serde::Serialize;

use hotline_domain::event::{EventEnvelope, TicketEvent};
use hotline_domain::org::Actor;
use hotline_domain::ticket::{Caller, Ticket, TicketId};

/// `value` with every confidential caller's phone and name masked in its texts, or as it was
/// if it does not pass through JSON (it always does: events and tickets are stored as JSON).
/// Should a masked name have broken a value that must read back (a code), the value is masked
/// again with names in Latin letters left as they are, rather than shown unmasked.
fn scrubbed<T: Serialize + serde::de::DeserializeOwned>(
    value: T,
    callers: &[Caller],
    area_code: &str,
) -> T {
    if !callers.iter().any(|c| c.confidential) {
        return value;
    }
    let masked = |callers: &[Caller]| {
        let mut json = serde_json::to_value(&value).ok()?;
        for c in callers {
            c.scrub_json(&mut json, area_code);
        }
        serde_json::from_value::<T>(json).ok()
    };
    if let Some(shown) = masked(callers) {
        return shown;
    }
    let chinese_names_only: Vec<Caller> = (callers.iter())
        .map(|c| Caller {
            name: if c.name.is_ascii() {
                String::new()
            } else {
                c.name.clone()
            },
            ..c.clone()
        })
        .collect();
    masked(&chinese_names_only).unwrap_or(value)
}

/// A ticket as unit staff see it: a confidential caller masked, in the caller's fields and
/// wherever an operator wrote the phone or the name into the texts (a landline of the city
/// with or without `area_code`, the policy's), for every caller in `callers` (all the ticket
/// has had: a record may name one an edit has since corrected).
pub(crate) fn masked_for_units(ticket: Ticket, callers: &[Caller], area_code: &str) -> Ticket {
    let caller = ticket.caller.clone();
    let mut shown = scrubbed(ticket, callers, area_code);
    shown.caller = caller.masked();
    shown
}

/// Whether keyword search `q` found a ticket by something unit staff do not see: some word of
/// it is in none of the texts `seen` (the ticket as masked for them) shows, so the store found
/// it in what the masking hid (a confidential caller's phone or name, or part of one beside
/// the text around it: "人王" in "来电人王小明" spells the name's first character). Each word
/// is asked on its own, as the store finds them (every word somewhere): "1381 漏" must not
/// tell whether the hidden number holds 1381 because 漏 is in the subject. Words compare as
/// the store compares them: ASCII letters in either case, everything else as written.
fn matches_only_masked(q: &str, callers: &[Caller], seen: &Ticket) -> bool {
    if !callers.iter().any(|c| c.confidential) {
        return false;
    }
    let e = &seen.elements;
    let visible: Vec<String> = [
        &seen.subject,
        &seen.record,
        &e.event,
        &e.demand,
        &e.place.address,
    ]
    .iter()
    .map(|t| t.to_ascii_lowercase())
    .collect();
    (q.split_whitespace())
        .take(hotline_store::MAX_QUERY_WORDS)
        .any(|word| {
            let word = word.to_ascii_lowercase();
            !visible.iter().any(|t| t.contains(&word))
        })
}

/// Tickets listed for someone: masked for unit staff, each with every caller it has had
/// (`callers`, one list a ticket, as `App::callers_for_units` reads them). Lists are for
/// reading; an action loads its ticket unmasked.
pub(crate) fn as_seen_by(
    actor: &Actor,
    tickets: Vec<Ticket>,
    callers: &[Vec<Caller>],
    area_code: &str,
) -> Vec<Ticket> {
    if !actor.is_unit_staff() {
        return tickets;
    }
    (tickets.into_iter().zip(callers))
        .map(|(t, callers)| masked_for_units(t, callers, area_code))
        .collect()
}

/// Of `tickets` (each with every caller it has had, as `App::callers_for_units` reads them),
/// those keyword search `query` finds only in what unit staff see masked (a confidential
/// caller's phone or name written into the record, the caller's now or one an edit replaced):
/// showing them, or counting them, would tell a unit that its guess is right.
pub(crate) fn found_only_masked(
    query: &str,
    tickets: Vec<Ticket>,
    callers: &[Vec<Caller>],
    area_code: &str,
) -> Vec<TicketId> {
    (tickets.into_iter().zip(callers))
        .filter(|(_, callers)| callers.iter().any(|c| c.confidential))
        .filter_map(|(t, callers)| {
            let id = t.id;
            let seen = masked_for_units(t, callers, area_code);
            matches_only_masked(query, callers, &seen).then_some(id)
        })
        .collect()
}

/// A page of search results for `actor`: masked for unit staff, and without a ticket found
/// only in what is masked, its total less those. The store already left out what
/// `found_only_masked` found; this holds for a ticket changed in the moment between.
pub(crate) fn search_results(
    actor: &Actor,
    query: Option<&str>,
    tickets: Vec<Ticket>,
    callers: &[Vec<Caller>],
    total: u64,
    area_code: &str,
) -> (Vec<Ticket>, u64) {
    if !actor.is_unit_staff() {
        return (tickets, total);
    }
    let count = tickets.len();
    let shown: Vec<Ticket> = (as_seen_by(actor, tickets, callers, area_code).into_iter())
        .zip(callers)
        .filter(|(seen, callers)| query.is_none_or(|q| !matches_only_masked(q, callers, seen)))
        .map(|(seen, _)| seen)
        .collect();
    let hidden = (count - shown.len()) as u64;
    (shown, total.saturating_sub(hidden))
}

/// A text of a ticket (an attachment's name) as unit staff see it: every confidential caller's
/// phone and name masked.
pub(crate) fn text_for_units(text: String, callers: &[Caller], area_code: &str) -> String {
    scrubbed(text, callers, area_code)
}

/// A text of a ticket as the public reads it (Open311's requests): the phone and the name of
/// every caller in `callers` masked whether or not they asked for confidentiality, and every
/// mobile number in it.
pub fn for_the_public(text: String, callers: &[Caller], area_code: &str) -> String {
    let callers: Vec<Caller> = (callers.iter())
        .map(|c| Caller {
            confidential: true,
            ..c.clone()
        })
        .collect();
    scrubbed(text, &callers, area_code)
}

/// Every caller a ticket has had: an edit may have changed the number or the name. A caller
/// confidential now is so in every earlier form too (a first record taken before the caller
/// asked for it still names them).
pub(crate) fn callers(current: &Ticket, events: &[EventEnvelope]) -> Vec<Caller> {
    let confidential = current.caller.confidential;
    std::iter::once(current.caller.clone())
        .chain(events.iter().filter_map(|e| match &e.event {
            TicketEvent::Created { ticket } => Some(ticket.caller.clone()),
            TicketEvent::Edited { edit } => edit.caller.clone(),
            _ => None,
        }))
        .map(|mut c| {
            c.confidential |= confidential;
            c
        })
        .collect()
}

/// An event of the timeline as unit staff see it.
pub(crate) fn event_for_units(
    event: TicketEvent,
    callers: &[Caller],
    area_code: &str,
) -> TicketEvent {
    let mut event = scrubbed(event, callers, area_code);
    if let TicketEvent::Created { ticket } = &mut event {
        ticket.caller = ticket.caller.masked();
    }
    if let TicketEvent::Edited { edit } = &mut event {
        if let Some(c) = edit.caller.as_mut() {
            *c = c.masked();
        }
    }
    event
}
