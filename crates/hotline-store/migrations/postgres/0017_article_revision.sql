-- A change to a published article proposed by someone who may not publish, waiting for review
-- (JSON: the proposed content, who proposed it and when); the published columns stay what the
-- operators see until it is published or declined.
ALTER TABLE articles ADD COLUMN revision TEXT;
