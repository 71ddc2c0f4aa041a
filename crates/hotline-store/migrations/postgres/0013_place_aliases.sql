-- Other names people use for a place (星沙 for 星沙街道), as a JSON array of strings.
ALTER TABLE places ADD COLUMN aliases TEXT NOT NULL DEFAULT '[]';
