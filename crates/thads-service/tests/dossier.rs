//! The Steering Committee's dossier, on each backend: a journal built to
//! reproduce Sơn La's 2025 statistical year reads, in the dossier and in
//! its .docx read back, as that province's report reads.

use thads_core::account::Role;
use thads_core::committee::{DecisionKind, MeetingKind, MemberRole, Narrative, Source};
use thads_core::coordination::{Code, Partner, PartnerKind};
use thads_core::report::Rate;
use thads_core::{AgencyCode, Day};
use thads_service::committee::{NewConclusion, NewDecision, NewMeeting, NewMember};
use thads_service::coordination::CoordinationError;
use thads_service::dossier::DossierRequest;
use thads_service::dossier_docx::dossier_docx;
use thads_service::{Access, Actor, Thads};
use thads_testdb::TestDatabase;

/// One group of cases of the year: how many were accepted and for how
/// much, how many of them (and how much) were enforceable, and completed.
struct Group {
    categories: &'static str,
    accepted: (usize, i64),
    enforceable: (usize, i64),
    completed: (usize, i64),
}

const BILLION: i64 = 1_000_000_000;

/// Sơn La, 1 October 2024 – 30 September 2025: 5.675 cases and
/// 873,07 tỷ đồng accepted; 4.213 of 4.991 enforceable cases completed;
/// 280,78 of 471,06 tỷ đồng. The state budget: 3.214 cases and
/// 83,85 tỷ accepted, 2.652 and 26,71 tỷ completed; corruption or economic
/// cases: 160 and 32,04 tỷ, 99 of 119 completed, 13,96 of 17,56 tỷ. The
/// enforceable state-budget cases and the credit institutions' figures are
/// not in the report; they are chosen here so that the totals hold.
fn groups() -> [Group; 4] {
    [
        Group {
            categories: r#"["state_budget"]"#,
            accepted: (3214, 83_850_000_000),
            enforceable: (2900, 40 * BILLION),
            completed: (2652, 26_710_000_000),
        },
        Group {
            categories: r#"["corruption_economic"]"#,
            accepted: (160, 32_040_000_000),
            enforceable: (119, 17_560_000_000),
            completed: (99, 13_960_000_000),
        },
        Group {
            categories: r#"["credit_institution"]"#,
            accepted: (150, 300 * BILLION),
            enforceable: (120, 150 * BILLION),
            completed: (60, 50 * BILLION),
        },
        Group {
            categories: "[]",
            accepted: (2151, 457_180_000_000),
            enforceable: (1852, 263_500_000_000),
            completed: (1402, 190_110_000_000),
        },
    ]
}

/// `total` split in `parts` amounts differing by at most one đồng.
fn split(total: i64, parts: usize) -> impl Iterator<Item = i64> {
    let (base, extra) = (total / parts as i64, (total % parts as i64) as usize);
    (0..parts).map(move |i| base + i64::from(i < extra))
}

/// The journal: half the cases carried in from the year before, half new;
/// the completed ones paid in full in March, those without means found so
/// in January, the rest enforceable and open.
fn journal() -> String {
    let mut lines = vec![
        r#"{"type":"agency","code":"SL","name":"Thi hành án dân sự tỉnh Sơn La","parent":null}"#.to_owned(),
        r#"{"type":"agency","code":"SL-KV1","name":"Phòng Thi hành án dân sự khu vực 1","parent":"SL"}"#.to_owned(),
    ];
    let mut n = 0;
    for group in groups() {
        let open = (
            group.enforceable.0 - group.completed.0,
            group.enforceable.1 - group.completed.1,
        );
        let unable = (
            group.accepted.0 - group.enforceable.0,
            group.accepted.1 - group.enforceable.1,
        );
        let kinds = split(group.completed.1, group.completed.0)
            .map(|a| (a, "completed"))
            .chain(split(open.1, open.0).map(|a| (a, "open")))
            .chain(split(unable.1, unable.0).map(|a| (a, "unable")));
        for (amount, kind) in kinds {
            n += 1;
            let on = if n % 2 == 0 {
                "2024-06-03"
            } else {
                "2024-11-04"
            };
            let case = format!("SL-KV1/2025/{n}");
            lines.push(format!(
                r#"{{"type":"accepted","case":"{case}","on":"{on}","agency":"SL-KV1","mode":"ex_officio","amount":{amount},"categories":{},"decision":"{n}/QĐ-CCTHADS","judgment":"{n}/2024/DS-ST","debtor":{{"name":"Người phải thi hành {n}"}},"creditor":{{"name":"Người được thi hành {n}"}}}}"#,
                group.categories
            ));
            match kind {
                "completed" => {
                    lines.push(format!(
                        r#"{{"type":"collected","case":"{case}","on":"2025-03-10","amount":{amount}}}"#
                    ));
                    lines.push(format!(
                        r#"{{"type":"completed","case":"{case}","on":"2025-03-10"}}"#
                    ));
                }
                "unable" => lines.push(format!(
                    r#"{{"type":"unable","case":"{case}","on":"2025-01-10","ground":"no_means"}}"#
                )),
                _ => {}
            }
        }
    }
    lines.join("\n")
}

fn leader() -> Actor {
    Actor {
        name: "lanhdao.sl".to_owned(),
        address: "10.0.0.9".to_owned(),
        access: Access::Account {
            role: Role::Leader,
            agency: Some(AgencyCode::parse("SL").unwrap()),
        },
        partner: None,
        warehouses: Vec::new(),
    }
}

fn day(s: &str) -> Day {
    s.parse().unwrap()
}

#[tokio::test]
async fn the_dossier_reads_as_son_las_2025_report() {
    let db = TestDatabase::migrated();
    let thads = Thads::open(&db.url, db.key()).await.unwrap();
    thads
        .import(
            &Actor::console("thu", "may-chu-1"),
            "son-la-2025",
            journal().as_bytes(),
            &mut |_| {},
        )
        .await
        .unwrap();
    let sl = AgencyCode::parse("SL").unwrap();
    thads
        .set_target(&leader(), &sl, 2025, Rate(8200), Rate(6000))
        .await
        .unwrap();
    let request = DossierRequest {
        agency: sl,
        from: day("2024-10-01"),
        to: day("2025-09-30"),
        large_from: 5 * i128::from(BILLION),
        long_years: DossierRequest::LONG_YEARS,
    };
    let dossier = thads.dossier(&leader(), &request).await.unwrap();

    let (cases, money) = (dossier.results.cases, dossier.results.money);
    assert_eq!(
        (cases.accepted, cases.enforceable, cases.completed),
        (5675, 4991, 4213)
    );
    assert_eq!(cases.rate, Some(Rate(8441)));
    assert_eq!(
        (money.accepted, money.enforceable, money.completed),
        (873_070_000_000, 471_060_000_000, 280_780_000_000)
    );
    assert_eq!(money.rate, Some(Rate(5961)));
    let category = |name: &str| {
        dossier
            .categories
            .iter()
            .find(|c| c.category == name)
            .unwrap()
            .results
    };
    let budget = category("state_budget");
    assert_eq!(
        (budget.cases.accepted, budget.money.accepted),
        (3214, 83_850_000_000)
    );
    assert_eq!(
        (budget.cases.completed, budget.money.completed),
        (2652, 26_710_000_000)
    );
    let corruption = category("corruption_economic");
    assert_eq!(
        (
            corruption.cases.accepted,
            corruption.cases.enforceable,
            corruption.cases.completed
        ),
        (160, 119, 99)
    );
    assert_eq!(
        (
            corruption.money.accepted,
            corruption.money.enforceable,
            corruption.money.completed
        ),
        (32_040_000_000, 17_560_000_000, 13_960_000_000)
    );
    // The credit institutions hold 100 of the 190,28 billion still to
    // enforce: 52,55 %.
    let credit = dossier
        .categories
        .iter()
        .find(|c| c.category == "credit_institution")
        .unwrap();
    assert_eq!(credit.results.money.remaining, 100 * i128::from(BILLION));
    assert_eq!(credit.share_money, Some(Rate(5255)));
    // The whole year reviewed: nothing to project.
    assert_eq!(dossier.projection, None);
    // The 30 credit cases without means, 5 billion each, are the large ones.
    assert_eq!(
        (dossier.large.total, dossier.large.owed),
        (30, 150 * i128::from(BILLION))
    );
    let first = &dossier.large.cases[0];
    assert!(
        first.code.starts_with("SL-KV1/2025/") && first.debtor.starts_with("Người phải thi hành"),
        "{first:?}"
    );
    // A page reads it from its view, to the same figures and names.
    let view = thads.view().await.unwrap();
    assert_eq!(
        thads
            .dossier_in_view(&view, &leader(), &request)
            .await
            .unwrap(),
        dossier
    );

    let text = thads_testdb::docx_text(&dossier_docx(&dossier));
    for expected in [
        "BAN CHỈ ĐẠO THI HÀNH ÁN DÂN SỰ",
        "Sơn La, ngày 30 tháng 09 năm 2025",
        "từ ngày 01/10/2024 đến ngày 30/09/2025",
        "Về việc: tổng số thụ lý 5.675 việc; có điều kiện thi hành 4.991 việc; thi hành xong 4.213 việc, đạt tỷ lệ 84,41% (đạt chỉ tiêu 82,00%)",
        "Về tiền: tổng số thụ lý 873,07 tỷ đồng; có điều kiện thi hành 471,06 tỷ đồng; thi hành xong 280,78 tỷ đồng, đạt tỷ lệ 59,61% (chưa đạt chỉ tiêu 60,00%)",
        "Thu cho ngân sách nhà nước|3.214 việc|83,85 tỷ đồng|2.652 (",
        "26,71 tỷ đồng (",
        "Tham nhũng, kinh tế|160 việc|32,04 tỷ đồng|99 (83,19%)|13,96 tỷ đồng (79,50%)|",
        "Liên quan đến tổ chức tín dụng|150 việc|300,00 tỷ đồng|60 (50,00%)|50,00 tỷ đồng (33,33%)|60 việc; 100,00 tỷ đồng; 52,55% số tiền|",
        "từ 5,00 tỷ đồng trở lên: 30 việc, còn phải thi hành 150,00 tỷ đồng",
    ] {
        assert!(text.contains(expected), "{expected}\n\n{text}");
    }
}

fn executor_of_kv1() -> Actor {
    account(Role::Executor, "SL-KV1", None)
}

fn account(role: Role, agency: &str, partner: Option<&str>) -> Actor {
    Actor {
        name: format!("{role:?}.{agency}").to_lowercase(),
        address: "10.0.0.9".to_owned(),
        access: Access::Account {
            role,
            agency: Some(AgencyCode::parse(agency).unwrap()),
        },
        partner: partner.map(|p| Code::parse(p).unwrap()),
        warehouses: Vec::new(),
    }
}

#[tokio::test]
async fn a_meeting_issues_its_dossier_frozen_and_follows_its_conclusions() {
    let db = TestDatabase::migrated();
    let thads = Thads::open(&db.url, db.key()).await.unwrap();
    let console = Actor::console("thu", "may-chu-1");
    thads
        .import(&console, "son-la-2025", journal().as_bytes(), &mut |_| {})
        .await
        .unwrap();
    let police = Partner {
        code: Code::parse("SL-CA").unwrap(),
        kind: PartnerKind::PoliceProvince,
        name: "Công an tỉnh Sơn La".to_owned(),
        agency: AgencyCode::parse("SL").unwrap(),
        parent: None,
        address: None,
        phone: None,
        email: None,
    };
    thads.add_partner(&console, police).await.unwrap();
    let sl = AgencyCode::parse("SL").unwrap();
    // The committee's members, named and changed by the People's
    // Committee's decisions.
    let decision = |number: &str, on: &str, kind| NewDecision {
        agency: sl.clone(),
        kind,
        number: number.to_owned(),
        on: day(on),
        summary: "Kiện toàn Ban Chỉ đạo thi hành án dân sự tỉnh".to_owned(),
        effective: None,
        document: None,
    };
    let first = thads
        .record_decision(
            &leader(),
            decision("120/QĐ-UBND", "2024-01-15", DecisionKind::Establishment),
        )
        .await
        .unwrap();
    let name = |who: &str, role, partner: Option<&str>, decision: &Code| NewMember {
        decision: decision.clone(),
        name: who.to_owned(),
        position: "Giám đốc".to_owned(),
        partner: partner.map(|p| Code::parse(p).unwrap()),
        role,
    };
    let police_chief = thads
        .name_member(
            &leader(),
            name("Hà Văn Công", MemberRole::Member, Some("SL-CA"), &first),
        )
        .await
        .unwrap();
    thads
        .name_member(
            &leader(),
            name("Cầm Văn Trưởng", MemberRole::Head, None, &first),
        )
        .await
        .unwrap();
    assert!(matches!(
        thads
            .name_member(
                &executor_of_kv1(),
                name("X", MemberRole::Member, None, &first)
            )
            .await,
        Err(CoordinationError::Denied(_))
    ));
    let change = thads
        .record_decision(
            &leader(),
            decision("88/QĐ-UBND", "2025-03-01", DecisionKind::Change),
        )
        .await
        .unwrap();
    thads
        .member_leaves(&leader(), &police_chief, &change)
        .await
        .unwrap();
    let roll = thads
        .committee_roll(&account(Role::Steering, "SL", None), &sl)
        .await
        .unwrap();
    assert_eq!(
        roll.members
            .iter()
            .map(|m| (m.name.as_str(), m.role))
            .collect::<Vec<_>>(),
        [("Cầm Văn Trưởng", MemberRole::Head)]
    );
    assert_eq!(
        roll.former[0].left_by,
        Some(("88/QĐ-UBND".to_owned(), day("2025-03-01")))
    );
    assert_eq!(roll.former[0].organisation, "Công an tỉnh Sơn La");
    let new = NewMeeting {
        agency: sl.clone(),
        on: day("2025-10-15"),
        kind: MeetingKind::Annual,
        from: day("2024-10-01"),
        to: day("2025-09-30"),
        agenda: "Tổng kết năm 2025".to_owned(),
    };
    // An executor is not of the secretariat; an office is not a committee.
    let executor = account(Role::Executor, "SL-KV1", None);
    assert!(matches!(
        thads.call_meeting(&executor, new.clone()).await,
        Err(CoordinationError::Denied(_))
    ));
    let id = thads.call_meeting(&leader(), new).await.unwrap();
    assert_eq!(id.as_str(), "SL/2025/1");
    let narrative = Narrative {
        assessment: "Vượt chỉ tiêu về việc; chưa đạt về tiền.".to_owned(),
        causes: "Tài sản thế chấp khó xử lý.".to_owned(),
        direction: "Tập trung các việc tín dụng lớn.".to_owned(),
    };
    thads
        .write_narrative(&leader(), &id, narrative.clone())
        .await
        .unwrap();
    // No conclusion before the dossier is issued.
    let conclusion = |text: &str, partner: Option<&str>| NewConclusion {
        text: text.to_owned(),
        partner: partner.map(|p| Code::parse(p).unwrap()),
        due: day("2025-12-31"),
        expected: "Hoàn thành".to_owned(),
    };
    assert!(
        thads
            .conclude(
                &leader(),
                &Source::Meeting(id.clone()),
                conclusion("x", None)
            )
            .await
            .is_err()
    );
    thads
        .issue_dossier(&leader(), &id, day("2025-10-08"))
        .await
        .unwrap();
    // Issued, it is frozen: the narrative cannot change, and a case
    // recorded later does not move its figures.
    assert!(
        thads
            .write_narrative(&leader(), &id, Narrative::default())
            .await
            .is_err()
    );
    let (_, frozen, figures) = thads.issued_dossier(&leader(), &id).await.unwrap();
    let later = r#"{"type":"accepted","case":"SL-KV1/2025/99999","on":"2025-05-05","agency":"SL-KV1","mode":"ex_officio","amount":7000000,"categories":[],"decision":"1/QĐ","judgment":"1/DS","debtor":{"name":"A"},"creditor":{"name":"B"}}"#;
    thads
        .import(&console, "later", later.as_bytes(), &mut |_| {})
        .await
        .unwrap();
    let (_, again, figures_again) = thads.issued_dossier(&leader(), &id).await.unwrap();
    assert_eq!((&again, &figures_again), (&frozen, &figures));
    let figures: serde_json::Value = serde_json::from_str(&figures).unwrap();
    assert_eq!(figures["results"]["cases"]["accepted"], 5675);
    let text = thads_testdb::docx_text(&frozen);
    for expected in [
        "thi hành xong 4.213 việc, đạt tỷ lệ 84,41%",
        "V. ĐÁNH GIÁ CHUNG",
        "Vượt chỉ tiêu về việc; chưa đạt về tiền.",
        "Tập trung các việc tín dụng lớn.",
    ] {
        assert!(text.contains(expected), "{expected}\n\n{text}");
    }
    // The members see the meeting and when its materials came: 5 working
    // days before (9, 10, 13, 14 and 15 October).
    let member = account(Role::Steering, "SL", None);
    let page = thads.meeting_page(&member, &id).await.unwrap();
    assert_eq!(
        (page.issued, page.lead_days, page.may_run),
        (Some(day("2025-10-08")), Some(5), false)
    );
    // Two conclusions become tasks; the police report on theirs.
    let police_task = thads
        .conclude(
            &leader(),
            &Source::Meeting(id.clone()),
            conclusion("Bảo vệ cưỡng chế các việc tín dụng", Some("SL-CA")),
        )
        .await
        .unwrap();
    let own_task = thads
        .conclude(
            &leader(),
            &Source::Meeting(id.clone()),
            conclusion("Rà soát việc lớn", None),
        )
        .await
        .unwrap();
    let police = account(Role::Partner, "SL", Some("SL-CA"));
    assert!(matches!(
        thads
            .report_task(&police, &own_task, day("2025-11-20"), "x", false)
            .await,
        Err(CoordinationError::Denied(_))
    ));
    thads
        .report_task(
            &police,
            &police_task,
            day("2025-11-20"),
            "Đã bố trí lực lượng",
            true,
        )
        .await
        .unwrap();
    let tasks = thads.tasks(&police).await.unwrap();
    assert_eq!(tasks.len(), 1, "a partner sees its own tasks");
    assert_eq!(tasks[0].state, "done");
    // The next meeting's dossier says what became of them: one done, one
    // overdue on 31 March 2026.
    let next = DossierRequest {
        agency: AgencyCode::parse("SL").unwrap(),
        from: day("2025-10-01"),
        to: day("2026-03-31"),
        large_from: DossierRequest::LARGE_FROM,
        long_years: DossierRequest::LONG_YEARS,
    };
    let dossier = thads.dossier(&leader(), &next).await.unwrap();
    assert_eq!(dossier.tasks.previous_meeting.as_deref(), Some("SL/2025/1"));
    let states: Vec<(&str, &str)> = dossier
        .tasks
        .previous
        .iter()
        .map(|t| (t.id.as_str(), t.state))
        .collect();
    assert_eq!(
        states,
        [("SL/2025/1/1", "done"), ("SL/2025/1/2", "overdue")]
    );
    // Sealed and audited; the meetings and tasks travel in an export.
    assert!(thads.verify_audit(&console).await.unwrap().lines > 0);
    let mut exported = Vec::new();
    thads.export(&console, &mut exported).await.unwrap();
    let copy_db = TestDatabase::migrated();
    let copy = Thads::open(&copy_db.url, copy_db.key()).await.unwrap();
    copy.import(&console, "export", exported.as_slice(), &mut |_| {})
        .await
        .unwrap();
    assert_eq!(
        copy.meetings(&console).await.unwrap(),
        thads.meetings(&console).await.unwrap()
    );
    assert_eq!(
        copy.tasks(&console).await.unwrap(),
        thads.tasks(&console).await.unwrap()
    );
    let text = thads_testdb::docx_text(&dossier_docx(&dossier));
    assert!(
        text.contains(
            "SL/2025/1/2|Rà soát việc lớn|Thi hành án dân sự tỉnh Sơn La|31/12/2025|Quá hạn|"
        ),
        "{text}"
    );
}
