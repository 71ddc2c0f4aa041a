//! The knowledge base on PostgreSQL: one transaction per write; the version check in the
//! `UPDATE … WHERE version = ?` makes concurrent editors from several processes safe.
use async_trait::async_trait;
use chrono::{DateTime, Utc};
use deadpool_postgres::GenericClient;
use tokio_postgres::Row;

use hotline_domain::knowledge::{Article, ArticleId, ArticleUse, ArticleVersion};
use hotline_domain::org::UserId;
use hotline_domain::ticket::TicketId;

use super::{bind, exec, query, query_one, query_opt, Param, PgStore};
use crate::knowledge::{
    answer_count, answer_count_values, insert_values, list_sql, sql, stale_article, update_values,
    version_of, AnswerCount, ArticleFilter, ArticleRow, KnowledgeStore,
};
use crate::{from_millis, millis, StoreError, StoreResult};

fn row_article(r: &Row) -> StoreResult<Article> {
    ArticleRow {
        id: r.try_get(0)?,
        version: r.try_get(1)?,
        status: r.try_get(2)?,
        kind: r.try_get(3)?,
        title: r.try_get(4)?,
        body: r.try_get(5)?,
        category: r.try_get(6)?,
        owner_unit: r.try_get(7)?,
        valid_from: r.try_get(8)?,
        valid_to: r.try_get(9)?,
        keywords: r.try_get(10)?,
        use_count: r.try_get(11)?,
        created_at: r.try_get(12)?,
        updated_at: r.try_get(13)?,
        revision: r.try_get(14)?,
        change: r.try_get(15)?,
        changed_by: r.try_get(16)?,
        changed_by_name: r.try_get(17)?,
    }
    .into_article()
}

/// Insert one article within the caller's transaction; the store assigns the id.
async fn insert(tx: &impl GenericClient, mut a: Article) -> StoreResult<Article> {
    let values = insert_values(&a)?;
    a.id = ArticleId(
        query_one(tx, sql::INSERT, &bind(&values))
            .await?
            .try_get(0)?,
    );
    exec(tx, sql::RECORD_VERSION, &[&a.id.0]).await?;
    Ok(a)
}

/// Update one article within the caller's transaction if it is still at `expected`.
async fn update(tx: &impl GenericClient, a: &Article, expected: u64) -> StoreResult<Article> {
    let values = update_values(a, expected)?;
    if exec(tx, sql::UPDATE, &bind(&values)).await? == 0 {
        let found = query_opt(tx, sql::VERSION, &[&a.id.0]).await?;
        return Err(stale_article(
            expected,
            found.map(|r| r.try_get(0)).transpose()?,
        ));
    }
    exec(tx, sql::RECORD_VERSION, &[&a.id.0]).await?;
    let stored = query_opt(tx, &sql::by_id(), &[&a.id.0])
        .await?
        .ok_or(StoreError::NotFound("article"))?;
    row_article(&stored)
}

/// Count one use within the caller's transaction: the article's use count after it, and whether
/// this use was counted (not when the ticket was already counted for the article).
pub(super) async fn count_use(tx: &impl GenericClient, u: &ArticleUse) -> StoreResult<(u64, bool)> {
    // The article's row locked first, so two uses on one ticket at once are counted once
    // (SQLite's single writer does the same by running writes one at a time).
    query_opt(
        tx,
        "SELECT 1 FROM articles WHERE id = ?1 FOR UPDATE",
        &[&u.article.0],
    )
    .await?;
    let counted = match u.ticket {
        Some(ticket) => query_opt(tx, sql::USED_ON_TICKET, &[&u.article.0, &ticket.0]).await?,
        None => {
            let since = millis(u.repeats_since());
            query_opt(
                tx,
                sql::USED_WITHOUT_TICKET_SINCE,
                &[&u.article.0, &u.user.0, &since],
            )
            .await?
        }
    };
    if let Some(row) = counted {
        return Ok((row.try_get::<_, i64>(0)? as u64, false));
    }
    let count: i64 = query_opt(tx, sql::COUNT_USE, &[&u.article.0])
        .await?
        .ok_or(StoreError::NotFound("article"))?
        .try_get(0)?;
    let ticket = u.ticket.map(|t| t.0);
    let at = millis(u.at);
    let params: [Param; 4] = [&u.article.0, &ticket, &u.user.0, &at];
    exec(tx, sql::INSERT_USE, &params).await?;
    Ok((count as u64, true))
}

#[async_trait]
impl KnowledgeStore for PgStore {
    async fn insert_articles(&self, articles: Vec<Article>) -> StoreResult<Vec<Article>> {
        self.write_articles(articles.into_iter().map(|a| (a, None)).collect())
            .await
    }

    async fn write_articles(
        &self,
        writes: Vec<(Article, Option<u64>)>,
    ) -> StoreResult<Vec<Article>> {
        let mut c = self.client().await?;
        let tx = c.transaction().await?;
        let mut out = Vec::with_capacity(writes.len());
        for (a, expected) in writes {
            out.push(match expected {
                None => insert(&tx, a).await?,
                Some(v) => update(&tx, &a, v).await?,
            });
        }
        tx.commit().await?;
        Ok(out)
    }

    async fn update_article(&self, article: Article, expected: u64) -> StoreResult<Article> {
        let mut c = self.client().await?;
        let tx = c.transaction().await?;
        let stored = update(&tx, &article, expected).await?;
        tx.commit().await?;
        Ok(stored)
    }

    async fn article(&self, id: ArticleId) -> StoreResult<Option<Article>> {
        self.opt(&sql::by_id(), &[&id.0])
            .await?
            .map(|r| row_article(&r))
            .transpose()
    }

    async fn articles(
        &self,
        filter: &ArticleFilter,
        limit: u32,
        offset: u32,
    ) -> StoreResult<(Vec<Article>, u64)> {
        let q = list_sql(filter, limit, offset);
        let c = self.client().await?;
        let rows = query(&c, &q.page, &bind(&q.page_values)).await?;
        let total: i64 = query_one(&c, &q.count, &bind(&q.count_values))
            .await?
            .try_get(0)?;
        let articles = rows.iter().map(row_article).collect::<StoreResult<_>>()?;
        Ok((articles, total as u64))
    }

    async fn all_articles(&self) -> StoreResult<Vec<Article>> {
        self.all(&sql::all(), &[])
            .await?
            .iter()
            .map(row_article)
            .collect()
    }

    async fn count_article_use(&self, u: ArticleUse) -> StoreResult<u64> {
        let mut c = self.client().await?;
        let tx = c.transaction().await?;
        let (count, _) = count_use(&tx, &u).await?;
        tx.commit().await?;
        Ok(count)
    }

    async fn count_article_uses(&self, uses: Vec<ArticleUse>) -> StoreResult<u64> {
        let mut c = self.client().await?;
        let tx = c.transaction().await?;
        let mut counted = 0;
        for u in &uses {
            counted += u64::from(count_use(&tx, u).await?.1);
        }
        tx.commit().await?;
        Ok(counted)
    }

    async fn article_uses(&self, article: ArticleId) -> StoreResult<Vec<ArticleUse>> {
        let rows = self.all(sql::USES, &[&article.0]).await?;
        rows.iter()
            .map(|r| {
                Ok(ArticleUse {
                    article,
                    ticket: r.try_get::<_, Option<i64>>(0)?.map(TicketId),
                    user: UserId(r.try_get(1)?),
                    at: from_millis(r.try_get(2)?),
                })
            })
            .collect()
    }

    async fn use_counts_since(&self, from: DateTime<Utc>) -> StoreResult<Vec<(ArticleId, u64)>> {
        let rows = self.all(sql::USE_COUNTS_SINCE, &[&millis(from)]).await?;
        rows.iter()
            .map(|r| {
                let count: i64 = r.try_get(1)?;
                Ok((ArticleId(r.try_get(0)?), count.max(0) as u64))
            })
            .collect()
    }

    async fn article_versions(&self, article: ArticleId) -> StoreResult<Vec<ArticleVersion>> {
        let rows = self.all(sql::VERSIONS, &[&article.0]).await?;
        rows.iter()
            .map(|r| row_article(r).map(version_of))
            .collect()
    }

    async fn answer_counts(
        &self,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
    ) -> StoreResult<Vec<AnswerCount>> {
        let values = answer_count_values(from, to);
        let rows = self.all(sql::ANSWER_COUNTS, &bind(&values)).await?;
        rows.iter()
            .map(|r| {
                answer_count(
                    r.try_get(0)?,
                    r.try_get::<_, &str>(1)?,
                    r.try_get(2)?,
                    r.try_get(3)?,
                    r.try_get(4)?,
                )
            })
            .collect()
    }
}
