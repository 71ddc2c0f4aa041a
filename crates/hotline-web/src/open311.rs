//! Open311 GeoReport v2 at `/open311/v2/` on the same engine, so existing 311 clients and apps
//! can submit and follow tickets. Service codes are category codes; request ids are ticket numbers.
//! Creating needs an `api_key` (an API token of an operator account that stands for the channel);
//! reading lists only tickets that came in through Open311 and never shows the caller. A request
//! merged into another ticket is shown as that ticket stands (open or closed, the unit); its
//! number and reply only when it came in through Open311 too, since otherwise they are another
//! caller's.
use std::collections::HashMap;

use axum::extract::{rejection::FormRejection, FromRequest, State};
use axum::http::StatusCode;
use axum::routing::get;
use axum::Router;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use serde_json::json;
use sha2::{Digest, Sha256};

use hotline_domain::calendar::china_offset;
use hotline_domain::org::Actor;
use hotline_domain::ticket::{
    Caller, Channel, FiveElements, Location, NewTicket, Ticket, TicketId, TicketKind, TicketState,
};
use hotline_store::{Idempotency, Order, Page, TicketFilter};

use crate::error::{ApiError, ApiResult};
use crate::extract::{Json, Path, Query};
use crate::AppState;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/discovery.json", get(discovery))
        .route("/services.json", get(services))
        .route("/services/{code}", get(service))
        .route("/requests.json", get(list_requests).post(create_request))
        .route("/requests/{id}", get(request))
        .route("/tokens/{token}", get(token))
}

#[derive(FromRequest)]
#[from_request(via(axum::Form), rejection(ApiError))]
struct Form<T>(T);

impl From<FormRejection> for ApiError {
    fn from(r: FormRejection) -> Self {
        ApiError::bad_request(format!("表单格式错误:{}", r.body_text()), r.body_text())
    }
}

/// `foo.json` → `foo`; other formats are not offered.
fn strip_json(s: &str) -> ApiResult<&str> {
    s.strip_suffix(".json").ok_or_else(|| {
        ApiError::new(
            StatusCode::NOT_FOUND,
            "format",
            "仅支持 JSON 格式(.json)",
            "only the .json format is offered",
        )
    })
}

async fn discovery() -> Json<serde_json::Value> {
    Json(json!({
        "changeset": "2026-11-23T00:00:00Z",
        "contact": "12345政务服务便民热线",
        "key_service": "向热线中心申请 API 令牌 / ask the hotline centre for an API token",
        "endpoints": [{
            "specification": "http://wiki.open311.org/GeoReport_v2",
            "url": "/open311/v2",
            "changeset": "2026-11-23T00:00:00Z",
            "type": "production",
            "formats": ["application/json"],
        }],
    }))
}

#[derive(Serialize)]
struct Service {
    service_code: String,
    service_name: String,
    description: String,
    metadata: bool,
    #[serde(rename = "type")]
    kind: &'static str,
    keywords: String,
    group: String,
}

/// Whether a category is one of the services offered: in use, and a leaf (a group such as
/// 城市管理 is no matter anyone can be sent to).
fn is_service(r: &hotline_service::Reference, code: &str) -> bool {
    r.categories.get(code).is_some_and(|c| c.active)
        && !r
            .categories
            .values()
            .any(|x| x.parent.as_deref() == Some(code))
}

async fn services(State(s): State<AppState>) -> Json<Vec<Service>> {
    let r = s.app.reference();
    let mut leaves: Vec<_> = r
        .categories
        .values()
        .filter(|c| is_service(&r, &c.code))
        .collect();
    leaves.sort_by(|a, b| a.code.cmp(&b.code));
    Json(
        leaves
            .into_iter()
            .map(|c| {
                let group = r
                    .categories
                    .get(&c.code[..2])
                    .map(|g| g.name.clone())
                    .unwrap_or_default();
                Service {
                    service_code: c.code.clone(),
                    service_name: c.name.clone(),
                    description: format!("{} › {}", group, c.name),
                    metadata: false,
                    kind: "realtime",
                    keywords: c.name.clone(),
                    group,
                }
            })
            .collect(),
    )
}

async fn service(
    State(s): State<AppState>,
    Path(code): Path<String>,
) -> ApiResult<Json<serde_json::Value>> {
    let code = strip_json(&code)?;
    if !is_service(&s.app.reference(), code) {
        return Err(ApiError::not_found("service"));
    }
    Ok(Json(json!({ "service_code": code, "attributes": [] })))
}

#[derive(Clone, Deserialize, Serialize)]
struct CreateForm {
    api_key: Option<String>,
    service_code: Option<String>,
    lat: Option<f64>,
    long: Option<f64>,
    address_string: Option<String>,
    description: Option<String>,
    first_name: Option<String>,
    last_name: Option<String>,
    phone: Option<String>,
    device_id: Option<String>,
}

async fn create_request(
    State(s): State<AppState>,
    Form(f): Form<CreateForm>,
) -> ApiResult<(StatusCode, Json<serde_json::Value>)> {
    let key = f
        .api_key
        .as_deref()
        .filter(|k| !k.is_empty())
        .ok_or_else(|| {
            ApiError::new(
                StatusCode::FORBIDDEN,
                "api-key",
                "缺少 api_key",
                "api_key is required",
            )
        })?;
    // The key is an API token made for the channel, not a person's browser session.
    if !hotline_service::auth::is_api_token(key) {
        return Err(ApiError::new(
            StatusCode::FORBIDDEN,
            "api-key",
            "api_key 须为 API 令牌(POST /api/v1/tokens 签发),不能用登录会话",
            "api_key must be an API token (POST /api/v1/tokens), not a session",
        ));
    }
    let user = s.app.authenticate(key).await?;
    let actor = Actor::from(&user);
    // No NUL character anywhere in the form, which no database stores in text.
    crate::extract::refuse_nul(&serde_json::to_value(&f).unwrap_or_default())?;
    // What the form says, in a fixed order, the key left out.
    let form_said = serde_json::to_string(&CreateForm {
        api_key: None,
        ..f.clone()
    })
    .unwrap_or_default();
    let device_id = f.device_id.clone();
    let code = f
        .service_code
        .clone()
        .filter(|c| !c.is_empty())
        .ok_or_else(|| {
            ApiError::unprocessable(
                "service_code",
                "缺少 service_code",
                "service_code is required",
            )
        })?;
    if !is_service(&s.app.reference(), &code) {
        return Err(ApiError::unprocessable(
            "service_code",
            format!("service_code {code} 不是可受理的服务,请从 services.json 中选择"),
            format!("service_code {code} is not a service: pick one from services.json"),
        ));
    }
    let description = f.description.clone().unwrap_or_default();
    if description.trim().is_empty() {
        return Err(ApiError::unprocessable(
            "description",
            "缺少问题描述 description",
            "description is required",
        ));
    }
    let address = match (
        f.address_string.clone().filter(|a| !a.trim().is_empty()),
        f.lat,
        f.long,
    ) {
        (Some(a), _, _) => a,
        // GeoReport v2 lets a point stand for the place; the five elements need it written down.
        (None, Some(lat), Some(long)) => format!("坐标 {lat}, {long}"),
        _ => {
            return Err(ApiError::unprocessable(
                "address_string",
                "需要地址 address_string 或坐标 lat/long",
                "address_string or lat/long is required",
            ))
        }
    };
    for (name, value, limit) in [("lat", f.lat, 90.0), ("long", f.long, 180.0)] {
        if value.is_some_and(|v| !(-limit..=limit).contains(&v)) {
            return Err(ApiError::unprocessable(
                name,
                format!("坐标 {name} 超出范围(±{limit})"),
                format!("{name} is out of range (±{limit})"),
            ));
        }
    }
    let name = format!(
        "{}{}",
        f.last_name.clone().unwrap_or_default(),
        f.first_name.clone().unwrap_or_default()
    );
    let now = s.app.now();
    let new = NewTicket {
        channel: Some(Channel::Open311),
        caller: Caller {
            name: name.clone(),
            phone: f.phone.clone().unwrap_or_default(),
            ..Default::default()
        },
        elements: FiveElements {
            time: Some(now),
            time_text: String::new(),
            place: Location {
                address: address.clone(),
                lng: f.long,
                lat: f.lat,
                ..Default::default()
            },
            person: if name.is_empty() {
                "匿名市民".into()
            } else {
                name
            },
            event: description.clone(),
            demand: "请相关部门核实处理".into(),
        },
        kind: Some(TicketKind::Help),
        category: Some(code),
        subject: description.chars().take(40).collect(),
        record: description,
        ..Default::default()
    };
    // GeoReport has no idempotency key. A device that sends the same form again on the same
    // day (a retry after a lost answer) gets the ticket the first one made; its other requests,
    // and the same report on another day, are new tickets.
    let day = now.with_timezone(&china_offset()).date_naive();
    let key = device_id.filter(|d| !d.is_empty()).map(|d| {
        let fingerprint = hex::encode(Sha256::digest(form_said.as_bytes()));
        let said = format!("{d}\u{1f}{day}\u{1f}{fingerprint}");
        let digest = hex::encode(Sha256::digest(said.as_bytes()));
        Idempotency {
            key: format!("open311:{}:{digest}", user.id.0),
            fingerprint,
        }
    });
    let t = s
        .app
        .create_ticket_keyed(&actor, new, key)
        .await
        .map_err(|e| in_open311_terms(e.into()))?;
    Ok((
        StatusCode::CREATED,
        Json(
            json!([{ "service_request_id": t.number, "token": t.number, "service_notice": "已受理,将转有关单位办理", "account_id": null }]),
        ),
    ))
}

/// The fields a refusal names, as an Open311 client knows them ("phone", not "caller.phone").
/// Only the field and the "invalid {field}:" / "字段 {field} " lead of the messages change.
fn in_open311_terms(mut e: ApiError) -> ApiError {
    const FIELDS: &[(&str, &str)] = &[
        ("caller.phone", "phone"),
        ("caller.name", "last_name"),
        ("elements.event", "description"),
        ("elements.person", "last_name"),
        ("elements.place.address", "address_string"),
        ("elements.place", "address_string"),
        ("record", "description"),
        ("subject", "description"),
        ("category", "service_code"),
        ("Idempotency-Key", "device_id"),
    ];
    let Some(field) = e
        .extra
        .get("field")
        .and_then(|f| f.as_str())
        .map(String::from)
    else {
        return e;
    };
    if let Some((_, theirs)) = FIELDS
        .iter()
        .find(|(ours, _)| field == *ours || field.starts_with(&format!("{ours}.")))
    {
        e.extra["field"] = json!(theirs);
        for (message, lead) in [(&mut e.zh, "字段 "), (&mut e.en, "invalid ")] {
            if let Some(rest) = message.strip_prefix(&format!("{lead}{field}")) {
                *message = format!("{lead}{theirs}{rest}");
            }
        }
    }
    e
}

#[derive(Serialize)]
struct ServiceRequest {
    service_request_id: String,
    status: &'static str,
    status_notes: String,
    service_name: String,
    service_code: String,
    description: String,
    agency_responsible: String,
    service_notice: &'static str,
    requested_datetime: DateTime<Utc>,
    updated_datetime: DateTime<Utc>,
    expected_datetime: Option<DateTime<Utc>>,
    address: String,
    lat: Option<f64>,
    long: Option<f64>,
}

/// Masters already read for one response, by id. Merges are one level deep (a ticket that holds
/// others is never merged itself), so a master is one read away.
type Masters = HashMap<TicketId, Option<Ticket>>;

async fn to_request(s: &AppState, t: Ticket, masters: &mut Masters) -> ApiResult<ServiceRequest> {
    let r = s.app.reference();
    let master = match t.merged_into {
        Some(into) => match masters.get(&into) {
            Some(m) => m.clone(),
            None => {
                let m = s
                    .app
                    .store
                    .ticket(into)
                    .await
                    .map_err(hotline_service::ServiceError::from)?;
                masters.insert(into, m.clone());
                m
            }
        },
        _ => None,
    };
    // Whose progress the request shows: its master's while it waits on it, then its own.
    let waiting = t.state == TicketState::Merged;
    let handled = master.as_ref().filter(|_| waiting).unwrap_or(&t);
    let closed = matches!(
        handled.state,
        TicketState::Closed
            | TicketState::Archived
            | TicketState::NotAccepted
            | TicketState::Transferred
            | TicketState::Merged
    );
    // The reply once the review passed it: before, the reviewer may still send it back.
    let progress = |t: &Ticket| {
        let reviewed = matches!(
            t.state,
            TicketState::PendingVisit
                | TicketState::Visited
                | TicketState::Closed
                | TicketState::Archived
        );
        (t.reply.as_ref())
            .filter(|_| reviewed)
            .map(|r| r.result.clone())
            .unwrap_or_else(|| t.state.label_zh().to_string())
    };
    // A master that came in another way belongs to another caller: the public sees how it
    // stands, never its number or the reply written to that caller.
    // The same holds once it has taken the master's answer: the reply was written for the
    // master's caller.
    let status_notes = match &master {
        Some(m) if m.channel == Channel::Open311 => {
            format!("已与请求 {} 合并办理:{}", m.number, progress(handled))
        }
        Some(_) => format!(
            "已与反映同一问题的其他工单合并办理,当前状态:{}",
            handled.state.label_zh()
        ),
        None => progress(&t),
    };
    let code = t.category.clone().unwrap_or_default();
    // Public: what a caller or an operator wrote of who called, and any mobile number, is
    // masked (a reply written to a master's caller may name that caller).
    let callers: Vec<_> = std::iter::once(t.caller.clone())
        .chain(master.as_ref().map(|m| m.caller.clone()))
        .collect();
    let public = |text: String| {
        hotline_service::masking::for_the_public(text, &callers, &r.policy.area_code)
    };
    Ok(ServiceRequest {
        service_request_id: t.number.clone(),
        status: if closed { "closed" } else { "open" },
        status_notes: public(status_notes),
        service_name: r
            .categories
            .get(&code)
            .map(|c| c.name.clone())
            .unwrap_or_default(),
        service_code: code,
        description: public(t.elements.event.clone()),
        agency_responsible: handled
            .main_unit()
            .map(|u| r.unit_name(u))
            .unwrap_or_default(),
        service_notice: handled.state.label_zh(),
        requested_datetime: t.created_at,
        updated_datetime: t.updated_at.max(handled.updated_at),
        expected_datetime: handled.clocks.handling.as_ref().and_then(|c| c.due_at),
        address: public(t.elements.place.address.clone()),
        lat: t.elements.place.lat,
        long: t.elements.place.lng,
    })
}

#[derive(Deserialize)]
struct ListQuery {
    service_request_id: Option<String>,
    service_code: Option<String>,
    start_date: Option<DateTime<Utc>>,
    end_date: Option<DateTime<Utc>>,
    status: Option<String>,
}

async fn list_requests(
    State(s): State<AppState>,
    Query(q): Query<ListQuery>,
) -> ApiResult<Json<Vec<ServiceRequest>>> {
    let mut masters = Masters::new();
    if let Some(ids) = &q.service_request_id {
        let mut out = Vec::new();
        for id in ids.split(',').take(50) {
            if let Some(t) = s
                .app
                .store
                .ticket_by_number(id.trim())
                .await
                .map_err(hotline_service::ServiceError::from)?
            {
                if t.channel == Channel::Open311 {
                    out.push(to_request(&s, t, &mut masters).await?);
                }
            }
        }
        return Ok(Json(out));
    }
    // A merged request is open or closed as its master is: merged ones are read under either
    // status and kept by what they show.
    let states = match q.status.as_deref() {
        None => vec![],
        Some("open") => TicketState::ALL
            .iter()
            .copied()
            .filter(|st| !st.is_finished() || *st == TicketState::Merged)
            .collect(),
        Some("closed") => TicketState::ALL
            .iter()
            .copied()
            .filter(|st| st.is_finished())
            .collect(),
        Some(other) => {
            return Err(ApiError::unprocessable(
                "status",
                format!("status 应为 open 或 closed:{other}"),
                "status: open or closed",
            ))
        }
    };
    let filter = TicketFilter {
        states,
        channel: Some(Channel::Open311),
        category: q.service_code.clone().filter(|c| !c.trim().is_empty()),
        created_from: q.start_date,
        created_to: q.end_date,
        ..Default::default()
    };
    let (found, _) = s
        .app
        .store
        .search(
            &filter,
            Page {
                limit: 1000,
                offset: 0,
                order: Order::Newest,
            },
        )
        .await
        .map_err(hotline_service::ServiceError::from)?;
    let mut out = Vec::with_capacity(found.len());
    for t in found {
        let request = to_request(&s, t, &mut masters).await?;
        if q.status
            .as_deref()
            .is_none_or(|want| want == request.status)
        {
            out.push(request);
        }
    }
    Ok(Json(out))
}

async fn request(
    State(s): State<AppState>,
    Path(id): Path<String>,
) -> ApiResult<Json<Vec<ServiceRequest>>> {
    let id = strip_json(&id)?;
    let t = s
        .app
        .store
        .ticket_by_number(id)
        .await
        .map_err(hotline_service::ServiceError::from)?
        .filter(|t| t.channel == Channel::Open311)
        .ok_or_else(|| ApiError::not_found("ticket"))?;
    Ok(Json(vec![to_request(&s, t, &mut Masters::new()).await?]))
}

async fn token(
    State(s): State<AppState>,
    Path(token): Path<String>,
) -> ApiResult<Json<serde_json::Value>> {
    let token = strip_json(&token)?;
    let t = s
        .app
        .store
        .ticket_by_number(token)
        .await
        .map_err(hotline_service::ServiceError::from)?
        .filter(|t| t.channel == Channel::Open311)
        .ok_or_else(|| ApiError::not_found("ticket"))?;
    Ok(Json(
        json!([{ "service_request_id": t.number, "token": token }]),
    ))
}
