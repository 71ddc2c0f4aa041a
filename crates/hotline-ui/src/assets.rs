//! Static files embedded in the binary: htmx (from the npm lockfile, see `build.rs`) and the
//! workstation's own script and styles.
use axum::http::header;
use axum::response::IntoResponse;

const HTMX: &str = include_str!(concat!(env!("OUT_DIR"), "/htmx.min.js"));
const APP_JS: &str = include_str!("../assets/app.js");
const APP_CSS: &str = include_str!("../assets/app.css");

fn asset(content_type: &'static str, body: &'static str) -> impl IntoResponse {
    (
        [
            (header::CONTENT_TYPE, content_type),
            (header::CACHE_CONTROL, "public, max-age=3600"),
        ],
        body,
    )
}

pub async fn htmx() -> impl IntoResponse {
    asset("text/javascript; charset=utf-8", HTMX)
}

pub async fn app_js() -> impl IntoResponse {
    asset("text/javascript; charset=utf-8", APP_JS)
}

pub async fn app_css() -> impl IntoResponse {
    asset("text/css; charset=utf-8", APP_CSS)
}
