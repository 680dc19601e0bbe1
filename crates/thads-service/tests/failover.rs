//! thads on a database URL naming several PostgreSQL hosts (see
//! `thads-store/src/hosts.rs`): writes go to the host that takes them, and
//! follow the database when its host dies; a write cut off fails whole,
//! saying to try again; a file is not imported twice. The hosts here are
//! proxies in front of the test server (thads-testdb's `PgHost`); the
//! failover of real PostgreSQL nodes is rehearsed by
//! `scripts/failover-rehearsal`.

use thads_service::{Actor, ImportError, ImportSummary, Thads};
use thads_store::Backend;
use thads_testdb::{PgHost, TestDatabase, test_data};

fn clerk() -> Actor {
    Actor::console("thu", "may-chu-1")
}

async fn import(thads: &Thads, name: &str, text: &str) -> Result<ImportSummary, ImportError> {
    thads
        .import(&clerk(), name, text.as_bytes(), &mut |_| {})
        .await
}

/// The sample journal in two parts: its agencies and first cases, and the
/// rest.
fn sample_halves() -> (String, String) {
    let sample = test_data("sample/sample-2000.jsonl");
    let lines: Vec<&str> = sample.lines().collect();
    let (first, second) = lines.split_at(lines.len() / 2);
    (first.join("\n") + "\n", second.join("\n") + "\n")
}

#[tokio::test]
async fn writes_go_to_the_first_host_that_takes_them_past_a_read_only_one() {
    let db = TestDatabase::migrated();
    if db.backend == Backend::Sqlite {
        return; // one file, no hosts
    }
    let replica = PgHost::start(&db, true).await;
    let (first, _) = sample_halves();

    // The first host alone: its sessions are read-only, as a standby's are.
    let url = db.url_with_hosts(&[&replica.address], "sslmode=disable");
    let alone = Thads::open(&url, db.key()).await.unwrap();
    let refused = import(&alone, "a.jsonl", &first).await.unwrap_err();
    assert!(
        matches!(
            refused,
            ImportError::Store(thads_store::StoreError::ReadOnly)
        ),
        "{refused:?}"
    );

    // Listed first, before the server's own address, it is passed over.
    let url = db.url_with_hosts(
        &[&replica.address, &db.server()],
        "sslmode=disable&target_session_attrs=read-write",
    );
    let thads = Thads::open(&url, db.key()).await.unwrap();
    let asked = replica.connections();
    let summary = import(&thads, "a.jsonl", &first).await.unwrap();
    assert!(summary.cases > 0);
    assert_eq!(
        replica.connections(),
        asked,
        "nothing more was asked of the read-only host"
    );
    assert_eq!(thads.view().await.unwrap().case_count(), summary.cases);
}

#[tokio::test]
async fn a_store_follows_its_database_when_its_host_dies() {
    let db = TestDatabase::migrated();
    if db.backend == Backend::Sqlite {
        return;
    }
    let host = PgHost::start(&db, false).await;
    let url = db.url_with_hosts(
        &[&host.address, &db.server()],
        "sslmode=disable&target_session_attrs=read-write",
    );
    let thads = Thads::open(&url, db.key()).await.unwrap();
    let (first, second) = sample_halves();
    let before = import(&thads, "first.jsonl", &first).await.unwrap();
    assert!(
        host.connections() > 0,
        "the first host took the first write"
    );

    host.kill();
    // The next writes may find the host gone, until the store has moved to
    // the next: each fails whole, saying to try again.
    let started = std::time::Instant::now();
    let after = loop {
        match import(&thads, "second.jsonl", &second).await {
            Ok(summary) => break summary,
            Err(ImportError::Store(e)) if e.is_unavailable() => {
                assert!(e.to_string().contains("try again"), "{e}");
                assert!(
                    started.elapsed() < std::time::Duration::from_secs(30),
                    "the store did not follow its database: {e}"
                );
                tokio::time::sleep(std::time::Duration::from_millis(100)).await;
            }
            Err(e) => panic!("{e:?}"),
        }
    };
    let view = thads.view().await.unwrap();
    assert_eq!(view.case_count(), before.cases + after.cases);
    assert!(
        view.snapshot().moves >= 1,
        "the view was read after the move"
    );

    // Run again, the second file lands nothing twice.
    let again = import(&thads, "second.jsonl", &second).await.unwrap_err();
    assert!(
        matches!(&again, ImportError::AlreadyImported { by, .. } if by == "console:thu"),
        "{again:?}"
    );
    assert_eq!(thads.view().await.unwrap().case_count(), view.case_count());
}

#[tokio::test]
async fn a_file_is_not_imported_twice() {
    let db = TestDatabase::migrated();
    let thads = Thads::open(&db.url, db.key()).await.unwrap();
    let (first, second) = sample_halves();
    import(&thads, "a.jsonl", &first).await.unwrap();
    let imported = import(&thads, "b.jsonl", &second).await.unwrap();
    let events = thads.snapshot().await.unwrap().journal_seq;

    // The same bytes under another name: the same file.
    let error = import(&thads, "b-again.jsonl", &second).await.unwrap_err();
    let ImportError::AlreadyImported { by, at } = &error else {
        panic!("{error:?}");
    };
    assert_eq!(by, "console:thu");
    // hh:mm dd/mm/yyyy, Vietnam's clock.
    assert_eq!(at.len(), "14:05 30/11/2026".len(), "{at}");
    assert!(error.to_string().contains("nothing was imported again"));
    assert_eq!(thads.snapshot().await.unwrap().journal_seq, events);
    assert!(imported.events > 0);

    // A file that differs by a byte is another file (and its cases are
    // refused as already accepted).
    let changed = format!("{second}\n");
    assert!(matches!(
        import(&thads, "b.jsonl", &changed).await.unwrap_err(),
        ImportError::Invalid(_)
    ));
}

#[tokio::test]
async fn thads_migrate_creates_the_database_on_the_host_that_takes_writes() {
    let db = TestDatabase::new();
    if db.backend == Backend::Sqlite {
        return;
    }
    // The first host is down; the database does not exist yet.
    let url = db.url_with_hosts(
        &["127.0.0.1:1", &db.server()],
        "target_session_attrs=read-write",
    );
    let version = Thads::migrate(&url).await.unwrap();
    assert!(version > 0);
    let thads = Thads::open(&url, db.key()).await.unwrap();
    let (first, _) = sample_halves();
    assert!(import(&thads, "a.jsonl", &first).await.unwrap().cases > 0);
}
