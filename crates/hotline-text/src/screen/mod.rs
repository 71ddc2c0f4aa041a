//! Scope screening (受理范围): does a draft fall outside what the hotline takes? Three kinds of
//! rule, all data (`assets/scope_rules.toml`): 不予受理 with its legal basis and the channel to tell
//! the caller, the 超出职责范围 catalogue answered with a standard reply, and emergency signals
//! that call for a transfer to 110/119/120/122. Every hit names its rule and the words that fired
//! it, with their character offsets, so the operator sees why.
//!
//! All keywords of all rules go into one Aho-Corasick automaton searched once per text; rules are
//! then decided from the occurrences alone.
pub mod cases;
mod elsewhere;
mod rules;
mod scan;
mod verdict;

use std::collections::HashMap;

use aho_corasick::{AhoCorasick, MatchKind};

pub(crate) use rules::line_of;
use rules::GAP_MARK;
pub use rules::{
    Elsewhere, EmergencyKind, EmergencyRule, Negation, NotAcceptedReason, NotAcceptedRule,
    OutOfRemitRule, RulesError, ScopeRules, Tense, Trigger, Within, DEFAULT_RULES,
};
use scan::Scan;
pub use verdict::{EmergencyHit, MatchedTerm, RuleHit, Verdict};
/// A word or a phrase in parts (`撬…门`) as pattern ids of the shared automaton.
type Phrase = Vec<u32>;

/// A trigger with its words replaced by pattern ids of the shared automaton.
struct CompiledTrigger {
    any: Vec<Phrase>,
    with: Vec<Phrase>,
    without: Vec<Phrase>,
    unless: Vec<Phrase>,
    unless_negatable: bool,
    negatable: bool,
    within: Within,
    current: bool,
    landmark: bool,
    gap: usize,
}

/// Written texts at most this long are read for possible emergencies too: a cry typed in a
/// hurry ("楼下着火了，火很大，烟都冲到五楼了") is short, an account of the past mostly is not. On
/// 3,000 real web messages (median 229 characters), read as calls, signals fire in 103 (all
/// accounts of the past); in the 206 of at most 80 characters, in one.
pub const SHORT_WRITTEN_CHARS: usize = 80;

/// How a text reached the centre. A call (or a grid worker on the spot) tells what is happening;
/// a written message (web, mailbox, WeChat, a platform) is read later and mostly tells what
/// happened, so there a `current = true` keyword counts only when its clause has a present cue
/// (现在, 正在): a web petition that recounts a beating is not a call to transfer to 110.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Telling {
    #[default]
    Live,
    Written,
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
    /// Past cues, then present cues (`Tense`), longest first at each position.
    tense: AhoCorasick,
    /// How many patterns of `tense` are past cues; up to these many, past or over cues, then
    /// past, over or earlier cues, then those or aside cues, then those or present cues, then
    /// those or waiting cues, then those or clause-past cues; the rest are contact cues.
    past_cues: usize,
    /// Over cues from here to `over_cues` are `called` ones.
    called_from: usize,
    over_cues: usize,
    earlier_cues: usize,
    aside_cues: usize,
    present_cues: usize,
    cry_cues_from: usize,
    waiting_cues: usize,
    clause_past_cues: usize,
    /// Words of position after an institution's name (`Landmark`).
    landmarks: AhoCorasick,
    /// Cues of a matter going on still or again (`Tense::still`).
    still: AhoCorasick,
    /// Places elsewhere (`Elsewhere`), when the rules name any.
    elsewhere: Option<elsewhere::ElsewhereMatcher>,
}

impl Screener {
    /// The screener over the project's default rules.
    pub fn builtin() -> Result<Screener, RulesError> {
        Screener::new(ScopeRules::builtin()?)
    }

    /// Compile checked rules (rules built in code are checked here).
    pub fn new(mut rules: ScopeRules) -> Result<Screener, RulesError> {
        rules.validate()?;
        rules.fold_script();
        let mut ids: HashMap<String, u32> = HashMap::new();
        let mut words: Vec<String> = Vec::new();
        let mut id_of = |w: &String| -> u32 {
            *ids.entry(w.clone()).or_insert_with(|| {
                words.push(w.clone());
                (words.len() - 1) as u32
            })
        };
        let mut phrases = |list: &[String]| -> Vec<Phrase> {
            list.iter()
                .map(|w| {
                    w.split(GAP_MARK)
                        .map(|part| id_of(&part.to_string()))
                        .collect()
                })
                .collect()
        };
        let mut compile = |triggers: &[Trigger]| -> Vec<CompiledTrigger> {
            triggers
                .iter()
                .map(|t| CompiledTrigger {
                    any: phrases(&t.any),
                    with: phrases(&t.with),
                    without: phrases(&t.without),
                    unless: phrases(&t.unless),
                    unless_negatable: t.unless_negatable,
                    negatable: t.negatable,
                    within: t.within,
                    current: t.current,
                    landmark: t.landmark,
                    gap: t.gap,
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
            message: format!(
                "关键词太多，无法建立匹配器 / the keyword automaton cannot be built: {e}"
            ),
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
        let tense_words: Vec<&String> = rules
            .tense
            .past
            .iter()
            .chain(&rules.tense.over)
            .chain(&rules.tense.called)
            .chain(&rules.tense.earlier)
            .chain(&rules.tense.aside)
            .chain(&rules.tense.present)
            .chain(&rules.tense.cries)
            .chain(&rules.tense.waiting)
            .chain(&rules.tense.clause_past)
            .chain(&rules.tense.contact)
            .collect();
        let tense = AhoCorasick::builder()
            .match_kind(MatchKind::LeftmostLongest)
            .build(&tense_words)
            .map_err(automaton_error)?;
        let landmarks = AhoCorasick::builder()
            .match_kind(MatchKind::LeftmostLongest)
            .build(&rules.landmark.words)
            .map_err(automaton_error)?;
        let still = AhoCorasick::builder()
            .match_kind(MatchKind::LeftmostLongest)
            .build(&rules.tense.still)
            .map_err(automaton_error)?;
        let elsewhere =
            elsewhere::ElsewhereMatcher::new(&rules.elsewhere).map_err(automaton_error)?;
        Ok(Screener {
            elsewhere,
            landmarks,
            still,
            past_cues: rules.tense.past.len(),
            called_from: rules.tense.past.len() + rules.tense.over.len(),
            over_cues: rules.tense.past.len() + rules.tense.over.len() + rules.tense.called.len(),
            // Earlier cues count where aside cues do.
            aside_cues: rules.tense.past.len()
                + rules.tense.over.len()
                + rules.tense.called.len()
                + rules.tense.earlier.len()
                + rules.tense.aside.len(),
            // Cries are present cues too, the last of them.
            cry_cues_from: tense_words.len()
                - rules.tense.cries.len()
                - rules.tense.waiting.len()
                - rules.tense.clause_past.len()
                - rules.tense.contact.len(),
            present_cues: tense_words.len()
                - rules.tense.waiting.len()
                - rules.tense.clause_past.len()
                - rules.tense.contact.len(),
            waiting_cues: tense_words.len()
                - rules.tense.clause_past.len()
                - rules.tense.contact.len(),
            clause_past_cues: tense_words.len() - rules.tense.contact.len(),
            earlier_cues: rules.tense.past.len()
                + rules.tense.over.len()
                + rules.tense.called.len()
                + rules.tense.earlier.len(),
            tense,
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

    /// Screen one text heard live (a call).
    pub fn screen(&self, text: &str) -> Verdict {
        self.screen_as(text, Telling::Live)
    }

    /// Screen one text told live or in writing (see `Telling`).
    pub fn screen_as(&self, text: &str, telling: Telling) -> Verdict {
        self.screen_dated(text, telling, &Dated::default())
    }

    /// Screen one text with what its dates say, as the time extractor read them against when
    /// the call came (byte offsets of the expressions): `dates.gone` name a day well before it
    /// (3月10日, 2025年5月) and tell of the matter as 昨天 does, in the keyword's clause and the
    /// sentence before it ("3月10日在南昌路发生交通事故，对责任认定不服" is no accident now);
    /// `dates.today` name the day of the call and, in the keyword's clause, say it is now
    /// ("我1月10日报修过，今天燃气管道又漏气了"). A cry for help in writing is not silenced by a
    /// date.
    ///
    /// A short written text (`SHORT_WRITTEN_CHARS`) also gets the signals a call telling the
    /// same would prompt but the text does not say are happening now
    /// (`Verdict::possible_emergency`): the writer is called back to check.
    pub fn screen_dated(&self, text: &str, telling: Telling, dates: &Dated) -> Verdict {
        self.screen_in_city(text, telling, dates, &[])
    }

    /// `screen_dated` for a city known by `home` names besides the rules' own (its districts,
    /// its name as its units carry it): a text naming one is about the city, not elsewhere
    /// (`Elsewhere`).
    pub fn screen_in_city(
        &self,
        text: &str,
        telling: Telling,
        dates: &Dated,
        home: &[String],
    ) -> Verdict {
        // Read in simplified script, as the rules are written (電梯困人 is 电梯困人); offsets
        // into the fold are offsets into `text`.
        let folded = crate::script::simplified(text);
        let text: &str = &folded;
        let scan_as = |telling| {
            let mut scan = Scan::new(self, text, telling);
            let within = |b: &&usize| **b <= text.len();
            scan.dated.extend(dates.gone.iter().filter(within));
            scan.dated.sort_unstable();
            if !dates.today.is_empty() {
                scan.present.extend(dates.today.iter().filter(within));
                scan.present.sort_unstable();
                scan.present.dedup();
            }
            scan
        };
        let scan = scan_as(telling);
        let mut verdict = Verdict {
            emergency: Vec::new(),
            possible_emergency: Vec::new(),
            not_accepted: Vec::new(),
            out_of_remit: Vec::new(),
            accept: true,
        };
        let hit = |rule: &EmergencyRule, matched| EmergencyHit {
            rule: rule.id.clone(),
            kind: rule.kind,
            service: rule.service.clone(),
            label: rule.label.clone(),
            reply: rule.reply.clone(),
            callback: false,
            matched,
        };
        let mut unfired = Vec::new();
        for (rule, triggers) in self.rules.emergency.iter().zip(&self.emergency) {
            match scan.fire(triggers) {
                Some(matched) => verdict.emergency.push(hit(rule, matched)),
                None => unfired.push((rule, triggers)),
            }
        }
        let short = || text.chars().count() <= SHORT_WRITTEN_CHARS;
        if telling == Telling::Written && !unfired.is_empty() && short() {
            let live = scan_as(Telling::Live);
            for (rule, triggers) in unfired {
                if let Some(matched) = live.fire(triggers) {
                    verdict.possible_emergency.push(hit(rule, matched));
                }
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
                verdict.out_of_remit.push(rule.hit(matched));
            }
        }
        // An emergency is transferred wherever it is: no second verdict about the place.
        let no_emergency = verdict.emergency.is_empty();
        let elsewhere_rule = self
            .elsewhere
            .as_ref()
            .filter(|_| no_emergency)
            .and_then(|m| {
                let rule =
                    (self.rules.out_of_remit.iter()).find(|r| r.id == self.rules.elsewhere.rule)?;
                // Not twice for one matter: a rule of its category (外地的政策) has told it already.
                let fired = verdict.out_of_remit.iter().any(|h| h.code == rule.category);
                Some((m, rule)).filter(|_| !fired)
            });
        if let Some((matcher, rule)) = elsewhere_rule {
            if let Some(term) = matcher.find(text, home) {
                verdict.out_of_remit.push(rule.hit(vec![term]));
            }
        }
        verdict.accept = verdict.emergency.is_empty()
            && verdict.not_accepted.is_empty()
            && verdict.out_of_remit.is_empty();
        verdict
    }
}

/// Where a text's dates stand against the day it is told on (see `Screener::screen_dated`):
/// byte offsets of time expressions.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Dated {
    pub gone: Vec<usize>,
    pub today: Vec<usize>,
}

#[cfg(test)]
mod tests;
