//! Ticket search filters, compiled to SQL inside the store so no SQL leaks upward, and the ticket
//! row both backends write. The backends share the compiler and the statements; only the
//! placeholder style differs (`?N` for SQLite, `$N` for PostgreSQL, see `dollars`).
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use hotline_domain::category::LEAF_CODE_DIGITS;
use hotline_domain::clock::ClockKind;
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
    /// Changed (any event) at or after this instant.
    pub updated_from: Option<DateTime<Utc>>,
    /// A running clock is due before this instant (overdue when it is now).
    pub due_before: Option<DateTime<Utc>>,
    /// A running clock passed its warning point before this instant (yellow or red).
    pub warn_before: Option<DateTime<Utc>>,
    #[serde(default)]
    pub urged: bool,
    #[serde(default)]
    pub supervised: bool,
    /// Only tickets whose caller now asks for confidentiality (保密). Set by the service, never
    /// read from a request.
    #[serde(skip)]
    pub confidential_caller: bool,
    /// Tickets left out whatever else matches (what a unit must not find, see the service's
    /// search). Set by the service, never read from a request.
    #[serde(skip)]
    pub except: Vec<hotline_domain::ticket::TicketId>,
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
        // SQLite's LIKE ignores ASCII case; PostgreSQL's does not, so it gets ILIKE, in the "C"
        // collation: ILIKE folds by the database's locale (Ａ and ａ alike under a UTF-8 one),
        // and both backends fold ASCII letters only.
        let like = if dollar {
            "COLLATE \"C\" ILIKE"
        } else {
            "LIKE"
        };
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
    if let Some(t) = f.updated_from {
        parts.push(format!(
            "updated_at >= {}",
            ph(Value::Int(t.timestamp_millis()), &mut values)
        ));
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
    if f.confidential_caller {
        // Read from the ticket itself: few tickets are confidential, and this only narrows a
        // set other filters found.
        parts.push(if dollar {
            "(data::json -> 'caller' ->> 'confidential') = 'true'".into()
        } else {
            "json_extract(data, '$.caller.confidential') = 1".into()
        });
    }
    if !f.except.is_empty() {
        // One parameter however many: a list of ids.
        let ids: Vec<String> = f.except.iter().map(|id| id.0.to_string()).collect();
        let list = ph(Value::Text(ids.join(",")), &mut values);
        parts.push(if dollar {
            format!("id <> ALL (string_to_array({list}, ',')::bigint[])")
        } else {
            format!("id NOT IN (SELECT value FROM json_each('[' || {list} || ']'))")
        });
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
    // Tickets changed lately are a few among many: found by their time's index and sorted,
    // not by walking every id for them (which SQLite chose, for the order it gives).
    let id = if f.updated_from.is_some() {
        "+id"
    } else {
        "id"
    };
    let sql = format!(
        "SELECT data FROM tickets {where_sql}{glue} {id} > {after} ORDER BY {id} LIMIT {}",
        limit.min(5000)
    );
    (sql, values)
}

/// A statement written for SQLite (`?N`) in PostgreSQL's placeholder style (`$N`). The shared
/// statements use `?` for nothing else.
pub(crate) fn dollars(sql: &str) -> String {
    sql.replace('?', "$")
}

/// Statements both backends run as they are (after `dollars` for PostgreSQL).
pub(crate) mod sql;

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
    // The return window is the time a unit may give the ticket back, not work it owes: its end
    // makes nothing due (its own due time still closes the window, read from the ticket).
    let running = (t.clocks.iter())
        .filter(|(kind, c)| *kind != ClockKind::ReturnWindow && c.running_since.is_some());
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
    fn a_scan_of_tickets_changed_lately_is_led_by_the_time_of_change() {
        let since = DateTime::from_timestamp_millis(1_000).unwrap_or_default();
        let changed = TicketFilter {
            updated_from: Some(since),
            ..TicketFilter::default()
        };
        for dollar in [false, true] {
            let (sql, _) = scan_sql(&changed, 0, 100, dollar);
            assert!(
                sql.contains("+id >") && sql.ends_with("ORDER BY +id LIMIT 100"),
                "{sql}"
            );
            let (sql, _) = scan_sql(&TicketFilter::default(), 0, 100, dollar);
            assert!(
                sql.contains(" id >") && sql.contains("ORDER BY id"),
                "{sql}"
            );
        }
        let db = rusqlite::Connection::open_in_memory().expect("a database");
        db.execute_batch(
            "CREATE TABLE tickets (id INTEGER PRIMARY KEY, updated_at INTEGER, data TEXT);
             CREATE INDEX tickets_updated ON tickets (updated_at);",
        )
        .expect("the table");
        let (sql, _) = scan_sql(&changed, 0, 100, false);
        let plan: String = db
            .query_row(&format!("EXPLAIN QUERY PLAN {sql}"), [1_000, 0], |r| {
                r.get(3)
            })
            .expect("the plan");
        assert!(plan.contains("INDEX tickets_updated"), "{plan}");
    }

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
            ktv.where_sql.contains("search_text COLLATE \"C\" ILIKE $2"),
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
