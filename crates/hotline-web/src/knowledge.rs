//! The knowledge base over HTTP, under `/api/v1/knowledge`: articles and their review, search,
//! recommendations while a call is recorded, counted uses, and CSV/XLSX import and export.
//! Handlers are thin: extract, call one use case, render.
use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::Router;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use serde_json::json;

use hotline_domain::knowledge::{
    Article, ArticleAction, ArticleId, ArticleKind, ArticleStatus, ArticleVersion, NewArticle,
};
use hotline_domain::org::UnitId;
use hotline_domain::ticket::TicketId;
use hotline_service::figures::FiguresQuery;
use hotline_service::knowledge::figures::AnswerFigures;
use hotline_service::knowledge::transfer::{Format, ImportReport, Source};
use hotline_service::knowledge::{ArticleSearch, HitPage, KnowledgeHit};
use hotline_store::ArticleFilter;

use crate::error::{ApiError, ApiResult};
use crate::extract::{Authed, Json, Path, Query};
use crate::files::{self, FormatQuery};
use crate::AppState;

const PREFIX: &str = "/api/v1/knowledge";

/// Every route but the import, with full paths (merged beside the rest of `/api/v1`).
pub fn routes() -> Router<AppState> {
    let at = |p: &str| format!("{PREFIX}{p}");
    Router::new()
        .route(&at("/articles"), get(list).post(create))
        .route(&at("/articles/{id}"), get(article).put(update))
        .route(&at("/articles/{id}/uses"), post(record_use))
        .route(&at("/articles/{id}/versions"), get(versions))
        .route(&at("/articles/{id}/versions/{version}"), get(version))
        .route(
            &at("/articles/{id}/versions/{version}/restore"),
            post(restore),
        )
        .route(&at("/articles/{id}/{action}"), post(change_status))
        .route(&at("/search"), get(search))
        .route(&at("/recommend"), post(recommend))
        .route(&at("/export"), get(export))
        .route(&at("/figures"), get(figures))
}

/// The import, whose body may be up to `files::MAX_IMPORT_BYTES`.
pub fn import_routes() -> Router<AppState> {
    Router::new().route(&format!("{PREFIX}/import"), post(import))
}

fn parse<T>(
    field: &str,
    value: Option<&str>,
    parse: fn(&str) -> Option<T>,
) -> ApiResult<Option<T>> {
    match value.map(str::trim).filter(|v| !v.is_empty()) {
        None => Ok(None),
        Some(v) => parse(v).map(Some).ok_or_else(|| {
            ApiError::unprocessable(
                field,
                format!("{field} 的取值 {v} 无效"),
                format!("unknown {field} {v}"),
            )
        }),
    }
}

#[derive(Deserialize, Default)]
struct ListQuery {
    status: Option<String>,
    /// `true`: only articles with a proposed change waiting for review.
    revision_pending: Option<bool>,
    kind: Option<String>,
    category: Option<String>,
    owner_unit: Option<i64>,
    limit: Option<u32>,
    offset: Option<u32>,
}

#[derive(Serialize)]
struct ArticleList {
    total: u64,
    items: Vec<Article>,
}

/// The filter the list and the export share.
fn article_filter(
    status: Option<&str>,
    kind: Option<&str>,
    category: Option<&str>,
    owner_unit: Option<i64>,
    revision_pending: Option<bool>,
) -> ApiResult<ArticleFilter> {
    Ok(ArticleFilter {
        status: parse("status", status, ArticleStatus::parse)?,
        kind: parse("kind", kind, ArticleKind::parse)?,
        category: category
            .map(str::trim)
            .filter(|c| !c.is_empty())
            .map(String::from),
        owner_unit: owner_unit.map(UnitId),
        revision_pending,
        ..ArticleFilter::default()
    })
}

async fn list(
    State(s): State<AppState>,
    a: Authed,
    Query(q): Query<ListQuery>,
) -> ApiResult<Json<ArticleList>> {
    let filter = article_filter(
        q.status.as_deref(),
        q.kind.as_deref(),
        q.category.as_deref(),
        q.owner_unit,
        q.revision_pending,
    )?;
    let (items, total) = s
        .app
        .articles(
            &a.actor,
            filter,
            crate::api::page_limit(q.limit)?,
            q.offset.unwrap_or(0),
        )
        .await?;
    Ok(Json(ArticleList { total, items }))
}

async fn create(
    State(s): State<AppState>,
    a: Authed,
    Json(new): Json<NewArticle>,
) -> ApiResult<(StatusCode, Json<Article>)> {
    let article = s.app.create_article(&a.actor, new).await?;
    Ok((StatusCode::CREATED, Json(article)))
}

async fn article(
    State(s): State<AppState>,
    a: Authed,
    Path(id): Path<i64>,
) -> ApiResult<Json<Article>> {
    Ok(Json(s.app.article(&a.actor, ArticleId(id)).await?))
}

/// A changed article: the version the person saw and the new content.
#[derive(Deserialize)]
struct ArticleUpdate {
    version: u64,
    #[serde(flatten)]
    content: NewArticle,
}

/// The fields of an article's content that may be left out of a change: each then keeps what
/// the editor starts from (`Article::draft`). A client that fixes a typo in the body need not
/// send the keywords back, nor lose them by not knowing to; `null` clears a field, `[]` the
/// keywords.
const KEPT_WHEN_LEFT_OUT: [&str; 5] = [
    "category",
    "owner_unit",
    "valid_from",
    "valid_to",
    "keywords",
];

/// The fields of an `Article` a change may carry back but does not set.
const READ_ONLY: [&str; 8] = [
    "id",
    "status",
    "use_count",
    "created_at",
    "updated_at",
    "revision",
    "change",
    "changed_by",
];

async fn update(
    State(s): State<AppState>,
    a: Authed,
    Path(id): Path<i64>,
    Json(mut body): Json<serde_json::Map<String, serde_json::Value>>,
) -> ApiResult<Json<Article>> {
    let id = ArticleId(id);
    // `flatten` lets any field through: a misspelt `keyword` would be dropped unseen. What a
    // GET gave may come back (an article fetched, changed and sent whole): read-only, ignored.
    let unknown: Vec<&str> = body
        .keys()
        .map(String::as_str)
        .filter(|k| !["version", "title", "body", "kind"].contains(k))
        .filter(|k| !KEPT_WHEN_LEFT_OUT.contains(k) && !READ_ONLY.contains(k))
        .collect();
    if !unknown.is_empty() {
        return Err(ApiError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid-body",
            format!("请求内容有不认识的字段:{}(请检查拼写)", unknown.join("、")),
            format!("unknown field(s) in the body: {}", unknown.join(", ")),
        ));
    }
    if KEPT_WHEN_LEFT_OUT.iter().any(|k| !body.contains_key(*k)) {
        let d = s.app.article(&a.actor, id).await?.draft();
        let mut draft = json!({
            "category": d.category,
            "owner_unit": d.owner_unit,
            "valid_from": d.valid_from,
            "valid_to": d.valid_to,
            "keywords": d.keywords,
        });
        for key in KEPT_WHEN_LEFT_OUT {
            if !body.contains_key(key) {
                body.insert(key.to_string(), draft[key].take());
            }
        }
    }
    for key in READ_ONLY {
        body.remove(key);
    }
    let req: ArticleUpdate = crate::extract::from_value(serde_json::Value::Object(body), false)?;
    let article = s
        .app
        .update_article(&a.actor, id, req.version, req.content)
        .await?;
    Ok(Json(article))
}

/// An optional JSON object body: empty means every field's default; otherwise read as `Json`
/// reads a body (not JSON at all: 400; the wrong shape: 422).
fn optional_body<T: DeserializeOwned + Default>(body: &Bytes) -> ApiResult<T> {
    if body.iter().all(u8::is_ascii_whitespace) {
        return Ok(T::default());
    }
    let value = serde_json::from_slice(body).map_err(|e| {
        ApiError::bad_request(
            format!("请求内容不是有效的 JSON:{e}"),
            format!("The body is not valid JSON: {e}"),
        )
    })?;
    crate::extract::from_value(value, false)
}

/// A review action's body: the version seen, nothing else (a `reason` would be dropped unseen,
/// so it is refused).
#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct StatusChange {
    version: Option<u64>,
}

async fn change_status(
    State(s): State<AppState>,
    a: Authed,
    Path((id, action)): Path<(i64, String)>,
    body: Result<Bytes, BytesRejection>,
) -> ApiResult<Json<Article>> {
    let action = match action.as_str() {
        "submit" => ArticleAction::Submit,
        "publish" => ArticleAction::Publish,
        "retire" => ArticleAction::Retire,
        "decline" => ArticleAction::Decline,
        _ => return Err(ApiError::not_found("route")),
    };
    let change: StatusChange = optional_body(&body?)?;
    let article = s
        .app
        .change_article_status(&a.actor, ArticleId(id), change.version, action)
        .await?;
    Ok(Json(article))
}

async fn versions(
    State(s): State<AppState>,
    a: Authed,
    Path(id): Path<i64>,
) -> ApiResult<Json<serde_json::Value>> {
    let items = s.app.article_versions(&a.actor, ArticleId(id)).await?;
    Ok(Json(json!({ "items": items })))
}

async fn version(
    State(s): State<AppState>,
    a: Authed,
    Path((id, version)): Path<(i64, u64)>,
) -> ApiResult<Json<ArticleVersion>> {
    let v = s
        .app
        .article_version(&a.actor, ArticleId(id), version)
        .await?;
    Ok(Json(v))
}

/// Restoring a version: the version the person saw (as for an edit), nothing else.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Restore {
    version: u64,
}

async fn restore(
    State(s): State<AppState>,
    a: Authed,
    Path((id, from)): Path<(i64, u64)>,
    Json(req): Json<Restore>,
) -> ApiResult<Json<Article>> {
    let article = s
        .app
        .restore_article_version(&a.actor, ArticleId(id), req.version, from)
        .await?;
    Ok(Json(article))
}

#[derive(Deserialize, Default)]
struct UseRequest {
    ticket: Option<i64>,
}

async fn record_use(
    State(s): State<AppState>,
    a: Authed,
    Path(id): Path<i64>,
    body: Result<Bytes, BytesRejection>,
) -> ApiResult<(StatusCode, Json<serde_json::Value>)> {
    let req: UseRequest = optional_body(&body?)?;
    let count = s
        .app
        .record_article_use(&a.actor, ArticleId(id), req.ticket.map(TicketId))
        .await?;
    Ok((
        StatusCode::CREATED,
        Json(json!({ "article": id, "use_count": count })),
    ))
}

/// A parameter the search does not know is refused, not ignored: a filter left out would look
/// like a filtered answer. Without words, a category, kind or owning unit is browsed.
#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct SearchQuery {
    #[serde(default)]
    q: String,
    category: Option<String>,
    kind: Option<String>,
    owner_unit: Option<String>,
    status: Option<String>,
    #[serde(default)]
    include_expired: bool,
    limit: Option<usize>,
    #[serde(default)]
    offset: usize,
}

async fn search(
    State(s): State<AppState>,
    a: Authed,
    Query(q): Query<SearchQuery>,
) -> ApiResult<Json<HitPage>> {
    let search = ArticleSearch {
        kind: parse("kind", q.kind.as_deref(), ArticleKind::parse)?,
        status: parse("status", q.status.as_deref(), ArticleStatus::parse)?,
        owner_unit: parse("owner_unit", q.owner_unit.as_deref(), |u| {
            u.parse::<i64>().ok().map(UnitId)
        })?,
        text: q.q,
        category: q.category,
        include_expired: q.include_expired,
        offset: q.offset,
        limit: q.limit.unwrap_or(10),
    };
    Ok(Json(s.app.search_articles(&a.actor, &search)?))
}

#[derive(Serialize)]
struct Recommended {
    items: Vec<KnowledgeHit>,
}

#[derive(Deserialize)]
struct RecommendRequest {
    text: String,
    #[serde(default)]
    category: Option<String>,
}

async fn recommend(
    State(s): State<AppState>,
    a: Authed,
    Json(req): Json<RecommendRequest>,
) -> ApiResult<Json<Recommended>> {
    let items = s
        .app
        .recommend_articles(&a.actor, &req.text, req.category.as_deref())?;
    Ok(Json(Recommended { items }))
}

/// A CSV or XLSX file, told apart by its Content-Type (or `?format=`).
async fn import(
    State(s): State<AppState>,
    a: Authed,
    Query(q): Query<FormatQuery>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> ApiResult<Response> {
    let fmt = files::upload_format(&q, &headers)?;
    let bytes = body?;
    match (s.app)
        .import_articles(&a.actor, fmt, &bytes, Source::Upload)
        .await?
    {
        ImportReport::Imported {
            count,
            ids,
            created,
            updated,
            unchanged,
        } => {
            // Created when the file made articles; a file of edits only changed existing ones.
            let status = if created > 0 {
                StatusCode::CREATED
            } else {
                StatusCode::OK
            };
            let body = json!({
                "count": count,
                "ids": ids,
                "created": created,
                "updated": updated,
                "unchanged": unchanged,
            });
            Ok((status, Json(body)).into_response())
        }
        ImportReport::Rejected { problems } => Err(files::rejected(&problems)),
    }
}

#[derive(Deserialize, Default)]
struct ExportQuery {
    format: Option<String>,
    status: Option<String>,
    revision_pending: Option<bool>,
    kind: Option<String>,
    category: Option<String>,
    owner_unit: Option<i64>,
}

/// The articles the list would show for the same filter, all of them, as a file an import
/// reads back.
async fn export(
    State(s): State<AppState>,
    a: Authed,
    Query(q): Query<ExportQuery>,
) -> ApiResult<Response> {
    let filter = article_filter(
        q.status.as_deref(),
        q.kind.as_deref(),
        q.category.as_deref(),
        q.owner_unit,
        q.revision_pending,
    )?;
    let fmt = files::format(&FormatQuery { format: q.format })?.unwrap_or(Format::Csv);
    let exported = s.app.export_articles(&a.actor, fmt, filter).await?;
    Ok(files::download(
        fmt,
        "knowledge",
        s.app.today(),
        exported.bytes,
    ))
}

/// The instant-answer rate (即时答复率) period by period.
async fn figures(
    State(s): State<AppState>,
    a: Authed,
    Query(q): Query<FiguresQuery>,
) -> ApiResult<Json<AnswerFigures>> {
    Ok(Json(s.app.answer_figures(&a.actor, q).await?))
}
