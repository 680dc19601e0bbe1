//! Closing the statistical periods (Chốt số liệu): the closes a leader or
//! statistician sees, the form that closes their subtree's periods
//! through a month's end, and the button that sends an agency's closed
//! report to the procuracy for co-signing (form 01/TKLN).

use askama::Template;
use axum::Form;
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use thads_core::coordination::{COSIGN_KIND, Code};
use thads_core::{AgencyCode, Day};
use thads_service::coordination::NewRequest;
use thads_service::{CloseError, CloseRow};

use crate::error::PageError;
use crate::{App, Chrome, Reading, form_status, page_with};

#[derive(Template)]
#[template(path = "closes.html")]
struct ClosesPage {
    c: Chrome,
    /// Whether the actor may close (the form is shown).
    closes: bool,
    /// The scopes offered: `("", whole store)` for the national level,
    /// then each agency the actor reaches.
    scopes: Vec<(String, String)>,
    /// The month ends offered, latest first: `(value, shown)`.
    month_ends: Vec<(String, String)>,
    /// What was chosen (kept when refused).
    agency: String,
    to: String,
    error: Option<String>,
    done: bool,
    rows: Vec<Row>,
}

/// A close as the table shows it.
struct Row {
    scope: String,
    through: String,
    at: String,
    by: String,
    sha256: String,
    /// The closed report's page.
    report: String,
    /// The agency closed (empty: the whole store) and the day, for the
    /// form that sends the report for co-signing.
    agency: String,
    to: String,
    /// Where the report stands with the procuracy: the state's key, the
    /// line that says it, the request's page.
    cosigning: Option<(&'static str, String, String)>,
    /// The procuracies it may be sent to, `(code, name)`.
    procuracies: Vec<(String, String)>,
}

impl Row {
    fn of(c: &Chrome, row: CloseRow) -> Row {
        let close = row.close;
        let (from, to) = (close.year_start(), close.to);
        let agency = close.agency.as_ref().map_or("", |a| a.as_str());
        let cosigning = row.cosigning.map(|cosigning| {
            (
                cosigning.state(),
                thads_service::render::cosigning_line(c.lang, &cosigning),
                c.request_url(cosigning.request.as_str()),
            )
        });
        Row {
            agency: agency.to_owned(),
            to: to.to_string(),
            cosigning,
            procuracies: row.procuracies,
            scope: row.agency_name.unwrap_or_else(|| c.t("scope-national")),
            through: c.lang.date(to),
            at: thads_service::local_time(close.at),
            by: close.by,
            sha256: close.sha256[..12].to_owned(),
            report: format!(
                "/reports?period=custom&from={}&to={}&agency={}",
                from.dd_mm_yyyy(),
                to.dd_mm_yyyy(),
                crate::percent_encode(agency)
            ),
        }
    }
}

/// The last 12 month ends before today, latest first.
fn month_ends(c: &Chrome, today: Day) -> Vec<(String, String)> {
    let mut end = Day::from_ymd(today.year(), today.month(), 1)
        .expect("a month's first day")
        .plus_days(-1);
    let mut ends = Vec::new();
    for _ in 0..12 {
        ends.push((end.to_string(), c.lang.date(end)));
        end = Day::from_ymd(end.year(), end.month(), 1)
            .expect("a month's first day")
            .plus_days(-1);
    }
    ends
}

#[derive(Debug, Default, serde::Deserialize)]
#[serde(default)]
pub(crate) struct Done {
    done: String,
}

#[derive(Debug, Default, serde::Deserialize)]
#[serde(default)]
pub(crate) struct CloseForm {
    agency: String,
    to: String,
}

pub(crate) async fn closes(
    State(_app): State<App>,
    reading: Reading,
    Query(done): Query<Done>,
) -> Result<Response, PageError> {
    closes_page(reading, CloseForm::default(), None, !done.done.is_empty())
}

fn closes_page(
    reading: Reading,
    form: CloseForm,
    error: Option<String>,
    done: bool,
) -> Result<Response, PageError> {
    let (actor, c, view) = reading.into_parts();
    let snapshot = view.snapshot();
    let rows = thads_service::close::close_rows(snapshot, &actor)
        .map_err(|_| PageError::Denied("reports-denied"))?;
    let closes = actor.closes_periods();
    let mut scopes = Vec::new();
    if closes {
        if actor.may_close(&snapshot.agencies, None) == Ok(true) {
            scopes.push((String::new(), c.t("scope-national")));
        }
        for agency in thads_service::report_agencies(snapshot, &actor)? {
            scopes.push((agency.code.to_string(), agency.name));
        }
    }
    let refused = error.is_some();
    let page = ClosesPage {
        month_ends: month_ends(&c, thads_service::today_in_vietnam()),
        rows: rows.into_iter().map(|r| Row::of(&c, r)).collect(),
        c,
        closes,
        scopes,
        agency: form.agency,
        to: form.to,
        error,
        done,
    };
    Ok(page_with(form_status(refused), &page))
}

#[derive(Debug, Default, serde::Deserialize)]
#[serde(default)]
pub(crate) struct CosignForm {
    agency: String,
    to: String,
    partner: String,
}

/// Sends a closed report to the procuracy for co-signing: a request of
/// the coordination, due in the rules' working days.
pub(crate) async fn cosign(
    State(app): State<App>,
    reading: Reading,
    Form(form): Form<CosignForm>,
) -> Result<Response, PageError> {
    let lang = reading.chrome.lang;
    let agency = AgencyCode::parse(&form.agency).map_err(|_| PageError::BadRequest)?;
    let to = form.to.parse::<Day>().map_err(|_| PageError::BadRequest)?;
    let Some(partner) = Code::parse(&form.partner) else {
        let error = lang.t("request-choose-partner");
        return closes_page(reading, CloseForm::default(), Some(error), false);
    };
    let new = NewRequest {
        agency: Some(agency),
        case: None,
        partner,
        kind: COSIGN_KIND.to_owned(),
        on: thads_service::today_in_vietnam(),
        real_estate: false,
        complex: false,
        text: String::new(),
        attachments: Vec::new(),
        report: Some(to),
    };
    match app.thads.open_request(&reading.actor, new).await {
        Ok(row) => Ok(Redirect::to(&reading.chrome.request_url(&row.id)).into_response()),
        Err(error) => {
            let error = crate::coordination::refusal(lang, error)?;
            closes_page(reading, CloseForm::default(), Some(error), false)
        }
    }
}

pub(crate) async fn close(
    State(app): State<App>,
    reading: Reading,
    Form(form): Form<CloseForm>,
) -> Result<Response, PageError> {
    let lang = reading.chrome.lang;
    let Ok(to) = form.to.parse::<Day>() else {
        let error = lang.t("close-choose-month");
        return closes_page(reading, form, Some(error), false);
    };
    let agency = match form.agency.as_str() {
        "" => None,
        code => Some(AgencyCode::parse(code).map_err(|_| PageError::not_found())?),
    };
    match app.thads.close(&reading.actor, to, agency).await {
        Ok(_) => Ok(Redirect::to("/reports/close?done=1").into_response()),
        Err(CloseError::Refused(why)) => {
            let error = lang.say(&why);
            closes_page(reading, form, Some(error), false)
        }
        Err(CloseError::NotOver { to, .. }) => {
            let error = lang.say(&thads_core::text::Text::new("close-not-over").with("to", to));
            closes_page(reading, form, Some(error), false)
        }
        Err(CloseError::Denied(_)) => Err(PageError::Denied("close-denied")),
        Err(CloseError::UnknownAgency(code)) => Err(PageError::unknown_agency(code)),
        Err(CloseError::Store(e)) => Err(e.into()),
    }
}
