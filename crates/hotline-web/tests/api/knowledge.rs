//! The knowledge base (知识库): an article is written by roles and units, changed at its
//! version, proposed changes reviewed, and an answer from it counted (finding articles:
//! `knowledge_search`; imports and exports: `knowledge_transfer`; versions:
//! `knowledge_versions`). The shared helpers are here.
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

pub(crate) async fn write(c: &Client, article: &Value) -> Value {
    c.post("/api/v1/knowledge/articles", article)
        .await
        .expect(StatusCode::CREATED)
}

pub(crate) async fn status(c: &Client, article: &Value, action: &str) -> Reply {
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

pub(crate) fn hit_ids(reply: Value) -> Vec<i64> {
    reply["items"]
        .as_array()
        .unwrap_or_else(|| panic!("a list of hits: {reply}"))
        .iter()
        .filter_map(|h| h["id"].as_i64())
        .collect()
}

pub(crate) async fn search(c: &Client, query: &str) -> Vec<i64> {
    hit_ids(
        c.get(&format!("/api/v1/knowledge/search?{query}"))
            .await
            .expect(StatusCode::OK),
    )
}

pub(crate) async fn recommend(c: &Client, text: &str) -> Vec<i64> {
    let body = json!({ "text": text, "category": "0401" });
    hit_ids(
        c.post("/api/v1/knowledge/recommend", &body)
            .await
            .expect(StatusCode::OK),
    )
}

pub(crate) const DRAFT: &str =
    "来电人反映：其为视障人士，带着导盲犬乘坐地铁时被工作人员拦下，询问是否允许携犬进站。";

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
    // So is a draft, named by its number: its title is not for everyone who answers callers.
    let mut secret = guide_dogs();
    secret["title"] = json!("尚未公布的调整方案");
    let draft = write(&app.login("demo-shiftlead").await, &secret).await;
    let refused = operator
        .try_act(id(&ticket), version(&ticket), answer(id(&draft)))
        .await
        .problem(StatusCode::UNPROCESSABLE_ENTITY, "invalid-field");
    let said = refused.to_string();
    assert!(
        said.contains(&id(&draft).to_string()) && !said.contains("调整方案"),
        "{said}"
    );
    // Someone who may not answer this ticket learns nothing of the article at all.
    let refused = app
        .login("demo-visit")
        .await
        .try_act(id(&ticket), version(&ticket), answer(id(&draft)))
        .await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN, "{}", refused.text);
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
    // Without a ticket, the same answer sent again within a minute is one answer; a minute
    // on, it is another caller's.
    let r = operator.post(&uses, &json!({})).await;
    assert_eq!(r.expect(StatusCode::CREATED)["use_count"], 2);
    app.advance(TimeDelta::seconds(61));
    let operator = app.operator().await;
    let r = operator.post(&uses, &json!({})).await;
    assert_eq!(r.expect(StatusCode::CREATED)["use_count"], 3);
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
    assert_eq!(counted["use_count"], 3);
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
    // Another title: one unit (here the centre) has one article in use under a title.
    let mut theirs = guide_dogs();
    theirs["title"] = json!("导盲犬乘车须知(受理员草稿)");
    let other_draft = write(&operator, &theirs).await;
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
