//! The colloquial → formal lexicon edited by an administrator: entry by entry or whole, checked,
//! refused naming the entry at fault (nothing changed), in force at once for intake, and still in
//! force after a restart.
use reqwest::StatusCode;
use serde_json::json;

use crate::support::*;

/// The event element of `text` as the intake screen words it.
async fn formal(client: &Client, text: &str) -> String {
    let a = client.analyze(text).await;
    a["elements"]["event_formal"]["text"]
        .as_str()
        .unwrap_or_else(|| panic!("no formal event: {}", a["elements"]))
        .trim_end_matches('。')
        .to_owned()
}

#[tokio::test]
async fn an_admin_edits_the_lexicon_and_intake_words_by_it_at_once() {
    let app = TestApp::spawn().await;
    let admin = app.admin().await;
    let operator = app.operator().await;
    let text = "小区门口天天有人摆摊设点,垃圾扔得到处都是";

    let view = operator
        .get("/api/v1/intake/lexicon")
        .await
        .expect(StatusCode::OK);
    assert_eq!(view["source"], "builtin");
    assert_eq!(
        view["editable"], false,
        "an operator reads, an administrator edits"
    );
    let as_admin = admin
        .get("/api/v1/intake/lexicon")
        .await
        .expect(StatusCode::OK);
    assert_eq!(as_admin["editable"], true);
    let builtin = view["entries"].as_array().unwrap().len();
    assert!(builtin >= 40, "{view}");
    assert!(!formal(&operator, text).await.contains("乱扔垃圾"));

    // Only an administrator edits.
    operator
        .post(
            "/api/v1/intake/lexicon/entries",
            &json!({ "colloquial": "垃圾扔得到处都是", "formal": "乱扔垃圾" }),
        )
        .await
        .problem(StatusCode::FORBIDDEN, "forbidden");

    // Added (each side trimmed), then in force for the next analysis.
    let added = admin
        .post(
            "/api/v1/intake/lexicon/entries",
            &json!({ "colloquial": " 垃圾扔得到处都是 ", "formal": "乱扔垃圾" }),
        )
        .await
        .expect(StatusCode::CREATED);
    assert_eq!(added["change"], "added");
    assert_eq!(added["entry"]["colloquial"], "垃圾扔得到处都是");
    assert!(
        formal(&operator, text).await.ends_with("乱扔垃圾"),
        "{}",
        formal(&operator, text).await
    );
    // The same phrase again changes its wording; the same pair changes nothing.
    let changed = admin
        .post(
            "/api/v1/intake/lexicon/entries",
            &json!({ "colloquial": "垃圾扔得到处都是", "formal": "垃圾乱扔" }),
        )
        .await
        .expect(StatusCode::OK);
    assert_eq!(changed["change"], "changed");
    assert!(formal(&operator, text).await.ends_with("垃圾乱扔"));
    let same = admin
        .post(
            "/api/v1/intake/lexicon/entries",
            &json!({ "colloquial": "垃圾扔得到处都是", "formal": "垃圾乱扔" }),
        )
        .await
        .expect(StatusCode::OK);
    assert_eq!(same["change"], "unchanged");
    // Another server on the same database saved meanwhile: an edit here starts from what it
    // saved, not from this server's copy, and this server catches up.
    let elsewhere = hotline_service::App::start(app.app.store.clone())
        .await
        .expect("a second server");
    elsewhere
        .put_lexicon_entry(
            &hotline_domain::org::Actor::system(),
            hotline_service::lexicon::LexiconEntry {
                colloquial: "摆摊设点".into(),
                formal: "占道经营".into(),
            },
        )
        .await
        .expect("saved on the other server");
    admin
        .post(
            "/api/v1/intake/lexicon/entries",
            &json!({ "colloquial": "狗屎到处都是", "formal": "犬类粪便污染" }),
        )
        .await
        .expect(StatusCode::CREATED);
    let both = app.app.lexicon();
    assert!(
        ["摆摊设点", "狗屎到处都是", "垃圾扔得到处都是"]
            .iter()
            .all(|p| both.lexicon.entries().iter().any(|e| e.colloquial == *p)),
        "neither edit is lost"
    );
    admin
        .delete("/api/v1/intake/lexicon/entries/摆摊设点")
        .await
        .expect(StatusCode::NO_CONTENT);
    admin
        .delete("/api/v1/intake/lexicon/entries/狗屎到处都是")
        .await
        .expect(StatusCode::NO_CONTENT);

    // Bad entries are refused, saying what is wrong, and nothing changes.
    for (entry, says) in [
        (
            json!({ "colloquial": "  ", "formal": "乱扔垃圾" }),
            "都须填写",
        ),
        (
            json!({ "colloquial": "乱扔垃圾", "formal": "乱扔垃圾" }),
            "相同",
        ),
        (
            json!({ "colloquial": "吵".repeat(41), "formal": "噪声扰民" }),
            "最多 40 个",
        ),
        (
            json!({ "colloquial": "吵\n闹", "formal": "噪声扰民" }),
            "换行",
        ),
        // Turning a formal wording back (the default lists 漫天尘土 → 扬尘污染).
        (
            json!({ "colloquial": "扬尘污染", "formal": "漫天尘土" }),
            "不能再作为口语说法",
        ),
    ] {
        let refused = admin
            .post("/api/v1/intake/lexicon/entries", &entry)
            .await
            .problem(StatusCode::UNPROCESSABLE_ENTITY, "invalid-field");
        assert!(refused.to_string().contains(says), "{entry}: {refused}");
    }
    admin
        .post(
            "/api/v1/intake/lexicon/entries",
            &json!({ "colloquial": "吵", "formel": "喧哗" }),
        )
        .await
        .problem(StatusCode::UNPROCESSABLE_ENTITY, "invalid-body");
    let whole = json!({ "entries": [
        { "colloquial": "臭气熏天", "formal": "异味扰民" },
        { "colloquial": "冒黑烟", "formal": "排放黑烟" },
        { "colloquial": "臭气熏天", "formal": "恶臭" },
    ] });
    let refused = admin
        .put("/api/v1/intake/lexicon", &whole)
        .await
        .problem(StatusCode::UNPROCESSABLE_ENTITY, "invalid-field");
    assert!(
        refused.to_string().contains("第 3 条") && refused.to_string().contains("第 1 条"),
        "the entries at fault: {refused}"
    );
    let view = admin
        .get("/api/v1/intake/lexicon")
        .await
        .expect(StatusCode::OK);
    assert_eq!(view["entries"].as_array().unwrap().len(), builtin + 1);

    // Removed: the phrase stays as said. Removing it again: not found.
    admin
        .delete("/api/v1/intake/lexicon/entries/垃圾扔得到处都是")
        .await
        .expect(StatusCode::NO_CONTENT);
    assert!(formal(&operator, text).await.ends_with("垃圾扔得到处都是"));
    admin
        .delete("/api/v1/intake/lexicon/entries/垃圾扔得到处都是")
        .await
        .problem(StatusCode::NOT_FOUND, "not-found");

    // The whole list replaced; saved, so a restart keeps it.
    let replaced = admin
        .put(
            "/api/v1/intake/lexicon",
            &json!({ "entries": [{ "colloquial": "摆摊设点", "formal": "占道经营" }] }),
        )
        .await
        .expect(StatusCode::OK);
    assert_eq!(replaced["source"], "centre");
    assert_eq!(replaced["entries"].as_array().unwrap().len(), 1);
    assert!(formal(&operator, text).await.contains("占道经营"));
    assert!(!formal(&operator, "工地漫天尘土").await.contains("扬尘污染"));
    let restarted = hotline_service::App::start(app.app.store.clone())
        .await
        .expect("starting again");
    let state = restarted.lexicon();
    assert_eq!(
        state.source,
        hotline_service::lexicon::LexiconSource::Centre
    );
    assert_eq!(state.lexicon.entries().len(), 1);
    assert_eq!(state.lexicon.entries()[0].formal, "占道经营");
}

#[tokio::test]
async fn a_lexicon_from_a_file_named_at_start_cannot_be_edited_in_the_browser() {
    let app = TestApp::spawn().await;
    let admin = app.admin().await;
    let file = "[[entry]]\ncolloquial = \"冒黑烟\"\nformal = \"排放黑烟\"\n";
    let lexicon = hotline_service::lexicon::Lexicon::from_toml(file).expect("the file");
    // The running server shares the app's state: the file now governs it.
    let _governed = app
        .app
        .clone()
        .with_lexicon_file(lexicon, "/etc/hotline/lexicon.toml")
        .await
        .expect("the file's lexicon");
    let view = admin
        .get("/api/v1/intake/lexicon")
        .await
        .expect(StatusCode::OK);
    assert_eq!(
        (view["source"].as_str(), view["editable"].as_bool()),
        (Some("file"), Some(false))
    );
    assert!(view["source_label"]
        .as_str()
        .unwrap()
        .contains("/etc/hotline/lexicon.toml"));
    let refused = admin
        .post(
            "/api/v1/intake/lexicon/entries",
            &json!({ "colloquial": "臭气熏天", "formal": "异味扰民" }),
        )
        .await
        .problem(StatusCode::CONFLICT, "conflict");
    assert!(refused.to_string().contains("重启"), "{refused}");
    assert!(formal(&admin, "工厂烟囱冒黑烟").await.ends_with("排放黑烟"));
}
