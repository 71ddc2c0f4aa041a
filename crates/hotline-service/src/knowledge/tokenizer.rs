//! Chinese words for the search index: jieba's search-mode segmentation (a long word and the
//! dictionary words inside it, so "住房公积金" also matches "公积金") plus every pair of
//! neighbouring Chinese characters, lower-cased, without punctuation, whitespace or the
//! function words that would match nearly every article. The pairs are there because a
//! segmenter cuts the same characters differently in different company ("路灯" alone, but
//! "路 / 灯不亮" in "路灯不亮"): a query and an article always share their pairs.
use std::sync::OnceLock;

use hotline_text::fold_width;
use jieba_rs::Jieba;
use tantivy::tokenizer::{Token, TokenStream, Tokenizer};

/// The name the index registers the tokenizer under.
pub const NAME: &str = "zh";

/// Words too common to tell articles apart: particles, pronouns and question words.
const STOP_WORDS: &[&str] = &[
    "的",
    "了",
    "着",
    "过",
    "是",
    "在",
    "和",
    "与",
    "及",
    "或",
    "而",
    "但",
    "就",
    "都",
    "也",
    "还",
    "又",
    "把",
    "被",
    "对",
    "从",
    "向",
    "为",
    "以",
    "于",
    "之",
    "其",
    "这",
    "那",
    "这个",
    "那个",
    "这些",
    "那些",
    "我",
    "你",
    "您",
    "他",
    "她",
    "它",
    "我们",
    "你们",
    "他们",
    "吗",
    "呢",
    "吧",
    "啊",
    "呀",
    "哦",
    "嗯",
    "么",
    "请问",
    "请",
    "问",
    "一下",
    "怎么",
    "怎么办",
    "怎样",
    "如何",
    "什么",
    "哪里",
    "哪些",
    "是否",
    "能否",
    "能不能",
    "可以",
    "可否",
    "有",
    "没有",
    "要",
    "想",
    "a",
    "an",
    "the",
    "of",
    "and",
    "or",
    "to",
    "in",
    "is",
];

fn jieba() -> &'static Jieba {
    static JIEBA: OnceLock<Jieba> = OnceLock::new();
    JIEBA.get_or_init(Jieba::new)
}

/// Load the dictionary now rather than on the first search.
pub fn warm_up() {
    jieba();
}

pub(crate) fn is_han(c: char) -> bool {
    matches!(c, '\u{3400}'..='\u{4dbf}' | '\u{4e00}'..='\u{9fff}' | '\u{f900}'..='\u{faff}')
}

/// `text` with its full-width forms folded (`fold_width`) and, for each byte of the folded
/// text and its end, the byte of `text` it came from; `None` when nothing folds.
fn width_folded(text: &str) -> Option<(String, Vec<usize>)> {
    if text.chars().all(|c| fold_width(c) == c) {
        return None;
    }
    let mut out = String::with_capacity(text.len());
    let mut at = Vec::with_capacity(text.len() + 1);
    for (i, c) in text.char_indices() {
        let f = fold_width(c);
        out.push(f);
        at.extend(std::iter::repeat_n(i, f.len_utf8()));
    }
    at.push(text.len());
    Some((out, at))
}

fn keep(word: &str) -> bool {
    !word.is_empty() && !STOP_WORDS.contains(&word)
}

/// The tokens of a text, with byte offsets into it, in order of where they start: jieba's
/// words, then the character pairs that are not already one of them.
pub fn tokens(text: &str) -> Vec<Token> {
    // Full-width forms are cut as their ASCII forms (jieba splits ＥＴＣ into letters); the
    // offsets point back into the text as given.
    let (cut, original_at) = match width_folded(text) {
        Some((folded_text, at)) => (std::borrow::Cow::Owned(folded_text), Some(at)),
        None => (std::borrow::Cow::Borrowed(text), None),
    };
    let text = cut.as_ref();
    let mut spans: Vec<(usize, usize, String)> = jieba()
        .cut_for_search(text, true)
        .into_iter()
        .filter(|t| t.word.chars().any(char::is_alphanumeric))
        .map(|t| (t.byte_start, t.byte_end, t.word.trim().to_lowercase()))
        .filter(|(_, _, w)| keep(w))
        .collect();
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    for pair in chars.windows(2) {
        let [(start, a), (second, b)] = [pair[0], pair[1]];
        if !(is_han(a) && is_han(b)) {
            continue;
        }
        let end = second + b.len_utf8();
        let word = &text[start..end];
        if keep(word) && !spans.iter().any(|(s, e, _)| *s == start && *e == end) {
            spans.push((start, end, word.to_string()));
        }
    }
    spans.sort_by_key(|(s, e, _)| (*s, *e));
    let original = |at: usize| original_at.as_ref().map_or(at, |map| map[at]);
    spans
        .into_iter()
        .enumerate()
        .map(|(position, (offset_from, offset_to, text))| Token {
            offset_from: original(offset_from),
            offset_to: original(offset_to),
            position,
            text,
            position_length: 1,
        })
        .collect()
}

/// The distinct words of a text, in order of first appearance: what a query searches for.
pub fn words(text: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for t in tokens(text) {
        if !out.contains(&t.text) {
            out.push(t.text);
        }
    }
    out
}

/// The tantivy side of `tokens`.
#[derive(Clone, Copy, Default)]
pub struct ChineseTokenizer;

pub struct ChineseTokenStream {
    tokens: Vec<Token>,
    /// The current token; `None` before the first `advance`.
    at: Option<usize>,
    empty: Token,
}

impl Tokenizer for ChineseTokenizer {
    type TokenStream<'a> = ChineseTokenStream;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> ChineseTokenStream {
        ChineseTokenStream {
            tokens: tokens(text),
            at: None,
            empty: Token::default(),
        }
    }
}

impl TokenStream for ChineseTokenStream {
    fn advance(&mut self) -> bool {
        let next = self.at.map_or(0, |i| i + 1);
        self.at = Some(next);
        next < self.tokens.len()
    }

    fn token(&self) -> &Token {
        self.at
            .and_then(|i| self.tokens.get(i))
            .unwrap_or(&self.empty)
    }

    fn token_mut(&mut self) -> &mut Token {
        match self.at {
            Some(i) if i < self.tokens.len() => &mut self.tokens[i],
            _ => &mut self.empty,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn folded(word: &str) -> String {
        word.chars()
            .map(fold_width)
            .flat_map(char::to_lowercase)
            .collect()
    }

    #[test]
    fn punctuation_whitespace_and_function_words_are_dropped() {
        assert!(words("，。！？…… ——  \n").is_empty());
        let w = words("请问住房公积金怎么提取？");
        assert!(w.contains(&"公积金".to_string()), "{w:?}");
        assert!(w.contains(&"提取".to_string()), "{w:?}");
        assert!(
            !w.iter().any(|x| x == "请问" || x == "怎么" || x == "？"),
            "{w:?}"
        );
    }

    #[test]
    fn a_word_cut_differently_in_context_still_shares_its_pairs() {
        let alone = words("路灯");
        let in_context = words("路灯不亮问题向哪里反映");
        assert!(
            alone.iter().all(|w| in_context.contains(w)),
            "{alone:?} {in_context:?}"
        );
    }

    #[test]
    fn offsets_point_at_the_word_in_the_text() {
        let text = "Ａ区，ETC 办理";
        for t in tokens(text) {
            assert_eq!(folded(&text[t.offset_from..t.offset_to]), t.text);
        }
        assert!(words(text).contains(&"etc".to_string()));
    }

    #[test]
    fn full_width_letters_and_digits_are_words_of_their_ascii_forms() {
        assert_eq!(words("ＥＴＣ"), words("etc"));
        assert!(words("拨打１２３４５热线").contains(&"12345".to_string()));
        assert_eq!(folded("Ｗｉ－Ｆｉ　密码"), "wi-fi 密码");
    }

    #[test]
    fn the_stream_yields_every_token_once() {
        let mut tokenizer = ChineseTokenizer;
        let mut stream = tokenizer.token_stream("垃圾分类投放点");
        let mut seen = Vec::new();
        while stream.advance() {
            seen.push(stream.token().text.clone());
        }
        let expected: Vec<String> = tokens("垃圾分类投放点")
            .into_iter()
            .map(|t| t.text)
            .collect();
        assert_eq!(seen, expected);
    }
}
