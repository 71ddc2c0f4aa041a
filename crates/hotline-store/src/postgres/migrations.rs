//! PostgreSQL's schema migrations: append-only, applied in order in one transaction.
use deadpool_postgres::Object;

use crate::StoreResult;

const MIGRATIONS: &[(i64, &str)] = &[
    (1, include_str!("../../migrations/postgres/0001_init.sql")),
    (
        2,
        include_str!("../../migrations/postgres/0002_ticket_id_sequence.sql"),
    ),
    (
        3,
        include_str!("../../migrations/postgres/0003_queue_indexes.sql"),
    ),
    (
        4,
        include_str!("../../migrations/postgres/0004_knowledge.sql"),
    ),
    (
        5,
        include_str!("../../migrations/postgres/0005_ticket_places.sql"),
    ),
    (
        6,
        include_str!("../../migrations/postgres/0006_routing.sql"),
    ),
    (
        7,
        include_str!("../../migrations/postgres/0007_search_grams.sql"),
    ),
    (
        8,
        include_str!("../../migrations/postgres/0008_warning_queue_index.sql"),
    ),
    (
        9,
        include_str!("../../migrations/postgres/0009_drop_unused_warn_index.sql"),
    ),
    (
        10,
        include_str!("../../migrations/postgres/0010_ticket_grams_table.sql"),
    ),
    (
        11,
        include_str!("../../migrations/postgres/0011_category_range_index.sql"),
    ),
    (
        12,
        include_str!("../../migrations/postgres/0012_ticket_grams_search.sql"),
    ),
    (
        13,
        include_str!("../../migrations/postgres/0013_place_aliases.sql"),
    ),
    (
        14,
        include_str!("../../migrations/postgres/0014_place_active.sql"),
    ),
    (
        15,
        include_str!("../../migrations/postgres/0015_idempotency_fingerprint.sql"),
    ),
    (
        16,
        include_str!("../../migrations/postgres/0016_direct_answer.sql"),
    ),
    (
        17,
        include_str!("../../migrations/postgres/0017_article_revision.sql"),
    ),
    (
        18,
        include_str!("../../migrations/postgres/0018_ticket_merged.sql"),
    ),
    (
        19,
        include_str!("../../migrations/postgres/0019_ticket_units_taking_part.sql"),
    ),
    (
        20,
        include_str!("../../migrations/postgres/0020_article_versions.sql"),
    ),
    (
        21,
        include_str!("../../migrations/postgres/0021_article_titles.sql"),
    ),
    (
        22,
        include_str!("../../migrations/postgres/0022_deadlines_and_unit_links.sql"),
    ),
    (
        23,
        include_str!("../../migrations/postgres/0023_stale_extension_requests.sql"),
    ),
    (
        24,
        include_str!("../../migrations/postgres/0024_first_dispatch.sql"),
    ),
    (
        25,
        include_str!("../../migrations/postgres/0025_ticket_updated_index.sql"),
    ),
];
// Key 0 of hotline's advisory-lock namespace 12345 guards migrations.
const MIGRATIONS_TABLE: &str = "SELECT pg_advisory_xact_lock(12345, 0);
    CREATE TABLE IF NOT EXISTS schema_migrations (version BIGINT PRIMARY KEY)";
const MIGRATION_DONE: &str = "SELECT version FROM schema_migrations WHERE version = $1";
const MIGRATION_RECORD: &str = "INSERT INTO schema_migrations (version) VALUES ($1)";

/// Applies the migrations not yet recorded. DDL is transactional in PostgreSQL: they commit
/// together or not at all, and the lock makes a second process wait and then find them done.
pub(super) async fn apply(c: &mut Object) -> StoreResult<()> {
    let tx = c.transaction().await?;
    tx.batch_execute(MIGRATIONS_TABLE).await?;
    for &(version, ddl) in MIGRATIONS {
        let done = tx.query_opt(MIGRATION_DONE, &[&version]).await?;
        if done.is_none() {
            tx.batch_execute(ddl).await?;
            tx.execute(MIGRATION_RECORD, &[&version]).await?;
        }
    }
    tx.commit().await?;
    Ok(())
}
