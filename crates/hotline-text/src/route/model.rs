//! `Router`, a trained classifier: hashed features weighted by sublinear TF × IDF and L2
//! normalised, one-vs-rest linear SVM scores, and a softmax with a temperature fitted on
//! held-out folds so confidences are calibrated. A bucket never seen in training is not a
//! feature: it has no weight and does not count towards a text's norm, so a stop word that
//! slipped through costs nothing.
use std::collections::HashMap;

use super::features::{Extractor, FeatureConfig, Gram};
use super::lexicon::Lexicon;

/// `index` entry for a bucket that is not a feature.
pub(super) const NONE: u32 = u32::MAX;

/// Which buckets are features, and their rank among them: one bit per bucket, and per 64
/// buckets the number of features before them (a 2^20-bucket model: 192 KiB, against 4 MiB for
/// a plain table, so a lookup rarely leaves the cache).
#[derive(Clone, PartialEq, Default)]
pub(super) struct BucketIndex {
    bits: Vec<u64>,
    before: Vec<u32>,
}

impl BucketIndex {
    /// The index of strictly ascending `buckets` below 2^`hash_bits`, or `None` if they are not.
    pub(super) fn new(hash_bits: u8, buckets: &[u32]) -> Option<BucketIndex> {
        let size = 1usize << hash_bits;
        if buckets.windows(2).any(|w| w[0] >= w[1])
            || buckets.last().is_some_and(|&b| b as usize >= size)
        {
            return None;
        }
        let mut bits = vec![0u64; size.div_ceil(64)];
        for &b in buckets {
            bits[b as usize / 64] |= 1 << (b % 64);
        }
        let mut before = Vec::with_capacity(bits.len());
        let mut n = 0u32;
        for w in &bits {
            before.push(n);
            n += w.count_ones();
        }
        Some(BucketIndex { bits, before })
    }

    /// The feature of bucket `b` (below 2^`hash_bits`), or `NONE`.
    #[inline]
    pub(super) fn feature(&self, b: u32) -> u32 {
        let (word, bit) = (b as usize / 64, b % 64);
        let (Some(&w), Some(&n)) = (self.bits.get(word), self.before.get(word)) else {
            return NONE;
        };
        let rank = n + (w & ((1u64 << bit) - 1)).count_ones();
        if w >> bit & 1 == 1 {
            rank
        } else {
            NONE
        }
    }
}

/// A trained routing classifier.
#[derive(Clone, PartialEq)]
pub struct Router {
    pub(super) labels: Vec<String>,
    pub(super) config: FeatureConfig,
    /// The dictionary this model segments with.
    pub(super) lexicon: Lexicon,
    /// The bucket of each feature, ascending: a feature's number is its bucket's rank, so the
    /// bucket → feature map (`index`) is a bitmap with prefix counts, small enough to stay in
    /// cache.
    pub(super) buckets: Vec<u32>,
    /// Per feature, `stride(classes)` 16-bit numbers: its IDF, its weight for each class, zeros
    /// to a multiple of eight (16 bytes for seven classes; the prediction loop reads nothing
    /// else). IDFs are scaled so the largest is `i16::MAX` (a text's vector is normalised, so
    /// their scale cancels); weights are multiples of `weight_scale`.
    pub(super) rows: Vec<i16>,
    pub(super) weight_scale: f32,
    pub(super) bias: Vec<f32>,
    pub(super) temperature: f32,
    /// Bucket → feature (or `NONE`); derived from `buckets`, not saved.
    pub(super) index: BucketIndex,
}

/// A summary: the tables run to megabytes.
impl std::fmt::Debug for Router {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Router")
            .field("labels", &self.labels)
            .field("config", &self.config)
            .field("lexicon", &self.lexicon)
            .field("features", &self.buckets.len())
            .field("temperature", &self.temperature)
            .finish_non_exhaustive()
    }
}

/// One class and how likely it is.
#[derive(Clone, Debug, PartialEq)]
pub struct Candidate<'m> {
    pub label: &'m str,
    /// Calibrated probability.
    pub probability: f32,
    /// The raw linear score.
    pub score: f32,
}

/// A text's classification: the winning label, its calibrated confidence, and every class
/// ranked (take the first k for top-k).
#[derive(Clone, Debug, PartialEq)]
pub struct Classification<'m> {
    pub label: &'m str,
    pub confidence: f32,
    pub ranked: Vec<Candidate<'m>>,
    /// Whether the text has anything the model knows. Without, the ranking is the biases'
    /// alone and every probability is even: a guess, not a reading of the text.
    pub evidence: bool,
}

/// A term of the text and what it added to the winning class's score.
#[derive(Clone, Debug, PartialEq)]
pub struct Term {
    pub text: String,
    pub weight: f32,
}

/// Reusable buffers for classifying many texts on one thread.
#[derive(Default)]
pub struct Scratch {
    extractor: Extractor,
    features: Vec<u32>,
    sums: Vec<f32>,
    scores: Vec<f32>,
}

/// Numbers per feature row: the IDF and one weight per class, padded to a multiple of eight so
/// the scoring loop runs eight lanes wide.
pub(super) fn stride(classes: usize) -> usize {
    (classes + 1).next_multiple_of(8)
}

/// Sublinear term frequency: 1 + ln(tf). Most features occur once in a text.
pub(super) fn sublinear(tf: usize) -> f32 {
    if tf == 1 {
        1.0
    } else {
        1.0 + (tf as f32).ln()
    }
}

/// Each distinct value of sorted `features` with how often it occurs.
pub(super) fn runs(features: &[u32]) -> impl Iterator<Item = (u32, usize)> + '_ {
    let mut i = 0;
    std::iter::from_fn(move || {
        let &f = features.get(i)?;
        let start = i;
        while features.get(i) == Some(&f) {
            i += 1;
        }
        Some((f, i - start))
    })
}

fn softmax(scores: &[f32], temperature: f32) -> Vec<f32> {
    let max = scores.iter().copied().fold(f32::NEG_INFINITY, f32::max);
    let exp: Vec<f32> = scores
        .iter()
        .map(|s| ((s - max) / temperature).exp())
        .collect();
    let sum: f32 = exp.iter().sum();
    exp.into_iter().map(|e| e / sum).collect()
}

impl Router {
    pub fn labels(&self) -> &[String] {
        &self.labels
    }

    pub fn config(&self) -> &FeatureConfig {
        &self.config
    }

    /// The softmax temperature fitted on held-out folds (1 if training skipped calibration).
    pub fn temperature(&self) -> f32 {
        self.temperature
    }

    /// How many words the model's own dictionary has.
    pub fn dictionary_words(&self) -> usize {
        self.lexicon.words().len()
    }

    /// How many hashed features the model kept.
    pub fn features(&self) -> usize {
        self.buckets.len()
    }

    /// Classify one text (raw or pre-segmented).
    pub fn classify(&self, text: &str) -> Classification<'_> {
        self.classify_with(text, &mut Scratch::default())
    }

    /// Classify one text, reusing `scratch` (the fast path for many texts).
    pub fn classify_with(&self, text: &str, scratch: &mut Scratch) -> Classification<'_> {
        let known = self.score(text, scratch);
        self.rank(&scratch.scores, known)
    }

    /// Raw scores of every class into `scratch.scores`: one pass over the text's distinct
    /// features accumulates both the unnormalised dot products and the squared norm. Whether
    /// the text has any feature the model knows.
    fn score(&self, text: &str, scratch: &mut Scratch) -> bool {
        let Scratch {
            extractor,
            features,
            sums,
            scores,
        } = scratch;
        features.clear();
        extractor.extract(text, &self.config, self.lexicon.jieba(), |bucket, _| {
            features.push(bucket)
        });
        // Buckets that are no feature become `NONE`, which sorts last and is cut off: no branch
        // in the lookup loop, whose loads are independent and overlap.
        let index = &self.index;
        for f in features.iter_mut() {
            *f = index.feature(*f);
        }
        features.sort_unstable();
        let known = features.partition_point(|&f| f != NONE);
        features.truncate(known);
        let k = self.labels.len();
        let stride = stride(k);
        sums.clear();
        sums.resize(stride, 0.0);
        let mut norm2 = 0.0f32;
        for (f, tf) in runs(features) {
            let row = &self.rows[f as usize * stride..][..stride];
            let v = sublinear(tf) * f32::from(row[0]);
            norm2 += v * v;
            // Lane 0 sums the IDFs, which nobody reads: the price of a branch-free loop.
            for (acc, w) in sums.chunks_exact_mut(8).zip(row.chunks_exact(8)) {
                // Fixed-size arrays, so the eight lanes compile to vector instructions.
                if let (Ok(acc), Ok(w)) = (<&mut [f32; 8]>::try_from(acc), <&[i16; 8]>::try_from(w))
                {
                    for (a, &w) in acc.iter_mut().zip(w) {
                        *a += v * f32::from(w);
                    }
                }
            }
        }
        let scale = if norm2 > 0.0 {
            self.weight_scale / norm2.sqrt()
        } else {
            0.0
        };
        scores.clear();
        scores.extend(
            sums[1..=k]
                .iter()
                .zip(&self.bias)
                .map(|(s, b)| s * scale + b),
        );
        norm2 > 0.0
    }

    /// Classes by score. A text with nothing the model knows (empty, or only unseen words) is
    /// ranked by the biases alone, but with no evidence for any class its probabilities are
    /// even: the biases' softmax would claim a confidence the text never gave.
    fn rank(&self, scores: &[f32], known: bool) -> Classification<'_> {
        let p = if known {
            softmax(scores, self.temperature)
        } else {
            vec![1.0 / scores.len() as f32; scores.len()]
        };
        let mut ranked: Vec<Candidate<'_>> = self
            .labels
            .iter()
            .zip(p)
            .zip(scores)
            .map(|((label, probability), &score)| Candidate {
                label,
                probability,
                score,
            })
            .collect();
        // A stable sort: ties keep label order, so the ranking is deterministic.
        ranked.sort_by(|a, b| b.score.total_cmp(&a.score));
        Classification {
            label: ranked[0].label,
            confidence: ranked[0].probability,
            ranked,
            evidence: known,
        }
    }

    /// Classify and say why: the `n` terms that added most to the winning class's score,
    /// strongest first. A term is a word of the text (credited with its own feature and the
    /// character n-grams inside it) or a pair of adjacent words.
    pub fn explain(&self, text: &str, n: usize) -> (Classification<'_>, Vec<Term>) {
        let classification = self.classify(text);
        let k = self.labels.len();
        let Some(class) = self.labels.iter().position(|l| l == classification.label) else {
            return (classification, Vec::new());
        };
        let mut extractor = Extractor::default();
        let mut found: Vec<(u32, Gram)> = Vec::new();
        extractor.extract(text, &self.config, self.lexicon.jieba(), |bucket, gram| {
            let f = self.index.feature(bucket);
            if f != NONE {
                found.push((f, gram));
            }
        });
        found.sort_by_key(|&(f, _)| f);
        let features: Vec<u32> = found.iter().map(|&(f, _)| f).collect();
        let mut terms: Vec<Term> = Vec::new();
        let mut slot: HashMap<String, usize> = HashMap::new();
        let mut norm2 = 0.0f32;
        let mut at = 0;
        for (f, tf) in runs(&features) {
            let row = &self.rows[f as usize * stride(k)..][..stride(k)];
            let v = sublinear(tf) * f32::from(row[0]);
            norm2 += v * v;
            // A feature met in several places shares its weight among them.
            let share = v * f32::from(row[1 + class]) / tf as f32;
            for &(_, gram) in &found[at..at + tf] {
                let text = extractor.describe(extractor.owner(gram, &self.config));
                match slot.get(&text) {
                    Some(&i) => terms[i].weight += share,
                    None => {
                        slot.insert(text.clone(), terms.len());
                        terms.push(Term {
                            text,
                            weight: share,
                        });
                    }
                }
            }
            at += tf;
        }
        let scale = if norm2 > 0.0 {
            self.weight_scale / norm2.sqrt()
        } else {
            0.0
        };
        terms.iter_mut().for_each(|t| t.weight *= scale);
        terms.retain(|t| t.weight > 0.0);
        terms.sort_by(|a, b| b.weight.total_cmp(&a.weight).then(a.text.cmp(&b.text)));
        terms.truncate(n);
        (classification, terms)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_bucket_index_gives_each_feature_its_rank_and_refuses_unsorted_buckets() {
        let buckets = [0, 5, 63, 64, 200, 1023];
        let index = BucketIndex::new(10, &buckets).expect("ascending buckets");
        for (f, &b) in buckets.iter().enumerate() {
            assert_eq!(index.feature(b), f as u32);
        }
        for b in [1, 62, 65, 199, 1022] {
            assert_eq!(index.feature(b), NONE);
        }
        assert!(BucketIndex::new(10, &[5, 5]).is_none());
        assert!(BucketIndex::new(10, &[7, 3]).is_none());
        assert!(BucketIndex::new(10, &[1024]).is_none());
    }
}
