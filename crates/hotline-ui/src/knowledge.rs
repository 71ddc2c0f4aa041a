//! 知识库 for the desk: search the published, current articles and read one, to answer a caller
//! on the spot (the intake form records the article used). Writing and reviewing articles stay
//! in the API for now.
use axum::extract::{Path, Query, State};
use maud::{html, Markup, PreEscaped};
use serde::Deserialize;

use hotline_domain::knowledge::ArticleId;
use hotline_service::knowledge::ArticleSearch;

use crate::error::UiError;
use crate::format;
use crate::layout;
use crate::session::Session;
use crate::UiState;

#[derive(Deserialize, Default)]
pub struct SearchQuery {
    #[serde(default)]
    q: String,
}

pub async fn search(
    State(st): State<UiState>,
    s: Session,
    Query(q): Query<SearchQuery>,
) -> Result<Markup, UiError> {
    let hits = if q.q.trim().is_empty() {
        vec![]
    } else {
        let query = ArticleSearch {
            text: q.q.clone(),
            limit: 30,
            ..Default::default()
        };
        st.app.search_articles(&s.actor, &query)?
    };
    let body = html! {
        h1 { "知识库" }
        form.row method="get" action="/knowledge" {
            label.grow { "检索" input name="q" value=(q.q) autofocus; }
            button type="submit" { "检索" }
        }
        @if !q.q.trim().is_empty() && hits.is_empty() { p.muted { "没有找到相关知识。" } }
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
    };
    Ok(layout::page("知识库", &s, "/knowledge", None, None, body))
}

pub async fn article(
    State(st): State<UiState>,
    s: Session,
    Path(id): Path<String>,
) -> Result<Markup, UiError> {
    let id: i64 = id
        .parse()
        .map_err(|_| UiError::Invalid(format!("知识编号「{id}」不正确")))?;
    let a = st.app.article(&s.actor, ArticleId(id)).await?;
    let r = st.app.reference();
    let body = html! {
        h1 { "#" (a.id.0) " " (a.title) }
        p.muted {
            (a.kind.label_zh()) " · " (a.status.label_zh())
            @if a.category.is_some() { " · " (format::category(&r, a.category.as_deref())) }
            @if let Some(u) = a.owner_unit { " · " (r.unit_name(u)) }
            @if let Some(to) = a.valid_to { " · 有效期至 " (to) }
            " · 已用 " (a.use_count) " 次"
        }
        div.article #article-body { (a.body) }
        @if !a.keywords.is_empty() { p.muted { "关键词:" (a.keywords.join("、")) } }
        p { "直接答复时,在受理页填写引用知识编号 " strong { (a.id.0) } "。" }
    };
    Ok(layout::page(&a.title, &s, "/knowledge", None, None, body))
}
