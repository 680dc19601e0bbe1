//! The Steering Committee's registers: the directives and their tasks, the
//! peak campaigns and their live results, and the complex cases with their
//! plans.

use askama::Template;
use axum::extract::{Form, Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use thads_core::agency::AgencyIndex;
use thads_core::committee::{Directive, PlanStep, Source};
use thads_core::coordination::Code;
use thads_core::executor::ExecutorCode;
use thads_core::{AgencyCode, CaseCode, Category, Day, Vnd};
use thads_service::campaign::{CampaignResults, NewCampaign};
use thads_service::committee::{NewConclusion, NewDirective, TaskRow};
use thads_service::complex::{ComplexRow, NewComplex};
use thads_service::coordination::CoordinationError;

use crate::error::PageError;
use crate::{App, Chrome, Reading, form_status, page_with, parse_day};

/// The provinces whose committee the actor runs (code, name).
fn run_provinces(reading: &Reading) -> Vec<(String, String)> {
    let tree = reading.view.agencies();
    crate::agency_choices(tree, |a| {
        tree.get(a).parent.is_none() && reading.actor.runs_committee_of(tree, a)
    })
}

/// A form's refusal in the clerk's words, or the error page.
fn refused(reading: &Reading, error: CoordinationError) -> Result<String, PageError> {
    crate::coordination::refusal(reading.chrome.lang, error)
}

#[derive(Template)]
#[template(path = "directives.html")]
struct DirectivesPage {
    c: Chrome,
    directives: Vec<(Directive, Vec<TaskRow>)>,
    provinces: Vec<(String, String)>,
    /// The partners a task may name (code, name, province).
    partners: Vec<(String, String, String)>,
    error: Option<String>,
}

impl DirectivesPage {
    fn back(&self) -> &'static str {
        "/committee/directives"
    }

    fn runs(&self, directive: &Directive) -> bool {
        self.provinces
            .iter()
            .any(|(code, _)| *code == directive.agency.as_str())
    }

    fn partners_of(&self, directive: &Directive) -> Vec<(String, String)> {
        self.partners
            .iter()
            .filter(|(_, _, agency)| *agency == directive.agency.as_str())
            .map(|(code, name, _)| (code.clone(), name.clone()))
            .collect()
    }
}

async fn directives_page(
    app: &App,
    reading: Reading,
    error: Option<String>,
) -> Result<Response, PageError> {
    let directives = app.thads.directives(&reading.actor).await?;
    let provinces = run_provinces(&reading);
    let partners = reading
        .view
        .partners(&reading.actor)
        .into_iter()
        .map(|p| (p.code.to_string(), p.name, p.agency.to_string()))
        .collect();
    Ok(page_with(
        form_status(error.is_some()),
        &DirectivesPage {
            c: reading.chrome,
            directives,
            provinces,
            partners,
            error,
        },
    ))
}

/// The register of directives.
pub(crate) async fn directives(
    State(app): State<App>,
    reading: Reading,
) -> Result<Response, PageError> {
    directives_page(&app, reading, None).await
}

#[derive(Debug, Default, serde::Deserialize)]
pub(crate) struct DirectiveAct {
    action: String,
    #[serde(default)]
    agency: String,
    #[serde(default)]
    number: String,
    #[serde(default)]
    on: String,
    #[serde(default)]
    issuer: String,
    #[serde(default)]
    summary: String,
    #[serde(default)]
    directive: String,
    #[serde(default)]
    text: String,
    #[serde(default)]
    partner: String,
    #[serde(default)]
    due: String,
    #[serde(default)]
    expected: String,
}

/// Registers a directive or gives one a task.
pub(crate) async fn directive_act(
    State(app): State<App>,
    reading: Reading,
    Form(act): Form<DirectiveAct>,
) -> Result<Response, PageError> {
    let lang = reading.chrome.lang;
    let actor = &reading.actor;
    let done = match act.action.as_str() {
        "register" => {
            let Some(on) = parse_day(&act.on) else {
                return directives_page(&app, reading, Some(lang.t("field-bad-date"))).await;
            };
            let new = NewDirective {
                agency: AgencyCode::parse(act.agency.trim()).map_err(|_| PageError::BadRequest)?,
                number: act.number,
                on,
                issuer: act.issuer,
                summary: act.summary,
            };
            app.thads.register_directive(actor, new).await.map(|_| ())
        }
        "task" => {
            let Some(due) = parse_day(&act.due) else {
                return directives_page(&app, reading, Some(lang.t("field-bad-date"))).await;
            };
            let directive = Code::parse(act.directive.trim()).ok_or(PageError::BadRequest)?;
            let partner = match act.partner.trim() {
                "" => None,
                code => Some(Code::parse(code).ok_or(PageError::BadRequest)?),
            };
            let new = NewConclusion {
                text: act.text,
                partner,
                due,
                expected: act.expected,
            };
            app.thads
                .conclude(actor, &Source::Directive(directive), new)
                .await
                .map(|_| ())
        }
        _ => return Err(PageError::BadRequest),
    };
    match done {
        Ok(()) => Ok(Redirect::to("/committee/directives").into_response()),
        Err(error) => {
            let error = refused(&reading, error)?;
            directives_page(&app, reading, Some(error)).await
        }
    }
}

#[derive(Debug, Default, serde::Deserialize)]
pub(crate) struct TaskReport {
    task: String,
    #[serde(default)]
    text: String,
    #[serde(default)]
    done: String,
    #[serde(default)]
    on: String,
    /// The page the form was on.
    #[serde(default)]
    back: String,
}

/// An organisation reports on its task, from any list of tasks.
pub(crate) async fn report(
    State(app): State<App>,
    reading: Reading,
    Form(form): Form<TaskReport>,
) -> Result<Response, PageError> {
    let task = Code::parse(form.task.trim()).ok_or(PageError::BadRequest)?;
    let on = match form.on.trim() {
        "" => thads_service::today_in_vietnam(),
        text => parse_day(text).ok_or(PageError::BadRequest)?,
    };
    // Back only to a page of the committee.
    let back = if form.back.starts_with("/committee") && !form.back.starts_with("//") {
        form.back
    } else {
        "/committee".to_owned()
    };
    match app
        .thads
        .report_task(&reading.actor, &task, on, &form.text, !form.done.is_empty())
        .await
    {
        Ok(()) => Ok(Redirect::to(&back).into_response()),
        Err(error) => Err(match error {
            CoordinationError::Invalid(_) => PageError::BadRequest,
            error => error.into(),
        }),
    }
}

#[derive(Template)]
#[template(path = "campaigns.html")]
struct CampaignsPage {
    c: Chrome,
    campaigns: Vec<thads_core::committee::Campaign>,
    provinces: Vec<(String, String)>,
    /// The agencies a campaign may cover (code, name).
    agencies: Vec<(String, String)>,
    form: CampaignForm,
    error: Option<String>,
}

#[derive(Debug, Default, Clone, serde::Deserialize)]
pub(crate) struct CampaignForm {
    #[serde(default)]
    agency: String,
    #[serde(default)]
    name: String,
    #[serde(default)]
    from: String,
    #[serde(default)]
    to: String,
    /// Agencies' codes, separated by commas or spaces.
    #[serde(default)]
    agencies: String,
    /// Cases' codes, one a line (or separated by spaces).
    #[serde(default)]
    cases: String,
    #[serde(default)]
    category: String,
    /// In đồng, as typed.
    #[serde(default)]
    min_owed: String,
    #[serde(default)]
    target_cases: String,
    #[serde(default)]
    target_money: String,
}

async fn campaigns_page(
    app: &App,
    reading: Reading,
    form: CampaignForm,
    error: Option<String>,
) -> Result<Response, PageError> {
    let _ = app;
    let campaigns = reading.view.campaigns(&reading.actor);
    let provinces = run_provinces(&reading);
    let tree = reading.view.agencies();
    let agencies = crate::agency_choices(tree, |a| {
        tree.get(a).parent.is_some()
            && reading
                .actor
                .runs_committee_of(tree, tree.root(a) as AgencyIndex)
    });
    if campaigns.is_empty() && provinces.is_empty() && !reading.chrome.sees_committee {
        return Err(PageError::Denied("reports-denied"));
    }
    Ok(page_with(
        form_status(error.is_some()),
        &CampaignsPage {
            c: reading.chrome,
            campaigns,
            provinces,
            agencies,
            form,
            error,
        },
    ))
}

/// The campaigns, and a new one.
pub(crate) async fn campaigns(
    State(app): State<App>,
    reading: Reading,
) -> Result<Response, PageError> {
    campaigns_page(&app, reading, CampaignForm::default(), None).await
}

/// Launches a campaign; to its page.
pub(crate) async fn launch(
    State(app): State<App>,
    reading: Reading,
    Form(form): Form<CampaignForm>,
) -> Result<Response, PageError> {
    let lang = reading.chrome.lang;
    let (Some(from), Some(to)) = (parse_day(&form.from), parse_day(&form.to)) else {
        let error = lang.t("field-bad-date");
        return campaigns_page(&app, reading, form, Some(error)).await;
    };
    let amount = |text: &str| -> Result<Option<Vnd>, PageError> {
        match text.trim() {
            "" => Ok(None),
            text => crate::cases::parse_amount(text)
                .map(Some)
                .ok_or(PageError::BadRequest),
        }
    };
    let words = |text: &str| {
        text.split(|c: char| c == ',' || c.is_whitespace())
            .filter(|w| !w.is_empty())
            .map(str::to_owned)
            .collect::<Vec<_>>()
    };
    let (Ok(min_owed), Ok(target_money)) = (amount(&form.min_owed), amount(&form.target_money))
    else {
        let error = lang.t("campaign-bad-amount");
        return campaigns_page(&app, reading, form, Some(error)).await;
    };
    let Ok(target_cases) = form.target_cases.trim().replace('.', "").parse::<u64>() else {
        let error = lang.t("campaign-bad-amount");
        return campaigns_page(&app, reading, form, Some(error)).await;
    };
    let cases: Result<Vec<CaseCode>, _> = words(&form.cases)
        .iter()
        .map(|c| CaseCode::parse(c))
        .collect();
    let agencies: Result<Vec<AgencyCode>, _> = words(&form.agencies)
        .iter()
        .map(|a| AgencyCode::parse(a))
        .collect();
    let new = NewCampaign {
        agency: AgencyCode::parse(form.agency.trim()).map_err(|_| PageError::BadRequest)?,
        name: form.name.clone(),
        from,
        to,
        agencies: agencies.map_err(|_| PageError::BadRequest)?,
        cases: cases.map_err(|_| PageError::BadRequest)?,
        category: match form.category.as_str() {
            "" => None,
            c => Some(Category::parse(c).ok_or(PageError::BadRequest)?),
        },
        min_owed,
        target_cases,
        target_money: target_money.unwrap_or(Vnd::ZERO),
    };
    match app.thads.launch_campaign(&reading.actor, new).await {
        Ok(id) => Ok(Redirect::to(&campaign_url(id.as_str())).into_response()),
        Err(error) => {
            let error = refused(&reading, error)?;
            campaigns_page(&app, reading, form, Some(error)).await
        }
    }
}

fn campaign_url(id: &str) -> String {
    format!("/committee/campaigns/{}", crate::percent_encode(id))
}

#[derive(Template)]
#[template(path = "campaign.html")]
struct CampaignPage {
    c: Chrome,
    r: std::sync::Arc<CampaignResults>,
}

impl CampaignPage {
    fn money(&self, dong: &i128) -> String {
        self.c.lang.billions(*dong)
    }

    fn cases(&self, n: &u64) -> String {
        self.c.lang.count(*n)
    }

    fn rate(&self, rate: &Option<thads_core::report::Rate>) -> String {
        self.c.lang.rate(*rate)
    }

    fn tables(&self) -> [(&'static str, &Vec<thads_service::campaign::CampaignLine>); 2] {
        [
            ("campaign-by-agency", &self.r.by_agency),
            ("campaign-by-executor", &self.r.by_executor),
        ]
    }

    /// A progress meter's value, in whole percent up to 100.
    fn bar(&self, rate: &Option<thads_core::report::Rate>) -> u32 {
        rate.map_or(0, |r| (r.0 / 100).min(100))
    }
}

#[derive(Debug, Default, serde::Deserialize)]
pub(crate) struct CampaignQuery {
    #[serde(default)]
    format: String,
}

/// A campaign's live results: a page, or `?format=json`.
pub(crate) async fn campaign(
    State(app): State<App>,
    reading: Reading,
    Path(id): Path<String>,
    Query(query): Query<CampaignQuery>,
) -> Result<Response, PageError> {
    let id = Code::parse(&id).ok_or_else(PageError::not_found)?;
    let today = thads_service::today_in_vietnam();
    let results = app
        .thads
        .campaign_in_view(&reading.view, &reading.actor, &id, today)
        .await?;
    match query.format.as_str() {
        "" => Ok(crate::page(&CampaignPage {
            c: reading.chrome,
            r: results,
        })),
        "json" => Ok(crate::reports::download(
            &format!("dot-cao-diem-{}", id.as_str().replace('/', "-")),
            "json",
            results.to_json().into_bytes(),
        )),
        _ => Err(PageError::BadRequest),
    }
}

#[derive(Template)]
#[template(path = "complex.html")]
struct ComplexPage {
    c: Chrome,
    cases: Vec<ComplexRow>,
    runs: bool,
    /// The executors a step may fall to (code, name).
    executors: Vec<(String, String)>,
    today: Day,
    form: ComplexForm,
    error: Option<String>,
}

impl ComplexPage {
    fn money(&self, dong: &i128) -> String {
        self.c.lang.billions(*dong)
    }
}

/// How many steps the plan's form offers.
const PLAN_ROWS: usize = 5;

#[derive(Debug, Default, Clone, serde::Deserialize)]
pub(crate) struct ComplexForm {
    #[serde(default)]
    action: String,
    #[serde(default)]
    case: String,
    #[serde(default)]
    reason: String,
    #[serde(default)]
    step: String,
    /// The plan's rows: `text-N`, `owner-N`, `due-N` for N from 1.
    #[serde(flatten)]
    rows: std::collections::HashMap<String, String>,
}

impl ComplexForm {
    /// A field of the plan's row `n` (from 1), as typed.
    fn row(&self, field: &str, n: usize) -> &str {
        self.rows
            .get(&format!("{field}-{n}"))
            .map_or("", String::as_str)
    }
}

async fn complex_page(
    app: &App,
    reading: Reading,
    form: ComplexForm,
    error: Option<String>,
) -> Result<Response, PageError> {
    let cases = app
        .thads
        .complex_in_view(&reading.view, &reading.actor)
        .await?;
    let provinces = run_provinces(&reading);
    if cases.is_empty() && provinces.is_empty() && !reading.chrome.sees_committee {
        return Err(PageError::Denied("reports-denied"));
    }
    let snapshot = reading.view.snapshot();
    let tree = &snapshot.agencies;
    let executors = snapshot
        .executors
        .iter()
        .filter(|(i, _)| {
            let province = tree.root(snapshot.executors.agency_of(*i));
            reading.actor.runs_committee_of(tree, province)
        })
        .map(|(_, e)| (e.code.to_string(), format!("{} ({})", e.name, e.code)))
        .collect();
    Ok(page_with(
        form_status(error.is_some()),
        &ComplexPage {
            c: reading.chrome,
            cases,
            runs: !provinces.is_empty(),
            executors,
            today: thads_service::today_in_vietnam(),
            form,
            error,
        },
    ))
}

/// The complex cases the committee follows.
pub(crate) async fn complex(
    State(app): State<App>,
    reading: Reading,
) -> Result<Response, PageError> {
    complex_page(&app, reading, ComplexForm::default(), None).await
}

/// Flags a case complex (or plans it again), marks a step done, or stops
/// following a case.
pub(crate) async fn complex_act(
    State(app): State<App>,
    reading: Reading,
    Form(form): Form<ComplexForm>,
) -> Result<Response, PageError> {
    let lang = reading.chrome.lang;
    let actor = &reading.actor;
    let today = thads_service::today_in_vietnam();
    let case = CaseCode::parse(form.case.trim()).map_err(|_| PageError::BadRequest);
    let done = match form.action.as_str() {
        "flag" => {
            let mut plan = Vec::new();
            for n in 1..=PLAN_ROWS {
                let text = form.row("text", n).trim();
                if text.is_empty() {
                    continue;
                }
                let owner = ExecutorCode::parse(form.row("owner", n).trim());
                let (Ok(owner), Some(due)) = (owner, parse_day(form.row("due", n))) else {
                    let error = lang.t("complex-bad-step");
                    return complex_page(&app, reading, form, Some(error)).await;
                };
                plan.push(PlanStep {
                    text: text.to_owned(),
                    owner,
                    due,
                });
            }
            let Ok(case) = case else {
                let error = lang.t("complex-bad-case");
                return complex_page(&app, reading, form, Some(error)).await;
            };
            let new = NewComplex {
                case,
                on: today,
                reason: form.reason.clone(),
                plan,
            };
            app.thads.flag_complex(actor, new).await
        }
        "done" => {
            let step = form
                .step
                .trim()
                .parse()
                .map_err(|_| PageError::BadRequest)?;
            app.thads.plan_step_done(actor, &case?, step, today).await
        }
        "clear" => app.thads.clear_complex(actor, &case?, today).await,
        _ => return Err(PageError::BadRequest),
    };
    match done {
        Ok(()) => Ok(Redirect::to("/committee/complex").into_response()),
        Err(CoordinationError::NotFound(_)) if form.action == "flag" => {
            let error = lang.t("complex-bad-case");
            complex_page(&app, reading, form, Some(error)).await
        }
        Err(error) => {
            let error = refused(&reading, error)?;
            complex_page(&app, reading, form, Some(error)).await
        }
    }
}
