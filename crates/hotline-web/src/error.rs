//! The one web error type: every failure becomes a status code and an RFC 9457 problem+json
//! body with a message in Chinese and in English.
use axum::extract::rejection::{BytesRejection, JsonRejection, PathRejection, QueryRejection};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use serde_json::json;

use hotline_domain::error::element_label_zh;
use hotline_domain::DomainError;
use hotline_service::ServiceError;

#[derive(Debug)]
pub struct ApiError {
    pub status: StatusCode,
    pub kind: &'static str,
    pub zh: String,
    pub en: String,
    pub extra: serde_json::Value,
}

impl ApiError {
    pub fn new(
        status: StatusCode,
        kind: &'static str,
        zh: impl Into<String>,
        en: impl Into<String>,
    ) -> Self {
        ApiError {
            status,
            kind,
            zh: zh.into(),
            en: en.into(),
            extra: json!({}),
        }
    }

    pub fn bad_request(zh: impl Into<String>, en: impl Into<String>) -> Self {
        Self::new(StatusCode::BAD_REQUEST, "bad-request", zh, en)
    }

    pub fn unprocessable(field: &str, zh: impl Into<String>, en: impl Into<String>) -> Self {
        let mut e = Self::new(StatusCode::UNPROCESSABLE_ENTITY, "invalid-field", zh, en);
        e.extra = json!({ "field": field });
        e
    }

    pub fn not_found(what: &str) -> Self {
        Self::new(
            StatusCode::NOT_FOUND,
            "not-found",
            format!("找不到{}", what_zh(what)),
            format!("{what} not found"),
        )
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
        "route" => "该地址",
        "responsibility list version" => "该版本的职责清单",
        "route model" => "该版本的分派模型",
        "lexicon entry" => "该词条",
        "intake suggestion" => "该工单登记时的系统建议(登记时没有可存的建议:当时既无分派模型、职责清单也无可建议的单位,或工单登记早于此功能)",
        _ => "该资源",
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let mut body = json!({
            "type": format!("https://hotline.invalid/problems/{}", self.kind),
            "title": self.en,
            "status": self.status.as_u16(),
            "detail": self.zh,
            "message_zh": self.zh,
            "message_en": self.en,
        });
        if let (Some(obj), Some(extra)) = (body.as_object_mut(), self.extra.as_object()) {
            for (k, v) in extra {
                obj.insert(k.clone(), v.clone());
            }
        }
        (
            self.status,
            [(header::CONTENT_TYPE, "application/problem+json")],
            body.to_string(),
        )
            .into_response()
    }
}

impl From<DomainError> for ApiError {
    fn from(e: DomainError) -> Self {
        let zh = e.message_zh();
        let en = e.message_en();
        match &e {
            DomainError::NotAllowedInState {
                action,
                state,
                allowed,
            } => {
                let mut a = ApiError::new(StatusCode::CONFLICT, "action-not-allowed", zh, en);
                a.extra = json!({ "action": action, "state": state, "allowed_actions": allowed });
                a
            }
            DomainError::StaleVersion { expected, actual } => {
                let mut a = ApiError::new(StatusCode::CONFLICT, "stale-version", zh, en);
                a.extra = json!({ "expected_version": expected, "current_version": actual });
                a
            }
            DomainError::ReturnWindowExpired { closed_at } => {
                let mut a = ApiError::new(StatusCode::CONFLICT, "return-window-expired", zh, en);
                a.extra = json!({ "closed_at": closed_at });
                a
            }
            DomainError::Forbidden { action, .. } => {
                let mut a = ApiError::new(StatusCode::FORBIDDEN, "forbidden", zh, en);
                a.extra = json!({ "action": action });
                a
            }
            DomainError::MissingElements(m) => {
                let mut a =
                    ApiError::new(StatusCode::UNPROCESSABLE_ENTITY, "missing-elements", zh, en);
                a.extra = json!({
                    "missing": m,
                    "missing_zh": m.iter().map(|f| element_label_zh(f)).collect::<Vec<_>>(),
                });
                a
            }
            DomainError::Invalid { field, .. } => {
                let mut a =
                    ApiError::new(StatusCode::UNPROCESSABLE_ENTITY, "invalid-field", zh, en);
                a.extra = json!({ "field": field });
                a
            }
        }
    }
}

/// A service message written "中文 / English" as its two languages (`error::halves`).
fn halves(message: &str) -> (String, String) {
    let (zh, en) = hotline_domain::error::halves(message);
    (zh.to_string(), en.to_string())
}

impl From<ServiceError> for ApiError {
    fn from(e: ServiceError) -> Self {
        match e {
            ServiceError::Domain(d) => d.into(),
            ServiceError::NotFound(what) => ApiError::not_found(what),
            ServiceError::Unauthenticated => ApiError::new(
                StatusCode::UNAUTHORIZED,
                "unauthenticated",
                "未登录或登录已过期",
                "not signed in, or the session expired",
            ),
            ServiceError::Forbidden(msg) => {
                let (zh, en) = halves(&msg);
                ApiError::new(StatusCode::FORBIDDEN, "forbidden", zh, en)
            }
            ServiceError::Invalid { field, message } => {
                let (zh, en) = halves(&message);
                ApiError::unprocessable(&field, zh, format!("invalid {field}: {en}"))
            }
            ServiceError::Conflict(what) => {
                let (zh, en) = halves(&what);
                ApiError::new(StatusCode::CONFLICT, "conflict", zh, en)
            }
            ServiceError::UnsupportedMediaType(msg) => {
                let (zh, en) = halves(&msg);
                ApiError::new(
                    StatusCode::UNSUPPORTED_MEDIA_TYPE,
                    "unsupported-media-type",
                    zh,
                    en,
                )
            }
            ServiceError::TooManyAttempts(msg) => {
                let (zh, en) = halves(&msg);
                ApiError::new(StatusCode::TOO_MANY_REQUESTS, "too-many-attempts", zh, en)
            }
            ServiceError::Store(err) => {
                tracing::error!(error = %err, "storage failure");
                ApiError::new(
                    StatusCode::SERVICE_UNAVAILABLE,
                    "storage",
                    "数据库暂时不可用,请稍后重试",
                    "the database is unavailable; retry later",
                )
            }
        }
    }
}

impl From<JsonRejection> for ApiError {
    fn from(r: JsonRejection) -> Self {
        match r {
            JsonRejection::JsonDataError(e) => {
                let detail = e.body_text();
                ApiError::new(
                    StatusCode::UNPROCESSABLE_ENTITY,
                    "invalid-body",
                    format!("请求内容不符合要求:{}", crate::serde_zh::say(&detail)),
                    detail,
                )
            }
            JsonRejection::JsonSyntaxError(e) => {
                let detail = e.body_text();
                ApiError::bad_request(
                    format!("JSON 格式错误:{}", crate::serde_zh::say(&detail)),
                    detail,
                )
            }
            JsonRejection::MissingJsonContentType(_) => ApiError::new(
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                "unsupported-media-type",
                "请求须为 JSON(Content-Type: application/json)",
                "expected Content-Type: application/json",
            ),
            JsonRejection::BytesRejection(e) => e.into(),
            other => ApiError::bad_request("请求无效", other.body_text()),
        }
    }
}

/// A raw body that could not be read: too large (413) or broken off (400).
impl From<BytesRejection> for ApiError {
    fn from(e: BytesRejection) -> Self {
        if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
            too_large()
        } else {
            ApiError::bad_request("无法读取请求内容", e.body_text())
        }
    }
}

/// A text body (TOML, the calendar's text format): read whole, and UTF-8, or a problem saying
/// which it is not.
pub fn text_body(body: Result<axum::body::Bytes, BytesRejection>) -> Result<String, ApiError> {
    String::from_utf8(Vec::from(body?)).map_err(|e| {
        ApiError::bad_request(
            format!(
                "请求内容不是 UTF-8 文本(第 {} 字节起)",
                e.utf8_error().valid_up_to()
            ),
            format!(
                "the body is not UTF-8 text (from byte {})",
                e.utf8_error().valid_up_to()
            ),
        )
    })
}

pub fn too_large() -> ApiError {
    ApiError::new(
        StatusCode::PAYLOAD_TOO_LARGE,
        "payload-too-large",
        format!(
            "请求内容过大:一般请求最多 {} MiB,导入文件最多 {} MiB(更大的文件请在服务器上用 hotline knowledge import 或 hotline places import 导入),附件最多 {} MiB",
            crate::MAX_BODY_BYTES >> 20,
            hotline_service::table::MAX_IMPORT_BYTES >> 20,
            crate::MAX_UPLOAD_BYTES >> 20
        ),
        format!(
            "request body too large: at most {} MiB for a request, {} MiB for an import file (import a larger one on the server with hotline knowledge import or hotline places import), {} MiB for an attachment",
            crate::MAX_BODY_BYTES >> 20,
            hotline_service::table::MAX_IMPORT_BYTES >> 20,
            crate::MAX_UPLOAD_BYTES >> 20
        ),
    )
}

impl From<QueryRejection> for ApiError {
    fn from(r: QueryRejection) -> Self {
        let detail = r.body_text();
        ApiError::bad_request(
            format!("查询参数错误:{}", crate::serde_zh::say(&detail)),
            detail,
        )
    }
}

impl From<PathRejection> for ApiError {
    fn from(r: PathRejection) -> Self {
        ApiError::new(
            StatusCode::NOT_FOUND,
            "not-found",
            format!("地址参数错误:{}", crate::serde_zh::say(&r.body_text())),
            r.body_text(),
        )
    }
}

pub type ApiResult<T> = Result<T, ApiError>;

#[cfg(test)]
mod tests {
    use super::halves;

    #[test]
    fn a_message_is_parted_into_its_chinese_and_its_english() {
        let (zh, en) = halves("不能并入自身 / cannot merge a ticket into itself");
        assert_eq!(
            (zh.as_str(), en.as_str()),
            ("不能并入自身", "cannot merge a ticket into itself")
        );
        // No English half, or one naming something in Chinese: the message is both.
        for whole in ["主工单不存在", "单位「城管局」/ 停用", "a / b"] {
            assert_eq!(halves(whole), (whole.to_string(), whole.to_string()));
        }
    }
}
