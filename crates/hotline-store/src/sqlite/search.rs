//! SQLite's keyword search: the bigram table's rows (see `crate::grams`), indexing the tickets
//! of a database from before the table, and planning a search by the size of its id sets.
use rusqlite::{params, params_from_iter, Connection, OptionalExtension};

use crate::filter::Compiled;
use crate::{StoreError, StoreResult};

pub(super) const INSERT_GRAMS: &str = "INSERT INTO ticket_grams (rowid, grams) VALUES (?1, ?2)";
pub(super) const DELETE_GRAMS: &str = "DELETE FROM ticket_grams WHERE rowid = ?1";
const BACKFILL_MARK: &str = "SELECT value FROM settings WHERE key = 'search_grams_backfill'";

/// Indexes for keyword search the tickets written before the search index existed. Runs inside
/// the writer's transaction, committing after each batch, so a large database is indexed without
/// a huge transaction and an interrupted start resumes where it stopped.
pub(super) fn backfill_grams(conn: &mut Connection) -> StoreResult<()> {
    let Some(mark) = conn
        .query_row(BACKFILL_MARK, [], |r| r.get::<_, String>(0))
        .optional()?
    else {
        return Ok(());
    };
    let mut after: i64 = mark
        .parse()
        .map_err(|_| StoreError::Backend(format!("search_grams_backfill: bad mark {mark}")))?;
    let mut done = 0u64;
    loop {
        let batch: Vec<(i64, String)> = conn
            .prepare_cached(
                "SELECT id, search_text FROM tickets WHERE id > ?1 ORDER BY id LIMIT 5000",
            )?
            .query_map(params![after], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<Result<_, _>>()?;
        if batch.is_empty() {
            conn.execute(
                "DELETE FROM settings WHERE key = 'search_grams_backfill'",
                [],
            )?;
            if done > 0 {
                tracing::info!(tickets = done, "search index built");
            }
            return Ok(());
        }
        {
            let mut insert = conn.prepare_cached(INSERT_GRAMS)?;
            for (id, text) in &batch {
                insert.execute(params![id, crate::grams::document(text)])?;
            }
        }
        after = batch.last().map_or(after, |b| b.0);
        done += batch.len() as u64;
        conn.execute(
            "UPDATE settings SET value = ?1 WHERE key = 'search_grams_backfill'",
            params![after.to_string()],
        )?;
        if !conn.is_autocommit() {
            conn.execute_batch("COMMIT; BEGIN IMMEDIATE")?;
        }
        if done % 100_000 < 5000 {
            tracing::info!(tickets = done, "building the search index");
        }
    }
}

/// Above this many tickets, an id set (a text's matches, a unit's tickets) only checks rows and
/// leaves the lead to an index of the order or of the other filters, rather than having each of
/// its tickets looked up: with a million tickets, a word in 16,000 of them is 50 rows into the
/// newest-first index, and reading 16,000 rows is 30 ms.
const LOOKUP_AT_MOST: i64 = 3000;

/// Sizes the filter's id sets and plans the query by them. Returns the search's total when the
/// id sets are the whole filter: the size of their intersection, counted from the smallest
/// without reading a ticket.
pub(super) fn plan_id_sets(c: &Connection, compiled: &mut Compiled) -> StoreResult<Option<u64>> {
    let mut sizes = Vec::with_capacity(compiled.id_sets.len());
    for set in &compiled.id_sets {
        let sql = format!("SELECT count(*) FROM ({})", set.with_placeholder("?1"));
        let n: i64 = c
            .prepare_cached(&sql)?
            .query_row(params![set.value], |r| r.get(0))?;
        sizes.push(n);
    }
    for (i, n) in sizes.iter().enumerate() {
        if *n > LOOKUP_AT_MOST {
            compiled.check_only(i);
        }
    }
    if !compiled.only_id_sets {
        return Ok(None);
    }
    let mut order: Vec<usize> = (0..sizes.len()).collect();
    order.sort_by_key(|&i| sizes[i]);
    let smallest = &compiled.id_sets[order[0]];
    if order.len() == 1 {
        return Ok(Some(sizes[order[0]] as u64));
    }
    let mut sql = format!(
        "SELECT count(*) FROM ({}) AS s WHERE",
        smallest.with_placeholder("?1")
    );
    let mut values = vec![&smallest.value];
    for (k, &i) in order[1..].iter().enumerate() {
        let set = &compiled.id_sets[i];
        let glue = if k == 0 { "" } else { " AND" };
        values.push(&set.value);
        let inner = set.with_placeholder(&format!("?{}", values.len()));
        sql.push_str(&format!("{glue} s.id IN ({inner})"));
    }
    let n: i64 = c
        .prepare_cached(&sql)?
        .query_row(params_from_iter(values), |r| r.get(0))?;
    Ok(Some(n as u64))
}
