//! Sessions, sign-in and who a credential is: a change from another site with the session
//! cookie, guessing at a user name, a retired unit's staff, the cookie over HTTPS.
use reqwest::StatusCode;
use serde_json::json;

use crate::support::*;

/// The session cookie goes with every request a browser makes, a form's on another site too:
/// a change sent with it from another origin is refused. Reads, bearer tokens, this site's
/// own pages and clients that are no browser (no origin) are not.
#[tokio::test]
async fn a_change_sent_from_another_site_with_the_session_cookie_is_refused() {
    let app = TestApp::spawn().await;
    let signed_in = app
        .anonymous()
        .post(
            "/api/v1/session",
            &json!({ "username": "demo-operator", "password": PASSWORD }),
        )
        .await
        .expect(StatusCode::OK);
    let secret = signed_in["token"].as_str().expect("a session").to_string();
    let host = app.address.trim_start_matches("http://").to_string();
    let http = reqwest::Client::new();
    let send = |method: reqwest::Method, path: &str, headers: &[(&str, String)]| {
        let mut r = http.request(method, format!("{}{path}", app.address));
        for (k, v) in headers {
            r = r.header(*k, v.as_str());
        }
        async move { r.send().await.expect("a reply").status() }
    };
    let cookie = ("cookie", format!("hotline_session={secret}"));
    let bearer = ("authorization", format!("Bearer {secret}"));
    let evil = ("origin", "https://evil.example".to_string());
    let cross = ("sec-fetch-site", "cross-site".to_string());
    let same_site = ("sec-fetch-site", "same-site".to_string());
    let ours = ("origin", format!("http://{host}"));
    let post = reqwest::Method::POST;
    for refused in [
        vec![cookie.clone(), evil.clone()],
        vec![cookie.clone(), cross.clone()],
        vec![cookie.clone(), same_site, ours.clone()],
    ] {
        assert_eq!(
            send(post.clone(), "/api/v1/tokens", &refused).await,
            StatusCode::FORBIDDEN,
            "{refused:?}"
        );
    }
    for taken in [
        vec![cookie.clone()],
        vec![cookie.clone(), ours],
        // Behind a proxy that passes its own name as the host and the public one forwarded.
        vec![
            cookie.clone(),
            ("origin", "https://rexian.example.gov.cn".to_string()),
            ("x-forwarded-host", "rexian.example.gov.cn".to_string()),
        ],
        vec![
            cookie.clone(),
            ("sec-fetch-site", "same-origin".to_string()),
        ],
        vec![bearer, evil.clone()],
    ] {
        assert_eq!(
            send(post.clone(), "/api/v1/tokens", &taken).await,
            StatusCode::CREATED,
            "{taken:?}"
        );
    }
    let read = send(reqwest::Method::GET, "/api/v1/me", &[cookie, evil]).await;
    assert_eq!(read, StatusCode::OK, "a read changes nothing");
}

/// Guessing a password: after ten wrong ones a user name is refused for fifteen minutes, the
/// right password too, and an unknown name the same way; other names are not.
#[tokio::test]
async fn a_user_name_guessed_at_is_refused_for_a_while() {
    let app = TestApp::spawn().await;
    let sign_in = |username: &'static str, password: &'static str| {
        let anonymous = app.anonymous();
        async move {
            let body = json!({ "username": username, "password": password });
            anonymous.post("/api/v1/session", &body).await.status
        }
    };
    for name in ["demo-dispatcher", "no-such-user"] {
        for _ in 0..10 {
            assert_eq!(sign_in(name, "guess-123").await, StatusCode::UNAUTHORIZED);
        }
    }
    let locked = app
        .anonymous()
        .post(
            "/api/v1/session",
            &json!({ "username": " demo-dispatcher ", "password": PASSWORD }),
        )
        .await
        .problem(StatusCode::TOO_MANY_REQUESTS, "too-many-attempts");
    assert!(locked.to_string().contains("15 分钟"), "{locked}");
    assert_eq!(
        sign_in("no-such-user", "guess-123").await,
        StatusCode::TOO_MANY_REQUESTS,
        "an unknown name the same way"
    );
    assert_eq!(sign_in("demo-operator", PASSWORD).await, StatusCode::OK);

    // Guesses sent all at once are counted as they come, not after their checks.
    let mut guesses = tokio::task::JoinSet::new();
    for _ in 0..30 {
        guesses.spawn(sign_in("demo-reviewer", "guess-123"));
    }
    let answers = guesses.join_all().await;
    let checked = answers
        .iter()
        .filter(|s| **s == StatusCode::UNAUTHORIZED)
        .count();
    assert_eq!(checked, 10, "{answers:?}");

    // An admin's new password lets the person in at once; the others wait out the minutes.
    let admin = app.admin().await;
    let users = admin.get("/api/v1/users").await.expect(StatusCode::OK);
    let dispatcher = (users.as_array().into_iter().flatten())
        .find(|u| u["username"] == "demo-dispatcher")
        .cloned()
        .expect("the dispatcher");
    let path = format!("/api/v1/users/{}", dispatcher["id"]);
    let change = json!({"display_name": "", "roles": dispatcher["roles"], "active": true,
                        "password": "new-pass-2026"});
    admin.put(&path, &change).await.expect(StatusCode::OK);
    assert_eq!(
        sign_in("demo-dispatcher", "new-pass-2026").await,
        StatusCode::OK
    );
    assert_eq!(
        sign_in("demo-reviewer", PASSWORD).await,
        StatusCode::TOO_MANY_REQUESTS
    );
    app.advance(chrono::TimeDelta::minutes(16));
    assert_eq!(sign_in("demo-reviewer", PASSWORD).await, StatusCode::OK);
    assert_eq!(
        sign_in("no-such-user", "guess-123").await,
        StatusCode::UNAUTHORIZED
    );
}

/// A unit retired (停用): its staff no longer sign in, and their sessions stop working.
#[tokio::test]
async fn staff_of_a_retired_unit_are_signed_out() {
    let app = TestApp::spawn().await;
    let zone = app.zone().await;
    let admin = app.admin().await;
    // A centre operator filed under the unit is no unit staff, and keeps working.
    admin
        .post(
            "/api/v1/users",
            &json!({"username": "filed-operator", "display_name": "", "password": "password-1",
                    "roles": ["operator"], "unit": zone.unit()}),
        )
        .await
        .expect(StatusCode::CREATED);
    let filed = app
        .anonymous()
        .post(
            "/api/v1/session",
            &json!({ "username": "filed-operator", "password": "password-1" }),
        )
        .await
        .expect(StatusCode::OK)["token"]
        .as_str()
        .unwrap_or_default()
        .to_string();
    let me = |token: String| {
        let url = format!("{}/api/v1/me", app.address);
        async move {
            let r = reqwest::Client::new().get(url).bearer_auth(token).send();
            r.await.expect("a reply").status()
        }
    };
    let path = format!("/api/v1/units/{}", zone.unit());
    let mut unit = admin.get(&path).await.expect(StatusCode::OK);
    unit["active"] = json!(false);
    admin.put(&path, &unit).await.expect(StatusCode::OK);
    zone.get("/api/v1/me")
        .await
        .problem(StatusCode::UNAUTHORIZED, "unauthenticated");
    assert_eq!(me(filed).await, StatusCode::OK);
    let again = app
        .anonymous()
        .post(
            "/api/v1/session",
            &json!({ "username": "demo-zone", "password": PASSWORD }),
        )
        .await;
    assert_eq!(again.status, StatusCode::UNAUTHORIZED, "{}", again.text);
    unit["active"] = json!(true);
    admin.put(&path, &unit).await.expect(StatusCode::OK);
    zone.get("/api/v1/me").await.expect(StatusCode::OK);
}

/// Behind a proxy serving HTTPS, the session cookie is marked Secure, so a browser never sends
/// it over plain HTTP; served plainly, it is not (it would never be sent back).
#[tokio::test]
async fn the_session_cookie_is_secure_when_served_over_https() {
    let app = TestApp::spawn().await;
    let set_cookie = |proto: Option<&'static str>| {
        let url = format!("{}/api/v1/session", app.address);
        async move {
            let mut r = reqwest::Client::new()
                .post(url)
                .json(&json!({ "username": "demo-operator", "password": PASSWORD }));
            if let Some(proto) = proto {
                r = r.header("x-forwarded-proto", proto);
            }
            let reply = r.send().await.expect("a reply");
            assert_eq!(reply.status(), StatusCode::OK);
            let cookie = reply.headers().get("set-cookie").cloned();
            cookie
                .and_then(|c| c.to_str().ok().map(str::to_string))
                .unwrap_or_default()
        }
    };
    assert!(set_cookie(Some("https")).await.contains("; Secure"));
    assert!(!set_cookie(Some("http")).await.contains("Secure"));
    assert!(!set_cookie(None).await.contains("Secure"));
}
