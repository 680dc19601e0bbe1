//! Exemption and reduction of state-budget debts (Miễn, giảm): the cases
//! that qualify and why, the month's files sent to the procuracy, and
//! Form 6 with its downloads.

use askama::Template;
use axum::extract::{Form, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use thads_core::coordination::{Code, PartnerKind};
use thads_core::{AgencyCode, Day};
use thads_service::exemption::{ExemptionRow, Form6};

use crate::error::PageError;
use crate::{App, Chrome, Reading, page_with, parse_day};

/// How many cases the page lists.
const SHOWN: usize = 300;

#[derive(Template)]
#[template(path = "exemptions.html")]
struct ExemptionsPage {
    c: Chrome,
    rows: Vec<ExemptionRow>,
    total: usize,
    qualify: usize,
    ready: usize,
    today: Day,
    /// The agencies whose files the account sends, and the procuracies.
    agencies: Vec<(String, String)>,
    procuracies: Vec<(String, String)>,
    sent: Option<usize>,
}

impl ExemptionsPage {
    fn decision(&self, decision: &Option<&str>) -> String {
        decision.map_or_else(
            || self.c.t("exemption-none"),
            |d| self.c.t(&format!("exemption-decision-{d}")),
        )
    }

    fn say(&self, text: &thads_core::text::Text) -> String {
        self.c.lang.say(text)
    }
}

#[derive(Debug, Default, serde::Deserialize)]
pub(crate) struct SentQuery {
    #[serde(default)]
    sent: Option<usize>,
}

/// The candidates, qualifying first, each with its reasons.
pub(crate) async fn list(
    State(app): State<App>,
    reading: Reading,
    Query(query): Query<SentQuery>,
) -> Result<Response, PageError> {
    let today = thads_service::today_in_vietnam();
    let rows = app.thads.exemptions(&reading.actor, None, today).await?;
    let snapshot = reading.view.snapshot();
    let agencies = crate::agency_choices(&snapshot.agencies, |a| {
        reading.actor.writes_cases_of(&snapshot.agencies, a)
            || reading.actor.assigns_cases_of(&snapshot.agencies, a)
    });
    let procuracies = reading
        .view
        .partners(&reading.actor)
        .into_iter()
        .filter(|p| p.kind == PartnerKind::Procuracy)
        .map(|p| (p.code.to_string(), p.name))
        .collect();
    let (total, qualify, ready) = (
        rows.len(),
        rows.iter().filter(|r| r.decision.is_some()).count(),
        rows.iter().filter(|r| r.file_ready && !r.proposed).count(),
    );
    let mut rows = rows;
    rows.truncate(SHOWN);
    Ok(page_with(
        StatusCode::OK,
        &ExemptionsPage {
            c: reading.chrome,
            rows,
            total,
            qualify,
            ready,
            today,
            agencies,
            procuracies,
            sent: query.sent,
        },
    ))
}

#[derive(Debug, serde::Deserialize)]
pub(crate) struct ProposeForm {
    agency: String,
    partner: String,
}

/// Sends the month's ready files of an agency to the procuracy.
pub(crate) async fn propose(
    State(app): State<App>,
    reading: Reading,
    Form(form): Form<ProposeForm>,
) -> Result<Response, PageError> {
    let agency = AgencyCode::parse(form.agency.trim()).map_err(|_| PageError::BadRequest)?;
    let partner = Code::parse(form.partner.trim()).ok_or(PageError::BadRequest)?;
    let today = thads_service::today_in_vietnam();
    let sent = app
        .thads
        .propose_exemptions(&reading.actor, &agency, &partner, today)
        .await?;
    Ok(Redirect::to(&format!("/exemptions?sent={sent}")).into_response())
}

#[derive(Template)]
#[template(path = "form6.html")]
struct Form6Page {
    c: Chrome,
    form: Form6,
}

impl Form6Page {
    fn money(&self, dong: &i64) -> String {
        self.c.lang.money(thads_core::Vnd(*dong))
    }
}

#[derive(Debug, Default, serde::Deserialize)]
pub(crate) struct Form6Query {
    #[serde(default)]
    from: String,
    #[serde(default)]
    to: String,
    #[serde(default)]
    format: String,
}

/// Form 6 for a period, as a page, CSV or JSON.
pub(crate) async fn form6(
    State(app): State<App>,
    reading: Reading,
    Query(query): Query<Form6Query>,
) -> Result<Response, PageError> {
    let to = parse_day(&query.to).unwrap_or_else(thads_service::today_in_vietnam);
    let from = parse_day(&query.from).unwrap_or_else(|| to.statistical_year().0);
    let form = app.thads.form6(&reading.actor, None, from, to).await?;
    let name = format!("bieu-6-{from}-{to}");
    match query.format.as_str() {
        "csv" => {
            let body = thads_service::render::form6_csv(&form).into_bytes();
            Ok(crate::reports::download(&name, "csv", body))
        }
        "json" => {
            let body = thads_service::render::form6_json(&form).into_bytes();
            Ok(crate::reports::download(&name, "json", body))
        }
        "" => Ok(page_with(
            StatusCode::OK,
            &Form6Page {
                c: reading.chrome,
                form,
            },
        )),
        _ => Err(PageError::BadRequest),
    }
}
