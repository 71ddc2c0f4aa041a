//! The SQLite schema's migrations, in order (the SQL is in `migrations/sqlite`).

pub(super) const MIGRATIONS: &[(i64, &str)] = &[
    (1, include_str!("../../migrations/sqlite/0001_init.sql")),
    (
        2,
        include_str!("../../migrations/sqlite/0002_queue_indexes.sql"),
    ),
    (
        3,
        include_str!("../../migrations/sqlite/0003_knowledge.sql"),
    ),
    (
        4,
        include_str!("../../migrations/sqlite/0004_ticket_places.sql"),
    ),
    (5, include_str!("../../migrations/sqlite/0005_routing.sql")),
    (
        6,
        include_str!("../../migrations/sqlite/0006_search_grams.sql"),
    ),
    (
        7,
        include_str!("../../migrations/sqlite/0007_warning_queue_index.sql"),
    ),
    (
        8,
        include_str!("../../migrations/sqlite/0008_search_grams_prefix.sql"),
    ),
    (
        9,
        include_str!("../../migrations/sqlite/0009_drop_unused_warn_index.sql"),
    ),
    (
        10,
        include_str!("../../migrations/sqlite/0010_place_aliases.sql"),
    ),
    (
        11,
        include_str!("../../migrations/sqlite/0011_place_active.sql"),
    ),
    (
        12,
        include_str!("../../migrations/sqlite/0012_idempotency_fingerprint.sql"),
    ),
    (
        13,
        include_str!("../../migrations/sqlite/0013_direct_answer.sql"),
    ),
    (
        14,
        include_str!("../../migrations/sqlite/0014_article_revision.sql"),
    ),
    (
        15,
        include_str!("../../migrations/sqlite/0015_ticket_merged.sql"),
    ),
];
