-- A ticket's unit links by ticket: a save drops the link of a unit no longer involved (a merge
-- undone after the master's answer takes the answering unit's part away altogether).
CREATE INDEX ticket_units_ticket ON ticket_units (ticket_id);
-- Links such undone merges left behind: the unit kept finding the ticket in its searches and
-- queues. Only tickets with an undone merge are read.
DELETE FROM ticket_units tu
 WHERE tu.ticket_id IN (SELECT ticket_id FROM ticket_events WHERE data LIKE '{"type":"unmerged"%')
   AND NOT EXISTS (SELECT 1 FROM tickets t, json_array_elements(t.data::json -> 'assignments') a
                    WHERE t.id = tu.ticket_id AND (a ->> 'unit')::bigint = tu.unit_id);
-- The deadline columns without the return window, which made a ticket overdue one working day
-- after dispatch (`ticket_row`).
UPDATE tickets t SET next_due = d.due, next_warn = d.warn
  FROM (SELECT id,
               (SELECT MIN(floor(EXTRACT(EPOCH FROM (c.value ->> 'due_at')::timestamptz) * 1000))
                  FROM json_each(data::json -> 'clocks') c
                 WHERE c.key <> 'return_window' AND c.value ->> 'running_since' IS NOT NULL)::bigint
                   AS due,
               (SELECT MIN(floor(EXTRACT(EPOCH FROM (c.value ->> 'warn_at')::timestamptz) * 1000))
                  FROM json_each(data::json -> 'clocks') c
                 WHERE c.key <> 'return_window' AND c.value ->> 'running_since' IS NOT NULL)::bigint
                   AS warn
          FROM tickets
         WHERE next_due IS NOT NULL OR next_warn IS NOT NULL) d
 WHERE t.id = d.id
   AND (t.next_due IS DISTINCT FROM d.due OR t.next_warn IS DISTINCT FROM d.warn);
