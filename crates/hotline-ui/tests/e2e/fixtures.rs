//! Tickets set up through the service (not the pages) for tests about a later step.
use hotline_domain::lifecycle::Command;
use hotline_domain::org::UnitId;
use hotline_domain::ticket::{
    Caller, Channel, FiveElements, Location, NewTicket, Ticket, TicketKind,
};

use hotline_domain::org::Actor;
use hotline_service::App;

/// The Rizhao call (the public toilet on 太公三路 has no water) from `phone`.
pub fn toilet_call(phone: &str, event: &str) -> NewTicket {
    NewTicket {
        channel: Some(Channel::Phone),
        caller: Caller {
            name: "王先生".into(),
            phone: phone.into(),
            wants_contact: true,
            ..Default::default()
        },
        elements: FiveElements {
            time_text: "今天上午".into(),
            place: Location {
                district: Some("D03".into()),
                street: Some("D03S01".into()),
                community: Some("D03S01C01".into()),
                address: "太公三路海滨公园南门公共厕所".into(),
                ..Default::default()
            },
            person: "来电人及游客".into(),
            event: event.into(),
            demand: "请尽快恢复公共厕所供水".into(),
            ..Default::default()
        },
        kind: Some(TicketKind::Complaint),
        category: Some("020203".into()),
        subject: "太公三路公共厕所停水".into(),
        record: "来电人反映公共厕所停水。".into(),
        ..Default::default()
    }
}

pub async fn create(app: &App, new: NewTicket) -> Ticket {
    let op = actor(app, "demo-operator").await;
    app.create_ticket(&op, new, None)
        .await
        .expect("creating a ticket")
}

/// Take one action as `username`, expecting success.
pub async fn act(app: &App, username: &str, t: &Ticket, cmd: Command) -> Ticket {
    let actor = actor(app, username).await;
    app.act(&actor, t.id, t.version, cmd)
        .await
        .unwrap_or_else(|e| panic!("{username} could not act: {e}"))
}

/// A ticket dispatched to the 管委 (zone admin), which has signed for it.
pub async fn at_zone(app: &App, phone: &str) -> Ticket {
    let t = create(
        app,
        toilet_call(phone, "太公三路海滨公园南门公共厕所停水,无法使用"),
    )
    .await;
    let zone = unit_of(app, "demo-zone").await;
    let t = act(app, "demo-dispatcher", &t, dispatch(zone)).await;
    act(app, "demo-zone", &t, Command::SignFor).await
}

pub fn dispatch(main: UnitId) -> Command {
    Command::Dispatch {
        main,
        assisting: vec![],
        tier: None,
        note: String::new(),
        tags: None,
    }
}

/// A ticket the zone replied to and the reviewer passed: waiting for the return visit.
pub async fn pending_visit(app: &App, phone: &str) -> Ticket {
    let t = at_zone(app, phone).await;
    let t = act(
        app,
        "demo-zone",
        &t,
        Command::Reply {
            result: "已协调恢复供水。".into(),
            resolved: true,
            caller_contacted: true,
        },
    )
    .await;
    act(
        app,
        "demo-reviewer",
        &t,
        Command::ReviewPass {
            note: String::new(),
        },
    )
    .await
}

pub async fn user(app: &App, username: &str) -> hotline_domain::org::User {
    app.store
        .users()
        .await
        .expect("users")
        .into_iter()
        .find(|u| u.username == username)
        .unwrap_or_else(|| panic!("no user {username}"))
}

pub async fn actor(app: &App, username: &str) -> Actor {
    Actor::from(&user(app, username).await)
}

pub async fn unit_of(app: &App, username: &str) -> UnitId {
    user(app, username).await.unit.expect("a unit account")
}
