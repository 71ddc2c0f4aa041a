//! 知识库 for the desk: search the published, current articles and read one, to answer a caller
//! on the spot (the intake form records the article used). Writing and reviewing articles are in
//! `knowledge_edit`.
use axum::extract::{Path, Query, State};
use maud::{html, Markup, PreEscaped};
use serde::Deserialize;

use hotline_domain::knowledge::ArticleId;
use hotline_service::knowledge::ArticleSearch;

use crate::error::UiError;
use crate::layout;
use crate::session::Session;
use crate::UiState;

/// Hits a page of the desk's search shows.
const PAGE: usize = 20;

#[derive(Deserialize, Default)]
pub struct SearchQuery {
    #[serde(default)]
    q: String,
    /// 1-based; a page past the last shows none.
    page: Option<String>,
}

/// The link to another page of the same search.
fn page_link(q: &str, page: usize) -> String {
    format!(
        "/knowledge?q={}&page={page}",
        crate::error::encode_component(q)
    )
}

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
    let (hits, total) = if q.q.trim().is_empty() {
        (vec![], 0)
    } else {
        let query = ArticleSearch {
            text: q.q.clone(),
            offset: (page - 1) * PAGE,
            limit: PAGE,
            ..Default::default()
        };
        let found = st.app.search_articles(&s.actor, &query)?;
        (found.items, found.total)
    };
    let pages = total
        .div_ceil(PAGE)
        .min(hotline_service::knowledge::MAX_SEARCH_OFFSET / PAGE);
    let body = html! {
        h1 { "知识库" }
        @if crate::knowledge_edit::may_maintain(&s) { p { a #manage-knowledge href="/knowledge/manage" { "知识库维护(编写、审核、导入导出)" } } }
        form.row method="get" action="/knowledge" {
            label.grow { "检索" input name="q" value=(q.q) autofocus; }
            button type="submit" { "检索" }
        }
        @if !q.q.trim().is_empty() && total == 0 { p.muted { "没有找到相关知识。" } }
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
                @if page > 1 { a #prev-page href=(page_link(&q.q, (page - 1).min(pages))) { "上一页" } }
                @if page < pages { a #next-page href=(page_link(&q.q, page + 1)) { "下一页" } }
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
