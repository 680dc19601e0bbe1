//! The rows an append writes, in the shape of the tables, the same for every
//! backend: each backend only chooses how to send them (multi-row INSERTs on
//! SQLite, COPY on PostgreSQL).

use thads_core::agency::AgencyIndex;
use thads_core::journal::{Prepared, Record};
use thads_core::ledger::CaseId;
use thads_core::{Acceptance, AgencyTree, CaseCode, Day, Event, event::Kind};

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
}

/// A party's columns of a case row.
pub(crate) struct PartyRow<'a> {
    pub name: &'a str,
    pub id: Option<&'a str>,
    pub address: Option<&'a str>,
}

/// One `journal_event` row, in the order of [`crate::sql::EVENT_COLUMNS`].
pub(crate) struct EventRow<'a> {
    pub province: &'a str,
    pub case_id: i64,
    pub on_day: i64,
    pub kind: &'static str,
    pub amount: Option<i64>,
    pub reason: Option<&'a str>,
    pub to_agency: Option<&'a str>,
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
}

impl<'a> Rows<'a> {
    pub fn new(base: &'a Snapshot, prepared: &'a Prepared) -> Rows<'a> {
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
                } => Some((*id, case, *on, &**acceptance)),
                _ => None,
            })
            .collect::<Vec<_>>();
        let new_provinces = accepted
            .iter()
            .map(|(_, _, _, a)| agencies.root(agencies.index(&a.agency).expect("checked agency")))
            .collect();
        Rows {
            prepared,
            agencies,
            base,
            accepted,
            new_provinces,
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
        }
    }

    /// The new case records, acceptances included.
    pub fn event_count(&self) -> usize {
        self.prepared.entries.len()
    }

    pub fn event(&self, i: usize) -> EventRow<'_> {
        let (id, record) = &self.prepared.entries[i];
        let (on, kind, amount, reason, to_agency) = match record {
            Record::Accepted { on, acceptance, .. } => {
                (on, "accepted", Some(acceptance.amount.get()), None, None)
            }
            Record::Event { on, event, .. } => {
                let (reason, to) = match event {
                    Event::Unable { reason } | Event::Terminated { reason } => {
                        (reason.as_deref(), None)
                    }
                    Event::Entrusted { to } => (None, Some(to.as_str())),
                    _ => (None, None),
                };
                let amount = matches!(event.kind(), Kind::Collected | Kind::Reduced)
                    .then(|| event.amount().get());
                (on, event.kind().as_str(), amount, reason, to)
            }
            Record::Agency(_) => unreachable!("entries are case records"),
        };
        EventRow {
            province: self.province_of_case(*id),
            case_id: i64::from(*id),
            on_day: i64::from(on.yyyymmdd()),
            kind,
            amount,
            reason,
            to_agency,
        }
    }
}
