//! The caller (诉求人): details as kept, phone numbers normalised for lookup, and the masking
//! that hides a confidential caller from units.
use serde::{Deserialize, Serialize};

use crate::ticket::{within, CALLER_FIELD_MAX};
use crate::DomainError;

/// The caller (诉求人).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Caller {
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub phone: String,
    #[serde(default)]
    pub address: String,
    #[serde(default)]
    pub work_unit: String,
    /// 保密: name and phone are hidden from units.
    #[serde(default)]
    pub confidential: bool,
    /// The caller wants to be contacted by the unit.
    #[serde(default = "yes")]
    pub wants_contact: bool,
    /// The caller declines a return visit.
    #[serde(default)]
    pub declines_visit: bool,
}

fn yes() -> bool {
    true
}

/// Characters of a refused phone number quoted in the error.
const MAX_QUOTED: usize = 32;

/// A phone number as kept and compared: digits only. Spaces, hyphens, dots and brackets go,
/// full-width digits become ASCII, and the country code goes from a Chinese number (`+86 139-0000-1124`,
/// `0086…`, `86139…` → `13900001124`; `+86 531 8888 8888` → `053188888888`, as the same
/// landline dialled at home), so a caller's tickets are found whatever way the number was
/// typed. An extension stays after 转 (`0531-8888888 转 123` → `05318888888转123`). Empty stays
/// empty (a web message may come without one).
pub fn normalise_phone(raw: &str) -> Result<String, DomainError> {
    let (national, extension, visible) = read_phone(raw)?;
    let n = national.trim_start_matches('+').len();
    if n == 0 && visible.is_empty() {
        return Ok(String::new());
    }
    if !(3..=20).contains(&n) {
        return Err(refused(raw, "应为 3–20 位数字"));
    }
    // A mainland mobile number (13…, 15…–19…) has eleven digits: one digit short or over is a
    // typing slip, and the caller's later calls would never be found with this one.
    if n >= 6 && n != 11 && mobile_prefix(&national) {
        return Err(refused(
            raw,
            &format!("像是手机号码,但有 {n} 位数字(手机号码为 11 位)"),
        ));
    }
    match extension {
        None => Ok(national),
        Some(ext) => {
            let ext = phone_digits(raw, &ext, &mut true)?;
            if ext.is_empty() || ext.len() > 8 {
                return Err(refused(raw, "的分机号应为 1–8 位数字"));
            }
            Ok(format!("{national}转{ext}"))
        }
    }
}

/// `raw` read as `normalise_phone` keeps a number (digits, no country code, `转` before an
/// extension), without asking whether it is a whole one: for looking up and masking what was
/// typed, which may be part of a number or one kept before a rule refused its form.
pub fn phone_as_kept(raw: &str) -> Option<String> {
    let (national, extension, _) = read_phone(raw).ok()?;
    if national.trim_start_matches('+').is_empty() {
        return None;
    }
    match extension {
        None => Some(national),
        Some(ext) => {
            let ext = phone_digits(raw, &ext, &mut true).ok()?;
            Some(if ext.is_empty() {
                national
            } else {
                format!("{national}转{ext}")
            })
        }
    }
}

/// Whether `raw` is a phone number still being typed: phone characters only, with fewer than
/// three digits after a country code (`+86 13`, `0086`, `１３`, `(0`), or a mobile number
/// short of its eleven digits (`1391234`). A form looks callers up by what is there so far; a
/// ticket is not kept with it (`normalise_phone` refuses it).
pub fn phone_being_typed(raw: &str) -> bool {
    let Ok((national, None, _)) = read_phone(raw) else {
        return false;
    };
    let digits = national.trim_start_matches('+');
    digits.len() < 3 || (national.len() < 11 && mobile_prefix(&national))
}

/// Whether a number as dialled at home starts as a mainland mobile does: 13, 15–19 (14 also
/// starts data and IoT numbers of 13 digits).
fn mobile_prefix(national: &str) -> bool {
    let b = national.as_bytes();
    b.len() >= 2 && b[0] == b'1' && matches!(b[1], b'3' | b'5'..=b'9')
}

/// A refusal of the phone number `raw`, quoted as typed, but not at any length: a pasted
/// paragraph is not echoed back whole.
fn refused(raw: &str, why: &str) -> DomainError {
    let mut shown: String = raw.chars().take(MAX_QUOTED).collect();
    if raw.chars().nth(MAX_QUOTED).is_some() {
        shown.push('…');
    }
    DomainError::invalid(
        "caller.phone",
        format!("电话号码「{shown}」{why} / not a phone number"),
    )
}

/// The digits of a part of a phone number; a `+` may lead once.
fn phone_digits(raw: &str, part: &str, plus: &mut bool) -> Result<String, DomainError> {
    let mut digits = String::with_capacity(part.len());
    for c in part.chars() {
        match c {
            c if ascii_digit(c).is_some() => digits.extend(ascii_digit(c)),
            '+' | '＋' if digits.is_empty() && !*plus => *plus = true,
            ' ' | '\u{3000}' | '-' | '－' | '—' | '(' | ')' | '（' | '）' | '.' | ':' | '：' =>
                {}
            _ => {
                return Err(refused(
                    raw,
                    "只能由数字组成(可带 +86、空格、-、括号或“转”分机号)",
                ))
            }
        }
    }
    Ok(digits)
}

/// A number as dialled at home, its extension (unread), and the number as seen (invisible
/// characters and line breaks gone).
fn read_phone(raw: &str) -> Result<(String, Option<String>, String), DomainError> {
    let visible = crate::text::one_line(raw);
    let lower = visible.to_lowercase();
    let (main, extension) = match ["转", "ext.", "ext", "分机"]
        .iter()
        .find_map(|m| lower.split_once(m))
    {
        Some((main, ext)) => (main.to_string(), Some(ext.to_string())),
        None => (lower.clone(), None),
    };
    let mut plus = false;
    let digits = phone_digits(raw, &main, &mut plus)?;
    let national = if let Some(rest) = digits.strip_prefix("0086") {
        trunk(rest)
    } else if plus {
        match digits.strip_prefix("86") {
            Some(rest) => trunk(rest),
            None => format!("+{digits}"),
        }
    } else if digits.len() == 13 && digits.starts_with("861") {
        digits[2..].to_string()
    } else if digits.len() == 12
        && digits.starts_with("01")
        && digits.as_bytes()[2].is_ascii_digit()
        && digits.as_bytes()[2] >= b'3'
    {
        // A mobile dialled from out of town with the trunk 0 (013900001111): the same caller
        // as 13900001111. 010… is Beijing's area code.
        digits[1..].to_string()
    } else {
        digits
    };
    Ok((national, extension, visible))
}

/// Whether `code` is a mainland long-distance area code (长途区号) as dialled at home: 010 or
/// 020–029 (the largest cities), or 0 and three digits from 3 up (0311–0999, 0633); never 00,
/// which dials abroad.
pub fn is_area_code(code: &str) -> bool {
    let b = code.as_bytes();
    b.iter().all(u8::is_ascii_digit)
        && b.first() == Some(&b'0')
        && match b.len() {
            3 => (b[1] == b'1' && b[2] == b'0') || b[1] == b'2',
            // 01… and 02… codes have three digits: 0212 is Shanghai's 021 and a number's 2.
            4 => b[1] >= b'3',
            _ => false,
        }
}

/// Whether `digits` is a local landline number as dialled within its city: seven or eight
/// digits, not starting with 0 (a long-distance call) or 1 (mobiles and service numbers).
fn local_landline(digits: &str) -> bool {
    matches!(digits.len(), 7 | 8)
        && digits.bytes().all(|b| b.is_ascii_digit())
        && !digits.starts_with(['0', '1'])
}

/// The same landline of the city written the other way, for a number as tickets keep it
/// (`normalise_phone`): with the city's area code when it came without one (a local call's
/// caller ID shows `7654321`), without it when it came with one (`0633-7654321` typed on a web
/// form keeps `06337654321`), an extension kept after either. `None` for a mobile, a number of
/// another city or any other, and when `area_code` is none (`is_area_code`).
pub fn same_line(kept: &str, area_code: &str) -> Option<String> {
    if !is_area_code(area_code) {
        return None;
    }
    let (main, extension) = match kept.split_once('转') {
        Some((main, ext)) => (main, Some(ext)),
        None => (kept, None),
    };
    let other = if local_landline(main) {
        format!("{area_code}{main}")
    } else {
        let local = main.strip_prefix(area_code)?;
        if !local_landline(local) {
            return None;
        }
        local.to_string()
    };
    Some(match extension {
        Some(ext) => format!("{other}转{ext}"),
        None => other,
    })
}

/// A Chinese number after its country code as dialled at home: a landline gets back its
/// leading 0 (`531…` → `0531…`); a mobile (1…) has none.
fn trunk(national: &str) -> String {
    if national.is_empty() || national.starts_with('0') || national.starts_with('1') {
        national.to_string()
    } else {
        format!("0{national}")
    }
}

impl Caller {
    /// Checks the caller's details and normalises the phone number (`normalise_phone`).
    pub fn checked(self) -> Result<Caller, DomainError> {
        self.checked_keeping("")
    }

    /// `checked`, where a phone sent back as `stored` (a ticket's, kept before a rule refused
    /// it) stays as it is: editing the caller's name must not fail on it.
    pub fn checked_keeping(mut self, stored: &str) -> Result<Caller, DomainError> {
        if stored.is_empty() || self.phone != stored {
            self.phone = normalise_phone(&self.phone)?;
        }
        for field in [&mut self.name, &mut self.address, &mut self.work_unit] {
            *field = crate::text::one_line(field);
        }
        within("caller.name", "来电人姓名", &self.name, CALLER_FIELD_MAX)?;
        within(
            "caller.address",
            "来电人地址",
            &self.address,
            CALLER_FIELD_MAX,
        )?;
        within(
            "caller.work_unit",
            "来电人单位",
            &self.work_unit,
            CALLER_FIELD_MAX,
        )?;
        Ok(self)
    }

    /// The caller as a unit may see it: a confidential caller's identity is masked.
    pub fn masked(&self) -> Caller {
        if !self.confidential {
            return self.clone();
        }
        Caller {
            name: "保密".into(),
            phone: mask_phone(&self.phone),
            address: String::new(),
            work_unit: String::new(),
            ..self.clone()
        }
    }
}

impl Caller {
    /// A confidential caller's phone and name masked wherever they stand in `value` (every
    /// string in it but ticket numbers, which are digits too): an operator may have written them
    /// into the record or a note. Every other mobile number there is masked too: a caller who
    /// asked for confidentiality may have given a second number ("另一号码…").
    /// A landline of the city is masked written with or without its area code (`area_code`,
    /// blank for none: `same_line`).
    /// The caller's own fields are masked by `masked`; a caller who did not ask for
    /// confidentiality changes nothing.
    pub fn scrub_json(&self, value: &mut serde_json::Value, area_code: &str) {
        if !self.confidential {
            return;
        }
        let phone = self.phone.trim();
        let name = self.name.trim();
        let other = same_line(phone, area_code);
        let secret = |number: &str| {
            let main = number.split('转').next().unwrap_or(number).to_string();
            // The other form hides as much as the caller's field does: the local number whole
            // (`*******` in the field, `0633*******` written with the code).
            let mask = match number.strip_prefix(area_code) {
                Some(local) if Some(number) == other.as_deref() && !area_code.is_empty() => {
                    format!("{area_code}{}", "*".repeat(local.chars().count()))
                }
                _ => mask_phone(number),
            };
            SecretPhone {
                // Only a plain number can be written with separators (`mask_spaced_phone`).
                spaced: main
                    .bytes()
                    .all(|b| b.is_ascii_digit())
                    .then(|| main.clone()),
                mask,
                whole_only: main.len() < 11,
                kept: number.to_string(),
            }
        };
        // Each form with its extension and without (written alone, the number is the line).
        // Shorter than any phone, a run of digits could be part of anything. The longer form
        // first: the local number is inside the one with the area code.
        let mut forms: Vec<&str> = Vec::new();
        for form in std::iter::once(phone).chain(other.as_deref()) {
            let main = form.split('转').next().unwrap_or(form);
            forms.extend([form, main]);
        }
        forms.sort_by_key(|f| std::cmp::Reverse(f.len()));
        forms.dedup();
        let phones: Vec<SecretPhone> = (forms.into_iter())
            .filter(|p| p.chars().count() >= 7)
            .map(secret)
            .collect();
        let secrets = Secrets {
            phones,
            // A one-character name would mask that character everywhere, and a Latin one could
            // be part of a field's code ("al" in "normal").
            name: (name.chars().count() >= 2 && !name.is_ascii() && name != "保密").then_some(name),
        };
        scrub(value, &secrets);
    }
}

/// What `scrub_json` masks, worked out once for the whole walk.
struct Secrets<'a> {
    /// The phone as kept and, for a landline of the city, the same line written the other way.
    phones: Vec<SecretPhone>,
    name: Option<&'a str>,
}

struct SecretPhone {
    /// As kept (digits, an extension after 转), or another form of it.
    kept: String,
    /// The number before any extension, when it is all digits.
    spaced: Option<String>,
    mask: String,
    /// Shorter than a mobile number (a local landline): masked only as a whole run of digits,
    /// not inside an amount, a date or a code.
    whole_only: bool,
}

fn scrub(value: &mut serde_json::Value, secrets: &Secrets) {
    use serde_json::Value;
    match value {
        Value::String(s) => {
            for p in &secrets.phones {
                if let Some(spaced) =
                    (p.spaced.as_deref()).and_then(|main| mask_spaced_phone(s, main, &p.mask))
                {
                    *s = spaced;
                }
                if p.whole_only {
                    if let Some(masked) = replace_whole_runs(s, &p.kept, &p.mask) {
                        *s = masked;
                    }
                } else if s.contains(&p.kept) {
                    *s = s.replace(&p.kept, &p.mask);
                }
            }
            if let Some(name) = secrets.name.filter(|n| s.contains(n)) {
                *s = s.replace(name, "保密");
            }
            if let Some(masked) = mask_mobiles(s) {
                *s = masked;
            }
        }
        Value::Array(items) => items.iter_mut().for_each(|v| scrub(v, secrets)),
        Value::Object(fields) => fields
            .iter_mut()
            .filter(|(k, _)| k.as_str() != "number")
            .for_each(|(_, v)| scrub(v, secrets)),
        _ => {}
    }
}

/// `text` with `number` replaced by `mask` where it stands as a whole run of digits (no digit
/// right before or after it); `None` when it stands nowhere so.
fn replace_whole_runs(text: &str, number: &str, mask: &str) -> Option<String> {
    let is_digit = |c: Option<char>| c.is_some_and(|c| ascii_digit(c).is_some());
    let mut out = String::with_capacity(text.len());
    let mut last = 0;
    for (at, _) in text.match_indices(number) {
        let before = text[..at].chars().next_back();
        let after = text[at + number.len()..].chars().next();
        if is_digit(before) || is_digit(after) {
            continue;
        }
        out.push_str(&text[last..at]);
        out.push_str(mask);
        last = at + number.len();
    }
    if last == 0 {
        return None;
    }
    out.push_str(&text[last..]);
    Some(out)
}

/// `text` with every mobile number in it masked as `mask_phone` does: eleven digits (ASCII or
/// full-width), 1 then 3–9, in one run or in groups parted by a space or a dash (139-0000-1111),
/// with 86 or +86 before them or not, never inside a longer run of digits; `None` when there is
/// none.
fn mask_mobiles(text: &str) -> Option<String> {
    let chars: Vec<char> = text.chars().collect();
    // Runs of digits: where their digits are, and whether one separator parts a run from the
    // run before.
    let mut runs: Vec<(Vec<usize>, bool)> = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        if ascii_digit(chars[i]).is_none() {
            i += 1;
            continue;
        }
        let joined = i >= 2
            && matches!(chars[i - 1], ' ' | '-' | '－' | '\u{3000}')
            && ascii_digit(chars[i - 2]).is_some();
        let mut at = Vec::new();
        while i < chars.len() && ascii_digit(chars[i]).is_some() {
            at.push(i);
            i += 1;
        }
        runs.push((at, joined));
    }
    let is_mobile = |d: &[char]| d.len() == 11 && d[0] == '1' && ('3'..='9').contains(&d[1]);
    let mut out: Option<Vec<char>> = None;
    let mut first = 0;
    while first < runs.len() {
        let mut digits: Vec<usize> = Vec::new();
        let mut found = None;
        for (k, (at, joined)) in runs.iter().enumerate().skip(first) {
            if k > first && !joined {
                break;
            }
            digits.extend(at);
            let spelt: Vec<char> = digits
                .iter()
                .filter_map(|&p| ascii_digit(chars[p]))
                .collect();
            if is_mobile(&spelt) {
                found = Some((k, 3));
            } else if spelt.len() == 13 && spelt.starts_with(&['8', '6']) && is_mobile(&spelt[2..])
            {
                found = Some((k, 5));
            }
            if found.is_some() || spelt.len() >= 13 {
                break;
            }
        }
        match found {
            Some((last, from)) => {
                let o = out.get_or_insert_with(|| chars.clone());
                for &p in &digits[from..from + 4] {
                    o[p] = '*';
                }
                first = last + 1;
            }
            None => first += 1,
        }
    }
    out.map(|o| o.into_iter().collect())
}

/// A digit, ASCII or full-width, as ASCII.
fn ascii_digit(c: char) -> Option<char> {
    match c {
        '0'..='9' => Some(c),
        '０'..='９' => char::from_u32('0' as u32 + (c as u32 - '０' as u32)),
        _ => None,
    }
}

/// What may stand between the digits of a phone number as people write it in a text (the
/// colons `normalise_phone` also takes are left out: in a text they belong to 电话: or 10:30).
fn is_phone_separator(c: char) -> bool {
    matches!(
        c,
        ' ' | '\u{3000}' | '-' | '－' | '—' | '.' | '(' | ')' | '（' | '）' | '+' | '＋'
    )
}

/// `text` with every run of digits and separators that spells `main` (a phone's digits, before
/// any extension) replaced by `mask`: `138-1234-5678`, `138 1234 5678`, `+86 138…` and
/// full-width digits, which a plain search for the kept digits would miss. None when there is
/// none. The run ends at its last digit, so the text around keeps its punctuation.
fn mask_spaced_phone(text: &str, main: &str, mask: &str) -> Option<String> {
    // Most texts of a ticket hold no phone at all.
    if text.chars().filter(|&c| ascii_digit(c).is_some()).count() < main.len() {
        return None;
    }
    let digit = ascii_digit;
    // Groups of digits with what stands between them: (first char, last char, digits, whether
    // only separators part it from the group before).
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let mut groups: Vec<(usize, usize, String, bool)> = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let Some(d) = digit(chars[i].1) else {
            i += 1;
            continue;
        };
        let joined = groups.last().is_some_and(|&(_, last, _, _)| {
            chars[last + 1..i]
                .iter()
                .all(|&(_, c)| is_phone_separator(c))
        });
        let mut group = (i, i, d.to_string(), joined);
        i += 1;
        while let Some(d) = chars.get(i).and_then(|&(_, c)| digit(c)) {
            group.1 = i;
            group.2.push(d);
            i += 1;
        }
        groups.push(group);
    }
    // Every joined sequence of whole groups that spells the phone (a run may go on into a time
    // or a date: 138 1234 5678 10点后), other than the plain digits the exact replacement finds.
    let spells = |digits: &str| {
        digits
            .strip_suffix(main)
            .is_some_and(|prefix| ["", "86", "0086"].contains(&prefix))
    };
    let mut out = String::new();
    let (mut copied, mut a) = (0, 0);
    while a < groups.len() {
        let mut digits = String::new();
        let mut found = None;
        for (b, (_, _, group, joined)) in groups.iter().enumerate().skip(a) {
            if b > a && !joined {
                break;
            }
            digits.push_str(group);
            if digits.len() > main.len() + 4 {
                break;
            }
            if spells(&digits) {
                found = Some(b);
                break;
            }
        }
        match found {
            Some(b) => {
                let (from, last) = (chars[groups[a].0].0, chars[groups[b].1]);
                let to = last.0 + last.1.len_utf8();
                if text[from..to] != digits {
                    out.push_str(&text[copied..from]);
                    out.push_str(mask);
                    copied = to;
                }
                a = b + 1;
            }
            None => a += 1,
        }
    }
    (copied > 0).then(|| {
        out.push_str(&text[copied..]);
        out
    })
}

/// `13812345678` → `138****5678`; anything shorter is masked whole.
pub fn mask_phone(phone: &str) -> String {
    let chars: Vec<char> = phone.chars().collect();
    if chars.len() >= 11 {
        let head: String = chars[..3].iter().collect();
        let tail: String = chars[chars.len() - 4..].iter().collect();
        format!("{head}****{tail}")
    } else {
        "*".repeat(chars.len())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_local_landline_is_the_same_line_with_or_without_the_city_area_code() {
        assert_eq!(same_line("7654321", "0633").as_deref(), Some("06337654321"));
        assert_eq!(same_line("06337654321", "0633").as_deref(), Some("7654321"));
        assert_eq!(same_line("87654321", "021").as_deref(), Some("02187654321"));
        assert_eq!(same_line("02187654321", "021").as_deref(), Some("87654321"));
        assert_eq!(
            same_line("06337654321转801", "0633").as_deref(),
            Some("7654321转801")
        );
        assert_eq!(
            same_line("7654321转801", "0633").as_deref(),
            Some("06337654321转801")
        );
        // A mobile, a service number, another city's landline, a number too short or long to
        // be a local one: no other form.
        for kept in [
            "13900001111",
            "12345",
            "95588",
            "05318888888",
            "0633123456",
            "063312345678",
            "06331234567",
            "123456",
        ] {
            assert_eq!(same_line(kept, "0633"), None, "{kept}");
        }
        // Without a valid area code, nothing.
        assert_eq!(same_line("7654321", ""), None);
        assert_eq!(same_line("7654321", "633"), None);
        assert_eq!(same_line("7654321", "0033"), None);
    }

    #[test]
    fn area_codes_are_as_dialled_at_home() {
        for code in ["010", "020", "021", "029", "0633", "0531", "0991"] {
            assert!(is_area_code(code), "{code}");
        }
        for code in [
            "", "0", "01", "011", "030", "0033", "00633", "633", "06a3", "+86", "0212", "0102",
        ] {
            assert!(!is_area_code(code), "{code}");
        }
    }

    #[test]
    fn a_number_still_being_typed_is_told_from_one_that_is_none() {
        let typing = [
            "",
            "1",
            "+86 13",
            "0086",
            "１３",
            "(0",
            "1\u{200b}",
            "+",
            "139",
            "+86 1391234",
        ];
        for typing in typing {
            assert!(phone_being_typed(typing), "{typing:?}");
        }
        for other in ["123", "13900001111", "abc", "12 转 3", "1a", "0531888"] {
            assert!(!phone_being_typed(other), "{other:?}");
        }
    }

    #[test]
    fn every_mobile_number_in_a_confidential_callers_texts_is_masked() {
        let caller = Caller {
            name: "李女士".into(),
            phone: "13812345678".into(),
            confidential: true,
            ..Default::default()
        };
        let mut v = serde_json::json!({
            "number": "2026112400001",
            "record": "来电人另一号码13900001111,家人电话１３７００００２２２２,座机0532-88881234",
            "note": "又留了139-0000-1111、139 0000 1111、+86 13900001111、8613900001111,2026-11-24 10:30 来电",
            "reply": "已联系13812345678及15000003333;单号202611240000112",
        });
        caller.scrub_json(&mut v, "");
        assert_eq!(
            v["record"],
            "来电人另一号码139****1111,家人电话１３７****２２２２,座机0532-88881234"
        );
        assert_eq!(
            v["reply"],
            "已联系138****5678及150****3333;单号202611240000112"
        );
        assert_eq!(
            v["note"],
            "又留了139-****-1111、139 **** 1111、+86 139****1111、86139****1111,2026-11-24 10:30 来电"
        );
        // Not for a caller who did not ask.
        let open = Caller {
            confidential: false,
            ..caller
        };
        let mut v = serde_json::json!({ "record": "另一号码13900001111" });
        open.scrub_json(&mut v, "");
        assert_eq!(v["record"], "另一号码13900001111");
    }

    #[test]
    fn a_confidential_callers_phone_and_name_are_scrubbed_from_every_text_but_numbers() {
        let caller = Caller {
            name: "王先生".into(),
            phone: "13812345678".into(),
            confidential: true,
            ..Default::default()
        };
        let mut v = serde_json::json!({
            "number": "2026138123456780",
            "record": "来电人王先生(13812345678)反映",
            "notes": [{"note": "已电话联系13812345678"}],
            "count": 13812345678u64,
        });
        caller.scrub_json(&mut v, "");
        assert_eq!(v["record"], "来电人保密(138****5678)反映");
        assert_eq!(v["notes"][0]["note"], "已电话联系138****5678");
        assert_eq!(v["number"], "2026138123456780");
        assert_eq!(v["count"], 13812345678u64);
        let open = Caller {
            confidential: false,
            ..caller.clone()
        };
        let mut v = serde_json::json!({
            "record": "电话138-1234-5678，另一个号码139 1234 5678",
            "note": "回电 +86 138 1234 5678；备用(138)1234.5678。",
            "wide": "１３８１２３４５６７８",
            // Groups that spell the phone are masked even inside a longer code (a leak is worse
            // than a masked code); digits that only start or end like it are not.
            "longer": "单号 1381-2345-6789 与 21381-2345-678，编号 2026-1381-2345-678",
            "then": "回电号码138 1234 5678 10点后方便，电话：138-1234-5678 2026年3月5日来电",
        });
        caller.scrub_json(&mut v, "");
        // Another mobile number of a confidential caller is masked as well.
        assert_eq!(v["record"], "电话138****5678，另一个号码139 **** 5678");
        assert_eq!(v["note"], "回电 +138****5678；备用(138****5678。");
        assert_eq!(v["wide"], "138****5678");
        assert_eq!(
            v["then"],
            "回电号码138****5678 10点后方便，电话：138****5678 2026年3月5日来电"
        );
        assert_eq!(
            v["longer"],
            "单号 1381-2345-6789 与 21381-2345-678，编号 2026-138****5678"
        );
        assert_eq!(
            normalise_phone(" 138-1234 5678 ").as_deref(),
            Ok("13812345678")
        );
        assert!(normalise_phone("王先生").is_err());
        let mut w = serde_json::json!({"record": "王先生13812345678"});
        open.scrub_json(&mut w, "");
        assert_eq!(w["record"], "王先生13812345678");
    }

    #[test]
    fn a_confidential_callers_landline_is_scrubbed_with_or_without_the_area_code() {
        for kept in ["06337654321", "7654321"] {
            let caller = Caller {
                phone: kept.into(),
                confidential: true,
                ..Default::default()
            };
            let texts = serde_json::json!({
                "record": "来电人座机7654321,也可打0633-7654321或06337654321",
            });
            let mut v = texts.clone();
            caller.scrub_json(&mut v, "0633");
            let record = v["record"].as_str().unwrap_or_default();
            assert!(!record.contains("7654321"), "{kept}: {record}");
            assert!(!record.contains("765432"), "{kept}: {record}");
        }
        // The number written with the code hides the local number whole, as the caller's field
        // does; a local number inside a longer run of digits (an amount, a code) is not it.
        let caller = Caller {
            phone: "7654321".into(),
            confidential: true,
            ..Default::default()
        };
        let mut v = serde_json::json!({
            "record": "座机7654321,或06337654321;押金17654321元,单号20267654321",
        });
        caller.scrub_json(&mut v, "0633");
        assert_eq!(
            v["record"],
            "座机*******,或0633*******;押金17654321元,单号20267654321"
        );
        // A number kept with its extension is the caller's written without it too.
        let caller = Caller {
            phone: "06337654321转801".into(),
            confidential: true,
            ..Default::default()
        };
        let mut v =
            serde_json::json!({"record": "请拨06337654321转801,或直拨06337654321、7654321"});
        caller.scrub_json(&mut v, "0633");
        let record = v["record"].as_str().unwrap_or_default();
        assert!(!record.contains("7654321"), "{record}");
        // Without the city's area code, only the number as kept is known to be the caller's:
        // the local number written alone stays.
        let caller = Caller {
            phone: "06337654321".into(),
            confidential: true,
            ..Default::default()
        };
        let mut v = serde_json::json!({"record": "来电人座机7654321,也可打06337654321"});
        caller.scrub_json(&mut v, "");
        assert_eq!(v["record"], "来电人座机7654321,也可打063****4321");
    }

    #[test]
    fn a_phone_number_is_kept_as_digits_without_the_country_code() {
        for (typed, kept) in [
            ("13900001124", "13900001124"),
            ("+86 139 0000 1124", "13900001124"),
            ("+86 531 8888 8888", "053188888888"),
            ("0531-8888888 转 123", "05318888888转123"),
            ("0531.8888.8888 ext 9", "053188888888转9"),
            ("+86-139-0000-1124", "13900001124"),
            ("0086 13900001124", "13900001124"),
            ("8613900001124", "13900001124"),
            // A mobile with the trunk 0 a switchboard adds; Beijing's 010 stays.
            ("013900001124", "13900001124"),
            ("010-8888-8888", "01088888888"),
            ("（0531）8888-8888", "053188888888"),
            ("１３９００００１１２４", "13900001124"),
            ("12345", "12345"),
            // Service numbers starting with 1 that are no mobiles.
            ("95588", "95588"),
            ("10690123456789", "10690123456789"),
            ("+1 415 555 0100", "+14155550100"),
            ("", ""),
            ("  ", ""),
        ] {
            assert_eq!(normalise_phone(typed).as_deref(), Ok(kept), "{typed}");
        }
        for bad in [
            "abc",
            "139abc",
            "12",
            "+",
            "0086",
            "139 转",
            "139 0000 1124 转 x",
            "1".repeat(21).as_str(),
            // A mobile a digit short or over.
            "138123456",
            "1381234567",
            "139000011245",
            "1381234560112345678",
            "+86 1390000112",
        ] {
            assert!(normalise_phone(bad).is_err(), "{bad}");
        }
    }
}
