//! Suggestions for a draft: categories from the active model's classifier (top-k with
//! calibrated confidence and the terms behind the first), and units from the responsibility
//! list for those categories at the draft's place, combined with what history says (which unit
//! finally handled tickets of that category there), top 3 with their reasons.
use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use hotline_domain::event::ApprovedReturn;
use hotline_domain::org::UnitId;
use hotline_domain::text::clipped;

use hotline_text::route::Classification;

use super::history::{Finer, Precedent};
use super::{ActiveModel, UnitHistory};
use crate::Reference;

/// Categories suggested.
pub const TOP_CATEGORIES: usize = 5;
/// Units suggested.
pub const TOP_UNITS: usize = 3;
/// Terms shown behind the first category.
const TERMS: usize = 8;
/// History counts for a place only from this many tickets on; below, a wider place is used.
const MIN_HISTORY: u32 = 3;
/// Categories whose units are considered.
const UNIT_CATEGORIES: usize = 3;
/// Confidence below which a category other than the first gets no units.
const MIN_CATEGORY_WEIGHT: f32 = 0.05;
/// Reasons shown for a unit, the weightiest first.
const MAX_REASONS: usize = 4;
/// How a unit's score splits between the responsibility list and history, while history at
/// the place agrees with the list…
const LIST_WEIGHT: f32 = 0.6;
const HISTORY_WEIGHT: f32 = 0.4;
/// …and how fast the list's part passes to history when it does not: with the list's units
/// handling a share `s` of `n` tickets there, the part moved is (1 − s) · n / (n + this). Five
/// tickets all finished by another unit put it first (dispatchers correcting the list teach the
/// suggestion), four do not.
const DOUBT_TICKETS: f32 = 24.0;

/// A suggested category.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CategorySuggestion {
    /// The category code, when the model's class is a category of this city.
    pub code: Option<String>,
    /// The model's class.
    pub label: String,
    /// The category's name with its parents (`城乡建设 / 市政道路`), or the class.
    pub name: String,
    pub confidence: f32,
}

/// A term of the text and how much it pulled towards the first category.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DrivingTerm {
    pub term: String,
    pub weight: f32,
}

/// A suggested unit and why.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct UnitSuggestion {
    pub unit: UnitId,
    pub name: String,
    /// 0..=1, for ranking.
    pub score: f32,
    /// The category the unit is suggested for.
    pub category: String,
    /// Assisting units the responsibility list names with it.
    pub assisting: Vec<UnitId>,
    pub reasons: Vec<String>,
}

/// Category and unit suggestions of one draft.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct RouteSuggestion {
    /// The model version that classified, if a model is active.
    pub model_version: Option<i64>,
    pub categories: Vec<CategorySuggestion>,
    /// First-level categories (大类), their confidences summed from `categories`' classes.
    pub top_level: Vec<CategorySuggestion>,
    pub terms: Vec<DrivingTerm>,
    pub units: Vec<UnitSuggestion>,
    /// Why no unit is suggested although categories are: `"emergency"` when the draft is to
    /// be transferred to 110/119/120/122 rather than dispatched.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub units_withheld: Option<String>,
}

/// A category's name with its ancestors.
pub fn category_path(r: &Reference, code: &str) -> String {
    let mut names = Vec::new();
    let mut cur = r.categories.get(code);
    while let Some(c) = cur {
        names.push(c.name.as_str());
        cur = c.parent.as_deref().and_then(|p| r.categories.get(p));
        if names.len() > 8 {
            break;
        }
    }
    names.reverse();
    names.join(" / ")
}

/// The city's category a model class stands for now: its code, or a category of that name (one
/// in use first); a category retired since the model learnt it stands for its nearest parent
/// still in use, and one with none for nothing (a ticket cannot be filed under it).
pub(crate) fn category_of(r: &Reference, label: &str) -> Option<String> {
    let code = if r.categories.contains_key(label) {
        label
    } else {
        let mut named: Vec<(bool, &str)> = r
            .categories
            .values()
            .filter(|c| c.name == label)
            .map(|c| (!c.active, c.code.as_str()))
            .collect();
        named.sort_by_key(|(retired, c)| (*retired, c.len(), *c));
        named.first()?.1
    };
    let mut cur = r.categories.get(code);
    while let Some(c) = cur {
        if c.active {
            return Some(c.code.clone());
        }
        cur = c.parent.as_deref().and_then(|p| r.categories.get(p));
    }
    None
}

fn place_name(r: &Reference, code: &str) -> String {
    if code == super::history::CITY {
        return "全市".into();
    }
    r.places
        .get(code)
        .map(|p| p.name.clone())
        .unwrap_or_else(|| code.to_string())
}

/// A class that names a category of the city retired with every category above it: it stands
/// for nothing a ticket can be filed under, and is not suggested. (A class that names no
/// category at all is still shown, by its own name.)
fn retired_whole(r: &Reference, label: &str) -> bool {
    let names_one =
        r.categories.contains_key(label) || r.categories.values().any(|c| c.name == label);
    names_one && category_of(r, label).is_none()
}

fn suggestion(r: &Reference, label: &str, confidence: f32) -> CategorySuggestion {
    let code = category_of(r, label);
    let name = code
        .as_deref()
        .map(|c| category_path(r, c))
        .unwrap_or_else(|| label.to_string());
    CategorySuggestion {
        code,
        label: label.to_string(),
        name,
        confidence: (confidence * 1000.0).round() / 1000.0,
    }
}

/// A classification as suggestions: the ranked categories and their first levels.
pub fn rank(
    r: &Reference,
    c: &Classification<'_>,
) -> (Vec<CategorySuggestion>, Vec<CategorySuggestion>) {
    // Classes standing for one category (a retired one and the parent it falls back to) are
    // one suggestion, their confidences summed.
    let mut categories: Vec<CategorySuggestion> = Vec::with_capacity(TOP_CATEGORIES);
    for cand in &c.ranked {
        if retired_whole(r, cand.label) {
            continue;
        }
        let s = suggestion(r, cand.label, cand.probability);
        let same = s.code.as_ref().and_then(|code| {
            categories
                .iter_mut()
                .find(|x| x.code.as_ref() == Some(code))
        });
        match same {
            Some(x) => x.confidence = ((x.confidence + s.confidence) * 1000.0).round() / 1000.0,
            None => categories.push(s),
        }
    }
    categories.sort_by(|a, b| b.confidence.total_cmp(&a.confidence));
    categories.truncate(TOP_CATEGORIES);
    let mut first: HashMap<String, f32> = HashMap::new();
    for cand in c.ranked.iter().filter(|cand| !retired_whole(r, cand.label)) {
        let key = match category_of(r, cand.label) {
            Some(code) => code.get(..2).unwrap_or(&code).to_string(),
            None => cand.label.to_string(),
        };
        *first.entry(key).or_default() += cand.probability;
    }
    let mut top: Vec<(String, f32)> = first.into_iter().collect();
    top.sort_by(|a, b| b.1.total_cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    let top_level = top
        .into_iter()
        .take(TOP_CATEGORIES)
        .map(|(label, p)| suggestion(r, &label, p))
        .collect();
    (categories, top_level)
}

/// The terms that drove the first category (the model's `explain`: a second pass over the text,
/// so only where a person reads them).
fn driving_terms(terms: Vec<hotline_text::route::Term>) -> Vec<DrivingTerm> {
    terms
        .into_iter()
        .filter(|t| t.weight > 0.0)
        .map(|t| DrivingTerm {
            term: t.text,
            weight: (t.weight * 1000.0).round() / 1000.0,
        })
        .collect()
}

/// The suggested categories that are categories of this city, with their confidence: what
/// units are suggested for. The model's first class counts whatever its confidence; the others
/// only with a real chance, so a model whose best classes name no category of the city
/// suggests no units from a 0% class that does.
pub fn weighted(categories: &[CategorySuggestion]) -> Vec<(String, f32)> {
    categories
        .iter()
        .enumerate()
        .filter(|(i, c)| *i == 0 || c.confidence >= MIN_CATEGORY_WEIGHT)
        .filter_map(|(_, c)| c.code.clone().map(|code| (code, c.confidence)))
        .collect()
}

/// Units for the categories (code, weight) at the place (`[community, street, district]`,
/// most specific first, levels missing skipped): the responsibility list's units for each
/// category at the place, and history's shares, combined and ranked: the first `TOP_UNITS`.
pub fn units(
    r: &Reference,
    history: Option<&UnitHistory>,
    categories: &[(String, f32)],
    chain: &[&str],
) -> Vec<UnitSuggestion> {
    let mut out = ranked_units(r, history, categories, chain, &[]);
    out.truncate(TOP_UNITS);
    out
}

/// `units` for a ticket units gave back (退单) with the centre's approval: a unit that returned
/// it is not suggested again (the centre agreed it is not theirs; the dispatcher can still pick
/// it from the full list), and the unit a return named instead comes first, with the return's
/// words as its reason, newest return first.
pub fn units_after_returns(
    r: &Reference,
    history: Option<&UnitHistory>,
    categories: &[(String, f32)],
    chain: &[&str],
    returns: &[ApprovedReturn],
) -> Vec<UnitSuggestion> {
    let gave_back: Vec<UnitId> = returns.iter().map(|x| x.unit).collect();
    let mut out = ranked_units(r, history, categories, chain, &gave_back);
    let returned = |u: UnitId| gave_back.contains(&u);
    out.retain(|s| !returned(s.unit));
    // Nor as an assisting unit the list names with another.
    for s in &mut out {
        s.assisting.retain(|u| !returned(*u));
    }
    let top = out.first().map_or(0.0, |s| s.score);
    let category = categories.first().map(|c| c.0.clone()).unwrap_or_default();
    // Oldest first, each put in front: the newest return's unit ends first, with its words.
    for ret in returns {
        let Some(named) = ret.suggested_unit.filter(|u| !returned(*u)) else {
            continue;
        };
        // A unit that may take a dispatch, and serves the place (as history's units must):
        // a return naming another district's bureau is the returning unit's guess.
        if !(dispatchable(r, named) && (chain.is_empty() || serves(r, named, chain))) {
            continue;
        }
        let mut s = match out.iter().position(|s| s.unit == named) {
            Some(i) => out.remove(i),
            None => UnitSuggestion {
                unit: named,
                name: r.unit_name(named),
                score: 0.0,
                category: category.clone(),
                assisting: Vec::new(),
                reasons: Vec::new(),
            },
        };
        s.reasons.retain(|w| !w.contains(RETURN_NAMED));
        s.reasons.insert(
            0,
            format!(
                "{}{RETURN_NAMED},中心已同意退单(退单理由:{})",
                r.unit_name(ret.unit),
                clipped(ret.reason.trim(), RETURN_REASON_CHARS)
            ),
        );
        s.reasons.truncate(MAX_REASONS);
        s.score = s.score.max(top);
        out.insert(0, s);
    }
    out.truncate(TOP_UNITS);
    out
}

/// Characters of a return's reason quoted in a suggestion's reason.
const RETURN_REASON_CHARS: usize = 40;
/// What a suggestion's reason says of a unit a return named.
const RETURN_NAMED: &str = "退单时建议由该单位办理";

/// Whether a dispatch may name `unit`: in use, and of a level that handles tickets.
fn dispatchable(r: &Reference, unit: UnitId) -> bool {
    r.units
        .get(&unit)
        .is_some_and(|u| u.active && u.level.takes_dispatch())
}

/// Whether `unit` serves the place `chain` (its area holds one of the chain's places, or it
/// serves the whole city). An unknown unit is not ruled out here.
fn serves(r: &Reference, unit: UnitId, chain: &[&str]) -> bool {
    r.units
        .get(&unit)
        .is_none_or(|u| u.area.is_empty() || u.area.iter().any(|a| chain.contains(&a.as_str())))
}

/// Every unit for the categories at the place, best first (`units`, untruncated). The units
/// in `passed_over` (they returned the ticket) are not taken from the list: its next rule is.
fn ranked_units(
    r: &Reference,
    history: Option<&UnitHistory>,
    categories: &[(String, f32)],
    chain: &[&str],
    passed_over: &[UnitId],
) -> Vec<UnitSuggestion> {
    struct Acc {
        score: f32,
        category: String,
        best: f32,
        assisting: Vec<UnitId>,
        /// Each reason with the part of the score it gave.
        reasons: Vec<(String, f32)>,
    }
    let mut acc: HashMap<UnitId, Acc> = HashMap::new();
    let mut add = |unit: UnitId, part: f32, category: &str, assisting: &[UnitId], why: String| {
        let a = acc.entry(unit).or_insert_with(|| Acc {
            score: 0.0,
            category: category.to_string(),
            best: 0.0,
            assisting: Vec::new(),
            reasons: Vec::new(),
        });
        a.score += part;
        if part > a.best {
            a.best = part;
            a.category = category.to_string();
            if !assisting.is_empty() {
                a.assisting = assisting.to_vec();
            }
        }
        match a.reasons.iter_mut().find(|(r, _)| *r == why) {
            Some((_, given)) => *given += part,
            None => a.reasons.push((why, part)),
        }
    };
    // The best category always counts; the next ones only when the model gives them a
    // real chance (a 0% category's units and reasons would be noise).
    let considered = categories
        .iter()
        .take(UNIT_CATEGORIES)
        .enumerate()
        .filter(|(i, (_, w))| *i == 0 || *w >= MIN_CATEGORY_WEIGHT)
        .map(|(_, c)| c);
    for (code, weight) in considered {
        let cat_name = category_path(r, code);
        // A class coarser than the tickets it stands for (a model's 大类, or small classes
        // merged into their parent): the list is read for the categories history says its
        // tickets were filed under at this place, each for its share; what was filed under
        // the class itself stays with the class.
        let finer = history.and_then(|h| h.finer(code, chain, MIN_HISTORY));
        // Each part with its tickets at the place (1 of 1 when history says nothing finer).
        let mut parts: Vec<(&str, u32)> = vec![];
        match &finer {
            Some(f) => {
                if f.own() > 0 {
                    parts.push((code, f.own()));
                }
                parts.extend(f.counts.iter().map(|(c, n)| (c.as_str(), *n)));
            }
            None => parts.push((code, 1)),
        }
        let share = |n: u32| finer.as_ref().map_or(1.0, |f| f.share(n));
        // The list's main units for each part, then one reason a unit and place of the
        // list: a unit that handles every small class of the class is told once.
        let mut listed: Vec<(UnitId, String, &str, u32, Vec<UnitId>)> = Vec::new();
        for (part, tickets) in parts {
            // The nearest rule whose unit may take the ticket: one naming a unit since retired,
            // or one that gave the ticket back, leaves it to the next rule out.
            let hits: Vec<_> = r
                .responsibility
                .lookup(part, chain)
                .into_iter()
                .filter(|h| {
                    h.rule
                        .units
                        .first()
                        .is_some_and(|u| dispatchable(r, *u) && !passed_over.contains(u))
                })
                .collect();
            let Some(best) = hits.first().map(|h| h.specificity) else {
                continue;
            };
            for h in hits.iter().take_while(|h| h.specificity == best) {
                let Some((&main, assisting)) = h.rule.units.split_first() else {
                    continue;
                };
                let at = h
                    .rule
                    .place
                    .as_deref()
                    .map(|p| place_name(r, p))
                    .unwrap_or_else(|| "全市".into());
                // The same rule written twice counts once (its tickets would be told twice).
                if !listed
                    .iter()
                    .any(|l| l.0 == main && l.1 == at && l.2 == part)
                {
                    listed.push((main, at, part, tickets, assisting.to_vec()));
                }
            }
        }
        // History from a wider place (the whole city) names units of other districts too:
        // only those serving the place, or the whole city, are offered for it. With no place
        // known, a district's unit would be a guess at the district: only the city's units.
        let mut precedents: Vec<Precedent> = history
            .map(|h| h.precedents(code, chain, MIN_HISTORY))
            .unwrap_or_default()
            .into_iter()
            .filter(|p| serves(r, p.unit, chain))
            .collect();
        if chain.is_empty() {
            of_city_units(&mut precedents);
        }
        let main_units: Vec<UnitId> = listed.iter().map(|l| l.0).collect();
        let doubt = doubt(&precedents, code, &main_units, chain);
        let (list_weight, history_weight) = (
            LIST_WEIGHT * (1.0 - doubt),
            HISTORY_WEIGHT + LIST_WEIGHT * doubt,
        );
        for (unit, at, part, tickets, assisting) in &listed {
            let group = listed
                .iter()
                .filter(|(u, a, ..)| u == unit && a == at)
                .map(|&(_, _, c, n, _)| (c, n));
            let mut why = list_reason(r, code, &cat_name, group, at, finer.as_ref());
            if doubt >= 0.05 {
                if let Some(p) = precedents.first() {
                    let handled: u32 = (precedents.iter())
                        .filter(|q| q.unit == *unit)
                        .map(|q| q.handled)
                        .sum();
                    why.push_str(&format!(
                        ";但历史上{}该类 {} 件已办结工单中 {handled} 件由该单位办结",
                        place_name(r, &p.place),
                        p.total
                    ));
                }
            }
            add(
                *unit,
                weight * list_weight * share(*tickets),
                part,
                assisting,
                why,
            );
        }
        {
            for p in &precedents {
                let cat = if p.category == *code {
                    cat_name.clone()
                } else {
                    category_path(r, &p.category)
                };
                let (total, handled) = (p.total, p.handled);
                let why = if chain.is_empty() {
                    format!("历史:全市 {cat} 由全市性单位办结的 {total} 件工单中 {handled} 件由该单位办结")
                } else {
                    let at = place_name(r, &p.place);
                    format!("历史:{at} {cat} 的 {total} 件已办结工单中 {handled} 件由该单位办结")
                };
                let share = handled as f32 / total.max(1) as f32;
                add(p.unit, weight * history_weight * share, code, &[], why);
            }
        }
    }
    let mut out: Vec<UnitSuggestion> = acc
        .into_iter()
        // Only units a dispatch may name: a list or a history naming a community offers none.
        .filter(|(u, _)| dispatchable(r, *u))
        .map(|(unit, mut a)| {
            a.reasons.sort_by(|x, y| y.1.total_cmp(&x.1));
            UnitSuggestion {
                unit,
                name: r.unit_name(unit),
                score: (a.score.min(1.0) * 1000.0).round() / 1000.0,
                category: a.category,
                assisting: a.assisting,
                reasons: a
                    .reasons
                    .into_iter()
                    .take(MAX_REASONS)
                    .map(|(why, _)| why)
                    .collect(),
            }
        })
        .collect();
    out.sort_by(|a, b| {
        b.score
            .total_cmp(&a.score)
            .then_with(|| a.unit.cmp(&b.unit))
    });
    out
}

/// With no place, the city's own units are the precedents left (`serves`): their shares, and
/// the list's doubt, are of what those units finished. The districts' units finished the
/// rest, at places a draft without one may not be.
fn of_city_units(precedents: &mut [Precedent]) {
    let mut finished: HashMap<String, u32> = HashMap::new();
    for p in precedents.iter() {
        *finished.entry(p.category.clone()).or_default() += p.handled;
    }
    for p in precedents.iter_mut() {
        p.total = finished[&p.category];
    }
}

/// How far history at the place contradicts the list, 0..=1 (`DOUBT_TICKETS`): the tickets
/// there that units other than the list's `listed` main units finished, weighed by how many
/// tickets that is. History of the whole city does not doubt a list for one place (the city's
/// other districts have their own units), only where no place is known either way.
fn doubt(precedents: &[Precedent], code: &str, listed: &[UnitId], chain: &[&str]) -> f32 {
    let Some(first) = precedents.first() else {
        return 0.0;
    };
    // A parent category's history (when the category has none there) mixes in its other
    // small classes' units: it says nothing against the list for this one.
    let wider = first.place == super::history::CITY && !chain.is_empty();
    if listed.is_empty() || wider || first.category != code {
        return 0.0;
    }
    let total = first.total as f32;
    let by_listed: u32 = (precedents.iter())
        .filter(|p| listed.contains(&p.unit))
        .map(|p| p.handled)
        .sum();
    let others = (1.0 - by_listed as f32 / total.max(1.0)).clamp(0.0, 1.0);
    others * total / (total + DOUBT_TICKETS)
}

/// Why the list names a unit for class `code` at `at`: the class itself, or the small classes
/// history files its tickets under at this place (`finer`), named once with how many of the
/// class's tickets there were theirs. Counts, not a percentage: "3 件中 3 件" says how little
/// a "100%" would rest on.
fn list_reason<'a>(
    r: &Reference,
    code: &str,
    cat_name: &str,
    group: impl Iterator<Item = (&'a str, u32)>,
    at: &str,
    finer: Option<&Finer>,
) -> String {
    let head = format!("职责清单(第{}版):", r.responsibility.version);
    let Some(f) = finer else {
        return format!("{head}{cat_name} @ {at} 由该单位主办");
    };
    let (mut names, mut tickets) = (Vec::new(), 0);
    for (c, n) in group {
        names.push(match r.categories.get(c) {
            _ if c == code => "未细分到小类的",
            Some(x) => x.name.as_str(),
            None => c,
        });
        tickets += n;
    }
    format!(
        "{head}{cat_name} 下的 {} @ {at} 由该单位主办(历史上{}该类 {} 件工单中 {tickets} 件属{})",
        names.join("、"),
        place_name(r, &f.place),
        f.total,
        if names.len() > 1 {
            "这些小类"
        } else {
            "此小类"
        }
    )
}

/// Whether a text has words to classify or search by: at least two letters (Chinese
/// characters count). Punctuation, emoji, digits alone (a phone number) say nothing, and
/// anything suggested for them would be the model's prior dressed up as a reading.
pub fn says_something(text: &str) -> bool {
    text.chars().filter(|c| c.is_alphabetic()).nth(1).is_some()
}

/// Category and unit suggestions for a draft. With `chosen` (the operator picked the
/// category), units are suggested for it; otherwise for the model's best categories. With
/// `explain`, the terms behind the first category too (the intake screen shows them; a create
/// only stores the suggestion).
pub fn suggest(
    r: &Reference,
    model: Option<&ActiveModel>,
    text: &str,
    chosen: Option<&str>,
    chain: &[&str],
    explain: bool,
) -> RouteSuggestion {
    // A text with no word the model knows ("asdfgh", a name alone) gets no category: the
    // model's priors would be offered as if read from it.
    let read = super::model_text(text);
    let text = read.as_ref();
    let ((categories, top_level), terms) = match model {
        Some(m) if says_something(text) => {
            let (c, terms) = if explain {
                m.router.explain(text, TERMS)
            } else {
                (m.router.classify(text), Vec::new())
            };
            if c.evidence {
                (rank(r, &c), driving_terms(terms))
            } else {
                Default::default()
            }
        }
        _ => Default::default(),
    };
    let for_units: Vec<(String, f32)> = match chosen {
        Some(c) => vec![(c.to_string(), 1.0)],
        None => weighted(&categories),
    };
    RouteSuggestion {
        model_version: model.map(|m| m.info.version),
        units: units(r, model.map(|m| &m.history), &for_units, chain),
        categories,
        top_level,
        terms,
        units_withheld: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn class(code: Option<&str>, label: &str, confidence: f32) -> CategorySuggestion {
        CategorySuggestion {
            code: code.map(String::from),
            label: label.into(),
            name: label.into(),
            confidence,
        }
    }

    #[test]
    fn units_follow_the_models_first_class_and_classes_with_a_chance_only() {
        // The model's best classes name no category of the city: a 0% class that does drives
        // nothing.
        let foreign = [
            class(None, "城乡建设", 0.7),
            class(None, "交通运输", 0.3),
            class(Some("0101"), "供水", 0.0),
        ];
        assert!(weighted(&foreign).is_empty());
        // The first class counts whatever its confidence; the next ones from 5%.
        let own = [
            class(Some("0101"), "供水", 0.04),
            class(Some("0102"), "供电", 0.05),
            class(None, "其他", 0.5),
            class(Some("0103"), "燃气", 0.01),
        ];
        assert_eq!(
            weighted(&own),
            [("0101".to_string(), 0.04), ("0102".to_string(), 0.05)]
        );
    }

    fn precedent(place: &str, unit: i64, handled: u32, total: u32) -> Precedent {
        Precedent {
            category: "0301".into(),
            place: place.into(),
            unit: UnitId(unit),
            handled,
            total,
        }
    }

    #[test]
    fn with_no_place_only_the_citys_own_units_doubt_the_list() {
        let city = super::super::history::CITY;
        // The list names the city bureau (1); the districts' branches handled most of the
        // city's 292 tickets, which had places. With no place, those are not offered
        // (`serves`), and the bureau alone among the city's units does not doubt the list.
        let mut only_bureau = [precedent(city, 1, 14, 292)];
        of_city_units(&mut only_bureau);
        assert_eq!(only_bureau[0].total, 14);
        assert_eq!(doubt(&only_bureau, "0301", &[UnitId(1)], &[]), 0.0);
        // Another city unit finishing most of what the city's units finished does.
        let mut another = [precedent(city, 2, 30, 292), precedent(city, 1, 14, 292)];
        of_city_units(&mut another);
        let d = doubt(&another, "0301", &[UnitId(1)], &[]);
        assert!((0.4..0.5).contains(&d), "{d}");
        // At a place, the place's own history counts every ticket there.
        let street = [precedent("D01S01", 2, 20, 20)];
        assert!(doubt(&street, "0301", &[UnitId(1)], &["D01S01", "D01"]) > 0.4);
    }
}
