//! PostgreSQL's passes over stored tickets (see `crate::refold`).
use hotline_domain::ticket::Ticket;

use super::{exec, link_units, load_events, query, query_opt, PgStore};
use crate::refold::{self, Pass};
use crate::{from_json, to_json, StoreError, StoreResult};

impl PgStore {
    /// Runs each pass whose mark is set.
    pub(super) async fn refold(&self) -> StoreResult<()> {
        for pass in &refold::PASSES {
            self.refold_pass(pass).await?;
        }
        Ok(())
    }

    /// A batch per transaction; the mark's row lock keeps a second process from doing the
    /// same batch.
    async fn refold_pass(&self, pass: &Pass) -> StoreResult<()> {
        const MARK: &str = "SELECT value FROM settings WHERE key = ?1 FOR UPDATE";
        let mut c = self.client().await?;
        let mut changed = 0u64;
        loop {
            let tx = c.transaction().await?;
            let Some(mark) = query_opt(&tx, MARK, &[&pass.mark]).await? else {
                return Ok(());
            };
            let mark: String = mark.try_get(0)?;
            let after: i64 = mark
                .parse()
                .map_err(|_| StoreError::Backend(format!("{}: bad mark {mark}", pass.mark)))?;
            let rows = query(
                &tx,
                // Locked, so a ticket saved meanwhile waits rather than being written over. A save
                // built on a read from before the refold still lands over it (the refold keeps
                // the version), leaving that ticket as it was: stop servers of the older
                // version before migrating, as for migration 0012.
                "SELECT id, data FROM tickets WHERE id > ?1 ORDER BY id LIMIT ?2 FOR NO KEY UPDATE",
                &[&after, &refold::BATCH],
            )
            .await?;
            let Some(last) = rows.last().map(|r| r.try_get::<_, i64>(0)).transpose()? else {
                exec(&tx, "DELETE FROM settings WHERE key = ?1", &[&pass.mark]).await?;
                tx.commit().await?;
                if changed > 0 {
                    tracing::info!(tickets = changed, "{}", pass.done);
                }
                return Ok(());
            };
            for row in &rows {
                let stored: Ticket = from_json(row.try_get(1)?)?;
                if !(pass.needs_history)(&stored) {
                    continue;
                }
                let history = load_events(&tx, stored.id).await?;
                let Some(t) = pass.refold(&stored, &history) else {
                    continue;
                };
                let data = to_json(&t)?;
                exec(
                    &tx,
                    "UPDATE tickets SET data = ?1 WHERE id = ?2",
                    &[&data, &t.id.0],
                )
                .await?;
                if pass.relink {
                    link_units(&tx, &t).await?;
                }
                changed += 1;
            }
            exec(
                &tx,
                "UPDATE settings SET value = ?1 WHERE key = ?2",
                &[&last.to_string(), &pass.mark],
            )
            .await?;
            tx.commit().await?;
        }
    }
}
