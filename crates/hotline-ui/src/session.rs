//! Signing in and out, the signed-in person of a page, and CSRF tokens.
//!
//! The session is the same cookie the JSON API reads, so a signed-in page may also call the API.
//! CSRF: every state-changing form carries `_csrf`, a SHA-256 of the session secret under a
//! label of its own. Only someone who can read the HttpOnly session cookie could compute it, and
//! a cross-site page cannot. The login form, which has no session yet, uses a double-submit
//! nonce cookie instead.
use axum::extract::{FromRequest, FromRequestParts, Query, Request, State};
use axum::http::request::Parts;
use axum::http::{header, HeaderMap, Method};
use axum::response::{AppendHeaders, IntoResponse, Redirect, Response};
use maud::{html, Markup};
use rand::RngCore;
use serde::Deserialize;
use sha2::{Digest, Sha256};

use hotline_domain::org::{Actor, User};
use hotline_service::ServiceError;

use crate::error::UiError;
use crate::fields::Fields;
use crate::layout;
use crate::UiState;

/// The session cookie; the same name the JSON API reads.
pub const SESSION_COOKIE: &str = "hotline_session";
/// The login form's double-submit nonce.
const LOGIN_COOKIE: &str = "hotline_login";

/// A signed-in person, with the CSRF token their forms must carry.
pub struct Session {
    pub user: User,
    pub actor: Actor,
    pub csrf: String,
    /// The server's clock when the request came in (pages count down from it).
    pub now: chrono::DateTime<chrono::Utc>,
}

impl Session {
    /// Refuse a form that does not carry this session's token.
    pub fn check_csrf(&self, fields: &Fields) -> Result<(), UiError> {
        if same(fields.get("_csrf").as_bytes(), self.csrf.as_bytes()) {
            Ok(())
        } else {
            Err(UiError::Csrf)
        }
    }
}

/// Constant-time equality of two byte strings.
fn same(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

pub fn csrf_token(secret: &str) -> String {
    let mut h = Sha256::new();
    h.update(b"hotline-ui csrf v1\0");
    h.update(secret.as_bytes());
    hex::encode(h.finalize())
}

/// `; Secure` when the request came over HTTPS, as a proxy in front says (`X-Forwarded-Proto`
/// or `Forwarded: proto=https`; the same rule as the API's).
fn secure_cookie(headers: &HeaderMap) -> &'static str {
    let said = |name: &str| headers.get(name).and_then(|v| v.to_str().ok());
    match hotline_service::auth::over_https(said("x-forwarded-proto"), said("forwarded")) {
        true => "; Secure",
        false => "",
    }
}

fn cookie(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|kv| kv.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v.to_string())
}

impl FromRequestParts<UiState> for Session {
    type Rejection = UiError;

    async fn from_request_parts(parts: &mut Parts, state: &UiState) -> Result<Self, UiError> {
        // A part of a page htmx refreshes: the whole page goes to the login, and back to it.
        let part_of = htmx_page(&parts.headers);
        let sign_in = |next: String| match part_of {
            Some(_) => UiError::SignInFromPart(next),
            None => UiError::SignIn(next),
        };
        let next = if let Some(page) = &part_of {
            page.clone()
        } else if matches!(parts.method, Method::GET | Method::HEAD) {
            parts
                .uri
                .path_and_query()
                .map(|p| p.as_str().to_string())
                .unwrap_or_else(|| "/".into())
        } else {
            // A form posted after the session ended: back to the page it was on (a form's
            // address answers only POST), or home.
            referring_page(&parts.headers).unwrap_or_else(|| "/".into())
        };
        let secret = cookie(&parts.headers, SESSION_COOKIE).ok_or_else(|| sign_in(next.clone()))?;
        let user = match state.app.authenticate(&secret).await {
            Ok(u) => u,
            Err(ServiceError::Unauthenticated) => return Err(sign_in(next)),
            Err(e) => return Err(e.into()),
        };
        Ok(Session {
            actor: Actor::from(&user),
            csrf: csrf_token(&secret),
            now: state.app.now(),
            user,
        })
    }
}

/// A form posted by a signed-in person, refused unless it carries their session's CSRF token.
/// Every state-changing form handler takes its fields this way (or checks the token itself,
/// for uploads), so none can forget the check.
pub struct Posted(pub Session, pub Fields);

impl FromRequest<UiState> for Posted {
    type Rejection = UiError;

    async fn from_request(req: Request, state: &UiState) -> Result<Self, UiError> {
        let (mut parts, body) = req.into_parts();
        let session = Session::from_request_parts(&mut parts, state).await?;
        let fields = Fields::from_request(Request::from_parts(parts, body), state).await?;
        session.check_csrf(&fields)?;
        Ok(Posted(session, fields))
    }
}

#[derive(Deserialize, Default)]
pub struct NextQuery {
    #[serde(default)]
    next: Option<String>,
}

/// The page a request came from (its `Referer`), as a path of this site. Only the path is
/// taken, never the host: behind a proxy that rewrites `Host` (nginx's default
/// `proxy_set_header Host $proxy_host`) the browser's address names a host this server never
/// sees, and a path from another site's page leads to no more than a link to this site's
/// `/login?next=…` already could: a page here.
fn referring_page(headers: &HeaderMap) -> Option<String> {
    page_of_address(headers.get(header::REFERER)?.to_str().ok()?)
}

/// The page of an absolute address of this site (a `Referer`, htmx's `HX-Current-URL`): its
/// path and query only, whatever its host (behind a proxy rewriting `Host`).
fn page_of_address(address: &str) -> Option<String> {
    let rest = (address.strip_prefix("http://")).or_else(|| address.strip_prefix("https://"))?;
    // The authority holds no '/': the path starts at the first.
    let path = &rest[rest.find('/')?..];
    is_local_path(path).then(|| page_of(path))
}

/// The page a request of htmx's (a part of a page refreshed, `HX-Request`) was made from, to
/// come back to after signing in: the part's own address is no page to land on.
fn htmx_page(headers: &HeaderMap) -> Option<String> {
    headers.get("hx-request")?;
    let current = headers.get("hx-current-url").and_then(|v| v.to_str().ok());
    Some(
        current
            .and_then(page_of_address)
            .or_else(|| referring_page(headers))
            .unwrap_or_else(|| "/".into()),
    )
}

/// Segments that end an address only a form posts to, whose page is the address before them.
const POSTED_TO: [&str; 9] = [
    "act",
    "attach",
    "status",
    "active",
    "delete",
    "remove",
    "area-code",
    "import",
    "restore",
];

/// The page a path shows, for returning to it with a GET: a refused form is shown at the
/// address it posted to (`/tickets/5/act`), which answers only a form; and a confirmation
/// (`?done=…`, `?saved=…`) is not repeated for what was never done.
fn page_of(path: &str) -> String {
    let (path, query) = path.split_once('?').unwrap_or((path, ""));
    let page = match path {
        "/admin/clocks" => "/admin/tiers".to_string(),
        "/intake/assist" => "/intake".to_string(),
        "/knowledge/import" => "/knowledge/manage".to_string(),
        "/logout" => "/".to_string(),
        _ => match path.rsplit_once('/') {
            Some((before, last)) if POSTED_TO.contains(&last) && !before.is_empty() => {
                before.to_string()
            }
            _ => path.to_string(),
        },
    };
    let kept: Vec<&str> = query
        .split('&')
        .filter(|pair| {
            let name = pair.split('=').next().unwrap_or("");
            !pair.is_empty() && !["done", "saved", "loaded", "moved"].contains(&name)
        })
        .collect();
    if kept.is_empty() {
        page
    } else {
        format!("{page}?{}", kept.join("&"))
    }
}

/// A path on this site, never another site (`//host`, `/\\host`), and one a `Location`
/// header can carry (no control character: a line break there was a 500 after the action).
pub fn is_local_path(p: &str) -> bool {
    p.starts_with('/')
        && !p.starts_with("//")
        && !p.contains('\\')
        && !p.chars().any(char::is_control)
}

/// Only a local path may follow a login.
fn safe_next(next: Option<&str>) -> String {
    match next {
        Some(n) if is_local_path(n) => n.to_string(),
        _ => "/".to_string(),
    }
}

fn login_form(nonce: &str, next: &str, username: &str, error: Option<&str>) -> Markup {
    let body = html! {
        main.login {
            h1 { "12345 政务服务便民热线" }
            p.sub { "工单系统 · 请登录" }
            @if let Some(e) = error { p.error role="alert" { (e) } }
            form method="post" action="/login" {
                input type="hidden" name="_csrf" value=(nonce);
                input type="hidden" name="next" value=(next);
                label { "用户名" input #username name="username" value=(username) autofocus required autocomplete="username"; }
                label { "密码" input #password name="password" type="password" required autocomplete="current-password"; }
                button #login-submit type="submit" { "登录" }
            }
        }
    };
    layout::bare("登录", body)
}

fn new_nonce() -> String {
    let mut b = [0u8; 16];
    rand::thread_rng().fill_bytes(&mut b);
    hex::encode(b)
}

fn nonce_cookie(nonce: &str) -> String {
    format!("{LOGIN_COOKIE}={nonce}; Path=/login; HttpOnly; SameSite=Strict; Max-Age=3600")
}

pub async fn login_page(Query(q): Query<NextQuery>) -> Response {
    let nonce = new_nonce();
    let next = safe_next(q.next.as_deref());
    (
        [(header::SET_COOKIE, nonce_cookie(&nonce))],
        login_form(&nonce, &next, "", None),
    )
        .into_response()
}

pub async fn login(State(s): State<UiState>, headers: HeaderMap, fields: Fields) -> Response {
    let next = safe_next(Some(fields.get("next")));
    let username = fields.get("username").trim().to_string();
    let retry = |msg: &str, status| {
        let nonce = new_nonce();
        (
            status,
            [(header::SET_COOKIE, nonce_cookie(&nonce))],
            login_form(&nonce, &next, &username, Some(msg)),
        )
            .into_response()
    };
    let expected = cookie(&headers, LOGIN_COOKIE).unwrap_or_default();
    if expected.is_empty() || !same(expected.as_bytes(), fields.get("_csrf").as_bytes()) {
        return retry(
            "登录表单已过期,请重新登录",
            axum::http::StatusCode::FORBIDDEN,
        );
    }
    match s.app.login(&username, fields.get("password")).await {
        Ok((secret, _user)) => {
            let session = format!(
                "{SESSION_COOKIE}={secret}; Path=/; HttpOnly; SameSite=Lax; Max-Age={}{}",
                hotline_service::auth::SESSION_HOURS * 3600,
                secure_cookie(&headers)
            );
            let clear = format!("{LOGIN_COOKIE}=; Path=/login; Max-Age=0");
            (
                AppendHeaders([(header::SET_COOKIE, session), (header::SET_COOKIE, clear)]),
                Redirect::to(&next),
            )
                .into_response()
        }
        Err(ServiceError::Unauthenticated) => {
            retry("用户名或密码错误", axum::http::StatusCode::UNAUTHORIZED)
        }
        Err(ServiceError::TooManyAttempts(m)) => retry(
            crate::error::zh_only(&m),
            axum::http::StatusCode::TOO_MANY_REQUESTS,
        ),
        Err(e) => UiError::from(e).into_response(),
    }
}

pub async fn logout(
    State(s): State<UiState>,
    headers: HeaderMap,
    _: Posted,
) -> Result<Response, UiError> {
    if let Some(secret) = cookie(&headers, SESSION_COOKIE) {
        s.app.logout(&secret).await?;
    }
    let clear = format!("{SESSION_COOKIE}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0");
    Ok(([(header::SET_COOKIE, clear)], Redirect::to("/login")).into_response())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_part_of_a_page_comes_back_to_its_page() {
        let headers = |pairs: &[(&'static str, &'static str)]| {
            let mut h = HeaderMap::new();
            for (k, v) in pairs {
                h.insert(*k, axum::http::HeaderValue::from_static(v));
            }
            h
        };
        assert_eq!(htmx_page(&headers(&[])), None, "a page of its own");
        let current = headers(&[
            ("hx-request", "true"),
            ("hx-current-url", "http://rexian.example/intake"),
            ("referer", "http://rexian.example/tickets/3"),
        ]);
        assert_eq!(htmx_page(&current).as_deref(), Some("/intake"));
        let referred = headers(&[("hx-request", "true"), ("referer", "https://h/tickets/3")]);
        assert_eq!(htmx_page(&referred).as_deref(), Some("/tickets/3"));
        let neither = headers(&[
            ("hx-request", "true"),
            ("hx-current-url", "//evil.example/"),
        ]);
        assert_eq!(htmx_page(&neither).as_deref(), Some("/"));
        // A confirmation is not repeated: the calendar's load and what it moved.
        assert_eq!(
            page_of("/admin/calendar?loaded=2027&moved=3&year=2027"),
            "/admin/calendar?year=2027"
        );
    }

    #[test]
    fn only_local_paths_follow_a_login() {
        assert_eq!(safe_next(Some("/tickets/3")), "/tickets/3");
        assert_eq!(safe_next(Some("//evil.example/")), "/");
        assert_eq!(safe_next(Some("https://evil.example/")), "/");
        assert_eq!(safe_next(Some("/\\evil")), "/");
        assert_eq!(safe_next(None), "/");
        // A line break or other control character cannot stand in a Location header.
        assert_eq!(safe_next(Some("/\n")), "/");
        assert_eq!(safe_next(Some("/x\r\nSet-Cookie: a=b")), "/");
        assert_eq!(safe_next(Some("/x\u{7f}")), "/");
        assert_eq!(safe_next(Some("/工单/3")), "/工单/3");
        for next in ["/\n", "/工单/3", "/a\tb"] {
            let to = Redirect::to(&safe_next(Some(next))).into_response();
            assert!(to.status().is_redirection(), "{next:?}: {}", to.status());
        }
    }

    #[test]
    fn a_form_posted_after_the_session_ended_returns_to_its_page() {
        let headers = |referer: &str| {
            let mut h = HeaderMap::new();
            h.insert(
                header::HOST,
                "hotline.example:8080".parse().expect("a host"),
            );
            h.insert(header::REFERER, referer.parse().expect("a referer"));
            h
        };
        // The page, without the confirmation of an earlier action.
        assert_eq!(
            referring_page(&headers("http://hotline.example:8080/tickets/5?done=x")).as_deref(),
            Some("/tickets/5")
        );
        // A refused form is shown at the address it posted to: back to its page.
        for (shown, page) in [
            ("/tickets/5/act", "/tickets/5"),
            ("/tickets/5/attach", "/tickets/5"),
            ("/admin/clocks", "/admin/tiers"),
            ("/admin/places/D03S01/active", "/admin/places/D03S01"),
            ("/admin/responsibility/remove", "/admin/responsibility"),
            ("/knowledge/7/versions/2/restore", "/knowledge/7/versions/2"),
            ("/knowledge/import", "/knowledge/manage"),
            (
                "/admin/responsibility?q=010101&saved=4",
                "/admin/responsibility?q=010101",
            ),
        ] {
            let referer = format!("http://hotline.example:8080{shown}");
            assert_eq!(
                referring_page(&headers(&referer)).as_deref(),
                Some(page),
                "{shown}"
            );
        }
        assert_eq!(
            referring_page(&headers("https://hotline.example:8080/intake")).as_deref(),
            Some("/intake")
        );
        // Behind a proxy the browser's host is not the one this server sees: the path is
        // taken, and only the path (never another site).
        let mut proxied = headers("https://12345.city.gov.cn/tickets/9/act");
        proxied.insert(header::HOST, "127.0.0.1:8080".parse().expect("a host"));
        assert_eq!(referring_page(&proxied).as_deref(), Some("/tickets/9"));
        assert_eq!(
            referring_page(&headers("http://evil.example/intake")).as_deref(),
            Some("/intake")
        );
        // No path (a referrer policy sending the origin only), or one that is not a plain
        // path of this site: home.
        for referer in [
            "https://hotline.example:8080",
            "http://evil.example//evil.example/x",
            "ftp://hotline.example:8080/intake",
        ] {
            assert_eq!(referring_page(&headers(referer)), None, "{referer}");
        }
        assert_eq!(referring_page(&HeaderMap::new()), None);
    }

    #[test]
    fn csrf_tokens_differ_per_session_and_compare_exactly() {
        let a = csrf_token("secret-a");
        assert_ne!(a, csrf_token("secret-b"));
        assert!(same(a.as_bytes(), csrf_token("secret-a").as_bytes()));
        assert!(!same(a.as_bytes(), &a.as_bytes()[1..]));
    }
}
