//! Ticket attachments (photos, recordings, PDFs): checked at the edge of the service, then
//! stored in the same transaction as the `AttachmentAdded` event that names them, so a file
//! never exists without its event or an event without its file. Reading a file takes the right
//! to see its ticket.
use rand::Rng;

use hotline_domain::lifecycle::{self, Command};
use hotline_domain::org::Actor;
use hotline_domain::ticket::{AttachmentRef, Ticket, TicketId};
use hotline_store::{IntakeChange, NewAttachment, StoredAttachment, TicketChange};

use crate::tickets::recorded;
use crate::{App, ServiceError, ServiceResult};

/// Largest file accepted (20 MiB).
pub const MAX_ATTACHMENT_BYTES: usize = 20 * 1024 * 1024;

/// Longest file name, in characters.
pub const MAX_NAME_CHARS: usize = 200;

/// The media types a ticket may carry: photos, call and site recordings, documents.
pub const ALLOWED_TYPES: [&str; 9] = [
    "image/jpeg",
    "image/png",
    "image/webp",
    "audio/mpeg",
    "audio/wav",
    "audio/x-wav",
    "audio/amr",
    "audio/mp4",
    "application/pdf",
];

/// A file as uploaded, checked: a name that is a plain file name, an allowed media type
/// (lower case, without parameters) and contents that agree with it.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Upload {
    name: String,
    content_type: String,
    bytes: Vec<u8>,
}

impl Upload {
    fn parse(name: &str, content_type: &str, bytes: Vec<u8>) -> ServiceResult<Upload> {
        let content_type = media_type(content_type)?;
        let name = file_name(name)?;
        if bytes.is_empty() || bytes.len() > MAX_ATTACHMENT_BYTES {
            return Err(ServiceError::invalid(
                "body",
                format!(
                    "附件大小应为 1 字节至 {} MiB / a file is 1 byte to {} MiB",
                    MAX_ATTACHMENT_BYTES >> 20,
                    MAX_ATTACHMENT_BYTES >> 20
                ),
            ));
        }
        if !contents_match(&content_type, &bytes) {
            return Err(ServiceError::invalid(
                "content_type",
                format!("文件内容不是声明的 {content_type} / the contents are not {content_type}"),
            ));
        }
        Ok(Upload {
            name,
            content_type,
            bytes,
        })
    }
}

/// The media type without parameters, if it is one a ticket may carry.
fn media_type(declared: &str) -> ServiceResult<String> {
    let essence = declared
        .split(';')
        .next()
        .unwrap_or_default()
        .trim()
        .to_ascii_lowercase();
    if ALLOWED_TYPES.contains(&essence.as_str()) {
        Ok(essence)
    } else {
        Err(ServiceError::UnsupportedMediaType(format!(
            "不接受的附件类型「{declared}」,可上传:{} / type not accepted",
            ALLOWED_TYPES.join(", ")
        )))
    }
}

/// A plain file name: 1–200 characters, no directory, no control characters, not only dots.
fn file_name(name: &str) -> ServiceResult<String> {
    let invalid = |why: &str| Err(ServiceError::invalid("name", why));
    let count = name.chars().count();
    if name.trim().is_empty() || count > MAX_NAME_CHARS {
        return invalid("文件名应为 1–200 个字符 / a name of 1–200 characters");
    }
    if name.contains(['/', '\\']) || name.chars().any(char::is_control) {
        return invalid(
            "文件名不能含路径分隔符或控制字符 / no path separators or control characters",
        );
    }
    if name.chars().all(|c| c == '.') {
        return invalid("文件名不能只有点 / not a file name");
    }
    Ok(name.to_string())
}

/// Whether the first bytes are those of the declared type (its "magic number").
fn contents_match(content_type: &str, b: &[u8]) -> bool {
    let riff = |form: &[u8]| b.len() >= 12 && &b[..4] == b"RIFF" && &b[8..12] == form;
    match content_type {
        "image/jpeg" => b.starts_with(&[0xFF, 0xD8, 0xFF]),
        "image/png" => b.starts_with(b"\x89PNG\r\n\x1a\n"),
        "image/webp" => riff(b"WEBP"),
        "audio/wav" | "audio/x-wav" => riff(b"WAVE"),
        // An ID3 tag, or straight into an MPEG audio frame (11 sync bits).
        "audio/mpeg" => b.starts_with(b"ID3") || (b.len() >= 2 && b[0] == 0xFF && b[1] >= 0xE0),
        "audio/amr" => b.starts_with(b"#!AMR"),
        "audio/mp4" => b.len() >= 8 && &b[4..8] == b"ftyp",
        "application/pdf" => b.starts_with(b"%PDF-"),
        _ => false,
    }
}

impl App {
    /// Attach a file to a ticket, built on the version the person saw: the `AttachmentAdded`
    /// event and the file are written in one transaction, or neither is. An unknown media
    /// type is `UnsupportedMediaType`; a bad name, size or contents `Invalid`.
    pub async fn attach(
        &self,
        actor: &Actor,
        id: TicketId,
        version: u64,
        name: &str,
        content_type: &str,
        bytes: Vec<u8>,
    ) -> ServiceResult<Ticket> {
        let upload = Upload::parse(name, content_type, bytes)?;
        let now = self.now();
        let ticket = self.ticket(actor, id).await?;
        // Ids are drawn at random rather than taken from a sequence: the event must name the
        // file before the transaction that stores both. A clash (one in 2^63) is refused whole.
        let file = NewAttachment {
            id: rand::thread_rng().gen_range(1..=i64::MAX),
            name: upload.name,
            content_type: upload.content_type,
            bytes: upload.bytes,
        };
        let attachment = AttachmentRef {
            id: file.id,
            name: file.name.clone(),
            content_type: file.content_type.clone(),
            size: file.bytes.len() as i64,
        };
        let (next, events) = self.with_context(now, |ctx, _| {
            lifecycle::apply(
                &ticket,
                version,
                &Command::Attach { attachment },
                actor,
                ctx,
            )
        })?;
        let change = TicketChange {
            ticket: next,
            expected_version: version,
            events,
            attachments: vec![file],
            intake: IntakeChange::Keep,
            article_use: None,
            check_places: false,
        };
        let mut saved = self
            .store
            .save_tickets(vec![change], recorded(actor, now))
            .await?;
        saved.pop().ok_or(ServiceError::NotFound("ticket"))
    }

    /// A stored file, for a person who may see its ticket.
    pub async fn attachment(&self, actor: &Actor, id: i64) -> ServiceResult<StoredAttachment> {
        let file = self
            .store
            .attachment(id)
            .await?
            .ok_or(ServiceError::NotFound("attachment"))?;
        let ticket = self
            .store
            .ticket(file.ticket)
            .await?
            .ok_or(ServiceError::NotFound("ticket"))?;
        if !self.may_read(actor, &ticket).await? {
            return Err(ServiceError::Forbidden(
                "该附件所属工单不属于本单位 / this file's ticket is not your unit's".into(),
            ));
        }
        // Its name as the ticket page shows it: a recording named after a confidential caller
        // (王小明_13812345678.mp3) must not give them away in the download.
        let mut file = file;
        if actor.is_unit_staff() {
            let callers = self.callers_of(&ticket).await?;
            let area_code = &self.reference().policy.area_code;
            file.name = crate::masking::text_for_units(file.name, &callers, area_code);
        }
        Ok(file)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const PNG: &[u8] = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR";

    fn field(r: ServiceResult<Upload>) -> String {
        match r {
            Err(ServiceError::Invalid { field, .. }) => field,
            other => panic!("expected Invalid, got {other:?}"),
        }
    }

    #[test]
    fn a_png_with_parameters_and_capitals_in_its_type_is_accepted_as_image_png() {
        let u = Upload::parse("现场.png", "Image/PNG; charset=binary", PNG.to_vec());
        assert_eq!(
            u.map(|u| (u.name, u.content_type)).ok(),
            Some(("现场.png".to_string(), "image/png".to_string()))
        );
    }

    #[test]
    fn types_outside_the_list_are_unsupported() {
        for t in ["text/html", "image/svg+xml", "", "application/octet-stream"] {
            let r = Upload::parse("a.png", t, PNG.to_vec());
            assert!(
                matches!(r, Err(ServiceError::UnsupportedMediaType(_))),
                "{t}: {r:?}"
            );
        }
    }

    #[test]
    fn names_with_paths_control_characters_or_bad_lengths_are_refused() {
        let long = "长".repeat(201);
        for name in ["../x.png", "a\\b.png", "", "  ", "a\0.png", "..", &long] {
            assert_eq!(
                field(Upload::parse(name, "image/png", PNG.to_vec())),
                "name",
                "{name:?}"
            );
        }
        assert!(Upload::parse(&"长".repeat(200), "image/png", PNG.to_vec()).is_ok());
    }

    #[test]
    fn empty_and_oversized_files_are_refused() {
        assert_eq!(field(Upload::parse("a.png", "image/png", vec![])), "body");
        let mut big = PNG.to_vec();
        big.resize(MAX_ATTACHMENT_BYTES + 1, 0);
        assert_eq!(field(Upload::parse("a.png", "image/png", big)), "body");
    }

    #[test]
    fn contents_must_agree_with_the_declared_type() {
        let ok = [
            ("image/jpeg", &b"\xFF\xD8\xFF\xE0\0\x10JFIF"[..]),
            ("image/png", PNG),
            ("image/webp", b"RIFF\x24\0\0\0WEBPVP8 "),
            ("audio/wav", b"RIFF\x24\0\0\0WAVEfmt "),
            ("audio/x-wav", b"RIFF\x24\0\0\0WAVEfmt "),
            ("audio/mpeg", b"ID3\x04\0\0"),
            ("audio/mpeg", b"\xFF\xFB\x90\x00"),
            ("audio/amr", b"#!AMR\n"),
            ("audio/mp4", b"\0\0\0\x20ftypM4A "),
            ("application/pdf", b"%PDF-1.7\n"),
        ];
        for (t, bytes) in ok {
            assert!(Upload::parse("f", t, bytes.to_vec()).is_ok(), "{t}");
        }
        for (t, bytes) in [
            ("image/jpeg", PNG),
            ("image/png", &b"\xFF\xD8\xFF\xE0"[..]),
            ("application/pdf", b"<html>%PDF-"),
            ("image/webp", b"RIFF\x24\0\0\0WAVEfmt "),
            ("audio/mpeg", b"\xFF"),
        ] {
            assert_eq!(
                field(Upload::parse("f", t, bytes.to_vec())),
                "content_type",
                "{t}"
            );
        }
    }
}
