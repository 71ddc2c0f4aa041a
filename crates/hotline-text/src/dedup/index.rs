//! `NearDupIndex`: locality-sensitive hashing over b-bit MinHash signatures, sized for a
//! million tickets.
//!
//! Layout, per indexed text (a "slot"): its signature (`HASHES` bytes), its id, and one chain
//! link per band. Each band has a table of chain heads; a text sits in the chain of the bucket
//! its band's bytes hash to, newest first. The band key is read back from the stored signature,
//! so nothing else is kept, and a chain can hold several keys (checked while walking it). There
//! is no per-bucket allocation, so a million texts cost a few hundred bytes each (see
//! `memory_bytes`), not the kilobytes a map of vectors would.
use std::collections::HashMap;

use super::minhash::{estimate, Signature, HASHES};

/// Rows (signature bytes) per band. With three rows and `BANDS` bands, two texts become
/// candidates with probability 1 − (1 − J³)^BANDS: 0.94 at J = 0.5, 0.99 at J = 0.6, 0.16 at
/// J = 0.2; the estimated score then decides.
pub const ROWS: usize = 3;
/// Bands per signature (`BANDS × ROWS ≤ HASHES`; the rest of the signature only scores).
pub const BANDS: usize = HASHES / ROWS;

/// Chain links examined per band and query. Chains are newest first, so a band value shared by
/// many texts (a common template) yields its most recent texts and the lookup stays bounded.
const MAX_WALK: usize = 128;

const NIL: u32 = u32::MAX;
/// The id of a free slot.
const FREE: i64 = i64::MIN;

/// Settings of an index.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Params {
    /// Lowest estimated Jaccard similarity a query reports.
    pub min_score: f32,
}

/// The threshold measured on real messages (`hotline bench repeats`): at 0.5, 0.91 of the pairs
/// with the same subject or body are found, and a hand check found 95% of the other pairs it
/// reports to be the same matter re-posted under another subject.
pub const DEFAULT_MIN_SCORE: f32 = 0.5;

impl Default for Params {
    fn default() -> Self {
        Params {
            min_score: DEFAULT_MIN_SCORE,
        }
    }
}

/// A near-duplicate found by a query.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Match {
    pub id: i64,
    /// Estimated Jaccard similarity of the texts' trigrams, 0..=1.
    pub score: f32,
    /// Bands the texts share (how the match was found; at most `BANDS`).
    pub bands: u8,
}

/// Near-duplicate texts by id. Inserting an id again replaces its text.
#[derive(Debug, Clone)]
pub struct NearDupIndex {
    params: Params,
    /// `HASHES` bytes per slot.
    sigs: Vec<u8>,
    /// The id in each slot, `FREE` for a removed one.
    ids: Vec<i64>,
    slots: HashMap<i64, u32>,
    free: Vec<u32>,
    /// `BANDS` tables of `buckets` chain heads each.
    heads: Vec<u32>,
    /// `BANDS` links per slot: the next older slot in the same bucket.
    next: Vec<u32>,
    buckets: usize,
}

impl Default for NearDupIndex {
    fn default() -> Self {
        NearDupIndex::new(Params::default())
    }
}

/// Where a band's bytes go: its bucket in the band's table.
fn bucket(band: usize, key: &[u8], buckets: usize) -> usize {
    let k = key
        .iter()
        .fold(band as u64 + 1, |acc, b| (acc << 8) | u64::from(*b));
    (super::text::mix64(k) as usize) & (buckets - 1)
}

impl NearDupIndex {
    pub fn new(params: Params) -> Self {
        NearDupIndex::with_capacity(params, 0)
    }

    /// An index with room for `n` texts before its tables grow.
    pub fn with_capacity(params: Params, n: usize) -> Self {
        let buckets = Self::buckets_for(n);
        NearDupIndex {
            params,
            sigs: Vec::with_capacity(n * HASHES),
            ids: Vec::with_capacity(n),
            slots: HashMap::with_capacity(n),
            free: Vec::new(),
            heads: vec![NIL; buckets * BANDS],
            next: Vec::with_capacity(n * BANDS),
            buckets,
        }
    }

    /// Make room for `additional` more texts at once: the tables grow now, in one step, rather
    /// than while they are being filled.
    pub fn reserve(&mut self, additional: usize) {
        let want = self.slots.len() + additional;
        if want > self.buckets * 2 {
            self.rebuild(Self::buckets_for(want));
        }
        self.slots.reserve(additional);
        self.ids.reserve(additional);
        self.sigs.reserve(additional * HASHES);
        self.next.reserve(additional * BANDS);
    }

    /// Two slots per bucket on average at most: chains stay short, heads stay small.
    fn buckets_for(n: usize) -> usize {
        (n / 2).next_power_of_two().max(256)
    }

    pub fn params(&self) -> Params {
        self.params
    }

    /// Texts indexed.
    pub fn len(&self) -> usize {
        self.slots.len()
    }

    pub fn is_empty(&self) -> bool {
        self.slots.is_empty()
    }

    pub fn contains(&self, id: i64) -> bool {
        self.slots.contains_key(&id)
    }

    /// Heap bytes held (capacities, not lengths), with the id map's entries estimated at the
    /// standard map's layout (key, value and one control byte, at its load factor).
    pub fn memory_bytes(&self) -> usize {
        let map = self.slots.capacity() * 8 / 7 * (std::mem::size_of::<(i64, u32)>() + 1);
        self.sigs.capacity()
            + self.ids.capacity() * 8
            + self.free.capacity() * 4
            + self.heads.capacity() * 4
            + self.next.capacity() * 4
            + map
    }

    fn band_key(&self, slot: u32, band: usize) -> &[u8] {
        let at = slot as usize * HASHES + band * ROWS;
        &self.sigs[at..at + ROWS]
    }

    fn sig(&self, slot: u32) -> &[u8] {
        let at = slot as usize * HASHES;
        &self.sigs[at..at + HASHES]
    }

    /// Index a text under `id`, replacing what the id had. A text without letters or digits is
    /// not indexed (false).
    pub fn insert(&mut self, id: i64, text: &str) -> bool {
        match Signature::of_text(text) {
            Some(sig) => {
                self.insert_signature(id, &sig);
                true
            }
            None => {
                self.remove(id);
                false
            }
        }
    }

    /// Index a signature computed elsewhere (e.g. on other threads while loading).
    pub fn insert_signature(&mut self, id: i64, sig: &Signature) {
        self.remove(id);
        if self.slots.len() + 1 > self.buckets * 2 {
            self.rebuild(Self::buckets_for((self.slots.len() + 1) * 2));
        }
        let slot = match self.free.pop() {
            Some(s) => {
                let at = s as usize * HASHES;
                self.sigs[at..at + HASHES].copy_from_slice(&sig.0);
                self.ids[s as usize] = id;
                s
            }
            None => {
                let s = u32::try_from(self.ids.len()).unwrap_or(NIL);
                assert!(s != NIL, "NearDupIndex holds at most 2^32 - 1 texts");
                self.sigs.extend_from_slice(&sig.0);
                self.ids.push(id);
                self.next.extend_from_slice(&[NIL; BANDS]);
                s
            }
        };
        self.slots.insert(id, slot);
        self.link(slot);
    }

    /// Put a slot at the head of its bucket's chain in every band.
    fn link(&mut self, slot: u32) {
        for band in 0..BANDS {
            let h = band * self.buckets + bucket(band, self.band_key(slot, band), self.buckets);
            self.next[slot as usize * BANDS + band] = self.heads[h];
            self.heads[h] = slot;
        }
    }

    /// Grow the head tables and relink every slot, oldest first so chains stay newest first.
    fn rebuild(&mut self, buckets: usize) {
        self.buckets = buckets;
        self.heads = vec![NIL; buckets * BANDS];
        let mut live: Vec<u32> = self.slots.values().copied().collect();
        live.sort_unstable();
        for slot in live {
            self.link(slot);
        }
    }

    /// Forget an id; false if it was not indexed.
    pub fn remove(&mut self, id: i64) -> bool {
        let Some(slot) = self.slots.remove(&id) else {
            return false;
        };
        for band in 0..BANDS {
            let h = band * self.buckets + bucket(band, self.band_key(slot, band), self.buckets);
            let after = self.next[slot as usize * BANDS + band];
            if self.heads[h] == slot {
                self.heads[h] = after;
                continue;
            }
            let mut at = self.heads[h];
            while at != NIL {
                let link = at as usize * BANDS + band;
                if self.next[link] == slot {
                    self.next[link] = after;
                    break;
                }
                at = self.next[link];
            }
        }
        self.ids[slot as usize] = FREE;
        self.free.push(slot);
        true
    }

    /// The `k` indexed texts most similar to `text` with an estimated score of at least
    /// `min_score`, best first (newest first among equals).
    pub fn query(&self, text: &str, k: usize) -> Vec<Match> {
        match Signature::of_text(text) {
            Some(sig) => self.query_signature(&sig, k),
            None => Vec::new(),
        }
    }

    pub fn query_signature(&self, sig: &Signature, k: usize) -> Vec<Match> {
        self.query_signature_from(sig, k, self.params.min_score)
    }

    /// `query_signature` with another lowest score: candidates for a caller that scores them
    /// itself (how much of a draft typed halfway a ticket holds, which a signature cannot tell).
    pub fn query_signature_from(&self, sig: &Signature, k: usize, min_score: f32) -> Vec<Match> {
        let mut found: Vec<u32> = Vec::with_capacity(1024);
        for band in 0..BANDS {
            let key = &sig.0[band * ROWS..(band + 1) * ROWS];
            let mut at = self.heads[band * self.buckets + bucket(band, key, self.buckets)];
            let mut walked = 0;
            while at != NIL && walked < MAX_WALK {
                if self.band_key(at, band) == key {
                    found.push(at);
                }
                at = self.next[at as usize * BANDS + band];
                walked += 1;
            }
        }
        found.sort_unstable();
        let mut out: Vec<Match> = Vec::new();
        for run in found.chunk_by(|a, b| a == b) {
            let slot = run[0];
            let score = estimate(&sig.0, self.sig(slot));
            if score >= min_score {
                out.push(Match {
                    id: self.ids[slot as usize],
                    score,
                    bands: run.len() as u8,
                });
            }
        }
        out.sort_unstable_by(|a, b| b.score.total_cmp(&a.score).then(b.id.cmp(&a.id)));
        out.truncate(k);
        out
    }

    /// Every indexed id (in no particular order).
    pub fn ids(&self) -> impl Iterator<Item = i64> + '_ {
        self.slots.keys().copied()
    }
}
