-- No query chooses the partial index on next_warn: the warning queue and its counts always name
-- the open states and read (state, next_warn, next_due). Every intake commit wrote it anyway.
DROP INDEX IF EXISTS tickets_next_warn;
