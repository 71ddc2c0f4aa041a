//! `hotline serve`: the address it prints, health, and the demo city behind loopback only.
use reqwest::StatusCode;

use crate::support::{Sandbox, DEMO_PASSWORD};

#[tokio::test]
async fn serve_on_port_zero_prints_the_address_it_bound_and_answers_healthz() {
    let sandbox = Sandbox::sqlite();
    let server = sandbox.serve(&[]);
    assert!(
        server.base.starts_with("http://127.0.0.1:"),
        "{}",
        server.stdout
    );
    let port: u16 = server
        .base
        .rsplit(':')
        .next()
        .and_then(|p| p.parse().ok())
        .expect("a port");
    assert_ne!(port, 0);
    assert!(
        !server.stdout.contains("demo accounts"),
        "no demo without --demo:\n{}",
        server.stdout
    );

    let (status, body) = server.anonymous().get("/healthz").await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["status"], "ok");
    assert_eq!(body["database"], "sqlite");
    let (status, _) = server.anonymous().get("/api/v1/queues").await;
    assert_eq!(status, StatusCode::UNAUTHORIZED, "queues need a session");
}

#[tokio::test]
async fn serve_with_demo_prints_the_demo_accounts_once_and_the_dispatcher_sees_queues() {
    let sandbox = Sandbox::sqlite();
    let server = sandbox.serve(&["--demo", "--demo-tickets", "300"]);
    assert!(
        server.stdout.contains("demo city built: 300 tickets"),
        "{}",
        server.stdout
    );
    assert_eq!(
        server.stdout.matches("demo accounts").count(),
        1,
        "{}",
        server.stdout
    );
    for account in [
        "demo-operator",
        "demo-dispatcher",
        "demo-admin",
        "demo-zone",
    ] {
        assert!(
            server.stdout.contains(account),
            "{account} not listed:\n{}",
            server.stdout
        );
    }
    assert!(server.stdout.contains(DEMO_PASSWORD), "{}", server.stdout);

    let dispatcher = server.login("demo-dispatcher", DEMO_PASSWORD).await;
    let queues = dispatcher.get_ok("/api/v1/queues").await;
    let names: Vec<&str> = queues["queues"]
        .as_array()
        .expect("a list of queues")
        .iter()
        .filter_map(|q| q["queue"].as_str())
        .collect();
    assert!(names.contains(&"to_dispatch"), "{queues}");
    let listed = dispatcher.get_ok("/api/v1/queues/to_dispatch").await;
    assert!(listed["total"].is_u64(), "{listed}");
}

#[tokio::test]
async fn serve_demo_refuses_to_bind_beyond_loopback_and_touches_no_database() {
    let sandbox = Sandbox::sqlite();
    let url = sandbox.url.clone();
    sandbox
        .run(&[
            "serve",
            "--demo",
            "--bind",
            "0.0.0.0:0",
            "--database-url",
            &url,
        ])
        .failed()
        .says(&["--demo", "loopback", "--bind 127.0.0.1"]);
    assert!(
        !sandbox.path().join("hotline.db").exists(),
        "a refused start created the database"
    );
}

#[tokio::test]
async fn serve_refuses_unreadable_or_malformed_rule_files_before_touching_the_database() {
    let sandbox = Sandbox::sqlite();
    let url = sandbox.url.clone();
    sandbox
        .run(&[
            "serve",
            "--scope-rules",
            "missing.toml",
            "--database-url",
            &url,
        ])
        .failed()
        .says(&["cannot read missing.toml"]);
    std::fs::write(
        sandbox.path().join("rules.toml"),
        "[[not_accepted]]\nid = 3\n",
    )
    .expect("writing rules.toml");
    sandbox
        .run(&[
            "serve",
            "--scope-rules",
            "rules.toml",
            "--database-url",
            &url,
        ])
        .failed()
        .says(&["rules.toml"]);
    std::fs::write(sandbox.path().join("lexicon.toml"), "这不是 TOML").expect("writing");
    sandbox
        .run(&["serve", "--lexicon", "lexicon.toml", "--database-url", &url])
        .failed()
        .says(&["lexicon.toml"]);
    std::fs::write(
        sandbox.path().join("synonyms.txt"),
        "燃气 煤气\n煤气 天然气\n",
    )
    .expect("writing");
    sandbox
        .run(&[
            "serve",
            "--knowledge-synonyms",
            "synonyms.txt",
            "--database-url",
            &url,
        ])
        .failed()
        .says(&["synonyms.txt", "line 2", "煤气"]);
    assert!(
        !sandbox.path().join("hotline.db").exists(),
        "a refused start created the database"
    );
}

/// A centre's own synonym list governs knowledge search: with 街灯 = 路灯 in it, a caller's 街灯
/// finds the article on 路灯.
#[tokio::test]
async fn a_synonym_file_given_at_start_governs_knowledge_search() {
    let sandbox = Sandbox::sqlite();
    sandbox
        .add_user(
            "writer",
            "writer-password",
            "operator,quality_inspector",
            None,
        )
        .succeeded();
    std::fs::write(sandbox.path().join("synonyms.txt"), "# 本中心\n路灯 街灯\n").expect("writing");
    let mut server = sandbox.serve(&["--knowledge-synonyms", "synonyms.txt"]);
    let api = server.login("writer", "writer-password").await;
    let article = serde_json::json!({
        "title": "路灯不亮的报修渠道",
        "body": "道路照明设施损坏，由城市管理部门负责维修。",
        "kind": "policy_qa",
    });
    let (status, draft) = api.post("/api/v1/knowledge/articles", &article).await;
    assert_eq!(status, reqwest::StatusCode::CREATED, "{draft}");
    let path = format!("/api/v1/knowledge/articles/{}/publish", draft["id"]);
    let (status, body) = api
        .post(&path, &serde_json::json!({ "version": draft["version"] }))
        .await;
    assert_eq!(status, reqwest::StatusCode::OK, "{body}");
    let found = api
        .get_ok("/api/v1/knowledge/search?q=%E8%A1%97%E7%81%AF")
        .await;
    assert_eq!(found["items"][0]["id"], draft["id"], "{found}");
    // The shipped list is not in force: 煤气 no longer stands for 燃气.
    let gas = serde_json::json!({
        "title": "燃气灶无法点火",
        "body": "先检查燃气阀门。",
        "kind": "policy_qa",
    });
    let (_, gas) = api.post("/api/v1/knowledge/articles", &gas).await;
    let path = format!("/api/v1/knowledge/articles/{}/publish", gas["id"]);
    api.post(&path, &serde_json::json!({ "version": gas["version"] }))
        .await;
    let found = api
        .get_ok("/api/v1/knowledge/search?q=%E7%85%A4%E6%B0%94")
        .await;
    assert_eq!(found["items"], serde_json::json!([]), "{found}");
    server.kill();
}

/// Scope rules an administrator saved are in force after a restart; a rule file named at start
/// governs instead, and the rules cannot then be edited through the API.
#[tokio::test]
async fn saved_scope_rules_survive_a_restart_and_a_rule_file_governs_when_given() {
    let sandbox = Sandbox::sqlite();
    sandbox
        .add_user("boss", "boss-password", "admin", None)
        .succeeded();
    let rules = hotline_service::scope::DEFAULT_RULES.to_string()
        + "\n[[emergency]]\nid = \"drowning\"\nkind = \"medical\"\nservice = \"120\"\nlabel = \"落水\"\n\
           reply = \"我现在为您转接120。\"\ntriggers = [{ any = [\"落水\"] }]\n";
    let put = |api: &crate::support::Api, body: String| {
        let request = api
            .http
            .put(format!("{}/api/v1/intake/scope-rules", api.base))
            .bearer_auth(api.token.clone().unwrap_or_default())
            .header("content-type", "application/toml")
            .body(body);
        async move {
            let r = request.send().await.expect("sending a PUT");
            (r.status(), r.text().await.unwrap_or_default())
        }
    };
    {
        let mut server = sandbox.serve(&[]);
        let admin = server.login("boss", "boss-password").await;
        let (status, body) = put(&admin, rules.clone()).await;
        assert_eq!(status, reqwest::StatusCode::OK, "{body}");
        server.kill();
    }
    let mut server = sandbox.serve(&[]);
    let admin = server.login("boss", "boss-password").await;
    let in_force = admin.get_ok("/api/v1/intake/scope-rules").await;
    assert!(in_force.to_string().contains("drowning"), "{in_force}");
    server.kill();

    std::fs::write(
        sandbox.path().join("rules.toml"),
        hotline_service::scope::DEFAULT_RULES,
    )
    .expect("writing rules.toml");
    let mut server = sandbox.serve(&["--scope-rules", "rules.toml"]);
    let admin = server.login("boss", "boss-password").await;
    let in_force = admin.get_ok("/api/v1/intake/scope-rules").await;
    assert!(
        !in_force.to_string().contains("drowning"),
        "the file governs"
    );
    let (status, body) = put(&admin, rules).await;
    assert_eq!(status, reqwest::StatusCode::CONFLICT, "{body}");
    assert!(body.contains("rules.toml"), "{body}");
    server.kill();
}
