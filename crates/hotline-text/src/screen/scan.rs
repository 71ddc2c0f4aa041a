//! One text screened: every keyword's occurrences found once (`Scan::new`), then each rule's
//! triggers decided from them (`Scan::fire`): negation, `with` partners, exclusions, landmarks,
//! and for emergencies whether the text tells of now.
// Sentence boundaries: a `with` partner is looked for between them (by default), and a tense
// cue reaches as far.
use std::collections::HashMap;

use crate::is_sentence_break;

use super::{CompiledTrigger, MatchedTerm, Phrase, Screener, Telling, Within};

/// Words of degree or number before a noun ("严重", "一起"): they do not make it another noun.
const DEGREE_WORDS: &[&str] = &[
    "严重", "重大", "特大", "恶性", "多起", "一起", "这种", "那种",
];

/// Clause boundaries: a negation or the parts of a phrase never reach across them.
fn is_clause_break(c: char) -> bool {
    is_sentence_break(c) || matches!(c, '，' | '：' | ',' | ':')
}

/// The occurrences of every keyword in one text.
pub(super) struct Scan<'a> {
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
    pub(super) present: Vec<usize>,
    /// Byte starts of cries for help (present cues too), ascending.
    cries: Vec<usize>,
    waiting: Vec<usize>,
    /// Over cues not negated (and of those, help called), earlier cues and clause-past cues,
    /// ascending.
    over: Vec<usize>,
    called: Vec<usize>,
    earlier: Vec<usize>,
    /// Dates of days gone by (`Dated::gone`), ascending.
    pub(super) dated: Vec<usize>,
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

/// Whether a keyword found at `start..end` of `text` does not begin or end inside a run of
/// ASCII letters and digits: 3楼 is not found in 13楼, nor gas in gasoline, while KTV is in
/// 去KTV唱歌 (Chinese has no spaces; only Latin letters and digits run on into one another).
/// A byte below 0x80 is a whole character, so the bytes on either side tell.
fn whole_ascii_word(text: &str, start: usize, end: usize) -> bool {
    let b = text.as_bytes();
    let word = |i: usize| b.get(i).is_some_and(u8::is_ascii_alphanumeric);
    let runs_in = start > 0 && word(start) && word(start - 1);
    let runs_on = end > start && word(end - 1) && word(end);
    !runs_in && !runs_on
}

impl<'a> Scan<'a> {
    pub(super) fn new(screener: &'a Screener, text: &'a str, telling: Telling) -> Scan<'a> {
        let mut found: Vec<(u32, usize, usize)> = screener
            .terms
            .find_overlapping_iter(text)
            .filter(|m| whole_ascii_word(text, m.start(), m.end()))
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
        // "去年着火的楼现在还没修好", "之前被车撞坏的护栏现在还在": after a time gone by told
        // before the keyword, a present cue after the keyword and a 的 tells how the noun the
        // keyword describes is now, not that the keyword's matter happens now (without one,
        // "着火的房子里现在还有人" is a fire now).
        let gone_by = (clause.0, start);
        let told_gone_by = any_in(&self.past, gone_by)
            || counts_in(&self.earlier, gone_by)
            || any_in(&self.dated, gone_by);
        let present = self.present.iter().any(|&p| {
            clause.0 <= p
                && p < clause.1
                && !(told_gone_by && p > start && self.text[start..p].contains('的'))
        });
        (over && !now_again)
            || (!present
                && (written_of_the_past
                    || any_in(&self.past, past_in)
                    || habit
                    || counts_in(&self.earlier, (sentence.0, clause.1))
                    || any_in(&self.dated, (sentence.0, clause.1))
                    || any_in(&self.aside, (sentence.0, clause.1))))
    }

    /// The words of every trigger that fires, or None when none does.
    pub(super) fn fire(&self, triggers: &[CompiledTrigger]) -> Option<Vec<MatchedTerm>> {
        let mut matched: Vec<(usize, usize)> = Vec::new();
        // Whether some phrase's first word occurs: without it the phrase has no span, and a
        // trigger without a key or a partner present cannot fire (most do not; their
        // exceptions need no looking at).
        let present = |phrases: &[Phrase]| {
            phrases
                .iter()
                .any(|p| p.first().is_some_and(|&w| !self.occurrences(w).is_empty()))
        };
        for t in triggers {
            if !present(&t.any) || !(t.with.is_empty() || present(&t.with)) {
                continue;
            }
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
mod tests {
    use super::*;

    #[test]
    fn a_phrase_in_parts_takes_the_nearest_next_part_in_its_clause() {
        let s = &Screener::builtin().expect("the shipped rules");
        let id = |word: &str| {
            let scan = Scan::new(s, word, Telling::Live);
            scan.found[0].0
        };
        let (pry, door) = (id("撬"), id("门"));
        // Thousands of first parts before thousands of second parts (once cubic in the text): only
        // the first parts within the gap (six characters) of the first second part start a span.
        let text = format!("{}{}", "撬".repeat(2500), "门".repeat(2499));
        let scan = Scan::new(s, &text, Telling::Live);
        let spans = scan.spans(&[pry, door], 6);
        let at = |chars: usize| chars * '撬'.len_utf8();
        let expected: Vec<(usize, usize)> = (2493..2500).map(|i| (at(i), at(2501))).collect();
        assert_eq!(spans, expected);
        // A clause break between the parts, or a gap too wide, ends the phrase.
        let scan = Scan::new(s, "撬开，门", Telling::Live);
        assert!(scan.spans(&[pry, door], 6).is_empty());
        let scan = Scan::new(s, "撬一二三四五六七门", Telling::Live);
        assert!(scan.spans(&[pry, door], 6).is_empty());
        let scan = Scan::new(s, "撬一二三四五六门", Telling::Live);
        assert_eq!(scan.spans(&[pry, door], 6).len(), 1);
    }

    #[test]
    fn overlaps_are_found_against_spans_of_any_length() {
        let o = Overlaps::new(vec![(10, 12), (0, 30), (40, 41)]);
        assert!(o.any_overlaps(20, 22), "inside the long one");
        assert!(o.any_overlaps(29, 35));
        assert!(!o.any_overlaps(30, 40), "touching is not overlapping");
        assert!(o.any_overlaps(40, 50));
        assert!(!o.any_overlaps(41, 60));
        assert!(!Overlaps::new(vec![]).any_overlaps(0, 5));
    }
}
