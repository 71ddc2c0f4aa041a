//! Handling paths: dispatch, signing, sub-dispatch, returns, extensions, suspension, review,
//! supervision; each told as a story with real dates in 2026.
use chrono::TimeDelta;
use hotline_domain::clock::{Budget, Clock};
use hotline_domain::event::replay;
use hotline_domain::lifecycle::{apply, Command};
use hotline_domain::ticket::{
    AssignmentRole, Satisfaction, SupervisionLevel, TicketState as S, VisitMethod,
};
use hotline_domain::DomainError;

use crate::common::*;

#[test]
fn the_rizhao_dust_complaint_goes_from_call_to_close() {
    let mut s = Story::create(complete_ticket(), cst(2026, 3, 2, 9, 35));
    assert_eq!(s.state(), S::PendingDispatch);
    assert_eq!(s.ticket.tier, "D7", "a complaint needing verification");

    s.at(cst(2026, 3, 2, 9, 45))
        .run(dispatch_to(A), &dispatcher());
    assert_eq!((s.state(), s.ticket.holder()), (S::Dispatched, Some(A)));
    let clocks = &s.ticket.clocks;
    assert_eq!(
        clocks.sign_for.as_ref().and_then(|c| c.due_at),
        Some(cst(2026, 3, 2, 11, 45))
    );
    assert_eq!(
        clocks.return_window.as_ref().and_then(|c| c.due_at),
        Some(cst(2026, 3, 3, 9, 45))
    );
    assert_eq!(
        clocks.handling.as_ref().map(|c| (c.budget, c.due_at)),
        Some((
            Budget::WorkingSeconds(7 * DAY),
            Some(cst(2026, 3, 11, 9, 45))
        ))
    );

    s.at(cst(2026, 3, 2, 10, 30))
        .run(Command::SignFor, &handler(A));
    assert_eq!(s.state(), S::Processing);
    assert!(!running(&s.ticket.clocks.sign_for));
    assert_eq!(
        s.ticket.assignments[0].signed_at,
        Some(cst(2026, 3, 2, 10, 30))
    );

    s.at(cst(2026, 3, 2, 11, 0)).run(
        Command::SubDispatch {
            to: B,
            note: "请住建分局核查".into(),
        },
        &handler(A),
    );
    assert_eq!(s.state(), S::Dispatched);
    assert_eq!(
        (s.ticket.chain.clone(), s.ticket.main_unit()),
        (vec![A, B], Some(A))
    );
    assert_eq!(
        s.ticket.clocks.sign_for.as_ref().and_then(|c| c.due_at),
        Some(cst(2026, 3, 2, 14, 30)),
        "two working hours across the lunch break"
    );
    // The zone administration no longer holds it: only B signs.
    assert!(matches!(
        s.clone().attempt(Command::SignFor, &handler(A)),
        Err(DomainError::Forbidden { .. })
    ));

    s.at(cst(2026, 3, 2, 14, 0))
        .run(Command::SignFor, &handler(B));
    assert_eq!((s.state(), s.ticket.holder()), (S::Processing, Some(B)));

    s.at(cst(2026, 3, 4, 10, 0))
        .run(reply("已督促工地覆盖裸土、洒水降尘"), &handler(B));
    assert_eq!((s.state(), s.ticket.holder()), (S::Processing, Some(A)));
    assert_eq!(s.ticket.reply.as_ref().map(|r| r.unit), Some(B));
    assert!(running(&s.ticket.clocks.handling), "A still has to reply");

    s.at(cst(2026, 3, 4, 11, 0)).run(
        reply("经核查,工地已落实降尘措施,并已电话告知诉求人"),
        &handler(A),
    );
    assert_eq!(s.state(), S::PendingReview);
    assert_eq!(s.ticket.reply.as_ref().map(|r| r.unit), Some(A));
    assert!(!running(&s.ticket.clocks.handling));

    s.at(cst(2026, 3, 4, 14, 22))
        .run(review_pass(), &reviewer());
    assert_eq!(s.state(), S::PendingVisit);
    assert!(running(&s.ticket.clocks.visit));

    s.at(cst(2026, 3, 5, 10, 0)).run(
        visit(VisitMethod::Smart, Satisfaction::Satisfied),
        &visit_agent(),
    );
    assert_eq!(s.state(), S::Visited);

    s.at(cst(2026, 3, 5, 10, 30)).run(close(), &visit_agent());
    assert_eq!(s.state(), S::Closed);
    assert_eq!(s.ticket.closed_at, Some(cst(2026, 3, 5, 10, 30)));
    assert!(no_clock_runs(&s));
    assert_eq!(replay(&s.history), Some(s.ticket.clone()));
}

#[test]
fn a_return_within_the_window_goes_back_for_dispatch_and_is_re_dispatched() {
    let mut s = story_in(S::Dispatched);
    s.advance(TimeDelta::hours(4)).run(
        Command::RequestReturn {
            reason: "不属于本单位职责".into(),
            suggested_unit: Some(C),
        },
        &handler(A),
    );
    assert_eq!(s.state(), S::ReturnRequested);
    let request = s.ticket.return_request.clone().expect("a pending return");
    assert_eq!(
        (request.unit, request.from, request.suggested_unit),
        (A, S::Dispatched, Some(C))
    );
    assert!(!running(&s.ticket.clocks.return_window) && !running(&s.ticket.clocks.sign_for));
    assert!(running(&s.ticket.clocks.handling));

    s.advance(TimeDelta::hours(1)).run(
        Command::DecideReturn {
            approve: true,
            note: "同意".into(),
        },
        &dispatcher(),
    );
    assert_eq!(s.state(), S::PendingDispatch);
    assert_eq!((s.ticket.holder(), s.ticket.return_count), (None, 1));
    assert_eq!(s.ticket.clocks.iter().count(), 0);

    s.advance(TimeDelta::minutes(10))
        .run(dispatch_to(C), &dispatcher());
    assert_eq!((s.state(), s.ticket.holder()), (S::Dispatched, Some(C)));
    assert_eq!(s.ticket.dispatch_count, 2);
    assert!(!s.ticket.first_dispatch_stood(), "a return was approved");
    assert!(matches!(
        s.clone().attempt(Command::SignFor, &handler(A)),
        Err(DomainError::Forbidden { .. })
    ));
    s.run(Command::SignFor, &handler(C));
    assert_eq!(replay(&s.history), Some(s.ticket.clone()));
}

/// A unit whose return was approved keeps seeing the ticket and no longer acts on it: no
/// progress notes, no files. Dispatched back to it, it takes part again and signs again.
#[test]
fn a_unit_whose_return_was_approved_sees_the_ticket_and_no_longer_acts_on_it() {
    let mut s = story_in(S::Processing);
    s.advance(TimeDelta::hours(1))
        .run(
            Command::RequestReturn {
                reason: "不属于本单位职责".into(),
                suggested_unit: Some(C),
            },
            &handler(A),
        )
        .run(
            Command::DecideReturn {
                approve: true,
                note: "同意".into(),
            },
            &dispatcher(),
        );
    let returned_at = s.ticket.updated_at;
    assert!(s.ticket.involves(A) && !s.ticket.takes_part(A));
    assert_eq!(s.ticket.assignments[0].ended_at, Some(returned_at));
    s.advance(TimeDelta::minutes(10))
        .run(dispatch_to(C), &dispatcher());
    let progress = || Command::Progress {
        note: "已联系业主".into(),
    };
    for command in [
        progress(),
        sample_command(hotline_domain::lifecycle::ActionKind::Attach),
    ] {
        assert!(
            matches!(
                s.clone().attempt(command.clone(), &handler(A)),
                Err(DomainError::Forbidden { .. })
            ),
            "{command:?}"
        );
        assert!(s.clone().attempt(command, &handler(C)).is_ok());
    }
    // Back to A: a new part, unsigned; the first keeps its history.
    s.run(
        Command::RequestReturn {
            reason: "应由原单位办理".into(),
            suggested_unit: Some(A),
        },
        &handler(C),
    )
    .run(
        Command::DecideReturn {
            approve: true,
            note: "同意".into(),
        },
        &dispatcher(),
    )
    .run(dispatch_to(A), &dispatcher());
    let parts: Vec<_> = s
        .ticket
        .assignments
        .iter()
        .filter(|a| a.role == AssignmentRole::Main)
        .map(|a| (a.unit, a.signed_at.is_some(), a.is_current()))
        .collect();
    assert_eq!(
        parts,
        vec![(A, true, false), (C, false, false), (A, false, true)]
    );
    let current: Vec<_> = s
        .ticket
        .assignments
        .iter()
        .filter(|a| a.is_current())
        .collect();
    assert_eq!(
        current.len(),
        1,
        "only the new dispatch's unit: {current:?}"
    );
    assert!(s.clone().attempt(progress(), &handler(A)).is_ok());
    assert!(s.clone().attempt(progress(), &handler(C)).is_err());
    s.run(Command::SignFor, &handler(A));
    assert!(s
        .ticket
        .assignments
        .last()
        .is_some_and(|a| a.signed_at.is_some()));
    assert_eq!(replay(&s.history), Some(s.ticket.clone()));
}

/// A sub-dispatched unit that gives the ticket back to its parent ends its part, and its
/// pending request for more time with it.
#[test]
fn a_sub_dispatched_unit_that_gives_it_back_no_longer_acts_on_it() {
    let mut s = story_in(S::Processing);
    s.run(
        Command::SubDispatch {
            to: B,
            note: "请街道核实".into(),
        },
        &handler(A),
    )
    .run(Command::SignFor, &handler(B))
    .run(
        Command::RequestExtension {
            working_days: 5,
            reason: "需协调多个部门".into(),
        },
        &handler(B),
    )
    .run(
        Command::RequestReturn {
            reason: "不属于本街道".into(),
            suggested_unit: None,
        },
        &handler(B),
    );
    assert_eq!((s.state(), s.ticket.holder()), (S::Processing, Some(A)));
    assert_eq!(
        s.ticket.extension_request, None,
        "its request for more time ends with its part"
    );
    assert!(s.ticket.involves(B) && !s.ticket.takes_part(B) && s.ticket.takes_part(A));
    let note = Command::Progress {
        note: "补充情况".into(),
    };
    assert!(matches!(
        s.clone().attempt(note.clone(), &handler(B)),
        Err(DomainError::Forbidden { .. })
    ));
    assert!(s.clone().attempt(note, &handler(A)).is_ok());
    assert_eq!(replay(&s.history), Some(s.ticket.clone()));
}

#[test]
fn a_return_after_the_window_is_refused() {
    // Dispatched Monday 09:10: one working day runs out on Tuesday at 09:10.
    let mut s = story_in(S::Processing);
    let due = s
        .ticket
        .clocks
        .return_window
        .as_ref()
        .and_then(|c| c.due_at);
    assert_eq!(due, Some(cst(2026, 3, 3, 9, 10)));
    let request = || Command::RequestReturn {
        reason: "不属于本单位职责".into(),
        suggested_unit: None,
    };
    let mut on_time = s.clone();
    on_time
        .at(cst(2026, 3, 3, 9, 10))
        .run(request(), &handler(A));
    assert_eq!(on_time.state(), S::ReturnRequested);

    s.at(cst(2026, 3, 3, 9, 11));
    assert_eq!(
        s.attempt(request(), &handler(A)),
        Err(DomainError::ReturnWindowExpired {
            closed_at: cst(2026, 3, 3, 9, 10)
        })
    );
}

#[test]
fn a_refused_return_goes_back_to_where_it_was_and_the_window_does_not_reopen() {
    for from in [S::Dispatched, S::Processing] {
        let mut s = story_in(from);
        s.advance(TimeDelta::hours(1)).run(
            Command::RequestReturn {
                reason: "不属于本单位职责".into(),
                suggested_unit: None,
            },
            &handler(A),
        );
        s.advance(TimeDelta::hours(1)).run(
            Command::DecideReturn {
                approve: false,
                note: "属于管委职责,请办理".into(),
            },
            &shift_lead(),
        );
        assert_eq!((s.state(), s.ticket.holder()), (from, Some(A)));
        assert!(s.ticket.return_request.is_none());
        // Unsigned, the unit is timed again from what it had used before it asked.
        let sign_for = s.ticket.clocks.sign_for.clone().expect("sign-for clock");
        assert_eq!(sign_for.is_running(), from == S::Dispatched);
        if from == S::Dispatched {
            assert_eq!(
                (sign_for.consumed, sign_for.running_since),
                (3600, Some(s.now))
            );
        }
        // One request per dispatch: the refused unit handles the ticket.
        assert!(matches!(
            s.clone().attempt(
                Command::RequestReturn {
                    reason: "再次申请".into(),
                    suggested_unit: None,
                },
                &handler(A),
            ),
            Err(DomainError::ReturnWindowExpired { .. })
        ));
    }
}

#[test]
fn a_sub_unit_that_gives_the_ticket_back_stops_its_sign_for_clock() {
    let mut s = story_in(S::Processing);
    s.advance(TimeDelta::minutes(30)).run(
        Command::SubDispatch {
            to: B,
            note: String::new(),
        },
        &handler(A),
    );
    assert!(running(&s.ticket.clocks.sign_for));
    s.advance(TimeDelta::minutes(30)).run(
        Command::RequestReturn {
            reason: "不属于本局职责".into(),
            suggested_unit: None,
        },
        &handler(B),
    );
    assert_eq!((s.state(), s.ticket.holder()), (S::Processing, Some(A)));
    assert!(!running(&s.ticket.clocks.sign_for));
    assert!(running(&s.ticket.clocks.handling));
    assert!(s.ticket.return_request.is_none(), "no hotline decision");
}

#[test]
fn an_approved_extension_moves_the_handling_deadline_by_working_days() {
    // A complaint (D7) dispatched Monday 2 March 09:10 is due Wednesday 11 March 09:10.
    let mut s = story_in(S::Processing);
    let due = |s: &Story| s.ticket.clocks.handling.as_ref().and_then(|c| c.due_at);
    assert_eq!(due(&s), Some(cst(2026, 3, 11, 9, 10)));
    let request = |days| Command::RequestExtension {
        working_days: days,
        reason: "需委托第三方检测".into(),
    };
    for bad in [0, 16] {
        assert_eq!(
            invalid_field(s.clone().attempt(request(bad), &handler(A))),
            "working_days"
        );
    }
    s.advance(TimeDelta::hours(1)).run(request(3), &handler(A));
    assert_eq!(
        s.ticket.extension_request.as_ref().map(|r| r.working_days),
        Some(3)
    );
    assert_eq!(
        invalid_field(s.clone().attempt(request(1), &handler(A))),
        "working_days"
    );
    let decide = |approve, working_days| Command::DecideExtension {
        approve,
        working_days,
        note: String::new(),
    };

    let mut refused = s.clone();
    refused.run(decide(false, None), &dispatcher());
    assert_eq!(due(&refused), Some(cst(2026, 3, 11, 9, 10)));
    assert!(refused.ticket.extension_request.is_none());

    let mut shortened = s.clone();
    shortened.run(decide(true, Some(2)), &supervisor());
    assert_eq!(due(&shortened), Some(cst(2026, 3, 13, 9, 10)));

    s.advance(TimeDelta::hours(1))
        .run(decide(true, None), &dispatcher());
    assert_eq!(due(&s), Some(cst(2026, 3, 16, 9, 10)));
    assert_eq!(
        s.ticket.clocks.handling.as_ref().map(|c| c.budget),
        Some(Budget::WorkingSeconds(10 * DAY))
    );
    assert!(s.ticket.extension_request.is_none());
    assert_eq!(
        invalid_field(s.attempt(decide(true, None), &dispatcher())),
        "approve"
    );
}

#[test]
fn suspension_pauses_every_running_clock_and_resuming_re_projects_them() {
    let mut s = story_in(S::Dispatched); // dispatched Monday 09:10, nothing signed
    s.at(cst(2026, 3, 2, 10, 10)).run(
        Command::Suspend {
            reason: "等待鉴定结论".into(),
        },
        &supervisor(),
    );
    assert_eq!(
        (s.state(), s.ticket.suspended_from),
        (S::Suspended, Some(S::Dispatched))
    );
    let kinds: Vec<_> = s.ticket.clocks.iter().map(|(k, _)| k).collect();
    assert_eq!(kinds.len(), 3);
    for (kind, c) in s.ticket.clocks.iter() {
        assert_eq!(
            (c.running_since, c.due_at, c.consumed),
            (None, None, 3600),
            "{kind:?}"
        );
    }
    let cal = calendar();
    let later = cst(2026, 3, 5, 15, 0);
    for (_, c) in s.ticket.clocks.iter() {
        assert_eq!(c.consumed_at(later, cal), 3600);
    }

    s.at(later).run(
        Command::Resume {
            note: String::new(),
        },
        &dispatcher(),
    );
    assert_eq!((s.state(), s.ticket.suspended_from), (S::Dispatched, None));
    let due = |c: &Option<Clock>| c.as_ref().and_then(|c| c.due_at);
    let clocks = &s.ticket.clocks;
    assert_eq!(due(&clocks.sign_for), Some(cst(2026, 3, 5, 16, 0)));
    assert_eq!(due(&clocks.return_window), Some(cst(2026, 3, 6, 14, 0)));
    assert_eq!(due(&clocks.handling), Some(cst(2026, 3, 16, 14, 0)));
    for (kind, c) in clocks.iter() {
        assert_eq!(
            (c.consumed, c.running_since),
            (3600, Some(later)),
            "{kind:?}"
        );
        let left = c.budget.seconds() - 3600;
        assert_eq!(
            c.due_at,
            Some(cal.add_working_seconds(later, left)),
            "{kind:?}"
        );
    }

    // A clock stopped before the suspension stays stopped after it.
    let mut p = story_in(S::Suspended);
    p.advance(TimeDelta::days(2)).run(
        Command::Resume {
            note: String::new(),
        },
        &supervisor(),
    );
    assert_eq!(p.state(), S::Processing);
    assert!(p
        .ticket
        .clocks
        .sign_for
        .as_ref()
        .is_some_and(|c| c.stopped_at.is_some()));
    assert!(running(&p.ticket.clocks.handling));
}

#[test]
fn a_review_send_back_restarts_the_handling_clock_where_it_stopped() {
    let mut s = story_in(S::PendingReview);
    let stopped = s.ticket.clocks.handling.clone().expect("handling");
    assert!(!stopped.is_running());
    s.advance(TimeDelta::hours(2)).run(
        Command::ReviewSendBack {
            reason: "答复未说明处理结果".into(),
        },
        &reviewer(),
    );
    assert_eq!((s.state(), s.ticket.holder()), (S::Processing, Some(A)));
    let resumed = s.ticket.clocks.handling.clone().expect("handling");
    assert_eq!(
        (resumed.consumed, resumed.running_since, resumed.stopped_at),
        (stopped.consumed, Some(s.now), None)
    );
}

#[test]
fn a_command_built_on_an_old_version_is_stale() {
    let s = story_in(S::Processing);
    let v = s.ticket.version;
    for expected in [v - 1, v + 1] {
        assert_eq!(
            apply(&s.ticket, expected, &reply("已处理"), &handler(A), &s.ctx()),
            Err(DomainError::StaleVersion {
                expected,
                actual: v
            })
        );
    }
}

#[test]
fn supervision_only_escalates() {
    let mut s = story_in(S::Processing);
    let supervise = |level| Command::Supervise {
        level,
        note: String::new(),
    };
    assert!(matches!(
        s.clone()
            .attempt(supervise(SupervisionLevel::AssignmentNotice), &dispatcher()),
        Err(DomainError::Forbidden { .. })
    ));
    s.run(
        supervise(SupervisionLevel::SupervisionNotice),
        &supervisor(),
    );
    for lower in [
        SupervisionLevel::AssignmentNotice,
        SupervisionLevel::SupervisionNotice,
    ] {
        assert_eq!(
            invalid_field(s.clone().attempt(supervise(lower), &supervisor())),
            "level"
        );
    }
    s.run(supervise(SupervisionLevel::CoordinationMeeting), &leader())
        .run(supervise(SupervisionLevel::MayorReport), &supervisor());
    assert_eq!(s.ticket.supervision, Some(SupervisionLevel::MayorReport));
}

#[test]
fn urges_are_counted() {
    let mut s = story_in(S::Processing);
    let urge = || Command::Urge {
        note: "请加快办理".into(),
    };
    s.run(urge(), &dispatcher())
        .run(urge(), &dispatcher())
        .run(urge(), &supervisor());
    assert_eq!(s.ticket.urge_count, 3);
    s.run(reply("已处理"), &handler(A));
    assert!(matches!(
        s.attempt(urge(), &dispatcher()),
        Err(DomainError::NotAllowedInState { .. })
    ));
    assert_eq!(s.ticket.urge_count, 3);
}

#[test]
fn an_assisting_unit_attaches_a_photo_once_and_an_outside_unit_cannot() {
    let mut s = story_in(S::Processing);
    let events = s
        .attempt(
            Command::Attach {
                attachment: photo(7),
            },
            &handler(C),
        )
        .expect("an assisting unit attaches");
    assert_eq!(
        events,
        vec![hotline_domain::event::TicketEvent::AttachmentAdded {
            attachment: photo(7)
        }]
    );
    assert_eq!(s.ticket.attachments, vec![photo(7)]);
    assert_eq!(s.state(), S::Processing, "attaching changes no state");

    let again = s.attempt(
        Command::Attach {
            attachment: photo(7),
        },
        &handler(A),
    );
    assert_eq!(invalid_field(again), "attachment.id");
    let nameless = s.attempt(
        Command::Attach {
            attachment: hotline_domain::ticket::AttachmentRef {
                name: " ".into(),
                ..photo(8)
            },
        },
        &handler(A),
    );
    assert_eq!(invalid_field(nameless), "attachment.name");
    let outside = s.attempt(
        Command::Attach {
            attachment: photo(9),
        },
        &handler(Z),
    );
    assert!(
        matches!(outside, Err(DomainError::Forbidden { .. })),
        "{outside:?}"
    );
    assert_eq!(s.ticket.attachments.len(), 1);
    assert_eq!(replay(&s.history).as_ref(), Some(&s.ticket));
}
