//! The Steering Committee (Ban Chỉ đạo): a meeting's dossier as a page, and
//! as the .docx and JSON the secretariat sends the members.

use askama::Template;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use thads_core::AgencyCode;
use thads_service::dossier::{CaseList, Dossier, DossierError, DossierRequest, Figures};

use crate::error::PageError;
use crate::{App, Chrome, Reading, page_with, parse_day};

impl From<DossierError> for PageError {
    fn from(error: DossierError) -> PageError {
        match error {
            DossierError::Report(e) => e.into(),
            DossierError::Coordination(e) => e.into(),
        }
    }
}

#[derive(Template)]
#[template(path = "committee.html")]
struct DossierPage {
    c: Chrome,
    d: Dossier,
    agencies: Vec<(String, String)>,
    /// The query of this dossier, for its downloads.
    query: String,
}

impl DossierPage {
    fn cases(&self, n: &i128) -> String {
        self.c.lang.count(*n)
    }

    fn money(&self, dong: &i128) -> String {
        self.c.lang.billions(*dong)
    }

    fn rate(&self, rate: &Option<thads_core::report::Rate>) -> String {
        self.c.lang.rate(*rate)
    }

    /// The results of a form as the table's cells: accepted, enforceable,
    /// completed, the rate, remaining.
    fn cells(&self, f: &Figures, money: bool) -> [String; 5] {
        let amount = |n: i128| {
            if money {
                self.money(&n)
            } else {
                self.cases(&n)
            }
        };
        [
            amount(f.accepted),
            amount(f.enforceable),
            amount(f.completed),
            self.rate(&f.rate),
            amount(f.remaining),
        ]
    }

    fn category(&self, category: &str) -> String {
        self.c.t(&format!("category-{category}"))
    }

    fn state(&self, state: &str) -> String {
        self.c.t(&format!("dossier-state-{state}"))
    }

    fn step(&self, step: &(&str, thads_core::Day)) -> String {
        format!(
            "{} ({})",
            self.c.t(&format!("step-{}", step.0)),
            self.c.lang.date(step.1)
        )
    }

    fn lists(&self) -> [(&'static str, &CaseList); 2] {
        [
            ("dossier-large", &self.d.large),
            ("dossier-long", &self.d.long_running),
        ]
    }
}

#[derive(Debug, Default, serde::Deserialize)]
pub(crate) struct DossierQuery {
    #[serde(default)]
    agency: String,
    #[serde(default)]
    from: String,
    #[serde(default)]
    to: String,
    /// In billions of đồng.
    #[serde(default)]
    large: String,
    #[serde(default)]
    format: String,
}

/// A meeting's dossier for an agency and period: a page, `?format=docx` or
/// `?format=json`.
pub(crate) async fn dossier(
    State(app): State<App>,
    reading: Reading,
    Query(query): Query<DossierQuery>,
) -> Result<Response, PageError> {
    let snapshot = reading.view.snapshot();
    let tree = &snapshot.agencies;
    let agencies = crate::agency_choices(tree, |a| {
        tree.get(a).parent.is_none() && reading.actor.sees_reports_of(tree, a)
    });
    // Only those who read a province's reports meet in its committee.
    let Some((first, _)) = agencies.first() else {
        return Err(PageError::Denied("reports-denied"));
    };
    let agency = match query.agency.trim() {
        "" => first.clone(),
        code => code.to_owned(),
    };
    let agency = AgencyCode::parse(&agency).map_err(|_| PageError::BadRequest)?;
    let to = parse_day(&query.to).unwrap_or_else(thads_service::today_in_vietnam);
    let from = parse_day(&query.from).unwrap_or_else(|| to.statistical_year().0);
    let large_from = match query.large.trim() {
        "" => DossierRequest::LARGE_FROM,
        billions => billions
            .parse::<u32>()
            .map(|b| i128::from(b) * 1_000_000_000)
            .map_err(|_| PageError::BadRequest)?,
    };
    let request = DossierRequest {
        agency,
        from,
        to,
        large_from,
        long_years: DossierRequest::LONG_YEARS,
    };
    let d = app.thads.dossier(&reading.actor, &request).await?;
    let name = format!("ho-so-ban-chi-dao-{}-{from}-{to}", d.agency);
    match query.format.as_str() {
        "docx" => Ok(crate::reports::attachment(
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            &format!("{name}.docx"),
            thads_service::dossier_docx::dossier_docx(&d),
        )),
        "json" => Ok(crate::reports::download(
            &name,
            "json",
            d.to_json().into_bytes(),
        )),
        "" => {
            let query = format!(
                "agency={}&from={from}&to={to}&large={}",
                d.agency,
                large_from / 1_000_000_000
            );
            Ok(page_with(
                StatusCode::OK,
                &DossierPage {
                    c: reading.chrome,
                    d,
                    agencies,
                    query,
                },
            ))
        }
        _ => Err(PageError::BadRequest),
    }
}
