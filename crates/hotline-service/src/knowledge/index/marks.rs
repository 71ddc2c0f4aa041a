//! What a hit shows: its title with the query's words (or the characters typed) marked, and
//! the stretch of its body that holds the most of them.
use tantivy::snippet::SnippetGenerator;

use super::{tokenizer, Highlighted, SNIPPET_BYTES};

/// Character ranges of byte ranges in `text`.
pub(super) fn char_ranges(
    text: &str,
    bytes: impl IntoIterator<Item = (usize, usize)>,
) -> Vec<(usize, usize)> {
    let chars = |b: usize| text.get(..b).map_or(0, |s| s.chars().count());
    bytes
        .into_iter()
        .map(|(s, e)| (chars(s), chars(e)))
        .collect()
}

/// Ranges in order, those that overlap or touch made one.
pub(crate) fn merged(mut ranges: Vec<(usize, usize)>) -> Vec<(usize, usize)> {
    ranges.sort_unstable();
    let mut out: Vec<(usize, usize)> = Vec::with_capacity(ranges.len());
    for (s, e) in ranges {
        match out.last_mut() {
            Some(last) if s <= last.1 => last.1 = last.1.max(e),
            _ => out.push((s, e)),
        }
    }
    out
}

/// The whole text with every query word in it marked.
pub(super) fn highlight(text: &str, words: &[String]) -> Highlighted {
    let spans: Vec<(usize, usize)> = tokenizer::tokens(text)
        .into_iter()
        .filter(|t| words.contains(&t.text))
        .map(|t| (t.offset_from, t.offset_to))
        .collect();
    Highlighted {
        text: text.to_string(),
        ranges: char_ranges(text, merged(spans)),
    }
}

/// Where the characters typed stand in `text`, found as words are searched (醫 for 医), as
/// character ranges.
pub(super) fn places_of(text: &str, typed: &[char]) -> Vec<(usize, usize)> {
    let (searched, at) = tokenizer::searched_form(text);
    let bytes = searched
        .char_indices()
        .filter(|(_, c)| typed.contains(c))
        .map(|(i, c)| (at[i], at[i + c.len_utf8()]))
        .filter(|(s, e)| s < e);
    merged(char_ranges(text, bytes))
}

/// The part of a long body a snippet is looked for in (`SNIPPET_WINDOW_BYTES`): around the
/// stretch holding the most distinct query words (as words are searched: simplified script,
/// full-width forms folded, letters in either case), or the opening when it holds none.
pub(super) fn snippet_window<'a>(body: &'a str, words: &[String]) -> &'a str {
    if body.len() <= SNIPPET_WINDOW_BYTES {
        return body;
    }
    let (searched, at) = tokenizer::searched_form(body);
    // Where each word stands (the first hundred of each), by byte of the body.
    let mut hits: Vec<(usize, usize)> = Vec::new();
    for (k, w) in words.iter().enumerate().filter(|(_, w)| !w.is_empty()) {
        hits.extend(
            searched
                .match_indices(w.as_str())
                .take(100)
                .map(|(p, _)| (at[p], k)),
        );
    }
    hits.sort_unstable();
    // The stretch of two thirds of the window with the most distinct words, the first such.
    let span = SNIPPET_WINDOW_BYTES * 2 / 3;
    let mut seen = vec![0u32; words.len()];
    let (mut distinct, mut lo, mut best) = (0, 0, (0, 0));
    for hi in 0..hits.len() {
        if seen[hits[hi].1] == 0 {
            distinct += 1;
        }
        seen[hits[hi].1] += 1;
        while hits[hi].0 - hits[lo].0 > span {
            seen[hits[lo].1] -= 1;
            if seen[hits[lo].1] == 0 {
                distinct -= 1;
            }
            lo += 1;
        }
        if distinct > best.0 {
            best = (distinct, hits[lo].0);
        }
    }
    let mut start = best.1.saturating_sub(SNIPPET_WINDOW_BYTES / 6);
    while !body.is_char_boundary(start) {
        start -= 1;
    }
    let mut end = (start + SNIPPET_WINDOW_BYTES).min(body.len());
    while !body.is_char_boundary(end) {
        end -= 1;
    }
    &body[start..end]
}

/// The opening of the body, unmarked, at most `SNIPPET_BYTES` long.
pub(super) fn opening(body: &str) -> Highlighted {
    let mut end = SNIPPET_BYTES.min(body.len());
    while !body.is_char_boundary(end) {
        end -= 1;
    }
    Highlighted {
        text: body[..end].to_string(),
        ranges: vec![],
    }
}

/// Bytes of a long body the snippet is looked for in, around the stretch with the most query
/// words (`snippet_window`): making a snippet reads its text through the tokenizer, and a policy text of
/// 20,000 characters read whole for every hit of every search would take the time of many
/// searches.
pub(super) const SNIPPET_WINDOW_BYTES: usize = 3000;

/// The stretch of the body with the most query words, or its opening when it has none; the
/// words marked, or the characters `typed` alone where the query was of them.
pub(super) fn snippet(
    generator: &SnippetGenerator,
    body: &str,
    words: &[String],
    typed: Option<&[char]>,
) -> Highlighted {
    let s = generator.snippet(snippet_window(body, words));
    let mut found = if s.is_empty() {
        opening(body)
    } else {
        let fragment = s.fragment();
        let bytes = s.highlighted().iter().map(|r| (r.start, r.end)).collect();
        Highlighted {
            text: fragment.to_string(),
            ranges: char_ranges(fragment, merged(bytes)),
        }
    };
    if let Some(typed) = typed {
        found.ranges = places_of(&found.text, typed);
    }
    found
}
