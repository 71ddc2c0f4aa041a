//! Repeats and class cases: the intake screen's three lists for a draft (the caller's recent
//! calls, open tickets of the category at the place, near-duplicate texts) with their reasons,
//! and the same problem found across places for supervisors.
use reqwest::StatusCode;
use serde_json::{json, Value};

use crate::support::*;

/// Code of the 树木移植 (tree transplanting) leaf of the category tree.
const TREE_TRANSPLANT: &str = "020302";

/// What the operator has typed for a new call about the toilet without water.
fn draft(phone: &str) -> Value {
    json!({
        "phone": phone,
        "text": "太公三路公共厕所停水。来电人反映：太公三路海滨公园南门公共厕所停水，洗手池和便池均无法冲洗，异味较大，请有关部门尽快恢复公共厕所供水。",
        "category": PUBLIC_TOILET,
        "place": {"district": "D03", "street": "D03S01", "community": "D03S01C01"},
        "days": 7
    })
}

fn listed(repeats: &Value, list: &str) -> Vec<i64> {
    let mut ids: Vec<i64> = repeats[list]
        .as_array()
        .unwrap_or_else(|| panic!("no list {list}: {repeats}"))
        .iter()
        .filter_map(|t| t["id"].as_i64())
        .collect();
    ids.sort();
    ids
}

fn item<'a>(repeats: &'a Value, list: &str, ticket: &Value) -> &'a Value {
    repeats[list]
        .as_array()
        .and_then(|l| l.iter().find(|t| t["id"] == ticket["id"]))
        .unwrap_or_else(|| panic!("ticket {} not in {list}: {repeats}", id(ticket)))
}

fn why(item: &Value) -> &str {
    item["why"].as_str().unwrap_or_default()
}

/// The record says what the elements say (the fixture's record is about the toilet's water).
fn recorded_as_told(t: &mut Value) {
    let e = &t["elements"];
    let record = format!(
        "来电人反映{}，{}。",
        e["event"].as_str().unwrap_or_default(),
        e["demand"].as_str().unwrap_or_default()
    );
    t["record"] = json!(record);
}

#[tokio::test]
async fn a_draft_lists_the_callers_tickets_open_ones_at_the_place_and_near_duplicates_with_reasons()
{
    let app = TestApp::spawn().await;
    let operator = app.operator().await;
    let first = operator.create_ticket(&toilet_without_water()).await;
    let mut door = toilet_without_water();
    door["subject"] = json!("太公三路公共厕所门锁损坏");
    door["elements"]["event"] = json!("男厕隔间门锁损坏，无法锁门，如厕不便");
    door["elements"]["demand"] = json!("希望管理单位更换门锁");
    recorded_as_told(&mut door);
    let second = operator.create_ticket(&door).await;
    let mut neighbour = call_from("13900001111");
    neighbour["elements"]["event"] =
        json!("太公三路海滨公园南门公共厕所停水了，洗手池和便池均无法冲洗，异味很大");
    let third = operator.create_ticket(&neighbour).await;
    let elsewhere = {
        let mut t = call_from("13900002222");
        t["elements"]["place"]["community"] = Value::Null;
        t["elements"]["place"]["street"] = json!("D03S02");
        t["subject"] = json!("咨询公共厕所开放时间");
        t["elements"]["event"] = json!("来电人询问景区公共厕所夜间是否开放");
        t["elements"]["demand"] = json!("希望告知开放时间");
        recorded_as_told(&mut t);
        operator.create_ticket(&t).await
    };

    let r = operator
        .post("/api/v1/intake/repeats", &draft("13812345678"))
        .await
        .expect(StatusCode::OK);

    assert_eq!(listed(&r, "same_phone"), vec![id(&first), id(&second)]);
    assert_eq!(
        why(item(&r, "same_phone", &first)),
        "同一来电号码 7 天内第 3 次来电"
    );
    assert_eq!(
        listed(&r, "same_place_category_open"),
        vec![id(&first), id(&second), id(&third)],
        "the consultation on another street is not at this place"
    );
    let open = item(&r, "same_place_category_open", &third);
    assert_eq!(why(open), "同一社区同类问题未办结 3 件");
    // The likeliest same matter first: the broken door lock comes last.
    let order: Vec<i64> = r["same_place_category_open"]
        .as_array()
        .expect("a list")
        .iter()
        .filter_map(|t| t["id"].as_i64())
        .collect();
    assert_eq!(order.last(), Some(&id(&second)), "{r}");
    assert_eq!(open["state"], "pending_dispatch");
    assert_eq!(open["number"], third["number"]);
    // Its place, by name: a call about one matter is at one place.
    let community = operator
        .get("/api/v1/places/D03S01C01")
        .await
        .expect(StatusCode::OK)["name"]
        .clone();
    assert!(
        community.as_str().is_some_and(|n| !n.is_empty()),
        "{community}"
    );
    assert_eq!(open["place"], community, "{open}");
    assert!(open["created_at"].is_string());

    let near = listed(&r, "near_duplicates");
    assert!(
        near.contains(&id(&first)) && near.contains(&id(&third)),
        "{r}"
    );
    assert!(!near.contains(&id(&elsewhere)), "{r}");
    for t in [&first, &third] {
        let dup = item(&r, "near_duplicates", t);
        let score = dup["score"].as_f64().unwrap_or_default();
        assert!(score >= 0.5, "{dup}");
        // Alike as wholes, or one held in the other (the draft's words are all in the first
        // ticket, whose text also has the elements the operator filled in).
        let said = if why(dup).contains("见于") {
            "所录内容的"
        } else if score >= 0.7 {
            "内容高度相似"
        } else {
            "内容相似("
        };
        assert!(why(dup).starts_with(said), "{dup}");
        let phrases = dup["shared_phrases"].as_array().expect("shared phrases");
        assert!(
            phrases
                .iter()
                .any(|p| p.as_str().is_some_and(|p| p.contains("公共厕所"))),
            "{dup}"
        );
    }
    assert!(
        why(item(&r, "near_duplicates", &first)).starts_with("所录内容的 100% 见于该工单"),
        "{r}"
    );
    let best = &r["near_duplicates"][0];
    assert_eq!(best["id"], first["id"], "the closest text first: {r}");
    assert_eq!(r["index"]["indexed"], 4, "{r}");
}

/// A draft saved and left is not yet a ticket open at the place; a long letter posted again
/// word for word is found whole (only the first 5,000 characters of a draft are read, and so
/// only those of a ticket).
#[tokio::test]
async fn a_saved_draft_is_no_open_ticket_and_a_long_letter_posted_again_is_found() {
    let app = TestApp::spawn().await;
    let operator = app.operator().await;
    let mut saved = toilet_without_water();
    saved["draft"] = json!(true);
    let left = operator.create_ticket(&saved).await;
    let r = operator
        .post("/api/v1/intake/repeats", &draft("13900009999"))
        .await
        .expect(StatusCode::OK);
    assert!(
        !listed(&r, "same_place_category_open").contains(&id(&left)),
        "{r}"
    );

    // 19,000 characters, none of its phrases said twice.
    let pool: Vec<char> = "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工\
                           也能下过子说产种面而方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物\
                           现实加量都两体制机当使点从业本去把性好应开它合还因由其些然前外天政四日那社义事平形相全\
                           表间样与关各重新线内数正心反你明看原又么利比或但气第向道命此变条只没结解问意建月公无系"
        .chars()
        .collect();
    let mut x: u64 = 12345;
    let letter: String = (0..19_000)
        .map(|_| {
            x = x
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            pool[(x >> 33) as usize % pool.len()]
        })
        .collect();
    let mut long = toilet_without_water();
    long["record"] = json!(letter);
    let posted = operator.create_ticket(&long).await;
    let r = operator
        .post("/api/v1/intake/repeats", &json!({ "text": letter }))
        .await
        .expect(StatusCode::OK);
    // Compared over the same span: found (the first part of the draft against the whole
    // ticket fell under the candidates' score), as the same text.
    let dup = item(&r, "near_duplicates", &posted);
    assert!(dup["score"].as_f64().unwrap_or_default() >= 0.99, "{dup}");
}

#[tokio::test]
async fn a_draft_without_phone_or_place_still_finds_near_duplicates() {
    let app = TestApp::spawn().await;
    let operator = app.operator().await;
    let first = operator.create_ticket(&toilet_without_water()).await;
    let r = operator
        .post(
            "/api/v1/intake/repeats",
            &json!({"text": draft("")["text"]}),
        )
        .await
        .expect(StatusCode::OK);
    assert_eq!(listed(&r, "same_phone"), Vec::<i64>::new());
    assert_eq!(listed(&r, "same_place_category_open"), Vec::<i64>::new());
    assert_eq!(listed(&r, "near_duplicates"), vec![id(&first)]);
}

#[tokio::test]
async fn the_call_recorded_again_finds_its_ticket_and_an_edit_is_found_by_its_new_text() {
    let app = TestApp::spawn().await;
    let operator = app.operator().await;
    let record = "来电人反映：幸福路与和平街交叉口东侧的自来水管道今天早上爆裂，路面积水严重，周边三个小区全部停水，\
                  老人和孩子生活很不方便，希望自来水公司尽快抢修恢复供水。";
    let mut burst = call_from("13900003333");
    burst["subject"] = json!("幸福路水管爆裂");
    burst["record"] = json!(record);
    // The operator's summary, not the record's words.
    burst["elements"]["event"] = json!("幸福路水管爆裂停水");
    burst["elements"]["demand"] = json!("尽快抢修");
    let t = operator.create_ticket(&burst).await;
    let query = |text: &str| json!({ "text": format!("幸福路水管爆裂\n{text}") });
    let r = operator
        .post("/api/v1/intake/repeats", &query(record))
        .await
        .expect(StatusCode::OK);
    assert_eq!(listed(&r, "near_duplicates"), vec![id(&t)], "{r}");

    // Corrected at intake: found by what it says now, not by what it said.
    let corrected = "来电人反映：城东菜市场门口每天早上有流动摊贩占道经营，车辆和行人无法通行，\
                     希望城管部门加强管理，清理占道摊点。";
    let edit = json!({
        "action": "edit",
        "version": version(&t),
        "edit": { "subject": "菜市场门口占道经营", "record": corrected }
    });
    operator
        .post(&format!("/api/v1/tickets/{}/actions", id(&t)), &edit)
        .await
        .expect(StatusCode::OK);
    let now = operator
        .post(
            "/api/v1/intake/repeats",
            &json!({ "text": format!("菜市场门口占道经营\n{corrected}") }),
        )
        .await
        .expect(StatusCode::OK);
    assert_eq!(listed(&now, "near_duplicates"), vec![id(&t)], "{now}");
    let before = operator
        .post("/api/v1/intake/repeats", &query(record))
        .await
        .expect(StatusCode::OK);
    assert!(listed(&before, "near_duplicates").is_empty(), "{before}");
}

#[tokio::test]
async fn a_record_typed_halfway_finds_its_ticket_behind_twenty_newer_ones_at_the_place() {
    let app = TestApp::spawn().await;
    let operator = app.operator().await;
    let record =
        "来电人反映：太公三路海滨公园南门的公共厕所从上周五开始一直停水，洗手池和便池都无法冲洗，\
                  厕所里异味很大，附近游客和晨练的老人都没法使用，管理人员说在等维修，\
                  希望有关部门尽快修好供水管道，恢复公共厕所正常使用。";
    let mut first = call_from("13900004444");
    first["subject"] = json!("海滨公园南门公厕停水");
    first["record"] = json!(record);
    let target = operator.create_ticket(&first).await;
    // A busy community: twenty-one newer open tickets of the category there, on other matters.
    for i in 0..21 {
        let mut other = call_from(&format!("1390000{}", 5000 + i));
        other["subject"] = json!(format!("海滨公园{i}号公厕隔间门锁坏了"));
        other["record"] = json!(format!(
            "来电人反映海滨公园{i}号公厕的隔间门锁损坏，关不上门，要求管理单位维修门锁。"
        ));
        other["elements"]["event"] = json!(format!("{i}号公厕隔间门锁损坏"));
        other["elements"]["demand"] = json!("维修门锁");
        operator.create_ticket(&other).await;
    }
    // What the operator has typed a minute into the second call: the first 40% of the record.
    let typed: String = record
        .chars()
        .take(record.chars().count() * 2 / 5)
        .collect();
    let r = operator
        .post(
            "/api/v1/intake/repeats",
            &json!({
                "text": typed,
                "category": PUBLIC_TOILET,
                "place": {"district": "D03", "street": "D03S01", "community": "D03S01C01"}
            }),
        )
        .await
        .expect(StatusCode::OK);
    // Listed first among the open tickets there, though twenty-one are newer.
    let open = r["same_place_category_open"].as_array().expect("a list");
    assert_eq!(open.len(), 20, "{r}");
    assert_eq!(open[0]["id"], target["id"], "{r}");
    assert!(
        why(&open[0]).contains("未办结 22 件(列出内容最接近的 20 件)"),
        "{r}"
    );
    // And a near-duplicate: all it says is in the ticket, though as wholes they differ.
    let near = item(&r, "near_duplicates", &target);
    assert!(why(near).contains("所录内容的 100% 见于该工单"), "{near}");
    assert_eq!(near["score"], json!(1.0));
    assert_eq!(listed(&r, "near_duplicates"), vec![id(&target)], "{r}");
}

#[tokio::test]
async fn units_may_not_look_up_repeats_or_class_cases() {
    let app = TestApp::spawn().await;
    let zone = app.zone().await;
    zone.post("/api/v1/intake/repeats", &draft("13812345678"))
        .await
        .problem(StatusCode::FORBIDDEN, "forbidden");
    zone.get("/api/v1/class-cases")
        .await
        .problem(StatusCode::FORBIDDEN, "forbidden");
    let operator = app.operator().await;
    operator
        .get("/api/v1/class-cases")
        .await
        .problem(StatusCode::FORBIDDEN, "forbidden");
    app.anonymous()
        .post("/api/v1/intake/repeats", &draft("13812345678"))
        .await
        .problem(StatusCode::UNAUTHORIZED, "unauthenticated");
}

#[tokio::test]
async fn bad_windows_are_refused_as_problems() {
    let app = TestApp::spawn().await;
    let operator = app.operator().await;
    let mut long = draft("13812345678");
    long["days"] = json!(0);
    operator
        .post("/api/v1/intake/repeats", &long)
        .await
        .problem(StatusCode::UNPROCESSABLE_ENTITY, "invalid-field");
    operator
        .post("/api/v1/intake/repeats", &json!({"text": 5}))
        .await
        .problem(StatusCode::UNPROCESSABLE_ENTITY, "invalid-body");
    // Nothing to look up by (a category needs a street or community), or more than a draft
    // may hold: told, not answered with empty lists.
    let huge = "路灯不亮".repeat(5001);
    for body in [
        json!({}),
        json!({"text": "  \n "}),
        json!({"category": PUBLIC_TOILET, "place": {"district": "D03"}}),
        json!({ "text": huge }),
    ] {
        let p = operator
            .post("/api/v1/intake/repeats", &body)
            .await
            .problem(StatusCode::UNPROCESSABLE_ENTITY, "invalid-field");
        assert!(p.to_string().contains("text"), "{p}");
    }
    // Codes the city does not have are named, as the analysis names them.
    for (body, field) in [
        (json!({"category": "nope"}), "category"),
        (json!({"category": "%"}), "category"),
        (
            json!({"category": "0101", "place": {"street": "NOWHERE"}}),
            "street",
        ),
        // Codes that disagree, or of another level, and a phone that is none: refused as the
        // analysis refuses them, not answered with no repeats.
        (
            json!({"text": "南昌路烧烤", "place": {"street": "D01S01", "community": "D01S02C01"}}),
            "D01S01",
        ),
        (
            json!({"text": "南昌路烧烤", "place": {"district": "D01S01"}}),
            "D01S01",
        ),
        (
            json!({"text": "南昌路烧烤", "phone": "not a phone"}),
            "phone",
        ),
    ] {
        let p = operator
            .post("/api/v1/intake/repeats", &body)
            .await
            .problem(StatusCode::UNPROCESSABLE_ENTITY, "invalid-field");
        assert!(p.to_string().contains(field), "{body}: {p}");
    }
    let supervisor = app.login("demo-supervisor").await;
    for query in [
        "days=365",
        "days=0",
        "days=-1",
        "days=99999999999",
        "min_size=1",
        "min_size=-3",
        "limit=0",
        "limit=501",
        "offset=-1",
        "category=nope",
        "place=NOWHERE",
    ] {
        supervisor
            .get(&format!("/api/v1/class-cases?{query}"))
            .await
            .problem(StatusCode::UNPROCESSABLE_ENTITY, "invalid-field");
    }
    // Not a number at all is a malformed query, as elsewhere; so is a filter it does not know
    // (a misspelt one would otherwise list everything, as if it had been applied).
    for query in ["days=week", "categroy=0101", "open_only=maybe"] {
        supervisor
            .get(&format!("/api/v1/class-cases?{query}"))
            .await
            .problem(StatusCode::BAD_REQUEST, "bad-request");
    }
}

/// A tree that may not be moved, reported from one community.
fn protected_tree(street: &str, community: &str, phone: &str) -> Value {
    let mut t = call_from(phone);
    t["category"] = json!(TREE_TRANSPLANT);
    t["elements"]["place"] = json!({"district": &street[..3], "street": street, "community": community, "address": "小区内"});
    t["subject"] = json!("小区古树影响采光无法移栽");
    t["elements"]["event"] = json!("小区内有一棵百年古树，树根拱起破坏路面，树枝遮挡住户采光，居民多次要求移栽，但古树受保护不能移动");
    t["elements"]["demand"] = json!("希望有关部门协调处理古树问题");
    t
}

#[tokio::test]
async fn supervisors_find_the_same_problem_across_communities_as_a_class_case() {
    let app = TestApp::spawn().await;
    let operator = app.operator().await;
    // D03S01C02 and D05S06C05 are both 丽庭社区, in two streets.
    let places = [
        ("D03S01", "D03S01C01"),
        ("D03S01", "D03S01C02"),
        ("D05S06", "D05S06C05"),
    ];
    let mut trees = Vec::new();
    for (i, (street, community)) in places.iter().enumerate() {
        let t = operator
            .create_ticket(&protected_tree(
                street,
                community,
                &format!("1390000100{i}"),
            ))
            .await;
        trees.push(id(&t));
    }
    // Another problem of the same category stays out.
    let mut unrelated = call_from("13900002000");
    unrelated["category"] = json!(TREE_TRANSPLANT);
    unrelated["subject"] = json!("行道树倒伏");
    unrelated["elements"]["event"] = json!("昨夜大风后太公三路一棵行道树倒伏压住人行道");
    unrelated["elements"]["demand"] = json!("希望尽快清理");
    operator.create_ticket(&unrelated).await;
    // The same question asked in three communities is no class case: nothing is wrong there.
    for (i, (street, community)) in places.iter().enumerate() {
        let mut question = protected_tree(street, community, &format!("1390000300{i}"));
        question["kind"] = json!("consultation");
        question["subject"] = json!("咨询古树移植的审批手续");
        question["elements"]["event"] = json!("小区想移植一棵古树，来电咨询审批手续");
        question["elements"]["demand"] = json!("请告知古树移植需要办理哪些手续");
        operator.create_ticket(&question).await;
    }

    let supervisor = app.login("demo-supervisor").await;
    let r = supervisor
        .get("/api/v1/class-cases?days=30&min_size=3")
        .await
        .expect(StatusCode::OK);
    let cases = r["class_cases"].as_array().expect("a list of class cases");
    assert_eq!(cases.len(), 1, "{r}");
    let case = &cases[0];
    assert_eq!(case["category"], TREE_TRANSPLANT);
    assert_eq!(case["category_name"], "树木移植");
    assert_eq!(case["count"], 3);
    assert_eq!(case["places"].as_array().map(Vec::len), Some(3), "{case}");
    assert_eq!(
        case["tickets"]
            .as_array()
            .map(|l| l.iter().filter_map(Value::as_i64).collect::<Vec<_>>()),
        Some(trees.clone())
    );
    assert!(trees.contains(&case["representative"].as_i64().unwrap_or_default()));
    // The same tickets as a supervisor reads them: numbers, communities, states.
    let members = case["members"].as_array().expect("the tickets listed");
    assert_eq!(
        members.iter().map(|m| m["id"].as_i64()).collect::<Vec<_>>(),
        trees.iter().map(|&t| Some(t)).collect::<Vec<_>>()
    );
    assert!(members
        .iter()
        .all(|m| m["number"].as_str().is_some_and(|n| !n.is_empty())
            && m["state"].is_string()
            && m["created_at"].is_string()));
    let mut member_places: Vec<&str> = members.iter().filter_map(|m| m["place"].as_str()).collect();
    member_places.sort_unstable();
    let mut case_places: Vec<&str> = case["places"]
        .as_array()
        .map(|l| l.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default();
    case_places.sort_unstable();
    assert_eq!(member_places, case_places, "one community each");
    let same_name: Vec<&&str> = member_places
        .iter()
        .filter(|p| p.ends_with("丽庭社区"))
        .collect();
    assert_eq!(same_name.len(), 2, "{member_places:?}");
    assert_ne!(same_name[0], same_name[1], "told apart by their streets");
    assert!(case["representative_text"]
        .as_str()
        .is_some_and(|t| t.contains("古树")));

    assert_eq!((&r["total"], &case["open"]), (&json!(1), &json!(3)), "{r}");

    let leader = app.login("demo-leader").await;
    let r = leader
        .get("/api/v1/class-cases?min_size=4")
        .await
        .expect(StatusCode::OK);
    assert_eq!(r["class_cases"], json!([]), "three tickets are not four");

    // Narrowed as asked: the category's parent holds it, another category does not.
    let count = |r: &Value| r["class_cases"].as_array().map_or(0, Vec::len);
    let parent = &TREE_TRANSPLANT[..TREE_TRANSPLANT.len() - 2];
    for (query, expected) in [
        (format!("category={parent}"), 1),
        (format!("category={TREE_TRANSPLANT}"), 1),
        ("category=01".to_string(), 0),
        ("open_only=true".to_string(), 1),
        // Two of the three lie in district D03, at two communities: a class case there of two.
        ("place=D03&min_size=2".to_string(), 1),
        ("place=D03".to_string(), 0),
        // One street of D03 holds both.
        ("district=D03S01&min_size=2".to_string(), 1),
        // One community is one place: no class case there.
        ("place=D03S01C01&min_size=2".to_string(), 0),
    ] {
        let r = leader
            .get(&format!("/api/v1/class-cases?{query}"))
            .await
            .expect(StatusCode::OK);
        assert_eq!(count(&r), expected, "{query}: {r}");
        assert_eq!(r["total"], json!(expected), "{query}: {r}");
    }
    let r = leader
        .get("/api/v1/class-cases?place=D03&min_size=2")
        .await
        .expect(StatusCode::OK);
    let case = &r["class_cases"][0];
    assert_eq!(case["count"], 2, "{case}");
    assert_eq!(
        case["tickets"],
        json!(trees[..2]),
        "only the district's tickets: {case}"
    );
    assert_eq!(case["places"].as_array().map(Vec::len), Some(2), "{case}");
    // Represented by one of its tickets there, with its text.
    let representative = case["representative"].as_i64().unwrap_or_default();
    assert!(trees[..2].contains(&representative), "{case}");
    assert!(
        case["representative_text"]
            .as_str()
            .is_some_and(|t| t.contains("古树")),
        "{case}"
    );
    // A page past the last lists none and still says how many there are.
    let r = leader
        .get("/api/v1/class-cases?offset=1&limit=1")
        .await
        .expect(StatusCode::OK);
    assert_eq!((count(&r), &r["total"]), (0, &json!(1)), "{r}");

    // Answered, every one: still a class case of the window, no longer one still open.
    for tree in &trees {
        let t = operator.ticket(*tree).await;
        operator
            .act(
                &t,
                json!({ "action": "direct_answer", "answer": "古树受法律保护,已转园林部门评估修剪" }),
            )
            .await;
    }
    let r = leader
        .get("/api/v1/class-cases?refresh=true")
        .await
        .expect(StatusCode::OK);
    assert_eq!(
        (count(&r), &r["class_cases"][0]["open"]),
        (1, &json!(0)),
        "{r}"
    );
    let r = leader
        .get("/api/v1/class-cases?open_only=true")
        .await
        .expect(StatusCode::OK);
    assert_eq!(count(&r), 0, "{r}");
}

#[tokio::test]
async fn one_problem_at_a_community_its_street_and_its_district_is_no_class_case() {
    let app = TestApp::spawn().await;
    let operator = app.operator().await;
    let places = [
        json!({"district": "D03", "street": "D03S01", "community": "D03S01C01", "address": "小区内"}),
        json!({"district": "D03", "street": "D03S01", "address": "小区内"}),
        json!({"district": "D03", "address": "小区内"}),
    ];
    for (i, place) in places.iter().enumerate() {
        let mut t = protected_tree("D03S01", "D03S01C01", &format!("1390000400{i}"));
        t["elements"]["place"] = place.clone();
        operator.create_ticket(&t).await;
    }
    let supervisor = app.login("demo-supervisor").await;
    let r = supervisor
        .get("/api/v1/class-cases?days=30&min_size=3&refresh=true")
        .await
        .expect(StatusCode::OK);
    assert_eq!(
        r["class_cases"],
        json!([]),
        "all three lie in one community: a repeat, not a class case"
    );
}

/// One caller ringing three times about the tree in one community, and a neighbour of
/// another community once: two callers are no problem of many.
#[tokio::test]
async fn one_caller_ringing_again_makes_no_class_case() {
    let app = TestApp::spawn().await;
    let operator = app.operator().await;
    for _ in 0..3 {
        operator
            .create_ticket(&protected_tree("D03S01", "D03S01C01", "13900005000"))
            .await;
    }
    operator
        .create_ticket(&protected_tree("D03S01", "D03S01C02", "13900005001"))
        .await;
    let supervisor = app.login("demo-supervisor").await;
    let r = supervisor
        .get("/api/v1/class-cases?days=30&min_size=3&refresh=true")
        .await
        .expect(StatusCode::OK);
    assert_eq!(r["class_cases"], json!([]), "{r}");
    // A third caller makes it one.
    operator
        .create_ticket(&protected_tree("D05S06", "D05S06C05", "13900005002"))
        .await;
    let r = supervisor
        .get("/api/v1/class-cases?days=30&min_size=3&refresh=true")
        .await
        .expect(StatusCode::OK);
    let case = &r["class_cases"][0];
    assert_eq!(
        (&case["count"], &case["callers"]),
        (&json!(5), &json!(3)),
        "{r}"
    );
}

/// A local call's caller ID gives a landline's seven or eight digits; the same caller types it
/// with the area code on the web. Once the city's area code is set, both are one caller.
#[tokio::test]
async fn a_local_landline_is_the_same_caller_with_or_without_the_city_area_code() {
    let app = TestApp::spawn().await;
    let operator = app.operator().await;
    let dispatcher = app.dispatcher().await;
    let web = operator.create_ticket(&call_from("0633-7654321")).await;
    let repeats = |phone: &'static str| {
        let operator = &operator;
        async move {
            operator
                .post("/api/v1/intake/repeats", &draft(phone))
                .await
                .expect(StatusCode::OK)
        }
    };
    // Until the centre says which city it is, 7654321 is another number.
    assert_eq!(
        listed(&repeats("7654321").await, "same_phone"),
        Vec::<i64>::new()
    );

    let admin = app.login("demo-admin").await;
    let mut policy = admin.get("/api/v1/policy").await.expect(StatusCode::OK);
    assert_eq!(policy["area_code"], "", "none set: {policy}");
    for bad in ["633", "0033", "0633-1", "+86633", "011"] {
        policy["area_code"] = json!(bad);
        let refused = admin
            .put("/api/v1/policy", &policy)
            .await
            .problem(StatusCode::UNPROCESSABLE_ENTITY, "invalid-field");
        assert_eq!(refused["field"], "area_code", "{bad}: {refused}");
    }
    policy["area_code"] = json!(" 0633 ");
    admin
        .put("/api/v1/policy", &policy)
        .await
        .expect(StatusCode::NO_CONTENT);
    let saved = admin.get("/api/v1/policy").await.expect(StatusCode::OK);
    assert_eq!(saved["area_code"], "0633");
    // A client written before the area code sends a policy without it: the code stays.
    let mut older = saved.clone();
    older.as_object_mut().map(|o| o.remove("area_code"));
    older["warn_share"] = json!(0.8);
    admin
        .put("/api/v1/policy", &older)
        .await
        .expect(StatusCode::NO_CONTENT);
    let saved = admin.get("/api/v1/policy").await.expect(StatusCode::OK);
    assert_eq!(
        (saved["area_code"].as_str(), saved["warn_share"].as_f64()),
        (Some("0633"), Some(0.8))
    );

    let r = repeats("7654321").await;
    assert_eq!(listed(&r, "same_phone"), vec![id(&web)]);
    assert_eq!(
        why(item(&r, "same_phone", &web)),
        "同一来电号码 7 天内第 2 次来电(06337654321 与 7654321 为同一座机,区号 0633)"
    );
    let local = operator.create_ticket(&call_from("7654321")).await;
    let both = vec![id(&web), id(&local)];
    assert_eq!(listed(&repeats("0633 7654321").await, "same_phone"), both);
    let mut history = dispatcher
        .listed_ids("/api/v1/callers/7654321/tickets")
        .await;
    history.sort();
    assert_eq!(history, both);
    let mut found = dispatcher
        .listed_ids("/api/v1/tickets?phone=%2B86%20633%207654321")
        .await;
    found.sort();
    assert_eq!(found, both);
    // Another city's landline of the same digits is another caller, as is a mobile.
    assert_eq!(
        listed(&repeats("0531-7654321").await, "same_phone"),
        Vec::<i64>::new()
    );
}
