//! Class cases (类案): the same kind of problem raised in many places, found by grouping texts of
//! one category whose character-bigram TF-IDF vectors are close, with single linkage.
//!
//! Texts about the same problem in different places differ in names and details, so the
//! measure is looser than the repeat detector's: cosine similarity of TF-IDF weighted bigrams,
//! where the words a problem is described by (古树, 移栽) weigh more than the words every ticket
//! uses (社区, 反映). Candidate pairs come from shared heavy terms, so the work grows with the
//! number of texts, not its square.
use std::collections::HashMap;

use super::text::{normalise, shingle_hash, shingles_of};

/// Heaviest terms of a text that make candidate pairs.
const TOP_TERMS: usize = 8;
/// Texts sharing a term are all paired up to this many; above it each is paired with its
/// `WINDOW` neighbours (in input order), which single linkage still joins into one cluster.
const ALL_PAIRS: usize = 48;
const WINDOW: usize = 12;

/// A group of texts of one category about the same kind of problem.
#[derive(Debug, Clone, PartialEq)]
pub struct Cluster {
    pub category: String,
    /// Member ids, in input order.
    pub members: Vec<i64>,
    /// The medoid: the member most similar to the others, whose text represents the cluster.
    pub representative: i64,
    /// Mean similarity of the members to the representative, 0..=1.
    pub cohesion: f32,
}

/// Hashing for keys that are already mixed 64-bit hashes (hashed shingles): use them as they are.
#[derive(Default, Clone, Copy)]
struct Mixed;

#[derive(Default)]
struct MixedHasher(u64);

impl std::hash::BuildHasher for Mixed {
    type Hasher = MixedHasher;
    fn build_hasher(&self) -> MixedHasher {
        MixedHasher(0)
    }
}

impl std::hash::Hasher for MixedHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for b in bytes {
            self.0 = (self.0 << 8 | u64::from(*b)).rotate_left(5);
        }
    }
    fn write_u64(&mut self, x: u64) {
        self.0 = x;
    }
}

/// A sparse, unit-length TF-IDF vector, sorted by term.
type Vector = Vec<(u64, f32)>;

fn dot(a: &Vector, b: &Vector) -> f32 {
    let (mut i, mut j, mut s) = (0, 0, 0.0);
    while i < a.len() && j < b.len() {
        match a[i].0.cmp(&b[j].0) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                s += a[i].1 * b[j].1;
                i += 1;
                j += 1;
            }
        }
    }
    s
}

/// Bigram counts of each text, then TF-IDF with document frequencies over all of `texts`.
fn vectors(texts: &[&str]) -> Vec<Vector> {
    let counts: Vec<Vec<(u64, u32)>> = texts
        .iter()
        .map(|t| {
            let chars: Vec<char> = normalise(t).chars().collect();
            let mut grams: Vec<u64> = if chars.len() < 2 {
                shingles_of(&chars, 2)
            } else {
                chars.windows(2).map(shingle_hash).collect()
            };
            grams.sort_unstable();
            grams
                .chunk_by(|a, b| a == b)
                .map(|run| (run[0], run.len() as u32))
                .collect()
        })
        .collect();
    let mut df: HashMap<u64, u32, Mixed> = HashMap::default();
    for c in &counts {
        for (g, _) in c {
            *df.entry(*g).or_default() += 1;
        }
    }
    let n = texts.len() as f32;
    counts
        .into_iter()
        .map(|c| {
            let mut v: Vector = c
                .into_iter()
                .map(|(g, tf)| {
                    let idf = ((n + 1.0) / (df[&g] as f32 + 1.0)).ln() + 1.0;
                    (g, (1.0 + (tf as f32).ln()) * idf)
                })
                .collect();
            let norm = v.iter().map(|(_, w)| w * w).sum::<f32>().sqrt();
            if norm > 0.0 {
                v.iter_mut().for_each(|(_, w)| *w /= norm);
            }
            v
        })
        .collect()
}

fn find(parent: &mut [u32], mut x: u32) -> u32 {
    while parent[x as usize] != x {
        let up = parent[parent[x as usize] as usize];
        parent[x as usize] = up;
        x = up;
    }
    x
}

/// Clusters of at least two texts among `docs` (id, category, text): texts of the same
/// category whose bigram TF-IDF cosine similarity is at least `threshold` (0.5 is a good start)
/// are linked, and linked texts form a cluster. Largest first. Deterministic for a given input.
pub fn cluster<C: AsRef<str>, T: AsRef<str>>(docs: &[(i64, C, T)], threshold: f32) -> Vec<Cluster> {
    let texts: Vec<&str> = docs.iter().map(|d| d.2.as_ref()).collect();
    let vecs = vectors(&texts);
    let mut by_category: Vec<(&str, Vec<u32>)> = Vec::new();
    {
        let mut at: HashMap<&str, usize> = HashMap::new();
        for (i, d) in docs.iter().enumerate() {
            let c = d.1.as_ref();
            let k = *at.entry(c).or_insert_with(|| {
                by_category.push((c, Vec::new()));
                by_category.len() - 1
            });
            by_category[k].1.push(i as u32);
        }
    }
    let mut parent: Vec<u32> = (0..docs.len() as u32).collect();
    for (_, members) in &by_category {
        // Postings of each text's heaviest terms, within the category.
        let mut postings: HashMap<u64, Vec<u32>, Mixed> = HashMap::default();
        for &m in members {
            let mut terms = vecs[m as usize].clone();
            terms.sort_unstable_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
            for (t, _) in terms.into_iter().take(TOP_TERMS) {
                postings.entry(t).or_default().push(m);
            }
        }
        let mut pairs: Vec<(u32, u32)> = Vec::new();
        for list in postings.values() {
            for (i, &a) in list.iter().enumerate() {
                let reach = if list.len() <= ALL_PAIRS {
                    list.len()
                } else {
                    (i + 1 + WINDOW).min(list.len())
                };
                pairs.extend(list[i + 1..reach].iter().map(|&b| (a, b)));
            }
        }
        pairs.sort_unstable();
        pairs.dedup();
        for (a, b) in pairs {
            // Single linkage needs only connectivity: a pair already joined costs no product.
            let (ra, rb) = (find(&mut parent, a), find(&mut parent, b));
            if ra != rb && dot(&vecs[a as usize], &vecs[b as usize]) >= threshold {
                parent[ra.max(rb) as usize] = ra.min(rb);
            }
        }
    }
    let mut groups: HashMap<u32, Vec<u32>> = HashMap::new();
    for i in 0..docs.len() as u32 {
        let root = find(&mut parent, i);
        groups.entry(root).or_default().push(i);
    }
    let mut out: Vec<Cluster> = groups
        .into_values()
        .filter(|g| g.len() >= 2)
        .map(|mut g| {
            g.sort_unstable();
            // The sum of a member's similarities to all members is its product with the sum
            // of their vectors: the medoid in linear time.
            let mut sum: HashMap<u64, f32, Mixed> = HashMap::default();
            for &m in &g {
                for (t, w) in &vecs[m as usize] {
                    *sum.entry(*t).or_default() += w;
                }
            }
            let mut sum: Vector = sum.into_iter().collect();
            sum.sort_unstable_by_key(|(t, _)| *t);
            let (best, total) = g
                .iter()
                .map(|&m| (m, dot(&vecs[m as usize], &sum)))
                .fold((g[0], f32::MIN), |acc, x| if x.1 > acc.1 { x } else { acc });
            // Less the member's product with itself (1), over the others.
            let cohesion = (total - 1.0) / (g.len() - 1) as f32;
            Cluster {
                category: docs[best as usize].1.as_ref().to_string(),
                members: g.iter().map(|&m| docs[m as usize].0).collect(),
                representative: docs[best as usize].0,
                cohesion: cohesion.clamp(0.0, 1.0),
            }
        })
        .collect();
    out.sort_by(|a, b| {
        b.members
            .len()
            .cmp(&a.members.len())
            .then(a.members[0].cmp(&b.members[0]))
    });
    out
}
