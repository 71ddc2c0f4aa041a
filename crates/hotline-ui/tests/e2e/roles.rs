//! Every role's home page and main pages open without an error, and each person sees only the
//! navigation of their roles.
use fantoccini::Locator;

use crate::fixtures::{at_zone, create, toilet_call};
use crate::support::start;

#[tokio::test]
async fn each_role_sees_its_own_home_and_pages() {
    let Some(ui) = start().await else { return };
    at_zone(&ui.app, "13912340007").await;
    let pages: [(&str, &[&str], &str); 7] = [
        (
            "demo-dispatcher",
            &["/queues/to_dispatch", "/search?q=%E5%81%9C%E6%B0%B4"],
            "转办",
        ),
        ("demo-zone", &["/queues/processing"], "待签收"),
        ("demo-reviewer", &["/queues/to_review"], "审核"),
        ("demo-supervisor", &["/queues/overdue", "/overview"], "督办"),
        ("demo-leader", &["/overview", "/figures"], "领导总览"),
        (
            "demo-admin",
            &[
                "/admin/units",
                "/admin/users",
                "/admin/categories",
                "/admin/responsibility",
                "/admin/calendar",
                "/admin/tiers",
            ],
            "系统管理",
        ),
        ("demo-visit", &["/queues/to_visit"], "回访"),
    ];
    for (user, paths, nav) in pages {
        ui.login(user).await;
        ui.wait_for_text("header.top nav", nav).await;
        let name = user.trim_start_matches("demo-");
        ui.screenshot(&format!("home-{name}")).await;
        for path in paths {
            ui.goto(path).await;
            ui.find("main h1").await;
            assert!(
                ui.browser.find(Locator::Css("p.error")).await.is_err(),
                "{user} got an error on {path}: {}",
                ui.text("p.error").await
            );
            let shot = path
                .trim_start_matches('/')
                .split('?')
                .next()
                .unwrap_or("")
                .replace('/', "-");
            ui.screenshot(&format!("{name}-{shot}")).await;
        }
    }
    // Units do not get the centre's pages.
    ui.login("demo-zone").await;
    assert!(!ui.text("header.top nav").await.contains("转办"));
    ui.goto("/overview").await;
    ui.wait_for_text("p.error", "无权访问").await;
    ui.goto("/admin/users").await;
    ui.wait_for_text("p.error", "系统管理员").await;
    ui.goto("/figures").await;
    ui.wait_for_text("p.error", "无权访问").await;
    // Nor the intake form, which they could not submit.
    assert!(!ui.text("header.top nav").await.contains("受理"));
    ui.goto("/intake").await;
    ui.wait_for_text("p.error", "受理员或班长").await;
    assert!(ui.browser.find(Locator::Css("#intake-form")).await.is_err());
}

#[tokio::test]
async fn the_figures_page_lists_every_period_and_names_a_bad_range() {
    let Some(ui) = start().await else { return };
    ui.login("demo-inspector").await;
    ui.wait_for_text("header.top nav", "业务统计").await;
    // Monday 2026-02-23 to Monday 2026-03-02 by day: eight rows in each table, and a total.
    ui.goto("/figures?from=2026-02-23&to=2026-03-02&bucket=day")
        .await;
    ui.wait_for_text("#instant-answers h2", "即时答复率").await;
    for table in ["#instant-answers", "#routing"] {
        let rows = ui
            .browser
            .find_all(Locator::Css(&format!("{table} tbody tr")))
            .await
            .unwrap_or_default();
        assert_eq!(rows.len(), 8, "{table}: one row a day");
        assert!(ui.text(&format!("{table} tfoot")).await.contains("合计"));
    }
    assert_eq!(ui.value("select[name=bucket]").await, "day");
    ui.screenshot("figures-by-day").await;
    // By week, the first week is cut to the range.
    ui.select("select[name=bucket]", "week").await;
    ui.click("form[action='/figures'] button[type=submit]")
        .await;
    ui.wait_for_text("#instant-answers tbody", "2026-02-23 至 03-01")
        .await;
    ui.goto("/figures?from=2026-03-05&to=2026-03-01").await;
    ui.wait_for_text("p.error", "开始日期晚于结束日期").await;
    ui.goto("/figures?from=%E6%98%A8%E5%A4%A9").await;
    ui.wait_for_text("p.error", "开始日期「昨天」").await;
}

#[tokio::test]
async fn supervisors_read_a_class_case_with_its_tickets_and_places() {
    let Some(ui) = start().await else { return };
    // The same toilet without water, reported from three communities.
    let places = [
        ("D03S01", "D03S01C01"),
        ("D03S01", "D03S01C02"),
        ("D03S02", "D03S02C01"),
    ];
    let mut numbers = Vec::new();
    for (i, (street, community)) in places.iter().enumerate() {
        let mut call = toilet_call(
            &format!("1391234100{i}"),
            "小区公共厕所停水好几天了,无法使用,气味很大",
        );
        call.elements.place.street = Some(street.to_string());
        call.elements.place.community = Some(community.to_string());
        numbers.push(create(&ui.app, call).await.number);
    }
    ui.login("demo-supervisor").await;
    ui.wait_for_text("header.top nav", "类案").await;
    ui.goto("/class-cases").await;
    ui.wait_for_text("main h1", "类案分析").await;
    let case = "article.case[data-category='020203']";
    ui.wait_for_text(
        &format!("{case} h2"),
        "3 件(未办结 3 件)· 3 位来电人 · 3 个地点",
    )
    .await;
    assert!(ui
        .text(&format!("{case} .representative"))
        .await
        .contains("停水"));
    ui.click(&format!("{case} summary")).await;
    let listed = ui.text(&format!("{case} table")).await;
    for n in &numbers {
        assert!(listed.contains(n.as_str()), "{n} is not listed: {listed}");
    }
    ui.screenshot("class-cases").await;
    // Narrowed from the form to its district and to cases still open, it stays; to its
    // category's parent too.
    ui.select("select[name=place]", "D03").await;
    ui.click("form.row input[name=open_only]").await;
    ui.click("form.row button[type=submit]:not([name])").await;
    // The page the form asked for (its address carries the filters), not the one before it.
    ui.wait_for_path("place=D03").await;
    assert!(ui.current_path().await.contains("open_only=1"));
    ui.wait_for_text(&format!("{case} h2"), "3 个地点").await;
    assert_eq!(ui.value("select[name=place]").await, "D03");
    ui.goto("/class-cases?category=0202").await;
    ui.wait_for_text(&format!("{case} h2"), "3 个地点").await;
    // Another district, or another category, and the case is gone; at four tickets or more too.
    ui.goto("/class-cases?place=D05").await;
    ui.wait_for_text("#none", "没有符合条件的类案").await;
    ui.goto("/class-cases?category=01").await;
    ui.wait_for_text("#none", "没有符合条件的类案").await;
    assert_eq!(ui.value("select[name=category]").await, "01");
    ui.goto("/class-cases?category=999999").await;
    ui.wait_for_text("p.error", "没有编码为「999999」的分类")
        .await;
    ui.goto("/class-cases?min_size=4&refresh=1").await;
    ui.wait_for_text("#computed", "近 30 天").await;
    assert!(ui.browser.find(Locator::Css(case)).await.is_err());
    // A bad window is named; units may not look.
    ui.goto("/class-cases?days=365").await;
    ui.wait_for_text("p.error", "统计范围应为 1–90 天").await;
    ui.goto("/class-cases?days=%E4%B8%80%E5%91%A8").await;
    ui.wait_for_text("p.error", "统计范围「一周」").await;
    ui.goto("/class-cases?min_size=1").await;
    ui.wait_for_text("p.error", "最少工单数至少为 2").await;
    ui.login("demo-zone").await;
    assert!(!ui.text("header.top nav").await.contains("类案"));
    ui.goto("/class-cases").await;
    ui.wait_for_text("p.error", "无权访问").await;
}
