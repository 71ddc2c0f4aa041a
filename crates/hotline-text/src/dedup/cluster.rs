//! Class cases (类案): the same kind of problem raised in many places, found by grouping texts of
//! one category with average linkage over what sets each text apart within its category.
//!
//! Texts about one problem in different places are told in other words (树枝伸进窗户, 大树挡光,
//! 楼前的树太高晒不到太阳), so they share few phrases but many characters: a text is its Chinese
//! characters, TF-IDF weighted over all the texts, the hotline's own formulas (来电人反映,
//! 希望尽快处理) left out. Every text of a category shares the category's words (every 路灯
//! ticket says 灯), so part of the category's mean is taken out of each text before they are
//! compared: what is left is what one problem's texts share and another's do not.
//!
//! Groups are joined by average linkage: two groups merge while their texts are on average
//! alike, so a group grows by texts like its members on the whole, not by a chain of texts each
//! like the last. Groups are compared when two of their texts share a distinctive character
//! (above `ALL_PAIRS` texts per character, each with its `WINDOW` next ones); the comparison
//! itself is exact, one product of the groups' sums, whose cost grows with their vocabulary.
use std::collections::{BinaryHeap, HashMap};
use std::sync::OnceLock;

use aho_corasick::AhoCorasick;

use super::text::{longest_of, normalise, shingle_hash};

/// Characters of a text, heaviest within its category first, that make candidate pairs.
const TOP_TERMS: usize = 8;
/// Texts sharing a term are all paired up to this many; above it each is paired with its
/// `WINDOW` neighbours (in input order). Pairs only decide which groups are compared.
const ALL_PAIRS: usize = 48;
const WINDOW: usize = 12;
/// How much of the mean text of a large category is taken out of each text before comparing.
/// All of it would also take out a problem that makes up much of its category's tickets.
const CENTRING: f32 = 0.5;
/// A category of this many texts has half of `CENTRING` taken out, fewer less: the mean of a
/// few tickets is mostly those tickets, and three tickets of one problem must still meet.
const FEW: f32 = 5.0;

/// Mean similarity, apart from the category, at which texts make one class case. Chosen on the
/// labelled sets (`LABELLED_SETS`) with real messages beside them for document frequencies:
/// lower joins texts of other problems, higher splits one problem told in other words.
pub const CLASS_CASE_SIMILARITY: f32 = 0.3;

/// What operators and callers write whatever the problem: left out of the characters compared.
const GENERIC: &[&str] = &[
    "来电人",
    "来电",
    "反映",
    "市民",
    "希望",
    "要求",
    "尽快",
    "处理",
    "相关部门",
    "有关部门",
    "部门",
    "解决",
    "问题",
    "情况",
    "严重",
    "影响",
    "居民",
    "附近",
    "小区",
    "社区",
    "街道",
    "一直",
    "多次",
    "已经",
    "现在",
    "每天",
    "没有",
    "非常",
    "我们",
    "这个",
    "能够",
    "进行",
    "一下",
    "不到",
    "个月",
    "时间",
    "好几",
    "一个",
];

/// A group of texts of one category about the same kind of problem.
#[derive(Debug, Clone, PartialEq)]
pub struct Cluster {
    pub category: String,
    /// Member ids, in input order.
    pub members: Vec<i64>,
    /// The medoid: the member most similar to the others (by their characters as written,
    /// the category's share not taken out), whose text represents the cluster.
    pub representative: i64,
    /// Mean similarity of the members' characters to the representative's, 0..=1: how alike
    /// the texts read, not the measure that joined them.
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

/// A sparse vector, sorted by term.
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

/// `a` + `b`, both sorted by term.
fn add(a: &Vector, b: &Vector) -> Vector {
    let mut out = Vec::with_capacity(a.len() + b.len());
    let (mut i, mut j) = (0, 0);
    while i < a.len() && j < b.len() {
        match a[i].0.cmp(&b[j].0) {
            std::cmp::Ordering::Less => {
                out.push(a[i]);
                i += 1;
            }
            std::cmp::Ordering::Greater => {
                out.push(b[j]);
                j += 1;
            }
            std::cmp::Ordering::Equal => {
                out.push((a[i].0, a[i].1 + b[j].1));
                i += 1;
                j += 1;
            }
        }
    }
    out.extend_from_slice(&a[i..]);
    out.extend_from_slice(&b[j..]);
    out
}

fn generic_phrases() -> &'static AhoCorasick {
    static AUTOMATON: OnceLock<AhoCorasick> = OnceLock::new();
    AUTOMATON.get_or_init(|| longest_of(GENERIC))
}

fn is_han(c: char) -> bool {
    matches!(c, '\u{4e00}'..='\u{9fff}' | '\u{3400}'..='\u{4dbf}')
}

/// The hashed Chinese characters of a text, its generic phrases left out, sorted, with counts.
fn characters(text: &str) -> Vec<(u64, u32)> {
    let text = normalise(text);
    let text = generic_phrases().replace_all(&text, &[" "; GENERIC.len()]);
    let mut chars: Vec<u64> = text
        .chars()
        .filter(|c| is_han(*c))
        .map(|c| shingle_hash(&[c]))
        .collect();
    chars.sort_unstable();
    chars
        .chunk_by(|a, b| a == b)
        .map(|run| (run[0], run.len() as u32))
        .collect()
}

/// Unit-length TF-IDF vectors of the characters of `texts`, document frequencies over all of
/// them. A text without Chinese characters has an empty vector.
fn vectors(texts: &[&str]) -> Vec<Vector> {
    let counts: Vec<Vec<(u64, u32)>> = texts.iter().map(|t| characters(t)).collect();
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

/// The texts of one category as they are compared: each text `v` stands for its part apart from
/// the category, `v` − k·mean, brought back to unit length, where k is `CENTRING` for a large
/// category and less for a small one. Kept as `v` and a scale so that sums of texts stay as
/// sparse as the texts.
struct Category {
    /// How much of the mean is taken out.
    k: f32,
    mean: Vector,
    /// mean·mean
    mean_sq: f32,
}

/// A group of texts: the sum of its texts' scaled vectors, of their scales and of their
/// products with the mean, and its size. Two groups' mean similarity follows from these alone.
#[derive(Clone, Default)]
struct Group {
    sum: Vector,
    scale: f32,
    on_mean: f32,
    size: u32,
}

impl Category {
    fn of(members: &[u32], vecs: &[Vector]) -> Category {
        let mut sum: HashMap<u64, f32, Mixed> = HashMap::default();
        for &m in members {
            for (t, w) in &vecs[m as usize] {
                *sum.entry(*t).or_default() += w;
            }
        }
        let n = members.len() as f32;
        let mut mean: Vector = sum.into_iter().map(|(t, w)| (t, w / n)).collect();
        mean.sort_unstable_by_key(|(t, _)| *t);
        let mean_sq = dot(&mean, &mean);
        let k = CENTRING * n / (n + FEW);
        Category { k, mean, mean_sq }
    }

    fn group(&self, v: &Vector) -> Group {
        let on_mean = dot(v, &self.mean);
        // |v − a·m|² = 1 − 2a(v·m) + a²(m·m), at least (1 − a)² for a unit v and |m| ≤ 1.
        let k = self.k;
        let norm_sq = 1.0 - 2.0 * k * on_mean + k * k * self.mean_sq;
        let scale = 1.0 / norm_sq.max(1e-6).sqrt();
        Group {
            sum: v.iter().map(|(t, w)| (*t, w * scale)).collect(),
            scale,
            on_mean: scale * on_mean,
            size: 1,
        }
    }

    /// The mean cosine similarity between the texts of `a` and of `b`, each apart from the
    /// category: (Σa·Σb) over the sizes, expanded so the mean is never added into a sum.
    fn similarity(&self, a: &Group, b: &Group) -> f32 {
        let k = self.k;
        let product = dot(&a.sum, &b.sum) - k * b.scale * a.on_mean - k * a.scale * b.on_mean
            + k * k * a.scale * b.scale * self.mean_sq;
        product / (a.size as f32 * b.size as f32)
    }

    /// The heaviest characters of a text beyond what its category's texts have in common.
    fn distinctive(&self, v: &Vector) -> Vec<u64> {
        let mut weights: Vec<(u64, f32)> = v
            .iter()
            .map(|&(t, w)| {
                let m = self
                    .mean
                    .binary_search_by_key(&t, |(x, _)| *x)
                    .map_or(0.0, |i| self.mean[i].1);
                (t, w - self.k * m)
            })
            .collect();
        weights.sort_unstable_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        weights
            .into_iter()
            .take(TOP_TERMS)
            .map(|(t, _)| t)
            .collect()
    }
}

impl Group {
    fn merge(&mut self, other: Group) {
        self.sum = add(&self.sum, &other.sum);
        self.scale += other.scale;
        self.on_mean += other.on_mean;
        self.size += other.size;
    }
}

/// Pairs of texts of one category worth comparing, each once: those sharing one of their
/// distinctive characters, all pairs of a character's texts up to `ALL_PAIRS`, else each with
/// its `WINDOW` neighbours.
fn candidate_pairs(terms: &[Vec<u64>]) -> Vec<(u32, u32)> {
    let mut postings: HashMap<u64, Vec<u32>, Mixed> = HashMap::default();
    for (i, own) in terms.iter().enumerate() {
        for t in own {
            postings.entry(*t).or_default().push(i as u32);
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
    pairs
}

/// A comparison waiting to be merged: ordered by similarity, ties by the pair, so merging is
/// deterministic.
struct Candidate {
    similarity: f32,
    a: u32,
    b: u32,
    /// How many merges each group had had when compared: a comparison of a group that has
    /// merged since is out of date.
    versions: (u32, u32),
}

impl PartialEq for Candidate {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other).is_eq()
    }
}

impl Eq for Candidate {}

impl PartialOrd for Candidate {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Candidate {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.similarity
            .total_cmp(&other.similarity)
            .then(other.a.cmp(&self.a))
            .then(other.b.cmp(&self.b))
    }
}

/// Average linkage within one category: while the two most alike compared groups are alike on
/// average by at least `threshold`, they merge. Returns the groups of two texts or more, as
/// member lists.
fn average_linkage(members: &[u32], vecs: &[Vector], threshold: f32) -> Vec<Vec<u32>> {
    let category = Category::of(members, vecs);
    let n = members.len();
    let mut groups: Vec<Group> = members
        .iter()
        .map(|&m| category.group(&vecs[m as usize]))
        .collect();
    let terms: Vec<Vec<u64>> = members
        .iter()
        .map(|&m| category.distinctive(&vecs[m as usize]))
        .collect();
    let mut of: Vec<Vec<u32>> = members.iter().map(|&m| vec![m]).collect();
    // The groups each group has been compared with (by slot: a group keeps its first slot).
    let mut near: Vec<Vec<u32>> = vec![Vec::new(); n];
    let mut version = vec![0u32; n];
    let mut heap = BinaryHeap::new();
    for (a, b) in candidate_pairs(&terms) {
        near[a as usize].push(b);
        near[b as usize].push(a);
        let similarity = category.similarity(&groups[a as usize], &groups[b as usize]);
        if similarity >= threshold {
            heap.push(Candidate {
                similarity,
                a,
                b,
                versions: (0, 0),
            });
        }
    }
    while let Some(Candidate { a, b, versions, .. }) = heap.pop() {
        let (a, b) = (a as usize, b as usize);
        if versions != (version[a], version[b]) || of[a].is_empty() || of[b].is_empty() {
            continue;
        }
        // The lower slot keeps the merged group.
        let gone = std::mem::take(&mut groups[b]);
        groups[a].merge(gone);
        let absorbed = std::mem::take(&mut of[b]);
        of[a].extend(absorbed);
        version[a] += 1;
        version[b] += 1;
        let mut next = std::mem::take(&mut near[a]);
        next.append(&mut near[b]);
        next.retain(|&o| o as usize != a && o as usize != b && !of[o as usize].is_empty());
        next.sort_unstable();
        next.dedup();
        for &other in &next {
            let o = other as usize;
            let similarity = category.similarity(&groups[a], &groups[o]);
            if similarity >= threshold {
                let (x, y) = (a.min(o), a.max(o));
                heap.push(Candidate {
                    similarity,
                    a: x as u32,
                    b: y as u32,
                    versions: (version[x], version[y]),
                });
            }
            // The neighbour now names the merged group where it named the absorbed one.
            let back = &mut near[o];
            back.retain(|&x| x as usize != b);
            if !back.contains(&(a as u32)) {
                back.push(a as u32);
            }
        }
        near[a] = next;
    }
    of.into_iter().filter(|g| g.len() >= 2).collect()
}

/// Clusters of at least two texts among `docs` (id, category, text): the texts of each category
/// joined by average linkage while their mean similarity, apart from the category, is at least
/// `threshold` (`CLASS_CASE_SIMILARITY`). Texts without Chinese characters are left out. Largest
/// first. Deterministic for a given input.
pub fn cluster<C: AsRef<str>, T: AsRef<str>>(docs: &[(i64, C, T)], threshold: f32) -> Vec<Cluster> {
    let texts: Vec<&str> = docs.iter().map(|d| d.2.as_ref()).collect();
    let vecs = vectors(&texts);
    let mut by_category: Vec<Vec<u32>> = Vec::new();
    {
        let mut at: HashMap<&str, usize> = HashMap::new();
        for (i, d) in docs.iter().enumerate() {
            if vecs[i].is_empty() {
                continue;
            }
            let k = *at.entry(d.1.as_ref()).or_insert_with(|| {
                by_category.push(Vec::new());
                by_category.len() - 1
            });
            by_category[k].push(i as u32);
        }
    }
    let groups: Vec<Vec<u32>> = by_category
        .iter()
        .flat_map(|members| average_linkage(members, &vecs, threshold))
        .collect();
    let mut out: Vec<Cluster> = groups
        .into_iter()
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
