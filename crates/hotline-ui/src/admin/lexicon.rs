//! Admin page for the colloquial → formal lexicon (口语规范词表): its entries with a search, adding
//! or changing one, removing one, and a try-out box that shows a text as the intake screen's
//! event element would word it. Edits are in force at once, unless a file named at start governs.
use axum::extract::{Query, State};
use axum::response::Response;
use maud::{html, Markup};
use serde::Deserialize;

use hotline_service::lexicon::{EntryChange, LexiconEntry, LexiconSource, MAX_PHRASE_CHARS};

use super::{admin_page, after_change, Admin, AdminForm};
use crate::error::UiError;
use crate::layout::csrf;
use crate::session::Session;
use crate::UiState;

/// Longest text the try-out box takes, in characters.
const MAX_TRY_CHARS: usize = 2_000;

#[derive(Deserialize, Default)]
pub struct LexiconQuery {
    /// Entries whose phrases contain this.
    #[serde(default)]
    q: String,
    /// A text to word formally.
    #[serde(default)]
    text: String,
}

fn lexicon_page(
    st: &UiState,
    s: &Session,
    query: &LexiconQuery,
    typed: Option<&LexiconEntry>,
    flash: Option<&str>,
    error: Option<&str>,
) -> Markup {
    let state = st.app.lexicon();
    let entries = state.lexicon.entries();
    let from_file = matches!(state.source, LexiconSource::File(_));
    let q = query.q.trim();
    let shown: Vec<&LexiconEntry> = entries
        .iter()
        .filter(|e| q.is_empty() || e.colloquial.contains(q) || e.formal.contains(q))
        .collect();
    let text: String = query.text.trim().chars().take(MAX_TRY_CHARS).collect();
    let tried = (!text.is_empty()).then(|| state.lexicon.formalise(&text));
    let max = MAX_PHRASE_CHARS.to_string();
    admin_page(
        s,
        "口语规范词表",
        flash,
        error,
        html! {
            p #lexicon-source { "当前使用:" strong { (state.source.label_zh()) } "," (entries.len()) " 条。受理时诉求内容中的口语说法按此表换成规范用语(如“漫天尘土”记为“扬尘污染”),多条重叠时取最长的一条。" }
            h2 { "试一试" }
            form #try-lexicon method="get" action="/admin/lexicon" {
                div.row {
                    label.grow { "诉求内容" input #try-text name="text" value=(text) maxlength="2000" placeholder="如:工地漫天尘土,晚上吵得睡不着"; }
                    button #try-submit type="submit" { "查看规范表述" }
                }
            }
            @if let Some(f) = &tried {
                p #try-result { "规范表述:" strong { (f.text) } }
                @if f.replacements.is_empty() {
                    p.muted { "没有可替换的口语说法。" }
                } @else {
                    ul #try-replacements { @for r in &f.replacements { li { (r.from) " → " (r.to) } } }
                }
            }
            @if from_file {
                p.muted { "词表由启动参数 " code { "--lexicon" } " 指定的文件管理:请修改该文件后重启服务。" }
            } @else {
                h2 { "新增或修改词条" }
                p.muted { "口语说法已在表中时即修改其规范用语。两项各不超过 " (max) " 个字,保存后立即生效。" }
                form #add-entry method="post" action="/admin/lexicon" {
                    (csrf(s))
                    div.row {
                        label.grow { "口语说法" input #entry-colloquial name="colloquial" required maxlength=(max) value=[typed.map(|e| &e.colloquial)]; }
                        label.grow { "规范用语" input #entry-formal name="formal" required maxlength=(max) value=[typed.map(|e| &e.formal)]; }
                        button #save-entry type="submit" { "保存词条" }
                    }
                }
            }
            h2 { "词条" }
            form method="get" action="/admin/lexicon" {
                div.row {
                    label.grow { "查找" input #lexicon-q name="q" value=(q) placeholder="口语说法或规范用语中的字词"; }
                    button type="submit" { "查找" }
                }
            }
            @if !q.is_empty() { p.muted { "含“" (q) "”的词条 " (shown.len()) " 条。" } }
            table #lexicon-entries {
                thead { tr { th { "口语说法" } th { "规范用语" } @if !from_file { th { "操作" } } } }
                tbody { @for e in &shown { tr {
                    td.colloquial { (e.colloquial) } td.formal { (e.formal) }
                    @if !from_file { td {
                        form method="post" action="/admin/lexicon/remove" {
                            (csrf(s))
                            input type="hidden" name="colloquial" value=(e.colloquial);
                            button.remove-entry type="submit" { "删除" }
                        }
                    } }
                } } }
            }
        },
    )
}

pub async fn lexicon(
    State(st): State<UiState>,
    Admin(s): Admin,
    Query(q): Query<LexiconQuery>,
) -> Result<Markup, UiError> {
    Ok(lexicon_page(&st, &s, &q, None, None, None))
}

pub async fn put_entry(
    State(st): State<UiState>,
    AdminForm(s, f): AdminForm,
) -> Result<Response, UiError> {
    let entry = LexiconEntry {
        colloquial: f.get("colloquial").trim().to_string(),
        formal: f.get("formal").trim().to_string(),
    };
    let result = st
        .app
        .put_lexicon_entry(&s.actor, entry.clone())
        .await
        .map_err(UiError::from);
    let query = LexiconQuery::default();
    Ok(after_change(
        result,
        |(change, _)| match change {
            EntryChange::Added => format!("已新增:{} → {}", entry.colloquial, entry.formal),
            EntryChange::Changed => format!("已修改:{} → {}", entry.colloquial, entry.formal),
            EntryChange::Unchanged => format!("词表中已有:{} → {}", entry.colloquial, entry.formal),
        },
        // A refused entry stays in the form to be corrected.
        |flash, error| {
            let typed = error.is_some().then_some(&entry);
            lexicon_page(&st, &s, &query, typed, flash, error)
        },
    ))
}

pub async fn remove_entry(
    State(st): State<UiState>,
    AdminForm(s, f): AdminForm,
) -> Result<Response, UiError> {
    let colloquial = f.get("colloquial").trim().to_string();
    let result = st
        .app
        .remove_lexicon_entry(&s.actor, &colloquial)
        .await
        .map_err(UiError::from);
    let query = LexiconQuery::default();
    Ok(after_change(
        result,
        |()| format!("已删除:{colloquial}"),
        |flash, error| lexicon_page(&st, &s, &query, None, flash, error),
    ))
}
