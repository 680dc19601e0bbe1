//! The asset register (Tài sản): the debtors' assets of the agencies the
//! account sees, where each stands, its value and mortgage, the measures
//! in force, and the auction rounds of those under auction.

use askama::Template;
use axum::extract::{Query, State};
use axum::response::Response;
use thads_core::AgencyCode;
use thads_core::asset::AssetState;
use thads_service::assets::AssetQuery;

use crate::error::PageError;
use crate::{App, Chrome, Reading, page};

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
    State(app): State<App>,
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
    let assets = app.thads.assets(&reading.actor, &query).await?;
    let (actor, c, view) = reading.into_parts();
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
