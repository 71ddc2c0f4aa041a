//! The term dictionary walked for a query of characters typed alone (`expand_characters`):
//! the terms that hold a character after their first one, and their counts of articles.
use std::collections::HashMap;

/// Each term's count of articles, added to what `freq` holds for it: to the first count too
/// when the field is a title or keywords (`named`).
pub(super) fn add_doc_freqs<A: tantivy_fst::Automaton>(
    freq: &mut HashMap<String, (u64, u64)>,
    mut terms: tantivy::termdict::TermStreamer<'_, A>,
    named: bool,
) {
    while terms.advance() {
        if let Ok(t) = std::str::from_utf8(terms.key()) {
            let n = u64::from(terms.value().doc_freq);
            let counts = freq.entry(t.to_string()).or_default();
            counts.0 += if named { n } else { 0 };
            counts.1 += n;
        }
    }
}

/// Dictionary terms whose second character is the one given (as UTF-8): 保卡 and 刷卡机 for 卡.
/// The search walks only the terms' first characters before it needs this one.
pub(super) struct SecondIs<'a>(pub(super) &'a [u8]);

#[derive(Clone, Copy)]
pub(super) enum Step {
    /// At the first byte of the first character.
    Lead,
    /// This many continuation bytes of the first character to go.
    Trail(u8),
    /// This many bytes of the character sought matched.
    Sought(usize),
    /// The character sought is the second: whatever follows matches.
    Found,
    Dead,
}

impl tantivy_fst::Automaton for SecondIs<'_> {
    type State = Step;

    fn start(&self) -> Step {
        Step::Lead
    }

    fn is_match(&self, step: &Step) -> bool {
        matches!(step, Step::Found)
    }

    fn can_match(&self, step: &Step) -> bool {
        !matches!(step, Step::Dead)
    }

    fn will_always_match(&self, step: &Step) -> bool {
        matches!(step, Step::Found)
    }

    fn accept(&self, step: &Step, byte: u8) -> Step {
        let sought = |matched: usize| {
            if matched == self.0.len() {
                Step::Found
            } else {
                Step::Sought(matched)
            }
        };
        match *step {
            Step::Lead => match byte.leading_ones() {
                0 => sought(0),
                n @ 2..=4 => Step::Trail(n as u8 - 1),
                _ => Step::Dead,
            },
            Step::Trail(left) if byte & 0xC0 == 0x80 => match left {
                1 => sought(0),
                _ => Step::Trail(left - 1),
            },
            Step::Sought(k) if self.0.get(k) == Some(&byte) => sought(k + 1),
            Step::Found => Step::Found,
            _ => Step::Dead,
        }
    }
}
