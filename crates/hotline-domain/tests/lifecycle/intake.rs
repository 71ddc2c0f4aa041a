//! Intake paths: tickets that end before they reach a unit.
use chrono::TimeDelta;
use hotline_domain::lifecycle::{available, ActionKind, Command};
use hotline_domain::ticket::{
    EmergencyService, NewTicket, NotAcceptedReason, TicketId, TicketState as S, VisitExemption,
};
use hotline_domain::DomainError;

use crate::common::*;

#[test]
fn a_repeat_call_is_merged_into_its_master_ticket() {
    let mut s = Story::new();
    let merge = |master| Command::Merge {
        master,
        note: "同一来电人同一事项".into(),
    };
    assert_eq!(
        invalid_field(s.clone().attempt(merge(s.ticket.id), &operator())),
        "master"
    );
    // A master that already holds a merged ticket is not offered Merge itself.
    let mut master = s.ticket.clone();
    assert!(available(&master, &operator()).contains(&ActionKind::Merge));
    master.merged.push(TicketId(9));
    assert!(!available(&master, &operator()).contains(&ActionKind::Merge));
    let mut holding = s.clone();
    holding.ticket = master;
    // What is wrong is the ticket being merged, not the master the request names.
    assert_eq!(
        invalid_field(holding.attempt(merge(TicketId(7)), &operator())),
        "ticket"
    );
    s.run(merge(TicketId(7)), &operator());
    assert_eq!(
        (s.state(), s.ticket.merged_into),
        (S::Merged, Some(TicketId(7)))
    );
    assert!(no_clock_runs(&s));
    assert_eq!(available(&s.ticket, &operator()), vec![ActionKind::Unmerge]);
    // Archived only once its master has ended (the service checks the master).
    s.run(Command::Archive, &shift_lead());
    assert_eq!(s.state(), S::Archived);
}

#[test]
fn a_matter_for_the_courts_is_not_accepted_and_the_caller_told_where_to_go() {
    let mut s = Story::new();
    let not_accept = |channel: &str| Command::NotAccept {
        reason: NotAcceptedReason::Litigation,
        channel_told: channel.into(),
        note: String::new(),
    };
    assert_eq!(
        invalid_field(s.clone().attempt(not_accept(" "), &operator())),
        "channel_told"
    );
    s.run(not_accept("向人民法院提起诉讼"), &operator());
    assert_eq!(s.state(), S::NotAccepted);
    assert_eq!(
        available(&s.ticket, &shift_lead()),
        vec![ActionKind::Archive]
    );
}

#[test]
fn a_fire_is_transferred_to_119_even_from_an_incomplete_draft() {
    let mut s = Story::create(
        NewTicket {
            draft: true,
            elements: Default::default(),
            ..complete_ticket()
        },
        monday_morning(),
    );
    assert!(matches!(
        s.clone().attempt(Command::Submit, &operator()),
        Err(DomainError::MissingElements(_))
    ));
    s.run(
        Command::EmergencyTransfer {
            service: EmergencyService::Fire,
            note: "已三方通话转119".into(),
        },
        &operator(),
    );
    assert_eq!(s.state(), S::Transferred);
}

#[test]
fn a_direct_answer_closes_the_ticket_without_a_visit() {
    let mut s = Story::new();
    let answer = |text: &str| Command::DirectAnswer {
        answer: text.into(),
        article: Some(12),
    };
    assert_eq!(
        invalid_field(s.clone().attempt(answer(""), &operator())),
        "answer"
    );
    s.advance(TimeDelta::minutes(3))
        .run(answer("公积金提取需携带身份证到窗口办理"), &operator());
    assert_eq!(s.state(), S::Closed);
    assert_eq!(s.ticket.visit_exemption, Some(VisitExemption::DirectAnswer));
    assert_eq!(s.ticket.closed_at, Some(s.now));
    assert!(s.ticket.reply.as_ref().is_some_and(|r| r.resolved));
}

#[test]
fn the_dispatcher_sets_colour_tags_while_dispatching_and_the_history_says_so() {
    use hotline_domain::event::TicketEvent;
    use hotline_domain::ticket::ColourTag;
    let mut s = Story::new();
    let before = s.history.len();
    s.run(
        Command::Dispatch {
            main: A,
            assisting: vec![],
            tier: None,
            note: String::new(),
            tags: Some(vec![ColourTag::BusinessEnvironment]),
        },
        &dispatcher(),
    );
    assert_eq!(s.state(), S::Dispatched);
    assert_eq!(s.ticket.tags, [ColourTag::BusinessEnvironment]);
    assert!(
        matches!(&s.history[before].event, TicketEvent::Edited { edit } if edit.tags.is_some()),
        "the tags are an edit recorded before the dispatch: {:?}",
        s.history[before].event
    );
    // The same tags again, or none given, record no edit.
    let mut again = Story::new();
    let before = again.history.len();
    again.run(dispatch_to(A), &dispatcher());
    assert!(matches!(
        &again.history[before].event,
        TicketEvent::Dispatched { .. }
    ));
}
