//! Repeats and class cases over HTTP: `POST /api/v1/intake/repeats` (a draft → the caller's
//! recent tickets, open tickets of the category at the place, near-duplicate texts) and
//! `GET /api/v1/class-cases?days=30&min_size=3`. Merging is the `merge` ticket action.
use axum::extract::State;
use axum::routing::{get, post};
use axum::Router;
use serde::Deserialize;

use hotline_service::class_cases::{ClassCases, DEFAULT_DAYS, DEFAULT_MIN_SIZE};
use hotline_service::repeats::{RepeatQuery, Repeats};

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
    Ok(Json(s.app.repeats(&a.actor, draft).await?))
}

#[derive(Deserialize)]
struct ClassCaseQuery {
    days: Option<u32>,
    min_size: Option<usize>,
    /// Compute anew instead of reusing results of the last five minutes.
    #[serde(default)]
    refresh: bool,
}

async fn class_cases(
    State(s): State<AppState>,
    a: Authed,
    Query(q): Query<ClassCaseQuery>,
) -> ApiResult<Json<ClassCases>> {
    let (days, min_size) = (
        q.days.unwrap_or(DEFAULT_DAYS),
        q.min_size.unwrap_or(DEFAULT_MIN_SIZE),
    );
    Ok(Json(
        s.app
            .class_cases(&a.actor, days, min_size, q.refresh)
            .await?,
    ))
}
