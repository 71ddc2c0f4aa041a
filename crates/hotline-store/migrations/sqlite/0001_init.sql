-- hotline schema, SQLite. Times are UTC milliseconds since the epoch.
CREATE TABLE tickets (
    id          INTEGER PRIMARY KEY,
    number      TEXT NOT NULL UNIQUE,
    version     INTEGER NOT NULL,
    state       TEXT NOT NULL,
    channel     TEXT NOT NULL,
    kind        TEXT NOT NULL,
    category    TEXT,
    phone       TEXT NOT NULL,
    district    TEXT,
    holder      INTEGER,
    next_due    INTEGER,
    next_warn   INTEGER,
    urge_count  INTEGER NOT NULL DEFAULT 0,
    supervision TEXT,
    tags        TEXT NOT NULL DEFAULT '',
    search_text TEXT NOT NULL,
    created_at  INTEGER NOT NULL,
    updated_at  INTEGER NOT NULL,
    data        TEXT NOT NULL
);
CREATE INDEX tickets_state_created ON tickets (state, created_at);
CREATE INDEX tickets_created ON tickets (created_at);
CREATE INDEX tickets_phone ON tickets (phone, created_at);
CREATE INDEX tickets_holder_state ON tickets (holder, state);
CREATE INDEX tickets_next_due ON tickets (next_due) WHERE next_due IS NOT NULL;
CREATE INDEX tickets_next_warn ON tickets (next_warn) WHERE next_warn IS NOT NULL;
CREATE INDEX tickets_category ON tickets (category, created_at);

CREATE TABLE ticket_events (
    ticket_id  INTEGER NOT NULL REFERENCES tickets (id),
    version    INTEGER NOT NULL,
    at         INTEGER NOT NULL,
    actor      INTEGER NOT NULL,
    actor_name TEXT NOT NULL,
    data       TEXT NOT NULL,
    PRIMARY KEY (ticket_id, version)
);

CREATE TABLE ticket_units (
    unit_id   INTEGER NOT NULL,
    ticket_id INTEGER NOT NULL,
    PRIMARY KEY (unit_id, ticket_id)
) WITHOUT ROWID;

CREATE TABLE ticket_counters (
    day  TEXT PRIMARY KEY,
    last INTEGER NOT NULL
);

CREATE TABLE idempotency_keys (
    key       TEXT PRIMARY KEY,
    ticket_id INTEGER NOT NULL
);

CREATE TABLE attachments (
    id           INTEGER PRIMARY KEY,
    ticket_id    INTEGER NOT NULL REFERENCES tickets (id),
    name         TEXT NOT NULL,
    content_type TEXT NOT NULL,
    size         INTEGER NOT NULL,
    bytes        BLOB NOT NULL
);

CREATE TABLE places (
    code   TEXT PRIMARY KEY,
    name   TEXT NOT NULL,
    kind   TEXT NOT NULL,
    parent TEXT
);

CREATE TABLE units (
    id     INTEGER PRIMARY KEY,
    code   TEXT NOT NULL UNIQUE,
    name   TEXT NOT NULL,
    level  TEXT NOT NULL,
    parent INTEGER REFERENCES units (id),
    area   TEXT NOT NULL,
    active INTEGER NOT NULL DEFAULT 1
);

CREATE TABLE users (
    id            INTEGER PRIMARY KEY,
    username      TEXT NOT NULL UNIQUE,
    display_name  TEXT NOT NULL,
    roles         TEXT NOT NULL,
    unit_id       INTEGER REFERENCES units (id),
    active        INTEGER NOT NULL DEFAULT 1,
    password_hash TEXT NOT NULL
);

CREATE TABLE tokens (
    hash       TEXT PRIMARY KEY,
    user_id    INTEGER NOT NULL REFERENCES users (id),
    kind       TEXT NOT NULL,
    expires_at INTEGER NOT NULL
);

CREATE TABLE categories (
    code   TEXT PRIMARY KEY,
    name   TEXT NOT NULL,
    parent TEXT,
    level  INTEGER NOT NULL,
    tier   TEXT NOT NULL,
    active INTEGER NOT NULL DEFAULT 1
);

CREATE TABLE responsibility_lists (
    version    INTEGER PRIMARY KEY,
    created_at INTEGER NOT NULL,
    rules      TEXT NOT NULL
);

CREATE TABLE calendar_years (
    year     INTEGER PRIMARY KEY,
    schedule TEXT NOT NULL
);

CREATE TABLE settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
