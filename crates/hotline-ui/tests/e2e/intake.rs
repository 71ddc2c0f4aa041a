//! Intake without a mouse: every field reached with Tab, chosen with the arrow keys and typed,
//! and the call submitted with Ctrl+Enter. A draft survives a reload.
use fantoccini::key::Key;

use crate::support::{start, Ui};

async fn active_id(ui: &Ui) -> String {
    match ui.browser.active_element().await {
        Ok(e) => e.attr("id").await.ok().flatten().unwrap_or_default(),
        Err(_) => String::new(),
    }
}

/// Press Tab until the element with `id` has the focus.
async fn tab_to(ui: &Ui, id: &str) {
    for _ in 0..20 {
        if active_id(ui).await == id {
            return;
        }
        let e = ui
            .browser
            .active_element()
            .await
            .expect("a focused element");
        e.send_keys(&char::from(Key::Tab).to_string())
            .await
            .expect("pressing Tab");
    }
    panic!(
        "Tab never reached #{id}; focus is on #{}",
        active_id(ui).await
    );
}

async fn type_here(ui: &Ui, text: &str) {
    let e = ui
        .browser
        .active_element()
        .await
        .expect("a focused element");
    e.send_keys(text).await.expect("typing");
}

#[tokio::test]
async fn a_call_is_recorded_with_the_keyboard_only() {
    let Some(ui) = start().await else { return };
    ui.login("demo-operator").await;
    ui.goto("/intake").await;
    ui.find("#intake-form").await;
    assert_eq!(
        active_id(&ui).await,
        "phone",
        "the phone number has the focus first"
    );
    type_here(&ui, "13700001111").await;
    tab_to(&ui, "caller-name").await;
    type_here(&ui, "李女士").await;
    tab_to(&ui, "confidential").await;
    type_here(&ui, " ").await;
    tab_to(&ui, "kind").await;
    type_here(&ui, &char::from(Key::Down).to_string()).await;
    tab_to(&ui, "category").await;
    type_here(&ui, &char::from(Key::Down).to_string()).await;
    tab_to(&ui, "subject").await;
    type_here(&ui, "小区路灯不亮").await;
    tab_to(&ui, "time-text").await;
    type_here(&ui, "近一周每天夜里").await;
    tab_to(&ui, "address").await;
    type_here(&ui, "海韵街道康坊社区3号楼前").await;
    tab_to(&ui, "person").await;
    type_here(&ui, "来电人及小区居民").await;
    tab_to(&ui, "event").await;
    type_here(&ui, "小区3号楼前路灯损坏不亮,夜间出行不便").await;
    tab_to(&ui, "demand").await;
    type_here(&ui, "请尽快维修路灯").await;
    ui.wait_for_text("#assist #missing", "五要素齐全").await;
    let ctrl_enter = format!(
        "{}{}{}",
        char::from(Key::Control),
        char::from(Key::Enter),
        char::from(Key::Null)
    );
    type_here(&ui, &ctrl_enter).await;
    ui.wait_for_text("p.flash", "提交转办").await;
    ui.expect_state("pending_dispatch").await;
    let t = ui.ticket(ui.ticket_id_here().await).await;
    assert!(
        t.caller.confidential,
        "the confidentiality box was ticked from the keyboard"
    );
    assert_eq!(t.kind.as_str(), "help");
    assert_eq!(t.caller.name, "李女士");

    // Nothing is left of that call in the form; a new draft survives a reload.
    ui.goto("/intake").await;
    ui.find("#intake-form").await;
    assert_eq!(ui.value("#event").await, "");
    ui.fill("#event", "草稿:来电人反映楼道灯不亮").await;
    ui.fill("#phone", "13700002222").await;
    ui.browser.refresh().await.expect("reloading");
    ui.find("#intake-form").await;
    ui.wait_for_text("#draft-restored", "已恢复").await;
    let event = ui.value("#event").await;
    assert_eq!(event, "草稿:来电人反映楼道灯不亮");
    let phone = ui.value("#phone").await;
    assert_eq!(phone, "13700002222");
}

#[tokio::test]
async fn a_repeat_call_is_merged_from_the_side_panel() {
    let Some(ui) = start().await else { return };
    let first = crate::fixtures::create(
        &ui.app,
        crate::fixtures::toilet_call("13700003333", "太公三路海滨公园南门公共厕所停水,无法使用"),
    )
    .await;
    ui.login("demo-operator").await;
    ui.goto("/intake").await;
    ui.fill("#phone", "13700003333").await;
    ui.wait_for_text("#caller-history", "1 件历史工单").await;
    ui.select("#kind", "complaint").await;
    ui.fill("#subject", "太公三路公共厕所还是停水").await;
    ui.fill("#event", "太公三路海滨公园南门公共厕所停水,至今仍无法使用")
        .await;
    let button = format!("#assist [data-repeat='{}'] button[data-fill]", first.number);
    ui.click(&button).await;
    assert_eq!(ui.value("#master-number").await, first.number);
    ui.screenshot("intake-repeat").await;
    ui.click("button[name=intent][value=merge]").await;
    ui.wait_for_text("p.flash", "并单").await;
    ui.expect_state("merged").await;
    ui.wait_for_text("#related", "已并入").await;
    let master = ui.ticket(first.id.0).await;
    assert_eq!(master.merged.len(), 1, "the first ticket records the merge");

    // A merged ticket is no master: the panel points to its master instead of offering it, and
    // a merge into it typed by hand is refused on the form, leaving no draft behind.
    let child = ui.ticket(ui.ticket_id_here().await).await;
    let before = ui.app.store.ticket_count().await.expect("the store");
    ui.goto("/intake").await;
    ui.fill("#phone", "13700003333").await;
    ui.select("#kind", "complaint").await;
    ui.fill("#subject", "太公三路公共厕所又停水").await;
    ui.fill("#event", "太公三路海滨公园南门公共厕所停水,至今仍无法使用")
        .await;
    let merged = format!("#assist [data-repeat='{}']", child.number);
    ui.wait_for_text(&merged, "查看其主工单").await;
    assert!(
        ui.browser
            .find_all(fantoccini::Locator::Css(&format!(
                "{merged} button[data-fill]"
            )))
            .await
            .is_ok_and(|b| b.is_empty()),
        "no merge button on a merged ticket"
    );
    ui.click("#other-outcomes summary").await;
    ui.fill("#master-number", &child.number).await;
    ui.click("button[name=intent][value=merge]").await;
    let refusal = format!("已并入工单 {},可并入该单", first.number);
    ui.wait_for_text("p.error", &refusal).await;
    assert_eq!(
        ui.app.store.ticket_count().await.expect("the store"),
        before
    );

    // The merge was wrong after all: a dispatcher takes the ticket out again (拆单).
    ui.login("demo-dispatcher").await;
    ui.goto(&format!("/tickets/{}", child.id.0)).await;
    ui.act(
        "unmerge",
        &[("textarea[name=reason]", "不是同一处公厕,分别办理")],
        None,
    )
    .await;
    // Recorded as a repeat, without a place: back to intake to be completed.
    ui.expect_state("draft").await;
    ui.wait_for_text("#timeline", &format!("从主工单 {} 拆出", first.number))
        .await;
    let master = ui.ticket(first.id.0).await;
    assert!(master.merged.is_empty(), "the master lets it go");
}

#[tokio::test]
async fn a_refused_direct_answer_leaves_no_draft_behind() {
    let Some(ui) = start().await else { return };
    let before = ui.app.store.ticket_count().await.expect("the store");
    ui.login("demo-operator").await;
    ui.goto("/intake").await;
    ui.fill("#phone", "13700005555").await;
    ui.select("#kind", "consultation").await;
    ui.fill("#subject", "咨询公共厕所开放时间").await;
    ui.fill("#event", "来电人咨询太公三路海滨公园公共厕所的开放时间")
        .await;
    ui.click("#other-outcomes summary").await;
    ui.fill("#answer", "每天6:00至22:00开放").await;
    ui.fill("#article", "999999").await;
    ui.click("button[name=intent][value=answer]").await;
    ui.wait_for_text("p.error", "没有该知识").await;
    assert_eq!(
        ui.app.store.ticket_count().await.expect("the store"),
        before,
        "the refused answer made no draft"
    );
    // The form keeps what was typed; with a recommended article instead of the unknown one,
    // the answer goes through.
    assert_eq!(ui.value("#answer").await, "每天6:00至22:00开放");
    ui.fill("#article", "").await;
    ui.wait_for("#knowledge [data-fill=article]").await;
    ui.click("#knowledge [data-fill=article]").await;
    assert!(!ui.value("#article").await.is_empty(), "the article quoted");
    ui.click("button[name=intent][value=answer]").await;
    ui.expect_state("closed").await;
    assert_eq!(
        ui.app.store.ticket_count().await.expect("the store"),
        before + 1
    );
    // The ticket page names the article the answer was given from.
    let source = ui.wait_for("#timeline a.answer-source").await;
    let title = source.text().await.expect("the article's title");
    assert!(title.starts_with('《'), "{title}");
}

#[tokio::test]
async fn an_emergency_is_flagged_while_the_operator_types() {
    let Some(ui) = start().await else { return };
    ui.login("demo-operator").await;
    ui.goto("/intake").await;
    ui.fill("#phone", "13700004444").await;
    ui.fill("#event", "小区3号楼楼道着火了,浓烟很大,有人被困在楼上")
        .await;
    ui.wait_for_text("#assist #scope", "119").await;
    ui.screenshot("intake-emergency").await;
    // A mistyped number (a letter O for a zero) is pointed out, and hides nothing else.
    ui.fill("#phone", "1370000444O").await;
    ui.wait_for_text("#assist .phone-error", "电话号码").await;
    ui.wait_for_text("#assist #scope", "119").await;
}

#[tokio::test]
async fn a_short_web_message_of_a_fire_asks_to_call_the_writer_back() {
    let Some(ui) = start().await else { return };
    ui.login("demo-operator").await;
    ui.goto("/intake").await;
    ui.select("select[name=channel]", "web").await;
    ui.fill("#phone", "13700005555").await;
    ui.fill("#event", "我家楼下着火了,火很大,烟都冲到五楼了")
        .await;
    ui.wait_for_text("#assist #possible-emergency", "请回拨核实")
        .await;
    ui.wait_for_text("#assist #possible-emergency", "119").await;
}

#[tokio::test]
async fn an_address_the_gazetteer_does_not_list_fills_the_address_field() {
    let Some(ui) = start().await else { return };
    ui.login("demo-operator").await;
    ui.goto("/intake").await;
    ui.fill("#phone", "13700006666").await;
    ui.fill("#event", "丽发新城小区门口的垃圾桶好几天没人清运,臭气熏天")
        .await;
    ui.wait_for_text("#assist #found", "详细地址:丽发新城小区")
        .await;
    ui.click("#assist [data-fill='address']").await;
    assert_eq!(ui.value("#address").await, "丽发新城小区");
}

#[tokio::test]
async fn the_time_and_place_found_in_the_text_fill_the_form() {
    let Some(ui) = start().await else { return };
    ui.login("demo-operator").await;
    ui.goto("/intake").await;
    ui.fill("#phone", "13700005555").await;
    ui.fill(
        "#event",
        "昨天晚上十点多,太公三路上有个井盖丢了,路过的人差点踩空",
    )
    .await;
    ui.wait_for_text("#assist #found", "太公三路").await;
    ui.wait_for_text("#assist #found", "昨天晚上十点多").await;
    // Each fill refreshes the panel: fill the place, wait until the refreshed panel no longer
    // offers it (the form has a place now), then fill the time from that panel.
    ui.click("#fill-place").await;
    let mut settled = false;
    for _ in 0..100 {
        let panel = ui.text("#assist").await;
        if !panel.contains("太公三路 →") && panel.contains("昨天晚上十点多") {
            settled = true;
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert!(
        settled,
        "the panel did not refresh after the place was filled"
    );
    ui.click("#assist [data-fill='time-text']").await;
    assert_eq!(ui.value("#time-text").await, "昨天晚上十点多");
    let time = ui.value("#time").await;
    assert!(
        time.ends_with("T22:00"),
        "the time field filled too: {time:?}"
    );
    assert_eq!(ui.value("#district").await, "D03");
    assert_eq!(ui.value("#street").await, "D03S01");
    ui.screenshot("intake-found").await;
}

#[tokio::test]
async fn the_persons_and_the_demand_read_from_the_record_fill_the_form() {
    let Some(ui) = start().await else { return };
    ui.login("demo-operator").await;
    ui.goto("/intake").await;
    ui.fill("#phone", "13700007777").await;
    ui.fill(
        "#record",
        "来电人李女士反映,小区门口被某某停车管理有限公司承包后乱收费。希望城管部门尽快处理。",
    )
    .await;
    ui.wait_for_text(
        "#assist #found-person",
        "李女士、某某停车管理有限公司、城管部门",
    )
    .await;
    ui.wait_for_text("#assist #found-demand", "希望城管部门尽快处理")
        .await;
    ui.click("#assist [data-fill='person']").await;
    assert_eq!(
        ui.value("#person").await,
        "李女士、某某停车管理有限公司、城管部门"
    );
    // The refreshed panel no longer offers 人物 (the form has it) but still the demand.
    let mut settled = false;
    for _ in 0..100 {
        let panel = ui.text("#assist").await;
        if !panel.contains("人物:") && panel.contains("诉求:") {
            settled = true;
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert!(settled, "the panel did not refresh after 人物 was filled");
    ui.click("#assist [data-fill='demand']").await;
    assert!(
        ui.value("#demand").await.contains("希望城管部门尽快处理"),
        "{}",
        ui.value("#demand").await
    );
}

/// The event is offered as a record words it: the centre's lexicon turns the caller's phrases
/// into formal wording, and the panel says which phrases it reworded.
#[tokio::test]
async fn the_event_is_offered_in_formal_wording() {
    let Some(ui) = start().await else { return };
    ui.login("demo-operator").await;
    ui.goto("/intake").await;
    ui.fill("#phone", "13700006666").await;
    ui.fill("#record", "楼上每天晚上吵得睡不着,工地漫天尘土。")
        .await;
    ui.wait_for_text("#assist #found-event", "噪声扰民").await;
    let event = ui.text("#assist #found-event").await;
    assert!(
        event.contains("扬尘污染") && !event.contains("吵得"),
        "{event}"
    );
    ui.wait_for_text("#assist #event-reworded", "「吵得睡不着」→「噪声扰民」")
        .await;
    ui.click("#assist [data-fill='event']").await;
    assert!(
        ui.value("#event").await.contains("噪声扰民"),
        "{}",
        ui.value("#event").await
    );
}

/// The session ends while a call is typed (12 hours after signing in): sending it leads to the
/// sign-in page, and signing in again leads back to the form with the call in it.
#[tokio::test]
async fn a_call_typed_as_the_session_ended_is_there_after_signing_in_again() {
    let Some(ui) = start().await else { return };
    ui.login("demo-operator").await;
    ui.goto("/intake").await;
    ui.find("#intake-form").await;
    ui.fill("#phone", "13700004444").await;
    ui.fill("#event", "来电人反映小区东门路灯连续三晚不亮")
        .await;
    ui.advance(chrono::TimeDelta::hours(13));
    ui.click("#submit-dispatch").await;
    ui.find("#login-submit").await;
    assert!(
        ui.browser
            .current_url()
            .await
            .map(|u| u.to_string())
            .unwrap_or_default()
            .contains("next=/intake"),
        "back to the form's page, not to the address it posted to"
    );
    ui.fill("#username", "demo-operator").await;
    ui.fill("#password", crate::support::PASSWORD).await;
    ui.click("#login-submit").await;
    ui.find("#intake-form").await;
    ui.wait_for_text("#draft-restored", "已恢复").await;
    assert_eq!(
        ui.value("#event").await,
        "来电人反映小区东门路灯连续三晚不亮"
    );
    assert_eq!(ui.value("#phone").await, "13700004444");
}

/// The session ends while the caller's history is being looked up (a part of the page htmx
/// refreshes): the whole page goes to the login, not the login into the part, and signing in
/// comes back to the intake page, not to the part's address with the caller's number in it.
#[tokio::test]
async fn a_part_of_a_page_refreshed_after_the_session_ended_leads_the_page_to_the_login() {
    let Some(ui) = start().await else { return };
    ui.login("demo-operator").await;
    ui.goto("/intake").await;
    ui.find("#intake-form").await;
    ui.fill("#event", "来电人反映楼道灯不亮").await;
    ui.advance(chrono::TimeDelta::hours(13));
    // A key typed is enough: the lookup follows it, and the page leaves for the login (so
    // the typing itself may find the field gone).
    let phone = ui.find("#phone").await;
    let _ = phone.send_keys("13700005555").await;
    ui.find("#login-submit").await;
    let url = ui
        .browser
        .current_url()
        .await
        .map(|u| u.to_string())
        .unwrap_or_default();
    assert!(
        url.contains("next=%2Fintake") || url.contains("next=/intake"),
        "{url}"
    );
    assert!(!url.contains("phone") && !url.contains("caller"), "{url}");
    ui.fill("#username", "demo-operator").await;
    ui.fill("#password", crate::support::PASSWORD).await;
    ui.click("#login-submit").await;
    ui.find("#intake-form").await;
    ui.wait_for_text("#draft-restored", "已恢复").await;
    assert_eq!(ui.value("#event").await, "来电人反映楼道灯不亮");
}

/// A shared workstation: what one person left unsent is theirs. Signing out clears it; the
/// next person signing in on the same browser after a session simply ended does not see it.
#[tokio::test]
async fn a_draft_left_on_a_shared_workstation_is_not_the_next_persons() {
    let Some(ui) = start().await else { return };
    ui.login("demo-operator").await;
    ui.goto("/intake").await;
    ui.fill("#event", "甲受理员未提交的来电记录").await;
    ui.click("form[data-sign-out] button").await;
    ui.find("#login-submit").await;
    ui.login("demo-operator").await;
    ui.goto("/intake").await;
    ui.find("#intake-form").await;
    assert_eq!(ui.value("#event").await, "", "signing out cleared it");

    // Left without signing out: the next person does not get it, the same person does.
    ui.fill("#event", "甲受理员又一条未提交的记录").await;
    ui.login("demo-shiftlead").await;
    ui.goto("/intake").await;
    ui.find("#intake-form").await;
    assert_eq!(ui.value("#event").await, "");
    ui.login("demo-operator").await;
    ui.goto("/intake").await;
    ui.wait_for_text("#draft-restored", "已恢复").await;
    assert_eq!(ui.value("#event").await, "甲受理员又一条未提交的记录");
}

/// A draft nobody typed in for a week is gone the next time a page opens (an abandoned call
/// keeps no caller's details in the browser); one typed in within the week comes back.
#[tokio::test]
async fn a_draft_left_for_a_week_is_dropped() {
    let Some(ui) = start().await else { return };
    ui.login("demo-operator").await;
    ui.goto("/intake").await;
    ui.fill("#event", "一周前没提交的来电记录").await;
    let typed_days_ago = |days: i64| {
        format!(
            "Object.keys(localStorage).filter(function (k) {{ return /:intake:at$/.test(k); }})\
             .forEach(function (k) {{ localStorage.setItem(k, String(Date.now() - {days} * 86400000)); }});"
        )
    };
    ui.browser
        .execute(&typed_days_ago(6), vec![])
        .await
        .expect("running a script");
    ui.goto("/intake").await;
    ui.wait_for_text("#draft-restored", "已恢复").await;
    assert_eq!(ui.value("#event").await, "一周前没提交的来电记录");
    ui.browser
        .execute(&typed_days_ago(8), vec![])
        .await
        .expect("running a script");
    ui.goto("/intake").await;
    ui.find("#intake-form").await;
    assert_eq!(ui.value("#event").await, "", "the week-old draft is gone");
    let left = ui
        .browser
        .execute(
            "return Object.keys(localStorage).filter(function (k) { return k.indexOf('hotline-draft:') === 0; }).length;",
            vec![],
        )
        .await
        .expect("running a script");
    assert_eq!(left, serde_json::json!(0), "nothing of it kept");
}
