//! `hotline migrate` on SQLite and PostgreSQL, and what a bad database URL tells the user.
use std::time::Duration;

use reqwest::StatusCode;

use crate::pg::{self, ScratchDatabase};
use crate::support::{a_call, Sandbox};

/// What `migrate` seeds, counted: categories, units, users, whether a policy is stored.
async fn seeded(sandbox: &Sandbox) -> (usize, usize, usize, bool) {
    let store = sandbox.store().await;
    (
        store.categories().await.expect("categories").len(),
        store.units().await.expect("units").len(),
        store.users().await.expect("users").len(),
        store.policy().await.expect("policy").is_some(),
    )
}

#[tokio::test]
async fn migrate_makes_a_new_sqlite_file_and_a_second_run_changes_nothing() {
    let sandbox = Sandbox::sqlite();
    let file = sandbox.path().join("hotline.db");
    assert!(!file.exists());

    let first = sandbox.run_db(&["migrate"]).succeeded();
    assert!(first.stdout.contains("database is up to date"), "{first}");
    assert!(file.exists(), "migrate did not create {}", file.display());
    let after_first = seeded(&sandbox).await;
    let (categories, units, users, policy) = after_first;
    assert!(
        categories > 0 && policy,
        "a new database gets the default categories and policy"
    );
    assert_eq!((units, users), (1, 0), "the hotline centre and no one yet");

    sandbox.run_db(&["migrate"]).succeeded();
    assert_eq!(
        seeded(&sandbox).await,
        after_first,
        "a second migrate seeded again"
    );
}

#[tokio::test]
async fn migrate_against_an_unreachable_postgres_fails_fast_naming_the_server_not_the_password() {
    let sandbox = Sandbox::sqlite();
    // Port 1 on the loopback: nothing listens there.
    let url = "postgres://nobody:hunter2-secret@127.0.0.1:1/x";
    let run = sandbox.run(&["migrate", "--database-url", url]).failed();
    let run = run.says(&["127.0.0.1:1", "--database-url", "HOTLINE_DATABASE_URL"]);
    assert!(
        run.stderr.contains("refused") || run.stderr.contains("cannot connect"),
        "the message does not say what went wrong:\n{run}"
    );
    for output in [&run.stdout, &run.stderr] {
        assert!(
            !output.contains("hunter2-secret"),
            "the password leaked:\n{run}"
        );
    }
    assert!(
        run.elapsed < Duration::from_secs(10),
        "took {:?} to give up",
        run.elapsed
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn on_postgres_migrate_is_idempotent_and_a_cli_made_user_records_a_ticket() {
    let Some(server) = pg::server_url() else {
        return;
    };
    let scratch = ScratchDatabase::create(&server).await;
    let url = scratch.url.clone();
    // In its own task, so that the database is dropped even when the story fails.
    let outcome = tokio::spawn(async move {
        let sandbox = Sandbox::with_url(url);
        sandbox.run_db(&["migrate"]).succeeded();
        let after_first = seeded(&sandbox).await;
        sandbox.run_db(&["migrate"]).succeeded();
        assert_eq!(
            seeded(&sandbox).await,
            after_first,
            "a second migrate seeded again"
        );

        sandbox
            .add_user("pg-operator", "operator-pw-1", "operator", None)
            .succeeded();
        sandbox
            .add_user("pg-operator", "operator-pw-2", "operator", None)
            .failed()
            .says(&["pg-operator", "already taken"]);
        assert_eq!(sandbox.store().await.users().await.expect("users").len(), 1);

        let server = sandbox.serve(&[]);
        let health = server.anonymous().get_ok("/healthz").await;
        assert_eq!(health["database"], "postgres", "{health}");
        let operator = server.login("pg-operator", "operator-pw-1").await;
        let (status, created) = operator
            .post("/api/v1/tickets", &a_call("13800000001"))
            .await;
        assert_eq!(status, StatusCode::CREATED, "{created}");
        let id = created["id"].as_i64().expect("a ticket id");
        let fetched = operator.get_ok(&format!("/api/v1/tickets/{id}")).await;
        assert_eq!(fetched["number"], created["number"]);
    })
    .await;
    scratch.drop_database().await;
    if let Err(e) = outcome {
        std::panic::resume_unwind(e.into_panic());
    }
}
