//! The harness: a `Sandbox` (a temporary directory, its database URL and the `hotline` binary run
//! inside it), a `Server` guard that kills its process when dropped, and a small HTTP client.
use std::io::{BufRead, BufReader, Read};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use reqwest::StatusCode;
use serde_json::{json, Value};
use tempfile::TempDir;

/// The password of every demo account.
pub const DEMO_PASSWORD: &str = "demo12345";

/// How long one command may run before the test gives up on it.
const COMMAND_TIMEOUT: Duration = Duration::from_secs(180);

/// Environment the binary reads: cleared so the developer's shell cannot steer the tests.
const HOTLINE_ENV: [&str; 4] = [
    "HOTLINE_DATABASE_URL",
    "HOTLINE_BIND",
    "HOTLINE_PASSWORD",
    "HOTLINE_BENCH_DATABASE_URL",
];

/// A temporary directory the binary runs in, with the database URL the test uses.
pub struct Sandbox {
    pub dir: TempDir,
    pub url: String,
}

impl Sandbox {
    /// A fresh SQLite file (not created yet) in a new temporary directory.
    pub fn sqlite() -> Sandbox {
        let dir = tempfile::tempdir().expect("a temporary directory");
        let url = format!("sqlite://{}", dir.path().join("hotline.db").display());
        Sandbox { dir, url }
    }

    /// A temporary directory around a database given by URL.
    pub fn with_url(url: String) -> Sandbox {
        let dir = tempfile::tempdir().expect("a temporary directory");
        Sandbox { dir, url }
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    /// `hotline <args…>`, run in the sandbox; no `--database-url` is added.
    pub fn run(&self, args: &[&str]) -> Run {
        run(self.path(), args)
    }

    /// `hotline <args…> --database-url <the sandbox's URL>`.
    pub fn run_db(&self, args: &[&str]) -> Run {
        let mut all = args.to_vec();
        all.extend(["--database-url", self.url.as_str()]);
        self.run(&all)
    }

    /// `hotline user add` with these roles (and unit, if any); the run, not yet checked.
    pub fn add_user(&self, username: &str, password: &str, roles: &str, unit: Option<&str>) -> Run {
        let mut args = vec![
            "user",
            "add",
            "--username",
            username,
            "--password",
            password,
            "--roles",
            roles,
        ];
        if let Some(code) = unit {
            args.extend(["--unit", code]);
        }
        self.run_db(&args)
    }

    /// `hotline serve --bind 127.0.0.1:0 --database-url <url> <extra…>`, once it listens.
    pub fn serve(&self, extra: &[&str]) -> Server {
        let mut args = vec![
            "serve",
            "--bind",
            "127.0.0.1:0",
            "--database-url",
            self.url.as_str(),
        ];
        args.extend_from_slice(extra);
        Server::start(self.path(), &args)
    }

    /// The store the binary wrote, opened directly, to count what is in it.
    pub async fn store(&self) -> hotline_store::DynStore {
        hotline_store::open(&self.url)
            .await
            .expect("opening the sandbox's store")
    }
}

fn command(dir: &Path, args: &[&str]) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_hotline"));
    c.args(args).current_dir(dir).stdin(Stdio::null());
    for var in HOTLINE_ENV {
        c.env_remove(var);
    }
    // Set on purpose: a user's error must stay a readable message even with backtraces on.
    c.env("RUST_BACKTRACE", "1");
    c
}

/// A finished run of the binary.
#[derive(Debug)]
pub struct Run {
    pub args: String,
    pub success: bool,
    pub code: Option<i32>,
    pub stdout: String,
    pub stderr: String,
    pub elapsed: Duration,
}

impl Run {
    /// The one line a benchmark prints on stdout, as JSON (blank lines aside).
    #[track_caller]
    pub fn json_line(&self) -> serde_json::Value {
        let lines: Vec<&str> = self
            .stdout
            .lines()
            .filter(|l| !l.trim().is_empty())
            .collect();
        assert_eq!(lines.len(), 1, "expected one line on stdout:\n{self}");
        serde_json::from_str(lines[0]).unwrap_or_else(|e| panic!("not JSON ({e}):\n{self}"))
    }

    /// The run, after checking that it exited 0.
    #[track_caller]
    pub fn succeeded(self) -> Run {
        assert!(self.success, "`hotline {}` failed:\n{self}", self.args);
        self
    }

    /// The run, after checking that it failed the way a user error should: a non-zero exit, a
    /// message on stderr, no panic and no backtrace.
    #[track_caller]
    pub fn failed(self) -> Run {
        assert!(!self.success, "`hotline {}` succeeded:\n{self}", self.args);
        assert_eq!(
            self.code,
            Some(1),
            "`hotline {}` did not exit with 1:\n{self}",
            self.args
        );
        assert!(
            !self.stderr.trim().is_empty(),
            "`hotline {}` failed silently:\n{self}",
            self.args
        );
        for sign in ["panicked", "stack backtrace", "RUST_BACKTRACE"] {
            assert!(
                !self.stderr.to_lowercase().contains(&sign.to_lowercase()),
                "`hotline {}` printed {sign:?}:\n{self}",
                self.args
            );
        }
        self
    }

    /// Check that stdout mentions every one of `parts`.
    #[track_caller]
    pub fn prints(self, parts: &[&str]) -> Run {
        for part in parts {
            assert!(
                self.stdout.contains(part),
                "`hotline {}` did not print {part:?}:\n{self}",
                self.args
            );
        }
        self
    }

    /// Check that stderr mentions every one of `parts`.
    #[track_caller]
    pub fn says(self, parts: &[&str]) -> Run {
        for part in parts {
            assert!(
                self.stderr.contains(part),
                "`hotline {}` did not mention {part:?}:\n{self}",
                self.args
            );
        }
        self
    }
}

impl std::fmt::Display for Run {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "exit {:?} after {:?}\n--- stdout\n{}\n--- stderr\n{}",
            self.code, self.elapsed, self.stdout, self.stderr
        )
    }
}

/// Run the binary to completion (killing it after `COMMAND_TIMEOUT`).
pub fn run(dir: &Path, args: &[&str]) -> Run {
    let started = Instant::now();
    let child = command(dir, args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("starting the hotline binary");
    let mut guard = ChildGuard(child);
    let stdout = drain(guard.0.stdout.take());
    let stderr = drain(guard.0.stderr.take());
    let status = loop {
        match guard.0.try_wait().expect("waiting for hotline") {
            Some(status) => break status,
            None if started.elapsed() > COMMAND_TIMEOUT => {
                panic!(
                    "`hotline {}` still running after {COMMAND_TIMEOUT:?}",
                    args.join(" ")
                )
            }
            None => std::thread::sleep(Duration::from_millis(10)),
        }
    };
    Run {
        args: args.join(" "),
        success: status.success(),
        code: status.code(),
        stdout: stdout.join().unwrap_or_default(),
        stderr: stderr.join().unwrap_or_default(),
        elapsed: started.elapsed(),
    }
}

/// Read a pipe to its end on a thread, so the child never blocks on a full pipe.
fn drain(pipe: Option<impl Read + Send + 'static>) -> JoinHandle<String> {
    std::thread::spawn(move || {
        let mut text = String::new();
        if let Some(mut p) = pipe {
            let mut bytes = Vec::new();
            let _ = p.read_to_end(&mut bytes);
            text = String::from_utf8_lossy(&bytes).into_owned();
        }
        text
    })
}

/// Kills and reaps its process when dropped, also when a test fails half-way.
struct ChildGuard(Child);

impl Drop for ChildGuard {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// A running `hotline serve`, killed when dropped.
pub struct Server {
    child: ChildGuard,
    /// `http://127.0.0.1:<port>`, from the line the server printed.
    pub base: String,
    /// What it printed to stdout up to and including the "listening on" line.
    pub stdout: String,
    stderr: Arc<Mutex<String>>,
}

impl Server {
    fn start(dir: &Path, args: &[&str]) -> Server {
        let child = command(dir, args)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("starting hotline serve");
        let mut server = Server {
            child: ChildGuard(child),
            base: String::new(),
            stdout: String::new(),
            stderr: Arc::new(Mutex::new(String::new())),
        };
        if let Some(err) = server.child.0.stderr.take() {
            let log = server.stderr.clone();
            std::thread::spawn(move || {
                for line in BufReader::new(err).lines().map_while(Result::ok) {
                    if let Ok(mut log) = log.lock() {
                        log.push_str(&line);
                        log.push('\n');
                    }
                }
            });
        }
        let lines = stdout_lines(server.child.0.stdout.take());
        let started = Instant::now();
        loop {
            let left = COMMAND_TIMEOUT.saturating_sub(started.elapsed());
            match lines.recv_timeout(left) {
                Ok(line) => {
                    server.stdout.push_str(&line);
                    server.stdout.push('\n');
                    if let Some(at) = line.find("listening on http://") {
                        let rest = &line[at + "listening on ".len()..];
                        server.base = rest
                            .split_whitespace()
                            .next()
                            .unwrap_or_default()
                            .to_string();
                        break;
                    }
                }
                Err(RecvTimeoutError::Timeout) => panic!(
                    "`hotline {}` did not start listening:\n{}",
                    args.join(" "),
                    server.output()
                ),
                Err(RecvTimeoutError::Disconnected) => {
                    let _ = server.child.0.wait();
                    std::thread::sleep(Duration::from_millis(100));
                    panic!(
                        "`hotline {}` exited before listening:\n{}",
                        args.join(" "),
                        server.output()
                    )
                }
            }
        }
        assert!(
            !server.base.ends_with(":0"),
            "the server printed the requested port 0, not the one it bound:\n{}",
            server.stdout
        );
        server
    }

    fn output(&self) -> String {
        let stderr = self.stderr.lock().map(|s| s.clone()).unwrap_or_default();
        format!("--- stdout\n{}--- stderr\n{stderr}", self.stdout)
    }

    /// SIGKILL (no shutdown, no flush) and reap the process.
    pub fn kill(&mut self) {
        self.child.0.kill().expect("killing the server");
        self.child.0.wait().expect("reaping the server");
    }

    pub fn anonymous(&self) -> Api {
        Api {
            base: self.base.clone(),
            http: reqwest::Client::new(),
            token: None,
        }
    }

    /// Sign in over HTTP; panics unless it works.
    pub async fn login(&self, username: &str, password: &str) -> Api {
        let (status, body) = self.try_login(username, password).await;
        assert_eq!(status, StatusCode::OK, "signing in as {username}: {body}");
        let token = body["token"].as_str().expect("a session token").to_string();
        Api {
            token: Some(token),
            ..self.anonymous()
        }
    }

    pub async fn try_login(&self, username: &str, password: &str) -> (StatusCode, Value) {
        self.anonymous()
            .post(
                "/api/v1/session",
                &json!({ "username": username, "password": password }),
            )
            .await
    }
}

fn stdout_lines(pipe: Option<impl Read + Send + 'static>) -> Receiver<String> {
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        if let Some(p) = pipe {
            // Keep reading after the receiver is gone, so the server never blocks on stdout.
            for line in BufReader::new(p).lines().map_while(Result::ok) {
                let _ = tx.send(line);
            }
        }
    });
    rx
}

/// A JSON client for one server, signed in or not.
#[derive(Clone)]
pub struct Api {
    pub base: String,
    pub http: reqwest::Client,
    pub token: Option<String>,
}

impl Api {
    fn authed(&self, r: reqwest::RequestBuilder) -> reqwest::RequestBuilder {
        match &self.token {
            Some(t) => r.bearer_auth(t),
            None => r,
        }
    }

    pub async fn get(&self, path: &str) -> (StatusCode, Value) {
        let r = self.authed(self.http.get(format!("{}{path}", self.base)));
        read(r.send().await.expect("sending a GET")).await
    }

    pub async fn post(&self, path: &str, body: &Value) -> (StatusCode, Value) {
        self.try_post(path, body).await.expect("sending a POST")
    }

    /// POST, with a failed connection as an error rather than a panic (the server may be dead).
    pub async fn try_post(&self, path: &str, body: &Value) -> reqwest::Result<(StatusCode, Value)> {
        let r = self.authed(self.http.post(format!("{}{path}", self.base)).json(body));
        let response = r.send().await?;
        let status = response.status();
        let text = response.text().await?;
        Ok((
            status,
            serde_json::from_str(&text).unwrap_or(Value::String(text)),
        ))
    }

    /// GET, expecting 200; the body.
    pub async fn get_ok(&self, path: &str) -> Value {
        let (status, body) = self.get(path).await;
        assert_eq!(status, StatusCode::OK, "GET {path}: {body}");
        body
    }
}

async fn read(r: reqwest::Response) -> (StatusCode, Value) {
    let status = r.status();
    let text = r.text().await.unwrap_or_default();
    (
        status,
        serde_json::from_str(&text).unwrap_or(Value::String(text)),
    )
}

/// A complete call (all five elements) that needs no gazetteer: a fresh database has none.
pub fn a_call(phone: &str) -> Value {
    json!({
        "channel": "phone",
        "kind": "complaint",
        "category": "020203",
        "caller": { "name": "王先生", "phone": phone, "wants_contact": true },
        "elements": {
            "time": "2026-03-02T01:20:00Z",
            "place": { "address": "太公三路海滨公园南门公共厕所" },
            "person": "来电人及在公园游览的市民游客",
            "event": "太公三路海滨公园南门公共厕所停水，洗手池和便池均无法冲洗",
            "demand": "请有关部门尽快恢复公共厕所供水"
        },
        "subject": "太公三路公共厕所停水",
        "record": "来电人反映太公三路海滨公园南门公共厕所停水，要求尽快恢复供水。"
    })
}
