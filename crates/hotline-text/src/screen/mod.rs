//! Scope screening (受理范围): does a draft fall outside what the hotline takes? Three kinds of
//! rule, all data (`assets/scope_rules.toml`): 不予受理 with its legal basis and the channel to tell
//! the caller, the 超出职责范围 catalogue answered with a standard reply, and emergency signals
//! that call for a transfer to 110/119/120/122. Every hit names its rule and the words that fired
//! it, with their character offsets, so the operator sees why.
//!
//! All keywords of all rules go into one Aho-Corasick automaton searched once per text; rules are
//! then decided from the occurrences alone.
mod rules;

use std::collections::HashMap;

use aho_corasick::{AhoCorasick, MatchKind};
use serde::Serialize;

pub(crate) use rules::line_of;
pub use rules::{
    EmergencyKind, EmergencyRule, Negation, NotAcceptedReason, NotAcceptedRule, OutOfRemitRule,
    RulesError, ScopeRules, Trigger, DEFAULT_RULES,
};

/// A word of the text that made a rule fire. Offsets count characters, end exclusive.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MatchedTerm {
    pub term: String,
    pub start: usize,
    pub end: usize,
}

/// A 不予受理 or 超出职责范围 rule that fired.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RuleHit {
    /// The rule's id in the rule file.
    pub rule: String,
    /// 不予受理: the reason (`litigation`, …, the domain's `NotAcceptedReason` names);
    /// 超出职责范围: the catalogue category.
    pub code: String,
    /// 不予受理: the reason's label; 超出职责范围: the situation.
    pub label: String,
    /// The legal basis (不予受理 only).
    pub basis: Option<String>,
    /// Where the caller should go instead.
    pub channel: Option<String>,
    /// What the operator says.
    pub reply: String,
    pub matched: Vec<MatchedTerm>,
}

/// An emergency signal: transfer the call to `service`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct EmergencyHit {
    pub rule: String,
    pub kind: EmergencyKind,
    pub service: String,
    pub label: String,
    pub reply: String,
    pub matched: Vec<MatchedTerm>,
}

/// The screen of one text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Verdict {
    pub emergency: Vec<EmergencyHit>,
    pub not_accepted: Vec<RuleHit>,
    pub out_of_remit: Vec<RuleHit>,
    /// True when no rule fired: the draft may become a ticket. An emergency is transferred, not
    /// accepted, so it makes this false too.
    pub accept: bool,
}

/// A trigger with its words replaced by pattern ids of the shared automaton.
struct CompiledTrigger {
    any: Vec<u32>,
    with: Vec<u32>,
    without: Vec<u32>,
    unless: Vec<u32>,
    negatable: bool,
}

/// The screener: rules compiled once, then `screen` per text (shareable across threads).
pub struct Screener {
    rules: ScopeRules,
    terms: AhoCorasick,
    not_accepted: Vec<Vec<CompiledTrigger>>,
    out_of_remit: Vec<Vec<CompiledTrigger>>,
    emergency: Vec<Vec<CompiledTrigger>>,
    /// Negation cues and look-alikes, longest first at each position.
    cues: AhoCorasick,
    /// How many patterns of `cues` are real cues (the rest are look-alikes).
    real_cues: usize,
}

impl Screener {
    /// The screener over the project's default rules.
    pub fn builtin() -> Result<Screener, RulesError> {
        Screener::new(ScopeRules::builtin()?)
    }

    /// Compile checked rules (rules built in code are checked here).
    pub fn new(rules: ScopeRules) -> Result<Screener, RulesError> {
        rules.validate()?;
        let mut ids: HashMap<String, u32> = HashMap::new();
        let mut words: Vec<String> = Vec::new();
        let mut id_of = |w: &String| -> u32 {
            *ids.entry(w.clone()).or_insert_with(|| {
                words.push(w.clone());
                (words.len() - 1) as u32
            })
        };
        let mut compile = |triggers: &[Trigger]| -> Vec<CompiledTrigger> {
            triggers
                .iter()
                .map(|t| CompiledTrigger {
                    any: t.any.iter().map(&mut id_of).collect(),
                    with: t.with.iter().map(&mut id_of).collect(),
                    without: t.without.iter().map(&mut id_of).collect(),
                    unless: t.unless.iter().map(&mut id_of).collect(),
                    negatable: t.negatable,
                })
                .collect()
        };
        let not_accepted = rules
            .not_accepted
            .iter()
            .map(|r| compile(&r.triggers))
            .collect();
        let out_of_remit = rules
            .out_of_remit
            .iter()
            .map(|r| compile(&r.triggers))
            .collect();
        let emergency = rules
            .emergency
            .iter()
            .map(|r| compile(&r.triggers))
            .collect();
        let automaton_error = |e: aho_corasick::BuildError| RulesError {
            line: None,
            rule: None,
            message: format!("the keyword automaton cannot be built: {e}"),
        };
        // A full DFA (about 2 MB for the default rules) halves the search time of the default
        // contiguous NFA; overlapping search needs the standard match kind.
        let terms = AhoCorasick::builder()
            .match_kind(MatchKind::Standard)
            .kind(Some(aho_corasick::AhoCorasickKind::DFA))
            .build(&words)
            .map_err(automaton_error)?;
        let negation = &rules.negation;
        let cue_words: Vec<&String> = negation.cues.iter().chain(&negation.not_cues).collect();
        let cues = AhoCorasick::builder()
            .match_kind(MatchKind::LeftmostLongest)
            .build(&cue_words)
            .map_err(automaton_error)?;
        Ok(Screener {
            real_cues: negation.cues.len(),
            rules,
            terms,
            not_accepted,
            out_of_remit,
            emergency,
            cues,
        })
    }

    pub fn rules(&self) -> &ScopeRules {
        &self.rules
    }

    /// Screen one text.
    pub fn screen(&self, text: &str) -> Verdict {
        let scan = Scan::new(self, text);
        let mut verdict = Verdict {
            emergency: Vec::new(),
            not_accepted: Vec::new(),
            out_of_remit: Vec::new(),
            accept: true,
        };
        for (rule, triggers) in self.rules.emergency.iter().zip(&self.emergency) {
            if let Some(matched) = scan.fire(triggers) {
                verdict.emergency.push(EmergencyHit {
                    rule: rule.id.clone(),
                    kind: rule.kind,
                    service: rule.service.clone(),
                    label: rule.label.clone(),
                    reply: rule.reply.clone(),
                    matched,
                });
            }
        }
        for (rule, triggers) in self.rules.not_accepted.iter().zip(&self.not_accepted) {
            if let Some(matched) = scan.fire(triggers) {
                verdict.not_accepted.push(RuleHit {
                    rule: rule.id.clone(),
                    code: rule.reason.as_str().to_string(),
                    label: rule.label.clone(),
                    basis: Some(rule.basis.clone()),
                    channel: Some(rule.channel.clone()),
                    reply: rule.reply.clone(),
                    matched,
                });
            }
        }
        for (rule, triggers) in self.rules.out_of_remit.iter().zip(&self.out_of_remit) {
            if let Some(matched) = scan.fire(triggers) {
                verdict.out_of_remit.push(RuleHit {
                    rule: rule.id.clone(),
                    code: rule.category.clone(),
                    label: rule.situation.clone(),
                    basis: None,
                    channel: rule.channel.clone(),
                    reply: rule.reply.clone(),
                    matched,
                });
            }
        }
        verdict.accept = verdict.emergency.is_empty()
            && verdict.not_accepted.is_empty()
            && verdict.out_of_remit.is_empty();
        verdict
    }
}

/// Clause boundaries: a negation never reaches across them.
fn is_clause_break(c: char) -> bool {
    matches!(
        c,
        '，' | '。' | '！' | '？' | '；' | '：' | ',' | '!' | '?' | ';' | ':' | '\n' | '\r'
    )
}

/// The occurrences of every keyword in one text.
struct Scan<'a> {
    screener: &'a Screener,
    text: &'a str,
    /// (pattern id, byte start, byte end), sorted by pattern id then start.
    found: Vec<(u32, usize, usize)>,
    /// Byte ends of real negation cues, ascending.
    cue_ends: Vec<usize>,
}

impl<'a> Scan<'a> {
    fn new(screener: &'a Screener, text: &'a str) -> Scan<'a> {
        let mut found: Vec<(u32, usize, usize)> = screener
            .terms
            .find_overlapping_iter(text)
            .map(|m| (m.pattern().as_u32(), m.start(), m.end()))
            .collect();
        found.sort_unstable();
        let cue_ends = screener
            .cues
            .find_iter(text)
            .filter(|m| m.pattern().as_usize() < screener.real_cues)
            .map(|m| m.end())
            .collect();
        Scan {
            screener,
            text,
            found,
            cue_ends,
        }
    }

    fn occurrences(&self, pattern: u32) -> &[(u32, usize, usize)] {
        let from = self.found.partition_point(|o| o.0 < pattern);
        let to = self.found.partition_point(|o| o.0 <= pattern);
        &self.found[from..to]
    }

    /// Whether a negation cue ends shortly before byte `start`, in the same clause.
    fn negated(&self, start: usize) -> bool {
        let window = self.screener.rules.negation.window;
        // Only the nearest cue can qualify: any earlier one is further away and behind the same gap.
        let before = self.cue_ends.partition_point(|&e| e <= start);
        let Some(&end) = before.checked_sub(1).and_then(|i| self.cue_ends.get(i)) else {
            return false;
        };
        let gap = &self.text[end..start];
        !gap.chars().any(is_clause_break) && gap.chars().count() <= window
    }

    /// The words of every trigger that fires, or None when none does.
    fn fire(&self, triggers: &[CompiledTrigger]) -> Option<Vec<MatchedTerm>> {
        let mut matched: Vec<(usize, usize)> = Vec::new();
        for t in triggers {
            if t.unless.iter().any(|&p| !self.occurrences(p).is_empty()) {
                continue;
            }
            let covered = |s: usize, e: usize| {
                t.without
                    .iter()
                    .flat_map(|&p| self.occurrences(p))
                    .any(|&(_, ws, we)| ws < e && s < we)
            };
            let live = |words: &[u32]| -> Vec<(usize, usize)> {
                words
                    .iter()
                    .flat_map(|&p| self.occurrences(p))
                    .filter(|&&(_, s, e)| !(covered(s, e) || (t.negatable && self.negated(s))))
                    .map(|&(_, s, e)| (s, e))
                    .collect()
            };
            let keys = live(&t.any);
            if keys.is_empty() {
                continue;
            }
            let partners = live(&t.with);
            if !t.with.is_empty() && partners.is_empty() {
                continue;
            }
            matched.extend(keys);
            matched.extend(partners);
        }
        if matched.is_empty() {
            return None;
        }
        matched.sort_unstable();
        matched.dedup();
        Some(matched.into_iter().map(|(s, e)| self.term(s, e)).collect())
    }

    fn term(&self, start: usize, end: usize) -> MatchedTerm {
        let before = self.text[..start].chars().count();
        let term = &self.text[start..end];
        MatchedTerm {
            term: term.to_string(),
            start: before,
            end: before + term.chars().count(),
        }
    }
}

#[cfg(test)]
mod tests;
