//! The rest of the desk: a unit attaches a photo, a supervisor urges an overdue ticket from the
//! supervision lists, an operator looks an answer up in the knowledge base.
use crate::fixtures::at_zone;
use crate::support::start;

/// A 1×1 PNG.
const PNG: [u8; 67] = [
    0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44, 0x52,
    0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x06, 0x00, 0x00, 0x00, 0x1f, 0x15, 0xc4,
    0x89, 0x00, 0x00, 0x00, 0x0a, 0x49, 0x44, 0x41, 0x54, 0x78, 0x9c, 0x63, 0x00, 0x01, 0x00, 0x00,
    0x05, 0x00, 0x01, 0x0d, 0x0a, 0x2d, 0xb4, 0x00, 0x00, 0x00, 0x00, 0x49, 0x45, 0x4e, 0x44, 0xae,
    0x42, 0x60, 0x82,
];

#[tokio::test]
async fn a_photo_is_attached_an_overdue_ticket_urged_and_an_answer_looked_up() {
    let Some(ui) = start().await else { return };
    let t = at_zone(&ui.app, "13912340009").await;
    let page = format!("/tickets/{}", t.id.0);

    ui.login("demo-zone").await;
    ui.goto(&page).await;
    ui.open_action("attach").await;
    let dir = tempfile::tempdir().expect("a temporary directory");
    let photo = dir.path().join("现场照片.png");
    std::fs::write(&photo, PNG).expect("writing the photo");
    ui.find("details[data-action='attach'] input[type=file]")
        .await
        .send_keys(&photo.display().to_string())
        .await
        .expect("choosing the file");
    ui.click("details[data-action='attach'] button[type=submit]")
        .await;
    ui.wait_for_text("#attachments", "现场照片.png").await;

    // Three working days later the ticket is overdue: the supervisor urges it from the list.
    ui.advance(chrono::TimeDelta::days(7));
    ui.login("demo-supervisor").await;
    ui.goto("/supervision").await;
    ui.find(&format!(
        "section[data-queue='overdue'] tr[data-ticket='{}']",
        t.id.0
    ))
    .await;
    ui.screenshot("supervision").await;
    ui.click(&format!("button[data-urge='{}']", t.id.0)).await;
    ui.wait_for_text("p.flash", "已催办").await;
    assert_eq!(ui.ticket(t.id.0).await.urge_count, 1);

    // The operator pages through a common word's articles.
    ui.login("demo-operator").await;
    ui.goto("/knowledge?q=%E5%8A%9E%E7%90%86").await;
    ui.wait_for_text("#hit-count", "第 1 /").await;
    let first = ui.text("#hits li a").await;
    ui.click("#next-page").await;
    ui.wait_for_text("#hit-count", "第 2 /").await;
    assert_ne!(ui.text("#hits li a").await, first);
    ui.find("#prev-page").await;
    ui.goto("/knowledge?q=%E5%8A%9E%E7%90%86&page=abc").await;
    ui.wait_for_text("main", "页码应为").await;

    // The operator finds a standard answer and reads it.
    ui.goto("/knowledge?q=%E5%85%AC%E5%85%B1%E5%8E%95%E6%89%80")
        .await;
    ui.click("#hits li a").await;
    ui.find("#article-body").await;
    ui.wait_for_text("main", "引用知识编号").await;
    ui.screenshot("knowledge-article").await;
}

/// A unit writing a long reply while the ticket moves on (a supervisor urges it): the reply is
/// refused as stale, and the page comes back with the reply form open and what was written
/// in it, boxes as ticked, so sending again is one click.
#[tokio::test]
async fn a_refused_reply_comes_back_with_what_the_unit_wrote() {
    use hotline_domain::lifecycle::Command;
    let Some(ui) = start().await else { return };
    let t = at_zone(&ui.app, "13912340031").await;
    ui.login("demo-zone").await;
    ui.goto(&format!("/tickets/{}", t.id.0)).await;
    ui.open_action("reply").await;
    let form = "details[data-action='reply'] form";
    let written = "经现场核查,公共厕所停水系供水管道检修所致,已协调自来水公司于当日恢复供水,并安排保洁人员每日巡查。"
        .repeat(8);
    ui.fill(&format!("{form} textarea[name=result]"), &written)
        .await;
    ui.click(&format!("{form} input[name=resolved]")).await;
    crate::fixtures::act(
        &ui.app,
        "demo-supervisor",
        &t,
        Command::Urge {
            note: "请加快办理".into(),
        },
    )
    .await;
    ui.click(&format!("{form} button[type=submit]")).await;
    ui.wait_for("p.error").await;
    ui.wait_for_text("details[data-action='reply'] p.kept", "已保留")
        .await;
    ui.screenshot("reply-refused-kept").await;
    assert_eq!(
        ui.value(&format!("{form} textarea[name=result]")).await,
        written
    );
    let resolved = ui.find(&format!("{form} input[name=resolved]")).await;
    assert!(
        resolved.prop("checked").await.ok().flatten().as_deref() != Some("true"),
        "the box left unticked stays unticked"
    );
    let contacted = ui
        .find(&format!("{form} input[name=caller_contacted]"))
        .await;
    assert_eq!(
        contacted.prop("checked").await.ok().flatten().as_deref(),
        Some("true")
    );
    // Sent again over the ticket as it is now: taken.
    ui.click(&format!("{form} button[type=submit]")).await;
    ui.wait_for("p.flash").await;
    let after = ui.app.store.ticket(t.id).await.ok().flatten();
    assert_eq!(
        after.map(|t| t.state.as_str().to_string()).as_deref(),
        Some("pending_review")
    );
}

/// An action sent after the session ended: signing in again leads back to the ticket, not
/// to the address the form posted to (which answers only a form), with what was written.
#[tokio::test]
async fn an_action_sent_after_the_session_ended_leads_back_to_its_ticket_with_what_was_written() {
    let Some(ui) = start().await else { return };
    let t = at_zone(&ui.app, "13912340032").await;
    ui.login("demo-zone").await;
    let page = format!("/tickets/{}", t.id.0);
    ui.goto(&page).await;
    ui.open_action("progress").await;
    let form = "details[data-action='progress'] form";
    ui.fill(&format!("{form} textarea[name=note]"), "已安排人员现场查看")
        .await;
    ui.advance(chrono::TimeDelta::hours(13));
    ui.click(&format!("{form} button[type=submit]")).await;
    ui.find("#login-submit").await;
    assert_eq!(ui.current_path().await, format!("/login?next={page}"));
    ui.fill("#username", "demo-zone").await;
    ui.fill("#password", crate::support::PASSWORD).await;
    ui.click("#login-submit").await;
    ui.find("details[data-action='progress']").await;
    assert_eq!(ui.current_path().await, page);
    // What was written is back, its form open, saying so.
    ui.wait_for_text(&format!("{form} [data-draft-note]"), "已恢复")
        .await;
    assert_eq!(
        ui.value(&format!("{form} textarea[name=note]")).await,
        "已安排人员现场查看"
    );
    // Sent and taken: the ticket page answering it clears it.
    ui.click(&format!("{form} button[type=submit]")).await;
    ui.wait_for("p.flash").await;
    ui.goto(&page).await;
    ui.open_action("progress").await;
    assert_eq!(ui.value(&format!("{form} textarea[name=note]")).await, "");
}

/// The ticket is suspended while the unit writes its reply: the reply form is no longer
/// offered, and what was written is handed back to copy, not dropped.
#[tokio::test]
async fn a_reply_to_a_ticket_suspended_meanwhile_is_handed_back_to_copy() {
    use hotline_domain::lifecycle::Command;
    let Some(ui) = start().await else { return };
    let t = at_zone(&ui.app, "13912340033").await;
    ui.login("demo-zone").await;
    ui.goto(&format!("/tickets/{}", t.id.0)).await;
    ui.open_action("reply").await;
    let form = "details[data-action='reply'] form";
    ui.fill(
        &format!("{form} textarea[name=result]"),
        "已联系供水公司,明日上午恢复供水。",
    )
    .await;
    crate::fixtures::act(
        &ui.app,
        "demo-dispatcher",
        &t,
        Command::Suspend {
            reason: "等待上级协调".into(),
        },
    )
    .await;
    ui.click(&format!("{form} button[type=submit]")).await;
    // The banner says the same as the copy beside it: not "submit again".
    ui.wait_for_text("p.error", "「办理反馈」现在不能再做")
        .await;
    ui.wait_for_text("#no-longer-offered", "「办理反馈」现在不能再做")
        .await;
    assert_eq!(
        ui.value("#no-longer-offered textarea").await,
        "已联系供水公司,明日上午恢复供水。"
    );
}
