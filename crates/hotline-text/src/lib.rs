//! Chinese text intelligence for the intake screen, as pure compute: no I/O besides the bytes and
//! strings the caller passes in, no async, no database. `route` is the routing classifier
//! (ticket text → category, with calibrated confidence, top-k and the terms that drove it).
#![forbid(unsafe_code)]

pub mod dedup;
pub mod elements;
pub mod route;
pub mod screen;
pub mod script;

/// A full-width letter, digit or sign (ＥＴＣ, １２３４５, typed with a Chinese input method) as
/// its ASCII form, the ideographic space as a space; any other character as it is.
pub fn fold_width(c: char) -> char {
    match c {
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        '\u{3000}' => ' ',
        _ => c,
    }
}

/// Format characters that show nothing (zero-width spaces, direction marks, soft hyphens…)
/// are read as if absent, so "路\u{200B}灯" is 路灯: the set that keeps them out of stored
/// tickets, since files given to the command line come with them still in.
pub use hotline_domain::text::is_invisible;

/// Where a sentence ends: full stops, question and exclamation marks, semicolons, line breaks.
/// The scope screen, the time reader and the event/demand split all cut sentences here.
pub(crate) fn is_sentence_break(c: char) -> bool {
    matches!(c, '。' | '！' | '？' | '；' | '!' | '?' | ';' | '\n' | '\r')
}
