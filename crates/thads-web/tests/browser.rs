//! The flows users depend on, in a real browser: Debian's Chromium driven
//! through chromedriver (both must be installed: `apt install chromium
//! chromium-driver`; `.ci/run` does it). The application runs on a real
//! socket over the backend the run asks for (see thads-testdb).
//!
//! With `THADS_SCREENSHOTS=DIR`, the main pages are saved there as PNG
//! (that is how `docs/screenshots/` is made).

use std::process::{Child, Command, Stdio};
use std::time::Duration;

use fantoccini::{Client, ClientBuilder, Locator};
use thads_core::AgencyCode;
use thads_core::account::{AccountName, Role};
use thads_service::{Actor, Thads};
use thads_testdb::{TestDatabase, test_data};
use thads_web::{WebConfig, serve_on};

const PASSWORD: &str = "mưa rơi trên mái ngói cũ";

/// chromedriver, stopped when dropped.
struct Driver(Child);

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// A headless Chromium session.
async fn browser() -> (Client, Driver) {
    let port = free_port();
    let child = Command::new("chromedriver")
        .arg(format!("--port={port}"))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("the browser tests need chromedriver: apt install chromium chromium-driver");
    let driver = Driver(child);
    let mut capabilities = serde_json::Map::new();
    capabilities.insert(
        "goog:chromeOptions".to_owned(),
        serde_json::json!({
            "binary": "/usr/bin/chromium",
            "args": ["--headless=new", "--no-sandbox", "--disable-gpu", "--window-size=1280,1000", "--lang=vi"],
        }),
    );
    let url = format!("http://127.0.0.1:{port}");
    for _ in 0..100 {
        let connector = hyper_util::client::legacy::connect::HttpConnector::new();
        match ClientBuilder::new(connector)
            .capabilities(capabilities.clone())
            .connect(&url)
            .await
        {
            Ok(client) => return (client, driver),
            Err(_) => tokio::time::sleep(Duration::from_millis(100)).await,
        }
    }
    panic!("chromedriver did not start on port {port}");
}

/// thads on a real socket, with the sample journal, two offices'
/// executors and a leader.
async fn server() -> (String, TestDatabase) {
    server_of(&test_data("sample/sample-2000.jsonl")).await
}

/// The application over a store holding `journal`, with two executors'
/// accounts and a leader's.
async fn server_of(sample: &str) -> (String, TestDatabase) {
    let db = TestDatabase::migrated();
    let thads = Thads::open(&db.url, db.key()).await.unwrap();
    let console = Actor::console("root", "may-chu-1");
    thads
        .import(&console, "sample", sample.as_bytes(), &mut |_| {})
        .await
        .unwrap();
    for (name, role, agency) in [
        ("chv.kv1", Role::Executor, "HN-KV1"),
        ("chv.kv2", Role::Executor, "HN-KV2"),
        ("lanhdao.hn", Role::Leader, "HN"),
    ] {
        thads
            .add_account(
                &console,
                &AccountName::parse(name).unwrap(),
                role,
                Some(&AgencyCode::parse(agency).unwrap()),
                PASSWORD,
            )
            .await
            .unwrap();
    }
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    tokio::spawn(async move {
        serve_on(listener, thads, WebConfig::default())
            .await
            .unwrap()
    });
    (format!("http://{address}"), db)
}

async fn fill(c: &Client, css: &str, text: &str) {
    let field = c.find(Locator::Css(css)).await.unwrap();
    field.clear().await.unwrap();
    field.send_keys(text).await.unwrap();
}

/// Clicks what leads to another page, and waits until the browser has left
/// this one.
async fn click(c: &Client, css: &str) {
    let page = c.find(Locator::Css("html")).await.unwrap();
    c.find(Locator::Css(css))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    for _ in 0..400 {
        if page.tag_name().await.is_err() {
            return;
        }
        tokio::time::sleep(Duration::from_millis(25)).await;
    }
    panic!("clicking {css} led nowhere");
}

/// Ticks a checkbox (which stays on the page).
async fn tick(c: &Client, css: &str) {
    c.find(Locator::Css(css))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
}

async fn text(c: &Client, css: &str) -> String {
    c.find(Locator::Css(css))
        .await
        .unwrap()
        .text()
        .await
        .unwrap()
}

async fn value(c: &Client, css: &str) -> String {
    c.find(Locator::Css(css))
        .await
        .unwrap()
        .prop("value")
        .await
        .unwrap()
        .unwrap_or_default()
}

/// A count as the pages write it (`1.234`).
fn number(text: &str) -> i64 {
    text.chars()
        .filter(char::is_ascii_digit)
        .collect::<String>()
        .parse()
        .unwrap()
}

async fn sign_in(c: &Client, base: &str, name: &str, password: &str) {
    c.goto(&format!("{base}/login")).await.unwrap();
    fill(c, "#name", name).await;
    fill(c, "#password", password).await;
    click(c, "button[type=submit]").await;
}

async fn sign_out(c: &Client) {
    click(c, "form[action='/logout'] button").await;
}

async fn screenshot(c: &Client, name: &str) {
    if let Some(folder) = std::env::var_os("THADS_SCREENSHOTS") {
        let png = c.screenshot().await.unwrap();
        std::fs::write(
            std::path::Path::new(&folder).join(format!("{name}.png")),
            png,
        )
        .unwrap();
    }
}

/// The completed cases of the report's total row (line 7 of form 1), and
/// the accepted cases (line 1).
async fn report_totals(c: &Client, base: &str) -> (i64, i64) {
    c.goto(&format!("{base}/reports")).await.unwrap();
    let accepted = number(&text(c, "#form-cases tr.total td:nth-of-type(1)").await);
    let completed = number(&text(c, "#form-cases tr.total td:nth-of-type(7)").await);
    (accepted, completed)
}

#[tokio::test]
async fn an_executor_accepts_collects_and_completes_a_case() {
    let (base, _db) = server().await;
    let (c, _driver) = browser().await;

    // A wrong password is refused, in Vietnamese.
    sign_in(&c, &base, "chv.kv1", "không phải mật khẩu").await;
    assert!(text(&c, ".error").await.contains("không đúng"));
    screenshot(&c, "login").await;

    sign_in(&c, &base, "chv.kv1", PASSWORD).await;
    assert!(text(&c, "h1").await.contains("Tổng quan"));
    let accepted_before = number(&text(&c, "#accepted-cases").await);
    let (report_accepted, report_completed) = report_totals(&c, &base).await;

    // Accepting: a wrong CCCD is marked next to its field, and what was
    // typed stays.
    c.goto(&format!("{base}/cases/new")).await.unwrap();
    fill(&c, "#code", "HN-KV1/2026/E2E01").await;
    fill(&c, "#amount", "150.000.000").await;
    fill(&c, "#decision", "88/QĐ-CCTHADS").await;
    fill(&c, "#judgment", "5/2026/DS-ST").await;
    fill(&c, "#debtor_name", "Phạm Thị Ngọc Ánh").await;
    fill(&c, "#debtor_id", "00119001234").await;
    fill(
        &c,
        "#creditor_name",
        "Ngân hàng Nông nghiệp và Phát triển Nông thôn",
    )
    .await;
    tick(&c, "input[name=credit_institution]").await;
    click(&c, "#accept-form button[type=submit]").await;
    assert!(
        text(&c, "#accept-form .field-error")
            .await
            .contains("12 chữ số")
    );
    assert_eq!(value(&c, "#amount").await, "150.000.000");
    assert_eq!(value(&c, "#debtor_name").await, "Phạm Thị Ngọc Ánh");
    screenshot(&c, "accept-form-error").await;
    fill(&c, "#debtor_id", "001190012345").await;
    click(&c, "#accept-form button[type=submit]").await;
    assert!(text(&c, "h1").await.contains("HN-KV1/2026/E2E01"));
    assert_eq!(text(&c, "#owed").await, "150.000.000 đ");
    let case_url = c.current_url().await.unwrap().to_string();

    // Collecting more than is owed is refused next to the amount.
    fill(&c, "#collected-amount", "200.000.000").await;
    click(&c, "#record-collected button").await;
    assert!(
        text(&c, "#record-collected .field-error")
            .await
            .contains("150.000.000 đ")
    );
    assert_eq!(value(&c, "#collected-amount").await, "200.000.000");
    fill(&c, "#collected-amount", "150.000.000").await;
    click(&c, "#record-collected button").await;
    assert_eq!(text(&c, "#owed").await, "0 đ");
    click(&c, "#record-completed button").await;
    assert_eq!(text(&c, "#case-status").await, "Thi hành xong");
    assert!(text(&c, "#timeline").await.contains("Thi hành xong"));
    screenshot(&c, "case").await;

    // The list finds it without diacritics.
    c.goto(&format!("{base}/cases")).await.unwrap();
    fill(&c, "#q", "pham thi ngoc anh").await;
    click(&c, ".filters button[type=submit]").await;
    assert!(text(&c, "#cases").await.contains("HN-KV1/2026/E2E01"));
    screenshot(&c, "cases").await;

    // The dashboard and the report count it.
    c.goto(&base).await.unwrap();
    assert_eq!(
        number(&text(&c, "#accepted-cases").await),
        accepted_before + 1
    );
    screenshot(&c, "dashboard").await;
    let (accepted, completed) = report_totals(&c, &base).await;
    assert_eq!(
        (accepted, completed),
        (report_accepted + 1, report_completed + 1)
    );
    screenshot(&c, "report").await;
    // The calendar of 2026 as the executor reads it: Tết, a substitute day.
    c.goto(&format!("{base}/calendar?year=2026")).await.unwrap();
    let days_off = text(&c, "#days-off").await;
    assert!(
        days_off.contains("17/02/2026") && days_off.contains("27/04/2026"),
        "{days_off}"
    );
    screenshot(&c, "calendar").await;
    sign_out(&c).await;

    // Another office's executor does not see the case.
    sign_in(&c, &base, "chv.kv2", PASSWORD).await;
    c.goto(&case_url).await.unwrap();
    assert!(text(&c, "h1").await.contains("Không tìm thấy"));
    // The error page is drawn in the account's own frame.
    assert_eq!(text(&c, "span.user").await, "chv.kv2");
    screenshot(&c, "case-not-found").await;
    c.goto(&format!("{base}/cases?q=pham+thi+ngoc+anh"))
        .await
        .unwrap();
    assert!(text(&c, "#case-count").await.contains(" 0 "));
    sign_out(&c).await;

    // The province's leader does, and reads it in English.
    sign_in(&c, &base, "lanhdao.hn", PASSWORD).await;
    c.goto(&case_url).await.unwrap();
    click(&c, "a.lang").await;
    assert_eq!(text(&c, "#case-status").await, "Completed");
    assert_eq!(c.current_url().await.unwrap().as_str(), case_url);
    c.close().await.unwrap();
}

#[tokio::test]
async fn an_executor_imports_a_register_after_checking_it() {
    use thads_service::register::{RegisterBook, sheet};
    let (base, db) = server().await;
    // Two of HN-KV1's cases as a register workbook, under new codes; and
    // the same with a fault on its second case.
    let thads = Thads::open(&db.url, db.key()).await.unwrap();
    let console = Actor::console("root", "may-chu-1");
    let day = thads_core::Day::from_ymd(2025, 6, 30).unwrap();
    let mut rows = thads.register(&console, None, day).await.unwrap().rows;
    rows.retain(|r| r.acceptance.agency.as_str() == "HN-KV1");
    rows.truncate(2);
    for (i, row) in rows.iter_mut().enumerate() {
        row.code = thads_core::CaseCode::parse(&format!("HN-KV1/SO/{i}")).unwrap();
    }
    let good = RegisterBook {
        agencies: Vec::new(),
        rows,
    };
    let mut bad = good.clone();
    bad.rows[1].acceptance.amount = thads_core::Vnd(1);
    let dir = tempfile::tempdir().unwrap();
    let (good_path, bad_path) = (
        dir.path().join("so-thu-ly.xlsx"),
        dir.path().join("so-sai.xlsx"),
    );
    std::fs::write(&good_path, sheet::write_xlsx(&good).unwrap()).unwrap();
    std::fs::write(&bad_path, sheet::write_xlsx(&bad).unwrap()).unwrap();

    let (c, _driver) = browser().await;
    sign_in(&c, &base, "chv.kv1", PASSWORD).await;

    // A faulty register is refused by row and column; nothing to confirm.
    c.goto(&format!("{base}/import")).await.unwrap();
    let file = c.find(Locator::Css("#file")).await.unwrap();
    file.send_keys(bad_path.to_str().unwrap()).await.unwrap();
    click(&c, "#import-form button[type=submit]").await;
    let faults = text(&c, "#import-faults").await;
    assert!(faults.contains("Dòng 3, cột “"), "{faults}");
    assert!(c.find(Locator::Css("#import-confirm")).await.is_err());
    screenshot(&c, "import-faults").await;

    // A file beyond what a register can be is refused whole, saying why.
    let wide = dir.path().join("so-rong.csv");
    std::fs::write(&wide, format!("Mã việc\n{}\n", ",".repeat(20_000))).unwrap();
    let file = c.find(Locator::Css("#file")).await.unwrap();
    file.send_keys(wide.to_str().unwrap()).await.unwrap();
    click(&c, "#import-form button[type=submit]").await;
    let refused = text(&c, "p.error[role=alert]").await;
    assert_eq!(
        refused,
        "Không nhập được tệp so-rong.csv: dòng 2 có 20.001 ô, nhiều hơn 16.384 cột của một trang tính. Không có dữ liệu nào được nhập."
    );
    screenshot(&c, "import-refused").await;

    // A good one is previewed, then imported on confirmation.
    let file = c.find(Locator::Css("#file")).await.unwrap();
    file.send_keys(good_path.to_str().unwrap()).await.unwrap();
    click(&c, "#import-form button[type=submit]").await;
    let preview = text(&c, "#import-preview").await;
    assert!(preview.contains("so-thu-ly.xlsx có 2 việc"), "{preview}");
    assert!(preview.contains("HN-KV1/SO/1"), "{preview}");
    screenshot(&c, "import-preview").await;
    click(&c, "#import-confirm button").await;
    assert!(text(&c, "#import-done").await.contains("2 việc mới"));
    c.goto(&format!("{base}/cases/HN-KV1/SO/1")).await.unwrap();
    assert!(text(&c, "h1").await.contains("HN-KV1/SO/1"));
    c.close().await.unwrap();
}

/// The journal of the second version's golden data (testdata-v2).
fn work_journal() -> String {
    let path =
        std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../testdata-v2/work.jsonl");
    std::fs::read_to_string(path).unwrap()
}

/// What the link the selector finds downloads, with the session.
async fn download_link(c: &Client, base: &str, css: &str) -> Vec<u8> {
    let link = c.find(Locator::Css(css)).await.unwrap();
    let href = link.attr("href").await.unwrap().unwrap();
    download(c, base, &href).await
}

/// The body of a GET of `path` on the server, with the browser's session:
/// a download, without the browser's download folder.
async fn download(c: &Client, base: &str, path: &str) -> Vec<u8> {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let session = c.get_named_cookie("thads_session").await.unwrap();
    let address = base.trim_start_matches("http://");
    let mut stream = tokio::net::TcpStream::connect(address).await.unwrap();
    let request = format!(
        "GET {path} HTTP/1.1\r\nHost: {address}\r\nCookie: thads_session={}\r\nSec-Fetch-Site: same-origin\r\nConnection: close\r\n\r\n",
        session.value()
    );
    stream.write_all(request.as_bytes()).await.unwrap();
    let mut response = Vec::new();
    stream.read_to_end(&mut response).await.unwrap();
    let end = response
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .expect("a response's head");
    let head = String::from_utf8_lossy(&response[..end]).to_string();
    assert!(head.starts_with("HTTP/1.1 200"), "{head}");
    assert!(!head.to_lowercase().contains("chunked"), "{head}");
    response.split_off(end + 4)
}

async fn choose(c: &Client, css: &str, value: &str) {
    c.find(Locator::Css(css))
        .await
        .unwrap()
        .select_by_value(value)
        .await
        .unwrap();
}

#[tokio::test]
async fn an_executor_works_through_the_steps_due_and_a_leader_reassigns_cases() {
    let (base, db) = server_of(&work_journal()).await;
    let (c, _driver) = browser().await;
    // The executor's account is Trần Thị Bình, executor HN-KV1-CHV01.
    Thads::open(&db.url, db.key())
        .await
        .unwrap()
        .link_executor(
            &Actor::console("root", "may-chu-1"),
            &AccountName::parse("chv.kv1").unwrap(),
            Some(&thads_core::executor::ExecutorCode::parse("HN-KV1-CHV01").unwrap()),
        )
        .await
        .unwrap();

    // The executor's dashboard counts the office's overdue steps; the
    // to-do list opens on the executor's own steps, overdue first, each
    // with its legal basis.
    sign_in(&c, &base, "chv.kv1", PASSWORD).await;
    let overdue = number(&text(&c, "#overdue-steps").await);
    assert!(overdue >= 5, "{overdue}");
    c.goto(&format!("{base}/todo")).await.unwrap();
    let own = text(&c, "#todo-overdue").await;
    assert!(
        own.contains("HN-KV1/2025/003") && own.contains("Nghị định 62/2015"),
        "{own}"
    );
    assert!(!own.contains("HN-KV1/2026/002"), "{own}");
    screenshot(&c, "todo").await;
    // The office's, the verification due after Tết 2026 among them.
    c.goto(&format!("{base}/todo?executor=")).await.unwrap();
    let late = text(&c, "#todo-overdue").await;
    assert!(late.contains("HN-KV1/2026/002"), "{late}");
    assert!(late.contains("Xác minh điều kiện thi hành án"), "{late}");
    assert!(late.contains("05/03/2026"), "{late}");
    assert!(late.contains("Điều 44(1)"), "{late}");
    // The other office's steps are not the executor's.
    assert!(!text(&c, "main").await.contains("HN-KV2/"));

    // The step leads to the case's form that fulfils it; once recorded, it
    // is done.
    click(&c, "#todo-overdue a[href$='#record-verified']").await;
    assert!(text(&c, "h1").await.contains("HN-KV1/2026/002"));
    assert!(
        text(&c, "#steps")
            .await
            .contains("Xác minh điều kiện thi hành án")
    );
    assert!(text(&c, "#executor").await.contains("Lê Văn Cường"));
    let case_page = c.current_url().await.unwrap();
    c.goto(case_page.as_str().split('#').next().unwrap())
        .await
        .unwrap();
    screenshot(&c, "case-steps").await;
    fill(&c, "#verified-on", "10/03/2026").await;
    choose(&c, "#verified-means", "yes").await;
    fill(&c, "#verified-reason", "Có thu nhập từ lương").await;
    click(&c, "#record-verified button").await;
    assert!(!text(&c, "#steps").await.contains("Xác minh điều kiện"));
    assert!(
        text(&c, "#verifications")
            .await
            .contains("Có thu nhập từ lương")
    );
    c.goto(&format!("{base}/todo")).await.unwrap();
    assert!(!text(&c, "#todo-overdue").await.contains("HN-KV1/2026/002"));
    sign_out(&c).await;

    // The province's leader sees the overdue steps of both offices, and
    // each executor's load; an executor's open cases move to another.
    sign_in(&c, &base, "lanhdao.hn", PASSWORD).await;
    c.goto(&format!("{base}/work")).await.unwrap();
    screenshot(&c, "work").await;
    let offices = text(&c, "#offices").await;
    assert!(
        offices.contains("khu vực 1") && offices.contains("khu vực 2"),
        "{offices}"
    );
    let executors = text(&c, "#executors").await;
    assert!(executors.contains("Trần Thị Bình"), "{executors}");
    assert!(
        text(&c, "#overdue + table")
            .await
            .contains("HN-KV2/2024/005")
    );
    choose(&c, "#from", "HN-KV1-CHV01").await;
    choose(&c, "#to", "HN-KV1-CHV02").await;
    click(&c, "form[action='/work/assign'] button").await;
    assert!(
        text(&c, "main")
            .await
            .contains("Số việc đã phân công lại: 4")
    );
    let executors = text(&c, "#executors").await;
    assert!(!executors.contains("Trần Thị Bình"), "{executors}");
    c.goto(&format!("{base}/cases/HN-KV1/2026/001"))
        .await
        .unwrap();
    assert!(text(&c, "#executor").await.contains("Lê Văn Cường"));
    c.close().await.unwrap();
}

#[tokio::test]
async fn an_executor_sends_a_request_the_partner_answers_it_and_the_executor_sees_the_answer() {
    use thads_core::coordination::{Code, Partner, PartnerKind};
    let (base, db) = server_of(&work_journal()).await;
    let thads = Thads::open(&db.url, db.key()).await.unwrap();
    let console = Actor::console("root", "may-chu-1");
    for (code, kind, name, account) in [
        (
            "HN-CA",
            PartnerKind::PoliceProvince,
            "Công an thành phố Hà Nội",
            "congan.hn",
        ),
        (
            "HN-TAND",
            PartnerKind::Court,
            "Tòa án nhân dân thành phố Hà Nội",
            "toaan.hn",
        ),
    ] {
        let partner = Partner {
            code: Code::parse(code).unwrap(),
            kind,
            name: name.to_owned(),
            agency: AgencyCode::parse("HN").unwrap(),
            parent: None,
            address: None,
            phone: None,
            email: None,
        };
        thads.add_partner(&console, partner).await.unwrap();
        let account = AccountName::parse(account).unwrap();
        let hn = AgencyCode::parse("HN").unwrap();
        thads
            .add_account(&console, &account, Role::Partner, Some(&hn), PASSWORD)
            .await
            .unwrap();
        thads
            .link_partner(&console, &account, Some(&Code::parse(code).unwrap()))
            .await
            .unwrap();
    }
    let (c, _driver) = browser().await;

    // From the case's page, the executor sends the police a request; its
    // deadline is Decree 152's 5 working days.
    sign_in(&c, &base, "chv.kv1", PASSWORD).await;
    c.goto(&format!("{base}/cases/HN-KV1/2026/002"))
        .await
        .unwrap();
    click(&c, "#send-request").await;
    choose(&c, "#partner", "HN-CA").await;
    choose(&c, "#kind", "police_protection").await;
    fill(&c, "#on", "20/11/2026").await;
    fill(
        &c,
        "#text",
        "Đề nghị phối hợp bảo vệ cưỡng chế kê biên ngày 10/12/2026.",
    )
    .await;
    // The decision on coercion goes with it, scanned.
    let dir = tempfile::tempdir().unwrap();
    let scan = dir.path().join("quyet-dinh-cuong-che.jpg");
    std::fs::write(&scan, b"\xFF\xD8\xFF\xE0 quyet dinh cuong che").unwrap();
    let files = c.find(Locator::Css("#files")).await.unwrap();
    files.send_keys(scan.to_str().unwrap()).await.unwrap();
    click(&c, "#request-form button[type=submit]").await;
    assert!(text(&c, "h1").await.contains("HN-KV1/2026/1"));
    assert!(
        text(&c, "#request-files")
            .await
            .contains("quyet-dinh-cuong-che.jpg")
    );
    assert!(text(&c, "#request-due").await.contains("27/11/2026"));
    assert!(
        text(&c, "main")
            .await
            .contains("Nghị định 152/2026/NĐ-CP, Điều 46(3)")
    );
    screenshot(&c, "request").await;
    sign_out(&c).await;

    // The court does not see the police's request.
    sign_in(&c, &base, "toaan.hn", PASSWORD).await;
    c.goto(&format!("{base}/requests")).await.unwrap();
    assert!(!text(&c, "main").await.contains("HN-KV1/2026/1"));
    c.goto(&format!("{base}/requests/HN-KV1/2026/1"))
        .await
        .unwrap();
    assert!(text(&c, "main").await.contains("Không tìm thấy"));
    sign_out(&c).await;

    // The police find it in their inbox and answer with a PDF.
    sign_in(&c, &base, "congan.hn", PASSWORD).await;
    c.goto(&format!("{base}/requests")).await.unwrap();
    let inbox = text(&c, "#requests").await;
    assert!(
        inbox.contains("HN-KV1/2026/1") && inbox.contains("HN-KV1/2026/002"),
        "{inbox}"
    );
    screenshot(&c, "requests-inbox").await;
    click(&c, "#requests a").await;
    // The least of the case: no identity number; the decision sent with it.
    assert!(!text(&c, "main").await.contains("CCCD"));
    assert!(
        text(&c, "#request-files")
            .await
            .contains("quyet-dinh-cuong-che.jpg")
    );
    let pdf = dir.path().join("phuong-an-bao-ve.pdf");
    std::fs::write(&pdf, b"%PDF-1.4\n% phuong an bao ve cuong che\n").unwrap();
    fill(&c, "#answer-on", "25/11/2026").await;
    fill(
        &c,
        "#answer-text",
        "Đồng ý bố trí lực lượng bảo vệ cưỡng chế.",
    )
    .await;
    let file = c.find(Locator::Css("#answer-file")).await.unwrap();
    file.send_keys(pdf.to_str().unwrap()).await.unwrap();
    click(&c, "#answer-form button[type=submit]").await;
    assert!(text(&c, "#request-stage").await.contains("Đã trả lời"));
    assert!(
        text(&c, "#attachment")
            .await
            .contains("phuong-an-bao-ve.pdf")
    );
    sign_out(&c).await;

    // The executor sees the answer on the case's page and the request's.
    sign_in(&c, &base, "chv.kv1", PASSWORD).await;
    c.goto(&format!("{base}/cases/HN-KV1/2026/002"))
        .await
        .unwrap();
    assert!(text(&c, "#requests").await.contains("Đã trả lời"));
    click(&c, "#requests a").await;
    assert!(
        text(&c, "#answer")
            .await
            .contains("Đồng ý bố trí lực lượng bảo vệ cưỡng chế.")
    );
    sign_out(&c).await;

    // In June, under the 2014 law, the case was postponed waiting on the
    // court's explanation of its judgment, and the court was asked.
    let case = thads_core::CaseCode::parse("HN-KV1/2026/002").unwrap();
    let on = |d: &str| d.parse::<thads_core::Day>().unwrap();
    let version = thads.case_version(&console, &case).await.unwrap().unwrap();
    let postponed = thads_core::Event::Postponed {
        ground: Some("l2014-a48-1-dd".to_owned()),
    };
    thads
        .record(&console, &case, on("2026-06-15"), postponed, version)
        .await
        .unwrap();
    let explain = thads_service::coordination::NewRequest {
        agency: None,
        case: Some(case.clone()),
        partner: Code::parse("HN-TAND").unwrap(),
        kind: "explain_judgment".to_owned(),
        on: on("2026-06-15"),
        real_estate: false,
        complex: false,
        text: "Đề nghị giải thích phần nghĩa vụ trả nợ của bản án.".to_owned(),
        attachments: Vec::new(),
        report: None,
    };
    let explain = thads.open_request(&console, explain).await.unwrap();
    // The court answers in thads; the case resumes, and its verification
    // comes back on the executor's list, named with the answer behind it.
    sign_in(&c, &base, "toaan.hn", PASSWORD).await;
    c.goto(&format!("{base}/requests/{}", explain.id))
        .await
        .unwrap();
    fill(&c, "#answer-on", "26/11/2026").await;
    fill(
        &c,
        "#answer-text",
        "Tòa án giải thích: người phải thi hành án trả toàn bộ khoản nợ gốc.",
    )
    .await;
    click(&c, "#answer-form button[type=submit]").await;
    assert!(text(&c, "#request-stage").await.contains("Đã trả lời"));
    sign_out(&c).await;
    sign_in(&c, &base, "chv.kv1", PASSWORD).await;
    c.goto(&format!("{base}/todo?executor=")).await.unwrap();
    let resumed = text(&c, "tr:has(a[href$='HN-KV1/2026/002']) .unblocked").await;
    assert!(
        resumed.contains("Tiếp tục thi hành sau trả lời của Tòa án nhân dân thành phố Hà Nội")
            && resumed.contains("26/11/2026"),
        "{resumed}"
    );
    screenshot(&c, "todo-resumed").await;
    sign_out(&c).await;

    // The leader's table of coordination: the police answered on time, in
    // 3 working days (23, 24 and 25 November).
    sign_in(&c, &base, "lanhdao.hn", PASSWORD).await;
    c.goto(&format!(
        "{base}/coordination?from=01/01/2026&to=31/12/2026"
    ))
    .await
    .unwrap();
    let table = text(&c, "#by-partner").await;
    assert!(table.contains("Công an thành phố Hà Nội"), "{table}");
    assert!(table.contains("1 1 1 100,00% 0 3 3"), "{table}");
    screenshot(&c, "coordination").await;
    // The dashboard says the same, the latest partners first.
    c.goto(&format!("{base}/")).await.unwrap();
    let latest = text(&c, "#latest-partners").await;
    assert!(latest.contains("Công an thành phố Hà Nội"), "{latest}");
    c.close().await.unwrap();
}

#[tokio::test]
async fn the_secretariat_issues_a_meeting_dossier_and_a_member_reports_on_a_conclusion() {
    use thads_core::coordination::{Code, Partner, PartnerKind};
    let (base, db) = server_of(&work_journal()).await;
    let thads = Thads::open(&db.url, db.key()).await.unwrap();
    let console = Actor::console("root", "may-chu-1");
    let police = Partner {
        code: Code::parse("HN-CA").unwrap(),
        kind: PartnerKind::PoliceProvince,
        name: "Công an thành phố Hà Nội".to_owned(),
        agency: AgencyCode::parse("HN").unwrap(),
        parent: None,
        address: None,
        phone: None,
        email: None,
    };
    thads.add_partner(&console, police).await.unwrap();
    // A member of the committee, from the city's police.
    let member = AccountName::parse("bcd.congan").unwrap();
    let hn = AgencyCode::parse("HN").unwrap();
    thads
        .add_account(&console, &member, Role::Steering, Some(&hn), PASSWORD)
        .await
        .unwrap();
    thads
        .link_partner(&console, &member, Some(&Code::parse("HN-CA").unwrap()))
        .await
        .unwrap();
    let (c, _driver) = browser().await;

    // The secretariat records the decision that sets the committee up and
    // names the police's director a member.
    sign_in(&c, &base, "lanhdao.hn", PASSWORD).await;
    c.goto(&format!("{base}/committee")).await.unwrap();
    let open = |css: &'static str| {
        let c = c.clone();
        async move {
            c.find(Locator::Css(css))
                .await
                .unwrap()
                .click()
                .await
                .unwrap();
        }
    };
    open("#members details:nth-of-type(1) summary").await;
    choose(&c, "#decision-kind", "establishment").await;
    fill(&c, "#decision-number", "1234/QĐ-UBND").await;
    fill(&c, "#decision-on", "10/01/2026").await;
    fill(
        &c,
        "#decision-summary",
        "Thành lập Ban Chỉ đạo thi hành án dân sự thành phố",
    )
    .await;
    click(&c, "#decision-form button[type=submit]").await;
    open("#members details:nth-of-type(2) summary").await;
    fill(&c, "#member-name", "Nguyễn Văn Công").await;
    fill(&c, "#member-position", "Giám đốc Công an thành phố").await;
    choose(&c, "#member-partner", "HN-CA").await;
    click(&c, "#member-form button[type=submit]").await;
    let members = text(&c, "#members").await;
    assert!(
        members.contains("Nguyễn Văn Công") && members.contains("1234/QĐ-UBND (10/01/2026)"),
        "{members}"
    );

    // The working regulation, kept with its signed document and its dates.
    open("#members details:nth-of-type(1) summary").await;
    choose(&c, "#decision-kind", "regulation").await;
    fill(&c, "#decision-number", "15/QĐ-BCĐ").await;
    fill(&c, "#decision-on", "20/01/2026").await;
    fill(&c, "#decision-effective", "01/02/2026").await;
    fill(
        &c,
        "#decision-summary",
        "Ban hành Quy chế hoạt động của Ban Chỉ đạo",
    )
    .await;
    let dir = tempfile::tempdir().unwrap();
    let scan = dir.path().join("quy-che-hoat-dong.pdf");
    std::fs::write(&scan, b"%PDF-1.4 quy che hoat dong").unwrap();
    c.find(Locator::Css("#decision-document"))
        .await
        .unwrap()
        .send_keys(scan.to_str().unwrap())
        .await
        .unwrap();
    click(&c, "#decision-form button[type=submit]").await;
    let decisions = text(&c, "ul.decisions").await;
    assert!(
        decisions.contains("15/QĐ-BCĐ")
            && decisions.contains("01/02/2026")
            && decisions.contains("quy-che-hoat-dong.pdf"),
        "{decisions}"
    );

    // The secretariat calls the year's meeting and writes its assessment.
    fill(&c, "#on", "20/11/2026").await;
    choose(&c, "#kind", "annual").await;
    fill(&c, "#from", "01/10/2025").await;
    fill(&c, "#to", "30/09/2026").await;
    fill(
        &c,
        "#agenda",
        "Tổng kết công tác thi hành án dân sự năm 2026",
    )
    .await;
    click(&c, "#meeting-form button[type=submit]").await;
    assert!(text(&c, "h1").await.contains("HN/2026/1"));
    fill(
        &c,
        "#assessment",
        "Kết quả về việc đạt chỉ tiêu; về tiền còn thấp.",
    )
    .await;
    fill(&c, "#causes", "Nhiều tài sản thế chấp khó xử lý.").await;
    fill(
        &c,
        "#direction",
        "Tập trung các việc tín dụng có giá trị lớn.",
    )
    .await;
    click(&c, "#narrative-form button[type=submit]").await;
    // Saved, the page shows it again to go on writing.
    assert!(
        text(&c, "#assessment")
            .await
            .contains("Kết quả về việc đạt chỉ tiêu")
    );
    // Issued, the dossier is frozen: no more forms for its texts.
    fill(&c, "#issue-on", "13/11/2026").await;
    click(&c, "#issue-form button[type=submit]").await;
    assert!(text(&c, "#meeting-status").await.contains("Đã phát hành"));
    let materials = text(&c, "#materials").await;
    assert!(
        materials.contains("13/11/2026") && materials.contains("5 ngày làm việc"),
        "{materials}"
    );
    assert!(c.find(Locator::Css("#narrative-form")).await.is_err());
    assert!(
        text(&c, "#narrative")
            .await
            .contains("Nhiều tài sản thế chấp khó xử lý.")
    );
    // Who attended: the member from the police, and the procuracy invited.
    c.find(Locator::Css("#attendance-form input[type=checkbox]"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    fill(&c, "#guests", "Viện kiểm sát nhân dân thành phố").await;
    click(&c, "#attendance-form button[type=submit]").await;
    assert!(
        c.find(Locator::Css(
            "#attendance-form input[type=checkbox]:checked"
        ))
        .await
        .is_ok()
    );
    // Two conclusions: one for the police, one for the agency itself.
    for (task, partner, due) in [
        (
            "Bố trí lực lượng bảo vệ các vụ cưỡng chế lớn",
            "HN-CA",
            "31/01/2027",
        ),
        ("Rà soát các việc có giá trị lớn", "", "28/02/2027"),
    ] {
        fill(&c, "#text", task).await;
        choose(&c, "#partner", partner).await;
        fill(&c, "#due", due).await;
        fill(&c, "#expected", "Báo cáo Ban Chỉ đạo").await;
        click(&c, "#conclusion-form button[type=submit]").await;
    }
    let tasks = text(&c, "#conclusions").await;
    assert!(
        tasks.contains("HN/2026/1/1") && tasks.contains("HN/2026/1/2"),
        "{tasks}"
    );
    screenshot(&c, "meeting").await;
    sign_out(&c).await;

    // The member from the police reports on the police's task.
    sign_in(&c, &base, "bcd.congan", PASSWORD).await;
    c.goto(&format!("{base}/committee")).await.unwrap();
    fill(
        &c,
        "#tasks .report-form input[name=text]",
        "Đã xây dựng phương án bảo vệ",
    )
    .await;
    c.find(Locator::Css("#tasks .report-form input[name=done]"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    click(&c, "#tasks .report-form button[type=submit]").await;
    // Back on the committee's page, the task is done.
    let tasks = text(&c, "#tasks").await;
    assert!(
        tasks.contains("Đã xây dựng phương án bảo vệ") && tasks.contains("Đã hoàn thành"),
        "{tasks}"
    );
    // It reports only on its own organisation's task.
    assert_eq!(
        c.find_all(Locator::Css("#tasks .report-form"))
            .await
            .unwrap()
            .len(),
        0
    );
    c.goto(&format!("{base}/committee")).await.unwrap();
    assert!(text(&c, "#meetings").await.contains("HN/2026/1"));
    screenshot(&c, "committee").await;
    c.close().await.unwrap();
}

#[tokio::test]
async fn the_secretariat_runs_a_campaign_a_directive_and_a_complex_case_whose_step_an_executor_does()
 {
    let (base, db) = server_of(&work_journal()).await;
    Thads::open(&db.url, db.key())
        .await
        .unwrap()
        .link_executor(
            &Actor::console("root", "may-chu-1"),
            &AccountName::parse("chv.kv1").unwrap(),
            Some(&thads_core::executor::ExecutorCode::parse("HN-KV1-CHV01").unwrap()),
        )
        .await
        .unwrap();
    let (c, _driver) = browser().await;
    sign_in(&c, &base, "lanhdao.hn", PASSWORD).await;

    // A peak campaign for the quarter, over the whole city.
    c.goto(&format!("{base}/committee/campaigns"))
        .await
        .unwrap();
    fill(&c, "#name", "Đợt cao điểm thi hành án quý IV năm 2026").await;
    fill(&c, "#from", "01/10/2026").await;
    fill(&c, "#to", "31/12/2026").await;
    fill(&c, "#target_cases", "5").await;
    fill(&c, "#target_money", "100.000.000").await;
    click(&c, "#campaign-form button[type=submit]").await;
    assert!(text(&c, "h1").await.contains("HN/CD/1"));
    let progress = text(&c, "#progress").await;
    assert!(
        progress.contains("Việc xong") && progress.contains("0,10 tỷ đồng"),
        "{progress}"
    );
    assert!(
        text(&c, "#campaign-by-executor")
            .await
            .contains("Trần Thị Bình")
    );
    screenshot(&c, "campaign").await;

    // A directive of the city's Party committee, with a task for the agency.
    c.goto(&format!("{base}/committee/directives"))
        .await
        .unwrap();
    fill(&c, "#number", "446-CV/TU").await;
    fill(&c, "#on", "05/08/2026").await;
    fill(&c, "#issuer", "Thành ủy Hà Nội").await;
    fill(
        &c,
        "#summary",
        "Tăng cường sự lãnh đạo của Đảng đối với công tác thi hành án dân sự",
    )
    .await;
    click(&c, "#directive-form button[type=submit]").await;
    c.find(Locator::Css(".directive details summary"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    fill(
        &c,
        ".directive-task-form textarea[name=text]",
        "Mở đợt cao điểm thi hành các việc tín dụng",
    )
    .await;
    fill(&c, ".directive-task-form input[name=due]", "31/12/2026").await;
    click(&c, ".directive-task-form button[type=submit]").await;
    let register = text(&c, ".directive").await;
    assert!(
        register.contains("446-CV/TU") && register.contains("HN/CT/1/1"),
        "{register}"
    );
    screenshot(&c, "directives").await;

    // A complex case with a two-step plan.
    c.goto(&format!("{base}/committee/complex")).await.unwrap();
    fill(&c, "#case", "HN-KV1/2026/001").await;
    fill(
        &c,
        "#reason",
        "Tài sản bảo đảm là quyền sử dụng đất đang tranh chấp",
    )
    .await;
    fill(&c, "input[name=text-1]", "Xác minh lại tài sản bảo đảm").await;
    choose(&c, "select[name=owner-1]", "HN-KV1-CHV01").await;
    fill(&c, "input[name=due-1]", "15/12/2026").await;
    fill(
        &c,
        "input[name=text-2]",
        "Họp liên ngành về phương án cưỡng chế",
    )
    .await;
    choose(&c, "select[name=owner-2]", "HN-CHV01").await;
    fill(&c, "input[name=due-2]", "31/12/2026").await;
    click(&c, "#complex-form button[type=submit]").await;
    let followed = text(&c, "#complex-1").await;
    assert!(
        followed.contains("HN-KV1/2026/001") && followed.contains("Trần Thị Bình"),
        "{followed}"
    );
    screenshot(&c, "complex").await;
    sign_out(&c).await;

    // The executor finds the step in the to-do list and marks it done.
    sign_in(&c, &base, "chv.kv1", PASSWORD).await;
    c.goto(&format!("{base}/todo")).await.unwrap();
    click(&c, "a.plan-step").await;
    let heading = text(&c, "h1").await;
    assert!(heading.contains("Việc phức tạp"), "{heading}");
    click(&c, "#complex-1 form.inline-form button[type=submit]").await;
    let plan = text(&c, "#complex-1").await;
    assert!(plan.contains("Đã hoàn thành"), "{plan}");
    c.goto(&format!("{base}/todo")).await.unwrap();
    assert!(c.find(Locator::Css("a.plan-step")).await.is_err());
    c.close().await.unwrap();
}

#[tokio::test]
async fn a_leader_closes_the_provinces_year_and_its_report_says_so() {
    use thads_core::coordination::{Code, Partner, PartnerKind};
    let (base, db) = server().await;
    // The city's procuracy, and its account.
    let thads = Thads::open(&db.url, db.key()).await.unwrap();
    let console = Actor::console("root", "may-chu-1");
    let hn = AgencyCode::parse("HN").unwrap();
    let procuracy = Partner {
        code: Code::parse("HN-VKS").unwrap(),
        kind: PartnerKind::Procuracy,
        name: "Viện kiểm sát nhân dân thành phố Hà Nội".to_owned(),
        agency: hn.clone(),
        parent: None,
        address: None,
        phone: None,
        email: None,
    };
    thads.add_partner(&console, procuracy).await.unwrap();
    let account = AccountName::parse("vks.hn").unwrap();
    thads
        .add_account(&console, &account, Role::Partner, Some(&hn), PASSWORD)
        .await
        .unwrap();
    thads
        .link_partner(&console, &account, Some(&Code::parse("HN-VKS").unwrap()))
        .await
        .unwrap();
    let (c, _driver) = browser().await;
    sign_in(&c, &base, "lanhdao.hn", PASSWORD).await;
    c.goto(&format!("{base}/reports")).await.unwrap();
    click(&c, "#closes-link").await;
    let heading = text(&c, "h1").await;
    assert!(heading.contains("Chốt số liệu"), "{heading}");
    choose(&c, "#close-agency", "HN").await;
    // The month ends offered are the last twelve; choose one still offered
    // whatever today is, then close.
    let through = c
        .find(Locator::Css("#close-to option:last-child"))
        .await
        .unwrap()
        .attr("value")
        .await
        .unwrap()
        .unwrap();
    choose(&c, "#close-to", &through).await;
    click(&c, "#close-form button[type=submit]").await;
    let closes = text(&c, "#closes").await;
    assert!(closes.contains("lanhdao.hn"), "{closes}");
    screenshot(&c, "closes").await;

    // The closed report, from the list: the banner says through when, when
    // and by whom.
    click(&c, "#closes a").await;
    let banner = text(&c, "#report-closed").await;
    assert!(
        banner.contains("Số liệu đã chốt đến hết ngày") && banner.contains("lanhdao.hn"),
        "{banner}"
    );
    screenshot(&c, "report-closed").await;

    // The closed report goes to the procuracy for co-signing (form
    // 01/TKLN), from the list of closes.
    c.goto(&format!("{base}/reports/close")).await.unwrap();
    click(&c, ".cosign-form button[type=submit]").await;
    let heading = text(&c, "h1").await;
    assert!(heading.contains("ký xác nhận số liệu"), "{heading}");
    let due = text(&c, "#request-due").await;
    assert!(!due.is_empty());
    sign_out(&c).await;

    // The procuracy reads the closed figures on the request's page and
    // says what it disputes.
    sign_in(&c, &base, "vks.hn", PASSWORD).await;
    c.goto(&format!("{base}/requests")).await.unwrap();
    click(&c, "main table a[href*='/requests/']").await;
    let shown = text(&c, "#cosign-report").await;
    assert!(shown.contains("Tổng cộng"), "{shown}");
    assert!(shown.contains("Số liệu đã chốt đến hết ngày"), "{shown}");
    screenshot(&c, "cosign-request").await;
    tick(&c, "#dispute").await;
    fill(
        &c,
        "#answer-text",
        "Số việc thụ lý mới của khu vực 1 chênh 2 việc",
    )
    .await;
    click(&c, "#answer-form button[type=submit]").await;
    let signature = text(&c, "#signature").await;
    assert_eq!(signature, "Chưa thống nhất số liệu");
    sign_out(&c).await;

    // The leader's closed report says so.
    sign_in(&c, &base, "lanhdao.hn", PASSWORD).await;
    c.goto(&format!("{base}/reports/close")).await.unwrap();
    let closes = text(&c, "#closes").await;
    assert!(closes.contains("Chưa thống nhất số liệu"), "{closes}");
    click(&c, "#closes a").await;
    let line = text(&c, "#report-cosigning").await;
    assert!(
        line.contains("Viện kiểm sát nhân dân thành phố Hà Nội chưa ký xác nhận")
            && line.contains("chênh 2 việc"),
        "{line}"
    );
    screenshot(&c, "report-cosigning").await;
    c.close().await.unwrap();
}

#[tokio::test]
async fn a_leader_reads_the_years_results_by_executor() {
    let (base, _db) = server_of(&work_journal()).await;
    let (c, _driver) = browser().await;
    sign_in(&c, &base, "lanhdao.hn", PASSWORD).await;
    c.goto(&format!("{base}/reports")).await.unwrap();
    choose(&c, "#period", "custom").await;
    fill(&c, "#from", "01/10/2025").await;
    fill(&c, "#to", "30/09/2026").await;
    choose(&c, "#rows", "executor").await;
    click(&c, "form.filters button[type=submit]").await;
    let heading = text(&c, "#form-cases thead th").await;
    assert_eq!(heading, "Chấp hành viên (Biểu 4, 5)");
    let rows = text(&c, "#form-cases tbody").await;
    assert!(rows.contains("HN-KV1-CHV01"), "{rows}");
    screenshot(&c, "report-executors").await;
    c.close().await.unwrap();
}

#[tokio::test]
async fn an_executor_sells_a_mortgaged_asset_and_pays_the_creditors_out() {
    let extra = concat!(
        r#"{"type":"accepted","case":"HN-KV1/2026/0903","on":"2026-03-02","agency":"HN-KV1","mode":"on_request","amount":900000000,"categories":["credit_institution"],"decision":"903/QĐ-CCTHADS","judgment":"9/2025/KDTM-ST","debtor":{"name":"Công ty TNHH Hoa Ban"},"creditor":{"name":"Ngân hàng TMCP Công Thương Việt Nam"},"creditors":[{"name":"Ngân hàng TMCP Công Thương Việt Nam","amount":850000000,"rank":"other","account":"0011000123456","bank":"Vietinbank – CN Hà Nội"},{"name":"Lò Thị Xuân","amount":40000000,"rank":"alimony_wages_injury","account":"7201205123456","bank":"Agribank – CN Hà Đông"},{"name":"Chi cục Thuế khu vực","amount":10000000,"rank":"court_fees"}]}"#,
        "\n",
        r#"{"type":"asset","code":"HN-KV1/TS/2026/1","agency":"HN-KV1","case":"HN-KV1/2026/0903","on":"2026-04-01","kind":"land_use_right","description":"Thửa đất số 45, tờ bản đồ số 12, phường Hà Đông","value":1000000000,"mortgage":{"to":"Ngân hàng TMCP Công Thương Việt Nam","amount":600000000},"details":{"certificate":"CS 04512","area_m2":"120"}}"#,
        "\n",
    );
    let journal = format!("{}{extra}", test_data("sample/sample-2000.jsonl"));
    let (base, _db) = server_of(&journal).await;
    let (c, _driver) = browser().await;
    sign_in(&c, &base, "chv.kv1", PASSWORD).await;
    let case_page = format!("{base}/cases/HN-KV1/2026/0903");

    // The land, from seizure to sale, step by step on the case's page.
    c.goto(&case_page).await.unwrap();
    let step = |action: &'static str, on: &'static str, amount: &'static str| {
        let c = &c;
        async move {
            choose(c, "#step-asset", "HN-KV1/TS/2026/1").await;
            choose(c, "#step-action", action).await;
            fill(c, "#step-amount", amount).await;
            fill(c, "#step-on", on).await;
            click(c, "#asset-step button").await;
        }
    };
    step("seized", "10/04/2026", "").await;
    step("valued", "25/04/2026", "800.000.000").await;
    // Land is not sold without an auction: refused, in words.
    step("sold", "05/05/2026", "800.000.000").await;
    let page = text(&c, "main").await;
    assert!(page.contains("phải bán đấu giá"), "{page}");
    step("auction_round", "20/05/2026", "800.000.000").await;
    // A reduction of more than 10% is refused; 10% is the most.
    step("auction_round", "20/06/2026", "719.999.999").await;
    let page = text(&c, "main").await;
    assert!(page.contains("giảm quá 10%"), "{page}");
    step("auction_round", "20/06/2026", "720.000.000").await;
    step("sold", "10/07/2026", "730.000.000").await;
    // The buyer pays the price in.
    fill(&c, "#collected-on", "20/07/2026").await;
    fill(&c, "#collected-amount", "730.000.000").await;
    click(&c, "#record-collected button").await;

    // The asset register shows the land sold, with its two rounds.
    c.goto(&format!("{base}/assets")).await.unwrap();
    let register = text(&c, "#assets").await;
    assert!(
        register.contains("Thửa đất số 45")
            && register.to_lowercase().contains("đã bán")
            && register.contains("20/06/2026: 720.000.000"),
        "{register}"
    );
    screenshot(&c, "assets").await;

    // Before it is paid out, the price is money held.
    c.goto(&format!(
        "{base}/payouts/held?agency=HN-KV1&as_of=24/07/2026"
    ))
    .await
    .unwrap();
    let held = text(&c, "#held-cases").await;
    assert!(
        held.contains("HN-KV1/2026/0903") && held.contains("730.000.000"),
        "{held}"
    );
    screenshot(&c, "held").await;

    // From the case page to the payout of the price: the mortgagee first
    // after the court fees and the costs, then Xuân, the rest to the bank.
    c.goto(&case_page).await.unwrap();
    click(&c, "#pay-out").await;
    fill(&c, "#payout-proceeds", "730.000.000").await;
    fill(&c, "#payout-costs", "15.000.000").await;
    fill(&c, "#payout-on", "24/07/2026").await;
    choose(&c, "#payout-asset", "HN-KV1/TS/2026/1").await;
    click(&c, "#distribute-form button").await;
    let preview = text(&c, "#preview").await;
    for shown in [
        "Chi phí cưỡng chế 15.000.000",
        "Chi cục Thuế khu vực Án phí 10.000.000",
        "Người nhận thế chấp 600.000.000",
        "Lò Thị Xuân",
        "40.000.000",
        "65.000.000",
    ] {
        assert!(preview.contains(shown), "{shown}: {preview}");
    }
    screenshot(&c, "payouts-preview").await;
    click(&c, "#pay-form button").await;
    let batch = text(&c, "#batch").await;
    assert!(
        batch.contains("7201205123456 — Agribank") && batch.contains("730.000.000"),
        "{batch}"
    );
    // The two paid in cash (the costs, the tax office) have their slips.
    assert!(c.find(Locator::Css("#payment-slips")).await.is_ok());
    screenshot(&c, "payouts-batch").await;

    // The transfer file, downloaded from the page's link with the
    // executor's session, read back by an independent reader.
    let bytes = download_link(&c, &base, "#transfers-xlsx").await;
    use calamine::Reader;
    let mut workbook: calamine::Xlsx<_> =
        calamine::open_workbook_from_rs(std::io::Cursor::new(bytes)).unwrap();
    let sheet = workbook.worksheet_range_at(0).unwrap().unwrap();
    let rows: Vec<String> = sheet
        .rows()
        .map(|r| {
            r.iter()
                .map(|cell| cell.to_string())
                .collect::<Vec<_>>()
                .join("|")
        })
        .collect();
    assert!(
        rows.iter()
            .any(|r| r.contains("7201205123456|Agribank – CN Hà Đông|Lò Thị Xuân|40000000")),
        "{rows:?}"
    );
    assert!(
        rows.iter()
            .any(|r| r.contains("0011000123456") && r.contains("Ngân hàng TMCP Công Thương")),
        "{rows:?}"
    );

    // Nothing is left to pay out.
    c.goto(&case_page).await.unwrap();
    assert!(c.find(Locator::Css("#pay-out")).await.is_err());
    c.close().await.unwrap();
}

#[tokio::test]
async fn an_executor_plans_a_coercion_with_the_police_and_form_7_counts_it() {
    let extra = concat!(
        r#"{"type":"partner","code":"HN-CA","kind":"police_province","name":"Công an thành phố Hà Nội","agency":"HN"}"#,
        "\n",
        r#"{"type":"accepted","case":"HN-KV1/2026/0904","on":"2026-08-03","agency":"HN-KV1","mode":"on_request","amount":1200000000,"categories":["credit_institution"],"decision":"904/QĐ-CCTHADS","judgment":"14/2025/KDTM-ST","debtor":{"name":"Công ty TNHH Sông Đà"},"creditor":{"name":"Ngân hàng TMCP Ngoại thương Việt Nam"}}"#,
        "\n",
        r#"{"type":"asset","code":"HN-KV1/TS/2026/1","agency":"HN-KV1","case":"HN-KV1/2026/0904","on":"2026-09-01","kind":"house","description":"Nhà 3 tầng, số 12 phố Quang Trung, Hà Đông","value":2500000000}"#,
        "\n",
    );
    let journal = format!("{}{extra}", test_data("sample/sample-2000.jsonl"));
    let (base, _db) = server_of(&journal).await;
    let (c, _driver) = browser().await;
    sign_in(&c, &base, "chv.kv1", PASSWORD).await;
    c.goto(&format!("{base}/cases/HN-KV1/2026/0904"))
        .await
        .unwrap();
    // Planned on a Sunday with the police: refused, in words.
    choose(&c, "#coercion-kind", "seizure").await;
    choose(&c, "#coercion-asset", "HN-KV1/TS/2026/1").await;
    fill(&c, "#coercion-on", "20/11/2026").await;
    fill(&c, "#coercion-at-day", "29/11/2026").await;
    fill(&c, "#coercion-at-time", "08:00").await;
    tick(&c, "#coercion-forces").await;
    choose(&c, "#coercion-police", "HN-CA").await;
    click(&c, "#coercion-new button").await;
    let page = text(&c, "main").await;
    assert!(
        page.contains("Không được tổ chức cưỡng chế vào 08:00 ngày 29/11/2026: ngày nghỉ, ngày lễ"),
        "{page}"
    );
    screenshot(&c, "coercion-refused").await;
    // On Tuesday 1 December: recorded, the police asked in the same write.
    choose(&c, "#coercion-kind", "seizure").await;
    choose(&c, "#coercion-asset", "HN-KV1/TS/2026/1").await;
    fill(&c, "#coercion-on", "20/11/2026").await;
    fill(&c, "#coercion-at-day", "01/12/2026").await;
    fill(&c, "#coercion-at-time", "08:00").await;
    tick(&c, "#coercion-forces").await;
    choose(&c, "#coercion-police", "HN-CA").await;
    click(&c, "#coercion-new button").await;
    let decisions = text(&c, "#case-coercions").await;
    assert!(
        decisions.contains("HN-KV1/CC/2026/1")
            && decisions.contains("Kê biên, xử lý tài sản")
            && decisions.contains("08:00 01/12/2026"),
        "{decisions}"
    );
    let page = text(&c, "main").await;
    assert!(page.contains("Công an thành phố Hà Nội"), "{page}");
    screenshot(&c, "coercion-case").await;
    // The seizure recorded: the appraiser is owed within 5 working days.
    choose(&c, "#step-asset", "HN-KV1/TS/2026/1").await;
    choose(&c, "#step-action", "seized").await;
    fill(&c, "#step-on", "01/12/2026").await;
    click(&c, "#asset-step button").await;
    c.goto(&format!("{base}/todo?executor=")).await.unwrap();
    let todo = text(&c, "main").await;
    assert!(
        todo.contains("Ký hợp đồng thẩm định giá tài sản kê biên: HN-KV1/TS/2026/1")
            && todo.contains("08/12/2026"),
        "{todo}"
    );
    sign_out(&c).await;

    // Form 7 for the leader: one decision, with forces; one asset seized.
    sign_in(&c, &base, "lanhdao.hn", PASSWORD).await;
    c.goto(&format!(
        "{base}/assets/form7?from=01/10/2026&to=31/12/2026"
    ))
    .await
    .unwrap();
    let form = text(&c, "#form7").await;
    assert!(
        form.contains("Tổng cộng") && form.contains("2.500.000.000"),
        "{form}"
    );
    screenshot(&c, "form7").await;
    c.goto(&format!(
        "{base}/committee/dossier?agency=HN&from=2026-10-01&to=2026-11-30"
    ))
    .await
    .unwrap();
    let dossier = text(&c, "#dossier-coercions").await;
    assert!(
        dossier.contains("HN-KV1/CC/2026/1") && dossier.contains("Đã gửi"),
        "{dossier}"
    );
    c.execute(
        "document.querySelector('#dossier-coercions').scrollIntoView()",
        Vec::new(),
    )
    .await
    .unwrap();
    screenshot(&c, "dossier-coercions").await;
}

#[tokio::test]
async fn a_keeper_receives_counts_and_disposes_of_evidence() {
    let extra = concat!(
        r#"{"type":"accepted","case":"HN-KV1/2026/0905","on":"2026-10-02","agency":"HN-KV1","mode":"ex_officio","amount":20000000,"categories":["state_budget"],"decision":"905/QĐ-CCTHADS","judgment":"88/2026/HS-ST","judgment_kind":"criminal","debtor":{"name":"Nguyễn Văn Tâm"},"creditor":{"name":"Ngân sách nhà nước"}}"#,
        "\n",
        r#"{"type":"warehouse","code":"HN-K1","agency":"HN","name":"Kho vật chứng trung tâm","area_m2":12,"rooms":["safe","weapons","hazardous"]}"#,
        "\n",
        r#"{"type":"warehouse","code":"HN-K2","agency":"HN","name":"Kho vật chứng số 2","area_m2":40}"#,
        "\n",
        r#"{"type":"received","on":"2020-05-12","item":"HN-K1/2020/001","warehouse":"HN-K1","kind":"other","description":"Máy cắt kim loại","quantity":1,"unit":"chiếc","area_m2":0.5}"#,
        "\n",
    );
    let journal = format!("{}{extra}", test_data("sample/sample-2000.jsonl"));
    let (base, db) = server_of(&journal).await;
    let thads = Thads::open(&db.url, db.key()).await.unwrap();
    let console = Actor::console("root", "may-chu-1");
    let keeper = AccountName::parse("thukho.hn").unwrap();
    let hn = AgencyCode::parse("HN").unwrap();
    thads
        .add_account(&console, &keeper, Role::Keeper, Some(&hn), PASSWORD)
        .await
        .unwrap();
    let k1 = thads_core::coordination::Code::parse("HN-K1").unwrap();
    thads
        .link_warehouses(&console, &keeper, &[k1])
        .await
        .unwrap();

    let (c, _driver) = browser().await;
    // The keeper's home is the warehouses it keeps: HN-K1, not HN-K2.
    sign_in(&c, &base, "thukho.hn", PASSWORD).await;
    assert!(
        c.current_url()
            .await
            .unwrap()
            .path()
            .ends_with("/warehouses")
    );
    let page = text(&c, "main").await;
    assert!(page.contains("HN-K1") && !page.contains("HN-K2"), "{page}");
    let nav = text(&c, "header nav").await;
    assert!(
        !nav.contains("Báo cáo") && !nav.contains("Việc thi hành án"),
        "{nav}"
    );

    // Two items received, the first against minutes that list more.
    c.goto(&format!("{base}/warehouses/HN-K1")).await.unwrap();
    let receive = |kind: &'static str, what: &'static str, area: &'static str, on: &'static str| {
        let c = &c;
        async move {
            fill(c, "#receive-case", "HN-KV1/2026/0905").await;
            choose(c, "#receive-kind", kind).await;
            fill(c, "#receive-description", what).await;
            fill(c, "#receive-quantity", "1").await;
            fill(c, "#receive-unit", "chiếc").await;
            fill(c, "#receive-area", area).await;
            fill(c, "#receive-seals", "Niêm phong số 0912").await;
            fill(c, "#receive-place", "Khu A, kệ 2").await;
            fill(c, "#receive-on", on).await;
            click(c, "#receive-submit").await;
        }
    };
    fill(
        &c,
        "#receive-discrepancy",
        "Biên bản thu giữ ghi 2 mũ bảo hiểm, thực nhận 1",
    )
    .await;
    receive(
        "vehicle",
        "Xe mô tô Honda Wave biển số 29X1-123.45",
        "4,5",
        "02/11/2026",
    )
    .await;
    receive("hazardous", "Pháo nổ các loại", "7", "03/11/2026").await;
    let items = text(&c, "#warehouse-items-table").await;
    assert!(
        items.contains("HN-K1/2026/001") && items.contains("HN-K1/2026/002"),
        "{items}"
    );
    assert!(items.contains("thực nhận 1"), "{items}");
    // 12 m² of 12 taken: the alert is up.
    assert_eq!(text(&c, "#warehouse-items").await, "3");
    assert!(
        text(&c, "#warehouse-occupied")
            .await
            .starts_with("12 m² (100,00%)")
    );
    assert!(c.find(Locator::Css("#warehouse-alert")).await.is_ok());
    // The machine of 2020 with no judgment is listed for sale.
    assert!(
        text(&c, "#warehouse-unidentified")
            .await
            .contains("HN-K1/2020/001")
    );
    screenshot(&c, "warehouse").await;

    // The count finds the fireworks missing.
    fill(&c, "input[name='counted:HN-K1/2020/001']", "1").await;
    fill(&c, "input[name='counted:HN-K1/2026/001']", "1").await;
    fill(&c, "#count-minutes", "Biên bản kiểm kê ngày 05/11/2026").await;
    fill(&c, "#count-on", "05/11/2026").await;
    click(&c, "#count-submit").await;
    let counts = text(&c, "#warehouse-counts").await;
    assert!(
        counts.contains("HN-K1/2026/002: không tìm thấy"),
        "{counts}"
    );

    // The motorbike goes back to its owner.
    fill(&c, "#issue-item", "HN-K1/2026/001").await;
    choose(&c, "#issue-purpose", "return").await;
    fill(&c, "#issue-to", "Nguyễn Văn An").await;
    fill(&c, "#issue-decision", "12/QĐ-CTHADS").await;
    fill(&c, "#issue-on", "10/11/2026").await;
    click(&c, "#issue-submit").await;
    assert!(
        !text(&c, "#warehouse-items-table")
            .await
            .contains("HN-K1/2026/001")
    );
    // Its issue slip (C05) is offered, and downloads as a Word file.
    let offered = text(&c, "#warehouse-slip").await;
    assert!(
        offered.contains("Phiếu xuất kho (C05) HN-K1/2026/001"),
        "{offered}"
    );
    let docx = download_link(&c, &base, "#warehouse-slip a").await;
    assert!(docx.starts_with(b"PK"), "a .docx is a zip");

    // A council of two is refused; of three, it destroys the fireworks.
    let council = |members: &'static str| {
        let c = &c;
        async move {
            fill(c, "#council-code", "HN/HDTH/2026/1").await;
            fill(c, "#council-members", members).await;
            tick(c, "input[name=items][value='HN-K1/2026/002']").await;
            fill(c, "#council-on", "12/11/2026").await;
            click(c, "#council-submit").await;
        }
    };
    council("Phó Cục trưởng\nĐại diện Sở Tài chính").await;
    let error = text(&c, "#warehouse-error").await;
    assert!(error.contains("ít nhất 3 thành viên"), "{error}");
    council("Phó Cục trưởng\nĐại diện Sở Tài chính\nChấp hành viên").await;
    assert!(text(&c, "#warehouse-owed").await.contains("HN/HDTH/2026/1"));
    fill(&c, "#issue-item", "HN-K1/2026/002").await;
    choose(&c, "#issue-purpose", "destroy").await;
    fill(&c, "#issue-council", "HN/HDTH/2026/1").await;
    fill(&c, "#issue-minutes", "Biên bản tiêu hủy số 01").await;
    fill(&c, "#issue-on", "20/11/2026").await;
    click(&c, "#issue-submit").await;
    assert!(!text(&c, "#warehouse-owed").await.contains("HN/HDTH/2026/1"));
    assert_eq!(text(&c, "#warehouse-items").await, "1");
    assert!(c.find(Locator::Css("#warehouse-alert")).await.is_err());

    // The register (form 13), downloaded with the keeper's session, holds
    // every item and how it left.
    use calamine::{Data, Reader, Xlsx, open_workbook_from_rs};
    let bytes = download(&c, &base, "/warehouses/HN-K1/register.xlsx").await;
    let mut book: Xlsx<_> = open_workbook_from_rs(std::io::Cursor::new(bytes)).unwrap();
    let sheet = book.worksheet_range("Mẫu 13").unwrap();
    assert_eq!(
        sheet.get_value((6, 12)),
        Some(&Data::String("đã tiêu hủy".into()))
    );
    // The stock as of the day before the issues: three items.
    c.goto(&format!("{base}/warehouses?as_of=09/11/2026"))
        .await
        .unwrap();
    let row = text(&c, "#stock-HN-K1").await;
    assert!(row.contains("Sắp đầy"), "{row}");
    screenshot(&c, "warehouses").await;

    // A leader of the province sees both warehouses, and no form.
    sign_out(&c).await;
    sign_in(&c, &base, "lanhdao.hn", PASSWORD).await;
    c.goto(&format!("{base}/warehouses")).await.unwrap();
    assert!(text(&c, "#warehouses-stock").await.contains("HN-K2"));
    c.goto(&format!("{base}/warehouses/HN-K1")).await.unwrap();
    assert!(c.find(Locator::Css("#warehouse-receive")).await.is_err());
}
