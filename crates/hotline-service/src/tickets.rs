//! Ticket use cases: create (idempotent), act (one lifecycle command), read with masking and
//! visibility, search scoped to what the person may see, caller history and timeline.
use chrono::{DateTime, Utc};
use serde::Serialize;

use hotline_domain::clock::{ClockColour, ClockKind};
use hotline_domain::event::{EventEnvelope, TicketEvent};
use hotline_domain::knowledge::ArticleUse;
use hotline_domain::lifecycle::{self, ActionKind, Command};
use hotline_domain::org::{Actor, UnitId, UnitLevel};
use hotline_domain::ticket::{Caller, Location, NewTicket, Ticket, TicketId, TicketState};
use hotline_domain::DomainError;
use hotline_store::{
    CreateTicket, Created, Idempotency, IntakeChange, Recorded, StoreError, TicketChange,
};

use crate::location::{check_coordinates, settle_location};
use crate::{masking, merges};
use crate::{App, Reference, ServiceError, ServiceResult};

mod search;

/// A ticket as one person may see it, with what they may do now.
#[derive(Debug, Clone, Serialize)]
pub struct TicketView {
    #[serde(flatten)]
    pub ticket: Ticket,
    pub state_label: &'static str,
    /// Each clock's deadline and colour now. Not `clocks`: the flattened ticket has that key.
    pub clock_status: Vec<ClockView>,
    pub available_actions: Vec<ActionKind>,
    pub main_unit_name: Option<String>,
    pub holder_name: Option<String>,
    /// While a return request waits: what the responsibility list says, to settle it.
    pub return_check: Option<ReturnCheck>,
}

/// The responsibility list's word on a return request (退单): is the returning unit the one the
/// list names for this category and place, and whom does it name?
#[derive(Debug, Clone, Serialize)]
pub struct ReturnCheck {
    pub list_version: i64,
    /// The returning unit is among the most specific responsible units.
    pub unit_is_responsible: bool,
    /// The units the most specific matching rule names, main first.
    pub responsible_units: Vec<UnitId>,
    pub responsible_names: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ClockView {
    pub kind: ClockKind,
    pub label: &'static str,
    pub due_at: Option<DateTime<Utc>>,
    pub warn_at: Option<DateTime<Utc>>,
    pub running: bool,
    pub colour: ClockColour,
    /// Years the clock crosses for which no official holiday schedule is loaded: there the
    /// calendar assumed Monday–Friday working days. Empty when every day was known.
    pub calendar_fallback_years: Vec<i32>,
}

/// One line of a ticket's timeline.
#[derive(Debug, Clone, Serialize)]
pub struct TimelineEntry {
    pub version: u64,
    pub at: DateTime<Utc>,
    pub actor: String,
    pub label: &'static str,
    pub event: TicketEvent,
}

pub(crate) fn recorded(actor: &Actor, at: DateTime<Utc>) -> Recorded {
    Recorded {
        at,
        actor: actor.user,
        actor_name: actor.name.clone(),
    }
}

/// Whether the person may see the ticket at all: the centre sees everything, unit staff only
/// tickets their unit takes or took part in (`Ticket::involves`).
pub fn can_see(actor: &Actor, ticket: &Ticket) -> bool {
    if !actor.is_unit_staff() {
        return true;
    }
    actor.unit.is_some_and(|u| ticket.involves(u))
}

impl App {
    /// A loaded ticket if the person may read it: 404 when there is none, 403 when it is not
    /// theirs.
    async fn visible(&self, actor: &Actor, ticket: Option<Ticket>) -> ServiceResult<Ticket> {
        let t = ticket.ok_or(ServiceError::NotFound("ticket"))?;
        if !self.may_read(actor, &t).await? {
            return Err(ServiceError::Forbidden(
                "该工单不属于本单位 / this ticket is not your unit's".into(),
            ));
        }
        Ok(t)
    }
}

/// A SHA-256 of a create request as sent: a retry with the same idempotency key must match it.
/// The intake analysis the operator saw is left out: it is not part of the ticket, and a form
/// sent twice may carry a newer one.
fn fingerprint(new: &NewTicket) -> String {
    use sha2::{Digest, Sha256};
    let request = NewTicket {
        analysis_id: None,
        ..new.clone()
    };
    let json = serde_json::to_vec(&request).expect("a ticket request serialises to JSON");
    hex::encode(Sha256::digest(json))
}

impl App {
    /// Record a ticket. With an idempotency key, a retry returns the ticket the first call made;
    /// the same key with another request is refused.
    pub async fn create_ticket(
        &self,
        actor: &Actor,
        new: NewTicket,
        key: Option<String>,
    ) -> ServiceResult<Ticket> {
        if let Some(k) = &key {
            if k.is_empty() || k.len() > 200 {
                return Err(ServiceError::invalid(
                    "Idempotency-Key",
                    "长度应为 1–200 / 1–200 characters",
                ));
            }
        }
        // Each account's keys are its own; the request as the client sent it, before anything
        // fills it in.
        let idempotency = key.map(|key| Idempotency {
            key: format!("user:{}:{key}", actor.user.0),
            fingerprint: fingerprint(&new),
        });
        self.create_ticket_keyed(actor, new, idempotency).await
    }

    /// Record a ticket, with a key and a fingerprint of the request the channel took it from
    /// (`create_ticket` fingerprints the ticket request itself; Open311 its form, since the
    /// ticket it builds holds the time it arrived).
    pub async fn create_ticket_keyed(
        &self,
        actor: &Actor,
        mut new: NewTicket,
        idempotency: Option<Idempotency>,
    ) -> ServiceResult<Ticket> {
        let now = self.now();

        if let Some(id) = &new.analysis_id {
            if !crate::analyze::is_analysis_id(id) {
                return Err(ServiceError::invalid(
                    "analysis_id",
                    "应为受理分析返回的 24 位编号 / not an id that intake analysis gave",
                ));
            }
        }
        // Taken out of the cache until the ticket is stored, so two creations racing with one
        // id cannot both store it; put back if this one fails or is of another text (an
        // analysis of another text is left for the draft it was of).
        let claim = new
            .analysis_id
            .as_deref()
            .and_then(|id| self.analyses.claim(id, actor.user));
        let (ticket, events, intake) = self.with_context(now, |ctx, r| -> ServiceResult<_> {
            settle_new(r, &mut new)?;
            let intake = self.intake_record(r, claim.as_ref(), &new);
            let (ticket, events) = lifecycle::create(new, TicketId(0), String::new(), actor, ctx)?;
            Ok((ticket, events, intake))
        })?;
        let analysis_used = intake
            .as_ref()
            .is_some_and(crate::intake_record::is_analysis);
        let created = self
            .store
            .create_ticket(CreateTicket {
                idempotency,
                ticket,
                events,
                recorded: recorded(actor, now),
                intake,
                check_places: true,
            })
            .await?;
        let ticket = match created {
            Created::New(t) => t,
            Created::Existing(t) => return Ok(t),
            Created::KeyReused(t) => {
                return Err(ServiceError::invalid(
                    "Idempotency-Key",
                    format!(
                        "这次提交已登记为工单 {0},内容却与当时不同 / \
                         this key already made ticket {0} from another request",
                        t.number
                    ),
                ))
            }
        };
        if let Some(claim) = claim.filter(|_| analysis_used) {
            claim.used();
        }
        self.repeats.add(&ticket);
        Ok(ticket)
    }

    /// Whether `cmd` could be taken on the ticket `new` would make, without making it: the
    /// intake screen records a call and answers it (or screens it out) in one step, and a step
    /// that would fail must fail before a draft is left behind.
    pub async fn check_follow_up(
        &self,
        actor: &Actor,
        new: &NewTicket,
        cmd: &Command,
    ) -> ServiceResult<()> {
        self.answer_article(cmd).await?;
        let master = match cmd {
            Command::Merge { master, .. } => Some(self.merge_master(*master).await?),
            _ => None,
        };
        self.with_context(self.now(), |ctx, r| -> ServiceResult<()> {
            let mut new = new.clone();
            settle_new(r, &mut new)?;
            // Compared as the ticket will be kept: its place settled (a community gives its
            // street), as the merge after it compares.
            if let (Some(m), Command::Merge { note, .. }) = (&master, cmd) {
                merges::check_merge_reason(
                    r,
                    new.category.as_deref(),
                    &new.elements.place,
                    m,
                    note,
                )?;
            }
            let (ticket, _) = lifecycle::create(new, TicketId(0), String::new(), actor, ctx)?;
            let mut cmd = cmd.clone();
            self.check_command(r, actor, &ticket, &mut cmd)?;
            lifecycle::apply(&ticket, ticket.version, &cmd, actor, ctx)?;
            Ok(())
        })
    }

    /// Load a ticket the person may see.
    pub async fn ticket(&self, actor: &Actor, id: TicketId) -> ServiceResult<Ticket> {
        self.visible(actor, self.store.ticket(id).await?).await
    }

    pub async fn ticket_by_number(&self, actor: &Actor, number: &str) -> ServiceResult<Ticket> {
        self.visible(actor, self.store.ticket_by_number(number).await?)
            .await
    }

    /// Every caller `ticket` has had, as its history tells (`masking::callers`).
    pub(crate) async fn callers_of(&self, ticket: &Ticket) -> ServiceResult<Vec<Caller>> {
        let events = self.store.events(ticket.id).await?;
        Ok(masking::callers(ticket, &events))
    }

    /// For a list unit staff read, every caller each ticket has had: read from the history of
    /// a confidential ticket (what masking needs), the caller it has now for the rest. None
    /// for anyone else, who sees tickets unmasked.
    pub(crate) async fn callers_for_units(
        &self,
        actor: &Actor,
        tickets: &[Ticket],
    ) -> ServiceResult<Vec<Vec<Caller>>> {
        if !actor.is_unit_staff() {
            return Ok(Vec::new());
        }
        let mut out = Vec::with_capacity(tickets.len());
        for t in tickets {
            out.push(if t.caller.confidential {
                self.callers_of(t).await?
            } else {
                vec![t.caller.clone()]
            });
        }
        Ok(out)
    }

    /// `view` of one ticket shown on its own: for unit staff, every caller the ticket has had
    /// masked (an operator's record may name the caller an edit since corrected), as its
    /// timeline does.
    pub async fn view_one(&self, actor: &Actor, ticket: Ticket) -> ServiceResult<TicketView> {
        let callers = if actor.is_unit_staff() {
            self.callers_of(&ticket).await?
        } else {
            Vec::new()
        };
        Ok(self.view_with(actor, ticket, &callers))
    }

    /// The ticket as the person may see it: a confidential caller masked for units, clocks
    /// with their colours, and the actions available to this person now. For a ticket of a
    /// list, already masked with every caller it has had (`callers_for_units`).
    pub fn view(&self, actor: &Actor, ticket: Ticket) -> TicketView {
        let callers = [ticket.caller.clone()];
        self.view_with(actor, ticket, &callers)
    }

    /// `view` with `callers` (every caller the ticket has had) masked for unit staff.
    fn view_with(&self, actor: &Actor, mut ticket: Ticket, callers: &[Caller]) -> TicketView {
        let now = self.now();
        let r = self.reference();
        if actor.is_unit_staff() {
            ticket = masking::masked_for_units(ticket, callers, &r.policy.area_code);
        }
        let clock_status = ticket
            .clocks
            .iter()
            .map(|(kind, c)| ClockView {
                kind,
                label: kind.label_zh(),
                due_at: c.due_at,
                warn_at: c.warn_at,
                running: c.running_since.is_some(),
                colour: c.status(now, &r.calendar),
                calendar_fallback_years: c
                    .due_at
                    .map(|due| r.calendar.fallback_years_between(c.started_at, due))
                    .unwrap_or_default(),
            })
            .collect();
        let return_check = ticket.return_request.as_ref().and_then(|req| {
            let category = ticket.category.as_deref()?;
            let chain = ticket.elements.place.chain();
            let best = r.responsibility.lookup(category, &chain).into_iter().next();
            let units = best.map(|b| b.rule.units).unwrap_or_default();
            Some(ReturnCheck {
                list_version: r.responsibility.version,
                unit_is_responsible: r.responsibility.is_responsible(req.unit, category, &chain),
                responsible_names: units.iter().map(|u| r.unit_name(*u)).collect(),
                responsible_units: units,
            })
        });
        TicketView {
            state_label: ticket.state.label_zh(),
            clock_status,
            return_check,
            available_actions: offered(&ticket, actor),
            main_unit_name: ticket.main_unit().map(|u| r.unit_name(u)),
            holder_name: ticket.holder().map(|u| r.unit_name(u)),
            ticket,
        }
    }

    /// Check the references a command names (units exist, sub-dispatch goes down the tree, a
    /// whistle goes up, the merge master is open) before the domain decides.
    fn check_command(
        &self,
        r: &Reference,
        actor: &Actor,
        ticket: &Ticket,
        cmd: &mut Command,
    ) -> ServiceResult<()> {
        match cmd {
            Command::Edit { edit } => {
                // A category retired since the ticket was filed may be kept, not newly chosen.
                if let Some(code) = edit.category.as_deref() {
                    if ticket.category.as_deref() != Some(code) {
                        crate::analyze::category_in_use(r, code)?;
                    }
                }
                if let Some(elements) = &mut edit.elements {
                    // A place sent back as the ticket has it is kept as it is, even if the
                    // gazetteer has changed since: editing the subject must not fail on it.
                    let before = &ticket.elements.place;
                    let codes = |l: &Location| {
                        [&l.district, &l.street, &l.community].map(crate::analyze::non_empty)
                    };
                    if codes(&elements.place) != codes(before) {
                        settle_location(r, &mut elements.place, Some(before), "elements.place")?;
                    } else {
                        check_coordinates(&elements.place, Some(before), "elements.place")?;
                    }
                }
            }
            Command::Dispatch {
                main, assisting, ..
            } => {
                dispatch_target(r.active_unit(*main, "main")?, "main")?;
                if assisting.len() > MAX_ASSISTING {
                    return Err(ServiceError::invalid(
                        "assisting",
                        format!(
                            "协办单位至多 {MAX_ASSISTING} 个 / at most {MAX_ASSISTING} assisting units"
                        ),
                    ));
                }
                for (i, u) in assisting.iter().enumerate() {
                    dispatch_target(r.active_unit(*u, "assisting")?, "assisting")?;
                    if assisting[..i].contains(u) {
                        return Err(ServiceError::invalid(
                            "assisting",
                            format!("协办单位 {} 重复 / unit given twice", r.unit_name(*u)),
                        ));
                    }
                }
            }
            Command::SubDispatch { to, .. } => {
                let target = r.active_unit(*to, "to")?;
                let from = actor.unit.or(ticket.holder());
                if !from.is_some_and(|f| target.parent.is_some_and(|p| r.is_ancestor(f, p))) {
                    return Err(ServiceError::invalid(
                        "to",
                        "只能下派给本单位的下级单位 / only to a unit below yours",
                    ));
                }
            }
            Command::Whistle { unit, .. } => {
                let target = r.active_unit(*unit, "unit")?;
                let holder_level = ticket
                    .holder()
                    .and_then(|h| r.units.get(&h))
                    .map(|u| u.level);
                let higher = matches!(
                    (holder_level, target.level),
                    (
                        Some(UnitLevel::Community | UnitLevel::Street),
                        UnitLevel::District
                            | UnitLevel::DistrictBureau
                            | UnitLevel::CityBureau
                            | UnitLevel::Enterprise
                    ) | (
                        Some(UnitLevel::DistrictBureau | UnitLevel::District),
                        UnitLevel::CityBureau | UnitLevel::Enterprise
                    )
                );
                if !higher {
                    return Err(ServiceError::invalid(
                        "unit",
                        "吹哨只能向上级或区县、市级部门 / a whistle pulls in a higher level",
                    ));
                }
            }
            Command::RequestReturn {
                suggested_unit: Some(u),
                ..
            } => {
                r.active_unit(*u, "suggested_unit")?;
                if actor.unit == Some(*u) || ticket.holder() == Some(*u) {
                    return Err(ServiceError::invalid(
                        "suggested_unit",
                        "建议的单位就是退回工单的本单位,请填写应承办的其他单位 / \
                         the unit suggested is the one returning the ticket",
                    ));
                }
            }
            // The event would name a file nobody stored: files come with their bytes.
            Command::Attach { .. } => {
                return Err(ServiceError::invalid(
                    "action",
                    "附件须上传到 /api/v1/tickets/{id}/attachments / upload files there",
                ));
            }
            _ => {}
        }
        Ok(())
    }

    /// Take one action on a ticket, built on the version the person saw.
    pub async fn act(
        &self,
        actor: &Actor,
        id: TicketId,
        version: u64,
        cmd: Command,
    ) -> ServiceResult<Ticket> {
        let now = self.now();
        let ticket = self.ticket(actor, id).await?;
        let version = self.rebased(&ticket, version, &cmd).await?;
        if matches!(
            cmd,
            Command::Merge { .. } | Command::Archive | Command::DirectAnswer { .. }
        ) {
            // Who may merge, archive or answer, from which state, first: the master's existence
            // and state, and the article's, are not for someone who may not.
            lifecycle::check(&ticket, cmd.kind(), actor)?;
            self.check_archive(&ticket, &cmd).await?;
        }
        let article = self.answer_article(&cmd).await?;
        // A merge writes its master too, and an action that ends a master its merged tickets
        // (`merges::Partners`). When another write to one of them wins the race, they are read
        // again and the write retried, as long as this ticket itself has not changed.
        let mut attempts = 0;
        let mut saved = loop {
            let partners = self.merge_partners(&ticket, &cmd).await?;
            let retry = !partners.is_empty();
            let changes = self.with_context(now, |ctx, r| -> ServiceResult<Vec<TicketChange>> {
                let mut cmd = cmd.clone();
                self.check_command(r, actor, &ticket, &mut cmd)?;
                let (mut next, mut events) = lifecycle::apply(&ticket, version, &cmd, actor, ctx)?;
                let others = partners.changes(ticket.id, &mut next, &mut events, ctx);
                let intake = match cmd {
                    Command::Edit { .. } => self.edited_intake(r, &ticket, &next),
                    _ => IntakeChange::Keep,
                };
                // An edit settles its place against the gazetteer (`settle_location`).
                let check_places = next.elements.place.district != ticket.elements.place.district
                    || next.elements.place.street != ticket.elements.place.street
                    || next.elements.place.community != ticket.elements.place.community;
                let article_use = article.map(|article| ArticleUse {
                    article,
                    ticket: Some(id),
                    user: actor.user,
                    at: now,
                });
                let mut changes = vec![TicketChange {
                    ticket: next,
                    expected_version: version,
                    events,
                    attachments: vec![],
                    intake,
                    article_use,
                    check_places,
                }];
                changes.extend(others);
                Ok(changes)
            })?;
            match self.store.save_tickets(changes, recorded(actor, now)).await {
                Ok(saved) => break saved,
                Err(StoreError::Conflict { .. }) if retry && attempts < merges::ATTEMPTS => {
                    let current = self.store.ticket(id).await?.map_or(0, |t| t.version);
                    if current != ticket.version {
                        return Err(StoreError::Conflict {
                            expected: version,
                            actual: current,
                        }
                        .into());
                    }
                    attempts += 1;
                }
                Err(e) => return Err(e.into()),
            }
        };
        if let Some(a) = article {
            self.index_use_count(a).await;
        }
        // An edit may change what the ticket says: repeats must find it by its new text.
        if matches!(cmd, Command::Edit { .. }) {
            self.repeats.add(&saved[0]);
        }
        Ok(saved.swap_remove(0))
    }

    /// Every event of a ticket with who and when.
    pub async fn timeline(&self, actor: &Actor, id: TicketId) -> ServiceResult<Vec<TimelineEntry>> {
        let current = self.ticket(actor, id).await?;
        let events: Vec<EventEnvelope> = self.store.events(id).await?;
        let unit_staff = actor.is_unit_staff();
        let callers = masking::callers(&current, &events);
        let r = self.reference();
        Ok(events
            .into_iter()
            .map(|e| {
                let mut event = e.event;
                if unit_staff {
                    event = masking::event_for_units(event, &callers, &r.policy.area_code);
                }
                TimelineEntry {
                    version: e.version,
                    at: e.at,
                    actor: e.actor_name,
                    label: event.label_zh(),
                    event,
                }
            })
            .collect())
    }
}

/// A new ticket's place settled against the gazetteer and its tier taken from its category.
fn settle_new(r: &Reference, new: &mut NewTicket) -> ServiceResult<()> {
    settle_location(r, &mut new.elements.place, None, "elements.place")?;
    if let Some(code) = &new.category {
        let cat = crate::analyze::category_in_use(r, code)?;
        if new.tier.is_none() {
            new.tier = Some(cat.tier.clone());
        }
    }
    Ok(())
}

/// A phone typed for a lookup, as tickets keep it (digits, no +86: `+86 139-0000-1124` finds
/// 13900001124's tickets), or as typed when it is no number yet (still being typed).
pub(crate) fn phone_looked_up(typed: &str) -> String {
    hotline_domain::caller::phone_as_kept(typed).unwrap_or_else(|| typed.trim().to_string())
}

/// A ticket state the person can filter on, parsed at the edge.
pub fn parse_state(s: &str) -> ServiceResult<TicketState> {
    TicketState::parse(s)
        .ok_or_else(|| ServiceError::invalid("state", format!("未知状态 {s} / unknown state")))
}

/// Unit ids of the unit and every unit below it.
pub fn unit_and_below(r: &Reference, unit: UnitId) -> Vec<UnitId> {
    r.units
        .keys()
        .copied()
        .filter(|u| r.is_ancestor(unit, *u))
        .collect()
}

/// The domain's refusal of an action, for callers that want it as a value.
pub fn refusal(e: &ServiceError) -> Option<&DomainError> {
    match e {
        ServiceError::Domain(d) => Some(d),
        _ => None,
    }
}

/// The actions offered on `ticket` to `actor`: those the domain allows, but not archiving a
/// merged ticket, and not deciding or asking for an extension when there is no request, or one
/// already waits (the domain would refuse either on its payload). One still merged waits on its
/// master (one whose master ended took its answer or its screening along); only data from
/// before merged tickets followed their master may be archived so, and `check_archive` lets
/// that through when asked.
fn offered(ticket: &Ticket, actor: &Actor) -> Vec<ActionKind> {
    let mut actions = lifecycle::available(ticket, actor);
    let pending = ticket.extension_request.is_some();
    actions.retain(|a| match a {
        ActionKind::Archive => ticket.state != TicketState::Merged,
        ActionKind::DecideExtension => pending,
        ActionKind::RequestExtension => !pending,
        _ => true,
    });
    actions
}

/// Assisting units one dispatch may name.
const MAX_ASSISTING: usize = 20;

/// A unit the hotline dispatches to: not the centre itself (no one there signs for a ticket),
/// nor a community (reached by a street's sub-dispatch), as the dispatch form offers.
fn dispatch_target(u: &hotline_domain::org::Unit, field: &str) -> ServiceResult<()> {
    if u.level.takes_dispatch() {
        return Ok(());
    }
    Err(ServiceError::invalid(
        field,
        format!(
            "「{}」不是转办对象:热线中心不承办工单,社区由街道下派 / \
             not a unit the hotline dispatches to (the centre handles none; communities are \
             reached by sub-dispatch)",
            u.name
        ),
    ))
}
