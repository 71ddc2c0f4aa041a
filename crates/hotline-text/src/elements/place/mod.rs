//! Places (地点): names from the city's own gazetteer, found with one Aho-Corasick automaton
//! (longest name wins), the district and street inferred through parents when only a community
//! or road is named, plus free address text from patterns ("…路18号", "…小区3栋2单元",
//! "…村三组") that a gazetteer never lists (`address.rs`).
mod address;

use std::collections::{HashMap, HashSet};

use aho_corasick::{AhoCorasick, MatchKind};
use serde::{Deserialize, Serialize};

use super::word_at;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PlaceKind {
    District,
    Street,
    Community,
    Road,
    Landmark,
}

/// One gazetteer place. `parent_code` links a street to its district, a community to its street,
/// a road or landmark to whichever area holds it. `aliases` are other names people use for it
/// (星沙 for 星沙街道, 一中 for 第一中学): found in text like the name, reported as the place.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GazetteerEntry {
    pub code: String,
    pub name: String,
    pub kind: PlaceKind,
    #[serde(default)]
    pub parent_code: Option<String>,
    #[serde(default)]
    pub aliases: Vec<String>,
}

/// The city's places, compiled once for matching.
#[derive(Debug, Clone)]
pub struct Gazetteer {
    entries: Vec<GazetteerEntry>,
    /// None when there are no names to match.
    names: Option<AhoCorasick>,
    /// Entries by pattern id (one name may belong to several places).
    holders: Vec<Vec<usize>>,
    by_code: HashMap<String, usize>,
}

/// A gazetteer place found in a text. Offsets count characters, end exclusive.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PlaceMention {
    pub code: String,
    pub name: String,
    pub kind: PlaceKind,
    pub start: usize,
    pub end: usize,
    /// The words as the text has them when they are one of the place's aliases, not its name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub said: Option<String>,
    /// The name belongs to several places and nothing else in the text tells which (`code` is
    /// the first listed): it fills no level, so the operator picks.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub ambiguous: bool,
    /// What the operator picks from when `ambiguous`: the places of that name that fit the
    /// text equally well, in gazetteer order.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub candidates: Vec<String>,
}

/// A place chosen for one level; `inferred` when it was not named but follows from a parent link.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PlaceRef {
    pub code: String,
    pub name: String,
    pub inferred: bool,
}

/// A road or landmark the text names inside an area the gazetteer does not have it in
/// ("安泰街道安泰路安泰农贸市场" with the market in 凤鸣街道): it fills no level, the area said
/// stands, and the operator checks with the caller.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PlaceOutside {
    pub place: PlaceRef,
    /// The area the text names it in.
    pub said_in: PlaceRef,
    /// The gazetteer's area of the same level that holds it, if any.
    pub lies_in: Option<PlaceRef>,
}

fn named_ref(code: String, name: String) -> PlaceRef {
    PlaceRef {
        code,
        name,
        inferred: false,
    }
}

/// Address text found by pattern, not necessarily in the gazetteer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AddressMention {
    pub text: String,
    pub start: usize,
    pub end: usize,
}

/// The places of a text.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Places {
    pub mentions: Vec<PlaceMention>,
    pub district: Option<PlaceRef>,
    pub street: Option<PlaceRef>,
    pub community: Option<PlaceRef>,
    pub road: Option<PlaceRef>,
    pub landmark: Option<PlaceRef>,
    pub addresses: Vec<AddressMention>,
    /// Roads and landmarks named inside an area they do not lie in.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub outside: Vec<PlaceOutside>,
}

/// Words that say what kind of place a name is ("示例市人民医院", "东门农贸市场", "金海岸KTV"):
/// the matter may be about the kind (挂号, 食品安全, 噪音), so `Places::blanked` keeps them. The
/// facilities among the address suffixes (`address::NAME_SUFFIXES`) are all here.
const FACILITY_WORDS: &[&str] = &[
    "KTV",
    "ktv",
    "酒店",
    "宾馆",
    "饭店",
    "学院",
    "校区",
    "党校",
    "机场",
    "码头",
    "高铁站",
    "加油站",
    "驿站",
    "体育馆",
    "站",
    "厂",
    "农贸市场",
    "菜市场",
    "市场",
    "医院",
    "卫生院",
    "卫生服务中心",
    "公园",
    "广场",
    "幼儿园",
    "小学",
    "中学",
    "学校",
    "大学",
    "火车站",
    "汽车站",
    "地铁站",
    "车站",
    "派出所",
    "银行",
    "超市",
    "商场",
    "体育中心",
    "健身中心",
    "图书馆",
    "博物馆",
    "景区",
    "停车场",
    "政务服务中心",
];

/// Words after a place that make it only where something else is ("全民健身中心旁边的工地",
/// "农贸市场门口的路灯"): then its facility word goes too.
const BESIDE: &[&str] = &[
    "门口",
    "旁边",
    "旁",
    "附近",
    "对面",
    "斜对面",
    "周边",
    "周围",
    "后面",
    "前面",
    "边上",
    "隔壁",
    "背后",
    "一带",
    "路口",
    "东侧",
    "西侧",
    "南侧",
    "北侧",
    "东门",
    "西门",
    "南门",
    "北门",
    "外面",
    "楼下",
];

impl Places {
    pub fn is_empty(&self) -> bool {
        self.mentions.is_empty() && self.addresses.is_empty()
    }

    /// `text` (the text these places were found in) with each place name and address blanked
    /// to spaces, all but a facility word it ends with: what the text says about the matter
    /// itself. The words inside a name say nothing of it (人民路 is no 人民调解, 公积金小区 no
    /// 公积金), while 医院 of 示例市人民医院 may be what the caller asks about, unless the place
    /// only says where something else is (医院门口, 健身中心旁边).
    pub fn blanked(&self, text: &str) -> String {
        let mut chars: Vec<char> = text.chars().collect();
        // The words below are in simplified script: 人民醫院 keeps its 醫院 as 人民医院 keeps 医院.
        let read: Vec<char> = crate::script::simplified(text).chars().collect();
        let spans = self
            .mentions
            .iter()
            .map(|m| (m.start, m.end))
            .chain(self.addresses.iter().map(|a| (a.start, a.end)));
        for (start, end) in spans {
            let end = end.min(chars.len());
            let Some(name) = read.get(start..end) else {
                continue;
            };
            let name: String = name.iter().collect();
            let beside = BESIDE.iter().any(|w| word_at(&read, end, w).is_some());
            let kept = FACILITY_WORDS
                .iter()
                .filter(|w| !beside && name.ends_with(*w))
                .map(|w| w.chars().count())
                .max()
                .unwrap_or(0);
            chars[start..end - kept].fill(' ');
        }
        chars.into_iter().collect()
    }
}

impl Gazetteer {
    /// Compile the entries: each name and alias is a pattern; blank ones are ignored.
    pub fn new(entries: Vec<GazetteerEntry>) -> Gazetteer {
        let mut pattern_of: HashMap<String, usize> = HashMap::new();
        let mut names: Vec<String> = Vec::new();
        let mut holders: Vec<Vec<usize>> = Vec::new();
        for (i, e) in entries.iter().enumerate() {
            for name in std::iter::once(&e.name).chain(&e.aliases) {
                // Texts are read in simplified script, so are the names: 蘋洲小学 is found
                // however the caller writes it.
                let name = crate::script::simplified(name.trim()).into_owned();
                if name.is_empty() {
                    continue;
                }
                let id = *pattern_of.entry(name.clone()).or_insert_with(|| {
                    names.push(name);
                    holders.push(Vec::new());
                    names.len() - 1
                });
                // An alias that repeats the name (or another alias) holds the place once.
                if holders[id].last() != Some(&i) {
                    holders[id].push(i);
                }
            }
        }
        // Building fails only past the automaton's size limits, far beyond a city's gazetteer;
        // then names are not matched rather than the intake screen failing.
        let automaton = (!names.is_empty())
            .then(|| {
                AhoCorasick::builder()
                    .match_kind(MatchKind::LeftmostLongest)
                    .build(&names)
                    .ok()
            })
            .flatten();
        let by_code = entries
            .iter()
            .enumerate()
            .map(|(i, e)| (e.code.clone(), i))
            .collect();
        Gazetteer {
            entries,
            names: automaton,
            holders,
            by_code,
        }
    }

    pub fn empty() -> Gazetteer {
        Gazetteer::new(Vec::new())
    }

    pub fn entries(&self) -> &[GazetteerEntry] {
        &self.entries
    }

    pub fn get(&self, code: &str) -> Option<&GazetteerEntry> {
        self.by_code.get(code).map(|&i| &self.entries[i])
    }

    /// The parents of a place, nearest first (a broken or cyclic chain stops after 8 links).
    pub fn ancestors(&self, code: &str) -> Vec<&GazetteerEntry> {
        let mut chain = Vec::new();
        let mut current = self.get(code).and_then(|e| e.parent_code.as_deref());
        while let Some(parent) = current.and_then(|c| self.get(c)) {
            if chain.len() == 8 {
                break;
            }
            chain.push(parent);
            current = parent.parent_code.as_deref();
        }
        chain
    }

    /// The entries of a place's parents, nearest first (as `ancestors`).
    fn ancestor_entries(&self, i: usize) -> Vec<usize> {
        self.ancestors(&self.entries[i].code)
            .iter()
            .filter_map(|p| self.by_code.get(&p.code).copied())
            .collect()
    }

    /// The gazetteer places named in `text` (byte span, entry, and the entries tied with it when
    /// it is ambiguous); where a name is shared, the place that fits the other names found best
    /// wins: first the names that are its parents or children, then the places of `context`
    /// (known from elsewhere: the district the operator picked) it lies on one chain with,
    /// then the names under the same parent (a road of the community's street). With no single
    /// best it is ambiguous.
    fn find(&self, text: &str, context: &[&str]) -> Vec<(usize, usize, usize, Vec<usize>)> {
        let Some(names) = &self.names else {
            return Vec::new();
        };
        // Leftmost-longest, but a short name that is part of a longer word is passed over and
        // the search goes on from its next character ("统一中心街道": not 一中, then 中心街道).
        let mut spans: Vec<(usize, usize, &Vec<usize>)> = Vec::new();
        let mut from = 0;
        while let Some(m) = names.find(aho_corasick::Input::new(text).range(from..)) {
            if stands_alone(text, m.start(), m.end()) {
                spans.push((m.start(), m.end(), &self.holders[m.pattern().as_usize()]));
                from = m.end();
            } else {
                from = m.start() + text[m.start()..].chars().next().map_or(1, char::len_utf8);
            }
        }
        // A candidate fits by the candidates of the other names that are its parents or its
        // children. Counted over all names once (how often each entry is a candidate, and how
        // often it is the parent of one), then each name takes its own candidates out: linear
        // in the names, however often one is repeated.
        let mut parents: HashMap<usize, Vec<usize>> = HashMap::new();
        let mut times: HashMap<usize, usize> = HashMap::new();
        let mut children: HashMap<usize, usize> = HashMap::new();
        // How many candidates each place is the nearest parent of.
        let mut under: HashMap<usize, usize> = HashMap::new();
        for &c in spans.iter().flat_map(|s| s.2.iter()) {
            *times.entry(c).or_default() += 1;
            let up = parents.entry(c).or_insert_with(|| self.ancestor_entries(c));
            for &a in up.iter() {
                *children.entry(a).or_default() += 1;
            }
            if let Some(&p) = up.first() {
                *under.entry(p).or_default() += 1;
            }
        }
        // Each place known from elsewhere with the places above it.
        let context: Vec<(usize, Vec<usize>)> = context
            .iter()
            .filter_map(|c| self.by_code.get(*c).copied())
            .map(|k| (k, self.ancestor_entries(k)))
            .collect();
        // How often each name is said (its candidate list is shared by all its mentions): a
        // name said twice is no sibling of itself.
        let mut said: HashMap<*const Vec<usize>, usize> = HashMap::new();
        for s in &spans {
            *said.entry(std::ptr::from_ref(s.2)).or_default() += 1;
        }
        spans
            .iter()
            .map(|&(start, end, candidates)| {
                let fit = |&&c: &&usize| {
                    let own = |o: usize| usize::from(candidates.contains(&o));
                    let up: usize = parents[&c]
                        .iter()
                        .map(|&a| times.get(&a).map_or(0, |&n| n - own(a)))
                        .sum();
                    let down = children.get(&c).copied().unwrap_or(0)
                        - candidates
                            .iter()
                            .filter(|&&o| parents[&o].contains(&c))
                            .count();
                    let known = (context.iter())
                        .filter(|(k, above)| {
                            *k == c || parents[&c].contains(k) || above.contains(&c)
                        })
                        .count();
                    let siblings = parents[&c].first().map_or(0, |p| {
                        let own = candidates
                            .iter()
                            .filter(|&&o| parents[&o].first() == Some(p))
                            .count();
                        under[p] - own * said[&std::ptr::from_ref(candidates)]
                    });
                    (up + down, known, siblings)
                };
                // max_by_key keeps the last of equals; reversing keeps the first listed.
                if candidates.len() == 1 {
                    return (start, end, candidates[0], Vec::new());
                }
                let best = candidates
                    .iter()
                    .rev()
                    .max_by_key(fit)
                    .copied()
                    .unwrap_or(candidates[0]);
                let top = fit(&&best);
                let tied: Vec<usize> = candidates
                    .iter()
                    .filter(|c| fit(c) == top)
                    .copied()
                    .collect();
                let tied = if tied.len() > 1 { tied } else { Vec::new() };
                (start, end, best, tied)
            })
            .collect()
    }

    /// Gazetteer places and address text of `text`, with each level filled.
    pub fn places(&self, text: &str) -> Places {
        self.places_near(text, &[])
    }

    /// `places`, where a name several places share is told apart by `context` too (codes of
    /// places known from elsewhere, such as the form's district) when the text itself does not
    /// tell: "和悦社区" is the one in the district the operator picked.
    pub fn places_near(&self, text: &str, context: &[&str]) -> Places {
        // Read in simplified script (`crate::script`); offsets hold for `text` too, which is
        // quoted where it says a name otherwise (苹洲小学 for 蘋洲小学 too).
        let original = text;
        let folded = crate::script::simplified(text);
        let text: &str = &folded;
        let mut found = self.find(text, context);
        // "不是东岸区，是西岭区": the place said instead of one of its kind stands.
        let spans: Vec<(usize, usize)> = found.iter().map(|f| (f.0, f.1)).collect();
        let kind = |k: usize| self.entries[found[k].2].kind;
        let mut deny = super::denied(text, &spans, |i, j| kind(i) == kind(j)).into_iter();
        found.retain(|_| !deny.next().unwrap_or(false));
        // Spans come in text order: count characters from the last one, not from the start.
        let mut counted = (0, 0);
        let mut char_at = |byte: usize| {
            let (from, chars) = if byte >= counted.0 { counted } else { (0, 0) };
            counted = (byte, chars + text[from..byte].chars().count());
            counted.1
        };
        let mut places = Places {
            mentions: found
                .iter()
                .map(|(s, e, i, tied)| PlaceMention {
                    code: self.entries[*i].code.clone(),
                    name: self.entries[*i].name.clone(),
                    kind: self.entries[*i].kind,
                    start: char_at(*s),
                    end: char_at(*e),
                    said: (original[*s..*e] != *self.entries[*i].name.trim())
                        .then(|| original[*s..*e].to_string()),
                    ambiguous: !tied.is_empty(),
                    candidates: tied.iter().map(|&t| self.entries[t].code.clone()).collect(),
                })
                .collect(),
            ..Places::default()
        };
        // Where the caller lives ("我家住渔港社区，…") or works ("我在西岭区上班") is where the
        // matter happened only when the text names no other place: other places fill the
        // levels first and decide the chain below, the home only what they leave.
        // A home given in parts ("家住望海街道渔港社区") is home to its last part, a workplace
        // ("在西岭区凤鸣街道上班") to its first.
        // A cue before the name ("家住", "我单位在") reaches each part after it; one after the
        // name ("在西岭区凤鸣街道上班") each part before it.
        let mut home: Vec<bool> = Vec::with_capacity(found.len());
        for (k, &(s, ..)) in found.iter().enumerate() {
            let follows_home = k > 0 && home[k - 1] && found[k - 1].1 == s;
            home.push(follows_home || lives_at(&text[..s]) || works_at(&text[..s], ""));
        }
        for k in (0..found.len()).rev() {
            let (s, e) = (found[k].0, found[k].1);
            let before_work = k + 1 < found.len() && home[k + 1] && found[k + 1].0 == e;
            home[k] |= before_work || works_at(&text[..s], &text[e..]);
        }
        let elsewhere: HashSet<&str> = found
            .iter()
            .zip(&home)
            .filter(|(f, &h)| f.3.is_empty() && !h)
            .map(|(f, _)| self.entries[f.2].code.as_str())
            .collect();
        let mut order: Vec<usize> = (0..found.len())
            .filter(|&k| found[k].3.is_empty())
            .collect();
        order.sort_by_key(|&k| home[k]);
        for &(_, _, i, _) in order.iter().map(|&k| &found[k]) {
            let e = &self.entries[i];
            let named = named_ref(e.code.clone(), e.name.clone());
            let slot = places.slot(e.kind);
            if slot.is_none() {
                *slot = Some(named);
            }
        }
        // A road or landmark the text qualifies by an area it does not lie in ("凤鸣街道安泰路",
        // "城中区桃明路", "安泰街道安泰路安泰农贸市场": the area said before it, in one run of
        // names) is another place of the same name, or the caller has the area wrong: the area
        // the caller named stands, the place found fills no level and is reported `outside`, so
        // the operator checks with the caller.
        for kind in [PlaceKind::Road, PlaceKind::Landmark] {
            let Some(code) = places.slot(kind).as_ref().map(|r| r.code.clone()) else {
                continue;
            };
            let above = self.ancestors(&code);
            let mentions = &places.mentions;
            let mut outside: Vec<PlaceOutside> = Vec::new();
            for (k, m) in mentions.iter().enumerate().filter(|(_, m)| m.code == code) {
                // The names right before it, each ending where the next starts.
                let mut first = k;
                while first > 0 && mentions[first - 1].end == mentions[first].start {
                    first -= 1;
                }
                for area in &mentions[first..k] {
                    let is_area = matches!(
                        area.kind,
                        PlaceKind::Community | PlaceKind::Street | PlaceKind::District
                    );
                    // An area on one chain with the place's parent is no contradiction: a
                    // community of the road's street ("安泰街道幸福社区安泰路").
                    let on_one_chain = above.iter().any(|p| p.code == area.code)
                        || above.first().is_some_and(|parent| {
                            self.ancestors(&area.code)
                                .iter()
                                .any(|a| a.code == parent.code)
                        });
                    if area.ambiguous || !is_area || on_one_chain {
                        continue;
                    }
                    outside.push(PlaceOutside {
                        place: named_ref(m.code.clone(), m.name.clone()),
                        said_in: named_ref(area.code.clone(), area.name.clone()),
                        lies_in: above
                            .iter()
                            .find(|p| p.kind == area.kind)
                            .map(|p| named_ref(p.code.clone(), p.name.clone())),
                    });
                }
            }
            if !outside.is_empty() {
                *places.slot(kind) = None;
                for o in outside {
                    if !places.outside.contains(&o) {
                        places.outside.push(o);
                    }
                }
            }
        }
        // The most specific place named (the longest chain of places above it; a community or
        // street before a landmark or road, which may lie across streets) decides the levels
        // above it, even where the text names another ("港东区的朋友说，凤鸣街道南昌路…": the
        // street's district, not 港东区): a ticket's district, street and community must lie
        // on one chain.
        let preference = [
            PlaceKind::Community,
            PlaceKind::Street,
            PlaceKind::Landmark,
            PlaceKind::Road,
        ];
        let mut anchor: Option<(usize, String)> = None;
        for kind in preference {
            let Some(code) = places.slot(kind).as_ref().map(|r| r.code.clone()) else {
                continue;
            };
            // Only the home named, or a place named elsewhere: the home never outranks one.
            if !elsewhere.is_empty() && !elsewhere.contains(code.as_str()) {
                continue;
            }
            let depth = self.ancestors(&code).len();
            if anchor.as_ref().is_none_or(|(d, _)| depth > *d) {
                anchor = Some((depth, code));
            }
        }
        // Only an area named besides the home (西岭区): the home's places outside it go.
        if anchor.is_none() && !elsewhere.is_empty() {
            for kind in [
                PlaceKind::Community,
                PlaceKind::Street,
                PlaceKind::Road,
                PlaceKind::Landmark,
            ] {
                let Some(code) = places.slot(kind).as_ref().map(|r| r.code.clone()) else {
                    continue;
                };
                if elsewhere.contains(code.as_str()) {
                    continue;
                }
                let above = self.ancestors(&code);
                let outside = elsewhere
                    .iter()
                    .any(|e| !above.iter().any(|p| p.code == *e));
                if outside {
                    *places.slot(kind) = None;
                }
            }
        }
        if let Some((_, anchor)) = anchor {
            let chain = self.ancestors(&anchor);
            for parent in &chain {
                let slot = places.slot(parent.kind);
                if slot.as_ref().is_none_or(|r| r.code != parent.code) {
                    *slot = Some(PlaceRef {
                        code: parent.code.clone(),
                        name: parent.name.clone(),
                        inferred: true,
                    });
                }
            }
            // Any other place named stays only if it lies under the chain's places.
            for kind in preference {
                let Some(code) = places.slot(kind).as_ref().map(|r| r.code.clone()) else {
                    continue;
                };
                if code == anchor || chain.iter().any(|p| p.code == code) {
                    continue;
                }
                let agrees = self.ancestors(&code).iter().all(|a| {
                    chain
                        .iter()
                        .find(|p| p.kind == a.kind)
                        .is_none_or(|p| p.code == a.code)
                });
                if !agrees {
                    *places.slot(kind) = None;
                }
            }
        }
        let chars: Vec<char> = text.chars().collect();
        let named: Vec<(usize, usize)> = places.mentions.iter().map(|m| (m.start, m.end)).collect();
        let mut addresses = address::addresses(&chars, &named);
        let byte_at = super::byte_offsets(text);
        let spans: Vec<(usize, usize)> = (addresses.iter())
            .map(|a| (super::at(&byte_at, a.start), super::at(&byte_at, a.end)))
            .collect();
        let mut deny = super::denied(text, &spans, |_, _| true).into_iter();
        addresses.retain(|_| !deny.next().unwrap_or(false));
        places.addresses = addresses;
        places
    }
}

/// Words that say the place right after them is where the caller lives (家住, 我家在…), with
/// at most a 在 or 于 between.
const HOME_CUES: [&str; 8] = [
    "家住",
    "我住",
    "我们住",
    "居住",
    "我家",
    "我们家",
    "住址",
    "户籍",
];

/// Whether `before` (the text up to a place name) ends with a cue that the place is the
/// caller's home. A bare 住 counts only with 在 or 于 (住在: not 堵住海曲路).
pub(crate) fn lives_at(before: &str) -> bool {
    let b = before.trim_end_matches([' ', ':', '：']);
    if b.ends_with("住在") || b.ends_with("住于") {
        return true;
    }
    let b = b.trim_end_matches(['在', '于']);
    HOME_CUES.iter().any(|cue| b.ends_with(cue))
}

/// Words right after a place said with the caller's 在 that make it where the caller works
/// ("我在西岭区上班").
const WORK_AFTER: [&str; 5] = ["上班", "工作", "打工", "务工", "做生意"];

/// The caller and 在, before a place followed by `WORK_AFTER`: not anyone's 在 ("施工队都在
/// 太公三路工作到凌晨" is where the matter is).
const CALLER_AT: [&str; 6] = [
    "我在",
    "我们在",
    "本人在",
    "我现在在",
    "我平时在",
    "我一直在",
];

/// Words right before a place that make it the caller's workplace ("我单位在西岭区"): the
/// caller's own, not a firm complained of ("施工单位在太公三路夜间施工").
const WORK_BEFORE: [&str; 8] = [
    "我单位在",
    "我们单位在",
    "我的单位在",
    "我公司在",
    "我们公司在",
    "工作单位在",
    "我上班在",
    "上班的地方在",
];

/// Whether the place between `before` and `after` is where the caller works: "我在X上班",
/// "我单位在X".
pub(crate) fn works_at(before: &str, after: &str) -> bool {
    let b = before.trim_end_matches([' ', ':', '：']);
    if WORK_BEFORE.iter().any(|cue| b.ends_with(cue)) {
        return true;
    }
    CALLER_AT.iter().any(|cue| b.ends_with(cue)) && WORK_AFTER.iter().any(|w| after.starts_with(w))
}

/// Whether a name of one or two characters found at `start..end` is a word of the text rather
/// than part of a longer one: the alias 一中 is not in 一中午 or 统一中心. Longer names stand as
/// found.
fn stands_alone(text: &str, start: usize, end: usize) -> bool {
    if text[start..end].chars().nth(2).is_some() {
        return true;
    }
    // The name starts a word and ends one (it may be several words).
    let words = super::word_bounds_near(text, start, end);
    words.iter().any(|w| w.0 == start) && words.iter().any(|w| w.1 == end)
}

impl Places {
    fn slot(&mut self, kind: PlaceKind) -> &mut Option<PlaceRef> {
        match kind {
            PlaceKind::District => &mut self.district,
            PlaceKind::Street => &mut self.street,
            PlaceKind::Community => &mut self.community,
            PlaceKind::Road => &mut self.road,
            PlaceKind::Landmark => &mut self.landmark,
        }
    }
}
