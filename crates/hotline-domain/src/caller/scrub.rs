//! A confidential caller's phone and name masked wherever the centre wrote them into a ticket's
//! texts (`Caller::scrub_json`): the phone in every form it may be written in, every other
//! mobile number too.
use super::{ascii_digit, line_forms, mask_phone, same_line, Caller};

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
        // Every form of the line, the longest first; shorter than any phone, a run of digits
        // could be part of anything.
        let phones: Vec<SecretPhone> = (line_forms(phone, area_code).iter())
            .filter(|p| p.chars().count() >= 7)
            .map(|p| secret(p))
            .collect();
        let named = name.chars().count() >= 2 && name != "保密";
        let secrets = Secrets {
            phones,
            // A one-character name would mask that character everywhere.
            name: (named && !name.is_ascii()).then_some(name),
            // A Latin one could be part of a field's code ("visit" in "pending_visit"): only
            // in what people wrote, as a whole word.
            latin_name: (named && name.is_ascii() && name.bytes().any(|b| b.is_ascii_alphabetic()))
                .then(|| name.to_ascii_lowercase()),
        };
        // A bare string is a text someone wrote (a file's name, a reply read by the public).
        let written = value.is_string();
        scrub(value, &secrets, written);
    }
}

/// What `scrub_json` masks, worked out once for the whole walk.
struct Secrets<'a> {
    /// The phone as kept and, for a landline of the city, the same line written the other way.
    phones: Vec<SecretPhone>,
    name: Option<&'a str>,
    /// A name in Latin letters, lowercased: masked in `WRITTEN` fields, as a whole word in
    /// any case.
    latin_name: Option<String>,
}

/// The fields people write in (the centre's texts, a caller's name in an edit, a file's name):
/// where a name in Latin letters may stand. Every other string is a code, a state or a time.
const WRITTEN: [&str; 15] = [
    "subject",
    "record",
    "time_text",
    "person",
    "event",
    "demand",
    "address",
    "work_unit",
    "name",
    "note",
    "reason",
    "result",
    "answer",
    "channel_told",
    "comment",
];

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

/// Mask the secrets in every string of `value` but ticket numbers; `written`: `value` is (in)
/// a field people write in (`WRITTEN`).
fn scrub(value: &mut serde_json::Value, secrets: &Secrets, written: bool) {
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
            if let Some(masked) = (secrets.latin_name.as_deref())
                .filter(|_| written)
                .and_then(|name| replace_latin_words(s, name))
            {
                *s = masked;
            }
            if let Some(masked) = mask_mobiles(s) {
                *s = masked;
            }
        }
        Value::Array(items) => items.iter_mut().for_each(|v| scrub(v, secrets, written)),
        Value::Object(fields) => fields
            .iter_mut()
            .filter(|(k, _)| k.as_str() != "number")
            .for_each(|(k, v)| scrub(v, secrets, WRITTEN.contains(&k.as_str()))),
        _ => {}
    }
}

/// `text` with `name` (lowercase ASCII) replaced by 保密 wherever it stands as a whole word in
/// any case (no ASCII letter, digit or underscore right before or after it: "Li Wei" in
/// "来电人Li Wei反映", not "Lee" in "Leeds" nor "or" in a code such as `secrets_or_privacy`);
/// `None` when it stands nowhere so.
fn replace_latin_words(text: &str, name: &str) -> Option<String> {
    // ASCII lowercasing keeps every byte where it is.
    let lower = text.to_ascii_lowercase();
    let is_word = |c: Option<char>| c.is_some_and(|c| c.is_ascii_alphanumeric() || c == '_');
    let mut out = String::with_capacity(text.len());
    let mut last = 0;
    for (at, _) in lower.match_indices(name) {
        if at < last
            || is_word(text[..at].chars().next_back())
            || is_word(text[at + name.len()..].chars().next())
        {
            continue;
        }
        out.push_str(&text[last..at]);
        out.push_str("保密");
        last = at + name.len();
    }
    if last == 0 {
        return None;
    }
    out.push_str(&text[last..]);
    Some(out)
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

#[cfg(test)]
mod tests {
    use super::super::normalise_phone;
    use super::*;

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
    fn a_latin_name_is_masked_as_a_word_in_what_people_wrote_and_nowhere_else() {
        let caller = Caller {
            name: "Li Wei".into(),
            phone: "13812345678".into(),
            confidential: true,
            ..Default::default()
        };
        let mut v = serde_json::json!({
            "record": "来电人Li Wei反映,LI WEI说楼下噪音;li weiwei 不是他",
            "edit": {"caller": {"name": "Li Wei"}},
            "attachments": [{"name": "li wei.jpg"}],
            "state": "li wei",
        });
        caller.scrub_json(&mut v, "");
        assert_eq!(
            v["record"],
            "来电人保密反映,保密说楼下噪音;li weiwei 不是他"
        );
        assert_eq!(v["edit"]["caller"]["name"], "保密");
        assert_eq!(v["attachments"][0]["name"], "保密.jpg");
        assert_eq!(v["state"], "li wei", "codes and states are left alone");
        // A one-word name that is also a code stays in codes, goes from texts.
        let visit = Caller {
            name: "Visit".into(),
            ..caller
        };
        let mut v = serde_json::json!({"state": "pending_visit", "note": "visit 来电"});
        visit.scrub_json(&mut v, "");
        assert_eq!(
            v,
            serde_json::json!({"state": "pending_visit", "note": "保密 来电"})
        );
        // Nor in a written field's code: a reason not to accept is a code word.
        let or = Caller {
            name: "Or".into(),
            ..visit
        };
        let mut v = serde_json::json!({"reason": "secrets_or_privacy", "note": "or 来电"});
        or.scrub_json(&mut v, "");
        assert_eq!(
            v,
            serde_json::json!({"reason": "secrets_or_privacy", "note": "保密 来电"})
        );
        // A bare text (a file's name) is a written one.
        let mut name = serde_json::json!("OR照片.jpg");
        or.scrub_json(&mut name, "");
        assert_eq!(name, "保密照片.jpg");
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
}
