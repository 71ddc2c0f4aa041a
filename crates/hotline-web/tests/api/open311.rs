//! Open311 GeoReport v2 on the same engine.
use reqwest::StatusCode;
use serde_json::{json, Value};

use crate::support::*;

/// An API token of the operator account that stands for the Open311 channel.
async fn api_key(operator: &Client) -> String {
    let r = operator
        .post("/api/v1/tokens", &json!({}))
        .await
        .expect(StatusCode::CREATED);
    r["token"].as_str().expect("a token").to_string()
}

async fn submit(app: &TestApp, form: &[(&str, &str)]) -> Reply {
    let r = reqwest::Client::new()
        .post(format!("{}/open311/v2/requests.json", app.address))
        .form(form)
        .send()
        .await
        .expect("a response");
    Reply::read(r).await
}

#[tokio::test]
async fn an_open311_client_discovers_services_submits_a_request_and_follows_it_to_closed() {
    let app = TestApp::spawn().await;
    let public = app.anonymous();
    let operator = app.operator().await;
    let dispatcher = app.dispatcher().await;
    let zone = app.zone().await;
    let reviewer = app.reviewer().await;
    let visit_agent = app.visit_agent().await;

    let discovery = public
        .get("/open311/v2/discovery.json")
        .await
        .expect(StatusCode::OK);
    assert_eq!(
        discovery["endpoints"][0]["specification"],
        "http://wiki.open311.org/GeoReport_v2"
    );
    let services = public
        .get("/open311/v2/services.json")
        .await
        .expect(StatusCode::OK);
    let services = services.as_array().expect("a list of services");
    assert!(!services.is_empty());
    let categories = operator
        .get("/api/v1/categories")
        .await
        .expect(StatusCode::OK);
    let codes: Vec<&Value> = categories
        .as_array()
        .unwrap()
        .iter()
        .map(|c| &c["code"])
        .collect();
    assert!(
        services.iter().all(|s| codes.contains(&&s["service_code"])),
        "every service_code is a category code"
    );
    let toilet = services
        .iter()
        .find(|s| s["service_code"] == PUBLIC_TOILET)
        .expect("the public toilet service");
    assert_eq!(toilet["service_name"], "公共厕所管理");

    let key = api_key(&operator).await;
    let r = submit(
        &app,
        &[
            ("api_key", key.as_str()),
            ("service_code", PUBLIC_TOILET),
            ("description", "太公三路海滨公园南门公共厕所停水，无法使用"),
            ("address_string", "太公三路海滨公园南门"),
            ("lat", "35.3872"),
            ("long", "119.5283"),
        ],
    )
    .await;
    let created = r.expect(StatusCode::CREATED);
    let request_id = created[0]["service_request_id"]
        .as_str()
        .expect("a service_request_id")
        .to_string();

    let shown = public
        .get(&format!("/open311/v2/requests/{request_id}.json"))
        .await
        .expect(StatusCode::OK);
    assert_eq!(shown[0]["service_request_id"], request_id.as_str());
    assert_eq!(shown[0]["status"], "open");
    assert_eq!(shown[0]["service_code"], PUBLIC_TOILET);
    assert_eq!(shown[0]["lat"], 35.3872);

    // The hotline works the ticket through the JSON API until it is closed.
    let t = dispatcher
        .get(&format!("/api/v1/tickets/by-number/{request_id}"))
        .await
        .expect(StatusCode::OK);
    assert_eq!(t["channel"], "open311");
    assert_eq!(state(&t), "pending_dispatch");
    let t = dispatcher.act(&t, dispatch_to(zone.unit())).await;
    let t = zone.act(&t, sign_for()).await;
    let t = zone.act(&t, reply("已恢复供水。")).await;
    // Not shown before the review passes it: it may yet be sent back.
    let notes = |shown: Value| shown[0]["status_notes"].clone();
    let path = format!("/open311/v2/requests/{request_id}.json");
    let waiting = notes(public.get(&path).await.expect(StatusCode::OK));
    assert_eq!(waiting, "待审核", "{waiting}");
    let t = reviewer.act(&t, review_pass()).await;
    let passed = notes(public.get(&path).await.expect(StatusCode::OK));
    assert_eq!(passed, "已恢复供水。");
    let t = visit_agent.act(&t, visit("smart", "satisfied")).await;
    let t = visit_agent.act(&t, close()).await;
    assert_eq!(state(&t), "closed");

    let shown = public
        .get(&format!("/open311/v2/requests/{request_id}.json"))
        .await
        .expect(StatusCode::OK);
    assert_eq!(shown[0]["status"], "closed");
    assert_eq!(shown[0]["status_notes"], "已恢复供水。");
    let closed = public
        .get("/open311/v2/requests.json?status=closed")
        .await
        .expect(StatusCode::OK);
    assert_eq!(closed.as_array().map(Vec::len), Some(1));
}

/// Requests are public: who asked, and any mobile number written in the description, the
/// address or the answer, is masked there, whether or not the caller asked for
/// confidentiality.
#[tokio::test]
async fn what_the_public_reads_of_a_request_names_no_caller() {
    let app = TestApp::spawn().await;
    let public = app.anonymous();
    let operator = app.operator().await;
    let (dispatcher, zone) = (app.dispatcher().await, app.zone().await);
    let key = api_key(&operator).await;
    let created = submit(
        &app,
        &[
            ("api_key", key.as_str()),
            ("service_code", PUBLIC_TOILET),
            (
                "description",
                "公厕停水，请联系王小明13812345678或15000003333",
            ),
            ("address_string", "太公三路18号王小明家门口"),
            ("last_name", "王"),
            ("first_name", "小明"),
            ("phone", "13812345678"),
        ],
    )
    .await
    .expect(StatusCode::CREATED);
    let number = created[0]["service_request_id"]
        .as_str()
        .expect("an id")
        .to_string();
    let t = dispatcher
        .get(&format!("/api/v1/tickets/by-number/{number}"))
        .await
        .expect(StatusCode::OK);
    let t = dispatcher.act(&t, dispatch_to(zone.unit())).await;
    let t = zone.act(&t, sign_for()).await;
    let t = zone
        .act(&t, reply("王小明您好，已恢复供水，可拨13900001111咨询。"))
        .await;
    // Shown once the review passed it.
    app.reviewer().await.act(&t, review_pass()).await;
    let one = public
        .get(&format!("/open311/v2/requests/{number}.json"))
        .await
        .expect(StatusCode::OK);
    let listed = public
        .get("/open311/v2/requests.json")
        .await
        .expect(StatusCode::OK);
    for shown in [one.to_string(), listed.to_string()] {
        for secret in ["王小明", "13812345678", "15000003333", "13900001111"] {
            assert!(!shown.contains(secret), "{secret} in {shown}");
        }
        assert!(shown.contains("公厕停水"), "{shown}");
    }
    assert!(one[0]["status_notes"]
        .as_str()
        .is_some_and(|n| n.contains("已恢复供水")));
}

#[tokio::test]
async fn an_open311_request_needs_an_api_key_and_a_description() {
    let app = TestApp::spawn().await;
    let operator = app.operator().await;
    let key = api_key(&operator).await;

    let r = submit(
        &app,
        &[
            ("service_code", PUBLIC_TOILET),
            ("description", "公厕停水"),
            ("address_string", "太公三路"),
        ],
    )
    .await;
    r.problem(StatusCode::FORBIDDEN, "api-key");
    let r = submit(
        &app,
        &[
            ("api_key", "hl_not-a-token"),
            ("service_code", PUBLIC_TOILET),
            ("description", "公厕停水"),
            ("address_string", "太公三路"),
        ],
    )
    .await;
    assert!(
        matches!(r.status, StatusCode::UNAUTHORIZED | StatusCode::FORBIDDEN),
        "{}",
        r.text
    );
    // A person's session is no key for a channel, and a key makes no more keys.
    let session = app
        .anonymous()
        .post(
            "/api/v1/session",
            &serde_json::json!({ "username": "demo-operator", "password": PASSWORD }),
        )
        .await
        .expect(StatusCode::OK)["token"]
        .as_str()
        .unwrap_or_default()
        .to_string();
    let form = [
        ("api_key", session.as_str()),
        ("service_code", PUBLIC_TOILET),
        ("description", "公厕停水"),
        ("address_string", "太公三路"),
    ];
    submit(&app, &form)
        .await
        .problem(StatusCode::FORBIDDEN, "api-key");
    let minted = reqwest::Client::new()
        .post(format!("{}/api/v1/tokens", app.address))
        .bearer_auth(&key)
        .send()
        .await
        .expect("a reply");
    assert_eq!(minted.status(), StatusCode::FORBIDDEN);
    let r = submit(
        &app,
        &[
            ("api_key", key.as_str()),
            ("service_code", PUBLIC_TOILET),
            ("address_string", "太公三路"),
        ],
    )
    .await;
    let problem = r.problem(StatusCode::UNPROCESSABLE_ENTITY, "invalid-field");
    assert_eq!(problem["field"], "description");
    // Only a service services.json offers: not a group of them (环境卫生), not an unknown code.
    let group = &PUBLIC_TOILET[..4];
    for code in [group, "999999"] {
        let r = submit(
            &app,
            &[
                ("api_key", key.as_str()),
                ("service_code", code),
                ("description", "公厕停水"),
                ("address_string", "太公三路"),
            ],
        )
        .await;
        let problem = r.problem(StatusCode::UNPROCESSABLE_ENTITY, "invalid-field");
        assert_eq!(problem["field"], "service_code");
        assert!(problem["message_zh"]
            .as_str()
            .is_some_and(|m| m.contains("services.json")));
    }
    app.anonymous()
        .get(&format!("/open311/v2/services/{group}.json"))
        .await
        .expect(StatusCode::NOT_FOUND);
    // A NUL character, which no database stores in text, is named in its GeoReport field.
    let r = submit(
        &app,
        &[
            ("api_key", key.as_str()),
            ("service_code", PUBLIC_TOILET),
            ("description", "公厕\u{0}停水"),
            ("address_string", "太公三路"),
        ],
    )
    .await;
    let problem = r.problem(StatusCode::UNPROCESSABLE_ENTITY, "invalid-body");
    assert!(
        problem["message_zh"].to_string().contains("description"),
        "{problem}"
    );

    assert_eq!(
        operator.ticket_total().await,
        0,
        "no refused request left a ticket"
    );
}

#[tokio::test]
async fn an_open311_request_located_by_coordinates_alone_is_accepted() {
    let app = TestApp::spawn().await;
    let operator = app.operator().await;
    let key = api_key(&operator).await;
    let r = submit(
        &app,
        &[
            ("api_key", key.as_str()),
            ("service_code", PUBLIC_TOILET),
            ("description", "公厕停水"),
            ("lat", "35.3872"),
            ("long", "119.5283"),
        ],
    )
    .await;
    let created = r.expect(StatusCode::CREATED);
    assert!(created[0]["service_request_id"].is_string());
}

#[tokio::test]
async fn a_device_resending_a_request_gets_one_ticket_and_its_other_requests_are_new() {
    let app = TestApp::spawn().await;
    let operator = app.operator().await;
    let key = api_key(&operator).await;
    let form = |description: &'static str| {
        vec![
            ("api_key", key.clone()),
            ("service_code", PUBLIC_TOILET.to_string()),
            ("description", description.to_string()),
            ("address_string", "太公三路海滨公园南门".to_string()),
            ("device_id", "phone-7f3a".to_string()),
        ]
    };
    let send = |f: Vec<(&'static str, String)>| {
        let app = &app;
        async move {
            let pairs: Vec<(&str, &str)> = f.iter().map(|(k, v)| (*k, v.as_str())).collect();
            submit(app, &pairs).await
        }
    };
    let id_of = |v: Value| v[0]["service_request_id"].as_str().map(String::from);
    let first = id_of(send(form("公厕停水")).await.expect(StatusCode::CREATED));
    let retry = send(form("公厕停水")).await;
    assert!(retry.status.is_success(), "{}", retry.text);
    assert_eq!(
        id_of(retry.body),
        first,
        "a resent request is the same ticket"
    );
    let other = id_of(
        send(form("公厕门口路灯不亮"))
            .await
            .expect(StatusCode::CREATED),
    );
    assert_ne!(
        other, first,
        "another request from the device is another ticket"
    );
    assert_eq!(operator.ticket_total().await, 2);

    // Refusals name the GeoReport fields.
    let mut bad = form("公厕停水");
    bad.push(("phone", "abc".to_string()));
    let bad_phone = send(bad).await;
    assert_eq!(
        bad_phone.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        bad_phone.text
    );
    assert_eq!(bad_phone.body["field"], "phone", "{}", bad_phone.text);
    assert!(!bad_phone.text.contains("caller."), "{}", bad_phone.text);
    let mut far = form("公厕停水");
    far.push(("lat", "135.0".to_string()));
    let far = send(far).await;
    assert_eq!(far.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", far.text);
    assert_eq!(far.body["field"], "lat", "{}", far.text);
}

#[tokio::test]
async fn a_merged_open311_request_follows_its_master() {
    let app = TestApp::spawn().await;
    let public = app.anonymous();
    let operator = app.operator().await;
    let dispatcher = app.dispatcher().await;
    let zone = app.zone().await;
    let master = operator.create_ticket(&toilet_without_water()).await;
    let key = api_key(&operator).await;
    let created = submit(
        &app,
        &[
            ("api_key", key.as_str()),
            ("service_code", PUBLIC_TOILET),
            ("description", "海滨公园南门公共厕所还是停水"),
            ("address_string", "太公三路海滨公园南门"),
        ],
    )
    .await
    .expect(StatusCode::CREATED);
    let request_id = created[0]["service_request_id"]
        .as_str()
        .expect("a service_request_id")
        .to_string();
    let child = operator
        .get(&format!("/api/v1/tickets/by-number/{request_id}"))
        .await
        .expect(StatusCode::OK);
    let merged = operator
        .act(&child, json!({ "action": "merge", "master": id(&master) }))
        .await;
    assert_eq!(state(&merged), "merged");

    // Merged, the request is still open while its master is handled, and says with which.
    let path = format!("/open311/v2/requests/{request_id}.json");
    let shown = public.get(&path).await.expect(StatusCode::OK);
    assert_eq!(shown[0]["status"], "open", "{shown}");
    // The master came in by phone: its number and reply are another caller's, not shown.
    let number = master["number"].as_str().expect("a number");
    let notes = shown[0]["status_notes"].as_str().unwrap_or("");
    assert!(
        notes.contains("合并办理") && !notes.contains(number),
        "{notes}"
    );
    let listed = |status: &'static str| {
        let (public, wanted) = (&public, request_id.as_str());
        async move {
            public
                .get(&format!("/open311/v2/requests.json?status={status}"))
                .await
                .expect(StatusCode::OK)
                .as_array()
                .map(|a| a.iter().any(|r| r["service_request_id"] == wanted))
        }
    };
    assert_eq!(listed("open").await, Some(true));
    assert_eq!(listed("closed").await, Some(false));

    // The master's unit and state are the request's; the phone caller's reply is not shown.
    let master = operator
        .get(&format!("/api/v1/tickets/{}", id(&master)))
        .await
        .expect(StatusCode::OK);
    let master = dispatcher.act(&master, dispatch_to(zone.unit())).await;
    let master = zone.act(&master, sign_for()).await;
    zone.act(&master, reply("已恢复供水。")).await;
    let shown = public.get(&path).await.expect(StatusCode::OK);
    let notes = shown[0]["status_notes"].as_str().unwrap_or("");
    assert!(
        notes.contains("待审核") && !notes.contains("已恢复供水"),
        "{shown}"
    );
    assert!(!shown[0]["agency_responsible"]
        .as_str()
        .unwrap_or("")
        .is_empty());
}
