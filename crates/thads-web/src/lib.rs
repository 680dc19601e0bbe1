//! The thads web application: server-rendered pages over the service layer.
//!
//! Every page is an askama template filled by a handler that calls
//! [`thads_service`]; what an account may see and do is decided there, not
//! here. This crate adds the protections every page gets:
//! - the session lives in a cookie that scripts cannot read (`HttpOnly`),
//!   that other sites' requests do not carry (`SameSite=Strict`), and that
//!   travels only over TLS when thads is served behind it (`Secure`, and the
//!   `__Host-` name prefix);
//! - every state-changing request is checked against cross-site forgery
//!   (the browser's `Sec-Fetch-Site` and `Origin` headers);
//! - every response carries security headers, among them a
//!   Content-Security-Policy that allows no script at all.
//!
//! Pages: [`pages`] (sign-in, dashboard, targets), [`cases`] (the list, a
//! case and its events, accepting a case), [`reports`] (reports and the
//! public list), [`imports`] (importing journals and registers).

mod assets;
mod calendar;
mod cases;
mod closes;
mod committee;
mod coordination;
mod error;
mod exemptions;
pub mod i18n;
mod imports;
mod lists;
mod pages;
mod payouts;
mod reports;
mod steering;
mod warehouses;
mod work;

use std::collections::HashMap;
use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;
use std::time::Duration;

use askama::Template;
use axum::Router;
use axum::extract::{ConnectInfo, DefaultBodyLimit, FromRequestParts};
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderName, HeaderValue, StatusCode, header};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use thads_core::account::Role;
use thads_service::{Access, Actor, Thads, View};
use tower_http::csrf::CsrfLayer;
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::timeout::RequestBodyTimeoutLayer;

use error::{FrameSlot, PageError};
pub use i18n::Lang;

/// Styles from this server only; no script at all; no framing; forms post
/// only here.
pub const CONTENT_SECURITY_POLICY: &str = "default-src 'none'; script-src 'none'; style-src 'self'; \
     img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

/// The largest file the import page takes.
const MAX_UPLOAD_BYTES: usize = 512 << 20;

/// How the application is served.
#[derive(Debug, Clone, Copy)]
pub struct WebConfig {
    /// Served behind TLS: cookies are `Secure` and HSTS is sent.
    pub behind_tls: bool,
    /// How many connections one client address may hold open at once
    /// (0: no limit). Behind a proxy every client has the proxy's address:
    /// limit them at the proxy instead.
    pub connections_per_address: usize,
}

impl Default for WebConfig {
    fn default() -> WebConfig {
        WebConfig {
            behind_tls: false,
            connections_per_address: CONNECTIONS_PER_ADDRESS,
        }
    }
}

/// How many connections a client address may hold open by default: a
/// browser opens six at most, and an office behind one address has a few
/// dozen users.
pub const CONNECTIONS_PER_ADDRESS: usize = 64;

impl WebConfig {
    fn session_cookie(&self) -> &'static str {
        if self.behind_tls {
            "__Host-thads_session"
        } else {
            "thads_session"
        }
    }
}

/// What every handler gets.
#[derive(Clone)]
struct App {
    thads: Thads,
    config: Arc<WebConfig>,
    uploads: Arc<imports::Uploads>,
}

/// The application's routes, with its protections.
pub fn router(thads: Thads, config: WebConfig) -> Router {
    let app = App {
        thads,
        config: Arc::new(config),
        uploads: Arc::default(),
    };
    let header = |name: HeaderName, value: &'static str| {
        SetResponseHeaderLayer::overriding(name, HeaderValue::from_static(value))
    };
    let router = Router::new()
        .route("/", get(pages::dashboard))
        .route("/login", get(pages::login_page).post(pages::login))
        .route("/logout", post(pages::logout))
        .route("/lang/{lang}", get(pages::switch_language))
        .route("/cases", get(cases::list))
        .route("/cases/new", get(cases::accept_page).post(cases::accept))
        .route("/cases/{*code}", get(cases::case_page).post(cases::record))
        .route("/assets", get(assets::register))
        .route("/assets/new", post(assets::add))
        .route("/assets/step", post(assets::step))
        .route("/coercions/new", post(assets::coerce))
        .route("/assets/form7", get(assets::form7))
        .route("/payouts", get(payouts::page).post(payouts::pay))
        .route("/payouts/transfers", get(payouts::transfers))
        .route("/payouts/slips", get(payouts::slips))
        .route("/payouts/held", get(payouts::held))
        .route("/warehouses", get(warehouses::stock))
        .route("/warehouses/card.xlsx", get(warehouses::card))
        .route("/warehouses/slip.docx", get(warehouses::slip))
        .route("/warehouses/{code}", get(warehouses::warehouse))
        .route(
            "/warehouses/{code}/{action}",
            get(warehouses::workbook).post(warehouses::record),
        )
        .route("/reports", get(reports::reports))
        .route("/reports/close", get(closes::closes).post(closes::close))
        .route("/reports/close/cosign", post(closes::cosign))
        .route("/reports/lists", get(lists::lists))
        .route("/debtors", get(reports::debtors))
        .route("/targets", get(pages::targets).post(pages::set_target))
        .route("/calendar", get(calendar::calendar).post(calendar::set_day))
        .route("/todo", get(work::todo))
        .route("/work", get(work::work))
        .route("/work/assign", post(work::assign))
        .route("/requests", get(coordination::list))
        .route(
            "/requests/new",
            get(coordination::new_form)
                .post(coordination::send)
                .layer(DefaultBodyLimit::max(
                    thads_service::coordination::MAX_REQUEST_ATTACHMENTS
                        * thads_service::coordination::MAX_ATTACHMENT_BYTES
                        + 64 * 1024,
                )),
        )
        .route(
            "/requests/{*id}",
            get(coordination::page)
                .post(coordination::act)
                .layer(DefaultBodyLimit::max(
                    thads_service::coordination::MAX_ATTACHMENT_BYTES + 64 * 1024,
                )),
        )
        .route("/coordination", get(coordination::table))
        .route(
            "/exemptions",
            get(exemptions::list).post(exemptions::propose),
        )
        .route("/exemptions/form6", get(exemptions::form6))
        .route("/committee", get(committee::committee))
        .route("/committee/meetings", post(committee::call))
        .route("/committee/members", post(committee::roll))
        .route("/committee/obstacles", post(committee::obstacle))
        .route(
            "/committee/decisions",
            post(committee::decision).layer(DefaultBodyLimit::max(
                thads_service::coordination::MAX_ATTACHMENT_BYTES + 64 * 1024,
            )),
        )
        .route("/committee/documents", get(committee::document))
        .route(
            "/committee/meetings/{*id}",
            get(committee::meeting).post(committee::act),
        )
        .route("/committee/dossier", get(committee::dossier))
        .route("/committee/tasks", post(steering::report))
        .route(
            "/committee/directives",
            get(steering::directives).post(steering::directive_act),
        )
        .route(
            "/committee/campaigns",
            get(steering::campaigns).post(steering::launch),
        )
        .route("/committee/campaigns/{*id}", get(steering::campaign))
        .route(
            "/committee/complex",
            get(steering::complex).post(steering::complex_act),
        )
        .route(
            "/import",
            get(imports::import_page)
                .post(imports::preview)
                .layer(DefaultBodyLimit::max(MAX_UPLOAD_BYTES)),
        )
        .route("/import/confirm", post(imports::confirm))
        .route("/import/template.xlsx", get(imports::template_xlsx))
        .route("/import/template.csv", get(imports::template_csv))
        .route("/static/thads.css", get(pages::stylesheet))
        .fallback(pages::not_found)
        .with_state(app)
        .layer(axum::middleware::from_fn(error::error_pages))
        .layer(RequestBodyTimeoutLayer::new(READ_TIMEOUT))
        .layer(CsrfLayer::new())
        .layer(header(
            header::CONTENT_SECURITY_POLICY,
            CONTENT_SECURITY_POLICY,
        ))
        .layer(header(header::X_CONTENT_TYPE_OPTIONS, "nosniff"))
        .layer(header(header::X_FRAME_OPTIONS, "DENY"))
        .layer(header(header::REFERRER_POLICY, "same-origin"));
    if config.behind_tls {
        router.layer(header(
            header::STRICT_TRANSPORT_SECURITY,
            "max-age=31536000; includeSubDomains",
        ))
    } else {
        router
    }
}

/// How long a client may take to send a request's headers, and to wait
/// between two pieces of its body: past it, the connection is closed, so
/// that clients that send half a request cannot hold connections forever.
pub const READ_TIMEOUT: Duration = Duration::from_secs(10);

/// Serves the application on `listen` until the process ends.
///
/// Each connection is served by hyper with a timer, so that
/// [`READ_TIMEOUT`] applies to the headers (axum's own `serve` sets none),
/// and an address holds at most `config.connections_per_address`
/// connections at once: more are closed as soon as they are accepted.
pub async fn serve(thads: Thads, listen: SocketAddr, config: WebConfig) -> std::io::Result<()> {
    let listener = tokio::net::TcpListener::bind(listen).await?;
    serve_on(listener, thads, config).await
}

/// Serves the application on a socket already bound (see [`serve`]).
pub async fn serve_on(
    listener: tokio::net::TcpListener,
    thads: Thads,
    config: WebConfig,
) -> std::io::Result<()> {
    use hyper_util::rt::{TokioIo, TokioTimer};
    use tower::ServiceExt;

    let per_address = config.connections_per_address;
    let app = router(thads, config);
    let connections = Arc::new(Connections::default());
    loop {
        let (stream, client) = match listener.accept().await {
            Ok(accepted) => accepted,
            // Out of file descriptors, say: wait for connections to close.
            Err(e) => {
                tracing::warn!(error = %e, "cannot accept a connection");
                tokio::time::sleep(Duration::from_millis(100)).await;
                continue;
            }
        };
        let Some(admitted) = connections.admit(client.ip(), per_address) else {
            tracing::debug!(%client, "too many connections from this address");
            continue;
        };
        let service = app.clone().map_request(
            move |mut request: axum::extract::Request<hyper::body::Incoming>| {
                request.extensions_mut().insert(ConnectInfo(client));
                request.map(axum::body::Body::new)
            },
        );
        tokio::spawn(async move {
            let _admitted = admitted;
            let served = hyper::server::conn::http1::Builder::new()
                .timer(TokioTimer::new())
                .header_read_timeout(READ_TIMEOUT)
                .serve_connection(
                    TokioIo::new(stream),
                    hyper_util::service::TowerToHyperService::new(service),
                )
                .await;
            if let Err(e) = served {
                tracing::debug!(%client, error = %e, "connection ended");
            }
        });
    }
}

/// The connections open, by client address.
#[derive(Default)]
struct Connections(std::sync::Mutex<HashMap<IpAddr, usize>>);

/// A connection counted in [`Connections`] until it is dropped.
struct Admitted {
    connections: Arc<Connections>,
    address: IpAddr,
}

impl Connections {
    /// Counts a new connection from `address`, unless it already has
    /// `limit` (0: no limit).
    fn admit(self: &Arc<Self>, address: IpAddr, limit: usize) -> Option<Admitted> {
        let mut open = self.0.lock().expect("not poisoned");
        let count = open.entry(address).or_default();
        if limit > 0 && *count >= limit {
            return None;
        }
        *count += 1;
        Some(Admitted {
            connections: Arc::clone(self),
            address,
        })
    }
}

impl Drop for Admitted {
    fn drop(&mut self) {
        let mut open = self.connections.0.lock().expect("not poisoned");
        if let Some(count) = open.get_mut(&self.address) {
            *count -= 1;
            if *count == 0 {
                open.remove(&self.address);
            }
        }
    }
}

/// The client's address, as the connection gives it.
struct ClientAddress(String);

impl<S: Send + Sync> FromRequestParts<S> for ClientAddress {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        let address = parts
            .extensions
            .get::<ConnectInfo<SocketAddr>>()
            .map_or_else(|| "unknown".to_owned(), |c| c.0.ip().to_string());
        Ok(ClientAddress(address))
    }
}

/// The value of a cookie, if the request carries it.
fn cookie<'h>(headers: &'h HeaderMap, name: &str) -> Option<&'h str> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(key, _)| *key == name)
        .map(|(_, value)| value)
}

/// The language the browser chose with the switch (Vietnamese otherwise).
fn language(headers: &HeaderMap) -> Lang {
    cookie(headers, "thads_lang")
        .and_then(Lang::parse)
        .unwrap_or_default()
}

fn set_cookie(config: &WebConfig, name: &str, value: &str, max_age: Option<u32>) -> HeaderValue {
    let mut cookie = format!("{name}={value}; Path=/; HttpOnly; SameSite=Strict");
    if let Some(seconds) = max_age {
        cookie.push_str(&format!("; Max-Age={seconds}"));
    }
    if config.behind_tls {
        cookie.push_str("; Secure");
    }
    HeaderValue::from_str(&cookie).expect("a cookie of plain characters")
}

/// The frame of every page: language, who is signed in, and what the
/// navigation offers them.
#[derive(Debug, Clone)]
struct Chrome {
    lang: Lang,
    /// The signed-in account's name, if any.
    user: Option<String>,
    role: String,
    /// The path and query of this page, to come back to after switching
    /// language.
    here: String,
    /// Which part of the navigation this page belongs to.
    at: &'static str,
    sees_cases: bool,
    writes_cases: bool,
    /// Whether the account records the calendar's days (the national
    /// administrator).
    sets_calendar: bool,
    /// Whether the account has a place in the Steering Committee's work:
    /// leaders and statisticians (the secretariat), its members, and the
    /// partners (their tasks).
    sees_committee: bool,
    /// Whether the account sees requests to partners (every role but the
    /// administrator's), and whether it is a partner's.
    sees_requests: bool,
    partner: bool,
    /// Whether the account sees the evidence warehouses, and whether it
    /// is a keeper's (who sees nothing else).
    sees_warehouses: bool,
    keeper: bool,
}

impl Chrome {
    /// The frame of a page seen signed out: the sign-in page's.
    fn signed_out(lang: Lang) -> Chrome {
        Chrome {
            lang,
            user: None,
            role: String::new(),
            here: "/login".to_owned(),
            at: "login",
            sees_cases: false,
            writes_cases: false,
            sets_calendar: false,
            sees_committee: false,
            sees_requests: false,
            partner: false,
            sees_warehouses: false,
            keeper: false,
        }
    }

    fn t(&self, key: &str) -> String {
        self.lang.t(key)
    }

    /// A count, grouped the page's way.
    fn num(&self, n: &u64) -> String {
        self.lang.count(*n)
    }

    /// A sum of đồng to the đồng, the page's way.
    fn dong(&self, dong: &i128) -> String {
        format!("{} đ", self.lang.count(*dong))
    }

    /// The address of a case's page.
    fn case_url(&self, code: &str) -> String {
        format!("/cases/{}", percent_encode(code))
    }

    /// The address that switches to the other language and comes back here.
    fn switch_url(&self) -> String {
        format!(
            "/lang/{}?back={}",
            self.lang.other().code(),
            percent_encode(&self.here)
        )
    }
}

/// A date as typed (`05/01/2026`, as Vietnamese documents write it) or in
/// the ISO form (`2026-01-05`).
fn parse_day(text: &str) -> Option<thads_core::Day> {
    let text = text.trim();
    if let Ok(day) = text.parse() {
        return Some(day);
    }
    let mut parts = text.split('/');
    let (d, m, y) = (parts.next()?, parts.next()?, parts.next()?);
    if parts.next().is_some() {
        return None;
    }
    thads_core::Day::from_ymd(y.parse().ok()?, m.parse().ok()?, d.parse().ok()?)
}

/// The agencies a select offers (code, name), in declaration order: those
/// `keep` says.
fn agency_choices(
    agencies: &thads_core::AgencyTree,
    keep: impl Fn(thads_core::agency::AgencyIndex) -> bool,
) -> Vec<(String, String)> {
    (0..agencies.len() as thads_core::agency::AgencyIndex)
        .filter(|a| keep(*a))
        .map(|a| {
            let agency = agencies.get(a);
            (agency.code.to_string(), agency.name.clone())
        })
        .collect()
}

/// Percent-encodes everything but unreserved characters and `/`.
fn percent_encode(text: &str) -> String {
    text.bytes()
        .map(|b| match b {
            b'a'..=b'z' | b'A'..=b'Z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' | b'/' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// A signed-in request: the actor and the page frame. Without an open
/// session, the browser is sent to the sign-in page.
struct Signed {
    actor: Actor,
    chrome: Chrome,
}

/// The part of the navigation a path belongs to.
fn section(path: &str) -> &'static str {
    match path.split('/').nth(1).unwrap_or_default() {
        "" => "home",
        "cases" if path == "/cases/new" => "accept",
        "cases" => "cases",
        "reports" => "reports",
        "debtors" => "debtors",
        "assets" => "assets",
        "warehouses" => "warehouses",
        "targets" => "targets",
        "calendar" => "calendar",
        "todo" => "todo",
        "work" => "work",
        "requests" | "coordination" => "requests",
        "exemptions" => "exemptions",
        "committee" => "committee",
        "import" => "import",
        _ => "",
    }
}

impl FromRequestParts<App> for Signed {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, app: &App) -> Result<Self, Self::Rejection> {
        let ClientAddress(address) = ClientAddress::from_request_parts(parts, app)
            .await
            .expect("infallible");
        let lang = language(&parts.headers);
        let actor = match cookie(&parts.headers, app.config.session_cookie()) {
            None => None,
            Some(token) => app
                .thads
                .session(token, &address)
                .await
                .map_err(|e| PageError::from(e).into_response())?,
        };
        let Some(actor) = actor else {
            return Err(Redirect::to("/login").into_response());
        };
        let (role, sees_cases, writes_cases) = match &actor.access {
            Access::Account { role, .. } => (
                lang.say(&(*role).into()),
                matches!(role, Role::Leader | Role::Statistician | Role::Executor),
                *role == Role::Executor,
            ),
            Access::Console => (lang.t("role-console"), true, true),
        };
        let here = parts
            .uri
            .path_and_query()
            .map_or("/", |p| p.as_str())
            .to_owned();
        let chrome = Chrome {
            lang,
            user: Some(actor.name.clone()),
            role,
            at: section(parts.uri.path()),
            here,
            sees_cases,
            writes_cases,
            sets_calendar: actor.may_set_calendar().is_ok(),
            sees_committee: matches!(
                actor.access,
                Access::Account {
                    role: Role::Leader | Role::Statistician | Role::Steering | Role::Partner,
                    ..
                }
            ),
            sees_requests: !matches!(
                actor.access,
                Access::Account {
                    role: Role::Admin,
                    ..
                }
            ),
            partner: matches!(
                actor.access,
                Access::Account {
                    role: Role::Partner,
                    ..
                }
            ),
            sees_warehouses: actor.may_see_warehouses().is_ok(),
            keeper: matches!(
                actor.access,
                Access::Account {
                    role: Role::Keeper,
                    ..
                }
            ),
        };
        if let Some(slot) = parts.extensions.get::<FrameSlot>() {
            slot.set(&chrome);
        }
        Ok(Signed { actor, chrome })
    }
}

/// A signed-in request that reads: the actor, the page frame and the view
/// of the store that everything the page shows is read from (see "Reads" in
/// ARCHITECTURE.md).
struct Reading {
    actor: Actor,
    chrome: Chrome,
    view: Arc<View>,
}

impl Reading {
    fn into_parts(self) -> (Actor, Chrome, Arc<View>) {
        (self.actor, self.chrome, self.view)
    }
}

impl FromRequestParts<App> for Reading {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, app: &App) -> Result<Self, Self::Rejection> {
        let Signed { actor, chrome } = Signed::from_request_parts(parts, app).await?;
        let view = app
            .thads
            .view()
            .await
            .map_err(|e| PageError::from(e).into_response())?;
        Ok(Reading {
            actor,
            chrome,
            view,
        })
    }
}

/// The page of a [`PageError`].
#[derive(Template)]
#[template(path = "error.html")]
struct ErrorPage {
    c: Chrome,
    title: String,
    message: String,
}

fn page(template: &impl Template) -> Response {
    page_with(StatusCode::OK, template)
}

/// The status of a page with a form: 422 if what was typed is sent back
/// with its errors.
fn form_status(refused: bool) -> StatusCode {
    if refused {
        StatusCode::UNPROCESSABLE_ENTITY
    } else {
        StatusCode::OK
    }
}

/// A page with another status than 200 (a form sent back with its errors).
fn page_with(status: StatusCode, template: &impl Template) -> Response {
    match template.render() {
        Ok(html) => (status, Html(html)).into_response(),
        Err(e) => PageError::internal(e).into_response(),
    }
}
