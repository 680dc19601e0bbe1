//! PostgreSQL, for a province or the national department. What its dialect
//! does its own way: a row lock as the write lock, COPY for bulk rows, an
//! array parameter to look up many cases, and a schema that changes only
//! through `thads migrate`.

use std::collections::HashMap;
use std::io::Write;
use std::sync::Arc;
use std::sync::atomic::AtomicU64;
use std::time::Duration;

use sqlx::Postgres;
use sqlx::migrate::{MigrateDatabase, Migrator};
use sqlx::postgres::{PgConnection, PgPool, PgPoolOptions};
use thads_core::CaseCode;
use thads_core::ledger::CaseId;

use crate::dialect::{Columns, Dialect, binds, columns_of};
use crate::hosts::{Follower, Hosts, Wanted};
use crate::rows::Rows;
use crate::{Result, StoreError, sql};

type Db = Postgres;

binds!(Postgres);
columns_of!(sqlx::postgres::PgRow);

impl Dialect for Postgres {
    fn on(conn: &mut PgConnection) -> impl sqlx::Executor<'_, Database = Postgres> {
        conn
    }

    fn begin_reader(
        pool: &PgPool,
    ) -> impl Future<Output = Result<sqlx::Transaction<'static, Postgres>>> + Send {
        begin_reader(pool)
    }

    fn begin_writer(
        pool: &PgPool,
    ) -> impl Future<Output = Result<sqlx::Transaction<'static, Postgres>>> + Send {
        begin_writer(pool)
    }

    fn case_ids(
        conn: &mut PgConnection,
        codes: &[&CaseCode],
    ) -> impl Future<Output = Result<HashMap<CaseCode, CaseId>>> + Send {
        case_ids(conn, codes)
    }

    fn insert_cases(
        conn: &mut PgConnection,
        rows: &Rows<'_>,
        progress: &mut (dyn FnMut(usize) + Send),
    ) -> impl Future<Output = Result<()>> + Send {
        insert_cases(conn, rows, progress)
    }

    fn insert_events(
        conn: &mut PgConnection,
        rows: &Rows<'_>,
        progress: &mut (dyn FnMut(usize) + Send),
    ) -> impl Future<Output = Result<()>> + Send {
        insert_events(conn, rows, progress)
    }

    fn rows_affected(result: &sqlx::postgres::PgQueryResult) -> u64 {
        result.rows_affected()
    }

    fn own_statements() -> Vec<String> {
        vec![
            sql::SCHEMA_VERSION.to_owned(),
            sql::LOCK_LEDGER_STATE.to_owned(),
            sql::CASE_IDS_ANY.to_owned(),
        ]
    }
}

fn migrator() -> Migrator {
    Migrator::with_migrations(vec![
        crate::migration(
            1,
            "journal",
            include_str!("../migrations/postgres/0001_journal.sql"),
        ),
        crate::migration(
            2,
            "accounts and audit",
            include_str!("../migrations/postgres/0002_accounts_and_audit.sql"),
        ),
        crate::migration(
            3,
            "case pages and targets",
            include_str!("../migrations/postgres/0003_case_pages_and_targets.sql"),
        ),
        crate::migration(
            4,
            "sealed journal",
            include_str!("../migrations/postgres/0004_sealed_journal.sql"),
        ),
        crate::migration(
            5,
            "ledger chunks by position",
            include_str!("../migrations/postgres/0005_ledger_chunks_by_position.sql"),
        ),
        crate::migration(
            6,
            "calendar decisions",
            include_str!("../migrations/postgres/0006_calendar_decisions.sql"),
        ),
        crate::migration(
            7,
            "executors and journal v2",
            include_str!("../migrations/postgres/0007_executors_and_journal_v2.sql"),
        ),
        crate::migration(
            8,
            "coordination with partner agencies",
            include_str!("../migrations/postgres/0008_coordination.sql"),
        ),
        crate::migration(
            9,
            "statistical days and journal positions",
            include_str!("../migrations/postgres/0009_statistical_days.sql"),
        ),
        crate::migration(
            10,
            "several creditors and joint debtors",
            include_str!("../migrations/postgres/0010_creditors_and_debtors.sql"),
        ),
        crate::migration(
            11,
            "warehouse keepers",
            include_str!("../migrations/postgres/0011_warehouse_keepers.sql"),
        ),
    ])
}

/// A pool on the host of `hosts` that is wanted, and the watcher that
/// keeps it there if the URL names several (see [`crate::hosts`]).
async fn connect(hosts: Hosts, moves: Arc<AtomicU64>) -> Result<(PgPool, Option<Follower>)> {
    let chosen = if hosts.several() {
        hosts.choose().await?
    } else {
        0
    };
    let wanted = hosts.wanted;
    let mut pool = PgPoolOptions::new()
        .max_connections(8)
        .acquire_timeout(Duration::from_secs(10));
    if wanted != Wanted::Any {
        pool = pool.after_connect(move |connection, _| {
            Box::pin(async move { Hosts::check(wanted, connection).await })
        });
    }
    let pool = pool.connect_with(hosts.options(chosen)).await?;
    let follower = hosts
        .several()
        .then(|| Follower::start(pool.clone(), Arc::new(hosts), chosen, moves));
    Ok((pool, follower))
}

/// Connects, and checks that the schema is the one this thads knows.
pub(crate) async fn open(url: &str, moves: Arc<AtomicU64>) -> Result<(PgPool, Option<Follower>)> {
    let (pool, follower) = connect(Hosts::parse(url)?, moves).await?;
    let applied = sqlx::query_scalar(sql::SCHEMA_VERSION)
        .fetch_one(&pool)
        .await;
    let found: i64 = match applied {
        Ok(version) => version,
        // 42P01: undefined table, that is, never migrated.
        Err(sqlx::Error::Database(e)) if e.code().as_deref() == Some("42P01") => 0,
        Err(e) => return Err(e.into()),
    };
    let known = crate::latest(&migrator());
    if found < known {
        return Err(StoreError::NotMigrated {
            found,
            needed: known,
        });
    }
    if found > known {
        return Err(StoreError::TooNew { found, known });
    }
    Ok((pool, follower))
}

/// Creates the database if it does not exist, then applies what it lacks
/// (on the host that is wanted, if the URL names several).
pub(crate) async fn migrate(url: &str) -> Result<i64> {
    let hosts = Hosts::parse(url)?;
    let chosen = if hosts.several() {
        hosts.choose().await?
    } else {
        0
    };
    let url = hosts.url(chosen);
    if !Postgres::database_exists(url).await? {
        tracing::info!("creating the database");
        Postgres::create_database(url).await?;
    }
    let pool = PgPool::connect_with(hosts.options(chosen)).await?;
    let migrator = migrator();
    migrator.run(&pool).await?;
    pool.close().await;
    Ok(crate::latest(&migrator))
}

/// A read transaction that sees one state of the database throughout; it
/// runs on a read replica too.
async fn begin_reader(pool: &PgPool) -> Result<sqlx::Transaction<'static, Db>> {
    Ok(pool
        .begin_with("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
        .await?)
}

/// The write transaction, holding the `ledger_state` row lock: writers queue
/// there, and each then reads the store as the one before it left it.
async fn begin_writer(pool: &PgPool) -> Result<sqlx::Transaction<'static, Db>> {
    let mut tx = pool.begin().await?;
    match sqlx::query(sql::LOCK_LEDGER_STATE).execute(&mut *tx).await {
        Ok(_) => Ok(tx),
        // 25006: read-only SQL transaction, as on a hot standby.
        Err(sqlx::Error::Database(e)) if e.code().as_deref() == Some("25006") => {
            Err(StoreError::ReadOnly)
        }
        Err(e) => Err(e.into()),
    }
}

async fn case_ids(
    conn: &mut PgConnection,
    codes: &[&CaseCode],
) -> Result<HashMap<CaseCode, CaseId>> {
    let mut ids = HashMap::new();
    for batch in codes.chunks(1 << 16) {
        let batch: Vec<&str> = batch.iter().map(|c| c.as_str()).collect();
        let rows = sqlx::query(sql::CASE_IDS_ANY)
            .bind(batch)
            .fetch_all(&mut *conn)
            .await?;
        for row in rows {
            ids.insert(
                crate::case_code(row.text(0)?)?,
                crate::case_id(row.int(1)?)?,
            );
        }
    }
    Ok(ids)
}

/// How much COPY data is sent at a time.
const COPY_BUFFER_BYTES: usize = 1 << 20;

async fn insert_cases(
    conn: &mut PgConnection,
    rows: &Rows<'_>,
    progress: &mut (dyn FnMut(usize) + Send),
) -> Result<()> {
    let write = |out: &mut CopyRow, i: usize| {
        let case = rows.case(i);
        out.text(case.province);
        out.int(case.id);
        out.text(case.code);
        out.text(case.agency);
        out.int(case.accepted_on);
        out.text(case.mode);
        out.int(case.amount);
        out.text(&case.categories);
        out.text(case.decision);
        out.text(case.judgment);
        for party in [&case.debtor, &case.creditor] {
            out.text(party.name);
            out.maybe_text(party.id);
            out.maybe_text(party.address);
        }
        out.maybe_text(case.judgment_kind);
        out.maybe_text(case.budget_item);
        out.maybe_text(case.creditors.as_deref());
        out.maybe_text(case.debtors.as_deref());
    };
    let table = ("enforcement_case", sql::CASE_COLUMNS);
    copy_in(conn, table, rows.case_count(), write, progress).await
}

async fn insert_events(
    conn: &mut PgConnection,
    rows: &Rows<'_>,
    progress: &mut (dyn FnMut(usize) + Send),
) -> Result<()> {
    let write = |out: &mut CopyRow, i: usize| {
        let event = rows.event(i);
        out.int(event.seq);
        out.text(event.province);
        out.int(event.case_id);
        out.int(event.on_day);
        out.text(event.kind);
        out.maybe_int(event.amount);
        out.maybe_text(event.reason);
        out.maybe_text(event.to_agency);
        out.bytes(event.seal);
        out.maybe_text(event.executor);
        out.maybe_int(event.means);
        out.maybe_text(event.ground);
        out.maybe_text(event.payee);
        out.maybe_int(event.counted_on);
    };
    let table = ("journal_event", sql::EVENT_COLUMNS);
    copy_in(conn, table, rows.event_count(), write, progress).await
}

/// Sends `count` rows to `table` through one COPY, a buffer at a time;
/// tells `progress` how many rows are sent. The rows become visible only
/// with the transaction's commit, like any other write.
async fn copy_in(
    conn: &mut PgConnection,
    (table, columns): (&str, &[&str]),
    count: usize,
    write: impl Fn(&mut CopyRow, usize),
    progress: &mut (dyn FnMut(usize) + Send),
) -> Result<()> {
    if count == 0 {
        return Ok(());
    }
    let mut copy = conn.copy_in_raw(&sql::copy_rows(table, columns)).await?;
    let mut row = CopyRow::default();
    for i in 0..count {
        write(&mut row, i);
        row.end();
        if row.buffer.len() >= COPY_BUFFER_BYTES || i + 1 == count {
            copy.send(std::mem::take(&mut row.buffer)).await?;
            progress(i + 1);
        }
    }
    copy.finish().await?;
    Ok(())
}

/// Rows in COPY's text format: fields separated by tabs, a row a line,
/// `\N` for NULL, backslash escapes for what would break that.
#[derive(Default)]
struct CopyRow {
    buffer: Vec<u8>,
    /// The row under way has a field already.
    started: bool,
}

impl CopyRow {
    fn separate(&mut self) {
        if self.started {
            self.buffer.push(b'\t');
        }
        self.started = true;
    }

    fn text(&mut self, value: &str) {
        self.separate();
        for &byte in value.as_bytes() {
            match byte {
                b'\\' => self.buffer.extend_from_slice(b"\\\\"),
                b'\t' => self.buffer.extend_from_slice(b"\\t"),
                b'\n' => self.buffer.extend_from_slice(b"\\n"),
                b'\r' => self.buffer.extend_from_slice(b"\\r"),
                _ => self.buffer.push(byte),
            }
        }
    }

    fn maybe_text(&mut self, value: Option<&str>) {
        match value {
            Some(value) => self.text(value),
            None => self.null(),
        }
    }

    fn int(&mut self, value: i64) {
        self.separate();
        write!(self.buffer, "{value}").expect("writing to memory");
    }

    fn maybe_int(&mut self, value: Option<i64>) {
        match value {
            Some(value) => self.int(value),
            None => self.null(),
        }
    }

    /// Bytes, as COPY's text format writes a `bytea`: `\\x` and hex.
    fn bytes(&mut self, value: &[u8]) {
        self.separate();
        self.buffer.extend_from_slice(b"\\\\x");
        for byte in value {
            write!(self.buffer, "{byte:02x}").expect("writing to memory");
        }
    }

    fn null(&mut self) {
        self.separate();
        self.buffer.extend_from_slice(b"\\N");
    }

    fn end(&mut self) {
        self.buffer.push(b'\n');
        self.started = false;
    }
}

#[cfg(test)]
mod tests {
    use super::CopyRow;

    #[test]
    fn copy_text_escapes_what_would_break_a_row() {
        let mut row = CopyRow::default();
        row.text("a\tb\\c\nd\re");
        row.maybe_text(None);
        row.int(-5);
        row.end();
        assert_eq!(row.buffer, b"a\\tb\\\\c\\nd\\re\t\\N\t-5\n");
    }
}
