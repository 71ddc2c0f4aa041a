//! The administrator edits the responsibility list (职责清单) in the browser: a rule added and
//! then removed, each change a new version of the list that dispatch reads at once.
use crate::support::start;

#[tokio::test]
async fn the_admin_adds_and_removes_a_responsibility_rule_as_new_versions() {
    let Some(ui) = start().await else { return };
    let before = ui.app.reference().responsibility.clone();
    let zone = ui.unit_of("demo-zone").await;
    ui.login("demo-admin").await;
    ui.goto("/admin/responsibility").await;
    ui.click("#add-rule summary").await;
    ui.select("#rule-category", "010101").await;
    ui.select("#rule-place", "D03S01C01").await;
    ui.select("#rule-main", &zone.0.to_string()).await;
    ui.fill("#rule-note", "浏览器测试新增").await;
    ui.click("#add-rule-submit").await;
    let added = before.version + 1;
    ui.wait_for_text("p.flash", &format!("已保存为第 {added} 版"))
        .await;
    let now = ui.app.reference().responsibility.clone();
    assert_eq!(now.version, added);
    assert_eq!(now.rules.len(), before.rules.len() + 1);
    let rule = now.rules.last().expect("the new rule");
    assert_eq!(
        (
            rule.category.as_str(),
            rule.place.as_deref(),
            rule.units.as_slice()
        ),
        ("010101", Some("D03S01C01"), [zone].as_slice())
    );
    // Dispatch reads the new version: the rule is the most specific for its place.
    assert!(now.is_responsible(zone, "01010101", &["D03S01C01", "D03S01", "D03"]));
    ui.screenshot("admin-responsibility-added").await;

    ui.goto("/admin/responsibility?q=%E6%B5%8F%E8%A7%88%E5%99%A8%E6%B5%8B%E8%AF%95")
        .await;
    ui.wait_for_text("#rules", "浏览器测试新增").await;
    ui.click("#rules tbody tr form button").await;
    ui.wait_for_text("p.flash", &format!("已保存为第 {} 版", added + 1))
        .await;
    let after = ui.app.reference().responsibility.clone();
    assert_eq!(after.rules, before.rules, "the removal restored the list");

    // A rule without a main unit is refused with the reason, and nothing is saved.
    ui.goto("/admin/responsibility").await;
    ui.click("#add-rule summary").await;
    ui.select("#rule-category", "010101").await;
    ui.click("#add-rule-submit").await;
    assert_eq!(ui.app.reference().responsibility.version, added + 1);

    // Another admin saves a version while this rule is typed: refused, the rule kept as typed.
    ui.goto("/admin/responsibility").await;
    ui.click("#add-rule summary").await;
    ui.select("#rule-category", "010101").await;
    ui.select("#rule-place", "D03S01C01").await;
    ui.select("#rule-main", &zone.0.to_string()).await;
    ui.fill("#rule-note", "另一位管理员同时在改").await;
    let admin = crate::fixtures::actor(&ui.app, "demo-admin").await;
    let rules = ui.app.reference().responsibility.rules.clone();
    ui.app
        .save_responsibility(&admin, rules, None)
        .await
        .expect("the other admin's save");
    ui.click("#add-rule-submit").await;
    ui.wait_for_text("p.error", "核对后可再次提交").await;
    assert_eq!(
        (
            ui.value("#rule-category").await,
            ui.value("#rule-place").await,
            ui.value("#rule-main").await,
            ui.value("#rule-note").await
        ),
        (
            "010101".to_string(),
            "D03S01C01".to_string(),
            zone.0.to_string(),
            "另一位管理员同时在改".to_string()
        )
    );
}

#[tokio::test]
async fn the_admin_adds_a_category_changes_it_and_is_told_what_is_wrong() {
    let Some(ui) = start().await else { return };
    ui.login("demo-admin").await;
    ui.goto("/admin/categories").await;
    ui.click("#edit-category summary").await;
    ui.fill("#category-code", "0199").await;
    ui.fill("#category-name", "城乡建设其他事项").await;
    ui.select("#category-tier", "D3").await;
    ui.click("#save-category").await;
    ui.wait_for_text("p.flash", "已保存分类 0199").await;
    let added = ui.app.reference().categories.get("0199").cloned();
    let added = added.expect("the new category");
    assert_eq!(
        (
            added.parent.as_deref(),
            added.level,
            added.tier.as_str(),
            added.active
        ),
        (Some("01"), 2, "D3", true)
    );

    // Taken out of use from its row: the form opens with what it has (its tier D3, not the
    // default), the box unticked.
    ui.click("tr[data-category='0199'] a.edit").await;
    assert_eq!(ui.value("#category-name").await, "城乡建设其他事项");
    assert_eq!(ui.value("#category-tier").await, "D3");
    ui.click("#category-active").await;
    ui.click("#save-category").await;
    // The flash of the first save is still on the page until the second answers: wait for
    // the change itself.
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    while ui.app.reference().categories.get("0199").map(|c| c.active) != Some(false)
        && std::time::Instant::now() < deadline
    {
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    ui.wait_for_text("p.flash", "已保存分类 0199").await;
    assert_eq!(
        ui.app
            .reference()
            .categories
            .get("0199")
            .map(|c| (c.active, c.tier.clone())),
        Some((false, "D3".to_string())),
        "changed in use only"
    );

    // A code that is not 2/4/6 digits, or whose parent does not exist, is refused.
    for (code, says) in [("123", "2/4/6 位数字"), ("9901", "上级分类 99 不存在")] {
        ui.goto("/admin/categories").await;
        ui.click("#edit-category summary").await;
        ui.fill("#category-code", code).await;
        ui.fill("#category-name", "错误的分类").await;
        ui.click("#save-category").await;
        ui.wait_for_text("p.error", says).await;
        assert!(!ui.app.reference().categories.contains_key(code));
        // What was typed stays, to correct.
        assert_eq!(ui.value("#category-code").await, code);
        assert_eq!(ui.value("#category-name").await, "错误的分类");
    }
}

#[tokio::test]
async fn the_admin_sets_tiers_clocks_and_working_hours_and_bad_values_are_refused() {
    let Some(ui) = start().await else { return };
    ui.login("demo-admin").await;
    ui.goto("/admin/tiers").await;
    ui.click("#edit-tier summary").await;
    ui.fill("#tier-code", "D2").await;
    ui.fill("#tier-name", "2个工作日").await;
    ui.select("#tier-unit", "working_days").await;
    ui.fill("#tier-amount", "2").await;
    ui.click("#save-tier").await;
    ui.wait_for_text("p.flash", "已保存时限等级 D2").await;
    ui.wait_for_text("#tiers", "2个工作日").await;
    let tier = ui.app.reference().policy.tier("D2").cloned();
    assert_eq!(
        tier.map(|t| t.length),
        Some(hotline_domain::clock::TierLength::WorkingDays(2))
    );

    ui.goto("/admin/tiers").await;
    ui.click("#edit-tier summary").await;
    ui.fill("#tier-code", "D9X").await;
    ui.fill("#tier-name", "太长").await;
    ui.fill("#tier-amount", "999").await;
    ui.click("#save-tier").await;
    ui.wait_for_text("p.error", "1–365").await;
    assert!(ui.app.reference().policy.tier("D9X").is_none());
    // What was typed stays, the form open, for correcting.
    assert_eq!(ui.value("#tier-code").await, "D9X");
    assert_eq!(ui.value("#tier-amount").await, "999");

    // The clocks and the working hours: in force at once, shown on the calendar page too.
    ui.goto("/admin/tiers").await;
    ui.click("#edit-clocks summary").await;
    assert_eq!(ui.value("#sign_for-amount").await, "2");
    assert_eq!(ui.value("#warn-percent").await, "70");
    ui.fill("#sign_for-amount", "3").await;
    ui.fill("#working-hours", "09:00-12:00、14:00-18:00").await;
    // Another admin changes a limit while this page is open: saving this one keeps theirs.
    let admin = crate::fixtures::actor(&ui.app, "demo-admin").await;
    ui.app
        .change_policy(&admin, |mut p| {
            p.visit_max_attempts = 5;
            Ok::<_, hotline_service::ServiceError>(p)
        })
        .await
        .expect("the other admin's change");
    ui.click("#save-clocks").await;
    ui.wait_for_text("p.flash", "已保存时钟与工作时间").await;
    ui.wait_for_text("#clocks-in-force", "3个工作小时").await;
    ui.wait_for_text("#clocks-in-force", "09:00–12:00、14:00–18:00")
        .await;
    let policy = ui.app.reference().policy.clone();
    assert_eq!(
        (
            policy.sign_for,
            policy.warn_share,
            policy.visit_max_attempts
        ),
        (hotline_domain::clock::TierLength::WorkingHours(3), 0.7, 5)
    );
    assert_eq!(
        ui.app.reference().calendar.working_hours().day_seconds(),
        7 * 3600
    );
    ui.goto("/admin/calendar").await;
    ui.wait_for_text("main", "工作时间:09:00–12:00、14:00–18:00")
        .await;
    // A mistake is refused, naming it, and what was typed stays for correcting.
    ui.goto("/admin/tiers").await;
    ui.click("#edit-clocks summary").await;
    ui.fill("#working-hours", "9-5").await;
    ui.fill("#reopen-days", "45").await;
    ui.click("#save-clocks").await;
    ui.wait_for_text("p.error", "「9」不是时刻").await;
    assert_eq!(ui.value("#working-hours").await, "9-5");
    assert_eq!(ui.value("#reopen-days").await, "45");
    ui.screenshot("admin-clocks-refused").await;
    assert_eq!(ui.app.reference().policy.reopen_days, 30, "nothing saved");
    ui.fill("#working-hours", "").await;
    ui.fill("#reopen-days", "99999").await;
    ui.click("#save-clocks").await;
    ui.wait_for_text("p.error", "0–3650").await;
    ui.fill("#reopen-days", "45").await;
    ui.click("#save-clocks").await;
    ui.wait_for_text("p.flash", "已保存时钟与工作时间").await;
    let policy = ui.app.reference().policy.clone();
    assert_eq!((policy.reopen_days, policy.working_hours), (45, None));

    // The scope rules in force are listed for the administrator.
    ui.goto("/admin/scope-rules").await;
    ui.wait_for_text("#emergency", "119").await;
    ui.wait_for_text("#not-accepted", "诉讼").await;
    ui.wait_for_text("#rules-source", "系统默认规则").await;
    ui.screenshot("admin-scope-rules").await;

    // The administrator adds an emergency signal: checked, saved, in force at once.
    ui.click("#edit-rules summary").await;
    let append = |toml: &str| {
        format!(
            "var t = document.querySelector('#rules-text'); t.value = t.value + {};",
            serde_json::Value::String(toml.to_string())
        )
    };
    ui.browser
        .execute(
            &append("\n[[emergency]]\nid = \"capsize\"\nkind = \"medical\"\nservice = \"120\"\nlabel = \"翻船\"\nreply = \"我现在为您转接120。\"\ntriggers = [{ any = [\"翻船\"] }]\n"),
            vec![],
        )
        .await
        .expect("editing the rules");
    ui.click("#save-rules").await;
    ui.wait_for_text("p.flash", "新规则已生效").await;
    ui.wait_for_text("#emergency", "翻船").await;
    ui.wait_for_text("#rules-source", "本中心修改后的规则")
        .await;
    assert_eq!(
        ui.app
            .scope()
            .screener
            .screen("龙舟赛那边翻船了")
            .emergency
            .len(),
        1
    );

    // A mistake is refused with its line; the text typed stays for correcting.
    ui.click("#edit-rules summary").await;
    ui.browser
        .execute(&append("\n[[not_accepted]]\nid = 3\n"), vec![])
        .await
        .expect("editing the rules");
    ui.click("#save-rules").await;
    ui.wait_for_text("p.error", "行").await;
    assert!(ui.value("#rules-text").await.contains("id = 3"));
    assert_eq!(
        ui.app
            .scope()
            .screener
            .rules()
            .emergency
            .iter()
            .filter(|r| r.id == "capsize")
            .count(),
        1
    );
}

#[tokio::test]
async fn the_admin_adds_a_unit_changes_it_and_takes_it_out_of_use() {
    let Some(ui) = start().await else { return };
    let zone = ui.unit_of("demo-zone").await;
    ui.login("demo-admin").await;
    ui.goto("/admin/units").await;
    ui.click("#add-unit summary").await;
    ui.fill("#unit-code", "ZONE-PARKS").await;
    ui.fill("#unit-name", "度假区园林绿化中心").await;
    ui.select("#unit-parent", &zone.0.to_string()).await;
    ui.fill("#unit-area", "D03S01 D03S01C01").await;
    ui.click("#add-unit-submit").await;
    ui.wait_for_text("p.flash", "已添加单位 ZONE-PARKS").await;
    let added = ui
        .app
        .reference()
        .units
        .values()
        .find(|u| u.code == "ZONE-PARKS")
        .cloned()
        .expect("the unit is stored");
    assert_eq!(added.parent, Some(zone));
    assert_eq!(added.area, ["D03S01", "D03S01C01"]);

    // An unknown place is refused with its code, and nothing changes.
    ui.goto(&format!("/admin/units/{}", added.id.0)).await;
    ui.fill("#unit-area", "X99").await;
    ui.click("#save-unit").await;
    ui.wait_for_text("p.error", "地名库中没有 X99").await;
    assert_eq!(ui.app.unit(added.id).expect("unit").area, added.area);
    assert_eq!(ui.value("#unit-area").await, "X99", "kept to correct");

    // Renamed and taken out of use: dispatch no longer offers it.
    ui.goto(&format!("/admin/units/{}", added.id.0)).await;
    ui.fill("#unit-name", "度假区园林中心").await;
    ui.click("#unit-active").await;
    ui.click("#save-unit").await;
    ui.wait_for_text("p.flash", "已保存").await;
    let now = ui.app.unit(added.id).expect("unit");
    assert_eq!((now.name.as_str(), now.active), ("度假区园林中心", false));
    ui.goto("/admin/units").await;
    ui.wait_for_text("#unit-tree", "度假区园林中心").await;
    ui.screenshot("admin-units").await;
}

#[tokio::test]
async fn the_admin_changes_a_users_roles_and_a_deactivated_user_cannot_sign_in() {
    let Some(ui) = start().await else { return };
    ui.login("demo-admin").await;
    ui.goto("/admin/users").await;
    ui.fill("input[name=username]", "night-shift").await;
    ui.fill("input[name=display_name]", "夜班受理员").await;
    ui.fill("input[name=password]", "night-shift-1").await;
    ui.select("select[name=role]", "operator").await;
    ui.click("form[action='/admin/users'] button[type=submit]")
        .await;
    ui.wait_for_text("p.flash", "已添加用户 night-shift").await;
    // The same name again is refused; what was typed stays, the password not.
    ui.fill("#new-username", "night-shift").await;
    ui.fill("#new-display-name", "另一个夜班").await;
    ui.fill("#new-password", "night-shift-2").await;
    ui.select("#new-role", "dispatcher").await;
    ui.click("form[action='/admin/users'] button[type=submit]")
        .await;
    ui.wait_for("p.error").await;
    assert_eq!(
        (
            ui.value("#new-username").await,
            ui.value("#new-display-name").await,
            ui.value("#new-password").await,
            ui.value("#new-role").await
        ),
        (
            "night-shift".to_string(),
            "另一个夜班".to_string(),
            String::new(),
            "dispatcher".to_string()
        )
    );
    ui.click("tr[data-user='night-shift'] a").await;
    // Also a visit agent; a unit role beside the centre's is refused (and would need a unit).
    ui.click("#user-roles input[value=visit_agent]").await;
    ui.click("#user-roles input[value=unit_handler]").await;
    ui.click("#save-user").await;
    ui.wait_for_text("p.error", "不能与中心角色同时授予").await;
    // The form kept the choice: taking the unit role off is enough.
    ui.click("#user-roles input[value=unit_handler]").await;
    ui.click("#save-user").await;
    ui.wait_for_text("p.flash", "已保存").await;
    let user = crate::fixtures::user(&ui.app, "night-shift").await;
    assert_eq!(
        user.roles,
        [
            hotline_domain::org::Role::Operator,
            hotline_domain::org::Role::VisitAgent
        ]
    );

    ui.click("#user-active").await;
    ui.click("#save-user").await;
    ui.wait_for_text("p.flash", "已保存").await;
    ui.screenshot("admin-user").await;
    assert!(!crate::fixtures::user(&ui.app, "night-shift").await.active);
    let refused = ui.app.login("night-shift", "night-shift-1").await;
    assert!(refused.is_err(), "a deactivated user cannot sign in");
}

#[tokio::test]
async fn the_admin_adds_a_lexicon_entry_tries_it_and_removes_it() {
    let Some(ui) = start().await else { return };
    ui.login("demo-admin").await;
    ui.goto("/admin/lexicon").await;
    ui.wait_for_text("#lexicon-source", "系统默认词表").await;
    ui.wait_for_text("#lexicon-entries", "扬尘污染").await;

    // The try-out box words a text as intake would.
    ui.fill("#try-text", "工地漫天尘土,垃圾扔得到处都是").await;
    ui.click("#try-submit").await;
    ui.wait_for_text("#try-replacements", "漫天尘土 → 扬尘污染")
        .await;
    assert!(ui.text("#try-result").await.contains("垃圾扔得到处都是"));

    // Added, in force at once.
    ui.fill("#entry-colloquial", "垃圾扔得到处都是").await;
    ui.fill("#entry-formal", "乱扔垃圾").await;
    ui.click("#save-entry").await;
    ui.wait_for_text("p.flash", "已新增:垃圾扔得到处都是 → 乱扔垃圾")
        .await;
    ui.wait_for_text("#lexicon-source", "本中心修改后的词表")
        .await;
    ui.goto("/admin/lexicon?text=工地漫天尘土,垃圾扔得到处都是")
        .await;
    ui.wait_for_text("#try-result", "扬尘污染,乱扔垃圾").await;
    ui.screenshot("admin-lexicon").await;

    // A refused entry says why, keeps what was typed, and changes nothing.
    ui.fill("#entry-colloquial", "乱扔垃圾").await;
    ui.fill("#entry-formal", "乱扔垃圾").await;
    ui.click("#save-entry").await;
    ui.wait_for_text("p.error", "相同").await;
    assert_eq!(ui.value("#entry-colloquial").await, "乱扔垃圾");
    assert!(!ui
        .app
        .lexicon()
        .lexicon
        .entries()
        .iter()
        .any(|e| e.colloquial == "乱扔垃圾"));

    // Found by a search, removed.
    ui.goto("/admin/lexicon?q=垃圾扔得").await;
    ui.wait_for_text("#lexicon-entries", "乱扔垃圾").await;
    ui.click("#lexicon-entries .remove-entry").await;
    ui.wait_for_text("p.flash", "已删除:垃圾扔得到处都是").await;
    assert!(!ui
        .app
        .lexicon()
        .lexicon
        .entries()
        .iter()
        .any(|e| e.colloquial == "垃圾扔得到处都是"));
}

/// A year's schedule typed on the calendar page survives a reload, and once loaded the page
/// says so and the text is done with.
#[tokio::test]
async fn a_calendar_year_typed_survives_a_reload_and_is_done_with_once_loaded() {
    let Some(ui) = crate::support::start().await else {
        return;
    };
    ui.login("demo-admin").await;
    ui.goto("/admin/calendar").await;
    let text = "form[action='/admin/calendar'] textarea[name=schedule]";
    let year = "year 2031\nholiday 元旦 2031-01-01";
    ui.fill(text, year).await;
    ui.goto("/admin/calendar").await;
    ui.wait_for_text("#calendar-draft-restored", "已恢复").await;
    assert_eq!(ui.value(text).await, year);
    ui.click("form[action='/admin/calendar'] button[type=submit]")
        .await;
    ui.wait_for_text("p.flash", "已载入 2031 年").await;
    ui.goto("/admin/calendar").await;
    ui.find(text).await;
    assert_eq!(ui.value(text).await, "", "the loaded text is done with");
}
