//! The organisation on SQLite: the gazetteer (places) and the units, as statements over one
//! connection, and what a ticket write keeps of them (its places, its units' links); `Store`
//! in `mod.rs` runs them on the writer thread or a reader.
use rusqlite::{params, Connection, OptionalExtension};

use hotline_domain::org::{NewUnit, Place, PlaceKind, Unit, UnitId};
use hotline_domain::ticket::Ticket;

use crate::filter::sql;
use crate::{from_json, to_json, unit_from_row, PlaceDeletion, StoreError, StoreResult};

/// Add places or change them, by code, all or none.
pub(super) fn insert_places(conn: &mut Connection, places: &[Place]) -> StoreResult<()> {
    let tx = conn.savepoint()?;
    {
        let mut stmt = tx.prepare_cached(sql::UPSERT_PLACE)?;
        for p in places {
            let aliases = to_json(&p.aliases)?;
            let active = p.active as i64;
            let kind = p.kind.as_str();
            stmt.execute(params![p.code, p.name, kind, p.parent, aliases, active])?;
        }
    }
    tx.commit()?;
    Ok(())
}

pub(super) fn places(c: &Connection) -> StoreResult<Vec<Place>> {
    let mut stmt = c.prepare_cached(sql::PLACES)?;
    let rows = stmt.query_map([], |r| {
        let kind: String = r.get(2)?;
        let aliases: String = r.get(4)?;
        let place = Place {
            code: r.get(0)?,
            name: r.get(1)?,
            kind: PlaceKind::parse(&kind).unwrap_or(PlaceKind::Community),
            parent: r.get(3)?,
            aliases: Vec::new(),
            active: r.get::<_, i64>(5)? != 0,
        };
        Ok((place, aliases))
    })?;
    rows.map(|row| {
        let (mut place, aliases) = row?;
        place.aliases = from_json(&aliases)?;
        Ok(place)
    })
    .collect()
}

/// Delete a place no ticket names, checked in the delete statement itself.
pub(super) fn delete_place(conn: &mut Connection, code: &str) -> StoreResult<PlaceDeletion> {
    if conn.execute(sql::DELETE_UNUSED_PLACE, params![code])? > 0 {
        return Ok(PlaceDeletion::Deleted);
    }
    let named: i64 = conn.query_row(sql::TICKETS_AT_PLACE, params![code], |r| r.get(0))?;
    Ok(if named > 0 {
        PlaceDeletion::NamedByTickets(named as u64)
    } else {
        PlaceDeletion::Missing
    })
}

pub(super) fn insert_unit(c: &mut Connection, unit: NewUnit) -> StoreResult<Unit> {
    let id = c.prepare_cached(sql::INSERT_UNIT)?.query_row(
        params![
            unit.code,
            unit.name,
            unit.level.as_str(),
            unit.parent.map(|p| p.0),
            to_json(&unit.area)?
        ],
        |r| r.get(0),
    )?;
    Ok(Unit {
        id: UnitId(id),
        code: unit.code,
        name: unit.name,
        level: unit.level,
        parent: unit.parent,
        area: unit.area,
        active: true,
    })
}

pub(super) fn update_unit(c: &mut Connection, unit: &Unit) -> StoreResult<()> {
    let n = c.execute(
        sql::UPDATE_UNIT,
        params![
            unit.id.0,
            unit.code,
            unit.name,
            unit.level.as_str(),
            unit.parent.map(|p| p.0),
            to_json(&unit.area)?,
            unit.active as i64
        ],
    )?;
    if n == 0 {
        Err(StoreError::NotFound("unit"))
    } else {
        Ok(())
    }
}

type UnitRow = (i64, String, String, String, Option<i64>, String, i64);

fn row_unit(r: &rusqlite::Row) -> rusqlite::Result<UnitRow> {
    Ok((
        r.get(0)?,
        r.get(1)?,
        r.get(2)?,
        r.get(3)?,
        r.get(4)?,
        r.get(5)?,
        r.get(6)?,
    ))
}

pub(super) fn units(c: &Connection) -> StoreResult<Vec<Unit>> {
    let mut stmt = c.prepare_cached(sql::UNITS)?;
    let rows = stmt.query_map([], row_unit)?;
    let mut out = Vec::new();
    for r in rows {
        let (id, code, name, level, parent, area, active) = r?;
        out.push(unit_from_row(
            id, code, name, &level, parent, &area, active,
        )?);
    }
    Ok(out)
}

/// `check_places`: every place the ticket names is still in the gazetteer. The check runs in
/// the writer's transaction, so no deletion lands between it and the write.
pub(super) fn check_places(tx: &Connection, t: &Ticket) -> StoreResult<()> {
    for code in crate::place_codes(t) {
        let found = (tx.prepare_cached(sql::PLACE_EXISTS)?)
            .query_row(params![code], |_| Ok(()))
            .optional()?;
        if found.is_none() {
            return Err(StoreError::PlaceGone(code));
        }
    }
    Ok(())
}

/// Drop the links of units the ticket no longer involves (a merge undone after the master's
/// answer takes the answering unit's part away): they would keep finding it.
pub(super) fn unlink_others(tx: &Connection, t: &Ticket) -> StoreResult<()> {
    let units: Vec<i64> = t.involved_units().iter().map(|u| u.0).collect();
    tx.prepare_cached(
        "DELETE FROM ticket_units WHERE ticket_id = ?1 AND unit_id NOT IN (SELECT value FROM json_each(?2))",
    )?
    .execute(params![t.id.0, to_json(&units)?])?;
    Ok(())
}
