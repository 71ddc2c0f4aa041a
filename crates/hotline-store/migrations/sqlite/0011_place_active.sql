-- A place retired (停用) stays for the tickets, units and rules that name it: 1 in use, 0 retired.
ALTER TABLE places ADD COLUMN active INTEGER NOT NULL DEFAULT 1;
