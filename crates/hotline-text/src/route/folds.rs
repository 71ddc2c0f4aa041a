//! Stratified k-fold assignment: every class spread evenly over the folds, in a seeded order.
use super::rng::SplitMix64;

/// The fold (0..k) of each example, given its class.
pub fn stratified_folds(classes: &[u16], k: usize, seed: u64) -> Vec<usize> {
    let k = k.max(1);
    let mut rng = SplitMix64::new(seed ^ 0x666f_6c64_7300_0000);
    let mut order: Vec<usize> = (0..classes.len()).collect();
    rng.shuffle(&mut order);
    // Stable by class: within a class the shuffled order stays, so dealing round-robin over the
    // class-sorted order gives each fold a share of every class.
    order.sort_by_key(|&i| classes[i]);
    let mut fold = vec![0; classes.len()];
    for (n, &i) in order.iter().enumerate() {
        fold[i] = n % k;
    }
    fold
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_fold_gets_its_share_of_every_class() {
        let classes: Vec<u16> = (0..100).map(|i| if i < 70 { 0 } else { 1 }).collect();
        let folds = stratified_folds(&classes, 5, 7);
        for f in 0..5 {
            let in_fold = |c| {
                (0..100)
                    .filter(|&i| folds[i] == f && classes[i] == c)
                    .count()
            };
            assert_eq!((in_fold(0), in_fold(1)), (14, 6));
        }
        assert_eq!(folds, stratified_folds(&classes, 5, 7));
        assert_ne!(folds, stratified_folds(&classes, 5, 8));
    }
}
