//! `hotline bench route`: the routing classifier on real messages (TipDM 2020 C `train.csv`,
//! read from the shared data folder, never copied into the repository). Prints progress to
//! stderr and one JSON line to stdout:
//! - stratified k-fold cross-validation on the `tokens` column (pre-segmented): macro-F1 per
//!   fold, their mean, accuracy over all held-out predictions, and the expected calibration
//!   error of their confidences (ten bins);
//! - a raw-text check, the closest stand-in for sealed raw messages: train on the rows without
//!   `raw_text`, evaluate on the rows that have it, using the raw text, and the same rows
//!   through their `tokens` (so a gap between the two is the tokeniser's, and a gap to the
//!   cross-validation is the rows');
//! - training time on all messages (default options: calibration folds included);
//! - µs per ticket, single-threaded, tokenisation included: the median (and the best) over
//!   repeated passes of the mean time per text, on the raw texts and on the token texts;
//! - whether training twice with the same seed gives the same model bytes.
//!
//! Models train as `hotline route train` does by default, on the labelled messages alone. With
//! `--self-train`, every model is self-trained with the unlabelled messages beside `train.csv`
//! (`unlabelled_messages.csv`, subject and body), as `hotline route train --unlabelled` does;
//! the JSON line says how many it read.
use std::path::Path;
use std::time::Instant;

use anyhow::bail;
use serde_json::json;

use hotline_text::route::{self, stratified_folds, Evaluation, Router, Scratch, TrainOptions};

/// One message of `train.csv`.
struct Row {
    label: String,
    tokens: String,
    raw: String,
}

/// Passes over the texts for the timing; the median is reported.
const TIMING_PASSES: usize = 11;

/// The unlabelled messages of the TipDM data, beside `train.csv`, and their text columns.
const UNLABELLED_FILE: &str = "unlabelled_messages.csv";
const UNLABELLED_COLUMNS: [&str; 2] = ["留言主题", "留言详情"];

pub fn run(data: &Path, folds: usize, seed: u64, self_train: bool) -> anyhow::Result<()> {
    if folds < 2 {
        bail!("--folds must be at least 2");
    }
    let unlabelled_texts = if self_train {
        let path = data.with_file_name(UNLABELLED_FILE);
        if !path.exists() {
            bail!("--self-train reads {}, which is not there", path.display());
        }
        let columns = UNLABELLED_COLUMNS.map(str::to_owned);
        let texts = crate::route::read_texts(&path, &columns)?;
        eprintln!(
            "self-training with {} unlabelled messages from {}",
            texts.len(),
            path.display()
        );
        texts
    } else {
        Vec::new()
    };
    let unlabelled: Vec<&str> = unlabelled_texts.iter().map(String::as_str).collect();
    let fit = |examples: &[(&str, &str)], options: &TrainOptions| {
        route::train_with_unlabelled(examples, &unlabelled, options)
    };
    let rows: Vec<Row> = crate::route::read_columns(data, &["label", "tokens", "raw_text"], None)?
        .into_iter()
        .map(|mut r| Row {
            raw: std::mem::take(&mut r[2]),
            tokens: std::mem::take(&mut r[1]),
            // Trimmed, as training trims them: " 城乡建设" and "城乡建设" are one class.
            label: r[0].trim().to_owned(),
        })
        .collect();
    if let Some(line) = rows.iter().position(|r| r.label.is_empty()) {
        bail!(
            "{}: data row {} has no label; every message of the benchmark needs one",
            data.display(),
            line + 1
        );
    }
    if folds > rows.len() {
        bail!(
            "--folds {folds} is more than the {} messages of {}: a fold would hold none",
            rows.len(),
            data.display()
        );
    }
    let mut labels: Vec<String> = Vec::new();
    let y: Vec<u16> = rows
        .iter()
        .map(|r| match labels.iter().position(|l| *l == r.label) {
            Some(i) => i as u16,
            None => {
                labels.push(r.label.clone());
                (labels.len() - 1) as u16
            }
        })
        .collect();
    let options = TrainOptions {
        seed,
        ..TrainOptions::default()
    };
    route::warm_up();

    let fold_of = stratified_folds(&y, folds, seed);
    let (mut gold_all, mut pred_all, mut per_fold) = (Vec::new(), Vec::new(), Vec::new());
    for fold in 0..folds {
        let train: Vec<(&str, &str)> = rows
            .iter()
            .zip(&fold_of)
            .filter(|(_, &f)| f != fold)
            .map(|(r, _)| (r.tokens.as_str(), r.label.as_str()))
            .collect();
        let router = fit(&train, &options)?;
        let test: Vec<usize> = (0..rows.len()).filter(|&i| fold_of[i] == fold).collect();
        let gold: Vec<usize> = test.iter().map(|&i| usize::from(y[i])).collect();
        let texts: Vec<&str> = test.iter().map(|&i| rows[i].tokens.as_str()).collect();
        let pred = predict(&router, &labels, &texts);
        let classes: Vec<usize> = pred.iter().map(|&(c, _)| c).collect();
        let e = Evaluation::new(&labels, &gold, &classes);
        eprintln!(
            "fold {}/{folds}: macro-F1 {:.4}, accuracy {:.4} ({} held out)",
            fold + 1,
            e.macro_f1,
            e.accuracy,
            test.len()
        );
        per_fold.push(json!({ "macro_f1": round4(e.macro_f1), "accuracy": round4(e.accuracy) }));
        gold_all.extend(gold);
        pred_all.extend(pred);
    }
    let f1s: Vec<f64> = per_fold
        .iter()
        .filter_map(|f| f["macro_f1"].as_f64())
        .collect();
    let mean_f1 = f1s.iter().sum::<f64>() / f1s.len() as f64;
    let classes: Vec<usize> = pred_all.iter().map(|&(c, _)| c).collect();
    let overall = Evaluation::new(&labels, &gold_all, &classes);
    let ece = calibration_error(&gold_all, &pred_all);
    eprintln!(
        "cross-validation: mean macro-F1 {mean_f1:.4}, accuracy {:.4}, calibration error {ece:.4}",
        overall.accuracy
    );

    let all: Vec<(&str, &str)> = rows
        .iter()
        .map(|r| (r.tokens.as_str(), r.label.as_str()))
        .collect();
    let started = Instant::now();
    let full = fit(&all, &options)?;
    let train_seconds = started.elapsed().as_secs_f64();
    let bytes = full.to_bytes();
    let deterministic = fit(&all, &options)?.to_bytes() == bytes;
    let started = Instant::now();
    let loaded = Router::from_bytes(&bytes)?;
    let load_ms = started.elapsed().as_secs_f64() * 1e3;
    if loaded != full {
        bail!("the model read back differs from the model written");
    }
    eprintln!(
        "training on {} messages: {train_seconds:.1} s; same seed, same bytes: {deterministic}",
        all.len()
    );

    let (with_raw, without_raw): (Vec<usize>, Vec<usize>) =
        (0..rows.len()).partition(|&i| !rows[i].raw.trim().is_empty());
    let raw_check = if with_raw.is_empty() || without_raw.is_empty() {
        json!({ "skipped": "no rows with raw_text" })
    } else {
        let train: Vec<(&str, &str)> = without_raw
            .iter()
            .map(|&i| (rows[i].tokens.as_str(), rows[i].label.as_str()))
            .collect();
        let router = fit(&train, &options)?;
        let texts: Vec<&str> = with_raw.iter().map(|&i| rows[i].raw.as_str()).collect();
        let gold: Vec<usize> = with_raw.iter().map(|&i| usize::from(y[i])).collect();
        let classes: Vec<usize> = predict(&router, &labels, &texts)
            .into_iter()
            .map(|(c, _)| c)
            .collect();
        let e = Evaluation::new(&labels, &gold, &classes);
        let same_tokens: Vec<&str> = with_raw.iter().map(|&i| rows[i].tokens.as_str()).collect();
        let token_classes: Vec<usize> = predict(&router, &labels, &same_tokens)
            .into_iter()
            .map(|(c, _)| c)
            .collect();
        let et = Evaluation::new(&labels, &gold, &token_classes);
        let (us, best) = us_per_ticket(&router, &texts);
        eprintln!(
            "raw-text check: trained on {} token texts, {} raw texts: macro-F1 {:.4}, accuracy \
             {:.4}; {us:.1} µs per raw ticket (best pass {best:.1}); the same rows as tokens: \
             macro-F1 {:.4}, accuracy {:.4}",
            train.len(),
            texts.len(),
            e.macro_f1,
            e.accuracy,
            et.macro_f1,
            et.accuracy
        );
        json!({
            "train": train.len(),
            "test": texts.len(),
            "macro_f1": round4(e.macro_f1),
            "accuracy": round4(e.accuracy),
            "tokens_macro_f1": round4(et.macro_f1),
            "tokens_accuracy": round4(et.accuracy),
            "us_per_ticket": round1(us),
            "us_per_ticket_best": round1(best),
        })
    };
    let token_texts: Vec<&str> = rows.iter().map(|r| r.tokens.as_str()).collect();
    let (us_tokens, best_tokens) = us_per_ticket(&full, &token_texts);
    eprintln!("{us_tokens:.1} µs per token ticket (best pass {best_tokens:.1})");
    println!(
        "{}",
        json!({
            "bench": "route",
            "messages": rows.len(),
            "unlabelled": unlabelled.len(),
            "classes": labels.len(),
            "folds": per_fold,
            "macro_f1_mean": round4(mean_f1),
            "accuracy": round4(overall.accuracy),
            "calibration_error": round4(ece),
            "raw_check": raw_check,
            "train_seconds": round1(train_seconds),
            "us_per_ticket_tokens": round1(us_tokens),
            "us_per_ticket_tokens_best": round1(best_tokens),
            "features": full.features(),
            "dictionary_words": full.dictionary_words(),
            "model_bytes": bytes.len(),
            "model_load_ms": round1(load_ms),
            "deterministic": deterministic,
        })
    );
    Ok(())
}

/// The predicted class of each text, with its confidence.
fn predict(router: &Router, labels: &[String], texts: &[&str]) -> Vec<(usize, f32)> {
    let mut scratch = Scratch::default();
    texts
        .iter()
        .map(|t| {
            let c = router.classify_with(t, &mut scratch);
            let class = labels.iter().position(|l| l == c.label).unwrap_or(0);
            (class, c.confidence)
        })
        .collect()
}

/// Expected calibration error over ten confidence bins: how far stated confidence is from
/// observed accuracy, weighted by how many predictions each bin holds.
fn calibration_error(gold: &[usize], predicted: &[(usize, f32)]) -> f64 {
    let mut bins = [(0usize, 0.0f64, 0usize); 10];
    for (&g, &(p, confidence)) in gold.iter().zip(predicted) {
        let bin = &mut bins[((confidence * 10.0) as usize).min(9)];
        bin.0 += 1;
        bin.1 += f64::from(confidence);
        bin.2 += usize::from(g == p);
    }
    let n = gold.len().max(1) as f64;
    bins.iter()
        .filter(|b| b.0 > 0)
        .map(|&(_, sum, right)| (sum - right as f64).abs() / n)
        .sum()
}

/// Single-threaded: the median and the best over passes of the mean µs per text. On a busy
/// machine the best pass is the closer estimate of the work itself.
fn us_per_ticket(router: &Router, texts: &[&str]) -> (f64, f64) {
    let mut scratch = Scratch::default();
    let mut passes: Vec<f64> = (0..TIMING_PASSES)
        .map(|_| {
            let started = Instant::now();
            let mut sink = 0usize;
            for t in texts {
                sink += router.classify_with(t, &mut scratch).label.len();
            }
            std::hint::black_box(sink);
            started.elapsed().as_secs_f64() * 1e6 / texts.len().max(1) as f64
        })
        .collect();
    passes.sort_by(f64::total_cmp);
    (passes[passes.len() / 2], passes[0])
}

fn round4(x: f64) -> f64 {
    (x * 1e4).round() / 1e4
}

fn round1(x: f64) -> f64 {
    (x * 10.0).round() / 10.0
}
