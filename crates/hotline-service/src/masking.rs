//! What unit staff see of a confidential caller (保密): the caller's fields masked, and the
//! phone and name masked wherever the centre wrote them into a ticket's texts or its events.
//! Only what is shown is masked; an action always loads the ticket as stored.
use serde::Serialize;

use hotline_domain::event::{EventEnvelope, TicketEvent};
use hotline_domain::org::Actor;
use hotline_domain::ticket::{Caller, Ticket};

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
/// with or without `area_code`, the policy's).
pub fn masked_for_units(ticket: Ticket, area_code: &str) -> Ticket {
    let caller = ticket.caller.clone();
    let mut shown = scrubbed(ticket, std::slice::from_ref(&caller), area_code);
    shown.caller = caller.masked();
    shown
}

/// Whether keyword `q` touches the masked phone or name of `raw`'s confidential caller and is
/// not in what `seen` (the masked ticket) shows. `q_phone`: `q` read as phone digits
/// (`phone_as_kept`: a part of a number too), when it is one.
fn matches_only_masked(
    q: &str,
    q_phone: Option<&str>,
    raw: &Ticket,
    seen: &Ticket,
    area_code: &str,
) -> bool {
    let c = &raw.caller;
    if !c.confidential || q.is_empty() {
        return false;
    }
    // Every form of the phone: as kept and, for a landline of the city, the other way.
    let phones = hotline_domain::caller::line_forms(c.phone.trim(), area_code);
    let touches = (phones.iter().map(String::as_str).chain([c.name.trim()]))
        .any(|s| !s.is_empty() && (s.contains(q) || q.contains(s)));
    // A phone searched for as written (138-1234-5678) touches the kept digits too.
    let touches = touches
        || q_phone.is_some_and(|d| {
            d.len() >= 4
                && (phones.iter()).any(|p| p.contains(d) || d.contains(p.as_str()))
        })
        // Every other mobile number in the texts is masked too: a number searched for is
        // only found where it shows.
        || q_phone.is_some_and(|d| d.len() >= 4);
    let e = &seen.elements;
    let visible = [
        &seen.subject,
        &seen.record,
        &e.event,
        &e.demand,
        &e.place.address,
    ];
    touches && !visible.iter().any(|t| t.contains(q))
}

/// Tickets listed for someone: masked for unit staff (`masked_for_units`). Lists are for
/// reading; an action loads its ticket unmasked.
pub(crate) fn as_seen_by(actor: &Actor, tickets: Vec<Ticket>, area_code: &str) -> Vec<Ticket> {
    if actor.is_unit_staff() {
        (tickets.into_iter())
            .map(|t| masked_for_units(t, area_code))
            .collect()
    } else {
        tickets
    }
}

/// Search results for `actor`: masked for unit staff, and without the tickets a keyword found
/// only in what is masked (a confidential caller's phone or name written into the record),
/// which would tell a unit that its guess is right.
pub(crate) fn search_results(
    actor: &Actor,
    query: Option<&str>,
    tickets: Vec<Ticket>,
    total: u64,
    area_code: &str,
) -> (Vec<Ticket>, u64) {
    if !actor.is_unit_staff() {
        return (tickets, total);
    }
    // A keyword written as a phone (138-1234-5678, +86 138…) is read once for every ticket.
    let q_phone = query.and_then(hotline_domain::caller::phone_as_kept);
    let shown: Vec<Ticket> = as_seen_by(actor, tickets.clone(), area_code)
        .into_iter()
        .zip(&tickets)
        .filter(|(seen, raw)| {
            query.is_none_or(|q| {
                !matches_only_masked(q.trim(), q_phone.as_deref(), raw, seen, area_code)
            })
        })
        .map(|(seen, _)| seen)
        .collect();
    let hidden = (tickets.len() - shown.len()) as u64;
    (shown, total.saturating_sub(hidden))
}

/// Every caller a ticket has had: an edit may have changed the number or the name.
pub(crate) fn callers(current: &Ticket, events: &[EventEnvelope]) -> Vec<Caller> {
    std::iter::once(current.caller.clone())
        .chain(events.iter().filter_map(|e| match &e.event {
            TicketEvent::Created { ticket } => Some(ticket.caller.clone()),
            TicketEvent::Edited { edit } => edit.caller.clone(),
            _ => None,
        }))
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
