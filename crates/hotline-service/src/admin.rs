//! Admin resources: units, users, categories, the responsibility list, the calendar and the
//! policy (deadline tiers and clocks). Only admins change them; everyone signed in may read them.
use hotline_domain::calendar::YearSchedule;
use hotline_domain::caller::is_area_code;
use hotline_domain::category::{Category, ResponsibilityRule};
use hotline_domain::org::{Actor, NewUnit, Role, Unit, UnitId};
use hotline_domain::policy::Policy;
use hotline_domain::text::{one_line, says_something};

use crate::{App, ServiceError, ServiceResult};

/// The check every admin use case starts with.
pub fn require_admin(actor: &Actor) -> ServiceResult<()> {
    if actor.has(Role::Admin) {
        Ok(())
    } else {
        Err(ServiceError::Forbidden(
            "需要系统管理员角色 / admin role required".into(),
        ))
    }
}

/// A duplicate unit code said as a conflict.
fn code_taken(e: hotline_store::StoreError, code: &str) -> ServiceError {
    match e {
        hotline_store::StoreError::Duplicate(_) => {
            ServiceError::Conflict(format!("单位编码 {code} 已存在 / unit code {code} exists"))
        }
        other => other.into(),
    }
}

impl App {
    /// The checks a unit's content must pass, new or changed: a code and a name, a parent in
    /// use, and an area of places the gazetteer knows.
    fn check_unit(
        &self,
        code: &str,
        name: &str,
        parent: Option<UnitId>,
        area: &[String],
    ) -> ServiceResult<()> {
        if !says_something(code) || !says_something(name) {
            return Err(ServiceError::invalid(
                "code",
                "单位编码和名称不能为空,且应含文字或数字 / a unit needs a code and a name that contain a letter or digit",
            ));
        }
        if code.chars().count() > 32 || name.chars().count() > 100 {
            return Err(ServiceError::invalid(
                "name",
                "单位编码最多 32 字、名称最多 100 字 / code or name too long",
            ));
        }
        let r = self.reference();
        if let Some(p) = parent {
            r.active_unit(p, "parent")?;
        }
        for code in area {
            if !r.places.contains_key(code) {
                return Err(crate::location::unknown_place(&r, "area", code, None));
            }
        }
        Ok(())
    }

    pub async fn add_unit(&self, actor: &Actor, mut unit: NewUnit) -> ServiceResult<Unit> {
        require_admin(actor)?;
        (unit.code, unit.name) = (one_line(&unit.code), one_line(&unit.name));
        self.check_unit(&unit.code, &unit.name, unit.parent, &unit.area)?;
        let code = unit.code.clone();
        let u = self
            .store
            .insert_unit(unit)
            .await
            .map_err(|e| code_taken(e, &code))?;
        self.reload().await?;
        Ok(u)
    }

    pub async fn update_unit(&self, actor: &Actor, mut unit: Unit) -> ServiceResult<Unit> {
        require_admin(actor)?;
        (unit.code, unit.name) = (one_line(&unit.code), one_line(&unit.name));
        let r = self.reference();
        let Some(before) = r.units.get(&unit.id) else {
            return Err(ServiceError::NotFound("unit"));
        };
        // A parent taken out of use may stay the parent of what was already below it.
        let new_parent = unit.parent.filter(|p| before.parent != Some(*p));
        self.check_unit(&unit.code, &unit.name, new_parent, &unit.area)?;
        if let Some(p) = unit.parent {
            if r.is_ancestor(unit.id, p) {
                return Err(ServiceError::invalid(
                    "parent",
                    "上级单位不能是自身或其下级 / would make a cycle",
                ));
            }
        }
        self.store
            .update_unit(&unit)
            .await
            .map_err(|e| code_taken(e, &unit.code))?;
        self.reload().await?;
        Ok(unit)
    }

    pub fn unit(&self, id: UnitId) -> ServiceResult<Unit> {
        self.reference()
            .units
            .get(&id)
            .cloned()
            .ok_or(ServiceError::NotFound("unit"))
    }

    pub async fn upsert_categories(&self, actor: &Actor, cats: Vec<Category>) -> ServiceResult<()> {
        require_admin(actor)?;
        let r = self.reference();
        let cats: Vec<Category> = (cats.into_iter())
            .map(|c| Category {
                name: one_line(&c.name),
                ..c
            })
            .collect();
        for c in &cats {
            if !says_something(&c.name) || c.name.chars().count() > MAX_CATEGORY_NAME_CHARS {
                return Err(ServiceError::invalid(
                    "name",
                    format!(
                        "分类 {} 需要名称:含文字或数字,至多 {MAX_CATEGORY_NAME_CHARS} 字 / a category needs a name with a letter or digit, of at most {MAX_CATEGORY_NAME_CHARS} characters",
                        hotline_domain::text::clipped(&c.code, 12)
                    ),
                ));
            }
            if c.code.is_empty()
                || c.code.len() % 2 != 0
                || !c.code.chars().all(|ch| ch.is_ascii_digit())
                || c.code.len() > hotline_domain::category::LEAF_CODE_DIGITS
            {
                return Err(ServiceError::invalid(
                    "code",
                    format!("分类编码 {} 应为 2/4/6 位数字", c.code),
                ));
            }
            let parent = (c.code.len() > 2).then(|| c.code[..c.code.len() - 2].to_string());
            if let Some(p) = &parent {
                if !r.categories.contains_key(p) && !cats.iter().any(|x| &x.code == p) {
                    return Err(ServiceError::invalid(
                        "parent",
                        format!("上级分类 {p} 不存在"),
                    ));
                }
            }
        }
        let cats: Vec<Category> = cats
            .into_iter()
            .map(|c| Category {
                parent: (c.code.len() > 2).then(|| c.code[..c.code.len() - 2].to_string()),
                level: (c.code.len() / 2) as u8,
                ..c
            })
            .collect();
        // The tiers as stored, not this server's copy, and saved only if the policy is still
        // the one checked: a tier another server removes meanwhile is not given to a category
        // (`change_policy`'s save checks the stored categories the same way).
        for _ in 0..SETTINGS_ATTEMPTS {
            let seen = self.store.policy().await?;
            let policy = seen.clone().unwrap_or_default();
            if let Some(c) = cats.iter().find(|c| policy.tier(&c.tier).is_none()) {
                return Err(ServiceError::invalid(
                    "tier",
                    format!("未知的时限等级 {}", c.tier),
                ));
            }
            if self.store.upsert_categories(&cats, seen.as_ref()).await? {
                return self.reload().await;
            }
        }
        Err(settings_busy())
    }

    /// Save a new version of the responsibility list. With `seen` (the version the person
    /// edited), only over that version: a change saved meanwhile, here or on another server,
    /// refuses it (409) rather than being lost.
    pub async fn save_responsibility(
        &self,
        actor: &Actor,
        rules: Vec<ResponsibilityRule>,
        seen: Option<i64>,
    ) -> ServiceResult<i64> {
        require_admin(actor)?;
        let r = self.reference();
        for rule in &rules {
            if !r.categories.contains_key(&rule.category) {
                return Err(ServiceError::invalid(
                    "category",
                    format!("未知分类 {}", rule.category),
                ));
            }
            if let Some(p) = &rule.place {
                if !r.places.contains_key(p) {
                    return Err(ServiceError::invalid("place", format!("未知地点 {p}")));
                }
            }
            if rule.units.is_empty() {
                return Err(ServiceError::invalid("units", "每条职责至少一个单位"));
            }
            for u in &rule.units {
                r.active_unit(*u, "units")?;
            }
        }
        let saved = (self.store)
            .save_responsibility(&rules, self.now(), seen)
            .await?;
        let Some(v) = saved else {
            self.reload().await?;
            let latest = self.reference().responsibility.version;
            return Err(ServiceError::Conflict(format!(
                "职责清单已更新为第 {latest} 版(您改的是第 {} 版):请在新版本上再改 / the list \
                 changed meanwhile (now version {latest})",
                seen.unwrap_or_default()
            )));
        };
        self.reload().await?;
        Ok(v)
    }

    /// Every account (admins only).
    pub async fn users(&self, actor: &Actor) -> ServiceResult<Vec<hotline_domain::org::User>> {
        require_admin(actor)?;
        Ok(self.store.users().await?)
    }

    /// Load (or reload) one year's holidays and make-up working days. The deadlines of running
    /// clocks are projected on it (`reproject_deadlines`); returns how many tickets' moved.
    pub async fn load_calendar_year(
        &self,
        actor: &Actor,
        schedule: YearSchedule,
    ) -> ServiceResult<u64> {
        require_admin(actor)?;
        (schedule.validate_new()).map_err(|e| ServiceError::invalid("calendar", e.both()))?;
        // Checked against the years stored now, not this server's copy, and saved only if they
        // are still those: a year another server or a command saved meanwhile would otherwise
        // clash only after this one is saved, and then be left out of force.
        for _ in 0..SETTINGS_ATTEMPTS {
            let stored = self.store.calendar_years().await?;
            // The year replaces its stored self; a stored year already out of force (a clash
            // saved before these checks, shown on the calendar page) stays out rather than
            // blocking every load, the corrected one included.
            let mut probe = hotline_domain::calendar::WorkCalendar::china();
            probe.load_years((stored.iter()).filter(|y| y.year != schedule.year).cloned());
            (probe.load_year(schedule.clone()))
                .map_err(|e| ServiceError::invalid("calendar", e.both()))?;
            if self.store.save_calendar_year(&schedule, &stored).await? {
                self.reload().await?;
                return Ok(self.reproject_deadlines(actor).await);
            }
        }
        Err(settings_busy())
    }

    /// Change the policy (admins only): `change` is given the stored one, read afresh, so a
    /// change of one field keeps what another server or person saved since this server last
    /// loaded it; what it returns is checked (`Policy::problems` of the fields it changed, the
    /// area code, the tiers categories use) and saved if the stored policy is still the one
    /// read. If another writer saved meanwhile, the change is made again on theirs.
    pub async fn change_policy<E: From<ServiceError>>(
        &self,
        actor: &Actor,
        mut change: impl FnMut(Policy) -> Result<Policy, E>,
    ) -> Result<(), E> {
        require_admin(actor)?;
        for _ in 0..SETTINGS_ATTEMPTS {
            let seen = self.store.policy().await.map_err(ServiceError::from)?;
            let changed = change(seen.clone().unwrap_or_default())?;
            let policy = self.checked_policy(changed, &seen).await?;
            let saved = self.store.save_policy(&policy, seen.as_ref()).await;
            if saved.map_err(ServiceError::from)? {
                self.reload().await?;
                // Other working hours move the deadlines of running clocks.
                if seen.unwrap_or_default().working_hours != policy.working_hours {
                    self.reproject_deadlines(actor).await;
                }
                return Ok(());
            }
        }
        Err(settings_busy().into())
    }

    /// A changed policy as it is saved (the area code on one line), or why not.
    async fn checked_policy(
        &self,
        mut policy: Policy,
        seen: &Option<Policy>,
    ) -> ServiceResult<Policy> {
        let before = serde_json::to_value(seen.clone().unwrap_or_default()).unwrap_or_default();
        policy.area_code = one_line(&policy.area_code);
        // A new tier's code, and a new or changed name, are one line and as the rules ask
        // (`DeadlineTier::code_problem`, `name_problem`); a tier stored before the rules keeps
        // its code and name, is not rewritten, and may still change its length.
        let stored = seen.clone().unwrap_or_default().tiers;
        for t in (policy.tiers.iter_mut()).filter(|t| !stored.contains(t)) {
            if !stored.iter().any(|s| s.code == t.code) {
                t.code = one_line(&t.code);
            }
            let before = stored.iter().find(|s| s.code == t.code);
            if before.is_some_and(|s| s.name_zh == t.name_zh) {
                continue;
            }
            t.name_zh = one_line(&t.name_zh);
            let problem = before.map_or_else(|| t.code_problem(), |_| None);
            if let Some(problem) = problem.or_else(|| t.name_problem()) {
                return Err(ServiceError::invalid("tiers", problem));
            }
        }
        if !policy.area_code.is_empty() && !is_area_code(&policy.area_code) {
            return Err(ServiceError::invalid(
                "area_code",
                format!(
                    "「{}」不是长途区号:应为 0 开头的 3 位(010、020–029)或 4 位数字(如 0633),不带 +86 / not a mainland area code",
                    policy.area_code.chars().take(20).collect::<String>()
                ),
            ));
        }
        // Only what the change touches: a value stored before it was checked is not this
        // change's fault, and refusing every change for it would leave the forms, which show
        // some fields read-only, no way to save anything.
        let after = serde_json::to_value(&policy).unwrap_or_default();
        let touched = |field: &str| before.get(field) != after.get(field);
        if let Some((field, message)) = (policy.problems().into_iter()).find(|(f, _)| touched(f)) {
            let message = format!("{message} / out of the allowed range or incomplete");
            return Err(ServiceError::invalid(field, message));
        }
        // The categories as stored, not this server's copy: one another server just gave a
        // tier keeps it.
        for c in self.store.categories().await? {
            if !policy.tiers.iter().any(|t| t.code == c.tier) {
                return Err(ServiceError::invalid(
                    "tiers",
                    format!(
                        "分类 {} 使用的时限等级 {} 不能删除 / category {} uses tier {}",
                        c.code, c.tier, c.code, c.tier
                    ),
                ));
            }
        }
        Ok(policy)
    }
}

/// How many times a settings change reads, checks and tries to save before giving up: each
/// failed try means another writer saved in the moment between, so more than a few only under
/// a flood of changes.
pub(crate) const SETTINGS_ATTEMPTS: usize = 8;

/// Longest name of a category.
const MAX_CATEGORY_NAME_CHARS: usize = 50;

fn settings_busy() -> ServiceError {
    ServiceError::Conflict(
        "设置正被他处连续修改,未能保存,请稍后重试 / the settings kept changing under this save; try again"
            .into(),
    )
}
