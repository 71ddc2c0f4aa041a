//! The project's own feature hashes, fixed forever because saved models depend on them (a change
//! needs a new `FORMAT_VERSION`): FNV-1a with MurmurHash3's finaliser for terms, and a packed
//! multiply-xorshift for character n-grams of up to three characters (the hot path).

const FNV_OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
const FNV_PRIME: u64 = 0x0000_0100_0000_01b3;
const NS_PAIR: u64 = 0x5150_4149_5200_0002;
const NS_CHARS: u64 = 0x5143_4841_5200_0003;
const NS_HEAD: u64 = 0x5148_4541_4400_0004;
const GOLDEN: u64 = 0x9e37_79b9_7f4a_7c15;

/// MurmurHash3's 64-bit finaliser: every input bit reaches every output bit.
pub fn avalanche(mut h: u64) -> u64 {
    h ^= h >> 33;
    h = h.wrapping_mul(0xff51_afd7_ed55_8ccd);
    h ^= h >> 33;
    h = h.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
    h ^ (h >> 33)
}

/// A term.
pub fn term(word: &str) -> u64 {
    let mut h = FNV_OFFSET;
    for &b in word.as_bytes() {
        h = (h ^ u64::from(b)).wrapping_mul(FNV_PRIME);
    }
    avalanche(h)
}

/// Two adjacent terms, from their hashes.
pub fn pair(first: u64, second: u64) -> u64 {
    avalanche(first.rotate_left(23) ^ second ^ NS_PAIR)
}

/// A term in the head of a text (see `FeatureConfig::head_terms`), from its hash.
pub fn head(term: u64) -> u64 {
    avalanche(term ^ NS_HEAD)
}

/// A character n-gram. Up to three characters (21 bits each) pack into one word exactly, and
/// no character of a term is U+0000, so the packing is unique; one full 64×64→128-bit multiply,
/// folded, mixes it (as wyhash and mum-hash do).
pub fn chars(gram: &[u32]) -> u64 {
    if let [a, rest @ ..] = gram {
        if rest.len() <= 2 {
            let b = rest.first().copied().unwrap_or(0);
            let c = rest.get(1).copied().unwrap_or(0);
            let packed = u64::from(*a) | u64::from(b) << 21 | u64::from(c) << 42;
            let m = u128::from(packed ^ NS_CHARS) * u128::from(GOLDEN);
            return (m >> 64) as u64 ^ m as u64;
        }
    }
    let mut h = FNV_OFFSET ^ NS_CHARS ^ gram.len() as u64;
    for &c in gram {
        h = (h ^ u64::from(c)).wrapping_mul(FNV_PRIME);
    }
    avalanche(h)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashes_are_stable() {
        // Saved models depend on these values.
        assert_eq!(term("噪音"), 0x2885_9130_4c63_9782);
        assert_eq!(chars(&[0x566a, 0x97f3]), 0x177f_0548_028f_a62d);
        assert_eq!(
            chars(&[0x566a, 0x97f3, 0x6270, 0x6c11]),
            0x0845_b8e5_24b6_e3e5
        );
        assert_eq!(pair(term("噪音"), term("扰民")), 0x0f2c_d394_3f97_d30e);
    }

    #[test]
    fn ngrams_of_different_lengths_differ() {
        assert_ne!(chars(&[0x566a]), chars(&[0x566a, 0x97f3]));
        assert_ne!(chars(&[0x566a, 0x97f3]), chars(&[0x97f3, 0x566a]));
    }
}
