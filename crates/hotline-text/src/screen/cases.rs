//! Checking a rule set against caller records with known answers: the project's own cases
//! (`assets/scope_cases.toml`) in tests and in `hotline bench scope`. A case passes when every
//! rule that fires is expected or allowed, and, when rules are expected, one of them fires.
use serde::{Deserialize, Serialize};

use super::{Screener, Telling, Verdict};

pub const BUILTIN_CASES: &str = include_str!("../../assets/scope_cases.toml");

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Case {
    pub text: String,
    /// One of these rules must fire; empty: the record is plainly accepted.
    #[serde(default)]
    pub expect: Vec<String>,
    /// Rules that may fire besides.
    #[serde(default)]
    pub also: Vec<String>,
    /// A written message (web, mailbox) rather than a call (see `Telling`).
    #[serde(default)]
    pub written: bool,
}

impl Case {
    /// How the record reached the centre.
    pub fn telling(&self) -> Telling {
        if self.written {
            Telling::Written
        } else {
            Telling::Live
        }
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CaseFile {
    case: Vec<Case>,
}

/// Cases from TOML (`[[case]]` tables), or what is wrong with them.
pub fn parse_cases(text: &str) -> Result<Vec<Case>, String> {
    toml::from_str::<CaseFile>(text)
        .map(|f| f.case)
        .map_err(|e| e.message().trim().to_string())
}

/// A case the rules got wrong.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Miss {
    pub text: String,
    pub expect: Vec<String>,
    pub fired: Vec<String>,
}

/// How a rule set does on cases.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct CaseReport {
    pub cases: usize,
    pub passed: usize,
    /// Cases that expect a rule, and those where one of the expected rules fired.
    pub should_fire: usize,
    pub caught: usize,
    /// Cases that expect plain acceptance, and those where no rule (beyond `also`) fired.
    pub should_accept: usize,
    pub clean: usize,
    pub misses: Vec<Miss>,
}

/// The ids of every rule that fired.
pub fn fired(verdict: &Verdict) -> Vec<String> {
    let emergency = verdict.emergency.iter().map(|h| &h.rule);
    let others = verdict.not_accepted.iter().chain(&verdict.out_of_remit);
    emergency.chain(others.map(|h| &h.rule)).cloned().collect()
}

pub fn evaluate(screener: &Screener, cases: &[Case]) -> CaseReport {
    let mut report = CaseReport {
        cases: cases.len(),
        ..CaseReport::default()
    };
    for case in cases {
        let fired = fired(&screener.screen_as(&case.text, case.telling()));
        let allowed = |r: &String| case.expect.contains(r) || case.also.contains(r);
        let only_allowed = fired.iter().all(allowed);
        let pass = if case.expect.is_empty() {
            report.should_accept += 1;
            report.clean += usize::from(only_allowed);
            only_allowed
        } else {
            report.should_fire += 1;
            let hit = fired.iter().any(|r| case.expect.contains(r));
            report.caught += usize::from(hit);
            hit && only_allowed
        };
        if pass {
            report.passed += 1;
        } else {
            report.misses.push(Miss {
                text: case.text.clone(),
                expect: case.expect.clone(),
                fired,
            });
        }
    }
    report
}
