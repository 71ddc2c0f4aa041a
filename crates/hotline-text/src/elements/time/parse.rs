//! Reading the parts of one time expression, left to right.
use super::clock::{clock, clock_colon, one_character_period};
use super::holidays::{holiday_at, lunar_day_at};
use super::words::{DAYS, PERIODS, RECURRING, VAGUE};
use super::{Parts, Portion, WeekPart};
use crate::elements::numerals::{digit, is_arabic, is_numeral, numeral_at};
use crate::elements::{first_word, word_at};

/// Reads one expression at `start`: its end and parts. `after_month` says it follows a joiner
/// after an expression with a month ("3月1号到5号"), where a bare "5号" is a date;
/// `after_clock`, a span joiner after a clock time ("晚上八点到十点"), where a bare "十点" is
/// the span's end, not a count.
pub(super) fn parse(
    chars: &[char],
    start: usize,
    after_month: bool,
    after_clock: bool,
) -> Option<(usize, Parts)> {
    let mut parts = Parts {
        after_month,
        after_clock,
        ..Parts::default()
    };
    // 现在 stands alone: what follows starts an expression of its own.
    if let Some(end) = now_at(chars, start) {
        parts.now = true;
        return Some((end, parts));
    }
    let mut pos = start;
    let mut best: Option<(usize, Parts)> = None;
    loop {
        // One space may separate parts ("3月10日 9:35").
        let spaced = pos > start && chars.get(pos).is_some_and(|c| c.is_whitespace());
        let Some(next) = part(chars, pos + usize::from(spaced), &mut parts) else {
            break;
        };
        pos = next;
        if parts.complete() {
            best = Some((pos, parts.clone()));
        }
    }
    // Parts after the last complete point are dropped ("每到" with nothing after it).
    best.filter(|(end, _)| *end > start)
}

/// The words that say the call's own moment: "现在楼下着火了". They stand alone: what follows
/// starts an expression of its own.
pub(super) const NOW_WORDS: &[&str] = &["此时此刻", "现在", "此刻"];

/// "现在" at `pos` as a word: not the end of 表现, 出现, 兑现 … ("表现在以下方面"), nor 此刻 in
/// 如此刻薄 or 因此刻意.
fn now_at(chars: &[char], pos: usize) -> Option<usize> {
    let end = NOW_WORDS.iter().find_map(|w| word_at(chars, pos, w))?;
    let ends_a_word = pos
        .checked_sub(1)
        .and_then(|p| chars.get(p))
        .is_some_and(|&c| {
            (chars[pos] == '现' && "表体出发实呈显展兑涌浮闪再重".contains(c))
                || (chars[pos] == '此' && "如因彼".contains(c))
        });
    (!ends_a_word).then_some(end)
}

/// Online shopping days as people name them, with their month (and day: the same number).
const SHOPPING_DAYS: &[(&str, u32)] = &[("双十一", 11), ("双11", 11), ("双十二", 12), ("双12", 12)];

/// Reads one part at `pos` into `parts`; the position after it, or None.
fn part(chars: &[char], pos: usize, parts: &mut Parts) -> Option<usize> {
    if pos >= chars.len() {
        return None;
    }
    if parts.holiday.is_some() || parts.lunar.is_some() {
        return time_on_holiday(chars, pos, parts);
    }
    // A holiday, alone or after its year ("去年国庆期间", "2019年春节").
    let at_most_a_year = parts.month.is_none()
        && parts.rel_month.is_none()
        && parts.day.is_none()
        && parts.rel_day.is_none()
        && parts.week.is_none()
        && !parts.counted_back();
    // The shopping days are dates, not 十一 (National Day): 双十一 is November 11th.
    if at_most_a_year {
        if let Some((end, month)) = SHOPPING_DAYS
            .iter()
            .find_map(|&(w, m)| word_at(chars, pos, w).map(|e| (e, m)))
        {
            parts.month = Some(month);
            parts.day = Some(month);
            return Some(end);
        }
    }
    if at_most_a_year {
        let after_year = parts.year.is_some() || parts.rel_year.is_some();
        if let Some((end, month, day)) = lunar_day_at(chars, pos) {
            parts.lunar = Some((month, day));
            return Some(end);
        }
        if let Some(words) = holiday_at(chars, pos, after_year) {
            parts.holiday = Some(words.holiday);
            parts.holiday_named = words.named;
            if words.evening {
                parts.period = Some(super::Period::Evening);
            }
            return Some(words.end);
        }
    }
    if let Some((end, (days, period))) = DAYS
        .iter()
        .find_map(|&(w, d, p)| word_at(chars, pos, w).map(|e| (e, (d, p))))
    {
        if parts.has_date() || (period.is_some() && parts.period.is_some()) {
            return None;
        }
        parts.rel_day = Some(days);
        parts.period = period.or(parts.period);
        return Some(end);
    }
    if let Some((end, (alone, period))) = RECURRING
        .iter()
        .find_map(|&(w, a, p)| word_at(chars, pos, w).map(|e| (e, (a, p))))
    {
        // One adverb an expression: a run of them ("常常常常…") never completes, so it would be
        // re-read from every position, quadratic in its length.
        if parts.adverb && !alone {
            return None;
        }
        parts.recurring |= alone;
        parts.adverb |= !alone;
        if period.is_some() {
            parts.period = period;
        }
        return Some(end);
    }
    if let Some(end) = portion(chars, pos, parts) {
        return Some(end);
    }
    if let Some(end) = VAGUE.iter().find_map(|w| word_at(chars, pos, w)) {
        parts.vague = true;
        return Some(end);
    }
    if !parts.has_date() {
        let halves = [("半个月", Ago::Days(15)), ("半年", Ago::Months(6))];
        if let Some((end, ago)) = first_word(chars, pos, &halves) {
            if let Some(end) = ago_word(chars, end) {
                ago.set(parts);
                return Some(end);
            }
        }
    }
    if let Some(end) = ["刚才", "刚刚"].iter().find_map(|w| word_at(chars, pos, w)) {
        parts.just_now = true;
        return Some(end);
    }
    if parts.minutes_ago.is_none() && parts.hour.is_none() {
        let halves = ["半个小时", "半小时", "半个钟头", "半个钟"];
        if let Some(end) = halves.iter().find_map(|w| word_at(chars, pos, w)) {
            if let Some(end) = ago_word(chars, end) {
                parts.minutes_ago = Some(30);
                return Some(end);
            }
        }
    }
    if parts.period.is_none() {
        if let Some((end, period)) = first_word(chars, pos, PERIODS) {
            parts.period = Some(period);
            return Some(end);
        }
        if let Some(end) = one_character_period(chars, pos, parts) {
            return Some(end);
        }
    }
    if parts.week.is_none() && !parts.has_date() {
        if let Some(end) = week(chars, pos, parts) {
            return Some(end);
        }
    }
    let relative_year = [("今年", 0), ("去年", -1), ("前年", -2), ("明年", 1)];
    if parts.year.is_none() && parts.rel_year.is_none() && !parts.has_month() {
        if let Some((end, r)) = first_word(chars, pos, &relative_year) {
            parts.rel_year = Some(r);
            return Some(end);
        }
    }
    let relative_month = [
        ("上上个月", -2),
        ("上上月", -2),
        ("下下个月", 2),
        ("下下月", 2),
        ("上个月", -1),
        ("上月", -1),
        ("这个月", 0),
        ("本月", 0),
        ("下个月", 1),
        ("下月", 1),
    ];
    if !parts.has_month() && parts.day.is_none() && !doubled_in_a_word(chars, pos) {
        if let Some((end, r)) = first_word(chars, pos, &relative_month) {
            parts.rel_month = Some(r);
            return Some(end);
        }
    }
    if let Some(end) = clock_colon(chars, pos, parts) {
        return Some(end);
    }
    numbered(chars, pos, parts)
}

/// Parts of a month, as days (the last day 31 stands for the month's end).
const MONTH_PORTIONS: &[(&str, (u32, u32))] = &[
    ("上旬", (1, 10)),
    ("中旬", (11, 20)),
    ("下旬", (21, 31)),
    ("初", (1, 10)),
    ("底", (21, 31)),
    ("末", (21, 31)),
];

/// Halves of a year, as months: said alone, the current year's.
const YEAR_HALVES: &[(&str, (u32, u32))] = &[("上半年", (1, 6)), ("下半年", (7, 12))];

/// Parts of a year after it, besides its halves, as months; a winter runs from the year's
/// December through February (months 13 and 14: the next year's).
const YEAR_PORTIONS: &[(&str, (u32, u32))] = &[
    ("年初", (1, 2)),
    ("年底", (11, 12)),
    ("年末", (11, 12)),
    ("初", (1, 2)),
    ("底", (11, 12)),
    ("末", (11, 12)),
    ("春天", (3, 5)),
    ("春季", (3, 5)),
    ("夏天", (6, 8)),
    ("夏季", (6, 8)),
    ("秋天", (9, 11)),
    ("秋季", (9, 11)),
    ("冬天", (12, 14)),
    ("冬季", (12, 14)),
];

/// A part of a month or a year: after its month or year ("11月初", "上个月中旬", "去年年底",
/// "2025年底"), or a half alone for the current year's ("上半年").
fn portion(chars: &[char], pos: usize, parts: &mut Parts) -> Option<usize> {
    if parts.portion.is_some()
        || parts.day.is_some()
        || parts.week.is_some()
        || parts.counted_back()
    {
        return None;
    }
    let has_year = parts.year.is_some() || parts.rel_year.is_some();
    // Not a word that runs on: 初一 (a lunar day), 初三 and 初中 (school), 末班车, 底薪, 初步.
    let runs_on = |end: usize| {
        chars
            .get(end)
            .is_some_and(|&c| is_numeral(c) || "班中步次级薪期稿".contains(c))
    };
    if parts.has_month() {
        let (end, days) = first_word(chars, pos, MONTH_PORTIONS).filter(|&(e, _)| !runs_on(e))?;
        parts.portion = Some(Portion::Days(days.0, days.1));
        return Some(end);
    }
    if has_year {
        let (end, months) = first_word(chars, pos, YEAR_HALVES)
            .or_else(|| first_word(chars, pos, YEAR_PORTIONS))
            .filter(|&(e, _)| !runs_on(e))?;
        parts.portion = Some(Portion::Months(months.0, months.1));
        return Some(end);
    }
    if parts.has_date() {
        return None;
    }
    // Alone (月初 and 年底 never open an expression: 月 and 年 start too many other words).
    let (end, months) = first_word(chars, pos, YEAR_HALVES)?;
    parts.rel_year = Some(0);
    parts.portion = Some(Portion::Months(months.0, months.1));
    Some(end)
}

/// After a holiday or a lunar date only a time of day is read: "元旦那天下午", "国庆当天晚上八点",
/// "腊月二十八晚上".
fn time_on_holiday(chars: &[char], pos: usize, parts: &mut Parts) -> Option<usize> {
    if parts.period.is_none() && parts.hour.is_none() {
        if let Some((end, period)) = first_word(chars, pos, PERIODS) {
            parts.period = Some(period);
            return Some(end);
        }
        if let Some(end) = one_character_period(chars, pos, parts) {
            return Some(end);
        }
    }
    if let Some(end) = clock_colon(chars, pos, parts) {
        return Some(end);
    }
    let (n, len) = numeral_at(chars, pos)?;
    let clocked = matches!(chars.get(pos + len), Some('点' | '时'));
    if !clocked || n > 24 || parts.hour.is_some() {
        return None;
    }
    clock(chars, pos, n, len, is_arabic(chars[pos]), parts)
}

/// Whether a doubled 上上 or 下下 at `pos` has its first character ending a word before it:
/// 楼下下周 is 楼下 and 下周, 查一下下个月 is 一下 and 下个月, not two weeks or months on.
fn doubled_in_a_word(chars: &[char], pos: usize) -> bool {
    let doubled =
        matches!(chars.get(pos), Some('上' | '下')) && chars.get(pos + 1) == chars.get(pos);
    doubled
        && pos
            .checked_sub(1)
            .is_some_and(|i| "楼一底乡以线地私天手眼往向马身桌床山树门台坡网".contains(chars[i]))
}

/// "上周三", "星期天", "这周", "上个礼拜", "周末", "每周五".
fn week(chars: &[char], pos: usize, parts: &mut Parts) -> Option<usize> {
    let prefixes = [
        ("上上个", -2),
        ("上上", -2),
        ("上个", -1),
        ("上", -1),
        ("这个", 0),
        ("这", 0),
        ("本", 0),
        ("下下个", 2),
        ("下下", 2),
        ("下个", 1),
        ("下", 1),
    ];
    if doubled_in_a_word(chars, pos) {
        return None;
    }
    let every_at = word_at(chars, pos, "每个").or_else(|| word_at(chars, pos, "每"));
    let (mut p, offset, prefixed, every) = if let Some(e) = every_at {
        (e, 0, false, true)
    } else if let Some((e, o)) = first_word(chars, pos, &prefixes) {
        (e, o, true, false)
    } else {
        (pos, 0, false, false)
    };
    p = ["星期", "礼拜", "周"]
        .iter()
        .find_map(|w| word_at(chars, p, w))?;
    // "一周三次" is three times a week, not Wednesday.
    let previous = pos.checked_sub(1).and_then(|i| chars.get(i));
    if !prefixed && !every && previous.is_some_and(|&c| is_numeral(c) || c == '几') {
        return None;
    }
    // "上周一直没有热水" is last week, not last Monday: 一直, 一共, 一定… are words of their own
    // (but "周一直到周五" is Monday to Friday).
    let one_in_a_word = chars.get(p) == Some(&'一')
        && chars
            .get(p + 1)
            .is_some_and(|c| "直共定般样切律些向".contains(*c))
        && !(chars.get(p + 1) == Some(&'直') && chars.get(p + 2) == Some(&'到'));
    let weekday = match chars.get(p) {
        _ if one_in_a_word => None,
        Some(&c @ ('一' | '二' | '三' | '四' | '五' | '六')) => {
            digit(c).map(|d| d as i64 - 1)
        }
        Some('日' | '天') => Some(6),
        Some(&c @ '1'..='7') => c.to_digit(10).map(|d| d as i64 - 1),
        _ => None,
    };
    let (end, week_part) = match weekday {
        Some(d) => (p + 1, WeekPart::Day(d)),
        None if chars.get(p) == Some(&'末') => (p + 1, WeekPart::Weekend),
        None if (prefixed || every)
            && !matches!(chars.get(p), Some('围' | '边' | '到' | '全' | '期')) =>
        {
            (p, WeekPart::Whole)
        }
        None => return None,
    };
    if every {
        parts.recurring = true;
    } else {
        parts.week = Some((offset, week_part));
        parts.week_bare = !prefixed;
    }
    Some(end)
}

/// Parts that start with a number: year, month, day, clock, amount ago.
fn numbered(chars: &[char], pos: usize, parts: &mut Parts) -> Option<usize> {
    let (n, len) = numeral_at(chars, pos)?;
    let arabic = is_arabic(chars[pos]);
    // "两三点", "十一二点": one of two neighbouring numbers, read from the first.
    let approximate = if arabic {
        None
    } else {
        approximate_pair(&chars[pos..pos + len])
    };
    // Only a clock or an amount ago is read from the pair: "三四月份" names no one month.
    if approximate.is_some() && next_is_date_unit(chars.get(pos + len).copied()) {
        return None;
    }
    let n = approximate.unwrap_or(n);
    let after = pos + len;
    let next = chars.get(after).copied();
    let previous = pos.checked_sub(1).and_then(|i| chars.get(i)).copied();
    // Inside a longer number of the same script (a phone number, an amount): not a time.
    if previous.is_some_and(|c| is_numeral(c) && is_arabic(c) == arabic) {
        return None;
    }
    if let Some(end) = dashed_date(chars, pos, n, len, parts) {
        return Some(end);
    }
    if let Some(end) = dotted_month_day(chars, pos, n, len, parts) {
        return Some(end);
    }
    if let Some((end, ago)) = counted_back(chars, after, n, len).filter(|_| !parts.has_date()) {
        // "两周前的周六", "两周前的周末": that day of the week so many weeks back.
        if let (Ago::Days(days), Some('的')) = (ago, chars.get(end)) {
            let mut day = Parts::default();
            if let Some(e) = week(chars, end + 1, &mut day) {
                if let Some((0, part @ (WeekPart::Day(_) | WeekPart::Weekend))) =
                    day.week.filter(|_| day.week_bare)
                {
                    parts.week = Some((-days / 7, part));
                    return Some(e);
                }
            }
        }
        ago.set(parts);
        return Some(end);
    }
    match next? {
        // "19年3月5日": a two-digit year, only with its month after it ("干了19年" is no date).
        '年' if len == 2
            && arabic
            && parts.year.is_none()
            && !parts.has_date()
            && numeral_at(chars, after + 1).is_some_and(|(m, ml)| {
                (1..=12).contains(&m) && chars.get(after + 1 + ml) == Some(&'月')
            }) =>
        {
            parts.year = Some(2000 + n as i32);
            parts.short_year = true;
            Some(after + 1)
        }
        '年' if len == 4
            && (1900..=2100).contains(&n)
            && parts.year.is_none()
            && !parts.has_date() =>
        {
            parts.year = Some(n as i32);
            Some(after + 1)
        }
        // "事过两月" is two months, not February. After a year, a month that does not exist
        // ("2025年13月40日") is read whole, to resolve to no date, not to the year alone.
        '月' if ((1..=12).contains(&n) || (n < 100 && parts.year.is_some()))
            && chars[pos] != '两'
            && !parts.has_month()
            && parts.day.is_none()
            && !parts.counted_back() =>
        {
            parts.month = Some(n);
            Some(word_at(chars, after + 1, "份").unwrap_or(after + 1))
        }
        c @ ('日' | '号')
            if ((1..=31).contains(&n) || (n < 100 && parts.month.is_some_and(|m| m > 12)))
                && parts.day.is_none()
                && parts.rel_day.is_none()
                && !parts.counted_back() =>
        {
            // "18号楼" is a building; "15日内" is a time limit.
            if chars
                .get(after + 1)
                .is_some_and(|&f| NUMBERED_THINGS.contains(f))
            {
                return None;
            }
            if previous
                .is_some_and(|p| "路街巷道弄村区楼栋座".contains(p) || p.is_ascii_alphanumeric())
            {
                return None;
            }
            // "13月5日": a month that is none, so no day of this month either.
            if previous == Some('月') && !parts.has_month() && !month_before(chars, pos - 1) {
                return None;
            }
            parts.day = Some(n);
            // "10号那天": the day named as a day.
            let named_a_day = ["那天", "当天", "那日", "当日", "这天", "那一天"]
                .iter()
                .any(|w| word_at(chars, after + 1, w).is_some());
            parts.day_needs_context = c == '号' && !named_a_day;
            // 那天 looks back; 当天 and 这天 may be ahead ("5号当天交费").
            parts.gone = ["那天", "那日", "那一天"]
                .iter()
                .any(|w| word_at(chars, after + 1, w).is_some());
            Some(after + 1)
        }
        '点' | '时' if n <= 24 && parts.hour.is_none() => {
            let end = clock(chars, pos, n, len, arabic, parts)?;
            parts.two_hours = approximate.is_some() && parts.minute.is_none();
            Some(end)
        }
        '天' | '日' if !parts.has_date() && n <= MAX_DAYS_AGO => {
            let end = ["以前", "之前", "前"]
                .iter()
                .find_map(|w| word_at(chars, after + 1, w))?;
            parts.days_ago = Some(n as i64);
            Some(end)
        }
        '个' | '小' | '分' | '钟'
            if parts.minutes_ago.is_none() && parts.hour.is_none() && n <= MAX_UNITS_AGO =>
        {
            let units = [
                ("个小时", 60),
                ("小时", 60),
                ("个钟头", 60),
                ("钟头", 60),
                ("分钟", 1),
            ];
            let (end, per) = first_word(chars, after, &units)?;
            let end = ["以前", "之前", "前"]
                .iter()
                .find_map(|w| word_at(chars, end, w))?;
            parts.minutes_ago = Some(n as i64 * per);
            Some(end)
        }
        _ => None,
    }
}

/// How far back a calendar amount is counted.
#[derive(Debug, Clone, Copy)]
enum Ago {
    Days(i64),
    Months(u32),
}

impl Ago {
    fn set(self, parts: &mut Parts) {
        match self {
            Ago::Days(d) => parts.days_ago = Some(d),
            Ago::Months(m) => parts.months_ago = Some(m),
        }
    }
}

/// Whether the 月 at `at` follows a number that is a month (1…12), or no number at all.
fn month_before(chars: &[char], at: usize) -> bool {
    let mut start = at;
    while start > 0 && is_numeral(chars[start - 1]) {
        start -= 1;
    }
    start == at
        || numeral_at(chars, start)
            .is_some_and(|(n, len)| start + len == at && (1..=12).contains(&n))
}

/// The end of "前", "以前" or "之前" at `pos`.
fn ago_word(chars: &[char], pos: usize) -> Option<usize> {
    ["以前", "之前", "前"]
        .iter()
        .find_map(|w| word_at(chars, pos, w))
}

/// "两年前", "三个月之前", "2周前" after the number `n` (`len` characters, ending at `after`):
/// the end and the amount.
fn counted_back(chars: &[char], after: usize, n: u32, len: usize) -> Option<(usize, Ago)> {
    let weeks = Ago::Days(7 * i64::from(n));
    let units = [
        ("年", Ago::Months(n.checked_mul(12)?)),
        ("个月", Ago::Months(n)),
        ("个星期", weeks),
        ("个礼拜", weeks),
        ("星期", weeks),
        ("礼拜", weeks),
        ("周", weeks),
    ];
    let (end, ago) = first_word(chars, after, &units)?;
    // "2019年前后" is a year, not 2019 years back.
    let too_far = match ago {
        Ago::Months(m) => m > MAX_YEARS_AGO * 12,
        Ago::Days(d) => d > i64::from(MAX_DAYS_AGO),
    };
    if too_far || (len > 2 && chars[after] == '年') {
        return None;
    }
    Some((ago_word(chars, end)?, ago))
}

/// "2019-03-10", "2019/3/10", "2019.3.10": a year, then month and day after one separator.
fn dashed_date(
    chars: &[char],
    pos: usize,
    year: u32,
    len: usize,
    parts: &mut Parts,
) -> Option<usize> {
    if len != 4 || !is_arabic(chars[pos]) || !(1900..=2100).contains(&year) || parts.has_date() {
        return None;
    }
    let sep = *chars.get(pos + 4)?;
    if !matches!(sep, '-' | '/' | '.') {
        return None;
    }
    let arabic_run = |at: usize| {
        numeral_at(chars, at).filter(|&(_, l)| (1..=2).contains(&l) && is_arabic(chars[at]))
    };
    let (month, ml) = arabic_run(pos + 5)?;
    let day_at = pos + 5 + ml;
    if chars.get(day_at) != Some(&sep) {
        return None;
    }
    let (day, dl) = arabic_run(day_at + 1)?;
    let end = day_at + 1 + dl;
    // A longer number or another separator after it: a version or an amount, not a date.
    if chars.get(end).is_some_and(|&c| is_numeral(c) || c == sep) {
        return None;
    }
    if !(1..=12).contains(&month) || !(1..=31).contains(&day) {
        return None;
    }
    parts.year = Some(year as i32);
    parts.month = Some(month);
    parts.day = Some(day);
    Some(end)
}

/// "11.20晚上", "3.10号", "11/20晚上", "3.10上午9点": a month and a day written with a dot or a
/// slash, read only when a day (号, 日), a part of the day or a clock follows; "3.5公里",
/// "1.5倍", "1/3的住户", "v2.10" and "版本2.1" are amounts and versions.
fn dotted_month_day(
    chars: &[char],
    pos: usize,
    month: u32,
    len: usize,
    parts: &mut Parts,
) -> Option<usize> {
    if len > 2 || !is_arabic(chars[pos]) || parts.has_date() || !(1..=12).contains(&month) {
        return None;
    }
    let previous = pos.checked_sub(1).and_then(|i| chars.get(i)).copied();
    if previous.is_some_and(|c| c.is_ascii_alphanumeric() || c == '.' || c == '/') {
        return None;
    }
    // "版本2.1 9点", "版本号：2.1", "第3.2条": a version or a numbered item, whatever follows.
    let mut word_end = pos;
    while word_end + 3 > pos
        && word_end > 0
        && matches!(chars[word_end - 1], ' ' | ':' | '：' | '号')
    {
        word_end -= 1;
    }
    let before = &chars[word_end.saturating_sub(2)..word_end];
    if before.ends_with(&['版']) || before.ends_with(&['版', '本']) || before.ends_with(&['第'])
    {
        return None;
    }
    let dot = pos + len;
    if !matches!(chars.get(dot), Some('.' | '/')) {
        return None;
    }
    let (day, dl) = numeral_at(chars, dot + 1)
        .filter(|&(_, l)| (1..=2).contains(&l) && is_arabic(chars[dot + 1]))?;
    let mut end = dot + 1 + dl;
    if !(1..=31).contains(&day) {
        return None;
    }
    let next = chars.get(end).copied();
    if next.is_some_and(|c| matches!(c, '号' | '日')) {
        // "1/2号线", "5/6号楼": numbered things, not dates.
        if chars
            .get(end + 1)
            .is_some_and(|&f| NUMBERED_THINGS.contains(f))
        {
            return None;
        }
        end += 1;
    } else {
        let rest = &chars[end..];
        let part_of_day = PERIODS
            .iter()
            .map(|(w, _)| *w)
            .chain(["晚", "早", "夜", "白天"])
            .any(|w| rest.iter().take(w.chars().count()).copied().eq(w.chars()));
        // "11.20 9:30": one space may stand before the clock.
        let at = end + usize::from(chars.get(end).is_some_and(|c| c.is_whitespace()));
        let clock = chars.get(at).is_some_and(|&c| is_arabic(c) || at == end)
            && numeral_at(chars, at)
                .is_some_and(|(_, l)| matches!(chars.get(at + l), Some('点' | '时' | ':' | '：')));
        if !part_of_day && !clock {
            return None;
        }
    }
    parts.month = Some(month);
    parts.day = Some(day);
    Some(end)
}

/// What follows N号 or N日 when they number a thing ("18号楼", "2号线") or bound a time limit
/// ("15日内"), not a date.
const NUMBERED_THINGS: &str = "楼院线门铺房室车窗床位口栋单元路街道巷弄内";

/// "N年前", "N个月前" further back than this many years names no usable time.
const MAX_YEARS_AGO: u32 = 100;

fn next_is_date_unit(c: Option<char>) -> bool {
    c.is_some_and(|c| "年月日号".contains(c))
}

/// The first of two neighbouring numbers said together ("两三" is two or three, "七八", "一两";
/// "十一二" is eleven or twelve), or None.
fn approximate_pair(run: &[char]) -> Option<u32> {
    let (tens, pair) = match run {
        ['十', a, b] => (10, (*a, *b)),
        [a, b] => (0, (*a, *b)),
        _ => return None,
    };
    let plain = |c: char| !matches!(c, '〇' | '零') && !is_arabic(c);
    let (a, b) = (
        digit(pair.0).filter(|_| plain(pair.0))?,
        digit(pair.1).filter(|_| plain(pair.1))?,
    );
    (a >= 1 && b == a + 1).then_some(tens + a)
}

/// "N天前" further back than this (about a century) names no usable time.
const MAX_DAYS_AGO: u32 = 36_600;
/// "N小时前", "N分钟前" with more than this many hours or minutes names no usable time.
const MAX_UNITS_AGO: u32 = 1_000_000;
