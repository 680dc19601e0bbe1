//! The period report (`statistics.md`): the one use case behind the report
//! page and its downloads, the command line's `report`, the official
//! workbook and the dashboard's figures.
//!
//! [`period_report`] computes from the [`Snapshot`] its caller hands it and
//! reads nothing else: a page passes its view's snapshot, the command line a
//! fresh one (see "Reads" in ARCHITECTURE.md), so that everything one
//! request shows comes from one position of the journal.

use thads_core::agency::AgencyIndex;
use thads_core::ledger::Query;
use thads_core::report::Report;
use thads_core::{Agency, AgencyCode, BudgetItem, Category, Day, JudgmentKind, Mode};
use thads_store::{Snapshot, StoreError};

use crate::{Access, Actor, Denied};

/// A report request, as a user states it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReportRequest {
    /// First day.
    pub from: Day,
    /// Last day.
    pub to: Day,
    /// The agency whose subtree is reported; the actor's own reach if
    /// `None`.
    pub agency: Option<AgencyCode>,
    /// Only cases of this category.
    pub category: Option<Category>,
    /// Add a row per agency directly below the scope.
    pub by_agency: bool,
    /// Add the same report for each category (the official workbook).
    pub by_category: bool,
    /// Add a row per executor, by the executor assigned at the period's
    /// end (forms 4 and 5).
    pub by_executor: bool,
    /// Only cases of this mode.
    pub mode: Option<Mode>,
    /// Only cases of this kind of judgment.
    pub judgment_kind: Option<JudgmentKind>,
    /// Add the report of each part of the scope's cases: by mode, kind of
    /// judgment or kind of state-budget collection.
    pub by: Option<Dimension>,
    /// The report as the journal stood at the end of a past day; `None`:
    /// as it stands.
    pub as_recorded: Option<AsRecorded>,
}

/// A past day, and the journal's position at its end (see
/// [`crate::Thads::as_recorded`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AsRecorded {
    /// The day.
    pub day: Day,
    /// The last event the journal held at its end.
    pub position: u32,
    /// The end of the day: closes taken after it are not known then.
    pub until: jiff::Timestamp,
}

impl ReportRequest {
    /// The period `from`–`to`, for the actor's whole reach, every category,
    /// without rows.
    pub fn period(from: Day, to: Day) -> ReportRequest {
        ReportRequest {
            from,
            to,
            agency: None,
            category: None,
            by_agency: false,
            by_category: false,
            by_executor: false,
            mode: None,
            judgment_kind: None,
            by: None,
            as_recorded: None,
        }
    }
}

/// What a report's cases are split by (see [`ReportRequest::by`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dimension {
    /// Ex officio, on request.
    Mode,
    /// The kind of judgment.
    JudgmentKind,
    /// The kind of state-budget collection (of any case that says one).
    BudgetItem,
}

impl Dimension {
    /// Its name on the command line and in the JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            Dimension::Mode => "mode",
            Dimension::JudgmentKind => "judgment_kind",
            Dimension::BudgetItem => "budget_item",
        }
    }

    /// Its parts, in the format's order; the cases that do not say theirs
    /// last.
    pub fn parts(self) -> Vec<Part> {
        match self {
            Dimension::Mode => Mode::ALL.into_iter().map(Part::Mode).collect(),
            Dimension::JudgmentKind => JudgmentKind::ALL
                .into_iter()
                .map(Some)
                .chain([None])
                .map(Part::JudgmentKind)
                .collect(),
            Dimension::BudgetItem => BudgetItem::ALL
                .into_iter()
                .map(Some)
                .chain([None])
                .map(Part::BudgetItem)
                .collect(),
        }
    }
}

/// One part of a report's cases (see [`Dimension`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Part {
    /// The cases of a mode.
    Mode(Mode),
    /// The cases of a kind of judgment; `None`: those that do not say.
    JudgmentKind(Option<JudgmentKind>),
    /// The cases of a kind of state-budget collection; `None`: the rest.
    BudgetItem(Option<BudgetItem>),
}

impl Part {
    /// Its name in the JSON (`unspecified` for the cases that do not say).
    pub fn key(self) -> &'static str {
        match self {
            Part::Mode(m) => m.as_str(),
            Part::JudgmentKind(k) => k.map_or("unspecified", JudgmentKind::as_str),
            Part::BudgetItem(b) => b.map_or("unspecified", BudgetItem::as_str),
        }
    }

    /// Its name, to say.
    pub fn name(self) -> thads_core::text::Text {
        match self {
            Part::Mode(m) => m.into(),
            Part::JudgmentKind(Some(k)) => k.into(),
            Part::BudgetItem(Some(b)) => b.into(),
            Part::JudgmentKind(None) | Part::BudgetItem(None) => {
                thads_core::text::Text::new("part-unspecified")
            }
        }
    }

    /// The query's filter of this part.
    fn filter(self, query: Query) -> Query {
        match self {
            Part::Mode(m) => Query {
                mode: Some(m),
                ..query
            },
            Part::JudgmentKind(k) => Query {
                judgment_kind: Some(k),
                ..query
            },
            Part::BudgetItem(b) => Query {
                budget_item: Some(b),
                ..query
            },
        }
    }
}

/// Why a report cannot be made.
#[derive(Debug, thiserror::Error)]
pub enum ReportError {
    /// The actor's role may not do this.
    #[error(transparent)]
    Denied(#[from] Denied),
    /// The period ends before it starts.
    #[error("the period ends ({to}) before it starts ({from})")]
    EmptyPeriod {
        /// First day asked.
        from: Day,
        /// Last day asked.
        to: Day,
    },
    /// No such agency.
    #[error("agency {0} is not known")]
    UnknownAgency(AgencyCode),
    /// The store failed.
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// A period report, ready to render.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PeriodReport {
    /// What was asked, with the agency the report covers filled in.
    pub request: ReportRequest,
    /// The agency reported on; `None` for the whole country.
    pub scope: Option<Agency>,
    /// The whole scope.
    pub total: Report,
    /// One row per agency directly below the scope, if asked.
    pub rows: Vec<(Agency, Report)>,
    /// The same period, scope and rows for each category, if asked.
    pub by_category: Vec<(Category, PeriodReport)>,
    /// The close that fixed these figures, if the period is closed for the
    /// whole scope: they read as they did when it was taken.
    pub closed: Option<thads_core::close::Close>,
    /// Where the closed report stands with the procuracy, if it was sent
    /// for co-signing.
    pub cosigning: Option<Cosigning>,
    /// One row per executor holding cases of the scope at the period's
    /// end, in declaration order, then the cases held by none (`None`), if
    /// asked; only rows with figures.
    pub executors: Vec<(Option<thads_core::executor::Executor>, Report)>,
    /// The report of each part, if asked (`ReportRequest::by`).
    pub parts: Vec<(Part, Report)>,
    /// Form 3: the state-budget cases by kind of collection, with the
    /// official workbook (`by_category`).
    pub form3: Vec<(Part, Report)>,
}

/// A closed report sent to the procuracy for co-signing (the request of
/// [`thads_core::coordination::COSIGN_KIND`]), as the report says it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cosigning {
    /// The request that sent it.
    pub request: thads_core::coordination::Code,
    /// The procuracy's name.
    pub partner: String,
    /// The day sent.
    pub sent: Day,
    /// The answer's day, if answered.
    pub answered: Option<Day>,
    /// Signed or disputed, once answered.
    pub signature: Option<thads_core::coordination::Signature>,
    /// The answer's text: what is disputed.
    pub text: String,
}

impl Cosigning {
    /// The state of a report closed through `to` for `agency`, if it was
    /// sent for co-signing.
    pub fn of(snapshot: &Snapshot, agency: &AgencyCode, to: Day) -> Option<Cosigning> {
        let coordination = &snapshot.coordination;
        let state = coordination.cosigning(agency, to)?;
        let partner = &coordination.partners()[state.partner as usize];
        Some(Cosigning {
            request: state.request.id.clone(),
            partner: partner.name.clone(),
            sent: state.request.on,
            answered: state.answer.as_ref().map(|(on, ..)| *on),
            signature: state.signature,
            text: state
                .answer
                .as_ref()
                .map_or_else(String::new, |(_, text, _)| text.clone()),
        })
    }

    /// Its state's name: `awaiting`, `signed` or `disputed`.
    pub fn state(&self) -> &'static str {
        self.signature.map_or("awaiting", |s| s.as_str())
    }
}

/// A period report from a snapshot, for what the actor may see: without an
/// agency, its own agency's subtree; an agency outside it is not known to
/// it.
pub fn period_report(
    snapshot: &Snapshot,
    actor: &Actor,
    mut request: ReportRequest,
) -> Result<PeriodReport, ReportError> {
    if request.to < request.from {
        return Err(ReportError::EmptyPeriod {
            from: request.from,
            to: request.to,
        });
    }
    let agencies = &snapshot.agencies;
    let scope = scope(snapshot, actor, request.agency.as_ref())?;
    request.agency = scope.map(|a| agencies.get(a).code.clone());
    let by_category = if request.by_category {
        Category::ALL
            .into_iter()
            .map(|category| {
                let request = ReportRequest {
                    category: Some(category),
                    by_category: false,
                    ..request.clone()
                };
                (category, tally(snapshot, scope, request))
            })
            .collect()
    } else {
        Vec::new()
    };
    let until = request.as_recorded.map(|r| r.until);
    let closed = snapshot
        .coordination
        .closes()
        .covering(agencies, scope, request.to, until)
        .cloned();
    let cosigning = match (&closed, &request.agency) {
        (Some(_), Some(agency)) if request.as_recorded.is_none() => {
            Cosigning::of(snapshot, agency, request.to)
        }
        _ => None,
    };
    Ok(PeriodReport {
        by_category,
        closed,
        cosigning,
        ..tally(snapshot, scope, request)
    })
}

/// The agency a report covers: the one asked for if the actor reaches it,
/// or the actor's own (`None`: the whole country).
fn scope(
    snapshot: &Snapshot,
    actor: &Actor,
    asked: Option<&AgencyCode>,
) -> Result<Option<AgencyIndex>, ReportError> {
    let agencies = &snapshot.agencies;
    let unknown = |code: &AgencyCode| ReportError::UnknownAgency(code.clone());
    let index = match asked {
        None => None,
        Some(code) => Some(agencies.index(code).ok_or_else(|| unknown(code))?),
    };
    match actor.report_scope(agencies, index)? {
        Some(scope) => Ok(scope),
        None => Err(match (asked, &actor.access) {
            (Some(code), _)
            | (
                None,
                Access::Account {
                    agency: Some(code), ..
                },
            ) => unknown(code),
            _ => unreachable!("an actor without an agency reaches everything"),
        }),
    }
}

/// The report of a request whose scope is settled.
fn tally(snapshot: &Snapshot, scope: Option<AgencyIndex>, request: ReportRequest) -> PeriodReport {
    let agencies = &snapshot.agencies;
    let query = Query {
        from: request.from,
        to: request.to,
        agency: scope,
        category: request.category,
        recorded_by: request.as_recorded.map(|r| r.position),
        mode: request.mode,
        judgment_kind: request.judgment_kind.map(Some),
        budget_item: None,
    };
    let (total, rows) = if request.by_agency {
        let breakdown = snapshot.ledger.breakdown(agencies, &query);
        let rows = breakdown
            .rows
            .into_iter()
            .map(|(a, r)| (agencies.get(a).clone(), r))
            .collect();
        (breakdown.total, rows)
    } else {
        (snapshot.ledger.report(agencies, &query), Vec::new())
    };
    debug_assert!(
        total.broken_identities().is_empty(),
        "{:?}",
        total.broken_identities()
    );
    let executors = if request.by_executor {
        by_executor(snapshot, &query)
    } else {
        Vec::new()
    };
    let parts_of = |dimension: Dimension, query: Query| {
        dimension
            .parts()
            .into_iter()
            .map(|part| (part, snapshot.ledger.report(agencies, &part.filter(query))))
            .collect::<Vec<_>>()
    };
    let parts = request
        .by
        .map_or_else(Vec::new, |dimension| parts_of(dimension, query));
    let form3 = if request.by_category && request.category.is_none() {
        let state_budget = Query {
            category: Some(Category::StateBudget),
            ..query
        };
        parts_of(Dimension::BudgetItem, state_budget)
    } else {
        Vec::new()
    };
    PeriodReport {
        request,
        scope: scope.map(|a| agencies.get(a).clone()),
        total,
        rows,
        by_category: Vec::new(),
        closed: None,
        cosigning: None,
        executors,
        parts,
        form3,
    }
}

/// The rows by executor of a report (see [`PeriodReport::executors`]).
fn by_executor(
    snapshot: &Snapshot,
    query: &Query,
) -> Vec<(Option<thads_core::executor::Executor>, Report)> {
    let executors = &snapshot.executors;
    let rows = snapshot
        .ledger
        .by_executor(&snapshot.agencies, executors.len(), query);
    rows.into_iter()
        .enumerate()
        .filter(|(_, r)| *r != Report::default())
        .map(|(i, r)| {
            (
                (i < executors.len()).then(|| executors.get(i as u32).clone()),
                r,
            )
        })
        .collect()
}

/// The canonical JSON of the report a close fixes: the statistical year
/// to `to`, of the scope (`None`: the whole store), with a row for each
/// agency directly below it that has figures. Its SHA-256 is what the
/// close records, and what `thads close verify` computes again.
pub(crate) fn closed_report_json(
    snapshot: &Snapshot,
    scope: Option<AgencyIndex>,
    to: Day,
) -> String {
    crate::render::json(&closed_report(snapshot, scope, to))
}

/// The report a close fixes, as [`closed_report_json`] writes it.
pub(crate) fn closed_report(
    snapshot: &Snapshot,
    scope: Option<AgencyIndex>,
    to: Day,
) -> PeriodReport {
    let agencies = &snapshot.agencies;
    let request = ReportRequest {
        agency: scope.map(|a| agencies.get(a).code.clone()),
        by_agency: true,
        ..ReportRequest::period(to.statistical_year().0, to)
    };
    let mut report = tally(snapshot, scope, request);
    // An agency declared after the close has an empty row; the figures
    // are what the close fixed.
    report.rows.retain(|(_, r)| *r != Report::default());
    report
}

/// The agencies whose reports the actor may see, in declaration order.
pub fn report_agencies(snapshot: &Snapshot, actor: &Actor) -> Result<Vec<Agency>, ReportError> {
    let agencies = &snapshot.agencies;
    // Refused to a role without reports, even in a store without agencies.
    actor.report_scope(agencies, None)?;
    let mut within = Vec::new();
    for index in 0..agencies.len() as AgencyIndex {
        if actor.report_scope(agencies, Some(index))?.is_some() {
            within.push(agencies.get(index).clone());
        }
    }
    Ok(within)
}
