//! Server-side page time over HTTP on the small test database, printed, with a loose bound that
//! catches a page gone pathological (a debug build on a shared machine is no place for the 50 ms
//! budget; the million-ticket figure is `hotline bench pages`' job). Also the
//! plain-HTTP side of sign-in: a login without the form's nonce is refused.
use std::time::{Duration, Instant};

use reqwest::header::{COOKIE, SET_COOKIE};
use reqwest::StatusCode;

use crate::fixtures::at_zone;
use crate::support::{serve, Server, PASSWORD};

fn cookie_pair(r: &reqwest::Response, name: &str) -> Option<String> {
    r.headers()
        .get_all(SET_COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .filter_map(|v| v.split(';').next())
        .find(|kv| kv.starts_with(&format!("{name}=")) && kv.len() > name.len() + 1)
        .map(str::to_string)
}

fn csrf_in(html: &str) -> String {
    let at = html.find("name=\"_csrf\" value=\"").expect("a CSRF field") + 20;
    html[at..].split('"').next().unwrap_or_default().to_string()
}

/// Sign in through the login form; the session cookie.
async fn login(http: &reqwest::Client, s: &Server, user: &str) -> String {
    let page = http
        .get(format!("{}/login", s.base))
        .send()
        .await
        .expect("GET /login");
    let nonce_cookie = cookie_pair(&page, "hotline_login").expect("a nonce cookie");
    let nonce = csrf_in(&page.text().await.expect("the login page"));
    let forged = http
        .post(format!("{}/login", s.base))
        .form(&[("_csrf", "x"), ("username", user), ("password", PASSWORD)])
        .header(COOKIE, &nonce_cookie)
        .send()
        .await
        .expect("POST /login");
    assert_eq!(
        forged.status(),
        StatusCode::FORBIDDEN,
        "a login without the nonce is refused"
    );
    let r = http
        .post(format!("{}/login", s.base))
        .form(&[
            ("_csrf", nonce.as_str()),
            ("username", user),
            ("password", PASSWORD),
        ])
        .header(COOKIE, &nonce_cookie)
        .send()
        .await
        .expect("POST /login");
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    cookie_pair(&r, "hotline_session").expect("a session cookie")
}

fn p95(mut v: Vec<Duration>) -> Duration {
    v.sort_unstable();
    v[(v.len() * 95 / 100).min(v.len() - 1)]
}

#[tokio::test]
async fn the_main_pages_are_served_well_inside_the_time_budget() {
    // Alone, not beside a browser test, so the figures mean something.
    let _slot = crate::support::browser_slot()
        .acquire()
        .await
        .expect("the browser slot");
    let s = serve().await;
    let http = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("an HTTP client");
    let dispatcher = login(&http, &s, "demo-dispatcher").await;
    let operator = login(&http, &s, "demo-operator").await;
    let t = at_zone(&s.app, "13912340008").await;
    let pages = [
        (&dispatcher, "/".to_string()),
        (&dispatcher, "/queues/to_dispatch".to_string()),
        (&dispatcher, format!("/tickets/{}", t.id.0)),
        (&dispatcher, "/search?q=%E5%81%9C%E6%B0%B4".to_string()),
        (&operator, "/intake".to_string()),
    ];
    let mut report = Vec::new();
    for (cookie, path) in pages {
        let mut times = Vec::new();
        for _ in 0..30 {
            let started = Instant::now();
            let r = http
                .get(format!("{}{path}", s.base))
                .header(COOKIE, cookie.as_str())
                .send()
                .await
                .expect("a page");
            assert_eq!(r.status(), StatusCode::OK, "{path}");
            r.bytes().await.expect("the body");
            times.push(started.elapsed());
        }
        let p = p95(times);
        report.push(format!("{path}: p95 {} ms", p.as_millis()));
        assert!(p < Duration::from_millis(250), "{path} took {p:?} at p95");
    }
    eprintln!("page times (small database): {}", report.join("; "));
}
