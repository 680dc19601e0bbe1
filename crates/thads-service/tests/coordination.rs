//! Coordination with partner agencies, on each backend: requests' reply
//! deadlines on the working-day calendar across a holiday and the law of
//! 1 July 2026, reminders and escalation, what a partner's account reaches,
//! answers with their files, the answer that resumes a postponed case, and
//! the facts through the audit trail and an export.

use thads_core::account::Role;
use thads_core::coordination::{Code, Partner, PartnerKind};
use thads_core::{AgencyCode, CaseCode, Day, Status};
use thads_service::coordination::{Chase, CoordinationError, NewRequest, RequestQuery, Upload};
use thads_service::{Access, Actor, DueQuery, Thads};
use thads_testdb::TestDatabase;

const JOURNAL: &str = r#"{"type":"agency","code":"SL","name":"Thi hành án dân sự tỉnh Sơn La","parent":null}
{"type":"agency","code":"SL-KV1","name":"Phòng Thi hành án dân sự khu vực 1","parent":"SL"}
{"type":"agency","code":"HN","name":"Thi hành án dân sự thành phố Hà Nội","parent":null}
{"type":"accepted","case":"SL-KV1/2025/1","on":"2025-03-03","agency":"SL-KV1","mode":"ex_officio","amount":5000000,"categories":["state_budget"],"decision":"12/QĐ-THADS","judgment":"45/2024/HS-ST","debtor":{"name":"Lò Văn Hùng","id":"014123456789"},"creditor":{"name":"Ngân sách nhà nước"}}
{"type":"notified","case":"SL-KV1/2025/1","on":"2025-03-05"}
{"type":"postponed","case":"SL-KV1/2025/1","on":"2025-03-10","ground":"l2014-a48-1-dd"}
{"type":"accepted","case":"HN/2025/1","on":"2025-03-03","agency":"HN","mode":"ex_officio","amount":1000000,"categories":[],"decision":"1/QĐ","judgment":"2/HS","debtor":{"name":"Nguyễn Văn A"},"creditor":{"name":"Ngân sách nhà nước"}}
"#;

fn code(s: &str) -> Code {
    Code::parse(s).unwrap()
}

fn day(s: &str) -> Day {
    s.parse().unwrap()
}

fn console() -> Actor {
    Actor::console("thu", "may-chu-1")
}

fn account(role: Role, agency: &str, partner: Option<&str>) -> Actor {
    Actor {
        name: format!("{role:?}.{agency}").to_lowercase(),
        address: "10.0.0.9".to_owned(),
        access: Access::Account {
            role,
            agency: Some(AgencyCode::parse(agency).unwrap()),
        },
        partner: partner.map(code),
        warehouses: Vec::new(),
    }
}

async fn store() -> (Thads, TestDatabase) {
    let db = TestDatabase::migrated();
    let thads = Thads::open(&db.url, db.key()).await.unwrap();
    thads
        .import(&console(), "coordination", JOURNAL.as_bytes(), &mut |_| {})
        .await
        .unwrap();
    for (c, kind, agency) in [
        ("SL-CA", PartnerKind::PoliceProvince, "SL"),
        ("SL-CAX", PartnerKind::PoliceCommune, "SL"),
        ("SL-TAND", PartnerKind::Court, "SL"),
        ("SL-XM", PartnerKind::EnforcementAgency, "SL"),
        ("HN-CA", PartnerKind::PoliceProvince, "HN"),
    ] {
        let partner = Partner {
            code: code(c),
            kind,
            name: format!("Cơ quan {c}"),
            agency: AgencyCode::parse(agency).unwrap(),
            parent: None,
            address: None,
            phone: None,
            email: None,
        };
        thads.add_partner(&console(), partner).await.unwrap();
    }
    (thads, db)
}

/// A .docx's texts, one after another, and its page's top, left and right
/// margins, read with zip and quick-xml.
fn read_docx(bytes: &[u8]) -> (String, Vec<String>) {
    use quick_xml::events::Event as Xml;
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut xml = String::new();
    std::io::Read::read_to_string(&mut archive.by_name("word/document.xml").unwrap(), &mut xml)
        .unwrap();
    let mut reader = quick_xml::Reader::from_str(&xml);
    let (mut texts, mut margins, mut in_text) = (String::new(), Vec::new(), false);
    loop {
        match reader.read_event().unwrap() {
            Xml::Start(e) if e.name().as_ref() == "w:t" => in_text = true,
            Xml::End(e) if e.name().as_ref() == "w:t" => in_text = false,
            Xml::Text(t) if in_text => texts.push_str(&t.xml10_content()),
            Xml::Empty(e) if e.name().as_ref() == "w:pgMar" => {
                for name in ["w:top", "w:left", "w:right"] {
                    let value = e.try_get_attribute(name).unwrap().unwrap().value;
                    margins.push(value.to_string());
                }
            }
            Xml::Eof => break,
            _ => {}
        }
    }
    (texts, margins)
}

fn new(partner: &str, kind: &str, on: &str) -> NewRequest {
    NewRequest {
        agency: None,
        case: Some(CaseCode::parse("SL-KV1/2025/1").unwrap()),
        partner: code(partner),
        kind: kind.to_owned(),
        on: day(on),
        real_estate: false,
        complex: false,
        text: "Đề nghị phối hợp".to_owned(),
        attachments: Vec::new(),
        report: None,
    }
}

#[tokio::test]
async fn reply_deadlines_follow_the_rule_in_force_on_the_day_sent_on_the_working_day_calendar() {
    let (thads, _db) = store().await;
    let executor = account(Role::Executor, "SL-KV1", None);
    let cases = [
        // The day before the law of 1 July 2026: 3 working days (TTLT 03/2012).
        (
            "SL-CA",
            "police_protection",
            "2026-06-30",
            false,
            "2026-07-03",
            "police-2014",
        ),
        // Decree 152: 5 working days for the provincial police; Friday
        // 28/8, then Monday 31/8 off and National Day 1–2/9.
        (
            "SL-CA",
            "police_protection",
            "2026-08-28",
            false,
            "2026-09-09",
            "police-province-2026",
        ),
        // 3 working days for the commune police, across the same days off.
        (
            "SL-CAX",
            "police_protection",
            "2026-08-28",
            false,
            "2026-09-07",
            "police-commune-2026",
        ),
        // Delegated verification of real estate: 30 days.
        (
            "SL-XM",
            "delegated_verification",
            "2026-07-01",
            true,
            "2026-07-31",
            "delegated-real-estate-2026",
        ),
        (
            "SL-XM",
            "delegated_verification",
            "2026-07-01",
            false,
            "2026-07-16",
            "delegated-2026",
        ),
    ];
    for (i, (partner, kind, on, real_estate, due, rule)) in cases.into_iter().enumerate() {
        let mut request = new(partner, kind, on);
        request.real_estate = real_estate;
        let row = thads.open_request(&executor, request).await.unwrap();
        assert_eq!(
            row.id,
            format!("SL-KV1/{}/{}", &on[..4], i + 1),
            "numbered per agency and year"
        );
        assert_eq!(
            (row.due, row.rule.as_str()),
            (day(due), rule),
            "{kind} to {partner} on {on}"
        );
    }
    // A kind of request the partner's kind has no rule for is refused.
    let refused = thads
        .open_request(&executor, new("SL-TAND", "police_protection", "2026-08-28"))
        .await
        .unwrap_err();
    assert!(refused.to_string().contains("no rule"), "{refused}");
    // Another province's partner and case are not the office's.
    assert!(
        thads
            .open_request(&executor, new("HN-CA", "police_protection", "2026-08-28"))
            .await
            .is_err()
    );
    let mut other_case = new("SL-CA", "police_protection", "2026-08-28");
    other_case.case = Some(CaseCode::parse("HN/2025/1").unwrap());
    assert!(matches!(
        thads.open_request(&executor, other_case).await,
        Err(CoordinationError::NotFound(_))
    ));
}

#[tokio::test]
async fn overdue_requests_are_reminded_twice_then_escalated() {
    let (thads, _db) = store().await;
    let executor = account(Role::Executor, "SL-KV1", None);
    let row = thads
        .open_request(&executor, new("SL-CA", "police_protection", "2026-08-28"))
        .await
        .unwrap();
    let id = code(&row.id);
    let chase = |chase, on| thads.chase_request(&executor, &id, chase, day(on));
    // Not overdue on its due date.
    assert!(matches!(
        chase(Chase::Remind, "2026-09-09").await,
        Err(CoordinationError::Invalid(_))
    ));
    chase(Chase::Remind, "2026-09-10").await.unwrap();
    assert!(
        chase(Chase::Escalate, "2026-09-11").await.is_err(),
        "one reminder only"
    );
    chase(Chase::Remind, "2026-09-14").await.unwrap();
    assert!(
        chase(Chase::Remind, "2026-09-15").await.is_err(),
        "a third reminder"
    );
    chase(Chase::Escalate, "2026-09-15").await.unwrap();
    let rows = thads
        .requests(
            &executor,
            &RequestQuery {
                as_of: Some(day("2026-09-16")),
                overdue: true,
                ..RequestQuery::default()
            },
        )
        .await
        .unwrap();
    assert_eq!(rows.len(), 1);
    assert_eq!(
        (rows[0].reminders, rows[0].escalated),
        (2, Some(day("2026-09-15")))
    );
    assert_eq!(rows[0].overdue_days, 5, "10, 11, 14, 15 and 16 September");
    // A partner may say it received the request, not chase it.
    let police = account(Role::Partner, "SL", Some("SL-CA"));
    thads
        .chase_request(&police, &id, Chase::Received, day("2026-09-16"))
        .await
        .unwrap();
    assert!(matches!(
        thads
            .chase_request(&police, &id, Chase::Withdraw, day("2026-09-16"))
            .await,
        Err(CoordinationError::Denied(_))
    ));
}

#[tokio::test]
async fn a_partner_reaches_only_its_own_requests_and_answers_them_with_a_document() {
    let (thads, _db) = store().await;
    let executor = account(Role::Executor, "SL-KV1", None);
    let to_police = thads
        .open_request(&executor, new("SL-CA", "police_protection", "2026-09-01"))
        .await
        .unwrap();
    let to_court = thads
        .open_request(&executor, new("SL-TAND", "explain_judgment", "2026-09-01"))
        .await
        .unwrap();
    let police = account(Role::Partner, "SL", Some("SL-CA"));
    let court = account(Role::Partner, "SL", Some("SL-TAND"));
    let inbox = thads
        .requests(&police, &RequestQuery::default())
        .await
        .unwrap();
    assert_eq!(
        inbox.iter().map(|r| r.id.as_str()).collect::<Vec<_>>(),
        [to_police.id.as_str()]
    );
    // The court's request does not exist for the police.
    let court_id = code(&to_court.id);
    assert!(matches!(
        thads.request_page(&police, &court_id).await,
        Err(CoordinationError::NotFound(_))
    ));
    assert!(matches!(
        thads
            .answer_request(&police, &court_id, day("2026-09-02"), "x", None, None)
            .await,
        Err(CoordinationError::NotFound(_))
    ));
    // An account of no partner sees nothing.
    let unlinked = account(Role::Partner, "SL", None);
    assert!(
        thads
            .requests(&unlinked, &RequestQuery::default())
            .await
            .unwrap()
            .is_empty()
    );
    // The page shows the least of the case: parties' names and decision.
    let page = thads
        .request_page(&police, &code(&to_police.id))
        .await
        .unwrap();
    let case = page.case.unwrap();
    assert_eq!(
        (case.debtor.as_str(), case.decision.as_str()),
        ("Lò Văn Hùng", "12/QĐ-THADS")
    );
    assert!(page.may_answer && !page.may_chase);
    // A page of script is refused whatever it is named; a PDF is kept.
    let html = Upload {
        name: "tra-loi.pdf".into(),
        bytes: b"<html><script>alert(1)</script></html>".to_vec(),
    };
    let police_id = code(&to_police.id);
    assert!(matches!(
        thads
            .answer_request(
                &police,
                &police_id,
                day("2026-09-03"),
                "Đồng ý",
                None,
                Some(html)
            )
            .await,
        Err(CoordinationError::Invalid(_))
    ));
    let pdf = Upload {
        name: "C:\\thu muc\\tra-loi.pdf".into(),
        bytes: b"%PDF-1.4\n% phuong an bao ve\n".to_vec(),
    };
    thads
        .answer_request(
            &police,
            &police_id,
            day("2026-09-03"),
            "Đồng ý bảo vệ",
            None,
            Some(pdf),
        )
        .await
        .unwrap();
    let page = thads.request_page(&executor, &police_id).await.unwrap();
    assert_eq!(page.row.stage, "answered");
    let (text, file) = page.answer.unwrap();
    assert_eq!(text, "Đồng ý bảo vệ");
    let digest = file.unwrap().sha256;
    let (name, media_type, bytes) = thads
        .request_attachment(&executor, &police_id, &digest)
        .await
        .unwrap();
    assert_eq!(
        (name.as_str(), media_type.as_str()),
        ("tra-loi.pdf", "application/pdf")
    );
    assert!(bytes.starts_with(b"%PDF-"));
    assert!(matches!(
        thads.request_attachment(&court, &police_id, &digest).await,
        Err(CoordinationError::NotFound(_))
    ));
    // Sent on National Day (1/9), answered on the 3rd, the first working
    // day after 2/9: in 1 working day, on time.
    let table = thads
        .requests_by_partner(&executor, None, day("2026-01-01"), day("2026-11-28"))
        .await
        .unwrap();
    let police_row = table.iter().find(|r| r.partner == "SL-CA").unwrap();
    assert_eq!(
        (
            police_row.sent,
            police_row.answered,
            police_row.answered_on_time,
            police_row.median_days
        ),
        (1, 1, 1, Some(1))
    );
    // The letter, read back from the .docx by a reader of its own.
    let (file, docx) = thads.request_letter(&executor, &police_id).await.unwrap();
    assert_eq!(file, "cong-van-SL-KV1-2026-1.docx");
    let (texts, margins) = read_docx(&docx);
    for expected in [
        "PHÒNG THI HÀNH ÁN DÂN SỰ KHU VỰC 1",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "Số: 1/CV-THADS",
        "Sơn La, ngày 01 tháng 09 năm 2026",
        "Cơ quan SL-CA.",
        "Quyết định thi hành án số 12/QĐ-THADS",
        "trước ngày 09/09/2026",
        "THỦ TRƯỞNG CƠ QUAN",
    ] {
        assert!(texts.contains(expected), "{expected} not in {texts}");
    }
    // Decree 30's margins: 20 mm top, 30 mm left, 15 mm right (twips).
    assert_eq!(margins, ["1134", "1701", "850"]);
    assert!(matches!(
        thads.request_letter(&court, &police_id).await,
        Err(CoordinationError::NotFound(_))
    ));
    // The court, which has not answered, is the latest and comes first.
    assert_eq!(table[0].partner, "SL-TAND");
    assert_eq!(table[0].overdue, 1);
}

#[tokio::test]
async fn the_courts_explanation_resumes_the_case_postponed_waiting_on_it() {
    let (thads, _db) = store().await;
    let executor = account(Role::Executor, "SL-KV1", None);
    let row = thads
        .open_request(&executor, new("SL-TAND", "explain_judgment", "2025-03-11"))
        .await
        .unwrap();
    assert_eq!(
        (row.due, row.rule.as_str()),
        (day("2025-03-26"), "explain-2014")
    );
    // Received on paper: the executor records the court's answer.
    thads
        .answer_request(
            &executor,
            &code(&row.id),
            day("2025-03-20"),
            "Giải thích",
            None,
            None,
        )
        .await
        .unwrap();
    let snapshot = thads.snapshot().await.unwrap();
    let file = thads
        .case_file(
            &snapshot,
            &executor,
            &CaseCode::parse("SL-KV1/2025/1").unwrap(),
        )
        .await
        .unwrap()
        .unwrap();
    assert_eq!(file.state.status(), Status::Enforcing);
    assert_eq!(file.events.last().unwrap().0, day("2025-03-20"));
    // Postponed, the case owed no step; resumed by the court's answer, its
    // verification comes back, and the to-do list names the answer.
    let view = thads.view().await.unwrap();
    let calendar = thads.calendar().await.unwrap();
    let case_steps = |as_of: &str| {
        let query = DueQuery {
            agency: None,
            executor: None,
            as_of: day(as_of),
        };
        let list = view.due(&executor, &calendar, &query).unwrap();
        list.steps
            .iter()
            .filter(|s| s.code == "SL-KV1/2025/1")
            .map(|s| (s.duty.as_str(), s.resumed_on))
            .collect::<Vec<_>>()
    };
    assert_eq!(case_steps("2025-03-19"), []);
    assert_eq!(
        case_steps("2025-03-21"),
        [("verify", Some(day("2025-03-20")))]
    );
    let answer = view
        .answer_that_resumed(&executor, &calendar, "SL-KV1/2025/1", day("2025-03-20"))
        .unwrap()
        .expect("the court's answer");
    assert_eq!(answer.id, row.id);
    assert!(
        view.answer_that_resumed(&executor, &calendar, "SL-KV1/2025/1", day("2025-03-19"))
            .unwrap()
            .is_none()
    );

    // Every fact is sealed and audited, and travels in an export.
    let summary = thads.verify_audit(&console()).await.unwrap();
    assert!(summary.lines > 0);
    let mut exported = Vec::new();
    thads.export(&console(), &mut exported).await.unwrap();
    let text = String::from_utf8(exported).unwrap();
    assert!(
        text.contains(r#""type":"request_answered","request":"SL-KV1/2025/1""#),
        "{text}"
    );
    let db = TestDatabase::migrated();
    let copy = Thads::open(&db.url, db.key()).await.unwrap();
    copy.import(&console(), "export", text.as_bytes(), &mut |_| {})
        .await
        .unwrap();
    let query = RequestQuery {
        as_of: Some(day("2026-11-28")),
        ..RequestQuery::default()
    };
    assert_eq!(
        copy.requests(&console(), &query).await.unwrap(),
        thads.requests(&console(), &query).await.unwrap()
    );
}

#[tokio::test]
async fn the_view_is_kept_while_no_fact_is_added_and_renewed_when_one_is() {
    let (thads, _db) = store().await;
    let first = thads.view().await.unwrap();
    let again = thads.view().await.unwrap();
    assert!(std::sync::Arc::ptr_eq(&first, &again), "nothing moved");
    let executor = account(Role::Executor, "SL-KV1", None);
    thads
        .open_request(&executor, new("SL-CA", "police_protection", "2026-09-01"))
        .await
        .unwrap();
    let after = thads.view().await.unwrap();
    assert!(
        !std::sync::Arc::ptr_eq(&first, &after),
        "a request moves it"
    );
    assert_eq!(after.snapshot().coordination.request_count(), 1);
    assert!(std::sync::Arc::ptr_eq(&after, &thads.view().await.unwrap()));
}

#[tokio::test]
async fn a_request_sends_its_documents_with_it_or_is_not_sent_at_all() {
    let (thads, _db) = store().await;
    let executor = account(Role::Executor, "SL-KV1", None);
    let pdf = Upload {
        name: "ban-an.pdf".into(),
        bytes: b"%PDF-1.7\n% ban an so 12\n".to_vec(),
    };
    let png = Upload {
        name: "/tmp/so-do thua dat.png".into(),
        bytes: b"\x89PNG\r\n\x1a\n so do".to_vec(),
    };
    let svg = Upload {
        name: "so-do.png".into(),
        bytes: b"<svg xmlns='http://www.w3.org/2000/svg' onload='alert(1)'/>".to_vec(),
    };
    // A drawing that could run in a browser, whatever its name, refuses
    // the whole request: no request, no number taken, no file kept.
    let mut refused = new("SL-CA", "police_protection", "2026-09-01");
    refused.attachments = vec![pdf.clone(), svg];
    match thads.open_request(&executor, refused).await {
        Err(CoordinationError::Invalid(text)) => {
            assert_eq!(text.key(), "attachment-bad-type");
            assert!(text.to_string().contains("“so-do.png”"), "{text}");
        }
        other => panic!("expected a refusal, got {other:?}"),
    }
    assert!(
        thads
            .requests(&executor, &RequestQuery::default())
            .await
            .unwrap()
            .is_empty()
    );
    let mut crowded = new("SL-CA", "police_protection", "2026-09-01");
    crowded.attachments = vec![pdf.clone(); 6];
    assert!(matches!(
        thads.open_request(&executor, crowded).await,
        Err(CoordinationError::Invalid(_))
    ));
    let mut sent = new("SL-CA", "police_protection", "2026-09-01");
    sent.attachments = vec![pdf, png];
    let row = thads.open_request(&executor, sent).await.unwrap();
    assert!(
        row.id.ends_with("/2026/1"),
        "the refused ones took no number: {}",
        row.id
    );
    // The partner sees the documents and downloads them; another does not.
    let police = account(Role::Partner, "SL", Some("SL-CA"));
    let id = code(&row.id);
    let page = thads.request_page(&police, &id).await.unwrap();
    let files: Vec<(&str, &str, u64)> = page
        .attachments
        .iter()
        .map(|a| (a.name.as_str(), a.media_type.as_str(), a.size))
        .collect();
    assert_eq!(
        files,
        [
            ("ban-an.pdf", "application/pdf", 24),
            ("so-do thua dat.png", "image/png", 14)
        ]
    );
    let (name, media_type, bytes) = thads
        .request_attachment(&police, &id, &page.attachments[1].sha256)
        .await
        .unwrap();
    assert_eq!(
        (name.as_str(), media_type.as_str()),
        ("so-do thua dat.png", "image/png")
    );
    assert!(bytes.starts_with(b"\x89PNG"));
    let court = account(Role::Partner, "SL", Some("SL-TAND"));
    assert!(matches!(
        thads
            .request_attachment(&court, &id, &page.attachments[0].sha256)
            .await,
        Err(CoordinationError::NotFound(_))
    ));
    // A digest the request does not name is not found, even if stored.
    assert!(matches!(
        thads
            .request_attachment(&police, &id, &"0".repeat(64))
            .await,
        Err(CoordinationError::NotFound(_))
    ));
    // The letter lists what is enclosed.
    let (_, docx) = thads.request_letter(&executor, &id).await.unwrap();
    let (text, _) = read_docx(&docx);
    assert!(
        text.contains("Tài liệu gửi kèm: ban-an.pdf; so-do thua dat.png."),
        "{text}"
    );
}
