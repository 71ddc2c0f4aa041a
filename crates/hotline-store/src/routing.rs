//! Persistence of routing: the versioned routing models (the classifier's file and what unit
//! suggestion learned from history), and what intake suggested for each ticket (written with
//! the ticket, in its create transaction). The `RoutingStore` trait is a supertrait of `Store`.
use async_trait::async_trait;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use hotline_domain::org::UnitId;
use hotline_domain::ticket::TicketId;

use crate::StoreResult;

/// A model to store. `metrics` and `history` are the service's JSON, kept as given.
#[derive(Debug, Clone, PartialEq)]
pub struct NewRouteModel {
    pub created_at: DateTime<Utc>,
    pub created_by: String,
    /// Where the examples came from (`db`, `csv:<file>`).
    pub source: String,
    pub note: String,
    pub labels: u32,
    pub examples: u32,
    pub metrics: serde_json::Value,
    pub history: serde_json::Value,
    /// The classifier file (`hotline_text::route` codec).
    pub model: Vec<u8>,
}

/// A stored model without its bytes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RouteModelInfo {
    pub version: i64,
    pub created_at: DateTime<Utc>,
    pub created_by: String,
    pub source: String,
    pub note: String,
    pub labels: u32,
    pub examples: u32,
    pub metrics: serde_json::Value,
    pub model_bytes: u64,
    pub active: bool,
    pub activated_at: Option<DateTime<Utc>>,
}

/// A stored model with what it is made of.
#[derive(Debug, Clone, PartialEq)]
pub struct RouteModel {
    pub info: RouteModelInfo,
    pub history: serde_json::Value,
    pub model: Vec<u8>,
}

/// What intake suggested for a ticket: the top category and unit (for counting), and the whole
/// analysis as the service's JSON.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct IntakeRecord {
    pub analyzed_at: DateTime<Utc>,
    pub model_version: Option<i64>,
    pub category: Option<String>,
    pub unit: Option<UnitId>,
    pub body: serde_json::Value,
}

/// The routing side of the store. Every write is one transaction.
#[async_trait]
pub trait RoutingStore: Send + Sync {
    /// Store a model; with `activate` it becomes the active one in the same transaction.
    async fn insert_route_model(
        &self,
        model: NewRouteModel,
        activate: bool,
    ) -> StoreResult<RouteModelInfo>;
    /// Every model, newest first, without bytes.
    async fn route_models(&self) -> StoreResult<Vec<RouteModelInfo>>;
    async fn route_model(&self, version: i64) -> StoreResult<Option<RouteModel>>;
    async fn active_route_model(&self) -> StoreResult<Option<RouteModel>>;
    /// Make `version` the active model (the previous one stops being active): how a model is
    /// rolled back. An unknown version is `NotFound` and changes nothing.
    async fn activate_route_model(
        &self,
        version: i64,
        at: DateTime<Utc>,
    ) -> StoreResult<RouteModelInfo>;
    /// The intake records of the given tickets (those that have one), in ticket order.
    async fn intake_records(
        &self,
        tickets: &[TicketId],
    ) -> StoreResult<Vec<(TicketId, IntakeRecord)>>;
}

/// Statements both backends run (after `dollars` for PostgreSQL).
pub(crate) mod sql {
    pub const INFO_COLUMNS: &str = "version, created_at, created_by, source, note, labels, \
        examples, metrics, CAST(length(model) AS BIGINT), active, activated_at";
    pub const INSERT: &str = "INSERT INTO route_models (created_at, created_by, source, note,
            labels, examples, metrics, history, model, active, activated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, 0, NULL) RETURNING version";
    pub const DEACTIVATE: &str = "UPDATE route_models SET active = 0 WHERE active = 1";
    pub const ACTIVATE: &str =
        "UPDATE route_models SET active = 1, activated_at = ?2 WHERE version = ?1";
    pub const INSERT_INTAKE: &str = "INSERT INTO intake_analyses (ticket_id, analyzed_at,
            model_version, category, unit, body) VALUES (?1, ?2, ?3, ?4, ?5, ?6)";
    pub const DELETE_INTAKE: &str = "DELETE FROM intake_analyses WHERE ticket_id = ?1";

    pub fn list() -> String {
        format!("SELECT {INFO_COLUMNS} FROM route_models ORDER BY version DESC")
    }

    pub fn one() -> String {
        format!("SELECT {INFO_COLUMNS}, history, model FROM route_models WHERE version = ?1")
    }

    pub fn active() -> String {
        format!("SELECT {INFO_COLUMNS}, history, model FROM route_models WHERE active = 1")
    }

    pub fn info() -> String {
        format!("SELECT {INFO_COLUMNS} FROM route_models WHERE version = ?1")
    }
}

/// The columns of `sql::INFO_COLUMNS`, read by either backend.
pub(crate) struct InfoRow {
    pub version: i64,
    pub created_at: i64,
    pub created_by: String,
    pub source: String,
    pub note: String,
    pub labels: i64,
    pub examples: i64,
    pub metrics: String,
    pub model_bytes: i64,
    pub active: i64,
    pub activated_at: Option<i64>,
}

impl InfoRow {
    pub fn into_info(self) -> StoreResult<RouteModelInfo> {
        Ok(RouteModelInfo {
            version: self.version,
            created_at: crate::from_millis(self.created_at),
            created_by: self.created_by,
            source: self.source,
            note: self.note,
            labels: self.labels.max(0) as u32,
            examples: self.examples.max(0) as u32,
            metrics: crate::from_json(&self.metrics)?,
            model_bytes: self.model_bytes.max(0) as u64,
            active: self.active == 1,
            activated_at: self.activated_at.map(crate::from_millis),
        })
    }
}

/// The `INSERT_INTAKE` values, as text where the backend binds JSON.
pub(crate) fn intake_body(r: &IntakeRecord) -> StoreResult<String> {
    crate::to_json(&r.body)
}
