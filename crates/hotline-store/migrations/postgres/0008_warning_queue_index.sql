-- The warning queue (预警, yellow) lists open tickets past their warning point soonest-due first:
-- with the due instant in the index, the list and its count come from the index. It supersedes
-- the index on (state, next_warn), which is its prefix.
CREATE INDEX IF NOT EXISTS tickets_state_warn_due ON tickets (state, next_warn, next_due);
DROP INDEX IF EXISTS tickets_state_next_warn;
