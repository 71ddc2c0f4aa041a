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
