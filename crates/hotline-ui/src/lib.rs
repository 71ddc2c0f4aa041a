//! The workstation (工作台): server-rendered Chinese pages for every role of the hotline, served
//! by the `hotline` binary beside the JSON API. Every action is a plain form post guarded by a
//! CSRF token; htmx (embedded from the npm lockfile) only makes some parts refresh in place.
//!
//! Handlers stay thin: they parse a form, call one use case on `App`, and render with maud,
//! which escapes every interpolated value.
#![forbid(unsafe_code)]

mod admin;
mod assets;
mod class_cases;
mod diff;
mod error;
mod fields;
mod figures;
mod format;
mod home;
mod intake;
mod knowledge;
mod knowledge_edit;
mod knowledge_versions;
mod layout;
mod overview;
mod session;
mod spreadsheet;
mod supervision;
mod ticket;
mod ticket_actions;
mod upload;

use axum::routing::{get, post};
use axum::Router;

use hotline_service::App;

pub use error::UiError;
pub use session::SESSION_COOKIE;

/// State the pages share.
#[derive(Clone)]
pub struct UiState {
    pub app: App,
    /// The leader overview's figures, taken at most once a minute.
    figures: overview::FiguresCache,
}

impl UiState {
    fn new(app: App) -> UiState {
        UiState {
            app,
            figures: Default::default(),
        }
    }
}

/// Every page of the workstation. Generic over the outer router's state so it merges into any
/// router (`hotline_web::router` merges it); its own state is applied here.
pub fn router<S: Clone + Send + Sync + 'static>(app: App) -> Router<S> {
    Router::new()
        .route("/", get(home::home))
        .route("/login", get(session::login_page).post(session::login))
        .route("/logout", post(session::logout))
        .route("/queues/{queue}", get(home::queue_page))
        .route("/search", get(home::search_page))
        .route("/tickets/{id}", get(ticket::ticket_page))
        .route("/tickets/{id}/act", post(ticket_actions::act))
        .route("/intake", get(intake::intake_page).post(intake::submit))
        .route("/intake/assist", post(intake::assist))
        .route("/intake/caller", get(intake::caller_panel))
        .route("/home/counts", get(home::counts))
        .route("/supervision", get(supervision::supervision))
        .route("/knowledge", get(knowledge::search))
        .route("/knowledge/manage", get(knowledge_edit::list))
        .route(
            "/knowledge/new",
            get(knowledge_edit::new_form).post(knowledge_edit::create),
        )
        .route("/knowledge/export", get(knowledge_edit::export))
        .route("/knowledge/{id}", get(knowledge::article))
        .route(
            "/knowledge/{id}/edit",
            get(knowledge_edit::edit_form).post(knowledge_edit::update),
        )
        .route(
            "/knowledge/{id}/status",
            post(knowledge_edit::change_status),
        )
        .route("/knowledge/{id}/versions", get(knowledge_versions::list))
        .route(
            "/knowledge/{id}/versions/{version}",
            get(knowledge_versions::version),
        )
        .route(
            "/knowledge/{id}/versions/{version}/restore",
            post(knowledge_versions::restore),
        )
        .route("/overview", get(overview::overview))
        .route("/figures", get(figures::figures_page))
        .route("/class-cases", get(class_cases::class_cases_page))
        .route("/admin", get(admin::admin_home))
        .route("/admin/units", get(admin::units).post(admin::add_unit))
        .route("/admin/units/{id}", get(admin::unit).post(admin::save_unit))
        .route("/admin/places", get(admin::places).post(admin::add_place))
        .route("/admin/places/export", get(admin::export_places))
        .route("/admin/places/area-code", post(admin::save_area_code))
        .route(
            "/admin/places/{code}",
            get(admin::place).post(admin::save_place),
        )
        .route("/admin/places/{code}/active", post(admin::set_place_active))
        .route("/admin/places/{code}/delete", post(admin::delete_place))
        .route("/admin/users", get(admin::users).post(admin::add_user))
        .route("/admin/users/{id}", get(admin::user).post(admin::save_user))
        .route(
            "/admin/categories",
            get(admin::categories).post(admin::save_category),
        )
        .route(
            "/admin/responsibility",
            get(admin::responsibility).post(admin::add_rule),
        )
        .route("/admin/responsibility/remove", post(admin::remove_rule))
        .route(
            "/admin/calendar",
            get(admin::calendar).post(admin::load_calendar),
        )
        .route("/admin/tiers", get(admin::tiers).post(admin::save_tier))
        .route("/admin/clocks", post(admin::save_clocks))
        .route(
            "/admin/scope-rules",
            get(admin::scope_rules).post(admin::save_scope_rules),
        )
        .route(
            "/admin/lexicon",
            get(admin::lexicon).post(admin::put_lexicon_entry),
        )
        .route("/admin/lexicon/remove", post(admin::remove_lexicon_entry))
        .route("/assets/htmx.min.js", get(assets::htmx))
        .route("/assets/app.js", get(assets::app_js))
        .route("/assets/app.css", get(assets::app_css))
        .layer(axum::middleware::map_response(plain_refusals_as_pages))
        .layer(axum::middleware::map_response(security_headers))
        .with_state(UiState::new(app))
}

/// The file upload form, kept apart so the outer router gives it the attachment size limit
/// (`hotline_web` merges it beside the API's uploads).
pub fn upload_router<S: Clone + Send + Sync + 'static>(app: App) -> Router<S> {
    Router::new()
        .route("/tickets/{id}/attach", post(upload::attach))
        .route("/knowledge/import", post(knowledge_edit::import))
        .route("/admin/places/import", post(admin::import_places))
        .layer(axum::middleware::map_response(plain_refusals_as_pages))
        .layer(axum::middleware::map_response(security_headers))
        .with_state(UiState::new(app))
}

/// axum answers a query, a path, a form or an upload it cannot read with English plain text; a
/// page says it in Chinese, as every other refusal, with axum's words after it for the detail.
async fn plain_refusals_as_pages(res: axum::response::Response) -> axum::response::Response {
    use axum::http::header;
    use axum::response::IntoResponse;
    let plain = (res.headers().get(header::CONTENT_TYPE))
        .is_some_and(|v| v.as_bytes().starts_with(b"text/plain"));
    let status = res.status();
    if !plain || !status.is_client_error() {
        return res;
    }
    let detail = (axum::body::to_bytes(res.into_body(), 2048).await)
        .map(|b| String::from_utf8_lossy(&b).trim().to_string())
        .unwrap_or_default();
    let mut page = UiError::BadRequest(format!("无法读取该链接或表单的内容,请返回重试({detail})"))
        .into_response();
    *page.status_mut() = status;
    page
}

/// Pages load scripts and styles only from this server and are never framed: even text that
/// escaped escaping could not run inline script.
async fn security_headers(mut res: axum::response::Response) -> axum::response::Response {
    use axum::http::{header, HeaderValue};
    let h = res.headers_mut();
    h.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(
            "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; \
             object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
        ),
    );
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    h.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("same-origin"),
    );
    if !h.contains_key(header::CACHE_CONTROL) {
        h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    res
}
