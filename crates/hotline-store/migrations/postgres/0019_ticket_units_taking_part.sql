-- Whether the unit takes part in the ticket now (acts on it) or only sees it: its return was
-- approved, it gave a sub-dispatch back, or the ticket was dispatched anew, merged or reopened.
-- Links written before parts could end read as taking part, as they did.
ALTER TABLE ticket_units ADD COLUMN taking_part BOOLEAN NOT NULL DEFAULT TRUE;
-- Tickets stored before then have their parts folded again from their histories when the store
-- opens (`refold`), from the first id on.
INSERT INTO settings (key, value) VALUES ('parts_refold', '0')
    ON CONFLICT (key) DO UPDATE SET value = '0';
