//! What the API refuses, how it says so (problem+json, Chinese and English), and that a refusal
//! leaves nothing half-written.
use reqwest::StatusCode;
use serde_json::json;

use crate::support::*;

#[tokio::test]
async fn an_action_built_on_a_stale_version_is_refused_with_the_current_version() {
    let app = TestApp::spawn().await;
    let operator = app.operator().await;
    let dispatcher = app.dispatcher().await;
    let zone_admin = dispatcher.unit_by_code("D03").await;
    let street = dispatcher.unit_by_code("D03S01").await;
    let seen = operator.create_ticket(&toilet_without_water()).await;

    let first = dispatcher.act(&seen, dispatch_to(zone_admin)).await;
    let second = dispatcher
        .try_act(id(&seen), version(&seen), dispatch_to(street))
        .await;
    let problem = second.problem(StatusCode::CONFLICT, "stale-version");
    assert_eq!(problem["expected_version"], version(&seen));
    assert_eq!(problem["current_version"], version(&first));

    let shown = dispatcher.ticket(id(&seen)).await;
    assert_eq!(version(&shown), version(&first));
    assert_eq!(
        shown["chain"],
        json!([zone_admin]),
        "the first action stands"
    );
}

#[tokio::test]
async fn of_two_racing_actions_on_the_same_version_exactly_one_wins() {
    let app = TestApp::spawn().await;
    let operator = app.operator().await;
    let dispatcher = app.dispatcher().await;
    let other_dispatcher = app.dispatcher().await;
    let zone_admin = dispatcher.unit_by_code("D03").await;
    let street = dispatcher.unit_by_code("D03S01").await;
    let t = operator.create_ticket(&toilet_without_water()).await;

    let (a, b) = tokio::join!(
        dispatcher.try_act(id(&t), version(&t), dispatch_to(zone_admin)),
        other_dispatcher.try_act(id(&t), version(&t), dispatch_to(street)),
    );
    let mut statuses = [a.status, b.status];
    statuses.sort();
    assert_eq!(
        statuses,
        [StatusCode::OK, StatusCode::CONFLICT],
        "{} / {}",
        a.text,
        b.text
    );
    let (won, lost) = if a.status == StatusCode::OK {
        (a, b)
    } else {
        (b, a)
    };
    let problem = lost.problem(StatusCode::CONFLICT, "stale-version");
    let shown = dispatcher.ticket(id(&t)).await;
    assert_eq!(version(&shown), version(&won.body));
    assert_eq!(problem["current_version"], version(&won.body));
    assert_eq!(shown["dispatch_count"], 1);
}

#[tokio::test]
async fn tickets_merged_into_one_master_at_the_same_moment_all_arrive() {
    let app = TestApp::spawn().await;
    let operator = app.operator().await;
    let master = operator.create_ticket(&call_from("13600004321")).await;
    let mut repeats = Vec::new();
    for _ in 0..4 {
        repeats.push(operator.create_ticket(&call_from("13600004321")).await);
    }
    let merge = json!({ "action": "merge", "master": id(&master) });
    let (a, b, c, d) = tokio::join!(
        operator.try_act(id(&repeats[0]), version(&repeats[0]), merge.clone()),
        operator.try_act(id(&repeats[1]), version(&repeats[1]), merge.clone()),
        operator.try_act(id(&repeats[2]), version(&repeats[2]), merge.clone()),
        operator.try_act(id(&repeats[3]), version(&repeats[3]), merge.clone()),
    );
    for reply in [&a, &b, &c, &d] {
        assert_eq!(reply.status, StatusCode::OK, "{}", reply.text);
        assert_eq!(state(&reply.body), "merged");
    }
    let master = operator.ticket(id(&master)).await;
    let mut merged: Vec<i64> = master["merged"]
        .as_array()
        .map(|l| l.iter().filter_map(|v| v.as_i64()).collect())
        .unwrap_or_default();
    merged.sort_unstable();
    assert_eq!(merged, repeats.iter().map(id).collect::<Vec<_>>());
    // A merge built on a version of its own ticket that moved on is still refused.
    let late = operator.create_ticket(&call_from("13600004321")).await;
    operator
        .act(
            &late,
            json!({ "action": "edit", "edit": { "subject": "公厕停水三天" } }),
        )
        .await;
    operator
        .try_act(id(&late), version(&late), merge)
        .await
        .problem(StatusCode::CONFLICT, "stale-version");
}

#[tokio::test]
async fn a_ticket_missing_five_elements_is_refused_naming_what_is_missing() {
    let app = TestApp::spawn().await;
    let operator = app.operator().await;
    let mut incomplete = toilet_without_water();
    incomplete["elements"] = json!({ "event": "公共厕所停水", "person": "来电人" });

    let r = operator.post("/api/v1/tickets", &incomplete).await;
    let problem = r.problem(StatusCode::UNPROCESSABLE_ENTITY, "missing-elements");
    assert_eq!(problem["missing"], json!(["time", "place", "demand"]));
    assert_eq!(problem["missing_zh"].as_array().map(Vec::len), Some(3));
    assert_eq!(problem["status"], 422);
    assert_eq!(operator.ticket_total().await, 0, "nothing was recorded");

    // An event time no call can have is named, on creation and on an edit.
    let mut slip = toilet_without_water();
    slip["elements"]["time"] = json!("2099-01-01T00:00:00Z");
    let problem = operator
        .post("/api/v1/tickets", &slip)
        .await
        .problem(StatusCode::UNPROCESSABLE_ENTITY, "invalid-field");
    assert_eq!(problem["field"], "elements.time");
    assert_eq!(operator.ticket_total().await, 0, "nothing was recorded");
    // A misspelt field is named, never dropped: a caller who asked for confidentiality would
    // otherwise be recorded without it.
    let mut typo = toilet_without_water();
    typo["caller"]["confidentail"] = json!(true);
    typo["categroy"] = json!("010201");
    let problem = operator
        .post("/api/v1/tickets", &typo)
        .await
        .problem(StatusCode::UNPROCESSABLE_ENTITY, "invalid-body");
    let said = problem["message_zh"].as_str().unwrap_or_default();
    assert!(
        said.contains("caller.confidentail") && said.contains("categroy"),
        "{problem}"
    );
    assert_eq!(operator.ticket_total().await, 0, "nothing was recorded");
    let t = operator.create_ticket(&toilet_without_water()).await;
    let mut elements = t["elements"].clone();
    elements["time"] = json!("1900-01-01T00:00:00Z");
    operator
        .try_act(
            id(&t),
            version(&t),
            json!({"action": "edit", "edit": {"elements": elements}}),
        )
        .await
        .problem(StatusCode::UNPROCESSABLE_ENTITY, "invalid-field");
}

#[tokio::test]
async fn an_action_the_state_does_not_allow_is_refused_naming_the_state_and_what_is_allowed() {
    let app = TestApp::spawn().await;
    let operator = app.operator().await;
    let dispatcher = app.dispatcher().await;
    let t = operator.create_ticket(&toilet_without_water()).await;

    let r = dispatcher.try_act(id(&t), version(&t), sign_for()).await;
    let problem = r.problem(StatusCode::CONFLICT, "action-not-allowed");
    assert_eq!(problem["action"], "sign_for");
    assert_eq!(problem["state"], "pending_dispatch");
    let allowed = problem["allowed_actions"]
        .as_array()
        .expect("allowed_actions");
    assert!(allowed.contains(&json!("dispatch")), "{allowed:?}");
    assert!(!allowed.contains(&json!("sign_for")));

    // A unit's action by the hotline's dispatcher is refused by role, not by state.
    let t = dispatcher
        .act(&t, dispatch_to(dispatcher.unit_by_code("D03").await))
        .await;
    dispatcher
        .try_act(id(&t), version(&t), sign_for())
        .await
        .problem(StatusCode::FORBIDDEN, "forbidden");
    assert_eq!(
        version(&dispatcher.ticket(id(&t)).await),
        version(&t),
        "refusals write nothing"
    );
}

#[tokio::test]
async fn unknown_tickets_and_routes_are_not_found() {
    let app = TestApp::spawn().await;
    let dispatcher = app.dispatcher().await;
    dispatcher
        .get("/api/v1/tickets/999999")
        .await
        .problem(StatusCode::NOT_FOUND, "not-found");
    dispatcher
        .get("/api/v1/tickets/by-number/2026030299999")
        .await
        .problem(StatusCode::NOT_FOUND, "not-found");
    dispatcher
        .try_act(999_999, 1, sign_for())
        .await
        .problem(StatusCode::NOT_FOUND, "not-found");
    dispatcher
        .get("/api/v1/no-such-thing")
        .await
        .problem(StatusCode::NOT_FOUND, "not-found");
    app.anonymous()
        .get("/no/such/page")
        .await
        .problem(StatusCode::NOT_FOUND, "not-found");
    dispatcher
        .get("/api/v1/queues/no_such_queue")
        .await
        .problem(StatusCode::NOT_FOUND, "not-found");
}

#[tokio::test]
async fn oversized_malformed_and_misshapen_bodies_are_refused_and_nothing_is_written() {
    let app = TestApp::spawn().await;
    let operator = app.operator().await;
    let dispatcher = app.dispatcher().await;
    let t = operator.create_ticket(&toilet_without_water()).await;
    let actions = format!("/api/v1/tickets/{}/actions", id(&t));

    let mut huge = toilet_without_water();
    huge["record"] = json!("停".repeat(700_000)); // 2.1 MB of UTF-8
    let r = operator.post("/api/v1/tickets", &huge).await;
    assert_eq!(
        r.status,
        StatusCode::PAYLOAD_TOO_LARGE,
        "{}",
        &r.text[..r.text.len().min(300)]
    );
    assert_eq!(r.content_type, "application/problem+json", "{}", r.text);

    operator
        .post_raw("/api/v1/tickets", "{\"channel\": \"phone\",")
        .await
        .problem(StatusCode::BAD_REQUEST, "bad-request");
    dispatcher
        .post_raw(&actions, "not json")
        .await
        .problem(StatusCode::BAD_REQUEST, "bad-request");

    let mut misshapen = toilet_without_water();
    misshapen["kind"] = json!(5);
    operator
        .post("/api/v1/tickets", &misshapen)
        .await
        .problem(StatusCode::UNPROCESSABLE_ENTITY, "invalid-body");
    // An array where an object belongs, and the other way round.
    let r = operator
        .post("/api/v1/intake/analyze", &json!([]))
        .await
        .problem(StatusCode::UNPROCESSABLE_ENTITY, "invalid-body");
    assert!(r["message_en"].to_string().contains("object"), "{r}");
    let admin = app.admin().await;
    admin
        .put("/api/v1/categories", &json!({}))
        .await
        .problem(StatusCode::UNPROCESSABLE_ENTITY, "invalid-body");
    let no_version = json!({ "action": "dispatch", "main": 1 });
    dispatcher
        .post(&actions, &no_version)
        .await
        .problem(StatusCode::UNPROCESSABLE_ENTITY, "invalid-body");
    dispatcher
        .try_act(id(&t), version(&t), json!({ "action": "fly_to_the_moon" }))
        .await
        .problem(StatusCode::UNPROCESSABLE_ENTITY, "invalid-body");
    dispatcher
        .try_act(
            id(&t),
            version(&t),
            json!({ "action": "dispatch", "main": "管委" }),
        )
        .await
        .problem(StatusCode::UNPROCESSABLE_ENTITY, "invalid-body");
    dispatcher
        .try_act(id(&t), version(&t), dispatch_to(424_242))
        .await
        .problem(StatusCode::UNPROCESSABLE_ENTITY, "invalid-field");
    // A NUL character, which no database stores in text, is named where it is.
    let mut nul = toilet_without_water();
    nul["elements"]["event"] = json!("停水\u{0}了");
    let r = operator
        .post("/api/v1/tickets", &nul)
        .await
        .problem(StatusCode::UNPROCESSABLE_ENTITY, "invalid-body");
    assert!(
        r["message_zh"].to_string().contains("elements.event"),
        "{r}"
    );
    operator
        .post("/api/v1/intake/analyze", &json!({"text": "喂\u{0}"}))
        .await
        .problem(StatusCode::UNPROCESSABLE_ENTITY, "invalid-body");
    let mut unknown_place = toilet_without_water();
    unknown_place["elements"]["place"]["street"] = json!("D99S99");
    let problem = operator
        .post("/api/v1/tickets", &unknown_place)
        .await
        .problem(StatusCode::UNPROCESSABLE_ENTITY, "invalid-field");
    assert_eq!(problem["field"], "elements.place.street");

    assert_eq!(
        operator.ticket_total().await,
        1,
        "only the first ticket exists"
    );
    let shown = dispatcher.ticket(id(&t)).await;
    assert_eq!(version(&shown), version(&t));
    assert_eq!(state(&shown), "pending_dispatch");
}

#[tokio::test]
async fn requests_without_valid_credentials_are_unauthorised() {
    let app = TestApp::spawn().await;
    let operator = app.operator().await;
    let t = operator.create_ticket(&toilet_without_water()).await;
    let anonymous = app.anonymous();

    anonymous
        .get("/api/v1/tickets")
        .await
        .problem(StatusCode::UNAUTHORIZED, "unauthenticated");
    anonymous
        .get("/api/v1/me")
        .await
        .problem(StatusCode::UNAUTHORIZED, "unauthenticated");
    anonymous
        .post("/api/v1/tickets", &toilet_without_water())
        .await
        .problem(StatusCode::UNAUTHORIZED, "unauthenticated");
    anonymous
        .try_act(id(&t), version(&t), dispatch_to(1))
        .await
        .problem(StatusCode::UNAUTHORIZED, "unauthenticated");
    let forged = reqwest::Client::new()
        .get(anonymous.url("/api/v1/tickets"))
        .bearer_auth("not-a-real-token")
        .send()
        .await
        .expect("a response");
    assert_eq!(forged.status(), StatusCode::UNAUTHORIZED);
    anonymous
        .post(
            "/api/v1/session",
            &json!({ "username": "demo-operator", "password": "wrong-password" }),
        )
        .await
        .problem(StatusCode::UNAUTHORIZED, "bad-credentials");

    assert_eq!(operator.ticket_total().await, 1);
    assert_eq!(version(&operator.ticket(id(&t)).await), version(&t));
}

#[tokio::test]
async fn a_tickets_place_is_one_chain_and_an_edit_is_checked_like_a_creation() {
    let app = TestApp::spawn().await;
    let operator = app.operator().await;

    // A community alone: its street and district are filled in from the gazetteer.
    let mut call = toilet_without_water();
    call["elements"]["place"] = json!({"community": "D03S01C01", "address": "海滨公园南门"});
    call["caller"]["phone"] = json!("+86 138-1234-5678");
    let made = operator.create_ticket(&call).await;
    let place = &made["elements"]["place"];
    assert_eq!(
        (place["district"].clone(), place["street"].clone()),
        (json!("D03"), json!("D03S01")),
        "{place}"
    );
    assert_eq!(made["caller"]["phone"], json!("13812345678"));
    let found = operator
        .post(
            "/api/v1/intake/analyze",
            &json!({"text": "门口垃圾没人清", "phone": "138 1234 5678", "place": {"community": "D03S01C01"}}),
        )
        .await
        .expect(StatusCode::OK);
    assert_eq!(
        found["place"]["district"],
        json!("D03"),
        "{}",
        found["place"]
    );
    let same_phone: Vec<i64> = found["repeats"]["same_phone"]
        .as_array()
        .map(|a| a.iter().filter_map(|t| t["id"].as_i64()).collect())
        .unwrap_or_default();
    assert_eq!(
        same_phone,
        [id(&made)],
        "the number as typed finds the caller's ticket"
    );

    // A number still being typed does not stop the analysis (the emergency screen with it).
    operator
        .post(
            "/api/v1/intake/analyze",
            &json!({"text": "有人打架,快来", "phone": "13"}),
        )
        .await
        .expect(StatusCode::OK);

    // Levels from different districts, or a code of the wrong level, are refused by field.
    for (place, field) in [
        (
            json!({"district": "D01", "community": "D03S01C01"}),
            "elements.place.community",
        ),
        (
            json!({"district": "D01", "street": "D03S01"}),
            "elements.place.street",
        ),
        (json!({"street": "D03S01C01"}), "elements.place.street"),
        // Half a coordinate is no point on the map.
        (
            json!({"address": "海滨公园南门", "lng": 119.5}),
            "elements.place.lat",
        ),
        (
            json!({"address": "海滨公园南门", "lat": 35.4}),
            "elements.place.lng",
        ),
    ] {
        let mut call = toilet_without_water();
        call["elements"]["place"] = place.clone();
        let refused = operator
            .post("/api/v1/tickets", &call)
            .await
            .problem(StatusCode::UNPROCESSABLE_ENTITY, "invalid-field");
        assert_eq!(refused["field"], json!(field), "{place}: {refused}");
    }
    let refused = operator
        .post(
            "/api/v1/intake/analyze",
            &json!({"text": "门口垃圾没人清", "place": {"district": "D01", "street": "D03S01"}}),
        )
        .await
        .problem(StatusCode::UNPROCESSABLE_ENTITY, "invalid-field");
    assert_eq!(refused["field"], json!("place.street"), "{refused}");

    // A phone that is no number, and texts past their limits.
    let mut call = toilet_without_water();
    call["caller"]["phone"] = json!("abc");
    let refused = operator
        .post("/api/v1/tickets", &call)
        .await
        .problem(StatusCode::UNPROCESSABLE_ENTITY, "invalid-field");
    assert_eq!(refused["field"], json!("caller.phone"), "{refused}");
    let mut call = toilet_without_water();
    call["subject"] = json!("长".repeat(201));
    let refused = operator
        .post("/api/v1/tickets", &call)
        .await
        .problem(StatusCode::UNPROCESSABLE_ENTITY, "invalid-field");
    assert_eq!(refused["field"], json!("subject"), "{refused}");

    // An edit at intake passes the same checks, and a refused edit changes nothing.
    let mut draft = toilet_without_water();
    draft["draft"] = json!(true);
    let draft = operator.create_ticket(&draft).await;
    let mut elements = draft["elements"].clone();
    for (edit, field) in [
        (json!({"category": "999999"}), "category"),
        (
            json!({"elements": {"place": {"district": "ZZZ"}}}),
            "elements.place.district",
        ),
        (
            json!({"elements": {"place": {"street": "D03S01C01"}}}),
            "elements.place.street",
        ),
        (json!({"caller": {"phone": "abc"}}), "caller.phone"),
        (json!({"record": "长".repeat(20_001)}), "record"),
    ] {
        let mut edit = edit;
        if let Some(place) = edit["elements"]["place"].as_object().cloned() {
            elements["place"] = json!(place);
            edit["elements"] = elements.clone();
        }
        let refused = operator
            .try_act(
                id(&draft),
                version(&draft),
                json!({"action": "edit", "edit": edit}),
            )
            .await
            .problem(StatusCode::UNPROCESSABLE_ENTITY, "invalid-field");
        assert_eq!(refused["field"], json!(field), "{refused}");
    }
    // Half a coordinate is refused also where the place's codes stay as they were.
    let mut half = draft["elements"].clone();
    half["place"]["lng"] = json!(119.5);
    let refused = operator
        .try_act(
            id(&draft),
            version(&draft),
            json!({"action": "edit", "edit": {"elements": half}}),
        )
        .await
        .problem(StatusCode::UNPROCESSABLE_ENTITY, "invalid-field");
    assert_eq!(refused["field"], json!("elements.place.lat"), "{refused}");
    let kept = operator.ticket(id(&draft)).await;
    assert_eq!(kept["version"], draft["version"], "nothing was written");
    let mut moved = draft["elements"].clone();
    moved["place"] = json!({"community": "D03S01C02"});
    let edited = operator
        .act(
            &draft,
            json!({"action": "edit", "edit": {"elements": moved}}),
        )
        .await;
    assert_eq!(
        edited["elements"]["place"]["street"],
        json!("D03S01"),
        "{edited}"
    );
}

#[tokio::test]
async fn a_method_a_path_does_not_take_is_refused_as_a_problem_naming_the_allowed_ones() {
    let app = TestApp::spawn().await;
    let operator = app.operator().await;
    for (method, path) in [
        (reqwest::Method::GET, "/api/v1/intake/analyze"),
        (reqwest::Method::DELETE, "/api/v1/intake/analyze"),
        (reqwest::Method::POST, "/api/v1/places"),
    ] {
        let r = operator
            .http
            .request(method.clone(), operator.url(path))
            .send()
            .await
            .expect("sending");
        let allow = r.headers().get("allow").cloned();
        let refused = Reply::read(r)
            .await
            .problem(StatusCode::METHOD_NOT_ALLOWED, "method-not-allowed");
        assert!(
            refused["message_zh"]
                .as_str()
                .is_some_and(|m| !m.is_empty()),
            "{method} {path}: {refused}"
        );
        assert!(allow.is_some(), "{method} {path}: no Allow header");
    }
}

#[tokio::test]
async fn a_ticket_goes_only_to_units_that_handle_tickets_and_a_return_names_another_unit() {
    let app = TestApp::spawn().await;
    let operator = app.operator().await;
    let dispatcher = app.dispatcher().await;
    let t = operator.create_ticket(&toilet_without_water()).await;
    let centre = dispatcher.unit_by_code("CENTRE").await;
    let community = dispatcher.unit_by_code("D03S01C01").await;
    let street = dispatcher.unit_by_code("D03S01").await;
    let zone = app.zone().await;
    for (command, field) in [
        (dispatch_to(centre), "main"),
        (dispatch_to(community), "main"),
        (
            json!({ "action": "dispatch", "main": street, "assisting": [centre] }),
            "assisting",
        ),
        (
            json!({ "action": "dispatch", "main": street, "assisting": [zone.unit(), zone.unit()] }),
            "assisting",
        ),
    ] {
        let p = dispatcher
            .try_act(id(&t), version(&t), command.clone())
            .await
            .problem(StatusCode::UNPROCESSABLE_ENTITY, "invalid-field");
        assert_eq!(p["field"], json!(field), "{command}: {p}");
    }
    assert_eq!(state(&dispatcher.ticket(id(&t)).await), "pending_dispatch");

    let t = dispatcher.act(&t, dispatch_to(zone.unit())).await;
    let p = zone
        .try_act(
            id(&t),
            version(&t),
            json!({ "action": "request_return", "reason": "不属本单位职责", "suggested_unit": zone.unit() }),
        )
        .await
        .problem(StatusCode::UNPROCESSABLE_ENTITY, "invalid-field");
    assert_eq!(p["field"], json!("suggested_unit"), "{p}");
    assert_eq!(state(&zone.ticket(id(&t)).await), "dispatched");
}
