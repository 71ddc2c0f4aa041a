//! `hotline user add`: a good request makes a person who can sign in; a bad one says what is wrong
//! and writes nothing.
use reqwest::StatusCode;

use crate::support::Sandbox;

const ALL_ROLES: [&str; 11] = [
    "operator",
    "shift_lead",
    "dispatcher",
    "reviewer",
    "visit_agent",
    "supervisor",
    "quality_inspector",
    "unit_handler",
    "unit_admin",
    "leader",
    "admin",
];

#[tokio::test]
async fn user_add_creates_an_operator_who_can_sign_in_over_http() {
    let sandbox = Sandbox::sqlite();
    let run = sandbox
        .add_user("wang.li", "correct-horse", "operator", None)
        .succeeded();
    assert!(run.stdout.contains("created user wang.li"), "{run}");
    // A unit account at the only unit a new database has.
    sandbox
        .add_user(
            "centre-admin",
            "battery-staple",
            "unit_admin",
            Some("CENTRE"),
        )
        .succeeded();

    let server = sandbox.serve(&[]);
    let operator = server.login("wang.li", "correct-horse").await;
    let me = operator.get_ok("/api/v1/me").await;
    assert_eq!(me["username"], "wang.li", "{me}");
    assert_eq!(me["roles"], serde_json::json!(["operator"]), "{me}");
    let (status, _) = server.try_login("wang.li", "wrong-password").await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    server.login("centre-admin", "battery-staple").await;
}

#[tokio::test]
async fn user_add_refuses_bad_input_clearly_and_writes_nothing() {
    let sandbox = Sandbox::sqlite();
    // Before any database exists, an unknown role makes none.
    sandbox
        .add_user("first", "long-enough", "superuser", None)
        .failed()
        .says(&["superuser"]);
    assert!(
        !sandbox.path().join("hotline.db").exists(),
        "a refused first user made a database"
    );
    sandbox
        .add_user("taken", "first-password", "operator", None)
        .succeeded();
    let store = sandbox.store().await;
    let users = || async { store.users().await.expect("users").len() };
    assert_eq!(users().await, 1);

    let bad_role = sandbox.add_user("bad-role", "long-enough", "operator,superuser", None);
    let mut mentions = vec!["superuser"];
    mentions.extend(ALL_ROLES);
    bad_role.failed().says(&mentions);
    assert_eq!(
        users().await,
        1,
        "refusing an unknown role left a user behind"
    );

    let short = sandbox.add_user("short-pw", "1234567", "operator", None);
    short.failed().says(&["password", "at least 8 characters"]);
    assert_eq!(
        users().await,
        1,
        "refusing a short password left a user behind"
    );

    let no_unit = sandbox.add_user(
        "no-unit",
        "long-enough",
        "unit_handler",
        Some("NO-SUCH-UNIT"),
    );
    no_unit.failed().says(&["no unit with code NO-SUCH-UNIT"]);
    assert_eq!(
        users().await,
        1,
        "refusing an unknown unit left a user behind"
    );

    let unit_less = sandbox.add_user("unit-less", "long-enough", "unit_handler", None);
    unit_less.failed().says(&["unit staff need a unit"]);
    assert_eq!(
        users().await,
        1,
        "refusing unit staff without a unit left a user behind"
    );

    let duplicate = sandbox.add_user("taken", "second-password", "operator", None);
    duplicate.failed().says(&["\"taken\"", "already taken"]);
    assert_eq!(
        users().await,
        1,
        "refusing a taken username left a user behind"
    );

    // The duplicate did not overwrite the first account's password either.
    let server = sandbox.serve(&[]);
    server.login("taken", "first-password").await;
    let (status, _) = server.try_login("taken", "second-password").await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
}
