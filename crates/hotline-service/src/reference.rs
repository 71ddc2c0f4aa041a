//! Reference data every decision reads: calendar, policy, categories, units, places. Loaded once
//! and after each admin change; small enough (hundreds to thousands of rows) to keep in memory.
use std::collections::HashMap;

use hotline_domain::calendar::WorkCalendar;
use hotline_domain::category::{Category, ResponsibilityList};
use hotline_domain::org::{Place, Unit, UnitId};
use hotline_domain::policy::Policy;
use hotline_store::DynStore;
use hotline_text::elements::{Extractor, Holiday, HolidaySpan, Holidays, Lexicon, Replacement};

use crate::ServiceResult;

pub struct Reference {
    pub calendar: WorkCalendar,
    pub policy: Policy,
    pub categories: HashMap<String, Category>,
    pub units: HashMap<UnitId, Unit>,
    pub places: HashMap<String, Place>,
    pub responsibility: ResponsibilityList,
    /// Finds the five elements in text, with the city's places as its gazetteer.
    pub extractor: Extractor,
}

impl Reference {
    pub async fn load(store: &DynStore, lexicon: &Lexicon) -> ServiceResult<Reference> {
        let policy: Policy = store.policy().await?.unwrap_or_default();
        let mut calendar = WorkCalendar::china();
        if let Some(hours) = &policy.working_hours {
            calendar = calendar.with_working_hours(hours.clone());
        }
        for year in store.calendar_years().await? {
            calendar
                .load_year(year)
                .map_err(|e| crate::ServiceError::invalid("calendar", e.to_string()))?;
        }
        let categories = store
            .categories()
            .await?
            .into_iter()
            .map(|c| (c.code.clone(), c))
            .collect();
        let units = store
            .units()
            .await?
            .into_iter()
            .map(|u| (u.id, u))
            .collect();
        let places = store
            .places()
            .await?
            .into_iter()
            .map(|p| (p.code.clone(), p))
            .collect();
        let responsibility = store.responsibility(None).await?;
        let extractor = Extractor::new(crate::analyze::gazetteer(&places), lexicon.clone())
            .with_holidays(holidays(&calendar));
        Ok(Reference {
            extractor,
            calendar,
            policy,
            categories,
            units,
            places,
            responsibility,
        })
    }

    /// What `text` says of the matter: its place names and addresses blanked
    /// (`Places::blanked`), then the formal wording of its colloquial phrases
    /// (`matter_of`). Routing trains and predicts on it and knowledge is recommended from it.
    pub fn matter(&self, text: &str) -> String {
        self.matter_of(text, &self.extractor.gazetteer().places(text))
    }

    /// `matter` for a text whose places are already found. The words inside 人民路 or 公积金小区
    /// name no matter, so they are blanked. The lexicon's formal wording of what the caller said
    /// (吵得睡不着 → 噪声扰民) is added on a line of its own, the caller's words kept: routing and
    /// the articles then know the matter by the words a record and an article are written in.
    pub fn matter_of(&self, text: &str, places: &hotline_text::elements::Places) -> String {
        self.matter_reworded(text, places).0
    }

    /// `matter_of`, with the phrases the lexicon reworded in it.
    pub fn matter_reworded(
        &self,
        text: &str,
        places: &hotline_text::elements::Places,
    ) -> (String, Vec<Replacement>) {
        let blanked = places.blanked(text);
        let reworded = self.extractor.lexicon().formalise(&blanked).replacements;
        (formal_line_added(blanked, &reworded), reworded)
    }

    /// `text`, then on a line of its own the lexicon's formal wording of the colloquial phrases
    /// it holds (吵得睡不着 → 噪声扰民), each once; `text` as it is when it holds none.
    pub fn with_formal_wording(&self, text: String) -> String {
        let reworded = self.extractor.lexicon().formalise(&text).replacements;
        formal_line_added(text, &reworded)
    }

    /// Whether `ancestor` is `unit` or above it in the unit tree.
    pub fn is_ancestor(&self, ancestor: UnitId, unit: UnitId) -> bool {
        let mut cur = Some(unit);
        let mut guard = 0;
        while let Some(u) = cur {
            if u == ancestor {
                return true;
            }
            cur = self.units.get(&u).and_then(|x| x.parent);
            guard += 1;
            if guard > 32 {
                return false;
            }
        }
        false
    }

    /// The name of a category in the tree, if the code is one.
    pub fn category_name(&self, code: Option<&str>) -> Option<String> {
        code.and_then(|c| self.categories.get(c))
            .map(|c| c.name.clone())
    }

    pub fn unit_name(&self, id: UnitId) -> String {
        self.units
            .get(&id)
            .map(|u| u.name.clone())
            .unwrap_or_else(|| format!("单位#{}", id.0))
    }

    pub fn active_unit(&self, id: UnitId, field: &str) -> ServiceResult<&Unit> {
        match self.units.get(&id) {
            Some(u) if u.active => Ok(u),
            Some(_) => Err(crate::ServiceError::invalid(
                field,
                format!("单位 {} 已停用 / unit is inactive", id.0),
            )),
            None => Err(crate::ServiceError::invalid(
                field,
                format!("没有编号为 {} 的单位 / unknown unit", id.0),
            )),
        }
    }
}

/// The public holidays of every year the calendar has a schedule for, for reading "国庆期间" in
/// a caller's words as that year's days off.
fn holidays(calendar: &WorkCalendar) -> Holidays {
    let spans = calendar
        .known_years()
        .into_iter()
        .filter_map(|year| calendar.year_schedule(year))
        .flat_map(|schedule| {
            let year = schedule.year;
            schedule.holidays.into_iter().map(move |h| (year, h))
        })
        .filter_map(|(year, h)| {
            Some(HolidaySpan {
                holiday: Holiday::from_name(&h.name)?,
                year,
                start: h.start,
                end: h.end,
            })
        })
        .collect();
    Holidays::new(spans)
}

/// `text` with the formal wordings of `reworded`, each once, on a line of its own.
fn formal_line_added(mut text: String, reworded: &[Replacement]) -> String {
    let mut added: Vec<&str> = Vec::new();
    for r in reworded {
        if !added.contains(&r.to.as_str()) {
            added.push(&r.to);
        }
    }
    if !added.is_empty() {
        text.push('\n');
        text.push_str(&added.join("，"));
    }
    text
}

#[cfg(test)]
mod tests {
    use chrono::TimeZone;
    use hotline_text::elements::{china, find_times_with, Gazetteer, TimeValue};

    use super::*;

    #[test]
    fn a_holiday_in_a_callers_words_is_the_calendars_days_off() {
        let holidays = holidays(&WorkCalendar::china());
        let now = china().with_ymd_and_hms(2019, 11, 1, 10, 0, 0).unwrap();
        let day = |m, d| china().with_ymd_and_hms(2019, m, d, 0, 0, 0).unwrap();
        let found = find_times_with("国庆期间和今年春节小区都停过水", now, &holidays);
        let values: Vec<&TimeValue> = found.iter().map(|m| &m.value).collect();
        assert_eq!(
            values,
            [
                &TimeValue::Range {
                    from: day(10, 1),
                    to: day(10, 8)
                },
                &TimeValue::Range {
                    from: day(2, 4),
                    to: day(2, 11)
                },
            ],
            "{found:?}"
        );
        // The extractor the service builds reads them the same way.
        let extractor = Extractor::new(Gazetteer::empty(), Lexicon::builtin().expect("lexicon"))
            .with_holidays(holidays);
        let e = extractor.extract("国庆期间停水", now);
        assert_eq!(e.times[0].value.start(), Some(day(10, 1)));
    }
}
