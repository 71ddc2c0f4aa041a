//! `hotline bench intake`: create N realistic tickets through the full path (validation,
//! numbering, deadline computation, events, projection, commit) into a fresh database, in
//! process or over HTTP with C concurrent clients, and print one JSON line.
mod analyze;
mod html;
mod knowledge;
mod repeats;
mod route;
mod scope;

use std::sync::Arc;
use std::time::Instant;

use anyhow::{bail, Context as _};
use clap::Subcommand;
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use serde_json::{json, Value};

use hotline_domain::org::{Actor, Role};
use hotline_domain::ticket::NewTicket;
use hotline_service::App;

use crate::DbArgs;

/// The folder of real messages the text benchmarks read in place.
#[derive(clap::Args)]
pub struct MessagesDir {
    /// The TipDM 2020 C folder (hot_messages.csv, replies.csv, unlabelled_messages.csv).
    #[arg(
        long = "data",
        env = "HOTLINE_BENCH_DATA",
        default_value = "../shared/data/tipdm2020c"
    )]
    pub path: std::path::PathBuf,
}

#[derive(Subcommand)]
pub enum BenchCommand {
    /// Ticket intake throughput and latency.
    Intake {
        #[arg(long, default_value_t = 10_000)]
        tickets: usize,
        /// A fresh database; defaults to a new SQLite file under ./data/bench/.
        #[arg(long, env = "HOTLINE_BENCH_DATABASE_URL")]
        database_url: Option<String>,
        /// Go through the HTTP API of a server started in this process.
        #[arg(long)]
        http: bool,
        /// Concurrent clients (HTTP) or tasks (in process).
        #[arg(long, default_value_t = 1)]
        concurrency: usize,
    },
    /// Read latency of queues, ticket pages, caller history and search on an existing database
    /// (e.g. one made by `hotline demo --tickets 1000000`), in the service and as the
    /// workstation's HTML pages over HTTP, signed in as a user of each role.
    Pages {
        #[command(flatten)]
        db: DbArgs,
        /// Requests of each kind.
        #[arg(long, default_value_t = 200)]
        requests: usize,
    },
    /// Repeat detection: precision and recall on real messages' labelled pairs, and lookup time
    /// with N synthetic tickets indexed.
    Repeats {
        #[command(flatten)]
        data: MessagesDir,
        /// Synthetic tickets indexed for the lookup timing.
        #[arg(long, default_value_t = 1_000_000)]
        tickets: usize,
        /// Drafts looked up.
        #[arg(long, default_value_t = 2000)]
        queries: usize,
        /// Print this many detected rule-negatives and missed rule-positives to stderr.
        #[arg(long, default_value_t = 0)]
        sample: usize,
        /// Also time the whole use case (index load, `App::repeats`) on this existing database.
        #[arg(long)]
        database_url: Option<String>,
    },
    /// The intake screen's one call (`POST /api/v1/intake/analyze`) on an existing database
    /// (e.g. one made by `hotline demo --tickets 1000000`): latency one at a time and under load.
    Analyze {
        #[command(flatten)]
        db: DbArgs,
        /// Drafts analysed.
        #[arg(long, default_value_t = 1000)]
        requests: usize,
        /// Concurrent tasks for the second pass.
        #[arg(long, default_value_t = 8)]
        concurrency: usize,
    },
    /// Knowledge-base search and recommendation latency with N articles indexed.
    Knowledge {
        #[arg(long, default_value_t = 100_000)]
        articles: usize,
        /// Searches, and as many recommendations.
        #[arg(long, default_value_t = 2_000)]
        queries: usize,
        /// Percent of the synthetic articles written as long documents (a policy with its
        /// cases, near the body's limit of 20,000 characters), spread evenly.
        #[arg(long, default_value_t = 5, value_parser = clap::value_parser!(u8).range(0..=100))]
        long_percent: u8,
        /// A fresh database; defaults to a new SQLite file under ./data/bench/.
        #[arg(long, env = "HOTLINE_BENCH_DATABASE_URL")]
        database_url: Option<String>,
    },
    /// Scope screening (受理范围): the shipped cases (caller records with known answers) and how
    /// many real messages each rule flags; real messages are nearly all ordinary matters a
    /// centre accepts, so the flagged share bounds the false alarms from above.
    Scope {
        #[command(flatten)]
        data: MessagesDir,
        /// A rule file (TOML) instead of the shipped rules.
        #[arg(long)]
        rules: Option<std::path::PathBuf>,
        /// A case file (TOML, `[[case]]` tables) instead of the shipped cases.
        #[arg(long)]
        cases: Option<std::path::PathBuf>,
        /// Print every flagged real message (file, number, rules, words) to stderr.
        #[arg(long)]
        list: bool,
    },
    /// The routing classifier on real messages: stratified k-fold cross-validation (macro-F1
    /// per fold), a raw-text check, training time and µs per ticket.
    Route {
        /// TipDM 2020 C `train.csv` (label, tokens, raw_text).
        #[arg(long, default_value = "../shared/data/tipdm2020c/train.csv")]
        data: std::path::PathBuf,
        #[arg(long, default_value_t = 5)]
        folds: usize,
        #[arg(long, default_value_t = 12345)]
        seed: u64,
        /// Self-train every model with `unlabelled_messages.csv` beside `--data` (subject and
        /// body), as `hotline route train --unlabelled` does. Without it, models train as
        /// `hotline route train` does by default.
        #[arg(long)]
        self_train: bool,
    },
}

pub async fn run(cmd: BenchCommand) -> anyhow::Result<()> {
    match cmd {
        BenchCommand::Intake {
            tickets,
            database_url,
            http,
            concurrency,
        } => intake(tickets, database_url, http, concurrency.max(1)).await,
        BenchCommand::Pages { db, requests } => pages(db, requests.max(1)).await,
        BenchCommand::Analyze {
            db,
            requests,
            concurrency,
        } => analyze::run(db, requests.max(1), concurrency.max(1)).await,
        BenchCommand::Knowledge {
            articles,
            queries,
            long_percent,
            database_url,
        } => knowledge::run(articles, queries.max(1), long_percent, database_url).await,
        BenchCommand::Repeats {
            data,
            tickets,
            queries,
            sample,
            database_url,
        } => repeats::run(database_url, data.path, tickets, queries, sample).await,
        BenchCommand::Route {
            data,
            folds,
            seed,
            self_train,
        } => route::run(&data, folds, seed, self_train),
        BenchCommand::Scope {
            data,
            rules,
            cases,
            list,
        } => scope::run(&data.path, rules.as_deref(), cases.as_deref(), list),
    }
}

/// Latency percentiles (µs) of a benchmark's samples, as JSON.
pub(crate) fn percentiles(mut lat: Vec<u64>) -> Value {
    lat.sort_unstable();
    let p = |q: f64| {
        lat.get(((lat.len() as f64 * q) as usize).min(lat.len().saturating_sub(1)))
            .copied()
            .unwrap_or(0)
    };
    json!({
        "n": lat.len(),
        "p50_us": p(0.5),
        "p95_us": p(0.95),
        "p99_us": p(0.99),
        "max_us": lat.last().copied().unwrap_or(0),
    })
}

fn fresh_sqlite_url() -> String {
    let stamp = chrono::Utc::now().format("%Y%m%d%H%M%S%f");
    format!("sqlite://data/bench/intake-{stamp}.db")
}

async fn intake(
    n: usize,
    url: Option<String>,
    http: bool,
    concurrency: usize,
) -> anyhow::Result<()> {
    let url = url.unwrap_or_else(fresh_sqlite_url);
    let db = DbArgs {
        database_url: url.clone(),
    };
    let app = crate::open_app(&db, hotline_service::Purpose::Serve).await?;
    if app
        .store
        .ticket_count()
        .await
        .map_err(|e| anyhow::anyhow!("{e}"))?
        > 0
    {
        bail!(
            "the benchmark needs a fresh, empty database: {}",
            crate::redact(&url)
        );
    }
    // The demo city's places, units and categories, without history.
    hotline_service::demo::build(&app, 0, 12345, |_| {})
        .await
        .map_err(|e| anyhow::anyhow!("{e}"))?;
    let tickets = Arc::new(sample_tickets(&app, n));
    let (latencies, seconds) = if http {
        over_http(&app, tickets, concurrency).await?
    } else {
        in_process(&app, tickets, concurrency).await?
    };
    let mut lat = latencies;
    lat.sort_unstable();
    let pct = |p: f64| {
        lat.get(((lat.len() as f64 * p) as usize).min(lat.len().saturating_sub(1)))
            .copied()
            .unwrap_or(0)
    };
    let created = app
        .store
        .ticket_count()
        .await
        .map_err(|e| anyhow::anyhow!("{e}"))?;
    if created as usize != n {
        bail!("expected {n} tickets in the database, found {created}");
    }
    println!(
        "{}",
        json!({
            "bench": "intake",
            "backend": app.store.backend(),
            "mode": if http { "http" } else { "in_process" },
            "concurrency": concurrency,
            "tickets": n,
            "seconds": (seconds * 1000.0).round() / 1000.0,
            "tickets_per_sec": (n as f64 / seconds).round(),
            "p50_us": pct(0.50),
            "p99_us": pct(0.99),
        })
    );
    Ok(())
}

/// Realistic new tickets: demo texts, places of the demo city, a mix of channels and kinds.
fn sample_tickets(app: &App, n: usize) -> Vec<NewTicket> {
    let r = app.reference();
    let mut rng = StdRng::seed_from_u64(7);
    let mut leaves: Vec<_> = r.categories.values().filter(|c| c.level == 3).collect();
    leaves.sort_by(|a, b| a.code.cmp(&b.code));
    let mut communities: Vec<_> = r
        .places
        .values()
        .filter(|p| p.kind == hotline_domain::org::PlaceKind::Community)
        .collect();
    communities.sort_by(|a, b| a.code.cmp(&b.code));
    let roads = hotline_service::demo::city::demo_city().roads;
    (0..n)
        .map(|_| {
            let cat = leaves[rng.gen_range(0..leaves.len())];
            let c = communities[rng.gen_range(0..communities.len())];
            hotline_service::demo::sample_ticket(&r, &roads, cat, c, app.now(), &mut rng)
        })
        .collect()
}

async fn in_process(
    app: &App,
    tickets: Arc<Vec<NewTicket>>,
    concurrency: usize,
) -> anyhow::Result<(Vec<u64>, f64)> {
    let operator = Actor {
        roles: vec![Role::Operator],
        ..Actor::system()
    };
    let started = Instant::now();
    let mut tasks = Vec::new();
    for worker in 0..concurrency {
        let (app, tickets, operator) = (app.clone(), tickets.clone(), operator.clone());
        tasks.push(tokio::spawn(async move {
            let mut lat = Vec::new();
            for (i, t) in tickets.iter().enumerate().skip(worker).step_by(concurrency) {
                let t0 = Instant::now();
                app.create_ticket(&operator, t.clone(), Some(format!("bench-{i}")))
                    .await
                    .map_err(|e| anyhow::anyhow!("{e}"))?;
                lat.push(t0.elapsed().as_micros() as u64);
            }
            anyhow::Ok(lat)
        }));
    }
    let mut all = Vec::new();
    for t in tasks {
        all.extend(t.await.context("bench task")??);
    }
    Ok((all, started.elapsed().as_secs_f64()))
}

async fn over_http(
    app: &App,
    tickets: Arc<Vec<NewTicket>>,
    concurrency: usize,
) -> anyhow::Result<(Vec<u64>, f64)> {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .context("binding a local port")?;
    let addr = listener.local_addr()?;
    let router = hotline_web::router(app.clone());
    tokio::spawn(async move { axum::serve(listener, router).await });
    let base = format!("http://{addr}");
    let client = reqwest::Client::builder()
        .pool_max_idle_per_host(concurrency)
        .build()?;
    let login: serde_json::Value = client
        .post(format!("{base}/api/v1/session"))
        .json(&json!({ "username": "demo-operator", "password": hotline_service::demo::DEMO_PASSWORD }))
        .send()
        .await?
        .error_for_status()?
        .json()
        .await?;
    let token = login["token"]
        .as_str()
        .context("login returned no token")?
        .to_string();
    let started = Instant::now();
    let mut tasks = Vec::new();
    for worker in 0..concurrency {
        let (client, tickets, token, base) =
            (client.clone(), tickets.clone(), token.clone(), base.clone());
        tasks.push(tokio::spawn(async move {
            let mut lat = Vec::new();
            for (i, t) in tickets.iter().enumerate().skip(worker).step_by(concurrency) {
                let t0 = Instant::now();
                let resp = client
                    .post(format!("{base}/api/v1/tickets"))
                    .bearer_auth(&token)
                    .header("Idempotency-Key", format!("bench-{i}"))
                    .json(t)
                    .send()
                    .await?;
                if resp.status() != reqwest::StatusCode::CREATED {
                    bail!(
                        "create returned {}: {}",
                        resp.status(),
                        resp.text().await.unwrap_or_default()
                    );
                }
                resp.bytes().await?;
                lat.push(t0.elapsed().as_micros() as u64);
            }
            anyhow::Ok(lat)
        }));
    }
    let mut all = Vec::new();
    for t in tasks {
        all.extend(t.await.context("bench client")??);
    }
    Ok((all, started.elapsed().as_secs_f64()))
}

fn percentile(sorted: &[u64], p: f64) -> u64 {
    sorted
        .get(((sorted.len() as f64 * p) as usize).min(sorted.len().saturating_sub(1)))
        .copied()
        .unwrap_or(0)
}

/// Time `n` calls of one read, as the web layer makes them (view included), in microseconds.
async fn time_reads<F, Fut>(n: usize, mut f: F) -> anyhow::Result<serde_json::Value>
where
    F: FnMut(usize) -> Fut,
    Fut: std::future::Future<Output = anyhow::Result<()>>,
{
    let mut lat = Vec::with_capacity(n);
    for i in 0..n {
        let t0 = Instant::now();
        f(i).await?;
        lat.push(t0.elapsed().as_micros() as u64);
    }
    lat.sort_unstable();
    Ok(
        json!({ "p50_us": percentile(&lat, 0.5), "p95_us": percentile(&lat, 0.95), "p99_us": percentile(&lat, 0.99) }),
    )
}

async fn pages(db: DbArgs, n: usize) -> anyhow::Result<()> {
    use hotline_service::queues::Queue;
    use hotline_store::{Page, TicketFilter};
    let app = crate::open_existing_app(&db, hotline_service::Purpose::Serve).await?;
    let total = app
        .store
        .ticket_count()
        .await
        .map_err(|e| anyhow::anyhow!("{e}"))?;
    if total == 0 {
        bail!("the database has no tickets: run `hotline demo --tickets 1000000 --database-url …` first");
    }
    let users = app
        .store
        .users()
        .await
        .map_err(|e| anyhow::anyhow!("{e}"))?;
    let actor_for = |role: Role| hotline_service::demo::actor_with_role(&users, role);
    let (dispatcher, supervisor, unit) = (
        actor_for(Role::Dispatcher),
        actor_for(Role::Supervisor),
        actor_for(Role::UnitAdmin),
    );
    let mut rng = StdRng::seed_from_u64(11);
    let ids: Vec<i64> = (0..n).map(|_| rng.gen_range(1..=total as i64)).collect();
    let e = |e: hotline_service::ServiceError| anyhow::anyhow!("{e}");
    let ticket_page = time_reads(n, |i| {
        let (app, actor, id) = (app.clone(), dispatcher.clone(), ids[i]);
        async move {
            let t = app
                .ticket(&actor, hotline_domain::ticket::TicketId(id))
                .await
                .map_err(e)?;
            let _ = app.view(&actor, t);
            app.timeline(&actor, hotline_domain::ticket::TicketId(id))
                .await
                .map_err(e)?;
            Ok(())
        }
    })
    .await?;
    let mut queues = serde_json::Map::new();
    for (q, actor) in [
        (Queue::ToDispatch, &dispatcher),
        (Queue::Overdue, &supervisor),
        (Queue::Warning, &supervisor),
        (Queue::Processing, &unit),
        (Queue::ToVisit, &dispatcher),
    ] {
        if !actor.has_any(q.roles()) {
            continue;
        }
        let r = time_reads(n, |_| {
            let (app, actor) = (app.clone(), actor.clone());
            async move {
                let (items, _) = app.queue(&actor, q, 50, 0).await.map_err(e)?;
                for t in items {
                    let _ = app.view(&actor, t);
                }
                Ok(())
            }
        })
        .await?;
        queues.insert(q.as_str().to_string(), r);
    }
    let home = time_reads(n, |_| {
        let (app, actor) = (app.clone(), supervisor.clone());
        async move {
            app.my_queues(&actor).await.map_err(e)?;
            Ok(())
        }
    })
    .await?;
    let phones: Vec<String> = {
        let (sample, _) = app
            .store
            .search(
                &TicketFilter::default(),
                Page {
                    limit: 200,
                    ..Default::default()
                },
            )
            .await
            .map_err(|x| anyhow::anyhow!("{x}"))?;
        sample.into_iter().map(|t| t.caller.phone).collect()
    };
    let history = time_reads(n, |i| {
        let (app, actor, phone) = (
            app.clone(),
            dispatcher.clone(),
            phones[i % phones.len().max(1)].clone(),
        );
        async move {
            app.caller_history(&actor, &phone, Page::default())
                .await
                .map_err(e)?;
            Ok(())
        }
    })
    .await?;
    let html = html::run(&app, &users, total, n).await?;
    println!(
        "{}",
        json!({
            "bench": "pages",
            "backend": app.store.backend(),
            "tickets_in_db": total,
            "requests_each": n,
            "ticket_page": ticket_page,
            "home_queue_counts": home,
            "queues": queues,
            "caller_history": history,
            "html_pages_ms": html,
        })
    );
    Ok(())
}
