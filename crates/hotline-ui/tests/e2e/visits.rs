//! An unsatisfied caller: the smart visit asks for a person, the manual visit confirms it, and
//! the ticket goes back to the unit to be handled again (重办).
use crate::fixtures::pending_visit;
use crate::support::start;

#[tokio::test]
async fn an_unsatisfied_visit_sends_the_ticket_back_to_the_unit() {
    let Some(ui) = start().await else { return };
    let t = pending_visit(&ui.app, "13912340003").await;
    let id = t.id.0;

    ui.login("demo-visit").await;
    ui.goto("/queues/to_visit").await;
    ui.click(&format!("tr[data-ticket='{id}'] a")).await;
    ui.act(
        "visit",
        &[
            ("select:select[name=method]", "smart"),
            ("select:select[name=satisfaction]", "unsatisfied"),
        ],
        None,
    )
    .await;
    ui.wait_for_text("details[data-action='visit']", "须人工回访")
        .await;
    ui.screenshot("visit").await;
    ui.act(
        "visit",
        &[
            ("select:select[name=method]", "manual"),
            ("select:select[name=satisfaction]", "unsatisfied"),
            ("textarea[name=note]", "来电人表示厕所仍时常停水"),
        ],
        None,
    )
    .await;
    ui.expect_state("visited").await;
    ui.act(
        "rehandle",
        &[("textarea[name=reason]", "回访不满意:仍时常停水,请彻底解决")],
        None,
    )
    .await;
    ui.expect_state("processing").await;
    ui.wait_for_text("#holder", "管委").await;

    // The unit finds it back on its desk.
    ui.login("demo-zone").await;
    ui.goto("/queues/processing").await;
    ui.find(&format!("tr[data-ticket='{id}']")).await;
    let stored = ui.ticket(id).await;
    assert_eq!(stored.rehandle_count, 1);
}
