//! The gazetteer (地名库) over HTTP, under `/api/v1/places`: the list, one place, adding or
//! changing a place by its code, retiring it (`active: false`) or deleting it when nothing
//! names it (admins), and CSV/XLSX import and export. Handlers are thin:
//! extract, call one use case, render.
use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::Router;
use serde::Deserialize;
use serde_json::json;

use hotline_domain::org::{Place, PlaceKind};
use hotline_service::places::{PlaceChange, PlaceImport};
use hotline_service::table::Format;

use crate::error::{ApiError, ApiResult};
use crate::extract::{Authed, Json, Path, Query};
use crate::files::{self, FormatQuery};
use crate::AppState;

const PREFIX: &str = "/api/v1/places";

/// Every route but the import, with full paths.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route(PREFIX, get(list))
        .route(&format!("{PREFIX}/export"), get(export))
        .route(
            &format!("{PREFIX}/{{code}}"),
            get(one).put(save).delete(remove),
        )
}

/// The import, whose body may be up to `files::MAX_IMPORT_BYTES`.
pub fn import_routes() -> Router<AppState> {
    Router::new().route(&format!("{PREFIX}/import"), post(import))
}

async fn list(State(s): State<AppState>, _a: Authed) -> Json<Vec<Place>> {
    let mut places: Vec<Place> = s.app.reference().places.values().cloned().collect();
    places.sort_by(|a, b| a.code.cmp(&b.code));
    Json(places)
}

async fn one(
    State(s): State<AppState>,
    _a: Authed,
    Path(code): Path<String>,
) -> ApiResult<Json<Place>> {
    s.app
        .reference()
        .places
        .get(&code)
        .cloned()
        .map(Json)
        .ok_or_else(|| {
            ApiError::new(
                StatusCode::NOT_FOUND,
                "not-found",
                format!("地名库中没有编码为 {code} 的地名"),
                format!("no place {code}"),
            )
        })
}

/// A place as sent: the code is in the path.
#[derive(Deserialize)]
struct PlaceBody {
    name: String,
    /// `district`, `street`, `community`, `road`, `landmark`, or a Chinese name (街道, 村…).
    kind: String,
    #[serde(default)]
    parent: Option<String>,
    /// When left out, a known place keeps its aliases (as an import without the column does).
    #[serde(default)]
    aliases: Option<Vec<String>>,
    /// In use; when left out, a known place keeps its state and a new one is in use.
    #[serde(default)]
    active: Option<bool>,
}

async fn save(
    State(s): State<AppState>,
    a: Authed,
    Path(code): Path<String>,
    Json(body): Json<PlaceBody>,
) -> ApiResult<Response> {
    let kind = PlaceKind::parse_any(&body.kind).ok_or_else(|| {
        ApiError::unprocessable(
            "kind",
            format!(
                "未知类型「{}」(district、street、community、road、landmark)",
                body.kind
            ),
            format!("unknown kind {}", body.kind),
        )
    })?;
    // What is left out is kept as the store has it, not as this server last saw it.
    let r = s.app.fresh_reference().await?;
    let known = r.places.get(code.trim());
    let active = body
        .active
        .unwrap_or_else(|| known.is_none_or(|p| p.active));
    let aliases = body
        .aliases
        .unwrap_or_else(|| known.map(|p| p.aliases.clone()).unwrap_or_default());
    drop(r);
    let place = Place {
        code,
        name: body.name,
        kind,
        parent: body.parent,
        aliases,
        active,
    };
    let change = s.app.save_place(&a.actor, place.clone()).await?;
    let saved = s.app.reference().places.get(place.code.trim()).cloned();
    let status = match change {
        PlaceChange::Added => StatusCode::CREATED,
        PlaceChange::Changed | PlaceChange::Unchanged => StatusCode::OK,
    };
    Ok((status, Json(json!({ "change": change, "place": saved }))).into_response())
}

/// Delete a place nothing names; 409 with what names it otherwise (retire it instead).
async fn remove(
    State(s): State<AppState>,
    a: Authed,
    Path(code): Path<String>,
) -> ApiResult<Json<serde_json::Value>> {
    let place = s.app.delete_place(&a.actor, &code).await?;
    Ok(Json(json!({ "deleted": place })))
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
        .import_places(
            &a.actor,
            fmt,
            &bytes,
            hotline_service::table::Source::Upload,
        )
        .await?
    {
        imported @ PlaceImport::Imported { .. } => Ok(Json(imported).into_response()),
        PlaceImport::Rejected { problems } => Err(files::rejected(&problems)),
    }
}

async fn export(
    State(s): State<AppState>,
    _a: Authed,
    Query(q): Query<FormatQuery>,
) -> ApiResult<Response> {
    let fmt = files::format(&q)?.unwrap_or(Format::Csv);
    let bytes = s.app.export_places(fmt)?;
    Ok(files::download(fmt, "places", s.app.today(), bytes))
}
