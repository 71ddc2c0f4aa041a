//! Matters elsewhere (外地): a text naming a province or a city other than the centre's own as
//! where its matter is (see `rules::Elsewhere`).
use aho_corasick::{AhoCorasick, MatchKind};

use super::rules::Elsewhere;
use super::MatchedTerm;
use crate::elements::is_han;

/// What a name of the automaton is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Name {
    /// A province or a city elsewhere.
    Place,
    /// One that is also a common word: it counts only as a place for sure (深圳市, 南山区).
    Strict,
    /// The city itself, or a word that puts the matter there (本市).
    Home,
}

/// `Elsewhere` compiled: one automaton over every name.
pub(super) struct ElsewhereMatcher {
    names: AhoCorasick,
    kinds: Vec<Name>,
    not_after: Vec<String>,
    trips: Vec<String>,
    not_before: Vec<String>,
    org_ends: Vec<String>,
}

/// The characters that end a district's or a county's name: 南山区, 鄞州区, 长沙县.
const DISTRICT_ENDS: [char; 3] = ['区', '县', '旗'];
/// The longest a district's name runs before its 区 (乌鲁木齐 has 天山区; 4 covers 阿拉善左旗).
const DISTRICT_CHARS: usize = 4;

impl ElsewhereMatcher {
    /// `None` when the rules name no place elsewhere.
    pub(super) fn new(e: &Elsewhere) -> Result<Option<ElsewhereMatcher>, aho_corasick::BuildError> {
        if e.places.is_empty() && e.strict.is_empty() {
            return Ok(None);
        }
        let mut words: Vec<&str> = Vec::new();
        let mut kinds = Vec::new();
        // The city's own words first: a name in both lists (a centre whose city is among the
        // places writes it in `home` too) is found as the first pattern that holds it.
        let lists = [
            (&e.home, Name::Home),
            (&e.here, Name::Home),
            (&e.places, Name::Place),
            (&e.strict, Name::Strict),
        ];
        for (list, kind) in lists {
            for w in list {
                words.push(w);
                kinds.push(kind);
            }
        }
        let names = AhoCorasick::builder()
            .match_kind(MatchKind::LeftmostLongest)
            .build(&words)?;
        Ok(Some(ElsewhereMatcher {
            names,
            kinds,
            not_after: e.not_after.clone(),
            trips: e.trips.clone(),
            not_before: e.not_before.clone(),
            org_ends: e.org_ends.clone(),
        }))
    }

    /// The first name in `text` of a place elsewhere where its matter is, unless the text names
    /// the city itself (a `home` or `here` word, or one of `home`: names the service knows the
    /// city by, such as its districts).
    pub(super) fn find(&self, text: &str, home: &[String]) -> Option<MatchedTerm> {
        if names_home_given(text, home) {
            return None;
        }
        let found = self.names_in(text);
        if found.iter().any(|(_, _, kind)| *kind == Name::Home) {
            return None;
        }
        // Where the words start, cut only when a name is found (most texts name none).
        let mut starts: Option<Vec<usize>> = None;
        for (i, &(start, end, kind)) in found.iter().enumerate() {
            let head = &text[..start];
            let before = head.chars().next_back();
            let rest = &text[end..];
            // A word after the name may take it for a street or a dish, or tell of a trip there
            // and back; not of a trip the matter happened on ("在北京旅游时被宰了").
            let not_a_place = self.not_after.iter().any(|w| rest.starts_with(w.as_str()))
                || self.trips.iter().any(|w| {
                    rest.strip_prefix(w.as_str())
                        .is_some_and(|after| !WHILE_THERE.iter().any(|t| after.starts_with(t)))
                });
            if before == Some('从')
                || not_a_place
                || self.not_before.iter().any(|w| head.ends_with(w.as_str()))
                || (!placed_there(head, before) && self.starts_organisation(rest))
            {
                continue;
            }
            let next_is_place = found.get(i + 1).is_some_and(|n| n.0 == end);
            let sure = (rest.starts_with('市') && !rest.starts_with("市场"))
                || rest.starts_with('省')
                || district_follows(rest)
                || next_is_place;
            let said_as_place = kind == Name::Place
                && (matches!(before, Some('在' | '去' | '到'))
                    || rest.starts_with('的')
                    || rest.starts_with("那边")
                    || rest.starts_with("那里"));
            if !(sure || said_as_place) {
                continue;
            }
            // A name inside a word names no place: 建成都市 is 建成 and 都市, 复合肥 no 合肥.
            let starts = starts.get_or_insert_with(|| word_starts(text));
            if starts.binary_search(&start).is_ok() {
                return Some(MatchedTerm {
                    term: text[start..end].to_string(),
                    start: text[..start].chars().count(),
                    end: text[..end].chars().count(),
                });
            }
        }
        None
    }

    /// Every name of the automaton in `text`: where it starts and ends, and what it is.
    fn names_in(&self, text: &str) -> Vec<(usize, usize, Name)> {
        (self.names.find_iter(text))
            .map(|m| (m.start(), m.end(), self.kinds[m.pattern().as_usize()]))
            .collect()
    }

    /// Whether `rest`, what follows a place name, goes on into an organisation's name: an
    /// optional 市 or 省, then at least `ORG_OWN_CHARS` Chinese characters of its own (a
    /// district may be among them) and one of `org_ends`, all within `ORG_NAME_CHARS`, with no
    /// word of a clause or an address between (深圳的一家公司, 广州市白云区那边有个公司 and
    /// 上海市浦东新区某小区物业公司 are there), nor one after saying the caller worked there
    /// (深圳华达公司上班). The caller's 在/去/到 before the place is checked apart
    /// (`placed_there`).
    fn starts_organisation(&self, rest: &str) -> bool {
        if self.org_ends.is_empty() {
            return false;
        }
        let rest = rest
            .strip_prefix('市')
            .or_else(|| rest.strip_prefix('省'))
            .unwrap_or(rest);
        let run_end: usize = (rest.chars().take(ORG_NAME_CHARS))
            .take_while(|&c| is_han(c))
            .map(char::len_utf8)
            .sum();
        let run = &rest[..run_end];
        // The first ending, the longest there (有限公司 rather than its 公司).
        let Some((at, len)) = (self.org_ends.iter())
            .filter_map(|e| run.find(e.as_str()).map(|p| (p, e.len())))
            .min_by_key(|&(p, len)| (p, std::cmp::Reverse(len)))
        else {
            return false;
        };
        let own = &run[..at];
        let after = &rest[at + len..];
        own.chars().count() >= ORG_OWN_CHARS
            && !(CLAUSE_WORDS.iter().chain(&ADDRESS_WORDS)).any(|w| own.contains(w))
            && !WORKED_THERE.iter().any(|w| after.starts_with(w))
    }
}

/// Whether `text` holds one of the names the service knows the city by.
fn names_home_given(text: &str, home: &[String]) -> bool {
    // The text is read in simplified script, so are the names (a gazetteer's 蘋洲小学).
    home.iter()
        .any(|h| !h.trim().is_empty() && text.contains(&*crate::script::simplified(h)))
}

/// Whether the words before a place name put the caller there: 在深圳, 去深圳, 来自深圳. A
/// company named after them is where the caller worked or went, not one serving here.
fn placed_there(head: &str, before: Option<char>) -> bool {
    matches!(before, Some('在' | '去' | '到')) || head.ends_with("来自")
}

/// Words after a stay there (`trips`) that put the matter there: 在北京旅游时, 去上海出差期间.
const WHILE_THERE: [&str; 5] = ["时", "期间", "的时候", "途中", "过程中"];

/// The longest an organisation's name runs after the place it starts with, in characters
/// (深圳市 + 某某物业管理有限公司 is 10; 南山区 and 股份 fit within).
const ORG_NAME_CHARS: usize = 16;
/// The fewest characters an organisation's own name has between the place and its ending:
/// 深圳公司 is a company in Shenzhen, 深圳华达公司 one registered there.
const ORG_OWN_CHARS: usize = 2;
/// Words of a clause, not of a name: between a place and 公司 they say the company is there.
const CLAUSE_WORDS: [&str; 31] = [
    "的", "一家", "一个", "这家", "那家", "有家", "某家", "有个", "那个", "这个", "在", "是", "了",
    "我", "你", "他", "她", "给", "欠", "说", "把", "被", "让", "去", "到", "上班", "打工", "那边",
    "那里", "这边", "附近",
];
/// Words of an address, not of a name: 上海市浦东新区张江镇某小区物业公司 is an estate there.
const ADDRESS_WORDS: [&str; 9] = ["小区", "街道", "社区", "镇", "村", "路", "号", "栋", "楼"];
/// Words after a company's name that put the caller there: they worked or booked with it.
const WORKED_THERE: [&str; 8] = [
    "上班",
    "工作",
    "打工",
    "务工",
    "干活",
    "实习",
    "报的团",
    "报团",
];

/// Words ending in 区 that name no district: a name before them is a housing estate's, a
/// school's or a park's (朝阳花园小区, 中山小学学区, 城西安置小区).
const NOT_DISTRICTS: [&str; 22] = [
    "小区", "社区", "学区", "校区", "园区", "景区", "片区", "辖区", "地区", "山区", "厂区", "营区",
    "军区", "禁区", "郊区", "灾区", "病区", "盲区", "误区", "专区", "街区", "城区",
];

/// Whether `rest` starts with a district's name: two to `DISTRICT_CHARS` Chinese characters, then
/// 区, 县 or 旗 (南山区, 西湖区), and not a word like 小区 (`NOT_DISTRICTS`).
fn district_follows(rest: &str) -> bool {
    for (i, (at, c)) in rest.char_indices().take(DISTRICT_CHARS + 1).enumerate() {
        if DISTRICT_ENDS.contains(&c) {
            let name = &rest[..at + c.len_utf8()];
            return i >= 2 && !NOT_DISTRICTS.iter().any(|w| name.ends_with(w));
        }
        if !is_han(c) {
            return false;
        }
    }
    false
}

/// Byte offsets where jieba's words of `text` start, ascending.
fn word_starts(text: &str) -> Vec<usize> {
    let words = crate::route::default_jieba().cut(text, true);
    words.iter().map(|w| w.byte_start).collect()
}
