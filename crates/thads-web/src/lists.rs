//! The name lists (Danh sách): the cases of a kind at a period's end
//! (Circular 05/2024, Art. 8), and the month's ended cases for the
//! procuracy (Decree 152/2024, Art. 32(2)); shown here, downloaded as the
//! register's Excel or CSV.

use askama::Template;
use axum::extract::{Query, State};
use axum::response::Response;
use thads_core::{AgencyCode, Day};
use thads_service::ExportError;
use thads_service::lists::ListKind;
use thads_service::register::{RegisterBook, sheet};

use crate::error::PageError;
use crate::reports::download;
use crate::{App, Chrome, Reading, page};

/// How many rows the page shows; the file holds them all.
const SHOWN: usize = 50;

#[derive(Debug, Default, serde::Deserialize)]
#[serde(default)]
pub(crate) struct ListChoice {
    /// A kind of `ListKind::as_str`, or `ended`.
    kind: String,
    /// The day (dd/mm/yyyy): the period's end, or a day of the month.
    to: String,
    agency: String,
    /// `xlsx` or `csv` to download.
    format: String,
}

#[derive(Template)]
#[template(path = "lists.html")]
struct ListsPage {
    c: Chrome,
    choice: ListChoice,
    kinds: Vec<(&'static str, String)>,
    agencies: Vec<(String, String)>,
    /// The list asked for: its title, how many it names, its first rows.
    list: Option<(String, String, Vec<Row>)>,
    query: String,
    error: Option<String>,
}

struct Row {
    code: String,
    agency: String,
    debtor: String,
    amount: String,
    status: String,
    since: String,
}

fn page_error(e: ExportError) -> PageError {
    match e {
        ExportError::Denied(_) => PageError::Denied("reports-denied"),
        ExportError::UnknownAgency(code) => PageError::unknown_agency(code),
        ExportError::Store(e) => e.into(),
        e => PageError::internal(e),
    }
}

pub(crate) async fn lists(
    State(app): State<App>,
    reading: Reading,
    Query(choice): Query<ListChoice>,
) -> Result<Response, PageError> {
    let (actor, c, view) = reading.into_parts();
    let lang = c.lang;
    let mut kinds: Vec<(&'static str, String)> = ListKind::ALL
        .iter()
        .map(|k| (k.as_str(), lang.t(&format!("lists-kind-{}", k.as_str()))))
        .collect();
    kinds.push(("ended", lang.t("lists-kind-ended")));
    let agencies = thads_service::report_agencies(view.snapshot(), &actor)?
        .into_iter()
        .map(|a| (a.code.to_string(), a.name))
        .collect();
    let (mut list, mut error) = (None, None);
    let agency = AgencyCode::parse(&choice.agency).ok();
    if !choice.kind.is_empty() {
        match crate::parse_day(&choice.to) {
            None => error = Some(lang.t("field-bad-date")),
            Some(to) => {
                let (title, book) = list_of(&app, &actor, agency.as_ref(), &choice.kind, to, lang)
                    .await?
                    .ok_or_else(PageError::not_found)?;
                let name = format!("thads-danh-sach-{}-{to}", choice.kind);
                match choice.format.as_str() {
                    "xlsx" => {
                        let bytes = sheet::write_xlsx(&book).map_err(PageError::internal)?;
                        return Ok(download(&name, "xlsx", bytes));
                    }
                    "csv" => return Ok(download(&name, "csv", sheet::write_csv(&book))),
                    _ => {}
                }
                let rows = book
                    .rows
                    .iter()
                    .take(SHOWN)
                    .map(|r| Row {
                        code: r.code.to_string(),
                        agency: r.acceptance.agency.to_string(),
                        debtor: r.acceptance.debtor.name.clone(),
                        amount: lang.money(r.acceptance.amount),
                        status: lang.say(&r.status.into()),
                        since: r.status_on.map(|d| lang.date(d)).unwrap_or_default(),
                    })
                    .collect();
                let count = lang.tr(
                    "lists-count",
                    &[("count", lang.count(book.rows.len() as i128))],
                );
                list = Some((title, count, rows));
            }
        }
    }
    let query = format!(
        "kind={}&to={}&agency={}",
        crate::percent_encode(&choice.kind),
        crate::percent_encode(&choice.to),
        crate::percent_encode(&choice.agency)
    );
    Ok(page(&ListsPage {
        c,
        choice,
        kinds,
        agencies,
        list,
        query,
        error,
    }))
}

/// The list of a kind on a day, with its title; `None` for a kind that
/// does not exist.
async fn list_of(
    app: &App,
    actor: &thads_service::Actor,
    agency: Option<&AgencyCode>,
    kind: &str,
    to: Day,
    lang: crate::Lang,
) -> Result<Option<(String, RegisterBook)>, PageError> {
    let thads = &app.thads;
    if kind == "ended" {
        let month = Day::from_ymd(to.year(), to.month(), 1).expect("a month's first day");
        let book = thads
            .ended_in_month(actor, agency, month)
            .await
            .map_err(page_error)?;
        let title = lang.tr(
            "lists-title-ended",
            &[("month", format!("{:02}/{}", to.month(), to.year()))],
        );
        return Ok(Some((title, book)));
    }
    let Some(kind) = ListKind::ALL.into_iter().find(|k| k.as_str() == kind) else {
        return Ok(None);
    };
    let book = thads
        .period_list(actor, agency, to, kind)
        .await
        .map_err(page_error)?;
    let title = lang.tr(
        "lists-title",
        &[
            ("kind", lang.t(&format!("lists-kind-{}", kind.as_str()))),
            ("to", lang.date(to)),
        ],
    );
    Ok(Some((title, book)))
}
