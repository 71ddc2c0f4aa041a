//! Spreadsheet imports and exports over HTTP, shared by the knowledge base and the gazetteer:
//! the format from `?format=` or the Content-Type, an import refused with every problem named
//! (nothing written), and a file to download.
use axum::body::Bytes;
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use serde_json::json;

use hotline_service::table::{Format, RowProblem};

use crate::error::{ApiError, ApiResult};

pub use hotline_service::table::MAX_IMPORT_BYTES;

#[derive(Deserialize, Default)]
pub struct FormatQuery {
    pub format: Option<String>,
}

/// `?format=` when given (csv or xlsx), else nothing.
pub fn format(q: &FormatQuery) -> ApiResult<Option<Format>> {
    match q.format.as_deref().map(str::trim).filter(|v| !v.is_empty()) {
        None => Ok(None),
        Some(v) => Format::parse(v).map(Some).ok_or_else(|| {
            ApiError::unprocessable(
                "format",
                format!("format 的取值 {v} 无效(csv 或 xlsx)"),
                format!("unknown format {v}"),
            )
        }),
    }
}

/// The format of an uploaded file: `?format=`, else its Content-Type.
pub fn upload_format(q: &FormatQuery, headers: &HeaderMap) -> ApiResult<Format> {
    let media_type = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    format(q)?
        .or_else(|| Format::from_media_type(media_type))
        .ok_or_else(|| {
            ApiError::new(
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                "unsupported-media-type",
                format!(
                    "只能导入 CSV(text/csv)、制表符分隔的文本(text/tab-separated-values)或 XLSX({})文件",
                    Format::XLSX_TYPE
                ),
                format!(
                    "send text/csv, text/tab-separated-values or {}",
                    Format::XLSX_TYPE
                ),
            )
        })
}

/// An import that wrote nothing: the first 20 problems in the message, all in `problems`.
pub fn rejected(problems: &[RowProblem]) -> ApiError {
    let rows: Vec<String> = problems
        .iter()
        .take(20)
        .map(|p| match &p.column {
            Some(c) => format!("第 {} 行 {}:{}", p.row, c, p.message),
            None => format!("第 {} 行:{}", p.row, p.message),
        })
        .collect();
    let mut e = ApiError::new(
        StatusCode::UNPROCESSABLE_ENTITY,
        "import-rejected",
        format!("导入未执行,没有写入任何数据。{}", rows.join(";")),
        format!(
            "nothing was imported: {} problem(s) in the file",
            problems.len()
        ),
    );
    e.extra = json!({ "problems": problems });
    e
}

/// `bytes` as a download named `{stem}-{day}.{csv|xlsx}`.
pub fn download(format: Format, stem: &str, day: chrono::NaiveDate, bytes: Vec<u8>) -> Response {
    let name = format!("{stem}-{}.{}", day.format("%Y%m%d"), format.extension());
    (
        [
            (header::CONTENT_TYPE, format.media_type().to_string()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{name}\""),
            ),
            (header::CACHE_CONTROL, "private, no-cache".to_string()),
        ],
        Bytes::from(bytes),
    )
        .into_response()
}
