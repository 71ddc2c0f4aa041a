//! How long a matter has gone on: "路灯坏了三天了", "噪音已经两个多月了", "持续半年", "近两周",
//! "一个半月了". Callers say when a matter began this way more often than by a date; each such
//! amount is a span from that long ago to now.
//!
//! A vague amount is read as its least: 几, 好几, 好多, 很多 and 数 as three ("好几个月了", "数年
//! 来"), 十几 and 十来 as ten (the 来 and 几 after a round number are skipped like 多), 几十 as
//! twenty, 多 alone as two ("多年来", "停水多日"); nights with the days ("一天一夜", "几天几夜").
//!
//! An amount counts when 了 (之久, 以来) follows it, or when a word before it says it runs to
//! now (已经, 持续, 长达, 整整, 将近, 近, 最近; 这 with two or more). Not a countdown ("还有三天
//! 了", "再过两天"), an ordinal ("第三天了"), a rate ("每三天"), a part ("前三天"), a limit
//! ("三天内") or a time ahead or ago ("三天后", "三天前", read elsewhere).
use chrono::{DateTime, Duration, FixedOffset, Months, NaiveTime};

use super::{TimeMention, TimeValue};
use crate::elements::numerals::{digit, is_arabic, is_numeral, numeral_at};
use crate::elements::{word_at, word_before};

/// Words before an amount that make it run to now without a 了 after it, each with whether it is
/// kept in the mention's text (it says how the amount is meant: 近两周 is the last two weeks). A
/// longer word before the shorter it ends with (将近 before 近).
const RUNS_TO_NOW: &[(&str, bool)] = &[
    ("最近", true),
    ("将近", false),
    ("接近", false),
    ("近", true),
    ("已经有", false),
    ("已经", false),
    ("已有", false),
    ("已", false),
    ("持续了", false),
    ("持续", false),
    ("长达", false),
    ("整整", false),
    ("足足", false),
];

/// Words right before an amount that make it anything but a span to now.
const NOT_SINCE: &[&str] = &[
    "才",
    "还有",
    "还剩",
    "没有",
    "没",
    "只有",
    "短短",
    "短短的",
    "只剩",
    "剩下",
    "剩",
    "再过",
    "再",
    "过",
    "第",
    "每",
    "隔",
    "前",
    "后",
    "头",
    "倒计时",
    "提前",
    "延长",
    "延期",
    "推迟",
    "晚了",
    "早了",
    "差",
];

/// Largest amounts read, by unit: about a century, as elsewhere in this module.
const MAX_YEARS: u32 = 100;

/// What an amount counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Unit {
    Minutes,
    Hours,
    Days,
    Weeks,
    Months,
    Years,
}

/// The units after an amount (个 already read): longest first.
const UNITS: &[(&str, Unit)] = &[
    ("分钟", Unit::Minutes),
    ("小时", Unit::Hours),
    ("钟头", Unit::Hours),
    ("星期", Unit::Weeks),
    ("礼拜", Unit::Weeks),
    ("周", Unit::Weeks),
    ("月", Unit::Months),
    ("年", Unit::Years),
    ("天", Unit::Days),
];

/// Every amount in `chars` that says how long something has gone on, as a span to `now`.
pub(super) fn durations(chars: &[char], now: DateTime<FixedOffset>) -> Vec<TimeMention> {
    let mut found = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        match duration_at(chars, i, now) {
            Some(m) => {
                i = m.end;
                found.push(m);
            }
            None => i += 1,
        }
    }
    found
}

/// The amount starting at `chars[i]` (its number or 半), if it says how long something has
/// gone on.
fn duration_at(chars: &[char], i: usize, now: DateTime<FixedOffset>) -> Option<TimeMention> {
    let (count, mut at) = amount(chars, i)?;
    let ends = |w: &str| word_before(chars, i, w);
    if NOT_SINCE.iter().any(|w| ends(w)) || lived(chars, i) {
        return None;
    }
    let vague = "几好很许数多".contains(chars[i]);
    // 多, 来 or 几 after a round number ("十多天", "十来天", "二十几年"), 个 before most units
    // ("两个多月", "一个半月"). More than the amount still began at least that long ago: the
    // span starts there.
    let mut half = count.is_none();
    let round = count.is_some_and(|n| n % 10 == 0) && !vague;
    if chars.get(at) == Some(&'多') || (round && matches!(chars.get(at), Some('来' | '几'))) {
        at += 1;
    }
    let counted = chars.get(at) == Some(&'个');
    if counted {
        at += 1;
        if chars.get(at) == Some(&'多') {
            at += 1;
        } else if chars.get(at) == Some(&'半') && count.is_some() {
            half = true;
            at += 1;
        }
    }
    // 日 is a day only after 多 or 数 ("多日", "数日"): "三日" is the third of a month, "几日"
    // asks which day.
    let days_said = "多数".contains(chars[at - 1]) && chars.get(at) == Some(&'日');
    let (after_unit, unit) = UNITS
        .iter()
        .find_map(|&(w, u)| word_at(chars, at, w).map(|end| (end, u)))
        .or_else(|| days_said.then_some((at + 1, Unit::Days)))?;
    // 个 goes with months, weeks and hours, never with days or years; a month needs it
    // ("两月" is February); 半天 is "a long while" (等了半天).
    match unit {
        // 数月 and 多月 are months; 几月 asks which month.
        Unit::Months if !counted && !"数多".contains(chars[i]) => return None,
        Unit::Days | Unit::Years if counted => return None,
        Unit::Days | Unit::Weeks | Unit::Minutes if count.is_none() => return None,
        _ => {}
    }
    let mut end = after_unit;
    // "一年半", "三天多": the half or the more after the unit.
    if matches!(unit, Unit::Years) && chars.get(end) == Some(&'半') && count.is_some() && !half {
        half = true;
        end += 1;
    } else if chars.get(end) == Some(&'多') {
        end += 1;
    }
    // Nights with the days: "一天一夜", "三天三夜", "几天几夜".
    if unit == Unit::Days
        && chars.get(end).is_some_and(|&c| is_numeral(c) || c == '几')
        && matches!(chars.get(end + 1), Some('夜' | '宿'))
    {
        end += 2;
    }
    // A time ago or ahead, a limit, "一天天"; a school year, an age, an anniversary, a part of
    // a month or a year ("三年级", "两周岁", "三周年", "两个月底").
    let limit = ["以前", "之前", "以后", "之后", "以内", "之内", "左右"]
        .iter()
        .any(|w| word_at(chars, end, w).is_some());
    // 天 after a unit starts 天天 ("近一个月天天停水"); after 天 it is "一天天".
    let next = chars.get(end).copied();
    if limit
        || next.is_some_and(|c| "前后内级岁龄年底初末期度代".contains(c))
        || (next == Some('天') && unit == Unit::Days)
    {
        return None;
    }
    // 了 ends the amount, not a word it starts ("三年了解到"); 来 only where the clause goes on
    // with how it has been ("三天来一直停水"), not a rate or a promise ("一周来一次", "说好三天
    // 来修").
    let goes_on = |at: usize| {
        chars.get(at).is_none_or(|&c| "，,。！？；、".contains(c))
            || ["一直", "都", "始终", "没", "未", "还", "仍"]
                .iter()
                .any(|w| word_at(chars, at, w).is_some())
    };
    let tail = ["了", "之久", "以来", "来"]
        .iter()
        .find_map(|w| word_at(chars, end, w).map(|e| (e, *w)))
        .filter(|&(e, w)| w != "了" || word_at(chars, e - 1, "了解").is_none())
        .filter(|&(e, w)| w != "来" || goes_on(e));
    let runs = RUNS_TO_NOW.iter().find(|(w, _)| ends(w));
    // 这 with two or more: "这两年一直漏水"; "这一天" is a day.
    // 这两天 and 这几天 are "these days", loosely (read as vague elsewhere).
    let these = ends("这")
        && count.is_some_and(|n| n >= 2)
        && !(unit == Unit::Days && (count == Some(2) || vague));
    if tail.is_none() && runs.is_none() && !these {
        return None;
    }
    let start = match runs {
        Some((w, true)) => i - w.chars().count(),
        _ if these => i - 1,
        _ => i,
    };
    let from = since(now, count.unwrap_or(0), half, unit)?;
    Some(TimeMention {
        text: chars[start..end].iter().collect(),
        start,
        end,
        value: TimeValue::Range { from, to: now },
    })
}

/// Whether the amount at `at` is how long someone has lived, worked or paid somewhere
/// ("住了十年了", "社保交了三年了"): a fact about them, not when the matter began.
fn lived(chars: &[char], at: usize) -> bool {
    // The start of the word of `words` that ends at `end`, else `end`.
    let past = |end: usize, words: &[&str]| {
        words
            .iter()
            .find(|w| word_before(chars, end, w))
            .map_or(end, |w| end - w.chars().count())
    };
    // "工作了近11年", "工作快三年了": past how near the amount is, then 了.
    let near = [
        "将近", "接近", "快", "近", "大约", "约", "已有", "已经", "已",
    ];
    let end = past(past(at, &near), &["了"]);
    [
        "住", "干", "交", "缴", "读", "用", "做", "开", "活", "当", "养", "工作", "上班", "上学",
        "就读", "结婚", "退休", "参保", "入住", "怀孕",
    ]
    .iter()
    .any(|w| word_before(chars, end, w))
}

/// The number at `chars[i]`, or None for 半 ("半个月", "半年"), and where it ends. Two
/// neighbouring digits said together ("两三天") count as the larger; a vague amount as its
/// least (see the module's notes).
fn amount(chars: &[char], i: usize) -> Option<(Option<u32>, usize)> {
    if chars[i] == '半' {
        return Some((None, i + 1));
    }
    // Inside a number or a vague amount, read from where it starts: the 十 of 几十, the 多 of
    // 个多, 好多 or 很多, the 几 of 好几 (so the words before it are checked where they stand:
    // "住了好几年了").
    let before = i.checked_sub(1).map(|b| chars[b]);
    if before.is_some_and(|c| is_numeral(c) || c == '.')
        || (before == Some('几') && chars[i] == '十')
        || (before.is_some_and(|c| "个好很许".contains(c)) && chars[i] == '多')
        || (before == Some('好') && chars[i] == '几')
    {
        return None;
    }
    // 好几, 好多, 很多, 许多 and 几 are a few, 数 several ("数年", not 数字), 几十 some tens; 多
    // alone is more than one ("多年来"), never after a number ("十多天" is read from the 十).
    let few = match (chars[i], chars.get(i + 1)) {
        ('好', Some('几' | '多')) | ('很' | '许', Some('多')) => Some(i + 2),
        ('几' | '数', _) => Some(i + 1),
        _ => None,
    };
    if let Some(at) = few {
        return Some(if chars.get(at) == Some(&'十') {
            (Some(20), at + 1)
        } else {
            (Some(3), at)
        });
    }
    if chars[i] == '多' {
        return Some((Some(2), i + 1));
    }
    let (n, len) = numeral_at(chars, i)?;
    let run = &chars[i..i + len];
    // Two Chinese digits with no 十 or 百 between: a pair said together ("两三天", "三五天"),
    // the larger, or no number.
    let n = match run {
        [a, b] if !is_arabic(*a) && !is_arabic(*b) => match (digit(*a), digit(*b)) {
            (Some(x), Some(y)) if y > x && x > 0 => y,
            (Some(_), Some(_)) => return None,
            _ => n,
        },
        _ => n,
    };
    if n == 0 || chars.get(i + len) == Some(&'.') {
        return None;
    }
    Some((Some(n), i + len))
}

/// `now` less `count` units (and a half of one): to the minute for hours and minutes, to the
/// start of the day for longer ones.
fn since(
    now: DateTime<FixedOffset>,
    count: u32,
    half: bool,
    unit: Unit,
) -> Option<DateTime<FixedOffset>> {
    let n = i64::from(count);
    let midnight = |t: DateTime<FixedOffset>| t.with_time(NaiveTime::MIN).single();
    match unit {
        Unit::Minutes if count <= 100_000 => Some(now - Duration::minutes(n)),
        Unit::Hours if count <= 10_000 => {
            Some(now - Duration::hours(n) - Duration::minutes(if half { 30 } else { 0 }))
        }
        Unit::Days if count <= MAX_YEARS * 366 => midnight(now - Duration::days(n)),
        Unit::Weeks if count <= MAX_YEARS * 53 => midnight(now - Duration::weeks(n)),
        Unit::Months if count <= MAX_YEARS * 12 => {
            let back = now.checked_sub_months(Months::new(count))?;
            midnight(if half {
                back - Duration::days(15)
            } else {
                back
            })
        }
        Unit::Years if count <= MAX_YEARS => {
            let months = count * 12 + if half { 6 } else { 0 };
            midnight(now.checked_sub_months(Months::new(months))?)
        }
        _ => None,
    }
}
