//! The routing classifier: ticket text (raw Chinese or pre-segmented, space-separated tokens) →
//! category, with a calibrated confidence, the classes ranked (top-k) and the terms that drove
//! the decision.
//!
//! Pipeline: `tokenize` (normalise, jieba with the model's own dictionary from `lexicon`, stop
//! words) → `features` (words, head words, word pairs and character n-grams, hashed by `hash`)
//! → `model` (sublinear TF × IDF, L2 norm, one-vs-rest linear NB-SVMs from `linear`, softmax
//! with a temperature) → `codec` (the versioned model file). `train` learns the dictionary, the
//! feature table, the SVMs, which features to keep and the temperature; `folds` and `metrics`
//! serve evaluation.
mod codec;
mod features;
mod folds;
mod hash;
mod lexicon;
mod linear;
mod metrics;
mod model;
mod rng;
mod stopwords;
#[cfg(test)]
mod tests;
mod tokenize;
mod train;

pub use codec::{ModelError, FORMAT_VERSION};
pub use features::FeatureConfig;
pub use folds::stratified_folds;
pub use linear::SvmOptions;
pub use metrics::{ClassScore, Evaluation};
pub use model::{Candidate, Classification, Router, Scratch, Term};
pub use stopwords::TOKENISER_VERSION;
pub(crate) use tokenize::default_jieba;
pub use tokenize::{terms, warm_up};
pub use train::{train, train_with_unlabelled, SelfTraining, TrainOptions};

/// Why a router could not be trained.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum RouteError {
    #[error("invalid training options: {0}")]
    Options(&'static str),
    #[error("an example has an empty label")]
    EmptyLabel,
    #[error("training needs at least two classes, found {0}")]
    TooFewClasses(usize),
    #[error("more than 65,535 classes")]
    TooManyClasses,
    #[error("cannot build the model's dictionary: {0}")]
    Lexicon(&'static str),
    #[error(
        "nothing to learn from: no word or character occurs in {min_df} texts or more (too few \
         examples, or texts that are empty or only punctuation and numbers?)"
    )]
    NoFeatures { min_df: u32 },
}

impl Router {
    /// The model as bytes for a file (see `codec` for the layout).
    pub fn to_bytes(&self) -> Vec<u8> {
        codec::encode(self)
    }

    /// A model from bytes written by `to_bytes`; anything else is an error naming what is wrong.
    pub fn from_bytes(bytes: &[u8]) -> Result<Router, ModelError> {
        codec::decode(bytes)
    }
}
