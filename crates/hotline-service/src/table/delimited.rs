//! Delimited text files: CSV, or the tab-separated text Excel saves as "Unicode 文本", in
//! UTF-8, UTF-16 with its mark or GB18030.
use super::{problem, unguarded, Cell, Row, RowProblem};

/// Text in UTF-8 (with or without a byte-order mark), UTF-16 with its byte-order mark (Excel's
/// "Unicode text") or, as spreadsheet programs in China save it, GB18030, without the mark;
/// None for bytes none of these read, which are never taken as replacement characters. A DOS
/// end-of-file mark (Ctrl-Z) at the end, and the line breaks around it, are no part of the text.
pub fn decode_text(bytes: &[u8]) -> Option<String> {
    let text = match std::str::from_utf8(bytes) {
        Ok(t) => t.to_string(),
        Err(_) => {
            let encoding = match encoding_rs::Encoding::for_bom(bytes) {
                Some((e, _)) => e,
                None if !reads_as_gb2312(bytes) => return None,
                None => encoding_rs::GB18030,
            };
            let (text, _, malformed) = encoding.decode(bytes);
            if malformed {
                return None;
            }
            text.into_owned()
        }
    };
    let text = text.trim_start_matches('\u{feff}');
    Some(
        match text.trim_end_matches(['\r', '\n']).strip_suffix('\u{1a}') {
            Some(before) => before.trim_end_matches(['\u{1a}', '\r', '\n']).to_string(),
            None => text.to_string(),
        },
    )
}

/// Text that is UTF-8 but for a few lines, as a file pasted together from several sources
/// comes: the lines that UTF-8 does not read, each read as GBK where it plausibly is one, else
/// with its unreadable bytes as replacement characters (U+FFFD). For readers that would rather
/// have every other row than none (`hotline route`): imports that store what they read keep to
/// `decode_text`, and call this only for bytes that one does not read (UTF-8 text comes back
/// as it is, with no line named). None when they are not mostly UTF-8 (fewer than two
/// characters of it beyond ASCII for each stretch it cannot read; Big5, Shift-JIS, GBK or
/// UTF-16 text read as UTF-8 has about one for three): a file in another encoding altogether
/// is refused, not read as nonsense.
pub fn decode_mostly_utf8(bytes: &[u8]) -> Option<Salvaged> {
    let (wide, unreadable) = utf8_share(bytes);
    if wide < unreadable * 2 {
        return None;
    }
    let mut out = Salvaged::default();
    let mut text = String::with_capacity(bytes.len());
    for (i, line) in bytes.split_inclusive(|&b| b == b'\n').enumerate() {
        match std::str::from_utf8(line) {
            Ok(l) => text.push_str(l),
            Err(_) => {
                // A UTF-8 line with a flaw (a stray byte, a character cut short) holds more
                // UTF-8 than not; read as GBK it would be nonsense, since GB18030 reads
                // almost any bytes. So would a line of Big5 or Latin-1 (Caf\xe9s): a GBK line
                // is at least four in five characters of GB2312, however short it is.
                let (wide, unreadable) = utf8_share(line);
                let (double, gb2312) = gb2312_share(line);
                let plausible = double > 0 && gb2312 * 5 >= double * 4;
                let gbk = (wide < unreadable && plausible)
                    .then(|| {
                        encoding_rs::GB18030
                            .decode_without_bom_handling_and_without_replacement(line)
                    })
                    .flatten();
                match gbk {
                    Some(l) => {
                        text.push_str(&l);
                        out.gbk_lines.push(i + 1);
                    }
                    None => {
                        text.push_str(&String::from_utf8_lossy(line));
                        out.replaced_lines.push(i + 1);
                    }
                }
            }
        }
    }
    out.text = decode_text(text.as_bytes())?;
    Some(out)
}

/// How many characters beyond ASCII `bytes` hold as UTF-8, and how many stretches of them
/// UTF-8 does not read.
fn utf8_share(bytes: &[u8]) -> (usize, usize) {
    let (mut wide, mut unreadable) = (0, 0);
    for chunk in bytes.utf8_chunks() {
        wide += chunk.valid().chars().filter(|c| !c.is_ascii()).count();
        unreadable += usize::from(!chunk.invalid().is_empty());
    }
    (wide, unreadable)
}

/// What `decode_mostly_utf8` read, and where it read other than as UTF-8 (1-based lines of
/// the file).
#[derive(Debug, Default)]
pub struct Salvaged {
    pub text: String,
    /// Lines read as GBK.
    pub gbk_lines: Vec<usize>,
    /// Lines with bytes read as replacement characters.
    pub replaced_lines: Vec<usize>,
}

/// Whether bytes without a mark are plausibly GBK/GB18030 text: GB18030 reads almost any
/// bytes, so a file in another encoding (Big5 from Taiwan or Hong Kong, Shift-JIS) would be
/// read as nonsense without complaint. Chinese text saved as GBK is nearly all characters of
/// the GB2312 set (both bytes 0xA1 and up); Big5's common characters have a second byte below
/// 0x7F about two times in five. So at least four in five of the double-byte characters must
/// be of GB2312, once there are enough to tell (20: a one-row file with a name of GBK's own,
/// 玥珑社区, is read).
fn reads_as_gb2312(bytes: &[u8]) -> bool {
    let (double, gb2312) = gb2312_share(bytes);
    double < 20 || gb2312 * 5 >= double * 4
}

/// How many double-byte characters `bytes` hold read as GBK (GB18030's four-byte forms
/// counted as one), and how many of them are of GB2312.
fn gb2312_share(bytes: &[u8]) -> (usize, usize) {
    let (mut double, mut gb2312) = (0usize, 0usize);
    let mut i = 0;
    while i < bytes.len() {
        let lead = bytes[i];
        if lead < 0x80 {
            i += 1;
            continue;
        }
        let Some(&trail) = bytes.get(i + 1) else {
            break;
        };
        if trail.is_ascii_digit() {
            // GB18030's four-byte forms: rare characters, none of GB2312.
            double += 1;
            i += 4;
            continue;
        }
        double += 1;
        gb2312 += usize::from((0xA1..=0xF7).contains(&lead) && (0xA1..=0xFE).contains(&trail));
        i += 2;
    }
    (double, gb2312)
}

/// The field separator of delimited text read from `bytes`: a tab when its first line has
/// tabs and no comma, a comma when it has a comma; with neither (one column), a tab for UTF-16
/// text, which is how Excel's "Unicode 文本" saves (its cells' commas are never quoted), else
/// a comma.
pub fn separator(text: &str, bytes: &[u8]) -> u8 {
    let first = text
        .lines()
        .find(|l| !l.trim().is_empty())
        .unwrap_or_default();
    let utf16 = bytes.starts_with(&[0xff, 0xfe]) || bytes.starts_with(&[0xfe, 0xff]);
    match (first.contains('\t'), first.contains(',')) {
        (true, false) => b'\t',
        (false, false) if utf16 => b'\t',
        _ => b',',
    }
}

/// CSV (or tab-separated text, see `separator`) in any encoding `decode_text` reads. Bytes it
/// cannot read are refused, never imported as replacement characters.
pub(crate) fn read_csv(bytes: &[u8]) -> Result<Vec<Row>, RowProblem> {
    let Some(text) = decode_text(bytes) else {
        return Err(problem(
            1,
            None,
            "文件编码无法识别(繁体 Big5 等编码不能读取):请另存为 UTF-8 或 GBK/GB18030 编码的 CSV,或 Excel 文件",
        ));
    };
    let sep = separator(&text, bytes);
    if let Some(line) = unclosed_quote(&text, sep) {
        return Err(problem(
            1,
            None,
            format!("CSV 格式错误:第 {line} 行(按文本行计)开始的引号没有闭合,其后各行会并入同一格"),
        ));
    }
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(sep)
        .from_reader(text.as_bytes());
    let sep_zh = if sep == b'\t' { "制表符" } else { "逗号" };
    let mut rows = Vec::new();
    let mut width = None;
    // Rows are numbered as a spreadsheet shows the file: an empty line, which the reader
    // skips, is an empty row of its own, and a cell's line breaks within quotes stay in its row.
    // A record's position is where the last one ended: the empty lines the reader skipped
    // come first.
    let mut row = 0usize;
    for record in reader.records() {
        let record = record.map_err(|e| problem(row + 1, None, format!("CSV 格式错误:{e}")))?;
        let from = (record.position()).map_or(0, |p| p.byte() as usize);
        row += 1 + empty_lines_at(text.as_bytes(), from);
        // A filled cell right of the header's last column: a comma without quotes shifted the
        // row, and every column after it would be read from the wrong cell.
        let filled = (0..record.len())
            .rev()
            .find(|&c| record.get(c).is_some_and(|s| !s.trim().is_empty()))
            .map_or(0, |c| c + 1);
        match width {
            // The header's width is that of its named columns: "title,body," has two.
            None if filled > 0 => width = Some(filled),
            Some(w) if filled > w => {
                return Err(problem(
                    row,
                    None,
                    format!(
                    "本行有 {filled} 列内容,表头只有 {w} 列:内容中的{sep_zh}需要用双引号把整格括起来"
                ),
                ))
            }
            // A row cut short (a line break in a cell without quotes, or a truncated file): its
            // missing cells would read as cleared, and an update would wipe what they hold.
            Some(w) if filled > 0 && record.len() < w => {
                return Err(problem(
                    row,
                    None,
                    format!(
                        "本行只有 {} 列,表头有 {w} 列:行被截断,或格内换行没有用双引号括起来;空着的格也要保留{sep_zh}",
                        record.len()
                    ),
                ))
            }
            _ => {}
        }
        let cells = record
            .iter()
            .map(|s| (!s.trim().is_empty()).then(|| Cell::Text(unguarded(s).to_string())))
            .collect();
        rows.push((row, cells));
    }
    Ok(rows)
}

/// How many empty lines start at `from`, where the reader's last record ended: it ends one
/// after the CR of a CRLF, so an LF right after a CR is that line's end, not an empty line. A
/// CRLF, a lone LF and a lone CR each end one line.
fn empty_lines_at(text: &[u8], from: usize) -> usize {
    let mut at = from;
    if at > 0 && text.get(at - 1) == Some(&b'\r') && text.get(at) == Some(&b'\n') {
        at += 1;
    }
    let mut lines = 0;
    while let Some(&b) = text.get(at) {
        match b {
            b'\r' if text.get(at + 1) == Some(&b'\n') => at += 2,
            b'\r' | b'\n' => at += 1,
            _ => break,
        }
        lines += 1;
    }
    lines
}

/// The line (from 1) where a quoted CSV field opens and never closes, if one does: a CSV
/// reader takes the rest of the file into that field, so the rows after it silently become one
/// cell. Quotes count as the CSV readers here read them: a field is quoted only when it starts
/// with a quote, and a doubled quote inside it is a quote character. `sep` separates fields.
pub fn unclosed_quote(text: &str, sep: u8) -> Option<usize> {
    let (mut line, mut opened) = (1, 0);
    let (mut quoted, mut field_start) = (false, true);
    let mut bytes = text.bytes().peekable();
    while let Some(b) = bytes.next() {
        if b == b'\n' {
            line += 1;
        }
        if quoted {
            if b == b'"' && bytes.next_if_eq(&b'"').is_none() {
                quoted = false;
            }
            continue;
        }
        match b {
            b'"' if field_start => {
                quoted = true;
                opened = line;
            }
            b'\n' | b'\r' => {
                field_start = true;
                continue;
            }
            b if b == sep => {
                field_start = true;
                continue;
            }
            _ => {}
        }
        field_start = false;
    }
    quoted.then_some(opened)
}
