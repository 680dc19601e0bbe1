//! The subcommands.

use std::fs::File;
use std::io::{BufWriter, IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use indicatif::{ProgressBar, ProgressStyle};
use thads_core::account::{AccountName, Role};
use thads_core::calendar::Calendar;
use thads_core::lunar::LunarDate;
use thads_core::text::{Lang, Text};
use thads_core::{AgencyCode, Day};
use thads_service::{
    Actor, AuditError, FileKind, ImportError, Progress, ReportRequest, Thads, period_report,
    register::{self, RegisterBook},
    render, today_in_vietnam, vietnam,
};

use crate::{
    AuditCommand, CalendarCommand, CalendarFormat, Cli, CloseCommand, Command, DayKind, DueFormat,
    Format, ListFormat, TableOrJson, TemplateKind, UserCommand, WarehouseCommand, WorkbookCommand,
};

/// `sqlite://` in the user's data folder: `$XDG_DATA_HOME/thads/thads.db`,
/// or `~/.local/share/thads/thads.db`.
fn default_database() -> anyhow::Result<String> {
    let data = std::env::var_os("XDG_DATA_HOME")
        .filter(|v| !v.is_empty())
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|home| PathBuf::from(home).join(".local/share")))
        .context("neither XDG_DATA_HOME nor HOME is set: name the database with --database")?;
    let folder = data.join("thads");
    std::fs::create_dir_all(&folder)
        .with_context(|| format!("cannot create {}", folder.display()))?;
    Ok(format!("sqlite://{}", folder.join("thads.db").display()))
}

fn database_url(database: Option<String>) -> anyhow::Result<String> {
    match database {
        Some(url) => Ok(url),
        None => default_database(),
    }
}

/// A database URL fit to print: without its password.
fn without_password(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else {
        return url.to_owned();
    };
    match rest.split_once('@') {
        Some((user, host)) if user.contains(':') => {
            let user = user.split_once(':').map_or(user, |(name, _)| name);
            format!("{scheme}://{user}:***@{host}")
        }
        _ => url.to_owned(),
    }
}

/// Whoever runs the command line: their login name on this machine.
pub(crate) fn console_actor() -> Actor {
    let user = std::env::var("USER")
        .or_else(|_| std::env::var("LOGNAME"))
        .ok()
        .filter(|u| !u.is_empty())
        .or_else(user_of_this_process)
        .unwrap_or_else(|| "unknown".to_owned());
    let machine = std::fs::read_to_string("/proc/sys/kernel/hostname")
        .or_else(|_| std::fs::read_to_string("/etc/hostname"))
        .map(|name| name.trim().to_owned())
        .unwrap_or_else(|_| "unknown".to_owned());
    Actor::console(&user, &machine)
}

/// The login name of this process's user, from its uid (for shells that
/// set no `USER`, such as some service managers).
fn user_of_this_process() -> Option<String> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let uid = status
        .lines()
        .find_map(|l| l.strip_prefix("Uid:"))?
        .split_whitespace()
        .next()?
        .to_owned();
    let passwd = std::fs::read_to_string("/etc/passwd").ok()?;
    passwd.lines().find_map(|line| {
        let fields: Vec<&str> = line.split(':').collect();
        (fields.get(2) == Some(&uid.as_str())).then(|| fields[0].to_owned())
    })
}

/// A password for `name`: asked twice on a terminal, else one line of
/// standard input. Never an argument, so it is not in the shell's history
/// or the process list.
fn read_password(name: &str) -> anyhow::Result<String> {
    if std::io::stdin().is_terminal() {
        let first = rpassword::prompt_password(format!("password for {name}: "))?;
        let again = rpassword::prompt_password("the same password again: ")?;
        anyhow::ensure!(
            first == again,
            "the two passwords differ; nothing was changed"
        );
        Ok(first)
    } else {
        let mut line = String::new();
        std::io::stdin().read_line(&mut line)?;
        Ok(line.trim_end_matches(['\n', '\r']).to_owned())
    }
}

/// A time of the audit trail, in Vietnam: `2026-11-23 19:05:02`.
fn vietnam_time(at_ms: i64) -> String {
    match jiff::Timestamp::from_millisecond(at_ms) {
        Ok(at) => at
            .to_zoned(vietnam())
            .strftime("%Y-%m-%d %H:%M:%S")
            .to_string(),
        Err(_) => at_ms.to_string(),
    }
}

/// Refuses to write an Excel workbook to standard output.
fn needs_file(workbook: bool, output: Option<&std::path::Path>) -> anyhow::Result<()> {
    if workbook && output.is_none() {
        anyhow::bail!("an Excel workbook is a file: name it with --output FILE.xlsx");
    }
    Ok(())
}

/// Writes a register to the file named — an Excel workbook if its name
/// ends in .xlsx, CSV otherwise — or as CSV to standard output.
fn write_register(output: Option<&std::path::Path>, book: &RegisterBook) -> anyhow::Result<()> {
    let workbook =
        output.is_some_and(|p| FileKind::of(&p.to_string_lossy()) == FileKind::RegisterXlsx);
    let bytes = if workbook {
        // The format's limit, less the heading row.
        if book.rows.len() > 1_048_575 {
            anyhow::bail!(
                "{} cases do not fit in one Excel sheet (1,048,575 rows): choose an agency with --agency, or write CSV",
                book.rows.len()
            );
        }
        register::sheet::write_xlsx(book).context("cannot make the workbook")?
    } else {
        register::sheet::write_csv(book)
    };
    write_output(output, &bytes)
}

/// Writes to the file named, or to standard output.
fn write_output(output: Option<&std::path::Path>, bytes: &[u8]) -> anyhow::Result<()> {
    match output {
        Some(path) => {
            std::fs::write(path, bytes).with_context(|| format!("cannot write {}", path.display()))
        }
        None => Ok(std::io::stdout().lock().write_all(bytes)?),
    }
}

/// The demo's accounts: one per role that uses the pages, on the demo's
/// agencies.
const DEMO_ACCOUNTS: [(&str, Role, Option<&str>); 7] = [
    ("demo.chaphanhvien", Role::Executor, Some("HN-KV1")),
    ("demo.lanhdao", Role::Leader, Some("HN")),
    ("demo.thongke", Role::Statistician, None),
    ("demo.bandieuhanh", Role::Steering, Some("HN")),
    ("demo.quantri", Role::Admin, None),
    ("demo.congan", Role::Partner, Some("HN")),
    ("demo.thukho", Role::Keeper, Some("HN")),
];

/// Fills an empty store with a demo journal, and gives every demo account
/// a new random password, printed once.
async fn prepare_demo(thads: &Thads, cases: usize) -> anyhow::Result<()> {
    let actor = console_actor();
    if thads.view().await?.case_count() == 0 {
        eprintln!("writing and importing a demo journal of {cases} cases…");
        let mut journal = Vec::new();
        thads_demo::write_demo(thads_demo::DemoSpec { cases, seed: 1 }, &mut journal)?;
        let summary = thads
            .import(&actor, "demo journal", &journal[..], &mut |_| {})
            .await
            .map_err(|e| anyhow::anyhow!("the demo journal did not import: {e}"))?;
        eprintln!(
            "imported {} cases, {} events",
            summary.cases, summary.events
        );
    }
    let existing: Vec<String> = thads
        .accounts(&actor)
        .await?
        .into_iter()
        .map(|a| a.name.to_string())
        .collect();
    println!("Demo accounts (new passwords at every start; they are shown only here):");
    for (name, role, agency) in DEMO_ACCOUNTS {
        let name = AccountName::parse(name).expect("a valid name");
        let agency = agency.map(|a| AgencyCode::parse(a).expect("a valid code"));
        let password = thads_service::accounts::random_password();
        if existing.iter().any(|e| e == name.as_str()) {
            thads.set_password(&actor, &name, &password).await?;
        } else {
            thads
                .add_account(&actor, &name, role, agency.as_ref(), &password)
                .await?;
            if role == Role::Executor {
                // The demo's executor is the office's first executor.
                let office = agency.as_ref().expect("an executor's agency");
                let code = thads_core::executor::ExecutorCode::parse(&format!("{office}-CHV01"))
                    .expect("a valid code");
                thads.link_executor(&actor, &name, Some(&code)).await?;
            }
            if role == Role::Partner {
                // The demo's partner is the province's police.
                let province = agency.as_ref().expect("a partner's agency");
                let code = thads_core::coordination::Code::parse(&format!("{province}-CA"))
                    .expect("a valid code");
                thads.link_partner(&actor, &name, Some(&code)).await?;
            }
            if role == Role::Keeper {
                // The demo's keeper keeps the province's two warehouses.
                let province = agency.as_ref().expect("a keeper's agency");
                let codes: Vec<_> = ["K1", "K2"]
                    .iter()
                    .map(|k| {
                        thads_core::coordination::Code::parse(&format!("{province}-{k}"))
                            .expect("a valid code")
                    })
                    .collect();
                thads.link_warehouses(&actor, &name, &codes).await?;
            }
        }
        let over = agency.map_or_else(|| "the whole country".to_owned(), |a| a.to_string());
        println!("  {:<20} {password}   {role} of {over}", name.as_str());
    }
    Ok(())
}

/// The audit key's file: the one named, or `$XDG_CONFIG_HOME/thads/audit.key`
/// (`~/.config/thads/audit.key`), apart from the data.
fn audit_key_file(named: Option<PathBuf>) -> anyhow::Result<PathBuf> {
    if let Some(path) = named {
        return Ok(path);
    }
    let config = std::env::var_os("XDG_CONFIG_HOME")
        .filter(|v| !v.is_empty())
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|home| PathBuf::from(home).join(".config")))
        .context(
            "neither XDG_CONFIG_HOME nor HOME is set: name the audit key's file with --audit-key",
        )?;
    Ok(config.join("thads").join("audit.key"))
}

/// Runs a subcommand: each has a function of its own below.
pub async fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    let store = StoreConfig {
        database: cli.database,
        audit_key: cli.audit_key,
    };
    match cli.command {
        Command::Migrate => migrate(store).await,
        Command::Workbook {
            command: WorkbookCommand::Check { file },
        } => {
            let layout = thads_service::workbook::read(&file)?;
            let names: Vec<&str> = layout.sheets.iter().map(|s| s.name.as_str()).collect();
            println!(
                "{}: {} sheets: {}",
                file.display(),
                names.len(),
                names.join("; ")
            );
            Ok(ExitCode::SUCCESS)
        }
        Command::Distribute { asked, format } => {
            let payments = store
                .open()
                .await?
                .distribute(&console_actor(), &asked.request())
                .await?;
            match format {
                TableOrJson::Json => {
                    print!("{}", thads_service::payouts::payments_json(&payments))
                }
                TableOrJson::Table => {
                    for p in &payments {
                        println!(
                            "{:<24} {:<40} {:>20}",
                            p.rank.as_str(),
                            p.to,
                            thads_core::money::group_thousands(p.amount)
                        );
                    }
                }
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Assets {
            agency,
            under_auction,
            format,
        } => {
            let query = thads_service::assets::AssetQuery {
                agency,
                under_auction,
            };
            let assets = store.open().await?.assets(&console_actor(), &query).await?;
            match format {
                TableOrJson::Json => print!("{}", thads_service::assets::assets_json(&assets)),
                TableOrJson::Table => {
                    for held in &assets {
                        let a = &held.asset;
                        println!(
                            "{:<20} {:<16} {:<15} {:<14} {:>18} {}",
                            a.code.as_str(),
                            a.case.as_str(),
                            a.kind.as_str(),
                            held.state.as_str(),
                            thads_core::money::group_thousands(held.value.get()),
                            a.description,
                        );
                    }
                    eprintln!("{} assets", assets.len());
                }
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::PaymentSlips { case, on, output } => {
            let thads = store.open().await?;
            let Some(bytes) = thads.payment_slips(&console_actor(), &case, on).await? else {
                anyhow::bail!("{case}: nothing was paid out in cash on {on}");
            };
            write_output(Some(&output), &bytes)?;
            eprintln!("{}: the payment slips of {case} on {on}", output.display());
            Ok(ExitCode::SUCCESS)
        }
        Command::PayOut { asked, transfers } => {
            use thads_service::payouts;
            let asked = asked.request();
            // The file is made before anything is recorded (so that a
            // batch is never recorded without its transfers), and taken
            // away again if the batch is refused.
            let file = match &transfers {
                Some(path) => {
                    let format = TransferFormat::of(path)?;
                    let file = File::create(path)
                        .with_context(|| format!("cannot create {}", path.display()))?;
                    Some((path, format, file))
                }
                None => None,
            };
            let paid = store.open().await?.pay_out(&console_actor(), &asked).await;
            let batch = match paid {
                Ok(batch) => batch,
                Err(e) => {
                    if let Some((path, ..)) = &file {
                        let _ = std::fs::remove_file(path);
                    }
                    return Err(e.into());
                }
            };
            for o in &batch.orders {
                println!(
                    "{:>6} {:<22} {:<40} {:>20} {}",
                    o.number,
                    o.rank.as_str(),
                    o.payee,
                    thads_core::money::group_thousands(o.amount),
                    o.account.as_ref().map_or("tiền mặt", |a| a.number.as_str()),
                );
            }
            let transferred = batch.transfers().count();
            if let Some((path, format, mut out)) = file {
                let bytes = match format {
                    TransferFormat::Csv => payouts::transfers_csv(&batch),
                    TransferFormat::Xlsx => payouts::transfers_xlsx(&batch)?,
                };
                out.write_all(&bytes)
                    .with_context(|| format!("writing {}", path.display()))?;
            }
            eprintln!(
                "{}: {} payouts recorded on {}, {} đồng in all; {} by bank transfer",
                batch.case,
                batch.orders.len(),
                batch.on,
                thads_core::money::group_thousands(batch.total()),
                transferred,
            );
            Ok(ExitCode::SUCCESS)
        }
        Command::Workbook {
            command: WorkbookCommand::Layout,
        } => {
            print!("{}", thads_core::layout::SHIPPED);
            Ok(ExitCode::SUCCESS)
        }
        Command::Import { file } => import(store.open().await?, file, console_lang()).await,
        Command::Export {
            output,
            register: false,
            ..
        } => export(store.open().await?, output).await,
        Command::Export {
            output,
            register: true,
            as_of,
            agency,
        } => export_register(store.open().await?, output, as_of, agency).await,
        Command::Lists {
            to,
            kind,
            agency,
            output,
        } => {
            let book = store
                .open()
                .await?
                .period_list(&console_actor(), agency.as_ref(), to, kind.into())
                .await?;
            write_register(output.as_deref(), &book)?;
            eprintln!("{} cases on the list on {to}", book.rows.len());
            Ok(ExitCode::SUCCESS)
        }
        Command::Ended {
            month,
            agency,
            output,
        } => {
            let book = store
                .open()
                .await?
                .ended_in_month(&console_actor(), agency.as_ref(), month)
                .await?;
            write_register(output.as_deref(), &book)?;
            eprintln!(
                "{} cases ended from {month} to {}",
                book.rows.len(),
                month.month_end()
            );
            Ok(ExitCode::SUCCESS)
        }
        Command::Template {
            kind: TemplateKind::Register,
            output,
        } => {
            write_register(output.as_deref(), &RegisterBook::default())?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Report {
            from,
            to,
            agency,
            category,
            format,
            by_agency,
            mode,
            judgment_kind,
            by,
            by_category,
            by_executor,
            as_recorded,
            output,
        } => {
            let to = to.unwrap_or_else(today_in_vietnam);
            let request = ReportRequest {
                from: from.unwrap_or_else(|| to.statistical_year().0),
                to,
                agency,
                category,
                // The workbook holds the official forms: every row and
                // category, and forms 4 and 5 by executor.
                by_agency: by_agency || format == Format::Xlsx,
                by_category: by_category || format == Format::Xlsx,
                by_executor: by_executor || format == Format::Xlsx,
                as_recorded: None,
                by: by.map(Into::into),
                judgment_kind,
                mode: mode.map(Into::into),
            };
            report(store, request, as_recorded, format, output).await
        }
        Command::Close {
            verify: Some(CloseCommand::Verify),
            ..
        } => verify_closes(store.open().await?).await,
        Command::Close {
            verify: None,
            to: None,
            ..
        } => anyhow::bail!("say which: --to DAY [--agency CODE], or verify"),
        Command::Close {
            verify: None,
            to: Some(to),
            agency,
        } => {
            let lang = console_lang();
            let close = store
                .open()
                .await?
                .close(&console_actor(), to, agency)
                .await?;
            let scope = close
                .agency
                .as_ref()
                .map_or_else(|| lang.t("close-whole-store"), |a| a.to_string());
            eprintln!(
                "{}",
                lang.say(
                    &Text::new("close-done")
                        .with("scope", scope)
                        .with("through", close.to)
                        .with("sha256", close.sha256.as_str())
                )
            );
            Ok(ExitCode::SUCCESS)
        }
        Command::Calendar {
            set: Some(CalendarCommand::Set { date, kind, reason }),
            ..
        } => {
            let off = kind == DayKind::Off;
            let thads = store.open().await?;
            thads
                .set_calendar_day(&console_actor(), date, off, &reason)
                .await?;
            eprintln!("{date}: {}", if off { "off" } else { "working" });
            Ok(ExitCode::SUCCESS)
        }
        Command::Calendar {
            set: None,
            lunar: Some(day),
            format,
            ..
        } => lunar_date(day, format),
        Command::Calendar {
            set: None,
            year: Some(year),
            format,
            ..
        } => {
            let calendar = store.open().await?.calendar().await?;
            calendar_year(&calendar, year, format, console_lang())
        }
        Command::Calendar { .. } => {
            anyhow::bail!("say which: --year YEAR, --lunar DATE, or set DATE off|working")
        }
        Command::Coercion(command) => crate::coercion::coercion(store.open().await?, command).await,
        Command::Deadline {
            from,
            working_days,
            days,
            months,
        } => {
            let calendar = store.open().await?.calendar().await?;
            let due = match (working_days, days, months) {
                (Some(n), _, _) => calendar.plus_working_days(from, n),
                (_, Some(n), _) => calendar.plus_days(from, n),
                (_, _, Some(n)) => calendar.plus_months(from, n),
                _ => unreachable!("clap requires one period"),
            };
            println!("{due}");
            Ok(ExitCode::SUCCESS)
        }
        Command::Debtors {
            agency,
            as_of,
            format,
            output,
        } => debtors(store, agency, as_of, format, output).await,
        Command::Warehouse(WarehouseCommand::Stock {
            agency,
            as_of,
            format,
        }) => {
            let thads = store.open().await?;
            let as_of = as_of.unwrap_or_else(today_in_vietnam);
            let rows = thads
                .warehouse_stock(&console_actor(), agency.as_ref(), as_of)
                .await?;
            match format {
                TableOrJson::Json => {
                    print!("{}", thads_service::warehouse::stock_json(&rows, as_of));
                }
                TableOrJson::Table => {
                    for r in &rows {
                        println!(
                            "{:<12} {:>10} m² {:>10} m² {:>8} items{}",
                            r.code.as_str(),
                            r.capacity.to_string(),
                            r.stock.area().to_string(),
                            r.stock.items,
                            if r.alert { "  nearly full" } else { "" },
                        );
                    }
                }
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Held {
            agency,
            as_of,
            format,
        } => {
            let thads = store.open().await?;
            let as_of = as_of.unwrap_or_else(today_in_vietnam);
            let (held, tree) = thads.held(&console_actor(), agency, as_of).await?;
            match format {
                DueFormat::Json => print!("{}", thads_service::held::held_json(&held, &tree)),
                DueFormat::Csv => {
                    std::io::stdout().write_all(&thads_service::held::held_csv(&held, &tree))?;
                }
                DueFormat::Table => {
                    for r in &held.rows {
                        println!(
                            "{:<20} {:>18} {} {:>5} {}",
                            r.case,
                            thads_core::money::group_thousands(r.amount.get()),
                            r.since,
                            r.age(as_of),
                            r.standing.stage.as_str(),
                        );
                    }
                    let total: i128 = held.totals.iter().map(|t| t.1).sum();
                    eprintln!(
                        "{} cases hold {} đồng",
                        held.rows.len(),
                        thads_core::money::group_thousands(total as i64)
                    );
                }
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Due {
            agency,
            executor,
            as_of,
            format,
        } => {
            let executor = executor
                .map(|code| {
                    thads_core::executor::ExecutorCode::parse(&code)
                        .map_err(|e| anyhow::anyhow!("--executor: {e}"))
                })
                .transpose()?;
            let query = thads_service::DueQuery {
                agency,
                executor,
                as_of: as_of.unwrap_or_else(today_in_vietnam),
            };
            let thads = store.open().await?;
            let list = thads.due(&console_actor(), &query).await?;
            let snapshot = thads.snapshot().await?;
            print_due(&list, &snapshot.executors, format, console_lang())
        }
        Command::Serve {
            listen,
            behind_tls,
            connections_per_address,
            demo,
            demo_cases,
        } => {
            let config = thads_web::WebConfig {
                behind_tls,
                connections_per_address,
            };
            let demo = demo.then_some(demo_cases);
            serve(store.open().await?, listen, config, demo).await
        }
        Command::User(command) => user(store.open().await?, command).await,
        Command::Partner(command) => {
            crate::coordination::partner(store.open().await?, command).await
        }
        Command::Request(command) => {
            crate::coordination::request(store.open().await?, command).await
        }
        Command::Requests(args) => crate::coordination::requests(store.open().await?, args).await,
        Command::Exemptions(command) => {
            crate::coordination::exemptions(store.open().await?, command).await
        }
        Command::Committee(command) => {
            crate::committee::committee(store.open().await?, command).await
        }
        Command::Audit(AuditCommand::Verify) => audit_verify(store.open().await?).await,
        Command::Audit(AuditCommand::Seal) => audit_seal(store.open().await?).await,
        Command::Audit(AuditCommand::Log { user, case }) => {
            audit_log(store.open().await?, user, case).await
        }
        Command::Demo {
            cases,
            seed,
            output,
            warehouse_items,
        } => demo(cases, seed, output, warehouse_items),
    }
}

/// Where the store is, and its audit key, as the command line names them.
struct StoreConfig {
    database: Option<String>,
    audit_key: Option<PathBuf>,
}

impl StoreConfig {
    /// Opens the store with its audit key (created the first time).
    async fn open(self) -> anyhow::Result<Thads> {
        let url = database_url(self.database)?;
        let key = thads_service::load_or_create_key(&audit_key_file(self.audit_key)?)?;
        Thads::open(&url, key)
            .await
            .with_context(|| format!("cannot open the database {}", without_password(&url)))
    }
}

async fn migrate(store: StoreConfig) -> anyhow::Result<ExitCode> {
    let url = database_url(store.database)?;
    let version = Thads::migrate(&url)
        .await
        .with_context(|| format!("cannot migrate the database {}", without_password(&url)))?;
    println!(
        "{}: the schema is at version {version}",
        without_password(&url)
    );
    Ok(ExitCode::SUCCESS)
}

async fn export(thads: Thads, output: Option<PathBuf>) -> anyhow::Result<ExitCode> {
    match output {
        Some(path) => {
            let file =
                File::create(&path).with_context(|| format!("cannot create {}", path.display()))?;
            thads
                .export(&console_actor(), &mut BufWriter::new(file))
                .await?;
        }
        None => {
            thads
                .export(
                    &console_actor(),
                    &mut BufWriter::with_capacity(1 << 16, std::io::stdout()),
                )
                .await?
        }
    }
    Ok(ExitCode::SUCCESS)
}

async fn export_register(
    thads: Thads,
    output: Option<PathBuf>,
    as_of: Option<Day>,
    agency: Option<AgencyCode>,
) -> anyhow::Result<ExitCode> {
    let as_of = as_of.unwrap_or_else(today_in_vietnam);
    let book = thads
        .register(&console_actor(), agency.as_ref(), as_of)
        .await?;
    write_register(output.as_deref(), &book)?;
    eprintln!("{} cases in the register on {as_of}", book.rows.len());
    Ok(ExitCode::SUCCESS)
}

async fn report(
    store: StoreConfig,
    mut request: ReportRequest,
    as_recorded: Option<Day>,
    format: Format,
    output: Option<PathBuf>,
) -> anyhow::Result<ExitCode> {
    needs_file(format == Format::Xlsx, output.as_deref())?;
    let thads = store.open().await?;
    if let Some(day) = as_recorded {
        request.as_recorded = Some(thads.as_recorded(day).await?);
    }
    let snapshot = thads.snapshot().await?;
    let (agency, from, to) = (request.agency.clone(), request.from, request.to);
    let report = period_report(&snapshot, &console_actor(), request)?;
    let bytes = match format {
        Format::Xlsx => {
            // The workbook ends with Forms 6 and 7 of the same period and
            // scope.
            let form6 = thads
                .form6(&console_actor(), agency.as_ref(), from, to)
                .await?;
            let form7 = thads
                .form7(&console_actor(), agency.as_ref(), from, to)
                .await?;
            let annexes = render::Annexes {
                form6: Some(&form6),
                form7: Some(&form7),
            };
            render::xlsx_with(&report, annexes).context("cannot make the workbook")?
        }
        Format::Json => render::json(&report).into_bytes(),
        Format::Csv => render::csv(&report).into_bytes(),
        Format::Table => render::table(&report).into_bytes(),
    };
    write_output(output.as_deref(), &bytes)?;
    Ok(ExitCode::SUCCESS)
}

/// `thads close verify`: each close and whether its report still holds.
async fn verify_closes(thads: Thads) -> anyhow::Result<ExitCode> {
    let lang = console_lang();
    let checks = thads.verify_closes(&console_actor()).await?;
    for check in &checks {
        let close = &check.close;
        let scope = close
            .agency
            .as_ref()
            .map_or_else(|| lang.t("close-whole-store"), |a| a.to_string());
        let key = if check.holds() {
            "close-verify-holds"
        } else {
            "close-verify-broken"
        };
        let text = Text::new(key)
            .with("scope", scope)
            .with("through", close.to)
            .with("by", close.by.as_str())
            .with("recorded", close.sha256.as_str())
            .with("computed", check.sha256.as_str());
        if !check.holds() {
            eprintln!("{}", lang.say(&text));
            return Ok(ExitCode::FAILURE);
        }
        println!("{}", lang.say(&text));
    }
    eprintln!(
        "{}",
        lang.say(&Text::new("close-verify-done").with("count", checks.len() as u64))
    );
    Ok(ExitCode::SUCCESS)
}

async fn debtors(
    store: StoreConfig,
    agency: Option<AgencyCode>,
    as_of: Option<Day>,
    format: ListFormat,
    output: Option<PathBuf>,
) -> anyhow::Result<ExitCode> {
    needs_file(format == ListFormat::Xlsx, output.as_deref())?;
    let thads = store.open().await?;
    let as_of = as_of.unwrap_or_else(today_in_vietnam);
    let snapshot = thads.snapshot().await?;
    let list = thads
        .debtors_without_means(&snapshot, &console_actor(), agency.as_ref(), as_of)
        .await?;
    let bytes = match format {
        ListFormat::Csv => render::debtors_csv(&list).into_bytes(),
        ListFormat::Xlsx => render::debtors_xlsx(&list).context("cannot make the workbook")?,
    };
    write_output(output.as_deref(), &bytes)?;
    eprintln!("{} debtors without means on {as_of}", list.debtors.len());
    Ok(ExitCode::SUCCESS)
}

/// Serves the web application; with `demo` (how many cases), on demo data
/// and accounts.
async fn serve(
    thads: Thads,
    listen: std::net::SocketAddr,
    config: thads_web::WebConfig,
    demo: Option<usize>,
) -> anyhow::Result<ExitCode> {
    if let Some(cases) = demo {
        prepare_demo(&thads, cases).await?;
    }
    // Build the view before the first visitor asks for it.
    let view = thads.view().await?;
    eprintln!(
        "{} cases in the store; thads is serving on http://{listen}/ (Ctrl-C stops it)",
        view.case_count()
    );
    drop(view);
    thads_web::serve(thads, listen, config)
        .await
        .with_context(|| format!("cannot serve on {listen}"))?;
    Ok(ExitCode::SUCCESS)
}

async fn user(thads: Thads, command: UserCommand) -> anyhow::Result<ExitCode> {
    let actor = console_actor();
    match command {
        UserCommand::Add { name, role, agency } => {
            let password = read_password(name.as_str())?;
            thads
                .add_account(&actor, &name, role, agency.as_ref(), &password)
                .await?;
            println!("account {name} added ({role})");
        }
        UserCommand::Passwd { name } => {
            let password = read_password(name.as_str())?;
            thads.set_password(&actor, &name, &password).await?;
            println!("password of {name} changed");
        }
        UserCommand::Disable { name } => {
            thads.disable_account(&actor, &name).await?;
            println!("account {name} disabled");
        }
        UserCommand::Link {
            name,
            executor: None,
            partner: None,
            warehouse,
        } if !warehouse.is_empty() => {
            let codes = warehouse
                .iter()
                .map(|code| {
                    thads_core::coordination::Code::parse(code).ok_or_else(|| {
                        anyhow::anyhow!("--warehouse: “{code}” is not a warehouse code")
                    })
                })
                .collect::<anyhow::Result<Vec<_>>>()?;
            thads.link_warehouses(&actor, &name, &codes).await?;
            println!("account {name} keeps {}", warehouse.join(", "));
        }
        UserCommand::Link {
            name,
            executor: None,
            partner: Some(code),
            ..
        } => {
            let code = thads_core::coordination::Code::parse(&code)
                .ok_or_else(|| anyhow::anyhow!("--partner: “{code}” is not a partner code"))?;
            thads.link_partner(&actor, &name, Some(&code)).await?;
            println!("account {name} speaks for partner {code}");
        }
        UserCommand::Link { name, executor, .. } => {
            let executor = executor
                .map(|code| {
                    thads_core::executor::ExecutorCode::parse(&code)
                        .map_err(|e| anyhow::anyhow!("--executor: {e}"))
                })
                .transpose()?;
            thads
                .link_executor(&actor, &name, executor.as_ref())
                .await?;
            match executor {
                Some(code) => println!("account {name} is executor {code}"),
                None => println!("account {name} is linked to no executor"),
            }
        }
        UserCommand::List => {
            let mut out = std::io::stdout().lock();
            for account in thads.accounts(&actor).await? {
                let agency = account
                    .agency
                    .as_ref()
                    .map_or("(whole country)", |a| a.as_str());
                let state = match account.disabled_at_ms {
                    Some(at) => format!("disabled {}", vietnam_time(at)),
                    None => "active".to_owned(),
                };
                writeln!(
                    out,
                    "{}\t{}\t{}\t{state}",
                    account.name, account.role, agency
                )?;
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

async fn audit_verify(thads: Thads) -> anyhow::Result<ExitCode> {
    match thads.verify_audit(&console_actor()).await {
        Ok(checked) => {
            println!(
                "the audit trail is intact: {} records; the journal's {} lines are as written",
                checked.records, checked.lines
            );
            Ok(ExitCode::SUCCESS)
        }
        Err(AuditError::Broken(at)) => {
            eprintln!("error: {at}");
            Ok(ExitCode::FAILURE)
        }
        Err(AuditError::Journal(at)) => {
            eprintln!("error: {at}");
            Ok(ExitCode::FAILURE)
        }
        Err(e) => Err(e.into()),
    }
}

async fn audit_seal(thads: Thads) -> anyhow::Result<ExitCode> {
    match thads.seal_journal(&console_actor()).await? {
        Some(sealed) => println!(
            "sealed the journal's lines written before sealing: agencies {}–{}, journal lines {}–{}",
            sealed.agencies.start + 1,
            sealed.agencies.end,
            sealed.events.start,
            sealed.events.end - 1
        ),
        None => println!("every line of the journal is sealed already"),
    }
    Ok(ExitCode::SUCCESS)
}

async fn audit_log(
    thads: Thads,
    user: Option<String>,
    case: Option<String>,
) -> anyhow::Result<ExitCode> {
    let records = thads
        .audit_log(&console_actor(), user.as_deref(), case.as_deref())
        .await?;
    let mut out = std::io::stdout().lock();
    for record in records {
        let e = &record.entry;
        writeln!(
            out,
            "{}\t{}\t{}\t{}\t{}\t{}\t{}",
            record.seq,
            vietnam_time(e.at_ms),
            e.actor,
            e.address,
            e.action,
            e.subject,
            e.detail
        )?;
    }
    Ok(ExitCode::SUCCESS)
}

fn demo(
    cases: usize,
    seed: u64,
    output: PathBuf,
    warehouse_items: Option<usize>,
) -> anyhow::Result<ExitCode> {
    let file =
        File::create(&output).with_context(|| format!("cannot create {}", output.display()))?;
    let mut out = BufWriter::new(file);
    let lines = match warehouse_items {
        Some(items) => thads_demo::write_warehouse_bench(items, &mut out)?,
        None => thads_demo::write_demo(thads_demo::DemoSpec { cases, seed }, &mut out)?,
    };
    out.flush()?;
    eprintln!("{}: {lines} lines", output.display());
    Ok(ExitCode::SUCCESS)
}

/// `thads calendar --lunar`: a day's lunar date.
fn lunar_date(day: Day, format: CalendarFormat) -> anyhow::Result<ExitCode> {
    let date = LunarDate::of(day);
    match format {
        CalendarFormat::Json => println!(
            "{}",
            serde_json::json!({
                "day": date.day, "month": date.month, "year": date.year, "leap": date.leap,
            })
        ),
        CalendarFormat::Table => println!(
            "{:02}/{:02}{}/{}",
            date.day,
            date.month,
            if date.leap { "n" } else { "" },
            date.year
        ),
    }
    Ok(ExitCode::SUCCESS)
}

/// `thads calendar --year`: a year's days off and worked weekend days.
/// Prints the steps of `thads due`.
fn print_due(
    list: &thads_service::DueList,
    executors: &thads_core::executor::Executors,
    format: DueFormat,
    lang: Lang,
) -> anyhow::Result<ExitCode> {
    let executor =
        |step: &thads_service::DueStep| step.executor.map(|e| executors.get(e).code.to_string());
    match format {
        DueFormat::Json => {
            let steps: Vec<serde_json::Value> = list
                .steps
                .iter()
                .map(|s| {
                    serde_json::json!({
                        "case": s.code,
                        "step": s.duty.as_str(),
                        "due": s.due.to_string(),
                        "rule": s.rule.id,
                        "overdue": s.overdue,
                        "executor": executor(s),
                    })
                })
                .collect();
            println!("{}", serde_json::Value::Array(steps));
        }
        DueFormat::Csv => {
            let mut out = csv::Writer::from_writer(std::io::stdout().lock());
            out.write_record(["case", "step", "due", "rule", "overdue", "executor"])?;
            for s in &list.steps {
                let overdue = if s.overdue { "true" } else { "false" };
                let due = s.due.to_string();
                let executor = executor(s).unwrap_or_default();
                out.write_record([
                    s.code.as_str(),
                    s.duty.as_str(),
                    due.as_str(),
                    s.rule.id.as_str(),
                    overdue,
                    executor.as_str(),
                ])?;
            }
            out.flush()?;
        }
        DueFormat::Table => {
            for s in &list.steps {
                let late = if s.overdue {
                    lang.t("due-overdue")
                } else {
                    String::new()
                };
                println!(
                    "{}  {:<14}  {:<24}  {:<16}  {}",
                    lang.date(s.due),
                    s.duty.as_str(),
                    s.code,
                    executor(s).unwrap_or_default(),
                    late
                );
            }
            let overdue = list.steps.iter().filter(|s| s.overdue).count();
            eprintln!(
                "{}",
                lang.tr(
                    "due-summary",
                    &[
                        ("steps", lang.count(list.steps.len() as i128)),
                        ("overdue", lang.count(overdue as i128)),
                    ],
                )
            );
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn calendar_year(
    calendar: &Calendar,
    year: i16,
    format: CalendarFormat,
    lang: Lang,
) -> anyhow::Result<ExitCode> {
    let year = calendar.year(year);
    let days_off: Vec<(Day, String)> = year
        .days_off
        .iter()
        .map(|(day, why)| (*day, lang.say(&why.into())))
        .collect();
    let worked: Vec<(Day, String)> = year
        .working_weekend_days
        .iter()
        .map(|(day, why)| (*day, why.clone()))
        .collect();
    match format {
        CalendarFormat::Json => {
            let entries = |days: &[(Day, String)]| -> Vec<serde_json::Value> {
                let entry = |(day, reason): &(Day, String)| serde_json::json!({"date": day.to_string(), "reason": reason});
                days.iter().map(entry).collect()
            };
            let json = serde_json::json!({
                "year": year.year,
                "days_off": entries(&days_off),
                "working_weekend_days": entries(&worked),
            });
            println!("{json}");
        }
        CalendarFormat::Table => {
            for (day, reason) in &days_off {
                println!("{}  {reason}", lang.date(*day));
            }
            for (day, reason) in &worked {
                let worked = lang.t("calendar-worked");
                println!("{}  {worked}: {reason}", lang.date(*day));
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// The language of the console: Vietnamese when the locale says so
/// (`LANG=vi_VN.UTF-8`), English otherwise. `LC_ALL` and `LC_MESSAGES`
/// come first, as POSIX has it.
pub(crate) fn console_lang() -> Lang {
    let locale = ["LC_ALL", "LC_MESSAGES", "LANG"]
        .into_iter()
        .filter_map(|name| std::env::var(name).ok())
        .find(|value| !value.is_empty());
    Lang::of_locale(locale.as_deref())
}

async fn import(thads: Thads, path: PathBuf, lang: Lang) -> anyhow::Result<ExitCode> {
    let source = path.display().to_string();
    let (input, size): (Box<dyn std::io::Read + Send>, u64) = if path.as_os_str() == "-" {
        (Box::new(std::io::stdin()), 0)
    } else {
        let file = File::open(&path).with_context(|| format!("cannot open {}", path.display()))?;
        let size = file.metadata().map(|m| m.len()).unwrap_or(0);
        (Box::new(file), size)
    };
    let bar = if std::io::stderr().is_terminal() {
        ProgressBar::new(size)
    } else {
        ProgressBar::hidden()
    };
    let style = |template: &str| ProgressStyle::with_template(template).expect("valid template");
    bar.set_style(if size > 0 {
        style("{msg:10} [{bar:40}] {percent:>3}% {elapsed}")
    } else {
        style("{msg:10} {bytes} {elapsed}")
    });
    bar.set_message("reading");
    let mut writing = false;
    let kind = FileKind::of(&source);
    let result = thads
        .import_file(
            &console_actor(),
            &source,
            kind,
            input,
            &mut |progress| match progress {
                Progress::Reading(bytes) => bar.set_position(bytes),
                Progress::Checking => bar.set_message("checking"),
                Progress::Writing(done, total) => {
                    if !writing {
                        writing = true;
                        bar.set_style(style("{msg:10} [{bar:40}] {percent:>3}% {elapsed}"));
                        bar.set_message("writing");
                        bar.set_length(total as u64);
                    }
                    bar.set_position(done as u64);
                }
            },
        )
        .await;
    bar.finish_and_clear();
    let file = path.display().to_string();
    match result {
        Ok(summary) => {
            let imported = Text::new("cli-imported")
                .with("file", &file)
                .with("agencies", summary.agencies)
                .with("cases", summary.cases)
                .with("events", summary.events);
            println!("{}", lang.say(&imported));
            if summary.late > 0 {
                println!(
                    "{}",
                    lang.say(&Text::new("cli-imported-late").with("late", summary.late))
                );
            }
            Ok(ExitCode::SUCCESS)
        }
        Err(ImportError::Invalid(faults)) => {
            let mut err = std::io::stderr().lock();
            for fault in faults.listed() {
                writeln!(err, "{file}: {}", lang.fault(fault))?;
            }
            if faults.more() > 0 {
                let more = Text::new("cli-more-faults").with("count", faults.more());
                writeln!(err, "{}", lang.say(&more))?;
            }
            let nothing = Text::new("cli-nothing-imported")
                .with("file", &file)
                .with("count", faults.total());
            writeln!(err, "{}", lang.say(&nothing))?;
            Ok(ExitCode::FAILURE)
        }
        // The file is in the store: a re-run lands nothing twice, and
        // says so.
        Err(ImportError::AlreadyImported { by, at }) => {
            let already = Text::new("import-already")
                .with("file", &file)
                .with("by", by)
                .with("at", at);
            println!("{}", lang.say(&already));
            Ok(ExitCode::SUCCESS)
        }
        Err(ImportError::Unreadable(unreadable)) => {
            eprintln!("{file}: {}", lang.say(&unreadable.0.0));
            let nothing = Text::new("cli-nothing-imported").with("file", &file);
            eprintln!("{}", lang.say(&nothing.with("count", 1_usize)));
            Ok(ExitCode::FAILURE)
        }
        Err(e) => Err(e.into()),
    }
}

/// The kind of a bank transfer file, by its name's extension.
enum TransferFormat {
    Csv,
    Xlsx,
}

impl TransferFormat {
    fn of(path: &std::path::Path) -> anyhow::Result<TransferFormat> {
        match path.extension().and_then(|e| e.to_str()) {
            Some(e) if e.eq_ignore_ascii_case("csv") => Ok(TransferFormat::Csv),
            Some(e) if e.eq_ignore_ascii_case("xlsx") => Ok(TransferFormat::Xlsx),
            _ => anyhow::bail!("{}: a transfer file is .csv or .xlsx", path.display()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::without_password;

    #[test]
    fn printed_urls_hide_the_password() {
        assert_eq!(
            without_password("postgres://thads:s3cret@db.example:5432/thads"),
            "postgres://thads:***@db.example:5432/thads"
        );
        assert_eq!(
            without_password("postgres://postgres@127.0.0.1/thads"),
            "postgres://postgres@127.0.0.1/thads"
        );
        assert_eq!(without_password("sqlite:///tmp/a.db"), "sqlite:///tmp/a.db");
    }
}
