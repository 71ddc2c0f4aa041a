//! The demo city 示例市: its gazetteer, unit tree, responsibility list, roads and landmarks,
//! generated deterministically from a seed so every demo run sees the same invented city.
use std::collections::HashSet;

use hotline_domain::org::{PlaceKind, UnitLevel};
use rand::rngs::StdRng;
use rand::seq::SliceRandom;
use rand::{Rng, SeedableRng};

mod names;
mod plan;

use names::{
    ROAD_FIRST, ROAD_SECOND, ROAD_SUFFIXES, RURAL_FIRST, RURAL_SECOND, STREET_STEMS, TOWN_STEMS,
    URBAN_FIRST, URBAN_SECOND,
};
use plan::{
    DistrictKind, DistrictSpec, Duty, CITY_BUREAUS, CITY_RULES, DISTRICTS, ENTERPRISES,
    LOCAL_RULES, STREET_RULES, TOWN_RULES, ZONE_TOILET_CATEGORY,
};

/// The seed `demo_city()` uses.
pub const DEMO_SEED: u64 = 12345;
/// Code of the hotline centre's own unit.
pub const CENTRE_CODE: &str = "CENTRE";
/// The tourism zone whose admin (管委) takes its local tickets and sub-dispatches them.
pub const ZONE_DISTRICT: &str = "D03";
/// The zone's first street, home of 太公三路.
pub const ZONE_STREET: &str = "D03S01";

/// A district, street/town or community/village of the gazetteer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlaceSeed {
    pub code: String,
    pub name: String,
    pub kind: PlaceKind,
    pub parent: Option<String>,
    pub aliases: Vec<String>,
}

/// What people call a demo landmark besides its name: a numbered middle school
/// (示例市第三中学) is 三中 or 市三中.
pub fn landmark_aliases(name: &str) -> Vec<String> {
    let number = name
        .strip_prefix("示例市第")
        .and_then(|rest| rest.strip_suffix("中学"));
    match number {
        Some(n) => vec![format!("{n}中"), format!("市{n}中")],
        None => Vec::new(),
    }
}

/// A unit of the demo city.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnitSeed {
    pub code: String,
    pub name: String,
    pub level: UnitLevel,
    /// Parent unit code.
    pub parent: Option<String>,
    /// Place codes served; empty means the whole city.
    pub area: Vec<String>,
}

/// One line of the responsibility list (职责清单), by codes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RuleSeed {
    /// A category code prefix.
    pub category: String,
    /// A place code; `None` means the whole city.
    pub place: Option<String>,
    /// Unit codes, the main unit first.
    pub units: Vec<String>,
    pub note: String,
}

/// The whole demo city.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DemoCity {
    pub places: Vec<PlaceSeed>,
    pub units: Vec<UnitSeed>,
    pub rules: Vec<RuleSeed>,
    /// (place code of a street, road name).
    pub roads: Vec<(String, String)>,
    /// (place code of a street, landmark name).
    pub landmarks: Vec<(String, String)>,
}

/// The demo city at `DEMO_SEED`.
pub fn demo_city() -> DemoCity {
    demo_city_from_seed(DEMO_SEED)
}

struct Builder {
    rng: StdRng,
    city: DemoCity,
    used_roads: HashSet<String>,
    street_stems: Vec<&'static str>,
    town_stems: Vec<&'static str>,
    school_no: u32,
}

/// The demo city for any seed: same seed, same city.
pub fn demo_city_from_seed(seed: u64) -> DemoCity {
    let mut rng = StdRng::seed_from_u64(seed);
    let mut street_stems = STREET_STEMS.to_vec();
    street_stems.shuffle(&mut rng);
    let mut town_stems = TOWN_STEMS.to_vec();
    town_stems.shuffle(&mut rng);
    let mut b = Builder {
        rng,
        city: DemoCity::default(),
        used_roads: HashSet::new(),
        street_stems,
        town_stems,
        school_no: 0,
    };
    b.unit(
        CENTRE_CODE,
        "示例市12345政务服务便民热线中心",
        UnitLevel::CityCentre,
        None,
        None,
    );
    for (code, name) in CITY_BUREAUS {
        b.unit(
            &format!("CB-{code}"),
            name,
            UnitLevel::CityBureau,
            None,
            None,
        );
    }
    for (code, name) in ENTERPRISES {
        b.unit(
            &format!("EN-{code}"),
            name,
            UnitLevel::Enterprise,
            None,
            None,
        );
    }
    for (category, units) in CITY_RULES {
        let main = b.unit_name(units[0]);
        b.rule(category, None, units, format!("全市范围，由{main}主办"));
    }
    for (i, spec) in DISTRICTS.iter().enumerate() {
        b.district(&format!("D{:02}", i + 1), spec);
    }
    b.city
}

impl Builder {
    fn unit(
        &mut self,
        code: &str,
        name: &str,
        level: UnitLevel,
        parent: Option<&str>,
        area: Option<&str>,
    ) {
        self.city.units.push(UnitSeed {
            code: code.to_string(),
            name: name.to_string(),
            level,
            parent: parent.map(str::to_string),
            area: area.map(|a| vec![a.to_string()]).unwrap_or_default(),
        });
    }

    fn unit_name(&self, code: &str) -> String {
        self.city
            .units
            .iter()
            .find(|u| u.code == code)
            .map(|u| u.name.clone())
            .unwrap_or_default()
    }

    fn place(&mut self, code: &str, name: &str, kind: PlaceKind, parent: Option<&str>) {
        self.city.places.push(PlaceSeed {
            code: code.to_string(),
            name: name.to_string(),
            kind,
            parent: parent.map(str::to_string),
            aliases: Vec::new(),
        });
    }

    fn rule<S: AsRef<str>>(
        &mut self,
        category: &str,
        place: Option<&str>,
        units: &[S],
        note: String,
    ) {
        self.city.rules.push(RuleSeed {
            category: category.to_string(),
            place: place.map(str::to_string),
            units: units.iter().map(|u| u.as_ref().to_string()).collect(),
            note,
        });
    }

    fn district(&mut self, code: &str, spec: &DistrictSpec) {
        let unit_name = match spec.kind {
            DistrictKind::Zone => format!("示例市{}管委", spec.name),
            DistrictKind::Urban | DistrictKind::County => format!("{}人民政府", spec.name),
        };
        self.place(code, spec.name, PlaceKind::District, None);
        self.unit(code, &unit_name, UnitLevel::District, None, Some(code));
        for bureau in spec.bureaus {
            let name = bureau.name.replace("{d}", spec.name);
            self.unit(
                &format!("{code}-{}", bureau.code),
                &name,
                UnitLevel::DistrictBureau,
                Some(code),
                Some(code),
            );
        }
        for (category, duty) in LOCAL_RULES {
            let Some(bureau) = spec.bureaus.iter().find(|b| b.duties.contains(duty)) else {
                continue;
            };
            let bureau_code = format!("{code}-{}", bureau.code);
            let bureau_name = bureau.name.replace("{d}", spec.name);
            if spec.via_admin {
                let note = format!("{}辖区，转管委下派{bureau_name}办理", spec.name);
                self.rule(category, Some(code), &[code], note);
            } else {
                self.rule(
                    category,
                    Some(code),
                    &[bureau_code],
                    format!("{}辖区，属地管理", spec.name),
                );
            }
        }
        if code == ZONE_DISTRICT {
            let enforcement = spec
                .bureaus
                .iter()
                .find(|b| b.duties.contains(&Duty::CityMgmt));
            let bureau = enforcement
                .map(|b| b.name.replace("{d}", spec.name))
                .unwrap_or_default();
            let note = format!("{}公共厕所由管委下派{bureau}管理", spec.name);
            self.rule(ZONE_TOILET_CATEGORY, Some(code), &[code], note);
        }
        let streets = self.rng.gen_range(8..=11);
        let mut used_places: HashSet<String> = HashSet::new();
        for s in 1..=streets {
            self.street(code, spec, s, &mut used_places);
        }
        self.landmarks(code, spec);
    }

    fn street(
        &mut self,
        district: &str,
        spec: &DistrictSpec,
        index: u32,
        used: &mut HashSet<String>,
    ) {
        let code = format!("{district}S{index:02}");
        let rural = spec.kind == DistrictKind::County && index > 1;
        let (stem, name) = if code == ZONE_STREET {
            ("海韵", "海韵街道".to_string())
        } else if rural {
            let stem = self.town_stems.pop().unwrap_or("新集");
            let suffix = if self.rng.gen_bool(0.15) {
                "乡"
            } else {
                "镇"
            };
            (stem, format!("{stem}{suffix}"))
        } else {
            let stem = self.street_stems.pop().unwrap_or("新城");
            (stem, format!("{stem}街道"))
        };
        self.place(&code, &name, PlaceKind::Street, Some(district));
        self.unit(
            &code,
            &format!("{}{name}", spec.name),
            UnitLevel::Street,
            Some(district),
            Some(&code),
        );
        for (category, note) in STREET_RULES {
            self.rule(category, Some(&code), &[&code], (*note).to_string());
        }
        if rural {
            for (category, note) in TOWN_RULES {
                self.rule(category, Some(&code), &[&code], (*note).to_string());
            }
        }
        let villages = match spec.kind {
            DistrictKind::Urban => 0.0,
            DistrictKind::Zone => 0.4,
            DistrictKind::County if rural => 0.9,
            DistrictKind::County => 0.2,
        };
        for c in 1..=self.rng.gen_range(5..=8) {
            let village = self.rng.gen_bool(villages);
            let community = loop {
                let candidate = self.community_name(village);
                if used.insert(candidate.clone()) {
                    break candidate;
                }
            };
            let ccode = format!("{code}C{c:02}");
            let unit_name = if village {
                format!("{name}{community}委会")
            } else {
                format!("{name}{community}居委会")
            };
            self.place(&ccode, &community, PlaceKind::Community, Some(&code));
            self.unit(
                &ccode,
                &unit_name,
                UnitLevel::Community,
                Some(&code),
                Some(&ccode),
            );
        }
        self.roads(&code, stem);
    }

    fn community_name(&mut self, village: bool) -> String {
        let rng = &mut self.rng;
        if village {
            let direction = if rng.gen_bool(0.25) {
                *["前", "后", "东", "西", "南", "北"]
                    .choose(rng)
                    .unwrap_or(&"前")
            } else {
                ""
            };
            let first = RURAL_FIRST.choose(rng).unwrap_or(&"王");
            let second = RURAL_SECOND.choose(rng).unwrap_or(&"庄");
            format!("{direction}{first}{second}村")
        } else {
            let first = URBAN_FIRST.choose(rng).unwrap_or(&"新");
            let second = URBAN_SECOND.choose(rng).unwrap_or(&"苑");
            format!("{first}{second}社区")
        }
    }

    fn roads(&mut self, street: &str, stem: &str) {
        let mut names: Vec<String> = Vec::new();
        if street == ZONE_STREET {
            names.extend(["太公二路".to_string(), "太公三路".to_string()]);
        }
        let own = format!("{stem}路");
        if self.rng.gen_bool(0.5) && !self.used_roads.contains(&own) {
            names.push(own);
        }
        let wanted = self.rng.gen_range(3..=6).max(names.len());
        while names.len() < wanted {
            let first = ROAD_FIRST.choose(&mut self.rng).unwrap_or(&"新");
            let second = ROAD_SECOND.choose(&mut self.rng).unwrap_or(&"华");
            if first == second {
                continue;
            }
            let suffix = ROAD_SUFFIXES.choose(&mut self.rng).unwrap_or(&"路");
            let name = format!("{first}{second}{suffix}");
            if !self.used_roads.contains(&name) && !names.contains(&name) {
                names.push(name);
            }
        }
        for name in names {
            self.used_roads.insert(name.clone());
            self.city.roads.push((street.to_string(), name));
        }
    }

    fn landmarks(&mut self, district: &str, spec: &DistrictSpec) {
        let streets: Vec<(String, String)> = self
            .city
            .places
            .iter()
            .filter(|p| p.kind == PlaceKind::Street && p.parent.as_deref() == Some(district))
            .map(|p| {
                (
                    p.code.clone(),
                    p.name
                        .trim_end_matches(['街', '道', '镇', '乡'])
                        .to_string(),
                )
            })
            .collect();
        let hospital = match spec.kind {
            DistrictKind::Zone => format!("{}医院", spec.name),
            DistrictKind::Urban | DistrictKind::County => format!("{}人民医院", spec.name),
        };
        let mut picks: Vec<String> = vec![hospital];
        let kinds = [
            "公园",
            "农贸市场",
            "小学",
            "中学",
            "广场",
            "体育中心",
            "中医医院",
        ];
        let count = self.rng.gen_range(3..=5);
        let chosen: Vec<&str> = kinds
            .choose_multiple(&mut self.rng, count)
            .copied()
            .collect();
        for kind in chosen {
            let Some((_, stem)) = streets.choose(&mut self.rng) else {
                continue;
            };
            let name = match kind {
                "中学" => {
                    self.school_no += 1;
                    format!("示例市第{}中学", zh_number(self.school_no))
                }
                "中医医院" => format!("{}中医医院", spec.name),
                "体育中心" => format!("{}全民健身中心", spec.name),
                _ => format!("{stem}{kind}"),
            };
            picks.push(name);
        }
        for name in picks {
            let Some((street, _)) = streets.choose(&mut self.rng) else {
                continue;
            };
            self.city.landmarks.push((street.clone(), name));
        }
    }
}

/// 1 → 一, 12 → 十二, 25 → 二十五 (for school numbers; below 100).
fn zh_number(n: u32) -> String {
    const DIGITS: [&str; 10] = ["零", "一", "二", "三", "四", "五", "六", "七", "八", "九"];
    let (tens, ones) = (n / 10 % 10, n % 10);
    let mut out = String::new();
    if tens > 1 {
        out.push_str(DIGITS[tens as usize]);
    }
    if tens > 0 {
        out.push('十');
    }
    if ones > 0 || tens == 0 {
        out.push_str(DIGITS[ones as usize]);
    }
    out
}

#[cfg(test)]
mod tests {
    use std::collections::HashSet;

    use hotline_domain::category::{ResponsibilityList, ResponsibilityRule};
    use hotline_domain::org::UnitId;

    use super::*;
    use crate::defaults::default_categories;

    fn unit<'a>(city: &'a DemoCity, code: &str) -> &'a UnitSeed {
        city.units
            .iter()
            .find(|u| u.code == code)
            .unwrap_or_else(|| panic!("unit {code}"))
    }

    /// The place and its ancestors, most specific first, as the responsibility list wants them.
    fn chain<'a>(city: &'a DemoCity, code: &'a str) -> Vec<&'a str> {
        let mut out = vec![code];
        let mut current = code;
        while let Some(parent) = city
            .places
            .iter()
            .find(|p| p.code == current)
            .and_then(|p| p.parent.as_deref())
        {
            out.push(parent);
            current = parent;
        }
        out
    }

    fn responsibility_list(city: &DemoCity) -> ResponsibilityList {
        let id = |code: &str| {
            UnitId(
                city.units
                    .iter()
                    .position(|u| u.code == code)
                    .expect("unit") as i64,
            )
        };
        ResponsibilityList {
            version: 1,
            rules: city
                .rules
                .iter()
                .map(|r| ResponsibilityRule {
                    category: r.category.clone(),
                    place: r.place.clone(),
                    units: r.units.iter().map(|u| id(u)).collect(),
                    note: r.note.clone(),
                })
                .collect(),
        }
    }

    #[test]
    fn the_city_has_about_seven_hundred_units_with_unique_codes() {
        let city = demo_city();
        assert!(
            (600..=900).contains(&city.units.len()),
            "{} units",
            city.units.len()
        );
        let codes: HashSet<&str> = city.units.iter().map(|u| u.code.as_str()).collect();
        assert_eq!(codes.len(), city.units.len());
        let places: HashSet<&str> = city.places.iter().map(|p| p.code.as_str()).collect();
        assert_eq!(places.len(), city.places.len());
        let count = |level| city.units.iter().filter(|u| u.level == level).count();
        assert_eq!(count(UnitLevel::CityCentre), 1);
        assert_eq!(
            unit(&city, CENTRE_CODE).name,
            "示例市12345政务服务便民热线中心"
        );
        assert!((30..=40).contains(&count(UnitLevel::CityBureau)));
        assert_eq!(count(UnitLevel::District), 8);
        assert!(count(UnitLevel::Enterprise) >= 6);
    }

    #[test]
    fn every_parent_and_area_exists_and_matches_the_gazetteer() {
        let city = demo_city();
        for u in &city.units {
            if let Some(parent) = &u.parent {
                let p = unit(&city, parent);
                let expected = match u.level {
                    UnitLevel::DistrictBureau | UnitLevel::Street => UnitLevel::District,
                    UnitLevel::Community => UnitLevel::Street,
                    other => panic!("{other:?} {} should have no parent", u.code),
                };
                assert_eq!(p.level, expected, "{}", u.code);
            }
            for a in &u.area {
                assert!(
                    city.places.iter().any(|p| &p.code == a),
                    "{} serves unknown {a}",
                    u.code
                );
            }
        }
        for p in &city.places {
            if let Some(parent) = &p.parent {
                assert!(city.places.iter().any(|x| &x.code == parent), "{}", p.code);
                assert!(p.code.starts_with(parent.as_str()));
            }
        }
        for district in city.places.iter().filter(|p| p.kind == PlaceKind::District) {
            let streets: Vec<&PlaceSeed> = city
                .places
                .iter()
                .filter(|p| p.parent.as_ref() == Some(&district.code))
                .collect();
            assert!((8..=12).contains(&streets.len()), "{}", district.code);
            for s in streets {
                let communities = city
                    .places
                    .iter()
                    .filter(|p| p.parent.as_ref() == Some(&s.code))
                    .count();
                assert!((5..=10).contains(&communities), "{}", s.code);
                let roads = city.roads.iter().filter(|(p, _)| p == &s.code).count();
                assert!((3..=6).contains(&roads), "{} has {roads} roads", s.code);
            }
            let landmarks = city
                .landmarks
                .iter()
                .filter(|(p, _)| p.starts_with(&district.code))
                .count();
            assert!((3..=7).contains(&landmarks), "{}", district.code);
        }
        let roads: HashSet<&str> = city.roads.iter().map(|(_, r)| r.as_str()).collect();
        assert_eq!(roads.len(), city.roads.len(), "road names are unique");
    }

    #[test]
    fn every_rule_names_existing_units_places_and_categories() {
        let city = demo_city();
        let categories = default_categories().unwrap();
        assert!(
            (300..=2000).contains(&city.rules.len()),
            "{} rules",
            city.rules.len()
        );
        for r in &city.rules {
            assert!(
                categories.iter().any(|c| c.code == r.category),
                "category {}",
                r.category
            );
            assert!(!r.units.is_empty());
            for u in &r.units {
                unit(&city, u);
            }
            if let Some(p) = &r.place {
                assert!(city.places.iter().any(|x| &x.code == p), "place {p}");
            }
        }
        let list = responsibility_list(&city);
        for c in categories.iter().filter(|c| c.level <= 2) {
            assert!(
                city.rules
                    .iter()
                    .any(|r| r.category == c.code && r.place.is_none()),
                "{}",
                c.code
            );
        }
        for c in &categories {
            assert!(
                !list.lookup(&c.code, &[]).is_empty(),
                "{} has no city-wide rule",
                c.code
            );
        }
    }

    #[test]
    fn a_public_toilet_on_taigong_third_road_goes_to_the_zone_admin() {
        let city = demo_city();
        let (street, _) = city
            .roads
            .iter()
            .find(|(_, r)| r == "太公三路")
            .expect("太公三路");
        assert_eq!(street, ZONE_STREET);
        let list = responsibility_list(&city);
        let community = city
            .places
            .iter()
            .find(|p| p.parent.as_deref() == Some(street))
            .unwrap();
        for place in [street.as_str(), community.code.as_str()] {
            let hits = list.lookup(ZONE_TOILET_CATEGORY, &chain(&city, place));
            let main = &city.units[hits[0].rule.units[0].0 as usize];
            assert_eq!(main.code, ZONE_DISTRICT);
            assert!(main.name.contains("管委"), "{}", main.name);
        }
        let bureau = city
            .units
            .iter()
            .find(|u| u.parent.as_deref() == Some(ZONE_DISTRICT) && u.name.contains("综合执法局"))
            .expect("the zone's enforcement bureau");
        assert_eq!(bureau.level, UnitLevel::DistrictBureau);
        // Elsewhere a toilet goes to the district's own enforcement bureau.
        let hits = list.lookup(ZONE_TOILET_CATEGORY, &chain(&city, "D01S01"));
        assert_eq!(city.units[hits[0].rule.units[0].0 as usize].code, "D01-CGJ");
    }

    #[test]
    fn local_matters_go_to_the_district_or_street() {
        let city = demo_city();
        let list = responsibility_list(&city);
        let main = |category: &str, place: &str| {
            let hits = list.lookup(category, &chain(&city, place));
            city.units[hits[0].rule.units[0].0 as usize].code.clone()
        };
        assert_eq!(main("020101", "D04S02C01"), "D04-CGJ");
        assert_eq!(main("030101", "D04S02C01"), "D04S02");
        assert_eq!(main("060101", "D04S02C01"), "CB-YBJ");
        assert_eq!(main("120101", "D06S03"), "EN-GS");
        assert_eq!(main("050101", "D07"), "D07-RSJ");
    }

    #[test]
    fn the_same_seed_gives_the_same_city() {
        assert_eq!(demo_city(), demo_city());
        assert_eq!(demo_city_from_seed(7), demo_city_from_seed(7));
        assert_ne!(demo_city_from_seed(7).places, demo_city_from_seed(8).places);
    }

    #[test]
    fn school_numbers_read_as_chinese() {
        assert_eq!(zh_number(1), "一");
        assert_eq!(zh_number(10), "十");
        assert_eq!(zh_number(12), "十二");
        assert_eq!(zh_number(30), "三十");
        assert_eq!(zh_number(47), "四十七");
    }
}
