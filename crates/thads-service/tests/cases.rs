//! What the case pages read and write: the case list with its search and
//! filters, one case's file, accepting a case, the view held in memory
//! following writes made elsewhere, and yearly targets.

use thads_core::account::Role;
use thads_core::report::Rate;
use thads_core::{
    Acceptance, AgencyCode, CaseCode, Category, Day, Event, Mode, Party, Status, Vnd,
};
use thads_service::{Access, Actor, CaseQuery, ListError, RecordError, TargetError, Thads};
use thads_testdb::{TestDatabase, test_data};

async fn store() -> (Thads, TestDatabase) {
    let db = TestDatabase::migrated();
    let thads = Thads::open(&db.url, db.key()).await.unwrap();
    for file in ["sample/sample-2000.jsonl", "sample/worked-example.jsonl"] {
        thads
            .import(&console(), file, test_data(file).as_bytes(), &mut |_| {})
            .await
            .unwrap();
    }
    (thads, db)
}

fn console() -> Actor {
    Actor::console("thu", "may-chu-1")
}

fn account(role: Role, agency: &str) -> Actor {
    Actor {
        name: format!("{role:?}.{agency}").to_lowercase(),
        address: "10.0.0.9".to_owned(),
        access: Access::Account {
            role,
            agency: Some(AgencyCode::parse(agency).unwrap()),
        },
        partner: None,
        warehouses: Vec::new(),
    }
}

fn day(s: &str) -> Day {
    s.parse().unwrap()
}

fn codes(thads_rows: &[thads_service::CaseRow]) -> Vec<&str> {
    thads_rows.iter().map(|r| r.code.as_str()).collect()
}

#[tokio::test]
async fn search_ignores_diacritics_and_case_over_names_and_numbers() {
    let (thads, _db) = store().await;
    let view = thads.view().await.unwrap();
    let find = |text: &str, agency: Option<&str>| {
        let query = CaseQuery {
            text: text.to_owned(),
            agency: agency.map(|a| AgencyCode::parse(a).unwrap()),
            ..CaseQuery::default()
        };
        view.cases(&console(), &query).unwrap()
    };
    // The worked example's province, Điện Biên.
    let check = |text: &str, expected: &[&str]| {
        assert_eq!(codes(&find(text, Some("DB")).rows), expected, "{text}");
    };
    // Newest first.
    check("lo thi mai", &["DB/2024/00001"]);
    check("LÒ THỊ MAI", &["DB/2024/00001"]);
    check("quang van dung", &["DB/2023/00001"]);
    check("cam thi lan", &["DB/2024/00002"]);
    check("41/QĐ-THADS", &["DB/2024/00001"]);
    check("41/qd", &["DB/2024/00001"]);
    check("7/2024/ds-st", &["DB/2024/00001"]);
    check("db/2024", &["DB/2024/00002", "DB/2024/00001"]);
    check("ngan hang chinh sach", &["DB/2024/00001"]);
    check("khong co ai ten nay", &[]);
    // The sample's debtors: every match holds each word, none is missed.
    let listing = find("nguyen van", None);
    assert!(listing.total > 0);
    let sample = test_data("sample/sample-2000.jsonl");
    let expected = sample
        .lines()
        .filter(|l| l.contains("\"accepted\""))
        .filter(|l| {
            let v: serde_json::Value = serde_json::from_str(l).unwrap();
            let names = format!("{} {}", v["debtor"]["name"], v["creditor"]["name"]);
            let folded = thads_core::search::fold(&names);
            let words: Vec<&str> = folded.split(|c: char| !c.is_alphanumeric()).collect();
            words.iter().any(|w| w.starts_with("nguyen"))
                && words.iter().any(|w| w.starts_with("van"))
        })
        .count();
    assert_eq!(listing.total, expected);
}

#[tokio::test]
async fn filters_pages_and_reach() {
    let (thads, _db) = store().await;
    let view = thads.view().await.unwrap();
    let all = view.cases(&console(), &CaseQuery::default()).unwrap();
    assert_eq!(all.total, 2004);
    assert_eq!((all.page, all.pages, all.rows.len()), (1, 41, 50));
    let last = view
        .cases(
            &console(),
            &CaseQuery {
                page: 41,
                ..CaseQuery::default()
            },
        )
        .unwrap();
    assert_eq!(last.rows.len(), 4);
    // The first case stored comes last.
    let first_stored = test_data("sample/sample-2000.jsonl")
        .lines()
        .find(|l| l.contains("\"accepted\""))
        .map(|l| {
            serde_json::from_str::<serde_json::Value>(l).unwrap()["case"]
                .as_str()
                .unwrap()
                .to_owned()
        })
        .unwrap();
    assert_eq!(last.rows.last().unwrap().code, first_stored);

    // Each filter keeps exactly the cases it names.
    let query = CaseQuery {
        status: Some(Status::Unable),
        category: Some(Category::CreditInstitution),
        min_amount: Some(Vnd(50_000_000)),
        max_amount: Some(Vnd(500_000_000)),
        accepted_from: Some(day("2024-01-01")),
        accepted_to: Some(day("2024-12-31")),
        ..CaseQuery::default()
    };
    let mut page = 1;
    let mut seen = 0;
    loop {
        let listing = view
            .cases(
                &console(),
                &CaseQuery {
                    page,
                    ..query.clone()
                },
            )
            .unwrap();
        for row in &listing.rows {
            assert_eq!(row.state.status(), Status::Unable);
            assert!(!row.state.enforceable);
            assert!(row.opened.categories.contains(Category::CreditInstitution));
            assert!((50_000_000..=500_000_000).contains(&row.opened.amount.get()));
            assert!(row.opened.accepted_on >= day("2024-01-01"));
            assert!(row.opened.accepted_on <= day("2024-12-31"));
        }
        seen += listing.rows.len();
        if page == listing.pages {
            assert_eq!(seen, listing.total);
            assert!(seen > 0, "the sample has such cases");
            break;
        }
        page += 1;
    }

    // An executor sees its own office's cases only; the agency filter
    // narrows to a subtree, and an agency out of reach does not exist.
    let executor = account(Role::Executor, "HN-KV1");
    let own = view.cases(&executor, &CaseQuery::default()).unwrap();
    assert!(own.total > 0 && own.total < all.total);
    assert!(own.rows.iter().all(|r| r.agency.code.as_str() == "HN-KV1"));
    let hn = CaseQuery {
        agency: Some(AgencyCode::parse("HN").unwrap()),
        ..CaseQuery::default()
    };
    let leader = account(Role::Leader, "HN");
    let by_leader = view.cases(&leader, &CaseQuery::default()).unwrap();
    assert_eq!(view.cases(&console(), &hn).unwrap().total, by_leader.total);
    let db = CaseQuery {
        agency: Some(AgencyCode::parse("DB").unwrap()),
        ..CaseQuery::default()
    };
    assert!(matches!(
        view.cases(&leader, &db),
        Err(ListError::UnknownAgency(_))
    ));
    assert!(matches!(
        view.cases(&account(Role::Steering, "HN"), &CaseQuery::default()),
        Err(ListError::Denied(_))
    ));
    // A search finds nothing out of reach.
    let mai = CaseQuery {
        text: "lo thi mai 41/qd".to_owned(),
        ..CaseQuery::default()
    };
    assert_eq!(view.cases(&console(), &mai).unwrap().total, 1);
    assert_eq!(view.cases(&leader, &mai).unwrap().total, 0);
}

#[tokio::test]
async fn a_case_file_holds_its_parties_money_and_timeline() {
    let (thads, _db) = store().await;
    let code = CaseCode::parse("DB/2024/00001").unwrap();
    let file = thads
        .case_file(&thads.snapshot().await.unwrap(), &console(), &code)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(file.acceptance.debtor.name, "Lò Thị Mai");
    assert_eq!(file.acceptance.debtor.id.as_deref(), Some("011188001234"));
    assert_eq!(file.acceptance.amount, Vnd(100_000_000));
    assert_eq!(file.collected, Vnd(100_000_000));
    assert_eq!(file.state.owed, Vnd::ZERO);
    assert_eq!(file.state.status(), Status::Completed);
    assert_eq!(file.events.len(), 3);
    assert_eq!(file.events[2], (day("2025-02-01"), Event::Completed));
    assert_eq!(file.version, 4);
    assert_eq!(
        thads.case_version(&console(), &code).await.unwrap(),
        Some(4)
    );
    // Out of reach, it does not exist; unknown codes neither.
    let leader = account(Role::Leader, "HN");
    assert_eq!(
        thads
            .case_file(&thads.snapshot().await.unwrap(), &leader, &code)
            .await
            .unwrap(),
        None
    );
    let unknown = CaseCode::parse("DB/1999/1").unwrap();
    assert_eq!(
        thads
            .case_file(&thads.snapshot().await.unwrap(), &console(), &unknown)
            .await
            .unwrap(),
        None
    );
}

fn acceptance(agency: &str, amount: i64) -> Acceptance {
    Acceptance {
        agency: AgencyCode::parse(agency).unwrap(),
        mode: Mode::OnRequest,
        amount: Vnd(amount),
        categories: vec![Category::StateBudget],
        decision: "88/QĐ-THADS".to_owned(),
        judgment: "5/2026/DS-ST".to_owned(),
        debtor: Party {
            name: "Phạm Thị Ngọc Ánh".to_owned(),
            id: Some("001190012345".to_owned()),
            address: Some("Số 1 Tràng Tiền".to_owned()),
        },
        creditor: Party {
            name: "Ngân sách nhà nước".to_owned(),
            ..Party::default()
        },
        judgment_kind: None,
        budget_item: None,
        creditors: Vec::new(),
        debtors: Vec::new(),
    }
}

#[tokio::test]
async fn accepting_and_recording_show_in_the_view_at_once() {
    let (thads, _db) = store().await;
    let executor = account(Role::Executor, "HN-KV1");
    let code = CaseCode::parse("HN-KV1/2026/T1").unwrap();
    let before = thads.view().await.unwrap();
    thads
        .accept(
            &executor,
            &code,
            day("2026-01-05"),
            acceptance("HN-KV1", 150_000_000),
        )
        .await
        .unwrap();
    let view = thads.view().await.unwrap();
    assert!(!std::sync::Arc::ptr_eq(&before, &view));
    let find = CaseQuery {
        text: "pham thi ngoc anh".to_owned(),
        ..CaseQuery::default()
    };
    let listing = view.cases(&executor, &find).unwrap();
    assert_eq!(codes(&listing.rows), ["HN-KV1/2026/T1"]);
    assert_eq!(listing.rows[0].state.owed, Vnd(150_000_000));
    // The view before the write does not know the case.
    assert_eq!(before.cases(&console(), &find).unwrap().total, 0);

    thads
        .record(
            &executor,
            &code,
            day("2026-02-01"),
            Event::Collected(Vnd(150_000_000)),
            1,
        )
        .await
        .unwrap();
    thads
        .record(&executor, &code, day("2026-02-02"), Event::Completed, 2)
        .await
        .unwrap();
    let view = thads.view().await.unwrap();
    let done = view.cases(&executor, &find).unwrap();
    assert_eq!(done.rows[0].state.status(), Status::Completed);

    // A second acceptance of the code, an office out of reach, a role that
    // may not write.
    assert!(matches!(
        thads
            .accept(&executor, &code, day("2026-01-05"), acceptance("HN-KV1", 1))
            .await,
        Err(RecordError::Duplicate(_))
    ));
    let other = CaseCode::parse("HN-KV2/2026/T1").unwrap();
    assert!(matches!(
        thads
            .accept(
                &executor,
                &other,
                day("2026-01-05"),
                acceptance("HN-KV2", 1)
            )
            .await,
        Err(RecordError::UnknownAgency(_))
    ));
    assert!(matches!(
        thads
            .accept(
                &account(Role::Leader, "HN"),
                &other,
                day("2026-01-05"),
                acceptance("HN-KV2", 1)
            )
            .await,
        Err(RecordError::Denied(_))
    ));
    // Audited.
    let log = thads
        .audit_log(&console(), None, Some("HN-KV1/2026/T1"))
        .await
        .unwrap();
    let actions: Vec<&str> = log.iter().map(|r| r.entry.action.as_str()).collect();
    assert_eq!(actions, ["accept", "record", "record"]);
}

#[tokio::test]
async fn the_view_follows_writes_made_by_another_process() {
    let (thads, db) = store().await;
    let first = thads.view().await.unwrap();
    assert!(std::sync::Arc::ptr_eq(&first, &thads.view().await.unwrap()));
    let elsewhere = Thads::open(&db.url, db.key()).await.unwrap();
    let journal = "{\"type\":\"accepted\",\"case\":\"DB/2026/X\",\"on\":\"2026-01-02\",\"agency\":\"DB\",\"mode\":\"ex_officio\",\"amount\":5,\"categories\":[],\"decision\":\"1\",\"judgment\":\"2\",\"debtor\":{\"name\":\"Vì Văn Xuân\"},\"creditor\":{\"name\":\"Ngân sách nhà nước\"}}\n";
    elsewhere
        .import(&console(), "more.jsonl", journal.as_bytes(), &mut |_| {})
        .await
        .unwrap();
    let view = thads.view().await.unwrap();
    let find = CaseQuery {
        text: "vi van xuan".to_owned(),
        ..CaseQuery::default()
    };
    assert_eq!(
        codes(&view.cases(&console(), &find).unwrap().rows),
        ["DB/2026/X"]
    );
    assert_eq!(
        view.snapshot().ledger.case_count(),
        first.snapshot().ledger.case_count() + 1
    );
    // An executor declared elsewhere moves the view on too, and the view
    // then stays (what it memoizes, the steps due and the dashboards, with it).
    let executor = r#"{"type":"executor","code":"DB-CHV01","name":"Lò Thị Mai","agency":"DB"}"#;
    elsewhere
        .import(
            &console(),
            "executor.jsonl",
            executor.as_bytes(),
            &mut |_| {},
        )
        .await
        .unwrap();
    let with_executor = thads.view().await.unwrap();
    assert_eq!(with_executor.snapshot().executors.len(), 1);
    assert!(std::sync::Arc::ptr_eq(
        &with_executor,
        &thads.view().await.unwrap()
    ));
}

#[tokio::test]
async fn leaders_set_targets_for_their_subtree() {
    let (thads, _db) = store().await;
    let leader = account(Role::Leader, "HN");
    let hn = AgencyCode::parse("HN").unwrap();
    thads
        .set_target(&leader, &hn, 2026, Rate(8400), Rate(5200))
        .await
        .unwrap();
    // Setting again replaces.
    thads
        .set_target(&leader, &hn, 2026, Rate(8441), Rate(5961))
        .await
        .unwrap();
    let kv1 = AgencyCode::parse("HN-KV1").unwrap();
    thads
        .set_target(&leader, &kv1, 2026, Rate(9000), Rate(6000))
        .await
        .unwrap();
    let targets = thads
        .targets(&thads.snapshot().await.unwrap(), &leader, 2026)
        .await
        .unwrap();
    let got: Vec<(&str, Rate, Rate)> = targets
        .iter()
        .map(|t| (t.agency.code.as_str(), t.cases, t.money))
        .collect();
    assert_eq!(
        got,
        [
            ("HN", Rate(8441), Rate(5961)),
            ("HN-KV1", Rate(9000), Rate(6000))
        ]
    );
    assert!(
        thads
            .targets(&thads.snapshot().await.unwrap(), &leader, 2025)
            .await
            .unwrap()
            .is_empty()
    );
    // Another province's leader sees none of them and may set none.
    let db_leader = account(Role::Leader, "DB");
    assert!(
        thads
            .targets(&thads.snapshot().await.unwrap(), &db_leader, 2026)
            .await
            .unwrap()
            .is_empty()
    );
    assert!(matches!(
        thads
            .set_target(&db_leader, &hn, 2026, Rate(1), Rate(1))
            .await,
        Err(TargetError::UnknownAgency(_))
    ));
    assert!(matches!(
        thads
            .set_target(
                &account(Role::Executor, "HN-KV1"),
                &kv1,
                2026,
                Rate(1),
                Rate(1)
            )
            .await,
        Err(TargetError::Denied(_))
    ));
    assert!(matches!(
        thads
            .set_target(&leader, &hn, 2026, Rate(10_001), Rate(1))
            .await,
        Err(TargetError::AboveHundred)
    ));
    let log = thads
        .audit_log(&console(), Some("leader.hn"), None)
        .await
        .unwrap();
    assert_eq!(log.len(), 3);
}
