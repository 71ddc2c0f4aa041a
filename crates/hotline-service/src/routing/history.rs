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
