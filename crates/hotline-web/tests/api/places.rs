//! The gazetteer (地名库): an admin imports a city's places from a spreadsheet or changes one,
//! the intake analysis finds the new names and aliases at once, a bad file writes nothing; a
//! place no longer used is retired, a place nothing names is deleted.
use reqwest::StatusCode;
use serde_json::{json, Value};

use crate::support::{toilet_without_water, Client, Reply, TestApp};

async fn import(c: &Client, media_type: &str, bytes: Vec<u8>) -> Reply {
    c.post_bytes("/api/v1/places/import", bytes, media_type)
        .await
}

/// A refusal's Chinese message.
fn says(problem: &serde_json::Value) -> &str {
    problem["message_zh"].as_str().unwrap_or_default()
}

async fn export(c: &Client) -> String {
    let r = c
        .http
        .get(c.url("/api/v1/places/export?format=csv"))
        .send()
        .await
        .expect("sending an export");
    assert_eq!(r.status(), StatusCode::OK);
    String::from_utf8(r.bytes().await.expect("an export").to_vec()).expect("UTF-8")
}

/// A new street of the zone district D03 with a community and a landmark, in Chinese headers
/// and kinds, as a city's own spreadsheet would have them; the street comes after its community.
const NEW_PLACES: &str = "编码,名称,类型,上级编码,别名\n\
    D03S90C01,星港社区,社区,D03S90,\n\
    D03S90,星港街道,街道,D03,星港、老港区\n\
    D03S90L01,星港第一中学,地标,D03S90C01,星港一中\n";

#[tokio::test]
async fn an_admin_imports_places_and_intake_finds_their_names_and_aliases() {
    let app = TestApp::spawn().await;
    let admin = app.admin().await;
    let operator = app.operator().await;
    let before = operator.analyze("星港那边的垃圾三天没人清了").await;
    assert_eq!(
        before["place"]["street"],
        json!(null),
        "{}",
        before["place"]
    );

    let done = import(&admin, "text/csv", NEW_PLACES.as_bytes().to_vec())
        .await
        .expect(StatusCode::OK);
    assert_eq!(
        done,
        json!({"outcome": "imported", "added": 3, "changed": 0, "unchanged": 0})
    );

    let after = operator.analyze("星港那边的垃圾三天没人清了").await;
    assert_eq!(
        after["place"]["street"],
        json!("D03S90"),
        "{}",
        after["place"]
    );
    assert_eq!(after["place"]["district"], json!("D03"));
    let mention = &after["elements"]["places"]["mentions"][0];
    assert_eq!(mention["name"], json!("星港街道"), "{mention}");
    assert_eq!(mention["said"], json!("星港"), "{mention}");
    // The landmark's alias names its community, street and district.
    let school = operator.analyze("星港一中门口早上堵车").await;
    assert_eq!(
        school["place"]["community"],
        json!("D03S90C01"),
        "{}",
        school["place"]
    );
    assert_eq!(school["place"]["street"], json!("D03S90"));

    // The same file again changes nothing; a changed alias is a change.
    let again = import(&admin, "text/csv", NEW_PLACES.as_bytes().to_vec())
        .await
        .expect(StatusCode::OK);
    assert_eq!(again["unchanged"], json!(3), "{again}");
    let changed = NEW_PLACES.replace("星港、老港区", "星港;新港");
    let again = import(&admin, "text/csv", changed.into_bytes())
        .await
        .expect(StatusCode::OK);
    assert_eq!(
        (again["changed"].clone(), again["unchanged"].clone()),
        (json!(1), json!(2))
    );
    let street = admin
        .get("/api/v1/places/D03S90")
        .await
        .expect(StatusCode::OK);
    assert_eq!(street["aliases"], json!(["星港", "新港"]));

    // The export reads back as it is: every place unchanged.
    let file = export(&admin).await;
    assert!(
        file.starts_with("\u{feff}code,name,kind,parent,aliases"),
        "{}",
        &file[..80]
    );
    assert!(
        file.contains("D03S90,星港街道,street,D03,星港、新港"),
        "{file}"
    );
    let round = import(&admin, "text/csv", file.into_bytes())
        .await
        .expect(StatusCode::OK);
    assert_eq!(
        (round["added"].clone(), round["changed"].clone()),
        (json!(0), json!(0)),
        "{round}"
    );
}

#[tokio::test]
async fn a_bad_places_file_writes_nothing_and_names_each_row() {
    let app = TestApp::spawn().await;
    let admin = app.admin().await;
    let bad = "code,name,kind,parent,aliases\n\
               D03S91,好街道,street,D03,\n\
               D03S92,坏街道,street,D99,\n\
               D03S93,省,province,D03,\n\
               D03S91,又一个,street,D03,\n\
               D03S94,单字别名,street,D03,港\n";
    let refused = import(&admin, "text/csv", bad.as_bytes().to_vec())
        .await
        .problem(StatusCode::UNPROCESSABLE_ENTITY, "import-rejected");
    let rows: Vec<(i64, &str)> = refused["problems"]
        .as_array()
        .expect("problems")
        .iter()
        .map(|p| {
            (
                p["row"].as_i64().unwrap_or(0),
                p["column"].as_str().unwrap_or(""),
            )
        })
        .collect();
    assert_eq!(
        rows,
        [(3, "parent"), (4, "kind"), (5, "code"), (6, "aliases")],
        "{refused}"
    );
    admin
        .get("/api/v1/places/D03S91")
        .await
        .problem(StatusCode::NOT_FOUND, "not-found");

    for (media_type, body, status, kind) in [
        (
            "text/csv",
            "",
            StatusCode::UNPROCESSABLE_ENTITY,
            "import-rejected",
        ),
        (
            "text/csv",
            "名称,类型\n星港,街道\n",
            StatusCode::UNPROCESSABLE_ENTITY,
            "import-rejected",
        ),
        (
            "application/json",
            "{}",
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "unsupported-media-type",
        ),
    ] {
        import(&admin, media_type, body.as_bytes().to_vec())
            .await
            .problem(status, kind);
    }
    let dispatcher = app.dispatcher().await;
    import(&dispatcher, "text/csv", NEW_PLACES.as_bytes().to_vec())
        .await
        .problem(StatusCode::FORBIDDEN, "forbidden");
}

#[tokio::test]
async fn an_admin_adds_and_changes_one_place() {
    let app = TestApp::spawn().await;
    let admin = app.admin().await;
    let body = json!({"name": "海韵菜市场", "kind": "地标", "parent": "D03S01", "aliases": []});
    let added = admin
        .put("/api/v1/places/D03S01L90", &body)
        .await
        .expect(StatusCode::CREATED);
    assert_eq!(added["change"], json!("added"));
    assert_eq!(added["place"]["kind"], json!("landmark"));

    let mut body = body;
    body["aliases"] = json!(["海韵市场", " 海韵市场 ", "海韵菜市场"]);
    let changed = admin
        .put("/api/v1/places/D03S01L90", &body)
        .await
        .expect(StatusCode::OK);
    assert_eq!(changed["change"], json!("changed"));
    assert_eq!(
        changed["place"]["aliases"],
        json!(["海韵市场"]),
        "trimmed, once, not the name"
    );

    let operator = app.operator().await;
    let found = operator
        .post(
            "/api/v1/intake/analyze",
            &json!({ "text": "海韵市场里的活禽摊没有检疫证明" }),
        )
        .await
        .expect(StatusCode::OK);
    assert_eq!(
        found["place"]["street"],
        json!("D03S01"),
        "{}",
        found["place"]
    );
    assert!(found["place_conflict"].is_null());
    // A zero-width space pasted into the name is no part of it.
    let pasted = operator
        .post(
            "/api/v1/intake/analyze",
            &json!({ "text": "海\u{200B}韵市场里的活禽摊\u{FEFF}没有检疫证明" }),
        )
        .await
        .expect(StatusCode::OK);
    assert_eq!(pasted["place"], found["place"]);
    assert_eq!(pasted["analysed_text"], found["analysed_text"]);
    // A form whose place the text contradicts is questioned, at the highest level that differs.
    let analyse = |place: serde_json::Value| {
        let operator = &operator;
        async move {
            operator
                .post(
                    "/api/v1/intake/analyze",
                    &json!({ "text": "海韵市场里的活禽摊没有检疫证明", "place": place }),
                )
                .await
                .expect(StatusCode::OK)
        }
    };
    let other_district = analyse(json!({"street": "D01S01"})).await;
    let conflict = &other_district["place_conflict"];
    assert_eq!(conflict["level"], json!("district"), "{conflict}");
    assert_eq!(conflict["given"]["code"], json!("D01"), "{conflict}");
    assert_eq!(conflict["found"]["code"], json!("D03"), "{conflict}");
    assert!(analyse(json!({"street": "D03S01"})).await["place_conflict"].is_null());
    assert!(analyse(json!({"district": "D03"})).await["place_conflict"].is_null());
    // A market of the same name in another street: the name alone says no place, and the
    // screen asks for one.
    let other = json!({"name": "海韵菜市场", "kind": "地标", "parent": "D01S01", "aliases": []});
    admin
        .put("/api/v1/places/D01S01L90", &other)
        .await
        .expect(StatusCode::CREATED);
    let unsure = operator
        .post(
            "/api/v1/intake/analyze",
            &json!({ "text": "海韵菜市场里的活禽摊没有检疫证明" }),
        )
        .await
        .expect(StatusCode::OK);
    assert_eq!(
        unsure["place"],
        json!({"district": null, "street": null, "community": null})
    );
    let mentions = &unsure["elements"]["places"]["mentions"];
    assert_eq!(mentions[0]["ambiguous"], json!(true), "{mentions}");
    // The places of that name the operator picks from.
    let candidates = mentions[0]["candidates"].as_array().expect("candidates");
    assert_eq!(candidates.len(), 2, "{mentions}");
    assert!(candidates.contains(&json!("D01S01L90")), "{mentions}");
    assert!(
        unsure["elements"]["missing"]
            .as_array()
            .is_some_and(|m| m.contains(&json!("place"))),
        "{}",
        unsure["elements"]
    );
    admin
        .delete("/api/v1/places/D01S01L90")
        .await
        .expect(StatusCode::OK);

    let mut street_under_street = body.clone();
    street_under_street["kind"] = json!("street");
    let refused = admin
        .put("/api/v1/places/D03S01L91", &street_under_street)
        .await
        .problem(StatusCode::UNPROCESSABLE_ENTITY, "invalid-field");
    assert_eq!(refused["field"], json!("parent"), "{refused}");
    body["kind"] = json!("省");
    admin
        .put("/api/v1/places/D03S01L91", &body)
        .await
        .problem(StatusCode::UNPROCESSABLE_ENTITY, "invalid-field");
    body["kind"] = json!("landmark");
    operator
        .put("/api/v1/places/D03S01L91", &body)
        .await
        .problem(StatusCode::FORBIDDEN, "forbidden");
    admin
        .get("/api/v1/places/NOPE")
        .await
        .problem(StatusCode::NOT_FOUND, "not-found");
    // A one-character name would be found in every text that has the character.
    let refused = admin
        .put(
            "/api/v1/places/D03S01R90",
            &json!({"name": "水", "kind": "road", "parent": "D03S01"}),
        )
        .await
        .problem(StatusCode::UNPROCESSABLE_ENTITY, "invalid-field");
    assert_eq!(refused["field"], json!("name"), "{refused}");
    // A second code for the same place would make its name ambiguous everywhere.
    let refused = admin
        .put(
            "/api/v1/places/D03S01L92",
            &json!({"name": "海韵菜市场", "kind": "landmark", "parent": "D03S01"}),
        )
        .await
        .problem(StatusCode::UNPROCESSABLE_ENTITY, "invalid-field");
    assert_eq!(refused["field"], json!("name"), "{refused}");
    assert!(refused.to_string().contains("D03S01L90"), "{refused}");
    admin
        .get("/api/v1/places/D03S01L92")
        .await
        .problem(StatusCode::NOT_FOUND, "not-found");
}

#[tokio::test]
async fn a_community_name_two_districts_share_is_told_apart_by_the_form_or_questioned() {
    let app = TestApp::spawn().await;
    let admin = app.admin().await;
    let operator = app.operator().await;
    let name = operator
        .get("/api/v1/places/D03S01C01")
        .await
        .expect(StatusCode::OK)["name"]
        .as_str()
        .expect("a name")
        .to_string();
    // The same community name in another district.
    let twin = json!({"name": name, "kind": "社区", "parent": "D01S01", "aliases": []});
    admin
        .put("/api/v1/places/D01S01C90", &twin)
        .await
        .expect(StatusCode::CREATED);
    let text = format!("{name}门口的垃圾三天没人收了");
    let analyse = |place: Value| {
        let (operator, text) = (&operator, &text);
        async move {
            operator
                .post(
                    "/api/v1/intake/analyze",
                    &json!({ "text": text, "place": place }),
                )
                .await
                .expect(StatusCode::OK)
        }
    };
    // The name alone says neither.
    let alone = analyse(Value::Null).await;
    assert_eq!(
        alone["place"],
        json!({"district": null, "street": null, "community": null}),
        "{alone}"
    );
    // The form's district says which: its community, and the street above it, are used.
    let d01 = analyse(json!({"district": "D01"})).await;
    assert_eq!(
        d01["place"],
        json!({"district": "D01", "street": "D01S01", "community": "D01S01C90"}),
        "{d01}"
    );
    assert!(d01["place_conflict"].is_null(), "{d01}");
    let d03 = analyse(json!({"district": "D03"})).await;
    assert_eq!(d03["place"]["community"], json!("D03S01C01"), "{d03}");
    assert!(d03["place_conflict"].is_null(), "{d03}");
    // A district that has no community of that name: questioned.
    let d02 = analyse(json!({"district": "D02"})).await;
    let conflict = &d02["place_conflict"];
    assert_eq!(conflict["level"], json!("district"), "{d02}");
    assert_eq!(conflict["given"]["code"], json!("D02"), "{d02}");
    assert_eq!(conflict["found"]["name"], json!(name), "{d02}");
    assert_eq!(
        d02["place"],
        json!({"district": "D02", "street": null, "community": null}),
        "the form stands: {d02}"
    );
    // Another community of the right street: questioned at the community.
    let other = analyse(json!({"community": "D03S01C02"})).await;
    assert_eq!(
        other["place_conflict"]["level"],
        json!("community"),
        "{other}"
    );
    assert!(analyse(json!({"community": "D03S01C01"})).await["place_conflict"].is_null());
}

#[tokio::test]
async fn a_retired_place_is_kept_for_its_tickets_but_not_found_or_taken_and_an_unused_one_is_deleted(
) {
    let app = TestApp::spawn().await;
    let admin = app.admin().await;
    let operator = app.operator().await;
    let community = json!({"name": "海韵新村社区", "kind": "community", "parent": "D03S01"});
    admin
        .put("/api/v1/places/D03S01C90", &community)
        .await
        .expect(StatusCode::CREATED);
    let analyze = |body: serde_json::Value| {
        let operator = &operator;
        async move { operator.post("/api/v1/intake/analyze", &body).await }
    };
    let text = json!({ "text": "海韵新村社区门口的垃圾三天没人清" });
    let found = analyze(text.clone()).await.expect(StatusCode::OK);
    assert_eq!(
        found["place"]["community"],
        json!("D03S01C90"),
        "{}",
        found["place"]
    );
    let mut call = toilet_without_water();
    call["elements"]["place"]["community"] = json!("D03S01C90");
    let ticket = operator.create_ticket(&call).await;

    // A ticket names it: it cannot be deleted, only retired.
    let refused = admin
        .delete("/api/v1/places/D03S01C90")
        .await
        .problem(StatusCode::CONFLICT, "conflict");
    let message = says(&refused);
    assert!(
        message.contains("1 张工单") && message.contains("停用"),
        "{refused}"
    );
    let mut retired = community.clone();
    retired["active"] = json!(false);
    let saved = admin
        .put("/api/v1/places/D03S01C90", &retired)
        .await
        .expect(StatusCode::OK);
    assert_eq!(saved["place"]["active"], json!(false), "{saved}");

    // No longer found in text, nor taken for a draft or a new ticket; the old ticket keeps it.
    let found = analyze(text.clone()).await.expect(StatusCode::OK);
    assert_eq!(
        found["place"]["community"],
        json!(null),
        "{}",
        found["place"]
    );
    let chosen = json!({"text": "门口垃圾没人清", "place": {"community": "D03S01C90"}});
    let refused = analyze(chosen)
        .await
        .problem(StatusCode::UNPROCESSABLE_ENTITY, "invalid-field");
    assert_eq!(refused["field"], json!("place.community"), "{refused}");
    assert!(says(&refused).contains("已停用"), "{refused}");
    let refused = operator
        .post("/api/v1/tickets", &call)
        .await
        .problem(StatusCode::UNPROCESSABLE_ENTITY, "invalid-field");
    assert_eq!(
        refused["field"],
        json!("elements.place.community"),
        "{refused}"
    );
    let kept = operator
        .ticket(ticket["id"].as_i64().unwrap_or_default())
        .await;
    assert_eq!(kept["elements"]["place"]["community"], json!("D03S01C90"));

    // A change that leaves `active` out keeps the place retired; nothing in use goes under it.
    let mut renamed = community.clone();
    renamed["name"] = json!("海韵新村");
    let saved = admin
        .put("/api/v1/places/D03S01C90", &renamed)
        .await
        .expect(StatusCode::OK);
    assert_eq!(saved["place"]["active"], json!(false), "{saved}");
    let under = json!({"name": "新村菜场", "kind": "landmark", "parent": "D03S01C90"});
    let refused = admin
        .put("/api/v1/places/D03S01C90L01", &under)
        .await
        .problem(StatusCode::UNPROCESSABLE_ENTITY, "invalid-field");
    assert!(says(&refused).contains("已停用"), "{refused}");
    // A street with communities in use below it is not retired.
    let street = admin
        .get("/api/v1/places/D03S01")
        .await
        .expect(StatusCode::OK);
    let mut street_retired = street.clone();
    street_retired["active"] = json!(false);
    let refused = admin
        .put("/api/v1/places/D03S01", &street_retired)
        .await
        .problem(StatusCode::UNPROCESSABLE_ENTITY, "invalid-field");
    assert_eq!(refused["field"], json!("active"), "{refused}");
    assert!(says(&refused).contains("请先停用下级"), "{refused}");

    // The export says so, and reads back unchanged; a state it does not know is refused.
    let file = export(&admin).await;
    assert!(
        file.contains("D03S01C90,海韵新村,community,D03S01,,停用"),
        "{file}"
    );
    let round = import(&admin, "text/csv", file.into_bytes())
        .await
        .expect(StatusCode::OK);
    assert_eq!(round["changed"], json!(0), "{round}");
    // A file without the column (an older export) leaves the place retired.
    let older = "编码,名称,类型,上级编码\nD03S01C90,海韵新村,社区,D03S01\n";
    import(&admin, "text/csv", older.as_bytes().to_vec())
        .await
        .expect(StatusCode::OK);
    let kept = admin
        .get("/api/v1/places/D03S01C90")
        .await
        .expect(StatusCode::OK);
    assert_eq!(kept["active"], json!(false), "{kept}");
    let bad = "编码,名称,类型,上级编码,状态\nD03S01C91,新社区,社区,D03S01,作废\n";
    let refused = import(&admin, "text/csv", bad.as_bytes().to_vec())
        .await
        .problem(StatusCode::UNPROCESSABLE_ENTITY, "import-rejected");
    assert_eq!(
        refused["problems"][0]["column"],
        json!("active"),
        "{refused}"
    );

    // A place nothing names is deleted; places below, units and rules keep theirs.
    let landmark = json!({"name": "临时摊点", "kind": "landmark", "parent": "D03S01"});
    admin
        .put("/api/v1/places/D03S01L95", &landmark)
        .await
        .expect(StatusCode::CREATED);
    operator
        .delete("/api/v1/places/D03S01L95")
        .await
        .problem(StatusCode::FORBIDDEN, "forbidden");
    let deleted = admin
        .delete("/api/v1/places/D03S01L95")
        .await
        .expect(StatusCode::OK);
    assert_eq!(deleted["deleted"]["name"], json!("临时摊点"), "{deleted}");
    admin
        .get("/api/v1/places/D03S01L95")
        .await
        .problem(StatusCode::NOT_FOUND, "not-found");
    admin
        .delete("/api/v1/places/D03S01L95")
        .await
        .problem(StatusCode::NOT_FOUND, "not-found");
    let refused = admin
        .delete("/api/v1/places/D03")
        .await
        .problem(StatusCode::CONFLICT, "conflict");
    let message = says(&refused);
    assert!(
        message.contains("下级地名") && message.contains("辖区"),
        "{refused}"
    );
}
