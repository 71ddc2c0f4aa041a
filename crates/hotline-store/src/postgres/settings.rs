//! The centre's settings on PostgreSQL: the policy, the categories (whose tiers are the
//! policy's), the calendar years and the responsibility list, each saved only over what the
//! change read and checked (`Store::save_policy`, `Store::upsert_categories`,
//! `Store::save_calendar_year`, `Store::save_responsibility` with the version edited).
use deadpool_postgres::{GenericClient, Object, Transaction};
use tokio_postgres::IsolationLevel;

use chrono::{DateTime, Utc};
use hotline_domain::calendar::YearSchedule;
use hotline_domain::category::{Category, ResponsibilityRule};
use hotline_domain::policy::Policy;

use super::{exec, query, query_one, query_opt, Param};
use crate::filter::sql;
use crate::{from_json, millis, to_json, StoreResult};

// Checked and saved one writer at a time (hotline's advisory lock namespace 12345, key 1): each
// statement after it in READ COMMITTED sees what the writer before committed.
const SETTINGS_LOCK: &str = "SELECT pg_advisory_xact_lock(12345, 1)";
/// Key 3: saves of the responsibility list built on the version they read.
const RESPONSIBILITY_LOCK: &str = "SELECT pg_advisory_xact_lock(12345, 3)";

/// A transaction holding the settings lock, in READ COMMITTED whatever the database's default.
async fn locked(c: &mut Object) -> StoreResult<Transaction<'_>> {
    let tx = (c.build_transaction())
        .isolation_level(IsolationLevel::ReadCommitted)
        .start()
        .await?;
    exec(&tx, SETTINGS_LOCK, &[]).await?;
    Ok(tx)
}

pub(super) async fn stored_years(c: &impl GenericClient) -> StoreResult<Vec<YearSchedule>> {
    (query(c, sql::CALENDAR_YEARS, &[]).await?)
        .iter()
        .map(|r| from_json(r.try_get(0)?))
        .collect()
}

pub(super) async fn stored_policy(c: &impl GenericClient) -> StoreResult<Option<Policy>> {
    let row = query_opt(c, sql::POLICY, &[]).await?;
    row.map(|r| from_json(r.try_get(0)?)).transpose()
}

/// Save `schedule` if the stored years are still `seen`; a transaction dropped unsaved rolls
/// back and lets the lock go.
pub(super) async fn save_year(
    c: &mut Object,
    schedule: &YearSchedule,
    seen: &[YearSchedule],
) -> StoreResult<bool> {
    let tx = locked(c).await?;
    if stored_years(&tx).await? != seen {
        return Ok(false);
    }
    let params: [Param; 2] = [&i64::from(schedule.year), &to_json(schedule)?];
    exec(&tx, sql::UPSERT_CALENDAR_YEAR, &params).await?;
    tx.commit().await?;
    Ok(true)
}

/// Save `policy` if the stored one is still `seen` and every stored category's tier is one of
/// its tiers (categories are saved under the same lock, `save_categories`).
pub(super) async fn save_policy(
    c: &mut Object,
    policy: &Policy,
    seen: Option<&Policy>,
) -> StoreResult<bool> {
    let tx = locked(c).await?;
    if stored_policy(&tx).await?.as_ref() != seen {
        return Ok(false);
    }
    for row in query(&tx, sql::CATEGORY_TIERS, &[]).await? {
        let tier: String = row.try_get(0)?;
        if !policy.tiers.iter().any(|t| t.code == tier) {
            return Ok(false);
        }
    }
    exec(&tx, sql::UPSERT_POLICY, &[&to_json(policy)?]).await?;
    tx.commit().await?;
    Ok(true)
}

/// Add or change `categories` if the stored policy is still `policy_seen`, whose tiers they were
/// checked against. Under the settings lock, one save at a time; written in code order, a
/// parent before its children.
pub(super) async fn save_categories(
    c: &mut Object,
    categories: &[Category],
    policy_seen: Option<&Policy>,
) -> StoreResult<bool> {
    let tx = locked(c).await?;
    if stored_policy(&tx).await?.as_ref() != policy_seen {
        return Ok(false);
    }
    let mut categories: Vec<&Category> = categories.iter().collect();
    categories.sort_by(|a, b| a.code.cmp(&b.code));
    for cat in categories {
        let (level, active) = (i64::from(cat.level), cat.active as i64);
        let params: [Param; 6] = [
            &cat.code,
            &cat.name,
            &cat.parent,
            &level,
            &cat.tier,
            &active,
        ];
        exec(&tx, sql::UPSERT_CATEGORY, &params).await?;
    }
    tx.commit().await?;
    Ok(true)
}

/// A new version of the responsibility list, under the list's lock; with `after`, only if the
/// latest is still that one (`None` if not).
pub(super) async fn save_responsibility(
    c: &mut Object,
    rules: &[ResponsibilityRule],
    at: DateTime<Utc>,
    after: Option<i64>,
) -> StoreResult<Option<i64>> {
    let params: [Param; 2] = [&millis(at), &to_json(&rules)?];
    let tx = c.transaction().await?;
    // Every save takes the lock, so none lands between another's check and its insert.
    exec(&tx, RESPONSIBILITY_LOCK, &[]).await?;
    if let Some(seen) = after {
        let latest: i64 = query_one(&tx, sql::LATEST_RESPONSIBILITY_VERSION, &[])
            .await?
            .try_get(0)?;
        if latest != seen {
            return Ok(None);
        }
    }
    let version: i64 = query_one(&tx, sql::INSERT_RESPONSIBILITY, &params)
        .await?
        .try_get(0)?;
    tx.commit().await?;
    Ok(Some(version))
}
