//! The intake screen's one call: the analysis screens the scope, finds the five elements (times
//! read from when a written message came) and refuses bad drafts with reasons. Its routing
//! suggestions are in `routing.rs`.
use reqwest::StatusCode;
use serde_json::{json, Value};

use crate::support::*;

pub(crate) fn draft() -> Value {
    json!({
        "phone": "13812345678",
        "subject": "太公三路公共厕所停水",
        "text": "来电人反映：昨天晚上十点多，太公三路海滨公园南门公共厕所停水，洗手池和便池均无法冲洗，异味较大，希望有关部门尽快恢复公共厕所供水。",
        "place": {"district": "D03", "street": "D03S01", "community": "D03S01C01"}
    })
}

pub(crate) fn strings(v: &Value) -> Vec<String> {
    v.as_array()
        .unwrap_or_else(|| panic!("not a list: {v}"))
        .iter()
        .map(|s| s.as_str().unwrap_or_default().to_string())
        .collect()
}

#[tokio::test]
async fn the_analysis_screens_scope_finds_elements_and_refuses_bad_drafts() {
    let app = TestApp::spawn().await;
    let operator = app.operator().await;

    let fire = operator
        .post(
            "/api/v1/intake/analyze",
            &json!({ "text": "我家楼下饭店着火了，烟很大，有人被困在二楼" }),
        )
        .await
        .expect(StatusCode::OK);
    assert_eq!(fire["scope"]["accept"], json!(false), "{}", fire["scope"]);
    let emergency = &fire["scope"]["emergency"][0];
    assert!(
        emergency["service"]
            .as_str()
            .is_some_and(|s| s.contains("119")),
        "{emergency}"
    );
    let matched = emergency["matched"].as_array().expect("matched words");
    assert!(!matched.is_empty());
    // Offsets count characters of the text as read.
    let read: Vec<char> = fire["analysed_text"]
        .as_str()
        .expect("the text as read")
        .chars()
        .collect();
    assert_eq!(read[0], '\n', "no subject: the text follows an empty one");
    for m in matched {
        let (s, e) = (m["start"].as_u64().unwrap(), m["end"].as_u64().unwrap());
        let said: String = read[s as usize..e as usize].iter().collect();
        assert_eq!(json!(said), m["term"], "{m}");
    }
    // A fire told at the end of a long message is still a fire, its words where it says them.
    let long = "小区门口占道经营很严重。".repeat(800) + "现在楼下着火了";
    let late = operator
        .post("/api/v1/intake/analyze", &json!({ "text": long }))
        .await
        .expect(StatusCode::OK);
    let matched = &late["scope"]["emergency"][0]["matched"][0];
    let read: Vec<char> = late["analysed_text"].as_str().unwrap().chars().collect();
    let (s, e) = (matched["start"].as_u64(), matched["end"].as_u64());
    let (s, e) = (s.expect("a start") as usize, e.expect("an end") as usize);
    assert!(s > 9_000, "{matched}");
    assert_eq!(read[s..e].iter().collect::<String>(), "着火", "{matched}");

    let lawsuit = operator
        .post(
            "/api/v1/intake/analyze",
            &json!({ "text": "我和开发商的房屋买卖合同纠纷已经向法院起诉了，想问问热线能不能帮忙催法院判决" }),
        )
        .await
        .expect(StatusCode::OK);
    assert_eq!(
        lawsuit["scope"]["accept"],
        json!(false),
        "{}",
        lawsuit["scope"]
    );
    let rule = &lawsuit["scope"]["not_accepted"][0];
    assert!(
        rule["basis"].as_str().is_some_and(|b| !b.is_empty()),
        "{rule}"
    );
    assert!(
        rule["channel"].as_str().is_some_and(|c| !c.is_empty()),
        "{rule}"
    );

    // Places are found in the text against the city's own gazetteer and drive the place.
    let found = operator
        .post(
            "/api/v1/intake/analyze",
            &json!({ "text": "3月1日上午9点35分，太公三路海滨公园南门的公共厕所停水了，希望尽快恢复供水" }),
        )
        .await
        .expect(StatusCode::OK);
    let times = found["elements"]["times"].as_array().expect("times");
    assert!(!times.is_empty(), "{}", found["elements"]);
    let read: Vec<char> = found["analysed_text"].as_str().unwrap().chars().collect();
    for m in times
        .iter()
        .chain(found["elements"]["places"]["mentions"].as_array().unwrap())
    {
        let (s, e) = (m["start"].as_u64().unwrap(), m["end"].as_u64().unwrap());
        let said: String = read[s as usize..e as usize].iter().collect();
        assert!(
            m["text"] == json!(said) || m["said"] == json!(said) || m["name"] == json!(said),
            "{m}"
        );
    }
    assert!(found["elements"]["demand"]
        .as_str()
        .is_some_and(|d| d.contains("恢复供水")));
    assert!(strings(&found["elements"]["missing"]).contains(&"person".to_string()));

    // A road of the gazetteer names the street (and district) the ticket belongs to.
    let road = operator
        .post(
            "/api/v1/intake/analyze",
            &json!({ "text": "太公三路上有个井盖丢了，晚上很危险" }),
        )
        .await
        .expect(StatusCode::OK);
    let places = &road["elements"]["places"];
    assert_eq!(places["road"]["name"], json!("太公三路"), "{places}");
    assert_eq!(
        road["place"]["street"],
        json!("D03S01"),
        "{}",
        road["place"]
    );
    assert_eq!(road["place"]["district"], json!("D03"), "{}", road["place"]);

    for (body, field) in [
        (json!({ "text": "停水", "category": "999999" }), "category"),
        (
            json!({ "text": "停水", "place": { "street": "NOPE" } }),
            "place.street",
        ),
        (json!({ "text": "水".repeat(20_001) }), "text"),
        // Nothing to analyse; a phone number that is none (a ticket's would be refused).
        (json!({ "text": " ", "subject": "" }), "text"),
        (
            json!({ "text": "\u{200b}\u{feff} ", "subject": "\u{2060}" }),
            "text",
        ),
        (json!({}), "text"),
        (json!({ "text": "路灯坏了", "phone": "abc" }), "phone"),
        (
            json!({ "text": "路灯坏了", "phone": "1".repeat(50_000) }),
            "phone",
        ),
    ] {
        let p = operator
            .post("/api/v1/intake/analyze", &body)
            .await
            .problem(StatusCode::UNPROCESSABLE_ENTITY, "invalid-field");
        assert!(p.to_string().contains(field), "{field}: {p}");
        assert!(
            p.to_string().len() < 2_000,
            "a long value is not echoed whole: {p}"
        );
    }
    // A number still being typed, or the number alone (its caller's history), is analysed.
    for body in [
        json!({ "text": "路灯坏了", "phone": "13" }),
        json!({ "text": "路灯坏了", "phone": "+86 13" }),
        json!({ "text": "路灯坏了", "phone": "0086" }),
        json!({ "text": "路灯坏了", "phone": "１３" }),
        json!({ "text": "路灯坏了", "phone": "(0" }),
        json!({ "phone": "+86 139-0000-1124" }),
    ] {
        operator
            .post("/api/v1/intake/analyze", &body)
            .await
            .expect(StatusCode::OK);
    }
    operator
        .post_raw("/api/v1/intake/analyze", "{not json")
        .await
        .problem(StatusCode::BAD_REQUEST, "bad-request");
    // A misspelt field is refused, not dropped unseen; a null place is no place.
    for (path, body, field) in [
        (
            "/api/v1/intake/analyze",
            json!({ "text": "停水", "categroy": "0101" }),
            "categroy",
        ),
        (
            "/api/v1/intake/analyze",
            json!({ "text": "停水", "place": { "distrct": "D1" } }),
            "distrct",
        ),
        (
            "/api/v1/intake/repeats",
            json!({ "text": "停水", "phnoe": "13900001111" }),
            "phnoe",
        ),
    ] {
        let p = operator
            .post(path, &body)
            .await
            .problem(StatusCode::UNPROCESSABLE_ENTITY, "invalid-body");
        assert!(
            p.to_string().contains(&format!("不认识的字段「{field}」")),
            "{p}"
        );
    }
    for path in ["/api/v1/intake/analyze", "/api/v1/intake/repeats"] {
        operator
            .post(path, &json!({ "text": "小区停水了", "place": null }))
            .await
            .expect(StatusCode::OK);
    }
    app.zone()
        .await
        .post("/api/v1/intake/analyze", &json!({ "text": "停水" }))
        .await
        .problem(StatusCode::FORBIDDEN, "forbidden");
    let rules = operator
        .get("/api/v1/intake/scope-rules")
        .await
        .expect(StatusCode::OK);
    assert!(
        rules.to_string().contains("119"),
        "the rules in force are readable"
    );
}

#[tokio::test]
async fn a_written_message_is_screened_as_written_and_its_times_read_from_when_it_came() {
    let app = TestApp::spawn().await;
    let operator = app.operator().await;
    let beating = "施工方纠集社会闲散人员几次殴打村民，打人者口出狂言，请公安机关依法处理。";
    let emergencies = |a: &Value| a["scope"]["emergency"].as_array().map_or(0, Vec::len);
    let call = operator
        .post("/api/v1/intake/analyze", &json!({ "text": beating }))
        .await
        .expect(StatusCode::OK);
    assert_eq!(
        emergencies(&call),
        1,
        "a call tells what is happening: {}",
        call["scope"]
    );
    for channel in ["web", "mayor_mailbox", "platform"] {
        let web = operator
            .post(
                "/api/v1/intake/analyze",
                &json!({ "text": beating, "channel": channel }),
            )
            .await
            .expect(StatusCode::OK);
        assert_eq!(emergencies(&web), 0, "{channel}: {}", web["scope"]);
    }
    let now = operator
        .post(
            "/api/v1/intake/analyze",
            &json!({ "text": "现在小区门口有人持刀伤人，请马上派人来！", "channel": "web" }),
        )
        .await
        .expect(StatusCode::OK);
    assert_eq!(emergencies(&now), 1, "{}", now["scope"]);

    // 昨天晚上十点 of a message received on 2019-05-10 (Beijing time) is 2019-05-09 22:00.
    let old = operator
        .post(
            "/api/v1/intake/analyze",
            &json!({
                "text": "昨天晚上十点，小区门口的路灯全灭了，希望尽快修复。",
                "channel": "web",
                "received_at": "2019-05-10T01:00:00Z",
            }),
        )
        .await
        .expect(StatusCode::OK);
    let times = old["elements"]["times"].to_string();
    assert!(times.contains("2019-05-09T22:00:00+08:00"), "{times}");

    for (body, kind) in [
        (
            json!({ "text": "停水", "received_at": "2999-01-01T00:00:00Z" }),
            "invalid-field",
        ),
        (
            json!({ "text": "停水", "received_at": "1900-01-01T00:00:00Z" }),
            "invalid-field",
        ),
        (
            json!({ "text": "停水", "received_at": "yesterday" }),
            "invalid-body",
        ),
        (
            json!({ "text": "停水", "channel": "carrier_pigeon" }),
            "invalid-body",
        ),
    ] {
        let p = operator
            .post("/api/v1/intake/analyze", &body)
            .await
            .problem(StatusCode::UNPROCESSABLE_ENTITY, kind);
        let s = p.to_string();
        assert!(
            s.contains("received_at") || s.contains("channel"),
            "{body}: {p}"
        );
    }
}

#[tokio::test]
async fn a_matter_in_another_city_is_answered_with_the_reply_for_elsewhere_unless_the_city_is_named(
) {
    let app = TestApp::spawn().await;
    let operator = app.operator().await;
    let elsewhere = |scope: &Value| -> Option<Value> {
        let hits = scope["out_of_remit"].as_array().expect("out-of-remit hits");
        hits.iter()
            .find(|h| h["rule"] == "other_city_unit")
            .cloned()
    };
    let analyse = |text: &'static str| {
        let operator = &operator;
        async move {
            operator
                .post("/api/v1/intake/analyze", &json!({ "text": text }))
                .await
                .expect(StatusCode::OK)["scope"]
                .clone()
        }
    };

    let shenzhen =
        analyse("我在深圳南山区科技园上班，公司宿舍楼下的餐馆晚上噪音很大，想投诉一下。").await;
    let hit = elsewhere(&shenzhen).unwrap_or_else(|| panic!("{shenzhen}"));
    assert_eq!(hit["matched"][0]["term"], "深圳", "{hit}");
    assert!(
        hit["reply"].as_str().is_some_and(|r| r.contains("12345")),
        "{hit}"
    );
    assert_eq!(shenzhen["accept"], json!(false));

    // The city's own district, found by the gazetteer, or the city its units are named after:
    // the matter is here, whatever other city the caller names.
    for here in [
        "我平时在深圳上班，周末回港东区家里住，楼下餐馆晚上噪音很大。",
        "示例市的居住证和上海的居住证办理条件一样吗？",
        "我从广州搬来三年了，小区门口的路灯坏了一个星期。",
        "上海路和北京路路口的红绿灯坏了。",
    ] {
        let scope = analyse(here).await;
        assert_eq!(elsewhere(&scope), None, "{here}: {scope}");
    }
}
