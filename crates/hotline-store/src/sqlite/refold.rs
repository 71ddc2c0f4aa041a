//! SQLite's pass over tickets stored before units' parts could end (see `crate::refold`).
use rusqlite::{params, Connection, OptionalExtension};

use hotline_domain::ticket::Ticket;

use super::{link_units, load_events};
use crate::refold;
use crate::{from_json, to_json, StoreError, StoreResult};

/// Stores again the parts of the tickets written before parts could end (see `crate::refold`),
/// inside the writer's transaction, committing after each batch.
pub(super) fn refold_parts(conn: &mut Connection) -> StoreResult<()> {
    let mark_sql = format!("SELECT value FROM settings WHERE key = '{}'", refold::MARK);
    let Some(mark) = conn
        .query_row(&mark_sql, [], |r| r.get::<_, String>(0))
        .optional()?
    else {
        return Ok(());
    };
    let mut after: i64 = mark
        .parse()
        .map_err(|_| StoreError::Backend(format!("{}: bad mark {mark}", refold::MARK)))?;
    let mut changed = 0u64;
    loop {
        let batch: Vec<(i64, String)> = conn
            .prepare_cached("SELECT id, data FROM tickets WHERE id > ?1 ORDER BY id LIMIT ?2")?
            .query_map(params![after, refold::BATCH], |r| {
                Ok((r.get(0)?, r.get(1)?))
            })?
            .collect::<Result<_, _>>()?;
        let Some(last) = batch.last().map(|b| b.0) else {
            conn.execute("DELETE FROM settings WHERE key = ?1", params![refold::MARK])?;
            if changed > 0 {
                tracing::info!(tickets = changed, "units' parts stored again");
            }
            return Ok(());
        };
        for (id, data) in &batch {
            let stored: Ticket = from_json(data)?;
            if !refold::may_have_ended_parts(&stored) {
                continue;
            }
            let history = load_events(conn, stored.id)?;
            if let Some(t) = refold::refolded(&stored, &history) {
                conn.prepare_cached("UPDATE tickets SET data = ?1 WHERE id = ?2")?
                    .execute(params![to_json(&t)?, id])?;
                link_units(conn, &t)?;
                changed += 1;
            }
        }
        after = last;
        conn.execute(
            "UPDATE settings SET value = ?1 WHERE key = ?2",
            params![after.to_string(), refold::MARK],
        )?;
        if !conn.is_autocommit() {
            conn.execute_batch("COMMIT; BEGIN IMMEDIATE")?;
        }
    }
}
