//! Random command sequences: whatever is accepted, the ticket's invariants hold.
use chrono::TimeDelta;
use proptest::prelude::*;

use hotline_domain::clock::ClockKind;
use hotline_domain::event::replay;
use hotline_domain::lifecycle::{available, ActionKind, Command, TicketEdit};
use hotline_domain::org::Actor;
use hotline_domain::ticket::{
    AttachmentRef, Caller, EmergencyService, NewTicket, NotAcceptedReason, Satisfaction,
    SupervisionLevel, Ticket, TicketId, TicketState, VisitMethod, VisitOutcome,
};

use crate::common::*;

/// The fixed cast: every centre role, and a handler and an admin of each unit.
fn actors() -> Vec<Actor> {
    let mut actors = centre_staff();
    for unit in [A, B, C, Z] {
        actors.push(handler(unit));
    }
    actors.push(unit_admin(A));
    actors.push(unit_admin(B));
    actors
}

/// One random step: which action, by whom, with which payload, after how long.
#[derive(Debug, Clone)]
struct Step {
    /// Most steps pick among what the actor may do, so that walks go deep.
    plausible: bool,
    action: usize,
    actor: usize,
    seed: u64,
    wait_seconds: i64,
}

fn step() -> impl Strategy<Value = Step> {
    (
        prop::bool::weighted(0.85),
        0..ActionKind::ALL.len(),
        0..64usize,
        any::<u64>(),
        prop_oneof![Just(0i64), 0..3 * 86_400i64],
    )
        .prop_map(|(plausible, action, actor, seed, wait_seconds)| Step {
            plausible,
            action,
            actor,
            seed,
            wait_seconds,
        })
}

fn pick<T: Copy>(items: &[T], seed: u64) -> T {
    items[(seed % items.len() as u64) as usize]
}

/// How often a plausible step picks an action: walks that end at intake or get archived early
/// would rarely reach the later states.
fn weight(kind: ActionKind) -> u64 {
    use ActionKind as K;
    match kind {
        K::DirectAnswer
        | K::NotAccept
        | K::EmergencyTransfer
        | K::Merge
        | K::Unmerge
        | K::Archive => 1,
        K::Edit | K::Progress | K::Urge | K::Supervise | K::Whistle | K::Reopen | K::Attach => 3,
        K::Suspend | K::Resume => 4,
        K::Submit
        | K::ReturnToIntake
        | K::Dispatch
        | K::SignFor
        | K::RequestReturn
        | K::DecideReturn
        | K::SubDispatch
        | K::RequestExtension
        | K::DecideExtension
        | K::Reply
        | K::ReviewPass
        | K::ReviewSendBack
        | K::Visit
        | K::Rehandle
        | K::Close => 12,
    }
}

fn pick_weighted<'a>(
    offered: &[(&'a Actor, ActionKind)],
    seed: u64,
) -> Option<(&'a Actor, ActionKind)> {
    let total: u64 = offered.iter().map(|(_, k)| weight(*k)).sum();
    let mut at = seed.checked_rem(total)?;
    for &(actor, kind) in offered {
        if at < weight(kind) {
            return Some((actor, kind));
        }
        at -= weight(kind);
    }
    None
}

/// A command of `kind` whose payload `seed` varies, mostly valid, sometimes not.
fn command(kind: ActionKind, seed: u64) -> Command {
    use ActionKind as K;
    let bits = |shift: u32, n: u64| (seed >> shift) % n;
    let text = |ok: &str| {
        if bits(60, 16) == 0 {
            String::new()
        } else {
            ok.to_string()
        }
    };
    let unit = |shift| pick(&[A, B, C, Z], seed >> shift);
    match kind {
        K::Edit => Command::Edit {
            edit: Box::new(TicketEdit {
                subject: Some(text("新标题")),
                tier: (bits(8, 4) == 0)
                    .then(|| pick(&["D1", "D3", "T1H", "X9"], seed >> 10).into()),
                ..TicketEdit::default()
            }),
        },
        K::Submit => Command::Submit,
        K::DirectAnswer => Command::DirectAnswer {
            answer: text("已答复"),
            article: None,
        },
        K::NotAccept => Command::NotAccept {
            reason: NotAcceptedReason::Arbitration,
            channel_told: text("劳动仲裁委员会"),
            note: String::new(),
        },
        K::EmergencyTransfer => Command::EmergencyTransfer {
            service: EmergencyService::Ambulance,
            note: String::new(),
        },
        K::Merge => Command::Merge {
            master: TicketId(pick(&[1, 7, 8], seed >> 4)),
            note: String::new(),
        },
        K::Unmerge => Command::Unmerge {
            reason: text("并错了"),
        },
        K::ReturnToIntake => Command::ReturnToIntake {
            missing: vec![],
            note: text("要素不全"),
        },
        K::Dispatch => Command::Dispatch {
            main: unit(4),
            assisting: if bits(8, 2) == 0 {
                vec![unit(12)]
            } else {
                vec![]
            },
            tier: (bits(16, 3) == 0).then(|| pick(&["T1H", "D1", "D3", "D5"], seed >> 20).into()),
            note: String::new(),
            tags: (bits(24, 2) == 0).then(|| vec![hotline_domain::ticket::ColourTag::Media]),
        },
        K::SignFor => Command::SignFor,
        K::RequestReturn => Command::RequestReturn {
            reason: text("非本单位职责"),
            suggested_unit: None,
        },
        K::DecideReturn => Command::DecideReturn {
            approve: bits(4, 2) == 0,
            note: String::new(),
        },
        K::SubDispatch => Command::SubDispatch {
            to: unit(4),
            note: String::new(),
        },
        K::Whistle => Command::Whistle {
            unit: unit(4),
            note: text("吹哨"),
        },
        K::RequestExtension => Command::RequestExtension {
            working_days: bits(4, 18) as u32,
            reason: text("需检测"),
        },
        K::DecideExtension => Command::DecideExtension {
            approve: bits(4, 3) != 0,
            working_days: (bits(8, 2) == 0).then(|| bits(12, 18) as u32),
            note: String::new(),
        },
        K::Suspend => Command::Suspend {
            reason: text("等待鉴定"),
        },
        K::Resume => Command::Resume {
            note: String::new(),
        },
        K::Progress => Command::Progress {
            note: text("已到现场"),
        },
        K::Reply => Command::Reply {
            result: text("已处理"),
            resolved: bits(4, 4) != 0,
            caller_contacted: true,
        },
        K::ReviewPass => Command::ReviewPass {
            note: String::new(),
        },
        K::ReviewSendBack => Command::ReviewSendBack {
            reason: text("答复不完整"),
        },
        K::Visit => Command::Visit {
            method: pick(&[VisitMethod::Smart, VisitMethod::Manual], seed >> 4),
            outcome: match bits(8, 6) {
                0 => VisitOutcome::Unreachable,
                1 => VisitOutcome::Declined,
                n => VisitOutcome::Reached {
                    satisfaction: pick(
                        &[
                            Satisfaction::Satisfied,
                            Satisfaction::BasicallySatisfied,
                            Satisfaction::Unsatisfied,
                        ],
                        n + (seed >> 16),
                    ),
                    resolved: bits(24, 3) != 0,
                },
            },
            note: String::new(),
        },
        K::Rehandle => Command::Rehandle {
            reason: text("不满意"),
        },
        K::Close => Command::Close {
            note: text("说明")
        },
        K::Archive => Command::Archive,
        K::Urge => Command::Urge {
            note: String::new(),
        },
        K::Supervise => Command::Supervise {
            level: pick(
                &[
                    SupervisionLevel::AssignmentNotice,
                    SupervisionLevel::SupervisionNotice,
                    SupervisionLevel::CoordinationMeeting,
                    SupervisionLevel::MayorReport,
                ],
                seed >> 4,
            ),
            note: String::new(),
        },
        K::Reopen => Command::Reopen {
            reason: text("复发"),
        },
        // Few ids, so that a repeated one (refused) comes up.
        K::Attach => Command::Attach {
            attachment: AttachmentRef {
                name: text("录音.mp3"),
                size: bits(8, 4) as i64,
                ..photo(1 + bits(4, 4) as i64)
            },
        },
    }
}

/// Which clocks may run in a state (suspended or finished: none).
fn may_run(kind: ClockKind, state: TicketState) -> bool {
    use TicketState as S;
    match kind {
        ClockKind::SignFor => state == S::Dispatched,
        ClockKind::ReturnWindow | ClockKind::Handling => {
            matches!(state, S::Dispatched | S::Processing | S::ReturnRequested)
        }
        ClockKind::Visit => state == S::PendingVisit,
    }
}

fn check_ticket(t: &Ticket) -> Result<(), TestCaseError> {
    use TicketState as S;
    for (kind, c) in t.clocks.iter() {
        prop_assert!(
            !c.is_running() || may_run(kind, t.state),
            "{kind:?} runs in {:?}",
            t.state
        );
        prop_assert_eq!(c.due_at.is_some(), c.is_running(), "{:?}", kind);
        prop_assert!(c.stopped_at.is_none() || !c.is_running());
    }
    if t.state.is_finished() {
        prop_assert!(t.clocks.iter().all(|(_, c)| !c.is_running()));
    }
    if matches!(t.state, S::Dispatched | S::Processing | S::ReturnRequested) {
        prop_assert!(t.holder().is_some());
        prop_assert!(t.clocks.handling.as_ref().is_some_and(|c| c.is_running()));
    }
    if t.state == S::Dispatched {
        prop_assert!(t.clocks.sign_for.as_ref().is_some_and(|c| c.is_running()));
    }
    prop_assert!(t.chain.iter().all(|u| t.takes_part(*u)));
    // A unit has one part at a time, and none while the ticket is back with the centre.
    let mut current: Vec<_> = t
        .assignments
        .iter()
        .filter(|a| a.is_current())
        .map(|a| a.unit)
        .collect();
    let n = current.len();
    current.sort();
    current.dedup();
    prop_assert_eq!(current.len(), n, "{:?}", t.assignments);
    // A request for more time is from a unit that handles the ticket now.
    if let Some(r) = &t.extension_request {
        prop_assert!(
            t.chain.contains(&r.unit),
            "{:?} not in {:?}",
            r.unit,
            t.chain
        );
    }
    if matches!(
        t.state,
        S::Draft | S::PendingDispatch | S::ReturnedToIntake | S::Merged
    ) {
        prop_assert!(
            current.is_empty(),
            "{:?} with parts {:?}",
            t.state,
            t.assignments
        );
    }
    let mut ids: Vec<i64> = t.attachments.iter().map(|a| a.id).collect();
    ids.sort_unstable();
    ids.dedup();
    prop_assert_eq!(
        ids.len(),
        t.attachments.len(),
        "an attachment is added once"
    );
    prop_assert!(t
        .attachments
        .iter()
        .all(|a| a.size > 0 && !a.name.is_empty()));
    prop_assert_eq!(t.return_request.is_some(), t.state == S::ReturnRequested);
    prop_assert!(!t.needs_manual_visit || t.state == S::PendingVisit);
    if t.state == S::Closed {
        prop_assert!(t.reply.is_some(), "closed without a reply");
        let reached = t
            .visits
            .iter()
            .any(|v| matches!(v.outcome, VisitOutcome::Reached { .. }));
        prop_assert!(
            reached || t.visit_exemption.is_some(),
            "closed without a visit"
        );
    }
    if t.state == S::Suspended {
        prop_assert!(t.suspended_from.is_some());
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 1000, ..ProptestConfig::default() })]

    #[test]
    fn random_command_sequences_keep_the_invariants(
        draft in prop::bool::weighted(0.2),
        declines_visit in prop::bool::weighted(0.2),
        steps in prop::collection::vec(step(), 1..80),
    ) {
        let cal = calendar();
        let new = NewTicket {
            draft,
            caller: Caller { declines_visit, ..complete_ticket().caller },
            ..complete_ticket()
        };
        let mut story = Story::create(new, monday_morning());
        let cast = actors();
        // Consumed seconds of every clock when the ticket was suspended.
        let mut banked: Option<Vec<(ClockKind, i64)>> = None;
        let consumed = |t: &Ticket| t.clocks.iter().map(|(k, c)| (k, c.consumed)).collect::<Vec<_>>();
        check_ticket(&story.ticket)?;
        for s in steps {
            story.advance(TimeDelta::seconds(s.wait_seconds));
            let mut actor = &cast[s.actor % cast.len()];
            let mut kind = ActionKind::ALL[s.action];
            if s.plausible {
                let offered: Vec<(&Actor, ActionKind)> = cast
                    .iter()
                    .flat_map(|a| available(&story.ticket, a).into_iter().map(move |k| (a, k)))
                    .collect();
                if let Some((a, k)) = pick_weighted(&offered, s.seed.rotate_left(7)) {
                    actor = a;
                    kind = k;
                }
            }
            let before = story.ticket.clone();
            let was_suspended = before.state == TicketState::Suspended;
            match story.attempt(command(kind, s.seed), actor) {
                Err(_) => prop_assert_eq!(&story.ticket, &before),
                Ok(events) => {
                    prop_assert!(!events.is_empty());
                    prop_assert_eq!(story.ticket.version, before.version + events.len() as u64);
                    prop_assert_eq!(story.ticket.updated_at, story.now);
                }
            }
            let t = &story.ticket;
            check_ticket(t)?;
            if t.state == TicketState::Suspended {
                prop_assert!(t.clocks.iter().all(|(_, c)| c.running_since.is_none()));
                match &banked {
                    Some(b) if was_suspended => {
                        prop_assert_eq!(&consumed(t), b, "time consumed while suspended");
                        for (_, c) in t.clocks.iter() {
                            prop_assert_eq!(c.consumed_at(story.now, cal), c.consumed);
                        }
                    }
                    _ => banked = Some(consumed(t)),
                }
            } else {
                if was_suspended {
                    // Resuming starts each clock again from what was banked.
                    let b = banked.take().unwrap_or_default();
                    prop_assert_eq!(consumed(t), b);
                }
                banked = None;
            }
        }
        prop_assert_eq!(story.ticket.version, story.history.len() as u64);
        for (i, e) in story.history.iter().enumerate() {
            prop_assert_eq!(e.version, i as u64 + 1);
        }
        prop_assert_eq!(replay(&story.history), Some(story.ticket.clone()));
    }
}
