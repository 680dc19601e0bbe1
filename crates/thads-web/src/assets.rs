//! The asset register (Tài sản): the debtors' assets of the agencies the
//! account sees, where each stands, its value and mortgage, the measures
//! in force, and the auction rounds of those under auction; and the case
//! page's forms that record an asset found and a step of it.

use askama::Template;
use axum::Form;
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use thads_core::asset::{Action, AssetKind, AssetState, Measure, Mortgage, Step};
use thads_core::coordination::Code;
use thads_core::{AgencyCode, CaseCode, Day};
use thads_service::RecordError;
use thads_service::assets::{AssetQuery, NewAsset, assets_in};
use thads_service::coordination::CoordinationError;

use crate::cases::parse_amount;
use crate::error::PageError;
use crate::{App, Chrome, Reading, page, parse_day};

#[derive(Debug, Default, serde::Deserialize)]
#[serde(default)]
pub(crate) struct AssetChoice {
    agency: String,
    /// Any text: only the assets under auction.
    auction: String,
}

#[derive(Template)]
#[template(path = "assets.html")]
struct AssetsPage {
    c: Chrome,
    agency: String,
    under_auction: bool,
    agencies: Vec<(String, String)>,
    rows: Vec<AssetRow>,
}

/// An asset as a row of the register.
pub(crate) struct AssetRow {
    pub(crate) code: String,
    pub(crate) case: String,
    pub(crate) case_url: String,
    pub(crate) kind: String,
    pub(crate) description: String,
    pub(crate) state: &'static str,
    pub(crate) state_name: String,
    pub(crate) value: String,
    pub(crate) mortgage: Option<String>,
    pub(crate) measures: String,
    pub(crate) rounds: Vec<String>,
}

impl AssetRow {
    pub(crate) fn of(c: &Chrome, held: &AssetState) -> AssetRow {
        let a = &held.asset;
        AssetRow {
            code: a.code.to_string(),
            case: a.case.to_string(),
            case_url: crate::cases::case_url(a.case.as_str()),
            kind: c.t(&format!("asset-kind-{}", a.kind.as_str())),
            description: a.description.clone(),
            state: held.state.as_str(),
            state_name: c.t(&format!("asset-state-{}", held.state.as_str())),
            value: c.lang.money(held.value),
            mortgage: a
                .mortgage
                .as_ref()
                .map(|m| format!("{} — {}", m.to, c.lang.money(m.amount))),
            measures: held
                .measures
                .iter()
                .map(|(m, on)| {
                    format!(
                        "{} ({})",
                        c.t(&format!("measure-{}", m.as_str())),
                        c.lang.date(*on)
                    )
                })
                .collect::<Vec<_>>()
                .join("; "),
            rounds: held
                .rounds
                .iter()
                .map(|(on, price)| format!("{}: {}", c.lang.date(*on), c.lang.money(*price)))
                .collect(),
        }
    }
}

pub(crate) async fn register(
    reading: Reading,
    Query(choice): Query<AssetChoice>,
) -> Result<Response, PageError> {
    let agency = match choice.agency.as_str() {
        "" => None,
        code => Some(AgencyCode::parse(code).map_err(|_| PageError::not_found())?),
    };
    let query = AssetQuery {
        agency,
        under_auction: !choice.auction.is_empty(),
    };
    let (actor, c, view) = reading.into_parts();
    let snapshot = view.snapshot();
    let assets = assets_in(&snapshot.agencies, &snapshot.coordination, &actor, &query)?;
    let agencies = thads_service::report_agencies(view.snapshot(), &actor)
        .unwrap_or_default()
        .into_iter()
        .map(|a| (a.code.to_string(), a.name))
        .collect();
    let rows = assets.iter().map(|held| AssetRow::of(&c, held)).collect();
    Ok(page(&AssetsPage {
        c,
        agency: choice.agency,
        under_auction: query.under_auction,
        agencies,
        rows,
    }))
}

/// The form that records an asset found on a case.
#[derive(Debug, Default, serde::Deserialize)]
#[serde(default)]
pub(crate) struct NewAssetForm {
    case: String,
    kind: String,
    description: String,
    value: String,
    mortgage_to: String,
    mortgage_amount: String,
    on: String,
}

/// The form that records a step of an asset.
#[derive(Debug, Default, serde::Deserialize)]
#[serde(default)]
pub(crate) struct StepForm {
    case: String,
    asset: String,
    action: String,
    on: String,
    amount: String,
    measure: String,
}

/// Records an asset found; back to its case's page, or the page with what
/// is wrong.
pub(crate) async fn add(
    State(app): State<App>,
    reading: Reading,
    Form(form): Form<NewAssetForm>,
) -> Result<Response, PageError> {
    let case = CaseCode::parse(&form.case).map_err(|_| PageError::not_found())?;
    let lang = reading.chrome.lang;
    let new = (|| {
        let kind = AssetKind::parse(&form.kind).ok_or("asset-form-kind")?;
        let description = form.description.trim();
        if description.is_empty() {
            return Err("asset-form-description");
        }
        let value = parse_amount(&form.value).ok_or("asset-form-value")?;
        let mortgage = match (form.mortgage_to.trim(), form.mortgage_amount.trim()) {
            ("", "") => None,
            (to, amount) if !to.is_empty() => Some(Mortgage {
                to: to.to_owned(),
                amount: parse_amount(amount)
                    .filter(|a| a.get() > 0)
                    .ok_or("asset-form-mortgage")?,
            }),
            _ => return Err("asset-form-mortgage"),
        };
        Ok(NewAsset {
            case: case.clone(),
            on: day_or_today(&form.on).ok_or("asset-form-day")?,
            kind,
            description: description.to_owned(),
            value,
            mortgage,
        })
    })();
    let outcome = match new {
        Ok(new) => app.thads.add_asset(&reading.actor, new).await.map(|_| ()),
        Err(key) => return refused(&app, reading, &case, lang.t(key)).await,
    };
    done(&app, reading, &case, outcome).await
}

/// Records a step of an asset; back to its case's page, or the page with
/// what is wrong.
pub(crate) async fn step(
    State(app): State<App>,
    reading: Reading,
    Form(form): Form<StepForm>,
) -> Result<Response, PageError> {
    let case = CaseCode::parse(&form.case).map_err(|_| PageError::not_found())?;
    let lang = reading.chrome.lang;
    let step = (|| {
        let action = Action::parse(&form.action).ok_or("asset-form-action-missing")?;
        let amount = match form.amount.trim() {
            "" => None,
            text => Some(parse_amount(text).ok_or("asset-form-amount")?),
        };
        let measure = match form.measure.as_str() {
            _ if !action.has_measure() => None,
            text => Some(Measure::parse(text).ok_or("asset-form-measure")?),
        };
        Ok(Step {
            asset: Code::parse(&form.asset).ok_or("asset-form-asset")?,
            on: day_or_today(&form.on).ok_or("asset-form-day")?,
            action,
            amount: amount.filter(|_| action.has_amount()),
            measure,
        })
    })();
    let outcome = match step {
        Ok(step) => app.thads.add_asset_step(&reading.actor, step).await,
        Err(key) => return refused(&app, reading, &case, lang.t(key)).await,
    };
    done(&app, reading, &case, outcome).await
}

/// A day as typed (dd/mm/yyyy), or today if none was.
fn day_or_today(text: &str) -> Option<Day> {
    match text.trim() {
        "" => Some(thads_service::today_in_vietnam()),
        text => parse_day(text),
    }
}

/// The case's page again, after a write: its assets, or what was refused.
async fn done(
    app: &App,
    reading: Reading,
    case: &CaseCode,
    outcome: Result<(), CoordinationError>,
) -> Result<Response, PageError> {
    match outcome {
        Ok(()) => Ok(Redirect::to(&format!(
            "{}#case-assets",
            crate::cases::case_url(case.as_str())
        ))
        .into_response()),
        Err(CoordinationError::Refused(RecordError::Refused(fault))) => {
            let why = reading.chrome.lang.say(&fault.reason);
            refused(app, reading, case, why).await
        }
        Err(CoordinationError::Denied(_)) => Err(PageError::Denied("record-denied")),
        Err(CoordinationError::NotFound(_)) => Err(PageError::not_found()),
        Err(e) => Err(PageError::internal(e)),
    }
}

async fn refused(
    app: &App,
    reading: Reading,
    case: &CaseCode,
    why: String,
) -> Result<Response, PageError> {
    crate::cases::case_page_noting(app, reading, case.as_str(), why).await
}
