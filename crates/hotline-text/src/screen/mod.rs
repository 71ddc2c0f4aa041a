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
mod verdict;

use std::collections::HashMap;

use aho_corasick::{AhoCorasick, MatchKind};

// Sentence boundaries: a `with` partner is looked for between them (by default), and a tense
// cue reaches as far.
use crate::is_sentence_break;

pub(crate) use rules::line_of;
use rules::GAP_MARK;
pub use rules::{
    Elsewhere, EmergencyKind, EmergencyRule, Negation, NotAcceptedReason, NotAcceptedRule,
    OutOfRemitRule, RulesError, ScopeRules, Tense, Trigger, Within, DEFAULT_RULES,
};
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

/// Words of degree or number before a noun ("严重", "一起"): they do not make it another noun.
const DEGREE_WORDS: &[&str] = &[
    "严重", "重大", "特大", "恶性", "多起", "一起", "这种", "那种",
];

/// Where a text's dates stand against the day it is told on (see `Screener::screen_dated`):
/// byte offsets of time expressions.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Dated {
    pub gone: Vec<usize>,
    pub today: Vec<usize>,
}

/// Clause boundaries: a negation or the parts of a phrase never reach across them.
fn is_clause_break(c: char) -> bool {
    is_sentence_break(c) || matches!(c, '，' | '：' | ',' | ':')
}

/// The occurrences of every keyword in one text.
struct Scan<'a> {
    screener: &'a Screener,
    text: &'a str,
    /// (pattern id, byte start, byte end), sorted by pattern id then start.
    found: Vec<(u32, usize, usize)>,
    /// Byte ends of real negation cues of one character, and of longer ones, ascending.
    short_cue_ends: Vec<usize>,
    cue_ends: Vec<usize>,
    /// Byte starts of past, aside, present and waiting cues, ascending.
    past: Vec<usize>,
    aside: Vec<usize>,
    present: Vec<usize>,
    /// Byte starts of cries for help (present cues too), ascending.
    cries: Vec<usize>,
    waiting: Vec<usize>,
    /// Over cues not negated (and of those, help called), earlier cues and clause-past cues,
    /// ascending.
    over: Vec<usize>,
    called: Vec<usize>,
    earlier: Vec<usize>,
    /// Dates of days gone by (`Dated::gone`), ascending.
    dated: Vec<usize>,
    clause_past: Vec<usize>,
    /// Contact cues: start, and whether they describe a noun ("投诉过的那家店": followed by 的).
    contact: Vec<(usize, bool)>,
    /// Byte starts of words of position (旁边, 门口), ascending.
    landmarks: Vec<usize>,
    /// Byte starts of cues of a matter going on still or again, ascending.
    still: Vec<usize>,
    /// Byte offsets where clauses and sentences start, ascending, from 0.
    clauses: Vec<usize>,
    sentences: Vec<usize>,
    telling: Telling,
}

impl<'a> Scan<'a> {
    fn new(screener: &'a Screener, text: &'a str, telling: Telling) -> Scan<'a> {
        let mut found: Vec<(u32, usize, usize)> = screener
            .terms
            .find_overlapping_iter(text)
            .map(|m| (m.pattern().as_u32(), m.start(), m.end()))
            .collect();
        found.sort_unstable();
        let (mut short_cue_ends, mut cue_ends) = (Vec::new(), Vec::new());
        for m in screener.cues.find_iter(text) {
            if m.pattern().as_usize() < screener.real_cues {
                if text[m.range()].chars().count() == 1 {
                    short_cue_ends.push(m.end());
                } else {
                    cue_ends.push(m.end());
                }
            }
        }
        let (mut past, mut over, mut called) = (Vec::new(), Vec::new(), Vec::new());
        let (mut aside, mut present, mut waiting) = (Vec::new(), Vec::new(), Vec::new());
        let mut cries = Vec::new();
        let (mut earlier, mut clause_past, mut contact) = (Vec::new(), Vec::new(), Vec::new());
        for m in screener.tense.find_iter(text) {
            let i = m.pattern().as_usize();
            if i < screener.past_cues {
                past.push(m.start());
            } else if i < screener.over_cues {
                over.push(m.start());
                if i >= screener.called_from {
                    called.push(m.start());
                }
            } else if i < screener.earlier_cues {
                earlier.push(m.start());
            } else if i < screener.aside_cues {
                aside.push(m.start());
            } else if i < screener.present_cues {
                present.push(m.start());
                if i >= screener.cry_cues_from {
                    cries.push(m.start());
                }
            } else if i < screener.waiting_cues {
                waiting.push(m.start());
            } else if i < screener.clause_past_cues {
                clause_past.push(m.start());
            } else {
                let attributive =
                    text[m.range()].ends_with('的') || text[m.end()..].starts_with('的');
                contact.push((m.start(), attributive));
            }
        }
        let starts = |is_break: fn(char) -> bool| -> Vec<usize> {
            std::iter::once(0)
                .chain(
                    text.char_indices()
                        .filter(|&(_, c)| is_break(c))
                        .map(|(i, c)| i + c.len_utf8()),
                )
                .collect()
        };
        let mut scan = Scan {
            screener,
            text,
            found,
            short_cue_ends,
            cue_ends,
            past,
            aside,
            present,
            cries,
            waiting,
            over: Vec::new(),
            called: Vec::new(),
            earlier,
            dated: Vec::new(),
            clause_past,
            contact,
            landmarks: screener
                .landmarks
                .find_iter(text)
                .map(|m| m.start())
                .collect(),
            still: screener.still.find_iter(text).map(|m| m.start()).collect(),
            clauses: starts(is_clause_break),
            sentences: starts(is_sentence_break),
            telling,
        };
        // An end that is denied is no end: 还没扑灭 is a fire still burning. Only `over` cues
        // turn so; 不予赔偿 or 没有处理结果 is still about a matter long past.
        scan.over = over.into_iter().filter(|&s| !scan.negated(s)).collect();
        scan.called = called.into_iter().filter(|&s| !scan.negated(s)).collect();
        scan
    }

    fn occurrences(&self, pattern: u32) -> &[(u32, usize, usize)] {
        let from = self.found.partition_point(|o| o.0 < pattern);
        let to = self.found.partition_point(|o| o.0 <= pattern);
        &self.found[from..to]
    }

    /// The byte range of the unit (clause, sentence or the whole text) holding byte `at`.
    fn unit(&self, at: usize, within: Within) -> (usize, usize) {
        let starts = match within {
            Within::Clause => &self.clauses,
            Within::Sentence => &self.sentences,
            Within::Text => return (0, self.text.len()),
        };
        let i = starts.partition_point(|&s| s <= at);
        let start = starts[i.saturating_sub(1)];
        let end = starts.get(i).copied().unwrap_or(self.text.len());
        (start, end)
    }

    /// Byte spans of a phrase: a word's occurrences; for a phrase in parts, each occurrence of
    /// its first part followed by the next parts in order, each within `gap` characters of the
    /// one before, in the same clause.
    fn spans(&self, phrase: &[u32], gap: usize) -> Vec<(usize, usize)> {
        let Some((&first, rest)) = phrase.split_first() else {
            return Vec::new();
        };
        let mut out = Vec::new();
        'start: for &(_, start, end) in self.occurrences(first) {
            let mut at = end;
            for &part in rest {
                // Occurrences are in text order: only the first at or after `at` can qualify,
                // as any later one is further away, past the same clause breaks. Linear in the
                // text whatever it repeats (a text of 2,500 撬 and 2,500 门 once took seconds).
                let next = self.occurrences(part);
                let Some(&(_, s, e)) = next.get(next.partition_point(|o| o.1 < at)) else {
                    continue 'start;
                };
                let near = self.text[at..s]
                    .chars()
                    .take(gap + 1)
                    .try_fold(0, |n, c| (!is_clause_break(c)).then_some(n + 1))
                    .is_some_and(|n| n <= gap);
                if !near {
                    continue 'start;
                }
                at = e;
            }
            out.push((start, at));
        }
        out
    }

    /// Whether a negation cue ends shortly before byte `start`, in the same clause.
    fn negated(&self, start: usize) -> bool {
        let negation = &self.screener.rules.negation;
        let near = |ends: &[usize], window: usize| {
            // Only the nearest cue can qualify: any earlier one is further away.
            let before = ends.partition_point(|&e| e <= start);
            before.checked_sub(1).is_some_and(|i| {
                let gap = &self.text[ends[i]..start];
                !gap.chars().any(is_clause_break) && gap.chars().count() <= window
            })
        };
        near(&self.short_cue_ends, negation.short_window) || near(&self.cue_ends, negation.window)
    }

    /// Whether a keyword ending at byte `end` names a place by an institution: a word of
    /// position follows in its clause with only the rest of a name between ("仲裁委员会门口",
    /// "部队营区的旁边"; not "部队把我家门口的路堵了", "部队的车堵门口").
    fn landmark_after(&self, end: usize) -> bool {
        let landmark = &self.screener.rules.landmark;
        let Some(&at) = self
            .landmarks
            .get(self.landmarks.partition_point(|&s| s < end))
        else {
            return false;
        };
        let mut between = &self.text[end..at];
        // Each step takes a name off the front (a few at most: "部队营区大院的").
        for _ in 0..4 {
            between = between.strip_prefix('的').unwrap_or(between);
            if between.is_empty() {
                return true;
            }
            match landmark
                .names
                .iter()
                .find(|n| between.starts_with(n.as_str()))
            {
                Some(n) => between = &between[n.len()..],
                None => return false,
            }
        }
        false
    }

    /// Whether the text talks of a keyword at byte `start` as something past, habitual,
    /// hypothetical, over, feared or heard of: no present cue in its clause, and a written text
    /// (unless a cry for help elsewhere in its sentence, with no past, earlier, aside or habit
    /// cue there, says it is now: "救命，有人被困在电梯里", "楼下着火了，快来人"),
    /// an over cue in its sentence (unless before a clause of the keyword's that says it is now, or
    /// the sentence says help is still awaited),
    /// a past cue in its sentence (from its start to the keyword's clause's end when
    /// the sentence has a waiting cue), a clause-past cue in its clause, or an earlier or aside
    /// cue from its sentence's start to its clause's end.
    fn not_current(&self, start: usize) -> bool {
        let any_in = |cues: &[usize], (from, to): (usize, usize)| {
            let i = cues.partition_point(|&c| c < from);
            cues.get(i).is_some_and(|&c| c < to)
        };
        let clause = self.unit(start, Within::Clause);
        let sentence = self.unit(start, Within::Sentence);
        // Still waiting for help ("着火了，到现在消防车还没来"): what comes after the keyword's
        // clause tells how long, not that it is over (an over cue still says it is).
        let past_in = if any_in(&self.waiting, sentence) {
            (sentence.0, clause.1)
        } else {
            sentence
        };
        // "我是昨天来过电话的", "上周投诉过的那家店": when an earlier call was, not the matter;
        // in the keyword's own clause only when it describes a noun ("我上周投诉过楼下饭店着火的
        // 事" is a matter of last week).
        let about_the_matter = |cue: usize| {
            let (from, to) = self.unit(cue, Within::Clause);
            let own = (from, to) == clause;
            !self
                .contact
                .iter()
                .any(|&(c, attributive)| from <= c && c < to && (attributive || !own))
        };
        let counts_in = |cues: &[usize], (from, to): (usize, usize)| {
            cues.iter()
                .any(|&c| from <= c && c < to && about_the_matter(c))
        };
        // A habit said in a clause before the keyword's tells of it too ("每天晚上，楼上都打孩
        // 子"), unless a present cue comes between ("每天都吵，刚才打起来了，有人被砍伤了").
        // In the keyword's own clause, a habit before a 的 and a noun that is not the keyword
        // describes that noun, not the matter: "我每天上班的化工厂泄漏了" (but "经常发生的交通事
        // 故" and "每天撞车的车祸现场" are habits).
        // The habit and the 的 make a relative clause only with no adverb of a main clause
        // between them ("每天晚上都在家里的客厅打孩子" is a habit of the beating), and the noun is
        // another one only if more than a word of degree stands between the 的 and the keyword
        // ("经常发生的严重交通事故" is a habit of accidents).
        let describes_a_noun = |c: usize| {
            if c >= start {
                return false;
            }
            let span = &self.text[c..start];
            let Some(d) = span.rfind('的') else {
                return false;
            };
            let (relative, noun) = (&span[..d], &span[d + '的'.len_utf8()..]);
            let noun = DEGREE_WORDS
                .iter()
                .fold(noun, |n, w| n.strip_prefix(w).unwrap_or(n));
            !noun.is_empty() && !relative.contains(['都', '在', '也', '又', '还', '就', '会'])
        };
        let habit = self.clause_past.iter().any(|&c| {
            about_the_matter(c)
                && ((clause.0 <= c && c < clause.1 && !describes_a_noun(c))
                    || (sentence.0 <= c && c < clause.0 && !any_in(&self.present, (c, start))))
        });
        // A written text is of the past unless it says it is now: in the keyword's clause, or
        // by a cry for help beside it (救命, 快来人) with nothing in the sentence saying
        // otherwise. Other present cues beside it (现在, 目前) are common in a petition's
        // account of the past ("现在正值高温，机动车起火事故频发").
        let written_of_the_past = self.telling == Telling::Written
            && !(any_in(&self.cries, sentence)
                && !any_in(&self.past, sentence)
                && !any_in(&self.aside, sentence)
                && !counts_in(&self.earlier, sentence)
                && !habit);
        // Over is over, now or not: "刚才着火了，火已经灭了". Only a clause after every over cue
        // that says it goes on still or again is not: "我已经报警了，那个人还在砸门", "火灭了，
        // 现在又烧起来了".
        let now_again = any_in(&self.still, clause) && !any_in(&self.over, (clause.0, sentence.1));
        // Called and still waiting is not over ("着火了，已经打了119，消防车还没来"): a wait told
        // after a call cancels the call, not an end ("火已经扑灭了，警察还没来"), nor an end
        // told after the wait ("消防车还没来火就被邻居扑灭了").
        let over = self.over.iter().any(|&o| {
            sentence.0 <= o
                && o < sentence.1
                && !(self.called.binary_search(&o).is_ok()
                    && any_in(&self.waiting, (o, sentence.1)))
        });
        (over && !now_again)
            || (!any_in(&self.present, clause)
                && (written_of_the_past
                    || any_in(&self.past, past_in)
                    || habit
                    || counts_in(&self.earlier, (sentence.0, clause.1))
                    || any_in(&self.dated, (sentence.0, clause.1))
                    || any_in(&self.aside, (sentence.0, clause.1))))
    }

    /// The words of every trigger that fires, or None when none does.
    fn fire(&self, triggers: &[CompiledTrigger]) -> Option<Vec<MatchedTerm>> {
        let mut matched: Vec<(usize, usize)> = Vec::new();
        for t in triggers {
            // 不同意私了 settles nothing: where the trigger says so, a negated `unless` phrase
            // cancels nothing.
            let unless = |p: &Phrase| {
                self.spans(p, t.gap)
                    .iter()
                    .any(|&(s, _)| !(t.unless_negatable && self.negated(s)))
            };
            if t.unless.iter().any(unless) {
                continue;
            }
            let cancels = Overlaps::new(
                t.without
                    .iter()
                    .flat_map(|p| self.spans(p, t.gap))
                    .collect(),
            );
            let live = |phrases: &[Phrase], key: bool| -> Vec<(usize, usize)> {
                phrases
                    .iter()
                    .flat_map(|p| self.spans(p, t.gap))
                    .filter(|&(s, e)| {
                        !(cancels.any_overlaps(s, e)
                            || (t.negatable && self.negated(s))
                            || (key && t.current && self.not_current(s))
                            || (key && t.landmark && self.landmark_after(e)))
                    })
                    .collect()
            };
            let keys = live(&t.any, true);
            if t.with.is_empty() {
                matched.extend(keys);
                continue;
            }
            let mut partners = live(&t.with, false);
            partners.sort_unstable();
            // Keys of one unit (clause, sentence, text) share its partners: each unit is looked
            // up once, and its partners are taken once, so the work stays linear in the words
            // found however many keys and partners a rule has.
            let mut units: HashMap<(usize, usize), bool> = HashMap::new();
            for key in keys {
                let (from, to) = self.unit(key.0, t.within);
                let found = *units.entry((from, to)).or_insert_with(|| {
                    let lo = partners.partition_point(|&(s, _)| s < from);
                    let hi = partners.partition_point(|&(s, _)| s < to);
                    let before = matched.len();
                    matched.extend(partners[lo..hi].iter().copied().filter(|&(_, e)| e <= to));
                    matched.len() > before
                });
                if found {
                    matched.push(key);
                }
            }
        }
        if matched.is_empty() {
            return None;
        }
        // Overlapping words (已经起诉 and 起诉了) are shown as one.
        matched.sort_unstable();
        let mut merged: Vec<(usize, usize)> = Vec::with_capacity(matched.len());
        for (s, e) in matched {
            match merged.last_mut() {
                Some(last) if s < last.1 => last.1 = last.1.max(e),
                _ => merged.push((s, e)),
            }
        }
        Some(merged.into_iter().map(|(s, e)| self.term(s, e)).collect())
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

/// Spans to test others against for overlap in logarithmic time: sorted by start, with the
/// furthest end among each prefix.
struct Overlaps {
    starts: Vec<usize>,
    /// `reach[i]`: the furthest end of the first `i` spans.
    reach: Vec<usize>,
}

impl Overlaps {
    fn new(mut spans: Vec<(usize, usize)>) -> Overlaps {
        spans.sort_unstable();
        let mut reach = Vec::with_capacity(spans.len() + 1);
        reach.push(0);
        for &(_, e) in &spans {
            let last = reach.last().copied().unwrap_or(0);
            reach.push(last.max(e));
        }
        Overlaps {
            starts: spans.iter().map(|&(s, _)| s).collect(),
            reach,
        }
    }

    /// Whether some span overlaps `[s, e)`: one starting before `e` that ends after `s`.
    fn any_overlaps(&self, s: usize, e: usize) -> bool {
        let before_end = self.starts.partition_point(|&ws| ws < e);
        self.reach.get(before_end).is_some_and(|&r| r > s)
    }
}

#[cfg(test)]
mod tests;
