//! Exemption and reduction of state-budget debts (miễn, giảm): the cases
//! the agency may propose, with why each qualifies or not; the monthly
//! batch of files sent to the procuracy as requests; and Form 6, the
//! results of exemption and reduction for a period.

use std::collections::HashSet;

use thads_core::agency::AgencyIndex;
use thads_core::coordination::{Code, Fact, PartnerKind, Request};
use thads_core::event::Kind;
use thads_core::exemption::Table;
use thads_core::journal::Record;
use thads_core::ledger::CaseId;
use thads_core::text::Text;
use thads_core::{AgencyCode, Category, Day, Vnd};

use crate::coordination::CoordinationError;
use crate::{Actor, Thads};

/// The kind of request a file goes to the procuracy as.
pub const REVIEW: &str = "exemption_review";

/// A candidate case on a day.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExemptionRow {
    /// The case's code.
    pub code: String,
    /// Its agency's code.
    pub agency: String,
    /// The debtor's name.
    pub debtor: String,
    /// The amount of the decision.
    pub amount: Vnd,
    /// What is still owed.
    pub owed: Vnd,
    /// `exempt`, `exempt_remainder` or `reduce`, if it qualifies.
    pub decision: Option<&'static str>,
    /// The rule's id and law, if it qualifies.
    pub rule: Option<(String, String, bool)>,
    /// For a reduction, the most it may be.
    pub largest_reduction: Option<Vnd>,
    /// Whether its file may go now (it qualifies, verified within 3 months).
    pub file_ready: bool,
    /// Whether a file went already and waits on the procuracy.
    pub proposed: bool,
    /// Each condition and whether it is met.
    pub reasons: Vec<(bool, Text)>,
}

/// One row of Form 6: an agency's figures (or the total).
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct Form6Row {
    /// The agency's code (`None`: the total).
    pub agency: Option<String>,
    /// Its name.
    pub name: String,
    /// Files sent to the procuracy in the period: cases and what they owed.
    pub proposed_cases: u64,
    /// …their money.
    pub proposed_money: i64,
    /// Exemptions decided (terminations on an exemption ground).
    pub exempted_cases: u64,
    /// …what they still owed.
    pub exempted_money: i64,
    /// Reductions decided on state-budget cases.
    pub reduced_cases: u64,
    /// …the money reduced.
    pub reduced_money: i64,
    /// Files sent in the period no decision has followed by its end.
    pub pending_cases: u64,
}

/// Form 6: results of exemption and reduction, for a period and a scope.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Form6 {
    /// The first day of the period.
    pub from: Day,
    /// The last day.
    pub to: Day,
    /// The scope's agency (`None`: the country).
    pub agency: Option<String>,
    /// One row per agency of the scope that has any figure, then the total.
    pub rows: Vec<Form6Row>,
    /// The total.
    pub total: Form6Row,
}

impl Form6Row {
    fn add(&mut self, other: &Form6Row) {
        self.proposed_cases += other.proposed_cases;
        self.proposed_money += other.proposed_money;
        self.exempted_cases += other.exempted_cases;
        self.exempted_money += other.exempted_money;
        self.reduced_cases += other.reduced_cases;
        self.reduced_money += other.reduced_money;
        self.pending_cases += other.pending_cases;
    }
}

impl Thads {
    /// The state-budget cases of debtors without means that the actor
    /// sees (of `agency`'s subtree), assessed on `on`: those that qualify
    /// first (ready files first), then the others, each with its reasons.
    pub async fn exemptions(
        &self,
        actor: &Actor,
        agency: Option<&AgencyCode>,
        on: Day,
    ) -> Result<Vec<ExemptionRow>, CoordinationError> {
        actor.may_see_cases()?;
        let view = self.view().await?;
        let snapshot = view.snapshot();
        let tree = &snapshot.agencies;
        let top = scope(tree, agency)?;
        let proposed: HashSet<&str> = snapshot
            .coordination
            .requests()
            .filter(|s| s.request.kind == REVIEW && s.stage.is_open())
            .filter_map(|s| s.request.case.as_ref().map(|c| c.as_str()))
            .collect();
        let table = Table::shipped();
        let mut rows = Vec::new();
        for id in 0..snapshot.ledger.case_count() as CaseId {
            let (opened, _) = snapshot.ledger.case(id).expect("a case");
            let candidate = opened.categories.contains(Category::StateBudget)
                && top.is_none_or(|top| tree.is_within(opened.agency, top))
                && actor.sees_cases_of(tree, opened.agency);
            if !candidate {
                continue;
            }
            let timeline = snapshot.ledger.timeline(id).expect("a case");
            let Some(assessment) = table.assess(&timeline, on) else {
                continue;
            };
            let [code, debtor] = view.case_code_and_debtor(id);
            rows.push(ExemptionRow {
                proposed: proposed.contains(code.as_str()),
                code,
                agency: tree.get(opened.agency).code.to_string(),
                debtor,
                amount: opened.amount,
                owed: assessment.owed,
                decision: assessment.rule.as_ref().map(|r| r.decision.as_str()),
                rule: assessment
                    .rule
                    .as_ref()
                    .map(|r| (r.id.clone(), r.law.clone(), r.confirmed)),
                largest_reduction: assessment.largest_reduction,
                file_ready: assessment.file_ready,
                reasons: assessment
                    .reasons
                    .iter()
                    .map(|r| (r.met(), Text::from(r)))
                    .collect(),
            });
        }
        rows.sort_by(|a, b| {
            (b.decision.is_some(), b.file_ready, b.owed)
                .cmp(&(a.decision.is_some(), a.file_ready, a.owed))
                .then(a.code.cmp(&b.code))
        });
        Ok(rows)
    }

    /// The month's batch: a request `exemption_review` from `agency` to the
    /// procuracy `partner` for every ready file of its subtree's cases not
    /// sent already, in one write; returns how many were sent.
    pub async fn propose_exemptions(
        &self,
        actor: &Actor,
        agency: &AgencyCode,
        partner: &Code,
        on: Day,
    ) -> Result<usize, CoordinationError> {
        let rows = self.exemptions(actor, Some(agency), on).await?;
        let mut writer = self.writer().await?;
        let snapshot = writer.snapshot();
        let tree = &snapshot.agencies;
        let index = tree
            .index(agency)
            .ok_or_else(|| CoordinationError::NotFound(agency.to_string()))?;
        if !(actor.writes_cases_of(tree, index) || actor.assigns_cases_of(tree, index)) {
            return Err(CoordinationError::NotFound(agency.to_string()));
        }
        let procuracy = snapshot
            .coordination
            .partner(partner)
            .is_some_and(|p| p.kind == PartnerKind::Procuracy);
        if !procuracy {
            return Err(CoordinationError::NotFound(partner.to_string()));
        }
        let ready: Vec<&ExemptionRow> = rows
            .iter()
            .filter(|r| r.file_ready && !r.proposed)
            .collect();
        if ready.is_empty() {
            return Ok(0);
        }
        let first = snapshot.coordination.next_request_code(agency, on.year());
        let number: u32 = first
            .as_str()
            .rsplit('/')
            .next()
            .and_then(|n| n.parse().ok())
            .expect("a numbered code");
        let lang = thads_core::text::Lang::Vi;
        let mut records = Vec::with_capacity(ready.len());
        let mut codes = Vec::with_capacity(ready.len());
        for (i, row) in ready.iter().enumerate() {
            let case = thads_core::CaseCode::parse(&row.code).expect("a stored code");
            let decision = lang.t(&format!(
                "exemption-decision-{}",
                row.decision.expect("a ready file qualifies")
            ));
            let text = format!(
                "Đề nghị kiểm sát hồ sơ đề nghị xét {} nghĩa vụ thi hành án đối với {} (còn phải thi hành {}).",
                decision.to_lowercase(),
                row.debtor,
                lang.money(row.owed)
            );
            let id = Code::parse(&format!("{agency}/{}/{}", on.year(), number + i as u32))
                .expect("a well-formed code");
            codes.push(case.clone());
            records.push((
                i + 1,
                Record::Coordination(Box::new(Fact::Request(Request {
                    id,
                    agency: agency.clone(),
                    partner: partner.clone(),
                    kind: REVIEW.to_owned(),
                    on,
                    case: Some(case),
                    real_estate: false,
                    complex: false,
                    text,
                    attachments: Vec::new(),
                    report: None,
                }))),
            ));
        }
        let wanted: Vec<&thads_core::CaseCode> = codes.iter().collect();
        let ids = writer.case_ids(&wanted).await?;
        let prepared = crate::check_records(writer.snapshot(), records, &ids)?;
        let sent = prepared.facts.len();
        let listed: Vec<&str> = codes.iter().map(|c| c.as_str()).collect();
        let detail = serde_json::json!({ "cases": listed, "partner": partner.as_str(), "on": on.to_string() });
        let audit = actor.entry("exemption.propose", agency.as_str(), detail);
        let written = writer.append(&prepared, &audit, &mut |_| {}).await?;
        self.written(written).await;
        Ok(sent)
    }

    /// Form 6 for `from`–`to` over `agency`'s subtree (the actor's own
    /// scope if none): files sent, exemptions and reductions decided, files
    /// still waiting; one row per agency with any figure, and the total.
    pub async fn form6(
        &self,
        actor: &Actor,
        agency: Option<&AgencyCode>,
        from: Day,
        to: Day,
    ) -> Result<Form6, CoordinationError> {
        let view = self.view().await?;
        let snapshot = view.snapshot();
        let tree = &snapshot.agencies;
        let top = form_scope(tree, actor, agency)?;
        let within = |a: AgencyIndex| top.is_none_or(|top| tree.is_within(a, top));
        let mut rows: Vec<Form6Row> = vec![Form6Row::default(); tree.len()];
        let ledger = &snapshot.ledger;
        let ids = {
            let codes: Vec<&thads_core::CaseCode> = snapshot
                .coordination
                .requests()
                .filter(|s| s.request.kind == REVIEW)
                .filter_map(|s| s.request.case.as_ref())
                .collect();
            self.store.case_ids(snapshot, &codes).await?
        };
        // Decisions: reductions from the ledger, exemptions from the journal.
        let mut decided: std::collections::HashMap<CaseId, Day> = Default::default();
        for id in 0..ledger.case_count() as CaseId {
            let (opened, _) = ledger.case(id).expect("a case");
            if !opened.categories.contains(Category::StateBudget) || !within(opened.agency) {
                continue;
            }
            let timeline = ledger.timeline(id).expect("a case");
            let mut counted = false;
            for step in timeline.steps.iter().filter(|s| s.kind == Kind::Reduced) {
                decided
                    .entry(id)
                    .and_modify(|d| *d = (*d).max(step.on))
                    .or_insert(step.on);
                if (from..=to).contains(&step.on) {
                    let row = &mut rows[opened.agency as usize];
                    row.reduced_money += step.amount().get();
                    if !counted {
                        row.reduced_cases += 1;
                        counted = true;
                    }
                }
            }
        }
        let table = Table::shipped();
        for ground in &table.exemption_grounds {
            let first = Day::from_ymd(1900, 1, 1).expect("a day");
            for (id, on) in self.store.terminated_on_ground(ground, first, to).await? {
                let Some((opened, _)) = ledger.case(id) else {
                    continue;
                };
                if !opened.categories.contains(Category::StateBudget) || !within(opened.agency) {
                    continue;
                }
                decided
                    .entry(id)
                    .and_modify(|d| *d = (*d).max(on))
                    .or_insert(on);
                if on >= from {
                    let owed = owed_on(ledger, id, on.plus_days(-1));
                    let row = &mut rows[opened.agency as usize];
                    row.exempted_cases += 1;
                    row.exempted_money += owed.get();
                }
            }
        }
        for state in snapshot.coordination.requests() {
            let request = &state.request;
            if request.kind != REVIEW || !(from..=to).contains(&request.on) {
                continue;
            }
            let Some(id) = request.case.as_ref().and_then(|c| ids.get(c)) else {
                continue;
            };
            let (opened, _) = ledger.case(*id).expect("a stored case");
            if !within(opened.agency) {
                continue;
            }
            let row = &mut rows[opened.agency as usize];
            row.proposed_cases += 1;
            row.proposed_money += owed_on(ledger, *id, request.on).get();
            let followed = decided
                .get(id)
                .is_some_and(|d| *d >= request.on && *d <= to);
            if !followed {
                row.pending_cases += 1;
            }
        }
        let mut total = Form6Row {
            name: top.map_or_else(|| "Toàn quốc".to_owned(), |t| tree.get(t).name.clone()),
            agency: top.map(|t| tree.get(t).code.to_string()),
            ..Form6Row::default()
        };
        let mut listed = Vec::new();
        for (index, mut row) in rows.into_iter().enumerate() {
            if row == Form6Row::default() {
                continue;
            }
            let agency = tree.get(index as AgencyIndex);
            row.agency = Some(agency.code.to_string());
            row.name = agency.name.clone();
            total.add(&row);
            listed.push(row);
        }
        Ok(Form6 {
            from,
            to,
            agency: top.map(|t| tree.get(t).code.to_string()),
            rows: listed,
            total,
        })
    }
}

/// The agency whose subtree a form (6, 7) counts: the one asked, if the
/// actor's reports reach it, or the actor's own scope (`None`: the
/// country).
pub(crate) fn form_scope(
    tree: &thads_core::AgencyTree,
    actor: &Actor,
    agency: Option<&AgencyCode>,
) -> Result<Option<AgencyIndex>, CoordinationError> {
    let asked = match agency {
        None => None,
        Some(code) => Some(
            tree.index(code)
                .ok_or_else(|| CoordinationError::NotFound(code.to_string()))?,
        ),
    };
    actor
        .report_scope(tree, asked)?
        .ok_or_else(|| CoordinationError::NotFound(format!("{agency:?}")))
}

/// What a case still owed at the end of `day`.
fn owed_on(ledger: &thads_core::ledger::Ledger, id: CaseId, day: Day) -> Vnd {
    let timeline = ledger.timeline(id).expect("a stored case");
    let mut state = thads_core::CaseState::accepted(timeline.accepted_on, timeline.amount);
    for step in timeline.steps.iter().filter(|s| s.on <= day) {
        state
            .apply(step.on, step.kind, step.amount())
            .expect("the ledger holds only checked events");
    }
    state.owed
}

/// The agency asked for, as an index (`None`: every agency).
fn scope(
    tree: &thads_core::AgencyTree,
    agency: Option<&AgencyCode>,
) -> Result<Option<AgencyIndex>, CoordinationError> {
    agency
        .map(|code| {
            tree.index(code)
                .ok_or_else(|| CoordinationError::NotFound(code.to_string()))
        })
        .transpose()
}
