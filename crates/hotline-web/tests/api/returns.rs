//! Returns (退单): a unit gives back a ticket outside its remit within one working day.
use chrono::TimeDelta;
use reqwest::StatusCode;
use serde_json::{json, Value};

use crate::support::*;

#[tokio::test]
async fn a_unit_returns_a_ticket_within_the_window_and_the_hotline_dispatches_it_elsewhere() {
    let app = TestApp::spawn().await;
    let operator = app.operator().await;
    let dispatcher = app.dispatcher().await;
    let zone = app.zone().await;
    let street = dispatcher.unit_by_code("D03S01").await;

    let t = operator.create_ticket(&toilet_without_water()).await;
    let t = dispatcher.act(&t, dispatch_to(zone.unit())).await;
    let t = zone
        .act(&t, json!({ "action": "request_return", "reason": "该公厕由海韵街道负责日常管理，不属本单位职责", "suggested_unit": street }))
        .await;
    assert_eq!(state(&t), "return_requested");
    assert_eq!(t["return_request"]["unit"], json!(zone.unit()));
    assert_eq!(t["return_request"]["suggested_unit"], json!(street));
    assert_eq!(t["return_request"]["from"], "dispatched");
    // The responsibility list names the zone admin for public toilets in the zone, so the list
    // does not support this return: the dispatcher sees that before deciding.
    assert_eq!(t["return_check"]["unit_is_responsible"], json!(true));
    assert_eq!(
        t["return_check"]["responsible_units"][0],
        json!(zone.unit())
    );
    assert!(t["return_check"]["list_version"].as_i64().unwrap_or(0) >= 1);
    assert!(dispatcher
        .listed_ids("/api/v1/queues/return_requests")
        .await
        .contains(&id(&t)));

    let t = dispatcher
        .act(
            &t,
            json!({ "action": "decide_return", "approve": true, "note": "同意，改派街道" }),
        )
        .await;
    assert_eq!(state(&t), "pending_dispatch");
    assert_eq!(t["chain"], json!([]));
    assert_eq!(t["return_request"], Value::Null);
    assert_eq!(t["return_count"], 1);
    assert!(
        t["clock_status"].as_array().unwrap().is_empty(),
        "no clock runs while the hotline holds it: {}",
        t["clock_status"]
    );
    // Dispatched again: the list still names the zone, but the centre agreed the ticket is not
    // its own; the street the zone named comes first, with the zone's words.
    let path = format!("/api/v1/tickets/{}/unit-suggestions", id(&t));
    let suggested = dispatcher.get(&path).await.expect(StatusCode::OK);
    let units = suggested.as_array().expect("suggestions");
    assert_eq!(units[0]["unit"], json!(street), "{suggested}");
    let why = units[0]["reasons"][0].as_str().unwrap_or_default();
    assert!(
        why.contains("退单时建议由该单位办理") && why.contains("海韵街道负责日常管理"),
        "{why}"
    );
    assert!(
        units.iter().all(|u| u["unit"] != json!(zone.unit())),
        "the unit that returned it is not suggested again: {suggested}"
    );

    let t = dispatcher.act(&t, dispatch_to(street)).await;
    assert_eq!(state(&t), "dispatched");
    assert_eq!(t["chain"], json!([street]));
    assert_eq!(t["dispatch_count"], 2);
    assert_eq!(t["return_count"], 1);
    assert!(
        t["main_unit_name"].as_str().unwrap().contains("海韵街道"),
        "{}",
        t["main_unit_name"]
    );
    let shown = dispatcher.ticket(id(&t)).await;
    assert_eq!(version(&shown), version(&t));
    assert_eq!(state(&shown), "dispatched");

    // The zone gave it back: it still sees what became of the ticket, and no longer acts on it.
    let seen = zone.ticket(id(&t)).await;
    assert_eq!(
        seen["available_actions"],
        json!([]),
        "{}",
        seen["available_actions"]
    );
    let refused = zone
        .try_act(
            id(&t),
            version(&t),
            json!({ "action": "progress", "note": "已安排保洁" }),
        )
        .await
        .problem(StatusCode::FORBIDDEN, "forbidden");
    assert!(
        refused["detail"]
            .as_str()
            .unwrap_or_default()
            .contains("不在本单位办理"),
        "{refused}"
    );
    // Nor is it the zone's work: urged now, it is in the 催办 queue, but not the zone's.
    let t = dispatcher
        .act(&t, json!({ "action": "urge", "note": "请尽快恢复供水" }))
        .await;
    assert_eq!(t["urge_count"], 1);
    let urged = "/api/v1/queues/urged";
    assert!(dispatcher.listed_ids(urged).await.contains(&id(&t)));
    assert!(!zone.listed_ids(urged).await.contains(&id(&t)));
    assert!(zone.listed_ids("/api/v1/tickets").await.contains(&id(&t)));
}

#[tokio::test]
async fn a_return_after_the_one_working_day_window_is_refused() {
    let app = TestApp::spawn().await;
    let operator = app.operator().await;
    let dispatcher = app.dispatcher().await;
    let zone = app.zone().await;

    // Monday 09:00: dispatched; the window closes after one working day.
    let t = operator.create_ticket(&toilet_without_water()).await;
    let t = dispatcher.act(&t, dispatch_to(zone.unit())).await;

    // Wednesday: well past it. The old session has expired by the server's clock too.
    app.advance(TimeDelta::days(2));
    zone.get(&format!("/api/v1/tickets/{}", id(&t)))
        .await
        .problem(StatusCode::UNAUTHORIZED, "unauthenticated");
    let zone = app.zone().await;
    let dispatcher = app.dispatcher().await;
    let r = zone
        .try_act(
            id(&t),
            version(&t),
            json!({ "action": "request_return", "reason": "不属本单位职责" }),
        )
        .await;
    let problem = r.problem(StatusCode::CONFLICT, "return-window-expired");
    assert!(problem["closed_at"].is_string(), "{problem}");

    let shown = dispatcher.ticket(id(&t)).await;
    assert_eq!(state(&shown), "dispatched");
    assert_eq!(version(&shown), version(&t), "a refusal writes nothing");
    assert_eq!(shown["return_count"], 0);
}

/// An extension (延期) is offered to decide only once a unit asked for one, and a unit is
/// offered to ask only while no request of its waits.
#[tokio::test]
async fn an_extension_is_offered_to_decide_only_once_a_unit_asked_for_one() {
    let app = TestApp::spawn().await;
    let operator = app.operator().await;
    let dispatcher = app.dispatcher().await;
    let zone = app.zone().await;
    let offered = |t: &Value, action: &str| {
        t["available_actions"]
            .as_array()
            .is_some_and(|a| a.contains(&json!(action)))
    };

    let t = operator.create_ticket(&toilet_without_water()).await;
    let t = dispatcher.act(&t, dispatch_to(zone.unit())).await;
    let t = zone.act(&t, sign_for()).await;
    assert!(offered(&zone.ticket(id(&t)).await, "request_extension"));
    let seen = dispatcher.ticket(id(&t)).await;
    assert!(
        !offered(&seen, "decide_extension"),
        "{}",
        seen["available_actions"]
    );
    let t = dispatcher
        .act(
            &t,
            json!({ "action": "suspend", "reason": "等待供水公司检修管网" }),
        )
        .await;
    assert_eq!(state(&t), "suspended");
    assert!(!offered(
        &dispatcher.ticket(id(&t)).await,
        "decide_extension"
    ));
    let t = dispatcher
        .act(&t, json!({ "action": "resume", "note": "管网已修复" }))
        .await;

    let t = zone
        .act(
            &t,
            json!({ "action": "request_extension", "working_days": 3, "reason": "需更换水泵" }),
        )
        .await;
    assert!(!offered(&zone.ticket(id(&t)).await, "request_extension"));
    assert!(offered(
        &dispatcher.ticket(id(&t)).await,
        "decide_extension"
    ));
    let t = dispatcher
        .act(
            &t,
            json!({ "action": "decide_extension", "approve": true, "note": "同意延期" }),
        )
        .await;
    assert!(!offered(
        &dispatcher.ticket(id(&t)).await,
        "decide_extension"
    ));
    assert!(offered(&zone.ticket(id(&t)).await, "request_extension"));

    // A request still waiting when the unit replies ends with the reply: the review sends the
    // ticket back, and the unit may ask again on the new round.
    let t = zone
        .act(
            &t,
            json!({ "action": "request_extension", "working_days": 2, "reason": "等配件" }),
        )
        .await;
    let t = zone.act(&t, reply("已更换水泵,供水恢复")).await;
    assert!(t["extension_request"].is_null(), "{t}");
    let t = app
        .reviewer()
        .await
        .act(
            &t,
            json!({ "action": "review_send_back", "reason": "未写明回访电话" }),
        )
        .await;
    assert_eq!(state(&t), "processing", "{t}");
    assert!(offered(&zone.ticket(id(&t)).await, "request_extension"));
    assert!(!offered(
        &dispatcher.ticket(id(&t)).await,
        "decide_extension"
    ));
}
