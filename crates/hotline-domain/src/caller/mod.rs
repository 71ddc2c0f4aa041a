//! The caller (诉求人): details as kept, phone numbers normalised for lookup, and the masking
//! that hides a confidential caller from units.
use serde::{Deserialize, Serialize};

use crate::ticket::{within, CALLER_FIELD_MAX};
use crate::DomainError;

mod scrub;

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
    } else if let Some(dialled) = without_trunk(&digits) {
        dialled
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

/// A landline written with its area code but not the code's leading 0 (`531-8888888`,
/// `633 7654321`), as dialled: no mainland number of ten or eleven digits starts with 2–9
/// otherwise, but the 400 and 800 service numbers. Hong Kong's and Macau's numbers typed
/// without their + (852…, 853…) stay, as does anything starting with 1 (Beijing's 10 without
/// its 0 reads as well as a 106 text-message number).
fn without_trunk(digits: &str) -> Option<String> {
    let not_a_landline = ["0", "1", "400", "800", "852", "853"];
    if !matches!(digits.len(), 10 | 11)
        || !digits.bytes().all(|b| b.is_ascii_digit())
        || not_a_landline.iter().any(|p| digits.starts_with(p))
    {
        return None;
    }
    let dialled = format!("0{digits}");
    [3, 4]
        .into_iter()
        .any(|code| is_area_code(&dialled[..code]) && local_landline(&dialled[code..]))
        .then_some(dialled)
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
    let (main, extension) = split_extension(kept);
    let other = if local_landline(main) {
        format!("{area_code}{main}")
    } else {
        let local = main.strip_prefix(area_code)?;
        if !local_landline(local) {
            return None;
        }
        local.to_string()
    };
    Some(with_extension(other, extension))
}

/// A number as kept, and its extension after 转.
fn split_extension(kept: &str) -> (&str, Option<&str>) {
    match kept.split_once('转') {
        Some((main, ext)) => (main, Some(ext)),
        None => (kept, None),
    }
}

fn with_extension(main: String, extension: Option<&str>) -> String {
    match extension {
        Some(ext) => format!("{main}转{ext}"),
        None => main,
    }
}

/// The other forms a ticket may keep the line kept as `kept` in, for looking a caller up and
/// masking: a landline of the city the other way (`same_line`), and a landline with its area
/// code with and without the code's 0 (`5318888888` for `05318888888`, as tickets kept it
/// before the 0 was given back, and the other way for one kept so), an extension kept after
/// each.
pub fn other_forms(kept: &str, area_code: &str) -> Vec<String> {
    let (main, extension) = split_extension(kept);
    let trunkless = (main.strip_prefix('0'))
        .filter(|rest| without_trunk(rest).is_some())
        .map(str::to_string);
    let dialled = without_trunk(main);
    (same_line(kept, area_code).into_iter())
        .chain(trunkless.or(dialled).map(|m| with_extension(m, extension)))
        .collect()
}

/// Every way a phone kept as `kept` may be written and still be the caller's line: as kept,
/// and its `other_forms`, each with and without its extension; the longest first (a local
/// number stands inside the one with the area code), each once. Masking and keyword checks
/// ask of all of them.
pub fn line_forms(kept: &str, area_code: &str) -> Vec<String> {
    let mut forms: Vec<String> = Vec::new();
    for form in std::iter::once(kept.to_string()).chain(other_forms(kept, area_code)) {
        let main = form.split('转').next().unwrap_or(&form).to_string();
        forms.extend([form.clone(), main]);
    }
    forms.retain(|f| !f.is_empty());
    forms.sort_by(|a, b| b.len().cmp(&a.len()).then_with(|| a.cmp(b)));
    forms.dedup();
    forms
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

/// A digit, ASCII or full-width, as ASCII.
fn ascii_digit(c: char) -> Option<char> {
    match c {
        '0'..='9' => Some(c),
        '０'..='９' => char::from_u32('0' as u32 + (c as u32 - '０' as u32)),
        _ => None,
    }
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
    fn a_line_is_looked_up_in_the_forms_tickets_keep_it_in() {
        // The city's landline the other way, and a number with its area code as kept before
        // the code's 0 was given back.
        assert_eq!(other_forms("7654321", "0633"), ["06337654321"]);
        assert_eq!(
            other_forms("06337654321转801", "0633"),
            ["7654321转801", "6337654321转801"]
        );
        assert_eq!(other_forms("05318888888", ""), ["5318888888"]);
        assert_eq!(other_forms("5318888888转9", ""), ["05318888888转9"]);
        assert!(other_forms("13900001111", "0633").is_empty());
        assert!(other_forms("01088888888", "").is_empty());
    }

    #[test]
    fn a_line_is_every_form_of_it_longest_first() {
        assert_eq!(
            line_forms("06337654321转801", "0633"),
            // Longest in bytes: 转 takes three. Also as written without the area code's 0.
            [
                "06337654321转801",
                "6337654321转801",
                "7654321转801",
                "06337654321",
                "6337654321",
                "7654321"
            ]
        );
        assert_eq!(line_forms("05318888888", ""), ["05318888888", "5318888888"]);
        assert_eq!(line_forms("13900001111", "0633"), ["13900001111"]);
        assert_eq!(line_forms("7654321", ""), ["7654321"]);
        assert!(line_forms("", "0633").is_empty());
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
            // A landline's area code written without its leading 0.
            ("531-8888888", "05318888888"),
            ("633 7654 3210", "063376543210"),
            ("21 6888 8888 转 12", "02168888888转12"),
            // Not rewritten: anything starting with 1 (Beijing's 10 reads as a 106 text
            // number), Hong Kong and Macau without their +.
            ("10-8888-8888", "1088888888"),
            ("1069012345", "1069012345"),
            ("852 9123 4567", "85291234567"),
            // Service numbers of ten digits stay.
            ("400-810-8888", "4008108888"),
            ("800 810 8888", "8008108888"),
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
        // Not digits: refused, never sliced inside a character.
        assert!(normalise_phone("05，1234567").is_err());
        assert!(other_forms("05，1234567", "0633").is_empty());
        assert!(other_forms("５３１８８８８８８８", "").is_empty());
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
