-- Ticket ids from a sequence, so concurrent creates do not queue behind one lock.
CREATE SEQUENCE ticket_ids;
SELECT setval('ticket_ids', COALESCE((SELECT MAX(id) FROM tickets), 0) + 1, false);
