//! Finding articles: full-text search and browsing (`App::search_articles`), the articles
//! recommended while a call is recorded (`App::recommend_articles`), and hits as lists show
//! them (`KnowledgeHit`, matched words marked by `mark_html`).
use chrono::NaiveDate;
use serde::Serialize;

use hotline_domain::knowledge::{ArticleId, ArticleKind, ArticleStatus};
use hotline_domain::org::{Actor, UnitId};

use super::{forbidden, index, index_failure, sees_all, tokenizer, Filters, Highlighted};
use crate::analyze::check_category;
use crate::{App, ServiceError, ServiceResult};

/// Most hits a search returns.
pub const MAX_SEARCH_LIMIT: usize = 50;
/// Farthest a search pages into its hits.
pub const MAX_SEARCH_OFFSET: usize = 1_000;
/// Hits a recommendation returns, at most.
pub const RECOMMENDATIONS: usize = 5;
/// A recommendation scoring below this share of the best one is left out: it shares a word or
/// two with the draft, not its matter, and five slots filled are no reason to show it.
const RECOMMENDATION_FLOOR: f32 = 0.3;
/// Longest draft text a recommendation reads, in characters.
pub const MAX_DRAFT_CHARS: usize = 5_000;

/// A search as a person asks it.
#[derive(Debug, Clone)]
pub struct ArticleSearch {
    /// Words to search for; none, with a category, kind or owning unit, browses those.
    pub text: String,
    pub category: Option<String>,
    pub kind: Option<ArticleKind>,
    /// Only the articles this unit owns.
    pub owner_unit: Option<UnitId>,
    /// Other statuses than published: for those who write or review articles.
    pub status: Option<ArticleStatus>,
    /// Include articles outside their validity window (editors looking for old ones).
    pub include_expired: bool,
    /// Hits skipped: the best `offset` are on earlier pages.
    pub offset: usize,
    /// Hits on the page: 1 to `MAX_SEARCH_LIMIT`.
    pub limit: usize,
}

impl Default for ArticleSearch {
    fn default() -> Self {
        ArticleSearch {
            text: String::new(),
            category: None,
            kind: None,
            owner_unit: None,
            status: None,
            include_expired: false,
            offset: 0,
            limit: 10,
        }
    }
}

/// A page of search hits, and how many articles match in all.
#[derive(Debug, Clone, Serialize)]
pub struct HitPage {
    pub items: Vec<KnowledgeHit>,
    pub total: usize,
    pub offset: usize,
}

/// One search hit: enough to show in a list and to answer from.
#[derive(Debug, Clone, Serialize)]
pub struct KnowledgeHit {
    pub id: ArticleId,
    pub title: String,
    pub kind: ArticleKind,
    pub kind_label: &'static str,
    pub status: ArticleStatus,
    pub category: Option<String>,
    pub category_name: Option<String>,
    pub owner_unit: Option<hotline_domain::org::UnitId>,
    pub owner_unit_name: Option<String>,
    pub valid_to: Option<NaiveDate>,
    pub use_count: u64,
    pub score: f32,
    /// The title with matched words in `<mark>`, HTML-escaped.
    pub title_html: String,
    /// The stretch of the body with the most matched words, as text…
    pub snippet: String,
    /// …and with those words in `<mark>`, HTML-escaped.
    pub snippet_html: String,
    /// Matched stretches of `snippet`, as character ranges `[start, end)`.
    pub highlights: Vec<(usize, usize)>,
}

/// Text with stretches (character ranges) marked, HTML-escaped. Ranges that overlap or touch
/// (公共 and 公共厕所, both matched) are marked once, so the tags always pair up.
pub fn mark_html(h: &Highlighted) -> String {
    let merged = super::index::merged(h.ranges.iter().filter(|r| r.0 < r.1).copied().collect());
    let mut out = String::with_capacity(h.text.len() + 13 * merged.len());
    let mut next = merged.iter().peekable();
    let mut open: Option<usize> = None;
    for (i, c) in h.text.chars().enumerate() {
        if open.is_none() && next.peek().is_some_and(|r| r.0 == i) {
            open = next.next().map(|r| r.1);
            out.push_str("<mark>");
        }
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
        if open == Some(i + 1) {
            out.push_str("</mark>");
            open = None;
        }
    }
    if open.is_some() {
        out.push_str("</mark>");
    }
    out
}

impl App {
    /// Full-text search. Everyone finds published articles valid today; editors may ask for
    /// other statuses and expired ones. A query without words browses the category, kind or
    /// owning unit asked for, the most used first (`ArticleIndex::browse`); without any of
    /// them it finds nothing.
    pub fn search_articles(&self, actor: &Actor, q: &ArticleSearch) -> ServiceResult<HitPage> {
        let wants_more =
            q.include_expired || q.status.is_some_and(|s| s != ArticleStatus::Published);
        if wants_more && !sees_all(actor) {
            return Err(forbidden(
                "只能检索已发布且在有效期内的知识 / only published, current articles",
            ));
        }
        if q.text.chars().count() > MAX_DRAFT_CHARS {
            return Err(ServiceError::invalid(
                "q",
                format!("检索词不能超过 {MAX_DRAFT_CHARS} 字 / query too long"),
            ));
        }
        if q.offset > MAX_SEARCH_OFFSET {
            return Err(ServiceError::invalid(
                "offset",
                format!("最多翻到第 {MAX_SEARCH_OFFSET} 条 / offset at most {MAX_SEARCH_OFFSET}"),
            ));
        }
        if !(1..=MAX_SEARCH_LIMIT).contains(&q.limit) {
            return Err(ServiceError::invalid(
                "limit",
                format!(
                    "条数应为 1–{MAX_SEARCH_LIMIT},收到 {} / limit 1 to {MAX_SEARCH_LIMIT}",
                    q.limit
                ),
            ));
        }
        check_category(&self.reference(), q.category.as_deref())?;
        if let Some(u) = q.owner_unit {
            if !self.reference().units.contains_key(&u) {
                return Err(ServiceError::invalid(
                    "owner_unit",
                    format!("没有编号为 {} 的单位 / unknown unit", u.0),
                ));
            }
        }
        let filters = Filters {
            statuses: vec![q.status.unwrap_or(ArticleStatus::Published)],
            kind: q.kind,
            category: q
                .category
                .as_deref()
                .map(str::trim)
                .filter(|c| !c.is_empty())
                .map(str::to_string),
            valid_on: (!q.include_expired).then(|| self.today()),
            owner_unit: q.owner_unit,
            any_of: vec![],
        };
        // A caller's phrase finds what its formal wording finds (吵得睡不着: 噪声扰民), besides
        // what its own words find.
        let mut words = tokenizer::words(&self.reference().with_formal_wording(q.text.clone()));
        if words.is_empty() {
            words = tokenizer::lone_characters(&q.text);
        }
        let browsing =
            filters.kind.is_some() || filters.category.is_some() || filters.owner_unit.is_some();
        let index = self.search_index()?;
        let (hits, total) = if words.is_empty() && browsing {
            index.browse(&filters, q.offset, q.limit)
        } else {
            index
                .search_page(&words, &filters, None, q.offset, q.limit)
                .map_err(|e| index_failure(e.to_string()))?
        };
        Ok(HitPage {
            items: self.hits(hits),
            total,
            offset: q.offset,
        })
    }

    /// The units owning published articles valid today, with how many each owns: what an
    /// operator may browse by unit.
    pub fn knowledge_owners(&self) -> Vec<(UnitId, usize)> {
        let Some(index) = &self.knowledge else {
            return Vec::new();
        };
        index.owners(&Filters {
            statuses: vec![ArticleStatus::Published],
            valid_on: Some(self.today()),
            ..Filters::default()
        })
    }

    /// The five published, current articles that best fit what the operator has typed so far,
    /// those of the ticket's category first among equals. An article that shares only common
    /// words with the draft ("问题", "办理") is not offered: no answer beats a wrong one. The
    /// draft's place names and addresses are not read (`Places::blanked`): 人民路 asks nothing
    /// about 人民调解.
    pub fn recommend_articles(
        &self,
        _actor: &Actor,
        text: &str,
        category: Option<&str>,
    ) -> ServiceResult<Vec<KnowledgeHit>> {
        let text: String = text.chars().take(MAX_DRAFT_CHARS).collect();
        self.recommend_for_matter(&self.reference().matter(&text), category)
    }

    /// `recommend_articles` for a draft whose places are already blanked.
    pub(crate) fn recommend_for_matter(
        &self,
        text: &str,
        category: Option<&str>,
    ) -> ServiceResult<Vec<KnowledgeHit>> {
        check_category(&self.reference(), category)?;
        // A draft of at most `MAX_DRAFT_CHARS` and the formal wording added after it
        // (`Reference::matter`), which is not to be cut off.
        let text: String = text.chars().take(2 * MAX_DRAFT_CHARS).collect();
        let said = tokenizer::words(&text);
        let has_words = said.iter().any(|w| w.chars().nth(1).is_some());
        let index = self.search_index()?;
        let words = index
            .draft_words(said)
            .map_err(|e| index_failure(e.to_string()))?;
        // A draft whose words no article holds leaves single characters (不 of 不牵绳): read
        // alone they would find any word they start (不稳, 不达标), and no answer beats a wrong one.
        // (No uncommon word at all: `recommend` finds nothing.)
        let only_characters = words.uncommon.iter().all(|w| w.chars().nth(1).is_none());
        if has_words && only_characters {
            return Ok(vec![]);
        }
        let filters = Filters {
            statuses: vec![ArticleStatus::Published],
            valid_on: Some(self.today()),
            ..Filters::default()
        };
        let category = category.filter(|c| !c.is_empty());
        let mut hits = index
            .recommend(&words, &filters, category, RECOMMENDATIONS)
            .map_err(|e| index_failure(e.to_string()))?;
        let best = hits.first().map_or(0.0, |h| h.score);
        hits.retain(|h| h.score >= best * RECOMMENDATION_FLOOR);
        Ok(self.hits(hits))
    }

    fn hits(&self, hits: Vec<index::IndexHit>) -> Vec<KnowledgeHit> {
        let r = self.reference();
        hits.into_iter()
            .map(|h| {
                let a = &h.article;
                KnowledgeHit {
                    id: a.id,
                    title: a.title.clone(),
                    kind: a.kind,
                    kind_label: a.kind.label_zh(),
                    status: a.status,
                    category_name: r.category_name(a.category.as_deref()),
                    category: a.category.clone(),
                    owner_unit: a.owner_unit,
                    owner_unit_name: a.owner_unit.map(|u| r.unit_name(u)),
                    valid_to: a.valid_to,
                    use_count: a.use_count,
                    score: h.score,
                    title_html: mark_html(&h.title),
                    snippet_html: mark_html(&h.snippet),
                    highlights: h.snippet.ranges,
                    snippet: h.snippet.text,
                }
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn marked(text: &str, ranges: &[(usize, usize)]) -> String {
        mark_html(&Highlighted {
            text: text.into(),
            ranges: ranges.to_vec(),
        })
    }

    #[test]
    fn overlapping_and_touching_matches_are_marked_once_and_tags_pair_up() {
        assert_eq!(
            marked("公共厕所停水", &[(0, 2), (0, 4)]),
            "<mark>公共厕所</mark>停水"
        );
        assert_eq!(
            marked("居民身份证件", &[(2, 4), (2, 5), (4, 6)]),
            "居民<mark>身份证件</mark>"
        );
        assert_eq!(
            marked("办理<社保>", &[(3, 5), (0, 2)]),
            "<mark>办理</mark>&lt;<mark>社保</mark>&gt;"
        );
        assert_eq!(marked("到末尾", &[(1, 9)]), "到<mark>末尾</mark>");
        assert_eq!(marked("无", &[(1, 1)]), "无");
    }
}
