//! Repeats and class cases (重复件与类案): near-duplicate detection and clustering of ticket texts.
//!
//! - `normalise`, `shingles`, `jaccard`: texts reduced to character trigrams (full-width folded,
//!   punctuation and boilerplate lead-ins dropped) and their exact Jaccard similarity;
//!   `Overlap` also tells how much of one text the other holds (a draft typed halfway).
//! - `Signature`: a deterministic 64-hash MinHash of the trigrams, one byte per hash (b-bit);
//!   `Fingerprint` keeps a sample of the trigrams, to tell how much of one text another holds.
//! - `NearDupIndex`: LSH banding over signatures; `insert`, `remove`, `query` return the most
//!   similar indexed texts with an estimated Jaccard score. A few hundred bytes per text.
//! - `shared_phrases`: the longest phrases two texts share, to show the operator why they match.
//! - `cluster`: class cases, texts of one category about the same problem in many places;
//!   `labelled` and `pair_scores` score it on the shipped labelled sets.
mod cluster;
mod index;
mod labelled;
mod minhash;
mod text;

pub use cluster::{cluster, Cluster, CLASS_CASE_SIMILARITY};
pub use index::{Match, NearDupIndex, Params, BANDS, DEFAULT_MIN_SCORE, ROWS};
pub use labelled::{
    labelled, pair_scores, pair_scores_by_set, LabelledText, PairScores, LABELLED_SETS,
};
pub use minhash::{Fingerprint, Signature, HASHES};
pub use text::{
    jaccard, jaccard_of_shingles, normalise, shared_phrases, shingles, Overlap, MIN_CONTAINED,
    MIN_PHRASE, SHINGLE,
};

#[cfg(test)]
mod tests;
