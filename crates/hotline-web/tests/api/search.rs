//! `GET /api/v1/tickets`: a filter that names nothing the city has, or a page size out of range,
//! is refused with the field named, not answered with an empty or silently trimmed page.
use reqwest::StatusCode;

use crate::support::*;

#[tokio::test]
async fn search_filters_name_the_citys_codes_and_pages_stay_in_range() {
    let app = TestApp::spawn().await;
    let operator = app.operator().await;
    let dispatcher = app.dispatcher().await;
    let t = operator.create_ticket(&call_from("13600002468")).await;

    // The codes the ticket carries find it.
    let found = dispatcher
        .listed_ids(&format!(
            "/api/v1/tickets?phone=13600002468&district=D03&category={PUBLIC_TOILET}"
        ))
        .await;
    assert_eq!(found, vec![id(&t)]);
    // A form's empty select is no filter; a padded code is the code.
    for query in ["district=", "district=%20D03", "category=%20"] {
        let found = dispatcher
            .listed_ids(&format!("/api/v1/tickets?phone=13600002468&{query}"))
            .await;
        assert_eq!(found, vec![id(&t)], "{query}");
    }

    // A misspelt code is named, whichever filter it is in.
    for (query, field, says) in [
        ("district=D99", "district", "没有编码为 D99 的区县"),
        ("district=D03S01", "district", "不是区县"),
        ("category=9999", "category", "没有编码为 9999 的分类"),
        ("unit=987654", "unit", "没有编号为 987654 的单位"),
        ("holder=987654", "holder", "没有编号为 987654 的单位"),
    ] {
        let p = dispatcher
            .get(&format!("/api/v1/tickets?{query}"))
            .await
            .problem(StatusCode::UNPROCESSABLE_ENTITY, "invalid-field");
        assert_eq!(p["field"], field, "{query}: {p}");
        assert!(p.to_string().contains(says), "{query}: {p}");
    }

    // Page sizes: 1 to 200, on lists and queues alike.
    for path in [
        "/api/v1/tickets?limit=0",
        "/api/v1/tickets?limit=201",
        "/api/v1/queues/overdue?limit=100000",
        "/api/v1/knowledge/articles?limit=0",
    ] {
        let p = dispatcher
            .get(path)
            .await
            .problem(StatusCode::UNPROCESSABLE_ENTITY, "invalid-field");
        assert_eq!(p["field"], "limit", "{path}: {p}");
        assert!(p.to_string().contains("1–200"), "{path}: {p}");
    }
    let page = dispatcher
        .get("/api/v1/tickets?limit=200")
        .await
        .expect(StatusCode::OK);
    assert!(page["total"].as_u64().unwrap() >= 1);

    // Knowledge search pages hold at most 50 hits.
    let p = dispatcher
        .get("/api/v1/knowledge/search?q=%E5%81%9C%E6%B0%B4&limit=51")
        .await
        .problem(StatusCode::UNPROCESSABLE_ENTITY, "invalid-field");
    assert_eq!(p["field"], "limit", "{p}");
    dispatcher
        .get("/api/v1/knowledge/search?q=%E5%81%9C%E6%B0%B4&limit=50")
        .await
        .expect(StatusCode::OK);
}

/// An address spelling a NUL character is refused, on every path, before anything reaches the
/// store (PostgreSQL answered a lookup by it with a server error); the JSON API and Open311 as
/// a problem, the pages as a page.
#[tokio::test]
async fn an_address_holding_a_nul_character_is_refused_whatever_the_path() {
    let app = TestApp::spawn().await;
    let dispatcher = app.dispatcher().await;
    for path in [
        "/api/v1/tickets?number=%00",
        "/api/v1/tickets?phone=138%00",
        "/api/v1/tickets/by-number/a%00b",
        "/api/v1/callers/abc%00/tickets",
        "/open311/v2/requests.json?service_request_id=%00",
        "/open311/v2/requests/%00.json",
    ] {
        let p = dispatcher
            .get(path)
            .await
            .problem(StatusCode::UNPROCESSABLE_ENTITY, "invalid-address");
        assert!(p.to_string().contains("NUL"), "{path}: {p}");
    }
    for path in ["/search?number=%00", "/intake/caller?phone=abcde%00"] {
        refused_with_a_page(dispatcher.get(path).await, path, "NUL 字符");
    }
    // A % that spells something else is no NUL.
    dispatcher
        .get("/api/v1/tickets?q=100%2500")
        .await
        .expect(StatusCode::OK);
}

/// A keyword search of more than 100 characters is refused as such (one word of thousands
/// made SQLite give up on its pattern, a server error).
#[tokio::test]
async fn a_keyword_search_too_long_is_refused() {
    let app = TestApp::spawn().await;
    let dispatcher = app.dispatcher().await;
    let long = "1-".repeat(26_000);
    let p = dispatcher
        .get(&format!("/api/v1/tickets?q={long}"))
        .await
        .problem(StatusCode::UNPROCESSABLE_ENTITY, "invalid-field");
    assert_eq!(p["field"], "q", "{p}");
    let words = "停水".repeat(50);
    dispatcher
        .get(&format!("/api/v1/tickets?q={words}"))
        .await
        .expect(StatusCode::OK);
}

/// A page's query it cannot read is refused with a page in Chinese, not axum's English text.
#[tokio::test]
async fn a_pages_unreadable_query_is_refused_with_a_page() {
    let app = TestApp::spawn().await;
    let signed_in = app
        .anonymous()
        .post(
            "/api/v1/session",
            &serde_json::json!({ "username": "demo-admin", "password": PASSWORD }),
        )
        .await
        .expect(StatusCode::OK);
    let cookie = format!(
        "hotline_session={}",
        signed_in["token"].as_str().unwrap_or_default()
    );
    let http = reqwest::Client::new();
    for path in ["/knowledge/manage?page=-1", "/admin/responsibility?saved=x"] {
        let sent = http
            .get(app.anonymous().url(path))
            .header("cookie", &cookie)
            .send();
        let page = Reply::read(sent.await.expect("sending a GET")).await;
        refused_with_a_page(page, path, "无法读取该链接");
    }
}

/// A workstation page refusing the request (400) that says `says`.
#[track_caller]
fn refused_with_a_page(page: Reply, path: &str, says: &str) {
    assert_eq!(
        page.status,
        StatusCode::BAD_REQUEST,
        "{path}: {}",
        page.text
    );
    assert!(page.content_type.starts_with("text/html"), "{path}");
    assert!(page.text.contains(says), "{path}: {}", page.text);
}
