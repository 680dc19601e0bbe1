//! The subcommands.

use std::fs::File;
use std::io::{BufWriter, IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use indicatif::{ProgressBar, ProgressStyle};
use thads_core::Day;
use thads_service::{ImportError, MAX_FAULTS_LISTED, Progress, ReportRequest, Thads, render};

use crate::{Cli, Command, Format};

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

/// Today's date in Vietnam (UTC+7, no daylight saving).
fn today_in_vietnam() -> Day {
    let offset = jiff::tz::TimeZone::fixed(jiff::tz::offset(7));
    Day::from(jiff::Timestamp::now().to_zoned(offset).date())
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

async fn open(database: Option<String>) -> anyhow::Result<Thads> {
    let url = database_url(database)?;
    Thads::open(&url)
        .await
        .with_context(|| format!("cannot open the database {}", without_password(&url)))
}

pub async fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    match cli.command {
        Command::Migrate => {
            let url = database_url(cli.database)?;
            let version = Thads::migrate(&url).await.with_context(|| {
                format!("cannot migrate the database {}", without_password(&url))
            })?;
            println!(
                "{}: the schema is at version {version}",
                without_password(&url)
            );
            Ok(ExitCode::SUCCESS)
        }
        Command::Import { file } => import(open(cli.database).await?, file).await,
        Command::Export { output } => {
            let thads = open(cli.database).await?;
            match output {
                Some(path) => {
                    let file = File::create(&path)
                        .with_context(|| format!("cannot create {}", path.display()))?;
                    thads.export(&mut BufWriter::new(file)).await?;
                }
                None => {
                    thads
                        .export(&mut BufWriter::with_capacity(1 << 16, std::io::stdout()))
                        .await?
                }
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Report {
            from,
            to,
            agency,
            category,
            format,
            by_agency,
        } => {
            let to = to.unwrap_or_else(today_in_vietnam);
            let from = from.unwrap_or_else(|| to.statistical_year().0);
            let thads = open(cli.database).await?;
            let report = thads
                .report(ReportRequest {
                    from,
                    to,
                    agency,
                    category,
                    by_agency,
                })
                .await?;
            let text = match format {
                Format::Table => render::table(&report),
                Format::Json => render::json(&report),
                Format::Csv => render::csv(&report),
            };
            std::io::stdout().lock().write_all(text.as_bytes())?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Demo {
            cases,
            seed,
            output,
        } => {
            let file = File::create(&output)
                .with_context(|| format!("cannot create {}", output.display()))?;
            let mut out = BufWriter::new(file);
            let lines = thads_demo::write_demo(thads_demo::DemoSpec { cases, seed }, &mut out)?;
            out.flush()?;
            eprintln!("{}: {cases} cases, {lines} lines", output.display());
            Ok(ExitCode::SUCCESS)
        }
    }
}

async fn import(thads: Thads, path: PathBuf) -> anyhow::Result<ExitCode> {
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
    let result = thads
        .import(input, &mut |progress| match progress {
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
        })
        .await;
    bar.finish_and_clear();
    match result {
        Ok(summary) => {
            println!(
                "imported {}: {} agencies, {} cases, {} events",
                path.display(),
                summary.agencies,
                summary.cases,
                summary.events
            );
            Ok(ExitCode::SUCCESS)
        }
        Err(ImportError::Invalid(faults)) => {
            let mut err = std::io::stderr().lock();
            for fault in faults.iter().take(MAX_FAULTS_LISTED) {
                writeln!(err, "{}: {fault}", path.display())?;
            }
            if faults.len() > MAX_FAULTS_LISTED {
                writeln!(
                    err,
                    "… and {} more errors",
                    faults.len() - MAX_FAULTS_LISTED
                )?;
            }
            writeln!(
                err,
                "nothing was imported: {} has {} error(s)",
                path.display(),
                faults.len()
            )?;
            Ok(ExitCode::FAILURE)
        }
        Err(e) => Err(e.into()),
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
