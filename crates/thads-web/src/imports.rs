//! Importing a journal or a register: upload, preview (what the file
//! holds, its first cases, every fault), then confirm; and the register's
//! template.
//!
//! Between the preview and the confirmation the file waits in memory,
//! under a random token that only the account that uploaded it can use,
//! for at most [`UPLOAD_KEPT`].

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use askama::Template;
use axum::body::Bytes;
use axum::extract::{Form, Multipart, State};
use axum::http::StatusCode;
use axum::response::Response;
use thads_core::journal::{Fault, Faults};
use thads_service::register::{RegisterBook, sheet};
use thads_service::sessions::new_token;
use thads_service::{FileKind, ImportError, ImportPreview, ImportSummary, NewCase};

use crate::reports::attachment;
use crate::{App, Chrome, Lang, Signed, denied, internal, page, page_with};

/// How long an uploaded file waits for its confirmation.
const UPLOAD_KEPT: Duration = Duration::from_secs(30 * 60);

/// Files previewed and waiting to be confirmed, by token.
#[derive(Default)]
pub(crate) struct Uploads(Mutex<HashMap<String, Upload>>);

struct Upload {
    account: String,
    name: String,
    bytes: Bytes,
    at: Instant,
}

impl Uploads {
    /// Keeps a file for its account; an account keeps one file at a time.
    fn keep(&self, account: &str, name: String, bytes: Bytes) -> String {
        let token = new_token();
        let mut uploads = self.0.lock().expect("not poisoned");
        uploads.retain(|_, u| u.at.elapsed() < UPLOAD_KEPT && u.account != account);
        let upload = Upload {
            account: account.to_owned(),
            name,
            bytes,
            at: Instant::now(),
        };
        uploads.insert(token.clone(), upload);
        token
    }

    /// Takes back the account's file kept under `token`, if it is still kept.
    fn take(&self, account: &str, token: &str) -> Option<(String, Bytes)> {
        let mut uploads = self.0.lock().expect("not poisoned");
        let upload = uploads.remove(token)?;
        if upload.account != account {
            uploads.insert(token.to_owned(), upload);
            return None;
        }
        (upload.at.elapsed() < UPLOAD_KEPT).then_some((upload.name, upload.bytes))
    }
}

#[derive(Template)]
#[template(path = "import.html")]
struct ImportPage {
    c: Chrome,
    file: String,
    preview: Option<ImportPreview>,
    /// The token to confirm the previewed file with, if it can be imported.
    token: Option<String>,
    imported: Option<ImportSummary>,
    faults: Vec<Fault>,
    more_faults: usize,
    message: Option<String>,
}

impl ImportPage {
    fn new(c: Chrome) -> ImportPage {
        ImportPage {
            c,
            file: String::new(),
            preview: None,
            token: None,
            imported: None,
            faults: Vec::new(),
            more_faults: 0,
            message: None,
        }
    }

    fn with_faults(mut self, faults: Faults) -> ImportPage {
        self.more_faults = faults.more();
        self.faults = faults.listed().to_vec();
        self
    }

    fn summary_args(&self, summary: &ImportSummary) -> [(&'static str, String); 4] {
        let lang = self.c.lang;
        [
            ("file", self.file.clone()),
            ("cases", lang.count(summary.cases as i128)),
            ("events", lang.count(summary.events as i128)),
            ("agencies", lang.count(summary.agencies as i128)),
        ]
    }

    fn done_text(&self, done: &ImportSummary) -> String {
        self.c.lang.tr("import-done", &self.summary_args(done))
    }

    fn preview_text(&self, preview: &ImportPreview) -> String {
        self.c
            .lang
            .tr("import-preview", &self.summary_args(&preview.summary))
    }

    fn faults_text(&self) -> String {
        let count = self.faults.len() + self.more_faults;
        let args = [
            ("file", self.file.clone()),
            ("count", self.c.lang.count(count as i128)),
        ];
        self.c.lang.tr("import-faults", &args)
    }

    fn fault_text(&self, fault: &Fault) -> String {
        let message = self.c.lang.fault(fault);
        let mut args = vec![("line", fault.line.to_string()), ("message", message)];
        let key = match &fault.column {
            Some(column) => {
                args.push(("column", column.clone()));
                "import-fault-cell"
            }
            None => "import-fault",
        };
        self.c.lang.tr(key, &args)
    }

    fn more_text(&self) -> String {
        let args = [("count", self.c.lang.count(self.more_faults as i128))];
        self.c.lang.tr("import-more-faults", &args)
    }

    fn amount(&self, case: &NewCase) -> String {
        self.c.lang.money(case.amount)
    }

    fn accepted_on(&self, case: &NewCase) -> String {
        self.c.lang.date(case.accepted_on)
    }
}

pub(crate) async fn import_page(signed: Signed) -> Response {
    page(&ImportPage::new(signed.at("import").chrome))
}

/// Checks an uploaded file and shows what importing it would do; a file
/// without faults waits for the confirmation.
pub(crate) async fn preview(
    State(app): State<App>,
    signed: Signed,
    mut multipart: Multipart,
) -> Response {
    let Signed { actor, chrome } = signed.at("import");
    let lang = chrome.lang;
    let mut file = None;
    loop {
        match multipart.next_field().await {
            Ok(Some(field)) if field.name() == Some("file") => {
                let name = field.file_name().unwrap_or("journal.jsonl").to_owned();
                match field.bytes().await {
                    Ok(bytes) => file = Some((name, bytes)),
                    Err(e) => return failed(chrome, String::new(), e.body_text()),
                }
            }
            Ok(Some(_)) => {}
            Ok(None) => break,
            Err(e) => return failed(chrome, String::new(), e.body_text()),
        }
    }
    let Some((name, bytes)) = file.filter(|(_, b)| !b.is_empty()) else {
        return failed(chrome, String::new(), lang.t("import-no-file"));
    };
    let kind = FileKind::of(&name);
    let result = app
        .thads
        .preview_import(&actor, &name, kind, &bytes[..])
        .await;
    match result {
        Ok(preview) if preview.faults.is_empty() => {
            let token = app.uploads.keep(&actor.name, name.clone(), bytes);
            page(&ImportPage {
                file: name,
                token: Some(token),
                preview: Some(preview),
                ..ImportPage::new(chrome)
            })
        }
        Ok(mut preview) => {
            let faults = std::mem::take(&mut preview.faults);
            let page = ImportPage {
                file: name,
                preview: Some(preview),
                ..ImportPage::new(chrome)
            };
            page_with(StatusCode::UNPROCESSABLE_ENTITY, &page.with_faults(faults))
        }
        Err(e) => import_error(chrome, name, e),
    }
}

#[derive(serde::Deserialize)]
pub(crate) struct Confirmation {
    token: String,
}

/// Imports the file previewed under the token.
pub(crate) async fn confirm(
    State(app): State<App>,
    signed: Signed,
    Form(form): Form<Confirmation>,
) -> Response {
    let Signed { actor, chrome } = signed.at("import");
    let Some((name, bytes)) = app.uploads.take(&actor.name, &form.token) else {
        let message = chrome.lang.t("import-expired");
        return failed(chrome, String::new(), message);
    };
    let source = format!("web upload: {name}");
    let kind = FileKind::of(&name);
    let result = app
        .thads
        .import_file(&actor, &source, kind, &bytes[..], &mut |_| {})
        .await;
    match result {
        Ok(summary) => page(&ImportPage {
            file: name,
            imported: Some(summary),
            ..ImportPage::new(chrome)
        }),
        Err(e) => import_error(chrome, name, e),
    }
}

fn import_error(chrome: Chrome, file: String, error: ImportError) -> Response {
    match error {
        // The store may have changed since the preview.
        ImportError::Invalid(faults) => {
            let page = ImportPage {
                file,
                ..ImportPage::new(chrome)
            };
            page_with(StatusCode::UNPROCESSABLE_ENTITY, &page.with_faults(faults))
        }
        ImportError::Denied(_) => denied(chrome, "import-denied"),
        ImportError::Read(e) => failed(chrome, file, e.to_string()),
        ImportError::Unreadable(e) => {
            let message = match chrome.lang {
                Lang::Vi => e.0.vietnamese,
                _ => e.0.english,
            };
            failed(chrome, file, message)
        }
        ImportError::Store(e) => internal(chrome.lang, e),
    }
}

fn failed(chrome: Chrome, file: String, message: String) -> Response {
    let page = ImportPage {
        file,
        message: Some(message),
        ..ImportPage::new(chrome)
    };
    page_with(StatusCode::BAD_REQUEST, &page)
}

/// The register's template as an Excel workbook, with its guide.
pub(crate) async fn template_xlsx(signed: Signed) -> Response {
    match sheet::write_xlsx(&RegisterBook::default()) {
        Ok(bytes) => attachment(
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            "so-thu-ly-mau.xlsx",
            bytes,
        ),
        Err(e) => internal(signed.chrome.lang, e),
    }
}

/// The register's template as CSV headings.
pub(crate) async fn template_csv(_signed: Signed) -> Response {
    attachment(
        "text/csv; charset=utf-8",
        "so-thu-ly-mau.csv",
        sheet::write_csv(&RegisterBook::default()),
    )
}
