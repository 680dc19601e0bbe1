//! The asset register (Tài sản): the debtors' assets of the agencies the
//! account sees, where each stands, its value and mortgage, the measures
//! in force, and the auction rounds of those under auction; the case
//! page's forms that record an asset found, a step of it, and a decision
//! to coerce; and Form 7.

use askama::Template;
use axum::Form;
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use thads_core::asset::{Action, AssetKind, AssetState, Measure, Mortgage, Step};
use thads_core::coercion::{Coercion, CoercionKind, Planned};
use thads_core::coordination::Code;
use thads_core::{AgencyCode, CaseCode, Day};
use thads_service::RecordError;
use thads_service::assets::{AssetQuery, NewAsset, assets_in};
use thads_service::coercions::NewCoercion;
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
    perishable: String,
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
    co_owner: String,
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
            perishable: !form.perishable.is_empty(),
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
            co_owner: action == Action::Sold && !form.co_owner.is_empty(),
        })
    })();
    let outcome = match step {
        Ok(step) => app.thads.add_asset_step(&reading.actor, step).await,
        Err(key) => return refused(&app, reading, &case, lang.t(key)).await,
    };
    done(&app, reading, &case, outcome).await
}

/// The form that records a decision to coerce.
#[derive(Debug, Default, serde::Deserialize)]
#[serde(default)]
pub(crate) struct CoercionForm {
    case: String,
    kind: String,
    asset: String,
    percent: String,
    agreed: String,
    on: String,
    at_day: String,
    at_time: String,
    forces: String,
    police: String,
}

/// Records a decision to coerce; back to its case's page, or the page
/// with what is wrong (a time in the blackout, say).
pub(crate) async fn coerce(
    State(app): State<App>,
    reading: Reading,
    Form(form): Form<CoercionForm>,
) -> Result<Response, PageError> {
    let case = CaseCode::parse(&form.case).map_err(|_| PageError::not_found())?;
    let lang = reading.chrome.lang;
    let new = (|| {
        let kind = CoercionKind::parse(&form.kind).ok_or("coercion-form-kind")?;
        let percent = match form.percent.trim().trim_end_matches('%') {
            "" => None,
            text => Some(
                text.trim()
                    .parse::<u32>()
                    .map_err(|_| "coercion-form-percent")?,
            ),
        };
        let at = match (form.at_day.trim(), form.at_time.trim()) {
            ("", "") => None,
            (day, time) => {
                let day = parse_day(day).ok_or("coercion-form-at")?;
                Some(Planned::parse(&format!("{day} {time}")).ok_or("coercion-form-at")?)
            }
        };
        Ok(NewCoercion {
            case: case.clone(),
            on: day_or_today(&form.on).ok_or("asset-form-day")?,
            kind,
            asset: match form.asset.as_str() {
                "" => None,
                code => Some(Code::parse(code).ok_or("asset-form-asset")?),
            },
            percent: percent.filter(|_| kind == CoercionKind::WageDeduction),
            agreed: !form.agreed.is_empty(),
            at,
            forces: !form.forces.is_empty(),
            police: Code::parse(&form.police),
        })
    })();
    let outcome = match new {
        Ok(new) => app
            .thads
            .decide_coercion(&reading.actor, new)
            .await
            .map(|_| ()),
        Err(key) => return refused(&app, reading, &case, lang.t(key)).await,
    };
    done(&app, reading, &case, outcome).await
}

/// A decision to coerce as a row of its case's page.
pub(crate) struct CoercionRow {
    pub(crate) code: String,
    pub(crate) on: String,
    pub(crate) kind: String,
    pub(crate) asset: String,
    pub(crate) share: String,
    pub(crate) at: String,
    pub(crate) forces: bool,
}

impl CoercionRow {
    pub(crate) fn of(c: &Chrome, coercion: &Coercion) -> CoercionRow {
        CoercionRow {
            code: coercion.code.to_string(),
            on: c.lang.date(coercion.on),
            kind: c.t(&format!("coercion-kind-{}", coercion.kind.as_str())),
            asset: coercion
                .asset
                .as_ref()
                .map(ToString::to_string)
                .unwrap_or_default(),
            share: match (coercion.percent, coercion.agreed) {
                (Some(p), false) => format!("{p}%"),
                (Some(p), true) => format!("{p}% ({})", c.t("coercion-agreed")),
                (None, _) => String::new(),
            },
            at: coercion
                .at
                .map(|at| format!("{:02}:{:02} {}", at.hour, at.minute, c.lang.date(at.day)))
                .unwrap_or_default(),
            forces: coercion.forces,
        }
    }
}

/// The period Form 7 is asked for.
#[derive(Debug, Default, serde::Deserialize)]
#[serde(default)]
pub(crate) struct Form7Query {
    from: String,
    to: String,
    format: String,
}

#[derive(Template)]
#[template(path = "form7.html")]
struct Form7Page {
    c: Chrome,
    form: thads_service::coercions::Form7,
}

impl Form7Page {
    /// The fields' headings, in the form's order.
    fn headings(&self) -> Vec<&'static str> {
        thads_service::coercions::FORM7_FIELDS
            .iter()
            .map(|(_, heading, _)| *heading)
            .collect()
    }

    /// A row's figures, in the form's order, the Vietnamese way.
    fn cells(&self, row: &thads_service::coercions::Form7Row) -> Vec<String> {
        thads_service::coercions::FORM7_FIELDS
            .iter()
            .map(|(field, _, read)| match *field {
                "seized_value" | "sold_money" => self.c.lang.money(thads_core::Vnd(read(row))),
                _ => self.c.num(&(read(row) as u64)),
            })
            .collect()
    }
}

/// Form 7 for a period (by default the statistical year to today), as a
/// page, CSV or JSON.
pub(crate) async fn form7(
    State(app): State<App>,
    reading: Reading,
    Query(query): Query<Form7Query>,
) -> Result<Response, PageError> {
    let to = parse_day(&query.to).unwrap_or_else(thads_service::today_in_vietnam);
    let from = parse_day(&query.from).unwrap_or_else(|| to.statistical_year().0);
    let form = app.thads.form7(&reading.actor, None, from, to).await?;
    let name = format!("bieu-7-{from}-{to}");
    match query.format.as_str() {
        "csv" => {
            let body = thads_service::render::form7_csv(&form).into_bytes();
            Ok(crate::reports::download(&name, "csv", body))
        }
        "json" => {
            let body = thads_service::render::form7_json(&form).into_bytes();
            Ok(crate::reports::download(&name, "json", body))
        }
        "" => Ok(page(&Form7Page {
            c: reading.chrome,
            form,
        })),
        _ => Err(PageError::BadRequest),
    }
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
        Err(CoordinationError::Invalid(why)) => {
            let why = reading.chrome.lang.say(&why);
            refused(app, reading, case, why).await
        }
        Err(CoordinationError::Denied(_)) => Err(PageError::Denied("record-denied")),
        Err(CoordinationError::NotFound(_)) => Err(PageError::not_found()),
        Err(e) => Err(e.into()),
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
