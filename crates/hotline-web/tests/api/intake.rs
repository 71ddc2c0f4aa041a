//! Intake: idempotent creation, the work queues, the caller's history.
use chrono::TimeDelta;
use reqwest::StatusCode;
use serde_json::{json, Value};

use crate::support::*;

#[tokio::test]
async fn a_retried_create_with_the_same_idempotency_key_returns_the_same_ticket() {
    let app = TestApp::spawn().await;
    let operator = app.operator().await;
    let post = || {
        operator
            .http
            .post(operator.url("/api/v1/tickets"))
            .header("Idempotency-Key", "call-2026-03-02-0935-seat-17")
            .json(&toilet_without_water())
            .send()
    };
    let first = Reply::read(post().await.expect("a response"))
        .await
        .expect(StatusCode::CREATED);
    let second = Reply::read(post().await.expect("a response")).await;
    assert!(second.status.is_success(), "{}", second.text);
    assert_eq!(second.body["id"], first["id"]);
    assert_eq!(second.body["number"], first["number"]);
    assert_eq!(second.body["version"], first["version"]);
    assert_eq!(operator.ticket_total().await, 1);

    // A resubmitted form may carry a newer intake analysis: still the same request.
    let mut reanalysed = toilet_without_water();
    reanalysed["analysis_id"] = json!("0123456789abcdef01234567");
    let again = operator
        .http
        .post(operator.url("/api/v1/tickets"))
        .header("Idempotency-Key", "call-2026-03-02-0935-seat-17")
        .json(&reanalysed)
        .send()
        .await
        .expect("a response");
    let again = Reply::read(again).await;
    assert!(again.status.is_success(), "{}", again.text);
    assert_eq!(again.body["id"], first["id"]);

    // Keys are each account's own: a colleague's same key is another ticket.
    let colleague = app.login("demo-shiftlead").await;
    let theirs = colleague
        .http
        .post(colleague.url("/api/v1/tickets"))
        .header("Idempotency-Key", "call-2026-03-02-0935-seat-17")
        .json(&toilet_without_water())
        .send()
        .await
        .expect("a response");
    let theirs = Reply::read(theirs).await.expect(StatusCode::CREATED);
    assert_ne!(theirs["id"], first["id"]);
    assert_eq!(operator.ticket_total().await, 2);

    // The same key with another request is refused, and writes nothing.
    let mut changed = toilet_without_water();
    changed["subject"] = json!("另一件事:路灯不亮");
    let reused = operator
        .http
        .post(operator.url("/api/v1/tickets"))
        .header("Idempotency-Key", "call-2026-03-02-0935-seat-17")
        .json(&changed)
        .send()
        .await
        .expect("a response");
    let reused = Reply::read(reused).await;
    assert_eq!(
        reused.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        reused.text
    );
    assert!(reused.text.contains("Idempotency-Key"), "{}", reused.text);
    assert!(
        reused.text.contains(first["number"].as_str().unwrap()),
        "{}",
        reused.text
    );
    assert_eq!(operator.ticket_total().await, 2);

    // Another key is another ticket.
    let other = operator
        .http
        .post(operator.url("/api/v1/tickets"))
        .header("Idempotency-Key", "call-2026-03-02-0936-seat-17")
        .json(&toilet_without_water())
        .send()
        .await
        .expect("a response");
    let other = Reply::read(other).await.expect(StatusCode::CREATED);
    assert_ne!(other["id"], first["id"]);
    assert_eq!(other["number"], "2026030200003");
    assert_eq!(operator.ticket_total().await, 3);
}

#[tokio::test]
async fn each_role_finds_its_work_in_its_queues() {
    let app = TestApp::spawn().await;
    let operator = app.operator().await;
    let dispatcher = app.dispatcher().await;
    let zone = app.zone().await;

    assert_eq!(dispatcher.queue_count("to_dispatch").await, Some(0));
    let t = operator.create_ticket(&toilet_without_water()).await;
    assert!(dispatcher.queue_count("to_dispatch").await >= Some(1));
    assert_eq!(
        dispatcher.listed_ids("/api/v1/queues/to_dispatch").await,
        vec![id(&t)]
    );
    assert_eq!(
        zone.queue_count("to_dispatch").await,
        None,
        "units do not dispatch"
    );
    zone.get("/api/v1/queues/to_dispatch")
        .await
        .problem(StatusCode::FORBIDDEN, "forbidden");
    assert_eq!(zone.queue_count("to_sign_for").await, Some(0));

    let t = dispatcher.act(&t, dispatch_to(zone.unit())).await;
    assert_eq!(dispatcher.queue_count("to_dispatch").await, Some(0));
    assert_eq!(zone.queue_count("to_sign_for").await, Some(1));
    let listed = zone
        .get("/api/v1/queues/to_sign_for")
        .await
        .expect(StatusCode::OK);
    assert_eq!(ids(&listed), vec![id(&t)]);
    assert_eq!(listed["total"], 1);

    zone.act(&t, sign_for()).await;
    assert_eq!(zone.queue_count("to_sign_for").await, Some(0));
    assert_eq!(zone.queue_count("processing").await, Some(1));
}

#[tokio::test]
async fn a_callers_history_lists_every_ticket_from_that_phone() {
    let app = TestApp::spawn().await;
    let operator = app.operator().await;
    let dispatcher = app.dispatcher().await;
    let first = operator.create_ticket(&call_from("13600001234")).await;
    let second = operator.create_ticket(&call_from("13600001234")).await;
    let someone_else = operator.create_ticket(&call_from("13700005678")).await;

    // A search form's empty category is no filter; a code of wildcards is no category.
    let mut listed = dispatcher
        .listed_ids("/api/v1/tickets?category=&phone=13600001234")
        .await;
    listed.sort();
    assert_eq!(listed, vec![id(&first), id(&second)]);
    dispatcher
        .get("/api/v1/tickets?category=%25&phone=13600001234")
        .await
        .problem(StatusCode::UNPROCESSABLE_ENTITY, "invalid-field");

    let history = dispatcher
        .get("/api/v1/callers/13600001234/tickets")
        .await
        .expect(StatusCode::OK);
    assert_eq!(history["total"], 2);
    let mut found = ids(&history);
    found.sort();
    assert_eq!(found, vec![id(&first), id(&second)]);
    assert!(!found.contains(&id(&someone_else)));
    assert_eq!(
        operator
            .listed_ids("/api/v1/callers/13700005678/tickets")
            .await,
        vec![id(&someone_else)]
    );
    assert!(operator
        .listed_ids("/api/v1/callers/13000000000/tickets")
        .await
        .is_empty());
}

#[tokio::test]
async fn merges_are_one_level_deep_and_never_into_the_ticket_itself_or_a_draft() {
    let app = TestApp::spawn().await;
    let operator = app.operator().await;
    let a = operator.create_ticket(&call_from("13600001234")).await;
    let b = operator.create_ticket(&call_from("13600001234")).await;
    let c = operator.create_ticket(&call_from("13600001234")).await;
    let merge = |master: &Value| json!({ "action": "merge", "master": id(master) });

    operator
        .try_act(id(&a), version(&a), merge(&a))
        .await
        .problem(StatusCode::UNPROCESSABLE_ENTITY, "invalid-field");
    operator.act(&a, merge(&b)).await;
    let b = operator.ticket(id(&b)).await;
    assert_eq!(b["merged"], json!([id(&a)]), "{b}");
    let offered = b["available_actions"]
        .as_array()
        .expect("the actions offered");
    // A master may be merged too: its merged tickets go with it (below).
    assert!(
        offered.contains(&json!("merge")) && offered.contains(&json!("edit")),
        "a master is offered merge: {offered:?}"
    );
    // A, merged already, cannot be merged again; C is untouched.
    let a = operator.ticket(id(&a)).await;
    operator
        .try_act(id(&a), version(&a), merge(&c))
        .await
        .problem(StatusCode::CONFLICT, "action-not-allowed");
    let c = operator.ticket(id(&c)).await;
    assert_eq!(c["merged"], json!([]), "{c}");
    // Nor into a draft: it may never be submitted, and the merged ticket would wait on nothing.
    let mut unsent = call_from("13600001234");
    unsent["draft"] = json!(true);
    let draft = operator.create_ticket(&unsent).await;
    assert_eq!(state(&draft), "draft");
    let p = operator
        .try_act(id(&c), version(&c), merge(&draft))
        .await
        .problem(StatusCode::UNPROCESSABLE_ENTITY, "invalid-field");
    assert!(p.to_string().contains("草稿"), "{p}");
    // A note of a novel's length is refused, naming the field.
    let long = json!({ "action": "merge", "master": id(&b), "note": "长".repeat(5001) });
    let p = operator
        .try_act(id(&c), version(&c), long)
        .await
        .problem(StatusCode::UNPROCESSABLE_ENTITY, "invalid-field");
    assert!(p.to_string().contains("备注最多 5000 字"), "{p}");
    // Someone who may not merge learns nothing of the master, not even that it is missing.
    let reviewer = app.reviewer().await;
    let r = reviewer
        .try_act(
            id(&c),
            version(&c),
            json!({ "action": "merge", "master": 999_999 }),
        )
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN, "{}", r.text);

    // B, holding A, merged into C: A goes along, and no ticket is both merged and a master.
    let b = operator.ticket(id(&b)).await;
    operator.act(&b, merge(&c)).await;
    let c = operator.ticket(id(&c)).await;
    assert_eq!(c["merged"], json!([id(&b), id(&a)]), "{c}");
    assert_eq!(operator.ticket(id(&b)).await["merged"], json!([]));
    assert_eq!(operator.ticket(id(&a)).await["merged_into"], json!(id(&c)));
}

#[tokio::test]
async fn a_ticket_past_its_handling_deadline_shows_as_overdue_by_the_servers_clock() {
    let app = TestApp::spawn().await;
    let operator = app.operator().await;
    let dispatcher = app.dispatcher().await;
    let t = operator.create_ticket(&toilet_without_water()).await;
    let t = dispatcher
        .act(&t, dispatch_to(dispatcher.unit_by_code("D03").await))
        .await;
    assert!(
        dispatcher
            .listed_ids("/api/v1/tickets?overdue=true")
            .await
            .is_empty(),
        "due in three working days"
    );
    assert_eq!(dispatcher.queue_count("overdue").await, Some(0));

    // Two weeks on, far past the three working days of its tier.
    app.advance(TimeDelta::days(14));
    let dispatcher = app.dispatcher().await;
    assert_eq!(
        dispatcher.listed_ids("/api/v1/tickets?overdue=true").await,
        vec![id(&t)]
    );
    assert_eq!(
        dispatcher.listed_ids("/api/v1/queues/overdue").await,
        vec![id(&t)]
    );
    let shown = dispatcher.ticket(id(&t)).await;
    let handling = shown["clock_status"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["kind"] == "handling")
        .cloned();
    assert_eq!(
        handling.map(|c| c["colour"].clone()),
        Some(serde_json::json!("red"))
    );
}

/// The return window (退单时限, one working day) is the time a unit may give a ticket back, not
/// a deadline: once it has passed, a unit working on the ticket is neither warned nor overdue
/// (the handling clock, three working days here, is what counts).
#[tokio::test]
async fn a_return_window_that_ran_out_makes_no_ticket_overdue() {
    let app = TestApp::spawn().await;
    let zone = app.zone().await;
    let t = signed_ticket(&app, &zone).await;
    let window = t["clocks"]["return_window"]["due_at"].clone();
    assert!(window.is_string(), "{}", t["clocks"]);

    // Tuesday 11:00: the window closed at 09:00; a third of the handling time is used.
    app.advance(TimeDelta::hours(26));
    let (dispatcher, zone) = (app.dispatcher().await, app.zone().await);
    for who in [&dispatcher, &zone] {
        for queue in ["overdue", "warning"] {
            assert_eq!(who.queue_count(queue).await, Some(0), "{queue}");
        }
        assert!(who
            .listed_ids("/api/v1/tickets?overdue=true")
            .await
            .is_empty());
    }
    let refused = zone
        .try_act(
            id(&t),
            version(&t),
            json!({"action": "request_return", "reason": "不属本单位"}),
        )
        .await;
    assert_eq!(refused.status, StatusCode::CONFLICT, "{}", refused.text);
    assert!(refused.text.contains("退单时限已过"), "{}", refused.text);

    // Past the handling deadline it is overdue, as before.
    app.advance(TimeDelta::days(7));
    let dispatcher = app.dispatcher().await;
    assert_eq!(
        dispatcher.listed_ids("/api/v1/tickets?overdue=true").await,
        vec![id(&t)]
    );
}

/// A return visit the centre is late with is the centre's overdue, not the unit's that
/// answered: the ticket leaves the unit's overdue queue with its reply.
#[tokio::test]
async fn a_late_return_visit_is_not_the_units_overdue() {
    let app = TestApp::spawn().await;
    let zone = app.zone().await;
    let t = signed_ticket(&app, &zone).await;
    let t = zone.act(&t, reply("已恢复公共厕所供水")).await;
    let t = app.reviewer().await.act(&t, review_pass()).await;
    assert_eq!(state(&t), "pending_visit", "{t}");

    // Two weeks on, the visit is long overdue.
    app.advance(TimeDelta::days(14));
    let (dispatcher, zone) = (app.dispatcher().await, app.zone().await);
    assert_eq!(
        dispatcher.listed_ids("/api/v1/queues/overdue").await,
        vec![id(&t)]
    );
    assert_eq!(zone.queue_count("overdue").await, Some(0));
    assert_eq!(zone.queue_count("warning").await, Some(0));
    assert!(zone.listed_ids("/api/v1/queues/overdue").await.is_empty());
}

/// A running clock's deadline follows the calendar: a year's holidays loaded again with two
/// more days off, or other working hours, move it (and the queues that read it); a clock that
/// already stopped does not move.
#[tokio::test]
async fn deadlines_follow_a_calendar_loaded_or_working_hours_changed() {
    let app = TestApp::spawn().await;
    let operator = app.operator().await;
    let admin = app.admin().await;
    let zone = app.zone().await;
    let t = signed_ticket(&app, &zone).await;
    let due = |t: &Value, clock: &str| {
        let at = t["clocks"][clock]["due_at"].as_str().unwrap_or_default();
        chrono::DateTime::parse_from_rfc3339(at).unwrap_or_else(|e| panic!("{at}: {e}"))
    };
    let (handling, window) = (due(&t, "handling"), due(&t, "return_window"));
    let signed = t["clocks"]["sign_for"].clone();

    // Tuesday and Wednesday become days off: the deadline moves two working days on.
    let mut year = admin
        .get("/api/v1/calendar/2026")
        .await
        .expect(StatusCode::OK)["schedule"]
        .clone();
    year["holidays"]
        .as_array_mut()
        .expect("the holidays")
        .push(json!({"name": "临时停工", "start": "2026-03-03", "end": "2026-03-04"}));
    admin
        .put("/api/v1/calendar/2026", &year)
        .await
        .expect(StatusCode::NO_CONTENT);
    let moved = operator.ticket(id(&t)).await;
    // Due Thursday morning, now Monday's (over the weekend).
    assert_eq!(due(&moved, "handling"), handling + TimeDelta::days(4));
    assert_eq!(due(&moved, "return_window"), window + TimeDelta::days(2));
    assert_eq!(moved["clocks"]["sign_for"], signed, "a stopped clock stays");
    // Thursday after its old deadline, it is not overdue.
    app.advance(handling.to_utc() - start_of_test_time() + TimeDelta::hours(1));
    let (dispatcher, admin, operator) = (
        app.dispatcher().await,
        app.admin().await,
        app.operator().await,
    );
    assert!(dispatcher
        .listed_ids("/api/v1/tickets?overdue=true")
        .await
        .is_empty());

    // Working hours an hour shorter a day: the deadline comes later again.
    let mut policy = admin.get("/api/v1/policy").await.expect(StatusCode::OK);
    policy["working_hours"] = json!([{ "start": "09:00:00", "end": "16:00:00" }]);
    admin
        .put("/api/v1/policy", &policy)
        .await
        .expect(StatusCode::NO_CONTENT);
    let later = operator.ticket(id(&t)).await;
    assert!(
        due(&later, "handling") > due(&moved, "handling"),
        "{} then {}",
        moved["clocks"]["handling"],
        later["clocks"]["handling"]
    );
}

#[tokio::test]
async fn an_edit_changes_only_what_it_names_and_refuses_what_it_does_not_know() {
    let app = TestApp::spawn().await;
    let operator = app.operator().await;
    let mut new = confidential_call();
    new["draft"] = json!(true);
    let t = operator.create_ticket(&new).await;

    // A caller sent in part keeps the phone and the confidentiality the caller asked for.
    let t = operator
        .act(
            &t,
            json!({ "action": "edit", "edit": { "caller": { "name": "王先生(匿名)" } } }),
        )
        .await;
    assert_eq!(t["caller"]["name"], json!("王先生(匿名)"));
    assert_eq!(t["caller"]["phone"], new["caller"]["phone"]);
    assert_eq!(t["caller"]["confidential"], json!(true));
    assert_eq!(t["caller"]["wants_contact"], json!(true));

    // So do five elements sent in part, also once submitted (where none may be missing).
    let t = operator.act(&t, json!({ "action": "submit" })).await;
    let t = operator
        .act(
            &t,
            json!({ "action": "edit", "edit": { "elements": {
                "event": "公厕停水三天，洗手池无法使用",
                "place": { "address": "海滨公园南门公厕" }
            } } }),
        )
        .await;
    let e = &t["elements"];
    assert_eq!(e["event"], json!("公厕停水三天，洗手池无法使用"));
    assert_eq!(e["demand"], new["elements"]["demand"]);
    assert_eq!(e["time"], new["elements"]["time"]);
    assert_eq!(
        e["place"]["community"],
        new["elements"]["place"]["community"]
    );
    assert_eq!(e["place"]["address"], json!("海滨公园南门公厕"));
    // A street moved to does not keep the community of the street moved from.
    let t = operator
        .act(
            &t,
            json!({ "action": "edit", "edit": { "elements": { "place": { "street": "D03S02" } } } }),
        )
        .await;
    let place = &t["elements"]["place"];
    assert_eq!(place["street"], json!("D03S02"), "{place}");
    assert_eq!(place["district"], json!("D03"), "{place}");
    assert!(place["community"].is_null(), "{place}");
    assert_eq!(place["address"], json!("海滨公园南门公厕"), "{place}");

    // A misspelt field is named, not dropped; an edit of nothing and a caller that is not
    // an object are refused; nothing is written.
    for (edit, says) in [
        (json!({ "subjekt": "公厕停水" }), "edit.subjekt"),
        (
            json!({ "elements": { "place": { "stret": "D03S01" } } }),
            "edit.elements.place.stret",
        ),
        (json!({}), "修改内容为空"),
        (json!({ "caller": "王先生" }), "edit.caller"),
    ] {
        let p = operator
            .try_act(
                id(&t),
                version(&t),
                json!({ "action": "edit", "edit": edit }),
            )
            .await
            .problem(StatusCode::UNPROCESSABLE_ENTITY, "invalid-body");
        assert!(
            p["message_zh"].as_str().is_some_and(|m| m.contains(says)),
            "{p}"
        );
    }
    let p = operator
        .try_act(
            id(&t),
            version(&t),
            json!({ "action": "not_accept", "reason": "litigation", "channel_told": "法院", "notee": "x" }),
        )
        .await
        .problem(StatusCode::UNPROCESSABLE_ENTITY, "invalid-body");
    assert!(
        p["message_zh"]
            .as_str()
            .is_some_and(|m| m.contains("notee")),
        "{p}"
    );
    let p = operator
        .post(
            &format!("/api/v1/tickets/{}/actions", id(&t)),
            &json!({ "action": "submit" }),
        )
        .await
        .problem(StatusCode::UNPROCESSABLE_ENTITY, "invalid-body");
    assert!(
        p["message_zh"]
            .as_str()
            .is_some_and(|m| m.contains("version")),
        "{p}"
    );
    let unchanged = operator
        .get(&format!("/api/v1/tickets/{}", id(&t)))
        .await
        .expect(StatusCode::OK);
    assert_eq!(unchanged["version"], t["version"]);
}

#[tokio::test]
async fn a_place_name_given_for_its_code_is_told_the_code() {
    let app = TestApp::spawn().await;
    let operator = app.operator().await;
    let mut call = toilet_without_water();
    call["elements"]["place"] = json!({ "district": "港东区" });
    let p = operator
        .post("/api/v1/tickets", &call)
        .await
        .problem(StatusCode::UNPROCESSABLE_ENTITY, "invalid-field");
    let code = app
        .app
        .reference()
        .places
        .values()
        .find(|p| p.name == "港东区")
        .map(|p| p.code.clone())
        .expect("the demo district");
    let message = p["message_zh"].as_str().unwrap_or_default();
    assert!(
        message.contains("应填地名编码") && message.contains(&code),
        "{p}"
    );
    // The analysis says the same; an unknown code is still unknown.
    let p = operator
        .post(
            "/api/v1/intake/analyze",
            &json!({ "text": "路灯坏了", "place": { "district": "港东区" } }),
        )
        .await
        .problem(StatusCode::UNPROCESSABLE_ENTITY, "invalid-field");
    assert!(p.to_string().contains(&code), "{p}");
    // A street's name given as the district is told what it is.
    let street = app
        .app
        .reference()
        .places
        .values()
        .find(|p| p.kind == hotline_domain::org::PlaceKind::Street && p.active)
        .map(|p| (p.name.clone(), p.code.clone()))
        .expect("a demo street");
    call["elements"]["place"] = json!({ "district": street.0 });
    let p = operator
        .post("/api/v1/tickets", &call)
        .await
        .problem(StatusCode::UNPROCESSABLE_ENTITY, "invalid-field");
    assert!(p.to_string().contains(&street.1), "{p}");
    call["elements"]["place"] = json!({ "district": "X99" });
    let p = operator
        .post("/api/v1/tickets", &call)
        .await
        .problem(StatusCode::UNPROCESSABLE_ENTITY, "invalid-field");
    assert!(p.to_string().contains("地名库中没有 X99"), "{p}");
}
