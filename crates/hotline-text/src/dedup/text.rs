//! Text as the repeat detector sees it: normalised characters, hashed character shingles, the
//! exact shingle Jaccard, and the shared phrases that explain a match to the operator.
use std::sync::OnceLock;

use aho_corasick::{AhoCorasick, MatchKind};

/// Characters per shingle. Trigrams of Chinese characters are specific enough that unrelated
/// messages share few of them, yet a light edit (a changed word, a dropped clause) keeps most.
pub const SHINGLE: usize = 3;

/// Shortest phrase worth showing as a reason (in normalised characters).
pub const MIN_PHRASE: usize = 4;

/// Longest text compared for shared phrases, in characters: the comparison is quadratic.
const MAX_PHRASE_TEXT: usize = 1200;

/// Lead-ins and courtesies that every record or message carries: they say nothing about the
/// matter, so two unrelated tickets must not look alike because of them.
const BOILERPLATE: &[&str] = &[
    "市民来电提出建议",
    "市民来电反映",
    "市民来电咨询",
    "市民来电表扬",
    "来电人反映",
    "来电人咨询",
    "来电人建议",
    "来电人表扬",
    "尊敬的领导",
    "领导您好",
    "来电反映",
    "市民来电",
    "来电人称",
    "来电人",
    // Closing requests: every caller asks for the matter to be dealt with.
    "希望相关部门予以解答",
    "希望有关部门予以解答",
    "希望相关部门予以解决",
    "希望有关部门予以解决",
    "希望相关部门尽快处理",
    "希望有关部门尽快处理",
    "希望相关部门尽快解决",
    "希望有关部门尽快解决",
    "恳请相关部门",
    "恳请有关部门",
    "希望相关部门",
    "希望有关部门",
    "请相关部门",
    "请有关部门",
    "予以解答",
    "予以解决",
    "予以处理",
    "尽快处理",
    "尽快解决",
    "望领导重视",
    "恳请领导",
    "领导好",
    "您好",
    "你好",
    "诉求",
    "谢谢",
];

/// The text reduced to what identifies a matter: full-width forms folded to ASCII and
/// traditional characters to simplified ones (`crate::script`), ASCII
/// lower-cased, whitespace, punctuation and symbols dropped, boilerplate lead-ins removed.
pub fn normalise(text: &str) -> String {
    folded(text, None)
}

/// `normalise`, but each run of dropped characters leaves one `brk` behind, so phrases can be
/// kept from running across a sentence boundary.
fn folded(text: &str, brk: Option<char>) -> String {
    let mut out = String::with_capacity(text.len());
    for c in crate::script::simplified(text).chars() {
        let c = crate::fold_width(c);
        if c.is_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if let Some(b) = brk {
            if !out.ends_with(b) {
                out.push(b);
            }
        }
    }
    let lead_ins = boilerplate();
    if lead_ins.is_match(&out) {
        out = lead_ins.replace_all(&out, &[""; BOILERPLATE.len()]);
    }
    out
}

/// One automaton for all of `BOILERPLATE`, built once; the longest phrase wins.
fn boilerplate() -> &'static AhoCorasick {
    static AUTOMATON: OnceLock<AhoCorasick> = OnceLock::new();
    AUTOMATON.get_or_init(|| longest_of(BOILERPLATE))
}

/// An automaton for fixed `phrases` where, of phrases starting at one place, the longest wins.
pub(crate) fn longest_of(phrases: &[&str]) -> AhoCorasick {
    AhoCorasick::builder()
        .match_kind(MatchKind::LeftmostLongest)
        .build(phrases)
        .unwrap_or_else(|e| unreachable!("fixed phrases always build: {e}"))
}

/// A 64-bit mix (splitmix64's finaliser): spreads packed characters over the whole word.
pub(crate) const fn mix64(mut x: u64) -> u64 {
    x = (x ^ (x >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    x = (x ^ (x >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    x ^ (x >> 31)
}

/// The hash of one shingle: its characters packed 21 bits each (exact for up to three), mixed.
pub(crate) fn shingle_hash(w: &[char]) -> u64 {
    mix64(
        w.iter()
            .fold(w.len() as u64, |acc, c| (acc << 21) ^ u64::from(*c as u32)),
    )
}

/// Hashed `n`-character shingles of normalised characters, sorted and without repeats. Up to
/// three characters are packed exactly (21 bits each) before mixing, so distinct shingles never
/// collide; a text shorter than `n` is one shingle.
pub(crate) fn shingles_of(chars: &[char], n: usize) -> Vec<u64> {
    if chars.is_empty() {
        return Vec::new();
    }
    let mut out: Vec<u64> = if chars.len() < n {
        vec![shingle_hash(chars)]
    } else {
        chars.windows(n).map(shingle_hash).collect()
    };
    out.sort_unstable();
    out.dedup();
    out
}

/// The text's hashed character trigrams (see `SHINGLE`), sorted and without repeats.
pub fn shingles(text: &str) -> Vec<u64> {
    let chars: Vec<char> = normalise(text).chars().collect();
    shingles_of(&chars, SHINGLE)
}

/// Size of the intersection of two sorted, repeat-free lists.
pub(crate) fn overlap(a: &[u64], b: &[u64]) -> usize {
    let (mut i, mut j, mut n) = (0, 0, 0);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                n += 1;
                i += 1;
                j += 1;
            }
        }
    }
    n
}

/// Jaccard similarity of two shingle sets (as `shingles` makes them): shared over all. Two
/// empty sets share nothing.
pub fn jaccard_of_shingles(a: &[u64], b: &[u64]) -> f32 {
    let shared = overlap(a, b);
    let union = a.len() + b.len() - shared;
    if union == 0 {
        0.0
    } else {
        shared as f32 / union as f32
    }
}

/// Fewest trigrams (about as many characters) the shorter of two texts needs before how much
/// of it the longer holds counts as resemblance (`Overlap::score`): a sentence typed so far, or
/// a short message that a long record retells. Fewer say too little: "楼下烧烤店油烟很大" is in
/// many tickets about other shops.
pub const MIN_CONTAINED: usize = 20;

/// How two texts' trigrams overlap.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Overlap {
    /// Shared over all (what the index's score estimates).
    pub jaccard: f32,
    /// The share of the first text's trigrams that the second holds.
    pub first_held: f32,
    /// The share of the second text's trigrams that the first holds.
    pub second_held: f32,
    /// Trigrams of the shorter text.
    pub shorter: usize,
}

impl Overlap {
    /// The overlap of two shingle sets (as `shingles` makes them).
    pub fn of(first: &[u64], second: &[u64]) -> Overlap {
        let shared = overlap(first, second) as f32;
        let held = |n: usize| if n == 0 { 0.0 } else { shared / n as f32 };
        Overlap {
            jaccard: jaccard_of_shingles(first, second),
            first_held: held(first.len()),
            second_held: held(second.len()),
            shorter: first.len().min(second.len()),
        }
    }

    /// How much of the shorter text the longer holds, when the shorter says enough
    /// (`MIN_CONTAINED`); else 0.
    pub fn contained(&self) -> f32 {
        if self.shorter < MIN_CONTAINED {
            0.0
        } else {
            self.first_held.max(self.second_held)
        }
    }

    /// How alike the texts are, 0..=1: their Jaccard similarity, or how much of the shorter
    /// the longer holds (`contained`) when that is higher. The first half of a record, typed
    /// while the caller is still talking, is the record's matter, though it shares only half
    /// the record's trigrams.
    pub fn score(&self) -> f32 {
        self.jaccard.max(self.contained())
    }
}

/// The exact trigram Jaccard similarity of two texts (what the index's score estimates).
pub fn jaccard(a: &str, b: &str) -> f32 {
    jaccard_of_shingles(&shingles(a), &shingles(b))
}

/// Why two texts match: the longest phrases they share (normalised, so without punctuation,
/// and never across a sentence boundary), longest first, at most `max`, each at least
/// `MIN_PHRASE` characters and none overlapping another in either text.
pub fn shared_phrases(a: &str, b: &str, max: usize) -> Vec<String> {
    // Different break characters in each text: a break never matches.
    let a: Vec<char> = folded(a, Some('\u{1}'))
        .chars()
        .take(MAX_PHRASE_TEXT)
        .collect();
    let b: Vec<char> = folded(b, Some('\u{2}'))
        .chars()
        .take(MAX_PHRASE_TEXT)
        .collect();
    // Every maximal run of equal characters along each diagonal of the comparison matrix.
    let mut runs: Vec<(usize, usize, usize)> = Vec::new(); // (length, start in a, start in b)
    for d in 0..a.len() + b.len() {
        let (mut i, mut j) = if d < a.len() {
            (a.len() - 1 - d, 0)
        } else {
            (0, d - a.len() + 1)
        };
        let mut len = 0;
        while i < a.len() && j < b.len() {
            if a[i] == b[j] {
                len += 1;
            } else {
                if len >= MIN_PHRASE {
                    runs.push((len, i - len, j - len));
                }
                len = 0;
            }
            i += 1;
            j += 1;
        }
        if len >= MIN_PHRASE {
            runs.push((len, i - len, j - len));
        }
    }
    runs.sort_unstable_by(|x, y| y.0.cmp(&x.0).then(x.1.cmp(&y.1)));
    let (mut used_a, mut used_b) = (vec![false; a.len()], vec![false; b.len()]);
    let mut out: Vec<String> = Vec::new();
    for (len, i, j) in runs {
        if out.len() >= max {
            break;
        }
        if used_a[i..i + len].iter().any(|u| *u) || used_b[j..j + len].iter().any(|u| *u) {
            continue;
        }
        used_a[i..i + len].fill(true);
        used_b[j..j + len].fill(true);
        let phrase: String = a[i..i + len].iter().collect();
        if !out.contains(&phrase) {
            out.push(phrase);
        }
    }
    out
}
