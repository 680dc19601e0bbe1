//! Several creditors per decision and joint debtors (journal version 2,
//! `accepted.creditors` and `debtors`), on a real store of the backend the
//! run asks for: kept with the case, exported as they came, sealed and
//! checked by the audit, and refused whole when the shares do not add up.

use thads_core::distribution::Rank;
use thads_core::journal::{Record, parse_line};
use thads_service::{Actor, ImportError, Thads};
use thads_testdb::TestDatabase;

const JOURNAL: &str = concat!(
    r#"{"type":"agency","code":"SL","name":"Thi hành án dân sự tỉnh Sơn La","parent":null}"#,
    "\n",
    r#"{"type":"accepted","case":"SL/2026/00009","on":"2026-03-02","agency":"SL","mode":"on_request","amount":900000000,"categories":["credit_institution"],"decision":"9/QĐ-THADS","judgment":"9/2025/KDTM-ST","debtor":{"name":"Công ty TNHH Hoa Ban"},"creditor":{"name":"Ngân hàng TMCP Công Thương Việt Nam"},"creditors":[{"name":"Ngân hàng TMCP Công Thương Việt Nam","amount":850000000,"rank":"other"},{"name":"Lò Thị Xuân","id":"014123456789","amount":40000000,"rank":"alimony_wages_injury"},{"name":"Chi cục Thuế khu vực Sơn La","amount":10000000,"rank":"court_fees"}],"debtors":[{"name":"Công ty TNHH Hoa Ban"},{"name":"Lò Văn Dũng","address":"Mai Sơn, Sơn La"}]}"#,
    "\n",
    r#"{"type":"collected","case":"SL/2026/00009","on":"2026-04-10","amount":100000000}"#,
    "\n",
);

fn console() -> Actor {
    Actor::console("thongke", "may-chu-1")
}

async fn store() -> (Thads, TestDatabase) {
    let db = TestDatabase::migrated();
    (Thads::open(&db.url, db.key()).await.unwrap(), db)
}

async fn export(thads: &Thads) -> String {
    let mut out = Vec::new();
    thads.export(&console(), &mut out).await.unwrap();
    String::from_utf8(out).unwrap()
}

#[tokio::test]
async fn several_creditors_and_joint_debtors_travel_with_the_case() {
    let (thads, _db) = store().await;
    thads
        .import(&console(), "hoa-ban.jsonl", JOURNAL.as_bytes(), &mut |_| {})
        .await
        .unwrap();
    let exported = export(&thads).await;
    let accepted = exported
        .lines()
        .find(|l| l.contains(r#""type":"accepted""#))
        .unwrap();
    let Record::Accepted { acceptance, .. } = parse_line(accepted).unwrap() else {
        panic!("an acceptance");
    };
    let ranks: Vec<(String, i64, Rank)> = acceptance
        .creditors
        .iter()
        .map(|c| (c.party.name.clone(), c.amount.get(), c.rank))
        .collect();
    assert_eq!(
        ranks,
        [
            (
                "Ngân hàng TMCP Công Thương Việt Nam".to_owned(),
                850_000_000,
                Rank::Other
            ),
            (
                "Lò Thị Xuân".to_owned(),
                40_000_000,
                Rank::AlimonyWagesInjury
            ),
            (
                "Chi cục Thuế khu vực Sơn La".to_owned(),
                10_000_000,
                Rank::CourtFees
            ),
        ]
    );
    assert_eq!(
        acceptance.creditors[1].party.id.as_deref(),
        Some("014123456789")
    );
    assert_eq!(acceptance.debtors.len(), 2);
    assert_eq!(
        acceptance.debtors[1].address.as_deref(),
        Some("Mai Sơn, Sơn La")
    );
    // The lines are sealed as written: the audit finds them intact, and a
    // store made from the export exports the same.
    let summary = thads.verify_audit(&console()).await.unwrap();
    assert_eq!(summary.lines, 3);
    let (copy, _db2) = store().await;
    copy.import(&console(), "export.jsonl", exported.as_bytes(), &mut |_| {})
        .await
        .unwrap();
    assert_eq!(export(&copy).await, exported);
    copy.verify_audit(&console()).await.unwrap();

    // Shares that do not add up to the amount: the file is refused whole,
    // at the line, and nothing of it is kept.
    let wrong = JOURNAL
        .replace("SL/2026/00009", "SL/2026/00010")
        .replace(
            r#""amount":10000000,"rank":"court_fees""#,
            r#""amount":1000,"rank":"court_fees""#,
        )
        .lines()
        .skip(1)
        .collect::<Vec<_>>()
        .join("\n");
    let Err(ImportError::Invalid(faults)) = thads
        .import(&console(), "wrong.jsonl", wrong.as_bytes(), &mut |_| {})
        .await
    else {
        panic!("shares that do not add up were taken");
    };
    let fault = &faults.listed()[0];
    assert_eq!(fault.line, 1);
    assert_eq!(
        fault.reason.to_string(),
        "the creditors' shares sum to 890,001,000 đ, not the case's amount of 900,000,000 đ"
    );
    assert_eq!(export(&thads).await, exported);
}

#[tokio::test]
async fn money_collected_is_shared_in_the_order_of_priority_less_what_was_paid_out() {
    use thads_core::CaseCode;
    use thads_service::payouts::{DistributeError, DistributeRequest};
    let (thads, _db) = store().await;
    let paid = concat!(
        r#"{"type":"paid_out","case":"SL/2026/00009","on":"2026-04-15","amount":30000000,"to":"Lò Thị Xuân"}"#,
        "\n"
    );
    let journal = format!("{JOURNAL}{paid}");
    thads
        .import(&console(), "hoa-ban.jsonl", journal.as_bytes(), &mut |_| {})
        .await
        .unwrap();
    let asked = |proceeds, on: &str| DistributeRequest {
        case: CaseCode::parse("SL/2026/00009").unwrap(),
        proceeds,
        costs: 2_000_000,
        on: on.parse().unwrap(),
        asset: None,
    };
    let shares = |payments: Vec<thads_core::distribution::Payment>| {
        payments
            .into_iter()
            .map(|p| (p.to, p.rank.as_str(), p.amount))
            .collect::<Vec<_>>()
    };
    // Before the payout: costs, then Xuân's 40 million (first rank), the
    // tax office's 10 million (court fees), the bank the rest.
    let before = thads
        .distribute(&console(), &asked(100_000_000, "2026-04-14"))
        .await
        .unwrap();
    assert_eq!(
        shares(before),
        [
            ("costs".to_owned(), "costs", 2_000_000),
            ("Lò Thị Xuân".to_owned(), "alimony_wages_injury", 40_000_000),
            (
                "Chi cục Thuế khu vực Sơn La".to_owned(),
                "court_fees",
                10_000_000
            ),
            (
                "Ngân hàng TMCP Công Thương Việt Nam".to_owned(),
                "other",
                48_000_000
            ),
        ]
    );
    // After 30 million paid out to Xuân, she is owed 10 million; more than
    // every debt leaves the rest to the debtor.
    let after = thads
        .distribute(&console(), &asked(1_000_000_000, "2026-04-15"))
        .await
        .unwrap();
    assert_eq!(
        shares(after),
        [
            ("costs".to_owned(), "costs", 2_000_000),
            ("Lò Thị Xuân".to_owned(), "alimony_wages_injury", 10_000_000),
            (
                "Chi cục Thuế khu vực Sơn La".to_owned(),
                "court_fees",
                10_000_000
            ),
            (
                "Ngân hàng TMCP Công Thương Việt Nam".to_owned(),
                "other",
                850_000_000
            ),
            ("debtor".to_owned(), "debtor", 128_000_000),
        ]
    );
    // A case the actor does not see is not known to it: an executor of
    // another province.
    let province =
        r#"{"type":"agency","code":"DB","name":"Thi hành án dân sự tỉnh Điện Biên","parent":null}"#;
    thads
        .import(&console(), "db.jsonl", province.as_bytes(), &mut |_| {})
        .await
        .unwrap();
    let executor = |agency: &str| thads_service::Actor {
        name: "chv".to_owned(),
        address: "10.0.0.7".to_owned(),
        access: thads_service::Access::Account {
            role: thads_core::account::Role::Executor,
            agency: Some(thads_core::AgencyCode::parse(agency).unwrap()),
        },
        partner: None,
        warehouses: Vec::new(),
    };
    thads
        .distribute(&executor("SL"), &asked(1, "2026-04-15"))
        .await
        .unwrap();
    assert!(matches!(
        thads
            .distribute(&executor("DB"), &asked(1, "2026-04-15"))
            .await,
        Err(DistributeError::UnknownCase(_))
    ));
    assert!(matches!(
        thads
            .distribute(
                &console(),
                &DistributeRequest {
                    case: CaseCode::parse("SL/2026/99999").unwrap(),
                    ..asked(1, "2026-04-15")
                }
            )
            .await,
        Err(DistributeError::UnknownCase(_))
    ));
}

#[tokio::test]
async fn a_batch_pays_every_creditor_at_once_or_nobody() {
    use calamine::{Data, Reader, Xlsx, open_workbook_from_rs};
    use thads_core::CaseCode;
    use thads_service::payouts::{self, COSTS_PAYEE, DistributeError, DistributeRequest};
    let (thads, _db) = store().await;
    // The bank and Xuân gave their accounts; the tax office is paid in cash.
    let journal = JOURNAL
        .replace(
            r#""amount":850000000,"rank":"other""#,
            r#""amount":850000000,"rank":"other","account":"0011000123456","bank":"Vietinbank – CN Sơn La""#,
        )
        .replace(
            r#""amount":40000000,"rank":"alimony_wages_injury""#,
            r#""amount":40000000,"rank":"alimony_wages_injury","account":"7201205123456","bank":"Agribank – CN Mai Sơn""#,
        );
    thads
        .import(&console(), "hoa-ban.jsonl", journal.as_bytes(), &mut |_| {})
        .await
        .unwrap();
    let asked = |proceeds| DistributeRequest {
        case: CaseCode::parse("SL/2026/00009").unwrap(),
        proceeds,
        costs: 2_000_000,
        on: "2026-04-20".parse().unwrap(),
        asset: None,
    };
    let batch = thads.pay_out(&console(), &asked(60_000_000)).await.unwrap();
    let orders: Vec<(usize, &str, &str, i64, Option<&str>)> = batch
        .orders
        .iter()
        .map(|o| {
            let account = o.account.as_ref().map(|a| a.number.as_str());
            (
                o.number,
                o.payee.as_str(),
                o.rank.as_str(),
                o.amount,
                account,
            )
        })
        .collect();
    assert_eq!(
        orders,
        [
            (1, COSTS_PAYEE, "costs", 2_000_000, None),
            (
                2,
                "Lò Thị Xuân",
                "alimony_wages_injury",
                40_000_000,
                Some("7201205123456")
            ),
            (
                3,
                "Chi cục Thuế khu vực Sơn La",
                "court_fees",
                10_000_000,
                None
            ),
            (
                4,
                "Ngân hàng TMCP Công Thương Việt Nam",
                "other",
                8_000_000,
                Some("0011000123456")
            ),
        ]
    );
    // The journal holds one payout per payee, dated the batch's day.
    let exported = export(&thads).await;
    let payouts: Vec<&str> = exported
        .lines()
        .filter(|l| l.contains(r#""type":"paid_out""#))
        .collect();
    assert_eq!(payouts.len(), 4);
    assert_eq!(
        payouts[1],
        r#"{"type":"paid_out","case":"SL/2026/00009","on":"2026-04-20","amount":40000000,"to":"Lò Thị Xuân"}"#
    );
    thads.verify_audit(&console()).await.unwrap();

    // The transfer file: the two payees with an account, as CSV…
    let csv = payouts::transfers_csv(&batch);
    let mut reader = csv::Reader::from_reader(&csv[3..]);
    let rows: Vec<Vec<String>> = reader
        .records()
        .map(|r| r.unwrap().iter().map(str::to_owned).collect())
        .collect();
    assert_eq!(
        rows,
        [
            [
                "1",
                "7201205123456",
                "Agribank – CN Mai Sơn",
                "Lò Thị Xuân",
                "40000000",
                "THA SL/2026/00009 20/04/2026 2"
            ],
            [
                "2",
                "0011000123456",
                "Vietinbank – CN Sơn La",
                "Ngân hàng TMCP Công Thương Việt Nam",
                "8000000",
                "THA SL/2026/00009 20/04/2026 4"
            ],
        ]
    );
    // …and as Excel, read back by calamine: the account keeps its leading
    // zeros, the amounts are numbers, and their total is below.
    let bytes = payouts::transfers_xlsx(&batch).unwrap();
    let mut book: Xlsx<_> = open_workbook_from_rs(std::io::Cursor::new(bytes)).unwrap();
    let sheet = book.worksheet_range("Chuyển khoản").unwrap();
    assert_eq!(
        sheet.get_value((4, 1)),
        Some(&Data::String("0011000123456".into()))
    );
    assert_eq!(sheet.get_value((4, 4)), Some(&Data::Float(8_000_000.0)));
    assert_eq!(sheet.get_value((5, 4)), Some(&Data::Float(48_000_000.0)));

    // The payment slips of the two paid in cash, a page each, read back
    // from the Word file with zip and quick-xml: who, why, how much, in
    // figures and in words.
    let slips = thads
        .payment_slips(&console(), &asked(0).case, asked(0).on)
        .await
        .unwrap()
        .expect("two paid in cash");
    let text = thads_testdb::docx_text(&slips);
    assert_eq!(text.matches("PHIẾU CHI").count(), 2, "{text}");
    for said in [
        "Số: THA SL/2026/00009 20/04/2026 1",
        "Ngày 20 tháng 04 năm 2026",
        "Họ và tên người nhận tiền: Chi phí cưỡng chế thi hành án",
        "Số tiền: 2.000.000 đồng",
        "Viết bằng chữ: Hai triệu đồng",
        "Họ và tên người nhận tiền: Chi cục Thuế khu vực Sơn La",
        "Viết bằng chữ: Mười triệu đồng",
        "THỦ QUỸ",
    ] {
        assert!(text.contains(said), "{said} not in {text}");
    }
    assert!(!text.contains("Lò Thị Xuân"), "paid by transfer: {text}");

    // What was paid is no longer owed: the next 50 million go to the bank.
    let next = thads
        .distribute(&console(), &asked(50_000_000))
        .await
        .unwrap();
    let next: Vec<(&str, i64)> = next.iter().map(|p| (p.to.as_str(), p.amount)).collect();
    assert_eq!(
        next,
        [
            ("costs", 2_000_000),
            ("Ngân hàng TMCP Công Thương Việt Nam", 48_000_000)
        ]
    );
    // But only 40 million of the 100 collected are left to pay: a batch of
    // 50 is refused whole, and nothing of it is recorded.
    let refused = thads.pay_out(&console(), &asked(50_000_000)).await;
    let Err(DistributeError::Refused(e)) = refused else {
        panic!("paid out more than was collected: {refused:?}");
    };
    assert!(e.to_string().contains("paid out"), "{e}");
    assert_eq!(export(&thads).await, exported);
    // A leader reads the distribution but does not pay it out.
    let leader = thads_service::Actor {
        name: "lanhdao".to_owned(),
        address: "10.0.0.8".to_owned(),
        access: thads_service::Access::Account {
            role: thads_core::account::Role::Leader,
            agency: Some(thads_core::AgencyCode::parse("SL").unwrap()),
        },
        partner: None,
        warehouses: Vec::new(),
    };
    thads.distribute(&leader, &asked(1)).await.unwrap();
    assert!(matches!(
        thads.pay_out(&leader, &asked(1)).await,
        Err(DistributeError::Refused(
            thads_service::RecordError::Denied(_)
        ))
    ));
    assert_eq!(export(&thads).await, exported);
}

#[tokio::test]
async fn money_held_ages_from_its_oldest_collection_not_paid_out() {
    use thads_core::unclaimed::{Deposit, Stage};
    let (thads, _db) = store().await;
    // SL/2026/00009 collected 100 million on 10 April (JOURNAL); it pays 60
    // million out on 15 April and collects 50 million more on 20 April.
    // SL/2026/00010 collected 5 million on 1 July, paid out at once.
    let more = concat!(
        r#"{"type":"paid_out","case":"SL/2026/00009","on":"2026-04-15","amount":60000000,"to":"Ngân hàng TMCP Công Thương Việt Nam"}"#,
        "\n",
        r#"{"type":"collected","case":"SL/2026/00009","on":"2026-04-20","amount":50000000}"#,
        "\n",
        r#"{"type":"accepted","case":"SL/2026/00010","on":"2026-06-01","agency":"SL","mode":"on_request","amount":5000000,"categories":[],"decision":"10/QĐ-THADS","judgment":"10/2025/DS-ST","debtor":{"name":"Lò Văn A"},"creditor":{"name":"Lò Văn B"}}"#,
        "\n",
        r#"{"type":"collected","case":"SL/2026/00010","on":"2026-07-01","amount":5000000}"#,
        "\n",
        r#"{"type":"paid_out","case":"SL/2026/00010","on":"2026-07-01","amount":5000000}"#,
        "\n",
    );
    let journal = format!("{JOURNAL}{more}");
    thads
        .import(&console(), "held.jsonl", journal.as_bytes(), &mut |_| {})
        .await
        .unwrap();
    let held = |as_of: &str| {
        let thads = &thads;
        let as_of = as_of.parse().unwrap();
        async move { thads.held(&console(), None, as_of).await.unwrap().0 }
    };
    // On 18 April: 40 million of the first collection, within its ten days.
    let early = held("2026-04-18").await;
    assert_eq!(early.rows.len(), 1);
    let row = &early.rows[0];
    assert_eq!(row.case, "SL/2026/00009");
    assert_eq!(row.amount.get(), 40_000_000);
    assert_eq!(row.since.to_string(), "2026-04-10");
    assert_eq!(row.pay_by.to_string(), "2026-04-20");
    assert_eq!(row.standing.stage, Stage::ToPay);
    assert_eq!(early.totals[Stage::ToPay as usize], (1, 40_000_000));
    // On 30 April: 90 million held, the oldest ten days overdue.
    let late = held("2026-04-30").await;
    assert_eq!(late.rows[0].amount.get(), 90_000_000);
    assert_eq!(late.rows[0].standing.stage, Stage::Overdue);
    assert_eq!(late.rows[0].age("2026-04-30".parse().unwrap()), 20);
    // Fifteen days after its deadline, unclaimed money is deposited in
    // savings (Law 2014 Art. 126(2)); five years on, it is the budget's.
    let deposit = held("2026-05-06").await;
    assert_eq!(deposit.rows[0].standing.stage, Stage::ToDeposit);
    assert_eq!(deposit.rows[0].standing.deposit, Deposit::Savings);
    assert_eq!(deposit.totals[Stage::ToDeposit as usize], (1, 90_000_000));
    let budget = held("2031-04-10").await;
    assert_eq!(budget.rows[0].standing.stage, Stage::ToBudget);
    // The JSON names the stage and the deposit.
    let tree = thads
        .held(&console(), None, "2026-05-06".parse().unwrap())
        .await
        .unwrap()
        .1;
    let json: serde_json::Value =
        serde_json::from_str(&thads_service::held::held_json(&deposit, &tree)).unwrap();
    assert_eq!(json["cases"][0]["stage"], "to_deposit");
    assert_eq!(json["cases"][0]["deposit"], "savings");
    assert_eq!(json["cases"][0]["age_days"], 26);
    assert_eq!(json["totals"][2]["amount"], 90_000_000);
}
