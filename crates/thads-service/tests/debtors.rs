//! The public list of debtors without means: who is on it as of a day, what
//! it shows (and never an identity number), its reach, and its formats.

use std::collections::HashMap;

use thads_core::account::Role;
use thads_core::journal::{Record, parse_line};
use thads_core::{AgencyCode, CaseState, Day, Vnd};
use thads_service::{Access, Actor, ListError, Thads, render};
use thads_testdb::{TestDatabase, test_data};

fn console() -> Actor {
    Actor::console("thu", "may-chu-1")
}

fn day(s: &str) -> Day {
    s.parse().unwrap()
}

async fn store(files: &[&str]) -> (Thads, TestDatabase) {
    let db = TestDatabase::migrated();
    let thads = Thads::open(&db.url, db.key()).await.unwrap();
    for file in files {
        thads
            .import(&console(), file, test_data(file).as_bytes(), &mut |_| {})
            .await
            .unwrap();
    }
    (thads, db)
}

#[tokio::test]
async fn the_worked_example_on_two_days() {
    let (thads, _db) = store(&["sample/worked-example.jsonl"]).await;
    let before = thads
        .debtors_without_means(
            &thads.snapshot().await.unwrap(),
            &console(),
            None,
            day("2024-12-31"),
        )
        .await
        .unwrap();
    assert!(before.debtors.is_empty());
    let list = thads
        .debtors_without_means(
            &thads.snapshot().await.unwrap(),
            &console(),
            None,
            day("2025-06-30"),
        )
        .await
        .unwrap();
    assert_eq!(list.debtors.len(), 1);
    let debtor = &list.debtors[0];
    assert_eq!(debtor.name, "Tòng Văn Hải");
    assert_eq!(debtor.judgment, "19/2024/DS-PT");
    assert_eq!(debtor.decision, "102/QĐ-THADS");
    assert_eq!(debtor.owed, Vnd(50_000_000));
    let csv = render::debtors_csv(&list);
    assert_eq!(
        csv,
        "\u{feff}STT,Họ tên người phải thi hành án,Địa chỉ,Bản án, quyết định,Quyết định thi hành án,Nghĩa vụ còn phải thi hành (đồng),Lý do chưa có điều kiện thi hành\n1,Tòng Văn Hải,,19/2024/DS-PT,102/QĐ-THADS,50000000,\n"
            .replace("Bản án, quyết định", "\"Bản án, quyết định\"")
    );
    let xlsx = render::debtors_xlsx(&list).unwrap();
    use calamine::{Data, Reader, Xlsx, open_workbook_from_rs};
    let mut book: Xlsx<_> = open_workbook_from_rs(std::io::Cursor::new(xlsx)).unwrap();
    let sheet = book.worksheet_range("Danh sách").unwrap();
    assert_eq!(
        sheet.get_value((5, 1)),
        Some(&Data::String("Tòng Văn Hải".to_owned()))
    );
    assert_eq!(sheet.get_value((5, 5)), Some(&Data::Float(50_000_000.0)));
}

/// Every case of the sample folded up to the day from its journal, apart
/// from thads: the open, unenforceable ones are the list.
#[tokio::test]
async fn the_sample_list_is_every_open_unenforceable_case_and_shows_no_id() {
    let (thads, _db) = store(&["sample/sample-2000.jsonl"]).await;
    let as_of = day("2025-03-31");
    let mut cases: HashMap<String, (String, Option<String>, CaseState)> = HashMap::new();
    let mut reasons: HashMap<String, Option<String>> = HashMap::new();
    let mut ids = Vec::new();
    for line in test_data("sample/sample-2000.jsonl").lines() {
        match parse_line(line).unwrap() {
            Record::Accepted {
                case,
                on,
                acceptance,
                ..
            } if on <= as_of => {
                ids.extend(acceptance.debtor.id.clone());
                let state = CaseState::accepted(on, acceptance.amount);
                cases.insert(
                    case.to_string(),
                    (acceptance.debtor.name.clone(), None, state),
                );
            }
            Record::Event {
                case, on, event, ..
            } if on <= as_of => {
                let entry = cases.get_mut(case.as_str()).unwrap();
                entry.2.apply(on, event.kind(), event.amount()).unwrap();
                if let thads_core::Event::Unable { reason, .. } = &event {
                    reasons.insert(case.to_string(), reason.clone());
                }
            }
            _ => {}
        }
    }
    let mut expected: Vec<(String, Vnd, Option<String>)> = cases
        .iter()
        .filter(|(_, (_, _, s))| s.closed.is_none() && !s.enforceable)
        .map(|(code, (name, _, s))| (name.clone(), s.owed, reasons[code].clone()))
        .collect();
    expected.sort();
    let list = thads
        .debtors_without_means(&thads.snapshot().await.unwrap(), &console(), None, as_of)
        .await
        .unwrap();
    let mut got: Vec<(String, Vnd, Option<String>)> = list
        .debtors
        .iter()
        .map(|d| (d.name.clone(), d.owed, d.reason.clone()))
        .collect();
    got.sort();
    assert!(!got.is_empty());
    assert_eq!(got, expected);
    let csv = render::debtors_csv(&list);
    assert!(!ids.is_empty());
    assert!(
        ids.iter().all(|id| !csv.contains(id.as_str())),
        "no identity number is published"
    );

    // An office's list holds its own debtors; another province is not known
    // to a leader; the steering committee sees no cases.
    let kv1 = AgencyCode::parse("HN-KV1").unwrap();
    let office = thads
        .debtors_without_means(
            &thads.snapshot().await.unwrap(),
            &console(),
            Some(&kv1),
            as_of,
        )
        .await
        .unwrap();
    assert!(!office.debtors.is_empty());
    assert!(office.debtors.iter().all(|d| d.agency.code == kv1));
    assert!(office.debtors.len() < list.debtors.len());
    let account = |role, agency: &str| Actor {
        name: "x".to_owned(),
        address: "10.0.0.1".to_owned(),
        access: Access::Account {
            role,
            agency: Some(AgencyCode::parse(agency).unwrap()),
        },
        partner: None,
        warehouses: Vec::new(),
    };
    let sl = AgencyCode::parse("SL").unwrap();
    assert!(matches!(
        thads
            .debtors_without_means(
                &thads.snapshot().await.unwrap(),
                &account(Role::Leader, "HN"),
                Some(&sl),
                as_of
            )
            .await,
        Err(ListError::UnknownAgency(_))
    ));
    assert!(matches!(
        thads
            .debtors_without_means(
                &thads.snapshot().await.unwrap(),
                &account(Role::Steering, "HN"),
                None,
                as_of
            )
            .await,
        Err(ListError::Denied(_))
    ));
    let leader = thads
        .debtors_without_means(
            &thads.snapshot().await.unwrap(),
            &account(Role::Leader, "HN"),
            None,
            as_of,
        )
        .await
        .unwrap();
    assert!(
        leader
            .debtors
            .iter()
            .all(|d| d.agency.code.as_str().starts_with("HN"))
    );
    assert_eq!(leader.scope, "Thi hành án dân sự HN");
}

/// A debtor's name that a spreadsheet would run as a formula is published
/// as text: in CSV behind a `'` (the OWASP rule), in Excel as a string
/// cell, never a formula.
#[tokio::test]
async fn a_name_written_as_a_formula_stays_text_in_every_format() {
    let (thads, _db) = store(&[]).await;
    let hostile = r#"=HYPERLINK("http://x.example","Bấm vào đây")"#;
    let journal = format!(
        "{}\n{}\n{}\n",
        r#"{"type":"agency","code":"SL","name":"Thi hành án dân sự tỉnh Sơn La","parent":null}"#,
        serde_json::json!({
            "type": "accepted", "case": "SL/1", "on": "2025-01-15", "agency": "SL",
            "mode": "on_request", "amount": 1_000_000, "categories": [],
            "decision": "+1/QĐ", "judgment": "@2/DS", "debtor": {"name": hostile, "address": "-3 Hà Nội"},
            "creditor": {"name": "Ngân hàng"},
        }),
        r#"{"type":"unable","case":"SL/1","on":"2025-02-01","reason":"=1+2 không có tài sản"}"#,
    );
    thads
        .import(&console(), "hostile", journal.as_bytes(), &mut |_| {})
        .await
        .unwrap();
    let list = thads
        .debtors_without_means(
            &thads.snapshot().await.unwrap(),
            &console(),
            None,
            day("2025-06-30"),
        )
        .await
        .unwrap();
    let csv = render::debtors_csv(&list);
    let mut reader = csv::ReaderBuilder::new().from_reader(csv.as_bytes());
    let row = reader.records().next().unwrap().unwrap();
    assert_eq!(&row[1], format!("'{hostile}"));
    assert_eq!(&row[2], "'-3 Hà Nội");
    assert_eq!(&row[3], "'@2/DS");
    assert_eq!(&row[4], "'+1/QĐ");
    assert_eq!(&row[6], "'=1+2 không có tài sản");

    use calamine::{Data, Reader, Xlsx, open_workbook_from_rs};
    let xlsx = render::debtors_xlsx(&list).unwrap();
    let mut book: Xlsx<_> = open_workbook_from_rs(std::io::Cursor::new(xlsx)).unwrap();
    let sheet = book.worksheet_range("Danh sách").unwrap();
    assert_eq!(
        sheet.get_value((5, 1)),
        Some(&Data::String(hostile.to_owned()))
    );
    let formulas = book.worksheet_formula("Danh sách").unwrap();
    assert!(
        formulas.used_cells().all(|(_, _, f)| f.is_empty()),
        "no cell is a formula"
    );
}

/// The list is in the order a Vietnamese reader expects: Đ after D, Â after
/// A, the tones in their order.
#[tokio::test]
async fn the_list_is_in_vietnamese_order() {
    let (thads, _db) = store(&[]).await;
    let names = [
        "Đào Văn Bình",
        "Dương Thị Hà",
        "Ân Văn Tư",
        "An Thị Lụa",
        "Dư Văn Ba",
    ];
    let mut journal = vec![
        r#"{"type":"agency","code":"SL","name":"Thi hành án dân sự tỉnh Sơn La","parent":null}"#
            .to_owned(),
    ];
    for (i, name) in names.iter().enumerate() {
        journal.push(serde_json::json!({
            "type": "accepted", "case": format!("SL/{i}"), "on": "2025-01-15", "agency": "SL",
            "mode": "on_request", "amount": 1_000_000, "categories": [],
            "decision": "1", "judgment": "2", "debtor": {"name": name}, "creditor": {"name": "B"},
        }).to_string());
        journal.push(format!(
            r#"{{"type":"unable","case":"SL/{i}","on":"2025-02-01"}}"#
        ));
    }
    thads
        .import(
            &console(),
            "names",
            journal.join("\n").as_bytes(),
            &mut |_| {},
        )
        .await
        .unwrap();
    let list = thads
        .debtors_without_means(
            &thads.snapshot().await.unwrap(),
            &console(),
            None,
            day("2025-06-30"),
        )
        .await
        .unwrap();
    let order: Vec<&str> = list.debtors.iter().map(|d| d.name.as_str()).collect();
    assert_eq!(
        order,
        [
            "An Thị Lụa",
            "Ân Văn Tư",
            "Dư Văn Ba",
            "Dương Thị Hà",
            "Đào Văn Bình"
        ]
    );
}
