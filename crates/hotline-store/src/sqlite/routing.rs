//! Routing models and intake records on SQLite; writes go through the writer thread.
use async_trait::async_trait;
use chrono::{DateTime, Utc};
use rusqlite::{params, Connection, OptionalExtension};

use hotline_domain::org::UnitId;
use hotline_domain::ticket::TicketId;

use super::SqliteStore;
use crate::routing::{
    intake_body, sql, InfoRow, IntakeRecord, NewRouteModel, RouteModel, RouteModelInfo,
    RoutingStore,
};
use crate::{from_json, from_millis, millis, to_json, IntakeChange, StoreError, StoreResult};

fn info_row(r: &rusqlite::Row) -> rusqlite::Result<InfoRow> {
    Ok(InfoRow {
        version: r.get(0)?,
        created_at: r.get(1)?,
        created_by: r.get(2)?,
        source: r.get(3)?,
        note: r.get(4)?,
        labels: r.get(5)?,
        examples: r.get(6)?,
        metrics: r.get(7)?,
        model_bytes: r.get(8)?,
        active: r.get(9)?,
        activated_at: r.get(10)?,
    })
}

fn full_row(r: &rusqlite::Row) -> rusqlite::Result<(InfoRow, String, Vec<u8>)> {
    Ok((info_row(r)?, r.get(11)?, r.get(12)?))
}

fn into_model((info, history, model): (InfoRow, String, Vec<u8>)) -> StoreResult<RouteModel> {
    Ok(RouteModel {
        info: info.into_info()?,
        history: from_json(&history)?,
        model,
    })
}

fn info(c: &Connection, version: i64) -> StoreResult<Option<RouteModelInfo>> {
    c.prepare_cached(&sql::info())?
        .query_row(params![version], info_row)
        .optional()?
        .map(InfoRow::into_info)
        .transpose()
}

fn activate(c: &Connection, version: i64, at: DateTime<Utc>) -> StoreResult<bool> {
    c.prepare_cached(sql::DEACTIVATE)?.execute([])?;
    Ok(c.prepare_cached(sql::ACTIVATE)?
        .execute(params![version, millis(at)])?
        == 1)
}

/// Insert the intake record of a ticket being created (inside its transaction).
pub(super) fn insert_intake(c: &Connection, ticket: TicketId, r: &IntakeRecord) -> StoreResult<()> {
    c.prepare_cached(sql::INSERT_INTAKE)?.execute(params![
        ticket.0,
        millis(r.analyzed_at),
        r.model_version,
        r.category,
        r.unit.map(|u| u.0),
        intake_body(r)?
    ])?;
    Ok(())
}

/// Replace or remove a ticket's intake record (inside the transaction of a change to it).
pub(super) fn change_intake(
    c: &Connection,
    ticket: TicketId,
    ch: &IntakeChange,
) -> StoreResult<()> {
    if *ch == IntakeChange::Keep {
        return Ok(());
    }
    c.prepare_cached(sql::DELETE_INTAKE)?.execute([ticket.0])?;
    if let IntakeChange::Replace(r) = ch {
        insert_intake(c, ticket, r)?;
    }
    Ok(())
}

#[async_trait]
impl RoutingStore for SqliteStore {
    async fn insert_route_model(
        &self,
        m: NewRouteModel,
        make_active: bool,
    ) -> StoreResult<RouteModelInfo> {
        let metrics = to_json(&m.metrics)?;
        let history = to_json(&m.history)?;
        self.write(move |conn| {
            let tx = conn.savepoint()?;
            let version: i64 = tx.prepare_cached(sql::INSERT)?.query_row(
                params![
                    millis(m.created_at),
                    m.created_by,
                    m.source,
                    m.note,
                    m.labels,
                    m.examples,
                    metrics,
                    history,
                    m.model
                ],
                |r| r.get(0),
            )?;
            if make_active {
                activate(&tx, version, m.created_at)?;
            }
            let stored = info(&tx, version)?.ok_or(StoreError::NotFound("route model"))?;
            tx.commit()?;
            Ok(stored)
        })
        .await
    }

    async fn route_models(&self) -> StoreResult<Vec<RouteModelInfo>> {
        self.read(|c| {
            let mut stmt = c.prepare_cached(&sql::list())?;
            let rows = stmt.query_map([], info_row)?;
            let mut out = Vec::new();
            for r in rows {
                out.push(r?.into_info()?);
            }
            Ok(out)
        })
        .await
    }

    async fn route_model(&self, version: i64) -> StoreResult<Option<RouteModel>> {
        self.read(move |c| {
            c.prepare_cached(&sql::one())?
                .query_row(params![version], full_row)
                .optional()?
                .map(into_model)
                .transpose()
        })
        .await
    }

    async fn active_route_model(&self) -> StoreResult<Option<RouteModel>> {
        self.read(|c| {
            c.prepare_cached(&sql::active())?
                .query_row([], full_row)
                .optional()?
                .map(into_model)
                .transpose()
        })
        .await
    }

    async fn activate_route_model(
        &self,
        version: i64,
        at: DateTime<Utc>,
    ) -> StoreResult<RouteModelInfo> {
        self.write(move |conn| {
            let tx = conn.savepoint()?;
            if !activate(&tx, version, at)? {
                return Err(StoreError::NotFound("route model"));
            }
            let stored = info(&tx, version)?.ok_or(StoreError::NotFound("route model"))?;
            tx.commit()?;
            Ok(stored)
        })
        .await
    }

    async fn intake_records(
        &self,
        tickets: &[TicketId],
    ) -> StoreResult<Vec<(TicketId, IntakeRecord)>> {
        let ids: Vec<i64> = tickets.iter().map(|t| t.0).collect();
        self.read(move |c| {
            let mut out = Vec::new();
            for chunk in ids.chunks(500) {
                let marks = vec!["?"; chunk.len()].join(",");
                let q = format!(
                    "SELECT ticket_id, analyzed_at, model_version, category, unit, body
                     FROM intake_analyses WHERE ticket_id IN ({marks}) ORDER BY ticket_id"
                );
                let mut stmt = c.prepare(&q)?;
                let rows = stmt.query_map(rusqlite::params_from_iter(chunk), |r| {
                    Ok((
                        r.get::<_, i64>(0)?,
                        r.get::<_, i64>(1)?,
                        r.get::<_, Option<i64>>(2)?,
                        r.get::<_, Option<String>>(3)?,
                        r.get::<_, Option<i64>>(4)?,
                        r.get::<_, String>(5)?,
                    ))
                })?;
                for row in rows {
                    let (id, at, model_version, category, unit, body) = row?;
                    out.push((
                        TicketId(id),
                        IntakeRecord {
                            analyzed_at: from_millis(at),
                            model_version,
                            category,
                            unit: unit.map(UnitId),
                            body: from_json(&body)?,
                        },
                    ));
                }
            }
            out.sort_by_key(|(t, _)| *t);
            Ok(out)
        })
        .await
    }
}
