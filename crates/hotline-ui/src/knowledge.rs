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
        @if crate::knowledge_edit::may_maintain(&s) { p { a #manage-knowledge href="/knowledge/manage" { "知识库维护(编写、审核、导入导出)" } } }
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
