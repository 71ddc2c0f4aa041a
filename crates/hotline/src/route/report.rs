//! `hotline route eval`'s report: headline figures, a per-class table and the confusion matrix,
//! laid out for a terminal (CJK characters take two columns).
use hotline_text::route::Evaluation;

use super::TIMED_PASSES;

/// Display width: CJK and full-width characters take two columns.
fn width(s: &str) -> usize {
    s.chars()
        .map(|c| if (c as u32) >= 0x1100 { 2 } else { 1 })
        .sum()
}

/// A class name on one line of a table: line breaks and tabs shown as spaces.
fn one_line(s: &str) -> String {
    s.chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect()
}

fn pad(s: &str, to: usize) -> String {
    format!("{s}{}", " ".repeat(to.saturating_sub(width(s))))
}

/// The evaluation as text: headline figures, a per-class table, the confusion matrix.
pub fn report(e: &Evaluation, examples: usize, us_per_ticket: f64) -> String {
    use std::fmt::Write as _;
    let mut out = String::new();
    let _ = writeln!(out, "examples: {examples}");
    // A class with neither gold examples nor predictions has no F1 to average (as scikit-learn
    // does); say so when there is one, so the table and the headline agree.
    let counted = |c: usize| {
        e.per_class[c].support > 0 || e.confusion.iter().any(|row| row.get(c) > Some(&0))
    };
    let n_counted = (0..e.per_class.len()).filter(|&c| counted(c)).count();
    if n_counted < e.per_class.len() {
        let _ = writeln!(
            out,
            "macro-F1: {:.4} (mean over the {n_counted} of {} classes with examples or \
             predictions; the others are marked -)",
            e.macro_f1,
            e.per_class.len()
        );
    } else {
        let _ = writeln!(out, "macro-F1: {:.4}", e.macro_f1);
    }
    let _ = writeln!(out, "accuracy: {:.4}", e.accuracy);
    let _ = writeln!(
        out,
        "µs per ticket: {us_per_ticket:.1} (single thread, tokenisation included; median of \
         {TIMED_PASSES} passes after a warm-up pass)"
    );
    let name_w = e
        .per_class
        .iter()
        .map(|c| width(&one_line(&c.label)))
        .max()
        .unwrap_or(5)
        .max(5);
    let _ = writeln!(
        out,
        "\n{} precision  recall      f1  support",
        pad("class", name_w)
    );
    for (i, c) in e.per_class.iter().enumerate() {
        if counted(i) {
            // Predicted but never gold: no recall to speak of.
            let recall = if c.support > 0 {
                format!("{:.4}", c.recall)
            } else {
                "-".to_string()
            };
            let _ = writeln!(
                out,
                "{} {:>9.4} {:>7} {:>7.4} {:>8}",
                pad(&one_line(&c.label), name_w),
                c.precision,
                recall,
                c.f1,
                c.support
            );
        } else {
            let _ = writeln!(
                out,
                "{} {:>9} {:>7} {:>7} {:>8}",
                pad(&one_line(&c.label), name_w),
                "-",
                "-",
                "-",
                c.support
            );
        }
    }
    let _ = writeln!(
        out,
        "\nconfusion matrix (rows: gold, columns: predicted, in class order above)"
    );
    let cell = e
        .confusion
        .iter()
        .flatten()
        .map(|n| n.to_string().len())
        .max()
        .unwrap_or(1)
        .max(3);
    for (c, row) in e.per_class.iter().zip(&e.confusion) {
        let cells: Vec<String> = row.iter().map(|n| format!("{n:>cell$}")).collect();
        let _ = writeln!(
            out,
            "{} {}",
            pad(&one_line(&c.label), name_w),
            cells.join(" ")
        );
    }
    out
}
