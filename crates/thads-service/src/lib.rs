//! The use cases of thads: importing and exporting journals, and period
//! reports. The command line (and, later, the web) call these; they hold no
//! SQL and no presentation beyond the report's exchange formats.

pub mod render;

use std::io::{BufRead, Write};

use thads_core::journal::{Fault, Parsed, write_record};
use thads_core::ledger::Query;
use thads_core::report::Report;
use thads_core::{Agency, AgencyCode, Category, Day};
use thads_store::{Snapshot, Store, StoreError};

/// How many faults of a file are listed; the rest are counted.
pub const MAX_FAULTS_LISTED: usize = 100;

/// Why an import stored nothing.
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    /// The file breaks the journal's rules; nothing was stored.
    #[error("the file has {} error(s); nothing was imported", .0.len())]
    Invalid(Vec<Fault>),
    /// The file could not be read.
    #[error("cannot read the file: {0}")]
    Read(#[from] std::io::Error),
    /// The store refused or failed; nothing was stored.
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// What an import added.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ImportSummary {
    /// Agencies declared.
    pub agencies: usize,
    /// Cases accepted.
    pub cases: usize,
    /// Case events, acceptances included.
    pub events: usize,
}

/// Where a long job has got to, for a progress bar.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Progress {
    /// Reading and checking the file: bytes read so far.
    Reading(u64),
    /// Writing to the store: records written so far, of this many.
    Writing(usize, usize),
}

/// A report request, as a user states it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReportRequest {
    /// First day.
    pub from: Day,
    /// Last day.
    pub to: Day,
    /// The agency whose subtree is reported; the whole system if `None`.
    pub agency: Option<AgencyCode>,
    /// Only cases of this category.
    pub category: Option<Category>,
    /// Add a row per agency directly below the scope.
    pub by_agency: bool,
}

/// Why a report cannot be made.
#[derive(Debug, thiserror::Error)]
pub enum ReportError {
    /// The period ends before it starts.
    #[error("the period ends ({to}) before it starts ({from})")]
    EmptyPeriod {
        /// First day asked.
        from: Day,
        /// Last day asked.
        to: Day,
    },
    /// No such agency.
    #[error("agency {0} is not known")]
    UnknownAgency(AgencyCode),
    /// The store failed.
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// A period report, ready to render.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PeriodReport {
    /// What was asked.
    pub request: ReportRequest,
    /// The whole scope.
    pub total: Report,
    /// One row per agency directly below the scope, if asked.
    pub rows: Vec<(Agency, Report)>,
}

/// thads on an open store.
#[derive(Debug, Clone)]
pub struct Thads {
    store: Store,
}

impl Thads {
    /// Opens the store at a database URL.
    pub async fn open(database_url: &str) -> Result<Thads, StoreError> {
        Ok(Thads {
            store: Store::open(database_url).await?,
        })
    }

    /// The store's agencies and ledger, to answer many reports from memory.
    pub async fn snapshot(&self) -> Result<Snapshot, StoreError> {
        self.store.snapshot().await
    }

    /// Imports a journal: every line is checked (against what is stored, too)
    /// and, only if the whole file is valid, appended in one transaction.
    pub async fn import(
        &self,
        input: impl BufRead,
        progress: &mut dyn FnMut(Progress),
    ) -> Result<ImportSummary, ImportError> {
        let started = std::time::Instant::now();
        let parsed = read_journal(input, progress)?;
        tracing::debug!(elapsed = ?started.elapsed(), lines = parsed.records.len(), "journal read");
        let snapshot = self.store.snapshot().await?;
        // An empty store has no case the file could refer to.
        let stored_ids = if snapshot.ledger.case_count() == 0 {
            Default::default()
        } else {
            self.store.case_ids(&parsed.case_codes()).await?
        };
        let prepared = parsed
            .check(&snapshot.agencies, &snapshot.ledger, &stored_ids)
            .map_err(ImportError::Invalid)?;
        tracing::debug!(elapsed = ?started.elapsed(), "journal checked");
        let total = prepared.entries.len();
        self.store
            .append(&snapshot, &prepared, &mut |written| {
                progress(Progress::Writing(written, total))
            })
            .await?;
        tracing::debug!(elapsed = ?started.elapsed(), "journal stored");
        let summary = ImportSummary {
            agencies: prepared.agencies.len(),
            cases: prepared.new_cases,
            events: total,
        };
        tracing::info!(
            agencies = summary.agencies,
            cases = summary.cases,
            events = summary.events,
            "journal imported"
        );
        Ok(summary)
    }

    /// Writes the whole store as a journal.
    pub async fn export(&self, out: &mut dyn Write) -> Result<(), ImportError> {
        let written = self
            .store
            .export(&mut |record| {
                out.write_all(write_record(&record).as_bytes())?;
                out.write_all(b"\n")
            })
            .await?;
        written?;
        out.flush()?;
        Ok(())
    }

    /// A period report, computed from the store's ledger.
    pub async fn report(&self, request: ReportRequest) -> Result<PeriodReport, ReportError> {
        report(&self.store.snapshot().await?, request)
    }
}

/// A period report from a snapshot held in memory.
pub fn report(snapshot: &Snapshot, request: ReportRequest) -> Result<PeriodReport, ReportError> {
    if request.to < request.from {
        return Err(ReportError::EmptyPeriod {
            from: request.from,
            to: request.to,
        });
    }
    let agencies = &snapshot.agencies;
    let agency = match &request.agency {
        None => None,
        Some(code) => Some(
            agencies
                .index(code)
                .ok_or_else(|| ReportError::UnknownAgency(code.clone()))?,
        ),
    };
    let query = Query {
        from: request.from,
        to: request.to,
        agency,
        category: request.category,
    };
    let (total, rows) = if request.by_agency {
        let breakdown = snapshot.ledger.breakdown(agencies, &query);
        let rows = breakdown
            .rows
            .into_iter()
            .map(|(a, r)| (agencies.get(a).clone(), r))
            .collect();
        (breakdown.total, rows)
    } else {
        (snapshot.ledger.report(agencies, &query), Vec::new())
    };
    debug_assert!(
        total.broken_identities().is_empty(),
        "{:?}",
        total.broken_identities()
    );
    Ok(PeriodReport {
        request,
        total,
        rows,
    })
}

/// Reads and parses a journal line by line, reporting bytes read.
fn read_journal(
    mut input: impl BufRead,
    progress: &mut dyn FnMut(Progress),
) -> std::io::Result<Parsed> {
    let mut parsed = Parsed::default();
    let mut line = String::new();
    let (mut number, mut bytes) = (0usize, 0u64);
    loop {
        line.clear();
        let n = match input.read_line(&mut line) {
            Ok(n) => n,
            Err(e) if e.kind() == std::io::ErrorKind::InvalidData => {
                parsed.faults.push(Fault {
                    line: number + 1,
                    message: "the line is not UTF-8 text".to_owned(),
                });
                break;
            }
            Err(e) => return Err(e),
        };
        if n == 0 {
            break;
        }
        number += 1;
        bytes += n as u64;
        if number % 65_536 == 0 {
            progress(Progress::Reading(bytes));
        }
        parsed.push_line(number, &line);
    }
    progress(Progress::Reading(bytes));
    Ok(parsed)
}
