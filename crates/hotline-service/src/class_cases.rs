//! Class cases (类案) for supervisors and leaders: the same kind of problem raised in several
//! places (Rizhao's immovable trees in a dozen old-town communities), found by clustering recent
//! tickets by category and text (`hotline_text::dedup::cluster`).
use std::collections::{BTreeSet, HashMap};
use std::sync::{Arc, Mutex};
use std::time::{Duration as StdDuration, Instant};

use chrono::{DateTime, Duration, Utc};
use serde::Serialize;

use hotline_domain::org::{Actor, Role};
use hotline_domain::ticket::{Ticket, TicketId, TicketKind, TicketState};
use hotline_store::{Order, Page, StoreError, TicketFilter};
use hotline_text::dedup;

use crate::{App, Reference, ServiceError, ServiceResult};

pub use hotline_text::dedup::CLASS_CASE_SIMILARITY;
pub const DEFAULT_DAYS: u32 = 30;
pub const DEFAULT_MIN_SIZE: usize = 3;
/// Class cases listed per page unless the query says otherwise, and at most.
pub const DEFAULT_LIMIT: usize = 50;
pub const MAX_LIMIT: usize = 500;
const MAX_DAYS: u32 = 90;
/// Tickets read per page.
const PAGE: u32 = 2000;
/// Ticket ids listed per class case (the count is always complete).
const MAX_IDS: usize = 200;

/// One kind of problem in several places.
#[derive(Debug, Clone, Serialize)]
pub struct ClassCase {
    pub category: String,
    pub category_name: String,
    pub count: usize,
    /// The distinct callers behind them (by line, `caller_line`; a ticket without a number
    /// counts as its own): one caller ringing again and again is no problem of many (and at
    /// least `min_size`).
    pub callers: usize,
    /// How many of them are still being handled (not closed, archived or screened out).
    pub open: usize,
    /// Names of the distinct places (community, else street, else district), sorted.
    pub places: Vec<String>,
    pub representative: TicketId,
    pub representative_number: String,
    /// Subject, event and demand of the ticket most like the others.
    pub representative_text: String,
    /// Mean similarity of the tickets to the representative, 0..=1.
    pub cohesion: f32,
    pub first_at: DateTime<Utc>,
    pub last_at: DateTime<Utc>,
    /// The tickets, oldest first (at most 200).
    pub tickets: Vec<TicketId>,
    /// The same tickets as a supervisor reads them: number, place, state and time.
    pub members: Vec<CaseTicket>,
}

/// One ticket of a class case.
#[derive(Debug, Clone, Serialize)]
pub struct CaseTicket {
    pub id: TicketId,
    pub number: String,
    /// The name of its most specific place (community, else street, else district), or empty.
    pub place: String,
    pub state: TicketState,
    pub created_at: DateTime<Utc>,
}

/// How long computed class cases are served before they are computed again. Clustering a month
/// of a big city's tickets takes seconds; class cases change over days.
pub const CACHE_TTL: StdDuration = StdDuration::from_secs(5 * 60);

/// Which class cases a supervisor asks for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClassCaseQuery {
    /// The window: tickets of the last `days` days (1–90).
    pub days: u32,
    /// Tickets a class case has at least (2 or more).
    pub min_size: usize,
    /// This category and those below it.
    pub category: Option<String>,
    /// Only the tickets at this place or within it (a district, a street): a class case of
    /// the whole city is one there when enough of its tickets, at two places or more, are.
    pub place: Option<String>,
    /// Only class cases with a ticket still being handled.
    pub open_only: bool,
    pub offset: usize,
    pub limit: usize,
    /// Cluster anew instead of reusing results of the last five minutes.
    pub refresh: bool,
}

impl Default for ClassCaseQuery {
    fn default() -> Self {
        Self {
            days: DEFAULT_DAYS,
            min_size: DEFAULT_MIN_SIZE,
            category: None,
            place: None,
            open_only: false,
            offset: 0,
            limit: DEFAULT_LIMIT,
            refresh: false,
        }
    }
}

/// Class cases as computed at one moment, those asked for.
#[derive(Debug, Clone, Serialize)]
pub struct ClassCases {
    pub days: u32,
    pub min_size: usize,
    pub category: Option<String>,
    pub place: Option<String>,
    pub open_only: bool,
    /// Class cases that match, on every page.
    pub total: usize,
    pub offset: usize,
    pub limit: usize,
    /// When the tickets were clustered (results are reused for up to five minutes).
    pub computed_at: DateTime<Utc>,
    pub class_cases: Vec<ClassCase>,
}

/// A cluster of the window as computed, every ticket with its place: what the cases asked for
/// are cut from.
#[derive(Debug)]
struct Found {
    category: String,
    category_name: String,
    representative: TicketId,
    representative_number: String,
    representative_text: String,
    cohesion: f32,
    members: Vec<Member>,
}

#[derive(Debug)]
struct Member {
    ticket: CaseTicket,
    /// The caller's line (`caller_line`), if the ticket has a number.
    phone: Option<String>,
    /// Its place codes, the most specific first.
    chain: Vec<String>,
}

/// One window's class cases: when they were computed (monotonic and wall-clock) and the list.
type Computed = (Instant, DateTime<Utc>, Arc<Vec<Found>>);

/// Computed class cases by window, and a gate so one computation runs at a time.
#[derive(Default)]
pub struct ClassCaseCache {
    entries: Mutex<HashMap<u32, Computed>>,
    gate: tokio::sync::Mutex<()>,
}

impl ClassCaseCache {
    fn fresh(&self, days: u32) -> Option<(DateTime<Utc>, Arc<Vec<Found>>)> {
        let entries = self.entries.lock().unwrap_or_else(|p| p.into_inner());
        let (at, computed_at, cases) = entries.get(&days)?;
        (at.elapsed() < CACHE_TTL).then(|| (*computed_at, cases.clone()))
    }

    fn put(&self, days: u32, computed_at: DateTime<Utc>, cases: Arc<Vec<Found>>) {
        let mut entries = self.entries.lock().unwrap_or_else(|p| p.into_inner());
        // Other windows' results past their time are dropped, not kept until asked again.
        entries.retain(|_, (at, ..)| at.elapsed() < CACHE_TTL);
        entries.insert(days, (Instant::now(), computed_at, cases));
    }
}

/// Whether a ticket tells of a problem a class case is made of: not a question (咨询) or thanks
/// (表扬), and a matter the hotline took on: not a draft, not screened out, not handed to the
/// emergency services, nor archived after one of those (only a closed ticket has `closed_at`).
fn tells_of_a_problem(t: &Ticket) -> bool {
    let archived_unhandled =
        t.state == TicketState::Archived && (t.closed_at.is_none() || t.merged_into.is_some());
    !matches!(t.kind, TicketKind::Consultation | TicketKind::Praise)
        && !matches!(
            t.state,
            TicketState::Draft | TicketState::NotAccepted | TicketState::Transferred
        )
        && !archived_unhandled
}

/// One key for a caller's line however a ticket keeps it (a local landline with or without the
/// city's area code, with or without an extension, an old form without the code's 0): the
/// longest of its forms without the extension.
fn caller_line(phone: &str, area_code: &str) -> Option<String> {
    let phone = phone.trim();
    if phone.is_empty() {
        return None;
    }
    hotline_domain::caller::line_forms(phone, area_code)
        .into_iter()
        .find(|f| !f.contains('转'))
        .or_else(|| Some(phone.to_string()))
}

/// The most specific place of a ticket.
fn place_code(t: &Ticket) -> Option<&str> {
    t.elements.place.finest()
}

/// The places of a cluster that are not above another of its places: a ticket at a street and
/// one at a community of that street are at one place (the community), not two.
fn distinct_places<'a>(r: &Reference, codes: &BTreeSet<&'a str>) -> Vec<&'a str> {
    let mut above: BTreeSet<&str> = BTreeSet::new();
    for code in codes {
        let mut next = r.places.get(*code).and_then(|p| p.parent.as_deref());
        // A chain is a few levels; the bound guards against a cycle in edited data.
        for _ in 0..8 {
            let Some(parent) = next else { break };
            above.insert(parent);
            next = r.places.get(parent).and_then(|p| p.parent.as_deref());
        }
    }
    codes
        .iter()
        .copied()
        .filter(|c| !above.contains(c))
        .collect()
}

/// Names for places, with the place above prefixed where two share a name.
fn place_names(r: &Reference, codes: &[&str]) -> Vec<String> {
    let name = |code: &str| {
        r.places
            .get(code)
            .map_or_else(|| code.to_string(), |p| p.name.clone())
    };
    let names: Vec<String> = codes.iter().map(|c| name(c)).collect();
    codes
        .iter()
        .zip(&names)
        .map(|(code, n)| {
            let shared = names.iter().filter(|m| *m == n).count() > 1;
            let parent = r.places.get(*code).and_then(|p| p.parent.as_deref());
            match parent {
                Some(parent) if shared => format!("{}{n}", name(parent)),
                _ => n.clone(),
            }
        })
        .collect()
}

/// Who may see class cases: supervisors and leaders.
pub const CLASS_CASE_ROLES: [Role; 2] = [Role::Supervisor, Role::Leader];

/// Unit staff never, whatever else an account stored before roles could not be mixed holds:
/// class cases list every unit's tickets.
pub fn require_class_case_role(actor: &Actor) -> ServiceResult<()> {
    if !actor.is_unit_staff() && actor.has_any(&CLASS_CASE_ROLES) {
        Ok(())
    } else {
        Err(ServiceError::Forbidden(
            "类案分析仅限督办员和领导 / class cases are for supervisors and leaders".into(),
        ))
    }
}

impl App {
    /// Class cases among the tickets of the last `days` days: clusters of at least `min_size`
    /// tickets of one category, from as many callers, that span two places or more (one place
    /// is a repeat, not a class case), made of problems (`tells_of_a_problem`: questions and
    /// thanks are none), narrowed to a category, a place or those still open as asked. Most places first, a page at a
    /// time. Supervisors and leaders only. The window's clusters computed in the last five
    /// minutes are reused unless `refresh` asks for a new computation.
    pub async fn class_cases(
        &self,
        actor: &Actor,
        q: &ClassCaseQuery,
    ) -> ServiceResult<ClassCases> {
        require_class_case_role(actor)?;
        let days = q.days;
        if !(1..=MAX_DAYS).contains(&days) {
            return Err(ServiceError::invalid(
                "days",
                format!("应为 1–{MAX_DAYS} 天 / 1–{MAX_DAYS} days"),
            ));
        }
        if q.min_size < 2 {
            return Err(ServiceError::invalid("min_size", "至少为 2 / at least 2"));
        }
        if !(1..=MAX_LIMIT).contains(&q.limit) {
            return Err(ServiceError::invalid(
                "limit",
                format!("每页数量应为 1–{MAX_LIMIT} / 1–{MAX_LIMIT} a page"),
            ));
        }
        let r = self.reference();
        if let Some(code) = q.category.as_deref() {
            if !r.categories.contains_key(code) {
                return Err(ServiceError::invalid(
                    "category",
                    format!("没有编码为「{code}」的分类 / no category {code}"),
                ));
            }
        }
        if let Some(code) = q.place.as_deref() {
            if !r.places.contains_key(code) {
                return Err(ServiceError::invalid(
                    "place",
                    format!("没有编码为「{code}」的地点 / no place {code}"),
                ));
            }
        }
        let cached = match q.refresh {
            false => self.class_case_cache.fresh(days),
            true => None,
        };
        let (computed_at, all) = match cached {
            Some(hit) => hit,
            None => {
                let _one_at_a_time = self.class_case_cache.gate.lock().await;
                match self.class_case_cache.fresh(days).filter(|_| !q.refresh) {
                    Some(hit) => hit,
                    None => {
                        let computed_at = self.now();
                        let all = Arc::new(self.compute_class_cases(days).await?);
                        self.class_case_cache.put(days, computed_at, all.clone());
                        (computed_at, all)
                    }
                }
            }
        };
        let mut cases: Vec<ClassCase> = all.iter().filter_map(|f| case_of(&r, f, q)).collect();
        cases.sort_by(|a, b| {
            b.places
                .len()
                .cmp(&a.places.len())
                .then(b.count.cmp(&a.count))
                .then(a.representative.cmp(&b.representative))
        });
        let total = cases.len();
        let mut cases: Vec<ClassCase> = cases.into_iter().skip(q.offset).take(q.limit).collect();
        // A case narrowed to a place whose representative lies outside it is represented by
        // its first ticket there (`case_of`), read now for the cases of this page only.
        for case in cases
            .iter_mut()
            .filter(|c| c.representative_text.is_empty())
        {
            if let Some(t) = self.store.ticket(case.representative).await? {
                case.representative_text = matter_text(&t);
            }
        }
        Ok(ClassCases {
            days,
            min_size: q.min_size,
            category: q.category.clone(),
            place: q.place.clone(),
            open_only: q.open_only,
            total,
            offset: q.offset,
            limit: q.limit,
            computed_at,
            class_cases: cases,
        })
    }

    /// Compute the default window's class cases in the background, so the first supervisor to
    /// ask does not wait (the server calls this at start).
    pub fn warm_class_cases(&self) {
        let app = self.clone();
        tokio::spawn(async move {
            let _ = app
                .class_cases(&Actor::system(), &ClassCaseQuery::default())
                .await;
        });
    }

    /// Every cluster of the window with two tickets or more.
    async fn compute_class_cases(&self, days: u32) -> ServiceResult<Vec<Found>> {
        let since = self.now() - Duration::days(i64::from(days));
        let mut tickets = self.tickets_since(since).await?;
        tickets.retain(tells_of_a_problem);
        let docs: Vec<(i64, String, String)> = tickets
            .iter()
            .filter_map(|t| Some((t.id.0, t.category.clone()?, matter_text(t))))
            .collect();
        let r = self.reference();
        let reference = r.clone();
        let clusters = tokio::task::spawn_blocking(move || {
            // Compared by the matter alone: place names blanked (one problem is told in many
            // places), the lexicon's formal wording added (吵得睡不着 and 噪声扰民 meet).
            let docs: Vec<(i64, String, String)> = docs
                .into_iter()
                .map(|(id, category, text)| (id, category, reference.matter(&text)))
                .collect();
            dedup::cluster(&docs, CLASS_CASE_SIMILARITY)
        })
        .await
        .map_err(|e| {
            ServiceError::Store(StoreError::Backend(format!("clustering stopped: {e}")))
        })?;
        let by_id: HashMap<i64, &Ticket> = tickets.iter().map(|t| (t.id.0, t)).collect();
        Ok(clusters
            .into_iter()
            .filter(|c| c.members.len() >= 2)
            .filter_map(|c| {
                let members: Vec<&Ticket> = c
                    .members
                    .iter()
                    .filter_map(|id| by_id.get(id).copied())
                    .collect();
                // A member's place is named as the list names it: two communities of one name
                // in two streets are told apart there too.
                let codes: BTreeSet<&str> = members.iter().filter_map(|t| place_code(t)).collect();
                // At one place the cluster is a repeat, and no narrowing to a place or a
                // category gives its tickets more places: it is never a class case.
                if distinct_places(&r, &codes).len() < 2 {
                    return None;
                }
                let every: Vec<&str> = codes.iter().copied().collect();
                let member_place: HashMap<&str, String> =
                    every.iter().copied().zip(place_names(&r, &every)).collect();
                let rep = by_id.get(&c.representative)?;
                Some(Found {
                    category_name: r
                        .categories
                        .get(&c.category)
                        .map(|k| k.name.clone())
                        .unwrap_or_default(),
                    representative: rep.id,
                    representative_number: rep.number.clone(),
                    representative_text: matter_text(rep),
                    cohesion: (c.cohesion * 1000.0).round() / 1000.0,
                    members: members
                        .iter()
                        .map(|t| Member {
                            ticket: CaseTicket {
                                id: t.id,
                                number: t.number.clone(),
                                place: place_code(t)
                                    .and_then(|c| member_place.get(c).cloned())
                                    .unwrap_or_default(),
                                state: t.state,
                                created_at: t.created_at,
                            },
                            chain: t.elements.place.owned_chain(),
                            phone: caller_line(&t.caller.phone, &r.policy.area_code),
                        })
                        .collect(),
                    category: c.category,
                })
            })
            .collect())
    }

    /// Every ticket created at or after `since` except merged ones (their master stands for
    /// them, also once they have taken its answer), in id order, read a page at a time.
    async fn tickets_since(&self, since: DateTime<Utc>) -> ServiceResult<Vec<Ticket>> {
        let filter = TicketFilter {
            created_from: Some(since),
            ..Default::default()
        };
        let Some(mut after) = self.scan_start(since).await? else {
            return Ok(Vec::new());
        };
        let mut out = Vec::new();
        loop {
            let page = self.store.scan(&filter, after, PAGE).await?;
            let Some(last) = page.last() else { break };
            after = last.id;
            out.extend(page.into_iter().filter(|t| t.merged_into.is_none()));
        }
        Ok(out)
    }

    /// Where a scan of the tickets created at or after `since` starts (the id before the first
    /// of them), found through the creation-time index; `None` when there is none. Ids rise
    /// with creation time, so a scan from here skips the older tickets instead of reading them.
    pub(crate) async fn scan_start(&self, since: DateTime<Utc>) -> ServiceResult<Option<TicketId>> {
        let filter = TicketFilter {
            created_from: Some(since),
            ..Default::default()
        };
        let first = self
            .store
            .search(
                &filter,
                Page {
                    limit: 1,
                    offset: 0,
                    order: Order::Oldest,
                },
            )
            .await?
            .0;
        Ok(first.first().map(|t| TicketId(t.id.0 - 1)))
    }
}

/// The class case a cluster makes for the query, if any: its tickets at the place asked for
/// (all without one), at least `min_size` of them at two places or more, of the category asked
/// for or below, with one still open when only those are asked for.
fn case_of(r: &Reference, f: &Found, q: &ClassCaseQuery) -> Option<ClassCase> {
    // Codes are hierarchical: a category's code starts with its parent's.
    if q.category
        .as_ref()
        .is_some_and(|c| !f.category.starts_with(c.as_str()))
    {
        return None;
    }
    let members: Vec<&Member> = f
        .members
        .iter()
        .filter(|m| q.place.as_ref().is_none_or(|p| m.chain.contains(p)))
        .collect();
    if members.len() < q.min_size {
        return None;
    }
    let phones: BTreeSet<&str> = members.iter().filter_map(|m| m.phone.as_deref()).collect();
    let callers = phones.len() + members.iter().filter(|m| m.phone.is_none()).count();
    if callers < q.min_size {
        return None;
    }
    let open = members
        .iter()
        .filter(|m| !m.ticket.state.is_finished())
        .count();
    if q.open_only && open == 0 {
        return None;
    }
    let codes: BTreeSet<&str> = members
        .iter()
        .filter_map(|m| m.chain.first().map(String::as_str))
        .collect();
    let codes = distinct_places(r, &codes);
    if codes.len() < 2 {
        return None;
    }
    // The ticket most like the others, unless the place asked for leaves it out: then the
    // first ticket there, its text read for the page (`App::class_cases`).
    let (representative, representative_number, representative_text) =
        match members.iter().any(|m| m.ticket.id == f.representative) {
            true => (
                f.representative,
                f.representative_number.clone(),
                f.representative_text.clone(),
            ),
            false => (
                members[0].ticket.id,
                members[0].ticket.number.clone(),
                String::new(),
            ),
        };
    Some(ClassCase {
        category: f.category.clone(),
        category_name: f.category_name.clone(),
        count: members.len(),
        callers,
        open,
        places: place_names(r, &codes),
        representative,
        representative_number,
        representative_text,
        cohesion: f.cohesion,
        first_at: members.iter().map(|m| m.ticket.created_at).min()?,
        last_at: members.iter().map(|m| m.ticket.created_at).max()?,
        tickets: members.iter().take(MAX_IDS).map(|m| m.ticket.id).collect(),
        members: members
            .iter()
            .take(MAX_IDS)
            .map(|m| m.ticket.clone())
            .collect(),
    })
}

/// What a ticket is about, as class cases compare and show it: subject, event and demand (a
/// record repeats them behind a lead-in every record shares), or the record when the elements
/// are empty.
fn matter_text(t: &Ticket) -> String {
    let e = &t.elements;
    if e.event.trim().is_empty() && e.demand.trim().is_empty() {
        format!("{}\n{}", t.subject, t.record)
    } else {
        format!("{}\n{}\n{}", t.subject, e.event, e.demand)
    }
}

#[cfg(test)]
mod tests {
    use super::caller_line;

    #[test]
    fn a_caller_is_one_caller_in_every_form_a_ticket_keeps_the_line() {
        let line = caller_line("06337654321", "0633");
        for kept in ["7654321", "06337654321转801", " 06337654321 "] {
            assert_eq!(caller_line(kept, "0633"), line, "{kept}");
        }
        assert_eq!(
            caller_line("13900001111", "0633").as_deref(),
            Some("13900001111")
        );
        assert_eq!(caller_line("  ", "0633"), None);
    }
}
