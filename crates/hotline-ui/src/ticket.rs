//! The ticket page: the record, the caller (masked where required), units, requests, reply,
//! visits, attachments, related tickets, clocks with their colours, the timeline with who and
//! when, and the forms of the actions this person may take now (and only those).
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use maud::{html, Markup};
use serde::Deserialize;

use hotline_domain::event::{approved_returns, TicketEvent};
use hotline_domain::knowledge::ArticleId;
use hotline_domain::ticket::{Ticket, TicketId, VisitOutcome};
use hotline_service::intake_record::IntakeOutcome;
use hotline_service::tickets::TicketView;
use hotline_service::{App, Reference};
use hotline_store::{Order, Page};

use crate::error::UiError;
use crate::format;
use crate::layout;
use crate::session::Session;
use crate::ticket_actions;
use crate::UiState;

#[derive(Deserialize, Default)]
pub struct DoneQuery {
    #[serde(default)]
    done: Option<String>,
    /// Reached from a form sent (the intake's, found already acted on).
    #[serde(default)]
    sent: Option<String>,
}

pub async fn ticket_page(
    State(s): State<UiState>,
    session: Session,
    Path(id): Path<String>,
    Query(q): Query<DoneQuery>,
) -> Result<Response, UiError> {
    let id = crate::fields::path_id(&id, "工单号")?;
    let flash = q
        .done
        .as_deref()
        .and_then(ticket_actions::parse_action)
        .map(|a| format!("已完成「{}」", a.label_zh()));
    // A form's answer: the drafts sent from this browser are done with (`app.js`).
    let answered = q.done.is_some() || q.sent.is_some();
    render_typed(
        &s.app,
        &session,
        TicketId(id),
        flash.as_deref(),
        None,
        None,
        answered,
    )
    .await
}

/// The page, with a confirmation or the refusal of the action just tried (and its status).
pub async fn render(
    app: &App,
    session: &Session,
    id: TicketId,
    flash: Option<&str>,
    error: Option<&UiError>,
) -> Result<Response, UiError> {
    render_typed(app, session, id, flash, error, None, false).await
}

/// `render`, the refused action's form open again with what it typed; `answered`: the page
/// answers a form sent (a ticket made or acted on), so drafts sent are cleared.
pub async fn render_typed(
    app: &App,
    session: &Session,
    id: TicketId,
    flash: Option<&str>,
    error: Option<&UiError>,
    typed: Option<ticket_actions::Typed<'_>>,
    answered: bool,
) -> Result<Response, UiError> {
    let ticket = app.ticket(&session.actor, id).await?;
    let timeline = app.timeline(&session.actor, id).await?;
    let history = if session.actor.is_unit_staff() || ticket.caller.phone.trim().is_empty() {
        vec![]
    } else {
        let page = Page {
            limit: 6,
            offset: 0,
            order: Order::Newest,
        };
        app.caller_history(&session.actor, &ticket.caller.phone, page)
            .await
            .map(|(t, _)| t)
            .unwrap_or_default()
            .into_iter()
            .filter(|t| t.id != ticket.id)
            .collect()
    };
    // The numbers of the tickets merged into this one or it into, now or once (the history
    // names them), as people know them.
    let mut numbers = Numbers::new();
    let mut linked: Vec<TicketId> = ticket
        .merged_into
        .iter()
        .chain(&ticket.merged)
        .copied()
        .collect();
    for e in &timeline {
        match &e.event {
            TicketEvent::MergedInto { master: other, .. }
            | TicketEvent::Unmerged { master: other, .. }
            | TicketEvent::MergeReceived { child: other } => linked.push(*other),
            TicketEvent::MergeReleased { child, to } => {
                linked.push(*child);
                linked.extend(*to);
            }
            _ => {}
        }
    }
    linked.sort();
    linked.dedup();
    for other in linked {
        if let Ok(o) = app.ticket(&session.actor, other).await {
            numbers.insert(other, (o.number, o.state.label_zh()));
        }
    }
    // The knowledge articles direct answers were given from, by title, where the person may
    // read them.
    let mut articles = Articles::new();
    for e in &timeline {
        if let TicketEvent::DirectlyAnswered {
            article: Some(a), ..
        } = e.event
        {
            match app.article(&session.actor, ArticleId(a)).await {
                Ok(article) => {
                    articles.insert(a, Some(article.title));
                }
                Err(hotline_service::ServiceError::Forbidden(_)) => {
                    articles.insert(a, None);
                }
                Err(_) => {}
            }
        }
    }
    // A side panel for the centre's staff: the page still shows when it cannot be read.
    let suggested = if session.actor.is_unit_staff() {
        None
    } else {
        app.intake_suggestion(&session.actor, id)
            .await
            .unwrap_or_else(|e| {
                tracing::warn!(error = %e, ticket = id.0, "the intake suggestion cannot be read");
                None
            })
    };
    let view = app.view_one(&session.actor, ticket).await?;
    let returns = approved_returns(timeline.iter().map(|e| &e.event));
    let r = app.reference();
    let t = &view.ticket;
    let title = format!("工单 {}", t.number);
    let body = html! {
        @if answered { span hidden data-draft-answered {} }
        div.two {
            div {
                h1 {
                    (t.number) " " (t.subject) " "
                    span.state #ticket-state data-state=(t.state.as_str()) { (view.state_label) }
                }
                p.muted {
                    (t.kind.label_zh()) " · " (t.channel.label_zh()) " · " (t.importance.label_zh())
                    " · 受理于 " (format::time(t.created_at))
                    @for tag in &t.tags { " " span.tag { (tag.label_zh()) } }
                    @if let Some(level) = t.supervision { " " span.tag { "督办:" (level.label_zh()) } }
                    @if t.urge_count > 0 { " " span.tag { "催办 " (t.urge_count) " 次" } }
                }
                (clocks(app, &view))
                (record(&r, t))
                (units_and_requests(&r, &view))
                @if let Some(s) = &suggested { (intake_suggestion(&r, s)) }
                (related(t, &history, &numbers))
                (timeline_list(&r, &timeline, &numbers, &articles))
            }
            aside.side.actions aria-label="可执行的操作" {
                h2 { "操作" }
                (ticket_actions::forms(app, session, &view, &returns, typed))
            }
        }
    };
    let status = error.map(|e| e.status()).unwrap_or(StatusCode::OK);
    let message = error.map(|e| e.message());
    Ok((
        status,
        layout::page(&title, session, "", flash, message.as_deref(), body),
    )
        .into_response())
}

fn clocks(app: &App, view: &TicketView) -> Markup {
    let r = app.reference();
    let now = app.now();
    // What is left, in the clock's own measure (working days for working-time budgets).
    let left = |k| {
        view.ticket.clocks.get(k).map_or_else(String::new, |c| {
            format::budget_left(
                c.budget,
                c.remaining(now, &r.calendar),
                r.calendar.working_day_seconds(),
            )
        })
    };
    html! {
        @if !view.clock_status.is_empty() {
            section #clocks aria-label="时限" {
                ul.plain {
                    @for c in &view.clock_status {
                        li.countdown data-clock=(format!("{:?}", c.kind)) {
                            strong { (c.label) } " "
                            @if c.running {
                                span class=(format::colour_class(c.colour)) { (format::colour_label(c.colour)) }
                                @if let Some(due) = c.due_at { " 截止 " (format::due(due)) " · 剩余 " (left(c.kind)) " " span.left.muted {} }
                            } @else {
                                span.muted { "已停止" }
                            }
                            @if !c.calendar_fallback_years.is_empty() {
                                " " span.warn { "注意:" (c.calendar_fallback_years.iter().map(|y| y.to_string()).collect::<Vec<_>>().join("、")) " 年未载入官方节假日,按周一至周五计算" }
                            }
                        }
                    }
                }
            }
        }
    }
}

fn record(r: &Reference, t: &Ticket) -> Markup {
    let c = &t.caller;
    let e = &t.elements;
    let tier = r
        .policy
        .tier(&t.tier)
        .map(|d| format!("{}({})", d.name_zh, d.length.label_zh()))
        .unwrap_or_else(|| t.tier.clone());
    html! {
        h2 { "来电人" }
        dl.record #caller {
            dt { "姓名" } dd { (c.name) @if c.confidential { " " span.tag { "保密" } } }
            dt { "电话" } dd #caller-phone { (c.phone) }
            @if !c.address.is_empty() { dt { "住址" } dd { (c.address) } }
            @if !c.work_unit.is_empty() { dt { "工作单位" } dd { (c.work_unit) } }
            dt { "联系与回访" } dd {
                (if c.wants_contact { "愿意接受单位联系" } else { "不愿单位联系" }) ";"
                (if c.declines_visit { "拒绝回访" } else { "接受回访" })
            }
        }
        h2 { "五要素" }
        dl.record #elements {
            dt { "时间" } dd {
                @if let Some(at) = e.time { (format::time(at)) " " }
                (e.time_text)
            }
            dt { "地点" } dd { (format::place(r, &e.place)) }
            dt { "人物" } dd { (e.person) }
            dt { "事件" } dd #event { (e.event) }
            dt { "诉求" } dd { (e.demand) }
            dt { "分类" } dd { (format::category(r, t.category.as_deref())) }
            dt { "时限等级" } dd { (tier) }
            dt { "受理记录" } dd #record { (t.record) }
        }
    }
}

/// Names of the units taking part now in `role`.
fn current_parts(
    r: &Reference,
    t: &hotline_domain::ticket::Ticket,
    role: hotline_domain::ticket::AssignmentRole,
) -> Vec<String> {
    t.assignments
        .iter()
        .filter(|a| a.role == role && a.is_current())
        .map(|a| r.unit_name(a.unit))
        .collect()
}

/// Names of the units whose part ended and that have none now (see `Assignment`: they
/// returned it, finished or gave back a sub-dispatch, or the centre took it back by a new
/// dispatch, a merge or a reopen): they still see the ticket.
fn former_units(r: &Reference, t: &hotline_domain::ticket::Ticket) -> Vec<String> {
    let mut units: Vec<_> = t
        .assignments
        .iter()
        .map(|a| a.unit)
        .filter(|u| !t.takes_part(*u))
        .collect();
    units.sort();
    units.dedup();
    units.into_iter().map(|u| r.unit_name(u)).collect()
}

fn units_and_requests(r: &Reference, view: &TicketView) -> Markup {
    let t = &view.ticket;
    html! {
        @if !t.assignments.is_empty() {
            h2 { "承办单位" }
            dl.record #units {
                @if let Some(m) = &view.main_unit_name { dt { "主办" } dd { (m) } }
                @let assisting = current_parts(r, t, hotline_domain::ticket::AssignmentRole::Assisting);
                @if !assisting.is_empty() { dt { "协办" } dd { (assisting.join("、")) } }
                @let whistled = current_parts(r, t, hotline_domain::ticket::AssignmentRole::Whistled);
                @if !whistled.is_empty() { dt { "吹哨单位" } dd { (whistled.join("、")) } }
                @let former = former_units(r, t);
                @if !former.is_empty() { dt { "曾承办" } dd #former-units { (former.join("、")) } }
                @if t.chain.len() > 1 {
                    dt { "办理链" } dd { (t.chain.iter().map(|u| r.unit_name(*u)).collect::<Vec<_>>().join(" → ")) }
                }
                @if let Some(h) = &view.holder_name { dt { "当前办理" } dd #holder { (h) } }
            }
        }
        @if let Some(req) = &t.return_request {
            h2 { "退单申请" }
            dl.record #return-request {
                dt { "申请单位" } dd { (r.unit_name(req.unit)) }
                dt { "理由" } dd { (req.reason) }
                @if let Some(u) = req.suggested_unit { dt { "建议单位" } dd { (r.unit_name(u)) } }
                dt { "申请时间" } dd { (format::time(req.at)) }
                @if let Some(check) = &view.return_check {
                    dt { "职责清单" } dd {
                        "第 " (check.list_version) " 版:"
                        @if check.unit_is_responsible { span.warn { "清单列明该单位负责此类事项" } }
                        @else { "该单位不在清单所列负责单位中" }
                        @if !check.responsible_names.is_empty() { ";清单所列:" (check.responsible_names.join("、")) }
                    }
                }
            }
        }
        @if let Some(x) = &t.extension_request {
            h2 { "延期申请" }
            dl.record {
                dt { "申请单位" } dd { (r.unit_name(x.unit)) }
                dt { "延期" } dd { (x.working_days) " 个工作日" }
                dt { "理由" } dd { (x.reason) }
            }
        }
        @if let Some(reply) = &t.reply {
            h2 { "办理反馈" }
            dl.record #reply {
                // A direct answer is the centre's own (no unit: id 0).
                @if reply.unit.0 == 0 {
                    dt { "答复" } dd { "热线中心直接答复" }
                } @else {
                    dt { "单位" } dd { (r.unit_name(reply.unit)) }
                }
                dt { "结果" } dd { (reply.result) }
                dt { "是否解决" } dd { (if reply.resolved { "已解决" } else { "未解决" }) }
                dt { "联系来电人" } dd { (if reply.caller_contacted { "已联系" } else { "未联系" }) }
                dt { "时间" } dd { (format::time(reply.at)) }
            }
        }
        @if !t.visits.is_empty() {
            h2 { "回访" }
            ul.plain #visits {
                @for v in &t.visits {
                    li {
                        (format::time(v.at)) " "
                        (match v.method { hotline_domain::ticket::VisitMethod::Smart => "智能回访", hotline_domain::ticket::VisitMethod::Manual => "人工回访" })
                        ":"
                        (match v.outcome {
                            VisitOutcome::Reached { satisfaction, resolved } =>
                                format!("{}{}", satisfaction.label_zh(), if resolved { ",已解决" } else { ",未解决" }),
                            VisitOutcome::Unreachable => "未接通".to_string(),
                            VisitOutcome::Declined => "拒绝回访".to_string(),
                        })
                        @if !v.note.is_empty() { " · " (v.note) }
                    }
                }
            }
        }
        @if !t.attachments.is_empty() {
            h2 { "附件" }
            ul.plain #attachments {
                @for a in &t.attachments {
                    li { a href={"/api/v1/attachments/" (a.id)} { (a.name) } " " span.muted { (a.content_type) " · " (a.size / 1024 + 1) " KB" } }
                }
            }
        }
    }
}

/// Ticket numbers by id, for the tickets a page names.
/// The tickets merged into this one or it into: number and state, as people know them.
type Numbers = std::collections::HashMap<TicketId, (String, &'static str)>;

/// A ticket as people know it: its number, or what it is when the person may not read it (a
/// unit sees that its ticket was merged into another unit's, not that ticket).
fn number(numbers: &Numbers, id: TicketId) -> String {
    numbers
        .get(&id)
        .map(|(n, _)| n.clone())
        .unwrap_or_else(|| UNREADABLE.to_string())
}

const UNREADABLE: &str = "另一张工单(无权查看)";

/// A link to a ticket the person may read, else what it is, without a link to a refusal.
fn ticket_link(numbers: &Numbers, id: TicketId) -> Markup {
    html! {
        @if numbers.contains_key(&id) {
            a href={"/tickets/" (id.0)} { (number(numbers, id)) } " " (state_of(numbers, id))
        } @else {
            span.muted { (UNREADABLE) }
        }
    }
}

fn state_of(numbers: &Numbers, id: TicketId) -> Markup {
    html! {
        @if let Some((_, state)) = numbers.get(&id) { span.state { (state) } }
    }
}

/// What the system suggested when the ticket was recorded, against what was done: so a shift
/// lead or inspector sees where a suggestion was followed or overruled.
fn intake_suggestion(r: &Reference, s: &IntakeOutcome) -> Markup {
    let source = match s.source.as_str() {
        "analyze" => "受理时的分析",
        _ => "登记时计算",
    };
    let verdict = |kept: Option<bool>, yes: &'static str, no: &'static str| match kept {
        Some(true) => html! { " " span.tag.ok { (yes) } },
        Some(false) => html! { " " span.tag.warn { (no) } },
        None => html! {},
    };
    html! {
        h2 { "系统建议" }
        dl.record #intake-suggestion {
            dt { "建议分类" } dd {
                @if let Some(c) = &s.category { (format::category(r, Some(c))) (verdict(s.category_followed, "与分类一致", "分类已改")) }
                @else { span.muted { "无" } }
            }
            dt { "建议承办单位" } dd {
                @if let Some(u) = &s.unit_name { (u) (verdict(s.unit_followed, "首次转办采纳", "首次转办未采纳")) }
                @else { span.muted { "无" } }
            }
            dt { "依据" } dd.muted {
                (source) " · " (format::time(s.analyzed_at))
                @if let Some(v) = s.model_version { " · 分派模型第 " (v) " 版" } @else { " · 职责清单" }
            }
        }
    }
}

fn related(t: &Ticket, history: &[Ticket], numbers: &Numbers) -> Markup {
    html! {
        @if t.merged_into.is_some() || !t.merged.is_empty() || !history.is_empty() {
            h2 { "关联工单" }
            ul.plain #related {
                @if let Some(m) = t.merged_into { li { "已并入主工单 " (ticket_link(numbers, m)) } }
                @for m in &t.merged { li.merged { "并入本单的工单 " (ticket_link(numbers, *m)) } }
                @if !t.merged.is_empty() {
                    li.muted { "本单答复(审核通过或直接答复)后,并入的工单随之答复,来电人各自回访;本单不予受理或转应急时,并入的工单随之办结。" }
                }
                @for h in history {
                    li { "同一来电人:" a href={"/tickets/" (h.id.0)} { (h.number) } " " (h.subject) " " span.state { (h.state.label_zh()) } }
                }
            }
        }
    }
}

/// What an event says beyond its label: notes, reasons, units.
fn event_detail(r: &Reference, e: &TicketEvent, numbers: &Numbers) -> String {
    match e {
        TicketEvent::DirectlyAnswered { answer, .. } => answer.clone(),
        TicketEvent::NotAccepted {
            reason,
            channel_told,
            note,
        } => {
            format!("{};告知渠道:{channel_told} {note}", reason.label_zh())
        }
        TicketEvent::EmergencyTransferred { service, note } => {
            let s = serde_json::to_value(service)
                .ok()
                .and_then(|v| v.as_str().map(str::to_string))
                .unwrap_or_default();
            format!("转 {s} {note}")
        }
        TicketEvent::MergedInto { master, note } => {
            format!("并入工单 {} {note}", number(numbers, *master))
        }
        TicketEvent::MergeReceived { child } => {
            format!("工单 {} 并入本单", number(numbers, *child))
        }
        TicketEvent::Unmerged { master, reason, .. } => {
            format!("从主工单 {} 拆出:{reason}", number(numbers, *master))
        }
        TicketEvent::MergeReleased { child, to: None } => {
            format!("工单 {} 拆出本单", number(numbers, *child))
        }
        TicketEvent::MergeReleased {
            child,
            to: Some(to),
        } => format!(
            "工单 {} 改并入工单 {}",
            number(numbers, *child),
            number(numbers, *to)
        ),
        TicketEvent::MasterAnswered { master, reply, .. } => {
            format!("主工单 {}:{}", number(numbers, *master), reply.result)
        }
        TicketEvent::ReturnedToIntake { note, .. } => note.clone(),
        TicketEvent::Dispatched {
            main,
            assisting,
            note,
            ..
        } => {
            let mut s = format!("主办:{}", r.unit_name(*main));
            if !assisting.is_empty() {
                s.push_str(&format!(
                    ";协办:{}",
                    assisting
                        .iter()
                        .map(|u| r.unit_name(*u))
                        .collect::<Vec<_>>()
                        .join("、")
                ));
            }
            if !note.is_empty() {
                s.push_str(&format!(";{note}"));
            }
            s
        }
        TicketEvent::SignedFor { unit } => r.unit_name(*unit),
        TicketEvent::ReturnRequested { unit, reason, .. } => {
            format!("{}:{reason}", r.unit_name(*unit))
        }
        TicketEvent::ReturnDecided { note, .. } => note.clone(),
        TicketEvent::SubDispatched { from, to, note } => {
            format!("{} → {} {note}", r.unit_name(*from), r.unit_name(*to))
        }
        TicketEvent::Whistled { unit, note } => format!("{} {note}", r.unit_name(*unit)),
        TicketEvent::ExtensionRequested {
            working_days,
            reason,
            ..
        } => format!("{working_days} 个工作日:{reason}"),
        TicketEvent::ExtensionDecided {
            working_days, note, ..
        } => format!("{working_days} 个工作日 {note}"),
        TicketEvent::Suspended { reason } => reason.clone(),
        TicketEvent::Resumed { note }
        | TicketEvent::Urged { note }
        | TicketEvent::Closed { note } => note.clone(),
        TicketEvent::ProgressNoted { note, .. } => note.clone(),
        TicketEvent::Replied {
            unit,
            result,
            to_parent,
            ..
        } => {
            format!(
                "{}{}:{result}",
                r.unit_name(*unit),
                if *to_parent { "(报上级单位)" } else { "" }
            )
        }
        TicketEvent::ReviewPassed { note, .. } => note.clone(),
        TicketEvent::ReviewSentBack { reason }
        | TicketEvent::Rehandled { reason, .. }
        | TicketEvent::Reopened { reason } => reason.clone(),
        TicketEvent::Visited { record, .. } => match record.outcome {
            VisitOutcome::Reached { satisfaction, .. } => {
                format!("{} {}", satisfaction.label_zh(), record.note)
            }
            VisitOutcome::Unreachable => format!("未接通 {}", record.note),
            VisitOutcome::Declined => format!("拒绝回访 {}", record.note),
        },
        TicketEvent::Supervised { level, note } => format!("{} {note}", level.label_zh()),
        TicketEvent::AttachmentAdded { attachment } => attachment.name.clone(),
        TicketEvent::Created { .. }
        | TicketEvent::Edited { .. }
        | TicketEvent::Submitted
        | TicketEvent::Archived
        | TicketEvent::ClockSet { .. } => String::new(),
    }
}

/// Article titles by id: `None` for those the person may not read; not there when it could not
/// be read at all.
type Articles = std::collections::HashMap<i64, Option<String>>;

/// The knowledge article a direct answer was given from (引用知识): its title as it reads now,
/// linked, or that the person may not read it (retired since, hidden from them), or that it
/// cannot be read now.
fn answer_source(articles: &Articles, e: &TicketEvent) -> Markup {
    let TicketEvent::DirectlyAnswered {
        article: Some(a), ..
    } = e
    else {
        return html! {};
    };
    html! {
        " · 引用知识:"
        @match articles.get(a) {
            Some(Some(title)) => a.answer-source href={"/knowledge/" (a)} { "《" (title) "》" },
            Some(None) => span.muted.answer-source { "#" (a) "(无权查看)" },
            None => span.muted.answer-source { "#" (a) "(暂时无法读取)" },
        }
    }
}

fn timeline_list(
    r: &Reference,
    entries: &[hotline_service::tickets::TimelineEntry],
    numbers: &Numbers,
    articles: &Articles,
) -> Markup {
    html! {
        h2 { "办理过程" }
        ol.timeline #timeline {
            @for e in entries.iter().filter(|e| !matches!(e.event, TicketEvent::ClockSet { .. })) {
                li {
                    (format::time(e.at)) " "
                    strong { (e.label) } " "
                    span.who { (e.actor) }
                    @let detail = event_detail(r, &e.event, numbers);
                    @if !detail.trim().is_empty() { " · " (detail) }
                    (answer_source(articles, &e.event))
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_direct_answer_names_its_article_linked_or_says_it_cannot_be_read() {
        let answered = |article| TicketEvent::DirectlyAnswered {
            answer: "可在政务服务网办理".into(),
            article,
        };
        let mut articles = Articles::new();
        articles.insert(3, Some("居住证办理指南".into()));
        articles.insert(4, None);
        let named = answer_source(&articles, &answered(Some(3))).into_string();
        assert!(
            named.contains("href=\"/knowledge/3\"") && named.contains("《居住证办理指南》"),
            "{named}"
        );
        let hidden = answer_source(&articles, &answered(Some(4))).into_string();
        assert!(
            !hidden.contains("href") && hidden.contains("无权查看"),
            "{hidden}"
        );
        let unread = answer_source(&articles, &answered(Some(5))).into_string();
        assert!(unread.contains("暂时无法读取"), "{unread}");
        assert_eq!(answer_source(&articles, &answered(None)).into_string(), "");
    }

    #[test]
    fn a_ticket_the_person_may_not_read_is_named_without_a_link() {
        let mut numbers = Numbers::new();
        numbers.insert(TicketId(7), ("20260302-0007".into(), "已派发"));
        let readable = ticket_link(&numbers, TicketId(7)).into_string();
        assert!(readable.contains("href=\"/tickets/7\"") && readable.contains("20260302-0007"));
        let hidden = ticket_link(&numbers, TicketId(8)).into_string();
        assert!(
            !hidden.contains("href") && !hidden.contains('8'),
            "{hidden}"
        );
        assert!(hidden.contains("无权查看"));
        assert_eq!(number(&numbers, TicketId(8)), UNREADABLE);
    }
}
