//! The actions a person may take on a ticket now: their forms (`forms.rs`), and the one handler
//! that turns a posted form into a lifecycle `Command`. Which actions appear is the domain's answer
//! (`TicketView::available_actions`); the domain checks again when the form is posted.
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};

use hotline_domain::lifecycle::{ActionKind, Command, TicketEdit};
use hotline_domain::org::UnitId;
use hotline_domain::ticket::{
    ColourTag, EmergencyService, NotAcceptedReason, Satisfaction, SupervisionLevel, TicketId,
    VisitMethod, VisitOutcome,
};
use hotline_service::App;

use crate::error::UiError;
use crate::fields::Fields;
use crate::session::{Posted, Session};
use crate::ticket;
use crate::UiState;

mod forms;

pub use forms::{forms, Typed};

/// An action's wire code (`sign_for`).
pub fn action_code(a: ActionKind) -> String {
    serde_json::to_value(a)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default()
}

pub fn parse_action(s: &str) -> Option<ActionKind> {
    ActionKind::ALL.into_iter().find(|a| action_code(*a) == s)
}

pub const NOT_ACCEPTED_REASONS: [NotAcceptedReason; 12] = [
    NotAcceptedReason::Litigation,
    NotAcceptedReason::Arbitration,
    NotAcceptedReason::DisciplineInspection,
    NotAcceptedReason::AdministrativeReview,
    NotAcceptedReason::InformationDisclosure,
    NotAcceptedReason::Petition,
    NotAcceptedReason::SecretsOrPrivacy,
    NotAcceptedReason::PublicOrder,
    NotAcceptedReason::Emergency,
    NotAcceptedReason::Military,
    NotAcceptedReason::ClosedMatterRepeated,
    NotAcceptedReason::OutOfRemit,
];

pub const EMERGENCY: [(EmergencyService, &str); 4] = [
    (EmergencyService::Police, "110 报警"),
    (EmergencyService::Fire, "119 火警"),
    (EmergencyService::Ambulance, "120 急救"),
    (EmergencyService::Traffic, "122 交通事故"),
];

const LEVELS: [SupervisionLevel; 4] = [
    SupervisionLevel::AssignmentNotice,
    SupervisionLevel::SupervisionNotice,
    SupervisionLevel::CoordinationMeeting,
    SupervisionLevel::MayorReport,
];

fn enum_code<T: serde::Serialize>(v: T) -> String {
    serde_json::to_value(v)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default()
}

pub fn parse_not_accepted(s: &str) -> Option<NotAcceptedReason> {
    NOT_ACCEPTED_REASONS
        .into_iter()
        .find(|r| enum_code(*r) == s)
}

pub fn parse_emergency(s: &str) -> Option<EmergencyService> {
    EMERGENCY
        .into_iter()
        .map(|(e, _)| e)
        .find(|e| enum_code(*e) == s)
}

fn tags_field(f: &Fields) -> Result<Vec<ColourTag>, UiError> {
    f.choices("tags", "标签", ColourTag::parse)
}

fn decision(f: &Fields) -> Result<bool, UiError> {
    match f.get("decision") {
        "approve" => Ok(true),
        "refuse" => Ok(false),
        other => Err(UiError::Invalid(format!(
            "请选择同意或不同意(收到「{other}」)"
        ))),
    }
}

fn unit_field(f: &Fields, name: &str, label: &str) -> Result<UnitId, UiError> {
    f.int::<i64>(name, label).map(UnitId)
}

/// The command a posted action form asks for.
async fn command(app: &App, s: &Session, id: TicketId, f: &Fields) -> Result<Command, UiError> {
    let action = parse_action(f.get("action"))
        .ok_or_else(|| UiError::Invalid(format!("未知操作「{}」", f.get("action"))))?;
    let note = || f.get("note").trim().to_string();
    Ok(match action {
        ActionKind::Edit => {
            let t = app.ticket(&s.actor, id).await?;
            let mut elements = t.elements.clone();
            elements.time_text = f.get("time_text").trim().to_string();
            elements.place.address = f.get("address").trim().to_string();
            elements.person = f.get("person").trim().to_string();
            elements.event = f.get("event").trim().to_string();
            elements.demand = f.get("demand").trim().to_string();
            let tags = tags_field(f)?;
            Command::Edit {
                edit: Box::new(TicketEdit {
                    elements: Some(elements),
                    subject: Some(f.get("subject").trim().to_string()),
                    category: f.opt("category"),
                    tags: Some(tags),
                    ..Default::default()
                }),
            }
        }
        ActionKind::Submit => Command::Submit,
        ActionKind::DirectAnswer => Command::DirectAnswer {
            answer: f.text("answer", "答复内容")?,
            article: f.opt_int("article", "引用知识编号")?,
        },
        ActionKind::NotAccept => Command::NotAccept {
            reason: f.choice("reason", "不予受理原因", parse_not_accepted)?,
            channel_told: f.text("channel_told", "告知来电人的渠道")?,
            note: note(),
        },
        ActionKind::EmergencyTransfer => Command::EmergencyTransfer {
            service: f.choice("service", "转接", parse_emergency)?,
            note: note(),
        },
        ActionKind::Merge => {
            let number = f.text("master_number", "主工单编号")?;
            let master = app
                .ticket_by_number(&s.actor, &number)
                .await
                .map_err(|_| UiError::Invalid(format!("找不到编号为「{number}」的工单")))?;
            Command::Merge {
                master: master.id,
                note: note(),
            }
        }
        ActionKind::ReturnToIntake => Command::ReturnToIntake {
            missing: f.all("missing").into_iter().map(str::to_string).collect(),
            note: f.text("note", "退回说明")?,
        },
        ActionKind::Dispatch => Command::Dispatch {
            main: unit_field(f, "main", "主办单位")?,
            assisting: f
                .all("assisting")
                .into_iter()
                .map(|v| v.parse().map(UnitId))
                .collect::<Result<_, _>>()
                .map_err(|_| UiError::Invalid("协办单位不正确".into()))?,
            tier: f.opt("tier"),
            note: note(),
            tags: Some(tags_field(f)?),
        },
        ActionKind::SignFor => Command::SignFor,
        ActionKind::RequestReturn => Command::RequestReturn {
            reason: f.text("reason", "退单理由")?,
            suggested_unit: f.opt_int::<i64>("suggested_unit", "建议单位")?.map(UnitId),
        },
        ActionKind::DecideReturn => Command::DecideReturn {
            approve: decision(f)?,
            note: note(),
        },
        ActionKind::SubDispatch => Command::SubDispatch {
            to: unit_field(f, "to", "下派单位")?,
            note: note(),
        },
        ActionKind::Whistle => Command::Whistle {
            unit: unit_field(f, "unit", "吹哨单位")?,
            note: f.text("note", "需要协同的事项")?,
        },
        ActionKind::RequestExtension => Command::RequestExtension {
            working_days: f.int("working_days", "延期工作日")?,
            reason: f.text("reason", "延期理由")?,
        },
        ActionKind::DecideExtension => Command::DecideExtension {
            approve: decision(f)?,
            working_days: f.opt_int("working_days", "批准工作日")?,
            note: note(),
        },
        ActionKind::Suspend => Command::Suspend {
            reason: f.text("reason", "挂起原因")?,
        },
        ActionKind::Resume => Command::Resume { note: note() },
        ActionKind::Progress => Command::Progress {
            note: f.text("note", "办理进展")?,
        },
        ActionKind::Reply => Command::Reply {
            result: f.text("result", "办理结果")?,
            resolved: f.checked("resolved"),
            caller_contacted: f.checked("caller_contacted"),
        },
        ActionKind::ReviewPass => Command::ReviewPass { note: note() },
        ActionKind::ReviewSendBack => Command::ReviewSendBack {
            reason: f.text("reason", "退回理由")?,
        },
        ActionKind::Visit => {
            let method = match f.get("method") {
                "smart" => VisitMethod::Smart,
                "manual" => VisitMethod::Manual,
                other => return Err(UiError::Invalid(format!("回访方式「{other}」不正确"))),
            };
            let outcome = match f.get("outcome") {
                "reached" => VisitOutcome::Reached {
                    satisfaction: match f.get("satisfaction") {
                        "satisfied" => Satisfaction::Satisfied,
                        "basically_satisfied" => Satisfaction::BasicallySatisfied,
                        "unsatisfied" => Satisfaction::Unsatisfied,
                        other => return Err(UiError::Invalid(format!("满意度「{other}」不正确"))),
                    },
                    resolved: f.checked("resolved"),
                },
                "unreachable" => VisitOutcome::Unreachable,
                "declined" => VisitOutcome::Declined,
                other => return Err(UiError::Invalid(format!("回访结果「{other}」不正确"))),
            };
            Command::Visit {
                method,
                outcome,
                note: note(),
            }
        }
        ActionKind::Rehandle => Command::Rehandle {
            reason: f.text("reason", "重办原因")?,
        },
        ActionKind::Close => Command::Close { note: note() },
        ActionKind::Archive => Command::Archive,
        ActionKind::Urge => Command::Urge { note: note() },
        ActionKind::Supervise => Command::Supervise {
            level: f.choice("level", "督办级别", |v| {
                LEVELS.into_iter().find(|l| enum_code(*l) == v)
            })?,
            note: note(),
        },
        ActionKind::Reopen => Command::Reopen {
            reason: f.text("reason", "重新启用原因")?,
        },
        ActionKind::Unmerge => Command::Unmerge {
            reason: f.text("reason", "拆单原因")?,
        },
        ActionKind::Attach => {
            return Err(UiError::Invalid("附件请通过上传功能添加".into()));
        }
    })
}

/// Take an action posted from the ticket page; back to the page with a confirmation (303), or
/// the page again with the refusal and the status that fits it.
pub async fn act(
    State(st): State<UiState>,
    Path(id): Path<String>,
    Posted(s, f): Posted,
) -> Result<Response, UiError> {
    let id = TicketId(crate::fields::path_id(&id, "工单号")?);
    let result = async {
        let version: u64 = f.int("version", "版本")?;
        let cmd = command(&st.app, &s, id, &f).await?;
        st.app.act(&s.actor, id, version, cmd).await?;
        Ok::<_, UiError>(())
    }
    .await;
    match result {
        Ok(()) => {
            let done = crate::error::encode_component(f.get("action"));
            // A list page may ask to come back to it; a unit that gave the ticket away may no
            // longer see it: go home instead.
            let back = f.get("back");
            let to = if crate::session::is_local_path(back) {
                format!("{back}?done={done}")
            } else {
                match st.app.ticket(&s.actor, id).await {
                    Ok(_) => format!("/tickets/{}?done={done}", id.0),
                    Err(_) => "/".to_string(),
                }
            };
            Ok(Redirect::to(&to).into_response())
        }
        // The page again, the refused form open with what was typed.
        Err(e) => {
            let stale = e.is_stale_version();
            let action = parse_action(f.get("action"));
            // Whether the ticket as it is now still offers the action: if not, the form is not
            // there to send again, only a copy of what was typed beside the ticket.
            let offered = match (stale, action) {
                (true, Some(a)) => (st.app.ticket(&s.actor, id).await)
                    .is_ok_and(|t| st.app.view(&s.actor, t).available_actions.contains(&a)),
                _ => true,
            };
            // Said for this page, which shows the ticket as it is now and keeps the form:
            // refreshing it would send the form again or lose it.
            let e = match (stale, action) {
                (true, Some(a)) if !offered => UiError::Service(hotline_service::ServiceError::Conflict(format!(
                    "工单在您填写期间已有新变化,「{}」现在不能再做:页面已显示最新情况,您填写的内容在操作栏保留供参考 / the ticket changed meanwhile",
                    a.label_zh()
                ))),
                (true, _) => UiError::Service(hotline_service::ServiceError::Conflict(
                    "工单在您填写期间已有新变化:页面已显示最新情况,您填写的内容已保留,核对后可再次提交 / the ticket changed meanwhile"
                        .into(),
                )),
                _ => e,
            };
            let typed = action.map(|action| Typed {
                action,
                fields: &f,
                stale,
            });
            ticket::render_typed(&st.app, &s, id, None, Some(&e), typed, false).await
        }
    }
}
