//! The ticket lifecycle: one state machine. `decide` checks a command against the ticket's state,
//! the actor's roles and unit, and the clocks, and returns the events it yields; `event::evolve`
//! folds them into the ticket. Every (state, action) pair is spelled out: no wildcard arms.
//!
//! Here: the commands, `create` and `apply`. `action`: the permission table (`ActionKind::states`,
//! `ActionKind::roles`, `check`). `decide`: what each command yields.
use serde::{Deserialize, Serialize};

use crate::error::DomainError;
use crate::event::{evolve, TicketEvent};
use crate::org::{Actor, Role, UnitId};
use crate::policy::Context;
use crate::ticket::{
    AttachmentRef, EmergencyService, FiveElements, NewTicket, NotAcceptedReason, SupervisionLevel,
    Ticket, TicketId, TicketState, VisitMethod, VisitOutcome,
};

mod action;
mod decide;
mod follow;

pub use action::{actions_in, available, check, ActionKind};
pub use decide::decide;
pub use follow::follow;

/// Content an operator may change while the ticket is still at intake.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct TicketEdit {
    pub caller: Option<crate::ticket::Caller>,
    pub elements: Option<FiveElements>,
    pub kind: Option<crate::ticket::TicketKind>,
    pub category: Option<String>,
    pub tier: Option<String>,
    pub tags: Option<Vec<crate::ticket::ColourTag>>,
    pub importance: Option<crate::ticket::Importance>,
    pub subject: Option<String>,
    pub record: Option<String>,
}

/// Everything a person can do to a ticket.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "action", rename_all = "snake_case")]
pub enum Command {
    /// Boxed: an edit is far larger than every other command.
    Edit {
        edit: Box<TicketEdit>,
    },
    Submit,
    DirectAnswer {
        answer: String,
        #[serde(default)]
        article: Option<i64>,
    },
    NotAccept {
        reason: NotAcceptedReason,
        channel_told: String,
        #[serde(default)]
        note: String,
    },
    EmergencyTransfer {
        service: EmergencyService,
        #[serde(default)]
        note: String,
    },
    Merge {
        master: TicketId,
        #[serde(default)]
        note: String,
    },
    /// Take a merged ticket out of its master (拆单): the merge was wrong.
    Unmerge {
        reason: String,
    },
    ReturnToIntake {
        #[serde(default)]
        missing: Vec<String>,
        note: String,
    },
    Dispatch {
        main: UnitId,
        #[serde(default)]
        assisting: Vec<UnitId>,
        #[serde(default)]
        tier: Option<String>,
        #[serde(default)]
        note: String,
        /// Colour tags (多彩工单) the dispatcher sets as they dispatch; `None` keeps the ticket's.
        #[serde(default)]
        tags: Option<Vec<crate::ticket::ColourTag>>,
    },
    SignFor,
    RequestReturn {
        reason: String,
        #[serde(default)]
        suggested_unit: Option<UnitId>,
    },
    DecideReturn {
        approve: bool,
        #[serde(default)]
        note: String,
    },
    SubDispatch {
        to: UnitId,
        #[serde(default)]
        note: String,
    },
    Whistle {
        unit: UnitId,
        note: String,
    },
    RequestExtension {
        working_days: u32,
        reason: String,
    },
    DecideExtension {
        approve: bool,
        #[serde(default)]
        working_days: Option<u32>,
        #[serde(default)]
        note: String,
    },
    Suspend {
        reason: String,
    },
    Resume {
        #[serde(default)]
        note: String,
    },
    Progress {
        note: String,
    },
    Reply {
        result: String,
        resolved: bool,
        caller_contacted: bool,
    },
    ReviewPass {
        #[serde(default)]
        note: String,
    },
    ReviewSendBack {
        reason: String,
    },
    Visit {
        method: VisitMethod,
        #[serde(flatten)]
        outcome: VisitOutcome,
        #[serde(default)]
        note: String,
    },
    Rehandle {
        reason: String,
    },
    Close {
        #[serde(default)]
        note: String,
    },
    Archive,
    Urge {
        #[serde(default)]
        note: String,
    },
    Supervise {
        level: SupervisionLevel,
        #[serde(default)]
        note: String,
    },
    Reopen {
        reason: String,
    },
    /// A file already checked and about to be stored with the event (photo, recording, PDF).
    Attach {
        attachment: AttachmentRef,
    },
}

impl Command {
    /// The command with every free text as kept (`text::tidy`): notes, reasons, the answer
    /// given on the spot, the channel told, the reply's result. An answer of nothing but a
    /// zero-width space is then empty, and a confidential caller's name written into a note
    /// with one inside is still found and masked. An edit's texts are kept by `decide` (a
    /// subject on one line, a record with its paragraphs).
    pub fn tidied(mut self) -> Command {
        let texts: Vec<&mut String> = match &mut self {
            Command::DirectAnswer { answer, .. } => vec![answer],
            Command::NotAccept {
                channel_told, note, ..
            } => vec![channel_told, note],
            Command::ReturnToIntake { missing, note } => missing.iter_mut().chain([note]).collect(),
            Command::Reply { result, .. } => vec![result],
            Command::EmergencyTransfer { note, .. }
            | Command::Merge { note, .. }
            | Command::Dispatch { note, .. }
            | Command::DecideReturn { note, .. }
            | Command::SubDispatch { note, .. }
            | Command::Whistle { note, .. }
            | Command::DecideExtension { note, .. }
            | Command::Resume { note }
            | Command::Progress { note }
            | Command::ReviewPass { note }
            | Command::Visit { note, .. }
            | Command::Close { note }
            | Command::Urge { note }
            | Command::Supervise { note, .. } => vec![note],
            Command::Unmerge { reason }
            | Command::RequestReturn { reason, .. }
            | Command::RequestExtension { reason, .. }
            | Command::Suspend { reason }
            | Command::ReviewSendBack { reason }
            | Command::Rehandle { reason }
            | Command::Reopen { reason } => vec![reason],
            Command::Edit { .. }
            | Command::Submit
            | Command::SignFor
            | Command::Archive
            | Command::Attach { .. } => vec![],
        };
        for text in texts {
            *text = crate::text::tidy(text);
        }
        self
    }

    pub fn kind(&self) -> ActionKind {
        match self {
            Command::Edit { .. } => ActionKind::Edit,
            Command::Submit => ActionKind::Submit,
            Command::DirectAnswer { .. } => ActionKind::DirectAnswer,
            Command::NotAccept { .. } => ActionKind::NotAccept,
            Command::EmergencyTransfer { .. } => ActionKind::EmergencyTransfer,
            Command::Merge { .. } => ActionKind::Merge,
            Command::Unmerge { .. } => ActionKind::Unmerge,
            Command::ReturnToIntake { .. } => ActionKind::ReturnToIntake,
            Command::Dispatch { .. } => ActionKind::Dispatch,
            Command::SignFor => ActionKind::SignFor,
            Command::RequestReturn { .. } => ActionKind::RequestReturn,
            Command::DecideReturn { .. } => ActionKind::DecideReturn,
            Command::SubDispatch { .. } => ActionKind::SubDispatch,
            Command::Whistle { .. } => ActionKind::Whistle,
            Command::RequestExtension { .. } => ActionKind::RequestExtension,
            Command::DecideExtension { .. } => ActionKind::DecideExtension,
            Command::Suspend { .. } => ActionKind::Suspend,
            Command::Resume { .. } => ActionKind::Resume,
            Command::Progress { .. } => ActionKind::Progress,
            Command::Reply { .. } => ActionKind::Reply,
            Command::ReviewPass { .. } => ActionKind::ReviewPass,
            Command::ReviewSendBack { .. } => ActionKind::ReviewSendBack,
            Command::Visit { .. } => ActionKind::Visit,
            Command::Rehandle { .. } => ActionKind::Rehandle,
            Command::Close { .. } => ActionKind::Close,
            Command::Archive => ActionKind::Archive,
            Command::Urge { .. } => ActionKind::Urge,
            Command::Supervise { .. } => ActionKind::Supervise,
            Command::Reopen { .. } => ActionKind::Reopen,
            Command::Attach { .. } => ActionKind::Attach,
        }
    }
}

/// Who records tickets (受理): operators and shift leads.
pub const INTAKE_ROLES: [Role; 2] = [Role::Operator, Role::ShiftLead];

/// Refused unless `actor` records tickets: the intake form and `create` ask alike.
pub fn require_intake_role(actor: &Actor) -> Result<(), DomainError> {
    if actor.has_any(&INTAKE_ROLES) {
        Ok(())
    } else {
        Err(DomainError::Forbidden {
            action: ActionKind::Submit,
            reason: "只有受理员或班长可以登记工单".into(),
        })
    }
}

/// Build a new ticket from intake. `id` and `number` come from the store.
pub fn create(
    new: NewTicket,
    id: TicketId,
    number: String,
    actor: &Actor,
    ctx: &Context,
) -> Result<(Ticket, Vec<TicketEvent>), DomainError> {
    require_intake_role(actor)?;
    let channel = new.channel.ok_or(DomainError::invalid(
        "channel",
        "必须指明渠道 / channel is required",
    ))?;
    let kind = new.kind.ok_or(DomainError::invalid(
        "kind",
        "必须指明诉求类型 / kind is required",
    ))?;
    // Tidied first: an element that is only invisible characters is missing.
    let mut new = new;
    new.caller = new.caller.checked()?;
    new.elements = new.elements.tidied();
    new.subject = crate::text::one_line(&new.subject);
    new.record = crate::text::tidy(&new.record);
    if !new.draft {
        let missing = new.elements.missing();
        if !missing.is_empty() {
            return Err(DomainError::MissingElements(missing));
        }
    }
    if let Some(t) = &new.tier {
        if ctx.policy.tier(t).is_none() {
            return Err(DomainError::invalid(
                "tier",
                format!("未知的时限等级 / unknown tier {t}"),
            ));
        }
    }
    new.elements.check_lengths()?;
    new.elements.check_time(ctx.now)?;
    crate::ticket::check_subject_and_record(&new.subject, &new.record)?;
    let tier = new
        .tier
        .clone()
        .unwrap_or_else(|| default_tier(kind).to_string());
    let ticket = Ticket {
        id,
        number,
        version: 0,
        state: TicketState::Draft,
        channel,
        caller: new.caller,
        elements: new.elements,
        kind,
        category: new.category,
        tier,
        tags: crate::ticket::distinct_tags(new.tags),
        importance: new.importance.unwrap_or(crate::ticket::Importance::Normal),
        subject: new.subject,
        record: new.record,
        created_at: ctx.now,
        updated_at: ctx.now,
        created_by: actor.user,
        assignments: vec![],
        chain: vec![],
        clocks: Default::default(),
        return_request: None,
        extension_request: None,
        reply: None,
        visits: vec![],
        visit_exemption: None,
        needs_manual_visit: false,
        suspended_from: None,
        urge_count: 0,
        supervision: None,
        merged_into: None,
        merged: vec![],
        dispatch_count: 0,
        first_dispatch: None,
        return_count: 0,
        rehandle_count: 0,
        closed_at: None,
        attachments: vec![],
    };
    let mut events = vec![TicketEvent::Created {
        ticket: Box::new(ticket.clone()),
    }];
    if !new.draft {
        events.push(TicketEvent::Submitted);
    }
    let mut t = ticket;
    for e in &events {
        evolve(&mut t, e, ctx.now);
    }
    Ok((t, events))
}

/// The tier a kind of ticket gets when neither the category nor the operator says otherwise.
pub fn default_tier(kind: crate::ticket::TicketKind) -> &'static str {
    use crate::ticket::TicketKind::*;
    match kind {
        Consultation | Help | Praise => "D5",
        Complaint => "D7",
        Report => "D9",
        Suggestion => "D10",
    }
}

/// Decide and fold: the new ticket and the events to persist with it.
pub fn apply(
    ticket: &Ticket,
    expected_version: u64,
    command: &Command,
    actor: &Actor,
    ctx: &Context,
) -> Result<(Ticket, Vec<TicketEvent>), DomainError> {
    let events = decide(ticket, expected_version, command, actor, ctx)?;
    let mut next = ticket.clone();
    for e in &events {
        evolve(&mut next, e, ctx.now);
    }
    Ok((next, events))
}
