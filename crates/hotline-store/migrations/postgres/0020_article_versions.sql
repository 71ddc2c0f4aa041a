-- (PostgreSQL) Every version of every article, kept for good: what operators were told on a given day, who
-- changed what, and a version to go back to. The store writes one row with each write of an
-- article, in the same transaction. Articles record what their last write was and who made it.
ALTER TABLE articles ADD COLUMN change_kind TEXT NOT NULL DEFAULT 'earlier';
ALTER TABLE articles ADD COLUMN changed_by BIGINT;
ALTER TABLE articles ADD COLUMN changed_by_name TEXT;

CREATE TABLE article_versions (
    article_id      BIGINT NOT NULL REFERENCES articles (id),
    version         BIGINT NOT NULL,
    status          TEXT NOT NULL,
    kind            TEXT NOT NULL,
    title           TEXT NOT NULL,
    body            TEXT NOT NULL,
    category        TEXT,
    owner_unit      BIGINT,
    valid_from      TEXT,
    valid_to        TEXT,
    keywords        TEXT NOT NULL,
    revision        TEXT,
    change_kind     TEXT NOT NULL,
    changed_by      BIGINT,
    changed_by_name TEXT,
    at              BIGINT NOT NULL,
    PRIMARY KEY (article_id, version)
);
-- The versions before this one were not kept: each article's history starts at the version it
-- has now, marked as an earlier change of unknown author.
INSERT INTO article_versions
SELECT id, version, status, kind, title, body, category, owner_unit, valid_from, valid_to,
       keywords, revision, change_kind, changed_by, changed_by_name, updated_at
FROM articles;

-- The version each answer was given from (answers recorded before then: unknown).
ALTER TABLE article_uses ADD COLUMN article_version BIGINT;
CREATE INDEX article_uses_version ON article_uses (article_id, article_version);
