//! Return visits, closing and reopening: satisfied or not, exemptions, rehandling.
use chrono::TimeDelta;
use hotline_domain::event::replay;
use hotline_domain::lifecycle::Command;
use hotline_domain::ticket::{
    Caller, NewTicket, Satisfaction, TicketState as S, VisitExemption, VisitMethod, VisitOutcome,
};
use hotline_domain::DomainError;

use crate::common::*;

#[test]
fn an_unsatisfied_caller_gets_a_manual_visit_and_the_ticket_is_handled_again() {
    let mut s = story_in(S::PendingVisit);
    s.advance(TimeDelta::hours(1)).run(
        visit(VisitMethod::Smart, Satisfaction::Unsatisfied),
        &visit_agent(),
    );
    assert_eq!(s.state(), S::PendingVisit);
    assert!(s.ticket.needs_manual_visit);
    assert!(running(&s.ticket.clocks.visit));
    // A person must call now: another automated call does not settle it.
    assert_eq!(
        invalid_field(s.clone().attempt(
            visit(VisitMethod::Smart, Satisfaction::Satisfied),
            &visit_agent()
        )),
        "method"
    );

    s.advance(TimeDelta::hours(1)).run(
        visit(VisitMethod::Manual, Satisfaction::Unsatisfied),
        &visit_agent(),
    );
    assert_eq!(s.state(), S::Visited);
    assert_eq!(s.ticket.visits.len(), 2);
    assert!(matches!(
        s.clone().attempt(close(), &visit_agent()),
        Err(DomainError::Forbidden { .. })
    ));

    let before = s.now;
    s.advance(TimeDelta::hours(1)).run(
        Command::Rehandle {
            reason: "群众反映工地仍有扬尘".into(),
        },
        &visit_agent(),
    );
    assert_eq!((s.state(), s.ticket.holder()), (S::Processing, Some(A)));
    assert_eq!(
        (s.ticket.rehandle_count, s.ticket.reply.is_none()),
        (1, true)
    );
    assert!(s.ticket.clocks.visit.is_none());
    let handling = s
        .ticket
        .clocks
        .handling
        .clone()
        .expect("a fresh handling clock");
    assert!(handling.is_running() && handling.consumed == 0 && handling.started_at > before);

    s.advance(TimeDelta::days(1))
        .run(reply("已增设喷淋设施"), &handler(A));
    s.advance(TimeDelta::hours(1))
        .run(review_pass(), &reviewer());
    s.advance(TimeDelta::hours(1)).run(
        visit(VisitMethod::Smart, Satisfaction::Satisfied),
        &visit_agent(),
    );
    s.advance(TimeDelta::hours(1)).run(close(), &visit_agent());
    assert_eq!(s.state(), S::Closed);
    assert!(no_clock_runs(&s));
    assert_eq!(replay(&s.history), Some(s.ticket.clone()));
}

/// A ticket whose tier was since removed from the policy is still handled again: in the time
/// its last handling clock had, as nothing else could choose one.
#[test]
fn a_ticket_whose_tier_was_removed_is_handled_again_in_the_time_it_had() {
    let mut s = story_in(S::PendingVisit);
    let had = s.ticket.clocks.handling.as_ref().map(|c| c.budget);
    assert!(had.is_some());
    s.ticket.tier = "旧等级".into();
    s.advance(TimeDelta::hours(1)).run(
        visit(VisitMethod::Manual, Satisfaction::Unsatisfied),
        &visit_agent(),
    );
    s.advance(TimeDelta::hours(1)).run(
        Command::Rehandle {
            reason: "仍未解决".into(),
        },
        &visit_agent(),
    );
    let handling = s.ticket.clocks.handling.clone().expect("a handling clock");
    assert_eq!((Some(handling.budget), handling.consumed), (had, 0));
    assert!(handling.is_running());
}

#[test]
fn an_unsatisfied_ticket_closes_only_by_a_supervisor_with_a_note() {
    let mut s = story_in(S::PendingVisit);
    s.run(
        visit(VisitMethod::Manual, Satisfaction::Unsatisfied),
        &visit_agent(),
    );
    assert_eq!(
        invalid_field(s.clone().attempt(close(), &supervisor())),
        "note"
    );
    s.run(
        Command::Close {
            note: "诉求超出政策范围,已解释".into(),
        },
        &supervisor(),
    );
    assert_eq!(s.state(), S::Closed);
}

#[test]
fn a_caller_who_declines_visits_is_exempted_at_review() {
    let mut s = Story::create(
        NewTicket {
            caller: Caller {
                declines_visit: true,
                ..complete_ticket().caller
            },
            ..complete_ticket()
        },
        monday_morning(),
    );
    s.run(dispatch_to(A), &dispatcher())
        .run(Command::SignFor, &handler(A))
        .run(reply("已处理"), &handler(A))
        .run(review_pass(), &reviewer());
    assert_eq!(s.state(), S::Visited);
    assert_eq!(
        s.ticket.visit_exemption,
        Some(VisitExemption::CallerDeclined)
    );
    assert!(s.ticket.clocks.visit.is_none());
    s.run(close(), &reviewer());
    assert_eq!(s.state(), S::Closed);
}

#[test]
fn a_caller_unreachable_three_times_is_exempted() {
    let mut s = story_in(S::PendingVisit);
    let unreachable = || visit_outcome(VisitMethod::Manual, VisitOutcome::Unreachable);
    for _ in 0..2 {
        s.advance(TimeDelta::hours(3))
            .run(unreachable(), &visit_agent());
        assert_eq!(s.state(), S::PendingVisit);
        assert!(running(&s.ticket.clocks.visit));
    }
    s.advance(TimeDelta::hours(3))
        .run(unreachable(), &visit_agent());
    assert_eq!(s.state(), S::Visited);
    assert_eq!(s.ticket.visit_exemption, Some(VisitExemption::Unreachable));
    assert!(!running(&s.ticket.clocks.visit));
    s.run(close(), &visit_agent());
    assert_eq!(s.state(), S::Closed);
}

#[test]
fn unreachable_attempts_count_afresh_in_each_visit_round() {
    let mut s = story_in(S::PendingVisit);
    let unreachable = || visit_outcome(VisitMethod::Manual, VisitOutcome::Unreachable);
    s.advance(TimeDelta::hours(3))
        .run(unreachable(), &visit_agent());
    s.advance(TimeDelta::hours(3))
        .run(unreachable(), &visit_agent());
    s.advance(TimeDelta::hours(3)).run(
        visit(VisitMethod::Manual, Satisfaction::Unsatisfied),
        &visit_agent(),
    );
    s.advance(TimeDelta::hours(1)).run(
        Command::Rehandle {
            reason: "不满意".into(),
        },
        &visit_agent(),
    );
    s.advance(TimeDelta::days(1))
        .run(reply("已再次处理"), &handler(A));
    s.advance(TimeDelta::hours(1))
        .run(review_pass(), &reviewer());
    s.advance(TimeDelta::hours(1))
        .run(unreachable(), &visit_agent());
    assert_eq!(s.state(), S::PendingVisit, "the first try of the new round");
}

#[test]
fn a_caller_who_declines_when_called_is_exempted() {
    let mut s = story_in(S::PendingVisit);
    s.run(
        visit_outcome(VisitMethod::Smart, VisitOutcome::Declined),
        &visit_agent(),
    );
    assert_eq!(s.state(), S::Visited);
    assert_eq!(
        s.ticket.visit_exemption,
        Some(VisitExemption::CallerDeclined)
    );
}

#[test]
fn a_closed_ticket_reopens_within_thirty_days_and_not_after() {
    let s = story_in(S::Closed);
    let closed = s.ticket.closed_at.expect("closed");
    let reopen = || Command::Reopen {
        reason: "问题复发".into(),
    };
    let mut late = s.clone();
    late.at(closed + TimeDelta::days(30) + TimeDelta::seconds(1));
    assert_eq!(
        invalid_field(late.attempt(reopen(), &supervisor())),
        "reason"
    );

    let mut s = s;
    s.at(closed + TimeDelta::days(30))
        .run(reopen(), &shift_lead());
    assert_eq!(s.state(), S::PendingDispatch);
    let t = &s.ticket;
    assert!(t.reply.is_none() && t.closed_at.is_none() && t.chain.is_empty());
    assert!(t.visit_exemption.is_none());
    assert_eq!(t.clocks.iter().count(), 0);
    s.advance(TimeDelta::minutes(5))
        .run(dispatch_to(A), &dispatcher());
    assert_eq!(s.state(), S::Dispatched);
    assert_eq!(replay(&s.history), Some(s.ticket.clone()));

    assert!(s.ticket.first_dispatch_stood());

    let mut archived = story_in(S::Archived);
    assert!(matches!(
        archived.attempt(reopen(), &supervisor()),
        Err(DomainError::NotAllowedInState { .. })
    ));
}

#[test]
fn a_first_dispatch_answered_stood_whatever_came_after() {
    let mut s = story_in(S::Closed);
    assert!(s.ticket.first_dispatch_stood());
    s.advance(TimeDelta::days(2)).run(
        Command::Reopen {
            reason: "问题复发".into(),
        },
        &shift_lead(),
    );
    assert!(
        s.ticket.first_dispatch_stood(),
        "reopened, with the centre again"
    );
    // Sent to another unit this time, which gives it back: the first unit kept it and
    // answered, and that is what the figure judges.
    s.advance(TimeDelta::minutes(5))
        .run(dispatch_to(C), &dispatcher());
    assert!(s.ticket.first_dispatch_stood(), "another unit now");
    s.advance(TimeDelta::hours(1)).run(
        Command::RequestReturn {
            reason: "不属于本单位职责".into(),
            suggested_unit: None,
        },
        &handler(C),
    );
    assert!(!s.ticket.first_dispatch_open(), "the verdict is in");
    s.run(
        Command::DecideReturn {
            approve: true,
            note: "同意".into(),
        },
        &dispatcher(),
    );
    assert_eq!(s.ticket.return_count, 1);
    assert!(s.ticket.first_dispatch_stood());
    assert_eq!(replay(&s.history), Some(s.ticket.clone()));

    // A ticket stored before verdicts were kept shows its own, and keeps it from there.
    let mut old = story_in(S::Closed);
    old.ticket.first_dispatch = None;
    assert!(old.ticket.first_dispatch_stood());
    old.advance(TimeDelta::days(2)).run(
        Command::Reopen {
            reason: "问题复发".into(),
        },
        &shift_lead(),
    );
    old.advance(TimeDelta::minutes(5))
        .run(dispatch_to(C), &dispatcher());
    assert!(old.ticket.first_dispatch_stood());
    assert_eq!(replay(&old.history), Some(old.ticket.clone()));
}
