//! The Steering Committee's registers, on each backend: directives whose
//! tasks the organisations report on, peak campaigns whose results come
//! from the journal for their window, and complex cases whose plans fall
//! into the executors' to-do lists.

use thads_core::account::Role;
use thads_core::committee::{PlanStep, Source};
use thads_core::coordination::{Code, Partner, PartnerKind};
use thads_core::executor::ExecutorCode;
use thads_core::report::Rate;
use thads_core::{AgencyCode, CaseCode, Category, Day, Vnd};
use thads_service::campaign::NewCampaign;
use thads_service::committee::{NewConclusion, NewDirective};
use thads_service::complex::NewComplex;
use thads_service::coordination::CoordinationError;
use thads_service::dossier::DossierRequest;
use thads_service::{Access, Actor, Thads};
use thads_testdb::TestDatabase;

fn day(s: &str) -> Day {
    s.parse().unwrap()
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

fn leader() -> Actor {
    account(Role::Leader, "SL", None)
}

fn console() -> Actor {
    Actor::console("thu", "may-chu-1")
}

/// Sơn La with two offices and an executor in each, Hà Nội beside it. Six
/// cases of Sơn La before the campaign of October–December 2026:
/// - 1 (KV1, credit, 12 bn): 2 bn collected in September, 10 bn in
///   November and completed: in the campaign, done, 10 bn.
/// - 2 (KV1, 3 bn): 1 bn collected in October.
/// - 3 (KV2, credit, 5 bn): terminated in December: done.
/// - 4 (KV2, 800 m): completed in August, before the campaign: not in it.
/// - 5 (KV2, credit, 2 bn): accepted in November, collected 2 bn in
///   January 2027 (after the window), not assigned.
/// - 6 (KV1, 50 m): open, nothing happens.
fn journal() -> String {
    r#"{"type":"agency","code":"SL","name":"Thi hành án dân sự tỉnh Sơn La","parent":null}
{"type":"agency","code":"SL-KV1","name":"Phòng Thi hành án dân sự khu vực 1","parent":"SL"}
{"type":"agency","code":"SL-KV2","name":"Phòng Thi hành án dân sự khu vực 2","parent":"SL"}
{"type":"agency","code":"HN","name":"Thi hành án dân sự thành phố Hà Nội","parent":null}
{"type":"executor","code":"SL-KV1-CHV1","name":"Lò Văn Một","agency":"SL-KV1"}
{"type":"executor","code":"SL-KV2-CHV1","name":"Quàng Thị Hai","agency":"SL-KV2"}
{"type":"executor","code":"HN-CHV1","name":"Nguyễn Văn Ba","agency":"HN"}
{"type":"accepted","case":"SL/1","on":"2026-03-02","agency":"SL-KV1","mode":"on_request","amount":12000000000,"categories":["credit_institution"],"decision":"1/QĐ","judgment":"1/DS","debtor":{"name":"Công ty A"},"creditor":{"name":"Ngân hàng B"}}
{"type":"assigned","case":"SL/1","on":"2026-03-03","executor":"SL-KV1-CHV1"}
{"type":"collected","case":"SL/1","on":"2026-09-15","amount":2000000000}
{"type":"collected","case":"SL/1","on":"2026-11-10","amount":10000000000}
{"type":"completed","case":"SL/1","on":"2026-11-10"}
{"type":"accepted","case":"SL/2","on":"2026-04-01","agency":"SL-KV1","mode":"ex_officio","amount":3000000000,"categories":[],"decision":"2/QĐ","judgment":"2/DS","debtor":{"name":"Ông C"},"creditor":{"name":"Bà D"}}
{"type":"assigned","case":"SL/2","on":"2026-04-02","executor":"SL-KV1-CHV1"}
{"type":"collected","case":"SL/2","on":"2026-10-20","amount":1000000000}
{"type":"accepted","case":"SL/3","on":"2026-05-04","agency":"SL-KV2","mode":"on_request","amount":5000000000,"categories":["credit_institution"],"decision":"3/QĐ","judgment":"3/DS","debtor":{"name":"Công ty E"},"creditor":{"name":"Ngân hàng B"}}
{"type":"assigned","case":"SL/3","on":"2026-05-05","executor":"SL-KV2-CHV1"}
{"type":"terminated","case":"SL/3","on":"2026-12-01","reason":"Người được thi hành án rút yêu cầu"}
{"type":"accepted","case":"SL/4","on":"2026-05-04","agency":"SL-KV2","mode":"ex_officio","amount":800000000,"categories":[],"decision":"4/QĐ","judgment":"4/DS","debtor":{"name":"Ông F"},"creditor":{"name":"Bà G"}}
{"type":"collected","case":"SL/4","on":"2026-08-04","amount":800000000}
{"type":"completed","case":"SL/4","on":"2026-08-04"}
{"type":"accepted","case":"SL/5","on":"2026-11-05","agency":"SL-KV2","mode":"on_request","amount":2000000000,"categories":["credit_institution"],"decision":"5/QĐ","judgment":"5/DS","debtor":{"name":"Công ty H"},"creditor":{"name":"Ngân hàng B"}}
{"type":"collected","case":"SL/5","on":"2027-01-05","amount":2000000000}
{"type":"accepted","case":"SL/6","on":"2026-06-01","agency":"SL-KV1","mode":"ex_officio","amount":50000000,"categories":[],"decision":"6/QĐ","judgment":"6/DS","debtor":{"name":"Ông I"},"creditor":{"name":"Bà K"}}
{"type":"accepted","case":"HN/1","on":"2026-06-01","agency":"HN","mode":"ex_officio","amount":50000000,"categories":[],"decision":"7/QĐ","judgment":"7/DS","debtor":{"name":"Ông L"},"creditor":{"name":"Bà M"}}
"#
    .to_owned()
}

async fn opened() -> (TestDatabase, Thads) {
    let db = TestDatabase::migrated();
    let thads = Thads::open(&db.url, db.key()).await.unwrap();
    thads
        .import(&console(), "son-la", journal().as_bytes(), &mut |_| {})
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
    thads.add_partner(&console(), police).await.unwrap();
    (db, thads)
}

fn case(code: &str) -> CaseCode {
    CaseCode::parse(code).unwrap()
}

fn campaign(cases: &[&str], category: Option<Category>) -> NewCampaign {
    NewCampaign {
        agency: AgencyCode::parse("SL").unwrap(),
        name: "Đợt cao điểm quý IV năm 2026".to_owned(),
        from: day("2026-10-01"),
        to: day("2026-12-31"),
        agencies: Vec::new(),
        cases: cases.iter().map(|c| case(c)).collect(),
        category,
        min_owed: None,
        target_cases: 4,
        target_money: Vnd(20_000_000_000),
    }
}

#[tokio::test]
async fn a_campaign_counts_its_cases_completed_and_money_collected_in_its_window() {
    let (_db, thads) = opened().await;
    // Not the secretariat's: an executor; not the province's: a case of
    // Hà Nội.
    assert!(matches!(
        thads
            .launch_campaign(
                &account(Role::Executor, "SL-KV1", None),
                campaign(&[], None)
            )
            .await,
        Err(CoordinationError::Denied(_))
    ));
    assert!(
        thads
            .launch_campaign(&leader(), campaign(&["SL/1", "HN/1"], None))
            .await
            .is_err()
    );
    let all = thads
        .launch_campaign(&leader(), campaign(&[], None))
        .await
        .unwrap();
    assert_eq!(all.as_str(), "SL/CD/1");
    let view = thads.view().await.unwrap();
    let member = account(Role::Steering, "SL", None);
    let r = thads
        .campaign_in_view(&view, &member, &all, day("2027-02-01"))
        .await
        .unwrap();
    // Cases 1, 2, 3, 5, 6 (4 was completed before); 1 and 3 done; 10 bn
    // and 1 bn collected in the window.
    assert_eq!(r.as_of, day("2026-12-31"));
    assert_eq!((r.total.selected, r.total.completed), (5, 2));
    assert_eq!(r.total.collected, 11_000_000_000);
    assert_eq!(
        r.total.owed,
        10_000_000_000 + 3_000_000_000 + 5_000_000_000 + 2_000_000_000 + 50_000_000
    );
    assert_eq!(r.cases_progress, Some(Rate(5000)));
    assert_eq!(r.money_progress, Some(Rate(5500)));
    let lines = |lines: &[thads_service::campaign::CampaignLine]| {
        lines
            .iter()
            .map(|l| (l.code.clone(), l.selected, l.completed, l.collected))
            .collect::<Vec<_>>()
    };
    assert_eq!(
        lines(&r.by_agency),
        [
            ("SL-KV1".to_owned(), 3, 1, 11_000_000_000),
            ("SL-KV2".to_owned(), 2, 1, 0),
        ]
    );
    assert_eq!(
        lines(&r.by_executor),
        [
            ("SL-KV1-CHV1".to_owned(), 2, 1, 11_000_000_000),
            ("SL-KV2-CHV1".to_owned(), 1, 1, 0),
            (String::new(), 2, 0, 0),
        ]
    );
    // Live: halfway through, on 15 November, only case 1 is done.
    let live = thads
        .campaign_in_view(&view, &member, &all, day("2026-11-15"))
        .await
        .unwrap();
    assert_eq!(
        (live.total.completed, live.total.collected),
        (1, 11_000_000_000)
    );
    // A filter: the credit institutions' cases; a list: cases 2 and 4.
    let credit = thads
        .launch_campaign(&leader(), campaign(&[], Some(Category::CreditInstitution)))
        .await
        .unwrap();
    let listed = thads
        .launch_campaign(&leader(), campaign(&["SL/2", "SL/4"], None))
        .await
        .unwrap();
    let view = thads.view().await.unwrap();
    let r = thads
        .campaign_in_view(&view, &member, &credit, day("2027-02-01"))
        .await
        .unwrap();
    assert_eq!((r.total.selected, r.total.completed), (3, 2));
    let r = thads
        .campaign_in_view(&view, &member, &listed, day("2027-02-01"))
        .await
        .unwrap();
    assert_eq!(
        (r.total.selected, r.total.completed, r.total.collected),
        (2, 0, 1_000_000_000)
    );
    // Another province's member does not see it.
    assert!(
        thads
            .campaign_in_view(
                &view,
                &account(Role::Steering, "HN", None),
                &all,
                day("2027-02-01")
            )
            .await
            .is_err()
    );
    // The dossier of the quarter names the campaigns with their results.
    let request = DossierRequest {
        agency: AgencyCode::parse("SL").unwrap(),
        from: day("2026-10-01"),
        to: day("2026-12-31"),
        large_from: DossierRequest::LARGE_FROM,
        long_years: DossierRequest::LONG_YEARS,
    };
    let dossier = thads.dossier(&leader(), &request).await.unwrap();
    assert_eq!(dossier.campaigns.len(), 3);
    assert_eq!(dossier.campaigns[0].total.completed, 2);
    let text = thads_testdb::docx_text(&thads_service::dossier_docx::dossier_docx(&dossier));
    assert!(
        text.contains("thi hành xong 2 việc trên chỉ tiêu 4 việc (50,00%); thu được 11,00 tỷ đồng trên chỉ tiêu 20,00 tỷ đồng (55,00%)"),
        "{text}"
    );
    // They travel in an export.
    let mut exported = Vec::new();
    thads.export(&console(), &mut exported).await.unwrap();
    let copy_db = TestDatabase::migrated();
    let copy = Thads::open(&copy_db.url, copy_db.key()).await.unwrap();
    copy.import(&console(), "export", exported.as_slice(), &mut |_| {})
        .await
        .unwrap();
    let copy_view = copy.view().await.unwrap();
    assert_eq!(copy_view.campaigns(&console()), view.campaigns(&console()));
}

#[tokio::test]
async fn a_directive_gives_tasks_that_the_organisations_report_on() {
    let (_db, thads) = opened().await;
    let new = NewDirective {
        agency: AgencyCode::parse("SL").unwrap(),
        number: "446-CV/TU".to_owned(),
        on: day("2026-08-05"),
        issuer: "Tỉnh ủy Sơn La".to_owned(),
        summary: "Tăng cường lãnh đạo công tác thi hành án dân sự".to_owned(),
    };
    let member = account(Role::Steering, "SL", None);
    assert!(matches!(
        thads.register_directive(&member, new.clone()).await,
        Err(CoordinationError::Denied(_))
    ));
    let directive = thads.register_directive(&leader(), new).await.unwrap();
    assert_eq!(directive.as_str(), "SL/CT/1");
    let task = |partner: Option<&str>| NewConclusion {
        text: "Phối hợp tổ chức cưỡng chế các việc tín dụng lớn".to_owned(),
        partner: partner.map(|p| Code::parse(p).unwrap()),
        due: day("2026-10-31"),
        expected: "Báo cáo kết quả".to_owned(),
    };
    let source = Source::Directive(directive.clone());
    let police_task = thads
        .conclude(&leader(), &source, task(Some("SL-CA")))
        .await
        .unwrap();
    assert_eq!(police_task.as_str(), "SL/CT/1/1");
    thads
        .conclude(&leader(), &source, task(None))
        .await
        .unwrap();
    // A report dated before the directive is refused; the police report.
    let police = account(Role::Partner, "SL", Some("SL-CA"));
    assert!(
        thads
            .report_task(&police, &police_task, day("2026-08-01"), "Sớm", false)
            .await
            .is_err()
    );
    thads
        .report_task(
            &police,
            &police_task,
            day("2026-09-20"),
            "Đã bố trí 40 cán bộ",
            true,
        )
        .await
        .unwrap();
    let seen = thads.directives(&police).await.unwrap();
    assert_eq!(seen.len(), 1);
    assert_eq!(seen[0].1.len(), 1, "a partner sees its own tasks");
    assert_eq!(seen[0].1[0].state, "done");
    assert!(seen[0].1[0].directive);
    let all = thads.directives(&member).await.unwrap();
    assert_eq!(
        all[0].1.iter().map(|t| t.state).collect::<Vec<_>>(),
        ["done", "overdue"],
        "the agency's own task is overdue since 31/10/2026"
    );
    // In the committee's list of tasks, and through an export.
    assert_eq!(thads.tasks(&member).await.unwrap().len(), 2);
    let mut exported = Vec::new();
    thads.export(&console(), &mut exported).await.unwrap();
    let text = String::from_utf8(exported.clone()).unwrap();
    assert!(text.contains(r#""type":"directive""#), "{text}");
    assert!(text.contains(r#""directive":"SL/CT/1""#), "{text}");
    let copy_db = TestDatabase::migrated();
    let copy = Thads::open(&copy_db.url, copy_db.key()).await.unwrap();
    copy.import(&console(), "export", exported.as_slice(), &mut |_| {})
        .await
        .unwrap();
    assert_eq!(
        copy.directives(&member).await.unwrap(),
        thads.directives(&member).await.unwrap()
    );
    assert!(thads.verify_audit(&console()).await.unwrap().lines > 0);
}

#[tokio::test]
async fn a_complex_case_has_a_plan_whose_steps_fall_to_executors() {
    let (_db, thads) = opened().await;
    let step = |text: &str, owner: &str, due: &str| PlanStep {
        text: text.to_owned(),
        owner: ExecutorCode::parse(owner).unwrap(),
        due: day(due),
    };
    let flag = |plan: Vec<PlanStep>| NewComplex {
        case: case("SL/2"),
        on: day("2026-10-05"),
        reason: "Tài sản thế chấp là quyền sử dụng đất, đương sự chống đối".to_owned(),
        plan,
    };
    // An owner of another province is refused; so is a case unknown.
    assert!(
        thads
            .flag_complex(
                &leader(),
                flag(vec![step("Xác minh", "HN-CHV1", "2026-10-20")])
            )
            .await
            .is_err()
    );
    assert!(
        thads
            .flag_complex(
                &leader(),
                NewComplex {
                    case: case("SL/999"),
                    ..flag(Vec::new())
                }
            )
            .await
            .is_err()
    );
    let plan = vec![
        step("Xác minh lại tài sản", "SL-KV1-CHV1", "2026-10-20"),
        step("Họp liên ngành về cưỡng chế", "SL-KV2-CHV1", "2026-11-15"),
    ];
    thads.flag_complex(&leader(), flag(plan)).await.unwrap();
    let view = thads.view().await.unwrap();
    // Each step is in its owner's list, and only there.
    let kv1 = account(Role::Executor, "SL-KV1", None);
    let owner = ExecutorCode::parse("SL-KV1-CHV1").unwrap();
    let steps = view.plan_steps(&kv1, Some(&owner), Some(&owner), day("2026-10-10"));
    assert_eq!(
        steps
            .iter()
            .map(|s| (s.step, s.text.as_str()))
            .collect::<Vec<_>>(),
        [(1, "Xác minh lại tài sản")]
    );
    assert!(steps[0].may_mark, "the owner marks it done");
    let other = ExecutorCode::parse("SL-KV2-CHV1").unwrap();
    assert!(
        view.plan_steps(&kv1, Some(&owner), Some(&other), day("2026-10-10"))
            .is_empty(),
        "another office's executor's step is not in this office's lists"
    );
    let office_leader = account(Role::Leader, "SL-KV2", None);
    let theirs = view.plan_steps(
        &office_leader,
        Some(&owner),
        Some(&other),
        day("2026-10-10"),
    );
    assert_eq!(theirs.len(), 1);
    assert!(
        !theirs[0].may_mark,
        "an office leader sees it; only its owner or the secretariat marks it"
    );
    // The secretariat marks the first step done; it leaves the list.
    assert!(matches!(
        thads
            .plan_step_done(
                &account(Role::Steering, "SL", None),
                &case("SL/2"),
                1,
                day("2026-10-18")
            )
            .await,
        Err(CoordinationError::Denied(_))
    ));
    assert!(
        thads
            .plan_step_done(&leader(), &case("SL/2"), 1, day("2026-10-01"))
            .await
            .is_err(),
        "not before the plan of 5 October"
    );
    thads
        .plan_step_done(&leader(), &case("SL/2"), 1, day("2026-10-18"))
        .await
        .unwrap();
    assert!(
        thads
            .plan_step_done(&leader(), &case("SL/2"), 1, day("2026-10-19"))
            .await
            .is_err(),
        "a step is done once"
    );
    let view = thads.view().await.unwrap();
    assert!(
        view.plan_steps(&kv1, Some(&owner), Some(&owner), day("2026-10-20"))
            .is_empty()
    );
    // The dossier follows it, with its next step.
    let request = DossierRequest {
        agency: AgencyCode::parse("SL").unwrap(),
        from: day("2026-10-01"),
        to: day("2026-10-31"),
        large_from: DossierRequest::LARGE_FROM,
        long_years: DossierRequest::LONG_YEARS,
    };
    let dossier = thads.dossier(&leader(), &request).await.unwrap();
    assert_eq!(dossier.complex.len(), 1);
    let followed = &dossier.complex[0];
    assert_eq!(followed.case.code, "SL/2");
    assert_eq!((followed.steps_done, followed.steps), (1, 2));
    assert_eq!(
        followed.next,
        Some((
            "Họp liên ngành về cưỡng chế".to_owned(),
            "Quàng Thị Hai".to_owned(),
            day("2026-11-15")
        ))
    );
    // A new plan keeps the step done that it keeps word for word.
    let again = vec![
        step("Xác minh lại tài sản", "SL-KV1-CHV1", "2026-10-20"),
        step("Tổ chức cưỡng chế", "SL-KV1-CHV1", "2026-12-10"),
    ];
    thads.flag_complex(&leader(), flag(again)).await.unwrap();
    let view = thads.view().await.unwrap();
    let rows = thads.complex_in_view(&view, &leader()).await.unwrap();
    assert_eq!(
        rows[0].steps.iter().map(|s| s.done).collect::<Vec<_>>(),
        [Some(day("2026-10-18")), None]
    );
    assert_eq!(rows[0].debtor, "Ông C");
    let kv1_rows = thads.complex_in_view(&view, &kv1).await.unwrap();
    assert_eq!(
        kv1_rows.len(),
        1,
        "an executor sees the case with a step of its office"
    );
    assert!(!kv1_rows[0].may_run);
    // No longer followed: out of the lists.
    thads
        .clear_complex(&leader(), &case("SL/2"), day("2026-11-01"))
        .await
        .unwrap();
    let view = thads.view().await.unwrap();
    assert!(
        view.plan_steps(&kv1, None, None, day("2026-11-02"))
            .is_empty()
    );
    // The whole history travels in an export.
    let mut exported = Vec::new();
    thads.export(&console(), &mut exported).await.unwrap();
    let copy_db = TestDatabase::migrated();
    let copy = Thads::open(&copy_db.url, copy_db.key()).await.unwrap();
    copy.import(&console(), "export", exported.as_slice(), &mut |_| {})
        .await
        .unwrap();
    let copied = copy.view().await.unwrap();
    let state = |v: &thads_service::View| {
        v.snapshot()
            .coordination
            .committee()
            .complex(&case("SL/2"))
            .cloned()
    };
    assert_eq!(state(&copied), state(&view));
}

#[tokio::test]
async fn members_raise_obstacles_that_the_secretariat_settles_and_the_minutes_name_who_attended() {
    use thads_service::committee::{NewDecision, NewMeeting, NewObstacle};
    let (_db, thads) = opened().await;
    let sl = AgencyCode::parse("SL").unwrap();
    let raise = |by: &str, partner: Option<&str>| NewObstacle {
        agency: sl.clone(),
        on: day("2026-09-10"),
        by: by.to_owned(),
        partner: partner.map(|p| Code::parse(p).unwrap()),
        text: "Văn phòng đăng ký đất đai chậm cung cấp thông tin tài sản".to_owned(),
    };
    // Members and partners raise; an executor and another province's
    // member do not.
    let member = account(Role::Steering, "SL", None);
    assert!(matches!(
        thads
            .raise_obstacle(&account(Role::Executor, "SL-KV1", None), raise("x", None))
            .await,
        Err(CoordinationError::Denied(_))
    ));
    assert!(matches!(
        thads
            .raise_obstacle(&account(Role::Steering, "HN", None), raise("x", None))
            .await,
        Err(CoordinationError::Denied(_))
    ));
    let first = thads
        .raise_obstacle(&member, raise("Sở Tài nguyên và Môi trường", Some("SL-CA")))
        .await
        .unwrap();
    assert_eq!(first.as_str(), "SL/VM/1");
    let police = account(Role::Partner, "SL", Some("SL-CA"));
    let second = thads
        .raise_obstacle(&police, raise("Công an tỉnh", None))
        .await
        .unwrap();
    // Only the secretariat settles, once, not before it was raised.
    assert!(matches!(
        thads
            .settle_obstacle(&member, &first, day("2026-09-20"), "x")
            .await,
        Err(CoordinationError::Denied(_))
    ));
    assert!(
        thads
            .settle_obstacle(&leader(), &first, day("2026-09-01"), "x")
            .await
            .is_err()
    );
    thads
        .settle_obstacle(&leader(), &first, day("2026-09-20"), "Đã họp liên ngành")
        .await
        .unwrap();
    assert!(
        thads
            .settle_obstacle(&leader(), &first, day("2026-09-21"), "x")
            .await
            .is_err()
    );
    let rows = thads.obstacles(&member).await.unwrap();
    assert_eq!(
        rows.iter()
            .map(|o| (o.id.as_str(), o.settled.is_some()))
            .collect::<Vec<_>>(),
        [(second.as_str(), false), (first.as_str(), true)],
        "those in the way first"
    );
    assert_eq!(rows[1].partner.as_deref(), Some("Công an tỉnh Sơn La"));
    // The dossier of September names both; of 15 September, the first
    // still in the way.
    let dossier = |to: &str| DossierRequest {
        agency: sl.clone(),
        from: day("2026-09-01"),
        to: day(to),
        large_from: DossierRequest::LARGE_FROM,
        long_years: DossierRequest::LONG_YEARS,
    };
    let september = thads
        .dossier(&leader(), &dossier("2026-09-30"))
        .await
        .unwrap();
    assert_eq!(september.coordination.obstacles.len(), 2);
    let mid = thads
        .dossier(&leader(), &dossier("2026-09-15"))
        .await
        .unwrap();
    assert!(
        mid.coordination
            .obstacles
            .iter()
            .all(|o| o.settled.is_none())
    );
    let text = thads_testdb::docx_text(&thads_service::dossier_docx::dossier_docx(&september));
    assert!(
        text.contains(
            "Sở Tài nguyên và Môi trường nêu ngày 10/09/2026 (liên quan Công an tỉnh Sơn La)"
        ) && text.contains("đã giải quyết ngày 20/09/2026: Đã họp liên ngành"),
        "{text}"
    );

    // Who attended a meeting: members of the province only.
    let decision = thads
        .record_decision(
            &leader(),
            NewDecision {
                agency: sl.clone(),
                kind: thads_core::committee::DecisionKind::Establishment,
                number: "120/QĐ-UBND".to_owned(),
                on: day("2026-01-15"),
                summary: String::new(),
                effective: None,
                document: None,
            },
        )
        .await
        .unwrap();
    // The working regulation, with its dates and its signed document; a
    // file that is not a PDF or an image is refused, and nothing written.
    let regulation = |bytes: &[u8]| NewDecision {
        agency: sl.clone(),
        kind: thads_core::committee::DecisionKind::Regulation,
        number: "15/QĐ-BCĐ".to_owned(),
        on: day("2026-01-20"),
        summary: "Quy chế hoạt động của Ban Chỉ đạo".to_owned(),
        effective: Some(day("2026-02-01")),
        document: Some(thads_service::coordination::Upload {
            name: "quy-che.pdf".to_owned(),
            bytes: bytes.to_vec(),
        }),
    };
    assert!(
        thads
            .record_decision(&leader(), regulation(b"<html>quy che</html>"))
            .await
            .is_err()
    );
    let rule = thads
        .record_decision(&leader(), regulation(b"%PDF-1.4 quy che"))
        .await
        .unwrap();
    assert_eq!(rule.as_str(), "SL/QD/2", "the refused one took no number");
    let (name, media_type, bytes) = thads.decision_document(&member, &rule).await.unwrap();
    assert_eq!(
        (name.as_str(), media_type.as_str(), bytes.as_slice()),
        (
            "quy-che.pdf",
            "application/pdf",
            b"%PDF-1.4 quy che".as_slice()
        )
    );
    assert!(
        thads
            .decision_document(&account(Role::Steering, "HN", None), &rule)
            .await
            .is_err()
    );
    let roll = thads.committee_roll(&member, &sl).await.unwrap();
    assert_eq!(roll.decisions[0].effective, Some(day("2026-02-01")));
    let head = thads
        .name_member(
            &leader(),
            thads_service::committee::NewMember {
                decision,
                name: "Cầm Văn Trưởng".to_owned(),
                position: "Phó Chủ tịch Ủy ban nhân dân tỉnh".to_owned(),
                partner: None,
                role: thads_core::committee::MemberRole::Head,
            },
        )
        .await
        .unwrap();
    let meeting = thads
        .call_meeting(
            &leader(),
            NewMeeting {
                agency: sl.clone(),
                on: day("2026-10-15"),
                kind: thads_core::committee::MeetingKind::Annual,
                from: day("2025-10-01"),
                to: day("2026-09-30"),
                agenda: "Tổng kết".to_owned(),
            },
        )
        .await
        .unwrap();
    assert!(
        thads
            .record_attendance(
                &leader(),
                &meeting,
                vec![Code::parse("HN/TV/1").unwrap()],
                ""
            )
            .await
            .is_err()
    );
    assert!(matches!(
        thads
            .record_attendance(&member, &meeting, vec![head.clone()], "")
            .await,
        Err(CoordinationError::Denied(_))
    ));
    thads
        .record_attendance(
            &leader(),
            &meeting,
            vec![head],
            "Viện kiểm sát nhân dân tỉnh",
        )
        .await
        .unwrap();
    let page = thads.meeting_page(&member, &meeting).await.unwrap();
    assert_eq!(
        page.attended.as_deref(),
        Some("Viện kiểm sát nhân dân tỉnh")
    );
    assert_eq!(
        page.members
            .iter()
            .map(|(_, name, _, present)| (name.as_str(), *present))
            .collect::<Vec<_>>(),
        [("Cầm Văn Trưởng", true)]
    );
    // All of it travels in an export.
    let mut exported = Vec::new();
    thads.export(&console(), &mut exported).await.unwrap();
    let copy_db = TestDatabase::migrated();
    let copy = Thads::open(&copy_db.url, copy_db.key()).await.unwrap();
    copy.import(&console(), "export", exported.as_slice(), &mut |_| {})
        .await
        .unwrap();
    assert_eq!(copy.obstacles(&member).await.unwrap(), rows);
    assert_eq!(copy.meeting_page(&member, &meeting).await.unwrap(), page);
}
