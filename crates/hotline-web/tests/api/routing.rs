//! Routing models: a model trained on the centre's closed tickets suggests categories and units
//! with reasons in the intake analysis; what it suggested is stored with the ticket and counted
//! in the routing figures; models are versioned and roll back; bad routing requests are refused.
use reqwest::StatusCode;
use serde_json::json;

use crate::analyze::{draft, strings};
use crate::support::*;

/// Tickets of demo history the model learns from.
const HISTORY: usize = 1500;

#[tokio::test]
async fn a_model_trained_on_history_suggests_categories_and_units_and_its_suggestion_is_stored_and_counted(
) {
    let app = TestApp::spawn_with_history(HISTORY).await;
    let admin = app.admin().await;
    let operator = app.operator().await;

    // Before any model: units still come from the responsibility list for a chosen category.
    let mut chosen = draft();
    chosen["category"] = json!(PUBLIC_TOILET);
    let a = operator
        .post("/api/v1/intake/analyze", &chosen)
        .await
        .expect(StatusCode::OK);
    assert!(
        a["routing"]["categories"]
            .as_array()
            .is_some_and(Vec::is_empty),
        "{a}"
    );
    assert!(a["routing"]["model_version"].is_null());
    let unit = &a["routing"]["units"][0];
    assert!(
        strings(&unit["reasons"])
            .iter()
            .any(|r| r.contains("职责清单")),
        "{unit}"
    );

    // Train on the closed tickets of the history. Asked twice at once, one trains and the
    // other is told to wait.
    let train = json!({ "note": "第一版" });
    let (one, two) = tokio::join!(
        admin.post("/api/v1/route/models", &train),
        admin.post("/api/v1/route/models", &train)
    );
    let (done, busy) = if one.status == StatusCode::CREATED {
        (one, two)
    } else {
        (two, one)
    };
    let p = busy.problem(StatusCode::CONFLICT, "conflict");
    assert!(p.to_string().contains("正在训练"), "{p}");
    let report = done.expect(StatusCode::CREATED);
    let v1 = report["model"]["version"].as_i64().expect("a version");
    assert!(
        report["model"]["active"].as_bool().unwrap_or(false),
        "{report}"
    );
    assert!(report["classes"].as_u64().unwrap_or(0) >= 5, "{report}");
    assert!(report["tickets"].as_u64().unwrap_or(0) >= 500, "{report}");
    let f1 = report["holdout"]["macro_f1"]
        .as_f64()
        .expect("held-out figures");
    assert!(
        f1 > 0.5,
        "the model learned the demo's categories: {report}"
    );

    let a = operator
        .post("/api/v1/intake/analyze", &draft())
        .await
        .expect(StatusCode::OK);
    let r = &a["routing"];
    assert_eq!(r["model_version"], json!(v1));
    let categories = r["categories"].as_array().expect("categories");
    assert!(!categories.is_empty() && categories.len() <= 5, "{r}");
    let first = &categories[0];
    let code = first["code"].as_str().expect("a category code");
    assert!(
        PUBLIC_TOILET.starts_with(code),
        "the toilet call is classified under 公共厕所管理's branch, got {first}"
    );
    let confidence = first["confidence"].as_f64().unwrap_or(-1.0);
    assert!((0.0..=1.0).contains(&confidence), "{first}");
    let sum: f64 = r["top_level"]
        .as_array()
        .expect("first levels")
        .iter()
        .filter_map(|c| c["confidence"].as_f64())
        .sum();
    assert!(sum <= 1.01, "{r}");
    assert!(!r["terms"].as_array().expect("terms").is_empty(), "{r}");
    let units = r["units"].as_array().expect("units");
    assert!(!units.is_empty() && units.len() <= 3, "{r}");
    // Nothing the model knows: no category (the model's priors are no reading), no unit.
    let nonsense = operator
        .post(
            "/api/v1/intake/analyze",
            &json!({ "text": "xyzzy qwfp zxcv" }),
        )
        .await
        .expect(StatusCode::OK);
    let r = &nonsense["routing"];
    assert_eq!(
        (r["categories"].clone(), r["units"].clone()),
        (json!([]), json!([])),
        "{r}"
    );
    // The same call with someone lying hurt: a transfer to 120, not a dispatch. The categories
    // stay; units come back once the operator chooses one.
    let mut hurt = draft();
    hurt["text"] = json!(format!(
        "{}现在厕所门口有人摔倒了，躺在地上不动。",
        draft()["text"].as_str().unwrap_or_default()
    ));
    let e = operator
        .post("/api/v1/intake/analyze", &hurt)
        .await
        .expect(StatusCode::OK);
    assert!(
        !e["scope"]["emergency"].as_array().is_none_or(Vec::is_empty),
        "{}",
        e["scope"]
    );
    assert_eq!(
        (
            e["routing"]["units"].clone(),
            e["routing"]["units_withheld"].clone()
        ),
        (json!([]), json!("emergency")),
        "{}",
        e["routing"]
    );
    assert!(e["routing"]["categories"]
        .as_array()
        .is_some_and(|c| !c.is_empty()));
    hurt["category"] = json!(PUBLIC_TOILET);
    let chosen = operator
        .post("/api/v1/intake/analyze", &hurt)
        .await
        .expect(StatusCode::OK);
    assert!(
        chosen["routing"]["units"]
            .as_array()
            .is_some_and(|u| !u.is_empty())
            && chosen["routing"]["units_withheld"].is_null(),
        "{}",
        chosen["routing"]
    );
    for u in units {
        assert!(
            !strings(&u["reasons"]).is_empty(),
            "every unit says why: {u}"
        );
        assert!(u["name"].as_str().is_some_and(|n| !n.is_empty()));
    }
    let all_reasons: Vec<String> = units.iter().flat_map(|u| strings(&u["reasons"])).collect();
    assert!(
        all_reasons.iter().any(|r| r.contains("历史")),
        "history speaks too: {all_reasons:?}"
    );

    // The other parts of the screen.
    assert_eq!(a["scope"]["accept"], json!(true), "{}", a["scope"]);
    assert!(!a["elements"]["times"].as_array().expect("times").is_empty());
    assert!(!strings(&a["elements"]["missing"]).contains(&"place".to_string()));
    assert!(a["repeats"]["same_phone"].is_array());
    assert!(a["knowledge"].is_array());
    let analysis_id = a["analysis_id"]
        .as_str()
        .expect("an analysis id")
        .to_string();

    // Created with the analysis, dispatched to the suggested unit: the figures count it (the
    // demo history has tickets of today too: compare before and after).
    let today = "2026-03-02";
    let figures_path = format!("/api/v1/route/figures?from={today}&to={today}&bucket=day");
    let before = admin.get(&figures_path).await.expect(StatusCode::OK)["total"].clone();
    let suggested_unit = units[0]["unit"].as_i64().expect("a unit id");
    let mut new = toilet_without_water();
    new["analysis_id"] = json!(analysis_id);
    new["category"] = json!(PUBLIC_TOILET);
    let ticket = operator.create_ticket(&new).await;
    let dispatcher = app.dispatcher().await;
    // At dispatch the same units are suggested for the ticket's category and place, with why.
    let path = format!("/api/v1/tickets/{}/unit-suggestions", id(&ticket));
    let at_dispatch = dispatcher.get(&path).await.expect(StatusCode::OK);
    let listed = at_dispatch.as_array().expect("suggestions");
    assert!(!listed.is_empty() && listed.len() <= 3, "{at_dispatch}");
    assert_eq!(
        listed[0]["unit"].as_i64(),
        Some(suggested_unit),
        "{at_dispatch}"
    );
    let reasons: Vec<String> = listed.iter().flat_map(|u| strings(&u["reasons"])).collect();
    assert!(
        reasons.iter().any(|r| r.contains("职责清单")),
        "{reasons:?}"
    );
    assert!(reasons.iter().any(|r| r.contains("历史")), "{reasons:?}");
    app.zone()
        .await
        .get(&path)
        .await
        .problem(StatusCode::FORBIDDEN, "forbidden");
    dispatcher.act(&ticket, dispatch_to(suggested_unit)).await;
    // Read back: what was suggested, against what was done.
    let path = format!("/api/v1/tickets/{}/intake-suggestion", id(&ticket));
    let stored = admin.get(&path).await.expect(StatusCode::OK);
    assert_eq!(
        (
            &stored["source"],
            &stored["model_version"],
            &stored["detail"]["analysis_id"]
        ),
        (&json!("analyze"), &json!(v1), &json!(analysis_id)),
        "{stored}"
    );
    assert_eq!(stored["unit"], json!(suggested_unit), "{stored}");
    assert_eq!(stored["unit_followed"], json!(true), "{stored}");
    assert_eq!(stored["category_followed"], json!(true), "{stored}");
    assert!(stored["category_name"]
        .as_str()
        .is_some_and(|n| !n.is_empty()));
    let figures = admin.get(&figures_path).await.expect(StatusCode::OK);
    let after = &figures["total"];
    let grew =
        |field: &str| after[field].as_u64().unwrap_or(0) - before[field].as_u64().unwrap_or(0);
    for field in [
        "tickets",
        "dispatched",
        "first_dispatch_correct",
        "unit_suggested",
        "unit_accepted",
        "category_suggested",
        "category_accepted",
    ] {
        assert_eq!(grew(field), 1, "{field}: {before} → {after}");
    }
    assert!(
        figures["periods"][0]["models"]
            .as_array()
            .is_some_and(|m| m.contains(&json!(v1))),
        "{figures}"
    );

    // A ticket created without an analysis still gets the model's suggestion stored.
    operator.create_ticket(&call_from("13900002222")).await;
    let again = admin.get(&figures_path).await.expect(StatusCode::OK)["total"].clone();
    assert_eq!(
        again["tickets"],
        json!(after["tickets"].as_u64().unwrap_or(0) + 1)
    );
    assert_eq!(
        again["category_suggested"],
        json!(after["category_suggested"].as_u64().unwrap_or(0) + 1),
        "{again}"
    );

    // A text that says nothing (punctuation, emoji, a phone number) gets no category and no
    // article: they would be the model's prior, not a reading of the text.
    for junk in ["。。。!!!", "🙂🙂🙂", "13900002222", "嗯"] {
        let a = operator
            .post("/api/v1/intake/analyze", &json!({ "text": junk }))
            .await
            .expect(StatusCode::OK);
        assert_eq!(
            a["routing"]["categories"],
            json!([]),
            "{junk}: {}",
            a["routing"]
        );
        assert_eq!(a["knowledge"], json!([]), "{junk}: {}", a["knowledge"]);
    }

    // A second version, then the rollback to the first.
    let report = admin
        .post(
            "/api/v1/route/models",
            &json!({ "level": 1, "holdout": 0, "force": true }),
        )
        .await
        .expect(StatusCode::CREATED);
    let v2 = report["model"]["version"].as_i64().expect("a version");
    assert!(v2 > v1 && report["holdout"].is_null(), "{report}");
    assert!(report["not_activated"].is_null(), "{report}");
    let a = operator
        .post("/api/v1/intake/analyze", &draft())
        .await
        .expect(StatusCode::OK);
    assert_eq!(a["routing"]["model_version"], json!(v2));
    assert_eq!(
        a["routing"]["categories"][0]["code"].as_str().map(str::len),
        Some(2),
        "level 1 suggests first-level categories: {}",
        a["routing"]
    );
    admin
        .post(&format!("/api/v1/route/models/{v1}/activate"), &json!({}))
        .await
        .expect(StatusCode::OK);
    let models = admin
        .get("/api/v1/route/models")
        .await
        .expect(StatusCode::OK);
    let active: Vec<i64> = models
        .as_array()
        .expect("models")
        .iter()
        .filter(|m| m["active"] == json!(true))
        .filter_map(|m| m["version"].as_i64())
        .collect();
    assert_eq!(active, vec![v1], "{models}");
    let a = operator
        .post("/api/v1/intake/analyze", &draft())
        .await
        .expect(StatusCode::OK);
    assert_eq!(a["routing"]["model_version"], json!(v1));
    // A category retired since the model learnt it is suggested no more: its nearest parent in
    // use stands for it.
    let first = a["routing"]["categories"][0]["code"]
        .as_str()
        .expect("a code")
        .to_string();
    set_category_active(&admin, &first, false).await;
    let a = operator
        .post("/api/v1/intake/analyze", &draft())
        .await
        .expect(StatusCode::OK);
    let codes: Vec<String> = a["routing"]["categories"]
        .as_array()
        .expect("categories")
        .iter()
        .filter_map(|c| c["code"].as_str().map(str::to_string))
        .collect();
    assert!(!codes.contains(&first), "{}", a["routing"]);
    if first.len() > 2 {
        assert_eq!(
            codes.first().map(String::as_str),
            first.get(..first.len() - 2),
            "{}",
            a["routing"]
        );
    }
    // Nor is a ticket newly filed under it, at intake or by the screen's analysis.
    let mut filed = toilet_without_water();
    filed["category"] = json!(first);
    let p = operator
        .post("/api/v1/tickets", &filed)
        .await
        .problem(StatusCode::UNPROCESSABLE_ENTITY, "invalid-field");
    assert!(p.to_string().contains("已停用"), "{p}");
    let mut chosen = draft();
    chosen["category"] = json!(first);
    operator
        .post("/api/v1/intake/analyze", &chosen)
        .await
        .problem(StatusCode::UNPROCESSABLE_ENTITY, "invalid-field");
    let mut unique = codes.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(
        unique.len(),
        codes.len(),
        "one suggestion a category: {codes:?}"
    );
    set_category_active(&admin, &first, true).await;
    // Another process (`hotline route activate 2` on the same database) changes the active
    // model behind the server's back: the server follows within its check period.
    app.app
        .follow_other_servers(std::time::Duration::from_millis(50));
    let now = app.app.now();
    app.app
        .store
        .activate_route_model(v2, now)
        .await
        .expect("activating in the store");
    let mut followed = false;
    for _ in 0..100 {
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        if app.app.route_model().map(|m| m.info.version) == Some(v2) {
            followed = true;
            break;
        }
    }
    assert!(
        followed,
        "the server still uses another model than the store's active one"
    );
    let p = admin
        .post("/api/v1/route/models/999/activate", &json!({}))
        .await
        .problem(StatusCode::NOT_FOUND, "not-found");
    assert_eq!(p["message_zh"], "找不到该版本的分派模型", "{p}");

    // Only administrators manage models.
    operator
        .post("/api/v1/route/models", &json!({}))
        .await
        .problem(StatusCode::FORBIDDEN, "forbidden");
    operator
        .get("/api/v1/route/models")
        .await
        .problem(StatusCode::FORBIDDEN, "forbidden");
}

#[tokio::test]
async fn routing_requests_with_bad_values_are_refused_with_reasons() {
    let app = TestApp::spawn().await;
    let admin = app.admin().await;
    for (path, kind) in [
        ("/api/v1/route/figures?bucket=year", "bad-request"),
        (
            "/api/v1/route/figures?from=2026-03-02&to=2026-03-01",
            "invalid-field",
        ),
        (
            "/api/v1/route/figures?from=2020-01-01&to=2026-03-01",
            "invalid-field",
        ),
        ("/api/v1/route/figures?from=yesterday", "bad-request"),
        ("/api/v1/knowledge/figures?bucket=year", "bad-request"),
        (
            "/api/v1/knowledge/figures?from=2026-03-02&to=2026-03-01",
            "invalid-field",
        ),
        // Dates chrono can hold but no calendar arithmetic can reach past.
        ("/api/v1/route/figures?to=-262143-01-01", "invalid-field"),
        (
            "/api/v1/route/figures?from=%2B262142-12-30&to=%2B262142-12-31",
            "invalid-field",
        ),
    ] {
        let r = admin.get(path).await;
        let status = r.status;
        assert!(
            status == StatusCode::BAD_REQUEST || status == StatusCode::UNPROCESSABLE_ENTITY,
            "{path}: {}",
            r.text
        );
        r.problem(status, kind);
    }
    // A misspelt option (activte) is refused, not ignored: it would train and activate.
    let p = admin
        .post("/api/v1/route/models", &json!({ "activte": false }))
        .await
        .problem(StatusCode::UNPROCESSABLE_ENTITY, "invalid-body");
    assert!(p.to_string().contains("不认识的字段「activte」"), "{p}");
    admin
        .post("/api/v1/route/models", &json!({ "level": "two" }))
        .await
        .problem(StatusCode::UNPROCESSABLE_ENTITY, "invalid-body");
    admin
        .post("/api/v1/route/models", &json!({ "holdout": 0.9 }))
        .await
        .problem(StatusCode::UNPROCESSABLE_ENTITY, "invalid-field");
    let p = admin
        .post("/api/v1/route/models", &json!({ "days": 4_294_967_295u32 }))
        .await
        .problem(StatusCode::UNPROCESSABLE_ENTITY, "invalid-field");
    assert!(p.to_string().contains("days back"), "{p}");
    // No closed tickets yet: nothing to learn from, said plainly.
    let p = admin
        .post("/api/v1/route/models", &json!({}))
        .await
        .problem(StatusCode::UNPROCESSABLE_ENTITY, "invalid-field");
    assert!(p.to_string().contains("not enough closed tickets"), "{p}");
    // A version that is not a number names no model.
    let p = admin
        .post("/api/v1/route/models/abc/activate", &json!({}))
        .await
        .problem(StatusCode::NOT_FOUND, "not-found");
    assert_eq!(
        p["message_zh"], "地址参数错误:「version」的值「abc」不是整数",
        "{p}"
    );
    assert_eq!(
        admin
            .get("/api/v1/route/models")
            .await
            .expect(StatusCode::OK),
        json!([]),
        "refused requests stored nothing"
    );
}

/// A new model is judged against the model the store says is active, not this server's copy
/// (which follows another server's activation only every few seconds); an active model with no
/// held-out figures of its own (imported from a file) is measured on the same held-out tickets.
#[tokio::test]
async fn a_new_model_is_judged_against_the_stores_active_model_measured_if_need_be() {
    let app = TestApp::spawn_with_history(800).await;
    let admin = app.admin().await;
    let trained = admin
        .post("/api/v1/route/models", &json!({ "min_examples": 3 }))
        .await
        .expect(StatusCode::CREATED);
    let v1 = trained["model"]["version"].as_i64().expect("a version");
    // A second server loads v1 and keeps it until it next looks.
    let other = app.another_server().await;
    let other_admin = other.admin().await;
    // Here, v1's file is imported and put in use: it has no held-out figures of its own.
    let file = app
        .app
        .store
        .route_model(v1)
        .await
        .expect("reading v1")
        .expect("v1");
    let imported = app
        .app
        .import_route_model(
            &hotline_domain::org::Actor::system(),
            file.model,
            "file:v1.bin".into(),
            String::new(),
            true,
            true,
        )
        .await
        .expect("importing v1's file");
    assert!(imported.model.active && imported.history_tickets > 0);
    let report = other_admin
        .post("/api/v1/route/models", &json!({ "min_examples": 3 }))
        .await
        .expect(StatusCode::CREATED);
    let measured = &report["active_holdout"];
    assert!(
        measured["unit_top1"].as_f64().is_some() && measured["examples"].as_u64() > Some(0),
        "the imported model in force was measured: {report}"
    );
    if let Some(why) = report["not_activated"].as_str() {
        assert!(
            why.contains(&format!("v{}", imported.model.version)),
            "{why}"
        );
    }
}

/// The list's nearest rule names a unit since retired: the next rule out names who takes the
/// ticket now (it gave no suggestion at all).
#[tokio::test]
async fn a_retired_unit_on_the_nearest_rule_leaves_the_suggestion_to_the_next_rule() {
    let app = TestApp::spawn().await;
    let admin = app.admin().await;
    let operator = app.operator().await;
    let mut made = Vec::new();
    for (code, name) in [("T1", "海滨公园厕所管理所"), ("T2", "城中区公厕管理站")]
    {
        let unit =
            json!({"code": code, "name": name, "level": "city_bureau", "parent": null, "area": []});
        made.push(
            admin
                .post("/api/v1/units", &unit)
                .await
                .expect(StatusCode::CREATED),
        );
    }
    let (near, next) = (&made[0], &made[1]);
    let list = admin
        .get("/api/v1/responsibility")
        .await
        .expect(StatusCode::OK);
    let mut rules = list["rules"].as_array().cloned().unwrap_or_default();
    rules.push(
        json!({"category": PUBLIC_TOILET, "place": "D03S01C01", "units": [near["id"]], "note": ""}),
    );
    // The next rule out, written twice by mistake: it counts once.
    for _ in 0..2 {
        rules.push(
            json!({"category": PUBLIC_TOILET, "place": "D03S01", "units": [next["id"]], "note": ""}),
        );
    }
    admin
        .put(
            &format!("/api/v1/responsibility?after={}", list["version"]),
            &json!(rules),
        )
        .await
        .expect(StatusCode::OK);
    let mut chosen = draft();
    chosen["category"] = json!(PUBLIC_TOILET);
    let first_unit = async || {
        operator
            .post("/api/v1/intake/analyze", &chosen)
            .await
            .expect(StatusCode::OK)["routing"]["units"][0]
            .clone()
    };
    let nearest = first_unit().await;
    assert_eq!(nearest["unit"], near["id"]);

    let mut retired = near.clone();
    retired["active"] = json!(false);
    admin
        .put(&format!("/api/v1/units/{}", near["id"]), &retired)
        .await
        .expect(StatusCode::OK);
    let unit = first_unit().await;
    assert_eq!(unit["unit"], next["id"], "{unit}");
    assert_eq!(unit["score"], nearest["score"], "one rule each: {unit}");
    assert!(
        strings(&unit["reasons"])
            .iter()
            .any(|r| r.contains("职责清单")),
        "{unit}"
    );
}
