//! Intake analysis and routing models over HTTP: `POST /api/v1/intake/analyze` (everything the
//! intake screen shows beside the form, in one call), the scope rules (`GET`, and `PUT` of the
//! centre's TOML by an administrator), and the
//! routing models: list, train from the centre's history, activate (roll back), figures.
use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::{get, post};
use axum::Router;
use serde::Deserialize;

use hotline_service::analyze::ScopeRules;
use hotline_service::analyze::{Analysis, AnalyzeRequest};
use hotline_service::routing::figures::{FiguresQuery, RouteFigures};
use hotline_service::routing::train::{TrainFromDb, TrainReport};
use hotline_store::RouteModelInfo;

use crate::error::{text_body, ApiResult};
use crate::extract::{Authed, Json, Path, Query};
use crate::AppState;

/// Routes under `/api/v1`.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/intake/analyze", post(analyze))
        .route("/intake/scope-rules", get(scope_rules).put(put_scope_rules))
        .route("/route/models", get(models).post(train))
        .route("/route/models/{version}/activate", post(activate))
        .route("/route/figures", get(figures))
}

async fn analyze(
    State(s): State<AppState>,
    a: Authed,
    Json(draft): Json<AnalyzeRequest>,
) -> ApiResult<Json<Analysis>> {
    Ok(Json(s.app.analyze(&a.actor, draft).await?))
}

async fn scope_rules(State(s): State<AppState>, _a: Authed) -> Json<ScopeRules> {
    Json(s.app.scope().screener.rules().clone())
}

/// Replace the centre's scope rules with a TOML document (the body, `text/plain` or
/// `application/toml`); refused with the line and rule at fault when they do not check.
async fn put_scope_rules(
    State(s): State<AppState>,
    a: Authed,
    body: Result<Bytes, BytesRejection>,
) -> ApiResult<Json<ScopeRules>> {
    let body = text_body(body)?;
    let state = s.app.save_scope_rules(&a.actor, &body).await?;
    Ok(Json(state.screener.rules().clone()))
}

async fn models(State(s): State<AppState>, a: Authed) -> ApiResult<Json<Vec<RouteModelInfo>>> {
    Ok(Json(s.app.route_models(&a.actor).await?))
}

async fn train(
    State(s): State<AppState>,
    a: Authed,
    Json(opts): Json<TrainFromDb>,
) -> ApiResult<(StatusCode, Json<TrainReport>)> {
    Ok((
        StatusCode::CREATED,
        Json(s.app.train_route_model(&a.actor, opts).await?),
    ))
}

#[derive(Deserialize)]
struct VersionPath {
    version: i64,
}

async fn activate(
    State(s): State<AppState>,
    a: Authed,
    Path(p): Path<VersionPath>,
) -> ApiResult<Json<RouteModelInfo>> {
    Ok(Json(s.app.activate_route_model(&a.actor, p.version).await?))
}

async fn figures(
    State(s): State<AppState>,
    a: Authed,
    Query(q): Query<FiguresQuery>,
) -> ApiResult<Json<RouteFigures>> {
    Ok(Json(s.app.route_figures(&a.actor, q).await?))
}
