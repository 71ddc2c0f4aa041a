//! Unit suggestions stay within the place: history from the whole city names units of other
//! districts too, and only those serving the place (or the whole city) are offered.
use reqwest::StatusCode;
use serde_json::json;

use crate::support::*;

#[tokio::test]
async fn units_suggested_for_a_place_serve_it() {
    let app = TestApp::spawn_with_history(800).await;
    let admin = app.admin().await;
    let operator = app.operator().await;
    admin
        .post(
            "/api/v1/route/models",
            &json!({ "level": 1, "min_examples": 3 }),
        )
        .await
        .expect(StatusCode::CREATED);
    let mut offered = 0;
    for district in ["D01", "D03", "D06", "D08"] {
        let street = format!("{district}S01");
        for category in ["030102", "010201"] {
            let a = operator
                .post(
                    "/api/v1/intake/analyze",
                    &json!({
                        "text": "工地晚上施工噪音很大",
                        "category": category,
                        "place": {"district": district, "street": street},
                    }),
                )
                .await
                .expect(StatusCode::OK);
            for u in a["routing"]["units"].as_array().expect("units") {
                offered += 1;
                let unit = admin
                    .get(&format!("/api/v1/units/{}", u["unit"]))
                    .await
                    .expect(StatusCode::OK);
                let area: Vec<&str> = unit["area"]
                    .as_array()
                    .expect("an area")
                    .iter()
                    .filter_map(|a| a.as_str())
                    .collect();
                assert!(
                    area.is_empty() || area.iter().any(|a| [district, street.as_str()].contains(a)),
                    "{} offered for {street}: {unit}; reasons {}",
                    u["name"],
                    u["reasons"]
                );
            }
        }
    }
    assert!(offered > 0, "some unit is offered");
}
