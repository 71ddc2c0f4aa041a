//! Training a routing model from the centre's own history: closed tickets, labelled with their
//! final category (at the level asked for, or the parent where a class has too few examples),
//! and counted into the `UnitHistory` by the unit that finally handled them. A dispatcher's
//! correction (the suggestion stored at intake named another category or unit, or a unit's
//! return was approved and the ticket dispatched again) is a training example counted twice.
use std::collections::{HashMap, HashSet, VecDeque};
use std::sync::Arc;
use std::time::Instant;

use chrono::Duration;
use serde::{Deserialize, Serialize};

use hotline_domain::org::Actor;
use hotline_domain::ticket::{Ticket, TicketId, TicketState};
use hotline_store::{IntakeRecord, NewRouteModel, RouteModel, RouteModelInfo, TicketFilter};
use hotline_text::route::{self, Evaluation, Router, TrainOptions};

use hotline_domain::org::UnitId;

use super::history::HistoryBuilder;
use super::suggest;
use super::UnitHistory;
use super::{decode, ActiveModel};
use crate::admin::require_admin;
use crate::Reference;
use crate::{App, ServiceError, ServiceResult};

const SCAN_PAGE: u32 = 2000;

/// How far back `TrainFromDb::days` may reach: about a century.
pub const MAX_DAYS_BACK: u32 = 36_600;

/// What to train on and how.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct TrainFromDb {
    /// Category level of the labels: 1 (大类), 2 or 3.
    pub level: u8,
    /// A class with fewer examples is merged into its parent.
    pub min_examples: usize,
    /// Closed tickets created this many days back are used (at most `MAX_DAYS_BACK`)…
    pub days: u32,
    /// …at most this many, the most recent.
    pub max_tickets: usize,
    /// Share of the examples held out to measure the model before it is trained on all.
    pub holdout: f64,
    pub seed: u64,
    /// Make the new model the active one, unless its held-out figures are clearly worse than
    /// the active model's (see `force`).
    pub activate: bool,
    /// Activate even when the held-out figures are worse than the active model's.
    pub force: bool,
    pub note: String,
}

/// Longest note a model carries, in characters.
pub const MAX_NOTE_CHARS: usize = 500;

/// A model's note: a line or two on why it was trained, not a document.
pub(crate) fn check_note(note: &str) -> ServiceResult<()> {
    if note.chars().count() > MAX_NOTE_CHARS {
        return Err(ServiceError::invalid(
            "note",
            format!("说明最长 {MAX_NOTE_CHARS} 字 / at most {MAX_NOTE_CHARS} characters"),
        ));
    }
    Ok(())
}

impl Default for TrainFromDb {
    fn default() -> Self {
        TrainFromDb {
            level: 2,
            min_examples: 20,
            days: 365,
            max_tickets: 20_000,
            holdout: 0.1,
            seed: 12345,
            activate: true,
            force: false,
            note: String::new(),
        }
    }
}

/// Held-out figures of a trained model.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Holdout {
    pub examples: usize,
    pub macro_f1: f64,
    pub accuracy: f64,
    /// How often the first suggested unit is the unit that finally handled the ticket (the
    /// history used is learned from the training share only)…
    pub unit_top1: f64,
    /// …and how often that unit is among the three suggested.
    pub unit_top3: f64,
}

/// What training did.
#[derive(Debug, Clone, Serialize)]
pub struct TrainReport {
    pub model: RouteModelInfo,
    pub tickets: usize,
    pub corrections: usize,
    pub classes: usize,
    pub history_cells: usize,
    pub holdout: Option<Holdout>,
    /// The active model measured on the same held-out tickets, when it has no held-out figures
    /// of its own to be compared by (a model imported from a file).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub active_holdout: Option<Holdout>,
    pub train_seconds: f64,
    /// Why the model was asked to be activated and was not (its held-out figures are clearly
    /// worse than the active model's); it is stored and can be activated by hand.
    pub not_activated: Option<String>,
}

/// Below the active model's held-out figure by more than this, a new model is worse: two
/// standard errors of the new figure (the two models were held out on different tickets),
/// and at least two points.
fn noise(p: f64, n: usize) -> f64 {
    (2.0 * (p * (1.0 - p) / n.max(1) as f64).sqrt()).max(0.02)
}

/// Why a new model (held out at `level`, or not held out) should not replace the active one:
/// no held-out figures to compare it by, or clearly worse on the unit or, at the same level,
/// on the category (a first-level model's accuracy is not comparable with a second-level
/// one's; the unit it leads to is). An active model without held-out figures of its own (an
/// imported file) is compared by `measured`, its figures on this training's held-out tickets,
/// and not at all without them.
fn worse_than_active(
    new: Option<&Holdout>,
    level: u8,
    active: &RouteModelInfo,
    measured: Option<&Holdout>,
) -> Option<String> {
    let old: Holdout = serde_json::from_value(active.metrics["holdout"].clone())
        .ok()
        .or_else(|| measured.cloned())?;
    let Some(new) = new else {
        return Some(format!(
            "新模型没有留出评估,无法与正在使用的第 {v} 版比较,未启用;确认要用时可手动启用或带 force 重新训练 / not activated: no held-out figures to compare with active v{v}; activate it by hand or train with force",
            v = active.version
        ));
    };
    let same_level = active.metrics["level"].as_u64() == Some(u64::from(level));
    let (zh, en) = shortfalls(new, &old, same_level)?;
    Some(format!(
        "新模型的留出评估明显不如正在使用的第 {v} 版({zh}),未启用;确认要用时可手动启用或带 force 重新训练 / not activated: held out, {en} of active v{v}; activate it by hand or train with force",
        v = active.version
    ))
}

/// Where `new` is clearly below `old` (`noise`), in Chinese and in English, each a list: the
/// unit's top-1, and the category's accuracy when the two models classify at the same level.
/// Nothing when it is not.
pub(super) fn shortfalls(
    new: &Holdout,
    old: &Holdout,
    same_level: bool,
) -> Option<(String, String)> {
    let mut worse = Vec::new();
    for (zh, en, n, o, comparable) in [
        (
            "分类准确率",
            "accuracy",
            new.accuracy,
            old.accuracy,
            same_level,
        ),
        (
            "承办单位首选命中率",
            "unit top-1",
            new.unit_top1,
            old.unit_top1,
            true,
        ),
    ] {
        if comparable && n < o - noise(n, new.examples) {
            worse.push((
                format!("{zh} {n:.3} 低于 {o:.3}"),
                format!("{en} {n:.3} is below the {o:.3}"),
            ));
        }
    }
    if worse.is_empty() {
        return None;
    }
    let (zh, en): (Vec<String>, Vec<String>) = worse.into_iter().unzip();
    Some((zh.join(","), en.join(", ")))
}

/// The text a ticket is classified by: subject and the operator's record (or the event and
/// demand when there is no record). The same at intake, at create and in training.
pub fn route_text(subject: &str, record: &str, event: &str, demand: &str) -> String {
    if record.trim().is_empty() {
        format!("{subject}\n{event}\n{demand}")
    } else {
        format!("{subject}\n{record}")
    }
}

fn ticket_route_text(t: &Ticket) -> String {
    route_text(&t.subject, &t.record, &t.elements.event, &t.elements.demand)
}

/// Labels at `level`, with classes of fewer than `min` examples merged into their parent (and
/// dropped when even the first level is too small).
fn labels_at(categories: &[&str], level: u8, min: usize) -> Vec<Option<String>> {
    let mut labels: Vec<Option<String>> = categories
        .iter()
        .map(|c| {
            let depth = (usize::from(level) * 2).min(c.len());
            c.get(..depth).map(str::to_string)
        })
        .collect();
    loop {
        let mut counts: HashMap<&str, usize> = HashMap::new();
        for l in labels.iter().flatten() {
            *counts.entry(l.as_str()).or_default() += 1;
        }
        let small: HashSet<String> = counts
            .into_iter()
            .filter(|&(_, n)| n < min)
            .map(|(l, _)| l.to_string())
            .collect();
        // The deepest small classes go up one level first, so siblings meet in their parent
        // before the parent itself is judged.
        let Some(deepest) = small.iter().map(String::len).max() else {
            return labels;
        };
        for l in labels.iter_mut() {
            if l.as_ref()
                .is_some_and(|x| x.len() == deepest && small.contains(x))
            {
                *l = l
                    .as_ref()
                    .and_then(|x| (x.len() > 2).then(|| x[..x.len() - 2].to_string()));
            }
        }
    }
}

/// A deterministic split: whether example `id` is held out.
fn held_out(id: TicketId, seed: u64, share: f64) -> bool {
    let mut x = (id.0 as u64) ^ seed.wrapping_mul(0x9E37_79B9_7F4A_7C15);
    x ^= x >> 33;
    x = x.wrapping_mul(0xff51_afd7_ed55_8ccd);
    x ^= x >> 33;
    ((x % 10_000) as f64) < share * 10_000.0
}

impl App {
    /// Closed tickets to learn from, the most recent `max` created in the last `days` days. The
    /// window widens from a month until it holds `max` tickets, so a big city's year of history
    /// is not read to keep its last weeks.
    pub(super) async fn closed_tickets(&self, days: u32, max: usize) -> ServiceResult<Vec<Ticket>> {
        let mut window = days.min(30);
        loop {
            let found = self.closed_tickets_in(window, max).await?;
            if found.len() >= max || window >= days {
                return Ok(found);
            }
            window = (window * 3).min(days);
        }
    }

    async fn closed_tickets_in(&self, days: u32, max: usize) -> ServiceResult<Vec<Ticket>> {
        let since = self.now() - Duration::days(i64::from(days));
        let filter = TicketFilter {
            states: vec![TicketState::Closed, TicketState::Archived],
            created_from: Some(since),
            ..TicketFilter::default()
        };
        let mut out: VecDeque<Ticket> = VecDeque::new();
        let Some(mut after) = self.scan_start(since).await? else {
            return Ok(Vec::new());
        };
        loop {
            let page = self.store.scan(&filter, after, SCAN_PAGE).await?;
            let Some(last) = page.last() else { break };
            after = last.id;
            let full = page.len() < SCAN_PAGE as usize;
            for t in page {
                // A merged ticket counts as its master (a burst of repeat calls is one matter).
                if t.category.is_some() && t.main_unit().is_some() && t.merged_into.is_none() {
                    out.push_back(t);
                    if out.len() > max {
                        out.pop_front();
                    }
                }
            }
            if full {
                break;
            }
        }
        Ok(out.into())
    }

    /// Train a model on the centre's closed tickets and store it as a new version (active if
    /// asked). Training runs on a blocking thread, one training at a time.
    pub async fn train_route_model(
        &self,
        actor: &Actor,
        opts: TrainFromDb,
    ) -> ServiceResult<TrainReport> {
        require_admin(actor)?;
        if !(1..=3).contains(&opts.level) {
            return Err(ServiceError::invalid("level", "应为 1、2 或 3 / 1, 2 or 3"));
        }
        if !(0.0..=0.5).contains(&opts.holdout) {
            return Err(ServiceError::invalid("holdout", "应为 0–0.5 / 0 to 0.5"));
        }
        check_note(&opts.note)?;
        if opts.days == 0 {
            return Err(ServiceError::invalid(
                "days",
                "天数须大于 0 / days must be positive",
            ));
        }
        if opts.max_tickets == 0 {
            return Err(ServiceError::invalid(
                "max_tickets",
                "工单数须大于 0 / max_tickets must be positive",
            ));
        }
        if opts.days > MAX_DAYS_BACK {
            return Err(ServiceError::invalid(
                "days",
                format!("最多回溯 {MAX_DAYS_BACK} 天 / at most {MAX_DAYS_BACK} days back"),
            ));
        }
        // Held until the model is stored, and by the training thread while it trains (a
        // request that goes away does not free it early): a second request is told to wait
        // rather than training the same history again beside it.
        let training = self.training.clone().try_lock_owned().map_err(|_| {
            ServiceError::Conflict(
                "已有一个分派模型正在训练,请待其完成后再试 / a routing model is being trained: \
                 try again when it is done"
                    .into(),
            )
        })?;
        let tickets = self.closed_tickets(opts.days, opts.max_tickets).await?;
        let ids: Vec<TicketId> = tickets.iter().map(|t| t.id).collect();
        let mut suggested: HashMap<TicketId, IntakeRecord> = HashMap::new();
        for chunk in ids.chunks(5000) {
            suggested.extend(self.store.intake_records(chunk).await?);
        }
        // The model in force is the store's active one: this process's copy may lag an
        // activation by another process for a while (`catch_up_route_model`).
        let active = if opts.activate && !opts.force {
            self.store.active_route_model().await?
        } else {
            None
        };
        let started = Instant::now();
        let now = self.now();
        let reference = self.reference();
        let creator = actor.name.clone();
        let job = move || -> ServiceResult<(NewRouteModel, TrainReport, Option<RouteModel>)> {
            let categories: Vec<&str> = tickets
                .iter()
                .map(|t| t.category.as_deref().unwrap_or_default())
                .collect();
            let labels = labels_at(&categories, opts.level, opts.min_examples.max(1));
            let mut history = HistoryBuilder::default();
            let mut train_history = HistoryBuilder::default();
            let mut examples: Vec<Example> = Vec::new();
            let mut corrections = 0;
            for (t, label) in tickets.iter().zip(labels) {
                history.add(t);
                if !(opts.holdout > 0.0 && held_out(t.id, opts.seed, opts.holdout)) {
                    train_history.add(t);
                }
                let Some(label) = label else { continue };
                let corrected = (t.dispatch_count > 0 && !t.first_dispatch_stood())
                    || suggested.get(&t.id).is_some_and(|s| is_correction(t, s));
                corrections += usize::from(corrected);
                examples.push(example(&reference, t, label, corrected));
            }
            let classes: HashSet<&str> = examples.iter().map(|e| e.label.as_str()).collect();
            if classes.len() < 2 {
                // Say what was read and what the threshold left, so a too-high `min_examples`
                // can be told from a lack of history.
                return Err(ServiceError::invalid(
                    "history",
                    format!(
                        "可用于训练的已办结工单不足:读到 {} 件已办结工单,每类至少 {} 件的分类有 {} 个、共 {} 件,\
                         至少需要两个分类(可调低每类最少件数或延长回溯天数) / not enough closed \
                         tickets to train on: {} read, {} classes with at least {} examples",
                        tickets.len(),
                        opts.min_examples.max(1),
                        classes.len(),
                        examples.len(),
                        tickets.len(),
                        classes.len(),
                        opts.min_examples.max(1),
                    ),
                ));
            }
            let classes = classes.len();
            // A centre's history has many classes and overlapping texts: fewer passes than on
            // a small labelled file, and a lighter calibration, keep training to seconds on
            // 20,000 tickets (6.4 s for the demo's 10,844 closed tickets and 96 classes).
            let mut train_opts = TrainOptions {
                seed: opts.seed,
                calibration_folds: 2,
                ..TrainOptions::default()
            };
            train_opts.svm.epochs = train_opts.svm.epochs.min(10);
            // The held-out model is only scored on its labels: no calibration.
            let holdout_opts = TrainOptions {
                calibration_folds: 0,
                ..train_opts
            };
            // Training fails only for want of history (too few classes or words left).
            let fail = |e: route::RouteError| ServiceError::invalid("history", e.to_string());
            let (mut holdout, mut active_holdout) = (None, None);
            if opts.holdout > 0.0 {
                let is_test = |e: &Example| held_out(e.id, opts.seed, opts.holdout);
                let train_set = pairs(examples.iter().filter(|e| !is_test(e)));
                let test: Vec<&Example> = examples.iter().filter(|e| is_test(e)).collect();
                let model = route::train(&train_set, &holdout_opts).map_err(fail)?;
                let train_history = train_history.build();
                holdout = evaluate(&reference, &model, &train_history, &test);
                // An active model with no figures of its own (imported from a file) is
                // measured on the same tickets with the same history (its own holds the
                // held-out tickets' units), so the new one is still compared with it. Its
                // classifier may have seen them: the comparison leans towards keeping it.
                let unmeasured = active.as_ref().filter(|a| {
                    serde_json::from_value::<Holdout>(a.info.metrics["holdout"].clone()).is_err()
                });
                if let Some(a) = unmeasured {
                    if let Ok(m) = super::decode(a.info.clone(), &a.history, &a.model) {
                        active_holdout = evaluate(&reference, &m.router, &train_history, &test);
                    }
                }
            }
            let router = route::train(&pairs(examples.iter()), &train_opts).map_err(fail)?;
            let history = history.build();
            let train_seconds = started.elapsed().as_secs_f64();
            let metrics = serde_json::json!({
                "level": opts.level,
                "tickets": tickets.len(),
                "corrections": corrections,
                "classes": classes,
                "history_cells": history.len(),
                "holdout": holdout,
                "train_seconds": (train_seconds * 10.0).round() / 10.0,
            });
            let new = NewRouteModel {
                created_at: now,
                created_by: creator,
                source: "db".into(),
                note: opts.note.clone(),
                labels: classes as u32,
                examples: examples.len() as u32,
                metrics,
                history: history.to_json(),
                model: router.to_bytes(),
            };
            let report = TrainReport {
                model: placeholder_info(&new),
                tickets: tickets.len(),
                corrections,
                classes,
                history_cells: history.len(),
                holdout,
                active_holdout,
                train_seconds,
                not_activated: None,
            };
            Ok((new, report, active))
        };
        let (trained, _training) = tokio::task::spawn_blocking(move || (job(), training))
            .await
            .map_err(|e| ServiceError::invalid("training", e.to_string()))?;
        let (new, mut report, active) = trained?;
        let bytes = new.model.clone();
        let history = new.history.clone();
        if let Some(a) = active {
            report.not_activated = worse_than_active(
                report.holdout.as_ref(),
                opts.level,
                &a.info,
                report.active_holdout.as_ref(),
            );
        }
        let activate = opts.activate && report.not_activated.is_none();
        let info = self.store.insert_route_model(new, activate).await?;
        if activate {
            let model: ActiveModel = decode(info.clone(), &history, &bytes)?;
            self.routing.set(Some(Arc::new(model)));
        }
        report.model = info;
        Ok(report)
    }
}

/// One training example.
pub(super) struct Example {
    id: TicketId,
    text: String,
    label: String,
    corrected: bool,
    /// The ticket's place, most specific first.
    chain: Vec<String>,
    /// The unit that finally handled it.
    unit: Option<UnitId>,
}

/// A closed ticket as an example of `label`: its text as a model reads it, its place and the
/// unit that finally handled it.
pub(super) fn example(
    reference: &Reference,
    t: &Ticket,
    label: String,
    corrected: bool,
) -> Example {
    Example {
        id: t.id,
        text: super::model_text(&reference.matter(&ticket_route_text(t))).into_owned(),
        label,
        corrected,
        chain: t.elements.place.owned_chain(),
        unit: t.main_unit(),
    }
}

/// Whether the suggestion stored at intake was overruled: another category, or another unit
/// for the first dispatch than the one that finally handled the ticket.
fn is_correction(t: &Ticket, s: &IntakeRecord) -> bool {
    let final_category = t.category.as_deref().unwrap_or_default();
    s.category
        .as_deref()
        .is_some_and(|c| !final_category.starts_with(c))
        || s.unit.is_some_and(|u| Some(u) != t.main_unit())
}

/// (text, label) pairs to train on; a correction counts twice.
fn pairs<'a>(examples: impl Iterator<Item = &'a Example>) -> Vec<(&'a str, &'a str)> {
    examples
        .flat_map(|e| {
            let n = if e.corrected { 2 } else { 1 };
            std::iter::repeat_n((e.text.as_str(), e.label.as_str()), n)
        })
        .collect()
}

/// Macro-F1 and accuracy of `model` on held-out examples (a class the model never saw counts
/// as a miss).
pub(super) fn evaluate(
    r: &Reference,
    model: &Router,
    history: &UnitHistory,
    test: &[&Example],
) -> Option<Holdout> {
    if test.is_empty() {
        return None;
    }
    // A held-out ticket of a class the model never saw counts as a class of its own, missed
    // (left out, macro-F1 would read 1.0 where accuracy is a third).
    let mut names: Vec<String> = model.labels().to_vec();
    for e in test {
        if !names.contains(&e.label) {
            names.push(e.label.clone());
        }
    }
    let index: HashMap<&str, usize> = names
        .iter()
        .enumerate()
        .map(|(i, l)| (l.as_str(), i))
        .collect();
    let mut gold = Vec::with_capacity(test.len());
    let mut predicted = Vec::with_capacity(test.len());
    let (mut top1, mut top3) = (0usize, 0usize);
    for e in test {
        gold.push(index.get(e.label.as_str()).copied().unwrap_or(usize::MAX));
        let c = model.classify(&e.text);
        predicted.push(index.get(c.label).copied().unwrap_or(usize::MAX));
        let chain: Vec<&str> = e.chain.iter().map(String::as_str).collect();
        let (categories, _) = suggest::rank(r, &c);
        let units = suggest::units(r, Some(history), &suggest::weighted(&categories), &chain);
        let rank = units.iter().position(|u| Some(u.unit) == e.unit);
        top1 += usize::from(rank == Some(0));
        top3 += usize::from(rank.is_some());
    }
    let share = |n: usize| (n as f64 / test.len() as f64 * 10_000.0).round() / 10_000.0;
    let eval = Evaluation::new(&names, &gold, &predicted);
    let correct = gold.iter().zip(&predicted).filter(|(g, p)| g == p).count();
    Some(Holdout {
        examples: test.len(),
        macro_f1: (eval.macro_f1 * 10_000.0).round() / 10_000.0,
        accuracy: share(correct),
        unit_top1: share(top1),
        unit_top3: share(top3),
    })
}

/// The report's model before the store has numbered it.
fn placeholder_info(new: &NewRouteModel) -> RouteModelInfo {
    RouteModelInfo {
        version: 0,
        created_at: new.created_at,
        created_by: new.created_by.clone(),
        source: new.source.clone(),
        note: new.note.clone(),
        labels: new.labels,
        examples: new.examples,
        metrics: new.metrics.clone(),
        model_bytes: new.model.len() as u64,
        active: false,
        activated_at: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn small_classes_merge_into_their_parent() {
        let cats = [
            "010101", "010101", "010102", "0102", "020101", "020101", "030101",
        ];
        let labels = labels_at(&cats, 3, 2);
        assert_eq!(
            labels,
            vec![
                Some("010101".into()),
                Some("010101".into()),
                // 010102 alone → 0101 alone → 01, which 0102's parent joins.
                Some("01".into()),
                Some("01".into()),
                Some("020101".into()),
                Some("020101".into()),
                None,
            ]
        );
        let level1 = labels_at(&cats, 1, 1);
        assert_eq!(level1[0].as_deref(), Some("01"));
        assert_eq!(level1[6].as_deref(), Some("03"));
    }

    #[test]
    fn a_model_clearly_worse_than_the_active_one_is_not_activated() {
        let holdout = |accuracy: f64, unit_top1: f64, examples: usize| Holdout {
            examples,
            macro_f1: accuracy,
            accuracy,
            unit_top1,
            unit_top3: unit_top1,
        };
        let active = RouteModelInfo {
            version: 4,
            created_at: chrono::Utc::now(),
            created_by: "admin".into(),
            source: "db".into(),
            note: String::new(),
            labels: 12,
            examples: 5000,
            metrics: serde_json::json!({ "level": 2, "holdout": holdout(0.80, 0.70, 500) }),
            model_bytes: 1,
            active: true,
            activated_at: None,
        };
        let why =
            worse_than_active(Some(&holdout(0.70, 0.70, 500)), 2, &active, None).expect("worse");
        assert!(
            why.contains("第 4 版") && why.contains("分类准确率 0.700 低于 0.800"),
            "{why}"
        );
        assert!(
            !why.contains("承办单位"),
            "the unit figure is as good: {why}"
        );
        let why =
            worse_than_active(Some(&holdout(0.80, 0.60, 500)), 2, &active, None).expect("worse");
        assert!(
            why.contains("unit top-1 0.600 is below the 0.700 of active v4"),
            "{why}"
        );
        // Within the noise of 500 held-out tickets (two standard errors, about 0.036).
        assert_eq!(
            worse_than_active(Some(&holdout(0.77, 0.68, 500)), 2, &active, None),
            None
        );
        // The same drop on 50 tickets is noise; on 5,000 it is not.
        assert_eq!(
            worse_than_active(Some(&holdout(0.72, 0.70, 50)), 2, &active, None),
            None
        );
        assert!(worse_than_active(Some(&holdout(0.77, 0.70, 5000)), 2, &active, None).is_some());
        // Another level: the unit is compared, the category accuracy is not.
        let why =
            worse_than_active(Some(&holdout(0.5, 0.5, 500)), 1, &active, None).expect("worse");
        assert!(
            why.contains("unit top-1") && !why.contains("accuracy"),
            "{why}"
        );
        assert_eq!(
            worse_than_active(Some(&holdout(0.5, 0.7, 500)), 1, &active, None),
            None
        );
        // No held-out figures: nothing to compare by, so not activated without force.
        let why = worse_than_active(None, 2, &active, None).expect("not compared");
        assert!(why.contains("no held-out figures"), "{why}");
        // An active model without held-out figures of its own (imported) is compared by its
        // figures on the same held-out tickets, and not at all without them.
        let unmeasured = RouteModelInfo {
            metrics: serde_json::json!({ "holdout": null }),
            ..active
        };
        let measured = holdout(0.80, 0.90, 500);
        let why = worse_than_active(
            Some(&holdout(0.5, 0.5, 500)),
            2,
            &unmeasured,
            Some(&measured),
        )
        .expect("worse than the imported model measured");
        assert!(
            why.contains("unit top-1 0.500 is below the 0.900") && !why.contains("accuracy"),
            "{why}"
        );
        assert_eq!(
            worse_than_active(Some(&holdout(0.5, 0.5, 500)), 2, &unmeasured, None),
            None
        );
    }

    #[test]
    fn the_holdout_split_is_deterministic_and_about_the_share() {
        let held = (1..=10_000)
            .filter(|&i| held_out(TicketId(i), 7, 0.1))
            .count();
        assert!((800..1200).contains(&held), "{held}");
        assert_eq!(
            held_out(TicketId(42), 7, 0.1),
            held_out(TicketId(42), 7, 0.1)
        );
        assert_eq!(
            (1..100).filter(|&i| held_out(TicketId(i), 7, 0.0)).count(),
            0
        );
    }
}
