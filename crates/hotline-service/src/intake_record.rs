//! What intake suggested, stored with each ticket (`intake_analyses`), so acceptance and
//! accuracy can be measured later: the analysis the operator saw (`AnalysisCache`, picked up by
//! its id when the ticket is created from the same draft), or else the routing suggestion
//! worked out for the ticket as recorded; and, read back, that suggestion against what was done
//! (`IntakeOutcome`).
use std::collections::{HashMap, VecDeque};
use std::sync::Mutex;
use std::time::{Duration as StdDuration, Instant};

use chrono::{DateTime, Utc};
use serde::Serialize;

use hotline_domain::org::{Actor, UnitId, UserId};
use hotline_domain::ticket::{FiveElements, NewTicket, Ticket, TicketId};
use hotline_store::{IntakeChange, IntakeRecord};
use hotline_text::dedup::Fingerprint;

use crate::analyze::{chain, Analysis};
use crate::repeats::PlaceCodes;
use crate::routing::suggest::{self, RouteSuggestion};
use crate::routing::train::route_text;
use crate::{App, Reference, ServiceError, ServiceResult};

/// Analyses kept for a create to pick up…
const CACHE_ENTRIES: usize = 20_000;
/// …for this long.
const CACHE_TTL: StdDuration = StdDuration::from_secs(4 * 3600);
/// How much of an analysed draft (of its character trigrams) the ticket created with its id
/// must hold for the analysis to be the ticket's: words added or edited after the last
/// analysis keep it, an analysis of another call does not.
const MIN_OVERLAP: f32 = 0.5;

/// Recent analyses by id, oldest first out.
#[derive(Default)]
pub struct AnalysisCache {
    inner: Mutex<CacheInner>,
}

#[derive(Default)]
struct CacheInner {
    /// When, by whom, of what text, and what to store with the ticket.
    by_id: HashMap<String, (Instant, UserId, Fingerprint, IntakeRecord)>,
    order: VecDeque<String>,
}

impl AnalysisCache {
    pub(crate) fn put(&self, id: String, by: UserId, text: &str, record: IntakeRecord) {
        let text = Fingerprint::of_text(text);
        let mut c = self.inner.lock().unwrap_or_else(|p| p.into_inner());
        while c.order.len() >= CACHE_ENTRIES {
            if let Some(old) = c.order.pop_front() {
                c.by_id.remove(&old);
            }
        }
        c.order.push_back(id.clone());
        c.by_id.insert(id, (Instant::now(), by, text, record));
    }

    /// Take the analysis `by` ran with this id, if it is still fresh, for one creation: while
    /// the claim lives, a second creation with the same id finds nothing (one analysis, one
    /// ticket, however the requests race). Dropped without `Claim::used` (the creation was
    /// refused, or the ticket is of another text), the analysis goes back for a retry.
    pub(crate) fn claim(&self, id: &str, by: UserId) -> Option<Claim<'_>> {
        let mut c = self.inner.lock().unwrap_or_else(|p| p.into_inner());
        let (at, owner, ..) = c.by_id.get(id)?;
        if *owner != by || at.elapsed() >= CACHE_TTL {
            return None;
        }
        let entry = c.by_id.remove(id)?;
        Some(Claim {
            cache: self,
            id: id.to_owned(),
            entry: Some(entry),
        })
    }
}

/// An analysis taken out of the cache by one creation (`AnalysisCache::claim`).
pub(crate) struct Claim<'a> {
    cache: &'a AnalysisCache,
    id: String,
    entry: Option<(Instant, UserId, Fingerprint, IntakeRecord)>,
}

impl Claim<'_> {
    /// The analysed text's fingerprint and the record to store.
    fn analysis(&self) -> Option<(&Fingerprint, &IntakeRecord)> {
        self.entry.as_ref().map(|(_, _, f, r)| (f, r))
    }

    /// The analysis is stored with a ticket: it is not put back.
    pub(crate) fn used(mut self) {
        self.entry = None;
    }
}

impl Drop for Claim<'_> {
    fn drop(&mut self) {
        let Some(entry) = self.entry.take() else {
            return;
        };
        let mut c = self.cache.inner.lock().unwrap_or_else(|p| p.into_inner());
        // Its place in the eviction order may have gone while it was out.
        if !c.order.contains(&self.id) {
            c.order.push_back(self.id.clone());
        }
        c.by_id.insert(std::mem::take(&mut self.id), entry);
    }
}

/// Whether a stored record is the analysis the operator saw (rather than worked out at create).
pub(crate) fn is_analysis(record: &IntakeRecord) -> bool {
    record.body["source"] == "analyze"
}

/// The record of a suggestion: its first category and unit counted apart, `body` kept whole.
fn record(at: DateTime<Utc>, s: &RouteSuggestion, body: serde_json::Value) -> IntakeRecord {
    IntakeRecord {
        analyzed_at: at,
        model_version: s.model_version,
        category: s.categories.first().and_then(|c| c.code.clone()),
        unit: s.units.first().map(|u| u.unit),
        body,
    }
}

/// What is stored with a ticket: the suggestions, not the whole screen.
pub(crate) fn record_of(a: &Analysis) -> IntakeRecord {
    let r = &a.routing;
    let ids = |items: &[crate::repeats::RepeatItem]| -> Vec<i64> {
        items.iter().map(|i| i.id.0).collect()
    };
    record(
        a.analyzed_at,
        r,
        serde_json::json!({
            "source": "analyze",
            "analysis_id": a.analysis_id,
            "categories": r.categories,
            "units": r.units,
            "place": a.place,
            "scope": {
                "accept": a.scope.accept,
                "emergency": a.scope.emergency.iter().map(|h| &h.rule).collect::<Vec<_>>(),
                "possible_emergency": a.scope.possible_emergency.iter().map(|h| &h.rule)
                    .collect::<Vec<_>>(),
                "not_accepted": a.scope.not_accepted.iter().map(|h| &h.rule).collect::<Vec<_>>(),
                "out_of_remit": a.scope.out_of_remit.iter().map(|h| &h.rule).collect::<Vec<_>>(),
            },
            "missing": a.elements.missing,
            "elements": found(&a.elements),
            "repeats": {
                "same_phone": ids(&a.repeats.same_phone),
                "same_place_category_open": ids(&a.repeats.same_place_category_open),
                "near_duplicates": ids(&a.repeats.near_duplicates),
            },
            "knowledge": a.knowledge.iter().map(|k| k.id.0).collect::<Vec<_>>(),
        }),
    )
}

/// The five elements as read from the draft, kept beside what the operator recorded so the
/// extraction can be measured against it: the times with their values, the places by code,
/// the addresses, persons and organisations as said, the event (and its formal wording) and
/// the demand. Character offsets are left out: they count into a draft that is not kept.
fn found(e: &crate::analyze::FoundElements) -> serde_json::Value {
    let code = |p: &Option<hotline_text::elements::PlaceRef>| p.as_ref().map(|p| p.code.clone());
    let places = &e.places;
    serde_json::json!({
        "times": e.times.iter().map(|t| serde_json::json!({"text": t.text, "value": t.value}))
            .collect::<Vec<_>>(),
        "place": {
            "district": code(&places.district),
            "street": code(&places.street),
            "community": code(&places.community),
            "road": code(&places.road),
            "landmark": code(&places.landmark),
        },
        "addresses": places.addresses.iter().map(|a| &a.text).collect::<Vec<_>>(),
        "parties": e.parties.iter().map(|p| serde_json::json!({"text": p.text, "kind": p.kind}))
            .collect::<Vec<_>>(),
        "event": e.event,
        "event_formal": e.event_formal.text,
        "demand": e.demand,
    })
}

impl App {
    /// What was suggested for a ticket when it was recorded (the stored intake record) against
    /// what was done, for the centre's staff: units see the ticket, not how the centre decided
    /// where to send it.
    pub async fn intake_suggestion(
        &self,
        actor: &Actor,
        id: TicketId,
    ) -> ServiceResult<Option<IntakeOutcome>> {
        if actor.is_unit_staff() {
            return Err(ServiceError::Forbidden(
                "受理时的系统建议只供热线中心查看 / for the centre's staff".into(),
            ));
        }
        let ticket = self.ticket(actor, id).await?;
        let record = self.store.intake_records(&[id]).await?.into_iter().next();
        Ok(record.map(|(_, r)| IntakeOutcome::of(&self.reference(), &ticket, r)))
    }

    /// The record to store with a new ticket: the analysis the operator saw, or the routing
    /// suggestion for the ticket as recorded.
    /// An analysis that has expired (after four hours, or a restart), was run by someone else,
    /// or was of another text (`MIN_OVERLAP`) is not used: the suggestion is then worked out
    /// again for the ticket as recorded.
    /// `claim` is the analysis taken for this creation (`AnalysisCache::claim`).
    pub(crate) fn intake_record(
        &self,
        r: &Reference,
        claim: Option<&Claim<'_>>,
        new: &NewTicket,
    ) -> Option<IntakeRecord> {
        let text = ticket_text(&new.subject, &new.elements, &new.record);
        if let Some((analysed, record)) = claim.and_then(Claim::analysis) {
            if analysed.contained_in(&text) >= MIN_OVERLAP {
                return Some(record.clone());
            }
        }
        self.worked_out(
            r,
            (new.subject.as_str(), &new.elements, new.record.as_str()),
            new.category.as_deref(),
            "create",
        )
    }

    /// What an edit does to the ticket's intake record. A ticket not yet dispatched whose
    /// text no longer holds most of what it said (`MIN_OVERLAP`) has been edited into another
    /// call: the suggestion for it as it now reads replaces the record (which goes when
    /// nothing would be suggested), so what is measured later is what was suggested for this
    /// call. Words added or corrected keep the record, and a dispatched ticket keeps it
    /// whatever is edited: it is what the dispatch is measured against.
    pub(crate) fn edited_intake(
        &self,
        r: &Reference,
        before: &Ticket,
        after: &Ticket,
    ) -> IntakeChange {
        if before.dispatch_count > 0 {
            return IntakeChange::Keep;
        }
        let was = ticket_text(&before.subject, &before.elements, &before.record);
        let now = ticket_text(&after.subject, &after.elements, &after.record);
        // A text unchanged keeps it, also one without letters to compare by.
        if was == now || Fingerprint::of_text(&was).contained_in(&now) >= MIN_OVERLAP {
            return IntakeChange::Keep;
        }
        let text = (
            after.subject.as_str(),
            &after.elements,
            after.record.as_str(),
        );
        match self.worked_out(r, text, after.category.as_deref(), "edit") {
            Some(record) => IntakeChange::Replace(record),
            None => IntakeChange::Remove,
        }
    }

    /// The routing suggestion for a ticket as recorded, as its intake record (`source` says
    /// when it was worked out); none when nothing would be suggested. Units are suggested for
    /// the ticket's category when it has one, as the intake screen suggests them once the
    /// operator has chosen it, so the figures compare the same kind of suggestion either way.
    fn worked_out(
        &self,
        r: &Reference,
        (subject, e, text): (&str, &FiveElements, &str),
        category: Option<&str>,
        source: &str,
    ) -> Option<IntakeRecord> {
        let model = self.routing.active();
        let text = r.matter(&route_text(subject, text, &e.event, &e.demand));
        let place = PlaceCodes {
            district: e.place.district.clone(),
            street: e.place.street.clone(),
            community: e.place.community.clone(),
        };
        let s = suggest::suggest(r, model.as_deref(), &text, category, &chain(&place), false);
        if s.categories.is_empty() && s.units.is_empty() {
            return None;
        }
        let body = serde_json::json!({
            "source": source,
            "categories": s.categories,
            "units": s.units,
            "place": place,
        });
        Some(record(self.now(), &s, body))
    }
}

/// The text of a ticket as intake analysis reads a draft: the subject, then the rest.
fn ticket_text(subject: &str, e: &FiveElements, text: &str) -> String {
    [subject, &e.event, &e.demand, &e.person, text]
        .iter()
        .map(|s| s.trim())
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join("\n")
}

/// A ticket's intake suggestion against what was done with it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct IntakeOutcome {
    /// `analyze`: the analysis the operator saw; `create`: worked out when the ticket was
    /// recorded without one; `edit`: worked out when a draft was edited into another call.
    pub source: String,
    pub analyzed_at: DateTime<Utc>,
    /// The routing model's version; none when the responsibility list alone suggested.
    pub model_version: Option<i64>,
    /// The first category suggested, and its name.
    pub category: Option<String>,
    pub category_name: Option<String>,
    /// Whether the ticket's category is that one or one below it; none until the ticket has a
    /// category (or when none was suggested).
    pub category_followed: Option<bool>,
    /// The first unit suggested, and its name.
    pub unit: Option<UnitId>,
    pub unit_name: Option<String>,
    /// Whether the first dispatch went to that unit; none until the ticket is dispatched (or
    /// when none was suggested).
    pub unit_followed: Option<bool>,
    /// Everything stored: the suggestions in full, the scope verdict, the five elements as
    /// read, the repeats and articles shown.
    pub detail: serde_json::Value,
}

impl IntakeOutcome {
    pub fn of(r: &Reference, t: &Ticket, s: IntakeRecord) -> IntakeOutcome {
        let category_followed = s.category.as_ref().and_then(|c| {
            t.category
                .as_deref()
                .map(|actual| actual.starts_with(c.as_str()))
        });
        // A merged ticket that took its master's answer has the master's unit without a
        // dispatch.
        let unit_followed = s
            .unit
            .zip(t.first_main_unit().filter(|_| t.dispatch_count > 0))
            .map(|(suggested, first)| suggested == first);
        IntakeOutcome {
            source: s.body["source"].as_str().unwrap_or("create").to_string(),
            analyzed_at: s.analyzed_at,
            model_version: s.model_version,
            category_name: r.category_name(s.category.as_deref()),
            category: s.category,
            category_followed,
            unit_name: s.unit.map(|u| r.unit_name(u)),
            unit: s.unit,
            unit_followed,
            detail: s.body,
        }
    }
}
