//! What a page can fail with, shown as a page in Chinese with the right status. Bad input is
//! always a 4xx with a message saying what to fix; only a storage failure is a 500.
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use maud::html;

use hotline_service::ServiceError;

use crate::layout;

#[derive(Debug)]
pub enum UiError {
    /// Not signed in: go to the login page, then back to this path.
    SignIn(String),
    /// Not signed in, asked by htmx for a part of a page (its address is no page to land on):
    /// htmx is told to take the whole page to the login, which comes back to this page.
    SignInFromPart(String),
    /// The form did not carry this session's CSRF token.
    Csrf,
    BadRequest(String),
    /// A field the person must correct.
    Invalid(String),
    NotFound,
    Service(ServiceError),
}

impl From<ServiceError> for UiError {
    fn from(e: ServiceError) -> Self {
        UiError::Service(e)
    }
}

impl std::fmt::Display for UiError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message())
    }
}

fn what_zh(what: &str) -> &'static str {
    match what {
        "ticket" => "工单",
        "unit" => "单位",
        "user" => "用户",
        "attachment" => "附件",
        "article" => "该知识",
        "place" => "该地名",
        "route model" => "该版本的分派模型",
        "lexicon entry" => "该词条",
        _ => "该内容",
    }
}

impl UiError {
    /// A refusal because what was acted on changed since the page was read.
    pub fn is_stale_version(&self) -> bool {
        matches!(
            self,
            UiError::Service(ServiceError::Domain(
                hotline_domain::DomainError::StaleVersion { .. }
            ))
        )
    }

    pub fn status(&self) -> StatusCode {
        match self {
            UiError::SignIn(_) | UiError::SignInFromPart(_) => StatusCode::UNAUTHORIZED,
            UiError::Csrf => StatusCode::FORBIDDEN,
            UiError::BadRequest(_) => StatusCode::BAD_REQUEST,
            UiError::Invalid(_) => StatusCode::UNPROCESSABLE_ENTITY,
            UiError::NotFound => StatusCode::NOT_FOUND,
            UiError::Service(e) => match e {
                ServiceError::Domain(d) => match d {
                    hotline_domain::DomainError::Forbidden { .. } => StatusCode::FORBIDDEN,
                    hotline_domain::DomainError::NotAllowedInState { .. }
                    | hotline_domain::DomainError::StaleVersion { .. }
                    | hotline_domain::DomainError::ReturnWindowExpired { .. } => {
                        StatusCode::CONFLICT
                    }
                    hotline_domain::DomainError::MissingElements(_)
                    | hotline_domain::DomainError::Invalid { .. } => {
                        StatusCode::UNPROCESSABLE_ENTITY
                    }
                },
                ServiceError::NotFound(_) => StatusCode::NOT_FOUND,
                ServiceError::Unauthenticated => StatusCode::UNAUTHORIZED,
                ServiceError::Forbidden(_) => StatusCode::FORBIDDEN,
                ServiceError::Invalid { .. } => StatusCode::UNPROCESSABLE_ENTITY,
                ServiceError::Conflict(_) => StatusCode::CONFLICT,
                ServiceError::UnsupportedMediaType(_) => StatusCode::UNSUPPORTED_MEDIA_TYPE,
                ServiceError::TooManyAttempts(_) => StatusCode::TOO_MANY_REQUESTS,
                ServiceError::Store(_) => StatusCode::INTERNAL_SERVER_ERROR,
            },
        }
    }

    /// The message shown to the person, in Chinese.
    pub fn message(&self) -> String {
        match self {
            UiError::SignIn(_) | UiError::SignInFromPart(_) => "请先登录".into(),
            UiError::Csrf => "页面已过期或来源不明,请刷新页面后重试".into(),
            UiError::BadRequest(m) | UiError::Invalid(m) => m.clone(),
            UiError::NotFound => "找不到该页面".into(),
            UiError::Service(e) => match e {
                ServiceError::Domain(hotline_domain::DomainError::Invalid { field, message }) => {
                    invalid_zh(field, message)
                }
                ServiceError::Domain(d) => zh_only(&d.message_zh()).into(),
                ServiceError::NotFound(what) => format!("找不到{}", what_zh(what)),
                ServiceError::Unauthenticated => "请先登录".into(),
                ServiceError::Forbidden(m) => format!("无权访问:{}", zh_only(m)),
                ServiceError::Invalid { field, message } => invalid_zh(field, message),
                ServiceError::Conflict(m) => zh_only(m).into(),
                ServiceError::UnsupportedMediaType(m) => format!("不支持的文件类型:{}", zh_only(m)),
                ServiceError::TooManyAttempts(m) => zh_only(m).into(),
                ServiceError::Store(_) => "系统暂时无法完成操作,请稍后重试".into(),
            },
        }
    }
}

impl IntoResponse for UiError {
    fn into_response(self) -> Response {
        if let UiError::SignIn(next) = &self {
            let to = format!("/login?next={}", encode_component(next));
            return Redirect::to(&to).into_response();
        }
        if let UiError::SignInFromPart(page) = &self {
            // Not a redirect, which the browser would follow and htmx swap into the part.
            let to = format!("/login?next={}", encode_component(page));
            return (StatusCode::UNAUTHORIZED, [("hx-redirect", to)]).into_response();
        }
        if let UiError::Service(ServiceError::Store(e)) = &self {
            tracing::error!(error = %e, "a page failed on the store");
        }
        let status = self.status();
        let body = html! {
            main.narrow {
                h1 { "无法完成" }
                p.error role="alert" { (self.message()) }
                p { a href="/" { "返回首页" } }
            }
        };
        (status, layout::bare("出错了", body)).into_response()
    }
}

/// A refusal of a field as the page shows it: the field by its label on the form where it has
/// one, and the message's Chinese only (the API's messages carry an English half after " / ").
fn invalid_zh(field: &str, message: &str) -> String {
    let label = match field {
        "note" => "备注或原因",
        "reason" => "原因",
        "master" => "主工单",
        "action" => "操作",
        "category" => "分类",
        "main" => "主办单位",
        "assisting" => "协办单位",
        "tier" => "时限等级",
        "caller.phone" => "来电号码",
        "result" => "办理结果",
        "answer" => "答复内容",
        "channel_told" => "告知来电人的渠道",
        "subject" => "标题",
        "event" => "事件",
        "demand" => "诉求",
        "working_days" => "延期工作日",
        "level" => "督办级别",
        _ => "",
    };
    let zh = zh_only(message);
    if label.is_empty() {
        format!("填写有误:{zh}")
    } else {
        format!("填写有误({label}):{zh}")
    }
}

/// A service message's Chinese: the API's messages carry an English half after the last
/// " / " (the Chinese may quote a phrase that holds one).
pub(crate) fn zh_only(message: &str) -> &str {
    message
        .rsplit_once(" / ")
        .map_or(message, |(zh, _)| zh)
        .trim()
}

/// Percent-encode a query value (UTF-8 bytes outside unreserved characters).
pub fn encode_component(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b"-_.~/".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_page_shows_a_refusal_in_chinese_only() {
        let shown = |e: ServiceError| UiError::Service(e).message();
        assert_eq!(
            shown(ServiceError::Forbidden(
                "类案分析仅限督办员和领导 / class cases are for supervisors and leaders".into()
            )),
            "无权访问:类案分析仅限督办员和领导"
        );
        assert_eq!(
            shown(ServiceError::Conflict(
                "知识已被他人修改,请刷新后重试 / the article changed since version 1".into()
            )),
            "知识已被他人修改,请刷新后重试"
        );
        assert_eq!(
            shown(ServiceError::invalid(
                "master",
                "主工单不存在 / unknown master ticket"
            )),
            "填写有误(主工单):主工单不存在"
        );
    }
}
