//! Whole lives of a ticket, from the call to closed.
use reqwest::StatusCode;
use serde_json::{json, Value};

use crate::support::*;

fn clock<'a>(ticket: &'a Value, kind: &str) -> &'a Value {
    ticket["clock_status"]
        .as_array()
        .expect("the ticket view's clocks")
        .iter()
        .find(|c| c["kind"] == kind)
        .unwrap_or_else(|| panic!("no {kind} clock in {}", ticket["clock_status"]))
}

#[tokio::test]
async fn a_public_toilet_without_water_goes_through_the_zone_admin_and_its_bureau_to_closed() {
    let app = TestApp::spawn().await;
    let operator = app.operator().await;
    let dispatcher = app.dispatcher().await;
    let zone = app.zone().await;
    let bureau = app.bureau().await;
    let reviewer = app.reviewer().await;
    let visit_agent = app.visit_agent().await;

    // 09:35 the operator records the call with the five elements.
    let t = operator.create_ticket(&toilet_without_water()).await;
    assert_eq!(state(&t), "pending_dispatch");
    assert_eq!(t["number"], "2026030200001", "the day's first ticket");
    assert_eq!(t["category"], PUBLIC_TOILET);
    assert_eq!(t["tier"], "D3", "the category's deadline tier");
    assert_eq!(t["elements"]["place"]["street"], "D03S01");
    let operator_may = t["available_actions"].as_array().unwrap();
    assert!(operator_may.contains(&json!("edit")), "{operator_may:?}");
    assert!(
        !operator_may.contains(&json!("dispatch")),
        "dispatching is not the operator's: {operator_may:?}"
    );
    assert!(
        t["clock_status"].as_array().unwrap().is_empty(),
        "no clock runs before dispatch"
    );
    let mut versions = vec![version(&t)];

    // The dispatcher sends it to the zone admin (管委).
    let zone_admin = dispatcher.unit_by_code("D03").await;
    assert_eq!(zone.unit(), zone_admin, "demo-zone works at the 管委");
    let before = dispatcher.ticket(id(&t)).await;
    assert!(before["available_actions"]
        .as_array()
        .unwrap()
        .contains(&json!("dispatch")));
    let t = dispatcher.act(&before, dispatch_to(zone_admin)).await;
    assert_eq!(state(&t), "dispatched");
    assert!(
        t["main_unit_name"].as_str().unwrap().contains("管委"),
        "{}",
        t["main_unit_name"]
    );
    assert_eq!(t["chain"], json!([zone_admin]));
    let handling = clock(&t, "handling");
    assert!(
        handling["due_at"].is_string(),
        "the handling clock has a deadline: {handling}"
    );
    assert_eq!(handling["running"], true);
    assert_eq!(handling["colour"], "green");
    assert_eq!(clock(&t, "sign_for")["running"], true);
    assert_eq!(clock(&t, "return_window")["running"], true);
    versions.push(version(&t));

    // The 管委 signs for it and sub-dispatches to its bureau.
    let t = zone.act(&t, sign_for()).await;
    assert_eq!(state(&t), "processing");
    assert_eq!(clock(&t, "sign_for")["running"], false);
    versions.push(version(&t));
    let t = zone
        .act(&t, json!({ "action": "sub_dispatch", "to": bureau.unit(), "note": "请综合执法局核实处理" }))
        .await;
    assert_eq!(state(&t), "dispatched");
    assert_eq!(t["chain"], json!([zone_admin, bureau.unit()]));
    assert!(
        t["holder_name"].as_str().unwrap().contains("执法"),
        "{}",
        t["holder_name"]
    );
    versions.push(version(&t));

    // The bureau signs for it and replies to the 管委, which holds the ticket again.
    let t = bureau.act(&t, sign_for()).await;
    assert_eq!(state(&t), "processing");
    versions.push(version(&t));
    let t = bureau
        .act(
            &t,
            reply("经核实，该公厕因供水管道检修停水，已于当日恢复供水并完成保洁。"),
        )
        .await;
    assert_eq!(state(&t), "processing");
    assert_eq!(t["chain"], json!([zone_admin]));
    assert_eq!(t["reply"]["unit"], json!(bureau.unit()));
    assert!(
        t["holder_name"].as_str().unwrap().contains("管委"),
        "{}",
        t["holder_name"]
    );
    assert_eq!(
        clock(&t, "handling")["running"],
        true,
        "the hotline has no answer yet"
    );
    versions.push(version(&t));

    // The 管委 refines the reply and answers the hotline.
    let t = zone
        .act(&t, reply("经管委协调综合执法局核实，该公厕停水系供水管道检修所致，现已恢复供水，已电话告知来电人。"))
        .await;
    assert_eq!(state(&t), "pending_review");
    assert_eq!(t["reply"]["unit"], json!(zone_admin));
    assert_eq!(
        clock(&t, "handling")["running"],
        false,
        "the reply stops the handling clock"
    );
    versions.push(version(&t));

    // Review, a smart return visit, close.
    let t = reviewer.act(&t, review_pass()).await;
    assert_eq!(state(&t), "pending_visit");
    assert_eq!(clock(&t, "visit")["running"], true);
    versions.push(version(&t));
    let t = visit_agent.act(&t, visit("smart", "satisfied")).await;
    assert_eq!(state(&t), "visited");
    assert_eq!(t["visits"].as_array().unwrap().len(), 1);
    versions.push(version(&t));
    let t = visit_agent.act(&t, close()).await;
    assert_eq!(state(&t), "closed");
    assert!(t["closed_at"].is_string());
    versions.push(version(&t));
    assert!(
        versions.windows(2).all(|w| w[0] < w[1]),
        "every action moves the version on: {versions:?}"
    );

    let shown = dispatcher.ticket(id(&t)).await;
    assert_eq!(state(&shown), "closed");
    assert_eq!(version(&shown), version(&t));
    assert_eq!(shown["dispatch_count"], 1);
    assert_eq!(shown["return_count"], 0);

    // The timeline tells the story step by step, with who did what.
    let timeline = dispatcher
        .get(&format!("/api/v1/tickets/{}/timeline", id(&t)))
        .await
        .expect(StatusCode::OK);
    let events = timeline["events"].as_array().expect("timeline events");
    let story: Vec<(String, String)> = events
        .iter()
        .filter(|e| e["event"]["type"] != "clock_set")
        .map(|e| {
            (
                e["event"]["type"].as_str().unwrap().to_string(),
                e["actor"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    let step = |ty: &str, who: &Client| (ty.to_string(), who.display_name());
    assert_eq!(
        story,
        vec![
            step("created", &operator),
            step("submitted", &operator),
            step("dispatched", &dispatcher),
            step("signed_for", &zone),
            step("sub_dispatched", &zone),
            step("signed_for", &bureau),
            step("replied", &bureau),
            step("replied", &zone),
            step("review_passed", &reviewer),
            step("visited", &visit_agent),
            step("closed", &visit_agent),
        ]
    );
    assert_eq!(operator.display_name(), "受理员小王");
    assert_eq!(zone.display_name(), "管委承办人吴刚");
    let numbers: Vec<u64> = events
        .iter()
        .map(|e| e["version"].as_u64().unwrap())
        .collect();
    assert_eq!(
        numbers,
        (1..=version(&t)).collect::<Vec<_>>(),
        "one timeline entry per version"
    );
    assert!(events
        .iter()
        .all(|e| e["label"].as_str().is_some_and(|l| !l.is_empty())));
}

#[tokio::test]
async fn a_ticket_view_names_each_field_once() {
    let app = TestApp::spawn().await;
    let operator = app.operator().await;
    let dispatcher = app.dispatcher().await;
    let t = operator.create_ticket(&toilet_without_water()).await;
    dispatcher
        .act(&t, dispatch_to(dispatcher.unit_by_code("D03").await))
        .await;
    let r = dispatcher.get(&format!("/api/v1/tickets/{}", id(&t))).await;
    assert_eq!(r.status, StatusCode::OK);
    // JSON parsers disagree on repeated keys (most keep the last, some refuse the document).
    assert_eq!(
        first_repeated_key(&r.text),
        None,
        "the ticket view repeats a key: {}",
        r.text
    );
}

/// The first key that appears twice at the top level of a JSON object.
fn first_repeated_key(json: &str) -> Option<String> {
    use serde::de::{Deserializer, MapAccess, Visitor};
    struct Keys<'a>(&'a mut std::collections::HashSet<String>);
    impl<'de> Visitor<'de> for Keys<'_> {
        type Value = Option<String>;
        fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
            f.write_str("an object")
        }
        fn visit_map<M: MapAccess<'de>>(self, mut map: M) -> Result<Self::Value, M::Error> {
            let mut repeated = None;
            while let Some(k) = map.next_key::<String>()? {
                map.next_value::<serde::de::IgnoredAny>()?;
                if !self.0.insert(k.clone()) && repeated.is_none() {
                    repeated = Some(k);
                }
            }
            Ok(repeated)
        }
    }
    let mut seen = std::collections::HashSet::new();
    let mut de = serde_json::Deserializer::from_str(json);
    de.deserialize_map(Keys(&mut seen)).expect("a JSON object")
}

#[tokio::test]
async fn an_unsatisfied_caller_gets_a_manual_visit_and_the_unit_handles_the_ticket_again() {
    let app = TestApp::spawn().await;
    let operator = app.operator().await;
    let dispatcher = app.dispatcher().await;
    let zone = app.zone().await;
    let reviewer = app.reviewer().await;
    let visit_agent = app.visit_agent().await;

    let t = operator.create_ticket(&toilet_without_water()).await;
    let zone_admin = zone.unit();
    let t = dispatcher.act(&t, dispatch_to(zone_admin)).await;
    let t = zone.act(&t, sign_for()).await;
    let t = zone.act(&t, reply("已安排人员检修，恢复供水。")).await;
    let t = reviewer.act(&t, review_pass()).await;
    assert_eq!(state(&t), "pending_visit");

    // The smart visit finds the caller unsatisfied: a person must call.
    let t = visit_agent.act(&t, visit("smart", "unsatisfied")).await;
    assert_eq!(state(&t), "pending_visit");
    assert_eq!(t["needs_manual_visit"], true);
    let again = visit_agent
        .try_act(id(&t), version(&t), visit("smart", "unsatisfied"))
        .await;
    let problem = again.problem(StatusCode::UNPROCESSABLE_ENTITY, "invalid-field");
    assert_eq!(problem["field"], "method");

    // The manual visit confirms it; closing is refused, the ticket goes back to the unit.
    let t = visit_agent.act(&t, visit("manual", "unsatisfied")).await;
    assert_eq!(state(&t), "visited");
    assert_eq!(t["needs_manual_visit"], false);
    visit_agent
        .try_act(id(&t), version(&t), close())
        .await
        .problem(StatusCode::FORBIDDEN, "forbidden");
    let t = visit_agent
        .act(
            &t,
            json!({ "action": "rehandle", "reason": "来电人表示公厕仍然停水，不满意" }),
        )
        .await;
    assert_eq!(state(&t), "processing");
    assert_eq!(t["rehandle_count"], 1);
    assert_eq!(t["reply"], Value::Null, "the old reply no longer stands");
    assert_eq!(t["chain"], json!([zone_admin]));
    assert_eq!(
        clock(&t, "handling")["running"],
        true,
        "a fresh handling clock"
    );

    // The unit handles it again; this time the caller is satisfied.
    let t = zone
        .act(
            &t,
            reply("已更换损坏的进水阀，公厕恢复正常供水，已当面告知来电人。"),
        )
        .await;
    assert_eq!(state(&t), "pending_review");
    let t = reviewer.act(&t, review_pass()).await;
    assert_eq!(state(&t), "pending_visit");
    let t = visit_agent.act(&t, visit("smart", "satisfied")).await;
    assert_eq!(state(&t), "visited");
    let t = visit_agent.act(&t, close()).await;
    assert_eq!(state(&t), "closed");
    assert_eq!(t["visits"].as_array().unwrap().len(), 3);
    assert_eq!(t["rehandle_count"], 1);
    assert_eq!(version(&dispatcher.ticket(id(&t)).await), version(&t));
}
