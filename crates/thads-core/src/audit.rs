//! The audit trail's keyed chain, and the seals of the journal's lines.
//!
//! Every write is recorded as an [`AuditEntry`]: who, when, from where, what.
//! Stored records are numbered 1, 2, 3, … and each carries an HMAC-SHA256,
//! under the [`AuditKey`], of its own fields and of the record before it, so
//! that changing, removing or inserting a record breaks the chain from there
//! on; the store keeps the last number and hash apart from the records, so
//! that removing the last ones shows too. [`ChainCheck`] walks a chain and
//! names the first break.
//!
//! A write that appends to the journal also records what it appended
//! ([`Appended`]): the agency positions and journal positions it took, and
//! the digest of its lines in their canonical form (`thads export`'s). Each
//! line is stored with its own [`Seal`], an HMAC of its canonical form, so
//! that a line changed in the database is named by itself.
//!
//! The key lives outside the database: whoever can write the database but
//! does not hold the key can neither rewrite the chain nor reseal a line.
//! Records written before thads keyed its chain carry a plain SHA-256; the
//! first keyed record commits to their last hash, so they are covered too.

use hmac::{KeyInit, Mac};
use sha2::{Digest, Sha256};

/// The secret key of the audit trail and of the journal's seals: 32 random
/// bytes, kept in a file outside the database.
#[derive(Clone)]
pub struct AuditKey(hmac::Hmac<Sha256>);

impl AuditKey {
    /// How many bytes a key has.
    pub const LENGTH: usize = 32;

    /// The key of these bytes.
    pub fn from_bytes(bytes: &[u8; AuditKey::LENGTH]) -> AuditKey {
        AuditKey(hmac::Hmac::new_from_slice(bytes).expect("HMAC takes a key of any length"))
    }

    fn mac(&self, message: &[u8]) -> [u8; 32] {
        let mut mac = self.0.clone();
        mac.update(message);
        mac.finalize().into_bytes().into()
    }
}

/// Never printed: a log line must not carry the key.
impl std::fmt::Debug for AuditKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("AuditKey(…)")
    }
}

/// The SHA-256 of a journal line in its canonical form.
pub type LineHash = [u8; 32];

/// A journal line's seal: the first 16 bytes of the HMAC of its hash.
pub type Seal = [u8; 16];

/// The hash of a canonical journal line (without its line end).
pub fn line_hash(line: &str) -> LineHash {
    Sha256::digest(line.as_bytes()).into()
}

/// The seal of a line, by its hash.
pub fn seal(key: &AuditKey, hash: &LineHash) -> Seal {
    key.mac(hash)[..16].try_into().expect("16 bytes")
}

/// What a write appended to the journal.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Appended {
    /// The agency positions it declared.
    pub agencies: std::ops::Range<i64>,
    /// The executor positions it declared.
    pub executors: std::ops::Range<i64>,
    /// The journal positions (`seq`) its case records took: all of those in
    /// this range are its own (writers hold the store's lock), though some
    /// numbers may be skipped.
    pub events: std::ops::Range<i64>,
    /// The positions of the facts of coordination it took.
    pub facts: std::ops::Range<i64>,
    /// The digest of its lines: the SHA-256 of their hashes, in order,
    /// agencies first, then executors, case records and facts (see
    /// [`LineDigest`]), in hex.
    pub digest: String,
}

/// The digest of a write's lines, taken line by line.
#[derive(Debug, Clone, Default)]
pub struct LineDigest {
    hashes: Sha256,
    lines: u64,
}

impl LineDigest {
    /// Takes the next line, by its hash.
    pub fn push(&mut self, hash: &LineHash) {
        self.hashes.update(hash);
        self.lines += 1;
    }

    /// How many lines it has taken.
    pub fn lines(&self) -> u64 {
        self.lines
    }

    /// The digest, in hex.
    pub fn finish(self) -> String {
        hex::encode(self.hashes.finalize())
    }
}

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
    /// What the write appended to the journal, if it did.
    pub appended: Option<Appended>,
    /// Whether its hash is keyed (every record thads writes now is; older
    /// ones carry a plain SHA-256).
    pub keyed: bool,
    /// The hash of the record before it ([`GENESIS`] for the first).
    pub prev_hash: String,
    /// The hash of this record's fields and `prev_hash`.
    pub hash: String,
}

impl AuditRecord {
    /// The record that follows one numbered `seq - 1` whose hash is
    /// `prev_hash`, keyed.
    pub fn chain(
        key: &AuditKey,
        seq: i64,
        prev_hash: &str,
        entry: AuditEntry,
        appended: Option<Appended>,
    ) -> AuditRecord {
        let mut record = AuditRecord {
            seq,
            entry,
            appended,
            keyed: true,
            prev_hash: prev_hash.to_owned(),
            hash: String::new(),
        };
        record.hash = hash_of(Some(key), &record);
        record
    }
}

/// The hash of a record's fields and `prev_hash`, written as a JSON array (a
/// form that cannot be read two ways): the HMAC-SHA256 under `key`, in hex,
/// or for a record written before keying (`key` is `None`) the plain
/// SHA-256 of its fields then.
pub fn hash_of(key: Option<&AuditKey>, record: &AuditRecord) -> String {
    let entry = &record.entry;
    let mut fields = serde_json::json!([
        record.seq,
        entry.at_ms,
        entry.actor,
        entry.address,
        entry.action,
        entry.subject,
        entry.detail,
        record.prev_hash
    ]);
    let Some(key) = key else {
        return hex::encode(Sha256::digest(fields.to_string().as_bytes()));
    };
    if let Some(appended) = &record.appended {
        let list = fields.as_array_mut().expect("an array");
        list.extend([
            appended.agencies.start.into(),
            appended.agencies.end.into(),
            appended.events.start.into(),
            appended.events.end.into(),
            appended.digest.clone().into(),
        ]);
        // Executors came with the journal's second version: a record
        // that declared none hashes as it did before.
        if !appended.executors.is_empty() {
            list.extend([
                appended.executors.start.into(),
                appended.executors.end.into(),
            ]);
        }
        // So did facts of coordination.
        if !appended.facts.is_empty() {
            list.extend([
                "facts".into(),
                appended.facts.start.into(),
                appended.facts.end.into(),
            ]);
        }
    }
    hex::encode(key.mac(fields.to_string().as_bytes()))
}

/// The first place where a stored chain is broken.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AuditBreak {
    /// A record's fields no longer give its hash.
    #[error(
        "audit record {0} was altered: its contents no longer match its hash (or the audit key in use is not the one it was written with)"
    )]
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
    /// A record with a plain hash after keyed ones: rewritten by someone
    /// without the key.
    #[error(
        "audit record {0} is not keyed, though records before it are: it was rewritten by someone without the key"
    )]
    Unkeyed(i64),
    /// The whole chain predates keying: it may be read, not trusted.
    #[error(
        "the audit trail's {0} records were written before thads keyed it: run `thads audit seal` once to key it and seal the journal"
    )]
    NotKeyed(i64),
}

/// Checks a chain record by record, in number order.
#[derive(Debug)]
pub struct ChainCheck<'k> {
    key: &'k AuditKey,
    next: i64,
    prev_hash: String,
    keyed: bool,
}

impl ChainCheck<'_> {
    /// A check of a chain keyed by `key`.
    pub fn new(key: &AuditKey) -> ChainCheck<'_> {
        ChainCheck {
            key,
            next: 1,
            prev_hash: GENESIS.to_owned(),
            keyed: false,
        }
    }

    /// Takes the next record.
    pub fn push(&mut self, record: &AuditRecord) -> Result<(), AuditBreak> {
        if record.seq != self.next {
            return Err(AuditBreak::Missing {
                expected: self.next,
                found: record.seq,
            });
        }
        if self.keyed && !record.keyed {
            return Err(AuditBreak::Unkeyed(record.seq));
        }
        let key = record.keyed.then_some(self.key);
        if (!record.keyed && record.appended.is_some()) || hash_of(key, record) != record.hash {
            return Err(AuditBreak::Altered(record.seq));
        }
        if record.prev_hash != self.prev_hash {
            return Err(AuditBreak::Unlinked(record.seq));
        }
        self.next += 1;
        self.keyed = record.keyed;
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
        if last > 0 && !self.keyed {
            return Err(AuditBreak::NotKeyed(last));
        }
        Ok(last)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key() -> AuditKey {
        AuditKey::from_bytes(&[7; AuditKey::LENGTH])
    }

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

    fn appended(n: i64) -> Option<Appended> {
        (n % 2 == 0).then(|| Appended {
            agencies: 0..0,
            executors: 0..0,
            facts: 0..0,
            events: n..n + 1,
            digest: format!("{n:064x}"),
        })
    }

    fn chain(key: &AuditKey, n: i64) -> Vec<AuditRecord> {
        let mut records: Vec<AuditRecord> = Vec::new();
        for seq in 1..=n {
            let prev = records
                .last()
                .map_or(GENESIS, |r| r.hash.as_str())
                .to_owned();
            records.push(AuditRecord::chain(
                key,
                seq,
                &prev,
                entry(seq),
                appended(seq),
            ));
        }
        records
    }

    fn check(records: &[AuditRecord], head: (i64, &str)) -> Result<i64, AuditBreak> {
        let key = key();
        let mut check = ChainCheck::new(&key);
        for r in records {
            check.push(r)?;
        }
        check.finish(head.0, head.1)
    }

    #[test]
    fn an_intact_chain_checks() {
        let records = chain(&key(), 5);
        let head = (5, records[4].hash.clone());
        assert_eq!(check(&records, (head.0, &head.1)), Ok(5));
        assert_eq!(check(&[], (0, GENESIS)), Ok(0));
    }

    #[test]
    fn each_kind_of_tampering_is_named() {
        let records = chain(&key(), 5);
        let head = records[4].hash.clone();
        let head = (5, head.as_str());

        let mut altered = records.clone();
        altered[2].entry.detail = r#"{"n":99}"#.into();
        assert_eq!(check(&altered, head), Err(AuditBreak::Altered(3)));

        // What a write appended is covered by its record's hash.
        let mut altered = records.clone();
        altered[1].appended.as_mut().unwrap().digest = "0".repeat(64);
        assert_eq!(check(&altered, head), Err(AuditBreak::Altered(2)));

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
        replaced[2] = AuditRecord::chain(&key(), 3, GENESIS, entry(42), None);
        assert_eq!(check(&replaced, head), Err(AuditBreak::Unlinked(3)));

        let truncated = &records[..3];
        assert_eq!(
            check(truncated, head),
            Err(AuditBreak::Truncated { last: 3, head: 5 })
        );

        let mut appended = records.clone();
        appended.push(AuditRecord::chain(
            &key(),
            6,
            &records[4].hash,
            entry(6),
            None,
        ));
        assert_eq!(check(&appended, head), Err(AuditBreak::Inserted(6)));
    }

    #[test]
    fn without_the_key_no_rewrite_checks() {
        // Someone who can write the database rewrites the whole chain and
        // its head, consistently, with a key of their own…
        let forged = chain(&AuditKey::from_bytes(&[8; AuditKey::LENGTH]), 5);
        let head = (5, forged[4].hash.as_str());
        assert_eq!(check(&forged, head), Err(AuditBreak::Altered(1)));
        // …or as a chain of plain hashes, as thads wrote before keying.
        let mut plain: Vec<AuditRecord> = Vec::new();
        for seq in 1..=5 {
            let mut record = AuditRecord {
                seq,
                entry: entry(seq),
                appended: None,
                keyed: false,
                prev_hash: plain.last().map_or(GENESIS, |r| &r.hash).to_owned(),
                hash: String::new(),
            };
            record.hash = hash_of(None, &record);
            plain.push(record);
        }
        let head = (5, plain[4].hash.as_str());
        assert_eq!(check(&plain, head), Err(AuditBreak::NotKeyed(5)));
        // Plain records before keyed ones are covered by the first keyed
        // one; a plain record after a keyed one is a rewrite.
        let key = key();
        let keyed = AuditRecord::chain(&key, 6, &plain[4].hash, entry(6), None);
        let mut upgraded = plain.clone();
        upgraded.push(keyed.clone());
        assert_eq!(check(&upgraded, (6, keyed.hash.as_str())), Ok(6));
        let mut rewritten = upgraded.clone();
        rewritten[1].entry.detail = "{}".into();
        rewritten[1].hash = hash_of(None, &rewritten[1]);
        assert_eq!(
            check(&rewritten, (6, keyed.hash.as_str())),
            Err(AuditBreak::Unlinked(3))
        );
        let mut after = upgraded.clone();
        after.push(plain[0].clone());
        after[6].seq = 7;
        after[6].prev_hash = keyed.hash.clone();
        after[6].hash = hash_of(None, &after[6]);
        assert_eq!(
            check(&after, (7, after[6].hash.as_str())),
            Err(AuditBreak::Unkeyed(7))
        );
    }

    #[test]
    fn a_line_is_sealed_by_its_canonical_text() {
        let line = r#"{"type":"collected","case":"SL/1","on":"2025-03-10","amount":50000000}"#;
        let hash = line_hash(line);
        let altered = line_hash(&line.replace("50000000", "2500000000"));
        assert_ne!(seal(&key(), &hash), seal(&key(), &altered));
        assert_ne!(
            seal(&key(), &hash),
            seal(&AuditKey::from_bytes(&[8; AuditKey::LENGTH]), &hash)
        );
        assert_eq!(format!("{:?}", key()), "AuditKey(…)");
    }
}
