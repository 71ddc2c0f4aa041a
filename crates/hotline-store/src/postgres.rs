//! The PostgreSQL backend: a deadpool of tokio-postgres connections, one transaction per write.
//! Several processes may write at once, so what SQLite gets from its single writer is made
//! explicit here: ticket ids come from a sequence, an idempotency key is locked
//! before it is looked up, and `save_tickets` locks its rows in id order.
mod knowledge;
mod migrations;
mod org;
mod refold;
mod routing;
mod search;
mod settings;

use std::error::Error as StdError;
use std::time::Duration;

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use deadpool_postgres::{GenericClient, Manager, ManagerConfig, Object, Pool, PoolError, Runtime};
use tokio_postgres::config::Host;
use tokio_postgres::error::SqlState;
use tokio_postgres::types::ToSql;
use tokio_postgres::{Config, NoTls, Row};

use hotline_domain::calendar::YearSchedule;
use hotline_domain::category::{Category, ResponsibilityList, ResponsibilityRule};
use hotline_domain::event::EventEnvelope;
use hotline_domain::org::{NewUnit, Place, PlaceKind, Unit, UnitId, User, UserId};
use hotline_domain::policy::Policy;
use hotline_domain::ticket::{Ticket, TicketId};

use crate::filter::{compile, dollars, scan_sql, search_sql, sql, ticket_row, Value};
use crate::{
    envelopes, finish_user, from_json, from_millis, local_day, millis, responsibility_list, stale,
    stamp, stamp_history, ticket_number, to_json, unit_from_row, CreateTicket, Created,
    Idempotency, NewAttachment, NewUser, Page, PlaceDeletion, Recorded, Store, StoreError,
    StoreResult, StoredAttachment, TicketChange, TicketFilter, TokenKind,
};

const POOL_SIZE: usize = 16;

// Advisory locks are (namespace, key) pairs of int4, held until commit: in hotline's namespace
// 12345, key 0 guards migrations (see `migrations`), key 1 the settings, key 2 routing-model
// activations (`routing`) and key 3 the responsibility list (`settings`); namespace 12346
// holds idempotency keys.
const IDEMPOTENCY_LOCK: &str = "SELECT pg_advisory_xact_lock(12346, hashtext($1))";
// NO KEY UPDATE: writers of a ticket wait for each other, while a row referring to it (an
// article use counted in another transaction) does not; FOR UPDATE would deadlock with one
// that locked its article first.
const LOCK_TICKETS: &str =
    "SELECT id FROM tickets WHERE id = ANY($1) ORDER BY id FOR NO KEY UPDATE";

// A ticket write that keeps the places it names (`check_places`) holds them FOR KEY SHARE until
// it commits; `delete_place` (`org`) locks its place FOR UPDATE before it counts the tickets
// naming it. Whichever comes second waits for the first: a deletion then sees the ticket, and
// a ticket write finds the place gone.
const KEEP_PLACES: &str = "SELECT code FROM places WHERE code = ANY($1) FOR KEY SHARE";

type Param<'a> = &'a (dyn ToSql + Sync);

/// An error and its causes on one line (tokio-postgres keeps the useful part in the causes).
fn chain(e: &dyn StdError) -> String {
    let mut text = e.to_string();
    let mut cause = e.source();
    while let Some(c) = cause {
        text.push_str(": ");
        text.push_str(&c.to_string());
        cause = c.source();
    }
    text
}

impl From<tokio_postgres::Error> for StoreError {
    fn from(e: tokio_postgres::Error) -> Self {
        if e.code() == Some(&SqlState::UNIQUE_VIOLATION) {
            StoreError::Duplicate(chain(&e))
        } else {
            StoreError::Backend(chain(&e))
        }
    }
}

/// Where the server is, for messages: host, port and database, never the password.
fn target(config: &Config) -> String {
    let host = match config.get_hosts().first() {
        Some(Host::Tcp(h)) => h.clone(),
        #[cfg(unix)]
        Some(Host::Unix(dir)) => dir.display().to_string(),
        None => config
            .get_hostaddrs()
            .first()
            .map_or_else(|| "localhost".to_string(), |a| a.to_string()),
    };
    let port = config.get_ports().first().copied().unwrap_or(5432);
    let db = config
        .get_dbname()
        .or(config.get_user())
        .unwrap_or_default();
    format!("{host}:{port}/{db}")
}

#[derive(Clone)]
pub struct PgStore {
    pool: Pool,
    target: String,
}

impl PgStore {
    /// Connect to `postgres://user:password@host:port/database` (or a `key=value` string) and
    /// check that the server answers.
    pub async fn connect(url: &str) -> StoreResult<Self> {
        let config: Config = url.parse().map_err(|e: tokio_postgres::Error| {
            StoreError::Backend(format!("invalid PostgreSQL URL: {}", chain(&e)))
        })?;
        Self::from_config(config).await
    }

    pub async fn from_config(mut config: Config) -> StoreResult<Self> {
        if config.get_connect_timeout().is_none() {
            config.connect_timeout(Duration::from_secs(10));
        }
        let target = target(&config);
        let manager = Manager::from_config(config, NoTls, ManagerConfig::default());
        let pool = Pool::builder(manager)
            .max_size(POOL_SIZE)
            .runtime(Runtime::Tokio1)
            .wait_timeout(Some(Duration::from_secs(30)))
            .build()
            .map_err(|e| {
                StoreError::Backend(format!(
                    "cannot set up the PostgreSQL pool for {target}: {e}"
                ))
            })?;
        let store = PgStore { pool, target };
        drop(store.client().await?);
        Ok(store)
    }

    async fn run(&self, sql: &str, params: &[Param<'_>]) -> StoreResult<u64> {
        exec(&self.client().await?, sql, params).await
    }

    async fn all(&self, sql: &str, params: &[Param<'_>]) -> StoreResult<Vec<Row>> {
        query(&self.client().await?, sql, params).await
    }

    async fn opt(&self, sql: &str, params: &[Param<'_>]) -> StoreResult<Option<Row>> {
        query_opt(&self.client().await?, sql, params).await
    }

    async fn one(&self, sql: &str, params: &[Param<'_>]) -> StoreResult<Row> {
        query_one(&self.client().await?, sql, params).await
    }

    async fn client(&self) -> StoreResult<Object> {
        self.pool.get().await.map_err(|e| {
            let why = match &e {
                PoolError::Backend(e) => chain(e),
                other => other.to_string(),
            };
            StoreError::Backend(format!(
                "cannot connect to PostgreSQL at {}: {why}",
                self.target
            ))
        })
    }
}

async fn exec(c: &impl GenericClient, sql: &str, params: &[Param<'_>]) -> StoreResult<u64> {
    let stmt = c.prepare_cached(&dollars(sql)).await?;
    Ok(c.execute(&stmt, params).await?)
}

async fn query(c: &impl GenericClient, sql: &str, params: &[Param<'_>]) -> StoreResult<Vec<Row>> {
    let stmt = c.prepare_cached(&dollars(sql)).await?;
    Ok(c.query(&stmt, params).await?)
}

async fn query_opt(
    c: &impl GenericClient,
    sql: &str,
    params: &[Param<'_>],
) -> StoreResult<Option<Row>> {
    let stmt = c.prepare_cached(&dollars(sql)).await?;
    Ok(c.query_opt(&stmt, params).await?)
}

async fn query_one(c: &impl GenericClient, sql: &str, params: &[Param<'_>]) -> StoreResult<Row> {
    let stmt = c.prepare_cached(&dollars(sql)).await?;
    Ok(c.query_one(&stmt, params).await?)
}

/// The next ticket id, from a sequence: concurrent creates never wait for each other here.
async fn next_id(c: &impl GenericClient) -> StoreResult<i64> {
    Ok(query_one(c, "SELECT nextval('ticket_ids')", &[])
        .await?
        .try_get(0)?)
}

/// What an idempotency key already made, if anything: its ticket, as `Existing` or, for
/// another request, `KeyReused`.
async fn existing(c: &impl GenericClient, key: &Idempotency) -> StoreResult<Option<Created>> {
    match query_opt(c, sql::IDEMPOTENCY_KEY, &[&key.key]).await? {
        None => Ok(None),
        Some(row) => {
            let id: i64 = row.try_get(0)?;
            let ticket = load(c, sql::TICKET_BY_ID, &id)
                .await?
                .ok_or(StoreError::NotFound("ticket"))?;
            Ok(Some(crate::retried(key, row.try_get(1)?, ticket)))
        }
    }
}

async fn next_number(tx: &impl GenericClient, at: DateTime<Utc>) -> StoreResult<String> {
    let day = local_day(at);
    let key = day.format("%Y%m%d").to_string();
    let seq: i64 = query_one(tx, sql::NEXT_NUMBER, &[&key]).await?.try_get(0)?;
    Ok(ticket_number(day, seq))
}

async fn insert_ticket(tx: &impl GenericClient, t: &Ticket) -> StoreResult<()> {
    exec(tx, sql::INSERT_TICKET, &bind(&ticket_row(t)?)).await?;
    search::insert_grams(tx, t).await
}

async fn update_ticket(tx: &impl GenericClient, t: &Ticket, expected: u64) -> StoreResult<()> {
    let mut row = ticket_row(t)?;
    row.push(Value::Int(expected as i64));
    if exec(tx, sql::UPDATE_TICKET, &bind(&row)).await? == 0 {
        let found = query_opt(tx, sql::TICKET_VERSION, &[&t.id.0]).await?;
        return Err(stale(expected, found.map(|r| r.try_get(0)).transpose()?));
    }
    search::upsert_grams(tx, t).await
}

/// `check_places`: every place the ticket names is in the gazetteer, and stays so until the
/// transaction ends (see `KEEP_PLACES`).
async fn keep_places(tx: &impl GenericClient, t: &Ticket) -> StoreResult<()> {
    let codes = crate::place_codes(t);
    if codes.is_empty() {
        return Ok(());
    }
    let kept: Vec<String> = query(tx, KEEP_PLACES, &[&codes])
        .await?
        .iter()
        .map(|r| r.try_get(0))
        .collect::<Result<_, _>>()?;
    match codes.into_iter().find(|c| !kept.contains(c)) {
        Some(gone) => Err(StoreError::PlaceGone(gone)),
        None => Ok(()),
    }
}

async fn insert_events(tx: &impl GenericClient, history: &[EventEnvelope]) -> StoreResult<()> {
    for e in history {
        let params: [Param; 6] = [
            &e.ticket.0,
            &(e.version as i64),
            &millis(e.at),
            &e.actor.0,
            &e.actor_name,
            &to_json(&e.event)?,
        ];
        exec(tx, sql::INSERT_EVENT, &params).await?;
    }
    Ok(())
}

async fn insert_attachments(
    tx: &impl GenericClient,
    ticket: TicketId,
    files: &[NewAttachment],
) -> StoreResult<()> {
    for f in files {
        let size = f.bytes.len() as i64;
        let params: [Param; 6] = [&f.id, &ticket.0, &f.name, &f.content_type, &size, &f.bytes];
        exec(tx, sql::INSERT_ATTACHMENT, &params).await?;
    }
    Ok(())
}

/// A ticket's history, in version order.
async fn load_events(c: &impl GenericClient, id: TicketId) -> StoreResult<Vec<EventEnvelope>> {
    let rows = query(c, sql::EVENTS, &[&id.0]).await?;
    let envelope = |r: &Row| {
        Ok(EventEnvelope {
            ticket: id,
            version: r.try_get::<_, i64>(0)? as u64,
            at: from_millis(r.try_get(1)?),
            actor: UserId(r.try_get(2)?),
            actor_name: r.try_get(3)?,
            event: from_json(r.try_get(4)?)?,
        })
    };
    rows.iter().map(envelope).collect()
}

/// Drop the links of units the ticket no longer involves (a merge undone after the master's
/// answer takes the answering unit's part away): they would keep finding it.
async fn unlink_others(tx: &impl GenericClient, t: &Ticket) -> StoreResult<()> {
    let units: Vec<i64> = t.involved_units().iter().map(|u| u.0).collect();
    let sql = "DELETE FROM ticket_units WHERE ticket_id = $1 AND unit_id <> ALL($2)";
    exec(tx, sql, &[&t.id.0, &units]).await.map(|_| ())
}

async fn link_units(tx: &impl GenericClient, t: &Ticket) -> StoreResult<()> {
    for u in t.involved_units() {
        exec(tx, sql::LINK_UNIT, &[&u.0, &t.id.0, &t.takes_part(u)]).await?;
    }
    Ok(())
}

async fn load(c: &impl GenericClient, sql: &str, key: Param<'_>) -> StoreResult<Option<Ticket>> {
    match query_opt(c, sql, &[key]).await? {
        Some(row) => Ok(Some(from_json(row.try_get(0)?)?)),
        None => Ok(None),
    }
}

fn bind(values: &[Value]) -> Vec<Param<'_>> {
    values
        .iter()
        .map(|v| -> Param<'_> {
            match v {
                Value::Int(i) => i,
                Value::Text(s) => s,
                Value::MaybeInt(i) => i,
                Value::MaybeText(s) => s,
            }
        })
        .collect()
}

fn row_user(r: &Row) -> StoreResult<(User, String)> {
    let user = User {
        id: UserId(r.try_get(0)?),
        username: r.try_get(1)?,
        display_name: r.try_get(2)?,
        roles: vec![],
        unit: r.try_get::<_, Option<i64>>(4)?.map(UnitId),
        active: r.try_get::<_, i64>(5)? != 0,
    };
    finish_user((user, r.try_get(3)?, r.try_get(6)?))
}

#[async_trait]
impl Store for PgStore {
    fn backend(&self) -> &'static str {
        "postgres"
    }

    async fn migrate(&self) -> StoreResult<()> {
        migrations::apply(&mut self.client().await?).await?;
        self.backfill_grams().await?;
        self.refold().await
    }

    async fn ping(&self) -> StoreResult<()> {
        self.client().await?.simple_query("SELECT 1").await?;
        Ok(())
    }

    async fn create_ticket(&self, new: CreateTicket) -> StoreResult<Created> {
        let CreateTicket {
            idempotency: key,
            mut ticket,
            mut events,
            recorded,
            intake,
            check_places: checked,
        } = new;
        let mut c = self.client().await?;
        if let Some(key) = &key {
            if let Some(done) = existing(&c, key).await? {
                return Ok(done);
            }
        }
        // The daily number is taken in its own short statement: the counter row is the one
        // place every create touches, so it must not stay locked for a whole transaction. A
        // create that fails afterwards leaves a gap in the day's numbers, never a duplicate.
        let number = next_number(&c, ticket.created_at).await?;
        let tx = c.transaction().await?;
        if let Some(key) = &key {
            // A concurrent create with the same key waits here until the first commits, and then
            // finds its row: it ends as `Existing`, not as a unique violation.
            exec(&tx, IDEMPOTENCY_LOCK, &[&key.key]).await?;
            if let Some(done) = existing(&tx, key).await? {
                return Ok(done);
            }
        }
        let id = TicketId(next_id(&tx).await?);
        stamp(&mut ticket, &mut events, id, &number);
        let history = envelopes(id, 1, events, &recorded);
        // Sent together, in either order: both run inside the transaction, before its commit,
        // which is all the place lock needs (a place found gone drops the transaction).
        tokio::try_join!(
            async {
                match checked {
                    true => keep_places(&tx, &ticket).await,
                    false => Ok(()),
                }
            },
            insert_ticket(&tx, &ticket),
        )?;
        // The rows that hang off the ticket go out pipelined on the one connection.
        tokio::try_join!(
            insert_events(&tx, &history),
            link_units(&tx, &ticket),
            async {
                match &intake {
                    Some(record) => routing::insert_intake(&tx, id, record).await,
                    None => Ok(()),
                }
            },
            async {
                match &key {
                    Some(key) => exec(
                        &tx,
                        sql::INSERT_IDEMPOTENCY_KEY,
                        &[&key.key, &id.0, &key.fingerprint],
                    )
                    .await
                    .map(|_| ()),
                    None => Ok(()),
                }
            },
        )?;
        tx.commit().await?;
        Ok(Created::New(ticket))
    }

    async fn import_tickets(
        &self,
        batch: Vec<(Ticket, Vec<EventEnvelope>)>,
    ) -> StoreResult<Vec<Ticket>> {
        let mut c = self.client().await?;
        let tx = c.transaction().await?;
        let mut out = Vec::with_capacity(batch.len());
        for (mut ticket, mut history) in batch {
            let id = next_id(&tx).await?;
            let number = next_number(&tx, ticket.created_at).await?;
            stamp_history(&mut ticket, &mut history, TicketId(id), &number);
            insert_ticket(&tx, &ticket).await?;
            insert_events(&tx, &history).await?;
            link_units(&tx, &ticket).await?;
            out.push(ticket);
        }
        tx.commit().await?;
        Ok(out)
    }

    async fn ticket(&self, id: TicketId) -> StoreResult<Option<Ticket>> {
        load(&self.client().await?, sql::TICKET_BY_ID, &id.0).await
    }

    async fn ticket_by_number(&self, number: &str) -> StoreResult<Option<Ticket>> {
        load(&self.client().await?, sql::TICKET_BY_NUMBER, &number).await
    }

    async fn save_tickets(
        &self,
        changes: Vec<TicketChange>,
        rec: Recorded,
    ) -> StoreResult<Vec<Ticket>> {
        let mut c = self.client().await?;
        let tx = c.transaction().await?;
        if changes.len() > 1 {
            // Two saves of the same tickets in another order would deadlock: lock in id order.
            let ids: Vec<i64> = changes.iter().map(|ch| ch.ticket.id.0).collect();
            exec(&tx, LOCK_TICKETS, &[&ids]).await?;
        }
        let mut out = Vec::with_capacity(changes.len());
        for ch in changes {
            let (t, expected) = (ch.ticket, ch.expected_version);
            if ch.check_places {
                keep_places(&tx, &t).await?;
            }
            update_ticket(&tx, &t, expected).await?;
            insert_events(&tx, &envelopes(t.id, expected + 1, ch.events, &rec)).await?;
            insert_attachments(&tx, t.id, &ch.attachments).await?;
            routing::change_intake(&tx, t.id, &ch.intake).await?;
            if let Some(used) = &ch.article_use {
                knowledge::count_use(&tx, used).await?;
            }
            // Different rows, sent together.
            tokio::try_join!(link_units(&tx, &t), unlink_others(&tx, &t))?;
            out.push(t);
        }
        tx.commit().await?;
        Ok(out)
    }

    async fn events(&self, id: TicketId) -> StoreResult<Vec<EventEnvelope>> {
        load_events(&self.client().await?, id).await
    }

    async fn search(&self, filter: &TicketFilter, page: Page) -> StoreResult<(Vec<Ticket>, u64)> {
        let compiled = compile(filter, true);
        let (page_sql, count_sql) = search_sql(&compiled, page);
        let params = bind(&compiled.values);
        let c = self.client().await?;
        let rows = c.query(page_sql.as_str(), &params).await?;
        let tickets: StoreResult<Vec<Ticket>> =
            rows.iter().map(|r| from_json(r.try_get(0)?)).collect();
        let total: i64 = c.query_one(count_sql.as_str(), &params).await?.try_get(0)?;
        Ok((tickets?, total as u64))
    }

    async fn scan(
        &self,
        filter: &TicketFilter,
        after: TicketId,
        limit: u32,
    ) -> StoreResult<Vec<Ticket>> {
        let (sql, values) = scan_sql(filter, after.0, limit, true);
        let c = self.client().await?;
        let rows = c.query(sql.as_str(), &bind(&values)).await?;
        rows.iter().map(|r| from_json(r.try_get(0)?)).collect()
    }

    async fn count(&self, filter: &TicketFilter) -> StoreResult<u64> {
        let compiled = compile(filter, true);
        let (_, count_sql) = search_sql(&compiled, Page::default());
        let c = self.client().await?;
        let total: i64 = c
            .query_one(count_sql.as_str(), &bind(&compiled.values))
            .await?
            .try_get(0)?;
        Ok(total as u64)
    }

    async fn ticket_count(&self) -> StoreResult<u64> {
        let total: i64 = self
            .one("SELECT COUNT(*) FROM tickets", &[])
            .await?
            .try_get(0)?;
        Ok(total as u64)
    }

    async fn attachment(&self, id: i64) -> StoreResult<Option<StoredAttachment>> {
        let Some(r) = self.opt(sql::ATTACHMENT, &[&id]).await? else {
            return Ok(None);
        };
        Ok(Some(StoredAttachment {
            id,
            ticket: TicketId(r.try_get(0)?),
            name: r.try_get(1)?,
            content_type: r.try_get(2)?,
            bytes: r.try_get(3)?,
        }))
    }

    async fn insert_places(&self, places: &[Place]) -> StoreResult<()> {
        let mut c = self.client().await?;
        let tx = c.transaction().await?;
        // In code order: two imports writing the same places in other orders would deadlock.
        let mut places: Vec<&Place> = places.iter().collect();
        places.sort_by(|a, b| a.code.cmp(&b.code));
        for p in places {
            let aliases = to_json(&p.aliases)?;
            let active = p.active as i64;
            let params: [Param; 6] = [
                &p.code,
                &p.name,
                &p.kind.as_str(),
                &p.parent,
                &aliases,
                &active,
            ];
            exec(&tx, sql::UPSERT_PLACE, &params).await?;
        }
        tx.commit().await?;
        Ok(())
    }

    async fn places(&self) -> StoreResult<Vec<Place>> {
        let place = |r: &Row| {
            let kind = PlaceKind::parse(r.try_get(2)?).unwrap_or(PlaceKind::Community);
            Ok(Place {
                code: r.try_get(0)?,
                name: r.try_get(1)?,
                kind,
                parent: r.try_get(3)?,
                aliases: from_json(r.try_get(4)?)?,
                active: r.try_get::<_, i64>(5)? != 0,
            })
        };
        self.all(sql::PLACES, &[])
            .await?
            .iter()
            .map(place)
            .collect()
    }

    async fn delete_place(&self, code: &str) -> StoreResult<PlaceDeletion> {
        org::delete_place(&mut self.client().await?, code).await
    }

    async fn insert_unit(&self, unit: NewUnit) -> StoreResult<Unit> {
        let (parent, area) = (unit.parent.map(|p| p.0), to_json(&unit.area)?);
        let params: [Param; 5] = [&unit.code, &unit.name, &unit.level.as_str(), &parent, &area];
        let id = UnitId(self.one(sql::INSERT_UNIT, &params).await?.try_get(0)?);
        let NewUnit {
            code,
            name,
            level,
            parent,
            area,
        } = unit;
        Ok(Unit {
            id,
            code,
            name,
            level,
            parent,
            area,
            active: true,
        })
    }

    async fn update_unit(&self, u: &Unit) -> StoreResult<()> {
        let (parent, area, active) = (u.parent.map(|p| p.0), to_json(&u.area)?, u.active as i64);
        let level = u.level.as_str();
        let params: [Param; 7] = [&u.id.0, &u.code, &u.name, &level, &parent, &area, &active];
        match self.run(sql::UPDATE_UNIT, &params).await? {
            0 => Err(StoreError::NotFound("unit")),
            _ => Ok(()),
        }
    }

    async fn units(&self) -> StoreResult<Vec<Unit>> {
        let unit = |r: &Row| {
            let (id, code, name): (i64, String, String) =
                (r.try_get(0)?, r.try_get(1)?, r.try_get(2)?);
            let (level, parent, area, active) =
                (r.try_get(3)?, r.try_get(4)?, r.try_get(5)?, r.try_get(6)?);
            unit_from_row(id, code, name, level, parent, area, active)
        };
        self.all(sql::UNITS, &[]).await?.iter().map(unit).collect()
    }

    async fn insert_user(&self, user: NewUser) -> StoreResult<User> {
        let (roles, unit) = (to_json(&user.roles)?, user.unit.map(|u| u.0));
        let params: [Param; 5] = [
            &user.username,
            &user.display_name,
            &roles,
            &unit,
            &user.password_hash,
        ];
        let id = UserId(self.one(sql::INSERT_USER, &params).await?.try_get(0)?);
        let NewUser {
            username,
            display_name,
            roles,
            unit,
            ..
        } = user;
        Ok(User {
            id,
            username,
            display_name,
            roles,
            unit,
            active: true,
        })
    }

    async fn update_user(&self, user: &User, password_hash: Option<&str>) -> StoreResult<()> {
        org::update_user(&mut self.client().await?, user, password_hash).await
    }

    async fn user(&self, id: UserId) -> StoreResult<Option<User>> {
        let row = self.opt(sql::USER_BY_ID, &[&id.0]).await?;
        Ok(row.as_ref().map(row_user).transpose()?.map(|(u, _)| u))
    }

    async fn user_with_hash(&self, username: &str) -> StoreResult<Option<(User, String)>> {
        // FOR SHARE: a change of the user being committed is waited for and then read, so a
        // sign-in checking again after storing its session sees a new password saved meanwhile.
        const USER_BY_NAME: &str = "SELECT id, username, display_name, roles, unit_id, active,
            password_hash FROM users WHERE username = $1 FOR SHARE";
        self.opt(USER_BY_NAME, &[&username])
            .await?
            .as_ref()
            .map(row_user)
            .transpose()
    }

    async fn users(&self) -> StoreResult<Vec<User>> {
        self.all(sql::USERS, &[])
            .await?
            .iter()
            .map(|r| Ok(row_user(r)?.0))
            .collect()
    }

    async fn insert_token(
        &self,
        hash: &str,
        user: UserId,
        kind: TokenKind,
        expires: DateTime<Utc>,
    ) -> StoreResult<()> {
        let params: [Param; 4] = [&hash, &user.0, &to_json(&kind)?, &millis(expires)];
        self.run(sql::INSERT_TOKEN, &params).await?;
        Ok(())
    }

    async fn token_user(&self, hash: &str, now: DateTime<Utc>) -> StoreResult<Option<User>> {
        let row = self.opt(sql::TOKEN_USER, &[&hash, &millis(now)]).await?;
        Ok(row.as_ref().map(row_user).transpose()?.map(|(u, _)| u))
    }

    async fn delete_token(&self, hash: &str) -> StoreResult<()> {
        self.run(sql::DELETE_TOKEN, &[&hash]).await?;
        Ok(())
    }

    async fn upsert_categories(
        &self,
        categories: &[Category],
        policy_seen: Option<&Policy>,
    ) -> StoreResult<bool> {
        settings::save_categories(&mut self.client().await?, categories, policy_seen).await
    }

    async fn categories(&self) -> StoreResult<Vec<Category>> {
        let category = |r: &Row| {
            let (code, name, parent) = (r.try_get(0)?, r.try_get(1)?, r.try_get(2)?);
            let (level, tier, active) = (
                r.try_get::<_, i64>(3)? as u8,
                r.try_get(4)?,
                r.try_get::<_, i64>(5)? != 0,
            );
            Ok(Category {
                code,
                name,
                parent,
                level,
                tier,
                active,
            })
        };
        self.all(sql::CATEGORIES, &[])
            .await?
            .iter()
            .map(category)
            .collect()
    }

    async fn save_responsibility(
        &self,
        rules: &[ResponsibilityRule],
        at: DateTime<Utc>,
        after: Option<i64>,
    ) -> StoreResult<Option<i64>> {
        settings::save_responsibility(&mut self.client().await?, rules, at, after).await
    }

    async fn responsibility(&self, version: Option<i64>) -> StoreResult<ResponsibilityList> {
        let row = match version {
            Some(v) => self.opt(sql::RESPONSIBILITY, &[&v]).await?,
            None => self.opt(sql::LATEST_RESPONSIBILITY, &[]).await?,
        };
        let pair = |r: Row| Ok::<_, StoreError>((r.try_get(0)?, r.try_get(1)?));
        responsibility_list(row.map(pair).transpose()?, version)
    }

    async fn save_calendar_year(
        &self,
        schedule: &YearSchedule,
        seen: &[YearSchedule],
    ) -> StoreResult<bool> {
        settings::save_year(&mut self.client().await?, schedule, seen).await
    }

    async fn calendar_years(&self) -> StoreResult<Vec<YearSchedule>> {
        settings::stored_years(&self.client().await?).await
    }

    async fn save_policy(&self, policy: &Policy, seen: Option<&Policy>) -> StoreResult<bool> {
        settings::save_policy(&mut self.client().await?, policy, seen).await
    }

    async fn policy(&self) -> StoreResult<Option<Policy>> {
        settings::stored_policy(&self.client().await?).await
    }

    async fn setting(&self, key: &str) -> StoreResult<Option<String>> {
        let row = self.opt(sql::SETTING, &[&key]).await?;
        Ok(row.map(|r| r.try_get(0)).transpose()?)
    }

    async fn save_setting(&self, key: &str, value: &str) -> StoreResult<()> {
        self.run(sql::UPSERT_SETTING, &[&key, &value]).await?;
        Ok(())
    }
}
