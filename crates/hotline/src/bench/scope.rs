//! `hotline bench scope`: the scope screen (受理范围) on the shipped cases, caller records the
//! project wrote with their known answers (`hotline_text::screen::cases`), and on real messages
//! (the TipDM 2020 C folder, subject and body, screened as the written messages they are), which
//! are nearly all ordinary matters that a centre accepts: the share flagged bounds the false alarms from above, and `--list` prints
//! them for a hand check. Also the time to screen a message. Prints one JSON line; misses on
//! the cases go to stderr.
use std::collections::BTreeMap;
use std::path::Path;
use std::time::Instant;

use anyhow::Context as _;
use serde_json::{json, Value};

use hotline_text::screen::cases::{self, Case};
use hotline_text::screen::{Dated, ScopeRules, Screener, Telling};

use super::repeats::{read_messages, FILES};

pub fn run(
    data: &Path,
    rules: Option<&Path>,
    case_file: Option<&Path>,
    list: bool,
) -> anyhow::Result<()> {
    let rules = match rules {
        Some(path) => {
            let text = std::fs::read_to_string(path)
                .with_context(|| format!("reading the rule file {}", path.display()))?;
            ScopeRules::from_toml(&text)?
        }
        None => ScopeRules::builtin()?,
    };
    let screener = Screener::new(rules)?;
    let cases: Vec<Case> = match case_file {
        Some(path) => {
            let text = std::fs::read_to_string(path)
                .with_context(|| format!("reading the case file {}", path.display()))?;
            cases::parse_cases(&text).map_err(|e| anyhow::anyhow!("{}: {e}", path.display()))?
        }
        None => cases::parse_cases(cases::BUILTIN_CASES).map_err(anyhow::Error::msg)?,
    };
    let report = cases::evaluate(&screener, &cases);
    for m in &report.misses {
        eprintln!(
            "miss: expected {:?}, fired {:?}: {}",
            m.expect, m.fired, m.text
        );
    }
    let corpus = if data.join(FILES[0]).exists() {
        corpus(&screener, data, list)?
    } else {
        json!({ "skipped": format!("no {} in {}", FILES[0], data.display()) })
    };
    println!(
        "{}",
        json!({
            "bench": "scope",
            "cases": {
                "cases": report.cases,
                "passed": report.passed,
                "should_fire": report.should_fire,
                "caught": report.caught,
                "should_accept": report.should_accept,
                "clean": report.clean,
            },
            "real_messages": corpus,
        })
    );
    Ok(())
}

/// The data set's own city as the service would know it (`Reference::home`): the city is
/// anonymised as A市 in 西地省, its districts and counties as A1…A9 (A1区, A7县). Without them
/// every message that also names another city would count as a matter elsewhere.
const DATA_HOME: [&str; 11] = [
    "A市",
    "西地省",
    "A1",
    "A2",
    "A3",
    "A4",
    "A5",
    "A6",
    "A7",
    "A8",
    "A9",
];

fn corpus(screener: &Screener, data: &Path, list: bool) -> anyhow::Result<Value> {
    let messages = read_messages(data)?;
    let home: Vec<String> = DATA_HOME.map(String::from).to_vec();
    let written =
        |text: &str| screener.screen_in_city(text, Telling::Written, &Dated::default(), &home);
    let texts: Vec<String> = messages
        .iter()
        .map(|m| format!("{}\n{}", m.subject, m.body))
        .collect();
    let (mut flagged, mut emergency, mut emergency_if_live) = (0usize, 0usize, 0usize);
    let mut by_rule: BTreeMap<String, usize> = BTreeMap::new();
    for (m, text) in messages.iter().zip(&texts) {
        emergency_if_live += usize::from(!screener.screen(text).emergency.is_empty());
        let verdict = written(text);
        if verdict.accept {
            continue;
        }
        flagged += 1;
        emergency += usize::from(!verdict.emergency.is_empty());
        let fired = cases::fired(&verdict);
        for rule in &fired {
            *by_rule.entry(rule.clone()).or_default() += 1;
        }
        if list {
            let words: Vec<&str> = (verdict.emergency.iter().flat_map(|h| &h.matched))
                .chain(verdict.not_accepted.iter().flat_map(|h| &h.matched))
                .chain(verdict.out_of_remit.iter().flat_map(|h| &h.matched))
                .map(|t| t.term.as_str())
                .collect();
            eprintln!("{} {} {fired:?} {words:?}", m.file, m.id);
        }
    }
    // The median of passes over every message, per message.
    let mut passes: Vec<f64> = (0..5)
        .map(|_| {
            let started = Instant::now();
            let mut sink = 0usize;
            for text in &texts {
                sink += usize::from(written(text).accept);
            }
            std::hint::black_box(sink);
            started.elapsed().as_secs_f64() * 1e6 / texts.len().max(1) as f64
        })
        .collect();
    passes.sort_by(f64::total_cmp);
    let share = |n: usize| (n as f64 / messages.len().max(1) as f64 * 1000.0).round() / 1000.0;
    Ok(json!({
        "messages": messages.len(),
        "flagged": flagged,
        "flagged_share": share(flagged),
        "emergency": emergency,
        "emergency_share": share(emergency),
        "emergency_if_read_as_calls": emergency_if_live,
        "by_rule": by_rule,
        "us_per_message": (passes[passes.len() / 2] * 10.0).round() / 10.0,
    }))
}
