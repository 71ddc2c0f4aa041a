//! The OpenAPI 3 document of the JSON API and Open311, and a self-contained page that renders it
//! (no script or style is fetched from anywhere).
use axum::http::header;
use axum::response::{Html, IntoResponse};
use serde_json::{json, Value};

use hotline_service::attachments::ALLOWED_TYPES;

use crate::extract::Json;

/// method, path, tag, summary, request body schema name, success status
type Operation = (
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    Option<&'static str>,
    u16,
);

const OPERATIONS: &[Operation] = &[
    (
        "post",
        "/api/v1/session",
        "auth",
        "登录(返回会话 Cookie)/ sign in",
        Some("LoginRequest"),
        200,
    ),
    (
        "delete",
        "/api/v1/session",
        "auth",
        "退出 / sign out",
        None,
        204,
    ),
    (
        "get",
        "/api/v1/me",
        "auth",
        "当前用户 / the signed-in user",
        None,
        200,
    ),
    (
        "post",
        "/api/v1/tokens",
        "auth",
        "签发 API 令牌 / issue an API token",
        None,
        201,
    ),
    (
        "post",
        "/api/v1/tickets",
        "tickets",
        "登记工单(支持 Idempotency-Key)/ create a ticket",
        Some("NewTicket"),
        201,
    ),
    (
        "get",
        "/api/v1/tickets",
        "tickets",
        "查询工单 / search tickets",
        None,
        200,
    ),
    (
        "get",
        "/api/v1/tickets/{id}",
        "tickets",
        "工单详情 / one ticket",
        None,
        200,
    ),
    (
        "get",
        "/api/v1/tickets/by-number/{number}",
        "tickets",
        "按工单编号查询 / by number",
        None,
        200,
    ),
    (
        "get",
        "/api/v1/tickets/{id}/timeline",
        "tickets",
        "办理过程 / timeline",
        None,
        200,
    ),
    (
        "post",
        "/api/v1/tickets/{id}/actions",
        "tickets",
        "办理操作(转办、签收、退单、回访……)/ a lifecycle action",
        Some("ActionRequest"),
        200,
    ),
    (
        "post",
        "/api/v1/tickets/{id}/attachments",
        "tickets",
        "上传附件(照片、录音、PDF;请求体为文件本身,≤20 MiB)/ attach a file",
        Some("Upload"),
        201,
    ),
    (
        "get",
        "/api/v1/attachments/{id}",
        "tickets",
        "下载附件 / download a file",
        None,
        200,
    ),
    (
        "get",
        "/api/v1/queues",
        "queues",
        "我的队列及数量 / my queues with counts",
        None,
        200,
    ),
    (
        "get",
        "/api/v1/queues/{queue}",
        "queues",
        "队列中的工单 / tickets in a queue",
        None,
        200,
    ),
    (
        "get",
        "/api/v1/callers/{phone}/tickets",
        "tickets",
        "来电人历史工单 / caller history",
        None,
        200,
    ),
    (
        "post",
        "/api/v1/intake/repeats",
        "intake",
        "重复件:同号码来电、同地同类未办结、相似内容(仅中心人员)/ repeats of a draft",
        Some("RepeatQuery"),
        200,
    ),
    (
        "post",
        "/api/v1/intake/analyze",
        "intake",
        "受理分析:分类与承办单位建议、重复件、受理范围、五要素、知识库(仅中心人员)/ analyse a draft",
        Some("AnalyzeRequest"),
        200,
    ),
    (
        "get",
        "/api/v1/intake/scope-rules",
        "intake",
        "受理范围规则(不予受理、超出职责范围、应急转接)/ the scope rules in force",
        None,
        200,
    ),
    (
        "put",
        "/api/v1/intake/scope-rules",
        "admin",
        "修改本中心的受理范围规则(TOML 文本,校验后立即生效)/ replace the scope rules",
        Some("RulesToml"),
        200,
    ),
    (
        "get",
        "/api/v1/route/models",
        "routing",
        "分派模型版本列表(管理员)/ routing model versions",
        None,
        200,
    ),
    (
        "post",
        "/api/v1/route/models",
        "routing",
        "用已办结工单训练新版分派模型(管理员)/ train a model from closed tickets",
        Some("TrainFromDb"),
        201,
    ),
    (
        "post",
        "/api/v1/route/models/{version}/activate",
        "routing",
        "启用某版分派模型(回滚即启用旧版;管理员)/ activate (roll back to) a model version",
        None,
        200,
    ),
    (
        "get",
        "/api/v1/route/figures",
        "routing",
        "分派统计:一次转办准确率、建议采纳率(from、to、bucket=day|week|month)/ routing figures",
        None,
        200,
    ),
    (
        "get",
        "/api/v1/knowledge/figures",
        "knowledge",
        "即时答复统计:咨询的即时答复率、知识库答复占比(from、to、bucket=day|week|month)/ instant-answer figures",
        None,
        200,
    ),
    (
        "get",
        "/api/v1/class-cases",
        "intake",
        "类案:多地同类问题(days、min_size;督办员、领导)/ class cases",
        None,
        200,
    ),
    (
        "get",
        "/api/v1/units",
        "admin",
        "单位列表 / units",
        None,
        200,
    ),
    (
        "post",
        "/api/v1/units",
        "admin",
        "新增单位 / add a unit",
        Some("NewUnit"),
        201,
    ),
    (
        "get",
        "/api/v1/units/{id}",
        "admin",
        "单位详情 / one unit",
        None,
        200,
    ),
    (
        "put",
        "/api/v1/units/{id}",
        "admin",
        "修改单位 / update a unit",
        Some("Unit"),
        200,
    ),
    (
        "get",
        "/api/v1/users",
        "admin",
        "用户列表 / users",
        None,
        200,
    ),
    (
        "post",
        "/api/v1/users",
        "admin",
        "新增用户 / add a user",
        Some("UserRequest"),
        201,
    ),
    (
        "put",
        "/api/v1/users/{id}",
        "admin",
        "修改用户(姓名、角色、单位、启用、重置密码)/ change a user",
        Some("UserUpdate"),
        200,
    ),
    (
        "get",
        "/api/v1/places",
        "admin",
        "地名库(含别名)/ gazetteer",
        None,
        200,
    ),
    (
        "get",
        "/api/v1/places/{code}",
        "admin",
        "一个地名 / one place",
        None,
        200,
    ),
    (
        "put",
        "/api/v1/places/{code}",
        "admin",
        "新增或修改地名(名称、类型、上级、别名、是否在用;201 为新增)/ add or change a place",
        Some("PlaceBody"),
        200,
    ),
    (
        "delete",
        "/api/v1/places/{code}",
        "admin",
        "删除没有被引用的地名(被工单、单位辖区、职责清单或下级地名引用时 409,可改为停用)/ delete an unused place",
        None,
        200,
    ),
    (
        "post",
        "/api/v1/places/import",
        "admin",
        "导入地名 CSV/XLSX(按编码新增或修改,全部成功或全部不写)/ import places",
        Some("SpreadsheetFile"),
        200,
    ),
    (
        "get",
        "/api/v1/places/export",
        "admin",
        "导出地名库(format=csv|xlsx)/ export places",
        None,
        200,
    ),
    (
        "get",
        "/api/v1/categories",
        "admin",
        "分类 / categories",
        None,
        200,
    ),
    (
        "put",
        "/api/v1/categories",
        "admin",
        "新增或修改分类 / upsert categories",
        Some("Categories"),
        204,
    ),
    (
        "get",
        "/api/v1/responsibility",
        "admin",
        "职责清单(可指定 version)/ responsibility list",
        None,
        200,
    ),
    (
        "put",
        "/api/v1/responsibility",
        "admin",
        "发布新版职责清单 / new version",
        Some("Rules"),
        200,
    ),
    (
        "get",
        "/api/v1/calendar/{year}",
        "admin",
        "某年节假日与调休 / a year's calendar",
        None,
        200,
    ),
    (
        "put",
        "/api/v1/calendar/{year}",
        "admin",
        "载入某年节假日(JSON 或文本)/ load a year",
        Some("YearSchedule"),
        204,
    ),
    (
        "get",
        "/api/v1/policy",
        "admin",
        "时限等级与时钟设置 / deadline tiers and clocks",
        None,
        200,
    ),
    (
        "put",
        "/api/v1/policy",
        "admin",
        "修改时限设置 / update the policy",
        Some("Policy"),
        204,
    ),
    (
        "get",
        "/api/v1/knowledge/articles",
        "knowledge",
        "知识列表(status、kind、category、owner_unit、limit、offset)/ list articles",
        None,
        200,
    ),
    (
        "post",
        "/api/v1/knowledge/articles",
        "knowledge",
        "编写知识(草稿)/ write an article",
        Some("NewArticle"),
        201,
    ),
    (
        "get",
        "/api/v1/knowledge/articles/{id}",
        "knowledge",
        "知识详情 / one article",
        None,
        200,
    ),
    (
        "put",
        "/api/v1/knowledge/articles/{id}",
        "knowledge",
        "修改知识(带 version)/ change an article",
        Some("ArticleUpdate"),
        200,
    ),
    (
        "post",
        "/api/v1/knowledge/articles/{id}/submit",
        "knowledge",
        "提交审核 / submit for review",
        Some("StatusChange"),
        200,
    ),
    (
        "post",
        "/api/v1/knowledge/articles/{id}/publish",
        "knowledge",
        "发布(质检员、班长、管理员)/ publish",
        Some("StatusChange"),
        200,
    ),
    (
        "post",
        "/api/v1/knowledge/articles/{id}/retire",
        "knowledge",
        "下线(质检员、班长、管理员)/ retire",
        Some("StatusChange"),
        200,
    ),
    (
        "post",
        "/api/v1/knowledge/articles/{id}/uses",
        "knowledge",
        "记录一次即时答复使用 / count a use",
        Some("ArticleUse"),
        201,
    ),
    (
        "get",
        "/api/v1/knowledge/search",
        "knowledge",
        "知识检索(q、category、kind、status、include_expired、limit)/ search",
        None,
        200,
    ),
    (
        "post",
        "/api/v1/knowledge/recommend",
        "knowledge",
        "受理时推荐知识(前 5 条)/ recommend for a draft",
        Some("RecommendRequest"),
        200,
    ),
    (
        "post",
        "/api/v1/knowledge/import",
        "knowledge",
        "导入 CSV/XLSX(≤10 MiB,全部成功或全部不写;带编号与版本的行更新原知识,有新增时 201,只有更新时 200)/ import: rows with id and version update their article",
        Some("SpreadsheetFile"),
        201,
    ),
    (
        "get",
        "/api/v1/knowledge/export",
        "knowledge",
        "导出(format=csv|xlsx)/ export",
        None,
        200,
    ),
    ("get", "/healthz", "ops", "健康检查 / health", None, 200),
    (
        "get",
        "/open311/v2/discovery.json",
        "open311",
        "Open311 discovery",
        None,
        200,
    ),
    (
        "get",
        "/open311/v2/services.json",
        "open311",
        "Open311 services",
        None,
        200,
    ),
    (
        "get",
        "/open311/v2/services/{code}.json",
        "open311",
        "Open311 service definition",
        None,
        200,
    ),
    (
        "post",
        "/open311/v2/requests.json",
        "open311",
        "Open311 create request (form)",
        Some("Open311Request"),
        201,
    ),
    (
        "get",
        "/open311/v2/requests.json",
        "open311",
        "Open311 list requests",
        None,
        200,
    ),
    (
        "get",
        "/open311/v2/requests/{id}.json",
        "open311",
        "Open311 one request",
        None,
        200,
    ),
    (
        "get",
        "/open311/v2/tokens/{token}.json",
        "open311",
        "Open311 token lookup",
        None,
        200,
    ),
];

/// A query parameter: name, JSON type, description.
type Param = (&'static str, &'static str, &'static str);

const PAGE_PARAMS: &[Param] = &[
    ("limit", "integer", "每页条数 1–200,默认 50 / page size"),
    ("offset", "integer", "跳过条数 / rows to skip"),
];

const TICKET_SEARCH: &[Param] = &[
    (
        "state",
        "string",
        "状态,逗号分隔(如 processing,to_review)/ states, comma-separated",
    ),
    (
        "phone",
        "string",
        "来电号码(承办单位不可用)/ caller's phone (not for units)",
    ),
    ("number", "string", "工单编号 / ticket number"),
    ("q", "string", "全文检索 / full text"),
    ("unit", "integer", "参与单位(主办或协办)/ a unit involved"),
    ("holder", "integer", "当前办理单位 / the unit holding it"),
    ("category", "string", "分类编码 / category code"),
    ("district", "string", "区县编码 / district code"),
    ("channel", "string", "渠道 / channel"),
    ("kind", "string", "诉求类型 / kind"),
    ("tag", "string", "颜色标签 / colour tag"),
    (
        "from",
        "string",
        "受理时间起(YYYY-MM-DD 北京时间,或 RFC 3339)/ created from",
    ),
    (
        "to",
        "string",
        "受理时间早于(不含;日期指当日 0 点)/ created before (exclusive; a date means its midnight)",
    ),
    ("overdue", "boolean", "仅超期 / overdue only"),
    ("limit", "integer", "每页条数 1–200,默认 50 / page size"),
    ("offset", "integer", "跳过条数 / rows to skip"),
    ("order", "string", "newest(默认)、oldest、due"),
];

const FIGURES: &[Param] = &[
    (
        "from",
        "string",
        "开始日期 YYYY-MM-DD(默认:结束日期前 12 周)/ first day",
    ),
    (
        "to",
        "string",
        "结束日期 YYYY-MM-DD,含当日(默认:今天)/ last day, inclusive",
    ),
    ("bucket", "string", "day、week(默认)或 month / period"),
];

const FORMAT: &[Param] = &[("format", "string", "csv 或 xlsx / file format")];

/// The query parameters of each operation that takes any (path parameters come from the path).
const QUERY_PARAMS: &[(&str, &str, &[Param])] = &[
    ("get", "/api/v1/tickets", TICKET_SEARCH),
    ("get", "/api/v1/queues/{queue}", PAGE_PARAMS),
    ("get", "/api/v1/callers/{phone}/tickets", TICKET_SEARCH_PAGE),
    ("get", "/api/v1/route/figures", FIGURES),
    ("get", "/api/v1/knowledge/figures", FIGURES),
    (
        "get",
        "/api/v1/class-cases",
        &[
            ("days", "integer", "近多少天 1–90,默认 30 / window in days"),
            (
                "min_size",
                "integer",
                "每个类案至少几件工单,默认 3,至少 2 / smallest class case",
            ),
            (
                "refresh",
                "boolean",
                "重新计算,不用 5 分钟内的结果 / compute anew",
            ),
        ],
    ),
    (
        "get",
        "/api/v1/responsibility",
        &[(
            "version",
            "integer",
            "职责清单版本(默认:现行)/ list version",
        )],
    ),
    (
        "get",
        "/api/v1/knowledge/articles",
        &[
            ("status", "string", "审核状态 / review status"),
            ("kind", "string", "知识类型 / kind"),
            ("category", "string", "分类编码 / category code"),
            ("owner_unit", "integer", "责任单位 / owning unit"),
            ("limit", "integer", "每页条数 / page size"),
            ("offset", "integer", "跳过条数 / rows to skip"),
        ],
    ),
    (
        "get",
        "/api/v1/knowledge/search",
        &[
            ("q", "string", "检索词 / query"),
            ("category", "string", "分类编码 / category code"),
            ("kind", "string", "知识类型 / kind"),
            ("status", "string", "审核状态 / review status"),
            (
                "include_expired",
                "boolean",
                "含已过有效期的 / include expired",
            ),
            ("limit", "integer", "条数 / hits"),
        ],
    ),
    ("get", "/api/v1/knowledge/export", FORMAT),
    ("post", "/api/v1/knowledge/import", FORMAT),
    ("get", "/api/v1/places/export", FORMAT),
    ("post", "/api/v1/places/import", FORMAT),
    (
        "get",
        "/open311/v2/requests.json",
        &[
            (
                "service_request_id",
                "string",
                "工单编号,逗号分隔,至多 50 个 / request ids",
            ),
            ("service_code", "string", "服务(分类)编码 / service code"),
            ("start_date", "string", "起始时间 RFC 3339 / from"),
            ("end_date", "string", "截止时间 RFC 3339 / to"),
            ("status", "string", "open 或 closed"),
        ],
    ),
];

/// A caller's history takes only paging.
const TICKET_SEARCH_PAGE: &[Param] = &[
    ("limit", "integer", "每页条数 1–200,默认 50 / page size"),
    ("offset", "integer", "跳过条数 / rows to skip"),
    ("order", "string", "newest(默认)、oldest、due"),
];

fn schemas() -> Value {
    let obj = |props: Value, required: Value| json!({ "type": "object", "properties": props, "required": required });
    json!({
        "Problem": obj(json!({
            "type": {"type": "string"}, "title": {"type": "string"}, "status": {"type": "integer"},
            "detail": {"type": "string"}, "message_zh": {"type": "string"}, "message_en": {"type": "string"}
        }), json!(["type", "title", "status"])),
        "LoginRequest": obj(json!({"username": {"type": "string"}, "password": {"type": "string"}}), json!(["username", "password"])),
        "NewTicket": obj(json!({
            "channel": {"type": "string", "enum": ["phone","web","mayor_mailbox","wechat","voicemail","platform","grid_worker","open311"]},
            "kind": {"type": "string", "enum": ["consultation","help","complaint","report","suggestion","praise"]},
            "caller": {"type": "object", "properties": {
                "name": {"type": "string"}, "phone": {"type": "string"}, "address": {"type": "string"},
                "work_unit": {"type": "string"}, "confidential": {"type": "boolean"},
                "wants_contact": {"type": "boolean"}, "declines_visit": {"type": "boolean"}}},
            "elements": {"type": "object", "description": "五要素:time/time_text, place, person, event, demand", "properties": {
                "time": {"type": "string", "format": "date-time"}, "time_text": {"type": "string"},
                "place": {"type": "object", "properties": {"district": {"type": "string"}, "street": {"type": "string"},
                    "community": {"type": "string"}, "address": {"type": "string"}, "lng": {"type": "number"}, "lat": {"type": "number"}}},
                "person": {"type": "string"}, "event": {"type": "string"}, "demand": {"type": "string"}}},
            "category": {"type": "string"}, "tier": {"type": "string"},
            "tags": {"type": "array", "items": {"type": "string"}},
            "importance": {"type": "string", "enum": ["normal","important","critical"]},
            "subject": {"type": "string"}, "record": {"type": "string"}, "draft": {"type": "boolean"}
        }), json!(["channel", "kind"])),
        "ActionRequest": {
            "type": "object",
            "description": "version: the ticket version the person saw; action: one of the lifecycle actions, with its fields",
            "properties": {"version": {"type": "integer"}, "action": {"type": "string", "enum": [
                "edit","submit","direct_answer","not_accept","emergency_transfer","merge","return_to_intake","dispatch",
                "sign_for","request_return","decide_return","sub_dispatch","whistle","request_extension","decide_extension",
                "suspend","resume","progress","reply","review_pass","review_send_back","visit","rehandle","close","archive",
                "urge","supervise","reopen"]}},
            "required": ["version", "action"],
            "additionalProperties": true
        },
        "RepeatQuery": obj(json!({
            "phone": {"type": "string"}, "text": {"type": "string", "description": "标题与记录草稿 / the draft"},
            "category": {"type": "string"},
            "place": {"type": "object", "properties": {"district": {"type": "string"}, "street": {"type": "string"}, "community": {"type": "string"}}},
            "days": {"type": "integer", "minimum": 1, "maximum": 365, "description": "来电历史回溯天数,默认 30 / history window"}
        }), json!([])),
        "AnalyzeRequest": obj(json!({
            "subject": {"type": "string"}, "text": {"type": "string", "maxLength": 20000, "description": "来电记录或留言 / the record or message"},
            "phone": {"type": "string"}, "category": {"type": "string", "description": "已选分类:按此建议承办单位 / chosen category"},
            "place": {"type": "object", "properties": {"district": {"type": "string"}, "street": {"type": "string"}, "community": {"type": "string"}}},
            "days": {"type": "integer", "minimum": 1, "maximum": 365},
            "channel": {"type": "string", "enum": ["phone","web","mayor_mailbox","wechat","voicemail","platform","grid_worker","open311"], "description": "来源渠道,默认电话;书面渠道(网站、信箱、微信、平台、Open311)只在写明正在发生时提示紧急转接 / the channel; written channels prompt an emergency transfer only where the text says it is happening now"},
            "received_at": {"type": "string", "format": "date-time", "description": "收到时间,默认现在,不晚于现在:文中的“昨天晚上”等据此推算 / when it was received (default now): relative times are read from it"}
        }), json!([])),
        "TrainFromDb": obj(json!({
            "level": {"type": "integer", "minimum": 1, "maximum": 3, "description": "分类层级,默认 2 / category level"},
            "min_examples": {"type": "integer", "description": "少于此数的分类并入上级,默认 20"},
            "days": {"type": "integer", "description": "回溯天数,默认 365"}, "max_tickets": {"type": "integer", "description": "最多工单数,默认 20000"},
            "holdout": {"type": "number", "minimum": 0, "maximum": 0.5, "description": "留出评估比例,默认 0.1"},
            "seed": {"type": "integer"}, "activate": {"type": "boolean", "description": "训练后启用,默认 true"}, "note": {"type": "string"}
        }), json!([])),
        "NewUnit": obj(json!({"code": {"type": "string"}, "name": {"type": "string"}, "level": {"type": "string"},
            "parent": {"type": "integer"}, "area": {"type": "array", "items": {"type": "string"}}}), json!(["code", "name", "level"])),
        "Unit": {"type": "object"},
        "UserUpdate": obj(json!({"display_name": {"type": "string"}, "roles": {"type": "array", "items": {"type": "string"}},
            "unit": {"type": "integer", "nullable": true}, "active": {"type": "boolean"},
            "password": {"type": "string", "nullable": true, "description": "新密码(至少 8 位);不填则不变"}}),
            json!(["display_name", "roles", "active"])),
        "UserRequest": obj(json!({"username": {"type": "string"}, "display_name": {"type": "string"}, "password": {"type": "string"},
            "roles": {"type": "array", "items": {"type": "string"}}, "unit": {"type": "integer"}}), json!(["username", "password", "roles"])),
        "PlaceBody": obj(json!({"name": {"type": "string", "maxLength": 50},
            "kind": {"type": "string", "description": "district、street、community、road、landmark(或 区县、街道、镇、社区、村、道路、地标)"},
            "parent": {"type": "string", "nullable": true, "description": "上级地名编码"},
            "aliases": {"type": "array", "items": {"type": "string"}, "description": "别名(俗称),每个 2–50 字"},
            "active": {"type": "boolean", "description": "是否在用;停用的地名保留编码供已有工单引用,但不再从文字中识别,也不能用于新工单。省略时已有地名保持原状态,新地名为在用"}}),
            json!(["name", "kind"])),
        "Categories": {"type": "array", "items": {"type": "object"}},
        "Rules": {"type": "array", "items": {"type": "object"}},
        "YearSchedule": {"type": "object"},
        "Policy": {"type": "object"},
        "NewArticle": obj(json!({
            "title": {"type": "string", "maxLength": 200}, "body": {"type": "string", "maxLength": 20000},
            "kind": {"type": "string", "enum": ["policy_qa", "service_guide", "standard_reply"]},
            "category": {"type": "string"}, "owner_unit": {"type": "integer"},
            "valid_from": {"type": "string", "format": "date"}, "valid_to": {"type": "string", "format": "date"},
            "keywords": {"type": "array", "items": {"type": "string"}}
        }), json!(["title", "body", "kind"])),
        "ArticleUpdate": {"allOf": [{"$ref": "#/components/schemas/NewArticle"},
            obj(json!({"version": {"type": "integer"}}), json!(["version"]))]},
        "StatusChange": obj(json!({"version": {"type": "integer", "description": "omitted: the current version"}}), json!([])),
        "ArticleUse": obj(json!({"ticket": {"type": "integer"}}), json!([])),
        "RecommendRequest": obj(json!({"text": {"type": "string"}, "category": {"type": "string"}}), json!(["text"])),
        "Open311Request": obj(json!({"api_key": {"type": "string"}, "service_code": {"type": "string"}, "lat": {"type": "number"},
            "long": {"type": "number"}, "address_string": {"type": "string"}, "description": {"type": "string"},
            "first_name": {"type": "string"}, "last_name": {"type": "string"}, "phone": {"type": "string"}}), json!(["api_key", "service_code", "description"])),
    })
}

pub fn build() -> Value {
    let mut paths = serde_json::Map::new();
    for (method, path, tag, summary, body, status) in OPERATIONS {
        let params: Vec<Value> = path
            .split('/')
            .filter_map(|seg| seg.strip_prefix('{').and_then(|s| s.split('}').next()))
            .map(|name| json!({"name": name, "in": "path", "required": true, "schema": {"type": "string"}}))
            .collect();
        let mut op = json!({
            "tags": [tag],
            "summary": summary,
            "parameters": params,
            "responses": {
                status.to_string(): {"description": "OK"},
                "default": {"description": "problem+json", "content": {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}}}
            }
        });
        match body {
            // A file upload: the body is the file, typed by its Content-Type; the ticket version
            // and the file name travel in the query.
            Some("Upload") => {
                let file = json!({"schema": {"type": "string", "format": "binary"}});
                let content: serde_json::Map<String, Value> = ALLOWED_TYPES
                    .iter()
                    .map(|t| (t.to_string(), file.clone()))
                    .collect();
                op["requestBody"] = json!({"required": true, "content": content});
                if let Some(params) = op["parameters"].as_array_mut() {
                    params.push(json!({"name": "version", "in": "query", "required": true,
                        "description": "the ticket version the person saw", "schema": {"type": "integer"}}));
                    params.push(json!({"name": "name", "in": "query", "required": true,
                        "description": "file name, 1–200 characters, no path", "schema": {"type": "string"}}));
                }
            }
            // The scope rules as a TOML document.
            Some("RulesToml") => {
                op["requestBody"] = json!({"required": true, "content": {
                    "application/toml": {"schema": {"type": "string"}},
                    "text/plain": {"schema": {"type": "string"}},
                }});
            }
            // A knowledge-base file: CSV or XLSX, told apart by its Content-Type.
            Some("SpreadsheetFile") => {
                let file = json!({"schema": {"type": "string", "format": "binary"}});
                op["requestBody"] = json!({"required": true, "content": {
                    "text/csv": file.clone(),
                    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": file,
                }});
            }
            Some(schema) => {
                let ct = if *tag == "open311" {
                    "application/x-www-form-urlencoded"
                } else {
                    "application/json"
                };
                op["requestBody"] = json!({"required": true, "content": {ct: {"schema": {"$ref": format!("#/components/schemas/{schema}")}}}});
            }
            None => {}
        }
        let query = QUERY_PARAMS
            .iter()
            .filter(|(m, p, _)| m == method && p == path)
            .flat_map(|(_, _, params)| params.iter());
        if let Some(list) = op["parameters"].as_array_mut() {
            for (name, ty, description) in query {
                list.push(json!({"name": name, "in": "query", "required": false,
                    "description": description, "schema": {"type": ty}}));
            }
        }
        let entry = paths.entry(path.to_string()).or_insert_with(|| json!({}));
        entry[*method] = op;
    }
    json!({
        "openapi": "3.0.3",
        "info": {"title": "hotline 12345 API", "version": env!("CARGO_PKG_VERSION"),
                 "description": "12345 政务服务便民热线工单引擎 / the work-order engine of a 12345 hotline"},
        "servers": [{"url": "/"}],
        "components": {
            "schemas": schemas(),
            "securitySchemes": {
                "cookie": {"type": "apiKey", "in": "cookie", "name": crate::extract::SESSION_COOKIE},
                "bearer": {"type": "http", "scheme": "bearer"}
            }
        },
        "security": [{"cookie": []}, {"bearer": []}],
        "paths": paths,
    })
}

pub async fn document() -> Json<Value> {
    Json(build())
}

const SWAGGER_JS: &str = include_str!(concat!(env!("OUT_DIR"), "/swagger-ui-bundle.js"));
const SWAGGER_CSS: &str = include_str!(concat!(env!("OUT_DIR"), "/swagger-ui.css"));

/// Swagger UI over `/api/openapi.json`, its script and style served from the binary.
pub async fn docs_page() -> Html<&'static str> {
    Html(
        "<!doctype html><html lang=zh-CN><head><meta charset=utf-8><title>hotline API 文档</title>\
         <link rel=stylesheet href=/api/docs/swagger-ui.css></head><body><div id=swagger-ui></div>\
         <script src=/api/docs/swagger-ui-bundle.js></script>\
         <script>window.ui = SwaggerUIBundle({url: '/api/openapi.json', dom_id: '#swagger-ui'});</script>\
         </body></html>",
    )
}

pub async fn swagger_js() -> impl IntoResponse {
    (
        [
            (header::CONTENT_TYPE, "text/javascript; charset=utf-8"),
            (header::CACHE_CONTROL, "public, max-age=86400"),
        ],
        SWAGGER_JS,
    )
}

pub async fn swagger_css() -> impl IntoResponse {
    (
        [
            (header::CONTENT_TYPE, "text/css; charset=utf-8"),
            (header::CACHE_CONTROL, "public, max-age=86400"),
        ],
        SWAGGER_CSS,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_query_parameter_belongs_to_an_operation_and_is_listed_once() {
        for (method, path, params) in QUERY_PARAMS {
            assert!(
                OPERATIONS.iter().any(|o| o.0 == *method && o.1 == *path),
                "{method} {path} has query parameters but is no operation"
            );
            let mut names: Vec<&str> = params.iter().map(|p| p.0).collect();
            names.sort_unstable();
            names.dedup();
            assert_eq!(
                names.len(),
                params.len(),
                "{method} {path} repeats a parameter"
            );
        }
        let doc = build();
        let names = |method: &str, path: &str| -> Vec<String> {
            doc["paths"][path][method]["parameters"]
                .as_array()
                .map(|l| {
                    l.iter()
                        .filter(|p| p["in"] == "query")
                        .filter_map(|p| p["name"].as_str().map(str::to_string))
                        .collect()
                })
                .unwrap_or_default()
        };
        assert_eq!(
            names("get", "/api/v1/class-cases"),
            ["days", "min_size", "refresh"]
        );
        assert!(names("get", "/api/v1/tickets").contains(&"overdue".to_string()));
        assert_eq!(
            names("get", "/api/v1/knowledge/figures"),
            ["from", "to", "bucket"]
        );
        assert!(names("get", "/open311/v2/requests.json").contains(&"status".to_string()));
        assert!(names("post", "/api/v1/tickets").is_empty());
    }
}
