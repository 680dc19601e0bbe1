//! The store's SQL on the backend the test run asks for (see thads-testdb):
//! every statement is accepted by the database, and the journal cannot be
//! changed or deleted, even by hand.

use thads_store::Store;
use thads_testdb::TestDatabase;

#[tokio::test]
async fn the_database_accepts_every_statement() {
    let db = TestDatabase::migrated();
    let store = Store::open(&db.url, db.key()).await.unwrap();
    assert_eq!(store.backend(), thads_testdb::requested_backend());
    store.prepare_all().await.unwrap();
}

#[tokio::test]
async fn the_journal_is_append_only_even_by_hand() {
    let db = TestDatabase::migrated();
    for setup in [
        "INSERT INTO agency (position, code, name, parent) VALUES (0, 'DB', 'Điện Biên', NULL)",
        "INSERT INTO enforcement_case (province, id, code, agency, accepted_on, mode, amount, categories, decision, judgment, debtor_name, creditor_name) \
         VALUES ('DB', 0, 'DB/1', 'DB', 20250101, 'on_request', 100, '', '1', '2', 'A', 'B')",
        "INSERT INTO journal_event (province, case_id, on_day, kind, amount) VALUES ('DB', 0, 20250101, 'accepted', 100)",
    ] {
        db.run_sql(&[setup]).unwrap();
    }
    for refused in [
        "UPDATE journal_event SET amount = 1",
        "DELETE FROM journal_event",
        "UPDATE enforcement_case SET amount = 1",
        "DELETE FROM enforcement_case",
    ] {
        let error = db.run_sql(&[refused]).unwrap_err().to_string();
        assert!(error.contains("append-only"), "{refused}: {error}");
    }
}

/// On PostgreSQL, `sslmode=require` in the URL makes the connection
/// encrypted (this machine's server has TLS on, with Debian's self-signed
/// certificate; `verify-full` and `sslrootcert=` check a real one). The
/// embedded store has no connection to protect.
#[tokio::test]
async fn postgres_connections_are_encrypted_when_the_url_asks() {
    let db = TestDatabase::migrated();
    let url = match db.backend {
        thads_store::Backend::Postgres => format!("{}?sslmode=require", db.url),
        thads_store::Backend::Sqlite => {
            assert!(db.url.starts_with("sqlite://"));
            return;
        }
    };
    use sqlx::Connection;
    let mut conn = sqlx::PgConnection::connect(&url).await.unwrap();
    let encrypted: bool =
        sqlx::query_scalar("SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()")
            .fetch_one(&mut conn)
            .await
            .unwrap();
    assert!(encrypted);
    // And thads itself opens and uses such a URL.
    let store = Store::open(&url, thads_testdb::test_key()).await.unwrap();
    store.prepare_all().await.unwrap();
}

/// A writer that finds the embedded store locked by another for longer than
/// it waits is told so in words, once (SQLite says `database is locked
/// (code: 5)`). The store's own wait is 30 seconds: here a connection that
/// does not wait meets a write in progress.
#[tokio::test]
async fn a_locked_store_is_said_in_words() {
    use sqlx::ConnectOptions;
    use std::str::FromStr;

    let folder = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", folder.path().join("thads.db").display());
    let _store = Store::open(&url, thads_testdb::test_key()).await.unwrap();
    let options = sqlx::sqlite::SqliteConnectOptions::from_str(&url).unwrap();
    let mut writing = options
        .clone()
        .busy_timeout(std::time::Duration::from_secs(10))
        .connect()
        .await
        .unwrap();
    sqlx::raw_sql("BEGIN IMMEDIATE")
        .execute(&mut writing)
        .await
        .unwrap();
    let mut waiting = options
        .busy_timeout(std::time::Duration::ZERO)
        .connect()
        .await
        .unwrap();
    let locked = sqlx::raw_sql("BEGIN IMMEDIATE")
        .execute(&mut waiting)
        .await
        .unwrap_err();
    let error = thads_store::StoreError::from(locked);
    assert!(matches!(error, thads_store::StoreError::Busy), "{error:?}");
    assert_eq!(
        error.to_string(),
        "another write to the store is in progress (an import, perhaps) and has held it for more than 30 seconds: nothing was written; wait for it to finish, then try again"
    );
}
