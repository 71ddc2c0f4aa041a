//! The five elements (五要素) of a ticket from an operator's record or a web message: time,
//! place, person, event and demand (诉求), with what could not be found so the intake screen can
//! prompt for it, and the event restated in formal wording through an editable lexicon.
//!
//! Everything here is pattern matching over the text plus the caller's gazetteer; nothing is
//! learned and nothing is downloaded.
mod clauses;
mod lexicon;
mod matter;
mod numerals;
mod party;
mod place;
pub mod time;

use chrono::{DateTime, FixedOffset};
use serde::Serialize;

pub use lexicon::{Formalised, Lexicon, LexiconEntry, LexiconError, Replacement, DEFAULT_LEXICON};
pub use party::{find_parties, PartyKind, PartyMention};
pub use place::{
    AddressMention, Gazetteer, GazetteerEntry, PlaceKind, PlaceMention, PlaceOutside, PlaceRef,
    Places,
};
pub use time::{
    china, find_times, find_times_with, Holiday, HolidaySpan, Holidays, TimeMention, TimeValue,
};

/// Time expressions an extraction returns at most: a record names a few; a text that repeats
/// one thousands of times would otherwise answer with all of them.
pub const MAX_TIMES: usize = 32;

/// What was found in one text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Elements {
    /// 时间: the time expressions, in reading order (the first `MAX_TIMES`).
    pub times: Vec<TimeMention>,
    /// 地点
    pub places: Places,
    /// 人物: persons and organisations involved.
    pub parties: Vec<PartyMention>,
    /// 事件: the sentences that are not the demand, without greetings, narration and fillers.
    pub event: String,
    /// The event in formal wording, with what was replaced.
    pub event_formal: Formalised,
    /// 诉求: the sentences that ask for something.
    pub demand: String,
}

impl Elements {
    /// Quotes of `folded` (times, parties, addresses; `places_near` quotes names itself) as
    /// `original` has them: an element found in 蘋洲小學 shows 蘋洲小學, not 苹洲小学. The event
    /// and demand are the reader's own rewording and stay in simplified script.
    /// `byte_at` is `byte_offsets(folded)`: elements count characters, and the two texts share
    /// their byte offsets.
    fn quote_as_written(&mut self, original: &str, folded: &str, byte_at: &[usize]) {
        let restore = |start: usize, end: usize, quote: &mut String| {
            if let (Some(&s), Some(&e)) = (byte_at.get(start), byte_at.get(end)) {
                crate::script::restore(original, folded, s, e, quote);
            }
        };
        for t in &mut self.times {
            restore(t.start, t.end, &mut t.text);
        }
        for p in &mut self.parties {
            restore(p.start, p.end, &mut p.text);
        }
        for a in &mut self.places.addresses {
            restore(a.start, a.end, &mut a.text);
        }
    }

    /// The elements not found, named as the domain's `FiveElements::missing()` names them, in
    /// the order an operator fills them.
    pub fn missing(&self) -> Vec<&'static str> {
        let checks = [
            // 现在 alone says when the caller speaks, not when the matter began.
            (
                "time",
                self.times.iter().all(TimeMention::is_the_call_moment),
            ),
            ("place", self.places.is_empty()),
            ("person", self.parties.is_empty()),
            ("event", self.event.trim().is_empty()),
            ("demand", self.demand.trim().is_empty()),
        ];
        checks
            .into_iter()
            .filter(|(_, missing)| *missing)
            .map(|(name, _)| name)
            .collect()
    }
}

/// The extractor: the city's gazetteer and the lexicon, compiled once.
#[derive(Debug, Clone)]
pub struct Extractor {
    gazetteer: Gazetteer,
    lexicon: Lexicon,
    holidays: Holidays,
}

impl Extractor {
    pub fn new(gazetteer: Gazetteer, lexicon: Lexicon) -> Extractor {
        Extractor {
            gazetteer,
            lexicon,
            holidays: Holidays::default(),
        }
    }

    /// The same extractor, reading holidays in text ("国庆期间") as these spans.
    pub fn with_holidays(self, holidays: Holidays) -> Extractor {
        Extractor { holidays, ..self }
    }

    /// An extractor over `gazetteer` with the project's default lexicon.
    pub fn with_default_lexicon(gazetteer: Gazetteer) -> Result<Extractor, LexiconError> {
        Ok(Extractor::new(gazetteer, Lexicon::builtin()?))
    }

    pub fn gazetteer(&self) -> &Gazetteer {
        &self.gazetteer
    }

    pub fn lexicon(&self) -> &Lexicon {
        &self.lexicon
    }

    /// The five elements of `text`; relative times are read against `now`.
    pub fn extract(&self, text: &str, now: DateTime<FixedOffset>) -> Elements {
        self.extract_near(text, now, &[])
    }

    /// `extract`, with places known from elsewhere (`Gazetteer::places_near`: the form's
    /// district tells which of two 和悦社区 the text means).
    pub fn extract_near(
        &self,
        text: &str,
        now: DateTime<FixedOffset>,
        places_known: &[&str],
    ) -> Elements {
        // Read in simplified script (`crate::script`: 張偉 is 张伟 to the name reader, 電梯 to
        // the lexicon); what is quoted from the text is then given back as the caller wrote it.
        let original = text;
        let folded = crate::script::simplified(text);
        let text: &str = &folded;
        let mut times = find_times_with(text, now, &self.holidays);
        // "不是昨天，是前天": the time said instead stands.
        let byte_at = byte_offsets(text);
        let spans: Vec<(usize, usize)> = times
            .iter()
            .map(|t| (at(&byte_at, t.start), at(&byte_at, t.end)))
            .collect();
        let mut deny = denied(text, &spans, |_, _| true).into_iter();
        times.retain(|_| !deny.next().unwrap_or(false));
        // It reads the text in simplified script itself and quotes a name said otherwise as
        // written (`said`).
        let places = self.gazetteer.places_near(original, places_known);
        // Times are no names; nor is a place said right before another ("经济技术开发区|北岗街道|
        // 示例市第二中学"): it is the address of what follows, so a name ends its reach back
        // there. A place right before a name ("港东区|人民医院") may be part of the name.
        let blocked: Vec<(usize, usize)> = times
            .iter()
            .map(|t| (t.start, t.end))
            .chain(
                places
                    .mentions
                    .iter()
                    .filter(|m| places.mentions.iter().any(|n| n.start == m.end))
                    .map(|m| (m.start, m.end)),
            )
            .collect();
        times.truncate(MAX_TIMES);
        let (event, demand) = matter::event_and_demand(text);
        let mut found = Elements {
            places,
            parties: find_parties(text, &blocked),
            event_formal: self.lexicon.formalise(&event),
            times,
            event,
            demand,
        };
        if original != text {
            found.quote_as_written(original, text, &byte_at);
        }
        found
    }
}

/// Words that deny the expression right after them in a correction ("不是在南昌路，是在明阳路").
const DENIALS: [&str; 6] = ["不是在", "不是", "并非在", "并非", "不在", "而非"];

/// Which of `spans` (byte offsets into `text`, in text order) a correction denies: said right
/// after 不是 or 不在 while another span `alike` it stands in the same sentence ("不是昨天，是前天",
/// "是前天不是昨天", "我家不在南昌路，在明阳路"). A denial with nothing said instead ("我不在家")
/// denies nothing here.
pub(crate) fn denied(
    text: &str,
    spans: &[(usize, usize)],
    alike: impl Fn(usize, usize) -> bool,
) -> Vec<bool> {
    let one_sentence = |a: (usize, usize), b: (usize, usize)| {
        let (from, to) = (a.1.min(b.1), a.0.max(b.0));
        from >= to
            || !text
                .get(from..to)
                .is_some_and(|t| t.chars().any(crate::is_sentence_break))
    };
    // A question is no correction: 是不是现在, 还不是…, 不是每年都调整吗？
    let asked = |(start, end): (usize, usize)| {
        let before = text.get(..start).unwrap_or_default();
        let rest = text.get(end..).unwrap_or_default();
        let clause = rest
            .find(['，', ',', '。', '！', '!', '；', ';', '\n', '？', '?'])
            .map_or(rest, |k| {
                &rest[..k + rest[k..].chars().next().map_or(0, char::len_utf8)]
            });
        ["是不是", "还不是", "是不在", "还不在"]
            .iter()
            .any(|q| before.ends_with(q))
            || clause.contains(['吗', '？', '?'])
    };
    (0..spans.len())
        .map(|i| {
            let before = text.get(..spans[i].0).unwrap_or_default();
            DENIALS.iter().any(|d| before.ends_with(d))
                && !asked(spans[i])
                && (0..spans.len())
                    .any(|j| j != i && alike(i, j) && one_sentence(spans[i], spans[j]))
        })
        .collect()
}

/// Byte offsets of each character of `text` and its end: element offsets count characters.
pub(crate) fn byte_offsets(text: &str) -> Vec<usize> {
    text.char_indices()
        .map(|(i, _)| i)
        .chain([text.len()])
        .collect()
}

/// The byte offset of character `i` in `byte_offsets`, the end past the last.
pub(crate) fn at(byte_offsets: &[usize], i: usize) -> usize {
    byte_offsets
        .get(i)
        .or(byte_offsets.last())
        .copied()
        .unwrap_or(0)
}

/// Where jieba puts word boundaries (byte offsets) in the few characters around `start..end`
/// of `text`: enough to tell whether a phrase found there is words of its own or part of longer
/// ones (一中 in 一中午, 狗一直叫 in 狗一直叫唤).
pub(crate) fn word_bounds_near(text: &str, start: usize, end: usize) -> Vec<(usize, usize)> {
    let from = text[..start]
        .char_indices()
        .rev()
        .nth(5)
        .map_or(0, |(i, _)| i);
    let to = text[end..]
        .char_indices()
        .nth(6)
        .map_or(text.len(), |(i, _)| end + i);
    crate::route::default_jieba()
        .cut(&text[from..to], true)
        .iter()
        .map(|w| (from + w.byte_start, from + w.byte_end))
        .collect()
}

/// Parts of speech that no place or organisation name holds (jieba's tags): adverbs,
/// conjunctions, pronouns, prepositions, particles, interjections (and `eng`, English words,
/// which the place names of anonymised texts begin with: "A2区|景蓉华苑").
pub(crate) fn stops_name(tag: &str) -> bool {
    matches!(
        tag.as_bytes().first(),
        Some(b'd' | b'c' | b'r' | b'p' | b'u' | b'y' | b'e' | b'o')
    ) || tag == "ad"
}

/// Whether `c` is a Han character of the basic CJK block.
pub(crate) fn is_han(c: char) -> bool {
    ('\u{4e00}'..='\u{9fff}').contains(&c)
}

/// The position after `word` if it stands at `chars[pos]`.
pub(crate) fn word_at(chars: &[char], pos: usize, word: &str) -> Option<usize> {
    let mut p = pos;
    for w in word.chars() {
        if chars.get(p) != Some(&w) {
            return None;
        }
        p += 1;
    }
    Some(p)
}

/// Whether `word` ends just before `at` ("老百姓王…", "工作了近11年").
pub(crate) fn word_before(chars: &[char], at: usize, word: &str) -> bool {
    let n = word.chars().count();
    n <= at && chars[at - n..at].iter().copied().eq(word.chars())
}

/// The first `(word, value)` of `table` whose word stands at `chars[pos]`: the position after
/// it and the value.
pub(crate) fn first_word<T: Copy>(
    chars: &[char],
    pos: usize,
    table: &[(&str, T)],
) -> Option<(usize, T)> {
    table
        .iter()
        .find_map(|&(w, v)| word_at(chars, pos, w).map(|end| (end, v)))
}

#[cfg(test)]
mod tests;
