//! What the hotline keeps of a typed or pasted text: no invisible characters, and a line kept
//! on one line.
//!
//! Texts come from operators' keyboards, web forms, WeChat and pasted documents. Those carry
//! characters nobody sees: zero-width spaces and joiners, byte-order marks, soft hyphens and the
//! direction marks, embeddings, overrides and isolates of bidirectional text. In Chinese text
//! they mean nothing, yet they split a word for search ("中\u{200B}山路" is not 中山路), make two
//! equal names differ, and a right-to-left override shows a name to a unit backwards from what
//! is stored. So they are taken out wherever a ticket's text is kept.

/// Whether `c` is a character that shows nothing: soft hyphen, combining grapheme joiner,
/// Mongolian vowel separator, zero-width space / non-joiner / joiner, the left-to-right,
/// right-to-left and Arabic letter marks, the bidirectional embeddings, overrides and isolates,
/// the word joiner and the invisible operators, the byte-order mark (zero-width no-break
/// space), the interlinear annotation marks, the tag characters, and the blanks that pass for
/// letters (Hangul fillers, the Braille blank). The zero-width joiner goes too: an emoji
/// sequence it joins (a family) shows as its separate emoji.
pub fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{00AD}'
            | '\u{034F}'
            | '\u{061C}'
            | '\u{115F}'
            | '\u{1160}'
            | '\u{180E}'
            | '\u{200B}'..='\u{200F}'
            | '\u{202A}'..='\u{202E}'
            | '\u{2060}'..='\u{2064}'
            | '\u{2066}'..='\u{2069}'
            | '\u{2800}'
            | '\u{3164}'
            | '\u{FEFF}'
            | '\u{FFA0}'
            | '\u{FFF9}'..='\u{FFFB}'
            | '\u{E0000}'..='\u{E007F}'
    )
}

/// `text` without invisible characters, and without control characters other than line
/// breaks and tabs; the Unicode line and paragraph separators and a lone carriage return
/// become line breaks; trimmed. Paragraphs stay as written.
pub fn tidy(text: &str) -> String {
    let lines = text.replace("\r\n", "\n");
    lines
        .chars()
        .filter_map(|c| match c {
            '\u{2028}' | '\u{2029}' | '\r' => Some('\n'),
            c if is_invisible(c) || (c.is_control() && !matches!(c, '\n' | '\t')) => None,
            c => Some(c),
        })
        .collect::<String>()
        .trim()
        .to_string()
}

/// Whether `text` says anything: it holds a letter, a digit or a Chinese character, not only
/// punctuation, symbols, spaces and invisible characters ("。。。" gives no reason).
pub fn says_something(text: &str) -> bool {
    text.chars()
        .any(|c| c.is_alphanumeric() && !is_invisible(c))
}

/// `text` on one line: invisible characters out, and line breaks, tabs, other control
/// characters and the Unicode line and paragraph separators (with the spaces around them)
/// become one space; trimmed. For what heads a row or fills a field: a subject, a title, a
/// name, an address.
pub fn one_line(text: &str) -> String {
    let visible: String = text.chars().filter(|&c| !is_invisible(c)).collect();
    visible
        .split(|c: char| c.is_control() || c == '\u{2028}' || c == '\u{2029}')
        .map(str::trim)
        .filter(|part| !part.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// At most `chars` characters of `text`, with "…" when it was longer: a quote or a summary
/// cut at a character, never inside one.
pub fn clipped(text: &str, chars: usize) -> String {
    match text.char_indices().nth(chars) {
        Some((at, _)) => format!("{}…", &text[..at]),
        None => text.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_texts_are_clipped_at_a_character() {
        assert_eq!(clipped("古树移栽", 2), "古树…");
        assert_eq!(clipped("古树", 2), "古树");
        assert_eq!(clipped("", 2), "");
    }

    #[test]
    fn invisible_characters_go() {
        assert_eq!(tidy("中\u{200B}山路\u{FEFF}"), "中山路");
        assert_eq!(one_line("\u{202E}王建国\u{202C}"), "王建国");
        assert_eq!(one_line("李\u{2066}四\u{2069}\u{00AD}"), "李四");
        assert_eq!(tidy("路灯\u{200D}坏了\u{200E}"), "路灯坏了");
        // Visible characters around them stay, spaces included.
        assert_eq!(one_line("A 座 3\u{2060}01"), "A 座 301");
    }

    #[test]
    fn punctuation_and_invisible_characters_say_nothing() {
        for nothing in ["", "  ", "。。。", "!!!……", "\u{200B}\u{3164}", "——？"] {
            assert!(!says_something(nothing), "{nothing:?}");
        }
        for something in ["同一事项", "见 1 号单", "ok", "１"] {
            assert!(says_something(something), "{something:?}");
        }
    }

    #[test]
    fn a_tidied_text_keeps_its_paragraphs() {
        assert_eq!(
            tidy("  第一段\n\n第二段\t完\u{0007} "),
            "第一段\n\n第二段\t完"
        );
        assert_eq!(tidy("\r\n来电\r\n"), "来电");
        assert_eq!(tidy("一\r\n二\r三\u{2028}四"), "一\n二\n三\n四");
        assert_eq!(tidy("空\u{3164}\u{2800}\u{061C}\u{E0041}白"), "空白");
    }

    #[test]
    fn a_line_is_one_line() {
        assert_eq!(one_line("路灯\n不亮"), "路灯 不亮");
        assert_eq!(one_line("路灯 \r\n\t 不亮\u{2028}三天"), "路灯 不亮 三天");
        assert_eq!(one_line("\n\u{2029}"), "");
        assert_eq!(one_line("  中山路 12 号 "), "中山路 12 号");
    }
}
