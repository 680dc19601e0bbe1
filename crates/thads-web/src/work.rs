//! The executor's work: the to-do list (Việc cần làm) of the steps the cases
//! owe, by due date; the leaders' view of overdue steps and workloads, by
//! office and executor; and reassigning cases from one executor to another.

use askama::Template;
use axum::extract::{Form, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use thads_core::agency::AgencyIndex;
use thads_core::executor::ExecutorCode;
use thads_core::{CaseCode, Day};
use thads_service::{DueQuery, DueStep, RecordError, Workload};

use crate::error::PageError;
use crate::{App, Chrome, Lang, Reading, form_status, page_with};

/// How many steps a group of the to-do list shows.
const SHOWN: usize = 200;

/// One line of a to-do list.
struct StepRow {
    code: String,
    /// The step's name, and the anchor on the case page of the form that
    /// fulfils it.
    step: String,
    anchor: String,
    /// Whether it is a step of a complex case's plan (done on the
    /// committee's page of complex cases).
    plan: bool,
    due_day: Day,
    due: String,
    law: String,
    confirmed: bool,
    executor: String,
    /// The partner's answer that gave the step back (the request's code,
    /// the partner's name, the day), if one did.
    unblocked: Option<(String, String, Day)>,
}

/// The steps due in one stretch of time.
struct Group {
    key: &'static str,
    total: u64,
    rows: Vec<StepRow>,
}

#[derive(Template)]
#[template(path = "todo.html")]
struct TodoPage {
    c: Chrome,
    today: Day,
    groups: Vec<Group>,
    executors: Vec<(String, String)>,
    executor: String,
}

#[derive(Debug, Default, serde::Deserialize)]
pub(crate) struct TodoQuery {
    /// An executor's code; empty: every executor's; absent: the account's
    /// own executor, if it is linked to one.
    executor: Option<String>,
}

fn row(lang: Lang, list_executors: &thads_core::executor::Executors, s: &DueStep) -> StepRow {
    StepRow {
        code: s.code.clone(),
        step: lang.say(&s.duty.into()),
        anchor: format!("record-{}", s.duty.done_by().as_str()),
        plan: false,
        due_day: s.due,
        due: lang.date(s.due),
        law: s.rule.law.clone(),
        confirmed: s.rule.confirmed,
        executor: s
            .executor
            .map(|e| list_executors.get(e).name.clone())
            .unwrap_or_default(),
        unblocked: None,
    }
}

/// The executors the actor's cases may be held by, for the filters.
fn executor_choices(reading: &Reading) -> Vec<(String, String)> {
    let snapshot = reading.view.snapshot();
    snapshot
        .executors
        .iter()
        .filter(|(i, _)| {
            let agency = snapshot.executors.agency_of(*i);
            reading.actor.sees_cases_of(&snapshot.agencies, agency)
        })
        .map(|(_, e)| (e.code.to_string(), format!("{} ({})", e.name, e.code)))
        .collect()
}

fn executor_param(text: &str) -> Result<Option<ExecutorCode>, PageError> {
    match text.trim() {
        "" => Ok(None),
        code => ExecutorCode::parse(code)
            .map(Some)
            .map_err(|_| PageError::BadRequest),
    }
}

/// Việc cần làm: overdue first, then today, this week and later.
pub(crate) async fn todo(
    State(app): State<App>,
    reading: Reading,
    Query(query): Query<TodoQuery>,
) -> Result<Response, PageError> {
    let today = thads_service::today_in_vietnam();
    let calendar = app.thads.calendar().await?;
    let chosen = match query.executor {
        Some(code) => code,
        None => app
            .thads
            .linked_executor(&reading.actor)
            .await?
            .map_or_else(String::new, |code| code.to_string()),
    };
    let executor = executor_param(&chosen)?;
    let list = reading.view.due(
        &reading.actor,
        &calendar,
        &DueQuery {
            agency: None,
            executor: executor.clone(),
            as_of: today,
        },
    )?;
    let executors = executor_choices(&reading);
    let lang = reading.chrome.lang;
    let snapshot = reading.view.snapshot();
    // The week ends on Sunday.
    let sunday = today.plus_days(6 - today.days_since_monday());
    let mut groups = ["todo-overdue", "todo-today", "todo-week", "todo-later"].map(|key| Group {
        key,
        total: 0,
        rows: Vec::new(),
    });
    let group_of = |due: Day| match due {
        due if due < today => 0,
        due if due == today => 1,
        due if due <= sunday => 2,
        _ => 3,
    };
    for step in &list.steps {
        let group = &mut groups[group_of(step.due)];
        group.total += 1;
        if group.rows.len() < SHOWN {
            let mut row = row(lang, &snapshot.executors, step);
            if let Some(resumed_on) = step.resumed_on {
                row.unblocked = reading
                    .view
                    .answer_that_resumed(&reading.actor, &calendar, &step.code, resumed_on)?
                    .map(|r| (r.id, r.partner_name, resumed_on));
            }
            group.rows.push(row);
        }
    }
    // The steps of the complex cases' plans the committee set.
    for step in reading
        .view
        .plan_steps(&reading.actor, None, executor.as_ref(), today)
    {
        let group = &mut groups[group_of(step.due)];
        group.total += 1;
        group.rows.push(StepRow {
            code: step.case,
            step: step.text,
            anchor: String::new(),
            plan: true,
            due_day: step.due,
            due: lang.date(step.due),
            law: lang.t("todo-plan-law"),
            confirmed: true,
            executor: step.owner.1,
            unblocked: None,
        });
    }
    // The steps the cases' assets owe: the appraiser, the auction house,
    // the buyer's payment.
    for step in app
        .thads
        .asset_steps_due(&reading.view, &reading.actor, &calendar, executor.as_ref())
        .await?
    {
        let group = &mut groups[group_of(step.due)];
        group.total += 1;
        group.rows.push(StepRow {
            code: step.case.to_string(),
            step: format!(
                "{}: {}",
                lang.t(&format!("asset-due-{}", step.step)),
                step.asset
            ),
            anchor: "asset-step".to_owned(),
            plan: false,
            due_day: step.due,
            due: lang.date(step.due),
            law: step.rule.law.clone(),
            confirmed: step.rule.confirmed,
            executor: step
                .executor
                .map(|e| snapshot.executors.get(e).name.clone())
                .unwrap_or_default(),
            unblocked: None,
        });
    }
    // The case steps beyond the first SHOWN of a group are due later than
    // those: the first SHOWN of all are among these rows.
    for group in &mut groups {
        group.rows.sort_by_key(|r| r.due_day);
        group.rows.truncate(SHOWN);
    }
    let (_, chrome, _) = reading.into_parts();
    Ok(page_with(
        axum::http::StatusCode::OK,
        &TodoPage {
            c: chrome,
            today,
            groups: groups.into(),
            executors,
            executor: chosen,
        },
    ))
}

/// An executor's line of the leaders' view.
struct LoadRow {
    office: String,
    executor: String,
    code: String,
    load: Workload,
}

/// An office's line: its steps and those overdue.
struct OfficeRow {
    name: String,
    cases: u64,
    open: u64,
    overdue: u64,
}

#[derive(Template)]
#[template(path = "work.html")]
struct WorkPage {
    c: Chrome,
    today: Day,
    offices: Vec<OfficeRow>,
    loads: Vec<LoadRow>,
    overdue: Vec<StepRow>,
    overdue_total: u64,
    executors: Vec<(String, String)>,
    assigns: bool,
    form: AssignForm,
    error: Option<String>,
    assigned: Option<String>,
}

#[derive(Debug, Default, Clone, serde::Deserialize)]
pub(crate) struct AssignForm {
    #[serde(default)]
    from: String,
    #[serde(default)]
    cases: String,
    #[serde(default)]
    to: String,
}

#[derive(Debug, Default, serde::Deserialize)]
pub(crate) struct WorkQuery {
    #[serde(default)]
    assigned: Option<String>,
}

async fn work_page(
    app: &App,
    reading: Reading,
    form: AssignForm,
    error: Option<String>,
    assigned: Option<String>,
) -> Result<Response, PageError> {
    let today = thads_service::today_in_vietnam();
    let calendar = app.thads.calendar().await?;
    let list = reading.view.due(
        &reading.actor,
        &calendar,
        &DueQuery {
            agency: None,
            executor: None,
            as_of: today,
        },
    )?;
    let lang = reading.chrome.lang;
    let snapshot = reading.view.snapshot();
    let agencies = &snapshot.agencies;
    let mut offices: Vec<(AgencyIndex, OfficeRow)> = Vec::new();
    for (_, agency, load) in &list.workloads {
        let at = match offices.iter().position(|(a, _)| a == agency) {
            Some(at) => at,
            None => {
                offices.push((
                    *agency,
                    OfficeRow {
                        name: agencies.get(*agency).name.clone(),
                        cases: 0,
                        open: 0,
                        overdue: 0,
                    },
                ));
                offices.len() - 1
            }
        };
        let office = &mut offices[at].1;
        office.cases += load.cases;
        office.open += load.open;
        office.overdue += load.overdue;
    }
    offices.sort_by(|a, b| b.1.overdue.cmp(&a.1.overdue).then(a.0.cmp(&b.0)));
    let mut loads: Vec<LoadRow> = list
        .workloads
        .iter()
        .map(|(executor, agency, load)| LoadRow {
            office: agencies.get(*agency).name.clone(),
            executor: executor.map_or_else(
                || lang.t("work-unassigned"),
                |e| snapshot.executors.get(e).name.clone(),
            ),
            code: executor.map_or_else(String::new, |e| snapshot.executors.get(e).code.to_string()),
            load: load.clone(),
        })
        .collect();
    loads.sort_by_key(|l| std::cmp::Reverse(l.load.overdue));
    let overdue_steps: Vec<&DueStep> = list.steps.iter().filter(|s| s.overdue).collect();
    let overdue = overdue_steps
        .iter()
        .take(SHOWN)
        .map(|s| row(lang, &snapshot.executors, s))
        .collect();
    let executors = executor_choices(&reading);
    let assigns = agencies
        .iter()
        .enumerate()
        .any(|(i, _)| reading.actor.assigns_cases_of(agencies, i as AgencyIndex));
    let status = form_status(error.is_some());
    let (_, chrome, _) = reading.into_parts();
    Ok(page_with(
        status,
        &WorkPage {
            c: chrome,
            today,
            offices: offices.into_iter().map(|(_, o)| o).collect(),
            loads,
            overdue_total: overdue_steps.len() as u64,
            overdue,
            executors,
            assigns,
            form,
            error,
            assigned,
        },
    ))
}

/// The leaders' view: overdue steps by office and executor, and workloads.
pub(crate) async fn work(
    State(app): State<App>,
    reading: Reading,
    Query(query): Query<WorkQuery>,
) -> Result<Response, PageError> {
    work_page(&app, reading, AssignForm::default(), None, query.assigned).await
}

/// Reassigns cases: those listed, or every open case of one executor, to
/// another executor from today.
pub(crate) async fn assign(
    State(app): State<App>,
    reading: Reading,
    Form(form): Form<AssignForm>,
) -> Result<Response, PageError> {
    let lang = reading.chrome.lang;
    let today = thads_service::today_in_vietnam();
    let refuse = |reading, form, key: &str| {
        let error = Some(lang.t(key));
        work_page(&app, reading, form, error, None)
    };
    let Ok(to) = ExecutorCode::parse(form.to.trim()) else {
        return refuse(reading, form, "work-choose-executor").await;
    };
    let mut cases: Vec<CaseCode> = Vec::new();
    for code in form.cases.split([',', ';', '\n', ' ']).map(str::trim) {
        if code.is_empty() {
            continue;
        }
        match CaseCode::parse(code) {
            Ok(case) => cases.push(case),
            Err(_) => return refuse(reading, form, "work-bad-case").await,
        }
    }
    if let Some(from) = executor_param(&form.from)? {
        // Every open case the executor holds.
        let snapshot = reading.view.snapshot();
        let Some(from) = snapshot.executors.index(&from) else {
            return refuse(reading, form, "work-choose-executor").await;
        };
        let ledger = &snapshot.ledger;
        for id in 0..ledger.case_count() as u32 {
            let open = ledger.case(id).is_some_and(|(_, s)| s.closed.is_none());
            let timeline = ledger.timeline(id).expect("a case of the ledger");
            if open && thads_core::due::holder(&timeline, today) == Some(from) {
                cases.push(CaseCode::parse(&reading.view.case_code(id)).expect("a stored code"));
            }
        }
    }
    if cases.is_empty() {
        return refuse(reading, form, "work-no-cases").await;
    }
    match app.thads.assign(&reading.actor, &cases, &to, today).await {
        Ok(n) => Ok(Redirect::to(&format!("/work?assigned={n}")).into_response()),
        Err(RecordError::UnknownCase(code)) => {
            let error = Some(lang.tr("work-unknown-case", &[("code", code.to_string())]));
            work_page(&app, reading, form, error, None).await
        }
        Err(RecordError::Refused(fault)) => {
            let error = Some(lang.say(&fault.reason));
            work_page(&app, reading, form, error, None).await
        }
        Err(RecordError::Denied(_)) => Err(PageError::Denied("assign-denied")),
        Err(e) => Err(e.into()),
    }
}
