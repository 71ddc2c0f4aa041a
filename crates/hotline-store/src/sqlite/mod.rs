//! The SQLite backend: one file in WAL mode. SQLite has one writer, so writes go to one thread
//! that owns the write connection and commits in groups: it takes every job waiting in its queue,
//! runs each inside its own savepoint (a failing job rolls back alone), commits once, and only
//! then answers each caller. Reads use a small pool on tokio's blocking threads.

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use rusqlite::types::ToSqlOutput;
use rusqlite::{params, params_from_iter, Connection, OptionalExtension};

use hotline_domain::calendar::YearSchedule;
use hotline_domain::category::{Category, ResponsibilityList, ResponsibilityRule};
use hotline_domain::event::EventEnvelope;
use hotline_domain::org::{NewUnit, Place, Unit, UnitId, User, UserId};
use hotline_domain::policy::Policy;
use hotline_domain::ticket::{Ticket, TicketId};

mod knowledge;
mod migrations;
mod org;
mod pool;
mod refold;
mod routing;
mod search;

use migrations::MIGRATIONS;
use search::{backfill_grams, plan_id_sets, DELETE_GRAMS, INSERT_GRAMS};

pub use pool::SqliteStore;

use crate::filter::{compile, scan_sql, search_sql, search_text, sql, ticket_row, Value};
use crate::{
    envelopes, finish_user, from_json, from_millis, local_day, millis, responsibility_list, stale,
    stamp, stamp_history, ticket_number, to_json, CreateTicket, Created, NewAttachment, NewUser,
    Page, PlaceDeletion, Recorded, Store, StoreError, StoreResult, StoredAttachment, TicketChange,
    TicketFilter, TokenKind,
};

impl From<rusqlite::Error> for StoreError {
    fn from(e: rusqlite::Error) -> Self {
        match e {
            // Only uniqueness is a duplicate; a broken reference (a foreign key) is not.
            rusqlite::Error::SqliteFailure(f, msg)
                if f.extended_code == rusqlite::ffi::SQLITE_CONSTRAINT_UNIQUE
                    || f.extended_code == rusqlite::ffi::SQLITE_CONSTRAINT_PRIMARYKEY =>
            {
                StoreError::Duplicate(msg.unwrap_or_else(|| "constraint".into()))
            }
            other => StoreError::Backend(other.to_string()),
        }
    }
}

fn next_number(tx: &Connection, at: DateTime<Utc>) -> StoreResult<String> {
    let day = local_day(at);
    let key = day.format("%Y%m%d").to_string();
    let seq: i64 = tx
        .prepare_cached(sql::NEXT_NUMBER)?
        .query_row(params![key], |r| r.get(0))?;
    Ok(ticket_number(day, seq))
}

fn insert_ticket(tx: &Connection, t: &Ticket) -> StoreResult<()> {
    let row = ticket_row(t)?;
    tx.prepare_cached(sql::INSERT_TICKET)?
        .execute(params_from_iter(&row))?;
    tx.prepare_cached(INSERT_GRAMS)?
        .execute(params![t.id.0, crate::grams::document(&search_text(t))])?;
    Ok(())
}

fn update_ticket(tx: &Connection, t: &Ticket, expected: u64) -> StoreResult<()> {
    let mut row = ticket_row(t)?;
    row.push(Value::Int(expected as i64));
    // The search index changes only when the text does (most updates move the state).
    let text = search_text(t);
    let before: Option<String> = tx
        .prepare_cached("SELECT search_text FROM tickets WHERE id = ?1")?
        .query_row(params![t.id.0], |r| r.get(0))
        .optional()?;
    if before.is_some_and(|b| b != text) {
        tx.prepare_cached(DELETE_GRAMS)?.execute(params![t.id.0])?;
        tx.prepare_cached(INSERT_GRAMS)?
            .execute(params![t.id.0, crate::grams::document(&text)])?;
    }
    let changed = tx
        .prepare_cached(sql::UPDATE_TICKET)?
        .execute(params_from_iter(&row))?;
    if changed == 0 {
        let found: Option<i64> = tx
            .prepare_cached(sql::TICKET_VERSION)?
            .query_row(params![t.id.0], |r| r.get(0))
            .optional()?;
        return Err(stale(expected, found));
    }
    Ok(())
}

fn insert_events(tx: &Connection, history: &[EventEnvelope]) -> StoreResult<()> {
    let mut stmt = tx.prepare_cached(sql::INSERT_EVENT)?;
    for e in history {
        stmt.execute(params![
            e.ticket.0,
            e.version as i64,
            millis(e.at),
            e.actor.0,
            e.actor_name,
            to_json(&e.event)?
        ])?;
    }
    Ok(())
}

fn insert_attachments(
    tx: &Connection,
    ticket: TicketId,
    files: &[NewAttachment],
) -> StoreResult<()> {
    let mut stmt = tx.prepare_cached(sql::INSERT_ATTACHMENT)?;
    for f in files {
        let size = f.bytes.len() as i64;
        stmt.execute(params![
            f.id,
            ticket.0,
            f.name,
            f.content_type,
            size,
            f.bytes
        ])?;
    }
    Ok(())
}

/// A ticket's history, in version order.
pub(super) fn load_events(c: &Connection, id: TicketId) -> StoreResult<Vec<EventEnvelope>> {
    let mut stmt = c.prepare_cached(sql::EVENTS)?;
    let rows = stmt.query_map(params![id.0], |r| {
        Ok((
            r.get::<_, i64>(0)?,
            r.get::<_, i64>(1)?,
            r.get::<_, i64>(2)?,
            r.get::<_, String>(3)?,
            r.get::<_, String>(4)?,
        ))
    })?;
    let mut out = Vec::new();
    for row in rows {
        let (version, at, actor, actor_name, data) = row?;
        out.push(EventEnvelope {
            ticket: id,
            version: version as u64,
            at: from_millis(at),
            actor: UserId(actor),
            actor_name,
            event: from_json(&data)?,
        });
    }
    Ok(out)
}

pub(super) fn link_units(tx: &Connection, t: &Ticket) -> StoreResult<()> {
    let mut stmt = tx.prepare_cached(sql::LINK_UNIT)?;
    for u in t.involved_units() {
        stmt.execute(params![u.0, t.id.0, t.takes_part(u)])?;
    }
    Ok(())
}

fn load(conn: &Connection, sql: &str, key: impl rusqlite::ToSql) -> StoreResult<Option<Ticket>> {
    let data: Option<String> = conn
        .prepare_cached(sql)?
        .query_row(params![key], |r| r.get(0))
        .optional()?;
    data.map(|d| from_json(&d)).transpose()
}

fn next_id(tx: &Connection) -> StoreResult<i64> {
    Ok(tx
        .prepare_cached(sql::NEXT_TICKET_ID)?
        .query_row([], |r| r.get(0))?)
}

impl rusqlite::ToSql for Value {
    fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
        match self {
            Value::Int(i) => i.to_sql(),
            Value::Text(s) => s.to_sql(),
            Value::MaybeInt(i) => i.to_sql(),
            Value::MaybeText(s) => s.to_sql(),
        }
    }
}

fn row_user(r: &rusqlite::Row) -> rusqlite::Result<(User, String, String)> {
    Ok((
        User {
            id: UserId(r.get(0)?),
            username: r.get(1)?,
            display_name: r.get(2)?,
            roles: vec![],
            unit: r.get::<_, Option<i64>>(4)?.map(UnitId),
            active: r.get::<_, i64>(5)? != 0,
        },
        r.get(3)?,
        r.get(6)?,
    ))
}

#[async_trait]
impl Store for SqliteStore {
    fn backend(&self) -> &'static str {
        "sqlite"
    }

    async fn migrate(&self) -> StoreResult<()> {
        self.write(|conn| {
            conn.execute_batch(
                "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY)",
            )?;
            for (version, sql) in MIGRATIONS {
                let tx = conn.savepoint()?;
                let done: Option<i64> = tx
                    .query_row(
                        "SELECT version FROM schema_migrations WHERE version = ?1",
                        params![version],
                        |r| r.get(0),
                    )
                    .optional()?;
                if done.is_none() {
                    tx.execute_batch(sql)?;
                    tx.execute(
                        "INSERT INTO schema_migrations (version) VALUES (?1)",
                        params![version],
                    )?;
                }
                tx.commit()?;
            }
            backfill_grams(conn)?;
            refold::refold(conn)
        })
        .await
    }

    async fn ping(&self) -> StoreResult<()> {
        self.read(|c| {
            Ok(c.query_row("SELECT 1", [], |r| r.get::<_, i64>(0))
                .map(|_| ())?)
        })
        .await
    }

    async fn create_ticket(&self, new: CreateTicket) -> StoreResult<Created> {
        self.write(move |conn| {
            let CreateTicket {
                idempotency,
                mut ticket,
                mut events,
                recorded,
                intake,
                check_places: checked,
            } = new;
            let tx = conn.savepoint()?;
            if let Some(key) = &idempotency {
                let existing: Option<(i64, Option<String>)> = tx
                    .prepare_cached(sql::IDEMPOTENCY_KEY)?
                    .query_row(params![key.key], |r| Ok((r.get(0)?, r.get(1)?)))
                    .optional()?;
                if let Some((id, fingerprint)) = existing {
                    let t =
                        load(&tx, sql::TICKET_BY_ID, id)?.ok_or(StoreError::NotFound("ticket"))?;
                    return Ok(crate::retried(key, fingerprint, t));
                }
            }
            let id = TicketId(next_id(&tx)?);
            let number = next_number(&tx, ticket.created_at)?;
            stamp(&mut ticket, &mut events, id, &number);
            if checked {
                org::check_places(&tx, &ticket)?;
            }
            insert_ticket(&tx, &ticket)?;
            insert_events(&tx, &envelopes(id, 1, events, &recorded))?;
            link_units(&tx, &ticket)?;
            if let Some(record) = &intake {
                routing::insert_intake(&tx, id, record)?;
            }
            if let Some(key) = &idempotency {
                tx.prepare_cached(sql::INSERT_IDEMPOTENCY_KEY)?
                    .execute(params![key.key, id.0, key.fingerprint])?;
            }
            tx.commit()?;
            Ok(Created::New(ticket))
        })
        .await
    }

    async fn import_tickets(
        &self,
        batch: Vec<(Ticket, Vec<EventEnvelope>)>,
    ) -> StoreResult<Vec<Ticket>> {
        self.write(move |conn| {
            let tx = conn.savepoint()?;
            let first = next_id(&tx)?;
            let mut out = Vec::with_capacity(batch.len());
            for (id, (mut ticket, mut history)) in (first..).zip(batch) {
                let number = next_number(&tx, ticket.created_at)?;
                stamp_history(&mut ticket, &mut history, TicketId(id), &number);
                insert_ticket(&tx, &ticket)?;
                insert_events(&tx, &history)?;
                link_units(&tx, &ticket)?;
                out.push(ticket);
            }
            tx.commit()?;
            Ok(out)
        })
        .await
    }

    async fn ticket(&self, id: TicketId) -> StoreResult<Option<Ticket>> {
        self.read(move |c| load(c, sql::TICKET_BY_ID, id.0)).await
    }

    async fn ticket_by_number(&self, number: &str) -> StoreResult<Option<Ticket>> {
        let number = number.to_string();
        self.read(move |c| load(c, sql::TICKET_BY_NUMBER, number))
            .await
    }

    async fn save_tickets(
        &self,
        changes: Vec<TicketChange>,
        recorded: Recorded,
    ) -> StoreResult<Vec<Ticket>> {
        self.write(move |conn| {
            let tx = conn.savepoint()?;
            let mut out = Vec::with_capacity(changes.len());
            for ch in changes {
                if ch.check_places {
                    org::check_places(&tx, &ch.ticket)?;
                }
                update_ticket(&tx, &ch.ticket, ch.expected_version)?;
                insert_events(
                    &tx,
                    &envelopes(ch.ticket.id, ch.expected_version + 1, ch.events, &recorded),
                )?;
                insert_attachments(&tx, ch.ticket.id, &ch.attachments)?;
                routing::change_intake(&tx, ch.ticket.id, &ch.intake)?;
                if let Some(used) = &ch.article_use {
                    knowledge::count_use(&tx, used)?;
                }
                link_units(&tx, &ch.ticket)?;
                org::unlink_others(&tx, &ch.ticket)?;
                out.push(ch.ticket);
            }
            tx.commit()?;
            Ok(out)
        })
        .await
    }

    async fn events(&self, id: TicketId) -> StoreResult<Vec<EventEnvelope>> {
        self.read(move |c| load_events(c, id)).await
    }

    async fn search(&self, filter: &TicketFilter, page: Page) -> StoreResult<(Vec<Ticket>, u64)> {
        let mut compiled = compile(filter, false);
        self.read(move |c| {
            let known_total = plan_id_sets(c, &mut compiled)?;
            let values = || params_from_iter(&compiled.values);
            let (page_sql, count_sql) = search_sql(&compiled, page);
            let mut stmt = c.prepare(&page_sql)?;
            let rows = stmt.query_map(values(), |r| r.get::<_, String>(0))?;
            let mut out = Vec::new();
            for d in rows {
                out.push(from_json(&d?)?);
            }
            let total = match known_total {
                Some(n) => n,
                None => c.query_row(&count_sql, values(), |r| r.get::<_, i64>(0))? as u64,
            };
            Ok((out, total))
        })
        .await
    }

    async fn scan(
        &self,
        filter: &TicketFilter,
        after: TicketId,
        limit: u32,
    ) -> StoreResult<Vec<Ticket>> {
        let (sql, values) = scan_sql(filter, after.0, limit, false);
        self.read(move |c| {
            let mut stmt = c.prepare_cached(&sql)?;
            let rows = stmt.query_map(params_from_iter(&values), |r| r.get::<_, String>(0))?;
            let mut out = Vec::new();
            for d in rows {
                out.push(from_json(&d?)?);
            }
            Ok(out)
        })
        .await
    }

    async fn count(&self, filter: &TicketFilter) -> StoreResult<u64> {
        let mut compiled = compile(filter, false);
        self.read(move |c| {
            if let Some(n) = plan_id_sets(c, &mut compiled)? {
                return Ok(n);
            }
            let (_, count_sql) = search_sql(&compiled, Page::default());
            let n: i64 =
                c.query_row(&count_sql, params_from_iter(&compiled.values), |r| r.get(0))?;
            Ok(n as u64)
        })
        .await
    }

    async fn ticket_count(&self) -> StoreResult<u64> {
        self.read(|c| {
            Ok(c.query_row("SELECT COUNT(*) FROM tickets", [], |r| r.get::<_, i64>(0))? as u64)
        })
        .await
    }

    async fn attachment(&self, id: i64) -> StoreResult<Option<StoredAttachment>> {
        self.read(move |c| {
            Ok(c.prepare_cached(sql::ATTACHMENT)?
                .query_row(params![id], |r| {
                    Ok(StoredAttachment {
                        id,
                        ticket: TicketId(r.get(0)?),
                        name: r.get(1)?,
                        content_type: r.get(2)?,
                        bytes: r.get(3)?,
                    })
                })
                .optional()?)
        })
        .await
    }

    async fn insert_places(&self, places: &[Place]) -> StoreResult<()> {
        let places = places.to_vec();
        self.write(move |c| org::insert_places(c, &places)).await
    }

    async fn places(&self) -> StoreResult<Vec<Place>> {
        self.read(org::places).await
    }

    async fn delete_place(&self, code: &str) -> StoreResult<PlaceDeletion> {
        let code = code.to_string();
        self.write(move |c| org::delete_place(c, &code)).await
    }

    async fn insert_unit(&self, unit: NewUnit) -> StoreResult<Unit> {
        self.write(move |c| org::insert_unit(c, unit)).await
    }

    async fn update_unit(&self, unit: &Unit) -> StoreResult<()> {
        let unit = unit.clone();
        self.write(move |c| org::update_unit(c, &unit)).await
    }

    async fn units(&self) -> StoreResult<Vec<Unit>> {
        self.read(org::units).await
    }

    async fn insert_user(&self, user: NewUser) -> StoreResult<User> {
        self.write(move |c| {
            let id = c.query_row(
                sql::INSERT_USER,
                params![
                    user.username,
                    user.display_name,
                    to_json(&user.roles)?,
                    user.unit.map(|u| u.0),
                    user.password_hash
                ],
                |r| r.get(0),
            )?;
            Ok(User {
                id: UserId(id),
                username: user.username,
                display_name: user.display_name,
                roles: user.roles,
                unit: user.unit,
                active: true,
            })
        })
        .await
    }

    async fn update_user(&self, user: &User, password_hash: Option<&str>) -> StoreResult<()> {
        let (user, hash) = (user.clone(), password_hash.map(str::to_string));
        self.write(move |c| {
            let tx = c.savepoint()?;
            let n = tx.execute(
                sql::UPDATE_USER,
                params![
                    user.id.0,
                    user.display_name,
                    to_json(&user.roles)?,
                    user.unit.map(|u| u.0),
                    user.active as i64,
                    hash
                ],
            )?;
            if n == 0 {
                return Err(StoreError::NotFound("user"));
            }
            if hash.is_some() {
                tx.execute(sql::DELETE_USER_TOKENS, params![user.id.0])?;
            }
            tx.commit()?;
            Ok(())
        })
        .await
    }

    async fn user(&self, id: UserId) -> StoreResult<Option<User>> {
        self.read(move |c| {
            let row = c
                .query_row(sql::USER_BY_ID, params![id.0], row_user)
                .optional()?;
            Ok(row.map(finish_user).transpose()?.map(|(u, _)| u))
        })
        .await
    }

    async fn user_with_hash(&self, username: &str) -> StoreResult<Option<(User, String)>> {
        let username = username.to_string();
        self.read(move |c| {
            let row = c
                .query_row(sql::USER_BY_NAME, params![username], row_user)
                .optional()?;
            row.map(finish_user).transpose()
        })
        .await
    }

    async fn users(&self) -> StoreResult<Vec<User>> {
        self.read(|c| {
            let mut stmt = c.prepare_cached(sql::USERS)?;
            let rows = stmt.query_map([], row_user)?;
            let mut out = Vec::new();
            for r in rows {
                out.push(finish_user(r?)?.0);
            }
            Ok(out)
        })
        .await
    }

    async fn insert_token(
        &self,
        hash: &str,
        user: UserId,
        kind: TokenKind,
        expires: DateTime<Utc>,
    ) -> StoreResult<()> {
        let hash = hash.to_string();
        self.write(move |c| {
            c.execute(
                sql::INSERT_TOKEN,
                params![hash, user.0, to_json(&kind)?, millis(expires)],
            )?;
            Ok(())
        })
        .await
    }

    async fn token_user(&self, hash: &str, now: DateTime<Utc>) -> StoreResult<Option<User>> {
        let hash = hash.to_string();
        self.read(move |c| {
            let row = c
                .query_row(sql::TOKEN_USER, params![hash, millis(now)], row_user)
                .optional()?;
            Ok(row.map(finish_user).transpose()?.map(|(u, _)| u))
        })
        .await
    }

    async fn delete_token(&self, hash: &str) -> StoreResult<()> {
        let hash = hash.to_string();
        self.write(move |c| {
            c.execute(sql::DELETE_TOKEN, params![hash])?;
            Ok(())
        })
        .await
    }

    async fn upsert_categories(
        &self,
        categories: &[Category],
        policy_seen: Option<&Policy>,
    ) -> StoreResult<bool> {
        let (cats, seen) = (categories.to_vec(), policy_seen.cloned());
        self.write(move |conn| {
            if !held_for_settings(conn) || stored_policy(conn)? != seen {
                return Ok(false);
            }
            let tx = conn.savepoint()?;
            {
                let mut stmt = tx.prepare_cached(sql::UPSERT_CATEGORY)?;
                for c in &cats {
                    stmt.execute(params![
                        c.code,
                        c.name,
                        c.parent,
                        c.level as i64,
                        c.tier,
                        c.active as i64
                    ])?;
                }
            }
            tx.commit()?;
            Ok(true)
        })
        .await
    }

    async fn categories(&self) -> StoreResult<Vec<Category>> {
        self.read(|c| {
            let mut stmt = c.prepare_cached(sql::CATEGORIES)?;
            let rows = stmt.query_map([], |r| {
                Ok(Category {
                    code: r.get(0)?,
                    name: r.get(1)?,
                    parent: r.get(2)?,
                    level: r.get::<_, i64>(3)? as u8,
                    tier: r.get(4)?,
                    active: r.get::<_, i64>(5)? != 0,
                })
            })?;
            Ok(rows.collect::<Result<Vec<_>, _>>()?)
        })
        .await
    }

    async fn save_responsibility(
        &self,
        rules: &[ResponsibilityRule],
        at: DateTime<Utc>,
        after: Option<i64>,
    ) -> StoreResult<Option<i64>> {
        let json = to_json(&rules)?;
        // In the writer: no other save lands between the check and the insert.
        self.write(move |c| {
            if let Some(seen) = after {
                let latest: i64 =
                    c.query_row(sql::LATEST_RESPONSIBILITY_VERSION, [], |r| r.get(0))?;
                if latest != seen {
                    return Ok(None);
                }
            }
            let version =
                c.query_row(sql::INSERT_RESPONSIBILITY, params![millis(at), json], |r| {
                    r.get(0)
                })?;
            Ok(Some(version))
        })
        .await
    }

    async fn responsibility(&self, version: Option<i64>) -> StoreResult<ResponsibilityList> {
        self.read(move |c| {
            let pair = |r: &rusqlite::Row| Ok((r.get(0)?, r.get(1)?));
            let row: Option<(i64, String)> = match version {
                Some(v) => c
                    .query_row(sql::RESPONSIBILITY, params![v], pair)
                    .optional()?,
                None => c
                    .query_row(sql::LATEST_RESPONSIBILITY, [], pair)
                    .optional()?,
            };
            responsibility_list(row, version)
        })
        .await
    }

    async fn save_calendar_year(
        &self,
        schedule: &YearSchedule,
        seen: &[YearSchedule],
    ) -> StoreResult<bool> {
        let (year, json, seen) = (schedule.year as i64, to_json(schedule)?, seen.to_vec());
        // The writer's transaction (BEGIN IMMEDIATE) holds the database's write lock: no other
        // process writes between this read and the write.
        self.write(move |c| {
            if !held_for_settings(c) {
                return Ok(false);
            }
            if stored_years(c)? != seen {
                return Ok(false);
            }
            c.execute(sql::UPSERT_CALENDAR_YEAR, params![year, json])?;
            Ok(true)
        })
        .await
    }

    async fn calendar_years(&self) -> StoreResult<Vec<YearSchedule>> {
        self.read(stored_years).await
    }

    async fn save_policy(&self, policy: &Policy, seen: Option<&Policy>) -> StoreResult<bool> {
        let (json, seen) = (to_json(policy)?, seen.cloned());
        let tiers: Vec<String> = policy.tiers.iter().map(|t| t.code.clone()).collect();
        self.write(move |c| {
            if !held_for_settings(c) {
                return Ok(false);
            }
            if stored_policy(c)? != seen || !keeps_category_tiers(c, &tiers)? {
                return Ok(false);
            }
            c.execute(sql::UPSERT_POLICY, params![json])?;
            Ok(true)
        })
        .await
    }

    async fn policy(&self) -> StoreResult<Option<Policy>> {
        self.read(stored_policy).await
    }

    async fn setting(&self, key: &str) -> StoreResult<Option<String>> {
        let key = key.to_string();
        self.read(move |c| {
            Ok(c.query_row(sql::SETTING, params![key], |r| r.get(0))
                .optional()?)
        })
        .await
    }

    async fn save_setting(&self, key: &str, value: &str) -> StoreResult<()> {
        let (key, value) = (key.to_string(), value.to_string());
        self.write(move |c| {
            c.execute(sql::UPSERT_SETTING, params![key, value])?;
            Ok(())
        })
        .await
    }
}

/// Whether this write runs in the writer's transaction, which the compare and the save of a
/// setting must share: not if it could not begin (another process held the database past the
/// busy timeout). Then nothing is saved and the caller reads and tries again, as after another
/// writer's change, and says the settings are busy after a few tries.
fn held_for_settings(c: &Connection) -> bool {
    !c.is_autocommit()
}

fn stored_years(c: &Connection) -> StoreResult<Vec<YearSchedule>> {
    let mut stmt = c.prepare_cached(sql::CALENDAR_YEARS)?;
    let rows = stmt.query_map([], |r| r.get::<_, String>(0))?;
    let mut out = Vec::new();
    for r in rows {
        out.push(from_json(&r?)?);
    }
    Ok(out)
}

/// Whether every stored category's tier is one of `tiers`.
fn keeps_category_tiers(c: &Connection, tiers: &[String]) -> StoreResult<bool> {
    let mut stmt = c.prepare_cached(sql::CATEGORY_TIERS)?;
    let used = stmt.query_map([], |r| r.get::<_, String>(0))?;
    for tier in used {
        if !tiers.contains(&tier?) {
            return Ok(false);
        }
    }
    Ok(true)
}

fn stored_policy(c: &Connection) -> StoreResult<Option<Policy>> {
    let v: Option<String> = c.query_row(sql::POLICY, [], |r| r.get(0)).optional()?;
    v.map(|s| from_json(&s)).transpose()
}
