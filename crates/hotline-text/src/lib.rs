//! Chinese text intelligence for the intake screen, as pure compute: no I/O besides the bytes and
//! strings the caller passes in, no async, no database. `route` is the routing classifier
//! (ticket text → category, with calibrated confidence, top-k and the terms that drove it).
#![forbid(unsafe_code)]

pub mod dedup;
pub mod elements;
pub mod route;
pub mod screen;

/// A full-width letter, digit or sign (ＥＴＣ, １２３４５, typed with a Chinese input method) as
/// its ASCII form, the ideographic space as a space; any other character as it is.
pub fn fold_width(c: char) -> char {
    match c {
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        '\u{3000}' => ' ',
        _ => c,
    }
}

/// Whether `c` is a format character that shows nothing (zero-width spaces and joiners,
/// direction marks and overrides, the byte-order mark, soft hyphens): read as if absent, so
/// "路\u{200B}灯" is 路灯. The same set as `hotline_domain::text::is_invisible`, which keeps them
/// out of stored tickets; files given to the command line come with them still in.
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

/// Where a sentence ends: full stops, question and exclamation marks, semicolons, line breaks.
/// The scope screen, the time reader and the event/demand split all cut sentences here.
pub(crate) fn is_sentence_break(c: char) -> bool {
    matches!(c, '。' | '！' | '？' | '；' | '!' | '?' | ';' | '\n' | '\r')
}
