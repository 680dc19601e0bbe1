//! The Steering Committee's dossier (hồ sơ phiên họp Ban Chỉ đạo): what a
//! province's committee reviews, drawn from the journal for the period the
//! meeting looks back on. Its sections:
//!
//! 1. **Results**: accepted, enforceable and completed, in cases and in
//!    money, with the rates against the year's targets; the same for the
//!    state-budget, credit-institution and corruption or economic cases,
//!    with each one's share of what is still to enforce; and a projection
//!    of the rates on 30 September (see [`Projection`]).
//! 2. **Large and long-running cases**: open cases owing at least the
//!    amount the committee sets, and enforceable cases open for years,
//!    with their state, executor and next step.
//! 3. **Coordination**: the table of who answers late, per partner, and
//!    the requests overdue on the period's last day, those escalated to the
//!    committee first.
//!
//! Later modules add their sections (coercions planned, the warehouse's
//! space) beside these: each section is a field of [`Dossier`], rendered
//! in turn by [`crate::dossier_docx`].

use std::collections::HashMap;
use std::sync::Arc;

use thads_core::calendar::Calendar;
use thads_core::due::owed;
use thads_core::ledger::CaseId;
use thads_core::report::{Line, Rate, Report, Tally};
use thads_core::{AgencyCode, CaseCode, Day};

use crate::coordination::{CoordinationError, PartnerFigures, RequestQuery, RequestRow};
use crate::report::{ReportError, ReportRequest, period_report};
use crate::{Actor, Thads, View};

/// What a dossier covers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DossierRequest {
    /// The province (or office) whose committee meets.
    pub agency: AgencyCode,
    /// The first day the meeting reviews.
    pub from: Day,
    /// The last day it reviews.
    pub to: Day,
    /// The amount from which an open case is large, in đồng.
    pub large_from: i128,
    /// How many years open make an enforceable case long-running.
    pub long_years: i32,
}

impl DossierRequest {
    /// The amount from which a case is large unless the committee sets
    /// another: 10 billion đồng.
    pub const LARGE_FROM: i128 = 10_000_000_000;
    /// Enforceable cases open for 3 years or more are long-running.
    pub const LONG_YEARS: i32 = 3;
    /// How many cases each list of the dossier names (the count says how
    /// many there are).
    pub const LISTED: usize = 50;
}

/// The results of one scope or category: the lines the committee reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct Figures {
    /// Thụ lý (carried in and new).
    pub accepted: i128,
    /// Có điều kiện thi hành.
    pub enforceable: i128,
    /// Thi hành xong, with the terminated and the reduced (the rate's
    /// numerator of `statistics.md`).
    pub completed: i128,
    /// Enforceable and not completed: what is still to enforce.
    pub remaining: i128,
    /// Tỷ lệ thi hành xong.
    #[serde(serialize_with = "rate_text")]
    pub rate: Option<Rate>,
}

pub(crate) fn rate_text<S: serde::Serializer>(
    rate: &Option<Rate>,
    s: S,
) -> Result<S::Ok, S::Error> {
    match rate {
        Some(r) => s.serialize_str(&r.to_string()),
        None => s.serialize_none(),
    }
}

impl Figures {
    fn of(t: &Tally) -> Figures {
        let completed = t.completed + t.reduced + t.terminated;
        let enforceable = t.line(Line::Enforceable);
        Figures {
            accepted: t.line(Line::Total),
            enforceable,
            completed,
            remaining: enforceable - completed,
            rate: t.rate(),
        }
    }
}

/// Results in cases and in money.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct Results {
    /// In cases.
    pub cases: Figures,
    /// In đồng.
    pub money: Figures,
}

impl Results {
    fn of(report: &Report) -> Results {
        Results {
            cases: Figures::of(&report.cases),
            money: Figures::of(&report.money),
        }
    }
}

/// A category's results, and its share of what the scope still has to
/// enforce.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct CategoryResults {
    /// `state_budget`, `credit_institution`, `corruption_economic`.
    pub category: &'static str,
    /// Its figures.
    #[serde(flatten)]
    pub results: Results,
    /// Its share of the scope's remaining cases.
    #[serde(serialize_with = "rate_text")]
    pub share_cases: Option<Rate>,
    /// Its share of the scope's remaining money.
    #[serde(serialize_with = "rate_text")]
    pub share_money: Option<Rate>,
}

/// The rates the year is set to reach by 30 September.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct Targets {
    /// In cases.
    #[serde(serialize_with = "rate_some")]
    pub cases: Rate,
    /// In money.
    #[serde(serialize_with = "rate_some")]
    pub money: Rate,
}

fn rate_some<S: serde::Serializer>(rate: &Rate, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(&rate.to_string())
}

/// The rates expected on 30 September, from how the same months went in
/// the past years of the journal.
///
/// Method: for each past statistical year with enforceable cases, take
/// what was completed, and what was enforceable, on the same day of that
/// year and on its 30 September. Pooled over those years, the ratios of
/// year-end to same-day figures scale this year's: the completed and the
/// enforceable expected at year end. The expected rate is their quotient
/// (at most 100 %). What the target still needs is the target's share of
/// the expected enforceable, less what is completed, spread over the months
/// left (the current one counted if it has days left).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Projection {
    /// The past years it reads (the year each ends in).
    pub years: Vec<i16>,
    /// Whole or partial months left to 30 September.
    pub months_left: i32,
    /// In cases.
    pub cases: Expected,
    /// In money.
    pub money: Expected,
}

/// One form's projection.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct Expected {
    /// Completed expected by 30 September.
    pub completed: i128,
    /// Enforceable expected by then.
    pub enforceable: i128,
    /// The expected rate.
    #[serde(serialize_with = "rate_text")]
    pub rate: Option<Rate>,
    /// Whether it reaches the target (if one is set).
    pub reaches_target: Option<bool>,
    /// More to complete from now to reach the target (0 if reached).
    pub needed: Option<i128>,
    /// The same, per month left.
    pub needed_per_month: Option<i128>,
}

/// A case the committee follows.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct FollowedCase {
    /// Its place in the ledger (its code and debtor are read by it).
    #[serde(skip)]
    pub id: CaseId,
    /// Its code.
    pub code: String,
    /// The debtor.
    pub debtor: String,
    /// The office.
    pub agency: String,
    /// The day accepted.
    pub accepted: Day,
    /// What it still owes.
    pub owed: i128,
    /// `in_progress`, `postponed`, `suspended`, `not_enforceable`.
    pub state: &'static str,
    /// The executor holding it.
    pub executor: Option<String>,
    /// Its next legal step and due date.
    pub next_step: Option<(&'static str, Day)>,
}

/// A complex case, as the dossier follows it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct ComplexFollowed {
    /// The case, as the lists show it.
    #[serde(flatten)]
    pub case: FollowedCase,
    /// Why it is complex.
    pub reason: String,
    /// The plan's steps done, and how many it has.
    pub steps_done: usize,
    /// How many steps the plan has.
    pub steps: usize,
    /// The plan's next step not done: what, who, by when.
    pub next: Option<(String, String, Day)>,
}

/// A coercion that mobilises forces, as the dossier lists it: the
/// committee coordinates the forces it needs.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct ForcedCoercion {
    /// The decision's code.
    pub code: String,
    /// The case.
    pub case: String,
    /// The agency enforcing it.
    pub agency: String,
    /// Its kind (`seizure`, …).
    pub kind: &'static str,
    /// When it is to be carried out (`YYYY-MM-DD HH:MM`), if planned.
    pub at: Option<String>,
    /// The police's protection request opened with it, and its stage
    /// (`sent`, `received`, `answered`…).
    pub police: Option<(String, &'static str)>,
}

/// Some cases, the first [`DossierRequest::LISTED`] of them.
#[derive(Debug, Clone, PartialEq, Eq, Default, serde::Serialize)]
pub struct CaseList {
    /// How many there are.
    pub total: usize,
    /// What they owe together.
    pub owed: i128,
    /// The largest first.
    pub cases: Vec<FollowedCase>,
}

/// What the dossier says of coordination.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct CoordinationSection {
    /// Per partner, the latest first.
    pub partners: Vec<PartnerFigures>,
    /// Requests overdue on the period's last day, those escalated first.
    pub overdue: Vec<RequestRow>,
    /// How many are overdue.
    pub overdue_total: usize,
    /// How many of them were escalated to the committee.
    pub escalated_total: usize,
    /// The obstacles raised before the committee in the way on the
    /// period's last day, and those settled within the period.
    pub obstacles: Vec<crate::committee::ObstacleRow>,
}

/// A Steering Committee meeting's dossier.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Dossier {
    /// The agency's code.
    pub agency: String,
    /// Its name.
    pub name: String,
    /// The province's name (for the date line).
    pub province: String,
    /// The first day reviewed.
    pub from: Day,
    /// The last day reviewed.
    pub to: Day,
    /// The journal's position the figures are read at.
    pub position: i64,
    /// The scope's results.
    pub results: Results,
    /// The year's targets, if set.
    pub targets: Option<Targets>,
    /// Each category's results.
    pub categories: Vec<CategoryResults>,
    /// The rates expected on 30 September (`None` after it, or without a
    /// past year in the journal).
    pub projection: Option<Projection>,
    /// The amount from which a case is large.
    pub large_from: i128,
    /// Open cases owing at least that.
    pub large: CaseList,
    /// How many years open make a case long-running.
    pub long_years: i32,
    /// Enforceable cases open that long.
    pub long_running: CaseList,
    /// The cases the committee follows as complex on the period's last day.
    pub complex: Vec<ComplexFollowed>,
    /// The province's peak campaigns that overlap the period, as they
    /// stood on its last day.
    pub campaigns: Vec<crate::campaign::CampaignResults>,
    /// The decisions to coerce of the scope that mobilise forces, planned
    /// from the period's first day on (or decided in the period, if not
    /// planned), by planned time.
    pub coercions: Vec<ForcedCoercion>,
    /// Coordination with partners.
    pub coordination: CoordinationSection,
    /// The committee's last conclusions and its overdue tasks.
    pub tasks: TasksSection,
    /// The space of the province's evidence warehouses on the period's
    /// last day: what there is, what is taken and expected, what is
    /// missing.
    pub warehouses: crate::warehouse::Space,
}

/// What became of the committee's conclusions.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct TasksSection {
    /// The previous meeting (the last held by the period's end), if any.
    pub previous_meeting: Option<String>,
    /// Its conclusions, as tasks on the period's last day.
    pub previous: Vec<crate::committee::TaskRow>,
    /// The tasks of earlier meetings overdue on that day.
    pub overdue: Vec<crate::committee::TaskRow>,
}

impl Dossier {
    /// Its figures as JSON, as the command line and the page's download give them.
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).expect("a dossier serializes")
    }
}

/// Why a dossier cannot be made.
#[derive(Debug, thiserror::Error)]
pub enum DossierError {
    /// The report behind it.
    #[error(transparent)]
    Report(#[from] ReportError),
    /// Its coordination section.
    #[error(transparent)]
    Coordination(#[from] CoordinationError),
}

impl From<thads_store::StoreError> for DossierError {
    fn from(e: thads_store::StoreError) -> DossierError {
        DossierError::Report(e.into())
    }
}

/// `part / whole` as a rate, `None` if the whole is nothing.
fn share(part: i128, whole: i128) -> Option<Rate> {
    Rate::of(part, whole)
}

/// `a * b / c`, rounded down; `None` if `c` is 0.
fn scale(a: i128, b: i128, c: i128) -> Option<i128> {
    (c != 0).then(|| a * b / c)
}

/// `a / b` rounded up, for `a` ≥ 0 and `b` > 0.
fn ceil_div(a: i128, b: i128) -> i128 {
    (a + b - 1) / b
}

/// Months left from `to` to the end of its statistical year: the current
/// one counted if it has days left.
pub fn months_left(to: Day) -> i32 {
    let (_, end) = to.statistical_year();
    let months = (i32::from(end.year()) - i32::from(to.year())) * 12 + i32::from(end.month())
        - i32::from(to.month());
    months + i32::from(to != to.month_end())
}

/// One form's projection from this year's tally on a day, the past years'
/// tallies on the same day and on their year's end, and the target.
pub fn expect(
    now: &Tally,
    past: &[(Tally, Tally)],
    target: Option<Rate>,
    months_left: i32,
) -> Expected {
    let done = |t: &Tally| t.completed + t.reduced + t.terminated;
    let sum = |f: &dyn Fn(&(Tally, Tally)) -> i128| past.iter().map(f).sum::<i128>();
    let completed_now = done(now);
    let enforceable_now = now.line(Line::Enforceable);
    let completed = scale(
        completed_now,
        sum(&|(_, end)| done(end)),
        sum(&|(same, _)| done(same)),
    )
    .unwrap_or(completed_now);
    let enforceable = scale(
        enforceable_now,
        sum(&|(_, end)| end.line(Line::Enforceable)),
        sum(&|(same, _)| same.line(Line::Enforceable)),
    )
    .unwrap_or(enforceable_now);
    // Never fewer than this year has already; never more done than due.
    let enforceable = enforceable.max(enforceable_now);
    let completed = completed.clamp(completed_now, enforceable.max(completed_now));
    let rate = share(completed, enforceable);
    let (reaches_target, needed, needed_per_month) = match target {
        None => (None, None, None),
        Some(target) => {
            let reaches = rate.is_some_and(|r| r >= target);
            // The target's share of the expected enforceable, rounded up.
            let wanted = ceil_div(i128::from(target.0) * enforceable, 10_000);
            let needed = (wanted - completed_now).max(0);
            let per_month = ceil_div(needed, i128::from(months_left.max(1)));
            (Some(reaches), Some(needed), Some(per_month))
        }
    };
    Expected {
        completed,
        enforceable,
        rate,
        reaches_target,
        needed,
        needed_per_month,
    }
}

impl Thads {
    /// The dossier of a Steering Committee meeting reviewing `request`'s
    /// period, from the journal as it stands (read afresh, as the command
    /// line does), for an actor who sees the agency's reports.
    pub async fn dossier(
        &self,
        actor: &Actor,
        request: &DossierRequest,
    ) -> Result<Dossier, DossierError> {
        let snapshot = self.snapshot().await?;
        let calendar = self.calendar().await?;
        let targets = self.dossier_targets(&snapshot, actor, request).await?;
        let ids = self
            .store
            .case_ids(&snapshot, &named_cases(&snapshot))
            .await?;
        let mut dossier = compose(&snapshot, actor, &calendar, request, targets, &ids)?;
        // The codes and debtors of the cases it names, from their rows.
        let tree = &snapshot.agencies;
        let province = tree
            .index(&request.agency)
            .map(|a| &tree.get(tree.root(a)).code);
        let named = dossier.followed_ids();
        let first = named.iter().min().copied().unwrap_or(0);
        let mut names = std::collections::HashMap::new();
        if !named.is_empty() {
            self.store
                .case_texts(province, first, &mut |text| {
                    if named.contains(&text.id) {
                        names.insert(text.id, [text.code.to_owned(), text.debtor.to_owned()]);
                    }
                })
                .await?;
        }
        dossier.name_cases(|id| names.remove(&id).unwrap_or_default());
        Ok(dossier)
    }

    /// The dossier as a page shows it: from the view it reads.
    pub async fn dossier_in_view(
        &self,
        view: &View,
        actor: &Actor,
        request: &DossierRequest,
    ) -> Result<Dossier, DossierError> {
        let calendar = self.calendar().await?;
        let targets = self
            .dossier_targets(view.snapshot(), actor, request)
            .await?;
        let ids = self
            .store
            .case_ids(view.snapshot(), &named_cases(view.snapshot()))
            .await?;
        view.dossier(actor, &calendar, request, targets, &ids)
    }

    /// The year's targets of the dossier's agency, if set.
    async fn dossier_targets(
        &self,
        snapshot: &thads_store::Snapshot,
        actor: &Actor,
        request: &DossierRequest,
    ) -> Result<Option<Targets>, DossierError> {
        let (_, year_end) = request.to.statistical_year();
        Ok(self
            .targets(snapshot, actor, year_end.year())
            .await?
            .into_iter()
            .find(|t| t.agency.code == request.agency)
            .map(|t| Targets {
                cases: t.cases,
                money: t.money,
            }))
    }
}

impl Dossier {
    /// The cases its lists name.
    fn followed_ids(&self) -> std::collections::HashSet<CaseId> {
        self.large
            .cases
            .iter()
            .chain(&self.long_running.cases)
            .chain(self.complex.iter().map(|c| &c.case))
            .map(|c| c.id)
            .collect()
    }

    /// Gives the cases its lists name their code and debtor.
    fn name_cases(&mut self, mut names: impl FnMut(CaseId) -> [String; 2]) {
        for case in self
            .large
            .cases
            .iter_mut()
            .chain(&mut self.long_running.cases)
            .chain(self.complex.iter_mut().map(|c| &mut c.case))
        {
            let [code, debtor] = names(case.id);
            case.code = code;
            case.debtor = debtor;
        }
    }
}

impl View {
    /// The dossier from this view (see [`Thads::dossier`]): what a page
    /// shows.
    pub fn dossier(
        &self,
        actor: &Actor,
        calendar: &Arc<Calendar>,
        request: &DossierRequest,
        targets: Option<Targets>,
        ids: &HashMap<CaseCode, CaseId>,
    ) -> Result<Dossier, DossierError> {
        let mut dossier = compose(self.snapshot(), actor, calendar, request, targets, ids)?;
        dossier.name_cases(|id| self.case_code_and_debtor(id));
        Ok(dossier)
    }
}

/// The dossier from a snapshot, the cases it names without their code and
/// debtor (read apart: a view has them in memory, the command line reads
/// their rows).
fn compose(
    snapshot: &thads_store::Snapshot,
    actor: &Actor,
    calendar: &Calendar,
    request: &DossierRequest,
    targets: Option<Targets>,
    ids: &HashMap<CaseCode, CaseId>,
) -> Result<Dossier, DossierError> {
    // The past years, read for the projection, need only their totals.
    let report = |from: Day, to: Day, by_category: bool| {
        let asked = ReportRequest {
            agency: Some(request.agency.clone()),
            by_category,
            ..ReportRequest::period(from, to)
        };
        period_report(snapshot, actor, asked)
    };
    let now = report(request.from, request.to, true)?;
    let results = Results::of(&now.total);
    let categories = now
        .by_category
        .iter()
        .map(|(category, part)| {
            let part = Results::of(&part.total);
            CategoryResults {
                category: category.as_str(),
                share_cases: share(part.cases.remaining, results.cases.remaining),
                share_money: share(part.money.remaining, results.money.remaining),
                results: part,
            }
        })
        .collect();
    let projection = projection(request, &now.total, targets, &report)?;
    let tree = &snapshot.agencies;
    let scope = tree
        .index(&request.agency)
        .ok_or_else(|| ReportError::UnknownAgency(request.agency.clone()))?;
    let (large, long_running) = followed_cases(snapshot, calendar, scope, request);
    let complex = complex_section(snapshot, calendar, scope, request, ids);
    let campaigns = campaigns_section(snapshot, request, ids);
    let coordination = coordination_section(snapshot, actor, calendar, request)?;
    let tasks = tasks_section(snapshot, request);
    let coercions = coercions_section(snapshot, scope, request);
    let with_items = snapshot
        .coordination
        .warehouses()
        .cases_held()
        .into_iter()
        .filter_map(|case| ids.get(case).copied())
        .collect();
    let warehouses = crate::warehouse::space_of(
        tree,
        &snapshot.ledger,
        &snapshot.coordination,
        tree.root(scope),
        &with_items,
        request.to,
    );
    Ok(Dossier {
        agency: request.agency.to_string(),
        name: tree.get(scope).name.clone(),
        province: tree.get(tree.root(scope)).name.clone(),
        from: request.from,
        to: request.to,
        position: snapshot.position().0,
        results,
        targets,
        categories,
        projection,
        large_from: request.large_from,
        large,
        long_years: request.long_years,
        long_running,
        complex,
        campaigns,
        coercions,
        coordination,
        tasks,
        warehouses,
    })
}

/// The decisions to coerce with forces of the scope's agencies, planned
/// on or after the period's first day, by planned time; each with the
/// police's request opened with it (same case, kind and day).
fn coercions_section(
    snapshot: &thads_store::Snapshot,
    scope: thads_core::agency::AgencyIndex,
    request: &DossierRequest,
) -> Vec<ForcedCoercion> {
    let tree = &snapshot.agencies;
    let coordination = &snapshot.coordination;
    let mut listed: Vec<(_, ForcedCoercion)> = coordination
        .assets()
        .coercions()
        .iter()
        .filter(|c| c.forces && c.on <= request.to)
        .filter(|c| c.at.map_or(c.on, |at| at.day) >= request.from)
        .filter_map(|c| {
            let agency = tree.index(&c.agency)?;
            if !tree.is_within(agency, scope) {
                return None;
            }
            let police = coordination
                .requests()
                .find(|r| {
                    r.request.kind == crate::coercions::POLICE_PROTECTION
                        && r.request.case.as_ref() == Some(&c.case)
                        && r.request.on == c.on
                })
                .map(|r| (r.request.id.to_string(), r.stage.as_str()));
            let when = c.at.map_or((c.on, 0, 0), |at| (at.day, at.hour, at.minute));
            Some((
                when,
                ForcedCoercion {
                    code: c.code.to_string(),
                    case: c.case.to_string(),
                    agency: tree.get(agency).name.clone(),
                    kind: c.kind.as_str(),
                    at: c.at.map(|at| at.to_string()),
                    police,
                },
            ))
        })
        .collect();
    listed.sort_by_key(|(when, _)| *when);
    listed.into_iter().map(|(_, c)| c).collect()
}

/// The cases named by the committee's facts that a dossier reads: its
/// complex cases and its campaigns' lists.
fn named_cases(snapshot: &thads_store::Snapshot) -> Vec<&CaseCode> {
    let committee = snapshot.coordination.committee();
    committee
        .complex_cases()
        .iter()
        .map(|c| &c.complex.case)
        .chain(committee.campaigns().iter().flat_map(|c| &c.cases))
        .chain(snapshot.coordination.warehouses().cases_held())
        .collect()
}

/// The complex cases of the scope followed on the period's last day.
fn complex_section(
    snapshot: &thads_store::Snapshot,
    calendar: &Calendar,
    scope: thads_core::agency::AgencyIndex,
    request: &DossierRequest,
    ids: &HashMap<CaseCode, CaseId>,
) -> Vec<ComplexFollowed> {
    let tree = &snapshot.agencies;
    snapshot
        .coordination
        .committee()
        .complex_cases()
        .iter()
        .filter(|s| s.followed_on(request.to))
        .filter_map(|state| {
            let id = *ids.get(&state.complex.case)?;
            let agency = snapshot.ledger.agency_of(id)?;
            if !tree.is_within(agency, scope) {
                return None;
            }
            let (_, state_then) = snapshot.ledger.case_on(id, request.to)?;
            if state_then.closed.is_some() {
                return None;
            }
            let done_by = |d: &Option<Day>| d.is_some_and(|d| d <= request.to);
            let next = state
                .complex
                .plan
                .iter()
                .zip(&state.done)
                .find(|(_, done)| !done_by(done))
                .map(|(step, _)| {
                    let owner = crate::complex::executor_name(snapshot, &step.owner)
                        .unwrap_or_else(|| step.owner.to_string());
                    (step.text.clone(), owner, step.due)
                });
            Some(ComplexFollowed {
                case: followed_case(snapshot, calendar, id, request.to),
                reason: state.complex.reason.clone(),
                steps_done: state.done.iter().filter(|d| done_by(d)).count(),
                steps: state.complex.plan.len(),
                next,
            })
        })
        .collect()
}

/// The province's campaigns overlapping the period, on its last day.
fn campaigns_section(
    snapshot: &thads_store::Snapshot,
    request: &DossierRequest,
    ids: &HashMap<CaseCode, CaseId>,
) -> Vec<crate::campaign::CampaignResults> {
    let tree = &snapshot.agencies;
    let Some(scope) = tree.index(&request.agency) else {
        return Vec::new();
    };
    let province = &tree.get(tree.root(scope)).code;
    snapshot
        .coordination
        .committee()
        .campaigns()
        .iter()
        .filter(|c| c.agency == *province && c.from <= request.to && c.to >= request.from)
        .map(|c| {
            let listed: Vec<CaseId> = c.cases.iter().filter_map(|c| ids.get(c).copied()).collect();
            crate::campaign::results(snapshot, c, &listed, request.to)
        })
        .collect()
}

/// The projection, for a period from the start of a statistical year
/// to a day before its end, if the journal holds a past year.
fn projection(
    request: &DossierRequest,
    now: &Report,
    targets: Option<Targets>,
    report: &dyn Fn(Day, Day, bool) -> Result<crate::PeriodReport, ReportError>,
) -> Result<Option<Projection>, ReportError> {
    let (start, end) = request.to.statistical_year();
    if request.from != start || request.to >= end {
        return Ok(None);
    }
    let mut years = Vec::new();
    let mut past = Vec::new();
    for back in 1..=5 {
        let months = -12 * back;
        let (start, same, end) = (
            start.plus_months(months),
            request.to.plus_months(months),
            end.plus_months(months),
        );
        let whole = report(start, end, false)?.total;
        if whole.cases.line(Line::Enforceable) == 0 {
            continue;
        }
        years.push(end.year());
        past.push((report(start, same, false)?.total, whole));
    }
    if years.is_empty() {
        return Ok(None);
    }
    let left = months_left(request.to);
    let form = |pick: fn(&Report) -> &Tally, target: Option<Rate>| {
        let past: Vec<(Tally, Tally)> = past.iter().map(|(s, e)| (*pick(s), *pick(e))).collect();
        expect(pick(now), &past, target, left)
    };
    Ok(Some(Projection {
        years,
        months_left: left,
        cases: form(|r| &r.cases, targets.map(|t| t.cases)),
        money: form(|r| &r.money, targets.map(|t| t.money)),
    }))
}

/// The open cases of the scope on the period's last day that owe at
/// least the large amount, and the enforceable ones open for years.
fn followed_cases(
    snapshot: &thads_store::Snapshot,
    calendar: &Calendar,
    scope: thads_core::agency::AgencyIndex,
    request: &DossierRequest,
) -> (CaseList, CaseList) {
    let (tree, ledger) = (&snapshot.agencies, &snapshot.ledger);
    let old = request.to.plus_months(-12 * request.long_years);
    let mut large: Vec<(i128, CaseId)> = Vec::new();
    let mut long: Vec<(i128, CaseId)> = Vec::new();
    for id in 0..ledger.case_count() as CaseId {
        let Some(agency) = ledger.agency_of(id) else {
            continue;
        };
        if !tree.is_within(agency, scope) {
            continue;
        }
        let Some((opened, state)) = ledger.case_on(id, request.to) else {
            continue;
        };
        if state.closed.is_some() {
            continue;
        }
        let owed = i128::from(state.owed.get());
        if owed >= request.large_from {
            large.push((owed, id));
        }
        if state.enforceable && opened.accepted_on <= old {
            long.push((owed, id));
        }
    }
    let list = |mut cases: Vec<(i128, CaseId)>| {
        cases.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
        CaseList {
            total: cases.len(),
            owed: cases.iter().map(|(owed, _)| owed).sum(),
            cases: cases
                .iter()
                .take(DossierRequest::LISTED)
                .map(|(_, id)| followed_case(snapshot, calendar, *id, request.to))
                .collect(),
        }
    };
    (list(large), list(long))
}

fn followed_case(
    snapshot: &thads_store::Snapshot,
    calendar: &Calendar,
    id: CaseId,
    on: Day,
) -> FollowedCase {
    let (opened, state) = snapshot
        .ledger
        .case_on(id, on)
        .expect("a case of the ledger");
    let timeline = snapshot.ledger.timeline(id).expect("a case of the ledger");
    let due = owed(&timeline, on, calendar);
    let state_name = match (state.pause, state.enforceable) {
        (Some(thads_core::event::Pause::Postponed), _) => "postponed",
        (Some(thads_core::event::Pause::Suspended), _) => "suspended",
        (None, false) => "not_enforceable",
        (None, true) => "in_progress",
    };
    FollowedCase {
        id,
        code: String::new(),
        debtor: String::new(),
        agency: snapshot.agencies.get(opened.agency).code.to_string(),
        accepted: opened.accepted_on,
        owed: i128::from(state.owed.get()),
        state: state_name,
        executor: due.executor.map(|e| snapshot.executors.get(e).name.clone()),
        next_step: due.steps.first().map(|s| (s.duty.as_str(), s.due)),
    }
}

/// Who is late on what over the period, and the requests overdue on its
/// last day, those brought to the committee first.
fn coordination_section(
    snapshot: &thads_store::Snapshot,
    actor: &Actor,
    calendar: &Calendar,
    request: &DossierRequest,
) -> Result<CoordinationSection, CoordinationError> {
    let (tree, coordination) = (&snapshot.agencies, &snapshot.coordination);
    let partners = crate::coordination::partner_table(
        tree,
        coordination,
        calendar,
        actor,
        Some(&request.agency),
        request.from,
        request.to,
    )?;
    let query = RequestQuery {
        agency: Some(request.agency.clone()),
        as_of: Some(request.to),
        overdue: true,
        ..RequestQuery::default()
    };
    let mut overdue =
        crate::coordination::request_rows(tree, coordination, calendar, actor, &query)?;
    let overdue_total = overdue.len();
    // Stable: the most overdue first within each.
    overdue.sort_by_key(|r| r.escalated.is_none());
    let escalated_total = overdue.iter().filter(|r| r.escalated.is_some()).count();
    overdue.truncate(DossierRequest::LISTED);
    let province = tree
        .index(&request.agency)
        .map(|a| tree.get(tree.root(a)).code.clone())
        .ok_or_else(|| CoordinationError::NotFound(request.agency.to_string()))?;
    let mut obstacles = crate::committee::obstacle_rows(coordination, tree, None, &province, |o| {
        o.open_on(request.to)
            || o.settled
                .as_ref()
                .is_some_and(|(on, _)| request.from <= *on && *on <= request.to)
    });
    // As they stood on the period's last day.
    for row in &mut obstacles {
        if row.settled.as_ref().is_some_and(|(on, _)| *on > request.to) {
            row.settled = None;
        }
    }
    Ok(CoordinationSection {
        partners,
        overdue,
        overdue_total,
        escalated_total,
        obstacles,
    })
}

/// The conclusions of the agency's last meeting held by the period's end,
/// and the tasks of the others overdue on that day.
fn tasks_section(snapshot: &thads_store::Snapshot, request: &DossierRequest) -> TasksSection {
    let committee = snapshot.coordination.committee();
    let held: Vec<_> = committee
        .meetings()
        .iter()
        .filter(|m| m.meeting.agency == request.agency && m.meeting.on <= request.to)
        .collect();
    let previous = held
        .iter()
        .max_by_key(|m| (m.meeting.on, m.meeting.id.as_str()));
    let rows = |tasks: Vec<&thads_core::committee::TaskState>| {
        crate::committee::task_rows(
            &snapshot.coordination,
            &snapshot.agencies,
            None,
            tasks.into_iter(),
            request.to,
        )
    };
    let of_previous = previous.map_or_else(Vec::new, |m| {
        m.conclusions
            .iter()
            .map(|i| &committee.tasks()[*i as usize])
            .collect()
    });
    let previous_id = previous.map(|m| &m.meeting.id);
    let overdue = held
        .iter()
        .filter(|m| Some(&m.meeting.id) != previous_id)
        .flat_map(|m| {
            m.conclusions
                .iter()
                .map(|i| &committee.tasks()[*i as usize])
        })
        .filter(|task| task.overdue_on(request.to))
        .collect();
    TasksSection {
        previous_meeting: previous_id.map(|id| id.to_string()),
        previous: rows(of_previous),
        overdue: rows(overdue),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> Day {
        s.parse().unwrap()
    }

    fn tally(completed: i128, enforceable: i128) -> Tally {
        Tally {
            new: enforceable,
            completed,
            in_progress: enforceable - completed,
            ..Tally::default()
        }
    }

    #[test]
    fn the_months_left_count_the_current_one_if_it_has_days_left() {
        assert_eq!(months_left(day("2025-03-31")), 6);
        assert_eq!(months_left(day("2025-03-15")), 7);
        assert_eq!(months_left(day("2024-12-31")), 9);
        assert_eq!(months_left(day("2025-09-29")), 1);
    }

    /// By 31 March, 40 of 100 enforceable cases are completed. In the past
    /// year, 30 of 90 were by that day, and 75 of 100 by 30 September: the
    /// year ends with 40 × 75 / 30 = 100 completed of 100 × 100 / 90 = 111,
    /// 90,09 %: a target of 80 % is reached (it wants 89, 49 more, 9 a month).
    /// A target of 95 % wants 106 of those 111 (rounded up): 66
    /// more, 11 a month over the 6 months left.
    #[test]
    fn the_projection_scales_this_year_by_the_past_years_pace() {
        let past = [(tally(30, 90), tally(75, 100))];
        let reached = expect(&tally(40, 100), &past, Some(Rate(8000)), 6);
        assert_eq!((reached.completed, reached.enforceable), (100, 111));
        assert_eq!(reached.rate, Some(Rate(9009)));
        assert_eq!(reached.reaches_target, Some(true));
        // What the target still wants from now, whatever the pace: 89 of 111.
        assert_eq!(
            (reached.needed, reached.needed_per_month),
            (Some(49), Some(9))
        );
        let missed = expect(&tally(40, 100), &past, Some(Rate(9500)), 6);
        assert_eq!(missed.reaches_target, Some(false));
        assert_eq!(
            (missed.needed, missed.needed_per_month),
            (Some(66), Some(11))
        );
        let untargeted = expect(&tally(40, 100), &past, None, 6);
        assert_eq!(untargeted.needed, None);
    }
}
