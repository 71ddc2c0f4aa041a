//! `hotline bench analyze`: the intake screen's one call (`App::analyze`) on an existing
//! database (e.g. `hotline demo --tickets 1000000`). A routing model is trained from the
//! database's closed tickets first when none is active (its time and held-out figures are
//! reported); the repeat index is loaded; then drafts made from sampled tickets (their phone and
//! text, half with the place chosen and half with the place left to the text, half with the
//! category chosen) are analysed one after another, and then by concurrent tasks.
use std::sync::Arc;
use std::time::Instant;

use anyhow::Context as _;
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use serde_json::{json, Value};

use hotline_domain::org::{Actor, Role};
use hotline_domain::ticket::TicketId;
use hotline_service::analyze::AnalyzeRequest;
use hotline_service::repeats::{PlaceCodes, INDEX_WINDOW_DAYS};
use hotline_service::routing::train::TrainFromDb;
use hotline_service::App;

use super::percentiles;
use crate::DbArgs;

fn fail(e: impl std::fmt::Display) -> anyhow::Error {
    anyhow::anyhow!("{e}")
}

async fn drafts(app: &App, n: usize) -> anyhow::Result<Vec<AnalyzeRequest>> {
    let total = app.store.ticket_count().await.map_err(fail)?;
    anyhow::ensure!(
        total > 0,
        "the database has no tickets: run `hotline demo` first"
    );
    let mut rng = StdRng::seed_from_u64(41);
    let mut out = Vec::with_capacity(n);
    while out.len() < n {
        let id = TicketId(rng.gen_range(1..=total as i64));
        let Some(t) = app.store.ticket(id).await.map_err(fail)? else {
            continue;
        };
        let place = &t.elements.place;
        let with_place = rng.gen_bool(0.5);
        out.push(AnalyzeRequest {
            subject: t.subject.clone(),
            text: t.record.clone(),
            phone: Some(t.caller.phone.clone()),
            category: if rng.gen_bool(0.5) {
                t.category.clone()
            } else {
                None
            },
            place: if with_place {
                PlaceCodes {
                    district: place.district.clone(),
                    street: place.street.clone(),
                    community: place.community.clone(),
                }
            } else {
                PlaceCodes::default()
            },
            ..AnalyzeRequest::default()
        });
    }
    Ok(out)
}

pub async fn run(db: DbArgs, requests: usize, concurrency: usize) -> anyhow::Result<()> {
    let app = crate::open_existing_app(&db, hotline_service::Purpose::Serve).await?;
    let tickets = app.store.ticket_count().await.map_err(fail)?;
    let mut training = Value::Null;
    if app.route_model().is_none() {
        let started = Instant::now();
        let report = app
            .train_route_model(&Actor::system(), TrainFromDb::default())
            .await
            .map_err(fail)
            .context("training a routing model from the database")?;
        training = json!({
            "seconds": (started.elapsed().as_secs_f64() * 10.0).round() / 10.0,
            "tickets": report.tickets,
            "classes": report.classes,
            "holdout": report.holdout,
        });
    }
    let model = app.route_model().map(|m| m.info.version);

    let started = Instant::now();
    let since = app.now() - chrono::Duration::days(INDEX_WINDOW_DAYS);
    let indexed = app
        .repeat_index()
        .load(&app.store, since)
        .await
        .map_err(fail)?;
    let index_seconds = started.elapsed().as_secs_f64();

    let users = app.store.users().await.map_err(fail)?;
    let operator = hotline_service::demo::actor_with_role(&users, Role::Operator);
    let drafts = Arc::new(drafts(&app, requests).await?);
    // Warm up: the first calls build caches (segmenter dictionaries, statement caches).
    for d in drafts.iter().take(20) {
        app.analyze(&operator, d.clone()).await.map_err(fail)?;
    }
    let mut sequential = Vec::with_capacity(drafts.len());
    let (mut with_category, mut with_unit) = (0usize, 0usize);
    for d in drafts.iter() {
        let t = Instant::now();
        let a = app.analyze(&operator, d.clone()).await.map_err(fail)?;
        sequential.push(t.elapsed().as_micros() as u64);
        with_category += usize::from(!a.routing.categories.is_empty());
        with_unit += usize::from(!a.routing.units.is_empty());
    }

    let started = Instant::now();
    let mut tasks = Vec::new();
    for k in 0..concurrency {
        let (app, operator, drafts) = (app.clone(), operator.clone(), drafts.clone());
        tasks.push(tokio::spawn(async move {
            let mut lat = Vec::new();
            for d in drafts.iter().skip(k).step_by(concurrency) {
                let t = Instant::now();
                app.analyze(&operator, d.clone()).await.map_err(fail)?;
                lat.push(t.elapsed().as_micros() as u64);
            }
            anyhow::Ok(lat)
        }));
    }
    let mut concurrent = Vec::new();
    for t in tasks {
        concurrent.extend(t.await??);
    }
    let seconds = started.elapsed().as_secs_f64();

    println!(
        "{}",
        json!({
            "bench": "analyze",
            "backend": app.store.backend(),
            "tickets": tickets,
            "model": model,
            "training": training,
            "repeat_index": { "tickets": indexed, "seconds": (index_seconds * 10.0).round() / 10.0 },
            "drafts_with_categories": with_category,
            "drafts_with_units": with_unit,
            "sequential": percentiles(sequential),
            "concurrent": {
                "tasks": concurrency,
                "per_sec": (drafts.len() as f64 / seconds).round(),
                "latency": percentiles(concurrent),
            },
        })
    );
    Ok(())
}
