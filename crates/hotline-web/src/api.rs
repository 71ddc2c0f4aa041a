//! The JSON API under `/api/v1`. Handlers are thin: extract, call one use case, render.
use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::State;
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post, put};
use axum::Router;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use serde_json::json;

use hotline_domain::calendar::YearSchedule;
use hotline_domain::category::{Category, ResponsibilityRule};
use hotline_domain::org::{NewUnit, Unit, UnitId};
use hotline_domain::policy::Policy;
use hotline_domain::ticket::{Channel, ColourTag, NewTicket, Ticket, TicketId, TicketKind};
use hotline_service::auth::UserRequest;
use hotline_service::intake_record::IntakeOutcome;
use hotline_service::queues::Queue;
use hotline_service::routing::suggest::UnitSuggestion;
use hotline_service::tickets::{parse_state, TicketView};
use hotline_service::ServiceError;
use hotline_store::{Order, Page, TicketFilter};

use crate::error::{text_body, ApiError, ApiResult};
use crate::extract::{Authed, Json, JsonList, Path, Query, SESSION_COOKIE};
use crate::AppState;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/session", post(login).delete(logout))
        .route("/me", get(me))
        .route("/tokens", post(issue_token))
        .route("/tickets", post(create_ticket).get(search))
        .route("/tickets/{id}", get(ticket))
        .route("/tickets/by-number/{number}", get(ticket_by_number))
        .route("/tickets/{id}/timeline", get(timeline))
        .route("/tickets/{id}/unit-suggestions", get(unit_suggestions))
        .route("/tickets/{id}/intake-suggestion", get(intake_suggestion))
        .route("/tickets/{id}/actions", post(act))
        .route("/attachments/{id}", get(attachment))
        .route("/queues", get(queues))
        .route("/queues/{queue}", get(queue))
        .route("/callers/{phone}/tickets", get(caller_history))
        .route("/units", get(units).post(add_unit))
        .route("/units/{id}", get(unit).put(update_unit))
        .route("/users", get(users).post(add_user))
        .route("/users/{id}", put(update_user))
        .route("/categories", get(categories).put(put_categories))
        .route(
            "/responsibility",
            get(responsibility).put(put_responsibility),
        )
        .route(
            "/calendar/{year}",
            get(calendar_year).put(put_calendar_year),
        )
        .route("/policy", get(policy).put(put_policy))
}

/// Routes whose body is a file: they take up to the attachment limit instead of the API's
/// 1 MiB, so they are kept apart from `routes` (full paths, merged at the top).
pub fn upload_routes() -> Router<AppState> {
    Router::new().route("/api/v1/tickets/{id}/attachments", post(attach))
}

#[derive(Deserialize)]
struct LoginRequest {
    username: String,
    password: String,
}

async fn login(
    State(s): State<AppState>,
    headers: HeaderMap,
    Json(req): Json<LoginRequest>,
) -> ApiResult<Response> {
    let (secret, user) = s
        .app
        .login(&req.username, &req.password)
        .await
        .map_err(|e| match e {
            hotline_service::ServiceError::Unauthenticated => ApiError::new(
                StatusCode::UNAUTHORIZED,
                "bad-credentials",
                "用户名或密码错误",
                "wrong username or password",
            ),
            other => other.into(),
        })?;
    let cookie = format!(
        "{SESSION_COOKIE}={secret}; Path=/; HttpOnly; SameSite=Lax; Max-Age={}{}",
        hotline_service::auth::SESSION_HOURS * 3600,
        crate::extract::secure_cookie(&headers)
    );
    Ok((
        [(header::SET_COOKIE, cookie)],
        axum::Json(json!({ "user": user, "token": secret })),
    )
        .into_response())
}

async fn logout(State(s): State<AppState>, headers: HeaderMap) -> ApiResult<Response> {
    let (mut parts, _) = axum::http::Request::new(()).into_parts();
    parts.headers = headers;
    if let Some(secret) = crate::extract::credential(&parts) {
        s.app.logout(&secret).await?;
    }
    let cookie = format!("{SESSION_COOKIE}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0");
    Ok(([(header::SET_COOKIE, cookie)], StatusCode::NO_CONTENT).into_response())
}

async fn me(a: Authed) -> Json<hotline_domain::org::User> {
    Json(a.user)
}

async fn issue_token(
    State(s): State<AppState>,
    a: Authed,
) -> ApiResult<(StatusCode, Json<serde_json::Value>)> {
    // A person signed in issues tokens; a token (a system's key, perhaps leaked) does not
    // make more of itself.
    if a.api_token {
        return Err(hotline_service::ServiceError::Forbidden(
            "API 令牌不能签发新令牌,请登录后签发 / an API token cannot issue tokens: sign in"
                .into(),
        )
        .into());
    }
    let token = s.app.issue_token(&a.user).await?;
    Ok((
        StatusCode::CREATED,
        Json(json!({ "token": token, "expires_in_days": hotline_service::auth::TOKEN_DAYS })),
    ))
}

async fn create_ticket(
    State(s): State<AppState>,
    a: Authed,
    headers: HeaderMap,
    Json(new): Json<NewTicket>,
) -> ApiResult<(StatusCode, Json<TicketView>)> {
    let key = match headers.get("idempotency-key") {
        None => None,
        Some(v) => Some(
            v.to_str()
                .map_err(|_| {
                    ApiError::bad_request(
                        "Idempotency-Key 须为 ASCII",
                        "Idempotency-Key must be ASCII",
                    )
                })?
                .to_string(),
        ),
    };
    let t = s.app.create_ticket(&a.actor, new, key).await?;
    Ok((
        StatusCode::CREATED,
        Json(s.app.view_one(&a.actor, t).await?),
    ))
}

async fn ticket(
    State(s): State<AppState>,
    a: Authed,
    Path(id): Path<i64>,
) -> ApiResult<Json<TicketView>> {
    let t = s.app.ticket(&a.actor, TicketId(id)).await?;
    Ok(Json(s.app.view_one(&a.actor, t).await?))
}

/// The units to dispatch a ticket to, with reasons: for the centre, not for units.
async fn unit_suggestions(
    State(s): State<AppState>,
    a: Authed,
    Path(id): Path<i64>,
) -> ApiResult<Json<Vec<UnitSuggestion>>> {
    let t = s.app.ticket(&a.actor, TicketId(id)).await?;
    Ok(Json(s.app.dispatch_suggestions(&a.actor, &t).await?))
}

/// What intake suggested when the ticket was recorded, against what was done: for the centre.
async fn intake_suggestion(
    State(s): State<AppState>,
    a: Authed,
    Path(id): Path<i64>,
) -> ApiResult<Json<IntakeOutcome>> {
    s.app
        .intake_suggestion(&a.actor, TicketId(id))
        .await?
        .map(Json)
        .ok_or_else(|| ServiceError::NotFound("intake suggestion").into())
}

async fn ticket_by_number(
    State(s): State<AppState>,
    a: Authed,
    Path(number): Path<String>,
) -> ApiResult<Json<TicketView>> {
    let t = s.app.ticket_by_number(&a.actor, &number).await?;
    Ok(Json(s.app.view_one(&a.actor, t).await?))
}

async fn timeline(
    State(s): State<AppState>,
    a: Authed,
    Path(id): Path<i64>,
) -> ApiResult<Json<serde_json::Value>> {
    let entries = s.app.timeline(&a.actor, TicketId(id)).await?;
    Ok(Json(json!({ "ticket": id, "events": entries })))
}

/// An action: the version the person saw plus the command, e.g.
/// `{"version": 3, "action": "dispatch", "main": 12}` (read by `actions::read`).
async fn act(
    State(s): State<AppState>,
    a: Authed,
    Path(id): Path<i64>,
    Json(body): Json<serde_json::Value>,
) -> ApiResult<Json<TicketView>> {
    // Only an edit is laid over the ticket as stored: other actions read it once, in `act`.
    let ticket = if crate::actions::is_edit(&body) {
        Some(s.app.ticket(&a.actor, TicketId(id)).await?)
    } else {
        None
    };
    let (version, command) = crate::actions::read(body, ticket.as_ref())?;
    let t = s.app.act(&a.actor, TicketId(id), version, command).await?;
    Ok(Json(s.app.view_one(&a.actor, t).await?))
}

#[derive(Deserialize)]
struct UploadQuery {
    version: u64,
    name: String,
}

/// A file as the raw body, typed by its Content-Type, e.g.
/// `POST /api/v1/tickets/7/attachments?version=5&name=现场.png` with `Content-Type: image/png`.
async fn attach(
    State(s): State<AppState>,
    a: Authed,
    Path(id): Path<i64>,
    Query(q): Query<UploadQuery>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> ApiResult<(StatusCode, Json<TicketView>)> {
    let content_type = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    let bytes = Vec::from(body?);
    let t = s
        .app
        .attach(
            &a.actor,
            TicketId(id),
            q.version,
            &q.name,
            content_type,
            bytes,
        )
        .await?;
    Ok((
        StatusCode::CREATED,
        Json(s.app.view_one(&a.actor, t).await?),
    ))
}

/// A stored file, always as a download and never sniffed into another type.
async fn attachment(
    State(s): State<AppState>,
    a: Authed,
    Path(id): Path<i64>,
) -> ApiResult<Response> {
    let file = s.app.attachment(&a.actor, id).await?;
    let disposition = format!("attachment; filename*=UTF-8''{}", rfc5987(&file.name));
    Ok((
        [
            (header::CONTENT_TYPE, file.content_type),
            (header::CONTENT_DISPOSITION, disposition),
            (header::X_CONTENT_TYPE_OPTIONS, "nosniff".to_string()),
            (header::CACHE_CONTROL, "private, no-cache".to_string()),
        ],
        file.bytes,
    )
        .into_response())
}

/// A file name as an RFC 8187 `ext-value` body: UTF-8, every byte that is not an `attr-char`
/// percent-encoded (so no quote, semicolon or space reaches the header).
fn rfc5987(name: &str) -> String {
    let mut out = String::with_capacity(name.len() * 3);
    for b in name.bytes() {
        if b.is_ascii_alphanumeric() || b"!#$&+-.^_`|~".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// Search parameters; lists are comma-separated.
#[derive(Deserialize, Default)]
struct SearchQuery {
    state: Option<String>,
    phone: Option<String>,
    number: Option<String>,
    q: Option<String>,
    unit: Option<i64>,
    holder: Option<i64>,
    category: Option<String>,
    district: Option<String>,
    channel: Option<String>,
    kind: Option<String>,
    tag: Option<String>,
    from: Option<String>,
    to: Option<String>,
    overdue: Option<bool>,
    limit: Option<u32>,
    offset: Option<u32>,
    order: Option<String>,
}

fn parse_time(field: &str, s: &str) -> ApiResult<DateTime<Utc>> {
    if let Ok(t) = DateTime::parse_from_rfc3339(s) {
        return Ok(t.with_timezone(&Utc));
    }
    chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d")
        .ok()
        .and_then(|d| d.and_hms_opt(0, 0, 0))
        .and_then(|d| {
            d.and_local_timezone(hotline_domain::calendar::china_offset())
                .single()
        })
        .map(|d| d.with_timezone(&Utc))
        .ok_or_else(|| {
            ApiError::unprocessable(
                field,
                format!("时间格式应为 YYYY-MM-DD 或 RFC 3339:{s}"),
                format!("{field}: expected YYYY-MM-DD or RFC 3339"),
            )
        })
}

fn parse_enum<T>(
    field: &str,
    s: &Option<String>,
    parse: impl Fn(&str) -> Option<T>,
) -> ApiResult<Option<T>> {
    s.as_deref()
        .map(|v| {
            parse(v).ok_or_else(|| {
                ApiError::unprocessable(
                    field,
                    format!("{field} 的取值 {v} 不正确"),
                    format!("unknown {field} {v}"),
                )
            })
        })
        .transpose()
}

impl SearchQuery {
    /// `now` is the app's clock, which tests and the demo move.
    fn filter(&self, now: DateTime<Utc>) -> ApiResult<TicketFilter> {
        let states = match &self.state {
            None => vec![],
            Some(s) => s
                .split(',')
                .filter(|x| !x.is_empty())
                .map(parse_state)
                .collect::<Result<_, _>>()?,
        };
        Ok(TicketFilter {
            states,
            phone: self.phone.clone(),
            number: self.number.clone(),
            text: self.q.clone().filter(|q| !q.trim().is_empty()),
            involved_unit: self.unit.map(UnitId),
            holder: self.holder.map(UnitId),
            // The service takes an empty field, as a form sends it, for no filter.
            category: self.category.clone(),
            district: self.district.clone(),
            channel: parse_enum("channel", &self.channel, Channel::parse)?,
            kind: parse_enum("kind", &self.kind, TicketKind::parse)?,
            tag: parse_enum("tag", &self.tag, ColourTag::parse)?,
            created_from: self
                .from
                .as_deref()
                .map(|s| parse_time("from", s))
                .transpose()?,
            created_to: self
                .to
                .as_deref()
                .map(|s| parse_time("to", s))
                .transpose()?,
            due_before: self.overdue.filter(|o| *o).map(|_| now),
            ..Default::default()
        })
    }

    fn page(&self) -> ApiResult<Page> {
        let order = match self.order.as_deref() {
            None | Some("newest") => Order::Newest,
            Some("oldest") => Order::Oldest,
            Some("due") => Order::DueSoonest,
            Some(o) => {
                return Err(ApiError::unprocessable(
                    "order",
                    format!("排序 {o} 不正确(newest/oldest/due)"),
                    "order: newest, oldest or due",
                ))
            }
        };
        Ok(Page {
            limit: page_limit(self.limit)?,
            offset: self.offset.unwrap_or(0),
            order,
        })
    }
}

/// A page size of 1 to 200 rows (50 unless given); outside that is an error, not a surprise.
pub(crate) fn page_limit(limit: Option<u32>) -> ApiResult<u32> {
    match limit {
        None => Ok(50),
        Some(n @ 1..=200) => Ok(n),
        Some(n) => Err(ApiError::unprocessable(
            "limit",
            format!("每页条数应为 1–200,收到 {n}"),
            "limit: 1 to 200",
        )),
    }
}

#[derive(Serialize)]
struct TicketList {
    total: u64,
    items: Vec<TicketView>,
}

fn list(s: &AppState, a: &Authed, (items, total): (Vec<Ticket>, u64)) -> Json<TicketList> {
    Json(TicketList {
        total,
        items: items.into_iter().map(|t| s.app.view(&a.actor, t)).collect(),
    })
}

async fn search(
    State(s): State<AppState>,
    a: Authed,
    Query(q): Query<SearchQuery>,
) -> ApiResult<Json<TicketList>> {
    let found = s
        .app
        .search(&a.actor, q.filter(s.app.now())?, q.page()?)
        .await?;
    Ok(list(&s, &a, found))
}

async fn caller_history(
    State(s): State<AppState>,
    a: Authed,
    Path(phone): Path<String>,
    Query(q): Query<SearchQuery>,
) -> ApiResult<Json<TicketList>> {
    let found = s.app.caller_history(&a.actor, &phone, q.page()?).await?;
    Ok(list(&s, &a, found))
}

async fn queues(State(s): State<AppState>, a: Authed) -> ApiResult<Json<serde_json::Value>> {
    Ok(Json(json!({ "queues": s.app.my_queues(&a.actor).await? })))
}

async fn queue(
    State(s): State<AppState>,
    a: Authed,
    Path(name): Path<String>,
    Query(q): Query<SearchQuery>,
) -> ApiResult<Json<TicketList>> {
    let queue = Queue::parse(&name).map_err(|_| ApiError::not_found("route"))?;
    let found = s
        .app
        .queue(&a.actor, queue, page_limit(q.limit)?, q.offset.unwrap_or(0))
        .await?;
    Ok(list(&s, &a, found))
}

async fn units(State(s): State<AppState>, _a: Authed) -> Json<Vec<Unit>> {
    let mut units: Vec<Unit> = s.app.reference().units.values().cloned().collect();
    units.sort_by_key(|u| u.id);
    Json(units)
}

async fn unit(State(s): State<AppState>, _a: Authed, Path(id): Path<i64>) -> ApiResult<Json<Unit>> {
    Ok(Json(s.app.unit(UnitId(id))?))
}

async fn add_unit(
    State(s): State<AppState>,
    a: Authed,
    Json(u): Json<NewUnit>,
) -> ApiResult<(StatusCode, Json<Unit>)> {
    Ok((
        StatusCode::CREATED,
        Json(s.app.add_unit(&a.actor, u).await?),
    ))
}

async fn update_unit(
    State(s): State<AppState>,
    a: Authed,
    Path(id): Path<i64>,
    Json(mut u): Json<Unit>,
) -> ApiResult<Json<Unit>> {
    u.id = UnitId(id);
    Ok(Json(s.app.update_unit(&a.actor, u).await?))
}

async fn users(
    State(s): State<AppState>,
    a: Authed,
) -> ApiResult<Json<Vec<hotline_domain::org::User>>> {
    Ok(Json(s.app.users(&a.actor).await?))
}

async fn add_user(
    State(s): State<AppState>,
    a: Authed,
    Json(u): Json<UserRequest>,
) -> ApiResult<(StatusCode, Json<hotline_domain::org::User>)> {
    Ok((
        StatusCode::CREATED,
        Json(s.app.add_user(&a.actor, u).await?),
    ))
}

async fn update_user(
    State(s): State<AppState>,
    a: Authed,
    Path(id): Path<i64>,
    Json(change): Json<hotline_service::auth::UserUpdate>,
) -> ApiResult<Json<hotline_domain::org::User>> {
    let id = hotline_domain::org::UserId(id);
    Ok(Json(s.app.update_user(&a.actor, id, change).await?))
}

async fn categories(State(s): State<AppState>, _a: Authed) -> Json<Vec<Category>> {
    let mut cats: Vec<Category> = s.app.reference().categories.values().cloned().collect();
    cats.sort_by(|a, b| a.code.cmp(&b.code));
    Json(cats)
}

async fn put_categories(
    State(s): State<AppState>,
    a: Authed,
    JsonList(cats): JsonList<Category>,
) -> ApiResult<StatusCode> {
    s.app.upsert_categories(&a.actor, cats).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Deserialize)]
struct VersionQuery {
    version: Option<i64>,
}

async fn responsibility(
    State(s): State<AppState>,
    _a: Authed,
    Query(q): Query<VersionQuery>,
) -> ApiResult<Json<hotline_domain::category::ResponsibilityList>> {
    let list = match q.version {
        None => s.app.reference().responsibility.clone(),
        Some(v) => s
            .app
            .store
            .responsibility(Some(v))
            .await
            .map_err(hotline_service::ServiceError::from)?,
    };
    Ok(Json(list))
}

#[derive(Deserialize)]
struct AfterQuery {
    /// The version the new list was built on: saved only if it is still the latest.
    after: Option<i64>,
}

async fn put_responsibility(
    State(s): State<AppState>,
    a: Authed,
    Query(q): Query<AfterQuery>,
    JsonList(rules): JsonList<ResponsibilityRule>,
) -> ApiResult<Json<serde_json::Value>> {
    let version = s.app.save_responsibility(&a.actor, rules, q.after).await?;
    Ok(Json(json!({ "version": version })))
}

async fn calendar_year(
    State(s): State<AppState>,
    _a: Authed,
    Path(year): Path<i32>,
) -> ApiResult<Json<serde_json::Value>> {
    let r = s.app.reference();
    let official = r.calendar.year_schedule(year);
    Ok(Json(json!({
        "year": year,
        "official": official.is_some(),
        "schedule": official,
        "working_hours": r.calendar.working_hours(),
    })))
}

/// Load a year: the body is the JSON `YearSchedule`, or the text format when sent as text/plain.
async fn put_calendar_year(
    State(s): State<AppState>,
    a: Authed,
    Path(year): Path<i32>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> ApiResult<StatusCode> {
    let body = text_body(body)?;
    let is_text = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("text/"));
    let schedule: YearSchedule = if is_text {
        YearSchedule::parse_text(&body)
            .map_err(|e| ApiError::unprocessable("calendar", e.zh(), e.to_string()))?
    } else {
        // Not JSON is a bad request; JSON not of a year's shape (or holding a NUL) is refused
        // field by field, as every other body.
        let value = serde_json::from_str(&body)
            .map_err(|e| ApiError::bad_request(format!("JSON 格式错误:{e}"), e.to_string()))?;
        crate::extract::read_value(value, false, false)?
    };
    if schedule.year != year {
        return Err(ApiError::unprocessable(
            "year",
            format!("路径中的年份 {year} 与内容中的 {} 不一致", schedule.year),
            "year mismatch",
        ));
    }
    s.app.load_calendar_year(&a.actor, schedule).await?;
    Ok(StatusCode::NO_CONTENT)
}

async fn policy(State(s): State<AppState>, _a: Authed) -> Json<Policy> {
    Json(s.app.reference().policy.clone())
}

/// A policy as sent, laid over the stored one field by field at the top level: a field the body
/// leaves out keeps its value, so a client written before a field existed (the area code, the
/// working hours) does not clear it by saving the rest; a field sent is taken whole as sent
/// (the tiers are the list sent), null restoring the default working hours and clearing the
/// area code. A field the policy does not have is refused.
async fn put_policy(
    State(s): State<AppState>,
    a: Authed,
    Json(sent): Json<serde_json::Map<String, serde_json::Value>>,
) -> ApiResult<StatusCode> {
    s.app
        .change_policy(&a.actor, |stored| {
            // Plain data always serialises to an object; were it not to, the body is read alone.
            let mut merged = match serde_json::to_value(&stored) {
                Ok(serde_json::Value::Object(fields)) => fields,
                _ => serde_json::Map::new(),
            };
            merged.extend(sent.clone());
            crate::extract::from_value::<Policy>(serde_json::Value::Object(merged), false)
        })
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

pub(crate) async fn healthz(State(s): State<AppState>) -> Response {
    match s.app.store.ping().await {
        Ok(()) => (
            StatusCode::OK,
            axum::Json(json!({ "status": "ok", "database": s.app.store.backend() })),
        )
            .into_response(),
        Err(e) => (
            StatusCode::SERVICE_UNAVAILABLE,
            axum::Json(json!({ "status": "unavailable", "error": e.to_string() })),
        )
            .into_response(),
    }
}

pub(crate) async fn fallback() -> ApiError {
    ApiError::not_found("route")
}

#[cfg(test)]
mod tests {
    use super::rfc5987;

    #[test]
    fn file_names_are_percent_encoded_as_utf8_except_attr_chars() {
        assert_eq!(rfc5987("现场.png"), "%E7%8E%B0%E5%9C%BA.png");
        assert_eq!(rfc5987("a b;\"c\".pdf"), "a%20b%3B%22c%22.pdf");
        assert_eq!(rfc5987("Az09!#$&+-.^_`|~"), "Az09!#$&+-.^_`|~");
        assert_eq!(rfc5987("100%'"), "100%25%27");
    }
}
