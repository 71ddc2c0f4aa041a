//! Address and place names, time expressions and parties (persons and organisations) found, for
//! measuring them on hand-labelled texts:
//! `cargo run --release -p hotline-text --example elements < texts.tsv`, one `id<TAB>text` a line
//! (`\n` in the text written as the two characters `\` `n`); prints
//! `id<TAB>address|address…<TAB>time|time…<TAB>party|party…`.
use std::io::{BufRead, Write};

use hotline_text::elements::{Extractor, Gazetteer};

fn main() {
    let extractor = Extractor::with_default_lexicon(Gazetteer::empty()).expect("the lexicon");
    let now = chrono::Utc::now().with_timezone(&hotline_text::elements::china());
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    for line in std::io::stdin().lock().lines() {
        let line = line.expect("reading standard input");
        let Some((id, text)) = line.split_once('\t') else {
            continue;
        };
        let text = text.replace("\\n", "\n");
        let elements = extractor.extract(&text, now);
        let places: Vec<&str> = elements
            .places
            .addresses
            .iter()
            .map(|a| a.text.as_str())
            .collect();
        let times: Vec<&str> = elements.times.iter().map(|t| t.text.as_str()).collect();
        let parties: Vec<&str> = elements.parties.iter().map(|p| p.text.as_str()).collect();
        writeln!(
            out,
            "{id}\t{}\t{}\t{}",
            places.join("|"),
            times.join("|"),
            parties.join("|")
        )
        .expect("writing standard output");
    }
}
