//! Tickets: numbering, idempotent and concurrent creates, optimistic concurrency, the event
//! history, imports and attachments.
use chrono::{DateTime, Duration, Utc};
use tokio::task::JoinSet;

use hotline_domain::event::{replay, TicketEvent};
use hotline_domain::lifecycle::{create, Command, TicketEdit};
use hotline_domain::ticket::{
    AttachmentRef, Channel, ColourTag, NewTicket, SupervisionLevel, Ticket, TicketId, TicketKind,
    TicketState,
};

use super::org::Units;
use super::{at, dispatch, intake, Story};
use crate::{Created, NewAttachment, Page, StoreError, StoredAttachment, TicketFilter};

/// Every ticket in the database when the search step runs.
pub(super) struct Tickets {
    /// Day 1, dispatched to unit a with b assisting, urged and supervised.
    pub a: Ticket,
    /// Day 1 at 23:59:59 local time, a draft.
    pub b: Ticket,
    /// Day 2 at 00:30 local time (16:30 UTC on day 1), from the web, pending dispatch.
    pub c: Ticket,
    /// Day 2, made by concurrent creates with one key, dispatched to unit b.
    pub d: Ticket,
    /// Day 2, four concurrent creates without a key.
    pub parallel: Vec<Ticket>,
}

impl Tickets {
    pub fn all(&self) -> Vec<&Ticket> {
        let mut all = vec![&self.a, &self.b, &self.c, &self.d];
        all.extend(&self.parallel);
        all
    }
}

pub(super) async fn tickets(story: &Story, units: &Units) -> Tickets {
    let store = &story.store;
    let key = format!("call-1-{}", story.run);
    let mut a_new = intake(
        TicketKind::Complaint,
        "13800000001",
        "0101",
        "D01",
        "噪音扰民 KTV",
    );
    a_new.tags = vec![ColourTag::Media];
    a_new.elements.place.street = Some("D01S01".into());
    a_new.elements.place.community = Some("D01S01C01".into());
    let Created::New(a) = story
        .create(a_new.clone(), at(2025, 3, 3, 1, 0, 0), Some(&key))
        .await
    else {
        panic!("the first create with a key makes a ticket")
    };
    let mut b_new = intake(
        TicketKind::Consultation,
        "13800000002",
        "0102",
        "D01",
        "咨询 100% 退款",
    );
    b_new.draft = true;
    b_new.elements.place.street = Some("D01S01".into());
    b_new.elements.place.community = Some("D01S01C02".into());
    let b = story
        .create(b_new, at(2025, 3, 3, 15, 59, 59), None)
        .await
        .ticket()
        .clone();
    let mut c_new = intake(
        TicketKind::Report,
        "13800000003",
        "02",
        "D02",
        "举报 1000 元",
    );
    (c_new.channel, c_new.tags) = (Some(Channel::Web), vec![ColourTag::Leader]);
    let c = story
        .create(c_new, at(2025, 3, 3, 16, 30, 0), None)
        .await
        .ticket()
        .clone();
    let numbers = [&a.number, &b.number, &c.number];
    let want = ["2025030300001", "2025030300002", "2025030400001"];
    assert_eq!(numbers, want, "numbers count per day in UTC+8");
    let states = [a.state, b.state, c.state];
    assert_eq!(
        states,
        [
            TicketState::PendingDispatch,
            TicketState::Draft,
            TicketState::PendingDispatch
        ]
    );
    assert_eq!(
        story.ticket(a.id).await,
        a,
        "ticket(id) is what create returned"
    );
    assert_eq!(ok!(store.ticket_by_number(&c.number)).as_ref(), Some(&c));
    assert_eq!(ok!(store.ticket_by_number("1970010199999")), None);
    assert_eq!(ok!(store.ticket(TicketId(9_999_999))), None);
    let history = ok!(store.events(a.id));
    let stamped = |t: &Ticket| t.id == a.id && t.number == a.number;
    let first = &history[0].event;
    assert!(
        matches!(first, TicketEvent::Created { ticket } if stamped(ticket)),
        "the Created event carries the assigned id and number: {first:?}"
    );

    let changed = NewTicket {
        subject: format!("{} (改)", a_new.subject),
        ..a_new.clone()
    };
    let again = story
        .create(a_new, at(2025, 3, 3, 2, 0, 0), Some(&key))
        .await;
    assert!(
        matches!(&again, Created::Existing(t) if *t == a),
        "a repeated key: {again:?}"
    );
    let reused = story
        .create(changed, at(2025, 3, 3, 2, 0, 0), Some(&key))
        .await;
    assert!(
        matches!(&reused, Created::KeyReused(t) if *t == a),
        "a repeated key with another request: {reused:?}"
    );
    assert_eq!(ok!(store.ticket_count()), 3, "a repeated key adds no row");

    // Four at once first: that also leaves a pool with connections ready for the race.
    let parallel = parallel_creates(story).await;
    let d = same_key_creates(story).await;

    let a = dispatched(story, &a, units, at(2025, 3, 3, 3, 0, 0)).await;
    let d = story
        .act(&d, dispatch(units.b.id, vec![]), at(2025, 3, 4, 5, 0, 0))
        .await;
    let a_dispatched = a.clone();
    let urge = Command::Urge {
        note: "请尽快".into(),
    };
    let a = story.act(&a, urge, at(2025, 3, 3, 4, 0, 0)).await;
    let level = SupervisionLevel::AssignmentNotice;
    let supervise = Command::Supervise {
        level,
        note: String::new(),
    };
    let a = story.act(&a, supervise, at(2025, 3, 3, 5, 0, 0)).await;
    conflicts(story, &a_dispatched, &a, &c).await;
    Tickets {
        a,
        b,
        c,
        d,
        parallel,
    }
}

/// Dispatch, then check the history: versions in order, each with its actor and time.
async fn dispatched(story: &Story, t: &Ticket, units: &Units, when: DateTime<Utc>) -> Ticket {
    let before = story.event_count(t.id).await;
    let t = story
        .act(t, dispatch(units.a.id, vec![units.b.id]), when)
        .await;
    assert_eq!(t.state, TicketState::Dispatched);
    let events = ok!(story.store.events(t.id));
    let versions: Vec<u64> = events.iter().map(|e| e.version).collect();
    assert_eq!(
        versions,
        (1..=t.version).collect::<Vec<_>>(),
        "events in version order"
    );
    let actor = (story.actor.user, story.actor.name.as_str());
    for e in &events[before..] {
        assert_eq!(
            (e.ticket, e.at, e.actor, e.actor_name.as_str()),
            (t.id, when, actor.0, actor.1)
        );
    }
    assert_eq!(
        replay(&events).as_ref(),
        Some(&t),
        "the history replays to the stored ticket"
    );
    t
}

/// Creates without a key at the same time get distinct ids and numbers.
async fn parallel_creates(story: &Story) -> Vec<Ticket> {
    let mut set = JoinSet::new();
    for i in 0..4 {
        let new = intake(
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
    let mut made = Vec::new();
    for created in set.join_all().await {
        made.push(
            created
                .unwrap_or_else(|e| panic!("parallel create: {e}"))
                .ticket()
                .clone(),
        );
    }
    let mut numbers: Vec<&str> = made.iter().map(|t| t.number.as_str()).collect();
    numbers.sort();
    assert_eq!(
        numbers,
        [
            "2025030400002",
            "2025030400003",
            "2025030400004",
            "2025030400005"
        ]
    );
    made.sort_by_key(|t| t.id);
    made.dedup_by_key(|t| t.id);
    assert_eq!(made.len(), 4, "concurrent creates get distinct ids");
    made
}

/// Creates with one idempotency key at the same time: one makes the ticket, the others get it.
async fn same_key_creates(story: &Story) -> Ticket {
    let key = format!("call-2-{}", story.run);
    let mut set = JoinSet::new();
    for _ in 0..8 {
        let new = intake(
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
    let mut results = Vec::new();
    for created in set.join_all().await {
        results.push(created.unwrap_or_else(|e| panic!("create with a shared key: {e}")));
    }
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
        "exactly one of the creates with one key is new"
    );
    assert!(
        results.iter().all(|r| r.ticket() == new[0]),
        "all return the same ticket"
    );
    assert!(
        new[0].number.starts_with("20250304") && new[0].number.as_str() > "2025030400005",
        "the new one follows the day's earlier tickets: {}",
        new[0].number
    );
    new[0].clone()
}

/// Stale writes are refused whole and write nothing.
async fn conflicts(story: &Story, stale: &Ticket, current: &Ticket, other: &Ticket) {
    let store = &story.store;
    let when = at(2025, 3, 4, 6, 0, 0);
    let events_before = story.event_count(current.id).await;
    let late = story.change(
        stale,
        Command::Progress {
            note: "迟到的进展".into(),
        },
        when,
    );
    let refused = store
        .save_tickets(vec![late.clone()], story.recorded(when))
        .await;
    let want = (stale.version, current.version);
    assert!(
        matches!(refused, Err(StoreError::Conflict { expected, actual }) if (expected, actual) == want),
        "a stale save is a conflict: {refused:?}"
    );
    assert_eq!(
        story.event_count(current.id).await,
        events_before,
        "and appends no event"
    );
    assert_eq!(
        &story.ticket(current.id).await,
        current,
        "and changes nothing"
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
        when,
    );
    let other_events = story.event_count(other.id).await;
    let both = store
        .save_tickets(vec![fine.clone(), late], story.recorded(when))
        .await;
    assert!(
        matches!(both, Err(StoreError::Conflict { .. })),
        "one stale change: {both:?}"
    );
    assert_eq!(
        &story.ticket(other.id).await,
        other,
        "refuses the fresh change with it"
    );
    assert_eq!(
        story.event_count(other.id).await,
        other_events,
        "and its events"
    );

    let mut ghost = fine;
    ghost.ticket.id = TicketId(9_999_999);
    let missing = store.save_tickets(vec![ghost], story.recorded(when)).await;
    assert!(
        matches!(missing, Err(StoreError::NotFound(_))),
        "a missing ticket: {missing:?}"
    );
}

/// Finished histories go in whole, each numbered by its own creation day.
pub(super) async fn import(story: &Story, units: &Units) {
    let store = &story.store;
    let history = |new: NewTicket, created: DateTime<Utc>, commands: Vec<Command>| {
        let ctx = story.ctx(created);
        let (mut t, events) = create(new, TicketId(0), String::new(), &story.actor, &ctx)
            .unwrap_or_else(|e| panic!("lifecycle::create: {e}"));
        let mut all = crate::envelopes(TicketId(0), 1, events, &story.recorded(created));
        for (hours, command) in (1..).zip(commands) {
            let when = created + Duration::hours(hours);
            let change = story.change(&t, command, when);
            let rec = story.recorded(when);
            all.extend(crate::envelopes(
                TicketId(0),
                t.version + 1,
                change.events,
                &rec,
            ));
            t = change.ticket;
        }
        (t, all)
    };
    let count = ok!(store.ticket_count());
    let late = intake(
        TicketKind::Complaint,
        "13700000001",
        "0101",
        "D01",
        "导入一",
    );
    let old = intake(
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
            vec![dispatch(units.a.id, vec![])],
        ),
        history(old, at(2024, 12, 31, 10, 0, 0), vec![answer]),
    ];
    let imported = ok!(store.import_tickets(batch));
    // Numbers are unique and rise within a day; a raced or failed create may leave a gap.
    assert!(
        imported[0].number.starts_with("20250304") && imported[0].number.as_str() > "2025030400006",
        "numbered by creation day, after that day's earlier tickets: {}",
        imported[0].number
    );
    assert_eq!(imported[1].number, "2024123100001", "a new day starts at 1");
    assert_eq!(
        imported[1].id.0,
        imported[0].id.0 + 1,
        "an import takes consecutive ids"
    );
    assert_eq!(ok!(store.ticket_count()), count + 2);
    for t in &imported {
        assert_eq!(
            &story.ticket(t.id).await,
            t,
            "an import is stored as returned"
        );
        let events = ok!(store.events(t.id));
        assert!(
            events.iter().all(|e| e.ticket == t.id),
            "imported events name their ticket"
        );
        assert_eq!(
            replay(&events).as_ref(),
            Some(t),
            "an imported history replays to it"
        );
    }
    assert_eq!(imported[1].state, TicketState::Closed);
    let holder = TicketFilter {
        holder: Some(units.a.id),
        ..TicketFilter::default()
    };
    let (held, _) = ok!(store.search(&holder, Page::default()));
    assert!(
        held.iter().any(|t| t.id == imported[0].id),
        "an import links its units"
    );
}

/// Files are written with the change whose event adds them, or not at all.
pub(super) async fn attachments(story: &Story, t: &Ticket, other: &Ticket) {
    let store = &story.store;
    let t = story.ticket(t.id).await;
    let when = at(2025, 3, 5, 2, 0, 0);
    let bytes: Vec<u8> = (0..=255u8).chain([0, 0, 255]).collect();
    let photo = NewAttachment {
        id: 4_611_686_018_427_387_904 + 17,
        name: "现场照片 2025-03-05.jpg".into(),
        content_type: "image/jpeg".into(),
        bytes,
    };
    let with_file = |t: &Ticket, file: &NewAttachment| {
        let attachment = AttachmentRef {
            id: file.id,
            name: file.name.clone(),
            content_type: file.content_type.clone(),
            size: file.bytes.len() as i64,
        };
        let mut change = story.change(t, Command::Attach { attachment }, when);
        change.attachments = vec![file.clone()];
        change
    };
    assert_eq!(
        ok!(store.attachment(photo.id)),
        None,
        "an unknown attachment"
    );

    let change = with_file(&t, &photo);
    let mut saved = ok!(store.save_tickets(vec![change], story.recorded(when)));
    let t2 = story.ticket(t.id).await;
    assert_eq!(saved.pop().as_ref(), Some(&t2));
    assert_eq!(t2.version, t.version + 1);
    assert_eq!(
        t2.attachments.iter().map(|a| a.id).collect::<Vec<_>>(),
        vec![photo.id],
        "the ticket lists the file"
    );
    let last = ok!(store.events(t.id)).pop().map(|e| e.event);
    assert!(
        matches!(&last, Some(TicketEvent::AttachmentAdded { attachment }) if attachment.id == photo.id),
        "the event is stored: {last:?}"
    );
    let back = ok!(store.attachment(photo.id));
    let want = StoredAttachment {
        id: photo.id,
        ticket: t.id,
        name: photo.name.clone(),
        content_type: photo.content_type.clone(),
        bytes: photo.bytes.clone(),
    };
    assert_eq!(
        back,
        Some(want),
        "the bytes, type and name come back as stored"
    );

    // Built on the version before the photo: refused, and its file is not stored either.
    let recording = NewAttachment {
        id: 23,
        name: "通话录音.mp3".into(),
        content_type: "audio/mpeg".into(),
        bytes: vec![0xFF, 0xFB, 0x90, 0x00],
    };
    let events = story.event_count(t.id).await;
    let stale = store
        .save_tickets(vec![with_file(&t, &recording)], story.recorded(when))
        .await;
    assert!(
        matches!(stale, Err(StoreError::Conflict { .. })),
        "a stale change with a file: {stale:?}"
    );
    assert_eq!(ok!(store.attachment(recording.id)), None, "stores no file");
    assert_eq!(story.event_count(t.id).await, events, "and no event");
    assert_eq!(story.ticket(t.id).await, t2);

    // A fresh change with a file, refused with a stale change beside it, stores no file.
    let other = story.ticket(other.id).await;
    let both = store
        .save_tickets(
            vec![with_file(&other, &recording), with_file(&t, &photo)],
            story.recorded(when),
        )
        .await;
    assert!(
        matches!(both, Err(StoreError::Conflict { .. })),
        "one stale change: {both:?}"
    );
    assert_eq!(ok!(store.attachment(recording.id)), None);
    assert_eq!(story.ticket(other.id).await, other);

    // An id already taken refuses the whole change.
    let taken = NewAttachment {
        id: photo.id,
        ..recording.clone()
    };
    let dup = store
        .save_tickets(vec![with_file(&other, &taken)], story.recorded(when))
        .await;
    assert!(
        matches!(dup, Err(StoreError::Duplicate(_))),
        "a taken attachment id: {dup:?}"
    );
    assert_eq!(story.ticket(other.id).await, other, "changes nothing");
    assert_eq!(
        ok!(store.attachment(photo.id)).map(|a| a.ticket),
        Some(t.id),
        "and keeps the first file"
    );

    // A file for a ticket that does not exist is not stored.
    let mut ghost = with_file(&other, &recording);
    ghost.ticket.id = TicketId(9_999_999);
    let missing = store.save_tickets(vec![ghost], story.recorded(when)).await;
    assert!(
        matches!(missing, Err(StoreError::NotFound(_))),
        "a missing ticket: {missing:?}"
    );
    assert_eq!(ok!(store.attachment(recording.id)), None);
}
