//! `thads committee`: the Steering Committee's work from the command line.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Subcommand;
use thads_core::{AgencyCode, Day};
use thads_service::Thads;
use thads_service::dossier::DossierRequest;

use crate::commands::console_actor;
use crate::{parse_agency, parse_day};

#[derive(Debug, Subcommand)]
pub enum CommitteeCommand {
    /// A meeting's dossier, from the journal: the results against the
    /// targets by category with a projection to 30 September, the large and
    /// long-running cases, coordination with partners. Written as a .docx
    /// (Decree 30/2020/NĐ-CP); its figures as JSON with --format json.
    Dossier {
        /// The province (or office) whose committee meets.
        #[arg(long, value_parser = parse_agency)]
        agency: AgencyCode,
        /// The first day reviewed. Default: the statistical year's first.
        #[arg(long, value_parser = parse_day)]
        from: Option<Day>,
        /// The last day reviewed. Default: today (Vietnam time).
        #[arg(long, value_parser = parse_day)]
        to: Option<Day>,
        /// Where to write the .docx.
        #[arg(long)]
        output: Option<PathBuf>,
        /// json: print the dossier's figures.
        #[arg(long, value_enum)]
        format: Option<DossierFormat>,
        /// Open cases owing at least this many đồng are large.
        #[arg(long, default_value_t = DossierRequest::LARGE_FROM)]
        large_from: i128,
        /// Enforceable cases open this many years are long-running.
        #[arg(long, default_value_t = DossierRequest::LONG_YEARS)]
        long_years: i32,
    },
}

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum DossierFormat {
    Json,
}

pub async fn committee(thads: Thads, command: CommitteeCommand) -> anyhow::Result<ExitCode> {
    let CommitteeCommand::Dossier {
        agency,
        from,
        to,
        output,
        format,
        large_from,
        long_years,
    } = command;
    if output.is_none() && format.is_none() {
        anyhow::bail!("say where the dossier goes: --output FILE.docx, --format json, or both");
    }
    let to = to.unwrap_or_else(thads_service::today_in_vietnam);
    let request = DossierRequest {
        agency,
        from: from.unwrap_or_else(|| to.statistical_year().0),
        to,
        large_from,
        long_years,
    };
    let dossier = thads.dossier(&console_actor(), &request).await?;
    if let Some(path) = output {
        let bytes = thads_service::dossier_docx::dossier_docx(&dossier);
        std::fs::write(&path, bytes)
            .map_err(|e| anyhow::anyhow!("cannot write {}: {e}", path.display()))?;
        eprintln!("dossier written to {}", path.display());
    }
    if format.is_some() {
        println!("{}", dossier.to_json());
    }
    Ok(ExitCode::SUCCESS)
}
