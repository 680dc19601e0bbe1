//! The audit trail: checking it — its keyed chain, and the journal against
//! what each write recorded it appended (see [`thads_core::audit`]) — and
//! reading it; and the key it is checked with, kept in a file outside the
//! database.

use std::path::Path;

use thads_core::audit::{
    Appended, AuditBreak, AuditKey, AuditRecord, ChainCheck, LineDigest, LineHash, line_hash, seal,
};
use thads_core::journal::{Record, write_record};
use thads_store::{LinePosition, SealedLine, StoreError};

use crate::{Actor, Denied, Thads};

/// Why the audit trail does not check.
#[derive(Debug, thiserror::Error)]
pub enum AuditError {
    /// The actor's role may not do this.
    #[error(transparent)]
    Denied(#[from] Denied),
    /// The chain is broken.
    #[error(transparent)]
    Broken(#[from] AuditBreak),
    /// The journal is not what the writes appended.
    #[error(transparent)]
    Journal(#[from] JournalBreak),
    /// The store failed.
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// The first place where the journal differs from what was written.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum JournalBreak {
    /// A line no longer has the seal it was written with.
    #[error(
        "{line}: changed in the database after thads wrote it (its seal no longer matches; written with audit record {record})"
    )]
    Altered {
        /// The line, as a clerk names it.
        line: String,
        /// The audit record of the write that appended it.
        record: i64,
    },
    /// A line that no write recorded appending.
    #[error("{0}: not written by thads (no audit record appended it): it was inserted")]
    Unrecorded(String),
    /// A line without a seal, outside what `thads audit seal` covered.
    #[error(
        "{0}: it has no seal: it was written by a thads that did not seal its journal (run `thads audit seal` once after upgrading), or it was inserted, or its seal removed"
    )]
    Unsealed(String),
    /// A write's lines, together, no longer give its digest.
    #[error(
        "audit record {record} ({action} {subject}): the journal lines it appended no longer match its digest: lines were removed, inserted or reordered"
    )]
    Digest {
        /// The audit record of the write.
        record: i64,
        /// Its action.
        action: String,
        /// Its subject.
        subject: String,
    },
}

/// What a check of the audit trail went through.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AuditSummary {
    /// Audit records.
    pub records: i64,
    /// Journal lines (agencies and case records) checked against their
    /// seals and their writes' digests.
    pub lines: u64,
}

/// The action of the record by which `thads audit seal` covers the lines
/// written before thads sealed them.
pub const SEAL_ACTION: &str = "audit.seal";

/// A write that appended to the journal, as its audit record says.
struct Write {
    record: AuditRecord,
    /// Its agency lines' hashes, then its executor lines', in order, until
    /// its digest is taken.
    agencies: Vec<LineHash>,
    executors: Vec<LineHash>,
    /// The digest of its lines so far, once its first case record or fact
    /// is seen (its declarations first).
    digest: Option<LineDigest>,
}

impl Write {
    fn covers_agency(&self, position: i64) -> bool {
        self.appended().agencies.contains(&position)
    }

    fn covers_executor(&self, position: i64) -> bool {
        self.appended().executors.contains(&position)
    }

    /// The digest of its declarations, which its case records continue.
    fn declarations_digest(&self) -> LineDigest {
        let mut digest = LineDigest::default();
        self.agencies
            .iter()
            .chain(&self.executors)
            .for_each(|h| digest.push(h));
        digest
    }

    fn covers_event(&self, seq: i64) -> bool {
        self.appended().events.contains(&seq)
    }

    /// Takes the hash of its next case record or fact.
    fn push(&mut self, hash: &LineHash) {
        if self.digest.is_none() {
            self.digest = Some(self.declarations_digest());
        }
        self.digest.as_mut().expect("just made").push(hash);
    }

    fn appended(&self) -> &Appended {
        self.record.appended.as_ref().expect("a write")
    }

    fn digest_break(&self) -> JournalBreak {
        JournalBreak::Digest {
            record: self.record.seq,
            action: self.record.entry.action.clone(),
            subject: self.record.entry.subject.clone(),
        }
    }
}

/// Walks the journal's lines in order, each against its seal and against
/// the write that appended it.
struct JournalCheck<'k> {
    key: &'k AuditKey,
    writes: Vec<Write>,
    /// The write whose events come next.
    current: usize,
    lines: u64,
}

impl JournalCheck<'_> {
    fn line(&mut self, line: SealedLine) -> Result<(), JournalBreak> {
        self.lines += 1;
        let hash = line_hash(&write_record(&line.record));
        let write = match line.position {
            LinePosition::Agency(position) => {
                // The writes' agency positions grow with the writes.
                let write = self
                    .writes
                    .partition_point(|w| w.appended().agencies.end <= position);
                if !self
                    .writes
                    .get(write)
                    .is_some_and(|w| w.covers_agency(position))
                {
                    return Err(unrecorded(&line));
                }
                self.writes[write].agencies.push(hash);
                write
            }
            LinePosition::Executor(position) => {
                // Only writes of the second version declared executors.
                let write = self
                    .writes
                    .iter()
                    .position(|w| w.covers_executor(position))
                    .ok_or_else(|| unrecorded(&line))?;
                self.writes[write].executors.push(hash);
                write
            }
            LinePosition::Event(seq) => {
                // Writes come in journal order.
                while self.current < self.writes.len()
                    && self.writes[self.current].appended().events.end <= seq
                {
                    self.current += 1;
                }
                if !self
                    .writes
                    .get(self.current)
                    .is_some_and(|w| w.covers_event(seq))
                {
                    return Err(unrecorded(&line));
                }
                self.writes[self.current].push(&hash);
                self.current
            }
            LinePosition::Fact(position) => {
                // Facts come after every case record, their positions
                // growing with the writes.
                let write = self
                    .writes
                    .partition_point(|w| w.appended().facts.end <= position);
                if !self
                    .writes
                    .get(write)
                    .is_some_and(|w| w.appended().facts.contains(&position))
                {
                    return Err(unrecorded(&line));
                }
                self.writes[write].push(&hash);
                write
            }
        };
        let write = &self.writes[write];
        match &line.seal {
            Some(stored) if stored[..] == seal(self.key, &hash) => Ok(()),
            Some(_) => Err(JournalBreak::Altered {
                line: name(&line),
                record: write.record.seq,
            }),
            None if write.record.entry.action == SEAL_ACTION => Ok(()),
            None => Err(JournalBreak::Unsealed(name(&line))),
        }
    }

    /// Checks every write's digest, in order; returns how many lines were
    /// checked.
    fn finish(self) -> Result<u64, JournalBreak> {
        for write in &self.writes {
            let digest = write
                .digest
                .clone()
                .unwrap_or_else(|| write.declarations_digest());
            if digest.finish() != write.appended().digest {
                return Err(write.digest_break());
            }
        }
        Ok(self.lines)
    }
}

/// A line that no write appended: an old thads's, or inserted.
fn unrecorded(line: &SealedLine) -> JournalBreak {
    match line.seal {
        Some(_) => JournalBreak::Unrecorded(name(line)),
        None => JournalBreak::Unsealed(name(line)),
    }
}

/// A line as a clerk names it: `case HN/2025/1, journal line 42 (collected
/// on 2025-03-10)`, or `agency HN-KV1`.
fn name(line: &SealedLine) -> String {
    match (&line.record, line.position) {
        (Record::Agency(agency), _) => format!("agency {}", agency.code),
        (Record::Executor(executor), _) => format!("executor {}", executor.code),
        (Record::Accepted { case, on, .. }, LinePosition::Event(seq)) => {
            format!("case {case}, journal line {seq} (accepted on {on})")
        }
        (
            Record::Event {
                case, on, event, ..
            },
            LinePosition::Event(seq),
        ) => {
            format!("case {case}, journal line {seq} ({} on {on})", event.kind())
        }
        (_, LinePosition::Agency(position)) => format!("agency line {position}"),
        (Record::Coordination(fact), LinePosition::Fact(position)) => {
            format!("{} line {position}", fact.kind())
        }
        (_, LinePosition::Executor(position)) => format!("executor line {position}"),
        (_, LinePosition::Event(seq) | LinePosition::Fact(seq)) => format!("journal line {seq}"),
    }
}

impl Thads {
    /// Checks the whole audit trail and the journal against it:
    /// - every record against its keyed hash and the one before it, and the
    ///   last against the head the store kept;
    /// - every journal line against its seal, naming the first line changed
    ///   in the database;
    /// - every write's lines against the digest its record holds, so that a
    ///   line removed, inserted or moved shows.
    ///
    /// Returns what it checked, or the first break.
    pub async fn verify_audit(&self, actor: &Actor) -> Result<AuditSummary, AuditError> {
        actor.may_read_audit()?;
        let key = self.store.key();
        let mut check = ChainCheck::new(key);
        let mut broken = None;
        let mut writes = Vec::new();
        let (head_seq, head_hash) = self
            .store
            .audit_trail(&mut |record| {
                if broken.is_none() {
                    broken = check.push(&record).err();
                }
                if record.appended.is_some() {
                    writes.push(Write {
                        record,
                        agencies: Vec::new(),
                        executors: Vec::new(),
                        digest: None,
                    });
                }
            })
            .await?;
        if let Some(at) = broken {
            return Err(at.into());
        }
        let records = check.finish(head_seq, &head_hash)?;
        // In journal order: `thads audit seal` covers the oldest lines with
        // a record written after them.
        writes.sort_by_key(|w| w.appended().events.start);
        let mut journal = JournalCheck {
            key,
            writes,
            current: 0,
            lines: 0,
        };
        let mut broken = None;
        self.store
            .sealed_journal(&mut |line| {
                if broken.is_none() {
                    broken = journal.line(line).err();
                }
            })
            .await?;
        if let Some(at) = broken {
            return Err(at.into());
        }
        let lines = journal.finish()?;
        Ok(AuditSummary { records, lines })
    }

    /// Seals the journal of a store written by a thads that did not seal it:
    /// one keyed audit record, [`SEAL_ACTION`], covers every line without a
    /// seal with the digest of their canonical form, so that from then on
    /// they are checked as the lines of a write (a line changed after this
    /// is named by the write, not by itself). Checks the old chain first: a
    /// broken one is not sealed. Returns what it covered (`None`: every line
    /// was sealed already).
    pub async fn seal_journal(&self, actor: &Actor) -> Result<Option<Appended>, AuditError> {
        actor.may_read_audit()?;
        let mut check = ChainCheck::new(self.store.key());
        let (mut broken, mut sealed) = (None, false);
        let (head_seq, head_hash) = self
            .store
            .audit_trail(&mut |record| {
                if broken.is_none() {
                    broken = check.push(&record).err();
                }
                sealed |= record.entry.action == SEAL_ACTION;
            })
            .await?;
        if let Some(at) = broken {
            return Err(at.into());
        }
        // The lines a seal covers keep no seal of their own.
        if sealed {
            return Ok(None);
        }
        match check.finish(head_seq, &head_hash) {
            Ok(_) | Err(AuditBreak::NotKeyed(_)) => {}
            Err(at) => return Err(at.into()),
        }
        let entry = actor.entry(SEAL_ACTION, "journal", serde_json::json!({}));
        Ok(self.store.seal_unsealed(&entry).await?)
    }

    /// The audit records, oldest first, of one actor and/or about one
    /// subject (a case code, an account name, a file).
    pub async fn audit_log(
        &self,
        reader: &Actor,
        actor: Option<&str>,
        subject: Option<&str>,
    ) -> Result<Vec<AuditRecord>, AuditError> {
        reader.may_read_audit()?;
        let mut records = Vec::new();
        self.store
            .audit_trail(&mut |record| {
                let entry = &record.entry;
                if actor.is_none_or(|a| entry.actor == a)
                    && subject.is_none_or(|s| entry.subject == s)
                {
                    records.push(record);
                }
            })
            .await?;
        Ok(records)
    }
}

/// Why the audit key cannot be had.
#[derive(Debug, thiserror::Error)]
pub enum KeyError {
    /// The file cannot be read or written.
    #[error("the audit key file {path}: {error}")]
    Io {
        /// The file.
        path: String,
        /// What went wrong.
        error: std::io::Error,
    },
    /// The file does not hold a key.
    #[error(
        "the audit key file {0} does not hold a key (one line of 64 hexadecimal digits): restore it from its backup"
    )]
    Malformed(String),
    /// Others than its owner may read the file.
    #[error(
        "the audit key file {path} can be read by others than its owner (mode {mode:o}): make it private with `chmod 600 {path}`"
    )]
    Exposed {
        /// The file.
        path: String,
        /// Its permission bits.
        mode: u32,
    },
}

/// The audit key in `path`: read if the file exists, or else made of 32
/// random bytes and written there, readable by its owner only (its folder
/// too is created private). The file holds one line of 64 hexadecimal
/// digits, to be backed up apart from the database (`docs/threat-model.md`).
pub fn load_or_create_key(path: &Path) -> Result<AuditKey, KeyError> {
    use std::io::Write;
    use std::os::unix::fs::{DirBuilderExt, OpenOptionsExt, PermissionsExt};

    let shown = path.display().to_string();
    let io = |error| KeyError::Io {
        path: shown.clone(),
        error,
    };
    match std::fs::read_to_string(path) {
        Ok(text) => {
            let mode = std::fs::metadata(path).map_err(io)?.permissions().mode() & 0o777;
            if mode & 0o077 != 0 {
                return Err(KeyError::Exposed { path: shown, mode });
            }
            let bytes = hex::decode(text.trim())
                .ok()
                .and_then(|bytes| <[u8; AuditKey::LENGTH]>::try_from(bytes).ok())
                .ok_or_else(|| KeyError::Malformed(shown.clone()))?;
            Ok(AuditKey::from_bytes(&bytes))
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            if let Some(folder) = path.parent().filter(|f| !f.as_os_str().is_empty()) {
                std::fs::DirBuilder::new()
                    .recursive(true)
                    .mode(0o700)
                    .create(folder)
                    .map_err(io)?;
            }
            let mut bytes = [0u8; AuditKey::LENGTH];
            getrandom::fill(&mut bytes).expect("the operating system's random source");
            let mut file = std::fs::OpenOptions::new()
                .write(true)
                .create_new(true)
                .mode(0o600)
                .open(path)
                .map_err(io)?;
            writeln!(file, "{}", hex::encode(bytes)).map_err(io)?;
            file.sync_all().map_err(io)?;
            tracing::warn!(path = %shown, "created a new audit key: back it up apart from the database");
            Ok(AuditKey::from_bytes(&bytes))
        }
        Err(e) => Err(io(e)),
    }
}
