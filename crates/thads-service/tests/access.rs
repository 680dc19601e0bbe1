//! The authorization matrix, on the backend the run asks for (see
//! thads-testdb): every role against every operation, allowed or refused,
//! through the service layer (the user interface only reflects it). A case
//! outside an account's reach is not found, never "forbidden".

use thads_core::account::{AccountName, Role};
use thads_core::{AgencyCode, CaseCode, Day, Event, Vnd};
use thads_service::accounts::AccountError;
use thads_service::{
    Actor, AuditError, ExportError, FileKind, ImportError, RecordError, ReportError, ReportRequest,
    Thads, period_report,
};
use thads_testdb::{TestDatabase, test_data};

const PASSWORD: &str = "mưa rơi trên mái ngói cũ";

/// What an operation came to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Outcome {
    Allowed,
    /// The role may not do this at all.
    Denied,
    /// What was asked for does not exist for this account.
    NotFound,
}
use Outcome::{Allowed, Denied, NotFound};

/// The accounts of the matrix: (name, role, agency).
const ACCOUNTS: [(&str, Role, Option<&str>); 8] = [
    ("admin.all", Role::Admin, None),
    ("admin.hn", Role::Admin, Some("HN")),
    ("leader.hn", Role::Leader, Some("HN")),
    ("executor.kv1", Role::Executor, Some("HN-KV1")),
    ("stat.hn", Role::Statistician, Some("HN")),
    ("stat.all", Role::Statistician, None),
    ("steering.hn", Role::Steering, Some("HN")),
    ("partner.hn", Role::Partner, Some("HN")),
];

fn console() -> Actor {
    Actor::console("root", "may-chu-1")
}

fn accepted(case: &str, agency: &str) -> String {
    format!(
        r#"{{"type":"accepted","case":"{case}","on":"2025-01-02","agency":"{agency}","mode":"on_request","amount":10000000,"categories":[],"decision":"1/QĐ","judgment":"2/2024/DS-ST","debtor":{{"name":"Lò Văn Hùng","id":"014123456789"}},"creditor":{{"name":"Ngân hàng"}}}}"#
    )
}

/// The sample journal, three open cases of our own (in HN-KV1, HN-KV2 and
/// SL-KV1), and the matrix's accounts, each signed in.
async fn world() -> (Thads, TestDatabase, Vec<Actor>) {
    let db = TestDatabase::migrated();
    let thads = Thads::open(&db.url, db.key()).await.unwrap();
    let sample = test_data("sample/sample-2000.jsonl");
    thads
        .import(&console(), "sample", sample.as_bytes(), &mut |_| {})
        .await
        .unwrap();
    let ours = [
        accepted("T/KV1", "HN-KV1"),
        accepted("T/KV2", "HN-KV2"),
        accepted("T/SL", "SL-KV1"),
    ]
    .join("\n");
    thads
        .import(&console(), "ours", ours.as_bytes(), &mut |_| {})
        .await
        .unwrap();
    let mut actors = Vec::new();
    for (name, role, agency) in ACCOUNTS {
        let agency = agency.map(|a| AgencyCode::parse(a).unwrap());
        let name = AccountName::parse(name).unwrap();
        thads
            .add_account(&console(), &name, role, agency.as_ref(), PASSWORD)
            .await
            .unwrap();
        let account = thads
            .sign_in(name.as_str(), PASSWORD, "10.0.0.7")
            .await
            .unwrap()
            .account;
        actors.push(Actor::account(&account, "10.0.0.7"));
    }
    (thads, db, actors)
}

fn assert_row(op: &str, actual: Vec<Outcome>, expected: [Outcome; 8]) {
    for ((name, ..), (got, want)) in ACCOUNTS.iter().zip(actual.iter().zip(expected)) {
        assert_eq!(*got, want, "{op} by {name}");
    }
}

fn case(code: &str) -> CaseCode {
    CaseCode::parse(code).unwrap()
}

#[tokio::test]
async fn every_role_against_every_operation() {
    let (thads, _db, actors) = world().await;
    let day = |s: &str| s.parse::<Day>().unwrap();

    // Reports: of one's own subtree by default; another province does not exist.
    let mut own = Vec::new();
    let mut other = Vec::new();
    for actor in &actors {
        let request = |agency: Option<&str>| ReportRequest {
            from: day("2024-10-01"),
            to: day("2025-09-30"),
            agency: agency.map(|a| AgencyCode::parse(a).unwrap()),
            category: None,
            by_agency: true,
            by_category: false,
            as_recorded: None,
            by_executor: false,
            by: None,
            judgment_kind: None,
            mode: None,
        };
        own.push(
            match period_report(&thads.snapshot().await.unwrap(), actor, request(None)) {
                Ok(report) => {
                    // The default scope is the account's own agency.
                    if let thads_service::Access::Account { agency, .. } = &actor.access {
                        assert_eq!(&report.request.agency, agency);
                    }
                    Allowed
                }
                Err(ReportError::Denied(_)) => Denied,
                Err(e) => panic!("{e}"),
            },
        );
        other.push(
            match period_report(&thads.snapshot().await.unwrap(), actor, request(Some("SL"))) {
                Ok(_) => Allowed,
                Err(ReportError::Denied(_)) => Denied,
                Err(ReportError::UnknownAgency(_)) => NotFound,
                Err(e) => panic!("{e}"),
            },
        );
    }
    //                          admin.all admin.hn leader  executor stat.hn stat.all steering partner
    assert_row(
        "report",
        own,
        [
            Denied, Denied, Allowed, Allowed, Allowed, Allowed, Allowed, Denied,
        ],
    );
    assert_row(
        "report SL",
        other,
        [
            Denied, Denied, NotFound, NotFound, NotFound, Allowed, NotFound, Denied,
        ],
    );

    // Seeing a case.
    let mut kv1 = Vec::new();
    let mut kv2 = Vec::new();
    for actor in &actors {
        let seen = |v: Option<u32>| if v.is_some() { Allowed } else { NotFound };
        kv1.push(seen(
            thads.case_version(actor, &case("T/KV1")).await.unwrap(),
        ));
        kv2.push(seen(
            thads.case_version(actor, &case("T/KV2")).await.unwrap(),
        ));
    }
    assert_row(
        "see T/KV1",
        kv1,
        [
            NotFound, NotFound, Allowed, Allowed, Allowed, Allowed, NotFound, NotFound,
        ],
    );
    assert_row(
        "see T/KV2",
        kv2,
        [
            NotFound, NotFound, Allowed, NotFound, Allowed, Allowed, NotFound, NotFound,
        ],
    );

    // Recording an event: executors only, on their own office's cases.
    let mut record_kv1 = Vec::new();
    let mut record_kv2 = Vec::new();
    for actor in &actors {
        let outcome = |r: Result<u32, RecordError>| match r {
            Ok(_) => Allowed,
            Err(RecordError::Denied(_)) => Denied,
            Err(RecordError::UnknownCase(_)) => NotFound,
            Err(e) => panic!("{e}"),
        };
        let version = thads
            .case_version(&console(), &case("T/KV1"))
            .await
            .unwrap()
            .unwrap();
        let collect = Event::Collected(Vnd(1_000));
        record_kv1.push(outcome(
            thads
                .record(
                    actor,
                    &case("T/KV1"),
                    day("2026-01-05"),
                    collect.clone(),
                    version,
                )
                .await,
        ));
        record_kv2.push(outcome(
            thads
                .record(actor, &case("T/KV2"), day("2026-01-05"), collect, 1)
                .await,
        ));
    }
    assert_row(
        "record on T/KV1",
        record_kv1,
        [
            Denied, Denied, Denied, Allowed, Denied, Denied, Denied, Denied,
        ],
    );
    assert_row(
        "record on T/KV2",
        record_kv2,
        [
            Denied, Denied, Denied, NotFound, Denied, Denied, Denied, Denied,
        ],
    );

    // Exports: leaders and statisticians, their subtree's cases only.
    let mut exports = Vec::new();
    for actor in &actors {
        let mut out = Vec::new();
        exports.push(match thads.export(actor, &mut out).await {
            Ok(()) => {
                let text = String::from_utf8(out).unwrap();
                let cases: Vec<&str> = text
                    .lines()
                    .filter(|l| l.contains("\"accepted\""))
                    .collect();
                let all = matches!(
                    &actor.access,
                    thads_service::Access::Account { agency: None, .. }
                );
                assert!(cases.len() > 100, "{}", actor.name);
                assert_eq!(
                    cases.iter().all(|l| l.contains("\"agency\":\"HN")),
                    !all,
                    "{}",
                    actor.name
                );
                Allowed
            }
            Err(ExportError::Denied(_)) => Denied,
            Err(e) => panic!("{e}"),
        });
    }
    assert_row(
        "export",
        exports,
        [
            Denied, Denied, Allowed, Denied, Allowed, Allowed, Denied, Denied,
        ],
    );

    // The audit trail: administrators.
    let mut audit = Vec::new();
    for actor in &actors {
        audit.push(match thads.verify_audit(actor).await {
            Ok(_) => Allowed,
            Err(AuditError::Denied(_)) => Denied,
            Err(e) => panic!("{e}"),
        });
    }
    assert_row(
        "audit verify",
        audit,
        [
            Allowed, Allowed, Denied, Denied, Denied, Denied, Denied, Denied,
        ],
    );
}

#[tokio::test]
async fn imports_by_accounts_stay_within_their_office() {
    let (thads, _db, actors) = world().await;
    let by = |name: &str| actors.iter().find(|a| a.name == name).unwrap().clone();
    let import = |actor: Actor, text: String| {
        let thads = thads.clone();
        async move {
            thads
                .import(&actor, "web", text.as_bytes(), &mut |_| {})
                .await
        }
    };

    // Agencies are the national administrator's to declare.
    let agency = r#"{"type":"agency","code":"HN-KV8","name":"Phòng 8","parent":"HN"}"#;
    assert!(matches!(
        import(by("admin.hn"), agency.to_owned()).await,
        Err(ImportError::Denied(_))
    ));
    assert_eq!(
        import(by("admin.all"), agency.to_owned())
            .await
            .unwrap()
            .agencies,
        1
    );

    let summary = import(by("executor.kv1"), accepted("T/KV1-2", "HN-KV1"))
        .await
        .unwrap();
    assert_eq!(summary.cases, 1);
    for role in [
        "leader.hn",
        "stat.all",
        "admin.all",
        "steering.hn",
        "partner.hn",
    ] {
        assert!(
            matches!(
                import(by(role), accepted("T/X", "HN-KV1")).await,
                Err(ImportError::Denied(_))
            ),
            "{role}"
        );
    }
    // Those who may not import are refused before a byte is read, whatever
    // the file: it could be crafted to take the reader down.
    for role in [
        "leader.hn",
        "stat.all",
        "steering.hn",
        "partner.hn",
        "admin.hn",
    ] {
        for kind in [
            FileKind::Journal,
            FileKind::RegisterXlsx,
            FileKind::RegisterCsv,
        ] {
            let actor = by(role);
            assert!(matches!(
                thads.preview_import(&actor, "bomb", kind, Unreadable).await,
                Err(ImportError::Denied(_))
            ));
            assert!(matches!(
                thads
                    .import_file(&actor, "bomb", kind, Unreadable, &mut |_| {})
                    .await,
                Err(ImportError::Denied(_))
            ));
        }
    }
    let text = [
        r#"{"type":"agency","code":"HN-KV9","name":"Phòng 9","parent":"HN"}"#.to_owned(),
        accepted("T/KV2-2", "HN-KV2"),
        r#"{"type":"collected","case":"T/KV2","on":"2026-01-05","amount":1000}"#.to_owned(),
        r#"{"type":"collected","case":"T/KV1","on":"2026-01-05","amount":1000}"#.to_owned(),
    ]
    .join("\n");
    let Err(ImportError::Invalid(faults)) = import(by("executor.kv1"), text).await else {
        panic!("imported")
    };
    let faults: Vec<String> = faults.listed().iter().map(ToString::to_string).collect();
    assert_eq!(
        faults,
        [
            "line 1: agency HN-KV9: only the national administrator declares agencies",
            "line 2: case T/KV2-2: you do not record the cases of agency HN-KV2",
            "line 3: case T/KV2: no such case (its “accepted” line must come first)",
        ]
    );
}

#[tokio::test]
async fn administrators_manage_the_accounts_of_their_reach() {
    let (thads, _db, actors) = world().await;
    let by = |name: &str| actors.iter().find(|a| a.name == name).unwrap().clone();
    let name = |n: &str| AccountName::parse(n).unwrap();
    let sl = AgencyCode::parse("SL").unwrap();
    let hn_kv2 = AgencyCode::parse("HN-KV2").unwrap();

    thads
        .add_account(
            &by("admin.hn"),
            &name("chv.kv2"),
            Role::Executor,
            Some(&hn_kv2),
            PASSWORD,
        )
        .await
        .unwrap();
    let refused = thads
        .add_account(
            &by("admin.hn"),
            &name("chv.sl"),
            Role::Executor,
            Some(&sl),
            PASSWORD,
        )
        .await
        .unwrap_err();
    assert!(
        matches!(refused, AccountError::UnknownAgency(_)),
        "{refused}"
    );
    let refused = thads
        .add_account(
            &by("admin.hn"),
            &name("ld.all"),
            Role::Leader,
            None,
            PASSWORD,
        )
        .await
        .unwrap_err();
    assert!(matches!(refused, AccountError::Denied(_)), "{refused}");
    thads
        .add_account(
            &by("admin.all"),
            &name("chv.sl"),
            Role::Executor,
            Some(&sl),
            PASSWORD,
        )
        .await
        .unwrap();
    // An account out of reach does not exist for the administrator.
    let refused = thads
        .disable_account(&by("admin.hn"), &name("chv.sl"))
        .await
        .unwrap_err();
    assert!(matches!(refused, AccountError::Unknown(_)), "{refused}");
    thads
        .disable_account(&by("admin.hn"), &name("chv.kv2"))
        .await
        .unwrap();

    let listed = |accounts: Vec<thads_store::Account>| -> Vec<String> {
        accounts.into_iter().map(|a| a.name.to_string()).collect()
    };
    let hn = listed(thads.accounts(&by("admin.hn")).await.unwrap());
    assert!(
        hn.contains(&"chv.kv2".to_owned()) && !hn.contains(&"chv.sl".to_owned()),
        "{hn:?}"
    );
    assert!(!hn.contains(&"stat.all".to_owned()), "{hn:?}");
    assert_eq!(
        listed(thads.accounts(&by("admin.all")).await.unwrap()).len(),
        10
    );
    for role in [
        "leader.hn",
        "executor.kv1",
        "stat.all",
        "steering.hn",
        "partner.hn",
    ] {
        assert!(
            matches!(
                thads.accounts(&by(role)).await,
                Err(AccountError::Denied(_))
            ),
            "{role}"
        );
        assert!(
            matches!(
                thads
                    .set_password(&by(role), &name("chv.kv2"), "con đò nhỏ qua sông chiều nay")
                    .await,
                Err(AccountError::Denied(_))
            ),
            "{role}"
        );
    }
}

/// A file that fails the test if anything reads it.
struct Unreadable;

impl std::io::Read for Unreadable {
    fn read(&mut self, _: &mut [u8]) -> std::io::Result<usize> {
        panic!("the file was read")
    }
}

/// Assigning cases to executors is a leader's act, on the cases of their
/// subtree, to an executor of the case's agency or one above it; it is
/// audited and a due list then names the new executor. Every other role is
/// refused in the service, whatever the pages show.
#[tokio::test]
async fn assigning_cases_is_a_leaders_act_within_reach() {
    use thads_core::executor::ExecutorCode;
    let (thads, _db, actors) = world().await;
    let executors = concat!(
        r#"{"type":"executor","code":"KV1-A","name":"Trần Thị Bình","agency":"HN-KV1"}"#,
        "\n",
        r#"{"type":"executor","code":"KV2-A","name":"Phạm Thị Dung","agency":"HN-KV2"}"#,
    );
    thads
        .import(&console(), "executors", executors.as_bytes(), &mut |_| {})
        .await
        .unwrap();
    let kv1 = ExecutorCode::parse("KV1-A").unwrap();
    let on: Day = "2025-02-01".parse().unwrap();
    let mut outcomes = Vec::new();
    for actor in &actors {
        outcomes.push(
            match thads.assign(actor, &[case("T/KV1")], &kv1, on).await {
                Ok(1) => Allowed,
                Err(RecordError::Denied(_)) => Denied,
                Err(RecordError::UnknownCase(_)) => NotFound,
                other => panic!("{other:?}"),
            },
        );
    }
    assert_row(
        "assign",
        outcomes,
        [
            Denied, Denied, Allowed, Denied, Denied, Denied, Denied, Denied,
        ],
    );
    let leader = &actors[2];
    // An executor records the case's events, but not who holds it.
    let version = thads
        .case_version(&actors[3], &case("T/KV1"))
        .await
        .unwrap()
        .unwrap();
    let assigned = Event::Assigned {
        executor: kv1.clone(),
    };
    assert!(matches!(
        thads
            .record(&actors[3], &case("T/KV1"), on, assigned, version)
            .await,
        Err(RecordError::Denied(_))
    ));
    // Another province's case does not exist for the leader of HN.
    assert!(matches!(
        thads.assign(leader, &[case("T/SL")], &kv1, on).await,
        Err(RecordError::UnknownCase(_))
    ));
    // An executor of a sibling office is refused in words; nothing is written.
    let kv2 = ExecutorCode::parse("KV2-A").unwrap();
    match thads
        .assign(leader, &[case("T/KV2"), case("T/KV1")], &kv2, on)
        .await
    {
        Err(RecordError::Refused(fault)) => {
            assert_eq!(fault.line, 2);
            assert!(
                fault.reason.to_string().contains("works in HN-KV2"),
                "{fault}"
            );
        }
        other => panic!("{other:?}"),
    }
    let log = thads
        .audit_log(&console(), Some("leader.hn"), Some("KV1-A"))
        .await
        .unwrap();
    assert_eq!(log.len(), 1);
    assert_eq!(log[0].entry.action, "reassign");
    assert!(log[0].entry.detail.contains("T/KV1"));
    // The due list names the case's executor.
    let calendar = thads.calendar().await.unwrap();
    let list = thads_service::due::due_list(
        &thads.snapshot().await.unwrap(),
        leader,
        &calendar,
        &thads_service::DueQuery {
            agency: None,
            executor: Some(kv1.clone()),
            as_of: on,
        },
    )
    .unwrap();
    let held: Vec<_> = list.workloads.iter().map(|(_, _, w)| w.cases).collect();
    assert_eq!(held, [1]);

    // An executor's account is linked to the executor it is by those who
    // manage its accounts; to an executor of its own office only.
    let account = AccountName::parse("executor.kv1").unwrap();
    let mut outcomes = Vec::new();
    for actor in &actors {
        outcomes.push(
            match thads.link_executor(actor, &account, Some(&kv1)).await {
                Ok(()) => Allowed,
                Err(AccountError::Denied(_)) => Denied,
                Err(AccountError::Unknown(_)) => NotFound,
                other => panic!("{other:?}"),
            },
        );
    }
    assert_row(
        "link an executor",
        outcomes,
        [
            Allowed, Allowed, Denied, Denied, Denied, Denied, Denied, Denied,
        ],
    );
    assert!(matches!(
        thads.link_executor(&console(), &account, Some(&kv2)).await,
        Err(AccountError::UnknownExecutor(_))
    ));
    let leader_account = AccountName::parse("leader.hn").unwrap();
    assert!(matches!(
        thads
            .link_executor(&console(), &leader_account, Some(&kv1))
            .await,
        Err(AccountError::NotAnExecutor(_))
    ));
    assert_eq!(thads.linked_executor(&actors[3]).await.unwrap(), Some(kv1));
    let log = thads
        .audit_log(&console(), None, Some("executor.kv1"))
        .await
        .unwrap();
    assert!(log.iter().any(|r| r.entry.action == "user.executor"));
}

#[tokio::test]
async fn requests_to_partners_reach_their_agencys_accounts_and_their_partners_only() {
    use thads_core::coordination::{Code, Partner, PartnerKind};
    use thads_service::coordination::{CoordinationError, NewRequest, RequestQuery};
    let (thads, _db, actors) = world().await;
    let day = |s: &str| s.parse::<Day>().unwrap();
    let code = |s: &str| Code::parse(s).unwrap();
    for (c, kind) in [
        ("HN-CA", PartnerKind::PoliceProvince),
        ("HN-TAND", PartnerKind::Court),
    ] {
        let partner = Partner {
            code: code(c),
            kind,
            name: c.to_owned(),
            agency: AgencyCode::parse("HN").unwrap(),
            parent: None,
            address: None,
            phone: None,
            email: None,
        };
        thads.add_partner(&console(), partner).await.unwrap();
    }
    thads
        .link_partner(
            &console(),
            &AccountName::parse("partner.hn").unwrap(),
            Some(&code("HN-CA")),
        )
        .await
        .unwrap();
    // The partner's account acts with its organisation from its next sign-in.
    let partner = thads
        .sign_in("partner.hn", PASSWORD, "10.0.0.7")
        .await
        .unwrap()
        .account;
    let mut actors = actors;
    actors[7] = Actor::account(&partner, "10.0.0.7");
    let new = |partner: &str, kind: &str| NewRequest {
        agency: None,
        case: Some(case("T/KV1")),
        partner: code(partner),
        kind: kind.to_owned(),
        on: day("2026-09-01"),
        real_estate: false,
        complex: false,
        text: "Đề nghị".to_owned(),
        attachments: Vec::new(),
        report: None,
    };
    let police = thads
        .open_request(&console(), new("HN-CA", "police_protection"))
        .await
        .unwrap();
    let mut courts = Vec::new();
    for _ in &actors {
        courts.push(
            thads
                .open_request(&console(), new("HN-TAND", "explain_judgment"))
                .await
                .unwrap(),
        );
    }
    let outcome = |r: Result<(), CoordinationError>| match r {
        Ok(()) => Allowed,
        Err(CoordinationError::Denied(_)) => Denied,
        Err(CoordinationError::NotFound(_)) => NotFound,
        Err(e) => panic!("{e}"),
    };
    let (mut see_police, mut see_court, mut answer_court, mut send) =
        (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    for (actor, court) in actors.iter().zip(&courts) {
        let court = code(&court.id);
        see_police.push(outcome(
            thads
                .request_page(actor, &code(&police.id))
                .await
                .map(|_| ()),
        ));
        see_court.push(outcome(thads.request_page(actor, &court).await.map(|_| ())));
        answer_court.push(outcome(
            thads
                .answer_request(actor, &court, day("2026-09-02"), "Trả lời", None, None)
                .await,
        ));
        send.push(outcome(
            thads
                .open_request(actor, new("HN-CA", "police_protection"))
                .await
                .map(|_| ()),
        ));
    }
    //                          admin.all admin.hn leader  executor stat.hn stat.all steering partner
    assert_row(
        "see the police's request",
        see_police,
        [
            NotFound, NotFound, Allowed, Allowed, Allowed, Allowed, Allowed, Allowed,
        ],
    );
    assert_row(
        "see the court's request",
        see_court,
        [
            NotFound, NotFound, Allowed, Allowed, Allowed, Allowed, Allowed, NotFound,
        ],
    );
    // The agency records an answer received on paper; those who only read
    // may not.
    assert_row(
        "answer the court's request",
        answer_court,
        [
            NotFound, NotFound, Allowed, Allowed, Denied, Denied, Denied, NotFound,
        ],
    );
    assert_row(
        "send a request about T/KV1",
        send,
        [
            NotFound, NotFound, Allowed, Allowed, NotFound, NotFound, NotFound, NotFound,
        ],
    );
    // The partner's inbox holds its own requests only.
    let inbox = thads
        .requests(&actors[7], &RequestQuery::default())
        .await
        .unwrap();
    assert!(!inbox.is_empty() && inbox.iter().all(|r| r.partner == "HN-CA"));
}
