//! Writing and reviewing the knowledge base (知识库维护): the list of articles with their review
//! status, the form that writes a new article or changes one (built on the version the person
//! saw, so a concurrent change is refused rather than overwritten), the review actions
//! (submit, publish, retire) and the spreadsheet import and export. Who may do what is the
//! domain's rule (`may_write`, `may_publish`), checked again by the service on every write.
use axum::extract::{Multipart, Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use chrono::NaiveDate;
use maud::{html, Markup};
use serde::Deserialize;

use hotline_domain::knowledge::{
    may_publish, may_write, Article, ArticleAction, ArticleChange, ArticleId, ArticleKind,
    ArticleStatus, NewArticle, Revision, MAX_BODY_CHARS, MAX_KEYWORDS, MAX_TITLE_CHARS,
};
use hotline_domain::org::UnitId;
use hotline_service::knowledge::may_act;
use hotline_service::knowledge::transfer::{ImportReport, Source};
use hotline_store::knowledge::ArticleFilter;

use crate::error::UiError;
use crate::fields::Fields;
use crate::format;
use crate::layout::{self, csrf};
use crate::session::{Posted, Session};
use crate::spreadsheet;
use crate::UiState;

const PAGE: u32 = 50;
/// The list's status filter for articles with a proposed change waiting for review.
const REVISION_FILTER: &str = "revision";

/// Whether the person may open the knowledge base's maintenance pages at all.
pub fn may_maintain(s: &Session) -> bool {
    hotline_domain::knowledge::may_maintain(&s.actor)
}

fn require_maintainer(s: &Session) -> Result<(), UiError> {
    allowed(
        may_maintain(s),
        "维护知识库需要受理员、班长、质检员、管理员或承办单位人员角色",
    )
}

/// `Ok` when the person may, else a refusal saying who may.
fn allowed(may: bool, who_may: &str) -> Result<(), UiError> {
    if may {
        Ok(())
    } else {
        Err(UiError::Service(hotline_service::ServiceError::Forbidden(
            who_may.into(),
        )))
    }
}

/// Whether the person may write new articles: the centre's writers, or unit staff for their
/// unit (quality inspectors review and publish, they do not write).
fn may_write_new(s: &Session) -> bool {
    may_write(&s.actor, s.actor.unit)
}

fn require_writer(s: &Session) -> Result<(), UiError> {
    allowed(
        may_write_new(s),
        "编写知识需要受理员、班长、管理员或承办单位人员角色;质检员负责审核与发布",
    )
}

fn article_id(id: &str) -> Result<ArticleId, UiError> {
    crate::fields::path_id(id, "知识编号").map(ArticleId)
}

#[derive(Deserialize, Default)]
pub struct ListQuery {
    #[serde(default)]
    status: String,
    #[serde(default)]
    kind: String,
    #[serde(default)]
    page: u32,
    #[serde(default)]
    done: String,
    /// What an import did: created, updated, unchanged.
    #[serde(default)]
    created: usize,
    #[serde(default)]
    updated: usize,
    #[serde(default)]
    unchanged: usize,
}

/// The maintenance list's filter, which its export keeps: a status (or `revision`: published
/// articles with a proposed change waiting for review) and a kind, each blank for all.
fn manage_filter(status: &str, kind: &str) -> Result<ArticleFilter, UiError> {
    let revision_pending = status == REVISION_FILTER;
    let status = match status {
        "" | REVISION_FILTER => None,
        v => Some(
            ArticleStatus::parse(v)
                .ok_or_else(|| UiError::Invalid(format!("状态「{v}」不正确")))?,
        ),
    };
    let kind = match kind {
        "" => None,
        v => Some(
            ArticleKind::parse(v).ok_or_else(|| UiError::Invalid(format!("类型「{v}」不正确")))?,
        ),
    };
    Ok(ArticleFilter {
        status,
        kind,
        revision_pending: revision_pending.then_some(true),
        ..ArticleFilter::default()
    })
}

/// The articles the person may maintain, newest change first, by status and kind.
pub async fn list(
    State(st): State<UiState>,
    s: Session,
    Query(q): Query<ListQuery>,
) -> Result<Markup, UiError> {
    require_maintainer(&s)?;
    let filter = manage_filter(&q.status, &q.kind)?;
    let revision_pending = filter.revision_pending.is_some();
    let (articles, total) = st
        .app
        .articles(&s.actor, filter, PAGE, q.page.saturating_mul(PAGE))
        .await?;
    let r = st.app.reference();
    let pages = total.div_ceil(u64::from(PAGE)).max(1);
    let link = |page: u32| {
        format!(
            "/knowledge/manage?status={}&kind={}&page={page}",
            q.status, q.kind
        )
    };
    let imported = format!(
        "导入完成:新增 {} 条,更新 {} 条,{} 条与库中相同未改动",
        q.created, q.updated, q.unchanged
    );
    let flash = match q.done.as_str() {
        "import" => Some(imported.as_str()),
        _ => None,
    };
    let body = html! {
        h1 { "知识库维护" }
        p.row {
            @if may_write_new(&s) { a.button #new-article href="/knowledge/new" { "编写知识" } }
            @let filtered = !q.status.is_empty() || !q.kind.is_empty();
            @for (format, name) in [("xlsx", "Excel"), ("csv", "CSV")] {
                a.export href={"/knowledge/export?format=" (format) "&status=" (q.status) "&kind=" (q.kind)} {
                    @if filtered { "导出筛选出的 " (total) " 条(" (name) ")" } @else { "导出 " (name) }
                }
            }
        }
        form.row method="get" action="/knowledge/manage" {
            label { "状态" select name="status" {
                option value="" { "全部" }
                @for st in ArticleStatus::ALL { option value=(st.as_str()) selected[q.status == st.as_str()] { (st.label_zh()) } }
                option value=(REVISION_FILTER) selected[revision_pending] { "有待审核的修改" }
            } }
            label { "类型" select name="kind" {
                option value="" { "全部" }
                @for k in ArticleKind::ALL { option value=(k.as_str()) selected[q.kind == k.as_str()] { (k.label_zh()) } }
            } }
            button type="submit" { "筛选" }
        }
        p.muted #article-total { "共 " (total) " 条" }
        table #articles {
            thead { tr { th { "编号" } th { "标题" } th { "类型" } th { "状态" } th { "版本" } th { "所属单位" } th { "有效期" } th { "更新时间" } th { "已用" } } }
            tbody { @for a in &articles { tr data-article=(a.id.0) {
                td { (a.id.0) }
                td { a href={"/knowledge/" (a.id.0)} { (a.title) } }
                td { (a.kind.label_zh()) }
                td.status { (a.status.label_zh()) @if a.revision.is_some() { " · 有待审核的修改" } }
                td { (a.version) }
                td { (a.owner_unit.map(|u| r.unit_name(u)).unwrap_or_else(|| "热线中心".into())) }
                td { (validity(a)) }
                td { (format::short_time(a.updated_at)) }
                td { (a.use_count) }
            } } }
        }
        @if pages > 1 {
            p.row {
                @if q.page > 0 { a href=(link(q.page - 1)) { "上一页" } }
                span.muted { "第 " (u64::from(q.page) + 1) " / " (pages) " 页" }
                @if u64::from(q.page) + 1 < pages { a href=(link(q.page.saturating_add(1))) { "下一页" } }
            }
        }
        @if may_publish(&s.actor) {
            details #import {
                summary { "批量导入" }
                p.muted { "CSV、Excel(.xlsx)或 Excel 另存的「Unicode 文本」(.txt),首行为表头,列与导出的文件相同(可只含其中几列,不认识的列会被拒绝):编号、版本、标题、正文、类型、分类编码、单位编码、生效日期、失效日期、关键词(以分号分隔)、状态。带编号与版本的行更新导出时的那条知识,文件未含的列保持原值(导出后他人已修改的会被拒绝,请重新导出);编号留空的行为新增,须有标题、正文和类型。任何一行有误则整批不导入,并列出每个错误。文件最多 " (hotline_service::table::MAX_IMPORT_BYTES >> 20) " MiB。" }
                form method="post" action="/knowledge/import" enctype="multipart/form-data" {
                    (csrf(&s))
                    input #import-file type="file" name="file" accept=".csv,.xlsx,.txt,.tsv" required;
                    button #import-submit type="submit" { "导入" }
                }
            }
        }
    };
    Ok(layout::page(
        "知识库维护",
        &s,
        "/knowledge",
        flash,
        None,
        body,
    ))
}

fn validity(a: &Article) -> String {
    validity_of(a.valid_from, a.valid_to)
}

fn validity_of(from: Option<NaiveDate>, to: Option<NaiveDate>) -> String {
    match (from, to) {
        (None, None) => "长期".into(),
        (Some(f), None) => format!("{f} 起"),
        (None, Some(t)) => format!("至 {t}"),
        (Some(f), Some(t)) => format!("{f} 至 {t}"),
    }
}

/// What the form shows: an article being changed, or what was typed when it was refused.
#[derive(Default)]
struct Draft {
    title: String,
    body: String,
    kind: String,
    category: String,
    owner_unit: String,
    valid_from: String,
    valid_to: String,
    keywords: String,
}

impl Draft {
    /// The form for an article: its proposed change if there is one (see `Article::draft`).
    fn of(a: &Article) -> Draft {
        let c = a.draft();
        Draft {
            title: c.title,
            body: c.body,
            kind: c.kind.as_str().into(),
            category: c.category.unwrap_or_default(),
            owner_unit: c.owner_unit.map(|u| u.0.to_string()).unwrap_or_default(),
            valid_from: c.valid_from.map(|d| d.to_string()).unwrap_or_default(),
            valid_to: c.valid_to.map(|d| d.to_string()).unwrap_or_default(),
            keywords: c.keywords.join("、"),
        }
    }

    fn posted(f: &Fields) -> Draft {
        Draft {
            title: f.get("title").into(),
            body: f.get("body").into(),
            kind: f.get("kind").into(),
            category: f.get("category").into(),
            owner_unit: f.get("owner_unit").into(),
            valid_from: f.get("valid_from").into(),
            valid_to: f.get("valid_to").into(),
            keywords: f.get("keywords").into(),
        }
    }
}

fn date(f: &Fields, name: &str, label: &str) -> Result<Option<NaiveDate>, UiError> {
    match f.opt(name) {
        None => Ok(None),
        Some(v) => NaiveDate::parse_from_str(&v, "%Y-%m-%d")
            .map(Some)
            .map_err(|_| {
                UiError::Invalid(format!("「{label}」应为日期,如 2026-01-31,收到的是「{v}」"))
            }),
    }
}

/// The article's content from the form, checked at the edge (the domain checks it again).
fn content(s: &Session, f: &Fields) -> Result<NewArticle, UiError> {
    let title = f.text("title", "标题")?;
    if title.chars().count() > MAX_TITLE_CHARS {
        return Err(UiError::Invalid(format!(
            "「标题」最多 {MAX_TITLE_CHARS} 字"
        )));
    }
    let body = f.text("body", "正文")?;
    if body.chars().count() > MAX_BODY_CHARS {
        return Err(UiError::Invalid(format!(
            "「正文」最多 {MAX_BODY_CHARS} 字"
        )));
    }
    let kind = f.choice("kind", "类型", ArticleKind::parse)?;
    let owner_unit = match f.opt_int::<i64>("owner_unit", "所属单位")? {
        Some(u) => Some(UnitId(u)),
        // Unit staff write for their own unit; the centre's articles have no owner.
        None if !may_write(&s.actor, None) => s.actor.unit,
        None => None,
    };
    let keywords: Vec<String> = f
        .get("keywords")
        .split(|c: char| {
            hotline_domain::knowledge::KEYWORD_SEPARATORS.contains(&c) || c.is_whitespace()
        })
        .filter(|k| !k.is_empty())
        .map(str::to_string)
        .collect();
    if keywords.len() > MAX_KEYWORDS {
        return Err(UiError::Invalid(format!(
            "「关键词」最多 {MAX_KEYWORDS} 个"
        )));
    }
    Ok(NewArticle {
        title,
        body,
        kind,
        category: f.opt("category"),
        owner_unit,
        valid_from: date(f, "valid_from", "生效日期")?,
        valid_to: date(f, "valid_to", "失效日期")?,
        keywords,
    })
}

/// The fields in which what was typed (`typed`) differs from the article as stored now
/// (`now`, as the editor would show it), as (label, now, typed), in the form's order.
fn differences(
    r: &hotline_service::Reference,
    now: &Draft,
    typed: &Draft,
) -> Vec<(&'static str, String, String)> {
    let kind = |k: &str| ArticleKind::parse(k).map_or(k.to_string(), |k| k.label_zh().to_string());
    let category = |c: &str| {
        if c.is_empty() {
            "(不限)".to_string()
        } else {
            format::category(r, Some(c))
        }
    };
    let unit = |u: &str| match u.parse::<i64>() {
        Ok(id) => r.unit_name(UnitId(id)),
        Err(_) => "热线中心".to_string(),
    };
    let fields = [
        ("标题", now.title.clone(), typed.title.clone()),
        ("类型", kind(&now.kind), kind(&typed.kind)),
        ("分类", category(&now.category), category(&typed.category)),
        ("所属单位", unit(&now.owner_unit), unit(&typed.owner_unit)),
        ("生效日期", now.valid_from.clone(), typed.valid_from.clone()),
        ("失效日期", now.valid_to.clone(), typed.valid_to.clone()),
        ("关键词", now.keywords.clone(), typed.keywords.clone()),
        ("正文", now.body.clone(), typed.body.clone()),
    ];
    fields
        .into_iter()
        .filter(|(_, a, b)| a.trim() != b.trim())
        .collect()
}

/// The editor: a new article, or `editing` one; `d` is what the form shows. `against`: the
/// article as someone else saved it since this person's form was read, compared with what they
/// typed, so that saving again over it is a choice made seeing both.
fn form_page(
    st: &UiState,
    s: &Session,
    editing: Option<&Article>,
    d: &Draft,
    error: Option<&str>,
    against: Option<&Article>,
) -> Markup {
    let r = st.app.reference();
    let mut cats: Vec<_> = r.categories.values().filter(|c| c.active).collect();
    cats.sort_by(|a, b| a.code.cmp(&b.code));
    let centre_editor = may_write(&s.actor, None);
    let mut units: Vec<_> = r
        .units
        .values()
        .filter(|u| u.active && (centre_editor || Some(u.id) == s.actor.unit))
        .collect();
    units.sort_by(|a, b| a.code.cmp(&b.code));
    let draft_key = match editing {
        Some(a) => format!("u{}:article:{}:v{}", s.user.id.0, a.id.0, a.version),
        None => format!("u{}:article:new", s.user.id.0),
    };
    let (title, action) = match editing {
        Some(a) => (
            format!("修改知识 #{}", a.id.0),
            format!("/knowledge/{}/edit", a.id.0),
        ),
        None => ("编写知识".to_string(), "/knowledge/new".to_string()),
    };
    let body = html! {
        h1 { (title) }
        @if let Some(a) = editing {
            p.muted { "当前为「" (a.status.label_zh()) "」,第 " (a.version) " 版。"
                @if let Some(r) = &a.revision { "以下是 " (r.by_name) " 于 " (format::short_time(r.at)) " 提交、待审核的修改。" }
                @if a.status == ArticleStatus::Published && !may_publish(&s.actor) { "保存后作为修改提交审核;发布前受理员仍看到当前已发布的内容。" }
                @if let Some(r) = a.revision.as_ref().filter(|r| r.by != s.actor.user && !may_publish(&s.actor)) {
                    strong #replaces-revision { "每篇知识只有一份待审核的修改:保存将取代 " (r.by_name) " 的这份修改。" } }
                @if a.status == ArticleStatus::Published && may_publish(&s.actor) { "保存后直接生效。" } }
        } @else {
            p.muted { "新知识保存为草稿;提交审核并由质检员、班长或管理员发布后,受理员才能检索和引用。" }
        }
        @if let Some(now) = against {
            @let differing = differences(&r, &Draft::of(now), d);
            section #changed-meanwhile {
                @if differing.is_empty() {
                    p.muted { "他人的修改(如状态)没有改动内容:与您填写的相同。" }
                } @else {
                    h2 { "他人保存的当前内容与您填写的不同之处" }
                    p.muted { "删除线为当前内容中有、您的填写中没有的;下划线为您新写的。再次保存将以您填写的内容为准。" }
                    dl.record {
                        @for (label, was, typed) in &differing {
                            dt { (label) }
                            dd data-field=(label) { (crate::knowledge_versions::marked(was, typed)) }
                        }
                    }
                }
            }
        }
        // Kept in the browser as it is typed (app.js), so a session that ended or a page that
        // expired before saving does not lose the text: it is back when the editor opens again
        // on the same version. A form shown again by the server holds what was sent already.
        form #article-form method="post" action=(action) data-draft=(draft_key)
            data-draft-server[error.is_some() || against.is_some()] {
            (csrf(s))
            p.warn #article-draft-restored data-draft-note hidden {
                "已恢复上次未保存的内容。" button.link type="button" data-draft-discard { "清空" } }
            @if let Some(a) = editing { input type="hidden" name="version" value=(a.version); }
            label { "标题" input #article-title name="title" required maxlength=(MAX_TITLE_CHARS) value=(d.title); }
            div.row {
                label { "类型" select #article-kind name="kind" required {
                    @for k in ArticleKind::ALL { option value=(k.as_str()) selected[d.kind == k.as_str()] { (k.label_zh()) } }
                } }
                label { "分类" select #article-category name="category" {
                    option value="" { "(不限)" }
                    @for c in &cats { option value=(c.code) selected[d.category == c.code] { (c.code) " " (format::category(&r, Some(&c.code))) } }
                } }
                label { "所属单位" select #article-unit name="owner_unit" {
                    @if centre_editor { option value="" { "热线中心" } }
                    @for u in &units { option value=(u.id.0) selected[d.owner_unit == u.id.0.to_string()] { (u.name) } }
                } }
            }
            div.row {
                label { "生效日期" input #article-from type="date" name="valid_from" value=(d.valid_from); }
                label { "失效日期" input #article-to type="date" name="valid_to" value=(d.valid_to); }
                label.grow { "关键词(以顿号或逗号分隔)" input #article-keywords name="keywords" value=(d.keywords); }
            }
            label { "正文" textarea #article-body name="body" rows="12" required maxlength=(MAX_BODY_CHARS) { (d.body) } }
            div.row {
                button #save-article type="submit" { "保存" }
                a href=(editing.map(|a| format!("/knowledge/{}", a.id.0)).unwrap_or_else(|| "/knowledge/manage".into())) { "取消" }
            }
        }
    };
    layout::page(&title, s, "/knowledge", None, error, body)
}

pub async fn new_form(State(st): State<UiState>, s: Session) -> Result<Markup, UiError> {
    require_writer(&s)?;
    let d = Draft {
        kind: ArticleKind::PolicyQa.as_str().into(),
        owner_unit: if may_write(&s.actor, None) {
            String::new()
        } else {
            s.actor.unit.map(|u| u.0.to_string()).unwrap_or_default()
        },
        ..Draft::default()
    };
    Ok(form_page(&st, &s, None, &d, None, None))
}

pub async fn create(State(st): State<UiState>, Posted(s, f): Posted) -> Result<Response, UiError> {
    require_writer(&s)?;
    let attempt = async {
        let new = content(&s, &f)?;
        Ok::<_, UiError>(st.app.create_article(&s.actor, new).await?)
    }
    .await;
    Ok(match attempt {
        Ok(a) => Redirect::to(&format!("/knowledge/{}?done=created", a.id.0)).into_response(),
        Err(e) => (
            e.status(),
            form_page(&st, &s, None, &Draft::posted(&f), Some(&e.message()), None),
        )
            .into_response(),
    })
}

pub async fn edit_form(
    State(st): State<UiState>,
    s: Session,
    Path(id): Path<String>,
) -> Result<Markup, UiError> {
    let a = st.app.article(&s.actor, article_id(&id)?).await?;
    allowed(may_write(&s.actor, a.owner_unit), "无权修改该知识")?;
    Ok(form_page(&st, &s, Some(&a), &Draft::of(&a), None, None))
}

pub async fn update(
    State(st): State<UiState>,
    Path(id): Path<String>,
    Posted(s, f): Posted,
) -> Result<Response, UiError> {
    let id = article_id(&id)?;
    let current = st.app.article(&s.actor, id).await?;
    let attempt = async {
        let version: u64 = f.int("version", "版本")?;
        let new = content(&s, &f)?;
        Ok::<_, UiError>(st.app.update_article(&s.actor, id, version, new).await?)
    }
    .await;
    Ok(match attempt {
        Ok(a) => {
            // A save that changed nothing keeps the article's last change: no news of it.
            let unchanged = f
                .int::<u64>("version", "版本")
                .is_ok_and(|v| v == a.version);
            let done = match a.change {
                _ if unchanged => "saved",
                _ if a.revision.is_some() && a.status == ArticleStatus::Published => "proposed",
                ArticleChange::Adopted => "adopted",
                ArticleChange::Superseded => "superseded",
                _ => "saved",
            };
            Redirect::to(&format!("/knowledge/{}?done={done}", a.id.0)).into_response()
        }
        Err(e) => {
            // The form keeps what was typed; a refusal for a stale version shows what the
            // other person saved beside it, and the form now carries the current version.
            // The knowledge base says a stale version as a conflict (`changed_meanwhile`).
            let stale = e.is_stale_version()
                || matches!(
                    &e,
                    UiError::Service(hotline_service::ServiceError::Conflict(_))
                );
            let message = if stale {
                format!(
                    "该知识已被他人修改(现为第 {} 版):下方对照了当前内容与您填写的内容,核对后可再次保存。",
                    current.version
                )
            } else {
                e.message()
            };
            let draft = Draft::posted(&f);
            let against = stale.then_some(&current);
            (
                e.status(),
                form_page(&st, &s, Some(&current), &draft, Some(&message), against),
            )
                .into_response()
        }
    })
}

/// Submit for review, publish, retire or decline a proposed change, at the version the person
/// saw.
pub async fn change_status(
    State(st): State<UiState>,
    Path(id): Path<String>,
    Posted(s, f): Posted,
) -> Result<Response, UiError> {
    let id = article_id(&id)?;
    let attempt = async {
        let version: u64 = f.int("version", "版本")?;
        let action = f.choice("action", "操作", ArticleAction::parse)?;
        st.app
            .change_article_status(&s.actor, id, Some(version), action)
            .await?;
        Ok::<_, UiError>(action)
    }
    .await;
    match attempt {
        Ok(action) => Ok(
            Redirect::to(&format!("/knowledge/{}?done={}", id.0, action.as_str())).into_response(),
        ),
        Err(e) => {
            let a = st.app.article(&s.actor, id).await?;
            Ok((
                e.status(),
                article_page(&st, &s, &a, None, Some(&e.message())),
            )
                .into_response())
        }
    }
}

/// What was just done, from the `done` query of a redirect.
pub fn done_message(done: &str) -> Option<&'static str> {
    Some(match done {
        "created" => "已保存为草稿",
        "saved" => "已保存",
        "proposed" => "修改已提交审核;发布前受理员仍看到原内容",
        "decline" => "已退回修改,知识内容不变(待审核的知识回到草稿)",
        "submit" => "已提交审核",
        "publish" => "已发布",
        "retire" => "已下线",
        "restored" => "已恢复旧版本的内容",
        "withdrawn" => "已撤回待审核的修改,知识内容不变",
        "adopted" => "已采纳待审核的修改并生效",
        "superseded" => "已保存并生效;待审核的修改已由本次修改取代,原修改可在版本记录中查看",
        _ => return None,
    })
}

/// One article: its content and, for those who may, the changes and review actions.
pub fn article_page(
    st: &UiState,
    s: &Session,
    a: &Article,
    flash: Option<&str>,
    error: Option<&str>,
) -> Markup {
    let r = st.app.reference();
    let actions: Vec<ArticleAction> = ArticleAction::ALL
        .iter()
        .copied()
        .filter(|&act| a.next_status(act).is_some() && may_act(&s.actor, a, act))
        .collect();
    let label = |act: ArticleAction| match act {
        ArticleAction::Publish if a.revision.is_some() => "发布修改",
        act => act.label_zh(),
    };
    let body = html! {
        h1 { "#" (a.id.0) " " (a.title) }
        p.muted #article-meta {
            (a.kind.label_zh()) " · " span #article-status { (a.status.label_zh()) } " · 第 " (a.version) " 版"
            @if a.category.is_some() { " · " (format::category(&r, a.category.as_deref())) }
            @if let Some(u) = a.owner_unit { " · " (r.unit_name(u)) }
            " · 有效期 " (validity(a))
            " · 已用 " (a.use_count) " 次"
            @if hotline_domain::knowledge::may_read_versions(&s.actor, a) {
                " · " a #article-versions-link href={"/knowledge/" (a.id.0) "/versions"} { "版本记录" }
            }
        }
        @if hotline_domain::knowledge::may_read_versions(&s.actor, a) { p.muted #article-changed {
            "最近一次:" (a.change.label_zh())
            @if let Some(e) = &a.changed_by { " · " (e.name) }
            " · " (format::short_time(a.updated_at))
        } }
        div.article #article-body { (a.body) }
        @if !a.keywords.is_empty() { p.muted { "关键词:" (a.keywords.join("、")) } }
        @if let Some(r) = &a.revision { (revision(st, a, r)) }
        @if a.is_answerable(st.app.today()) {
            p { "直接答复时,在受理页填写引用知识编号 " strong { (a.id.0) } "。" }
        } @else {
            p.muted { "该知识当前不对受理员提供(未发布或不在有效期内)。" }
        }
        @if may_write(&s.actor, a.owner_unit) || !actions.is_empty() {
            div.row #article-actions {
                @if may_write(&s.actor, a.owner_unit) { a.button #edit-article href={"/knowledge/" (a.id.0) "/edit"} { "修改" } }
                @for act in &actions {
                    form method="post" action={"/knowledge/" (a.id.0) "/status"} {
                        (csrf(s))
                        input type="hidden" name="version" value=(a.version);
                        input type="hidden" name="action" value=(act.as_str());
                        button id={"article-" (act.as_str())} type="submit" { (label(*act)) }
                    }
                }
                a href="/knowledge/manage" { "返回知识库维护" }
            }
        }
    };
    // A page answering a save that went through: the editor's draft that was sent is done with.
    let body = html! {
        (body)
        @if flash.is_some() { span hidden data-draft-answered {} }
    };
    layout::page(&a.title, s, "/knowledge", flash, error, body)
}

/// A proposed change beside the published content: who proposed it, when, and each field it
/// changes, for the reviewer to publish or decline.
fn revision(st: &UiState, a: &Article, r: &Revision) -> Markup {
    let live = a.content();
    let new = &r.content;
    let changes = field_changes(&st.app.reference(), &live, new);
    html! {
        section #article-revision {
            h2 { "待审核的修改" }
            p.muted { (r.by_name) " 于 " (format::short_time(r.at)) " 提交。发布前受理员看到的仍是上面的内容。" }
            (changes_table(&changes))
            @if live.body != new.body {
                p { "修改后的正文:" }
                div.article #revision-body { (new.body) }
            }
        }
    }
}

/// The fields but the body that differ between two contents: (field, old, new), as shown.
pub(crate) fn field_changes(
    rf: &hotline_service::Reference,
    live: &NewArticle,
    new: &NewArticle,
) -> Vec<(&'static str, String, String)> {
    let unit = |u: Option<UnitId>| {
        u.map(|u| rf.unit_name(u))
            .unwrap_or_else(|| "热线中心".into())
    };
    let window = |c: &NewArticle| validity_of(c.valid_from, c.valid_to);
    let mut changes: Vec<(&str, String, String)> = Vec::new();
    if live.title != new.title {
        changes.push(("标题", live.title.clone(), new.title.clone()));
    }
    if live.kind != new.kind {
        changes.push((
            "类型",
            live.kind.label_zh().into(),
            new.kind.label_zh().into(),
        ));
    }
    if live.category != new.category {
        changes.push((
            "分类",
            format::category(rf, live.category.as_deref()),
            format::category(rf, new.category.as_deref()),
        ));
    }
    if live.owner_unit != new.owner_unit {
        changes.push(("所属单位", unit(live.owner_unit), unit(new.owner_unit)));
    }
    if (live.valid_from, live.valid_to) != (new.valid_from, new.valid_to) {
        changes.push(("有效期", window(live), window(new)));
    }
    if live.keywords != new.keywords {
        changes.push(("关键词", live.keywords.join("、"), new.keywords.join("、")));
    }
    changes
}

/// Field changes as a table of old → new (nothing when there are none).
pub(crate) fn changes_table(changes: &[(&'static str, String, String)]) -> Markup {
    html! {
        @if !changes.is_empty() {
            table { tbody { @for (field, old, new) in changes {
                tr { th { (field) } td { (old) } td { "→ " (new) } }
            } } }
        }
    }
}

#[derive(Deserialize)]
pub struct ExportQuery {
    #[serde(default)]
    format: String,
    /// The maintenance list's filter, as `ListQuery` has it.
    #[serde(default)]
    status: String,
    #[serde(default)]
    kind: String,
}

/// Every article the person may see that the list's filter holds, as CSV or Excel, in the
/// columns an import reads back.
pub async fn export(
    State(st): State<UiState>,
    s: Session,
    Query(q): Query<ExportQuery>,
) -> Result<Response, UiError> {
    require_maintainer(&s)?;
    let format = spreadsheet::export_format(&q.format)?;
    let filter = manage_filter(&q.status, &q.kind)?;
    let exported = st.app.export_articles(&s.actor, format, filter).await?;
    Ok(spreadsheet::download(format, "knowledge", exported.bytes))
}

/// A spreadsheet of articles: all imported, or none and every problem listed.
pub async fn import(
    State(st): State<UiState>,
    s: Session,
    m: Multipart,
) -> Result<Response, UiError> {
    let (name, format, bytes) = spreadsheet::uploaded(&s, m, require_maintainer).await?;
    let report = (st.app)
        .import_articles(&s.actor, format, &bytes, Source::Upload)
        .await?;
    match report {
        ImportReport::Imported {
            created,
            updated,
            unchanged,
            ..
        } => Ok(Redirect::to(&format!(
            "/knowledge/manage?done=import&created={created}&updated={updated}&unchanged={unchanged}"
        ))
        .into_response()),
        ImportReport::Rejected { problems } => {
            let body = html! {
                h1 { "导入未完成" }
                (spreadsheet::problems(&name, &problems))
                p { a href="/knowledge/manage" { "返回知识库维护" } }
            };
            let page = layout::page("导入未完成", &s, "/knowledge", None, None, body);
            Ok((axum::http::StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
        }
    }
}
