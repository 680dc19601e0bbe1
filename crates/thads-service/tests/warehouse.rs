//! The evidence warehouse on a real store of the backend the run asks for:
//! a keeper receives (with a discrepancy against the seizure minutes),
//! issues for every purpose, brings back what was withdrawn, counts and
//! finds an item missing, destroys by a council; the stock and its alert,
//! the five-year listing, the registers read back by calamine; the keeper
//! kept to its warehouses; everything exported, re-imported and audited.

use calamine::{Data, Reader, Xlsx, open_workbook_from_rs};
use thads_core::account::Role;
use thads_core::coordination::Code;
use thads_core::warehouse::{
    Council, Fact, Finding, Hundredths, Issue, Item, ItemKind, Purpose, Status, Stocktake,
};
use thads_core::{AgencyCode, CaseCode, Day};
use thads_service::access::Access;
use thads_service::coordination::CoordinationError;
use thads_service::warehouse::{stock_in, warehouse_in};
use thads_service::{Actor, Thads};
use thads_testdb::TestDatabase;

const JOURNAL: &str = concat!(
    r#"{"type":"agency","code":"SL","name":"Thi hành án dân sự tỉnh Sơn La","parent":null}"#,
    "\n",
    r#"{"type":"agency","code":"SL-KV1","name":"Phòng Thi hành án dân sự khu vực 1","parent":"SL"}"#,
    "\n",
    r#"{"type":"accepted","case":"SL/2026/00001","on":"2026-02-01","agency":"SL-KV1","mode":"ex_officio","amount":5000000,"categories":["state_budget"],"decision":"1/QĐ-THADS","judgment":"1/2025/HS-ST","judgment_kind":"criminal","debtor":{"name":"Lò Văn Hùng"},"creditor":{"name":"Ngân sách nhà nước"}}"#,
    "\n",
    r#"{"type":"accepted","case":"SL/2026/00002","on":"2026-02-01","agency":"SL-KV1","mode":"ex_officio","amount":5000000,"categories":["state_budget"],"decision":"2/QĐ-THADS","judgment":"2/2025/HS-ST","judgment_kind":"criminal","debtor":{"name":"Cầm Văn Pọm"},"creditor":{"name":"Ngân sách nhà nước"}}"#,
    "\n",
    r#"{"type":"warehouse","code":"SL-K1","agency":"SL","name":"Kho vật chứng tỉnh","area_m2":20,"rooms":["safe","weapons"]}"#,
    "\n",
    r#"{"type":"warehouse","code":"SL-K2","agency":"SL","name":"Kho số 2","area_m2":50}"#,
    "\n",
    r#"{"type":"received","on":"2020-06-01","item":"SL-K1/2020/001","warehouse":"SL-K1","kind":"other","description":"Máy cắt kim loại","quantity":1,"unit":"chiếc","area_m2":1.5}"#,
    "\n",
);

fn console() -> Actor {
    Actor::console("thukho", "may-chu-1")
}

fn keeper(warehouses: &[&str]) -> Actor {
    Actor {
        name: "thukho.sl".to_owned(),
        address: "10.0.0.7".to_owned(),
        access: Access::Account {
            role: Role::Keeper,
            agency: Some(AgencyCode::parse("SL").unwrap()),
        },
        partner: None,
        warehouses: warehouses.iter().map(|c| code(c)).collect(),
    }
}

fn code(s: &str) -> Code {
    Code::parse(s).unwrap()
}

fn day(s: &str) -> Day {
    s.parse().unwrap()
}

fn item(n: &str, on: &str, kind: ItemKind, area: u64) -> Item {
    Item {
        code: code(&format!("SL-K1/2026/{n}")),
        case: Some(CaseCode::parse("SL/2026/00001").unwrap()),
        on: day(on),
        warehouse: code("SL-K1"),
        kind,
        description: format!("Vật chứng {n}"),
        quantity: Hundredths(100),
        unit: "chiếc".to_owned(),
        area: Hundredths(area),
        seals: Some(format!("Niêm phong {n}")),
        place: Some("Khu A".to_owned()),
        pending_trial: false,
        discrepancy: None,
    }
}

fn issue(n: &str, on: &str, purpose: Purpose) -> Fact {
    Fact::Issued(Issue {
        item: code(&format!("SL-K1/2026/{n}")),
        on: day(on),
        purpose,
        to: None,
        decision: Some("15/QĐ-THADS".to_owned()),
        council: None,
        minutes: None,
    })
}

/// A .docx's texts, one after another, read with zip and quick-xml.
fn docx_text(bytes: &[u8]) -> String {
    use quick_xml::events::Event as Xml;
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut xml = String::new();
    std::io::Read::read_to_string(&mut archive.by_name("word/document.xml").unwrap(), &mut xml)
        .unwrap();
    let mut reader = quick_xml::Reader::from_str(&xml);
    let (mut texts, mut in_text) = (String::new(), false);
    loop {
        match reader.read_event().unwrap() {
            Xml::Start(e) if e.name().as_ref() == "w:t" => in_text = true,
            Xml::End(e) if e.name().as_ref() == "w:t" => in_text = false,
            Xml::Text(t) if in_text => texts.push_str(&t.xml10_content()),
            Xml::Eof => break,
            _ => {}
        }
    }
    texts
}

async fn store() -> (Thads, TestDatabase) {
    let db = TestDatabase::migrated();
    let thads = Thads::open(&db.url, db.key()).await.unwrap();
    thads
        .import(&console(), "kho.jsonl", JOURNAL.as_bytes(), &mut |_| {})
        .await
        .unwrap();
    (thads, db)
}

#[tokio::test]
async fn a_keeper_receives_issues_counts_and_destroys_and_everything_is_journaled() {
    let (thads, _db) = store().await;
    let keeper = keeper(&["SL-K1"]);
    // A receipt whose inventory differs from the seizure minutes.
    let mut first = item("001", "2026-03-02", ItemKind::Vehicle, 450);
    first.discrepancy = Some("Biên bản thu giữ ghi 2 gương chiếu hậu, thực nhận 1".to_owned());
    thads
        .record_warehouse(&keeper, Fact::Received(first))
        .await
        .unwrap();
    for (n, kind) in [
        ("002", ItemKind::Cash),
        ("003", ItemKind::GoldValuables),
        ("004", ItemKind::Document),
        ("005", ItemKind::Hazardous),
        ("006", ItemKind::Weapon),
        ("007", ItemKind::Other),
    ] {
        let fact = Fact::Received(item(n, "2026-03-05", kind, 100));
        thads.record_warehouse(&keeper, fact).await.unwrap();
    }
    // A keeper of another warehouse does not see this one's items.
    let other = self::keeper(&["SL-K2"]);
    let refused = thads
        .record_warehouse(&other, issue("001", "2026-04-01", Purpose::Return))
        .await;
    assert!(
        matches!(refused, Err(CoordinationError::NotFound(_))),
        "{refused:?}"
    );
    // An issue for each purpose; the withdrawn item comes back.
    for (n, purpose) in [
        ("001", Purpose::Return),
        ("002", Purpose::Confiscate),
        ("003", Purpose::Sell),
        ("004", Purpose::Withdraw),
    ] {
        let fact = issue(n, "2026-04-01", purpose);
        thads.record_warehouse(&keeper, fact).await.unwrap();
    }
    let back = Fact::ReturnedToStore {
        item: code("SL-K1/2026/004"),
        on: day("2026-04-20"),
    };
    thads.record_warehouse(&keeper, back).await.unwrap();
    // A council of two is refused in words; of three, it destroys.
    let council = |members: usize| {
        Fact::Council(Council {
            code: code("SL/HDTH/2026/1"),
            warehouse: code("SL-K1"),
            on: day("2026-05-04"),
            members: (1..=members).map(|n| format!("Thành viên {n}")).collect(),
            items: vec![code("SL-K1/2026/005")],
        })
    };
    let small = thads.record_warehouse(&keeper, council(2)).await;
    let Err(CoordinationError::Refused(e)) = small else {
        panic!("{small:?}");
    };
    assert!(e.to_string().contains("at least 3 members"), "{e}");
    thads.record_warehouse(&keeper, council(3)).await.unwrap();
    let destroy = Fact::Issued(Issue {
        council: Some(code("SL/HDTH/2026/1")),
        minutes: Some("Biên bản tiêu hủy số 3".to_owned()),
        ..match issue("005", "2026-05-20", Purpose::Destroy) {
            Fact::Issued(i) => i,
            _ => unreachable!(),
        }
    });
    thads.record_warehouse(&keeper, destroy).await.unwrap();
    // The count of 30 June misses the weapon.
    let count = Fact::Stocktake(Stocktake {
        warehouse: code("SL-K1"),
        on: day("2026-06-30"),
        counted: vec![
            (code("SL-K1/2020/001"), Hundredths(100)),
            (code("SL-K1/2026/004"), Hundredths(100)),
            (code("SL-K1/2026/007"), Hundredths(100)),
        ],
        minutes: Some("Biên bản kiểm kê quý II".to_owned()),
    });
    thads.record_warehouse(&keeper, count).await.unwrap();

    let snapshot = thads.snapshot().await.unwrap();
    let (agencies, coordination) = (&snapshot.agencies, &snapshot.coordination);
    let seen = warehouse_in(
        agencies,
        coordination,
        &keeper,
        &code("SL-K1"),
        day("2026-07-01"),
    )
    .unwrap()
    .unwrap();
    let all = coordination.warehouses();
    let count = all.stocktake_at(seen.state.stocktakes[0]);
    assert_eq!(count.expected, 4);
    assert_eq!(count.findings, [(code("SL-K1/2026/006"), Finding::Missing)]);
    let statuses: Vec<(&str, Status)> = all
        .items_of(seen.state)
        .map(|s| (s.item.code.as_str(), s.status))
        .collect();
    assert_eq!(
        statuses[1],
        ("SL-K1/2026/001", Status::Out(Purpose::Return))
    );
    assert_eq!(statuses[4], ("SL-K1/2026/004", Status::InStore));
    assert_eq!(
        statuses[5],
        ("SL-K1/2026/005", Status::Out(Purpose::Destroy))
    );
    // Held: the old machine, the documents, the weapon, the other thing.
    assert_eq!(seen.row.stock.items, 4);
    assert_eq!(seen.row.stock.area().0, 150 + 300);
    assert!(!seen.row.alert);
    // The machine has no judgment and is over five years old.
    let listed: Vec<&str> = seen
        .unidentified
        .iter()
        .map(|s| s.item.code.as_str())
        .collect();
    assert_eq!(listed, ["SL-K1/2020/001"]);
    // The third quarter's count is owed; the second's is done.
    let owed: Vec<Day> = seen.counts_owed.iter().map(|o| o.end).collect();
    assert!(owed.contains(&day("2026-09-30")), "{owed:?}");
    assert!(!owed.contains(&day("2026-06-30")), "{owed:?}");

    // The stock on 1 April, before the issues: all seven and the machine.
    let rows = stock_in(agencies, coordination, &keeper, None, day("2026-03-31")).unwrap();
    assert_eq!(rows.len(), 1, "the keeper sees its warehouse only");
    assert_eq!(rows[0].stock.items, 8);
    assert_eq!(rows[0].stock.area().0, 150 + 450 + 600);
    assert_eq!(rows[0].stock.of_kind(ItemKind::Cash), 1);

    // The register, form 13, read back.
    let bytes = thads_service::warehouse::register_xlsx(coordination, seen.state).unwrap();
    let mut book: Xlsx<_> = open_workbook_from_rs(std::io::Cursor::new(bytes)).unwrap();
    let sheet = book.worksheet_range("Mẫu 13").unwrap();
    assert_eq!(
        sheet.get_value((5, 2)),
        Some(&Data::String("SL-K1/2026/001".into()))
    );
    assert_eq!(sheet.get_value((5, 10)), Some(&Data::Float(4.5)));
    assert_eq!(
        sheet.get_value((5, 11)),
        Some(&Data::String("01/04/2026".into()))
    );
    assert_eq!(
        sheet.get_value((5, 12)),
        Some(&Data::String("đã trả lại chủ sở hữu".into()))
    );
    // The stock card of the case (D67): each item in, and out.
    let case = CaseCode::parse("SL/2026/00001").unwrap();
    let bytes = thads_service::warehouse::stock_card_xlsx(coordination, &case).unwrap();
    let mut book: Xlsx<_> = open_workbook_from_rs(std::io::Cursor::new(bytes)).unwrap();
    let sheet = book.worksheet_range("D67").unwrap();
    let lines: Vec<String> = sheet.rows().skip(4).map(|r| r[4].to_string()).collect();
    assert_eq!(lines[0], "Nhập kho (C04)");
    assert!(
        lines
            .iter()
            .any(|l| l.starts_with("Xuất kho (C05): Tạm xuất")),
        "{lines:?}"
    );
    assert!(
        lines.contains(&"Nhập lại sau tạm xuất".to_owned()),
        "{lines:?}"
    );
    // The count sheet of a day lists what is in the store.
    let bytes =
        thads_service::warehouse::count_sheet_xlsx(coordination, seen.state, day("2026-07-01"))
            .unwrap();
    let mut book: Xlsx<_> = open_workbook_from_rs(std::io::Cursor::new(bytes)).unwrap();
    let sheet = book.worksheet_range("Kiểm kê").unwrap();
    assert_eq!(sheet.rows().skip(4).count(), 4);

    // The slips: the receipt (C04) of the motorbike, its return to its
    // owner (C05), read back with zip and quick-xml.
    let slip = |item: &str, number: usize| {
        let (kind, bytes) = thads_service::warehouse_slips::slip_docx(
            all,
            &code(item),
            number,
            "Bộ Tư pháp",
            "Thi hành án dân sự tỉnh Sơn La",
        )
        .unwrap();
        (kind, docx_text(&bytes))
    };
    let (kind, text) = slip("SL-K1/2026/001", 0);
    assert_eq!(kind, thads_service::warehouse_slips::Slip::Receipt);
    for said in [
        "PHIẾU NHẬP KHO",
        "Mẫu số C04",
        "Số: SL-K1/2026/001/0",
        "Ngày 02 tháng 03 năm 2026",
        "Nhập kho vật chứng, tài sản tạm giữ của việc thi hành án SL/2026/00001",
        "Niêm phong 001; Khu A",
        "THỦ KHO",
    ] {
        assert!(text.contains(said), "{said}: {text}");
    }
    let (kind, text) = slip("SL-K1/2026/001", 1);
    assert_eq!(kind, thads_service::warehouse_slips::Slip::Issue);
    assert!(text.contains("PHIẾU XUẤT KHO"), "{text}");
    assert!(
        text.contains("Xuất kho: trả lại chủ sở hữu, theo 15/QĐ-THADS"),
        "{text}"
    );
    let (kind, _) = slip("SL-K1/2026/004", 2);
    assert_eq!(kind, thads_service::warehouse_slips::Slip::Receipt);
    assert!(
        thads_service::warehouse_slips::slip_docx(all, &code("SL-K1/2026/001"), 2, "", "")
            .is_none()
    );

    // Every write is in the audit trail, and the trail holds.
    let trail = thads.audit_log(&console(), None, None).await.unwrap();
    let actions: Vec<&str> = trail.iter().map(|r| r.entry.action.as_str()).collect();
    for action in [
        "warehouse.received",
        "warehouse.issued",
        "warehouse.returned_to_store",
        "warehouse.destruction_council",
        "warehouse.stocktake",
    ] {
        assert!(actions.contains(&action), "{action}: {actions:?}");
    }
    thads.verify_audit(&console()).await.unwrap();

    // The journal carries it all: exported, imported into a new store, the
    // same stock and the same export.
    let mut exported = Vec::new();
    thads.export(&console(), &mut exported).await.unwrap();
    let text = String::from_utf8(exported.clone()).unwrap();
    assert!(text.contains(r#""type":"stocktake""#));
    assert!(
        text.contains(r#""discrepancy":"Biên bản thu giữ ghi 2 gương chiếu hậu, thực nhận 1""#)
    );
    let again = TestDatabase::migrated();
    let copy = Thads::open(&again.url, again.key()).await.unwrap();
    copy.import(&console(), "copy.jsonl", &exported[..], &mut |_| {})
        .await
        .unwrap();
    let mut reexported = Vec::new();
    copy.export(&console(), &mut reexported).await.unwrap();
    assert_eq!(String::from_utf8(reexported).unwrap(), text);
    let rows = copy
        .warehouse_stock(&console(), None, day("2026-07-01"))
        .await
        .unwrap();
    assert_eq!((rows[0].stock.items, rows[1].stock.items), (4, 0));
}

#[tokio::test]
async fn a_warehouse_nearly_full_is_flagged_and_the_province_space_falls_short() {
    let (thads, _db) = store().await;
    // 17.5 m² more on 20: 19 of 20 m² taken, 95%.
    let fact = Fact::Received(item("001", "2026-03-02", ItemKind::Vehicle, 1750));
    thads.record_warehouse(&console(), fact).await.unwrap();
    let rows = thads
        .warehouse_stock(&console(), None, day("2026-03-02"))
        .await
        .unwrap();
    assert!(rows[0].alert && !rows[1].alert);
    assert!(
        !thads
            .warehouse_stock(&console(), None, day("2026-03-01"))
            .await
            .unwrap()[0]
            .alert
    );
    // The JSON of the command line.
    let json: serde_json::Value = serde_json::from_str(&thads_service::warehouse::stock_json(
        &rows,
        day("2026-03-02"),
    ))
    .unwrap();
    let first = &json["warehouses"][0];
    assert_eq!(first["warehouse"], "SL-K1");
    assert_eq!(first["capacity_m2"], 20);
    assert_eq!(first["occupied_m2"], 19);
    assert_eq!(first["items"], 2);
    assert_eq!(first["kinds"]["vehicle"], 1);
    assert_eq!(first["alert"], true);
    // Space: 19 m² taken of 70; one criminal case still to bring its
    // evidence, expected to take what the one case received took (17.5).
    let snapshot = thads.snapshot().await.unwrap();
    let space = thads
        .warehouse_space(&snapshot, 0, day("2026-03-02"))
        .await
        .unwrap();
    assert_eq!(space.available, Hundredths(7000));
    assert_eq!(space.occupied, Hundredths(1900));
    assert_eq!(space.cases_to_come, 1);
    assert_eq!(space.expected, Hundredths(1750));
    assert_eq!(space.shortfall, Hundredths(0));
}

#[tokio::test]
async fn roles_without_a_warehouse_neither_see_nor_write_one() {
    let (thads, _db) = store().await;
    let executor = Actor {
        access: Access::Account {
            role: Role::Executor,
            agency: Some(AgencyCode::parse("SL-KV1").unwrap()),
        },
        ..keeper(&[])
    };
    assert!(
        thads
            .warehouse_stock(&executor, None, day("2026-03-02"))
            .await
            .is_err()
    );
    let fact = Fact::Received(item("001", "2026-03-02", ItemKind::Vehicle, 100));
    assert!(matches!(
        thads.record_warehouse(&executor, fact.clone()).await,
        Err(CoordinationError::Denied(_))
    ));
    // A keeper with no warehouse sees none and writes none.
    let idle = keeper(&[]);
    assert!(
        thads
            .warehouse_stock(&idle, None, day("2026-03-02"))
            .await
            .unwrap()
            .is_empty()
    );
    assert!(matches!(
        thads.record_warehouse(&idle, fact).await,
        Err(CoordinationError::NotFound(_))
    ));
}
