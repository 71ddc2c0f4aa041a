-- A ticket's unit links by ticket: a save drops the link of a unit no longer involved (a merge
-- undone after the master's answer takes the answering unit's part away altogether).
CREATE INDEX ticket_units_ticket ON ticket_units (ticket_id);
-- Links such undone merges left behind: the unit kept finding the ticket in its searches and
-- queues. Only tickets with an undone merge are read.
DELETE FROM ticket_units
 WHERE ticket_id IN (SELECT ticket_id FROM ticket_events WHERE data LIKE '{"type":"unmerged"%')
   AND NOT EXISTS (SELECT 1 FROM tickets t, json_each(t.data, '$.assignments') a
                    WHERE t.id = ticket_units.ticket_id
                      AND json_extract(a.value, '$.unit') = ticket_units.unit_id);
-- The deadline columns without the return window, which made a ticket overdue one working day
-- after dispatch (`ticket_row`). Times to milliseconds as SQLite reads them (it rounds what
-- the ticket's next save truncates: at most a millisecond apart).
UPDATE tickets SET
    next_due = (SELECT MIN(CAST(ROUND((julianday(json_extract(c.value, '$.due_at')) - 2440587.5)
                                      * 86400000.0) AS INTEGER))
                  FROM json_each(tickets.data, '$.clocks') c
                 WHERE c.key <> 'return_window'
                   AND json_extract(c.value, '$.running_since') IS NOT NULL),
    next_warn = (SELECT MIN(CAST(ROUND((julianday(json_extract(c.value, '$.warn_at')) - 2440587.5)
                                       * 86400000.0) AS INTEGER))
                   FROM json_each(tickets.data, '$.clocks') c
                  WHERE c.key <> 'return_window'
                    AND json_extract(c.value, '$.running_since') IS NOT NULL)
 WHERE next_due IS NOT NULL OR next_warn IS NOT NULL;
