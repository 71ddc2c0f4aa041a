//! The gazetteer page (地名库): districts and their streets at a glance, a search over names,
//! aliases and codes, one place's form (name, kind, parent, aliases) with retiring (停用) and
//! restoring it, deleting it when nothing names it, and a spreadsheet import (every row or
//! none) and export. What is saved is found in the next intake text; a retired place is not.
use std::collections::HashMap;

use axum::extract::{Multipart, Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use maud::{html, Markup};
use serde::Deserialize;

use hotline_domain::org::{Place, PlaceKind};
use hotline_service::admin::require_admin;
use hotline_service::places::{active_label, PlaceChange, PlaceImport};
use hotline_service::table::split_list;
use hotline_service::Reference;

use super::{admin_page, Admin, AdminForm};
use crate::error::UiError;
use crate::fields::Fields;
use crate::layout::csrf;
use crate::session::Session;
use crate::spreadsheet;
use crate::UiState;

/// Most places a search lists.
const MAX_LISTED: usize = 200;

#[derive(Deserialize, Default)]
pub struct PlacesQuery {
    #[serde(default)]
    q: String,
    #[serde(default)]
    kind: String,
    /// The area code as typed in a refused save, shown again to be mended.
    #[serde(skip)]
    area_code_typed: Option<String>,
    /// The new place as typed in a refused add, shown again to be mended.
    #[serde(skip)]
    place_typed: Option<Place>,
}

fn kind_options(selected: Option<PlaceKind>) -> Markup {
    html! { @for k in PlaceKind::ALL { option value=(k.as_str()) selected[Some(k) == selected] { (k.label_zh()) } } }
}

fn parent_name(r: &Reference, p: &Place) -> String {
    p.parent
        .as_ref()
        .map(|c| match r.places.get(c) {
            Some(parent) => format!("{}({c})", parent.name),
            None => c.clone(),
        })
        .unwrap_or_default()
}

/// " · 已停用" after a retired place's details.
fn retired_mark(p: &Place) -> Markup {
    html! { @if !p.active { " · " span.retired { "已停用" } } }
}

/// Districts, each with its streets and what sits under each: the places grouped by parent in
/// one pass, since a province's gazetteer holds tens of thousands.
fn overview(r: &Reference) -> Markup {
    let mut below: HashMap<Option<&str>, Vec<&Place>> = HashMap::new();
    for p in r.places.values() {
        below.entry(p.parent.as_deref()).or_default().push(p);
    }
    for list in below.values_mut() {
        list.sort_by(|a, b| a.code.cmp(&b.code));
    }
    let of_kind = |parent: Option<&str>, kind: PlaceKind| -> Vec<&Place> {
        below
            .get(&parent)
            .map(|l| l.iter().copied().filter(|p| p.kind == kind).collect())
            .unwrap_or_default()
    };
    let count = |parent: &str, kind: PlaceKind| of_kind(Some(parent), kind).len();
    html! {
        div.tree #place-tree { ul { @for d in of_kind(None, PlaceKind::District) {
            li data-place=(d.code) {
                a href={"/admin/places/" (d.code)} { (d.name) } " " span.muted { (d.code) (retired_mark(d)) }
                ul { @for s in of_kind(Some(&d.code), PlaceKind::Street) { li data-place=(s.code) {
                    a href={"/admin/places/" (s.code)} { (s.name) } " "
                    span.muted {
                        (s.code) " · 社区/村 " (count(&s.code, PlaceKind::Community))
                        " · 道路 " (count(&s.code, PlaceKind::Road))
                        " · 地标 " (count(&s.code, PlaceKind::Landmark))
                        @if !s.aliases.is_empty() { " · 别名 " (s.aliases.join("、")) }
                        (retired_mark(s))
                    }
                } } }
            }
        } } }
    }
}

/// Places whose code, name or an alias contains `q`, of `kind` if given.
fn matches<'a>(r: &'a Reference, q: &str, kind: Option<PlaceKind>) -> Vec<&'a Place> {
    let q = q.trim();
    let mut list: Vec<&Place> = r
        .places
        .values()
        .filter(|p| kind.is_none_or(|k| p.kind == k))
        .filter(|p| {
            q.is_empty()
                || p.code.eq_ignore_ascii_case(q)
                || p.name.contains(q)
                || p.aliases.iter().any(|a| a.contains(q))
        })
        .collect();
    list.sort_by(|a, b| a.code.cmp(&b.code));
    list
}

fn places_page(
    st: &UiState,
    s: &Session,
    q: &PlacesQuery,
    flash: Option<&str>,
    error: Option<&str>,
) -> Markup {
    let r = st.app.reference();
    let kind = PlaceKind::parse(&q.kind);
    let searching = !q.q.trim().is_empty() || kind.is_some();
    let found = if searching {
        matches(&r, &q.q, kind)
    } else {
        Vec::new()
    };
    let counts: Vec<(PlaceKind, usize)> = PlaceKind::ALL
        .iter()
        .map(|&k| (k, r.places.values().filter(|p| p.kind == k).count()))
        .collect();
    let retired = r.places.values().filter(|p| !p.active).count();
    admin_page(
        s,
        "地名库",
        flash,
        error,
        html! {
            p.muted #place-counts {
                @for (i, (k, n)) in counts.iter().enumerate() { @if i > 0 { " · " } (k.label_zh()) " " (n) }
                @if retired > 0 { "(其中已停用 " (retired) ")" }
                "。受理时从文字中按名称和别名识别在用的地点。区划调整后不再使用的地名请停用:编码和名称留给已有工单、单位和职责清单引用,但不再识别,也不能用于新工单;没有被任何地方引用的地名(如录错的)可以删除。"
            }
            p.row {
                a href="/admin/places/export?format=xlsx" { "导出 Excel" }
                a href="/admin/places/export?format=csv" { "导出 CSV" }
            }
            form.row #area-code-form method="post" action="/admin/places/area-code" {
                (csrf(s))
                label { "本市长途区号" input #area-code name="area_code" value=(q.area_code_typed.as_deref().unwrap_or(&r.policy.area_code)) maxlength="4" inputmode="numeric" placeholder="如 0633"; }
                button #save-area-code type="submit" { "保存" }
                span.muted { "本地座机来电常只显示 7–8 位号码,网上留言则常带区号:设了区号,两种写法视为同一来电人(查重复件、来电历史、按号码查工单)。留空则按号码原样比对。" }
            }
            details #import-places {
                summary { "批量导入" }
                p.muted { "CSV、Excel(.xlsx)或 Excel 另存的「Unicode 文本」(.txt),首行为表头:编码(code)、名称(name)、类型(kind:区县、街道/镇、社区/村、道路、地标)必填,上级编码(parent)、别名(aliases,以顿号或分号分隔)、状态(active:在用或停用,留空为在用)可选。已有编码即修改。任何一行有误则整批不导入,并列出每个错误。文件最多 " (hotline_service::table::MAX_IMPORT_BYTES >> 20) " MiB。" }
                form method="post" action="/admin/places/import" enctype="multipart/form-data" {
                    (csrf(s))
                    input #places-file type="file" name="file" accept=".csv,.xlsx,.txt,.tsv" required;
                    button #import-places-submit type="submit" { "导入" }
                }
            }
            @let typed = q.place_typed.as_ref();
            details #add-place open[typed.is_some()] {
                summary { "新增地名" }
                form method="post" action="/admin/places" {
                    (csrf(s))
                    div.row {
                        label { "编码" input #place-code name="code" required maxlength="32" pattern="[A-Za-z0-9_\\-]+" value=(typed.map_or("", |p| p.code.as_str())); }
                        label.grow { "名称" input #place-name name="name" required maxlength="50" value=(typed.map_or("", |p| p.name.as_str())); }
                        label { "类型" select #place-kind name="kind" { (kind_options(Some(typed.map_or(PlaceKind::Community, |p| p.kind)))) } }
                        label { "上级编码" input #place-parent name="parent" maxlength="32" value=(typed.and_then(|p| p.parent.as_deref()).unwrap_or("")); }
                    }
                    div.row { label.grow { "别名(群众的叫法,以顿号分隔,每个至少 2 字)" input #place-aliases name="aliases" value=(typed.map(|p| p.aliases.join("、")).unwrap_or_default()); } }
                    button #add-place-submit type="submit" { "添加" }
                }
            }
            form.row #place-search method="get" action="/admin/places" {
                label.grow { "查找(名称、别名或编码)" input name="q" value=(q.q); }
                label { "类型" select name="kind" { option value="" { "全部" } (kind_options(kind)) } }
                button type="submit" { "查找" }
            }
            @if searching {
                p.muted { "找到 " (found.len()) " 个" @if found.len() > MAX_LISTED { ",显示前 " (MAX_LISTED) " 个" } "。" }
                table #places {
                    thead { tr { th { "编码" } th { "名称" } th { "类型" } th { "上级" } th { "别名" } th { "状态" } } }
                    tbody { @for p in found.iter().take(MAX_LISTED) { tr data-place=(p.code) {
                        td { (p.code) }
                        td { a href={"/admin/places/" (p.code)} { (p.name) } }
                        td { (p.kind.label_zh()) }
                        td { (parent_name(&r, p)) }
                        td { (p.aliases.join("、")) }
                        td { (active_label(p.active)) }
                    } } }
                }
            } @else {
                (overview(&r))
            }
        },
    )
}

pub async fn places(
    State(st): State<UiState>,
    Admin(s): Admin,
    Query(q): Query<PlacesQuery>,
) -> Result<Markup, UiError> {
    Ok(places_page(&st, &s, &q, None, None))
}

/// The city's area code (长途区号), kept in the policy: a local landline is one caller with
/// or without it.
pub async fn save_area_code(
    State(st): State<UiState>,
    AdminForm(s, f): AdminForm,
) -> Result<Response, UiError> {
    let typed = f.get("area_code").to_string();
    let attempt = async {
        st.app
            .change_policy(&s.actor, |mut policy| {
                policy.area_code = typed.clone();
                Ok::<_, hotline_service::ServiceError>(policy)
            })
            .await?;
        let code = st.app.reference().policy.area_code.clone();
        Ok::<_, UiError>(if code.is_empty() {
            "已清除本市长途区号:来电号码按原样比对".to_string()
        } else {
            format!("已保存本市长途区号 {code}")
        })
    }
    .await;
    let shown = PlacesQuery {
        area_code_typed: attempt.is_err().then_some(typed),
        ..PlacesQuery::default()
    };
    Ok(super::after_change(
        attempt,
        |m| m,
        |flash, error| places_page(&st, &s, &shown, flash, error),
    ))
}

/// The place a form describes; when editing, `current` gives its code and state (the form
/// does not change whether it is in use).
fn place_from(f: &Fields, current: Option<&Place>) -> Result<Place, UiError> {
    let code = match current {
        Some(p) => p.code.clone(),
        None => f.text("code", "编码")?,
    };
    Ok(Place {
        code,
        name: f.text("name", "名称")?,
        kind: f.choice("kind", "类型", PlaceKind::parse)?,
        parent: f.opt("parent"),
        aliases: split_list(f.get("aliases")),
        active: current.is_none_or(|p| p.active),
    })
}

/// The place a refused form typed, read leniently, to show again (`current`: the place edited).
fn typed_place(f: &Fields, current: Option<&Place>) -> Place {
    Place {
        code: current.map_or_else(|| f.get("code").trim().to_string(), |p| p.code.clone()),
        name: f.get("name").trim().to_string(),
        kind: PlaceKind::parse(f.get("kind"))
            .or(current.map(|p| p.kind))
            .unwrap_or(PlaceKind::Community),
        parent: f.opt("parent"),
        aliases: split_list(f.get("aliases")),
        active: current.is_none_or(|p| p.active),
    }
}

fn saved_message(change: PlaceChange, p: &Place) -> String {
    match change {
        PlaceChange::Added => format!("已添加地名 {} {}", p.code, p.name),
        PlaceChange::Changed => format!("已保存地名 {} {}", p.code, p.name),
        PlaceChange::Unchanged => format!("地名 {} {} 没有改动", p.code, p.name),
    }
}

pub async fn add_place(
    State(st): State<UiState>,
    AdminForm(s, f): AdminForm,
) -> Result<Response, UiError> {
    let attempt = async {
        let place = place_from(&f, None)?;
        let change = st.app.save_place(&s.actor, place.clone()).await?;
        Ok::<_, UiError>(saved_message(change, &place))
    }
    .await;
    let shown = PlacesQuery {
        place_typed: attempt.is_err().then(|| typed_place(&f, None)),
        ..PlacesQuery::default()
    };
    Ok(super::after_change(
        attempt,
        |m| m,
        |flash, error| places_page(&st, &s, &shown, flash, error),
    ))
}

/// A place's page; its form shows `typed` (a refused form's values) when given, else `p`.
fn place_page(
    st: &UiState,
    s: &Session,
    p: &Place,
    flash: Option<&str>,
    error: Option<&str>,
    typed: Option<&Place>,
) -> Markup {
    let r = st.app.reference();
    let v = typed.unwrap_or(p);
    let mut below: Vec<&Place> = r
        .places
        .values()
        .filter(|c| c.parent.as_deref() == Some(p.code.as_str()))
        .collect();
    below.sort_by(|a, b| a.code.cmp(&b.code));
    admin_page(
        s,
        &format!("地名:{}", p.name),
        flash,
        error,
        html! {
            form #place-form method="post" action={"/admin/places/" (p.code)} {
                (csrf(s))
                div.row {
                    label { "编码" input #place-code value=(p.code) disabled; }
                    label.grow { "名称" input #place-name name="name" required maxlength="50" value=(v.name); }
                    label { "类型" select #place-kind name="kind" { (kind_options(Some(v.kind))) } }
                    label { "上级编码" input #place-parent name="parent" maxlength="32" value=(v.parent.clone().unwrap_or_default()); }
                }
                @if p.parent.is_some() { p.muted { "上级:" (parent_name(&r, p)) } }
                @if !p.active { p #place-retired { span.retired { "已停用" } ":不再从文字中识别,也不能用于新工单;已有工单仍显示此地名。" } }
                div.row { label.grow { "别名(群众的叫法,以顿号分隔,每个至少 2 字)" input #place-aliases name="aliases" value=(v.aliases.join("、")); } }
                div.row {
                    button #save-place type="submit" { "保存" }
                    a href="/admin/places" { "返回地名库" }
                }
            }
            div.row {
                form #place-state method="post" action={"/admin/places/" (p.code) "/active"} {
                    (csrf(s))
                    @if p.active {
                        input type="hidden" name="active" value="0";
                        button.secondary #retire-place type="submit" { "停用" }
                    } @else {
                        input type="hidden" name="active" value="1";
                        button.secondary #restore-place type="submit" { "恢复在用" }
                    }
                }
                form #delete-place method="post" action={"/admin/places/" (p.code) "/delete"} {
                    (csrf(s))
                    button.danger #delete-place-submit type="submit" { "删除" }
                }
                span.muted { "停用:区划调整后不再使用;删除:仅限没有被工单、单位辖区、职责清单或下级地名引用的地名(如录错的)。" }
            }
            @if !below.is_empty() {
                h2 { "下级地名(" (below.len()) ")" }
                ul #places-below { @for c in below.iter().take(MAX_LISTED) {
                    li { a href={"/admin/places/" (c.code)} { (c.name) } " " span.muted { (c.code) " · " (c.kind.label_zh()) } }
                } }
            }
        },
    )
}

fn known(st: &UiState, code: &str) -> Result<Place, UiError> {
    st.app
        .reference()
        .places
        .get(code)
        .cloned()
        .ok_or(UiError::NotFound)
}

pub async fn place(
    State(st): State<UiState>,
    Admin(s): Admin,
    Path(code): Path<String>,
) -> Result<Markup, UiError> {
    let p = known(&st, &code)?;
    Ok(place_page(&st, &s, &p, None, None, None))
}

pub async fn save_place(
    State(st): State<UiState>,
    Path(code): Path<String>,
    AdminForm(s, f): AdminForm,
) -> Result<Response, UiError> {
    let current = known(&st, &code)?;
    let attempt = async {
        let place = place_from(&f, Some(&current))?;
        let change = st.app.save_place(&s.actor, place.clone()).await?;
        Ok::<_, UiError>(saved_message(change, &place))
    }
    .await;
    let typed = typed_place(&f, Some(&current));
    after_place_change(&st, &s, &current, attempt, Some(&typed))
}

/// The place's page after a change: as saved with the confirmation, or as it was with the
/// refusal (and its status), its form showing what was typed (`typed`).
fn after_place_change(
    st: &UiState,
    s: &Session,
    before: &Place,
    attempt: Result<String, UiError>,
    typed: Option<&Place>,
) -> Result<Response, UiError> {
    Ok(match attempt {
        Ok(message) => {
            let saved = known(st, &before.code)?;
            place_page(st, s, &saved, Some(&message), None, None).into_response()
        }
        Err(e) => (
            e.status(),
            place_page(st, s, before, None, Some(&e.message()), typed),
        )
            .into_response(),
    })
}

/// Retire a place or put it back in use (`active` = 0 or 1).
pub async fn set_active(
    State(st): State<UiState>,
    Path(code): Path<String>,
    AdminForm(s, f): AdminForm,
) -> Result<Response, UiError> {
    let current = known(&st, &code)?;
    let attempt = async {
        let active = f.choice("active", "状态", |v| match v {
            "1" => Some(true),
            "0" => Some(false),
            _ => None,
        })?;
        let place = Place {
            active,
            ..current.clone()
        };
        st.app.save_place(&s.actor, place).await?;
        Ok::<_, UiError>(if active {
            format!("地名 {} {} 已恢复在用", current.code, current.name)
        } else {
            format!("地名 {} {} 已停用", current.code, current.name)
        })
    }
    .await;
    after_place_change(&st, &s, &current, attempt, None)
}

/// Delete a place nothing names: back to the gazetteer; refused on the place's page.
pub async fn delete_place(
    State(st): State<UiState>,
    Path(code): Path<String>,
    AdminForm(s, _f): AdminForm,
) -> Result<Response, UiError> {
    let current = known(&st, &code)?;
    Ok(match st.app.delete_place(&s.actor, &current.code).await {
        Ok(p) => {
            let message = format!("已删除地名 {} {}", p.code, p.name);
            places_page(&st, &s, &PlacesQuery::default(), Some(&message), None).into_response()
        }
        Err(e) => {
            let e = UiError::from(e);
            (
                e.status(),
                place_page(&st, &s, &current, None, Some(&e.message()), None),
            )
                .into_response()
        }
    })
}

#[derive(Deserialize)]
pub struct ExportQuery {
    #[serde(default)]
    format: String,
}

pub async fn export(
    State(st): State<UiState>,
    Admin(_s): Admin,
    Query(q): Query<ExportQuery>,
) -> Result<Response, UiError> {
    let format = spreadsheet::export_format(&q.format)?;
    let bytes = st.app.export_places(format)?;
    Ok(spreadsheet::download(format, "places", bytes))
}

/// A spreadsheet of places: all saved, or none and every problem listed.
pub async fn import(
    State(st): State<UiState>,
    s: Session,
    m: Multipart,
) -> Result<Response, UiError> {
    let admin = |s: &Session| Ok(require_admin(&s.actor)?);
    let (name, format, bytes) = spreadsheet::uploaded(&s, m, admin).await?;
    match (st.app)
        .import_places(
            &s.actor,
            format,
            &bytes,
            hotline_service::table::Source::Upload,
        )
        .await?
    {
        PlaceImport::Imported {
            added,
            changed,
            unchanged,
        } => {
            let message =
                format!("「{name}」已导入:新增 {added} 个,修改 {changed} 个,未变 {unchanged} 个");
            let page = places_page(&st, &s, &PlacesQuery::default(), Some(&message), None);
            Ok(page.into_response())
        }
        PlaceImport::Rejected { problems } => {
            let body = html! {
                (spreadsheet::problems(&name, &problems))
                p { a href="/admin/places" { "返回地名库" } }
            };
            let page = admin_page(&s, "导入未完成", None, None, body);
            Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
        }
    }
}
