-- Whether a ticket was merged into another (并单), now or once: its master stands for it in the
-- figures, also after it took the master's answer and left the merged state.
ALTER TABLE tickets ADD COLUMN merged INTEGER NOT NULL DEFAULT 0;
UPDATE tickets SET merged = 1 WHERE json_extract(data, '$.merged_into') IS NOT NULL;
