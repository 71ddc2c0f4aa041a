-- Street and community of each ticket as columns, for "open tickets at the same place" at intake
-- (repeats, 重复件): indexed with the state, since the question is always about open tickets.
ALTER TABLE tickets ADD COLUMN street TEXT, ADD COLUMN community TEXT;
UPDATE tickets SET
    street = (data::jsonb) #>> '{elements,place,street}',
    community = (data::jsonb) #>> '{elements,place,community}';
CREATE INDEX tickets_street_state ON tickets (street, state);
CREATE INDEX tickets_community_state ON tickets (community, state);
