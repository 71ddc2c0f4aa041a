//! Labelled sets for class cases (`assets/class_case_sets.tsv`): tickets written for the project,
//! each naming the kind of problem it tells, several kinds per category told in other words and
//! in other places. `hotline bench repeats` and the tests score `cluster` on them by pairs.
use super::cluster::Cluster;

/// The shipped sets. Lines: set, group, category code, subject, body, tab-separated; a group
/// ending in `x` is a problem told once (its text belongs with no other); `#` starts a comment.
pub const LABELLED_SETS: &str = include_str!("../../assets/class_case_sets.tsv");

/// One labelled ticket.
#[derive(Debug, Clone, PartialEq)]
pub struct LabelledText {
    pub set: String,
    /// The kind of problem, unique across sets; None for a problem told once.
    pub group: Option<String>,
    pub category: String,
    /// Subject, then body on a line of its own.
    pub text: String,
}

/// The labelled tickets of `tsv`, or the first line that is not one.
pub fn labelled(tsv: &str) -> Result<Vec<LabelledText>, String> {
    let mut out = Vec::new();
    for (n, line) in tsv.lines().enumerate() {
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        let f: Vec<&str> = line.split('\t').collect();
        let [set, group, category, subject, body] = f[..] else {
            return Err(format!(
                "line {}: expected 5 tab-separated fields, found {}",
                n + 1,
                f.len()
            ));
        };
        if [set, group, category, body]
            .iter()
            .any(|x| x.trim().is_empty())
        {
            return Err(format!("line {}: an empty field", n + 1));
        }
        out.push(LabelledText {
            set: set.to_string(),
            group: (!group.ends_with('x')).then(|| format!("{set}:{group}")),
            category: category.to_string(),
            text: format!("{subject}\n{body}"),
        });
    }
    Ok(out)
}

/// Pairs of labelled tickets of one category: those of one problem, those clustered together,
/// and those both.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct PairScores {
    pub same_problem: usize,
    pub clustered: usize,
    pub right: usize,
}

impl PairScores {
    /// Of the pairs clustered together, the share that tell one problem (1 when none are).
    pub fn precision(&self) -> f64 {
        match self.clustered {
            0 => 1.0,
            n => self.right as f64 / n as f64,
        }
    }

    /// Of the pairs that tell one problem, the share clustered together.
    pub fn recall(&self) -> f64 {
        match self.same_problem {
            0 => 1.0,
            n => self.right as f64 / n as f64,
        }
    }
}

/// `pair_scores` for each set of `texts` on its own, in the order the sets first appear.
pub fn pair_scores_by_set(
    texts: &[LabelledText],
    clusters: &[Cluster],
) -> Vec<(String, PairScores)> {
    let mut sets: Vec<&str> = Vec::new();
    for t in texts {
        if !sets.contains(&t.set.as_str()) {
            sets.push(&t.set);
        }
    }
    sets.into_iter()
        .map(|set| (set.to_string(), scores(texts, clusters, Some(set))))
        .collect()
}

/// How `clusters` pair up `texts`, whose cluster ids are their indices; ids beyond `texts` (other
/// texts clustered with them, for realistic document frequencies) are ignored. Pairs are of one
/// category and one set.
pub fn pair_scores(texts: &[LabelledText], clusters: &[Cluster]) -> PairScores {
    scores(texts, clusters, None)
}

fn scores(texts: &[LabelledText], clusters: &[Cluster], only: Option<&str>) -> PairScores {
    let mut cluster_of: Vec<Option<usize>> = vec![None; texts.len()];
    for (k, c) in clusters.iter().enumerate() {
        for &m in &c.members {
            if let Some(slot) = usize::try_from(m).ok().and_then(|m| cluster_of.get_mut(m)) {
                *slot = Some(k);
            }
        }
    }
    let mut s = PairScores::default();
    for i in 0..texts.len() {
        for j in i + 1..texts.len() {
            if texts[i].category != texts[j].category
                || texts[i].set != texts[j].set
                || only.is_some_and(|set| texts[i].set != set)
            {
                continue;
            }
            let same = texts[i].group.is_some() && texts[i].group == texts[j].group;
            let together = cluster_of[i].is_some() && cluster_of[i] == cluster_of[j];
            s.same_problem += usize::from(same);
            s.clustered += usize::from(together);
            s.right += usize::from(same && together);
        }
    }
    s
}
