//! What unit staff see of a confidential caller (保密): the caller's fields masked, and the
//! phone and name masked wherever the centre wrote them into a ticket's texts or its events.
//! Only what is shown is masked; an action always loads the ticket as stored.
use serde::Serialize;

use hotline_domain::event::{EventEnvelope, TicketEvent};
use hotline_domain::org::Actor;
use hotline_domain::ticket::{Caller, Ticket, TicketId};

/// `value` with every confidential caller's phone and name masked in its texts, or as it was
/// if it does not pass through JSON (it always does: events and tickets are stored as JSON).
fn scrubbed<T: Serialize + serde::de::DeserializeOwned>(
    value: T,
    callers: &[Caller],
    area_code: &str,
) -> T {
    if !callers.iter().any(|c| c.confidential) {
        return value;
    }
    let Ok(mut json) = serde_json::to_value(&value) else {
        return value;
    };
    for c in callers {
        c.scrub_json(&mut json, area_code);
    }
    serde_json::from_value(json).unwrap_or(value)
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

/// Whether keyword search `q` finds a ticket by a word that touches the masked phone or name
/// of one of its confidential `callers` and is not in what `seen` (the masked ticket) shows.
/// Each word is asked on its own, as the store finds them (every word somewhere): "1381 漏"
/// must not tell whether the hidden number holds 1381 because 漏 is in the subject.
fn matches_only_masked(q: &str, callers: &[Caller], seen: &Ticket, area_code: &str) -> bool {
    let secret: Vec<&Caller> = callers.iter().filter(|c| c.confidential).collect();
    if secret.is_empty() {
        return false;
    }
    // Every form of each phone: as kept and its `other_forms` (the city's landline the other
    // way, with or without the area code's 0), and each name.
    let hidden: Vec<String> = (secret.iter())
        .flat_map(|c| hotline_domain::caller::line_forms(c.phone.trim(), area_code))
        .chain(secret.iter().map(|c| c.name.trim().to_string()))
        .filter(|s| !s.is_empty())
        .collect();
    let e = &seen.elements;
    let visible = [
        &seen.subject,
        &seen.record,
        &e.event,
        &e.demand,
        &e.place.address,
    ];
    let only_masked = |word: &str| {
        let touches = (hidden.iter()).any(|s| s.contains(word) || word.contains(s.as_str()));
        // A phone searched for as written (138-1234-5678) touches the kept digits too; and
        // every other mobile number in the texts is masked as well: a number searched for is
        // only found where it shows.
        let digits = hotline_domain::caller::phone_as_kept(word);
        let touches = touches || digits.is_some_and(|d| d.len() >= 4);
        touches && !visible.iter().any(|t| t.contains(word))
    };
    (q.split_whitespace())
        .take(hotline_store::MAX_QUERY_WORDS)
        .any(only_masked)
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
            matches_only_masked(query, callers, &seen, area_code).then_some(id)
        })
        .collect()
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
