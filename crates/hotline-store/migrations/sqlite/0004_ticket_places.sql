-- Street and community of each ticket as columns, for "open tickets at the same place" at intake
-- (repeats, 重复件): indexed with the state, since the question is always about open tickets.
ALTER TABLE tickets ADD COLUMN street TEXT;
ALTER TABLE tickets ADD COLUMN community TEXT;
UPDATE tickets SET
    street = json_extract(data, '$.elements.place.street'),
    community = json_extract(data, '$.elements.place.community');
CREATE INDEX tickets_street_state ON tickets (street, state);
CREATE INDEX tickets_community_state ON tickets (community, state);
