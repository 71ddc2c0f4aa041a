//! Keyword search over ticket text without a scan. Chinese has no spaces, and the queries people
//! type are often two characters (噪音, 停水), too short for trigram indexes, so tickets are
//! indexed by character bigrams.
//!
//! SQLite keeps a full-text table (`ticket_grams`, FTS5) whose document for a ticket is its
//! bigrams: the text is cut into runs of letters and digits (Chinese characters included, ASCII
//! lowercased), each run gives its overlapping bigrams in order, plus its last character alone.
//! A query word becomes a phrase of its bigrams in order, which matches exactly the tickets that
//! contain the word inside one run; a one-character word becomes a prefix query, which finds the
//! character at the start of a bigram or as the last character of a run, so everywhere it occurs
//! (the table keeps an index of one-character prefixes for these).
//! Words with other characters inside (3-1, A/B) are also checked with LIKE, on the few candidates.
//!
//! PostgreSQL keeps a side table (`ticket_grams`, migrations 0010 and 0012) with each ticket's
//! creation time, search text, and characters and character bigrams as a `text[]` under a GIN
//! index, written from here only when a ticket's text changes. A query asks for its words'
//! bigrams (`pg_word_grams`); a short word is decided by them, a longer one is then confirmed
//! by LIKE (or ILIKE) on the same row. (Before, a GIN index on an SQL function of `search_text`
//! recomputed the grams in SQL for every new row version: half a millisecond for each state
//! change.)

/// Characters that make up runs; everything else separates them.
fn in_run(c: char) -> bool {
    c.is_alphanumeric()
}

/// The runs of a text, ASCII lowercased.
fn runs(text: &str) -> impl Iterator<Item = Vec<char>> + '_ {
    text.split(|c: char| !in_run(c))
        .filter(|r| !r.is_empty())
        .map(|r| r.chars().map(|c| c.to_ascii_lowercase()).collect())
}

/// The document the SQLite index stores for a ticket's search text: space-separated tokens.
pub(crate) fn document(text: &str) -> String {
    let mut out = String::with_capacity(text.len() * 3);
    for run in runs(text) {
        for pair in run.windows(2) {
            out.extend(pair);
            out.push(' ');
        }
        if let Some(last) = run.last() {
            out.push(*last);
            out.push(' ');
        }
    }
    out.pop();
    out
}

/// How one query word is looked up in the SQLite index.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct WordQuery {
    /// The FTS5 expression (phrases joined by AND); `None` when the word has no letters or digits.
    pub expression: Option<String>,
    /// Whether the index alone is exact for this word; if not, LIKE must confirm it.
    pub exact: bool,
}

/// The FTS5 expression for one whitespace-free query word.
pub(crate) fn word_query(word: &str) -> WordQuery {
    let phrases: Vec<String> = runs(word)
        .map(|run| {
            if run.len() == 1 {
                // Tokens are letters and digits only, so no quoting is needed inside the phrase.
                format!("\"{}\"*", run[0])
            } else {
                let grams: Vec<String> = run.windows(2).map(|p| p.iter().collect()).collect();
                format!("\"{}\"", grams.join(" "))
            }
        })
        .collect();
    let exact = phrases.len() == 1 && word.chars().all(in_run);
    WordQuery {
        expression: (!phrases.is_empty()).then(|| phrases.join(" AND ")),
        exact,
    }
}

/// Separates grams when they travel as one text (`string_to_array(…, chr(1))`); control
/// characters never get into a gram.
pub(crate) const PG_SEPARATOR: char = '\u{1}';

/// A text's characters as PostgreSQL's grams see them: lowercased, control characters as spaces.
fn pg_chars(text: &str) -> Vec<char> {
    text.chars()
        .flat_map(char::to_lowercase)
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect()
}

/// The PostgreSQL grams of a text: every character and every pair of adjacent characters of
/// `pg_chars`, sorted and distinct.
pub(crate) fn pg_grams(text: &str) -> Vec<String> {
    let chars = pg_chars(text);
    let mut grams: Vec<String> = chars
        .iter()
        .map(|c| c.to_string())
        .chain(chars.windows(2).map(|p| p.iter().collect()))
        .collect();
    grams.sort_unstable();
    grams.dedup();
    grams
}

/// Whether a character has another case (ASCII letters, most other letters, titlecase ones).
fn has_case(c: char) -> bool {
    !c.to_lowercase().eq([c]) || !c.to_uppercase().eq([c])
}

/// How the PostgreSQL index answers one whitespace-free query word.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct WordGrams {
    /// The grams a ticket must have: the word's bigrams, or the character itself for a
    /// one-character word (the bigrams imply the characters, and fewer grams give the planner
    /// a truer estimate).
    pub grams: Vec<String>,
    /// Having the grams is the same as containing the word: a word of one or two characters,
    /// each ASCII or without case (so `pg_grams`' Unicode lowercasing agrees with ILIKE's ASCII
    /// folding, but for the Kelvin sign and its like in a ticket's text). A longer word's
    /// bigrams can be present apart, so the search text must confirm it.
    pub exact: bool,
    /// The confirmation must ignore case (ILIKE, folding ASCII letters only as SQLite does);
    /// without ASCII letters, LIKE, which compares bytes where ILIKE lowercases every
    /// candidate's text first, says the same.
    pub cased: bool,
}

pub(crate) fn pg_word_grams(word: &str) -> WordGrams {
    let chars = pg_chars(word);
    let mut grams: Vec<String> = if chars.len() == 1 {
        vec![chars[0].to_string()]
    } else {
        chars.windows(2).map(|p| p.iter().collect()).collect()
    };
    grams.sort_unstable();
    grams.dedup();
    let plain = |c: char| (c.is_ascii() || !has_case(c)) && !c.is_control();
    WordGrams {
        grams,
        exact: chars.len() <= 2 && word.chars().all(plain),
        cased: word.chars().any(|c| c.is_ascii_alphabetic()),
    }
}

/// `pg_grams` as one text, joined by `PG_SEPARATOR`.
pub(crate) fn pg_grams_joined(text: &str) -> String {
    let mut out = String::new();
    for (i, g) in pg_grams(text).iter().enumerate() {
        if i > 0 {
            out.push(PG_SEPARATOR);
        }
        out.push_str(g);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn documents_are_bigrams_of_runs_plus_each_runs_last_character() {
        assert_eq!(document("小区噪音"), "小区 区噪 噪音 音");
        assert_eq!(document("A3区，噪音!"), "a3 3区 区 噪音 音");
        assert_eq!(document("水"), "水");
        assert_eq!(document(" ，。 "), "");
    }

    #[test]
    fn words_become_phrases_and_single_characters_prefixes() {
        assert_eq!(
            word_query("噪音扰民"),
            WordQuery {
                expression: Some("\"噪音 音扰 扰民\"".into()),
                exact: true
            }
        );
        assert_eq!(
            word_query("水"),
            WordQuery {
                expression: Some("\"水\"*".into()),
                exact: true
            }
        );
        assert_eq!(
            word_query("3-1号"),
            WordQuery {
                expression: Some("\"3\"* AND \"1号\"".into()),
                exact: false
            }
        );
        assert_eq!(
            word_query("%%"),
            WordQuery {
                expression: None,
                exact: false
            }
        );
    }

    #[test]
    fn postgres_query_words_ask_for_their_bigrams_and_short_plain_words_are_exact() {
        let g = |w: &str| {
            let q = pg_word_grams(w);
            (q.grams, q.exact, q.cased)
        };
        assert_eq!(g("噪音"), (vec!["噪音".to_owned()], true, false));
        assert_eq!(g("水"), (vec!["水".to_owned()], true, false));
        assert_eq!(g("A3"), (vec!["a3".to_owned()], true, true));
        assert_eq!(g("%"), (vec!["%".to_owned()], true, false));
        assert_eq!(g("かな"), (vec!["かな".to_owned()], true, false));
        assert_eq!(
            g("噪音扰民"),
            (
                vec!["噪音".into(), "扰民".into(), "音扰".into()],
                false,
                false
            )
        );
        assert_eq!(g("水水水"), (vec!["水水".to_owned()], false, false));
        // Cased letters outside ASCII, titlecase ones too: the search text decides, not Unicode
        // lowercasing, and exactly as written, as on SQLite (which folds ASCII letters only).
        assert_eq!(g("Ω"), (vec!["ω".to_owned()], false, false));
        assert_eq!(g("ǅ"), (vec!["ǆ".to_owned()], false, false));
        assert_eq!(g("ａ座"), (vec!["ａ座".to_owned()], false, false));
        assert_eq!(g("Ａb"), (vec!["ａb".to_owned()], false, true));
        // A ticket's grams contain what its words ask for.
        let stored = pg_grams("小区噪音扰民，A3栋");
        for w in ["噪音扰民", "噪音", "a3", "栋"] {
            assert!(g(w).0.iter().all(|x| stored.contains(x)), "{w}");
        }
    }

    #[test]
    fn postgres_grams_are_every_character_and_pair_lowercased() {
        assert_eq!(
            pg_grams("噪音Ab"),
            ["a", "ab", "b", "噪", "噪音", "音", "音a"]
        );
        assert_eq!(pg_grams("水水水"), ["水", "水水"]);
        assert_eq!(pg_grams("a\u{1}b"), [" ", " b", "a", "a ", "b"]);
        assert!(pg_grams("").is_empty());
        assert_eq!(pg_grams_joined("ab"), "a\u{1}ab\u{1}b");
    }
}
