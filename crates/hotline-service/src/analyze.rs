//! One call for the intake screen (`App::analyze`): category and unit suggestions, repeats and
//! merge candidates, the scope verdict, the five elements found in the text with what is
//! missing, and knowledge articles, for a draft as far as the operator has typed it. Each
//! analysis gets an id; creating the ticket with that id stores what was suggested with the
//! ticket, so acceptance and accuracy can be measured later (`intake_record`: the analysis
//! kept, used only for a ticket that holds most of the text analysed, else the routing
//! suggestion the create computes itself).
use std::collections::HashMap;

use chrono::{DateTime, Datelike as _, Utc};
use serde::{Deserialize, Serialize};

use hotline_domain::calendar::china_offset;
use hotline_domain::category::Category;
use hotline_domain::org::{Actor, PlaceKind};
use hotline_domain::ticket::Channel;
pub use hotline_text::elements::TimeValue;
use hotline_text::elements::{
    Elements, Formalised, Gazetteer, GazetteerEntry, PartyKind, PartyMention, PlaceRef, Places,
    Replacement, TimeMention,
};
use hotline_text::screen::Dated;
pub use hotline_text::screen::{ScopeRules, Telling, Trigger, Verdict};

use crate::knowledge::KnowledgeHit;
use crate::repeats::{PlaceCodes, RepeatQuery, Repeats};
use crate::routing::suggest::{self, CategorySuggestion, DrivingTerm, RouteSuggestion};
use crate::{App, Reference, ServiceError, ServiceResult};

/// Characters of a draft taken in; more is refused.
pub const MAX_INPUT_CHARS: usize = 20_000;
/// Characters of a draft analysed for its elements and repeats (a record is a few hundred); the
/// scope screen reads it all.
const ANALYSED_CHARS: usize = 5_000;

/// A draft as far as the operator has got. A field it does not know is refused (a misspelt
/// `categroy` would otherwise be dropped unseen).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AnalyzeRequest {
    #[serde(default)]
    pub subject: String,
    /// The record of the call or the message text.
    #[serde(default)]
    pub text: String,
    #[serde(default)]
    pub phone: Option<String>,
    /// The category the operator chose, if any: units are suggested for it.
    #[serde(default)]
    pub category: Option<String>,
    /// The place the operator chose; when empty (or null), the places found in the text are
    /// used.
    #[serde(default, deserialize_with = "crate::repeats::null_as_default")]
    pub place: PlaceCodes,
    /// How far back the caller's history goes, in days.
    #[serde(default)]
    pub days: Option<u32>,
    /// How the matter reached the centre (default: a call). A written message (web, mayor's
    /// mailbox, WeChat, a platform, Open311) is screened as written: an emergency counts only
    /// where the text says it is happening now. Anything but a call has nobody on the line, so
    /// an emergency's reply says how to call the teller back (`on_the_line`).
    #[serde(default)]
    pub channel: Option<Channel>,
    /// When the caller told it (default: now; not later than now): times such as 昨天晚上 in
    /// the text are read from here, so a message analysed later keeps its dates.
    #[serde(default)]
    pub received_at: Option<DateTime<Utc>>,
}

/// How a channel tells its matter, for the scope screen: calls (and voicemail, and a grid
/// worker on the spot) tell what is happening; the rest are written and read later.
pub fn telling(channel: Option<Channel>) -> Telling {
    match channel {
        None | Some(Channel::Phone | Channel::Voicemail | Channel::GridWorker) => Telling::Live,
        Some(_) => Telling::Written,
    }
}

/// Whether the teller is on the line while the operator reads the draft: a call is (so an
/// emergency is transferred at once); a written message, a voicemail or a grid worker's report
/// is not, and an emergency there means calling the teller back.
pub fn on_the_line(channel: Option<Channel>) -> bool {
    matches!(channel, None | Some(Channel::Phone))
}

/// The five elements found in the text.
#[derive(Debug, Clone, Serialize)]
pub struct FoundElements {
    pub times: Vec<TimeMention>,
    pub places: Places,
    pub parties: Vec<PartyMention>,
    pub event: String,
    pub event_formal: Formalised,
    pub demand: String,
    /// Elements neither found in the text nor given (`time`, `place`, `person`, `event`,
    /// `demand`), for the form to prompt.
    pub missing: Vec<&'static str>,
}

/// Everything the intake screen shows beside the form.
#[derive(Debug, Clone, Serialize)]
pub struct Analysis {
    /// Pass it with the ticket when creating it (`analysis_id`).
    pub analysis_id: String,
    pub analyzed_at: DateTime<Utc>,
    /// What was read: the subject and the text, each trimmed, joined by a line break (the
    /// scope screen reads all of it, the elements its first 5,000 characters). Every character
    /// offset (`start`, `end`) in `elements` and `scope` counts into it.
    pub analysed_text: String,
    pub routing: RouteSuggestion,
    /// The place units were suggested for (given, or found in the text).
    pub place: PlaceCodes,
    /// The text names another place than the one given, for the form to question.
    pub place_conflict: Option<PlaceConflict>,
    pub repeats: Repeats,
    pub scope: Verdict,
    pub elements: FoundElements,
    pub knowledge: Vec<KnowledgeHit>,
}

/// A place given on the form that the text contradicts, at the highest level where the two
/// differ (a district before a street before a community): the form says 东岸区, the text
/// names a community of 西岭区.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PlaceConflict {
    /// `district`, `street` or `community`.
    pub level: &'static str,
    pub given: PlaceRef,
    pub found: PlaceRef,
}

/// The given place and the levels above it, by the gazetteer's parent links.
fn given_levels(r: &Reference, given: &PlaceCodes) -> [Option<String>; 3] {
    let mut levels = [
        given.district.clone(),
        given.street.clone(),
        given.community.clone(),
    ];
    let deepest = levels.iter().rev().flatten().next().cloned();
    let mut at = deepest.and_then(|c| r.places.get(&c));
    // A chain is a few levels deep; the bound keeps a bad parent cycle from looping.
    for _ in 0..8 {
        let Some(p) = at else { break };
        let slot = match p.kind {
            PlaceKind::District => 0,
            PlaceKind::Street => 1,
            PlaceKind::Community => 2,
            _ => 3,
        };
        if let Some(level) = levels.get_mut(slot) {
            level.get_or_insert_with(|| p.code.clone());
        }
        at = p.parent.as_ref().and_then(|c| r.places.get(c));
    }
    levels
}

/// Where the text's places contradict the given ones (see `PlaceConflict`). A name several
/// places share contradicts the form when none of them lies on its chain: the form says 南岭区,
/// the text 和悦社区, and both 和悦社区 are in other districts.
fn place_conflict(r: &Reference, given: &PlaceCodes, found: &Places) -> Option<PlaceConflict> {
    let given = given_levels(r, given);
    let found_levels = [&found.district, &found.street, &found.community];
    let names = ["district", "street", "community"];
    let given_ref = |code: &String| PlaceRef {
        code: code.clone(),
        name: r
            .places
            .get(code)
            .map_or_else(|| code.clone(), |p| p.name.clone()),
        inferred: false,
    };
    let seen = (0..3).find_map(|i| {
        let (code, seen) = (given[i].as_ref()?, found_levels[i].as_ref()?);
        (*code != seen.code).then(|| PlaceConflict {
            level: names[i],
            given: given_ref(code),
            found: seen.clone(),
        })
    });
    use hotline_text::elements::PlaceKind as Found;
    let areas = [Found::District, Found::Street, Found::Community];
    seen.or_else(|| {
        let deepest = given.iter().rev().flatten().next()?;
        found.mentions.iter().find_map(|m| {
            let shared = !m.candidates.is_empty() && areas.contains(&m.kind);
            let fits = |c: &String| lies_within(r, c, deepest) || lies_within(r, deepest, c);
            if !shared || m.candidates.iter().any(fits) {
                return None;
            }
            // The highest level of the form that none of them lies in.
            let i = (0..3).find(|&i| {
                given[i]
                    .as_ref()
                    .is_some_and(|g| !m.candidates.iter().any(|c| lies_within(r, c, g)))
            })?;
            Some(PlaceConflict {
                level: names[i],
                given: given_ref(given[i].as_ref()?),
                found: PlaceRef {
                    code: m.code.clone(),
                    name: m.name.clone(),
                    inferred: false,
                },
            })
        })
    })
}

/// Whether place `code` is `area` or lies inside it, by the gazetteer's parent links.
fn lies_within(r: &Reference, code: &str, area: &str) -> bool {
    let mut at = Some(code);
    // A chain is a few levels deep; the bound keeps a bad parent cycle from looping.
    for _ in 0..8 {
        let Some(c) = at else { return false };
        if c == area {
            return true;
        }
        at = r.places.get(c).and_then(|p| p.parent.as_deref());
    }
    false
}

/// The dates of a text against the call (`Screener::screen_dated`). Gone: an expression with
/// a date in it (年, 月, 日 or 号) that ends a day or more before the call, so a clock time or
/// "40分钟前" said just after midnight is never taken for a day gone by. Today: an expression
/// that starts on the call's day in China, not after the call.
fn dated(text: &str, times: &[TimeMention], told_at: DateTime<Utc>) -> Dated {
    let china = china_offset();
    let told = told_at.with_timezone(&china);
    let day_before = told - chrono::Duration::days(1);
    let midnight = told
        .date_naive()
        .and_hms_opt(0, 0, 0)
        .and_then(|t| t.and_local_timezone(china).single());
    let byte_of: Vec<usize> = text.char_indices().map(|(b, _)| b).collect();
    let mut out = Dated::default();
    for t in times {
        let Some(&at) = byte_of.get(t.start) else {
            continue;
        };
        let (from, to) = match t.value {
            TimeValue::Instant { at } => (at, at),
            TimeValue::Range { from, to } => (from, to),
            TimeValue::Recurring | TimeValue::Vague => continue,
        };
        // Quoted as written: 10號 is 10号.
        let has_date = hotline_text::script::simplified(&t.text).contains(['年', '月', '日', '号']);
        if has_date && to <= day_before {
            out.gone.push(at);
        } else if midnight.is_some_and(|m| from >= m) && from <= told {
            out.today.push(at);
        }
    }
    out
}

/// Whether `id` has the shape `new_id` gives (24 lowercase hexadecimal digits).
pub(crate) fn is_analysis_id(id: &str) -> bool {
    id.len() == 24 && id.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
}

/// The gazetteer of the city's places in use, for finding places in text.
pub fn gazetteer(places: &HashMap<String, hotline_domain::org::Place>) -> Gazetteer {
    use hotline_text::elements::PlaceKind as K;
    let mut entries: Vec<GazetteerEntry> = places
        .values()
        .filter(|p| p.active)
        .map(|p| GazetteerEntry {
            code: p.code.clone(),
            name: p.name.clone(),
            kind: match p.kind {
                PlaceKind::District => K::District,
                PlaceKind::Street => K::Street,
                PlaceKind::Community => K::Community,
                PlaceKind::Road => K::Road,
                PlaceKind::Landmark => K::Landmark,
            },
            parent_code: p.parent.clone(),
            aliases: p.aliases.clone(),
        })
        .collect();
    entries.sort_by(|a, b| a.code.cmp(&b.code));
    Gazetteer::new(entries)
}

/// The place codes of a draft: the ones given, else what the text names.
fn place_of(r: &Reference, given: &PlaceCodes, found: &Places) -> PlaceCodes {
    let code = |p: &Option<PlaceRef>| p.as_ref().map(|p| p.code.clone());
    let in_text = [
        code(&found.district),
        code(&found.street),
        code(&found.community),
    ];
    let Some(deepest) = [&given.district, &given.street, &given.community]
        .iter()
        .rposition(|c| c.is_some())
    else {
        let [district, street, community] = in_text;
        return PlaceCodes {
            district,
            street,
            community,
        };
    };
    // The levels below the form's that the text names inside its place: the form's district,
    // the text's community there.
    let area = [&given.district, &given.street, &given.community][deepest].clone();
    let mut out = given.clone();
    for (i, finer) in in_text.into_iter().enumerate().skip(deepest + 1) {
        let Some(finer) = finer.filter(|c| area.as_deref().is_some_and(|a| lies_within(r, c, a)))
        else {
            continue;
        };
        match i {
            1 => out.street = Some(finer),
            _ => out.community = Some(finer),
        }
    }
    out
}

pub(crate) fn chain(p: &PlaceCodes) -> Vec<&str> {
    [&p.community, &p.street, &p.district]
        .into_iter()
        .flatten()
        .map(String::as_str)
        .collect()
}

pub(crate) fn non_empty(s: &Option<String>) -> Option<String> {
    s.as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
}

fn new_id() -> String {
    use rand::Rng;
    let bytes: [u8; 12] = rand::thread_rng().gen();
    hex::encode(bytes)
}

/// The category repeats at the same place are looked up in: the one chosen, or else the one
/// suggested with most confidence, unless that is a first-level category with categories below
/// it (城乡建设 holds street lights and blocked drains alike: not the same problem).
fn repeats_category(
    categories: &HashMap<String, Category>,
    chosen: Option<String>,
    suggested: &[CategorySuggestion],
) -> Option<String> {
    chosen.or_else(|| {
        let code = suggested.first()?.code.clone()?;
        let broad = categories.get(&code).is_some_and(|c| c.parent.is_none())
            && categories
                .values()
                .any(|c| c.parent.as_deref() == Some(code.as_str()));
        (!broad).then_some(code)
    })
}

/// A category code, where given (and not blank), names a category the city has.
pub(crate) fn check_category(r: &Reference, category: Option<&str>) -> ServiceResult<()> {
    match category.map(str::trim).filter(|c| !c.is_empty()) {
        Some(c) if !r.categories.contains_key(c) => Err(ServiceError::invalid(
            "category",
            format!("没有编码为 {c} 的分类 / unknown category"),
        )),
        _ => Ok(()),
    }
}

/// The category a ticket is filed under: one the city has and still uses.
pub(crate) fn category_in_use<'r>(
    r: &'r Reference,
    code: &str,
) -> ServiceResult<&'r hotline_domain::category::Category> {
    let c = r.categories.get(code).ok_or_else(|| {
        ServiceError::invalid(
            "category",
            format!("没有编码为 {code} 的分类 / unknown category"),
        )
    })?;
    if !c.active {
        return Err(ServiceError::invalid(
            "category",
            format!("分类 {}({code})已停用,请选用在用的分类", c.name),
        ));
    }
    Ok(c)
}

/// A draft's category and place codes, where given, name a category in use and places the
/// city has, in use and one chain; the levels above the most specific one given are filled in.
pub(crate) fn check_codes(
    r: &Reference,
    category: &Option<String>,
    place: &mut PlaceCodes,
) -> ServiceResult<()> {
    if let Some(c) = non_empty(category) {
        category_in_use(r, &c)?;
    }
    let mut location = hotline_domain::ticket::Location {
        district: place.district.clone(),
        street: place.street.clone(),
        community: place.community.clone(),
        ..Default::default()
    };
    crate::location::settle_location(r, &mut location, None, "place")?;
    *place = PlaceCodes {
        district: location.district,
        street: location.street,
        community: location.community,
    };
    Ok(())
}

/// A draft's category and place codes, where given, name a category and places the city has
/// (no more: repeats look up by whatever the text named).
pub(crate) fn check_known_codes(
    r: &Reference,
    category: &Option<String>,
    place: &PlaceCodes,
) -> ServiceResult<()> {
    check_category(r, category.as_deref())?;
    for (field, code, kind) in [
        ("place.district", &place.district, PlaceKind::District),
        ("place.street", &place.street, PlaceKind::Street),
        ("place.community", &place.community, PlaceKind::Community),
    ] {
        if let Some(c) = non_empty(code) {
            if !r.places.contains_key(&c) {
                return Err(crate::location::unknown_place(r, field, &c, Some(kind)));
            }
        }
    }
    Ok(())
}

/// The refusal of a retired place where a place in use is needed.
pub(crate) fn retired(field: &str, p: &hotline_domain::org::Place) -> ServiceError {
    ServiceError::invalid(
        field,
        format!("地名 {}({})已停用 / the place is retired", p.name, p.code),
    )
}

/// A term that drove the category as the operator reads it: a word standing in the text only
/// inside a place or a person named is shown as that whole name (中山路, not its 山路; 示例市,
/// not 例市), so the operator sees that a name, not the matter, pulled the model.
/// A word the text has only in the formal wording of a phrase the lexicon reworded (故障 of
/// 路灯坏了 → 路灯故障) is shown as the phrase the caller said.
/// `spans` are the names' character spans in `text`.
fn as_named(
    term: &str,
    text: &[char],
    spans: &[(usize, usize)],
    reworded: &[Replacement],
) -> String {
    let named = |word: &str| -> Option<String> {
        let w: Vec<char> = word.chars().collect();
        let mut name = None;
        for at in (0..text.len()).filter(|&at| text[at..].starts_with(&w)) {
            let (s, e) = *spans.iter().find(|&&(s, e)| s <= at && at + w.len() <= e)?;
            name.get_or_insert_with(|| text[s..e].iter().collect::<String>());
        }
        name
    };
    let mut words: Vec<String> = Vec::new();
    for word in term.split_whitespace() {
        let w: Vec<char> = word.chars().collect();
        let said = (!text.windows(w.len().max(1)).any(|x| x == w.as_slice()))
            .then(|| reworded.iter().find(|r| r.to.contains(word)))
            .flatten()
            .map(|r| r.from.clone());
        let shown = said
            .or_else(|| named(word))
            .unwrap_or_else(|| word.to_string());
        if !words.contains(&shown) {
            words.push(shown);
        }
    }
    words.join(" ")
}

/// The driving terms with names shown whole (`as_named`), each once, its weights summed.
fn named_terms(
    terms: Vec<DrivingTerm>,
    text: &str,
    found: &Elements,
    reworded: &[Replacement],
) -> Vec<DrivingTerm> {
    // The terms are in simplified script, so is the text they are looked for in.
    let chars: Vec<char> = hotline_text::script::simplified(text).chars().collect();
    let spans: Vec<(usize, usize)> = found
        .places
        .mentions
        .iter()
        .map(|m| (m.start, m.end))
        .chain(found.places.addresses.iter().map(|a| (a.start, a.end)))
        .chain(
            found
                .parties
                .iter()
                .filter(|p| p.kind == PartyKind::Person)
                .map(|p| (p.start, p.end)),
        )
        .collect();
    let mut out: Vec<DrivingTerm> = Vec::with_capacity(terms.len());
    for t in terms {
        let term = as_named(&t.term, &chars, &spans, reworded);
        match out.iter_mut().find(|o| o.term == term) {
            Some(o) => o.weight = ((o.weight + t.weight) * 1000.0).round() / 1000.0,
            None => out.push(DrivingTerm { term, ..t }),
        }
    }
    out
}

/// A phone number on the draft must be one, as a ticket's must (`normalise_phone`), except one
/// still being typed (`phone_being_typed`: fewer than three digits after a country code, as
/// `+86 13`, `0086`, full-width `１３`, `(0`, or a mobile short of its eleven digits) is looked
/// up as it is.
pub(crate) fn check_phone(phone: Option<&str>) -> ServiceResult<()> {
    let Some(phone) = phone else { return Ok(()) };
    if hotline_domain::caller::phone_being_typed(phone) {
        return Ok(());
    }
    match hotline_domain::ticket::normalise_phone(phone) {
        Ok(_) => Ok(()),
        Err(hotline_domain::DomainError::Invalid { message, .. }) => {
            Err(ServiceError::invalid("phone", message))
        }
        Err(e) => Err(e.into()),
    }
}

impl App {
    fn check_draft(&self, r: &Reference, q: &mut AnalyzeRequest) -> ServiceResult<()> {
        for (field, s) in [("subject", &q.subject), ("text", &q.text)] {
            if s.chars().count() > MAX_INPUT_CHARS {
                return Err(ServiceError::invalid(
                    field,
                    format!("超过 {MAX_INPUT_CHARS} 字 / longer than {MAX_INPUT_CHARS} characters"),
                ));
            }
        }
        if let Some(at) = q.received_at {
            if at > self.now() + chrono::Duration::minutes(5) {
                return Err(ServiceError::invalid(
                    "received_at",
                    "不能晚于现在 / cannot be later than now",
                ));
            }
            if at
                .with_timezone(&hotline_domain::calendar::china_offset())
                .year()
                < 1970
            {
                return Err(ServiceError::invalid(
                    "received_at",
                    "不能早于 1970 年 / cannot be before 1970",
                ));
            }
        }
        // Invisible characters alone (a pasted zero-width space) say nothing either.
        let given = |s: &str| {
            s.chars()
                .any(|c| !c.is_whitespace() && !hotline_domain::text::is_invisible(c))
        };
        if !given(&q.subject) && !given(&q.text) && !q.phone.as_deref().is_some_and(given) {
            return Err(ServiceError::invalid(
                "text",
                "没有可分析的内容:请填写主题、来电内容或来电号码 / \
                 nothing to analyse: give a subject, a text or a phone number",
            ));
        }
        check_phone(q.phone.as_deref())?;
        check_codes(r, &q.category, &mut q.place)
    }

    /// Analyse a draft for the intake screen. Centre staff only (units do not record calls).
    pub async fn analyze(&self, actor: &Actor, mut q: AnalyzeRequest) -> ServiceResult<Analysis> {
        if actor.is_unit_staff() {
            return Err(ServiceError::Forbidden(
                "承办单位不能使用受理分析 / units cannot use intake analysis".into(),
            ));
        }
        let r = self.reference();
        self.check_draft(&r, &mut q)?;
        // Read as the ticket will keep it: a zero-width space pasted into 中山路 is no part of it.
        q.subject = hotline_domain::text::one_line(&q.subject);
        q.text = hotline_domain::text::tidy(&q.text);
        q.category = non_empty(&q.category);
        let now = self.now();
        let told_at = q.received_at.unwrap_or(now);
        let whole = format!("{}\n{}", q.subject.trim(), q.text.trim());
        let text: String = whole.chars().take(ANALYSED_CHARS).collect();
        // The form's place tells apart names several places share (two 和悦社区).
        let known = chain(&q.place);
        let found: Elements =
            r.extractor
                .extract_near(&text, told_at.with_timezone(&china_offset()), &known);
        let place = place_of(&r, &q.place, &found.places);
        let place_conflict = place_conflict(&r, &q.place, &found.places);
        // The whole draft is screened (a few microseconds a thousand characters): a fire told
        // at the end of a long message is still a fire.
        let screener = &self.scope().screener;
        // A text naming the city (its name, a district) or one of its places (a street, a
        // community, a road, a landmark: 北京东路 of the city is no 北京) is about the city,
        // whatever other city it also names.
        let said = found.places.mentions.iter();
        let home: Vec<String> = (r.home.iter().cloned())
            .chain(said.map(|m| m.said.clone().unwrap_or_else(|| m.name.clone())))
            .collect();
        let mut scope = screener.screen_in_city(
            &whole,
            telling(q.channel),
            &dated(&whole, &found.times, told_at),
            &home,
        );
        if !on_the_line(q.channel) {
            scope = scope.for_callback(screener.rules());
        }
        // What the text says of the matter, for routing and knowledge: words inside place
        // names name none (人民医院 is no 人民调解), and colloquial phrases are also read in
        // their formal wording (`Reference::matter`).
        let (matter, reworded) = r.matter_reworded(&text, &found.places);
        let model = self.routing.active();
        let mut routing = suggest::suggest(
            &r,
            model.as_deref(),
            &matter,
            q.category.as_deref(),
            &chain(&place),
            true,
        );
        routing.terms = named_terms(std::mem::take(&mut routing.terms), &text, &found, &reworded);
        // An emergency is transferred to 110/119/120/122, not dispatched: a unit to dispatch to
        // would invite the wrong action. The categories stay (the transfer is still filed
        // under one, and the signal may be a false alarm), and a unit comes back once the
        // operator chooses the category.
        if !scope.emergency.is_empty() && q.category.is_none() {
            routing.units.clear();
            routing.units_withheld = Some("emergency".into());
        }
        let category = repeats_category(&r.categories, q.category.clone(), &routing.categories);
        let knowledge_category = q.category.clone();
        let repeats_query = RepeatQuery {
            phone: q.phone.clone(),
            text: text.clone(),
            category,
            place: place.clone(),
            days: q.days,
        };
        let repeats = self.repeats(actor, repeats_query).await?;
        // An emergency is transferred, not answered: articles would only be in the way (and
        // 快来 or 救人 match standard replies that say 尽快来电).
        let knowledge = if !suggest::says_something(&text) || !scope.emergency.is_empty() {
            Vec::new()
        } else {
            self.recommend_for_matter(&matter, knowledge_category.as_deref())?
        };
        let mut missing = found.missing();
        if place.district.is_some() || place.street.is_some() || place.community.is_some() {
            missing.retain(|m| *m != "place");
        } else if !found.places.mentions.is_empty()
            && found.places.addresses.is_empty()
            && found.places.mentions.iter().all(|m| m.ambiguous)
            && !missing.contains(&"place")
        {
            // Only names several places share ("幸福小区" in two districts): no place is known
            // until the operator picks one, so the screen prompts for it.
            // In the elements' order: after the time, if that is missing too.
            missing.insert(usize::from(missing.first() == Some(&"time")), "place");
        }
        let analysis = Analysis {
            analysis_id: new_id(),
            analyzed_at: now,
            analysed_text: whole,
            routing,
            place,
            place_conflict,
            repeats,
            scope,
            elements: FoundElements {
                times: found.times,
                places: found.places,
                parties: found.parties,
                event: found.event,
                event_formal: found.event_formal,
                demand: found.demand,
                missing,
            },
            knowledge,
        };
        self.analyses.put(
            analysis.analysis_id.clone(),
            actor.user,
            &analysis.analysed_text,
            crate::intake_record::record_of(&analysis),
        );
        Ok(analysis)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn category(code: &str, parent: Option<&str>) -> (String, Category) {
        let c = Category {
            code: code.into(),
            name: code.into(),
            parent: parent.map(str::to_string),
            level: if parent.is_some() { 2 } else { 1 },
            tier: "standard".into(),
            active: true,
        };
        (code.into(), c)
    }

    fn suggested(code: &str) -> Vec<CategorySuggestion> {
        vec![CategorySuggestion {
            code: Some(code.into()),
            label: code.into(),
            name: code.into(),
            confidence: 0.9,
        }]
    }

    #[test]
    fn repeats_at_a_place_need_a_category_narrower_than_a_first_level_one() {
        let tree: HashMap<String, Category> = [
            category("01", None),
            category("0101", Some("01")),
            category("09", None),
        ]
        .into_iter()
        .collect();
        assert_eq!(repeats_category(&tree, None, &suggested("01")), None);
        assert_eq!(
            repeats_category(&tree, None, &suggested("0101")),
            Some("0101".into())
        );
        // A first-level category with nothing below it is as narrow as the tree gets.
        assert_eq!(
            repeats_category(&tree, None, &suggested("09")),
            Some("09".into())
        );
        // The operator's choice stands.
        assert_eq!(
            repeats_category(&tree, Some("01".into()), &suggested("0101")),
            Some("01".into())
        );
        assert_eq!(repeats_category(&tree, None, &[]), None);
    }
}
