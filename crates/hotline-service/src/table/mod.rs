//! Spreadsheet files that imports read and exports write: CSV or tab-separated text
//! (`delimited`) or XLSX (`xlsx`), one record a row under a header row naming the columns (in
//! English or Chinese, in any order). Rows are numbered as a spreadsheet shows them (the header
//! is row 1), so an import can name each bad row.
use std::collections::HashMap;

use chrono::NaiveDate;
use serde::Serialize;

mod delimited;
#[cfg(test)]
mod tests;
mod xlsx;

pub(crate) use delimited::read_csv;
pub use delimited::{decode_mostly_utf8, decode_text, separator, unclosed_quote, Salvaged};
pub(crate) use xlsx::read_xlsx;

/// Largest import file (CSV or XLSX), over the API and the web form alike.
pub const MAX_IMPORT_BYTES: usize = 10 * 1024 * 1024;

/// Most rows an import reads from a file on the server's own disk (`Source::LocalFile`).
pub const LOCAL_MAX_ROWS: usize = 2_000_000;

/// Most bytes an XLSX file on the server's own disk may unpack to (`Source::LocalFile`).
pub const LOCAL_MAX_UNPACKED_BYTES: u64 = 4 * 1024 * 1024 * 1024;

/// Where an import file comes from, which sets how much of it is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    /// Sent over the API or a web form: at most `MAX_IMPORT_BYTES` (the server refuses more
    /// before the import sees it), an XLSX file unpacking to at most 64 MiB, and the
    /// import's own row limit, so one request cannot take the memory the server shares.
    Upload,
    /// A file on the server's disk given to an administrator's command (`hotline knowledge
    /// import`, `hotline places import`): a whole knowledge base or a province's gazetteer
    /// moved from another system, up to `LOCAL_MAX_ROWS` rows and an XLSX file unpacking to
    /// `LOCAL_MAX_UNPACKED_BYTES`.
    LocalFile,
}

/// How much of a file one import reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Data rows, the header not counted.
    pub rows: usize,
    /// What an XLSX file's parts may unpack to, all together.
    pub unpacked_bytes: u64,
    /// Where the file comes from: a refused upload says where a larger file goes.
    pub from: Source,
}

impl Limits {
    /// What a refusal for size adds: for an upload, the command that reads larger files.
    pub(crate) fn larger_files(&self) -> &'static str {
        match self.from {
            Source::Upload => {
                ";更大的文件请由系统管理员在服务器上用命令 hotline knowledge import(知识库)或 hotline places import(地名库)导入"
            }
            Source::LocalFile => "",
        }
    }
}

impl Source {
    /// The limits for an import whose uploads take at most `upload_rows` rows.
    pub fn limits(self, upload_rows: usize) -> Limits {
        match self {
            Source::Upload => Limits {
                rows: upload_rows,
                unpacked_bytes: xlsx::MAX_UNPACKED_BYTES,
                from: self,
            },
            Source::LocalFile => Limits {
                rows: LOCAL_MAX_ROWS.max(upload_rows),
                unpacked_bytes: LOCAL_MAX_UNPACKED_BYTES,
                from: self,
            },
        }
    }
}

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

/// `read` on a blocking thread: unpacking and parsing a workbook of up to `MAX_IMPORT_BYTES`
/// takes a while, and must not hold up the requests sharing the async worker.
pub(crate) async fn read_apart(
    format: Format,
    bytes: &[u8],
    columns: &'static Columns,
    limits: Limits,
) -> Result<(HashMap<&'static str, usize>, Vec<Row>), RowProblem> {
    let owned = bytes.to_vec();
    tokio::task::spawn_blocking(move || read(format, &owned, columns, limits))
        .await
        .unwrap_or_else(|e| {
            // Only the file's bytes went in: a reader that gave up on them (a cell reference
            // past Excel's grid made the XLSX reader overflow) met a damaged file.
            tracing::warn!(error = %e, "the reader of an import file gave up on it");
            Err(problem(
                1,
                None,
                "无法读取该文件:文件可能已损坏或不是由电子表格程序保存的,请在 Excel 或 WPS 中打开后另存为 .xlsx 或 CSV(UTF-8)再导入 / the file could not be read: save it again from a spreadsheet program",
            ))
        })
}

/// The data rows of a file and where each column is: blank rows skipped, at least one row and
/// at most `limits.rows`, or the one problem that stops the file being read.
pub(crate) fn read(
    format: Format,
    bytes: &[u8],
    columns: &Columns,
    limits: Limits,
) -> Result<(HashMap<&'static str, usize>, Vec<Row>), RowProblem> {
    if let Some(wrong) = wrong_kind(format, bytes) {
        return Err(problem(1, None, wrong));
    }
    let max_rows = limits.rows;
    let rows = match format {
        Format::Csv => read_csv(bytes)?,
        Format::Xlsx => read_xlsx(bytes, limits)?,
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
            format!("一次最多导入 {max_rows} 行{}", limits.larger_files()),
        ));
    }
    // A value under a header cell left empty would be read by nobody: the import would say
    // the row is unchanged while the file meant to change it (a header cleared by mistake).
    let named = |i: usize| at.values().any(|&c| c == i);
    for (row, cells) in &rows {
        if let Some(i) = (0..cells.len()).find(|&i| cells[i].is_some() && !named(i)) {
            return Err(problem(
                *row,
                None,
                format!(
                    "第 {} 列有内容,但表头这一列没有列名:请填上列名,或删去这一列",
                    i + 1
                ),
            ));
        }
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
