//! The Rizhao walkthrough of DOMAIN.md through the pages, each step by its own role: operator →
//! dispatcher → zone admin (管委) → its bureau → zone admin → reviewer → visit agent.

use crate::support::{start, Ui};

async fn operator_records_the_call(ui: &Ui) -> i64 {
    ui.login("demo-operator").await;
    ui.screenshot("home-operator").await;
    ui.goto("/intake").await;
    ui.fill("#phone", "13912340001").await;
    ui.fill("#caller-name", "王先生").await;
    ui.select("#kind", "complaint").await;
    ui.fill("#subject", "太公三路公共厕所停水").await;
    // No routing model is active in this city yet: the panel says so instead of staying blank.
    ui.wait_for_text("#assist #category-suggestion", "尚未启用分派模型")
        .await;
    ui.select("#category", "020203").await;
    ui.fill("#time-text", "今天上午9时20分").await;
    ui.select("#district", "D03").await;
    ui.select("#street", "D03S01").await;
    ui.select("#community", "D03S01C01").await;
    ui.fill("#address", "太公三路海滨公园南门公共厕所").await;
    ui.fill("#person", "来电人及在公园游览的市民游客").await;
    ui.fill(
        "#event",
        "太公三路海滨公园南门公共厕所停水,洗手池和便池均无法冲洗,异味较大",
    )
    .await;
    ui.fill("#demand", "请有关部门尽快恢复公共厕所供水").await;
    ui.fill("#record", "来电人反映公共厕所停水,要求尽快恢复供水。")
        .await;
    // The side panel follows what is typed: the five elements are complete.
    ui.wait_for_text("#assist #missing", "五要素齐全").await;
    ui.wait_for_text("#assist #unit-suggestion", "管委").await;
    assert!(
        !ui.value("#analysis-id").await.is_empty(),
        "the analysis the operator saw goes with the ticket"
    );
    ui.screenshot("intake").await;
    ui.click("#submit-dispatch").await;
    ui.wait_for_text("p.flash", "提交转办").await;
    ui.expect_state("pending_dispatch").await;
    ui.ticket_id_here().await
}

#[tokio::test]
async fn the_rizhao_call_goes_from_intake_to_closed_through_the_pages() {
    let Some(ui) = start().await else { return };
    let id = operator_records_the_call(&ui).await;
    // What the side panel suggested was stored with the ticket.
    let stored = ui
        .app
        .store
        .intake_records(&[hotline_domain::ticket::TicketId(id)])
        .await
        .expect("reading intake records");
    assert_eq!(
        stored.len(),
        1,
        "the intake analysis is stored with the ticket"
    );
    assert_eq!(stored[0].1.body["source"], "analyze", "{:?}", stored[0].1);
    assert_eq!(stored[0].1.unit, Some(ui.unit_of("demo-zone").await));
    let ticket = format!("/tickets/{id}");
    let zone = ui.unit_of("demo-zone").await;
    let bureau = ui.unit_of("demo-bureau").await;

    // The dispatcher finds it in the queue, sees the deadline before confirming, dispatches
    // to the 管委 the responsibility list names.
    ui.login("demo-dispatcher").await;
    ui.goto("/queues/to_dispatch").await;
    ui.click(&format!("tr[data-ticket='{id}'] a")).await;
    ui.wait_for_text("#suggestion", "管委").await;
    ui.wait_for_text("#unit-reasons li", "职责清单").await;
    ui.wait_for_text("#tier option:checked", "截止").await;
    let chosen = ui.value("#main-unit").await;
    assert_eq!(
        chosen,
        zone.0.to_string(),
        "the list's unit is chosen first"
    );
    ui.screenshot("dispatch").await;
    ui.act("dispatch", &[], None).await;
    ui.expect_state("dispatched").await;
    // The ticket page shows what intake suggested, and that the first dispatch took it.
    ui.wait_for_text("#intake-suggestion", "首次转办采纳").await;
    ui.wait_for_text("#intake-suggestion", "受理时的分析").await;
    // What is left of the handling time is counted in working days, not 24-hour days.
    ui.wait_for_text("li.countdown[data-clock='Handling']", "个工作日")
        .await;

    // The 管委 signs for it (with its countdown) and sub-dispatches to its bureau.
    ui.login("demo-zone").await;
    ui.goto("/").await;
    ui.wait_for_text("a.card[data-queue='to_sign_for'] .n", "1")
        .await;
    ui.goto(&ticket).await;
    ui.wait_for_text("details[data-action='sign_for']", "签收截止")
        .await;
    // Units see the ticket, not how the centre decided where to send it.
    assert!(!ui.html().await.contains("intake-suggestion"));
    ui.screenshot("unit-desk-sign-for").await;
    ui.act("sign_for", &[], None).await;
    ui.expect_state("processing").await;
    ui.act(
        "sub_dispatch",
        &[
            ("select:select[name=to]", &bureau.0.to_string()),
            ("textarea[name=note]", "请执法局核实处理"),
        ],
        None,
    )
    .await;
    // The page after the sub-dispatch, not the sign-for's still showing its flash: signing in
    // as the bureau before the sub-dispatch is through finds the ticket not yet its.
    ui.expect_state("dispatched").await;

    // The bureau signs for it and replies to the 管委.
    ui.login("demo-bureau").await;
    ui.goto(&ticket).await;
    ui.act("sign_for", &[], None).await;
    ui.act(
        "reply",
        &[(
            "textarea[name=result]",
            "经现场核查,系供水管道检修所致,已协调恢复供水。",
        )],
        None,
    )
    .await;
    ui.wait_for_text("#holder", "管委").await;

    // The 管委 refines the reply and sends it to the hotline.
    ui.login("demo-zone").await;
    ui.goto(&ticket).await;
    ui.act(
        "reply",
        &[(
            "textarea[name=result]",
            "经管委核实,公共厕所已于当日恢复供水,并加强日常巡查。",
        )],
        None,
    )
    .await;
    ui.expect_state("pending_review").await;

    // The reviewer passes it.
    ui.login("demo-reviewer").await;
    ui.goto("/queues/to_review").await;
    ui.click(&format!("tr[data-ticket='{id}'] a")).await;
    ui.act(
        "review_pass",
        &[("textarea[name=note]", "答复规范,符合要求")],
        None,
    )
    .await;
    ui.expect_state("pending_visit").await;

    // The visit agent records a satisfied smart visit and closes it.
    ui.login("demo-visit").await;
    ui.goto(&ticket).await;
    ui.open_action("visit").await;
    ui.wait_for_text("details[data-action='visit'] .script", "回访话术")
        .await;
    ui.act("visit", &[("select:select[name=method]", "smart")], None)
        .await;
    ui.act("close", &[], None).await;
    ui.expect_state("closed").await;
    for step in [
        "登记",
        "转办",
        "签收",
        "下派",
        "办理反馈",
        "审核通过",
        "回访",
        "办结",
    ] {
        ui.wait_for_text("#timeline", step).await;
    }
    ui.wait_for_text("#timeline", "执法局承办人郑爽").await;
    // Only evidence may still be added to a closed ticket.
    let left = ui
        .browser
        .find_all(fantoccini::Locator::Css("details[data-action]"))
        .await
        .expect("the action list");
    let mut offered = Vec::new();
    for d in left {
        offered.push(
            d.attr("data-action")
                .await
                .ok()
                .flatten()
                .unwrap_or_default(),
        );
    }
    assert_eq!(
        offered,
        ["attach"],
        "a closed ticket offers nothing but attaching"
    );
    ui.screenshot("ticket-closed").await;
}
