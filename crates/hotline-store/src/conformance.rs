//! The store contract as one scripted story, run against every backend by the crate's
//! integration tests (SQLite always, PostgreSQL when a test database is configured).
//!
//! The story creates all the data it reads, with names unique to the run, but it needs a
//! database without tickets: ticket numbers start at `00001` each local day and searches count
//! every ticket. Tickets are built with the domain's `lifecycle::create` and `apply`, as the
//! service builds them.
use chrono::{DateTime, TimeZone, Utc};

use hotline_domain::calendar::WorkCalendar;
use hotline_domain::lifecycle::{apply, create, Command};
use hotline_domain::org::{Actor, UnitId};
use hotline_domain::policy::{Context, Policy};
use hotline_domain::ticket::{
    Caller, Channel, FiveElements, Location, NewTicket, Ticket, TicketId, TicketKind,
};

use crate::{CreateTicket, Created, DynStore, Idempotency, IntakeChange, Recorded, TicketChange};

/// Await a store call and unwrap it; a failure names the call.
macro_rules! ok {
    ($call:expr) => {
        $call
            .await
            .unwrap_or_else(|e| panic!("{}: {e}", stringify!($call)))
    };
}

mod knowledge;
mod org;
mod routing;
mod search;
mod tickets;

/// Run the whole story. Panics at the first broken promise, naming it.
pub async fn run_all(store: DynStore) {
    let mut story = Story::new(store);
    ok!(story.store.migrate());
    ok!(story.store.migrate());
    ok!(story.store.ping());
    let count = ok!(story.store.ticket_count());
    assert_eq!(
        count, 0,
        "the conformance story needs a database without tickets"
    );
    let units = org::organisation(&mut story).await;
    org::reference_data(&story).await;
    let made = tickets::tickets(&story, &units).await;
    org::place_lifecycle(&story).await;
    search::search(&story, &made).await;
    tickets::import(&story, &units).await;
    tickets::attachments(&story, &made.a, &made.d).await;
    knowledge::knowledge(&story, &units, &made.a).await;
    knowledge::answer_counts(&story).await;
    knowledge::article_writes(&story).await;
    knowledge::article_versions(&story).await;
    knowledge::article_titles(&story, &units).await;
    routing::routing(&story, units.a.id).await;
    org::places_kept_by_ticket_writes(&story).await;
}

/// A ticket whose first unit's part ended: dispatched to unit 701, merged away, the merge
/// undone, dispatched to unit 702. For the tests of a database from before parts could end.
pub async fn ticket_with_an_ended_part(store: DynStore) -> Ticket {
    let story = Story::new(store);
    // Whole seconds: the history keeps milliseconds.
    let now = at(2025, 6, 2, 2, 0, 0);
    let new = intake(
        TicketKind::Complaint,
        "13800000009",
        "01",
        "D01",
        "路灯不亮",
    );
    let Created::New(t) = story.create(new, now, None).await else {
        panic!("a new ticket");
    };
    let merge = Command::Merge {
        master: TicketId(t.id.0 + 1_000_000),
        note: "同一事项".into(),
    };
    let unmerge = Command::Unmerge {
        reason: "并错工单".into(),
    };
    let mut t = story.act(&t, dispatch(UnitId(701), vec![]), now).await;
    for command in [merge, unmerge, dispatch(UnitId(702), vec![])] {
        t = story.act(&t, command, now).await;
    }
    assert!(t.involves(UnitId(701)) && !t.takes_part(UnitId(701)));
    t
}

/// The store under test and what the domain needs to build tickets.
struct Story {
    store: DynStore,
    /// Makes names unique to this run.
    run: String,
    calendar: WorkCalendar,
    policy: Policy,
    /// Who acts: a user with every role once the organisation exists.
    actor: Actor,
}

impl Story {
    fn new(store: DynStore) -> Self {
        Story {
            store,
            run: format!("{:x}", Utc::now().timestamp_micros()),
            calendar: WorkCalendar::china(),
            policy: Policy::default(),
            actor: Actor::system(),
        }
    }

    fn ctx(&self, now: DateTime<Utc>) -> Context<'_> {
        Context {
            now,
            calendar: &self.calendar,
            policy: &self.policy,
        }
    }

    fn recorded(&self, at: DateTime<Utc>) -> Recorded {
        let actor_name = self.actor.name.clone();
        Recorded {
            at,
            actor: self.actor.user,
            actor_name,
        }
    }

    /// What the service hands the store for a new ticket; the request's fingerprint here is
    /// its subject.
    fn new_ticket(&self, new: NewTicket, at: DateTime<Utc>, key: Option<&str>) -> CreateTicket {
        let idempotency = key.map(|key| Idempotency {
            key: key.to_string(),
            fingerprint: new.subject.clone(),
        });
        let (ticket, events) = create(new, TicketId(0), String::new(), &self.actor, &self.ctx(at))
            .unwrap_or_else(|e| panic!("lifecycle::create: {e}"));
        CreateTicket {
            idempotency,
            ticket,
            events,
            recorded: self.recorded(at),
            intake: None,
            check_places: false,
        }
    }

    async fn create(&self, new: NewTicket, at: DateTime<Utc>, key: Option<&str>) -> Created {
        ok!(self.store.create_ticket(self.new_ticket(new, at, key)))
    }

    fn change(&self, t: &Ticket, command: Command, at: DateTime<Utc>) -> TicketChange {
        let (ticket, events) = apply(t, t.version, &command, &self.actor, &self.ctx(at))
            .unwrap_or_else(|e| panic!("lifecycle::apply {:?}: {e}", command.kind()));
        TicketChange {
            ticket,
            expected_version: t.version,
            events,
            attachments: vec![],
            intake: IntakeChange::Keep,
            article_use: None,
            check_places: false,
        }
    }

    /// Apply one command and save it; returns the ticket as stored.
    async fn act(&self, t: &Ticket, command: Command, at: DateTime<Utc>) -> Ticket {
        let change = self.change(t, command, at);
        let mut saved = ok!(self.store.save_tickets(vec![change], self.recorded(at)));
        let stored = self.ticket(t.id).await;
        assert_eq!(
            saved.pop().as_ref(),
            Some(&stored),
            "save_tickets returns what it stored"
        );
        stored
    }

    async fn ticket(&self, id: TicketId) -> Ticket {
        let found = ok!(self.store.ticket(id));
        found.unwrap_or_else(|| panic!("ticket {} not found", id.0))
    }

    async fn event_count(&self, id: TicketId) -> usize {
        ok!(self.store.events(id)).len()
    }
}

fn at(y: i32, m: u32, d: u32, h: u32, min: u32, s: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(y, m, d, h, min, s)
        .single()
        .unwrap_or_default()
}

/// What intake records, with the five elements complete so the ticket can be submitted.
fn intake(
    kind: TicketKind,
    phone: &str,
    category: &str,
    district: &str,
    subject: &str,
) -> NewTicket {
    let place = Location {
        district: Some(district.into()),
        address: "某路1号".into(),
        ..Location::default()
    };
    let elements = FiveElements {
        time_text: "昨天夜里".into(),
        place,
        person: "某商户".into(),
        event: "事件经过".into(),
        demand: "希望处理".into(),
        ..FiveElements::default()
    };
    NewTicket {
        channel: Some(Channel::Phone),
        caller: Caller {
            name: "张先生".into(),
            phone: phone.into(),
            ..Caller::default()
        },
        elements,
        kind: Some(kind),
        category: Some(category.into()),
        subject: subject.into(),
        record: "来电记录".into(),
        ..NewTicket::default()
    }
}

fn dispatch(main: UnitId, assisting: Vec<UnitId>) -> Command {
    Command::Dispatch {
        main,
        assisting,
        tier: None,
        note: "转办".into(),
        tags: None,
    }
}
