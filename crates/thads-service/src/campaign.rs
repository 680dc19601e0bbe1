//! Peak campaigns (đợt cao điểm): the province's secretariat launches one
//! over a window, for some of its agencies and a selection of cases, with
//! targets; its results, per accepting agency and per executor, come from
//! the journal for the window, and are read live by its page and by the
//! dossier.
//!
//! A campaign's figures:
//! - **selected**: the cases listed, or else every case of the agencies in
//!   scope that is open on the first day (or accepted during the window),
//!   of the category and owing at least the amount the filter asks;
//! - **completed**: of those, the cases closed in the window as fully
//!   enforced or terminated (thi hành xong, đình chỉ: what the forms count
//!   as done);
//! - **collected**: the money collected from them in the window.
//!
//! Each case counts for the executor holding it on the window's last day
//! (or today, while the campaign runs).

use std::sync::Arc;

use thads_core::agency::AgencyIndex;
use thads_core::committee::{Campaign, Fact as CommitteeFact};
use thads_core::coordination::{Code, Fact};
use thads_core::event::Kind;
use thads_core::ledger::CaseId;
use thads_core::report::Rate;
use thads_core::{AgencyCode, CaseCode, Category, Day, Vnd};

use crate::coordination::CoordinationError;
use crate::{Actor, Thads, View};

/// What a new campaign is, as a form gives it.
#[derive(Debug, Clone)]
pub struct NewCampaign {
    /// The province running it.
    pub agency: AgencyCode,
    /// Its name.
    pub name: String,
    /// Its window.
    pub from: Day,
    /// Its last day.
    pub to: Day,
    /// The agencies in scope; empty: the province.
    pub agencies: Vec<AgencyCode>,
    /// The cases listed; empty: the filter chooses.
    pub cases: Vec<CaseCode>,
    /// The filter's category.
    pub category: Option<Category>,
    /// The filter's least amount owed.
    pub min_owed: Option<Vnd>,
    /// Cases to complete.
    pub target_cases: u64,
    /// Money to collect.
    pub target_money: Vnd,
}

/// One line of a campaign's results: an agency or an executor.
#[derive(Debug, Clone, PartialEq, Eq, Default, serde::Serialize)]
pub struct CampaignLine {
    /// The agency's or executor's code (empty: cases no executor holds).
    pub code: String,
    /// Its name.
    pub name: String,
    /// The cases selected.
    pub selected: u64,
    /// What they owed on the first day.
    pub owed: i128,
    /// Completed in the window.
    pub completed: u64,
    /// Collected in the window.
    pub collected: i128,
}

impl CampaignLine {
    fn add(&mut self, case: &CaseFigures) {
        self.selected += 1;
        self.owed += case.owed;
        self.completed += u64::from(case.completed);
        self.collected += case.collected;
    }
}

/// A campaign's results.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct CampaignResults {
    /// Its code.
    pub id: String,
    /// Its name.
    pub name: String,
    /// Its province's code.
    pub agency: String,
    /// Its window.
    pub from: Day,
    /// Its last day.
    pub to: Day,
    /// The day the figures are read at: the last day, or today before it.
    pub as_of: Day,
    /// The agencies in scope, by name (empty: the province).
    pub scope: Vec<String>,
    /// How the cases are chosen, in words of the journal: `listed`, or the
    /// filter's category and least amount.
    pub listed: bool,
    /// The filter's category.
    pub category: Option<&'static str>,
    /// The filter's least amount owed.
    pub min_owed: Option<i128>,
    /// Cases to complete.
    pub target_cases: u64,
    /// Money to collect.
    pub target_money: i128,
    /// The whole campaign.
    pub total: CampaignLine,
    /// Completed against the target.
    #[serde(serialize_with = "crate::dossier::rate_text")]
    pub cases_progress: Option<Rate>,
    /// Collected against the target.
    #[serde(serialize_with = "crate::dossier::rate_text")]
    pub money_progress: Option<Rate>,
    /// Per accepting agency, in the tree's order.
    pub by_agency: Vec<CampaignLine>,
    /// Per executor, the most completed first.
    pub by_executor: Vec<CampaignLine>,
}

impl CampaignResults {
    /// Its figures as JSON, as the page's download gives them.
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).expect("results serialize")
    }
}

/// One selected case's part.
struct CaseFigures {
    owed: i128,
    completed: bool,
    collected: i128,
}

/// The results of `campaign` on `as_of`, from the snapshot; `listed` are
/// the ids of its listed cases.
pub(crate) fn results(
    snapshot: &thads_store::Snapshot,
    campaign: &Campaign,
    listed: &[CaseId],
    as_of: Day,
) -> CampaignResults {
    let (tree, ledger) = (&snapshot.agencies, &snapshot.ledger);
    let province = tree.index(&campaign.agency).expect("a stored campaign's");
    let tops: Vec<AgencyIndex> = if campaign.agencies.is_empty() {
        vec![province]
    } else {
        campaign
            .agencies
            .iter()
            .filter_map(|a| tree.index(a))
            .collect()
    };
    let in_scope: Vec<bool> = (0..tree.len())
        .map(|a| {
            tops.iter()
                .any(|top| tree.is_within(a as AgencyIndex, *top))
        })
        .collect();
    let before = campaign.from.plus_days(-1);
    let until = as_of.min(campaign.to);
    let mut by_agency = vec![CampaignLine::default(); tree.len()];
    let mut by_executor: std::collections::HashMap<Option<u32>, CampaignLine> =
        std::collections::HashMap::new();
    let mut total = CampaignLine::default();
    let mut take = |id: CaseId, check_filter: bool| {
        let Some(timeline) = ledger.timeline(id) else {
            return;
        };
        if check_filter {
            if !in_scope[usize::from(timeline.agency)] || timeline.accepted_on > until {
                return;
            }
            if campaign
                .category
                .is_some_and(|c| !timeline.categories.contains(c))
            {
                return;
            }
        }
        // Its state the day before the window, if it was open then.
        let owed_before = if timeline.accepted_on <= before {
            let (_, state) = ledger.case_on(id, before).expect("accepted by then");
            if state.closed.is_some() && check_filter {
                return;
            }
            i128::from(state.owed.get())
        } else {
            i128::from(timeline.amount.get())
        };
        if check_filter
            && campaign
                .min_owed
                .is_some_and(|m| owed_before < i128::from(m.get()))
        {
            return;
        }
        let mut figures = CaseFigures {
            owed: owed_before,
            completed: false,
            collected: 0,
        };
        let mut executor = None;
        for step in &timeline.steps {
            if step.on > until {
                break;
            }
            match step.kind {
                Kind::Assigned => executor = Some(step.value as u32),
                Kind::Collected if step.on >= campaign.from => {
                    figures.collected += i128::from(step.value);
                }
                Kind::Completed | Kind::Terminated if step.on >= campaign.from => {
                    figures.completed = true;
                }
                _ => {}
            }
        }
        total.add(&figures);
        by_agency[usize::from(timeline.agency)].add(&figures);
        by_executor.entry(executor).or_default().add(&figures);
    };
    if campaign.cases.is_empty() {
        // The agency first, without reading the timeline: most cases of
        // the country are not of the province.
        for id in 0..ledger.case_count() as CaseId {
            if ledger
                .agency_of(id)
                .is_some_and(|a| in_scope[usize::from(a)])
            {
                take(id, true);
            }
        }
    } else {
        for id in listed {
            take(*id, false);
        }
    }
    let by_agency = by_agency
        .into_iter()
        .enumerate()
        .filter(|(_, line)| line.selected > 0)
        .map(|(a, line)| {
            let agency = tree.get(a as AgencyIndex);
            CampaignLine {
                code: agency.code.to_string(),
                name: agency.name.clone(),
                ..line
            }
        })
        .collect();
    let mut by_executor: Vec<CampaignLine> = by_executor
        .into_iter()
        .map(|(executor, line)| match executor {
            Some(e) => {
                let e = snapshot.executors.get(e as _);
                CampaignLine {
                    code: e.code.to_string(),
                    name: e.name.clone(),
                    ..line
                }
            }
            None => line,
        })
        .collect();
    by_executor.sort_by(|a, b| {
        b.completed
            .cmp(&a.completed)
            .then(b.collected.cmp(&a.collected))
            .then(a.code.cmp(&b.code))
    });
    CampaignResults {
        id: campaign.id.to_string(),
        name: campaign.name.clone(),
        agency: campaign.agency.to_string(),
        from: campaign.from,
        to: campaign.to,
        as_of: until,
        scope: campaign
            .agencies
            .iter()
            .filter_map(|a| tree.index(a))
            .map(|a| tree.get(a).name.clone())
            .collect(),
        listed: !campaign.cases.is_empty(),
        category: campaign.category.map(Category::as_str),
        min_owed: campaign.min_owed.map(|m| i128::from(m.get())),
        target_cases: campaign.target_cases,
        target_money: i128::from(campaign.target_money.get()),
        cases_progress: Rate::of(
            i128::from(total.completed),
            i128::from(campaign.target_cases),
        ),
        money_progress: Rate::of(total.collected, i128::from(campaign.target_money.get())),
        total,
        by_agency,
        by_executor,
    }
}

/// The campaigns a view has worked out, by code and day: a campaign's page
/// folds the ledger once a view, then serves the same results to everyone.
pub(crate) type CampaignCache =
    std::sync::Mutex<std::collections::HashMap<(Code, Day), Arc<CampaignResults>>>;

impl View {
    /// A campaign's results on `as_of`, if the actor sees its committee.
    pub fn campaign(
        &self,
        actor: &Actor,
        code: &Code,
        listed: &[CaseId],
        as_of: Day,
    ) -> Result<Arc<CampaignResults>, CoordinationError> {
        let snapshot = self.snapshot();
        let tree = &snapshot.agencies;
        let campaign = snapshot
            .coordination
            .committee()
            .campaign(code)
            .filter(|c| {
                tree.index(&c.agency)
                    .is_some_and(|p| actor.sees_committee_of(tree, p))
            })
            .ok_or_else(|| CoordinationError::NotFound(code.to_string()))?;
        let key = (code.clone(), as_of);
        if let Some(kept) = self.campaigns.lock().expect("not poisoned").get(&key) {
            return Ok(kept.clone());
        }
        let made = Arc::new(results(snapshot, campaign, listed, as_of));
        let mut kept = self.campaigns.lock().expect("not poisoned");
        if kept.len() >= 64 {
            kept.clear();
        }
        kept.insert(key, made.clone());
        Ok(made)
    }

    /// The campaigns of the committees the actor sees, the latest first.
    pub fn campaigns(&self, actor: &Actor) -> Vec<Campaign> {
        let snapshot = self.snapshot();
        let tree = &snapshot.agencies;
        let mut campaigns: Vec<Campaign> = snapshot
            .coordination
            .committee()
            .campaigns()
            .iter()
            .filter(|c| {
                tree.index(&c.agency)
                    .is_some_and(|p| actor.sees_committee_of(tree, p))
            })
            .cloned()
            .collect();
        campaigns.sort_by(|a, b| b.from.cmp(&a.from).then(b.id.as_str().cmp(a.id.as_str())));
        campaigns
    }
}

impl Thads {
    /// Launches a campaign of a province's committee; returns its code
    /// (`SL/CD/N`).
    pub async fn launch_campaign(
        &self,
        actor: &Actor,
        new: NewCampaign,
    ) -> Result<Code, CoordinationError> {
        let mut writer = self.province_of(actor, &new.agency).await?;
        let codes: Vec<&CaseCode> = new.cases.iter().collect();
        let ids = writer.case_ids(&codes).await?;
        let id = writer
            .snapshot()
            .coordination
            .committee()
            .next_code(&new.agency, "CD");
        let campaign = Campaign {
            id: id.clone(),
            agency: new.agency,
            name: new.name.trim().to_owned(),
            from: new.from,
            to: new.to,
            agencies: new.agencies,
            cases: new.cases,
            category: new.category,
            min_owed: new.min_owed,
            target_cases: new.target_cases,
            target_money: new.target_money,
        };
        let facts = vec![Fact::Committee(CommitteeFact::Campaign(campaign))];
        self.append_facts(
            writer,
            actor,
            "campaign.launch",
            id.as_str(),
            facts,
            Some(&ids),
        )
        .await?;
        Ok(id)
    }

    /// A campaign's results on `as_of`, from the view pages read.
    pub async fn campaign_in_view(
        &self,
        view: &View,
        actor: &Actor,
        code: &Code,
        as_of: Day,
    ) -> Result<Arc<CampaignResults>, CoordinationError> {
        let listed = match view.snapshot().coordination.committee().campaign(code) {
            Some(c) if !c.cases.is_empty() => {
                let codes: Vec<&CaseCode> = c.cases.iter().collect();
                let ids = self.store.case_ids(view.snapshot(), &codes).await?;
                c.cases.iter().filter_map(|c| ids.get(c).copied()).collect()
            }
            _ => Vec::new(),
        };
        view.campaign(actor, code, &listed, as_of)
    }
}
