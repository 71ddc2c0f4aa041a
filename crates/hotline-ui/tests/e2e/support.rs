//! The browser harness: the real router (`hotline_web::router`, what the binary serves) on a
//! free localhost port over a fresh SQLite database holding the demo city and a small history,
//! ChromeDriver on another free port, and headless Chromium driven through fantoccini.
//!
//! Without Chromium and ChromeDriver the tests fail under `CI` (the suite must run there) and
//! are skipped with a message elsewhere.
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::{Arc, OnceLock};
use std::time::Duration;

use chrono::{DateTime, NaiveDate, Utc};
use fantoccini::elements::Element;
use fantoccini::{Client, ClientBuilder, Locator};
use serde_json::json;
use tempfile::TempDir;

use hotline_domain::calendar::CHINA_STANDARD_TIME;
use hotline_domain::org::{UnitId, User};
use hotline_domain::ticket::TicketId;
use hotline_service::App;

pub const PASSWORD: &str = "demo12345";

/// Monday 2 March 2026, 09:00 in China: a working week with official calendar data.
pub fn start_of_test_time() -> DateTime<Utc> {
    NaiveDate::from_ymd_opt(2026, 3, 2)
        .and_then(|d| d.and_hms_opt(9, 0, 0))
        .and_then(|t| t.and_local_timezone(CHINA_STANDARD_TIME).single())
        .expect("a valid local time")
        .to_utc()
}

fn find_program(names: &[&str]) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    for dir in std::env::split_paths(&path) {
        for n in names {
            let p = dir.join(n);
            if p.is_file() {
                return Some(p);
            }
        }
    }
    None
}

/// Chromium and ChromeDriver, or why the tests cannot run.
fn browser_programs() -> Result<(PathBuf, PathBuf), String> {
    let chromium = find_program(&["chromium", "chromium-browser", "google-chrome"])
        .ok_or("Chromium not found (Debian: apt-get install chromium)")?;
    let driver = find_program(&["chromedriver"])
        .ok_or("ChromeDriver not found (Debian: apt-get install chromium-driver)")?;
    Ok((chromium, driver))
}

/// Browser tests share two cores with everything else: one browser at a time.
pub fn browser_slot() -> &'static tokio::sync::Semaphore {
    static SLOT: OnceLock<tokio::sync::Semaphore> = OnceLock::new();
    SLOT.get_or_init(|| tokio::sync::Semaphore::new(1))
}

/// A running server with its own database, plus a browser session pointed at it.
pub struct Ui {
    pub base: String,
    pub app: App,
    offset: Arc<AtomicI64>,
    pub browser: Client,
    driver: Child,
    _profile: TempDir,
    _dir: TempDir,
    _slot: tokio::sync::SemaphorePermit<'static>,
}

impl Drop for Ui {
    /// ChromeDriver runs in a process group of its own, with the Chromium it starts: the whole
    /// group goes, also when a test panics before it could close the session (killing only the
    /// driver left every test's browser running).
    fn drop(&mut self) {
        let group = format!("-{}", self.driver.id());
        let _ = Command::new("kill")
            .args(["-KILL", "--", &group])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status();
        let _ = self.driver.kill();
        let _ = self.driver.wait();
    }
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free port")
}

/// The real router over a fresh demo city with a small history, on a free port.
pub struct Server {
    pub base: String,
    pub app: App,
    pub dir: TempDir,
    /// Seconds the server's clock runs ahead of the test's start plus real time elapsed.
    pub offset: Arc<AtomicI64>,
}

pub async fn serve() -> Server {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let url = format!("sqlite://{}", dir.path().join("hotline.db").display());
    let store = hotline_store::open(&url)
        .await
        .expect("opening the SQLite store");
    let base_time = start_of_test_time();
    let started = std::time::Instant::now();
    let offset = Arc::new(AtomicI64::new(0));
    let ahead = offset.clone();
    let app = App::start(store)
        .await
        .expect("starting the app")
        .with_clock(move || {
            base_time
                + chrono::TimeDelta::milliseconds(started.elapsed().as_millis() as i64)
                + chrono::TimeDelta::seconds(ahead.load(Ordering::SeqCst))
        });
    hotline_service::demo::build(&app, 40, 12345, |_| {})
        .await
        .expect("building the demo city");
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("binding a free port");
    let base = format!("http://{}", listener.local_addr().expect("a local address"));
    let router = hotline_web::router(app.clone());
    tokio::spawn(async move { axum::serve(listener, router).await });

    Server {
        base,
        app,
        dir,
        offset,
    }
}

/// Start everything; `None` (with a printed reason) when the browser is missing outside CI.
pub async fn start() -> Option<Ui> {
    let (chromium, driver_path) = match browser_programs() {
        Ok(p) => p,
        Err(why) => {
            if std::env::var_os("CI").is_some() {
                panic!("browser tests must run in CI, but: {why}");
            }
            eprintln!("SKIPPED browser test: {why}; scripts/test.sh installs them under CI=true");
            return None;
        }
    };
    let slot = browser_slot().acquire().await.expect("the browser slot");

    let Server {
        base,
        app,
        dir,
        offset,
    } = serve().await;

    let port = free_port();
    let driver = Command::new(&driver_path)
        .arg(format!("--port={port}"))
        .process_group(0)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap_or_else(|e| panic!("starting {}: {e}", driver_path.display()));
    let profile = tempfile::tempdir().expect("a browser profile directory");
    let mut caps = serde_json::Map::new();
    caps.insert(
        "goog:chromeOptions".into(),
        json!({
            "binary": chromium.display().to_string(),
            "args": [
                "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--window-size=1366,768", "--lang=zh-CN",
                format!("--user-data-dir={}", profile.path().display()),
            ]
        }),
    );
    let connector = hyper_util::client::legacy::connect::HttpConnector::new();
    let mut browser = None;
    let mut last_error = String::new();
    for _ in 0..50 {
        match ClientBuilder::new(connector.clone())
            .capabilities(caps.clone())
            .connect(&format!("http://127.0.0.1:{port}"))
            .await
        {
            Ok(c) => {
                browser = Some(c);
                break;
            }
            Err(e) => {
                last_error = e.to_string();
                tokio::time::sleep(Duration::from_millis(200)).await;
            }
        }
    }
    let browser =
        browser.unwrap_or_else(|| panic!("starting Chromium through ChromeDriver: {last_error}"));
    Some(Ui {
        base,
        app,
        offset,
        browser,
        driver,
        _profile: profile,
        _dir: dir,
        _slot: slot,
    })
}

/// Where screenshots go: `target/screenshots/`.
pub fn screenshot_dir() -> PathBuf {
    let tmp = PathBuf::from(env!("CARGO_TARGET_TMPDIR"));
    let dir = tmp.parent().unwrap_or(Path::new(".")).join("screenshots");
    std::fs::create_dir_all(&dir).expect("creating target/screenshots");
    dir
}

impl Ui {
    /// Move the server's clock forward (sessions expire by it too: sign in again after).
    pub fn advance(&self, by: chrono::TimeDelta) {
        self.offset.fetch_add(by.num_seconds(), Ordering::SeqCst);
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    pub async fn goto(&self, path: &str) {
        self.browser
            .goto(&self.url(path))
            .await
            .unwrap_or_else(|e| panic!("opening {path}: {e}"));
    }

    /// Sign in through the login page (after signing out whoever was signed in).
    pub async fn login(&self, username: &str) {
        self.browser
            .delete_all_cookies()
            .await
            .expect("clearing cookies");
        self.goto("/login").await;
        self.fill("#username", username).await;
        self.fill("#password", PASSWORD).await;
        self.click("#login-submit").await;
        self.wait_for("header.top").await;
    }

    pub async fn find(&self, css: &str) -> Element {
        match self
            .browser
            .wait()
            .at_most(Duration::from_secs(10))
            .for_element(Locator::Css(css))
            .await
        {
            Ok(e) => e,
            Err(e) => {
                let path = self.current_path().await;
                let body = self.text("body").await;
                panic!("no element {css} on {path}: {e}\n{body}")
            }
        }
    }

    pub async fn wait_for(&self, css: &str) -> Element {
        self.find(css).await
    }

    /// Wait for an element whose text contains `text`.
    pub async fn wait_for_text(&self, css: &str, text: &str) {
        let deadline = std::time::Instant::now() + Duration::from_secs(10);
        loop {
            if let Ok(els) = self.browser.find_all(Locator::Css(css)).await {
                for e in els {
                    if e.text().await.is_ok_and(|t| t.contains(text)) {
                        return;
                    }
                }
            }
            if std::time::Instant::now() > deadline {
                let body = self.text("body").await;
                panic!(
                    "no {css} containing 「{text}」 on {}:\n{body}",
                    self.current_path().await
                );
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// Wait until the address (path and query) holds `part`: the page a form asked for, not
    /// the one before it, which may carry the same elements.
    pub async fn wait_for_path(&self, part: &str) {
        let deadline = std::time::Instant::now() + Duration::from_secs(10);
        while !self.current_path().await.contains(part) {
            if std::time::Instant::now() > deadline {
                panic!(
                    "the address never held {part}: {}",
                    self.current_path().await
                );
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    pub async fn current_path(&self) -> String {
        self.browser
            .current_url()
            .await
            .map(|u| {
                u.path().to_string() + u.query().map(|q| format!("?{q}")).as_deref().unwrap_or("")
            })
            .unwrap_or_default()
    }

    pub async fn fill(&self, css: &str, text: &str) {
        let e = self.find(css).await;
        e.clear().await.ok();
        e.send_keys(text)
            .await
            .unwrap_or_else(|err| panic!("typing into {css}: {err}"));
    }

    pub async fn select(&self, css: &str, value: &str) {
        self.find(css)
            .await
            .select_by_value(value)
            .await
            .unwrap_or_else(|e| panic!("choosing {value} in {css}: {e}"));
    }

    /// The current value of a form field (what the person typed or chose).
    pub async fn value(&self, css: &str) -> String {
        self.find(css)
            .await
            .prop("value")
            .await
            .ok()
            .flatten()
            .unwrap_or_default()
    }

    pub async fn click(&self, css: &str) {
        self.find(css)
            .await
            .click()
            .await
            .unwrap_or_else(|e| panic!("clicking {css}: {e}"));
    }

    pub async fn text(&self, css: &str) -> String {
        match self.browser.find(Locator::Css(css)).await {
            Ok(e) => e.text().await.unwrap_or_default(),
            Err(_) => String::new(),
        }
    }

    pub async fn html(&self) -> String {
        self.browser.source().await.unwrap_or_default()
    }

    pub async fn screenshot(&self, name: &str) {
        let png = self.browser.screenshot().await.expect("a screenshot");
        let path = screenshot_dir().join(format!("{name}.png"));
        std::fs::write(&path, png).unwrap_or_else(|e| panic!("writing {}: {e}", path.display()));
    }

    /// The ticket id of the ticket page the browser is on.
    pub async fn ticket_id_here(&self) -> i64 {
        let path = self.current_path().await;
        path.strip_prefix("/tickets/")
            .and_then(|rest| rest.split(['?', '/']).next())
            .and_then(|id| id.parse().ok())
            .unwrap_or_else(|| panic!("not on a ticket page: {path}"))
    }

    /// The state code the ticket page shows.
    /// Wait (up to 10 s) until the ticket page shows `state`: right after an action the page
    /// may still show the old state, or be between two versions of it.
    pub async fn expect_state(&self, state: &str) {
        let deadline = std::time::Instant::now() + Duration::from_secs(10);
        loop {
            let here = self.state_here().await;
            if here == state {
                return;
            }
            if std::time::Instant::now() > deadline {
                panic!("the ticket is {here:?}, not {state:?}");
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    pub async fn state_here(&self) -> String {
        self.find("#ticket-state")
            .await
            .attr("data-state")
            .await
            .ok()
            .flatten()
            .unwrap_or_default()
    }

    /// Unfold an action's form on the ticket page.
    pub async fn open_action(&self, action: &str) {
        let details = self.find(&format!("details[data-action='{action}']")).await;
        if details.attr("open").await.ok().flatten().is_none() {
            self.click(&format!("details[data-action='{action}'] summary"))
                .await;
        }
    }

    /// Take an action from the ticket page: fill its form with `fields` (CSS inside the
    /// action's form → value; `select:` prefix chooses an option), press `button`.
    pub async fn act(&self, action: &str, fields: &[(&str, &str)], button: Option<&str>) {
        self.open_action(action).await;
        let form = format!("details[data-action='{action}'] form");
        for (css, value) in fields {
            match css.strip_prefix("select:") {
                Some(sel) => self.select(&format!("{form} {sel}"), value).await,
                None => self.fill(&format!("{form} {css}"), value).await,
            }
        }
        let btn = match button {
            Some(b) => format!("{form} {b}"),
            None => format!("{form} button[type=submit]"),
        };
        // A flash the page already shows (the last action's) is not this action's answer: wait
        // for the page it is on to go before looking for one.
        let before = self
            .browser
            .find(Locator::Css("p.flash, p.error"))
            .await
            .ok();
        self.click(&btn).await;
        if let Some(old) = before {
            let deadline = std::time::Instant::now() + Duration::from_secs(10);
            while old.text().await.is_ok() && std::time::Instant::now() < deadline {
                tokio::time::sleep(Duration::from_millis(50)).await;
            }
        }
        self.wait_for("p.flash, p.error").await;
        if let Ok(e) = self.browser.find(Locator::Css("p.error")).await {
            let msg = e.text().await.unwrap_or_default();
            panic!("action {action} was refused: {msg}");
        }
    }

    pub async fn user(&self, username: &str) -> User {
        self.app
            .store
            .users()
            .await
            .expect("users")
            .into_iter()
            .find(|u| u.username == username)
            .unwrap_or_else(|| panic!("no user {username}"))
    }

    pub async fn unit_of(&self, username: &str) -> UnitId {
        self.user(username).await.unit.expect("a unit account")
    }

    pub async fn ticket(&self, id: i64) -> hotline_domain::ticket::Ticket {
        self.app
            .store
            .ticket(TicketId(id))
            .await
            .expect("the store")
            .expect("the ticket")
    }
}
