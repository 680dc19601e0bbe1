//! Every page rendered through HTTP for the roles that use it, on the
//! backend the run asks for: what each role sees and is refused, forms that
//! keep what was typed and say what is wrong, downloads equal to the
//! service's report, the import upload, and the English pages.

use axum::Router;
use axum::body::Body;
use axum::http::{Request, Response, StatusCode, header};
use thads_core::account::{AccountName, Role};
use thads_core::{AgencyCode, CaseCode, Day};
use thads_service::{Actor, ReportRequest, Thads, period_report, render};
use thads_testdb::{TestDatabase, test_data};
use thads_web::{WebConfig, router};
use tower::ServiceExt;

const PASSWORD: &str = "mưa rơi trên mái ngói cũ";

struct Site {
    app: Router,
    thads: Thads,
    _db: TestDatabase,
}

async fn site() -> Site {
    let db = TestDatabase::migrated();
    let thads = Thads::open(&db.url, db.key()).await.unwrap();
    let console = Actor::console("root", "may-chu-1");
    let sample = test_data("sample/sample-2000.jsonl");
    thads
        .import(&console, "sample", sample.as_bytes(), &mut |_| {})
        .await
        .unwrap();
    for (name, role, agency) in [
        ("chv.kv1", Role::Executor, Some("HN-KV1")),
        ("lanhdao.hn", Role::Leader, Some("HN")),
        ("bcd.hn", Role::Steering, Some("HN")),
        ("thongke", Role::Statistician, None),
        ("quantri", Role::Admin, None),
    ] {
        let agency = agency.map(|a| AgencyCode::parse(a).unwrap());
        thads
            .add_account(
                &console,
                &AccountName::parse(name).unwrap(),
                role,
                agency.as_ref(),
                PASSWORD,
            )
            .await
            .unwrap();
    }
    Site {
        app: router(thads.clone(), WebConfig::default()),
        thads,
        _db: db,
    }
}

fn request(method: &str, path: &str, cookie: &str) -> axum::http::request::Builder {
    Request::builder()
        .method(method)
        .uri(path)
        .header(header::HOST, "thads.example")
        .header("sec-fetch-site", "same-origin")
        .header(header::COOKIE, cookie)
}

fn encode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'a'..=b'z' | b'A'..=b'Z' | b'0'..=b'9' | b'.' | b'-' | b'_' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

fn form(fields: &[(&str, &str)]) -> String {
    fields
        .iter()
        .map(|(k, v)| format!("{k}={}", encode(v)))
        .collect::<Vec<_>>()
        .join("&")
}

async fn body(response: Response<Body>) -> String {
    let bytes = axum::body::to_bytes(response.into_body(), 1 << 24)
        .await
        .unwrap();
    String::from_utf8(bytes.to_vec()).unwrap()
}

impl Site {
    async fn sign_in(&self, name: &str) -> String {
        let response = self
            .app
            .clone()
            .oneshot(
                request("POST", "/login", "")
                    .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
                    .body(Body::from(form(&[("name", name), ("password", PASSWORD)])))
                    .unwrap(),
            )
            .await
            .unwrap();
        assert_eq!(response.status(), StatusCode::SEE_OTHER, "{name}");
        let cookie = response.headers()[header::SET_COOKIE].to_str().unwrap();
        cookie.split(';').next().unwrap().to_owned()
    }

    async fn get(&self, cookie: &str, path: &str) -> (StatusCode, String) {
        let response = self
            .app
            .clone()
            .oneshot(request("GET", path, cookie).body(Body::empty()).unwrap())
            .await
            .unwrap();
        (response.status(), body(response).await)
    }

    /// A file downloaded: the response, its body still unread.
    async fn download(&self, cookie: &str, path: &str) -> Response<Body> {
        self.app
            .clone()
            .oneshot(request("GET", path, cookie).body(Body::empty()).unwrap())
            .await
            .unwrap()
    }

    async fn post(&self, cookie: &str, path: &str, fields: &[(&str, &str)]) -> Response<Body> {
        self.app
            .clone()
            .oneshot(
                request("POST", path, cookie)
                    .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
                    .body(Body::from(form(fields)))
                    .unwrap(),
            )
            .await
            .unwrap()
    }

    /// A case of HN-KV1 that is open and owes money.
    async fn open_case_of_kv1(&self) -> String {
        let view = self.thads.view().await.unwrap();
        let query = thads_service::CaseQuery {
            agency: Some(AgencyCode::parse("HN-KV1").unwrap()),
            status: Some(thads_core::Status::Enforcing),
            min_amount: Some(thads_core::Vnd(1_000)),
            ..Default::default()
        };
        let console = Actor::console("root", "may-chu-1");
        view.cases(&console, &query).unwrap().rows[0].code.clone()
    }
}

fn case_path(code: &str) -> String {
    format!("/cases/{code}")
}

#[tokio::test]
async fn every_page_renders_for_the_roles_that_use_it() {
    let site = site().await;
    let case = site.open_case_of_kv1().await;
    let executor = site.sign_in("chv.kv1").await;
    let leader = site.sign_in("lanhdao.hn").await;
    let steering = site.sign_in("bcd.hn").await;
    let statistician = site.sign_in("thongke").await;

    for cookie in [&executor, &leader, &steering, &statistician] {
        let (status, html) = site.get(cookie, "/").await;
        assert_eq!(status, StatusCode::OK);
        assert!(html.contains("Tổng quan năm thống kê") && html.contains("<svg class=\"chart\""));
        let (status, html) = site.get(cookie, "/reports?year=2025&period=12m").await;
        assert_eq!(status, StatusCode::OK);
        assert!(
            html.contains("Biểu 1") && html.contains("Tổng cộng"),
            "{html}"
        );
        let (status, _) = site.get(cookie, "/targets").await;
        assert_eq!(status, StatusCode::OK);
    }
    // The committee's dossier: its members, leaders and statisticians read
    // it, as a page and as a .docx; an executor does not.
    for cookie in [&leader, &steering, &statistician] {
        let (status, html) = site.get(cookie, "/committee/dossier?agency=HN").await;
        assert_eq!(status, StatusCode::OK);
        assert!(
            html.contains("Hồ sơ phiên họp Ban Chỉ đạo") && html.contains("id=\"categories\""),
            "{html}"
        );
    }
    let response = site
        .download(
            &steering,
            "/committee/dossier?agency=HN&from=2024-10-01&to=2025-09-30&format=docx",
        )
        .await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(
        response.headers()[header::CONTENT_TYPE],
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    );
    let docx = axum::body::to_bytes(response.into_body(), 1 << 24)
        .await
        .unwrap();
    assert!(docx.starts_with(b"PK"), "a .docx is a zip");
    assert_eq!(
        site.get(&executor, "/committee/dossier?agency=HN").await.0,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        site.get(&executor, "/committee").await.0,
        StatusCode::FORBIDDEN
    );
    let (status, html) = site.get(&leader, "/committee").await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        html.contains("id=\"meeting-form\""),
        "the secretariat calls meetings"
    );
    let (status, html) = site.get(&steering, "/committee").await;
    assert_eq!(status, StatusCode::OK);
    assert!(!html.contains("id=\"meeting-form\""), "members do not");
    assert!(
        html.contains("id=\"members\"") && !html.contains("id=\"member-form\""),
        "members see the committee's roll, and do not change it"
    );

    // The national statistician's dashboard has a row per province.
    let (_, html) = site.get(&statistician, "/").await;
    assert!(html.contains("id=\"by-office\"") && html.contains("Thi hành án dân sự HN"));

    // Cases: the executor sees its office's, with forms; the leader sees
    // them without forms; the steering committee sees none.
    let (status, html) = site.get(&executor, "/cases").await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("id=\"cases\"") && html.contains("HN-KV1"));
    let (status, html) = site.get(&executor, &case_path(&case)).await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("id=\"record-collected\"") && html.contains("id=\"owed\""));
    assert!(
        !html.contains("id=\"record-able\""),
        "only the events the state allows"
    );
    let (status, html) = site.get(&leader, &case_path(&case)).await;
    assert_eq!(status, StatusCode::OK);
    assert!(!html.contains("id=\"record-"));
    assert_eq!(site.get(&steering, "/cases").await.0, StatusCode::FORBIDDEN);
    assert_eq!(
        site.get(&steering, &case_path(&case)).await.0,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        site.get(&statistician, "/cases?agency=HN").await.0,
        StatusCode::OK
    );

    // Accepting and importing are the executor's.
    let (status, html) = site.get(&executor, "/cases/new").await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("id=\"accept-form\""));
    assert_eq!(
        site.get(&leader, "/cases/new").await.0,
        StatusCode::FORBIDDEN
    );
    let (status, html) = site.get(&executor, "/import").await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("enctype=\"multipart/form-data\""));

    // Targets are set by leaders only.
    let (_, html) = site.get(&leader, "/targets").await;
    assert!(html.contains("id=\"target-HN-KV1\""));
    let (_, html) = site.get(&statistician, "/targets").await;
    assert!(!html.contains("id=\"target-"));

    // Unknown pages, cases and agencies.
    assert_eq!(
        site.get(&executor, "/nowhere").await.0,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        site.get(&executor, "/cases/HN/1999/0").await.0,
        StatusCode::NOT_FOUND
    );
    let (status, html) = site.get(&leader, "/reports?agency=SL").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert!(html.contains("SL"));
    // Signed out, every page sends to the sign-in page.
    assert_eq!(site.get("", "/cases").await.0, StatusCode::SEE_OTHER);
}

#[tokio::test]
async fn downloads_are_the_services_report() {
    let site = site().await;
    let leader = site.sign_in("lanhdao.hn").await;
    let query = "/reports?year=2025&period=6m&category=credit_institution";
    let snapshot = site.thads.snapshot().await.unwrap();
    let console = Actor::console("root", "may-chu-1");
    let asked = ReportRequest {
        agency: Some(AgencyCode::parse("HN").unwrap()),
        category: Some(thads_core::Category::CreditInstitution),
        by_agency: true,
        ..ReportRequest::period(
            "2024-10-01".parse::<Day>().unwrap(),
            "2025-03-31".parse::<Day>().unwrap(),
        )
    };
    let expected = period_report(&snapshot, &console, asked.clone()).unwrap();
    let (status, csv) = site.get(&leader, &format!("{query}&format=csv")).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(csv, render::csv(&expected));
    let (status, json) = site.get(&leader, &format!("{query}&format=json")).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(json, render::json(&expected));
    let response = site
        .app
        .clone()
        .oneshot(
            request("GET", &format!("{query}&format=xlsx"), &leader)
                .body(Body::empty())
                .unwrap(),
        )
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(
        response.headers()[header::CONTENT_TYPE],
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    );
    let bytes = axum::body::to_bytes(response.into_body(), 1 << 24)
        .await
        .unwrap();
    let book = ReportRequest {
        by_category: true,
        by_executor: true,
        ..asked.clone()
    };
    let book = period_report(&snapshot, &console, book).unwrap();
    // The same sheets and cells (the files differ in their creation time),
    // Forms 6 and 7 of the same period and scope last.
    let form6 = site
        .thads
        .form6(&console, asked.agency.as_ref(), asked.from, asked.to)
        .await
        .unwrap();
    let form7 = site
        .thads
        .form7(&console, asked.agency.as_ref(), asked.from, asked.to)
        .await
        .unwrap();
    let annexes = render::Annexes {
        form6: Some(&form6),
        form7: Some(&form7),
    };
    let sheets = cells(&bytes);
    assert_eq!(sheets, cells(&render::xlsx_with(&book, annexes).unwrap()));
    assert_eq!(sheets.last().unwrap().0, "Biểu 7 - Bảo đảm, cưỡng chế");
    assert_eq!(
        sheets.len(),
        cells(&render::xlsx(&book).unwrap()).len() + 2,
        "{:?}",
        sheets.iter().map(|(name, _)| name).collect::<Vec<_>>()
    );
    let (status, print) = site.get(&leader, &format!("{query}&format=print")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        print.contains("class=\"print-sheet\"") && print.contains("Liên quan tổ chức tín dụng")
    );
    assert!(!print.contains("class=\"filters\""));
    // Custom dates that end before they start.
    let (status, html) = site
        .get(
            &leader,
            "/reports?period=custom&from=2025-05-01&to=2025-04-01",
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(html.contains("phải sau ngày bắt đầu"));
}

#[tokio::test]
async fn forms_keep_what_was_typed_and_say_what_is_wrong() {
    let site = site().await;
    let executor = site.sign_in("chv.kv1").await;
    let accept = [
        ("code", "HN-KV1/2026/T1"),
        ("agency", "HN-KV1"),
        ("on", "2026-01-05"),
        ("mode", "on_request"),
        ("amount", "150,5"),
        ("decision", "88/QĐ-CCTHADS"),
        ("judgment", "5/2026/DS-ST"),
        ("debtor_name", "Phạm Thị Ngọc Ánh"),
        ("debtor_id", "0011900"),
        ("creditor_name", ""),
    ];
    let response = site.post(&executor, "/cases/new", &accept).await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = body(response).await;
    assert!(html.contains("value=\"150,5\"") && html.contains("value=\"Phạm Thị Ngọc Ánh\""));
    assert!(html.contains("Số tiền phải là số đồng nguyên"));
    assert!(html.contains("Số CCCD gồm 12 chữ số"));
    assert!(html.contains("Không được để trống"));
    let mut fixed = accept.to_vec();
    fixed.retain(|(k, _)| !["amount", "debtor_id", "creditor_name"].contains(k));
    fixed.extend([
        ("amount", "150.000.000"),
        ("debtor_id", "001190012345"),
        ("creditor_name", "Ngân sách nhà nước"),
        ("judgment_kind", "civil"),
    ]);
    // A kind of state-budget collection on a case not for the state budget.
    let mut budget = fixed.clone();
    budget.push(("budget_item", "fine"));
    let response = site.post(&executor, "/cases/new", &budget).await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = body(response).await;
    assert!(html.contains("Chỉ việc thu cho ngân sách nhà nước mới ghi loại khoản thu"));
    assert!(html.contains("<option value=\"civil\" selected>"));
    let response = site.post(&executor, "/cases/new", &fixed).await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    // The kind of judgment is the case's.
    let snapshot = site.thads.snapshot().await.unwrap();
    let console = Actor::console("root", "may-chu-1");
    let code = CaseCode::parse("HN-KV1/2026/T1").unwrap();
    let file = site
        .thads
        .case_file(&snapshot, &console, &code)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        file.acceptance.judgment_kind,
        Some(thads_core::JudgmentKind::Civil)
    );
    assert_eq!(
        response.headers()[header::LOCATION],
        "/cases/HN-KV1/2026/T1"
    );
    // The same code again.
    let html = body(site.post(&executor, "/cases/new", &fixed).await).await;
    assert!(html.contains("Mã việc này đã được thụ lý"));
    // Another office's agency is not within reach.
    let mut elsewhere = fixed.clone();
    elsewhere.retain(|(k, _)| !["agency", "code"].contains(k));
    elsewhere.extend([("agency", "HN-KV2"), ("code", "HN-KV2/2026/T1")]);
    let html = body(site.post(&executor, "/cases/new", &elsewhere).await).await;
    assert!(html.contains("Không có đơn vị này trong phạm vi"));

    // Events: dated before the last one, more than owed, a stale version.
    let path = "/cases/HN-KV1/2026/T1";
    let early = [
        ("kind", "collected"),
        ("version", "1"),
        ("on", "2026-01-01"),
        ("amount", "1.000"),
    ];
    let response = site.post(&executor, path, &early).await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = body(response).await;
    assert!(
        html.contains("trước diễn biến gần nhất của việc (05/01/2026)"),
        "{html}"
    );
    assert!(html.contains("value=\"2026-01-01\""));
    let much = [
        ("kind", "collected"),
        ("version", "1"),
        ("on", "2026-02-01"),
        ("amount", "200.000.000"),
    ];
    let html = body(site.post(&executor, path, &much).await).await;
    assert!(html.contains("lớn hơn số còn phải thi hành (150.000.000 đ)"));
    let right = [
        ("kind", "collected"),
        ("version", "1"),
        ("on", "2026-02-01"),
        ("amount", "50.000.000"),
    ];
    assert_eq!(
        site.post(&executor, path, &right).await.status(),
        StatusCode::SEE_OTHER
    );
    let response = site.post(&executor, path, &right).await;
    assert_eq!(response.status(), StatusCode::CONFLICT);
    assert!(
        body(response)
            .await
            .contains("vừa được người khác cập nhật")
    );
    let file = site
        .thads
        .case_file(
            &site.thads.snapshot().await.unwrap(),
            &Actor::console("root", "m"),
            &CaseCode::parse("HN-KV1/2026/T1").unwrap(),
        )
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        file.state.owed,
        thads_core::Vnd(100_000_000),
        "one collection, not two"
    );

    // Targets: a rate as typed, refused above 100 %.
    let leader = site.sign_in("lanhdao.hn").await;
    let target = |cases: &'static str| {
        [
            ("year", "2027"),
            ("agency", "HN-KV1"),
            ("cases", cases),
            ("money", "59,61"),
        ]
    };
    let response = site.post(&leader, "/targets", &target("nhiều")).await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = body(response).await;
    assert!(html.contains("value=\"nhiều\"") && html.contains("Chỉ tiêu là một tỷ lệ phần trăm"));
    let html = body(site.post(&leader, "/targets", &target("120")).await).await;
    assert!(html.contains("không vượt quá 100%"));
    let response = site.post(&leader, "/targets", &target("84,41")).await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    let (_, html) = site.get(&leader, "/targets?year=2027").await;
    assert!(html.contains("value=\"84,41\"") && html.contains("value=\"59,61\""));
    let executor_target = site.post(&executor, "/targets", &target("84")).await;
    assert_eq!(executor_target.status(), StatusCode::FORBIDDEN);
}

fn multipart(file: &str, content: &[u8]) -> (String, Vec<u8>) {
    let boundary = "thads-test-boundary";
    let mut body = format!(
        "--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{file}\"\r\nContent-Type: application/octet-stream\r\n\r\n"
    )
    .into_bytes();
    body.extend_from_slice(content);
    body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
    (format!("multipart/form-data; boundary={boundary}"), body)
}

impl Site {
    /// Uploads a file to the import page: the preview.
    async fn upload(&self, cookie: &str, file: &str, content: &[u8]) -> (StatusCode, String) {
        let (content_type, body) = multipart(file, content);
        let request = request("POST", "/import", cookie)
            .header(header::CONTENT_TYPE, content_type)
            .body(Body::from(body))
            .unwrap();
        let response = self.app.clone().oneshot(request).await.unwrap();
        (response.status(), self::body(response).await)
    }

    async fn case_count(&self) -> usize {
        let view = self.thads.view().await.unwrap();
        view.case_count()
    }
}

/// The token of a preview's confirmation form.
fn confirmation_token(html: &str) -> String {
    let form = &html[html
        .find("id=\"import-confirm\"")
        .expect("a confirmation form")..];
    let value = &form[form.find("name=\"token\" value=\"").unwrap() + 20..];
    value[..value.find('"').unwrap()].to_owned()
}

#[tokio::test]
async fn an_upload_is_previewed_then_imported_whole_or_not_at_all() {
    let site = site().await;
    let executor = site.sign_in("chv.kv1").await;
    let leader = site.sign_in("lanhdao.hn").await;
    let accepted = r#"{"type":"accepted","case":"HN-KV1/UP/1","on":"2026-01-10","agency":"HN-KV1","mode":"on_request","amount":10000000,"categories":[],"decision":"1/QĐ","judgment":"2/2025/DS-ST","debtor":{"name":"Giàng A Páo"},"creditor":{"name":"Sùng Thị Mai"}}"#;
    let too_much =
        r#"{"type":"collected","case":"HN-KV1/UP/1","on":"2026-02-01","amount":20000000}"#;
    let before = site.case_count().await;

    // A file with a fault: listed by line, no confirmation offered.
    let (status, html) = site
        .upload(
            &executor,
            "so-thu-ly.jsonl",
            format!("{accepted}\n{too_much}\n").as_bytes(),
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        html.contains("có 1 lỗi")
            && html.contains(
                "Dòng 2: việc HN-KV1/UP/1: “Thu được tiền, tài sản” 20.000.000 đ nhưng chỉ còn phải thi hành 10.000.000 đ"
            ),
        "{html}"
    );
    assert!(!html.contains("id=\"import-confirm\""));
    assert_eq!(site.case_count().await, before);

    // A valid file: previewed, nothing stored until confirmed.
    let (status, html) = site
        .upload(
            &executor,
            "so-thu-ly.jsonl",
            format!("{accepted}\n").as_bytes(),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        html.contains("Tệp so-thu-ly.jsonl có 1 việc") && html.contains("Giàng A Páo"),
        "{html}"
    );
    assert_eq!(site.case_count().await, before);
    let token = confirmation_token(&html);
    // Another account cannot confirm it.
    let stolen = site
        .post(&leader, "/import/confirm", &[("token", &token)])
        .await;
    assert_eq!(stolen.status(), StatusCode::BAD_REQUEST);
    assert_eq!(site.case_count().await, before);
    let response = site
        .post(&executor, "/import/confirm", &[("token", &token)])
        .await;
    assert_eq!(response.status(), StatusCode::OK);
    assert!(
        body(response)
            .await
            .contains("Đã nhập tệp so-thu-ly.jsonl: 1 việc mới")
    );
    assert_eq!(site.case_count().await, before + 1);
    // A token serves once.
    let again = site
        .post(&executor, "/import/confirm", &[("token", &token)])
        .await;
    assert_eq!(again.status(), StatusCode::BAD_REQUEST);
    assert_eq!(site.case_count().await, before + 1);
    let log = site
        .thads
        .audit_log(&Actor::console("root", "m"), Some("chv.kv1"), None)
        .await
        .unwrap();
    assert!(log.iter().any(|r| r.entry.action == "import" && r.entry.subject == "web upload: so-thu-ly.jsonl"));
}

#[tokio::test]
async fn a_register_workbook_is_previewed_by_row_and_imported() {
    use thads_service::register::{RegisterBook, sheet};
    let site = site().await;
    let executor = site.sign_in("chv.kv1").await;

    // The template downloads, in both formats.
    for (path, kind) in [
        ("/import/template.xlsx", "spreadsheetml"),
        ("/import/template.csv", "text/csv"),
    ] {
        let response = site
            .app
            .clone()
            .oneshot(request("GET", path, &executor).body(Body::empty()).unwrap())
            .await
            .unwrap();
        assert_eq!(response.status(), StatusCode::OK, "{path}");
        let content_type = response.headers()[header::CONTENT_TYPE].to_str().unwrap();
        assert!(content_type.contains(kind), "{path}: {content_type}");
    }

    // Two of HN-KV1's cases as a register, under new codes.
    let console = Actor::console("root", "may-chu-1");
    let day = Day::from_ymd(2025, 6, 30).unwrap();
    let mut book = site.thads.register(&console, None, day).await.unwrap();
    book.rows
        .retain(|r| r.acceptance.agency.as_str() == "HN-KV1");
    book.rows.truncate(2);
    for (i, row) in book.rows.iter_mut().enumerate() {
        row.code = CaseCode::parse(&format!("HN-KV1/SO/{i}")).unwrap();
    }
    let book = RegisterBook {
        agencies: Vec::new(),
        rows: book.rows,
    };
    let before = site.case_count().await;
    let mut bad = book.clone();
    bad.rows[1].accepted_on = Day::from_ymd(2030, 1, 1).unwrap();
    let (status, html) = site
        .upload(&executor, "so.xlsx", &sheet::write_xlsx(&bad).unwrap())
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(html.contains("Dòng 3, cột “"), "{html}");
    // In Vietnamese, as the page is.
    assert!(html.contains("trước ngày thụ lý (01/01/2030)"), "{html}");

    let (status, html) = site
        .upload(&executor, "so.xlsx", &sheet::write_xlsx(&book).unwrap())
        .await;
    assert_eq!(status, StatusCode::OK, "{html}");
    assert!(html.contains("Tệp so.xlsx có 2 việc"), "{html}");
    assert!(html.contains("HN-KV1/SO/1"));
    let token = confirmation_token(&html);
    let response = site
        .post(&executor, "/import/confirm", &[("token", &token)])
        .await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(site.case_count().await, before + 2);
}

#[tokio::test]
async fn the_pages_speak_english_when_asked() {
    let site = site().await;
    let leader = site.sign_in("lanhdao.hn").await;
    let response = site
        .app
        .clone()
        .oneshot(
            request("GET", "/lang/en?back=/cases", &leader)
                .body(Body::empty())
                .unwrap(),
        )
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    assert_eq!(response.headers()[header::LOCATION], "/cases");
    let set = response.headers()[header::SET_COOKIE].to_str().unwrap();
    assert!(set.starts_with("thads_lang=en;"), "{set}");
    let both = format!("{leader}; thads_lang=en");
    let (_, html) = site.get(&both, "/cases").await;
    assert!(html.contains("<html lang=\"en\">") && html.contains("<h1>Cases</h1>"));
    let (_, html) = site.get(&both, "/").await;
    assert!(html.contains("Rate in cases") && html.contains("billion đồng"));
    // Away from this site, the switch comes back home: browsers read a
    // backslash, or a tab or line break among slashes, as another host.
    for back in [
        "//evil.example",
        "/%5Cevil.example",
        "/%5C/evil.example",
        "/%09/evil.example",
        "/%0A/evil.example",
        "https://evil.example",
        "evil.example",
    ] {
        let response = site
            .app
            .clone()
            .oneshot(
                request("GET", &format!("/lang/vi?back={back}"), &leader)
                    .body(Body::empty())
                    .unwrap(),
            )
            .await
            .unwrap();
        assert_eq!(response.headers()[header::LOCATION], "/", "back={back}");
    }
}

#[tokio::test]
async fn the_public_list_of_debtors_without_means() {
    let site = site().await;
    let executor = site.sign_in("chv.kv1").await;
    let (status, html) = site.get(&executor, "/debtors?as_of=31/03/2025").await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("id=\"debtor-count\"") && html.contains("tính đến ngày 31/03/2025"));
    let list = site
        .thads
        .debtors_without_means(
            &site.thads.snapshot().await.unwrap(),
            &Actor::console("root", "m"),
            Some(&AgencyCode::parse("HN-KV1").unwrap()),
            "2025-03-31".parse::<Day>().unwrap(),
        )
        .await
        .unwrap();
    assert!(!list.debtors.is_empty());
    let (status, csv) = site
        .get(&executor, "/debtors?as_of=31/03/2025&format=csv")
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(csv, render::debtors_csv(&list));
    let (status, html) = site.get(&executor, "/debtors?as_of=hôm+qua").await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(html.contains("Ngày không hợp lệ"));
    let steering = site.sign_in("bcd.hn").await;
    assert_eq!(
        site.get(&steering, "/debtors").await.0,
        StatusCode::FORBIDDEN
    );
}

/// Every sheet of a workbook, by name, with its cells, as an independent
/// reader (calamine) sees them.
fn cells(xlsx: &[u8]) -> Vec<(String, Vec<Vec<String>>)> {
    use calamine::{Reader, Xlsx, open_workbook_from_rs};
    let mut book: Xlsx<_> = open_workbook_from_rs(std::io::Cursor::new(xlsx)).unwrap();
    let names = book.sheet_names();
    assert!(!names.is_empty(), "a workbook with sheets");
    names
        .into_iter()
        .map(|name| {
            let range = book.worksheet_range(&name).unwrap();
            let rows = range
                .rows()
                .map(|row| row.iter().map(ToString::to_string).collect())
                .collect();
            (name, rows)
        })
        .collect()
}

/// The calendar page: every account reads the year's days off; only the
/// national administrator records a decision, which then shows there and
/// moves the deadlines; a decision without its reason is sent back.
#[tokio::test]
async fn the_calendar_page_shows_the_year_and_takes_the_administrators_decisions() {
    let site = site().await;
    let leader = site.sign_in("lanhdao.hn").await;
    let (status, html) = site.get(&leader, "/calendar?year=2026").await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        html.contains("16/02/2026") && html.contains("Tết Âm lịch"),
        "{html}"
    );
    assert!(html.contains("Nghỉ bù cho ngày 26/04/2026"), "{html}");
    assert!(
        !html.contains("id=\"calendar-set\""),
        "no form for a leader"
    );
    let refused = site
        .post(
            &leader,
            "/calendar",
            &[("date", "11/05/2027"), ("kind", "off"), ("reason", "x")],
        )
        .await;
    assert_eq!(refused.status(), StatusCode::FORBIDDEN);

    let (status, _) = site.get(&leader, "/calendar?year=30000").await;
    assert_eq!(
        status,
        StatusCode::BAD_REQUEST,
        "a year the calendar does not compute"
    );

    let admin = site.sign_in("quantri").await;
    let far = site
        .post(
            &admin,
            "/calendar",
            &[("date", "01/01/3000"), ("kind", "off"), ("reason", "x")],
        )
        .await;
    assert_eq!(far.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let (_, html) = site.get(&admin, "/calendar?year=2027").await;
    assert!(html.contains("id=\"calendar-set\""));
    let unreasoned = site
        .post(
            &admin,
            "/calendar",
            &[("date", "11/05/2027"), ("kind", "off"), ("reason", " ")],
        )
        .await;
    assert_eq!(unreasoned.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(body(unreasoned).await.contains("Hãy ghi lý do"));
    let control = site
        .post(
            &admin,
            "/calendar",
            &[
                ("date", "11/05/2027"),
                ("kind", "off"),
                ("reason", "a\u{0}b"),
            ],
        )
        .await;
    assert_eq!(control.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let saved = site
        .post(
            &admin,
            "/calendar",
            &[
                ("date", "11/05/2027"),
                ("kind", "off"),
                ("reason", "Quyết định nghỉ thử"),
            ],
        )
        .await;
    assert_eq!(saved.status(), StatusCode::SEE_OTHER);
    let (_, html) = site.get(&leader, "/calendar?year=2027").await;
    assert!(
        html.contains("11/05/2027") && html.contains("Quyết định nghỉ thử"),
        "{html}"
    );
    let calendar = site.thads.calendar().await.unwrap();
    assert!(!calendar.is_working("2027-05-11".parse().unwrap()));
}

/// The committee's registers: the secretariat launches a campaign,
/// registers a directive and flags a complex case through the forms; the
/// members read them; the plan's step is in the executors' to-do list.
#[tokio::test]
async fn the_committees_campaigns_directives_and_complex_cases_are_pages() {
    let site = site().await;
    let console = Actor::console("root", "may-chu-1");
    let executor_line =
        r#"{"type":"executor","code":"HN-KV1-CHV9","name":"Đỗ Thị Chín","agency":"HN-KV1"}"#;
    site.thads
        .import(&console, "executor", executor_line.as_bytes(), &mut |_| {})
        .await
        .unwrap();
    let leader = site.sign_in("lanhdao.hn").await;
    let steering = site.sign_in("bcd.hn").await;
    let executor = site.sign_in("chv.kv1").await;

    // A campaign, launched through the form; a bad amount keeps the form.
    let (status, html) = site.get(&leader, "/committee/campaigns").await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("id=\"campaign-form\""), "{html}");
    let fields = |target_money: &'static str| {
        vec![
            ("agency", "HN"),
            ("name", "Đợt cao điểm năm 2025"),
            ("from", "01/10/2024"),
            ("to", "30/09/2025"),
            ("agencies", "HN-KV1"),
            ("cases", ""),
            ("category", ""),
            ("min_owed", ""),
            ("target_cases", "100"),
            ("target_money", target_money),
        ]
    };
    let refused = site
        .post(&leader, "/committee/campaigns", &fields("năm tỷ"))
        .await;
    assert_eq!(refused.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = body(refused).await;
    assert!(
        html.contains("Đợt cao điểm năm 2025"),
        "the form keeps what was typed"
    );
    let launched = site
        .post(&leader, "/committee/campaigns", &fields("10.000.000.000"))
        .await;
    assert_eq!(launched.status(), StatusCode::SEE_OTHER);
    assert_eq!(
        launched.headers()[header::LOCATION],
        "/committee/campaigns/HN/CD/1"
    );
    let (status, html) = site.get(&steering, "/committee/campaigns/HN/CD/1").await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("id=\"progress-cases\""), "{html}");
    let (status, json) = site
        .get(&steering, "/committee/campaigns/HN/CD/1?format=json")
        .await;
    assert_eq!(status, StatusCode::OK);
    let results: serde_json::Value = serde_json::from_str(&json).unwrap();
    let view = site.thads.view().await.unwrap();
    let code = thads_core::coordination::Code::parse("HN/CD/1").unwrap();
    let expected = site
        .thads
        .campaign_in_view(&view, &console, &code, thads_service::today_in_vietnam())
        .await
        .unwrap();
    assert_eq!(results["total"]["completed"], expected.total.completed);
    assert!(expected.total.selected > 0);
    assert_eq!(
        results["by_agency"].as_array().unwrap().len(),
        1,
        "only HN-KV1 takes part"
    );
    let (_, html) = site.get(&steering, "/committee/campaigns").await;
    assert!(
        !html.contains("id=\"campaign-form\""),
        "members do not launch"
    );
    assert_eq!(
        site.get(&executor, "/committee/campaigns").await.0,
        StatusCode::FORBIDDEN
    );

    // A directive with a task.
    let registered = site
        .post(
            &leader,
            "/committee/directives",
            &[
                ("action", "register"),
                ("agency", "HN"),
                ("number", "446-CV/TU"),
                ("on", "05/08/2025"),
                ("issuer", "Thành ủy Hà Nội"),
                ("summary", "Tăng cường lãnh đạo công tác thi hành án dân sự"),
            ],
        )
        .await;
    assert_eq!(registered.status(), StatusCode::SEE_OTHER);
    let task = site
        .post(
            &leader,
            "/committee/directives",
            &[
                ("action", "task"),
                ("directive", "HN/CT/1"),
                ("text", "Rà soát các việc tín dụng"),
                ("partner", ""),
                ("due", "31/12/2025"),
                ("expected", "Báo cáo"),
            ],
        )
        .await;
    assert_eq!(task.status(), StatusCode::SEE_OTHER);
    let (status, html) = site.get(&steering, "/committee/directives").await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("446-CV/TU") && html.contains("Rà soát các việc tín dụng"));
    assert!(!html.contains("id=\"directive-form\""));
    // The agency's leader reports on its task, back to the register.
    let reported = site
        .post(
            &leader,
            "/committee/tasks",
            &[
                ("task", "HN/CT/1/1"),
                ("text", "Đã rà soát 61 việc"),
                ("done", "1"),
                ("back", "/committee/directives"),
            ],
        )
        .await;
    assert_eq!(reported.status(), StatusCode::SEE_OTHER);
    assert_eq!(
        reported.headers()[header::LOCATION],
        "/committee/directives"
    );
    let (_, html) = site.get(&steering, "/committee/directives").await;
    assert!(html.contains("Đã rà soát 61 việc"), "{html}");

    // A complex case with a step for the new executor.
    let case = site.open_case_of_kv1().await;
    let flagged = site
        .post(
            &leader,
            "/committee/complex",
            &[
                ("action", "flag"),
                ("case", &case),
                ("reason", "Tài sản thế chấp là quyền sử dụng đất"),
                ("text-1", "Xác minh lại tài sản bảo đảm"),
                ("owner-1", "HN-KV1-CHV9"),
                ("due-1", "31/12/2030"),
            ],
        )
        .await;
    assert_eq!(flagged.status(), StatusCode::SEE_OTHER);
    let (status, html) = site.get(&steering, "/committee/complex").await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains(&case) && html.contains("Xác minh lại tài sản bảo đảm"));
    let (status, html) = site.get(&executor, "/todo?executor=HN-KV1-CHV9").await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        html.contains("class=\"plan-step\">Xác minh lại tài sản bảo đảm"),
        "the plan's step is in its owner's to-do list"
    );
    let (_, html) = site.get(&steering, "/committee/dossier?agency=HN").await;
    assert!(html.contains("id=\"dossier-complex\"") && html.contains(&case));
    // A member raises an obstacle; the secretariat settles it.
    let (_, html) = site.get(&steering, "/committee").await;
    assert!(html.contains("id=\"obstacle-form\""), "{html}");
    let raised = site
        .post(
            &steering,
            "/committee/obstacles",
            &[
                ("action", "raise"),
                ("agency", "HN"),
                ("by", "Sở Tài nguyên và Môi trường"),
                ("partner", ""),
                ("text", "Chậm cung cấp hồ sơ địa chính"),
            ],
        )
        .await;
    assert_eq!(raised.status(), StatusCode::SEE_OTHER);
    let (_, html) = site.get(&leader, "/committee").await;
    assert!(html.contains("Chậm cung cấp hồ sơ địa chính") && html.contains("settle-form"));
    let settled = site
        .post(
            &leader,
            "/committee/obstacles",
            &[
                ("action", "settle"),
                ("obstacle", "HN/VM/1"),
                ("text", "Đã thống nhất quy trình"),
            ],
        )
        .await;
    assert_eq!(settled.status(), StatusCode::SEE_OTHER);
    let (_, html) = site.get(&steering, "/committee").await;
    assert!(html.contains("Đã thống nhất quy trình") && !html.contains("settle-form"));
    // The case's page says the committee follows it, with the plan.
    let (_, html) = site.get(&executor, &case_path(&case)).await;
    assert!(
        html.contains("id=\"complex\"") && html.contains("Xác minh lại tài sản bảo đảm"),
        "{html}"
    );
    // The office's executor sees the case whose step falls to its office.
    let (status, html) = site.get(&executor, "/committee/complex").await;
    assert_eq!(status, StatusCode::OK, "{html}");
    assert!(html.contains(&case));
}

#[tokio::test]
async fn the_closing_page_closes_a_province_and_the_reports_and_cases_say_so() {
    let site = site().await;
    let leader = site.sign_in("lanhdao.hn").await;
    let executor = site.sign_in("chv.kv1").await;

    // The reports page leads leaders to the closing page; an executor has
    // no link, no form, and a close it sends is refused.
    let (_, html) = site.get(&leader, "/reports").await;
    assert!(html.contains("href=\"/reports/close\""), "{html}");
    let (_, html) = site.get(&executor, "/reports").await;
    assert!(!html.contains("href=\"/reports/close\""));
    let (status, html) = site.get(&executor, "/reports/close").await;
    assert_eq!(status, StatusCode::OK);
    assert!(!html.contains("id=\"close-form\""));
    let refused = site
        .post(
            &executor,
            "/reports/close",
            &[("agency", "HN-KV1"), ("to", "2025-09-30")],
        )
        .await;
    assert_eq!(refused.status(), StatusCode::FORBIDDEN);

    // The leader's form offers the province and its offices, not the
    // whole store; a day that is not a month's end is refused in words.
    let (_, html) = site.get(&leader, "/reports/close").await;
    assert!(html.contains("id=\"close-form\""), "{html}");
    assert!(html.contains("<option value=\"HN\""));
    assert!(!html.contains("<option value=\"\""));
    assert!(html.contains("Chưa có kỳ nào được chốt"));
    let refused = site
        .post(
            &leader,
            "/reports/close",
            &[("agency", "HN"), ("to", "2025-09-29")],
        )
        .await;
    assert_eq!(refused.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(body(refused).await.contains("không phải ngày cuối tháng"));
    let closed = site
        .post(
            &leader,
            "/reports/close",
            &[("agency", "HN"), ("to", "2025-09-30")],
        )
        .await;
    assert_eq!(closed.status(), StatusCode::SEE_OTHER);
    let (_, html) = site.get(&leader, "/reports/close?done=1").await;
    assert!(html.contains("Đã chốt số liệu"), "{html}");
    assert!(html.contains("lanhdao.hn"));
    assert!(html.contains("30/09/2025"));

    // The year's report of the province says it is closed; the country's
    // (seen by the national statistician) is not.
    let query = "/reports?period=custom&from=01/10/2024&to=30/09/2025";
    let (_, html) = site.get(&leader, &format!("{query}&agency=HN")).await;
    assert!(
        html.contains("Số liệu đã chốt đến hết ngày 30/09/2025"),
        "{html}"
    );
    assert!(html.contains("người chốt: lanhdao.hn"));
    let statistician = site.sign_in("thongke").await;
    let (_, html) = site.get(&statistician, query).await;
    assert!(!html.contains("id=\"report-closed\""));
    // The same report by executor (forms 4 and 5): the sample assigns
    // none, so every case is on the row of cases held by none.
    let (_, html) = site
        .get(&leader, &format!("{query}&agency=HN&rows=executor"))
        .await;
    assert!(
        html.contains("<th rowspan=\"2\">Chấp hành viên (Biểu 4, 5)</th>"),
        "{html}"
    );
    assert!(html.contains("Chưa phân công Chấp hành viên"));
    // By kind of judgment, and only the cases on request: the sample says
    // no kind, so one row, of the cases that do not say.
    let (_, html) = site
        .get(
            &leader,
            &format!("{query}&agency=HN&rows=judgment_kind&mode=on_request"),
        )
        .await;
    assert!(
        html.contains("<th rowspan=\"2\">Loại bản án</th>"),
        "{html}"
    );
    assert!(html.contains("Không ghi"));
    assert!(html.contains("<option value=\"on_request\" selected>"));
    // The name lists: the cases being enforced at the year's end, shown
    // and downloaded as the register's workbook; the month's ended cases.
    let (status, html) = site
        .get(
            &leader,
            "/reports/lists?kind=enforcing&to=30/09/2025&agency=HN-KV1",
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        html.contains("Việc đang thi hành tại ngày 30/09/2025"),
        "{html}"
    );
    assert!(html.contains("id=\"list\""));
    let path = "/reports/lists?kind=enforcing&to=30/09/2025&agency=HN-KV1&format=xlsx";
    let response = site
        .app
        .clone()
        .oneshot(request("GET", path, &leader).body(Body::empty()).unwrap())
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(
        response.headers()[header::CONTENT_TYPE],
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    );
    let (_, html) = site
        .get(&leader, "/reports/lists?kind=ended&to=15/08/2025")
        .await;
    assert!(
        html.contains("Việc kết thúc thi hành án trong tháng 08/2025"),
        "{html}"
    );
    // The dashboard gives each category's share of what is still to
    // enforce.
    let (_, html) = site.get(&leader, "/").await;
    assert!(html.contains("Tỷ trọng số tiền"), "{html}");

    // The case page says, before anything is recorded, that an event dated
    // in the closed period counts in the current one; recorded, the
    // timeline shows the day it counts beside its date.
    let console = Actor::console("root", "may-chu-1");
    let snapshot = site.thads.snapshot().await.unwrap();
    let view = site.thads.view().await.unwrap();
    let open = thads_service::CaseQuery {
        agency: Some(AgencyCode::parse("HN-KV1").unwrap()),
        status: Some(thads_core::Status::Enforcing),
        ..Default::default()
    };
    let closed_day: Day = "2025-09-30".parse().unwrap();
    let mut quiet = None;
    for row in view.cases(&console, &open).unwrap().rows {
        let code = CaseCode::parse(&row.code).unwrap();
        let file = site
            .thads
            .case_file(&snapshot, &console, &code)
            .await
            .unwrap()
            .unwrap();
        let last = file.events.last().map_or(file.accepted_on, |(on, _)| *on);
        if last <= closed_day {
            quiet = Some((code, last, file.version));
            break;
        }
    }
    let (code, last, version) = quiet.expect("an open case of HN-KV1 quiet since the close");
    let (_, html) = site.get(&executor, &case_path(code.as_str())).await;
    assert!(html.contains("id=\"closed-notice\""), "{html}");
    assert!(html.contains("đã chốt đến hết ngày 30/09/2025"));
    let verified = thads_core::Event::Verified {
        means: true,
        note: None,
    };
    site.thads
        .record(&console, &code, last, verified, version)
        .await
        .unwrap();
    let (_, html) = site.get(&executor, &case_path(code.as_str())).await;
    assert!(html.contains("tính thống kê từ ngày 01/10/2025"), "{html}");
}

/// A case with several creditors and joint debtors: its page lists each
/// creditor with its share and rank, and each debtor.
#[tokio::test]
async fn the_case_page_lists_several_creditors_with_their_ranks_and_the_joint_debtors() {
    let site = site().await;
    let line = r#"{"type":"accepted","case":"HN-KV1/2026/0900","on":"2026-03-02","agency":"HN-KV1","mode":"on_request","amount":900000000,"categories":["credit_institution"],"decision":"900/QĐ-THADS","judgment":"9/2025/KDTM-ST","debtor":{"name":"Công ty TNHH Hoa Ban"},"creditor":{"name":"Ngân hàng TMCP Công Thương Việt Nam"},"creditors":[{"name":"Ngân hàng TMCP Công Thương Việt Nam","amount":850000000,"rank":"other"},{"name":"Lò Thị Xuân","id":"014123456789","amount":40000000,"rank":"alimony_wages_injury"},{"name":"Chi cục Thuế","amount":10000000,"rank":"court_fees"}],"debtors":[{"name":"Công ty TNHH Hoa Ban"},{"name":"Lò Văn Dũng","address":"Mai Sơn, Sơn La"}]}"#;
    site.thads
        .import(
            &Actor::console("root", "may-chu-1"),
            "several.jsonl",
            line.as_bytes(),
            &mut |_| {},
        )
        .await
        .unwrap();
    let executor = site.sign_in("chv.kv1").await;
    let (status, html) = site.get(&executor, "/cases/HN-KV1/2026/0900").await;
    assert_eq!(status, StatusCode::OK);
    let creditors = &html[html.find(r#"id="creditors""#).expect("the creditors")..];
    for shown in [
        "Lò Thị Xuân",
        "Cấp dưỡng, tiền lương, bồi thường tính mạng, sức khỏe",
        "40.000.000",
        "Án phí",
        "850.000.000",
    ] {
        assert!(creditors.contains(shown), "{shown}: {creditors}");
    }
    let debtors = &html[html.find(r#"id="debtors""#).expect("the debtors")..];
    assert!(debtors.contains("Lò Văn Dũng") && debtors.contains("Mai Sơn, Sơn La"));
    // A case of one creditor shows neither list.
    let (status, plain) = site.get(&executor, &case_path("HN-KV1/2022/00029")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(plain.contains("HN-KV1/2022/00029") && !plain.contains(r#"id="creditors""#));
}

#[tokio::test]
async fn an_executor_previews_a_payout_records_it_and_downloads_the_transfer_file() {
    use calamine::{Data, Reader, Xlsx, open_workbook_from_rs};
    let site = site().await;
    let journal = concat!(
        r#"{"type":"accepted","case":"HN-KV1/2026/0901","on":"2026-03-02","agency":"HN-KV1","mode":"on_request","amount":900000000,"categories":["credit_institution"],"decision":"901/QĐ-THADS","judgment":"9/2025/KDTM-ST","debtor":{"name":"Công ty TNHH Hoa Ban"},"creditor":{"name":"Ngân hàng TMCP Công Thương Việt Nam"},"creditors":[{"name":"Ngân hàng TMCP Công Thương Việt Nam","amount":850000000,"rank":"other","account":"0011000123456","bank":"Vietinbank"},{"name":"Lò Thị Xuân","amount":40000000,"rank":"alimony_wages_injury","account":"7201205123456","bank":"Agribank"},{"name":"Chi cục Thuế","amount":10000000,"rank":"court_fees"}]}"#,
        "\n",
        r#"{"type":"collected","case":"HN-KV1/2026/0901","on":"2026-04-10","amount":100000000}"#,
        "\n"
    );
    site.thads
        .import(
            &Actor::console("root", "may-chu-1"),
            "payout.jsonl",
            journal.as_bytes(),
            &mut |_| {},
        )
        .await
        .unwrap();
    let executor = site.sign_in("chv.kv1").await;
    let (_, case) = site.get(&executor, "/cases/HN-KV1/2026/0901").await;
    assert!(case.contains(r#"id="pay-out""#), "{case}");
    // The preview shares 60 million in the order of priority.
    let preview =
        "/payouts?case=HN-KV1/2026/0901&proceeds=60.000.000&costs=2.000.000&on=20/04/2026";
    let (status, html) = site.get(&executor, preview).await;
    assert_eq!(status, StatusCode::OK);
    let table = &html[html.find(r#"id="preview""#).expect("the preview")..];
    for shown in [
        "Chi phí cưỡng chế",
        "2.000.000",
        "Lò Thị Xuân",
        "40.000.000",
        "Chi cục Thuế",
        "10.000.000",
        "8.000.000",
    ] {
        assert!(table.contains(shown), "{shown}: {table}");
    }
    // More than is left to pay out is refused, in words, and nothing is
    // recorded.
    let too_much = [
        ("case", "HN-KV1/2026/0901"),
        ("proceeds", "150000000"),
        ("costs", "0"),
        ("on", "2026-04-20"),
    ];
    let response = site.post(&executor, "/payouts", &too_much).await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let refused = body(response).await;
    assert!(refused.contains(r#"role="alert""#), "{refused}");
    // The batch recorded: one payout per payee, and the transfer file of
    // the two with an account.
    let pay = [
        ("case", "HN-KV1/2026/0901"),
        ("proceeds", "60000000"),
        ("costs", "2000000"),
        ("on", "2026-04-20"),
    ];
    let response = site.post(&executor, "/payouts", &pay).await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    let location = response.headers()[header::LOCATION]
        .to_str()
        .unwrap()
        .to_owned();
    let (status, html) = site.get(&executor, &location).await;
    assert_eq!(status, StatusCode::OK);
    let batch = &html[html.find(r#"id="batch""#).expect("the batch")..];
    assert!(
        batch.contains("7201205123456 — Agribank") && batch.contains("Tiền mặt"),
        "{batch}"
    );
    let response = site
        .download(
            &executor,
            "/payouts/transfers?case=HN-KV1/2026/0901&on=2026-04-20&format=xlsx",
        )
        .await;
    assert_eq!(response.status(), StatusCode::OK);
    let bytes = axum::body::to_bytes(response.into_body(), 1 << 24)
        .await
        .unwrap();
    let mut book: Xlsx<_> = open_workbook_from_rs(std::io::Cursor::new(bytes.to_vec())).unwrap();
    let sheet = book.worksheet_range("Chuyển khoản").unwrap();
    assert_eq!(
        sheet.get_value((3, 3)),
        Some(&Data::String("Lò Thị Xuân".into()))
    );
    assert_eq!(sheet.get_value((4, 4)), Some(&Data::Float(8_000_000.0)));
    // The case page now has 40 million left to pay out.
    let (_, case) = site.get(&executor, "/cases/HN-KV1/2026/0901").await;
    assert!(case.contains("40.000.000"), "{case}");
    // A leader sees the preview but has no button to record it.
    let leader = site.sign_in("lanhdao.hn").await;
    let (status, html) = site.get(&leader, preview).await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains(r#"id="preview""#) && !html.contains(r#"id="pay-form""#));
    let response = site.post(&leader, "/payouts", &pay).await;
    assert_eq!(response.status(), StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn the_asset_register_and_the_case_page_show_each_asset_and_its_rounds() {
    let site = site().await;
    let journal = concat!(
        r#"{"type":"accepted","case":"HN-KV1/2026/0902","on":"2026-03-02","agency":"HN-KV1","mode":"on_request","amount":900000000,"categories":["credit_institution"],"decision":"902/QĐ-THADS","judgment":"9/2025/KDTM-ST","debtor":{"name":"Công ty TNHH Hoa Ban"},"creditor":{"name":"Ngân hàng A"}}"#,
        "\n",
        r#"{"type":"asset","code":"HN-KV1/TS/2026/1","agency":"HN-KV1","case":"HN-KV1/2026/0902","on":"2026-04-01","kind":"land_use_right","description":"Thửa đất số 45, tờ bản đồ số 12","value":1200000000,"mortgage":{"to":"Ngân hàng A","amount":700000000}}"#,
        "\n",
        r#"{"type":"asset_step","asset":"HN-KV1/TS/2026/1","on":"2026-04-10","action":"seized"}"#,
        "\n",
        r#"{"type":"asset_step","asset":"HN-KV1/TS/2026/1","on":"2026-04-25","action":"valued","amount":1000000000}"#,
        "\n",
        r#"{"type":"asset_step","asset":"HN-KV1/TS/2026/1","on":"2026-05-20","action":"auction_round","amount":1000000000}"#,
        "\n",
        r#"{"type":"asset","code":"HN-KV1/TS/2026/2","agency":"HN-KV1","case":"HN-KV1/2026/0902","on":"2026-04-01","kind":"account","description":"Tài khoản tại Ngân hàng B","value":30000000}"#,
        "\n",
        r#"{"type":"asset_step","asset":"HN-KV1/TS/2026/2","on":"2026-04-02","action":"measure_applied","measure":"freeze_account"}"#,
        "\n",
    );
    site.thads
        .import(
            &Actor::console("root", "may-chu-1"),
            "assets.jsonl",
            journal.as_bytes(),
            &mut |_| {},
        )
        .await
        .unwrap();
    let executor = site.sign_in("chv.kv1").await;
    let (status, html) = site.get(&executor, "/assets").await;
    assert_eq!(status, StatusCode::OK);
    let table = &html[html.find(r#"id="assets""#).expect("the register")..];
    for shown in [
        "HN-KV1/TS/2026/1",
        "Quyền sử dụng đất",
        "Đang bán đấu giá",
        "Ngân hàng A — 700.000.000",
        "20/05/2026: 1.000.000.000",
        "HN-KV1/TS/2026/2",
        "Phong tỏa tài khoản (02/04/2026)",
    ] {
        assert!(
            table.to_lowercase().contains(&shown.to_lowercase()),
            "{shown}: {table}"
        );
    }
    let (_, auctioned) = site.get(&executor, "/assets?auction=1").await;
    assert!(auctioned.contains("HN-KV1/TS/2026/1") && !auctioned.contains("HN-KV1/TS/2026/2"));
    // The case page lists its assets; the payout form offers them.
    let (_, case) = site.get(&executor, "/cases/HN-KV1/2026/0902").await;
    assert!(case.contains(r#"id="case-assets""#) && case.contains("Tài khoản tại Ngân hàng B"));
    // The administrator, who sees no cases, does not see the register.
    let admin = site.sign_in("quantri").await;
    let (status, _) = site.get(&admin, "/assets").await;
    assert_eq!(status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn the_money_held_shows_each_cases_money_not_paid_out_and_what_is_due_with_it() {
    let site = site().await;
    let journal = concat!(
        r#"{"type":"accepted","case":"HN-KV1/2026/0950","on":"2026-01-05","agency":"HN-KV1","mode":"on_request","amount":50000000,"categories":[],"decision":"950/QĐ-THADS","judgment":"95/2025/DS-ST","debtor":{"name":"Nguyễn Văn Nợ"},"creditor":{"name":"Trần Thị Có"}}"#,
        "
",
        r#"{"type":"collected","case":"HN-KV1/2026/0950","on":"2026-02-02","amount":12345678}"#,
        "
",
    );
    site.thads
        .import(
            &Actor::console("root", "may-chu-1"),
            "held.jsonl",
            journal.as_bytes(),
            &mut |_| {},
        )
        .await
        .unwrap();
    let leader = site.sign_in("lanhdao.hn").await;
    // Paid by 12 February; unclaimed fifteen days after, it is deposited.
    let (status, html) = site
        .get(&leader, "/payouts/held?agency=HN-KV1&as_of=01/03/2026")
        .await;
    assert_eq!(status, StatusCode::OK);
    let cases = &html[html.find(r#"id="held-cases""#).expect("the cases")..];
    let row = &cases[cases.find("HN-KV1/2026/0950").expect("the case")..];
    let row = &row[..row.find("</tr>").unwrap()];
    for shown in [
        "12.345.678",
        "02/02/2026",
        "12/02/2026",
        "Phải gửi tiết kiệm",
        "Tiết kiệm không kỳ hạn",
    ] {
        assert!(row.contains(shown), "{shown}: {row}");
    }
    let (_, csv) = site
        .get(
            &leader,
            "/payouts/held?agency=HN-KV1&as_of=2026-03-01&format=csv",
        )
        .await;
    assert!(
        csv.contains(
            "HN-KV1/2026/0950,HN-KV1,12345678,2026-02-02,27,2026-02-12,to_deposit,2026-02-27,savings"
        ),
        "{csv}"
    );
    // The administrator, who sees no cases, does not see it.
    let admin = site.sign_in("quantri").await;
    let (status, _) = site.get(&admin, "/payouts/held").await;
    assert_eq!(status, StatusCode::FORBIDDEN);
}

/// A form's fields, owned, as the requests take them.
fn pairs<'a>(fields: &'a [(&'static str, String)]) -> Vec<(&'static str, &'a str)> {
    fields.iter().map(|(k, v)| (*k, v.as_str())).collect()
}

#[tokio::test]
async fn an_executor_decides_a_coercion_outside_the_blackout_and_form_7_counts_it() {
    let site = site().await;
    site.thads
        .add_partner(
            &Actor::console("root", "may-chu-1"),
            thads_core::coordination::Partner {
                code: thads_core::coordination::Code::parse("HN-CA").unwrap(),
                kind: thads_core::coordination::PartnerKind::PoliceProvince,
                name: "Công an thành phố Hà Nội".to_owned(),
                agency: AgencyCode::parse("HN").unwrap(),
                parent: None,
                address: None,
                phone: None,
                email: None,
            },
        )
        .await
        .unwrap();
    let case = site.open_case_of_kv1().await;
    let executor = site.sign_in("chv.kv1").await;
    let page = format!("/cases/{case}");
    let (_, html) = site.get(&executor, &page).await;
    assert!(html.contains(r#"id="coercion-new""#) && html.contains("Công an thành phố Hà Nội"));
    let decide = |kind: &'static str, at_time: &'static str, forces: &'static str| {
        vec![
            ("case", case.clone()),
            ("kind", kind.to_owned()),
            ("asset", String::new()),
            ("percent", "30".to_owned()),
            ("on", "20/11/2026".to_owned()),
            (
                "at_day",
                if at_time.is_empty() { "" } else { "01/12/2026" }.to_owned(),
            ),
            ("at_time", at_time.to_owned()),
            ("forces", forces.to_owned()),
            ("police", "HN-CA".to_owned()),
        ]
    };
    // At 23:00: refused in words, on the case's page.
    let night = site
        .post(
            &executor,
            "/coercions/new",
            &pairs(&decide("compel_act", "23:00", "yes")),
        )
        .await;
    let refused = body(night).await;
    assert!(
        refused.contains("Không được tổ chức cưỡng chế vào 23:00 ngày 01/12/2026"),
        "{refused}"
    );
    let response = site
        .post(
            &executor,
            "/coercions/new",
            &pairs(&decide("compel_act", "08:00", "yes")),
        )
        .await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    let response = site
        .post(
            &executor,
            "/coercions/new",
            &pairs(&decide("wage_deduction", "", "")),
        )
        .await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    let (_, html) = site.get(&executor, &page).await;
    let table = &html[html.find(r#"id="case-coercions""#).expect("the decisions")..];
    for shown in [
        "HN-KV1/CC/2026/1",
        "Buộc thực hiện công việc",
        "08:00 01/12/2026",
        "đã đề nghị công an bảo vệ",
        "HN-KV1/CC/2026/2",
        "Trừ vào thu nhập",
        "30%",
    ] {
        assert!(table.contains(shown), "{shown}: {table}");
    }
    // The police's request is on the case's page.
    assert!(html.contains("Công an thành phố Hà Nội"));
    // Form 7 of the statistical year: the page, and its CSV.
    let leader = site.sign_in("lanhdao.hn").await;
    let (status, form) = site
        .get(&leader, "/assets/form7?from=01/10/2026&to=31/12/2026")
        .await;
    assert_eq!(status, StatusCode::OK);
    let total = &form[form.find(r#"class="total""#).expect("a total")..];
    assert!(total.contains(r#"<td class="num">2</td>"#), "{total}");
    let (_, csv) = site
        .get(
            &leader,
            "/assets/form7?from=01/10/2026&to=31/12/2026&format=csv",
        )
        .await;
    assert!(csv.contains("Số quyết định cưỡng chế"), "{csv}");
}

#[tokio::test]
async fn an_executor_records_an_asset_and_its_steps_from_the_case_page() {
    let site = site().await;
    let case = site.open_case_of_kv1().await;
    let executor = site.sign_in("chv.kv1").await;
    let page = format!("/cases/{case}");
    let (_, html) = site.get(&executor, &page).await;
    assert!(html.contains(r#"id="asset-new""#) && !html.contains(r#"id="asset-step""#));
    let found = [
        ("case", case.as_str()),
        ("kind", "land_use_right"),
        ("description", "Thửa đất số 7, tờ bản đồ số 3"),
        ("value", "500.000.000"),
        ("mortgage_to", "Ngân hàng B"),
        ("mortgage_amount", "600.000.000"),
        ("on", "01/04/2026"),
    ];
    let response = site.post(&executor, "/assets/new", &found).await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    let (_, html) = site.get(&executor, &page).await;
    let code = "HN-KV1/TS/2026/1";
    assert!(
        html.contains(code) && html.contains(r#"id="asset-step""#),
        "{html}"
    );
    // Mortgaged beyond its value: the seizure is refused, in words, and
    // the asset stays found.
    let seize = |action: &'static str| {
        [
            ("case", case.as_str()),
            ("asset", code),
            ("action", action),
            ("on", "10/04/2026"),
            ("amount", ""),
            ("measure", "freeze_account"),
        ]
    };
    let response = site.post(&executor, "/assets/step", &seize("seized")).await;
    let refused = body(response).await;
    assert!(refused.contains("không được kê biên"), "{refused}");
    // A measure is recorded, and the register says so.
    let response = site
        .post(&executor, "/assets/step", &seize("measure_applied"))
        .await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    let (_, register) = site.get(&executor, "/assets").await;
    assert!(
        register.contains("Phong tỏa tài khoản (10/04/2026)"),
        "{register}"
    );
    // An asset seized owes its appraiser within five working days: the
    // to-do list says so, and links to the case's step form.
    let house = [
        ("case", case.as_str()),
        ("kind", "house"),
        ("description", "Nhà cấp 4 trên thửa đất số 7"),
        ("value", "300.000.000"),
        ("on", "01/04/2026"),
    ];
    let response = site.post(&executor, "/assets/new", &house).await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    let seize_house = [
        ("case", case.as_str()),
        ("asset", "HN-KV1/TS/2026/2"),
        ("action", "seized"),
        ("on", "10/04/2026"),
    ];
    let response = site.post(&executor, "/assets/step", &seize_house).await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    let (_, todo) = site.get(&executor, "/todo?executor=").await;
    let overdue = &todo[todo.find(r#"id="todo-overdue""#).unwrap()..];
    assert!(
        overdue.contains("Ký hợp đồng thẩm định giá tài sản kê biên: HN-KV1/TS/2026/2")
            && overdue.contains("17/04/2026")
            && overdue.contains("#asset-step"),
        "{overdue}"
    );
    // A leader reads but records nothing.
    let leader = site.sign_in("lanhdao.hn").await;
    let response = site.post(&leader, "/assets/new", &found).await;
    assert_eq!(response.status(), StatusCode::FORBIDDEN);
}
