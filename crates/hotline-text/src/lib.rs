//! Chinese text intelligence for the intake screen, as pure compute: no I/O besides the bytes and
//! strings the caller passes in, no async, no database. `route` is the routing classifier
//! (ticket text → category, with calibrated confidence, top-k and the terms that drove it).
#![forbid(unsafe_code)]

pub mod dedup;
pub mod elements;
pub mod route;
pub mod screen;

/// Where a sentence ends: full stops, question and exclamation marks, semicolons, line breaks.
/// The scope screen, the time reader and the event/demand split all cut sentences here.
pub(crate) fn is_sentence_break(c: char) -> bool {
    matches!(c, '。' | '！' | '？' | '；' | '!' | '?' | ';' | '\n' | '\r')
}
