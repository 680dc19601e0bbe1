//! Complex cases (việc phức tạp, kéo dài): the province's secretariat flags
//! a case with the reason and a plan of steps, each with the executor who
//! does it and a date. The steps fall into their owners' to-do lists; the
//! owner (or the secretariat) marks each done; the committee's page and
//! dossier follow the cases flagged.

use thads_core::committee::{ComplexCase, ComplexState, Fact as CommitteeFact, PlanStep};
use thads_core::coordination::Fact;
use thads_core::executor::ExecutorCode;
use thads_core::{AgencyTree, CaseCode, Day};

use crate::coordination::CoordinationError;
use crate::{Actor, Thads, View};

/// A step of a plan, as pages show it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct PlanStepRow {
    /// The case.
    pub case: String,
    /// Its place in the plan, from 1.
    pub step: u32,
    /// What is to be done.
    pub text: String,
    /// The owner's code and name.
    pub owner: (String, String),
    /// By when.
    pub due: Day,
    /// The day done, if it was.
    pub done: Option<Day>,
    /// Whether the actor may mark it done.
    #[serde(skip)]
    pub may_mark: bool,
}

/// A complex case, as the committee's page lists it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ComplexRow {
    /// The case's code.
    pub case: String,
    /// Its debtor.
    pub debtor: String,
    /// The accepting agency's name.
    pub agency: String,
    /// What it owes now.
    pub owed: i128,
    /// The day flagged (or planned again).
    pub on: Day,
    /// Why it is complex.
    pub reason: String,
    /// The plan.
    pub steps: Vec<PlanStepRow>,
    /// Whether the actor may change the plan or stop following it.
    pub may_run: bool,
}

impl Actor {
    /// Whether this actor marks a plan's step done: its owner's account,
    /// or the province's secretariat.
    fn marks_step(
        &self,
        tree: &AgencyTree,
        province: thads_core::agency::AgencyIndex,
        owner: &ExecutorCode,
        linked: Option<&ExecutorCode>,
    ) -> bool {
        self.runs_committee_of(tree, province) || linked == Some(owner)
    }
}

/// The name of a declared executor.
pub(crate) fn executor_name(
    snapshot: &thads_store::Snapshot,
    code: &ExecutorCode,
) -> Option<String> {
    let executors = &snapshot.executors;
    executors.index(code).map(|e| executors.get(e).name.clone())
}

/// Whether the actor's reach holds a declared executor's cases: an
/// executor's own office, a leader's subtree.
fn reaches_executor(actor: &Actor, snapshot: &thads_store::Snapshot, code: &ExecutorCode) -> bool {
    let executors = &snapshot.executors;
    executors
        .index(code)
        .is_some_and(|e| actor.sees_cases_of(&snapshot.agencies, executors.agency_of(e)))
}

/// The plan's rows of a complex case, for `actor` (`linked`: its own
/// executor, if any).
fn step_rows(
    view: &View,
    state: &ComplexState,
    actor: &Actor,
    linked: Option<&ExecutorCode>,
) -> Vec<PlanStepRow> {
    let snapshot = view.snapshot();
    let tree = &snapshot.agencies;
    let province = tree
        .index(&state.complex.agency)
        .expect("a stored province");
    state
        .complex
        .plan
        .iter()
        .zip(&state.done)
        .enumerate()
        .map(|(i, (step, done))| PlanStepRow {
            case: state.complex.case.to_string(),
            step: i as u32 + 1,
            text: step.text.clone(),
            owner: (
                step.owner.to_string(),
                executor_name(snapshot, &step.owner).unwrap_or_default(),
            ),
            due: step.due,
            done: *done,
            may_mark: done.is_none() && actor.marks_step(tree, province, &step.owner, linked),
        })
        .collect()
}

impl View {
    /// The complex cases the actor's committees follow on `day` (an
    /// executor's: those with a step of its reach), the earliest flagged
    /// first, with their codes' ids resolved by `ids`.
    pub fn complex_cases(
        &self,
        actor: &Actor,
        linked: Option<&ExecutorCode>,
        ids: &std::collections::HashMap<CaseCode, thads_core::ledger::CaseId>,
        day: Day,
    ) -> Vec<ComplexRow> {
        let snapshot = self.snapshot();
        let tree = &snapshot.agencies;
        snapshot
            .coordination
            .committee()
            .complex_cases()
            .iter()
            .filter(|s| s.followed_on(day))
            .filter_map(|s| {
                let province = tree.index(&s.complex.agency)?;
                // The committee's, and the executors whose reach holds an
                // owner of a step.
                let owners_seen = s
                    .complex
                    .plan
                    .iter()
                    .any(|step| reaches_executor(actor, snapshot, &step.owner));
                (actor.sees_committee_of(tree, province) || owners_seen).then_some((s, province))
            })
            .map(|(state, province)| {
                let id = ids.get(&state.complex.case).copied();
                let (agency, owed) = id
                    .and_then(|id| snapshot.ledger.case(id))
                    .map(|(opened, st)| {
                        (
                            tree.get(opened.agency).name.clone(),
                            i128::from(st.owed.get()),
                        )
                    })
                    .unwrap_or_default();
                ComplexRow {
                    case: state.complex.case.to_string(),
                    debtor: id
                        .map(|id| self.case_code_and_debtor(id)[1].clone())
                        .unwrap_or_default(),
                    agency,
                    owed,
                    on: state.complex.on,
                    reason: state.complex.reason.clone(),
                    steps: step_rows(self, state, actor, linked),
                    may_run: actor.runs_committee_of(tree, province),
                }
            })
            .collect()
    }

    /// The plan's steps not done of the complex cases followed on `day`
    /// whose cases the actor sees, of one executor or of all; `linked` is
    /// the actor's own executor, if any.
    pub fn plan_steps(
        &self,
        actor: &Actor,
        linked: Option<&ExecutorCode>,
        executor: Option<&ExecutorCode>,
        day: Day,
    ) -> Vec<PlanStepRow> {
        let snapshot = self.snapshot();
        let mut rows: Vec<PlanStepRow> = snapshot
            .coordination
            .committee()
            .complex_cases()
            .iter()
            .filter(|s| s.followed_on(day))
            .flat_map(|s| step_rows(self, s, actor, linked))
            // The steps of the executors the actor's reach holds: an
            // executor's own list, an office's.
            .filter(|row| {
                ExecutorCode::parse(&row.owner.0)
                    .is_ok_and(|code| reaches_executor(actor, snapshot, &code))
            })
            .filter(|row| row.done.is_none())
            .filter(|row| executor.is_none_or(|e| row.owner.0 == e.as_str()))
            .collect();
        rows.sort_by(|a, b| a.due.cmp(&b.due).then(a.case.cmp(&b.case)));
        rows
    }

    /// A case's complex state, if its committee follows it on `day` and the
    /// actor sees the case: what the case page shows.
    pub fn complex_of(
        &self,
        actor: &Actor,
        linked: Option<&ExecutorCode>,
        case: &CaseCode,
        day: Day,
    ) -> Option<(String, Vec<PlanStepRow>)> {
        let state = self.snapshot().coordination.committee().complex(case)?;
        state.followed_on(day).then(|| {
            (
                state.complex.reason.clone(),
                step_rows(self, state, actor, linked),
            )
        })
    }
}

/// A plan, as a form gives it.
#[derive(Debug, Clone)]
pub struct NewComplex {
    /// The case.
    pub case: CaseCode,
    /// The day flagged.
    pub on: Day,
    /// Why it is complex.
    pub reason: String,
    /// The plan's steps.
    pub plan: Vec<PlanStep>,
}

impl Thads {
    /// The complex cases the actor's committees follow today, for the
    /// committee's page.
    pub async fn complex_in_view(
        &self,
        view: &View,
        actor: &Actor,
    ) -> Result<Vec<ComplexRow>, CoordinationError> {
        let day = crate::today_in_vietnam();
        let committee = view.snapshot().coordination.committee();
        let codes: Vec<&CaseCode> = committee
            .complex_cases()
            .iter()
            .filter(|s| s.followed_on(day))
            .map(|s| &s.complex.case)
            .collect();
        let ids = self.store.case_ids(view.snapshot(), &codes).await?;
        let linked = self.linked_executor(actor).await?;
        Ok(view.complex_cases(actor, linked.as_ref(), &ids, day))
    }

    /// The province whose committee follows a case, and a writer, for the
    /// secretariat.
    async fn complex_writer(
        &self,
        actor: &Actor,
        case: &CaseCode,
    ) -> Result<
        (
            thads_store::Writer,
            std::collections::HashMap<CaseCode, thads_core::ledger::CaseId>,
            thads_core::AgencyCode,
        ),
        CoordinationError,
    > {
        let mut writer = self.writer().await?;
        let ids = writer.case_ids(&[case]).await?;
        let tree = &writer.snapshot().agencies;
        let province = ids
            .get(case)
            .and_then(|id| writer.snapshot().ledger.agency_of(*id))
            .map(|a| tree.get(tree.root(a)).code.clone())
            .ok_or_else(|| CoordinationError::NotFound(case.to_string()))?;
        drop(writer);
        let writer = self.province_of(actor, &province).await?;
        Ok((writer, ids, province))
    }

    /// Flags a case complex with its reason and plan, or gives it a new
    /// plan (steps kept word for word stay done).
    pub async fn flag_complex(
        &self,
        actor: &Actor,
        new: NewComplex,
    ) -> Result<(), CoordinationError> {
        let (writer, ids, province) = self.complex_writer(actor, &new.case).await?;
        let complex = ComplexCase {
            case: new.case.clone(),
            agency: province,
            on: new.on,
            reason: new.reason.trim().to_owned(),
            plan: new
                .plan
                .into_iter()
                .map(|s| PlanStep {
                    text: s.text.trim().to_owned(),
                    ..s
                })
                .collect(),
        };
        let facts = vec![Fact::Committee(CommitteeFact::Complex(complex))];
        self.append_facts(
            writer,
            actor,
            "complex.flag",
            new.case.as_str(),
            facts,
            Some(&ids),
        )
        .await
    }

    /// Stops following a case as complex.
    pub async fn clear_complex(
        &self,
        actor: &Actor,
        case: &CaseCode,
        on: Day,
    ) -> Result<(), CoordinationError> {
        let (writer, ids, _) = self.complex_writer(actor, case).await?;
        let facts = vec![Fact::Committee(CommitteeFact::ComplexCleared {
            case: case.clone(),
            on,
        })];
        self.append_facts(
            writer,
            actor,
            "complex.clear",
            case.as_str(),
            facts,
            Some(&ids),
        )
        .await
    }

    /// Marks a plan's step done: by its owner's account, or the
    /// secretariat.
    pub async fn plan_step_done(
        &self,
        actor: &Actor,
        case: &CaseCode,
        step: u32,
        on: Day,
    ) -> Result<(), CoordinationError> {
        let linked = self.linked_executor(actor).await?;
        let writer = self.writer().await?;
        let snapshot = writer.snapshot();
        let tree = &snapshot.agencies;
        let state = snapshot
            .coordination
            .committee()
            .complex(case)
            .filter(|s| s.cleared.is_none())
            .ok_or_else(|| CoordinationError::NotFound(case.to_string()))?;
        let province = tree
            .index(&state.complex.agency)
            .expect("a stored province");
        let owner = state
            .complex
            .plan
            .get((step as usize).wrapping_sub(1))
            .map(|s| &s.owner)
            .ok_or_else(|| CoordinationError::NotFound(format!("{case} #{step}")))?;
        if !actor.marks_step(tree, province, owner, linked.as_ref()) {
            return Err(actor.denied("mark this step of the plan done").into());
        }
        let facts = vec![Fact::Committee(CommitteeFact::StepDone {
            case: case.clone(),
            step,
            on,
        })];
        self.append_facts(
            writer,
            actor,
            "complex.step_done",
            case.as_str(),
            facts,
            None,
        )
        .await
    }
}
