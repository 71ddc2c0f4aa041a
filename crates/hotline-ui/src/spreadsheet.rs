//! What the knowledge base's and the gazetteer's spreadsheet pages share: the file from an
//! import form, a file to download, and the table of a refused import's problems.
use axum::extract::Multipart;
use axum::http::header;
use axum::response::{IntoResponse, Response};
use maud::{html, Markup};

use hotline_service::table::{Format, RowProblem, MAX_IMPORT_BYTES};

use crate::error::UiError;
use crate::session::Session;

/// The file of an import form: its name, format and bytes. The form's CSRF token is checked
/// first, then `allowed`, then that a CSV or XLSX file was chosen.
pub(crate) async fn uploaded(
    s: &Session,
    m: Multipart,
    allowed: impl FnOnce(&Session) -> Result<(), UiError>,
) -> Result<(String, Format, Vec<u8>), UiError> {
    let (fields, file) = crate::upload::read(m).await?;
    s.check_csrf(&fields)?;
    allowed(s)?;
    let (name, content_type, bytes) =
        file.ok_or_else(|| UiError::Invalid("请选择要导入的文件".into()))?;
    if bytes.len() > MAX_IMPORT_BYTES {
        return Err(UiError::Invalid(format!(
            "「{name}」有 {} 字节,导入文件最多 {} MiB:请分成几个文件导入,\
             或请系统管理员在服务器上用命令 hotline knowledge import(知识库)或 hotline places import(地名库)整个导入",
            bytes.len(),
            MAX_IMPORT_BYTES >> 20
        )));
    }
    let format = Format::from_media_type(&content_type)
        .or_else(|| name.rsplit('.').next().and_then(Format::of_extension))
        .ok_or_else(|| {
            UiError::Invalid(format!(
                "「{name}」不是 CSV、Excel(.xlsx)或「Unicode 文本」(.txt)文件"
            ))
        })?;
    Ok((name, format, bytes))
}

/// The format an export link asks for (`csv` or `xlsx`).
pub(crate) fn export_format(asked: &str) -> Result<Format, UiError> {
    Format::parse(asked)
        .ok_or_else(|| UiError::Invalid(format!("导出格式「{asked}」不正确,应为 csv 或 xlsx")))
}

/// `bytes` as a file named `{stem}.csv` or `{stem}.xlsx`.
pub(crate) fn download(format: Format, stem: &str, bytes: Vec<u8>) -> Response {
    let file = format!("attachment; filename=\"{stem}.{}\"", format.extension());
    (
        [
            (header::CONTENT_TYPE, format.media_type().to_string()),
            (header::CONTENT_DISPOSITION, file),
        ],
        bytes,
    )
        .into_response()
}

/// What was wrong with a file that was not imported, row by row.
pub(crate) fn problems(name: &str, problems: &[RowProblem]) -> Markup {
    html! {
        p { "「" (name) "」有 " (problems.len()) " 处错误,整批未导入。请修改后重新导入。" }
        table #import-problems {
            thead { tr { th { "行" } th { "列" } th { "问题" } } }
            tbody { @for p in problems { tr {
                td { (p.row) } td { (p.column.clone().unwrap_or_default()) } td { (p.message) }
            } } }
        }
    }
}
