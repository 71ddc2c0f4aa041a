//! The intake screen's one call and routing models: a model trained on the centre's closed
//! tickets suggests categories and units with reasons; the analysis also screens the scope,
//! finds the five elements and lists repeats and articles; what it suggested is stored with the
//! ticket and counted in the routing figures; models are versioned and roll back.
use reqwest::StatusCode;
use serde_json::{json, Value};

use crate::support::*;

/// Tickets of demo history the model learns from.
const HISTORY: usize = 1500;

pub(crate) fn draft() -> Value {
    json!({
        "phone": "13812345678",
        "subject": "太公三路公共厕所停水",
        "text": "来电人反映：昨天晚上十点多，太公三路海滨公园南门公共厕所停水，洗手池和便池均无法冲洗，异味较大，希望有关部门尽快恢复公共厕所供水。",
        "place": {"district": "D03", "street": "D03S01", "community": "D03S01C01"}
    })
}

fn strings(v: &Value) -> Vec<String> {
    v.as_array()
        .unwrap_or_else(|| panic!("not a list: {v}"))
        .iter()
        .map(|s| s.as_str().unwrap_or_default().to_string())
        .collect()
}

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
    let all = admin.get("/api/v1/categories").await.expect(StatusCode::OK);
    let mut retired = all
        .as_array()
        .and_then(|cats| cats.iter().find(|c| c["code"] == json!(first)))
        .cloned()
        .expect("the category");
    retired["active"] = json!(false);
    admin
        .put("/api/v1/categories", &json!([retired]))
        .await
        .expect(StatusCode::NO_CONTENT);
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
    retired["active"] = json!(true);
    admin
        .put("/api/v1/categories", &json!([retired]))
        .await
        .expect(StatusCode::NO_CONTENT);
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
async fn the_analysis_screens_scope_finds_elements_and_refuses_bad_drafts() {
    let app = TestApp::spawn().await;
    let operator = app.operator().await;

    let fire = operator
        .post(
            "/api/v1/intake/analyze",
            &json!({ "text": "我家楼下饭店着火了，烟很大，有人被困在二楼" }),
        )
        .await
        .expect(StatusCode::OK);
    assert_eq!(fire["scope"]["accept"], json!(false), "{}", fire["scope"]);
    let emergency = &fire["scope"]["emergency"][0];
    assert!(
        emergency["service"]
            .as_str()
            .is_some_and(|s| s.contains("119")),
        "{emergency}"
    );
    let matched = emergency["matched"].as_array().expect("matched words");
    assert!(!matched.is_empty());
    // Offsets count characters of the text as read.
    let read: Vec<char> = fire["analysed_text"]
        .as_str()
        .expect("the text as read")
        .chars()
        .collect();
    assert_eq!(read[0], '\n', "no subject: the text follows an empty one");
    for m in matched {
        let (s, e) = (m["start"].as_u64().unwrap(), m["end"].as_u64().unwrap());
        let said: String = read[s as usize..e as usize].iter().collect();
        assert_eq!(json!(said), m["term"], "{m}");
    }
    // A fire told at the end of a long message is still a fire, its words where it says them.
    let long = "小区门口占道经营很严重。".repeat(800) + "现在楼下着火了";
    let late = operator
        .post("/api/v1/intake/analyze", &json!({ "text": long }))
        .await
        .expect(StatusCode::OK);
    let matched = &late["scope"]["emergency"][0]["matched"][0];
    let read: Vec<char> = late["analysed_text"].as_str().unwrap().chars().collect();
    let (s, e) = (matched["start"].as_u64(), matched["end"].as_u64());
    let (s, e) = (s.expect("a start") as usize, e.expect("an end") as usize);
    assert!(s > 9_000, "{matched}");
    assert_eq!(read[s..e].iter().collect::<String>(), "着火", "{matched}");

    let lawsuit = operator
        .post(
            "/api/v1/intake/analyze",
            &json!({ "text": "我和开发商的房屋买卖合同纠纷已经向法院起诉了，想问问热线能不能帮忙催法院判决" }),
        )
        .await
        .expect(StatusCode::OK);
    assert_eq!(
        lawsuit["scope"]["accept"],
        json!(false),
        "{}",
        lawsuit["scope"]
    );
    let rule = &lawsuit["scope"]["not_accepted"][0];
    assert!(
        rule["basis"].as_str().is_some_and(|b| !b.is_empty()),
        "{rule}"
    );
    assert!(
        rule["channel"].as_str().is_some_and(|c| !c.is_empty()),
        "{rule}"
    );

    // Places are found in the text against the city's own gazetteer and drive the place.
    let found = operator
        .post(
            "/api/v1/intake/analyze",
            &json!({ "text": "3月1日上午9点35分，太公三路海滨公园南门的公共厕所停水了，希望尽快恢复供水" }),
        )
        .await
        .expect(StatusCode::OK);
    let times = found["elements"]["times"].as_array().expect("times");
    assert!(!times.is_empty(), "{}", found["elements"]);
    let read: Vec<char> = found["analysed_text"].as_str().unwrap().chars().collect();
    for m in times
        .iter()
        .chain(found["elements"]["places"]["mentions"].as_array().unwrap())
    {
        let (s, e) = (m["start"].as_u64().unwrap(), m["end"].as_u64().unwrap());
        let said: String = read[s as usize..e as usize].iter().collect();
        assert!(
            m["text"] == json!(said) || m["said"] == json!(said) || m["name"] == json!(said),
            "{m}"
        );
    }
    assert!(found["elements"]["demand"]
        .as_str()
        .is_some_and(|d| d.contains("恢复供水")));
    assert!(strings(&found["elements"]["missing"]).contains(&"person".to_string()));

    // A road of the gazetteer names the street (and district) the ticket belongs to.
    let road = operator
        .post(
            "/api/v1/intake/analyze",
            &json!({ "text": "太公三路上有个井盖丢了，晚上很危险" }),
        )
        .await
        .expect(StatusCode::OK);
    let places = &road["elements"]["places"];
    assert_eq!(places["road"]["name"], json!("太公三路"), "{places}");
    assert_eq!(
        road["place"]["street"],
        json!("D03S01"),
        "{}",
        road["place"]
    );
    assert_eq!(road["place"]["district"], json!("D03"), "{}", road["place"]);

    for (body, field) in [
        (json!({ "text": "停水", "category": "999999" }), "category"),
        (
            json!({ "text": "停水", "place": { "street": "NOPE" } }),
            "place.street",
        ),
        (json!({ "text": "水".repeat(20_001) }), "text"),
        // Nothing to analyse; a phone number that is none (a ticket's would be refused).
        (json!({ "text": " ", "subject": "" }), "text"),
        (json!({}), "text"),
        (json!({ "text": "路灯坏了", "phone": "abc" }), "phone"),
        (
            json!({ "text": "路灯坏了", "phone": "1".repeat(50_000) }),
            "phone",
        ),
    ] {
        let p = operator
            .post("/api/v1/intake/analyze", &body)
            .await
            .problem(StatusCode::UNPROCESSABLE_ENTITY, "invalid-field");
        assert!(p.to_string().contains(field), "{field}: {p}");
        assert!(
            p.to_string().len() < 2_000,
            "a long value is not echoed whole: {p}"
        );
    }
    // A number still being typed, or the number alone (its caller's history), is analysed.
    for body in [
        json!({ "text": "路灯坏了", "phone": "13" }),
        json!({ "text": "路灯坏了", "phone": "+86 13" }),
        json!({ "text": "路灯坏了", "phone": "0086" }),
        json!({ "text": "路灯坏了", "phone": "１３" }),
        json!({ "text": "路灯坏了", "phone": "(0" }),
        json!({ "phone": "+86 139-0000-1124" }),
    ] {
        operator
            .post("/api/v1/intake/analyze", &body)
            .await
            .expect(StatusCode::OK);
    }
    operator
        .post_raw("/api/v1/intake/analyze", "{not json")
        .await
        .problem(StatusCode::BAD_REQUEST, "bad-request");
    // A misspelt field is refused, not dropped unseen; a null place is no place.
    for (path, body, field) in [
        (
            "/api/v1/intake/analyze",
            json!({ "text": "停水", "categroy": "0101" }),
            "categroy",
        ),
        (
            "/api/v1/intake/analyze",
            json!({ "text": "停水", "place": { "distrct": "D1" } }),
            "distrct",
        ),
        (
            "/api/v1/intake/repeats",
            json!({ "text": "停水", "phnoe": "13900001111" }),
            "phnoe",
        ),
    ] {
        let p = operator
            .post(path, &body)
            .await
            .problem(StatusCode::UNPROCESSABLE_ENTITY, "invalid-body");
        assert!(
            p.to_string().contains(&format!("不认识的字段「{field}」")),
            "{p}"
        );
    }
    for path in ["/api/v1/intake/analyze", "/api/v1/intake/repeats"] {
        operator
            .post(path, &json!({ "text": "小区停水了", "place": null }))
            .await
            .expect(StatusCode::OK);
    }
    app.zone()
        .await
        .post("/api/v1/intake/analyze", &json!({ "text": "停水" }))
        .await
        .problem(StatusCode::FORBIDDEN, "forbidden");
    let rules = operator
        .get("/api/v1/intake/scope-rules")
        .await
        .expect(StatusCode::OK);
    assert!(
        rules.to_string().contains("119"),
        "the rules in force are readable"
    );
}

#[tokio::test]
async fn a_written_message_is_screened_as_written_and_its_times_read_from_when_it_came() {
    let app = TestApp::spawn().await;
    let operator = app.operator().await;
    let beating = "施工方纠集社会闲散人员几次殴打村民，打人者口出狂言，请公安机关依法处理。";
    let emergencies = |a: &Value| a["scope"]["emergency"].as_array().map_or(0, Vec::len);
    let call = operator
        .post("/api/v1/intake/analyze", &json!({ "text": beating }))
        .await
        .expect(StatusCode::OK);
    assert_eq!(
        emergencies(&call),
        1,
        "a call tells what is happening: {}",
        call["scope"]
    );
    for channel in ["web", "mayor_mailbox", "platform"] {
        let web = operator
            .post(
                "/api/v1/intake/analyze",
                &json!({ "text": beating, "channel": channel }),
            )
            .await
            .expect(StatusCode::OK);
        assert_eq!(emergencies(&web), 0, "{channel}: {}", web["scope"]);
    }
    let now = operator
        .post(
            "/api/v1/intake/analyze",
            &json!({ "text": "现在小区门口有人持刀伤人，请马上派人来！", "channel": "web" }),
        )
        .await
        .expect(StatusCode::OK);
    assert_eq!(emergencies(&now), 1, "{}", now["scope"]);

    // 昨天晚上十点 of a message received on 2019-05-10 (Beijing time) is 2019-05-09 22:00.
    let old = operator
        .post(
            "/api/v1/intake/analyze",
            &json!({
                "text": "昨天晚上十点，小区门口的路灯全灭了，希望尽快修复。",
                "channel": "web",
                "received_at": "2019-05-10T01:00:00Z",
            }),
        )
        .await
        .expect(StatusCode::OK);
    let times = old["elements"]["times"].to_string();
    assert!(times.contains("2019-05-09T22:00:00+08:00"), "{times}");

    for (body, kind) in [
        (
            json!({ "text": "停水", "received_at": "2999-01-01T00:00:00Z" }),
            "invalid-field",
        ),
        (
            json!({ "text": "停水", "received_at": "1900-01-01T00:00:00Z" }),
            "invalid-field",
        ),
        (
            json!({ "text": "停水", "received_at": "yesterday" }),
            "invalid-body",
        ),
        (
            json!({ "text": "停水", "channel": "carrier_pigeon" }),
            "invalid-body",
        ),
    ] {
        let p = operator
            .post("/api/v1/intake/analyze", &body)
            .await
            .problem(StatusCode::UNPROCESSABLE_ENTITY, kind);
        let s = p.to_string();
        assert!(
            s.contains("received_at") || s.contains("channel"),
            "{body}: {p}"
        );
    }
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
