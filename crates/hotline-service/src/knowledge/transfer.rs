//! Import and export of articles as CSV or XLSX (`crate::table`), one article a row under a
//! header row naming the columns (`COLUMNS`, or their Chinese names, in any order). An import
//! checks every row first and writes nothing unless all are good, naming each bad row by its
//! spreadsheet row number (the header is row 1) and what is wrong with it.
//!
//! An export carries each article's id and version, so a file edited in a spreadsheet and read
//! back updates the articles it came from: a row with an id updates that article if it is still
//! at the row's version (else the row is refused: someone changed it since the export), a row
//! that says what its article says now is left alone at any version, and a row without an id is
//! a new article (or, saying what a stored article of its title and unit says, left alone: the
//! same file imported twice writes nothing the second time).
use std::collections::{HashMap, HashSet};

use chrono::{Datelike, NaiveDate};
use serde::Serialize;

use hotline_domain::knowledge::{
    may_publish, may_see, may_write, Article, ArticleChange, ArticleId, ArticleKind, ArticleStatus,
    NewArticle, VALID_YEARS,
};
use hotline_domain::org::{Actor, UnitId};
use hotline_store::ArticleFilter;

use super::visible;
use crate::analyze::check_category;
use crate::table::{self, problem, text, Cell, Columns, Row};
pub use crate::table::{Format, RowProblem, Source};
use crate::{App, Reference, ServiceError, ServiceResult};

/// The columns, in export order.
pub const COLUMNS: [&str; 11] = [
    "id",
    "version",
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
const ALIASES: [(&str, &str); 14] = [
    ("编号", "id"),
    ("版本", "version"),
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

/// No column is required of the file: a row updating an article keeps what the file leaves
/// out, and a new article's title, body and kind are checked row by row.
const FILE: Columns = Columns {
    names: &COLUMNS,
    aliases: &ALIASES,
    required: &[],
};

/// Most rows one uploaded import takes.
pub const MAX_ROWS: usize = 50_000;

/// An export: the file, and how many articles it holds.
#[derive(Debug, Clone)]
pub struct Exported {
    pub bytes: Vec<u8>,
    pub articles: usize,
}

/// What an import did.
#[derive(Debug, Clone, Serialize)]
#[serde(tag = "outcome", rename_all = "snake_case")]
pub enum ImportReport {
    Imported {
        /// Articles written: created and updated.
        count: usize,
        /// Their ids, in the file's order.
        ids: Vec<ArticleId>,
        created: usize,
        updated: usize,
        /// Rows naming an article whose content and status they repeat: nothing to write.
        unchanged: usize,
    },
    /// Nothing was written.
    Rejected { problems: Vec<RowProblem> },
}

/// Where a title is already used: by a stored article, or by a new row of the file (its row
/// number).
enum Titled {
    Stored(ArticleId),
    Row(usize),
}

/// A validity date in one of the usual spellings, in the years 1900 to 9999 (a spreadsheet's
/// serial numbers and chrono's own range reach far beyond what a policy's dates can be).
fn date(cell: &Cell) -> Option<NaiveDate> {
    let d = match cell {
        Cell::Date(d) => Some(*d),
        Cell::Text(s) | Cell::Number(s) => {
            let s = s.trim();
            // A timestamp with its offset (2026-03-08T16:00:00Z, as systems export UTC) is the
            // China date of that moment, not the date written before its time.
            if let Ok(at) = chrono::DateTime::parse_from_rfc3339(s) {
                let day = at.with_timezone(&hotline_domain::calendar::china_offset());
                return Some(day.date_naive()).filter(|d| VALID_YEARS.contains(&d.year()));
            }
            let s = s.split(['T', ' ']).next().unwrap_or(s);
            ["%Y-%m-%d", "%Y/%m/%d", "%Y.%m.%d", "%Y年%m月%d日", "%Y%m%d"]
                .iter()
                .find_map(|f| NaiveDate::parse_from_str(s, f).ok())
        }
    };
    d.filter(|d| VALID_YEARS.contains(&d.year()))
}

/// One data row, checked.
struct Parsed {
    content: NewArticle,
    status: ArticleStatus,
    /// The article the row updates and the version it was exported at.
    existing: Option<(ArticleId, u64)>,
}

/// One data row as checked content and status, or everything wrong with it. A row that names
/// an article (`current` holds them by id) keeps the stored value of every optional column the
/// file does not have, and its stored status when the status cell is blank: a file of only the
/// columns someone meant to change changes only those.
fn parse_row(
    app: &App,
    r: &Reference,
    units: &HashMap<&str, UnitId>,
    current: &HashMap<ArticleId, Article>,
    at: &HashMap<&'static str, usize>,
    (n, cells): &Row,
) -> Result<Parsed, Vec<RowProblem>> {
    let cell = |c: &str| {
        at.get(c)
            .and_then(|i| cells.get(*i))
            .and_then(Option::as_ref)
    };
    let mut problems = Vec::new();
    let mut bad = |c: &str, m: String| problems.push(problem(*n, Some(c), m));
    let whole = |c: &Cell| {
        let t = text(c);
        let digits = t.strip_suffix(".0").unwrap_or(&t);
        digits.parse::<i64>().ok().filter(|v| *v > 0).ok_or(t)
    };
    let id = cell("id").and_then(|c| match whole(c) {
        Ok(v) => Some(ArticleId(v)),
        Err(t) => {
            bad(
                "id",
                format!("编号「{t}」应为导出文件中的正整数;新增的知识请留空编号"),
            );
            None
        }
    });
    let version = cell("version").and_then(|c| match whole(c) {
        Ok(v) => Some(v as u64),
        Err(t) => {
            bad("version", format!("版本「{t}」应为导出文件中的正整数"));
            None
        }
    });
    if id.is_some() && version.is_none() && cell("version").is_none() {
        bad(
            "version",
            "有编号的行须带导出时的版本,以免覆盖他人在导出后所做的修改".into(),
        );
    }
    if id.is_none() && cell("id").is_none() && cell("version").is_some() {
        bad(
            "id",
            "有版本而没有编号:要更新原有知识请填回编号;要新增请同时清空版本".into(),
        );
    }
    let old = id.and_then(|i| current.get(&i));
    // Whether the file has the column at all (a blank cell in it clears the value).
    let has = |c: &str| at.contains_key(c);
    // The article this row updates, where the file has no such column: its value stays.
    let kept = |c: &str| old.filter(|_| !has(c));
    if let (Some(i), None) = (id, old) {
        bad(
            "id",
            format!("没有编号为 {} 的知识;新增的知识请留空编号与版本", i.0),
        );
        return Err(problems);
    }
    // A row without an id is a new article.
    if id.is_none() {
        let absent: Vec<&str> = ["title", "body", "kind"]
            .into_iter()
            .filter(|c| !has(c))
            .collect();
        if !absent.is_empty() {
            bad(
                absent[0],
                format!(
                    "新增的知识须有标题、正文和类型,文件缺少列:{}(要更新原有知识请填编号和版本)",
                    absent.join("、")
                ),
            );
            return Err(problems);
        }
    }
    let kind = match cell("kind").map(text) {
        None if kept("kind").is_some() => old.map(|o| o.kind),
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
        None => Some(old.map_or(ArticleStatus::Draft, |o| o.status)),
        Some(s) => ArticleStatus::parse(&s).or_else(|| {
            bad(
                "status",
                format!("未知状态「{s}」(草稿、待审核、已发布、已下线)"),
            );
            None
        }),
    };
    let category = cell("category").map(|c| match c {
        // A spreadsheet shows the code 0101 as the number 101, and saves it so as CSV too:
        // codes have an even number of digits, so an odd one has lost its leading zero.
        Cell::Number(s) if s.len() % 2 == 1 => format!("0{s}"),
        other => {
            let t = text(other);
            let digits = !t.is_empty() && t.bytes().all(|b| b.is_ascii_digit());
            if digits && t.len() % 2 == 1 {
                format!("0{t}")
            } else {
                t
            }
        }
    });
    let category = match old {
        Some(o) if !has("category") => o.category.clone(),
        _ => category,
    };
    let owner_unit = cell("owner_unit_code").map(text).and_then(|code| {
        let found = units.get(code.as_str()).copied();
        if found.is_none() {
            bad("owner_unit_code", format!("没有编码为 {code} 的单位"));
        }
        found
    });
    let owner_unit = match old {
        Some(o) if !has("owner_unit_code") => o.owner_unit,
        _ => owner_unit,
    };
    let mut day = |c: &str| {
        cell(c).and_then(|v| {
            let d = date(v);
            if d.is_none() {
                let said = text(v);
                // Written as asked but no day of the calendar (2026-13-01, 2026-02-30).
                let shaped = said.split('-').map(str::len).collect::<Vec<_>>() == [4, 2, 2]
                    && said.chars().all(|c| c.is_ascii_digit() || c == '-')
                    && said[..4]
                        .parse::<i32>()
                        .is_ok_and(|y| (1900..=9999).contains(&y));
                let message = if shaped {
                    format!("日期「{said}」不存在:月应为 01–12,日不超过当月的天数")
                } else {
                    format!("日期「{said}」应写作 YYYY-MM-DD(1900–9999 年)")
                };
                bad(c, message);
            }
            d
        })
    };
    let (valid_from, valid_to) = (day("valid_from"), day("valid_to"));
    let keywords = cell("keywords")
        .map(|k| table::split_list(&text(k)))
        .unwrap_or_default();
    let valid_from = kept("valid_from").map_or(valid_from, |o| o.valid_from);
    let valid_to = kept("valid_to").map_or(valid_to, |o| o.valid_to);
    let keywords = kept("keywords").map_or(keywords, |o| o.keywords.clone());
    let new = NewArticle {
        title: kept("title").map_or_else(
            || cell("title").map(text).unwrap_or_default(),
            |o| o.title.clone(),
        ),
        body: kept("body").map_or_else(
            || cell("body").map(text).unwrap_or_default(),
            |o| o.body.clone(),
        ),
        // A bad type is told above; the rest of the row is still checked with a stand-in, so
        // one upload names every column to mend.
        kind: kind.unwrap_or(ArticleKind::PolicyQa),
        category,
        owner_unit,
        valid_from,
        valid_to,
        keywords,
    };
    let existing = id.zip(version);
    // An article may keep the unit and category it has even if they were retired since.
    match app.check_article_keeping(r, new, old) {
        Ok(content) if problems.is_empty() => Ok(Parsed {
            content,
            // Told above when it is none.
            status: status.unwrap_or(ArticleStatus::Draft),
            existing,
        }),
        Ok(_) => Err(problems),
        Err(ServiceError::Domain(hotline_domain::DomainError::Invalid { field, message })) => {
            problems.push(problem(*n, Some(field), message));
            Err(problems)
        }
        Err(ServiceError::Invalid { field, message }) => {
            // Named as the file names its column.
            let column = if field == "owner_unit" {
                "owner_unit_code"
            } else {
                &field
            };
            problems.push(problem(*n, Some(column), message));
            Err(problems)
        }
        Err(other) => {
            problems.push(problem(*n, None, other.to_string()));
            Err(problems)
        }
    }
}

/// A row that would publish an article past its validity (a new one, or one not published
/// before): it would never be offered, so the date or the status is the mistake, as when
/// publishing by hand. An article already published keeps what the file says (an export read
/// back in is not refused for what time did to it), and a row left alone writes nothing.
fn published_expired(
    row: usize,
    p: &Parsed,
    was_published: bool,
    today: NaiveDate,
) -> Option<RowProblem> {
    let to = p.content.valid_to.filter(|to| *to < today)?;
    (p.status == ArticleStatus::Published && !was_published).then(|| {
        problem(
            row,
            Some("status"),
            format!(
                "失效日期 {to} 已过,不能以「已发布」导入(发布后也不会推荐给受理员):\
                 请延长失效日期,或把状态改为「草稿」或「已下线」"
            ),
        )
    })
}

impl App {
    /// Import articles from a CSV or XLSX file: every row or none. Publishing rights needed,
    /// since rows may arrive published. An upload takes up to `MAX_ROWS` rows.
    pub async fn import_articles(
        &self,
        actor: &Actor,
        format: Format,
        bytes: &[u8],
        source: table::Source,
    ) -> ServiceResult<ImportReport> {
        if !may_publish(actor) {
            return Err(ServiceError::Forbidden(
                "批量导入知识需要质检员、班长或管理员角色 / importing needs publishing rights"
                    .into(),
            ));
        }
        let rejected = |problems| Ok(ImportReport::Rejected { problems });
        let rows = match table::read_apart(format, bytes, &FILE, source.limits(MAX_ROWS)).await {
            Ok((at, rows)) => (at, rows),
            Err(p) => return rejected(vec![p]),
        };
        let (at, rows) = rows;
        // One import at a time on this server, from reading the articles to writing them.
        let _one_at_a_time = self.knowledge_imports.lock().await;
        let r = self.reference();
        let units: HashMap<&str, _> = r.units.values().map(|u| (u.code.as_str(), u.id)).collect();
        let now = self.now();
        let today = self.today();
        let stored = self.store.all_articles().await?;
        // Titles in use, by owning unit: retired articles' titles may be written again. The
        // database holds one article in use per title (`LIVE_TITLE_INDEX`); should it ever
        // list two, the first written stands for the title, the same on every import.
        let mut titled: HashMap<(String, Option<UnitId>), Titled> = HashMap::new();
        for a in stored.iter().filter(|a| a.status != ArticleStatus::Retired) {
            (titled.entry((a.title.clone(), a.owner_unit))).or_insert(Titled::Stored(a.id));
        }
        let current: HashMap<ArticleId, Article> = stored.into_iter().map(|a| (a.id, a)).collect();
        let mut writes: Vec<(Article, Option<u64>)> = Vec::with_capacity(rows.len());
        let mut seen: HashSet<ArticleId> = HashSet::new();
        let mut unchanged = 0;
        // New rows left alone as repeating a stored article word for word: (row, article).
        let mut repeats: Vec<(usize, ArticleId)> = Vec::new();
        // Rows that change a stored article, by article.
        let mut rows_of_id: HashMap<ArticleId, usize> = HashMap::new();
        let mut problems = Vec::new();
        for row in &rows {
            let p = match parse_row(self, &r, &units, &current, &at, row) {
                Ok(p) => p,
                Err(p) => {
                    problems.extend(p);
                    continue;
                }
            };
            let Some((id, version)) = p.existing else {
                // Writing a new article needs the right to write it, as in the editor: an
                // inspector reviews and publishes, but does not write.
                if !may_write(actor, p.content.owner_unit) {
                    problems.push(problem(
                        row.0,
                        Some("id"),
                        "无权新增知识(质检员只能审核与改状态;新增由受理员、班长、管理员或归属单位完成)"
                            .to_string(),
                    ));
                    continue;
                }
                // A new row repeating an article's title for the same unit is most often the
                // same file imported twice, or an export's row with its id cleared.
                let key = (p.content.title.clone(), p.content.owner_unit);
                if let Some(same) = titled.get(&key) {
                    // The same file imported again: a row that says what its article now says
                    // is already done.
                    let done = match same {
                        Titled::Stored(id) => current
                            .get(id)
                            .filter(|a| a.content() == p.content && a.status == p.status)
                            .map(|a| a.id),
                        Titled::Row(_) => None,
                    };
                    if let Some(id) = done {
                        // Checked at the end: a row of the file may change that article.
                        repeats.push((row.0, id));
                        unchanged += 1;
                        continue;
                    }
                    let message = match same {
                        Titled::Stored(id) => format!(
                            "已有同一单位、同一标题的知识(编号 {}):要更新它请填写编号与版本,否则请改标题",
                            id.0
                        ),
                        Titled::Row(n) => format!("与第 {n} 行的标题相同(同一单位)"),
                    };
                    problems.push(problem(row.0, Some("title"), message));
                    continue;
                }
                if let Some(expired) = published_expired(row.0, &p, false, today) {
                    problems.push(expired);
                    continue;
                }
                titled.insert(key, Titled::Row(row.0));
                writes.push((Article::new(p.content, p.status, now), None));
                continue;
            };
            let row_problem = |column: &str, message: String| problem(row.0, Some(column), message);
            let Some(old) = current.get(&id).filter(|a| may_see(actor, a)) else {
                problems.push(row_problem(
                    "id",
                    format!("没有编号为 {} 的知识;新增的知识请留空编号与版本", id.0),
                ));
                continue;
            };
            if !seen.insert(id) {
                problems.push(row_problem(
                    "id",
                    format!("编号 {} 在文件中出现了不止一次", id.0),
                ));
                continue;
            }
            let same_content = old.content() == p.content;
            if same_content && old.status == p.status {
                // Whatever its version: a row already applied (the same file imported again)
                // or an article edited since to what the row says has nothing to change.
                unchanged += 1;
                continue;
            }
            if old.version != version {
                // Changed since the export, but not by this row: it says what the article said
                // at the version exported, so it asks for nothing (a whole knowledge base
                // exported, a few rows edited, and others edited meanwhile in the browser).
                let exported = (self.store.article_versions(id).await?.into_iter())
                    .find(|v| v.version == version);
                if exported.is_some_and(|v| v.content == p.content && v.status == p.status) {
                    unchanged += 1;
                    continue;
                }
                rows_of_id.insert(id, row.0);
                let message = if version > old.version {
                    format!(
                        "知识「{}」的当前版本是 {},文件中的版本 {version} 不是导出时的版本,请重新导出后再改",
                        old.title, old.version
                    )
                } else {
                    format!(
                        "知识「{}」导出后已被修改(文件中版本 {version},当前版本 {}),请重新导出后再改",
                        old.title, old.version
                    )
                };
                problems.push(row_problem("version", message));
                continue;
            }
            rows_of_id.insert(id, row.0);
            let was_published = old.status == ArticleStatus::Published;
            if let Some(expired) = published_expired(row.0, &p, was_published, today) {
                problems.push(expired);
                continue;
            }
            // Publishing rights set the status (any status, as for new rows); changing what an
            // article says needs the right to write it, as in the editor.
            let may_change =
                may_write(actor, old.owner_unit) && may_write(actor, p.content.owner_unit);
            if !same_content && !may_change {
                problems.push(row_problem(
                    "id",
                    format!(
                        "无权修改知识「{}」的内容(质检员只能改状态;内容由受理员、班长、管理员或归属单位修改)",
                        old.title
                    ),
                ));
                continue;
            }
            if !same_content && old.revision.is_some() {
                problems.push(row_problem(
                    "id",
                    format!(
                        "知识「{}」有待审核的修改,请先在知识页发布或退回该修改,再导入新的内容",
                        old.title
                    ),
                ));
                continue;
            }
            // A title changed to one the same unit already uses is refused as for new rows
            // (most often a row copied over another); the title it leaves is free again.
            let key = (p.content.title.clone(), p.content.owner_unit);
            let was = (old.title.clone(), old.owner_unit);
            // An article brought back from retirement takes its title back too, so it is
            // checked even when unchanged; one retired frees its title.
            let revived = old.status == ArticleStatus::Retired;
            if p.status == ArticleStatus::Retired {
                if matches!(titled.get(&was), Some(Titled::Stored(same)) if *same == id) {
                    titled.remove(&was);
                }
            } else if key != was || revived {
                let taken = match titled.get(&key) {
                    Some(Titled::Stored(other)) if *other != id => Some(format!(
                        "已有同一单位、同一标题的知识(编号 {}),请改标题",
                        other.0
                    )),
                    Some(Titled::Row(n)) => Some(format!("与第 {n} 行的标题相同(同一单位)")),
                    _ => None,
                };
                if let Some(message) = taken {
                    problems.push(row_problem("title", message));
                    continue;
                }
                if matches!(titled.get(&was), Some(Titled::Stored(same)) if *same == id) {
                    titled.remove(&was);
                }
                titled.insert(key, Titled::Row(row.0));
            }
            let mut a = old.clone();
            if !same_content {
                a.edit(p.content, now);
            }
            a.status = p.status;
            a.updated_at = now;
            writes.push((a, Some(version)));
        }
        // A file that changes an article in one row and repeats it as it was in another holds
        // two versions of it: which one it means is the user's to say.
        for (row, id) in repeats {
            if let Some(other) = rows_of_id.get(&id) {
                problems.push(problem(
                    row,
                    Some("title"),
                    format!(
                        "与第 {other} 行(编号 {})是同一条知识,内容却不同:请只保留一行",
                        id.0
                    ),
                ));
            }
        }
        if !problems.is_empty() {
            return rejected(problems);
        }
        // Stamped as they are written, not when the file began to be checked: servers on the
        // database find the writes of the last two minutes (`follow`), and a large file takes
        // a while to check.
        let written = self.now();
        for (a, version) in &mut writes {
            a.stamp(ArticleChange::Imported, actor);
            a.updated_at = written;
            if version.is_none() {
                a.created_at = written;
            }
        }
        let updated = writes.iter().filter(|(_, v)| v.is_some()).count();
        let created = writes.len() - updated;
        let stored = self
            .store
            .write_articles(writes)
            .await
            .map_err(super::store_error)?;
        self.stamp_article_import(written).await;
        let ids = stored.iter().map(|a| a.id).collect();
        let count = stored.len();
        self.index_articles(stored).await;
        Ok(ImportReport::Imported {
            count,
            ids,
            created,
            updated,
            unchanged,
        })
    }

    /// The articles the person may see that `filter` holds (as the list would show them), as
    /// a file an import reads back, in the order they were written.
    pub async fn export_articles(
        &self,
        actor: &Actor,
        format: Format,
        filter: ArticleFilter,
    ) -> ServiceResult<Exported> {
        if !hotline_domain::knowledge::may_maintain(actor) {
            return Err(ServiceError::Forbidden(
                "导出知识库需要受理员、班长、质检员、管理员或承办单位人员角色 / only those who maintain the knowledge base may export it"
                    .into(),
            ));
        }
        let r = self.reference();
        check_category(&r, filter.category.as_deref())?;
        let filter = visible(actor, filter);
        let rows: Vec<Vec<String>> = self
            .store
            .all_articles()
            .await?
            .into_iter()
            .filter(|a| may_see(actor, a) && filter.as_ref().is_some_and(|f| f.matches(a)))
            .map(|a| {
                let unit = a.owner_unit.and_then(|u| r.units.get(&u));
                let day = |d: Option<NaiveDate>| d.map(|d| d.to_string()).unwrap_or_default();
                vec![
                    a.id.0.to_string(),
                    a.version.to_string(),
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
        let bytes = table::write(format, "知识库", &COLUMNS, &rows).map_err(|e| {
            ServiceError::Store(hotline_store::StoreError::Backend(format!("export: {e}")))
        })?;
        Ok(Exported {
            bytes,
            articles: rows.len(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_take_the_usual_spellings() {
        let want = NaiveDate::from_ymd_opt(2026, 3, 9);
        for s in [
            "2026-03-09",
            "2026/3/9",
            "2026年3月9日",
            "20260309",
            "2026-03-09T00:00:00",
            // A moment with its offset is its China date.
            "2026-03-08T16:00:00Z",
            "2026-03-09T23:30:00+08:00",
            "2026-03-09T10:00:00-05:00",
        ] {
            assert_eq!(date(&Cell::Text(s.into())), want, "{s}");
        }
        assert_eq!(date(&Cell::Text("下周一".into())), None);
        assert_eq!(date(&Cell::Text("+262142-12-31".into())), None);
        assert_eq!(date(&Cell::Text("0001-01-01".into())), None);
    }
}
