//! The centre's scope rules (受理范围) edited by an administrator: checked, refused with the
//! line to fix or the emergencies an edit would lose, and in force at once for intake.
use reqwest::StatusCode;
use serde_json::json;

use crate::support::*;

#[tokio::test]
async fn an_admin_edits_the_scope_rules_and_intake_screens_by_them_at_once() {
    let app = TestApp::spawn().await;
    let admin = app.admin().await;
    let operator = app.login("demo-operator").await;
    let text = "龙舟赛那边翻船了,快来救人";
    let before = operator
        .post("/api/v1/intake/analyze", &json!({ "text": text }))
        .await
        .expect(StatusCode::OK);
    assert!(
        before["scope"]["emergency"]
            .as_array()
            .is_some_and(|e| e.is_empty()),
        "{}",
        before["scope"]
    );

    // A mistake is refused with its line, and the rules in force do not change.
    let refused = admin
        .put_text(
            "/api/v1/intake/scope-rules",
            "[negation]\ncues = [\"不\"]\nwindow = 4\n\n[[not_accepted]]\nid = 3\n",
            "application/toml",
        )
        .await
        .problem(StatusCode::UNPROCESSABLE_ENTITY, "invalid-field");
    assert!(
        refused.to_string().contains("第 6 行"),
        "the line to fix: {refused}"
    );
    // Nothing, or not text: refused, and the emergency rules stay in force.
    let empty = admin
        .put_text("/api/v1/intake/scope-rules", "", "application/toml")
        .await
        .problem(StatusCode::UNPROCESSABLE_ENTITY, "invalid-field");
    assert!(empty.to_string().contains("[[emergency]]"), "{empty}");
    admin
        .put_bytes(
            "/api/v1/intake/scope-rules",
            vec![0x5b, 0xff, 0xfe, 0x5d],
            "application/toml",
        )
        .await
        .problem(StatusCode::BAD_REQUEST, "bad-request");
    let fire = operator
        .post(
            "/api/v1/intake/analyze",
            &json!({ "text": "家里着火了,有人被困" }),
        )
        .await
        .expect(StatusCode::OK);
    assert!(
        fire["scope"]["emergency"]
            .as_array()
            .is_some_and(|e| !e.is_empty()),
        "{}",
        fire["scope"]
    );

    // An edit that would miss the shipped emergencies, or raise one on ordinary calls, is
    // refused before it is in force: the fire rule taken out, or 的 made a fire keyword.
    let defaults = hotline_service::scope::DEFAULT_RULES;
    let (head, rest) = defaults.split_at(defaults.find("id = \"fire\"").unwrap());
    let without_fire = format!(
        "{}id = \"fire_disabled\"{}",
        head,
        rest.replacen("id = \"fire\"", "", 1)
            .replacen("\"着火\", ", "", 1)
            .replacen("\"起火\", ", "", 1)
    );
    let refused = admin
        .put_text(
            "/api/v1/intake/scope-rules",
            &without_fire,
            "application/toml",
        )
        .await
        .problem(StatusCode::UNPROCESSABLE_ENTITY, "invalid-field");
    assert!(refused.to_string().contains("不再转接"), "{refused}");
    let everything = defaults.replacen("{ any = [\"着火\", ", "{ any = [\"的\", \"着火\", ", 1);
    assert_ne!(everything, defaults);
    let refused = admin
        .put_text(
            "/api/v1/intake/scope-rules",
            &everything,
            "application/toml",
        )
        .await
        .problem(StatusCode::UNPROCESSABLE_ENTITY, "invalid-field");
    assert!(refused.to_string().contains("普通诉求"), "{refused}");
    let rules = hotline_service::scope::DEFAULT_RULES.to_string()
        + "\n[[emergency]]\nid = \"capsize\"\nkind = \"medical\"\nservice = \"120\"\nlabel = \"翻船\"\n\
           reply = \"我现在为您转接120。\"\ntriggers = [{ any = [\"翻船\"] }]\n";
    operator
        .put_text("/api/v1/intake/scope-rules", &rules, "application/toml")
        .await
        .problem(StatusCode::FORBIDDEN, "forbidden");
    let saved = admin
        .put_text("/api/v1/intake/scope-rules", &rules, "application/toml")
        .await
        .expect(StatusCode::OK);
    assert!(saved.to_string().contains("capsize"), "{saved}");

    let after = operator
        .post("/api/v1/intake/analyze", &json!({ "text": text }))
        .await
        .expect(StatusCode::OK);
    assert_eq!(
        after["scope"]["emergency"][0]["rule"], "capsize",
        "{}",
        after["scope"]
    );

    // The text to edit is had as TOML, comments and all; JSON is not how rules are sent.
    let toml = Reply::read(
        admin
            .http
            .get(admin.url("/api/v1/intake/scope-rules"))
            .header(reqwest::header::ACCEPT, "application/toml")
            .send()
            .await
            .expect("sending a GET"),
    )
    .await;
    assert_eq!(toml.status, StatusCode::OK, "{}", toml.text);
    assert_eq!(
        toml.vary.as_deref(),
        Some("accept"),
        "the body depends on Accept"
    );
    assert!(
        toml.content_type.starts_with("application/toml"),
        "{}",
        toml.content_type
    );
    assert_eq!(toml.text, rules);
    let json_rules = admin
        .get("/api/v1/intake/scope-rules")
        .await
        .expect(StatusCode::OK);
    // Who may edit is said first, then what was sent.
    operator
        .put("/api/v1/intake/scope-rules", &json_rules)
        .await
        .problem(StatusCode::FORBIDDEN, "forbidden");
    let refused = admin
        .put("/api/v1/intake/scope-rules", &json_rules)
        .await
        .problem(StatusCode::UNSUPPORTED_MEDIA_TYPE, "unsupported-media-type");
    assert!(
        refused.to_string().contains("Accept: application/toml"),
        "{refused}"
    );
    admin
        .put_text(
            "/api/v1/intake/scope-rules",
            &toml.text,
            "text/plain; charset=utf-8",
        )
        .await
        .expect(StatusCode::OK);
    // As `curl --data-binary @rules.toml` sends a file when not told its type.
    admin
        .put_text(
            "/api/v1/intake/scope-rules",
            &toml.text,
            "application/x-www-form-urlencoded",
        )
        .await
        .expect(StatusCode::OK);
}

/// A matter dated before the day of the call is no emergency now: the accident of 1月10日
/// whose liability finding the caller disputes, a fire of last May. The same words told of today
/// still prompt the transfer.
#[tokio::test]
async fn an_accident_dated_days_before_the_call_prompts_no_transfer() {
    let app = TestApp::spawn().await;
    let operator = app.login("demo-operator").await;
    let emergencies_at = |text: &'static str, at: &'static str| {
        let operator = &operator;
        async move {
            let body = json!({ "text": text, "received_at": at });
            let found = operator
                .post("/api/v1/intake/analyze", &body)
                .await
                .expect(StatusCode::OK);
            found["scope"]["emergency"]
                .as_array()
                .map(|e| e.iter().map(|h| h["rule"].clone()).collect::<Vec<_>>())
                .unwrap_or_default()
        }
    };
    let emergencies = |text: &'static str| emergencies_at(text, "2026-03-01T02:00:00Z");
    for past in [
        "1月10日在南昌路发生交通事故，对交警的事故责任认定不服，要求复查。",
        "2025年5月家里着火，房子烧坏了，想问能否申请救助。",
        "2月20日晚上在路口被车撞了，肇事司机跑了，交警一直没给说法。",
    ] {
        assert_eq!(
            emergencies(past).await,
            Vec::<serde_json::Value>::new(),
            "{past}"
        );
    }
    for now in [
        "南昌路发生交通事故，有人受伤倒在地上。",
        "今天3月1日上午，南昌路发生交通事故，有人受伤倒在地上。",
        // An old date before, today in the keyword's clause: it is now.
        "我1月10日报修过，今天燃气管道又漏气了，好多人头晕。",
    ] {
        assert!(!emergencies(now).await.is_empty(), "{now}");
    }
    // Just after midnight (00:20 in China), 40 minutes ago is yesterday, but not a day gone by.
    for now in [
        "40分钟前楼下着火了，火越烧越大。",
        "11点多有人在楼道里砸门打人，现在还在打。",
    ] {
        let found = emergencies_at(now, "2026-03-01T16:20:00Z").await;
        assert!(!found.is_empty(), "{now}");
    }
}

#[tokio::test]
async fn an_emergency_off_the_line_says_to_call_the_teller_back() {
    let app = TestApp::spawn().await;
    let operator = app.login("demo-operator").await;
    let text = "现在我家楼下的餐馆着火了，火越来越大，快来人！";
    let hit = |channel: &str| {
        let operator = &operator;
        let body = json!({ "text": text, "channel": channel });
        async move {
            let a = operator
                .post("/api/v1/intake/analyze", &body)
                .await
                .expect(StatusCode::OK);
            a["scope"]["emergency"][0].clone()
        }
    };
    // On a call the operator transfers at once.
    let call = hit("phone").await;
    assert_eq!(call["service"], "119", "{call}");
    assert_eq!(call["callback"], false, "{call}");
    assert!(
        call["reply"]
            .as_str()
            .unwrap()
            .contains("我现在为您转接119"),
        "{call}"
    );
    // A web message, a letter or a voicemail has nobody on the line: call back.
    for channel in ["web", "mayor_mailbox", "voicemail", "grid_worker"] {
        let written = hit(channel).await;
        assert_eq!(written["service"], "119", "{channel}: {written}");
        assert_eq!(written["callback"], true, "{channel}: {written}");
        let reply = written["reply"].as_str().unwrap();
        assert!(
            reply.contains("回拨") && !reply.contains("我现在为您转接"),
            "{channel}: {reply}"
        );
    }
    // Written without saying it is now, a short cry is a possible emergency: the writer is
    // called back to check, and the message is still taken.
    let a = operator
        .post(
            "/api/v1/intake/analyze",
            &json!({ "text": "我家楼下着火了，火很大，烟都冲到五楼了", "channel": "web" }),
        )
        .await
        .expect(StatusCode::OK);
    let scope = &a["scope"];
    assert_eq!(scope["emergency"], json!([]), "{scope}");
    assert_eq!(scope["accept"], json!(true), "{scope}");
    assert_eq!(scope["possible_emergency"][0]["service"], "119", "{scope}");
    assert_eq!(scope["possible_emergency"][0]["callback"], true, "{scope}");
}

#[tokio::test]
async fn an_edit_that_would_screen_out_ordinary_calls_or_misname_a_service_is_refused() {
    let app = TestApp::spawn().await;
    let admin = app.admin().await;
    let defaults = hotline_service::scope::DEFAULT_RULES;
    let put = |rules: String| {
        let admin = &admin;
        async move {
            admin
                .put_text("/api/v1/intake/scope-rules", &rules, "application/toml")
                .await
                .problem(StatusCode::UNPROCESSABLE_ENTITY, "invalid-field")
                .to_string()
        }
    };
    // 的 as a keyword of litigation would refuse every call.
    let litigation = defaults.replacen("{ any = [\"起诉了\", ", "{ any = [\"的\", \"起诉了\", ", 1);
    assert_ne!(litigation, defaults);
    let refused = put(litigation).await;
    assert!(refused.contains("普通诉求会被不予受理"), "{refused}");
    // A fire is for 119, whatever number is written.
    let to_120 = defaults.replacen(
        "kind = \"fire\"\nservice = \"119\"",
        "kind = \"fire\"\nservice = \"120\"",
        1,
    );
    assert_ne!(to_120, defaults);
    let refused = put(to_120).await;
    assert!(refused.contains("应转接 119"), "{refused}");
    // A keyword of a page, or with a control character, is no keyword: refused at once.
    for word in ["火".repeat(100_000), "着火\\u0001".to_string()] {
        let long = defaults.replacen(
            "{ any = [\"着火\", ",
            &format!("{{ any = [\"{word}\", \"着火\", "),
            1,
        );
        assert_ne!(long, defaults);
        let refused = put(long).await;
        assert!(refused.contains("超过 40 个字或含控制字符"), "{refused}");
    }
    // Nothing of these is in force.
    let rules = admin
        .get("/api/v1/intake/scope-rules")
        .await
        .expect(StatusCode::OK);
    assert!(!rules.to_string().contains("火火火"));
}

#[tokio::test]
async fn a_city_whose_units_carry_no_city_name_is_warned_until_its_rules_name_it() {
    let app = TestApp::spawn().await;
    // The demo's units are named 示例市…: the city is known.
    assert_eq!(app.app.city_name_warning(), None);
    let admin = app.admin().await;
    let units = admin.get("/api/v1/units").await.expect(StatusCode::OK);
    let mut renamed = 0;
    for unit in units.as_array().expect("a list of units") {
        let name = unit["name"].as_str().expect("a name");
        if name.contains("示例市") {
            let mut unit = unit.clone();
            unit["name"] = json!(name.replace("示例市", ""));
            let path = format!("/api/v1/units/{}", unit["id"]);
            admin.put(&path, &unit).await.expect(StatusCode::OK);
            renamed += 1;
        }
    }
    assert!(renamed >= 2, "the demo names its units after the city");
    // 市公安局 and the like: a call naming the city could now be taken as one elsewhere.
    let (zh, en) = app.app.city_name_warning().expect("a warning");
    assert!(zh.contains("home") && en.contains("home"), "{zh} / {en}");

    // Naming the city in the rules answers it.
    let text = app.app.scope().text.clone();
    assert!(
        text.contains("\nhome = []\n"),
        "the shipped rules leave home empty"
    );
    let named = text.replace("\nhome = []\n", "\nhome = [\"示例市\", \"示例\"]\n");
    admin
        .put_text("/api/v1/intake/scope-rules", &named, "application/toml")
        .await
        .expect(StatusCode::OK);
    assert_eq!(app.app.city_name_warning(), None);
}
