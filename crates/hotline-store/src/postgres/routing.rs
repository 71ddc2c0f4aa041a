//! Routing models and intake records on PostgreSQL: one transaction per write.
use async_trait::async_trait;
use chrono::{DateTime, Utc};
use deadpool_postgres::GenericClient;
use tokio_postgres::Row;

use hotline_domain::org::UnitId;
use hotline_domain::ticket::TicketId;

use super::{exec, query_opt, PgStore};
use crate::routing::{
    intake_body, sql, InfoRow, IntakeRecord, NewRouteModel, RouteModel, RouteModelInfo,
    RoutingStore,
};
use crate::{from_json, from_millis, millis, to_json, IntakeChange, StoreError, StoreResult};

fn info_row(r: &Row) -> StoreResult<RouteModelInfo> {
    InfoRow {
        version: r.try_get(0)?,
        created_at: r.try_get(1)?,
        created_by: r.try_get(2)?,
        source: r.try_get(3)?,
        note: r.try_get(4)?,
        labels: r.try_get(5)?,
        examples: r.try_get(6)?,
        metrics: r.try_get(7)?,
        model_bytes: r.try_get(8)?,
        active: r.try_get(9)?,
        activated_at: r.try_get(10)?,
    }
    .into_info()
}

fn full_row(r: &Row) -> StoreResult<RouteModel> {
    Ok(RouteModel {
        info: info_row(r)?,
        history: from_json(&r.try_get::<_, String>(11)?)?,
        model: r.try_get(12)?,
    })
}

async fn info(c: &impl GenericClient, version: i64) -> StoreResult<Option<RouteModelInfo>> {
    query_opt(c, &sql::info(), &[&version])
        .await?
        .map(|r| info_row(&r))
        .transpose()
}

/// One activation at a time (hotline's advisory lock namespace 12345, key 2, held to the end of
/// the transaction): two at once under READ COMMITTED would each miss the other's new active
/// model and the second break the one-active index, where SQLite's single writer lets the
/// last win.
const ACTIVATION_LOCK: &str = "SELECT pg_advisory_xact_lock(12345, 2)";

async fn activate(c: &impl GenericClient, version: i64, at: DateTime<Utc>) -> StoreResult<bool> {
    exec(c, ACTIVATION_LOCK, &[]).await?;
    exec(c, sql::DEACTIVATE, &[]).await?;
    Ok(exec(c, sql::ACTIVATE, &[&version, &millis(at)]).await? == 1)
}

/// Replace or remove a ticket's intake record (inside the transaction of a change to it).
pub(super) async fn change_intake(
    c: &impl GenericClient,
    ticket: TicketId,
    ch: &IntakeChange,
) -> StoreResult<()> {
    if *ch == IntakeChange::Keep {
        return Ok(());
    }
    exec(c, sql::DELETE_INTAKE, &[&ticket.0]).await?;
    if let IntakeChange::Replace(r) = ch {
        insert_intake(c, ticket, r).await?;
    }
    Ok(())
}

/// Insert the intake record of a ticket being created (inside its transaction).
pub(super) async fn insert_intake(
    c: &impl GenericClient,
    ticket: TicketId,
    r: &IntakeRecord,
) -> StoreResult<()> {
    exec(
        c,
        sql::INSERT_INTAKE,
        &[
            &ticket.0,
            &millis(r.analyzed_at),
            &r.model_version,
            &r.category,
            &r.unit.map(|u| u.0),
            &intake_body(r)?,
        ],
    )
    .await?;
    Ok(())
}

#[async_trait]
impl RoutingStore for PgStore {
    async fn insert_route_model(
        &self,
        m: NewRouteModel,
        make_active: bool,
    ) -> StoreResult<RouteModelInfo> {
        let metrics = to_json(&m.metrics)?;
        let history = to_json(&m.history)?;
        let labels = i64::from(m.labels);
        let examples = i64::from(m.examples);
        let mut c = self.client().await?;
        let tx = c.transaction().await?;
        let version: i64 = super::query_one(
            &tx,
            sql::INSERT,
            &[
                &millis(m.created_at),
                &m.created_by,
                &m.source,
                &m.note,
                &labels,
                &examples,
                &metrics,
                &history,
                &m.model,
            ],
        )
        .await?
        .try_get(0)?;
        if make_active {
            activate(&tx, version, m.created_at).await?;
        }
        let stored = info(&tx, version)
            .await?
            .ok_or(StoreError::NotFound("route model"))?;
        tx.commit().await?;
        Ok(stored)
    }

    async fn route_models(&self) -> StoreResult<Vec<RouteModelInfo>> {
        self.all(&sql::list(), &[])
            .await?
            .iter()
            .map(info_row)
            .collect()
    }

    async fn route_model(&self, version: i64) -> StoreResult<Option<RouteModel>> {
        self.opt(&sql::one(), &[&version])
            .await?
            .map(|r| full_row(&r))
            .transpose()
    }

    async fn active_route_model(&self) -> StoreResult<Option<RouteModel>> {
        self.opt(&sql::active(), &[])
            .await?
            .map(|r| full_row(&r))
            .transpose()
    }

    async fn activate_route_model(
        &self,
        version: i64,
        at: DateTime<Utc>,
    ) -> StoreResult<RouteModelInfo> {
        let mut c = self.client().await?;
        let tx = c.transaction().await?;
        if !activate(&tx, version, at).await? {
            return Err(StoreError::NotFound("route model"));
        }
        let stored = info(&tx, version)
            .await?
            .ok_or(StoreError::NotFound("route model"))?;
        tx.commit().await?;
        Ok(stored)
    }

    async fn intake_records(
        &self,
        tickets: &[TicketId],
    ) -> StoreResult<Vec<(TicketId, IntakeRecord)>> {
        let ids: Vec<i64> = tickets.iter().map(|t| t.0).collect();
        let rows = self
            .all(
                "SELECT ticket_id, analyzed_at, model_version, category, unit, body
                 FROM intake_analyses WHERE ticket_id = ANY(?1) ORDER BY ticket_id",
                &[&ids],
            )
            .await?;
        rows.iter()
            .map(|r| {
                Ok((
                    TicketId(r.try_get(0)?),
                    IntakeRecord {
                        analyzed_at: from_millis(r.try_get(1)?),
                        model_version: r.try_get(2)?,
                        category: r.try_get(3)?,
                        unit: r.try_get::<_, Option<i64>>(4)?.map(UnitId),
                        body: from_json(&r.try_get::<_, String>(5)?)?,
                    },
                ))
            })
            .collect()
    }
}
