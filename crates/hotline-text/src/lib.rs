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

/// Where a sentence ends: full stops, question and exclamation marks, semicolons, line breaks.
/// The scope screen, the time reader and the event/demand split all cut sentences here.
pub(crate) fn is_sentence_break(c: char) -> bool {
    matches!(c, '。' | '！' | '？' | '；' | '!' | '?' | ';' | '\n' | '\r')
}
