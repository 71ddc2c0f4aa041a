//! XLSX workbooks: the first worksheet, streamed cell by cell.
use std::collections::BTreeMap;
use std::io::Cursor;

use calamine::{DataRef, Reader, SheetType, SheetVisible, Xlsx};

use super::{problem, Cell, Limits, Row, RowProblem};

/// The most an uploaded XLSX file may hold once unpacked, all its parts together. A workbook
/// of 50,000 rows of short text is a few tens of megabytes; reading takes several times the
/// unpacked size in memory, so a small file that unpacks to gigabytes (a "zip bomb") is
/// refused before it is read.
pub(crate) const MAX_UNPACKED_BYTES: u64 = 64 * 1024 * 1024;

/// The furthest a date cell's serial day number may lie from 1900 to be read as a date (about
/// 8,000 years either way); past it the cell is the number it holds.
const MAX_SERIAL_DAYS: f64 = 3_000_000.0;

/// Refuses a workbook whose parts unpack to more than `limit` bytes, by what they declare and
/// then by unpacking them into nothing (a part may declare less than it holds): memory stays
/// flat, and at most `limit` bytes are inflated.
pub(crate) fn check_unpacked_size(bytes: &[u8], limits: Limits) -> Result<(), RowProblem> {
    use std::io::Read;
    let limit = limits.unpacked_bytes;
    let too_big = || {
        problem(
            1,
            None,
            format!(
                "XLSX 文件解压后超过 {} MB:请拆分成几个较小的文件再导入{}",
                limit / (1024 * 1024),
                limits.larger_files()
            ),
        )
    };
    let unreadable = || problem(1, None, "文件不是有效的 XLSX 工作簿(无法按 ZIP 格式读取)");
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|_| unreadable())?;
    let mut left = limit;
    for i in 0..archive.len() {
        let part = archive.by_index(i).map_err(|_| unreadable())?;
        if part.size() > left {
            return Err(too_big());
        }
        let read = std::io::copy(&mut part.take(left + 1), &mut std::io::sink())
            .map_err(|_| unreadable())?;
        if read > left {
            return Err(too_big());
        }
        left -= read;
    }
    Ok(())
}

/// The rightmost column an XLSX import reads: a value further right is refused rather than
/// widening every row to it.
const MAX_XLSX_COLUMNS: u32 = 64;

/// The first worksheet of an XLSX workbook, streamed cell by cell: memory follows the cells the
/// file holds, not the rectangle its dimensions claim (a sheet of two cells, A1 and the last
/// cell of the grid, would otherwise ask for 17 billion).
pub(crate) fn read_xlsx(bytes: &[u8], limits: Limits) -> Result<Vec<Row>, RowProblem> {
    let max_rows = limits.rows;
    // What the reader says of a broken part (a missing relationship, XML cut short) is in
    // English and of no help to whoever fixes the file: it goes to the log.
    let unreadable = |e: &dyn std::fmt::Display| {
        tracing::info!(error = %e, "unreadable XLSX import");
        problem(
            1,
            None,
            "无法读取 XLSX 文件:文件已损坏或不完整,请用 Excel 或 WPS 打开后另存为 .xlsx 再导入",
        )
    };
    check_unpacked_size(bytes, limits)?;
    let mut book: Xlsx<_> = Xlsx::new(Cursor::new(bytes)).map_err(|e| unreadable(&e))?;
    // The first visible worksheet is read (a chart sheet holds no cells, a hidden sheet is
    // a template's lists); another visible one with something in it would be left out
    // without a word.
    let sheets: Vec<String> = book
        .sheets_metadata()
        .iter()
        .filter(|s| s.typ == SheetType::WorkSheet && s.visible == SheetVisible::Visible)
        .map(|s| s.name.clone())
        .collect();
    let Some(sheet) = sheets.first().cloned() else {
        return Err(problem(1, None, "工作簿中没有可见的工作表"));
    };
    for other in sheets.iter().skip(1) {
        let mut cells = book
            .worksheet_cells_reader(other)
            .map_err(|e| unreadable(&e))?;
        let mut filled = false;
        while let Some(cell) = cells.next_cell().map_err(|e| unreadable(&e))? {
            if xlsx_cell(cell.get_value()).is_some() {
                filled = true;
                break;
            }
        }
        if filled {
            return Err(problem(
                1,
                None,
                format!(
                    "工作簿的第一张工作表「{sheet}」之外,「{other}」中也有内容:只导入第一张工作表,\
                     请把要导入的内容放在一张工作表里,删去其他工作表后再导入"
                ),
            ));
        }
    }
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
            // Below the header, the column is named as the header names it.
            let letters = column_letters(c);
            let column = match rows.first_key_value() {
                Some((&head, cells)) if head != line => match cells.get(c as usize) {
                    Some(Some(header)) => super::text(header),
                    _ => continue,
                },
                _ => letters.clone(),
            };
            return Err(problem(
                line,
                Some(&column),
                format!(
                    "{letters} 列的单元格是 Excel 的错误值 {e}(公式出错):请改成要导入的内容后再导入"
                ),
            ));
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
    drop(reader);
    // A merged range keeps its value in its first cell only: the rows below would read as
    // empty, and an empty cell clears what an article had. (Read after the cells: the ranges
    // come after them in the sheet, and a sheet over the row limit is refused anyway.)
    if rows.len() > max_rows + 1 {
        return Ok(rows.into_iter().collect());
    }
    let merged = book
        .merge_cells_by_sheet_name(&sheet)
        .map_err(|e| unreadable(&e))?;
    if let Some(d) = merged.iter().min_by_key(|d| d.start) {
        let at = |(r, c): (u32, u32)| format!("{}{}", column_letters(c), r + 1);
        return Err(problem(
            d.start.0 as usize + 1,
            None,
            format!(
                "{}:{} 是合并单元格:合并后只有第一个单元格有内容,其余会读成空。请取消合并,\
                 在每一行填好内容后再导入",
                at(d.start),
                at(d.end)
            ),
        ));
    }
    Ok(rows.into_iter().collect())
}

/// A column as a spreadsheet names it: 0 → A, 25 → Z, 26 → AA, 16383 → XFD.
pub(super) fn column_letters(mut c: u32) -> String {
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
        // A serial day past any calendar (-1e300) would overflow the date library's duration
        // before its own range check: read as the number it is.
        DataRef::DateTime(dt) if !(-MAX_SERIAL_DAYS..=MAX_SERIAL_DAYS).contains(&dt.as_f64()) => {
            Some(Cell::Number(dt.as_f64().to_string()))
        }
        DataRef::DateTime(dt) => dt
            .as_datetime()
            .map(|t| Cell::Date(t.date()))
            .or_else(|| Some(Cell::Number(dt.as_f64().to_string()))),
        DataRef::DateTimeIso(s) | DataRef::DurationIso(s) => Some(Cell::Text(s.clone())),
        // Refused by `read_xlsx` before it asks.
        DataRef::Error(_) => None,
    }
}
