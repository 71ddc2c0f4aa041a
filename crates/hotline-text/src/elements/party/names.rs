//! Reading a person's name with jieba: where a word starts, whether a surname and what follows
//! are a full name (`is_full_name`, `read_name`, `is_person_word`, `person_word_at`), where a
//! name given after 叫 ends (`given_name_end`), names in a list (`listed`) and a job or a
//! relation right before a name (`role_ends_at`).
use super::words::{CLAUSE_MARKS, NAME_AFTER, STOPS, STOP_WORDS};
use super::{may_name, NOT_NAMES};
use crate::elements::{numerals, word_at, word_before};

/// Words that join the names of a list ("张三、李四", "王五和赵六").
pub(super) const LIST_JOINERS: &[&str] = &["、", "和", "与", "跟", "及"];

/// Words that count the persons just named ("张三、李四两人").
const COUNTED_PERSONS: &[&str] = &[
    "两人", "俩人", "二人", "三人", "几人", "等人", "夫妇", "夫妻", "父子", "母子", "兄弟", "姐妹",
    "一家",
];

/// Whether the name ending at `end` is one of several: a word counting them follows, or a
/// joiner and another full name ("张三、李四两人在小区养鸽子").
pub(super) fn listed(
    chars: &[char],
    end: usize,
    surname_end: impl Fn(usize) -> Option<usize>,
    plain: impl Fn(usize, usize) -> bool,
) -> bool {
    if COUNTED_PERSONS
        .iter()
        .any(|w| word_at(chars, end, w).is_some())
    {
        return true;
    }
    let Some(next) = LIST_JOINERS.iter().find_map(|j| word_at(chars, end, j)) else {
        return false;
    };
    surname_end(next).is_some_and(|after| {
        chars[next] != '某' && read_name(chars, next, after).is_some_and(|e| plain(next, e))
    })
}

/// Characters that end the names of places and groups rather than persons' ("张家湾", "苏吕等",
/// "龙宇系一家人"), besides `NOT_GIVEN`.
pub(super) const NOT_LISTED: &str = "湾府等系";

/// Whether a job or a relation of two characters or more ends at `i` ("父亲|王某某"): a name
/// may start there whatever jieba makes of the characters around.
pub(super) fn role_ends_at(chars: &[char], i: usize) -> bool {
    NAME_AFTER
        .iter()
        .any(|w| w.chars().count() >= 2 && word_before(chars, i, w))
}

/// Whether a word may begin at `i`: jieba, reading from a little before, does not join the
/// character to those before it ("班主任|王老师", not "班主|任王老师"; "任何老师" has no 何老师),
/// or joins it only as a familiar form of the surname ("老李师傅", "小张老师").
pub(super) fn word_starts_at(chars: &[char], i: usize) -> bool {
    let from = i.saturating_sub(3);
    if from == i {
        return true;
    }
    let window: String = chars[from..(i + 3).min(chars.len())].iter().collect();
    crate::route::default_jieba()
        .cut(&window, true)
        .iter()
        .any(|w| {
            let (start, end) = (from + w.start, from + w.end);
            start == i || (start + 1 == i && end == i + 1 && "老小".contains(chars[start]))
        })
}

/// Whether `first..end`, a surname ending at `after_surname` and one or two characters more, is
/// a person's full name before a title ("赵丽颖女士", "王小二师傅", "欧阳娜娜女士") rather than a
/// word that opens with a surname's character ("高中老师", "周边阿姨", "任课老师"): jieba reads
/// it as a person's name, or reads the surname as a word of its own and the rest holds no
/// numeral ("王三个师傅").
pub(super) fn is_full_name(
    chars: &[char],
    first: usize,
    after_surname: usize,
    end: usize,
    blocked: &[(usize, usize)],
) -> bool {
    if end > chars.len()
        || !chars[after_surname..end].iter().all(|&c| may_name(c))
        || blocked.iter().any(|&(s, e)| s < end && first < e)
    {
        return false;
    }
    let name: String = chars[first..end].iter().collect();
    let words = crate::route::default_jieba().tag(&name, true);
    let numeral = chars[after_surname..end]
        .iter()
        .any(|&c| numerals::is_numeral(c));
    match words.as_slice() {
        [only] => only.tag.starts_with("nr"),
        [opening, ..] => !numeral && opening.word.chars().count() == after_surname - first,
        [] => false,
    }
}

/// Where a full name opening at `first` ends, read by jieba alone (no title or label to lean
/// on): the surname and two characters when jieba tags them as one person's name, or the surname
/// and one when it does so, then one more when jieba reads that as a word of its own that may be
/// part of a name (a name, an adjective, an unknown character: "蒋辉红|都", not "张强|打了我",
/// "李明|不退", "王强|车"). `None` when jieba
/// reads no name there: a surname before an everyday word ("律师费|成本") is none.
pub(super) fn read_name(chars: &[char], first: usize, after_surname: usize) -> Option<usize> {
    // A word must start right after the name: jieba's HMM reads "张伟反" as one name in
    // "张伟反映", but in context the word there is 反映.
    let ends_word = |end: usize| {
        end == chars.len() || CLAUSE_MARKS.contains(chars[end]) || word_starts_at(chars, end)
    };
    let fits = |end: usize| {
        end <= chars.len()
            && chars[after_surname..end].iter().all(|&c| may_name(c))
            && is_person_word(&chars[first..end])
    };
    if after_surname - first > 1 {
        // A compound surname is a word of its own ("欧阳|娜娜"): the given name must be read as
        // a name.
        return [2, 1].into_iter().map(|n| after_surname + n).find(|&end| {
            end <= chars.len()
                && ends_word(end)
                && matches!(
                    crate::route::default_jieba()
                        .tag(&chars[after_surname..end].iter().collect::<String>(), true)
                        .as_slice(),
                    [given] if given.tag.starts_with("nr")
                )
        });
    }
    if fits(after_surname + 2) && ends_word(after_surname + 2) {
        return Some(after_surname + 2);
    }
    let end = after_surname + 1;
    if !fits(end) {
        return None;
    }
    let window: String = chars[end..(end + 4).min(chars.len())].iter().collect();
    let words = crate::route::default_jieba().tag(&window, true);
    let joins = words.first().is_some_and(|w| {
        let c = w.word.chars().next().unwrap_or(' ');
        w.word.chars().count() == 1
            && may_name(c)
            && !numerals::is_numeral(c)
            && (w.tag.starts_with("nr") || matches!(w.tag, "x" | "a" | "ng"))
    });
    Some(if joins { end + 1 } else { end })
}

/// Whether jieba, reading the few characters around, takes the word starting at `i` for a
/// person's name.
pub(super) fn person_word_at(chars: &[char], i: usize) -> bool {
    let from = i.saturating_sub(3);
    let window: String = chars[from..(i + 4).min(chars.len())].iter().collect();
    crate::route::default_jieba()
        .tag(&window, true)
        .iter()
        .scan(from, |at, w| {
            let start = *at;
            *at += w.word.chars().count();
            Some((start, w.tag))
        })
        .any(|(start, tag)| start == i && matches!(tag, "nr" | "nrfg"))
}

/// Whether jieba reads `name` as one word, a person's name, and it is none of the everyday
/// words its dictionary tags so (陈述, 谢谢).
pub(super) fn is_person_word(name: &[char]) -> bool {
    let name: String = name.iter().collect();
    if NOT_NAMES.iter().any(|w| name.starts_with(w)) {
        return false;
    }
    // nrfg: names jieba's dictionary holds as well known (李强, 李建强); nrt, transliterated
    // foreign names, are no caller's neighbours.
    matches!(
        crate::route::default_jieba().tag(&name, true).as_slice(),
        [only] if matches!(only.tag, "nr" | "nrfg")
    )
}

/// Where a name given after 叫 or a caller's label ends: up to two characters after the
/// surname, no function word and no counting numeral among them; a word that runs on past them
/// ends the name before it ("张强|反映").
pub(super) fn given_name_end(chars: &[char], first: usize, after_surname: usize) -> usize {
    let limit = (after_surname + 2).min(chars.len());
    let end = (after_surname..limit)
        .take_while(|&j| {
            // "张三" and "李四" are names; "王5", "刘三年" and "王二十岁" are not: a numeral
            // counts only when the run of numerals it is in ends before anything but a unit.
            let numeral = numerals::is_numeral(chars[j])
                && (numerals::is_arabic(chars[j]) || {
                    let run_end = (j..chars.len())
                        .find(|&k| !numerals::is_numeral(chars[k]))
                        .unwrap_or(chars.len());
                    chars
                        .get(run_end)
                        .is_some_and(|&c| "年月日号点个次岁天周".contains(c))
                });
            !STOPS.contains(chars[j]) && !STOP_WORDS.contains(chars[j]) && !numeral
        })
        .last()
        .map_or(after_surname, |j| j + 1);
    if end <= after_surname {
        return end;
    }
    // jieba over the name and two characters after it: a word that starts inside the name and
    // ends past it cuts the name where that word starts.
    let window_end = (end + 2).min(chars.len());
    let window: String = chars[first..window_end].iter().collect();
    crate::route::default_jieba()
        .cut(&window, true)
        .iter()
        .map(|w| (first + w.start, first + w.end))
        .find(|&(s, e)| s > after_surname && s < end && e > end)
        .map_or(end, |(s, _)| s)
}
