//! Chinese words for the search index: jieba's search-mode segmentation (a long word and the
//! dictionary words inside it, so "住房公积金" also matches "公积金") plus every pair of
//! neighbouring Chinese characters, lower-cased, without punctuation, whitespace or the
//! function words that would match nearly every article. The pairs are there because a
//! segmenter cuts the same characters differently in different company ("路灯" alone, but
//! "路 / 灯不亮" in "路灯不亮"): a query and an article always share their pairs.
use std::borrow::Cow;
use std::collections::{HashMap, HashSet};
use std::sync::OnceLock;

use aho_corasick::{AhoCorasick, MatchKind};

use hotline_text::fold_width;
use hotline_text::script::simplified;
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

/// `text` with its traditional characters as simplified ones (`hotline_text::script`: 醫保 is
/// searched as 医保) and its full-width forms folded (`fold_width`), what nobody sees left
/// out (`hotline_text::is_invisible`: an article stored before texts were tidied may hold a
/// zero-width space inside 路灯), and a short run of letters before a Chinese character in
/// capitals (`capitalise_short_runs`); and, for each byte of the folded text and its end, the
/// byte of `text` it came from; `None` when nothing changes.
fn search_folded(text: &str) -> Option<(String, Vec<usize>)> {
    let script = simplified(text);
    if matches!(script, Cow::Borrowed(_))
        && text
            .chars()
            .all(|c| fold_width(c) == c && !hotline_text::is_invisible(c))
        && !has_short_lowercase_run(text)
    {
        return None;
    }
    let mut out = String::with_capacity(text.len());
    let mut at = Vec::with_capacity(text.len() + 1);
    // The script fold keeps every byte offset of `text`.
    for (i, c) in script.char_indices() {
        if hotline_text::is_invisible(c) {
            continue;
        }
        let f = fold_width(c);
        out.push(f);
        at.extend(std::iter::repeat_n(i, f.len_utf8()));
    }
    at.push(text.len());
    // Capitals keep every byte offset too.
    Some((capitalise_short_runs(&out), at))
}

/// `text` as words are looked for in it (`search_folded`, letters in lowercase), with the byte
/// of `text` each of its bytes came from.
pub(crate) fn searched_form(text: &str) -> (String, Vec<usize>) {
    let (mut folded, at) =
        search_folded(text).unwrap_or_else(|| (text.to_string(), (0..=text.len()).collect()));
    folded.make_ascii_lowercase();
    (folded, at)
}

/// The characters of a query of one to `MAX_EXPANDED` (four) Chinese characters and nothing
/// else, as they are searched (醫 as 医): what is left to search by when `words` drops each
/// one as a function word (就 of 就业, 吧 of 网吧). Empty for any other query.
pub(crate) fn lone_characters(text: &str) -> Vec<String> {
    let (searched, _) = searched_form(text.trim());
    let n = searched.chars().count();
    if (1..=super::index::MAX_EXPANDED).contains(&n) && searched.chars().all(is_han) {
        searched.chars().map(String::from).collect()
    } else {
        Vec::new()
    }
}

/// Letters at most this many, right before a Chinese character, are cut in capitals.
const SHORT_RUN: usize = 3;

/// The runs of ASCII letters of `text` (byte start and end) that are at most `SHORT_RUN` long
/// and followed by a Chinese character: IC卡, B超, U盘, DVD机, as the segmenter's dictionary holds
/// them in capitals ("ic卡" is cut into "ic" and "卡"). A longer word stays as written:
/// "Word版" in capitals would be cut into "WOR" and "D版".
fn short_runs(text: &str) -> impl Iterator<Item = (usize, usize)> + '_ {
    let bytes = text.as_bytes();
    let mut i = 0;
    std::iter::from_fn(move || {
        while i < bytes.len() {
            if !bytes[i].is_ascii_alphabetic() {
                i += 1;
                continue;
            }
            let start = i;
            while i < bytes.len() && bytes[i].is_ascii_alphabetic() {
                i += 1;
            }
            let before_han = text[i..].chars().next().is_some_and(is_han);
            let after_letter = start > 0 && bytes[start - 1].is_ascii_alphanumeric();
            if i - start <= SHORT_RUN && before_han && !after_letter {
                return Some((start, i));
            }
        }
        None
    })
}

fn has_short_lowercase_run(text: &str) -> bool {
    short_runs(text).any(|(a, b)| text[a..b].bytes().any(|c| c.is_ascii_lowercase()))
}

fn capitalise_short_runs(text: &str) -> String {
    let mut out = text.to_string();
    for (a, b) in short_runs(text) {
        out[a..b].make_ascii_uppercase();
    }
    out
}

/// A word of a list as texts are read: simplified script, full-width forms folded, lowercase.
fn folded_word(word: &str) -> String {
    simplified(word)
        .chars()
        .map(fold_width)
        .flat_map(char::to_lowercase)
        .collect()
}

/// The synonym groups of `assets/knowledge_synonyms.txt`: a caller's 煤气 finds an article's
/// 燃气. Every word of a group is indexed and searched with the group's first word beside it,
/// at the same place, so the two sides share a token whichever word each uses, highlighting
/// marks the word as written, and an article holding the caller's own word still ranks first
/// (it shares one token more).
pub struct Synonyms {
    /// None when there are no groups.
    words: Option<AhoCorasick>,
    /// The first word of each pattern's group.
    group: Vec<String>,
}

/// The synonym groups shipped with the server.
pub const SYNONYMS: &str = include_str!("../../assets/knowledge_synonyms.txt");

/// Why a synonym list cannot be used.
#[derive(Debug, PartialEq, Eq, thiserror::Error)]
pub enum SynonymError {
    #[error("第 {line} 行：“{word}”已在第 {first} 行的组里 / line {line}: {word} is already in the group of line {first}")]
    Repeated {
        line: usize,
        word: String,
        first: usize,
    },
    #[error(
        "第 {line} 行只有一个词，同义词组至少两个 / line {line}: a group needs two words at least"
    )]
    Alone { line: usize },
}

impl Synonyms {
    /// Groups from text: a group a line, words split by whitespace; `#` starts a comment line.
    pub fn parse(text: &str) -> Result<Synonyms, SynonymError> {
        let mut patterns: Vec<String> = Vec::new();
        let mut group: Vec<String> = Vec::new();
        let mut line_of: HashMap<String, usize> = HashMap::new();
        for (n, line) in text.lines().enumerate() {
            let line = line.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let words: Vec<String> = line.split_whitespace().map(folded_word).collect();
            if words.len() < 2 {
                return Err(SynonymError::Alone { line: n + 1 });
            }
            for w in &words {
                if let Some(&first) = line_of.get(w) {
                    return Err(SynonymError::Repeated {
                        line: n + 1,
                        word: w.clone(),
                        first,
                    });
                }
                line_of.insert(w.clone(), n + 1);
                patterns.push(w.clone());
                group.push(words[0].clone());
            }
        }
        // Building fails only past the automaton's size limits, far beyond a synonym list.
        let words = (!patterns.is_empty())
            .then(|| {
                AhoCorasick::builder()
                    .match_kind(MatchKind::LeftmostLongest)
                    // The words are lower-cased; "ETC" in a text finds etc.
                    .ascii_case_insensitive(true)
                    .build(&patterns)
                    .ok()
            })
            .flatten();
        Ok(Synonyms { words, group })
    }

    /// The group words found in `text` (byte span, the group's first word), longest first where
    /// they overlap. A word of two characters counts only where the segmenter's words (`bounds`)
    /// start and end with it: 断电 is not in 不断电话.
    fn find<'a>(&'a self, text: &str, bounds: &[(usize, usize)]) -> Vec<(usize, usize, &'a str)> {
        let Some(words) = &self.words else {
            return Vec::new();
        };
        words
            .find_iter(text)
            .filter(|m| {
                text[m.start()..m.end()].chars().nth(2).is_some()
                    || (bounds.iter().any(|b| b.0 == m.start())
                        && bounds.iter().any(|b| b.1 == m.end()))
            })
            .map(|m| {
                (
                    m.start(),
                    m.end(),
                    self.group[m.pattern().as_usize()].as_str(),
                )
            })
            .collect()
    }
}

static IN_FORCE: OnceLock<Synonyms> = OnceLock::new();

/// Put a centre's own synonym list in force instead of the shipped one (`hotline serve
/// --knowledge-synonyms`). Only before the first text is cut (the index is built with the list
/// in force): false, and nothing changed, once one has been.
pub fn use_synonyms(list: Synonyms) -> bool {
    IN_FORCE.set(list).is_ok()
}

fn synonyms() -> &'static Synonyms {
    // The shipped list is checked by a test; were it broken, search would go on without it.
    IN_FORCE.get_or_init(|| {
        Synonyms::parse(SYNONYMS).unwrap_or(Synonyms {
            words: None,
            group: Vec::new(),
        })
    })
}

/// A function word of one character (的, 了, 在 …).
fn is_function_character(c: char) -> bool {
    let mut buf = [0u8; 4];
    STOP_WORDS.contains(&&*c.encode_utf8(&mut buf))
}

fn keep(word: &str) -> bool {
    !word.is_empty() && !STOP_WORDS.contains(&word)
}

/// Where jieba's words lie, by byte, to tell in constant time whether a character pair lies
/// in a word or only straddles two (`straddles`).
struct Bounds {
    /// A word of two characters or more ends at this byte.
    long_ends: HashSet<usize>,
    /// A word of two characters or more starts at this byte.
    long_starts: HashSet<usize>,
    /// The words, by where they start and end.
    words: HashSet<(usize, usize)>,
    /// The furthest end of a word starting at or before each byte.
    reach: Vec<usize>,
}

impl Bounds {
    fn new(text: &str, bounds: &[(usize, usize)]) -> Bounds {
        let mut reach = vec![0; text.len() + 1];
        let (mut long_ends, mut long_starts) = (HashSet::new(), HashSet::new());
        for &(s, e) in bounds {
            reach[s] = reach[s].max(e);
            if text[s..e].chars().nth(1).is_some() {
                long_ends.insert(e);
                long_starts.insert(s);
            }
        }
        for i in 1..reach.len() {
            reach[i] = reach[i].max(reach[i - 1]);
        }
        Bounds {
            long_ends,
            long_starts,
            words: bounds.iter().copied().collect(),
            reach,
        }
    }

    /// Whether the pair `start..end` (its second character at `second`) only straddles two
    /// words of two characters or more and lies in no word: 特困|人员 holds no 困人 to find (an
    /// elevator's 电梯困人 is no matter of 特困人员). Beside a character cut alone (路 / 灯不亮)
    /// the pair stays: there the segmenter more likely cut a word apart.
    fn straddles(&self, start: usize, second: usize, end: usize) -> bool {
        let inside = self.reach[start] >= end;
        !inside && self.long_ends.contains(&second) && self.long_starts.contains(&second)
    }
}

/// The tokens of a text, with byte offsets into it, in order of where they start: jieba's
/// words, then the character pairs that are not already one of them, hold no function word
/// and do not only straddle two words (`Bounds::straddles`).
pub fn tokens(text: &str) -> Vec<Token> {
    // Full-width forms are cut as their ASCII forms (jieba splits ＥＴＣ into letters); the
    // offsets point back into the text as given.
    let (cut, original_at) = match search_folded(text) {
        Some((folded_text, at)) => (std::borrow::Cow::Owned(folded_text), Some(at)),
        None => (std::borrow::Cow::Borrowed(text), None),
    };
    let text = cut.as_ref();
    let cut_words = jieba().cut_for_search(text, true);
    let bounds: Vec<(usize, usize)> = cut_words
        .iter()
        .map(|t| (t.byte_start, t.byte_end))
        .collect();
    let mut spans: Vec<(usize, usize, String)> = cut_words
        .into_iter()
        .filter(|t| t.word.chars().any(char::is_alphanumeric))
        .map(|t| (t.byte_start, t.byte_end, t.word.trim().to_lowercase()))
        .filter(|(_, _, w)| keep(w))
        .collect();
    // A word of a synonym group also stands for its group (see `synonyms`).
    for (start, end, group) in synonyms().find(text, &bounds) {
        if !spans
            .iter()
            .any(|(s, e, w)| *s == start && *e == end && *w == group)
        {
            spans.push((start, end, group.to_string()));
        }
    }
    let words = Bounds::new(text, &bounds);
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    for pair in chars.windows(2) {
        let [(start, a), (second, b)] = [pair[0], pair[1]];
        // A function word makes no pair: 我家的门 holds no 的门 (门诊), 部门将 no 门将.
        if !(is_han(a) && is_han(b)) || is_function_character(a) || is_function_character(b) {
            continue;
        }
        let end = second + b.len_utf8();
        let word = &text[start..end];
        if keep(word)
            && !words.words.contains(&(start, end))
            && !words.straddles(start, second, end)
        {
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

/// The groups (their first words, distinct, in order of appearance) of the synonyms in force
/// that `text` uses another word of: 燃气 for a text that says 煤气, nothing for one that says
/// 燃气 itself. Routing reads them beside the text, so a caller's wording and the history's
/// meet as they do in search.
pub fn other_group_words(text: &str) -> Vec<&'static str> {
    let folded = search_folded(text).map(|(t, _)| t);
    let text = folded.as_deref().unwrap_or(text);
    let list = synonyms();
    // Most texts name no group in another word: those skip the segmenter (this runs on every
    // suggestion and every training ticket).
    let other_word = |m: aho_corasick::Match| {
        !text[m.start()..m.end()].eq_ignore_ascii_case(&list.group[m.pattern().as_usize()])
    };
    if !list
        .words
        .as_ref()
        .is_some_and(|w| w.find_iter(text).any(other_word))
    {
        return Vec::new();
    }
    let bounds: Vec<(usize, usize)> = jieba()
        .cut_for_search(text, true)
        .iter()
        .map(|t| (t.byte_start, t.byte_end))
        .collect();
    let mut out: Vec<&'static str> = Vec::new();
    for (start, end, group) in list.find(text, &bounds) {
        if !text[start..end].eq_ignore_ascii_case(group) && !out.contains(&group) {
            out.push(group);
        }
    }
    out
}

/// The distinct words of a text, in order of first appearance: what a query searches for.
pub fn words(text: &str) -> Vec<String> {
    let mut seen = std::collections::HashSet::new();
    let mut out: Vec<String> = Vec::new();
    for t in tokens(text) {
        if seen.insert(t.text.clone()) {
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
        folded_word(word)
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
    fn a_pair_straddling_two_words_is_no_word() {
        let relief = words("特困人员供养办理指南");
        assert!(relief.contains(&"特困".to_string()), "{relief:?}");
        assert!(!relief.contains(&"困人".to_string()), "{relief:?}");
        // Beside a character cut alone the pair stays (路 / 灯不亮).
        assert!(words("路灯不亮问题").contains(&"路灯".to_string()));
        // No pair holds a function word.
        let door = words("我家的门坏了");
        assert!(!door.contains(&"的门".to_string()), "{door:?}");
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
    fn letters_in_either_case_give_the_same_words() {
        let upper = words("燃气IC卡充值点");
        assert!(upper.contains(&"ic卡".to_string()), "{upper:?}");
        assert_eq!(words("燃气ic卡充值点"), upper);
        assert_eq!(words("做b超要空腹吗"), words("做B超要空腹吗"));
        // A longer word stays as written: not "wor" and "d版".
        assert!(words("申请表Word版下载").contains(&"word".to_string()));
        assert!(words("ipad版").contains(&"ipad".to_string()));
        // Offsets still point at the text as written.
        let text = "u盘丢了";
        for t in tokens(text) {
            assert_eq!(text[t.offset_from..t.offset_to].to_lowercase(), t.text);
        }
    }

    #[test]
    fn full_width_letters_and_digits_are_words_of_their_ascii_forms() {
        assert_eq!(words("ＥＴＣ"), words("etc"));
        assert!(words("拨打１２３４５热线").contains(&"12345".to_string()));
        assert_eq!(folded("Ｗｉ－Ｆｉ　密码"), "wi-fi 密码");
    }

    #[test]
    fn traditional_script_gives_the_words_of_simplified_script_at_the_words_as_written() {
        assert_eq!(words("醫保報銷需要什麼材料"), words("医保报销需要什么材料"));
        let text = "Ｂ區電梯困人";
        for t in tokens(text) {
            assert_eq!(folded(&text[t.offset_from..t.offset_to]), t.text);
        }
        assert!(words(text).contains(&"电梯".to_string()));
        // A synonym group written in traditional script meets simplified texts.
        let s = Synonyms::parse("燃氣 煤氣\n").unwrap();
        assert_eq!(s.group, ["燃气", "燃气"]);
    }

    #[test]
    fn the_shipped_synonyms_are_a_valid_list() {
        let parsed = Synonyms::parse(SYNONYMS).unwrap();
        assert!(parsed.group.len() > 40, "{}", parsed.group.len());
    }

    #[test]
    fn a_synonym_list_names_its_faults_by_line() {
        assert_eq!(
            Synonyms::parse("# 注释\n燃气 煤气\n煤气 天然气").err(),
            Some(SynonymError::Repeated {
                line: 3,
                word: "煤气".into(),
                first: 2
            })
        );
        assert_eq!(
            Synonyms::parse("燃气 煤气\n\n供暖").err(),
            Some(SynonymError::Alone { line: 3 })
        );
    }

    #[test]
    fn a_word_of_a_synonym_group_also_stands_for_the_group() {
        let caller = words("家里煤气灶打不着火");
        assert!(caller.contains(&"燃气".to_string()), "{caller:?}");
        // The group's word sits where the caller's word is, so highlighting marks 煤气.
        let text = "煤气表没气了";
        let t = tokens(text).into_iter().find(|t| t.text == "燃气").unwrap();
        assert_eq!(&text[t.offset_from..t.offset_to], "煤气");
        // The longer word is read where one holds another: 社保卡, not 社保.
        let card = words("社保卡丢了怎么补办");
        assert!(card.contains(&"社会保障卡".to_string()), "{card:?}");
        assert!(!card.contains(&"社会保险".to_string()), "{card:?}");
        // A two-character word only where it is a word: not 断电 in 不断电话.
        assert!(!words("不断电话骚扰").contains(&"停电".to_string()));
        assert!(words("小区昨晚断电了").contains(&"停电".to_string()));
        assert!(!words("公司的士气不高").contains(&"出租汽车".to_string()));
        // Callers' words for what a guide is titled.
        for (said, titled) in [
            ("我想办护照", "出入境证件"),
            ("港澳通行证过期了", "出入境证件"),
            ("新生儿落户要什么材料", "户籍"),
            ("房子过户去哪里办", "转移登记"),
            ("孩子上学的政策", "入学招生"),
            ("出生证明丢了", "出生医学证明"),
        ] {
            assert!(words(said).contains(&titled.to_string()), "{said}");
        }
    }

    #[test]
    fn a_synonym_in_capitals_is_found_as_the_list_writes_it() {
        let list = Synonyms::parse("电子不停车收费 ETC").unwrap();
        let text = "ETC怎么办理";
        let bounds: Vec<(usize, usize)> = jieba()
            .cut_for_search(text, true)
            .iter()
            .map(|t| (t.byte_start, t.byte_end))
            .collect();
        let found = list.find(text, &bounds);
        assert_eq!(found, vec![(0, 3, "电子不停车收费")]);
    }

    #[test]
    fn what_nobody_sees_is_not_searched() {
        assert_eq!(words("路\u{200B}灯不亮\u{FEFF}"), words("路灯不亮"));
        assert_eq!(words("\u{202E}井盖\u{2060}丢失"), words("井盖丢失"));
    }

    #[test]
    fn an_indexed_text_is_read_without_what_nobody_sees() {
        let stored = "路\u{200B}灯不亮";
        let found: Vec<(String, usize, usize)> = tokens(stored)
            .into_iter()
            .map(|t| (t.text, t.offset_from, t.offset_to))
            .collect();
        // 路灯 is a word, and its offsets still span it as stored.
        assert!(
            found
                .iter()
                .any(|(w, from, to)| w == "路灯" && &stored[*from..*to] == "路\u{200B}灯"),
            "{found:?}"
        );
    }

    #[test]
    fn the_tokeniser_reads_past_every_character_stored_texts_drop_as_unseen() {
        let plain = words("路灯不亮");
        let invisible: Vec<char> = (0..=0x10FFFF)
            .filter_map(char::from_u32)
            .filter(|&c| hotline_domain::text::is_invisible(c))
            .collect();
        assert!(invisible.len() > 100, "{}", invisible.len());
        for c in invisible {
            assert_eq!(words(&format!("路{c}灯不亮")), plain, "U+{:04X}", c as u32);
        }
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
