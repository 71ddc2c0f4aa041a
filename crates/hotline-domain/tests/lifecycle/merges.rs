//! Merged tickets (并单) end as their master does: its answer is theirs, and each caller is
//! visited on it; a master screened out takes them with it.
use chrono::TimeDelta;
use hotline_domain::event::TicketEvent;
use hotline_domain::lifecycle::{available, ActionKind, Command};
use hotline_domain::ticket::{
    EmergencyService, NotAcceptedReason, Satisfaction, TicketId, TicketState as S, VisitExemption,
    VisitMethod,
};

use crate::common::*;

/// A second caller's ticket on the same matter, merged into `master`.
fn merged_into(master: &Story) -> Story {
    let mut child = Story::new();
    child.ticket.id = TicketId(2);
    child.ticket.number = "12345-0002".into();
    child.now = master.now;
    child.run(
        Command::Merge {
            master: master.ticket.id,
            note: "同一事项".into(),
        },
        &operator(),
    );
    child
}

#[test]
fn the_masters_approved_reply_reaches_the_merged_caller_who_is_visited_on_it() {
    let mut master = story_in(S::Processing);
    let mut child = merged_into(&master);
    // While the master is handled, a merged ticket waits on it.
    assert!(child.follow(&master, &[]).is_empty());
    let replied = master
        .advance(TimeDelta::hours(1))
        .attempt(reply("已清理堆积垃圾"), &handler(A))
        .expect("the unit replies");
    assert!(
        child.follow(&master, &replied).is_empty(),
        "not approved yet"
    );
    let passed = master
        .attempt(review_pass(), &reviewer())
        .expect("the review passes");
    child.now = master.now;
    let taken = child.follow(&master, &passed);
    assert!(
        matches!(taken.first(), Some(TicketEvent::MasterAnswered { master: m, .. }) if *m == master.ticket.id),
        "{taken:?}"
    );
    let t = &child.ticket;
    assert_eq!(t.state, S::PendingVisit);
    assert_eq!(
        t.reply.as_ref().map(|r| r.result.as_str()),
        Some("已清理堆积垃圾")
    );
    assert_eq!((t.main_unit(), t.holder()), (Some(A), Some(A)));
    assert!(
        master
            .ticket
            .reply
            .as_ref()
            .is_some_and(|r| r.caller_contacted)
            && t.reply.as_ref().is_some_and(|r| !r.caller_contacted),
        "the unit called the master's caller, not this one"
    );
    assert!(t.involves(A), "the master's main unit takes part");
    assert!(
        !t.involves(C),
        "not its assisting unit: the main unit handles it again alone"
    );
    assert!(running(&t.clocks.visit), "its own visit clock");
    assert_eq!(
        t.merged_into,
        Some(master.ticket.id),
        "the merge stays on record"
    );
    // Followed once: the master's later events pass nothing on again.
    assert!(child.follow(&master, &passed).is_empty());

    // This caller is not satisfied: their ticket goes back to the master's main unit alone.
    child.run(
        visit(VisitMethod::Manual, Satisfaction::Unsatisfied),
        &visit_agent(),
    );
    child.run(
        Command::Rehandle {
            reason: "路口仍有垃圾".into(),
        },
        &visit_agent(),
    );
    // The unit has not had this ticket before: it signs for it, then replies.
    assert_eq!(
        (child.state(), child.ticket.holder()),
        (S::Dispatched, Some(A))
    );
    // Handled again on its own, it leaves its master (拆单), in the state the re-handling gave.
    assert_eq!(child.ticket.merged_into, None, "handled on its own now");
    assert!(!available(&child.ticket, &dispatcher()).contains(&ActionKind::Unmerge));
    assert!(running(&child.ticket.clocks.handling));
    assert!(running(&child.ticket.clocks.sign_for));
    assert!(running(&child.ticket.clocks.return_window));
    assert!(available(&child.ticket, &handler(A)).contains(&ActionKind::SignFor));
    child
        .advance(TimeDelta::minutes(30))
        .run(Command::SignFor, &handler(A));
    assert_eq!(child.state(), S::Processing);
    assert!(available(&child.ticket, &handler(A)).contains(&ActionKind::Reply));
    assert_eq!(master.state(), S::PendingVisit, "the master is not touched");
}

#[test]
fn a_merged_caller_who_declines_visits_is_closed_on_the_masters_answer() {
    let mut master = story_in(S::PendingReview);
    let mut child = Story::new();
    child.ticket.caller.declines_visit = true;
    child.ticket.id = TicketId(2);
    child.now = master.now;
    child.run(
        Command::Merge {
            master: master.ticket.id,
            note: String::new(),
        },
        &operator(),
    );
    let passed = master
        .attempt(review_pass(), &reviewer())
        .expect("the review passes");
    child.follow(&master, &passed);
    assert_eq!(child.state(), S::Visited);
    assert_eq!(
        child.ticket.visit_exemption,
        Some(VisitExemption::CallerDeclined)
    );
    assert!(no_clock_runs(&child));
    child.run(close(), &visit_agent());
    assert_eq!(child.state(), S::Closed);
}

#[test]
fn a_ticket_merged_after_the_review_takes_the_answer_at_once() {
    let master = story_in(S::PendingVisit);
    let mut child = merged_into(&master);
    child.follow(&master, &[]);
    assert_eq!(child.state(), S::PendingVisit);
    assert_eq!(child.ticket.main_unit(), Some(A));
    // Nor is a ticket merged elsewhere taken by this master.
    let mut other = Story::new();
    other.ticket.id = TicketId(3);
    other.run(
        Command::Merge {
            master: TicketId(77),
            note: String::new(),
        },
        &operator(),
    );
    assert!(other.follow(&master, &[]).is_empty());
    assert_eq!(other.state(), S::Merged);
}

#[test]
fn a_direct_answer_reaches_merged_callers_and_an_unsatisfied_one_goes_to_dispatch() {
    let mut master = Story::new();
    let mut child = merged_into(&master);
    let answered = master
        .attempt(
            Command::DirectAnswer {
                answer: "停水将于今晚八点前恢复".into(),
                article: None,
            },
            &operator(),
        )
        .expect("answered");
    child.follow(&master, &answered);
    assert_eq!(
        child.state(),
        S::PendingVisit,
        "this caller was not on the line"
    );
    assert_eq!(child.ticket.main_unit(), None);
    child.run(
        visit(VisitMethod::Manual, Satisfaction::Unsatisfied),
        &visit_agent(),
    );
    child.run(
        Command::Rehandle {
            reason: "仍未恢复供水".into(),
        },
        &visit_agent(),
    );
    assert_eq!(
        child.state(),
        S::PendingDispatch,
        "no unit had it: the dispatcher does"
    );
    assert!(no_clock_runs(&child));
    child.run(dispatch_to(A), &dispatcher());
    assert_eq!(child.state(), S::Dispatched);
}

#[test]
fn a_master_screened_out_takes_its_merged_tickets_with_it() {
    let mut master = Story::new();
    let mut child = merged_into(&master);
    let refused = master
        .attempt(
            Command::NotAccept {
                reason: NotAcceptedReason::Litigation,
                channel_told: "向人民法院提起诉讼".into(),
                note: String::new(),
            },
            &operator(),
        )
        .expect("not accepted");
    child.follow(&master, &refused);
    assert_eq!(child.state(), S::NotAccepted);
    assert!(matches!(
        child.history.last().map(|e| &e.event),
        Some(TicketEvent::NotAccepted { channel_told, note, .. })
            if channel_told == "向人民法院提起诉讼" && note.contains("12345-0001")
    ));

    let mut master = Story::new();
    let mut child = merged_into(&master);
    let sent = master
        .attempt(
            Command::EmergencyTransfer {
                service: EmergencyService::Fire,
                note: String::new(),
            },
            &operator(),
        )
        .expect("transferred");
    child.follow(&master, &sent);
    assert_eq!(child.state(), S::Transferred);
}

#[test]
fn a_wrong_merge_is_undone_and_the_ticket_goes_to_dispatch_or_back_to_intake() {
    let master = story_in(S::Dispatched);
    let mut child = merged_into(&master);
    let unmerge = |reason: &str| Command::Unmerge {
        reason: reason.into(),
    };
    assert_eq!(
        invalid_field(child.clone().attempt(unmerge(" "), &dispatcher())),
        "reason"
    );
    assert!(child.clone().attempt(unmerge("并错"), &handler(A)).is_err());
    let events = child
        .attempt(unmerge("不是同一事项"), &dispatcher())
        .expect("a dispatcher undoes it");
    assert!(matches!(
        events.as_slice(),
        [TicketEvent::Unmerged { master: m, to: S::PendingDispatch, .. }] if *m == master.ticket.id
    ));
    assert_eq!(
        (child.state(), child.ticket.merged_into),
        (S::PendingDispatch, None)
    );
    assert!(available(&child.ticket, &dispatcher()).contains(&ActionKind::Dispatch));
    // Nothing to follow any more.
    assert!(child.follow(&master, &[]).is_empty());

    // A draft merged with elements missing goes back to intake.
    let mut draft = Story::create(
        hotline_domain::ticket::NewTicket {
            draft: true,
            elements: Default::default(),
            ..complete_ticket()
        },
        master.now,
    );
    draft.ticket.id = TicketId(3);
    draft.run(
        Command::Merge {
            master: master.ticket.id,
            note: String::new(),
        },
        &operator(),
    );
    draft.run(unmerge("并错"), &operator());
    assert_eq!(draft.state(), S::Draft);
}

#[test]
fn a_merged_caller_not_yet_visited_takes_the_masters_newer_answer() {
    let mut master = story_in(S::PendingReview);
    let mut child = merged_into(&master);
    let mut visited = merged_into(&master);
    visited.ticket.id = TicketId(3);
    let passed = master.attempt(review_pass(), &reviewer()).expect("passed");
    child.follow(&master, &passed);
    visited.follow(&master, &passed);
    visited.run(
        visit(VisitMethod::Smart, Satisfaction::Satisfied),
        &visit_agent(),
    );
    // The master's caller is not satisfied: the unit answers again.
    master.run(
        visit(VisitMethod::Manual, Satisfaction::Unsatisfied),
        &visit_agent(),
    );
    master.run(
        Command::Rehandle {
            reason: "仍有异味".into(),
        },
        &visit_agent(),
    );
    master.run(reply("已更换排风设备"), &handler(A));
    let passed = master.attempt(review_pass(), &reviewer()).expect("passed");
    child.follow(&master, &passed);
    assert_eq!(
        child.ticket.reply.as_ref().map(|r| r.result.as_str()),
        Some("已更换排风设备")
    );
    assert_eq!(child.state(), S::PendingVisit);
    // A caller already visited keeps what they were told and rated.
    assert!(visited.follow(&master, &passed).is_empty());
    // The master's other events pass nothing on.
    assert!(child.follow(&master, &[]).is_empty());
    // Nor does a master reopened and then screened out end an answered caller's ticket.
    let mut reopened = master.ticket.clone();
    reopened.reply = None;
    let refused = [TicketEvent::NotAccepted {
        reason: NotAcceptedReason::Litigation,
        channel_told: "法院".into(),
        note: String::new(),
    }];
    let taken = hotline_domain::lifecycle::follow(&child.ticket, &reopened, &refused, &child.ctx());
    assert!(taken.is_empty(), "{taken:?}");
}

/// The master reopened and handled by another unit: the merged caller not yet visited takes
/// the newer answer, and the unit of the first one no longer takes part in this ticket.
#[test]
fn a_newer_answer_from_another_unit_ends_the_first_units_part() {
    let mut master = story_in(S::PendingReview);
    let mut child = merged_into(&master);
    let passed = master.attempt(review_pass(), &reviewer()).expect("passed");
    child.follow(&master, &passed);
    assert!(child.ticket.takes_part(A));
    master
        .run(
            visit(VisitMethod::Smart, Satisfaction::Satisfied),
            &visit_agent(),
        )
        .run(close(), &visit_agent())
        .run(
            Command::Reopen {
                reason: "同一问题再次出现".into(),
            },
            &supervisor(),
        )
        .run(dispatch_to(C), &dispatcher())
        .run(Command::SignFor, &handler(C))
        .run(reply("已由街道清理"), &handler(C));
    let passed = master.attempt(review_pass(), &reviewer()).expect("passed");
    child.now = master.now;
    child.follow(&master, &passed);
    assert_eq!(child.ticket.main_unit(), Some(C));
    assert!(child.ticket.takes_part(C));
    assert!(child.ticket.involves(A) && !child.ticket.takes_part(A));
    assert!(
        child
            .clone()
            .attempt(sample_command(ActionKind::Attach), &handler(A))
            .is_err(),
        "the first unit no longer acts on it"
    );
}

#[test]
fn a_repeat_found_once_dispatched_leaves_its_units_hands_and_follows_the_master() {
    let mut master = story_in(S::Processing);
    // The same matter, called in again and dispatched on its own to another unit, which has
    // signed for it.
    let mut child = Story::new();
    child.ticket.id = TicketId(2);
    child.now = master.now;
    child.run(dispatch_to(B), &dispatcher());
    child
        .advance(TimeDelta::minutes(20))
        .run(Command::SignFor, &handler(B));
    assert!(running(&child.ticket.clocks.handling));
    child.run(
        Command::Supervise {
            level: hotline_domain::ticket::SupervisionLevel::AssignmentNotice,
            note: "尽快处理".into(),
        },
        &supervisor(),
    );
    let merge = |note: &str| Command::Merge {
        master: master.ticket.id,
        note: note.into(),
    };
    // The unit's work ends: someone must say why.
    assert_eq!(
        invalid_field(child.clone().attempt(merge(" "), &dispatcher())),
        "note"
    );
    assert!(
        child.clone().attempt(merge("重复"), &handler(B)).is_err(),
        "not the unit's to merge"
    );
    let events = child
        .attempt(
            merge("与 12345-0001 同一事项,由主单承办单位办理"),
            &dispatcher(),
        )
        .expect("a dispatcher merges a dispatched repeat");
    assert!(matches!(
        events.first(),
        Some(TicketEvent::MergedInto { .. })
    ));
    let t = &child.ticket;
    assert_eq!((t.state, t.holder()), (S::Merged, None));
    assert!(no_clock_runs(&child), "its unit's clocks no longer count");
    assert!(t.clocks.handling.is_none() && t.clocks.sign_for.is_none());
    assert!(t.involves(B), "the unit still sees what became of it");
    assert!(!t.takes_part(B), "and no longer acts on it");
    assert_eq!(
        t.supervision, None,
        "the supervision of its unit's work ends with it"
    );
    assert!(available(&child.ticket, &handler(B)).is_empty());

    // It ends as the master does: the master's unit answers this caller too.
    master
        .advance(TimeDelta::hours(2))
        .run(reply("已修复路灯"), &handler(A));
    let passed = master.attempt(review_pass(), &reviewer()).expect("passes");
    child.now = master.now;
    let taken = child.follow(&master, &passed);
    assert!(matches!(
        taken.first(),
        Some(TicketEvent::MasterAnswered { .. })
    ));
    assert_eq!(
        (child.state(), child.ticket.main_unit()),
        (S::PendingVisit, Some(A))
    );

    // Its caller is not satisfied: the master's unit handles it again, on its own. B never
    // gave it back, so its first dispatch stood.
    child.run(
        visit(VisitMethod::Manual, Satisfaction::Unsatisfied),
        &visit_agent(),
    );
    child.run(
        Command::Rehandle {
            reason: "路灯仍不亮".into(),
        },
        &visit_agent(),
    );
    assert_eq!(
        (child.ticket.holder(), child.ticket.first_main_unit()),
        (Some(A), Some(B))
    );
    assert!(child.ticket.first_dispatch_stood());
}

#[test]
fn a_wrong_merge_undone_does_not_make_the_first_dispatch_wrong() {
    let master = story_in(S::Processing);
    let mut child = story_in(S::Processing);
    child.ticket.id = TicketId(2);
    let first = child.ticket.main_unit();
    assert!(child.ticket.first_dispatch_stood());
    child.run(
        Command::Merge {
            master: master.ticket.id,
            note: "同一井盖".into(),
        },
        &dispatcher(),
    );
    assert!(!child.ticket.first_dispatch_stood(), "with the centre");
    child.run(
        Command::Unmerge {
            reason: "不是同一个井盖".into(),
        },
        &dispatcher(),
    );
    child.run(dispatch_to(first.unwrap()), &dispatcher());
    assert_eq!(child.ticket.dispatch_count, 2);
    assert_eq!(child.ticket.first_main_unit(), first);
    assert!(child.ticket.first_dispatch_stood());
}

#[test]
fn a_wrongly_merged_dispatched_ticket_goes_back_to_dispatch_with_fresh_clocks() {
    let master = story_in(S::Processing);
    let mut child = story_in(S::Suspended);
    child.ticket.id = TicketId(2);
    child.run(
        Command::Merge {
            master: master.ticket.id,
            note: "重复来电".into(),
        },
        &shift_lead(),
    );
    assert_eq!(child.state(), S::Merged);
    assert_eq!(child.ticket.suspended_from, None);
    child.run(
        Command::Unmerge {
            reason: "不是同一地点".into(),
        },
        &dispatcher(),
    );
    assert_eq!(child.state(), S::PendingDispatch);
    child.run(dispatch_to(B), &dispatcher());
    assert_eq!(child.ticket.holder(), Some(B));
    assert!(running(&child.ticket.clocks.sign_for));
    assert_eq!(child.ticket.dispatch_count, 2);
    // Another unit now: the first dispatch did not stand.
    assert!(!child.ticket.first_dispatch_stood());
    // The unit it was with before the merge sees it and no longer acts on it.
    assert!(child.ticket.involves(A) && !child.ticket.takes_part(A));
    let note = Command::Progress {
        note: "已到现场".into(),
    };
    assert!(matches!(
        child.clone().attempt(note.clone(), &handler(A)),
        Err(hotline_domain::DomainError::Forbidden { .. })
    ));
    assert!(child.clone().attempt(note, &handler(B)).is_ok());
}

#[test]
fn a_replied_ticket_is_reviewed_not_merged() {
    let master = story_in(S::Processing);
    let mut child = story_in(S::PendingReview);
    child.ticket.id = TicketId(2);
    assert!(child
        .attempt(
            Command::Merge {
                master: master.ticket.id,
                note: "重复".into(),
            },
            &dispatcher(),
        )
        .is_err());
}

#[test]
fn a_merge_into_an_answered_master_is_undone_until_the_caller_is_visited() {
    let master = story_in(S::PendingVisit);
    let mut child = merged_into(&master);
    child.follow(&master, &[]);
    assert_eq!(child.state(), S::PendingVisit);
    assert!(available(&child.ticket, &dispatcher()).contains(&ActionKind::Unmerge));
    child.run(
        Command::Unmerge {
            reason: "不是同一个路口".into(),
        },
        &dispatcher(),
    );
    let t = &child.ticket;
    assert_eq!(t.state, S::PendingDispatch, "to dispatch, on its own");
    assert_eq!((t.merged_into, t.reply.as_ref()), (None, None));
    assert_eq!((t.main_unit(), t.holder()), (None, None));
    assert!(
        !t.involves(A) && t.first_main_unit().is_none(),
        "the master's unit had it only for the answer"
    );
    assert!(
        no_clock_runs(&child),
        "no visit is due on the master's answer"
    );
    child.run(dispatch_to(B), &dispatcher());
    assert_eq!(child.ticket.holder(), Some(B));
    assert!(
        child.ticket.first_dispatch_stood(),
        "its first dispatch is this one"
    );

    // A caller who declined visits was closed on the answer at once: still undone.
    let mut declined = Story::new();
    declined.ticket.caller.declines_visit = true;
    declined.ticket.id = TicketId(3);
    declined.run(
        Command::Merge {
            master: master.ticket.id,
            note: String::new(),
        },
        &operator(),
    );
    declined.follow(&master, &[]);
    assert_eq!(declined.state(), S::Visited);
    declined.run(
        Command::Unmerge {
            reason: "另一件事".into(),
        },
        &shift_lead(),
    );
    assert_eq!(
        (declined.state(), declined.ticket.visit_exemption),
        (S::PendingDispatch, None)
    );

    // Once the caller was visited on it, the answer is theirs: no longer undone.
    let mut visited = merged_into(&master);
    visited.follow(&master, &[]);
    visited.run(
        visit(VisitMethod::Manual, Satisfaction::Satisfied),
        &visit_agent(),
    );
    assert!(!available(&visited.ticket, &dispatcher()).contains(&ActionKind::Unmerge));
    let refused = visited.attempt(
        Command::Unmerge {
            reason: "合错了".into(),
        },
        &dispatcher(),
    );
    assert!(
        matches!(
            refused,
            Err(hotline_domain::DomainError::NotAllowedInState {
                action: ActionKind::Unmerge,
                ..
            })
        ),
        "{refused:?}"
    );
    // Nor is a ticket answered on its own, never merged.
    let own = story_in(S::PendingVisit);
    assert!(!available(&own.ticket, &dispatcher()).contains(&ActionKind::Unmerge));
}
