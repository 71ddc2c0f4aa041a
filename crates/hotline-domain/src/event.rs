//! Ticket events and `evolve`, the fold that derives a ticket's state from them. `evolve` needs
//! no calendar and no policy: every computed value (clocks, completion) travels in the event, so
//! replaying a ticket's history always gives the same ticket.
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::clock::{Clock, ClockKind};
use crate::lifecycle::TicketEdit;
use crate::org::{UnitId, UserId};
use crate::ticket::{
    Assignment, AssignmentRole, EmergencyService, ExtensionRequest, FirstDispatch,
    NotAcceptedReason, Reply, ReturnRequest, SupervisionLevel, Ticket, TicketId, TicketState,
    VisitExemption, VisitOutcome, VisitRecord,
};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum TicketEvent {
    Created {
        ticket: Box<Ticket>,
    },
    Edited {
        edit: Box<TicketEdit>,
    },
    Submitted,
    DirectlyAnswered {
        answer: String,
        article: Option<i64>,
    },
    NotAccepted {
        reason: NotAcceptedReason,
        channel_told: String,
        note: String,
    },
    EmergencyTransferred {
        service: EmergencyService,
        note: String,
    },
    /// Merged into another ticket on the same matter (并单): it waits on the master. One
    /// merged once dispatched leaves its units' hands; its clocks are cleared beside it.
    MergedInto {
        master: TicketId,
        note: String,
    },
    /// On the master ticket: another ticket was merged into it.
    MergeReceived {
        child: TicketId,
    },
    /// A merged ticket taken out of its master (拆单), back to `to` (dispatch, or intake when
    /// elements are missing).
    Unmerged {
        master: TicketId,
        reason: String,
        to: TicketState,
    },
    /// On the master ticket: a ticket merged into it was taken out, split off (`to` none: 拆单,
    /// or handled again on its own after its caller was not satisfied with the master's
    /// answer) or merged into another master `to`.
    MergeReleased {
        child: TicketId,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        to: Option<TicketId>,
    },
    /// On a ticket merged into another (随主单): the master's answer (its approved reply, or the
    /// operator's direct answer) is this caller's answer too. The caller is visited on it as on
    /// a ticket of their own, and the master's main unit takes part in it, so an unsatisfied
    /// caller's ticket is handled again by that unit alone. `main` is `None` for a direct
    /// answer: no unit handled it.
    MasterAnswered {
        master: TicketId,
        reply: Reply,
        main: Option<UnitId>,
        visit_exemption: Option<VisitExemption>,
    },
    ReturnedToIntake {
        missing: Vec<String>,
        note: String,
    },
    Dispatched {
        main: UnitId,
        assisting: Vec<UnitId>,
        tier: String,
        note: String,
    },
    SignedFor {
        unit: UnitId,
    },
    /// `to_parent`: a sub-dispatched unit gives the ticket back up its chain; no hotline decision.
    ReturnRequested {
        unit: UnitId,
        reason: String,
        suggested_unit: Option<UnitId>,
        to_parent: bool,
    },
    ReturnDecided {
        approve: bool,
        note: String,
    },
    SubDispatched {
        from: UnitId,
        to: UnitId,
        note: String,
    },
    Whistled {
        unit: UnitId,
        note: String,
    },
    ExtensionRequested {
        unit: UnitId,
        working_days: u32,
        reason: String,
    },
    ExtensionDecided {
        approve: bool,
        working_days: u32,
        note: String,
    },
    Suspended {
        reason: String,
    },
    Resumed {
        note: String,
    },
    ProgressNoted {
        unit: Option<UnitId>,
        note: String,
    },
    /// `to_parent`: a sub-dispatched unit replies to the unit above it, which then refines it.
    Replied {
        unit: UnitId,
        result: String,
        resolved: bool,
        caller_contacted: bool,
        to_parent: bool,
    },
    ReviewPassed {
        note: String,
        visit_exemption: Option<VisitExemption>,
    },
    ReviewSentBack {
        reason: String,
    },
    /// `completes`: the visit is done (a result or an exemption); otherwise another try is due.
    Visited {
        record: VisitRecord,
        completes: bool,
        exemption: Option<VisitExemption>,
    },
    /// Handled again after an unsatisfied visit, by the main unit. `to_sign`: that unit has
    /// not signed for this ticket (it took its master's answer, 随主单): it signs first.
    Rehandled {
        reason: String,
        #[serde(default, skip_serializing_if = "std::ops::Not::not")]
        to_sign: bool,
    },
    Closed {
        note: String,
    },
    Archived,
    Urged {
        note: String,
    },
    Supervised {
        level: SupervisionLevel,
        note: String,
    },
    Reopened {
        reason: String,
    },
    AttachmentAdded {
        attachment: crate::ticket::AttachmentRef,
    },
    /// A clock started, paused, resumed, extended, stopped (`Some`) or was dropped (`None`).
    ClockSet {
        kind: ClockKind,
        clock: Option<Box<Clock>>,
    },
}

impl TicketEvent {
    /// A short Chinese description for timelines.
    pub fn label_zh(&self) -> &'static str {
        match self {
            TicketEvent::Created { .. } => "登记",
            TicketEvent::Edited { .. } => "修改",
            TicketEvent::Submitted => "提交转办",
            TicketEvent::DirectlyAnswered { .. } => "直接答复",
            TicketEvent::NotAccepted { .. } => "不予受理",
            TicketEvent::EmergencyTransferred { .. } => "转应急",
            TicketEvent::MergedInto { .. } => "并单",
            TicketEvent::MergeReceived { .. } => "接收并单",
            TicketEvent::Unmerged { .. } => "拆单",
            TicketEvent::MergeReleased { to: None, .. } => "拆出并单",
            TicketEvent::MergeReleased { to: Some(_), .. } => "改并他单",
            TicketEvent::MasterAnswered { .. } => "随主单答复",
            TicketEvent::ReturnedToIntake { .. } => "退回受理",
            TicketEvent::Dispatched { .. } => "转办",
            TicketEvent::SignedFor { .. } => "签收",
            TicketEvent::ReturnRequested { .. } => "申请退单",
            TicketEvent::ReturnDecided { approve: true, .. } => "同意退单",
            TicketEvent::ReturnDecided { approve: false, .. } => "不同意退单",
            TicketEvent::SubDispatched { .. } => "下派",
            TicketEvent::Whistled { .. } => "吹哨",
            TicketEvent::ExtensionRequested { .. } => "申请延期",
            TicketEvent::ExtensionDecided { approve: true, .. } => "同意延期",
            TicketEvent::ExtensionDecided { approve: false, .. } => "不同意延期",
            TicketEvent::Suspended { .. } => "挂起",
            TicketEvent::Resumed { .. } => "恢复",
            TicketEvent::ProgressNoted { .. } => "办理进展",
            TicketEvent::Replied { .. } => "办理反馈",
            TicketEvent::ReviewPassed { .. } => "审核通过",
            TicketEvent::ReviewSentBack { .. } => "审核退回",
            TicketEvent::Visited { .. } => "回访",
            TicketEvent::Rehandled { .. } => "重办",
            TicketEvent::Closed { .. } => "办结",
            TicketEvent::Archived => "归档",
            TicketEvent::Urged { .. } => "催办",
            TicketEvent::Supervised { .. } => "督办",
            TicketEvent::Reopened { .. } => "重新启用",
            TicketEvent::AttachmentAdded { .. } => "上传附件",
            TicketEvent::ClockSet { .. } => "时限变更",
        }
    }
}

/// An event as stored: its place in the ticket's history, when and by whom.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EventEnvelope {
    pub ticket: TicketId,
    /// The ticket's version after this event; 1 for the first.
    pub version: u64,
    pub at: DateTime<Utc>,
    pub actor: UserId,
    pub actor_name: String,
    pub event: TicketEvent,
}

/// Give `unit` a part, unless it has one now. A unit whose part ended gets a new one.
fn assign(t: &mut Ticket, unit: UnitId, role: AssignmentRole) {
    if !t.takes_part(unit) {
        t.assignments.push(Assignment {
            unit,
            role,
            signed_at: None,
            ended_at: None,
        });
    }
}

/// End every unit's part: the ticket went back to the centre. Units keep seeing it and no
/// longer act on it.
fn release_all(t: &mut Ticket, at: DateTime<Utc>) {
    for a in t.assignments.iter_mut().filter(|a| a.is_current()) {
        a.ended_at = Some(at);
    }
    // A unit's request for more time ends with its part.
    t.extension_request = None;
}

/// Cut the handling chain to its first `keep` units. The units cut off end the part the
/// sub-dispatch gave them; one that also assists keeps assisting.
fn cut_chain(t: &mut Ticket, keep: usize, at: DateTime<Utc>) {
    let cut: Vec<UnitId> = t.chain.iter().skip(keep).copied().collect();
    t.chain.truncate(keep);
    for a in t.assignments.iter_mut() {
        if cut.contains(&a.unit) && a.role == AssignmentRole::Main && a.is_current() {
            a.ended_at = Some(at);
        }
    }
    // A unit cut off no longer handles the ticket: its request for more time ends too.
    if t.extension_request
        .as_ref()
        .is_some_and(|r| cut.contains(&r.unit))
    {
        t.extension_request = None;
    }
}

/// Settle the first dispatch's verdict if it is still open.
fn decide_first_dispatch(t: &mut Ticket, verdict: FirstDispatch) {
    if t.first_dispatch == Some(FirstDispatch::Open) {
        t.first_dispatch = Some(verdict);
    }
}

/// Fold one event into the ticket. Bumps the version and the update time.
pub fn evolve(t: &mut Ticket, event: &TicketEvent, at: DateTime<Utc>) {
    t.version += 1;
    t.updated_at = at;
    // A snapshot stored before verdicts were kept takes the one it shows before it changes.
    if t.first_dispatch.is_none() {
        t.first_dispatch = t.verdict_in_snapshot();
    }
    match event {
        TicketEvent::Created { ticket } => {
            let version = t.version;
            *t = (**ticket).clone();
            t.version = version;
            t.updated_at = at;
        }
        TicketEvent::Edited { edit } => {
            let e = edit.as_ref().clone();
            if let Some(v) = e.caller {
                t.caller = v;
            }
            if let Some(v) = e.elements {
                t.elements = v;
            }
            if let Some(v) = e.kind {
                t.kind = v;
            }
            if let Some(v) = e.category {
                t.category = Some(v);
            }
            if let Some(v) = e.tier {
                t.tier = v;
            }
            if let Some(v) = e.tags {
                t.tags = v;
            }
            if let Some(v) = e.importance {
                t.importance = v;
            }
            if let Some(v) = e.subject {
                t.subject = v;
            }
            if let Some(v) = e.record {
                t.record = v;
            }
        }
        TicketEvent::Submitted => t.state = TicketState::PendingDispatch,
        TicketEvent::DirectlyAnswered { answer, .. } => {
            t.state = TicketState::Closed;
            t.reply = Some(Reply {
                unit: UnitId(0),
                result: answer.clone(),
                resolved: true,
                caller_contacted: true,
                at,
            });
            t.visit_exemption = Some(VisitExemption::DirectAnswer);
            t.closed_at = Some(at);
        }
        TicketEvent::NotAccepted { .. } => t.state = TicketState::NotAccepted,
        TicketEvent::EmergencyTransferred { .. } => t.state = TicketState::Transferred,
        TicketEvent::MergedInto { master, .. } => {
            t.state = TicketState::Merged;
            t.merged_into = Some(*master);
            // A repeat found once dispatched leaves its units' hands (they keep seeing it),
            // and what pressed them on it ends with their work (the master has its own).
            // Merges at intake never had a unit: their history replays as it always did.
            if !t.chain.is_empty() {
                t.chain.clear();
                release_all(t, at);
                t.return_request = None;
                t.extension_request = None;
                t.suspended_from = None;
                t.supervision = None;
                t.urge_count = 0;
            }
        }
        TicketEvent::MergeReceived { child } => {
            if !t.merged.contains(child) {
                t.merged.push(*child);
            }
        }
        TicketEvent::Unmerged { to, .. } => {
            // Taken out after it followed the master's answer: the answer, and the unit that
            // held the master at it, were the master's.
            // The unit never had this ticket: its part goes, not just ends (the first
            // dispatch, and who sees the ticket, are as if it had never been merged).
            if matches!(t.state, TicketState::PendingVisit | TicketState::Visited) {
                t.reply = None;
                t.chain.clear();
                t.assignments.retain(|a| !a.is_current());
                t.extension_request = None;
                t.visit_exemption = None;
            }
            t.state = *to;
            t.merged_into = None;
        }
        TicketEvent::MergeReleased { child, .. } => t.merged.retain(|c| c != child),
        TicketEvent::MasterAnswered {
            reply,
            main,
            visit_exemption,
            ..
        } => {
            t.reply = Some(reply.clone());
            t.chain = main.iter().copied().collect();
            // A newer answer of the master (reopened, then handled by another unit or
            // answered at once) ends the part the earlier answer's unit had here.
            for a in t.assignments.iter_mut() {
                if a.role == AssignmentRole::Main && a.is_current() && Some(a.unit) != *main {
                    a.ended_at = Some(at);
                }
            }
            if let Some(u) = main {
                assign(t, *u, AssignmentRole::Main);
            }
            t.visit_exemption = *visit_exemption;
            t.state = match visit_exemption {
                Some(_) => TicketState::Visited,
                None => TicketState::PendingVisit,
            };
        }
        TicketEvent::ReturnedToIntake { .. } => t.state = TicketState::ReturnedToIntake,
        TicketEvent::Dispatched {
            main,
            assisting,
            tier,
            ..
        } => {
            t.first_dispatch = match t.first_dispatch {
                None if t.dispatch_count == 0 => Some(FirstDispatch::Open),
                // Sent on to another unit before the first one answered: the centre judged
                // the first dispatch wrong (a wrong merge undone, then dispatched elsewhere).
                Some(FirstDispatch::Open) if t.first_main_unit().is_some_and(|u| u != *main) => {
                    Some(FirstDispatch::Failed)
                }
                f => f,
            };
            t.state = TicketState::Dispatched;
            t.tier = tier.clone();
            t.chain = vec![*main];
            // A new dispatch is a fresh start: parts from an earlier one have ended (and do
            // in snapshots written before parts could end).
            release_all(t, at);
            assign(t, *main, AssignmentRole::Main);
            for u in assisting {
                assign(t, *u, AssignmentRole::Assisting);
            }
            t.return_request = None;
            t.extension_request = None;
            t.reply = None;
            t.dispatch_count += 1;
        }
        TicketEvent::SignedFor { unit } => {
            t.state = TicketState::Processing;
            if let Some(a) = t.assignments.iter_mut().rev().find(|a| a.unit == *unit) {
                a.signed_at = Some(at);
            }
        }
        TicketEvent::ReturnRequested {
            unit,
            reason,
            suggested_unit,
            to_parent,
        } => {
            if *to_parent {
                let keep = t.chain.len().saturating_sub(1);
                cut_chain(t, keep, at);
                t.state = TicketState::Processing;
            } else {
                t.return_request = Some(ReturnRequest {
                    unit: *unit,
                    reason: reason.clone(),
                    suggested_unit: *suggested_unit,
                    at,
                    from: t.state,
                });
                t.state = TicketState::ReturnRequested;
            }
        }
        TicketEvent::ReturnDecided { approve, .. } => {
            let from = t
                .return_request
                .as_ref()
                .map(|r| r.from)
                .unwrap_or(TicketState::Processing);
            if *approve {
                t.state = TicketState::PendingDispatch;
                t.chain.clear();
                release_all(t, at);
                t.return_count += 1;
                decide_first_dispatch(t, FirstDispatch::Failed);
            } else {
                t.state = from;
            }
            t.return_request = None;
        }
        TicketEvent::SubDispatched { to, .. } => {
            t.chain.push(*to);
            assign(t, *to, AssignmentRole::Main);
            t.state = TicketState::Dispatched;
        }
        TicketEvent::Whistled { unit, .. } => assign(t, *unit, AssignmentRole::Whistled),
        TicketEvent::ExtensionRequested {
            unit,
            working_days,
            reason,
        } => {
            t.extension_request = Some(ExtensionRequest {
                unit: *unit,
                working_days: *working_days,
                reason: reason.clone(),
                at,
            });
        }
        TicketEvent::ExtensionDecided { .. } => t.extension_request = None,
        TicketEvent::Suspended { .. } => {
            t.suspended_from = Some(t.state);
            t.state = TicketState::Suspended;
        }
        TicketEvent::Resumed { .. } => {
            t.state = t.suspended_from.take().unwrap_or(TicketState::Processing);
        }
        TicketEvent::ProgressNoted { .. } => {}
        TicketEvent::Replied {
            unit,
            result,
            resolved,
            caller_contacted,
            to_parent,
        } => {
            t.reply = Some(Reply {
                unit: *unit,
                result: result.clone(),
                resolved: *resolved,
                caller_contacted: *caller_contacted,
                at,
            });
            if *to_parent {
                let keep = t.chain.len().saturating_sub(1);
                cut_chain(t, keep, at);
                t.state = TicketState::Processing;
            } else {
                t.state = TicketState::PendingReview;
                decide_first_dispatch(t, FirstDispatch::Stood);
                // Answered: a request for more time still waiting has nothing left to extend
                // (a 重办 starts a clock of its own, and the unit may ask again then).
                t.extension_request = None;
            }
        }
        TicketEvent::ReviewPassed {
            visit_exemption, ..
        } => {
            t.needs_manual_visit = false;
            match visit_exemption {
                Some(x) => {
                    t.visit_exemption = Some(*x);
                    t.state = TicketState::Visited;
                }
                None => t.state = TicketState::PendingVisit,
            }
        }
        TicketEvent::ReviewSentBack { .. } => {
            t.state = TicketState::Processing;
            cut_chain(t, 1, at);
        }
        TicketEvent::Visited {
            record,
            completes,
            exemption,
        } => {
            if matches!(
                record.outcome,
                VisitOutcome::Reached {
                    satisfaction: crate::ticket::Satisfaction::Unsatisfied,
                    ..
                }
            ) && !completes
            {
                t.needs_manual_visit = true;
            }
            t.visits.push(record.clone());
            if *completes {
                t.state = TicketState::Visited;
                t.needs_manual_visit = false;
                if let Some(x) = exemption {
                    t.visit_exemption = Some(*x);
                }
            }
        }
        TicketEvent::Rehandled { to_sign, .. } => {
            // Handled again for the caller's sake, not the unit's remit (a ticket that took its
            // master's answer, which its first unit never returned, included).
            decide_first_dispatch(t, FirstDispatch::Stood);
            // A ticket answered with its master's direct answer was never with a unit: it
            // goes to the dispatcher.
            t.state = if t.chain.is_empty() {
                TicketState::PendingDispatch
            } else if *to_sign {
                TicketState::Dispatched
            } else {
                TicketState::Processing
            };
            cut_chain(t, 1, at);
            t.reply = None;
            t.visit_exemption = None;
            t.needs_manual_visit = false;
            t.rehandle_count += 1;
        }
        TicketEvent::Closed { .. } => {
            t.state = TicketState::Closed;
            t.closed_at = Some(at);
        }
        TicketEvent::Archived => t.state = TicketState::Archived,
        TicketEvent::Urged { .. } => t.urge_count += 1,
        TicketEvent::Supervised { level, .. } => t.supervision = Some(*level),
        TicketEvent::Reopened { .. } => {
            decide_first_dispatch(t, FirstDispatch::Stood);
            t.state = TicketState::PendingDispatch;
            t.closed_at = None;
            t.chain.clear();
            release_all(t, at);
            t.reply = None;
            t.visit_exemption = None;
        }
        TicketEvent::AttachmentAdded { attachment } => t.attachments.push(attachment.clone()),
        TicketEvent::ClockSet { kind, clock } => {
            *t.clocks.slot(*kind) = clock.as_ref().map(|c| (**c).clone())
        }
    }
}

/// A unit's return (退单) the centre approved: the ticket is not that unit's, in the unit's
/// words and the centre's judgement, and the unit it named instead.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApprovedReturn {
    pub unit: UnitId,
    pub reason: String,
    pub suggested_unit: Option<UnitId>,
}

/// The approved returns in a ticket's history, oldest first. A sub-dispatched unit giving the
/// ticket back up its chain is no return to the centre, and a refused request none at all.
pub fn approved_returns<'a>(
    events: impl IntoIterator<Item = &'a TicketEvent>,
) -> Vec<ApprovedReturn> {
    let mut out = Vec::new();
    let mut waiting: Option<ApprovedReturn> = None;
    for e in events {
        match e {
            TicketEvent::ReturnRequested {
                unit,
                reason,
                suggested_unit,
                to_parent: false,
            } => {
                waiting = Some(ApprovedReturn {
                    unit: *unit,
                    reason: reason.clone(),
                    suggested_unit: *suggested_unit,
                })
            }
            TicketEvent::ReturnDecided { approve, .. } => {
                if let Some(r) = waiting.take().filter(|_| *approve) {
                    out.push(r);
                }
            }
            _ => {}
        }
    }
    out
}

/// Rebuild a ticket from its whole history.
pub fn replay(events: &[EventEnvelope]) -> Option<Ticket> {
    let (first, rest) = events.split_first()?;
    let TicketEvent::Created { ticket } = &first.event else {
        return None;
    };
    let mut t = (**ticket).clone();
    t.version = 0;
    evolve(&mut t, &first.event, first.at);
    for e in rest {
        evolve(&mut t, &e.event, e.at);
    }
    Some(t)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn request(unit: i64, to_parent: bool) -> TicketEvent {
        TicketEvent::ReturnRequested {
            unit: UnitId(unit),
            reason: format!("不属于单位 {unit} 职责"),
            suggested_unit: Some(UnitId(unit + 100)),
            to_parent,
        }
    }

    fn decided(approve: bool) -> TicketEvent {
        TicketEvent::ReturnDecided {
            approve,
            note: String::new(),
        }
    }

    #[test]
    fn only_returns_the_centre_approved_count() {
        let events = [
            request(1, false),
            decided(false),
            // A sub-dispatched unit handing back up its chain: no decision follows.
            request(2, true),
            request(3, false),
            decided(true),
            request(4, false),
            decided(true),
        ];
        let returns = approved_returns(&events);
        let units: Vec<(UnitId, Option<UnitId>)> =
            returns.iter().map(|r| (r.unit, r.suggested_unit)).collect();
        assert_eq!(
            units,
            [
                (UnitId(3), Some(UnitId(103))),
                (UnitId(4), Some(UnitId(104)))
            ]
        );
        assert_eq!(returns[0].reason, "不属于单位 3 职责");
        // A decision with no request before it (an edited history) names no unit.
        assert!(approved_returns(&[decided(true)]).is_empty());
    }
}
