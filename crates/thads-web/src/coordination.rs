//! Coordination with partner agencies (Phối hợp): the requests an agency
//! sends, a partner's inbox of those addressed to it, a request's page with
//! its letter, its answer and the acts that chase it, the form that sends
//! one, and the table of who is late on what.

use askama::Template;
use axum::extract::{Multipart, Path, Query, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use thads_core::coordination::{Attachment, COSIGN_KIND, Code, Signature};
use thads_core::{AgencyCode, CaseCode, Day};
use thads_service::coordination::{
    Chase, CoordinationError, NewRequest, PartnerFigures, RequestPage, RequestQuery, RequestRow,
    Upload, request_kinds,
};

use crate::error::{Message, PageError};
use crate::{
    App, Chrome, Lang, Reading, Signed, form_status, page_with, parse_day, percent_encode,
};

impl From<CoordinationError> for PageError {
    fn from(error: CoordinationError) -> PageError {
        match error {
            CoordinationError::Denied(_) => PageError::Denied("requests-denied"),
            CoordinationError::NotFound(what) => {
                PageError::NotFound(Message::new("request-not-found").with("what", what))
            }
            CoordinationError::Store(e)
            | CoordinationError::Refused(thads_service::RecordError::Store(e)) => e.into(),
            CoordinationError::Invalid(_) | CoordinationError::Refused(_) => PageError::BadRequest,
        }
    }
}

/// What a form of these pages could not do, in the page's language.
pub(crate) fn refusal(lang: Lang, error: CoordinationError) -> Result<String, PageError> {
    match error {
        CoordinationError::Invalid(text) => Ok(lang.say(&text)),
        CoordinationError::Refused(thads_service::RecordError::Refused(fault)) => {
            Ok(lang.say(&fault.reason))
        }
        error => Err(error.into()),
    }
}

impl Chrome {
    /// The address of a request's page.
    pub(crate) fn request_url(&self, id: &str) -> String {
        format!("/requests/{}", percent_encode(id))
    }

    /// A kind of request, as a page names it.
    pub(crate) fn request_kind(&self, kind: &str) -> String {
        self.lang.t(&format!("request-kind-{kind}"))
    }

    /// A date, as a page writes it (from a reference of any depth).
    pub(crate) fn day(&self, day: &Day) -> String {
        self.lang.date(*day)
    }

    /// A request's stage, as a page names it.
    pub(crate) fn request_stage(&self, stage: &str) -> String {
        self.lang.t(&format!("request-stage-{stage}"))
    }
}

/// How many requests a list shows.
const SHOWN: usize = 200;

#[derive(Template)]
#[template(path = "requests.html")]
struct RequestsPage {
    c: Chrome,
    /// The first rows of the list, and how many there are in all.
    rows: Vec<RequestRow>,
    total: usize,
    /// The partner whose inbox this is, for a partner's account.
    inbox_of: Option<String>,
    overdue_only: bool,
    overdue: usize,
    today: Day,
}

#[derive(Debug, Default, serde::Deserialize)]
pub(crate) struct RequestsQuery {
    #[serde(default)]
    overdue: String,
}

/// The requests the account sees, overdue first: a partner's inbox, or an
/// agency's requests.
pub(crate) async fn list(
    State(app): State<App>,
    reading: Reading,
    Query(query): Query<RequestsQuery>,
) -> Result<Response, PageError> {
    let overdue_only = !query.overdue.is_empty();
    let today = thads_service::today_in_vietnam();
    let calendar = app.thads.calendar().await?;
    let slice = reading.view.requests(
        &reading.actor,
        &calendar,
        &RequestQuery {
            as_of: Some(today),
            overdue: overdue_only,
            ..RequestQuery::default()
        },
        SHOWN,
    )?;
    let inbox_of = reading.actor.partner.as_ref().map(|code| {
        reading
            .view
            .snapshot()
            .coordination
            .partner(code)
            .map_or_else(|| code.to_string(), |p| p.name.clone())
    });
    let (total, overdue, rows) = (slice.total, slice.overdue, slice.rows);
    Ok(page_with(
        StatusCode::OK,
        &RequestsPage {
            c: reading.chrome,
            rows,
            total,
            inbox_of,
            overdue_only,
            overdue,
            today,
        },
    ))
}

#[derive(Template)]
#[template(path = "request.html")]
struct OneRequestPage {
    c: Chrome,
    page: RequestPage,
    error: Option<String>,
    today: Day,
    /// A co-signing request's closed report, as tables.
    tables: Option<crate::reports::Tables>,
}

impl OneRequestPage {
    fn new(c: Chrome, page: RequestPage, error: Option<String>, today: Day) -> OneRequestPage {
        let tables = page
            .report
            .as_ref()
            .map(|report| crate::reports::Tables::of(c.lang, report));
        OneRequestPage {
            c,
            page,
            error,
            today,
            tables,
        }
    }

    /// Whether the request sends a closed report for co-signing.
    fn cosigning(&self) -> bool {
        self.page.row.kind == COSIGN_KIND
    }

    /// The answer's signature, by its key's name (`signed`, `disputed`).
    fn signature(&self) -> Option<&'static str> {
        self.page.signature.map(|s| s.as_str())
    }

    fn attachment(&self) -> Option<&Attachment> {
        self.page.answer.as_ref()?.1.as_ref()
    }
}

#[derive(Debug, Default, serde::Deserialize)]
pub(crate) struct RequestDownload {
    #[serde(default)]
    download: String,
    /// The digest of the file to download.
    #[serde(default)]
    file: String,
}

fn request_code(id: &str) -> Result<Code, PageError> {
    Code::parse(id).ok_or_else(PageError::not_found)
}

/// A request's page, its letter (`?download=letter`) or a file it or its
/// answer attached (`?download=attachment&file=SHA256`).
pub(crate) async fn page(
    State(app): State<App>,
    signed: Signed,
    Path(id): Path<String>,
    Query(query): Query<RequestDownload>,
) -> Result<Response, PageError> {
    let id = request_code(&id)?;
    match query.download.as_str() {
        "letter" => {
            let (file, bytes) = app.thads.request_letter(&signed.actor, &id).await?;
            return Ok(download(
                &file,
                "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                bytes,
            ));
        }
        "attachment" => {
            let (file, media_type, bytes) = app
                .thads
                .request_attachment(&signed.actor, &id, &query.file)
                .await?;
            return Ok(download(&file, &media_type, bytes));
        }
        "" => {}
        _ => return Err(PageError::BadRequest),
    }
    let page = app.thads.request_page(&signed.actor, &id).await?;
    Ok(page_with(
        StatusCode::OK,
        &OneRequestPage::new(signed.chrome, page, None, thads_service::today_in_vietnam()),
    ))
}

/// A file to save, never shown in the page: a stored upload cannot be
/// served back as active content (its type is one of those checked on
/// upload, the browser may not guess another, and it runs in a sandbox).
pub(crate) fn download(file: &str, media_type: &str, bytes: Vec<u8>) -> Response {
    let disposition = format!("attachment; filename*=UTF-8''{}", percent_encode(file));
    let mut response = bytes.into_response();
    let headers = response.headers_mut();
    if let Ok(value) = HeaderValue::from_str(media_type) {
        headers.insert(header::CONTENT_TYPE, value);
    }
    if let Ok(value) = HeaderValue::from_str(&disposition) {
        headers.insert(header::CONTENT_DISPOSITION, value);
    }
    headers.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static("default-src 'none'; sandbox"),
    );
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    response
}

/// A form sent as `multipart/form-data`: its fields, and the files chosen
/// (the empty file inputs left out).
#[derive(Debug, Default)]
pub(crate) struct Posted {
    fields: std::collections::HashMap<String, String>,
    pub(crate) files: Vec<Upload>,
}

impl Posted {
    pub(crate) async fn read(mut multipart: Multipart) -> Result<Posted, PageError> {
        let mut posted = Posted::default();
        while let Some(field) = multipart
            .next_field()
            .await
            .map_err(|_| PageError::BadRequest)?
        {
            let name = field.name().unwrap_or_default().to_owned();
            if let Some(file_name) = field.file_name().map(str::to_owned) {
                let bytes = field.bytes().await.map_err(|_| PageError::BadRequest)?;
                if !bytes.is_empty() {
                    posted.files.push(Upload {
                        name: file_name,
                        bytes: bytes.to_vec(),
                    });
                }
                continue;
            }
            let value = field.text().await.map_err(|_| PageError::BadRequest)?;
            posted.fields.insert(name, value);
        }
        Ok(posted)
    }

    /// A field's value, empty if it was not sent.
    pub(crate) fn take(&mut self, name: &str) -> String {
        self.fields.remove(name).unwrap_or_default()
    }
}

/// Answers a request, or chases it; back to its page.
pub(crate) async fn act(
    State(app): State<App>,
    signed: Signed,
    Path(id): Path<String>,
    multipart: Multipart,
) -> Result<Response, PageError> {
    let id = request_code(&id)?;
    let mut posted = Posted::read(multipart).await?;
    let (action, on, text, signature) = (
        posted.take("action"),
        posted.take("on"),
        posted.take("text"),
        posted.take("signature"),
    );
    let signature = match signature.as_str() {
        "" => None,
        name => Some(Signature::parse(name).ok_or(PageError::BadRequest)?),
    };
    if posted.files.len() > 1 {
        return Err(PageError::BadRequest);
    }
    let file = posted.files.pop();
    let lang = signed.chrome.lang;
    let today = thads_service::today_in_vietnam();
    let on = if on.trim().is_empty() {
        Some(today)
    } else {
        parse_day(&on)
    };
    let done = match on {
        None => Err(lang.t("field-bad-date")),
        Some(on) => {
            let result = match action.as_str() {
                "answer" if text.trim().is_empty() && signature.is_none() => Err(
                    CoordinationError::Invalid(thads_core::text::Text::new("request-answer-empty")),
                ),
                "answer" => {
                    app.thads
                        .answer_request(&signed.actor, &id, on, &text, signature, file)
                        .await
                }
                action => {
                    let chase = match action {
                        "received" => Chase::Received,
                        "remind" => Chase::Remind,
                        "escalate" => Chase::Escalate,
                        "withdraw" => Chase::Withdraw,
                        _ => return Err(PageError::BadRequest),
                    };
                    app.thads.chase_request(&signed.actor, &id, chase, on).await
                }
            };
            match result {
                Ok(()) => Ok(()),
                Err(error) => Err(refusal(lang, error)?),
            }
        }
    };
    match done {
        Ok(()) => Ok(Redirect::to(&signed.chrome.request_url(id.as_str())).into_response()),
        Err(error) => {
            let page = app.thads.request_page(&signed.actor, &id).await?;
            Ok(page_with(
                form_status(true),
                &OneRequestPage::new(signed.chrome, page, Some(error), today),
            ))
        }
    }
}

#[derive(Template)]
#[template(path = "request_new.html")]
struct NewRequestPage {
    c: Chrome,
    form: NewRequestForm,
    partners: Vec<(String, String)>,
    kinds: Vec<&'static str>,
    agencies: Vec<(String, String)>,
    error: Option<String>,
}

#[derive(Debug, Default, Clone, serde::Deserialize)]
pub(crate) struct NewRequestForm {
    /// Read from a query string (a case's link) or a posted form.
    #[serde(default)]
    case: String,
    #[serde(default)]
    agency: String,
    #[serde(default)]
    partner: String,
    #[serde(default)]
    kind: String,
    #[serde(default)]
    on: String,
    #[serde(default)]
    real_estate: String,
    #[serde(default)]
    complex: String,
    #[serde(default)]
    text: String,
}

fn new_request_page(
    reading: Reading,
    form: NewRequestForm,
    error: Option<String>,
) -> Result<Response, PageError> {
    let partners = reading
        .view
        .partners(&reading.actor)
        .into_iter()
        .map(|p| (p.code.to_string(), format!("{} ({})", p.name, p.code)))
        .collect();
    let snapshot = reading.view.snapshot();
    let agencies = crate::agency_choices(&snapshot.agencies, |a| {
        reading.actor.writes_cases_of(&snapshot.agencies, a)
            || reading.actor.assigns_cases_of(&snapshot.agencies, a)
    });
    if agencies.is_empty() {
        return Err(PageError::Denied("requests-denied"));
    }
    Ok(page_with(
        form_status(error.is_some()),
        &NewRequestPage {
            c: reading.chrome,
            form,
            partners,
            kinds: request_kinds(),
            agencies,
            error,
        },
    ))
}

/// The form that sends a request (from a case's page, with its code).
pub(crate) async fn new_form(
    reading: Reading,
    Query(mut form): Query<NewRequestForm>,
) -> Result<Response, PageError> {
    if form.on.is_empty() {
        form.on = thads_service::today_in_vietnam().dd_mm_yyyy();
    }
    new_request_page(reading, form, None)
}

/// Sends a request, with the files chosen; to its page.
pub(crate) async fn send(
    State(app): State<App>,
    reading: Reading,
    multipart: Multipart,
) -> Result<Response, PageError> {
    let mut posted = Posted::read(multipart).await?;
    let form = NewRequestForm {
        case: posted.take("case"),
        agency: posted.take("agency"),
        partner: posted.take("partner"),
        kind: posted.take("kind"),
        on: posted.take("on"),
        real_estate: posted.take("real_estate"),
        complex: posted.take("complex"),
        text: posted.take("text"),
    };
    let lang = reading.chrome.lang;
    let case = match form.case.trim() {
        "" => None,
        code => Some(CaseCode::parse(code).map_err(|_| PageError::BadRequest)?),
    };
    let agency = match (form.agency.trim(), &case) {
        (_, Some(_)) | ("", None) => None,
        (code, None) => Some(AgencyCode::parse(code).map_err(|_| PageError::BadRequest)?),
    };
    let Some(partner) = Code::parse(form.partner.trim()) else {
        let error = lang.t("request-choose-partner");
        return new_request_page(reading, form, Some(error));
    };
    let Some(on) = parse_day(&form.on) else {
        let error = lang.t("field-bad-date");
        return new_request_page(reading, form, Some(error));
    };
    let text = match form.text.trim() {
        "" => lang.t(&format!("request-kind-{}", form.kind)),
        text => text.to_owned(),
    };
    let new = NewRequest {
        agency,
        case,
        partner,
        kind: form.kind.clone(),
        on,
        real_estate: !form.real_estate.is_empty(),
        complex: !form.complex.is_empty(),
        text,
        attachments: posted.files,
        report: None,
    };
    match app.thads.open_request(&reading.actor, new).await {
        Ok(row) => Ok(Redirect::to(&reading.chrome.request_url(&row.id)).into_response()),
        Err(error) => {
            let error = refusal(lang, error)?;
            new_request_page(reading, form, Some(error))
        }
    }
}

#[derive(Template)]
#[template(path = "coordination.html")]
struct CoordinationPage {
    c: Chrome,
    table: Vec<PartnerFigures>,
    from: Day,
    to: Day,
}

impl CoordinationPage {
    fn days(&self, days: &Option<u32>) -> String {
        days.map_or_else(|| "—".to_owned(), |d| d.to_string())
    }

    fn share(&self, part: &usize, whole: &usize) -> String {
        if *whole == 0 {
            return "—".to_owned();
        }
        let rate = thads_core::report::Rate::of(*part as i128, *whole as i128);
        self.c.lang.rate(rate)
    }
}

#[derive(Debug, Default, serde::Deserialize)]
pub(crate) struct PeriodQuery {
    #[serde(default)]
    from: String,
    #[serde(default)]
    to: String,
}

/// Who is late on what: per partner and kind of request, over a period.
pub(crate) async fn table(
    State(app): State<App>,
    reading: Reading,
    Query(query): Query<PeriodQuery>,
) -> Result<Response, PageError> {
    let to = parse_day(&query.to).unwrap_or_else(thads_service::today_in_vietnam);
    let from = parse_day(&query.from)
        .unwrap_or_else(|| Day::from_ymd(to.year(), 1, 1).expect("1 January"));
    let calendar = app.thads.calendar().await?;
    let table = reading
        .view
        .requests_by_partner(&reading.actor, &calendar, None, from, to)?
        .to_vec();
    Ok(page_with(
        StatusCode::OK,
        &CoordinationPage {
            c: reading.chrome,
            table,
            from,
            to,
        },
    ))
}
