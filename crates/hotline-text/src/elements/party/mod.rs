//! Who is involved (人物): a person or an organisation, found by pattern: a surname, or a full
//! name, with a title ("李女士", "王副局长", "赵丽颖女士", "欧阳先生"), a name given after 叫 or a
//! caller's label ("我叫刘科连", "来电人：黄晓明"), a full name jieba reads as a person's after a
//! job or a relation ("物业经理张建国", "房东李明") or opening a clause before what a caller does
//! ("张伟反映…"), role words ("楼上住户", "物业", "开发商"), names ending in an
//! organisation word ("某某物业公司", "A7县政府", "L市环保部门") and schools known by their number
//! ("K市二中"). An organisation's name is bounded on the left by punctuation and function
//! characters, then by jieba's words (`words_start`) and qualifiers; the word lists are in
//! `words`.
use std::sync::OnceLock;

use aho_corasick::{AhoCorasick, MatchKind};
use serde::Serialize;

use super::word_before;

mod names;
mod nearby;
mod words;
use names::{
    given_name_end, is_full_name, listed, person_word_at, read_name, role_ends_at, word_starts_at,
    LIST_JOINERS, NOT_LISTED,
};
use words::{
    BRANDS, CALLERS, CLAUSE_MARKS, COMPANY_TAILS, COMPOUND_SURNAMES, GENERIC_ENDINGS,
    GENERIC_NAMES, JOINED_NAMES, LEADING_WORDS, NAME_AFTER, NAME_VERBS, NOT_AFTER_SINGLE,
    NOT_BUREAUS, ORGANISATION_ROLES, ORGANISATION_SUFFIXES, PERSON_ROLES, QUALIFIERS, RUNS_ON,
    STOPS, STOP_WORDS, SURNAMES, TITLES,
};
pub(super) use words::{CALLER_LABELS, REPORTING};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PartyKind {
    Person,
    Organisation,
}

/// A person or organisation named in a text. Offsets count characters, end exclusive.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PartyMention {
    /// The name as said, or with its title by the surname ("姓王的女士": 王女士).
    pub text: String,
    pub kind: PartyKind,
    pub start: usize,
    pub end: usize,
}

/// Words after 叫 that look like a surname and a name but are not.
const NOT_NAMES: &[&str] = &[
    "万一", "万分", "周一", "周二", "周三", "周四", "周五", "周六", "周日", "陈述", "谢谢", "顾客",
    "顾问", "孙子", "孙女", "钱财",
];

/// The longest an organisation's name runs before its suffix, and how far left its words are
/// read.
const MAX_NAME_CHARS: usize = 14;
const WINDOW_CHARS: usize = 24;

struct Automata {
    roles: AhoCorasick,
    brands: AhoCorasick,
    suffixes: AhoCorasick,
    /// `SURNAMES`, sorted for binary search.
    surnames: Vec<char>,
}

fn automata() -> &'static Automata {
    static AUTOMATA: OnceLock<Automata> = OnceLock::new();
    AUTOMATA.get_or_init(|| {
        let build = |words: Vec<&str>| {
            AhoCorasick::builder()
                .match_kind(MatchKind::LeftmostLongest)
                .build(words)
                .expect("the built-in word lists are small")
        };
        Automata {
            roles: build(
                PERSON_ROLES
                    .iter()
                    .chain(ORGANISATION_ROLES)
                    .copied()
                    .collect(),
            ),
            suffixes: build(ORGANISATION_SUFFIXES.to_vec()),
            brands: build(BRANDS.to_vec()),
            surnames: {
                let mut s: Vec<char> = SURNAMES.chars().filter(|c| !c.is_whitespace()).collect();
                s.sort_unstable();
                s
            },
        }
    })
}

/// Persons and organisations of `text`, in reading order. `blocked` are character spans that
/// belong to something else (times), where a name never extends.
pub fn find_parties(text: &str, blocked: &[(usize, usize)]) -> Vec<PartyMention> {
    let chars: Vec<char> = text.chars().collect();
    // Byte offsets from the automata to character offsets.
    let mut char_index = vec![0usize; text.len() + 1];
    for (ci, (bi, c)) in text.char_indices().enumerate() {
        char_index[bi..bi + c.len_utf8()].fill(ci);
    }
    char_index[text.len()] = chars.len();
    let mut found: Vec<PartyMention> = Vec::new();
    let mention = |start: usize, end: usize, kind| PartyMention {
        text: chars[start..end].iter().collect(),
        kind,
        start,
        end,
    };
    let automata = automata();
    let surname_end = |i: usize| surname_end(&chars, i, &automata.surnames);
    // Persons first: "蒋局长" is a person, not the bureau 局.
    for (i, &c) in chars.iter().enumerate() {
        let Some(after_surname) = surname_end(i) else {
            continue;
        };
        if c == '某' && i > 0 && chars[i - 1] == '某' {
            continue;
        }
        // "李女士", "王副局长", "张某", "赵丽颖女士", or "姓王" when the caller gives only a
        // surname.
        let title_end = |from: usize| {
            let after = super::word_at(&chars, from, "副").unwrap_or(from);
            TITLES
                .iter()
                .find_map(|t| super::word_at(&chars, after, t).map(|end| (t, end)))
        };
        // "姓王的女士": 王女士, the title after 的.
        let mut said_as: Option<String> = None;
        let (start, end) = match title_end(after_surname) {
            // "某某" is no surname and title: "某某物业公司" is an organisation.
            Some((t, _)) if c == '某' && t.starts_with('某') => continue,
            // jieba may join a relation's last character to the surname ("其父|亲王|某某").
            Some((_, end)) if word_starts_at(&chars, i) || role_ends_at(&chars, i) => (i, end),
            Some(_) => continue,
            None if i > 0
                && chars[i - 1] == '姓'
                && c != '某'
                && !word_before(&chars, i, "百姓") =>
            {
                match title_end(after_surname + 1)
                    .filter(|_| chars.get(after_surname) == Some(&'的'))
                {
                    Some((t, end)) => {
                        let surname: String = chars[i..after_surname].iter().collect();
                        said_as = Some(format!("{surname}{t}"));
                        (i, end)
                    }
                    None => (i, after_surname),
                }
            }
            None if c == '某' => continue,
            None => {
                let named = [2, 1].into_iter().find_map(|given| {
                    let name_end = after_surname + given;
                    let (_, end) = title_end(name_end)?;
                    (is_full_name(&chars, i, after_surname, name_end, blocked)
                        && word_starts_at(&chars, i))
                    .then_some(end)
                });
                match named {
                    Some(end) => (i, end),
                    None => continue,
                }
            }
        };
        if !found.iter().any(|f| f.start < end && start < f.end) {
            let mut m = mention(start, end, PartyKind::Person);
            if let Some(text) = said_as {
                m.text = text;
            }
            found.push(m);
        }
    }
    // A name given as "我叫刘科连" or after a caller's label ("来电人：黄晓明"): the surname and
    // up to two characters more.
    let given_at = |i: usize| -> Option<usize> {
        if chars[i] == '叫' {
            return Some(i + 1);
        }
        let end = CALLER_LABELS
            .iter()
            .find_map(|l| super::word_at(&chars, i, l))?;
        let skip = chars[end..]
            .iter()
            .take(2)
            .take_while(|c| matches!(c, '：' | ':' | ' ' | '\u{3000}'))
            .count();
        Some(end + skip)
    };
    for first in (0..chars.len()).filter_map(given_at) {
        let Some(after_surname) = surname_end(first) else {
            continue;
        };
        if chars[first] == '某' {
            continue;
        }
        let end = given_name_end(&chars, first, after_surname);
        let name: String = chars[first..end].iter().collect();
        // "叫周一再来" names a day (a time, so blocked); "万一" is "in case".
        let not_a_name = NOT_NAMES.iter().any(|w| name.starts_with(w))
            || blocked.iter().any(|&(s, e)| s < end && first < e);
        if end - first >= 2 && !not_a_name && !found.iter().any(|f| f.start < end && first < f.end)
        {
            found.push(mention(first, end, PartyKind::Person));
        }
    }
    // A full name after a job or a relation ("物业经理张建国", "房东李明"), or opening a clause
    // before what a caller does ("张伟反映…", "市民王芳投诉…"): jieba must read it as a name.
    for first in 0..chars.len() {
        let Some(after_surname) = surname_end(first) else {
            continue;
        };
        if chars[first] == '某' || found.iter().any(|f| f.start <= first && first < f.end) {
            continue;
        }
        // What stands before comes first: it is cheap, and jieba is called only after it.
        let role_before = NAME_AFTER.iter().any(|w| word_before(&chars, first, w));
        // The second of a list opens as the first did ("张三和李四在小区养鸽子").
        let after_listed = LIST_JOINERS.iter().any(|j| {
            word_before(&chars, first, j)
                && found
                    .iter()
                    .any(|f| f.kind == PartyKind::Person && f.end + j.chars().count() == first)
        });
        let clause_before = first == 0
            || CLAUSE_MARKS.contains(chars[first - 1])
            || CALLERS.iter().any(|w| word_before(&chars, first, w))
            || after_listed;
        if !role_before && !clause_before {
            continue;
        }
        let Some(end) = read_name(&chars, first, after_surname) else {
            continue;
        };
        if blocked.iter().any(|&(s, e)| s < end && first < e) {
            continue;
        }
        // The job must be a word of its own, and the name start one ("黄花镇|长龙街道" has no
        // 镇长, "妇女|儿童医院" no 女儿).
        // jieba may glue the job's first character to the word before ("保安队|长|刘伟"): a
        // name it reads as a person's in context still counts.
        let after_role = role_before
            && word_starts_at(&chars, first)
            && (person_word_at(&chars, first)
                || NAME_AFTER.iter().any(|w| {
                    word_before(&chars, first, w)
                        && word_starts_at(&chars, first - w.chars().count())
                }));
        // A name in a list stands on jieba alone: none of its characters, nor the one after
        // it, may belong to a place's or an organisation's name ("唐湾组与张家湾组").
        let plain = |first: usize, end: usize| {
            chars[first + 1..=end.min(chars.len() - 1)]
                .iter()
                .all(|&c| !NOT_GIVEN.contains(c) && !NOT_LISTED.contains(c))
        };
        let opens_clause = (after_listed && plain(first, end))
            || (clause_before
                && (REPORTING
                    .iter()
                    .any(|w| super::word_at(&chars, end, w).is_some())
                    || (plain(first, end) && listed(&chars, end, surname_end, plain))));
        if (after_role || opens_clause) && !found.iter().any(|f| f.start < end && first < f.end) {
            found.push(mention(first, end, PartyKind::Person));
        }
    }
    // The household next door by its surname ("楼上李家", "隔壁老王").
    for (start, end) in nearby::households(&chars, surname_end, blocked) {
        if !found.iter().any(|f| f.start < end && start < f.end) {
            found.push(mention(start, end, PartyKind::Person));
        }
    }
    // A shop by the name on its sign, in quotes ("“老王烧烤”").
    for (start, end) in nearby::quoted_shops(&chars) {
        let clear = !blocked.iter().any(|&(s, e)| s < end && start < e);
        if clear && !found.iter().any(|f| f.start < end && start < f.end) {
            found.push(mention(start, end, PartyKind::Organisation));
        }
    }
    // Schools known by their number after the place: "K市二中", "C3县一中", "A7县十九幼".
    for (at, end) in numbered_schools(&chars) {
        if let Some(start) = organisation_start(&chars, at, end, blocked, 0) {
            if start < at && !found.iter().any(|f| f.start < end && start < f.end) {
                found.push(mention(start, end, PartyKind::Organisation));
            }
        }
    }
    // Suffixes as (start, end, text); a company's name runs on through its business and its
    // legal form ("园丁物业|管理有限公司", "坤兆投资集团|有限公司").
    let mut suffixes: Vec<(usize, usize, &str)> = Vec::new();
    for m in automata.suffixes.find_iter(text) {
        let (s, e) = (char_index[m.start()], char_index[m.end()]);
        let suffix = &text[m.start()..m.end()];
        if let Some(last) = suffixes.last_mut() {
            let gap = &chars[last.1..s];
            if COMPANY_TAILS.contains(&suffix)
                && RUNS_ON.contains(&last.2)
                && gap.len() <= 4
                && !gap
                    .iter()
                    .any(|c| STOPS.contains(*c) || STOP_WORDS.contains(*c))
            {
                *last = (last.0, e, suffix);
                continue;
            }
        }
        suffixes.push((s, e, suffix));
    }
    for (s, e, suffix) in suffixes {
        if found.iter().any(|f| f.start < e && s < f.end) {
            continue;
        }
        if e - s == 1 {
            let before = s.checked_sub(1).map(|i| chars[i]);
            let part_of_word = chars.get(e).is_some_and(|&c| NOT_AFTER_SINGLE.contains(c))
                || (suffix == "局" && before.is_some_and(|c| NOT_BUREAUS.contains(c)));
            if part_of_word {
                continue;
            }
        }
        // A name begins after the party before it ("K市二中|学校商店").
        let floor = found
            .iter()
            .map(|f| f.end)
            .filter(|&end| end <= s)
            .max()
            .unwrap_or(0);
        let Some(start) = organisation_start(&chars, s, e, blocked, floor) else {
            continue;
        };
        let bare = start == s;
        let whole: String = chars[s..e].iter().collect();
        if (bare && !ORGANISATION_ROLES.contains(&whole.as_str())) || (e - s == 1 && s - start < 2)
        {
            continue;
        }
        found.push(mention(start, e, PartyKind::Organisation));
    }
    // A company by its brand alone, a word of its own ("在京东买的", not "南京东路"), after
    // the names with a suffix: "中国邮政储蓄银行" is one.
    for m in automata.brands.find_iter(text) {
        let (s, e) = (char_index[m.start()], char_index[m.end()]);
        let alone = word_starts_at(&chars, s) && (e == chars.len() || word_starts_at(&chars, e));
        let clear = !blocked.iter().any(|&(b, f)| b < e && s < f);
        if alone && clear && !found.iter().any(|f| f.start < e && s < f.end) {
            found.push(mention(s, e, PartyKind::Organisation));
        }
    }
    // Roles last: "唐老师" is a person with a name, not the role 老师.
    for m in automata.roles.find_iter(text) {
        let (s, e) = (char_index[m.start()], char_index[m.end()]);
        if found.iter().any(|f| f.start < e && s < f.end) {
            continue;
        }
        let kind = if m.pattern().as_usize() < PERSON_ROLES.len() {
            PartyKind::Person
        } else {
            PartyKind::Organisation
        };
        found.push(mention(s, e, kind));
    }
    found.sort_by_key(|f| f.start);
    found
}

/// Byte lengths of the ways `clause` may open with a person, shortest first: a surname and a
/// title ("韩女士", "欧阳先生"), or a surname and a given name of one or two characters
/// ("王秀英"). The caller decides by what follows (a demand cue after "王秀英想申请…").
pub(crate) fn person_openings(clause: &str) -> Vec<usize> {
    let chars: Vec<char> = clause.chars().take(6).collect();
    let Some(given_from) = surname_end(&chars, 0, &automata().surnames) else {
        return Vec::new();
    };
    let bytes = |n: usize| chars[..n].iter().map(|c| c.len_utf8()).sum::<usize>();
    let rest: String = chars[given_from..].iter().collect();
    if let Some(title) = TITLES.iter().find(|t| rest.starts_with(*t)) {
        return vec![bytes(given_from + title.chars().count())];
    }
    // No character of a place or an organisation's name (林业局, 万科, 江北区).
    let given = |c: char| may_name(c) && !NOT_GIVEN.contains(c);
    (1..=2)
        .map(|n| given_from + n)
        .take_while(|&end| end <= chars.len() && chars[given_from..end].iter().all(|&c| given(c)))
        .map(bytes)
        .collect()
}

/// Characters that end or make up the names of places and organisations, never a given name
/// in an opening (`person_openings`).
const NOT_GIVEN: &str = "局区县市镇乡村委办科所院站队司厂行部会社处室组业校馆店场园路街道";

/// Where the surname opening at `i` ends: a compound one ("欧阳", "诸葛") or one character of
/// `surnames`; `None` when no surname opens there.
fn surname_end(chars: &[char], i: usize, surnames: &[char]) -> Option<usize> {
    if i >= chars.len() {
        return None;
    }
    if let Some(end) = COMPOUND_SURNAMES
        .iter()
        .find_map(|s| super::word_at(chars, i, s))
    {
        return Some(end);
    }
    surnames.binary_search(&chars[i]).is_ok().then_some(i + 1)
}

/// Whether a character may be part of a given name: a Han character that is no function word.
fn may_name(c: char) -> bool {
    !c.is_ascii() && c.is_alphabetic() && !STOPS.contains(c) && !STOP_WORDS.contains(c)
}

/// Schools named by a number right after a city, district, county or town ("K市二中", "A7县
/// 十九幼", "C4市一职"), as (number, end) spans: the number and 中, 小, 幼 or 职, not followed
/// by what makes another word of it ("一中午", "一小时"; "二中学校" is 二中 and 学校).
fn numbered_schools(chars: &[char]) -> Vec<(usize, usize)> {
    let mut found = Vec::new();
    for (i, &c) in chars.iter().enumerate() {
        if !"中小幼职".contains(c) {
            continue;
        }
        let mut at = i;
        while at > 0 && i - at < 3 && super::numerals::is_numeral(chars[at - 1]) {
            at -= 1;
        }
        let after_area = at > 0 && "市县区镇乡".contains(chars[at - 1]);
        let school = chars.get(i + 1..i + 3) == Some(&['学', '校'][..]);
        let word_goes_on = chars
            .get(i + 1)
            .is_some_and(|&n| "间午心国文时型学生年期段部级等式组队".contains(n));
        if at < i && after_area && (school || !word_goes_on) {
            found.push((at, i + 1));
        }
    }
    found
}

/// Where the name of an organisation whose suffix runs from `suffix` to `end` begins; `None`
/// when it only points back at one named before ("该公司", "这家超市") or is no name at all
/// ("呼吁政府").
fn organisation_start(
    chars: &[char],
    suffix: usize,
    end: usize,
    blocked: &[(usize, usize)],
    floor: usize,
) -> Option<usize> {
    // As far left as punctuation, a function word, a time or `floor` allows.
    let mut start = suffix;
    while start > floor
        && suffix - start < WINDOW_CHARS
        && (!STOPS.contains(chars[start - 1]) || joins_name(chars, start - 1))
        && !blocked.iter().any(|&(s, e)| s < start && start <= e)
    {
        start -= 1;
    }
    // A name opens with a letter, a digit or a Han character ("-A市万厦园丁物业").
    while start < suffix && !chars[start].is_alphanumeric() {
        start += 1;
    }
    // A name in quotes is the name as quoted ("“健美达健身房”"): its words are not read,
    // unless a verb of two characters says it is a slogan ("“助力小区成立业委会”").
    let quoted = start > floor
        && start < suffix
        && chars.get(end).is_some_and(|&close| {
            ["“”", "「」", "『』", "\"\"", "《》"].iter().any(|pair| {
                let mut p = pair.chars();
                p.next() == Some(chars[start - 1]) && p.next() == Some(close)
            })
        });
    let slogan = || {
        let text: String = chars[start..suffix].iter().collect();
        crate::route::default_jieba()
            .tag(&text, false)
            .iter()
            .any(|w| w.tag.starts_with('v') && w.word.chars().nth(1).is_some())
    };
    if quoted && !slogan() {
        return Some(start);
    }
    let suffix_text: String = chars[suffix..end].iter().collect();
    let company = COMPANY_TAILS.iter().any(|t| suffix_text.ends_with(t));
    let mut start = words_start(chars, start, suffix, end, company);
    // Leading words, qualifiers and function words come off ("来电人要求医院", "非法搅拌站",
    // "向市人社局"), while two characters of name remain.
    loop {
        let after = LEADING_WORDS
            .iter()
            .find_map(|w| super::word_at(chars, start, w))
            .or_else(|| {
                (STOP_WORDS.contains(chars[start])
                    && !opens_with_he(chars, start)
                    && !opens_a_word(chars, start, end))
                .then_some(start + 1)
            })
            .filter(|&after| after <= suffix && (after == suffix || suffix - after >= 2));
        match after {
            Some(after) => start = after,
            None => break,
        }
    }
    // A qualifier inside: what follows it is the name ("独石村非法|洗沙厂"); so does what
    // follows a count ("独石村三家|洗沙厂", "两所|学校") or a house number ("2706房").
    let from = start;
    for at in from..suffix {
        let after_qualifier = QUALIFIERS
            .iter()
            .find_map(|w| super::word_at(chars, at, w))
            .filter(|&after| after <= suffix);
        let after_count = (at > from
            && (super::numerals::is_numeral(chars[at - 1]) || "几多".contains(chars[at - 1]))
            && "所家个间座处栋号室层房".contains(chars[at]))
        .then_some(at + 1);
        if let Some(after) = after_qualifier.or(after_count) {
            start = after;
        }
    }
    if start < suffix && "该这那此其本贵".contains(chars[start]) {
        return None;
    }
    if suffix_text.ends_with("政府")
        && !(start < suffix && "省市县区镇乡州旗".contains(chars[suffix - 1]))
    {
        return None;
    }
    // A name that ends in a qualifier is none ("小区无配套|小学", "大部分|学校").
    let name: String = chars[start..suffix].iter().collect();
    if GENERIC_NAMES.contains(&name.as_str()) || GENERIC_ENDINGS.iter().any(|g| name.ends_with(g)) {
        return Some(suffix);
    }
    Some(start)
}

/// Whether the character at `at` opens a longer noun of the name that runs to `end` ("向日葵
/// 幼儿园", "住房保障局"), where it is no preposition ("向市人社局") nor part of a verb or a
/// locative ("找到九鼎拍卖有限公司", "对面文具店").
fn opens_a_word(chars: &[char], at: usize, end: usize) -> bool {
    let text: String = chars[at..end].iter().collect();
    // Dictionary words only: the HMM joins unknown pairs ("向市").
    crate::route::default_jieba()
        .tag(&text, false)
        .first()
        .is_some_and(|w| w.word.chars().count() > 1 && w.tag.starts_with('n'))
}

/// Whether the conjunction at `at` (和, 与) is inside an official name ("发展与改革委员会").
fn joins_name(chars: &[char], at: usize) -> bool {
    JOINED_NAMES.iter().any(|n| {
        n.chars()
            .position(|c| c == chars[at])
            .is_some_and(|k| at >= k && super::word_at(chars, at - k, n).is_some())
    })
}

/// Whether 和 at `at` opens the text or a clause, as part of a name ("和悦社区"), rather than
/// joining two things ("小区和物业公司").
fn opens_with_he(chars: &[char], at: usize) -> bool {
    chars[at] == '和' && (at == 0 || STOPS.contains(chars[at - 1]))
}

/// Where a name between `start` and its suffix (at `suffix`, ending at `end`) begins by its
/// words: after the last one-character stop word, adverb, conjunction, pronoun, preposition,
/// particle, classifier, idiom, time word or locative ("不知道教育局", "几所学校", "对面文体
/// 公园", "群众反映酒店"), and after a dictionary verb ("增设银行", "划入丁家小学") unless it is
/// the name's line of work ("房地产开发公司") or the name is a company's, whose line of work
/// may be any verb ("某某停车管理有限公司"). 和 stays when it opens the text ("和悦社区") or
/// joins an official name ("人力资源和社会保障局"). A name longer than `MAX_NAME_CHARS` keeps
/// its last words.
fn words_start(chars: &[char], start: usize, suffix: usize, end: usize, company: bool) -> usize {
    if start == suffix {
        return start;
    }
    let text: String = chars[start..end].iter().collect();
    let jieba = crate::route::default_jieba();
    let mut pos = start;
    let mut cut = start;
    let mut boundaries = Vec::new();
    for word in jieba.tag(&text, true) {
        let len = word.word.chars().count();
        if pos + len > suffix {
            break;
        }
        let at = pos;
        pos += len;
        boundaries.push(pos);
        let first = word.word.chars().next().unwrap_or(' ');
        let joined = len == 1 && joins_name(chars, at);
        let opens = at == start && opens_with_he(chars, at);
        let stop_word = len == 1 && STOP_WORDS.contains(first) && !joined && !opens;
        let tag = word.tag;
        // "A7" opens "A7县政府"; "某某" stands for a name withheld ("某某物业公司").
        let kept = tag == "eng" || joined || opens || first == '某';
        // Classifiers, idioms, time words, locatives; set phrases only when they end in a
        // leading word ("强烈要求", not "自来水").
        let other_stop = matches!(tag.as_bytes().first(), Some(b'q' | b'i'))
            || tag == "t"
            || (tag == "f" && (len >= 2 || "上下里内外前后中".contains(first)))
            || (tag == "l" && LEADING_WORDS.iter().any(|w| word.word.ends_with(w)));
        let tagged_stop = (super::stops_name(tag) && !kept) || other_stop;
        let verb = !company
            && matches!(tag, "v" | "vd")
            && jieba.has_word(word.word)
            && !NAME_VERBS.contains(&word.word);
        if stop_word || tagged_stop || verb {
            cut = pos;
        }
    }
    if suffix - cut > MAX_NAME_CHARS {
        cut = boundaries
            .into_iter()
            .find(|&b| suffix - b <= MAX_NAME_CHARS)
            .unwrap_or(suffix);
    }
    cut
}

#[cfg(test)]
mod tests;
