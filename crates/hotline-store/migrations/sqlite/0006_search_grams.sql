-- Keyword search without a scan: each ticket's search text as character bigrams in a full-text
-- table (see src/grams.rs for what the document and the queries are). Contentless: the text
-- stays in `tickets`; the rowid is the ticket id. Tickets written before this migration are
-- indexed by the store right after it, in batches, resuming from the id in `settings`.
CREATE VIRTUAL TABLE ticket_grams USING fts5(
    grams, content = '', contentless_delete = 1, tokenize = 'ascii'
);
INSERT INTO settings (key, value) VALUES ('search_grams_backfill', '0');
