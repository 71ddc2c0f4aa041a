//! Building the demo city into a store: places, units, the responsibility list, one account per
//! role, then months of history (see `history`). Only on an empty database.
use std::collections::HashMap;

use hotline_domain::category::ResponsibilityRule;
use hotline_domain::org::{Actor, NewUnit, Place, PlaceKind, Role, UnitId, UnitLevel};

use crate::auth::UserRequest;
use crate::{App, ServiceResult};

use super::city::{demo_city_from_seed, DemoCity, ZONE_DISTRICT};

/// The password every demo account has. Demo accounts only work while the server is bound to
/// loopback (`serve` disables them otherwise).
pub const DEMO_PASSWORD: &str = "demo12345";
/// Demo usernames start with this.
pub const DEMO_PREFIX: &str = "demo-";

/// A demo account to print at start-up.
#[derive(Debug, Clone)]
pub struct DemoAccount {
    pub username: String,
    pub password: &'static str,
    pub role_label: &'static str,
    pub unit_name: Option<String>,
}

/// The setting marking a demo build begun (`started <time>`) and ended (`done`).
const BUILD_MARK: &str = "demo_build";

/// When a demo build began that never ended (interrupted, or failed on the way): the database
/// holds part of a city, which a new build would not complete.
pub async fn unfinished(app: &App) -> ServiceResult<Option<String>> {
    let mark = app.store.setting(BUILD_MARK).await?;
    Ok(mark.and_then(|m| m.strip_prefix("started ").map(str::to_string)))
}

/// True when the database has no tickets and no people yet.
pub async fn is_empty(app: &App) -> ServiceResult<bool> {
    Ok(app.store.ticket_count().await? == 0 && app.store.users().await?.is_empty())
}

/// The demo accounts present in the database.
pub async fn accounts(app: &App) -> ServiceResult<Vec<DemoAccount>> {
    let r = app.reference();
    Ok(app
        .store
        .users()
        .await?
        .into_iter()
        .filter(|u| u.active && u.username.starts_with(DEMO_PREFIX))
        .map(|u| DemoAccount {
            username: u.username,
            password: DEMO_PASSWORD,
            role_label: u.roles.first().map(|r| r.label_zh()).unwrap_or(""),
            unit_name: u.unit.map(|id| r.unit_name(id)),
        })
        .collect())
}

/// Switch off every demo account (their passwords are public).
pub async fn disable_demo_accounts(app: &App) -> ServiceResult<usize> {
    let mut n = 0;
    for mut u in app.store.users().await? {
        if u.active && u.username.starts_with(DEMO_PREFIX) {
            u.active = false;
            app.store.update_user(&u, None).await?;
            n += 1;
        }
    }
    Ok(n)
}

/// The units the demo's people work in, by what they do.
pub(crate) struct DemoUnits {
    pub zone_admin: UnitId,
    pub zone_bureau: UnitId,
    pub district_bureau: UnitId,
}

async fn insert_city(app: &App, city: &DemoCity) -> ServiceResult<HashMap<String, UnitId>> {
    let mut places: Vec<Place> = city
        .places
        .iter()
        .map(|p| Place {
            code: p.code.clone(),
            name: p.name.clone(),
            kind: p.kind,
            parent: p.parent.clone(),
            aliases: p.aliases.clone(),
            active: true,
        })
        .collect();
    // Roads and landmarks go into the gazetteer under their street, numbered per street.
    for (list, kind, letter) in [
        (&city.roads, PlaceKind::Road, 'R'),
        (&city.landmarks, PlaceKind::Landmark, 'L'),
    ] {
        let mut per_street: HashMap<&str, usize> = HashMap::new();
        for (street, name) in list.iter() {
            let n = per_street.entry(street.as_str()).or_default();
            *n += 1;
            places.push(Place {
                code: format!("{street}{letter}{n:02}"),
                name: name.clone(),
                kind,
                parent: Some(street.clone()),
                aliases: super::city::landmark_aliases(name),
                active: true,
            });
        }
    }
    app.store.insert_places(&places).await?;
    let mut ids: HashMap<String, UnitId> = app
        .store
        .units()
        .await?
        .into_iter()
        .map(|u| (u.code, u.id))
        .collect();
    for u in &city.units {
        if ids.contains_key(&u.code) {
            continue;
        }
        let parent = u.parent.as_ref().and_then(|p| ids.get(p).copied());
        let unit = app
            .store
            .insert_unit(NewUnit {
                code: u.code.clone(),
                name: u.name.clone(),
                level: u.level,
                parent,
                area: u.area.clone(),
            })
            .await?;
        ids.insert(u.code.clone(), unit.id);
    }
    let rules: Vec<ResponsibilityRule> = city
        .rules
        .iter()
        .filter_map(|r| {
            let units: Option<Vec<UnitId>> = r.units.iter().map(|c| ids.get(c).copied()).collect();
            Some(ResponsibilityRule {
                category: r.category.clone(),
                place: r.place.clone(),
                units: units?,
                note: r.note.clone(),
            })
        })
        .collect();
    app.store
        .save_responsibility(&rules, app.now(), None)
        .await?;
    app.reload().await?;
    Ok(ids)
}

fn demo_units(app: &App, ids: &HashMap<String, UnitId>) -> DemoUnits {
    let r = app.reference();
    let zone_admin = ids.get(ZONE_DISTRICT).copied().unwrap_or(UnitId(1));
    let zone_bureau = r
        .units
        .values()
        .filter(|u| u.parent == Some(zone_admin) && u.level == UnitLevel::DistrictBureau)
        .find(|u| u.name.contains("综合执法") || u.name.contains("城市管理"))
        .or_else(|| {
            r.units
                .values()
                .find(|u| u.parent == Some(zone_admin) && u.level == UnitLevel::DistrictBureau)
        })
        .map(|u| u.id)
        .unwrap_or(zone_admin);
    let district_bureau = r
        .units
        .values()
        .filter(|u| u.level == UnitLevel::DistrictBureau && u.parent != Some(zone_admin))
        .min_by_key(|u| u.code.clone())
        .map(|u| u.id)
        .unwrap_or(zone_bureau);
    DemoUnits {
        zone_admin,
        zone_bureau,
        district_bureau,
    }
}

async fn insert_people(app: &App, units: &DemoUnits) -> ServiceResult<Vec<DemoAccount>> {
    let people: [(&str, &str, Role, Option<UnitId>); 12] = [
        ("operator", "受理员小王", Role::Operator, None),
        ("shiftlead", "班长李娜", Role::ShiftLead, None),
        ("dispatcher", "转办员张敏", Role::Dispatcher, None),
        ("reviewer", "审核员刘洋", Role::Reviewer, None),
        ("visit", "回访员陈静", Role::VisitAgent, None),
        ("supervisor", "督办员赵强", Role::Supervisor, None),
        ("inspector", "质检员孙丽", Role::QualityInspector, None),
        ("leader", "中心主任周涛", Role::Leader, None),
        ("admin", "系统管理员", Role::Admin, None),
        (
            "zone",
            "管委承办人吴刚",
            Role::UnitHandler,
            Some(units.zone_admin),
        ),
        (
            "bureau",
            "执法局承办人郑爽",
            Role::UnitHandler,
            Some(units.zone_bureau),
        ),
        (
            "unitadmin",
            "区局管理员何平",
            Role::UnitAdmin,
            Some(units.district_bureau),
        ),
    ];
    let system = Actor::system();
    for (name, display, role, unit) in people {
        app.add_user(
            &system,
            UserRequest {
                username: format!("{DEMO_PREFIX}{name}"),
                display_name: display.into(),
                password: DEMO_PASSWORD.into(),
                roles: vec![role],
                unit,
            },
        )
        .await?;
    }
    accounts(app).await
}

/// Build the demo city with `tickets` tickets of history. `progress` hears how many are done.
pub async fn build(
    app: &App,
    tickets: usize,
    seed: u64,
    mut progress: impl FnMut(usize),
) -> ServiceResult<Vec<DemoAccount>> {
    // Marked before the first write and cleared after the last: a city half built (Ctrl-C
    // during a long history) is said as such, not taken for a finished one.
    let started = app
        .now()
        .with_timezone(&hotline_domain::calendar::china_offset());
    app.store
        .save_setting(
            BUILD_MARK,
            &format!("started {}", started.format("%Y-%m-%d %H:%M")),
        )
        .await?;
    let city = demo_city_from_seed(seed);
    let ids = insert_city(app, &city).await?;
    let units = demo_units(app, &ids);
    let accounts = insert_people(app, &units).await?;
    super::knowledge::seed(app).await?;
    super::history::generate(app, &city, tickets, seed, &mut progress).await?;
    app.store.save_setting(BUILD_MARK, "done").await?;
    Ok(accounts)
}
