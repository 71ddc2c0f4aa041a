-- The category filter on PostgreSQL becomes a range of codes, `category >= '0101' AND category <
-- '0102'` (codes are digits), which the planner estimates from the column's statistics. The old
-- text_pattern_ops index served only the prefix LIKE, whose estimate was a hundredth of the truth
-- at a million tickets; a default-collation index serves the range in any database collation.
DROP INDEX IF EXISTS tickets_category;
CREATE INDEX tickets_category ON tickets (category, created_at);
