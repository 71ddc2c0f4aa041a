//! What the pages must refuse or neutralise: another unit's ticket opened by URL, a ticket whose
//! text carries markup, a form without this session's CSRF token, and malformed addresses.
use fantoccini::Locator;

use crate::fixtures::{at_zone, create, toilet_call};
use crate::support::start;

#[tokio::test]
async fn a_unit_user_cannot_open_another_units_ticket_by_url() {
    let Some(ui) = start().await else { return };
    let t = at_zone(&ui.app, "13912340004").await;
    ui.login("demo-unitadmin").await;
    ui.goto(&format!("/tickets/{}", t.id.0)).await;
    ui.wait_for_text("p.error", "不属于本单位").await;
    let page = ui.html().await;
    assert!(!page.contains("太公三路"), "nothing of the ticket is shown");
    assert!(!page.contains("13912340004"));
    // Nor does it turn up in their search.
    ui.goto("/search?q=%E5%A4%AA%E5%85%AC").await;
    assert!(ui
        .browser
        .find(Locator::Css(&format!("tr[data-ticket='{}']", t.id.0)))
        .await
        .is_err());
    ui.screenshot("forbidden").await;
}

#[tokio::test]
async fn script_in_a_ticket_is_shown_as_text_and_never_runs() {
    let Some(ui) = start().await else { return };
    let evil =
        "<script>document.title='pwned'</script><img src=x onerror=\"document.title='pwned'\">停水";
    let mut new = toilet_call("13912340005", evil);
    new.subject = "<b>加粗</b><script>document.title='pwned'</script>".into();
    let t = create(&ui.app, new).await;
    ui.login("demo-dispatcher").await;
    for path in [
        format!("/tickets/{}", t.id.0),
        "/queues/to_dispatch".to_string(),
    ] {
        ui.goto(&path).await;
        ui.find("main").await;
        let title = ui.browser.title().await.unwrap_or_default();
        assert_ne!(title, "pwned", "markup ran on {path}");
        for css in ["main script", "main img", "main b"] {
            assert!(
                ui.browser.find(Locator::Css(css)).await.is_err(),
                "{css} on {path}"
            );
        }
    }
    ui.goto(&format!("/tickets/{}", t.id.0)).await;
    ui.wait_for_text("#event", "<script>document.title='pwned'</script>")
        .await;
    ui.wait_for_text("h1", "<b>加粗</b>").await;
}

#[tokio::test]
async fn forms_without_the_sessions_token_and_bad_addresses_get_clear_refusals() {
    let Some(ui) = start().await else { return };
    let t = at_zone(&ui.app, "13912340006").await;
    ui.login("demo-zone").await;
    ui.goto(&format!("/tickets/{}", t.id.0)).await;
    // A forged post: the form's token replaced.
    ui.browser
        .execute(
            "document.querySelectorAll('input[name=_csrf]').forEach(function (i) { i.value = 'forged'; });",
            vec![],
        )
        .await
        .expect("running a script");
    ui.open_action("reply").await;
    ui.fill(
        "details[data-action='reply'] textarea[name=result]",
        "伪造的反馈",
    )
    .await;
    ui.click("details[data-action='reply'] button[type=submit]")
        .await;
    ui.wait_for_text("p.error", "页面已过期或来源不明").await;
    assert_eq!(
        ui.ticket(t.id.0).await.state.as_str(),
        "processing",
        "nothing was done"
    );

    ui.goto("/tickets/abc").await;
    ui.wait_for_text("p.error", "工单号「abc」不正确").await;
    ui.goto("/queues/nope").await;
    ui.wait_for_text("p.error", "找不到").await;
    // Unknown action values in a posted form are refused with a message, not a crash.
    ui.goto(&format!("/tickets/{}", t.id.0)).await;
    ui.browser
        .execute(
            "var f = document.querySelector(\"details[data-action='progress'] form\"); f.querySelector('input[name=action]').value = 'explode'; f.submit();",
            vec![],
        )
        .await
        .expect("running a script");
    ui.wait_for_text("p.error", "未知操作").await;

    // An admin form posted by someone who is no admin, with their own valid token: refused, and
    // nothing saved.
    ui.goto(&format!("/tickets/{}", t.id.0)).await;
    ui.browser
        .execute(
            "var f = document.createElement('form'); f.method = 'post'; f.action = '/admin/categories';
             var add = function (n, v) { var i = document.createElement('input'); i.type = 'hidden'; i.name = n; i.value = v; f.appendChild(i); };
             add('_csrf', document.querySelector('input[name=_csrf]').value);
             add('code', '9901'); add('name', '越权分类'); add('tier', 'normal'); add('active', 'on');
             document.body.appendChild(f); f.submit();",
            vec![],
        )
        .await
        .expect("running a script");
    ui.wait_for_text("p.error", "系统管理员").await;
    assert!(
        !ui.app.reference().categories.contains_key("9901"),
        "no category was saved"
    );
}

#[tokio::test]
async fn a_confidential_caller_is_masked_for_the_unit_and_shown_to_the_centre() {
    let Some(ui) = start().await else { return };
    let mut new = toilet_call("13912340010", "公共厕所停水");
    new.caller.confidential = true;
    let t = create(&ui.app, new).await;
    let zone = crate::fixtures::unit_of(&ui.app, "demo-zone").await;
    let t = crate::fixtures::act(
        &ui.app,
        "demo-dispatcher",
        &t,
        crate::fixtures::dispatch(zone),
    )
    .await;
    let page = format!("/tickets/{}", t.id.0);

    ui.login("demo-zone").await;
    ui.goto(&page).await;
    ui.wait_for_text("#caller-phone", "139****0010").await;
    ui.wait_for_text("#caller", "保密").await;
    assert!(
        !ui.html().await.contains("13912340010"),
        "the number is nowhere on the unit's page"
    );
    assert!(!ui.html().await.contains("王先生"));

    ui.login("demo-dispatcher").await;
    ui.goto(&page).await;
    ui.wait_for_text("#caller-phone", "13912340010").await;
}
