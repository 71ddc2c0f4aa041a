//! An article's versions (版本记录): every save, review action and import keeps one, with who
//! made it and what it was, and the answers given from it; an earlier version's content comes
//! back by the rules of an edit.
use reqwest::StatusCode;
use serde_json::{json, Value};

use crate::knowledge::{guide_dogs, published};
use crate::support::{id, version, Client, TestApp};

fn versions_path(article: &Value) -> String {
    format!("/api/v1/knowledge/articles/{}/versions", id(article))
}

async fn versions(c: &Client, article: &Value) -> Vec<Value> {
    let list = c.get(&versions_path(article)).await.expect(StatusCode::OK);
    list["items"]
        .as_array()
        .unwrap_or_else(|| panic!("a list of versions: {list}"))
        .clone()
}

fn field<'a>(vs: &'a [Value], key: &str) -> Vec<&'a str> {
    vs.iter().filter_map(|v| v[key].as_str()).collect()
}

#[tokio::test]
async fn every_write_keeps_a_version_saying_who_did_what() {
    let app = TestApp::spawn().await;
    let operator = app.operator().await;
    let zone = app.zone().await;
    let inspector = app.login("demo-inspector").await;
    let mut article = guide_dogs();
    article["owner_unit"] = json!(zone.unit());
    let draft = operator
        .post("/api/v1/knowledge/articles", &article)
        .await
        .expect(StatusCode::CREATED);
    assert_eq!(draft["change"], "created");
    let operator_name = draft["changed_by"]["name"].clone();
    assert!(operator_name.as_str().is_some_and(|n| !n.is_empty()));

    let path = format!("/api/v1/knowledge/articles/{}", id(&draft));
    let mut edit = article.clone();
    edit["body"] =
        json!("视障乘客可携带导盲犬乘坐公交车和地铁，无需另行购票，请出示导盲犬工作证。");
    edit["version"] = json!(version(&draft));
    let edited = operator.put(&path, &edit).await.expect(StatusCode::OK);
    let live = inspector
        .post(
            &format!("{path}/publish"),
            &json!({ "version": version(&edited) }),
        )
        .await
        .expect(StatusCode::OK);
    assert_eq!(live["change"], "published");
    operator
        .post(&format!("{path}/uses"), &json!({}))
        .await
        .expect(StatusCode::CREATED);

    // The unit proposes a change; the inspector declines it.
    let mut change = article.clone();
    change["body"] = json!("导盲犬可免费乘车。");
    change["version"] = json!(version(&live));
    let proposed = zone.put(&path, &change).await.expect(StatusCode::OK);
    let declined = inspector
        .post(
            &format!("{path}/decline"),
            &json!({ "version": version(&proposed) }),
        )
        .await
        .expect(StatusCode::OK);
    // What a GET gave goes back whole in a PUT: the new read-only fields are ignored.
    let mut whole = operator.get(&path).await.expect(StatusCode::OK);
    whole["title"] = json!("导盲犬乘车须知");
    let retitled = inspector.put(&path, &whole).await;
    retitled.expect(StatusCode::FORBIDDEN);
    let retitled = operator.put(&path, &whole).await.expect(StatusCode::OK);
    assert_eq!(
        retitled["change"], "proposed",
        "an operator's change to a published article is a proposal"
    );

    let vs = versions(&inspector, &declined).await;
    assert_eq!(
        vs.iter().map(version).collect::<Vec<_>>(),
        vec![6, 5, 4, 3, 2, 1],
        "newest first: {vs:?}"
    );
    assert_eq!(
        field(&vs, "change"),
        [
            "proposed",
            "declined",
            "proposed",
            "published",
            "edited",
            "created"
        ]
    );
    assert_eq!(
        field(&vs, "status"),
        [
            "published",
            "published",
            "published",
            "published",
            "draft",
            "draft"
        ]
    );
    assert_eq!(vs[3]["changed_by"]["name"], live["changed_by"]["name"]);
    assert_eq!(vs[5]["changed_by"]["name"], operator_name);
    assert_eq!(
        vs.iter().map(|v| v["uses"].as_u64()).collect::<Vec<_>>(),
        [0, 0, 0, 1, 0, 0].map(Some),
        "the answer counts for the version it was given from"
    );
    assert_eq!(vs[2]["revision"]["content"]["body"], change["body"]);
    assert_eq!(
        vs[2]["content"]["body"], edit["body"],
        "the published text stayed"
    );
    assert_eq!(vs[5]["content"]["body"], article["body"]);

    let one = operator
        .get(&format!("{}/2", versions_path(&draft)))
        .await
        .expect(StatusCode::OK);
    assert_eq!(one["content"]["body"], edit["body"]);
    operator
        .get(&format!("{}/99", versions_path(&draft)))
        .await
        .problem(StatusCode::NOT_FOUND, "not-found");
    operator
        .get(&format!("{}/x", versions_path(&draft)))
        .await
        .problem(StatusCode::NOT_FOUND, "not-found");

    // Nor do they learn from the article who proposed a change: what they see was published.
    let dispatcher = app.dispatcher().await;
    let read = dispatcher.get(&path).await.expect(StatusCode::OK);
    assert_eq!(read["change"], "published", "{read}");
    assert!(
        read["changed_by"].is_null() && read["revision"].is_null(),
        "{read}"
    );

    // Drafts and proposals are in the history: only those who write or review it read it.
    for who in ["demo-dispatcher", "demo-leader", "demo-supervisor"] {
        app.login(who)
            .await
            .get(&versions_path(&draft))
            .await
            .problem(StatusCode::FORBIDDEN, "forbidden");
    }
    assert_eq!(
        versions(&zone, &draft).await.len(),
        6,
        "the owning unit reads it"
    );

    // A shift lead (who may publish) edits the article while the operator's retitling waits:
    // saved as proposed, it is adopted; saved otherwise, it takes the proposal's place. The
    // history says which, and the proposal stays in the version before.
    let lead = app.login("demo-shiftlead").await;
    let mut adopted = lead.get(&path).await.expect(StatusCode::OK);
    assert_eq!(adopted["revision"]["content"]["title"], "导盲犬乘车须知");
    adopted["title"] = json!("导盲犬乘车须知");
    let adopted = lead.put(&path, &adopted).await.expect(StatusCode::OK);
    assert_eq!(adopted["change"], "adopted", "{adopted}");
    assert!(adopted["revision"].is_null(), "{adopted}");
    let mut proposal = operator.get(&path).await.expect(StatusCode::OK);
    proposal["body"] = json!("导盲犬乘车免费。");
    let proposed = operator.put(&path, &proposal).await.expect(StatusCode::OK);
    assert_eq!(proposed["change"], "proposed");
    let mut other = lead.get(&path).await.expect(StatusCode::OK);
    other["body"] = json!("视障乘客可携带导盲犬免费乘车,请出示导盲犬工作证。");
    let superseded = lead.put(&path, &other).await.expect(StatusCode::OK);
    assert_eq!(superseded["change"], "superseded", "{superseded}");
    let vs = versions(&lead, &draft).await;
    assert_eq!(
        field(&vs, "change")[..4],
        ["superseded", "proposed", "adopted", "proposed"]
    );
    assert_eq!(vs[1]["revision"]["content"]["body"], "导盲犬乘车免费。");
    // Those who do not read the history see a change, not that a proposal was there.
    let read = dispatcher.get(&path).await.expect(StatusCode::OK);
    assert_eq!(read["change"], "edited", "{read}");
}

#[tokio::test]
async fn an_earlier_version_comes_back_by_the_rules_of_an_edit() {
    let app = TestApp::spawn().await;
    let lead = app.login("demo-shiftlead").await;
    let operator = app.operator().await;
    let live = published(&app, &guide_dogs()).await;
    let path = format!("/api/v1/knowledge/articles/{}", id(&live));
    let mut edit = guide_dogs();
    edit["body"] = json!("导盲犬乘车须另行购票。");
    edit["version"] = json!(version(&live));
    let wrong = lead.put(&path, &edit).await.expect(StatusCode::OK);
    assert_eq!(
        (wrong["status"].as_str(), wrong["body"].as_str()),
        (Some("published"), edit["body"].as_str())
    );

    // The shift lead publishes: the first version's content comes straight back.
    let restore = |from: u64| format!("{}/{from}/restore", versions_path(&live));
    let back = lead
        .post(&restore(1), &json!({ "version": version(&wrong) }))
        .await
        .expect(StatusCode::OK);
    assert_eq!(back["body"], guide_dogs()["body"]);
    assert_eq!(
        (back["status"].as_str(), back["change"].as_str()),
        (Some("published"), Some("restored"))
    );
    assert_eq!(version(&back), version(&wrong) + 1);
    lead.post(&restore(1), &json!({ "version": version(&wrong) }))
        .await
        .problem(StatusCode::CONFLICT, "conflict");

    // An operator may not publish: the restored content (the shift lead's edit, version 3
    // after the draft and its publication) waits for review as a proposal.
    let proposed = operator
        .post(&restore(3), &json!({ "version": version(&back) }))
        .await
        .expect(StatusCode::OK);
    assert_eq!(
        proposed["body"],
        guide_dogs()["body"],
        "the published text stays"
    );
    assert_eq!(proposed["revision"]["content"]["body"], edit["body"]);
    assert_eq!(proposed["change"], "proposed");

    // Restoring what the article already says changes nothing.
    let same = lead
        .post(&restore(1), &json!({ "version": version(&proposed) }))
        .await
        .expect(StatusCode::OK);
    assert_eq!(
        version(&same),
        version(&proposed) + 1,
        "it drops the proposal"
    );
    assert!(same["revision"].is_null());
    let again = lead
        .post(&restore(1), &json!({ "version": version(&same) }))
        .await
        .expect(StatusCode::OK);
    assert_eq!(
        version(&again),
        version(&same),
        "nothing to change: no new version"
    );

    // A version whose validity has passed would stay published and never be offered.
    let mut dated = guide_dogs();
    dated["valid_from"] = json!("2026-01-01");
    dated["valid_to"] = json!("2026-02-01");
    dated["version"] = json!(version(&again));
    let expired = lead.put(&path, &dated).await.expect(StatusCode::OK);
    let mut undated = guide_dogs();
    undated["valid_from"] = json!(null);
    undated["valid_to"] = json!(null);
    undated["version"] = json!(version(&expired));
    let current = lead.put(&path, &undated).await.expect(StatusCode::OK);
    let refused = lead
        .post(
            &restore(version(&expired)),
            &json!({ "version": version(&current) }),
        )
        .await
        .problem(StatusCode::UNPROCESSABLE_ENTITY, "invalid-field");
    assert!(refused.to_string().contains("2026-02-01"), "{refused}");
    let again = current;

    lead.post(&restore(99), &json!({ "version": version(&again) }))
        .await
        .problem(StatusCode::NOT_FOUND, "not-found");
    for bad in [
        json!({}),
        json!({ "version": "3" }),
        json!({ "version": 3, "note": "x" }),
    ] {
        lead.post(&restore(1), &bad)
            .await
            .expect(StatusCode::UNPROCESSABLE_ENTITY);
    }
    app.zone()
        .await
        .post(&restore(1), &json!({ "version": version(&again) }))
        .await
        .problem(StatusCode::FORBIDDEN, "forbidden");
}

/// An article given from one unit to another: the new unit reads the versions written while it
/// was its own, not the other unit's drafts.
#[tokio::test]
async fn a_unit_reads_only_the_versions_written_while_the_article_was_its_own() {
    let app = TestApp::spawn().await;
    let (zone, bureau, operator) = (app.zone().await, app.bureau().await, app.operator().await);
    let mut article = guide_dogs();
    article["owner_unit"] = json!(zone.unit());
    article["body"] = json!("内部草稿:本单位尚未定稿的口径。");
    let draft = zone
        .post("/api/v1/knowledge/articles", &article)
        .await
        .expect(StatusCode::CREATED);
    let path = format!("/api/v1/knowledge/articles/{}", id(&draft));
    let mut given = guide_dogs();
    given["owner_unit"] = json!(bureau.unit());
    given["version"] = json!(version(&draft));
    let given = operator.put(&path, &given).await.expect(StatusCode::OK);
    let seen = versions(&bureau, &given).await;
    assert_eq!(seen.len(), 1, "{seen:?}");
    assert!(!format!("{seen:?}").contains("内部草稿"), "{seen:?}");
    bureau
        .get(&format!("{}/{}", versions_path(&given), version(&draft)))
        .await
        .problem(StatusCode::NOT_FOUND, "not-found");
    // The centre reads them all.
    assert_eq!(versions(&operator, &given).await.len(), 2);
}

#[tokio::test]
async fn an_import_keeps_a_version_of_each_article_it_writes() {
    let app = TestApp::spawn().await;
    let lead = app.login("demo-shiftlead").await;
    let csv = "title,body,kind,status\n夜市摊位申请,向所在街道提出申请。,办事指南,已发布\n";
    let report = crate::knowledge_transfer::import(&lead, "text/csv", csv.as_bytes().to_vec())
        .await
        .expect(StatusCode::CREATED);
    let made = report["ids"][0]
        .as_i64()
        .unwrap_or_else(|| panic!("{report}"));
    let article = json!({ "id": made });
    let vs = versions(&lead, &article).await;
    assert_eq!(field(&vs, "change"), ["imported"]);
    assert_eq!(field(&vs, "status"), ["published"]);
    assert!(vs[0]["changed_by"]["name"]
        .as_str()
        .is_some_and(|n| !n.is_empty()));
}
