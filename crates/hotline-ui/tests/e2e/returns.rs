//! A unit that finds a ticket outside its remit asks to return it; the dispatcher approves with
//! the responsibility list in view and re-dispatches to the unit the list names.
use crate::fixtures::{act, create, dispatch, toilet_call};
use crate::support::start;

#[tokio::test]
async fn a_return_request_is_approved_and_the_ticket_dispatched_again() {
    let Some(ui) = start().await else { return };
    let wrong = ui.unit_of("demo-unitadmin").await;
    let zone = ui.unit_of("demo-zone").await;
    let t = create(&ui.app, toilet_call("13912340002", "公共厕所停水,无法使用")).await;
    let t = act(&ui.app, "demo-dispatcher", &t, dispatch(wrong)).await;
    let id = t.id.0;
    let page = format!("/tickets/{id}");

    // The wrongly chosen unit asks to return it, within its window, with a reason.
    ui.login("demo-unitadmin").await;
    ui.goto(&page).await;
    ui.open_action("request_return").await;
    ui.wait_for_text("details[data-action='request_return']", "退单时限")
        .await;
    ui.act(
        "request_return",
        &[(
            "textarea[name=reason]",
            "该公共厕所位于旅游度假区,不属本局职责",
        )],
        None,
    )
    .await;
    ui.expect_state("return_requested").await;

    // The dispatcher sees it in the return queue, with what the list says, and approves.
    ui.login("demo-dispatcher").await;
    ui.goto("/queues/return_requests").await;
    ui.click(&format!("tr[data-ticket='{id}'] a")).await;
    ui.wait_for_text("#return-request", "不属本局职责").await;
    ui.wait_for_text("#return-request", "管委").await;
    ui.screenshot("return-request").await;
    ui.act(
        "decide_return",
        &[("textarea[name=note]", "同意退单,改派管委")],
        Some("button[value=approve]"),
    )
    .await;
    ui.expect_state("pending_dispatch").await;
    // The dispatch form no longer suggests the unit that gave it back, and says why.
    let former = ui.app.reference().unit_name(wrong);
    ui.open_action("dispatch").await;
    ui.wait_for_text("#returned-units", &former).await;
    ui.wait_for_text("#returned-units", "不属本局职责").await;

    // Re-dispatched to the unit the list names.
    ui.act(
        "dispatch",
        &[("select:#main-unit", &zone.0.to_string())],
        None,
    )
    .await;
    ui.expect_state("dispatched").await;
    ui.wait_for_text("#holder", "管委").await;
    ui.wait_for_text("#timeline", "同意退单").await;
    // The unit that gave it back is listed apart: it sees the ticket and no longer acts on it.
    ui.wait_for_text("#former-units", &former).await;
    let stored = ui.ticket(id).await;
    assert_eq!(stored.holder(), Some(zone));
    assert_eq!(stored.dispatch_count, 2);
}

#[tokio::test]
async fn the_dispatcher_sets_colour_tags_while_dispatching() {
    let Some(ui) = start().await else { return };
    let zone = ui.unit_of("demo-zone").await;
    let t = create(&ui.app, toilet_call("13912340041", "公共厕所没有水")).await;
    assert_eq!(t.state.as_str(), "pending_dispatch");
    ui.login("demo-dispatcher").await;
    ui.goto(&format!("/tickets/{}", t.id.0)).await;
    ui.open_action("dispatch").await;
    ui.select("#main-unit", &zone.0.to_string()).await;
    ui.click("details[data-action='dispatch'] input[name=tags][value=media]")
        .await;
    ui.click("details[data-action='dispatch'] input[name=tags][value=business_environment]")
        .await;
    ui.click("details[data-action='dispatch'] button[type=submit]")
        .await;
    ui.wait_for_text("p.flash", "已完成").await;
    let stored = ui.ticket(t.id.0).await;
    assert_eq!(stored.state.as_str(), "dispatched");
    assert_eq!(
        stored.tags,
        [
            hotline_domain::ticket::ColourTag::BusinessEnvironment,
            hotline_domain::ticket::ColourTag::Media
        ]
    );
    ui.wait_for_text("span.tag", "媒体").await;
}
