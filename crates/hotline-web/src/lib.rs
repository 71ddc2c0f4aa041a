//! HTTP for hotline: the JSON API under `/api/v1`, Open311 GeoReport v2 under `/open311/v2`,
//! the OpenAPI document, and `/healthz`. Only this crate knows about HTTP.
#![forbid(unsafe_code)]

mod api;
mod error;
mod extract;
mod open311;
mod openapi;

use axum::extract::DefaultBodyLimit;
use axum::routing::get;
use axum::Router;
use tower_http::limit::RequestBodyLimitLayer;

use hotline_service::App;

pub use error::ApiError;

/// Largest request body accepted.
pub const MAX_BODY_BYTES: usize = 1024 * 1024;

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
        .nest("/api/v1", api::routes())
        .nest("/open311/v2", open311::routes())
        .fallback(api::fallback)
        .layer(DefaultBodyLimit::max(MAX_BODY_BYTES))
        .layer(RequestBodyLimitLayer::new(MAX_BODY_BYTES))
        .with_state(state)
}
