//! PostgreSQL's keyword search rows: a ticket's grams in `ticket_grams` (see `crate::grams`),
//! and indexing the tickets of a database from before that table.
use deadpool_postgres::GenericClient;
use hotline_domain::ticket::Ticket;

use crate::filter::search_text;
use crate::grams::{pg_grams, pg_grams_joined};
use crate::{StoreError, StoreResult};

use super::{exec, PgStore};

/// A ticket's search text, its grams (see `crate::grams`) and its creation time, so keyword
/// search can count and order without the ticket row; an update rewrites them only if the text
/// changed, so the GIN index is untouched by the state changes that make most updates.
const INSERT_GRAMS: &str =
    "INSERT INTO ticket_grams (ticket_id, created_at, search_text, grams) VALUES ($1, $2, $3, $4)";
const UPSERT_GRAMS: &str =
    "INSERT INTO ticket_grams (ticket_id, created_at, search_text, grams) VALUES ($1, $2, $3, $4)
    ON CONFLICT (ticket_id) DO UPDATE
    SET created_at = EXCLUDED.created_at, search_text = EXCLUDED.search_text, grams = EXCLUDED.grams
    WHERE ticket_grams.search_text <> EXCLUDED.search_text";
const BACKFILL_GRAMS: &str = "INSERT INTO ticket_grams (ticket_id, created_at, search_text, grams)
    SELECT i, c, t, string_to_array(g, chr(1))
    FROM unnest($1::bigint[], $2::bigint[], $3::text[], $4::text[]) AS u(i, c, t, g)
    ON CONFLICT (ticket_id) DO NOTHING";

/// A new ticket's `ticket_grams` row, in its transaction.
pub(super) async fn insert_grams(tx: &impl GenericClient, t: &Ticket) -> StoreResult<()> {
    write_grams(tx, INSERT_GRAMS, t).await
}

/// A changed ticket's `ticket_grams` row, in its transaction (written only if its text changed).
pub(super) async fn upsert_grams(tx: &impl GenericClient, t: &Ticket) -> StoreResult<()> {
    write_grams(tx, UPSERT_GRAMS, t).await
}

async fn write_grams(tx: &impl GenericClient, sql: &str, t: &Ticket) -> StoreResult<()> {
    let text = search_text(t);
    let grams = pg_grams(&text);
    let created = t.created_at.timestamp_millis();
    exec(tx, sql, &[&t.id.0, &created, &text, &grams]).await?;
    Ok(())
}

impl PgStore {
    /// Indexes for keyword search the tickets written before the grams table existed (migration
    /// 0010 leaves a mark), a batch per transaction, so a large database is indexed without a
    /// huge transaction and an interrupted start resumes where it stopped. The mark's row lock
    /// keeps a second process from doing the same batch.
    pub(super) async fn backfill_grams(&self) -> StoreResult<()> {
        const MARK: &str =
            "SELECT value FROM settings WHERE key = 'search_grams_backfill' FOR UPDATE";
        let mut c = self.client().await?;
        let mut done = 0u64;
        loop {
            let tx = c.transaction().await?;
            let Some(mark) = tx.query_opt(MARK, &[]).await? else {
                return Ok(());
            };
            let mark: String = mark.try_get(0)?;
            let after: i64 = mark.parse().map_err(|_| {
                StoreError::Backend(format!("search_grams_backfill: bad mark {mark}"))
            })?;
            let rows = tx
                .query(
                    "SELECT id, search_text, created_at FROM tickets WHERE id > $1 ORDER BY id LIMIT 5000",
                    &[&after],
                )
                .await?;
            if rows.is_empty() {
                tx.execute(
                    "DELETE FROM settings WHERE key = 'search_grams_backfill'",
                    &[],
                )
                .await?;
                tx.commit().await?;
                if done > 0 {
                    tracing::info!(tickets = done, "search index built");
                }
                return Ok(());
            }
            let mut ids = Vec::with_capacity(rows.len());
            let mut created = Vec::with_capacity(rows.len());
            let mut texts = Vec::with_capacity(rows.len());
            let mut grams = Vec::with_capacity(rows.len());
            for row in &rows {
                ids.push(row.try_get::<_, i64>(0)?);
                let text: &str = row.try_get(1)?;
                grams.push(pg_grams_joined(text));
                texts.push(text);
                created.push(row.try_get::<_, i64>(2)?);
            }
            tx.execute(BACKFILL_GRAMS, &[&ids, &created, &texts, &grams])
                .await?;
            let last = ids.last().copied().unwrap_or(after);
            tx.execute(
                "UPDATE settings SET value = $1 WHERE key = 'search_grams_backfill'",
                &[&last.to_string()],
            )
            .await?;
            tx.commit().await?;
            done += ids.len() as u64;
            if done % 100_000 < 5000 {
                tracing::info!(tickets = done, "building the search index");
            }
        }
    }
}
