//! Attaching a file (photo, recording, PDF) from the ticket page: a multipart form post, merged
//! by `hotline_web` beside the API's uploads so it gets the attachment size limit, not the
//! 1 MiB one of every other form.
use axum::extract::{Multipart, Path, State};
use axum::response::{IntoResponse, Redirect, Response};

use hotline_domain::ticket::TicketId;

use crate::error::UiError;
use crate::fields::Fields;
use crate::session::Session;
use crate::ticket;
use crate::UiState;

/// The form's fields (all but the file, as text) and the file: name, type, bytes.
pub(crate) async fn read(
    mut m: Multipart,
) -> Result<(Fields, Option<(String, String, Vec<u8>)>), UiError> {
    let bad = |e: axum::extract::multipart::MultipartError| {
        UiError::BadRequest(format!("上传内容无法读取:{e}"))
    };
    let mut fields = Fields::default();
    let mut file = None;
    while let Some(part) = m.next_field().await.map_err(bad)? {
        let name = part.name().unwrap_or_default().to_string();
        if name == "file" {
            let file_name = part.file_name().unwrap_or_default().to_string();
            let content_type = part.content_type().unwrap_or_default().to_string();
            let bytes = part.bytes().await.map_err(bad)?.to_vec();
            if !file_name.is_empty() {
                file = Some((file_name, content_type, bytes));
            }
        } else {
            let value = part.text().await.map_err(bad)?;
            fields.0.push((name, value));
        }
    }
    Ok((fields, file))
}

pub async fn attach(
    State(st): State<UiState>,
    s: Session,
    Path(id): Path<String>,
    m: Multipart,
) -> Result<Response, UiError> {
    let id = TicketId(crate::fields::path_id(&id, "工单号")?);
    let (fields, file) = read(m).await?;
    s.check_csrf(&fields)?;
    let result = async {
        let version: u64 = fields.int("version", "版本")?;
        let (name, content_type, bytes) =
            file.ok_or_else(|| UiError::Invalid("请选择要上传的文件".into()))?;
        st.app
            .attach(&s.actor, id, version, &name, &content_type, bytes)
            .await?;
        Ok::<_, UiError>(())
    }
    .await;
    match result {
        Ok(()) => Ok(Redirect::to(&format!("/tickets/{}?done=attach", id.0)).into_response()),
        Err(e) => ticket::render(&st.app, &s, id, None, Some(&e)).await,
    }
}
