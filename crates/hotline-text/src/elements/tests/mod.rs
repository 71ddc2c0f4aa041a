use chrono::TimeZone;

use super::*;

mod matter;

fn now() -> DateTime<FixedOffset> {
    china().with_ymd_and_hms(2026, 3, 12, 10, 0, 0).unwrap()
}

fn entry(code: &str, name: &str, kind: PlaceKind, parent: Option<&str>) -> GazetteerEntry {
    GazetteerEntry {
        code: code.into(),
        name: name.into(),
        kind,
        parent_code: parent.map(String::from),
        aliases: Vec::new(),
    }
}

/// A small invented city: one district, two streets, communities (one name used twice), roads
/// and a landmark whose name contains the district's.
fn gazetteer() -> Gazetteer {
    Gazetteer::new(vec![
        entry("D1", "东岸区", PlaceKind::District, None),
        entry("S1", "太公街道", PlaceKind::Street, Some("D1")),
        entry("S2", "望海街道", PlaceKind::Street, Some("D1")),
        entry("C1", "新苑社区", PlaceKind::Community, Some("S1")),
        entry("C2", "新苑社区", PlaceKind::Community, Some("S2")),
        entry("C3", "渔港社区", PlaceKind::Community, Some("S2")),
        entry("R1", "太公三路", PlaceKind::Road, Some("S1")),
        entry("R2", "海曲路", PlaceKind::Road, Some("D1")),
        entry("L1", "东岸区政府", PlaceKind::Landmark, Some("D1")),
        entry("D2", "西岭区", PlaceKind::District, None),
        entry("S3", "凤鸣街道", PlaceKind::Street, Some("D2")),
        entry("L2", "第一中学", PlaceKind::Landmark, Some("S3")),
    ])
}

fn extractor() -> Extractor {
    Extractor::with_default_lexicon(gazetteer()).expect("the shipped lexicon is valid")
}

fn place_code(r: &Option<PlaceRef>) -> Option<(&str, bool)> {
    r.as_ref().map(|r| (r.code.as_str(), r.inferred))
}

#[test]
fn an_operator_record_yields_all_five_elements() {
    let text = "来电人反映：昨天晚上十点多，太公三路18号附近的某某建筑工地还在施工，漫天尘土，吵得睡不着。\
                来电人希望有关部门尽快查处。";
    let e = extractor().extract(text, now());
    assert_eq!(e.missing(), Vec::<&str>::new());

    assert_eq!(e.times[0].text, "昨天晚上十点多");
    assert_eq!(
        e.times[0].value.start(),
        Some(china().with_ymd_and_hms(2026, 3, 11, 22, 0, 0).unwrap())
    );

    assert_eq!(place_code(&e.places.road), Some(("R1", false)));
    assert_eq!(place_code(&e.places.street), Some(("S1", true)));
    assert_eq!(place_code(&e.places.district), Some(("D1", true)));
    assert_eq!(e.places.addresses[0].text, "太公三路18号");

    let party = &e.parties[0];
    assert_eq!(
        (party.text.as_str(), party.kind),
        ("某某建筑工地", PartyKind::Organisation)
    );

    assert_eq!(
        e.event,
        "昨天晚上十点多，太公三路18号附近的某某建筑工地还在施工，漫天尘土，吵得睡不着。"
    );
    assert_eq!(
        e.event_formal.text,
        "昨天晚上十点多，太公三路18号附近的某某建筑工地还在施工，扬尘污染，噪声扰民。"
    );
    let replaced: Vec<&str> = e
        .event_formal
        .replacements
        .iter()
        .map(|r| r.from.as_str())
        .collect();
    assert_eq!(replaced, ["漫天尘土", "吵得睡不着"]);
    assert_eq!(e.demand, "希望有关部门尽快查处。");
}

/// A record in traditional script is read as the same record in simplified script; what is
/// quoted from it keeps the caller's characters, and a gazetteer name in either script is found.
#[test]
fn a_record_in_traditional_script_yields_the_same_elements() {
    let text = "來電人反映：昨天晚上十點多，太公三路18號附近的某某建築工地還在施工，漫天塵土，吵得睡不著。\
                來電人希望有關部門儘快查處。";
    let e = extractor().extract(text, now());
    assert_eq!(e.missing(), Vec::<&str>::new());
    assert_eq!(e.times[0].text, "昨天晚上十點多");
    assert_eq!(
        e.times[0].value.start(),
        Some(china().with_ymd_and_hms(2026, 3, 11, 22, 0, 0).unwrap())
    );
    assert_eq!(place_code(&e.places.road), Some(("R1", false)));
    assert_eq!(e.places.addresses[0].text, "太公三路18號");
    assert_eq!(e.parties[0].text, "某某建築工地");
    // The reader's own wording is in simplified script.
    assert_eq!(
        e.event_formal.text,
        "昨天晚上十点多，太公三路18号附近的某某建筑工地还在施工，扬尘污染，噪声扰民。"
    );
    assert_eq!(e.demand, "希望有关部门尽快查处。");
    // 現在 alone says when the caller speaks, as 现在 does.
    let e = extractor().extract("現在樓上一直漏水", now());
    assert!(e.missing().contains(&"time"), "{:?}", e.times);
    // A name said in the other script is quoted as said.
    let e = extractor().extract("東岸區醫院旁邊", now());
    assert_eq!(e.places.mentions[0].said.as_deref(), Some("東岸區"));
    // Blanking a name keeps its facility word in either script (医院 is the matter).
    let g = Gazetteer::new(vec![entry("L9", "人民医院", PlaceKind::Landmark, None)]);
    for text in ["人民醫院的醫生態度差", "人民医院的医生态度差"] {
        let blanked = g.places(text).blanked(text);
        assert_eq!(blanked.trim_start().chars().count(), 8, "{blanked}");
    }

    // A gazetteer that keeps a traditional character in a name (蘋洲小学, as a city names
    // it) finds it however the caller writes it, and quotes it as written.
    let g = Gazetteer::new(vec![
        entry("D1", "东岸区", PlaceKind::District, None),
        entry("L1", "蘋洲小学", PlaceKind::Landmark, Some("D1")),
    ]);
    let x = Extractor::with_default_lexicon(g).unwrap();
    for said in ["蘋洲小学", "苹洲小学", "蘋洲小學"] {
        let e = x.extract(&format!("{said}门口早上堵车"), now());
        assert_eq!(
            place_code(&e.places.landmark),
            Some(("L1", false)),
            "{said}"
        );
        let m = &e.places.mentions[0];
        assert_eq!(m.name, "蘋洲小学");
        // Said as named, nothing to quote; said otherwise, quoted as written.
        let quoted = (said != "蘋洲小学").then_some(said);
        assert_eq!(m.said.as_deref(), quoted);
    }
}

/// A caller who corrects themself ("不是…，是…") is taken at the correction; a question or a
/// denial with nothing said instead is no correction.
#[test]
fn a_corrected_time_or_place_gives_way_to_the_one_said_instead() {
    let e = extractor().extract("不是在太公三路，是在海曲路18号附近，有人占道经营", now());
    assert_eq!(place_code(&e.places.road), Some(("R2", false)));
    let said: Vec<&str> = e.places.addresses.iter().map(|a| a.text.as_str()).collect();
    assert_eq!(said, ["海曲路18号"]);
    let names: Vec<&str> = e.places.mentions.iter().map(|m| m.name.as_str()).collect();
    assert_eq!(names, ["海曲路"]);

    for text in [
        "不是昨天，是前天晚上十点多，楼上一直在装修",
        "是前天晚上十点多不是昨天，楼上装修",
    ] {
        let e = extractor().extract(text, now());
        let times: Vec<&str> = e.times.iter().map(|t| t.text.as_str()).collect();
        assert_eq!(times, ["前天晚上十点多"], "{text}");
    }
    // Not corrections: a question, a denial of one place alone.
    let e = extractor().extract("是不是昨天晚上停的电？今天也停了", now());
    let times: Vec<&str> = e.times.iter().map(|t| t.text.as_str()).collect();
    assert_eq!(times, ["昨天晚上", "今天"]);
    let e = extractor().extract("我家不在太公三路，路灯坏了很多天", now());
    assert_eq!(place_code(&e.places.road), Some(("R1", false)));
}

#[test]
fn an_organisation_named_after_its_address_starts_where_the_address_ends() {
    let e = extractor().extract("西岭区凤鸣街道第一中学门口有人摆摊，堵住了校门", now());
    let names: Vec<&str> = e.parties.iter().map(|p| p.text.as_str()).collect();
    assert_eq!(names, ["第一中学"], "{:?}", e.parties);
    // A district right before what it names may be part of the name.
    let e = extractor().extract("东岸区人民医院门口乱停车", now());
    let names: Vec<&str> = e.parties.iter().map(|p| p.text.as_str()).collect();
    assert_eq!(names, ["东岸区人民医院"], "{:?}", e.parties);
}

#[test]
fn what_is_missing_is_named_as_the_domain_names_it() {
    let e = extractor().extract("楼下很吵，希望处理一下。", now());
    assert_eq!(e.missing(), ["time", "place", "person"]);
    assert_eq!(
        (e.event.as_str(), e.demand.as_str()),
        ("楼下很吵。", "希望处理一下。")
    );

    let e = extractor().extract("你好，谢谢。", now());
    assert_eq!(e.missing(), ["time", "place", "person", "event", "demand"]);

    let e = extractor().extract("楼上住户每天夜里拖椅子，噪音特别大。", now());
    assert_eq!(e.missing(), ["place", "demand"]);

    // 现在 alone says nothing of since when; with another time the time is there.
    let e = extractor().extract("楼上住户现在很吵，希望处理一下。", now());
    assert_eq!(e.missing(), ["time", "place"]);
    let e = extractor().extract("楼上住户昨晚到现在一直很吵，希望处理一下。", now());
    assert_eq!(e.missing(), ["place"]);
    // How long it has gone on says since when.
    let e = extractor().extract("楼上住户装修噪音已经两个多月了，希望处理一下。", now());
    assert_eq!(e.missing(), ["place"]);
}

#[test]
fn a_community_names_its_street_and_district() {
    let e = extractor().extract("渔港社区3号楼2单元的楼道灯坏了", now());
    assert_eq!(place_code(&e.places.community), Some(("C3", false)));
    assert_eq!(place_code(&e.places.street), Some(("S2", true)));
    assert_eq!(place_code(&e.places.district), Some(("D1", true)));
    assert_eq!(e.places.addresses[0].text, "渔港社区3号楼2单元");
    assert_eq!(
        (e.places.addresses[0].start, e.places.addresses[0].end),
        (0, 10)
    );
}

#[test]
fn a_shared_name_resolves_to_the_place_under_the_street_named_beside_it() {
    let e = extractor().extract("望海街道新苑社区门口的垃圾没人收", now());
    assert_eq!(place_code(&e.places.community), Some(("C2", false)));
    assert_eq!(place_code(&e.places.street), Some(("S2", false)));
    let e = extractor().extract("太公街道新苑社区门口的垃圾没人收", now());
    assert_eq!(place_code(&e.places.community), Some(("C1", false)));
}

#[test]
fn a_shared_name_said_many_times_is_weighed_by_the_other_names_once_each() {
    // Each 新苑社区 counts the street beside it, not its own other mentions; a thousand of them
    // cost a thousand, not a million, comparisons.
    let text = format!("望海街道{}", "新苑社区，".repeat(1000));
    let e = extractor().extract(&text, now());
    assert_eq!(place_code(&e.places.community), Some(("C2", false)));
    let mentions = &e.places.mentions;
    assert_eq!(mentions.len(), 1001);
    assert!(mentions[1..]
        .iter()
        .all(|m| m.code == "C2" && !m.ambiguous && m.candidates.is_empty()));
    assert_eq!(
        (mentions[1000].start, mentions[1000].end),
        (4 + 999 * 5, 4 + 999 * 5 + 4)
    );
    let e = extractor().extract(&"新苑社区，".repeat(1000), now());
    assert!(e.places.mentions.iter().all(|m| m.ambiguous));
}

#[test]
fn a_shared_name_resolves_by_a_road_of_its_street_or_by_the_place_known_from_the_form() {
    // 太公三路 is a road of 太公街道: of the two 新苑社区, the one there.
    let e = extractor().extract("新苑社区太公三路边上的垃圾没人收", now());
    assert_eq!(place_code(&e.places.community), Some(("C1", false)));
    assert_eq!(place_code(&e.places.street), Some(("S1", true)));
    let text = "新苑社区门口的垃圾没人收";
    let near = |known: &[&str]| extractor().extract_near(text, now(), known).places;
    // The form's street, or a place under it, tells which.
    assert_eq!(place_code(&near(&["S2"]).community), Some(("C2", false)));
    assert_eq!(
        place_code(&near(&["S1", "D1"]).community),
        Some(("C1", false))
    );
    // A district holding both, or another district, does not: the operator still picks.
    for known in [&["D1"][..], &["D2"], &["NOWHERE"]] {
        let places = near(known);
        assert_eq!(places.community, None, "{known:?}");
        assert_eq!(places.mentions[0].candidates, ["C1", "C2"], "{known:?}");
    }
    // What the text says outweighs the form: the street it names beside the community.
    let said = extractor().extract_near("望海街道新苑社区门口的垃圾没人收", now(), &["S1"]);
    assert_eq!(place_code(&said.places.community), Some(("C2", false)));
}

#[test]
fn a_shared_name_with_nothing_beside_it_fills_no_level() {
    let e = extractor().extract("新苑社区门口的垃圾没人收", now());
    assert_eq!(e.places.community, None);
    assert_eq!(e.places.street, None);
    assert_eq!(e.places.district, None);
    assert!(
        e.places.mentions.iter().all(|m| m.ambiguous),
        "{:?}",
        e.places.mentions
    );
    // The operator picks from the places of that name.
    assert_eq!(e.places.mentions[0].candidates, ["C1", "C2"]);
    // A road of one street and a community of another: the community's chain stops where it
    // disagrees with the text.
    let e = extractor().extract("太公三路旁边的渔港社区停水", now());
    assert_eq!(place_code(&e.places.community), Some(("C3", false)));
    assert_eq!(place_code(&e.places.street), Some(("S2", true)));
}

#[test]
fn the_most_specific_place_decides_the_levels_above_it() {
    // The district named is the friend's; the street and road are where the manhole is.
    let e = extractor().extract("西岭区的朋友说，太公街道太公三路有个井盖丢了", now());
    assert_eq!(place_code(&e.places.road), Some(("R1", false)));
    assert_eq!(place_code(&e.places.street), Some(("S1", false)));
    assert_eq!(place_code(&e.places.district), Some(("D1", true)));
    // A street of another district than the community's is dropped, not kept beside it.
    let e = extractor().extract("凤鸣街道那边的人说渔港社区停水了", now());
    assert_eq!(place_code(&e.places.community), Some(("C3", false)));
    assert_eq!(place_code(&e.places.street), Some(("S2", true)));
    assert_eq!(place_code(&e.places.district), Some(("D1", true)));
    // A road gives the street it lies in to a landmark of its district…
    let e = extractor().extract("东岸区政府旁边太公三路上有个大坑", now());
    assert_eq!(place_code(&e.places.landmark), Some(("L1", false)));
    assert_eq!(place_code(&e.places.street), Some(("S1", true)));
    // …but a road under a district is no anchor over a street named with its district.
    let e = extractor().extract("西岭区凤鸣街道海曲路停水", now());
    assert_eq!(place_code(&e.places.street), Some(("S3", false)));
    assert_eq!(place_code(&e.places.district), Some(("D2", false)));
    assert_eq!(e.places.road, None, "a road of another district");
    // Places that agree all stay as named.
    let e = extractor().extract("西岭区凤鸣街道第一中学门口积水", now());
    assert_eq!(place_code(&e.places.landmark), Some(("L2", false)));
    assert_eq!(place_code(&e.places.street), Some(("S3", false)));
    assert_eq!(place_code(&e.places.district), Some(("D2", false)));
}

#[test]
fn an_area_said_right_before_a_road_of_elsewhere_wins_over_it() {
    let mut entries = gazetteer().entries().to_vec();
    entries.push(entry("R3", "望海路", PlaceKind::Road, Some("S2")));
    let x = Extractor::with_default_lexicon(Gazetteer::new(entries)).expect("lexicon");
    // A road of the same name may lie in another street: the street said before it stands.
    let e = x.extract("太公街道望海路垃圾没人清运", now());
    assert_eq!(place_code(&e.places.street), Some(("S1", false)));
    assert_eq!(place_code(&e.places.district), Some(("D1", true)));
    assert_eq!(e.places.road, None, "a road of another street");
    // So does a district named before another district's road.
    let e = x.extract("西岭区太公三路垃圾没人清运", now());
    assert_eq!(place_code(&e.places.district), Some(("D2", false)));
    assert_eq!(e.places.street, None);
    assert_eq!(e.places.road, None);
    // Named apart from the road, the district is someone else's: the road decides.
    let e = x.extract("西岭区的朋友说，太公三路有个井盖丢了", now());
    assert_eq!(place_code(&e.places.road), Some(("R1", false)));
    assert_eq!(place_code(&e.places.district), Some(("D1", true)));
    // Said with the road between, the street still qualifies the landmark: neither fills a
    // level, and the operator is told where the gazetteer has them.
    let e = x.extract("凤鸣街道太公三路第一中学门口垃圾没人清运", now());
    assert_eq!(place_code(&e.places.street), Some(("S3", false)));
    assert_eq!(e.places.road, None);
    assert_eq!(
        place_code(&e.places.landmark),
        Some(("L2", false)),
        "it lies in S3"
    );
    let e = x.extract("太公街道望海路第一中学门口垃圾没人清运", now());
    assert_eq!(place_code(&e.places.street), Some(("S1", false)));
    assert_eq!(
        (e.places.road.clone(), e.places.landmark.clone()),
        (None, None)
    );
    let outside: Vec<(&str, &str, Option<&str>)> = e
        .places
        .outside
        .iter()
        .map(|o| {
            (
                o.place.code.as_str(),
                o.said_in.code.as_str(),
                o.lies_in.as_ref().map(|p| p.code.as_str()),
            )
        })
        .collect();
    assert_eq!(
        outside,
        vec![("R3", "S1", Some("S2")), ("L2", "S1", Some("S3"))],
        "{:?}",
        e.places.outside
    );
    // A community of the road's street before it is no contradiction.
    let e = x.extract("望海街道渔港社区望海路垃圾没人清运", now());
    assert!(e.places.outside.is_empty(), "{:?}", e.places.outside);
    assert_eq!(place_code(&e.places.road), Some(("R3", false)));
    assert_eq!(place_code(&e.places.community), Some(("C3", false)));
    // Named apart, nothing is said to be outside.
    let e = x.extract("西岭区的朋友说，太公三路有个井盖丢了", now());
    assert!(e.places.outside.is_empty());
    // A road under the place named still adds the levels between.
    let e = x.extract("东岸区望海路垃圾没人清运", now());
    assert_eq!(place_code(&e.places.road), Some(("R3", false)));
    assert_eq!(place_code(&e.places.street), Some(("S2", true)));
    assert_eq!(place_code(&e.places.district), Some(("D1", false)));
}

#[test]
fn a_short_alias_inside_a_longer_word_is_no_place() {
    let mut entries = gazetteer().entries().to_vec();
    let school = entries.iter_mut().find(|e| e.code == "L2").expect("L2");
    school.aliases = vec!["一中".into()];
    let x = Extractor::with_default_lexicon(Gazetteer::new(entries)).expect("lexicon");
    for text in ["我一中午都在等，电话一直打不通", "统一中心那边的路灯坏了"]
    {
        let e = x.extract(text, now());
        assert!(
            e.places.mentions.is_empty(),
            "{text}: {:?}",
            e.places.mentions
        );
        assert_eq!(e.places.landmark, None, "{text}");
    }
    // Passed over, the short name leaves the text to a longer one that starts inside it.
    let mut entries = x.gazetteer().entries().to_vec();
    entries.push(entry("S4", "中心街道", PlaceKind::Street, Some("D2")));
    let y = Extractor::with_default_lexicon(Gazetteer::new(entries)).expect("lexicon");
    let e = y.extract("统一中心街道那边的路灯坏了", now());
    assert_eq!(place_code(&e.places.street), Some(("S4", false)));
    let e = x.extract("一中门口早上堵车", now());
    assert_eq!(place_code(&e.places.landmark), Some(("L2", false)));
    assert_eq!(place_code(&e.places.district), Some(("D2", true)));
}

#[test]
fn the_longest_name_wins() {
    let e = extractor().extract("东岸区政府门口有人摆地摊", now());
    let names: Vec<&str> = e.places.mentions.iter().map(|m| m.name.as_str()).collect();
    assert_eq!(names, ["东岸区政府"]);
    assert_eq!(place_code(&e.places.landmark), Some(("L1", false)));
    assert_eq!(place_code(&e.places.district), Some(("D1", true)));
}

#[test]
fn an_alias_is_found_as_its_place() {
    let mut entries = gazetteer().entries().to_vec();
    entries[1].aliases = vec!["太公".into(), " 太公街道 ".into(), "".into()];
    entries[7].aliases = vec!["海曲".into()];
    // One alias for two places: as with a shared name, the text around it decides.
    entries[3].aliases = vec!["新苑".into()];
    entries[4].aliases = vec!["新苑".into()];
    let x = Extractor::with_default_lexicon(Gazetteer::new(entries)).expect("lexicon");

    let e = x.extract("太公这边晚上烧烤摊油烟很大", now());
    let m = &e.places.mentions[0];
    assert_eq!((m.code.as_str(), m.name.as_str()), ("S1", "太公街道"));
    assert_eq!((m.said.as_deref(), m.start, m.end), (Some("太公"), 0, 2));
    assert_eq!(place_code(&e.places.street), Some(("S1", false)));
    assert_eq!(place_code(&e.places.district), Some(("D1", true)));

    // The longest wins, name or alias: 太公三路 is the road, not the alias 太公 and 三路.
    let e = x.extract("太公三路和海曲交叉口堵车", now());
    let found: Vec<(&str, Option<&str>)> = e
        .places
        .mentions
        .iter()
        .map(|m| (m.code.as_str(), m.said.as_deref()))
        .collect();
    assert_eq!(found, [("R1", None), ("R2", Some("海曲"))]);

    let e = x.extract("望海街道新苑那边停水", now());
    assert_eq!(place_code(&e.places.community), Some(("C2", false)));
    let e = x.extract("新苑那边停水", now());
    assert!(e.places.mentions.iter().all(|m| m.ambiguous));
    assert_eq!(e.places.community, None);
}

#[test]
fn address_patterns_find_places_the_gazetteer_does_not_list() {
    let e = Extractor::with_default_lexicon(Gazetteer::empty()).unwrap();
    let cases = [
        ("我家住在人民路108号，门口的井盖没了", "人民路108号"),
        ("反映阳光小区5栋3单元楼道堆满杂物", "阳光小区5栋3单元"),
        ("王家村三组的路灯不亮", "王家村三组"),
        ("投诉3号楼2单元501室漏水", "3号楼2单元501室"),
        // A room without 室 after an entrance or a building.
        ("阳光小区3栋2单元501漏水", "阳光小区3栋2单元501"),
        ("阳光小区3栋1102卫生间漏水", "阳光小区3栋1102"),
        ("阳光小区3栋2单元2024年就漏水", "阳光小区3栋2单元"),
    ];
    for (text, address) in cases {
        let found = e.extract(text, now()).places.addresses;
        let texts: Vec<&str> = found.iter().map(|a| a.text.as_str()).collect();
        assert_eq!(texts, [address], "{text}");
    }
    assert!(e.extract("家里有3个人", now()).places.is_empty());
}

#[test]
fn blanking_places_leaves_the_matter_and_the_kind_of_facility() {
    let e = extractor();
    let blanked = |text: &str| e.extract(text, now()).places.blanked(text);
    assert_eq!(
        blanked("海曲路人民调解室门口井盖丢了"),
        "   人民调解室门口井盖丢了"
    );
    assert_eq!(
        blanked("太公三路18号的路灯不亮，第一中学的操场"),
        "       的路灯不亮，  中学的操场"
    );
    assert_eq!(blanked("渔港社区"), "    ");
    let none = Extractor::with_default_lexicon(Gazetteer::empty()).unwrap();
    let addressed = |text: &str| none.extract(text, now()).places.blanked(text);
    assert_eq!(
        addressed("楼下金海岸KTV半夜噪音扰民"),
        "楼下   KTV半夜噪音扰民"
    );
    // A gazetteer name inside an address: blanked once, the facility kept.
    assert_eq!(blanked("太公三路18号第一中学的操场"), "         中学的操场");
    // Only where something else is: the facility word goes too.
    assert_eq!(blanked("第一中学门口乱停车"), "    门口乱停车");
    assert_eq!(blanked("没有地点"), "没有地点");
}

#[test]
fn places_named_without_a_number_are_found_by_their_suffix() {
    let e = Extractor::with_default_lexicon(Gazetteer::empty()).unwrap();
    let cases: &[(&str, &[&str])] = &[
        ("丽发新城小区门口垃圾成堆", &["丽发新城小区"]),
        ("银杉路晚上施工噪音很大", &["银杉路"]),
        // Pieces of one run are named separately; the district before them is left to the
        // gazetteer.
        (
            "请求对A1区宝南街社区徐家巷进行改造",
            &["宝南街社区", "徐家巷"],
        ),
        ("A1区朝阳街道解放东路的路灯不亮", &["朝阳街道", "解放东路"]),
        // A suffix that goes on into a longer name is one name.
        ("人民路小学门口乱停车", &["人民路小学"]),
        ("孩子在雨花区砂子塘小学读书", &["砂子塘小学"]),
        // Words before the name are not part of it.
        ("物业公司把丽发小区的大门锁了", &["丽发小区"]),
        ("反映星沙大道晚上有人飙车", &["星沙大道"]),
        ("盼望望龙村民的垃圾有人来收", &["望龙村"]),
        // A numbered address keeps its numbers; the name is not found twice.
        ("阳光小区5栋3单元楼道堆满杂物", &["阳光小区5栋3单元"]),
        // A road whose name ends like a generic word is still a road.
        ("建新路与中山路交叉口", &["建新路", "中山路"]),
        ("京港澳高速路段", &["京港澳高速路"]),
        ("致远路与后山路交叉口", &["致远路", "后山路"]),
        // Ways out are no roads, but a road may be named after one; an idiom may name a place,
        // a word of time does not.
        ("民生路和同心路的路灯坏了", &["民生路", "同心路"]),
        ("花样年华小区门口堆满垃圾", &["花样年华小区"]),
        ("长期以来阳光小区门口的垃圾没人清理", &["阳光小区"]),
    ];
    for (text, want) in cases {
        let found = e.extract(text, now()).places.addresses;
        let texts: Vec<&str> = found.iter().map(|a| a.text.as_str()).collect();
        assert_eq!(texts, *want, "{text}");
    }
}

#[test]
fn words_that_end_like_a_place_name_none() {
    let e = Extractor::with_default_lexicon(Gazetteer::empty()).unwrap();
    for text in [
        "我们小区的路灯坏了",
        "门前马路上全是坑",
        "老人家住在农村，没有出路",
        "送孩子上幼儿园要走很远",
        "附近的学校放学时很堵",
        "建议增加路口的红绿灯",
        "不要扰乱市场秩序",
        "坐128路公交车去医院",
        "这个小区没有物业",
        "小区路灯不亮",
        "城管不作为",
        // Ways of going and roads only pointed at.
        "老板跑路了，工资没发",
        "我抄近路回家的时候摔了",
        "前面路口红绿灯坏了",
        "高速路口堵车严重",
        "在十字路口被撞了",
        "他们开了一条新路",
        "我想帮我家的苹果联系销路",
        "我已经走投无路了",
        "给劳动者一条生路",
        "长期以来小区门口的垃圾没人清理",
        "时至今日小区还没通水",
    ] {
        let found = e.extract(text, now()).places.addresses;
        assert!(found.is_empty(), "{text}: {found:?}");
    }
}

#[test]
fn what_the_caller_does_ends_a_place_s_name() {
    // No 张伟反映小区: the name would start after 反映, and 小区 alone is none.
    let e = extractor().extract("张伟反映小区楼下烧烤店油烟太大", now());
    assert!(e.places.addresses.is_empty(), "{:?}", e.places.addresses);
}

#[test]
fn a_text_repeating_a_time_returns_the_first_few_mentions() {
    let text = "晚上".repeat(1000);
    let found = extractor().extract(&text, now());
    assert_eq!(found.times.len(), MAX_TIMES);
    assert_eq!(found.times[0].start, 0);
    assert!(!found.missing().contains(&"time"));
}

#[test]
fn names_start_after_the_caller_s_words_and_government_bodies_and_titles_count() {
    let cases = [
        (
            "来电人要求医院退还多收的费用",
            "医院",
            PartyKind::Organisation,
        ),
        (
            "市民反映示例市第一中学门口堵车",
            "示例市第一中学",
            PartyKind::Organisation,
        ),
        (
            "和悦社区自来水公司停水不通知",
            "和悦社区自来水公司",
            PartyKind::Organisation,
        ),
        (
            "已经向城中区公安分局报案",
            "城中区公安分局",
            PartyKind::Organisation,
        ),
        ("海滨派出所不出警", "海滨派出所", PartyKind::Organisation),
        ("唐老师体罚学生", "唐老师", PartyKind::Person),
        ("颜局长答应过我们", "颜局长", PartyKind::Person),
        ("我叫刘科连，住在三号楼", "刘科连", PartyKind::Person),
        ("我叫张三，住在三号楼", "张三", PartyKind::Person),
        ("您好，我叫李四五，是业主", "李四五", PartyKind::Person),
    ];
    for (text, name, kind) in cases {
        let parties = find_parties(text, &[]);
        assert!(
            parties.iter().any(|p| p.text == name && p.kind == kind),
            "{text}: {parties:?}"
        );
    }
    // 店 and 厂 inside a place name are no shop or factory.
    let parties = find_parties("市民反映丰泽县韩店镇韩店路积水", &[]);
    assert!(parties.is_empty(), "{parties:?}");
}

#[test]
fn where_the_caller_lives_gives_way_to_where_the_matter_is() {
    let e = extractor();
    // Home in 渔港社区 (望海街道); the matter on 太公三路 (太公街道): the road decides.
    let p = e
        .extract("我家住渔港社区，昨天路过太公三路，看到井盖丢了", now())
        .places;
    assert_eq!(place_code(&p.road), Some(("R1", false)));
    assert_eq!(place_code(&p.street), Some(("S1", true)));
    assert_eq!(p.community, None, "the home is not on the matter's chain");
    // The same with 住在 and a district named for the matter.
    let p = e
        .extract("本人住在渔港社区，西岭区凤鸣街道有个工地夜间施工", now())
        .places;
    assert_eq!(place_code(&p.street), Some(("S3", false)));
    assert_eq!(place_code(&p.district), Some(("D2", false)));
    assert_eq!(p.community, None);
    // Only the home named: the matter is there.
    let p = e
        .extract("我家住在渔港社区，楼上每天半夜装修", now())
        .places;
    assert_eq!(place_code(&p.community), Some(("C3", false)));
    assert_eq!(place_code(&p.street), Some(("S2", true)));
    // Home and matter on one chain: both stay.
    let p = e
        .extract("我家在渔港社区，望海街道的路灯坏了", now())
        .places;
    assert_eq!(place_code(&p.community), Some(("C3", false)));
    // A home given in parts is home to each part.
    let p = e
        .extract(
            "我家住望海街道渔港社区，昨天路过太公三路，看到井盖丢了",
            now(),
        )
        .places;
    assert_eq!(place_code(&p.road), Some(("R1", false)));
    assert_eq!(p.community, None);
    // Only a district besides the home: the home outside it goes.
    let p = e
        .extract("我家住渔港社区，西岭区有个工地夜间施工", now())
        .places;
    assert_eq!(place_code(&p.district), Some(("D2", false)));
    assert_eq!((p.community, p.street), (None, None));
    // 堵住 is no home: the road after it is where the matter is.
    let p = e.extract("货车堵住太公三路，影响出行", now()).places;
    assert_eq!(place_code(&p.road), Some(("R1", false)));
}

#[test]
fn where_the_caller_works_gives_way_as_the_home_does() {
    let e = extractor();
    // Works in 西岭区, lives in 渔港社区 (东岸区): the home's community is the deeper place.
    let p = e
        .extract("我在西岭区上班，家住渔港社区，小区门口的路灯坏了", now())
        .places;
    assert_eq!(place_code(&p.community), Some(("C3", false)));
    assert_eq!(place_code(&p.district), Some(("D1", true)));
    // A workplace in parts is work to each part; the matter's road decides.
    let p = e
        .extract("我在西岭区凤鸣街道上班，每天路过太公三路，井盖丢了", now())
        .places;
    assert_eq!(place_code(&p.road), Some(("R1", false)));
    assert_eq!(place_code(&p.district), Some(("D1", true)));
    assert_eq!(p.street.as_ref().map(|s| s.code.as_str()), Some("S1"));
    let p = e
        .extract("我单位在西岭区凤鸣街道，太公三路的井盖丢了", now())
        .places;
    assert_eq!(place_code(&p.road), Some(("R1", false)));
    assert_eq!(place_code(&p.district), Some(("D1", true)));
    // Only the workplace named: the matter is there.
    let p = e
        .extract("我在西岭区凤鸣街道上班，单位门口的路灯坏了", now())
        .places;
    assert_eq!(place_code(&p.street), Some(("S3", false)));
    assert_eq!(place_code(&p.district), Some(("D2", false)));
    // 在 a place without work after it is where the matter is.
    let p = e
        .extract("我家住渔港社区，我在西岭区凤鸣街道看到工地夜间施工", now())
        .places;
    assert_eq!(place_code(&p.street), Some(("S3", false)));
    assert_eq!(p.community, None);
}

#[test]
fn work_cues_are_told_from_look_alikes() {
    use super::place::works_at;
    for (before, after) in [
        ("我在", "上班"),
        ("我们在", "打工，"),
        ("我单位在", ""),
        ("我们公司在", "，"),
    ] {
        assert!(works_at(before, after), "{before}…{after}");
    }
    // Someone else's work, or a firm complained of, is where the matter is.
    for (before, after) in [
        ("我在", "看到"),
        ("在", "施工"),
        ("路过", "上班"),
        ("施工队都在", "工作到凌晨"),
        ("施工单位在", "夜间施工"),
        ("那家装修公司在", "，"),
    ] {
        assert!(!works_at(before, after), "{before}…{after}");
    }
}

#[test]
fn home_cues_are_told_from_look_alikes() {
    use super::place::lives_at;
    for before in ["我家住", "本人住在", "我家在", "居住于", "家住：", "户籍"] {
        assert!(lives_at(before), "{before}");
    }
    for before in ["货车堵住", "大家在", "路过", "我在"] {
        assert!(!lives_at(before), "{before}");
    }
}

#[test]
fn a_business_complained_of_without_its_name_is_a_party() {
    for (text, party) in [
        ("小区门口的烧烤店每天营业到凌晨两点", "烧烤店"),
        ("楼下的网吧半夜还很吵", "网吧"),
        ("隔壁工地晚上十一点还在打桩", "工地"),
        ("阳光超市卖过期食品", "阳光超市"),
    ] {
        let parties = find_parties(text, &[]);
        assert!(
            parties
                .iter()
                .any(|p| p.text == party && p.kind == PartyKind::Organisation),
            "{text}: {parties:?}"
        );
    }
}
