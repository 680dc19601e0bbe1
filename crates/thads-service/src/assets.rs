//! The asset register (sổ theo dõi tài sản): the debtors' assets of the
//! agencies an actor sees, each with where it stands, its value, its
//! mortgage, the measures in force and its auction rounds; and the assets
//! under auction. Read from the facts of coordination, without the ledger.
//! And the forms' writes: an asset found, a step of it.

use thads_core::asset::{Asset, AssetKind, AssetState, Fact, Mortgage, State, Step};
use thads_core::coordination::{Code, Coordination, Fact as CoordinationFact};
use thads_core::{AgencyCode, AgencyTree, CaseCode, Day, Vnd};

use crate::coordination::CoordinationError;
use crate::view::ListError;
use crate::{Actor, Thads};

/// Which assets the register lists.
#[derive(Debug, Clone, Default)]
pub struct AssetQuery {
    /// Those of an agency's subtree (none: every agency the actor sees).
    pub agency: Option<AgencyCode>,
    /// Only those under auction.
    pub under_auction: bool,
}

impl Thads {
    /// The assets of the cases of the agencies the actor sees, in the
    /// order found, read from the store's facts (the command line's; a
    /// page reads its view's with [`assets_in`]).
    pub async fn assets(
        &self,
        actor: &Actor,
        query: &AssetQuery,
    ) -> Result<Vec<AssetState>, ListError> {
        actor.may_see_cases()?;
        let (agencies, coordination) = self.store.coordination().await?;
        assets_in(&agencies, &coordination, actor, query)
    }
}

/// The assets of the cases of the agencies the actor sees, in the order
/// found.
pub fn assets_in(
    agencies: &AgencyTree,
    coordination: &Coordination,
    actor: &Actor,
    query: &AssetQuery,
) -> Result<Vec<AssetState>, ListError> {
    actor.may_see_cases()?;
    let top = match &query.agency {
        Some(code) => Some(
            agencies
                .index(code)
                .filter(|a| actor.sees_cases_of(agencies, *a))
                .ok_or_else(|| ListError::UnknownAgency(code.clone()))?,
        ),
        None => None,
    };
    Ok(coordination
        .assets()
        .iter()
        .filter(|held| !query.under_auction || held.state == State::UnderAuction)
        .filter(|held| {
            let agency = agencies.index(&held.asset.agency).expect("stored agency");
            actor.sees_cases_of(agencies, agency)
                && top.is_none_or(|top| agencies.is_within(agency, top))
        })
        .cloned()
        .collect())
}

/// The register as the command line's JSON: `{"assets": [{"code", "case",
/// "agency", "kind", "description", "found", "state", "value", "mortgage",
/// "measures", "rounds", "reductions"}…]}`.
pub fn assets_json(assets: &[AssetState]) -> String {
    let rows: Vec<serde_json::Value> = assets
        .iter()
        .map(|held| {
            let a = &held.asset;
            serde_json::json!({
                "code": a.code.as_str(),
                "case": a.case.as_str(),
                "agency": a.agency.as_str(),
                "kind": a.kind.as_str(),
                "description": a.description,
                "details": a.details,
                "found": a.on.to_string(),
                "state": held.state.as_str(),
                "value": held.value.get(),
                "mortgage": a.mortgage.as_ref().map(|m| serde_json::json!({"to": m.to, "amount": m.amount.get()})),
                "measures": held.measures.iter().map(|(m, on)| serde_json::json!({"measure": m.as_str(), "since": on.to_string()})).collect::<Vec<_>>(),
                "rounds": held.rounds.iter().map(|(on, price)| serde_json::json!({"on": on.to_string(), "price": price.get()})).collect::<Vec<_>>(),
                "reductions": held.reductions(),
            })
        })
        .collect();
    let mut text = serde_json::to_string_pretty(&serde_json::json!({ "assets": rows }))
        .expect("assets serialize");
    text.push('\n');
    text
}

/// An asset found on a case, as a form gives it; thads gives its code.
#[derive(Debug, Clone)]
pub struct NewAsset {
    /// The case whose debtor owns it.
    pub case: CaseCode,
    /// The day it was found.
    pub on: Day,
    /// What it is.
    pub kind: AssetKind,
    /// What it is, in words.
    pub description: String,
    /// Its estimated value.
    pub value: Vnd,
    /// Its mortgage, if any.
    pub mortgage: Option<Mortgage>,
    /// Whether it is perishable (sold without auction).
    pub perishable: bool,
}

impl Thads {
    /// Records an asset found on a case the actor writes, coded
    /// `AGENCY/TS/YEAR/N`; returns its code.
    pub async fn add_asset(&self, actor: &Actor, new: NewAsset) -> Result<Code, CoordinationError> {
        actor.may_write_cases()?;
        let mut writer = self.writer().await?;
        let (agency, ids) = written_case(&mut writer, actor, &new.case).await?;
        let snapshot = writer.snapshot();
        let code = Code::next_in(
            &format!("{agency}/TS/{}/", new.on.year()),
            snapshot
                .coordination
                .assets()
                .iter()
                .map(|held| &held.asset.code),
        );
        let fact = Fact::Found(Asset {
            code: code.clone(),
            agency,
            case: new.case,
            on: new.on,
            kind: new.kind,
            description: new.description,
            value: new.value,
            mortgage: new.mortgage,
            details: Default::default(),
            perishable: new.perishable,
        });
        let subject = code.to_string();
        self.append_facts(
            writer,
            actor,
            "asset",
            &subject,
            vec![CoordinationFact::Asset(fact)],
            Some(&ids),
        )
        .await?;
        Ok(code)
    }

    /// Records a step of an asset of a case the actor writes.
    pub async fn add_asset_step(&self, actor: &Actor, step: Step) -> Result<(), CoordinationError> {
        actor.may_write_cases()?;
        let writer = self.writer().await?;
        let snapshot = writer.snapshot();
        let writes = snapshot
            .coordination
            .assets()
            .get(&step.asset)
            .and_then(|held| snapshot.agencies.index(&held.asset.agency))
            .is_some_and(|agency| actor.writes_cases_of(&snapshot.agencies, agency));
        if !writes {
            return Err(CoordinationError::NotFound(step.asset.to_string()));
        }
        let subject = step.asset.to_string();
        self.append_facts(
            writer,
            actor,
            "asset_step",
            &subject,
            vec![CoordinationFact::Asset(Fact::Step(step))],
            None,
        )
        .await
    }
}

/// The agency of a case the actor writes, and the case's id as a write
/// names it; a case outside the actor's reach is not found.
pub(crate) async fn written_case(
    writer: &mut thads_store::Writer,
    actor: &Actor,
    case: &CaseCode,
) -> Result<
    (
        AgencyCode,
        std::collections::HashMap<CaseCode, thads_core::ledger::CaseId>,
    ),
    CoordinationError,
> {
    let ids = writer.case_ids(&[case]).await?;
    let snapshot = writer.snapshot();
    let agency = ids
        .get(case)
        .map(|id| snapshot.ledger.agency_of(*id).expect("a stored case"))
        .filter(|agency| actor.writes_cases_of(&snapshot.agencies, *agency))
        .ok_or_else(|| CoordinationError::NotFound(case.to_string()))?;
    Ok((snapshot.agencies.get(agency).code.clone(), ids))
}

/// A step an asset owes, for the to-do list.
#[derive(Debug, Clone)]
pub struct AssetStepDue {
    /// The asset.
    pub asset: Code,
    /// Its case.
    pub case: CaseCode,
    /// The step owed (`appraise`, `auction`, `buyer_pays`).
    pub step: &'static str,
    /// By when.
    pub due: Day,
    /// The rule it comes from.
    pub rule: &'static thads_core::deadlines::Rule,
    /// The case's executor.
    pub executor: Option<thads_core::executor::ExecutorIndex>,
}

impl Thads {
    /// The steps the assets of the cases the actor sees owe, by
    /// `rules/assets.toml`'s deadlines (of one executor's cases, if
    /// given): after a seizure the appraiser, after the valuation the
    /// auction house, after a sale the buyer's payment (done when the case
    /// collects on or after the sale's day). By due date.
    pub async fn asset_steps_due(
        &self,
        view: &crate::View,
        actor: &Actor,
        calendar: &thads_core::calendar::Calendar,
        executor: Option<&thads_core::executor::ExecutorCode>,
    ) -> Result<Vec<AssetStepDue>, CoordinationError> {
        actor.may_see_cases()?;
        let snapshot = view.snapshot();
        let tree = &snapshot.agencies;
        let deadlines = thads_core::asset::AssetDeadlines::shipped();
        let owing: Vec<(&AssetState, &'static thads_core::deadlines::Rule, Day)> = snapshot
            .coordination
            .assets()
            .iter()
            .filter(|held| {
                tree.index(&held.asset.agency)
                    .is_some_and(|a| actor.sees_cases_of(tree, a))
            })
            .filter_map(|held| {
                let (rule, due) = deadlines.owed(held, calendar)?;
                Some((held, rule, due))
            })
            .collect();
        let codes: Vec<&CaseCode> = owing.iter().map(|(held, ..)| &held.asset.case).collect();
        let ids = self.store.case_ids(snapshot, &codes).await?;
        let wanted = executor.and_then(|code| snapshot.executors.index(code));
        let mut due = Vec::new();
        for (held, rule, day) in owing {
            let Some(timeline) = ids
                .get(&held.asset.case)
                .and_then(|id| snapshot.ledger.timeline(*id))
            else {
                continue;
            };
            let last = held.last_day();
            let paid = rule.trigger == thads_core::asset::Action::Sold.as_str()
                && timeline
                    .steps
                    .iter()
                    .any(|s| s.kind == thads_core::event::Kind::Collected && s.on >= last);
            let holder = timeline
                .steps
                .iter()
                .rev()
                .find(|s| s.kind == thads_core::event::Kind::Assigned)
                .map(|s| s.value as thads_core::executor::ExecutorIndex);
            if paid || (executor.is_some() && holder != wanted) {
                continue;
            }
            due.push(AssetStepDue {
                asset: held.asset.code.clone(),
                case: held.asset.case.clone(),
                step: rule.step.as_str(),
                due: day,
                rule,
                executor: holder,
            });
        }
        due.sort_by(|a, b| a.due.cmp(&b.due).then_with(|| a.asset.cmp(&b.asset)));
        Ok(due)
    }
}
