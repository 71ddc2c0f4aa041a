//! Server-side time of the workstation's main pages on an existing database (the target
//! is ≤ 50 ms at p95 with a million tickets):
//!
//!     cargo run --release -p hotline-ui --example page_times -- sqlite:///path/to/hotline.db [requests]
//!
//! Serves `hotline_web::router` (what the binary serves) on a free loopback port, signs in as the
//! demo accounts through the login form, and requests each page in turn, timing each whole
//! response. Prints one JSON line.
use std::time::{Duration, Instant};

use reqwest::header::{COOKIE, SET_COOKIE};
use serde_json::json;

use hotline_service::App;

const PASSWORD: &str = "demo12345";

fn cookie_pair(r: &reqwest::Response, name: &str) -> Option<String> {
    r.headers()
        .get_all(SET_COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .filter_map(|v| v.split(';').next())
        .find(|kv| kv.starts_with(&format!("{name}=")) && kv.len() > name.len() + 1)
        .map(str::to_string)
}

async fn login(http: &reqwest::Client, base: &str, user: &str) -> Result<String, String> {
    let page = http
        .get(format!("{base}/login"))
        .send()
        .await
        .map_err(|e| e.to_string())?;
    let nonce_cookie = cookie_pair(&page, "hotline_login").ok_or("no login nonce")?;
    let html = page.text().await.map_err(|e| e.to_string())?;
    let at = html
        .find("name=\"_csrf\" value=\"")
        .ok_or("no CSRF field")?
        + 20;
    let nonce = html[at..].split('"').next().unwrap_or_default().to_string();
    let r = http
        .post(format!("{base}/login"))
        .form(&[
            ("_csrf", nonce.as_str()),
            ("username", user),
            ("password", PASSWORD),
        ])
        .header(COOKIE, &nonce_cookie)
        .send()
        .await
        .map_err(|e| e.to_string())?;
    cookie_pair(&r, "hotline_session").ok_or_else(|| format!("signing in as {user} failed"))
}

fn percentile(sorted: &[Duration], p: f64) -> f64 {
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i].as_secs_f64() * 1000.0
}

#[tokio::main]
async fn main() -> Result<(), String> {
    let mut args = std::env::args().skip(1);
    let url = args
        .next()
        .ok_or("usage: page_times <database-url> [requests]")?;
    let n: usize = args.next().and_then(|a| a.parse().ok()).unwrap_or(200);
    let started = Instant::now();
    let store = hotline_store::open(&url).await.map_err(|e| e.to_string())?;
    let app = App::start(store).await.map_err(|e| e.to_string())?;
    let total = app.store.ticket_count().await.map_err(|e| e.to_string())?;
    eprintln!(
        "{total} tickets; started in {:.1} s",
        started.elapsed().as_secs_f64()
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .map_err(|e| e.to_string())?;
    let base = format!(
        "http://{}",
        listener.local_addr().map_err(|e| e.to_string())?
    );
    let router = hotline_web::router(app.clone());
    tokio::spawn(async move { axum::serve(listener, router).await });
    let http = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .map_err(|e| e.to_string())?;
    let mut cookies = std::collections::HashMap::new();
    for user in [
        "demo-operator",
        "demo-dispatcher",
        "demo-supervisor",
        "demo-zone",
        "demo-leader",
    ] {
        cookies.insert(user, login(&http, &base, user).await?);
    }
    let ids: Vec<i64> = (0..n)
        .map(|i| 1 + (i as i64 * 7_919) % total.max(1) as i64)
        .collect();
    let mut pages: Vec<(&str, &str, Vec<String>)> = vec![
        ("home_dispatcher", "demo-dispatcher", vec!["/".into()]),
        ("home_unit", "demo-zone", vec!["/".into()]),
        (
            "queue_to_dispatch",
            "demo-dispatcher",
            vec!["/queues/to_dispatch".into()],
        ),
        (
            "queue_overdue",
            "demo-supervisor",
            vec!["/queues/overdue".into()],
        ),
        (
            "unit_processing",
            "demo-zone",
            vec!["/queues/processing".into()],
        ),
        ("intake", "demo-operator", vec!["/intake".into()]),
        (
            "search_text",
            "demo-dispatcher",
            vec!["/search?q=%E5%99%AA%E9%9F%B3".into()],
        ),
        (
            "search_text_unit",
            "demo-zone",
            vec!["/search?q=%E5%99%AA%E9%9F%B3".into()],
        ),
        (
            "search_text_varied",
            "demo-dispatcher",
            // 水 (one character), 龙舟 (nowhere), 路灯 不亮 (two words), 噪音扰民 (a phrase)
            vec![
                "/search?q=%E6%B0%B4".into(),
                "/search?q=%E9%BE%99%E8%88%9F".into(),
                "/search?q=%E8%B7%AF%E7%81%AF+%E4%B8%8D%E4%BA%AE".into(),
                "/search?q=%E5%99%AA%E9%9F%B3%E6%89%B0%E6%B0%91".into(),
            ],
        ),
        (
            "search_number",
            "demo-dispatcher",
            vec!["/search?number=2026010100001".into()],
        ),
        ("counts_unit", "demo-zone", vec!["/home/counts".into()]),
        (
            "supervision",
            "demo-supervisor",
            vec!["/supervision".into()],
        ),
        ("overview", "demo-leader", vec!["/overview".into()]),
        (
            "knowledge",
            "demo-operator",
            vec!["/knowledge?q=%E5%81%9C%E6%B0%B4".into()],
        ),
    ];
    pages.push((
        "ticket_page",
        "demo-dispatcher",
        ids.iter().map(|id| format!("/tickets/{id}")).collect(),
    ));
    let mut out = serde_json::Map::new();
    for (name, user, paths) in pages {
        let cookie = &cookies[user];
        let mut times = Vec::with_capacity(n);
        let mut statuses = std::collections::BTreeMap::new();
        for i in 0..n {
            let path = &paths[i % paths.len()];
            let started = Instant::now();
            let r = http
                .get(format!("{base}{path}"))
                .header(COOKIE, cookie.as_str())
                .send()
                .await
                .map_err(|e| e.to_string())?;
            let status = r.status().as_u16();
            r.bytes().await.map_err(|e| e.to_string())?;
            times.push(started.elapsed());
            *statuses.entry(status).or_insert(0u32) += 1;
        }
        times.sort_unstable();
        eprintln!(
            "{name}: p50 {:.1} ms, p95 {:.1} ms ({statuses:?})",
            percentile(&times, 0.5),
            percentile(&times, 0.95)
        );
        out.insert(
            name.to_string(),
            json!({
                "p50_ms": percentile(&times, 0.5),
                "p95_ms": percentile(&times, 0.95),
                "max_ms": percentile(&times, 1.0),
                "statuses": statuses,
            }),
        );
    }
    println!(
        "{}",
        json!({ "bench": "ui_pages", "backend": app.store.backend(), "tickets_in_db": total, "requests_each": n, "pages": out })
    );
    Ok(())
}
