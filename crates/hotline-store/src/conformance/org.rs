//! The organisation (places, units, users, credentials) and the reference data.
use std::collections::HashMap;

use chrono::{Duration, NaiveDate};
use tokio::task::JoinSet;

use hotline_domain::calendar::{HolidaySpan, YearSchedule};
use hotline_domain::category::{Category, ResponsibilityRule};
use hotline_domain::org::{Actor, NewUnit, Place, PlaceKind, Role, Unit, UnitId, UnitLevel};
use hotline_domain::org::{User, UserId};
use hotline_domain::policy::Policy;

use hotline_domain::ticket::TicketKind;

use super::{at, dispatch, intake, Story};
use crate::{Created, NewUser, PlaceDeletion, StoreError, TokenKind};

/// The units tickets go to.
pub(super) struct Units {
    pub a: Unit,
    pub b: Unit,
}

pub(super) async fn organisation(story: &mut Story) -> Units {
    let store = &story.store;
    let place = |code: &str, name: &str, kind, parent: Option<&str>| Place {
        code: code.into(),
        name: name.into(),
        kind,
        parent: parent.map(Into::into),
        aliases: Vec::new(),
        active: true,
    };
    let mut places = vec![
        place("D01", "一区", PlaceKind::District, None),
        place("D01S01", "一街道", PlaceKind::Street, Some("D01")),
        place("D01S01C01", "一社区", PlaceKind::Community, Some("D01S01")),
    ];
    ok!(store.insert_places(&places));
    places[0].name = "第一区".into();
    places[0].aliases = vec!["一区".into(), "老一区".into()];
    ok!(store.insert_places(&places[..1]));
    let stored = ok!(store.places());
    let ours: Vec<&Place> = stored
        .iter()
        .filter(|p| p.code.starts_with("D01"))
        .collect();
    assert_eq!(
        ours,
        places.iter().collect::<Vec<_>>(),
        "places: upserted by code, sorted"
    );

    let run = &story.run;
    let unit = |code: &str, level, parent: Option<&Unit>, area: &[&str]| NewUnit {
        code: format!("{code}-{run}"),
        name: format!("单位 {code}"),
        level,
        parent: parent.map(|p| p.id),
        area: area.iter().map(|s| s.to_string()).collect(),
    };
    let centre = ok!(store.insert_unit(unit("centre", UnitLevel::CityCentre, None, &[])));
    let a = ok!(store.insert_unit(unit("a", UnitLevel::CityBureau, Some(&centre), &[])));
    let mut b = ok!(store.insert_unit(unit("b", UnitLevel::Street, Some(&centre), &["D01S01"])));
    let again = store
        .insert_unit(unit("a", UnitLevel::CityBureau, None, &[]))
        .await;
    assert!(
        matches!(again, Err(StoreError::Duplicate(_))),
        "a unit code is unique: {again:?}"
    );
    b.name = "单位 b(改名)".into();
    b.area.push("D01S01C01".into());
    b.active = false;
    ok!(store.update_unit(&b));
    let units = ok!(store.units());
    for u in [&centre, &a, &b] {
        assert!(units.contains(u), "units() returns {u:?}");
    }
    b.active = true;
    ok!(store.update_unit(&b));
    let ghost = Unit {
        id: UnitId(9_999_999),
        ..b.clone()
    };
    let missing = store.update_unit(&ghost).await;
    assert!(
        matches!(missing, Err(StoreError::NotFound(_))),
        "a missing unit: {missing:?}"
    );

    let lead = users_and_tokens(story, &a).await;
    story.actor = Actor::from(&lead);
    Units { a, b }
}

/// Users, and the tokens that stand for them: live, expired, deleted, of an inactive user.
async fn users_and_tokens(story: &Story, unit: &Unit) -> User {
    let (store, run) = (&story.store, &story.run);
    let new_user = |name: &str, roles: Vec<Role>, unit| NewUser {
        username: format!("{name}-{run}"),
        display_name: format!("用户 {name}"),
        roles,
        unit,
        password_hash: format!("hash-{name}"),
    };
    let lead = ok!(store.insert_user(new_user("lead", Role::ALL.to_vec(), None)));
    let unit_staff = new_user("handler", vec![Role::UnitHandler], Some(unit.id));
    let mut handler = ok!(store.insert_user(unit_staff));
    let again = store.insert_user(new_user("lead", vec![], None)).await;
    assert!(
        matches!(again, Err(StoreError::Duplicate(_))),
        "a username is unique: {again:?}"
    );
    assert_eq!(ok!(store.user(lead.id)).as_ref(), Some(&lead));
    assert_eq!(ok!(store.user(UserId(9_999_999))), None);
    let with_hash = ok!(store.user_with_hash(&lead.username));
    assert_eq!(with_hash, Some((lead.clone(), "hash-lead".into())));

    handler.display_name = "承办人(改)".into();
    ok!(store.update_user(&handler, None));
    let with_hash = ok!(store.user_with_hash(&handler.username));
    let kept = Some((handler.clone(), "hash-handler".into()));
    assert_eq!(
        with_hash, kept,
        "an update without a hash keeps the old one"
    );
    ok!(store.update_user(&handler, Some("hash-new")));
    let hash = ok!(store.user_with_hash(&handler.username)).map(|(_, h)| h);
    assert_eq!(
        hash.as_deref(),
        Some("hash-new"),
        "an update with a hash sets it"
    );
    let ghost = User {
        id: UserId(9_999_999),
        ..handler.clone()
    };
    let missing = store.update_user(&ghost, None).await;
    assert!(
        matches!(missing, Err(StoreError::NotFound(_))),
        "a missing user: {missing:?}"
    );
    let users = ok!(store.users());
    assert!(
        users.contains(&lead) && users.contains(&handler),
        "users() lists both"
    );

    let now = at(2025, 3, 1, 0, 0, 0);
    let token = |name: &str| format!("token-{name}-{run}");
    let hour = Duration::hours(1);
    ok!(store.insert_token(&token("lead"), lead.id, TokenKind::Session, now + hour));
    ok!(store.insert_token(&token("old"), lead.id, TokenKind::Api, now - hour));
    ok!(store.insert_token(&token("handler"), handler.id, TokenKind::Api, now + hour));
    let again = store
        .insert_token(&token("lead"), lead.id, TokenKind::Session, now)
        .await;
    assert!(
        matches!(again, Err(StoreError::Duplicate(_))),
        "a token is unique: {again:?}"
    );
    let user_of = |name: &str, when| {
        let hash = token(name);
        async move { ok!(store.token_user(&hash, when)) }
    };
    assert_eq!(
        user_of("lead", now).await.as_ref(),
        Some(&lead),
        "a live token names its user"
    );
    assert_eq!(
        user_of("lead", now + hour * 2).await,
        None,
        "a token expires"
    );
    assert_eq!(
        user_of("old", now).await,
        None,
        "an expired token is not accepted"
    );
    assert_eq!(user_of("handler", now).await.as_ref(), Some(&handler));
    ok!(store.update_user(&handler, None));
    assert_eq!(
        user_of("handler", now).await.as_ref(),
        Some(&handler),
        "a change without a new password keeps the tokens"
    );
    ok!(store.insert_token(&token("lead-2"), lead.id, TokenKind::Api, now + hour));
    ok!(store.update_user(&handler, Some("hash-newer")));
    assert_eq!(
        user_of("handler", now).await,
        None,
        "a new password deletes the user's tokens"
    );
    assert_eq!(
        user_of("lead-2", now).await.as_ref(),
        Some(&lead),
        "and no one else's"
    );
    ok!(store.insert_token(&token("handler"), handler.id, TokenKind::Api, now + hour));
    handler.active = false;
    ok!(store.update_user(&handler, None));
    assert_eq!(
        user_of("handler", now).await,
        None,
        "an inactive user's token is refused"
    );
    ok!(store.delete_token(&token("lead")));
    assert_eq!(user_of("lead", now).await, None, "a deleted token is gone");
    lead
}

/// Categories, responsibility list versions, calendar years and the policy.
/// Retiring and deleting places, once tickets name some (after `tickets::tickets`).
pub(super) async fn place_lifecycle(story: &Story) {
    let store = &story.store;
    let mut road = Place {
        code: format!("R{}", story.run),
        name: "临时路".into(),
        kind: PlaceKind::Road,
        parent: Some("D01".into()),
        aliases: Vec::new(),
        active: false,
    };
    ok!(store.insert_places(std::slice::from_ref(&road)));
    let stored = ok!(store.places());
    assert_eq!(
        stored.iter().find(|p| p.code == road.code),
        Some(&road),
        "a retired place is stored as retired"
    );
    road.active = true;
    ok!(store.insert_places(std::slice::from_ref(&road)));
    let stored = ok!(store.places());
    assert!(stored.iter().any(|p| p.code == road.code && p.active));

    assert_eq!(ok!(store.delete_place(&road.code)), PlaceDeletion::Deleted);
    assert!(!ok!(store.places()).iter().any(|p| p.code == road.code));
    assert_eq!(ok!(store.delete_place(&road.code)), PlaceDeletion::Missing);
    for code in ["D01", "D01S01", "D01S01C01"] {
        let kept = ok!(store.delete_place(code));
        assert!(
            matches!(kept, PlaceDeletion::NamedByTickets(n) if n >= 1),
            "{code}: {kept:?}"
        );
    }
    let codes: Vec<String> = ok!(store.places()).into_iter().map(|p| p.code).collect();
    assert!(
        codes.iter().any(|c| c == "D01S01C01"),
        "a named place stays"
    );
}

/// A ticket write that keeps its places (`check_places`, as the service's creates and place
/// edits do) and the deletion of one of those places never both land. Run last: it leaves
/// tickets at places of its own.
pub(super) async fn places_kept_by_ticket_writes(story: &Story) {
    let store = &story.store;
    let now = at(2025, 7, 1, 2, 0, 0);
    let district = |code: &str| Place {
        code: code.into(),
        name: "临时区".into(),
        kind: PlaceKind::District,
        parent: None,
        aliases: Vec::new(),
        active: true,
    };
    let at_place = |code: &str| {
        let new = intake(TicketKind::Complaint, "13900000077", "01", code, "井盖缺失");
        let mut create = story.new_ticket(new, now, None);
        create.check_places = true;
        create
    };
    let count = ok!(store.ticket_count());
    let gone = format!("G{}", story.run);
    match store.create_ticket(at_place(&gone)).await {
        Err(StoreError::PlaceGone(code)) => assert_eq!(code, gone),
        other => panic!("a create naming a place not in the gazetteer: {other:?}"),
    }
    assert_eq!(
        ok!(store.ticket_count()),
        count,
        "a refused create leaves nothing"
    );

    let kept = format!("K{}", story.run);
    ok!(store.insert_places(&[district(&kept)]));
    let Created::New(t) = ok!(store.create_ticket(at_place(&kept))) else {
        panic!("a new ticket");
    };
    let mut change = story.change(&t, dispatch(UnitId(701), vec![]), now);
    change.ticket.elements.place.district = Some(gone.clone());
    change.check_places = true;
    match store.save_tickets(vec![change], story.recorded(now)).await {
        Err(StoreError::PlaceGone(code)) => assert_eq!(code, gone),
        other => panic!("a change to a place not in the gazetteer: {other:?}"),
    }
    assert_eq!(
        story.ticket(t.id).await,
        t,
        "a refused change leaves the ticket"
    );

    // At the same moment: on PostgreSQL the deletion's check and the ticket's write overlap
    // (8 pairs at once, 8 rounds).
    let (mut named, mut deleted) = (0, 0);
    for round in 0..8 {
        let codes: Vec<String> = (0..8)
            .map(|i| format!("K{}-{round}-{i}", story.run))
            .collect();
        let places: Vec<Place> = codes.iter().map(|c| district(c)).collect();
        ok!(store.insert_places(&places));
        let (mut creates, mut deletes) = (JoinSet::new(), JoinSet::new());
        for code in &codes {
            let (writer, create, named_at) = (store.clone(), at_place(code), code.clone());
            creates.spawn(async move { (named_at, writer.create_ticket(create).await) });
            let (deleter, deleting) = (store.clone(), code.clone());
            deletes.spawn(async move { (deleting.clone(), deleter.delete_place(&deleting).await) });
        }
        let mut deletions: HashMap<String, _> = deletes.join_all().await.into_iter().collect();
        let listed = ok!(store.places());
        for (code, created) in creates.join_all().await {
            let listed = listed.iter().any(|p| p.code == code);
            match (created, deletions.remove(&code)) {
                (Ok(Created::New(_)), Some(Ok(PlaceDeletion::NamedByTickets(1)))) if listed => {
                    named += 1
                }
                (Err(StoreError::PlaceGone(_)), Some(Ok(PlaceDeletion::Deleted))) if !listed => {
                    deleted += 1
                }
                other => panic!("{code}: both landed, or neither ({other:?}; listed: {listed})"),
            }
        }
    }
    assert_eq!(named + deleted, 64);
}

pub(super) async fn reference_data(story: &Story) {
    let store = &story.store;
    let cat = |code: &str, name: &str, parent: Option<&str>, tier: &str| Category {
        code: code.into(),
        name: name.into(),
        parent: parent.map(Into::into),
        level: (code.len() / 2) as u8,
        tier: tier.into(),
        active: true,
    };
    let root = cat("01", "城建", None, "D5");
    let policy_now = ok!(store.policy());
    let first = [root.clone(), cat("0101", "噪音", Some("01"), "D7")];
    assert!(ok!(store.upsert_categories(&first, policy_now.as_ref())));
    let mut second = vec![
        cat("0101", "噪音扰民", Some("01"), "D5"),
        cat("0102", "咨询", Some("01"), "D5"),
        cat("02", "举报", None, "D9"),
    ];
    second[2].active = false;
    assert!(ok!(store.upsert_categories(&second, policy_now.as_ref())));
    let want = [vec![root], second].concat();
    assert_eq!(
        ok!(store.categories()),
        want,
        "categories: upserted by code, sorted"
    );

    let before = ok!(store.responsibility(None)).version;
    let rule = |category: &str, unit: i64| ResponsibilityRule {
        category: category.into(),
        place: Some("D01".into()),
        units: vec![UnitId(unit)],
        note: "conformance".into(),
    };
    let (rules1, rules2) = (vec![rule("01", 1)], vec![rule("01", 2), rule("02", 3)]);
    let v1 = ok!(store.save_responsibility(&rules1, at(2025, 1, 1, 0, 0, 0), None));
    let v1 = v1.unwrap_or_default();
    // Built on the version it read: saved while that is the latest, refused once it is not.
    let v2 = ok!(store.save_responsibility(&rules2, at(2025, 2, 1, 0, 0, 0), Some(v1)));
    let v2 = v2.unwrap_or_default();
    assert!(before < v1 && v1 < v2, "versions grow: {before} {v1} {v2}");
    let stale = ok!(store.save_responsibility(&rules1, at(2025, 2, 2, 0, 0, 0), Some(v1)));
    assert_eq!(stale, None, "a list built on an older version is not saved");
    // Eight saves built on the same version at once: one lands.
    let mut saves = JoinSet::new();
    for day in 0..8 {
        let (store, rules) = (store.clone(), rules2.clone());
        saves.spawn(async move {
            let at = at(2025, 3, 1 + day, 0, 0, 0);
            store.save_responsibility(&rules, at, Some(v2)).await
        });
    }
    let saved = saves.join_all().await;
    let landed = saved.iter().filter(|s| matches!(s, Ok(Some(_)))).count();
    let refused = saved.iter().filter(|s| matches!(s, Ok(None))).count();
    assert_eq!(
        (landed, refused),
        (1, 7),
        "one of the saves at once: {saved:?}"
    );
    let v2 = ok!(store.responsibility(None)).version;
    let latest = ok!(store.responsibility(None));
    assert_eq!(
        (latest.version, latest.rules),
        (v2, rules2),
        "the latest list"
    );
    let old = ok!(store.responsibility(Some(v1)));
    assert_eq!(
        (old.version, old.rules),
        (v1, rules1),
        "a list by its version"
    );
    let unknown = store.responsibility(Some(v2 + 1000)).await;
    assert!(
        matches!(unknown, Err(StoreError::NotFound(_))),
        "unknown version: {unknown:?}"
    );

    let day = |m, d| NaiveDate::from_ymd_opt(2027, m, d).unwrap_or_default();
    let holiday = |name: &str, start, end| HolidaySpan {
        name: name.into(),
        start,
        end,
    };
    let holidays = vec![holiday("元旦", day(1, 1), day(1, 1))];
    let mut year = YearSchedule {
        year: 2027,
        holidays,
        make_up_workdays: vec![],
    };
    let before = ok!(store.calendar_years());
    assert!(ok!(store.save_calendar_year(&year, &before)), "saved");
    let first = year.clone();
    year.holidays.push(holiday("劳动节", day(5, 1), day(5, 5)));
    // Checked against the years before 2027 was saved: another writer has changed them since.
    assert!(
        !ok!(store.save_calendar_year(&year, &before)),
        "a save against years no longer stored is refused"
    );
    let years = ok!(store.calendar_years());
    let ours: Vec<&YearSchedule> = years.iter().filter(|y| y.year == 2027).collect();
    assert_eq!(ours, vec![&first], "nothing written");
    assert!(ok!(store.save_calendar_year(&year, &years)), "saved again");
    let years = ok!(store.calendar_years());
    let ours: Vec<&YearSchedule> = years.iter().filter(|y| y.year == 2027).collect();
    assert_eq!(ours, vec![&year], "saving a year again replaces it");

    let seen = ok!(store.policy());
    let mut policy = Policy {
        reopen_days: 15,
        ..Policy::default()
    };
    assert!(ok!(store.save_policy(&policy, seen.as_ref())), "saved");
    assert_eq!(
        ok!(store.policy()).as_ref(),
        Some(&policy),
        "the policy round trip"
    );
    let lost = Policy {
        visit_max_attempts: 9,
        ..policy.clone()
    };
    assert!(
        !ok!(store.save_policy(&lost, seen.as_ref())),
        "a save over a policy no longer stored is refused"
    );
    assert_eq!(
        ok!(store.policy()).as_ref(),
        Some(&policy),
        "nothing written"
    );
    let stored = policy.clone();
    policy.visit_max_attempts = 5;
    assert!(
        ok!(store.save_policy(&policy, Some(&stored))),
        "saved again"
    );
    assert_eq!(
        ok!(store.policy()),
        Some(policy.clone()),
        "saving the policy replaces it"
    );
    racing_policy_writers(store, policy.reopen_days).await;

    // Categories are saved over the policy their tiers were checked against, and a policy
    // dropping a tier a stored category uses is not saved: the two checks cannot pass each
    // other when two writers make them at once.
    let seen = ok!(store.policy());
    let green = [cat("03", "环保", None, "D3")];
    let stale = Policy {
        reopen_days: 1,
        ..Policy::default()
    };
    assert!(
        !ok!(store.upsert_categories(&green, Some(&stale))),
        "categories checked against a policy no longer stored are refused"
    );
    let has_green = |cats: Vec<Category>| cats.iter().any(|c| c.code == "03");
    assert!(!has_green(ok!(store.categories())), "nothing written");
    assert!(ok!(store.upsert_categories(&green, seen.as_ref())));
    assert!(has_green(ok!(store.categories())));
    let mut fewer = seen.clone().expect("a stored policy");
    fewer.tiers.retain(|t| t.code != "D3");
    assert!(
        !ok!(store.save_policy(&fewer, seen.as_ref())),
        "a policy without a tier a category uses is refused"
    );
    assert_eq!(ok!(store.policy()), seen, "nothing written");

    assert_eq!(ok!(store.setting("scope_rules")), None, "never saved");
    let text = "# 受理范围\n[negation]\ncues = [\"不\"]\nwindow = 4\n";
    ok!(store.save_setting("scope_rules", text));
    ok!(store.save_setting("other", "x"));
    assert_eq!(
        ok!(store.setting("scope_rules")).as_deref(),
        Some(text),
        "the text as saved"
    );
    ok!(store.save_setting("scope_rules", "y"));
    assert_eq!(
        ok!(store.setting("scope_rules")).as_deref(),
        Some("y"),
        "saving replaces"
    );
    assert_eq!(
        ok!(store.setting("other")).as_deref(),
        Some("x"),
        "keys are apart"
    );
}

/// Writers at the same moment, each reading the policy, changing it and saving it over what it
/// read, trying again when refused: every change lands (a blind save loses most of them).
async fn racing_policy_writers(store: &crate::DynStore, start: i64) {
    let (writers, changes) = (6_i64, 5_i64);
    let mut set = tokio::task::JoinSet::new();
    for _ in 0..writers {
        let store = store.clone();
        set.spawn(async move {
            for _ in 0..changes {
                for attempt in 0.. {
                    // Each refusal means another writer saved: far fewer than this.
                    assert!(attempt < 1000, "a writer never got its change saved");
                    let seen = store.policy().await.expect("read the policy");
                    let mut policy = seen.clone().unwrap_or_default();
                    policy.reopen_days += 1;
                    let saved = store.save_policy(&policy, seen.as_ref()).await;
                    if saved.expect("save the policy") {
                        break;
                    }
                    tokio::task::yield_now().await;
                }
            }
        });
    }
    set.join_all().await;
    let end = ok!(store.policy()).map(|p| p.reopen_days);
    assert_eq!(end, Some(start + writers * changes), "no change lost");
}
