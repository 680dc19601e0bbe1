//! The official forms as an Excel workbook, read back by an independent
//! reader (calamine): for every golden report, each form's total row holds
//! exactly the numbers of the JSON report, as numbers, and each category's
//! sheets hold that category's report. And LibreOffice opens them with
//! those numbers: it converts them headless, and the converted files are
//! read back (LibreOffice Calc must be installed: `apt install
//! libreoffice-calc-nogui`; `.ci/run` does it).

use calamine::{Data, Ods, Range, Reader, Xlsx, open_workbook_from_rs};
use thads_core::report::Line;
use thads_core::{AgencyCode, Category, Day};
use thads_service::{Actor, PeriodReport, ReportRequest, Thads, period_report, render};
use thads_testdb::{TestDatabase, test_data};

const CASE_KEYS: [&str; 14] = [
    "total",
    "carried_in",
    "new",
    "entrusted_out",
    "to_enforce",
    "enforceable",
    "completed",
    "terminated",
    "in_progress",
    "postponed",
    "suspended",
    "not_enforceable",
    "carried_out",
    "rate",
];
const MONEY_KEYS: [&str; 15] = [
    "total",
    "carried_in",
    "new",
    "entrusted_out",
    "to_enforce",
    "enforceable",
    "completed",
    "terminated",
    "reduced",
    "in_progress",
    "postponed",
    "suspended",
    "not_enforceable",
    "carried_out",
    "rate",
];

fn console() -> Actor {
    Actor::console("thu", "may-chu-1")
}

/// The numbers of a sheet's row from its second column on (an empty rate
/// cell is `null`).
fn numbers(
    workbook: &mut Xlsx<std::io::Cursor<Vec<u8>>>,
    sheet: &str,
    row: u32,
) -> Vec<serde_json::Value> {
    row_numbers(&workbook.worksheet_range(sheet).unwrap(), sheet, row)
}

fn row_numbers(range: &Range<Data>, sheet: &str, row: u32) -> Vec<serde_json::Value> {
    (1..range.end().unwrap().1 + 1)
        .map(|col| match range.get_value((row, col)) {
            Some(Data::Float(f)) => serde_json::json!(f),
            Some(Data::Int(i)) => serde_json::json!(*i as f64),
            Some(Data::String(s)) if s.is_empty() => serde_json::Value::Null,
            Some(Data::Empty) | None => serde_json::Value::Null,
            other => panic!("{sheet} row {row} col {col}: not a number: {other:?}"),
        })
        .collect()
}

fn expected_numbers(form: &serde_json::Value, keys: &[&str]) -> Vec<serde_json::Value> {
    keys.iter()
        .map(|k| match &form[*k] {
            serde_json::Value::Null => serde_json::Value::Null,
            v => serde_json::json!(v.as_f64().unwrap()),
        })
        .collect()
}

fn text(workbook: &mut Xlsx<std::io::Cursor<Vec<u8>>>, sheet: &str, row: u32, col: u32) -> String {
    let range = workbook.worksheet_range(sheet).unwrap();
    match range.get_value((row, col)) {
        Some(Data::String(s)) => s.clone(),
        other => panic!("{sheet} ({row}, {col}): {other:?}"),
    }
}

/// The golden reports of the sample, each with its line.
fn expected_reports() -> Vec<(String, serde_json::Value)> {
    test_data("sample/sample-2000.expected.jsonl")
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| (l.to_owned(), serde_json::from_str(l).unwrap()))
        .collect()
}

/// The request a golden report answers.
fn request_of(expected: &serde_json::Value) -> ReportRequest {
    let day = |k: &str| expected[k].as_str().unwrap().parse::<Day>().unwrap();
    ReportRequest {
        from: day("from"),
        to: day("to"),
        agency: expected["agency"]
            .as_str()
            .map(|a| AgencyCode::parse(a).unwrap()),
        category: expected["category"]
            .as_str()
            .map(|c| Category::parse(c).unwrap()),
        by_agency: false,
        by_category: false,
        as_recorded: None,
        by_executor: false,
        by: None,
        judgment_kind: None,
        mode: None,
    }
}

/// The report of the official workbook: the request, with a row per agency
/// and the same for each category.
async fn book(thads: &Thads, expected: &serde_json::Value) -> PeriodReport {
    let request = ReportRequest {
        by_agency: true,
        by_category: true,
        ..request_of(expected)
    };
    let snapshot = thads.snapshot().await.unwrap();
    period_report(&snapshot, &console(), request).unwrap()
}

async fn sample_store() -> (Thads, TestDatabase) {
    let db = TestDatabase::migrated();
    let thads = Thads::open(&db.url, db.key()).await.unwrap();
    let sample = test_data("sample/sample-2000.jsonl");
    thads
        .import(&console(), "sample", sample.as_bytes(), &mut |_| {})
        .await
        .unwrap();
    (thads, db)
}

#[tokio::test]
async fn the_forms_hold_the_numbers_of_the_json_report() {
    let (thads, _db) = sample_store().await;
    for (line, expected) in expected_reports() {
        let book = book(&thads, &expected).await;
        let bytes = render::xlsx(&book).unwrap();
        let mut workbook: Xlsx<_> = open_workbook_from_rs(std::io::Cursor::new(bytes)).unwrap();
        let total_row = 6 + book.rows.len() as u32;
        let label = text(&mut workbook, "Biểu 1 - Về việc", total_row, 0);
        assert_eq!(label, "Tổng cộng");
        assert_eq!(
            numbers(&mut workbook, "Biểu 1 - Về việc", total_row),
            expected_numbers(&expected["cases"], &CASE_KEYS),
            "{line}"
        );
        assert_eq!(
            numbers(&mut workbook, "Biểu 2 - Về tiền", total_row),
            expected_numbers(&expected["money"], &MONEY_KEYS),
            "{line}"
        );
        // The headings: line numbers under their Vietnamese names.
        assert_eq!(
            text(&mut workbook, "Biểu 1 - Về việc", 4, 7),
            "Thi hành xong"
        );
        assert_eq!(text(&mut workbook, "Biểu 1 - Về việc", 5, 7), "(7)");
        assert!(
            text(&mut workbook, "Biểu 2 - Về tiền", 2, 0).contains(&format!(
                "Từ ngày {}",
                expected["from"]
                    .as_str()
                    .unwrap()
                    .split('-')
                    .rev()
                    .collect::<Vec<_>>()
                    .join("/")
            ))
        );
        // Each office's row, and each category's sheets, hold their reports.
        for (i, (agency, report)) in book.rows.iter().enumerate() {
            assert_eq!(
                text(&mut workbook, "Biểu 1 - Về việc", 6 + i as u32, 0),
                agency.name
            );
            let json: serde_json::Value =
                serde_json::from_str(&render::json(&thads_service::PeriodReport {
                    request: book.request.clone(),
                    scope: None,
                    total: *report,
                    rows: Vec::new(),
                    by_category: Vec::new(),
                    closed: None,
                    cosigning: None,
                    executors: Vec::new(),
                    form3: Vec::new(),
                    parts: Vec::new(),
                }))
                .unwrap();
            assert_eq!(
                numbers(&mut workbook, "Biểu 2 - Về tiền", 6 + i as u32),
                expected_numbers(&json["money"], &MONEY_KEYS)
            );
        }
        for (category, report) in &book.by_category {
            let sheet = match category {
                Category::StateBudget => "Ngân sách NN - về tiền",
                Category::CreditInstitution => "Tổ chức tín dụng - về tiền",
                Category::CorruptionEconomic => "Tham nhũng, kinh tế - về tiền",
                Category::StateCompensation => "Bồi thường NN - về tiền",
            };
            let json: serde_json::Value = serde_json::from_str(&render::json(report)).unwrap();
            assert_eq!(
                numbers(&mut workbook, sheet, 6 + report.rows.len() as u32),
                expected_numbers(&json["money"], &MONEY_KEYS),
                "{sheet}"
            );
        }
    }
}

#[tokio::test]
async fn libreoffice_opens_the_forms_with_the_numbers_of_the_json_report() {
    let (thads, _db) = sample_store().await;
    let dir = tempfile::tempdir().unwrap();
    let mut files = Vec::new();
    for (i, (_, expected)) in expected_reports().into_iter().enumerate() {
        let book = book(&thads, &expected).await;
        let path = dir.path().join(format!("bieu-{i}.xlsx"));
        std::fs::write(&path, render::xlsx(&book).unwrap()).unwrap();
        files.push((path, expected, book));
    }
    // One LibreOffice, with a profile of its own, converts them all to
    // OpenDocument: what it read is what it writes.
    let converted = dir.path().join("ods");
    let status = std::process::Command::new("soffice")
        .arg(format!(
            "-env:UserInstallation=file://{}",
            dir.path().join("profile").display()
        ))
        .args(["--headless", "--convert-to", "ods", "--outdir"])
        .arg(&converted)
        .args(files.iter().map(|(path, _, _)| path))
        .stdout(std::process::Stdio::null())
        .status()
        .expect("this test needs LibreOffice Calc: apt install libreoffice-calc-nogui");
    assert!(status.success());
    for (path, expected, book) in files {
        let ods = converted.join(path.with_extension("ods").file_name().unwrap());
        let bytes = std::fs::read(&ods).unwrap_or_else(|e| panic!("{}: {e}", ods.display()));
        let mut workbook: Ods<_> = open_workbook_from_rs(std::io::Cursor::new(bytes)).unwrap();
        let total_row = 6 + book.rows.len() as u32;
        let sheet = |workbook: &mut Ods<_>, name: &str| workbook.worksheet_range(name).unwrap();
        assert_eq!(
            row_numbers(
                &sheet(&mut workbook, "Biểu 1 - Về việc"),
                "cases",
                total_row
            ),
            expected_numbers(&expected["cases"], &CASE_KEYS),
            "{expected}"
        );
        assert_eq!(
            row_numbers(
                &sheet(&mut workbook, "Biểu 2 - Về tiền"),
                "money",
                total_row
            ),
            expected_numbers(&expected["money"], &MONEY_KEYS),
            "{expected}"
        );
        for (category, report) in &book.by_category {
            let name = match category {
                Category::StateBudget => "Ngân sách NN - về việc",
                Category::CreditInstitution => "Tổ chức tín dụng - về việc",
                Category::CorruptionEconomic => "Tham nhũng, kinh tế - về việc",
                Category::StateCompensation => "Bồi thường NN - về việc",
            };
            let json: serde_json::Value = serde_json::from_str(&render::json(report)).unwrap();
            let row = 6 + report.rows.len() as u32;
            assert_eq!(
                row_numbers(&sheet(&mut workbook, name), name, row),
                expected_numbers(&json["cases"], &CASE_KEYS),
                "{name}"
            );
        }
    }
}

/// A layout of two sheets, other than the built-in one: what a province
/// would write when new official templates come out.
const NEW_TEMPLATES: &str = r#"
[[sheet]]
name = "Mẫu 01 - Kết quả"
rows = "agencies"
form = "money"
title = "KẾT QUẢ THI HÀNH ÁN DÂN SỰ (mẫu mới)"
row_heading = "Cơ quan thi hành án"
columns = ["7", "6", "rate"]
headings = ["Xong", "Có điều kiện", "Tỷ lệ xong"]
first_width = 30
width = 15

[[sheet]]
name = "Mẫu 02 - TCTD"
rows = "agencies"
form = "cases"
category = "credit_institution"
title = "VIỆC LIÊN QUAN TỔ CHỨC TÍN DỤNG"
row_heading = "Đơn vị"
columns = ["1", "14"]
first_width = 30
width = 11
"#;

#[tokio::test]
async fn a_layout_file_lays_out_the_workbook_without_a_rebuild() {
    let (thads, _db) = sample_store().await;
    let folder = tempfile::tempdir().unwrap();
    let path = folder.path().join("mau-moi.toml");
    std::fs::write(&path, NEW_TEMPLATES).unwrap();
    let layout = thads_service::workbook::read(&path).unwrap();
    let (line, expected) = expected_reports().remove(0);
    let book = book(&thads, &expected).await;
    let bytes = render::xlsx_in(&layout, &book, render::Annexes::default()).unwrap();
    let mut workbook: Xlsx<_> = open_workbook_from_rs(std::io::Cursor::new(bytes)).unwrap();
    assert_eq!(
        workbook.sheet_names(),
        ["Mẫu 01 - Kết quả", "Mẫu 02 - TCTD"]
    );
    let sheet = "Mẫu 01 - Kết quả";
    assert_eq!(
        text(&mut workbook, sheet, 1, 0),
        "KẾT QUẢ THI HÀNH ÁN DÂN SỰ (mẫu mới)"
    );
    assert_eq!(text(&mut workbook, sheet, 4, 0), "Cơ quan thi hành án");
    assert_eq!(text(&mut workbook, sheet, 4, 1), "Xong");
    assert_eq!(text(&mut workbook, sheet, 5, 1), "(7)");
    assert_eq!(text(&mut workbook, sheet, 5, 3), "(15)");
    let total_row = 6 + book.rows.len() as u32;
    assert_eq!(
        numbers(&mut workbook, sheet, total_row),
        expected_numbers(&expected["money"], &["completed", "enforceable", "rate"]),
        "{line}"
    );
    // The category's sheet holds the category's report, its headings the
    // lines' official names.
    let credit = book
        .by_category
        .iter()
        .find(|(c, _)| *c == Category::CreditInstitution)
        .map(|(_, r)| r.total.cases)
        .unwrap();
    let sheet = "Mẫu 02 - TCTD";
    assert_eq!(text(&mut workbook, sheet, 4, 2), "Chuyển kỳ sau");
    assert_eq!(
        numbers(&mut workbook, sheet, total_row),
        [
            serde_json::json!(credit.line(Line::Total) as f64),
            serde_json::json!(credit.line(Line::CarriedOut) as f64)
        ]
    );
    // Without rows by category, the category's sheet is left out.
    let plain = PeriodReport {
        by_category: Vec::new(),
        ..book
    };
    let bytes = render::xlsx_in(&layout, &plain, render::Annexes::default()).unwrap();
    let workbook: Xlsx<_> = open_workbook_from_rs(std::io::Cursor::new(bytes)).unwrap();
    assert_eq!(workbook.sheet_names(), ["Mẫu 01 - Kết quả"]);
    // A faulty file is refused, naming itself, the sheet and the field.
    std::fs::write(&path, NEW_TEMPLATES.replace("\"14\"]", "\"16\"]")).unwrap();
    let error = thads_service::workbook::read(&path)
        .unwrap_err()
        .to_string();
    assert!(
        error.ends_with(
            "mau-moi.toml, sheet 2: column “16” is not a line of the forms (1 to 14) or rate"
        ),
        "{error}"
    );
}
