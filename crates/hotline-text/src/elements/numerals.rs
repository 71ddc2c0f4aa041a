//! Numbers as callers say and write them: Arabic and full-width digits ("10", "１０"), Chinese
//! numerals with units ("十", "二十三", "一百零五", "两"), and digit-by-digit years ("二〇二六").

/// The value of one digit character, Arabic, full-width or Chinese.
pub fn digit(c: char) -> Option<u32> {
    match c {
        '0'..='9' => c.to_digit(10),
        '０'..='９' => Some(c as u32 - '０' as u32),
        '〇' | '零' => Some(0),
        '一' => Some(1),
        '二' | '两' => Some(2),
        '三' => Some(3),
        '四' => Some(4),
        '五' => Some(5),
        '六' => Some(6),
        '七' => Some(7),
        '八' => Some(8),
        '九' => Some(9),
        _ => None,
    }
}

fn unit(c: char) -> Option<u32> {
    match c {
        '十' => Some(10),
        '百' => Some(100),
        '千' => Some(1000),
        _ => None,
    }
}

/// Whether `c` can be part of a numeral.
pub fn is_numeral(c: char) -> bool {
    digit(c).is_some() || unit(c).is_some()
}

/// Whether `c` is an Arabic or full-width digit.
pub fn is_arabic(c: char) -> bool {
    c.is_ascii_digit() || ('０'..='９').contains(&c)
}

/// The numeral that starts at `chars[at]`: its value and how many characters it takes.
pub fn numeral_at(chars: &[char], at: usize) -> Option<(u32, usize)> {
    let len = chars[at.min(chars.len())..]
        .iter()
        .take(12)
        .take_while(|&&c| is_numeral(c))
        .count();
    if len == 0 {
        return None;
    }
    let run = &chars[at..at + len];
    let value = if run.iter().any(|&c| unit(c).is_some()) {
        with_units(run)?
    } else {
        // Digit by digit, whatever the script: "2026", "二〇二六", "35".
        run.iter()
            .try_fold(0u32, |acc, &c| acc.checked_mul(10)?.checked_add(digit(c)?))?
    };
    Some((value, len))
}

/// "二十三" = 23, "十五" = 15, "一百零五" = 105, "两千" = 2000.
fn with_units(run: &[char]) -> Option<u32> {
    let mut total = 0u32;
    let mut pending: Option<u32> = None;
    for &c in run {
        if let Some(d) = digit(c) {
            pending = Some(d);
        } else if let Some(u) = unit(c) {
            // A bare unit counts one of itself: "十五" is fifteen.
            total = total.checked_add(pending.unwrap_or(1).checked_mul(u)?)?;
            pending = None;
        }
    }
    total.checked_add(pending.unwrap_or(0))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn value(s: &str) -> Option<(u32, usize)> {
        let chars: Vec<char> = s.chars().collect();
        numeral_at(&chars, 0)
    }

    #[test]
    fn chinese_numerals_with_units_read_as_callers_mean_them() {
        assert_eq!(value("十点"), Some((10, 1)));
        assert_eq!(value("十五号"), Some((15, 2)));
        assert_eq!(value("二十三号"), Some((23, 3)));
        assert_eq!(value("三十"), Some((30, 2)));
        assert_eq!(value("两点"), Some((2, 1)));
        assert_eq!(value("一百零五号"), Some((105, 4)));
    }

    #[test]
    fn digit_strings_read_digit_by_digit_in_any_script() {
        assert_eq!(value("2026年"), Some((2026, 4)));
        assert_eq!(value("二〇二六年"), Some((2026, 4)));
        assert_eq!(value("１０日"), Some((10, 2)));
        assert_eq!(value("点"), None);
    }
}
