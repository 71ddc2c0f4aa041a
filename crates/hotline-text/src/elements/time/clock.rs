//! Clock times in a time expression: "9:35", "十点", "9点35分", "下午三点半", "十点多",
//! "10时30分", and a part of the day said in one character before one ("晚8点").
use super::{Parts, Period};
use crate::elements::numerals::{is_arabic, numeral_at};
use crate::elements::{first_word, word_at};

/// A part of the day said in one character, as records write it: before a clock time ("晚8点",
/// "3月15日晚8时许", "早八点") or, after a day, ending the clause ("11月20日晚,…"). Elsewhere
/// 晚, 早 and 夜 are words of their own (晚了, 早就, 夜班).
pub(super) fn one_character_period(chars: &[char], pos: usize, parts: &mut Parts) -> Option<usize> {
    if parts.hour.is_some() {
        return None;
    }
    let c = *chars.get(pos)?;
    if !matches!(c, '晚' | '早' | '夜') {
        return None;
    }
    // "最晚10点", "比合同约定的6月30日晚": later or earlier than, not a part of the day.
    let before = pos.checked_sub(1).map(|i| chars[i]);
    let compared = before.is_some_and(|b| "最较太很更稍再越提".contains(b))
        || chars[..pos]
            .iter()
            .rev()
            .take_while(|&&b| !crate::is_sentence_break(b) && !matches!(b, '，' | ','))
            .any(|&b| b == '比');
    if compared {
        return None;
    }
    let next = pos + 1;
    // Not 一点: 早一点, 晚1点 are "a little earlier, later".
    let hour = numeral_at(chars, next)
        .filter(|&(n, len)| {
            (2..=12).contains(&n) && matches!(chars.get(next + len), Some('点' | '时'))
        })
        .map(|(n, _)| n);
    let day_said = parts.has_date();
    let clause_ends = chars.get(next).is_none_or(|c| !c.is_alphanumeric());
    if hour.is_none() && !(day_said && clause_ends) {
        return None;
    }
    parts.period = Some(match c {
        // "早8点到晚5点": the end of a working day, not five in the morning.
        '晚' if hour.is_some_and(|h| h <= 5) => Period::Afternoon,
        '晚' => Period::Evening,
        '早' => Period::Morning,
        _ => Period::Night,
    });
    Some(next)
}

/// "9:35", "21：30".
pub(super) fn clock_colon(chars: &[char], pos: usize, parts: &mut Parts) -> Option<usize> {
    if parts.hour.is_some() || !is_arabic(chars[pos]) {
        return None;
    }
    let (hour, len) = numeral_at(chars, pos)?;
    let colon = pos + len;
    if len > 2 || !matches!(chars.get(colon), Some(':' | '：')) {
        return None;
    }
    let (minute, mlen) = numeral_at(chars, colon + 1)?;
    if mlen != 2
        || hour > 24
        || minute > 59
        || !chars[colon + 1..colon + 3].iter().all(|&c| is_arabic(c))
    {
        return None;
    }
    parts.hour = Some(hour);
    parts.minute = Some(minute);
    parts.clock_24 = true;
    Some(colon + 3)
}

/// Minutes said in Chinese numerals without 分: with 十 in them ("四十", "三十五"), or led by
/// 零 ("零五").
fn spoken_minutes(run: &[char], m: u32) -> bool {
    let chinese = run.iter().all(|&c| !is_arabic(c));
    let zero_led = run.len() == 2 && matches!(run[0], '零' | '〇');
    chinese && (zero_led || (run.contains(&'十') && (10..=59).contains(&m)))
}

/// "十点", "9点35分", "下午三点半", "十点多", "10时30分".
pub(super) fn clock(
    chars: &[char],
    pos: usize,
    hour: u32,
    len: usize,
    arabic: bool,
    parts: &mut Parts,
) -> Option<usize> {
    let mut p = pos + len;
    let by_shi = chars[p] == '时';
    p += 1;
    if chars.get(p) == Some(&'儿') {
        return None; // "一点儿" is "a little".
    }
    let mut vouched = arabic || hour != 1 || parts.after_clock;
    // Said as a time of day in so many words: "十点钟", "十点左右", "吵到十一点" (not "提到三点",
    // "做到两点": what was said or done, so many points).
    let mut said_as_clock = super::until_at(chars, pos).is_some_and(|to| {
        !to.checked_sub(1)
            .is_some_and(|i| "提做收达及想遇看听说找得见受拿讲谈".contains(chars[i]))
    });
    if let Some(e) = word_at(chars, p, "钟") {
        p = e;
        vouched = true;
        said_as_clock = true;
    }
    let mut minute = None;
    let mut by_fen = false;
    if let Some(e) = word_at(chars, p, "半") {
        minute = Some(30);
        p = e;
    } else if let Some((e, m)) = first_word(chars, p, &[("一刻", 15), ("三刻", 45)]) {
        minute = Some(m);
        p = e;
    } else if let Some((m, mlen)) = numeral_at(chars, p) {
        let written = is_arabic(chars[p]) && mlen == 2;
        if let Some(e) = word_at(chars, p + mlen, "分") {
            minute = Some(m);
            by_fen = true;
            p = e;
        } else if written {
            minute = Some(m);
            p += mlen;
        } else if spoken_minutes(&chars[p..p + mlen], m)
            && !chars
                .get(p + mlen)
                .is_some_and(|&c| "个人元块岁米度号次天年月日名位条家户辆层栋秒多几余".contains(c))
        {
            // "十一点四十", "九点三十五", "十点零五": minutes said without 分. A single digit
            // ("九点五") could be a decimal, and a count ("三十个人") is no minute.
            minute = Some(m);
            p += mlen;
        }
    }
    // "时" in Chinese numerals is a clock only with minutes in 分 ("十时三十分"; "一时半会" is not).
    if minute.is_some_and(|m| m > 59) || (by_shi && !arabic && !by_fen) {
        return None;
    }
    if minute.is_some() {
        vouched = true;
        p = word_at(chars, p, "钟").unwrap_or(p);
    }
    if let Some(e) = word_at(chars, p, "多") {
        parts.more = minute.is_none();
        vouched = true;
        p = word_at(chars, e, "钟").unwrap_or(e);
    }
    if let Some(e) = ["左右", "前后", "整", "许"]
        .iter()
        .find_map(|w| word_at(chars, p, w))
    {
        vouched = true;
        said_as_clock = true;
        p = e;
    }
    // "三点要求" are three demands, not three o'clock; so are "有两点：" and "以下两点". A part
    // of the day or a date before it makes it a clock ("早上7点看到", "下午3点问物业").
    let counted = minute.is_none()
        && !parts.more
        && !parts.after_clock
        && !said_as_clock
        && ((chars
            .get(p)
            .is_some_and(|&c| "要建意问内理原看疑诉".contains(c))
            && parts.period.is_none()
            && !parts.has_date())
            || (!arabic
                && parts.period.is_none()
                && !parts.has_date()
                && (chars.get(p).is_none_or(|&c| "：:、”，,。；".contains(c))
                    || pos
                        .checked_sub(1)
                        .is_some_and(|i| "有这下几".contains(chars[i])))));
    if counted {
        return None;
    }
    parts.hour = Some(hour);
    parts.minute = minute;
    parts.weak_clock = !vouched;
    parts.clock_24 = by_shi;
    Some(p)
}

/// Words of a clause that tell which half of the day a bare clock is in: "下班六点多到家" is the
/// evening, "六点多就起床" the morning.
/// Not 睡觉: "七点就开始施工吵得没法睡觉" is a morning woken early.
const EVENING_WORDS: &[&str] = &["下班", "放学", "晚饭", "晚餐", "收摊", "收工"];
const MORNING_WORDS: &[&str] = &["上班", "上学", "起床", "早饭", "早餐", "晨练"];

/// The part of the day the clause around a bare clock (`start..end`, chars) implies, when its
/// words point one way only. Hours up to 5 are the afternoon's already (see `resolve`).
pub(super) fn period_from_clause(
    chars: &[char],
    start: usize,
    end: usize,
    hour: u32,
) -> Option<Period> {
    let breaks = |c: &char| crate::is_sentence_break(*c) || matches!(c, '，' | ',');
    let from = chars[..start].iter().rposition(breaks).map_or(0, |i| i + 1);
    let to = chars[end..]
        .iter()
        .position(breaks)
        .map_or(chars.len(), |i| end + i);
    // 晚上班主任 and 早上班车 hold 上班 but say nothing of going to work.
    let clause = chars[from..to]
        .iter()
        .collect::<String>()
        .replace("晚上", "")
        .replace("早上", "");
    let evening = EVENING_WORDS.iter().any(|w| clause.contains(w));
    let morning = MORNING_WORDS.iter().any(|w| clause.contains(w));
    match (evening, morning) {
        (true, false) if (6..=11).contains(&hour) => Some(Period::Evening),
        (false, true) if (6..=11).contains(&hour) => Some(Period::Morning),
        _ => None,
    }
}
