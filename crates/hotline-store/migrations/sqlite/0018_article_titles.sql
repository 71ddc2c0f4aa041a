-- One article in use (not retired) per title and owning unit, held by the database: two
-- processes writing the same new title at once (a server and `hotline knowledge import`, or two
-- servers) each checked it against what they had read, and both could land.
--
-- Older data may already hold two articles in use under one title: the first written keeps the
-- title, each later one has its id added to it ("(同名重复,编号 12)", cut to the 200
-- characters a title may have), as a version of its own with no author, for the maintainers to
-- merge or retitle.
UPDATE articles
SET title = substr(title, 1, 200 - length('(同名重复,编号 ' || id || ')'))
            || '(同名重复,编号 ' || id || ')',
    version = version + 1,
    change_kind = 'deduplicated',
    changed_by = NULL,
    changed_by_name = NULL,
    updated_at = CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER)
WHERE status <> 'retired'
  AND EXISTS (
      SELECT 1 FROM articles AS first
      WHERE first.status <> 'retired'
        AND first.title = articles.title
        AND first.owner_unit IS articles.owner_unit
        AND first.id < articles.id
  );

INSERT INTO article_versions
SELECT id, version, status, kind, title, body, category, owner_unit, valid_from, valid_to,
       keywords, revision, change_kind, changed_by, changed_by_name, updated_at
FROM articles
WHERE change_kind = 'deduplicated';

-- Articles of no unit are one owner (0 is no unit's id).
CREATE UNIQUE INDEX articles_live_title ON articles (title, ifnull(owner_unit, 0))
WHERE status <> 'retired';
