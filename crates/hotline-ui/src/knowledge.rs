//! 知识库 for the desk: search the published, current articles and read one, to answer a caller
//! on the spot (the intake form records the article used). Writing and reviewing articles are in
//! `knowledge_edit`.
use axum::extract::{Path, Query, State};
use maud::{html, Markup, PreEscaped};
use serde::Deserialize;

use hotline_domain::knowledge::{ArticleId, ArticleKind};
use hotline_domain::org::UnitId;
use hotline_service::knowledge::ArticleSearch;

use crate::error::UiError;
use crate::session::Session;
use crate::UiState;
use crate::{format, layout};

/// Hits a page of the desk's search shows.
const PAGE: usize = 20;

#[derive(Deserialize, Default)]
pub struct SearchQuery {
    #[serde(default)]
    q: String,
    /// Browsed or searched within: a category code, a kind, an owning unit's id.
    #[serde(default)]
    category: String,
    #[serde(default)]
    kind: String,
    #[serde(default)]
    owner_unit: String,
    /// 1-based; a page past the last shows none.
    page: Option<String>,
}

impl SearchQuery {
    /// The link to another page of the same search.
    fn page_link(&self, page: usize) -> String {
        let e = crate::error::encode_component;
        format!(
            "/knowledge?q={}&category={}&kind={}&owner_unit={}&page={page}",
            e(&self.q),
            e(&self.category),
            e(&self.kind),
            e(&self.owner_unit)
        )
    }

    /// The search the form asks for, or what is wrong with it.
    fn search(&self, page: usize) -> Result<ArticleSearch, UiError> {
        let kind = match self.kind.trim() {
            "" => None,
            k => Some(
                ArticleKind::parse(k)
                    .ok_or_else(|| UiError::Invalid(format!("没有「{k}」这种知识类型")))?,
            ),
        };
        let owner_unit = match self.owner_unit.trim() {
            "" => None,
            u => Some(UnitId(u.parse().map_err(|_| {
                UiError::Invalid(format!("所属单位应为单位编号,收到「{u}」"))
            })?)),
        };
        let category = Some(self.category.trim().to_string()).filter(|c| !c.is_empty());
        Ok(ArticleSearch {
            text: self.q.clone(),
            category,
            kind,
            owner_unit,
            offset: (page - 1) * PAGE,
            limit: PAGE,
            ..Default::default()
        })
    }
}

/// The desk's knowledge page: words searched, or a category, kind or owning unit browsed (the
/// most used first), within any of those.
pub async fn search(
    State(st): State<UiState>,
    s: Session,
    Query(q): Query<SearchQuery>,
) -> Result<Markup, UiError> {
    let page = match q.page.as_deref().map(str::trim).filter(|p| !p.is_empty()) {
        None => 1,
        Some(p) => p
            .parse::<usize>()
            .ok()
            .filter(|n| (1..=hotline_service::knowledge::MAX_SEARCH_OFFSET / PAGE).contains(n))
            .ok_or_else(|| {
                UiError::Invalid(format!(
                    "页码应为 1 到 {} 的整数",
                    hotline_service::knowledge::MAX_SEARCH_OFFSET / PAGE
                ))
            })?,
    };
    let query = q.search(page)?;
    let asked = !q.q.trim().is_empty()
        || query.category.is_some()
        || query.kind.is_some()
        || query.owner_unit.is_some();
    let (hits, total) = if asked {
        let found = st.app.search_articles(&s.actor, &query)?;
        (found.items, found.total)
    } else {
        (vec![], 0)
    };
    let pages = total
        .div_ceil(PAGE)
        .min(hotline_service::knowledge::MAX_SEARCH_OFFSET / PAGE);
    let r = st.app.reference();
    let mut cats: Vec<_> = r.categories.values().filter(|c| c.active).collect();
    cats.sort_by(|a, b| a.code.cmp(&b.code));
    let owners = st.app.knowledge_owners();
    let body = html! {
        h1 { "知识库" }
        @if crate::knowledge_edit::may_maintain(&s) { p { a #manage-knowledge href="/knowledge/manage" { "知识库维护(编写、审核、导入导出)" } } }
        form.row #knowledge-search method="get" action="/knowledge" {
            label.grow { "检索" input name="q" value=(q.q) autofocus; }
            label { "分类" select #browse-category name="category" {
                option value="" { "(不限)" }
                @for c in &cats { option value=(c.code) selected[q.category.trim() == c.code] { (c.code) " " (format::category(&r, Some(&c.code))) } }
            } }
            label { "类型" select #browse-kind name="kind" {
                option value="" { "(不限)" }
                @for k in ArticleKind::ALL { option value=(k.as_str()) selected[q.kind.trim() == k.as_str()] { (k.label_zh()) } }
            } }
            label { "所属单位" select #browse-unit name="owner_unit" {
                option value="" { "(不限)" }
                @for (u, n) in &owners { option value=(u.0) selected[q.owner_unit.trim() == u.0.to_string()] { (r.unit_name(*u)) "(" (n) ")" } }
            } }
            button type="submit" { "检索" }
        }
        @if !asked { p.muted { "输入检索词,或选择分类、类型、所属单位浏览(使用次数多的在前)。" } }
        @if asked && total == 0 { p.muted { "没有找到相关知识。" } }
        @if total > 0 { p.muted #hit-count { "共 " (total) " 条" @if pages > 1 && page <= pages { ",第 " (page) " / " (pages) " 页" } } }
        ul.plain #hits {
            @for h in &hits {
                li data-article=(h.id.0) {
                    a href={"/knowledge/" (h.id.0)} { "#" (h.id.0) " " (PreEscaped(&h.title_html)) }
                    " " span.muted { (h.kind_label) @if let Some(c) = &h.category_name { " · " (c) } " · 已用 " (h.use_count) " 次" }
                    br;
                    span.muted { (PreEscaped(&h.snippet_html)) }
                }
            }
        }
        @if pages > 1 {
            nav.row #pages {
                @if page > 1 { a #prev-page href=(q.page_link((page - 1).min(pages))) { "上一页" } }
                @if page < pages { a #next-page href=(q.page_link(page + 1)) { "下一页" } }
            }
        }
    };
    Ok(layout::page("知识库", &s, "/knowledge", None, None, body))
}

#[derive(Deserialize, Default)]
pub struct ArticleQuery {
    #[serde(default)]
    done: String,
}

pub async fn article(
    State(st): State<UiState>,
    s: Session,
    Path(id): Path<String>,
    Query(q): Query<ArticleQuery>,
) -> Result<Markup, UiError> {
    let id = crate::fields::path_id(&id, "知识编号")?;
    let a = st.app.article(&s.actor, ArticleId(id)).await?;
    let flash = crate::knowledge_edit::done_message(&q.done);
    Ok(crate::knowledge_edit::article_page(
        &st, &s, &a, flash, None,
    ))
}
