//! A model trained elsewhere (`hotline route train` on a CSV file, or exported from another
//! centre) stored as a new version. A file brings only the classifier: the unit history it is
//! read with is this centre's own, built from the closed tickets a training would read, so an
//! exported model imported back suggests units as it did. One to replace the active model is
//! first measured beside it on the most recent closed tickets (both read with the history of
//! the tickets before those), and not activated when clearly worse, unless forced.
use std::sync::Arc;

use serde::Serialize;

use hotline_domain::org::Actor;
use hotline_store::{NewRouteModel, RouteModel, RouteModelInfo};
use hotline_text::route::Router;

use super::history::HistoryBuilder;
use super::train::{evaluate, example, shortfalls, Example, TrainFromDb};
use super::{decode, ActiveModel};
use crate::admin::require_admin;
use crate::{App, ServiceError, ServiceResult};

/// The most recent closed tickets an imported model is measured on beside the active one.
const CHECK_TICKETS: usize = 2_000;

/// What an import did.
#[derive(Debug, Clone, Serialize)]
pub struct ImportReport {
    pub model: RouteModelInfo,
    /// Closed tickets the unit history was built from.
    pub history_tickets: usize,
    /// Why the model was asked to be activated and was not: on the most recent closed tickets
    /// it is clearly worse than the active model. It is stored and can be activated by hand.
    pub not_activated: Option<String>,
}

impl App {
    /// Store a model file as a new version, with this centre's unit history; with `activate`
    /// it is used at once, unless it is clearly worse than the active model on the most
    /// recent closed tickets and `force` is not given.
    pub async fn import_route_model(
        &self,
        actor: &Actor,
        bytes: Vec<u8>,
        source: String,
        note: String,
        activate: bool,
        force: bool,
    ) -> ServiceResult<ImportReport> {
        require_admin(actor)?;
        super::train::check_note(&note)?;
        let router = Router::from_bytes(&bytes).map_err(|e| {
            ServiceError::invalid(
                "model",
                format!("不是有效的分派模型 / not a model file: {e}"),
            )
        })?;
        if activate {
            self.check_labels_name_categories(&router)?;
        }
        let defaults = TrainFromDb::default();
        let tickets = self
            .closed_tickets(defaults.days, defaults.max_tickets)
            .await?;
        let active = if activate && !force {
            self.store.active_route_model().await?
        } else {
            None
        };
        let reference = self.reference();
        let history_tickets = tickets.len();
        let job = move || {
            let mut history = HistoryBuilder::default();
            // The tickets both models are measured on, and the history of the others that
            // both are read with: a ticket's own unit is not its evidence.
            let checked = if active.is_some() { CHECK_TICKETS } else { 0 };
            let (older, recent) = tickets.split_at(tickets.len().saturating_sub(checked));
            let mut before = HistoryBuilder::default();
            for t in older {
                history.add(t);
                before.add(t);
            }
            for t in recent {
                history.add(t);
            }
            let worse = active.and_then(|a| {
                let recent: Vec<Example> = (recent.iter())
                    .map(|t| example(&reference, t, t.category.clone().unwrap_or_default(), false))
                    .collect();
                worse_than_active(&reference, &router, &before.build(), &a, &recent)
            });
            (router, history.build(), worse)
        };
        let (router, history, not_activated) = tokio::task::spawn_blocking(job)
            .await
            .map_err(|e| ServiceError::invalid("model", e.to_string()))?;
        let activate = activate && not_activated.is_none();
        let new = NewRouteModel {
            created_at: self.now(),
            created_by: actor.name.clone(),
            source,
            note,
            labels: router.labels().len() as u32,
            examples: 0,
            metrics: serde_json::json!({
                "history_tickets": history_tickets,
                "history_cells": history.len(),
            }),
            history: history.to_json(),
            model: bytes,
        };
        let info = self.store.insert_route_model(new, activate).await?;
        if activate {
            self.routing.set(Some(Arc::new(ActiveModel {
                info: info.clone(),
                router,
                history,
            })));
        }
        Ok(ImportReport {
            model: info,
            history_tickets,
            not_activated,
        })
    }
}

/// Why the imported model should not replace `active`: on the same recent tickets, read with
/// the same history (of the tickets before them), clearly worse in the unit it leads to first
/// (the category is not compared: a file's classes need not be the level the active model was
/// trained at). The active model's classifier may have learnt from those tickets: the check
/// leans towards keeping it. Nothing when either cannot be measured.
fn worse_than_active(
    reference: &crate::Reference,
    router: &Router,
    history: &super::UnitHistory,
    active: &RouteModel,
    recent: &[Example],
) -> Option<String> {
    let old = decode(active.info.clone(), &active.history, &active.model).ok()?;
    let recent: Vec<&Example> = recent.iter().collect();
    let new = evaluate(reference, router, history, &recent)?;
    let was = evaluate(reference, &old.router, history, &recent)?;
    let (zh, en) = shortfalls(&new, &was, false)?;
    Some(format!(
        "导入的模型在最近 {n} 件已办结工单上明显不如正在使用的第 {v} 版({zh}),已保存但未启用;确认要用时可手动启用或带 --force 重新导入 / not activated: on the {n} most recent closed tickets, {en} of active v{v}; activate it by hand or import with --force",
        n = recent.len(),
        v = active.info.version
    ))
}
