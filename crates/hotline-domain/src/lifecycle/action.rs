//! The permission table: which actions apply in which states, who may take them, and `check`.
use serde::{Deserialize, Serialize};

use crate::error::DomainError;
use crate::org::{Actor, Role};
use crate::ticket::{Ticket, TicketState};

/// The name of a command, for permission tables, errors and the UI.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ActionKind {
    Edit,
    Submit,
    DirectAnswer,
    NotAccept,
    EmergencyTransfer,
    Merge,
    Unmerge,
    ReturnToIntake,
    Dispatch,
    SignFor,
    RequestReturn,
    DecideReturn,
    SubDispatch,
    Whistle,
    RequestExtension,
    DecideExtension,
    Suspend,
    Resume,
    Progress,
    Reply,
    ReviewPass,
    ReviewSendBack,
    Visit,
    Rehandle,
    Close,
    Archive,
    Urge,
    Supervise,
    Reopen,
    Attach,
}

use ActionKind as A;
use TicketState as S;

impl ActionKind {
    pub const ALL: [ActionKind; 30] = [
        A::Edit,
        A::Submit,
        A::DirectAnswer,
        A::NotAccept,
        A::EmergencyTransfer,
        A::Merge,
        A::Unmerge,
        A::ReturnToIntake,
        A::Dispatch,
        A::SignFor,
        A::RequestReturn,
        A::DecideReturn,
        A::SubDispatch,
        A::Whistle,
        A::RequestExtension,
        A::DecideExtension,
        A::Suspend,
        A::Resume,
        A::Progress,
        A::Reply,
        A::ReviewPass,
        A::ReviewSendBack,
        A::Visit,
        A::Rehandle,
        A::Close,
        A::Archive,
        A::Urge,
        A::Supervise,
        A::Reopen,
        A::Attach,
    ];

    pub fn label_zh(self) -> &'static str {
        match self {
            A::Edit => "修改",
            A::Submit => "提交转办",
            A::DirectAnswer => "直接答复",
            A::NotAccept => "不予受理",
            A::EmergencyTransfer => "转应急",
            A::Merge => "并单",
            A::Unmerge => "拆单",
            A::ReturnToIntake => "退回受理",
            A::Dispatch => "转办",
            A::SignFor => "签收",
            A::RequestReturn => "申请退单",
            A::DecideReturn => "退单审核",
            A::SubDispatch => "下派",
            A::Whistle => "吹哨",
            A::RequestExtension => "申请延期",
            A::DecideExtension => "延期审批",
            A::Suspend => "挂起",
            A::Resume => "恢复",
            A::Progress => "办理进展",
            A::Reply => "办理反馈",
            A::ReviewPass => "审核通过",
            A::ReviewSendBack => "审核退回",
            A::Visit => "回访",
            A::Rehandle => "重办",
            A::Close => "办结",
            A::Archive => "归档",
            A::Urge => "催办",
            A::Supervise => "督办",
            A::Reopen => "重新启用",
            A::Attach => "上传附件",
        }
    }

    /// Which roles may take the action. Unit roles act only for the unit that holds the ticket,
    /// except for the actions open to every unit involved (`open_to_involved_units`).
    pub fn roles(self) -> &'static [Role] {
        use Role::*;
        match self {
            A::Edit | A::Submit | A::DirectAnswer | A::NotAccept | A::EmergencyTransfer => {
                &[Operator, ShiftLead]
            }
            // A repeat found at intake, at dispatch or while a unit handles it; a merge found
            // wrong at any of them.
            A::Merge | A::Unmerge => &[Operator, ShiftLead, Dispatcher],
            A::ReturnToIntake | A::Dispatch | A::DecideReturn => &[Dispatcher, ShiftLead],
            A::SignFor
            | A::RequestReturn
            | A::SubDispatch
            | A::Whistle
            | A::RequestExtension
            | A::Reply => &[UnitHandler, UnitAdmin],
            A::Progress => &[UnitHandler, UnitAdmin, Dispatcher, Supervisor],
            A::DecideExtension => &[Dispatcher, Supervisor, ShiftLead],
            A::Suspend | A::Resume => &[Dispatcher, Supervisor],
            A::ReviewPass | A::ReviewSendBack => &[Reviewer, ShiftLead],
            A::Visit => &[VisitAgent, Operator],
            A::Rehandle => &[VisitAgent, Reviewer, Dispatcher, Supervisor],
            A::Close => &[VisitAgent, Reviewer, ShiftLead, Supervisor],
            A::Archive => &[ShiftLead, Supervisor, Admin],
            A::Urge => &[Dispatcher, Supervisor],
            A::Supervise => &[Supervisor, Leader],
            A::Reopen => &[Supervisor, ShiftLead],
            A::Attach => &[
                Operator,
                ShiftLead,
                Dispatcher,
                Reviewer,
                VisitAgent,
                Supervisor,
                UnitHandler,
                UnitAdmin,
            ],
        }
    }

    /// States in which the action applies.
    pub fn states(self) -> &'static [TicketState] {
        match self {
            A::Edit => &[S::Draft, S::PendingDispatch, S::ReturnedToIntake],
            A::Submit => &[S::Draft, S::ReturnedToIntake],
            A::DirectAnswer | A::NotAccept | A::EmergencyTransfer => {
                &[S::Draft, S::PendingDispatch, S::ReturnedToIntake]
            }
            // Also a repeat found once dispatched: its unit's work on it ends (the master's
            // unit answers the matter). Not once the unit has replied: that reply is reviewed.
            A::Merge => &[
                S::Draft,
                S::PendingDispatch,
                S::ReturnedToIntake,
                S::Dispatched,
                S::Processing,
                S::ReturnRequested,
                S::Suspended,
            ],
            A::ReturnToIntake | A::Dispatch => &[S::PendingDispatch],
            A::SignFor => &[S::Dispatched],
            A::RequestReturn => &[S::Dispatched, S::Processing],
            A::DecideReturn => &[S::ReturnRequested],
            A::SubDispatch | A::Whistle | A::RequestExtension | A::Reply => &[S::Processing],
            A::DecideExtension => &[S::Processing, S::Suspended],
            A::Suspend => &[S::Dispatched, S::Processing],
            A::Resume => &[S::Suspended],
            A::Progress => &[S::Dispatched, S::Processing, S::Suspended],
            A::ReviewPass | A::ReviewSendBack => &[S::PendingReview],
            A::Visit => &[S::PendingVisit],
            A::Rehandle => &[S::PendingVisit, S::Visited],
            A::Close => &[S::Visited],
            // A ticket merged into a master already answered took the answer at once: the
            // merge may still be undone until its caller is visited (`applies`).
            A::Unmerge => &[S::Merged, S::PendingVisit, S::Visited],
            // A merged ticket is archived only once its master has ended without passing an
            // answer on (the service checks the master: archiving one that still waits would
            // leave its caller unanswered).
            A::Archive => &[S::Closed, S::NotAccepted, S::Transferred, S::Merged],
            A::Urge => &[S::Dispatched, S::Processing, S::ReturnRequested],
            A::Supervise => &[
                S::Dispatched,
                S::Processing,
                S::ReturnRequested,
                S::Suspended,
                S::PendingReview,
                S::PendingVisit,
                S::Visited,
            ],
            A::Reopen => &[S::Closed],
            // Evidence may arrive at any point of a live or closed ticket; not once it is
            // archived, or when it ended without being handled here.
            A::Attach => &[
                S::Draft,
                S::PendingDispatch,
                S::ReturnedToIntake,
                S::Dispatched,
                S::Processing,
                S::ReturnRequested,
                S::Suspended,
                S::PendingReview,
                S::PendingVisit,
                S::Visited,
                S::Closed,
            ],
        }
    }

    /// Whether the action is taken by a unit for the ticket it holds.
    fn acts_as_holder(self) -> bool {
        matches!(
            self,
            A::SignFor
                | A::RequestReturn
                | A::SubDispatch
                | A::Whistle
                | A::RequestExtension
                | A::Reply
        )
    }

    /// Whether staff of any unit taking part in the ticket now may take the action, holder or
    /// not (a unit whose part ended only sees the ticket).
    /// Every other action a unit takes is a holder action; the rest belong to the centre.
    fn open_to_involved_units(self) -> bool {
        matches!(self, A::Progress | A::Attach)
    }
}

/// Actions that apply in `state` by the table, whoever the actor.
pub fn actions_in(state: TicketState) -> Vec<ActionKind> {
    ActionKind::ALL
        .into_iter()
        .filter(|a| a.states().contains(&state))
        .collect()
}

/// Check that `actor` may take `action` on `ticket` now (state, role, unit), without its payload.
pub fn check(ticket: &Ticket, action: ActionKind, actor: &Actor) -> Result<(), DomainError> {
    if !action.states().contains(&ticket.state) || !applies(ticket, action) {
        return Err(DomainError::NotAllowedInState {
            action,
            state: ticket.state,
            // What this actor could do instead, not what anyone could.
            allowed: available(ticket, actor),
        });
    }
    if !actor.has_any(action.roles()) {
        return Err(DomainError::Forbidden {
            action,
            reason: format!(
                "需要角色:{}",
                action
                    .roles()
                    .iter()
                    .map(|r| r.label_zh())
                    .collect::<Vec<_>>()
                    .join("、")
            ),
        });
    }
    let unit_only = actor.is_unit_staff();
    if action.acts_as_holder() || unit_only {
        let ok = match actor.unit {
            Some(u) if action.acts_as_holder() => ticket.holder() == Some(u),
            Some(u) => ticket.takes_part(u),
            None => false,
        };
        if !ok {
            return Err(DomainError::Forbidden {
                action,
                reason: "工单不在本单位办理".into(),
            });
        }
    }
    if !action.acts_as_holder() && unit_only && !action.open_to_involved_units() {
        return Err(DomainError::Forbidden {
            action,
            reason: "承办单位不能执行热线中心的操作".into(),
        });
    }
    Ok(())
}

/// Actions `actor` may take on `ticket` now: what the UI offers and a 409 lists.
pub fn available(ticket: &Ticket, actor: &Actor) -> Vec<ActionKind> {
    actions_in(ticket.state)
        .into_iter()
        .filter(|a| applies(ticket, *a) && check(ticket, *a, actor).is_ok())
        .collect()
}

/// Whether an action its state allows applies to this ticket: a merge is undone (拆单) in the
/// states after an answer only when the ticket took its master's answer and its caller has not
/// been visited on it (merged into a master already answered, it took the answer at once).
/// Handled again on its own, the answer it has is its own.
fn applies(ticket: &Ticket, action: ActionKind) -> bool {
    action != ActionKind::Unmerge
        || ticket.state == TicketState::Merged
        || (ticket.merged_into.is_some() && ticket.visits.is_empty() && ticket.rehandle_count == 0)
}
