//! The organisation's writes on PostgreSQL that take a transaction of their own: deleting a
//! place (against the ticket writes that keep it) and changing a user (a new password ends the
//! user's sessions).
use deadpool_postgres::Object;

use hotline_domain::org::User;

use super::{exec, query_one, query_opt, Param};
use crate::filter::sql;
use crate::{to_json, PlaceDeletion, StoreError, StoreResult};

/// Locks the place against ticket writes that keep it (`KEEP_PLACES` holds it FOR KEY SHARE
/// until their commit): whichever comes second waits for the first.
const PLACE_FOR_DELETE: &str = "SELECT 1 FROM places WHERE code = $1 FOR UPDATE";

pub(super) async fn delete_place(c: &mut Object, code: &str) -> StoreResult<PlaceDeletion> {
    let code = code.to_string();
    let tx = c.transaction().await?;
    // Locked before the count, which then (a statement of its own, under read committed) sees
    // every ticket whose write held the place and has committed.
    if query_opt(&tx, PLACE_FOR_DELETE, &[&code]).await?.is_none() {
        return Ok(PlaceDeletion::Missing);
    }
    let named: i64 = query_one(&tx, sql::TICKETS_AT_PLACE, &[&code])
        .await?
        .try_get(0)?;
    if named > 0 {
        return Ok(PlaceDeletion::NamedByTickets(named as u64));
    }
    exec(&tx, sql::DELETE_UNUSED_PLACE, &[&code]).await?;
    tx.commit().await?;
    Ok(PlaceDeletion::Deleted)
}

/// The user's row, and with a new password hash, none of the user's sessions and tokens.
pub(super) async fn update_user(
    c: &mut Object,
    user: &User,
    password_hash: Option<&str>,
) -> StoreResult<()> {
    let (roles, unit, active) = (
        to_json(&user.roles)?,
        user.unit.map(|u| u.0),
        user.active as i64,
    );
    let params: [Param; 6] = [
        &user.id.0,
        &user.display_name,
        &roles,
        &unit,
        &active,
        &password_hash,
    ];
    let tx = c.transaction().await?;
    if exec(&tx, sql::UPDATE_USER, &params).await? == 0 {
        return Err(StoreError::NotFound("user"));
    }
    if password_hash.is_some() {
        exec(&tx, sql::DELETE_USER_TOKENS, &[&user.id.0]).await?;
    }
    tx.commit().await?;
    Ok(())
}
