//! `POST /tickets/{id}/actions`: the body read into the version and the command.
//!
//! A command is an internally tagged enum, which serde reads from a buffer where unread fields
//! go unseen: they are found here by comparing the body with the command read back
//! (`unknown_fields`), so a misspelt field is refused as it is everywhere else. An edit changes
//! only what it names: a caller or five elements sent in part are laid over the ticket's own
//! (`laid_over`), so `{"caller": {"name": "…"}}` does not wipe the phone and the
//! confidentiality the caller asked for.
use axum::http::StatusCode;
use serde_json::{Map, Value};

use hotline_domain::lifecycle::{Command, TicketEdit};
use hotline_domain::ticket::Ticket;

use crate::error::{ApiError, ApiResult};

/// Whether an action body is an edit: only an edit needs the ticket read first (`read`).
pub fn is_edit(body: &Value) -> bool {
    body.get("action").and_then(Value::as_str) == Some("edit")
}

/// The version and the command of an action body; `ticket` is the ticket acted on, as it is
/// stored, for an edit to be laid over (an edit without it is read as sent).
pub fn read(mut body: Value, ticket: Option<&Ticket>) -> ApiResult<(u64, Command)> {
    let Some(fields) = body.as_object_mut() else {
        return Err(invalid(
            "请求内容应为 JSON 对象 {…}",
            "the body must be an object",
        ));
    };
    let version = match fields.remove("version") {
        Some(v) => v.as_u64().ok_or_else(|| {
            invalid(
                "version 应为非负整数(工单的版本号)",
                "version must be a non-negative integer (the ticket's version)",
            )
        })?,
        None => {
            return Err(invalid(
                "缺少 version(工单的版本号)",
                "version is required (the ticket's version)",
            ))
        }
    };
    if let Some(ticket) = ticket {
        if let Some(edit) = fields.get_mut("edit").and_then(Value::as_object_mut) {
            laid_over(edit, ticket)?;
        }
    }
    let command: Command = crate::extract::from_value(body.clone(), false)?;
    let unknown = unknown_fields(&body, &serde_json::to_value(&command).unwrap_or_default());
    if !unknown.is_empty() {
        return Err(invalid(
            format!("请求内容有不认识的字段:{}(请检查拼写)", unknown.join("、")),
            format!("unknown field(s) in the body: {}", unknown.join(", ")),
        ));
    }
    if let Command::Edit { edit } = &command {
        if **edit == TicketEdit::default() {
            return Err(invalid(
                "修改内容为空:请至少给出一项要修改的内容(caller、elements、subject、record 等)",
                "the edit changes nothing: name at least one field to change",
            ));
        }
    }
    Ok((version, command))
}

/// The caller and the five elements of an edit laid over the ticket's: a field the edit
/// leaves out keeps the ticket's value (the place's too, field by field); one sent as null
/// is cleared where it may be empty (a place code, the time).
fn laid_over(edit: &mut Map<String, Value>, ticket: &Ticket) -> ApiResult<()> {
    let current = |v: Result<Value, serde_json::Error>| v.unwrap_or_default();
    for (key, stored) in [
        ("caller", current(serde_json::to_value(&ticket.caller))),
        ("elements", current(serde_json::to_value(&ticket.elements))),
    ] {
        let Some(sent) = edit.get_mut(key) else {
            continue;
        };
        match sent {
            Value::Null => {}
            Value::Object(part) => *sent = merged(codes_as_one(stored, part), part),
            _ => {
                return Err(invalid(
                    format!("edit.{key} 应为对象 {{…}}"),
                    format!("edit.{key} must be an object"),
                ))
            }
        }
    }
    Ok(())
}

/// The place codes are one chain: a part naming any of district, street or community
/// replaces all three (those it leaves out are filled in from the one it names), so a street
/// moved to is not kept with the community of the street moved from.
fn codes_as_one(mut stored: Value, part: &Map<String, Value>) -> Value {
    const CODES: [&str; 3] = ["district", "street", "community"];
    let names_a_code = part
        .get("place")
        .and_then(Value::as_object)
        .is_some_and(|p| CODES.iter().any(|c| p.contains_key(*c)));
    if names_a_code {
        if let Some(place) = stored.get_mut("place").and_then(Value::as_object_mut) {
            for c in CODES {
                place.insert(c.to_string(), Value::Null);
            }
        }
    }
    stored
}

/// `part` over `stored`, objects within objects merged the same way.
fn merged(mut stored: Value, part: &Map<String, Value>) -> Value {
    let Some(fields) = stored.as_object_mut() else {
        return Value::Object(part.clone());
    };
    for (k, v) in part {
        match (fields.get_mut(k), v) {
            (Some(old @ Value::Object(_)), Value::Object(inner)) => {
                *old = merged(old.take(), inner);
            }
            _ => {
                fields.insert(k.clone(), v.clone());
            }
        }
    }
    stored
}

/// The paths of fields in `sent` that `read` (the command written back) does not have.
fn unknown_fields(sent: &Value, read: &Value) -> Vec<String> {
    let mut out = Vec::new();
    walk(sent, read, "", &mut out);
    out
}

fn walk(sent: &Value, read: &Value, at: &str, out: &mut Vec<String>) {
    let (Value::Object(sent), Value::Object(read)) = (sent, read) else {
        return;
    };
    for (k, v) in sent {
        let path = if at.is_empty() {
            k.clone()
        } else {
            format!("{at}.{k}")
        };
        match read.get(k) {
            Some(r) => walk(v, r, &path, out),
            None => out.push(path),
        }
    }
}

fn invalid(zh: impl Into<String>, en: impl Into<String>) -> ApiError {
    ApiError::new(
        StatusCode::UNPROCESSABLE_ENTITY,
        "invalid-body",
        zh.into(),
        en.into(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn fields_the_command_does_not_read_are_named() {
        let sent = json!({"action": "edit", "edit": {"subjekt": "x", "elements": {"place": {"stret": "S"}}}});
        let read = json!({"action": "edit", "edit": {"subject": null, "elements": {"place": {"street": null}}}});
        assert_eq!(
            unknown_fields(&sent, &read),
            vec!["edit.elements.place.stret", "edit.subjekt"]
        );
        assert!(unknown_fields(&read, &read).is_empty());
    }

    #[test]
    fn a_part_is_laid_over_what_is_stored() {
        let stored = json!({"name": "孙先生", "phone": "135", "confidential": true, "place": {"district": "D01", "street": "S"}});
        let part = json!({"name": "孙先生(匿名)", "place": {"street": "T"}});
        assert_eq!(
            merged(stored, part.as_object().expect("an object")),
            json!({"name": "孙先生(匿名)", "phone": "135", "confidential": true, "place": {"district": "D01", "street": "T"}})
        );
    }
}
