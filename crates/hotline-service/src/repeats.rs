//! Repeats at intake (重复件): in one call, the caller's recent tickets, open tickets of the same
//! category at the same place, and near-duplicate texts, each with a score and the reason. The
//! near-duplicates come from `RepeatIndex`, an in-memory MinHash/LSH index of recent tickets
//! (`hotline_text::dedup`), filled in the background at start and on every create.
use std::sync::atomic::{AtomicBool, AtomicI64, AtomicUsize, Ordering};
use std::sync::{Arc, RwLock};

use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};

use hotline_domain::caller::{other_forms, same_line};
use hotline_domain::org::Actor;
use hotline_domain::ticket::{Ticket, TicketId, TicketState};
use hotline_store::{DynStore, Order, Page, StoreError, TicketFilter};
use hotline_text::dedup::{self, NearDupIndex, Overlap, Signature};

use crate::analyze::non_empty;
use crate::{App, Reference, ServiceError, ServiceResult};

/// Tickets created this many days back are indexed at start, with every older open ticket.
pub const INDEX_WINDOW_DAYS: i64 = 180;
/// The caller's history looks back this far unless the query says otherwise.
pub const DEFAULT_DAYS: u32 = 30;
const MAX_DAYS: u32 = 365;
/// Items per list.
const LIST_LIMIT: u32 = 20;
/// Open tickets of one category at one place scored against a draft, newest first: the
/// closest `LIST_LIMIT` of them are listed.
const PLACE_POOL: u32 = 200;
/// Near-duplicates reported.
const NEAR_DUPLICATES: usize = 10;
/// Near-duplicate candidates loaded and scored for a draft, and the lowest estimated Jaccard
/// similarity they need. Measured on the real messages (`hotline bench repeats`,
/// `partial_drafts`: each message's body cut short, as a draft typed so far): with the first
/// half of a body, its own message is reported for 92% of them (41% by the estimate alone at
/// 0.5), with the first 30%, 18% (0.2%).
pub const CANDIDATES: usize = 20;
pub const CANDIDATE_SCORE: f32 = 0.3;
/// Shared phrases shown per near-duplicate.
const PHRASES: usize = 3;
/// A near-duplicate at or above this score is called 内容高度相似; below it, 内容相似.
const HIGHLY_SIMILAR: f32 = 0.7;
/// Characters of a draft, and of a ticket, looked at (a record is a few hundred).
const MAX_TEXT_CHARS: usize = 5000;
/// Tickets read per page while loading the index.
const LOAD_PAGE: u32 = 2000;

/// The text of a ticket as the repeat detector compares it: subject and record, as a draft at
/// intake is (subject and what the operator typed or pasted), with the event and demand where
/// the record does not hold them. Either alone misses repeats: the elements are often a
/// summary (幸福路水管爆裂停水) that the same call recorded again would not match, and a short
/// record (来电人反映厕所停水) misses what another operator wrote out in full.
///
/// Cut, as a draft is, to its first `MAX_TEXT_CHARS`: a long letter posted again word for
/// word compares as the same text, where its first part against the whole would share a
/// fraction of its shingles and fall under `CANDIDATE_SCORE`.
pub fn ticket_text(t: &Ticket) -> String {
    let e = &t.elements;
    let mut text = text_of(&t.subject, &t.record, &e.event, &e.demand);
    if let Some((cut, _)) = text.char_indices().nth(MAX_TEXT_CHARS) {
        text.truncate(cut);
    }
    text
}

/// `ticket_text` from the parts (a `NewTicket` has them too).
pub fn text_of(subject: &str, record: &str, event: &str, demand: &str) -> String {
    let mut text = format!("{subject}\n{record}");
    for part in [event.trim(), demand.trim()] {
        if !part.is_empty() && !record.contains(part) {
            text.push('\n');
            text.push_str(part);
        }
    }
    text
}

/// The near-duplicate index of recent tickets, shared by every request.
#[derive(Default)]
pub struct RepeatIndex {
    index: RwLock<NearDupIndex>,
    started: AtomicBool,
    /// When the background load began, in Unix milliseconds by the app's clock (0: not yet):
    /// tickets changed since then on another server are indexed again once it is ready.
    began_ms: AtomicI64,
    ready: AtomicBool,
    loaded: AtomicUsize,
}

/// How far the index is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct IndexStatus {
    /// The tickets of the window are all in (before that, near-duplicates may be missing).
    pub ready: bool,
    pub indexed: usize,
}

impl RepeatIndex {
    fn read(&self) -> std::sync::RwLockReadGuard<'_, NearDupIndex> {
        self.index.read().unwrap_or_else(|p| p.into_inner())
    }

    fn write(&self) -> std::sync::RwLockWriteGuard<'_, NearDupIndex> {
        self.index.write().unwrap_or_else(|p| p.into_inner())
    }

    /// Index (or re-index) a ticket. The signature is computed before the lock is taken.
    pub fn add(&self, t: &Ticket) {
        match Signature::of_text(&ticket_text(t)) {
            Some(sig) => self.write().insert_signature(t.id.0, &sig),
            None => {
                self.write().remove(t.id.0);
            }
        }
    }

    /// The `k` indexed tickets likeliest to be a draft's matter (`CANDIDATE_SCORE`), for the
    /// caller to score exactly.
    pub fn candidates(&self, draft: &[u64], k: usize) -> Vec<dedup::Match> {
        let Some(sig) = Signature::of_shingles(draft) else {
            return Vec::new();
        };
        self.read().query_signature_from(&sig, k, CANDIDATE_SCORE)
    }

    pub fn status(&self) -> IndexStatus {
        IndexStatus {
            ready: self.ready.load(Ordering::Acquire),
            indexed: self.read().len(),
        }
    }

    /// Heap bytes the index holds.
    pub fn memory_bytes(&self) -> usize {
        self.read().memory_bytes()
    }

    /// When the background load began (`App::start_repeat_index`), if it has.
    pub(crate) fn began(&self) -> Option<DateTime<Utc>> {
        match self.began_ms.load(Ordering::Acquire) {
            0 => None,
            ms => DateTime::from_timestamp_millis(ms),
        }
    }

    /// The highest ticket id indexed (0 when none is).
    pub fn highest_id(&self) -> i64 {
        self.read().ids().max().unwrap_or(0)
    }

    /// Index again the tickets of `page` (changed on another server) that the index holds or
    /// that are open: an edited text replaces the one indexed, one emptied leaves. Closed
    /// tickets from before the window it does not hold stay out. One write lock for the page,
    /// taken after the signatures are computed.
    pub(crate) fn reindex_changed(&self, page: &[Ticket]) {
        let changed: Vec<&Ticket> = {
            let index = self.read();
            page.iter()
                .filter(|t| index.contains(t.id.0) || !t.state.is_finished())
                .collect()
        };
        let sigs = signatures(&changed);
        let mut index = self.write();
        for (id, sig) in sigs {
            match sig {
                Some(sig) => index.insert_signature(id, &sig),
                None => {
                    index.remove(id);
                }
            }
        }
    }

    /// Index the tickets of `page` the index does not have yet (another server's).
    pub(crate) fn add_missing(&self, page: &[Ticket]) {
        let missing: Vec<&Ticket> = {
            let index = self.read();
            page.iter().filter(|t| !index.contains(t.id.0)).collect()
        };
        if !missing.is_empty() {
            self.insert_new(&missing);
        }
    }

    /// Index the tickets the index does not have yet; one write lock for them all, taken after
    /// the signatures are computed.
    fn insert_new(&self, tickets: &[&Ticket]) {
        let sigs = signatures(tickets);
        let mut index = self.write();
        for (id, sig) in sigs {
            if let Some(sig) = sig.filter(|_| !index.contains(id)) {
                index.insert_signature(id, &sig);
            }
        }
    }

    /// Index a page of loaded tickets, keeping what a create indexed meanwhile (it may be newer).
    fn add_page(&self, page: &[Ticket]) {
        self.insert_new(&page.iter().collect::<Vec<_>>());
        self.loaded.fetch_add(page.len(), Ordering::Relaxed);
    }

    /// Fill the index from the store: every ticket from the first one created at or after
    /// `since`, then the open tickets created before it. Pages are read in id order and their
    /// signatures computed on a blocking thread, so requests keep being served meanwhile.
    pub async fn load(
        self: &Arc<Self>,
        store: &DynStore,
        since: DateTime<Utc>,
    ) -> ServiceResult<usize> {
        let (first, in_window) = store
            .search(
                &TicketFilter {
                    created_from: Some(since),
                    ..Default::default()
                },
                Page {
                    limit: 1,
                    offset: 0,
                    order: Order::Oldest,
                },
            )
            .await?;
        let first = first.first().map(|t| t.id.0 - 1);
        // Loaded directly (a benchmark, a test): no background load on top.
        self.started.store(true, Ordering::Release);
        {
            let mut index = self.write();
            let more = (in_window as usize).saturating_sub(index.len());
            index.reserve(more);
        }
        let open_before = TicketFilter {
            states: open_states(),
            created_to: Some(since),
            ..Default::default()
        };
        let mut passes = vec![(open_before, TicketId(0))];
        if let Some(after) = first {
            passes.insert(0, (TicketFilter::default(), TicketId(after)));
        }
        // The next page is read while the last one is hashed: one job in flight at a time.
        let mut hashing: Option<tokio::task::JoinHandle<()>> = None;
        for (filter, mut after) in passes {
            loop {
                let page = store.scan(&filter, after, LOAD_PAGE).await?;
                let Some(last) = page.last() else { break };
                after = last.id;
                if let Some(job) = hashing.take() {
                    job.await.map_err(stopped)?;
                }
                let this = self.clone();
                hashing = Some(tokio::task::spawn_blocking(move || this.add_page(&page)));
            }
        }
        if let Some(job) = hashing {
            job.await.map_err(stopped)?;
        }
        self.ready.store(true, Ordering::Release);
        Ok(self.loaded.load(Ordering::Relaxed))
    }
}

/// Each ticket's id and the signature of its text (none for a text too short to have one),
/// computed before the index's write lock is taken.
fn signatures(tickets: &[&Ticket]) -> Vec<(i64, Option<Signature>)> {
    tickets
        .iter()
        .map(|t| (t.id.0, Signature::of_text(&ticket_text(t))))
        .collect()
}

fn stopped(e: tokio::task::JoinError) -> ServiceError {
    ServiceError::Store(StoreError::Backend(format!("indexing stopped: {e}")))
}

/// States of a ticket still being worked on.
pub fn open_states() -> Vec<TicketState> {
    TicketState::ALL
        .iter()
        .copied()
        .filter(|s| !s.is_finished())
        .collect()
}

/// The places of a draft, as gazetteer codes.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PlaceCodes {
    #[serde(default)]
    pub district: Option<String>,
    #[serde(default)]
    pub street: Option<String>,
    #[serde(default)]
    pub community: Option<String>,
}

/// A field that may be sent as null for "none": its default.
pub(crate) fn null_as_default<'de, D, T>(d: D) -> Result<T, D::Error>
where
    D: serde::Deserializer<'de>,
    T: Default + Deserialize<'de>,
{
    Ok(Option::<T>::deserialize(d)?.unwrap_or_default())
}

/// A ticket being recorded, as far as the operator has got. A field it does not know is
/// refused.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RepeatQuery {
    #[serde(default)]
    pub phone: Option<String>,
    /// The draft: subject and record, or whatever the operator has typed.
    #[serde(default)]
    pub text: String,
    #[serde(default)]
    pub category: Option<String>,
    #[serde(default, deserialize_with = "null_as_default")]
    pub place: PlaceCodes,
    /// How far back the caller's history goes, in days (default 30, at most 365).
    #[serde(default)]
    pub days: Option<u32>,
}

/// One earlier ticket that may be the same matter.
#[derive(Debug, Clone, Serialize)]
pub struct RepeatItem {
    pub id: TicketId,
    pub number: String,
    pub state: TicketState,
    pub state_label: &'static str,
    pub created_at: DateTime<Utc>,
    pub subject: String,
    pub category: Option<String>,
    /// The name of its most specific place (community, else street, else district), or empty:
    /// two calls about one matter are at one place.
    pub place: String,
    /// How alike its text and the draft's are, 0..=1 (0 without a draft text): the trigram
    /// Jaccard similarity, or the share of the shorter text's trigrams the longer holds when
    /// that is higher and the shorter says enough (`dedup::Overlap`): a record typed halfway
    /// scores as its matter's ticket.
    pub score: f32,
    /// Why it is listed, for the operator.
    pub why: String,
    /// Phrases the draft and this ticket share (near-duplicates only).
    pub shared_phrases: Vec<String>,
    /// The master it was merged into (state 已并单): the ticket to link or merge with instead.
    pub merged_into: Option<TicketId>,
}

/// The three lists the intake screen shows, and how complete the text index is.
#[derive(Debug, Clone, Serialize)]
pub struct Repeats {
    pub same_phone: Vec<RepeatItem>,
    pub same_place_category_open: Vec<RepeatItem>,
    pub near_duplicates: Vec<RepeatItem>,
    pub index: IndexStatus,
}

/// How a ticket's text overlaps the draft's trigrams.
fn overlap(draft: &[u64], t: &Ticket) -> Overlap {
    Overlap::of(draft, &dedup::shingles(&ticket_text(t)))
}

fn item(
    r: &Reference,
    t: &Ticket,
    draft: &[u64],
    why: String,
    shared_phrases: Vec<String>,
) -> RepeatItem {
    let score = if draft.is_empty() {
        0.0
    } else {
        overlap(draft, t).score()
    };
    item_scored(r, t, score, why, shared_phrases)
}

fn item_scored(
    r: &Reference,
    t: &Ticket,
    score: f32,
    why: String,
    shared_phrases: Vec<String>,
) -> RepeatItem {
    let code = t.elements.place.finest();
    RepeatItem {
        id: t.id,
        number: t.number.clone(),
        state: t.state,
        state_label: t.state.label_zh(),
        created_at: t.created_at,
        subject: t.subject.clone(),
        category: t.category.clone(),
        place: code
            .and_then(|c| r.places.get(c))
            .map(|p| p.name.clone())
            .unwrap_or_default(),
        score: (score * 1000.0).round() / 1000.0,
        why,
        shared_phrases,
        merged_into: t.merged_into,
    }
}

impl App {
    /// Start filling the repeat index in the background, once: tickets of the last
    /// `INDEX_WINDOW_DAYS` days and every open ticket. Returns at once.
    pub fn start_repeat_index(&self) {
        if self.repeats.started.swap(true, Ordering::AcqRel) {
            return;
        }
        let (index, store) = (self.repeats.clone(), self.store.clone());
        let now = self.now();
        index
            .began_ms
            .store(now.timestamp_millis().max(1), Ordering::Release);
        let since = now - Duration::days(INDEX_WINDOW_DAYS);
        tokio::spawn(async move {
            let started = std::time::Instant::now();
            match index.load(&store, since).await {
                Ok(n) => tracing::info!(
                    tickets = n,
                    ms = started.elapsed().as_millis() as u64,
                    "repeat index loaded"
                ),
                Err(e) => tracing::error!(error = %e, "loading the repeat index failed"),
            }
        });
    }

    /// The repeat index (for benchmarks and status).
    pub fn repeat_index(&self) -> &Arc<RepeatIndex> {
        &self.repeats
    }

    /// `repeats` for a draft a client sends: its place codes must agree with one another and its
    /// phone must be one, as for analysis (`repeats` itself also takes the places analysis found
    /// in a text, which may disagree), so a wrong code is told, not answered with no repeats.
    pub async fn lookup_repeats(
        &self,
        actor: &Actor,
        mut q: RepeatQuery,
    ) -> ServiceResult<Repeats> {
        if !actor.is_unit_staff() {
            let max = crate::analyze::MAX_INPUT_CHARS;
            if q.text.chars().count() > max {
                return Err(ServiceError::invalid(
                    "text",
                    format!("超过 {max} 字 / longer than {max} characters"),
                ));
            }
            crate::analyze::check_codes(&self.reference(), &q.category, &mut q.place)?;
            crate::analyze::check_phone(q.phone.as_deref())?;
            // Each list needs something to look up by; with none of them, empty lists would
            // read as "no repeats" rather than "nothing asked".
            let place = non_empty(&q.place.community).or_else(|| non_empty(&q.place.street));
            if q.text.trim().is_empty()
                && non_empty(&q.phone).is_none()
                && (non_empty(&q.category).is_none() || place.is_none())
            {
                return Err(ServiceError::invalid(
                    "text",
                    "没有可查的内容:请填写来电内容、来电号码,或分类和街道(社区) / nothing to \
                     look up: give a text, a phone number, or a category with a street or community",
                ));
            }
        }
        self.repeats(actor, q).await
    }

    /// Earlier tickets that may be the same matter as a draft. Centre staff only: units do not
    /// see other units' tickets or callers' histories. The three lists are looked up at once.
    pub async fn repeats(&self, actor: &Actor, mut q: RepeatQuery) -> ServiceResult<Repeats> {
        if actor.is_unit_staff() {
            return Err(ServiceError::Forbidden(
                "承办单位不能查询重复件 / units cannot look up repeats".into(),
            ));
        }
        // Places as given or as found in a draft's text: known codes are enough to look up by
        // (a found chain may disagree with itself; analysis must not fail on it).
        crate::analyze::check_known_codes(&self.reference(), &q.category, &q.place)?;
        // Compared as tickets keep it: `+86 139-0000-1124` finds 13900001124's tickets; a number
        // still being typed is looked up as it is.
        q.phone = q.phone.as_deref().map(crate::tickets::phone_looked_up);
        let days = q.days.unwrap_or(DEFAULT_DAYS);
        if !(1..=MAX_DAYS).contains(&days) {
            return Err(ServiceError::invalid(
                "days",
                format!("应为 1–{MAX_DAYS} 天 / 1–{MAX_DAYS} days"),
            ));
        }
        self.start_repeat_index();
        let text: String = q.text.chars().take(MAX_TEXT_CHARS).collect();
        let draft = dedup::shingles(&text);
        let (same_phone, same_place_category_open, near_duplicates) = tokio::try_join!(
            self.same_phone(&q, days, &draft),
            self.same_place(&q, &draft),
            self.near_duplicates(&text, &draft),
        )?;
        Ok(Repeats {
            same_phone,
            same_place_category_open,
            near_duplicates,
            index: self.repeats.status(),
        })
    }

    /// The caller's tickets of the last `days` days, newest first.
    async fn same_phone(
        &self,
        q: &RepeatQuery,
        days: u32,
        draft: &[u64],
    ) -> ServiceResult<Vec<RepeatItem>> {
        let Some(phone) = non_empty(&q.phone) else {
            return Ok(Vec::new());
        };
        let r = self.reference();
        let same_line = same_line(&phone, &r.policy.area_code);
        let filter = TicketFilter {
            phone: Some(phone.clone()),
            phone_other_forms: other_forms(&phone, &r.policy.area_code),
            created_from: Some(self.now() - Duration::days(i64::from(days))),
            ..Default::default()
        };
        let (found, total) = self.store.search(&filter, newest()).await?;
        let why = format!("同一来电号码 {days} 天内第 {} 次来电", total + 1);
        Ok(found
            .iter()
            .map(|t| {
                // Found as the same line written the other way: say which way.
                let why = match &same_line {
                    Some(other) if t.caller.phone == *other => format!(
                        "{why}({other} 与 {phone} 为同一座机,区号 {})",
                        r.policy.area_code
                    ),
                    _ => why.clone(),
                };
                item(&r, t, draft, why, vec![])
            })
            .collect())
    }

    /// Open tickets of the category (and below) at the community, else the street.
    async fn same_place(&self, q: &RepeatQuery, draft: &[u64]) -> ServiceResult<Vec<RepeatItem>> {
        let Some(category) = non_empty(&q.category) else {
            return Ok(Vec::new());
        };
        let (level, street, community) =
            match (non_empty(&q.place.community), non_empty(&q.place.street)) {
                (Some(c), _) => ("社区", None, Some(c)),
                (None, Some(s)) => ("街道", Some(s), None),
                (None, None) => return Ok(Vec::new()),
            };
        // A draft is not yet recorded (nor merged into): not an open ticket at the place.
        let filter = TicketFilter {
            states: open_states()
                .into_iter()
                .filter(|s| *s != TicketState::Draft)
                .collect(),
            category: Some(category),
            street,
            community,
            ..Default::default()
        };
        // With a draft text, the closest of the newest `PLACE_POOL` are listed: in a busy street
        // the same matter may be older than the newest twenty. Without one, the newest.
        let page = Page {
            limit: if draft.is_empty() {
                LIST_LIMIT
            } else {
                PLACE_POOL
            },
            ..newest()
        };
        let (found, total) = self.store.search(&filter, page).await?;
        let r = self.reference();
        let mut items: Vec<RepeatItem> = found
            .iter()
            .map(|t| item(&r, t, draft, String::new(), vec![]))
            .collect();
        // The likeliest same matter first: closest text, then newest (the order found).
        items.sort_by(|a, b| b.score.total_cmp(&a.score));
        items.truncate(LIST_LIMIT as usize);
        // The count says whether more are open there than those listed, and which are.
        let why = match (total > items.len() as u64, draft.is_empty()) {
            (false, _) => format!("同一{level}同类问题未办结 {total} 件"),
            (true, true) => format!(
                "同一{level}同类问题未办结 {total} 件(列出最新 {} 件)",
                items.len()
            ),
            (true, false) if total > u64::from(PLACE_POOL) => format!(
                "同一{level}同类问题未办结 {total} 件(列出最新 {PLACE_POOL} 件中内容最接近的 {} 件)",
                items.len()
            ),
            (true, false) => format!(
                "同一{level}同类问题未办结 {total} 件(列出内容最接近的 {} 件)",
                items.len()
            ),
        };
        for it in &mut items {
            it.why.clone_from(&why);
        }
        Ok(items)
    }

    /// Tickets whose text is near the draft's, closest first, with the phrases they share.
    async fn near_duplicates(&self, text: &str, draft: &[u64]) -> ServiceResult<Vec<RepeatItem>> {
        let mut loads = tokio::task::JoinSet::new();
        // Candidates below the reporting score too: the index estimates Jaccard similarity,
        // and a draft typed halfway shares only half its ticket's trigrams though the ticket
        // holds all of the draft's. Each is scored exactly once loaded.
        for m in self.repeats.candidates(draft, CANDIDATES) {
            let store = self.store.clone();
            loads.spawn(async move { store.ticket(TicketId(m.id)).await });
        }
        let mut out = Vec::new();
        let r = self.reference();
        while let Some(loaded) = loads.join_next().await {
            let loaded = loaded.map_err(|e| {
                ServiceError::Store(StoreError::Backend(format!("loading stopped: {e}")))
            })?;
            // A ticket the index knows but the store does not (a restored backup) is skipped.
            let Some(t) = loaded? else { continue };
            let o = overlap(draft, &t);
            if o.score() < dedup::DEFAULT_MIN_SCORE {
                continue;
            }
            let phrases = dedup::shared_phrases(text, &ticket_text(&t), PHRASES);
            let quoted: String = phrases.iter().map(|p| format!("「{p}」")).collect();
            // Said as the score arose: alike as wholes, or one held in the other.
            let how = if o.contained() <= o.jaccard {
                let alike = if o.jaccard >= HIGHLY_SIMILAR {
                    "内容高度相似"
                } else {
                    "内容相似"
                };
                format!("{alike}(相似度 {:.2})", o.jaccard)
            } else if o.first_held >= o.second_held {
                format!("所录内容的 {:.0}% 见于该工单", o.first_held * 100.0)
            } else {
                format!("该工单内容的 {:.0}% 见于所录内容", o.second_held * 100.0)
            };
            let why = if quoted.is_empty() {
                how
            } else {
                format!("{how}:{quoted}")
            };
            out.push(item_scored(&r, &t, o.score(), why, phrases));
        }
        out.sort_by(|a, b| b.score.total_cmp(&a.score).then(b.id.cmp(&a.id)));
        out.truncate(NEAR_DUPLICATES);
        Ok(out)
    }
}

/// The first page of a list, newest first.
fn newest() -> Page {
    Page {
        limit: LIST_LIMIT,
        offset: 0,
        order: Order::Newest,
    }
}
