//! A fresh database for each test, on the backend the test run asks for.
//!
//! By default every test gets an SQLite file in its own temporary folder.
//! With `THADS_TEST_POSTGRES` set to a PostgreSQL server
//! (`postgres://postgres@127.0.0.1:5432`), every test gets its own database
//! on that server instead, created for it and dropped after it, so tests run
//! in parallel. If that server cannot be reached, the test fails, saying so:
//! a run that asked for PostgreSQL never quietly runs on SQLite.

use std::sync::atomic::{AtomicUsize, Ordering};

use thads_core::audit::AuditKey;
use thads_store::{Backend, Store};

/// The environment variable that selects PostgreSQL for the test run.
pub const POSTGRES_VARIABLE: &str = "THADS_TEST_POSTGRES";

/// A file of the golden data in the repository's `testdata/` (copied from
/// the project's shared folder), read whole: for example
/// `sample/worked-example.jsonl`.
pub fn test_data(path: &str) -> String {
    let file = test_data_path(path);
    std::fs::read_to_string(&file).unwrap_or_else(|e| panic!("cannot read {}: {e}", file.display()))
}

/// Where a file of the golden data is: `testdata/PATH` in the repository.
pub fn test_data_path(path: &str) -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../testdata")
        .join(path)
}

/// The backend this test run asked for.
pub fn requested_backend() -> Backend {
    match postgres_server() {
        Some(_) => Backend::Postgres,
        None => Backend::Sqlite,
    }
}

fn postgres_server() -> Option<String> {
    std::env::var(POSTGRES_VARIABLE)
        .ok()
        .filter(|v| !v.is_empty())
}

/// A database of this test's own, removed when dropped.
#[derive(Debug)]
pub struct TestDatabase {
    /// Its URL, for `thads --database` or `Store::open`.
    pub url: String,
    /// Where it lives.
    pub backend: Backend,
    /// The audit key's file, for `thads` (`THADS_AUDIT_KEY`): it holds
    /// [`TestDatabase::key`].
    pub key_file: std::path::PathBuf,
    /// The folder of the key's file and the SQLite file.
    _folder: tempfile::TempDir,
    /// The PostgreSQL server's maintenance URL and this database's name.
    postgres: Option<(String, String)>,
}

impl TestDatabase {
    /// A database that does not exist yet: `thads migrate` (or opening an
    /// SQLite store) creates it.
    pub fn new() -> TestDatabase {
        let folder = tempfile::tempdir().expect("a temporary folder");
        let key_file = folder.path().join("audit.key");
        {
            use std::io::Write;
            use std::os::unix::fs::OpenOptionsExt;
            let mut file = std::fs::OpenOptions::new()
                .write(true)
                .create_new(true)
                .mode(0o600)
                .open(&key_file)
                .expect("the test key's file");
            writeln!(file, "{}", "07".repeat(AuditKey::LENGTH)).expect("the test key's file");
        }
        let database = match postgres_server() {
            None => TestDatabase {
                url: format!("sqlite://{}", folder.path().join("thads.db").display()),
                backend: Backend::Sqlite,
                key_file,
                _folder: folder,
                postgres: None,
            },
            Some(server) => {
                static NEXT: AtomicUsize = AtomicUsize::new(0);
                let server = server.trim_end_matches('/');
                let name = format!(
                    "thads_test_{}_{}",
                    std::process::id(),
                    NEXT.fetch_add(1, Ordering::Relaxed)
                );
                TestDatabase {
                    url: format!("{server}/{name}"),
                    backend: Backend::Postgres,
                    key_file,
                    _folder: folder,
                    postgres: Some((format!("{server}/postgres"), name)),
                }
            }
        };
        eprintln!("test database on {}: {}", database.backend, database.url);
        database
    }

    /// A database with the current schema, empty.
    pub fn migrated() -> TestDatabase {
        let database = TestDatabase::new();
        let url = database.url.clone();
        let migrated = on_own_runtime(async move { Store::migrate(&url).await });
        if let Err(e) = migrated {
            panic!(
                "cannot create the test database {} on {}: {e}{}",
                database.url,
                database.backend,
                match database.backend {
                    Backend::Postgres =>
                        format!(" ({POSTGRES_VARIABLE} asks for this PostgreSQL server)"),
                    Backend::Sqlite => String::new(),
                }
            );
        }
        database
    }
}

impl TestDatabase {
    /// The audit key of the test stores (the one in [`TestDatabase::key_file`]).
    pub fn key(&self) -> AuditKey {
        test_key()
    }

    /// Runs SQL statements in order, each on a connection of its own, as
    /// someone at a database prompt would (bypassing thads); stops at the
    /// first error and returns it.
    pub fn run_sql(&self, statements: &[&str]) -> Result<(), sqlx::Error> {
        let (url, backend) = (self.url.clone(), self.backend);
        let statements: Vec<String> = statements.iter().map(|s| s.to_string()).collect();
        on_own_runtime(async move {
            use sqlx::Connection;
            for statement in statements {
                let statement = sqlx::AssertSqlSafe(statement);
                match backend {
                    Backend::Sqlite => {
                        let mut conn = sqlx::SqliteConnection::connect(&url).await?;
                        sqlx::raw_sql(statement).execute(&mut conn).await?;
                    }
                    Backend::Postgres => {
                        let mut conn = sqlx::PgConnection::connect(&url).await?;
                        sqlx::raw_sql(statement).execute(&mut conn).await?;
                    }
                }
            }
            Ok(())
        })
    }

    /// Takes the audit trail's append-only triggers off, so that a test can
    /// tamper with it as someone with the database's password could.
    pub fn allow_audit_tampering(&self) {
        let statements: &[&str] = match self.backend {
            Backend::Sqlite => &[
                "DROP TRIGGER audit_record_no_update",
                "DROP TRIGGER audit_record_no_delete",
            ],
            Backend::Postgres => &["ALTER TABLE audit_record DISABLE TRIGGER USER"],
        };
        self.run_sql(statements)
            .expect("the triggers can be taken off");
    }

    /// Takes the journal's append-only triggers off, so that a test can
    /// change it as someone with the database's password could.
    pub fn allow_journal_tampering(&self) {
        let statements: &[&str] = match self.backend {
            Backend::Sqlite => &[
                "DROP TRIGGER journal_event_no_update",
                "DROP TRIGGER journal_event_no_delete",
                "DROP TRIGGER enforcement_case_no_update",
                "DROP TRIGGER enforcement_case_no_delete",
                "DROP TRIGGER executor_no_update",
                "DROP TRIGGER executor_no_delete",
            ],
            Backend::Postgres => &[
                "ALTER TABLE journal_event DISABLE TRIGGER USER",
                "ALTER TABLE enforcement_case DISABLE TRIGGER USER",
                "ALTER TABLE executor DISABLE TRIGGER USER",
            ],
        };
        self.run_sql(statements)
            .expect("the triggers can be taken off");
    }
}

/// The audit key every test store is sealed with.
pub fn test_key() -> AuditKey {
    AuditKey::from_bytes(&[7; AuditKey::LENGTH])
}

impl Default for TestDatabase {
    fn default() -> TestDatabase {
        TestDatabase::new()
    }
}

impl Drop for TestDatabase {
    fn drop(&mut self) {
        let Some((maintenance, name)) = self.postgres.take() else {
            return;
        };
        let dropped = on_own_runtime(async move {
            use sqlx::Connection;
            let mut conn = sqlx::PgConnection::connect(&maintenance).await?;
            let statement = format!("DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)");
            sqlx::raw_sql(sqlx::AssertSqlSafe(statement))
                .execute(&mut conn)
                .await?;
            conn.close().await
        });
        if let Err(e) = dropped {
            eprintln!("cannot drop the test database: {e}");
        }
    }
}

/// Runs `work` to completion on a runtime of its own, on a thread of its own,
/// so that it can be called from synchronous tests and from async ones alike.
fn on_own_runtime<T: Send + 'static>(
    work: impl std::future::Future<Output = T> + Send + 'static,
) -> T {
    std::thread::spawn(move || {
        tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .expect("a Tokio runtime")
            .block_on(work)
    })
    .join()
    .expect("the database work did not panic")
}

/// The texts of a .docx, read with zip and quick-xml (not the library that
/// wrote it): a paragraph a line, a table's cell ended by `|`.
pub fn docx_text(bytes: &[u8]) -> String {
    use quick_xml::events::Event as Xml;
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("a .docx");
    let mut xml = String::new();
    std::io::Read::read_to_string(
        &mut archive
            .by_name("word/document.xml")
            .expect("a Word document"),
        &mut xml,
    )
    .expect("UTF-8");
    let mut reader = quick_xml::Reader::from_str(&xml);
    let (mut text, mut in_text) = (String::new(), false);
    loop {
        match reader.read_event().expect("well-formed XML") {
            Xml::Start(e) if e.name().as_ref() == "w:t" => in_text = true,
            Xml::End(e) if e.name().as_ref() == "w:t" => in_text = false,
            Xml::Text(t) if in_text => text.push_str(&t.xml10_content()),
            Xml::End(e) if e.name().as_ref() == "w:p" => text.push('\n'),
            Xml::End(e) if e.name().as_ref() == "w:tc" => text.push('|'),
            Xml::Eof => break,
            _ => {}
        }
    }
    // A cell's paragraph ends where the cell does.
    text.replace("\n|", "|")
}

/// Another host in front of the test run's PostgreSQL server, for a URL
/// naming several hosts: a TCP proxy on a port of its own that passes every
/// connection on, with its sessions read-only (`default_transaction_read_only`,
/// as a hot standby's are) if asked, and that dies when told to, as a host
/// whose server was killed.
#[derive(Debug)]
pub struct PgHost {
    /// `127.0.0.1:PORT`.
    pub address: String,
    /// The listener and every connection passed on.
    tasks: std::sync::Arc<std::sync::Mutex<Vec<tokio::task::JoinHandle<()>>>>,
    connections: std::sync::Arc<AtomicUsize>,
}

impl PgHost {
    /// Starts a host in front of the server `database` lives on (on
    /// PostgreSQL only).
    pub async fn start(database: &TestDatabase, read_only: bool) -> PgHost {
        let server = server_address(&database.url);
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("a local port");
        let address = listener.local_addr().expect("bound").to_string();
        let tasks = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
        let connections = std::sync::Arc::new(AtomicUsize::new(0));
        let (kept, counted) = (tasks.clone(), connections.clone());
        let accepting = tokio::spawn(async move {
            while let Ok((client, _)) = listener.accept().await {
                counted.fetch_add(1, Ordering::SeqCst);
                let passing = tokio::spawn(pass_on(client, server.clone(), read_only));
                kept.lock().expect("not poisoned").push(passing);
            }
        });
        tasks.lock().expect("not poisoned").push(accepting);
        PgHost {
            address,
            tasks,
            connections,
        }
    }

    /// How many connections it has passed on.
    pub fn connections(&self) -> usize {
        self.connections.load(Ordering::SeqCst)
    }

    /// Dies: no longer listens, and drops every connection.
    pub fn kill(&self) {
        for task in self.tasks.lock().expect("not poisoned").drain(..) {
            task.abort();
        }
    }
}

impl Drop for PgHost {
    fn drop(&mut self) {
        self.kill();
    }
}

/// `HOST:PORT` of a `postgres://USER@HOST:PORT/DATABASE` URL.
fn server_address(url: &str) -> String {
    let after_scheme = url.split_once("://").map_or(url, |(_, rest)| rest);
    let authority = after_scheme.split('/').next().unwrap_or_default();
    let host = authority
        .rsplit_once('@')
        .map_or(authority, |(_, host)| host);
    if host.contains(':') {
        host.to_owned()
    } else {
        format!("{host}:5432")
    }
}

/// Passes one client's connection on to the server. The client's first
/// messages are read here: a request for TLS is declined (the proxy reads
/// the startup message, which names the session's settings), and the
/// startup message gains `default_transaction_read_only=on` if asked.
async fn pass_on(mut client: tokio::net::TcpStream, server: String, read_only: bool) {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    const SSL_REQUEST: u32 = 80877103;
    const GSS_REQUEST: u32 = 80877104;
    let startup = loop {
        let Ok(length) = client.read_u32().await else {
            return;
        };
        let mut body = vec![0; (length as usize).saturating_sub(4)];
        if client.read_exact(&mut body).await.is_err() {
            return;
        }
        let code = body
            .get(..4)
            .map_or(0, |c| u32::from_be_bytes([c[0], c[1], c[2], c[3]]));
        if code == SSL_REQUEST || code == GSS_REQUEST {
            if client.write_all(b"N").await.is_err() {
                return;
            }
            continue;
        }
        break body;
    };
    let mut startup = startup;
    if read_only {
        // The parameters end with an empty name: insert before it.
        startup.pop();
        startup.extend_from_slice(b"options\0-c default_transaction_read_only=on\0\0");
    }
    let Ok(mut upstream) = tokio::net::TcpStream::connect(&server).await else {
        return;
    };
    let length = u32::try_from(startup.len() + 4).expect("a small message");
    if upstream.write_all(&length.to_be_bytes()).await.is_err()
        || upstream.write_all(&startup).await.is_err()
    {
        return;
    }
    let _ = tokio::io::copy_bidirectional(&mut client, &mut upstream).await;
}

impl TestDatabase {
    /// This database's URL naming several hosts, in order, with these
    /// parameters (`target_session_attrs=read-write`, say). The server's own
    /// address is [`TestDatabase::server`].
    pub fn url_with_hosts(&self, hosts: &[&str], parameters: &str) -> String {
        let (scheme, rest) = self.url.split_once("://").expect("a URL");
        let (authority, database) = rest.split_once('/').expect("a database");
        let user = authority
            .rsplit_once('@')
            .map_or(String::new(), |(user, _)| format!("{user}@"));
        format!(
            "{scheme}://{user}{}/{database}?{parameters}",
            hosts.join(",")
        )
    }

    /// `HOST:PORT` of the server this database lives on.
    pub fn server(&self) -> String {
        server_address(&self.url)
    }
}
