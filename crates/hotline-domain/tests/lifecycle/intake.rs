//! Intake paths: tickets that end before they reach a unit.
use chrono::TimeDelta;
use hotline_domain::event::TicketEvent;
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
    // A master that already holds a merged ticket may be merged too: it lets its merged
    // tickets go to the new master (the service moves them) and holds none, so merges stay
    // one level deep.
    let mut holding = s.clone();
    holding.ticket.merged = vec![TicketId(9), TicketId(11)];
    assert!(available(&holding.ticket, &operator()).contains(&ActionKind::Merge));
    let events = holding
        .attempt(merge(TicketId(7)), &operator())
        .expect("a master merged");
    let released: Vec<&TicketEvent> = events
        .iter()
        .filter(|e| matches!(e, TicketEvent::MergeReleased { .. }))
        .collect();
    assert_eq!(
        released,
        [
            &TicketEvent::MergeReleased {
                child: TicketId(9),
                to: Some(TicketId(7))
            },
            &TicketEvent::MergeReleased {
                child: TicketId(11),
                to: Some(TicketId(7))
            }
        ]
    );
    assert!(holding.ticket.merged.is_empty());
    assert_eq!(holding.ticket.merged_into, Some(TicketId(7)));
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

#[test]
fn a_ticket_keeps_no_invisible_characters_and_its_lines_on_one_line() {
    let mut new = complete_ticket();
    new.subject = "路灯\n不亮\u{2028}三天".into();
    new.caller.name = "\u{202E}王建国\u{202C}".into();
    new.caller.phone = "138\u{200B}1234\u{FEFF}5678".into();
    new.elements.place.address = "中\u{200B}山路\r\n12号".into();
    new.elements.event = "第一段\u{200D}\n\n第二段".into();
    new.record = "\u{FEFF}来电\n反映".into();
    let s = Story::create(new, monday_morning());
    let t = &s.ticket;
    assert_eq!(t.subject, "路灯 不亮 三天");
    assert_eq!(t.caller.name, "王建国");
    assert_eq!(t.caller.phone, "13812345678");
    assert_eq!(t.elements.place.address, "中山路 12号");
    assert_eq!(t.elements.event, "第一段\n\n第二段");
    assert_eq!(t.record, "来电\n反映");
    // An element that is only what nobody sees is missing.
    let mut blank = complete_ticket();
    blank.elements.person = "\u{200B}\u{FEFF}".into();
    let refused = hotline_domain::lifecycle::create(
        blank,
        TicketId(2),
        "12345-0002".into(),
        &operator(),
        &ctx(monday_morning()),
    );
    assert!(
        matches!(&refused, Err(DomainError::MissingElements(m)) if m == &["person"]),
        "{refused:?}"
    );
    // An edit is kept the same way.
    let mut edited = s.clone();
    edited.run(
        Command::Edit {
            edit: Box::new(hotline_domain::lifecycle::TicketEdit {
                subject: Some("井盖\n丢失\u{200B}".into()),
                ..Default::default()
            }),
        },
        &operator(),
    );
    assert_eq!(edited.ticket.subject, "井盖 丢失");
    // A submitted ticket keeps its five elements: an edit may not take one away.
    let mut emptied = s.ticket.elements.clone();
    emptied.demand = "\u{200B}".into();
    let refused = s.clone().attempt(
        Command::Edit {
            edit: Box::new(hotline_domain::lifecycle::TicketEdit {
                elements: Some(emptied),
                ..Default::default()
            }),
        },
        &operator(),
    );
    assert!(
        matches!(&refused, Err(DomainError::MissingElements(m)) if m == &["demand"]),
        "{refused:?}"
    );
    // Every other text of a command too: an answer of nothing visible is no answer.
    let answer = |text: &str| Command::DirectAnswer {
        answer: text.into(),
        article: None,
    };
    let mut draft = complete_ticket();
    draft.draft = true;
    let mut answered = Story::create(draft, monday_morning());
    assert_eq!(
        invalid_field(
            answered
                .clone()
                .attempt(answer("\u{200B}\u{FEFF}"), &operator())
        ),
        "answer"
    );
    answered.run(answer("已告知\u{200B}办理地点\u{202E}"), &operator());
    assert!(
        answered.history.iter().any(|e| matches!(
            &e.event,
            TicketEvent::DirectlyAnswered { answer, .. } if answer == "已告知办理地点"
        )),
        "{:?}",
        answered.history.last()
    );
}

#[test]
fn a_colour_tag_given_many_times_is_kept_once() {
    use hotline_domain::ticket::ColourTag::{Leader, Media};
    let mut new = complete_ticket();
    new.tags = [Media, Leader].repeat(5_000);
    let mut s = Story::create(new, monday_morning());
    assert_eq!(s.ticket.tags, [Media, Leader]);
    s.run(
        Command::Edit {
            edit: Box::new(hotline_domain::lifecycle::TicketEdit {
                tags: Some(vec![Leader, Leader, Media, Leader]),
                ..Default::default()
            }),
        },
        &operator(),
    );
    assert_eq!(s.ticket.tags, [Leader, Media]);
}
