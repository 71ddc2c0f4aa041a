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

#[tokio::test]
async fn a_policy_change_keeps_what_it_leaves_out_refuses_numbers_out_of_range_and_null_clears() {
    let app = TestApp::spawn().await;
    let admin = app.login("demo-admin").await;
    let hours = json!([{ "start": "09:00:00", "end": "17:00:00" }]);
    let mut policy = admin.get("/api/v1/policy").await.expect(StatusCode::OK);
    policy["working_hours"] = hours.clone();
    policy["area_code"] = json!("0633");
    admin
        .put("/api/v1/policy", &policy)
        .await
        .expect(StatusCode::NO_CONTENT);

    // One field sent: that field changes, the hours and the area code stay.
    admin
        .put("/api/v1/policy", &json!({ "warn_share": 0.8 }))
        .await
        .expect(StatusCode::NO_CONTENT);
    let saved = admin.get("/api/v1/policy").await.expect(StatusCode::OK);
    assert_eq!(saved["warn_share"], json!(0.8));
    assert_eq!(saved["working_hours"], hours);
    assert_eq!(saved["area_code"], "0633");
    assert_eq!(saved["tiers"], policy["tiers"]);

    // A misspelt field is refused and changes nothing.
    let refused = admin
        .put(
            "/api/v1/policy",
            &json!({ "working_hour": null, "warn_share": 0.6 }),
        )
        .await
        .problem(StatusCode::UNPROCESSABLE_ENTITY, "invalid-body");
    assert!(
        refused["detail"]
            .as_str()
            .unwrap_or("")
            .contains("working_hour"),
        "{refused}"
    );
    let unchanged = admin.get("/api/v1/policy").await.expect(StatusCode::OK);
    assert_eq!(unchanged, saved);

    // Bad values are still refused as before.
    admin
        .put("/api/v1/policy", &json!({ "warn_share": "high" }))
        .await
        .problem(StatusCode::UNPROCESSABLE_ENTITY, "invalid-body");
    let not_an_object = admin.put("/api/v1/policy", &json!([1, 2])).await;
    assert_eq!(
        not_an_object.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        not_an_object.text
    );

    // Numbers out of range are refused, naming the field, before anything is saved: a length
    // of years would take as long to measure on the calendar, a reopening window of millions
    // of days overflows the clock.
    for (body, field) in [
        (
            json!({ "reopen_days": 200_000_000_000_000_i64 }),
            "reopen_days",
        ),
        (json!({ "reopen_days": -1 }), "reopen_days"),
        (json!({ "visit_max_attempts": 0 }), "visit_max_attempts"),
        (
            json!({ "max_extension_days": 100_000 }),
            "max_extension_days",
        ),
        (
            json!({ "sign_for": { "unit": "working_days", "count": 0 } }),
            "sign_for",
        ),
        (
            json!({ "visit": { "unit": "natural_hours", "count": 4_000_000_000_u32 } }),
            "visit",
        ),
    ] {
        let refused = admin
            .put("/api/v1/policy", &body)
            .await
            .problem(StatusCode::UNPROCESSABLE_ENTITY, "invalid-field");
        assert_eq!(refused["field"], field, "{body}: {refused}");
    }
    let mut tiers = saved["tiers"].clone();
    tiers[1]["code"] = tiers[0]["code"].clone();
    let refused = admin
        .put("/api/v1/policy", &json!({ "tiers": tiers }))
        .await
        .problem(StatusCode::UNPROCESSABLE_ENTITY, "invalid-field");
    assert_eq!(refused["field"], "tiers", "{refused}");
    tiers = saved["tiers"].clone();
    tiers[0]["length"]["count"] = json!(366);
    tiers[0]["length"]["unit"] = json!("working_days");
    admin
        .put("/api/v1/policy", &json!({ "tiers": tiers }))
        .await
        .problem(StatusCode::UNPROCESSABLE_ENTITY, "invalid-field");
    assert_eq!(
        admin.get("/api/v1/policy").await.expect(StatusCode::OK),
        saved
    );

    // Null, sent, brings back the calendar's default hours.
    admin
        .put("/api/v1/policy", &json!({ "working_hours": null }))
        .await
        .expect(StatusCode::NO_CONTENT);
    let saved = admin.get("/api/v1/policy").await.expect(StatusCode::OK);
    assert_eq!(saved["working_hours"], json!(null));
    assert_eq!(saved["area_code"], "0633");
    // And clears the area code.
    admin
        .put("/api/v1/policy", &json!({ "area_code": null }))
        .await
        .expect(StatusCode::NO_CONTENT);
    let saved = admin.get("/api/v1/policy").await.expect(StatusCode::OK);
    assert_eq!(saved["area_code"], "");
    let calendar = admin
        .get("/api/v1/calendar/2026")
        .await
        .expect(StatusCode::OK);
    assert_eq!(
        calendar["working_hours"],
        json!([
            { "start": "08:30:00", "end": "12:00:00" },
            { "start": "13:30:00", "end": "17:30:00" }
        ])
    );
}

#[tokio::test]
async fn an_admin_changes_a_users_roles_and_deactivates_them_and_cannot_lock_themselves_out() {
    let app = TestApp::spawn().await;
    let admin = app.login("demo-admin").await;
    let created = admin
        .post(
            "/api/v1/users",
            &json!({"username": "temp-operator", "display_name": "临时受理员", "password": "password-1",
                    "roles": ["operator"]}),
        )
        .await
        .expect(StatusCode::CREATED);
    let id = created["id"].as_i64().expect("an id");
    let path = format!("/api/v1/users/{id}");

    // The user signs in, then becomes a shift lead with a new password.
    let old = app
        .anonymous()
        .post(
            "/api/v1/session",
            &json!({"username": "temp-operator", "password": "password-1"}),
        )
        .await;
    assert_eq!(old.status, StatusCode::OK, "{}", old.text);
    let token = old.body["token"].as_str().expect("a token").to_string();
    let changed = admin
        .put(
            &path,
            &json!({"display_name": "班长小李", "roles": ["shift_lead"], "active": true, "password": "password-2"}),
        )
        .await
        .expect(StatusCode::OK);
    assert_eq!(changed["roles"], json!(["shift_lead"]));
    assert_eq!(changed["display_name"], "班长小李");
    let refused = app
        .anonymous()
        .post(
            "/api/v1/session",
            &json!({"username": "temp-operator", "password": "password-1"}),
        )
        .await;
    assert_eq!(
        refused.status,
        StatusCode::UNAUTHORIZED,
        "the old password no longer works"
    );
    // Nor does the session it opened; one opened with the new password does.
    let me_with = |token: String| {
        let url = format!("{}/api/v1/me", app.address);
        async move {
            let r = reqwest::Client::new().get(url).bearer_auth(token).send();
            r.await.expect("a reply").status()
        }
    };
    assert_eq!(me_with(token).await, StatusCode::UNAUTHORIZED);
    let new = app
        .anonymous()
        .post(
            "/api/v1/session",
            &json!({"username": "temp-operator", "password": "password-2"}),
        )
        .await;
    assert_eq!(new.status, StatusCode::OK, "{}", new.text);
    let token = new.body["token"].as_str().expect("a token").to_string();
    assert_eq!(me_with(token.clone()).await, StatusCode::OK);

    // Unit roles need a unit and cannot be mixed with the centre's (the mix would have seen the
    // centre's tickets unmasked); a role is given once; a short or blank password is refused;
    // none of it changes anything.
    let unit = app.zone().await.unit();
    for (roles, unit, password) in [
        (json!(["unit_handler"]), json!(null), json!(null)),
        (
            json!(["unit_handler", "visit_agent"]),
            json!(unit),
            json!(null),
        ),
        (json!(["operator", "operator"]), json!(null), json!(null)),
        (json!(["operator"]), json!(null), json!("short")),
        (json!(["operator"]), json!(null), json!("        ")),
    ] {
        let change = json!({"display_name": "", "roles": roles, "unit": unit, "active": true, "password": password});
        let refused = admin
            .put(&path, &change)
            .await
            .problem(StatusCode::UNPROCESSABLE_ENTITY, "invalid-field");
        assert!(refused["field"].is_string(), "{change}: {refused}");
    }

    assert_eq!(
        me_with(token.clone()).await,
        StatusCode::OK,
        "refusals change nothing"
    );

    // Deactivated: the session already issued stops working at once.
    admin
        .put(
            &path,
            &json!({"display_name": "", "roles": ["shift_lead"], "active": false}),
        )
        .await
        .expect(StatusCode::OK);
    let after = reqwest::Client::new()
        .get(format!("{}/api/v1/me", app.address))
        .bearer_auth(&token)
        .send()
        .await
        .expect("a reply");
    assert_eq!(after.status(), StatusCode::UNAUTHORIZED);
    let users = admin.get("/api/v1/users").await.expect(StatusCode::OK);
    let stored = users
        .as_array()
        .and_then(|u| u.iter().find(|u| u["id"] == json!(id)))
        .expect("the user is listed");
    assert_eq!(
        (stored["active"].clone(), stored["display_name"].clone()),
        (json!(false), json!("班长小李"))
    );

    // An admin cannot lock themselves out; others may not change users at all.
    let me = admin.get("/api/v1/me").await.expect(StatusCode::OK);
    let my_id = me["id"].as_i64().expect("my id");
    admin
        .put(
            &format!("/api/v1/users/{my_id}"),
            &json!({"display_name": "", "roles": ["operator"], "active": true}),
        )
        .await
        .problem(StatusCode::UNPROCESSABLE_ENTITY, "invalid-field");
    app.dispatcher()
        .await
        .put(
            &path,
            &json!({"display_name": "", "roles": ["operator"], "active": true}),
        )
        .await
        .problem(StatusCode::FORBIDDEN, "forbidden");
    admin
        .put(
            "/api/v1/users/999999",
            &json!({"display_name": "", "roles": ["operator"], "active": true}),
        )
        .await
        .problem(StatusCode::NOT_FOUND, "not-found");
}

/// A year another process saved since this server last read the calendar: a year clashing
/// with it is refused before it is saved (it used to be saved, and then refused, leaving a
/// database no process could start on).
#[tokio::test]
async fn a_calendar_year_is_checked_against_the_years_stored_now() {
    use hotline_domain::calendar::{HolidaySpan, YearSchedule};
    let app = TestApp::spawn().await;
    let admin = app.login("demo-admin").await;
    let other_process = app.other_process_store().await;
    let day = |m, d| chrono::NaiveDate::from_ymd_opt(if m == 12 { 2030 } else { 2031 }, m, d);
    let new_year = YearSchedule {
        year: 2031,
        holidays: vec![HolidaySpan {
            name: "元旦".into(),
            start: day(12, 31).expect("a day"),
            end: day(1, 1).expect("a day"),
        }],
        make_up_workdays: vec![],
    };
    let stored = other_process.calendar_years().await.expect("the years");
    let saved = other_process.save_calendar_year(&new_year, &stored).await;
    assert!(saved.expect("another process saves 2031"));

    // 2030 claiming the same last day of December.
    let clashing = json!({
        "year": 2030,
        "holidays": [{ "name": "跨年", "start": "2030-12-30", "end": "2030-12-31" }],
        "make_up_workdays": []
    });
    let refused = admin
        .put("/api/v1/calendar/2030", &clashing)
        .await
        .problem(StatusCode::UNPROCESSABLE_ENTITY, "invalid-field");
    assert_eq!(refused["field"], "calendar", "{refused}");
    let years: Vec<i32> = (other_process.calendar_years().await)
        .expect("the stored years")
        .iter()
        .map(|y| y.year)
        .collect();
    assert!(!years.contains(&2030), "nothing saved: {years:?}");
    // The database still opens.
    let started =
        hotline_service::App::start_for(other_process.clone(), hotline_service::Purpose::Command)
            .await
            .expect("an app starts on the database");
    assert!(started.reference().calendar_problems.is_empty());

    // A database written before these checks (two processes could then both pass them) may
    // hold a clash: written straight to the store here. It still opens; the later year is
    // left out, and said.
    let clash: hotline_domain::calendar::YearSchedule =
        serde_json::from_value(clashing).expect("a schedule");
    let stored = other_process.calendar_years().await.expect("the years");
    let saved = other_process.save_calendar_year(&clash, &stored).await;
    assert!(saved.expect("the clash written as an older version might have"));
    let started = hotline_service::App::start_for(other_process, hotline_service::Purpose::Command)
        .await
        .expect("an app still starts on the database");
    let problems = &started.reference().calendar_problems;
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert!(
        problems[0].contains("2031 年的节假日安排未生效") && problems[0].contains("2030"),
        "{problems:?}"
    );

    // The clash does not block loading another year, nor the corrected one, which mends it.
    let year = |y: i32, start: &str, end: &str| {
        json!({
            "year": y,
            "holidays": [{ "name": "元旦", "start": start, "end": end }],
            "make_up_workdays": []
        })
    };
    admin
        .put(
            "/api/v1/calendar/2040",
            &year(2040, "2040-01-01", "2040-01-01"),
        )
        .await
        .expect(StatusCode::NO_CONTENT);
    assert_eq!(app.app.reference().calendar_problems.len(), 1);
    admin
        .put(
            "/api/v1/calendar/2031",
            &year(2031, "2031-01-01", "2031-01-01"),
        )
        .await
        .expect(StatusCode::NO_CONTENT);
    assert_eq!(app.app.reference().calendar_problems, Vec::<String>::new());
}

/// Another server saves the policy in the moment between this one reading it and saving its
/// change: the save over a policy no longer stored is refused, and the change is made again on
/// theirs. Neither is lost (the later save used to replace the whole policy).
#[tokio::test]
async fn a_policy_change_racing_another_server_keeps_both() {
    let app = TestApp::spawn().await;
    let url = format!("sqlite://{}", app.dir.path().join("hotline.db").display());
    let mut calls = 0;
    app.app
        .change_policy(&hotline_domain::org::Actor::system(), |mut policy| {
            calls += 1;
            if calls == 1 {
                // Another process, on its own thread and runtime, saves its change now.
                let url = url.clone();
                std::thread::spawn(move || other_server_sets_visit_attempts(&url, 7))
                    .join()
                    .expect("the other server's thread");
            }
            policy.reopen_days = 45;
            Ok::<_, hotline_service::ServiceError>(policy)
        })
        .await
        .expect("the change is saved");
    assert_eq!(calls, 2, "made again on the policy the other server saved");
    let stored = (app.other_process_store().await.policy().await)
        .expect("the policy")
        .expect("stored");
    assert_eq!((stored.reopen_days, stored.visit_max_attempts), (45, 7));
    let in_force = &app.app.reference().policy;
    assert_eq!((in_force.reopen_days, in_force.visit_max_attempts), (45, 7));
}

fn other_server_sets_visit_attempts(url: &str, attempts: u32) {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a runtime");
    runtime.block_on(async {
        let store = hotline_store::open(url).await.expect("the store");
        let seen = store.policy().await.expect("the policy");
        let mut policy = seen.clone().unwrap_or_default();
        policy.visit_max_attempts = attempts;
        let saved = store.save_policy(&policy, seen.as_ref()).await;
        assert!(saved.expect("the other server's save"));
    });
}

/// A value stored before it was checked (here by another process) does not block changing the
/// rest; changing it to another bad value is refused.
#[tokio::test]
async fn a_bad_value_already_stored_does_not_block_other_policy_changes() {
    let app = TestApp::spawn().await;
    let admin = app.login("demo-admin").await;
    let other_process = app.other_process_store().await;
    let seen = other_process.policy().await.expect("the policy");
    let mut stored = seen.clone().unwrap_or_default();
    stored.reopen_days = 99_999;
    let saved = other_process.save_policy(&stored, seen.as_ref()).await;
    assert!(saved.expect("saving it as an older server might have"));

    admin
        .put("/api/v1/policy", &json!({ "warn_share": 0.75 }))
        .await
        .expect(StatusCode::NO_CONTENT);
    let saved = admin.get("/api/v1/policy").await.expect(StatusCode::OK);
    assert_eq!(
        (saved["warn_share"].as_f64(), saved["reopen_days"].as_i64()),
        (Some(0.75), Some(99_999)),
        "{saved}"
    );
    let refused = admin
        .put("/api/v1/policy", &json!({ "reopen_days": 5_000 }))
        .await
        .problem(StatusCode::UNPROCESSABLE_ENTITY, "invalid-field");
    assert_eq!(refused["field"], "reopen_days", "{refused}");
    admin
        .put("/api/v1/policy", &json!({ "reopen_days": 30 }))
        .await
        .expect(StatusCode::NO_CONTENT);
}

/// Names and codes an admin types are one line of something that shows: invisible and control
/// characters are taken out, and what is left must say something; a tier's code is a few
/// letters or digits, as the page asks; a calendar body holding a NUL is refused, not stored.
#[tokio::test]
async fn admin_names_and_codes_must_show_something() {
    let app = TestApp::spawn().await;
    let admin = app.login("demo-admin").await;
    let unit = |code: &str, name: &str| json!({"code": code, "name": name, "level": "city_bureau", "parent": null, "area": []});
    for (code, name) in [
        ("\u{200b}", "\u{200b}"),
        ("X1", "\u{1}\u{2}"),
        ("——", "某局"),
    ] {
        admin
            .post("/api/v1/units", &unit(code, name))
            .await
            .expect(StatusCode::UNPROCESSABLE_ENTITY);
    }
    let made = admin
        .post("/api/v1/units", &unit(" X1\u{200b} ", "市\u{1}某局\n"))
        .await
        .expect(StatusCode::CREATED);
    assert_eq!(
        (made["code"].as_str(), made["name"].as_str()),
        (Some("X1"), Some("市 某局"))
    );

    let all = admin.get("/api/v1/categories").await.expect(StatusCode::OK);
    let mut category = all[0].clone();
    for name in ["", "\u{1}\u{200b}", "。。。"] {
        category["name"] = json!(name);
        let p = admin
            .put("/api/v1/categories", &json!([category]))
            .await
            .expect(StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(p["field"], "name", "{p}");
    }

    // A new tier (no category uses it, so only its naming can refuse it).
    let mut policy = admin.get("/api/v1/policy").await.expect(StatusCode::OK);
    let tiers = policy["tiers"].clone();
    let added = |code: &str, name: &str| {
        let mut tiers = tiers.clone();
        let mut tier = tiers[0].clone();
        (tier["code"], tier["name_zh"]) = (json!(code), json!(name));
        tiers.as_array_mut().expect("tiers").push(tier);
        json!({ "tiers": tiers })
    };
    for (code, name, says) in [
        ("é\u{200b}\u{1} x", "新等级", "字母或数字"),
        ("ABCDEFGHIJK", "新等级", "字母或数字"),
        ("N1", "\u{1}\n", "名称"),
    ] {
        let p = admin
            .put("/api/v1/policy", &added(code, name))
            .await
            .expect(StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(p["field"], "tiers", "{p}");
        assert!(p.to_string().contains(says), "{code:?} {name:?}: {p}");
    }
    admin
        .put("/api/v1/policy", &added(" N1\u{200b}", " 新\t等级 "))
        .await
        .expect(StatusCode::NO_CONTENT);
    let saved = admin.get("/api/v1/policy").await.expect(StatusCode::OK);
    let last = saved["tiers"].as_array().and_then(|t| t.last()).cloned();
    assert_eq!(
        last.map(|t| (t["code"].clone(), t["name_zh"].clone())),
        Some((json!("N1"), json!("新 等级")))
    );
    // A tier stored before these rules (here written straight to the database) stays as it is
    // and does not block other changes.
    let mut stored = app
        .app
        .store
        .policy()
        .await
        .expect("the policy")
        .expect("stored");
    let mut legacy = stored.tiers[0].clone();
    (legacy.code, legacy.name_zh) = ("T-1".into(), "旧\t等级".into());
    stored.tiers.push(legacy);
    let seen = app.app.store.policy().await.expect("the policy");
    assert!(app
        .app
        .store
        .save_policy(&stored, seen.as_ref())
        .await
        .expect("saving"));
    admin
        .put("/api/v1/policy", &json!({ "reopen_days": 30 }))
        .await
        .expect(StatusCode::NO_CONTENT);
    policy = admin.get("/api/v1/policy").await.expect(StatusCode::OK);
    assert!(policy.to_string().contains("旧\\t等级"), "{policy}");
    // Sent back whole, as a form would, with the stored tier in it.
    policy["reopen_days"] = json!(31);
    admin
        .put("/api/v1/policy", &policy)
        .await
        .expect(StatusCode::NO_CONTENT);
    // The stored tier's length may still change; its name, renamed, follows the rules.
    let at = (policy["tiers"].as_array())
        .and_then(|t| t.iter().position(|t| t["code"] == json!("T-1")))
        .expect("the stored tier");
    policy["tiers"][at]["length"]["count"] = json!(2);
    admin
        .put("/api/v1/policy", &policy)
        .await
        .expect(StatusCode::NO_CONTENT);
    policy["tiers"][at]["name_zh"] = json!("。。");
    let p = admin
        .put("/api/v1/policy", &policy)
        .await
        .expect(StatusCode::UNPROCESSABLE_ENTITY);
    assert!(p.to_string().contains("名称"), "{p}");

    let year = json!({"year": 2034, "holidays": [{"name": "元\u{0}旦", "start": "2034-01-01", "end": "2034-01-01"}], "make_up_workdays": []});
    let p = admin
        .put("/api/v1/calendar/2034", &year)
        .await
        .expect(StatusCode::UNPROCESSABLE_ENTITY);
    assert!(p.to_string().contains("NUL"), "{p}");
    admin
        .put("/api/v1/calendar/2034", &json!({"year": "2034"}))
        .await
        .expect(StatusCode::UNPROCESSABLE_ENTITY);
    admin
        .put_text(
            "/api/v1/calendar/2034",
            "year 2034\nholiday 元\u{0}旦 2034-01-01\n",
            "text/plain",
        )
        .await
        .expect(StatusCode::UNPROCESSABLE_ENTITY);
    let stored = admin
        .get("/api/v1/calendar/2034")
        .await
        .expect(StatusCode::OK);
    assert_eq!(
        stored["official"], false,
        "a refused year was stored: {stored}"
    );
}

/// A new responsibility list built on the version read is saved only while that version is
/// still the latest (`?after=`): a list another admin saved meanwhile is not overwritten.
#[tokio::test]
async fn a_responsibility_list_built_on_an_older_version_is_refused() {
    let app = TestApp::spawn().await;
    let admin = app.admin().await;
    let list = admin
        .get("/api/v1/responsibility")
        .await
        .expect(StatusCode::OK);
    let read = list["version"].as_i64().expect("a version");
    let rules = list["rules"].clone();
    let saved = admin
        .put(&format!("/api/v1/responsibility?after={read}"), &rules)
        .await
        .expect(StatusCode::OK);
    assert_eq!(saved["version"], json!(read + 1), "{saved}");
    let refused = admin
        .put(&format!("/api/v1/responsibility?after={read}"), &rules)
        .await
        .problem(StatusCode::CONFLICT, "conflict");
    assert!(
        refused.to_string().contains(&format!("第 {} 版", read + 1)),
        "{refused}"
    );
    // Without `after`, the list replaces whatever is there, as before.
    let replaced = admin
        .put("/api/v1/responsibility", &rules)
        .await
        .expect(StatusCode::OK);
    assert_eq!(replaced["version"], json!(read + 2));
}
