//! Unit suggestions stay within the place: history from the whole city names units of other
//! districts too, and only those serving the place (or the whole city) are offered.
use reqwest::StatusCode;
use serde_json::json;

use crate::analyze::strings;
use crate::support::*;

/// A routing model trained on the history, as `admin` asks for it (`body`); it is in use.
async fn train(admin: &Client, body: serde_json::Value) {
    admin
        .post("/api/v1/route/models", &body)
        .await
        .expect(StatusCode::CREATED);
}

/// The units the intake analysis of `body` offers, each with its record as `admin` reads it.
async fn offered_units(
    operator: &Client,
    admin: &Client,
    body: serde_json::Value,
) -> Vec<(serde_json::Value, serde_json::Value)> {
    let a = operator
        .post("/api/v1/intake/analyze", &body)
        .await
        .expect(StatusCode::OK);
    let mut out = Vec::new();
    for u in a["routing"]["units"].as_array().expect("units") {
        let unit = admin
            .get(&format!("/api/v1/units/{}", u["unit"]))
            .await
            .expect(StatusCode::OK);
        out.push((u.clone(), unit));
    }
    out
}

#[tokio::test]
async fn units_suggested_for_a_place_serve_it() {
    let app = TestApp::spawn_with_history(800).await;
    let admin = app.admin().await;
    let operator = app.operator().await;
    train(&admin, json!({ "level": 1, "min_examples": 3 })).await;
    let mut offered = 0;
    for district in ["D01", "D03", "D06", "D08"] {
        let street = format!("{district}S01");
        for category in ["030102", "010201"] {
            let body = json!({
                "text": "工地晚上施工噪音很大",
                "category": category,
                "place": {"district": district, "street": street},
            });
            for (u, unit) in offered_units(&operator, &admin, body).await {
                offered += 1;
                let area: Vec<&str> = unit["area"]
                    .as_array()
                    .expect("an area")
                    .iter()
                    .filter_map(|a| a.as_str())
                    .collect();
                assert!(
                    area.is_empty() || area.iter().any(|a| [district, street.as_str()].contains(a)),
                    "{} offered for {street}: {unit}; reasons {}",
                    u["name"],
                    u["reasons"]
                );
            }
        }
    }
    assert!(offered > 0, "some unit is offered");

    // No place known: a district's unit would be a guess at the district, so only the city's
    // own units are offered (history names the districts' units for these categories); the
    // list's city units still are.
    let mut offered = 0;
    for (text, category) in [
        ("工地晚上施工噪音很大", "030102"),
        ("小区门口的路灯坏了好几天", "010201"),
    ] {
        let body = json!({ "text": text, "category": category });
        for (u, unit) in offered_units(&operator, &admin, body).await {
            offered += 1;
            assert_eq!(
                unit["area"],
                json!([]),
                "{} offered with no place: {}",
                u["name"],
                u["reasons"]
            );
        }
    }
    assert!(offered > 0, "the city's units are offered with no place");
}

/// A coarse class (a model of 大类) is read through the small classes history files its
/// tickets under: a unit the list names for several of them is told once, with the small
/// classes named, and a unit's reasons come weightiest first, a few at most.
#[tokio::test]
async fn a_unit_is_told_once_for_the_small_classes_of_a_coarse_class() {
    let app = TestApp::spawn_with_history(800).await;
    train(&app.admin().await, json!({ "level": 1, "min_examples": 3 })).await;
    let operator = app.operator().await;
    let mut grouped = 0;
    for text in [
        "小区里有人占用消防通道停车，物业不管",
        "工地晚上施工噪音很大",
        "公司拖欠工资三个月了",
    ] {
        let a = operator
            .post(
                "/api/v1/intake/analyze",
                &json!({ "text": text, "place": {"district": "D01"} }),
            )
            .await
            .expect(StatusCode::OK);
        for u in a["routing"]["units"].as_array().expect("units") {
            let reasons: Vec<&str> = u["reasons"]
                .as_array()
                .expect("reasons")
                .iter()
                .filter_map(|r| r.as_str())
                .collect();
            assert!(!reasons.is_empty() && reasons.len() <= 4, "{text}: {u}");
            // One line a class and place of the list: "职责清单(第N版):{class} 下的 … @ {place} …".
            let mut listed: Vec<(&str, &str)> = reasons
                .iter()
                .filter(|r| r.starts_with("职责清单"))
                .map(|r| {
                    let class = r.split(':').nth(1).unwrap_or(r);
                    let class = class.split(" 下的 ").next().unwrap_or(class);
                    let class = class.split(" @ ").next().unwrap_or(class);
                    let place = r.split(" @ ").nth(1).unwrap_or(r);
                    (class, place.split(' ').next().unwrap_or(place))
                })
                .collect();
            let lines = listed.len();
            listed.sort_unstable();
            listed.dedup();
            assert_eq!(
                listed.len(),
                lines,
                "{text}: one line a class and place: {u}"
            );
            // Counts, not a percentage: "该类 N 件工单中 M 件属…", M of at least 3.
            for r in reasons.iter().filter(|r| r.contains(" 下的 ")) {
                let count = |after: &str, before: &str| -> u32 {
                    let tail = r.split(after).nth(1).unwrap_or_default();
                    tail.split(before)
                        .next()
                        .unwrap_or_default()
                        .trim()
                        .parse()
                        .unwrap_or(0)
                };
                let (all, these) = (count("该类 ", " 件工单中"), count("件工单中 ", " 件属"));
                assert!(all >= 3 && (1..=all).contains(&these), "{r}");
                grouped += 1;
            }
        }
    }
    assert!(
        grouped > 0,
        "some coarse class was read through its small classes"
    );
}

/// The terms shown behind the category are words of the text or whole names: a word standing
/// only inside a caller's name is shown as the name it stands in. Places drive nothing: the
/// words inside their names (太公三路's 三路, 海滨公园's 海滨) name no matter.
#[tokio::test]
async fn terms_behind_the_category_show_names_whole() {
    let app = TestApp::spawn_with_history(800).await;
    train(&app.admin().await, json!({ "min_examples": 3 })).await;
    let operator = app.operator().await;
    let text = "王建国反映太公三路海滨公园南门的路灯坏了，晚上很黑";
    let a = operator
        .post("/api/v1/intake/analyze", &json!({ "text": text }))
        .await
        .expect(StatusCode::OK);
    let terms: Vec<&str> = a["routing"]["terms"]
        .as_array()
        .expect("terms")
        .iter()
        .filter_map(|t| t["term"].as_str())
        .collect();
    assert!(terms.iter().any(|t| t.contains("路灯")), "{terms:?}");
    let names = ["王建国", "太公三路", "海滨公园"];
    for word in terms.iter().flat_map(|t| t.split(' ')) {
        assert!(text.contains(word), "{word} is in the text: {terms:?}");
        assert!(
            names.contains(&word) || !names.iter().any(|n| n.contains(word)),
            "{word} is only part of a name: {terms:?}"
        );
    }
    assert!(
        !terms
            .iter()
            .any(|t| t.contains("太公") || t.contains("海滨")),
        "{terms:?}"
    );
    // The caller's name pulled the model here, and is shown whole.
    assert!(terms.contains(&"王建国"), "{terms:?}");
}

/// A caller's phrase is routed and answered as the lexicon's formal wording of it: 吵得睡不着
/// goes where 噪声扰民 goes, and a phrase the centre adds is read so at once.
#[tokio::test]
async fn colloquial_phrases_are_routed_and_answered_by_their_formal_wording() {
    let app = TestApp::spawn_with_history(800).await;
    let admin = app.admin().await;
    train(&admin, json!({ "level": 1, "min_examples": 3 })).await;
    let operator = app.operator().await;
    let read = |a: serde_json::Value| {
        let top = a["routing"]["categories"][0]["code"]
            .as_str()
            .unwrap_or_else(|| panic!("no category: {}", a["routing"]))
            .to_owned();
        let articles: Vec<i64> = (a["knowledge"].as_array().expect("knowledge").iter())
            .filter_map(|k| k["id"].as_i64())
            .collect();
        (top, articles)
    };
    let (formal, formal_articles) = read(operator.analyze("楼上噪声扰民").await);
    let (said, said_articles) = read(operator.analyze("楼上吵得睡不着").await);
    assert_eq!(said, formal, "吵得睡不着 is routed as 噪声扰民");
    assert!(!formal_articles.is_empty(), "the demo has noise articles");
    assert_eq!(said_articles, formal_articles);

    let (before, _) = read(operator.analyze("楼上嗡嗡响个不停").await);
    assert_ne!(before, formal, "a phrase no entry words is read as it is");
    admin
        .post(
            "/api/v1/intake/lexicon/entries",
            &json!({ "colloquial": "嗡嗡响个不停", "formal": "噪声扰民" }),
        )
        .await
        .expect(StatusCode::CREATED);
    let (after, articles) = read(operator.analyze("楼上嗡嗡响个不停").await);
    assert_eq!(after, formal);
    assert_eq!(articles, formal_articles);
}

/// Dispatchers correcting the list teach the suggestion: when the tickets of a category at a
/// place keep being finished by another unit than the list's, history comes to outweigh the
/// list (a few such tickets do not), and the list's unit says what history holds against it.
#[tokio::test]
async fn tickets_finished_by_another_unit_than_the_lists_overturn_its_suggestion() {
    let app = TestApp::spawn_with_history(300).await;
    let admin = app.admin().await;
    let (operator, dispatcher, reviewer, visitor) = (
        app.operator().await,
        app.dispatcher().await,
        app.reviewer().await,
        app.visit_agent().await,
    );
    let bureau = app.bureau().await;
    let retrain = || train(&admin, json!({ "min_examples": 3, "force": true }));
    let first_units = || async {
        let mut chosen = crate::analyze::draft();
        chosen["category"] = json!(PUBLIC_TOILET);
        let a = operator
            .post("/api/v1/intake/analyze", &chosen)
            .await
            .expect(StatusCode::OK);
        a["routing"]["units"].as_array().expect("units").clone()
    };
    retrain().await;
    let listed = first_units().await[0].clone();
    let list_unit = listed["unit"].as_i64().expect("a unit");
    assert!(
        strings(&listed["reasons"])
            .iter()
            .any(|r| r.contains("职责清单")),
        "{listed}"
    );
    assert_ne!(list_unit, bureau.unit(), "the bureau is another unit");

    let mut corrected = 0;
    let overturned = loop {
        // Two more tickets there, each finished by the bureau.
        for _ in 0..2 {
            let t = operator.create_ticket(&toilet_without_water()).await;
            let t = dispatcher.act(&t, dispatch_to(bureau.unit())).await;
            let t = bureau.act(&t, sign_for()).await;
            let t = bureau.act(&t, reply("已恢复供水")).await;
            let t = reviewer.act(&t, review_pass()).await;
            let t = visitor.act(&t, visit("smart", "satisfied")).await;
            visitor.act(&t, close()).await;
            corrected += 1;
        }
        retrain().await;
        let units = first_units().await;
        if units[0]["unit"].as_i64() == Some(bureau.unit()) {
            break units;
        }
        assert!(corrected < 16, "never overturned: {units:?}");
    };
    assert!(corrected > 4, "four tickets do not overturn the list");
    let list = overturned
        .iter()
        .find(|u| u["unit"].as_i64() == Some(list_unit))
        .expect("the list's unit is still offered");
    assert!(
        strings(&list["reasons"])
            .iter()
            .any(|r| r.contains("职责清单") && r.contains("但历史上")),
        "{list}"
    );
}
