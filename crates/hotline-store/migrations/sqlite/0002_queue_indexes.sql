-- Queue filters combine the state with a clock or flag column: index the pairs so counts and
-- pages of the overdue, warning, urged and supervised queues never read ticket rows.
CREATE INDEX tickets_state_next_due ON tickets (state, next_due);
CREATE INDEX tickets_state_next_warn ON tickets (state, next_warn);
CREATE INDEX tickets_state_urged ON tickets (state, urge_count);
CREATE INDEX tickets_state_supervision ON tickets (state, supervision);
