//! HTTP for hotline: the JSON API under `/api/v1`, Open311 GeoReport v2 under `/open311/v2`,
//! the OpenAPI document, and `/healthz`. Only this crate knows about HTTP.
#![forbid(unsafe_code)]

mod api;
mod error;
mod extract;
mod files;
mod knowledge;
mod open311;
mod openapi;
mod places;
mod repeats;
mod routing;

use axum::extract::DefaultBodyLimit;
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use tower_http::limit::RequestBodyLimitLayer;

use hotline_service::App;

pub use error::ApiError;

/// Largest request body accepted, except for file uploads.
pub const MAX_BODY_BYTES: usize = 1024 * 1024;

/// Largest file upload accepted: the service's attachment limit.
pub const MAX_UPLOAD_BYTES: usize = hotline_service::attachments::MAX_ATTACHMENT_BYTES;

#[derive(Clone)]
pub struct AppState {
    pub app: App,
}

/// The whole HTTP surface.
pub fn router(app: App) -> Router {
    let state = AppState { app };
    Router::new()
        .route("/healthz", get(api::healthz))
        .route("/api/openapi.json", get(openapi::document))
        .route("/api/docs", get(openapi::docs_page))
        .route("/api/docs/swagger-ui-bundle.js", get(openapi::swagger_js))
        .route("/api/docs/swagger-ui.css", get(openapi::swagger_css))
        .nest(
            "/api/v1",
            api::routes()
                .merge(repeats::routes())
                .merge(routing::routes()),
        )
        .merge(knowledge::routes())
        .merge(places::routes())
        .nest("/open311/v2", open311::routes())
        .merge(hotline_ui::router(state.app.clone()))
        .fallback(api::fallback)
        .layer(DefaultBodyLimit::max(MAX_BODY_BYTES))
        .layer(RequestBodyLimitLayer::new(MAX_BODY_BYTES))
        // Layers wrap only the routes added before them: uploads get their own limit.
        .merge(
            api::upload_routes()
                .merge(hotline_ui::upload_router(state.app.clone()))
                .layer(DefaultBodyLimit::max(MAX_UPLOAD_BYTES))
                .layer(RequestBodyLimitLayer::new(MAX_UPLOAD_BYTES)),
        )
        .merge(
            knowledge::import_routes()
                .merge(places::import_routes())
                .layer(DefaultBodyLimit::max(files::MAX_IMPORT_BYTES))
                .layer(RequestBodyLimitLayer::new(files::MAX_IMPORT_BYTES)),
        )
        .layer(axum::middleware::map_response(too_large_as_problem))
        .with_state(state)
}

/// `RequestBodyLimitLayer` refuses an announced oversized body in plain text; say it as every
/// other refusal is said.
async fn too_large_as_problem(res: Response) -> Response {
    let is_problem = res
        .headers()
        .get(header::CONTENT_TYPE)
        .is_some_and(|v| v.as_bytes().starts_with(b"application/problem+json"));
    if res.status() == StatusCode::PAYLOAD_TOO_LARGE && !is_problem {
        return error::too_large().into_response();
    }
    res
}
