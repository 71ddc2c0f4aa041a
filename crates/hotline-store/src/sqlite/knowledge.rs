//! The knowledge base on SQLite: writes go through the writer thread like every other write.
use async_trait::async_trait;
use chrono::{DateTime, Utc};
use rusqlite::{params, params_from_iter, Connection, OptionalExtension};

use hotline_domain::knowledge::{Article, ArticleId, ArticleUse, ArticleVersion};
use hotline_domain::org::UserId;
use hotline_domain::ticket::TicketId;

use super::SqliteStore;
use crate::knowledge::{
    answer_count, answer_count_values, insert_values, list_sql, sql, stale_article, update_values,
    version_of, AnswerCount, ArticleFilter, ArticleRow, KnowledgeStore,
};
use crate::{from_millis, millis, StoreError, StoreResult};

fn row_article(r: &rusqlite::Row) -> rusqlite::Result<ArticleRow> {
    Ok(ArticleRow {
        id: r.get(0)?,
        version: r.get(1)?,
        status: r.get(2)?,
        kind: r.get(3)?,
        title: r.get(4)?,
        body: r.get(5)?,
        category: r.get(6)?,
        owner_unit: r.get(7)?,
        valid_from: r.get(8)?,
        valid_to: r.get(9)?,
        keywords: r.get(10)?,
        use_count: r.get(11)?,
        created_at: r.get(12)?,
        updated_at: r.get(13)?,
        revision: r.get(14)?,
        change: r.get(15)?,
        changed_by: r.get(16)?,
        changed_by_name: r.get(17)?,
    })
}

fn load(c: &Connection, id: i64) -> StoreResult<Option<Article>> {
    c.prepare_cached(&sql::by_id())?
        .query_row(params![id], row_article)
        .optional()?
        .map(ArticleRow::into_article)
        .transpose()
}

/// Insert one article within the caller's transaction; the store assigns the id.
fn insert(tx: &Connection, mut a: Article) -> StoreResult<Article> {
    let values = insert_values(&a)?;
    a.id = ArticleId(
        tx.prepare_cached(sql::INSERT)?
            .query_row(params_from_iter(&values), |r| r.get(0))?,
    );
    tx.prepare_cached(sql::RECORD_VERSION)?
        .execute(params![a.id.0])?;
    Ok(a)
}

/// Update one article within the caller's transaction if it is still at `expected`.
fn update(tx: &Connection, a: &Article, expected: u64) -> StoreResult<Article> {
    let changed = tx
        .prepare_cached(sql::UPDATE)?
        .execute(params_from_iter(&update_values(a, expected)?))?;
    if changed == 0 {
        let found: Option<i64> = tx
            .prepare_cached(sql::VERSION)?
            .query_row(params![a.id.0], |r| r.get(0))
            .optional()?;
        return Err(stale_article(expected, found));
    }
    tx.prepare_cached(sql::RECORD_VERSION)?
        .execute(params![a.id.0])?;
    load(tx, a.id.0)?.ok_or(StoreError::NotFound("article"))
}

/// Count one use within the caller's transaction: the article's use count after it, and whether
/// this use was counted (not when the ticket was already counted for the article).
pub(super) fn count_use(tx: &Connection, u: &ArticleUse) -> StoreResult<(u64, bool)> {
    let counted: Option<i64> = match u.ticket {
        Some(ticket) => tx
            .prepare_cached(sql::USED_ON_TICKET)?
            .query_row(params![u.article.0, ticket.0], |r| r.get(0))
            .optional()?,
        None => tx
            .prepare_cached(sql::USED_WITHOUT_TICKET_SINCE)?
            .query_row(
                params![u.article.0, u.user.0, millis(u.repeats_since())],
                |r| r.get(0),
            )
            .optional()?,
    };
    if let Some(count) = counted {
        return Ok((count as u64, false));
    }
    let count: Option<i64> = tx
        .prepare_cached(sql::COUNT_USE)?
        .query_row(params![u.article.0], |r| r.get(0))
        .optional()?;
    let count = count.ok_or(StoreError::NotFound("article"))?;
    tx.prepare_cached(sql::INSERT_USE)?.execute(params![
        u.article.0,
        u.ticket.map(|t| t.0),
        u.user.0,
        millis(u.at)
    ])?;
    Ok((count as u64, true))
}

#[async_trait]
impl KnowledgeStore for SqliteStore {
    async fn insert_articles(&self, articles: Vec<Article>) -> StoreResult<Vec<Article>> {
        self.write_articles(articles.into_iter().map(|a| (a, None)).collect())
            .await
    }

    async fn write_articles(
        &self,
        writes: Vec<(Article, Option<u64>)>,
    ) -> StoreResult<Vec<Article>> {
        self.write(move |conn| {
            let tx = conn.savepoint()?;
            let mut out = Vec::with_capacity(writes.len());
            for (a, expected) in writes {
                out.push(match expected {
                    None => insert(&tx, a)?,
                    Some(v) => update(&tx, &a, v)?,
                });
            }
            tx.commit()?;
            Ok(out)
        })
        .await
    }

    async fn update_article(&self, article: Article, expected: u64) -> StoreResult<Article> {
        self.write(move |conn| {
            let tx = conn.savepoint()?;
            let stored = update(&tx, &article, expected)?;
            tx.commit()?;
            Ok(stored)
        })
        .await
    }

    async fn article(&self, id: ArticleId) -> StoreResult<Option<Article>> {
        self.read(move |c| load(c, id.0)).await
    }

    async fn articles(
        &self,
        filter: &ArticleFilter,
        limit: u32,
        offset: u32,
    ) -> StoreResult<(Vec<Article>, u64)> {
        let q = list_sql(filter, limit, offset);
        self.read(move |c| {
            let mut stmt = c.prepare_cached(&q.page)?;
            let rows = stmt.query_map(params_from_iter(&q.page_values), row_article)?;
            let mut out = Vec::new();
            for r in rows {
                out.push(r?.into_article()?);
            }
            let total: i64 =
                c.query_row(&q.count, params_from_iter(&q.count_values), |r| r.get(0))?;
            Ok((out, total as u64))
        })
        .await
    }

    async fn all_articles(&self) -> StoreResult<Vec<Article>> {
        self.read(|c| {
            let mut stmt = c.prepare(&sql::all())?;
            let rows = stmt.query_map([], row_article)?;
            let mut out = Vec::new();
            for r in rows {
                out.push(r?.into_article()?);
            }
            Ok(out)
        })
        .await
    }

    async fn count_article_use(&self, u: ArticleUse) -> StoreResult<u64> {
        self.write(move |conn| {
            let tx = conn.savepoint()?;
            let (count, _) = count_use(&tx, &u)?;
            tx.commit()?;
            Ok(count)
        })
        .await
    }

    async fn count_article_uses(&self, uses: Vec<ArticleUse>) -> StoreResult<u64> {
        self.write(move |conn| {
            let tx = conn.savepoint()?;
            let mut counted = 0;
            for u in &uses {
                counted += u64::from(count_use(&tx, u)?.1);
            }
            tx.commit()?;
            Ok(counted)
        })
        .await
    }

    async fn article_uses(&self, article: ArticleId) -> StoreResult<Vec<ArticleUse>> {
        self.read(move |c| {
            let mut stmt = c.prepare_cached(sql::USES)?;
            let rows = stmt.query_map(params![article.0], |r| {
                Ok(ArticleUse {
                    article,
                    ticket: r.get::<_, Option<i64>>(0)?.map(TicketId),
                    user: UserId(r.get(1)?),
                    at: from_millis(r.get(2)?),
                })
            })?;
            Ok(rows.collect::<Result<Vec<_>, _>>()?)
        })
        .await
    }

    async fn use_counts_since(&self, from: DateTime<Utc>) -> StoreResult<Vec<(ArticleId, u64)>> {
        self.read(move |c| {
            let mut stmt = c.prepare_cached(sql::USE_COUNTS_SINCE)?;
            let rows = stmt.query_map(params![millis(from)], |r| {
                Ok((ArticleId(r.get(0)?), r.get::<_, i64>(1)?.max(0) as u64))
            })?;
            Ok(rows.collect::<Result<Vec<_>, _>>()?)
        })
        .await
    }

    async fn article_versions(&self, article: ArticleId) -> StoreResult<Vec<ArticleVersion>> {
        self.read(move |c| {
            let mut stmt = c.prepare_cached(sql::VERSIONS)?;
            let rows = stmt.query_map(params![article.0], row_article)?;
            let mut out = Vec::new();
            for r in rows {
                out.push(version_of(r?.into_article()?));
            }
            Ok(out)
        })
        .await
    }

    async fn answer_counts(
        &self,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
    ) -> StoreResult<Vec<AnswerCount>> {
        self.read(move |c| {
            let mut stmt = c.prepare_cached(sql::ANSWER_COUNTS)?;
            let mut rows = stmt.query(params_from_iter(&answer_count_values(from, to)))?;
            let mut out = Vec::new();
            while let Some(r) = rows.next()? {
                let kind: String = r.get(1)?;
                out.push(answer_count(
                    r.get(0)?,
                    &kind,
                    r.get(2)?,
                    r.get(3)?,
                    r.get(4)?,
                )?);
            }
            Ok(out)
        })
        .await
    }
}
