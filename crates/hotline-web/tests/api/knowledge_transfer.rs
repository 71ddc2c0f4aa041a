//! Knowledge imports and exports (CSV, XLSX): all or nothing, every bad row named; titles one
//! per unit; an export edited in a spreadsheet reads back into the articles it came from.
use reqwest::StatusCode;
use serde_json::{json, Value};

use crate::knowledge::{guide_dogs, published, status, XLSX};
use crate::support::{id, set_category_active, version, Client, Reply, TestApp};

pub(crate) async fn import(c: &Client, media_type: &str, bytes: Vec<u8>) -> Reply {
    c.post_bytes("/api/v1/knowledge/import", bytes, media_type)
        .await
}

async fn export(c: &Client, format: &str) -> Vec<u8> {
    export_query(c, &format!("format={format}")).await
}

async fn export_query(c: &Client, query: &str) -> Vec<u8> {
    let r = c
        .http
        .get(c.url(&format!("/api/v1/knowledge/export?{query}")))
        .send()
        .await
        .expect("sending an export");
    assert_eq!(r.status(), StatusCode::OK, "{query}");
    r.bytes().await.expect("an export").to_vec()
}

#[tokio::test]
async fn an_export_holds_what_the_list_shows_for_the_same_filter() {
    let app = TestApp::spawn().await;
    let admin = app.login("demo-admin").await;
    // The demo city's articles are all published: a draft and a retired one beside them.
    let csv = "title,body,kind,category,status\n\
               夜市摊位申请指南,向所在街道提出申请。,办事指南,0201,草稿\n\
               旧版早市摊位答复,早市摊位已取消。,标准答复,0201,已下线\n";
    let done = import(&admin, "text/csv", csv.as_bytes().to_vec())
        .await
        .expect(StatusCode::CREATED);
    assert_eq!(done["created"].as_u64(), Some(2), "{done}");
    let all = total(&admin).await;
    let some = admin
        .get("/api/v1/knowledge/articles?limit=200")
        .await
        .expect(StatusCode::OK);
    let unit = (some["items"].as_array().expect("items").iter())
        .find_map(|a| a["owner_unit"].as_i64())
        .expect("an article a unit owns");
    for query in [
        "status=published",
        "status=已发布&kind=standard_reply",
        "kind=service_guide",
        "category=02",
        &format!("owner_unit={unit}"),
        "revision_pending=false&status=draft",
    ] {
        let list = admin
            .get(&format!("/api/v1/knowledge/articles?limit=200&{query}"))
            .await
            .expect(StatusCode::OK);
        let listed = list["total"].as_u64().expect("a total");
        assert!(listed > 0 && listed < all, "{query}: {listed} of {all}");
        let csv = String::from_utf8(export_query(&admin, &format!("format=csv&{query}")).await)
            .expect("UTF-8");
        let items = list["items"].as_array().expect("items");
        for a in items {
            let title = a["title"].as_str().expect("a title");
            assert!(csv.contains(title), "{query}: {title} exported");
        }
        // Read back, it is the articles listed, every one unchanged.
        let done = import(&admin, "text/csv", csv.into_bytes())
            .await
            .expect(StatusCode::OK);
        assert_eq!(
            (done["unchanged"].as_u64(), done["count"].as_u64()),
            (Some(listed), Some(0)),
            "{query}: {done}"
        );
    }
    // Unit staff export what their list shows: published articles and their unit's own, not
    // the centre's drafts, nor changes waiting for review outside their unit.
    let zone = app.zone().await;
    for query in ["status=draft", "revision_pending=true", "status=published"] {
        let list = zone
            .get(&format!("/api/v1/knowledge/articles?limit=200&{query}"))
            .await
            .expect(StatusCode::OK);
        let csv = String::from_utf8(export_query(&zone, &format!("format=csv&{query}")).await)
            .expect("UTF-8");
        assert!(
            !csv.contains("夜市摊位申请指南"),
            "{query}: a centre's draft"
        );
        let titles: Vec<&str> = (list["items"].as_array().expect("items").iter())
            .filter_map(|a| a["title"].as_str())
            .collect();
        for title in &titles {
            assert!(csv.contains(title), "{query}: {title} exported");
        }
    }
    // A filter that cannot be met is a mistake, said as the list says it.
    for (query, field) in [
        ("status=bogus", "status"),
        ("kind=bogus", "kind"),
        ("category=9999", "category"),
    ] {
        let refused = admin
            .get(&format!("/api/v1/knowledge/export?format=csv&{query}"))
            .await
            .problem(StatusCode::UNPROCESSABLE_ENTITY, "invalid-field");
        assert_eq!(refused["field"], field, "{query}: {refused}");
    }
}

async fn total(c: &Client) -> u64 {
    let list = c
        .get("/api/v1/knowledge/articles?limit=1")
        .await
        .expect(StatusCode::OK);
    list["total"].as_u64().expect("a total")
}

#[tokio::test]
async fn an_import_with_one_bad_row_writes_nothing_and_names_the_row() {
    let app = TestApp::spawn().await;
    let lead = app.login("demo-shiftlead").await;
    let before = total(&lead).await;
    let csv = "title,body,kind,category,valid_from,status\n\
               医保卡丢失补办,携带身份证到医保经办窗口补办。,办事指南,0601,,published\n\
               电动车上牌,到车管所办理登记。,猜不出的类型,0401,,published\n\
               夜市摊位申请,向街道提出申请。,standard_reply,0201,下周一,draft\n";
    let refused = import(&lead, "text/csv", csv.as_bytes().to_vec())
        .await
        .problem(StatusCode::UNPROCESSABLE_ENTITY, "import-rejected");
    let rows: Vec<(i64, String)> = problems(&refused)
        .into_iter()
        .map(|(row, column, _)| (row, column))
        .collect();
    assert_eq!(
        rows,
        vec![(3, "kind".into()), (4, "valid_from".into())],
        "{refused}"
    );
    assert!(refused["message_zh"]
        .as_str()
        .unwrap_or("")
        .contains("第 3 行"));
    assert_eq!(total(&lead).await, before, "nothing was written");
    // A date in the asked form that the calendar lacks is told apart from one in words.
    let no_such_day =
        "title,body,kind,valid_from\n早市摊位申请,向街道提出申请。,办事指南,2026-13-01\n";
    let refused = import(&lead, "text/csv", no_such_day.as_bytes().to_vec())
        .await
        .problem(StatusCode::UNPROCESSABLE_ENTITY, "import-rejected");
    let found = problems(&refused);
    assert_eq!((found[0].0, found[0].1.as_str()), (2, "valid_from"));
    assert!(found[0].2.contains("2026-13-01」不存在"), "{refused}");
    // A new article published past its validity would never be offered: refused, not written.
    let expired = "title,body,kind,valid_to,status\n\
                   旧版早市摊位申请,向街道提出申请。,办事指南,2026-02-28,已发布\n";
    let refused = import(&lead, "text/csv", expired.as_bytes().to_vec())
        .await
        .problem(StatusCode::UNPROCESSABLE_ENTITY, "import-rejected");
    let found = problems(&refused);
    assert_eq!(
        (found[0].0, found[0].1.as_str()),
        (2, "status"),
        "{refused}"
    );
    assert!(found[0].2.contains("2026-02-28 已过"), "{refused}");
    assert_eq!(total(&lead).await, before);

    let fine = csv
        .replace("猜不出的类型", "政策问答")
        .replace("下周一", "2026-03-09");
    let done = import(&lead, "text/csv; charset=utf-8", fine.clone().into_bytes())
        .await
        .expect(StatusCode::CREATED);
    assert_eq!(done["count"], 3);
    assert_eq!(total(&lead).await, before + 3);
    // The same file again has nothing to do: every row is left alone, nothing written twice.
    let twice = import(&lead, "text/csv", fine.clone().into_bytes())
        .await
        .expect(StatusCode::OK);
    assert_eq!(
        (&twice["created"], &twice["unchanged"]),
        (&json!(0), &json!(3)),
        "{twice}"
    );
    assert_eq!(total(&lead).await, before + 3);
    // A new row reusing a stored title with other content would write a second article of
    // that title: refused, naming it.
    let other = fine.replace("到车管所办理登记。", "到派出所办理登记。");
    let refused = import(&lead, "text/csv", other.into_bytes())
        .await
        .problem(StatusCode::UNPROCESSABLE_ENTITY, "import-rejected");
    let titles: Vec<(i64, String)> = problems(&refused)
        .into_iter()
        .map(|(row, column, _)| (row, column))
        .collect();
    assert_eq!(titles, vec![(3, "title".into())], "{refused}");
    // An update row giving an article a title its unit already uses is refused as well;
    // the title another row leaves is free for the next.
    let find = |items: &Value, title: &str| {
        items["items"]
            .as_array()
            .and_then(|a| a.iter().find(|x| x["title"] == title).cloned())
    };
    let listed = |kind: &'static str| {
        let lead = &lead;
        async move {
            lead.get(&format!("/api/v1/knowledge/articles?kind={kind}&limit=200"))
                .await
                .expect(StatusCode::OK)
        }
    };
    let plate = find(&listed("policy_qa").await, "电动车上牌").expect("the imported article");
    let card =
        find(&listed("service_guide").await, "医保卡丢失补办").expect("the imported article");
    let row = |a: &Value, title: &str| {
        format!(
            "{},{},{title},{},policy_qa\n",
            id(a),
            version(a),
            a["body"].as_str().unwrap()
        )
    };
    let copied = format!(
        "id,version,title,body,kind\n{}",
        row(&plate, "医保卡丢失补办")
    );
    let refused = import(&lead, "text/csv", copied.into_bytes())
        .await
        .problem(StatusCode::UNPROCESSABLE_ENTITY, "import-rejected");
    assert!(
        refused
            .to_string()
            .contains(&format!("已有同一单位、同一标题的知识(编号 {})", id(&card))),
        "{refused}"
    );
    let swapped = format!(
        "id,version,title,body,kind\n{}{}",
        row(&card, "医保卡补办"),
        row(&plate, "医保卡丢失补办")
    );
    let done = import(&lead, "text/csv", swapped.into_bytes())
        .await
        .expect(StatusCode::OK);
    assert_eq!(done["updated"], 2, "{done}");
    let within = "title,body,kind
同名,一,policy_qa
同名,二,policy_qa
";
    let refused = import(&lead, "text/csv", within.as_bytes().to_vec())
        .await
        .problem(StatusCode::UNPROCESSABLE_ENTITY, "import-rejected");
    assert!(
        refused.to_string().contains("与第 2 行的标题相同"),
        "{refused}"
    );
    assert_eq!(total(&lead).await, before + 3);
    // An inspector reviews and publishes but does not write: a new article by import is
    // refused as it is in the editor.
    let inspector = app.login("demo-inspector").await;
    let new = "title,body,kind,status\n未经审核的答复,随便写的。,standard_reply,published\n";
    let refused = import(&inspector, "text/csv", new.as_bytes().to_vec())
        .await
        .problem(StatusCode::UNPROCESSABLE_ENTITY, "import-rejected");
    assert!(refused.to_string().contains("无权新增知识"), "{refused}");
    assert_eq!(total(&lead).await, before + 3);
    import(&app.operator().await, "text/csv", csv.as_bytes().to_vec())
        .await
        .problem(StatusCode::FORBIDDEN, "forbidden");
    import(&lead, "application/json", b"{}".to_vec())
        .await
        .problem(StatusCode::UNSUPPORTED_MEDIA_TYPE, "unsupported-media-type");
}

/// The content of an article, without what the store assigns.
fn content(a: &Value) -> Value {
    let keep = [
        "title",
        "body",
        "kind",
        "category",
        "owner_unit",
        "valid_from",
        "valid_to",
        "keywords",
        "status",
    ];
    keep.iter()
        .map(|k| (k.to_string(), a[*k].clone()))
        .collect()
}

/// The rows' problems as (row, column, message).
fn problems(refused: &Value) -> Vec<(i64, String, String)> {
    refused["problems"]
        .as_array()
        .expect("problems")
        .iter()
        .map(|p| {
            let s = |k: &str| p[k].as_str().unwrap_or("").to_string();
            (p["row"].as_i64().unwrap_or(0), s("column"), s("message"))
        })
        .collect()
}

#[tokio::test]
async fn an_export_edited_and_read_back_updates_the_articles_it_came_from() {
    let app = TestApp::spawn().await;
    let admin = app.login("demo-admin").await;
    let mut full = guide_dogs();
    full["owner_unit"] = json!(app.zone().await.unit());
    full["valid_from"] = json!("2026-01-01");
    full["valid_to"] = json!("2026-12-31");
    let live = published(&app, &full).await;
    let path = format!("/api/v1/knowledge/articles/{}", id(&live));
    let before = total(&admin).await;
    // Read back as it is, in either format: nothing to write.
    for (format, media_type) in [("csv", "text/csv"), ("xlsx", XLSX)] {
        let file = export(&admin, format).await;
        let done = import(&admin, media_type, file)
            .await
            .expect(StatusCode::OK);
        assert_eq!(
            (done["count"].as_u64(), done["unchanged"].as_u64()),
            (Some(0), Some(before)),
            "{format}: {done}"
        );
    }
    assert_eq!(total(&admin).await, before);
    // The export is for those who maintain the knowledge base, as its page is: a dispatcher
    // finds published articles by search but exports none.
    app.login("demo-dispatcher")
        .await
        .get("/api/v1/knowledge/export?format=csv")
        .await
        .problem(StatusCode::FORBIDDEN, "forbidden");
    let inspector = export(&app.login("demo-inspector").await, "csv").await;
    assert!(String::from_utf8_lossy(&inspector).contains("导盲犬"));
    let same = admin.get(&path).await.expect(StatusCode::OK);
    assert_eq!(version(&same), version(&live), "not even a new version");

    // Edited in the spreadsheet: the row updates its own article.
    let csv = String::from_utf8(export(&admin, "csv").await).expect("UTF-8");
    let title = "视障乘客携带导盲犬乘车须知";
    let revised = "视障乘客携带导盲犬乘车须知(2026年修订)";
    let edited = csv.replace(title, revised);
    let done = import(&admin, "text/csv", edited.clone().into_bytes())
        .await
        .expect(StatusCode::OK);
    assert_eq!(
        (done["created"].as_u64(), done["updated"].as_u64()),
        (Some(0), Some(1)),
        "{done}"
    );
    assert_eq!(done["ids"], json!([id(&live)]));
    let now = admin.get(&path).await.expect(StatusCode::OK);
    assert_eq!(now["title"], revised);
    assert_eq!(version(&now), version(&live) + 1);
    let mut expected = content(&live);
    expected["title"] = json!(revised);
    assert_eq!(content(&now), expected, "only the title changed");
    assert_eq!(total(&admin).await, before);

    // The same file imported again has nothing left to do, though its row is at the old
    // version.
    let again = import(&admin, "text/csv", edited.clone().into_bytes())
        .await
        .expect(StatusCode::OK);
    assert_eq!(
        (again["updated"].as_u64(), again["created"].as_u64()),
        (Some(0), Some(0)),
        "{again}"
    );
    assert_eq!(
        version(&admin.get(&path).await.expect(StatusCode::OK)),
        version(&live) + 1
    );
    // The first export, untouched, read back after the article changed: its row says what the
    // article said at the version exported, so it asks for nothing and the change stays.
    let untouched = import(&admin, "text/csv", csv.clone().into_bytes())
        .await
        .expect(StatusCode::OK);
    assert_eq!(
        (
            untouched["updated"].as_u64(),
            untouched["unchanged"].as_u64()
        ),
        (Some(0), Some(before)),
        "{untouched}"
    );
    assert_eq!(
        admin.get(&path).await.expect(StatusCode::OK)["title"],
        revised
    );
    // A file changing the article in one row and repeating it as it was in another (without
    // its id) holds two versions of it: refused, naming both rows.
    let fresh = String::from_utf8(export(&admin, "csv").await).expect("UTF-8");
    let mut lines = fresh.lines();
    let header = lines.next().expect("a header");
    let line = lines
        .find(|l| l.contains(revised))
        .expect("the article's row");
    let (_, rest) = line
        .split_once(',')
        .and_then(|(id, rest)| Some((id, rest.split_once(',')?.1)))
        .expect("id and version first");
    let two_versions = format!(
        "{header}\n{}\n,,{rest}\n",
        line.replace("公交车", "公共汽车")
    );
    let refused = import(&admin, "text/csv", two_versions.into_bytes())
        .await
        .problem(StatusCode::UNPROCESSABLE_ENTITY, "import-rejected");
    assert!(refused.to_string().contains("与第 2 行"), "{refused}");
    assert_eq!(total(&admin).await, before, "nothing was written");
    // The file changed again from that old version is refused: the article changed since it
    // was exported, and the other rows are not written either.
    let stale = edited.replace(revised, "又一次修订");
    let refused = import(&admin, "text/csv", stale.into_bytes())
        .await
        .problem(StatusCode::UNPROCESSABLE_ENTITY, "import-rejected");
    let found = problems(&refused);
    assert_eq!(found.len(), 1, "{refused}");
    assert_eq!(found[0].1, "version");
    assert!(found[0].2.contains("导出后已被修改"), "{found:?}");
    assert_eq!(
        admin.get(&path).await.expect(StatusCode::OK)["title"],
        revised
    );

    // An id that names no article, one named twice, an id without a version: each is named.
    let row = |id: &str, version: &str| {
        format!("{id},{version},导盲犬乘车须知,视障乘客可携带导盲犬乘车。,政策问答\n")
    };
    let bad = format!(
        "id,version,title,body,kind\n{}{}{}{}",
        row("999999", "1"),
        row(&id(&live).to_string(), &version(&now).to_string()),
        row(&id(&live).to_string(), &version(&now).to_string()),
        row(&id(&live).to_string(), ""),
    );
    let refused = import(&admin, "text/csv", bad.into_bytes())
        .await
        .problem(StatusCode::UNPROCESSABLE_ENTITY, "import-rejected");
    let found: Vec<(i64, String)> = problems(&refused)
        .into_iter()
        .map(|(r, c, _)| (r, c))
        .collect();
    assert_eq!(
        found,
        vec![(2, "id".into()), (4, "id".into()), (5, "version".into())],
        "{refused}"
    );

    // Rows without an id are new articles; a version without an id is a cleared id, named.
    let new = format!("id,version,title,body,kind\n{}", row("", ""));
    let done = import(&admin, "text/csv", new.into_bytes())
        .await
        .expect(StatusCode::CREATED);
    assert_eq!(done["created"], 1);
    assert_eq!(total(&admin).await, before + 1);
    let cleared = format!("id,version,title,body,kind\n{}", row("", "3"));
    let refused = import(&admin, "text/csv", cleared.into_bytes())
        .await
        .problem(StatusCode::UNPROCESSABLE_ENTITY, "import-rejected");
    assert_eq!(problems(&refused)[0].1, "id", "{refused}");

    // A file of some columns changes only those: the others, and the status, stay as stored.
    let body = now["body"].as_str().expect("a body");
    let short = |v: u64, title: &str, status: &str| {
        format!(
            "id,version,title,body,kind,status\n{},{v},{title},{body},policy_qa,{status}\n",
            id(&live)
        )
    };
    let done = import(
        &admin,
        "text/csv",
        short(version(&now), "导盲犬乘车须知", "").into_bytes(),
    )
    .await
    .expect(StatusCode::OK);
    assert_eq!(done["updated"], 1, "{done}");
    let partial = admin.get(&path).await.expect(StatusCode::OK);
    let mut expected = content(&now);
    expected["title"] = json!("导盲犬乘车须知");
    assert_eq!(
        content(&partial),
        expected,
        "category, unit, dates, keywords, status kept"
    );
    // Without title, body and kind too: an update keeps them; a new article needs them.
    let keywords = format!(
        "id,version,keywords\n{},{},导盲犬;地铁\n",
        id(&live),
        version(&partial)
    );
    let done = import(&admin, "text/csv", keywords.into_bytes())
        .await
        .expect(StatusCode::OK);
    assert_eq!(done["updated"], 1, "{done}");
    let partial = admin.get(&path).await.expect(StatusCode::OK);
    expected["keywords"] = json!(["导盲犬", "地铁"]);
    assert_eq!(content(&partial), expected, "title, body and kind kept");
    let refused = import(
        &admin,
        "text/csv",
        "id,version,title,keywords\n,,新的知识,地铁\n"
            .as_bytes()
            .to_vec(),
    )
    .await
    .problem(StatusCode::UNPROCESSABLE_ENTITY, "import-rejected");
    let (row, column, message) = problems(&refused).remove(0);
    assert_eq!((row, column.as_str()), (2, "body"), "{refused}");
    assert!(message.contains("body、kind"), "{refused}");
    // An id that is no article is named as such, whatever columns the file has.
    let refused = import(
        &admin,
        "text/csv",
        "id,version,keywords\n99999,1,地铁\n".as_bytes().to_vec(),
    )
    .await
    .problem(StatusCode::UNPROCESSABLE_ENTITY, "import-rejected");
    let (_, column, message) = problems(&refused).remove(0);
    assert!(
        column == "id" && message.contains("没有编号为 99999 的知识"),
        "{refused}"
    );
    // A column the import does not know is refused, not read as absent (its edits lost).
    let misspelt = format!(
        "id,version,titel\n{},{},改过的标题\n",
        id(&live),
        version(&partial)
    );
    let refused = import(&admin, "text/csv", misspelt.into_bytes())
        .await
        .problem(StatusCode::UNPROCESSABLE_ENTITY, "import-rejected");
    assert!(
        problems(&refused)[0].2.contains("第 3 列「titel」"),
        "{refused}"
    );
    assert_eq!(
        admin.get(&path).await.expect(StatusCode::OK)["title"],
        partial["title"]
    );

    // A quality inspector may change an article's status by file, not what it says.
    let inspector = app.login("demo-inspector").await;
    let refused = import(
        &inspector,
        "text/csv",
        short(version(&partial), "改了标题", "published").into_bytes(),
    )
    .await
    .problem(StatusCode::UNPROCESSABLE_ENTITY, "import-rejected");
    assert!(problems(&refused)[0].2.contains("无权修改"), "{refused}");
    let done = import(
        &inspector,
        "text/csv",
        short(version(&partial), "导盲犬乘车须知", "retired").into_bytes(),
    )
    .await
    .expect(StatusCode::OK);
    assert_eq!(done["updated"], 1, "{done}");
    let retired = admin.get(&path).await.expect(StatusCode::OK);
    assert_eq!(retired["status"], "retired");
}

#[tokio::test]
async fn a_file_imported_again_after_its_articles_expired_is_still_left_alone() {
    let app = TestApp::spawn().await;
    let csv = "title,body,kind,valid_to,status\n\
               春节期间早市安排,春节期间早市照常营业，营业时间为早六点至九点。,办事指南,2026-03-31,已发布\n";
    let lead = app.login("demo-shiftlead").await;
    import(&lead, "text/csv", csv.as_bytes().to_vec())
        .await
        .expect(StatusCode::CREATED);
    app.advance(chrono::TimeDelta::days(40));
    let lead = app.login("demo-shiftlead").await;
    let again = import(&lead, "text/csv", csv.as_bytes().to_vec())
        .await
        .expect(StatusCode::OK);
    assert_eq!(
        (&again["created"], &again["unchanged"]),
        (&json!(0), &json!(1)),
        "{again}"
    );
    // A new article past its validity is still refused as published.
    let other = csv.replace("早市安排", "夜市安排");
    let refused = import(&lead, "text/csv", other.into_bytes())
        .await
        .problem(StatusCode::UNPROCESSABLE_ENTITY, "import-rejected");
    assert_eq!(problems(&refused)[0].1, "status", "{refused}");
}

#[tokio::test]
async fn the_same_file_imported_twice_at_once_is_written_once() {
    let app = TestApp::spawn().await;
    let lead = app.login("demo-shiftlead").await;
    let before = total(&lead).await;
    let csv = "title,body,kind\n双击导入测试,正文写一次。,policy_qa\n".as_bytes();
    let send = || import(&lead, "text/csv", csv.to_vec());
    let (a, b, c) = tokio::join!(send(), send(), send());
    let created: Vec<u64> = [a, b, c]
        .into_iter()
        .map(|r| {
            // 201 for the one that wrote, 200 for those that found nothing to write.
            let status = r.status;
            assert!(status == StatusCode::CREATED || status == StatusCode::OK);
            r.expect(status)["created"].as_u64().unwrap_or(9)
        })
        .collect();
    assert_eq!(created.iter().sum::<u64>(), 1, "{created:?}");
    assert_eq!(total(&lead).await, before + 1);
}

#[tokio::test]
async fn one_title_per_unit_in_the_editor_too_and_a_file_names_what_to_mend() {
    let app = TestApp::spawn().await;
    let lead = app.login("demo-shiftlead").await;
    let write =
        |title: &str, body: &str| json!({"title": title, "body": body, "kind": "policy_qa"});
    let first = lead
        .post(
            "/api/v1/knowledge/articles",
            &write("同名文章测试", "正文A"),
        )
        .await
        .expect(StatusCode::CREATED);
    // The same title again, spaced otherwise: refused, naming the article that has it; an
    // import could not tell which of two a row means, and operators would have two answers.
    let again = lead
        .post(
            "/api/v1/knowledge/articles",
            &write(" 同名文章测试\u{3000}", "正文B"),
        )
        .await
        .problem(StatusCode::UNPROCESSABLE_ENTITY, "invalid-field");
    assert_eq!(again["field"], json!("title"), "{again}");
    assert!(
        again.to_string().contains(&format!("编号 {}", id(&first))),
        "{again}"
    );
    // Renamed onto it: refused too.
    let other = lead
        .post("/api/v1/knowledge/articles", &write("另一篇文章", "正文C"))
        .await
        .expect(StatusCode::CREATED);
    let mut renamed = write("同名文章测试", "正文C");
    renamed["version"] = json!(version(&other));
    lead.put(
        &format!("/api/v1/knowledge/articles/{}", id(&other)),
        &renamed,
    )
    .await
    .problem(StatusCode::UNPROCESSABLE_ENTITY, "invalid-field");
    // The same one-row file, imported again and again, says the same each time.
    let file = "title,body,kind\n同名文章测试,正文A,policy_qa\n";
    for _ in 0..3 {
        let done = import(&lead, "text/csv", file.as_bytes().to_vec())
            .await
            .expect(StatusCode::OK);
        assert_eq!(done["unchanged"], json!(1), "{done}");
    }

    // An operator's proposal renames a published article; another article takes that title
    // meanwhile: publishing the proposal is refused, not two articles under one title.
    let live = published(&app, &write("待改名的文章", "正文D")).await;
    let operator = app.operator().await;
    let mut proposal = write("改名后的标题", "正文D");
    proposal["version"] = json!(version(&live));
    let proposed = operator
        .put(
            &format!("/api/v1/knowledge/articles/{}", id(&live)),
            &proposal,
        )
        .await
        .expect(StatusCode::OK);
    lead.post(
        "/api/v1/knowledge/articles",
        &write("改名后的标题", "正文E"),
    )
    .await
    .expect(StatusCode::CREATED);
    let inspector = app.login("demo-inspector").await;
    let taken = status(&inspector, &proposed, "publish")
        .await
        .problem(StatusCode::UNPROCESSABLE_ENTITY, "invalid-field");
    assert_eq!(taken["field"], json!("title"), "{taken}");

    // A category retired: no new article takes it, by the editor or by a file.
    set_category_active(&app.admin().await, "020302", false).await;
    let mut filed = write("树木移植办理须知", "向园林部门申请。");
    filed["category"] = json!("020302");
    let refused = lead
        .post("/api/v1/knowledge/articles", &filed)
        .await
        .problem(StatusCode::UNPROCESSABLE_ENTITY, "invalid-field");
    assert!(refused.to_string().contains("已停用"), "{refused}");
    // One row with a bad type, a retired category and a code Excel stripped of its zero
    // (020301 saved as 20301): each column is named in one upload, the stripped code is read
    // back whole and is no problem.
    let csv = "title,body,kind,category\n\
               树木移植办理须知,向园林部门申请。,猜不出的类型,020302\n\
               绿化带杂草清理,由园林部门清理。,policy_qa,20304\n";
    let refused = import(&lead, "text/csv", csv.as_bytes().to_vec())
        .await
        .problem(StatusCode::UNPROCESSABLE_ENTITY, "import-rejected");
    let found: Vec<(i64, String)> = problems(&refused)
        .into_iter()
        .map(|(row, column, _)| (row, column))
        .collect();
    assert_eq!(
        found,
        vec![(2, "kind".into()), (2, "category".into())],
        "{refused}"
    );
}
