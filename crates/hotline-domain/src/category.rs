//! Categories (a three-level tree with a default deadline tier each) and the versioned
//! responsibility list (职责清单): category × place → responsible unit(s).
use serde::{Deserialize, Serialize};

use crate::org::UnitId;

/// Digits of a third-level (leaf) category code: codes are 2, 4 or 6 digits, two a level, so a
/// code this long has nothing below it.
pub const LEAF_CODE_DIGITS: usize = 6;

/// A node of the category tree. Codes are hierarchical: a child's code starts with its parent's
/// (`01`, `0103`, `010305`), so "is under" is a prefix test.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Category {
    pub code: String,
    pub name: String,
    pub parent: Option<String>,
    pub level: u8,
    /// Default deadline tier code for tickets of this category.
    pub tier: String,
    pub active: bool,
}

impl Category {
    /// Whether `self` is `other` or one of its descendants.
    pub fn is_under(&self, other: &str) -> bool {
        self.code.starts_with(other)
    }
}

/// One line of the responsibility list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ResponsibilityRule {
    /// A category code; the rule covers that category and every category below it.
    pub category: String,
    /// A place code; `None` means the whole city. Covers the place and every place below it.
    pub place: Option<String>,
    /// The main unit first, then assisting units.
    pub units: Vec<UnitId>,
    pub note: String,
}

/// The responsibility list at one version. Every edit makes a new version so a return dispute is
/// settled against the list that was in force at dispatch.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ResponsibilityList {
    pub version: i64,
    pub rules: Vec<ResponsibilityRule>,
}

/// A match of the list for one ticket, most specific first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Responsibility {
    pub rule: ResponsibilityRule,
    /// Higher is more specific: category depth counts double place depth.
    pub specificity: u32,
}

impl ResponsibilityList {
    /// Rules that cover `category` at the place given as its chain of codes
    /// (`[community, street, district]`, most specific first, missing levels skipped),
    /// ordered most specific first.
    pub fn lookup(&self, category: &str, place_chain: &[&str]) -> Vec<Responsibility> {
        let mut hits: Vec<Responsibility> = self
            .rules
            .iter()
            .filter(|r| category.starts_with(r.category.as_str()))
            .filter_map(|r| {
                let place_score = match &r.place {
                    None => Some(0),
                    Some(p) => place_chain
                        .iter()
                        .position(|c| c == p)
                        .map(|i| (place_chain.len() - i) as u32),
                }?;
                Some(Responsibility {
                    rule: r.clone(),
                    specificity: r.category.len() as u32 * 2 + place_score,
                })
            })
            .collect();
        hits.sort_by_key(|h| std::cmp::Reverse(h.specificity));
        hits
    }

    /// Whether `unit` is responsible for the category at the place, by the most specific rules.
    pub fn is_responsible(&self, unit: UnitId, category: &str, place_chain: &[&str]) -> bool {
        let hits = self.lookup(category, place_chain);
        let Some(best) = hits.first().map(|h| h.specificity) else {
            return false;
        };
        hits.iter()
            .take_while(|h| h.specificity == best)
            .any(|h| h.rule.units.contains(&unit))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rule(category: &str, place: Option<&str>, unit: i64) -> ResponsibilityRule {
        ResponsibilityRule {
            category: category.into(),
            place: place.map(Into::into),
            units: vec![UnitId(unit)],
            note: String::new(),
        }
    }

    #[test]
    fn the_most_specific_rule_comes_first() {
        let list = ResponsibilityList {
            version: 1,
            rules: vec![
                rule("01", None, 1),
                rule("0103", Some("D01"), 2),
                rule("0103", Some("D01S02"), 3),
            ],
        };
        let hits = list.lookup("010305", &["D01S02C01", "D01S02", "D01"]);
        assert_eq!(
            hits.iter().map(|h| h.rule.units[0].0).collect::<Vec<_>>(),
            vec![3, 2, 1]
        );
        assert!(list.is_responsible(UnitId(3), "010305", &["D01S02", "D01"]));
        assert!(!list.is_responsible(UnitId(1), "010305", &["D01S02", "D01"]));
        assert!(!list.is_responsible(UnitId(1), "0201", &["D01"]));
        assert!(list.lookup("02", &["D01"]).is_empty());
    }
}
