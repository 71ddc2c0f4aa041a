//! The request bodies' schemas.
use serde_json::{json, Value};

pub(super) fn schemas() -> Value {
    let obj = |props: Value, required: Value| json!({ "type": "object", "properties": props, "required": required });
    // A body whose unknown fields are refused.
    let closed = |props: Value, required: Value| json!({ "type": "object", "properties": props, "required": required, "additionalProperties": false });
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
            "subject": {"type": "string"}, "record": {"type": "string"}, "draft": {"type": "boolean"},
            "analysis_id": {"type": "string", "description": "受理分析(POST /api/v1/intake/analyze)返回的 id:分析结果随工单保存,用于日后衡量建议的准确率;未知或已过期时重新分析 / the intake analysis to store with the ticket"}
        }), json!(["channel", "kind"])),
        "LexiconEntry": obj(json!({
            "colloquial": {"type": "string", "maxLength": 40, "description": "口语说法,如 漫天尘土"},
            "formal": {"type": "string", "maxLength": 40, "description": "规范用语,如 扬尘污染"}
        }), json!(["colloquial", "formal"])),
        "Lexicon": obj(json!({
            "entries": {"type": "array", "maxItems": 10000, "description": "至多 10000 条,请求体至多 1 MiB", "items": {"$ref": "#/components/schemas/LexiconEntry"}}
        }), json!(["entries"])),
        "ActionRequest": {
            "type": "object",
            "description": "version: the ticket version the person saw; action: one of the lifecycle actions, with its fields. A field the action does not have is refused (422). 修改(edit)只改给出的内容:caller 与 elements(含 place)可只给部分字段,未给的保持原值 / an edit changes only what it names: caller and elements may be sent in part",
            "properties": {"version": {"type": "integer"}, "edit": {"type": "object", "additionalProperties": false, "properties": {
                "caller": {"type": "object", "description": "部分字段即可 / in part"},
                "elements": {"type": "object", "description": "部分字段即可(place 亦然)/ in part, the place too"},
                "kind": {"type": "string"}, "category": {"type": "string"}, "tier": {"type": "string"},
                "tags": {"type": "array", "items": {"type": "string"}}, "importance": {"type": "string"},
                "subject": {"type": "string"}, "record": {"type": "string"}}}, "action": {"type": "string", "enum": [
                "edit","submit","direct_answer","not_accept","emergency_transfer","merge","unmerge","return_to_intake","dispatch",
                "sign_for","request_return","decide_return","sub_dispatch","whistle","request_extension","decide_extension",
                "suspend","resume","progress","reply","review_pass","review_send_back","visit","rehandle","close","archive",
                "urge","supervise","reopen"]}},
            "required": ["version", "action"],
            "additionalProperties": true
        },
        "RepeatQuery": closed(json!({
            "phone": {"type": "string"}, "text": {"type": "string", "description": "标题与记录草稿 / the draft"},
            "category": {"type": "string"},
            "place": {"type": "object", "nullable": true, "additionalProperties": false, "properties": {"district": {"type": "string"}, "street": {"type": "string"}, "community": {"type": "string"}}},
            "days": {"type": "integer", "minimum": 1, "maximum": 365, "description": "来电历史回溯天数,默认 30 / history window"}
        }), json!([])),
        "AnalyzeRequest": closed(json!({
            "subject": {"type": "string"}, "text": {"type": "string", "maxLength": 20000, "description": "来电记录或留言 / the record or message"},
            "phone": {"type": "string"}, "category": {"type": "string", "description": "已选分类:按此建议承办单位 / chosen category"},
            "place": {"type": "object", "nullable": true, "additionalProperties": false, "properties": {"district": {"type": "string"}, "street": {"type": "string"}, "community": {"type": "string"}}},
            "days": {"type": "integer", "minimum": 1, "maximum": 365},
            "channel": {"type": "string", "enum": ["phone","web","mayor_mailbox","wechat","voicemail","platform","grid_worker","open311"], "description": "来源渠道,默认电话;书面渠道(网站、信箱、微信、平台、Open311)只在写明正在发生时提示紧急转接;电话以外的渠道来件人不在线,紧急提示的 reply 改为回拨口径(callback 为 true) / the channel; written channels prompt an emergency transfer only where the text says it is happening now; off a call nobody is on the line, so an emergency's reply says how to call back (callback true)"},
            "received_at": {"type": "string", "format": "date-time", "description": "收到时间,默认现在,不晚于现在:文中的“昨天晚上”等据此推算 / when it was received (default now): relative times are read from it"}
        }), json!([])),
        "TrainFromDb": obj(json!({
            "level": {"type": "integer", "minimum": 1, "maximum": 3, "description": "分类层级,默认 2 / category level"},
            "min_examples": {"type": "integer", "description": "少于此数的分类并入上级,默认 20"},
            "days": {"type": "integer", "description": "回溯天数,默认 365"}, "max_tickets": {"type": "integer", "description": "最多工单数,默认 20000"},
            "holdout": {"type": "number", "minimum": 0, "maximum": 0.5, "description": "留出评估比例,默认 0.1"},
            "seed": {"type": "integer"}, "activate": {"type": "boolean", "description": "训练后启用,默认 true;留出评估明显不如正在使用的模型时不启用(见 not_activated)"},
            "force": {"type": "boolean", "description": "即使留出评估不如正在使用的模型(承办单位首选命中率跨层级也比较)或没有留出评估也启用,默认 false"}, "note": {"type": "string"}
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
            "aliases": {"type": "array", "items": {"type": "string"}, "description": "别名(俗称),每个 2–50 字;修改时不填则保留原有别名 / kept when left out of a change"},
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
            obj(json!({"version": {"type": "integer"}}), json!(["version"]))],
            "description": "category、owner_unit、valid_from、valid_to、keywords 不传则保留原值,传 null(关键词传 [])则清空 / fields left out keep their value; null (or [] for keywords) clears them"},
        "StatusChange": obj(json!({"version": {"type": "integer", "description": "omitted: the current version"}}), json!([])),
        "ArticleRestore": obj(json!({"version": {"type": "integer", "description": "the article's current version, as seen"}}), json!(["version"])),
        "ArticleUse": obj(json!({"ticket": {"type": "integer"}}), json!([])),
        "RecommendRequest": obj(json!({"text": {"type": "string"}, "category": {"type": "string"}}), json!(["text"])),
        "Open311Request": obj(json!({"api_key": {"type": "string"}, "service_code": {"type": "string"}, "lat": {"type": "number"},
            "long": {"type": "number"}, "address_string": {"type": "string"}, "description": {"type": "string"},
            "first_name": {"type": "string"}, "last_name": {"type": "string"}, "phone": {"type": "string"}}), json!(["api_key", "service_code", "description"])),
    })
}
