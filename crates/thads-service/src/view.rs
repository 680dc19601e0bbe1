//! What pages read: the store's snapshot and a search index over every
//! case, held in memory and renewed when the journal moves.
//!
//! A [`View`] is one state of the store. [`crate::Thads::view`] asks the
//! store where its journal has got to (one small query) and hands out the
//! view it holds while that has not moved; otherwise it builds the next one.
//! Cases are never changed or removed, so the search index is shared by
//! every view and only grows: a view ignores cases added after it.

use std::sync::{Arc, RwLock};

use thads_core::ledger::{CHUNK_CASES, CaseId, Opened};
use thads_core::search::TextIndex;
use thads_core::{Agency, AgencyCode, CaseState, Category, Day, Status, Vnd};
use thads_store::{CaseText, Snapshot, Store, StoreError};

use crate::Actor;

/// How many cases a page of the list shows.
pub const PAGE_SIZE: usize = 50;

/// One state of the store, as pages read it.
#[derive(Debug)]
pub struct View {
    /// Agencies and the ledger.
    snapshot: Snapshot,
    /// Where the journal was: its last position and its number of agencies.
    pub(crate) position: (i64, i64),
    /// What the case list filters on and what each case still owes, a
    /// chunk of the ledger at a time: views share the chunks no write
    /// changed, so that renewing a view after a write costs what the write
    /// touched, not a copy of every case.
    facts: Vec<Arc<FactsChunk>>,
    directory: Arc<RwLock<Directory>>,
    /// Each ledger chunk's steps due, shared by the views (see [`View::due`]).
    pub(crate) due_chunks: Arc<crate::due::DueChunks>,
    /// The steps due already listed of this view (see [`View::due`]).
    pub(crate) due_lists:
        std::sync::Mutex<std::collections::HashMap<crate::due::DueKey, Arc<crate::due::DueList>>>,
    /// The requests each sight sees, listed once a view (see
    /// [`View::requests`]), and the tables by partner made of them.
    pub(crate) request_lists: std::sync::Mutex<
        std::collections::HashMap<
            crate::coordination::ListKey,
            Arc<crate::coordination::RequestList>,
        >,
    >,
    pub(crate) partner_tables: std::sync::Mutex<
        std::collections::HashMap<
            crate::coordination::TableKey,
            Arc<Vec<crate::coordination::PartnerFigures>>,
        >,
    >,
    /// Campaigns' results already made of this view.
    pub(crate) campaigns: crate::campaign::CampaignCache,
    /// Dashboards already made of this view.
    pub(crate) dashboards: std::sync::Mutex<
        std::collections::HashMap<crate::dashboard::Key, Arc<crate::dashboard::Dashboard>>,
    >,
}

/// What the list filters a case on, in 16 bytes: a million of them are
/// scanned in a few milliseconds.
#[derive(Debug, Clone, Copy)]
struct Facts {
    amount: Vnd,
    accepted_on: Day,
    agency: u16,
    categories: thads_core::Categories,
    /// The status's place in [`Status::ALL`], and 16 if enforceable.
    flags: u8,
}

const _: () = assert!(std::mem::size_of::<Facts>() == 16);

impl Facts {
    const ENFORCEABLE: u8 = 16;

    fn of(opened: &Opened, state: &CaseState) -> Facts {
        let status = Status::ALL
            .iter()
            .position(|s| *s == state.status())
            .expect("every status is listed") as u8;
        Facts {
            amount: opened.amount,
            accepted_on: opened.accepted_on,
            agency: opened.agency,
            categories: opened.categories,
            flags: status
                | if state.enforceable {
                    Facts::ENFORCEABLE
                } else {
                    0
                },
        }
    }

    fn status(self) -> Status {
        Status::ALL[usize::from(self.flags & (Facts::ENFORCEABLE - 1))]
    }

    fn enforceable(self) -> bool {
        self.flags & Facts::ENFORCEABLE != 0
    }
}

/// The facts of the cases of one chunk of the ledger.
#[derive(Debug, Default)]
struct FactsChunk {
    facts: Vec<Facts>,
    owed: Vec<Vnd>,
}

impl FactsChunk {
    /// The facts of chunk `chunk` of the ledger.
    fn of(ledger: &thads_core::ledger::Ledger, chunk: usize) -> FactsChunk {
        let ids = chunk * CHUNK_CASES..((chunk + 1) * CHUNK_CASES).min(ledger.case_count());
        let (facts, owed) = ids
            .map(|id| {
                let (opened, state) = ledger.case(id as CaseId).expect("a case of the ledger");
                (Facts::of(&opened, &state), state.owed)
            })
            .unzip();
        FactsChunk { facts, owed }
    }
}

/// What cases are found and listed by, for every case stored so far.
#[derive(Debug, Default)]
pub(crate) struct Directory {
    index: TextIndex,
    /// Each case's code, debtor and creditor, one after another.
    names: String,
    /// Where each case's names end in `names`: three ends per case.
    ends: Vec<u32>,
}

impl Directory {
    fn len(&self) -> usize {
        self.ends.len() / 3
    }

    fn names(&self, id: CaseId) -> [&str; 3] {
        let i = id as usize * 3;
        let start = if i == 0 { 0 } else { self.ends[i - 1] as usize };
        let [a, b, c] = [self.ends[i], self.ends[i + 1], self.ends[i + 2]].map(|e| e as usize);
        [&self.names[start..a], &self.names[a..b], &self.names[b..c]]
    }

    /// Adds a case's texts; cases come in id order.
    fn add(&mut self, case: &CaseText<'_>) {
        for name in [case.code, case.debtor, case.creditor] {
            self.names.push_str(name);
            self.ends.push(self.names.len() as u32);
        }
        self.index.add(case.id, case.texts());
    }

    /// Adds the cases of `snapshot` it does not hold yet: all of them the
    /// first time, then those of the provinces whose new cases the
    /// snapshot's ledger names.
    async fn catch_up(
        directory: &RwLock<Directory>,
        store: &Store,
        snapshot: &Snapshot,
    ) -> Result<(), StoreError> {
        let first = directory.read().expect("not poisoned").len();
        let count = snapshot.ledger.case_count();
        if first >= count {
            return Ok(());
        }
        let mut added = Directory::default();
        if first == 0 {
            store
                .case_texts(None, 0, &mut |case| added.add(&case))
                .await?;
        } else {
            let agencies = &snapshot.agencies;
            let provinces: std::collections::BTreeSet<_> = (first..count)
                .map(|id| {
                    let agency = snapshot.ledger.agency_of(id as CaseId).expect("a case");
                    agencies.root(agency)
                })
                .collect();
            let mut rows = Vec::new();
            for province in provinces {
                let code = &agencies.get(province).code;
                store
                    .case_texts(Some(code), first as CaseId, &mut |case| {
                        rows.push((case.id, case.texts().map(str::to_owned)));
                    })
                    .await?;
            }
            rows.sort_unstable_by_key(|(id, _)| *id);
            for (id, [code, decision, judgment, debtor, creditor]) in &rows {
                added.add(&CaseText {
                    id: *id,
                    code,
                    decision,
                    judgment,
                    debtor,
                    creditor,
                });
            }
        }
        let mut directory = directory.write().expect("not poisoned");
        // Renewals take turns, so no one else has added cases meanwhile.
        assert_eq!(directory.len(), first, "one renewal at a time");
        let offset = directory.names.len() as u32;
        directory.names.push_str(&added.names);
        directory.ends.extend(added.ends.iter().map(|e| e + offset));
        directory.index.append(added.index);
        Ok(())
    }
}

/// What the case list asks for: words to find and filters, and a page.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CaseQuery {
    /// Words each of which must begin a word of the case's code, debtor,
    /// creditor, decision or judgment (diacritics and case ignored).
    pub text: String,
    /// Only cases of this agency's subtree.
    pub agency: Option<AgencyCode>,
    /// Only cases in this status.
    pub status: Option<Status>,
    /// Only cases of this category.
    pub category: Option<Category>,
    /// Only enforceable (or only not enforceable) cases.
    pub enforceable: Option<bool>,
    /// Accepted amount at least this.
    pub min_amount: Option<Vnd>,
    /// Accepted amount at most this.
    pub max_amount: Option<Vnd>,
    /// Accepted on or after.
    pub accepted_from: Option<Day>,
    /// Accepted on or before.
    pub accepted_to: Option<Day>,
    /// The page, from 1.
    pub page: usize,
}

/// A page of the case list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CaseListing {
    /// How many cases match in all.
    pub total: usize,
    /// This page (from 1) and how many pages there are.
    pub page: usize,
    /// How many pages.
    pub pages: usize,
    /// The cases of this page, most recently stored first.
    pub rows: Vec<CaseRow>,
}

/// One case in a list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CaseRow {
    /// Its code.
    pub code: String,
    /// The debtor's name.
    pub debtor: String,
    /// The creditor's name.
    pub creditor: String,
    /// The accepting agency.
    pub agency: Agency,
    /// What it was accepted with.
    pub opened: Opened,
    /// Its state now.
    pub state: CaseState,
}

/// Why a case list cannot be given.
#[derive(Debug, thiserror::Error)]
pub enum ListError {
    /// The actor's role sees no cases.
    #[error(transparent)]
    Denied(#[from] crate::Denied),
    /// The agency asked for is not known (or not to this actor).
    #[error("agency {0} is not known")]
    UnknownAgency(AgencyCode),
    /// The executor asked for is not declared.
    #[error("executor {0} is not declared")]
    UnknownExecutor(thads_core::executor::ExecutorCode),
    /// The store failed.
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// How many ids there are, and the page of them that starts at `first`.
fn page_of(ids: impl Iterator<Item = CaseId>, first: usize) -> (usize, Vec<CaseId>) {
    let mut total = 0;
    let mut page = Vec::with_capacity(PAGE_SIZE);
    for id in ids {
        if total >= first && page.len() < PAGE_SIZE {
            page.push(id);
        }
        total += 1;
    }
    (total, page)
}

impl View {
    /// The agencies and ledger this view reads: what a page hands the use
    /// cases it calls, so that all it shows comes from one position of the
    /// journal.
    pub fn snapshot(&self) -> &Snapshot {
        &self.snapshot
    }

    /// The agencies, as the journal declared them.
    pub fn agencies(&self) -> &thads_core::AgencyTree {
        &self.snapshot.agencies
    }

    /// How many cases the store holds.
    pub fn case_count(&self) -> usize {
        self.snapshot.ledger.case_count()
    }

    /// A case's code.
    pub fn case_code(&self, id: CaseId) -> String {
        let directory = self.directory.read().expect("not poisoned");
        directory.names(id)[0].to_owned()
    }

    /// A case's code and its debtor's name.
    pub fn case_code_and_debtor(&self, id: CaseId) -> [String; 2] {
        let directory = self.directory.read().expect("not poisoned");
        let [code, debtor, _] = directory.names(id);
        [code.to_owned(), debtor.to_owned()]
    }

    /// The list row of a case.
    fn row(&self, directory: &Directory, id: CaseId) -> CaseRow {
        let (opened, state) = self.snapshot.ledger.case(id).expect("a case of the ledger");
        let [code, debtor, creditor] = directory.names(id);
        CaseRow {
            code: code.to_owned(),
            debtor: debtor.to_owned(),
            creditor: creditor.to_owned(),
            agency: self.snapshot.agencies.get(opened.agency).clone(),
            opened,
            state,
        }
    }

    /// The open cases owing the most, of the agencies `visible` says, the
    /// largest first.
    pub(crate) fn largest_open(&self, visible: &[bool], count: usize) -> Vec<CaseRow> {
        let mut largest: Vec<(Vnd, CaseId)> = Vec::with_capacity(count + 1);
        let all = self.facts.iter().flat_map(|c| c.facts.iter().zip(&c.owed));
        for (id, (facts, owed)) in all.enumerate() {
            let id = id as CaseId;
            if !facts.status().is_open()
                || largest.len() == count && largest.last().is_some_and(|(min, _)| owed <= min)
                || !visible[usize::from(facts.agency)]
            {
                continue;
            }
            let at = largest.partition_point(|(o, _)| o >= owed);
            largest.insert(at, (*owed, id));
            largest.truncate(count);
        }
        let directory = self.directory.read().expect("not poisoned");
        largest
            .into_iter()
            .map(|(_, id)| self.row(&directory, id))
            .collect()
    }

    /// The view of `snapshot`, with the directory brought up to date. Given
    /// the `previous` view (whose ledger the snapshot shares but for the
    /// chunks written since), only the cases of those chunks are looked at
    /// again.
    pub(crate) async fn build(
        store: &Store,
        snapshot: Snapshot,
        position: (i64, i64),
        directory: Arc<RwLock<Directory>>,
        previous: Option<&View>,
    ) -> Result<View, StoreError> {
        let due_chunks = previous.map_or_else(Default::default, |p| p.due_chunks.clone());
        Directory::catch_up(&directory, store, &snapshot).await?;
        let ledger = &snapshot.ledger;
        let (mut facts, changed) = match previous {
            Some(previous) => (
                previous.facts.clone(),
                ledger.changed_since(&previous.snapshot.ledger),
            ),
            None => (Vec::new(), (0..ledger.chunks().len()).collect()),
        };
        facts.resize_with(ledger.chunks().len(), Default::default);
        for chunk in changed {
            facts[chunk] = Arc::new(FactsChunk::of(ledger, chunk));
        }
        Ok(View {
            snapshot,
            position,
            facts,
            directory,
            due_chunks,
            due_lists: Default::default(),
            request_lists: Default::default(),
            partner_tables: Default::default(),
            campaigns: Default::default(),
            dashboards: Default::default(),
        })
    }

    /// The cases the actor may see that match the query, a page of them.
    pub fn cases(&self, actor: &Actor, query: &CaseQuery) -> Result<CaseListing, ListError> {
        let agencies = &self.snapshot.agencies;
        actor.may_see_cases()?;
        let scope = seen_agency(actor, agencies, query.agency.as_ref())?;
        // Agencies are few: decide each once.
        let visible: Vec<bool> = (0..agencies.len())
            .map(|a| {
                let a = a as u16;
                actor.sees_cases_of(agencies, a)
                    && scope.is_none_or(|top| agencies.is_within(a, top))
            })
            .collect();
        let directory = self.directory.read().expect("not poisoned");
        let count = self.case_count() as CaseId;
        let keep = |id: &CaseId| {
            let (chunk, slot) = (*id as usize / CHUNK_CASES, *id as usize % CHUNK_CASES);
            let facts = self.facts[chunk].facts[slot];
            visible[usize::from(facts.agency)]
                && query.status.is_none_or(|s| s == facts.status())
                && query.enforceable.is_none_or(|e| e == facts.enforceable())
                && query.category.is_none_or(|c| facts.categories.contains(c))
                && query.min_amount.is_none_or(|m| facts.amount >= m)
                && query.max_amount.is_none_or(|m| facts.amount <= m)
                && query.accepted_from.is_none_or(|d| facts.accepted_on >= d)
                && query.accepted_to.is_none_or(|d| facts.accepted_on <= d)
        };
        let page = query.page.max(1);
        let first = (page - 1) * PAGE_SIZE;
        // Newest first; every match counted, one page kept.
        let (total, ids) = match directory.index.search(&query.text) {
            Some(found) => page_of(
                found
                    .into_iter()
                    .rev()
                    .filter(|id| *id < count)
                    .filter(keep),
                first,
            ),
            None => page_of((0..count).rev().filter(keep), first),
        };
        let rows = ids.into_iter().map(|id| self.row(&directory, id)).collect();
        Ok(CaseListing {
            total,
            page,
            pages: total.div_ceil(PAGE_SIZE).max(1),
            rows,
        })
    }
}

/// The agency named, if the actor sees its cases; `None` if none is named.
/// An agency out of sight is not known to the actor.
pub(crate) fn seen_agency(
    actor: &Actor,
    agencies: &thads_core::AgencyTree,
    agency: Option<&AgencyCode>,
) -> Result<Option<thads_core::agency::AgencyIndex>, ListError> {
    agency
        .map(|code| {
            agencies
                .index(code)
                .filter(|a| actor.sees_cases_of(agencies, *a))
                .ok_or_else(|| ListError::UnknownAgency(code.clone()))
        })
        .transpose()
}
