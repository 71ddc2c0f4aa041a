//! Fast iteration on the routing classifier, without building the whole binary:
//! `cargo run --release -p hotline-text --example cv -- path/to/train.csv [folds] [seed]`.
//! Prints stratified k-fold macro-F1 on the `tokens` column, a raw-text check (train on the rows
//! without `raw_text`, test on the rows with it, on their raw text and on their tokens), training
//! time and µs per ticket (median of passes). Options come from the environment (see `options`),
//! so variants can be compared without editing code. `CV_ERRORS=1` prints every held-out error
//! (gold label, predicted label, row, the text's start) to stdout; `CV_CONFUSION=1` prints
//! per-class figures and the confusion matrix to stderr. `CV_ONLY_RAW=1 CV_RAW_BAGS=n` repeats
//! only the raw-text check, on n samples of its training rows, and prints the mean.
use std::time::Instant;

use hotline_text::route::{self, stratified_folds, Evaluation, Router, Scratch, TrainOptions};

/// A minimal CSV reader: quoted fields with doubled quotes and embedded newlines.
fn parse_csv(text: &str) -> Vec<Vec<String>> {
    let mut rows = Vec::new();
    let mut row = Vec::new();
    let mut field = String::new();
    let mut quoted = false;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if quoted {
            match c {
                '"' if chars.peek() == Some(&'"') => {
                    chars.next();
                    field.push('"');
                }
                '"' => quoted = false,
                _ => field.push(c),
            }
        } else {
            match c {
                '"' => quoted = true,
                ',' => row.push(std::mem::take(&mut field)),
                '\n' => {
                    row.push(std::mem::take(&mut field));
                    rows.push(std::mem::take(&mut row));
                }
                '\r' => {}
                _ => field.push(c),
            }
        }
    }
    if !field.is_empty() || !row.is_empty() {
        row.push(field);
        rows.push(row);
    }
    rows
}

fn env<T: std::str::FromStr>(name: &str) -> Option<T> {
    std::env::var(name).ok().and_then(|v| v.parse().ok())
}

fn options(seed: u64) -> TrainOptions {
    let mut o = TrainOptions {
        seed,
        ..TrainOptions::default()
    };
    if let Some(c) = env("CV_C") {
        o.svm.c = c;
    }
    if let Some(v) = env("CV_NB_ALPHA") {
        o.svm.nb_alpha = v;
    }
    if let Some(v) = env("CV_NB_BETA") {
        o.svm.nb_beta = v;
    }
    if let Some(v) = env("CV_NB_POWER") {
        o.svm.nb_power = v;
    }
    if let Some(e) = env("CV_EPOCHS") {
        o.svm.epochs = e;
    }
    if let Some(b) = env("CV_HASH_BITS") {
        o.features.hash_bits = b;
    }
    if let Some(v) = env::<u8>("CV_WORDS") {
        o.features.words = v != 0;
    }
    if let Some(v) = env::<u8>("CV_PAIRS") {
        o.features.word_pairs = v != 0;
    }
    if let Some(v) = env("CV_CHAR_MIN") {
        o.features.char_min = v;
    }
    if let Some(v) = env("CV_CHAR_MAX") {
        o.features.char_max = v;
    }
    if let Some(v) = env::<u8>("CV_ACROSS") {
        o.features.chars_across_terms = v != 0;
    }
    if let Some(v) = env("CV_MIN_DF") {
        o.features.min_df = v;
    }
    if let Some(v) = env("CV_MAX_TERMS") {
        o.features.max_terms = v;
    }
    if let Some(v) = env("CV_HEAD") {
        o.features.head_terms = v;
    }
    if let Some(v) = env("CV_KEEP") {
        o.max_features = v;
    }
    if let Some(v) = env("CV_CAL") {
        o.calibration_folds = v;
    }
    if let Some(v) = env("CV_ST_CONF") {
        o.self_training.min_confidence = v;
    }
    if let Some(v) = env("CV_ST_WEIGHT") {
        o.self_training.weight = v;
    }
    if let Some(v) = env("CV_ST_ROUNDS") {
        o.self_training.rounds = v;
    }
    o
}

/// Unlabelled texts from `CV_UNLABELLED` (CSV files separated by `:`) and
/// `CV_UNLABELLED_COLUMNS` (columns joined by a newline; default `留言主题,留言详情`), or none.
fn unlabelled() -> Vec<String> {
    let Ok(paths) = std::env::var("CV_UNLABELLED") else {
        return Vec::new();
    };
    let columns = std::env::var("CV_UNLABELLED_COLUMNS").unwrap_or("留言主题,留言详情".into());
    let mut out = Vec::new();
    for path in paths.split(':') {
        let text = std::fs::read_to_string(path).expect("reading the unlabelled CSV file");
        let mut rows = parse_csv(&text);
        let header = rows.remove(0);
        let cols: Vec<usize> = columns
            .split(',')
            .map(|c| {
                header
                    .iter()
                    .position(|h| h.trim_start_matches('\u{feff}') == c)
                    .expect("an unlabelled column")
            })
            .collect();
        out.extend(
            rows.into_iter()
                .filter(|r| cols.iter().all(|&c| c < r.len()))
                .map(|r| {
                    cols.iter()
                        .map(|&c| r[c].as_str())
                        .collect::<Vec<_>>()
                        .join("\n")
                }),
        );
    }
    out
}

fn predict(router: &Router, labels: &[String], texts: &[&str]) -> Vec<usize> {
    let mut scratch = Scratch::default();
    texts
        .iter()
        .map(|t| {
            let c = router.classify_with(t, &mut scratch);
            labels.iter().position(|l| l == c.label).unwrap_or(0)
        })
        .collect()
}

fn us_per_ticket(router: &Router, texts: &[&str]) -> f64 {
    let mut scratch = Scratch::default();
    let mut passes: Vec<f64> = (0..7)
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
    passes[passes.len() / 2]
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let path = args
        .get(1)
        .cloned()
        .unwrap_or_else(|| "../shared/data/tipdm2020c/train.csv".to_owned());
    let folds: usize = args.get(2).and_then(|s| s.parse().ok()).unwrap_or(5);
    let seed: u64 = args.get(3).and_then(|s| s.parse().ok()).unwrap_or(12345);
    let text = std::fs::read_to_string(&path).expect("reading the CSV file");
    let mut rows = parse_csv(&text);
    let header = rows.remove(0);
    let col = |name: &str| {
        header
            .iter()
            .position(|h| h.trim_start_matches('\u{feff}') == name)
            .expect("a column")
    };
    let (cl, ct, cr) = (col("label"), col("tokens"), col("raw_text"));
    let rows: Vec<(String, String, String)> = rows
        .into_iter()
        .filter(|r| r.len() > cl.max(ct).max(cr))
        .map(|r| (r[cl].clone(), r[ct].clone(), r[cr].clone()))
        .collect();
    let mut labels: Vec<String> = Vec::new();
    let y: Vec<u16> = rows
        .iter()
        .map(|r| match labels.iter().position(|l| *l == r.0) {
            Some(i) => i as u16,
            None => {
                labels.push(r.0.clone());
                (labels.len() - 1) as u16
            }
        })
        .collect();
    let opts = options(seed);
    eprintln!("{opts:?}");
    let unlabelled_owned = unlabelled();
    let unl: Vec<&str> = unlabelled_owned.iter().map(String::as_str).collect();
    eprintln!("{} unlabelled texts", unl.len());
    let train_fn = |examples: &[(&str, &str)]| {
        route::train_with_unlabelled(examples, &unl, &opts).expect("training")
    };
    route::warm_up();
    let only_raw = std::env::var("CV_ONLY_RAW").is_ok();
    if let Some(passes) = env::<usize>("CV_PROFILE") {
        // Only classification, for a profiler: a model on all token rows, then every raw and
        // token text classified `passes` times.
        let all: Vec<(&str, &str)> = rows.iter().map(|r| (r.1.as_str(), r.0.as_str())).collect();
        let full = train_fn(&all);
        let texts: Vec<&str> = rows
            .iter()
            .flat_map(|r| [r.1.as_str(), r.2.as_str()])
            .filter(|t| !t.is_empty())
            .collect();
        let started = Instant::now();
        for _ in 0..passes {
            std::hint::black_box(us_per_ticket(&full, &texts));
        }
        eprintln!("{:.1} s", started.elapsed().as_secs_f64());
        return;
    }

    let mut f1s = Vec::new();
    let (mut gold_all, mut pred_all) = (Vec::new(), Vec::new());
    if !only_raw {
        let fold_of = stratified_folds(&y, folds, seed);
        for fold in 0..folds {
            let train: Vec<(&str, &str)> = (0..rows.len())
                .filter(|&i| fold_of[i] != fold)
                .map(|i| (rows[i].1.as_str(), rows[i].0.as_str()))
                .collect();
            let router = train_fn(&train);
            let test: Vec<usize> = (0..rows.len()).filter(|&i| fold_of[i] == fold).collect();
            let gold: Vec<usize> = test.iter().map(|&i| usize::from(y[i])).collect();
            let texts: Vec<&str> = test.iter().map(|&i| rows[i].1.as_str()).collect();
            let pred = predict(&router, &labels, &texts);
            if std::env::var("CV_ERRORS").is_ok() {
                for ((&i, &g), &p) in test.iter().zip(&gold).zip(&pred) {
                    if g != p {
                        let head: String = rows[i].1.chars().take(120).collect();
                        println!("ERR {}\t{}\t{}\t{}", rows[i].0, labels[p], i, head);
                    }
                }
            }
            let e = Evaluation::new(&labels, &gold, &pred);
            eprintln!("fold {fold}: {:.4}", e.macro_f1);
            gold_all.extend(gold);
            pred_all.extend(pred);
            f1s.push(e.macro_f1);
        }
    }
    if std::env::var("CV_CONFUSION").is_ok() {
        let e = Evaluation::new(&labels, &gold_all, &pred_all);
        for (s, row) in e.per_class.iter().zip(&e.confusion) {
            eprintln!(
                "{:>10} p {:.3} r {:.3} f1 {:.3} {row:?}",
                s.label, s.precision, s.recall, s.f1
            );
        }
    }
    let mean = f1s.iter().sum::<f64>() / f1s.len().max(1) as f64;

    let (with_raw, without_raw): (Vec<usize>, Vec<usize>) =
        (0..rows.len()).partition(|&i| !rows[i].2.trim().is_empty());
    let train: Vec<(&str, &str)> = without_raw
        .iter()
        .map(|&i| (rows[i].1.as_str(), rows[i].0.as_str()))
        .collect();
    let gold: Vec<usize> = with_raw.iter().map(|&i| usize::from(y[i])).collect();
    if let Some(bags) = env::<u64>("CV_RAW_BAGS") {
        // The raw-text check again on `bags` samples of 85% of its training rows: one split of
        // 329 rows moves by a row or two, so compare options on the mean.
        let raw: Vec<&str> = with_raw.iter().map(|&i| rows[i].2.as_str()).collect();
        let tok: Vec<&str> = with_raw.iter().map(|&i| rows[i].1.as_str()).collect();
        let (mut sum, mut sum_tok) = (0.0, 0.0);
        for bag in 0..bags {
            let mut rng = bag.wrapping_mul(0x9e37_79b9_7f4a_7c15) ^ seed;
            let sample: Vec<(&str, &str)> = train
                .iter()
                .copied()
                .filter(|_| {
                    rng ^= rng << 13;
                    rng ^= rng >> 7;
                    rng ^= rng << 17;
                    rng % 100 < 85
                })
                .collect();
            let router = train_fn(&sample);
            let f1 = Evaluation::new(&labels, &gold, &predict(&router, &labels, &raw)).macro_f1;
            let f1_tok = Evaluation::new(&labels, &gold, &predict(&router, &labels, &tok)).macro_f1;
            eprintln!("raw bag {bag}: {f1:.4} (tokens {f1_tok:.4})");
            sum += f1;
            sum_tok += f1_tok;
        }
        let n = bags.max(1) as f64;
        println!(
            "raw bags mean {:.4} (same rows as tokens {:.4})",
            sum / n,
            sum_tok / n
        );
        return;
    }
    let router = train_fn(&train);
    let raw: Vec<&str> = with_raw.iter().map(|&i| rows[i].2.as_str()).collect();
    let tok: Vec<&str> = with_raw.iter().map(|&i| rows[i].1.as_str()).collect();
    let e_raw = Evaluation::new(&labels, &gold, &predict(&router, &labels, &raw));
    let e_tok = Evaluation::new(&labels, &gold, &predict(&router, &labels, &tok));

    let all: Vec<(&str, &str)> = rows.iter().map(|r| (r.1.as_str(), r.0.as_str())).collect();
    let started = Instant::now();
    let full = train_fn(&all);
    let train_s = started.elapsed().as_secs_f64();
    let us_raw = us_per_ticket(&router, &raw);
    let all_tok: Vec<&str> = rows.iter().map(|r| r.1.as_str()).collect();
    let us_tok = us_per_ticket(&full, &all_tok);
    println!(
        "cv {mean:.4} [{}] | raw {:.4} (same rows as tokens {:.4}) | train {train_s:.1} s | \
         µs raw {us_raw:.1} tokens {us_tok:.1} | features {} bytes {}",
        f1s.iter()
            .map(|f| format!("{f:.4}"))
            .collect::<Vec<_>>()
            .join(" "),
        e_raw.macro_f1,
        e_tok.macro_f1,
        full.features(),
        full.to_bytes().len()
    );
}
