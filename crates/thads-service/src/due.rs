//! The steps the cases owe: an executor's to-do list, a leader's overdue
//! steps and workloads, `thads due`. Computed from the ledger (each case's
//! timeline folded by [`thads_core::due`]) on the working-day calendar.

use std::collections::HashMap;

use thads_core::agency::AgencyIndex;
use thads_core::calendar::Calendar;
use thads_core::deadlines::Rule;
use thads_core::due::{Duty, owed};
use thads_core::executor::{ExecutorCode, ExecutorIndex};
use thads_core::ledger::{CHUNK_CASES, CaseId, Chunk, Ledger};
use thads_core::{AgencyCode, CaseCode, Day};
use thads_store::Snapshot;

use crate::view::{ListError, seen_agency};
use crate::{Actor, Thads};

/// Which steps to list.
#[derive(Debug, Clone)]
pub struct DueQuery {
    /// The agency whose subtree is listed; `None`: all the actor sees.
    pub agency: Option<AgencyCode>,
    /// Only the cases of this executor.
    pub executor: Option<ExecutorCode>,
    /// The day the steps are open on (and overdue after their due date).
    pub as_of: Day,
}

/// A step a case owes.
#[derive(Debug, Clone)]
pub struct DueStep {
    /// The case.
    pub id: CaseId,
    /// Its code (filled in by whoever lists it).
    pub code: String,
    /// Its agency.
    pub agency: AgencyIndex,
    /// What is owed.
    pub duty: Duty,
    /// By when.
    pub due: Day,
    /// The day of the act that opened it (for `pay_out`, the oldest
    /// collection not yet paid out).
    pub opened_on: Day,
    /// The day the case resumed, if the step was paused and given back.
    pub resumed_on: Option<Day>,
    /// The rule it comes from.
    pub rule: &'static Rule,
    /// Whether it is late on the query's day.
    pub overdue: bool,
    /// The case's executor.
    pub executor: Option<ExecutorIndex>,
}

/// One executor's load: open cases, the money they owe, open and overdue steps.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Workload {
    /// Open cases.
    pub cases: u64,
    /// Of which enforceable.
    pub enforceable: u64,
    /// What the enforceable cases still owe.
    pub enforceable_money: i128,
    /// Steps open.
    pub open: u64,
    /// Of which overdue.
    pub overdue: u64,
}

/// The steps and the workloads of a scope.
#[derive(Debug, Clone, Default)]
pub struct DueList {
    /// Every open step, by due date, then case.
    pub steps: Vec<DueStep>,
    /// Each executor's load (`None`: the cases no one holds), by executor.
    pub workloads: Vec<(Option<ExecutorIndex>, AgencyIndex, Workload)>,
}

/// What one ledger chunk's cases owe on a day: their steps, and each
/// executor's load by agency. A write renews one chunk, so a list after it
/// folds that chunk again and takes the others as they were.
#[derive(Debug, Default)]
pub(crate) struct ChunkDue {
    steps: Vec<DueStep>,
    workloads: HashMap<(Option<ExecutorIndex>, AgencyIndex), Workload>,
}

/// What the views remember of each chunk: its result for a calendar and a
/// day, beside the chunk itself (held, so that its address names it).
pub(crate) type DueChunks = std::sync::Mutex<Vec<Option<KeptChunk>>>;

/// One chunk's result, with what it was made of.
pub(crate) struct KeptChunk {
    chunk: std::sync::Arc<Chunk>,
    calendar: usize,
    as_of: Day,
    due: std::sync::Arc<ChunkDue>,
}

impl std::fmt::Debug for KeptChunk {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("KeptChunk")
            .field("as_of", &self.as_of)
            .finish()
    }
}

/// Folds the cases of chunk `index` of the ledger whose agency `wanted`.
fn chunk_due(
    ledger: &Ledger,
    index: usize,
    calendar: &Calendar,
    as_of: Day,
    wanted: impl Fn(AgencyIndex) -> bool,
) -> ChunkDue {
    let mut due = ChunkDue::default();
    let first = index * CHUNK_CASES;
    let ids = first..first + ledger.chunks()[index].len();
    for id in ids.map(|i| i as CaseId) {
        if !wanted(ledger.agency_of(id).expect("a case of the ledger")) {
            continue;
        }
        let Some((opened, state)) = ledger.case_on(id, as_of) else {
            continue;
        };
        let timeline = ledger.timeline(id).expect("a case of the ledger");
        let owed = owed(&timeline, as_of, calendar);
        let open_case = state.closed.is_none();
        if !open_case && owed.steps.is_empty() {
            continue;
        }
        let load = due
            .workloads
            .entry((owed.executor, opened.agency))
            .or_default();
        if open_case {
            load.cases += 1;
            if state.enforceable {
                load.enforceable += 1;
                load.enforceable_money += i128::from(state.owed.get());
            }
        }
        for step in owed.steps {
            let overdue = step.overdue_on(as_of);
            load.open += 1;
            load.overdue += u64::from(overdue);
            due.steps.push(DueStep {
                id,
                code: String::new(),
                agency: opened.agency,
                duty: step.duty,
                due: step.due,
                opened_on: step.opened_on,
                resumed_on: step.resumed_on,
                rule: step.rule,
                overdue,
                executor: owed.executor,
            });
        }
    }
    due
}

/// The agencies whose cases a list shows, and the executor it is about.
struct Sight {
    visible: Vec<bool>,
    executor: Option<ExecutorIndex>,
}

impl Sight {
    fn of(snapshot: &Snapshot, actor: &Actor, query: &DueQuery) -> Result<Sight, ListError> {
        actor.may_see_cases()?;
        let agencies = &snapshot.agencies;
        let scope = seen_agency(actor, agencies, query.agency.as_ref())?;
        let executor = match &query.executor {
            Some(code) => Some(
                snapshot
                    .executors
                    .index(code)
                    .ok_or_else(|| ListError::UnknownExecutor(code.clone()))?,
            ),
            None => None,
        };
        let visible = (0..agencies.len())
            .map(|a| {
                let a = a as AgencyIndex;
                actor.sees_cases_of(agencies, a)
                    && scope.is_none_or(|top| agencies.is_within(a, top))
            })
            .collect();
        Ok(Sight { visible, executor })
    }

    fn sees(&self, agency: AgencyIndex, executor: Option<ExecutorIndex>) -> bool {
        self.visible[usize::from(agency)] && (self.executor.is_none() || executor == self.executor)
    }

    /// The steps and loads of the chunks' results this sight takes in.
    fn list<'a>(&self, chunks: impl Iterator<Item = &'a ChunkDue>) -> DueList {
        let mut list = DueList::default();
        let mut loads: HashMap<(Option<ExecutorIndex>, AgencyIndex), Workload> = HashMap::new();
        for chunk in chunks {
            list.steps.extend(
                chunk
                    .steps
                    .iter()
                    .filter(|s| self.sees(s.agency, s.executor))
                    .cloned(),
            );
            for ((executor, agency), load) in &chunk.workloads {
                if self.sees(*agency, *executor) {
                    loads.entry((*executor, *agency)).or_default().add(load);
                }
            }
        }
        list.steps.sort_by_key(|s| (s.due, s.id, s.duty));
        let mut workloads: Vec<_> = loads.into_iter().map(|((e, a), w)| (e, a, w)).collect();
        workloads.sort_by_key(|(e, a, _)| (*a, e.map_or(u32::MAX, |e| e)));
        list.workloads = workloads;
        list
    }
}

impl Workload {
    fn add(&mut self, other: &Workload) {
        self.cases += other.cases;
        self.enforceable += other.enforceable;
        self.enforceable_money += other.enforceable_money;
        self.open += other.open;
        self.overdue += other.overdue;
    }
}

/// The steps the cases the actor sees owe on `query.as_of`, with each
/// executor's load; codes left empty for the caller to fill.
pub fn due_list(
    snapshot: &Snapshot,
    actor: &Actor,
    calendar: &Calendar,
    query: &DueQuery,
) -> Result<DueList, ListError> {
    let sight = Sight::of(snapshot, actor, query)?;
    let ledger = &snapshot.ledger;
    // The chunks shared among the machine's cores, each folding only the
    // cases in sight.
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    let indexes: Vec<usize> = (0..ledger.chunks().len()).collect();
    let per_thread = indexes.len().div_ceil(threads).max(1);
    let chunks: Vec<ChunkDue> = std::thread::scope(|scope| {
        let handles: Vec<_> = indexes
            .chunks(per_thread)
            .map(|part| {
                let sight = &sight;
                scope.spawn(move || {
                    part.iter()
                        .map(|i| {
                            chunk_due(ledger, *i, calendar, query.as_of, |a| {
                                sight.visible[usize::from(a)]
                            })
                        })
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().expect("folding does not panic"))
            .collect()
    });
    Ok(sight.list(chunks.iter()))
}

/// What a list of steps due depends on besides the view: the calendar (by
/// identity: [`Thads::calendar`] renews it when a decision is recorded),
/// what the actor sees, the agency and executor asked, and the day.
pub(crate) type DueKey = (
    usize,
    (u8, AgencyIndex),
    Option<AgencyIndex>,
    Option<ExecutorCode>,
    Day,
);

impl crate::View {
    /// Each chunk's result for `calendar` and `as_of`: remembered, or made
    /// now (and remembered) for the chunks a write renewed.
    fn chunk_dues(
        &self,
        calendar: &std::sync::Arc<Calendar>,
        as_of: Day,
    ) -> Vec<std::sync::Arc<ChunkDue>> {
        let ledger = &self.snapshot().ledger;
        let calendar_id = std::sync::Arc::as_ptr(calendar) as usize;
        let mut results = Vec::with_capacity(ledger.chunks().len());
        for (i, chunk) in ledger.chunks().iter().enumerate() {
            let kept = {
                let kept = self.due_chunks.lock().expect("not poisoned");
                kept.get(i).and_then(Option::as_ref).and_then(|k| {
                    (std::sync::Arc::ptr_eq(&k.chunk, chunk)
                        && k.calendar == calendar_id
                        && k.as_of == as_of)
                        .then(|| k.due.clone())
                })
            };
            let due = match kept {
                Some(due) => due,
                None => {
                    // Made outside the lock: another page may fold the same
                    // chunk meanwhile, to the same result.
                    let due = std::sync::Arc::new(chunk_due(ledger, i, calendar, as_of, |_| true));
                    let mut kept = self.due_chunks.lock().expect("not poisoned");
                    if kept.len() <= i {
                        kept.resize_with(i + 1, || None);
                    }
                    kept[i] = Some(KeptChunk {
                        chunk: chunk.clone(),
                        calendar: calendar_id,
                        as_of,
                        due: due.clone(),
                    });
                    due
                }
            };
            results.push(due);
        }
        results
    }

    /// How many steps of the cases the actor sees are overdue on `as_of`:
    /// the dashboard's count, summed from each chunk's loads.
    pub fn overdue_count(
        &self,
        actor: &Actor,
        calendar: &std::sync::Arc<Calendar>,
        as_of: Day,
    ) -> Result<u64, ListError> {
        let query = DueQuery {
            agency: None,
            executor: None,
            as_of,
        };
        let sight = Sight::of(self.snapshot(), actor, &query)?;
        Ok(self
            .chunk_dues(calendar, as_of)
            .iter()
            .flat_map(|c| c.workloads.iter())
            .filter(|((executor, agency), _)| sight.sees(*agency, *executor))
            .map(|(_, load)| load.overdue)
            .sum())
    }

    /// The steps the cases the actor sees owe on `query.as_of`, with their
    /// codes: each chunk folded once for a calendar and a day (again only
    /// when a write renews it), a scope's list made once a view.
    pub fn due(
        &self,
        actor: &Actor,
        calendar: &std::sync::Arc<Calendar>,
        query: &DueQuery,
    ) -> Result<std::sync::Arc<DueList>, ListError> {
        let snapshot = self.snapshot();
        let sight = Sight::of(snapshot, actor, query)?;
        let key = (
            std::sync::Arc::as_ptr(calendar) as usize,
            actor.sight(&snapshot.agencies),
            seen_agency(actor, &snapshot.agencies, query.agency.as_ref())?,
            query.executor.clone(),
            query.as_of,
        );
        if let Some(list) = self.due_lists.lock().expect("not poisoned").get(&key) {
            return Ok(list.clone());
        }
        let chunks = self.chunk_dues(calendar, query.as_of);
        let mut list = sight.list(chunks.iter().map(|c| &**c));
        for step in &mut list.steps {
            step.code = self.case_code(step.id);
        }
        let list = std::sync::Arc::new(list);
        let mut kept = self.due_lists.lock().expect("not poisoned");
        if kept.len() >= 64 {
            kept.clear();
        }
        kept.insert(key, list.clone());
        Ok(list)
    }
}

impl Thads {
    /// Assigns cases to an executor from `on` (phân công, or a reassignment
    /// from one executor to another): a leader's act, on the cases of their
    /// subtree, to an executor of each case's agency or one above it. One
    /// write, audited as `reassign`; all the cases or none.
    pub async fn assign(
        &self,
        actor: &Actor,
        cases: &[CaseCode],
        executor: &ExecutorCode,
        on: Day,
    ) -> Result<usize, crate::RecordError> {
        use thads_core::journal::Record;
        actor.may_assign()?;
        let mut writer = self.writer().await?;
        let codes: Vec<&CaseCode> = cases.iter().collect();
        let ids = writer.case_ids(&codes).await?;
        let snapshot = writer.snapshot();
        let mut records = Vec::with_capacity(cases.len());
        for (line, case) in cases.iter().enumerate() {
            ids.get(case)
                .filter(|id| {
                    let agency = snapshot.ledger.agency_of(**id).expect("a stored case");
                    actor.assigns_cases_of(&snapshot.agencies, agency)
                })
                .ok_or_else(|| crate::RecordError::UnknownCase(case.clone()))?;
            let event = thads_core::Event::Assigned {
                executor: executor.clone(),
            };
            records.push((
                line + 1,
                Record::Event {
                    case: case.clone(),
                    on,
                    counted_on: None,
                    event,
                },
            ));
        }
        let prepared = crate::check_records(snapshot, records, &ids)?;
        let listed: Vec<&str> = cases.iter().map(CaseCode::as_str).collect();
        let detail = serde_json::json!({"cases": listed, "on": on.to_string()});
        let audit = actor.entry("reassign", executor.as_str(), detail);
        let written = writer.append(&prepared, &audit, &mut |_| {}).await?;
        self.written(written).await;
        Ok(cases.len())
    }

    /// The steps the cases the actor sees owe on `query.as_of`, with their
    /// codes (read from the store, a province at a time): `thads due`.
    pub async fn due(&self, actor: &Actor, query: &DueQuery) -> Result<DueList, ListError> {
        let snapshot = self.snapshot().await?;
        self.due_in(&snapshot, actor, query).await
    }

    /// The same, of a snapshot read already.
    pub(crate) async fn due_in(
        &self,
        snapshot: &Snapshot,
        actor: &Actor,
        query: &DueQuery,
    ) -> Result<DueList, ListError> {
        let calendar = self.calendar().await?;
        let mut list = due_list(snapshot, actor, &calendar, query)?;
        let agencies = &snapshot.agencies;
        let mut provinces: Vec<AgencyIndex> =
            list.steps.iter().map(|s| agencies.root(s.agency)).collect();
        provinces.sort_unstable();
        provinces.dedup();
        let mut codes: HashMap<CaseId, String> = HashMap::new();
        let wanted: std::collections::HashSet<CaseId> = list.steps.iter().map(|s| s.id).collect();
        for province in provinces {
            let first = list
                .steps
                .iter()
                .filter(|s| agencies.root(s.agency) == province)
                .map(|s| s.id)
                .min()
                .unwrap_or(0);
            self.store
                .case_texts(Some(&agencies.get(province).code), first, &mut |text| {
                    if wanted.contains(&text.id) {
                        codes.insert(text.id, text.code.to_owned());
                    }
                })
                .await?;
        }
        for step in &mut list.steps {
            step.code = codes.get(&step.id).cloned().unwrap_or_default();
        }
        Ok(list)
    }
}
