//! The operational endpoints: the health check and the OpenAPI document.
use reqwest::StatusCode;

use crate::support::*;

#[tokio::test]
async fn the_health_check_answers_ok() {
    let app = TestApp::spawn().await;
    let health = app.anonymous().get("/healthz").await.expect(StatusCode::OK);
    assert_eq!(health["status"], "ok");
}

#[tokio::test]
async fn the_openapi_document_describes_the_ticket_api() {
    let app = TestApp::spawn().await;
    let doc = app
        .anonymous()
        .get("/api/openapi.json")
        .await
        .expect(StatusCode::OK);
    let version = doc["openapi"].as_str().expect("an openapi version");
    assert!(version.starts_with("3."), "{version}");
    assert!(
        doc["paths"]["/api/v1/tickets"]["post"].is_object(),
        "{}",
        doc["paths"]
    );
    assert!(doc["paths"]["/api/v1/tickets/{id}/actions"]["post"].is_object());
}
