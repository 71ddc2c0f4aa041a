//! The knowledge base maintained in the browser: an operator writes an article and submits it,
//! a quality inspector publishes it and operators find it; the operator's later change waits
//! for review while the published text stays in use; a change built on an old version is
//! refused with the form kept; a spreadsheet import is all or nothing, with every problem shown.
use hotline_domain::knowledge::{ArticleAction, ArticleId, ArticleStatus};

use crate::support::start;

/// The article id of the page the browser shows (`/knowledge/{id}?…`).
async fn shown_article(ui: &crate::support::Ui) -> i64 {
    let path = ui.current_path().await;
    let id = path
        .trim_start_matches("/knowledge/")
        .split(['?', '/'])
        .next()
        .unwrap_or_default();
    id.parse()
        .unwrap_or_else(|_| panic!("not an article page: {path}"))
}

#[tokio::test]
async fn an_article_is_written_reviewed_published_and_found() {
    let Some(ui) = start().await else { return };
    ui.login("demo-operator").await;
    ui.goto("/knowledge").await;
    ui.click("#manage-knowledge").await;
    ui.click("#new-article").await;
    ui.fill("#article-title", "龙舟赛期间江边道路临时交通管制")
        .await;
    ui.select("#article-kind", "standard_reply").await;
    ui.fill("#article-keywords", "龙舟赛、交通管制").await;
    ui.fill(
        "#article-body",
        "龙舟赛当日8时至12时,滨江路实行临时交通管制,请绕行沿河路。",
    )
    .await;
    ui.click("#save-article").await;
    ui.wait_for_text("p.flash", "已保存为草稿").await;
    let id = ArticleId(shown_article(&ui).await);
    ui.wait_for_text("#article-status", "草稿").await;
    // An operator submits for review but may not publish.
    assert!(!ui.html().await.contains("id=\"article-publish\""));
    ui.click("#article-submit").await;
    ui.wait_for_text("p.flash", "已提交审核").await;
    ui.wait_for_text("#article-status", "待审核").await;
    ui.screenshot("knowledge-article-in-review").await;

    ui.login("demo-inspector").await;
    ui.goto("/knowledge/manage?status=in_review").await;
    ui.wait_for_text("#articles", "龙舟赛期间").await;
    // The inspector reviews and publishes; writing is for others.
    assert!(!ui.html().await.contains("id=\"new-article\""));
    ui.goto("/knowledge/new").await;
    ui.wait_for_text("body", "质检员负责审核与发布").await;
    ui.goto(&format!("/knowledge/{}", id.0)).await;
    ui.click("#article-publish").await;
    ui.wait_for_text("p.flash", "已发布").await;
    let stored = ui
        .app
        .store
        .article(id)
        .await
        .expect("store")
        .expect("article");
    assert_eq!(stored.status, ArticleStatus::Published);
    assert_eq!(stored.keywords, ["龙舟赛", "交通管制"]);

    // Published: operators find it when answering.
    ui.login("demo-operator").await;
    ui.goto("/knowledge?q=%E9%BE%99%E8%88%9F%E8%B5%9B").await;
    ui.wait_for_text("#hits", "龙舟赛期间江边道路").await;
    // Or browse a kind without a word: standard replies only, the most used first.
    ui.fill("#knowledge-search input[name=q]", "").await;
    ui.select("#browse-kind", "standard_reply").await;
    ui.click("#knowledge-search button[type=submit]").await;
    // The page the form asked for, not the search before it (its #hit-count is there too).
    ui.wait_for_path("kind=standard_reply").await;
    ui.wait_for("#hit-count").await;
    let listed = ui.text("#hits").await;
    assert!(
        listed.contains("标准答复") && !listed.contains("办事指南") && !listed.contains("政策问答"),
        "{listed}"
    );

    // The operator changes the published article: the change waits for review, and the
    // published text stays in use until the inspector publishes the change.
    ui.goto(&format!("/knowledge/{}/edit", id.0)).await;
    ui.fill(
        "#article-body",
        "龙舟赛当日8时至13时,滨江路实行临时交通管制,请绕行沿河路。",
    )
    .await;
    ui.click("#save-article").await;
    ui.wait_for_text("p.flash", "修改已提交审核").await;
    ui.wait_for_text("#article-status", "已发布").await;
    ui.wait_for_text("#article-body", "8时至12时").await;
    ui.wait_for_text("#revision-body", "8时至13时").await;
    // Another operator opening the editor is told that saving replaces that change.
    let admin = crate::fixtures::actor(&ui.app, "demo-admin").await;
    ui.app
        .add_user(
            &admin,
            hotline_service::auth::UserRequest {
                username: "demo-operator-2".into(),
                display_name: "受理员乙".into(),
                password: crate::support::PASSWORD.into(),
                roles: vec![hotline_domain::org::Role::Operator],
                unit: None,
            },
        )
        .await
        .expect("a second operator");
    ui.login("demo-operator-2").await;
    ui.goto(&format!("/knowledge/{}/edit", id.0)).await;
    ui.wait_for_text("#replaces-revision", "保存将取代").await;
    ui.login("demo-inspector").await;
    ui.goto("/knowledge/manage?status=revision").await;
    ui.wait_for_text("#articles", "有待审核的修改").await;
    ui.goto(&format!("/knowledge/{}", id.0)).await;
    ui.screenshot("knowledge-revision-pending").await;
    ui.click("#article-publish").await;
    ui.wait_for_text("p.flash", "已发布").await;
    ui.wait_for_text("#article-body", "8时至13时").await;
    assert!(!ui.html().await.contains("article-revision"));
    ui.login("demo-operator").await;

    // The operator opens the form; meanwhile the inspector retires the article. Saving the
    // stale form is refused, the typed text stays, and nothing changes.
    ui.goto(&format!("/knowledge/{}/edit", id.0)).await;
    ui.fill("#article-title", "改过的标题").await;
    let inspector = crate::fixtures::actor(&ui.app, "demo-inspector").await;
    ui.app
        .change_article_status(&inspector, id, None, ArticleAction::Retire)
        .await
        .expect("retire");
    ui.click("#save-article").await;
    ui.wait_for_text("p.error", "已被他人修改").await;
    assert_eq!(ui.value("#article-title").await, "改过的标题");
    // What was saved meanwhile is set beside what was typed: the title typed is new.
    ui.wait_for_text("#changed-meanwhile del", "龙舟赛期间江边道路临时交通管制")
        .await;
    ui.wait_for_text("#changed-meanwhile ins", "改过的标题")
        .await;
    let stored = ui
        .app
        .store
        .article(id)
        .await
        .expect("store")
        .expect("article");
    assert_eq!(
        (stored.status, stored.title.as_str()),
        (ArticleStatus::Retired, "龙舟赛期间江边道路临时交通管制")
    );

    // Too many keywords: refused with the reason, the form kept.
    ui.goto(&format!("/knowledge/{}/edit", id.0)).await;
    let many: Vec<String> = (1..=21).map(|i| format!("词{i}")).collect();
    ui.fill("#article-keywords", &many.join("、")).await;
    ui.click("#save-article").await;
    ui.wait_for_text("p.error", "最多 20 个").await;
    assert!(ui.value("#article-keywords").await.contains("词21"));
}

#[tokio::test]
async fn an_import_is_all_or_nothing_and_names_each_bad_row() {
    let Some(ui) = start().await else { return };
    let dir = std::env::temp_dir().join(format!("hotline-import-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("a temp dir");
    let bad = dir.join("bad.csv");
    std::fs::write(
        &bad,
        "标题,正文,类型\n居住证办理,持身份证到社区服务中心登记,service_guide\n,没有标题的一行,policy_qa\n公积金提取,本人持卡到网点办理,unknown_kind\n",
    )
    .expect("writing the csv");
    let good = dir.join("good.csv");
    std::fs::write(
        &good,
        "标题,正文,类型,关键词\n夜间施工投诉的受理,夜间施工须持夜间施工许可证,standard_reply,夜间施工;噪音\n",
    )
    .expect("writing the csv");
    let before = ui.app.store.all_articles().await.expect("articles").len();

    // A shift lead both writes and publishes: new articles may come in by file.
    ui.login("demo-shiftlead").await;
    ui.goto("/knowledge/manage").await;
    ui.click("#import summary").await;
    ui.find("#import-file")
        .await
        .send_keys(&bad.to_string_lossy())
        .await
        .expect("choosing the file");
    ui.click("#import-submit").await;
    ui.wait_for_text("h1", "导入未完成").await;
    ui.wait_for_text("#import-problems", "3").await;
    ui.wait_for_text("#import-problems", "4").await;
    ui.screenshot("knowledge-import-refused").await;
    assert_eq!(
        ui.app.store.all_articles().await.expect("articles").len(),
        before,
        "nothing was imported"
    );

    // A file over the import limit is refused by name, as over the API.
    let huge = dir.join("huge.csv");
    let mut big = "标题,正文,类型\n".to_string();
    let line = format!("超长文件,{},policy_qa\n", "字".repeat(3000));
    while big.len() <= hotline_service::table::MAX_IMPORT_BYTES {
        big.push_str(&line);
    }
    std::fs::write(&huge, big).expect("writing the csv");
    ui.goto("/knowledge/manage").await;
    ui.click("#import summary").await;
    ui.find("#import-file")
        .await
        .send_keys(&huge.to_string_lossy())
        .await
        .expect("choosing the file");
    ui.click("#import-submit").await;
    ui.wait_for_text("p.error", "导入文件最多 10 MiB").await;
    // Where a whole knowledge base that size goes instead.
    ui.wait_for_text("p.error", "hotline knowledge import")
        .await;

    ui.goto("/knowledge/manage").await;
    ui.click("#import summary").await;
    ui.find("#import-file")
        .await
        .send_keys(&good.to_string_lossy())
        .await
        .expect("choosing the file");
    ui.click("#import-submit").await;
    ui.wait_for_text("p.flash", "导入完成:新增 1 条,更新 0 条")
        .await;
    let all = ui.app.store.all_articles().await.expect("articles");
    assert_eq!(all.len(), before + 1);
    assert!(all.iter().any(|a| a.title == "夜间施工投诉的受理"));
    // The export keeps the list's filter, and says how many it holds.
    ui.goto("/knowledge/manage?status=published&kind=standard_reply")
        .await;
    let listed = ui.text("#article-total").await;
    ui.wait_for_text("a.export", "导出筛选出的").await;
    let link = ui.find("a.export").await;
    let href = link
        .attr("href")
        .await
        .expect("an href")
        .unwrap_or_default();
    assert!(
        href.contains("status=published") && href.contains("kind=standard_reply"),
        "{href}"
    );
    let label = link.text().await.expect("the link's text");
    let count = listed.trim_start_matches("共 ").trim_end_matches(" 条");
    assert!(
        label.contains(&format!("导出筛选出的 {count} 条")),
        "{label} / {listed}"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[tokio::test]
async fn an_earlier_version_is_read_beside_the_next_and_restored() {
    let Some(ui) = start().await else { return };
    let lead = crate::fixtures::actor(&ui.app, "demo-shiftlead").await;
    let article = hotline_domain::knowledge::NewArticle {
        title: "端午节期间社保大厅开放时间".into(),
        body: "端午节期间社保大厅暂停对外办理业务,可通过网上办事大厅办理。".into(),
        kind: hotline_domain::knowledge::ArticleKind::StandardReply,
        category: None,
        owner_unit: None,
        valid_from: None,
        valid_to: None,
        keywords: vec![],
    };
    let draft = ui.app.create_article(&lead, article).await.expect("write");
    let id = draft.id;
    ui.app
        .change_article_status(&lead, id, None, ArticleAction::Publish)
        .await
        .expect("publish");

    // The shift lead changes the body by mistake, then looks back through the versions.
    ui.login("demo-shiftlead").await;
    ui.goto(&format!("/knowledge/{}/edit", id.0)).await;
    ui.fill(
        "#article-body",
        "端午节期间社保大厅正常对外办理业务,可通过网上办事大厅办理。",
    )
    .await;
    ui.click("#save-article").await;
    ui.wait_for_text("p.flash", "已保存").await;
    ui.wait_for_text("#article-changed", "修改").await;
    ui.click("#article-versions-link").await;
    ui.wait_for_text("#article-versions", "第 3 版").await;
    ui.wait_for_text("#article-versions", "发布").await;
    ui.goto(&format!("/knowledge/{}/versions/3", id.0)).await;
    ui.wait_for_text("#version-diff del", "暂停").await;
    ui.wait_for_text("#version-diff ins", "正常").await;
    ui.screenshot("knowledge-version-diff").await;

    // Version 2 (as published) comes back as a new version; the article stays published.
    ui.goto(&format!("/knowledge/{}/versions/2", id.0)).await;
    ui.click("#restore-version").await;
    ui.wait_for_text("p.flash", "已恢复旧版本的内容").await;
    ui.wait_for_text("#article-body", "暂停对外办理业务").await;
    ui.wait_for_text("#article-status", "已发布").await;
    let stored = ui
        .app
        .store
        .article(id)
        .await
        .expect("store")
        .expect("article");
    assert_eq!((stored.version, stored.change.as_str()), (4, "restored"));
    // What it says now is what version 2 said: nothing to restore there any more.
    ui.goto(&format!("/knowledge/{}/versions/2", id.0)).await;
    assert!(!ui.html().await.contains("restore-version"));
}

/// An article written while the session ran out is not lost: signing in again leads back to
/// the editor with what was typed, saying so; once saved, a new editor starts empty.
#[tokio::test]
async fn an_article_written_as_the_session_ended_is_back_after_signing_in() {
    let Some(ui) = start().await else { return };
    ui.login("demo-operator").await;
    ui.goto("/knowledge/new").await;
    ui.fill("#article-title", "旧城改造项目征收补偿咨询口径")
        .await;
    ui.fill(
        "#article-body",
        "征收补偿标准以区政府公告为准,可向区征收办咨询。",
    )
    .await;
    ui.advance(chrono::TimeDelta::hours(13));
    ui.click("#save-article").await;
    ui.find("#login-submit").await;
    ui.fill("#username", "demo-operator").await;
    ui.fill("#password", crate::support::PASSWORD).await;
    ui.click("#login-submit").await;
    ui.find("#article-form").await;
    assert_eq!(ui.current_path().await, "/knowledge/new");
    ui.wait_for_text("#article-draft-restored", "已恢复").await;
    assert_eq!(
        ui.value("#article-title").await,
        "旧城改造项目征收补偿咨询口径"
    );
    ui.select("#article-kind", "policy_qa").await;
    ui.click("#save-article").await;
    ui.wait_for_text("p.flash", "已保存为草稿").await;
    ui.goto("/knowledge/new").await;
    ui.find("#article-form").await;
    assert_eq!(
        ui.value("#article-title").await,
        "",
        "the saved draft is done with"
    );
}
