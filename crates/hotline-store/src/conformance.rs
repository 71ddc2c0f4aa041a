//! The store contract as one scripted story, run against every backend by the crate's
//! integration tests (SQLite always, PostgreSQL when a test database is configured).
//!
//! The story creates all the data it reads, with unique names, but it needs a database without
//! tickets: ticket numbers start at `00001` each local day and searches count every ticket.
//! Tickets are built with the domain's own `lifecycle::create` and `apply`, as the service does.
use chrono::{DateTime, Duration, NaiveDate, TimeZone, Utc};
use tokio::task::JoinSet;

use hotline_domain::calendar::{HolidaySpan, WorkCalendar, YearSchedule};
use hotline_domain::category::{Category, ResponsibilityRule};
use hotline_domain::event::{replay, EventEnvelope, TicketEvent};
use hotline_domain::lifecycle::{apply, create, Command, TicketEdit};
use hotline_domain::org::{Actor, NewUnit, Place, PlaceKind, Role, Unit, UnitLevel, User, UserId};
use hotline_domain::policy::{Context, Policy};
use hotline_domain::ticket::{
    Caller, Channel, ColourTag, FiveElements, Location, NewTicket, SupervisionLevel, Ticket,
    TicketId, TicketKind, TicketState,
};

use crate::{
    CreateTicket, Created, DynStore, NewAttachment, NewUser, Order, Page, Recorded, StoreError,
    StoreResult, TicketChange, TicketFilter, TokenKind,
};

/// Run the whole story; panics with the backend's name and the step that broke.
pub async fn run_all(store: DynStore) {
    let mut story = Story::new(store);
    migrations(&story).await;
    let org = organisation(&mut story).await;
    reference_data(&story).await;
    let tickets = tickets(&story, &org).await;
    search(&story, &tickets).await;
    import(&story, &org).await;
    attachments(&story, &tickets.a).await;
}

/// The store under test and what the domain needs to build tickets.
struct Story {
    store: DynStore,
    backend: &'static str,
    /// Makes names unique to this run.
    run: String,
    calendar: WorkCalendar,
    policy: Policy,
    actor: Actor,
}

impl Story {
    fn new(store: DynStore) -> Self {
        let backend = store.backend();
        let run = format!("{:x}", Utc::now().timestamp_micros());
        Story {
            store,
            backend,
            run,
            calendar: WorkCalendar::china(),
            policy: Policy::default(),
            actor: Actor::system(),
        }
    }

    fn ok<T>(&self, what: &str, r: StoreResult<T>) -> T {
        r.unwrap_or_else(|e| panic!("[{}] {what}: {e}", self.backend))
    }

    fn ctx(&self, now: DateTime<Utc>) -> Context<'_> {
        Context {
            now,
            calendar: &self.calendar,
            policy: &self.policy,
        }
    }

    fn recorded(&self, at: DateTime<Utc>) -> Recorded {
        Recorded {
            at,
            actor: self.actor.user,
            actor_name: self.actor.name.clone(),
        }
    }

    fn new_ticket(&self, intake: NewTicket, at: DateTime<Utc>, key: Option<&str>) -> CreateTicket {
        let (ticket, events) = create(
            intake,
            TicketId(0),
            String::new(),
            &self.actor,
            &self.ctx(at),
        )
        .unwrap_or_else(|e| panic!("lifecycle::create: {e}"));
        CreateTicket {
            idempotency_key: key.map(str::to_string),
            ticket,
            events,
            recorded: self.recorded(at),
        }
    }

    async fn create(&self, intake: NewTicket, at: DateTime<Utc>, key: Option<&str>) -> Created {
        self.ok(
            "create_ticket",
            self.store
                .create_ticket(self.new_ticket(intake, at, key))
                .await,
        )
    }

    fn change(&self, t: &Ticket, command: Command, at: DateTime<Utc>) -> TicketChange {
        let (ticket, events) = apply(t, t.version, &command, &self.actor, &self.ctx(at))
            .unwrap_or_else(|e| panic!("lifecycle::apply {:?}: {e}", command.kind()));
        TicketChange {
            ticket,
            expected_version: t.version,
            events,
        }
    }

    /// Apply one command and save it; returns the ticket as stored.
    async fn act(&self, t: &Ticket, command: Command, at: DateTime<Utc>) -> Ticket {
        let change = self.change(t, command, at);
        let mut saved = self.ok(
            "save_tickets",
            self.store
                .save_tickets(vec![change], self.recorded(at))
                .await,
        );
        let stored = self.ticket(t.id).await;
        assert_eq!(
            saved.pop().as_ref(),
            Some(&stored),
            "[{}] save_tickets returns what it stored",
            self.backend
        );
        stored
    }

    async fn ticket(&self, id: TicketId) -> Ticket {
        let found = self.ok("ticket", self.store.ticket(id).await);
        found.unwrap_or_else(|| panic!("[{}] ticket {} not found", self.backend, id.0))
    }

    async fn event_count(&self, id: TicketId) -> usize {
        self.ok("events", self.store.events(id).await).len()
    }
}

fn at(y: i32, m: u32, d: u32, h: u32, min: u32, s: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(y, m, d, h, min, s)
        .single()
        .unwrap_or_default()
}

async fn migrations(story: &Story) {
    let store = &story.store;
    story.ok("migrate", store.migrate().await);
    story.ok("migrate again", store.migrate().await);
    story.ok("ping", store.ping().await);
    assert_eq!(
        story.ok("ticket_count", store.ticket_count().await),
        0,
        "the story needs a database without tickets"
    );
}

struct Org {
    /// Main unit of the dispatched ticket.
    a: Unit,
    /// Assisting unit of that ticket, main unit of another.
    b: Unit,
}

async fn organisation(story: &mut Story) -> Org {
    let (store, run, b) = (&story.store, story.run.clone(), story.backend);
    let place = |code: &str, name: &str, kind, parent: Option<&str>| Place {
        code: code.into(),
        name: name.into(),
        kind,
        parent: parent.map(Into::into),
    };
    let mut places = vec![
        place("D01", "一区", PlaceKind::District, None),
        place("D01S01", "一街道", PlaceKind::Street, Some("D01")),
        place("D01S01C01", "一社区", PlaceKind::Community, Some("D01S01")),
    ];
    story.ok("insert_places", store.insert_places(&places).await);
    places[0].name = "第一区".into();
    story.ok(
        "insert_places again",
        store.insert_places(&places[..1]).await,
    );
    let stored: Vec<Place> = story.ok("places", store.places().await);
    let ours: Vec<&Place> = stored
        .iter()
        .filter(|p| p.code.starts_with("D01"))
        .collect();
    assert_eq!(
        ours,
        places.iter().collect::<Vec<_>>(),
        "[{b}] places are upserted by code and sorted"
    );

    let unit = |code: &str, level, parent: Option<&Unit>, area: &[&str]| NewUnit {
        code: format!("{code}-{run}"),
        name: format!("单位 {code}"),
        level,
        parent: parent.map(|p| p.id),
        area: area.iter().map(|s| s.to_string()).collect(),
    };
    let centre = story.ok(
        "insert_unit",
        store
            .insert_unit(unit("centre", UnitLevel::CityCentre, None, &[]))
            .await,
    );
    let a = story.ok(
        "insert_unit",
        store
            .insert_unit(unit("a", UnitLevel::CityBureau, Some(&centre), &[]))
            .await,
    );
    let mut bu = story.ok(
        "insert_unit",
        store
            .insert_unit(unit("b", UnitLevel::Street, Some(&centre), &["D01S01"]))
            .await,
    );
    let again = store
        .insert_unit(unit("a", UnitLevel::CityBureau, None, &[]))
        .await;
    assert!(
        matches!(again, Err(StoreError::Duplicate(_))),
        "[{b}] a unit code is unique: {again:?}"
    );
    bu.name = "单位 b(改名)".into();
    bu.area.push("D01S01C01".into());
    bu.active = false;
    story.ok("update_unit", store.update_unit(&bu).await);
    let units = story.ok("units", store.units().await);
    for u in [&centre, &a, &bu] {
        assert!(units.contains(u), "[{b}] units() returns {u:?}");
    }
    bu.active = true;
    story.ok("update_unit", store.update_unit(&bu).await);
    let ghost = Unit {
        id: hotline_domain::org::UnitId(9_999_999),
        ..bu.clone()
    };
    assert!(
        matches!(
            store.update_unit(&ghost).await,
            Err(StoreError::NotFound(_))
        ),
        "[{b}] update of a missing unit"
    );

    let lead = users_and_tokens(story, &a).await;
    story.actor = Actor::from(&lead);
    Org { a, b: bu }
}

async fn users_and_tokens(story: &Story, unit: &Unit) -> User {
    let (store, run, b) = (&story.store, &story.run, story.backend);
    let new_user = |name: &str, roles: Vec<Role>, unit| NewUser {
        username: format!("{name}-{run}"),
        display_name: format!("用户 {name}"),
        roles,
        unit,
        password_hash: format!("hash-{name}"),
    };
    let lead = story.ok(
        "insert_user",
        store
            .insert_user(new_user("lead", Role::ALL.to_vec(), None))
            .await,
    );
    let mut handler = story.ok(
        "insert_user",
        store
            .insert_user(new_user("handler", vec![Role::UnitHandler], Some(unit.id)))
            .await,
    );
    let again = store.insert_user(new_user("lead", vec![], None)).await;
    assert!(
        matches!(again, Err(StoreError::Duplicate(_))),
        "[{b}] a username is unique: {again:?}"
    );
    assert_eq!(
        story.ok("user", store.user(lead.id).await).as_ref(),
        Some(&lead)
    );
    assert_eq!(story.ok("user", store.user(UserId(9_999_999)).await), None);
    let with_hash = story.ok("user_with_hash", store.user_with_hash(&lead.username).await);
    assert_eq!(
        with_hash,
        Some((lead.clone(), "hash-lead".to_string())),
        "[{b}] user_with_hash"
    );

    handler.display_name = "承办人(改)".into();
    story.ok("update_user", store.update_user(&handler, None).await);
    let found = story.ok(
        "user_with_hash",
        store.user_with_hash(&handler.username).await,
    );
    let (stored, hash) = found.unwrap_or_else(|| panic!("[{b}] user_with_hash found nobody"));
    assert_eq!(
        (stored, hash.as_str()),
        (handler.clone(), "hash-handler"),
        "[{b}] no new hash keeps the old one"
    );
    story.ok(
        "update_user",
        store.update_user(&handler, Some("hash-new")).await,
    );
    let hash = story
        .ok(
            "user_with_hash",
            store.user_with_hash(&handler.username).await,
        )
        .map(|(_, h)| h);
    assert_eq!(
        hash.as_deref(),
        Some("hash-new"),
        "[{b}] update_user sets a new hash"
    );
    let ghost = User {
        id: UserId(9_999_999),
        ..handler.clone()
    };
    assert!(
        matches!(
            store.update_user(&ghost, None).await,
            Err(StoreError::NotFound(_))
        ),
        "[{b}] missing user"
    );
    let users = story.ok("users", store.users().await);
    assert!(
        users.contains(&lead) && users.contains(&handler),
        "[{b}] users() lists both"
    );

    let now = at(2025, 3, 1, 0, 0, 0);
    let token = |name: &str| format!("token-{name}-{run}");
    story.ok(
        "insert_token",
        store
            .insert_token(
                &token("lead"),
                lead.id,
                TokenKind::Session,
                now + Duration::hours(1),
            )
            .await,
    );
    story.ok(
        "insert_token",
        store
            .insert_token(
                &token("old"),
                lead.id,
                TokenKind::Api,
                now - Duration::seconds(1),
            )
            .await,
    );
    story.ok(
        "insert_token",
        store
            .insert_token(
                &token("handler"),
                handler.id,
                TokenKind::Api,
                now + Duration::days(1),
            )
            .await,
    );
    let dup = store
        .insert_token(&token("lead"), lead.id, TokenKind::Session, now)
        .await;
    assert!(
        matches!(dup, Err(StoreError::Duplicate(_))),
        "[{b}] a token hash is unique: {dup:?}"
    );
    let holder = |hash: String, when| async move {
        story.ok("token_user", store.token_user(&hash, when).await)
    };
    assert_eq!(
        holder(token("lead"), now).await.as_ref(),
        Some(&lead),
        "[{b}] a live token names its user"
    );
    assert_eq!(
        holder(token("lead"), now + Duration::hours(2)).await,
        None,
        "[{b}] a token expires"
    );
    assert_eq!(
        holder(token("old"), now).await,
        None,
        "[{b}] an expired token is not accepted"
    );
    assert_eq!(holder(token("handler"), now).await.as_ref(), Some(&handler));
    handler.active = false;
    story.ok("update_user", store.update_user(&handler, None).await);
    assert_eq!(
        holder(token("handler"), now).await,
        None,
        "[{b}] an inactive user's token is not accepted"
    );
    story.ok("delete_token", store.delete_token(&token("lead")).await);
    assert_eq!(
        holder(token("lead"), now).await,
        None,
        "[{b}] a deleted token is gone"
    );
    lead
}

async fn reference_data(story: &Story) {
    let (store, b) = (&story.store, story.backend);
    let cat = |code: &str, name: &str, parent: Option<&str>, tier: &str| Category {
        code: code.into(),
        name: name.into(),
        parent: parent.map(Into::into),
        level: (code.len() / 2) as u8,
        tier: tier.into(),
        active: true,
    };
    story.ok(
        "upsert_categories",
        store
            .upsert_categories(&[
                cat("01", "城建", None, "D5"),
                cat("0101", "噪音", Some("01"), "D7"),
            ])
            .await,
    );
    let mut second = vec![
        cat("0101", "噪音扰民", Some("01"), "D5"),
        cat("0102", "咨询", Some("01"), "D5"),
        cat("02", "举报", None, "D9"),
    ];
    second[2].active = false;
    story.ok("upsert_categories", store.upsert_categories(&second).await);
    let want = vec![
        cat("01", "城建", None, "D5"),
        second[0].clone(),
        second[1].clone(),
        second[2].clone(),
    ];
    assert_eq!(
        story.ok("categories", store.categories().await),
        want,
        "[{b}] categories upserted by code, sorted"
    );

    let before = story
        .ok("responsibility", store.responsibility(None).await)
        .version;
    let rule = |category: &str, unit: i64| ResponsibilityRule {
        category: category.into(),
        place: Some("D01".into()),
        units: vec![hotline_domain::org::UnitId(unit)],
        note: "conformance".into(),
    };
    let (rules1, rules2) = (vec![rule("01", 1)], vec![rule("01", 2), rule("02", 3)]);
    let v1 = story.ok(
        "save_responsibility",
        store
            .save_responsibility(&rules1, at(2025, 1, 1, 0, 0, 0))
            .await,
    );
    let v2 = story.ok(
        "save_responsibility",
        store
            .save_responsibility(&rules2, at(2025, 2, 1, 0, 0, 0))
            .await,
    );
    assert!(
        before < v1 && v1 < v2,
        "[{b}] responsibility versions grow: {before} {v1} {v2}"
    );
    let latest = story.ok("responsibility", store.responsibility(None).await);
    assert_eq!(
        (latest.version, latest.rules),
        (v2, rules2),
        "[{b}] the latest list"
    );
    let old = story.ok("responsibility", store.responsibility(Some(v1)).await);
    assert_eq!(
        (old.version, old.rules),
        (v1, rules1),
        "[{b}] a list by version"
    );
    let unknown = store.responsibility(Some(v2 + 1000)).await;
    assert!(
        matches!(unknown, Err(StoreError::NotFound(_))),
        "[{b}] unknown version: {unknown:?}"
    );

    let day = |m, d| NaiveDate::from_ymd_opt(2027, m, d).unwrap_or_default();
    let holiday = |name: &str, start, end| HolidaySpan {
        name: name.into(),
        start,
        end,
    };
    let mut year = YearSchedule {
        year: 2027,
        holidays: vec![holiday("元旦", day(1, 1), day(1, 1))],
        make_up_workdays: vec![],
    };
    story.ok("save_calendar_year", store.save_calendar_year(&year).await);
    year.holidays.push(holiday("劳动节", day(5, 1), day(5, 5)));
    story.ok(
        "save_calendar_year again",
        store.save_calendar_year(&year).await,
    );
    let years: Vec<YearSchedule> = story.ok("calendar_years", store.calendar_years().await);
    let ours: Vec<&YearSchedule> = years.iter().filter(|y| y.year == 2027).collect();
    assert_eq!(ours, vec![&year], "[{b}] saving a year again replaces it");

    let mut policy = Policy {
        reopen_days: 15,
        ..Policy::default()
    };
    story.ok("save_policy", store.save_policy(&policy).await);
    assert_eq!(
        story.ok("policy", store.policy().await).as_ref(),
        Some(&policy),
        "[{b}] policy round trip"
    );
    policy.visit_max_attempts = 5;
    story.ok("save_policy again", store.save_policy(&policy).await);
    assert_eq!(
        story.ok("policy", store.policy().await),
        Some(policy),
        "[{b}] saving the policy replaces it"
    );
}

/// What intake records: the five elements complete, so the ticket can be submitted.
fn intake(
    channel: Channel,
    kind: TicketKind,
    phone: &str,
    category: &str,
    district: &str,
    subject: &str,
) -> NewTicket {
    NewTicket {
        channel: Some(channel),
        caller: Caller {
            name: "张先生".into(),
            phone: phone.into(),
            ..Caller::default()
        },
        elements: FiveElements {
            time_text: "昨天夜里".into(),
            place: Location {
                district: Some(district.into()),
                address: "某路1号".into(),
                ..Location::default()
            },
            person: "某商户".into(),
            event: "事件经过".into(),
            demand: "希望处理".into(),
            ..FiveElements::default()
        },
        kind: Some(kind),
        category: Some(category.into()),
        subject: subject.into(),
        record: "来电记录".into(),
        ..NewTicket::default()
    }
}

/// The tickets the search step looks for (every ticket in the database at that point).
struct Tickets {
    /// Day 1, dispatched to unit a with b assisting, urged and supervised.
    a: Ticket,
    /// Day 1 at 23:59:59 local time, a draft.
    b: Ticket,
    /// Day 2 at 00:30 local time (16:30 UTC on day 1), pending dispatch.
    c: Ticket,
    /// Day 2, made by concurrent creates with one key, dispatched to unit b.
    d: Ticket,
    /// Day 2, four concurrent creates without a key.
    parallel: Vec<Ticket>,
}

impl Tickets {
    fn all(&self) -> Vec<&Ticket> {
        let mut all = vec![&self.a, &self.b, &self.c, &self.d];
        all.extend(&self.parallel);
        all
    }
}

async fn tickets(story: &Story, org: &Org) -> Tickets {
    let (store, bk) = (&story.store, story.backend);
    let key = format!("call-1-{}", story.run);
    let mut a_new = intake(
        Channel::Phone,
        TicketKind::Complaint,
        "13800000001",
        "0101",
        "D01",
        "噪音扰民 KTV",
    );
    a_new.tags = vec![ColourTag::Media];
    let created = story
        .create(a_new.clone(), at(2025, 3, 3, 1, 0, 0), Some(&key))
        .await;
    let Created::New(a) = created else {
        panic!("[{bk}] the first create with a key is new")
    };
    let mut b_new = intake(
        Channel::Phone,
        TicketKind::Consultation,
        "13800000002",
        "0102",
        "D01",
        "咨询 100% 退款",
    );
    b_new.draft = true;
    let b = story
        .create(b_new, at(2025, 3, 3, 15, 59, 59), None)
        .await
        .ticket()
        .clone();
    let mut c_new = intake(
        Channel::Web,
        TicketKind::Report,
        "13800000003",
        "02",
        "D02",
        "举报 1000 元",
    );
    c_new.tags = vec![ColourTag::Leader];
    let c = story
        .create(c_new, at(2025, 3, 3, 16, 30, 0), None)
        .await
        .ticket()
        .clone();
    let numbers = [a.number.as_str(), b.number.as_str(), c.number.as_str()];
    assert_eq!(
        numbers,
        ["2025030300001", "2025030300002", "2025030400001"],
        "[{bk}] numbers follow the UTC+8 day"
    );
    assert_eq!(
        (a.state, b.state, c.state),
        (
            TicketState::PendingDispatch,
            TicketState::Draft,
            TicketState::PendingDispatch
        )
    );
    assert_eq!(
        story.ticket(a.id).await,
        a,
        "[{bk}] ticket(id) is what create returned"
    );
    assert_eq!(
        story
            .ok("ticket_by_number", store.ticket_by_number(&c.number).await)
            .as_ref(),
        Some(&c)
    );
    assert_eq!(
        story.ok(
            "ticket_by_number",
            store.ticket_by_number("1970010199999").await
        ),
        None
    );
    assert_eq!(
        story.ok("ticket", store.ticket(TicketId(9_999_999)).await),
        None
    );
    let first = story.ok("events", store.events(a.id).await);
    assert!(
        matches!(&first[0].event, TicketEvent::Created { ticket } if ticket.id == a.id && ticket.number == a.number),
        "[{bk}] the Created event carries the assigned id and number"
    );

    let again = story
        .create(a_new, at(2025, 3, 3, 2, 0, 0), Some(&key))
        .await;
    assert!(
        matches!(&again, Created::Existing(t) if *t == a),
        "[{bk}] a repeated key returns the first ticket"
    );
    assert_eq!(
        story.ok("ticket_count", store.ticket_count().await),
        3,
        "[{bk}] a repeated key adds no row"
    );

    // Four at once first, which also leaves a pooled backend with connections ready for the race.
    let parallel = parallel_creates(story).await;
    let d = same_key_creates(story).await;

    let a = dispatched(story, &a, org, at(2025, 3, 3, 3, 0, 0)).await;
    let d = story
        .act(&d, dispatch(org.b.id, vec![]), at(2025, 3, 4, 5, 0, 0))
        .await;
    let a_before_urge = a.clone();
    let a = story
        .act(
            &a,
            Command::Urge {
                note: "请尽快".into(),
            },
            at(2025, 3, 3, 4, 0, 0),
        )
        .await;
    let supervise = Command::Supervise {
        level: SupervisionLevel::AssignmentNotice,
        note: String::new(),
    };
    let a = story.act(&a, supervise, at(2025, 3, 3, 5, 0, 0)).await;
    conflicts(story, &a_before_urge, &a, &c).await;
    Tickets {
        a,
        b,
        c,
        d,
        parallel,
    }
}

fn dispatch(
    main: hotline_domain::org::UnitId,
    assisting: Vec<hotline_domain::org::UnitId>,
) -> Command {
    Command::Dispatch {
        main,
        assisting,
        tier: None,
        note: "转办".into(),
    }
}

/// Dispatch and check the history: versions in order, with actor and time.
async fn dispatched(story: &Story, t: &Ticket, org: &Org, when: DateTime<Utc>) -> Ticket {
    let bk = story.backend;
    let before = story.event_count(t.id).await;
    let t = story.act(t, dispatch(org.a.id, vec![org.b.id]), when).await;
    assert_eq!(t.state, TicketState::Dispatched);
    let events: Vec<EventEnvelope> = story.ok("events", story.store.events(t.id).await);
    let versions: Vec<u64> = events.iter().map(|e| e.version).collect();
    assert_eq!(
        versions,
        (1..=t.version).collect::<Vec<_>>(),
        "[{bk}] events come back in version order"
    );
    for e in &events[before..] {
        assert_eq!(
            (e.ticket, e.at, e.actor, e.actor_name.as_str()),
            (t.id, when, story.actor.user, story.actor.name.as_str())
        );
    }
    assert_eq!(
        replay(&events).as_ref(),
        Some(&t),
        "[{bk}] the stored history replays to the stored ticket"
    );
    t
}

/// Creates with one idempotency key at the same time: one makes the ticket, the others get it.
async fn same_key_creates(story: &Story) -> Ticket {
    let key = format!("call-2-{}", story.run);
    let mut set = JoinSet::new();
    for _ in 0..8 {
        let new = intake(
            Channel::Phone,
            TicketKind::Complaint,
            "13800000004",
            "0101",
            "D02",
            "重复来电",
        );
        let create = story.new_ticket(new, at(2025, 3, 4, 3, 0, 0), Some(&key));
        let store = story.store.clone();
        set.spawn(async move { store.create_ticket(create).await });
    }
    let results: Vec<Created> = set
        .join_all()
        .await
        .into_iter()
        .map(|r| story.ok("concurrent create", r))
        .collect();
    let new: Vec<&Ticket> = results
        .iter()
        .filter_map(|c| {
            if let Created::New(t) = c {
                Some(t)
            } else {
                None
            }
        })
        .collect();
    assert_eq!(
        new.len(),
        1,
        "[{}] exactly one of the concurrent creates with one key is new",
        story.backend
    );
    assert!(
        results.iter().all(|r| r.ticket() == new[0]),
        "[{}] all return the same ticket",
        story.backend
    );
    assert_eq!(new[0].number, "2025030400006");
    new[0].clone()
}

/// Creates without a key at the same time get distinct ids and numbers.
async fn parallel_creates(story: &Story) -> Vec<Ticket> {
    let mut set = JoinSet::new();
    for i in 0..4 {
        let new = intake(
            Channel::Phone,
            TicketKind::Help,
            &format!("1390000000{i}"),
            "03",
            "D03",
            "求助",
        );
        let create = story.new_ticket(new, at(2025, 3, 4, 4, 0, 0), None);
        let store = story.store.clone();
        set.spawn(async move { store.create_ticket(create).await });
    }
    let mut made: Vec<Ticket> = set
        .join_all()
        .await
        .into_iter()
        .map(|r| story.ok("parallel create", r).ticket().clone())
        .collect();
    made.sort_by_key(|t| t.id);
    let mut numbers: Vec<&str> = made.iter().map(|t| t.number.as_str()).collect();
    numbers.sort();
    assert_eq!(
        numbers,
        [
            "2025030400002",
            "2025030400003",
            "2025030400004",
            "2025030400005"
        ],
        "[{}]",
        story.backend
    );
    made.dedup_by_key(|t| t.id);
    assert_eq!(
        made.len(),
        4,
        "[{}] concurrent creates get distinct ids",
        story.backend
    );
    made
}

/// Stale writes are refused whole and write nothing.
async fn conflicts(story: &Story, stale: &Ticket, current: &Ticket, other: &Ticket) {
    let (store, bk) = (&story.store, story.backend);
    let events_before = story.event_count(current.id).await;
    let late = story.change(
        stale,
        Command::Progress {
            note: "迟到的进展".into(),
        },
        at(2025, 3, 3, 6, 0, 0),
    );
    let refused = store
        .save_tickets(vec![late.clone()], story.recorded(at(2025, 3, 3, 6, 0, 0)))
        .await;
    let want = (stale.version, current.version);
    assert!(
        matches!(refused, Err(StoreError::Conflict { expected, actual }) if (expected, actual) == want),
        "[{bk}] a stale save is a conflict: {refused:?}"
    );
    assert_eq!(
        story.event_count(current.id).await,
        events_before,
        "[{bk}] a refused save appends no events"
    );
    assert_eq!(
        &story.ticket(current.id).await,
        current,
        "[{bk}] a refused save changes nothing"
    );

    let edit = TicketEdit {
        subject: Some("改过的标题".into()),
        ..TicketEdit::default()
    };
    let fine = story.change(
        other,
        Command::Edit {
            edit: Box::new(edit),
        },
        at(2025, 3, 4, 6, 0, 0),
    );
    let other_events = story.event_count(other.id).await;
    let both = store
        .save_tickets(
            vec![fine.clone(), late],
            story.recorded(at(2025, 3, 4, 6, 0, 0)),
        )
        .await;
    assert!(
        matches!(both, Err(StoreError::Conflict { .. })),
        "[{bk}] one stale ticket refuses the batch: {both:?}"
    );
    assert_eq!(
        &story.ticket(other.id).await,
        other,
        "[{bk}] the fresh ticket of a refused batch is not written"
    );
    assert_eq!(
        story.event_count(other.id).await,
        other_events,
        "[{bk}] nor are its events"
    );

    let mut ghost = fine;
    ghost.ticket.id = TicketId(9_999_999);
    let missing = store
        .save_tickets(vec![ghost], story.recorded(at(2025, 3, 4, 6, 0, 0)))
        .await;
    assert!(
        matches!(missing, Err(StoreError::NotFound(_))),
        "[{bk}] saving a missing ticket: {missing:?}"
    );
}

/// The earliest instant of a running clock, as the queue columns store it.
fn earliest(
    t: &Ticket,
    pick: fn(&hotline_domain::clock::Clock) -> Option<DateTime<Utc>>,
) -> DateTime<Utc> {
    let running = t.clocks.iter().filter(|(_, c)| c.running_since.is_some());
    running
        .filter_map(|(_, c)| pick(c))
        .min()
        .unwrap_or_else(|| panic!("ticket {} has no running clock", t.number))
}

async fn search(story: &Story, t: &Tickets) {
    let (a, b, c, d, p) = (&t.a, &t.b, &t.c, &t.d, &t.parallel);
    let f = TicketFilter::default;
    let states = |s: &[TicketState]| TicketFilter {
        states: s.to_vec(),
        ..f()
    };
    let text = |s: &str| TicketFilter {
        text: Some(s.into()),
        ..f()
    };
    let category = |s: &str| TicketFilter {
        category: Some(s.into()),
        ..f()
    };
    let district = |s: &str| TicketFilter {
        district: Some(s.into()),
        ..f()
    };
    let p_all: Vec<&Ticket> = p.iter().collect();
    let cases: Vec<(&str, TicketFilter, Vec<&Ticket>)> = vec![
        ("everything", f(), t.all()),
        (
            "state pending",
            states(&[TicketState::PendingDispatch]),
            [vec![c], p_all.clone()].concat(),
        ),
        (
            "states",
            states(&[TicketState::Dispatched, TicketState::Draft]),
            vec![a, b, d],
        ),
        (
            "phone",
            TicketFilter {
                phone: Some("13800000001".into()),
                ..f()
            },
            vec![a],
        ),
        (
            "number",
            TicketFilter {
                number: Some(c.number.clone()),
                ..f()
            },
            vec![c],
        ),
        ("text ignores ASCII case", text("ktv"), vec![a]),
        ("text words all match", text("噪音 KTV"), vec![a]),
        ("text words are ANDed", text("噪音 咨询"), vec![]),
        ("text % is literal", text("100%"), vec![b]),
        ("text _ is literal", text("1_00"), vec![]),
        (
            "involved unit a",
            TicketFilter {
                involved_unit: Some(a.chain[0]),
                ..f()
            },
            vec![a],
        ),
        (
            "involved assisting unit",
            TicketFilter {
                involved_unit: Some(d.chain[0]),
                ..f()
            },
            vec![a, d],
        ),
        (
            "holder",
            TicketFilter {
                holder: Some(d.chain[0]),
                ..f()
            },
            vec![d],
        ),
        ("category prefix", category("01"), vec![a, b, d]),
        ("category leaf", category("0101"), vec![a, d]),
        ("category other", category("02"), vec![c]),
        ("district", district("D01"), vec![a, b]),
        ("district many", district("D03"), p_all.clone()),
        (
            "channel",
            TicketFilter {
                channel: Some(Channel::Web),
                ..f()
            },
            vec![c],
        ),
        (
            "kind",
            TicketFilter {
                kind: Some(TicketKind::Complaint),
                ..f()
            },
            vec![a, d],
        ),
        (
            "tag",
            TicketFilter {
                tag: Some(ColourTag::Media),
                ..f()
            },
            vec![a],
        ),
        (
            "tag other",
            TicketFilter {
                tag: Some(ColourTag::Leader),
                ..f()
            },
            vec![c],
        ),
        (
            "created range",
            TicketFilter {
                created_from: Some(at(2025, 3, 3, 0, 0, 0)),
                created_to: Some(at(2025, 3, 3, 16, 0, 0)),
                ..f()
            },
            vec![a, b],
        ),
        (
            "created from",
            TicketFilter {
                created_from: Some(at(2025, 3, 3, 16, 30, 0)),
                ..f()
            },
            [vec![c, d], p_all.clone()].concat(),
        ),
        (
            "created to is exclusive",
            TicketFilter {
                created_to: Some(a.created_at),
                ..f()
            },
            vec![],
        ),
        (
            "due before, far",
            TicketFilter {
                due_before: Some(at(2030, 1, 1, 0, 0, 0)),
                ..f()
            },
            vec![a, d],
        ),
        (
            "due before, near",
            TicketFilter {
                due_before: Some(earliest(a, |c| c.due_at) + Duration::seconds(1)),
                ..f()
            },
            vec![a],
        ),
        (
            "due before, none",
            TicketFilter {
                due_before: Some(at(2025, 3, 3, 0, 0, 0)),
                ..f()
            },
            vec![],
        ),
        (
            "warn before, far",
            TicketFilter {
                warn_before: Some(at(2030, 1, 1, 0, 0, 0)),
                ..f()
            },
            vec![a, d],
        ),
        (
            "warn before, near",
            TicketFilter {
                warn_before: Some(earliest(a, |c| c.warn_at) + Duration::seconds(1)),
                ..f()
            },
            vec![a],
        ),
        ("urged", TicketFilter { urged: true, ..f() }, vec![a]),
        (
            "supervised",
            TicketFilter {
                supervised: true,
                ..f()
            },
            vec![a],
        ),
        (
            "combined",
            TicketFilter {
                district: Some("D01".into()),
                states: vec![TicketState::Draft],
                ..f()
            },
            vec![b],
        ),
    ];
    for (what, filter, want) in cases {
        expect(story, what, &filter, &want).await;
    }
    pages(story, t).await;
}

async fn expect(story: &Story, what: &str, filter: &TicketFilter, want: &[&Ticket]) {
    let page = Page {
        limit: 100,
        offset: 0,
        order: Order::Oldest,
    };
    let (found, total) = story.ok("search", story.store.search(filter, page).await);
    let mut got: Vec<i64> = found.iter().map(|t| t.id.0).collect();
    let mut want_ids: Vec<i64> = want.iter().map(|t| t.id.0).collect();
    got.sort();
    want_ids.sort();
    let bk = story.backend;
    assert_eq!(got, want_ids, "[{bk}] search {what}");
    assert_eq!(total, want.len() as u64, "[{bk}] search total, {what}");
    assert_eq!(
        story.ok("count", story.store.count(filter).await),
        want.len() as u64,
        "[{bk}] count, {what}"
    );
}

/// Paging through everything in each order gives the order the store promises.
async fn pages(story: &Story, t: &Tickets) {
    let all = t.all();
    let mut newest: Vec<&Ticket> = all.clone();
    newest.sort_by_key(|t| std::cmp::Reverse((t.created_at, t.id)));
    let mut oldest = all.clone();
    oldest.sort_by_key(|t| (t.created_at, t.id));
    // Tickets with a running clock first, soonest due first; the rest by id.
    let mut due = all.clone();
    due.sort_by_key(|x| (x.id != t.a.id && x.id != t.d.id, x.id != t.a.id, x.id));
    assert!(
        earliest(&t.a, |c| c.due_at) < earliest(&t.d, |c| c.due_at),
        "a is due before d"
    );
    for (order, want) in [
        (Order::Newest, newest),
        (Order::Oldest, oldest),
        (Order::DueSoonest, due),
    ] {
        let mut got = Vec::new();
        for offset in (0..all.len() as u32 + 3).step_by(3) {
            let page = Page {
                limit: 3,
                offset,
                order,
            };
            let (found, total) = story.ok(
                "search page",
                story.store.search(&TicketFilter::default(), page).await,
            );
            assert_eq!(
                total,
                all.len() as u64,
                "[{}] the total ignores paging",
                story.backend
            );
            assert!(
                found.len() <= 3,
                "[{}] a page holds at most its limit",
                story.backend
            );
            got.extend(found.into_iter().map(|t| t.id));
        }
        let want: Vec<TicketId> = want.iter().map(|t| t.id).collect();
        assert_eq!(got, want, "[{}] pages in {order:?} order", story.backend);
    }
}

/// Finished histories go in whole, numbered by their own creation day.
async fn import(story: &Story, org: &Org) {
    let (store, bk) = (&story.store, story.backend);
    let history = |new: NewTicket, created: DateTime<Utc>, commands: Vec<Command>| {
        let (mut t, events) = create(
            new,
            TicketId(0),
            String::new(),
            &story.actor,
            &story.ctx(created),
        )
        .unwrap_or_else(|e| panic!("{e}"));
        let wrap = |events: Vec<TicketEvent>, first: u64, when| {
            crate::envelopes(TicketId(0), first, events, &story.recorded(when))
        };
        let mut all = wrap(events, 1, created);
        for (i, command) in commands.into_iter().enumerate() {
            let when = created + Duration::hours(i as i64 + 1);
            let change = story.change(&t, command, when);
            all.extend(wrap(change.events, t.version + 1, when));
            t = change.ticket;
        }
        (t, all)
    };
    let count = story.ok("ticket_count", store.ticket_count().await);
    let late = intake(
        Channel::Wechat,
        TicketKind::Complaint,
        "13700000001",
        "0101",
        "D01",
        "导入一",
    );
    let old = intake(
        Channel::Phone,
        TicketKind::Consultation,
        "13700000002",
        "0102",
        "D01",
        "导入二",
    );
    let answer = Command::DirectAnswer {
        answer: "已答复".into(),
        article: None,
    };
    let batch = vec![
        history(
            late,
            at(2025, 3, 3, 20, 0, 0),
            vec![dispatch(org.a.id, vec![])],
        ),
        history(old, at(2024, 12, 31, 10, 0, 0), vec![answer]),
    ];
    let imported = story.ok("import_tickets", store.import_tickets(batch).await);
    let numbers: Vec<&str> = imported.iter().map(|t| t.number.as_str()).collect();
    assert_eq!(
        numbers,
        ["2025030400007", "2024123100001"],
        "[{bk}] imports are numbered by their creation day"
    );
    assert_eq!(
        imported[1].id.0,
        imported[0].id.0 + 1,
        "[{bk}] an import takes consecutive ids"
    );
    assert_eq!(
        story.ok("ticket_count", store.ticket_count().await),
        count + 2
    );
    for t in &imported {
        assert_eq!(
            &story.ticket(t.id).await,
            t,
            "[{bk}] an imported ticket is stored as returned"
        );
        let events = story.ok("events", store.events(t.id).await);
        assert!(
            events.iter().all(|e| e.ticket == t.id),
            "[{bk}] imported events name their ticket"
        );
        assert_eq!(
            replay(&events).as_ref(),
            Some(t),
            "[{bk}] an imported history replays to its ticket"
        );
    }
    assert_eq!(imported[1].state, TicketState::Closed);
    let holder = TicketFilter {
        holder: Some(org.a.id),
        ..TicketFilter::default()
    };
    let (held, _) = story.ok("search", store.search(&holder, Page::default()).await);
    assert!(
        held.iter().any(|t| t.id == imported[0].id),
        "[{bk}] an import links its units"
    );
}

async fn attachments(story: &Story, t: &Ticket) {
    let (store, bk) = (&story.store, story.backend);
    let bytes: Vec<u8> = (0..=255u8).chain([0, 0, 255]).collect();
    let file = NewAttachment {
        ticket: t.id,
        name: "现场照片.jpg".into(),
        content_type: "image/jpeg".into(),
        bytes,
    };
    let id = story.ok("put_attachment", store.put_attachment(file.clone()).await);
    let (back, back_id) = story
        .ok("attachment", store.attachment(id).await)
        .unwrap_or_else(|| panic!("[{bk}] attachment {id} lost"));
    assert_eq!(
        (
            back.ticket,
            back.name.as_str(),
            back.content_type.as_str(),
            &back.bytes,
            back_id
        ),
        (
            t.id,
            file.name.as_str(),
            file.content_type.as_str(),
            &file.bytes,
            id
        )
    );
    let second = story.ok(
        "put_attachment",
        store
            .put_attachment(NewAttachment {
                bytes: vec![],
                ..file.clone()
            })
            .await,
    );
    assert_ne!(second, id, "[{bk}] attachments get their own ids");
    assert_eq!(
        story
            .ok("attachment", store.attachment(second).await)
            .map(|(a, _)| a.bytes),
        Some(vec![])
    );
    assert!(
        story
            .ok("attachment", store.attachment(id + 1000).await)
            .is_none(),
        "[{bk}] unknown attachment"
    );
    let orphan = store
        .put_attachment(NewAttachment {
            ticket: TicketId(9_999_999),
            ..file
        })
        .await;
    assert!(
        matches!(orphan, Err(StoreError::Backend(_))),
        "[{bk}] an attachment needs its ticket: {orphan:?}"
    );
}
