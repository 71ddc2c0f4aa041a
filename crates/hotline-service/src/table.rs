//! Spreadsheet files that imports read and exports write: CSV (UTF-8 or GB18030) or XLSX, one
//! record a row under a header row naming the columns (in English or Chinese, in any order).
//! Rows are numbered as a spreadsheet shows them (the header is row 1), so an import can name
//! each bad row.
use std::collections::{BTreeMap, HashMap};
use std::io::Cursor;

use calamine::{DataRef, Reader, Xlsx};
use chrono::NaiveDate;
use serde::Serialize;

/// Largest import file (CSV or XLSX), over the API and the web form alike.
pub const MAX_IMPORT_BYTES: usize = 10 * 1024 * 1024;

/// A file format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Csv,
    Xlsx,
}

impl Format {
    pub const XLSX_TYPE: &'static str =
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    /// `csv` or `xlsx`.
    pub fn parse(s: &str) -> Option<Format> {
        match s.trim().to_ascii_lowercase().as_str() {
            "csv" => Some(Format::Csv),
            "xlsx" => Some(Format::Xlsx),
            _ => None,
        }
    }

    /// The format of a file name's extension: `csv`, `xlsx`, and the tab-separated text
    /// Excel saves as "Unicode 文本" (`txt`, `tsv`), which the CSV reader takes.
    pub fn of_extension(extension: &str) -> Option<Format> {
        match extension.trim().to_ascii_lowercase().as_str() {
            "txt" | "tsv" => Some(Format::Csv),
            other => Format::parse(other),
        }
    }

    /// The format of a media type (parameters such as `charset` ignored); tab-separated
    /// values are read as CSV is (see `separator`).
    pub fn from_media_type(media_type: &str) -> Option<Format> {
        let essence = media_type.split(';').next().unwrap_or("").trim();
        match essence.to_ascii_lowercase().as_str() {
            "text/csv" | "application/csv" | "text/tab-separated-values" => Some(Format::Csv),
            t if t == Self::XLSX_TYPE => Some(Format::Xlsx),
            _ => None,
        }
    }

    pub fn media_type(self) -> &'static str {
        match self {
            Format::Csv => "text/csv; charset=utf-8",
            Format::Xlsx => Self::XLSX_TYPE,
        }
    }

    pub fn extension(self) -> &'static str {
        match self {
            Format::Csv => "csv",
            Format::Xlsx => "xlsx",
        }
    }
}

/// What is wrong with one row.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RowProblem {
    /// The spreadsheet row: the header is row 1.
    pub row: usize,
    pub column: Option<String>,
    pub message: String,
}

/// A cell as read: numbers are kept apart because a spreadsheet drops a code's leading zero.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Cell {
    Text(String),
    Number(String),
    Date(NaiveDate),
}

pub(crate) type Row = (usize, Vec<Option<Cell>>);

pub(crate) fn problem(row: usize, column: Option<&str>, message: impl Into<String>) -> RowProblem {
    RowProblem {
        row,
        column: column.map(str::to_string),
        message: message.into(),
    }
}

/// Text in UTF-8 (with or without a byte-order mark), UTF-16 with its byte-order mark (Excel's
/// "Unicode text") or, as spreadsheet programs in China save it, GB18030, without the mark;
/// None for bytes none of these read, which are never taken as replacement characters.
pub fn decode_text(bytes: &[u8]) -> Option<String> {
    let text = match std::str::from_utf8(bytes) {
        Ok(t) => t.to_string(),
        Err(_) => {
            let encoding = match encoding_rs::Encoding::for_bom(bytes) {
                Some((e, _)) => e,
                None => encoding_rs::GB18030,
            };
            let (text, _, malformed) = encoding.decode(bytes);
            if malformed {
                return None;
            }
            text.into_owned()
        }
    };
    Some(text.trim_start_matches('\u{feff}').to_string())
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
            "文件编码无法识别:请另存为 UTF-8 或 GBK/GB18030 编码的 CSV,或 Excel 文件",
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
    for (i, record) in reader.records().enumerate() {
        let record = record.map_err(|e| problem(i + 1, None, format!("CSV 格式错误:{e}")))?;
        // A filled cell right of the header's last column: a comma without quotes shifted the
        // row, and every column after it would be read from the wrong cell.
        let filled = (0..record.len())
            .rev()
            .find(|&c| record.get(c).is_some_and(|s| !s.trim().is_empty()))
            .map_or(0, |c| c + 1);
        match width {
            None if filled > 0 => width = Some(record.len()),
            Some(w) if filled > w => {
                return Err(problem(
                    i + 1,
                    None,
                    format!(
                    "本行有 {filled} 列内容,表头只有 {w} 列:内容中的{sep_zh}需要用双引号把整格括起来"
                ),
                ))
            }
            _ => {}
        }
        let cells = record
            .iter()
            .map(|s| (!s.trim().is_empty()).then(|| Cell::Text(unguarded(s).to_string())))
            .collect();
        rows.push((i + 1, cells));
    }
    Ok(rows)
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

/// The rightmost column an XLSX import reads: a value further right is refused rather than
/// widening every row to it.
const MAX_XLSX_COLUMNS: u32 = 64;

/// The first worksheet of an XLSX workbook, streamed cell by cell: memory follows the cells the
/// file holds, not the rectangle its dimensions claim (a sheet of two cells, A1 and the last
/// cell of the grid, would otherwise ask for 17 billion).
pub(crate) fn read_xlsx(bytes: &[u8], max_rows: usize) -> Result<Vec<Row>, RowProblem> {
    let unreadable =
        |e: &dyn std::fmt::Display| problem(1, None, format!("无法读取 XLSX 文件:{e}"));
    let mut book: Xlsx<_> = Xlsx::new(Cursor::new(bytes)).map_err(|e| unreadable(&e))?;
    let Some(sheet) = book.sheet_names().into_iter().next() else {
        return Err(problem(1, None, "工作簿中没有工作表"));
    };
    let mut reader = book
        .worksheet_cells_reader(&sheet)
        .map_err(|e| unreadable(&e))?;
    let mut rows: BTreeMap<usize, Vec<Option<Cell>>> = BTreeMap::new();
    while let Some(cell) = reader.next_cell().map_err(|e| unreadable(&e))? {
        let (r, c) = cell.get_position();
        // A formula that failed (#N/A, #REF!) holds no value to import: say where it is, in
        // the header or a column it names (a helper column without a header is not read). The
        // header is the first row with a cell, complete once a later row is read.
        if let DataRef::Error(e) = cell.get_value() {
            let line = r as usize + 1;
            let read = match rows.first_key_value() {
                Some((&head, cells)) if head != line => {
                    cells.get(c as usize).is_some_and(Option::is_some)
                }
                _ => true,
            };
            if read {
                return Err(problem(
                    line,
                    Some(&column_letters(c)),
                    format!("单元格是 Excel 的错误值 {e}(公式出错):请改成要导入的内容后再导入"),
                ));
            }
            continue;
        }
        let Some(value) = xlsx_cell(cell.get_value()) else {
            continue;
        };
        let line = r as usize + 1;
        if c >= MAX_XLSX_COLUMNS {
            return Err(problem(
                line,
                None,
                format!(
                    "{} 列(第 {} 列)有内容:最多读取前 {MAX_XLSX_COLUMNS} 列",
                    column_letters(c),
                    c + 1
                ),
            ));
        }
        if !rows.contains_key(&line) && rows.len() > max_rows + 1 {
            // The header, `max_rows` rows and one more, which the import names as over the
            // limit: reading on would only hold the rest of a huge sheet in memory.
            break;
        }
        let cells = rows.entry(line).or_default();
        let c = c as usize;
        if cells.len() <= c {
            cells.resize(c + 1, None);
        }
        cells[c] = Some(value);
    }
    Ok(rows.into_iter().collect())
}

/// A column as a spreadsheet names it: 0 → A, 25 → Z, 26 → AA, 16383 → XFD.
fn column_letters(mut c: u32) -> String {
    let mut out = Vec::new();
    loop {
        out.push(char::from(b'A' + (c % 26) as u8));
        if c < 26 {
            break;
        }
        c = c / 26 - 1;
    }
    out.iter().rev().collect()
}

/// A spreadsheet cell as the import reads it (`None`: blank).
fn xlsx_cell(d: &DataRef<'_>) -> Option<Cell> {
    match d {
        DataRef::Empty => None,
        DataRef::String(s) if s.trim().is_empty() => None,
        DataRef::SharedString(s) if s.trim().is_empty() => None,
        DataRef::String(s) => Some(Cell::Text(s.clone())),
        DataRef::SharedString(s) => Some(Cell::Text((*s).to_string())),
        DataRef::Int(n) => Some(Cell::Number(n.to_string())),
        DataRef::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => {
            Some(Cell::Number(format!("{}", *f as i64)))
        }
        DataRef::Float(f) => Some(Cell::Number(f.to_string())),
        DataRef::Bool(b) => Some(Cell::Text(b.to_string())),
        DataRef::DateTime(dt) => dt
            .as_datetime()
            .map(|t| Cell::Date(t.date()))
            .or_else(|| Some(Cell::Number(dt.as_f64().to_string()))),
        DataRef::DateTimeIso(s) | DataRef::DurationIso(s) => Some(Cell::Text(s.clone())),
        // Refused by `read_xlsx` before it asks.
        DataRef::Error(_) => None,
    }
}

/// The columns of one kind of file: the English names in export order, Chinese names an import
/// also accepts, and the ones it cannot do without.
pub(crate) struct Columns {
    pub names: &'static [&'static str],
    pub aliases: &'static [(&'static str, &'static str)],
    pub required: &'static [&'static str],
}

/// Which column holds each field, from the header row.
pub(crate) fn header(
    row: &Row,
    columns: &Columns,
) -> Result<HashMap<&'static str, usize>, RowProblem> {
    let mut at = HashMap::new();
    let mut unknown = Vec::new();
    for (i, cell) in row.1.iter().enumerate() {
        let name = match cell {
            Some(Cell::Text(s)) if !s.trim().is_empty() => s.trim().to_ascii_lowercase(),
            Some(Cell::Text(_)) | None => continue,
            // A number or a date in the header row names no column.
            Some(other) => {
                unknown.push(format!("第 {} 列「{}」", i + 1, text(other)));
                continue;
            }
        };
        let field = columns
            .names
            .iter()
            .copied()
            .find(|c| *c == name)
            .or_else(|| {
                columns
                    .aliases
                    .iter()
                    .find(|(zh, _)| *zh == name)
                    .map(|(_, f)| *f)
            });
        if let Some(f) = field {
            if let Some(first) = at.insert(f, i) {
                return Err(problem(
                    row.0,
                    Some(f),
                    format!(
                        "表头第 {} 列与第 {} 列都是「{f}」,请只保留一列",
                        first + 1,
                        i + 1
                    ),
                ));
            }
        } else {
            unknown.push(format!("第 {} 列「{}」", i + 1, name));
        }
    }
    // A misspelt column would be read as absent: an update would silently keep the values
    // the file meant to change.
    if !unknown.is_empty() {
        return Err(problem(
            row.0,
            None,
            format!(
                "表头有不认识的列:{}(可用的列:{};中文列名亦可)",
                unknown.join("、"),
                columns.names.join(",")
            ),
        ));
    }
    let missing: Vec<&str> = columns
        .required
        .iter()
        .copied()
        .filter(|c| !at.contains_key(c))
        .collect();
    if !missing.is_empty() {
        return Err(problem(
            row.0,
            None,
            format!(
                "表头缺少列:{}(需要 {})",
                missing.join("、"),
                columns.names.join(",")
            ),
        ));
    }
    Ok(at)
}

/// A workbook in Excel's old binary format (.xls, also WPS's default for some users) starts
/// with the compound-file signature, as does an XLSX workbook with a password (encrypted inside
/// one); an XLSX workbook is a ZIP archive.
const XLS_SIGNATURE: &[u8] = &[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
const ZIP_SIGNATURE: &[u8] = b"PK\x03\x04";

/// What the file really is when it is not what it was sent as: an old .xls workbook, or an
/// XLSX workbook sent as CSV. Without this the reader's own error (a ZIP error, or garbled
/// header cells) would say nothing a clerk can act on.
fn wrong_kind(format: Format, bytes: &[u8]) -> Option<&'static str> {
    if bytes.starts_with(XLS_SIGNATURE) {
        return Some(
            "这是旧版 Excel 文件(.xls)或设了密码的工作簿,无法读取:请取消密码,并在 Excel 或 WPS 中另存为 \
             .xlsx 或 CSV(UTF-8)后再导入 / an old Excel .xls workbook or a password-protected \
             one: remove the password and save it as .xlsx or CSV first",
        );
    }
    match format {
        Format::Csv if bytes.starts_with(ZIP_SIGNATURE) => Some(
            "这是 Excel 工作簿(.xlsx),不是 CSV 文本:请按 XLSX 格式导入,或另存为 CSV(UTF-8) \
             / an XLSX workbook sent as CSV: import it as XLSX",
        ),
        Format::Xlsx if !bytes.starts_with(ZIP_SIGNATURE) && !bytes.is_empty() => Some(
            "不是 XLSX 工作簿(文件内容不是 Excel 2007 及以后的格式):请另存为 .xlsx,或按 CSV 导入 \
             / not an XLSX workbook: save it as .xlsx, or import it as CSV",
        ),
        _ => None,
    }
}

/// The data rows of a file and where each column is: blank rows skipped, at least one row and
/// at most `max_rows`, or the one problem that stops the file being read.
pub(crate) fn read(
    format: Format,
    bytes: &[u8],
    columns: &Columns,
    max_rows: usize,
) -> Result<(HashMap<&'static str, usize>, Vec<Row>), RowProblem> {
    if let Some(wrong) = wrong_kind(format, bytes) {
        return Err(problem(1, None, wrong));
    }
    let rows = match format {
        Format::Csv => read_csv(bytes)?,
        Format::Xlsx => read_xlsx(bytes, max_rows)?,
    };
    // No database stores a NUL character in text.
    let nul =
        |c: &Option<Cell>| matches!(c, Some(Cell::Text(t) | Cell::Number(t)) if t.contains('\0'));
    if let Some((row, _)) = rows.iter().find(|(_, cells)| cells.iter().any(nul)) {
        return Err(problem(*row, None, "单元格含有 NUL 字符,请删除后再导入"));
    }
    let mut rows = rows
        .into_iter()
        .filter(|(_, c)| c.iter().any(Option::is_some));
    let Some(head) = rows.next() else {
        return Err(problem(1, None, "文件是空的"));
    };
    let at = header(&head, columns)?;
    let rows: Vec<Row> = rows.take(max_rows + 1).collect();
    if rows.is_empty() {
        return Err(problem(head.0, None, "表头之后没有数据行"));
    }
    if rows.len() > max_rows {
        return Err(problem(
            rows[max_rows].0,
            None,
            format!("一次最多导入 {max_rows} 行"),
        ));
    }
    Ok((at, rows))
}

/// Whether a spreadsheet program would take a CSV cell for a formula (`=HYPERLINK(…)`, `+1`,
/// `-1+1`, `@SUM`, a leading tab or carriage return), or for the guard of one.
fn formula_like(cell: &str) -> bool {
    match cell.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => true,
        Some('\'') => formula_like(&cell[1..]),
        _ => false,
    }
}

/// A CSV cell as written: one that would run as a formula when a knowledge editor opens the
/// export gets a leading apostrophe, which spreadsheets show as text.
fn guarded(cell: &str) -> std::borrow::Cow<'_, str> {
    if formula_like(cell) {
        format!("'{cell}").into()
    } else {
        cell.into()
    }
}

/// A CSV cell as read: the guard `guarded` added taken off again, so an export reads back as
/// it was written.
fn unguarded(cell: &str) -> &str {
    match cell.strip_prefix('\'') {
        Some(rest) if formula_like(rest) => rest,
        _ => cell,
    }
}

/// A file of `rows` under a header row of `columns`; `sheet` names an XLSX worksheet. CSV starts
/// with a byte-order mark so that spreadsheet programs read it as UTF-8; its cells are guarded
/// against formula injection (`guarded`), and read back unguarded.
pub(crate) fn write(
    format: Format,
    sheet: &str,
    columns: &[&str],
    rows: &[Vec<String>],
) -> Result<Vec<u8>, String> {
    let failed = |e: &dyn std::fmt::Display| e.to_string();
    match format {
        Format::Csv => {
            let mut out = "\u{feff}".as_bytes().to_vec();
            let mut w = csv::Writer::from_writer(&mut out);
            w.write_record(columns).map_err(|e| failed(&e))?;
            for row in rows {
                w.write_record(row.iter().map(|c| guarded(c).into_owned()))
                    .map_err(|e| failed(&e))?;
            }
            w.flush().map_err(|e| failed(&e))?;
            drop(w);
            Ok(out)
        }
        Format::Xlsx => {
            let mut book = rust_xlsxwriter::Workbook::new();
            let ws = book.add_worksheet();
            ws.set_name(sheet).map_err(|e| failed(&e))?;
            for (c, name) in columns.iter().enumerate() {
                ws.write_string(0, c as u16, *name)
                    .map_err(|e| failed(&e))?;
            }
            for (i, row) in rows.iter().enumerate() {
                for (c, value) in row.iter().enumerate().filter(|(_, v)| !v.is_empty()) {
                    ws.write_string(i as u32 + 1, c as u16, value.as_str())
                        .map_err(|e| failed(&e))?;
                }
            }
            book.save_to_buffer().map_err(|e| failed(&e))
        }
    }
}

/// A list in one cell or form field (keywords, aliases): items separated by 、 ; , | or new
/// lines, trimmed, blanks dropped.
pub fn split_list(s: &str) -> Vec<String> {
    s.split(hotline_domain::knowledge::KEYWORD_SEPARATORS)
        .map(str::trim)
        .filter(|a| !a.is_empty())
        .map(str::to_string)
        .collect()
}

/// A cell's text, trimmed (a date as YYYY-MM-DD).
pub(crate) fn text(cell: &Cell) -> String {
    match cell {
        Cell::Text(s) | Cell::Number(s) => s.trim().to_string(),
        Cell::Date(d) => d.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const ARTICLES: Columns = Columns {
        names: &["title", "body", "kind"],
        aliases: &[("标题", "title"), ("正文", "body")],
        required: &["title", "body", "kind"],
    };

    #[test]
    fn csv_cells_that_would_run_as_formulas_are_guarded_and_read_back_as_written() {
        let cells = [
            "=HYPERLINK(\"http://x\",\"点我\")",
            "+1",
            "-1+1",
            "@SUM(A1)",
            "'=already quoted",
            "''+twice",
            "'plain apostrophe",
            "普通文字 = 不是公式",
            "",
        ];
        let row: Vec<String> = cells.iter().map(|c| c.to_string()).collect();
        let bytes = write(Format::Csv, "s", &["a"; 9], &[row]).expect("a CSV");
        let text = String::from_utf8(bytes.clone()).expect("UTF-8");
        assert!(text.contains("'=HYPERLINK"), "{text}");
        assert!(text.contains(",'+1,'-1+1,'@SUM(A1),"), "{text}");
        assert!(text.contains(",'plain apostrophe,"), "{text}");
        let rows = read_csv(&bytes).unwrap_or_else(|p| panic!("{p:?}"));
        let read: Vec<String> = rows[1]
            .1
            .iter()
            .map(|c| match c {
                Some(Cell::Text(t)) => t.clone(),
                _ => String::new(),
            })
            .collect();
        assert_eq!(read, cells);
    }

    #[test]
    fn csv_rows_are_numbered_as_a_spreadsheet_shows_them() {
        let rows = read_csv("\u{feff}title,body\n\"两行\n正文\",b\nc,d\n".as_bytes())
            .unwrap_or_else(|p| panic!("{p:?}"));
        assert_eq!(rows.iter().map(|r| r.0).collect::<Vec<_>>(), vec![1, 2, 3]);
        assert_eq!(rows[1].1[0], Some(Cell::Text("两行\n正文".into())));
    }

    #[test]
    fn excels_unicode_text_is_tab_separated_utf16() {
        // "Unicode 文本(*.txt)": UTF-16LE with its mark, tabs between cells, quotes around a
        // cell with a line break; a comma inside a cell is only text.
        let text = "标题\t正文\r\n停水了\t\"今天停水,\r\n何时恢复\"\r\n问2\t答2\r\n";
        let mut bytes = vec![0xff, 0xfe];
        bytes.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
        let rows = read_csv(&bytes).unwrap_or_else(|p| panic!("{p:?}"));
        assert_eq!(rows.len(), 3);
        assert_eq!(rows[0].1[1], Some(Cell::Text("正文".into())));
        assert_eq!(
            rows[1].1[1],
            Some(Cell::Text("今天停水,\r\n何时恢复".into()))
        );
        assert_eq!(rows[2].1[0], Some(Cell::Text("问2".into())));
        // A header with commas stays CSV, tabs in its cells or not.
        let plain = "title,body\n问\t1,答\n";
        assert_eq!(separator(plain, plain.as_bytes()), b',');
        // One column of Unicode text: its commas are text.
        let mut one = vec![0xff, 0xfe];
        one.extend(
            "内容\r\n停水,何时恢复\r\n"
                .encode_utf16()
                .flat_map(u16::to_le_bytes),
        );
        let rows = read_csv(&one).unwrap_or_else(|p| panic!("{p:?}"));
        assert_eq!(rows[1].1, vec![Some(Cell::Text("停水,何时恢复".into()))]);
        let refused = read_csv("标题\t正文\n问\t答\t多出\n".as_bytes()).expect_err("shifted");
        assert!(refused.message.contains("制表符"), "{}", refused.message);
    }

    #[test]
    fn an_unclosed_quote_and_a_row_wider_than_its_header_are_refused() {
        // The quote opened on line 2 swallows lines 3 and 4 into one cell.
        let refused = read_csv("title,body\n\"问,答\n问2,答2\n问3,答3\n".as_bytes())
            .expect_err("an unclosed quote");
        assert!(refused.message.contains("第 2 行"), "{}", refused.message);
        // A comma without quotes moves every later cell one column right.
        let refused =
            read_csv("title,body\n问,答,多出的一格\n".as_bytes()).expect_err("a shifted row");
        assert_eq!(refused.row, 2);
        assert!(
            refused.message.contains("表头只有 2 列"),
            "{}",
            refused.message
        );
        // Doubled quotes, quotes inside an unquoted field, trailing empty cells and CRLF are
        // all well-formed.
        let fine = "title,body,\r\n\"他说\"\"好\"\"\",5\"高,,\r\n";
        assert_eq!(unclosed_quote(fine, b','), None);
        let rows = read_csv(fine.as_bytes()).unwrap_or_else(|p| panic!("{p:?}"));
        assert_eq!(rows[1].1[0], Some(Cell::Text("他说\"好\"".into())));
        assert_eq!(rows[1].1[1], Some(Cell::Text("5\"高".into())));
        assert_eq!(unclosed_quote("a,\"b\nc", b','), Some(1));
        let refused = read(
            Format::Csv,
            "title,body,kind\n问,答\0,x\n".as_bytes(),
            &ARTICLES,
            9,
        )
        .expect_err("a NUL character");
        assert_eq!(refused.row, 2);
        assert!(refused.message.contains("NUL"), "{}", refused.message);
    }

    /// An XLSX workbook with `cells` (row, column, text) on its first sheet.
    fn xlsx(cells: &[(u32, u16, &str)]) -> Vec<u8> {
        let mut book = rust_xlsxwriter::Workbook::new();
        let sheet = book.add_worksheet();
        for &(r, c, text) in cells {
            sheet.write_string(r, c, text).expect("writing a cell");
        }
        book.save_to_buffer().expect("an XLSX file")
    }

    #[test]
    fn a_sheet_that_claims_the_whole_grid_is_read_by_its_cells() {
        // Three header cells and one in the last row of the grid: the sheet's dimensions claim
        // a million rows, which reading the rectangle would allocate.
        let far = xlsx(&[
            (0, 0, "title"),
            (0, 1, "body"),
            (0, 2, "kind"),
            (1_048_575, 1, "远"),
        ]);
        let rows = read_xlsx(&far, 50_000).unwrap_or_else(|p| panic!("{p:?}"));
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[1].0, 1_048_576, "numbered as the spreadsheet shows it");
        assert_eq!(rows[1].1, vec![None, Some(Cell::Text("远".into()))]);
        // The last cell of the grid (XFD1048576), far right of any column an import reads.
        let corner = xlsx(&[(0, 0, "title"), (1_048_575, 16_383, "x")]);
        let refused = read_xlsx(&corner, 50_000).expect_err("a value in column 16,384");
        assert_eq!(refused.row, 1_048_576);
        assert!(
            refused.message.contains("XFD 列(第 16384 列)"),
            "{}",
            refused.message
        );
        let names: Vec<String> = [0, 25, 26, 77, 701, 702].map(column_letters).into();
        assert_eq!(names, ["A", "Z", "AA", "BZ", "ZZ", "AAA"]);
    }

    #[test]
    fn an_excel_error_value_is_refused_where_it_stands() {
        // A header of two columns, a text, and a failed formula in `column`.
        let book_with_error_in = |column: u16| {
            let mut book = rust_xlsxwriter::Workbook::new();
            let sheet = book.add_worksheet();
            for (c, text) in ["title", "body"].iter().enumerate() {
                sheet
                    .write_string(0, c as u16, *text)
                    .expect("a header cell");
            }
            sheet.write_string(1, 0, "停水").expect("a cell");
            let failed =
                rust_xlsxwriter::Formula::new("=VLOOKUP(1,C1:C2,2,FALSE)").set_result("#N/A");
            sheet.write_formula(1, column, failed).expect("a formula");
            book.save_to_buffer().expect("an XLSX file")
        };
        let refused = read_xlsx(&book_with_error_in(1), 10).expect_err("an error value");
        assert_eq!((refused.row, refused.column.as_deref()), (2, Some("B")));
        assert!(
            refused.message.contains("错误值 #N/A("),
            "{}",
            refused.message
        );
        // In a helper column without a header the import does not read it.
        let rows = read_xlsx(&book_with_error_in(3), 10).unwrap_or_else(|p| panic!("{p:?}"));
        assert_eq!(rows[1].1, vec![Some(Cell::Text("停水".into()))]);
    }

    #[test]
    fn a_file_of_another_kind_says_what_it_is() {
        let mut xls = XLS_SIGNATURE.to_vec();
        xls.extend_from_slice(&[0; 504]);
        for format in [Format::Csv, Format::Xlsx] {
            let p = read(format, &xls, &ARTICLES, 10).expect_err("an .xls workbook");
            assert!(p.message.contains("旧版 Excel 文件(.xls)"), "{p:?}");
        }
        let book = xlsx(&[(0, 0, "title")]);
        let p = read(Format::Csv, &book, &ARTICLES, 10).expect_err("XLSX sent as CSV");
        assert!(p.message.contains("不是 CSV 文本"), "{p:?}");
        let p = read(Format::Xlsx, "标题,正文\n".as_bytes(), &ARTICLES, 10)
            .expect_err("CSV sent as XLSX");
        assert!(p.message.contains("不是 XLSX 工作簿"), "{p:?}");
    }

    #[test]
    fn gb18030_csv_is_read_too() {
        let (bytes, _, _) = encoding_rs::GB18030.encode("标题,正文\n问,答\n");
        let rows = read_csv(&bytes).unwrap_or_else(|p| panic!("{p:?}"));
        let h = header(&rows[0], &ARTICLES);
        assert!(h.is_err(), "kind is missing");
        let twice =
            read_csv("title,body,kind,标题\n".as_bytes()).unwrap_or_else(|p| panic!("{p:?}"));
        let refused = header(&twice[0], &ARTICLES).expect_err("title twice");
        assert!(
            refused.message.contains("第 1 列与第 4 列"),
            "{}",
            refused.message
        );
        assert_eq!(rows[1].1[0], Some(Cell::Text("问".into())));
    }

    #[test]
    fn utf16_csv_is_read_and_unreadable_bytes_are_refused() {
        let mut utf16 = vec![0xff, 0xfe];
        for unit in "标题,正文\n问,答\n".encode_utf16() {
            utf16.extend_from_slice(&unit.to_le_bytes());
        }
        let rows = read_csv(&utf16).unwrap_or_else(|p| panic!("{p:?}"));
        assert_eq!(rows[1].1[1], Some(Cell::Text("答".into())));
        // A UTF-16 mark and then an odd byte: not text in any of the encodings read.
        let refused = read_csv(&[0xff, 0xfe, 0x41]).expect_err("unreadable");
        assert!(
            refused.message.contains("编码无法识别"),
            "{}",
            refused.message
        );
        let refused = read_csv(&[0x81, 0x20, 0x2c, 0x0a]).expect_err("not GB18030");
        assert!(
            refused.message.contains("编码无法识别"),
            "{}",
            refused.message
        );
    }

    #[test]
    fn media_types_pick_the_format() {
        assert_eq!(
            Format::from_media_type("text/csv; charset=utf-8"),
            Some(Format::Csv)
        );
        assert_eq!(
            Format::from_media_type(Format::XLSX_TYPE),
            Some(Format::Xlsx)
        );
        assert_eq!(Format::from_media_type("application/json"), None);
    }
}
