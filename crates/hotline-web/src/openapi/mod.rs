//! The OpenAPI 3 document of the JSON API and Open311, and a self-contained page that renders it
//! (no script or style is fetched from anywhere).
use axum::http::header;
use axum::response::{Html, IntoResponse};
use serde_json::{json, Value};

use hotline_service::attachments::ALLOWED_TYPES;

use crate::extract::Json;

mod operations;
mod schemas;

use operations::{OPERATIONS, QUERY_PARAMS};
use schemas::schemas;

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
                    "text/tab-separated-values": file.clone(),
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
            .flat_map(|(_, _, lists)| lists.iter().copied().flatten());
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
                 "description": "12345 政务服务便民热线工单引擎。POST 请求体中不认识的字段(多为拼写错误)返回 422 并列出字段名;PUT 可原样带回 GET 得到的只读字段 / the work-order engine of a 12345 hotline. A POST body with a field the operation does not have (a misspelling, most often) is refused with 422 naming it; a PUT may send back the read-only fields a GET gave"},
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
            let all: Vec<&str> = params.iter().copied().flatten().map(|p| p.0).collect();
            let mut names = all.clone();
            names.sort_unstable();
            names.dedup();
            assert_eq!(
                names.len(),
                all.len(),
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
            [
                "days",
                "min_size",
                "category",
                "place",
                "open_only",
                "offset",
                "limit",
                "refresh"
            ]
        );
        assert!(names("get", "/api/v1/tickets").contains(&"overdue".to_string()));
        let tickets = names("get", "/api/v1/tickets");
        assert!(["overdue", "limit", "offset", "order"]
            .iter()
            .all(|n| tickets.contains(&n.to_string())));
        assert_eq!(
            names("get", "/api/v1/callers/{phone}/tickets"),
            ["limit", "offset", "order"]
        );
        assert_eq!(
            names("get", "/api/v1/knowledge/figures"),
            ["from", "to", "bucket"]
        );
        assert!(names("get", "/open311/v2/requests.json").contains(&"status".to_string()));
        assert!(names("post", "/api/v1/tickets").is_empty());
    }
}
