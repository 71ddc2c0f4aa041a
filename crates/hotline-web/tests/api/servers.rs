//! Two servers on one database (a load balancer in front): what one server's users change, the
//! other server's users see within its check period, without a restart.
use std::time::Duration;

use reqwest::StatusCode;
use serde_json::json;

use crate::knowledge::{guide_dogs, published};
use crate::support::*;

/// Wait (up to 10 s) until `done` holds.
async fn eventually(what: &str, mut done: impl AsyncFnMut() -> bool) {
    for _ in 0..200 {
        if done().await {
            return;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("the second server never caught up: {what}");
}

/// A CSV of articles imported by a command's app, as `hotline knowledge import` does.
async fn imported_by(
    command: &hotline_service::App,
    csv: &str,
) -> hotline_service::knowledge::transfer::ImportReport {
    use hotline_service::knowledge::transfer::{Format, Source};
    command
        .import_articles(
            &hotline_domain::org::Actor::system(),
            Format::Csv,
            csv.as_bytes(),
            Source::LocalFile,
        )
        .await
        .expect("the import")
}

/// A command's app on the server's database whose clock runs `by` behind the server's.
async fn command_app_behind(server: &TestApp, by: chrono::TimeDelta) -> hotline_service::App {
    let clock = server.app.clone();
    hotline_service::App::start_for(
        server.other_process_store().await,
        hotline_service::Purpose::Command,
    )
    .await
    .expect("the command's app")
    .with_clock(move || clock.now() - by)
}

/// Article `id` as a knowledge search for `q` finds it, if it does.
async fn searched_hit(c: &Client, q: &str, id: &serde_json::Value) -> Option<serde_json::Value> {
    let path = reqwest::Url::parse_with_params("http://x/api/v1/knowledge/search", [("q", q)])
        .map(|u| format!("{}?{}", u.path(), u.query().unwrap_or_default()))
        .unwrap_or_default();
    let hits = c.get(&path).await.expect(StatusCode::OK);
    let items = hits["items"].as_array()?;
    items.iter().find(|h| &h["id"] == id).cloned()
}

/// Whether a knowledge search for `q` finds article `id`.
async fn searched_finds(c: &Client, q: &str, id: i64) -> bool {
    searched_hit(c, q, &json!(id)).await.is_some()
}

/// Whether the repeats of a draft of `text` hold ticket `id` among the near-duplicates.
async fn near_duplicate(c: &Client, text: &str, id: &serde_json::Value) -> bool {
    let r = c
        .post("/api/v1/intake/repeats", &json!({ "text": text }))
        .await
        .expect(StatusCode::OK);
    r["near_duplicates"]
        .as_array()
        .is_some_and(|n| n.iter().any(|t| &t["id"] == id))
}

async fn analysed(c: &Client, text: &str) -> serde_json::Value {
    c.post("/api/v1/intake/analyze", &json!({ "text": text }))
        .await
        .expect(StatusCode::OK)
}

#[tokio::test]
async fn a_second_server_follows_what_the_first_one_changes() {
    let first = TestApp::spawn().await;
    let second = first.another_server().await;
    second.app.start_repeat_index();
    second.app.follow_other_servers(Duration::from_millis(50));
    let admin = first.admin().await;
    let operator = second.operator().await;

    // A lexicon entry added on the first server words the second one's analyses.
    let text = "工地上漫天黄沙，来电人要求处理";
    let before = analysed(&operator, text).await;
    assert!(
        !before.to_string().contains("扬尘污染"),
        "{}",
        before["elements"]
    );
    admin
        .post(
            "/api/v1/intake/lexicon/entries",
            &json!({ "colloquial": "漫天黄沙", "formal": "扬尘污染" }),
        )
        .await
        .expect(StatusCode::CREATED);
    eventually("the lexicon", async || {
        analysed(&operator, text)
            .await
            .to_string()
            .contains("扬尘污染")
    })
    .await;

    // A place added on the first server is found in the second one's drafts.
    admin
        .put(
            "/api/v1/places/D03S01L90",
            &json!({"name": "海韵菜市场", "kind": "地标", "parent": "D03S01", "aliases": []}),
        )
        .await
        .expect(StatusCode::CREATED);
    eventually("the gazetteer", async || {
        analysed(&operator, "海韵菜市场门口占道经营")
            .await
            .to_string()
            .contains("D03S01L90")
    })
    .await;

    // Scope rules saved on the first server screen the second one's calls.
    let capsize = "龙舟赛那边翻船了,快来救人";
    let rules = hotline_service::scope::DEFAULT_RULES.to_string()
        + "\n[[emergency]]\nid = \"capsize\"\nkind = \"medical\"\nservice = \"120\"\n\
           label = \"翻船\"\nreply = \"我现在为您转接120。\"\ntriggers = [{ any = [\"翻船\"], current = true }]\n";
    admin
        .put_text("/api/v1/intake/scope-rules", &rules, "application/toml")
        .await
        .expect(StatusCode::OK);
    eventually("the scope rules", async || {
        analysed(&operator, capsize).await["scope"]["emergency"]
            .as_array()
            .is_some_and(|e| !e.is_empty())
    })
    .await;

    // An article published on the first server is found on the second.
    let article = published(&first, &guide_dogs()).await;
    eventually("the knowledge index", async || {
        searched_hit(&operator, "导盲犬", &article["id"])
            .await
            .is_some()
    })
    .await;
    // An answer given with it on the first server counts on the second, also once the
    // article is no longer read again as lately changed (ten minutes on, and a check since).
    first.advance(chrono::TimeDelta::minutes(10));
    tokio::time::sleep(Duration::from_millis(300)).await;
    first
        .operator()
        .await
        .post(
            &format!("/api/v1/knowledge/articles/{}/uses", article["id"]),
            &json!({}),
        )
        .await
        .expect(StatusCode::CREATED);
    eventually("the use count", async || {
        let hit = searched_hit(&operator, "导盲犬", &article["id"]).await;
        hit.is_some_and(|h| h["use_count"] == 1)
    })
    .await;

    // A call filed on the first server is a near-duplicate of the same call on the second.
    let ticket = first
        .operator()
        .await
        .create_ticket(&toilet_without_water())
        .await;
    let call = toilet_without_water();
    let draft = format!(
        "{} {}",
        call["subject"].as_str().unwrap_or_default(),
        call["elements"]["event"].as_str().unwrap_or_default()
    );
    eventually("the repeat index", async || {
        near_duplicate(&operator, &draft, &ticket["id"]).await
    })
    .await;

    // What the call says, corrected on the first server, is what the second one compares.
    let said = "银杏路小学门口早晚高峰家长车辆乱停乱放，堵住校门，学生进出很危险";
    let edit = json!({ "action": "edit", "edit": {
        "subject": "银杏路小学门口车辆乱停",
        "record": said,
        "elements": { "event": said, "demand": "请交警部门加强早晚高峰的管理" },
    } });
    first.operator().await.act(&ticket, edit).await;
    eventually("an edited ticket in the repeat index", async || {
        near_duplicate(&operator, said, &ticket["id"]).await
    })
    .await;
}

#[tokio::test]
async fn a_gazetteer_change_is_planned_against_the_store_not_a_stale_copy() {
    let first = TestApp::spawn().await;
    // No background checks: only the catch-up before a change can bring the other's write.
    let second = first.another_server().await;
    let (admin, other_admin) = (first.admin().await, second.admin().await);
    let market =
        json!({"name": "海韵菜市场", "kind": "地标", "parent": "D03S01", "aliases": ["老菜场"]});
    admin
        .put("/api/v1/places/D03S01L91", &market)
        .await
        .expect(StatusCode::CREATED);
    // The second server clears the aliases, then the first puts them back at once.
    let mut cleared = market.clone();
    cleared["aliases"] = json!([]);
    other_admin
        .put("/api/v1/places/D03S01L91", &cleared)
        .await
        .expect(StatusCode::OK);
    let again = admin
        .put("/api/v1/places/D03S01L91", &market)
        .await
        .expect(StatusCode::OK);
    assert_eq!(again["change"], json!("changed"), "{again}");
    let stored = second.app.store.places().await.expect("the places");
    let stored = stored.iter().find(|p| p.code == "D03S01L91");
    assert_eq!(
        stored.map(|p| p.aliases.clone()),
        Some(vec!["老菜场".to_string()])
    );
    // A change that leaves the aliases out keeps them, as an import without the column does.
    let renamed = json!({"name": "海韵农贸市场", "kind": "地标", "parent": "D03S01"});
    let kept = other_admin
        .put("/api/v1/places/D03S01L91", &renamed)
        .await
        .expect(StatusCode::OK);
    assert_eq!(kept["place"]["aliases"], json!(["老菜场"]), "{kept}");
}

/// `hotline knowledge import` on the server's disk: the command's app builds no search index of
/// its own (it would take seconds a hundred thousand articles), and the servers on the database
/// index what it wrote.
#[tokio::test]
async fn articles_a_command_imports_are_found_by_the_servers() {
    use hotline_service::knowledge::transfer::ImportReport;
    let server = TestApp::spawn().await;
    server.app.follow_other_servers(Duration::from_millis(50));
    let operator = server.operator().await;
    let command = server.command_app().await;
    let csv = "标题,正文,类型,状态\n\
               独角兽养殖备案,养殖独角兽须到农业农村局备案。,办事指南,已发布\n";
    let report = imported_by(&command, csv).await;
    let ImportReport::Imported { ids, .. } = report else {
        panic!("refused: {report:?}");
    };
    // Searching is for servers: the command's app says so rather than finding nothing.
    let q = hotline_service::knowledge::ArticleSearch {
        text: "独角兽".into(),
        ..Default::default()
    };
    assert!(command
        .search_articles(&hotline_domain::org::Actor::system(), &q)
        .is_err());
    eventually("the imported article", async || {
        searched_finds(&operator, "独角兽", ids[0].0).await
    })
    .await;
}

/// A title another process wrote since this server last looked: the server's own check cannot
/// see it, the database's can. Writing it again is refused, naming the title, with nothing
/// written. (An import reads every stored article before it checks, so it finds the title.)
#[tokio::test]
async fn a_title_another_process_just_wrote_is_refused_by_the_database() {
    use hotline_service::knowledge::transfer::ImportReport;
    // This server does not follow: what the command writes stays unknown to it.
    let server = TestApp::spawn().await;
    let admin = server.login("demo-admin").await;
    let command = server.command_app().await;
    let csv = "标题,正文,类型,状态\n\
               独角兽养殖备案,养殖独角兽须到农业农村局备案。,办事指南,草稿\n";
    let report = imported_by(&command, csv).await;
    assert!(
        matches!(report, ImportReport::Imported { .. }),
        "{report:?}"
    );
    let before = admin
        .get("/api/v1/knowledge/articles?limit=1")
        .await
        .expect(StatusCode::OK)["total"]
        .clone();

    let mut same = guide_dogs();
    same["title"] = json!("独角兽养殖备案");
    let refused = admin
        .post("/api/v1/knowledge/articles", &same)
        .await
        .problem(StatusCode::UNPROCESSABLE_ENTITY, "invalid-field");
    assert_eq!(refused["field"], "title", "{refused}");
    assert!(
        refused["detail"]
            .as_str()
            .unwrap_or("")
            .contains("他处写入"),
        "{refused}"
    );
    let after = admin
        .get("/api/v1/knowledge/articles?limit=1")
        .await
        .expect(StatusCode::OK)["total"]
        .clone();
    assert_eq!(after, before, "nothing written");
}

/// A server's operators find an article that a command, whose clock runs `by` behind the
/// server's, imports once some checks have passed (the first reads ten minutes back).
async fn imported_behind_is_found(by: chrono::TimeDelta, title: &str) {
    use hotline_service::knowledge::transfer::ImportReport;
    let server = TestApp::spawn().await;
    server.app.follow_other_servers(Duration::from_millis(50));
    let operator = server.operator().await;
    let behind = command_app_behind(&server, by).await;
    tokio::time::sleep(Duration::from_millis(300)).await;
    let csv = format!(
        "标题,正文,类型,状态\n{title}养殖备案,养殖{title}须到农业农村局备案。,办事指南,已发布\n"
    );
    let report = imported_by(&behind, &csv).await;
    let ImportReport::Imported { ids, .. } = report else {
        panic!("refused: {report:?}");
    };
    eventually(
        &format!("the article on {title}, imported {by} behind"),
        async || searched_finds(&operator, title, ids[0].0).await,
    )
    .await;
}

/// A command whose clock runs 90 s behind the server's writes an article after the server's
/// last check: stamped before that check, it is still read at the next (articles are read
/// again from two minutes before each check), so the server's operators find it.
#[tokio::test]
async fn an_article_stamped_by_a_clock_running_behind_is_still_found() {
    imported_behind_is_found(chrono::TimeDelta::seconds(90), "麒麟").await;
}

/// An import that took twenty minutes to commit: its articles carry the time it stamped them,
/// long before the server's window of reading again. The stamp the import writes once
/// committed sends the server back to that time, so its operators find them.
#[tokio::test]
async fn articles_of_an_import_that_took_minutes_to_commit_are_found() {
    imported_behind_is_found(chrono::TimeDelta::minutes(20), "貔貅").await;
}

/// A place deleted on one server while another still has it in its gazetteer: the other
/// server's ticket naming it is refused with a message, not stored at a place that is gone.
#[tokio::test]
async fn a_place_deleted_on_one_server_is_not_taken_by_another() {
    let first = TestApp::spawn().await;
    let admin = first.admin().await;
    for (code, name) in [("D03S01C91", "海韵新村"), ("D03S01C92", "海韵东村")] {
        let community = json!({"name": name, "kind": "社区", "parent": "D03S01", "aliases": []});
        admin
            .put(&format!("/api/v1/places/{code}"), &community)
            .await
            .expect(StatusCode::CREATED);
    }
    // The second server reads the gazetteer now and does not follow changes.
    let second = first.another_server().await;
    let operator = second.operator().await;
    let ticket = operator.create_ticket(&toilet_without_water()).await;
    for code in ["D03S01C91", "D03S01C92"] {
        admin
            .delete(&format!("/api/v1/places/{code}"))
            .await
            .expect(StatusCode::OK);
    }

    let mut call = toilet_without_water();
    call["elements"]["place"]["community"] = json!("D03S01C91");
    let count = operator.ticket_total().await;
    let refused = operator
        .post("/api/v1/tickets", &call)
        .await
        .problem(StatusCode::UNPROCESSABLE_ENTITY, "invalid-field");
    assert_eq!(refused["field"], json!("elements.place"), "{refused}");
    let says = refused["message_zh"].as_str().unwrap_or_default();
    assert!(
        says.contains("D03S01C91") && says.contains("刚从地名库删除"),
        "{refused}"
    );
    assert_eq!(operator.ticket_total().await, count, "nothing stored");

    // An edit moving a ticket there is refused the same way, and the ticket is unchanged.
    let edit = json!({"action": "edit", "edit": {"elements": {"place": {
        "community": "D03S01C92", "address": "海韵新村3号楼"}}}});
    let r = operator.try_act(id(&ticket), version(&ticket), edit).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.text);
    assert!(r.text.contains("D03S01C92"), "{}", r.text);
    let kept = operator.ticket(id(&ticket)).await;
    assert_eq!(kept["version"], ticket["version"], "{kept}");
    assert_eq!(kept["elements"]["place"]["community"], json!("D03S01C01"));
}
