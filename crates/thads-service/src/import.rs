//! Importing a file into the store: a journal (JSON Lines), or a register
//! (`.xlsx`, `.csv`, see [`crate::register`]) turned into the journal
//! records it implies. Either is checked whole against the journal's rules
//! and what is stored, and stored in one transaction or not at all; a
//! preview checks it the same way and stores nothing.

use std::collections::HashMap;
use std::io::Read;

use thads_core::check::Prepared;
use thads_core::journal::{Fault, Faults, Parsed, Record};
use thads_core::ledger::CaseId;
use thads_core::text::Text;
use thads_core::{AgencyCode, CaseCode, Day, Vnd};
use thads_store::{Snapshot, StoreError};

use crate::register::{self, Place, ReadRegister};
use crate::{Access, Actor, Denied, Thads};

/// Why an import stored nothing.
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    /// The actor's role may not do this.
    #[error(transparent)]
    Denied(#[from] Denied),
    /// The file breaks the journal's rules; nothing was stored.
    #[error("the file has {} error(s); nothing was imported", .0.total())]
    Invalid(Faults),
    /// The file could not be read.
    #[error("cannot read the file: {0}")]
    Read(#[from] std::io::Error),
    /// The file is not a register at all (an empty sheet, not a workbook).
    #[error(transparent)]
    Unreadable(#[from] register::Unreadable),
    /// This very file (the same SHA-256) was imported before; it is not
    /// imported twice (a re-run after a failover cut off the answer to
    /// one that landed, say).
    #[error("this file was imported already, by {by} at {at}: nothing was imported again")]
    AlreadyImported {
        /// Who imported it.
        by: String,
        /// When, in Vietnam's time (hh:mm dd/mm/yyyy).
        at: String,
    },
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
    /// Of them, those that count in the statistics later than their date:
    /// dated in a closed period (known once the file is checked).
    pub late: usize,
}

/// Where a long job has got to, for a progress bar.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Progress {
    /// Reading and parsing the file: bytes read so far.
    Reading(u64),
    /// Checking the records against the rules and the store.
    Checking,
    /// Writing to the store: rows written so far, of this many.
    Writing(usize, usize),
}

/// What kind of file an import reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileKind {
    /// A journal, JSON Lines (`journal-format.md`).
    Journal,
    /// A register as CSV.
    RegisterCsv,
    /// A register as an Excel workbook.
    RegisterXlsx,
}

impl FileKind {
    /// The kind a file's name says by its extension: `.xlsx` and `.csv` are
    /// registers, anything else a journal.
    pub fn of(file_name: &str) -> FileKind {
        let lower = file_name.to_lowercase();
        if lower.ends_with(".xlsx") {
            FileKind::RegisterXlsx
        } else if lower.ends_with(".csv") {
            FileKind::RegisterCsv
        } else {
            FileKind::Journal
        }
    }

    fn as_str(self) -> &'static str {
        match self {
            FileKind::Journal => "journal",
            FileKind::RegisterCsv => "register-csv",
            FileKind::RegisterXlsx => "register-xlsx",
        }
    }
}

/// What an import would do, found without storing anything.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportPreview {
    /// What the file holds (its valid lines or rows).
    pub summary: ImportSummary,
    /// The first cases it accepts.
    pub first_cases: Vec<NewCase>,
    /// What is wrong with it, by line or row; empty if it can be imported.
    pub faults: Faults,
}

/// How many cases a preview shows.
pub const PREVIEW_CASES: usize = 10;

/// A case a file accepts, as a preview lists it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewCase {
    /// Its line (a register's row).
    pub line: usize,
    /// Its code.
    pub code: CaseCode,
    /// The accepting agency.
    pub agency: AgencyCode,
    /// When.
    pub accepted_on: Day,
    /// The debtor's name.
    pub debtor: String,
    /// The money to enforce.
    pub amount: Vnd,
}

/// A file read, before its records meet the store.
enum ReadFile {
    Journal(Parsed),
    Register(ReadRegister),
}

impl ReadFile {
    fn read(
        kind: FileKind,
        source: &str,
        input: impl Read,
        progress: &mut dyn FnMut(Progress),
    ) -> Result<(ReadFile, FileSeen), ImportError> {
        use sha2::Digest;

        if kind == FileKind::Journal {
            let (parsed, file) = read_journal(input, progress)?;
            return Ok((ReadFile::Journal(parsed), file));
        }
        let mut hashed = Hashed {
            input,
            sha256: sha2::Sha256::new(),
            bytes: 0,
        };
        let (table, agencies) = match kind {
            // A workbook is a zip, read from anywhere in it: it waits in a
            // temporary file, not in memory.
            FileKind::RegisterXlsx => {
                let mut spooled = tempfile::tempfile()?;
                std::io::copy(&mut hashed, &mut spooled)?;
                register::xlsx::read_xlsx(std::io::BufReader::new(spooled))?
            }
            // A CSV file is read whole, within what a register may take.
            _ => {
                let most = register::sheet::MAX_MEMORY / 2;
                let mut bytes = Vec::new();
                (&mut hashed).take(most + 1).read_to_end(&mut bytes)?;
                if bytes.len() as u64 > most {
                    return Err(register::Unreadable(register::sheet::too_big()).into());
                }
                (register::sheet::read_csv(source, &bytes)?, None)
            }
        };
        progress(Progress::Reading(hashed.bytes));
        let file = FileSeen {
            sha256: hex::encode(hashed.sha256.finalize()),
            bytes: hashed.bytes,
        };
        Ok((ReadFile::Register(register::read(table, agencies)?), file))
    }

    /// The records, with where each comes from in a register.
    fn into_parsed(self, snapshot: &Snapshot) -> (Parsed, Option<Vec<Place>>) {
        match self {
            ReadFile::Journal(parsed) => (parsed, None),
            ReadFile::Register(read) => {
                let (parsed, places) = read.into_parsed(&snapshot.agencies);
                (parsed, Some(places))
            }
        }
    }
}

/// Faults at the lines of a journal, or at the rows and columns of a register.
fn placed(faults: Faults, places: &Option<Vec<Place>>) -> Faults {
    match places {
        Some(places) => register::place_faults(faults, places),
        None => faults,
    }
}

/// Checks the records against the rules, the store and the actor's reach.
fn check(
    actor: &Actor,
    snapshot: &Snapshot,
    parsed: Parsed,
    stored_ids: HashMap<CaseCode, CaseId>,
) -> Result<Prepared, ImportError> {
    let (stored_ids, out_of_reach) = within_reach(actor, snapshot, &parsed, stored_ids)?;
    match parsed.check(
        &snapshot.agencies,
        &snapshot.executors,
        &snapshot.coordination,
        &snapshot.ledger,
        &stored_ids,
        thads_core::check::Positions::After(snapshot.journal_seq as u64),
    ) {
        Ok(prepared) if out_of_reach.is_empty() => Ok(prepared),
        Ok(_) => Err(ImportError::Invalid(out_of_reach)),
        Err(faults) => Err(ImportError::Invalid(merge_faults(faults, out_of_reach))),
    }
}

/// What the records hold, counted before they are checked.
fn count(parsed: &Parsed) -> ImportSummary {
    let mut summary = ImportSummary {
        agencies: 0,
        cases: 0,
        events: 0,
        late: 0,
    };
    for (_, record) in &parsed.records {
        match record {
            Record::Agency(_) => summary.agencies += 1,
            // An executor is a declaration as an agency is; the summary
            // counts what a clerk checks first, the cases and their events.
            Record::Executor(_) | Record::Coordination(_) => {}
            Record::Accepted { .. } => {
                summary.cases += 1;
                summary.events += 1;
            }
            Record::Event { .. } => summary.events += 1,
        }
    }
    summary
}

fn first_cases(parsed: &Parsed, places: &Option<Vec<Place>>) -> Vec<NewCase> {
    parsed
        .records
        .iter()
        .filter_map(|(line, record)| match record {
            Record::Accepted {
                case,
                on,
                acceptance,
                ..
            } => Some(NewCase {
                line: places.as_ref().map_or(*line, |p| p[*line].0),
                code: case.clone(),
                agency: acceptance.agency.clone(),
                accepted_on: *on,
                debtor: acceptance.debtor.name.clone(),
                amount: acceptance.amount,
            }),
            _ => None,
        })
        .take(PREVIEW_CASES)
        .collect()
}

impl Thads {
    /// Imports a journal (see [`Thads::import_file`]).
    pub async fn import(
        &self,
        actor: &Actor,
        source: &str,
        input: impl Read,
        progress: &mut (dyn FnMut(Progress) + Send),
    ) -> Result<ImportSummary, ImportError> {
        self.import_file(actor, source, FileKind::Journal, input, progress)
            .await
    }

    /// Imports a journal or a register: every record is checked (against
    /// what is stored, too) and, only if the whole file is valid, appended
    /// in one transaction.
    ///
    /// `source` names the file for the audit trail, which records it with
    /// the file's SHA-256, its size and what it added.
    pub async fn import_file(
        &self,
        actor: &Actor,
        source: &str,
        kind: FileKind,
        input: impl Read,
        progress: &mut (dyn FnMut(Progress) + Send),
    ) -> Result<ImportSummary, ImportError> {
        actor.may_import()?;
        let started = std::time::Instant::now();
        let (read, file) = ReadFile::read(kind, source, input, progress)?;
        tracing::debug!(elapsed = ?started.elapsed(), "file read");
        progress(Progress::Checking);
        // From here until the append, the store is this import's alone:
        // what is checked is what gets written.
        let mut writer = self.writer().await?;
        if let Some((at_ms, by)) = writer.imported(&file.sha256).await? {
            return Err(ImportError::AlreadyImported {
                by,
                at: jiff::Timestamp::from_millisecond(at_ms)
                    .map_or_else(|_| at_ms.to_string(), crate::local_time),
            });
        }
        let (parsed, places) = read.into_parsed(writer.snapshot());
        // An empty store has no case the file could refer to (and listing
        // a big file's case codes takes seconds).
        let stored_ids = if writer.snapshot().ledger.case_count() == 0 {
            Default::default()
        } else {
            writer.case_ids(&parsed.case_codes()).await?
        };
        let prepared =
            check(actor, writer.snapshot(), parsed, stored_ids).map_err(|e| match e {
                ImportError::Invalid(faults) => ImportError::Invalid(placed(faults, &places)),
                e => e,
            })?;
        tracing::debug!(elapsed = ?started.elapsed(), "file checked");
        let rows = prepared.new_cases + prepared.entries.len();
        let summary = ImportSummary {
            agencies: prepared.agencies.len(),
            cases: prepared.new_cases,
            events: prepared.entries.len(),
            late: prepared.late,
        };
        let detail = serde_json::json!({
            "format": kind.as_str(),
            "sha256": file.sha256,
            "bytes": file.bytes,
            "agencies": summary.agencies,
            "cases": summary.cases,
            "events": summary.events,
            "late": summary.late,
        });
        let audit = actor.entry("import", source, detail);
        let written = writer
            .append(&prepared, &audit, &mut |written| {
                progress(Progress::Writing(written, rows))
            })
            .await?;
        self.written(written).await;
        tracing::debug!(elapsed = ?started.elapsed(), "file stored");
        tracing::info!(
            format = kind.as_str(),
            agencies = summary.agencies,
            cases = summary.cases,
            events = summary.events,
            late = summary.late,
            "file imported"
        );
        Ok(summary)
    }

    /// What importing a file would do — what it holds, its first cases and
    /// every fault — checked as [`Thads::import_file`] does, storing nothing.
    pub async fn preview_import(
        &self,
        actor: &Actor,
        source: &str,
        kind: FileKind,
        input: impl Read,
    ) -> Result<ImportPreview, ImportError> {
        actor.may_import()?;
        let (read, _) = ReadFile::read(kind, source, input, &mut |_| {})?;
        let snapshot = self.store.snapshot().await?;
        let (parsed, places) = read.into_parsed(&snapshot);
        let stored_ids = self.store.case_ids(&snapshot, &parsed.case_codes()).await?;
        let mut summary = count(&parsed);
        let first_cases = first_cases(&parsed, &places);
        let faults = match check(actor, &snapshot, parsed, stored_ids) {
            Ok(prepared) => {
                summary.late = prepared.late;
                Faults::default()
            }
            Err(ImportError::Invalid(faults)) => placed(faults, &places),
            Err(e) => return Err(e),
        };
        Ok(ImportPreview {
            summary,
            first_cases,
            faults,
        })
    }
}

/// Reads until `buffer` is full or the input ends; returns how much was read.
fn read_fully(input: &mut impl Read, buffer: &mut [u8]) -> std::io::Result<usize> {
    let mut filled = 0;
    while filled < buffer.len() {
        match input.read(&mut buffer[filled..]) {
            Ok(0) => break,
            Ok(n) => filled += n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(filled)
}

/// How much of the file one parsing task takes: more than the longest line
/// a journal may have ([`thads_core::journal::MAX_LINE_BYTES`]), so that a
/// block without a line end is a line too long.
const BLOCK_BYTES: usize = 2 * thads_core::journal::MAX_LINE_BYTES;

/// Reads past the end of the current line, hashing what it reads; returns
/// how many bytes it read and those after the line end.
fn skip_line(input: &mut impl Read, sha256: &mut sha2::Sha256) -> std::io::Result<(u64, Vec<u8>)> {
    use sha2::Digest;
    let mut buffer = vec![0; 64 << 10];
    let mut skipped = 0u64;
    loop {
        let read = read_fully(input, &mut buffer)?;
        sha256.update(&buffer[..read]);
        skipped += read as u64;
        if let Some(end) = buffer[..read].iter().position(|b| *b == b'\n') {
            return Ok((skipped, buffer[end + 1..read].to_vec()));
        }
        if read < buffer.len() {
            return Ok((skipped, Vec::new()));
        }
    }
}

/// A file being read, hashed and counted on the way.
struct Hashed<R> {
    input: R,
    sha256: sha2::Sha256,
    bytes: u64,
}

impl<R: Read> Read for Hashed<R> {
    fn read(&mut self, buffer: &mut [u8]) -> std::io::Result<usize> {
        use sha2::Digest;
        let read = self.input.read(buffer)?;
        self.sha256.update(&buffer[..read]);
        self.bytes += read as u64;
        Ok(read)
    }
}

/// What the audit trail records of an imported file.
struct FileSeen {
    sha256: String,
    bytes: u64,
}

/// Reads and parses a journal, reporting bytes read. The reader cuts the
/// input into blocks of whole lines and the machine's cores parse them;
/// the results are put back in file order.
fn read_journal(
    mut input: impl Read,
    progress: &mut dyn FnMut(Progress),
) -> std::io::Result<(Parsed, FileSeen)> {
    use sha2::Digest;
    use std::sync::{Mutex, mpsc};

    let workers = std::thread::available_parallelism().map_or(1, |n| n.get());
    let (block_tx, block_rx) = mpsc::sync_channel::<(usize, usize, Vec<u8>)>(workers * 2);
    let block_rx = Mutex::new(block_rx);
    let (parsed_tx, parsed_rx) = mpsc::channel::<(usize, Parsed)>();
    std::thread::scope(|scope| {
        for _ in 0..workers {
            let (block_rx, parsed_tx) = (&block_rx, parsed_tx.clone());
            scope.spawn(move || {
                loop {
                    // Take the lock only to receive, so that the parsers run side by side.
                    let received = block_rx.lock().expect("no parser panicked").recv();
                    let Ok((index, first_line, block)) = received else {
                        return;
                    };
                    let mut parsed = Parsed::default();
                    for (i, line) in block.split(|b| *b == b'\n').enumerate() {
                        match std::str::from_utf8(line) {
                            Ok(line) => parsed.push_line(first_line + i, line),
                            Err(_) => parsed
                                .faults
                                .push(Fault::at_line(first_line + i, Text::new("line-not-utf8"))),
                        }
                    }
                    if parsed_tx.send((index, parsed)).is_err() {
                        return;
                    }
                }
            });
        }
        drop(parsed_tx);

        let (mut blocks, mut next_line, mut bytes) = (0usize, 1usize, 0u64);
        let mut sha256 = sha2::Sha256::new();
        let mut carry = Vec::new();
        // Lines too long to be parsed, found here rather than by a parser.
        let mut too_long = Faults::default();
        loop {
            // A block: what was left of the last read, then as much as fits,
            // cut after its last line end (the rest carries over).
            let mut block = std::mem::take(&mut carry);
            let start = block.len();
            block.resize(start + BLOCK_BYTES, 0);
            let read = read_fully(&mut input, &mut block[start..])?;
            block.truncate(start + read);
            if block.is_empty() {
                break;
            }
            bytes += read as u64;
            sha256.update(&block[start..]);
            if read == BLOCK_BYTES {
                match block.iter().rposition(|b| *b == b'\n') {
                    Some(end) => carry = block.split_off(end + 1),
                    None => {
                        // A whole block without a line end: one line, far
                        // longer than a line may be. Pass over the rest of
                        // it without keeping it.
                        too_long.push(Fault::line_too_long(next_line));
                        let (skipped, rest) = skip_line(&mut input, &mut sha256)?;
                        bytes += skipped;
                        carry = rest;
                        next_line += 1;
                        progress(Progress::Reading(bytes));
                        continue;
                    }
                }
            }
            if block.last() == Some(&b'\n') {
                block.pop();
            }
            let lines = block.iter().filter(|b| **b == b'\n').count() + 1;
            block_tx
                .send((blocks, next_line, block))
                .expect("parsers alive");
            blocks += 1;
            next_line += lines;
            progress(Progress::Reading(bytes));
        }
        drop(block_tx);

        let mut parts: Vec<(usize, Parsed)> = parsed_rx.iter().collect();
        parts.sort_by_key(|(index, _)| *index);
        let mut parsed = Parsed {
            records: Vec::with_capacity(parts.iter().map(|(_, p)| p.records.len()).sum()),
            faults: Faults::default(),
        };
        for (_, part) in parts {
            parsed.records.extend(part.records);
            parsed.faults.merge(part.faults);
        }
        parsed.faults.merge(too_long);
        let file = FileSeen {
            sha256: hex::encode(sha256.finalize()),
            bytes,
        };
        Ok((parsed, file))
    })
}

/// For an actor other than the console: refused outright if the file holds
/// case records and the actor's role writes none; otherwise the stored
/// cases of the file that exist for it (the others are left out, so that
/// the checker answers "no such case" for them, as for a case that does not
/// exist), and a fault for every line the actor may not write (an agency
/// declaration by anyone but the national administrator, a case accepted
/// for an agency that is not the actor's office).
fn within_reach(
    actor: &Actor,
    snapshot: &Snapshot,
    parsed: &Parsed,
    stored_ids: HashMap<CaseCode, CaseId>,
) -> Result<(HashMap<CaseCode, CaseId>, Faults), Denied> {
    if actor.access == Access::Console {
        return Ok((stored_ids, Faults::default()));
    }
    // Agencies are an administrator's; cases an executor's.
    if parsed
        .records
        .iter()
        .any(|(_, r)| !matches!(r, Record::Agency(_) | Record::Coordination(_)))
    {
        actor.may_write_cases()?;
    }
    let tree = &snapshot.agencies;
    let mut faults = Faults::default();
    let mut accepted_here = std::collections::HashSet::new();
    for (line, record) in &parsed.records {
        let reason = match record {
            Record::Agency(agency) if !actor.may_declare_agencies() => {
                Text::new("import-agency-not-allowed").with("agency", &agency.code)
            }
            // Requests are sent and answered in thads, each by the account
            // whose act it is; a file brings them only from the console or
            // the national administrator (a province's move to thads).
            Record::Coordination(fact) if !actor.may_declare_agencies() => {
                Text::new("import-fact-not-allowed").with("kind", fact.kind())
            }
            // The day a record counts is thads' to set from its closes; a
            // file moving a figure into another period comes only from
            // where a file of closes may come.
            Record::Accepted {
                case,
                counted_on: Some(_),
                ..
            }
            | Record::Event {
                case,
                counted_on: Some(_),
                ..
            } if !actor.may_declare_agencies() => {
                Text::new("import-counted-on-not-allowed").with("case", case)
            }
            Record::Accepted {
                case, acceptance, ..
            } => {
                accepted_here.insert(case);
                let agency = &acceptance.agency;
                match tree.index(agency) {
                    Some(index) if !actor.writes_cases_of(tree, index) => {
                        Text::new("import-case-not-allowed")
                            .with("case", case)
                            .with("agency", agency)
                    }
                    _ => continue,
                }
            }
            _ => continue,
        };
        faults.push(Fault::at_line(*line, reason));
    }
    // A code accepted again stays known, so that the checker calls it a
    // duplicate (a case code is unique across the store).
    let visible = stored_ids
        .into_iter()
        .filter(|(code, id)| {
            let agency = snapshot.ledger.agency_of(*id).expect("a stored case");
            actor.writes_cases_of(tree, agency) || accepted_here.contains(code)
        })
        .collect();
    Ok((visible, faults))
}

/// Two lists of faults as one, by line.
fn merge_faults(mut faults: Faults, more: Faults) -> Faults {
    faults.merge(more);
    faults
}
