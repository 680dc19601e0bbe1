//! Signing in and out, the language switch, the dashboard and targets.

use std::sync::Arc;

use askama::Template;
use axum::extract::{Form, Path, Query, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use thads_core::report::{Line, Rate, Report};
use thads_core::{Category, Day};
use thads_service::accounts::SignInError;
use thads_service::{Dashboard, Target, TargetError};

use crate::error::PageError;
use crate::reports::Chart;
use crate::{
    App, Chrome, ClientAddress, Lang, Reading, cookie, language, page, page_with, set_cookie,
};

#[derive(Template)]
#[template(path = "login.html")]
struct LoginPage {
    c: Chrome,
    name: String,
    message: Option<String>,
}

pub(crate) async fn login_page(headers: HeaderMap) -> Response {
    page(&LoginPage {
        c: Chrome::signed_out(language(&headers)),
        name: String::new(),
        message: None,
    })
}

#[derive(serde::Deserialize)]
pub(crate) struct LoginForm {
    name: String,
    password: String,
}

pub(crate) async fn login(
    State(app): State<App>,
    ClientAddress(address): ClientAddress,
    headers: HeaderMap,
    Form(form): Form<LoginForm>,
) -> Result<Response, PageError> {
    let lang = language(&headers);
    let refused = |status: StatusCode, message: String| {
        page_with(
            status,
            &LoginPage {
                c: Chrome::signed_out(lang),
                name: form.name.clone(),
                message: Some(message),
            },
        )
    };
    Ok(
        match app
            .thads
            .sign_in(&form.name, &form.password, &address)
            .await
        {
            Ok(session) => {
                let mut response = Redirect::to("/").into_response();
                let name = app.config.session_cookie();
                response.headers_mut().insert(
                    header::SET_COOKIE,
                    set_cookie(&app.config, name, &session.token, None),
                );
                response
            }
            Err(SignInError::Refused) => refused(StatusCode::UNAUTHORIZED, lang.t("login-refused")),
            Err(SignInError::ThrottledAccount { minutes }) => refused(
                StatusCode::TOO_MANY_REQUESTS,
                lang.tr(
                    "login-throttled-account",
                    &[("minutes", minutes.to_string())],
                ),
            ),
            Err(SignInError::ThrottledAddress { minutes }) => refused(
                StatusCode::TOO_MANY_REQUESTS,
                lang.tr(
                    "login-throttled-address",
                    &[("minutes", minutes.to_string())],
                ),
            ),
            Err(SignInError::Store(e)) => return Err(e.into()),
        },
    )
}

pub(crate) async fn logout(
    State(app): State<App>,
    ClientAddress(address): ClientAddress,
    headers: HeaderMap,
) -> Result<Response, PageError> {
    let name = app.config.session_cookie();
    if let Some(token) = cookie(&headers, name)
        && let Some(actor) = app.thads.session(token, &address).await?
    {
        app.thads.sign_out(&actor, token).await?;
    }
    let mut response = Redirect::to("/login").into_response();
    response.headers_mut().insert(
        header::SET_COOKIE,
        set_cookie(&app.config, name, "", Some(0)),
    );
    Ok(response)
}

#[derive(serde::Deserialize)]
pub(crate) struct Back {
    back: Option<String>,
}

/// Remembers the language in a cookie and goes back to the page it was
/// asked from (on this site only).
pub(crate) async fn switch_language(
    State(app): State<App>,
    Path(tag): Path<String>,
    Query(back): Query<Back>,
) -> Response {
    let lang = Lang::parse(&tag).unwrap_or_default();
    let back = back
        .back
        .filter(|b| is_local_path(b))
        .unwrap_or_else(|| "/".to_owned());
    let mut response = Redirect::to(&back).into_response();
    let year = 365 * 24 * 3600;
    response.headers_mut().insert(
        header::SET_COOKIE,
        set_cookie(&app.config, "thads_lang", lang.code(), Some(year)),
    );
    response
}

/// A path on this site, safe to redirect to: a single leading `/`, and no
/// backslash or control character, which browsers read as another host
/// (`/\evil.example`, `/<TAB>/evil.example`).
fn is_local_path(path: &str) -> bool {
    path.starts_with('/')
        && !path.starts_with("//")
        && !path.contains('\\')
        && !path.chars().any(char::is_control)
}

#[derive(Template)]
#[template(path = "dashboard.html")]
struct DashboardPage {
    c: Chrome,
    today: Day,
    dashboard: Arc<Dashboard>,
    /// The target of the scope agency, and of each row's agency.
    target: Option<Target>,
    row_targets: Vec<Option<Target>>,
    chart: Chart,
    /// The steps overdue in the scope, for those who see its cases.
    overdue: Option<u64>,
    /// The requests to partners overdue in the scope.
    requests_overdue: u64,
    /// The latest partners of the statistical year so far (the table by
    /// partner's first rows).
    partners: Vec<thads_service::coordination::PartnerFigures>,
}

impl DashboardPage {
    fn period_text(&self) -> String {
        let lang = self.c.lang;
        lang.tr(
            "dashboard-period",
            &[
                ("year", self.dashboard.year.to_string()),
                ("from", lang.date(self.dashboard.report.request.from)),
                ("to", lang.date(self.today)),
            ],
        )
    }

    fn done_of(&self, done: String, of: String) -> String {
        self.c
            .lang
            .tr("dashboard-completed-of", &[("done", done), ("of", of)])
    }

    fn cases_done(&self, total: &Report) -> String {
        let lang = self.c.lang;
        let cases = &total.cases;
        self.done_of(
            lang.count(cases.completed),
            lang.count(cases.line(Line::Enforceable)),
        )
    }

    fn money_done(&self, total: &Report) -> String {
        let lang = self.c.lang;
        let money = &total.money;
        self.done_of(
            lang.billions(money.completed),
            lang.billions(money.line(Line::Enforceable)),
        )
    }

    fn accepted_cases(&self, total: &Report) -> String {
        self.c.lang.count(total.cases.line(Line::Total))
    }

    fn accepted_money(&self, total: &Report) -> String {
        self.c.lang.billions(total.money.line(Line::Total))
    }

    fn new_cases(&self, total: &Report) -> String {
        let count = self.c.lang.count(total.cases.new);
        self.c.lang.tr("dashboard-new", &[("count", count)])
    }

    fn category_name(&self, category: &Category) -> String {
        self.c.lang.say(&(*category).into())
    }

    fn backlog_cases(&self, report: &Report) -> String {
        self.c.lang.count(report.cases.line(Line::CarriedOut))
    }

    fn backlog_money(&self, report: &Report) -> String {
        self.c.lang.billions(report.money.line(Line::CarriedOut))
    }

    /// A category's share of the scope's cases and money still to enforce.
    fn backlog_share(&self, report: &Report) -> (String, String) {
        let share = thads_core::report::Share::of(report, &self.dashboard.report.total);
        let lang = self.c.lang;
        (lang.rate(share.cases_share), lang.rate(share.money_share))
    }
}

pub(crate) async fn dashboard(
    State(app): State<App>,
    reading: Reading,
) -> Result<Response, PageError> {
    if reading.chrome.partner {
        // A partner's home is its inbox.
        return Ok(Redirect::to("/requests").into_response());
    }
    if reading.chrome.keeper {
        // A keeper's home is its warehouses.
        return Ok(Redirect::to("/warehouses").into_response());
    }
    let (actor, chrome, view) = reading.into_parts();
    let lang = chrome.lang;
    let today = thads_service::today_in_vietnam();
    let dashboard = view.dashboard(&actor, today)?;
    let targets = app
        .thads
        .targets(view.snapshot(), &actor, dashboard.year)
        .await?;
    let target_of = |code: Option<&thads_core::AgencyCode>| {
        targets
            .iter()
            .find(|t| Some(&t.agency.code) == code)
            .cloned()
    };
    let target = target_of(dashboard.report.request.agency.as_ref());
    let row_targets = dashboard
        .report
        .rows
        .iter()
        .map(|(agency, _)| target_of(Some(&agency.code)))
        .collect();
    let chart = Chart::of_months(lang, &dashboard.months, target.as_ref());
    let calendar = app.thads.calendar().await?;
    let overdue = if chrome.sees_cases {
        Some(view.overdue_count(&actor, &calendar, today)?)
    } else {
        None
    };
    let requests_overdue = view
        .requests(
            &actor,
            &calendar,
            &thads_service::coordination::RequestQuery {
                as_of: Some(today),
                overdue: true,
                ..Default::default()
            },
            0,
        )?
        .overdue as u64;
    let partners = view
        .requests_by_partner(
            &actor,
            &calendar,
            None,
            dashboard.report.request.from,
            today,
        )?
        .iter()
        .take(5)
        .cloned()
        .collect();
    Ok(page(&DashboardPage {
        c: chrome,
        today,
        dashboard,
        target,
        row_targets,
        chart,
        overdue,
        requests_overdue,
        partners,
    }))
}

#[derive(Template)]
#[template(path = "targets.html")]
struct TargetsPage {
    c: Chrome,
    year: i16,
    /// Each agency of the scope, with its targets as shown in the form.
    rows: Vec<TargetRow>,
    editable: bool,
    saved: bool,
}

struct TargetRow {
    code: String,
    name: String,
    cases: String,
    money: String,
    error: Option<String>,
}

#[derive(serde::Deserialize)]
pub(crate) struct TargetsQuery {
    year: Option<i16>,
    saved: Option<String>,
}

fn rate_text(lang: Lang, rate: Rate) -> String {
    let (whole, part) = (rate.0 / 100, rate.0 % 100);
    let decimal = if lang == Lang::Vi { ',' } else { '.' };
    if part == 0 {
        whole.to_string()
    } else {
        format!("{whole}{decimal}{part:02}")
    }
}

/// A rate as typed: `84`, `84,41` or `84.41` (percent).
fn parse_rate(text: &str) -> Option<Rate> {
    let text = text.trim().trim_end_matches('%').trim();
    let (whole, part) = match text.split_once([',', '.']) {
        Some((w, p)) => (w, p),
        None => (text, ""),
    };
    if whole.is_empty()
        || part.len() > 2
        || !(whole.chars().chain(part.chars())).all(|c| c.is_ascii_digit())
    {
        return None;
    }
    let whole: u32 = whole.parse().ok()?;
    let part: u32 = format!("{part:0<2}").parse().ok()?;
    Some(Rate(whole.checked_mul(100)?.checked_add(part)?))
}

/// The targets page for a year: the scope's agencies, with their targets.
async fn targets_page(
    app: &App,
    reading: Reading,
    year: i16,
    typed: Option<(TargetRow, String)>,
    saved: bool,
) -> Result<Response, PageError> {
    let (actor, chrome, view) = reading.into_parts();
    let lang = chrome.lang;
    let targets = app.thads.targets(view.snapshot(), &actor, year).await?;
    let editable = matches!(
        &actor.access,
        thads_service::Access::Console
            | thads_service::Access::Account {
                role: thads_core::account::Role::Leader,
                ..
            }
    );
    // The agencies whose reports the actor sees.
    let within = thads_service::report_agencies(view.snapshot(), &actor)?;
    let mut rows: Vec<TargetRow> = within
        .into_iter()
        .map(|a| {
            let target = targets.iter().find(|t| t.agency.code == a.code);
            TargetRow {
                code: a.code.to_string(),
                name: a.name,
                cases: target.map_or_else(String::new, |t| rate_text(lang, t.cases)),
                money: target.map_or_else(String::new, |t| rate_text(lang, t.money)),
                error: None,
            }
        })
        .collect();
    let mut status = StatusCode::OK;
    if let Some((typed, message)) = typed
        && let Some(row) = rows.iter_mut().find(|r| r.code == typed.code)
    {
        *row = TargetRow {
            error: Some(message),
            ..typed
        };
        status = StatusCode::UNPROCESSABLE_ENTITY;
    }
    Ok(page_with(
        status,
        &TargetsPage {
            c: chrome,
            year,
            rows,
            editable,
            saved,
        },
    ))
}

pub(crate) async fn targets(
    State(app): State<App>,
    reading: Reading,
    Query(query): Query<TargetsQuery>,
) -> Result<Response, PageError> {
    let year = query.year.unwrap_or_else(|| {
        thads_service::today_in_vietnam()
            .statistical_year()
            .1
            .year()
    });
    targets_page(&app, reading, year, None, query.saved.is_some()).await
}

#[derive(serde::Deserialize)]
pub(crate) struct TargetForm {
    year: i16,
    agency: String,
    cases: String,
    money: String,
}

pub(crate) async fn set_target(
    State(app): State<App>,
    reading: Reading,
    Form(form): Form<TargetForm>,
) -> Result<Response, PageError> {
    let lang = reading.chrome.lang;
    let typed = |message: String| {
        Some((
            TargetRow {
                code: form.agency.clone(),
                name: String::new(),
                cases: form.cases.clone(),
                money: form.money.clone(),
                error: None,
            },
            message,
        ))
    };
    let (Some(cases), Some(money)) = (parse_rate(&form.cases), parse_rate(&form.money)) else {
        let message = lang.t("target-bad-rate");
        return targets_page(&app, reading, form.year, typed(message), false).await;
    };
    let agency = thads_core::AgencyCode::parse(&form.agency).map_err(|_| PageError::not_found())?;
    match app
        .thads
        .set_target(&reading.actor, &agency, form.year, cases, money)
        .await
    {
        Ok(()) => Ok(Redirect::to(&format!("/targets?year={}&saved=1", form.year)).into_response()),
        Err(TargetError::AboveHundred) => {
            let message = lang.t("target-above-hundred");
            targets_page(&app, reading, form.year, typed(message), false).await
        }
        Err(e) => Err(e.into()),
    }
}

pub(crate) async fn stylesheet() -> Response {
    (
        [
            (header::CONTENT_TYPE, "text/css; charset=utf-8"),
            (header::CACHE_CONTROL, "public, max-age=3600"),
        ],
        include_str!("../static/thads.css"),
    )
        .into_response()
}

pub(crate) async fn not_found() -> PageError {
    PageError::not_found()
}
