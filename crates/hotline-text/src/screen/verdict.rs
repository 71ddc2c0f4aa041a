//! What a screen finds: the rules that fired, with the words that fired them.
use serde::Serialize;

use super::rules::{EmergencyKind, OutOfRemitRule, ScopeRules};

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
    /// What the operator says or does: to a caller on the line, the words before the
    /// transfer; with `callback`, how to reach a teller who is not on the line.
    pub reply: String,
    /// The teller is not on the line (`Verdict::for_callback`).
    pub callback: bool,
    pub matched: Vec<MatchedTerm>,
}

/// The screen of one text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Verdict {
    pub emergency: Vec<EmergencyHit>,
    /// In a written message only: signals a call telling the same would prompt a transfer
    /// for, where the text does not say the matter is happening now ("楼下着火了，火很大"
    /// posted on the web). The writer is called back to check; the verdict still accepts.
    pub possible_emergency: Vec<EmergencyHit>,
    pub not_accepted: Vec<RuleHit>,
    pub out_of_remit: Vec<RuleHit>,
    /// True when no rule fired: the draft may become a ticket. An emergency is transferred, not
    /// accepted, so it makes this false too.
    pub accept: bool,
}

impl Verdict {
    /// The verdict for a text whose teller is not on the line (a web message, a letter, a
    /// voicemail heard later): nobody can be transferred, so each emergency says how to call
    /// the teller back (`EmergencyRule::callback_reply`). `rules` are those that screened it.
    pub fn for_callback(mut self, rules: &ScopeRules) -> Verdict {
        for hit in self
            .emergency
            .iter_mut()
            .chain(&mut self.possible_emergency)
        {
            if let Some(rule) = rules.emergency.iter().find(|r| r.id == hit.rule) {
                hit.reply = rule.callback_reply();
                hit.callback = true;
            }
        }
        self
    }
}

impl OutOfRemitRule {
    /// This rule's hit, fired by `matched`: its situation and standard reply, no legal basis.
    pub(crate) fn hit(&self, matched: Vec<MatchedTerm>) -> RuleHit {
        RuleHit {
            rule: self.id.clone(),
            code: self.category.clone(),
            label: self.situation.clone(),
            basis: None,
            channel: self.channel.clone(),
            reply: self.reply.clone(),
            matched,
        }
    }
}
