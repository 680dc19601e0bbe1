//! The dashboard: the statistical year so far, for the actor's scope. Every
//! figure is a period report of the one definition (`statistics.md`).

use std::sync::Arc;

use thads_core::agency::AgencyIndex;
use thads_core::report::{Rate, Report};
use thads_core::{Category, Day};

use crate::{Actor, CaseRow, PeriodReport, ReportError, ReportRequest, View, period_report};

/// What a dashboard depends on besides the view: the scope, whether the
/// actor sees cases, and the day.
pub(crate) type Key = (Option<AgencyIndex>, bool, Day);

/// How many of the largest open cases it lists.
pub const LARGEST: usize = 10;

/// The statistical year so far, for one scope.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Dashboard {
    /// The statistical year, named by the year it ends.
    pub year: i16,
    /// The year's report up to today, with a row per agency below the scope.
    pub report: PeriodReport,
    /// The cumulative rates at the end of each month so far (the last month
    /// up to today).
    pub months: Vec<MonthRates>,
    /// The year's report for each category.
    pub categories: Vec<(Category, Report)>,
    /// The open cases owing the most (none for roles that do not see cases).
    pub largest: Vec<CaseRow>,
}

/// The year's rates from 1 October to the end of a month.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MonthRates {
    /// The month's last day (or today, for the month under way).
    pub end: Day,
    /// The rate in cases.
    pub cases: Option<Rate>,
    /// The rate in money.
    pub money: Option<Rate>,
}

impl View {
    /// The dashboard of the statistical year that holds `today`, for the
    /// actor's scope. Made once per view, scope and day.
    pub fn dashboard(&self, actor: &Actor, today: Day) -> Result<Arc<Dashboard>, ReportError> {
        let view = self;
        let snapshot = view.snapshot();
        let (from, _) = today.statistical_year();
        let request = |to: Day, category: Option<Category>, by_agency: bool| ReportRequest {
            category,
            by_agency,
            ..ReportRequest::period(from, to)
        };
        let agencies = &snapshot.agencies;
        let sees_cases = actor.may_see_cases().is_ok();
        // The scope decides what is shown; an actor whose agency is not in
        // the store gets the report's own refusal below.
        if let Some(scope) = actor.report_scope(agencies, None)? {
            let key = (scope, sees_cases, today);
            if let Some(made) = view.dashboards.lock().expect("not poisoned").get(&key) {
                return Ok(made.clone());
            }
        }
        let report = period_report(snapshot, actor, request(today, None, true))?;
        let scope = report
            .request
            .agency
            .as_ref()
            .and_then(|a| agencies.index(a));
        let key = (scope, sees_cases, today);
        let mut months = Vec::new();
        let mut month_start = from;
        while month_start <= today {
            let end = month_start.month_end().min(today);
            let total = period_report(snapshot, actor, request(end, None, false))?.total;
            months.push(MonthRates {
                end,
                cases: total.cases.rate(),
                money: total.money.rate(),
            });
            month_start = month_start.month_end().plus_days(1);
        }
        let categories = Category::ALL
            .into_iter()
            .map(|c| {
                Ok((
                    c,
                    period_report(snapshot, actor, request(today, Some(c), false))?.total,
                ))
            })
            .collect::<Result<_, ReportError>>()?;
        let largest = if sees_cases {
            let visible: Vec<bool> = (0..agencies.len() as AgencyIndex)
                .map(|a| {
                    actor.sees_cases_of(agencies, a)
                        && scope.is_none_or(|s| agencies.is_within(a, s))
                })
                .collect();
            view.largest_open(&visible, LARGEST)
        } else {
            Vec::new()
        };
        let dashboard = Arc::new(Dashboard {
            year: today.statistical_year().1.year(),
            report,
            months,
            categories,
            largest,
        });
        view.dashboards
            .lock()
            .expect("not poisoned")
            .insert(key, dashboard.clone());
        Ok(dashboard)
    }
}
