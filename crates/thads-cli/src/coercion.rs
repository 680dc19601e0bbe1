//! `thads coercion`: whether a coercion may be carried out at a time, a
//! decision to coerce recorded, and Form 7 (security measures and
//! coercion) for a period.

use std::process::ExitCode;

use clap::Subcommand;
use thads_core::coercion::{Blackout, CoercionKind, Planned};
use thads_core::coordination::Code;
use thads_core::{AgencyCode, CaseCode, Day};
use thads_service::Thads;
use thads_service::coercions::NewCoercion;

use crate::commands::{console_actor, console_lang};
use crate::coordination::{ListFormat, parse_case, parse_code};
use crate::{TableOrJson, parse_agency, parse_day, parse_moment};

fn parse_coercion_kind(s: &str) -> Result<CoercionKind, String> {
    CoercionKind::parse(s).ok_or_else(|| {
        let kinds: Vec<&str> = CoercionKind::ALL.iter().map(|k| k.as_str()).collect();
        format!("“{s}” is not a kind of coercion ({})", kinds.join(", "))
    })
}

#[derive(Debug, Subcommand)]
pub enum CoercionCommand {
    /// Whether a coercion may be carried out at a time: not at night, on a
    /// rest day or a holiday, nor (from 1 July 2026, forces mobilised)
    /// within 15 days of Tết (rules/coercion.toml, on the working-day
    /// calendar).
    Check {
        /// The planned start, `YYYY-MM-DD HH:MM` (Vietnam time).
        #[arg(long, value_parser = parse_moment)]
        at: (Day, (u8, u8)),
        /// The coercion mobilises forces (police, several agencies).
        #[arg(long)]
        forces: bool,
        /// table or json (`{"at", "permitted", "blackouts", "rule", "law"}`).
        #[arg(long, value_enum, default_value_t = TableOrJson::Table)]
        format: TableOrJson,
    },
    /// Record a decision to coerce (coded AGENCY/CC/YEAR/N). A planned
    /// time in the blackout is refused; with --forces, the police partner
    /// given is asked to protect it, in the same write.
    Decide {
        /// The case.
        #[arg(long, value_parser = parse_case)]
        case: CaseCode,
        /// account_deduction, wage_deduction, seizure, exploitation,
        /// hand_over or compel_act.
        #[arg(long, value_parser = parse_coercion_kind)]
        kind: CoercionKind,
        /// The day of the decision. Default: today.
        #[arg(long, value_parser = parse_day)]
        on: Option<Day>,
        /// The asset it bears on (one of the case's).
        #[arg(long, value_parser = parse_code)]
        asset: Option<Code>,
        /// For a wage deduction, the share of each month's income, in %.
        #[arg(long, value_parser = clap::value_parser!(u32).range(1..=100))]
        percent: Option<u32>,
        /// The parties agreed to that share.
        #[arg(long)]
        agreed: bool,
        /// When it is to be carried out, `YYYY-MM-DD HH:MM`.
        #[arg(long, value_parser = parse_moment)]
        at: Option<(Day, (u8, u8))>,
        /// It mobilises forces (needs --police).
        #[arg(long, requires = "police")]
        forces: bool,
        /// The police partner asked to protect it.
        #[arg(long, value_parser = parse_code, requires = "forces")]
        police: Option<Code>,
    },
    /// Form 7: security measures, decisions to coerce and their results
    /// (assets seized, sold, handed over, released), per agency, for a
    /// period.
    Form7 {
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

pub async fn coercion(thads: Thads, command: CoercionCommand) -> anyhow::Result<ExitCode> {
    let actor = console_actor();
    let lang = console_lang();
    match command {
        CoercionCommand::Check { at, forces, format } => check(&thads, at, forces, format).await,
        CoercionCommand::Decide {
            case,
            kind,
            on,
            asset,
            percent,
            agreed,
            at,
            forces,
            police,
        } => {
            let new = NewCoercion {
                case,
                on: on.unwrap_or_else(thads_service::today_in_vietnam),
                kind,
                asset,
                percent,
                agreed,
                at: at.map(|(day, (hour, minute))| Planned { day, hour, minute }),
                forces,
                police,
            };
            match thads.decide_coercion(&actor, new).await {
                Ok(decided) => {
                    println!("{}: decision to coerce recorded", decided.code);
                    if let Some(request) = decided.request {
                        println!("{request}: the police asked to protect it");
                    }
                    Ok(ExitCode::SUCCESS)
                }
                Err(thads_service::coordination::CoordinationError::Invalid(why)) => {
                    anyhow::bail!("{}", lang.say(&why))
                }
                Err(e) => Err(e.into()),
            }
        }
        CoercionCommand::Form7 {
            agency,
            from,
            to,
            format,
        } => {
            let to = to.unwrap_or_else(thads_service::today_in_vietnam);
            let from = from.unwrap_or_else(|| to.statistical_year().0);
            let form = thads.form7(&actor, agency.as_ref(), from, to).await?;
            match format {
                ListFormat::Json => println!("{}", thads_service::render::form7_json(&form)),
                ListFormat::Csv => print!("{}", thads_service::render::form7_csv(&form)),
                ListFormat::Table => {
                    let total = std::iter::once(&form.total);
                    for row in form.rows.iter().chain(total) {
                        println!(
                            "{:<40}  {} coercions ({} with forces), {} measures, {} seized, {} sold for {}",
                            row.name,
                            row.coercions,
                            row.with_forces,
                            row.measures_applied,
                            row.seized,
                            row.sold,
                            lang.money(thads_core::Vnd(row.sold_money))
                        );
                    }
                }
            }
            Ok(ExitCode::SUCCESS)
        }
    }
}

/// `thads coercion check`.
async fn check(
    thads: &Thads,
    (day, (hour, minute)): (Day, (u8, u8)),
    forces: bool,
    format: TableOrJson,
) -> anyhow::Result<ExitCode> {
    let calendar = thads.calendar().await?;
    let rules = thads_core::coercion::BlackoutRules::shipped();
    let at = format!("{day} {hour:02}:{minute:02}");
    let Some((rule, why)) = rules.check(&calendar, day, (hour, minute), forces) else {
        anyhow::bail!("{day}: no rule of rules/coercion.toml is in force that day");
    };
    match format {
        TableOrJson::Json => {
            let blackouts: Vec<serde_json::Value> = why
                .iter()
                .map(|b| match b {
                    Blackout::Tet(tet) => {
                        serde_json::json!({"reason": b.as_str(), "tet": tet.to_string()})
                    }
                    b => serde_json::json!({"reason": b.as_str()}),
                })
                .collect();
            let json = serde_json::json!({
                "at": at,
                "permitted": why.is_empty(),
                "blackouts": blackouts,
                "rule": rule.id,
                "law": rule.law,
                "confirmed": rule.confirmed,
            });
            println!("{}", serde_json::to_string_pretty(&json)?);
        }
        TableOrJson::Table => {
            if why.is_empty() {
                println!("{at}: coercion permitted");
            }
            for b in &why {
                let reason = match b {
                    Blackout::Night => format!(
                        "at night ({:02}:00 to {:02}:00)",
                        rule.night_from, rule.night_to
                    ),
                    Blackout::DayOff => "a rest day or a holiday".to_owned(),
                    Blackout::Tet(tet) => format!(
                        "within {} days of Tết ({tet}), forces mobilised",
                        rule.tet_days.unwrap_or_default()
                    ),
                };
                println!("{at}: no coercion: {reason}");
            }
            println!("  {}: {}", rule.id, rule.law);
        }
    }
    Ok(ExitCode::SUCCESS)
}
