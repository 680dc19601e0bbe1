//! Exemption and reduction of state-budget debts, on each backend: the
//! candidates assessed from the journal with their reasons, the month's
//! batch sent to the procuracy as requests, and Form 6 after the court's
//! decisions.

use thads_core::account::Role;
use thads_core::coordination::{Code, Partner, PartnerKind};
use thads_core::{AgencyCode, Day, Vnd};
use thads_service::coordination::RequestQuery;
use thads_service::{Access, Actor, Thads};
use thads_testdb::TestDatabase;

fn accepted(case: &str, on: &str, amount: i64) -> String {
    format!(
        r#"{{"type":"accepted","case":"{case}","on":"{on}","agency":"SL-KV1","mode":"ex_officio","amount":{amount},"categories":["state_budget"],"decision":"{case}/QĐ-THADS","judgment":"1/2015/HS-ST","debtor":{{"name":"Người {case}"}},"creditor":{{"name":"Ngân sách nhà nước"}}}}"#
    )
}

fn event(case: &str, kind: &str, on: &str, more: &str) -> String {
    format!(r#"{{"type":"{kind}","case":"{case}","on":"{on}"{more}}}"#)
}

/// Four state-budget cases without means of an office of Sơn La:
/// A (1.500.000 đ, 10 years without means: exempt), B (80.000.000 đ,
/// 20.000.000 paid: reduce by 1/4), C (too recent) and D (qualifies, but
/// its verification is a year old).
fn journal() -> String {
    let (a, b, c, d) = (
        "SL-KV1/2016/A",
        "SL-KV1/2020/B",
        "SL-KV1/2022/C",
        "SL-KV1/2016/D",
    );
    let unable = r#","ground":"no_means""#;
    let without = r#","means":false"#;
    [
        r#"{"type":"agency","code":"SL","name":"Thi hành án dân sự tỉnh Sơn La","parent":null}"#.to_owned(),
        r#"{"type":"agency","code":"SL-KV1","name":"Phòng Thi hành án dân sự khu vực 1","parent":"SL"}"#.to_owned(),
        accepted(a, "2016-01-15", 1_500_000),
        event(a, "unable", "2016-02-15", unable),
        event(a, "verified", "2026-05-20", without),
        accepted(b, "2020-01-15", 80_000_000),
        event(b, "collected", "2020-02-01", r#","amount":20000000"#),
        event(b, "unable", "2020-03-01", unable),
        event(b, "verified", "2026-05-20", without),
        accepted(c, "2022-01-15", 1_000_000),
        event(c, "unable", "2022-02-15", unable),
        event(c, "verified", "2026-05-20", without),
        accepted(d, "2016-01-15", 1_200_000),
        event(d, "unable", "2016-02-15", unable),
        event(d, "verified", "2025-10-01", without),
    ]
    .join("\n")
}

fn day(s: &str) -> Day {
    s.parse().unwrap()
}

fn console() -> Actor {
    Actor::console("thu", "may-chu-1")
}

#[tokio::test]
async fn the_eligible_cases_go_to_the_procuracy_and_form_6_counts_the_courts_decisions() {
    let db = TestDatabase::migrated();
    let thads = Thads::open(&db.url, db.key()).await.unwrap();
    thads
        .import(&console(), "exemption", journal().as_bytes(), &mut |_| {})
        .await
        .unwrap();
    let procuracy = Partner {
        code: Code::parse("SL-VKS").unwrap(),
        kind: PartnerKind::Procuracy,
        name: "Viện kiểm sát nhân dân tỉnh Sơn La".to_owned(),
        agency: AgencyCode::parse("SL").unwrap(),
        parent: None,
        address: None,
        phone: None,
        email: None,
    };
    thads.add_partner(&console(), procuracy).await.unwrap();
    let sl = AgencyCode::parse("SL").unwrap();
    let rows = thads
        .exemptions(&console(), Some(&sl), day("2026-06-01"))
        .await
        .unwrap();
    let summary: Vec<(&str, Option<&str>, Option<i64>, bool)> = rows
        .iter()
        .map(|r| {
            (
                r.code.as_str(),
                r.decision,
                r.largest_reduction.map(Vnd::get),
                r.file_ready,
            )
        })
        .collect();
    assert_eq!(
        summary,
        [
            ("SL-KV1/2020/B", Some("reduce"), Some(15_000_000), true),
            ("SL-KV1/2016/A", Some("exempt"), None, true),
            ("SL-KV1/2016/D", Some("exempt"), None, false),
            ("SL-KV1/2022/C", None, None, false),
        ]
    );
    // Why C does not qualify, and why D's file waits, in words.
    let lang = thads_core::text::Lang::Vi;
    let unmet = |i: usize| -> Vec<String> {
        rows[i]
            .reasons
            .iter()
            .filter(|(met, _)| !met)
            .map(|(_, why)| lang.say(why))
            .collect()
    };
    assert_eq!(
        unmet(3),
        [
            "Chưa hết thời hạn 5 năm kể từ quyết định thi hành án ngày 15/01/2022: từ ngày 15/01/2027"
        ]
    );
    assert_eq!(
        unmet(2),
        ["Biên bản xác minh ngày 01/10/2025 đã quá 3 tháng: cần xác minh lại trước khi lập hồ sơ"]
    );

    // The office's executor sends the month's batch: the two ready files.
    let executor = Actor {
        name: "chv.kv1".to_owned(),
        address: "10.0.0.9".to_owned(),
        access: Access::Account {
            role: Role::Executor,
            agency: Some(AgencyCode::parse("SL-KV1").unwrap()),
        },
        partner: None,
        warehouses: Vec::new(),
    };
    let kv1 = AgencyCode::parse("SL-KV1").unwrap();
    let vks = Code::parse("SL-VKS").unwrap();
    let sent = thads
        .propose_exemptions(&executor, &kv1, &vks, day("2026-06-02"))
        .await
        .unwrap();
    assert_eq!(sent, 2);
    let requests = thads
        .requests(&executor, &RequestQuery::default())
        .await
        .unwrap();
    assert_eq!(requests.len(), 2);
    assert!(requests.iter().all(|r| r.kind == "exemption_review"
        && r.due == day("2026-06-17")
        && r.rule == "exemption-review-2015"));
    // Sent once.
    let again = thads
        .propose_exemptions(&executor, &kv1, &vks, day("2026-06-03"))
        .await
        .unwrap();
    assert_eq!(again, 0);

    // Form 6 before the court decides: two files waiting.
    let form = thads
        .form6(&console(), Some(&sl), day("2026-01-01"), day("2026-06-20"))
        .await
        .unwrap();
    assert_eq!(
        (
            form.total.proposed_cases,
            form.total.proposed_money,
            form.total.pending_cases
        ),
        (2, 61_500_000, 2)
    );
    // The court exempts A and reduces B by 15.000.000 đ.
    let decisions = [
        event(
            "SL-KV1/2016/A",
            "terminated",
            "2026-06-25",
            r#","reason":"Tòa án quyết định miễn","ground":"l2014-a50-1-e""#,
        ),
        event(
            "SL-KV1/2020/B",
            "reduced",
            "2026-06-25",
            r#","amount":15000000"#,
        ),
    ]
    .join("\n");
    thads
        .import(&console(), "decisions", decisions.as_bytes(), &mut |_| {})
        .await
        .unwrap();
    let form = thads
        .form6(&console(), Some(&sl), day("2026-01-01"), day("2026-06-30"))
        .await
        .unwrap();
    assert_eq!(form.rows.len(), 1);
    assert_eq!(form.rows[0].agency.as_deref(), Some("SL-KV1"));
    let total = &form.total;
    assert_eq!(
        (
            total.proposed_cases,
            total.exempted_cases,
            total.exempted_money,
            total.reduced_cases,
            total.reduced_money,
            total.pending_cases
        ),
        (2, 1, 1_500_000, 1, 15_000_000, 0)
    );
    // Form 6 as CSV, and as the last sheet of the report's workbook, read
    // back by calamine.
    let csv = thads_service::render::form6_csv(&form);
    assert_eq!(
        csv.lines().next_back(),
        Some("SL,Thi hành án dân sự tỉnh Sơn La,2,61500000,1,1500000,1,15000000,0")
    );
    let report = thads_service::period_report(
        &thads.snapshot().await.unwrap(),
        &console(),
        thads_service::ReportRequest {
            from: day("2026-01-01"),
            to: day("2026-06-30"),
            agency: Some(sl.clone()),
            category: None,
            by_agency: true,
            by_category: false,
            as_recorded: None,
            by_executor: false,
            by: None,
            judgment_kind: None,
            mode: None,
        },
    )
    .unwrap();
    let bytes = thads_service::render::xlsx_with(
        &report,
        thads_service::render::Annexes {
            form6: Some(&form),
            form7: None,
        },
    )
    .unwrap();
    use calamine::Reader;
    let mut book: calamine::Xlsx<_> =
        calamine::open_workbook_from_rs(std::io::Cursor::new(bytes)).unwrap();
    let sheet = book.worksheet_range("Biểu 6 - Miễn, giảm").unwrap();
    let total: Vec<String> = sheet
        .rows()
        .next_back()
        .unwrap()
        .iter()
        .map(|c| c.to_string())
        .collect();
    assert_eq!(
        total,
        [
            "Tổng cộng",
            "2",
            "61500000",
            "1",
            "1500000",
            "1",
            "15000000",
            "0"
        ]
    );

    // B was decided this year: not again before 25/06/2027.
    let rows = thads
        .exemptions(&console(), Some(&sl), day("2026-07-01"))
        .await
        .unwrap();
    let b = rows.iter().find(|r| r.code == "SL-KV1/2020/B").unwrap();
    assert!(b.decision.is_none());
    assert!(
        rows.iter().all(|r| r.code != "SL-KV1/2016/A"),
        "A is closed"
    );
}
