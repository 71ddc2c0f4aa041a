-- Whether a ticket stands answered on the spot (直接答复/即时答复), as a column, for the
-- instant-answer rate (即时答复率); and the uses of knowledge articles by ticket, for the share of
-- those answers taken from the knowledge base.
ALTER TABLE tickets ADD COLUMN direct_answer INTEGER NOT NULL DEFAULT 0;
UPDATE tickets SET direct_answer = 1
    WHERE json_extract(data, '$.visit_exemption') = 'direct_answer';
CREATE INDEX article_uses_ticket ON article_uses (ticket_id);
