//! Accounts and the audit trail, on the backend the run asks for (see
//! thads-testdb): no way in on a fresh store, the password rules, signing
//! in, every write audited in the same transaction, and each kind of
//! tampering caught.

use thads_core::AgencyCode;
use thads_core::account::{AccountName, Role};
use thads_core::audit::AuditBreak;
use thads_service::accounts::{AccountError, SignInError};
use thads_service::{Actor, AuditError, ImportError, Thads};
use thads_testdb::{TestDatabase, test_data};

const PASSWORD: &str = "mưa rơi trên mái ngói cũ";

fn admin() -> Actor {
    Actor::console("root", "may-chu-1")
}

fn name(s: &str) -> AccountName {
    AccountName::parse(s).unwrap()
}

async fn store_with_example() -> (Thads, TestDatabase) {
    let db = TestDatabase::migrated();
    let thads = Thads::open(&db.url, db.key()).await.unwrap();
    let example = test_data("sample/worked-example.jsonl");
    thads
        .import(
            &admin(),
            "worked-example.jsonl",
            example.as_bytes(),
            &mut |_| {},
        )
        .await
        .unwrap();
    (thads, db)
}

#[tokio::test]
async fn a_fresh_store_has_no_way_in() {
    let db = TestDatabase::migrated();
    let thads = Thads::open(&db.url, db.key()).await.unwrap();
    assert!(thads.accounts(&admin()).await.unwrap().is_empty());
    for (user, password) in [("admin", "admin"), ("admin", ""), ("root", "thads")] {
        assert!(matches!(
            thads.sign_in(user, password, "10.0.0.7").await,
            Err(SignInError::Refused)
        ));
    }
}

#[tokio::test]
async fn accounts_are_checked_signed_in_changed_and_disabled() {
    let (thads, _db) = store_with_example().await;
    let db_agency = AgencyCode::parse("DB").unwrap();
    thads
        .add_account(&admin(), &name("quan.tri"), Role::Admin, None, PASSWORD)
        .await
        .unwrap();
    thads
        .add_account(
            &admin(),
            &name("chv.an"),
            Role::Executor,
            Some(&db_agency),
            PASSWORD,
        )
        .await
        .unwrap();

    let refused = |r: Result<(), AccountError>| r.unwrap_err().to_string();
    assert_eq!(
        refused(
            thads
                .add_account(&admin(), &name("quan.tri"), Role::Leader, None, PASSWORD)
                .await
        ),
        "an account named quan.tri exists already"
    );
    assert_eq!(
        refused(
            thads
                .add_account(&admin(), &name("chv.binh"), Role::Executor, None, PASSWORD)
                .await
        ),
        "executor accounts belong to an agency: give --agency"
    );
    let nowhere = AgencyCode::parse("XX").unwrap();
    assert_eq!(
        refused(
            thads
                .add_account(
                    &admin(),
                    &name("chv.binh"),
                    Role::Executor,
                    Some(&nowhere),
                    PASSWORD
                )
                .await
        ),
        "agency XX is not known (import the journal that declares it first)"
    );
    assert!(
        refused(
            thads
                .add_account(
                    &admin(),
                    &name("chv.binh"),
                    Role::Executor,
                    Some(&db_agency),
                    "12345678"
                )
                .await
        )
        .starts_with("the password is too short")
    );

    let signed_in = thads
        .sign_in("chv.an", PASSWORD, "10.0.0.7")
        .await
        .unwrap()
        .account;
    assert_eq!(
        (signed_in.role, signed_in.agency),
        (Role::Executor, Some(db_agency.clone()))
    );
    for (user, password) in [
        ("chv.an", "mưa rơi trên mái ngói"),
        ("chv.binh", PASSWORD),
        ("Bad Name", PASSWORD),
    ] {
        assert!(matches!(
            thads.sign_in(user, password, "10.0.0.7").await,
            Err(SignInError::Refused)
        ));
    }

    let new_password = "con đò nhỏ qua sông chiều nay";
    thads
        .set_password(&admin(), &name("chv.an"), new_password)
        .await
        .unwrap();
    assert!(thads.sign_in("chv.an", PASSWORD, "10.0.0.7").await.is_err());
    thads
        .sign_in("chv.an", new_password, "10.0.0.7")
        .await
        .unwrap();

    thads
        .disable_account(&admin(), &name("chv.an"))
        .await
        .unwrap();
    assert!(
        thads
            .sign_in("chv.an", new_password, "10.0.0.7")
            .await
            .is_err()
    );
    assert_eq!(
        thads
            .disable_account(&admin(), &name("chv.an"))
            .await
            .unwrap_err()
            .to_string(),
        "the account chv.an is disabled already"
    );
    assert_eq!(
        thads
            .disable_account(&admin(), &name("ai.do"))
            .await
            .unwrap_err()
            .to_string(),
        "there is no account named ai.do"
    );
    let listed: Vec<(String, bool)> = thads
        .accounts(&admin())
        .await
        .unwrap()
        .into_iter()
        .map(|a| (a.name.to_string(), a.disabled_at_ms.is_some()))
        .collect();
    assert_eq!(
        listed,
        [("chv.an".to_owned(), true), ("quan.tri".to_owned(), false)]
    );
}

#[tokio::test]
async fn every_write_is_audited_and_the_trail_verifies() {
    let (thads, _db) = store_with_example().await;
    let clerk = Actor::console("thu", "may-tram-3");
    let case = thads_core::CaseCode::parse("DB/2025/00001").unwrap();
    let day = "2025-09-01".parse().unwrap();
    let version = thads.case_version(&clerk, &case).await.unwrap().unwrap();
    thads
        .record(
            &clerk,
            &case,
            day,
            thads_core::Event::Collected(thads_core::Vnd(1_000_000)),
            version,
        )
        .await
        .unwrap();
    thads
        .add_account(
            &admin(),
            &name("thong.ke"),
            Role::Statistician,
            None,
            PASSWORD,
        )
        .await
        .unwrap();
    thads
        .set_password(&admin(), &name("thong.ke"), "con đò nhỏ qua sông chiều nay")
        .await
        .unwrap();
    thads
        .disable_account(&admin(), &name("thong.ke"))
        .await
        .unwrap();
    // Refused writes leave no record.
    let bad = test_data("invalid/collected-too-much.jsonl");
    assert!(matches!(
        thads
            .import(&clerk, "bad.jsonl", bad.as_bytes(), &mut |_| {})
            .await,
        Err(ImportError::Invalid(_))
    ));
    assert!(
        thads
            .set_password(&admin(), &name("thong.ke"), "12345")
            .await
            .is_err()
    );

    let log = thads.audit_log(&admin(), None, None).await.unwrap();
    let summary: Vec<(i64, &str, &str, &str, &str)> = log
        .iter()
        .map(|r| {
            let e = &r.entry;
            (
                r.seq,
                e.actor.as_str(),
                e.address.as_str(),
                e.action.as_str(),
                e.subject.as_str(),
            )
        })
        .collect();
    assert_eq!(
        summary,
        [
            (
                1,
                "console:root",
                "may-chu-1",
                "import",
                "worked-example.jsonl"
            ),
            (2, "console:thu", "may-tram-3", "record", "DB/2025/00001"),
            (3, "console:root", "may-chu-1", "user.add", "thong.ke"),
            (4, "console:root", "may-chu-1", "user.passwd", "thong.ke"),
            (5, "console:root", "may-chu-1", "user.disable", "thong.ke"),
        ]
    );
    let import: serde_json::Value = serde_json::from_str(&log[0].entry.detail).unwrap();
    use sha2::Digest;
    let sha256 = hex::encode(sha2::Sha256::digest(test_data(
        "sample/worked-example.jsonl",
    )));
    assert_eq!(
        import,
        serde_json::json!({"format": "journal", "sha256": sha256, "bytes": test_data("sample/worked-example.jsonl").len(),
            "agencies": 1, "cases": 4, "events": 11, "late": 0})
    );
    let record: serde_json::Value = serde_json::from_str(&log[1].entry.detail).unwrap();
    assert_eq!(record["seen_version"], version);
    assert!(
        record["event"]
            .as_str()
            .unwrap()
            .contains(r#""type":"collected""#)
    );
    for r in &log {
        assert!(
            !r.entry.detail.contains("mưa") && !r.entry.detail.contains("argon2"),
            "{r:?}"
        );
    }
    assert_eq!(
        thads
            .audit_log(&admin(), None, Some("DB/2025/00001"))
            .await
            .unwrap()
            .len(),
        1
    );
    assert_eq!(
        thads
            .audit_log(&admin(), Some("console:root"), None)
            .await
            .unwrap()
            .len(),
        4
    );
    assert_eq!(thads.verify_audit(&admin()).await.unwrap().records, 5);
}

/// Runs SQL by hand, the audit trail's append-only triggers taken off first.
fn tamper(db: &TestDatabase, statements: &[&str]) {
    db.allow_audit_tampering();
    db.run_sql(statements).unwrap();
}

/// A store with four audit records.
async fn audited_store() -> (Thads, TestDatabase) {
    let (thads, db) = store_with_example().await;
    for user in ["an.a", "binh.b", "chi.c"] {
        thads
            .add_account(&admin(), &name(user), Role::Leader, None, PASSWORD)
            .await
            .unwrap();
    }
    assert_eq!(thads.verify_audit(&admin()).await.unwrap().records, 4);
    (thads, db)
}

#[tokio::test]
async fn the_trail_is_append_only_by_hand_too() {
    let (_thads, db) = audited_store().await;
    for refused in [
        "UPDATE audit_record SET actor = 'x'",
        "DELETE FROM audit_record",
    ] {
        let error = db.run_sql(&[refused]).unwrap_err().to_string();
        assert!(error.contains("append-only"), "{error}");
    }
}

#[tokio::test]
async fn each_kind_of_tampering_is_caught() {
    let cases: [(&[&str], AuditBreak, &str); 5] = [
        (
            &["UPDATE audit_record SET actor = 'console:someone' WHERE seq = 2"],
            AuditBreak::Altered(2),
            "audit record 2 was altered: its contents no longer match its hash (or the audit key in use is not the one it was written with)",
        ),
        (
            &["DELETE FROM audit_record WHERE seq = 3"],
            AuditBreak::Missing {
                expected: 3,
                found: 4,
            },
            "audit record 3 is missing (the next one found is 4): it was removed",
        ),
        (
            &["DELETE FROM audit_record WHERE seq = 4"],
            AuditBreak::Truncated { last: 3, head: 4 },
            "the audit trail ends at record 3, but thads wrote up to record 4: the last records were removed",
        ),
        (
            &[
                "INSERT INTO audit_record (seq, at, actor, address, action, subject, detail, prev_hash, hash, keyed) \
               SELECT 5, at, actor, address, action, 'ke.gian', detail, hash, hash, keyed FROM audit_record WHERE seq = 4",
            ],
            AuditBreak::Altered(5),
            "audit record 5 was altered: its contents no longer match its hash (or the audit key in use is not the one it was written with)",
        ),
        (
            // A record slipped in place of the third, and the rest moved up.
            &[
                "DELETE FROM audit_record WHERE seq = 4",
                "UPDATE audit_record SET seq = 4 WHERE seq = 3",
                "INSERT INTO audit_record (seq, at, actor, address, action, subject, detail, prev_hash, hash, keyed) \
                 SELECT 3, at, actor, address, action, 'ke.gian', detail, prev_hash, hash, keyed FROM audit_record WHERE seq = 2",
            ],
            AuditBreak::Altered(3),
            "audit record 3 was altered: its contents no longer match its hash (or the audit key in use is not the one it was written with)",
        ),
    ];
    for (statements, expected, message) in cases {
        let (thads, db) = audited_store().await;
        tamper(&db, statements);
        match thads.verify_audit(&admin()).await {
            Err(AuditError::Broken(found)) => {
                assert_eq!(found, expected, "{statements:?}");
                assert_eq!(found.to_string(), message);
            }
            other => panic!("{statements:?}: {other:?}"),
        }
    }
}

#[tokio::test]
async fn a_forged_record_added_at_the_end_is_caught() {
    let (thads, db) = audited_store().await;
    // Well forged: its hash is right and it follows the last record; only
    // the head, kept apart, does not know it.
    let last = thads
        .audit_log(&admin(), None, None)
        .await
        .unwrap()
        .pop()
        .unwrap();
    let mut entry = last.entry.clone();
    entry.subject = "ke.gian".to_owned();
    let forged = thads_core::audit::AuditRecord::chain(&db.key(), 5, &last.hash, entry, None);
    let e = &forged.entry;
    let insert = format!(
        "INSERT INTO audit_record (seq, at, actor, address, action, subject, detail, prev_hash, hash, keyed) \
         VALUES (5, {}, '{}', '{}', '{}', '{}', '{}', '{}', '{}', 1)",
        e.at_ms, e.actor, e.address, e.action, e.subject, e.detail, forged.prev_hash, forged.hash
    );
    tamper(&db, &[&insert]);
    let Err(AuditError::Broken(found)) = thads.verify_audit(&admin()).await else {
        panic!("not caught")
    };
    assert_eq!(found, AuditBreak::Inserted(5));
    assert_eq!(
        found.to_string(),
        "audit record 5 was not written by thads: it was inserted"
    );
}

/// Changes the journal by hand, its append-only triggers taken off first.
fn tamper_journal(db: &TestDatabase, statements: &[&str]) {
    db.allow_journal_tampering();
    db.run_sql(statements).unwrap();
}

#[tokio::test]
async fn the_journal_is_checked_against_what_each_write_appended() {
    let (thads, _db) = store_with_example().await;
    let checked = thads.verify_audit(&admin()).await.unwrap();
    // The worked example: one agency and 11 case records.
    assert_eq!((checked.records, checked.lines), (1, 12));

    let cases: [(&[&str], &str); 7] = [
        (
            // An amount multiplied by 50 behind thads' back.
            &["UPDATE journal_event SET amount = amount * 50 WHERE seq = 3"],
            "case DB/2024/00001, journal line 3 (collected on 2024-08-01): changed in the database after thads wrote it (its seal no longer matches; written with audit record 1)",
        ),
        (
            // A debtor's name, which the acceptance's line carries.
            &[
                "UPDATE enforcement_case SET debtor_name = 'Người khác' WHERE code = 'DB/2024/00001'",
            ],
            "case DB/2024/00001, journal line 2 (accepted on 2024-05-01): changed in the database after thads wrote it (its seal no longer matches; written with audit record 1)",
        ),
        (
            // The seal of another line copied over.
            &[
                "UPDATE journal_event SET amount = 30000000, seal = (SELECT seal FROM journal_event WHERE seq = 3) WHERE seq = 7",
            ],
            "case DB/2024/00001, journal line 7 (collected on 2025-02-01): changed in the database after thads wrote it (its seal no longer matches; written with audit record 1)",
        ),
        (
            &["UPDATE agency SET name = 'Cục khác' WHERE code = 'DB'"],
            "agency DB: changed in the database after thads wrote it (its seal no longer matches; written with audit record 1)",
        ),
        (
            &["DELETE FROM journal_event WHERE seq = 4"],
            "audit record 1 (import worked-example.jsonl): the journal lines it appended no longer match its digest: lines were removed, inserted or reordered",
        ),
        (
            // A line copied, seal and all, to the end of the journal.
            &[
                "INSERT INTO journal_event (seq, province, case_id, on_day, kind, amount, reason, to_agency, seal) \
               SELECT 100, province, case_id, 20250301, kind, amount, reason, to_agency, seal FROM journal_event WHERE seq = 3",
            ],
            "case DB/2024/00001, journal line 100 (collected on 2025-03-01): not written by thads (no audit record appended it): it was inserted",
        ),
        (
            &["UPDATE journal_event SET seal = NULL WHERE seq = 5"],
            "case DB/2024/00002, journal line 5 (accepted on 2024-11-01): it has no seal: it was written by a thads that did not seal its journal (run `thads audit seal` once after upgrading), or it was inserted, or its seal removed",
        ),
    ];
    for (statements, message) in cases {
        let (thads, db) = store_with_example().await;
        if db.backend == thads_store::Backend::Postgres {
            // PostgreSQL hands out journal positions itself.
            let statements: Vec<String> = statements
                .iter()
                .map(|s| {
                    s.replace(
                        "to_agency, seal) SELECT",
                        "to_agency, seal) OVERRIDING SYSTEM VALUE SELECT",
                    )
                })
                .collect();
            let statements: Vec<&str> = statements.iter().map(String::as_str).collect();
            tamper_journal(&db, &statements);
        } else {
            tamper_journal(&db, statements);
        }
        match thads.verify_audit(&admin()).await {
            Err(AuditError::Journal(found)) => assert_eq!(found.to_string(), message),
            other => panic!("{statements:?}: {other:?}"),
        }
    }
}

/// Executors are journal lines too: each sealed, and named by the write
/// that declared them.
#[tokio::test]
async fn executors_are_checked_against_their_seals_and_their_write() {
    let executor = r#"{"type":"executor","code":"DB-CHV01","name":"Lò Thị Mai","agency":"DB"}"#;
    let cases: [(&str, &str); 2] = [
        (
            "UPDATE executor SET name = 'Người khác' WHERE code = 'DB-CHV01'",
            "executor DB-CHV01: changed in the database after thads wrote it (its seal no longer matches; written with audit record 2)",
        ),
        (
            "DELETE FROM executor WHERE code = 'DB-CHV01'",
            "audit record 2 (import executor.jsonl): the journal lines it appended no longer match its digest: lines were removed, inserted or reordered",
        ),
    ];
    for (statement, message) in cases {
        let (thads, db) = store_with_example().await;
        thads
            .import(&admin(), "executor.jsonl", executor.as_bytes(), &mut |_| {})
            .await
            .unwrap();
        let checked = thads.verify_audit(&admin()).await.unwrap();
        assert_eq!((checked.records, checked.lines), (2, 13));
        tamper_journal(&db, &[statement]);
        match thads.verify_audit(&admin()).await {
            Err(AuditError::Journal(found)) => assert_eq!(found.to_string(), message),
            other => panic!("{statement}: {other:?}"),
        }
    }
}

#[tokio::test]
async fn another_key_does_not_check() {
    let (_thads, db) = store_with_example().await;
    let other = thads_core::audit::AuditKey::from_bytes(&[8; 32]);
    let thads = Thads::open(&db.url, other).await.unwrap();
    let Err(AuditError::Broken(found)) = thads.verify_audit(&admin()).await else {
        panic!("checked with another key")
    };
    assert_eq!(found, AuditBreak::Altered(1));
}

/// A store written by a thads older than the keyed trail: plain hashes,
/// lines without seals. It checks only once sealed, and from then on as
/// any other.
#[tokio::test]
async fn a_store_from_before_keying_is_sealed_once() {
    let (thads, db) = audited_store().await;
    // Made as an older thads left it: every record's hash the plain
    // SHA-256 of its fields, nothing appended recorded, no line sealed.
    let mut records = thads.audit_log(&admin(), None, None).await.unwrap();
    let mut statements = vec![
        "UPDATE audit_record SET keyed = 0, agencies_start = NULL, agencies_end = NULL, \
         events_start = NULL, events_end = NULL, digest = NULL"
            .to_owned(),
    ];
    let mut prev = thads_core::audit::GENESIS.to_owned();
    for record in &mut records {
        record.keyed = false;
        record.appended = None;
        record.prev_hash = prev;
        record.hash = thads_core::audit::hash_of(None, record);
        statements.push(format!(
            "UPDATE audit_record SET prev_hash = '{}', hash = '{}' WHERE seq = {}",
            record.prev_hash, record.hash, record.seq
        ));
        prev = record.hash.clone();
    }
    statements.push(format!("UPDATE audit_head SET hash = '{prev}'"));
    statements.push("UPDATE journal_event SET seal = NULL".to_owned());
    statements.push("UPDATE agency SET seal = NULL".to_owned());
    db.allow_journal_tampering();
    let statements: Vec<&str> = statements.iter().map(String::as_str).collect();
    tamper(&db, &statements);

    let Err(AuditError::Broken(found)) = thads.verify_audit(&admin()).await else {
        panic!("an unkeyed trail checked")
    };
    assert_eq!(found, AuditBreak::NotKeyed(4));
    let sealed = thads.seal_journal(&admin()).await.unwrap().unwrap();
    assert_eq!((sealed.agencies, sealed.events), (0..1, 1..12));
    assert!(thads.seal_journal(&admin()).await.unwrap().is_none());
    let checked = thads.verify_audit(&admin()).await.unwrap();
    assert_eq!((checked.records, checked.lines), (5, 12));
    // The old lines are covered by the seal's digest; later ones by their own.
    thads
        .import(
            &admin(),
            "more",
            r#"{"type":"collected","case":"DB/2024/00002","on":"2025-06-01","amount":1000}"#
                .as_bytes(),
            &mut |_| {},
        )
        .await
        .unwrap();
    assert_eq!(thads.verify_audit(&admin()).await.unwrap().lines, 13);
    db.run_sql(&["UPDATE journal_event SET amount = 5 WHERE seq = 3"])
        .unwrap();
    let Err(AuditError::Journal(found)) = thads.verify_audit(&admin()).await else {
        panic!("an old line changed and not caught")
    };
    assert!(
        found
            .to_string()
            .starts_with("audit record 5 (audit.seal journal)"),
        "{found}"
    );
}
