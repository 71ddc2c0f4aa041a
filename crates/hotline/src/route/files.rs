//! The files of `hotline route`: CSV input read by column name (a header row, fields
//! that may span lines) and output written whole through a temporary file, never over an input.
use std::borrow::Cow;
use std::path::{Path, PathBuf};

use anyhow::{bail, Context as _};
use hotline_text::route::Router;

/// The named columns of every row of a CSV file with a header row, refusing a file without
/// rows. See `read_rows`.
pub fn read_columns(
    path: &Path,
    columns: &[&str],
    free_text: Option<usize>,
) -> anyhow::Result<Vec<Vec<String>>> {
    let rows = read_rows(path, columns, free_text)?;
    if rows.is_empty() {
        bail!(
            "{} 只有标题行,没有数据行 / {} has a header row but no data rows",
            path.display(),
            path.display()
        );
    }
    Ok(rows)
}

/// The named columns of every row of a CSV file with a header row. Fields may span lines and a
/// quote that opens must close. A row with fewer fields than the header (a spreadsheet drops
/// empty cells at a row's end) has the missing ones read as empty, with a warning; a row with
/// more, where a field past the header's holds something (empty ones, a spreadsheet's trailing
/// commas, are left), had a comma in a field that was not quoted: with `free_text`, the one
/// column of `columns` that holds free text, the extra fields are read as commas in that
/// column, with a warning (ids and labels hold none); without it the file is refused. A
/// column is found by its name as written, else by its name in any case when one column has
/// it. Lines of spaces alone and a DOS end-of-file mark (Ctrl-Z) at the end are no rows. A
/// file that is UTF-8 but for a few lines has those read as GBK or with replacement
/// characters, with a warning (`decode_mostly_utf8`): every other row is still read.
fn read_rows(
    path: &Path,
    columns: &[&str],
    free_text: Option<usize>,
) -> anyhow::Result<Vec<Vec<String>>> {
    let bytes = std::fs::read(path)
        .with_context(|| format!("无法打开 / cannot open {}", path.display()))?;
    if bytes.starts_with(b"PK\x03\x04") {
        bail!(
            "{} 是电子表格或其他压缩文件,不是 CSV:请另存为 UTF-8 CSV / {} is a spreadsheet or \
             another zipped file, not CSV: save it as UTF-8 CSV",
            path.display(),
            path.display()
        );
    }
    let text = decode(path, &bytes)?;
    let text = text.as_str();
    // Excel's "Unicode 文本" (UTF-16, tab-separated) is read as well as CSV.
    let sep = hotline_service::table::separator(text, &bytes);
    if let Some(line) = hotline_service::table::unclosed_quote(text, sep) {
        bail!(
            "{}:第 {line} 行的引号没有闭合,其后每一行都会并进一个字段 / {}: the quote that opens \
             on line {line} never closes, so every row after it would run into one field",
            path.display(),
            path.display()
        );
    }
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(sep)
        .flexible(true)
        .from_reader(text.as_bytes());
    let headers = reader
        .headers()
        .with_context(|| {
            format!(
                "无法读取标题行 / cannot read the header row of {}",
                path.display()
            )
        })?
        .clone();
    if headers.iter().all(|h| h.trim().is_empty()) {
        bail!(
            "{} 是空的,第一行应是列名 / {} is empty: expected a header row naming the columns",
            path.display(),
            path.display()
        );
    }
    let names: Vec<&str> = headers.iter().map(str::trim).collect();
    let wanted = columns
        .iter()
        .map(|c| {
            // Header names are trimmed, and so is the name asked for (`留言主题, 留言详情`).
            let c = c.trim();
            let find = |same: &dyn Fn(&str) -> bool| -> Vec<usize> {
                (names.iter().enumerate())
                    .filter(|(_, n)| same(n))
                    .map(|(i, _)| i)
                    .collect()
            };
            let mut at = find(&|n| n == c);
            if at.is_empty() {
                // "Tokens" for "tokens": the one column of that name in another case.
                at = find(&|n| n.to_lowercase() == c.to_lowercase());
                if at.len() == 1 {
                    eprintln!(
                        "注意 / warning: {}: 没有列名为 {c:?} 的列,按大小写不同的 {:?} 读取 / no \
                         column is named {c:?}: reading {:?}",
                        path.display(),
                        names[at[0]],
                        names[at[0]]
                    );
                }
            }
            match at[..] {
                [] => bail!(
                    "{} 没有名为 {c:?} 的列;它的列是:{} / {} has no column {c:?}; its columns \
                     are: {}",
                    path.display(),
                    names.join(", "),
                    path.display(),
                    names.join(", ")
                ),
                [one] => Ok(one),
                [first, second, ..] => bail!(
                    "{}:第 {} 列和第 {} 列都叫 {c:?},要读哪一列? / columns {} and {} are both \
                     named {c:?}; which one is meant?",
                    path.display(),
                    first + 1,
                    second + 1,
                    first + 1,
                    second + 1
                ),
            }
        })
        .collect::<anyhow::Result<Vec<usize>>>()?;
    // The column extra fields are folded into, by its place in the header.
    let text_at = free_text.and_then(|k| wanted.get(k).copied());
    let (zh, en) = if sep == b'\t' {
        ("制表符", "tab")
    } else {
        ("逗号", "comma")
    };
    // The header's width up to its last name: a spreadsheet's trailing commas there name no
    // column a row's field could belong to.
    let named = names
        .iter()
        .rposition(|n| !n.is_empty())
        .map_or(0, |i| i + 1);
    let mut rows = Vec::new();
    let (mut short, mut wide): (Vec<usize>, Vec<usize>) = (Vec::new(), Vec::new());
    for record in reader.records() {
        let record = record
            .map_err(|e| anyhow::anyhow!("{} 读取出错 / cannot be read: {e}", path.display()))?;
        // Counted from the byte offset: the reader's own line count misses a CRLF inside a
        // quoted field, and every later row was named a line early.
        let line = || record.position().map_or(0, |p| line_at(text, p.byte()));
        let filled = (0..record.len())
            .rev()
            .find(|&i| record.get(i).is_some_and(|f| !f.trim().is_empty()))
            .map_or(0, |i| i + 1);
        let mut fields: Vec<Cow<'_, str>> = record.iter().map(Cow::Borrowed).collect();
        if let Some(t) = text_at.filter(|&t| t < named && filled > named) {
            let extra = filled - named;
            let joined = fields[t..=t + extra].join(if sep == b'\t' { "\t" } else { "," });
            fields.splice(t..=t + extra, [Cow::Owned(joined)]);
            wide.push(line());
        } else if let Some(extra) =
            (named..filled).find(|&i| record.get(i).is_some_and(|f| !f.trim().is_empty()))
        {
            bail!(
                "{}:第 {} 行第 {} 个字段在标题的 {} 列之外却有内容(含{zh}的字段须加引号) / line {} \
                 has a field past the header's {} columns (field {}): a field with a {en} must be \
                 quoted",
                path.display(),
                line(),
                extra + 1,
                named,
                line(),
                named,
                extra + 1
            );
        }
        if record.len() < named {
            if record.iter().all(|f| f.trim().is_empty()) && record.len() == 1 {
                continue;
            }
            short.push(line());
        }
        rows.push(
            wanted
                .iter()
                .map(|&i| fields.get(i).map_or_else(String::new, |f| f.to_string()))
                .collect(),
        );
    }
    if let (Some(t), false) = (text_at, wide.is_empty()) {
        let lines = line_list(&wide);
        eprintln!(
            "注意 / warning: {}: {} 行的字段多于标题(第 {lines} 行),多出的字段当作 {:?} 中没有加\
             引号的{zh}并回该列 / {} rows have more fields than the header (lines {lines}): the extra \
             fields are taken to be unquoted {en}s in {:?}",
            path.display(),
            wide.len(),
            names[t],
            wide.len(),
            names[t]
        );
    }
    if !short.is_empty() {
        let lines = line_list(&short);
        eprintln!(
            "注意 / warning: {}: {} 行的字段少于标题(第 {lines} 行),缺的字段按空读取 / {} rows \
             have fewer fields than the header (lines {lines}): the missing fields are read as \
             empty",
            path.display(),
            short.len(),
            short.len()
        );
    }
    Ok(rows)
}

/// The file's text in the encodings the knowledge and places imports read (UTF-8, UTF-16 with
/// its mark, GB18030) or, when it is UTF-8 but for a few lines, with those lines read as well
/// as they can be and named in a warning.
fn decode(path: &Path, bytes: &[u8]) -> anyhow::Result<String> {
    use hotline_service::table::{decode_mostly_utf8, decode_text};
    if let Some(text) = decode_text(bytes) {
        return Ok(text);
    }
    if let Some(salvaged) = decode_mostly_utf8(bytes) {
        if !salvaged.gbk_lines.is_empty() {
            let lines = line_list(&salvaged.gbk_lines);
            eprintln!(
                "注意 / warning: {}: 第 {lines} 行不是 UTF-8,按 GBK 读取 / lines {lines} are not \
                 UTF-8: read as GBK",
                path.display()
            );
        }
        if !salvaged.replaced_lines.is_empty() {
            let lines = line_list(&salvaged.replaced_lines);
            eprintln!(
                "注意 / warning: {}: 第 {lines} 行有既不是 UTF-8 也不是 GBK 的字节,按替换字符 \
                 U+FFFD 读取 / lines {lines} hold bytes that are neither UTF-8 nor GBK: read as \
                 the replacement character U+FFFD",
                path.display()
            );
        }
        return Ok(salvaged.text);
    }
    // Where UTF-8 reading stops is where to look.
    let at = std::str::from_utf8(bytes)
        .err()
        .map_or(0, |e| e.valid_up_to());
    let line = bytes[..at].iter().filter(|&&b| b == b'\n').count() + 1;
    bail!(
        "{} 既不是 UTF-8、带字节序标记的 UTF-16,也不是 GBK/GB18030(第 {line} 行第一个读不了的字节\
         在文件第 {at} 字节):请另存为 UTF-8 CSV / {} is neither UTF-8, UTF-16 with a byte-order \
         mark nor GBK/GB18030 (the first byte that cannot be read is on line {line}, byte {at} \
         of the file): save it as UTF-8 CSV",
        path.display(),
        path.display()
    )
}

/// Line numbers for a warning: the first ten, and an ellipsis for more.
fn line_list(lines: &[usize]) -> String {
    let some: Vec<String> = lines.iter().take(10).map(usize::to_string).collect();
    let more = if lines.len() > some.len() {
        ", …"
    } else {
        ""
    };
    format!("{}{more}", some.join(", "))
}

/// The text line (1-based) of the record the reader says starts at byte `offset`. After a CRLF
/// the reader starts the next record at its LF, so line breaks there are skipped first.
fn line_at(text: &str, offset: u64) -> usize {
    let bytes = text.as_bytes();
    let start = usize::try_from(offset).map_or(bytes.len(), |o| o.min(bytes.len()));
    let end = start
        + bytes[start..]
            .iter()
            .take_while(|&&b| b == b'\r' || b == b'\n')
            .count();
    bytes[..end].iter().filter(|&&b| b == b'\n').count() + 1
}

/// The texts of a CSV file: per row, the named columns joined by a line break; empty texts are
/// left out.
pub fn read_texts(path: &Path, columns: &[String]) -> anyhow::Result<Vec<String>> {
    let columns: Vec<&str> = columns.iter().map(String::as_str).collect();
    let free_text = (columns.len() == 1).then_some(0);
    Ok(read_columns(path, &columns, free_text)?
        .into_iter()
        .map(|r| r.join("\n"))
        .filter(|t| !t.trim().is_empty())
        .collect())
}

/// Per row of a CSV file: the text (the `text_columns` joined by a line break) and the `other`
/// column; a file without rows is refused unless `rows_needed` is false.
pub(super) fn read_with_text(
    path: &Path,
    text_columns: &[String],
    other: &str,
    rows_needed: bool,
) -> anyhow::Result<Vec<[String; 2]>> {
    if text_columns.is_empty() {
        bail!("--text-column 没有给出列名 / --text-column names no column");
    }
    let mut columns: Vec<&str> = text_columns.iter().map(String::as_str).collect();
    columns.push(other);
    // One text column is the free text an unquoted comma is in; of several, which is unknown.
    let free_text = (text_columns.len() == 1).then_some(0);
    let rows = if rows_needed {
        read_columns(path, &columns, free_text)?
    } else {
        read_rows(path, &columns, free_text)?
    };
    Ok(rows
        .into_iter()
        .map(|mut r| {
            let other = r.pop().unwrap_or_default();
            [r.join("\n"), other]
        })
        .collect())
}

pub fn load_model(path: &Path) -> anyhow::Result<Router> {
    let bytes = std::fs::read(path)
        .with_context(|| format!("无法读取模型 / cannot read the model {}", path.display()))?;
    Router::from_bytes(&bytes)
        .with_context(|| format!("无法载入模型 / cannot load the model {}", path.display()))
}

/// An output file checked by `output_file`, written whole by `write`. Folders made for it are
/// removed again (those still empty) when it is dropped unwritten: a run that fails after the
/// check leaves nothing behind, not even an empty results folder.
pub(crate) struct Output {
    path: PathBuf,
    /// The folders `output_file` made, deepest first.
    made: Vec<PathBuf>,
    written: bool,
}

impl Output {
    /// Write `bytes` whole (`write_atomically`); the output and its folders then stay. Its
    /// folder is made again if it has gone: another run into the same new folder that failed
    /// may have removed it, empty, while this one worked.
    pub(crate) fn write(&mut self, bytes: &[u8]) -> anyhow::Result<()> {
        if let Some(parent) = self.path.parent().filter(|p| !p.as_os_str().is_empty()) {
            std::fs::create_dir_all(parent)
                .with_context(|| format!("无法写入 / cannot write {}", self.path.display()))?;
        }
        write_atomically(&self.path, bytes)?;
        self.written = true;
        Ok(())
    }
}

impl std::ops::Deref for Output {
    type Target = Path;

    fn deref(&self) -> &Path {
        &self.path
    }
}

impl Drop for Output {
    fn drop(&mut self) {
        if !self.written {
            // `remove_dir` removes only an empty folder: anything put there since stays.
            for folder in &self.made {
                if std::fs::remove_dir(folder).is_err() {
                    break;
                }
            }
        }
    }
}

/// The file to write for the output path `path`, checked before work whose result would
/// otherwise be lost: a regular file or a new one (a link is followed to the file it names), none
/// of `inputs`, which writing would destroy; its folder is made if it does not exist yet (and
/// removed if the output is never written).
pub(crate) fn output_file(path: &Path, inputs: &[Option<&Path>]) -> anyhow::Result<Output> {
    if path.as_os_str() == "-" {
        bail!(
            "- (标准输出) 不能作输出:结果整个写入文件,运行失败时不留下写了一半的结果,请给出文件名 / \
             - (standard output) cannot take the output: it is written whole to a file, so that \
             a failed run leaves nothing half-written; name a file"
        );
    }
    let target = match std::fs::symlink_metadata(path) {
        Ok(m) if m.file_type().is_symlink() => match std::fs::canonicalize(path) {
            Ok(t) => t,
            // A link to a pipe (/dev/stdout in a pipeline) resolves to no path; what it is
            // decides the message below.
            Err(_) if std::fs::metadata(path).is_ok() => path.to_path_buf(),
            Err(_) => bail!(
                "{} 是指向不存在文件的链接 / {} is a link to a file that does not exist",
                path.display(),
                path.display()
            ),
        },
        _ => path.to_path_buf(),
    };
    if let Ok(m) = std::fs::metadata(&target) {
        if m.is_dir() {
            bail!(
                "{} 是文件夹,不是文件名 / {} is a folder, not a file name",
                path.display(),
                path.display()
            );
        }
        if !m.is_file() {
            bail!(
                "{} 不是普通文件(设备或管道),请写入文件 / {} is not a regular file (a device or a \
                 pipe); write to a file",
                path.display(),
                path.display()
            );
        }
        let written = std::fs::canonicalize(&target)?;
        for input in inputs.iter().flatten() {
            if std::fs::canonicalize(input).is_ok_and(|i| i == written) {
                bail!(
                    "{} 也是输入文件({}),写入会毁掉它,请换一个输出文件 / {} is also an input ({}); \
                     writing it would destroy it: choose another output file",
                    path.display(),
                    input.display(),
                    path.display(),
                    input.display()
                );
            }
        }
    }
    let parent = match target.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    if parent.exists() && !parent.is_dir() {
        bail!(
            "无法写入 / cannot write {}: {} 是文件,不是文件夹 / is a file, not a folder",
            path.display(),
            parent.display()
        );
    }
    // A results folder not made yet is made, as a program writing there would expect, one
    // level at a time, so that exactly the folders this run made are known (not those another
    // run made meanwhile, nor a `..` that names one already there). A failure part way removes
    // them again, as dropping the output does.
    let mut output = Output {
        path: target,
        made: Vec::new(),
        written: false,
    };
    let missing: Vec<&Path> = parent
        .ancestors()
        .take_while(|a| !a.as_os_str().is_empty() && !a.exists())
        .collect();
    for folder in missing.into_iter().rev() {
        match std::fs::create_dir(folder) {
            Ok(()) => output.made.insert(0, folder.to_path_buf()),
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists && folder.is_dir() => {}
            Err(e) => {
                return Err(anyhow::Error::new(e).context(format!(
                    "无法写入 / cannot write {}: 无法创建文件夹 / cannot make the folder {}",
                    path.display(),
                    folder.display()
                )))
            }
        }
    }
    // The temporary file `write_atomically` will write, tried now: a folder this user may not
    // write to is said before the work (and before a model is stored in the database).
    let tmp = temporary(&output)?;
    std::fs::write(&tmp, b"")
        .and_then(|()| std::fs::remove_file(&tmp))
        .with_context(|| {
            format!(
                "无法写入 / cannot write {}: 无法在文件夹中写入 / cannot write in the folder {}",
                path.display(),
                parent.display()
            )
        })?;
    Ok(output)
}

/// The temporary file beside `path` that `write_atomically` writes first. Its name is short
/// whatever the output's: a long name (80 Chinese characters fill a folder entry's 255 bytes)
/// is written, not refused for a temporary name that would not fit.
fn temporary(path: &Path) -> anyhow::Result<PathBuf> {
    path.file_name()
        .with_context(|| format!("{} 没有文件名 / names no file", path.display()))?;
    Ok(path.with_file_name(format!(".hotline-{}.tmp", std::process::id())))
}

/// Write `bytes` to `path` (an `Output`'s) through a temporary file in the same folder, so
/// a reader never sees a half-written file; a failure removes the temporary file.
fn write_atomically(path: &Path, bytes: &[u8]) -> anyhow::Result<()> {
    let tmp = temporary(path)?;
    let written = std::fs::write(&tmp, bytes)
        .with_context(|| format!("无法写入 / cannot write {}", tmp.display()))
        .and_then(|()| {
            std::fs::rename(&tmp, path)
                .with_context(|| format!("无法写入 / cannot write {}", path.display()))
        });
    if written.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    written
}
