-- The knowledge base (知识库): articles, and every answer given from one (the instant-answer
-- rate is counted from article_uses). Dates are local 'YYYY-MM-DD'; times UTC milliseconds.
CREATE TABLE articles (
    id         INTEGER PRIMARY KEY,
    version    INTEGER NOT NULL,
    status     TEXT NOT NULL,
    kind       TEXT NOT NULL,
    title      TEXT NOT NULL,
    body       TEXT NOT NULL,
    category   TEXT,
    owner_unit INTEGER REFERENCES units (id),
    valid_from TEXT,
    valid_to   TEXT,
    keywords   TEXT NOT NULL,
    use_count  INTEGER NOT NULL DEFAULT 0,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
);
CREATE INDEX articles_updated ON articles (updated_at, id);
CREATE INDEX articles_status_updated ON articles (status, updated_at);
CREATE INDEX articles_category ON articles (category);
CREATE INDEX articles_owner_unit ON articles (owner_unit);

CREATE TABLE article_uses (
    article_id INTEGER NOT NULL REFERENCES articles (id),
    ticket_id  INTEGER REFERENCES tickets (id),
    user_id    INTEGER NOT NULL,
    at         INTEGER NOT NULL
);
CREATE INDEX article_uses_article ON article_uses (article_id, at);
CREATE INDEX article_uses_at ON article_uses (at);
