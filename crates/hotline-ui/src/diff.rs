//! What changed between two texts, character by character, for a reader comparing two versions
//! of an article: the longest common subsequence of what lies between their common start and
//! end. Texts too long for that (the product of the two middles over `MAX_CELLS`) show their
//! middles as one stretch gone and one added: coarser, never wrong.

/// The largest table the comparison builds (about 16 MB of `u32`).
const MAX_CELLS: usize = 4_000_000;

/// A stretch of text, as kept, removed or added.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Piece {
    Same(String),
    Gone(String),
    Added(String),
}

/// The pieces that turn `old` into `new`, in order; neighbours of one kind are joined.
pub fn diff(old: &str, new: &str) -> Vec<Piece> {
    let a: Vec<char> = old.chars().collect();
    let b: Vec<char> = new.chars().collect();
    let start = a.iter().zip(&b).take_while(|(x, y)| x == y).count();
    let end = a[start..]
        .iter()
        .rev()
        .zip(b[start..].iter().rev())
        .take_while(|(x, y)| x == y)
        .count();
    let (ma, mb) = (&a[start..a.len() - end], &b[start..b.len() - end]);
    let mut out = Out::default();
    out.push(Kind::Same, &a[..start]);
    if ma.len().saturating_mul(mb.len()) > MAX_CELLS {
        out.push(Kind::Gone, ma);
        out.push(Kind::Added, mb);
    } else {
        middle(ma, mb, &mut out);
    }
    out.push(Kind::Same, &a[a.len() - end..]);
    out.pieces
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    Same,
    Gone,
    Added,
}

#[derive(Default)]
struct Out {
    pieces: Vec<Piece>,
}

impl Out {
    fn push(&mut self, kind: Kind, chars: &[char]) {
        if chars.is_empty() {
            return;
        }
        let text: String = chars.iter().collect();
        match (self.pieces.last_mut(), kind) {
            (Some(Piece::Same(s)), Kind::Same)
            | (Some(Piece::Gone(s)), Kind::Gone)
            | (Some(Piece::Added(s)), Kind::Added) => s.push_str(&text),
            _ => self.pieces.push(match kind {
                Kind::Same => Piece::Same(text),
                Kind::Gone => Piece::Gone(text),
                Kind::Added => Piece::Added(text),
            }),
        }
    }
}

/// The longest common subsequence of `a` and `b` by dynamic programming over suffixes, then
/// walked from the front: kept characters, and what is removed before what is added.
fn middle(a: &[char], b: &[char], out: &mut Out) {
    let (n, m) = (a.len(), b.len());
    // lcs[i * (m + 1) + j]: the longest common subsequence of a[i..] and b[j..].
    let mut lcs = vec![0u32; (n + 1) * (m + 1)];
    for i in (0..n).rev() {
        for j in (0..m).rev() {
            lcs[i * (m + 1) + j] = if a[i] == b[j] {
                lcs[(i + 1) * (m + 1) + j + 1] + 1
            } else {
                lcs[(i + 1) * (m + 1) + j].max(lcs[i * (m + 1) + j + 1])
            };
        }
    }
    let (mut i, mut j) = (0, 0);
    while i < n || j < m {
        if i < n && j < m && a[i] == b[j] {
            out.push(Kind::Same, &a[i..=i]);
            i += 1;
            j += 1;
        } else if j == m || (i < n && lcs[(i + 1) * (m + 1) + j] >= lcs[i * (m + 1) + j + 1]) {
            out.push(Kind::Gone, &a[i..=i]);
            i += 1;
        } else {
            out.push(Kind::Added, &b[j..=j]);
            j += 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn same(s: &str) -> Piece {
        Piece::Same(s.into())
    }
    fn gone(s: &str) -> Piece {
        Piece::Gone(s.into())
    }
    fn added(s: &str) -> Piece {
        Piece::Added(s.into())
    }

    /// The old text is the kept and removed pieces; the new one the kept and added.
    fn rebuilt(pieces: &[Piece]) -> (String, String) {
        let (mut old, mut new) = (String::new(), String::new());
        for p in pieces {
            match p {
                Piece::Same(s) => {
                    old.push_str(s);
                    new.push_str(s);
                }
                Piece::Gone(s) => old.push_str(s),
                Piece::Added(s) => new.push_str(s),
            }
        }
        (old, new)
    }

    #[test]
    fn a_changed_word_is_all_that_is_marked() {
        assert_eq!(
            diff("导盲犬乘车无需购票。", "导盲犬乘车须另行购票。"),
            vec![
                same("导盲犬乘车"),
                gone("无需"),
                added("须另行"),
                same("购票。")
            ]
        );
        assert_eq!(
            diff("持身份证登记。", "持身份证和居住证明登记。"),
            vec![same("持身份证"), added("和居住证明"), same("登记。")]
        );
        assert_eq!(diff("相同", "相同"), vec![same("相同")]);
        assert_eq!(diff("", "新"), vec![added("新")]);
        assert_eq!(diff("旧", ""), vec![gone("旧")]);
        assert!(diff("", "").is_empty());
    }

    #[test]
    fn the_pieces_always_rebuild_both_texts() {
        let cases = [
            ("abcabba", "cbabac"),
            ("第一段。\n第二段。", "第二段。\n第一段。\n第三段。"),
            ("办理居住证需携带身份证", "居住证办理需带身份证原件"),
        ];
        for (old, new) in cases {
            let pieces = diff(old, new);
            assert_eq!(rebuilt(&pieces), (old.to_string(), new.to_string()));
            assert!(
                pieces
                    .windows(2)
                    .all(|w| std::mem::discriminant(&w[0]) != std::mem::discriminant(&w[1])),
                "neighbours of one kind are joined: {pieces:?}"
            );
        }
        // The longest common subsequence of abcabba and cbabac has four characters.
        let kept: usize = diff("abcabba", "cbabac")
            .iter()
            .map(|p| match p {
                Piece::Same(s) => s.chars().count(),
                _ => 0,
            })
            .sum();
        assert_eq!(kept, 4);
    }

    #[test]
    fn texts_too_long_to_compare_show_their_middles_whole() {
        let old = format!("开头{}结尾", "甲".repeat(2_100));
        let new = format!("开头{}结尾", "乙".repeat(2_100));
        assert_eq!(
            diff(&old, &new),
            vec![
                same("开头"),
                gone(&"甲".repeat(2_100)),
                added(&"乙".repeat(2_100)),
                same("结尾")
            ]
        );
    }
}
