//! Search: every filter with its count, paging, and the three orders.
use chrono::{DateTime, Duration, Utc};
use serde_json::{json, Value as Json};

use hotline_domain::clock::Clock;
use hotline_domain::ticket::{Ticket, TicketId};

use hotline_domain::lifecycle::Command;
use hotline_domain::org::UnitId;

use super::tickets::Tickets;
use super::{at, dispatch, Story};
use crate::{Order, Page, TicketFilter};

/// The earliest instant of a running clock: what the queue columns hold.
fn earliest(t: &Ticket, pick: fn(&Clock) -> Option<DateTime<Utc>>) -> DateTime<Utc> {
    let running = t.clocks.iter().filter(|(_, c)| c.running_since.is_some());
    let first = running.filter_map(|(_, c)| pick(c)).min();
    first.unwrap_or_else(|| panic!("ticket {} has no running clock", t.number))
}

pub(super) async fn search(story: &Story, t: &Tickets) {
    let (a, b, c, d) = (&t.a, &t.b, &t.c, &t.d);
    let p: Vec<&Ticket> = t.parallel.iter().collect();
    let (unit_a, unit_b) = (a.chain[0], d.chain[0]);
    let (day1, mid1, day2) = (
        at(2025, 3, 3, 0, 0, 0),
        at(2025, 3, 3, 16, 0, 0),
        c.created_at,
    );
    let later = at(2030, 1, 1, 0, 0, 0);
    let a_due = earliest(a, |c| c.due_at) + Duration::seconds(1);
    let a_warn = earliest(a, |c| c.warn_at) + Duration::seconds(1);
    // Changed at or after the time the last of them changed, and the one before.
    let mut changes: Vec<DateTime<Utc>> = t.all().iter().map(|x| x.updated_at).collect();
    changes.sort();
    changes.dedup();
    let (last, before_last) = (changes[changes.len() - 1], changes[changes.len() - 2]);
    let changed_from = |from: DateTime<Utc>| -> Vec<&Ticket> {
        t.all()
            .into_iter()
            .filter(|x| x.updated_at >= from)
            .collect()
    };
    // A table reads better one case a line than as rustfmt's one field a line.
    #[rustfmt::skip]
    let cases: Vec<(&str, Json, Vec<&Ticket>)> = vec![
        ("everything", json!({}), t.all()),
        ("a state", json!({"states": ["pending_dispatch"]}), [vec![c], p.clone()].concat()),
        ("states", json!({"states": ["dispatched", "draft"]}), vec![a, b, d]),
        ("phone", json!({"phone": "13800000001"}), vec![a]),
        ("phone, or the same line written otherwise", json!({"phone": "13800000001", "phone_other_forms": ["13800000003"]}), vec![a, c]),
        ("phone, or any of several forms", json!({"phone": "13800000009", "phone_other_forms": ["13800000001", "13800000003"]}), vec![a, c]),
        ("the other form alone is no filter", json!({"phone_other_forms": ["13800000003"]}), t.all()),
        ("number", json!({"number": c.number}), vec![c]),
        ("text, any ASCII case", json!({"text": "ktv"}), vec![a]),
        ("text, all words", json!({"text": "噪音  KTV"}), vec![a]),
        ("text, not any word", json!({"text": "噪音 咨询"}), vec![]),
        ("text, % is a character", json!({"text": "100%"}), vec![b]),
        ("text, _ is a character", json!({"text": "1_00"}), vec![]),
        ("text, two characters inside a word", json!({"text": "音扰"}), vec![a]),
        ("text, characters not side by side", json!({"text": "噪扰"}), vec![]),
        ("text, one character inside a word", json!({"text": "扰"}), vec![a]),
        ("text, one character ending a word", json!({"text": "民"}), vec![a]),
        ("text, one character alone", json!({"text": "元"}), vec![c]),
        ("text, digits inside a number", json!({"text": "00"}), vec![b, c]),
        ("text, not across a space", json!({"text": "民K"}), vec![]),
        ("text, punctuation only", json!({"text": "%"}), vec![b]),
        ("text, a refused edit left nothing", json!({"text": "改过"}), vec![]),
        ("involved unit", json!({"involved_unit": unit_a}), vec![a]),
        ("text and unit", json!({"involved_unit": unit_b, "text": "噪音"}), vec![a]),
        ("text and unit, none", json!({"involved_unit": unit_b, "text": "举报"}), vec![]),
        ("text, unit and state", json!({"involved_unit": unit_b, "text": "来电", "states": ["dispatched"]}), vec![a, d]),
        ("text, unit and state, fewer", json!({"involved_unit": unit_b, "text": "噪音", "states": ["dispatched"]}), vec![a]),
        ("involved assisting unit", json!({"involved_unit": unit_b}), vec![a, d]),
        ("holder", json!({"holder": unit_b}), vec![d]),
        ("category and below", json!({"category": "01"}), vec![a, b, d]),
        ("category leaf", json!({"category": "0101"}), vec![a, d]),
        ("category other", json!({"category": "02"}), vec![c]),
        ("district", json!({"district": "D01"}), vec![a, b]),
        ("district of many", json!({"district": "D03"}), p.clone()),
        ("street", json!({"street": "D01S01"}), vec![a, b]),
        ("community", json!({"community": "D01S01C01"}), vec![a]),
        ("community, open", json!({"community": "D01S01C02", "states": ["draft"], "category": "01"}), vec![b]),
        ("community, none", json!({"community": "D01S01C03"}), vec![]),
        ("channel", json!({"channel": "web"}), vec![c]),
        ("kind", json!({"kind": "complaint"}), vec![a, d]),
        ("tag", json!({"tag": "media"}), vec![a]),
        ("another tag", json!({"tag": "leader"}), vec![c]),
        ("created range", json!({"created_from": day1, "created_to": mid1}), vec![a, b]),
        ("created from, inclusive", json!({"created_from": day2}), [vec![c, d], p.clone()].concat()),
        ("created to, exclusive", json!({"created_to": a.created_at}), vec![]),
        ("text and created range", json!({"text": "来电", "created_from": day1, "created_to": mid1}), vec![a, b]),
        ("text, unit and created from", json!({"text": "来电", "involved_unit": unit_b, "created_from": day2}), vec![d]),
        ("updated from, inclusive", json!({"updated_from": last}), changed_from(last)),
        ("updated from, earlier", json!({"updated_from": before_last}), changed_from(before_last)),
        ("updated from, later", json!({"updated_from": last + Duration::milliseconds(1)}), vec![]),
        ("due before, later", json!({"due_before": later}), vec![a, d]),
        ("due before, soon", json!({"due_before": a_due}), vec![a]),
        ("due before, past", json!({"due_before": day1}), vec![]),
        ("warn before, later", json!({"warn_before": later}), vec![a, d]),
        ("warn before, soon", json!({"warn_before": a_warn}), vec![a]),
        ("urged", json!({"urged": true}), vec![a]),
        ("supervised", json!({"supervised": true}), vec![a]),
        ("combined", json!({"district": "D01", "states": ["draft"]}), vec![b]),
    ];
    for (what, filter, want) in cases {
        let filter: TicketFilter = serde_json::from_value(filter)
            .unwrap_or_else(|e| panic!("filter {what} does not parse: {e}"));
        expect(story, what, &filter, &want).await;
    }
    pages(story, t).await;
    scan(story, t).await;
    edited_text(story, t).await;
    parts(story, t).await;
    withheld(story, t).await;
    letter_case(story, t).await;
}

/// Letters fold as SQLite folds them, ASCII only: a full-width Ａ is not ａ (PostgreSQL's ILIKE
/// would fold it under a UTF-8 locale).
async fn letter_case(story: &Story, t: &Tickets) {
    let before = story.ticket(t.c.id).await;
    let edit = hotline_domain::lifecycle::TicketEdit {
        subject: Some("龙舟赛 占道 Ａ座Ω楼 Kb".into()),
        ..Default::default()
    };
    let command = Command::Edit {
        edit: Box::new(edit),
    };
    let c = story.act(&before, command, at(2025, 3, 7, 9, 0, 0)).await;
    let text = |q: &str| TicketFilter {
        text: Some(q.into()),
        ..TicketFilter::default()
    };
    for (q, found) in [
        ("Ａ座", true),
        ("ａ座", false),
        ("Ｑ", false),
        ("Ω楼", true),
        ("ω楼", false),
        ("座ω", false),
        ("KB", true),
        ("kb", true),
        ("龙舟赛", true),
    ] {
        let want: &[&Ticket] = if found { &[&c] } else { &[] };
        expect(story, &format!("text, case of {q}"), &text(q), want).await;
    }
}

/// The filters only the service sets: tickets whose caller is confidential now, and tickets
/// left out by id (what a unit's search must not find), alone and beside words and a unit.
async fn withheld(story: &Story, t: &Tickets) {
    let (a, d) = (&t.a, &t.d);
    let unit_b = d.chain[0];
    // Not yet dispatched, so it may still be edited.
    let before = story.ticket(t.c.id).await;
    let caller = hotline_domain::ticket::Caller {
        confidential: true,
        ..before.caller.clone()
    };
    let edit = hotline_domain::lifecycle::TicketEdit {
        caller: Some(caller),
        ..Default::default()
    };
    let command = Command::Edit {
        edit: Box::new(edit),
    };
    let c = story.act(&before, command, at(2025, 3, 6, 9, 0, 0)).await;
    let secret = TicketFilter {
        confidential_caller: true,
        ..TicketFilter::default()
    };
    expect(story, "confidential caller", &secret, &[&c]).await;
    let with_words = TicketFilter {
        text: Some("龙舟".into()),
        ..secret.clone()
    };
    expect(story, "confidential caller and text", &with_words, &[&c]).await;
    let of_b = TicketFilter {
        involved_unit: Some(unit_b),
        ..secret.clone()
    };
    expect(story, "confidential caller, another unit's", &of_b, &[]).await;
    let mut all: Vec<&Ticket> = t.all();
    all.retain(|x| x.id != a.id && x.id != c.id);
    // Ids that are no ticket leave nothing else out.
    let except = |ids: Vec<TicketId>, text: Option<&str>| TicketFilter {
        except: [ids, (900_000..901_000).map(TicketId).collect()].concat(),
        text: text.map(str::to_string),
        ..TicketFilter::default()
    };
    expect(story, "except", &except(vec![a.id, c.id], None), &all).await;
    let noise = except(vec![a.id], Some("噪音"));
    expect(story, "except, the only one with the words", &noise, &[]).await;
    let of_b = TicketFilter {
        involved_unit: Some(unit_b),
        ..TicketFilter::default()
    };
    let page = Page {
        limit: 100,
        offset: 0,
        order: Order::Oldest,
    };
    let (theirs, _) = ok!(story.store.search(&of_b, page));
    assert!(theirs.iter().any(|x| x.id == d.id) && theirs.len() > 1);
    let rest: Vec<&Ticket> = theirs.iter().filter(|x| x.id != d.id).collect();
    let but_d = TicketFilter {
        except: vec![d.id],
        ..of_b
    };
    expect(story, "except, of a unit", &but_d, &rest).await;
    let walked = ok!(story.store.scan(&secret, TicketId(0), 10));
    assert_eq!(walked.iter().map(|t| t.id).collect::<Vec<_>>(), vec![c.id]);
}

/// A unit whose part ended (here: the ticket was merged away from it, then dispatched to
/// another unit) still finds the ticket among those it sees, no longer among its work.
async fn parts(story: &Story, t: &Tickets) {
    let (a, d) = (&t.a, &t.d);
    let (unit_a, unit_b) = (a.chain[0], d.chain[0]);
    let by = |involved: Option<UnitId>, current: Option<UnitId>, text: &str| TicketFilter {
        involved_unit: involved,
        current_unit: current,
        text: (!text.is_empty()).then(|| text.to_string()),
        ..TicketFilter::default()
    };
    let when = at(2025, 3, 5, 2, 0, 0);
    let p = story
        .act(&t.parallel[0], dispatch(unit_a, vec![]), when)
        .await;
    let now_a = by(None, Some(unit_a), "");
    expect(story, "current unit, dispatched", &now_a, &[a, &p]).await;
    let merge = Command::Merge {
        master: t.c.id,
        note: "与主单同一事项".into(),
    };
    let p = story.act(&p, merge, when + Duration::hours(1)).await;
    expect(story, "current unit, merged away", &now_a, &[a]).await;
    let unmerge = Command::Unmerge {
        reason: "并错工单".into(),
    };
    let p = story.act(&p, unmerge, when + Duration::hours(2)).await;
    let p = story
        .act(&p, dispatch(unit_b, vec![]), when + Duration::hours(3))
        .await;
    let cases = [
        (
            "involved unit, its part ended",
            by(Some(unit_a), None, ""),
            vec![a, &p],
        ),
        ("current unit, its part ended", now_a, vec![a]),
        (
            "current unit, the new one",
            by(None, Some(unit_b), ""),
            vec![a, d, &p],
        ),
        (
            "current unit and text",
            by(None, Some(unit_b), "求助"),
            vec![&p],
        ),
        (
            "current unit and text, ended",
            by(None, Some(unit_a), "求助"),
            vec![],
        ),
        (
            "involved and current",
            by(Some(unit_a), Some(unit_b), ""),
            vec![a, &p],
        ),
    ];
    for (what, filter, want) in cases {
        expect(story, what, &filter, &want).await;
    }
    // Taken away again and dispatched back to the first unit: its link takes part once more.
    let merge = Command::Merge {
        master: t.c.id,
        note: "与主单同一事项".into(),
    };
    let p = story.act(&p, merge, when + Duration::hours(4)).await;
    let unmerge = Command::Unmerge {
        reason: "并错工单".into(),
    };
    let p = story.act(&p, unmerge, when + Duration::hours(5)).await;
    let p = story
        .act(&p, dispatch(unit_a, vec![]), when + Duration::hours(6))
        .await;
    let back = by(None, Some(unit_a), "");
    expect(story, "current unit, given a part again", &back, &[a, &p]).await;
    let b_now = by(None, Some(unit_b), "");
    expect(story, "current unit, whose part ended", &b_now, &[a, d]).await;
}

/// Changing the subject changes what keyword search finds, at once.
async fn edited_text(story: &Story, t: &Tickets) {
    let edit = hotline_domain::lifecycle::TicketEdit {
        subject: Some("龙舟赛 占道".into()),
        ..Default::default()
    };
    let before = story.ticket(t.c.id).await;
    let command = hotline_domain::lifecycle::Command::Edit {
        edit: Box::new(edit),
    };
    let c = story.act(&before, command, at(2025, 3, 4, 9, 0, 0)).await;
    let text = |q: &str| TicketFilter {
        text: Some(q.into()),
        ..TicketFilter::default()
    };
    expect(story, "text, the edited subject", &text("龙舟"), &[&c]).await;
    expect(
        story,
        "text, the edited subject, 2 words",
        &text("舟 占道"),
        &[&c],
    )
    .await;
    expect(story, "text, the old subject is gone", &text("举报"), &[]).await;
}

/// Walking the tickets in id order, a page at a time, visits each match once.
async fn scan(story: &Story, t: &Tickets) {
    let mut all: Vec<TicketId> = t.all().iter().map(|t| t.id).collect();
    all.sort();
    let walk = |filter: TicketFilter| async move {
        let (mut got, mut after) = (Vec::new(), TicketId(0));
        loop {
            let page = ok!(story.store.scan(&filter, after, 2));
            assert!(page.len() <= 2, "a page holds at most its limit");
            let Some(last) = page.last() else { break };
            after = last.id;
            got.extend(page.iter().map(|t| t.id));
        }
        got
    };
    assert_eq!(walk(TicketFilter::default()).await, all, "scan everything");
    let mut p: Vec<TicketId> = t.parallel.iter().map(|t| t.id).collect();
    p.sort();
    let d03 = TicketFilter {
        district: Some("D03".into()),
        ..TicketFilter::default()
    };
    assert_eq!(walk(d03).await, p, "scan with a filter");
    // Changed lately: led by the time of change, still in id order, page by page.
    let mut changes: Vec<DateTime<Utc>> = t.all().iter().map(|x| x.updated_at).collect();
    changes.sort();
    let from = changes[changes.len() / 2];
    let mut changed: Vec<TicketId> = t
        .all()
        .iter()
        .filter(|x| x.updated_at >= from)
        .map(|x| x.id)
        .collect();
    changed.sort();
    assert!(
        changed.len() > 2 && changed.len() < all.len(),
        "{changed:?}"
    );
    let lately = TicketFilter {
        updated_from: Some(from),
        ..TicketFilter::default()
    };
    assert_eq!(
        walk(lately).await,
        changed,
        "scan of tickets changed lately"
    );
    let after_last = ok!(story
        .store
        .scan(&TicketFilter::default(), all[all.len() - 1], 10));
    assert!(after_last.is_empty(), "nothing after the last id");
}

async fn expect(story: &Story, what: &str, filter: &TicketFilter, want: &[&Ticket]) {
    let page = Page {
        limit: 100,
        offset: 0,
        order: Order::Oldest,
    };
    let (found, total) = ok!(story.store.search(filter, page));
    let mut got: Vec<TicketId> = found.iter().map(|t| t.id).collect();
    let mut want_ids: Vec<TicketId> = want.iter().map(|t| t.id).collect();
    got.sort();
    want_ids.sort();
    assert_eq!(got, want_ids, "search: {what}");
    assert_eq!(total, want.len() as u64, "search total: {what}");
    assert_eq!(
        ok!(story.store.count(filter)),
        want.len() as u64,
        "count: {what}"
    );
}

/// Paging through everything in each order gives the order the store promises, also when a
/// word every ticket has is the filter (PostgreSQL then pages through its search table alone).
async fn pages(story: &Story, t: &Tickets) {
    let every_record = TicketFilter {
        text: Some("来电".into()),
        ..TicketFilter::default()
    };
    for filter in [TicketFilter::default(), every_record] {
        pages_of(story, t, &filter).await;
    }
}

async fn pages_of(story: &Story, t: &Tickets, filter: &TicketFilter) {
    let all = t.all();
    let mut newest = all.clone();
    newest.sort_by_key(|t| std::cmp::Reverse((t.created_at, t.id)));
    let mut oldest = all.clone();
    oldest.sort_by_key(|t| (t.created_at, t.id));
    // Running clocks first, the soonest due first (a, then d); the others by id.
    assert!(
        earliest(&t.a, |c| c.due_at) < earliest(&t.d, |c| c.due_at),
        "a is due before d"
    );
    let mut due = all.clone();
    due.sort_by_key(|x| (x.id != t.a.id && x.id != t.d.id, x.id != t.a.id, x.id));
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
            let (found, total) = ok!(story.store.search(filter, page));
            assert_eq!(
                total,
                all.len() as u64,
                "the total ignores paging: {filter:?}"
            );
            assert!(found.len() <= 3, "a page holds at most its limit");
            got.extend(found.into_iter().map(|t| t.id));
        }
        let want: Vec<TicketId> = want.iter().map(|t| t.id).collect();
        assert_eq!(got, want, "pages in {order:?} order: {filter:?}");
    }
}
