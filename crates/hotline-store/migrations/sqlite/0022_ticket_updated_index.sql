-- Servers on one database follow each other's ticket writes by the time of the last change
-- (the repeat index takes a ticket's edited text from another server without a restart).
CREATE INDEX IF NOT EXISTS tickets_updated ON tickets (updated_at);
