//! The calendar page: a year's days off and Saturdays worked, as computed
//! and decided; the national administrator records the Prime Minister's
//! decisions there.

use askama::Template;
use axum::extract::{Form, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use thads_service::CalendarError;

use crate::error::PageError;
use crate::{App, Chrome, Reading, form_status, page_with};

#[derive(Template)]
#[template(path = "calendar.html")]
struct CalendarPage {
    c: Chrome,
    year: i16,
    /// Each day off of the year (besides plain weekends), with its reason.
    days_off: Vec<(String, String)>,
    /// Each Saturday or Sunday worked, with its reason.
    worked: Vec<(String, String)>,
    /// The form, as typed, and its error.
    form: DecisionForm,
    error: Option<String>,
    saved: bool,
}

#[derive(Debug, Default, Clone, serde::Deserialize)]
pub(crate) struct DecisionForm {
    date: String,
    kind: String,
    reason: String,
}

#[derive(serde::Deserialize)]
pub(crate) struct CalendarQuery {
    year: Option<i16>,
    saved: Option<String>,
}

async fn calendar_page(
    app: &App,
    reading: Reading,
    year: i16,
    form: DecisionForm,
    error: Option<String>,
    saved: bool,
) -> Result<Response, PageError> {
    if !thads_core::calendar::YEARS.contains(&year) {
        return Err(PageError::BadRequest);
    }
    let (_, chrome, _) = reading.into_parts();
    let lang = chrome.lang;
    let calendar = app.thads.calendar().await?;
    let year = calendar.year(year);
    let days_off = year
        .days_off
        .iter()
        .map(|(day, why)| (lang.date(*day), lang.say(&why.into())))
        .collect();
    let worked = year
        .working_weekend_days
        .iter()
        .map(|(day, why)| (lang.date(*day), why.clone()))
        .collect();
    let status = form_status(error.is_some());
    let page = CalendarPage {
        c: chrome,
        year: year.year,
        days_off,
        worked,
        form,
        error,
        saved,
    };
    Ok(page_with(status, &page))
}

pub(crate) async fn calendar(
    State(app): State<App>,
    reading: Reading,
    Query(query): Query<CalendarQuery>,
) -> Result<Response, PageError> {
    let year = query
        .year
        .unwrap_or_else(|| thads_service::today_in_vietnam().year());
    let saved = query.saved.is_some();
    calendar_page(&app, reading, year, DecisionForm::default(), None, saved).await
}

pub(crate) async fn set_day(
    State(app): State<App>,
    reading: Reading,
    Form(form): Form<DecisionForm>,
) -> Result<Response, PageError> {
    let lang = reading.chrome.lang;
    let today = thads_service::today_in_vietnam();
    let Some(day) = crate::parse_day(&form.date) else {
        let error = Some(lang.t("field-bad-date"));
        return calendar_page(&app, reading, today.year(), form, error, false).await;
    };
    let off = form.kind != "working";
    match app
        .thads
        .set_calendar_day(&reading.actor, day, off, &form.reason)
        .await
    {
        Ok(()) => {
            Ok(Redirect::to(&format!("/calendar?year={}&saved=1", day.year())).into_response())
        }
        Err(CalendarError::OutOfRange) => {
            let error = Some(lang.t("field-bad-date"));
            calendar_page(&app, reading, today.year(), form, error, false).await
        }
        Err(CalendarError::NoReason) => {
            let error = Some(lang.t("calendar-no-reason"));
            calendar_page(&app, reading, day.year(), form, error, false).await
        }
        Err(e) => Err(e.into()),
    }
}
