//! Decisions to coerce on a real store of the backend the run asks for:
//! planned outside the blackout, the police asked in the same write when
//! forces are mobilised, a refused decision leaving nothing; and Form 7,
//! counted from the facts and read back from the workbook by calamine.

use calamine::Reader;
use thads_core::asset::{Action, Step};
use thads_core::coercion::{CoercionKind, Planned};
use thads_core::coordination::Code;
use thads_core::text::Lang;
use thads_core::{CaseCode, Day, Vnd};
use thads_service::assets::NewAsset;
use thads_service::coercions::{Decided, NewCoercion, POLICE_PROTECTION};
use thads_service::coordination::CoordinationError;
use thads_service::{Actor, Thads};
use thads_testdb::TestDatabase;

const JOURNAL: &str = concat!(
    r#"{"type":"agency","code":"SL","name":"Thi hành án dân sự tỉnh Sơn La","parent":null}"#,
    "\n",
    r#"{"type":"partner","code":"SL-CA","kind":"police_province","name":"Công an tỉnh Sơn La","agency":"SL"}"#,
    "\n",
    r#"{"type":"partner","code":"SL-TA","kind":"court","name":"Tòa án nhân dân tỉnh Sơn La","agency":"SL"}"#,
    "\n",
    r#"{"type":"accepted","case":"SL/2026/00009","on":"2026-08-03","agency":"SL","mode":"on_request","amount":900000000,"categories":["credit_institution"],"decision":"9/QĐ-THADS","judgment":"9/2025/KDTM-ST","debtor":{"name":"Công ty TNHH Hoa Ban"},"creditor":{"name":"Ngân hàng A"}}"#,
    "\n",
);

fn console() -> Actor {
    Actor::console("chv.lo", "may-chu-1")
}

fn day(s: &str) -> Day {
    s.parse().unwrap()
}

fn case() -> CaseCode {
    CaseCode::parse("SL/2026/00009").unwrap()
}

async fn store() -> (Thads, TestDatabase) {
    let db = TestDatabase::migrated();
    let thads = Thads::open(&db.url, db.key()).await.unwrap();
    thads
        .import(&console(), "hoa-ban.jsonl", JOURNAL.as_bytes(), &mut |_| {})
        .await
        .unwrap();
    (thads, db)
}

fn seizure(at: &str, forces: bool, police: Option<&str>) -> NewCoercion {
    NewCoercion {
        case: case(),
        on: day("2026-11-20"),
        kind: CoercionKind::Seizure,
        asset: None,
        percent: None,
        agreed: false,
        at: Planned::parse(at),
        forces,
        police: police.map(|p| Code::parse(p).unwrap()),
    }
}

fn refusal(e: CoordinationError) -> String {
    match e {
        CoordinationError::Invalid(text) => Lang::Vi.say(&text),
        other => panic!("refused in words, not {other:?}"),
    }
}

async fn journal_lines(thads: &Thads) -> usize {
    let mut out = Vec::new();
    thads.export(&console(), &mut out).await.unwrap();
    String::from_utf8(out).unwrap().lines().count()
}

#[tokio::test]
async fn a_coercion_planned_in_the_blackout_is_refused_and_leaves_nothing() {
    let (thads, _db) = store().await;
    let before = journal_lines(&thads).await;
    // Tuesday 1 December 2026 at 22:30: the night.
    let night = thads
        .decide_coercion(&console(), seizure("2026-12-01 22:30", false, None))
        .await
        .unwrap_err();
    let words = refusal(night);
    assert!(words.contains("22:30 ngày 01/12/2026"), "{words}");
    assert!(words.contains("ban đêm"), "{words}");
    // 22 January 2027 is 15 days before Tết (6 February): out only when
    // forces are mobilised.
    let tet = thads
        .decide_coercion(&console(), seizure("2027-01-22 08:00", true, Some("SL-CA")))
        .await
        .unwrap_err();
    assert!(refusal(tet).contains("Tết Nguyên đán (06/02/2027)"));
    // Forces without the police to ask; a partner that is not the police.
    let alone = thads
        .decide_coercion(&console(), seizure("2026-12-01 08:00", true, None))
        .await
        .unwrap_err();
    assert!(refusal(alone).contains("cơ quan công an"));
    let court = thads
        .decide_coercion(&console(), seizure("2026-12-01 08:00", true, Some("SL-TA")))
        .await
        .unwrap_err();
    assert!(refusal(court).contains("SL-TA"));
    // Over the share of a wage, without the parties' agreement.
    let mut wage = seizure("2026-12-01 08:00", false, None);
    wage.kind = CoercionKind::WageDeduction;
    wage.percent = Some(35);
    let over = thads
        .decide_coercion(&console(), wage.clone())
        .await
        .unwrap_err();
    assert!(matches!(over, CoordinationError::Refused(_)), "{over:?}");
    assert_eq!(journal_lines(&thads).await, before);
    wage.agreed = true;
    let agreed = thads.decide_coercion(&console(), wage).await.unwrap();
    assert_eq!(agreed.code.as_str(), "SL/CC/2026/1");
    assert_eq!(agreed.request, None);
}

#[tokio::test]
async fn forces_mobilised_open_the_polices_request_in_the_same_write() {
    let (thads, _db) = store().await;
    let decided = thads
        .decide_coercion(&console(), seizure("2026-12-01 08:00", true, Some("SL-CA")))
        .await
        .unwrap();
    let Decided { code, request } = decided;
    assert_eq!(code.as_str(), "SL/CC/2026/1");
    let request = request.expect("the police asked");
    let snapshot = thads.snapshot().await.unwrap();
    let coordination = &snapshot.coordination;
    let coercion = &coordination.assets().coercions()[0];
    assert_eq!(
        (coercion.forces, coercion.kind),
        (true, CoercionKind::Seizure)
    );
    let sent = coordination.request(&request).unwrap();
    assert_eq!(sent.request.kind, POLICE_PROTECTION);
    assert_eq!(sent.request.partner.as_str(), "SL-CA");
    assert_eq!(sent.request.case.as_ref(), Some(&case()));
    assert!(
        sent.request
            .text
            .contains("SL/CC/2026/1, dự kiến tổ chức vào 08:00 ngày 01/12/2026"),
        "{}",
        sent.request.text
    );
    // One audit record for both facts.
    let exported = {
        let mut out = Vec::new();
        thads.export(&console(), &mut out).await.unwrap();
        String::from_utf8(out).unwrap()
    };
    assert!(exported.contains(r#""type":"coercion","code":"SL/CC/2026/1""#));
    assert!(exported.contains(r#""at":"2026-12-01 08:00","forces":true"#));
    thads.verify_audit(&console()).await.unwrap();

    // The Steering Committee's dossier lists it, with the police's
    // request, on the page's figures and in the Word file.
    let request = thads_service::dossier::DossierRequest {
        agency: thads_core::AgencyCode::parse("SL").unwrap(),
        from: day("2026-10-01"),
        to: day("2026-11-30"),
        large_from: 5_000_000_000,
        long_years: thads_service::dossier::DossierRequest::LONG_YEARS,
    };
    let dossier = thads.dossier(&console(), &request).await.unwrap();
    let listed = &dossier.coercions;
    assert_eq!(listed.len(), 1);
    assert_eq!(listed[0].code, "SL/CC/2026/1");
    assert_eq!(listed[0].at.as_deref(), Some("2026-12-01 08:00"));
    assert_eq!(listed[0].police, Some((request_code(&thads).await, "sent")));
    let text = thads_testdb::docx_text(&thads_service::dossier_docx::dossier_docx(&dossier));
    assert!(text.contains("Cưỡng chế có huy động lực lượng: 1 quyết định."));
    assert!(text.contains("dự kiến 08:00 ngày 01/12/2026"), "{text}");
}

/// The code of the only request of the store.
async fn request_code(thads: &Thads) -> String {
    let snapshot = thads.snapshot().await.unwrap();
    let request = snapshot.coordination.requests().next().unwrap();
    request.request.id.to_string()
}

#[tokio::test]
async fn form_7_counts_the_periods_measures_coercions_and_their_results() {
    let (thads, _db) = store().await;
    let asset = thads
        .add_asset(
            &console(),
            NewAsset {
                case: case(),
                on: day("2026-09-01"),
                kind: thads_core::asset::AssetKind::House,
                description: "Nhà 3 tầng, tổ 5, phường Chiềng Lề".to_owned(),
                value: Vnd(800_000_000),
                mortgage: None,
                perishable: false,
            },
        )
        .await
        .unwrap();
    let step = |on: &str, action: Action, amount: Option<i64>| Step {
        asset: asset.clone(),
        on: day(on),
        action,
        amount: amount.map(Vnd),
        measure: (action == Action::MeasureApplied)
            .then_some(thads_core::asset::Measure::BlockTransfer),
        co_owner: false,
    };
    thads
        .add_asset_step(&console(), step("2026-09-05", Action::MeasureApplied, None))
        .await
        .unwrap();
    let mut seize = seizure("2026-12-01 08:00", true, Some("SL-CA"));
    seize.asset = Some(asset.clone());
    thads.decide_coercion(&console(), seize).await.unwrap();
    for s in [
        step("2026-12-01", Action::Seized, None),
        step("2026-12-08", Action::Valued, Some(780_000_000)),
        step("2026-12-20", Action::AuctionRound, Some(780_000_000)),
        step("2026-12-28", Action::Sold, Some(790_000_000)),
    ] {
        thads.add_asset_step(&console(), s).await.unwrap();
    }
    let form = thads
        .form7(&console(), None, day("2026-10-01"), day("2026-12-31"))
        .await
        .unwrap();
    assert_eq!(form.rows.len(), 1);
    let row = &form.total;
    // The measure of September is outside the period.
    assert_eq!(
        (
            row.measures_applied,
            row.coercions,
            row.seizure,
            row.with_forces
        ),
        (0, 1, 1, 1)
    );
    assert_eq!((row.seized, row.seized_value), (1, 800_000_000));
    assert_eq!((row.sold, row.sold_money), (1, 790_000_000));
    let year = thads
        .form7(&console(), None, day("2026-01-01"), day("2026-12-31"))
        .await
        .unwrap();
    assert_eq!(year.total.measures_applied, 1);
    // The CSV and the workbook's sheet, read back.
    let csv = thads_service::render::form7_csv(&form);
    let mut reader = csv::Reader::from_reader(csv.as_bytes());
    let headers = reader.headers().unwrap().clone();
    let total = reader.records().last().unwrap().unwrap();
    let sold = headers
        .iter()
        .position(|h| h == "Số tiền bán tài sản (đồng)")
        .unwrap();
    assert_eq!(&total[sold], "790000000");
    let snapshot = thads.snapshot().await.unwrap();
    let report = thads_service::report::period_report(
        &snapshot,
        &console(),
        thads_service::report::ReportRequest::period(day("2026-10-01"), day("2026-12-31")),
    )
    .unwrap();
    let bytes = thads_service::render::xlsx_with(
        &report,
        thads_service::render::Annexes {
            form6: None,
            form7: Some(&form),
        },
    )
    .unwrap();
    let mut book = calamine::open_workbook_auto_from_rs(std::io::Cursor::new(bytes)).unwrap();
    let sheet = book.worksheet_range("Biểu 7 - Bảo đảm, cưỡng chế").unwrap();
    let rows: Vec<_> = sheet.rows().collect();
    let last = rows.last().unwrap();
    assert_eq!(last[0].to_string(), "Tổng cộng");
    assert_eq!(last[14].to_string(), "790000000");
}
