//! An article's versions (版本记录): every save, review action and import, with who made it,
//! what it was and how many answers were given from it; one version beside the one before it
//! (each field changed, the body marked where it changed); and taking an earlier version's
//! content back, by the rules of an edit.
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use maud::{html, Markup};

use hotline_domain::knowledge::{
    may_publish, may_write, Article, ArticleChange, ArticleId, ArticleStatus, ArticleVersion,
};

use crate::diff::{diff, Piece};
use crate::error::UiError;
use crate::format;
use crate::knowledge_edit::{changes_table, field_changes};
use crate::layout::{self, csrf};
use crate::session::{Posted, Session};
use crate::UiState;

fn ids(id: &str, version: Option<&str>) -> Result<(ArticleId, Option<u64>), UiError> {
    let article = ArticleId(crate::fields::path_id(id, "知识编号")?);
    let version = version
        .map(|v| {
            v.parse()
                .map_err(|_| UiError::Invalid(format!("版本号「{v}」不正确")))
        })
        .transpose()?;
    Ok((article, version))
}

fn who(v: &ArticleVersion) -> &str {
    v.changed_by.as_ref().map_or("系统", |e| e.name.as_str())
}

/// Every version, newest first.
pub async fn list(
    State(st): State<UiState>,
    s: Session,
    Path(id): Path<String>,
) -> Result<Markup, UiError> {
    let (id, _) = ids(&id, None)?;
    let a = st.app.article(&s.actor, id).await?;
    let versions = st.app.versions_of(&s.actor, &a).await?;
    let body = html! {
        h1 { "#" (a.id.0) " " (a.title) " · 版本记录" }
        p.muted {
            "每次保存、审核与导入各留一个版本。「本版答复」是受理员依据该版本答复来电人的次数。"
        }
        table #article-versions {
            thead { tr { th { "版本" } th { "时间" } th { "操作" } th { "操作人" } th { "状态" } th { "标题" } th { "本版答复" } } }
            tbody {
                @for v in &versions {
                    tr {
                        td { a href={"/knowledge/" (a.id.0) "/versions/" (v.version)} { "第 " (v.version) " 版" } }
                        td { (format::short_time(v.at)) }
                        td.change { (v.change.label_zh()) }
                        td { (who(v)) }
                        td { (v.status.label_zh()) @if v.revision.is_some() { " · 有待审核的修改" } }
                        td { (v.content.title) }
                        td { (v.uses) }
                    }
                }
            }
        }
        p { a href={"/knowledge/" (a.id.0)} { "返回知识" } }
    };
    Ok(layout::page(&a.title, &s, "/knowledge", None, None, body))
}

/// One version: what it was, what changed from the version before, and a way back to it.
pub async fn version(
    State(st): State<UiState>,
    s: Session,
    Path((id, version)): Path<(String, String)>,
) -> Result<Markup, UiError> {
    let (id, version) = ids(&id, Some(&version))?;
    let a = st.app.article(&s.actor, id).await?;
    let versions = st.app.versions_of(&s.actor, &a).await?;
    version_page(&st, &s, &a, &versions, version.unwrap_or(0), None)
}

fn version_page(
    st: &UiState,
    s: &Session,
    a: &Article,
    versions: &[ArticleVersion],
    wanted: u64,
    error: Option<&str>,
) -> Result<Markup, UiError> {
    let Some(i) = versions.iter().position(|v| v.version == wanted) else {
        return Err(UiError::Service(hotline_service::ServiceError::NotFound(
            "article version",
        )));
    };
    let v = &versions[i];
    // Newest first: the version before is the next one in the list.
    let before = versions.get(i + 1);
    let rf = st.app.reference();
    let changes = before.map(|b| field_changes(&rf, &b.content, &v.content));
    let body_changed = before.is_some_and(|b| b.content.body != v.content.body);
    let restorable = v.content != a.content()
        && may_write(&s.actor, a.owner_unit)
        && may_write(&s.actor, v.content.owner_unit);
    let restore_note = if a.status == ArticleStatus::Published && !may_publish(&s.actor) {
        "恢复后作为待审核的修改提交,发布前受理员仍看到现在的内容。"
    } else {
        "恢复后成为新的一版,状态不变。"
    };
    let body = html! {
        h1 { "#" (a.id.0) " " (v.content.title) " · 第 " (v.version) " 版" }
        p.muted #version-meta {
            (v.change.label_zh()) " · " (who(v)) " · " (format::short_time(v.at))
            " · " (v.status.label_zh()) " · 本版答复 " (v.uses) " 次"
            @if v.version == a.version { " · 当前版本" }
        }
        @if let Some(b) = before {
            section #version-changes {
                h2 { "与第 " (b.version) " 版相比" }
                @if let Some(c) = &changes { (changes_table(c)) }
                @if body_changed {
                    p { "正文的改动(" del { "删去" } "、" ins { "加入" } "):" }
                    div.article #version-diff { (marked(&b.content.body, &v.content.body)) }
                } @else if changes.as_ref().is_some_and(Vec::is_empty) {
                    p.muted { "内容没有改动(" (v.change.label_zh()) ")。" }
                }
            }
        }
        h2 { "本版内容" }
        div.article #version-body { (v.content.body) }
        @if !v.content.keywords.is_empty() { p.muted { "关键词:" (v.content.keywords.join("、")) } }
        @if let Some(r) = &v.revision {
            p.muted { "此版有 " (r.by_name) " 于 " (format::short_time(r.at)) " 提交的待审核修改。" }
        }
        div.row {
            @if restorable {
                form method="post" action={"/knowledge/" (a.id.0) "/versions/" (v.version) "/restore"} {
                    (csrf(s))
                    input type="hidden" name="version" value=(a.version);
                    button #restore-version type="submit" { "恢复此版本的内容" }
                }
                span.muted { (restore_note) }
            }
            a href={"/knowledge/" (a.id.0) "/versions"} { "全部版本" }
            a href={"/knowledge/" (a.id.0)} { "返回知识" }
        }
    };
    let title = format!("{} · 第 {} 版", v.content.title, v.version);
    Ok(layout::page(&title, s, "/knowledge", None, error, body))
}

/// The new text with what was removed struck through and what was added marked.
pub(crate) fn marked(old: &str, new: &str) -> Markup {
    html! {
        @for p in diff(old, new) {
            @match p {
                Piece::Same(t) => (t),
                Piece::Gone(t) => del { (t) },
                Piece::Added(t) => ins { (t) },
            }
        }
    }
}

/// Take a version's content back, at the article's version the person saw.
pub async fn restore(
    State(st): State<UiState>,
    Path((id, version)): Path<(String, String)>,
    Posted(s, f): Posted,
) -> Result<Response, UiError> {
    let (id, from) = ids(&id, Some(&version))?;
    let from = from.unwrap_or(0);
    let attempt = async {
        let current: u64 = f.int("version", "版本")?;
        Ok::<_, UiError>(
            st.app
                .restore_article_version(&s.actor, id, current, from)
                .await?,
        )
    }
    .await;
    match attempt {
        Ok(a) => {
            let done = match a.change {
                ArticleChange::Proposed => "proposed",
                // Restoring the published content withdraws a proposal that was waiting.
                ArticleChange::Withdrawn => "withdrawn",
                _ => "restored",
            };
            Ok(Redirect::to(&format!("/knowledge/{}?done={done}", a.id.0)).into_response())
        }
        Err(e) => {
            let a = st.app.article(&s.actor, id).await?;
            let versions = st.app.versions_of(&s.actor, &a).await?;
            let page = version_page(&st, &s, &a, &versions, from, Some(&e.message()))?;
            Ok((e.status(), page).into_response())
        }
    }
}
