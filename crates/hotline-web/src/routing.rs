//! Intake analysis and routing models over HTTP: `POST /api/v1/intake/analyze` (everything the
//! intake screen shows beside the form, in one call), the scope rules (`GET`, and `PUT` of the
//! centre's TOML by an administrator), the colloquial → formal lexicon (`GET`, `PUT` of the whole
//! list, and entry by entry, by an administrator), and the
//! routing models: list, train from the centre's history, activate (roll back), figures.
use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::State;
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::Router;
use serde::{Deserialize, Serialize};

use hotline_domain::org::Actor;
use hotline_service::admin::require_admin;
use hotline_service::analyze::ScopeRules;
use hotline_service::analyze::{Analysis, AnalyzeRequest};
use hotline_service::lexicon::{EntryChange, LexiconEntry, LexiconSource, LexiconState};
use hotline_service::routing::figures::{FiguresQuery, RouteFigures};
use hotline_service::routing::train::{TrainFromDb, TrainReport};
use hotline_store::RouteModelInfo;

use crate::error::{text_body, ApiError, ApiResult};
use crate::extract::{Authed, Json, Path, Query};
use crate::AppState;

/// Routes under `/api/v1`.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/intake/analyze", post(analyze))
        .route("/intake/scope-rules", get(scope_rules).put(put_scope_rules))
        .route("/intake/lexicon", get(lexicon).put(put_lexicon))
        .route("/intake/lexicon/entries", post(put_lexicon_entry))
        .route(
            "/intake/lexicon/entries/{colloquial}",
            axum::routing::delete(remove_lexicon_entry),
        )
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

/// Whether a media type (or an Accept list) names the rules' TOML text.
fn is_toml_text(media_type: &str) -> bool {
    media_type.contains("toml") || media_type.starts_with("text/plain")
}

/// The scope rules in force: JSON by default; their TOML text (comments kept, what `PUT`
/// takes) when the client asks for `application/toml` or `text/plain`.
async fn scope_rules(State(s): State<AppState>, _a: Authed, headers: HeaderMap) -> Response {
    let scope = s.app.scope();
    let wants_toml = headers
        .get(header::ACCEPT)
        .and_then(|v| v.to_str().ok())
        .is_some_and(is_toml_text);
    let mut response = if wants_toml {
        (
            [(header::CONTENT_TYPE, "application/toml; charset=utf-8")],
            scope.text.clone(),
        )
            .into_response()
    } else {
        Json(scope.screener.rules().clone()).into_response()
    };
    // The body depends on Accept: caches must keep the two apart.
    response
        .headers_mut()
        .insert(header::VARY, header::HeaderValue::from_static("accept"));
    response
}

/// Replace the centre's scope rules with a TOML document (the body, `application/toml` or
/// `text/plain`, or sent without a type or as curl sends a file by default); refused with the
/// line and rule at fault when they do not check, and with 415 when sent as another type (JSON
/// is not how the rules are written), after who may edit them and whether they may be edited
/// at all are checked.
async fn put_scope_rules(
    State(s): State<AppState>,
    a: Authed,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> ApiResult<Json<ScopeRules>> {
    require_admin(&a.actor)?;
    let governed_by_file = matches!(
        s.app.scope().source,
        hotline_service::scope::RulesSource::File(_)
    );
    // curl sends a file as a form unless told its type.
    let text_like = |v: &str| is_toml_text(v) || v.starts_with("application/x-www-form-urlencoded");
    if let Some(kind) = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .filter(|v| !governed_by_file && !text_like(v))
    {
        return Err(ApiError::new(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "unsupported-media-type",
            format!(
                "受理范围规则以 TOML 文本提交(Content-Type: application/toml),不接受 {kind};\
                 当前规则的文本可用 GET 并带 Accept: application/toml 取得"
            ),
            format!(
                "the rules are sent as TOML (Content-Type: application/toml), not {kind}; GET \
                 them with Accept: application/toml for the current text"
            ),
        ));
    }
    let body = text_body(body)?;
    let state = s.app.save_scope_rules(&a.actor, &body).await?;
    Ok(Json(state.screener.rules().clone()))
}

/// The lexicon in force: where it comes from, whether it may be edited, its entries in order.
#[derive(Serialize)]
struct LexiconView {
    source: &'static str,
    source_label: String,
    editable: bool,
    entries: Vec<LexiconEntry>,
}

/// The view for `actor`: where a file governs from (a server path) is for administrators,
/// and only they may edit.
fn lexicon_view(state: &LexiconState, actor: &Actor) -> LexiconView {
    let admin = require_admin(actor).is_ok();
    let file = matches!(state.source, LexiconSource::File(_));
    LexiconView {
        source: state.source.code(),
        source_label: if admin || !file {
            state.source.label_zh()
        } else {
            "启动参数指定的文件".into()
        },
        editable: admin && !file,
        entries: state.lexicon.entries().to_vec(),
    }
}

async fn lexicon(State(s): State<AppState>, a: Authed) -> Json<LexiconView> {
    Json(lexicon_view(&s.app.lexicon(), &a.actor))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct LexiconBody {
    entries: Vec<LexiconEntry>,
}

/// Replace the centre's whole lexicon; refused, naming the entry at fault, when it does not check.
async fn put_lexicon(
    State(s): State<AppState>,
    a: Authed,
    Json(body): Json<LexiconBody>,
) -> ApiResult<Json<LexiconView>> {
    let state = s.app.save_lexicon(&a.actor, body.entries).await?;
    Ok(Json(lexicon_view(&state, &a.actor)))
}

#[derive(Serialize)]
struct EntryChanged {
    /// `added`, `changed` or `unchanged`.
    change: &'static str,
    entry: LexiconEntry,
}

/// Add an entry, or give a listed phrase a new formal wording: 201 when added, else 200.
async fn put_lexicon_entry(
    State(s): State<AppState>,
    a: Authed,
    Json(entry): Json<LexiconEntry>,
) -> ApiResult<(StatusCode, Json<EntryChanged>)> {
    let (change, entry) = s.app.put_lexicon_entry(&a.actor, entry).await?;
    let (status, change) = match change {
        EntryChange::Added => (StatusCode::CREATED, "added"),
        EntryChange::Changed => (StatusCode::OK, "changed"),
        EntryChange::Unchanged => (StatusCode::OK, "unchanged"),
    };
    Ok((status, Json(EntryChanged { change, entry })))
}

#[derive(Deserialize)]
struct PhrasePath {
    colloquial: String,
}

async fn remove_lexicon_entry(
    State(s): State<AppState>,
    a: Authed,
    Path(p): Path<PhrasePath>,
) -> ApiResult<StatusCode> {
    s.app.remove_lexicon_entry(&a.actor, &p.colloquial).await?;
    Ok(StatusCode::NO_CONTENT)
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
