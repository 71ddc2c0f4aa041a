//! The administrator keeps the gazetteer (地名库) in the browser: a spreadsheet import that is all
//! or nothing, an alias added to a street, and the operator's intake panel naming the street when
//! a caller uses the alias; a mistaken place deleted, one no longer used retired.
use crate::support::start;

#[tokio::test]
async fn the_admin_imports_places_adds_an_alias_and_intake_reads_it() {
    let Some(ui) = start().await else { return };
    let dir = std::env::temp_dir().join(format!("hotline-places-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("a temp dir");
    let bad = dir.join("bad.csv");
    std::fs::write(
        &bad,
        "编码,名称,类型,上级编码,别名\nD03S95,潮汐街道,街道,D03,\nD03S95C01,潮汐社区,社区,D99S01,\n",
    )
    .expect("writing the csv");
    let good = dir.join("good.csv");
    std::fs::write(
        &good,
        "编码,名称,类型,上级编码,别名\nD03S95,潮汐街道,街道,D03,\nD03S95C01,潮汐社区,社区,D03S95,潮汐村\n",
    )
    .expect("writing the csv");

    ui.login("demo-admin").await;
    ui.goto("/admin/places").await;
    ui.wait_for_text("#place-tree", "海韵街道").await;
    ui.click("#import-places summary").await;
    ui.find("#places-file")
        .await
        .send_keys(&bad.to_string_lossy())
        .await
        .expect("choosing the file");
    ui.click("#import-places-submit").await;
    ui.wait_for_text("h1", "导入未完成").await;
    ui.wait_for_text("#import-problems", "D99S01").await;
    assert!(
        !ui.app.reference().places.contains_key("D03S95"),
        "nothing was imported"
    );

    ui.goto("/admin/places").await;
    ui.click("#import-places summary").await;
    ui.find("#places-file")
        .await
        .send_keys(&good.to_string_lossy())
        .await
        .expect("choosing the file");
    ui.click("#import-places-submit").await;
    ui.wait_for_text("p.flash", "新增 2 个").await;
    ui.wait_for_text("#place-tree", "潮汐街道").await;
    ui.screenshot("admin-places").await;
    let _ = std::fs::remove_dir_all(&dir);

    // The zone's first street gets the name people call it by.
    ui.goto("/admin/places?q=%E6%B5%B7%E9%9F%B5&kind=street")
        .await;
    ui.click("#places tr[data-place='D03S01'] a").await;
    ui.fill("#place-aliases", "海韵片、 海韵片").await;
    ui.click("#save-place").await;
    ui.wait_for_text("p.flash", "已保存地名 D03S01").await;
    let street = ui.app.reference().places.get("D03S01").cloned();
    assert_eq!(street.expect("the street").aliases, ["海韵片"]);

    // A one-character alias is refused with the reason, and nothing changes.
    ui.fill("#place-aliases", "海").await;
    ui.click("#save-place").await;
    ui.wait_for_text("p.error", "别名「海」").await;
    let street = ui.app.reference().places.get("D03S01").cloned();
    assert_eq!(street.expect("the street").aliases, ["海韵片"]);
    assert_eq!(ui.value("#place-aliases").await, "海", "kept to correct");
    ui.screenshot("admin-place-alias").await;

    ui.login("demo-operator").await;
    ui.goto("/intake").await;
    ui.fill("#phone", "13700007777").await;
    ui.fill("#event", "海韵片晚上有人在河边烧垃圾,烟很大").await;
    ui.wait_for_text("#assist #place-aliases", "「海韵片」即海韵街道")
        .await;
    ui.click("#fill-place").await;
    let mut filled = false;
    for _ in 0..50 {
        if ui.value("#street").await == "D03S01" {
            filled = true;
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert!(filled, "the street was not filled from the alias");

    // A landmark said to be in a street the gazetteer does not have it in: the caller is asked.
    use hotline_domain::org::PlaceKind;
    let r = ui.app.reference();
    let unique = |name: &str| r.places.values().filter(|p| p.name == name).count() == 1;
    let (landmark, street) = r
        .places
        .values()
        .filter(|p| p.kind == PlaceKind::Landmark && p.active && unique(&p.name))
        .filter_map(|l| {
            let s = r.places.get(l.parent.as_deref()?)?;
            (s.kind == PlaceKind::Street).then(|| (l.clone(), s.clone()))
        })
        .min_by_key(|(l, _)| l.code.clone())
        .expect("a landmark in a street");
    let other = r
        .places
        .values()
        .filter(|p| {
            p.kind == PlaceKind::Street && p.active && p.code != street.code && unique(&p.name)
        })
        .min_by_key(|p| p.code.clone())
        .expect("another street");
    ui.fill(
        "#event",
        &format!("{}{}门口垃圾没人清运", other.name, landmark.name),
    )
    .await;
    ui.wait_for_text(
        "#assist .place-outside",
        &format!(
            "「{}」在地名库中属于「{}」,文本说在「{}」",
            landmark.name, street.name, other.name
        ),
    )
    .await;
}

#[tokio::test]
async fn a_refused_place_keeps_what_was_typed_a_mistaken_one_goes_and_an_old_one_retires() {
    let Some(ui) = start().await else { return };
    ui.login("demo-admin").await;

    // A new place refused (its parent is unknown) comes back as typed.
    ui.goto("/admin/places").await;
    ui.click("#add-place summary").await;
    ui.fill("#place-code", "D03S01L96").await;
    ui.fill("#place-name", "新建的农贸市场").await;
    ui.select("#place-kind", "landmark").await;
    ui.fill("#place-parent", "NO-SUCH").await;
    ui.fill("#place-aliases", "新菜场").await;
    ui.click("#add-place-submit").await;
    ui.wait_for("p.error").await;
    assert!(!ui.app.reference().places.contains_key("D03S01L96"));
    assert_eq!(
        (
            ui.value("#place-code").await,
            ui.value("#place-name").await,
            ui.value("#place-kind").await,
            ui.value("#place-parent").await,
            ui.value("#place-aliases").await
        ),
        (
            "D03S01L96".to_string(),
            "新建的农贸市场".to_string(),
            "landmark".to_string(),
            "NO-SUCH".to_string(),
            "新菜场".to_string()
        )
    );

    // A landmark entered by mistake: nothing names it, so it goes.
    ui.goto("/admin/places").await;
    ui.click("#add-place summary").await;
    ui.fill("#place-code", "D03S01L97").await;
    ui.fill("#place-name", "错录的菜场").await;
    ui.select("#place-kind", "landmark").await;
    ui.fill("#place-parent", "D03S01").await;
    ui.click("#add-place-submit").await;
    ui.wait_for_text("p.flash", "已添加地名 D03S01L97").await;
    ui.goto("/admin/places/D03S01L97").await;
    ui.click("#delete-place-submit").await;
    ui.wait_for_text("p.flash", "已删除地名 D03S01L97").await;
    assert!(!ui.app.reference().places.contains_key("D03S01L97"));

    // A street with communities below it is not deleted; the refusal says why.
    ui.goto("/admin/places/D03S01").await;
    ui.click("#delete-place-submit").await;
    ui.wait_for_text("p.error", "下级地名").await;
    assert!(ui.app.reference().places.contains_key("D03S01"));

    // A community merged away is retired: marked, no longer offered at intake.
    let community = ui
        .app
        .reference()
        .places
        .values()
        .filter(|p| p.parent.as_deref() == Some("D03S01"))
        .filter(|p| p.kind == hotline_domain::org::PlaceKind::Community)
        .map(|p| p.code.clone())
        .min()
        .expect("a community of the zone's first street");
    ui.goto(&format!("/admin/places/{community}")).await;
    ui.click("#retire-place").await;
    ui.wait_for_text("p.flash", "已停用").await;
    ui.wait_for_text("#place-retired", "已停用").await;
    let place = ui.app.reference().places.get(&community).cloned();
    assert!(!place.expect("kept").active);
    ui.screenshot("admin-place-retired").await;

    ui.login("demo-operator").await;
    ui.goto("/intake").await;
    let options = ui.html().await;
    assert!(
        !options.contains(&format!("value=\"{community}\"")),
        "a retired community is still offered"
    );

    ui.login("demo-admin").await;
    ui.goto(&format!("/admin/places/{community}")).await;
    ui.click("#restore-place").await;
    ui.wait_for_text("p.flash", "已恢复在用").await;
    let place = ui.app.reference().places.get(&community).cloned();
    assert!(place.expect("kept").active);
}

#[tokio::test]
async fn the_admin_sets_the_city_area_code_on_the_gazetteer_page() {
    let Some(ui) = start().await else { return };
    ui.login("demo-admin").await;
    ui.goto("/admin/places").await;
    // Not an area code: said, and nothing saved.
    ui.fill("#area-code", "633").await;
    ui.click("#save-area-code").await;
    ui.wait_for_text("p.error", "不是长途区号").await;
    assert_eq!(ui.app.reference().policy.area_code, "");
    assert_eq!(
        ui.value("#area-code").await,
        "633",
        "what was typed, to mend"
    );
    ui.goto("/admin/places").await;
    ui.fill("#area-code", "0633").await;
    ui.click("#save-area-code").await;
    ui.wait_for_text("p.flash", "已保存本市长途区号 0633").await;
    assert_eq!(ui.app.reference().policy.area_code, "0633");
    assert_eq!(ui.value("#area-code").await, "0633");
    // Cleared: numbers are compared as kept again.
    ui.fill("#area-code", "").await;
    ui.click("#save-area-code").await;
    ui.wait_for_text("p.flash", "已清除本市长途区号").await;
    assert_eq!(ui.app.reference().policy.area_code, "");
}
