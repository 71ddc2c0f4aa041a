//! 受理 intake: a form built for a call in progress. The caller's phone comes first and their
//! history appears at once; the five elements, kind, category, place pickers, tags and
//! confidentiality follow; a side panel refreshes as the operator types (repeats to merge,
//! knowledge articles, what the responsibility list suggests). Drafts survive a reload (the
//! page's script keeps them in the browser; 保存草稿 keeps one on the server).
//!
//! One form, several outcomes (`intent`): submit for dispatch, save a draft, answer directly,
//! not accepted, emergency transfer, merge. Every outcome but submit records the ticket as a
//! draft first and then takes the lifecycle action on it.
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use chrono::{NaiveDateTime, Utc};
use maud::{html, Markup, PreEscaped};
use rand::RngCore;
use serde::Deserialize;

use hotline_domain::calendar::china_offset;
use hotline_domain::lifecycle::{require_intake_role, ActionKind, Command};
use hotline_domain::org::PlaceKind;
use hotline_domain::ticket::{
    Caller, Channel, ColourTag, FiveElements, Importance, Location, NewTicket, Ticket, TicketKind,
};
use hotline_service::analyze::{AnalyzeRequest, Verdict};
use hotline_service::repeats::{PlaceCodes, RepeatItem};
use hotline_service::routing::suggest::says_something;
use hotline_service::{App, Reference, ServiceError};
use hotline_store::{Order, Page};

use crate::error::UiError;
use crate::fields::Fields;
use crate::format;
use crate::layout::{self, csrf};
use crate::session::{Posted, Session};
use crate::ticket;
use crate::ticket_actions::{
    action_code, parse_emergency, parse_not_accepted, EMERGENCY, NOT_ACCEPTED_REASONS,
};
use crate::UiState;

mod found;
use found::found_elements;

pub async fn intake_page(State(s): State<UiState>, session: Session) -> Result<Markup, UiError> {
    // Units and the centre's other roles get the refusal, not a form they cannot submit.
    require_intake_role(&session.actor).map_err(ServiceError::from)?;
    Ok(intake_form(&s.app, &session, &Fields::default(), None))
}

/// Below this confidence the first category suggested is shown as unsure, and its units as a
/// guess: the operator should choose the category.
const UNSURE_CATEGORY: f32 = 0.3;

/// The confidence of the first category offered when it is below `UNSURE_CATEGORY` and the
/// operator has not chosen one.
fn unsure(
    offered: &[&hotline_service::routing::suggest::CategorySuggestion],
    chosen: bool,
) -> Option<f32> {
    let top = offered.first()?.confidence;
    (!chosen && top < UNSURE_CATEGORY).then_some(top)
}

fn new_key() -> String {
    let mut b = [0u8; 12];
    rand::thread_rng().fill_bytes(&mut b);
    format!("ui-{}", hex::encode(b))
}

fn sorted_places(r: &Reference, kind: PlaceKind) -> Vec<&hotline_domain::org::Place> {
    let mut v: Vec<_> = r
        .places
        .values()
        .filter(|p| p.kind == kind && p.active)
        .collect();
    v.sort_by(|a, b| a.code.cmp(&b.code));
    v
}

/// Leaf categories grouped under their top level, for one select.
fn category_options(r: &Reference, selected: &str) -> Markup {
    let mut tops: Vec<_> = r
        .categories
        .values()
        .filter(|c| c.parent.is_none() && c.active)
        .collect();
    tops.sort_by(|a, b| a.code.cmp(&b.code));
    let mut leaves: Vec<_> = r
        .categories
        .values()
        .filter(|c| {
            c.active
                && !r
                    .categories
                    .values()
                    .any(|o| o.parent.as_deref() == Some(&c.code))
        })
        .collect();
    leaves.sort_by(|a, b| a.code.cmp(&b.code));
    html! {
        option value="" { "请选择分类" }
        @for top in tops {
            optgroup label=(top.name) {
                @for leaf in leaves.iter().filter(|l| l.is_under(&top.code) && l.code != top.code) {
                    option value=(leaf.code) selected[leaf.code == selected] { (format::category(r, Some(&leaf.code))) }
                }
            }
        }
    }
}

fn intake_form(app: &App, s: &Session, v: &Fields, error: Option<&str>) -> Markup {
    let r = app.reference();
    let posted = !v.0.is_empty();
    let key = v.opt("idempotency_key").unwrap_or_else(new_key);
    let checked_default =
        |name: &str, default: bool| if posted { v.checked(name) } else { default };
    let body = html! {
        h1 { "受理登记" }
        div.two {
            // Each person's own draft: a shared workstation's next shift does not see it.
            form #intake-form method="post" action="/intake" data-draft=(format!("u{}:intake", s.user.id.0))
                 data-draft-server[posted] autocomplete="off" {
                (csrf(s))
                input type="hidden" name="idempotency_key" value=(key);
                input #analysis-id type="hidden" name="analysis_id" value=(v.get("analysis_id"));
                p.warn #draft-restored data-draft-note hidden { "已恢复未提交的草稿。" button.link type="button" data-draft-discard { "清空" } }
                fieldset { legend { "来电人" }
                    div.row {
                        label { "来电号码" input #phone type="tel" name="phone" value=(v.get("phone")) autofocus
                            hx-get="/intake/caller" hx-trigger="keyup changed delay:400ms, change" hx-target="#caller-history"; }
                        label { "姓名" input #caller-name name="caller_name" value=(v.get("caller_name")); }
                        label.grow { "住址" input name="caller_address" value=(v.get("caller_address")); }
                        label { "工作单位" input name="work_unit" value=(v.get("work_unit")); }
                    }
                    div.row {
                        label.inline { input #confidential type="checkbox" name="confidential" value="on" checked[checked_default("confidential", false)]; "保密(对承办单位隐藏身份)" }
                        label.inline { input type="checkbox" name="wants_contact" value="on" checked[checked_default("wants_contact", true)]; "愿意接受单位联系" }
                        label.inline { input type="checkbox" name="declines_visit" value="on" checked[checked_default("declines_visit", false)]; "拒绝回访" }
                    }
                    div #caller-history aria-live="polite" {}
                }
                fieldset { legend { "诉求" }
                    div.row {
                        label { "渠道" select name="channel" {
                            @for c in Channel::ALL.iter().filter(|c| **c != Channel::Open311) {
                                option value=(c.as_str()) selected[v.get("channel") == c.as_str()] { (c.label_zh()) }
                            }
                        } }
                        label { "类型" select #kind name="kind" {
                            @for k in TicketKind::ALL {
                                option value=(k.as_str()) selected[v.get("kind") == k.as_str()] { (k.label_zh()) }
                            }
                        } }
                        label.grow { "分类" select #category name="category" { (category_options(&r, v.get("category"))) } }
                        label { "重要程度" select name="importance" {
                            @for i in Importance::ALL {
                                option value=(i.as_str()) selected[v.get("importance") == i.as_str()] { (i.label_zh()) }
                            }
                        } }
                    }
                    label { "标题" input #subject name="subject" value=(v.get("subject")) size="60"; }
                }
                fieldset { legend { "五要素" }
                    div.row {
                        label { "时间" input #time type="datetime-local" name="time" value=(v.get("time")); }
                        label.grow { "时间描述(如「每天夜里」)" input #time-text name="time_text" value=(v.get("time_text")); }
                    }
                    div.row {
                        label { "区县" select #district name="district" {
                            option value="" { "—" }
                            @for p in sorted_places(&r, PlaceKind::District) {
                                option value=(p.code) selected[v.get("district") == p.code] { (p.name) }
                            }
                        } }
                        label { "街道/镇" select #street name="street" data-parent="district" {
                            option value="" { "—" }
                            @for p in sorted_places(&r, PlaceKind::Street) {
                                option value=(p.code) data-of=[p.parent.as_deref()] selected[v.get("street") == p.code] { (p.name) }
                            }
                        } }
                        label { "社区/村" select #community name="community" data-parent="street" {
                            option value="" { "—" }
                            @for p in sorted_places(&r, PlaceKind::Community) {
                                option value=(p.code) data-of=[p.parent.as_deref()] selected[v.get("community") == p.code] { (p.name) }
                            }
                        } }
                        label.grow { "详细地址" input #address name="address" value=(v.get("address")); }
                    }
                    label { "人物" input #person name="person" value=(v.get("person")) size="60"; }
                    label { "事件" textarea #event name="event" rows="3" { (v.get("event")) } }
                    label { "诉求" textarea #demand name="demand" rows="2" { (v.get("demand")) } }
                    label { "受理记录" textarea #record name="record" rows="3" { (v.get("record")) } }
                    div.row {
                        span.muted { "标签:" }
                        @for t in ColourTag::ALL {
                            label.inline { input type="checkbox" name="tags" value=(t.as_str()) checked[v.all("tags").contains(&t.as_str())]; (t.label_zh()) }
                        }
                    }
                }
                div.row {
                    button #submit-dispatch type="submit" name="intent" value="submit" { "提交转办" }
                    button.secondary #save-draft type="submit" name="intent" value="draft" { "保存草稿" }
                    span.muted { "Ctrl+Enter 提交转办" }
                }
                details #other-outcomes open[matches!(v.get("intent"), "answer" | "not_accept" | "emergency" | "merge")] {
                    summary { "直接答复 · 不予受理 · 转应急 · 并单" }
                    fieldset { legend { "直接答复(即时答复)" }
                        label { "答复内容" textarea #answer name="answer" rows="2" { (v.get("answer")) } }
                        label { "引用知识编号" input #article name="article" value=(v.get("article")) inputmode="numeric"; }
                        button type="submit" name="intent" value="answer" { "直接答复" }
                    }
                    fieldset { legend { "不予受理" }
                        div.row {
                            label { "原因" select name="reason" {
                                @for reason in NOT_ACCEPTED_REASONS {
                                    @let code = serde_json::to_value(reason).ok().and_then(|x| x.as_str().map(str::to_string)).unwrap_or_default();
                                    option value=(code) selected[v.get("reason") == code] { (reason.label_zh()) }
                                }
                            } }
                            label.grow { "告知来电人的渠道" input name="channel_told" value=(v.get("channel_told")); }
                        }
                        button.secondary type="submit" name="intent" value="not_accept" { "不予受理" }
                    }
                    fieldset { legend { "紧急转接" }
                        label { "转接" select name="service" {
                            @for (svc, label) in EMERGENCY {
                                @let code = serde_json::to_value(svc).ok().and_then(|x| x.as_str().map(str::to_string)).unwrap_or_default();
                                option value=(code) selected[v.get("service") == code] { (label) }
                            }
                        } }
                        label { "交接记录" input name="handoff_note" value=(v.get("handoff_note")); }
                        button.danger type="submit" name="intent" value="emergency" { "转应急" }
                    }
                    fieldset { legend { "并单" }
                        label { "并入主工单编号" input #master-number name="master_number" value=(v.get("master_number")); }
                        label { "并单原因(类别不同时必填)" input name="merge_note" value=(v.get("merge_note")); }
                        button.secondary type="submit" name="intent" value="merge" { "并单" }
                    }
                }
            }
            aside.side #assist aria-live="polite"
                hx-post="/intake/assist" hx-trigger="load, input changed delay:700ms from:#intake-form, change from:#intake-form"
                hx-include="#intake-form" {
                p.muted { "输入来电内容后,这里显示重复件、知识推荐和承办单位建议。" }
            }
        }
    };
    layout::page("受理", s, "/intake", None, error, body)
}

/// A local date-time from the form (`2026-03-02T09:20`), China time.
fn parse_local_time(s: &str) -> Result<Option<chrono::DateTime<Utc>>, UiError> {
    let s = s.trim();
    if s.is_empty() {
        return Ok(None);
    }
    let naive = NaiveDateTime::parse_from_str(s, "%Y-%m-%dT%H:%M")
        .or_else(|_| NaiveDateTime::parse_from_str(s, "%Y-%m-%dT%H:%M:%S"))
        .map_err(|_| UiError::Invalid(format!("时间「{s}」格式不正确")))?;
    naive
        .and_local_timezone(china_offset())
        .single()
        .map(|t| Some(t.to_utc()))
        .ok_or_else(|| UiError::Invalid(format!("时间「{s}」不正确")))
}

/// The place as chosen on the form. The service checks that the levels are one chain and
/// fills in those above the most specific one chosen (`settle_location`).
fn location(v: &Fields) -> Location {
    Location {
        district: v.opt("district"),
        street: v.opt("street"),
        community: v.opt("community"),
        address: v.get("address").trim().to_string(),
        lng: None,
        lat: None,
    }
}

fn new_ticket(v: &Fields, draft: bool) -> Result<NewTicket, UiError> {
    let tags = v.choices("tags", "标签", ColourTag::parse)?;
    Ok(NewTicket {
        channel: Some(v.choice("channel", "渠道", Channel::parse)?),
        caller: Caller {
            name: v.get("caller_name").trim().to_string(),
            phone: v.get("phone").trim().to_string(),
            address: v.get("caller_address").trim().to_string(),
            work_unit: v.get("work_unit").trim().to_string(),
            confidential: v.checked("confidential"),
            wants_contact: v.checked("wants_contact"),
            declines_visit: v.checked("declines_visit"),
        },
        elements: FiveElements {
            time: parse_local_time(v.get("time"))?,
            time_text: v.get("time_text").trim().to_string(),
            place: location(v),
            person: v.get("person").trim().to_string(),
            event: v.get("event").trim().to_string(),
            demand: v.get("demand").trim().to_string(),
        },
        kind: Some(v.choice("kind", "类型", TicketKind::parse)?),
        category: v.opt("category"),
        tags,
        importance: Some(v.choice("importance", "重要程度", Importance::parse)?),
        subject: v.get("subject").trim().to_string(),
        record: v.get("record").trim().to_string(),
        draft,
        // What the operator was shown, stored with the ticket (see `App::analyze`).
        analysis_id: v.opt("analysis_id"),
        // The tier comes from the category (the dispatcher may change it); fields the intake
        // form does not set keep their defaults.
        ..Default::default()
    })
}

/// The lifecycle action an intent other than submit/draft takes on the new draft.
fn follow_up(v: &Fields) -> Result<Option<Command>, UiError> {
    Ok(match v.get("intent") {
        "submit" | "draft" => None,
        "answer" => Some(Command::DirectAnswer {
            answer: v.text("answer", "答复内容")?,
            article: v.opt_int("article", "引用知识编号")?,
        }),
        "not_accept" => Some(Command::NotAccept {
            reason: v.choice("reason", "不予受理原因", parse_not_accepted)?,
            channel_told: v.text("channel_told", "告知来电人的渠道")?,
            note: String::new(),
        }),
        "emergency" => Some(Command::EmergencyTransfer {
            service: v.choice("service", "转接", parse_emergency)?,
            note: v.get("handoff_note").trim().to_string(),
        }),
        "merge" => None,
        other => return Err(UiError::Invalid(format!("未知操作「{other}」"))),
    })
}

pub async fn submit(State(st): State<UiState>, Posted(s, v): Posted) -> Result<Response, UiError> {
    let app = &st.app;
    let intent = v.get("intent").to_string();
    let attempt = async {
        let draft = intent != "submit";
        let new = new_ticket(&v, draft)?;
        let mut then = follow_up(&v)?;
        if intent == "merge" {
            let number = v.text("master_number", "主工单编号")?;
            let master = app
                .ticket_by_number(&s.actor, &number)
                .await
                .map_err(|_| UiError::Invalid(format!("找不到编号为「{number}」的工单")))?;
            // Checked before the draft is made, so a refused merge leaves no draft behind (the
            // service checks again when it merges).
            if !master.state.takes_merges() {
                let instead = match master.merged_into {
                    Some(id) => match app.ticket(&s.actor, id).await {
                        Ok(m) if m.state.takes_merges() => {
                            format!(",它已并入工单 {},可并入该单", m.number)
                        }
                        Ok(m) => format!(",它已并入工单 {}", m.number),
                        Err(_) => String::new(),
                    },
                    None => String::new(),
                };
                return Err(UiError::Invalid(format!(
                    "主工单 {number} 状态为「{}」,不能并入{instead}",
                    master.state.label_zh()
                )));
            }
            then = Some(Command::Merge {
                master: master.id,
                note: v.get("merge_note").trim().to_string(),
            });
        }
        // What follows the recording is checked first, so a refused answer or screening
        // leaves no draft behind (the service checks again when it acts).
        if let Some(cmd) = &then {
            app.check_follow_up(&s.actor, &new, cmd).await?;
        }
        let key = v.opt("idempotency_key").map(|k| format!("{k}-{intent}"));
        let created = app.create_ticket(&s.actor, new, key).await?;
        Ok::<_, UiError>((created, then))
    }
    .await;
    let (created, then) = match attempt {
        Ok(x) => x,
        Err(e) => {
            // Sent before, and changed since: the message names the ticket already made, and
            // the form gets a new key, so sending it again makes a second ticket on purpose.
            let mut v = v;
            let mut message = e.message();
            let reused_key = matches!(
                &e,
                UiError::Service(ServiceError::Invalid { field, .. }) if field == "Idempotency-Key"
            );
            if reused_key {
                v.0.retain(|(k, _)| k != "idempotency_key");
                message.push_str("。如确需另登记一张工单,请再次提交");
            }
            let page = intake_form(app, &s, &v, Some(&message));
            return Ok((e.status(), page).into_response());
        }
    };
    let Some(cmd) = then else {
        let done = if intent == "draft" { "edit" } else { "submit" };
        return Ok(Redirect::to(&format!("/tickets/{}?done={done}", created.id.0)).into_response());
    };
    let kind = cmd.kind();
    // A retried form finds its draft already acted on: show it as it is.
    if created.state != hotline_domain::ticket::TicketState::Draft {
        return Ok(Redirect::to(&format!("/tickets/{}?sent=1", created.id.0)).into_response());
    }
    match app.act(&s.actor, created.id, created.version, cmd).await {
        Ok(_) => Ok(Redirect::to(&format!(
            "/tickets/{}?done={}",
            created.id.0,
            action_code(kind)
        ))
        .into_response()),
        // The ticket is made (a draft): its page answers the form, whose draft is done with,
        // and what was typed for the follow-up is in the ticket's form for it, its note under
        // the name that form gives it.
        Err(e) => {
            let e = UiError::from(e);
            // (intake's name, the action form's name) of each field the follow-up has.
            let names: &[(&str, &str)] = match kind {
                ActionKind::DirectAnswer => &[("answer", "answer"), ("article", "article")],
                ActionKind::NotAccept => &[("reason", "reason"), ("channel_told", "channel_told")],
                ActionKind::EmergencyTransfer => {
                    &[("service", "service"), ("handoff_note", "note")]
                }
                ActionKind::Merge => &[("master_number", "master_number"), ("merge_note", "note")],
                _ => &[],
            };
            let fields = Fields(
                (names.iter())
                    .map(|(from, to)| (to.to_string(), v.get(from).to_string()))
                    .collect(),
            );
            let typed = crate::ticket_actions::Typed {
                action: kind,
                fields: &fields,
                stale: e.is_stale_version(),
            };
            ticket::render_typed(app, &s, created.id, None, Some(&e), Some(typed), true).await
        }
    }
}

fn repeat_list(title: &str, items: &[RepeatItem]) -> Markup {
    html! {
        @if !items.is_empty() {
            h3 { (title) }
            ul.plain {
                @for i in items {
                    li data-repeat=(i.number) {
                        a href={"/tickets/" (i.id.0)} target="_blank" { (i.number) } " "
                        (i.subject) " "
                        @if !i.place.is_empty() { span.place { "(" (i.place) ")" } " " }
                        span.state { (i.state_label) } " "
                        @if let Some(master) = i.merged_into {
                            a href={"/tickets/" (master.0)} target="_blank" { "查看其主工单" }
                        } @else if i.state.takes_merges() {
                            button.link type="button" data-fill="master-number" data-value=(i.number) { "并入此单" }
                        }
                        br;
                        span.muted { (format::short_time(i.created_at)) " · " (i.why)
                            @if i.score > 0.0 { " · 相似度 " (format!("{:.0}%", i.score * 100.0)) } }
                    }
                }
            }
        }
    }
}

/// The side panel, from one `App::analyze` of the draft: what is still missing, the scope
/// verdict (emergency, not accepted, beyond remit), suggested categories and units, repeats to
/// merge, knowledge articles. The analysis id goes back into the form (out of band), so the
/// created ticket records what was suggested.
pub async fn assist(State(st): State<UiState>, Posted(s, v): Posted) -> Result<Markup, UiError> {
    let app = &st.app;
    let r = app.reference();
    let text = [
        v.get("event"),
        v.get("demand"),
        v.get("person"),
        v.get("record"),
    ]
    .iter()
    .map(|t| t.trim())
    .filter(|t| !t.is_empty())
    .collect::<Vec<_>>()
    .join("\n");
    let place = location(&v);
    let request = AnalyzeRequest {
        subject: v.get("subject").trim().to_string(),
        text,
        phone: v.opt("phone"),
        category: v.opt("category"),
        place: PlaceCodes {
            district: place.district.clone(),
            street: place.street.clone(),
            community: place.community.clone(),
        },
        days: None,
        channel: Channel::parse(v.get("channel")),
        received_at: None,
    };
    let elements = FiveElements {
        time: parse_local_time(v.get("time")).ok().flatten(),
        time_text: v.get("time_text").to_string(),
        place: place.clone(),
        person: v.get("person").to_string(),
        event: v.get("event").to_string(),
        demand: v.get("demand").to_string(),
    };
    let missing = elements.missing();
    let chosen = v.opt("category").is_some();
    // An empty form has nothing to analyse yet (the service refuses it).
    let blank = request.subject.trim().is_empty()
        && request.text.trim().is_empty()
        && request.phone.as_deref().is_none_or(|p| p.trim().is_empty());
    // A phone number mistyped does not hide the rest (an emergency above all): the draft is
    // analysed without it, and the number's problem shown beside.
    let mut phone_error = None;
    let analysis = if blank {
        None
    } else {
        let mut analysis = app.analyze(&s.actor, request.clone()).await;
        if let Err(hotline_service::ServiceError::Invalid { field, message }) = &analysis {
            if field == "phone" {
                phone_error = Some(crate::error::zh_only(message).to_owned());
                let without = AnalyzeRequest {
                    phone: None,
                    ..request
                };
                analysis = app.analyze(&s.actor, without).await;
            }
        }
        Some(analysis)
    };
    Ok(html! {
        h2 { "辅助信息" }
        section #missing {
            @if missing.is_empty() { p.flash { "五要素齐全" } }
            @else { p.warn { "尚缺:" (missing.iter().map(|m| hotline_domain::error::element_label_zh(m)).collect::<Vec<_>>().join("、")) } }
        }
        @if let Some(m) = &phone_error { p.warn.phone-error { (m) } }
        @match &analysis {
            None => { p.muted { "填写来电号码或内容后,这里显示分类与单位建议、重复件和知识推荐。" } }
            Some(Err(e)) => { p.error { (UiError::from(clone_error(e)).message()) } }
            Some(Ok(a)) => {
                input #analysis-id type="hidden" name="analysis_id" value=(a.analysis_id) hx-swap-oob="true";
                (found_elements(&r, a, &elements))
                (scope(&a.scope))
                // Classes that name no category of the city, and those the model gives no
                // chance (shown as 0%), are not offered.
                @let categories: Vec<_> = a.routing.categories.iter().filter(|c| c.code.is_some() && c.confidence >= 0.005).take(3).collect();
                // A first category the model is unsure of: its units are a guess too.
                @let unsure_top = unsure(&categories, chosen);
                @let unsure = unsure_top.is_some();
                @let top = unsure_top.unwrap_or_default();
                @let no_place = a.place.district.is_none() && a.place.street.is_none() && a.place.community.is_none();
                @if !categories.is_empty() {
                    section #category-suggestion {
                        h3 { "分类建议" }
                        ul.plain { @for c in categories {
                            li {
                                (c.name) " " span.muted { (format!("{:.0}%", c.confidence * 100.0)) } " "
                                button.link type="button" data-fill="category" data-value=(c.code.clone().unwrap_or_default()) { "采用" }
                            }
                        } }
                        // Why the first: the words that pulled towards it most.
                        @if !a.routing.terms.is_empty() {
                            p.muted.terms { "依据词语:" (a.routing.terms.iter().map(|t| t.term.as_str()).collect::<Vec<_>>().join("、")) }
                        }
                        @if unsure {
                            p.warn #category-unsure { "分类把握不大(最高 " (format!("{:.0}%", top * 100.0)) "):请核对内容后选择分类,单位建议随分类而定。" }
                        }
                    }
                } @else if a.routing.model_version.is_none() && !chosen && says_something(&a.analysed_text) {
                    section #category-suggestion {
                        h3 { "分类建议" }
                        p.muted { "尚未启用分派模型,暂无分类建议:请直接选择分类(管理员可在「分派模型」中用已办结工单训练)。" }
                    }
                } @else if !chosen && a.routing.categories.is_empty() && says_something(&a.analysed_text) {
                    section #category-suggestion {
                        h3 { "分类建议" }
                        p.muted { "内容中没有可作分类依据的词语:请补充诉求内容,或直接选择分类。" }
                    }
                }
                @if a.routing.units_withheld.as_deref() == Some("emergency") {
                    section #unit-suggestion {
                        h3 { "承办单位建议" }
                        p.muted { "紧急情况应先转接 110/119/120/122,不推荐承办单位;选定分类后再推荐。" }
                    }
                } @else if !a.routing.units.is_empty() || (!a.routing.categories.is_empty() && no_place) {
                    section #unit-suggestion {
                        h3 { "承办单位建议" }
                        @if no_place { p.muted #no-place { "尚未确定地点:只推荐全市性单位;填写区、街道后推荐属地单位。" } }
                        @if unsure { p.muted { "按把握不大的分类推荐,仅供参考。" } }
                        ul.plain { @for u in a.routing.units.iter().take(3) {
                            li { strong { (u.name) } @for why in &u.reasons { br; span.muted { (why) } } }
                        } }
                    }
                }
                section #repeats {
                    @let rep = &a.repeats;
                    @let none = rep.same_phone.is_empty() && rep.same_place_category_open.is_empty() && rep.near_duplicates.is_empty();
                    @if none { h3 { "重复件" } p.muted { "未发现可能的重复件。" } }
                    (repeat_list("同一来电人近期工单", &rep.same_phone))
                    (repeat_list("同地点同类在办工单", &rep.same_place_category_open))
                    (repeat_list("内容相似的工单", &rep.near_duplicates))
                }
                section #knowledge {
                    h3 { "知识推荐" }
                    @if a.knowledge.is_empty() { p.muted { "暂无推荐。" } }
                    ul.plain {
                        @for k in &a.knowledge {
                            li data-article=(k.id.0) {
                                strong { "#" (k.id.0) " " (PreEscaped(&k.title_html)) }
                                " " span.muted { (k.kind_label) } " "
                                a href={"/knowledge/" (k.id.0)} target="_blank" { "查看" } " "
                                button.link type="button" data-fill="article" data-value=(k.id.0) { "引用答复" }
                                br;
                                span.muted { (PreEscaped(&k.snippet_html)) }
                            }
                        }
                    }
                }
            }
        }
    })
}

/// The analysis's error, owned again (`ServiceError` is not `Clone`): only its message is shown.
fn clone_error(e: &hotline_service::ServiceError) -> hotline_service::ServiceError {
    match e {
        hotline_service::ServiceError::Invalid { field, message } => {
            hotline_service::ServiceError::invalid(field.clone(), message.clone())
        }
        hotline_service::ServiceError::Forbidden(m) => {
            hotline_service::ServiceError::Forbidden(m.clone())
        }
        other => hotline_service::ServiceError::Conflict(format!("辅助分析暂不可用:{other}")),
    }
}

/// The scope verdict: an emergency to transfer, a matter not to accept, or one beyond remit;
/// in a short written message, a possible emergency to call the writer back about.
fn scope(v: &Verdict) -> Markup {
    html! {
        @if !v.possible_emergency.is_empty() {
            section #possible-emergency {
                @for e in &v.possible_emergency {
                    p.warn {
                        strong { "可能紧急:来件未说明是否仍在发生,请回拨核实,属实时转 " (e.service) }
                        " " (e.label) br; span.muted { (e.reply) }
                    }
                }
            }
        }
        @if !v.accept {
            section #scope {
                @for e in &v.emergency {
                    @if e.callback {
                        p.error { strong { "紧急:需回拨,再转 " (e.service) } " " (e.label) br; (e.reply) }
                    } @else {
                        p.error { strong { "紧急:请转 " (e.service) } " " (e.label) br; (e.reply) }
                    }
                }
                @for h in &v.not_accepted {
                    p.warn {
                        strong { "可能不予受理:" (h.label) }
                        @if let Some(c) = &h.channel { br; "告知渠道:" (c) }
                        br; span.muted { (h.reply) }
                    }
                }
                @for h in &v.out_of_remit {
                    p.warn { strong { "超出职责范围:" (h.label) } br; span.muted { (h.reply) } }
                }
            }
        }
    }
}

#[derive(Deserialize, Default)]
pub struct PhoneQuery {
    #[serde(default)]
    phone: String,
}

/// The caller's history, shown as soon as the phone number is typed.
pub async fn caller_panel(
    State(st): State<UiState>,
    s: Session,
    Query(q): Query<PhoneQuery>,
) -> Result<Markup, UiError> {
    let phone = q.phone.trim();
    if phone.chars().count() < 5 {
        return Ok(html! {});
    }
    let page = Page {
        limit: 10,
        offset: 0,
        order: Order::Newest,
    };
    let (tickets, total): (Vec<Ticket>, u64) = st.app.caller_history(&s.actor, phone, page).await?;
    Ok(html! {
        @if total == 0 {
            p.muted { "该号码没有历史工单。" }
        } @else {
            p { strong { "该号码共有 " (total) " 件历史工单" } }
            ul.plain #caller-tickets {
                @for t in &tickets {
                    li { a href={"/tickets/" (t.id.0)} target="_blank" { (t.number) } " " (format::short_time(t.created_at)) " " (t.subject) " " span.state { (t.state.label_zh()) } }
                }
            }
        }
    })
}

#[cfg(test)]
mod tests {
    use hotline_service::routing::suggest::CategorySuggestion;

    use super::*;

    #[test]
    fn a_first_category_below_the_bar_is_unsure_until_the_operator_chooses() {
        let class = |confidence| CategorySuggestion {
            code: Some("0301".into()),
            label: "0301".into(),
            name: "环境保护 / 噪音扰民".into(),
            confidence,
        };
        let (low, high, next) = (class(0.07), class(0.8), class(0.05));
        assert_eq!(unsure(&[&low, &next], false), Some(0.07));
        assert_eq!(unsure(&[&low], true), None, "chosen by the operator");
        assert_eq!(unsure(&[&high, &next], false), None);
        assert_eq!(unsure(&[], false), None);
    }
}
