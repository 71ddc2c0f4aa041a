//! The knowledge base (知识库): an article is written, reviewed and published, then found by a
//! word of its body, offered while a related call is recorded, and counted when an operator
//! answers from it; retired and expired articles are never offered (imports and exports:
//! `knowledge_transfer`).
use chrono::TimeDelta;
use reqwest::StatusCode;
use serde_json::{json, Value};

use crate::knowledge_transfer::import;
use crate::support::{id, toilet_without_water, version, Client, Reply, TestApp};

pub(crate) const XLSX: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/// An article no demo article resembles: guide dogs on public transport.
pub(crate) fn guide_dogs() -> Value {
    json!({
        "title": "视障乘客携带导盲犬乘车须知",
        "body": "视障乘客可携带导盲犬乘坐公交车和地铁，无需为导盲犬另行购票。乘车时请出示导盲犬工作证，乘务人员应当提供必要的引导和便利。",
        "kind": "policy_qa",
        "category": "0401",
        "keywords": ["导盲犬", "无障碍出行"]
    })
}

async fn write(c: &Client, article: &Value) -> Value {
    c.post("/api/v1/knowledge/articles", article)
        .await
        .expect(StatusCode::CREATED)
}

async fn status(c: &Client, article: &Value, action: &str) -> Reply {
    let path = format!("/api/v1/knowledge/articles/{}/{action}", id(article));
    c.post(&path, &json!({ "version": version(article) })).await
}

/// Written by the operator, published by the quality inspector.
pub(crate) async fn published(app: &TestApp, article: &Value) -> Value {
    let draft = write(&app.operator().await, article).await;
    let inspector = app.login("demo-inspector").await;
    status(&inspector, &draft, "publish")
        .await
        .expect(StatusCode::OK)
}

fn hit_ids(reply: Value) -> Vec<i64> {
    reply["items"]
        .as_array()
        .unwrap_or_else(|| panic!("a list of hits: {reply}"))
        .iter()
        .filter_map(|h| h["id"].as_i64())
        .collect()
}

async fn search(c: &Client, query: &str) -> Vec<i64> {
    hit_ids(
        c.get(&format!("/api/v1/knowledge/search?{query}"))
            .await
            .expect(StatusCode::OK),
    )
}

async fn recommend(c: &Client, text: &str) -> Vec<i64> {
    let body = json!({ "text": text, "category": "0401" });
    hit_ids(
        c.post("/api/v1/knowledge/recommend", &body)
            .await
            .expect(StatusCode::OK),
    )
}

const DRAFT: &str =
    "来电人反映：其为视障人士，带着导盲犬乘坐地铁时被工作人员拦下，询问是否允许携犬进站。";

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
async fn a_direct_answer_naming_an_article_counts_a_use() {
    let app = TestApp::spawn().await;
    let operator = app.operator().await;
    let live = published(&app, &guide_dogs()).await;
    // The instant-answer figures of the test's today, before and after, as a quality
    // inspector sees them (operators do not: the figures are for those who run the centre).
    let figures = "/api/v1/knowledge/figures?from=2026-03-02&to=2026-03-02&bucket=day";
    let inspector = app.login("demo-inspector").await;
    let before = inspector.get(figures).await.expect(StatusCode::OK)["total"].clone();
    operator
        .get(figures)
        .await
        .problem(StatusCode::FORBIDDEN, "forbidden");
    let mut call = toilet_without_water();
    call["kind"] = json!("consultation");
    let ticket = operator.create_ticket(&call).await;

    let answer = |article: i64| json!({ "action": "direct_answer", "answer": "已按知识库答复", "article": article });
    // An unknown article is refused before the ticket changes.
    operator
        .try_act(id(&ticket), version(&ticket), answer(id(&live) + 10_000))
        .await
        .problem(StatusCode::UNPROCESSABLE_ENTITY, "invalid-field");
    let done = operator.act(&ticket, answer(id(&live))).await;
    assert_eq!(done["state"], "closed", "{done}");
    let after = inspector.get(figures).await.expect(StatusCode::OK)["total"].clone();
    let grew = |f: &str| after[f].as_u64().unwrap_or(0) - before[f].as_u64().unwrap_or(0);
    for field in [
        "tickets",
        "consultations",
        "consultations_answered",
        "answered_directly",
        "answered_from_knowledge",
        "knowledge_used",
    ] {
        assert_eq!(grew(field), 1, "{field}: {before} → {after}");
    }
    assert!(
        after["instant_answer_rate"]
            .as_f64()
            .is_some_and(|r| r > 0.0 && r <= 1.0),
        "{after}"
    );
    app.zone()
        .await
        .get(figures)
        .await
        .problem(StatusCode::FORBIDDEN, "forbidden");

    let path = format!("/api/v1/knowledge/articles/{}", id(&live));
    let counted = operator.get(&path).await.expect(StatusCode::OK);
    assert_eq!(counted["use_count"], 1);
    assert_eq!(
        version(&counted),
        version(&live),
        "a use does not change the version"
    );
    // A use recorded by hand counts too, but a ticket once: the answer counted it already
    // (a ticket answered on the spot takes it; one finished otherwise does not, see
    // `a_use_is_not_recorded_on_a_ticket_finished_otherwise`). Units do not answer callers.
    let uses = format!("{path}/uses");
    let r = operator
        .post(&uses, &json!({ "ticket": id(&ticket) }))
        .await;
    assert_eq!(r.expect(StatusCode::CREATED)["use_count"], 1);
    let r = operator.post(&uses, &json!({})).await;
    assert_eq!(r.expect(StatusCode::CREATED)["use_count"], 2);
    app.zone()
        .await
        .post(&uses, &json!({}))
        .await
        .problem(StatusCode::FORBIDDEN, "forbidden");
    // Nor do leaders: the instant-answer rate counts answers given to callers.
    app.login("demo-leader")
        .await
        .post(&uses, &json!({}))
        .await
        .problem(StatusCode::FORBIDDEN, "forbidden");
    let counted = operator.get(&path).await.expect(StatusCode::OK);
    assert_eq!(counted["use_count"], 2);
}

#[tokio::test]
async fn writing_follows_roles_units_and_versions() {
    let app = TestApp::spawn().await;
    let operator = app.operator().await;
    let zone = app.zone().await;
    let mut proposal = guide_dogs();
    proposal["owner_unit"] = json!(zone.unit());
    let own = write(&zone, &proposal).await;
    proposal["owner_unit"] = json!(zone.unit() + 1);
    zone.post("/api/v1/knowledge/articles", &proposal)
        .await
        .problem(StatusCode::FORBIDDEN, "forbidden");
    app.dispatcher()
        .await
        .post("/api/v1/knowledge/articles", &guide_dogs())
        .await
        .problem(StatusCode::FORBIDDEN, "forbidden");
    let other_draft = write(&operator, &guide_dogs()).await;
    zone.get(&format!("/api/v1/knowledge/articles/{}", id(&other_draft)))
        .await
        .problem(StatusCode::FORBIDDEN, "forbidden");
    let mine = zone
        .get("/api/v1/knowledge/articles?status=draft")
        .await
        .expect(StatusCode::OK);
    assert_eq!(
        hit_ids(mine),
        vec![id(&own)],
        "a unit lists its own drafts, not others'"
    );

    let mut bad = guide_dogs();
    bad["valid_from"] = json!("2026-05-01");
    bad["valid_to"] = json!("2026-04-01");
    operator
        .post("/api/v1/knowledge/articles", &bad)
        .await
        .problem(StatusCode::UNPROCESSABLE_ENTITY, "invalid-field");

    // A published article: an operator's change is a proposal (see the next test).
    let live = published(&app, &guide_dogs()).await;
    let path = format!("/api/v1/knowledge/articles/{}", id(&live));
    // Saved unchanged, it stays as it is: the same version, still published and found.
    let mut same = guide_dogs();
    same["version"] = json!(version(&live));
    let kept = operator.put(&path, &same).await.expect(StatusCode::OK);
    assert_eq!(
        (kept["status"].as_str(), version(&kept)),
        (Some("published"), version(&live))
    );
    assert!(search(&operator, "q=%E5%AF%BC%E7%9B%B2%E7%8A%AC")
        .await
        .contains(&id(&live)));
    let mut change = guide_dogs();
    change["title"] = json!("导盲犬乘车须知(修订)");
    change["version"] = json!(version(&live));
    let changed = operator.put(&path, &change).await.expect(StatusCode::OK);
    assert_eq!(
        (changed["status"].as_str(), version(&changed)),
        (Some("published"), version(&live) + 1),
        "an operator's change waits for review beside the published article"
    );
    operator
        .put(&path, &change)
        .await
        .problem(StatusCode::CONFLICT, "conflict");
}

#[tokio::test]
async fn a_proposed_change_waits_for_review_while_operators_answer_from_the_published_text() {
    let app = TestApp::spawn().await;
    let operator = app.operator().await;
    let zone = app.zone().await;
    let inspector = app.login("demo-inspector").await;
    let mut article = guide_dogs();
    article["owner_unit"] = json!(zone.unit());
    let live = published(&app, &article).await;
    let path = format!("/api/v1/knowledge/articles/{}", id(&live));
    let tram = "q=%E6%9C%89%E8%BD%A8%E7%94%B5%E8%BD%A6"; // 有轨电车

    // The unit proposes a change: the article stays published with its text, and is still
    // found and recommended by it; the change is not found until it is published.
    let mut change = article.clone();
    change["body"] = json!("视障乘客可携带导盲犬乘坐公交车、地铁和有轨电车，无需另行购票。");
    change["version"] = json!(version(&live));
    let proposed = zone.put(&path, &change).await.expect(StatusCode::OK);
    assert_eq!(proposed["status"], "published");
    assert_eq!(proposed["body"], live["body"], "the published text stays");
    assert_eq!(proposed["revision"]["content"]["body"], change["body"]);
    assert_eq!(
        proposed["revision"]["by_name"].as_str().map(str::is_empty),
        Some(false)
    );
    assert!(search(&operator, "q=%E5%AF%BC%E7%9B%B2%E7%8A%AC")
        .await
        .contains(&id(&live)));
    assert!(recommend(&operator, DRAFT).await.contains(&id(&live)));
    assert!(search(&operator, tram).await.is_empty());
    let pending = inspector
        .get("/api/v1/knowledge/articles?revision_pending=true")
        .await
        .expect(StatusCode::OK);
    assert_eq!(hit_ids(pending), vec![id(&live)], "the reviewer's queue");
    let settled = inspector
        .get("/api/v1/knowledge/articles?revision_pending=false&limit=200")
        .await
        .expect(StatusCode::OK);
    let settled = hit_ids(settled);
    assert!(
        !settled.is_empty() && !settled.contains(&id(&live)),
        "false lists the articles without a change waiting: {settled:?}"
    );
    // Those who neither write nor review it see the published article only.
    let dispatcher = app.dispatcher().await;
    let seen = dispatcher.get(&path).await.expect(StatusCode::OK);
    assert!(seen["revision"].is_null(), "{seen}");
    let listed = dispatcher
        .get("/api/v1/knowledge/articles?revision_pending=true")
        .await
        .expect(StatusCode::OK);
    assert!(hit_ids(listed).is_empty());

    // Only a publisher publishes or declines it; declining keeps the published text.
    status(&zone, &proposed, "decline")
        .await
        .problem(StatusCode::FORBIDDEN, "forbidden");
    let declined = status(&inspector, &proposed, "decline")
        .await
        .expect(StatusCode::OK);
    assert_eq!(
        (declined["body"].clone(), declined["revision"].clone()),
        (live["body"].clone(), Value::Null)
    );
    status(&inspector, &declined, "decline")
        .await
        .problem(StatusCode::CONFLICT, "conflict");

    // Proposed again and published: the change is what operators find now.
    change["version"] = json!(version(&declined));
    let again = zone.put(&path, &change).await.expect(StatusCode::OK);
    // An import changing its text meanwhile would drop the unit's change unseen: refused.
    let csv = format!(
        "id,version,title,body,kind,status\n{},{},{},导盲犬可以进站。,policy_qa,published\n",
        id(&again),
        version(&again),
        again["title"].as_str().unwrap_or_default()
    );
    let lead = app.login("demo-shiftlead").await;
    let refused = import(&lead, "text/csv", csv.into_bytes())
        .await
        .problem(StatusCode::UNPROCESSABLE_ENTITY, "import-rejected");
    assert!(refused.to_string().contains("有待审核的修改"), "{refused}");
    let accepted = status(&inspector, &again, "publish")
        .await
        .expect(StatusCode::OK);
    assert_eq!(
        (
            accepted["status"].clone(),
            accepted["body"].clone(),
            accepted["revision"].clone()
        ),
        (json!("published"), change["body"].clone(), Value::Null)
    );
    assert_eq!(search(&operator, tram).await, vec![id(&live)]);
}

/// Send a file to the import.
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

/// A ticket finished otherwise than by an answer on the spot (here not accepted) has no caller
/// on its line: no answer from an article is recorded on it.
#[tokio::test]
async fn a_use_is_not_recorded_on_a_ticket_finished_otherwise() {
    let app = TestApp::spawn().await;
    let operator = app.operator().await;
    let live = published(&app, &guide_dogs()).await;
    let ticket = operator.create_ticket(&toilet_without_water()).await;
    let refused = operator
        .act(
            &ticket,
            json!({
                "action": "not_accept",
                "reason": "litigation",
                "channel_told": "向人民法院提起诉讼"
            }),
        )
        .await;
    assert_eq!(refused["state"], "not_accepted", "{refused}");
    let uses = format!("/api/v1/knowledge/articles/{}/uses", id(&live));
    let problem = operator
        .post(&uses, &json!({ "ticket": id(&ticket) }))
        .await
        .problem(StatusCode::UNPROCESSABLE_ENTITY, "invalid-field");
    assert!(problem.to_string().contains("不予受理"), "{problem}");
    let counted = operator
        .get(&format!("/api/v1/knowledge/articles/{}", id(&live)))
        .await
        .expect(StatusCode::OK);
    assert_eq!(counted["use_count"], 0);
}

#[tokio::test]
async fn a_change_that_leaves_out_keywords_or_dates_keeps_them_and_null_clears_them() {
    let app = TestApp::spawn().await;
    let operator = app.operator().await;
    let mut article = guide_dogs();
    article["valid_to"] = json!("2026-12-31");
    let draft = write(&operator, &article).await;
    let path = format!("/api/v1/knowledge/articles/{}", id(&draft));
    // Only the body changes: the keywords, category and validity stay.
    let fixed = json!({
        "version": version(&draft),
        "title": article["title"],
        "kind": article["kind"],
        "body": "视障乘客可携带导盲犬乘坐公交车、地铁和出租车，无需为导盲犬购票。",
    });
    let saved = operator.put(&path, &fixed).await.expect(StatusCode::OK);
    assert_eq!(
        (
            &saved["keywords"],
            &saved["category"],
            &saved["valid_to"],
            saved["body"].as_str().map(|b| b.contains("出租车"))
        ),
        (
            &json!(["导盲犬", "无障碍出行"]),
            &json!("0401"),
            &json!("2026-12-31"),
            Some(true)
        ),
        "{saved}"
    );
    // Sent empty or null, they are cleared.
    let mut cleared = fixed.clone();
    cleared["version"] = json!(version(&saved));
    cleared["keywords"] = json!([]);
    cleared["valid_to"] = Value::Null;
    let saved = operator.put(&path, &cleared).await.expect(StatusCode::OK);
    assert_eq!(
        (&saved["keywords"], &saved["valid_to"], &saved["category"]),
        (&json!([]), &Value::Null, &json!("0401")),
        "{saved}"
    );
    // What a GET gave may be sent back whole, read-only fields and all.
    let mut whole = operator.get(&path).await.expect(StatusCode::OK);
    whole["body"] = json!("视障乘客可携带导盲犬乘坐各类公共交通工具。");
    let saved = operator.put(&path, &whole).await.expect(StatusCode::OK);
    assert_eq!(saved["body"], whole["body"], "{saved}");
    // Still refused: a misspelt field, a missing title.
    let mut typo = fixed.clone();
    typo["version"] = json!(version(&saved));
    typo["keyword"] = json!(["导盲犬"]);
    operator
        .put(&path, &typo)
        .await
        .problem(StatusCode::UNPROCESSABLE_ENTITY, "invalid-body");
    let mut untitled = fixed;
    untitled["version"] = json!(version(&saved));
    untitled.as_object_mut().map(|o| o.remove("title"));
    operator
        .put(&path, &untitled)
        .await
        .problem(StatusCode::UNPROCESSABLE_ENTITY, "invalid-body");
    operator
        .put("/api/v1/knowledge/articles/999999", &cleared)
        .await
        .problem(StatusCode::NOT_FOUND, "not-found");
}
