//! `hotline demo`: the demo city 示例市 is built once into an empty database and never twice.
use crate::support::{Sandbox, DEMO_PASSWORD};

#[tokio::test]
async fn demo_builds_the_city_once_and_a_second_run_leaves_it_alone() {
    let sandbox = Sandbox::sqlite();
    let first = sandbox.run_db(&["demo", "--tickets", "2000"]).succeeded();
    assert!(
        first.stdout.contains("demo city built: 2000 tickets"),
        "{first}"
    );
    assert!(first.stdout.contains("demo-dispatcher"), "{first}");

    let store = sandbox.store().await;
    let tickets = store.ticket_count().await.expect("ticket count");
    let users = store.users().await.expect("users").len();
    assert_eq!(tickets, 2000);

    let second = sandbox.run_db(&["demo", "--tickets", "2000"]).succeeded();
    assert!(second.stdout.contains("not empty"), "{second}");
    assert!(!second.stdout.contains("demo city built"), "{second}");
    assert_eq!(
        store.ticket_count().await.expect("ticket count"),
        tickets,
        "the second run added tickets"
    );
    assert_eq!(
        store.users().await.expect("users").len(),
        users,
        "the second run added people"
    );

    let server = sandbox.serve(&[]);
    let dispatcher = server.login("demo-dispatcher", DEMO_PASSWORD).await;
    let units = dispatcher.get_ok("/api/v1/units").await;
    let count = units.as_array().expect("a list of units").len();
    assert!(
        (600..=900).contains(&count),
        "the demo city has {count} units, expected about 700"
    );
    let codes: std::collections::HashSet<_> = units
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|u| u["code"].as_str())
        .collect();
    assert_eq!(codes.len(), count, "a unit code appears twice");
    drop(server);

    // The pages benchmark runs on the demo city: every workstation page answers 200 to a user
    // of its role.
    let bench = sandbox
        .run_db(&["bench", "pages", "--requests", "4"])
        .succeeded();
    let line = bench
        .stdout
        .lines()
        .find(|l| l.starts_with('{'))
        .unwrap_or_else(|| panic!("no JSON line:\n{bench}"));
    let result: serde_json::Value =
        serde_json::from_str(line).unwrap_or_else(|e| panic!("not JSON ({e}):\n{bench}"));
    assert_eq!(result["tickets_in_db"], 2000, "{result}");
    let pages = result["html_pages_ms"]
        .as_object()
        .unwrap_or_else(|| panic!("no HTML pages: {result}"));
    assert!(pages.len() >= 15, "{result}");
    for (name, page) in pages {
        assert_eq!(
            page["statuses"],
            serde_json::json!({ "200": 4 }),
            "{name}: {page}"
        );
        assert!(page["p95_ms"].as_f64().is_some(), "{name}: {page}");
    }
}

#[tokio::test]
async fn demo_refuses_a_ticket_count_unreadable_or_past_its_limit_before_touching_the_database() {
    let sandbox = Sandbox::sqlite();
    // A usage error: clap's exit code 2, the option named, no panic.
    for bad in ["10000000000000000000", "20000001", "--tickets=-5", "many"] {
        let args = match bad.strip_prefix("--tickets=") {
            Some(_) => vec!["demo", bad],
            None => vec!["demo", "--tickets", bad],
        };
        let refused = sandbox.run_db(&args);
        assert_eq!(refused.code, Some(2), "{bad}: {refused}");
        assert!(
            refused.stderr.contains("--tickets"),
            "{bad}: the option is named: {refused}"
        );
        assert!(!refused.stderr.contains("panicked"), "{bad}: {refused}");
        if bad == "20000001" {
            assert!(refused.stderr.contains("at most 20000000"), "{refused}");
        }
    }
    assert!(
        !sandbox.dir.path().join("hotline.db").exists(),
        "nothing written"
    );
}

#[tokio::test]
async fn a_demo_build_that_never_finished_is_said_not_taken_for_a_city() {
    let sandbox = Sandbox::sqlite();
    sandbox.run_db(&["demo", "--tickets", "100"]).succeeded();
    let store = sandbox.store().await;
    assert_eq!(
        store
            .setting("demo_build")
            .await
            .expect("the mark")
            .as_deref(),
        Some("done")
    );
    // What an interrupted build leaves: the mark of its start, never cleared.
    store
        .save_setting("demo_build", "started 2026-11-26 08:00")
        .await
        .expect("the mark");
    sandbox
        .run_db(&["demo", "--tickets", "100"])
        .failed()
        .says(&["示例城市未建完", "2026-11-26 08:00", "delete the database"]);
}
