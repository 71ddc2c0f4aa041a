//! What history says about units: for each category (at every level) and place (community,
//! street, district, and the whole city), how many closed tickets each unit finally handled.
//! Learned with the classifier by `train_from_db` and versioned with it.
use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use hotline_domain::org::UnitId;
use hotline_domain::ticket::Ticket;

/// The key of the whole city in `UnitHistory`.
pub const CITY: &str = "*";

/// Counts of the final main unit per (category, place).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct UnitHistory {
    /// `category code` → `place code or CITY` → unit → tickets.
    cells: HashMap<String, HashMap<String, Vec<(UnitId, u32)>>>,
}

/// One finding of history for a unit.
#[derive(Debug, Clone, PartialEq)]
pub struct Precedent {
    pub category: String,
    /// The place the counts are for (`CITY` for the whole city).
    pub place: String,
    pub unit: UnitId,
    /// Tickets this unit finally handled there.
    pub handled: u32,
    /// Tickets of the category there in all.
    pub total: u32,
}

/// What the tickets of a class were filed under at one place (`UnitHistory::finer`).
#[derive(Debug, Clone, PartialEq)]
pub struct Finer {
    /// The place the counts are for (`CITY` for the whole city).
    pub place: String,
    /// The class's tickets there, its own and those filed below it.
    pub total: u32,
    /// Each category below the class with its tickets there, most first.
    pub counts: Vec<(String, u32)>,
}

impl Finer {
    /// Tickets filed under the class itself, no category below it.
    pub fn own(&self) -> u32 {
        self.total
            .saturating_sub(self.counts.iter().map(|(_, n)| n).sum())
    }

    /// `n` of the class's tickets as a share of them all.
    pub fn share(&self, n: u32) -> f32 {
        n as f32 / self.total.max(1) as f32
    }
}

/// Building a history from tickets.
#[derive(Default)]
pub struct HistoryBuilder {
    counts: HashMap<(String, String), HashMap<UnitId, u32>>,
}

impl HistoryBuilder {
    /// Count a closed ticket: its category at every level, at each level of its place, for the
    /// unit that finally held it as main unit.
    pub fn add(&mut self, t: &Ticket) {
        let (Some(category), Some(unit)) = (t.category.as_deref(), t.main_unit()) else {
            return;
        };
        let places: Vec<&str> = t.elements.place.chain().into_iter().chain([CITY]).collect();
        for level in (2..=category.len()).step_by(2) {
            let Some(prefix) = category.get(..level) else {
                continue;
            };
            for place in &places {
                *self
                    .counts
                    .entry((prefix.to_string(), (*place).to_string()))
                    .or_default()
                    .entry(unit)
                    .or_default() += 1;
            }
        }
    }

    pub fn build(self) -> UnitHistory {
        let mut cells: HashMap<String, HashMap<String, Vec<(UnitId, u32)>>> = HashMap::new();
        for ((category, place), units) in self.counts {
            let mut units: Vec<(UnitId, u32)> = units.into_iter().collect();
            units.sort_by_key(|&(u, n)| (std::cmp::Reverse(n), u));
            cells.entry(category).or_default().insert(place, units);
        }
        UnitHistory { cells }
    }
}

impl UnitHistory {
    pub fn is_empty(&self) -> bool {
        self.cells.is_empty()
    }

    /// Cells (category × place) in the history.
    pub fn len(&self) -> usize {
        self.cells.values().map(HashMap::len).sum()
    }

    /// The units that handled `category` (or, failing that, its parents) at the most specific
    /// place of `chain` (most specific first) that has at least `min_tickets` tickets, then the
    /// whole city; with their counts, most first.
    pub fn precedents(&self, category: &str, chain: &[&str], min_tickets: u32) -> Vec<Precedent> {
        let mut level = category.len();
        while level >= 2 {
            if let Some(places) = category.get(..level).and_then(|c| self.cells.get(c)) {
                for place in chain.iter().copied().chain([CITY]) {
                    let Some(units) = places.get(place) else {
                        continue;
                    };
                    let total: u32 = units.iter().map(|&(_, n)| n).sum();
                    if total >= min_tickets {
                        return units
                            .iter()
                            .map(|&(unit, handled)| Precedent {
                                category: category[..level].to_string(),
                                place: place.to_string(),
                                unit,
                                handled,
                                total,
                            })
                            .collect();
                    }
                }
            }
            level -= 2;
        }
        Vec::new()
    }

    /// What the tickets under `category` were filed as, at the most specific place of `chain`
    /// (most specific first, then the whole city) with at least `min_tickets` of them: each
    /// category below `category` with how many of those tickets were filed under it (a ticket
    /// counts for the category it was filed under, not for that category's parents), most
    /// first. Nothing when no place has enough tickets or none was filed below `category`.
    pub fn finer(&self, category: &str, chain: &[&str], min_tickets: u32) -> Option<Finer> {
        let below: Vec<&String> = self
            .cells
            .keys()
            .filter(|k| k.len() > category.len() && k.starts_with(category))
            .collect();
        if below.is_empty() {
            return None;
        }
        let count = |code: &str, place: &str| -> u32 {
            self.cells
                .get(code)
                .and_then(|places| places.get(place))
                .map_or(0, |units| units.iter().map(|&(_, n)| n).sum())
        };
        for place in chain.iter().copied().chain([CITY]) {
            let total = count(category, place);
            if total < min_tickets {
                continue;
            }
            // A category's own tickets: its count less its children's (each ticket is counted
            // at every level of its category).
            let mut counts: Vec<(String, u32)> = below
                .iter()
                .filter_map(|code| {
                    let children: u32 = below
                        .iter()
                        .filter(|c| c.len() == code.len() + 2 && c.starts_with(code.as_str()))
                        .map(|c| count(c, place))
                        .sum();
                    let own = count(code, place).saturating_sub(children);
                    (own > 0).then(|| ((*code).clone(), own))
                })
                .collect();
            if counts.is_empty() {
                return None;
            }
            counts.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
            return Some(Finer {
                place: place.to_string(),
                total,
                counts,
            });
        }
        None
    }

    pub fn to_json(&self) -> serde_json::Value {
        serde_json::to_value(self).unwrap_or(serde_json::Value::Null)
    }

    /// The history stored with a model; a model stored without one (`null`) has none.
    pub fn from_json(v: &serde_json::Value) -> Result<UnitHistory, String> {
        if v.is_null() {
            return Ok(UnitHistory::default());
        }
        serde_json::from_value(v.clone()).map_err(|e| e.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A history from (category, place, unit, tickets) rows, each counted at every level of
    /// its category, as `HistoryBuilder` counts closed tickets.
    fn history(rows: &[(&str, &str, i64, u32)]) -> UnitHistory {
        let mut counts: HashMap<(String, String), HashMap<UnitId, u32>> = HashMap::new();
        for &(category, place, unit, n) in rows {
            for level in (2..=category.len()).step_by(2) {
                for p in [place, CITY] {
                    *counts
                        .entry((category[..level].to_string(), p.to_string()))
                        .or_default()
                        .entry(UnitId(unit))
                        .or_default() += n;
                }
            }
        }
        HistoryBuilder { counts }.build()
    }

    #[test]
    fn a_coarse_class_is_told_what_its_tickets_were_filed_as_at_the_place() {
        let h = history(&[
            ("020203", "C1", 7, 6),
            ("020101", "C1", 8, 2),
            ("02", "C1", 9, 2),
            ("020203", "C2", 7, 1),
            ("0301", "C2", 5, 9),
        ]);
        let f = h.finer("02", &["C1", "S1"], 3).expect("C1 has ten");
        assert_eq!((f.place.as_str(), f.total), ("C1", 10));
        assert_eq!(
            f.counts,
            vec![("020203".to_string(), 6), ("020101".to_string(), 2)],
            "the 0202 and 0201 levels hold no tickets of their own; 02's own two stay out"
        );
        assert_eq!(f.own(), 2);
        assert!((f.share(6) - 0.6).abs() < 1e-6);
        // Too few at C2: the whole city.
        let f = h.finer("02", &["C2"], 3).expect("the city has eleven");
        assert_eq!((f.place.as_str(), f.total), (CITY, 11));
        assert_eq!(f.counts[0], ("020203".to_string(), 7));
        // A leaf, or a class nobody filed below, has nothing finer.
        assert_eq!(h.finer("020203", &["C1"], 1), None);
        assert_eq!(h.finer("0301", &["C2"], 1), None);
        assert_eq!(h.finer("04", &["C2"], 1), None);
    }
}
