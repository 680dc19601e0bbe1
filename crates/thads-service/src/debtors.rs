//! The public list of debtors without means (danh sách người phải thi hành
//! án chưa có điều kiện thi hành): for an agency and a day, every debtor of
//! a case that was open and not enforceable at the end of that day, with
//! what the law asks to publish — name, address, judgment, decision, what is
//! still owed and why — and nothing more (no identity number).

use std::collections::{BTreeSet, HashMap};

use thads_core::ledger::CaseId;
use thads_core::search::vietnamese_order;
use thads_core::{Agency, AgencyCode, Day, Vnd};
use thads_store::DebtorRow;

use crate::{Actor, ListError, Snapshot, Thads};

/// One debtor of the list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Debtor {
    /// The agency whose case it is.
    pub agency: Agency,
    /// The debtor's name.
    pub name: String,
    /// The debtor's address, if known.
    pub address: Option<String>,
    /// The judgment or decision enforced.
    pub judgment: String,
    /// The decision to enforce.
    pub decision: String,
    /// What is still owed at the end of the day.
    pub owed: Vnd,
    /// The reason recorded with the case's latest `unable` event.
    pub reason: Option<String>,
}

/// The list for an agency's subtree (or the whole country) on a day.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DebtorList {
    /// The agency's name ("Toàn quốc" for the whole country).
    pub scope: String,
    /// The day the list is as of.
    pub as_of: Day,
    /// The debtors, by agency, then by name in Vietnamese order.
    pub debtors: Vec<Debtor>,
}

impl Thads {
    /// The debtors without means of the cases the actor sees, within
    /// `agency`'s subtree (the actor's own reach if `None`), as of the end
    /// of `as_of`: who they are, from the snapshot; their names and
    /// reasons, from the store.
    pub async fn debtors_without_means(
        &self,
        snapshot: &Snapshot,
        actor: &Actor,
        agency: Option<&AgencyCode>,
        as_of: Day,
    ) -> Result<DebtorList, ListError> {
        actor.may_see_cases()?;
        let agencies = &snapshot.agencies;
        let scope = crate::view::seen_agency(actor, agencies, agency)?;
        let listed: Vec<bool> = (0..agencies.len() as u16)
            .map(|a| {
                actor.sees_cases_of(agencies, a) && scope.is_none_or(|s| agencies.is_within(a, s))
            })
            .collect();
        let ledger = &snapshot.ledger;
        let mut owing: HashMap<CaseId, (u16, Vnd)> = HashMap::new();
        for id in 0..ledger.case_count() as CaseId {
            if !listed[usize::from(ledger.agency_of(id).expect("a case"))] {
                continue;
            }
            if let Some((opened, state)) = ledger.case_on(id, as_of)
                && state.closed.is_none()
                && !state.enforceable
            {
                owing.insert(id, (opened.agency, state.owed));
            }
        }
        let provinces: BTreeSet<u16> = owing.values().map(|(a, _)| agencies.root(*a)).collect();
        let mut debtors: HashMap<CaseId, Debtor> = HashMap::new();
        for province in provinces {
            let code = &agencies.get(province).code;
            self.store
                .province_debtors(code, &mut |row| match row {
                    DebtorRow::Case {
                        id,
                        name,
                        address,
                        judgment,
                        decision,
                    } => {
                        if let Some((agency, owed)) = owing.get(&id) {
                            debtors.insert(
                                id,
                                Debtor {
                                    agency: agencies.get(*agency).clone(),
                                    name: name.to_owned(),
                                    address: address.map(str::to_owned),
                                    judgment: judgment.to_owned(),
                                    decision: decision.to_owned(),
                                    owed: *owed,
                                    reason: None,
                                },
                            );
                        }
                    }
                    // Journal order: the last one by the day is the one in force.
                    DebtorRow::Unable { id, on, reason } => {
                        if on <= as_of
                            && let Some(debtor) = debtors.get_mut(&id)
                        {
                            debtor.reason = reason.map(str::to_owned);
                        }
                    }
                })
                .await
                .map_err(ListError::Store)?;
        }
        let position = |a: &Agency| agencies.index(&a.code);
        let mut debtors: Vec<Debtor> = debtors.into_values().collect();
        debtors.sort_by(|a, b| {
            position(&a.agency)
                .cmp(&position(&b.agency))
                .then_with(|| vietnamese_order(&a.name, &b.name))
        });
        let scope = match scope {
            Some(agency) => agencies.get(agency).name.clone(),
            None => match &actor.access {
                crate::Access::Account {
                    agency: Some(code), ..
                } => agencies
                    .index(code)
                    .map_or_else(|| code.to_string(), |a| agencies.get(a).name.clone()),
                _ => thads_core::text::Lang::Vi.t("scope-national"),
            },
        };
        Ok(DebtorList {
            scope,
            as_of,
            debtors,
        })
    }
}
