//! HTTP for hotline: the JSON API under `/api/v1`, Open311 GeoReport v2 under `/open311/v2`,
//! the OpenAPI document, and `/healthz`. Only this crate knows about HTTP.
#![forbid(unsafe_code)]

mod actions;
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
mod serde_zh;

use axum::extract::DefaultBodyLimit;
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use tower_http::limit::RequestBodyLimitLayer;
use tower_http::timeout::RequestBodyTimeoutLayer;

use hotline_service::App;

pub use error::ApiError;

/// Largest request body accepted, except for file uploads.
pub const MAX_BODY_BYTES: usize = 1024 * 1024;

/// Longest pause while a request body arrives: a client that announces a body and stops
/// sending it is answered (400) instead of holding a connection open.
pub const BODY_IDLE_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(30);

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
        .layer(axum::middleware::map_response(plain_refusals_as_problems))
        .layer(RequestBodyTimeoutLayer::new(BODY_IDLE_TIMEOUT))
        .layer(axum::middleware::from_fn(refuse_nul_in_address))
        .with_state(state)
}

/// An address (path or query) spelling a NUL character (`%00`) is refused before any handler:
/// no database keeps NUL in text, and PostgreSQL answered a lookup by it with a server error.
/// Bodies are checked where they are read (`extract::refuse_nul`, the pages' forms).
async fn refuse_nul_in_address(
    req: axum::extract::Request,
    next: axum::middleware::Next,
) -> Response {
    let uri = req.uri();
    let spells_nul = |s: &str| s.as_bytes().windows(3).any(|w| w == b"%00");
    if !spells_nul(uri.path()) && !uri.query().is_some_and(spells_nul) {
        return next.run(req).await;
    }
    let zh = "请求地址含有 NUL 字符(%00),请删除";
    let api = ["/api/", "/open311/", "/healthz"];
    if api.iter().any(|p| uri.path().starts_with(p)) {
        let en = "the address holds a NUL character (%00), which no field may hold";
        ApiError::new(StatusCode::UNPROCESSABLE_ENTITY, "invalid-address", zh, en).into_response()
    } else {
        hotline_ui::UiError::BadRequest(zh.into()).into_response()
    }
}

/// `RequestBodyLimitLayer` refuses an announced oversized body, and the router a method a path
/// does not take, with no problem body; say them as every other refusal is said.
async fn plain_refusals_as_problems(res: Response) -> Response {
    let is_problem = res
        .headers()
        .get(header::CONTENT_TYPE)
        .is_some_and(|v| v.as_bytes().starts_with(b"application/problem+json"));
    if is_problem {
        return res;
    }
    match res.status() {
        StatusCode::PAYLOAD_TOO_LARGE => error::too_large().into_response(),
        StatusCode::METHOD_NOT_ALLOWED => {
            let mut problem = ApiError::new(
                StatusCode::METHOD_NOT_ALLOWED,
                "method-not-allowed",
                "该地址不支持此请求方法",
                "method not allowed on this path",
            )
            .into_response();
            if let Some(allow) = res.headers().get(header::ALLOW) {
                problem.headers_mut().insert(header::ALLOW, allow.clone());
            }
            problem
        }
        _ => res,
    }
}
