//! The black-box harness: a `TestApp` that serves the real router on a free port over a fresh
//! SQLite file holding the demo city, a clock the test can move forward, and one signed-in HTTP
//! client per demo account.
use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::Arc;
use std::time::Instant;

use chrono::{DateTime, NaiveDate, TimeDelta, Utc};
use reqwest::header::{HeaderMap, CONTENT_TYPE};
use reqwest::StatusCode;
use serde_json::{json, Value};
use tempfile::TempDir;

use hotline_domain::calendar::CHINA_STANDARD_TIME;
use hotline_service::App;

/// The password of every demo account.
pub const PASSWORD: &str = "demo12345";

/// The server's clock starts at Monday 2 March 2026, 09:00 in China: an ordinary working week
/// with official calendar data, so working-day arithmetic does not depend on when tests run.
pub fn start_of_test_time() -> DateTime<Utc> {
    NaiveDate::from_ymd_opt(2026, 3, 2)
        .and_then(|d| d.and_hms_opt(9, 0, 0))
        .and_then(|t| t.and_local_timezone(CHINA_STANDARD_TIME).single())
        .expect("a valid local time")
        .to_utc()
}

/// A running server with its own database and clock.
pub struct TestApp {
    pub address: String,
    /// The server's application, for reading what it stored.
    pub app: App,
    /// Seconds the server's clock is ahead of `start_of_test_time` plus the real time elapsed.
    offset: Arc<AtomicI64>,
    /// The database's directory, shared with another server on it (`another_server`).
    pub dir: Arc<TempDir>,
}

/// Serve the real router for `app` on 127.0.0.1 at a free port; its address.
async fn serve(app: &App) -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("binding a free port");
    let address = format!("http://{}", listener.local_addr().expect("a local address"));
    let served = app.clone();
    tokio::spawn(async move { axum::serve(listener, hotline_web::router(served)).await });
    address
}

impl TestApp {
    /// A fresh database with the demo city (no history), served on 127.0.0.1 at a free port.
    pub async fn spawn() -> TestApp {
        TestApp::spawn_with_history(0).await
    }

    /// The same with `tickets` tickets of demo history before the test's clock starts.
    pub async fn spawn_with_history(tickets: usize) -> TestApp {
        let dir = tempfile::tempdir().expect("a temporary directory");
        let url = format!("sqlite://{}", dir.path().join("hotline.db").display());
        let store = hotline_store::open(&url)
            .await
            .expect("opening the SQLite store");
        let offset = Arc::new(AtomicI64::new(0));
        let base = start_of_test_time();
        let started = Instant::now();
        let clock_offset = offset.clone();
        let app = App::start(store)
            .await
            .expect("starting the app")
            .with_clock(move || {
                let real = TimeDelta::milliseconds(started.elapsed().as_millis() as i64);
                base + real + TimeDelta::seconds(clock_offset.load(Ordering::SeqCst))
            });
        hotline_service::demo::build(&app, tickets, 12345, |_| {})
            .await
            .expect("building the demo city");
        let address = serve(&app).await;
        TestApp {
            address,
            app,
            offset,
            dir: Arc::new(dir),
        }
    }

    /// The database as another process opens it (a second server, a command).
    pub async fn other_process_store(&self) -> hotline_store::DynStore {
        let url = format!("sqlite://{}", self.dir.path().join("hotline.db").display());
        hotline_store::open(&url)
            .await
            .expect("opening the SQLite store again")
    }

    /// The app a command (`hotline knowledge import`, …) starts on the same database, with
    /// the same clock: no search index.
    pub async fn command_app(&self) -> App {
        let clock = self.app.clone();
        App::start_for(
            self.other_process_store().await,
            hotline_service::Purpose::Command,
        )
        .await
        .expect("starting the command's app")
        .with_clock(move || clock.now())
    }

    /// A second server on the same database (as behind a load balancer), with the same clock.
    pub async fn another_server(&self) -> TestApp {
        let store = self.other_process_store().await;
        let clock = self.app.clone();
        let app = App::start(store)
            .await
            .expect("starting the second app")
            .with_clock(move || clock.now());
        let address = serve(&app).await;
        TestApp {
            address,
            app,
            offset: self.offset.clone(),
            dir: self.dir.clone(),
        }
    }

    /// Move the server's clock forward. Sessions expire by this clock too: sign in again after.
    pub fn advance(&self, by: TimeDelta) {
        self.offset.fetch_add(by.num_seconds(), Ordering::SeqCst);
    }

    /// A client without credentials.
    pub fn anonymous(&self) -> Client {
        Client {
            base: self.address.clone(),
            http: reqwest::Client::new(),
            user: Value::Null,
        }
    }

    /// Sign in with POST /api/v1/session and hand back a client that sends the token.
    pub async fn login(&self, username: &str) -> Client {
        let r = self
            .anonymous()
            .post(
                "/api/v1/session",
                &json!({ "username": username, "password": PASSWORD }),
            )
            .await;
        assert_eq!(
            r.status,
            StatusCode::OK,
            "signing in as {username}: {}",
            r.text
        );
        let token = r.body["token"]
            .as_str()
            .expect("a session token")
            .to_string();
        let mut headers = HeaderMap::new();
        headers.insert(
            reqwest::header::AUTHORIZATION,
            format!("Bearer {token}").parse().expect("a header value"),
        );
        let http = reqwest::Client::builder()
            .default_headers(headers)
            .build()
            .expect("an HTTP client");
        Client {
            base: self.address.clone(),
            http,
            user: r.body["user"].clone(),
        }
    }

    pub async fn operator(&self) -> Client {
        self.login("demo-operator").await
    }
    pub async fn dispatcher(&self) -> Client {
        self.login("demo-dispatcher").await
    }
    pub async fn reviewer(&self) -> Client {
        self.login("demo-reviewer").await
    }
    pub async fn visit_agent(&self) -> Client {
        self.login("demo-visit").await
    }
    pub async fn admin(&self) -> Client {
        self.login("demo-admin").await
    }
    /// Handler at the tourism zone's admin committee (管委).
    pub async fn zone(&self) -> Client {
        self.login("demo-zone").await
    }
    /// Handler at the zone's enforcement bureau, below the 管委.
    pub async fn bureau(&self) -> Client {
        self.login("demo-bureau").await
    }
    /// Admin of another district's bureau.
    pub async fn other_unit(&self) -> Client {
        self.login("demo-unitadmin").await
    }
}

/// A response, read whole.
#[derive(Debug)]
pub struct Reply {
    pub status: StatusCode,
    pub content_type: String,
    /// The `Vary` header, if any.
    pub vary: Option<String>,
    pub text: String,
    /// The body as JSON, or `Null` when it is not JSON.
    pub body: Value,
}

impl Reply {
    pub async fn read(r: reqwest::Response) -> Reply {
        let status = r.status();
        let content_type = r
            .headers()
            .get(CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_string();
        let vary = r
            .headers()
            .get(reqwest::header::VARY)
            .and_then(|v| v.to_str().ok())
            .map(str::to_string);
        let text = r.text().await.expect("reading the body");
        let body = serde_json::from_str(&text).unwrap_or(Value::Null);
        Reply {
            status,
            content_type,
            vary,
            text,
            body,
        }
    }

    /// The body, after checking the status.
    #[track_caller]
    pub fn expect(self, status: StatusCode) -> Value {
        assert_eq!(self.status, status, "unexpected reply: {}", self.text);
        self.body
    }

    /// A problem+json refusal with this status whose `type` ends with `kind`.
    #[track_caller]
    pub fn problem(self, status: StatusCode, kind: &str) -> Value {
        assert_eq!(self.status, status, "unexpected reply: {}", self.text);
        assert_eq!(
            self.content_type, "application/problem+json",
            "{}",
            self.text
        );
        let t = self.body["type"].as_str().unwrap_or_default();
        assert!(
            t.ends_with(&format!("/{kind}")),
            "expected a {kind} problem: {}",
            self.text
        );
        assert!(
            self.body["message_zh"]
                .as_str()
                .is_some_and(|m| !m.is_empty()),
            "{}",
            self.text
        );
        assert!(
            self.body["message_en"]
                .as_str()
                .is_some_and(|m| !m.is_empty()),
            "{}",
            self.text
        );
        self.body
    }
}

/// An HTTP client, signed in as one person (or no one).
pub struct Client {
    pub base: String,
    pub http: reqwest::Client,
    /// The user the session belongs to, as POST /api/v1/session returned it.
    pub user: Value,
}

impl Client {
    /// The intake analysis of a draft that is only text (200 expected).
    pub async fn analyze(&self, text: &str) -> Value {
        self.post("/api/v1/intake/analyze", &json!({ "text": text }))
            .await
            .expect(StatusCode::OK)
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    pub async fn get(&self, path: &str) -> Reply {
        Reply::read(
            self.http
                .get(self.url(path))
                .send()
                .await
                .expect("sending a GET"),
        )
        .await
    }

    pub async fn post(&self, path: &str, body: &Value) -> Reply {
        Reply::read(
            self.http
                .post(self.url(path))
                .json(body)
                .send()
                .await
                .expect("sending a POST"),
        )
        .await
    }

    pub async fn put(&self, path: &str, body: &Value) -> Reply {
        Reply::read(
            self.http
                .put(self.url(path))
                .json(body)
                .send()
                .await
                .expect("sending a PUT"),
        )
        .await
    }

    pub async fn delete(&self, path: &str) -> Reply {
        Reply::read(
            self.http
                .delete(self.url(path))
                .send()
                .await
                .expect("sending a DELETE"),
        )
        .await
    }

    /// PUT a text body of the given type (e.g. a TOML document).
    pub async fn put_text(&self, path: &str, body: &str, content_type: &str) -> Reply {
        self.put_bytes(path, body.as_bytes().to_vec(), content_type)
            .await
    }

    /// PUT raw bytes of the given type, for bodies that are not (UTF-8) text.
    pub async fn put_bytes(&self, path: &str, body: Vec<u8>, content_type: &str) -> Reply {
        Reply::read(
            self.http
                .put(self.url(path))
                .header(reqwest::header::CONTENT_TYPE, content_type)
                .body(body)
                .send()
                .await
                .expect("sending a PUT"),
        )
        .await
    }

    /// POST raw bytes of the given type: a file to an import.
    pub async fn post_bytes(&self, path: &str, body: Vec<u8>, content_type: &str) -> Reply {
        Reply::read(
            self.http
                .post(self.url(path))
                .header(reqwest::header::CONTENT_TYPE, content_type)
                .body(body)
                .send()
                .await
                .expect("sending a POST"),
        )
        .await
    }

    /// POST a raw body as JSON, for bodies that are not (well-formed) JSON values.
    pub async fn post_raw(&self, path: &str, body: impl Into<reqwest::Body>) -> Reply {
        let r = self
            .http
            .post(self.url(path))
            .header(CONTENT_TYPE, "application/json")
            .body(body)
            .send()
            .await
            .expect("sending a POST");
        Reply::read(r).await
    }

    /// The unit the signed-in person works for.
    pub fn unit(&self) -> i64 {
        self.user["unit"].as_i64().expect("a unit account")
    }

    pub fn display_name(&self) -> String {
        self.user["display_name"]
            .as_str()
            .unwrap_or_default()
            .to_string()
    }

    /// Record a ticket; 201 expected.
    pub async fn create_ticket(&self, new: &Value) -> Value {
        self.post("/api/v1/tickets", new)
            .await
            .expect(StatusCode::CREATED)
    }

    pub async fn ticket(&self, id: i64) -> Value {
        self.get(&format!("/api/v1/tickets/{id}"))
            .await
            .expect(StatusCode::OK)
    }

    /// Take an action built on `version`: `command` is `{"action": …, …fields}`.
    pub async fn try_act(&self, id: i64, version: u64, command: Value) -> Reply {
        let mut body = command;
        body["version"] = json!(version);
        self.post(&format!("/api/v1/tickets/{id}/actions"), &body)
            .await
    }

    /// Take an action on the ticket as `ticket` shows it, expecting success; the new view.
    pub async fn act(&self, ticket: &Value, command: Value) -> Value {
        let action = command["action"].as_str().unwrap_or_default().to_string();
        let r = self.try_act(id(ticket), version(ticket), command).await;
        assert_eq!(
            r.status,
            StatusCode::OK,
            "{} could not {action}: {}",
            self.display_name(),
            r.text
        );
        r.body
    }

    /// The number of tickets this person can see.
    pub async fn ticket_total(&self) -> u64 {
        let list = self.get("/api/v1/tickets").await.expect(StatusCode::OK);
        list["total"].as_u64().expect("a total")
    }

    /// A unit's id by its code, from GET /api/v1/units.
    pub async fn unit_by_code(&self, code: &str) -> i64 {
        let units = self.get("/api/v1/units").await.expect(StatusCode::OK);
        units
            .as_array()
            .expect("a list of units")
            .iter()
            .find(|u| u["code"] == code)
            .and_then(|u| u["id"].as_i64())
            .unwrap_or_else(|| panic!("no unit {code}"))
    }

    /// The count of one of my queues, from GET /api/v1/queues; `None` if I do not work it.
    pub async fn queue_count(&self, queue: &str) -> Option<u64> {
        let qs = self.get("/api/v1/queues").await.expect(StatusCode::OK);
        qs["queues"]
            .as_array()
            .expect("a list of queues")
            .iter()
            .find(|q| q["queue"] == queue)
            .and_then(|q| q["count"].as_u64())
    }

    /// Ticket ids in a list response (`{"total", "items"}`).
    pub async fn listed_ids(&self, path: &str) -> Vec<i64> {
        let list = self.get(path).await.expect(StatusCode::OK);
        ids(&list)
    }
}

pub fn ids(list: &Value) -> Vec<i64> {
    list["items"]
        .as_array()
        .expect("a list of tickets")
        .iter()
        .filter_map(|t| t["id"].as_i64())
        .collect()
}

pub fn id(ticket: &Value) -> i64 {
    ticket["id"].as_i64().expect("a ticket id")
}

pub fn version(ticket: &Value) -> u64 {
    ticket["version"].as_u64().expect("a ticket version")
}

pub fn state(ticket: &Value) -> &str {
    ticket["state"].as_str().expect("a ticket state")
}

/// Code of the 公共厕所管理 leaf of the category tree.
pub const PUBLIC_TOILET: &str = "020203";

/// A ticket the zone has signed for (the Rizhao call, dispatched to it): the zone's to handle.
pub async fn signed_ticket(app: &TestApp, zone: &Client) -> Value {
    let operator = app.operator().await;
    let dispatcher = app.dispatcher().await;
    let t = operator.create_ticket(&toilet_without_water()).await;
    let t = dispatcher.act(&t, dispatch_to(zone.unit())).await;
    zone.act(&t, sign_for()).await
}

/// The Rizhao call: the public toilet on 太公三路 has no water. All five elements are there.
pub fn toilet_without_water() -> Value {
    json!({
        "channel": "phone",
        "kind": "complaint",
        "category": PUBLIC_TOILET,
        "caller": {
            "name": "王先生",
            "phone": "13812345678",
            "wants_contact": true
        },
        "elements": {
            "time": "2026-03-02T01:20:00Z",
            "place": {
                "district": "D03",
                "street": "D03S01",
                "community": "D03S01C01",
                "address": "太公三路海滨公园南门公共厕所"
            },
            "person": "来电人及在公园游览的市民游客",
            "event": "太公三路海滨公园南门公共厕所停水，洗手池和便池均无法冲洗，异味较大",
            "demand": "请有关部门尽快恢复公共厕所供水"
        },
        "subject": "太公三路公共厕所停水",
        "record": "来电人反映太公三路海滨公园南门公共厕所停水，无法正常使用，要求尽快恢复供水。"
    })
}

/// The same call from a caller who asked for confidentiality (保密).
pub fn confidential_call() -> Value {
    let mut t = toilet_without_water();
    t["caller"]["confidential"] = json!(true);
    t
}

/// A call from another number.
pub fn call_from(phone: &str) -> Value {
    let mut t = toilet_without_water();
    t["caller"]["phone"] = json!(phone);
    t
}

pub fn dispatch_to(main: i64) -> Value {
    json!({ "action": "dispatch", "main": main, "assisting": [] })
}

pub fn sign_for() -> Value {
    json!({ "action": "sign_for" })
}

pub fn reply(result: &str) -> Value {
    json!({ "action": "reply", "result": result, "resolved": true, "caller_contacted": true })
}

pub fn review_pass() -> Value {
    json!({ "action": "review_pass", "note": "答复规范，符合要求" })
}

pub fn visit(method: &str, satisfaction: &str) -> Value {
    json!({
        "action": "visit",
        "method": method,
        "outcome": "reached",
        "satisfaction": satisfaction,
        "resolved": satisfaction != "unsatisfied"
    })
}

pub fn close() -> Value {
    json!({ "action": "close", "note": "" })
}

/// Put a category in use or retire it (an admin's `PUT /api/v1/categories` of it as it is).
pub async fn set_category_active(admin: &Client, code: &str, active: bool) {
    let all = admin.get("/api/v1/categories").await.expect(StatusCode::OK);
    let mut category = all
        .as_array()
        .and_then(|cats| cats.iter().find(|c| c["code"] == json!(code)))
        .cloned()
        .unwrap_or_else(|| panic!("no category {code}"));
    category["active"] = json!(active);
    admin
        .put("/api/v1/categories", &json!([category]))
        .await
        .expect(StatusCode::NO_CONTENT);
}
