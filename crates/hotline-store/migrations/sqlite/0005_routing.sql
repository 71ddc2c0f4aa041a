-- Routing models (分派模型) and what intake suggested for each ticket. A model is the classifier's
-- file plus what unit suggestion learned from history; at most one is active, and activating an
-- older one is the rollback. Times are UTC milliseconds.
CREATE TABLE route_models (
    version      INTEGER PRIMARY KEY AUTOINCREMENT,
    created_at   INTEGER NOT NULL,
    created_by   TEXT NOT NULL,
    source       TEXT NOT NULL,
    note         TEXT NOT NULL,
    labels       INTEGER NOT NULL,
    examples     INTEGER NOT NULL,
    metrics      TEXT NOT NULL,
    history      TEXT NOT NULL,
    model        BLOB NOT NULL,
    active       INTEGER NOT NULL DEFAULT 0,
    activated_at INTEGER
);
CREATE UNIQUE INDEX route_models_one_active ON route_models (active) WHERE active = 1;

-- What the intake screen suggested when the ticket was recorded (one row per ticket, written in
-- the ticket's create transaction), so suggestion acceptance and routing accuracy can be
-- measured later.
CREATE TABLE intake_analyses (
    ticket_id     INTEGER PRIMARY KEY REFERENCES tickets (id),
    analyzed_at   INTEGER NOT NULL,
    model_version INTEGER,
    category      TEXT,
    unit          INTEGER,
    body          TEXT NOT NULL
);
