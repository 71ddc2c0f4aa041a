//! The workstation's pages as a person gets them: `hotline bench pages` serves the binary's
//! router (`hotline_web::router`, the API and the workstation) on a loopback port over the given
//! database and times each main page's whole HTTP response, signed in as a user of each role.
//! The issue's target is ≤ 50 ms at p95 with a million tickets.
use std::time::Instant;

use anyhow::Context as _;
use reqwest::header::COOKIE;
use serde_json::{json, Value};

use hotline_domain::org::{Role, User};
use hotline_service::App;

/// A page to time: its name, who opens it, and the addresses taken in turn.
struct PageCase {
    name: &'static str,
    role: Role,
    paths: Vec<String>,
}

fn cases(total: u64, n: usize) -> Vec<PageCase> {
    let page = |name, role, paths: &[&str]| PageCase {
        name,
        role,
        paths: paths.iter().map(|p| p.to_string()).collect(),
    };
    // Ticket ids spread over the whole database (a fixed stride, so runs compare).
    let tickets = (0..n)
        .map(|i| format!("/tickets/{}", 1 + (i as u64 * 7_919) % total.max(1)))
        .collect();
    vec![
        page("home_dispatcher", Role::Dispatcher, &["/"]),
        page("home_unit", Role::UnitAdmin, &["/"]),
        page("home_counts_unit", Role::UnitAdmin, &["/home/counts"]),
        page(
            "queue_to_dispatch",
            Role::Dispatcher,
            &["/queues/to_dispatch"],
        ),
        page("queue_overdue", Role::Supervisor, &["/queues/overdue"]),
        page(
            "queue_unit_processing",
            Role::UnitAdmin,
            &["/queues/processing"],
        ),
        page("intake", Role::Operator, &["/intake"]),
        PageCase {
            name: "ticket",
            role: Role::Dispatcher,
            paths: tickets,
        },
        // 噪音 (two characters, in many tickets)
        page(
            "search_words",
            Role::Dispatcher,
            &["/search?q=%E5%99%AA%E9%9F%B3"],
        ),
        page(
            "search_words_unit",
            Role::UnitAdmin,
            &["/search?q=%E5%99%AA%E9%9F%B3"],
        ),
        // 水 (one character), 龙舟 (nowhere), 路灯 不亮 (two words), 噪音扰民 (a phrase)
        page(
            "search_words_varied",
            Role::Dispatcher,
            &[
                "/search?q=%E6%B0%B4",
                "/search?q=%E9%BE%99%E8%88%9F",
                "/search?q=%E8%B7%AF%E7%81%AF+%E4%B8%8D%E4%BA%AE",
                "/search?q=%E5%99%AA%E9%9F%B3%E6%89%B0%E6%B0%91",
            ],
        ),
        page(
            "search_number",
            Role::Dispatcher,
            &["/search?number=2026010100001"],
        ),
        page("supervision", Role::Supervisor, &["/supervision"]),
        page("overview", Role::Leader, &["/overview"]),
        // 停水
        page(
            "knowledge",
            Role::Operator,
            &["/knowledge?q=%E5%81%9C%E6%B0%B4"],
        ),
        page("admin_units", Role::Admin, &["/admin/units"]),
    ]
}

/// Times every page `n` times; the figures per page as JSON (milliseconds).
pub async fn run(app: &App, users: &[User], total: u64, n: usize) -> anyhow::Result<Value> {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let base = format!("http://{}", listener.local_addr()?);
    let router = hotline_web::router(app.clone());
    let server = tokio::spawn(async move { axum::serve(listener, router).await });
    let http = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()?;
    let mut out = serde_json::Map::new();
    let mut sessions = Vec::new();
    for case in cases(total, n) {
        let Some(user) = users
            .iter()
            .find(|u| u.active && u.roles.contains(&case.role))
        else {
            out.insert(
                case.name.into(),
                json!({ "skipped": format!("no active {:?} user", case.role) }),
            );
            continue;
        };
        let secret = app
            .issue_token(user)
            .await
            .map_err(|e| anyhow::anyhow!("{e}"))?;
        let cookie = format!("{}={secret}", hotline_ui::SESSION_COOKIE);
        sessions.push(secret);
        let mut times = Vec::with_capacity(n);
        let mut statuses = std::collections::BTreeMap::new();
        for i in 0..n {
            let path = &case.paths[i % case.paths.len()];
            let started = Instant::now();
            let r = http
                .get(format!("{base}{path}"))
                .header(COOKIE, &cookie)
                .send()
                .await
                .with_context(|| format!("GET {path}"))?;
            let status = r.status().as_u16();
            r.bytes().await?;
            times.push(started.elapsed().as_micros() as u64);
            *statuses.entry(status).or_insert(0u32) += 1;
        }
        times.sort_unstable();
        let ms = |q: f64| {
            let i = ((times.len() as f64 - 1.0) * q).round() as usize;
            (times[i] as f64 / 100.0).round() / 10.0
        };
        eprintln!(
            "{}: p50 {} ms, p95 {} ms ({statuses:?})",
            case.name,
            ms(0.5),
            ms(0.95)
        );
        out.insert(
            case.name.into(),
            json!({ "user": user.username, "p50_ms": ms(0.5), "p95_ms": ms(0.95), "max_ms": ms(1.0), "statuses": statuses }),
        );
    }
    for secret in sessions {
        let _ = app.logout(&secret).await;
    }
    server.abort();
    Ok(Value::Object(out))
}
