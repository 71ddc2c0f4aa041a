//! A database from before the return window stopped counting as a deadline, before a save
//! dropped the link of a unit a ticket no longer involves, and before a reply ended a request
//! for more time: the upgrade writes the deadline columns again, drops the links undone merges
//! left behind and the requests left waiting from an earlier round.
use std::sync::Arc;

use tokio_postgres::NoTls;

use hotline_domain::clock::ClockKind;
use hotline_domain::org::UnitId;
use hotline_domain::ticket::{ExtensionRequest, Ticket};
use hotline_store::Store;

use super::{on_scratch_postgres, open_sqlite, remove_db, temp_db};

/// The ticket's earliest due and warning times (milliseconds) among its running clocks, with
/// the return window or without it.
fn deadlines(t: &Ticket, with_window: bool) -> (Option<i64>, Option<i64>) {
    let running: Vec<_> = (t.clocks.iter())
        .filter(|(k, c)| {
            (with_window || *k != ClockKind::ReturnWindow) && c.running_since.is_some()
        })
        .map(|(_, c)| c)
        .collect();
    let due = running
        .iter()
        .filter_map(|c| c.due_at)
        .map(|d| d.timestamp_millis())
        .min();
    let warn = running
        .iter()
        .filter_map(|c| c.warn_at)
        .map(|w| w.timestamp_millis())
        .min();
    (due, warn)
}

/// The ticket as its unit's sign-for leaves it (the sign-for clock stopped, the return window
/// and the handling clock running) and as an older version kept it: a request for more time
/// from before its handling clock started still waiting. The ticket as the upgrade should
/// leave it, and the stored data.
fn signed(t: &Ticket) -> (Ticket, String) {
    let mut signed = t.clone();
    if let Some(c) = signed.clocks.sign_for.as_mut() {
        c.stopped_at = c.running_since.take();
    }
    let mut stored = signed.clone();
    let started = signed.clocks.handling.as_ref().map(|c| c.started_at);
    stored.extension_request = started.map(|at| ExtensionRequest {
        unit: UnitId(702),
        working_days: 2,
        reason: "上一轮申请".into(),
        at: at - chrono::Duration::days(1),
    });
    let data = serde_json::to_string(&stored).unwrap_or_else(|e| panic!("{e}"));
    (signed, data)
}

/// The ticket's deadline columns as an older version wrote them, a link to a unit it never had,
/// and the upgrade undone (`version`).
fn before_the_upgrade(t: &Ticket, versions: &str) -> String {
    let (due, warn) = deadlines(t, true);
    let (due, warn) = (due.unwrap_or_default(), warn.unwrap_or_default());
    format!(
        "UPDATE tickets SET next_due = {due}, next_warn = {warn} WHERE id = {id};
         INSERT INTO ticket_units (unit_id, ticket_id, taking_part) VALUES (999, {id}, TRUE);
         DROP INDEX ticket_units_ticket;
         DELETE FROM schema_migrations WHERE version IN ({versions});",
        id = t.id.0
    )
}

/// A unit's work and everything it sees.
async fn seen_by(store: &impl Store, unit: i64) -> (u64, u64) {
    let unit = Some(hotline_domain::org::UnitId(unit));
    let current = hotline_store::TicketFilter {
        current_unit: unit,
        ..Default::default()
    };
    let involved = hotline_store::TicketFilter {
        involved_unit: unit,
        ..Default::default()
    };
    let count = |f| async move { store.count(&f).await.unwrap_or_else(|e| panic!("{e}")) };
    (count(current).await, count(involved).await)
}

fn overdue_at(ms: i64) -> hotline_store::TicketFilter {
    hotline_store::TicketFilter {
        due_before: chrono::DateTime::from_timestamp_millis(ms),
        ..Default::default()
    }
}

/// Opening the store made old by `before_the_upgrade`.
async fn upgraded(store: &impl Store, t: &Ticket) {
    let (old_due, _) = deadlines(t, true);
    let (due, warn) = deadlines(t, false);
    let (old_due, due) = (old_due.unwrap_or_default(), due.unwrap_or_default());
    assert!(old_due < due && warn.is_some(), "{:?}", t.clocks);
    let overdue = |ms| async move {
        store
            .count(&overdue_at(ms))
            .await
            .unwrap_or_else(|e| panic!("{e}"))
    };
    assert_eq!(overdue(old_due + 1).await, 1, "as the old database had it");
    assert_eq!(
        seen_by(store, 999).await,
        (1, 1),
        "as the old database had it"
    );
    store.migrate().await.unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        overdue(old_due + 1).await,
        0,
        "past the window, not overdue"
    );
    assert_eq!(overdue(due).await, 0);
    assert_eq!(
        overdue(due + 1).await,
        1,
        "past the handling clock's due time"
    );
    assert_eq!(seen_by(store, 999).await, (0, 0), "the stray link is gone");
    assert_eq!(
        seen_by(store, 702).await,
        (1, 1),
        "the unit holding it keeps it"
    );
    assert_eq!(
        seen_by(store, 701).await,
        (0, 1),
        "as does the one whose part ended"
    );
    let stored = store.ticket(t.id).await.unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        stored.as_ref(),
        Some(t),
        "the stale request is gone, the rest as it was"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sqlite_deadlines_and_unit_links_are_written_again_for_older_tickets() {
    let path = temp_db("deadlines");
    let t = {
        let store = open_sqlite(&path);
        store.migrate().await.unwrap_or_else(|e| panic!("{e}"));
        hotline_store::conformance::ticket_with_an_ended_part(Arc::new(store)).await
    };
    let (t, data) = signed(&t);
    let raw = rusqlite::Connection::open(&path).unwrap_or_else(|e| panic!("{e}"));
    raw.execute(
        "UPDATE tickets SET data = ?1 WHERE id = ?2",
        rusqlite::params![data, t.id.0],
    )
    .unwrap_or_else(|e| panic!("{e}"));
    raw.execute_batch(&before_the_upgrade(&t, "19, 20"))
        .unwrap_or_else(|e| panic!("{e}"));
    drop(raw);
    let store = open_sqlite(&path);
    upgraded(&store, &t).await;
    drop(store);
    remove_db(&path);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn postgres_deadlines_and_unit_links_are_written_again_for_older_tickets() {
    on_scratch_postgres("deadlines test", |store, config| async move {
        let t =
            hotline_store::conformance::ticket_with_an_ended_part(Arc::new(store.clone())).await;
        let (raw, connection) = config
            .connect(NoTls)
            .await
            .unwrap_or_else(|e| panic!("{e}"));
        tokio::spawn(connection);
        let (t, data) = signed(&t);
        raw.execute(
            "UPDATE tickets SET data = $1 WHERE id = $2",
            &[&data, &t.id.0],
        )
        .await
        .unwrap_or_else(|e| panic!("{e}"));
        raw.batch_execute(&before_the_upgrade(&t, "22, 23"))
            .await
            .unwrap_or_else(|e| panic!("{e}"));
        upgraded(&store, &t).await;
    })
    .await;
}
