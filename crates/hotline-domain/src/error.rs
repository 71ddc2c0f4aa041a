//! Why the domain refused a command.
use serde::Serialize;
use thiserror::Error;

use crate::lifecycle::ActionKind;
use crate::ticket::TicketState;

#[derive(Debug, Clone, PartialEq, Error, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum DomainError {
    /// The action does not apply in the ticket's state.
    #[error("action {action:?} is not allowed in state {state:?}")]
    NotAllowedInState {
        action: ActionKind,
        state: TicketState,
        allowed: Vec<ActionKind>,
    },
    /// The actor may not take this action on this ticket.
    #[error("forbidden: {reason}")]
    Forbidden { action: ActionKind, reason: String },
    /// The five elements are incomplete.
    #[error("missing five elements: {}", .0.join(", "))]
    MissingElements(Vec<&'static str>),
    /// A field is invalid.
    #[error("invalid {field}: {message}")]
    Invalid {
        field: &'static str,
        message: String,
    },
    /// The command was built on an older version of the ticket.
    #[error("stale version: expected {expected}, ticket is at {actual}")]
    StaleVersion { expected: u64, actual: u64 },
    /// The return window (退单时限) has run out.
    #[error("the return window closed at {closed_at}")]
    ReturnWindowExpired {
        closed_at: chrono::DateTime<chrono::Utc>,
    },
}

impl DomainError {
    pub fn invalid(field: &'static str, message: impl Into<String>) -> Self {
        DomainError::Invalid {
            field,
            message: message.into(),
        }
    }

    /// A message in English: the `Display` text, with only the English half of a reason
    /// written in both languages.
    pub fn message_en(&self) -> String {
        match self {
            DomainError::Forbidden { reason, .. } => format!("forbidden: {}", halves(reason).1),
            DomainError::Invalid { field, message } => {
                format!("invalid {field}: {}", halves(message).1)
            }
            _ => self.to_string(),
        }
    }

    /// A message for people, in Chinese.
    pub fn message_zh(&self) -> String {
        match self {
            DomainError::NotAllowedInState {
                action,
                state,
                allowed,
            } => format!(
                "工单当前状态为「{}」,不能执行「{}」;可执行的操作:{}",
                state.label_zh(),
                action.label_zh(),
                if allowed.is_empty() {
                    "无".to_string()
                } else {
                    allowed
                        .iter()
                        .map(|a| a.label_zh())
                        .collect::<Vec<_>>()
                        .join("、")
                }
            ),
            DomainError::Forbidden { action, reason } => {
                format!("无权执行「{}」:{}", action.label_zh(), halves(reason).0)
            }
            DomainError::MissingElements(m) => format!(
                "五要素不全,缺少:{}",
                m.iter()
                    .map(|f| element_label_zh(f))
                    .collect::<Vec<_>>()
                    .join("、")
            ),
            DomainError::Invalid { field, message } => {
                let name = field_label_zh(field).map_or(String::new(), |l| format!("({l})"));
                format!("字段 {field}{name} 不正确:{}", halves(message).0)
            }
            DomainError::StaleVersion { expected, actual } => {
                format!("工单已被他人修改(提交的版本 {expected},当前版本 {actual}),请刷新后重试")
            }
            DomainError::ReturnWindowExpired { closed_at } => format!(
                "退单时限已过(截止 {}),不能退单",
                closed_at
                    .with_timezone(&crate::calendar::china_offset())
                    .format("%Y-%m-%d %H:%M")
            ),
        }
    }
}

/// A reason written "中文 / English" as its two languages, each half trimmed; one without an
/// English half (no " / " followed by text without Chinese) is both.
pub fn halves(message: &str) -> (&str, &str) {
    if let Some((zh, en)) = message.rsplit_once(" / ") {
        let chinese = |s: &str| s.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c));
        if chinese(zh) && !chinese(en) && !en.trim().is_empty() {
            return (zh.trim(), en.trim());
        }
    }
    (message, message)
}

/// The Chinese name of a field of a command or request, where it has one people know:
/// 「master」(主单).
pub fn field_label_zh(field: &str) -> Option<&'static str> {
    Some(match field {
        "master" => "主单",
        "reason" => "原因",
        "note" => "备注",
        "text" => "内容",
        "main" => "主办单位",
        "assisting" => "协办单位",
        "method" => "回访方式",
        "outcome" => "回访结果",
        "satisfaction" => "满意度",
        "version" => "版本",
        "action" => "操作",
        "category" => "分类",
        "place" => "地点",
        "phone" => "电话",
        "channel" => "渠道",
        "title" => "标题",
        "body" => "正文",
        "kind" => "类型",
        "reply" => "答复",
        "due" => "期限",
        "elements" => "五要素",
        "elements.demand" => "诉求",
        "elements.event" => "事件",
        "username" => "用户名",
        "password" => "密码",
        _ => return None,
    })
}

/// Chinese name of one of the five elements.
pub fn element_label_zh(field: &str) -> &'static str {
    match field {
        "time" => "时间",
        "place" => "地点",
        "person" => "人物",
        "event" => "事件",
        "demand" => "诉求",
        _ => "其他",
    }
}
