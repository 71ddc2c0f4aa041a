//! Extractors that turn bad input into problem+json, and the signed-in person.
use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::request::Parts;
use axum::http::{header, Method, StatusCode};
use axum::response::{IntoResponse, Response};
use serde::de::DeserializeOwned;

use hotline_domain::org::{Actor, User};

use crate::error::{ApiError, ApiResult};
use crate::AppState;

/// A JSON object body; syntax errors are 400, shape errors 422, oversized 413.
pub struct Json<T>(pub T);

/// A JSON array body, with the errors of `Json`.
pub struct JsonList<T>(pub Vec<T>);

/// The body as JSON, read in two steps because serde_json reports a wrong-typed enum
/// (`"kind": 5`) as a syntax error: only a body that is not JSON at all is a 400, any shape
/// error is a 422. `array` says which of object or array the body must be: serde would read an
/// object from an array of its fields in order, so `[]` would pass for `{}`.
async fn body<T: DeserializeOwned, S: Send + Sync>(
    req: Request,
    state: &S,
    array: bool,
) -> ApiResult<T> {
    // A PUT may send back what a GET gave, read-only fields and all (`code`, `version`); what
    // creates or acts (POST) must name only fields it has.
    let strict = req.method() == axum::http::Method::POST;
    let axum::Json(value) = axum::Json::<serde_json::Value>::from_request(req, state).await?;
    read_value(value, array, strict)
}

/// A body already read as JSON into what a handler takes: no NUL character in it, an object
/// (or, with `array`, an array), then the handler's type with no field it does not have, any
/// mismatch a 422.
pub fn from_value<T: DeserializeOwned>(value: serde_json::Value, array: bool) -> ApiResult<T> {
    read_value(value, array, true)
}

/// `from_value`, where a field the type does not have is refused only when `strict`.
pub(crate) fn read_value<T: DeserializeOwned>(
    value: serde_json::Value,
    array: bool,
    strict: bool,
) -> ApiResult<T> {
    refuse_nul(&value)?;
    match (array, &value) {
        (false, v) if !v.is_object() => return Err(not_an_object()),
        (true, v) if !v.is_array() => {
            return Err(wrong_shape("数组 […]", "an array […]"));
        }
        _ => {}
    }
    // A field the type does not have is refused, not dropped: a misspelt "confidentail" would
    // otherwise leave a caller who asked for confidentiality unprotected, silently.
    let mut unknown: Vec<String> = Vec::new();
    let read = serde_path_to_error::deserialize(serde_ignored::Deserializer::new(
        value,
        &mut |path: serde_ignored::Path| unknown.push(path.to_string()),
    ));
    if strict && !unknown.is_empty() {
        let fields = unknown.join("、");
        return Err(ApiError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid-body",
            format!("请求内容有不认识的字段:{fields}(请检查拼写)"),
            format!("unknown field(s) in the body: {}", unknown.join(", ")),
        ));
    }
    read.map_err(|e| {
        let detail = format!("Failed to deserialize the JSON body into the target type: {e}");
        ApiError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid-body",
            format!(
                "请求内容不符合要求:{}",
                crate::serde_zh::say(&e.to_string())
            ),
            detail,
        )
    })
}

/// A request (a JSON body, or a form as JSON) holding a NUL character is refused, naming where.
pub fn refuse_nul(value: &serde_json::Value) -> ApiResult<()> {
    let Some(at) = nul_at(value) else {
        return Ok(());
    };
    let at = if at.is_empty() {
        "正文".to_string()
    } else {
        at
    };
    Err(ApiError::new(
        StatusCode::UNPROCESSABLE_ENTITY,
        "invalid-body",
        format!("请求内容的 {at} 含有 NUL 字符(\\u0000),请删除"),
        format!("{at} contains a NUL character (\\u0000), which text may not hold"),
    ))
}

/// Where a JSON value holds a NUL character, in a string or a key (`elements.event`, `[2]`):
/// no database stores one in text, so it is refused here rather than failing there.
fn nul_at(value: &serde_json::Value) -> Option<String> {
    use serde_json::Value;
    match value {
        Value::String(s) => s.contains('\0').then(String::new),
        Value::Array(items) => items
            .iter()
            .enumerate()
            .find_map(|(i, v)| nul_at(v).map(|rest| format!("[{i}]{}", dotted(&rest)))),
        Value::Object(map) => map.iter().find_map(|(k, v)| {
            if k.contains('\0') {
                return Some(k.replace('\0', "\\u0000"));
            }
            nul_at(v).map(|rest| format!("{k}{}", dotted(&rest)))
        }),
        _ => None,
    }
}

/// `rest` of a path after a key: `.field`, `[1]`, or nothing.
fn dotted(rest: &str) -> String {
    if rest.is_empty() || rest.starts_with('[') {
        rest.to_string()
    } else {
        format!(".{rest}")
    }
}

/// A body that is JSON but not the object a handler reads.
fn not_an_object() -> ApiError {
    wrong_shape("对象 {…}", "an object {…}")
}

fn wrong_shape(zh: &str, en: &str) -> ApiError {
    ApiError::new(
        StatusCode::UNPROCESSABLE_ENTITY,
        "invalid-body",
        format!("请求内容应为 JSON {zh}"),
        format!("The JSON body must be {en}"),
    )
}

impl<T: DeserializeOwned, S: Send + Sync> FromRequest<S> for Json<T> {
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> ApiResult<Self> {
        body(req, state, false).await.map(Json)
    }
}

impl<T: DeserializeOwned, S: Send + Sync> FromRequest<S> for JsonList<T> {
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> ApiResult<Self> {
        body(req, state, true).await.map(JsonList)
    }
}

impl<T: serde::Serialize> IntoResponse for Json<T> {
    fn into_response(self) -> Response {
        axum::Json(self.0).into_response()
    }
}

#[derive(FromRequestParts)]
#[from_request(via(axum::extract::Query), rejection(ApiError))]
pub struct Query<T>(pub T);

#[derive(FromRequestParts)]
#[from_request(via(axum::extract::Path), rejection(ApiError))]
pub struct Path<T>(pub T);

pub const SESSION_COOKIE: &str = "hotline_session";

/// `; Secure` when the request came over HTTPS, as a proxy in front says (`X-Forwarded-Proto`
/// or `Forwarded: proto=https`): the session cookie then never goes over plain HTTP. The
/// server itself speaks plain HTTP.
pub fn secure_cookie(headers: &axum::http::HeaderMap) -> &'static str {
    let said = |name: &str| headers.get(name).and_then(|v| v.to_str().ok());
    match hotline_service::auth::over_https(said("x-forwarded-proto"), said("forwarded")) {
        true => "; Secure",
        false => "",
    }
}

/// The credential presented: a bearer token, or the session cookie.
pub fn credential(parts: &Parts) -> Option<String> {
    presented(parts).map(|(secret, _)| secret)
}

/// The credential presented, and whether it came as the session cookie (which a browser sends
/// by itself) rather than a bearer token (which a client must add).
fn presented(parts: &Parts) -> Option<(String, bool)> {
    if let Some(v) = parts
        .headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
    {
        if let Some(t) = v.strip_prefix("Bearer ") {
            return Some((t.trim().to_string(), false));
        }
    }
    parts
        .headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|kv| kv.trim().split_once('='))
        .find(|(k, _)| *k == SESSION_COOKIE)
        .map(|(_, v)| (v.to_string(), true))
}

/// Whether a browser says the request comes from a page of another origin: its
/// `Sec-Fetch-Site`, or else an `Origin` naming another host than the request's (its `Host`,
/// the `X-Forwarded-Host` a proxy in front sets, or the authority of an HTTP/2 request; a
/// scheme's default port written or not). Clients other than browsers (curl with a cookie
/// jar, scripts) send neither.
fn from_another_origin(parts: &Parts) -> bool {
    let header = |name: &str| parts.headers.get(name).and_then(|v| v.to_str().ok());
    if let Some(site) = header("sec-fetch-site") {
        return !matches!(site, "same-origin" | "none");
    }
    let Some((_, origin)) = header("origin").and_then(|o| o.split_once("://")) else {
        return false;
    };
    let bare = |host: &str| {
        let host = host.trim().to_ascii_lowercase();
        for port in [":80", ":443"] {
            match host.strip_suffix(port) {
                Some(name) if !name.contains(':') || name.ends_with(']') => {
                    return name.to_string()
                }
                _ => {}
            }
        }
        host
    };
    let origin = bare(origin);
    let forwarded = header("x-forwarded-host").and_then(|h| h.split(',').next());
    let authority = parts.uri.authority().map(|a| a.as_str());
    ![header("host"), forwarded, authority]
        .into_iter()
        .flatten()
        .any(|host| bare(host) == origin)
}

/// A signed-in person.
pub struct Authed {
    pub user: User,
    pub actor: Actor,
    /// By an API token (a system's key) rather than a session.
    pub api_token: bool,
}

impl FromRequestParts<AppState> for Authed {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> ApiResult<Self> {
        let (secret, cookie) =
            presented(parts).ok_or(hotline_service::ServiceError::Unauthenticated)?;
        // The session cookie goes with any request a browser makes, a form's on another site
        // too: a change made with it must come from this site (the workstation's own forms
        // carry a token of their own; API clients use a bearer token or send no origin).
        let safe = matches!(parts.method, Method::GET | Method::HEAD | Method::OPTIONS);
        if cookie && !safe && from_another_origin(parts) {
            return Err(hotline_service::ServiceError::Forbidden(
                "拒绝来自其他网站、带登录 cookie 的修改请求;请在本系统内操作,或使用 API 令牌 / \
                 a change sent from another site with the session cookie is refused: use a \
                 bearer token"
                    .into(),
            )
            .into());
        }
        let user = state.app.authenticate(&secret).await?;
        let actor = Actor::from(&user);
        let api_token = hotline_service::auth::is_api_token(&secret);
        Ok(Authed {
            user,
            actor,
            api_token,
        })
    }
}
