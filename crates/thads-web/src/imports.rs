//! Importing a journal or a register: upload, preview (what the file
//! holds, its first cases, every fault), then confirm; and the register's
//! template.
//!
//! Only an account that may import has its upload read at all. The upload
//! goes straight to a temporary file, never whole into memory; the file is
//! read from there for the preview, on a thread of its own (reading and
//! checking a big file takes seconds of processor time, which the pages of
//! other users must not wait for). Between the preview and the
//! confirmation it waits on disk, under a random token that only the
//! account that uploaded it can use, for at most [`UPLOAD_KEPT`], and the
//! files waiting take at most [`MAX_WAITING_BYTES`] together.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use askama::Template;
use axum::extract::{Form, Multipart, State};
use axum::http::StatusCode;
use axum::response::Response;
use tempfile::TempPath;
use thads_core::journal::{Fault, Faults};
use thads_service::register::{RegisterBook, sheet};
use thads_service::sessions::new_token;
use thads_service::{Actor, FileKind, ImportError, ImportPreview, ImportSummary, NewCase, Thads};
use tokio::io::AsyncWriteExt;

use crate::error::PageError;
use crate::reports::attachment;
use crate::{App, Chrome, Lang, Signed, page, page_with};

/// How long an uploaded file waits for its confirmation.
const UPLOAD_KEPT: Duration = Duration::from_secs(30 * 60);

/// How many bytes the files waiting for confirmation may take together, on
/// the server's temporary disk.
const MAX_WAITING_BYTES: u64 = 4 << 30;

/// Files previewed and waiting to be confirmed, by token.
#[derive(Default)]
pub(crate) struct Uploads(Mutex<HashMap<String, Upload>>);

struct Upload {
    account: String,
    name: String,
    file: TempPath,
    bytes: u64,
    at: Instant,
}

impl Uploads {
    /// Keeps a file for its account (an account keeps one file at a time);
    /// `None` if the files waiting would take more than
    /// [`MAX_WAITING_BYTES`].
    fn keep(&self, account: &str, name: String, file: TempPath, bytes: u64) -> Option<String> {
        let mut uploads = self.0.lock().expect("not poisoned");
        uploads.retain(|_, u| u.at.elapsed() < UPLOAD_KEPT && u.account != account);
        let waiting: u64 = uploads.values().map(|u| u.bytes).sum();
        if waiting + bytes > MAX_WAITING_BYTES {
            return None;
        }
        let token = new_token();
        let upload = Upload {
            account: account.to_owned(),
            name,
            file,
            bytes,
            at: Instant::now(),
        };
        uploads.insert(token.clone(), upload);
        Some(token)
    }

    /// Takes back the account's file kept under `token`, if it is still kept.
    fn take(&self, account: &str, token: &str) -> Option<(String, TempPath)> {
        let mut uploads = self.0.lock().expect("not poisoned");
        let upload = uploads.remove(token)?;
        if upload.account != account {
            uploads.insert(token.to_owned(), upload);
            return None;
        }
        (upload.at.elapsed() < UPLOAD_KEPT).then_some((upload.name, upload.file))
    }
}

/// An uploaded file, on disk.
struct Received {
    name: String,
    file: TempPath,
    bytes: u64,
}

/// Streams the multipart form's `file` field to a temporary file.
async fn receive(multipart: &mut Multipart, lang: Lang) -> Result<Option<Received>, String> {
    let too_large = |e: axum::extract::multipart::MultipartError| {
        if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
            lang.t("import-too-large")
        } else {
            e.body_text()
        }
    };
    let mut received = None;
    while let Some(mut field) = multipart.next_field().await.map_err(too_large)? {
        if field.name() != Some("file") {
            continue;
        }
        let name = field.file_name().unwrap_or("journal.jsonl").to_owned();
        let failed = |e: std::io::Error| {
            tracing::error!(error = %e, "cannot keep an upload on disk");
            lang.t("error-internal")
        };
        let temporary = tempfile::NamedTempFile::new().map_err(failed)?;
        let mut out = tokio::fs::File::from_std(temporary.as_file().try_clone().map_err(failed)?);
        let mut bytes = 0u64;
        while let Some(chunk) = field.chunk().await.map_err(too_large)? {
            bytes += chunk.len() as u64;
            out.write_all(&chunk).await.map_err(failed)?;
        }
        out.flush().await.map_err(failed)?;
        received = Some(Received {
            name,
            file: temporary.into_temp_path(),
            bytes,
        });
    }
    Ok(received.filter(|r| r.bytes > 0))
}

/// Runs an import's reading and checking, which take the machine's cores
/// for seconds on a big file, on a thread of their own at a lower priority
/// (nice 10; the threads it starts inherit it), so that the pages of other
/// users, at the normal priority, are answered first: `work` gets the
/// service, the actor and the file.
async fn off_the_runtime<T, Work, Done>(
    thads: &Thads,
    actor: &Actor,
    file: &TempPath,
    work: Work,
) -> Result<T, ImportError>
where
    T: Send + 'static,
    Work: FnOnce(Thads, Actor, std::io::BufReader<std::fs::File>) -> Done + Send + 'static,
    Done: Future<Output = Result<T, ImportError>>,
{
    let file = std::io::BufReader::new(std::fs::File::open(file)?);
    let (thads, actor) = (thads.clone(), actor.clone());
    let runtime = tokio::runtime::Handle::current();
    let (done, result) = tokio::sync::oneshot::channel();
    std::thread::Builder::new()
        .name("thads-import".to_owned())
        .spawn(move || {
            let thread = rustix::thread::gettid();
            if let Err(e) = rustix::process::setpriority_process(Some(thread), IMPORT_NICENESS) {
                tracing::debug!(error = %e, "the import runs at the normal priority");
            }
            let _ = done.send(runtime.block_on(work(thads, actor, file)));
        })?;
    result.await.expect("the import thread does not panic")
}

/// The niceness of an import's threads: they get about a tenth of the
/// processor when pages want it too.
const IMPORT_NICENESS: i32 = 10;

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

    /// How many of a file's records are dated in a closed period, if any.
    fn late_text(&self, summary: &ImportSummary) -> Option<String> {
        let lang = self.c.lang;
        (summary.late > 0)
            .then(|| lang.tr("import-late", &[("late", lang.count(summary.late as i128))]))
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

    /// A fault with its line (or row and column), as a list item begins:
    /// with a capital.
    fn fault_text(&self, fault: &Fault) -> String {
        let text = self.c.lang.fault(fault);
        let mut chars = text.chars();
        chars
            .next()
            .map(|first| first.to_uppercase().chain(chars).collect())
            .unwrap_or_default()
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
    page(&ImportPage::new(signed.chrome))
}

/// Checks an uploaded file and shows what importing it would do; a file
/// without faults waits for the confirmation.
pub(crate) async fn preview(
    State(app): State<App>,
    signed: Signed,
    mut multipart: Multipart,
) -> Result<Response, PageError> {
    let Signed { actor, chrome } = signed;
    let lang = chrome.lang;
    // Before a byte of the upload is read.
    actor.may_import().map_err(ImportError::Denied)?;
    let Received { name, file, bytes } = match receive(&mut multipart, lang).await {
        Ok(Some(received)) => received,
        Ok(None) => return Ok(failed(chrome, String::new(), lang.t("import-no-file"))),
        Err(message) => return Ok(failed(chrome, String::new(), message)),
    };
    let kind = FileKind::of(&name);
    let source = name.clone();
    let result =
        off_the_runtime(
            &app.thads,
            &actor,
            &file,
            move |thads, actor, file| async move {
                thads.preview_import(&actor, &source, kind, file).await
            },
        )
        .await;
    Ok(match result {
        Ok(preview) if preview.faults.is_empty() => {
            let Some(token) = app.uploads.keep(&actor.name, name.clone(), file, bytes) else {
                return Ok(failed(chrome, name, lang.t("import-busy")));
            };
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
        Err(e) => import_error(chrome, name, e)?,
    })
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
) -> Result<Response, PageError> {
    let Signed { actor, chrome } = signed;
    let Some((name, file)) = app.uploads.take(&actor.name, &form.token) else {
        let message = chrome.lang.t("import-expired");
        return Ok(failed(chrome, String::new(), message));
    };
    let source = format!("web upload: {name}");
    let kind = FileKind::of(&name);
    let result = off_the_runtime(
        &app.thads,
        &actor,
        &file,
        move |thads, actor, file| async move {
            thads
                .import_file(&actor, &source, kind, file, &mut |_| {})
                .await
        },
    )
    .await;
    Ok(match result {
        Ok(summary) => page(&ImportPage {
            file: name,
            imported: Some(summary),
            ..ImportPage::new(chrome)
        }),
        Err(e) => import_error(chrome, name, e)?,
    })
}

/// A failed import as the import page shows it, or as an error page when
/// it is not the file's fault.
fn import_error(chrome: Chrome, file: String, error: ImportError) -> Result<Response, PageError> {
    Ok(match error {
        // The store may have changed since the preview.
        ImportError::Invalid(faults) => {
            let page = ImportPage {
                file,
                ..ImportPage::new(chrome)
            };
            page_with(StatusCode::UNPROCESSABLE_ENTITY, &page.with_faults(faults))
        }
        ImportError::Read(e) => failed(chrome, file, e.to_string()),
        ImportError::Unreadable(e) => {
            let args = [("file", file.clone()), ("message", chrome.lang.say(&e.0.0))];
            let message = chrome.lang.tr("import-unreadable", &args);
            failed(chrome, file, message)
        }
        ImportError::AlreadyImported { by, at } => {
            let args = [("file", file.clone()), ("by", by), ("at", at)];
            let message = chrome.lang.tr("import-already", &args);
            failed(chrome, file, message)
        }
        error @ (ImportError::Denied(_) | ImportError::Store(_)) => return Err(error.into()),
    })
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
pub(crate) async fn template_xlsx(_signed: Signed) -> Result<Response, PageError> {
    let bytes = sheet::write_xlsx(&RegisterBook::default()).map_err(PageError::internal)?;
    Ok(attachment(
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "so-thu-ly-mau.xlsx",
        bytes,
    ))
}

/// The register's template as CSV headings.
pub(crate) async fn template_csv(_signed: Signed) -> Response {
    attachment(
        "text/csv; charset=utf-8",
        "so-thu-ly-mau.csv",
        sheet::write_csv(&RegisterBook::default()),
    )
}
