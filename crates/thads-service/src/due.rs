//! The steps the cases owe: an executor's to-do list, a leader's overdue
//! steps and workloads, `thads due`. Computed from the ledger (each case's
//! timeline folded by [`thads_core::due`]) on the working-day calendar.

use std::collections::HashMap;

use thads_core::agency::AgencyIndex;
use thads_core::calendar::Calendar;
use thads_core::deadlines::Rule;
use thads_core::due::{Duty, owed};
use thads_core::executor::{ExecutorCode, ExecutorIndex};
use thads_core::ledger::CaseId;
use thads_core::{AgencyCode, CaseCode, Day, Vnd};
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

/// The steps the cases the actor sees owe on `query.as_of`, with each
/// executor's load; codes left empty for the caller to fill.
pub fn due_list(
    snapshot: &Snapshot,
    actor: &Actor,
    calendar: &Calendar,
    query: &DueQuery,
) -> Result<DueList, ListError> {
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
    let visible: Vec<bool> = (0..agencies.len())
        .map(|a| {
            let a = a as AgencyIndex;
            actor.sees_cases_of(agencies, a) && scope.is_none_or(|top| agencies.is_within(a, top))
        })
        .collect();
    let mut list = DueList::default();
    let mut loads: HashMap<(Option<ExecutorIndex>, AgencyIndex), Workload> = HashMap::new();
    let ledger = &snapshot.ledger;
    for id in 0..ledger.case_count() as CaseId {
        let agency = ledger.agency_of(id).expect("a case of the ledger");
        if !visible[usize::from(agency)] {
            continue;
        }
        let Some((_, state)) = ledger.case_on(id, query.as_of) else {
            continue;
        };
        let timeline = ledger.timeline(id).expect("a case of the ledger");
        let owed = owed(&timeline, query.as_of, calendar);
        if executor.is_some() && owed.executor != executor {
            continue;
        }
        let open_case = state.closed.is_none();
        if !open_case && owed.steps.is_empty() {
            continue;
        }
        let load = loads.entry((owed.executor, agency)).or_default();
        if open_case {
            load.cases += 1;
            if state.enforceable {
                load.enforceable += 1;
                load.enforceable_money += i128::from(state.owed.get());
            }
        }
        for step in owed.steps {
            let overdue = step.overdue_on(query.as_of);
            load.open += 1;
            load.overdue += u64::from(overdue);
            list.steps.push(DueStep {
                id,
                code: String::new(),
                agency,
                duty: step.duty,
                due: step.due,
                rule: step.rule,
                overdue,
                executor: owed.executor,
            });
        }
    }
    list.steps.sort_by_key(|s| (s.due, s.id, s.duty));
    let mut workloads: Vec<_> = loads.into_iter().map(|((e, a), w)| (e, a, w)).collect();
    workloads.sort_by_key(|(e, a, _)| (*a, e.map_or(u32::MAX, |e| e)));
    list.workloads = workloads;
    Ok(list)
}

/// What a list of steps due depends on besides the view: the calendar (by
/// identity: [`Thads::calendar`] renews it when a decision is recorded),
/// what the actor sees, the agency asked and the day.
pub(crate) type DueKey = (usize, (u8, AgencyIndex), Option<AgencyIndex>, Day);

impl crate::View {
    /// [`due_list`] over this view, with the cases' codes. The list of a
    /// scope and day is made once a view, and an executor's steps taken
    /// from it: the to-do pages of an office cost one fold of its cases
    /// per write, not one per page.
    pub fn due(
        &self,
        actor: &Actor,
        calendar: &std::sync::Arc<Calendar>,
        query: &DueQuery,
    ) -> Result<std::sync::Arc<DueList>, ListError> {
        let snapshot = self.snapshot();
        actor.may_see_cases()?;
        let scope = seen_agency(actor, &snapshot.agencies, query.agency.as_ref())?;
        let key = (
            std::sync::Arc::as_ptr(calendar) as usize,
            actor.sight(&snapshot.agencies),
            scope,
            query.as_of,
        );
        let found = self
            .due_lists
            .lock()
            .expect("not poisoned")
            .get(&key)
            .cloned();
        let whole = match found {
            Some(list) => list,
            None => {
                let everyone = DueQuery {
                    executor: None,
                    ..query.clone()
                };
                let mut list = due_list(snapshot, actor, calendar, &everyone)?;
                for step in &mut list.steps {
                    step.code = self.case_code(step.id);
                }
                let list = std::sync::Arc::new(list);
                let mut kept = self.due_lists.lock().expect("not poisoned");
                if kept.len() >= 64 {
                    kept.clear();
                }
                kept.insert(key, list.clone());
                list
            }
        };
        let Some(code) = &query.executor else {
            return Ok(whole);
        };
        let executor = snapshot
            .executors
            .index(code)
            .ok_or_else(|| ListError::UnknownExecutor(code.clone()))?;
        Ok(std::sync::Arc::new(DueList {
            steps: whole
                .steps
                .iter()
                .filter(|s| s.executor == Some(executor))
                .cloned()
                .collect(),
            workloads: whole
                .workloads
                .iter()
                .filter(|(e, ..)| *e == Some(executor))
                .cloned()
                .collect(),
        }))
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
        use thads_core::journal::{Faults, Parsed, Record};
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
                    event,
                },
            ));
        }
        let parsed = Parsed {
            records,
            faults: Faults::default(),
        };
        let prepared = parsed
            .check(
                &snapshot.agencies,
                &snapshot.executors,
                &snapshot.ledger,
                &ids,
            )
            .map_err(|faults| crate::RecordError::Refused(faults.listed()[0].clone()))?;
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
        let calendar = self.calendar().await?;
        let mut list = due_list(&snapshot, actor, &calendar, query)?;
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

/// Money as a workload sums it.
pub fn money_of(total: i128) -> Vnd {
    Vnd(i64::try_from(total).unwrap_or(i64::MAX))
}
