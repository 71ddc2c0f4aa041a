//! Routing: models stored with their parts, one active at a time, rollback by activating an
//! older version, and the intake record written in the ticket's create transaction.
use hotline_domain::org::UnitId;
use hotline_domain::ticket::TicketKind;

use super::{at, intake, Story};
use crate::{IntakeRecord, NewRouteModel, StoreError};

fn model(n: u8) -> NewRouteModel {
    NewRouteModel {
        created_at: at(2025, 4, 1, 2, 0, n.into()),
        created_by: "管理员".into(),
        source: "db".into(),
        note: format!("第{n}版"),
        labels: 7,
        examples: 1000 + u32::from(n),
        metrics: serde_json::json!({ "macro_f1": 0.9, "n": n }),
        history: serde_json::json!({ "cells": [[format!("0101/{n}"), 3]] }),
        // Bytes of every value, including zero and 0xff, survive the round trip.
        model: (0..=255u8).chain([n; 3]).collect(),
    }
}

pub(super) async fn routing(story: &Story, unit: UnitId) {
    let store = &story.store;
    assert!(ok!(store.route_models()).is_empty());
    assert!(ok!(store.active_route_model()).is_none());

    let first = ok!(store.insert_route_model(model(1), false));
    assert!(!first.active, "stored without activating");
    assert_eq!(first.model_bytes, 259);
    assert!(ok!(store.active_route_model()).is_none());
    let second = ok!(store.insert_route_model(model(2), true));
    assert!(second.active && second.version > first.version);
    assert_eq!(second.activated_at, Some(model(2).created_at));
    let active = ok!(store.active_route_model()).expect("an active model");
    assert_eq!(active.info, second);
    assert_eq!(active.model, model(2).model);
    assert_eq!(active.history, model(2).history);
    assert_eq!(active.info.metrics, model(2).metrics);
    assert_eq!(active.info.examples, 1002);

    // Rollback: the older version becomes the only active one.
    let back = ok!(store.activate_route_model(first.version, at(2025, 4, 2, 0, 0, 0)));
    assert!(back.active);
    let list = ok!(store.route_models());
    assert_eq!(
        list.iter()
            .map(|m| (m.version, m.active))
            .collect::<Vec<_>>(),
        vec![(second.version, false), (first.version, true)],
        "newest first, one active"
    );
    let missing = store
        .activate_route_model(second.version + 1000, at(2025, 4, 3, 0, 0, 0))
        .await;
    assert!(
        matches!(missing, Err(StoreError::NotFound(_))),
        "{missing:?}"
    );
    assert_eq!(
        ok!(store.active_route_model()).map(|m| m.info.version),
        Some(first.version),
        "a failed activation changes nothing"
    );
    assert!(ok!(store.route_model(second.version + 1000)).is_none());
    assert_eq!(
        ok!(store.route_model(second.version)).map(|m| m.model),
        Some(model(2).model)
    );

    // The intake record travels with the create.
    let record = IntakeRecord {
        analyzed_at: at(2025, 4, 2, 1, 0, 0),
        model_version: Some(first.version),
        category: Some("0101".into()),
        unit: Some(unit),
        body: serde_json::json!({ "categories": [{ "code": "0101", "confidence": 0.8 }] }),
    };
    let mut create = story.new_ticket(
        intake(
            TicketKind::Complaint,
            "13900000077",
            "0101",
            "D01",
            "路灯不亮",
        ),
        at(2025, 4, 2, 1, 0, 1),
        None,
    );
    create.intake = Some(record.clone());
    let with = ok!(store.create_ticket(create)).ticket().clone();
    let without = story
        .create(
            intake(
                TicketKind::Complaint,
                "13900000078",
                "0101",
                "D01",
                "路灯不亮",
            ),
            at(2025, 4, 2, 1, 0, 2),
            None,
        )
        .await
        .ticket()
        .clone();
    let found = ok!(store.intake_records(&[without.id, with.id]));
    assert_eq!(found, vec![(with.id, record)]);
    assert!(ok!(store.intake_records(&[])).is_empty());
}
