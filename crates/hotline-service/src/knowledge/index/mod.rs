//! The in-memory search index of the knowledge base: tantivy over jieba words, built at start
//! from every stored article and updated after every write. Title words weigh most, then
//! keywords, then the body (BM25 within each). The index holds no text of its own: a map of the
//! articles beside it gives hits their content and has the last word on status and validity,
//! so an article retired a moment ago is never offered even before the index has caught up.
use std::collections::HashMap;
use std::ops::Bound;
use std::sync::{Arc, Mutex, RwLock};

use chrono::{Datelike, NaiveDate};
use tantivy::collector::{Count, TopDocs};
use tantivy::query::{
    BooleanQuery, BoostQuery, ConstScoreQuery, Occur, Query, RangeQuery, TermQuery,
};
use tantivy::schema::{
    Field, IndexRecordOption, Schema, TextFieldIndexing, TextOptions, FAST, INDEXED, STRING,
};
use tantivy::snippet::SnippetGenerator;
use tantivy::{Index, IndexReader, IndexWriter, ReloadPolicy, Searcher, TantivyDocument, Term};

use hotline_domain::knowledge::{Article, ArticleId, ArticleKind, ArticleStatus};
use hotline_domain::org::UnitId;

use super::tokenizer::{self, ChineseTokenizer};

mod dictionary;
mod draft;
mod marks;
use dictionary::{add_doc_freqs, SecondIs};
pub use draft::DraftWords;
pub(super) use marks::merged;
use marks::{highlight, opening, places_of, snippet};
#[cfg(test)]
use marks::{snippet_window, SNIPPET_WINDOW_BYTES};

/// Most indexed words a single-character query word stands for (fewer each where the query
/// has several, to stay within `MAX_QUERY_WORDS`), and most single characters a query may hold
/// to be expanded (see `expand_characters`).
const CHARACTER_EXPANSION: usize = 16;
pub(crate) const MAX_EXPANDED: usize = 4;

/// Weights of a word found in each field.
const TITLE_BOOST: f32 = 2.0;
const KEYWORD_BOOST: f32 = 1.5;
/// Weight of a draft's generic word (`DraftWords::generic`) against a word that names its
/// matter: enough to tell two articles on the matter apart (医院工作人员态度差: 医务人员服务
/// 态度 or 工作人员态度), not to outweigh the matter.
const GENERIC_WEIGHT: f32 = 0.25;
/// Score added to an article in the category a recommendation asked for: enough to put it
/// first among near-equals, not to lift a poor match over a good one.
const CATEGORY_BONUS: f32 = 0.5;
/// Longest snippet, in bytes of UTF-8 (about 80 Chinese characters).
const SNIPPET_BYTES: usize = 240;
/// Most words a query searches for; a long draft keeps its most specific ones.
pub const MAX_QUERY_WORDS: usize = 24;
/// Indexes at least this large drop words too common to be worth scoring (see `informative`).
const PRUNE_FROM: u64 = 1_000;
/// A word in more than one article in this many is too common.
const COMMON_SHARE: u64 = 5;
/// Indexing memory: split between the indexing threads, taken as needed.
const WRITER_BUDGET: usize = 64 * 1024 * 1024;

#[derive(Debug, thiserror::Error)]
#[error("search index: {0}")]
pub struct IndexError(String);

impl From<tantivy::TantivyError> for IndexError {
    fn from(e: tantivy::TantivyError) -> Self {
        IndexError(e.to_string())
    }
}

impl From<std::io::Error> for IndexError {
    fn from(e: std::io::Error) -> Self {
        IndexError(e.to_string())
    }
}

#[derive(Clone, Copy)]
struct Fields {
    id: Field,
    title: Field,
    body: Field,
    keywords: Field,
    kind: Field,
    status: Field,
    /// The category code and each of its ancestors, so a filter on `02` finds `020203`.
    category: Field,
    /// Day numbers; an open end is the smallest or largest number.
    valid_from: Field,
    valid_to: Field,
    /// The owning unit's id, or `NO_OWNER`.
    owner: Field,
}

/// The owner term of an article that no unit owns.
const NO_OWNER: &str = "none";

fn owner_term(unit: Option<UnitId>) -> String {
    unit.map_or_else(|| NO_OWNER.to_string(), |u| u.0.to_string())
}

/// Which articles a search may return.
#[derive(Debug, Clone, Default)]
pub struct Filters {
    pub statuses: Vec<ArticleStatus>,
    pub kind: Option<ArticleKind>,
    pub category: Option<String>,
    /// Only articles this unit owns.
    pub owner_unit: Option<UnitId>,
    /// Only articles valid on this local date.
    pub valid_on: Option<NaiveDate>,
    /// When not empty, only articles that hold at least one of these words.
    pub any_of: Vec<String>,
}

impl Filters {
    fn admits(&self, a: &Article) -> bool {
        self.statuses.contains(&a.status)
            && self.kind.is_none_or(|k| k == a.kind)
            && self
                .category
                .as_deref()
                .is_none_or(|c| a.category.as_deref().is_some_and(|ac| ac.starts_with(c)))
            && self.valid_on.is_none_or(|d| a.is_current(d))
            && self.owner_unit.is_none_or(|u| a.owner_unit == Some(u))
    }
}

/// Text with the stretches that matched the query, as character ranges `[start, end)`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Highlighted {
    pub text: String,
    pub ranges: Vec<(usize, usize)>,
}

#[derive(Debug, Clone)]
pub struct IndexHit {
    pub article: Arc<Article>,
    pub score: f32,
    pub title: Highlighted,
    pub snippet: Highlighted,
}

pub struct ArticleIndex {
    reader: IndexReader,
    writer: Mutex<IndexWriter<TantivyDocument>>,
    fields: Fields,
    articles: RwLock<HashMap<ArticleId, Arc<Article>>>,
}

fn day(d: NaiveDate) -> i64 {
    i64::from(d.num_days_from_ce())
}

impl ArticleIndex {
    /// An index of the given articles.
    pub fn build(articles: Vec<Article>) -> Result<ArticleIndex, IndexError> {
        tokenizer::warm_up();
        let mut schema = Schema::builder();
        let text = TextOptions::default().set_indexing_options(
            TextFieldIndexing::default()
                .set_tokenizer(tokenizer::NAME)
                .set_index_option(IndexRecordOption::WithFreqs),
        );
        let fields = Fields {
            id: schema.add_u64_field("id", INDEXED | FAST),
            title: schema.add_text_field("title", text.clone()),
            body: schema.add_text_field("body", text.clone()),
            keywords: schema.add_text_field("keywords", text),
            kind: schema.add_text_field("kind", STRING),
            status: schema.add_text_field("status", STRING),
            category: schema.add_text_field("category", STRING),
            valid_from: schema.add_i64_field("valid_from", INDEXED | FAST),
            valid_to: schema.add_i64_field("valid_to", INDEXED | FAST),
            owner: schema.add_text_field("owner", STRING),
        };
        let index = Index::create_in_ram(schema.build());
        index
            .tokenizers()
            .register(tokenizer::NAME, ChineseTokenizer);
        let threads = std::thread::available_parallelism().map_or(1, |n| n.get().min(2));
        let writer = index.writer_with_num_threads(threads, WRITER_BUDGET)?;
        let reader = index
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .try_into()?;
        let built = ArticleIndex {
            reader,
            writer: Mutex::new(writer),
            fields,
            articles: RwLock::new(HashMap::new()),
        };
        built.upsert(articles)?;
        Ok(built)
    }

    fn document(&self, a: &Article) -> TantivyDocument {
        let f = self.fields;
        let mut doc = TantivyDocument::default();
        doc.add_u64(f.id, a.id.0 as u64);
        doc.add_text(f.title, &a.title);
        doc.add_text(f.body, &a.body);
        doc.add_text(f.keywords, a.keywords.join(" "));
        doc.add_text(f.kind, a.kind.as_str());
        doc.add_text(f.status, a.status.as_str());
        if let Some(code) = &a.category {
            for end in (2..=code.len()).step_by(2) {
                doc.add_text(f.category, &code[..end]);
            }
        }
        doc.add_i64(f.valid_from, a.valid_from.map_or(i64::MIN, day));
        doc.add_i64(f.valid_to, a.valid_to.map_or(i64::MAX, day));
        doc.add_text(f.owner, owner_term(a.owner_unit));
        doc
    }

    /// Add or replace articles. A version older than the one indexed is ignored, so writes that
    /// finish out of order leave the newest version; the same version only refreshes the
    /// article beside the index (its use count).
    pub fn upsert(&self, articles: Vec<Article>) -> Result<(), IndexError> {
        let mut writer = self
            .writer
            .lock()
            .map_err(|_| IndexError("the index writer panicked".into()))?;
        let mut changed = Vec::new();
        // What the map held for each changed article, put back if the index write fails: the
        // map says which version is indexed, and a later upsert of the same version (the next
        // follow check) would otherwise skip the write as done.
        let mut before = Vec::new();
        {
            let mut map = self.articles.write().unwrap_or_else(|p| p.into_inner());
            for mut a in articles {
                let known = map.get(&a.id).map(|k| k.version);
                if known.is_some_and(|v| v > a.version) {
                    continue;
                }
                // A use count only grows: one counted here after the article was read (another
                // server's catch-up, an edit) is kept.
                if let Some(k) = map.get(&a.id) {
                    a.use_count = a.use_count.max(k.use_count);
                }
                if known != Some(a.version) {
                    before.push((a.id, map.get(&a.id).cloned()));
                    changed.push(a.clone());
                }
                map.insert(a.id, Arc::new(a));
            }
        }
        if changed.is_empty() {
            return Ok(());
        }
        let mut written = || -> Result<(), IndexError> {
            for a in &changed {
                writer.delete_term(Term::from_field_u64(self.fields.id, a.id.0 as u64));
                writer.add_document(self.document(a))?;
            }
            writer.commit()?;
            Ok(())
        };
        if let Err(e) = written() {
            // Drop the half-made batch, so a later commit does not delete without adding.
            let _ = writer.rollback();
            let mut map = self.articles.write().unwrap_or_else(|p| p.into_inner());
            for (id, was) in before {
                match was {
                    Some(a) => map.insert(id, a),
                    None => map.remove(&id),
                };
            }
            return Err(e);
        }
        self.reader.reload()?;
        Ok(())
    }

    /// The article as last indexed.
    pub fn get(&self, id: ArticleId) -> Option<Arc<Article>> {
        let map = self.articles.read().unwrap_or_else(|p| p.into_inner());
        map.get(&id).cloned()
    }

    /// The article in use (not retired) that a unit (or the centre, `None`) already has under
    /// `title`, other than `except`; the first written when there are several.
    pub fn titled(
        &self,
        title: &str,
        owner: Option<UnitId>,
        except: Option<ArticleId>,
    ) -> Option<ArticleId> {
        let map = self.articles.read().unwrap_or_else(|p| p.into_inner());
        (map.values())
            .filter(|a| a.title == title && a.owner_unit == owner)
            .filter(|a| a.status != ArticleStatus::Retired && Some(a.id) != except)
            .map(|a| a.id)
            .min()
    }

    /// How many articles the index holds.
    pub fn len(&self) -> usize {
        let map = self.articles.read().unwrap_or_else(|p| p.into_inner());
        map.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The best `limit` articles for the words, best first. No words, no hits.
    pub fn search(
        &self,
        words: &[String],
        filters: &Filters,
        boost_category: Option<&str>,
        limit: usize,
    ) -> Result<Vec<IndexHit>, IndexError> {
        Ok(self
            .search_page(words, filters, boost_category, 0, limit)?
            .0)
    }

    /// The `limit` articles for the words after the best `offset`, best first, and how many
    /// match in all.
    pub fn search_page(
        &self,
        words: &[String],
        filters: &Filters,
        boost_category: Option<&str>,
        offset: usize,
        limit: usize,
    ) -> Result<(Vec<IndexHit>, usize), IndexError> {
        self.scored_page(words, &[], filters, boost_category, offset, limit)
    }

    /// The best `limit` articles for a draft (`draft_words`) that the filters admit and that
    /// hold one of its uncommon words (none when it has none), its generic words scored
    /// lightly, best first.
    pub fn recommend(
        &self,
        draft: &DraftWords,
        filters: &Filters,
        boost_category: Option<&str>,
        limit: usize,
    ) -> Result<Vec<IndexHit>, IndexError> {
        if draft.uncommon.is_empty() {
            return Ok(vec![]);
        }
        let filters = Filters {
            any_of: draft.uncommon.clone(),
            ..filters.clone()
        };
        Ok(self
            .scored_page(
                &draft.words,
                &draft.generic,
                &filters,
                boost_category,
                0,
                limit,
            )?
            .0)
    }

    /// `search_page` with the words of `light` weighing `GENERIC_WEIGHT`.
    fn scored_page(
        &self,
        words: &[String],
        light: &[String],
        filters: &Filters,
        boost_category: Option<&str>,
        offset: usize,
        limit: usize,
    ) -> Result<(Vec<IndexHit>, usize), IndexError> {
        if words.is_empty() || limit == 0 || filters.statuses.is_empty() {
            return Ok((vec![], 0));
        }
        let searcher = self.reader.searcher();
        let expanded = self.expand_characters(&searcher, words)?;
        // A hit of Chinese characters typed alone marks those characters (卡 in 乘车卡办理), not
        // the words and pairs that found it (车卡, 卡办); a digit typed alone is marked as a
        // word, not in every number.
        let typed: Option<Vec<char>> = expanded
            .as_ref()
            .map(|_| {
                (words.iter().filter_map(|w| w.chars().next()))
                    .filter(|&c| tokenizer::is_han(c))
                    .collect::<Vec<char>>()
            })
            .filter(|typed| !typed.is_empty());
        let words = &self.informative(&searcher, expanded.as_deref().unwrap_or(words))?;
        let text = self.text_query(words, light);
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = vec![(Occur::Must, text.box_clone())];
        clauses.extend(self.filter_clauses(filters));
        if let Some(c) = boost_category {
            let term = TermQuery::new(
                Term::from_field_text(self.fields.category, c),
                IndexRecordOption::Basic,
            );
            clauses.push((
                Occur::Should,
                Box::new(ConstScoreQuery::new(Box::new(term), CATEGORY_BONUS)),
            ));
        }
        let query = BooleanQuery::new(clauses);
        // A few spare hits for any the map beside the index has just ruled out.
        let (total, top) = searcher.search(
            &query,
            &(
                Count,
                TopDocs::with_limit(limit + 8)
                    .and_offset(offset)
                    .order_by_score(),
            ),
        )?;
        let mut generator = SnippetGenerator::create(&searcher, &*text, self.fields.body)?;
        generator.set_max_num_chars(SNIPPET_BYTES);
        let map = self.articles.read().unwrap_or_else(|p| p.into_inner());
        let mut hits = Vec::with_capacity(limit);
        for (score, address) in top {
            let column = searcher
                .segment_reader(address.segment_ord)
                .fast_fields()
                .u64("id")?;
            let Some(id) = column.first(address.doc_id) else {
                continue;
            };
            let Some(article) = map.get(&ArticleId(id as i64)) else {
                continue;
            };
            if !filters.admits(article) {
                continue;
            }
            let title = match &typed {
                Some(typed) => Highlighted {
                    ranges: places_of(&article.title, typed),
                    text: article.title.clone(),
                },
                None => highlight(&article.title, words),
            };
            hits.push(IndexHit {
                title,
                snippet: snippet(&generator, &article.body, words, typed.as_deref()),
                score,
                article: article.clone(),
            });
            if hits.len() == limit {
                break;
            }
        }
        Ok((hits, total))
    }

    /// Browsing without words: the `limit` articles the filters admit after the first
    /// `offset`, the most used first (then by title), and how many they admit in all. Read
    /// from the articles beside the index, which hold the use counts.
    pub fn browse(&self, filters: &Filters, offset: usize, limit: usize) -> (Vec<IndexHit>, usize) {
        let map = self.articles.read().unwrap_or_else(|p| p.into_inner());
        let mut admitted: Vec<&Arc<Article>> = map.values().filter(|a| filters.admits(a)).collect();
        let total = admitted.len();
        let order = |a: &&Arc<Article>, b: &&Arc<Article>| {
            (b.use_count.cmp(&a.use_count))
                .then_with(|| a.title.cmp(&b.title))
                .then(a.id.0.cmp(&b.id.0))
        };
        // Only the pages up to this one are put in order: a kind may hold a third of the base.
        let wanted = offset.saturating_add(limit);
        if wanted < admitted.len() {
            admitted.select_nth_unstable_by(wanted, order);
            admitted.truncate(wanted);
        }
        admitted.sort_unstable_by(order);
        let hits = admitted
            .into_iter()
            .skip(offset)
            .take(limit)
            .map(|a| IndexHit {
                article: a.clone(),
                score: 0.0,
                title: Highlighted {
                    text: a.title.clone(),
                    ranges: vec![],
                },
                snippet: opening(&a.body),
            })
            .collect();
        (hits, total)
    }

    /// The units owning articles the filters admit, with how many each owns, by unit id.
    pub fn owners(&self, filters: &Filters) -> Vec<(UnitId, usize)> {
        let map = self.articles.read().unwrap_or_else(|p| p.into_inner());
        let mut counts: HashMap<UnitId, usize> = HashMap::new();
        for a in map.values().filter(|a| filters.admits(a)) {
            if let Some(u) = a.owner_unit {
                *counts.entry(u).or_default() += 1;
            }
        }
        let mut owners: Vec<(UnitId, usize)> = counts.into_iter().collect();
        owners.sort_unstable_by_key(|(u, _)| u.0);
        owners
    }

    /// The words worth scoring: those some article holds, at most `MAX_QUERY_WORDS` of them,
    /// the rarest first (a caller's whole account pasted as the query keeps its 路灯 however
    /// late it comes), in text order. In a large index, also only those in at most a fifth of
    /// the articles (a word in most of them hardly changes the order but costs the most to
    /// score) or, when every word is that common, the two rarest.
    fn informative(
        &self,
        searcher: &Searcher,
        words: &[String],
    ) -> Result<Vec<String>, IndexError> {
        let n = searcher.num_docs();
        let mut common: Vec<(u64, usize)> = Vec::new();
        let mut kept: Vec<(u64, usize)> = Vec::new();
        for (i, w) in words.iter().enumerate() {
            let df = self.doc_freq(searcher, w)?;
            if df == 0 {
                continue;
            }
            if n >= PRUNE_FROM && df * COMMON_SHARE > n {
                common.push((df, i));
            } else {
                kept.push((df, i));
            }
        }
        if kept.is_empty() {
            common.sort();
            kept = common.into_iter().take(2).collect();
        }
        if kept.len() > MAX_QUERY_WORDS {
            kept.sort();
            kept.truncate(MAX_QUERY_WORDS);
        }
        kept.sort_by_key(|&(_, i)| i);
        Ok(kept.into_iter().map(|(_, i)| words[i].clone()).collect())
    }

    /// A query of single characters with each Chinese one followed by the indexed words and
    /// pairs that hold it (水: 水费, 水管, 污水…; 卡: 保卡 of 社保卡, 行卡 of 银行卡): the index
    /// holds words and character pairs, so a character alone would match only where jieba cut
    /// it alone. Those in some title or keyword come first, then those of bodies alone, each
    /// the most frequent first: an operator who types 防 looks for 森林防火 and 动物防疫 among
    /// the titles before 防止 in a hundred bodies. Those that start with it are a range of the
    /// dictionary; those that hold it further in are found through their pair that ends with
    /// it (`SecondIs`), since a character inside a word is the second of one of its pairs.
    fn expand_characters(
        &self,
        searcher: &Searcher,
        words: &[String],
    ) -> Result<Option<Vec<String>>, IndexError> {
        // Only a query of single characters (水; 水 电): in a longer one, the characters jieba
        // leaves alone sit beside words that say more. `None`: the words as they are.
        if words.len() > MAX_EXPANDED || words.iter().any(|w| w.chars().nth(1).is_some()) {
            return Ok(None);
        }
        // Each character's share of the words a query scores (`informative` would otherwise
        // keep the rarest, and drop the title words this order puts first).
        let each = (MAX_QUERY_WORDS / words.len().max(1))
            .saturating_sub(1)
            .min(CHARACTER_EXPANSION);
        let mut out: Vec<String> = words.to_vec();
        for w in words {
            let mut chars = w.chars();
            let (Some(c), None) = (chars.next(), chars.next()) else {
                continue;
            };
            let Some(next) = char::from_u32(c as u32 + 1).filter(|_| tokenizer::is_han(c)) else {
                continue;
            };
            let (mut lo, mut hi) = ([0u8; 4], [0u8; 4]);
            let (lo, hi) = (
                c.encode_utf8(&mut lo).as_bytes(),
                next.encode_utf8(&mut hi).as_bytes(),
            );
            // Per term: articles holding it in a title or keyword, and in any field.
            let mut freq: HashMap<String, (u64, u64)> = HashMap::new();
            let f = self.fields;
            for segment in searcher.segment_readers() {
                for field in [f.title, f.body, f.keywords] {
                    let inverted = segment.inverted_index(field)?;
                    let dictionary = inverted.terms();
                    let named = field != f.body;
                    let range = dictionary.range().ge(lo).lt(hi).into_stream()?;
                    add_doc_freqs(&mut freq, range, named);
                    let within = dictionary.search(SecondIs(lo)).into_stream()?;
                    add_doc_freqs(&mut freq, within, named);
                }
            }
            let mut found: Vec<((u64, u64), String)> = freq
                .into_iter()
                .filter(|(t, _)| t != w)
                .map(|(t, n)| (n, t))
                .collect();
            found.sort_by(|a, b| {
                let named = |n: (u64, u64)| n.0 > 0;
                (named(b.0), b.0 .1)
                    .cmp(&(named(a.0), a.0 .1))
                    .then_with(|| a.1.cmp(&b.1))
            });
            for (_, t) in found.into_iter().take(each) {
                if !out.contains(&t) {
                    out.push(t);
                }
            }
        }
        Ok(Some(out))
    }

    fn doc_freq(&self, searcher: &Searcher, word: &str) -> Result<u64, IndexError> {
        let f = self.fields;
        let mut most = 0;
        for field in [f.title, f.body, f.keywords] {
            most = most.max(searcher.doc_freq(&Term::from_field_text(field, word))?);
        }
        Ok(most)
    }

    fn text_query(&self, words: &[String], light: &[String]) -> Box<dyn Query> {
        let f = self.fields;
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        for w in words.iter().take(MAX_QUERY_WORDS) {
            // A longer word says more than the pairs inside it: "工作证" over "工作".
            let mut specific = (w.chars().count().clamp(2, 4) - 1) as f32;
            if light.contains(w) {
                specific *= GENERIC_WEIGHT;
            }
            for (field, boost) in [
                (f.title, TITLE_BOOST * specific),
                (f.keywords, KEYWORD_BOOST * specific),
                (f.body, specific),
            ] {
                let q: Box<dyn Query> = Box::new(TermQuery::new(
                    Term::from_field_text(field, w),
                    IndexRecordOption::WithFreqs,
                ));
                let q = if boost == 1.0 {
                    q
                } else {
                    Box::new(BoostQuery::new(q, boost))
                };
                clauses.push((Occur::Should, q));
            }
        }
        Box::new(BooleanQuery::new(clauses))
    }

    /// Clauses every hit must match; they add nothing to its score.
    fn filter_clauses(&self, filters: &Filters) -> Vec<(Occur, Box<dyn Query>)> {
        let f = self.fields;
        let term = |field: Field, value: &str| -> Box<dyn Query> {
            Box::new(TermQuery::new(
                Term::from_field_text(field, value),
                IndexRecordOption::Basic,
            ))
        };
        let statuses: Vec<(Occur, Box<dyn Query>)> = filters
            .statuses
            .iter()
            .map(|s| (Occur::Should, term(f.status, s.as_str())))
            .collect();
        let mut out: Vec<(Occur, Box<dyn Query>)> =
            vec![(Occur::Must, Box::new(BooleanQuery::new(statuses)))];
        if let Some(k) = filters.kind {
            out.push((Occur::Must, term(f.kind, k.as_str())));
        }
        if let Some(c) = &filters.category {
            out.push((Occur::Must, term(f.category, c)));
        }
        if let Some(u) = filters.owner_unit {
            out.push((Occur::Must, term(f.owner, &owner_term(Some(u)))));
        }
        if !filters.any_of.is_empty() {
            let holds = filters
                .any_of
                .iter()
                .flat_map(|w| {
                    [f.title, f.body, f.keywords].map(|field| (Occur::Should, term(field, w)))
                })
                .collect();
            out.push((Occur::Must, Box::new(BooleanQuery::new(holds))));
        }
        if let Some(d) = filters.valid_on {
            let today = day(d);
            out.push((
                Occur::Must,
                Box::new(RangeQuery::new(
                    Bound::Unbounded,
                    Bound::Included(Term::from_field_i64(f.valid_from, today)),
                )),
            ));
            out.push((
                Occur::Must,
                Box::new(RangeQuery::new(
                    Bound::Included(Term::from_field_i64(f.valid_to, today)),
                    Bound::Unbounded,
                )),
            ));
        }
        out.into_iter()
            .map(|(occur, q)| -> (Occur, Box<dyn Query>) {
                (occur, Box::new(ConstScoreQuery::new(q, 0.0)))
            })
            .collect()
    }
}

#[cfg(test)]
mod tests;
