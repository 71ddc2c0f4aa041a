//! The `hotline` binary: configuration, logging and the subcommands (serve, migrate, demo, user,
//! calendar, places, bench). `main` picks the store backend once from the database URL.
#![forbid(unsafe_code)]

mod bench;
mod knowledge;
mod route;

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{bail, Context as _};
use clap::{Args, Parser, Subcommand};

use hotline_domain::calendar::YearSchedule;
use hotline_domain::org::{Actor, Role};
use hotline_service::auth::UserRequest;
use hotline_service::table::Source;
use hotline_service::{App, Purpose};

pub const DEFAULT_DATABASE_URL: &str = "sqlite://data/hotline.db";

#[derive(Parser)]
#[command(
    name = "hotline",
    version,
    about = "12345 政务服务便民热线平台 / an open platform for 12345 government service hotlines"
)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Args, Clone)]
pub struct DbArgs {
    /// `sqlite://path/file.db` (default, embedded) or `postgres://user@host/db`.
    #[arg(long, env = "HOTLINE_DATABASE_URL", default_value = DEFAULT_DATABASE_URL)]
    pub database_url: String,
}

impl DbArgs {
    /// The SQLite database file, if the URL names one.
    pub fn sqlite_file(&self) -> Option<std::path::PathBuf> {
        let postgres = ["postgres://", "postgresql://"];
        if postgres.iter().any(|p| self.database_url.starts_with(p)) {
            return None;
        }
        hotline_store::sqlite_path(&self.database_url)
            .ok()
            .map(std::path::PathBuf::from)
    }
}

#[derive(Subcommand)]
enum Command {
    /// Run the server (the default command).
    Serve {
        #[command(flatten)]
        db: DbArgs,
        /// Address to listen on.
        #[arg(long, env = "HOTLINE_BIND", default_value = "127.0.0.1:8080")]
        bind: SocketAddr,
        /// Build the demo city 示例市 first if the database is empty.
        #[arg(long)]
        demo: bool,
        /// Tickets of history the demo city gets (at most 20,000,000).
        #[arg(long, default_value_t = 30_000, value_parser = demo_ticket_count)]
        demo_tickets: usize,
        /// Scope rules (受理范围: 不予受理, 超出职责范围, emergencies) from a TOML file instead of
        /// the built-in ones (`GET /api/v1/intake/scope-rules` shows the rules in force).
        #[arg(long, env = "HOTLINE_SCOPE_RULES")]
        scope_rules: Option<PathBuf>,
        /// The colloquial → formal lexicon (漫天尘土 → 扬尘污染) from a TOML file instead of the
        /// centre's saved one or the built-in one; it then governs, and the admin page and API
        /// refuse edits until the next start without it.
        #[arg(long, env = "HOTLINE_LEXICON")]
        lexicon: Option<PathBuf>,
        /// Knowledge-search synonyms (煤气 = 燃气) from a text file instead of the built-in list:
        /// a group a line, words separated by spaces, `#` for comments.
        #[arg(long, env = "HOTLINE_KNOWLEDGE_SYNONYMS")]
        knowledge_synonyms: Option<PathBuf>,
    },
    /// Apply database migrations and exit.
    Migrate {
        #[command(flatten)]
        db: DbArgs,
    },
    /// Build the demo city 示例市 (units, people, categories, history) if the database is empty.
    Demo {
        #[command(flatten)]
        db: DbArgs,
        /// Tickets of history to generate (at most 20,000,000).
        #[arg(long, default_value_t = 30_000, value_parser = demo_ticket_count)]
        tickets: usize,
        /// Random seed: the same seed gives the same city.
        #[arg(long, default_value_t = 12345)]
        seed: u64,
    },
    /// Manage user accounts.
    User {
        #[command(subcommand)]
        command: UserCommand,
    },
    /// Working-day calendar.
    Calendar {
        #[command(subcommand)]
        command: CalendarCommand,
    },
    /// The city's gazetteer (地名库): districts, streets, communities, roads, landmarks, aliases.
    Places {
        #[command(subcommand)]
        command: PlacesCommand,
    },
    /// The knowledge base (知识库): import and export whole, as spreadsheets on this disk.
    Knowledge {
        #[command(subcommand)]
        command: knowledge::KnowledgeCommand,
    },
    /// Benchmarks (print one JSON line).
    Bench {
        #[command(subcommand)]
        command: bench::BenchCommand,
    },
    /// The routing classifier: train, predict and evaluate on CSV files; models in the database.
    Route {
        #[command(subcommand)]
        command: route::RouteCommand,
    },
}

#[derive(Subcommand)]
enum UserCommand {
    /// Add a user.
    Add {
        #[command(flatten)]
        db: DbArgs,
        #[arg(long)]
        username: String,
        /// Display name (defaults to the username).
        #[arg(long, default_value = "")]
        name: String,
        /// Password; at least 8 characters. Read from HOTLINE_PASSWORD if not given.
        #[arg(long, env = "HOTLINE_PASSWORD", hide_env_values = true)]
        password: String,
        /// Comma-separated roles: operator, shift_lead, dispatcher, reviewer, visit_agent,
        /// supervisor, quality_inspector, unit_handler, unit_admin, leader, admin.
        #[arg(long, value_delimiter = ',')]
        roles: Vec<String>,
        /// Unit code, for unit staff.
        #[arg(long)]
        unit: Option<String>,
    },
}

#[derive(Subcommand)]
enum CalendarCommand {
    /// Load a year's holidays and make-up working days from a file (text format or JSON).
    Load {
        #[command(flatten)]
        db: DbArgs,
        file: PathBuf,
    },
}

#[derive(Subcommand)]
enum PlacesCommand {
    /// Add or change places from a CSV, XLSX or Unicode text (.txt) file (columns code, name,
    /// kind, parent, aliases, or 编码, 名称, 类型, 上级编码, 别名): every row or none.
    Import {
        #[command(flatten)]
        db: DbArgs,
        file: PathBuf,
    },
    /// Write the gazetteer to a CSV or XLSX file (by its extension) that `import` reads back.
    Export {
        #[command(flatten)]
        db: DbArgs,
        file: PathBuf,
    },
}

/// A spreadsheet's format from its file name. A file read may also be Excel's tab-separated
/// "Unicode 文本" (.txt, .tsv); a file written is CSV or XLSX.
pub(crate) fn sheet_format(
    file: &std::path::Path,
    reading: bool,
) -> anyhow::Result<hotline_service::table::Format> {
    use hotline_service::table::Format;
    file.extension()
        .and_then(|e| e.to_str())
        .and_then(|e| {
            if reading {
                Format::of_extension(e)
            } else {
                Format::parse(e)
            }
        })
        .ok_or_else(|| {
            let old_excel = file
                .extension()
                .is_some_and(|e| e.eq_ignore_ascii_case("xls"));
            let (zh, en) = if reading {
                (
                    ".csv、.xlsx 或 .txt(Unicode 文本)",
                    ".csv, .xlsx or .txt (Unicode text)",
                )
            } else {
                (".csv 或 .xlsx", ".csv or .xlsx")
            };
            anyhow::anyhow!(
                "{}: 文件名应以 {zh} 结尾{} / the file name must end in {en}{}",
                file.display(),
                if old_excel {
                    "(旧版 .xls 请在 Excel 或 WPS 中另存为 .xlsx)"
                } else {
                    ""
                },
                if old_excel {
                    " (save an old .xls workbook as .xlsx)"
                } else {
                    ""
                },
            )
        })
}

/// How often a server checks for what other processes on its database changed: the active
/// routing model, the reference data, scope rules and lexicon, articles and new tickets.
pub(crate) const FOLLOW_CHECK_SECS: u64 = 15;

/// `hotline route models | head -1`: when whoever reads standard output goes away, `println!`
/// panics; that is no failure of the command, so it ends quietly (status 0) rather than with a
/// panic message and a backtrace.
fn quiet_when_stdout_closes() {
    let default = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let payload = info.payload();
        let message = payload
            .downcast_ref::<String>()
            .map(String::as_str)
            .or_else(|| payload.downcast_ref::<&str>().copied())
            .unwrap_or_default();
        if message.starts_with("failed printing to stdout") && message.contains("Broken pipe") {
            std::process::exit(0);
        }
        default(info);
    }));
}

fn main() -> ExitCode {
    quiet_when_stdout_closes();
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| "info,tower_http=warn".into()),
        )
        .with_writer(std::io::stderr)
        .init();
    let cli = Cli::parse();
    let outcome = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .context("starting the async runtime")
        .and_then(|runtime| runtime.block_on(run(cli)));
    match outcome {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            // The message and its causes, never a backtrace: these are the user's errors (a bad
            // URL, a taken username), and `RUST_BACKTRACE=1` would bury them under stack frames.
            eprintln!("错误 / error: {e}");
            for cause in e.chain().skip(1) {
                eprintln!("  原因 / caused by: {cause}");
            }
            ExitCode::FAILURE
        }
    }
}

/// The app on the database, started for `purpose`: a command that only reads or writes data
/// (`Purpose::Command`) builds no knowledge search index.
pub async fn open_app(db: &DbArgs, purpose: Purpose) -> anyhow::Result<App> {
    let store = hotline_store::open(&db.database_url)
        .await
        .with_context(|| {
            format!(
                "opening the database {} (check --database-url / HOTLINE_DATABASE_URL)",
                redact(&db.database_url)
            )
        })?;
    App::start_for(store, purpose)
        .await
        .context("preparing the database")
}

/// `open_app` for commands that read or add to a centre's data: a SQLite file that is not there
/// is a mistyped path, not a new centre, and is refused rather than created empty.
pub async fn open_existing_app(db: &DbArgs, purpose: Purpose) -> anyhow::Result<App> {
    if let Some(file) = db.sqlite_file() {
        if !file.exists() {
            bail!(
                "数据库文件 {} 不存在 / the database file {} does not exist (check --database-url / \
                 HOTLINE_DATABASE_URL; hotline migrate or hotline serve creates a new one)",
                file.display(),
                file.display()
            );
        }
    }
    open_app(db, purpose).await
}

/// A database URL without its password, for messages.
pub fn redact(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(s), Some(at)) if at > s => {
            let creds = &url[s + 3..at];
            match creds.split_once(':') {
                Some((user, _)) => format!("{}{}:***{}", &url[..s + 3], user, &url[at..]),
                None => url.to_string(),
            }
        }
        _ => url.to_string(),
    }
}

async fn run(cli: Cli) -> anyhow::Result<()> {
    let command = cli.command.unwrap_or(Command::Serve {
        db: DbArgs {
            database_url: std::env::var("HOTLINE_DATABASE_URL")
                .unwrap_or_else(|_| DEFAULT_DATABASE_URL.into()),
        },
        bind: std::env::var("HOTLINE_BIND")
            .ok()
            .and_then(|b| b.parse().ok())
            .unwrap_or_else(|| SocketAddr::from(([127, 0, 0, 1], 8080))),
        demo: false,
        demo_tickets: 30_000,
        scope_rules: std::env::var_os("HOTLINE_SCOPE_RULES").map(PathBuf::from),
        lexicon: std::env::var_os("HOTLINE_LEXICON").map(PathBuf::from),
        knowledge_synonyms: std::env::var_os("HOTLINE_KNOWLEDGE_SYNONYMS").map(PathBuf::from),
    });
    match command {
        Command::Serve {
            db,
            bind,
            demo,
            demo_tickets,
            scope_rules,
            lexicon,
            knowledge_synonyms,
        } => {
            let rules = TextRules::read(
                scope_rules.as_deref(),
                lexicon.as_deref(),
                knowledge_synonyms.as_deref(),
            )?;
            serve(db, bind, demo, demo_tickets, rules).await
        }
        Command::Migrate { db } => {
            open_app(&db, Purpose::Command).await?;
            println!(
                "数据库已是最新 / database is up to date: {}",
                redact(&db.database_url)
            );
            Ok(())
        }
        Command::Demo { db, tickets, seed } => {
            let app = open_app(&db, Purpose::Serve).await?;
            build_demo(&app, tickets, seed).await.map(drop)
        }
        Command::User {
            command:
                UserCommand::Add {
                    db,
                    username,
                    name,
                    password,
                    roles,
                    unit,
                },
        } => {
            // Read before the database is opened (a new one is made for the first user).
            let roles = roles
                .iter()
                .map(|r| {
                    Role::parse(r.trim()).with_context(|| {
                        format!(
                            "unknown role {r:?}; one of: {}",
                            Role::ALL.map(|r| r.as_str()).join(", ")
                        )
                    })
                })
                .collect::<anyhow::Result<Vec<_>>>()?;
            let app = open_app(&db, Purpose::Command).await?;
            let unit = match unit {
                None => None,
                Some(code) => Some(
                    app.reference()
                        .units
                        .values()
                        .find(|u| u.code == code)
                        .map(|u| u.id)
                        .with_context(|| format!("no unit with code {code}"))?,
                ),
            };
            let user = app
                .add_user(
                    &Actor::system(),
                    UserRequest {
                        username,
                        display_name: name,
                        password,
                        roles,
                        unit,
                    },
                )
                .await
                .map_err(|e| anyhow::anyhow!("{e}"))?;
            println!(
                "已创建用户 / created user {} (id {})",
                user.username, user.id.0
            );
            Ok(())
        }
        Command::Calendar {
            command: CalendarCommand::Load { db, file },
        } => {
            let text = read_text_file(&file)?;
            let schedule = if text.trim_start().starts_with('{') {
                YearSchedule::parse_json(&text)
            } else {
                YearSchedule::parse_text(&text)
            }
            .map_err(|e| anyhow::anyhow!("{}: {}", file.display(), e.both()))?;
            let app = open_app(&db, Purpose::Command).await?;
            let year = schedule.year;
            let (h, w) = (schedule.holidays.len(), schedule.make_up_workdays.len());
            let moved = app
                .load_calendar_year(&Actor::system(), schedule)
                .await
                .map_err(|e| anyhow::anyhow!("{e}"))?;
            println!("已载入 {year} 年:{h} 个假期,{w} 个调休上班日 / loaded {year}: {h} holidays, {w} make-up working days");
            if moved > 0 {
                println!("{moved} 张在办工单的时限已按新日历重新计算 / deadlines of {moved} open tickets projected on it");
            }
            Ok(())
        }
        Command::Places {
            command: PlacesCommand::Import { db, file },
        } => {
            let format = sheet_format(&file, true)?;
            let bytes =
                std::fs::read(&file).with_context(|| format!("reading {}", file.display()))?;
            let app = open_app(&db, Purpose::Command).await?;
            let report = app
                .import_places(&Actor::system(), format, &bytes, Source::LocalFile)
                .await
                .map_err(|e| anyhow::anyhow!("{e}"))?;
            match report {
                hotline_service::places::PlaceImport::Imported {
                    added,
                    changed,
                    unchanged,
                } => {
                    println!("已导入 / imported: 新增 added {added},修改 changed {changed},未变 unchanged {unchanged}");
                    Ok(())
                }
                hotline_service::places::PlaceImport::Rejected { problems } => {
                    for p in &problems {
                        let column = p.column.as_deref().unwrap_or("");
                        eprintln!("{}:{} {column} {}", file.display(), p.row, p.message);
                    }
                    anyhow::bail!(
                        "{} 处错误,没有写入任何地名 / {} problem(s), nothing was written",
                        problems.len(),
                        problems.len()
                    )
                }
            }
        }
        Command::Places {
            command: PlacesCommand::Export { db, file },
        } => {
            let format = sheet_format(&file, false)?;
            // Never over the database file.
            let mut target = route::files::output_file(&file, &[db.sqlite_file().as_deref()])?;
            let app = open_existing_app(&db, Purpose::Command).await?;
            let bytes = app
                .export_places(format)
                .map_err(|e| anyhow::anyhow!("{e}"))?;
            target.write(&bytes)?;
            println!(
                "已导出 {} 个地名 / exported {} places to {}",
                app.reference().places.len(),
                app.reference().places.len(),
                file.display()
            );
            Ok(())
        }
        Command::Knowledge { command } => knowledge::run(command).await,
        Command::Bench { command } => bench::run(command).await,
        Command::Route { command } => route::run(command).await,
    }
}

/// Most tickets a demo history may have: a province's years (the history is generated in
/// memory before it is written).
const MAX_DEMO_TICKETS: usize = 20_000_000;

fn demo_ticket_count(s: &str) -> Result<usize, String> {
    match s.trim().parse::<usize>() {
        Ok(n) if n <= MAX_DEMO_TICKETS => Ok(n),
        Ok(_) => Err(format!(
            "示例工单数最多 {MAX_DEMO_TICKETS} / at most {MAX_DEMO_TICKETS} demo tickets"
        )),
        Err(_) => Err("应为非负整数 / expected a whole number".into()),
    }
}

/// Build the demo city into an empty database; whether it was built (and its accounts printed).
async fn build_demo(app: &App, tickets: usize, seed: u64) -> anyhow::Result<bool> {
    if let Some(started) = hotline_service::demo::unfinished(app)
        .await
        .map_err(|e| anyhow::anyhow!("{e}"))?
    {
        bail!(
            "示例城市未建完(始于 {started},中途中断):请删除该数据库后重新运行 / the demo city \
             begun at {started} was never finished (interrupted): delete the database and run \
             again"
        );
    }
    if !hotline_service::demo::is_empty(app)
        .await
        .map_err(|e| anyhow::anyhow!("{e}"))?
    {
        println!("数据库已有数据,跳过示例城市 / the database is not empty: demo city not built");
        return Ok(false);
    }
    let bar = indicatif::ProgressBar::new(tickets as u64);
    bar.set_style(
        indicatif::ProgressStyle::with_template(
            "示例市工单 {bar:40} {pos}/{len} ({per_sec}, 剩余 {eta})",
        )
        .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
    );
    let accounts =
        hotline_service::demo::build(app, tickets, seed, |done| bar.set_position(done as u64))
            .await
            .map_err(|e| anyhow::anyhow!("{e}"))?;
    bar.finish();
    println!(
        "示例市已建成 / demo city built: {} tickets",
        app.store
            .ticket_count()
            .await
            .map_err(|e| anyhow::anyhow!("{e}"))?
    );
    // The routing model learns from the history just built, as a centre's would.
    println!("正在用示例历史训练分派模型(数秒)/ training the routing model on the demo history (a few seconds)…");
    let opts = hotline_service::routing::train::TrainFromDb {
        note: "示例城市历史 / demo history".into(),
        ..Default::default()
    };
    match app.train_route_model(&Actor::system(), opts).await {
        Ok(r) => println!(
            "分派模型第 {} 版已启用 / routing model v{} active: {} tickets, {} classes{}",
            r.model.version,
            r.model.version,
            r.tickets,
            r.classes,
            r.holdout
                .map(|h| format!(", held-out macro-F1 {:.3}", h.macro_f1))
                .unwrap_or_default()
        ),
        // Too little history to learn from (a tiny demo): suggestions come from the
        // responsibility list alone until a model is trained.
        Err(e) => println!("未训练分派模型 / no routing model trained: {e}"),
    }
    print_accounts(&accounts);
    Ok(true)
}

fn print_accounts(accounts: &[hotline_service::demo::DemoAccount]) {
    if accounts.is_empty() {
        return;
    }
    println!("示例账号(仅在本机回环地址上可用)/ demo accounts (loopback only):");
    for a in accounts {
        println!(
            "  {:<14} {:<12} {:<14} {}",
            a.role_label,
            a.username,
            a.password,
            a.unit_name.as_deref().unwrap_or("")
        );
    }
}

/// Deadlines in a year without the State Council's schedule fall back to Monday–Friday: say so
/// at start-up, with how to fix it, for this year and the next.
fn warn_missing_calendar(app: &App) {
    use chrono::Datelike;
    let r = app.reference();
    for problem in &r.calendar_problems {
        tracing::warn!("{problem}");
    }
    let this_year = app
        .now()
        .with_timezone(&hotline_domain::calendar::china_offset())
        .year();
    for year in [this_year, this_year + 1] {
        if !r.calendar.has_official_data(year) {
            tracing::warn!(
                year,
                "{year} 年节假日安排未载入,跨入该年的时限按周一至周五计算;请用 `hotline calendar load FILE` 载入 / \
                 no holiday schedule for {year}: deadlines reaching into it count Monday–Friday; load it with `hotline calendar load FILE`"
            );
        }
    }
}

/// Scope rules, lexicon and knowledge synonyms read from files, checked before anything starts.
#[derive(Default)]
struct TextRules {
    /// The scope rule file's text and path, checked.
    scope: Option<(String, String)>,
    /// The lexicon file, read and checked, and its path.
    lexicon: Option<(hotline_text::elements::Lexicon, String)>,
    /// The knowledge synonym file, read and checked.
    synonyms: Option<hotline_service::knowledge::tokenizer::Synonyms>,
}

/// A text file an administrator gives a command (a calendar, word lists, rules): in UTF-8, with
/// or without the byte-order mark Notepad writes, UTF-16 with its mark, or GBK/GB18030, as the
/// imports read them; the mark is no part of the first line.
fn read_text_file(path: &Path) -> anyhow::Result<String> {
    let bytes = std::fs::read(path).with_context(|| format!("cannot read {}", path.display()))?;
    hotline_service::table::decode_text(&bytes).with_context(|| {
        format!(
            "{} 的编码无法识别:请另存为 UTF-8 / {} is neither UTF-8, UTF-16 with a byte-order mark \
             nor GBK/GB18030: save it as UTF-8",
            path.display(),
            path.display()
        )
    })
}

impl TextRules {
    fn read(
        scope_rules: Option<&Path>,
        lexicon: Option<&Path>,
        synonyms: Option<&Path>,
    ) -> anyhow::Result<TextRules> {
        let scope = match scope_rules {
            None => None,
            Some(p) => {
                let text = read_text_file(p)?;
                let path = p.display().to_string();
                // Checked as it will be put in force (an emergency rule kept), naming the file.
                hotline_service::scope::ScopeState::parse_for_use(
                    &text,
                    hotline_service::scope::RulesSource::File(path.clone()),
                )
                .map_err(|e| anyhow::anyhow!("{path}: {e}"))?;
                Some((text, path))
            }
        };
        let lexicon = match lexicon {
            None => None,
            Some(p) => Some((
                hotline_text::elements::Lexicon::from_toml(&read_text_file(p)?)
                    .map_err(|e| anyhow::anyhow!("{}: {e}", p.display()))?,
                p.display().to_string(),
            )),
        };
        let synonyms = match synonyms {
            None => None,
            Some(p) => Some(
                hotline_service::knowledge::tokenizer::Synonyms::parse(&read_text_file(p)?)
                    .map_err(|e| anyhow::anyhow!("{}: {e}", p.display()))?,
            ),
        };
        Ok(TextRules {
            scope,
            lexicon,
            synonyms,
        })
    }
}

async fn serve(
    db: DbArgs,
    bind: SocketAddr,
    demo: bool,
    demo_tickets: usize,
    rules: TextRules,
) -> anyhow::Result<()> {
    // Refused before the database is touched, so a refused start leaves no file behind.
    if demo && !bind.ip().is_loopback() {
        bail!("--demo 只能绑定本机回环地址(示例账号使用公开的演示密码)/ --demo only binds to loopback: demo passwords are public; use --bind 127.0.0.1:8080");
    }
    // Before the app opens: the knowledge index is built with the synonyms in force.
    if let Some(list) = rules.synonyms {
        if !hotline_service::knowledge::tokenizer::use_synonyms(list) {
            bail!("the knowledge synonyms were already in use");
        }
    }
    let mut app = open_app(&db, Purpose::Serve).await?;
    if let Some((text, path)) = &rules.scope {
        app = app
            .with_scope_file(text, path)
            .map_err(|e| anyhow::anyhow!("{e}"))?;
    }
    if let Some((lexicon, path)) = rules.lexicon {
        app = app
            .with_lexicon_file(lexicon, &path)
            .await
            .map_err(|e| anyhow::anyhow!("{e}"))?;
    }
    warn_missing_calendar(&app);
    if !demo {
        // Served as it is (without --demo, which refuses it), but said.
        if let Ok(Some(started)) = hotline_service::demo::unfinished(&app).await {
            tracing::warn!(
                "示例城市未建完(始于 {started},中途中断):数据不完整,请删除该数据库后重新运行 hotline demo / \
                 the demo city begun at {started} was never finished: its data is partial; delete \
                 the database and run hotline demo again"
            );
        }
    }
    if demo && !build_demo(&app, demo_tickets, 12345).await? {
        print_accounts(
            &hotline_service::demo::accounts(&app)
                .await
                .map_err(|e| anyhow::anyhow!("{e}"))?,
        );
    }
    if !bind.ip().is_loopback() {
        let n = hotline_service::demo::disable_demo_accounts(&app)
            .await
            .map_err(|e| anyhow::anyhow!("{e}"))?;
        if n > 0 {
            tracing::warn!(
                disabled = n,
                "demo accounts disabled: the server is not bound to loopback"
            );
        }
    }
    if let Some((zh, en)) = app.city_name_warning() {
        tracing::warn!("{zh} / {en}");
    }
    // After the demo build: the repeat index loads what is in the database, in the background.
    app.start_repeat_index();
    app.warm_class_cases();
    // A model activated from the command line (a rollback), and what other servers on the
    // database changed, are in use here within this period.
    app.follow_other_servers(std::time::Duration::from_secs(FOLLOW_CHECK_SECS));
    let listener = tokio::net::TcpListener::bind(bind).await.with_context(|| {
        format!("cannot listen on {bind}: is another server running? use --bind")
    })?;
    // The address actually bound: with `--bind 127.0.0.1:0` the system picks the port.
    let bound = listener.local_addr().context("reading the bound address")?;
    println!(
        "hotline 已启动 / listening on http://{bound}  (数据库 / database: {})",
        redact(&db.database_url)
    );
    axum::serve(listener, hotline_web::router(app))
        .with_graceful_shutdown(async {
            let _ = tokio::signal::ctrl_c().await;
        })
        .await
        .context("serving HTTP")
}
