-- hotline schema, PostgreSQL. Times are UTC milliseconds since the epoch; 0/1 flags are BIGINT
-- so both backends bind the same integer values. `tickets.id` is assigned by the store (as in
-- SQLite), so it is a plain BIGINT key, not a sequence.
CREATE TABLE tickets (
    id          BIGINT PRIMARY KEY,
    number      TEXT NOT NULL UNIQUE,
    version     BIGINT NOT NULL,
    state       TEXT NOT NULL,
    channel     TEXT NOT NULL,
    kind        TEXT NOT NULL,
    category    TEXT,
    phone       TEXT NOT NULL,
    district    TEXT,
    holder      BIGINT,
    next_due    BIGINT,
    next_warn   BIGINT,
    urge_count  BIGINT NOT NULL DEFAULT 0,
    supervision TEXT,
    tags        TEXT NOT NULL DEFAULT '',
    search_text TEXT NOT NULL,
    created_at  BIGINT NOT NULL,
    updated_at  BIGINT NOT NULL,
    data        TEXT NOT NULL
);
CREATE INDEX tickets_state_created ON tickets (state, created_at);
CREATE INDEX tickets_created ON tickets (created_at);
CREATE INDEX tickets_phone ON tickets (phone, created_at);
CREATE INDEX tickets_holder_state ON tickets (holder, state);
CREATE INDEX tickets_next_due ON tickets (next_due) WHERE next_due IS NOT NULL;
CREATE INDEX tickets_next_warn ON tickets (next_warn) WHERE next_warn IS NOT NULL;
-- text_pattern_ops: the category filter is a prefix LIKE, which a default-collation index cannot serve.
CREATE INDEX tickets_category ON tickets (category text_pattern_ops, created_at);

CREATE TABLE ticket_events (
    ticket_id  BIGINT NOT NULL REFERENCES tickets (id),
    version    BIGINT NOT NULL,
    at         BIGINT NOT NULL,
    actor      BIGINT NOT NULL,
    actor_name TEXT NOT NULL,
    data       TEXT NOT NULL,
    PRIMARY KEY (ticket_id, version)
);

CREATE TABLE ticket_units (
    unit_id   BIGINT NOT NULL,
    ticket_id BIGINT NOT NULL,
    PRIMARY KEY (unit_id, ticket_id)
);

CREATE TABLE ticket_counters (
    day  TEXT PRIMARY KEY,
    last BIGINT NOT NULL
);

CREATE TABLE idempotency_keys (
    key       TEXT PRIMARY KEY,
    ticket_id BIGINT NOT NULL
);

CREATE TABLE attachments (
    id           BIGSERIAL PRIMARY KEY,
    ticket_id    BIGINT NOT NULL REFERENCES tickets (id),
    name         TEXT NOT NULL,
    content_type TEXT NOT NULL,
    size         BIGINT NOT NULL,
    bytes        BYTEA NOT NULL
);

CREATE TABLE places (
    code   TEXT PRIMARY KEY,
    name   TEXT NOT NULL,
    kind   TEXT NOT NULL,
    parent TEXT
);

CREATE TABLE units (
    id     BIGSERIAL PRIMARY KEY,
    code   TEXT NOT NULL UNIQUE,
    name   TEXT NOT NULL,
    level  TEXT NOT NULL,
    parent BIGINT REFERENCES units (id),
    area   TEXT NOT NULL,
    active BIGINT NOT NULL DEFAULT 1
);

CREATE TABLE users (
    id            BIGSERIAL PRIMARY KEY,
    username      TEXT NOT NULL UNIQUE,
    display_name  TEXT NOT NULL,
    roles         TEXT NOT NULL,
    unit_id       BIGINT REFERENCES units (id),
    active        BIGINT NOT NULL DEFAULT 1,
    password_hash TEXT NOT NULL
);

CREATE TABLE tokens (
    hash       TEXT PRIMARY KEY,
    user_id    BIGINT NOT NULL REFERENCES users (id),
    kind       TEXT NOT NULL,
    expires_at BIGINT NOT NULL
);

CREATE TABLE categories (
    code   TEXT PRIMARY KEY,
    name   TEXT NOT NULL,
    parent TEXT,
    level  BIGINT NOT NULL,
    tier   TEXT NOT NULL,
    active BIGINT NOT NULL DEFAULT 1
);

CREATE TABLE responsibility_lists (
    version    BIGSERIAL PRIMARY KEY,
    created_at BIGINT NOT NULL,
    rules      TEXT NOT NULL
);

CREATE TABLE calendar_years (
    year     BIGINT PRIMARY KEY,
    schedule TEXT NOT NULL
);

CREATE TABLE settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
