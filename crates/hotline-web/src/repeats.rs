//! Repeats and class cases over HTTP: `POST /api/v1/intake/repeats` (a draft → the caller's
//! recent tickets, open tickets of the category at the place, near-duplicate texts) and
//! `GET /api/v1/class-cases?days=30&min_size=3&category=&place=&open_only=&offset=&limit=`.
//! Merging is the `merge` ticket action.
use axum::extract::State;
use axum::routing::{get, post};
use axum::Router;
use serde::Deserialize;

use hotline_service::class_cases::{
    ClassCaseQuery, ClassCases, DEFAULT_DAYS, DEFAULT_LIMIT, DEFAULT_MIN_SIZE,
};
use hotline_service::repeats::{RepeatQuery, Repeats};
use hotline_service::ServiceError;

use crate::error::ApiResult;
use crate::extract::{Authed, Json, Query};
use crate::AppState;

/// Routes under `/api/v1`.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/intake/repeats", post(repeats))
        .route("/class-cases", get(class_cases))
}

async fn repeats(
    State(s): State<AppState>,
    a: Authed,
    Json(draft): Json<RepeatQuery>,
) -> ApiResult<Json<Repeats>> {
    Ok(Json(s.app.lookup_repeats(&a.actor, draft).await?))
}

/// Any whole number is read, so a negative or huge one gets the service's 422 saying the range,
/// as 0 does, rather than a 400 for its type.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ClassCaseParams {
    days: Option<i64>,
    min_size: Option<i64>,
    /// A category code: that category and those below it.
    category: Option<String>,
    /// A place code (a district, a street): the tickets there.
    #[serde(alias = "district")]
    place: Option<String>,
    /// Only class cases with a ticket still being handled.
    #[serde(default)]
    open_only: bool,
    offset: Option<i64>,
    limit: Option<i64>,
    /// Compute anew instead of reusing results of the last five minutes.
    #[serde(default)]
    refresh: bool,
}

async fn class_cases(
    State(s): State<AppState>,
    a: Authed,
    Query(q): Query<ClassCaseParams>,
) -> ApiResult<Json<ClassCases>> {
    let blank = |v: Option<String>| v.map(|v| v.trim().to_string()).filter(|v| !v.is_empty());
    let offset = match q.offset {
        None => 0,
        Some(o) => usize::try_from(o)
            .map_err(|_| ServiceError::invalid("offset", "不能为负数 / must not be negative"))?,
    };
    // Out of the types' range is out of the service's too (0 is refused with the range).
    let query = ClassCaseQuery {
        days: q
            .days
            .map_or(DEFAULT_DAYS, |d| u32::try_from(d).unwrap_or(0)),
        min_size: q
            .min_size
            .map_or(DEFAULT_MIN_SIZE, |m| usize::try_from(m).unwrap_or(0)),
        category: blank(q.category),
        place: blank(q.place),
        open_only: q.open_only,
        offset,
        limit: q
            .limit
            .map_or(DEFAULT_LIMIT, |l| usize::try_from(l).unwrap_or(0)),
        refresh: q.refresh,
    };
    Ok(Json(s.app.class_cases(&a.actor, &query).await?))
}
