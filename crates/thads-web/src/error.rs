//! Errors as pages: one type, [`PageError`], that every handler returns
//! with `?`, converted from each service error, and rendered once, in the
//! language and page frame of the request, by the [`error_pages`] layer.
//!
//! A handler does not have the frame when the error arises inside a
//! conversion, so the error travels in the response's extensions, and the
//! layer, which sees the request before the handler and the response after
//! it, puts the frame the [`crate::Signed`] extractor left it around the
//! message.

use std::sync::{Arc, Mutex};

use axum::extract::Request;
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use thads_service::{CalendarError, ImportError, ListError, RecordError, ReportError, TargetError};

use crate::{Chrome, ErrorPage, Lang, language, page_with};

/// Why a page cannot be shown, in words for its reader (keys of the
/// Fluent files, filled in the request's language).
#[derive(Debug, Clone)]
pub(crate) enum PageError {
    /// The account's role may not do this: the text of the key.
    Denied(&'static str),
    /// No such page, case or agency.
    NotFound(Message),
    /// The request cannot be served as sent (422).
    Unprocessable(Message),
    /// The request is malformed (400).
    BadRequest,
    /// The database is not answering (a failover under way, say): try
    /// again in a few seconds (503).
    Unavailable,
    /// Something the user cannot fix. It was logged whole when it arose;
    /// the page shows a generic message, never its text.
    Internal,
}

/// A message of the Fluent files, with its arguments.
#[derive(Debug, Clone)]
pub(crate) struct Message {
    key: &'static str,
    args: Vec<(&'static str, String)>,
}

impl Message {
    pub(crate) fn new(key: &'static str) -> Message {
        Message {
            key,
            args: Vec::new(),
        }
    }

    pub(crate) fn with(mut self, name: &'static str, value: impl ToString) -> Message {
        self.args.push((name, value.to_string()));
        self
    }

    fn text(&self, lang: Lang) -> String {
        lang.tr(self.key, &self.args)
    }
}

impl PageError {
    /// An error the user cannot fix: logged here, whole.
    pub(crate) fn internal(error: impl std::fmt::Display) -> PageError {
        tracing::error!(%error, "request failed");
        PageError::Internal
    }

    /// No agency has this code (or none the account may see).
    pub(crate) fn unknown_agency(code: impl ToString) -> PageError {
        PageError::NotFound(Message::new("agency-not-found").with("agency", code))
    }

    /// Nothing is at this address.
    pub(crate) fn not_found() -> PageError {
        PageError::NotFound(Message::new("error-not-found-text"))
    }

    fn status(&self) -> StatusCode {
        match self {
            PageError::Denied(_) => StatusCode::FORBIDDEN,
            PageError::NotFound(_) => StatusCode::NOT_FOUND,
            PageError::Unprocessable(_) => StatusCode::UNPROCESSABLE_ENTITY,
            PageError::BadRequest => StatusCode::BAD_REQUEST,
            PageError::Unavailable => StatusCode::SERVICE_UNAVAILABLE,
            PageError::Internal => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    /// The error page, in the frame of the request.
    fn page(&self, chrome: Chrome) -> Response {
        let lang = chrome.lang;
        let (title, message) = match self {
            PageError::Denied(key) => (lang.t("error-denied"), lang.t(key)),
            PageError::NotFound(message) => (lang.t("error-not-found"), message.text(lang)),
            PageError::Unprocessable(message) => (lang.t("error-bad-request"), message.text(lang)),
            PageError::BadRequest => (lang.t("error-bad-request"), lang.t("error-bad-request")),
            PageError::Unavailable => {
                let mut response = page_with(
                    self.status(),
                    &ErrorPage {
                        c: chrome,
                        title: lang.t("error-unavailable"),
                        message: lang.t("error-unavailable-text"),
                    },
                );
                // Browsers and scripts may come back after this many seconds.
                response
                    .headers_mut()
                    .insert(header::RETRY_AFTER, HeaderValue::from_static("5"));
                return response;
            }
            PageError::Internal => {
                return (self.status(), lang.t("error-internal")).into_response();
            }
        };
        page_with(
            self.status(),
            &ErrorPage {
                c: chrome,
                title,
                message,
            },
        )
    }
}

impl IntoResponse for PageError {
    /// The status alone: [`error_pages`] makes the page.
    fn into_response(self) -> Response {
        let mut response = self.status().into_response();
        response.extensions_mut().insert(self);
        response
    }
}

/// The page frame of a request, once the [`crate::Signed`] extractor has
/// made it: where [`error_pages`] finds it after the handler.
#[derive(Clone, Default)]
pub(crate) struct FrameSlot(Arc<Mutex<Option<Chrome>>>);

impl FrameSlot {
    pub(crate) fn set(&self, chrome: &Chrome) {
        *self.0.lock().expect("not poisoned") = Some(chrome.clone());
    }

    fn take(&self) -> Option<Chrome> {
        self.0.lock().expect("not poisoned").take()
    }
}

/// The layer that renders a [`PageError`] as its page, in the frame of the
/// request (a signed-out frame in its language if none was made).
pub(crate) async fn error_pages(mut request: Request, next: Next) -> Response {
    let lang = language(request.headers());
    let slot = FrameSlot::default();
    request.extensions_mut().insert(slot.clone());
    let mut response = next.run(request).await;
    match response.extensions_mut().remove::<PageError>() {
        Some(error) => error.page(slot.take().unwrap_or_else(|| Chrome::signed_out(lang))),
        None => response,
    }
}

impl From<thads_service::StoreError> for PageError {
    /// A database not answering (a failover under way, say) is said as
    /// such; anything else the store says is logged.
    fn from(error: thads_service::StoreError) -> PageError {
        if error.is_unavailable() {
            tracing::warn!(%error, "the database is not answering");
            PageError::Unavailable
        } else {
            PageError::internal(error)
        }
    }
}

impl From<ReportError> for PageError {
    fn from(error: ReportError) -> PageError {
        match error {
            ReportError::Denied(_) => PageError::Denied("reports-denied"),
            ReportError::UnknownAgency(code) => PageError::unknown_agency(code),
            ReportError::EmptyPeriod { .. } => {
                PageError::Unprocessable(Message::new("report-empty-period"))
            }
            ReportError::Store(e) => e.into(),
        }
    }
}

impl From<ListError> for PageError {
    fn from(error: ListError) -> PageError {
        match error {
            ListError::Denied(_) => PageError::Denied("cases-denied"),
            ListError::UnknownAgency(code) => PageError::unknown_agency(code),
            ListError::UnknownExecutor(code) => PageError::NotFound(
                Message::new("executor-not-found").with("code", code.to_string()),
            ),
            ListError::Store(e) => e.into(),
        }
    }
}

impl From<RecordError> for PageError {
    /// What a form cannot show beside its fields.
    fn from(error: RecordError) -> PageError {
        match error {
            RecordError::Denied(_) => PageError::Denied("record-denied"),
            RecordError::UnknownAgency(code) => PageError::unknown_agency(code),
            RecordError::UnknownCase(code) => {
                PageError::NotFound(Message::new("case-not-found").with("code", code))
            }
            RecordError::Store(e) => e.into(),
            error => PageError::internal(error),
        }
    }
}

impl From<thads_service::payouts::DistributeError> for PageError {
    fn from(error: thads_service::payouts::DistributeError) -> PageError {
        use thads_service::payouts::DistributeError as E;
        match error {
            E::Denied(_) => PageError::Denied("cases-denied"),
            E::UnknownCase(code) => {
                PageError::NotFound(Message::new("case-not-found").with("code", code))
            }
            E::UnknownAsset { .. } => PageError::not_found(),
            E::Refused(e) => PageError::from(e),
            E::Invalid(e) => PageError::internal(e),
            E::Store(e) => e.into(),
        }
    }
}

impl From<TargetError> for PageError {
    fn from(error: TargetError) -> PageError {
        match error {
            TargetError::Denied(_) => PageError::Denied("target-denied"),
            TargetError::UnknownAgency(_) => PageError::not_found(),
            TargetError::Store(e) => e.into(),
            error => PageError::internal(error),
        }
    }
}

impl From<CalendarError> for PageError {
    fn from(error: CalendarError) -> PageError {
        match error {
            CalendarError::Denied(_) => PageError::Denied("calendar-denied"),
            CalendarError::Store(e) => e.into(),
            error => PageError::internal(error),
        }
    }
}

impl From<ImportError> for PageError {
    /// What the import page cannot show as the file's faults.
    fn from(error: ImportError) -> PageError {
        match error {
            ImportError::Denied(_) => PageError::Denied("import-denied"),
            ImportError::Store(e) => e.into(),
            error => PageError::internal(error),
        }
    }
}

/// An askama page that failed to render.
impl From<askama::Error> for PageError {
    fn from(error: askama::Error) -> PageError {
        PageError::internal(error)
    }
}
