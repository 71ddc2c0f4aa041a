//! `decide`: what each command yields, given the ticket, the actor and the clocks.
use crate::clock::{Clock, ClockKind};
use crate::error::DomainError;
use crate::event::TicketEvent;
use crate::org::{Actor, Role, UnitId};
use crate::policy::Context;
use crate::ticket::{
    distinct_tags, FiveElements, Satisfaction, Ticket, TicketState, VisitExemption, VisitMethod,
    VisitOutcome, VisitRecord,
};

use super::{check, Command, TicketEdit};

fn required(field: &'static str, value: &str) -> Result<(), DomainError> {
    if value.trim().is_empty() {
        return Err(DomainError::invalid(field, "不能为空 / must not be empty"));
    }
    if !crate::text::says_something(value) {
        return Err(DomainError::invalid(
            field,
            "只有标点或符号,请写明内容 / only punctuation or symbols",
        ));
    }
    Ok(())
}

/// Every text a command carries (a note, a reason, a reply) is at most `ELEMENT_MAX`
/// characters; an edit's own texts are checked by their own bounds (a record is longer).
fn texts_within_bounds(command: &Command) -> Result<(), DomainError> {
    if matches!(command, Command::Edit { .. }) {
        return Ok(());
    }
    let Ok(serde_json::Value::Object(fields)) = serde_json::to_value(command) else {
        return Ok(());
    };
    for (name, value) in &fields {
        let mut stack = vec![value];
        while let Some(v) = stack.pop() {
            match v {
                serde_json::Value::String(text) => {
                    let n = text.chars().count();
                    if n > crate::ticket::ELEMENT_MAX {
                        let (field, label) = field_name(name);
                        return Err(DomainError::invalid(
                            field,
                            format!(
                                "{label}最多 {} 字(现有 {n} 字) / at most {} characters",
                                crate::ticket::ELEMENT_MAX,
                                crate::ticket::ELEMENT_MAX
                            ),
                        ));
                    }
                }
                serde_json::Value::Array(items) => stack.extend(items),
                serde_json::Value::Object(map) => stack.extend(map.values()),
                _ => {}
            }
        }
    }
    Ok(())
}

/// A command's text field as the domain's errors name it, and its label.
fn field_name(name: &str) -> (&'static str, &'static str) {
    match name {
        "note" => ("note", "备注"),
        "reason" => ("reason", "理由"),
        "answer" => ("answer", "答复内容"),
        "result" => ("result", "办理结果"),
        "channel_told" => ("channel_told", "告知的渠道"),
        _ => ("command", "文字"),
    }
}

/// Decide a command: check it and return the events it yields, or why not.
pub fn decide(
    ticket: &Ticket,
    expected_version: u64,
    command: &Command,
    actor: &Actor,
    ctx: &Context,
) -> Result<Vec<TicketEvent>, DomainError> {
    if expected_version != ticket.version {
        return Err(DomainError::StaleVersion {
            expected: expected_version,
            actual: ticket.version,
        });
    }
    let tidied = command.clone().tidied();
    let command = &tidied;
    let action = command.kind();
    check(ticket, action, actor)?;
    texts_within_bounds(command)?;
    let now = ctx.now;
    let mut ev = Vec::new();
    match command {
        Command::Edit { edit } => {
            if let Some(t) = &edit.tier {
                if ctx.policy.tier(t).is_none() {
                    return Err(DomainError::invalid(
                        "tier",
                        format!("未知的时限等级 / unknown tier {t}"),
                    ));
                }
            }
            let mut edit = edit.clone();
            if let Some(caller) = edit.caller.take() {
                edit.caller = Some(caller.checked_keeping(&ticket.caller.phone)?);
            }
            edit.elements = edit.elements.take().map(FiveElements::tidied);
            edit.subject = edit.subject.as_deref().map(crate::text::one_line);
            edit.record = edit.record.as_deref().map(crate::text::tidy);
            edit.tags = edit.tags.take().map(distinct_tags);
            if let Some(e) = &edit.elements {
                e.check_lengths()?;
                // A ticket submitted holds all five elements; an edit may not take one away
                // (a draft may be incomplete until it is submitted).
                let missing = e.missing();
                if ticket.state != TicketState::Draft && !missing.is_empty() {
                    return Err(DomainError::MissingElements(missing));
                }
                // A time sent back as the ticket has it stays, whatever it is.
                if e.time != ticket.elements.time {
                    e.check_time(now)?;
                }
            }
            crate::ticket::check_subject_and_record(
                edit.subject.as_deref().unwrap_or_default(),
                edit.record.as_deref().unwrap_or_default(),
            )?;
            ev.push(TicketEvent::Edited { edit });
        }
        Command::Submit => {
            let missing = ticket.elements.missing();
            if !missing.is_empty() {
                return Err(DomainError::MissingElements(missing));
            }
            ev.push(TicketEvent::Submitted);
        }
        Command::DirectAnswer { answer, article } => {
            required("answer", answer)?;
            ev.push(TicketEvent::DirectlyAnswered {
                answer: answer.clone(),
                article: *article,
            });
        }
        Command::NotAccept {
            reason,
            channel_told,
            note,
        } => {
            required("channel_told", channel_told)?;
            ev.push(TicketEvent::NotAccepted {
                reason: *reason,
                channel_told: channel_told.clone(),
                note: note.clone(),
            });
        }
        Command::EmergencyTransfer { service, note } => {
            ev.push(TicketEvent::EmergencyTransferred {
                service: *service,
                note: note.clone(),
            });
        }
        Command::Merge { master, note } => {
            if *master == ticket.id {
                return Err(DomainError::invalid(
                    "master",
                    "不能并入自身 / cannot merge a ticket into itself",
                ));
            }
            // Once dispatched, the unit's work on it ends: its clocks stop counting against the
            // unit, and the unit is told why.
            let dispatched = !ticket.chain.is_empty();
            if dispatched && !crate::text::says_something(note) {
                return Err(DomainError::invalid(
                    "note",
                    "已转办的工单并单须写明原因,告知承办单位 / say why: the unit's work on it ends",
                ));
            }
            ev.push(TicketEvent::MergedInto {
                master: *master,
                note: note.clone(),
            });
            // Merges stay one level deep: a master merged into another takes its merged
            // tickets with it (the service moves them, `merges::Partners`), and keeps none.
            ev.extend(
                (ticket.merged.iter()).map(|child| TicketEvent::MergeReleased {
                    child: *child,
                    to: Some(*master),
                }),
            );
            if dispatched {
                ev.extend(clear(
                    ticket,
                    &[
                        ClockKind::SignFor,
                        ClockKind::ReturnWindow,
                        ClockKind::Handling,
                    ],
                ));
            }
        }
        Command::Unmerge { reason } => {
            required("reason", reason)?;
            let Some(master) = ticket.merged_into else {
                return Err(DomainError::invalid(
                    "action",
                    "本工单没有并入其他工单 / this ticket is not merged",
                ));
            };
            // Back to dispatch when it can go there; a draft's gaps are filled at intake first.
            let to = if ticket.elements.missing().is_empty() {
                TicketState::PendingDispatch
            } else {
                TicketState::Draft
            };
            ev.push(TicketEvent::Unmerged {
                master,
                reason: reason.clone(),
                to,
            });
            // It had taken the master's answer: the visit on it is not due.
            ev.extend(clear(ticket, &[ClockKind::Visit]));
        }
        Command::ReturnToIntake { missing, note } => {
            required("note", note)?;
            ev.push(TicketEvent::ReturnedToIntake {
                missing: missing.clone(),
                note: note.clone(),
            });
        }
        Command::Dispatch {
            main,
            assisting,
            tier,
            note,
            tags,
        } => {
            let missing = ticket.elements.missing();
            if !missing.is_empty() {
                return Err(DomainError::MissingElements(missing));
            }
            if assisting.contains(main) {
                return Err(DomainError::invalid(
                    "assisting",
                    "协办单位不能与主办单位相同 / assisting unit repeats the main unit",
                ));
            }
            let tier_code = tier.clone().unwrap_or_else(|| ticket.tier.clone());
            let tier_def = ctx.policy.tier(&tier_code).ok_or_else(|| {
                DomainError::invalid("tier", format!("未知的时限等级 / unknown tier {tier_code}"))
            })?;
            let handling = Clock::start(
                tier_def.budget(ctx.calendar),
                now,
                ctx.calendar,
                ctx.policy.warn_share,
            );
            let tags = tags.clone().map(distinct_tags);
            if let Some(tags) = tags.filter(|t| *t != ticket.tags) {
                ev.push(TicketEvent::Edited {
                    edit: Box::new(TicketEdit {
                        tags: Some(tags),
                        ..TicketEdit::default()
                    }),
                });
            }
            ev.push(TicketEvent::Dispatched {
                main: *main,
                assisting: assisting.clone(),
                tier: tier_code,
                note: note.clone(),
            });
            ev.extend(arrival_clocks(ctx));
            ev.push(set_clock(ClockKind::Handling, Some(handling)));
        }
        Command::SignFor => {
            ev.push(TicketEvent::SignedFor {
                unit: unit_of(actor),
            });
            ev.extend(stop(ticket, ClockKind::SignFor, ctx));
        }
        Command::RequestReturn {
            reason,
            suggested_unit,
        } => {
            required("reason", reason)?;
            let sub = ticket.chain.len() > 1;
            if !sub {
                // The window closes at its due time, or once the unit has replied or asked
                // before (both stop the clock): one request per dispatch.
                if let Some(c) = &ticket.clocks.return_window {
                    let closed_at = c.stopped_at.or(c.due_at.filter(|due| now > *due));
                    if let Some(closed_at) = closed_at {
                        return Err(DomainError::ReturnWindowExpired { closed_at });
                    }
                }
            }
            ev.push(TicketEvent::ReturnRequested {
                unit: unit_of(actor),
                reason: reason.clone(),
                suggested_unit: *suggested_unit,
                to_parent: sub,
            });
            // A sub-unit that gives the ticket back unsigned has no sign-for clock to run.
            ev.extend(stop(ticket, ClockKind::SignFor, ctx));
            if !sub {
                ev.extend(stop(ticket, ClockKind::ReturnWindow, ctx));
            }
        }
        Command::DecideReturn { approve, note } => {
            ev.push(TicketEvent::ReturnDecided {
                approve: *approve,
                note: note.clone(),
            });
            let from = ticket.return_request.as_ref().map(|r| r.from);
            if *approve {
                ev.push(set_clock(ClockKind::Handling, None));
                ev.push(set_clock(ClockKind::SignFor, None));
                ev.push(set_clock(ClockKind::ReturnWindow, None));
            } else if from == Some(TicketState::Dispatched) {
                // Refused before signing: the unit must still sign, on the time it had left.
                ev.extend(restart(ticket, ClockKind::SignFor, ctx));
            }
        }
        Command::SubDispatch { to, note } => {
            if ticket.chain.contains(to) {
                return Err(DomainError::invalid(
                    "to",
                    "该单位已在办理链中 / unit already in the handling chain",
                ));
            }
            ev.push(TicketEvent::SubDispatched {
                from: unit_of(actor),
                to: *to,
                note: note.clone(),
            });
            ev.push(set_clock(
                ClockKind::SignFor,
                Some(start(ctx, &ctx.policy.sign_for)),
            ));
        }
        Command::Whistle { unit, note } => {
            required("note", note)?;
            if ticket.takes_part(*unit) {
                return Err(DomainError::invalid(
                    "unit",
                    "该单位已参与办理 / unit already takes part",
                ));
            }
            ev.push(TicketEvent::Whistled {
                unit: *unit,
                note: note.clone(),
            });
        }
        Command::RequestExtension {
            working_days,
            reason,
        } => {
            required("reason", reason)?;
            if *working_days == 0 || *working_days > ctx.policy.max_extension_days {
                return Err(DomainError::invalid(
                    "working_days",
                    format!("延期天数应为 1–{} 个工作日", ctx.policy.max_extension_days),
                ));
            }
            if ticket.extension_request.is_some() {
                return Err(DomainError::invalid(
                    "working_days",
                    "已有延期申请待审批 / an extension request is pending",
                ));
            }
            ev.push(TicketEvent::ExtensionRequested {
                unit: unit_of(actor),
                working_days: *working_days,
                reason: reason.clone(),
            });
        }
        Command::DecideExtension {
            approve,
            working_days,
            note,
        } => {
            let Some(req) = &ticket.extension_request else {
                return Err(DomainError::invalid(
                    "approve",
                    "没有待审批的延期申请 / no pending extension request",
                ));
            };
            let days = working_days.unwrap_or(req.working_days);
            if *approve && (days == 0 || days > ctx.policy.max_extension_days) {
                return Err(DomainError::invalid(
                    "working_days",
                    format!("延期天数应为 1–{} 个工作日", ctx.policy.max_extension_days),
                ));
            }
            ev.push(TicketEvent::ExtensionDecided {
                approve: *approve,
                working_days: days,
                note: note.clone(),
            });
            if *approve {
                if let Some(c) = &ticket.clocks.handling {
                    let mut c = c.clone();
                    c.extend_working(
                        days as i64 * ctx.calendar.working_day_seconds(),
                        ctx.calendar,
                    );
                    ev.push(set_clock(ClockKind::Handling, Some(c)));
                }
            }
        }
        Command::Suspend { reason } => {
            required("reason", reason)?;
            ev.push(TicketEvent::Suspended {
                reason: reason.clone(),
            });
            for (kind, c) in ticket.clocks.iter() {
                if c.running_since.is_some() {
                    let mut c = c.clone();
                    c.pause(now, ctx.calendar);
                    ev.push(set_clock(kind, Some(c)));
                }
            }
        }
        Command::Resume { note } => {
            ev.push(TicketEvent::Resumed { note: note.clone() });
            for (kind, c) in ticket.clocks.iter() {
                if c.running_since.is_none() && c.stopped_at.is_none() {
                    let mut c = c.clone();
                    c.resume(now, ctx.calendar);
                    ev.push(set_clock(kind, Some(c)));
                }
            }
        }
        Command::Progress { note } => {
            required("note", note)?;
            ev.push(TicketEvent::ProgressNoted {
                unit: actor.unit,
                note: note.clone(),
            });
        }
        Command::Reply {
            result,
            resolved,
            caller_contacted,
        } => {
            required("result", result)?;
            let to_parent = ticket.chain.len() > 1;
            ev.push(TicketEvent::Replied {
                unit: unit_of(actor),
                result: result.clone(),
                resolved: *resolved,
                caller_contacted: *caller_contacted,
                to_parent,
            });
            if !to_parent {
                ev.extend(stop(ticket, ClockKind::Handling, ctx));
                ev.extend(stop(ticket, ClockKind::ReturnWindow, ctx));
            }
        }
        Command::ReviewPass { note } => {
            let exempt = ticket
                .caller
                .declines_visit
                .then_some(VisitExemption::CallerDeclined);
            ev.push(TicketEvent::ReviewPassed {
                note: note.clone(),
                visit_exemption: exempt,
            });
            if exempt.is_none() {
                ev.push(set_clock(
                    ClockKind::Visit,
                    Some(start(ctx, &ctx.policy.visit)),
                ));
            }
        }
        Command::ReviewSendBack { reason } => {
            required("reason", reason)?;
            ev.push(TicketEvent::ReviewSentBack {
                reason: reason.clone(),
            });
            ev.extend(restart(ticket, ClockKind::Handling, ctx));
        }
        Command::Visit {
            method,
            outcome,
            note,
        } => {
            if ticket.needs_manual_visit && *method == VisitMethod::Smart {
                return Err(DomainError::invalid(
                    "method",
                    "回访不满意,须人工回访 / the caller was unsatisfied: a person must call",
                ));
            }
            let record = VisitRecord {
                method: *method,
                outcome: *outcome,
                note: note.clone(),
                at: now,
            };
            let (completes, exemption) = match outcome {
                VisitOutcome::Reached {
                    satisfaction: Satisfaction::Unsatisfied,
                    ..
                } => (*method == VisitMethod::Manual, None),
                VisitOutcome::Reached { .. } => (true, None),
                VisitOutcome::Declined => (true, Some(VisitExemption::CallerDeclined)),
                VisitOutcome::Unreachable => {
                    // Tries count per visit round: the round began when its clock started.
                    let round = ticket.clocks.visit.as_ref().map(|c| c.started_at);
                    let tries = 1 + ticket
                        .visits
                        .iter()
                        .filter(|v| matches!(v.outcome, VisitOutcome::Unreachable))
                        .filter(|v| round.is_none_or(|start| v.at >= start))
                        .count() as u32;
                    let done = tries >= ctx.policy.visit_max_attempts;
                    (done, done.then_some(VisitExemption::Unreachable))
                }
            };
            ev.push(TicketEvent::Visited {
                record,
                completes,
                exemption,
            });
            if completes {
                ev.extend(stop(ticket, ClockKind::Visit, ctx));
            }
        }
        Command::Rehandle { reason } => {
            required("reason", reason)?;
            let unsatisfied = ticket.needs_manual_visit
                || ticket.visits.last().is_some_and(|v| {
                    matches!(
                        v.outcome,
                        VisitOutcome::Reached {
                            satisfaction: Satisfaction::Unsatisfied,
                            ..
                        } | VisitOutcome::Reached {
                            resolved: false,
                            ..
                        }
                    )
                });
            if !unsatisfied {
                return Err(DomainError::invalid(
                    "reason",
                    if ticket.visits.is_empty() {
                        "尚未回访:来电人回访不满意或未解决时才重办 / no visit yet: a ticket is \
                         handled again when its caller is not satisfied"
                    } else {
                        "回访结果为满意且已解决,无需重办 / the caller is satisfied"
                    },
                ));
            }
            // The tier's length now; a tier since removed from the policy is handled again in
            // the time its last handling clock had (nothing else could choose one).
            let budget = match ctx.policy.tier(&ticket.tier) {
                Some(tier) => tier.budget(ctx.calendar),
                None => ticket
                    .clocks
                    .handling
                    .as_ref()
                    .map(|c| c.budget)
                    .ok_or_else(|| {
                        DomainError::invalid(
                            "tier",
                            format!(
                            "时限等级 {} 已不在时限设置中,请先恢复该等级 / tier {} is no longer \
                             in the policy",
                            ticket.tier, ticket.tier
                        ),
                        )
                    })?,
            };
            // A merged ticket's caller unsatisfied with the master's answer: the master's main
            // unit gets this ticket for the first time, and signs for it.
            let to_sign = ticket.main_unit().is_some_and(|main| {
                !ticket
                    .assignments
                    .iter()
                    .any(|a| a.unit == main && a.is_current() && a.signed_at.is_some())
            });
            let rehandled = TicketEvent::Rehandled {
                reason: reason.clone(),
                to_sign,
            };
            // One that took its master's answer is handled again on its own: it leaves the
            // master (拆单; the service takes it off the master's list in the same write), so a
            // new call on its matter can be merged into it, and it counts as the ticket it is.
            let leaves = ticket.merged_into.map(|master| {
                let mut after = ticket.clone();
                crate::event::evolve(&mut after, &rehandled, now);
                TicketEvent::Unmerged {
                    master,
                    reason: "来电人对随主单的答复不满意,本单重办,单独办理".into(),
                    to: after.state,
                }
            });
            ev.push(rehandled);
            ev.extend(leaves);
            ev.push(set_clock(ClockKind::Visit, None));
            if to_sign {
                // As a dispatch.
                ev.extend(arrival_clocks(ctx));
            }
            // Without a unit (a merged ticket answered by its master's direct answer) it goes
            // to the dispatcher, and the dispatch starts the clocks.
            if ticket.main_unit().is_some() {
                ev.push(set_clock(
                    ClockKind::Handling,
                    Some(Clock::start(
                        budget,
                        now,
                        ctx.calendar,
                        ctx.policy.warn_share,
                    )),
                ));
            }
        }
        Command::Close { note } => {
            if ticket.reply.is_none() {
                return Err(DomainError::invalid(
                    "note",
                    "没有办理反馈,不能办结 / no reply",
                ));
            }
            let unsatisfied = ticket.visits.last().is_some_and(|v| {
                matches!(
                    v.outcome,
                    VisitOutcome::Reached {
                        satisfaction: Satisfaction::Unsatisfied,
                        ..
                    }
                )
            });
            if unsatisfied && !actor.has_any(&[Role::Supervisor, Role::ShiftLead]) {
                return Err(DomainError::Forbidden {
                    action,
                    reason: "不满意工单须重办,或由督办员、班长办结".into(),
                });
            }
            if unsatisfied {
                required("note", note)?;
            }
            ev.push(TicketEvent::Closed { note: note.clone() });
        }
        Command::Archive => ev.push(TicketEvent::Archived),
        Command::Urge { note } => ev.push(TicketEvent::Urged { note: note.clone() }),
        Command::Supervise { level, note } => {
            if ticket.supervision.is_some_and(|cur| cur >= *level) {
                return Err(DomainError::invalid(
                    "level",
                    "督办级别只能提高 / supervision can only escalate",
                ));
            }
            ev.push(TicketEvent::Supervised {
                level: *level,
                note: note.clone(),
            });
        }
        Command::Reopen { reason } => {
            required("reason", reason)?;
            let closed = ticket.closed_at.unwrap_or(ticket.updated_at);
            // A stored window past what a duration holds (written before `Policy::problems`
            // bounded it) is no limit, or none at all if negative; not a crash.
            let window = chrono::Duration::try_days(ctx.policy.reopen_days).unwrap_or(
                if ctx.policy.reopen_days < 0 {
                    chrono::Duration::zero()
                } else {
                    chrono::Duration::MAX
                },
            );
            if now - closed > window {
                return Err(DomainError::invalid(
                    "reason",
                    format!("办结已超过 {} 天,不能重新启用", ctx.policy.reopen_days),
                ));
            }
            ev.push(TicketEvent::Reopened {
                reason: reason.clone(),
            });
            // One that took its master's answer is handled on its own from now on, as after a
            // 重办: it leaves the master (the service takes it off the master's list in the same
            // write), counts as itself, and may be a master for new calls on its matter.
            if let Some(master) = ticket.merged_into {
                ev.push(TicketEvent::Unmerged {
                    master,
                    reason: "办结后重新启用,本单单独办理".into(),
                    to: TicketState::PendingDispatch,
                });
            }
            ev.extend(clear(
                ticket,
                &[
                    ClockKind::SignFor,
                    ClockKind::ReturnWindow,
                    ClockKind::Handling,
                    ClockKind::Visit,
                ],
            ));
        }
        Command::Attach { attachment } => {
            required("attachment.name", &attachment.name)?;
            required("attachment.content_type", &attachment.content_type)?;
            if attachment.size <= 0 {
                return Err(DomainError::invalid(
                    "attachment.size",
                    "附件不能为空 / the file is empty",
                ));
            }
            if ticket.attachments.iter().any(|a| a.id == attachment.id) {
                return Err(DomainError::invalid(
                    "attachment.id",
                    "附件已在工单中 / already attached",
                ));
            }
            ev.push(TicketEvent::AttachmentAdded {
                attachment: attachment.clone(),
            });
        }
    }
    Ok(ev)
}

fn unit_of(actor: &Actor) -> UnitId {
    // `check` has made sure unit actions come from a unit's staff.
    actor.unit.unwrap_or(UnitId(0))
}

/// The clocks of `kinds` the ticket has, taken away (the work they timed has ended).
fn clear<'a>(ticket: &'a Ticket, kinds: &'a [ClockKind]) -> impl Iterator<Item = TicketEvent> + 'a {
    kinds
        .iter()
        .filter(|k| ticket.clocks.get(**k).is_some())
        .map(|k| set_clock(*k, None))
}

pub(super) fn set_clock(kind: ClockKind, clock: Option<Clock>) -> TicketEvent {
    TicketEvent::ClockSet {
        kind,
        clock: clock.map(Box::new),
    }
}

/// What a unit receiving the ticket from the centre gets: a time to sign for it, and a window
/// to give it back.
fn arrival_clocks(ctx: &Context) -> [TicketEvent; 2] {
    [
        set_clock(ClockKind::SignFor, Some(start(ctx, &ctx.policy.sign_for))),
        set_clock(
            ClockKind::ReturnWindow,
            Some(start(ctx, &ctx.policy.return_window)),
        ),
    ]
}

pub(super) fn start(ctx: &Context, length: &crate::clock::TierLength) -> Clock {
    Clock::start(
        ctx.budget(length),
        ctx.now,
        ctx.calendar,
        ctx.policy.warn_share,
    )
}

fn stop(ticket: &Ticket, kind: ClockKind, ctx: &Context) -> Option<TicketEvent> {
    let c = ticket.clocks.get(kind)?;
    if c.stopped_at.is_some() {
        return None;
    }
    let mut c = c.clone();
    c.stop(ctx.now, ctx.calendar);
    Some(set_clock(kind, Some(c)))
}

/// A stopped clock runs again from where it stopped: the handling clock after a review sends the
/// reply back, the sign-for clock after a refused return.
fn restart(ticket: &Ticket, kind: ClockKind, ctx: &Context) -> Option<TicketEvent> {
    let mut c = ticket.clocks.get(kind)?.clone();
    c.stopped_at = None;
    c.resume(ctx.now, ctx.calendar);
    Some(set_clock(kind, Some(c)))
}
