//! Admin pages for the organisation: the unit tree with adding and changing units, users and
//! roles with adding and changing users.
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Response};
use maud::{html, Markup};

use hotline_domain::org::{NewUnit, Role, Unit, UnitId, UnitLevel, User, UserId};
use hotline_service::auth::{UserRequest, UserUpdate};
use hotline_service::Reference;

use crate::error::UiError;
use crate::fields::Fields;
use crate::layout::csrf;
use crate::session::Session;
use crate::UiState;

use super::{admin_page, after_change, Admin, AdminForm};

fn unit_tree(r: &Reference, parent: Option<UnitId>, depth: usize) -> Markup {
    let mut children: Vec<&Unit> = r.units.values().filter(|u| u.parent == parent).collect();
    children.sort_by(|a, b| a.code.cmp(&b.code));
    html! {
        @if !children.is_empty() && depth < 6 {
            ul {
                @for u in children {
                    li data-unit=(u.id.0) {
                        a href={"/admin/units/" (u.id.0)} { (u.name) } " "
                        span.muted { (u.code) " · " (u.level.label_zh()) @if !u.active { " · 已停用" } }
                        (unit_tree(r, Some(u.id), depth + 1))
                    }
                }
            }
        }
    }
}

/// The options of a parent-unit picker: every unit in use but `except` and those below it.
fn parent_options(r: &Reference, except: Option<UnitId>, selected: Option<UnitId>) -> Markup {
    let mut units: Vec<&Unit> = r
        .units
        .values()
        .filter(|u| u.active)
        .filter(|u| except.is_none_or(|e| u.id != e && !r.is_ancestor(e, u.id)))
        .collect();
    units.sort_by(|a, b| a.code.cmp(&b.code));
    html! {
        option value="" { "(无上级)" }
        @for u in units { option value=(u.id.0) selected[Some(u.id) == selected] { (u.code) " " (u.name) } }
    }
}

fn level_options(selected: UnitLevel) -> Markup {
    html! { @for l in UnitLevel::ALL { option value=(format!("{l:?}")) selected[l == selected] { (l.label_zh()) } } }
}

fn parse_level(v: &str) -> Option<UnitLevel> {
    UnitLevel::ALL
        .into_iter()
        .find(|l| format!("{l:?}") == v || l.label_zh() == v)
}

/// Place codes typed one after another (spaces, commas or 、 between them).
fn area_codes(f: &Fields) -> Vec<String> {
    f.get("area")
        .split(|c: char| c == ',' || c == '，' || c == '、' || c.is_whitespace())
        .filter(|c| !c.is_empty())
        .map(str::to_string)
        .collect()
}

/// A unit as a refused form typed it, read leniently, to show again; `base` gives what the
/// form cannot change (the id) and what a typed value that cannot be read falls back to.
fn typed_unit(f: &Fields, base: &Unit) -> Unit {
    Unit {
        id: base.id,
        code: f.get("code").trim().to_string(),
        name: f.get("name").trim().to_string(),
        level: parse_level(f.get("level")).unwrap_or(base.level),
        parent: f.get("parent").trim().parse().ok().map(UnitId),
        area: area_codes(f),
        active: f.checked("active"),
    }
}

/// The new-unit form's starting values.
fn blank_unit() -> Unit {
    Unit {
        id: UnitId(0),
        code: String::new(),
        name: String::new(),
        level: UnitLevel::DistrictBureau,
        parent: None,
        area: vec![],
        active: true,
    }
}

fn units_page(
    st: &UiState,
    s: &Session,
    flash: Option<&str>,
    error: Option<&str>,
    typed: Option<&Unit>,
) -> Markup {
    let r = st.app.reference();
    let blank = blank_unit();
    let v = typed.unwrap_or(&blank);
    admin_page(
        s,
        "单位",
        flash,
        error,
        html! {
            details #add-unit open[typed.is_some()] {
                summary { "新增单位" }
                form method="post" action="/admin/units" {
                    (csrf(s))
                    div.row {
                        label { "编码" input #unit-code name="code" required maxlength="32" value=(v.code); }
                        label.grow { "名称" input #unit-name name="name" required maxlength="100" value=(v.name); }
                        label { "层级" select #unit-level name="level" { (level_options(v.level)) } }
                        label { "上级单位" select #unit-parent name="parent" { (parent_options(&r, None, v.parent)) } }
                    }
                    label { "服务区域(地名编码,以空格或逗号分隔;不填为全市)" input #unit-area name="area" value=(v.area.join(" ")); }
                    button #add-unit-submit type="submit" { "添加" }
                }
            }
            p.muted { "共 " (r.units.len()) " 个单位;点击单位名称修改。" }
            div.tree #unit-tree { (unit_tree(&r, None, 0)) }
        },
    )
}

pub async fn units(State(st): State<UiState>, Admin(s): Admin) -> Result<Markup, UiError> {
    Ok(units_page(&st, &s, None, None, None))
}

pub async fn add_unit(
    State(st): State<UiState>,
    AdminForm(s, f): AdminForm,
) -> Result<Response, UiError> {
    let attempt = async {
        let unit = NewUnit {
            code: f.text("code", "编码")?,
            name: f.text("name", "名称")?,
            level: f.choice("level", "层级", parse_level)?,
            parent: f.opt_int::<i64>("parent", "上级单位")?.map(UnitId),
            area: area_codes(&f),
        };
        Ok::<_, UiError>(st.app.add_unit(&s.actor, unit).await?)
    }
    .await;
    let typed = attempt.is_err().then(|| typed_unit(&f, &blank_unit()));
    Ok(after_change(
        attempt,
        |u| format!("已添加单位 {} {}", u.code, u.name),
        |flash, error| units_page(&st, &s, flash, error, typed.as_ref()),
    ))
}

/// A unit's page; its form shows `typed` (a refused form's values) when given, else `u`.
fn unit_page(
    st: &UiState,
    s: &Session,
    u: &Unit,
    flash: Option<&str>,
    error: Option<&str>,
    typed: Option<&Unit>,
) -> Markup {
    let r = st.app.reference();
    let v = typed.unwrap_or(u);
    admin_page(
        s,
        &format!("单位:{}", u.name),
        flash,
        error,
        html! {
            form #unit-form method="post" action={"/admin/units/" (u.id.0)} {
                (csrf(s))
                div.row {
                    label { "编码" input #unit-code name="code" required maxlength="32" value=(v.code); }
                    label.grow { "名称" input #unit-name name="name" required maxlength="100" value=(v.name); }
                    label { "层级" select #unit-level name="level" { (level_options(v.level)) } }
                    label { "上级单位" select #unit-parent name="parent" { (parent_options(&r, Some(u.id), v.parent)) } }
                }
                label { "服务区域(地名编码,以空格或逗号分隔;不填为全市)" input #unit-area name="area" value=(v.area.join(" ")); }
                label.inline { input #unit-active type="checkbox" name="active" value="on" checked[v.active]; "在用(停用后不再可被转办,已有工单不受影响)" }
                div.row {
                    button #save-unit type="submit" { "保存" }
                    a href="/admin/units" { "返回单位列表" }
                }
            }
            @let children: Vec<&Unit> = r.units.values().filter(|c| c.parent == Some(u.id)).collect();
            @if !children.is_empty() { p.muted { "下级单位 " (children.len()) " 个。" } }
        },
    )
}

fn unit_id(id: &str) -> Result<UnitId, UiError> {
    crate::fields::path_id(id, "单位编号").map(UnitId)
}

pub async fn unit(
    State(st): State<UiState>,
    Admin(s): Admin,
    Path(id): Path<String>,
) -> Result<Markup, UiError> {
    let u = st.app.unit(unit_id(&id)?)?;
    Ok(unit_page(&st, &s, &u, None, None, None))
}

pub async fn save_unit(
    State(st): State<UiState>,
    Path(id): Path<String>,
    AdminForm(s, f): AdminForm,
) -> Result<Response, UiError> {
    let current = st.app.unit(unit_id(&id)?)?;
    let attempt = async {
        let unit = Unit {
            id: current.id,
            code: f.text("code", "编码")?,
            name: f.text("name", "名称")?,
            level: f.choice("level", "层级", parse_level)?,
            parent: f.opt_int::<i64>("parent", "上级单位")?.map(UnitId),
            area: area_codes(&f),
            active: f.checked("active"),
        };
        Ok::<_, UiError>(st.app.update_unit(&s.actor, unit).await?)
    }
    .await;
    Ok(match attempt {
        Ok(u) => unit_page(&st, &s, &u, Some("已保存"), None, None).into_response(),
        Err(e) => (
            e.status(),
            unit_page(
                &st,
                &s,
                &current,
                None,
                Some(&e.message()),
                Some(&typed_unit(&f, &current)),
            ),
        )
            .into_response(),
    })
}

/// The users' page; the new-user form shows `typed` (a refused form's values, the password
/// never) when given.
async fn users_page(
    st: &UiState,
    s: &Session,
    flash: Option<&str>,
    error: Option<&str>,
    typed: Option<&Fields>,
) -> Result<Markup, UiError> {
    let v = |name: &str| typed.map_or("", |f| f.get(name)).to_string();
    let r = st.app.reference();
    let users = st.app.users(&s.actor).await?;
    let mut units: Vec<&Unit> = r.units.values().filter(|u| u.active).collect();
    units.sort_by(|a, b| a.code.cmp(&b.code));
    Ok(admin_page(
        s,
        "用户与角色",
        flash,
        error,
        html! {
            table {
                thead { tr { th { "用户名" } th { "姓名" } th { "角色" } th { "单位" } th { "状态" } } }
                tbody {
                    @for u in &users {
                        tr data-user=(u.username) {
                            td { a href={"/admin/users/" (u.id.0)} { (u.username) } } td { (u.display_name) }
                            td { (u.roles.iter().map(|r| r.label_zh()).collect::<Vec<_>>().join("、")) }
                            td { @if let Some(unit) = u.unit { (r.unit_name(unit)) } }
                            td { (if u.active { "启用" } else { "停用" }) }
                        }
                    }
                }
            }
            h2 { "添加用户" }
            form method="post" action="/admin/users" {
                (csrf(s))
                div.row {
                    label { "用户名" input #new-username name="username" required value=(v("username")); }
                    label { "姓名" input #new-display-name name="display_name" value=(v("display_name")); }
                    label { "初始密码" input #new-password type="password" name="password" required minlength="8"; }
                    label { "角色" select #new-role name="role" {
                        @for role in Role::ALL { option value=(role.as_str()) selected[v("role") == role.as_str()] { (role.label_zh()) } }
                    } }
                    label { "单位(承办单位人员必选)" select #new-unit name="unit" {
                        option value="" { "—" }
                        @for u in &units { option value=(u.id.0) selected[v("unit") == u.id.0.to_string()] { (u.name) } }
                    } }
                    button type="submit" { "添加" }
                }
            }
        },
    ))
}

pub async fn users(State(st): State<UiState>, Admin(s): Admin) -> Result<Markup, UiError> {
    users_page(&st, &s, None, None, None).await
}

pub async fn add_user(
    State(st): State<UiState>,
    AdminForm(s, f): AdminForm,
) -> Result<Response, UiError> {
    let attempt = async {
        let role = f.choice("role", "角色", Role::parse)?;
        let req = UserRequest {
            username: f.get("username").to_string(),
            display_name: f.get("display_name").to_string(),
            password: f.get("password").to_string(),
            roles: vec![role],
            unit: f.opt_int::<i64>("unit", "单位")?.map(UnitId),
        };
        Ok::<_, UiError>(st.app.add_user(&s.actor, req).await?)
    }
    .await;
    match attempt {
        Ok(u) => Ok(users_page(
            &st,
            &s,
            Some(&format!("已添加用户 {}", u.username)),
            None,
            None,
        )
        .await?
        .into_response()),
        // The password typed is not sent back into the page: say it must be typed again.
        Err(e) => Ok((
            e.status(),
            users_page(
                &st,
                &s,
                None,
                Some(&format!("{}(请重新输入初始密码)", e.message())),
                Some(&f),
            )
            .await?,
        )
            .into_response()),
    }
}

fn user_page(
    st: &UiState,
    s: &Session,
    u: &User,
    flash: Option<&str>,
    error: Option<&str>,
) -> Markup {
    let r = st.app.reference();
    let mut units: Vec<&Unit> = r
        .units
        .values()
        .filter(|x| x.active || Some(x.id) == u.unit)
        .collect();
    units.sort_by(|a, b| a.code.cmp(&b.code));
    admin_page(
        s,
        &format!("用户:{}", u.username),
        flash,
        error,
        html! {
            form #user-form method="post" action={"/admin/users/" (u.id.0)} {
                (csrf(s))
                div.row {
                    label { "姓名" input #user-name name="display_name" maxlength="64" value=(u.display_name); }
                    label { "单位(承办单位人员必选)" select #user-unit name="unit" {
                        option value="" { "—" }
                        @for x in &units { option value=(x.id.0) selected[Some(x.id) == u.unit] { (x.name) } }
                    } }
                    label { "新密码(不改则留空)" input #user-password type="password" name="password" minlength="8" autocomplete="new-password"; }
                }
                fieldset #user-roles {
                    legend { "角色" }
                    @for role in Role::ALL {
                        label.inline { input type="checkbox" name="role" value=(role.as_str()) checked[u.roles.contains(&role)]; (role.label_zh()) }
                    }
                }
                label.inline { input #user-active type="checkbox" name="active" value="on" checked[u.active]; "启用(停用后立即无法登录,已登录的会话失效)" }
                div.row {
                    button #save-user type="submit" { "保存" }
                    a href="/admin/users" { "返回用户列表" }
                }
            }
        },
    )
}

fn user_id(id: &str) -> Result<UserId, UiError> {
    crate::fields::path_id(id, "用户编号").map(UserId)
}

async fn load_user(st: &UiState, id: UserId) -> Result<User, UiError> {
    st.app
        .store
        .user(id)
        .await
        .map_err(hotline_service::ServiceError::from)?
        .ok_or(UiError::NotFound)
}

pub async fn user(
    State(st): State<UiState>,
    Admin(s): Admin,
    Path(id): Path<String>,
) -> Result<Markup, UiError> {
    let u = load_user(&st, user_id(&id)?).await?;
    Ok(user_page(&st, &s, &u, None, None))
}

/// Change a user's name, roles, unit, whether they may sign in, and optionally the password.
pub async fn save_user(
    State(st): State<UiState>,
    Path(id): Path<String>,
    AdminForm(s, f): AdminForm,
) -> Result<Response, UiError> {
    let current = load_user(&st, user_id(&id)?).await?;
    let new_password = f.opt("password").is_some();
    let attempt = async {
        let roles = f.choices("role", "角色", Role::parse)?;
        let change = UserUpdate {
            display_name: f.get("display_name").to_string(),
            roles,
            unit: f.opt_int::<i64>("unit", "单位")?.map(UnitId),
            active: f.checked("active"),
            password: f.opt("password"),
        };
        Ok::<_, UiError>(st.app.update_user(&s.actor, current.id, change).await?)
    }
    .await;
    Ok(match attempt {
        Ok(u) => {
            let saved = match (new_password, u.id == s.actor.user) {
                (false, _) => "已保存",
                (true, false) => "已保存。新密码已生效,此用户原有的登录和 API 令牌均已失效",
                (true, true) => {
                    "已保存。新密码已生效,您原有的登录和 API 令牌均已失效,请用新密码重新登录"
                }
            };
            user_page(&st, &s, &u, Some(saved), None).into_response()
        }
        Err(e) => {
            // The form shows what was chosen, so the person corrects it rather than redoes it.
            let shown = User {
                display_name: f.get("display_name").to_string(),
                roles: f.all("role").into_iter().filter_map(Role::parse).collect(),
                unit: f.get("unit").parse().ok().map(UnitId),
                active: f.checked("active"),
                ..current
            };
            (
                e.status(),
                user_page(&st, &s, &shown, None, Some(&e.message())),
            )
                .into_response()
        }
    })
}
