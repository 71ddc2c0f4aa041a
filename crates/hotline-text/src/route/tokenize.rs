//! Text → terms, the same way for raw text and for pre-segmented, space-separated tokens:
//! normalise (full-width → half-width, traditional → simplified, ASCII lowercase, punctuation and whitespace become
//! boundaries), segment with jieba (a model's own dictionary, learned with the default one that
//! the `jieba-rs` crate embeds; HMM on for words neither knows), then drop stop words and bare
//! numbers.
//!
//! Invariant: segmenting a text and segmenting its own segmentation joined by spaces give the
//! same terms whenever jieba keeps each of its words whole when it sees it alone, which is what
//! it does for dictionary words; so raw and pre-segmented versions of a message meet in the same
//! feature space.
use std::sync::OnceLock;

use jieba_rs::Jieba;

use super::hash;
use super::stopwords::is_stop_hash;

/// jieba with its default dictionary, built once per process (about 0.1 s: the embedded
/// dictionary is inflated). Training learns a model's own dictionary with it (`Lexicon`).
pub fn default_jieba() -> &'static Jieba {
    static JIEBA: OnceLock<Jieba> = OnceLock::new();
    JIEBA.get_or_init(Jieba::new)
}

/// Build the default segmenter now rather than on first use (so a timing loop does not pay).
pub fn warm_up() {
    default_jieba();
}

/// `text` normalised into `out`: runs of Han characters and of ASCII letters and digits (folded
/// and lowercased), separated by single spaces; everything else is a boundary.
pub fn normalise(text: &str, out: &mut String) {
    out.clear();
    let mut last = Class::Boundary;
    // Traditional characters are read as simplified ones (`crate::script`).
    let text = crate::script::simplified(text);
    for c in text.chars().filter(|&c| !crate::is_invisible(c)).map(fold) {
        let k = class(c);
        if k != last && last != Class::Boundary {
            out.push(' ');
        }
        if k != Class::Boundary {
            out.push(c);
        }
        last = k;
    }
}

/// Bytes of normalised text segmented per jieba call, at least (then up to the next space).
const CHUNK: usize = 256;

/// What a character is for tokenisation.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Class {
    Han,
    Ascii,
    Boundary,
}

fn class(c: char) -> Class {
    match c {
        '\u{4E00}'..='\u{9FFF}' | '\u{3400}'..='\u{4DBF}' | '\u{F900}'..='\u{FAFF}' => Class::Han,
        'a'..='z' | '0'..='9' => Class::Ascii,
        _ => Class::Boundary,
    }
}

/// Full-width forms (U+FF01…U+FF5E) to ASCII, the ideographic space to a space, ASCII lowercase.
fn fold(c: char) -> char {
    crate::fold_width(c).to_ascii_lowercase()
}

/// Terms of a text, as byte ranges into `normalised`; buffers are reused between texts.
#[derive(Default)]
pub struct Terms {
    /// The normalised text: runs of one class, separated by single spaces.
    pub normalised: String,
    /// Kept terms, in reading order.
    pub spans: Vec<(u32, u32)>,
    /// Each kept term's `hash::term`.
    pub hashes: Vec<u64>,
}

impl Terms {
    pub fn iter(&self) -> impl Iterator<Item = &str> + '_ {
        self.spans
            .iter()
            .map(|&(s, e)| &self.normalised[s as usize..e as usize])
    }

    /// Tokenise `text` into these buffers with `jieba`, keeping at most `max_terms` terms (0: no
    /// limit).
    pub fn fill(&mut self, text: &str, max_terms: usize, jieba: &Jieba) {
        normalise(text, &mut self.normalised);
        self.spans.clear();
        self.hashes.clear();
        let max_terms = if max_terms == 0 {
            usize::MAX
        } else {
            max_terms
        };
        // Segmented a chunk at a time, cut at spaces (where jieba cuts anyway, so chunks change
        // nothing), so a long text stops costing once it has given `max_terms` terms.
        let mut start = 0;
        while start < self.normalised.len() && self.spans.len() < max_terms {
            // Bytes, not chars: `from` may fall inside a character, and a space is one byte.
            let from = (start + CHUNK).min(self.normalised.len());
            let end = match self.normalised.as_bytes()[from..]
                .iter()
                .position(|&b| b == b' ')
            {
                Some(i) => from + i,
                None => self.normalised.len(),
            };
            self.segment(start, end, jieba);
            start = end + 1;
        }
        self.spans.truncate(max_terms);
        self.hashes.truncate(max_terms);
    }

    /// Segment `normalised[start..end]` and keep its terms. Jieba emits each space as a token of
    /// its own, and may split an ASCII run, so contiguous ASCII tokens are joined back.
    fn segment(&mut self, start: usize, end: usize, jieba: &Jieba) {
        let Terms {
            normalised,
            spans,
            hashes,
        } = self;
        let mut ascii: Option<(usize, usize)> = None;
        for token in jieba.cut(&normalised[start..end], true) {
            let (s, e) = (start + token.byte_start, start + token.byte_end);
            match token.word.as_bytes().first() {
                Some(b) if b.is_ascii_alphanumeric() => {
                    ascii = match ascii {
                        Some((a, z)) if z == s => Some((a, e)),
                        other => {
                            push_ascii(normalised, spans, hashes, other);
                            Some((s, e))
                        }
                    };
                }
                Some(b) if b.is_ascii() => push_ascii(normalised, spans, hashes, ascii.take()),
                _ => {
                    push_ascii(normalised, spans, hashes, ascii.take());
                    let h = hash::term(token.word);
                    if !is_stop_hash(h) {
                        spans.push((s as u32, e as u32));
                        hashes.push(h);
                    }
                }
            }
        }
        push_ascii(normalised, spans, hashes, ascii);
    }
}

/// Keep an ASCII run as a term unless it is a number, an export artefact or a stop word.
fn push_ascii(
    normalised: &str,
    spans: &mut Vec<(u32, u32)>,
    hashes: &mut Vec<u64>,
    run: Option<(usize, usize)>,
) {
    let Some((s, e)) = run else { return };
    let word = &normalised[s..e];
    // Numbers (dates, phone numbers, amounts) say nothing about the category; `x000d` is a
    // carriage return that a spreadsheet export left as text.
    if word.bytes().all(|b| b.is_ascii_digit()) || word == "x000d" {
        return;
    }
    let h = hash::term(word);
    if !is_stop_hash(h) {
        spans.push((s as u32, e as u32));
        hashes.push(h);
    }
}

/// The terms of `text`, segmented with jieba's default dictionary, as owned strings (to look at
/// or to pre-segment text; the classifier itself works on `Terms` with its own dictionary).
pub fn terms(text: &str) -> Vec<String> {
    let mut t = Terms::default();
    t.fill(text, 0, default_jieba());
    t.iter().map(str::to_owned).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn raw_and_segmented_text_give_the_same_terms() {
        let raw = "小区楼下的烧烤店每天晚上营业到凌晨两点，油烟和噪音严重扰民！";
        let segmented = terms(raw).join(" ");
        assert_eq!(terms(raw), terms(&segmented));
    }

    #[test]
    fn full_width_letters_case_digits_and_punctuation_are_normalised() {
        assert_eq!(terms("ＡＢＣ路 12号"), terms("abc路。12号"));
        assert!(terms("2024年3月10日").iter().all(|t| !t.contains('2')));
        assert!(terms("，。！？“”").is_empty());
    }

    #[test]
    fn invisible_characters_are_read_as_absent() {
        assert_eq!(terms("路\u{200B}灯坏了"), terms("路灯坏了"));
        assert_eq!(terms("\u{FEFF}井盖\u{202E}丢了"), terms("井盖丢了"));
    }

    #[test]
    fn stop_words_are_dropped() {
        let t = terms("我们的小区没有路灯");
        assert!(!t.iter().any(|w| w == "我们" || w == "的" || w == "没有"));
        assert!(t.iter().any(|w| w == "路灯"));
    }
}
