//! The learner: one-vs-rest linear SVMs (L2-regularised, squared hinge loss) fitted by dual
//! coordinate descent, the method of LIBLINEAR (Hsieh et al., ICML 2008). Deterministic: the
//! visiting order comes from a seeded generator, and classes are fitted independently (on up to
//! two threads), each writing only its own weights.
use super::rng::SplitMix64;

/// Sparse rows: row `r` is `idx/val[offsets[r]..offsets[r + 1]]`.
pub struct Rows {
    pub offsets: Vec<usize>,
    pub idx: Vec<u32>,
    pub val: Vec<f32>,
    pub features: usize,
}

impl Rows {
    pub fn row(&self, r: usize) -> (&[u32], &[f32]) {
        let span = self.offsets[r]..self.offsets[r + 1];
        (&self.idx[span.clone()], &self.val[span])
    }

    pub fn len(&self) -> usize {
        self.offsets.len() - 1
    }
}

#[derive(Clone, Copy, Debug, PartialEq)]
pub struct SvmOptions {
    /// Cost of a margin violation (larger: less regularisation).
    pub c: f32,
    /// Passes over the data at most.
    pub epochs: u32,
    /// Weigh each class's violations by n / (classes × class size), so small classes count.
    pub balanced: bool,
}

impl Default for SvmOptions {
    fn default() -> Self {
        SvmOptions {
            c: 1.5,
            epochs: 30,
            balanced: true,
        }
    }
}

impl SvmOptions {
    pub fn check(&self) -> Result<(), &'static str> {
        if !(self.c.is_finite() && self.c > 0.0) {
            return Err("the SVM cost c must be a positive number");
        }
        if self.epochs == 0 {
            return Err("the SVM needs at least one epoch");
        }
        Ok(())
    }
}

/// Weights, class-major: `weights[c]` has one entry per feature; `bias[c]`.
pub struct Fitted {
    pub weights: Vec<Vec<f32>>,
    pub bias: Vec<f32>,
}

impl Fitted {
    pub fn scores(&self, idx: &[u32], val: &[f32]) -> Vec<f32> {
        self.weights
            .iter()
            .zip(&self.bias)
            .map(|(w, b)| {
                idx.iter()
                    .zip(val)
                    .map(|(&f, &v)| w[f as usize] * v)
                    .sum::<f32>()
                    + b
            })
            .collect()
    }
}

/// Fit on the rows listed in `subset` (labels `y`, classes `0..classes`).
pub fn fit(
    rows: &Rows,
    y: &[u16],
    subset: &[usize],
    classes: usize,
    opts: &SvmOptions,
    seed: u64,
) -> Fitted {
    let mut counts = vec![0usize; classes];
    for &r in subset {
        counts[usize::from(y[r])] += 1;
    }
    let cost = |class: usize| -> f32 {
        if opts.balanced && counts[class] > 0 {
            opts.c * subset.len() as f32 / (classes * counts[class]) as f32
        } else {
            opts.c
        }
    };
    let one = |class: usize| {
        binary(
            rows,
            subset,
            |r| usize::from(y[r]) == class,
            cost,
            y,
            opts.epochs,
            seed ^ class as u64,
        )
    };
    // Classes are independent: half of them on a second thread.
    let mut results: Vec<(Vec<f32>, f32)> = vec![(Vec::new(), 0.0); classes];
    let half = classes.div_ceil(2);
    let (first, second) = results.split_at_mut(half);
    std::thread::scope(|s| {
        s.spawn(|| {
            for (i, slot) in second.iter_mut().enumerate() {
                *slot = one(half + i);
            }
        });
        for (i, slot) in first.iter_mut().enumerate() {
            *slot = one(i);
        }
    });
    let (weights, bias) = results.into_iter().unzip();
    Fitted { weights, bias }
}

/// One class against the rest. The bias is a constant feature of value 1, regularised like the
/// others (as LIBLINEAR does).
fn binary(
    rows: &Rows,
    subset: &[usize],
    positive: impl Fn(usize) -> bool,
    cost: impl Fn(usize) -> f32,
    y: &[u16],
    epochs: u32,
    seed: u64,
) -> (Vec<f32>, f32) {
    let mut w = vec![0.0f32; rows.features];
    let mut b = 0.0f32;
    let n = subset.len();
    let mut alpha = vec![0.0f32; n];
    let sign: Vec<f32> = subset
        .iter()
        .map(|&r| if positive(r) { 1.0 } else { -1.0 })
        .collect();
    let diag: Vec<f32> = subset
        .iter()
        .map(|&r| 0.5 / cost(usize::from(y[r])))
        .collect();
    let qd: Vec<f32> = subset
        .iter()
        .zip(&diag)
        .map(|(&row, d)| {
            let (_, v) = rows.row(row);
            v.iter().map(|x| x * x).sum::<f32>() + 1.0 + d
        })
        .collect();
    let mut order: Vec<usize> = (0..n).collect();
    let mut rng = SplitMix64::new(seed);
    for _ in 0..epochs {
        rng.shuffle(&mut order);
        let mut max_pg = 0.0f32;
        for &i in &order {
            let (idx, val) = rows.row(subset[i]);
            let dot: f32 = idx
                .iter()
                .zip(val)
                .map(|(&f, &v)| w[f as usize] * v)
                .sum::<f32>()
                + b;
            let g = sign[i] * dot - 1.0 + diag[i] * alpha[i];
            let pg = if alpha[i] == 0.0 { g.min(0.0) } else { g };
            max_pg = max_pg.max(pg.abs());
            if pg.abs() > 1e-12 {
                let old = alpha[i];
                alpha[i] = (old - g / qd[i]).max(0.0);
                let d = (alpha[i] - old) * sign[i];
                for (&f, &v) in idx.iter().zip(val) {
                    w[f as usize] += d * v;
                }
                b += d;
            }
        }
        if max_pg < 0.01 {
            break;
        }
    }
    (w, b)
}
