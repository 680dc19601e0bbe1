//! The rows an append writes, in the shape of the tables, the same for every
//! backend: each backend only chooses how to send them (multi-row INSERTs on
//! SQLite, COPY on PostgreSQL).

use thads_core::agency::AgencyIndex;
use thads_core::audit::{Appended, AuditKey, LineDigest, LineHash, Seal, line_hash, seal};
use thads_core::check::Prepared;
use thads_core::event::UnableGround;
use thads_core::journal::{Record, write_record};
use thads_core::ledger::CaseId;
use thads_core::{Acceptance, AgencyTree, CaseCode, Day, Event};

use crate::Snapshot;

/// One `enforcement_case` row, in the order of [`crate::sql::CASE_COLUMNS`].
pub(crate) struct CaseRow<'a> {
    pub province: &'a str,
    pub id: i64,
    pub code: &'a str,
    pub agency: &'a str,
    pub accepted_on: i64,
    pub mode: &'static str,
    pub amount: i64,
    pub categories: String,
    pub decision: &'a str,
    pub judgment: &'a str,
    pub debtor: PartyRow<'a>,
    pub creditor: PartyRow<'a>,
    pub judgment_kind: Option<&'static str>,
    pub budget_item: Option<&'static str>,
    /// `accepted.creditors` as a JSON array, if the case has several.
    pub creditors: Option<String>,
    /// `accepted.debtors` as a JSON array, if the obligation is joint.
    pub debtors: Option<String>,
}

/// A party's columns of a case row.
pub(crate) struct PartyRow<'a> {
    pub name: &'a str,
    pub id: Option<&'a str>,
    pub address: Option<&'a str>,
}

/// One `journal_event` row, in the order of [`crate::sql::EVENT_COLUMNS`].
pub(crate) struct EventRow<'a> {
    /// Its position: the journal's, plus one for each record before it.
    pub seq: i64,
    pub province: &'a str,
    pub case_id: i64,
    pub on_day: i64,
    pub kind: &'static str,
    pub amount: Option<i64>,
    pub reason: Option<&'a str>,
    pub to_agency: Option<&'a str>,
    pub seal: &'a [u8],
    pub executor: Option<&'a str>,
    pub means: Option<i64>,
    pub ground: Option<&'a str>,
    pub payee: Option<&'a str>,
    pub counted_on: Option<i64>,
}

/// A checked journal, ready to be written on top of the snapshot it was
/// checked against.
pub(crate) struct Rows<'a> {
    prepared: &'a Prepared,
    /// The store's agencies with the journal's new ones.
    agencies: AgencyTree,
    base: &'a Snapshot,
    accepted: Vec<(CaseId, &'a CaseCode, Day, &'a Acceptance)>,
    /// The province of each new case, in the order accepted.
    new_provinces: Vec<AgencyIndex>,
    /// The seal of each new agency's line, each new executor's, then each
    /// case record's.
    agency_seals: Vec<Seal>,
    executor_seals: Vec<Seal>,
    event_seals: Vec<Seal>,
    /// Each new fact of coordination's canonical line, and its seal.
    fact_lines: Vec<String>,
    fact_seals: Vec<Seal>,
    /// The digest of every line appended, in order.
    digest: String,
}

impl<'a> Rows<'a> {
    pub fn new(base: &'a Snapshot, prepared: &'a Prepared, key: &AuditKey) -> Rows<'a> {
        let mut agencies = base.agencies.clone();
        for agency in &prepared.agencies {
            agencies.add(agency.clone()).expect("checked agency");
        }
        let accepted = prepared
            .entries
            .iter()
            .filter_map(|(id, r)| match r {
                Record::Accepted {
                    case,
                    on,
                    acceptance,
                    ..
                } => Some((*id, case, *on, &**acceptance)),
                _ => None,
            })
            .collect::<Vec<_>>();
        let new_provinces = accepted
            .iter()
            .map(|(_, _, _, a)| agencies.root(agencies.index(&a.agency).expect("checked agency")))
            .collect();
        let agency_lines: Vec<Record> = prepared
            .agencies
            .iter()
            .map(|a| Record::Agency(a.clone()))
            .collect();
        let executor_lines: Vec<Record> = prepared
            .executors
            .iter()
            .map(|e| Record::Executor(e.clone()))
            .collect();
        let mut digest = LineDigest::default();
        let agency_seals = seal_lines(key, agency_lines.iter(), &mut digest);
        let executor_seals = seal_lines(key, executor_lines.iter(), &mut digest);
        let event_seals = seal_lines(key, prepared.entries.iter().map(|(_, r)| r), &mut digest);
        let fact_lines: Vec<String> = prepared
            .facts
            .iter()
            .map(|fact| write_record(&Record::Coordination(Box::new(fact.clone()))))
            .collect();
        let fact_seals = fact_lines
            .iter()
            .map(|line| {
                let hash = line_hash(line);
                digest.push(&hash);
                seal(key, &hash)
            })
            .collect();
        Rows {
            prepared,
            agencies,
            base,
            accepted,
            new_provinces,
            agency_seals,
            executor_seals,
            event_seals,
            fact_lines,
            fact_seals,
            digest: digest.finish(),
        }
    }

    /// The seal of the `i`-th new agency.
    pub fn agency_seal(&self, i: usize) -> &[u8] {
        &self.agency_seals[i]
    }

    /// The canonical line of the `i`-th new fact of coordination.
    pub fn fact_line(&self, i: usize) -> &str {
        &self.fact_lines[i]
    }

    /// The seal of the `i`-th new fact of coordination.
    pub fn fact_seal(&self, i: usize) -> &[u8] {
        &self.fact_seals[i]
    }

    /// The seal of the `i`-th new executor.
    pub fn executor_seal(&self, i: usize) -> &[u8] {
        &self.executor_seals[i]
    }

    /// What these rows append, the journal having reached `journal_seq`
    /// with them.
    pub fn appended(&self, journal_seq: i64) -> Appended {
        let agencies = self.base.agencies.len() as i64;
        let executors = self.base.executors.len() as i64;
        Appended {
            agencies: agencies..agencies + self.prepared.agencies.len() as i64,
            executors: executors..executors + self.prepared.executors.len() as i64,
            facts: {
                let facts = self.base.coordination.fact_count() as i64;
                facts..facts + self.prepared.facts.len() as i64
            },
            events: self.base.journal_seq + 1..journal_seq + 1,
            digest: self.digest.clone(),
        }
    }

    /// The province (root agency) of a case, by its code.
    fn province_of_case(&self, id: CaseId) -> &str {
        // New cases take the ids after the stored ones, in the order accepted.
        let province = match (id as usize).checked_sub(self.base.ledger.case_count()) {
            Some(offset) => self.new_provinces[offset],
            None => {
                let agency = self.base.ledger.agency_of(id).expect("checked case");
                self.agencies.root(agency)
            }
        };
        self.agencies.get(province).code.as_str()
    }

    /// The new cases.
    pub fn case_count(&self) -> usize {
        self.accepted.len()
    }

    pub fn case(&self, i: usize) -> CaseRow<'_> {
        let (id, code, on, a) = self.accepted[i];
        let party = |p: &'a thads_core::Party| PartyRow {
            name: &p.name,
            id: p.id.as_deref(),
            address: p.address.as_deref(),
        };
        CaseRow {
            province: self.province_of_case(id),
            id: i64::from(id),
            code: code.as_str(),
            agency: a.agency.as_str(),
            accepted_on: i64::from(on.yyyymmdd()),
            mode: a.mode.as_str(),
            amount: a.amount.get(),
            categories: a
                .categories
                .iter()
                .map(|c| c.as_str())
                .collect::<Vec<_>>()
                .join(","),
            decision: &a.decision,
            judgment: &a.judgment,
            debtor: party(&a.debtor),
            creditor: party(&a.creditor),
            judgment_kind: a.judgment_kind.map(|k| k.as_str()),
            budget_item: a.budget_item.map(|b| b.as_str()),
            creditors: (!a.creditors.is_empty())
                .then(|| thads_core::journal::creditors_to_json(&a.creditors)),
            debtors: (!a.debtors.is_empty())
                .then(|| thads_core::journal::debtors_to_json(&a.debtors)),
        }
    }

    /// The new case records, acceptances included.
    pub fn event_count(&self) -> usize {
        self.prepared.entries.len()
    }

    pub fn event(&self, i: usize) -> EventRow<'_> {
        let (id, record) = &self.prepared.entries[i];
        let mut row = EventRow {
            seq: self.base.journal_seq + 1 + i as i64,
            province: self.province_of_case(*id),
            case_id: i64::from(*id),
            on_day: 0,
            kind: "accepted",
            amount: None,
            reason: None,
            to_agency: None,
            seal: &self.event_seals[i],
            executor: None,
            means: None,
            ground: None,
            payee: None,
            counted_on: match record {
                Record::Accepted { counted_on, .. } | Record::Event { counted_on, .. } => {
                    counted_on.map(|d| i64::from(d.yyyymmdd()))
                }
                _ => None,
            },
        };
        match record {
            Record::Accepted { on, acceptance, .. } => {
                row.on_day = i64::from(on.yyyymmdd());
                row.amount = Some(acceptance.amount.get());
            }
            Record::Event { on, event, .. } => {
                row.on_day = i64::from(on.yyyymmdd());
                row.kind = event.kind().as_str();
                row.amount = event.kind().moves_money().then(|| event.amount().get());
                match event {
                    Event::Unable { reason, ground } => {
                        row.reason = reason.as_deref();
                        row.ground = ground.map(UnableGround::as_str);
                    }
                    Event::Terminated { reason, ground } => {
                        row.reason = reason.as_deref();
                        row.ground = ground.as_deref();
                    }
                    Event::Postponed { ground } | Event::Suspended { ground } => {
                        row.ground = ground.as_deref();
                    }
                    Event::Entrusted { to } => row.to_agency = Some(to.as_str()),
                    Event::Assigned { executor } => row.executor = Some(executor.as_str()),
                    Event::Verified { means, note } => {
                        row.means = Some(i64::from(*means));
                        row.reason = note.as_deref();
                    }
                    Event::PaidOut { to, .. } => row.payee = to.as_deref(),
                    _ => {}
                }
            }
            Record::Agency(_) | Record::Executor(_) | Record::Coordination(_) => {
                unreachable!("entries are case records")
            }
        }
        row
    }
}

/// Seals lines in their canonical form, block by block, each block spread
/// over the machine's cores; `digest` takes their hashes in order.
fn seal_lines<'r>(
    key: &AuditKey,
    records: impl Iterator<Item = &'r Record>,
    digest: &mut LineDigest,
) -> Vec<Seal> {
    const BLOCK: usize = 1 << 16;
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    let records: Vec<&Record> = records.collect();
    let mut seals = Vec::with_capacity(records.len());
    for block in records.chunks(BLOCK) {
        let per_thread = block.len().div_ceil(threads).max(1024);
        let sealed: Vec<Vec<(LineHash, Seal)>> = std::thread::scope(|s| {
            let handles: Vec<_> = block
                .chunks(per_thread)
                .map(|part| {
                    s.spawn(move || {
                        part.iter()
                            .map(|record| {
                                let hash = line_hash(&write_record(record));
                                (hash, seal(key, &hash))
                            })
                            .collect()
                    })
                })
                .collect();
            handles
                .into_iter()
                .map(|h| h.join().expect("sealing does not panic"))
                .collect()
        });
        for (hash, line_seal) in sealed.into_iter().flatten() {
            digest.push(&hash);
            seals.push(line_seal);
        }
    }
    seals
}
