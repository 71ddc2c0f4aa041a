//! MinHash signatures of shingle sets, stored b-bit: one byte per hash function.
//!
//! A full 32-bit minimum per hash would cost four times the memory for almost no accuracy: two
//! texts agree on the low byte of a mixed minimum when the minima are equal (probability J, the
//! Jaccard similarity) or by chance (1/256 otherwise), so the share of agreeing bytes still
//! estimates J after removing the chance term (Li & König, "b-Bit Minwise Hashing", 2010).
use super::text::{mix64, overlap, shingles};

/// Hash functions per signature (bytes per indexed text).
pub const HASHES: usize = 64;

/// The `HASHES` multiply-add permutations `h(x) = (a·x + b) >> 32`, fixed at compile time from
/// one seed: signatures are the same in every process and every run.
const PERMUTATIONS: [(u64, u64); HASHES] = {
    let mut out = [(0u64, 0u64); HASHES];
    let mut state: u64 = 0x1234_5678_9ABC_DEF0;
    let mut i = 0;
    while i < HASHES {
        state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let a = mix64(state) | 1;
        state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let b = mix64(state);
        out[i] = (a, b);
        i += 1;
    }
    out
};

/// A text's MinHash signature: `HASHES` bytes.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Signature(pub(crate) [u8; HASHES]);

impl Signature {
    /// The signature of a set of hashed shingles; `None` for an empty set (a text with no
    /// letters or digits), which matches nothing.
    pub fn of_shingles(shingles: &[u64]) -> Option<Signature> {
        if shingles.is_empty() {
            return None;
        }
        let mut mins = [u32::MAX; HASHES];
        for &x in shingles {
            for (m, (a, b)) in mins.iter_mut().zip(PERMUTATIONS.iter()) {
                let h = (a.wrapping_mul(x).wrapping_add(*b) >> 32) as u32;
                *m = (*m).min(h);
            }
        }
        // The low bits of a minimum are as good as uniform, but mix before keeping one byte so
        // that no bias of the permutation family shows.
        Some(Signature(
            mins.map(|m| (m.wrapping_mul(0x9E37_79B1) >> 24) as u8),
        ))
    }

    /// The signature of a text's trigrams (after `normalise`).
    pub fn of_text(text: &str) -> Option<Signature> {
        Signature::of_shingles(&shingles(text))
    }

    pub fn bytes(&self) -> &[u8; HASHES] {
        &self.0
    }

    /// The estimated Jaccard similarity of the two texts.
    pub fn similarity(&self, other: &Signature) -> f32 {
        estimate(&self.0, &other.0)
    }
}

/// Estimated Jaccard similarity from two b-bit signatures: the share of equal bytes, less the
/// 1/256 that agree by chance, rescaled to 0..=1.
pub(crate) fn estimate(a: &[u8], b: &[u8]) -> f32 {
    const CHANCE: f32 = 1.0 / 256.0;
    let equal = a.iter().zip(b).filter(|(x, y)| x == y).count();
    let share = equal as f32 / a.len().max(1) as f32;
    ((share - CHANCE) / (1.0 - CHANCE)).clamp(0.0, 1.0)
}

/// Trigrams a `Fingerprint` keeps.
const SAMPLE: usize = 64;

/// A sample of a text's trigrams (the `SAMPLE` smallest hashes: the hashes are mixed, so that
/// is a uniform sample): enough to tell later, without keeping the text, how much of it
/// another text holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fingerprint {
    sample: Vec<u64>,
}

impl Fingerprint {
    pub fn of_text(text: &str) -> Fingerprint {
        let mut sample = shingles(text);
        sample.truncate(SAMPLE);
        Fingerprint { sample }
    }

    /// The share of this text's trigrams that `text` has too (exact for a text of up to
    /// `SAMPLE` trigrams, estimated from the sample beyond): 1.0 for the same text or one that
    /// holds it all, about 0.5 for a text against its first half, 0.0 when either has no
    /// letters or digits.
    pub fn contained_in(&self, text: &str) -> f32 {
        if self.sample.is_empty() {
            return 0.0;
        }
        overlap(&self.sample, &shingles(text)) as f32 / self.sample.len() as f32
    }
}
