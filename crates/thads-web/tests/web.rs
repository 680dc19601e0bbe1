//! Signing in and out through HTTP, on the backend the run asks for (see
//! thads-testdb): the cookie's protections, forged cross-site requests
//! refused, throttled sign-ins told in Vietnamese, and the security headers
//! on every response.

use axum::Router;
use axum::body::Body;
use axum::http::{Request, Response, StatusCode, header};
use thads_core::AgencyCode;
use thads_core::account::{AccountName, Role};
use thads_service::{Actor, Thads};
use thads_testdb::{TestDatabase, test_data};
use thads_web::{CONTENT_SECURITY_POLICY, WebConfig, router};
use tower::ServiceExt;

const PASSWORD: &str = "mưa rơi trên mái ngói cũ";

async fn app(config: WebConfig) -> (Router, TestDatabase) {
    let db = TestDatabase::migrated();
    let thads = Thads::open(&db.url, db.key()).await.unwrap();
    (with_leader(thads, config).await, db)
}

/// The web application on `thads`, given the worked example and the
/// leader `lanh.dao` of its province.
async fn with_leader(thads: Thads, config: WebConfig) -> Router {
    let example = test_data("sample/worked-example.jsonl");
    let console = Actor::console("root", "may-chu-1");
    thads
        .import(&console, "example", example.as_bytes(), &mut |_| {})
        .await
        .unwrap();
    thads
        .add_account(
            &console,
            &AccountName::parse("lanh.dao").unwrap(),
            Role::Leader,
            Some(&AgencyCode::parse("DB").unwrap()),
            PASSWORD,
        )
        .await
        .unwrap();
    router(thads, config)
}

/// Signs the leader in: the response, with its session cookie.
async fn sign_in(app: &Router) -> Response<Body> {
    app.clone()
        .oneshot(post(
            "/login",
            form("lanh.dao", PASSWORD),
            "same-origin",
            None,
        ))
        .await
        .unwrap()
}

fn form(name: &str, password: &str) -> String {
    let encode = |s: &str| {
        s.bytes()
            .map(|b| match b {
                b'a'..=b'z' | b'A'..=b'Z' | b'0'..=b'9' | b'.' | b'-' | b'_' => {
                    (b as char).to_string()
                }
                _ => format!("%{b:02X}"),
            })
            .collect::<String>()
    };
    format!("name={}&password={}", encode(name), encode(password))
}

fn post(path: &str, body: String, site: &str, cookie: Option<&str>) -> Request<Body> {
    let mut request = Request::post(path)
        .header(header::HOST, "thads.example")
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .header("sec-fetch-site", site);
    if let Some(cookie) = cookie {
        request = request.header(header::COOKIE, cookie);
    }
    request.body(Body::from(body)).unwrap()
}

fn get(path: &str, cookie: Option<&str>) -> Request<Body> {
    let mut request = Request::get(path).header(header::HOST, "thads.example");
    if let Some(cookie) = cookie {
        request = request.header(header::COOKIE, cookie);
    }
    request.body(Body::empty()).unwrap()
}

async fn text(response: Response<Body>) -> String {
    let bytes = axum::body::to_bytes(response.into_body(), 1 << 20)
        .await
        .unwrap();
    String::from_utf8(bytes.to_vec()).unwrap()
}

fn header_of(response: &Response<Body>, name: header::HeaderName) -> &str {
    response
        .headers()
        .get(name)
        .map_or("", |v| v.to_str().unwrap())
}

#[tokio::test]
async fn sign_in_see_the_home_page_and_sign_out() {
    let (app, _db) = app(WebConfig::default()).await;

    let response = app.clone().oneshot(get("/", None)).await.unwrap();
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    assert_eq!(header_of(&response, header::LOCATION), "/login");

    let response = app.clone().oneshot(get("/login", None)).await.unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(
        header_of(&response, header::CONTENT_SECURITY_POLICY),
        CONTENT_SECURITY_POLICY
    );
    assert!(!CONTENT_SECURITY_POLICY.contains("unsafe-inline"));
    assert_eq!(
        header_of(&response, header::X_CONTENT_TYPE_OPTIONS),
        "nosniff"
    );
    assert_eq!(header_of(&response, header::X_FRAME_OPTIONS), "DENY");
    let html = text(response).await;
    assert!(
        html.contains("Đăng nhập") && !html.contains("<script"),
        "{html}"
    );

    let response = sign_in(&app).await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    let cookie = header_of(&response, header::SET_COOKIE).to_owned();
    assert!(
        cookie.starts_with("thads_session=")
            && cookie.ends_with("; Path=/; HttpOnly; SameSite=Strict"),
        "{cookie}"
    );
    let session = cookie.split(';').next().unwrap().to_owned();

    let response = app.clone().oneshot(get("/", Some(&session))).await.unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    let html = text(response).await;
    assert!(
        html.contains("lanh.dao")
            && html.contains("Lãnh đạo")
            && html.contains("Tổng quan năm thống kê"),
        "{html}"
    );

    // A forged sign-out from another site is refused, and changes nothing.
    let response = app
        .clone()
        .oneshot(post("/logout", String::new(), "cross-site", Some(&session)))
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::FORBIDDEN);
    let response = app.clone().oneshot(get("/", Some(&session))).await.unwrap();
    assert_eq!(response.status(), StatusCode::OK);

    let response = app
        .clone()
        .oneshot(post(
            "/logout",
            String::new(),
            "same-origin",
            Some(&session),
        ))
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    assert!(header_of(&response, header::SET_COOKIE).contains("Max-Age=0"));
    let response = app.clone().oneshot(get("/", Some(&session))).await.unwrap();
    assert_eq!(header_of(&response, header::LOCATION), "/login");
}

#[tokio::test]
async fn wrong_and_throttled_sign_ins_are_told_in_vietnamese() {
    let (app, _db) = app(WebConfig::default()).await;
    // A forged sign-in from another site does not even count.
    let response = app
        .clone()
        .oneshot(post(
            "/login",
            form("lanh.dao", PASSWORD),
            "cross-site",
            None,
        ))
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::FORBIDDEN);

    for _ in 0..5 {
        let response = app
            .clone()
            .oneshot(post(
                "/login",
                form("lanh.dao", "sai rồi"),
                "same-origin",
                None,
            ))
            .await
            .unwrap();
        assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
        let html = text(response).await;
        assert!(
            html.contains("Tên đăng nhập hoặc mật khẩu không đúng"),
            "{html}"
        );
        // What was typed stays, except the password.
        assert!(
            html.contains(r#"value="lanh.dao""#) && !html.contains("sai rồi"),
            "{html}"
        );
    }
    let response = sign_in(&app).await;
    assert_eq!(response.status(), StatusCode::TOO_MANY_REQUESTS);
    assert!(
        text(response)
            .await
            .contains("đã đăng nhập sai quá nhiều lần. Hãy thử lại sau 15 phút")
    );
}

#[tokio::test]
async fn behind_tls_the_cookie_is_secure_and_hsts_is_sent() {
    let (app, _db) = app(WebConfig {
        behind_tls: true,
        ..WebConfig::default()
    })
    .await;
    let response = sign_in(&app).await;
    let cookie = header_of(&response, header::SET_COOKIE);
    assert!(
        cookie.starts_with("__Host-thads_session=") && cookie.ends_with("; Secure"),
        "{cookie}"
    );
    assert!(header_of(&response, header::STRICT_TRANSPORT_SECURITY).starts_with("max-age="));
}

/// While the database does not answer (its host died; a failover under
/// way), a page says so and to try again, with 503 and `Retry-After`: not a
/// system error.
#[tokio::test]
async fn while_the_database_does_not_answer_a_page_says_to_try_again() {
    let db = TestDatabase::migrated();
    if db.backend == thads_service::Backend::Sqlite {
        return; // a file, always there
    }
    let host = thads_testdb::PgHost::start(&db, false).await;
    let url = db.url_with_hosts(&[&host.address], "sslmode=disable");
    let thads = Thads::open(&url, db.key()).await.unwrap();
    let app = with_leader(thads, WebConfig::default()).await;
    let signed_in = sign_in(&app).await;
    let cookie = header_of(&signed_in, header::SET_COOKIE)
        .split(';')
        .next()
        .unwrap()
        .to_owned();

    host.kill();
    let response = app.oneshot(get("/", Some(&cookie))).await.unwrap();
    assert_eq!(response.status(), StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(header_of(&response, header::RETRY_AFTER), "5");
    let html = text(response).await;
    assert!(
        html.contains("Cơ sở dữ liệu chưa trả lời") && html.contains("thử lại sau vài giây"),
        "{html}"
    );
}
