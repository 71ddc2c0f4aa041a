//! Admin resources: only admins change them, and a change takes effect at once.
use reqwest::StatusCode;
use serde_json::json;

use crate::support::TestApp;

#[tokio::test]
async fn an_admin_sets_the_centres_working_hours_and_other_roles_may_not() {
    let app = TestApp::spawn().await;
    let admin = app.login("demo-admin").await;
    let mut policy = admin.get("/api/v1/policy").await.expect(StatusCode::OK);
    policy["working_hours"] = json!([{ "start": "09:00:00", "end": "17:00:00" }]);

    let dispatcher = app.dispatcher().await;
    dispatcher
        .put("/api/v1/policy", &policy)
        .await
        .problem(StatusCode::FORBIDDEN, "forbidden");

    admin
        .put("/api/v1/policy", &policy)
        .await
        .expect(StatusCode::NO_CONTENT);
    let calendar = admin
        .get("/api/v1/calendar/2026")
        .await
        .expect(StatusCode::OK);
    assert_eq!(
        calendar["working_hours"],
        json!([{ "start": "09:00:00", "end": "17:00:00" }])
    );
    assert_eq!(calendar["official"], json!(true));

    // Overlapping spans are not working hours.
    policy["working_hours"] = json!([
        { "start": "09:00:00", "end": "12:00:00" },
        { "start": "11:00:00", "end": "17:00:00" }
    ]);
    let refused = admin.put("/api/v1/policy", &policy).await;
    assert_eq!(
        refused.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        refused.text
    );
}
