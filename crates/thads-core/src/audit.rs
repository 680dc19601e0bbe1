//! The audit trail's hash chain.
//!
//! Every write is recorded as an [`AuditEntry`]: who, when, from where, what.
//! Stored records are numbered 1, 2, 3, … and each carries the SHA-256 of its
//! own fields and of the record before it, so that changing, removing or
//! inserting a record breaks the chain from there on; the store keeps the
//! last number and hash apart from the records, so that removing the last
//! ones shows too. [`ChainCheck`] walks a chain and names the first break.
//!
//! Anyone who can rewrite every record *and* the head can forge a chain; what
//! the chain guarantees is that no record is changed by a slip, a careless
//! repair or a partial edit without it showing.

use sha2::{Digest, Sha256};

/// The hash the first record follows.
pub const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// What one write records.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditEntry {
    /// When, in unix milliseconds.
    pub at_ms: i64,
    /// Who: an account name, or `console:USER` for the command line.
    pub actor: String,
    /// From where: the client's address, or the machine of the console.
    pub address: String,
    /// What kind of write: `import`, `record`, `user.add`, …
    pub action: String,
    /// What it was done to: a case code, an account name, a file name.
    pub subject: String,
    /// The rest, as JSON (never a password).
    pub detail: String,
}

/// A record of the chain.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditRecord {
    /// Its number: 1 for the first.
    pub seq: i64,
    /// What it records.
    pub entry: AuditEntry,
    /// The hash of the record before it ([`GENESIS`] for the first).
    pub prev_hash: String,
    /// The hash of this record's fields and `prev_hash`.
    pub hash: String,
}

impl AuditRecord {
    /// The record that follows one numbered `seq - 1` whose hash is `prev_hash`.
    pub fn chain(seq: i64, prev_hash: &str, entry: AuditEntry) -> AuditRecord {
        let hash = hash_of(seq, &entry, prev_hash);
        AuditRecord {
            seq,
            entry,
            prev_hash: prev_hash.to_owned(),
            hash,
        }
    }
}

/// SHA-256, in hex, of a record's fields written as a JSON array (a form
/// that cannot be read two ways).
pub fn hash_of(seq: i64, entry: &AuditEntry, prev_hash: &str) -> String {
    let fields = serde_json::json!([
        seq,
        entry.at_ms,
        entry.actor,
        entry.address,
        entry.action,
        entry.subject,
        entry.detail,
        prev_hash
    ]);
    hex::encode(Sha256::digest(fields.to_string().as_bytes()))
}

/// The first place where a stored chain is broken.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AuditBreak {
    /// A record's fields no longer give its hash.
    #[error("audit record {0} was altered: its contents no longer match its hash")]
    Altered(i64),
    /// Numbers jump: records between were removed.
    #[error("audit record {expected} is missing (the next one found is {found}): it was removed")]
    Missing {
        /// The number that should come next.
        expected: i64,
        /// The number found instead.
        found: i64,
    },
    /// A record does not follow the one before it.
    #[error(
        "audit record {0} does not follow record {prev}: a record was inserted or replaced there",
        prev = .0 - 1
    )]
    Unlinked(i64),
    /// The chain ends before the last record thads wrote.
    #[error(
        "the audit trail ends at record {last}, but thads wrote up to record {head}: the last records were removed"
    )]
    Truncated {
        /// The last record found.
        last: i64,
        /// The last record written.
        head: i64,
    },
    /// The chain goes on past the last record thads wrote, or ends on
    /// another record than the one thads wrote last.
    #[error("audit record {0} was not written by thads: it was inserted")]
    Inserted(i64),
}

/// Checks a chain record by record, in number order.
#[derive(Debug)]
pub struct ChainCheck {
    next: i64,
    prev_hash: String,
}

impl Default for ChainCheck {
    fn default() -> ChainCheck {
        ChainCheck {
            next: 1,
            prev_hash: GENESIS.to_owned(),
        }
    }
}

impl ChainCheck {
    /// Takes the next record.
    pub fn push(&mut self, record: &AuditRecord) -> Result<(), AuditBreak> {
        if record.seq != self.next {
            return Err(AuditBreak::Missing {
                expected: self.next,
                found: record.seq,
            });
        }
        if hash_of(record.seq, &record.entry, &record.prev_hash) != record.hash {
            return Err(AuditBreak::Altered(record.seq));
        }
        if record.prev_hash != self.prev_hash {
            return Err(AuditBreak::Unlinked(record.seq));
        }
        self.next += 1;
        self.prev_hash.clone_from(&record.hash);
        Ok(())
    }

    /// Ends the walk against the head the store kept (the last record's
    /// number and hash); returns how many records were checked.
    pub fn finish(self, head_seq: i64, head_hash: &str) -> Result<i64, AuditBreak> {
        let last = self.next - 1;
        if last < head_seq {
            return Err(AuditBreak::Truncated {
                last,
                head: head_seq,
            });
        }
        if last > head_seq {
            return Err(AuditBreak::Inserted(head_seq + 1));
        }
        if self.prev_hash != head_hash {
            return Err(AuditBreak::Inserted(last));
        }
        Ok(last)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(n: i64) -> AuditEntry {
        AuditEntry {
            at_ms: 1_700_000_000_000 + n,
            actor: "console:thu".into(),
            address: "may-chu-1".into(),
            action: "record".into(),
            subject: format!("SL/2025/{n:05}"),
            detail: format!(r#"{{"n":{n}}}"#),
        }
    }

    fn chain(n: i64) -> Vec<AuditRecord> {
        let mut records: Vec<AuditRecord> = Vec::new();
        for seq in 1..=n {
            let prev = records
                .last()
                .map_or(GENESIS, |r| r.hash.as_str())
                .to_owned();
            records.push(AuditRecord::chain(seq, &prev, entry(seq)));
        }
        records
    }

    fn check(records: &[AuditRecord], head: (i64, &str)) -> Result<i64, AuditBreak> {
        let mut check = ChainCheck::default();
        for r in records {
            check.push(r)?;
        }
        check.finish(head.0, head.1)
    }

    #[test]
    fn an_intact_chain_checks() {
        let records = chain(5);
        let head = (5, records[4].hash.clone());
        assert_eq!(check(&records, (head.0, &head.1)), Ok(5));
        assert_eq!(check(&[], (0, GENESIS)), Ok(0));
    }

    #[test]
    fn each_kind_of_tampering_is_named() {
        let records = chain(5);
        let head = records[4].hash.clone();
        let head = (5, head.as_str());

        let mut altered = records.clone();
        altered[2].entry.detail = r#"{"n":99}"#.into();
        assert_eq!(check(&altered, head), Err(AuditBreak::Altered(3)));

        let mut removed = records.clone();
        removed.remove(1);
        assert_eq!(
            check(&removed, head),
            Err(AuditBreak::Missing {
                expected: 2,
                found: 3
            })
        );

        // A record put in place of another, with a hash of its own fields.
        let mut replaced = records.clone();
        replaced[2] = AuditRecord::chain(3, GENESIS, entry(42));
        assert_eq!(check(&replaced, head), Err(AuditBreak::Unlinked(3)));

        let truncated = &records[..3];
        assert_eq!(
            check(truncated, head),
            Err(AuditBreak::Truncated { last: 3, head: 5 })
        );

        let mut appended = records.clone();
        appended.push(AuditRecord::chain(6, &records[4].hash, entry(6)));
        assert_eq!(check(&appended, head), Err(AuditBreak::Inserted(6)));
    }
}
