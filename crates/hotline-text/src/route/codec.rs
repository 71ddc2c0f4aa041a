//! The model file: `HLROUTE\0`, the format version (u16), the tokeniser version (u16), the
//! payload's length (u64), the payload, and an FNV-1a 64 checksum of everything before it. The
//! payload: the feature configuration (version 2 added `head_terms`), the temperature, the weight scale, the labels
//! (length-prefixed UTF-8), the dictionary (count, then each word length-prefixed with its
//! count), the feature count F, F strictly ascending buckets, F rows of
//! 16-bit numbers (the IDF, one weight per class, zeros to a multiple of eight), and the biases.
//! All numbers little-endian. Reading checks every length against the bytes present before it
//! allocates, so a corrupt or foreign file is an error, never a panic or a huge allocation.
use super::features::FeatureConfig;
use super::lexicon::Lexicon;
use super::model::{stride, BucketIndex, Router};
use super::stopwords::TOKENISER_VERSION;

const MAGIC: &[u8; 8] = b"HLROUTE\0";
pub const FORMAT_VERSION: u16 = 2;

/// Why bytes could not be read as a model.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum ModelError {
    #[error("不是 hotline 分类模型 / not a hotline routing model (it does not start with the HLROUTE header)")]
    NotAModel,
    #[error("模型格式版本 {0} 不受支持,请重新训练 / model format version {0} is not supported (this build reads version {FORMAT_VERSION}); retrain the model")]
    UnsupportedVersion(u16),
    #[error("模型的分词版本 {found} 与本程序的 {expected} 不同,请重新训练 / the model was made with tokeniser version {found}, this build has version {expected}; retrain the model")]
    TokeniserMismatch { found: u16, expected: u16 },
    #[error("模型文件不完整 / the model file is truncated")]
    Truncated,
    #[error("模型文件已损坏(校验和不符) / the model file is corrupt (checksum mismatch)")]
    Checksum,
    #[error("模型文件无效 / the model file is invalid: {0}")]
    Invalid(&'static str),
}

fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |h, &b| {
        (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3)
    })
}

pub fn encode(r: &Router) -> Vec<u8> {
    let mut p = Vec::with_capacity(64 + r.rows.len() * 2 + r.buckets.len() * 4);
    let c = &r.config;
    p.extend_from_slice(&[
        c.hash_bits,
        u8::from(c.words),
        u8::from(c.word_pairs),
        c.char_min,
        c.char_max,
        u8::from(c.chars_across_terms),
    ]);
    p.extend_from_slice(&c.min_df.to_le_bytes());
    p.extend_from_slice(&c.max_terms.to_le_bytes());
    p.push(c.head_terms);
    p.extend_from_slice(&r.temperature.to_le_bytes());
    p.extend_from_slice(&r.weight_scale.to_le_bytes());
    p.extend_from_slice(&(r.labels.len() as u32).to_le_bytes());
    for label in &r.labels {
        p.extend_from_slice(&(label.len() as u32).to_le_bytes());
        p.extend_from_slice(label.as_bytes());
    }
    let words = r.lexicon.words();
    p.extend_from_slice(&(words.len() as u32).to_le_bytes());
    for (word, count) in words {
        p.extend_from_slice(&(word.len() as u32).to_le_bytes());
        p.extend_from_slice(word.as_bytes());
        p.extend_from_slice(&count.to_le_bytes());
    }
    p.extend_from_slice(&(r.buckets.len() as u32).to_le_bytes());
    for b in &r.buckets {
        p.extend_from_slice(&b.to_le_bytes());
    }
    for x in &r.rows {
        p.extend_from_slice(&x.to_le_bytes());
    }
    for x in &r.bias {
        p.extend_from_slice(&x.to_le_bytes());
    }
    let mut out = Vec::with_capacity(p.len() + 28);
    out.extend_from_slice(MAGIC);
    out.extend_from_slice(&FORMAT_VERSION.to_le_bytes());
    out.extend_from_slice(&TOKENISER_VERSION.to_le_bytes());
    out.extend_from_slice(&(p.len() as u64).to_le_bytes());
    out.extend_from_slice(&p);
    let sum = fnv1a(&out);
    out.extend_from_slice(&sum.to_le_bytes());
    out
}

struct Reader<'a>(&'a [u8]);

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Result<&'a [u8], ModelError> {
        if self.0.len() < n {
            return Err(ModelError::Truncated);
        }
        let (head, rest) = self.0.split_at(n);
        self.0 = rest;
        Ok(head)
    }

    fn array<const N: usize>(&mut self) -> Result<[u8; N], ModelError> {
        let mut a = [0u8; N];
        a.copy_from_slice(self.take(N)?);
        Ok(a)
    }

    fn u8(&mut self) -> Result<u8, ModelError> {
        Ok(self.array::<1>()?[0])
    }

    fn bool(&mut self) -> Result<bool, ModelError> {
        match self.u8()? {
            0 => Ok(false),
            1 => Ok(true),
            _ => Err(ModelError::Invalid("a flag is neither 0 nor 1")),
        }
    }

    fn u32(&mut self) -> Result<u32, ModelError> {
        Ok(u32::from_le_bytes(self.array()?))
    }

    fn f32(&mut self) -> Result<f32, ModelError> {
        let x = f32::from_le_bytes(self.array()?);
        if x.is_finite() {
            Ok(x)
        } else {
            Err(ModelError::Invalid("a number is not finite"))
        }
    }

    /// `n` items of `size` bytes each, checked against what is left before allocating.
    fn many<T>(
        &mut self,
        n: usize,
        size: usize,
        mut one: impl FnMut(&mut Self) -> Result<T, ModelError>,
    ) -> Result<Vec<T>, ModelError> {
        if n.checked_mul(size).is_none_or(|bytes| bytes > self.0.len()) {
            return Err(ModelError::Truncated);
        }
        (0..n).map(|_| one(self)).collect()
    }
}

pub fn decode(bytes: &[u8]) -> Result<Router, ModelError> {
    if bytes.len() < MAGIC.len() || &bytes[..MAGIC.len()] != MAGIC {
        return Err(ModelError::NotAModel);
    }
    let mut head = Reader(&bytes[MAGIC.len()..]);
    let version = u16::from_le_bytes(head.array()?);
    if version != FORMAT_VERSION {
        return Err(ModelError::UnsupportedVersion(version));
    }
    let tokeniser = u16::from_le_bytes(head.array()?);
    let len = u64::from_le_bytes(head.array()?);
    let len = usize::try_from(len).map_err(|_| ModelError::Truncated)?;
    let payload = head.take(len)?;
    let sum = u64::from_le_bytes(head.array()?);
    if !head.0.is_empty() {
        return Err(ModelError::Invalid("bytes after the checksum"));
    }
    if fnv1a(&bytes[..bytes.len() - 8]) != sum {
        return Err(ModelError::Checksum);
    }
    if tokeniser != TOKENISER_VERSION {
        return Err(ModelError::TokeniserMismatch {
            found: tokeniser,
            expected: TOKENISER_VERSION,
        });
    }
    let mut r = Reader(payload);
    let config = FeatureConfig {
        hash_bits: r.u8()?,
        words: r.bool()?,
        word_pairs: r.bool()?,
        char_min: r.u8()?,
        char_max: r.u8()?,
        chars_across_terms: r.bool()?,
        min_df: r.u32()?,
        max_terms: u16::from_le_bytes(r.array()?),
        head_terms: r.u8()?,
    };
    config.check().map_err(ModelError::Invalid)?;
    let temperature = r.f32()?;
    let weight_scale = r.f32()?;
    // Written so NaN fails too: a NaN scale would make every score NaN.
    let positive = |x: f32| x > 0.0 && x.is_finite();
    if !positive(temperature) || !positive(weight_scale) {
        return Err(ModelError::Invalid(
            "the temperature or weight scale is not a positive number",
        ));
    }
    let k = r.u32()? as usize;
    if k < 2 {
        return Err(ModelError::Invalid("fewer than two classes"));
    }
    let labels = r.many(k, 4, |r| {
        let n = r.u32()? as usize;
        let text = std::str::from_utf8(r.take(n)?)
            .map_err(|_| ModelError::Invalid("a label is not UTF-8"))?;
        Ok(text.to_owned())
    })?;
    let w = r.u32()? as usize;
    let words = r.many(w, 8, |r| {
        let n = r.u32()? as usize;
        let word = std::str::from_utf8(r.take(n)?)
            .map_err(|_| ModelError::Invalid("a dictionary word is not UTF-8"))?
            .to_owned();
        Ok((word, r.u32()?))
    })?;
    let lexicon = Lexicon::from_words(words).map_err(ModelError::Invalid)?;
    let f = r.u32()? as usize;
    let buckets = r.many(f, 4, Reader::u32)?;
    let index = BucketIndex::new(config.hash_bits, &buckets).ok_or(ModelError::Invalid(
        "feature buckets out of range or not ascending",
    ))?;
    let per_feature = stride(k);
    let rows = r.many(
        f.checked_mul(per_feature).ok_or(ModelError::Truncated)?,
        2,
        |r| Ok(i16::from_le_bytes(r.array()?)),
    )?;
    let bias = r.many(k, 4, Reader::f32)?;
    if !r.0.is_empty() {
        return Err(ModelError::Invalid(
            "unexpected bytes at the end of the payload",
        ));
    }
    Ok(Router {
        labels,
        config,
        lexicon,
        buckets,
        rows,
        weight_scale,
        bias,
        temperature,
        index,
    })
}
