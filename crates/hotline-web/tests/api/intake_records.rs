//! What intake suggested, stored with the ticket: the analysis the operator saw is kept with
//! the ticket made from it (once, for its own operator, and only when it was of that ticket's
//! text), and read back against what was done.
use reqwest::StatusCode;
use serde_json::{json, Value};

use crate::analyze::draft;
use crate::support::*;

/// A fresh analysis of `draft()` by `who`: its id.
async fn analysis(who: &Client) -> String {
    who.post("/api/v1/intake/analyze", &draft())
        .await
        .expect(StatusCode::OK)["analysis_id"]
        .as_str()
        .expect("an analysis id")
        .to_string()
}

/// Where the intake record stored with `ticket` came from: `analyze`, `create` (worked out
/// at creation: without a model, the units the responsibility list gives the ticket's category
/// at its place), or `none` (no record: nothing to suggest).
async fn source(app: &TestApp, ticket: &Value) -> String {
    let id = hotline_domain::ticket::TicketId(ticket["id"].as_i64().expect("an id"));
    let records = app
        .app
        .store
        .intake_records(&[id])
        .await
        .expect("intake records");
    records.first().map_or("none".into(), |(_, r)| {
        r.body["source"].as_str().unwrap_or_default().to_string()
    })
}

#[tokio::test]
async fn an_analysis_is_stored_with_its_own_operators_ticket_once_even_after_a_refusal() {
    let app = TestApp::spawn().await;
    let operator = app.operator().await;
    // Refused (no channel), then sent again right: the analysis is still there.
    let id = analysis(&operator).await;
    let mut new = toilet_without_water();
    new["analysis_id"] = json!(id);
    let mut broken = new.clone();
    broken["channel"] = Value::Null;
    operator
        .post("/api/v1/tickets", &broken)
        .await
        .problem(StatusCode::UNPROCESSABLE_ENTITY, "invalid-field");
    let ticket = operator.create_ticket(&new).await;
    assert_eq!(source(&app, &ticket).await, "analyze");
    // Used once: a second ticket with the same id gets its own suggestion.
    let again = operator.create_ticket(&new).await;
    assert_eq!(source(&app, &again).await, "create");

    // Another person's analysis is not stored with this operator's ticket.
    let lead = app.login("demo-shiftlead").await;
    new["analysis_id"] = json!(analysis(&lead).await);
    let theirs = operator.create_ticket(&new).await;
    assert_eq!(source(&app, &theirs).await, "create");

    // Something that is not an analysis id at all is refused.
    for bad in ["not-an-id", "", &"a".repeat(500)] {
        new["analysis_id"] = json!(bad);
        operator
            .post("/api/v1/tickets", &new)
            .await
            .problem(StatusCode::UNPROCESSABLE_ENTITY, "invalid-field");
    }
}

#[tokio::test]
async fn creations_racing_with_one_analysis_store_it_with_one_ticket() {
    let app = TestApp::spawn().await;
    let operator = app.operator().await;
    let mut new = toilet_without_water();
    new["analysis_id"] = json!(analysis(&operator).await);
    let create = || operator.create_ticket(&new);
    let (a, b, c, d) = tokio::join!(create(), create(), create(), create());
    let tickets = [a, b, c, d];
    let mut sources = Vec::new();
    for t in &tickets {
        sources.push(source(&app, t).await);
    }
    let from_analysis = sources.iter().filter(|s| *s == "analyze").count();
    assert_eq!(from_analysis, 1, "{sources:?}");
}

#[tokio::test]
async fn an_analysis_of_another_text_is_not_stored_and_the_stored_one_is_read_back() {
    let app = TestApp::spawn().await;
    let operator = app.operator().await;
    // The analysis of another call (a street light) is not the toilet ticket's.
    let mut other = draft();
    other["subject"] = json!("幸福里社区路灯不亮");
    other["text"] = json!("来电人反映：东城街道幸福里社区12号楼前的路灯已经连续一周不亮，夜间出行不便，希望尽快维修。");
    let light = operator
        .post("/api/v1/intake/analyze", &other)
        .await
        .expect(StatusCode::OK)["analysis_id"]
        .clone();
    let mut new = toilet_without_water();
    new["analysis_id"] = light.clone();
    let ticket = operator.create_ticket(&new).await;
    assert_eq!(source(&app, &ticket).await, "create");
    // What was worked out for it is for the category it was filed under, as the intake
    // screen suggests units once a category is chosen.
    let path = format!("/api/v1/tickets/{}/intake-suggestion", id(&ticket));
    let worked_out = operator.get(&path).await.expect(StatusCode::OK);
    assert!(!worked_out["unit"].is_null(), "{worked_out}");
    assert_eq!(worked_out["source"], json!("create"), "{worked_out}");
    // Without a category (nor a model), nothing is suggested and nothing stored.
    let mut uncategorised = toilet_without_water();
    uncategorised["category"] = Value::Null;
    let ticket = operator.create_ticket(&uncategorised).await;
    assert_eq!(source(&app, &ticket).await, "none");
    let path = format!("/api/v1/tickets/{}/intake-suggestion", id(&ticket));
    let p = operator
        .get(&path)
        .await
        .problem(StatusCode::NOT_FOUND, "not-found");
    assert!(
        p["message_zh"]
            .as_str()
            .is_some_and(|m| m.contains("系统建议")),
        "{p}"
    );
    // Not used, that analysis is still there for its own call.
    let mut light_call = toilet_without_water();
    light_call["subject"] = other["subject"].clone();
    light_call["record"] = other["text"].clone();
    light_call["elements"]["event"] = json!("幸福里社区12号楼前路灯连续一周不亮");
    light_call["elements"]["demand"] = json!("尽快维修路灯");
    light_call["elements"]["person"] = json!("来电人");
    light_call["analysis_id"] = light;
    let lit = operator.create_ticket(&light_call).await;
    assert_eq!(source(&app, &lit).await, "analyze");

    // The toilet's own analysis, with the subject retyped after it, is.
    new["analysis_id"] = json!(analysis(&operator).await);
    new["subject"] = json!("海滨公园南门厕所停水");
    let ticket = operator.create_ticket(&new).await;
    assert_eq!(source(&app, &ticket).await, "analyze");
    let path = format!("/api/v1/tickets/{}/intake-suggestion", id(&ticket));
    let stored = operator.get(&path).await.expect(StatusCode::OK);
    assert_eq!(stored["source"], json!("analyze"), "{stored}");
    assert_eq!(
        stored["detail"]["analysis_id"], new["analysis_id"],
        "{stored}"
    );
    // The five elements as read are kept beside what was recorded, to measure extraction by.
    let found = &stored["detail"]["elements"];
    assert_eq!(
        found["times"][0]["text"],
        json!("昨天晚上十点多"),
        "{found}"
    );
    assert!(found["times"][0]["value"].is_object(), "{found}");
    assert!(found["place"]["road"].is_string(), "{found}");
    assert!(
        found["event"].as_str().is_some_and(|e| e.contains("停水")),
        "{found}"
    );
    assert!(
        found["demand"].as_str().is_some_and(|d| d.contains("恢复")),
        "{found}"
    );
    // Nothing dispatched yet: whether the unit was followed is not known.
    assert!(stored["unit_followed"].is_null(), "{stored}");
    assert!(
        stored["detail"]["scope"]["accept"]
            .as_bool()
            .unwrap_or(false),
        "{stored}"
    );
    // Units do not see how the centre decided; an unknown ticket is not found.
    app.zone()
        .await
        .get(&path)
        .await
        .problem(StatusCode::FORBIDDEN, "forbidden");
    operator
        .get("/api/v1/tickets/999999/intake-suggestion")
        .await
        .problem(StatusCode::NOT_FOUND, "not-found");
}

/// The street-light call an operator may turn a saved toilet draft into.
fn light_edit() -> Value {
    json!({
        "subject": "幸福里社区路灯不亮",
        "record": "来电人反映：东城街道幸福里社区12号楼前的路灯已经连续一周不亮，夜间出行不便，希望尽快维修。",
        "elements": {
            "time": "2026-03-02T01:20:00Z",
            "place": {"district": "D03", "street": "D03S01", "community": "D03S01C01", "address": "幸福里社区12号楼前"},
            "person": "来电人及小区居民",
            "event": "幸福里社区12号楼前路灯连续一周不亮",
            "demand": "尽快维修路灯"
        }
    })
}

#[tokio::test]
async fn a_draft_edited_into_another_call_is_stored_with_that_calls_suggestion() {
    let app = TestApp::spawn_with_history(300).await;
    let admin = app.admin().await;
    admin
        .post(
            "/api/v1/route/models",
            &json!({ "level": 1, "min_examples": 3 }),
        )
        .await
        .expect(StatusCode::CREATED);
    let operator = app.operator().await;
    let stored = |t: &Value| {
        let path = format!("/api/v1/tickets/{}/intake-suggestion", id(t));
        let operator = &operator;
        async move { operator.get(&path).await.expect(StatusCode::OK) }
    };
    let mut new = toilet_without_water();
    new["draft"] = json!(true);
    new["analysis_id"] = json!(analysis(&operator).await);
    let t = operator.create_ticket(&new).await;
    let analysed = stored(&t).await;
    assert_eq!(analysed["source"], json!("analyze"), "{analysed}");

    // Words added to the same call keep the analysis the operator saw.
    let more = format!(
        "{}来电人称已停水两天。",
        new["record"].as_str().unwrap_or_default()
    );
    let t = operator
        .act(&t, json!({ "action": "edit", "edit": { "record": more } }))
        .await;
    assert_eq!(stored(&t).await, analysed);

    // Turned into another call, the ticket is stored with what is suggested for that call.
    let t = operator
        .act(&t, json!({ "action": "edit", "edit": light_edit() }))
        .await;
    let now = stored(&t).await;
    assert_eq!(now["source"], json!("edit"), "{now}");
    assert!(now["category"].is_string(), "{now}");
    assert_ne!(now["category"], analysed["category"], "{now}");
    assert!(now["detail"]["analysis_id"].is_null(), "{now}");

    // A ticket already dispatched keeps what its first dispatch is measured against, however
    // it is edited after a unit's return.
    new["draft"] = json!(false);
    new["analysis_id"] = json!(analysis(&operator).await);
    let t = operator.create_ticket(&new).await;
    let before = stored(&t).await;
    let dispatcher = app.dispatcher().await;
    let zone = app.zone().await;
    let t = dispatcher.act(&t, dispatch_to(zone.unit())).await;
    let t = zone
        .act(
            &t,
            json!({ "action": "request_return", "reason": "不属本单位职责" }),
        )
        .await;
    let t = dispatcher
        .act(
            &t,
            json!({ "action": "decide_return", "approve": true, "note": "同意" }),
        )
        .await;
    let t = operator
        .act(&t, json!({ "action": "edit", "edit": light_edit() }))
        .await;
    assert_eq!(state(&t), "pending_dispatch");
    let after = stored(&t).await;
    assert_eq!(after["detail"], before["detail"]);
    assert_eq!(after["source"], json!("analyze"));
}
