//! Persistence of the knowledge base: the `KnowledgeStore` trait (a supertrait of `Store`, kept
//! apart so the ticket interface and this one change independently), the filter for listing
//! articles, and the SQL both backends share.
use async_trait::async_trait;
use chrono::{DateTime, Duration, NaiveDate, Utc};

use hotline_domain::calendar::CHINA_STANDARD_TIME;
use hotline_domain::knowledge::{
    Article, ArticleChange, ArticleId, ArticleKind, ArticleStatus, ArticleUse, ArticleVersion,
    Editor,
};
use hotline_domain::org::{UnitId, UserId};
use hotline_domain::ticket::{TicketKind, TicketState};

use crate::filter::Value;
use crate::{from_json, from_millis, millis, to_json, StoreError, StoreResult};

/// The unique index holding one article in use (not retired) per title and owning unit: a
/// write breaking it is a `StoreError::Duplicate` whose message names it.
pub const LIVE_TITLE_INDEX: &str = "articles_live_title";

/// Which articles a list may show.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum ArticleScope {
    /// Every article (the centre's editors and reviewers).
    #[default]
    All,
    /// Published articles only.
    Published,
    /// Published articles and any article owned by the unit (a unit's own proposals).
    PublishedOrUnit(UnitId),
}

/// A list of articles, newest change first.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ArticleFilter {
    pub scope: ArticleScope,
    pub status: Option<ArticleStatus>,
    pub kind: Option<ArticleKind>,
    /// A category code: that category and every category below it.
    pub category: Option<String>,
    pub owner_unit: Option<UnitId>,
    /// Only articles with a proposed change waiting for review (`Some(true)`), or only those
    /// without one (`Some(false)`).
    pub revision_pending: Option<bool>,
    /// Only articles changed at or after this (a server catching up with other processes'
    /// writes reads no further back).
    pub updated_from: Option<DateTime<Utc>>,
}

/// How many tickets recorded on one local day (UTC+8) were of one kind, stand answered on the
/// spot (直接答复) or not, and had a knowledge article used on them or not: the counts behind the
/// instant-answer rate (即时答复率).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AnswerCount {
    pub day: NaiveDate,
    pub kind: TicketKind,
    pub answered_directly: bool,
    pub knowledge_used: bool,
    pub tickets: u64,
}

/// The knowledge base's storage. Every write is one transaction. Two articles in use of one
/// owning unit (or both of none) under one title are refused (`LIVE_TITLE_INDEX`), so writes
/// that pass titles between articles must come in an order where each step keeps them apart.
#[async_trait]
pub trait KnowledgeStore: Send + Sync {
    /// Insert articles all together or none at all; the store assigns ids (the given ones are
    /// ignored) and returns the articles as stored, in the order given.
    async fn insert_articles(&self, articles: Vec<Article>) -> StoreResult<Vec<Article>>;
    /// Insert and update articles in one transaction, all or none: an article with `None` is
    /// inserted as by `insert_articles`, one with `Some(expected_version)` updated as by
    /// `update_article` (a stale version is a `Conflict`, an unknown id `NotFound`, and then
    /// nothing is written). Returns the articles as stored, in the order given.
    async fn write_articles(
        &self,
        writes: Vec<(Article, Option<u64>)>,
    ) -> StoreResult<Vec<Article>>;
    /// Replace an article's content and status if it is still at `expected_version`; the
    /// stored version becomes `expected_version + 1`. The use count and creation time are
    /// kept as stored. A stale version is a `Conflict`, an unknown id `NotFound`.
    async fn update_article(&self, article: Article, expected_version: u64)
        -> StoreResult<Article>;
    async fn article(&self, id: ArticleId) -> StoreResult<Option<Article>>;
    /// One page of articles matching the filter, and how many match in all.
    async fn articles(
        &self,
        filter: &ArticleFilter,
        limit: u32,
        offset: u32,
    ) -> StoreResult<(Vec<Article>, u64)>;
    /// Every article in id order: what the search index is built from.
    async fn all_articles(&self) -> StoreResult<Vec<Article>>;
    /// Count one use of an article and record who used it, when, on which ticket; returns the
    /// new use count. A ticket counts once: a use on a ticket already counted changes nothing
    /// and returns the count. The article's version does not change.
    async fn count_article_use(&self, article_use: ArticleUse) -> StoreResult<u64>;
    /// Count many uses in one transaction (all or none), each as `count_article_use` would:
    /// what a migration of past answers or the demo's history writes. Returns how many were
    /// counted (a ticket already counted for its article is not counted again).
    async fn count_article_uses(&self, uses: Vec<ArticleUse>) -> StoreResult<u64>;
    /// Every recorded use of an article, oldest first.
    async fn article_uses(&self, article: ArticleId) -> StoreResult<Vec<ArticleUse>>;
    /// The articles with a use recorded at or after `from`, each with its use count now, by id:
    /// how a server learns of another's uses.
    async fn use_counts_since(&self, from: DateTime<Utc>) -> StoreResult<Vec<(ArticleId, u64)>>;
    /// Every kept version of an article, newest first: one for each insert and update since
    /// versions were kept (an article older than that starts with the version it had then,
    /// as `ArticleChange::Earlier`). Empty for an unknown article.
    async fn article_versions(&self, article: ArticleId) -> StoreResult<Vec<ArticleVersion>>;
    /// The tickets created in `[from, to)`, drafts and tickets merged into another left out,
    /// counted by local day, kind, direct answer and knowledge use; groups without tickets are
    /// not listed. Ordered by day, then kind.
    async fn answer_counts(
        &self,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
    ) -> StoreResult<Vec<AnswerCount>>;
}

/// The values of `sql::ANSWER_COUNTS`.
pub(crate) fn answer_count_values(from: DateTime<Utc>, to: DateTime<Utc>) -> Vec<Value> {
    vec![
        Value::Int(millis(from)),
        Value::Int(millis(to)),
        Value::Int(i64::from(CHINA_STANDARD_TIME.local_minus_utc()) * 1000),
        Value::Text(TicketState::Draft.as_str().into()),
    ]
}

/// One row of `sql::ANSWER_COUNTS` (local day number, kind, direct, knowledge, count).
pub(crate) fn answer_count(
    day: i64,
    kind: &str,
    direct: i64,
    knowledge: i64,
    tickets: i64,
) -> StoreResult<AnswerCount> {
    let kind = TicketKind::parse(kind)
        .ok_or_else(|| StoreError::Backend(format!("unknown ticket kind {kind:?} in tickets")))?;
    Ok(AnswerCount {
        // `NaiveDate::default()` is 1970-01-01.
        day: NaiveDate::default() + Duration::days(day),
        kind,
        answered_directly: direct != 0,
        knowledge_used: knowledge != 0,
        tickets: tickets as u64,
    })
}

/// Statements both backends run (after `dollars` for PostgreSQL).
pub(crate) mod sql {
    pub const COLUMNS: &str = "id, version, status, kind, title, body, category, owner_unit,
        valid_from, valid_to, keywords, use_count, created_at, updated_at, revision, change_kind,
        changed_by, changed_by_name";
    pub const INSERT: &str = "INSERT INTO articles (version, status, kind, title, body, category,
            owner_unit, valid_from, valid_to, keywords, use_count, created_at, updated_at, revision,
            change_kind, changed_by, changed_by_name)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17)
         RETURNING id";
    /// Parameters: id, expected version, new version, then the row as for `INSERT` from
    /// status to keywords, the time of the change, the proposed change and who changed what.
    pub const UPDATE: &str = "UPDATE articles SET version = ?3, status = ?4, kind = ?5,
            title = ?6, body = ?7, category = ?8, owner_unit = ?9, valid_from = ?10,
            valid_to = ?11, keywords = ?12, updated_at = ?13, revision = ?14, change_kind = ?15,
            changed_by = ?16, changed_by_name = ?17
         WHERE id = ?1 AND version = ?2";
    /// Keep the article as it now stands as a version: run after every insert and update, in
    /// the same transaction.
    pub const RECORD_VERSION: &str = "INSERT INTO article_versions (article_id, version, status,
            kind, title, body, category, owner_unit, valid_from, valid_to, keywords, revision,
            change_kind, changed_by, changed_by_name, at)
         SELECT id, version, status, kind, title, body, category, owner_unit, valid_from,
            valid_to, keywords, revision, change_kind, changed_by, changed_by_name, updated_at
         FROM articles WHERE id = ?1";
    /// The versions of article ?1, newest first, as article rows (`COLUMNS`): the answers given
    /// from a version stand as its use count, its time as both of the row's times.
    pub const VERSIONS: &str = "SELECT v.article_id, v.version, v.status, v.kind, v.title,
            v.body, v.category, v.owner_unit, v.valid_from, v.valid_to, v.keywords,
            (SELECT COUNT(*) FROM article_uses u
             WHERE u.article_id = v.article_id AND u.article_version = v.version),
            v.at, v.at, v.revision, v.change_kind, v.changed_by, v.changed_by_name
         FROM article_versions v WHERE v.article_id = ?1 ORDER BY v.version DESC";
    pub const VERSION: &str = "SELECT version FROM articles WHERE id = ?1";
    pub const COUNT_USE: &str =
        "UPDATE articles SET use_count = use_count + 1 WHERE id = ?1 RETURNING use_count";
    /// The article's count, if it was already used on the ticket.
    pub const USED_ON_TICKET: &str = "SELECT use_count FROM articles WHERE id = ?1 AND EXISTS \
         (SELECT 1 FROM article_uses WHERE article_id = ?1 AND ticket_id = ?2)";
    /// The article's count, if user ?2 recorded a use of it without a ticket at or after ?3
    /// (UTC milliseconds): the same answer sent again (`REPEATED_USE_SECS`).
    pub const USED_WITHOUT_TICKET_SINCE: &str = "SELECT use_count FROM articles WHERE id = ?1 \
         AND EXISTS (SELECT 1 FROM article_uses WHERE article_id = ?1 AND ticket_id IS NULL \
         AND user_id = ?2 AND at >= ?3)";
    /// The use is of the version the article has now.
    pub const INSERT_USE: &str = "INSERT INTO article_uses (article_id, ticket_id, user_id, at,
            article_version)
         VALUES (?1, ?2, ?3, ?4, (SELECT version FROM articles WHERE id = ?1))";
    /// In the order both backends give: a use with no ticket first at the same instant (SQLite
    /// puts NULL first, PostgreSQL last, unless told).
    pub const USES: &str = "SELECT ticket_id, user_id, at FROM article_uses WHERE article_id = ?1
         ORDER BY at, ticket_id NULLS FIRST, user_id";
    /// Parameter: from (UTC milliseconds).
    pub const USE_COUNTS_SINCE: &str = "SELECT id, use_count FROM articles WHERE id IN
         (SELECT article_id FROM article_uses WHERE at >= ?1) ORDER BY id";
    /// Parameters: from, to (UTC milliseconds), the local offset in milliseconds, and the state
    /// left out (draft); tickets merged into another, now or once, are left out too. Columns:
    /// the local day as days since 1970-01-01, kind, direct answer (0/1), knowledge used
    /// (0/1), tickets.
    pub const ANSWER_COUNTS: &str = "SELECT (created_at + ?3) / 86400000, kind, direct_answer,
            CAST(CASE WHEN EXISTS (SELECT 1 FROM article_uses u WHERE u.ticket_id = tickets.id)
                 THEN 1 ELSE 0 END AS BIGINT),
            COUNT(*)
         FROM tickets
         WHERE created_at >= ?1 AND created_at < ?2 AND state <> ?4 AND merged = 0
         GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4";

    pub fn by_id() -> String {
        format!("SELECT {COLUMNS} FROM articles WHERE id = ?1")
    }

    pub fn all() -> String {
        format!("SELECT {COLUMNS} FROM articles ORDER BY id")
    }
}

/// The list queries for a filter.
pub(crate) struct ListSql {
    pub page: String,
    /// The values of `page`: those of `count`, then the limit and the offset.
    pub page_values: Vec<Value>,
    pub count: String,
    pub count_values: Vec<Value>,
}

impl ArticleFilter {
    /// Whether the list would hold `a`: what `list_sql` asks of a row, asked of an article in
    /// memory (an export reads every article once and keeps those a filter holds).
    pub fn matches(&self, a: &Article) -> bool {
        let published = a.status == ArticleStatus::Published;
        let in_scope = match self.scope {
            ArticleScope::All => true,
            ArticleScope::Published => published,
            ArticleScope::PublishedOrUnit(u) => published || a.owner_unit == Some(u),
        };
        let category = self.category.as_ref().is_none_or(|c| {
            // As `list_sql`: the LIKE wildcards go, and a code of nothing else has nothing
            // below it.
            let code = c.replace(['%', '_'], "");
            !code.is_empty()
                && a.category
                    .as_deref()
                    .is_some_and(|have| have.starts_with(&code))
        });
        in_scope
            && self.status.is_none_or(|s| a.status == s)
            && self.kind.is_none_or(|k| a.kind == k)
            && category
            && self.owner_unit.is_none_or(|u| a.owner_unit == Some(u))
            && self
                .revision_pending
                .is_none_or(|pending| a.revision.is_some() == pending)
            && self
                .updated_from
                .is_none_or(|from| millis(a.updated_at) >= millis(from))
    }
}

pub(crate) fn list_sql(filter: &ArticleFilter, limit: u32, offset: u32) -> ListSql {
    let mut clauses: Vec<String> = Vec::new();
    let mut values: Vec<Value> = Vec::new();
    // `#` in a clause stands for the next value's placeholder.
    let mut push = |clause: &str, vs: Vec<Value>| {
        let mut c = clause.to_string();
        for v in vs {
            values.push(v);
            c = c.replacen('#', &format!("?{}", values.len()), 1);
        }
        clauses.push(c);
    };
    let published = || Value::Text(ArticleStatus::Published.as_str().into());
    match filter.scope {
        ArticleScope::All => {}
        ArticleScope::Published => push("status = #", vec![published()]),
        ArticleScope::PublishedOrUnit(unit) => push(
            "(status = # OR owner_unit = #)",
            vec![published(), Value::Int(unit.0)],
        ),
    }
    if let Some(s) = filter.status {
        push("status = #", vec![Value::Text(s.as_str().into())]);
    }
    if let Some(k) = filter.kind {
        push("kind = #", vec![Value::Text(k.as_str().into())]);
    }
    if let Some(c) = &filter.category {
        // As for tickets: the code and everything below it; a code of only LIKE wildcards has
        // nothing below it.
        let code = c.replace(['%', '_'], "");
        if code.is_empty() {
            push("1 = 0", vec![]);
        } else {
            push("category LIKE #", vec![Value::Text(format!("{code}%"))]);
        }
    }
    if let Some(u) = filter.owner_unit {
        push("owner_unit = #", vec![Value::Int(u.0)]);
    }
    match filter.revision_pending {
        Some(true) => push("revision IS NOT NULL", vec![]),
        Some(false) => push("revision IS NULL", vec![]),
        None => {}
    }
    if let Some(from) = filter.updated_from {
        push("updated_at >= #", vec![Value::Int(millis(from))]);
    }
    let cond = if clauses.is_empty() {
        String::new()
    } else {
        format!(" WHERE {}", clauses.join(" AND "))
    };
    let count = format!("SELECT COUNT(*) FROM articles{cond}");
    let n = values.len();
    let page = format!(
        "SELECT {} FROM articles{cond} ORDER BY updated_at DESC, id DESC LIMIT ?{} OFFSET ?{}",
        sql::COLUMNS,
        n + 1,
        n + 2
    );
    let mut page_values = values.clone();
    page_values.push(Value::Int(i64::from(limit)));
    page_values.push(Value::Int(i64::from(offset)));
    ListSql {
        page,
        page_values,
        count,
        count_values: values,
    }
}

/// An article's row as bound values, from `status` on (`INSERT` binds the version first).
pub(crate) fn row(a: &Article) -> StoreResult<Vec<Value>> {
    Ok(vec![
        Value::Text(a.status.as_str().into()),
        Value::Text(a.kind.as_str().into()),
        Value::Text(a.title.clone()),
        Value::Text(a.body.clone()),
        Value::MaybeText(a.category.clone()),
        Value::MaybeInt(a.owner_unit.map(|u| u.0)),
        Value::MaybeText(a.valid_from.map(|d| d.to_string())),
        Value::MaybeText(a.valid_to.map(|d| d.to_string())),
        Value::Text(to_json(&a.keywords)?),
    ])
}

/// The values of `INSERT`.
pub(crate) fn insert_values(a: &Article) -> StoreResult<Vec<Value>> {
    let mut v = vec![Value::Int(a.version as i64)];
    v.extend(row(a)?);
    v.push(Value::Int(a.use_count as i64));
    v.push(Value::Int(millis(a.created_at)));
    v.push(Value::Int(millis(a.updated_at)));
    v.push(revision(a)?);
    v.extend(change(a));
    Ok(v)
}

/// Who changed what, as bound values.
fn change(a: &Article) -> [Value; 3] {
    [
        Value::Text(a.change.as_str().into()),
        Value::MaybeInt(a.changed_by.as_ref().map(|e| e.user.0)),
        Value::MaybeText(a.changed_by.as_ref().map(|e| e.name.clone())),
    ]
}

/// The values of `UPDATE`.
pub(crate) fn update_values(a: &Article, expected: u64) -> StoreResult<Vec<Value>> {
    let mut v = vec![
        Value::Int(a.id.0),
        Value::Int(expected as i64),
        Value::Int(expected as i64 + 1),
    ];
    v.extend(row(a)?);
    v.push(Value::Int(millis(a.updated_at)));
    v.push(revision(a)?);
    v.extend(change(a));
    Ok(v)
}

fn revision(a: &Article) -> StoreResult<Value> {
    Ok(Value::MaybeText(
        a.revision.as_ref().map(to_json).transpose()?,
    ))
}

/// An article's columns as read, in `sql::COLUMNS` order.
pub(crate) struct ArticleRow {
    pub id: i64,
    pub version: i64,
    pub status: String,
    pub kind: String,
    pub title: String,
    pub body: String,
    pub category: Option<String>,
    pub owner_unit: Option<i64>,
    pub valid_from: Option<String>,
    pub valid_to: Option<String>,
    pub keywords: String,
    pub use_count: i64,
    pub created_at: i64,
    pub updated_at: i64,
    pub revision: Option<String>,
    pub change: String,
    pub changed_by: Option<i64>,
    pub changed_by_name: Option<String>,
}

fn unknown(what: &str, v: &str) -> StoreError {
    StoreError::Invalid(format!("unknown article {what} {v}"))
}

fn editor(user: Option<i64>, name: Option<String>) -> Option<Editor> {
    user.map(|u| Editor {
        user: UserId(u),
        name: name.unwrap_or_default(),
    })
}

/// A version read by `sql::VERSIONS` as an article row.
pub(crate) fn version_of(a: Article) -> ArticleVersion {
    ArticleVersion {
        article: a.id,
        version: a.version,
        status: a.status,
        content: a.content(),
        revision: a.revision,
        change: a.change,
        changed_by: a.changed_by,
        at: a.updated_at,
        uses: a.use_count,
    }
}

fn date(s: Option<String>) -> StoreResult<Option<NaiveDate>> {
    s.map(|d| {
        d.parse()
            .map_err(|_| StoreError::Invalid(format!("stored date does not parse: {d}")))
    })
    .transpose()
}

impl ArticleRow {
    pub fn into_article(self) -> StoreResult<Article> {
        Ok(Article {
            id: ArticleId(self.id),
            status: ArticleStatus::parse(&self.status)
                .ok_or_else(|| unknown("status", &self.status))?,
            kind: ArticleKind::parse(&self.kind).ok_or_else(|| unknown("kind", &self.kind))?,
            title: self.title,
            body: self.body,
            category: self.category,
            owner_unit: self.owner_unit.map(UnitId),
            valid_from: date(self.valid_from)?,
            valid_to: date(self.valid_to)?,
            version: self.version as u64,
            keywords: from_json(&self.keywords)?,
            use_count: self.use_count as u64,
            created_at: from_millis(self.created_at),
            updated_at: from_millis(self.updated_at),
            revision: self.revision.as_deref().map(from_json).transpose()?,
            change: ArticleChange::parse(&self.change)
                .ok_or_else(|| unknown("change", &self.change))?,
            changed_by: editor(self.changed_by, self.changed_by_name),
        })
    }
}

/// Why an update touched no row, given the version found (if the article exists).
pub(crate) fn stale_article(expected: u64, found: Option<i64>) -> StoreError {
    match found {
        None => StoreError::NotFound("article"),
        Some(actual) => StoreError::Conflict {
            expected,
            actual: actual as u64,
        },
    }
}
