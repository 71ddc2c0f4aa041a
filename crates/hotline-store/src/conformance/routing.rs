//! Routing: models stored with their parts, one active at a time, rollback by activating an
//! older version, and the intake record written in the ticket's create transaction.
use hotline_domain::lifecycle::{Command, TicketEdit};
use hotline_domain::org::UnitId;
use hotline_domain::ticket::TicketKind;

use super::{at, intake, Story};
use crate::{IntakeChange, IntakeRecord, NewRouteModel, StoreError};

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

    // Activations at the same moment: each succeeds, and one model is active after them.
    let mut set = tokio::task::JoinSet::new();
    for i in 0..8 {
        let (store, version) = (store.clone(), [first.version, second.version][i % 2]);
        set.spawn(async move {
            store
                .activate_route_model(version, at(2025, 4, 4, 0, 0, i as u32))
                .await
        });
    }
    for activated in set.join_all().await {
        assert!(activated.is_ok(), "{activated:?}");
    }
    let active: Vec<i64> = (ok!(store.route_models()).iter())
        .filter(|m| m.active)
        .map(|m| m.version)
        .collect();
    assert_eq!(active.len(), 1, "{active:?}");
    let back = ok!(store.activate_route_model(first.version, at(2025, 4, 5, 0, 0, 0)));
    assert!(back.active);
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
    assert_eq!(found, vec![(with.id, record.clone())]);
    assert!(ok!(store.intake_records(&[])).is_empty());

    // A change replaces or removes it in the change's transaction: a draft edited into
    // another call is no longer the call analysed.
    let edit = |subject: &str| Command::Edit {
        edit: Box::new(TicketEdit {
            subject: Some(subject.into()),
            ..Default::default()
        }),
    };
    let other = IntakeRecord {
        category: Some("0102".into()),
        body: serde_json::json!({ "source": "edit" }),
        ..record.clone()
    };
    let mut change = story.change(&with, edit("小区噪声扰民"), at(2025, 4, 2, 1, 1, 0));
    change.intake = IntakeChange::Replace(other.clone());
    // Refused (a stale version), it changes nothing.
    let mut stale = change.clone();
    stale.expected_version += 1;
    let refused = store
        .save_tickets(vec![stale], story.recorded(at(2025, 4, 2, 1, 1, 0)))
        .await;
    assert!(
        matches!(refused, Err(StoreError::Conflict { .. })),
        "{refused:?}"
    );
    assert_eq!(
        ok!(store.intake_records(&[with.id])),
        vec![(with.id, record.clone())]
    );
    ok!(store.save_tickets(vec![change], story.recorded(at(2025, 4, 2, 1, 1, 0))));
    // Stored where there was none.
    let mut change = story.change(&without, edit("路灯整夜不亮"), at(2025, 4, 2, 1, 1, 1));
    change.intake = IntakeChange::Replace(record.clone());
    ok!(store.save_tickets(vec![change], story.recorded(at(2025, 4, 2, 1, 1, 1))));
    assert_eq!(
        ok!(store.intake_records(&[without.id, with.id])),
        vec![(with.id, other), (without.id, record)]
    );
    // Removed, and a change that keeps it leaves it.
    let with = story.ticket(with.id).await;
    let mut change = story.change(&with, edit("小区广场舞噪声"), at(2025, 4, 2, 1, 1, 2));
    change.intake = IntakeChange::Remove;
    ok!(store.save_tickets(vec![change], story.recorded(at(2025, 4, 2, 1, 1, 2))));
    let without = story.ticket(without.id).await;
    story
        .act(&without, edit("路灯不亮已一周"), at(2025, 4, 2, 1, 1, 3))
        .await;
    assert_eq!(
        ok!(store.intake_records(&[without.id, with.id]))
            .into_iter()
            .map(|(id, _)| id)
            .collect::<Vec<_>>(),
        vec![without.id]
    );
}
