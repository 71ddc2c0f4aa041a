//! Units see only their own tickets, and never a confidential caller's identity.
use reqwest::StatusCode;
use serde_json::json;

use crate::support::*;

#[tokio::test]
async fn a_unit_is_denied_a_ticket_dispatched_to_another_unit() {
    let app = TestApp::spawn().await;
    let operator = app.operator().await;
    let dispatcher = app.dispatcher().await;
    let zone = app.zone().await;
    let other = app.other_unit().await;
    assert_ne!(other.unit(), zone.unit());

    let t = operator.create_ticket(&toilet_without_water()).await;
    let t = dispatcher.act(&t, dispatch_to(zone.unit())).await;

    other
        .get(&format!("/api/v1/tickets/{}", id(&t)))
        .await
        .problem(StatusCode::FORBIDDEN, "forbidden");
    other
        .get(&format!("/api/v1/tickets/{}/timeline", id(&t)))
        .await
        .problem(StatusCode::FORBIDDEN, "forbidden");
    let number = t["number"].as_str().unwrap();
    other
        .get(&format!("/api/v1/tickets/by-number/{number}"))
        .await
        .problem(StatusCode::FORBIDDEN, "forbidden");
    other
        .try_act(id(&t), version(&t), sign_for())
        .await
        .problem(StatusCode::FORBIDDEN, "forbidden");
    assert!(other.listed_ids("/api/v1/tickets").await.is_empty());
    assert!(other
        .listed_ids(&format!("/api/v1/tickets?unit={}", zone.unit()))
        .await
        .is_empty());
    assert!(other
        .listed_ids("/api/v1/queues/to_sign_for")
        .await
        .is_empty());
    assert_eq!(other.queue_count("to_sign_for").await, Some(0));
    other
        .get("/api/v1/callers/13812345678/tickets")
        .await
        .problem(StatusCode::FORBIDDEN, "forbidden");

    // The unit it went to sees it, and nothing was changed by the refusals.
    assert_eq!(zone.listed_ids("/api/v1/tickets").await, vec![id(&t)]);
    assert_eq!(
        zone.listed_ids("/api/v1/queues/to_sign_for").await,
        vec![id(&t)]
    );
    assert_eq!(version(&zone.ticket(id(&t)).await), version(&t));
}

#[tokio::test]
async fn a_confidential_callers_name_and_phone_are_masked_for_units_but_not_for_the_centre() {
    let app = TestApp::spawn().await;
    let operator = app.operator().await;
    let dispatcher = app.dispatcher().await;
    let zone = app.zone().await;

    let t = operator.create_ticket(&confidential_call()).await;
    assert_eq!(t["caller"]["name"], "王先生");
    let t = dispatcher.act(&t, dispatch_to(zone.unit())).await;
    assert_eq!(t["caller"]["name"], "王先生", "the centre sees the caller");
    assert_eq!(t["caller"]["phone"], "13812345678");

    let seen = zone.ticket(id(&t)).await;
    assert_eq!(seen["caller"]["name"], "保密");
    assert_eq!(seen["caller"]["phone"], "138****5678");
    assert_eq!(seen["caller"]["confidential"], true);
    let listed = zone.get("/api/v1/tickets").await.expect(StatusCode::OK);
    assert_eq!(listed["items"][0]["caller"]["phone"], "138****5678");
    // Nor can the unit confirm a guess of the masked digits by searching for it.
    zone.get("/api/v1/tickets?phone=13812345678")
        .await
        .problem(StatusCode::FORBIDDEN, "forbidden");
    let timeline = zone
        .get(&format!("/api/v1/tickets/{}/timeline", id(&t)))
        .await
        .expect(StatusCode::OK);
    let created = &timeline["events"][0]["event"];
    assert_eq!(created["type"], "created");
    assert_eq!(created["ticket"]["caller"]["phone"], "138****5678");
    assert!(
        !timeline.to_string().contains("13812345678"),
        "the timeline leaks the phone"
    );
    assert!(
        !timeline.to_string().contains("王先生"),
        "the timeline leaks the name"
    );

    // The unit's own actions answer with the masked view as well.
    let signed = zone.act(&seen, sign_for()).await;
    assert_eq!(signed["caller"]["name"], "保密");
    assert_eq!(
        dispatcher.ticket(id(&t)).await["caller"]["phone"],
        "13812345678"
    );

    // Written into the record or a note by the centre, the phone and the name are masked too.
    let mut told = confidential_call();
    told["record"] =
        json!("来电人王先生(13812345678)反映公厕停水,要求回电13812345678或138-1234-5678,另一号码15000003333。");
    let told = operator.create_ticket(&told).await;
    let told = dispatcher
        .act(
            &told,
            json!({"action": "dispatch", "main": zone.unit(), "note": "请联系王先生13812345678"}),
        )
        .await;
    assert!(
        told.to_string().contains("13812345678"),
        "the centre sees it"
    );
    let seen = zone.ticket(id(&told)).await;
    assert_eq!(
        seen["record"],
        "来电人保密(138****5678)反映公厕停水,要求回电138****5678或138****5678,另一号码150****3333。"
    );
    assert_eq!(seen["number"], told["number"]);
    let listed = zone.get("/api/v1/tickets").await.expect(StatusCode::OK);
    let queued = zone
        .get("/api/v1/queues/to_sign_for")
        .await
        .expect(StatusCode::OK);
    let timeline = zone
        .get(&format!("/api/v1/tickets/{}/timeline", id(&told)))
        .await
        .expect(StatusCode::OK);
    for (what, shown) in [
        ("ticket", seen),
        ("list", listed),
        ("queue", queued),
        ("timeline", timeline),
    ] {
        let shown = shown.to_string();
        assert!(
            !shown.contains("13812345678")
                && !shown.contains("1234-5678")
                && !shown.contains("15000003333")
                && !shown.contains("王先生"),
            "the {what} leaks the caller: {shown}"
        );
    }

    // Nor does a keyword search find the ticket by what is masked in it.
    for guess in [
        "13812345678",
        "1234",
        "王先生",
        "138-1234-5678",
        "1234-5678",
        "15000003333",
        // A prefix of the other number, a digit at a time (not a whole mobile number).
        "1500000",
        "150-0000-333",
        // A guess beside a word the ticket shows: every word must be found, so the guess
        // alone decides (a search for "1381 公厕" told whether the number holds 1381).
        "1381 公厕",
        "公厕 王",
        "公厕　1500000",
        // Part of the name with the text beside it: "来电人王先生" shows "来电人保密".
        "人王",
        "电人王",
        "生(138",
    ] {
        assert!(
            !found_by(&zone, guess).await.contains(&id(&told)),
            "a search for {guess} finds the confidential ticket"
        );
    }
    assert!(found_by(&zone, "公厕").await.contains(&id(&told)));

    // A caller who did not ask for confidentiality is shown to the unit.
    let open = operator.create_ticket(&call_from("13900001111")).await;
    let open = dispatcher.act(&open, dispatch_to(zone.unit())).await;
    assert_eq!(
        zone.ticket(id(&open)).await["caller"]["phone"],
        "13900001111"
    );
}

/// A confidential caller's landline, kept with the city's area code, is masked for units where
/// the operator wrote it without the code (and the other way round), once the centre has set
/// the code.
#[tokio::test]
async fn a_confidential_callers_landline_is_masked_with_or_without_the_area_code() {
    let app = TestApp::spawn().await;
    let admin = app.login("demo-admin").await;
    let mut policy = admin.get("/api/v1/policy").await.expect(StatusCode::OK);
    policy["area_code"] = json!("0633");
    admin
        .put("/api/v1/policy", &policy)
        .await
        .expect(StatusCode::NO_CONTENT);
    let operator = app.operator().await;
    let dispatcher = app.dispatcher().await;
    let zone = app.zone().await;
    let mut told = confidential_call();
    told["caller"]["phone"] = json!("0633-7654321");
    told["record"] = json!("来电人反映公厕停水,白天请拨座机7654321联系。");
    let told = operator.create_ticket(&told).await;
    let told = dispatcher
        .act(
            &told,
            json!({"action": "dispatch", "main": zone.unit(), "note": "请回电7654321"}),
        )
        .await;
    let seen = zone.ticket(id(&told)).await;
    let timeline = zone
        .get(&format!("/api/v1/tickets/{}/timeline", id(&told)))
        .await
        .expect(StatusCode::OK);
    let listed = zone.get("/api/v1/tickets").await.expect(StatusCode::OK);
    for (what, shown) in [("ticket", seen), ("timeline", timeline), ("list", listed)] {
        let shown = shown.to_string();
        assert!(
            !shown.contains("7654321") && !shown.contains("765432"),
            "the {what} leaks the landline: {shown}"
        );
    }
    // Nor does a keyword search confirm a guess of it, written either way.
    for guess in ["座机7654321", "7654321", "06337654321", "回电7654321"] {
        assert!(
            !found_by(&zone, guess).await.contains(&id(&told)),
            "a search for {guess} finds the confidential ticket"
        );
    }
    assert!(found_by(&zone, "公厕").await.contains(&id(&told)));
}

/// The tickets a keyword search for `q` lists for this user.
async fn found_by(c: &Client, q: &str) -> Vec<i64> {
    let path = reqwest::Url::parse_with_params("http://x/api/v1/tickets", [("q", q)])
        .map(|u| format!("{}?{}", u.path(), u.query().unwrap_or_default()))
        .unwrap_or_default();
    c.listed_ids(&path).await
}

/// A confidential caller's name corrected by an edit: the record, written with the first name,
/// shows the unit neither, on the ticket as on its timeline.
#[tokio::test]
async fn a_corrected_confidential_callers_first_name_stays_masked() {
    let app = TestApp::spawn().await;
    let (operator, dispatcher, zone) = (
        app.operator().await,
        app.dispatcher().await,
        app.zone().await,
    );
    let mut call = confidential_call();
    call["caller"]["name"] = json!("王小明");
    call["caller"]["phone"] = json!("13812345678");
    call["record"] = json!("来电人王小明反映公厕停水,请回电13812345678。");
    let t = operator.create_ticket(&call).await;
    let edit = json!({ "action": "edit", "edit": { "caller": { "name": "王晓明", "phone": "13987654321" } } });
    let t = operator.act(&t, edit).await;
    let t = dispatcher.act(&t, dispatch_to(zone.unit())).await;
    let seen = zone.ticket(id(&t)).await;
    let timeline = zone
        .get(&format!("/api/v1/tickets/{}/timeline", id(&t)))
        .await
        .expect(StatusCode::OK);
    let listed = zone.get("/api/v1/tickets").await.expect(StatusCode::OK);
    let queued = zone
        .get("/api/v1/queues/to_sign_for")
        .await
        .expect(StatusCode::OK);
    for shown in [
        seen.to_string(),
        timeline.to_string(),
        listed.to_string(),
        queued.to_string(),
    ] {
        for secret in ["王小明", "13812345678", "王晓明", "13987654321"] {
            assert!(!shown.contains(secret), "{secret} in {shown}");
        }
    }
    assert!(seen["record"]
        .as_str()
        .is_some_and(|r| r.contains("公厕停水")));
    // Nor does a search confirm the first name or number beside a word the ticket shows.
    for guess in ["王小明 公厕", "公厕 1381"] {
        assert!(
            !found_by(&zone, guess).await.contains(&id(&t)),
            "a search for {guess} finds the confidential ticket"
        );
    }
    assert!(found_by(&zone, "公厕").await.contains(&id(&t)));
}

/// A caller who asks for confidentiality after the first record was taken: the name and number
/// that record was written with are masked as well.
#[tokio::test]
async fn a_caller_made_confidential_later_is_masked_in_the_first_record_too() {
    let app = TestApp::spawn().await;
    let (operator, dispatcher, zone) = (
        app.operator().await,
        app.dispatcher().await,
        app.zone().await,
    );
    let mut call = call_from("13812345678");
    call["caller"]["name"] = json!("王小明");
    call["record"] = json!("来电人王小明反映公厕停水,请回电13812345678。");
    let t = operator.create_ticket(&call).await;
    let edit = json!({ "action": "edit", "edit": { "caller": { "name": "王晓明", "phone": "13987654321", "confidential": true } } });
    let t = operator.act(&t, edit).await;
    let t = dispatcher.act(&t, dispatch_to(zone.unit())).await;
    let seen = zone.ticket(id(&t)).await.to_string();
    for secret in ["王小明", "13812345678", "王晓明", "13987654321"] {
        assert!(!seen.contains(secret), "{secret} in {seen}");
    }
}

/// A search's total and its pages leave out what a unit may not find, beyond the page shown as
/// on it: a guess at a confidential caller's name is not told right by a count that includes a
/// ticket past the page.
#[tokio::test]
async fn a_units_search_total_does_not_count_what_only_a_masked_caller_matched() {
    let app = TestApp::spawn().await;
    let (operator, dispatcher, zone) = (
        app.operator().await,
        app.dispatcher().await,
        app.zone().await,
    );
    let mut hidden = confidential_call();
    hidden["caller"]["name"] = json!("王小明");
    hidden["record"] = json!("来电人王小明反映公厕停水。");
    let hidden = operator.create_ticket(&hidden).await;
    dispatcher.act(&hidden, dispatch_to(zone.unit())).await;
    // Newer, and naming 王小明 where the unit may read it (a caller who asked nothing).
    let mut open = call_from("13900001111");
    open["record"] = json!("来电人反映王小明家门口公厕停水。");
    let open = operator.create_ticket(&open).await;
    dispatcher.act(&open, dispatch_to(zone.unit())).await;

    let first = (zone.get("/api/v1/tickets?q=%E7%8E%8B%E5%B0%8F%E6%98%8E&limit=1"))
        .await
        .expect(StatusCode::OK);
    assert_eq!(ids(&first), vec![id(&open)]);
    assert_eq!(first["total"], 1, "the confidential ticket is not counted");
    let second = (zone.get("/api/v1/tickets?q=%E7%8E%8B%E5%B0%8F%E6%98%8E&limit=1&offset=1"))
        .await
        .expect(StatusCode::OK);
    assert_eq!(ids(&second), Vec::<i64>::new());
    // The centre finds both.
    let centre = (dispatcher.get("/api/v1/tickets?q=%E7%8E%8B%E5%B0%8F%E6%98%8E&limit=1"))
        .await
        .expect(StatusCode::OK);
    assert_eq!(centre["total"], 2);
    // A word the unit sees still finds the confidential ticket, counted.
    let seen = (zone.get("/api/v1/tickets?q=%E5%85%AC%E5%8E%95&limit=1"))
        .await
        .expect(StatusCode::OK);
    assert_eq!(seen["total"], 2);
}
