//! Ticket search filters, compiled to SQL inside the store so no SQL leaks upward, and the ticket
//! row both backends write. The backends share the compiler and the statements; only the
//! placeholder style differs (`?N` for SQLite, `$N` for PostgreSQL, see `dollars`).
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use hotline_domain::category::LEAF_CODE_DIGITS;
use hotline_domain::org::UnitId;
use hotline_domain::ticket::{Channel, ColourTag, Ticket, TicketKind, TicketState};

/// What to look for. Empty fields do not filter.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct TicketFilter {
    #[serde(default)]
    pub states: Vec<TicketState>,
    pub number: Option<String>,
    pub phone: Option<String>,
    /// The other forms a ticket may keep `phone` in (`hotline_domain::caller::other_forms`: a
    /// city landline with or without its area code, one kept before its area code's 0 was
    /// given back): a ticket kept with any matches. Only with `phone`.
    #[serde(default)]
    pub phone_other_forms: Vec<String>,
    /// Words in the subject, record, event or demand.
    pub text: Option<String>,
    /// Tickets a unit has or had any part in (what its staff may see).
    pub involved_unit: Option<UnitId>,
    /// Tickets a unit takes part in now (its work: not those it gave back or that were taken
    /// from it, which it still sees).
    #[serde(default)]
    pub current_unit: Option<UnitId>,
    /// Tickets a unit holds now.
    pub holder: Option<UnitId>,
    /// A category code; matches the category and everything below it.
    pub category: Option<String>,
    pub district: Option<String>,
    /// A street (街道/镇) code of the gazetteer.
    pub street: Option<String>,
    /// A community (社区/村) code of the gazetteer.
    pub community: Option<String>,
    pub channel: Option<Channel>,
    pub kind: Option<TicketKind>,
    pub tag: Option<ColourTag>,
    pub created_from: Option<DateTime<Utc>>,
    pub created_to: Option<DateTime<Utc>>,
    /// A running clock is due before this instant (overdue when it is now).
    pub due_before: Option<DateTime<Utc>>,
    /// A running clock passed its warning point before this instant (yellow or red).
    pub warn_before: Option<DateTime<Utc>>,
    #[serde(default)]
    pub urged: bool,
    #[serde(default)]
    pub supervised: bool,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Order {
    #[default]
    Newest,
    Oldest,
    DueSoonest,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Page {
    pub limit: u32,
    pub offset: u32,
    pub order: Order,
}

impl Default for Page {
    fn default() -> Self {
        Page {
            limit: 50,
            offset: 0,
            order: Order::Newest,
        }
    }
}

/// A bound SQL value. A NULL keeps its column's type: PostgreSQL checks it.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Value {
    Int(i64),
    Text(String),
    MaybeInt(Option<i64>),
    MaybeText(Option<String>),
}

pub(crate) struct Compiled {
    pub where_sql: String,
    pub values: Vec<Value>,
    /// SQLite: the filters that are sets of ticket ids (the text's full-text matches, a unit's
    /// tickets), which the store plans by their size (see `IdSet`).
    pub id_sets: Vec<IdSet>,
    /// SQLite: the id sets are the whole filter, so the tickets it matches are their
    /// intersection, counted without reading a ticket.
    pub only_id_sets: bool,
    /// PostgreSQL: the filter is words (and perhaps a unit and a creation-time range), so this
    /// condition on `ticket_grams` alone (its grams, and its copy of the search text for the
    /// words the grams do not decide) finds the tickets, in creation order by that table's own
    /// index, and counts them without reading a ticket row.
    pub grams_where: Option<String>,
}

/// A filter that is a set of ticket ids. Written `id IN (…)`, the query starts from the set,
/// best when it is small; written `+id IN (…)`, each row is only checked against it and an index
/// of the order or of the other filters leads, best when it is large.
pub(crate) struct IdSet {
    /// The SELECT of the ids as `id`, with its one parameter written `{}`.
    pub select: &'static str,
    pub value: Value,
    /// Where the parameter is in `values`, counting from 1.
    pub index: usize,
}

impl IdSet {
    pub fn with_placeholder(&self, placeholder: &str) -> String {
        self.select.replace("{}", placeholder)
    }

    fn part(&self, checks_only: bool) -> String {
        let plus = if checks_only { "+" } else { "" };
        format!(
            "{plus}id IN ({})",
            self.with_placeholder(&format!("?{}", self.index))
        )
    }
}

impl Compiled {
    /// Makes the `i`th id set only checked, for a set found large.
    pub fn check_only(&mut self, i: usize) {
        let set = &self.id_sets[i];
        self.where_sql = self
            .where_sql
            .replacen(&set.part(false), &set.part(true), 1);
    }
}

// Each names its column `id`, so that sets can be intersected (see the SQLite store's plan).
const TEXT_SET: &str = "SELECT rowid AS id FROM ticket_grams WHERE ticket_grams MATCH {}";
const UNIT_SET: &str = "SELECT ticket_id AS id FROM ticket_units WHERE unit_id = {}";
const CURRENT_UNIT_SET: &str =
    "SELECT ticket_id AS id FROM ticket_units WHERE unit_id = {} AND taking_part";

pub(crate) fn compile(f: &TicketFilter, dollar: bool) -> Compiled {
    let mut parts: Vec<String> = Vec::new();
    let mut values: Vec<Value> = Vec::new();
    let mut id_sets: Vec<IdSet> = Vec::new();
    let mut exact = true;
    let ph = |v: Value, values: &mut Vec<Value>| {
        values.push(v);
        if dollar {
            format!("${}", values.len())
        } else {
            format!("?{}", values.len())
        }
    };
    if !f.states.is_empty() {
        let list: Vec<String> = f
            .states
            .iter()
            .map(|s| ph(Value::Text(s.as_str().into()), &mut values))
            .collect();
        parts.push(format!("state IN ({})", list.join(",")));
    }
    if let Some(n) = &f.number {
        parts.push(format!(
            "number = {}",
            ph(Value::Text(n.clone()), &mut values)
        ));
    }
    if let Some(p) = &f.phone {
        let mut forms = vec![ph(Value::Text(p.clone()), &mut values)];
        for other in &f.phone_other_forms {
            forms.push(ph(Value::Text(other.clone()), &mut values));
        }
        parts.push(match forms.as_slice() {
            [only] => format!("phone = {only}"),
            _ => format!("phone IN ({})", forms.join(", ")),
        });
    }
    // PostgreSQL: the conditions that `ticket_grams` can decide alone (the words, a unit, the
    // creation time), for when they are the whole filter.
    let mut grams_where: Vec<String> = Vec::new();
    let mut has_words = false;
    if let Some(t) = &f.text {
        // SQLite's LIKE ignores ASCII case; PostgreSQL's does not, so it gets ILIKE.
        let like = if dollar { "ILIKE" } else { "LIKE" };
        let mut phrases = Vec::new();
        let mut grams = Vec::new();
        let mut confirm = Vec::new();
        for word in t.split_whitespace().take(crate::MAX_QUERY_WORDS) {
            let (exact_word, cased) = if dollar {
                let q = crate::grams::pg_word_grams(word);
                grams.extend(q.grams);
                (q.exact, q.cased)
            } else {
                let q = crate::grams::word_query(word);
                phrases.extend(q.expression);
                (q.exact, true)
            };
            exact &= exact_word;
            if !exact_word {
                let escaped = word
                    .replace('\\', "\\\\")
                    .replace('%', "\\%")
                    .replace('_', "\\_");
                confirm.push((escaped, cased));
            }
        }
        let mut text_conditions = Vec::new();
        if !grams.is_empty() {
            // The GIN index on the tickets' characters and bigrams finds the tickets that have
            // every word's grams.
            grams.sort_unstable();
            grams.dedup();
            text_conditions.push(format!(
                "grams @> string_to_array({}, chr(1))",
                ph(
                    Value::Text(grams.join(&crate::grams::PG_SEPARATOR.to_string())),
                    &mut values
                )
            ));
        }
        for (escaped, cased) in confirm {
            let like = if cased { like } else { "LIKE" };
            text_conditions.push(format!(
                "search_text {like} {} ESCAPE '\\'",
                ph(Value::Text(format!("%{escaped}%")), &mut values)
            ));
        }
        if dollar && !text_conditions.is_empty() {
            // Confirmed on PostgreSQL's search table, which keeps the search text for this, so
            // the set is exact before any ticket row is read.
            let text = text_conditions.join(" AND ");
            parts.push(format!(
                "id IN (SELECT ticket_id FROM ticket_grams WHERE {text})"
            ));
            grams_where.push(text);
            has_words = true;
        } else {
            parts.extend(text_conditions);
        }
        if !phrases.is_empty() {
            let value = Value::Text(phrases.join(" AND "));
            ph(value.clone(), &mut values);
            let set = IdSet {
                select: TEXT_SET,
                value,
                index: values.len(),
            };
            parts.push(set.part(false));
            id_sets.push(set);
        }
    }
    let units = [
        (f.involved_unit, UNIT_SET),
        (f.current_unit, CURRENT_UNIT_SET),
    ];
    for (u, select) in units {
        let Some(u) = u else { continue };
        if dollar {
            let unit = format!(
                "IN ({})",
                select.replace("{}", &ph(Value::Int(u.0), &mut values))
            );
            parts.push(format!("id {unit}"));
            grams_where.push(format!("ticket_id {unit}"));
        } else {
            ph(Value::Int(u.0), &mut values);
            let set = IdSet {
                select,
                value: Value::Int(u.0),
                index: values.len(),
            };
            parts.push(set.part(false));
            id_sets.push(set);
        }
    }
    if let Some(u) = f.holder {
        parts.push(format!("holder = {}", ph(Value::Int(u.0), &mut values)));
    }
    if let Some(c) = &f.category {
        let code = c.replace(['%', '_'], "");
        if code.is_empty() {
            // Nothing left of the code (it was empty, or only LIKE wildcards): no category has
            // it, rather than a prefix of nothing that every category has.
            parts.push("1 = 0".to_string());
        }
        // Codes of digits (every stored code is 2, 4 or 6 digits) bound a range of codes.
        let upper = digits_upper_bound(&code);
        // PostgreSQL takes the range alone, or for a leaf the code itself, which its planner
        // estimates from the column's statistics. Beside a prefix LIKE, whose estimate it
        // multiplies by the LIKE's (a hundredth of the truth at a million tickets), and for a
        // leaf's narrow range, which it puts at one row out of thousands, a same-place repeat
        // lookup walked a whole category instead of the community's few open tickets (see
        // migration 0011). SQLite keeps the LIKE as the exact test: it is case-insensitive
        // there, so it cannot narrow an index on its own, and the range beside it can (a
        // whole-table count became a short index walk).
        let range_only = dollar && upper.is_some();
        if range_only && code.len() == LEAF_CODE_DIGITS {
            parts.push(format!("category = {}", ph(Value::Text(code), &mut values)));
        } else {
            if !range_only {
                parts.push(format!(
                    "category LIKE {}",
                    ph(Value::Text(format!("{code}%")), &mut values)
                ));
            }
            if let Some(upper) = upper {
                parts.push(format!(
                    "category >= {} AND category < {}",
                    ph(Value::Text(code), &mut values),
                    ph(Value::Text(upper), &mut values)
                ));
            }
        }
    }
    if let Some(d) = &f.district {
        parts.push(format!(
            "district = {}",
            ph(Value::Text(d.clone()), &mut values)
        ));
    }
    if let Some(s) = &f.street {
        parts.push(format!(
            "street = {}",
            ph(Value::Text(s.clone()), &mut values)
        ));
    }
    if let Some(c) = &f.community {
        parts.push(format!(
            "community = {}",
            ph(Value::Text(c.clone()), &mut values)
        ));
    }
    if let Some(c) = f.channel {
        parts.push(format!(
            "channel = {}",
            ph(Value::Text(c.as_str().into()), &mut values)
        ));
    }
    if let Some(k) = f.kind {
        parts.push(format!(
            "kind = {}",
            ph(Value::Text(k.as_str().into()), &mut values)
        ));
    }
    if let Some(t) = f.tag {
        parts.push(format!(
            "tags LIKE {}",
            ph(Value::Text(format!("%,{},%", t.as_str())), &mut values)
        ));
    }
    for (bound, op) in [(f.created_from, ">="), (f.created_to, "<")] {
        if let Some(t) = bound {
            let created = format!(
                "created_at {op} {}",
                ph(Value::Int(t.timestamp_millis()), &mut values)
            );
            grams_where.push(created.clone());
            parts.push(created);
        }
    }
    if let Some(t) = f.due_before {
        parts.push(format!(
            "next_due < {}",
            ph(Value::Int(t.timestamp_millis()), &mut values)
        ));
    }
    if let Some(t) = f.warn_before {
        parts.push(format!(
            "next_warn < {}",
            ph(Value::Int(t.timestamp_millis()), &mut values)
        ));
    }
    if f.urged {
        parts.push("urge_count > 0".into());
    }
    if f.supervised {
        parts.push("supervision IS NOT NULL".into());
    }
    let where_sql = if parts.is_empty() {
        String::new()
    } else {
        format!("WHERE {}", parts.join(" AND "))
    };
    let only_id_sets = exact && !id_sets.is_empty() && parts.len() == id_sets.len();
    let grams_where = (dollar && has_words && grams_where.len() == parts.len())
        .then(|| format!("WHERE {}", grams_where.join(" AND ")));
    Compiled {
        where_sql,
        values,
        id_sets,
        only_id_sets,
        grams_where,
    }
}

pub(crate) fn order_sql(o: Order) -> &'static str {
    match o {
        Order::Newest => "ORDER BY created_at DESC, id DESC",
        Order::Oldest => "ORDER BY created_at ASC, id ASC",
        // Both backends spell out where NULLs go: SQLite puts them first, PostgreSQL last.
        Order::DueSoonest => "ORDER BY next_due ASC NULLS LAST, id ASC",
    }
}

/// The page query and the count query of a search.
pub(crate) fn search_sql(c: &Compiled, page: Page) -> (String, String) {
    if let Some(w) = &c.grams_where {
        let count = format!("SELECT COUNT(*) FROM ticket_grams {w}");
        let dir = match page.order {
            Order::Newest => Some("DESC"),
            Order::Oldest => Some("ASC"),
            Order::DueSoonest => None,
        };
        if let Some(dir) = dir {
            // The page's tickets first, then only their rows.
            let page_sql = format!(
                "SELECT t.data FROM (SELECT ticket_id, created_at FROM ticket_grams {w} \
                 ORDER BY created_at {dir}, ticket_id {dir} LIMIT {} OFFSET {}) g \
                 JOIN tickets t ON t.id = g.ticket_id ORDER BY g.created_at {dir}, g.ticket_id {dir}",
                page.limit.min(500),
                page.offset
            );
            return (page_sql, count);
        }
    }
    (
        format!(
            "SELECT data FROM tickets {} {} LIMIT {} OFFSET {}",
            c.where_sql,
            order_sql(page.order),
            page.limit.min(500),
            page.offset
        ),
        format!("SELECT COUNT(*) FROM tickets {}", c.where_sql),
    )
}

/// A walk through the tickets a filter matches, in id order after `after`, at most `limit`: no
/// OFFSET and no count, so loading a large set page by page stays linear. The statement and its
/// values.
pub(crate) fn scan_sql(
    f: &TicketFilter,
    after: i64,
    limit: u32,
    dollar: bool,
) -> (String, Vec<Value>) {
    let Compiled {
        where_sql,
        mut values,
        ..
    } = compile(f, dollar);
    values.push(Value::Int(after));
    let n = values.len();
    let after = if dollar {
        format!("${n}")
    } else {
        format!("?{n}")
    };
    let glue = if where_sql.is_empty() {
        "WHERE"
    } else {
        " AND"
    };
    let sql = format!(
        "SELECT data FROM tickets {where_sql}{glue} id > {after} ORDER BY id LIMIT {}",
        limit.min(5000)
    );
    (sql, values)
}

/// A statement written for SQLite (`?N`) in PostgreSQL's placeholder style (`$N`). The shared
/// statements use `?` for nothing else.
pub(crate) fn dollars(sql: &str) -> String {
    sql.replace('?', "$")
}

/// Statements both backends run as they are (after `dollars` for PostgreSQL). An insert that
/// makes an id returns it.
pub(crate) mod sql {
    pub const INSERT_TICKET: &str = "INSERT INTO tickets (id, number, version, state, channel, kind, category, phone,
            district, holder, next_due, next_warn, urge_count, supervision, tags, search_text, created_at,
            updated_at, data, street, community, direct_answer, merged)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21, ?22, ?23)";
    /// Optimistic concurrency: touches no row when the version moved on. The parameters are the
    /// new row (as for `INSERT_TICKET`) and then the version it was loaded at.
    pub const UPDATE_TICKET: &str = "UPDATE tickets SET number = ?2, version = ?3, state = ?4,
            channel = ?5, kind = ?6, category = ?7, phone = ?8, district = ?9, holder = ?10,
            next_due = ?11, next_warn = ?12, urge_count = ?13, supervision = ?14, tags = ?15,
            search_text = ?16, created_at = ?17, updated_at = ?18, data = ?19, street = ?20,
            community = ?21, direct_answer = ?22, merged = ?23
         WHERE id = ?1 AND version = ?24";
    pub const TICKET_VERSION: &str = "SELECT version FROM tickets WHERE id = ?1";
    pub const TICKET_BY_ID: &str = "SELECT data FROM tickets WHERE id = ?1";
    pub const TICKET_BY_NUMBER: &str = "SELECT data FROM tickets WHERE number = ?1";
    pub const NEXT_TICKET_ID: &str = "SELECT COALESCE(MAX(id), 0) + 1 FROM tickets";
    /// The daily sequence of ticket numbers; the upsert locks the day's row until commit.
    pub const NEXT_NUMBER: &str = "INSERT INTO ticket_counters (day, last) VALUES (?1, 1)
         ON CONFLICT (day) DO UPDATE SET last = ticket_counters.last + 1 RETURNING last";
    pub const INSERT_EVENT: &str =
        "INSERT INTO ticket_events (ticket_id, version, at, actor, actor_name, data) VALUES (?1, ?2, ?3, ?4, ?5, ?6)";
    pub const EVENTS: &str =
        "SELECT version, at, actor, actor_name, data FROM ticket_events WHERE ticket_id = ?1 ORDER BY version";
    /// A unit's link to a ticket: it sees the ticket, and acts on it while `taking_part`.
    pub const LINK_UNIT: &str = "INSERT INTO ticket_units (unit_id, ticket_id, taking_part)
         VALUES (?1, ?2, ?3) ON CONFLICT (unit_id, ticket_id)
         DO UPDATE SET taking_part = excluded.taking_part
         WHERE ticket_units.taking_part <> excluded.taking_part";
    pub const IDEMPOTENCY_KEY: &str =
        "SELECT ticket_id, fingerprint FROM idempotency_keys WHERE key = ?1";
    pub const INSERT_IDEMPOTENCY_KEY: &str =
        "INSERT INTO idempotency_keys (key, ticket_id, fingerprint) VALUES (?1, ?2, ?3)";
    pub const INSERT_ATTACHMENT: &str =
        "INSERT INTO attachments (id, ticket_id, name, content_type, size, bytes)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)";
    pub const ATTACHMENT: &str =
        "SELECT ticket_id, name, content_type, bytes FROM attachments WHERE id = ?1";
    pub const UPSERT_PLACE: &str = "INSERT INTO places (code, name, kind, parent, aliases, active)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)
         ON CONFLICT (code) DO UPDATE SET name = excluded.name, kind = excluded.kind, parent = excluded.parent,
         aliases = excluded.aliases, active = excluded.active";
    pub const PLACES: &str =
        "SELECT code, name, kind, parent, aliases, active FROM places ORDER BY code";
    /// Tickets whose place names the code (district, street or community).
    pub const TICKETS_AT_PLACE: &str =
        "SELECT COUNT(*) FROM tickets WHERE district = ?1 OR street = ?1 OR community = ?1";
    /// Delete a place that no ticket names, in one statement.
    pub const DELETE_UNUSED_PLACE: &str = "DELETE FROM places WHERE code = ?1 AND NOT EXISTS
         (SELECT 1 FROM tickets WHERE district = ?1 OR street = ?1 OR community = ?1)";
    pub const INSERT_UNIT: &str = "INSERT INTO units (code, name, level, parent, area, active)
         VALUES (?1, ?2, ?3, ?4, ?5, 1) RETURNING id";
    pub const UPDATE_UNIT: &str =
        "UPDATE units SET code = ?2, name = ?3, level = ?4, parent = ?5, area = ?6, active = ?7 WHERE id = ?1";
    pub const UNITS: &str =
        "SELECT id, code, name, level, parent, area, active FROM units ORDER BY id";
    pub const INSERT_USER: &str =
        "INSERT INTO users (username, display_name, roles, unit_id, active, password_hash)
         VALUES (?1, ?2, ?3, ?4, 1, ?5) RETURNING id";
    pub const UPDATE_USER: &str =
        "UPDATE users SET display_name = ?2, roles = ?3, unit_id = ?4, active = ?5,
            password_hash = COALESCE(?6, password_hash) WHERE id = ?1";
    pub const USER_BY_ID: &str =
        "SELECT id, username, display_name, roles, unit_id, active, password_hash FROM users WHERE id = ?1";
    pub const USER_BY_NAME: &str =
        "SELECT id, username, display_name, roles, unit_id, active, password_hash FROM users WHERE username = ?1";
    pub const USERS: &str =
        "SELECT id, username, display_name, roles, unit_id, active, password_hash FROM users ORDER BY id";
    pub const INSERT_TOKEN: &str =
        "INSERT INTO tokens (hash, user_id, kind, expires_at) VALUES (?1, ?2, ?3, ?4)";
    pub const TOKEN_USER: &str =
        "SELECT u.id, u.username, u.display_name, u.roles, u.unit_id, u.active,
            u.password_hash
         FROM users u JOIN tokens t ON t.user_id = u.id
         WHERE t.hash = ?1 AND t.expires_at > ?2 AND u.active = 1";
    pub const DELETE_TOKEN: &str = "DELETE FROM tokens WHERE hash = ?1";
    pub const UPSERT_CATEGORY: &str =
        "INSERT INTO categories (code, name, parent, level, tier, active)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)
         ON CONFLICT (code) DO UPDATE SET name = excluded.name, parent = excluded.parent,
            level = excluded.level, tier = excluded.tier, active = excluded.active";
    pub const CATEGORIES: &str =
        "SELECT code, name, parent, level, tier, active FROM categories ORDER BY code";
    pub const INSERT_RESPONSIBILITY: &str =
        "INSERT INTO responsibility_lists (created_at, rules) VALUES (?1, ?2) RETURNING version";
    pub const RESPONSIBILITY: &str =
        "SELECT version, rules FROM responsibility_lists WHERE version = ?1";
    pub const LATEST_RESPONSIBILITY: &str =
        "SELECT version, rules FROM responsibility_lists ORDER BY version DESC LIMIT 1";
    pub const UPSERT_CALENDAR_YEAR: &str =
        "INSERT INTO calendar_years (year, schedule) VALUES (?1, ?2)
         ON CONFLICT (year) DO UPDATE SET schedule = excluded.schedule";
    pub const CALENDAR_YEARS: &str = "SELECT schedule FROM calendar_years ORDER BY year";
    pub const UPSERT_POLICY: &str = "INSERT INTO settings (key, value) VALUES ('policy', ?1)
         ON CONFLICT (key) DO UPDATE SET value = excluded.value";
    pub const POLICY: &str = "SELECT value FROM settings WHERE key = 'policy'";
    pub const SETTING: &str = "SELECT value FROM settings WHERE key = ?1";
    pub const UPSERT_SETTING: &str = "INSERT INTO settings (key, value) VALUES (?1, ?2)
         ON CONFLICT (key) DO UPDATE SET value = excluded.value";
}

/// What keyword search looks in: the subject, the record, the event, the demand and the address.
pub(crate) fn search_text(t: &Ticket) -> String {
    let e = &t.elements;
    format!(
        "{} {} {} {} {}",
        t.subject, t.record, e.event, e.demand, e.place.address
    )
}

/// The `tickets` row of a ticket, in the parameter order of `sql::INSERT_TICKET` (and of
/// `sql::UPDATE_TICKET`, which adds the expected version): the ticket as JSON, plus the columns
/// derived from it for searches and queues.
pub(crate) fn ticket_row(t: &Ticket) -> crate::StoreResult<Vec<Value>> {
    let running = t.clocks.iter().filter(|(_, c)| c.running_since.is_some());
    let (mut next_due, mut next_warn) = (None::<i64>, None::<i64>);
    for (_, c) in running {
        if let Some(d) = c.due_at {
            let d = d.timestamp_millis();
            next_due = Some(next_due.map_or(d, |x| x.min(d)));
        }
        if let Some(w) = c.warn_at {
            let w = w.timestamp_millis();
            next_warn = Some(next_warn.map_or(w, |x| x.min(w)));
        }
    }
    // `,a,b,` so that a tag matches as `%,a,%` and never as part of another.
    let tags: Vec<&str> = t.tags.iter().map(|g| g.as_str()).collect();
    let tags = if tags.is_empty() {
        String::new()
    } else {
        format!(",{},", tags.join(","))
    };
    let e = &t.elements;
    let search_text = search_text(t);
    use Value::{Int, MaybeInt, MaybeText, Text};
    Ok(vec![
        Int(t.id.0),
        Text(t.number.clone()),
        Int(t.version as i64),
        Text(t.state.as_str().into()),
        Text(t.channel.as_str().into()),
        Text(t.kind.as_str().into()),
        MaybeText(t.category.clone()),
        Text(t.caller.phone.clone()),
        MaybeText(e.place.district.clone()),
        MaybeInt(t.holder().map(|u| u.0)),
        MaybeInt(next_due),
        MaybeInt(next_warn),
        Int(i64::from(t.urge_count)),
        MaybeText(t.supervision.map(|s| format!("{s:?}"))),
        Text(tags),
        Text(search_text),
        Int(t.created_at.timestamp_millis()),
        Int(t.updated_at.timestamp_millis()),
        Text(crate::to_json(t)?),
        MaybeText(e.place.street.clone()),
        MaybeText(e.place.community.clone()),
        // Answered on the spot, and not reopened since (a reopening clears the exemption).
        Int(i64::from(
            t.visit_exemption == Some(hotline_domain::ticket::VisitExemption::DirectAnswer),
        )),
        // Merged into another, now or once (a merge undone clears it).
        Int(i64::from(t.merged_into.is_some())),
    ])
}

/// The smallest string of digits above every string that starts with `code` (all digits):
/// "0205" → "0206", "0299" → "03"; none when `code` is empty, not all digits, or all nines.
/// Digit strings order the same in every collation, so the range is safe on both backends.
fn digits_upper_bound(code: &str) -> Option<String> {
    if code.is_empty() || !code.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let kept = code.trim_end_matches('9');
    let last = kept.bytes().last()?;
    let mut upper = kept[..kept.len() - 1].to_owned();
    upper.push(char::from(last + 1));
    Some(upper)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_category_of_wildcards_matches_nothing_rather_than_everything() {
        for dollar in [false, true] {
            let f = TicketFilter {
                category: Some("%".into()),
                ..TicketFilter::default()
            };
            let sql = compile(&f, dollar).where_sql;
            assert!(sql.contains("1 = 0"), "{sql}");
        }
    }

    #[test]
    fn postgres_filters_a_digit_category_by_its_range_alone() {
        let f = TicketFilter {
            category: Some("0299".into()),
            ..TicketFilter::default()
        };
        let pg = compile(&f, true);
        assert!(
            pg.where_sql.contains("category >= $1 AND category < $2"),
            "{}",
            pg.where_sql
        );
        assert!(!pg.where_sql.contains("LIKE"), "{}", pg.where_sql);
        assert_eq!(pg.values[1], Value::Text("03".into()));
        // SQLite keeps the LIKE as the exact test beside the range its index can walk.
        assert!(compile(&f, false).where_sql.contains("category LIKE ?1"));
        // A code not of digits stays a prefix LIKE on both.
        let odd = TicketFilter {
            category: Some("9x".into()),
            ..TicketFilter::default()
        };
        assert!(compile(&odd, true).where_sql.contains("category LIKE $1"));
        // A leaf has nothing below it: the code itself.
        let leaf = TicketFilter {
            category: Some("010203".into()),
            ..TicketFilter::default()
        };
        assert!(compile(&leaf, true).where_sql.contains("category = $1"));
    }

    #[test]
    fn postgres_reads_only_the_search_table_when_words_are_the_whole_filter() {
        let filter = |text: &str, unit: Option<i64>, states: Vec<TicketState>| TicketFilter {
            text: Some(text.into()),
            involved_unit: unit.map(UnitId),
            states,
            ..TicketFilter::default()
        };
        let pg = compile(&filter("噪音 水", Some(7), vec![]), true);
        assert_eq!(pg.values[0], Value::Text("噪音\u{1}水".into()));
        assert!(!pg.where_sql.contains("ILIKE"), "{}", pg.where_sql);
        let grams = pg.grams_where.as_deref().unwrap_or_default();
        assert!(
            grams.contains("grams @> string_to_array($1, chr(1))"),
            "{grams}"
        );
        assert!(
            grams.contains(
                "ticket_id IN (SELECT ticket_id AS id FROM ticket_units WHERE unit_id = $2)"
            ),
            "{grams}"
        );
        let (page, count) = search_sql(&pg, Page::default());
        assert!(
            page.starts_with("SELECT t.data FROM (SELECT ticket_id, created_at FROM ticket_grams"),
            "{page}"
        );
        assert_eq!(count, format!("SELECT COUNT(*) FROM ticket_grams {grams}"));
        // A longer word needs LIKE (ILIKE with cased letters), on the search table's copy of
        // the text; another condition needs the ticket row.
        let long = compile(&filter("噪音扰民", None, vec![]), true);
        assert!(
            long.where_sql.contains(
                "id IN (SELECT ticket_id FROM ticket_grams WHERE grams @> string_to_array($1, chr(1)) AND search_text LIKE $2"
            ),
            "{}",
            long.where_sql
        );
        assert_eq!(
            long.grams_where.as_deref(),
            Some("WHERE grams @> string_to_array($1, chr(1)) AND search_text LIKE $2 ESCAPE '\\'")
        );
        // Letters with case need ILIKE.
        let ktv = compile(&filter("KTV", None, vec![]), true);
        assert!(
            ktv.where_sql.contains("search_text ILIKE $2"),
            "{}",
            ktv.where_sql
        );
        let state = compile(&filter("噪音", None, vec![TicketState::Draft]), true);
        assert!(state.grams_where.is_none());
        // The creation time is in the search table too.
        let mut recent = filter("噪音", None, vec![]);
        recent.created_from = Some(DateTime::from_timestamp_millis(1_000).unwrap_or_default());
        let recent = compile(&recent, true);
        assert_eq!(
            recent.grams_where.as_deref(),
            Some("WHERE grams @> string_to_array($1, chr(1)) AND created_at >= $2")
        );
        // Nothing but spaces is no filter at all.
        assert!(compile(&filter("  ", None, vec![]), true)
            .grams_where
            .is_none());
        // Ordered by due time, the page needs the ticket row; the count still does not.
        let due = Page {
            order: Order::DueSoonest,
            ..Page::default()
        };
        let (page, count) = search_sql(&compile(&filter("噪音", None, vec![]), true), due);
        assert!(page.starts_with("SELECT data FROM tickets"), "{page}");
        assert!(count.contains("FROM ticket_grams"), "{count}");
        // SQLite has its own plan.
        assert!(compile(&filter("噪音", None, vec![]), false)
            .grams_where
            .is_none());
    }

    #[test]
    fn a_digit_code_bounds_the_range_of_its_descendants() {
        assert_eq!(digits_upper_bound("0205").as_deref(), Some("0206"));
        assert_eq!(digits_upper_bound("0299").as_deref(), Some("03"));
        assert_eq!(digits_upper_bound("7").as_deref(), Some("8"));
        assert_eq!(digits_upper_bound("999"), None);
        assert_eq!(digits_upper_bound(""), None);
        assert_eq!(digits_upper_bound("02a"), None);
    }
}
