//! `hotline route train|predict|eval`: the routing classifier (`hotline_text::route`) on CSV
//! files. Text may be raw Chinese or pre-segmented, space-separated tokens. Reading and writing
//! files happens here; the classifier itself is pure.
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::time::Instant;

use anyhow::{bail, Context as _};
use clap::Subcommand;

use chrono::NaiveDate;
use hotline_domain::calendar::china_offset;
use hotline_domain::org::Actor;
use hotline_service::routing::figures::{Bucket, FiguresQuery};
use hotline_service::routing::train::TrainFromDb;
use hotline_service::Purpose;
use hotline_text::route::{self, Evaluation, Router, Scratch, TrainOptions};

use crate::{open_existing_app, DbArgs};

pub(crate) mod files;
mod report;

pub use files::{load_model, read_columns, read_texts};
use files::{output_file, read_with_text};

/// What a command that activates a model says about servers already running on the database.
fn servers_follow() {
    let secs = crate::FOLLOW_CHECK_SECS;
    println!(
        "运行中的服务器会在 {secs} 秒内改用此版本 / servers running on this database switch to it within {secs} s"
    );
}
pub use report::report;

#[derive(Subcommand)]
pub enum RouteCommand {
    /// Train a model on a labelled CSV file (UTF-8, header row), or with `--from-db` on the
    /// centre's closed tickets (stored as a new model version, active unless `--no-activate`).
    Train {
        #[arg(long, required_unless_present = "from_db")]
        input: Option<PathBuf>,
        /// The column with the ticket text; several (comma-separated or repeated), e.g. a
        /// subject and a body, are joined by a line break.
        #[arg(long, value_delimiter = ',', required_unless_present = "from_db")]
        text_column: Vec<String>,
        /// The column with the category; rows with an empty label are skipped.
        #[arg(long, required_unless_present = "from_db")]
        label_column: Option<String>,
        /// Where to write the model (optional with `--from-db`: the store keeps it).
        #[arg(long, required_unless_present = "from_db")]
        model: Option<PathBuf>,
        /// The same seed and data give the same model, byte for byte.
        #[arg(long, default_value_t = 12345)]
        seed: u64,
        /// A CSV file of texts without a label for self-training: they join the model's
        /// dictionary and document frequencies, and those the first model labels confidently
        /// join the training set.
        #[arg(long, requires = "unlabelled_text_column", conflicts_with = "from_db")]
        unlabelled: Option<PathBuf>,
        /// The text column(s) of `--unlabelled`; several (comma-separated or repeated), e.g. a
        /// subject and a body, are joined by a line break.
        #[arg(long, value_delimiter = ',', requires = "unlabelled")]
        unlabelled_text_column: Vec<String>,
        /// Train on the database's closed tickets, labelled with their final category.
        #[arg(long, conflicts_with_all = ["input", "text_column", "label_column"])]
        from_db: bool,
        #[command(flatten)]
        db: DbArgs,
        /// Category level of the labels (1–3); smaller classes merge into their parent.
        #[arg(long, default_value_t = 2)]
        level: u8,
        /// A class with fewer examples merges into its parent.
        #[arg(long, default_value_t = 20)]
        min_examples: usize,
        /// Closed tickets created this many days back…
        #[arg(long, default_value_t = 365)]
        days: u32,
        /// …at most this many, the most recent.
        #[arg(long, default_value_t = 20_000)]
        max_tickets: usize,
        /// Share held out to measure the model before training on all.
        #[arg(long, default_value_t = 0.1)]
        holdout: f64,
        /// Store the new version without making it the active one.
        #[arg(long)]
        no_activate: bool,
        /// Make it the active one even when its held-out figures are clearly worse than the
        /// active model's, or when it has none to compare (without this it is then stored but
        /// not activated).
        #[arg(long, conflicts_with = "no_activate")]
        force: bool,
        #[arg(long, default_value = "")]
        note: String,
    },
    /// The model versions stored in the database, newest first.
    Models {
        #[command(flatten)]
        db: DbArgs,
    },
    /// Make a stored version the active model (roll back by activating an older one).
    Activate {
        #[command(flatten)]
        db: DbArgs,
        /// The version as `route models` lists it: `2` or `v2`.
        #[arg(value_parser = parse_version)]
        version: i64,
    },
    /// Store a model file (from `route train --input …`) as a new version.
    Import {
        #[command(flatten)]
        db: DbArgs,
        #[arg(long)]
        model: PathBuf,
        #[arg(long, default_value = "")]
        note: String,
        /// Make it the active model, unless it is clearly worse than the active one on the
        /// most recent closed tickets (it is then stored but not activated).
        #[arg(long)]
        activate: bool,
        /// With --activate: activate it even when it is clearly worse than the active model.
        #[arg(long, requires = "activate")]
        force: bool,
    },
    /// Routing figures per period: first-dispatch accuracy and suggestion acceptance.
    Figures {
        #[command(flatten)]
        db: DbArgs,
        /// First local day (YYYY-MM-DD; default 12 weeks before --to).
        #[arg(long)]
        from: Option<NaiveDate>,
        /// Last local day (default today).
        #[arg(long)]
        to: Option<NaiveDate>,
        /// day, week or month.
        #[arg(long, default_value = "week")]
        bucket: String,
    },
    /// Classify every row of a CSV file; writes `id,label,confidence`.
    Predict {
        #[arg(long)]
        model: PathBuf,
        #[arg(long)]
        input: PathBuf,
        /// The text column(s), as for `route train`.
        #[arg(long, value_delimiter = ',', required = true)]
        text_column: Vec<String>,
        #[arg(long)]
        id_column: String,
        #[arg(long)]
        output: PathBuf,
    },
    /// Classify one text and say why: the top classes with their probabilities and the terms
    /// that drove the decision.
    Explain {
        #[arg(long)]
        model: PathBuf,
        #[arg(long)]
        text: String,
        /// Classes to show.
        #[arg(long, default_value_t = 3)]
        top: usize,
    },
    /// Score a model on a labelled CSV file: macro-F1, accuracy, per-class precision, recall and
    /// F1, the confusion matrix, and µs per ticket.
    Eval {
        #[arg(long)]
        model: PathBuf,
        #[arg(long)]
        input: PathBuf,
        /// The text column(s), as for `route train`.
        #[arg(long, value_delimiter = ',', required = true)]
        text_column: Vec<String>,
        #[arg(long)]
        label_column: String,
    },
}

/// Timed passes over the texts in `eval`, after the pass that predicts.
const TIMED_PASSES: usize = 3;

/// Classes `train` takes however few examples each has: past this, more classes than half the
/// examples is a label column that is not one.
const MIN_CLASSES_TO_DOUBT: usize = 20;

/// Most labels `eval` takes that the model does not know (each is scored, always wrong).
const MAX_UNKNOWN_LABELS: usize = 200;

pub async fn run(cmd: RouteCommand) -> anyhow::Result<()> {
    match cmd {
        RouteCommand::Train {
            from_db: true,
            db,
            model,
            seed,
            level,
            min_examples,
            days,
            max_tickets,
            holdout,
            no_activate,
            force,
            note,
            ..
        } => {
            let opts = TrainFromDb {
                level,
                min_examples,
                days,
                max_tickets,
                holdout,
                seed,
                activate: !no_activate,
                force,
                note,
            };
            train_from_db(&db, opts, model.as_deref()).await
        }
        RouteCommand::Train {
            input: Some(input),
            text_column,
            label_column: Some(label_column),
            model: Some(model),
            seed,
            unlabelled,
            unlabelled_text_column,
            ..
        } => {
            let unlabelled_file = unlabelled;
            let unlabelled = match &unlabelled_file {
                Some(path) => read_texts(path, &unlabelled_text_column)?,
                None => Vec::new(),
            };
            train(
                &input,
                &text_column,
                &label_column,
                &model,
                seed,
                &unlabelled,
                unlabelled_file.as_deref(),
            )
        }
        RouteCommand::Train { .. } => {
            bail!("route train needs --input, --text-column, --label-column and --model, or --from-db")
        }
        RouteCommand::Predict {
            model,
            input,
            text_column,
            id_column,
            output,
        } => predict(&model, &input, &text_column, &id_column, &output),
        RouteCommand::Explain { model, text, top } => explain(&model, &text, top.max(1)),
        RouteCommand::Eval {
            model,
            input,
            text_column,
            label_column,
        } => eval(&model, &input, &text_column, &label_column),
        RouteCommand::Models { db } => {
            let app = open_existing_app(&db, Purpose::Command).await?;
            let models = app.route_models(&Actor::system()).await.map_err(service)?;
            if models.is_empty() {
                println!("数据库中还没有分派模型 / no routing model stored yet");
            }
            for m in models {
                println!(
                    "{} v{} {} {} by {}: {} classes, {}, {:.1} MB{}{}",
                    if m.active { "*" } else { " " },
                    m.version,
                    m.created_at
                        .with_timezone(&china_offset())
                        .format("%Y-%m-%d %H:%M"),
                    m.source,
                    m.created_by,
                    m.labels,
                    // A model file does not say what it was trained on.
                    if m.examples == 0 && m.source.starts_with("file:") {
                        "examples not recorded (trained from a file)".to_string()
                    } else {
                        format!("{} examples", m.examples)
                    },
                    m.model_bytes as f64 / 1e6,
                    if m.note.is_empty() {
                        String::new()
                    } else {
                        format!(" ({})", m.note)
                    },
                    if m.metrics.is_null() || m.metrics == serde_json::json!({}) {
                        String::new()
                    } else {
                        format!(" {}", m.metrics)
                    },
                );
            }
            Ok(())
        }
        RouteCommand::Activate { db, version } => {
            let app = open_existing_app(&db, Purpose::Command).await?;
            let m = match app.activate_route_model(&Actor::system(), version).await {
                Err(hotline_service::ServiceError::NotFound(_)) => anyhow::bail!(
                    "没有第 {version} 版分派模型(hotline route models 列出已有的版本)/ no route model v{version}"
                ),
                other => other.map_err(service)?,
            };
            println!(
                "已启用分派模型第 {} 版 / model v{} is active",
                m.version, m.version
            );
            servers_follow();
            Ok(())
        }
        RouteCommand::Import {
            db,
            model,
            note,
            activate,
            force,
        } => {
            let bytes = std::fs::read(&model)
                .with_context(|| format!("cannot read the model {}", model.display()))?;
            let app = open_existing_app(&db, Purpose::Command).await?;
            let source = format!(
                "file:{}",
                model.file_name().unwrap_or_default().to_string_lossy()
            );
            // Read by the import, which names what is wrong with a file that is no model.
            let router = Router::from_bytes(&bytes).ok();
            let report = app
                .import_route_model(&Actor::system(), bytes, source, note, activate, force)
                .await
                .map_err(service)?;
            let m = &report.model;
            let missing = router
                .as_ref()
                .map_or_else(Vec::new, |r| app.route_labels_without_category(r));
            if let Some(router) = router.filter(|_| !missing.is_empty()) {
                eprintln!(
                    "注意 / note: {} of {} classes name no category of this centre (by code or \
                     name) and give no category or unit: {}",
                    missing.len(),
                    router.labels().len(),
                    missing.join(", ")
                );
            }
            println!(
                "已导入为第 {} 版{},单位建议所用的历史取自本库 {} 件已办结工单 / stored as v{}{}, \
                 with the unit history of {} closed tickets",
                m.version,
                if m.active { "并已启用" } else { "" },
                report.history_tickets,
                m.version,
                if m.active { " (active)" } else { "" },
                report.history_tickets
            );
            if let Some(why) = &report.not_activated {
                eprintln!("{why}");
            }
            if m.active {
                servers_follow();
            }
            Ok(())
        }
        RouteCommand::Figures {
            db,
            from,
            to,
            bucket,
        } => {
            let bucket = match bucket.as_str() {
                "day" => Bucket::Day,
                "week" => Bucket::Week,
                "month" => Bucket::Month,
                other => bail!("--bucket {other:?}: expected day, week or month"),
            };
            let app = open_existing_app(&db, Purpose::Command).await?;
            let f = app
                .route_figures(&Actor::system(), FiguresQuery { from, to, bucket })
                .await
                .map_err(service)?;
            println!("{}", serde_json::to_string_pretty(&f)?);
            Ok(())
        }
    }
}

/// A model version as typed: `2`, or `v2` as `route models` lists it.
fn parse_version(s: &str) -> Result<i64, String> {
    let digits = s.trim().trim_start_matches(['v', 'V']);
    digits
        .parse::<i64>()
        .ok()
        .filter(|&v| v > 0)
        .ok_or_else(|| {
            format!("版本应为正整数,如 2 或 v2 / a version is a number like 2 or v2, not '{s}'")
        })
}

fn service(e: hotline_service::ServiceError) -> anyhow::Error {
    anyhow::anyhow!("{e}")
}

/// The options of `route train --from-db` that the service checks, by their API field name.
const FROM_DB_OPTIONS: [&str; 6] = [
    "level",
    "min_examples",
    "days",
    "max_tickets",
    "holdout",
    "note",
];

/// A `train --from-db` failure as the CLI says it: a bad value names its option, too little
/// history says which options widen it (with the defaults it was not the user's `min_examples`).
fn from_db_error(e: hotline_service::ServiceError) -> anyhow::Error {
    match e {
        hotline_service::ServiceError::Invalid { field, message } if field == "history" => {
            anyhow::anyhow!(
                "{message}\n  用 --min-examples N 调低每类最少件数、--days N 延长回溯天数 / \
                 lower --min-examples or raise --days"
            )
        }
        hotline_service::ServiceError::Invalid { field, message }
            if FROM_DB_OPTIONS.contains(&field.as_str()) =>
        {
            anyhow::anyhow!("--{}: {message}", field.replace('_', "-"))
        }
        e => service(e),
    }
}

async fn train_from_db(db: &DbArgs, opts: TrainFromDb, file: Option<&Path>) -> anyhow::Result<()> {
    let mut file = match file {
        Some(path) => Some(output_file(path, &[db.sqlite_file().as_deref()])?),
        None => None,
    };
    let app = open_existing_app(db, Purpose::Command).await?;
    let report = app
        .train_route_model(&Actor::system(), opts)
        .await
        .map_err(from_db_error)?;
    let m = &report.model;
    if let Some(path) = &mut file {
        let stored = app
            .store
            .route_model(m.version)
            .await
            .map_err(|e| anyhow::anyhow!("{e}"))?
            .context("the stored model vanished")?;
        path.write(&stored.model).with_context(|| {
            format!(
                "model v{} is stored in the database{}, but its file was not written",
                m.version,
                if m.active { " and active" } else { "" }
            )
        })?;
        println!("模型文件 / model file: {}", path.display());
    }
    println!(
        "已训练分派模型第 {} 版{} / trained model v{}{}: {} closed tickets, {} corrections (counted twice), {} classes, {} history cells, {:.1} s",
        m.version,
        if m.active { "并已启用" } else { "" },
        m.version,
        if m.active { " (active)" } else { "" },
        report.tickets,
        report.corrections,
        report.classes,
        report.history_cells,
        report.train_seconds,
    );
    if let Some(h) = &report.holdout {
        println!(
            "留出评估 / held out: {} tickets, macro-F1 {:.4}, accuracy {:.4}; \
             承办单位首选命中 / unit top-1 {:.4}, 前三命中 / top-3 {:.4}",
            h.examples, h.macro_f1, h.accuracy, h.unit_top1, h.unit_top3
        );
    }
    if let Some(why) = &report.not_activated {
        println!("{why}");
    }
    if m.active {
        servers_follow();
    }
    Ok(())
}

fn train(
    input: &Path,
    text_columns: &[String],
    label_column: &str,
    model: &Path,
    seed: u64,
    unlabelled: &[String],
    unlabelled_file: Option<&Path>,
) -> anyhow::Result<()> {
    let mut model = output_file(model, &[Some(input), unlabelled_file])?;
    if text_columns.iter().any(|c| c == label_column) {
        bail!(
            "{label_column:?} 既是文本列又是标签列 / {label_column:?} is both a text column and \
             the label column"
        );
    }
    let rows = read_with_text(input, text_columns, label_column, true)?;
    let labelled: Vec<&[String; 2]> = rows.iter().filter(|r| !r[1].trim().is_empty()).collect();
    let skipped = rows.len() - labelled.len();
    if labelled.is_empty() {
        bail!(
            "{}:每一行的 {label_column:?} 都是空的 / every row has an empty {label_column:?}",
            input.display()
        );
    }
    // A row without text teaches nothing but the class's size; many of them mean the wrong
    // column was named.
    let examples: Vec<(&str, &str)> = labelled
        .iter()
        .filter(|r| !r[0].trim().is_empty())
        .map(|r| (r[0].as_str(), r[1].as_str()))
        .collect();
    let textless = labelled.len() - examples.len();
    if textless * 2 > labelled.len() {
        bail!(
            "{}:{} 个有标签的行中 {textless} 行在 {} 中没有文本,--text-column 对吗? / \
             {textless} of the {} labelled rows have no text in {}; is that the right \
             --text-column?",
            input.display(),
            labelled.len(),
            text_columns.join(", "),
            labelled.len(),
            text_columns.join(", ")
        );
    }
    // A column of ids or of texts named as the labels: fewer than two examples a class, a
    // model that learns nothing, and a long wait for it.
    let classes: HashSet<&str> = examples.iter().map(|(_, l)| l.trim()).collect();
    if classes.len() > MIN_CLASSES_TO_DOUBT && classes.len() * 2 > examples.len() {
        bail!(
            "{}: {} 个样本有 {} 种标签,平均每种不到 2 个样本,请确认 --label-column 是否正确 / {} \
             examples in {} classes, fewer than two a class: is {label_column:?} the label column?",
            input.display(),
            examples.len(),
            classes.len(),
            examples.len(),
            classes.len()
        );
    }
    let options = TrainOptions {
        seed,
        ..TrainOptions::default()
    };
    let started = Instant::now();
    let unlabelled: Vec<&str> = unlabelled.iter().map(String::as_str).collect();
    let router = route::train_with_unlabelled(&examples, &unlabelled, &options)
        .with_context(|| format!("无法训练 / cannot train on {}", input.display()))?;
    let seconds = started.elapsed().as_secs_f64();
    let bytes = router.to_bytes();
    model.write(&bytes)?;
    println!(
        "已训练 / trained: {} examples ({} skipped without a label, {} without text, {} \
         unlabelled texts), {} classes, {} features, temperature {:.3}, {seconds:.1} s",
        examples.len(),
        skipped,
        textless,
        unlabelled.len(),
        router.labels().len(),
        router.features(),
        router.temperature(),
    );
    println!(
        "模型 / model: {} ({:.1} MB)",
        model.display(),
        bytes.len() as f64 / 1e6
    );
    Ok(())
}

/// The first ten of `ids`, and "…" when there are more.
fn first_ids(ids: &[&str]) -> String {
    let more = if ids.len() > 10 { ", …" } else { "" };
    format!("{}{more}", ids[..ids.len().min(10)].join(", "))
}

fn predict(
    model: &Path,
    input: &Path,
    text_columns: &[String],
    id_column: &str,
    output: &Path,
) -> anyhow::Result<()> {
    let mut output = output_file(output, &[Some(input), Some(model)])?;
    let router = load_model(model)?;
    // A file of no rows gets a file of no predictions: its header alone.
    let rows = read_with_text(input, text_columns, id_column, false)?;
    // Written whole, then moved into place: a failed run leaves no half-written predictions.
    let mut writer = csv::Writer::from_writer(Vec::new());
    writer.write_record(["id", "label", "confidence"])?;
    let mut scratch = Scratch::default();
    // A row without text still gets a line (one per input row), holding the model's guess
    // from nothing; say which they are.
    let textless: Vec<&str> = rows
        .iter()
        .filter(|r| r[0].trim().is_empty())
        .map(|r| r[1].as_str())
        .collect();
    // Rows with text, but no word the model knows (the wrong column named, ids or codes): their
    // label is a guess from nothing too.
    let mut unknown: Vec<&str> = Vec::new();
    for row in &rows {
        let c = router.classify_with(&row[0], &mut scratch);
        if !c.evidence && !row[0].trim().is_empty() {
            unknown.push(row[1].as_str());
        }
        writer.write_record([row[1].as_str(), c.label, &format!("{:.4}", c.confidence)])?;
    }
    let bytes = writer
        .into_inner()
        .map_err(|e| anyhow::anyhow!("无法写入 / cannot write {}: {e}", output.display()))?;
    output.write(&bytes)?;
    println!(
        "已预测 / predicted: {} rows → {}",
        rows.len(),
        output.display()
    );
    if rows.is_empty() {
        eprintln!(
            "注意 / warning: {} has a header but no rows: the predictions hold the header alone",
            input.display()
        );
    }
    if !unknown.is_empty() {
        eprintln!(
            "注意 / warning: {} 行在 {} 中没有模型认识的词,标签只是猜测;--text-column 对吗? / {} rows have no word the model knows in {}, so their label is only the model's guess (ids: {})",
            unknown.len(),
            text_columns.join(", "),
            unknown.len(),
            text_columns.join(", "),
            first_ids(&unknown)
        );
    }
    if !textless.is_empty() {
        eprintln!(
            "注意 / warning: {} rows have no text in {}, so their label is only the model's guess from nothing (ids: {})",
            textless.len(),
            text_columns.join(", "),
            first_ids(&textless)
        );
    }
    // Every row still gets its line, in the input's order; but predictions joined back by id
    // would be ambiguous for these.
    let blank = rows.iter().filter(|r| r[1].trim().is_empty()).count();
    if blank > 0 {
        eprintln!(
            "注意 / warning: {blank} rows have an empty {id_column:?}: their lines cannot be told apart by id"
        );
    }
    let (mut seen, mut named) = (HashSet::new(), HashSet::new());
    let repeated: Vec<&str> = rows
        .iter()
        .map(|r| r[1].trim())
        .filter(|id| !id.is_empty() && !seen.insert(*id) && named.insert(*id))
        .collect();
    if !repeated.is_empty() {
        let some: Vec<&str> = repeated.iter().take(10).copied().collect();
        eprintln!(
            "注意 / warning: {} ids occur more than once in {id_column:?} ({}{}): their lines cannot be told apart by id",
            repeated.len(),
            some.join(", "),
            if repeated.len() > some.len() { ", …" } else { "" }
        );
    }
    Ok(())
}

fn explain(model: &Path, text: &str, top: usize) -> anyhow::Result<()> {
    let router = load_model(model)?;
    let (classification, terms) = router.explain(text, 8);
    for c in classification.ranked.iter().take(top) {
        println!("{}\t{:.4}", c.label, c.probability);
    }
    let why: Vec<String> = terms
        .iter()
        .map(|t| format!("{} ({:+.3})", t.text, t.weight))
        .collect();
    println!("依据 / because: {}", why.join(", "));
    Ok(())
}

fn eval(
    model: &Path,
    input: &Path,
    text_columns: &[String],
    label_column: &str,
) -> anyhow::Result<()> {
    let router = load_model(model)?;
    let all = read_with_text(input, text_columns, label_column, true)?;
    let rows: Vec<&[String; 2]> = all.iter().filter(|r| !r[1].trim().is_empty()).collect();
    if rows.len() < all.len() {
        println!(
            "skipped: {} rows without a label in {label_column:?}",
            all.len() - rows.len()
        );
    }
    if rows.is_empty() {
        bail!(
            "{}:每一行的 {label_column:?} 都是空的 / every row has an empty {label_column:?}",
            input.display()
        );
    }
    let textless = rows.iter().filter(|r| r[0].trim().is_empty()).count();
    if textless > 0 {
        eprintln!(
            "注意 / warning: {textless} of the {} rows have no text in {}: they are scored on the model's guess from nothing; is that the right --text-column?",
            rows.len(),
            text_columns.join(", ")
        );
    }
    // Gold labels the model does not know still count: they are always wrong.
    let mut labels: Vec<String> = router.labels().to_vec();
    let known = labels.len();
    let mut index: HashMap<String, usize> = (labels.iter().enumerate())
        .map(|(i, l)| (l.clone(), i))
        .collect();
    let mut gold = Vec::with_capacity(rows.len());
    for r in &rows {
        let label = r[1].trim();
        let next = labels.len();
        let at = *index.entry(label.to_owned()).or_insert(next);
        if at == next {
            if next - known >= MAX_UNKNOWN_LABELS {
                // Each class is a row and a column of the confusion matrix: a column of ids
                // or texts taken for the labels would fill memory rather than say anything.
                bail!(
                    "{label_column:?} 中有超过 {MAX_UNKNOWN_LABELS} 种模型不认识的标签,请确认 --label-column 是否正确 / more than {MAX_UNKNOWN_LABELS} labels the model was not trained on: is {label_column:?} the label column?"
                );
            }
            labels.push(label.to_owned());
        }
        gold.push(at);
    }
    let unknown = gold.iter().filter(|&&g| g >= known).count();
    if unknown > 0 {
        let some: Vec<&str> = labels[known..].iter().take(5).map(String::as_str).collect();
        eprintln!(
            "注意 / warning: {unknown} of the {} rows have a label the model was not trained on ({}{}); the model knows: {}. Is {label_column:?} the right column, and the model the right one?",
            rows.len(),
            some.join(", "),
            if labels.len() - known > some.len() { ", …" } else { "" },
            router.labels().join(", ")
        );
    }
    // The first pass gives the predictions and warms the caches (a long-running service is
    // warm); the timing is the median of three more passes.
    let mut scratch = Scratch::default();
    let predicted: Vec<usize> = rows
        .iter()
        .map(|r| {
            let c = router.classify_with(&r[0], &mut scratch);
            index.get(c.label).copied().unwrap_or(0)
        })
        .collect();
    let mut passes: Vec<f64> = (0..TIMED_PASSES)
        .map(|_| {
            let started = Instant::now();
            for r in &rows {
                std::hint::black_box(router.classify_with(&r[0], &mut scratch).confidence);
            }
            started.elapsed().as_secs_f64() * 1e6 / rows.len() as f64
        })
        .collect();
    passes.sort_by(f64::total_cmp);
    let us_per_ticket = passes[passes.len() / 2];
    let e = Evaluation::new(&labels, &gold, &predicted);
    print!("{}", report(&e, rows.len(), us_per_ticket));
    Ok(())
}
