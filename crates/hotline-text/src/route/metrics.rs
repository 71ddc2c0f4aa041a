//! How well predictions match gold labels: accuracy, macro-F1, per-class precision, recall and
//! F1, and the confusion matrix.

/// Precision, recall and F1 of one class, and how many gold examples it has.
#[derive(Clone, Debug, PartialEq)]
pub struct ClassScore {
    pub label: String,
    pub precision: f64,
    pub recall: f64,
    pub f1: f64,
    pub support: usize,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Evaluation {
    /// Row: gold class; column: predicted class; in the order of `per_class`.
    pub confusion: Vec<Vec<usize>>,
    pub per_class: Vec<ClassScore>,
    pub accuracy: f64,
    /// The unweighted mean of the F1 of the classes that occur in gold or predictions.
    pub macro_f1: f64,
}

impl Evaluation {
    /// `labels` names the classes; `gold` and `predicted` index into it, pairwise.
    pub fn new(labels: &[String], gold: &[usize], predicted: &[usize]) -> Evaluation {
        let k = labels.len();
        let mut confusion = vec![vec![0usize; k]; k];
        for (&g, &p) in gold.iter().zip(predicted) {
            if g < k && p < k {
                confusion[g][p] += 1;
            }
        }
        let ratio = |a: usize, b: usize| if b == 0 { 0.0 } else { a as f64 / b as f64 };
        let per_class: Vec<ClassScore> = (0..k)
            .map(|c| {
                let tp = confusion[c][c];
                let gold_c: usize = confusion[c].iter().sum();
                let pred_c: usize = confusion.iter().map(|row| row[c]).sum();
                let (precision, recall) = (ratio(tp, pred_c), ratio(tp, gold_c));
                let f1 = if precision + recall > 0.0 {
                    2.0 * precision * recall / (precision + recall)
                } else {
                    0.0
                };
                ClassScore {
                    label: labels[c].clone(),
                    precision,
                    recall,
                    f1,
                    support: gold_c,
                }
            })
            .collect();
        let present: Vec<&ClassScore> = per_class
            .iter()
            .enumerate()
            .filter(|(c, s)| s.support > 0 || confusion.iter().any(|row| row[*c] > 0))
            .map(|(_, s)| s)
            .collect();
        let macro_f1 = if present.is_empty() {
            0.0
        } else {
            present.iter().map(|s| s.f1).sum::<f64>() / present.len() as f64
        };
        let correct: usize = (0..k).map(|c| confusion[c][c]).sum();
        Evaluation {
            accuracy: ratio(correct, gold.len().min(predicted.len())),
            confusion,
            per_class,
            macro_f1,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scores_match_a_hand_count() {
        let labels = vec!["a".to_owned(), "b".to_owned()];
        // gold a a a b b; predicted a a b b a
        let e = Evaluation::new(&labels, &[0, 0, 0, 1, 1], &[0, 0, 1, 1, 0]);
        assert_eq!(e.confusion, vec![vec![2, 1], vec![1, 1]]);
        assert!((e.accuracy - 0.6).abs() < 1e-12);
        assert!((e.per_class[0].precision - 2.0 / 3.0).abs() < 1e-12);
        assert!((e.per_class[1].recall - 0.5).abs() < 1e-12);
        assert!((e.macro_f1 - (2.0 / 3.0 + 0.5) / 2.0).abs() < 1e-12);
    }
}
