//! Finding knowledge articles: by a word of the body once published, by a caller's own words
//! or phrase, page by page, browsed without words, and offered while a call is recorded; never
//! a retired or expired article, nor for an emergency or a place's name.
use chrono::TimeDelta;
use reqwest::StatusCode;
use serde_json::json;

use crate::knowledge::{guide_dogs, hit_ids, published, recommend, search, status, write, DRAFT};
use crate::support::{id, version, TestApp};

#[tokio::test]
async fn an_article_is_found_by_a_word_of_its_body_once_published() {
    let app = TestApp::spawn().await;
    let operator = app.operator().await;
    let draft = write(&operator, &guide_dogs()).await;
    assert_eq!(draft["status"], "draft");
    assert!(
        search(&operator, "q=导盲犬").await.is_empty(),
        "drafts are not found"
    );

    let submitted = status(&operator, &draft, "submit")
        .await
        .expect(StatusCode::OK);
    assert_eq!(submitted["status"], "in_review");
    status(&operator, &submitted, "publish")
        .await
        .problem(StatusCode::FORBIDDEN, "forbidden");
    // The inspector sends it back once: a draft again, its text unchanged, submitted again.
    let inspector = app.login("demo-inspector").await;
    status(&operator, &submitted, "decline")
        .await
        .problem(StatusCode::FORBIDDEN, "forbidden");
    // A reason is not kept anywhere: refused rather than dropped unseen.
    inspector
        .post(
            &format!("/api/v1/knowledge/articles/{}/decline", id(&submitted)),
            &json!({ "version": version(&submitted), "reason": "内容不准确" }),
        )
        .await
        .problem(StatusCode::UNPROCESSABLE_ENTITY, "invalid-body");
    let declined = status(&inspector, &submitted, "decline")
        .await
        .expect(StatusCode::OK);
    assert_eq!(
        (declined["status"].as_str(), declined["body"].clone()),
        (Some("draft"), submitted["body"].clone())
    );
    status(&inspector, &declined, "decline")
        .await
        .problem(StatusCode::CONFLICT, "conflict");
    let submitted = status(&operator, &declined, "submit")
        .await
        .expect(StatusCode::OK);
    let live = status(&inspector, &submitted, "publish")
        .await
        .expect(StatusCode::OK);
    assert_eq!(
        (live["status"].as_str(), version(&live)),
        (Some("published"), 5)
    );

    // 购票 is in the body only.
    let hits = operator
        .get("/api/v1/knowledge/search?q=%E8%B4%AD%E7%A5%A8")
        .await
        .expect(StatusCode::OK);
    assert_eq!(hit_ids(hits.clone()).first(), Some(&id(&live)), "{hits:#}");
    let snippet = hits["items"][0]["snippet_html"]
        .as_str()
        .unwrap_or_default();
    assert!(snippet.contains("<mark>购票</mark>"), "{snippet}");
    // A longer word outweighs the common words inside it (工作证 over 工作).
    let badge = search(&operator, "q=%E5%B7%A5%E4%BD%9C%E8%AF%81").await;
    assert_eq!(badge.first(), Some(&id(&live)), "{badge:?}");
    // Everyone signed in finds published articles, unit staff included.
    assert_eq!(
        search(&app.zone().await, "q=导盲犬").await.first(),
        Some(&id(&live))
    );
}

#[tokio::test]
async fn a_query_of_punctuation_only_finds_nothing_rather_than_failing() {
    let app = TestApp::spawn().await;
    let operator = app.operator().await;
    for q in ["q=%EF%BC%8C%E3%80%82%EF%BC%81%EF%BC%9F", "q=...%20!!", "q="] {
        assert!(search(&operator, q).await.is_empty(), "{q}");
    }
    // The demo's articles are there for words that mean something.
    assert!(!search(&operator, "q=路灯").await.is_empty());
    // A category the city does not have is named, not answered with nothing.
    for path in [
        "/api/v1/knowledge/search?q=路灯&category=nope",
        "/api/v1/knowledge/articles?category=nope",
    ] {
        let p = operator
            .get(path)
            .await
            .problem(StatusCode::UNPROCESSABLE_ENTITY, "invalid-field");
        assert!(p.to_string().contains("nope"), "{path}: {p}");
    }
    operator
        .post(
            "/api/v1/knowledge/recommend",
            &json!({ "text": "路灯不亮", "category": "nope" }),
        )
        .await
        .problem(StatusCode::UNPROCESSABLE_ENTITY, "invalid-field");
}

#[tokio::test]
async fn recommendations_offer_a_fitting_article_and_never_a_retired_or_expired_one() {
    let app = TestApp::spawn().await;
    let operator = app.operator().await;
    let inspector = app.login("demo-inspector").await;
    let live = published(&app, &guide_dogs()).await;
    let offered = recommend(&operator, DRAFT).await;
    // Words no article holds leave single characters, which find nothing worth offering.
    let unknown = recommend(&operator, "楼下有人遛狗不牵绳").await;
    assert!(unknown.is_empty(), "{unknown:?}");
    assert!(offered.len() <= 5);
    assert_eq!(offered.first(), Some(&id(&live)), "{offered:?}");

    status(&inspector, &live, "retire")
        .await
        .expect(StatusCode::OK);
    assert!(!recommend(&operator, DRAFT).await.contains(&id(&live)));
    assert!(search(&operator, "q=导盲犬").await.is_empty());

    // Valid until yesterday (the test clock starts on 2 March 2026): it would never be
    // offered, so it is not published.
    let mut old = guide_dogs();
    old["title"] = json!("导盲犬乘车须知(旧版)");
    old["valid_from"] = json!("2025-01-01");
    old["valid_to"] = json!("2026-03-01");
    let draft = write(&operator, &old).await;
    let refused = status(&inspector, &draft, "publish")
        .await
        .problem(StatusCode::UNPROCESSABLE_ENTITY, "invalid-field");
    assert_eq!(refused["field"], "valid_to", "{refused}");
    let unchanged = operator
        .get(&format!("/api/v1/knowledge/articles/{}", id(&draft)))
        .await
        .expect(StatusCode::OK);
    assert_eq!(
        (unchanged["status"].as_str(), version(&unchanged)),
        (Some("draft"), version(&draft))
    );
    // Valid until today, published, and a day later expired.
    old["valid_to"] = json!("2026-03-02");
    old["title"] = json!("导盲犬乘车须知(今日到期)");
    let expired = published(&app, &old).await;
    assert!(recommend(&operator, DRAFT).await.contains(&id(&expired)));
    app.advance(TimeDelta::days(1));
    // A new day, new sessions.
    let operator = app.operator().await;
    let inspector = app.login("demo-inspector").await;
    assert!(!recommend(&operator, DRAFT).await.contains(&id(&expired)));
    assert!(search(&operator, "q=导盲犬").await.is_empty());
    // Editors can still look it up.
    assert_eq!(
        search(&inspector, "q=导盲犬&include_expired=true").await,
        vec![id(&expired)]
    );
    operator
        .get("/api/v1/knowledge/search?q=导盲犬&status=retired")
        .await
        .expect(StatusCode::OK);
    app.zone()
        .await
        .get("/api/v1/knowledge/search?q=导盲犬&status=retired")
        .await
        .problem(StatusCode::FORBIDDEN, "forbidden");
}

#[tokio::test]
async fn words_inside_a_place_name_bring_no_article() {
    let app = TestApp::spawn().await;
    let operator = app.operator().await;
    let live = published(&app, &guide_dogs()).await;
    // 视障 is a word of the article: searched for, the address finds it.
    assert!(search(&operator, "q=视障路").await.contains(&id(&live)));
    // Said as an address, it is where the matter is, not what it is about.
    for draft in ["视障路18号门口的路灯坏了", "来电人反映视障路上的井盖丢了"]
    {
        let offered = recommend(&operator, draft).await;
        assert!(!offered.contains(&id(&live)), "{draft}: {offered:?}");
        let body = json!({ "subject": "", "text": draft, "channel": "phone" });
        let analysis = operator
            .post("/api/v1/intake/analyze", &body)
            .await
            .expect(StatusCode::OK);
        let hits = hit_ids(json!({ "items": analysis["knowledge"] }));
        assert!(!hits.contains(&id(&live)), "{draft}: {analysis}");
    }
    // The matter itself still finds it, an address or not.
    let offered = recommend(&operator, "视障路18号，视障人士想带导盲犬坐地铁").await;
    assert_eq!(offered.first(), Some(&id(&live)), "{offered:?}");
}

#[tokio::test]
async fn an_emergency_gets_no_articles_at_intake() {
    let app = TestApp::spawn().await;
    let article = published(&app, &guide_dogs()).await;
    let operator = app.operator().await;
    let plain = operator.analyze(DRAFT).await;
    assert_eq!(
        hit_ids(json!({"items": plain["knowledge"]})).first(),
        Some(&id(&article))
    );
    // The same words in a call to transfer to 120: no article is offered.
    let urgent = operator
        .analyze("地铁站里有个视障乘客晕倒了，他的导盲犬一直在叫，快来人。")
        .await;
    assert_eq!(
        urgent["scope"]["emergency"][0]["service"], "120",
        "{urgent}"
    );
    assert_eq!(urgent["knowledge"], json!([]), "{urgent}");
}

/// A caller or operator writing traditional script (醫保報銷, a Hong Kong resident's message)
/// finds the articles, gets the analysis and the screening of simplified script, and the
/// analysis still shows the text as written.
#[tokio::test]
async fn traditional_script_is_searched_analysed_and_screened_as_simplified_script() {
    let app = TestApp::spawn().await;
    let live = published(&app, &guide_dogs()).await;
    let operator = app.operator().await;
    let hits = operator
        .get("/api/v1/knowledge/search?q=%E5%B0%8E%E7%9B%B2%E7%8A%AC%E8%B3%BC%E7%A5%A8") // 導盲犬購票
        .await
        .expect(StatusCode::OK);
    assert_eq!(hit_ids(hits.clone()).first(), Some(&id(&live)), "{hits:#}");
    let snippet = hits["items"][0]["snippet_html"]
        .as_str()
        .unwrap_or_default();
    assert!(snippet.contains("<mark>导盲犬</mark>"), "{snippet}");

    let draft =
        "來電人反映：其為視障人士，帶著導盲犬乘坐地鐵時被工作人員攔下，詢問是否允許攜犬進站。";
    let a = operator.analyze(draft).await;
    assert_eq!(
        hit_ids(json!({"items": a["knowledge"]})).first(),
        Some(&id(&live)),
        "{a:#}"
    );
    assert_eq!(
        a["analysed_text"].as_str(),
        Some(format!("\n{draft}").as_str())
    );
    // The reader's own wording is in simplified script, as for the draft written so.
    let simplified = operator.analyze(DRAFT).await;
    for part in ["event", "demand", "missing"] {
        assert_eq!(a["elements"][part], simplified["elements"][part], "{part}");
    }
    assert_eq!(
        a["routing"]["categories"],
        simplified["routing"]["categories"]
    );

    let urgent = operator
        .analyze("救命，我被困在電梯裡了，電梯停在兩層中間。")
        .await;
    assert_eq!(
        urgent["scope"]["emergency"][0]["service"], "119",
        "{urgent:#}"
    );
}

#[tokio::test]
async fn a_search_pages_through_all_its_hits_and_says_how_many() {
    let app = TestApp::spawn().await;
    let operator = app.operator().await;
    let all = operator
        .get("/api/v1/knowledge/search?q=办理&limit=50")
        .await
        .expect(StatusCode::OK);
    let total = all["total"].as_u64().expect("a total") as usize;
    let everything = hit_ids(all);
    assert!(
        total >= 5 && everything.len() == total.min(50),
        "{total} {everything:?}"
    );
    // Two at a time, in the same order, none twice.
    let mut paged = Vec::new();
    for offset in (0..total.min(50)).step_by(2) {
        let page = operator
            .get(&format!(
                "/api/v1/knowledge/search?q=办理&limit=2&offset={offset}"
            ))
            .await
            .expect(StatusCode::OK);
        assert_eq!(page["total"].as_u64(), Some(total as u64), "{page}");
        assert_eq!(page["offset"].as_u64(), Some(offset as u64), "{page}");
        paged.extend(hit_ids(page));
    }
    assert_eq!(paged, everything);
    // Past the last hit: nothing, with the total still told.
    let past = operator
        .get(&format!("/api/v1/knowledge/search?q=办理&offset={total}"))
        .await
        .expect(StatusCode::OK);
    assert_eq!(
        (
            past["items"].as_array().map(Vec::len),
            past["total"].as_u64()
        ),
        (Some(0), Some(total as u64))
    );
    // Too far, or not a number: refused, naming the field.
    let p = operator
        .get("/api/v1/knowledge/search?q=办理&offset=5000")
        .await
        .problem(StatusCode::UNPROCESSABLE_ENTITY, "invalid-field");
    assert!(p.to_string().contains("offset"), "{p}");
    let r = operator
        .get("/api/v1/knowledge/search?q=办理&offset=-1")
        .await;
    assert!(
        r.status.is_client_error() && r.text.contains("offset"),
        "{}",
        r.text
    );
}

/// A caller's everyday word finds the article's official one (the shipped synonym list):
/// 驾照 finds 机动车驾驶证, in search and while the call is recorded.
#[tokio::test]
async fn a_callers_word_finds_the_article_written_with_the_official_one() {
    let app = TestApp::spawn().await;
    let article = published(
        &app,
        &json!({
            "title": "机动车驾驶证到期换证办理指南",
            "body": "机动车驾驶证有效期满前九十日内，持身份证和体检证明到车管所或在交管平台申请换领。",
            "kind": "service_guide",
            "category": "0401"
        }),
    )
    .await;
    let operator = app.operator().await;
    // Neither text shares a word with the article but 驾照.
    let q = "q=%E9%A9%BE%E7%85%A7"; // 驾照
    let found = search(&operator, q).await;
    assert!(found.contains(&id(&article)), "{found:?}");
    let offered = recommend(&operator, "来电人说驾照丢了，想问怎么补").await;
    assert!(offered.contains(&id(&article)), "{offered:?}");
}

/// A caller's phrase finds the article written in the lexicon's formal wording of it: 漫天尘土
/// finds 扬尘污染, in search and while the call is recorded.
#[tokio::test]
async fn a_callers_phrase_finds_the_article_written_in_its_formal_wording() {
    let app = TestApp::spawn().await;
    let article = published(
        &app,
        &json!({
            "title": "建筑工地扬尘污染投诉答复口径",
            "body": "建筑工地扬尘污染由住建部门督促施工单位落实围挡、覆盖、洒水等防尘措施。",
            "kind": "standard_reply",
            "category": "0101"
        }),
    )
    .await;
    let operator = app.operator().await;
    let q = "q=%E6%BC%AB%E5%A4%A9%E5%B0%98%E5%9C%9F"; // 漫天尘土
    let found = search(&operator, q).await;
    assert!(found.contains(&id(&article)), "{found:?}");
    let offered = recommend(&operator, "楼下工地漫天尘土").await;
    assert!(offered.contains(&id(&article)), "{offered:?}");
    // A filter the search does not have (a misspelt one) is refused, not silently ignored.
    let p = operator
        .get("/api/v1/knowledge/search?q=%E6%89%AC%E5%B0%98&owner=12")
        .await
        .problem(StatusCode::BAD_REQUEST, "bad-request");
    assert!(p.to_string().contains("owner"), "{p}");
}

/// One character typed alone finds the titles that hold it anywhere, also where it is a
/// function word on its own (就 of 就业, 吧 of 网吧), and marks that character, not the words
/// and pairs that found the article.
#[tokio::test]
async fn one_character_typed_alone_finds_and_marks_the_titles_that_hold_it() {
    let app = TestApp::spawn().await;
    let mut ids = Vec::new();
    for (title, body) in [
        ("网吧管理规定", "未成年人不得进入营业性上网服务场所。"),
        ("就业创业补贴申领", "符合条件的人员可申领一次性创业补贴。"),
        (
            "乘车卡办理指南",
            "乘车卡可在各营业网点办理，办卡需携带身份证。",
        ),
    ] {
        let article = published(
            &app,
            &json!({ "title": title, "body": body, "kind": "service_guide", "category": "0101" }),
        )
        .await;
        ids.push(id(&article));
    }
    let operator = app.operator().await;
    for (q, article) in [("吧", ids[0]), ("就", ids[1]), ("卡", ids[2])] {
        let found = search(&operator, &format!("q={q}&limit=50")).await;
        assert!(found.contains(&article), "{q}: {found:?}");
    }
    let reply = operator
        .get("/api/v1/knowledge/search?q=卡&limit=50")
        .await
        .expect(StatusCode::OK);
    let hits = reply["items"].as_array().expect("hits");
    let card = hits
        .iter()
        .find(|h| h["id"].as_i64() == Some(ids[2]))
        .expect("the card article");
    assert_eq!(card["title_html"], "乘车<mark>卡</mark>办理指南");
    assert_eq!(
        card["snippet_html"],
        "乘车<mark>卡</mark>可在各营业网点办理，办<mark>卡</mark>需携带身份证"
    );
    for h in hits {
        for html in [&h["title_html"], &h["snippet_html"]] {
            let html = html.as_str().expect("html");
            for marked in html.split("<mark>").skip(1) {
                assert!(marked.starts_with("卡</mark>"), "{html}");
            }
        }
    }
}

/// An operator browses a category or a unit's articles without typing a word, the most used
/// first, and a search keeps to the owning unit asked for.
#[tokio::test]
async fn articles_are_browsed_by_category_or_owning_unit_and_searched_within_a_unit() {
    let app = TestApp::spawn().await;
    let zone = app.zone().await;
    let mut dogs = guide_dogs();
    dogs["owner_unit"] = json!(zone.unit());
    let dogs = published(&app, &dogs).await;
    let operator = app.operator().await;
    let unit = zone.unit();

    // The zone's articles, browsed: the new one among them, and only the zone's.
    let page = operator
        .get(&format!(
            "/api/v1/knowledge/search?owner_unit={unit}&limit=50"
        ))
        .await
        .expect(StatusCode::OK);
    let items = page["items"].as_array().expect("hits");
    assert!(hit_ids(page.clone()).contains(&id(&dogs)), "{page}");
    assert_eq!(page["total"].as_u64(), Some(items.len() as u64), "{page}");
    for hit in items {
        let article = operator
            .get(&format!("/api/v1/knowledge/articles/{}", hit["id"]))
            .await
            .expect(StatusCode::OK);
        assert_eq!(article["owner_unit"], json!(unit), "{article}");
    }
    // Searched within the unit: found; within another: not.
    let q = "q=%E5%AF%BC%E7%9B%B2%E7%8A%AC"; // 导盲犬
    assert_eq!(
        search(&operator, &format!("{q}&owner_unit={unit}")).await,
        vec![id(&dogs)]
    );
    let other = app.other_unit().await.unit();
    assert!(search(&operator, &format!("{q}&owner_unit={other}"))
        .await
        .is_empty());

    // A category browsed: the most used first.
    operator
        .post(
            &format!("/api/v1/knowledge/articles/{}/uses", id(&dogs)),
            &json!({}),
        )
        .await
        .expect(StatusCode::CREATED);
    let browsed = search(&operator, "category=0401&limit=50").await;
    assert_eq!(browsed.first(), Some(&id(&dogs)), "{browsed:?}");
    // Without words nor filters, nothing; an unknown unit is named.
    assert!(search(&operator, "q=").await.is_empty());
    let p = operator
        .get("/api/v1/knowledge/search?owner_unit=999999")
        .await
        .problem(StatusCode::UNPROCESSABLE_ENTITY, "invalid-field");
    assert!(p.to_string().contains("owner_unit"), "{p}");
    operator
        .get("/api/v1/knowledge/search?owner_unit=zone")
        .await
        .problem(StatusCode::UNPROCESSABLE_ENTITY, "invalid-field");
}
