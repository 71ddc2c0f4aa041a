//! `hotline knowledge import|export`: a whole knowledge base moved in from the system a centre
//! used before, or out for review, as a spreadsheet on the server's own disk. The web form and
//! the API take files of up to 10 MiB; a knowledge base of tens of thousands of articles is
//! larger, so these commands read a file without that limit (`Source::LocalFile`). The same
//! checks apply: every row or none, each bad row named.
use std::path::{Path, PathBuf};

use anyhow::{bail, Context as _};
use clap::Subcommand;

use hotline_domain::knowledge::{ArticleKind, ArticleStatus};
use hotline_domain::org::Actor;
use hotline_service::knowledge::transfer::{ImportReport, Source};
use hotline_service::Purpose;
use hotline_store::ArticleFilter;

use crate::route::files::output_file;
use crate::{open_existing_app, sheet_format, DbArgs};

#[derive(Subcommand)]
pub enum KnowledgeCommand {
    /// Add or change articles from a CSV, XLSX or Unicode text (.txt) file in the columns the
    /// export writes (编号, 版本, 标题, 正文, 类型, 分类编码, 单位编码, 生效日期, 失效日期,
    /// 关键词, 状态): a row with an id and version changes that article, one without adds an
    /// article; every row or none.
    Import {
        #[command(flatten)]
        db: DbArgs,
        file: PathBuf,
    },
    /// Write the articles to a CSV or XLSX file (by its extension) that `import` reads back:
    /// all of them, or those the options name.
    Export {
        #[command(flatten)]
        db: DbArgs,
        file: PathBuf,
        /// Only articles of this status: draft, in_review, published, retired (or 草稿, 待审核,
        /// 已发布, 已下线).
        #[arg(long)]
        status: Option<String>,
        /// Only articles of this kind: policy_qa, service_guide, standard_reply (or 政策问答,
        /// 办事指南, 标准答复).
        #[arg(long)]
        kind: Option<String>,
        /// Only articles of this category code and the categories below it.
        #[arg(long)]
        category: Option<String>,
        /// Only articles this unit owns, by its code.
        #[arg(long)]
        unit: Option<String>,
    },
}

pub async fn run(cmd: KnowledgeCommand) -> anyhow::Result<()> {
    match cmd {
        KnowledgeCommand::Import { db, file } => import(&db, &file).await,
        KnowledgeCommand::Export {
            db,
            file,
            status,
            kind,
            category,
            unit,
        } => {
            let picked = Picked {
                status,
                kind,
                category,
                unit,
            };
            export(&db, &file, &picked).await
        }
    }
}

async fn import(db: &DbArgs, file: &Path) -> anyhow::Result<()> {
    let format = sheet_format(file, true)?;
    let bytes = std::fs::read(file).with_context(|| format!("reading {}", file.display()))?;
    let app = open_existing_app(db, Purpose::Command).await?;
    let report = app
        .import_articles(&Actor::system(), format, &bytes, Source::LocalFile)
        .await
        .map_err(|e| anyhow::anyhow!("{e}"))?;
    match report {
        ImportReport::Imported {
            created,
            updated,
            unchanged,
            ..
        } => {
            println!(
                "已导入知识 / imported articles: 新增 created {created},修改 updated {updated},未变 unchanged {unchanged}"
            );
            Ok(())
        }
        ImportReport::Rejected { problems } => {
            for p in &problems {
                let column = p.column.as_deref().unwrap_or("");
                eprintln!("{}:{} {column} {}", file.display(), p.row, p.message);
            }
            bail!(
                "{} 处错误,没有写入任何知识 / {} problem(s), nothing was written",
                problems.len(),
                problems.len()
            )
        }
    }
}

/// What `export` was asked to keep, as typed.
struct Picked {
    status: Option<String>,
    kind: Option<String>,
    category: Option<String>,
    unit: Option<String>,
}

async fn export(db: &DbArgs, file: &Path, picked: &Picked) -> anyhow::Result<()> {
    let format = sheet_format(file, false)?;
    let mut filter = ArticleFilter {
        status: named(picked.status.as_deref(), "status", ArticleStatus::parse)?,
        kind: named(picked.kind.as_deref(), "kind", ArticleKind::parse)?,
        category: given(picked.category.as_deref()).map(String::from),
        ..ArticleFilter::default()
    };
    // Checked before the database is opened: the database file is never the output.
    let sqlite = db.sqlite_file();
    let mut target = output_file(file, &[sqlite.as_deref()])?;
    let app = open_existing_app(db, Purpose::Command).await?;
    if let Some(code) = given(picked.unit.as_deref()) {
        let r = app.reference();
        let unit = r.units.values().find(|u| u.code == code);
        let unit = unit.with_context(|| {
            format!("没有编码为 {code} 的单位 / no unit has the code {code} (--unit)")
        })?;
        filter.owner_unit = Some(unit.id);
    }
    let exported = app
        .export_articles(&Actor::system(), format, filter)
        .await
        .map_err(|e| anyhow::anyhow!("{e}"))?;
    target.write(&exported.bytes)?;
    let rows = exported.articles;
    println!(
        "已导出 {rows} 条知识 / exported {rows} article{} to {}",
        if rows == 1 { "" } else { "s" },
        file.display()
    );
    Ok(())
}

/// An option's value trimmed; blank is no value, as a blank filter field is on the web.
fn given(value: Option<&str>) -> Option<&str> {
    value.map(str::trim).filter(|v| !v.is_empty())
}

/// A status or kind as typed: its code or its Chinese label, or nothing.
fn named<T>(
    value: Option<&str>,
    option: &str,
    parse: fn(&str) -> Option<T>,
) -> anyhow::Result<Option<T>> {
    match given(value) {
        None => Ok(None),
        Some(v) => parse(v)
            .map(Some)
            .with_context(|| format!("--{option} {v}: 取值无效 / not a known {option}")),
    }
}
