//! `thads partner`, `thads request` and `thads requests`: coordination with
//! partner agencies from the command line.

use std::process::ExitCode;

use clap::{Subcommand, ValueEnum};
use thads_core::coordination::{Code, Partner, PartnerKind, Signature};
use thads_core::{AgencyCode, CaseCode, Day};
use thads_service::Thads;
use thads_service::coordination::{Chase, NewRequest, RequestQuery, RequestRow, Upload};

use crate::commands::{console_actor, console_lang};
use crate::{parse_agency, parse_day};

pub(crate) fn parse_code(s: &str) -> Result<Code, String> {
    Code::parse(s).ok_or_else(|| {
        format!("“{s}” is not a code (1 to 64 letters, digits, “-”, “_”, “.” or “/”)")
    })
}

fn parse_kind(s: &str) -> Result<PartnerKind, String> {
    PartnerKind::parse(s).ok_or_else(|| {
        let kinds: Vec<&str> = PartnerKind::ALL.iter().map(|k| k.as_str()).collect();
        format!("“{s}” is not a kind of partner ({})", kinds.join(", "))
    })
}

/// A case's code, as the command line gives it.
pub(crate) fn parse_case(s: &str) -> Result<CaseCode, String> {
    CaseCode::parse(s).map_err(|e| e.to_string())
}

/// How a list is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ListFormat {
    /// One line per row.
    Table,
    /// JSON.
    Json,
    /// CSV with a heading row.
    Csv,
}

#[derive(Debug, Subcommand)]
pub enum PartnerCommand {
    /// Declare a partner organisation of a province (a court, the
    /// procuracy, the police, a land office, a bank, a commune…).
    Add {
        /// Its code (e.g. HN-TAND).
        #[arg(long, value_parser = parse_code)]
        code: Code,
        /// court, procuracy, police_province, police_commune, finance, land,
        /// construction, social_insurance, bank, treasury, commune,
        /// employer, prison, enforcement_agency or other.
        #[arg(long, value_parser = parse_kind)]
        kind: PartnerKind,
        /// Its name.
        #[arg(long)]
        name: String,
        /// The province's enforcement agency it works with.
        #[arg(long, value_parser = parse_agency)]
        agency: AgencyCode,
        /// The organisation it belongs to, if any.
        #[arg(long, value_parser = parse_code)]
        parent: Option<Code>,
        /// Where letters go.
        #[arg(long)]
        address: Option<String>,
        /// Telephone.
        #[arg(long)]
        phone: Option<String>,
        /// E-mail.
        #[arg(long)]
        email: Option<String>,
    },
    /// List the partners.
    List {
        /// table, json or csv.
        #[arg(long, value_enum, default_value_t = ListFormat::Table)]
        format: ListFormat,
    },
}

#[derive(Debug, Subcommand)]
pub enum RequestCommand {
    /// Send a request to a partner: prints its code, due date and rule.
    Open {
        /// The case it is about.
        #[arg(long, value_parser = parse_case)]
        case: Option<CaseCode>,
        /// The sending agency (default: the case's).
        #[arg(long, value_parser = parse_agency)]
        agency: Option<AgencyCode>,
        /// The partner's code.
        #[arg(long, value_parser = parse_code)]
        partner: Code,
        /// explain_judgment, exemption_review, police_protection,
        /// account_info, delegated_verification, land_opinion,
        /// insurance_income, commune_signature, cosign_statistics
        /// (rules/requests.toml).
        #[arg(long)]
        kind: String,
        /// For cosign_statistics: the last day of the closed period whose
        /// report the procuracy is asked to sign (YYYY-MM-DD).
        #[arg(long, value_parser = parse_day)]
        report: Option<Day>,
        /// The day sent (YYYY-MM-DD).
        #[arg(long, value_parser = parse_day)]
        on: Day,
        /// Verification of real estate or registered movables.
        #[arg(long)]
        real_estate: bool,
        /// A complex matter.
        #[arg(long)]
        complex: bool,
        /// What is asked.
        #[arg(long, default_value = "")]
        text: String,
        /// A document sent with it (PDF, PNG or JPEG); repeat for several.
        #[arg(long = "attach", value_name = "FILE")]
        attachments: Vec<std::path::PathBuf>,
        /// table or json.
        #[arg(long, value_enum, default_value_t = ListFormat::Table)]
        format: ListFormat,
    },
    /// Record a partner's answer (received on paper, or from the console).
    Answer {
        /// The request's code.
        #[arg(value_parser = parse_code)]
        id: Code,
        /// The day answered.
        #[arg(long, value_parser = parse_day)]
        on: Day,
        /// The answer; with --dispute, what the procuracy disputes.
        #[arg(long, default_value = "")]
        text: String,
        /// The document sent with the answer (PDF, PNG or JPEG).
        #[arg(long = "attach", value_name = "FILE")]
        attachment: Option<std::path::PathBuf>,
        /// For a co-signing request: the procuracy signs the report.
        #[arg(long, conflicts_with = "dispute")]
        sign: bool,
        /// For a co-signing request: the procuracy does not sign, and
        /// --text says what it disputes.
        #[arg(long)]
        dispute: bool,
    },
    /// Record that the partner received the request.
    Received {
        #[arg(value_parser = parse_code)]
        id: Code,
        #[arg(long, value_parser = parse_day)]
        on: Day,
    },
    /// Remind the partner of an overdue request (twice at most).
    Remind {
        #[arg(value_parser = parse_code)]
        id: Code,
        #[arg(long, value_parser = parse_day)]
        on: Day,
    },
    /// Bring a request still overdue after its second reminder to the
    /// Steering Committee.
    Escalate {
        #[arg(value_parser = parse_code)]
        id: Code,
        #[arg(long, value_parser = parse_day)]
        on: Day,
    },
    /// Withdraw a request.
    Withdraw {
        #[arg(value_parser = parse_code)]
        id: Code,
        #[arg(long, value_parser = parse_day)]
        on: Day,
    },
}

/// `thads requests`: the list, or with `--by-partner` the table of who is
/// late.
#[derive(Debug, clap::Args)]
pub struct RequestsArgs {
    /// The agency whose subtree's requests are listed.
    #[arg(long, value_parser = parse_agency)]
    agency: Option<AgencyCode>,
    /// Only requests to this partner.
    #[arg(long, value_parser = parse_code)]
    partner: Option<Code>,
    /// The day the list is as of. Default: today (Vietnam time).
    #[arg(long, value_parser = parse_day)]
    as_of: Option<Day>,
    /// Only requests overdue on that day.
    #[arg(long)]
    overdue: bool,
    /// Per partner and kind of request: sent, answered, on time, overdue,
    /// median and 90th-percentile reply time in working days.
    #[arg(long)]
    by_partner: bool,
    /// With --by-partner: the first day of the period (default: 1 January
    /// of --to's year).
    #[arg(long, value_parser = parse_day)]
    from: Option<Day>,
    /// With --by-partner: the last day of the period (default: today).
    #[arg(long, value_parser = parse_day)]
    to: Option<Day>,
    /// table, json or csv.
    #[arg(long, value_enum, default_value_t = ListFormat::Table)]
    format: ListFormat,
}

pub async fn partner(thads: Thads, command: PartnerCommand) -> anyhow::Result<ExitCode> {
    let actor = console_actor();
    match command {
        PartnerCommand::Add {
            code,
            kind,
            name,
            agency,
            parent,
            address,
            phone,
            email,
        } => {
            let partner = Partner {
                code: code.clone(),
                kind,
                name: name.trim().to_owned(),
                agency,
                parent,
                address,
                phone,
                email,
            };
            thads.add_partner(&actor, partner).await?;
            println!("partner {code} declared");
        }
        PartnerCommand::List { format } => {
            let partners = thads.partners(&actor).await?;
            match format {
                ListFormat::Json => {
                    let rows: Vec<serde_json::Value> = partners
                        .iter()
                        .map(|p| {
                            serde_json::json!({
                                "code": p.code.as_str(), "kind": p.kind.as_str(),
                                "name": p.name, "agency": p.agency.as_str(),
                                "parent": p.parent.as_ref().map(|c| c.as_str()),
                            })
                        })
                        .collect();
                    println!("{}", serde_json::Value::Array(rows));
                }
                ListFormat::Csv => {
                    let mut out = csv::Writer::from_writer(std::io::stdout().lock());
                    out.write_record(["code", "kind", "name", "agency", "parent"])?;
                    for p in &partners {
                        let parent = p.parent.as_ref().map_or("", |c| c.as_str());
                        out.write_record([
                            p.code.as_str(),
                            p.kind.as_str(),
                            &p.name,
                            p.agency.as_str(),
                            parent,
                        ])?;
                    }
                    out.flush()?;
                }
                ListFormat::Table => {
                    for p in &partners {
                        println!(
                            "{:<16}  {:<18}  {:<8}  {}",
                            p.code,
                            p.kind.as_str(),
                            p.agency,
                            p.name
                        );
                    }
                }
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// A file to attach, read whole (the service checks its size and type).
fn upload(path: &std::path::Path) -> anyhow::Result<Upload> {
    let bytes =
        std::fs::read(path).map_err(|e| anyhow::anyhow!("cannot read {}: {e}", path.display()))?;
    Ok(Upload {
        name: path
            .file_name()
            .map_or_else(String::new, |n| n.to_string_lossy().into_owned()),
        bytes,
    })
}

pub async fn request(thads: Thads, command: RequestCommand) -> anyhow::Result<ExitCode> {
    let actor = console_actor();
    let (id, chase, on) = match command {
        RequestCommand::Open {
            case,
            agency,
            partner,
            kind,
            report,
            on,
            real_estate,
            complex,
            text,
            attachments,
            format,
        } => {
            // A co-signing request's letter is written by the service,
            // naming the report and its digest.
            let text = if text.trim().is_empty() && report.is_none() {
                console_lang().t(&format!("request-kind-{kind}"))
            } else {
                text
            };
            let new = NewRequest {
                agency,
                case,
                partner,
                kind,
                on,
                real_estate,
                complex,
                text,
                attachments: attachments
                    .iter()
                    .map(|path| upload(path))
                    .collect::<anyhow::Result<_>>()?,
                report,
            };
            let row = thads.open_request(&actor, new).await?;
            match format {
                ListFormat::Json | ListFormat::Csv => {
                    println!("{}", serde_json::to_string(&row)?);
                }
                ListFormat::Table => {
                    println!("request {} due {} ({})", row.id, row.due, row.rule);
                }
            }
            return Ok(ExitCode::SUCCESS);
        }
        RequestCommand::Answer {
            id,
            on,
            text,
            attachment,
            sign,
            dispute,
        } => {
            let signature = match (sign, dispute) {
                (true, _) => Some(Signature::Signed),
                (_, true) => Some(Signature::Disputed),
                _ => None,
            };
            // A dispute says what it disputes; the service refuses it
            // without words.
            let text = if text.trim().is_empty() && !dispute {
                "—".to_owned()
            } else {
                text
            };
            let upload = attachment.as_deref().map(upload).transpose()?;
            thads
                .answer_request(&actor, &id, on, &text, signature, upload)
                .await?;
            println!("request {id} answered on {on}");
            return Ok(ExitCode::SUCCESS);
        }
        RequestCommand::Received { id, on } => (id, Chase::Received, on),
        RequestCommand::Remind { id, on } => (id, Chase::Remind, on),
        RequestCommand::Escalate { id, on } => (id, Chase::Escalate, on),
        RequestCommand::Withdraw { id, on } => (id, Chase::Withdraw, on),
    };
    thads.chase_request(&actor, &id, chase, on).await?;
    println!("request {id}: {chase:?} on {on}");
    Ok(ExitCode::SUCCESS)
}

pub async fn requests(thads: Thads, args: RequestsArgs) -> anyhow::Result<ExitCode> {
    let actor = console_actor();
    if args.by_partner {
        let to = args
            .to
            .or(args.as_of)
            .unwrap_or_else(thads_service::today_in_vietnam);
        let from = args
            .from
            .unwrap_or_else(|| Day::from_ymd(to.year(), 1, 1).expect("1 January"));
        let table = thads
            .requests_by_partner(&actor, args.agency.as_ref(), from, to)
            .await?;
        match args.format {
            ListFormat::Json => println!("{}", serde_json::to_string(&table)?),
            ListFormat::Csv => {
                let mut out = csv::Writer::from_writer(std::io::stdout().lock());
                out.write_record([
                    "partner",
                    "kind",
                    "sent",
                    "answered",
                    "answered_on_time",
                    "overdue",
                    "median_days",
                    "p90_days",
                ])?;
                for row in table
                    .iter()
                    .flat_map(|t| std::iter::once(t).chain(&t.kinds))
                {
                    out.write_record([
                        row.partner.clone(),
                        row.request_kind.clone().unwrap_or_default(),
                        row.sent.to_string(),
                        row.answered.to_string(),
                        row.answered_on_time.to_string(),
                        row.overdue.to_string(),
                        row.median_days.map_or_else(String::new, |d| d.to_string()),
                        row.p90_days.map_or_else(String::new, |d| d.to_string()),
                    ])?;
                }
                out.flush()?;
            }
            ListFormat::Table => {
                for row in &table {
                    println!(
                        "{:<16}  sent {:>5}  answered {:>5}  on time {:>5}  overdue {:>5}  median {:>3}  p90 {:>3}  {}",
                        row.partner,
                        row.sent,
                        row.answered,
                        row.answered_on_time,
                        row.overdue,
                        row.median_days
                            .map_or_else(|| "—".into(), |d| d.to_string()),
                        row.p90_days.map_or_else(|| "—".into(), |d| d.to_string()),
                        row.name
                    );
                }
            }
        }
        return Ok(ExitCode::SUCCESS);
    }
    let query = RequestQuery {
        agency: args.agency,
        partner: args.partner,
        case: None,
        as_of: args.as_of,
        overdue: args.overdue,
    };
    let rows = thads.requests(&actor, &query).await?;
    print_rows(&rows, args.format)
}

fn print_rows(rows: &[RequestRow], format: ListFormat) -> anyhow::Result<ExitCode> {
    match format {
        ListFormat::Json => println!("{}", serde_json::to_string(rows)?),
        ListFormat::Csv => {
            let mut out = csv::Writer::from_writer(std::io::stdout().lock());
            out.write_record([
                "id",
                "agency",
                "partner",
                "kind",
                "case",
                "sent",
                "due",
                "rule",
                "stage",
                "overdue",
                "overdue_days",
                "answered",
                "reminders",
            ])?;
            for r in rows {
                out.write_record([
                    r.id.clone(),
                    r.agency.clone(),
                    r.partner.clone(),
                    r.kind.clone(),
                    r.case.clone().unwrap_or_default(),
                    r.sent.to_string(),
                    r.due.to_string(),
                    r.rule.clone(),
                    r.stage.to_owned(),
                    r.overdue.to_string(),
                    r.overdue_days.to_string(),
                    r.answered.map_or_else(String::new, |d| d.to_string()),
                    r.reminders.to_string(),
                ])?;
            }
            out.flush()?;
        }
        ListFormat::Table => {
            for r in rows {
                let late = if r.overdue {
                    format!("overdue {} working days", r.overdue_days)
                } else {
                    String::new()
                };
                println!(
                    "{:<20}  {:<24}  {:<14}  due {}  {:<9}  {}",
                    r.id, r.kind, r.partner, r.due, r.stage, late
                );
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

#[derive(Debug, Subcommand)]
pub enum ExemptionCommand {
    /// The state-budget cases of debtors without means, each with the
    /// decision the rules allow (exemption, exemption of the remainder, or
    /// a reduction and its largest amount) and why it qualifies or not.
    List {
        /// The agency whose subtree is listed.
        #[arg(long, value_parser = parse_agency)]
        agency: Option<AgencyCode>,
        /// The day assessed. Default: today (Vietnam time).
        #[arg(long, value_parser = parse_day)]
        as_of: Option<Day>,
        /// table or json.
        #[arg(long, value_enum, default_value_t = ListFormat::Table)]
        format: ListFormat,
    },
    /// The month's batch: every ready file of the agency's cases sent to
    /// the procuracy as a request `exemption_review`.
    Propose {
        /// The agency whose cases' files go.
        #[arg(long, value_parser = parse_agency)]
        agency: AgencyCode,
        /// The procuracy (a partner of kind procuracy).
        #[arg(long, value_parser = parse_code)]
        partner: Code,
        /// The day sent. Default: today.
        #[arg(long, value_parser = parse_day)]
        on: Option<Day>,
    },
    /// Form 6, results of exemption and reduction, for a period.
    Form6 {
        /// The agency whose subtree is counted (default: everything).
        #[arg(long, value_parser = parse_agency)]
        agency: Option<AgencyCode>,
        /// The first day (default: 1 October of the statistical year).
        #[arg(long, value_parser = parse_day)]
        from: Option<Day>,
        /// The last day (default: today).
        #[arg(long, value_parser = parse_day)]
        to: Option<Day>,
        /// json, csv or table.
        #[arg(long, value_enum, default_value_t = ListFormat::Table)]
        format: ListFormat,
    },
}

pub async fn exemptions(thads: Thads, command: ExemptionCommand) -> anyhow::Result<ExitCode> {
    let actor = console_actor();
    let lang = console_lang();
    match command {
        ExemptionCommand::List {
            agency,
            as_of,
            format,
        } => {
            let on = as_of.unwrap_or_else(thads_service::today_in_vietnam);
            let rows = thads.exemptions(&actor, agency.as_ref(), on).await?;
            match format {
                ListFormat::Json | ListFormat::Csv => {
                    let rows: Vec<serde_json::Value> = rows
                        .iter()
                        .map(|r| {
                            serde_json::json!({
                                "case": r.code,
                                "agency": r.agency,
                                "owed": r.owed.get(),
                                "decision": r.decision,
                                "rule": r.rule.as_ref().map(|(id, ..)| id),
                                "largest_reduction": r.largest_reduction.map(|v| v.get()),
                                "file_ready": r.file_ready,
                                "proposed": r.proposed,
                                "reasons": r.reasons.iter().map(|(met, why)| {
                                    serde_json::json!({"met": met, "text": lang.say(why)})
                                }).collect::<Vec<_>>(),
                            })
                        })
                        .collect();
                    println!("{}", serde_json::Value::Array(rows));
                }
                ListFormat::Table => {
                    for r in &rows {
                        let decision = r.decision.map_or_else(
                            || "—".to_owned(),
                            |d| lang.t(&format!("exemption-decision-{d}")),
                        );
                        let ready = if r.file_ready { "ready" } else { "" };
                        println!(
                            "{:<24}  {:>16}  {decision}  {ready}",
                            r.code,
                            lang.money(r.owed)
                        );
                        for (met, why) in &r.reasons {
                            println!("    {} {}", if *met { "+" } else { "-" }, lang.say(why));
                        }
                    }
                }
            }
        }
        ExemptionCommand::Propose {
            agency,
            partner,
            on,
        } => {
            let on = on.unwrap_or_else(thads_service::today_in_vietnam);
            let sent = thads
                .propose_exemptions(&actor, &agency, &partner, on)
                .await?;
            println!("{sent} files sent to {partner} on {on}");
        }
        ExemptionCommand::Form6 {
            agency,
            from,
            to,
            format,
        } => {
            let to = to.unwrap_or_else(thads_service::today_in_vietnam);
            let from = from.unwrap_or_else(|| to.statistical_year().0);
            let form = thads.form6(&actor, agency.as_ref(), from, to).await?;
            match format {
                ListFormat::Json => println!("{}", thads_service::render::form6_json(&form)),
                ListFormat::Csv => print!("{}", thads_service::render::form6_csv(&form)),
                ListFormat::Table => {
                    let total = std::iter::once((&form.total, true));
                    for (row, is_total) in form.rows.iter().map(|r| (r, false)).chain(total) {
                        let name = if is_total {
                            "Tổng cộng"
                        } else {
                            row.name.as_str()
                        };
                        println!(
                            "{:<40}  proposed {:>5} ({:>16})  exempted {:>5} ({:>16})  reduced {:>5} ({:>16})  waiting {:>5}",
                            name,
                            row.proposed_cases,
                            lang.money(thads_core::Vnd(row.proposed_money)),
                            row.exempted_cases,
                            lang.money(thads_core::Vnd(row.exempted_money)),
                            row.reduced_cases,
                            lang.money(thads_core::Vnd(row.reduced_money)),
                            row.pending_cases
                        );
                    }
                }
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}
