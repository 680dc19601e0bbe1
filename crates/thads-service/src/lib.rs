//! The use cases of thads: importing and exporting journals, recording
//! events, period reports, accounts, sessions and the audit trail. The
//! command line and the web application call these; they hold no SQL and no
//! presentation beyond the report's exchange formats. Every use case takes
//! the [`Actor`] it acts for, and applies [`access`] before anything else.

pub mod access;
pub mod accounts;
pub mod assets;
pub mod audit;
pub mod calendar;
pub mod campaign;
pub mod close;
pub mod coercions;
pub mod committee;
pub mod complex;
pub mod coordination;
pub mod csv_cells;
pub mod dashboard;
pub mod debtors;
pub mod dossier;
pub mod dossier_docx;
pub mod due;
pub mod exemption;
pub mod held;
pub mod import;
pub mod letter;
pub mod lists;
pub mod payment_slips;
pub mod payouts;
pub mod register;
pub mod render;
pub mod report;
pub mod sessions;
pub mod targets;
pub mod view;
pub mod warehouse;
pub mod warehouse_slips;
pub mod workbook;

pub use access::{Access, Denied};
pub use audit::{AuditError, AuditSummary, JournalBreak, KeyError, load_or_create_key};
pub use calendar::CalendarError;
pub use close::{CloseCheck, CloseError, CloseRow};
pub use dashboard::Dashboard;
pub use due::{DueList, DueQuery, DueStep, Workload};
pub use import::{FileKind, ImportError, ImportPreview, ImportSummary, NewCase, Progress};
pub use report::{
    AsRecorded, PeriodReport, ReportError, ReportRequest, period_report, report_agencies,
};
pub use targets::{Target, TargetError};
pub use thads_store::{Backend, Snapshot, StoreError};
pub use view::{CaseListing, CaseQuery, CaseRow, ListError, View};

use std::collections::HashMap;
use std::io::Write;
use std::sync::{Arc, RwLock};

use thads_core::audit::{AuditEntry, AuditKey};
use thads_core::coordination::Fact;
use thads_core::journal::{Faults, Parsed, Record, write_record};
use thads_core::ledger::{CaseId, Timeline};
use thads_core::{Acceptance, Agency, AgencyCode, CaseCode, CaseState, Day, Event, Vnd};
use thads_store::Store;

/// Who does a write, and from where: what the audit trail records of them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Actor {
    /// An account's name, or `console:USER` for the command line.
    pub name: String,
    /// The client's address, or the name of the console's machine.
    pub address: String,
    /// The rights it acts with.
    pub access: Access,
    /// The partner organisation a partner's account speaks for.
    pub partner: Option<thads_core::coordination::Code>,
    /// The warehouses a keeper's account works on.
    pub warehouses: Vec<thads_core::coordination::Code>,
}

impl Actor {
    /// Someone at the server's console (the command line): whoever can run
    /// it can reach the database directly.
    pub fn console(user: &str, machine: &str) -> Actor {
        Actor {
            name: format!("console:{user}"),
            address: machine.to_owned(),
            access: Access::Console,
            partner: None,
            warehouses: Vec::new(),
        }
    }

    /// A signed-in account, from `address`.
    pub fn account(account: &thads_store::Account, address: &str) -> Actor {
        Actor {
            name: account.name.to_string(),
            address: address.to_owned(),
            access: Access::Account {
                role: account.role,
                agency: account.agency.clone(),
            },
            partner: account.partner.clone(),
            warehouses: account.warehouses.clone(),
        }
    }

    /// The audit record of a write by this actor, now.
    fn entry(&self, action: &str, subject: &str, detail: serde_json::Value) -> AuditEntry {
        AuditEntry {
            detail: detail.to_string(),
            ..audit_entry(&self.name, &self.address, action, subject)
        }
    }
}

/// Vietnam's time zone: UTC+7, no daylight saving.
pub fn vietnam() -> jiff::tz::TimeZone {
    jiff::tz::TimeZone::fixed(jiff::tz::offset(7))
}

/// A moment as Vietnam's clock shows it: `14:05 30/11/2026`.
pub fn local_time(at: jiff::Timestamp) -> String {
    at.to_zoned(vietnam())
        .strftime("%H:%M %d/%m/%Y")
        .to_string()
}

/// Today's date in Vietnam.
pub fn today_in_vietnam() -> Day {
    Day::from(jiff::Timestamp::now().to_zoned(vietnam()).date())
}

/// The current time, as the audit trail and sessions keep it (unix
/// milliseconds).
fn now_ms() -> i64 {
    let since_epoch = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .expect("the clock is after 1970");
    i64::try_from(since_epoch.as_millis()).expect("before the year 292 million")
}

/// An audit record, now, without detail.
fn audit_entry(actor: &str, address: &str, action: &str, subject: &str) -> AuditEntry {
    AuditEntry {
        at_ms: now_ms(),
        actor: actor.to_owned(),
        address: address.to_owned(),
        action: action.to_owned(),
        subject: subject.to_owned(),
        detail: "{}".to_owned(),
    }
}

/// Why an export stopped.
#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    /// The actor's role may not do this.
    #[error(transparent)]
    Denied(#[from] Denied),
    /// The output could not be written.
    #[error("cannot write the export: {0}")]
    Write(#[from] std::io::Error),
    /// No such agency (or none within the actor's reach).
    #[error("agency {0} is not known")]
    UnknownAgency(AgencyCode),
    /// The store failed.
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// Why one recorded event was not stored.
#[derive(Debug, thiserror::Error)]
pub enum RecordError {
    /// The actor's role may not do this.
    #[error(transparent)]
    Denied(#[from] Denied),
    /// No case has this code.
    #[error("case {0}: no such case")]
    UnknownCase(CaseCode),
    /// The case changed after the user looked at it.
    #[error(
        "case {case} was changed by someone else after you opened it (it is now at version {now}, you saw version {seen}): open it again and check before recording"
    )]
    Stale {
        /// The case.
        case: CaseCode,
        /// The version the user saw.
        seen: u32,
        /// The version stored now.
        now: u32,
    },
    /// The accepting agency is not known (or not to this actor).
    #[error("agency {0}: no such agency")]
    UnknownAgency(AgencyCode),
    /// A case with this code was already accepted.
    #[error("case {0} was already accepted: choose another code")]
    Duplicate(CaseCode),
    /// The event breaks a rule of the journal.
    #[error("{}", .0.reason)]
    Refused(thads_core::journal::Fault),
    /// The store failed; nothing was stored.
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// thads on an open store.
#[derive(Debug, Clone)]
pub struct Thads {
    store: Store,
    views: Arc<Views>,
}

/// The calendar decisions recorded in the store, and the calendar made
/// of them.
type KeptCalendar = (
    Vec<(i64, bool, String)>,
    Arc<thads_core::calendar::Calendar>,
);

/// The view of the store held in memory, and what renews it.
#[derive(Debug, Default)]
struct Views {
    current: RwLock<Option<Arc<View>>>,
    /// One renewal at a time: the others wait for its result.
    renewing: tokio::sync::Mutex<()>,
    /// The calendar of the decisions recorded last read, kept while they
    /// stay the same: a year of it is computed once, not at each page.
    calendar: std::sync::Mutex<Option<KeptCalendar>>,
    directory: Arc<RwLock<view::Directory>>,
}

impl Views {
    /// The view at `position`, if it was read since the store's last move
    /// to another host (`moves`, see [`Store::moves`]): after a failover
    /// the same position may hold other writes.
    fn at(&self, position: (i64, i64), moves: u64) -> Option<Arc<View>> {
        let current = self.current.read().expect("not poisoned");
        current
            .as_ref()
            .filter(|v| v.position == position && v.snapshot().moves == moves)
            .cloned()
    }

    /// The view last built, whatever the journal did since, if it was read
    /// since the store's last move: what a new view may start from.
    fn last(&self, moves: u64) -> Option<Arc<View>> {
        let current = self.current.read().expect("not poisoned");
        current
            .as_ref()
            .filter(|v| v.snapshot().moves == moves)
            .cloned()
    }
}

/// Everything known of one case, as its page shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CaseFile {
    /// Its code.
    pub code: CaseCode,
    /// When it was accepted.
    pub accepted_on: Day,
    /// The day its acceptance counts in the statistics, when later
    /// (recorded after a close that covered `accepted_on`).
    pub accepted_counted: Option<Day>,
    /// What it was accepted with.
    pub acceptance: Acceptance,
    /// The accepting agency.
    pub agency: Agency,
    /// Every later event, in order.
    pub events: Vec<(Day, Event)>,
    /// Beside each event, the day it counts in the statistics when later
    /// than its date.
    pub counted: Vec<Option<Day>>,
    /// The last day closed for its agency: an event dated on or before it,
    /// recorded now, counts on the day after.
    pub closed_through: Option<Day>,
    /// Its state now.
    pub state: CaseState,
    /// Money collected so far.
    pub collected: Vnd,
    /// Money reduced so far.
    pub reduced: Vnd,
    /// Its version (see [`Thads::case_version`]).
    pub version: u32,
    /// Whether the actor may record its events.
    pub writable: bool,
    /// The executor who holds it, if one was assigned.
    pub executor: Option<thads_core::executor::Executor>,
    /// The steps it owes today, by due date.
    pub steps: Vec<thads_core::due::OpenStep>,
}

impl Thads {
    /// Opens the store at a database URL, with the key that seals what it
    /// appends and chains its audit trail ([`load_or_create_key`]).
    pub async fn open(database_url: &str, key: AuditKey) -> Result<Thads, StoreError> {
        Ok(Thads {
            store: Store::open(database_url, key).await?,
            views: Arc::default(),
        })
    }

    /// The store as it is now, held in memory: the view last built if the
    /// journal has not moved since (checking costs one small query), or a
    /// new one.
    pub async fn view(&self) -> Result<Arc<View>, StoreError> {
        // Asked first: a position read after a move is read from the host
        // moved to.
        let moves = self.store.moves();
        let position = self.store.position().await?;
        if let Some(view) = self.views.at(position, moves) {
            return Ok(view);
        }
        let _renewing = self.views.renewing.lock().await;
        if let Some(view) = self.views.at(position, moves) {
            return Ok(view);
        }
        let started = std::time::Instant::now();
        let previous = self.views.last(moves);
        let snapshot = self
            .store
            .snapshot_after(previous.as_ref().map(|v| v.snapshot()))
            .await?;
        // The snapshot may be newer than the position asked first.
        let position = snapshot.position();
        let directory = self.views.directory.clone();
        let view = View::build(
            &self.store,
            snapshot,
            position,
            directory,
            previous.as_deref(),
        );
        let view = Arc::new(view.await?);
        tracing::debug!(elapsed = ?started.elapsed(), cases = view.case_count(), "view built");
        *self.views.current.write().expect("not poisoned") = Some(view.clone());
        Ok(view)
    }

    /// One case as its page shows it, or `None` if no case has that code
    /// (or none the actor may see).
    pub async fn case_file(
        &self,
        snapshot: &Snapshot,
        actor: &Actor,
        code: &CaseCode,
    ) -> Result<Option<CaseFile>, ListError> {
        let calendar = self.calendar().await?;
        self.case_file_on(snapshot, actor, code, &calendar).await
    }

    /// [`Thads::case_file`] with the calendar the caller holds already.
    pub async fn case_file_on(
        &self,
        snapshot: &Snapshot,
        actor: &Actor,
        code: &CaseCode,
        calendar: &thads_core::calendar::Calendar,
    ) -> Result<Option<CaseFile>, ListError> {
        actor.may_see_cases()?;
        let records = self
            .store
            .case_journal(code)
            .await
            .map_err(ListError::Store)?;
        let Some((
            Record::Accepted {
                on,
                counted_on,
                acceptance,
                ..
            },
            events,
        )) = records.split_first()
        else {
            return Ok(None);
        };
        let agencies = &snapshot.agencies;
        let Some(agency) = agencies
            .index(&acceptance.agency)
            .filter(|a| actor.sees_cases_of(agencies, *a))
        else {
            return Ok(None);
        };
        let mut file = CaseFile {
            code: code.clone(),
            accepted_on: *on,
            accepted_counted: *counted_on,
            acceptance: (**acceptance).clone(),
            agency: agencies.get(agency).clone(),
            events: Vec::with_capacity(events.len()),
            counted: Vec::with_capacity(events.len()),
            closed_through: snapshot.coordination.closes().through(agencies, agency),
            state: CaseState::accepted(*on, acceptance.amount),
            collected: Vnd::ZERO,
            reduced: Vnd::ZERO,
            version: records.len() as u32,
            writable: actor.writes_cases_of(agencies, agency),
            executor: None,
            steps: Vec::new(),
        };
        for record in events {
            let Record::Event {
                on,
                counted_on,
                event,
                ..
            } = record
            else {
                continue;
            };
            file.state
                .apply(*on, event.kind(), event.amount())
                .map_err(|e| ListError::Store(StoreError::Damaged(e.to_string())))?;
            match event {
                Event::Collected(a) => file.collected.0 += a.0,
                Event::Reduced(a) => file.reduced.0 += a.0,
                _ => {}
            }
            file.events.push((*on, event.clone()));
            file.counted.push(*counted_on);
        }
        let executors = &snapshot.executors;
        let timeline = thads_core::ledger::Timeline {
            agency,
            mode: acceptance.mode,
            categories: thads_core::Categories::of(&acceptance.categories),
            accepted_on: *on,
            accepted_counted: *on,
            accepted_seq: 0,
            amount: acceptance.amount,
            steps: file
                .events
                .iter()
                .map(|(on, event)| {
                    let value = event.value(|code| executors.index(code).unwrap_or(u32::MAX));
                    thads_core::ledger::Step::new(*on, event.kind(), value)
                })
                .collect(),
            judgment_kind: None,
            budget_item: None,
        };
        let owed = thads_core::due::owed(&timeline, today_in_vietnam(), calendar);
        file.executor = owed
            .executor
            .filter(|e| (*e as usize) < executors.len())
            .map(|e| executors.get(e).clone());
        file.steps = owed.steps;
        Ok(Some(file))
    }

    /// Accepts a new case (thụ lý): its first record, checked by the
    /// journal's rules like an imported one.
    pub async fn accept(
        &self,
        actor: &Actor,
        case: &CaseCode,
        on: Day,
        acceptance: Acceptance,
    ) -> Result<(), RecordError> {
        actor.may_write_cases()?;
        let mut writer = self.writer().await?;
        let ids = writer.case_ids(&[case]).await?;
        let snapshot = writer.snapshot();
        let agencies = &snapshot.agencies;
        agencies
            .index(&acceptance.agency)
            .filter(|a| actor.writes_cases_of(agencies, *a))
            .ok_or_else(|| RecordError::UnknownAgency(acceptance.agency.clone()))?;
        if ids.contains_key(case) {
            return Err(RecordError::Duplicate(case.clone()));
        }
        let record = Record::Accepted {
            case: case.clone(),
            on,
            counted_on: None,
            acceptance: Box::new(acceptance),
        };
        append_one(self, writer, actor, record, &ids, serde_json::Value::Null).await
    }

    /// Makes the view of the store as a write left it, from the snapshot
    /// the write returned, so that the next page finds it current without
    /// reading the store; only if pages read views here (the command line
    /// does not), and only if no newer view was made meanwhile. A failure
    /// is logged: the write stands, and the next page renews the view.
    async fn written(&self, snapshot: Snapshot) {
        let _renewing = self.views.renewing.lock().await;
        let Some(previous) = self.views.last(snapshot.moves) else {
            return;
        };
        // A write of facts of coordination moves the position, not the
        // journal's last case record.
        let stale = previous.snapshot().journal_seq > snapshot.journal_seq
            || previous.position == snapshot.position();
        if stale {
            return;
        }
        let started = std::time::Instant::now();
        let position = snapshot.position();
        let directory = self.views.directory.clone();
        match View::build(&self.store, snapshot, position, directory, Some(&previous)).await {
            Ok(view) => {
                tracing::debug!(elapsed = ?started.elapsed(), "view built from a write");
                *self.views.current.write().expect("not poisoned") = Some(Arc::new(view));
            }
            Err(e) => tracing::warn!(error = %e, "the view was not renewed after a write"),
        }
    }

    /// Begins a write (see [`Store::writer`]), reading under the lock only
    /// what changed since the view last built, if there is one.
    async fn writer(&self) -> Result<thads_store::Writer, StoreError> {
        let last = self.views.last(self.store.moves());
        self.store
            .writer_after(last.as_ref().map(|v| v.snapshot()))
            .await
    }

    /// Creates the database if needed and applies the schema migrations it
    /// lacks; returns its schema version.
    pub async fn migrate(database_url: &str) -> Result<i64, StoreError> {
        Store::migrate(database_url).await
    }

    /// Which kind of database the store lives in.
    pub fn backend(&self) -> thads_store::Backend {
        self.store.backend()
    }

    /// The store's agencies and ledger, read afresh: what the command line
    /// reads once and computes from (pages read [`Thads::view`] instead).
    pub async fn snapshot(&self) -> Result<Snapshot, StoreError> {
        self.store.snapshot().await
    }

    /// Records one event of a case, as a form does: `seen_version` is the
    /// case's version (see [`case_version`]) as the user saw it. If the case
    /// changed since, nothing is written and [`RecordError::Stale`] says so;
    /// otherwise the event is checked by the journal's rules and appended.
    /// Returns the case's new version.
    pub async fn record(
        &self,
        actor: &Actor,
        case: &CaseCode,
        on: Day,
        event: Event,
        seen_version: u32,
    ) -> Result<u32, RecordError> {
        actor.may_write_cases()?;
        if matches!(event, Event::Assigned { .. }) {
            // Assigning is a leader's act, with its own door (`assign`).
            return Err(actor.denied("assign cases").into());
        }
        let mut writer = self.writer().await?;
        let ids = writer.case_ids(&[case]).await?;
        let snapshot = writer.snapshot();
        let id = *ids
            .get(case)
            .filter(|id| {
                let agency = snapshot.ledger.agency_of(**id).expect("a stored case");
                actor.writes_cases_of(&snapshot.agencies, agency)
            })
            .ok_or_else(|| RecordError::UnknownCase(case.clone()))?;
        let now = case_version(&snapshot.ledger.timeline(id).expect("a stored case"));
        if now != seen_version {
            return Err(RecordError::Stale {
                case: case.clone(),
                seen: seen_version,
                now,
            });
        }
        let record = Record::Event {
            case: case.clone(),
            on,
            counted_on: None,
            event,
        };
        let seen = serde_json::json!(seen_version);
        append_one(self, writer, actor, record, &ids, seen).await?;
        Ok(now + 1)
    }

    /// The version of a stored case (see [`case_version`]), or `None` if no
    /// case has that code (or none the actor may see).
    pub async fn case_version(
        &self,
        actor: &Actor,
        case: &CaseCode,
    ) -> Result<Option<u32>, StoreError> {
        let view = self.view().await?;
        let snapshot = view.snapshot();
        let ids = self.store.case_ids(snapshot, &[case]).await?;
        Ok(ids
            .get(case)
            .and_then(|id| snapshot.ledger.timeline(*id))
            .filter(|timeline| actor.sees_cases_of(&snapshot.agencies, timeline.agency))
            .map(|timeline| case_version(&timeline)))
    }

    /// Writes the store as a journal: every agency, and the cases the actor
    /// may see (all of them from the console).
    pub async fn export(
        &self,
        actor: &Actor,
        out: &mut (dyn Write + Send),
    ) -> Result<(), ExportError> {
        let agencies = self.store.agencies().await?;
        let reach = actor.export_reach(&agencies)?;
        let mut exported = std::collections::HashSet::new();
        let mut requests = std::collections::HashSet::new();
        // The committee's facts so far, to tell each one's province.
        let mut committee = thads_core::coordination::Coordination::default();
        let written = self
            .store
            .export(&mut |record| {
                // Every fact of coordination is taken, to tell the
                // province of those of the committee.
                if let Record::Coordination(fact) = &record {
                    committee.apply(fact, &agencies).expect("a stored fact");
                }
                let holds = match &record {
                    Record::Agency(_) | Record::Executor(_) => true,
                    Record::Accepted {
                        case, acceptance, ..
                    } => {
                        let agency = agencies.index(&acceptance.agency).expect("stored agency");
                        reach.covers(&agencies, agency) && exported.insert(case.clone())
                    }
                    Record::Event { case, .. } => exported.contains(case),
                    // Partners are the province's directory, as agencies
                    // are; a request goes with its agency's cases.
                    Record::Coordination(fact) => match &**fact {
                        Fact::Partner(_) => true,
                        Fact::Request(r) => {
                            let agency = agencies.index(&r.agency).expect("stored agency");
                            reach.covers(&agencies, agency) && requests.insert(r.id.clone())
                        }
                        // The committee's work goes with its province.
                        Fact::Committee(f) => {
                            let province = committee
                                .committee()
                                .province_of(f)
                                .expect("a fact taken has its province");
                            let agency = agencies.index(province).expect("stored agency");
                            reach.covers(&agencies, agency)
                        }
                        // An asset and a decision to coerce go with their agency's cases.
                        Fact::Asset(f) => {
                            let agency = committee.assets().agency_of(f).expect("a fact taken");
                            let agency = agencies.index(agency).expect("stored agency");
                            reach.covers(&agencies, agency)
                        }
                        // The warehouse's facts go with its agency.
                        Fact::Warehouse(f) => {
                            let agency = committee.warehouses().agency_of(f).expect("a fact taken");
                            let agency = agencies.index(agency).expect("stored agency");
                            reach.covers(&agencies, agency)
                        }
                        // A close goes with the agencies it closed; the
                        // whole store's with every export.
                        Fact::Closed(close) => close.agency.as_ref().is_none_or(|code| {
                            agencies
                                .index(code)
                                .is_some_and(|agency| reach.covers(&agencies, agency))
                        }),
                        fact => requests.contains(fact.request().expect("a request's fact")),
                    },
                };
                if !holds {
                    return Ok(());
                }
                out.write_all(write_record(&record).as_bytes())?;
                out.write_all(b"\n")
            })
            .await?;
        written?;
        out.flush()?;
        Ok(())
    }
}

/// Checks one record against the writer's snapshot and appends it, audited
/// with the record itself and `seen_version` (for an event).
async fn append_one(
    thads: &Thads,
    writer: thads_store::Writer,
    actor: &Actor,
    record: Record,
    ids: &HashMap<CaseCode, CaseId>,
    seen_version: serde_json::Value,
) -> Result<(), RecordError> {
    let (action, subject) = match &record {
        Record::Accepted { case, .. } => ("accept", case.to_string()),
        Record::Event { case, .. } => ("record", case.to_string()),
        Record::Agency(_) | Record::Executor(_) | Record::Coordination(_) => {
            unreachable!("a form records case records only")
        }
    };
    let mut detail = serde_json::json!({ "event": write_record(&record) });
    if !seen_version.is_null() {
        detail["seen_version"] = seen_version;
    }
    let prepared = check_records(writer.snapshot(), vec![(1, record)], ids)?;
    let audit = actor.entry(action, &subject, detail);
    let written = writer.append(&prepared, &audit, &mut |_| {}).await?;
    thads.written(written).await;
    Ok(())
}

/// Checks records a form or a leader's act writes against the writer's
/// snapshot (`ids`: the stored cases they name): the first fault refuses
/// them all.
pub(crate) fn check_records(
    snapshot: &Snapshot,
    records: Vec<(usize, Record)>,
    ids: &HashMap<CaseCode, CaseId>,
) -> Result<thads_core::check::Prepared, RecordError> {
    let parsed = Parsed {
        records,
        faults: Faults::default(),
    };
    parsed
        .check(
            &snapshot.agencies,
            &snapshot.executors,
            &snapshot.coordination,
            &snapshot.ledger,
            ids,
            thads_core::check::Positions::After(snapshot.journal_seq as u64),
        )
        .map_err(|faults| RecordError::Refused(faults.listed()[0].clone()))
}

/// A case's version: how many records of the journal it has (its acceptance
/// and every event). Every change adds one, so a form that carries the
/// version it showed can tell whether the case changed under it.
fn case_version(timeline: &Timeline) -> u32 {
    1 + timeline.steps.len() as u32
}
