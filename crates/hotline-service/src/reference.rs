//! Reference data every decision reads: calendar, policy, categories, units, places. Loaded once
//! and after each admin change; small enough (hundreds to thousands of rows) to keep in memory.
use std::collections::HashMap;

use hotline_domain::calendar::WorkCalendar;
use hotline_domain::category::{Category, ResponsibilityList};
use hotline_domain::org::{Place, PlaceKind, Unit, UnitId};
use hotline_domain::policy::Policy;
use hotline_store::DynStore;
use hotline_text::elements::{Extractor, Holiday, HolidaySpan, Holidays, Lexicon, Replacement};

use crate::ServiceResult;

pub struct Reference {
    pub calendar: WorkCalendar,
    /// Stored calendar years that could not be put in force (in Chinese), each for a date
    /// another stored year already sets: two processes saving clashing years at the same
    /// moment can each pass their check. The later year is left out and said, rather than no
    /// process being able to start on the database.
    pub calendar_problems: Vec<String>,
    pub policy: Policy,
    pub categories: HashMap<String, Category>,
    pub units: HashMap<UnitId, Unit>,
    pub places: HashMap<String, Place>,
    pub responsibility: ResponsibilityList,
    /// Finds the five elements in text, with the city's places as its gazetteer.
    pub extractor: Extractor,
    /// Names a text about the city itself may carry (`home_names`), for the scope screen's
    /// matters elsewhere.
    pub home: Vec<String>,
    /// The city its units are named after (`unit_city`), if they carry one.
    pub city: Option<String>,
}

impl Reference {
    pub async fn load(store: &DynStore, lexicon: &Lexicon) -> ServiceResult<Reference> {
        let policy: Policy = store.policy().await?.unwrap_or_default();
        let mut calendar = WorkCalendar::china();
        if let Some(hours) = &policy.working_hours {
            calendar = calendar.with_working_hours(hours.clone());
        }
        let calendar_problems = (calendar.load_years(store.calendar_years().await?))
            .into_iter()
            .map(|(n, e)| {
                tracing::error!(year = n, error = %e, "a stored calendar year is not in force");
                format!("{n} 年的节假日安排未生效:{}。请改正后重新载入该年", e.zh())
            })
            .collect();
        let categories = store
            .categories()
            .await?
            .into_iter()
            .map(|c| (c.code.clone(), c))
            .collect();
        let units: HashMap<UnitId, Unit> = store
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
        let city = unit_city(units.values());
        let home = home_names(places.values(), city.as_deref());
        Ok(Reference {
            calendar_problems,
            home,
            city,
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
            Some(u) => Err(crate::ServiceError::invalid(
                field,
                format!(
                    "单位「{}」({})已停用 / unit {} is inactive",
                    u.name, u.code, u.code
                ),
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

/// The names of the city itself: its districts (with their other names, and without their 区, 县
/// or 市: 昆山市 is also 昆山) and `city`, the one its units are named after (`unit_city`:
/// "示例市公安局", "湖南省长沙市公安局" → 长沙市 and 长沙), so that a text naming one is about the city, not a
/// matter elsewhere (`Screener::screen_in_city`).
pub fn home_names<'a>(places: impl Iterator<Item = &'a Place>, city: Option<&str>) -> Vec<String> {
    let mut names: Vec<String> = places
        .filter(|p| p.kind == PlaceKind::District)
        .flat_map(|p| std::iter::once(&p.name).chain(&p.aliases))
        .flat_map(|n| {
            let stem = n
                .strip_suffix(['区', '县', '市'])
                .filter(|s| s.chars().count() >= 2);
            std::iter::once(n.as_str()).chain(stem)
        })
        .filter(|n| n.chars().count() >= 2)
        .map(String::from)
        .collect();
    if let Some(city) = city {
        names.push(format!("{city}市"));
        names.push(city.to_string());
    }
    names.sort();
    names.dedup();
    names
}

/// The city most units are named after, without its 市 ("示例市公安局", "湖南省长沙市公安局" →
/// 长沙), counted over units naming one with at least two carrying it: `None` where units are
/// named 市公安局.
pub fn unit_city<'a>(units: impl Iterator<Item = &'a Unit>) -> Option<String> {
    // The prefix before a unit name's first 市, of two to six characters without a district's
    // 区 or 县 (港东区市场监督管理局 names no city), counted over the units.
    let mut cities: HashMap<String, usize> = HashMap::new();
    for u in units {
        let Some(at) = u.name.chars().position(|c| c == '市') else {
            continue;
        };
        let prefix: String = u.name.chars().take(at).collect();
        // The province before the city is no part of its name: 湖南省长沙市, 广西壮族自治区
        // 南宁市. A district's 区 is not one: 港东区城管局市容科 names no city.
        let city = (prefix.rsplit_once('省').map(|(_, c)| c))
            .or_else(|| prefix.rsplit_once("自治区").map(|(_, c)| c))
            .unwrap_or(&prefix);
        let han = city.chars().all(crate::knowledge::tokenizer::is_han);
        if (2..=6).contains(&city.chars().count()) && han && !city.contains(['区', '县']) {
            *cities.entry(city.to_string()).or_default() += 1;
        }
    }
    // The city most units carry (two at least: one could be a name like 城市管理局's).
    cities
        .into_iter()
        .filter(|(_, n)| *n >= 2)
        .max_by(|a, b| a.1.cmp(&b.1).then(b.0.cmp(&a.0)))
        .map(|(city, _)| city)
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
    #[test]
    fn the_home_names_are_the_districts_and_the_city_the_units_carry() {
        let place = |code: &str, name: &str, kind| Place {
            code: code.into(),
            name: name.into(),
            kind,
            parent: None,
            aliases: vec![],
            active: true,
        };
        let mut east = place("D01", "港东区", PlaceKind::District);
        east.aliases.push("港东".into());
        let places = [
            east,
            place("D01S01", "文昌街道", PlaceKind::Street),
            place("D02", "南湖县", PlaceKind::District),
        ];
        let unit = |i: i64, name: &str| Unit {
            id: UnitId(i),
            code: format!("U{i}"),
            name: name.into(),
            level: hotline_domain::org::UnitLevel::CityBureau,
            parent: None,
            area: vec![],
            active: true,
        };
        let units = [
            unit(1, "示例市公安局"),
            unit(2, "示例市生态环境局港东区分局"),
            unit(3, "港东区市场监督管理局"),
            unit(4, "城市管理局"),
            unit(5, "南湖县市场监督管理局"),
        ];
        let provincial = [unit(6, "湖南省长沙市公安局"), unit(7, "湖南省长沙市民政局")];
        let home = |places: &[Place], units: &[Unit]| {
            home_names(places.iter(), unit_city(units.iter()).as_deref())
        };
        assert_eq!(home(&[], &provincial), ["长沙", "长沙市"]);
        assert_eq!(
            home(&places, &units),
            ["南湖", "南湖县", "港东", "港东区", "示例", "示例市"]
        );
        // One unit's name is no city's.
        assert_eq!(home(&[], &units[..1]), Vec::<String>::new());
        // A district's units name no city, whatever follows their 区.
        let district = [unit(8, "港东区城管局市容科"), unit(9, "港东区城管局市政科")];
        assert_eq!(unit_city(district.iter()), None);
        let autonomous = [
            unit(10, "广西壮族自治区南宁市公安局"),
            unit(11, "广西壮族自治区南宁市民政局"),
        ];
        assert_eq!(unit_city(autonomous.iter()).as_deref(), Some("南宁"));
    }
}
