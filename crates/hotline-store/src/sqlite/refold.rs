//! SQLite's passes over stored tickets (see `crate::refold`).
use rusqlite::{params, Connection, OptionalExtension};

use hotline_domain::ticket::Ticket;

use super::{link_units, load_events};
use crate::refold::{self, Pass};
use crate::{from_json, to_json, StoreError, StoreResult};

/// Runs each pass whose mark is set, inside the writer's transaction, committing after each
/// batch.
pub(super) fn refold(conn: &mut Connection) -> StoreResult<()> {
    for pass in &refold::PASSES {
        run(conn, pass)?;
    }
    Ok(())
}

fn run(conn: &mut Connection, pass: &Pass) -> StoreResult<()> {
    let Some(mark) = conn
        .query_row(
            "SELECT value FROM settings WHERE key = ?1",
            params![pass.mark],
            |r| r.get::<_, String>(0),
        )
        .optional()?
    else {
        return Ok(());
    };
    let mut after: i64 = mark
        .parse()
        .map_err(|_| StoreError::Backend(format!("{}: bad mark {mark}", pass.mark)))?;
    let mut changed = 0u64;
    loop {
        let batch: Vec<(i64, String)> = conn
            .prepare_cached("SELECT id, data FROM tickets WHERE id > ?1 ORDER BY id LIMIT ?2")?
            .query_map(params![after, refold::BATCH], |r| {
                Ok((r.get(0)?, r.get(1)?))
            })?
            .collect::<Result<_, _>>()?;
        let Some(last) = batch.last().map(|b| b.0) else {
            conn.execute("DELETE FROM settings WHERE key = ?1", params![pass.mark])?;
            if changed > 0 {
                tracing::info!(tickets = changed, "{}", pass.done);
            }
            return Ok(());
        };
        for (id, data) in &batch {
            let stored: Ticket = from_json(data)?;
            if !(pass.needs_history)(&stored) {
                continue;
            }
            let history = load_events(conn, stored.id)?;
            let Some(t) = pass.refold(&stored, &history) else {
                continue;
            };
            conn.prepare_cached("UPDATE tickets SET data = ?1 WHERE id = ?2")?
                .execute(params![to_json(&t)?, id])?;
            if pass.relink {
                link_units(conn, &t)?;
            }
            changed += 1;
        }
        after = last;
        conn.execute(
            "UPDATE settings SET value = ?1 WHERE key = ?2",
            params![after.to_string(), pass.mark],
        )?;
        if !conn.is_autocommit() {
            conn.execute_batch("COMMIT; BEGIN IMMEDIATE")?;
        }
    }
}
