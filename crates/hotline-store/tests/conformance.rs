//! The store's one integration-test binary: the conformance story on SQLite (always) and on
//! PostgreSQL (when `HOTLINE_TEST_DATABASE_URL` is set; `scripts/pg.sh` makes one), and a crash
//! test showing that a ticket SQLite reported as created survives a SIGKILL.
use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::Arc;
use std::time::{SystemTime, UNIX_EPOCH};

use chrono::Utc;
use tokio_postgres::{Config, NoTls};

use hotline_domain::calendar::WorkCalendar;
use hotline_domain::lifecycle::create;
use hotline_domain::org::Actor;
use hotline_domain::policy::{Context, Policy};
use hotline_domain::ticket::{Channel, FirstDispatch, NewTicket, Ticket, TicketId, TicketKind};
use hotline_store::conformance::run_all;
use hotline_store::postgres::PgStore;
use hotline_store::sqlite::SqliteStore;
use hotline_store::{CreateTicket, Recorded, Store};

#[path = "conformance/deadlines.rs"]
mod deadlines;
#[path = "conformance/titles.rs"]
mod titles;

const DATABASE_URL: &str = "HOTLINE_TEST_DATABASE_URL";
/// Set on the child process of the crash test: the database file it writes to.
const CRASH_CHILD_DB: &str = "HOTLINE_CRASH_CHILD_DB";

fn unique(prefix: &str) -> String {
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_nanos())
        .unwrap_or_default();
    format!("{prefix}_{}_{nanos}", std::process::id())
}

fn temp_db(name: &str) -> PathBuf {
    std::env::temp_dir().join(format!("{}.db", unique(&format!("hotline_{name}"))))
}

fn remove_db(path: &Path) {
    for suffix in ["", "-wal", "-shm"] {
        let mut file = path.as_os_str().to_owned();
        file.push(suffix);
        let _ = std::fs::remove_file(file);
    }
}

fn open_sqlite(path: &Path) -> SqliteStore {
    SqliteStore::open(&path.to_string_lossy())
        .unwrap_or_else(|e| panic!("open {}: {e}", path.display()))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sqlite() {
    let path = temp_db("conformance");
    run_all(Arc::new(open_sqlite(&path))).await;
    remove_db(&path);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn postgres() {
    let Some(url) = postgres_url() else {
        println!("skipped: set {DATABASE_URL} to run the PostgreSQL conformance test (eval \"$(scripts/pg.sh)\")");
        return;
    };
    let scratch = ScratchDatabase::create(&url).await;
    let store = PgStore::from_config(scratch.config.clone())
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    // Run the story in its own task so that the database is dropped even when it fails.
    let outcome = tokio::spawn(run_all(Arc::new(store))).await;
    scratch.drop_database().await;
    if let Err(e) = outcome {
        std::panic::resume_unwind(e.into_panic());
    }
}

/// The PostgreSQL test database, or `None` outside CI when none is configured.
fn postgres_url() -> Option<String> {
    let url = std::env::var(DATABASE_URL)
        .ok()
        .filter(|u| !u.trim().is_empty());
    if url.is_none() && std::env::var_os("CI").is_some() {
        panic!("{DATABASE_URL} is not set: the PostgreSQL tests must run in CI (eval \"$(scripts/pg.sh)\" starts one)");
    }
    url
}

/// Run `test` on a migrated store in a scratch PostgreSQL database (`config` opens raw
/// connections to it), dropping the database whether it passes or fails; without a database
/// configured (never in CI) the test says it is skipped.
async fn on_scratch_postgres<F, Fut>(what: &str, test: F)
where
    F: FnOnce(PgStore, Config) -> Fut + Send + 'static,
    Fut: std::future::Future<Output = ()> + Send + 'static,
{
    let Some(url) = postgres_url() else {
        println!("skipped: set {DATABASE_URL} to run the PostgreSQL {what}");
        return;
    };
    let scratch = ScratchDatabase::create(&url).await;
    let config = scratch.config.clone();
    let outcome = tokio::spawn(async move {
        let store = PgStore::from_config(config.clone())
            .await
            .unwrap_or_else(|e| panic!("{e}"));
        store.migrate().await.unwrap_or_else(|e| panic!("{e}"));
        test(store, config).await;
    })
    .await;
    scratch.drop_database().await;
    if let Err(e) = outcome {
        std::panic::resume_unwind(e.into_panic());
    }
}

/// A database from before versions were kept: each article's history starts with the version
/// it has, as an earlier change of unknown author, and answers recorded before count for none.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sqlite_article_history_starts_where_the_upgrade_finds_it() {
    use hotline_domain::knowledge::{
        Article, ArticleChange, ArticleKind, ArticleStatus, NewArticle,
    };
    use hotline_store::KnowledgeStore;
    let path = temp_db("article_versions");
    let content = NewArticle {
        title: "居住证办理指南".into(),
        body: "持身份证到社区服务中心登记。".into(),
        kind: ArticleKind::ServiceGuide,
        category: None,
        owner_unit: None,
        valid_from: None,
        valid_to: None,
        keywords: vec![],
    };
    let id = {
        let store = open_sqlite(&path);
        store.migrate().await.unwrap_or_else(|e| panic!("{e}"));
        let made = store
            .insert_articles(vec![Article::new(
                content,
                ArticleStatus::Draft,
                Utc::now(),
            )])
            .await
            .unwrap_or_else(|e| panic!("{e}"));
        let mut edit = made[0].clone();
        edit.body = "持身份证和居住证明到社区服务中心登记。".into();
        store
            .update_article(edit, 1)
            .await
            .unwrap_or_else(|e| panic!("{e}"))
            .id
    };
    {
        let raw = rusqlite::Connection::open(&path).unwrap_or_else(|e| panic!("{e}"));
        raw.busy_timeout(std::time::Duration::from_secs(10))
            .unwrap_or_else(|e| panic!("{e}"));
        raw.execute_batch(
            "DROP INDEX article_uses_version;
             ALTER TABLE article_uses DROP COLUMN article_version;
             DROP TABLE article_versions;
             ALTER TABLE articles DROP COLUMN change_kind;
             ALTER TABLE articles DROP COLUMN changed_by;
             ALTER TABLE articles DROP COLUMN changed_by_name;
             DELETE FROM schema_migrations WHERE version = 17;",
        )
        .unwrap_or_else(|e| panic!("{e}"));
    }
    let store = open_sqlite(&path);
    store.migrate().await.unwrap_or_else(|e| panic!("{e}"));
    let versions = store
        .article_versions(id)
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(versions.len(), 1, "{versions:?}");
    assert_eq!(
        (
            versions[0].version,
            versions[0].change,
            &versions[0].changed_by
        ),
        (2, ArticleChange::Earlier, &None)
    );
    assert_eq!(
        versions[0].content.body,
        "持身份证和居住证明到社区服务中心登记。"
    );
    let article = store.article(id).await.unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(article.map(|a| a.change), Some(ArticleChange::Earlier));
    drop(store);
    remove_db(&path);
}

#[tokio::test]
async fn postgres_search_grams_are_built_for_older_tickets() {
    on_scratch_postgres("backfill test", |store, config| async move {
        for s in ["楼上噪音", "小区停水", "噪音扰民"] {
            store
                .create_ticket(draft(s))
                .await
                .unwrap_or_else(|e| panic!("{e}"));
        }
        // What a database migrated before the grams table existed looks like.
        let (raw, connection) = config
            .connect(NoTls)
            .await
            .unwrap_or_else(|e| panic!("{e}"));
        tokio::spawn(connection);
        raw.batch_execute(
            "DROP TABLE ticket_grams; DELETE FROM schema_migrations WHERE version IN (10, 12)",
        )
        .await
        .unwrap_or_else(|e| panic!("{e}"));
        store.migrate().await.unwrap_or_else(|e| panic!("{e}"));
        let found = |q: &'static str| found_subjects(&store, q);
        assert_eq!(found("噪音").await, ["噪音扰民", "楼上噪音"]);
        assert_eq!(found("停").await, ["小区停水"]);
        assert_eq!(found("扰民 噪").await, ["噪音扰民"]);
        let mark = raw
            .query_opt(
                "SELECT value FROM settings WHERE key = 'search_grams_backfill'",
                &[],
            )
            .await
            .unwrap_or_else(|e| panic!("{e}"));
        assert!(mark.is_none(), "the backfill mark is cleared when done");

        // A database from before migration 0012, its grams table (the old shape) filled as far
        // as the first ticket when the upgrade comes: the rebuild keeps that row, with its
        // ticket's creation time and search text, and the backfill goes on from the mark.
        raw.batch_execute(
            "CREATE TABLE old_grams AS SELECT ticket_id, grams FROM ticket_grams
                 WHERE ticket_id = (SELECT min(id) FROM tickets);
             DROP TABLE ticket_grams;
             ALTER TABLE old_grams RENAME TO ticket_grams;
             INSERT INTO settings (key, value)
                 SELECT 'search_grams_backfill', min(id)::text FROM tickets;
             DELETE FROM schema_migrations WHERE version = 12",
        )
        .await
        .unwrap_or_else(|e| panic!("{e}"));
        store.migrate().await.unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(found("噪音").await, ["噪音扰民", "楼上噪音"]);
        assert_eq!(found("停").await, ["小区停水"]);
        assert_eq!(found("扰民 噪").await, ["噪音扰民"]);
        let copied = raw
            .query_one(
                "SELECT count(*) FROM ticket_grams g JOIN tickets t ON t.id = g.ticket_id
                 WHERE g.created_at = t.created_at AND g.search_text = t.search_text",
                &[],
            )
            .await
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(
            copied.get::<_, i64>(0),
            3,
            "every row agrees with its ticket"
        );
    })
    .await;
}

#[tokio::test]
async fn a_failed_postgres_connect_names_the_host_but_not_the_password() {
    // Port 1 on the loopback: nothing listens there, so the connection is refused at once.
    let Err(e) = hotline_store::open("postgres://hotline:s3cret-pw@127.0.0.1:1/hotline").await
    else {
        panic!("connected to 127.0.0.1:1");
    };
    let message = e.to_string();
    assert!(message.contains("127.0.0.1:1/hotline"), "{message}");
    assert!(!message.contains("s3cret-pw"), "{message}");
}

/// The subjects of the tickets a keyword search finds, sorted; the search's total must agree.
async fn found_subjects(store: &impl Store, text: &str) -> Vec<String> {
    let filter = hotline_store::TicketFilter {
        text: Some(text.into()),
        ..Default::default()
    };
    let (tickets, total) = store
        .search(&filter, hotline_store::Page::default())
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    let mut subjects: Vec<String> = tickets.into_iter().map(|t| t.subject).collect();
    subjects.sort();
    assert_eq!(total as usize, subjects.len());
    subjects
}

/// A database of its own for one test run, made and dropped through the server's `postgres` db.
struct ScratchDatabase {
    admin: tokio_postgres::Client,
    name: String,
    config: Config,
}

impl ScratchDatabase {
    async fn create(url: &str) -> Self {
        let mut config: Config = url
            .parse()
            .unwrap_or_else(|e| panic!("{DATABASE_URL} does not parse: {e}"));
        let mut admin_config = config.clone();
        admin_config.dbname("postgres");
        let (admin, connection) = admin_config.connect(NoTls).await.unwrap_or_else(|e| {
            panic!("cannot connect to the postgres database of {DATABASE_URL}: {e:?}")
        });
        tokio::spawn(connection);
        let name = unique("hotline_test");
        // A UTF-8 character type, as a production database has (the test cluster's own is C):
        // case folding by it must not make PostgreSQL find what SQLite does not.
        admin
            .batch_execute(&format!(
                "CREATE DATABASE {name} TEMPLATE template0 ENCODING 'UTF8' \
                 LC_CTYPE 'C.UTF-8' LC_COLLATE 'C.UTF-8'"
            ))
            .await
            .unwrap_or_else(|e| panic!("CREATE DATABASE: {e:?}"));
        config.dbname(&name);
        ScratchDatabase {
            admin,
            name,
            config,
        }
    }

    async fn drop_database(self) {
        let sql = format!("DROP DATABASE IF EXISTS {} WITH (FORCE)", self.name);
        if let Err(e) = self.admin.batch_execute(&sql).await {
            eprintln!("could not drop the test database {}: {e:?}", self.name);
        }
    }
}

#[test]
fn sqlite_commit_survives_sigkill() {
    const WANTED: usize = 5;
    let path = temp_db("crash");
    let exe = std::env::current_exe().unwrap_or_else(|e| panic!("current_exe: {e}"));
    let mut child = Command::new(exe)
        .args([
            "--exact",
            "crash_child_creates_tickets_until_killed",
            "--ignored",
            "--nocapture",
            "--test-threads=1",
        ])
        .env(CRASH_CHILD_DB, &path)
        .stdout(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("spawn the child: {e}"));
    let stdout = child
        .stdout
        .take()
        .unwrap_or_else(|| panic!("the child has no stdout"));
    let mut numbers = Vec::new();
    for line in BufReader::new(stdout).lines() {
        let Ok(line) = line else { break };
        if let Some(number) = line.strip_prefix("created ") {
            numbers.push(number.to_string());
            if numbers.len() == WANTED {
                break;
            }
        }
    }
    // SIGKILL: no destructor, no checkpoint, likely in the middle of the next create.
    child
        .kill()
        .unwrap_or_else(|e| panic!("kill the child: {e}"));
    let _ = child.wait();
    assert_eq!(
        numbers.len(),
        WANTED,
        "the child stopped before reporting {WANTED} tickets"
    );

    let runtime = tokio::runtime::Runtime::new().unwrap_or_else(|e| panic!("runtime: {e}"));
    runtime.block_on(async {
        let store = open_sqlite(&path);
        for number in &numbers {
            let ticket = store
                .ticket_by_number(number)
                .await
                .unwrap_or_else(|e| panic!("{e}"));
            let ticket = ticket
                .unwrap_or_else(|| panic!("ticket {number} was reported created but is gone"));
            let events = store
                .events(ticket.id)
                .await
                .unwrap_or_else(|e| panic!("{e}"));
            assert!(!events.is_empty(), "ticket {number} lost its events");
        }
    });
    remove_db(&path);
}

/// The child of `sqlite_commit_survives_sigkill`: creates tickets and reports each one only after
/// `create_ticket` returned, until it is killed.
#[tokio::test]
#[ignore = "run as a child process by sqlite_commit_survives_sigkill"]
async fn crash_child_creates_tickets_until_killed() {
    let Some(path) = std::env::var_os(CRASH_CHILD_DB) else {
        return;
    };
    let store = open_sqlite(Path::new(&path));
    store.migrate().await.unwrap_or_else(|e| panic!("{e}"));
    // A bound, so that an orphaned child cannot run forever.
    for _ in 0..100_000 {
        let created = store
            .create_ticket(draft(""))
            .await
            .unwrap_or_else(|e| panic!("{e}"));
        let mut out = std::io::stdout().lock();
        let _ = writeln!(out, "created {}", created.ticket().number);
        let _ = out.flush();
    }
}

/// A draft ticket with this subject, created now by the system.
fn draft(subject: &str) -> CreateTicket {
    let (calendar, policy, actor) = (WorkCalendar::china(), Policy::default(), Actor::system());
    let now = Utc::now();
    let ctx = Context {
        now,
        calendar: &calendar,
        policy: &policy,
    };
    let intake = NewTicket {
        channel: Some(Channel::Phone),
        kind: Some(TicketKind::Help),
        subject: subject.into(),
        draft: true,
        ..NewTicket::default()
    };
    let (ticket, events) =
        create(intake, TicketId(0), String::new(), &actor, &ctx).unwrap_or_else(|e| panic!("{e}"));
    let recorded = Recorded {
        at: now,
        actor: actor.user,
        actor_name: actor.name.clone(),
    };
    CreateTicket {
        idempotency: None,
        ticket,
        events,
        recorded,
        intake: None,
        check_places: false,
    }
}

/// A database from before the search index: its tickets are indexed when the store migrates it.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sqlite_search_index_is_built_for_older_tickets() {
    let path = temp_db("backfill");
    let subjects = ["楼上噪音", "小区停水", "噪音扰民"];
    {
        let store = open_sqlite(&path);
        store.migrate().await.unwrap_or_else(|e| panic!("{e}"));
        for s in subjects {
            store
                .create_ticket(draft(s))
                .await
                .unwrap_or_else(|e| panic!("{e}"));
        }
    }
    // What a database migrated before the index existed looks like.
    let raw = rusqlite::Connection::open(&path).unwrap_or_else(|e| panic!("{e}"));
    raw.execute_batch(
        "DROP TABLE ticket_grams; DELETE FROM schema_migrations WHERE version IN (6, 8)",
    )
    .unwrap_or_else(|e| panic!("{e}"));
    drop(raw);
    let store = open_sqlite(&path);
    store.migrate().await.unwrap_or_else(|e| panic!("{e}"));
    let found = |q: &'static str| found_subjects(&store, q);
    assert_eq!(found("噪音").await, ["噪音扰民", "楼上噪音"]);
    assert_eq!(found("停").await, ["小区停水"]);
    assert_eq!(found("扰民 噪").await, ["噪音扰民"]);
    // The mark is gone, so opening again does not index anything twice.
    store.migrate().await.unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(found("噪音").await.len(), 2);

    // A word in more tickets than the store looks up one by one (3,000) is searched through
    // the newest-first index instead: the same answers, in the same order.
    let many = 3100;
    let mut creates = tokio::task::JoinSet::new();
    for i in 0..many {
        let store = store.clone();
        let subject = if i % 2 == 0 {
            "路灯不亮"
        } else {
            "路灯闪烁 噪音"
        };
        creates.spawn(async move { store.create_ticket(draft(subject)).await });
    }
    while let Some(done) = creates.join_next().await {
        done.unwrap_or_else(|e| panic!("{e}"))
            .unwrap_or_else(|e| panic!("{e}"));
    }
    let newest = |q: &'static str, states: Vec<hotline_domain::ticket::TicketState>| {
        let filter = hotline_store::TicketFilter {
            text: Some(q.into()),
            states,
            ..Default::default()
        };
        let store = &store;
        async move {
            let page = hotline_store::Page {
                limit: 20,
                offset: 10,
                order: hotline_store::Order::Newest,
            };
            let (tickets, total) = store
                .search(&filter, page)
                .await
                .unwrap_or_else(|e| panic!("{e}"));
            let count = store.count(&filter).await.unwrap_or_else(|e| panic!("{e}"));
            assert_eq!(total, count, "search total and count of {q}");
            // Stores keep creation times to the millisecond; tickets created in the same one
            // (these are created concurrently) are in id order.
            let keys: Vec<_> = tickets
                .iter()
                .map(|t| (t.created_at.timestamp_millis(), t.id))
                .collect();
            let mut sorted = keys.clone();
            sorted.sort_by(|a, b| b.cmp(a));
            assert_eq!(keys, sorted, "newest first: {q}");
            assert!(tickets.iter().all(|t| t.subject.contains(q)), "{q}");
            (tickets.len(), total)
        }
    };
    let draft_state = vec![hotline_domain::ticket::TicketState::Draft];
    assert_eq!(newest("路灯", vec![]).await, (20, many as u64));
    assert_eq!(newest("路灯", draft_state.clone()).await, (20, many as u64));
    assert_eq!(newest("灯闪", vec![]).await, (20, many as u64 / 2));
    assert_eq!(newest("噪音", draft_state).await, (20, many as u64 / 2 + 2));
    remove_db(&path);
}

/// A ticket as a database from before parts could end holds it: every part going, and no
/// verdict kept on its first dispatch.
fn as_stored_before_parts_ended(t: &Ticket) -> String {
    assert_eq!(
        t.first_dispatch,
        Some(FirstDispatch::Failed),
        "sent to another unit after a wrong merge was undone"
    );
    let mut old = t.clone();
    for a in &mut old.assignments {
        a.ended_at = None;
    }
    old.first_dispatch = None;
    serde_json::to_string(&old).unwrap_or_else(|e| panic!("{e}"))
}

/// What a unit finds among its work now.
async fn current_work(store: &impl Store, unit: i64) -> u64 {
    let filter = hotline_store::TicketFilter {
        current_unit: Some(hotline_domain::org::UnitId(unit)),
        ..Default::default()
    };
    store.count(&filter).await.unwrap_or_else(|e| panic!("{e}"))
}

/// Opening a store made old by `as_stored_before_parts_ended` gives `t` back as its history
/// folds it: unit 701's part ended, unit 702's going, the first dispatch failed.
async fn opened_again(store: &impl Store, t: &Ticket) {
    assert_eq!(
        current_work(store, 701).await,
        1,
        "as the old database had it"
    );
    store.migrate().await.unwrap_or_else(|e| panic!("{e}"));
    let stored = store.ticket(t.id).await.unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        stored.as_ref(),
        Some(t),
        "the parts as the history folds them"
    );
    assert_eq!(current_work(store, 701).await, 0);
    assert_eq!(current_work(store, 702).await, 1);
}

/// A database from before units' parts could end: opening it folds each ticket's history again
/// and stores the parts, so a unit that gave a ticket back no longer acts on it.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sqlite_parts_are_folded_again_for_older_tickets() {
    let path = temp_db("parts");
    let t = {
        let store = open_sqlite(&path);
        store.migrate().await.unwrap_or_else(|e| panic!("{e}"));
        hotline_store::conformance::ticket_with_an_ended_part(Arc::new(store)).await
    };
    let raw = rusqlite::Connection::open(&path).unwrap_or_else(|e| panic!("{e}"));
    raw.execute(
        "UPDATE tickets SET data = ?1 WHERE id = ?2",
        rusqlite::params![as_stored_before_parts_ended(&t), t.id.0],
    )
    .unwrap_or_else(|e| panic!("{e}"));
    raw.execute_batch(
        "UPDATE ticket_units SET taking_part = 1;
         INSERT INTO settings (key, value) VALUES ('parts_refold', '0');
         INSERT INTO settings (key, value) VALUES ('first_dispatch_refold', '0');",
    )
    .unwrap_or_else(|e| panic!("{e}"));
    drop(raw);
    let store = open_sqlite(&path);
    opened_again(&store, &t).await;
    // The mark is gone: opening again reads nothing.
    store.migrate().await.unwrap_or_else(|e| panic!("{e}"));
    drop(store);
    remove_db(&path);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn postgres_parts_are_folded_again_for_older_tickets() {
    on_scratch_postgres("parts test", |store, config| async move {
        let shared = Arc::new(store.clone());
        let t = hotline_store::conformance::ticket_with_an_ended_part(shared).await;
        let (raw, connection) = config
            .connect(NoTls)
            .await
            .unwrap_or_else(|e| panic!("{e}"));
        tokio::spawn(connection);
        raw.execute(
            "UPDATE tickets SET data = $1 WHERE id = $2",
            &[&as_stored_before_parts_ended(&t), &t.id.0],
        )
        .await
        .unwrap_or_else(|e| panic!("{e}"));
        raw.batch_execute(
            "UPDATE ticket_units SET taking_part = TRUE;
             INSERT INTO settings (key, value) VALUES ('parts_refold', '0');
             INSERT INTO settings (key, value) VALUES ('first_dispatch_refold', '0');",
        )
        .await
        .unwrap_or_else(|e| panic!("{e}"));
        opened_again(&store, &t).await;
        let mark = raw
            .query_opt(
                "SELECT value FROM settings WHERE key IN ('parts_refold', 'first_dispatch_refold')",
                &[],
            )
            .await
            .unwrap_or_else(|e| panic!("{e}"));
        assert!(mark.is_none(), "the marks are cleared when done");
    })
    .await;
}
