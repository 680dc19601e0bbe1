//! The case register as a spreadsheet: a register exported from the sample
//! and imported into an empty store gives the same statistical-year report
//! as of its day, in Excel and in CSV; and every malformed spreadsheet is
//! refused, naming the row and the column, with nothing stored.

use thads_core::journal::{Fault, Record, parse_line};
use thads_core::text::Lang;
use thads_core::{AgencyCode, Category, Day, Vnd};
use thads_service::register::{Column, RegisterBook, sheet};
use thads_service::{Actor, FileKind, ImportError, ReportRequest, Thads, period_report};
use thads_testdb::{TestDatabase, test_data};

fn console() -> Actor {
    Actor::console("thu", "may-chu-1")
}

fn day(s: &str) -> Day {
    s.parse().unwrap()
}

/// The sample's agency declarations, as a journal of their own.
fn agency_lines() -> String {
    test_data("sample/sample-2000.jsonl")
        .lines()
        .filter(|l| matches!(parse_line(l), Ok(Record::Agency(_))))
        .map(|l| format!("{l}\n"))
        .collect()
}

async fn empty_store() -> (Thads, TestDatabase) {
    let db = TestDatabase::migrated();
    let thads = Thads::open(&db.url, db.key()).await.unwrap();
    (thads, db)
}

async fn import(thads: &Thads, name: &str, bytes: &[u8]) -> Result<(), ImportError> {
    let kind = FileKind::of(name);
    thads
        .import_file(&console(), name, kind, bytes, &mut |_| {})
        .await
        .map(|_| ())
}

/// Every report the statistical year to `as_of` has: the whole system and
/// each agency, each with its rows by agency, whole and by category.
async fn year_reports(thads: &Thads, from: Day, as_of: Day) -> Vec<String> {
    let snapshot = thads.snapshot().await.unwrap();
    let scopes =
        std::iter::once(None).chain(snapshot.agencies.iter().map(|a| Some(a.code.clone())));
    let mut reports = Vec::new();
    for agency in scopes {
        let categories = std::iter::once(None).chain(Category::ALL.map(Some));
        for category in categories {
            let request = ReportRequest {
                from,
                to: as_of,
                agency: agency.clone(),
                category,
                by_agency: true,
                by_category: false,
                as_recorded: None,
                by_executor: false,
                by: None,
                judgment_kind: None,
                mode: None,
            };
            let report = period_report(&snapshot, &console(), request).unwrap();
            reports.push(thads_service::render::json(&report));
        }
    }
    reports
}

#[tokio::test]
async fn a_register_reimported_gives_the_same_report_as_of_its_day() {
    let (original, _a) = empty_store().await;
    let sample = test_data("sample/sample-2000.jsonl");
    import(&original, "sample.jsonl", sample.as_bytes())
        .await
        .unwrap();
    let agency_lines = agency_lines();
    for as_of in [day("2024-12-31"), day("2025-06-30"), day("2025-09-30")] {
        let book = original.register(&console(), None, as_of).await.unwrap();
        assert!(book.rows.len() > 1000, "{as_of}: {}", book.rows.len());
        assert!(book.rows.iter().all(|r| r.accepted_on <= as_of));
        let year = as_of.statistical_year().0;
        let expected = year_reports(&original, year, as_of).await;
        let since_ever = year_reports(&original, day("2000-01-01"), as_of).await;

        // As a workbook, into an empty store: its agencies come with it.
        let (from_xlsx, _b) = empty_store().await;
        let xlsx = sheet::write_xlsx(&book).unwrap();
        import(&from_xlsx, "so-thu-ly.xlsx", &xlsx).await.unwrap();
        assert_eq!(
            year_reports(&from_xlsx, year, as_of).await,
            expected,
            "{as_of}"
        );
        assert_eq!(
            year_reports(&from_xlsx, day("2000-01-01"), as_of).await,
            since_ever,
            "{as_of}"
        );
        // And it is the same register again.
        let again = from_xlsx.register(&console(), None, as_of).await.unwrap();
        assert_eq!(again, book, "{as_of}");

        // As CSV, into a store that knows the agencies.
        let (from_csv, _c) = empty_store().await;
        import(&from_csv, "agencies.jsonl", agency_lines.as_bytes())
            .await
            .unwrap();
        let csv = sheet::write_csv(&book);
        import(&from_csv, "so-thu-ly.csv", &csv).await.unwrap();
        assert_eq!(
            year_reports(&from_csv, year, as_of).await,
            expected,
            "{as_of}"
        );
        let again = from_csv.register(&console(), None, as_of).await.unwrap();
        assert_eq!(sheet::write_csv(&again), csv, "{as_of}");
    }
}

#[tokio::test]
async fn a_register_of_one_agency_holds_its_cases_only() {
    let (thads, _db) = empty_store().await;
    let sample = test_data("sample/sample-2000.jsonl");
    import(&thads, "sample.jsonl", sample.as_bytes())
        .await
        .unwrap();
    let hn = AgencyCode::parse("HN").unwrap();
    let book = thads
        .register(&console(), Some(&hn), day("2025-06-30"))
        .await
        .unwrap();
    // Exactly the national register's rows of HN and the offices below it.
    let national = thads
        .register(&console(), None, day("2025-06-30"))
        .await
        .unwrap();
    let of_hn: Vec<_> = national
        .rows
        .into_iter()
        .filter(|r| {
            let agency = r.acceptance.agency.as_str();
            agency == "HN" || agency.starts_with("HN-")
        })
        .collect();
    assert!(!of_hn.is_empty());
    assert_eq!(book.rows, of_hn);
    assert_eq!(book.agencies, national.agencies);
    let unknown = AgencyCode::parse("XX").unwrap();
    assert!(
        thads
            .register(&console(), Some(&unknown), day("2025-06-30"))
            .await
            .is_err()
    );
}

#[test]
fn the_template_holds_every_heading_and_no_row() {
    let template = RegisterBook::default();
    let csv = String::from_utf8(sheet::write_csv(&template)).unwrap();
    let headings: Vec<&str> = Column::ALL.iter().map(|c| c.heading()).collect();
    let csv = csv
        .strip_prefix('\u{feff}')
        .expect("a byte-order mark for Excel");
    let mut reader = csv::Reader::from_reader(csv.as_bytes());
    assert_eq!(
        reader.headers().unwrap().iter().collect::<Vec<_>>(),
        headings
    );
    assert_eq!(reader.records().count(), 0);

    use calamine::{Reader, Xlsx};
    let xlsx = sheet::write_xlsx(&template).unwrap();
    let mut book: Xlsx<_> = calamine::open_workbook_from_rs(std::io::Cursor::new(xlsx)).unwrap();
    assert_eq!(book.sheet_names(), ["Sổ thụ lý", "Đơn vị", "Hướng dẫn"]);
    let sheet = book.worksheet_range("Sổ thụ lý").unwrap();
    assert_eq!(sheet.height(), 1);
    let read: Vec<String> = sheet
        .rows()
        .next()
        .unwrap()
        .iter()
        .map(|c| c.to_string())
        .collect();
    assert_eq!(read, headings);
    let guide = book.worksheet_range("Hướng dẫn").unwrap();
    assert!(guide.height() > Column::ALL.len());
}

/// A cell of a test workbook.
#[derive(Clone)]
enum V {
    S(&'static str),
    N(f64),
    D(u16, u8, u8),
    Empty,
}

/// A valid row for HN-KV1, by column.
fn valid_row(code: &'static str) -> Vec<(Column, V)> {
    use V::*;
    vec![
        (Column::Code, S(code)),
        (Column::Decision, S("12/QĐ-CCTHADS")),
        (Column::Judgment, S("45/2024/DS-ST")),
        (Column::Agency, S("HN-KV1")),
        (Column::Mode, S("Theo đơn")),
        (Column::Categories, S("Tổ chức tín dụng")),
        (Column::Debtor, S("Lò Văn Hùng")),
        (Column::DebtorId, S("014123456789")),
        (Column::Creditor, S("Ngân hàng Nông nghiệp")),
        (Column::AcceptedOn, D(2025, 1, 15)),
        (Column::Amount, N(150_000_000.0)),
        (Column::Collected, N(50_000_000.0)),
        (Column::CollectedOn, D(2025, 3, 10)),
        (Column::Status, S("Đang thi hành")),
    ]
}

fn with(mut row: Vec<(Column, V)>, column: Column, value: V) -> Vec<(Column, V)> {
    row.retain(|(c, _)| *c != column);
    row.push((column, value));
    row
}

/// A workbook with the given headings and rows (row 2 on), and cells
/// merged over `merge` (first row, first column, last row, last column,
/// from 0), holding "HN-KV1".
fn workbook(
    columns: &[Column],
    rows: &[Vec<(Column, V)>],
    merge: Option<(u32, u16, u32, u16)>,
) -> Vec<u8> {
    use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    sheet.set_name("Sổ thụ lý").unwrap();
    let date = Format::new().set_num_format("dd/mm/yyyy");
    for (c, column) in columns.iter().enumerate() {
        sheet.write_string(0, c as u16, column.heading()).unwrap();
    }
    for (r, row) in rows.iter().enumerate() {
        for (column, value) in row {
            let Some(c) = columns.iter().position(|x| x == column) else {
                continue;
            };
            let (r, c) = (r as u32 + 1, c as u16);
            match value {
                V::S(s) => {
                    sheet.write_string(r, c, *s).unwrap();
                }
                V::N(n) => {
                    sheet.write_number(r, c, *n).unwrap();
                }
                V::D(y, m, d) => {
                    let at = ExcelDateTime::from_ymd(*y, *m, *d).unwrap();
                    sheet.write_datetime_with_format(r, c, &at, &date).unwrap();
                }
                V::Empty => {}
            }
        }
    }
    if let Some((r1, c1, r2, c2)) = merge {
        sheet
            .merge_range(r1, c1, r2, c2, "HN-KV1", &Format::new())
            .unwrap();
    }
    book.save_to_buffer().unwrap()
}

/// A store with the sample's agencies, and what importing `bytes` as a
/// workbook says: every fault as text (or none).
async fn refusals(bytes: &[u8]) -> Result<Vec<String>, ImportError> {
    let (thads, _db) = empty_store().await;
    let sample = test_data("sample/sample-2000.jsonl");
    import(&thads, "sample.jsonl", sample.as_bytes())
        .await
        .unwrap();
    let before = thads.snapshot().await.unwrap().ledger.case_count();
    let result = import(&thads, "so-thu-ly.xlsx", bytes).await;
    let after = thads.snapshot().await.unwrap().ledger.case_count();
    match result {
        Ok(()) => {
            assert!(after > before);
            Ok(Vec::new())
        }
        Err(ImportError::Invalid(faults)) => {
            assert_eq!(after, before, "nothing stored");
            // What the spreadsheet gets wrong is said in Vietnamese too.
            for fault in faults.listed() {
                let (vi, en) = (Lang::Vi.say(&fault.reason), Lang::En.say(&fault.reason));
                assert_ne!(vi, en, "{fault}");
            }
            Ok(faults.listed().iter().map(Fault::to_string).collect())
        }
        Err(e) => {
            assert_eq!(after, before, "nothing stored");
            Err(e)
        }
    }
}

#[tokio::test]
async fn a_valid_workbook_with_text_dates_and_grouped_amounts_is_imported() {
    let all = Column::ALL;
    let rows = [
        valid_row("HN-KV1/REG/1"),
        // Dates typed as text, amounts with Vietnamese separators.
        with(
            with(
                with(
                    valid_row("HN-KV1/REG/2"),
                    Column::AcceptedOn,
                    V::S("15/01/2025"),
                ),
                Column::Amount,
                V::S("150.000.000 đ"),
            ),
            Column::Collected,
            V::S("1.500.000,00"),
        ),
    ];
    let faults = refusals(&workbook(&all, &rows, None)).await.unwrap();
    assert_eq!(faults, Vec::<String>::new());

    // And the second row reads as the first would.
    let (thads, _db) = empty_store().await;
    import(&thads, "agencies.jsonl", agency_lines().as_bytes())
        .await
        .unwrap();
    import(&thads, "so.xlsx", &workbook(&all, &rows, None))
        .await
        .unwrap();
    let book = thads
        .register(&console(), None, day("2025-12-31"))
        .await
        .unwrap();
    let second = &book.rows[1];
    assert_eq!(second.accepted_on, day("2025-01-15"));
    assert_eq!(second.acceptance.amount, Vnd(150_000_000));
    assert_eq!(second.collected.total, Vnd(1_500_000));
    assert_eq!(second.acceptance.debtor.id.as_deref(), Some("014123456789"));
}

/// Checks that a workbook is refused with exactly these faults.
async fn check(
    columns: Vec<Column>,
    rows: Vec<Vec<(Column, V)>>,
    merge: Option<(u32, u16, u32, u16)>,
    expected: Vec<&str>,
) {
    let faults = refusals(&workbook(&columns, &rows, merge)).await.unwrap();
    assert_eq!(faults, expected);
}

#[tokio::test]
async fn malformed_workbooks_are_refused_by_row_and_column() {
    let all = Column::ALL.to_vec();

    // A missing column.
    let without_date: Vec<Column> = all
        .iter()
        .copied()
        .filter(|c| *c != Column::AcceptedOn)
        .collect();
    check(
        without_date,
        vec![valid_row("HN-KV1/M/1")],
        None,
        vec!["row 1, column “Ngày thụ lý”: this column is missing: the heading row must name every required column of the template"],
    )
    .await;

    // Merged cells: the agency written once for two rows.
    let agency = all.iter().position(|c| *c == Column::Agency).unwrap() as u16;
    check(
        all.clone(),
        vec![
            valid_row("HN-KV1/M/2"),
            with(valid_row("HN-KV1/M/3"), Column::Agency, V::Empty),
        ],
        Some((1, agency, 2, agency)),
        vec![
            "row 2, column “Cơ quan thụ lý”: cells are merged (rows 2 to 3): unmerge them and write the value in every cell",
            "row 3, column “Cơ quan thụ lý”: this cell must not be empty",
        ],
    )
    .await;

    // Dates typed as text that are not dates; a date as a bare number.
    check(
        all.clone(),
        vec![
            with(valid_row("HN-KV1/M/4"), Column::AcceptedOn, V::S("31/02/2025")),
            with(valid_row("HN-KV1/M/5"), Column::AcceptedOn, V::S("15 tháng 1 năm 2025")),
            with(valid_row("HN-KV1/M/6"), Column::CollectedOn, V::N(45726.0)),
        ],
        None,
        vec![
            "row 2, column “Ngày thụ lý”: “31/02/2025” is not a date of the calendar",
            "row 3, column “Ngày thụ lý”: “15 tháng 1 năm 2025” is not a date: write it as dd/mm/yyyy (for example 15/01/2025)",
            "row 4, column “Ngày thu gần nhất”: 45726 is a number, not a date: write the date as dd/mm/yyyy or format the cell as a date",
        ],
    )
    .await;

    // Numbers: a comma is the decimal mark, not a thousands separator.
    check(
        all.clone(),
        vec![
            with(valid_row("HN-KV1/M/7"), Column::Amount, V::S("150,000,000")),
            with(valid_row("HN-KV1/M/8"), Column::Amount, V::S("1.500.000,50")),
            with(valid_row("HN-KV1/M/9"), Column::Amount, V::S("15.00.000")),
            with(valid_row("HN-KV1/M/10"), Column::Collected, V::N(0.5)),
            with(valid_row("HN-KV1/M/11"), Column::DebtorId, V::N(14123456789.0)),
        ],
        None,
        vec![
            "row 2, column “Số tiền phải thi hành (đồng)”: “150,000,000” is not a whole number of đồng",
            "row 3, column “Số tiền phải thi hành (đồng)”: “1.500.000,50” is not a whole number of đồng",
            "row 4, column “Số tiền phải thi hành (đồng)”: “15.00.000” is not an amount in đồng: write 150000000 or 150.000.000 (the dot groups thousands)",
            "row 5, column “Đã thu (đồng)”: 0.5 is not a whole number of đồng (0 or more)",
            "row 6, column “Số định danh người phải thi hành án”: 14123456789 is typed as a number, which drops a leading 0: format the cell as text and type the number again",
        ],
    )
    .await;

    // Rows that contradict themselves or the store.
    check(
        all.clone(),
        vec![
            with(valid_row("HN-KV1/M/12"), Column::Status, V::S("Thi hành xong")),
            with(valid_row("HN-KV1/M/13"), Column::CollectedOn, V::D(2024, 12, 1)),
            with(valid_row("HN-KV1/M/14"), Column::Agency, V::S("HN-KV9")),
            valid_row("HN-KV1/M/15"),
            valid_row("HN-KV1/M/15"),
        ],
        None,
        vec![
            "row 2, column “Ngày của trạng thái”: the date of “Thi hành xong” is missing",
            "row 2, column “Trạng thái”: the case is “Thi hành xong”, but 100,000,000 đ is still owed",
            "row 3, column “Ngày thu gần nhất”: 01/12/2024 is before the case was accepted (15/01/2025)",
            "row 4, column “Cơ quan thụ lý”: no agency has the code HN-KV9: declare it in the sheet “Đơn vị” or ask the administrator",
            "row 6, column “Mã việc”: case HN-KV1/M/15: this case code is already used by another case",
        ],
    )
    .await;
}

#[tokio::test]
async fn an_empty_sheet_is_not_a_register() {
    use rust_xlsxwriter::Workbook;
    let mut book = Workbook::new();
    book.add_worksheet().set_name("Sổ thụ lý").unwrap();
    let error = refusals(&book.save_to_buffer().unwrap()).await.unwrap_err();
    let ImportError::Unreadable(unreadable) = &error else {
        panic!("{error}");
    };
    assert_eq!(
        Lang::Vi.say(&unreadable.0.0),
        "trang tính “Sổ thụ lý” trống: dòng đầu phải là tiêu đề các cột (xem mẫu sổ thụ lý)"
    );
    assert_eq!(
        error.to_string(),
        "the sheet “Sổ thụ lý” is empty: row 1 must hold the column headings (download the template with “thads template register”)"
    );
    let error = refusals(b"PK not really a workbook").await.unwrap_err();
    assert!(
        error
            .to_string()
            .starts_with("this is not an Excel workbook (.xlsx) that can be read"),
        "{error}"
    );
}

#[tokio::test]
async fn a_csv_register_in_windows_1258_with_semicolons_is_read() {
    let (thads, _db) = empty_store().await;
    import(&thads, "agencies.jsonl", agency_lines().as_bytes())
        .await
        .unwrap();
    let headings: Vec<&str> = Column::ALL.iter().map(|c| c.heading()).collect();
    let mut row = vec![""; Column::ALL.len()];
    for (column, value) in [
        (Column::Code, "HN-KV1/CSV/1"),
        (Column::Decision, "7/QĐ-CCTHADS"),
        (Column::Judgment, "8/2025/DS-ST"),
        (Column::Agency, "HN-KV1"),
        (Column::Mode, "Chủ động"),
        (
            Column::Categories,
            "Ngân sách nhà nước; Tham nhũng, kinh tế",
        ),
        (Column::Debtor, "Nguyễn Thị Ngọc Ánh"),
        (Column::Creditor, "Chi cục Thuế"),
        (Column::AcceptedOn, "2/3/2025"),
        (Column::Amount, "12.500.000"),
        (Column::UnableSince, "01/04/2025"),
        (Column::UnableReason, "Không có tài sản"),
        (Column::Status, "Chưa có điều kiện thi hành"),
    ] {
        row[Column::ALL.iter().position(|c| *c == column).unwrap()] = value;
    }
    // As Excel writes it: a field holding the separator is quoted.
    let quoted: Vec<String> = row.iter().map(|v| format!("\"{v}\"")).collect();
    // Under a title, as registers often are.
    let text = format!(
        "SỔ THỤ LÝ THI HÀNH ÁN\n\n{}\n{}\n",
        headings.join(";"),
        quoted.join(";")
    );
    let text = windows_1258_form(&text);
    let (bytes, _, unmappable) = encoding_rs::WINDOWS_1258.encode(&text);
    assert!(!unmappable);
    assert!(std::str::from_utf8(&bytes).is_err(), "not UTF-8");
    import(&thads, "so-thu-ly.csv", &bytes).await.unwrap();
    let book = thads
        .register(&console(), None, day("2025-12-31"))
        .await
        .unwrap();
    let case = &book.rows[0];
    assert_eq!(case.acceptance.debtor.name, "Nguyễn Thị Ngọc Ánh");
    assert_eq!(
        case.acceptance.categories,
        [Category::StateBudget, Category::CorruptionEconomic]
    );
    assert_eq!(case.accepted_on, day("2025-03-02"));
    assert_eq!(case.acceptance.amount, Vnd(12_500_000));
    assert_eq!(
        case.unable,
        Some((day("2025-04-01"), Some("Không có tài sản".to_owned())))
    );
    let list = thads
        .debtors_without_means(
            &thads.snapshot().await.unwrap(),
            &console(),
            None,
            day("2025-12-31"),
        )
        .await
        .unwrap();
    assert_eq!(list.debtors[0].reason.as_deref(), Some("Không có tài sản"));
}

/// Text as Windows-1258 writes Vietnamese: letters with their circumflex,
/// breve or horn precomposed, tone marks as combining characters after them.
fn windows_1258_form(text: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    let tone = |c: char| matches!(c, '\u{300}' | '\u{301}' | '\u{303}' | '\u{309}' | '\u{323}');
    let mut out = String::new();
    for c in text.nfc() {
        let decomposed: String = c.to_string().nfd().collect();
        let base: String = decomposed
            .chars()
            .filter(|c| !tone(*c))
            .collect::<String>()
            .nfc()
            .collect();
        out.push_str(&base);
        out.extend(decomposed.chars().filter(|c| tone(*c)));
    }
    out
}

#[tokio::test]
async fn a_csv_fault_is_at_the_row_a_spreadsheet_shows() {
    let (thads, _db) = empty_store().await;
    import(&thads, "agencies.jsonl", agency_lines().as_bytes())
        .await
        .unwrap();
    let headings: Vec<&str> = Column::ALL.iter().map(|c| c.heading()).collect();
    let row = |code: &str, accepted_on: &str| {
        Column::ALL
            .iter()
            .map(|column| match column {
                Column::Code => code.to_owned(),
                Column::Decision | Column::Judgment => "1/2026".to_owned(),
                Column::Agency => "HN-KV1".to_owned(),
                Column::Mode => "Theo đơn".to_owned(),
                Column::Debtor | Column::Creditor => "Lò Thị Mai".to_owned(),
                Column::AcceptedOn => accepted_on.to_owned(),
                Column::Amount => "1.000.000".to_owned(),
                Column::Status => "Đang thi hành".to_owned(),
                _ => String::new(),
            })
            .collect::<Vec<_>>()
            .join(",")
    };
    // As Excel saves it: CR LF line ends; a title, then a blank row.
    let text = [
        "SỔ THỤ LÝ".to_owned(),
        String::new(),
        format!("\"{}\"", headings.join("\",\"")),
        row("HN-KV1/CRLF/1", "05/01/2026"),
        row("HN-KV1/CRLF/2", "31/02/2026"),
    ]
    .join("\r\n");
    let Err(ImportError::Invalid(faults)) = import(&thads, "so.csv", text.as_bytes()).await else {
        panic!("refused");
    };
    assert_eq!(
        faults
            .listed()
            .iter()
            .map(Fault::to_string)
            .collect::<Vec<_>>(),
        ["row 5, column “Ngày thụ lý”: “31/02/2026” is not a date of the calendar"]
    );
}

/// Text that a spreadsheet would run as a formula is written to a CSV
/// register behind a `'`, and read back as it was typed.
#[tokio::test]
async fn formula_like_text_survives_a_csv_register_as_text() {
    let (original, _a) = empty_store().await;
    let journal = format!(
        "{}\n{}\n",
        r#"{"type":"agency","code":"SL","name":"Thi hành án dân sự tỉnh Sơn La","parent":null}"#,
        serde_json::json!({
            "type": "accepted", "case": "SL/1", "on": "2025-01-15", "agency": "SL",
            "mode": "on_request", "amount": 1_000_000, "categories": [],
            "decision": "+1/QĐ", "judgment": "-2/DS",
            "debtor": {"name": "=HYPERLINK(\"http://x.example\",\"y\")", "address": "@Sơn La"},
            "creditor": {"name": "Ngân hàng"},
        }),
    );
    import(&original, "hostile.jsonl", journal.as_bytes())
        .await
        .unwrap();
    let book = original
        .register(&console(), None, day("2025-06-30"))
        .await
        .unwrap();
    let csv = sheet::write_csv(&book);
    let text = String::from_utf8(csv.clone()).unwrap();
    assert!(
        text.contains(r#""'=HYPERLINK(""http://x.example"",""y"")""#),
        "{text}"
    );
    assert!(text.contains(",'+1/QĐ,") && text.contains(",'-2/DS,") && text.contains(",'@Sơn La"));

    let (copy, _b) = empty_store().await;
    import(
        &copy,
        "agencies.jsonl",
        journal.lines().next().unwrap().as_bytes(),
    )
    .await
    .unwrap();
    import(&copy, "so.csv", &csv).await.unwrap();
    let again = copy
        .register(&console(), None, day("2025-06-30"))
        .await
        .unwrap();
    assert_eq!(again, book);
}

/// The register of the second version's golden journal carries each case's
/// executor and the ground of its status; imported into a store that knows
/// the executors, it gives the same register back, and a ground that does
/// not fit its status is refused at its cell.
#[tokio::test]
async fn a_register_carries_the_executor_and_the_ground() {
    let work = std::fs::read_to_string(
        std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../testdata-v2/work.jsonl"),
    )
    .unwrap();
    let (original, _a) = empty_store().await;
    import(&original, "work.jsonl", work.as_bytes())
        .await
        .unwrap();
    let as_of = day("2026-11-28");
    let book = original.register(&console(), None, as_of).await.unwrap();
    let row = |code: &str| book.rows.iter().find(|r| r.code.as_str() == code).unwrap();
    assert_eq!(
        row("HN-KV1/2025/007").executor.as_ref().unwrap().as_str(),
        "HN-KV1-CHV02"
    );
    assert_eq!(
        row("HN-KV2/2024/005").ground.as_deref(),
        Some("address_unknown")
    );
    assert_eq!(row("HN-KV1/2026/002").ground, None);

    // The declarations first (agencies and executors), then the register.
    let declarations: String = work
        .lines()
        .filter(|l| matches!(parse_line(l), Ok(Record::Agency(_) | Record::Executor(_))))
        .map(|l| format!("{l}\n"))
        .collect();
    let (copy, _b) = empty_store().await;
    import(&copy, "declarations.jsonl", declarations.as_bytes())
        .await
        .unwrap();
    let csv = sheet::write_csv(&book);
    import(&copy, "so-thu-ly.csv", &csv).await.unwrap();
    let again = copy.register(&console(), None, as_of).await.unwrap();
    assert_eq!(sheet::write_csv(&again), csv);

    // A ground of another status is refused where it is written.
    let mut wrong = book.clone();
    let enforcing = wrong
        .rows
        .iter_mut()
        .find(|r| r.code.as_str() == "HN-KV1/2026/002")
        .unwrap();
    enforcing.ground = Some("no_means".to_owned());
    let (third, _c) = empty_store().await;
    import(&third, "declarations.jsonl", declarations.as_bytes())
        .await
        .unwrap();
    let refused = refusals_of(&third, &sheet::write_csv(&wrong)).await;
    assert!(
        refused
            .iter()
            .any(|f| f.contains("Căn cứ") && f.contains("“no_means” does not fit")),
        "{refused:?}"
    );
}

/// The faults of a CSV register refused by `thads`, as a clerk reads them.
async fn refusals_of(thads: &Thads, csv: &[u8]) -> Vec<String> {
    match thads
        .import_file(
            &console(),
            "so.csv",
            FileKind::of("so.csv"),
            csv,
            &mut |_| {},
        )
        .await
    {
        Err(ImportError::Invalid(faults)) => faults.listed().iter().map(Fault::to_string).collect(),
        other => panic!("{other:?}"),
    }
}
