//! The permission table, checked cell by cell against an oracle written from the rules, on tickets
//! brought to each state by real commands.
use hotline_domain::lifecycle::{actions_in, available, check, decide, ActionKind};
use hotline_domain::org::Actor;
use hotline_domain::ticket::{Ticket, TicketState};
use hotline_domain::DomainError;

use crate::common::*;

/// Actions a unit takes for the ticket it holds (the end of the handling chain).
const HOLDER_ACTIONS: [ActionKind; 6] = [
    ActionKind::SignFor,
    ActionKind::RequestReturn,
    ActionKind::SubDispatch,
    ActionKind::Whistle,
    ActionKind::RequestExtension,
    ActionKind::Reply,
];

#[derive(Debug, PartialEq)]
enum Verdict {
    Allowed,
    WrongState,
    Forbidden,
}

/// The rules in words: the state must be in the action's states, the actor must have one of its
/// roles, holder actions need the holder's unit, and unit staff take no centre action except
/// noting progress and attaching files on a ticket their unit takes part in now.
fn oracle(ticket: &Ticket, action: ActionKind, actor: &Actor) -> Verdict {
    if !action.states().contains(&ticket.state) {
        return Verdict::WrongState;
    }
    // After an answer, only a ticket that took its master's answer, its caller not yet
    // visited, is taken out of a merge.
    if action == ActionKind::Unmerge
        && ticket.state != TicketState::Merged
        && !(ticket.merged_into.is_some() && ticket.visits.is_empty() && ticket.rehandle_count == 0)
    {
        return Verdict::WrongState;
    }
    if !action.roles().iter().any(|r| actor.roles.contains(r)) {
        return Verdict::Forbidden;
    }
    let unit_staff = actor.unit.is_some() && actor.roles.iter().all(|r| r.is_unit_role());
    let allowed = if HOLDER_ACTIONS.contains(&action) {
        actor.unit.is_some() && actor.unit == ticket.holder()
    } else if unit_staff {
        matches!(action, ActionKind::Progress | ActionKind::Attach)
            && actor.unit.is_some_and(|u| ticket.takes_part(u))
    } else {
        true
    };
    if allowed {
        Verdict::Allowed
    } else {
        Verdict::Forbidden
    }
}

/// Everyone the table is checked for: each centre role, the holder's staff, an assisting unit's
/// handler (involved, not holding), another unit's handler, and the system.
fn cast(ticket: &Ticket) -> Vec<Actor> {
    let mut actors = centre_staff();
    let holder = ticket.holder().unwrap_or(A);
    actors.extend([handler(holder), unit_admin(holder), handler(C), handler(Z)]);
    for unit in [A, B] {
        if holder != unit {
            actors.push(handler(unit));
        }
    }
    actors.push(Actor::system());
    actors
}

/// Every state, plus a ticket held by the sub-dispatched unit `B`, before and after it signs,
/// and tickets whose units' parts ended (they see the ticket, and take no action on it).
fn tickets() -> Vec<(String, Ticket)> {
    let mut all: Vec<(String, Ticket)> = TicketState::ALL
        .iter()
        .map(|&s| (format!("{s:?}"), story_in(s).ticket))
        .collect();
    let mut sub = story_in(TicketState::Processing);
    sub.run(
        hotline_domain::lifecycle::Command::SubDispatch {
            to: B,
            note: String::new(),
        },
        &handler(A),
    );
    all.push(("Dispatched to B".into(), sub.ticket.clone()));
    sub.run(hotline_domain::lifecycle::Command::SignFor, &handler(B));
    all.push(("Processing at B".into(), sub.ticket.clone()));
    // Parts that ended: B gave its sub-dispatch back; A's return was approved and C has it.
    sub.run(
        hotline_domain::lifecycle::Command::RequestReturn {
            reason: "不属于本单位职责".into(),
            suggested_unit: None,
        },
        &handler(B),
    );
    all.push(("B gave it back to A".into(), sub.ticket.clone()));
    let mut again = story_in(TicketState::Processing);
    again
        .run(
            hotline_domain::lifecycle::Command::RequestReturn {
                reason: "不属于本单位职责".into(),
                suggested_unit: Some(C),
            },
            &handler(A),
        )
        .run(
            hotline_domain::lifecycle::Command::DecideReturn {
                approve: true,
                note: "同意".into(),
            },
            &dispatcher(),
        )
        .run(dispatch_to(C), &dispatcher());
    all.push(("Dispatched to C after A's return".into(), again.ticket));
    all
}

#[test]
fn every_state_action_and_actor_is_allowed_exactly_by_the_rules() {
    let mut cells = 0;
    for (label, ticket) in tickets() {
        assert_eq!(ticket.holder().is_some(), !ticket.chain.is_empty());
        let ctx = ctx(ticket.updated_at);
        for actor in cast(&ticket) {
            let mut offered = vec![];
            // What a refusal by state lists: what the rules let this actor do here.
            let allowed: Vec<ActionKind> = ActionKind::ALL
                .into_iter()
                .filter(|a| oracle(&ticket, *a, &actor) == Verdict::Allowed)
                .collect();
            for action in ActionKind::ALL {
                cells += 1;
                let at = format!("{label} × {action:?} × {:?}@{:?}", actor.roles, actor.unit);
                let checked = check(&ticket, action, &actor);
                match oracle(&ticket, action, &actor) {
                    Verdict::Allowed => {
                        assert_eq!(checked, Ok(()), "{at}");
                        offered.push(action);
                    }
                    Verdict::WrongState => assert_eq!(
                        checked,
                        Err(DomainError::NotAllowedInState {
                            action,
                            state: ticket.state,
                            allowed: allowed.clone(),
                        }),
                        "{at}"
                    ),
                    Verdict::Forbidden => assert!(
                        matches!(checked, Err(DomainError::Forbidden { action: a, .. }) if a == action),
                        "{at}: {checked:?}"
                    ),
                }
                // `decide` refuses exactly as `check` does; an allowed action may still fail
                // on its payload or a business rule, never on state or permission.
                let decided = decide(
                    &ticket,
                    ticket.version,
                    &sample_command(action),
                    &actor,
                    &ctx,
                );
                match (&checked, &decided) {
                    (Err(c), Err(d)) => assert_eq!(c, d, "{at}"),
                    (Err(c), Ok(_)) => panic!("{at}: check refused ({c:?}) but decide accepted"),
                    (Ok(()), Err(DomainError::NotAllowedInState { .. })) => {
                        panic!("{at}: decide said {decided:?}")
                    }
                    (Ok(()), Err(DomainError::Forbidden { .. })) => {
                        panic!("{at}: decide said {decided:?}")
                    }
                    (Ok(()), _) => {}
                }
            }
            assert_eq!(available(&ticket, &actor), offered, "{label}");
        }
    }
    assert!(cells > 17 * 29 * 13, "{cells} cells");
}

#[test]
fn actions_in_lists_the_table_rows_of_a_state() {
    for state in TicketState::ALL.iter().copied() {
        let listed = actions_in(state);
        for action in ActionKind::ALL {
            assert_eq!(
                listed.contains(&action),
                action.states().contains(&state),
                "{state:?} {action:?}"
            );
        }
    }
    assert_eq!(actions_in(TicketState::Archived), vec![]);
    for finished in [TicketState::NotAccepted, TicketState::Transferred] {
        assert_eq!(actions_in(finished), vec![ActionKind::Archive]);
    }
    assert_eq!(
        actions_in(TicketState::Merged),
        vec![ActionKind::Unmerge, ActionKind::Archive]
    );
    assert_eq!(
        actions_in(TicketState::Closed),
        vec![ActionKind::Archive, ActionKind::Reopen, ActionKind::Attach]
    );
}

/// The oracle reads states and roles from the table; this row is also spelled out here.
#[test]
fn files_attach_in_every_state_but_the_ended_ones_by_everyone_but_leaders_admins_inspectors() {
    use hotline_domain::org::Role;
    let ended = [
        TicketState::Archived,
        TicketState::Merged,
        TicketState::NotAccepted,
        TicketState::Transferred,
    ];
    for state in TicketState::ALL {
        assert_eq!(
            ActionKind::Attach.states().contains(state),
            !ended.contains(state),
            "{state:?}"
        );
    }
    let barred = [Role::Leader, Role::Admin, Role::QualityInspector];
    for role in Role::ALL {
        assert_eq!(
            ActionKind::Attach.roles().contains(&role),
            !barred.contains(&role),
            "{role:?}"
        );
    }
    assert_eq!(ActionKind::Attach.label_zh(), "上传附件");
}

#[test]
fn each_state_walk_reaches_its_state_with_a_consistent_history() {
    for state in TicketState::ALL.iter().copied() {
        let story = story_in(state);
        assert_eq!(story.state(), state);
        assert_eq!(story.ticket.version, story.history.len() as u64);
        assert_eq!(
            hotline_domain::event::replay(&story.history).as_ref(),
            Some(&story.ticket),
            "{state:?}"
        );
    }
}
