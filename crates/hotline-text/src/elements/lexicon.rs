//! The colloquial → formal lexicon: records use written, formal wording (扬尘污染, not 漫天尘土).
//! The lexicon is data (`assets/formal_lexicon.toml`), matched with one Aho-Corasick automaton,
//! the longest phrase winning where phrases overlap.
use std::collections::HashSet;

use aho_corasick::{AhoCorasick, MatchKind};
use serde::{Deserialize, Serialize};
use toml::Spanned;

/// The project's default lexicon, compiled into the crate.
pub const DEFAULT_LEXICON: &str = include_str!("../../assets/formal_lexicon.toml");

/// A lexicon that cannot be used, with where to fix it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "lexicon{}{}: {message}",
    line.map(|l| format!(", line {l}")).unwrap_or_default(),
    phrase.as_ref().map(|p| format!(", phrase `{p}`")).unwrap_or_default()
)]
pub struct LexiconError {
    /// 1-based line in the lexicon file, when the lexicon came from a file.
    pub line: Option<usize>,
    /// The colloquial phrase of the entry at fault.
    pub phrase: Option<String>,
    pub message: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LexiconEntry {
    pub colloquial: String,
    pub formal: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct LexiconFile {
    entry: Vec<Spanned<LexiconEntry>>,
}

#[derive(Serialize)]
struct LexiconOut<'a> {
    entry: &'a [LexiconEntry],
}

/// The lead comment of a lexicon written out (`Lexicon::to_toml`).
const HEADER: &str =
    "# Colloquial → formal wording for ticket records (工单记录用书面语): each entry is one\n\
# phrase as callers say it and the wording a record uses; where phrases overlap, the longest\n\
# one is replaced.\n\n";

/// A phrase replaced. Offsets count characters of the original text, end exclusive.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Replacement {
    pub from: String,
    pub to: String,
    pub start: usize,
    pub end: usize,
}

/// A text in formal wording, with what was replaced.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Formalised {
    pub text: String,
    pub replacements: Vec<Replacement>,
}

/// Words ending in a negation that deny nothing: 要不是很吵 says it is, 有没有 and 是不是 ask.
const NOT_DENYING: &[&str] = &["要不是", "若不是", "是不是", "有没有"];

/// Words that deny the phrase right after them.
const NEGATIONS: &[&str] = &["不是", "不太", "不算", "不怎么", "没有", "没", "不", "并非"];

#[derive(Debug, Clone)]
pub struct Lexicon {
    entries: Vec<LexiconEntry>,
    /// None when the lexicon is empty.
    phrases: Option<AhoCorasick>,
}

impl Lexicon {
    /// The project's default lexicon.
    pub fn builtin() -> Result<Lexicon, LexiconError> {
        Lexicon::from_toml(DEFAULT_LEXICON)
    }

    /// Parse a lexicon file: `[[entry]]` tables with `colloquial` and `formal`.
    pub fn from_toml(text: &str) -> Result<Lexicon, LexiconError> {
        let line_of = |at: usize| crate::screen::line_of(text, at);
        let file: LexiconFile = toml::from_str(text).map_err(|e| LexiconError {
            line: Some(line_of(e.span().map_or(0, |s| s.start))),
            phrase: None,
            message: e.message().trim().to_string(),
        })?;
        let lines: Vec<usize> = file.entry.iter().map(|e| line_of(e.span().start)).collect();
        let entries = file.entry.into_iter().map(Spanned::into_inner).collect();
        Lexicon::build(entries, &lines)
    }

    /// A lexicon from entries built in code.
    pub fn new(entries: Vec<LexiconEntry>) -> Result<Lexicon, LexiconError> {
        Lexicon::build(entries, &[])
    }

    fn build(entries: Vec<LexiconEntry>, lines: &[usize]) -> Result<Lexicon, LexiconError> {
        // Texts are read in simplified script (`crate::script`), so are the entries: 電梯壞了
        // is 电梯坏了, and listing both is listing one twice.
        let fold = |s: &mut String| {
            if let std::borrow::Cow::Owned(f) = crate::script::simplified(s) {
                *s = f;
            }
        };
        let mut entries = entries;
        for e in &mut entries {
            fold(&mut e.colloquial);
            fold(&mut e.formal);
        }
        let mut seen = HashSet::new();
        for (i, e) in entries.iter().enumerate() {
            let fail = |message: &str| LexiconError {
                line: lines.get(i).copied(),
                phrase: Some(e.colloquial.clone()),
                message: message.to_string(),
            };
            if e.colloquial.trim().is_empty() || e.formal.trim().is_empty() {
                return Err(fail("an entry has an empty `colloquial` or `formal`"));
            }
            if !seen.insert(e.colloquial.as_str()) {
                return Err(fail("the phrase is listed twice"));
            }
        }
        let phrases = if entries.is_empty() {
            None
        } else {
            let phrases = entries.iter().map(|e| e.colloquial.as_str());
            let built = AhoCorasick::builder()
                .match_kind(MatchKind::LeftmostLongest)
                .build(phrases);
            Some(built.map_err(|e| LexiconError {
                line: None,
                phrase: None,
                message: format!("the phrase automaton cannot be built: {e}"),
            })?)
        };
        Ok(Lexicon { entries, phrases })
    }

    pub fn entries(&self) -> &[LexiconEntry] {
        &self.entries
    }

    /// The lexicon as a file `from_toml` reads back to the same entries, in the same order.
    pub fn to_toml(&self) -> Result<String, LexiconError> {
        let body = if self.entries.is_empty() {
            // An empty array of tables writes nothing; the reader needs the key.
            "entry = []\n".to_string()
        } else {
            toml::to_string(&LexiconOut {
                entry: &self.entries,
            })
            .map_err(|e| LexiconError {
                line: None,
                phrase: None,
                message: format!("the lexicon cannot be written as TOML: {e}"),
            })?
        };
        Ok(format!("{HEADER}{body}"))
    }

    /// `text` with every colloquial phrase replaced by its formal wording, in simplified script
    /// (`crate::script`: 吵得睡不著覺 is read as 吵得睡不着觉).
    pub fn formalise(&self, text: &str) -> Formalised {
        let folded = crate::script::simplified(text);
        let text: &str = &folded;
        let Some(phrases) = &self.phrases else {
            return Formalised {
                text: text.to_string(),
                replacements: Vec::new(),
            };
        };
        let mut out = String::with_capacity(text.len());
        let mut replacements = Vec::new();
        let (mut last, mut chars_before) = (0, 0);
        for m in phrases.find_iter(text) {
            // A phrase that ends inside a longer word is not said (狗一直叫唤, 井盖没了解决);
            // it may start inside one where the wording keeps that word whole (电动车乱停 holds
            // 车乱停 → 车辆乱停乱放), not where it would break it (马路上有个大坑 holds
            // 路上有个大坑 → 道路路面破损, which would leave 马道路…).
            let words = super::word_bounds_near(text, m.start(), m.end());
            if m.end() < text.len() && !words.iter().any(|w| w.1 == m.end()) {
                continue;
            }
            let entry = &self.entries[m.pattern().as_usize()];
            let starts_inside = m.start() > 0 && !words.iter().any(|w| w.0 == m.start());
            let keeps_first = entry.colloquial.chars().next() == entry.formal.chars().next();
            if starts_inside && !keeps_first {
                continue;
            }
            // Already in formal wording ("扬尘污染" for 扬尘 → 扬尘污染): left as it is, not
            // doubled.
            let already_formal =
                entry
                    .formal
                    .match_indices(entry.colloquial.as_str())
                    .any(|(k, _)| {
                        m.start()
                            .checked_sub(k)
                            .and_then(|from| text.get(from..))
                            .is_some_and(|t| t.starts_with(entry.formal.as_str()))
                    });
            // A phrase denied is not the matter: 不是很吵 is no 噪声扰民.
            let before = &text[..m.start()];
            let denied = NEGATIONS.iter().any(|n| before.ends_with(n))
                && !NOT_DENYING.iter().any(|w| before.ends_with(w));
            // Nor is one already followed by what the wording adds: 车乱停乱放 is not made
            // 车辆乱停乱放乱放.
            let formal: Vec<char> = entry.formal.chars().collect();
            let completed = (2..=3.min(formal.len())).any(|k| {
                let added: String = formal[formal.len() - k..].iter().collect();
                !entry.colloquial.contains(added.as_str()) && text[m.end()..].starts_with(&added)
            });
            if already_formal || denied || completed {
                continue;
            }
            out.push_str(&text[last..m.start()]);
            out.push_str(&entry.formal);
            chars_before += text[last..m.start()].chars().count();
            let len = entry.colloquial.chars().count();
            replacements.push(Replacement {
                from: entry.colloquial.clone(),
                to: entry.formal.clone(),
                start: chars_before,
                end: chars_before + len,
            });
            chars_before += len;
            last = m.end();
        }
        out.push_str(&text[last..]);
        Formalised {
            text: out,
            replacements,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn colloquial_phrases_become_formal_and_each_replacement_is_reported() {
        let lexicon = Lexicon::builtin().unwrap();
        let f = lexicon.formalise("工地漫天尘土，晚上吵得睡不着");
        assert_eq!(f.text, "工地扬尘污染，晚上噪声扰民");
        let r = &f.replacements;
        assert_eq!(
            (r[0].from.as_str(), r[0].to.as_str(), r[0].start, r[0].end),
            ("漫天尘土", "扬尘污染", 2, 6)
        );
        assert_eq!(
            (r[1].from.as_str(), r[1].start, r[1].end),
            ("吵得睡不着", 9, 14)
        );
    }

    #[test]
    fn a_phrase_ending_inside_a_longer_word_is_left_alone() {
        let lexicon = Lexicon::builtin().unwrap();
        assert_eq!(lexicon.formalise("他说狗一直叫唤").text, "他说狗一直叫唤");
        assert!(lexicon.formalise("他说狗一直叫唤").replacements.is_empty());
        assert_eq!(lexicon.formalise("楼下狗一直叫").text, "楼下犬吠扰民");
        assert_eq!(
            lexicon.formalise("楼下狗一直叫，吵得睡不着").text,
            "楼下犬吠扰民，噪声扰民"
        );
        let parked = lexicon.formalise("小区里电动车乱停");
        assert_eq!(parked.replacements.len(), 1, "{parked:?}");
        assert_eq!(parked.text, "小区里电动车辆乱停乱放");
        // Starting inside 马路, 路上有个大坑 → 道路路面破损 would leave 马道路路面破损.
        let road = lexicon.formalise("马路上有个大坑，车开过去咣当一下");
        assert_eq!(road.text, "马路上有个大坑，车开过去咣当一下", "{road:?}");
        assert_eq!(lexicon.formalise("路上有个大坑").text, "道路路面破损");
    }

    #[test]
    fn a_phrase_followed_by_what_the_wording_adds_is_left_alone() {
        let lexicon = Lexicon::builtin().unwrap();
        for text in [
            "路口的共享单车乱停乱放",
            "南昌路上汽车乱停乱放",
            "电动车乱停乱放",
        ] {
            assert_eq!(lexicon.formalise(text).text, text);
        }
        assert_eq!(
            lexicon.formalise("路口的共享单车乱停").text,
            "路口的共享单车乱停乱放"
        );
        assert_eq!(lexicon.formalise("路边汽车乱停").text, "路边汽车乱停乱放");
    }

    #[test]
    fn a_phrase_denied_is_left_alone() {
        let lexicon = Lexicon::builtin().unwrap();
        let f = lexicon.formalise("楼上晚上不是很吵，就是白天很吵");
        assert_eq!(f.text, "楼上晚上不是很吵，就是白天噪声扰民");
        assert_eq!(f.replacements.len(), 1);
        assert_eq!(lexicon.formalise("其实并不太很吵").replacements.len(), 0);
        assert_eq!(
            lexicon.formalise("要不是很吵我也不会打电话").text,
            "要不是噪声扰民我也不会打电话"
        );
    }

    #[test]
    fn entries_are_read_in_simplified_script() {
        let entry = |c: &str, f: &str| LexiconEntry {
            colloquial: c.into(),
            formal: f.into(),
        };
        let lexicon = Lexicon::new(vec![entry("電梯壞了", "電梯故障")]).unwrap();
        assert_eq!(lexicon.entries()[0].colloquial, "电梯坏了");
        assert_eq!(lexicon.formalise("樓裡電梯壞了").text, "楼里电梯故障");
        assert_eq!(lexicon.formalise("楼里电梯坏了").text, "楼里电梯故障");
        // The same phrase in both scripts is one phrase listed twice.
        let twice = Lexicon::new(vec![
            entry("電梯壞了", "电梯故障"),
            entry("电梯坏了", "电梯故障"),
        ]);
        assert!(twice.is_err());
    }

    #[test]
    fn the_longest_phrase_wins() {
        let lexicon = Lexicon::new(vec![
            LexiconEntry {
                colloquial: "吵".into(),
                formal: "喧哗".into(),
            },
            LexiconEntry {
                colloquial: "吵得睡不着".into(),
                formal: "噪声扰民".into(),
            },
        ])
        .unwrap();
        assert_eq!(lexicon.formalise("吵得睡不着").text, "噪声扰民");
    }

    #[test]
    fn wording_already_formal_is_not_doubled() {
        let lexicon = Lexicon::new(vec![
            LexiconEntry {
                colloquial: "扬尘".into(),
                formal: "扬尘污染".into(),
            },
            LexiconEntry {
                colloquial: "尘土".into(),
                formal: "漫天尘土".into(),
            },
        ])
        .unwrap();
        let f = lexicon.formalise("工地扬尘污染很严重，漫天尘土");
        assert_eq!(f.text, "工地扬尘污染很严重，漫天尘土");
        assert!(f.replacements.is_empty(), "{f:?}");
        assert_eq!(lexicon.formalise("工地扬尘很大").text, "工地扬尘污染很大");
    }

    #[test]
    fn a_lexicon_written_out_reads_back_the_same() {
        let builtin = Lexicon::builtin().unwrap();
        let again = Lexicon::from_toml(&builtin.to_toml().unwrap()).unwrap();
        assert_eq!(again.entries(), builtin.entries());
        let odd = Lexicon::new(vec![LexiconEntry {
            colloquial: "说\"不行\"\\就走".into(),
            formal: "推诿".into(),
        }])
        .unwrap();
        assert_eq!(
            Lexicon::from_toml(&odd.to_toml().unwrap())
                .unwrap()
                .entries(),
            odd.entries()
        );
        let empty = Lexicon::new(Vec::new()).unwrap();
        assert!(Lexicon::from_toml(&empty.to_toml().unwrap())
            .unwrap()
            .entries()
            .is_empty());
    }

    #[test]
    fn the_default_lexicon_has_about_forty_entries() {
        assert!(Lexicon::builtin().unwrap().entries().len() >= 40);
    }

    #[test]
    fn a_bad_lexicon_names_the_line_and_phrase() {
        let text = "[[entry]]\ncolloquial = \"臭气熏天\"\nformal = \"异味扰民\"\n\n\
                    [[entry]]\ncolloquial = \"臭气熏天\"\nformal = \"恶臭\"\n";
        let err = Lexicon::from_toml(text).unwrap_err();
        assert_eq!(
            (err.line, err.phrase.as_deref()),
            (Some(5), Some("臭气熏天"))
        );
        assert_eq!(
            err.to_string(),
            "lexicon, line 5, phrase `臭气熏天`: the phrase is listed twice"
        );
        let err =
            Lexicon::from_toml("[[entry]]\ncolloquial = \"x\"\nformel = \"y\"\n").unwrap_err();
        assert_eq!(err.line, Some(3));
        assert!(err.message.contains("formel"), "{}", err.message);
    }
}
