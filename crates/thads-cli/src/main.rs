//! `thads`: the command line of thads. This file parses the command line,
//! sets up logging and dispatches; the work is in `commands`.

mod coercion;
mod commands;
mod committee;
mod coordination;

/// A bulk import allocates and frees tens of millions of small strings, on
/// several threads; mimalloc does that markedly faster than the system
/// allocator.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};
use thads_core::account::{AccountName, Role};
use thads_core::{AgencyCode, CaseCode, Category, Day};

/// thads — civil judgment enforcement: the case journal and its statistics.
#[derive(Debug, Parser)]
#[command(name = "thads", version)]
struct Cli {
    /// The database: sqlite://PATH (the embedded store) or
    /// postgres://USER[:PASSWORD]@HOST[:PORT]/DATABASE; several hosts, for a
    /// primary and its standby, as HOST1:PORT,HOST2:PORT with
    /// ?target_session_attrs=read-write. Default:
    /// sqlite://$XDG_DATA_HOME/thads/thads.db (~/.local/share/thads/thads.db).
    #[arg(long, global = true, env = "THADS_DATABASE_URL", value_name = "URL")]
    database: Option<String>,

    /// The audit key's file: 64 hexadecimal digits that seal the journal
    /// and key the audit trail, created (readable by its owner only) the
    /// first time. Keep it, and back it up, apart from the database.
    /// Default: $XDG_CONFIG_HOME/thads/audit.key (~/.config/thads/audit.key).
    #[arg(long, global = true, env = "THADS_AUDIT_KEY", value_name = "FILE")]
    audit_key: Option<PathBuf>,

    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Create the database if needed and bring its schema up to date
    /// (PostgreSQL needs this once, and after each upgrade of thads; the
    /// embedded store does it by itself).
    Migrate,
    /// Import a journal (JSON Lines) or a register (.xlsx, .csv; see
    /// `thads template register`): the whole file, or nothing if any line
    /// or row is wrong.
    Import {
        /// The file: a register if its name ends in .xlsx or .csv, a journal
        /// otherwise; `-` reads a journal from standard input (thads export
        /// | thads import -).
        file: PathBuf,
    },
    /// Write the whole store as a journal, or with --register the register
    /// of its cases on a day.
    Export {
        /// Write to this file instead of standard output; a register named
        /// FILE.xlsx is an Excel workbook, any other a CSV file.
        #[arg(long, short)]
        output: Option<PathBuf>,
        /// Write the register (sổ thụ lý): one row per case accepted by
        /// --as-of, in its state on that day.
        #[arg(long)]
        register: bool,
        /// The register's day (YYYY-MM-DD). Default: today (Vietnam time).
        #[arg(long, value_parser = parse_day, requires = "register")]
        as_of: Option<Day>,
        /// Only this agency's cases and those of the agencies below it.
        #[arg(long, value_parser = parse_agency, requires = "register")]
        agency: Option<AgencyCode>,
    },
    /// Write an empty template to fill in and import.
    Template {
        /// Which template.
        #[arg(value_enum)]
        kind: TemplateKind,
        /// The file to write: FILE.xlsx is an Excel workbook with a guide to
        /// the columns, any other name (or standard output) CSV headings.
        #[arg(long, short)]
        output: Option<PathBuf>,
    },
    /// The period report: results in cases and in money.
    Report {
        /// First day of the period (YYYY-MM-DD). Default: 1 October of the
        /// statistical year that holds --to (official reports are cumulative
        /// from 1 October).
        #[arg(long, value_parser = parse_day)]
        from: Option<Day>,
        /// Last day of the period (YYYY-MM-DD), included. Default: today
        /// (Vietnam time).
        #[arg(long, value_parser = parse_day)]
        to: Option<Day>,
        /// Report this agency and every agency below it (default: the whole system).
        #[arg(long, value_parser = parse_agency)]
        agency: Option<AgencyCode>,
        /// Only cases of this category.
        #[arg(long, value_parser = parse_category)]
        category: Option<Category>,
        /// Output format.
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
        /// Add one row per agency directly below the scope (the Excel
        /// forms always have them).
        #[arg(long)]
        by_agency: bool,
        /// Only cases of this mode: ex-officio or on-request.
        #[arg(long, value_enum)]
        mode: Option<ModeArg>,
        /// Only cases of this kind of judgment (civil, criminal,
        /// administrative, marriage_family, business, labour, bankruptcy,
        /// arbitration, other).
        #[arg(long, value_parser = parse_judgment_kind)]
        judgment_kind: Option<thads_core::JudgmentKind>,
        /// Add the report of each part: by mode, by kind of judgment, or by
        /// kind of state-budget collection (budget-item).
        #[arg(long, value_enum, conflicts_with_all = ["by_agency", "by_executor"])]
        by: Option<ByArg>,
        /// Add each category's share of what is still to enforce (the
        /// workbook has each category's forms).
        #[arg(long)]
        by_category: bool,
        /// A row (a column of the table) per executor, holding the cases
        /// assigned to them at the period's end: forms 4 and 5.
        #[arg(long, conflicts_with = "by_agency")]
        by_executor: bool,
        /// The report as the journal stood at the end of this day
        /// (YYYY-MM-DD): what was recorded later is left out.
        #[arg(long, value_parser = parse_day)]
        as_recorded: Option<Day>,
        /// Write to this file instead of standard output (needed for xlsx).
        #[arg(long, short)]
        output: Option<PathBuf>,
    },
    /// Serve the web application.
    Serve {
        /// The address and port to listen on.
        #[arg(long, default_value = "127.0.0.1:8080")]
        listen: std::net::SocketAddr,
        /// thads is reached through a TLS proxy: mark cookies Secure and
        /// send HSTS.
        #[arg(long)]
        behind_tls: bool,
        /// How many connections one client address may hold open at once
        /// (0: no limit). Behind a proxy, every client has the proxy's
        /// address: set 0 and limit clients at the proxy.
        #[arg(long, default_value_t = thads_web::CONNECTIONS_PER_ADDRESS)]
        connections_per_address: usize,
        /// Show thads on demo data: an empty store gets a demo journal, and
        /// the demo accounts get new random passwords, printed once.
        #[arg(long)]
        demo: bool,
        /// How many cases the demo journal holds.
        #[arg(long, default_value_t = 20_000, requires = "demo")]
        demo_cases: usize,
    },
    /// Accounts: who may sign in to the web application, in what role.
    #[command(subcommand)]
    User(UserCommand),
    /// The audit trail of every write.
    #[command(subcommand)]
    Audit(AuditCommand),
    /// The partner organisations of a province (courts, procuracy, police,
    /// land offices, banks, communes…).
    #[command(subcommand)]
    Partner(coordination::PartnerCommand),
    /// Send a request to a partner, and record what becomes of it.
    #[command(subcommand)]
    Request(coordination::RequestCommand),
    /// The requests sent to partners, overdue first; with --by-partner,
    /// who is late on what.
    Requests(coordination::RequestsArgs),
    /// Exemption and reduction of state-budget debts (miễn, giảm): the
    /// cases that qualify and why, the month's files to the procuracy,
    /// Form 6.
    #[command(subcommand)]
    Exemptions(coordination::ExemptionCommand),
    /// The Steering Committee (Ban Chỉ đạo): a meeting's dossier.
    #[command(subcommand)]
    Committee(committee::CommitteeCommand),
    /// The public list of debtors without means (danh sách người phải thi
    /// hành án chưa có điều kiện thi hành) of an agency as of a day.
    Debtors {
        /// The agency whose subtree is listed (default: the whole system).
        #[arg(long, value_parser = parse_agency)]
        agency: Option<AgencyCode>,
        /// The day the list is as of (YYYY-MM-DD). Default: today (Vietnam time).
        #[arg(long, value_parser = parse_day)]
        as_of: Option<Day>,
        /// csv or xlsx.
        #[arg(long, value_enum, default_value_t = ListFormat::Csv)]
        format: ListFormat,
        /// Write to this file instead of standard output (needed for xlsx).
        #[arg(long, short)]
        output: Option<PathBuf>,
    },
    /// Who receives what from money collected or an asset sold on a case,
    /// in the legal order of priority (Law 2014 Art. 47): costs first,
    /// then the creditors rank by rank, pro rata within a rank (the
    /// largest remainder, to the đồng), the rest to the debtor. Nothing is
    /// recorded: `pay-out` records it.
    Distribute {
        #[command(flatten)]
        asked: DistributionArgs,
        /// table or json (`{"payments": [{"to", "rank", "amount"}…]}`).
        #[arg(long, value_enum, default_value_t = TableOrJson::Table)]
        format: TableOrJson,
    },
    /// The asset register: the debtors' assets, where each stands, its
    /// value and mortgage, the measures in force and the auction rounds.
    Assets {
        /// Only this agency and those under it.
        #[arg(long, value_parser = parse_agency)]
        agency: Option<AgencyCode>,
        /// Only the assets under auction, with their rounds.
        #[arg(long)]
        under_auction: bool,
        /// table or json (`{"assets": [{"code", "case", "state", "value", "rounds"…}…]}`).
        #[arg(long, value_enum, default_value_t = TableOrJson::Table)]
        format: TableOrJson,
    },
    /// The evidence warehouses: what each holds against its floor area.
    #[command(subcommand)]
    Warehouse(WarehouseCommand),
    /// Money held: what each case collected and has not paid out, its age,
    /// and what is due with it (pay it, deposit it unclaimed, hand it to
    /// the State budget) under rules/payouts.toml, the oldest first.
    Held {
        /// Only this agency and those under it.
        #[arg(long, value_parser = parse_agency)]
        agency: Option<AgencyCode>,
        /// The day (YYYY-MM-DD). Default: today (Vietnam time).
        #[arg(long, value_parser = parse_calendar_day)]
        as_of: Option<Day>,
        /// json, table or csv.
        #[arg(long, value_enum, default_value_t = DueFormat::Table)]
        format: DueFormat,
    },
    /// The payment slips (phiếu chi) of a day's cash payouts on a case, as
    /// a Word file, a slip to a page.
    PaymentSlips {
        /// The case.
        #[arg(long, value_parser = coordination::parse_case)]
        case: CaseCode,
        /// The day of the payouts.
        #[arg(long, value_parser = parse_day)]
        on: Day,
        /// The .docx file to write.
        #[arg(long)]
        output: PathBuf,
    },
    /// Pay a distribution out (chi trả): records one `paid_out` per payee,
    /// dated --on, all of them or none, and writes the bank transfer file
    /// of the payees whose account is known; the others are paid in cash.
    /// Refused if it pays out more than was collected and not yet paid.
    PayOut {
        #[command(flatten)]
        asked: DistributionArgs,
        /// Write the bank transfers here: .csv or .xlsx (account, bank,
        /// name, amount, reference).
        #[arg(long)]
        transfers: Option<PathBuf>,
    },
    /// Close the statistical periods ending on or before --to (chốt số
    /// liệu): their reports never change again, and an event recorded
    /// later but dated in them counts on the day after. `close verify`
    /// checks every closed report against the journal.
    #[command(args_conflicts_with_subcommands = true)]
    Close {
        #[command(subcommand)]
        verify: Option<CloseCommand>,
        /// The last day closed: a month's last day, past (YYYY-MM-DD).
        #[arg(long, value_parser = parse_day)]
        to: Option<Day>,
        /// Close this agency's subtree (default: the whole store).
        #[arg(long, value_parser = parse_agency)]
        agency: Option<AgencyCode>,
    },
    /// A name list at a period's end (Circular 05/2024, Art. 8): the cases
    /// of a kind on that day, in the register's columns.
    Lists {
        /// The period's last day (YYYY-MM-DD).
        #[arg(long, value_parser = parse_day)]
        to: Day,
        /// Which cases: enforcing (being enforced), separate-register (not
        /// enforceable, moved to the separate register), credit-institution
        /// (still open, related to credit institutions), state-compensation
        /// (still open, of the State's liability to compensate).
        #[arg(long, value_enum)]
        kind: ListKindArg,
        /// Only this agency's cases and those of the agencies below it.
        #[arg(long, value_parser = parse_agency)]
        agency: Option<AgencyCode>,
        /// FILE.xlsx is an Excel workbook, any other name CSV (default:
        /// CSV on standard output).
        #[arg(long, short)]
        output: Option<PathBuf>,
    },
    /// The month's list of the cases whose enforcement ended (completed,
    /// terminated, returned), for the procuracy (Decree 152/2024,
    /// Art. 32(2)).
    Ended {
        /// The month (YYYY-MM).
        #[arg(long, value_parser = parse_month)]
        month: Day,
        /// Only this agency's cases and those of the agencies below it.
        #[arg(long, value_parser = parse_agency)]
        agency: Option<AgencyCode>,
        /// FILE.xlsx is an Excel workbook, any other name CSV.
        #[arg(long, short)]
        output: Option<PathBuf>,
    },
    /// The layout of the report's Excel workbook (forms/workbook.toml):
    /// `workbook check FILE` reads a layout and says what is wrong with it;
    /// `workbook layout` prints the built-in one, to copy and edit. A file
    /// named by THADS_WORKBOOK_LAYOUT lays out every workbook thads writes.
    Workbook {
        #[command(subcommand)]
        command: WorkbookCommand,
    },
    /// The working-day calendar: a year's days off, or a day's lunar date;
    /// `calendar set` records the Prime Minister's decisions.
    #[command(args_conflicts_with_subcommands = true)]
    Calendar {
        #[command(subcommand)]
        set: Option<CalendarCommand>,
        /// The year whose days off and worked weekend days are listed
        /// (1900–2199).
        #[arg(long, conflicts_with = "lunar", value_parser = parse_calendar_year)]
        year: Option<i16>,
        /// The day (YYYY-MM-DD, 1900–2199) whose lunar date is given.
        #[arg(long, value_parser = parse_calendar_day)]
        lunar: Option<Day>,
        /// table or json.
        #[arg(long, value_enum, default_value_t = CalendarFormat::Table)]
        format: CalendarFormat,
    },
    /// Decisions to coerce: whether one may be carried out at a time,
    /// recording one, Form 7.
    #[command(subcommand)]
    Coercion(coercion::CoercionCommand),
    /// The due date of a period after a trigger, on the working-day
    /// calendar (Civil Code 2015, Arts. 147–148).
    #[command(group = clap::ArgGroup::new("period").required(true))]
    Deadline {
        /// The day of the triggering act (YYYY-MM-DD, 1900–2199).
        #[arg(long, value_parser = parse_calendar_day)]
        from: Day,
        /// A period of working days: the N-th working day after it.
        #[arg(long, group = "period")]
        working_days: Option<u32>,
        /// A period of days, starting the day after; ending on a day off, it
        /// ends on the next working day.
        #[arg(long, group = "period")]
        days: Option<u32>,
        /// A period of months: the same day of the month (or the month's
        /// last day), moved to the next working day if it is a day off.
        #[arg(long, group = "period")]
        months: Option<u32>,
    },
    /// The legal steps the cases owe, with their due dates, overdue ones
    /// marked: sorted by due date.
    Due {
        /// The agency whose subtree is listed (default: the whole system).
        #[arg(long, value_parser = parse_agency)]
        agency: Option<AgencyCode>,
        /// Only the cases of this executor (their code, e.g. HN-KV1-CHV01).
        #[arg(long)]
        executor: Option<String>,
        /// The day the steps are open on (YYYY-MM-DD). Default: today (Vietnam time).
        #[arg(long, value_parser = parse_calendar_day)]
        as_of: Option<Day>,
        /// json, table or csv.
        #[arg(long, value_enum, default_value_t = DueFormat::Table)]
        format: DueFormat,
    },
    /// Write a realistic demo journal.
    Demo {
        /// How many cases.
        #[arg(long, default_value_t = 10_000)]
        cases: usize,
        /// Random seed: the same seed gives the same journal.
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// The file to write.
        #[arg(long, short)]
        output: PathBuf,
        /// Instead, the journal of the warehouse's benchmark: one
        /// province's criminal cases of ten years and this many items in
        /// its evidence warehouses.
        #[arg(long)]
        warehouse_items: Option<usize>,
    },
}

#[derive(Debug, Subcommand)]
enum UserCommand {
    /// Add an account. The password is asked for (or read from standard
    /// input), never given on the command line.
    Add {
        /// The sign-in name: lowercase letters, digits, “.”, “_”, “-”.
        #[arg(value_parser = parse_account)]
        name: AccountName,
        /// admin, leader, executor, statistician, steering, partner or
        /// keeper.
        #[arg(long, value_parser = parse_role)]
        role: Role,
        /// The agency whose cases it works on (admins, leaders and
        /// statisticians may have none: the whole country).
        #[arg(long, value_parser = parse_agency)]
        agency: Option<AgencyCode>,
    },
    /// Set an account's password (asked for, or read from standard input).
    Passwd {
        /// The account.
        #[arg(value_parser = parse_account)]
        name: AccountName,
    },
    /// Disable an account: it can no longer sign in (accounts are kept, so
    /// that the audit trail keeps naming who did what).
    Disable {
        /// The account.
        #[arg(value_parser = parse_account)]
        name: AccountName,
    },
    /// Link an executor's account to the executor it is (declared in the
    /// journal, of the account's agency): its to-do list opens on that
    /// executor's steps. Without --executor, unlinks it.
    Link {
        /// The account.
        #[arg(value_parser = parse_account)]
        name: AccountName,
        /// The executor's code (e.g. HN-KV1-CHV01).
        #[arg(long, conflicts_with_all = ["partner", "warehouse"])]
        executor: Option<String>,
        /// For a partner's account: the partner organisation it speaks for
        /// (e.g. HN-CA).
        #[arg(long, conflicts_with = "warehouse")]
        partner: Option<String>,
        /// For a keeper's account: a warehouse it keeps (repeat for
        /// several; e.g. HN-K1).
        #[arg(long)]
        warehouse: Vec<String>,
    },
    /// List the accounts.
    List,
}

#[derive(Debug, Subcommand)]
enum WarehouseCommand {
    /// Each warehouse's stock at the end of a day: its floor area, the
    /// area its items take, its items (in all and by kind), and whether it
    /// is nearly full (90% of its area, rules/warehouse.toml).
    Stock {
        /// Only the warehouses of this agency and those under it.
        #[arg(long, value_parser = parse_agency)]
        agency: Option<AgencyCode>,
        /// The day (YYYY-MM-DD). Default: today (Vietnam time).
        #[arg(long, value_parser = parse_calendar_day)]
        as_of: Option<Day>,
        /// table or json (`{"warehouses": [{"warehouse", "capacity_m2",
        /// "occupied_m2", "items", "kinds", "alert"}…]}`).
        #[arg(long, value_enum, default_value_t = TableOrJson::Table)]
        format: TableOrJson,
    },
}

#[derive(Debug, Subcommand)]
enum AuditCommand {
    /// Check the whole audit trail and the journal against it; fails naming
    /// the first record, or the first journal line, that was altered,
    /// removed or inserted.
    Verify,
    /// Seal the journal of a store written by a thads older than the keyed
    /// audit trail (once, after upgrading): one audit record covers its
    /// lines.
    Seal,
    /// Print the audit trail, oldest first.
    Log {
        /// Only what this actor did (an account name, or console:USER).
        #[arg(long)]
        user: Option<String>,
        /// Only what was done to this case.
        #[arg(long)]
        case: Option<String>,
    },
}

/// The modes of `thads report --mode`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum ModeArg {
    ExOfficio,
    OnRequest,
}

impl From<ModeArg> for thads_core::Mode {
    fn from(mode: ModeArg) -> Self {
        match mode {
            ModeArg::ExOfficio => thads_core::Mode::ExOfficio,
            ModeArg::OnRequest => thads_core::Mode::OnRequest,
        }
    }
}

/// The breakdowns of `thads report --by`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum ByArg {
    Mode,
    JudgmentKind,
    BudgetItem,
}

impl From<ByArg> for thads_service::report::Dimension {
    fn from(by: ByArg) -> Self {
        use thads_service::report::Dimension;
        match by {
            ByArg::Mode => Dimension::Mode,
            ByArg::JudgmentKind => Dimension::JudgmentKind,
            ByArg::BudgetItem => Dimension::BudgetItem,
        }
    }
}

fn parse_judgment_kind(s: &str) -> Result<thads_core::JudgmentKind, String> {
    thads_core::JudgmentKind::parse(s).ok_or_else(|| {
        format!("“{s}” is not a kind of judgment (civil, criminal, administrative, marriage_family, business, labour, bankruptcy, arbitration, other)")
    })
}

/// The kinds of `thads lists`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum ListKindArg {
    Enforcing,
    SeparateRegister,
    CreditInstitution,
    StateCompensation,
}

impl From<ListKindArg> for thads_service::lists::ListKind {
    fn from(kind: ListKindArg) -> Self {
        use thads_service::lists::ListKind;
        match kind {
            ListKindArg::Enforcing => ListKind::Enforcing,
            ListKindArg::SeparateRegister => ListKind::SeparateRegister,
            ListKindArg::CreditInstitution => ListKind::CreditInstitution,
            ListKindArg::StateCompensation => ListKind::StateCompensation,
        }
    }
}

/// The templates `thads template` writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum TemplateKind {
    /// The case register (sổ thụ lý), as `thads import` reads it.
    Register,
}

/// How `thads debtors` writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum ListFormat {
    /// CSV, one row per debtor.
    Csv,
    /// An Excel workbook with the list's title.
    Xlsx,
}

#[derive(Debug, Subcommand)]
enum CloseCommand {
    /// Compute every closed report again from the journal itself and
    /// compare it with what its close recorded; fails at the first that
    /// differs.
    Verify,
}

#[derive(Debug, Subcommand)]
enum CalendarCommand {
    /// Record a decision on one day: off, or worked (a Saturday swapped for
    /// a day off). It takes precedence over the computed day and over the
    /// decisions thads ships; it is audited. National administrator only.
    Set {
        /// The day (YYYY-MM-DD, 1900–2199).
        #[arg(value_parser = parse_calendar_day)]
        date: Day,
        /// off or working.
        #[arg(value_enum)]
        kind: DayKind,
        /// Why: the decision, as it says it.
        #[arg(long)]
        reason: String,
    },
}

/// What a calendar decision makes of a day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum DayKind {
    /// A day off.
    Off,
    /// A day worked.
    Working,
}

/// How `thads due` prints.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum DueFormat {
    /// One line per step.
    Table,
    /// JSON: a list of steps.
    Json,
    /// CSV with a heading row.
    Csv,
}

/// How `thads calendar` prints.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum CalendarFormat {
    /// One line per day.
    Table,
    /// JSON.
    Json,
}

/// How `thads report` prints.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Format {
    /// The two forms as a readable table, Vietnamese line names.
    Table,
    /// JSON as statistics.md specifies.
    Json,
    /// CSV, one row per agency and a total row.
    Csv,
    /// The official forms as an Excel workbook: the two forms, then the same
    /// for each category, a row per agency and a total row.
    Xlsx,
}

/// A year the calendar computes.
fn parse_calendar_year(s: &str) -> Result<i16, String> {
    let years = thads_core::calendar::YEARS;
    s.parse()
        .ok()
        .filter(|year| years.contains(year))
        .ok_or_else(|| {
            let (first, last) = (years.start(), years.end());
            format!("“{s}” is not a year the calendar computes ({first}–{last})")
        })
}

/// A day of a year the calendar computes.
fn parse_calendar_day(s: &str) -> Result<Day, String> {
    let day = parse_day(s)?;
    parse_calendar_year(&day.year().to_string())?;
    Ok(day)
}

pub(crate) fn parse_day(s: &str) -> Result<Day, String> {
    s.parse()
        .map_err(|e: thads_core::date::BadDay| e.to_string())
}

/// A month, `YYYY-MM`, as its first day.
fn parse_month(s: &str) -> Result<Day, String> {
    format!("{s}-01")
        .parse()
        .map_err(|_| format!("“{s}” is not a month such as 2026-08"))
}

pub(crate) fn parse_agency(s: &str) -> Result<AgencyCode, String> {
    AgencyCode::parse(s).map_err(|e| e.to_string())
}

fn parse_account(s: &str) -> Result<AccountName, String> {
    AccountName::parse(s).map_err(|e| e.to_string())
}

fn parse_role(s: &str) -> Result<Role, String> {
    Role::parse(s).ok_or_else(|| {
        format!(
            "“{s}” is not a role (admin, leader, executor, statistician, steering, partner, keeper)"
        )
    })
}

fn parse_category(s: &str) -> Result<Category, String> {
    Category::parse(s).ok_or_else(|| {
        format!("“{s}” is not a category (state_budget, credit_institution, corruption_economic, state_compensation)")
    })
}

/// A day and a time of day, `YYYY-MM-DD HH:MM` (or with a `T`).
pub(crate) fn parse_moment(s: &str) -> Result<(Day, (u8, u8)), String> {
    let wrong = || format!("“{s}” is not a day and a time (YYYY-MM-DD HH:MM)");
    let (day, time) = s.trim().split_once([' ', 'T']).ok_or_else(wrong)?;
    let day = parse_calendar_day(day)?;
    let (hour, minute) = time.split_once(':').ok_or_else(wrong)?;
    let hour: u8 = hour.parse().ok().filter(|h| *h < 24).ok_or_else(wrong)?;
    let minute: u8 = minute.parse().ok().filter(|m| *m < 60).ok_or_else(wrong)?;
    Ok((day, (hour, minute)))
}

/// What a distribution is asked for (`distribute`, `pay-out`).
#[derive(Debug, Args)]
struct DistributionArgs {
    /// The case.
    #[arg(long, value_parser = coordination::parse_case)]
    case: CaseCode,
    /// Money collected, or the asset's price, in đồng.
    #[arg(long, value_parser = clap::value_parser!(i64).range(0..))]
    proceeds: i64,
    /// Enforcement costs paid first, in đồng.
    #[arg(long, default_value_t = 0, value_parser = clap::value_parser!(i64).range(0..))]
    costs: i64,
    /// The day: payouts recorded up to it are taken off what each
    /// creditor is owed, and a batch is dated (YYYY-MM-DD). Default:
    /// today (Vietnam time).
    #[arg(long, value_parser = parse_day)]
    on: Option<Day>,
    /// The asset sold (its code): its mortgagee is paid from the price
    /// first (Law 2014 Art. 47(3)).
    #[arg(long, value_parser = coordination::parse_code)]
    asset: Option<thads_core::coordination::Code>,
}

impl DistributionArgs {
    fn request(self) -> thads_service::payouts::DistributeRequest {
        thads_service::payouts::DistributeRequest {
            case: self.case,
            proceeds: self.proceeds,
            costs: self.costs,
            on: self.on.unwrap_or_else(thads_service::today_in_vietnam),
            asset: self.asset,
        }
    }
}

/// How `thads distribute`, `thads assets` and `thads coercion` write what
/// they find: lines of text or JSON.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum TableOrJson {
    /// Lines of text.
    Table,
    /// JSON.
    Json,
}

/// What `thads workbook` does.
#[derive(Debug, Subcommand)]
enum WorkbookCommand {
    /// Read a layout file and say whether thads can lay the forms out by
    /// it, naming the sheet and the field that is wrong.
    Check {
        /// The layout file (TOML, as forms/workbook.toml).
        file: PathBuf,
    },
    /// Print the built-in layout (forms/workbook.toml).
    Layout,
}

fn main() -> std::process::ExitCode {
    tracing_subscriber::fmt()
        .with_writer(std::io::stderr)
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_env("THADS_LOG")
                .unwrap_or_else(|_| "warn,sqlx=error".into()),
        )
        .init();
    let cli = Cli::parse();
    // A layout file that cannot be read stops thads before any workbook is
    // laid out wrong.
    if let Err(e) = thads_service::workbook::configure() {
        eprintln!("error: {e}");
        return std::process::ExitCode::FAILURE;
    }
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("a Tokio runtime");
    match runtime.block_on(commands::run(cli)) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("error: {e:#}");
            std::process::ExitCode::FAILURE
        }
    }
}
