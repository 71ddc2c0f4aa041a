//! Admin pages: the unit tree (adding and changing units), the gazetteer (places and their
//! aliases, with a spreadsheet import), users and roles (adding and changing users), categories,
//! the responsibility list (with adding and removing rules, each change a new version), the
//! calendar (load a year), the deadline tiers, clocks and working hours (`clocks.rs`), the scope
//! rules and the colloquial → formal lexicon. Admins only. A refused form shows what was typed.
use axum::extract::{FromRequest, FromRequestParts, Request, State};
use axum::http::request::Parts;
use axum::response::{IntoResponse, Redirect, Response};
use maud::{html, Markup};

use hotline_domain::calendar::YearSchedule;
use hotline_domain::category::{Category, ResponsibilityRule};
use hotline_domain::org::{Unit, UnitId};
use hotline_service::admin::require_admin;
use hotline_service::Reference;

use crate::error::UiError;
use crate::fields::Fields;
use crate::format;
use crate::layout::{self, csrf};
use crate::session::{Posted, Session};
use crate::UiState;

mod clocks;
mod lexicon;
mod org;
mod places;
mod scope;

pub use clocks::{save_clocks, save_tier, tiers};
pub use lexicon::{lexicon, put_entry as put_lexicon_entry, remove_entry as remove_lexicon_entry};
pub use org::{add_unit, add_user, save_unit, save_user, unit, units, user, users};
pub use places::{
    add_place, delete_place, export as export_places, import as import_places, place, places,
    save_area_code, save_place, set_active as set_place_active,
};
pub use scope::{save_scope_rules, scope_rules};

const SECTIONS: [(&str, &str); 10] = [
    ("/admin/units", "单位"),
    ("/admin/places", "地名库"),
    ("/admin/users", "用户与角色"),
    ("/admin/categories", "分类"),
    ("/admin/responsibility", "职责清单"),
    ("/admin/calendar", "工作日历"),
    ("/admin/tiers", "时限等级"),
    ("/admin/scope-rules", "受理范围"),
    ("/admin/lexicon", "口语规范词表"),
    ("/knowledge/manage", "知识库"),
];

/// An admin's request: anyone else is refused before the handler runs.
pub struct Admin(pub Session);

impl FromRequestParts<UiState> for Admin {
    type Rejection = UiError;

    async fn from_request_parts(parts: &mut Parts, state: &UiState) -> Result<Self, UiError> {
        let s = Session::from_request_parts(parts, state).await?;
        require_admin(&s.actor)?;
        Ok(Admin(s))
    }
}

/// A form an admin posted, its CSRF token checked first (see `Posted`).
pub struct AdminForm(pub Session, pub Fields);

impl FromRequest<UiState> for AdminForm {
    type Rejection = UiError;

    async fn from_request(req: Request, state: &UiState) -> Result<Self, UiError> {
        let Posted(session, fields) = Posted::from_request(req, state).await?;
        require_admin(&session.actor)?;
        Ok(AdminForm(session, fields))
    }
}

/// The same page after a change: with `done` as its confirmation when the change worked,
/// with the refusal's message (and its status) when not. `page` takes (flash, error).
pub(super) fn after_change<T>(
    result: Result<T, UiError>,
    done: impl FnOnce(T) -> String,
    page: impl FnOnce(Option<&str>, Option<&str>) -> Markup,
) -> Response {
    match result {
        Ok(v) => page(Some(&done(v)), None).into_response(),
        Err(e) => (e.status(), page(None, Some(&e.message()))).into_response(),
    }
}

pub(super) fn admin_page(
    s: &Session,
    title: &str,
    flash: Option<&str>,
    error: Option<&str>,
    body: Markup,
) -> Markup {
    let body = html! {
        nav.row aria-label="管理" {
            @for (path, label) in SECTIONS { a href=(path) { (label) } }
        }
        h1 { (title) }
        (body)
        // A page saying a save went through: the drafts that were sent are done with.
        @if flash.is_some() { span hidden data-draft-answered {} }
    };
    layout::page(title, s, "/admin", flash, error, body)
}

pub async fn admin_home(Admin(s): Admin) -> Result<Markup, UiError> {
    Ok(admin_page(
        &s,
        "系统管理",
        None,
        None,
        html! { p.muted { "请选择要管理的内容。" } },
    ))
}

/// The category form's values: (code, name, tier, active).
type CategoryValues = (String, String, String, bool);

fn categories_page(
    st: &UiState,
    s: &Session,
    flash: Option<&str>,
    error: Option<&str>,
    values: Option<CategoryValues>,
) -> Markup {
    let r = st.app.reference();
    let open = values.is_some();
    let (code, name, tier, active) =
        values.unwrap_or_else(|| (String::new(), String::new(), "D5".into(), true));
    let mut cats: Vec<_> = r.categories.values().collect();
    cats.sort_by(|a, b| a.code.cmp(&b.code));
    let mut tiers: Vec<_> = r.policy.tiers.iter().collect();
    tiers.sort_by(|a, b| a.code.cmp(&b.code));
    let tier_options = |selected: &str| {
        html! { @for t in &tiers { option value=(t.code) selected[t.code == selected] { (t.name_zh) } } }
    };
    admin_page(
        s,
        "分类",
        flash,
        error,
        html! {
            details #edit-category open[open] {
                summary { "新增或修改分类" }
                p.muted { "编码为 2/4/6 位数字,下级编码以上级编码开头(如 01 → 0101 → 010101);已有编码即修改。停用的分类不再供受理选择,历史工单不受影响。" }
                form method="post" action="/admin/categories" {
                    (csrf(s))
                    div.row {
                        label { "编码" input #category-code name="code" required inputmode="numeric" maxlength="6" value=(code); }
                        label.grow { "名称" input #category-name name="name" required maxlength="50" value=(name); }
                        label { "默认时限" select #category-tier name="tier" { (tier_options(&tier)) } }
                        label.inline { input #category-active type="checkbox" name="active" value="on" checked[active]; "启用" }
                    }
                    button #save-category type="submit" { "保存" }
                }
            }
            table #categories {
                thead { tr { th { "编码" } th { "分类" } th { "默认时限" } th { "状态" } th {} } }
                tbody { @for c in cats { tr data-category=(c.code) {
                    td { (c.code) } td { (format::category(&r, Some(&c.code))) }
                    td { (r.policy.tier(&c.tier).map(|t| t.name_zh.clone()).unwrap_or_else(|| c.tier.clone())) }
                    td { (if c.active { "启用" } else { "停用" }) }
                    td { a.edit href={"/admin/categories?edit=" (c.code) "#edit-category"} { "修改" } }
                } } }
            }
        },
    )
}

#[derive(serde::Deserialize, Default)]
pub struct CategoryQuery {
    /// A category to change: the form opens with what it has now.
    #[serde(default)]
    edit: Option<String>,
}

pub async fn categories(
    State(st): State<UiState>,
    Admin(s): Admin,
    axum::extract::Query(q): axum::extract::Query<CategoryQuery>,
) -> Result<Markup, UiError> {
    let editing = (q.edit.as_deref())
        .and_then(|code| st.app.reference().categories.get(code.trim()).cloned())
        .map(|c| (c.code, c.name, c.tier, c.active));
    Ok(categories_page(&st, &s, None, None, editing))
}

/// Add a category or change one (name, default tier, in use or not).
pub async fn save_category(
    State(st): State<UiState>,
    AdminForm(s, f): AdminForm,
) -> Result<Response, UiError> {
    let attempt = async {
        let code = f.text("code", "编码")?;
        let name = f.text("name", "名称")?;
        if name.chars().count() > 50 {
            return Err(UiError::Invalid("「名称」最多 50 字".into()));
        }
        let category = Category {
            parent: None,
            level: 0,
            tier: f.text("tier", "默认时限")?,
            active: f.checked("active"),
            code,
            name,
        };
        let code = category.code.clone();
        st.app.upsert_categories(&s.actor, vec![category]).await?;
        Ok::<_, UiError>(code)
    }
    .await;
    Ok(after_change(
        attempt,
        |code| format!("已保存分类 {code}"),
        |flash, error| {
            // A refused form shows what was typed, to correct rather than type again.
            let typed = error.map(|_| {
                let text = |k: &str| f.get(k).trim().to_string();
                (
                    text("code"),
                    text("name"),
                    text("tier"),
                    f.checked("active"),
                )
            });
            categories_page(&st, &s, flash, error, typed)
        },
    ))
}

#[derive(serde::Deserialize, Default)]
pub struct RuleFilter {
    /// A category code prefix, a place code or words of a unit's name.
    #[serde(default)]
    q: String,
    #[serde(default)]
    saved: Option<i64>,
}

/// Whether a rule matches the filter text.
fn rule_matches(r: &Reference, rule: &ResponsibilityRule, q: &str) -> bool {
    let q = q.trim();
    q.is_empty()
        || rule.category.starts_with(q)
        || rule.place.as_deref() == Some(q)
        || format::category(r, Some(&rule.category)).contains(q)
        || rule.units.iter().any(|u| r.unit_name(*u).contains(q))
        || rule.note.contains(q)
}

/// The responsibility list; the new-rule form shows `typed` (a refused add's values) when given.
fn responsibility_page(
    st: &UiState,
    s: &Session,
    q: &str,
    flash: Option<&str>,
    error: Option<&str>,
    typed: Option<&Fields>,
) -> Markup {
    let r = st.app.reference();
    let chosen = |name: &str, value: &str| typed.is_some_and(|f| f.all(name).contains(&value));
    let list = &r.responsibility;
    let mut units: Vec<&Unit> = r.units.values().filter(|u| u.active).collect();
    units.sort_by(|a, b| a.code.cmp(&b.code));
    let mut cats: Vec<_> = r.categories.values().filter(|c| c.active).collect();
    cats.sort_by(|a, b| a.code.cmp(&b.code));
    let mut places: Vec<_> = r
        .places
        .values()
        .filter(|p| p.kind.is_area() && p.active)
        .collect();
    places.sort_by(|a, b| a.code.cmp(&b.code));
    let shown: Vec<(usize, &ResponsibilityRule)> = list
        .rules
        .iter()
        .enumerate()
        .filter(|(_, rule)| rule_matches(&r, rule, q))
        .collect();
    admin_page(
        s,
        "职责清单",
        flash,
        error,
        html! {
            p.muted { "第 " (list.version) " 版,共 " (list.rules.len()) " 条。每次修改生成新版本,退单争议按派单时的版本核对。" }
            form.row method="get" action="/admin/responsibility" {
                label.grow { "筛选(分类编码、地点编码、单位或分类名称)" input #rule-filter name="q" value=(q); }
                button type="submit" { "筛选" }
            }
            details #add-rule open[typed.is_some()] {
                summary { "新增职责" }
                form method="post" action="/admin/responsibility" {
                    (csrf(s))
                    input type="hidden" name="version" value=(list.version);
                    div.row {
                        label.grow { "分类" select #rule-category name="category" required {
                            option value="" { "—" }
                            @for c in &cats { option value=(c.code) selected[chosen("category", &c.code)] { (c.code) " " (format::category(&r, Some(&c.code))) } }
                        } }
                        label { "地域" select #rule-place name="place" {
                            option value="" { "全市" }
                            @for p in &places { option value=(p.code) selected[chosen("place", &p.code)] { (p.code) " " (p.name) } }
                        } }
                    }
                    div.row {
                        label.grow { "主办单位" select #rule-main name="main" required {
                            option value="" { "—" }
                            @for u in &units { option value=(u.id.0) selected[chosen("main", &u.id.0.to_string())] { (u.name) } }
                        } }
                        label.grow { "协办单位(可多选)" select #rule-assisting name="assisting" multiple size="3" {
                            @for u in &units { option value=(u.id.0) selected[chosen("assisting", &u.id.0.to_string())] { (u.name) } }
                        } }
                    }
                    label { "说明" input #rule-note name="note" value=(typed.map_or("", |f| f.get("note"))); }
                    button #add-rule-submit type="submit" { "保存为新版本" }
                }
            }
            table #rules {
                thead { tr { th { "分类" } th { "地域" } th { "承办单位" } th { "说明" } th { "" } } }
                tbody { @for (i, rule) in shown.iter().take(500) { tr data-rule=(i) {
                    td { (format::category(&r, Some(&rule.category))) }
                    td { @match &rule.place { Some(p) => (r.places.get(p).map(|x| x.name.clone()).unwrap_or_else(|| p.clone())), None => "全市" } }
                    td { (rule.units.iter().map(|u| r.unit_name(*u)).collect::<Vec<_>>().join("、")) }
                    td { (rule.note) }
                    td { form method="post" action="/admin/responsibility/remove" {
                        (csrf(s))
                        input type="hidden" name="version" value=(list.version);
                        input type="hidden" name="index" value=(i);
                        button.link type="submit" { "删除" }
                    } }
                } } }
            }
            @if shown.len() > 500 { p.muted { "仅显示前 500 条,请用筛选缩小范围。" } }
        },
    )
}

pub async fn responsibility(
    State(st): State<UiState>,
    Admin(s): Admin,
    axum::extract::Query(f): axum::extract::Query<RuleFilter>,
) -> Result<Markup, UiError> {
    let flash = f.saved.map(|v| format!("已保存为第 {v} 版"));
    Ok(responsibility_page(
        &st,
        &s,
        &f.q,
        flash.as_deref(),
        None,
        None,
    ))
}

/// The list as the form saw it, and its version: an edit made on an older version is refused,
/// not merged (here, and by the store when it saves, for a change another server made).
fn current_rules(st: &UiState, f: &Fields) -> Result<(Vec<ResponsibilityRule>, i64), UiError> {
    let r = st.app.reference();
    let seen: i64 = f.int("version", "版本")?;
    if seen != r.responsibility.version {
        return Err(UiError::Invalid(format!(
            "职责清单已更新为第 {} 版(您看到的是第 {seen} 版):下方已是新版本,核对后可再次提交",
            r.responsibility.version
        )));
    }
    Ok((r.responsibility.rules.clone(), seen))
}

/// Save the list `change` makes of the current one; refused, the page again, the new-rule
/// form showing `typed` when given.
async fn save_rules(
    st: &UiState,
    s: &Session,
    f: &Fields,
    typed: Option<&Fields>,
    change: impl FnOnce(&mut Vec<ResponsibilityRule>) -> Result<(), UiError>,
) -> Response {
    let attempt = async {
        let (mut rules, seen) = current_rules(st, f)?;
        change(&mut rules)?;
        Ok::<_, UiError>(
            st.app
                .save_responsibility(&s.actor, rules, Some(seen))
                .await?,
        )
    }
    .await;
    match attempt {
        Ok(v) => Redirect::to(&format!("/admin/responsibility?saved={v}")).into_response(),
        Err(e) => (
            e.status(),
            responsibility_page(st, s, "", None, Some(&e.message()), typed),
        )
            .into_response(),
    }
}

pub async fn add_rule(
    State(st): State<UiState>,
    AdminForm(s, f): AdminForm,
) -> Result<Response, UiError> {
    let rule = (|| {
        let category = f.text("category", "分类")?;
        let main = UnitId(f.int("main", "主办单位")?);
        let mut units = vec![main];
        for a in f.all("assisting") {
            let id = UnitId(a.trim().parse().map_err(|_| {
                UiError::Invalid(format!("「协办单位」应为单位编号,收到的是「{a}」"))
            })?);
            if !units.contains(&id) {
                units.push(id);
            }
        }
        Ok::<_, UiError>(ResponsibilityRule {
            category,
            place: f.opt("place"),
            units,
            note: f.get("note").trim().to_string(),
        })
    })();
    Ok(match rule {
        Ok(rule) => {
            save_rules(&st, &s, &f, Some(&f), |rules| {
                rules.push(rule);
                Ok(())
            })
            .await
        }
        Err(e) => (
            e.status(),
            responsibility_page(&st, &s, "", None, Some(&e.message()), Some(&f)),
        )
            .into_response(),
    })
}

pub async fn remove_rule(
    State(st): State<UiState>,
    AdminForm(s, f): AdminForm,
) -> Result<Response, UiError> {
    let index: usize = f.int("index", "序号")?;
    Ok(save_rules(&st, &s, &f, None, |rules| {
        if index >= rules.len() {
            return Err(UiError::Invalid(format!("没有第 {} 条职责", index + 1)));
        }
        rules.remove(index);
        Ok(())
    })
    .await)
}

fn calendar_page(
    st: &UiState,
    s: &Session,
    flash: Option<&str>,
    error: Option<&str>,
    text: &str,
) -> Markup {
    let r = st.app.reference();
    let years = r.calendar.known_years();
    admin_page(
        s,
        "工作日历",
        flash,
        error,
        html! {
            @for problem in &r.calendar_problems { p.error.calendar-problem { (problem) } }
            p { "已载入官方节假日安排的年份:" (years.iter().map(|y| y.to_string()).collect::<Vec<_>>().join("、")) }
            p.muted { "工作时间:" (clocks::working_hours_zh(r.calendar.working_hours())) " " a href="/admin/tiers#edit-clocks" { "修改" } }
            h2 { "载入一年" }
            // Kept in the browser as it is typed (app.js): a session that ends first loses nothing.
            form method="post" action="/admin/calendar" data-draft=(format!("u{}:calendar", s.user.id.0))
                data-draft-server[error.is_some()] {
                (csrf(s))
                p.warn #calendar-draft-restored data-draft-note hidden {
                    "已恢复上次未载入的内容。" button.link type="button" data-draft-discard { "清空" } }
                label { "节假日安排(每行一条:year 2027 / holiday 春节 2027-02-06..2027-02-12 / workday 春节调休 2027-02-14)"
                    textarea name="schedule" rows="10" { (text) } }
                button type="submit" { "载入" }
            }
        },
    )
}

/// `loaded`: the year a load just put in force (the redirect after it).
#[derive(serde::Deserialize)]
pub struct CalendarQuery {
    loaded: Option<i32>,
    /// How many tickets' deadlines the load moved.
    moved: Option<u64>,
}

pub async fn calendar(
    State(st): State<UiState>,
    Admin(s): Admin,
    axum::extract::Query(q): axum::extract::Query<CalendarQuery>,
) -> Result<Markup, UiError> {
    let flash = q.loaded.map(|y| match q.moved.unwrap_or(0) {
        0 => format!("已载入 {y} 年的节假日安排"),
        n => format!("已载入 {y} 年的节假日安排;{n} 张在办工单的时限已按新日历重新计算"),
    });
    Ok(calendar_page(&st, &s, flash.as_deref(), None, ""))
}

pub async fn load_calendar(
    State(st): State<UiState>,
    AdminForm(s, f): AdminForm,
) -> Result<Response, UiError> {
    let text = f.get("schedule");
    let result = match YearSchedule::parse_text(text) {
        Ok(schedule) => {
            let year = schedule.year;
            st.app
                .load_calendar_year(&s.actor, schedule)
                .await
                .map(|moved| (year, moved))
                .map_err(UiError::from)
        }
        Err(e) => Err(UiError::Invalid(format!("节假日安排格式有误:{}", e.zh()))),
    };
    Ok(match result {
        Ok((year, moved)) => {
            Redirect::to(&format!("/admin/calendar?loaded={year}&moved={moved}")).into_response()
        }
        Err(e) => (
            e.status(),
            calendar_page(&st, &s, None, Some(&e.message()), text),
        )
            .into_response(),
    })
}
