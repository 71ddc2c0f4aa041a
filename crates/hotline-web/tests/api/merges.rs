//! Merged tickets (并单) over HTTP: the unit handling the master reads the other callers'
//! tickets and files; the master's approved answer reaches every merged caller, who is visited
//! on it, and an unsatisfied one goes back to the unit alone; a master screened out takes its
//! merged tickets with it.
use reqwest::StatusCode;
use serde_json::{json, Value};

use crate::attachments::{orange_pixel_png, upload};
use crate::support::*;

fn merge_into(master: &Value) -> Value {
    json!({ "action": "merge", "master": id(master), "note": "同一事项" })
}

/// `master` dispatched to the zone, which signs for it and replies, and the reply approved.
async fn answered_by_the_zone(app: &TestApp, master: &Value, result: &str) -> Value {
    let zone = app.zone().await;
    let master = (app.dispatcher().await)
        .act(master, dispatch_to(zone.unit()))
        .await;
    let master = zone.act(&master, sign_for()).await;
    let master = zone.act(&master, reply(result)).await;
    app.reviewer().await.act(&master, review_pass()).await
}

#[tokio::test]
async fn merged_callers_are_answered_with_the_master_and_visited_each() {
    let app = TestApp::spawn().await;
    let operator = app.operator().await;
    let dispatcher = app.dispatcher().await;
    let reviewer = app.reviewer().await;
    let visitor = app.visit_agent().await;
    let zone = app.zone().await;
    let other = app.other_unit().await;

    let master = operator.create_ticket(&call_from("13600001111")).await;
    let second = operator.create_ticket(&confidential_call()).await;
    let photo = upload(
        &operator,
        id(&second),
        version(&second),
        "现场.png",
        "image/png",
        orange_pixel_png(),
    )
    .await
    .expect(StatusCode::CREATED);
    let second = operator.act(&photo, merge_into(&master)).await;
    assert_eq!(state(&second), "merged");
    // A third caller merged into the merged one is pointed to its master, in both languages.
    let third = operator.create_ticket(&call_from("13600002222")).await;
    let p = operator
        .try_act(id(&third), version(&third), merge_into(&second))
        .await
        .problem(StatusCode::UNPROCESSABLE_ENTITY, "invalid-field");
    let number = master["number"].as_str().unwrap();
    assert!(
        p["message_zh"]
            .as_str()
            .unwrap()
            .contains(&format!("已并入工单 {number},请并入该单"))
            && p["message_en"]
                .as_str()
                .unwrap()
                .contains(&format!("merge into its master {number}")),
        "{p}"
    );

    // It waits for the master's answer: not archived meanwhile.
    let shift_lead = app.login("demo-shiftlead").await;
    let p = shift_lead
        .try_act(
            id(&second),
            version(&second),
            json!({ "action": "archive" }),
        )
        .await
        .problem(StatusCode::UNPROCESSABLE_ENTITY, "invalid-field");
    assert!(p.to_string().contains("等待主工单"), "{p}");
    let offered = shift_lead.ticket(id(&second)).await["available_actions"].clone();
    assert_eq!(offered, json!(["unmerge"]), "archiving is not offered");
    let master = dispatcher
        .act(
            &operator.ticket(id(&master)).await,
            dispatch_to(zone.unit()),
        )
        .await;
    // The unit handling the master reads the other caller's ticket, masked, and the photo.
    let seen = zone.ticket(id(&second)).await;
    assert_eq!(seen["caller"]["phone"], "138****5678", "{seen}");
    assert_eq!(seen["available_actions"], json!([]));
    let file = seen["attachments"][0]["id"].as_i64().expect("the photo");
    let got = zone.get(&format!("/api/v1/attachments/{file}")).await;
    assert_eq!(got.status, StatusCode::OK, "{}", got.text);
    // Another unit does not.
    other
        .get(&format!("/api/v1/tickets/{}", id(&second)))
        .await
        .problem(StatusCode::FORBIDDEN, "forbidden");
    other
        .get(&format!("/api/v1/attachments/{file}"))
        .await
        .problem(StatusCode::FORBIDDEN, "forbidden");

    let master = zone.act(&master, sign_for()).await;
    let master = zone.act(&master, reply("已恢复公共厕所供水")).await;
    // Not before the review: the reply may yet be sent back.
    assert_eq!(state(&operator.ticket(id(&second)).await), "merged");
    let master = reviewer.act(&master, review_pass()).await;
    assert_eq!(state(&master), "pending_visit");

    let second = operator.ticket(id(&second)).await;
    assert_eq!(state(&second), "pending_visit", "{second}");
    assert_eq!(second["reply"]["result"], "已恢复公共厕所供水");
    assert_eq!(second["merged_into"], json!(id(&master)));
    assert_eq!(second["main_unit_name"], master["main_unit_name"]);
    let to_visit = visitor.listed_ids("/api/v1/queues/to_visit").await;
    assert!(
        to_visit.contains(&id(&master)) && to_visit.contains(&id(&second)),
        "each caller is visited: {to_visit:?}"
    );
    // The history says where the answer came from.
    let timeline = operator
        .get(&format!("/api/v1/tickets/{}/timeline", id(&second)))
        .await
        .expect(StatusCode::OK);
    assert!(timeline.to_string().contains("随主单答复"), "{timeline}");

    // A third caller on the same matter, merged now, is answered at once.
    let third = operator.create_ticket(&call_from("13600003333")).await;
    let third = operator.act(&third, merge_into(&master)).await;
    assert_eq!(state(&third), "pending_visit", "{third}");
    // One that took the master's answer is no master itself: merges stay one level deep.
    let fourth = operator.create_ticket(&call_from("13600004444")).await;
    let p = operator
        .try_act(id(&fourth), version(&fourth), merge_into(&second))
        .await
        .problem(StatusCode::UNPROCESSABLE_ENTITY, "invalid-field");
    let number = master["number"].as_str().unwrap_or_default();
    assert!(p.to_string().contains(number), "{p}");
    assert_eq!(third["reply"]["result"], "已恢复公共厕所供水");
    // Merged by mistake into the answered master and taken out before any visit: back to
    // dispatch on its own, without the master's answer, and off the master's list.
    let wrong = operator.create_ticket(&call_from("13600005555")).await;
    let wrong = operator.act(&wrong, merge_into(&master)).await;
    assert_eq!(state(&wrong), "pending_visit");
    let wrong = operator
        .act(
            &wrong,
            json!({ "action": "unmerge", "reason": "是另一处公厕" }),
        )
        .await;
    assert_eq!(state(&wrong), "pending_dispatch", "{wrong}");
    assert!(
        wrong["reply"].is_null() && wrong["merged_into"].is_null(),
        "{wrong}"
    );
    // The zone never had it: not in its lists (searches), nor readable.
    let listed = zone.listed_ids("/api/v1/tickets?limit=200").await;
    assert!(!listed.contains(&id(&wrong)), "{listed:?}");
    zone.get(&format!("/api/v1/tickets/{}", id(&wrong)))
        .await
        .problem(StatusCode::FORBIDDEN, "forbidden");

    // The master's caller is satisfied and closed; the second is not and goes back to the zone
    // alone; the third is satisfied.
    let master = operator.ticket(id(&master)).await;
    assert_eq!(master["merged"], json!([id(&second), id(&third)]));
    let master = visitor.act(&master, visit("smart", "satisfied")).await;
    visitor.act(&master, close()).await;
    let second = visitor.act(&second, visit("manual", "unsatisfied")).await;
    let second = visitor
        .act(
            &second,
            json!({ "action": "rehandle", "reason": "厕所仍然停水" }),
        )
        .await;
    // New to the zone: it signs for it first, and finds it in its queue.
    assert_eq!(state(&second), "dispatched");
    // Handled again on its own, it has left the master, whose list loses it in the same write:
    // a new call on its matter now merges into it, not into the master that has closed.
    assert!(second["merged_into"].is_null(), "{second}");
    assert_eq!(
        operator.ticket(id(&master)).await["merged"],
        json!([id(&third)])
    );
    let fifth = operator.create_ticket(&call_from("13600006666")).await;
    let fifth = operator.act(&fifth, merge_into(&second)).await;
    assert_eq!(
        (state(&fifth), &fifth["merged_into"]),
        ("merged", &json!(id(&second)))
    );
    let second = operator.ticket(id(&second)).await;
    assert!(zone
        .listed_ids("/api/v1/queues/to_sign_for")
        .await
        .contains(&id(&second)));
    let second = zone.act(&second, sign_for()).await;
    let second = zone.act(&second, reply("已更换进水阀,供水正常")).await;
    assert_eq!(state(&second), "pending_review");
    let third = visitor.act(&third, visit("smart", "satisfied")).await;
    let third = visitor.act(&third, close()).await;
    assert_eq!(state(&third), "closed");
    assert_eq!(state(&operator.ticket(id(&master)).await), "closed");

    // Reopened, the third is handled on its own: off the master's list, and a master itself.
    let supervisor = app.login("demo-supervisor").await;
    let third = supervisor
        .act(
            &third,
            json!({ "action": "reopen", "reason": "来电人反映仍未解决" }),
        )
        .await;
    assert_eq!(state(&third), "pending_dispatch", "{third}");
    assert!(third["merged_into"].is_null(), "{third}");
    assert_eq!(operator.ticket(id(&master)).await["merged"], json!([]));
    let sixth = operator.create_ticket(&call_from("13600007777")).await;
    let sixth = operator.act(&sixth, merge_into(&third)).await;
    assert_eq!(sixth["merged_into"], json!(id(&third)), "{sixth}");
}

#[tokio::test]
async fn a_master_not_accepted_takes_its_merged_tickets_with_it() {
    let app = TestApp::spawn().await;
    let operator = app.operator().await;
    let master = operator.create_ticket(&call_from("13600001111")).await;
    let second = operator.create_ticket(&call_from("13600002222")).await;
    operator.act(&second, merge_into(&master)).await;
    operator
        .act(
            &operator.ticket(id(&master)).await,
            json!({
                "action": "not_accept",
                "reason": "litigation",
                "channel_told": "向人民法院提起诉讼"
            }),
        )
        .await;
    let second = operator.ticket(id(&second)).await;
    assert_eq!(state(&second), "not_accepted", "{second}");
    let timeline = operator
        .get(&format!("/api/v1/tickets/{}/timeline", id(&second)))
        .await
        .expect(StatusCode::OK);
    let number = master["number"].as_str().expect("a number");
    assert!(
        timeline.to_string().contains(&format!("随主单 {number}")),
        "{timeline}"
    );
}

#[tokio::test]
async fn a_wrong_merge_is_undone_and_the_masters_answer_no_longer_reaches_it() {
    let app = TestApp::spawn().await;
    let operator = app.operator().await;
    let dispatcher = app.dispatcher().await;
    let zone = app.zone().await;
    let master = operator.create_ticket(&call_from("13600001111")).await;
    let second = operator.create_ticket(&call_from("13600002222")).await;
    let second = operator.act(&second, merge_into(&master)).await;
    let unmerge = |reason: &str| json!({ "action": "unmerge", "reason": reason });
    dispatcher
        .try_act(id(&second), version(&second), unmerge(""))
        .await
        .problem(StatusCode::UNPROCESSABLE_ENTITY, "invalid-field");
    zone.try_act(id(&second), version(&second), unmerge("并错"))
        .await
        .problem(StatusCode::FORBIDDEN, "forbidden");
    let second = dispatcher.act(&second, unmerge("不是同一事项")).await;
    assert_eq!(state(&second), "pending_dispatch");
    assert_eq!(second["merged_into"], Value::Null);
    let master = operator.ticket(id(&master)).await;
    assert_eq!(master["merged"], json!([]));

    answered_by_the_zone(&app, &master, "已恢复供水").await;
    let second = operator.ticket(id(&second)).await;
    assert_eq!(state(&second), "pending_dispatch", "{second}");
    assert_eq!(second["reply"], Value::Null);
    // Nor does the unit read it any more.
    zone.get(&format!("/api/v1/tickets/{}", id(&second)))
        .await
        .problem(StatusCode::FORBIDDEN, "forbidden");
}

#[tokio::test]
async fn merged_consultations_count_as_their_master_in_the_instant_answer_rate() {
    let app = TestApp::spawn().await;
    let operator = app.operator().await;
    let admin = app.admin().await;
    let path = "/api/v1/knowledge/figures?from=2026-03-02&to=2026-03-02&bucket=day";
    let counts = |f: &Value| {
        (
            f["total"]["consultations"].as_u64().unwrap_or_default(),
            f["total"]["consultations_answered"]
                .as_u64()
                .unwrap_or_default(),
        )
    };
    let before = counts(&admin.get(path).await.expect(StatusCode::OK));
    let mut question = call_from("13600001111");
    question["kind"] = json!("consultation");
    let master = operator.create_ticket(&question).await;
    for phone in ["13600002222", "13600003333", "13600004444"] {
        question["caller"]["phone"] = json!(phone);
        let t = operator.create_ticket(&question).await;
        operator.act(&t, merge_into(&master)).await;
    }
    let master = operator.ticket(id(&master)).await;
    operator
        .act(
            &master,
            json!({ "action": "direct_answer", "answer": "公共厕所每天6:00至22:00开放" }),
        )
        .await;
    let after = counts(&admin.get(path).await.expect(StatusCode::OK));
    assert_eq!(
        (after.0 - before.0, after.1 - before.1),
        (1, 1),
        "four callers, one matter answered on the spot"
    );
}

#[tokio::test]
async fn a_merge_into_the_ticket_a_unit_is_handling_does_not_turn_its_reply_away() {
    let app = TestApp::spawn().await;
    let operator = app.operator().await;
    let dispatcher = app.dispatcher().await;
    let zone = app.zone().await;
    let master = operator.create_ticket(&call_from("13600001111")).await;
    let master = dispatcher.act(&master, dispatch_to(zone.unit())).await;
    let seen = zone.act(&master, sign_for()).await;
    // A burst of repeat calls while the unit writes its reply.
    for phone in ["13600002222", "13600003333"] {
        let t = operator.create_ticket(&call_from(phone)).await;
        operator.act(&t, merge_into(&seen)).await;
    }
    let replied = zone.act(&seen, reply("已恢复供水")).await;
    assert_eq!(state(&replied), "pending_review");
    assert_eq!(replied["merged"].as_array().map(Vec::len), Some(2));
    // Anything else since is still a conflict.
    let r = zone
        .try_act(
            id(&seen),
            version(&seen),
            json!({ "action": "progress", "note": "x" }),
        )
        .await;
    assert_eq!(r.status, StatusCode::CONFLICT, "{}", r.text);
}

#[tokio::test]
async fn a_ticket_handled_again_and_merged_elsewhere_leaves_its_first_masters_list() {
    let app = TestApp::spawn().await;
    let operator = app.operator().await;
    let visitor = app.visit_agent().await;
    let first = operator.create_ticket(&call_from("13600001111")).await;
    let child = operator.create_ticket(&call_from("13600002222")).await;
    operator.act(&child, merge_into(&first)).await;
    operator
        .act(
            &operator.ticket(id(&first)).await,
            json!({ "action": "direct_answer", "answer": "停水将于今晚恢复" }),
        )
        .await;
    let child = operator.ticket(id(&child)).await;
    assert_eq!(state(&child), "pending_visit");
    let child = visitor.act(&child, visit("manual", "unsatisfied")).await;
    let child = visitor
        .act(
            &child,
            json!({ "action": "rehandle", "reason": "仍未恢复" }),
        )
        .await;
    assert_eq!(state(&child), "pending_dispatch");
    // It left the first master as it was handled again on its own.
    assert_eq!(operator.ticket(id(&first)).await["merged"], json!([]));
    let second = operator.create_ticket(&call_from("13600003333")).await;
    operator.act(&child, merge_into(&second)).await;
    assert_eq!(operator.ticket(id(&first)).await["merged"], json!([]));
    assert_eq!(
        operator.ticket(id(&second)).await["merged"],
        json!([id(&child)])
    );
    // The first master's history says it was taken out at the re-handling.
    let timeline = operator
        .get(&format!("/api/v1/tickets/{}/timeline", id(&first)))
        .await
        .expect(StatusCode::OK);
    let released: Vec<&Value> = timeline["events"]
        .as_array()
        .expect("timeline events")
        .iter()
        .map(|e| &e["event"])
        .filter(|e| e["type"] == "merge_released")
        .collect();
    assert_eq!(
        released,
        [&json!({ "type": "merge_released", "child": id(&child) })],
        "{timeline}"
    );
}

#[tokio::test]
async fn a_repeat_found_once_dispatched_leaves_its_unit_and_is_answered_with_the_master() {
    let app = TestApp::spawn().await;
    let operator = app.operator().await;
    let dispatcher = app.dispatcher().await;
    let reviewer = app.reviewer().await;
    let zone = app.zone().await;
    let other = app.other_unit().await;

    let master = operator.create_ticket(&call_from("13600001111")).await;
    let master = dispatcher.act(&master, dispatch_to(zone.unit())).await;
    // The same matter from another caller went its own way, to another unit, which signed.
    let second = operator.create_ticket(&call_from("13600002222")).await;
    let second = dispatcher.act(&second, dispatch_to(other.unit())).await;
    let second = other.act(&second, sign_for()).await;
    assert!(other
        .listed_ids("/api/v1/queues/processing")
        .await
        .contains(&id(&second)));

    // Merging it ends the unit's work: the reason is required, and said to the unit.
    let p = dispatcher
        .try_act(
            id(&second),
            version(&second),
            json!({ "action": "merge", "master": id(&master), "note": "" }),
        )
        .await
        .problem(StatusCode::UNPROCESSABLE_ENTITY, "invalid-field");
    assert!(p.to_string().contains("note"), "{p}");
    let second = dispatcher
        .act(
            &second,
            json!({ "action": "merge", "master": id(&master), "note": "与主单同一事项" }),
        )
        .await;
    assert_eq!(state(&second), "merged");
    assert!(!other
        .listed_ids("/api/v1/queues/processing")
        .await
        .contains(&id(&second)));
    let seen = other.ticket(id(&second)).await;
    assert_eq!(seen["available_actions"], json!([]), "{seen}");
    let timeline = other
        .get(&format!("/api/v1/tickets/{}/timeline", id(&second)))
        .await
        .expect(StatusCode::OK);
    assert!(
        timeline.to_string().contains("与主单同一事项"),
        "{timeline}"
    );
    // The master's unit reads it, and its answer is this caller's.
    zone.ticket(id(&second)).await;
    let master = zone.act(&master, sign_for()).await;
    let master = zone.act(&master, reply("已修复破损路面")).await;
    reviewer.act(&master, review_pass()).await;
    let second = operator.ticket(id(&second)).await;
    assert_eq!(state(&second), "pending_visit", "{second}");
    assert_eq!(second["reply"]["result"], "已修复破损路面");
    assert_eq!(second["main_unit_name"], master["main_unit_name"]);
}

#[tokio::test]
async fn a_merge_across_first_level_categories_needs_a_reason() {
    let app = TestApp::spawn().await;
    let operator = app.operator().await;
    let master = operator.create_ticket(&call_from("13600001111")).await;
    let mut other = call_from("13600002222");
    other["category"] = json!("0401");
    let second = operator.create_ticket(&other).await;
    // Blanks, invisible characters or punctuation say nothing.
    for blank in [" ", "\u{200b}\u{feff}", "。。。"] {
        let p = operator
            .try_act(
                id(&second),
                version(&second),
                json!({ "action": "merge", "master": id(&master), "note": blank }),
            )
            .await
            .problem(StatusCode::UNPROCESSABLE_ENTITY, "invalid-field");
        assert!(p.to_string().contains("类别不同"), "{p}");
        // Each language gets its own half of the reason.
        let zh = p["message_zh"].as_str().unwrap_or_default();
        assert!(!zh.contains(" / ") && !zh.contains("say why"), "{p}");
    }
    assert_eq!(
        state(&operator.ticket(id(&second)).await),
        "pending_dispatch"
    );
    let second = operator
        .act(
            &second,
            json!({ "action": "merge", "master": id(&master), "note": "同一厕所,来电人所选类别有误" }),
        )
        .await;
    assert_eq!(state(&second), "merged");
    // Within one first level, none is needed.
    let third = operator.create_ticket(&call_from("13600003333")).await;
    let third = operator
        .act(&third, json!({ "action": "merge", "master": id(&master) }))
        .await;
    assert_eq!(state(&third), "merged");
}

#[tokio::test]
async fn a_merge_across_places_needs_a_reason() {
    let app = TestApp::spawn().await;
    let operator = app.operator().await;
    let master = operator.create_ticket(&call_from("13600001111")).await;
    let mut elsewhere = call_from("13600002222");
    elsewhere["elements"]["place"] =
        json!({"district": "D03", "street": "D03S01", "community": "D03S01C02"});
    let second = operator.create_ticket(&elsewhere).await;
    let p = operator
        .try_act(
            id(&second),
            version(&second),
            json!({ "action": "merge", "master": id(&master) }),
        )
        .await
        .problem(StatusCode::UNPROCESSABLE_ENTITY, "invalid-field");
    assert_eq!(p["field"], json!("note"), "{p}");
    assert!(
        p["message_zh"].as_str().is_some_and(|m| m.contains("地点")),
        "{p}"
    );
    let second = operator
        .act(
            &second,
            json!({ "action": "merge", "master": id(&master), "note": "同一处工地,两个社区都能听到" }),
        )
        .await;
    assert_eq!(state(&second), "merged");
    // A ticket naming only the street of the master's community is at that place.
    let mut street_only = call_from("13600003333");
    street_only["elements"]["place"] = json!({"district": "D03", "street": "D03S01"});
    let third = operator.create_ticket(&street_only).await;
    let merge = json!({ "action": "merge", "master": id(&master) });
    assert_eq!(state(&operator.act(&third, merge).await), "merged");
}

#[tokio::test]
async fn two_masters_of_one_matter_become_one_and_every_caller_is_answered() {
    let app = TestApp::spawn().await;
    let operator = app.operator().await;
    let first = operator.create_ticket(&call_from("13600001111")).await;
    let mut firsts = vec![];
    for phone in ["13600002222", "13600003333"] {
        let child = operator.create_ticket(&call_from(phone)).await;
        firsts.push(operator.act(&child, merge_into(&first)).await);
    }
    let second = operator.create_ticket(&call_from("13600004444")).await;
    let own = operator.create_ticket(&call_from("13600005555")).await;
    let own = operator.act(&own, merge_into(&second)).await;
    // The second master is with a unit already.
    let dispatcher = app.dispatcher().await;
    let zone = app.zone().await;
    let second = dispatcher
        .act(
            &operator.ticket(id(&second)).await,
            dispatch_to(zone.unit()),
        )
        .await;
    zone.get(&format!("/api/v1/tickets/{}", id(&firsts[0])))
        .await
        .problem(StatusCode::FORBIDDEN, "forbidden");

    // A master is not merged into a ticket merged into it: that is the other way round.
    let first = operator.ticket(id(&first)).await;
    let p = operator
        .try_act(id(&first), version(&first), merge_into(&firsts[0]))
        .await
        .problem(StatusCode::UNPROCESSABLE_ENTITY, "invalid-field");
    assert!(
        p["message_en"].as_str().unwrap().contains("other way"),
        "{p}"
    );

    // The first master goes into the second, and its merged tickets with it.
    let merged = operator.act(&first, merge_into(&second)).await;
    assert_eq!(state(&merged), "merged");
    assert_eq!(merged["merged"], json!([]));
    let second = operator.ticket(id(&second)).await;
    assert_eq!(
        second["merged"],
        json!([id(&own), id(&first), id(&firsts[0]), id(&firsts[1])])
    );
    for child in &firsts {
        let child = operator.ticket(id(child)).await;
        assert_eq!(state(&child), "merged");
        assert_eq!(child["merged_into"], json!(id(&second)));
        // Its history says how it came to the second master.
        let timeline = operator
            .get(&format!("/api/v1/tickets/{}/timeline", id(&child)))
            .await
            .expect(StatusCode::OK);
        let note = format!("随原主单 {} 改并", first["number"].as_str().unwrap());
        assert!(timeline.to_string().contains(&note), "{timeline}");
    }

    // The unit handling the second master reads the callers that came with the first.
    let seen = zone.ticket(id(&firsts[0])).await;
    assert_eq!(seen["merged_into"], json!(id(&second)), "{seen}");

    // One answer reaches all four callers.
    let reviewer = app.reviewer().await;
    let second = zone.act(&second, sign_for()).await;
    let second = zone.act(&second, reply("已恢复公共厕所供水")).await;
    reviewer.act(&second, review_pass()).await;
    for t in [&own, &first, &firsts[0], &firsts[1]] {
        let t = operator.ticket(id(t)).await;
        assert_eq!(state(&t), "pending_visit", "{}", t["number"]);
    }
}

#[tokio::test]
async fn a_master_whose_merged_callers_took_its_answer_is_not_merged_elsewhere() {
    let app = TestApp::spawn().await;
    let operator = app.operator().await;
    let visitor = app.visit_agent().await;
    let master = operator.create_ticket(&call_from("13600001111")).await;
    let child = operator.create_ticket(&call_from("13600002222")).await;
    operator.act(&child, merge_into(&master)).await;
    let master = operator.ticket(id(&master)).await;
    let master = answered_by_the_zone(&app, &master, "已恢复公共厕所供水").await;
    // The master's caller is not satisfied: it is handled again, while the merged caller has
    // the first answer and waits for a visit on it.
    let master = visitor.act(&master, visit("manual", "unsatisfied")).await;
    let master = visitor
        .act(
            &master,
            json!({ "action": "rehandle", "reason": "仍未恢复" }),
        )
        .await;
    assert_ne!(state(&master), "pending_visit");
    let child = operator.ticket(id(&child)).await;
    assert_eq!(state(&child), "pending_visit");

    let other = operator.create_ticket(&call_from("13600003333")).await;
    let p = operator
        .try_act(id(&master), version(&master), merge_into(&other))
        .await
        .problem(StatusCode::UNPROCESSABLE_ENTITY, "invalid-field");
    assert!(
        p["message_zh"]
            .as_str()
            .unwrap()
            .contains(child["number"].as_str().unwrap()),
        "{p}"
    );
    // Nothing was written.
    assert_eq!(operator.ticket(id(&other)).await["merged"], json!([]));
    assert_eq!(
        operator.ticket(id(&master)).await["version"],
        master["version"]
    );
}

#[tokio::test]
async fn a_domain_refusal_speaks_each_language_in_its_own_message() {
    let app = TestApp::spawn().await;
    let operator = app.operator().await;
    let ticket = operator.create_ticket(&call_from("13600001111")).await;
    let p = operator
        .try_act(
            id(&ticket),
            version(&ticket),
            json!({ "action": "merge", "master": id(&ticket) }),
        )
        .await
        .problem(StatusCode::UNPROCESSABLE_ENTITY, "invalid-field");
    assert_eq!(p["field"], json!("master"), "{p}");
    assert_eq!(
        p["message_zh"],
        json!("字段 master(主单) 不正确:不能并入自身"),
        "{p}"
    );
    assert_eq!(
        p["message_en"],
        json!("invalid master: cannot merge a ticket into itself"),
        "{p}"
    );
}
