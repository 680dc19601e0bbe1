//! The thads web application: server-rendered pages over the service layer.
//!
//! This part holds signing in and out, and the protections every page gets:
//! - the session lives in a cookie that scripts cannot read (`HttpOnly`),
//!   that other sites' requests do not carry (`SameSite=Strict`), and that
//!   travels only over TLS when thads is served behind it (`Secure`, and the
//!   `__Host-` name prefix);
//! - every state-changing request is checked against cross-site forgery
//!   (the browser's `Sec-Fetch-Site` and `Origin` headers);
//! - every response carries security headers, among them a
//!   Content-Security-Policy that allows no inline script.
//!
//! What an account may see and do is decided by the service layer, not here.

use std::net::SocketAddr;
use std::sync::Arc;

use askama::Template;
use axum::Router;
use axum::extract::{ConnectInfo, Form, FromRequestParts, State};
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderName, HeaderValue, StatusCode, header};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use thads_service::accounts::SignInError;
use thads_service::{Access, Actor, Thads};
use tower_http::csrf::CsrfLayer;
use tower_http::set_header::SetResponseHeaderLayer;

/// Scripts and styles from this server only, never inline; no framing; forms
/// post only here.
pub const CONTENT_SECURITY_POLICY: &str = "default-src 'none'; script-src 'self'; style-src 'self'; \
     img-src 'self' data:; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

/// How the application is served.
#[derive(Debug, Clone, Copy, Default)]
pub struct WebConfig {
    /// Served behind TLS: cookies are `Secure` and HSTS is sent.
    pub behind_tls: bool,
}

impl WebConfig {
    fn session_cookie(&self) -> &'static str {
        if self.behind_tls {
            "__Host-thads_session"
        } else {
            "thads_session"
        }
    }
}

#[derive(Clone)]
struct App {
    thads: Thads,
    config: Arc<WebConfig>,
}

/// The application's routes, with its protections.
pub fn router(thads: Thads, config: WebConfig) -> Router {
    let app = App {
        thads,
        config: Arc::new(config),
    };
    let header = |name: HeaderName, value: &'static str| {
        SetResponseHeaderLayer::overriding(name, HeaderValue::from_static(value))
    };
    let router = Router::new()
        .route("/", get(home))
        .route("/login", get(login_page).post(login))
        .route("/logout", post(logout))
        .route("/static/thads.css", get(stylesheet))
        .with_state(app)
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

/// Serves the application on `listen` until the process ends.
pub async fn serve(thads: Thads, listen: SocketAddr, config: WebConfig) -> std::io::Result<()> {
    let listener = tokio::net::TcpListener::bind(listen).await?;
    let app = router(thads, config).into_make_service_with_connect_info::<SocketAddr>();
    axum::serve(listener, app).await
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

/// The value of the session cookie, if the request carries one.
fn session_token<'h>(headers: &'h HeaderMap, config: &WebConfig) -> Option<&'h str> {
    let name = config.session_cookie();
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(key, _)| *key == name)
        .map(|(_, value)| value)
}

fn set_cookie(config: &WebConfig, value: &str, max_age: Option<u32>) -> HeaderValue {
    let mut cookie = format!(
        "{}={value}; Path=/; HttpOnly; SameSite=Strict",
        config.session_cookie()
    );
    if let Some(seconds) = max_age {
        cookie.push_str(&format!("; Max-Age={seconds}"));
    }
    if config.behind_tls {
        cookie.push_str("; Secure");
    }
    HeaderValue::from_str(&cookie).expect("a cookie of hex digits")
}

/// An error the user cannot fix: logged whole, shown briefly.
fn internal(error: impl std::fmt::Display) -> Response {
    tracing::error!(%error, "request failed");
    (
        StatusCode::INTERNAL_SERVER_ERROR,
        "Lỗi hệ thống: yêu cầu chưa được thực hiện. Hãy thử lại hoặc báo quản trị viên.",
    )
        .into_response()
}

fn page(template: &impl Template) -> Response {
    match template.render() {
        Ok(html) => Html(html).into_response(),
        Err(e) => internal(e),
    }
}

/// The signed-in actor, if the request's session is open.
async fn signed_in(
    app: &App,
    headers: &HeaderMap,
    address: &str,
) -> Result<Option<Actor>, Response> {
    match session_token(headers, &app.config) {
        None => Ok(None),
        Some(token) => app.thads.session(token, address).await.map_err(internal),
    }
}

#[derive(Template)]
#[template(path = "login.html")]
struct LoginPage {
    name: String,
    message: Option<String>,
}

#[derive(Template)]
#[template(path = "home.html")]
struct HomePage {
    name: String,
    role: &'static str,
    agency: Option<String>,
}

async fn home(
    State(app): State<App>,
    ClientAddress(address): ClientAddress,
    headers: HeaderMap,
) -> Response {
    let actor = match signed_in(&app, &headers, &address).await {
        Ok(Some(actor)) => actor,
        Ok(None) => return Redirect::to("/login").into_response(),
        Err(response) => return response,
    };
    let (role, agency) = match &actor.access {
        Access::Account { role, agency } => {
            (role.name_vi(), agency.as_ref().map(|a| a.to_string()))
        }
        Access::Console => ("Máy chủ", None),
    };
    page(&HomePage {
        name: actor.name,
        role,
        agency,
    })
}

async fn login_page() -> Response {
    page(&LoginPage {
        name: String::new(),
        message: None,
    })
}

#[derive(serde::Deserialize)]
struct LoginForm {
    name: String,
    password: String,
}

async fn login(
    State(app): State<App>,
    ClientAddress(address): ClientAddress,
    Form(form): Form<LoginForm>,
) -> Response {
    let refused = |status: StatusCode, message: String| {
        let mut response = page(&LoginPage {
            name: form.name.clone(),
            message: Some(message),
        });
        *response.status_mut() = status;
        response
    };
    match app
        .thads
        .sign_in(&form.name, &form.password, &address)
        .await
    {
        Ok(session) => {
            let mut response = Redirect::to("/").into_response();
            response.headers_mut().insert(
                header::SET_COOKIE,
                set_cookie(&app.config, &session.token, None),
            );
            response
        }
        Err(SignInError::Refused) => refused(
            StatusCode::UNAUTHORIZED,
            "Tên đăng nhập hoặc mật khẩu không đúng, hoặc tài khoản đã bị khóa.".to_owned(),
        ),
        Err(SignInError::ThrottledAccount { minutes }) => refused(
            StatusCode::TOO_MANY_REQUESTS,
            format!(
                "Tài khoản này đã đăng nhập sai quá nhiều lần. Hãy thử lại sau {minutes} phút."
            ),
        ),
        Err(SignInError::ThrottledAddress { minutes }) => refused(
            StatusCode::TOO_MANY_REQUESTS,
            format!("Máy này đã đăng nhập sai quá nhiều lần. Hãy thử lại sau {minutes} phút."),
        ),
        Err(SignInError::Store(e)) => internal(e),
    }
}

async fn logout(
    State(app): State<App>,
    ClientAddress(address): ClientAddress,
    headers: HeaderMap,
) -> Response {
    if let Some(token) = session_token(&headers, &app.config) {
        match app.thads.session(token, &address).await {
            Ok(Some(actor)) => {
                if let Err(e) = app.thads.sign_out(&actor, token).await {
                    return internal(e);
                }
            }
            Ok(None) => {}
            Err(e) => return internal(e),
        }
    }
    let mut response = Redirect::to("/login").into_response();
    response
        .headers_mut()
        .insert(header::SET_COOKIE, set_cookie(&app.config, "", Some(0)));
    response
}

async fn stylesheet() -> Response {
    (
        [(header::CONTENT_TYPE, "text/css; charset=utf-8")],
        include_str!("../static/thads.css"),
    )
        .into_response()
}
