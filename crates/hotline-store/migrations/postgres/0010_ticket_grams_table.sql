-- Keyword search grams move from an expression index on tickets to a table of their own. The
-- expression index recomputed every ticket's grams in SQL for each new row version, and every
-- state change makes one: half a millisecond and ~150 GIN entries per update, more than half
-- the cost of creating a ticket. The store now writes a ticket's grams (computed in Rust, see
-- `grams::pg_grams`) on creation and again only when its text changes; the tickets already
-- here are indexed by the store after this migration, in batches, from the mark below.
CREATE TABLE ticket_grams (
    ticket_id BIGINT PRIMARY KEY REFERENCES tickets (id) ON DELETE CASCADE,
    grams     TEXT[] NOT NULL
);
CREATE INDEX ticket_grams_grams ON ticket_grams USING gin (grams);
DROP INDEX IF EXISTS tickets_search_grams;
DROP FUNCTION IF EXISTS hotline_grams(text);
INSERT INTO settings (key, value) VALUES ('search_grams_backfill', '0')
    ON CONFLICT (key) DO UPDATE SET value = '0';
