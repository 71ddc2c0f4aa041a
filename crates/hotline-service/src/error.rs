//! What a use case can fail with; the web crate maps each to a status and a problem+json body.
use hotline_domain::DomainError;
use hotline_store::StoreError;
use thiserror::Error;

#[derive(Debug, Error)]
pub enum ServiceError {
    #[error(transparent)]
    Domain(#[from] DomainError),
    #[error("{0} not found")]
    NotFound(&'static str),
    #[error("not signed in")]
    Unauthenticated,
    #[error("forbidden: {0}")]
    Forbidden(String),
    #[error("invalid {field}: {message}")]
    Invalid { field: String, message: String },
    #[error("conflict: {0}")]
    Conflict(String),
    /// A file of a media type the hotline does not take.
    #[error("unsupported media type: {0}")]
    UnsupportedMediaType(String),
    /// Too many attempts in a short time (sign-ins guessing a password).
    #[error("too many attempts: {0}")]
    TooManyAttempts(String),
    #[error("storage failure: {0}")]
    Store(StoreError),
}

impl ServiceError {
    pub fn invalid(field: impl Into<String>, message: impl Into<String>) -> Self {
        ServiceError::Invalid {
            field: field.into(),
            message: message.into(),
        }
    }
}

impl From<StoreError> for ServiceError {
    fn from(e: StoreError) -> Self {
        match e {
            StoreError::NotFound(what) => ServiceError::NotFound(what),
            StoreError::Conflict { expected, actual } => {
                ServiceError::Domain(DomainError::StaleVersion { expected, actual })
            }
            StoreError::Duplicate(what) => {
                ServiceError::Conflict(format!("数据已存在,不能重复添加 / already exists ({what})"))
            }
            StoreError::PlaceGone(code) => ServiceError::invalid(
                "elements.place",
                format!(
                    "地名 {code} 刚从地名库删除,请重新选择地点 / \
                     place {code} was just deleted from the gazetteer: choose the place again"
                ),
            ),
            other => ServiceError::Store(other),
        }
    }
}
