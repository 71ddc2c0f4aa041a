//! Persistence for hotline: one `Store` trait and two backends, SQLite (embedded, the default)
//! and PostgreSQL (production), each with its own append-only migrations. A ticket's events are
//! appended and its current row is updated in the same transaction.
#![forbid(unsafe_code)]

pub mod conformance;
mod filter;
mod grams;
pub mod knowledge;
pub mod postgres;
mod refold;
pub mod routing;
pub mod sqlite;

use std::sync::Arc;

use async_trait::async_trait;
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use thiserror::Error;

use hotline_domain::calendar::YearSchedule;
use hotline_domain::category::{Category, ResponsibilityList, ResponsibilityRule};
use hotline_domain::event::{EventEnvelope, TicketEvent};
use hotline_domain::org::{NewUnit, Place, Role, Unit, UnitId, UnitLevel, User, UserId};
use hotline_domain::policy::Policy;
use hotline_domain::ticket::{Ticket, TicketId};

pub use filter::{Order, Page, TicketFilter};
pub use knowledge::{AnswerCount, ArticleFilter, ArticleScope, KnowledgeStore};
pub use routing::{IntakeRecord, NewRouteModel, RouteModel, RouteModelInfo, RoutingStore};

/// How many words of a keyword search count (split at whitespace; each must be found).
pub const MAX_QUERY_WORDS: usize = 5;

/// Longest keyword search, in characters (the service refuses a longer one: a word of tens of
/// thousands of characters is no search, and SQLite finds its LIKE pattern too complex).
pub const MAX_QUERY_CHARS: usize = 100;

#[derive(Debug, Error)]
pub enum StoreError {
    #[error("{0} not found")]
    NotFound(&'static str),
    /// Optimistic concurrency: the ticket moved on since it was loaded.
    #[error("version conflict: expected {expected}, found {actual}")]
    Conflict { expected: u64, actual: u64 },
    #[error("already exists: {0}")]
    Duplicate(String),
    #[error("invalid data: {0}")]
    Invalid(String),
    /// A place code a ticket write was to keep (`check_places`) is no longer in the gazetteer.
    #[error("place {0} is no longer in the gazetteer")]
    PlaceGone(String),
    #[error("database error: {0}")]
    Backend(String),
}

pub type StoreResult<T> = Result<T, StoreError>;

/// Who did something, as recorded with events.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Recorded {
    pub at: DateTime<Utc>,
    pub actor: UserId,
    pub actor_name: String,
}

/// A new ticket to insert. The store assigns the id and the readable number (the local date and a
/// daily sequence) and writes them into the ticket and its `Created` event. Numbers are unique and
/// rise within a day; on PostgreSQL a create that fails or loses an idempotency race may leave a gap.
#[derive(Debug, Clone)]
pub struct CreateTicket {
    pub idempotency: Option<Idempotency>,
    pub ticket: Ticket,
    pub events: Vec<TicketEvent>,
    pub recorded: Recorded,
    /// What intake suggested, stored with the ticket in the same transaction.
    pub intake: Option<IntakeRecord>,
    /// See `TicketChange::check_places`.
    pub check_places: bool,
}

/// A client's idempotency key (`Idempotency-Key`) and a fingerprint of the request it came
/// with: a retry returns the ticket the first request made; the same key with another request
/// is refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Idempotency {
    pub key: String,
    pub fingerprint: String,
}

/// What a create did.
#[derive(Debug, Clone)]
pub enum Created {
    New(Ticket),
    /// The idempotency key was seen before with the same request: this is the ticket it made.
    Existing(Ticket),
    /// The idempotency key was seen before with another request: nothing was written; this is
    /// the ticket the key made.
    KeyReused(Ticket),
}

/// What a create with a key the store already holds returns: the key's ticket, unless the
/// fingerprints differ (a key stored without one is taken on trust).
pub(crate) fn retried(key: &Idempotency, stored: Option<String>, ticket: Ticket) -> Created {
    match stored {
        Some(f) if f != key.fingerprint => Created::KeyReused(ticket),
        _ => Created::Existing(ticket),
    }
}

impl Created {
    pub fn ticket(&self) -> &Ticket {
        match self {
            Created::New(t) | Created::Existing(t) | Created::KeyReused(t) => t,
        }
    }
}

/// A changed ticket to write: the new state, the version it was loaded at, its new events, and
/// the files those events attach. Files are written in the same transaction as the events, so a
/// refused change (stale version, missing ticket) leaves no file behind.
#[derive(Debug, Clone)]
pub struct TicketChange {
    pub ticket: Ticket,
    pub expected_version: u64,
    pub events: Vec<TicketEvent>,
    pub attachments: Vec<NewAttachment>,
    /// What the change does to the ticket's intake record (a draft edited into another call
    /// is no longer the call that was analysed), in the same transaction.
    pub intake: IntakeChange,
    /// The article a direct answer gave, counted in the same transaction (once per ticket): a
    /// ticket answered from an article is never saved without its use, nor the use without it.
    pub article_use: Option<hotline_domain::knowledge::ArticleUse>,
    /// The ticket's place codes were checked against the gazetteer (a create or an edit that
    /// changes the place): the write is refused with `StoreError::PlaceGone` if one of them is
    /// no longer there, checked inside its transaction. A place deleted meanwhile (on another
    /// server, whose gazetteer the check read, or at the same moment) is then never left named
    /// by a ticket, and `delete_place` never deletes one a ticket being written names.
    pub check_places: bool,
}

/// What a ticket change does to the ticket's intake record.
#[derive(Debug, Clone, Default, PartialEq)]
pub enum IntakeChange {
    #[default]
    Keep,
    /// Replace it (or store it, if the ticket had none).
    Replace(IntakeRecord),
    /// Remove it (no-op if the ticket had none).
    Remove,
}

/// A user to insert.
#[derive(Debug, Clone)]
pub struct NewUser {
    pub username: String,
    pub display_name: String,
    pub roles: Vec<Role>,
    pub unit: Option<UnitId>,
    pub password_hash: String,
}

/// A stored credential: a browser session or an API token. Only a hash of the secret is kept.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TokenKind {
    Session,
    Api,
}

/// A file to store with a ticket change; it belongs to that change's ticket. The caller picks
/// the id, so the `AttachmentAdded` event can name the file before anything is written; a
/// taken id is a `Duplicate`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewAttachment {
    pub id: i64,
    pub name: String,
    pub content_type: String,
    pub bytes: Vec<u8>,
}

/// A stored file: what it is, the ticket it belongs to, and its bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredAttachment {
    pub id: i64,
    pub ticket: TicketId,
    pub name: String,
    pub content_type: String,
    pub bytes: Vec<u8>,
}

/// The gazetteer codes a ticket names (district, street, community), each once.
pub(crate) fn place_codes(t: &Ticket) -> Vec<String> {
    let p = &t.elements.place;
    let mut codes: Vec<String> = [&p.district, &p.street, &p.community]
        .into_iter()
        .flatten()
        .cloned()
        .collect();
    codes.sort_unstable();
    codes.dedup();
    codes
}

/// What `delete_place` did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PlaceDeletion {
    Deleted,
    /// No place has the code.
    Missing,
    /// Kept: this many tickets name it.
    NamedByTickets(u64),
}

/// The one storage interface. Handlers and use cases are written against it; `main` picks the
/// backend once.
#[async_trait]
pub trait Store: KnowledgeStore + RoutingStore + Send + Sync + 'static {
    /// Which backend: `sqlite` or `postgres`.
    fn backend(&self) -> &'static str;
    async fn migrate(&self) -> StoreResult<()>;
    async fn ping(&self) -> StoreResult<()>;

    // Tickets.
    async fn create_ticket(&self, new: CreateTicket) -> StoreResult<Created>;
    /// Bulk insert of finished histories (demo city, imports): numbers are allocated as for
    /// `create_ticket`, everything in one transaction.
    async fn import_tickets(
        &self,
        batch: Vec<(Ticket, Vec<EventEnvelope>)>,
    ) -> StoreResult<Vec<Ticket>>;
    async fn ticket(&self, id: TicketId) -> StoreResult<Option<Ticket>>;
    async fn ticket_by_number(&self, number: &str) -> StoreResult<Option<Ticket>>;
    /// Write one or more changed tickets, with their files and a direct answer's article use,
    /// atomically; refuses all if any version moved on.
    async fn save_tickets(
        &self,
        changes: Vec<TicketChange>,
        recorded: Recorded,
    ) -> StoreResult<Vec<Ticket>>;
    async fn events(&self, id: TicketId) -> StoreResult<Vec<EventEnvelope>>;
    async fn search(&self, filter: &TicketFilter, page: Page) -> StoreResult<(Vec<Ticket>, u64)>;
    /// Up to `limit` tickets the filter matches with ids above `after`, in id order: for walking
    /// a large set (the repeat index loads with it) without OFFSET or a count.
    async fn scan(
        &self,
        filter: &TicketFilter,
        after: TicketId,
        limit: u32,
    ) -> StoreResult<Vec<Ticket>>;
    async fn count(&self, filter: &TicketFilter) -> StoreResult<u64>;
    async fn ticket_count(&self) -> StoreResult<u64>;

    // Attachments: written only by `save_tickets`, with the event that adds them.
    async fn attachment(&self, id: i64) -> StoreResult<Option<StoredAttachment>>;

    // Organisation.
    async fn insert_places(&self, places: &[Place]) -> StoreResult<()>;
    async fn places(&self) -> StoreResult<Vec<Place>>;
    /// Delete a place unless a ticket names it (as district, street or community); checked
    /// and deleted in one transaction that a ticket write keeping the place (`check_places`)
    /// cannot slip past.
    async fn delete_place(&self, code: &str) -> StoreResult<PlaceDeletion>;
    async fn insert_unit(&self, unit: NewUnit) -> StoreResult<Unit>;
    async fn update_unit(&self, unit: &Unit) -> StoreResult<()>;
    async fn units(&self) -> StoreResult<Vec<Unit>>;

    // People and credentials.
    async fn insert_user(&self, user: NewUser) -> StoreResult<User>;
    /// With a new password hash, the user's sessions and API tokens are deleted in the same
    /// transaction: whoever held the old password (or a token made with it) is signed out.
    async fn update_user(&self, user: &User, password_hash: Option<&str>) -> StoreResult<()>;
    async fn user(&self, id: UserId) -> StoreResult<Option<User>>;
    /// The user of this name and the password hash, as committed: a change of the user being
    /// saved at that moment is waited for and read (PostgreSQL `FOR SHARE`; SQLite's writer
    /// commits whole).
    async fn user_with_hash(&self, username: &str) -> StoreResult<Option<(User, String)>>;
    async fn users(&self) -> StoreResult<Vec<User>>;
    async fn insert_token(
        &self,
        hash: &str,
        user: UserId,
        kind: TokenKind,
        expires: DateTime<Utc>,
    ) -> StoreResult<()>;
    async fn token_user(&self, hash: &str, now: DateTime<Utc>) -> StoreResult<Option<User>>;
    async fn delete_token(&self, hash: &str) -> StoreResult<()>;

    // Reference data.
    /// Add or change categories if the stored policy is still `policy_seen` (what their tiers
    /// were checked against), in one transaction with the policy's own saves (`save_policy`);
    /// false, writing nothing, if another writer changed the policy since.
    async fn upsert_categories(
        &self,
        categories: &[Category],
        policy_seen: Option<&Policy>,
    ) -> StoreResult<bool>;
    async fn categories(&self) -> StoreResult<Vec<Category>>;
    /// Save a new version of the responsibility list; returns its version number. With
    /// `after`, saved only if the latest stored version is still that one (0: none stored),
    /// checked and saved in one transaction; `None` when it is not (another change came first).
    async fn save_responsibility(
        &self,
        rules: &[ResponsibilityRule],
        at: DateTime<Utc>,
        after: Option<i64>,
    ) -> StoreResult<Option<i64>>;
    async fn responsibility(&self, version: Option<i64>) -> StoreResult<ResponsibilityList>;
    /// Save (or replace) a year, if the stored years are still `seen`, the ones the caller
    /// checked it against; false, with nothing written, when another writer changed them since
    /// (read, check and try again). The read and the write are one transaction, serialised with
    /// every other such save, so two processes cannot each pass a check against the other's
    /// absence.
    async fn save_calendar_year(
        &self,
        schedule: &YearSchedule,
        seen: &[YearSchedule],
    ) -> StoreResult<bool>;
    async fn calendar_years(&self) -> StoreResult<Vec<YearSchedule>>;
    /// Save the policy, if the stored one is still `seen` (`None`: none stored) and every
    /// stored category's tier is still one of its tiers; false, with nothing written, when
    /// another writer changed either since, as for calendar years.
    async fn save_policy(&self, policy: &Policy, seen: Option<&Policy>) -> StoreResult<bool>;
    async fn policy(&self) -> StoreResult<Option<Policy>>;
    /// A centre's setting kept as text (e.g. `scope_rules`, its TOML); `None` when never saved.
    async fn setting(&self, key: &str) -> StoreResult<Option<String>>;
    async fn save_setting(&self, key: &str, value: &str) -> StoreResult<()>;
}

pub type DynStore = Arc<dyn Store>;

/// Open a store from a URL: `sqlite://path/to/file.db` (or `sqlite:path`, or a bare path) or
/// `postgres://…`. Another scheme (`mysql://…`) is refused rather than taken for a file name.
pub async fn open(url: &str) -> StoreResult<DynStore> {
    if url.starts_with("postgres://") || url.starts_with("postgresql://") {
        return Ok(Arc::new(postgres::PgStore::connect(url).await?));
    }
    let path = sqlite_path(url)?;
    Ok(Arc::new(sqlite::SqliteStore::open(path)?))
}

/// The database file a URL names, when it is not PostgreSQL's: `sqlite://a/b.db`, `sqlite:a/b.db`
/// or a bare path; another scheme is an error.
pub fn sqlite_path(url: &str) -> StoreResult<&str> {
    let path = url
        .strip_prefix("sqlite://")
        .or_else(|| url.strip_prefix("sqlite:"))
        .unwrap_or(url);
    if let Some((scheme, _)) = path.split_once("://") {
        return Err(StoreError::Backend(format!(
            "unknown database URL scheme {scheme:?}: use sqlite://path/to/file.db or \
             postgres://user@host/db"
        )));
    }
    if path.trim().is_empty() {
        return Err(StoreError::Backend(
            "the database URL names no file: use sqlite://path/to/file.db".into(),
        ));
    }
    Ok(path)
}

/// The local (China, UTC+8) date of an instant: ticket numbers start with it.
pub(crate) fn local_day(at: DateTime<Utc>) -> NaiveDate {
    at.with_timezone(&hotline_domain::calendar::china_offset())
        .date_naive()
}

pub(crate) fn ticket_number(day: NaiveDate, seq: i64) -> String {
    format!("{}{:05}", day.format("%Y%m%d"), seq)
}

/// Put the assigned id and number into the ticket and its `Created` event.
pub(crate) fn stamp<'a>(
    ticket: &mut Ticket,
    events: impl IntoIterator<Item = &'a mut TicketEvent>,
    id: TicketId,
    number: &str,
) {
    ticket.id = id;
    ticket.number = number.to_string();
    for e in events {
        if let TicketEvent::Created { ticket: t } = e {
            t.id = id;
            t.number = number.to_string();
        }
    }
}

/// `stamp` for an imported history, whose envelopes also name the ticket.
pub(crate) fn stamp_history(
    ticket: &mut Ticket,
    history: &mut [EventEnvelope],
    id: TicketId,
    number: &str,
) {
    stamp(ticket, history.iter_mut().map(|e| &mut e.event), id, number);
    for e in history.iter_mut() {
        e.ticket = id;
    }
}

/// New events as stored: numbered from `first_version`, all recorded at the same moment.
pub(crate) fn envelopes(
    id: TicketId,
    first_version: u64,
    events: Vec<TicketEvent>,
    rec: &Recorded,
) -> Vec<EventEnvelope> {
    events
        .into_iter()
        .zip(first_version..)
        .map(|(event, version)| EventEnvelope {
            ticket: id,
            version,
            at: rec.at,
            actor: rec.actor,
            actor_name: rec.actor_name.clone(),
            event,
        })
        .collect()
}

/// Why an optimistic update touched no row, given the version found (if the ticket exists).
pub(crate) fn stale(expected: u64, found: Option<i64>) -> StoreError {
    match found {
        None => StoreError::NotFound("ticket"),
        Some(actual) => StoreError::Conflict {
            expected,
            actual: actual as u64,
        },
    }
}

/// A user row's JSON roles, parsed into the user.
pub(crate) fn finish_user(
    (mut user, roles, hash): (User, String, String),
) -> StoreResult<(User, String)> {
    user.roles = from_json::<Vec<Role>>(&roles)?;
    Ok((user, hash))
}

/// A unit from its row; `level` and `area` are stored as text.
pub(crate) fn unit_from_row(
    id: i64,
    code: String,
    name: String,
    level: &str,
    parent: Option<i64>,
    area: &str,
    active: i64,
) -> StoreResult<Unit> {
    Ok(Unit {
        id: UnitId(id),
        code,
        name,
        level: UnitLevel::parse(level)
            .ok_or_else(|| StoreError::Invalid(format!("unknown unit level {level}")))?,
        parent: parent.map(UnitId),
        area: from_json(area)?,
        active: active != 0,
    })
}

/// The responsibility list from its row: an unknown version is an error, an empty table is not.
pub(crate) fn responsibility_list(
    row: Option<(i64, String)>,
    asked: Option<i64>,
) -> StoreResult<ResponsibilityList> {
    match (row, asked) {
        (Some((version, rules)), _) => Ok(ResponsibilityList {
            version,
            rules: from_json(&rules)?,
        }),
        (None, Some(_)) => Err(StoreError::NotFound("responsibility list version")),
        (None, None) => Ok(ResponsibilityList::default()),
    }
}

pub(crate) fn to_json<T: Serialize>(v: &T) -> StoreResult<String> {
    serde_json::to_string(v).map_err(|e| StoreError::Invalid(e.to_string()))
}

pub(crate) fn from_json<T: for<'de> Deserialize<'de>>(s: &str) -> StoreResult<T> {
    serde_json::from_str(s)
        .map_err(|e| StoreError::Invalid(format!("stored JSON does not parse: {e}")))
}

pub(crate) fn millis(t: DateTime<Utc>) -> i64 {
    t.timestamp_millis()
}

pub(crate) fn from_millis(ms: i64) -> DateTime<Utc> {
    DateTime::from_timestamp_millis(ms).unwrap_or_default()
}
