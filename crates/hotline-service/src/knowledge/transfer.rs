//! Import and export of articles as CSV or XLSX, one article a row under a header row naming
//! the columns (`COLUMNS`, or their Chinese names, in any order). An import checks every row
//! first and writes nothing unless all are good, naming each bad row by its spreadsheet row
//! number (the header is row 1) and what is wrong with it.
use std::collections::{BTreeMap, HashMap};
use std::io::Cursor;

use calamine::{DataRef, Reader, Xlsx};
use chrono::{Datelike, NaiveDate};
use serde::Serialize;

use hotline_domain::knowledge::{
    may_publish, may_see, Article, ArticleId, ArticleKind, ArticleStatus, NewArticle, VALID_YEARS,
};
use hotline_domain::org::Actor;

use crate::{App, Reference, ServiceError, ServiceResult};

/// The columns, in export order.
pub const COLUMNS: [&str; 9] = [
    "title",
    "body",
    "kind",
    "category",
    "owner_unit_code",
    "valid_from",
    "valid_to",
    "keywords",
    "status",
];

/// Chinese column names an import also accepts.
const ALIASES: [(&str, &str); 12] = [
    ("标题", "title"),
    ("正文", "body"),
    ("内容", "body"),
    ("类型", "kind"),
    ("分类", "category"),
    ("分类编码", "category"),
    ("归属单位编码", "owner_unit_code"),
    ("单位编码", "owner_unit_code"),
    ("生效日期", "valid_from"),
    ("失效日期", "valid_to"),
    ("关键词", "keywords"),
    ("状态", "status"),
];

/// Most rows one import takes.
pub const MAX_ROWS: usize = 50_000;

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

    /// The format of a media type (parameters such as `charset` ignored).
    pub fn from_media_type(media_type: &str) -> Option<Format> {
        let essence = media_type.split(';').next().unwrap_or("").trim();
        match essence.to_ascii_lowercase().as_str() {
            "text/csv" | "application/csv" => Some(Format::Csv),
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

/// What an import did.
#[derive(Debug, Clone, Serialize)]
#[serde(tag = "outcome", rename_all = "snake_case")]
pub enum ImportReport {
    Imported {
        count: usize,
        ids: Vec<ArticleId>,
    },
    /// Nothing was written.
    Rejected {
        problems: Vec<RowProblem>,
    },
}

/// A cell as read: numbers are kept apart because a spreadsheet drops a code's leading zero.
#[derive(Debug, Clone, PartialEq)]
enum Cell {
    Text(String),
    Number(String),
    Date(NaiveDate),
}

type Row = (usize, Vec<Option<Cell>>);

fn problem(row: usize, column: Option<&str>, message: impl Into<String>) -> RowProblem {
    RowProblem {
        row,
        column: column.map(str::to_string),
        message: message.into(),
    }
}

/// CSV in UTF-8 (with or without a byte-order mark) or, as spreadsheet programs in China save
/// it, GB18030.
fn read_csv(bytes: &[u8]) -> Result<Vec<Row>, RowProblem> {
    let text = match std::str::from_utf8(bytes) {
        Ok(t) => t.trim_start_matches('\u{feff}').to_string(),
        Err(_) => encoding_rs::GB18030.decode(bytes).0.into_owned(),
    };
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut rows = Vec::new();
    for (i, record) in reader.records().enumerate() {
        let record = record.map_err(|e| problem(i + 1, None, format!("CSV 格式错误:{e}")))?;
        let cells = record
            .iter()
            .map(|s| (!s.trim().is_empty()).then(|| Cell::Text(s.to_string())))
            .collect();
        rows.push((i + 1, cells));
    }
    Ok(rows)
}

/// The rightmost column an XLSX import reads: a value further right is refused rather than
/// widening every row to it.
const MAX_XLSX_COLUMNS: u32 = 64;

/// The first worksheet of an XLSX workbook, streamed cell by cell: memory follows the cells the
/// file holds, not the rectangle its dimensions claim (a sheet of two cells, A1 and the last
/// cell of the grid, would otherwise ask for 17 billion).
fn read_xlsx(bytes: &[u8]) -> Result<Vec<Row>, RowProblem> {
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
        if !rows.contains_key(&line) && rows.len() > MAX_ROWS + 1 {
            // The header, `MAX_ROWS` rows and one more, which the import names as over the
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
        DataRef::Error(e) => Some(Cell::Text(format!("#{e}"))),
    }
}

/// Which column holds each field, from the header row.
fn header(row: &Row) -> Result<HashMap<&'static str, usize>, RowProblem> {
    let mut at = HashMap::new();
    for (i, cell) in row.1.iter().enumerate() {
        let name = match cell {
            Some(Cell::Text(s)) => s.trim().to_ascii_lowercase(),
            _ => continue,
        };
        let field = COLUMNS
            .iter()
            .copied()
            .find(|c| *c == name)
            .or_else(|| ALIASES.iter().find(|(zh, _)| *zh == name).map(|(_, f)| *f));
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
        }
    }
    let missing: Vec<&str> = ["title", "body", "kind"]
        .into_iter()
        .filter(|c| !at.contains_key(c))
        .collect();
    if !missing.is_empty() {
        return Err(problem(
            row.0,
            None,
            format!(
                "表头缺少列:{}(需要 {})",
                missing.join("、"),
                COLUMNS.join(",")
            ),
        ));
    }
    Ok(at)
}

/// A validity date in one of the usual spellings, in the years 1900 to 9999 (a spreadsheet's
/// serial numbers and chrono's own range reach far beyond what a policy's dates can be).
fn date(cell: &Cell) -> Option<NaiveDate> {
    let d = match cell {
        Cell::Date(d) => Some(*d),
        Cell::Text(s) | Cell::Number(s) => {
            let s = s.trim();
            let s = s.split(['T', ' ']).next().unwrap_or(s);
            ["%Y-%m-%d", "%Y/%m/%d", "%Y.%m.%d", "%Y年%m月%d日", "%Y%m%d"]
                .iter()
                .find_map(|f| NaiveDate::parse_from_str(s, f).ok())
        }
    };
    d.filter(|d| VALID_YEARS.contains(&d.year()))
}

fn text(cell: &Cell) -> String {
    match cell {
        Cell::Text(s) | Cell::Number(s) => s.trim().to_string(),
        Cell::Date(d) => d.to_string(),
    }
}

/// One data row as checked content and status, or everything wrong with it.
fn parse_row(
    app: &App,
    r: &Reference,
    units: &HashMap<&str, hotline_domain::org::UnitId>,
    at: &HashMap<&'static str, usize>,
    (n, cells): &Row,
) -> Result<(NewArticle, ArticleStatus), Vec<RowProblem>> {
    let cell = |c: &str| {
        at.get(c)
            .and_then(|i| cells.get(*i))
            .and_then(Option::as_ref)
    };
    let mut problems = Vec::new();
    let mut bad = |c: &str, m: String| problems.push(problem(*n, Some(c), m));
    let kind = match cell("kind").map(text) {
        None => {
            bad("kind", "类型不能为空(政策问答、办事指南、标准答复)".into());
            None
        }
        Some(k) => ArticleKind::parse(&k).or_else(|| {
            bad(
                "kind",
                format!("未知类型「{k}」(政策问答、办事指南、标准答复)"),
            );
            None
        }),
    };
    let status = match cell("status").map(text) {
        None => Some(ArticleStatus::Draft),
        Some(s) => ArticleStatus::parse(&s).or_else(|| {
            bad(
                "status",
                format!("未知状态「{s}」(草稿、待审核、已发布、已下线)"),
            );
            None
        }),
    };
    let category = cell("category").map(|c| match c {
        // A spreadsheet shows the code 0101 as the number 101.
        Cell::Number(s) if s.len() % 2 == 1 => format!("0{s}"),
        other => text(other),
    });
    let owner_unit = cell("owner_unit_code").map(text).and_then(|code| {
        let found = units.get(code.as_str()).copied();
        if found.is_none() {
            bad("owner_unit_code", format!("没有编码为 {code} 的单位"));
        }
        found
    });
    let mut day = |c: &str| {
        cell(c).and_then(|v| {
            let d = date(v);
            if d.is_none() {
                bad(
                    c,
                    format!("日期「{}」应写作 YYYY-MM-DD(1900–9999 年)", text(v)),
                );
            }
            d
        })
    };
    let (valid_from, valid_to) = (day("valid_from"), day("valid_to"));
    let keywords = cell("keywords")
        .map(text)
        .map(|k| {
            k.split([';', '；', ',', '，', '、', '|', '\n'])
                .map(str::to_string)
                .collect()
        })
        .unwrap_or_default();
    let (Some(kind), Some(status)) = (kind, status) else {
        return Err(problems);
    };
    let new = NewArticle {
        title: cell("title").map(text).unwrap_or_default(),
        body: cell("body").map(text).unwrap_or_default(),
        kind,
        category,
        owner_unit,
        valid_from,
        valid_to,
        keywords,
    };
    match app.check_article(r, new) {
        Ok(content) if problems.is_empty() => Ok((content, status)),
        Ok(_) => Err(problems),
        Err(ServiceError::Domain(hotline_domain::DomainError::Invalid { field, message })) => {
            problems.push(problem(*n, Some(field), message));
            Err(problems)
        }
        Err(ServiceError::Invalid { field, message }) => {
            problems.push(problem(*n, Some(&field), message));
            Err(problems)
        }
        Err(other) => {
            problems.push(problem(*n, None, other.to_string()));
            Err(problems)
        }
    }
}

impl App {
    /// Import articles from a CSV or XLSX file: every row or none. Publishing rights needed,
    /// since rows may arrive published.
    pub async fn import_articles(
        &self,
        actor: &Actor,
        format: Format,
        bytes: &[u8],
    ) -> ServiceResult<ImportReport> {
        if !may_publish(actor) {
            return Err(ServiceError::Forbidden(
                "批量导入知识需要质检员、班长或管理员角色 / importing needs publishing rights"
                    .into(),
            ));
        }
        let rejected = |problems| Ok(ImportReport::Rejected { problems });
        let rows = match format {
            Format::Csv => read_csv(bytes),
            Format::Xlsx => read_xlsx(bytes),
        };
        let mut rows = match rows {
            Ok(rows) => rows
                .into_iter()
                .filter(|(_, c)| c.iter().any(Option::is_some)),
            Err(p) => return rejected(vec![p]),
        };
        let Some(head) = rows.next() else {
            return rejected(vec![problem(1, None, "文件是空的")]);
        };
        let at = match header(&head) {
            Ok(at) => at,
            Err(p) => return rejected(vec![p]),
        };
        let rows: Vec<Row> = rows.take(MAX_ROWS + 1).collect();
        if rows.is_empty() {
            return rejected(vec![problem(head.0, None, "表头之后没有数据行")]);
        }
        if rows.len() > MAX_ROWS {
            return rejected(vec![problem(
                rows[MAX_ROWS].0,
                None,
                format!("一次最多导入 {MAX_ROWS} 行"),
            )]);
        }
        let r = self.reference();
        let units: HashMap<&str, _> = r.units.values().map(|u| (u.code.as_str(), u.id)).collect();
        let now = self.now();
        let mut articles = Vec::with_capacity(rows.len());
        let mut problems = Vec::new();
        for row in &rows {
            match parse_row(self, &r, &units, &at, row) {
                Ok((content, status)) => articles.push(Article::new(content, status, now)),
                Err(p) => problems.extend(p),
            }
        }
        if !problems.is_empty() {
            return rejected(problems);
        }
        let stored = self.store.insert_articles(articles).await?;
        let ids = stored.iter().map(|a| a.id).collect();
        let count = stored.len();
        self.index_articles(stored).await;
        Ok(ImportReport::Imported { count, ids })
    }

    /// Every article the person may see, as a file an import reads back.
    pub async fn export_articles(&self, actor: &Actor, format: Format) -> ServiceResult<Vec<u8>> {
        let r = self.reference();
        let rows: Vec<[String; 9]> = self
            .store
            .all_articles()
            .await?
            .into_iter()
            .filter(|a| may_see(actor, a))
            .map(|a| {
                let unit = a.owner_unit.and_then(|u| r.units.get(&u));
                let day = |d: Option<NaiveDate>| d.map(|d| d.to_string()).unwrap_or_default();
                [
                    a.title,
                    a.body,
                    a.kind.as_str().to_string(),
                    a.category.unwrap_or_default(),
                    unit.map(|u| u.code.clone()).unwrap_or_default(),
                    day(a.valid_from),
                    day(a.valid_to),
                    a.keywords.join(";"),
                    a.status.as_str().to_string(),
                ]
            })
            .collect();
        let failed = |e: &dyn std::fmt::Display| {
            ServiceError::Store(hotline_store::StoreError::Backend(format!("export: {e}")))
        };
        match format {
            Format::Csv => {
                let mut out = "\u{feff}".as_bytes().to_vec();
                let mut w = csv::Writer::from_writer(&mut out);
                w.write_record(COLUMNS).map_err(|e| failed(&e))?;
                for row in &rows {
                    w.write_record(row).map_err(|e| failed(&e))?;
                }
                w.flush().map_err(|e| failed(&e))?;
                drop(w);
                Ok(out)
            }
            Format::Xlsx => {
                let mut book = rust_xlsxwriter::Workbook::new();
                let sheet = book.add_worksheet();
                sheet.set_name("知识库").map_err(|e| failed(&e))?;
                for (c, name) in COLUMNS.iter().enumerate() {
                    sheet
                        .write_string(0, c as u16, *name)
                        .map_err(|e| failed(&e))?;
                }
                for (i, row) in rows.iter().enumerate() {
                    for (c, value) in row.iter().enumerate().filter(|(_, v)| !v.is_empty()) {
                        sheet
                            .write_string(i as u32 + 1, c as u16, value.as_str())
                            .map_err(|e| failed(&e))?;
                    }
                }
                book.save_to_buffer().map_err(|e| failed(&e))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_rows_are_numbered_as_a_spreadsheet_shows_them() {
        let rows = read_csv("\u{feff}title,body\n\"两行\n正文\",b\nc,d\n".as_bytes())
            .unwrap_or_else(|p| panic!("{p:?}"));
        assert_eq!(rows.iter().map(|r| r.0).collect::<Vec<_>>(), vec![1, 2, 3]);
        assert_eq!(rows[1].1[0], Some(Cell::Text("两行\n正文".into())));
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
        let rows = read_xlsx(&far).unwrap_or_else(|p| panic!("{p:?}"));
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[1].0, 1_048_576, "numbered as the spreadsheet shows it");
        assert_eq!(rows[1].1, vec![None, Some(Cell::Text("远".into()))]);
        // The last cell of the grid (XFD1048576), far right of any column an import reads.
        let corner = xlsx(&[(0, 0, "title"), (1_048_575, 16_383, "x")]);
        let refused = read_xlsx(&corner).expect_err("a value in column 16,384");
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
    fn gb18030_csv_is_read_too() {
        let (bytes, _, _) = encoding_rs::GB18030.encode("标题,正文\n问,答\n");
        let rows = read_csv(&bytes).unwrap_or_else(|p| panic!("{p:?}"));
        let h = header(&rows[0]);
        assert!(h.is_err(), "kind is missing");
        let twice =
            read_csv("title,body,kind,标题\n".as_bytes()).unwrap_or_else(|p| panic!("{p:?}"));
        let refused = header(&twice[0]).expect_err("title twice");
        assert!(
            refused.message.contains("第 1 列与第 4 列"),
            "{}",
            refused.message
        );
        assert_eq!(rows[1].1[0], Some(Cell::Text("问".into())));
    }

    #[test]
    fn dates_take_the_usual_spellings() {
        let want = NaiveDate::from_ymd_opt(2026, 3, 9);
        for s in [
            "2026-03-09",
            "2026/3/9",
            "2026年3月9日",
            "20260309",
            "2026-03-09T00:00:00",
        ] {
            assert_eq!(date(&Cell::Text(s.into())), want, "{s}");
        }
        assert_eq!(date(&Cell::Text("下周一".into())), None);
        assert_eq!(date(&Cell::Text("+262142-12-31".into())), None);
        assert_eq!(date(&Cell::Text("0001-01-01".into())), None);
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
