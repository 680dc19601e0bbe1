//! The embedded store: SQLite, one file. What its dialect does its own way:
//! `BEGIN IMMEDIATE` as the write lock, and bulk rows as multi-row INSERTs.

use std::collections::HashMap;
use std::str::FromStr;
use std::time::Duration;

use sqlx::migrate::Migrator;
use sqlx::sqlite::{
    SqliteConnectOptions, SqliteConnection, SqliteJournalMode, SqlitePool, SqlitePoolOptions,
    SqliteSynchronous,
};
use sqlx::{AssertSqlSafe, Sqlite};
use thads_core::CaseCode;
use thads_core::check::Prepared;
use thads_core::ledger::CaseId;

use crate::dialect::{Columns, Dialect, binds, columns_of};
use crate::rows::Rows;
use crate::{Result, sql};

type Db = Sqlite;

binds!(Sqlite);
columns_of!(sqlx::sqlite::SqliteRow);

impl Dialect for Sqlite {
    fn on(conn: &mut SqliteConnection) -> impl sqlx::Executor<'_, Database = Sqlite> {
        conn
    }

    fn begin_reader(
        pool: &SqlitePool,
    ) -> impl Future<Output = Result<sqlx::Transaction<'static, Sqlite>>> + Send {
        begin_reader(pool)
    }

    fn begin_writer(
        pool: &SqlitePool,
    ) -> impl Future<Output = Result<sqlx::Transaction<'static, Sqlite>>> + Send {
        begin_writer(pool)
    }

    fn case_ids(
        conn: &mut SqliteConnection,
        codes: &[&CaseCode],
    ) -> impl Future<Output = Result<HashMap<CaseCode, CaseId>>> + Send {
        case_ids(conn, codes)
    }

    fn insert_cases(
        conn: &mut SqliteConnection,
        rows: &Rows<'_>,
        progress: &mut (dyn FnMut(usize) + Send),
    ) -> impl Future<Output = Result<()>> + Send {
        insert_cases(conn, rows, progress)
    }

    fn insert_events(
        conn: &mut SqliteConnection,
        rows: &Rows<'_>,
        progress: &mut (dyn FnMut(usize) + Send),
    ) -> impl Future<Output = Result<()>> + Send {
        insert_events(conn, rows, progress)
    }

    /// 256 MB of page cache for a bulk write: an import updates indexes
    /// keyed by case codes all over their B-trees. Otherwise SQLite's
    /// default of 2 MB: what thads reads often it holds in memory itself
    /// (the snapshot), and pages kept besides only add to a command's
    /// memory (with 256 MB, a batch of 50,000 payouts at a million cases
    /// took 510 MB; with 2 MB, 485 MB).
    fn bulk_write(
        conn: &mut SqliteConnection,
        bulk: bool,
    ) -> impl Future<Output = Result<()>> + Send {
        let statement = match bulk {
            true => "PRAGMA cache_size = -262144",
            false => "PRAGMA cache_size = -2000",
        };
        async move {
            sqlx::query(statement).execute(conn).await?;
            Ok(())
        }
    }

    fn check_room(pool: &SqlitePool, prepared: &Prepared) -> Result<()> {
        check_space(pool, prepared)
    }

    fn after_failed_append(pool: &SqlitePool) -> impl Future<Output = ()> + Send {
        release_log(pool)
    }

    fn rows_affected(result: &sqlx::sqlite::SqliteQueryResult) -> u64 {
        result.rows_affected()
    }

    fn own_statements() -> Vec<String> {
        vec![
            sql::case_ids(3),
            sql::insert_rows("enforcement_case", sql::CASE_COLUMNS, 2),
            sql::insert_rows("journal_event", sql::EVENT_COLUMNS, 2),
            sql::TRUNCATE_LOG.to_owned(),
            sql::COPY_LOG.to_owned(),
        ]
    }
}

fn migrator() -> Migrator {
    Migrator::with_migrations(vec![
        crate::migration(
            1,
            "journal",
            include_str!("../migrations/sqlite/0001_journal.sql"),
        ),
        crate::migration(
            2,
            "accounts and audit",
            include_str!("../migrations/sqlite/0002_accounts_and_audit.sql"),
        ),
        crate::migration(
            3,
            "case pages and targets",
            include_str!("../migrations/sqlite/0003_case_pages_and_targets.sql"),
        ),
        crate::migration(
            4,
            "sealed journal",
            include_str!("../migrations/sqlite/0004_sealed_journal.sql"),
        ),
        crate::migration(
            5,
            "ledger chunks by position",
            include_str!("../migrations/sqlite/0005_ledger_chunks_by_position.sql"),
        ),
        crate::migration(
            6,
            "calendar decisions",
            include_str!("../migrations/sqlite/0006_calendar_decisions.sql"),
        ),
        crate::migration(
            7,
            "executors and journal v2",
            include_str!("../migrations/sqlite/0007_executors_and_journal_v2.sql"),
        ),
        crate::migration(
            8,
            "coordination with partner agencies",
            include_str!("../migrations/sqlite/0008_coordination.sql"),
        ),
        crate::migration(
            9,
            "statistical days and journal positions",
            include_str!("../migrations/sqlite/0009_statistical_days.sql"),
        ),
        crate::migration(
            10,
            "several creditors and joint debtors",
            include_str!("../migrations/sqlite/0010_creditors_and_debtors.sql"),
        ),
        crate::migration(
            11,
            "warehouse keepers",
            include_str!("../migrations/sqlite/0011_warehouse_keepers.sql"),
        ),
    ])
}

/// What an append writes to the store's disk, by row, as measured (cases
/// with their texts and indexes; events), with a margin.
const BYTES_PER_CASE: u64 = 320;
const BYTES_PER_EVENT: u64 = 100;

/// Refuses an append that would not fit on the disk beside the store: its
/// rows go first to the write-ahead log and then into the store's file, so
/// they take twice their size until the log is emptied.
fn check_space(pool: &SqlitePool, prepared: &Prepared) -> Result<()> {
    let rows = BYTES_PER_CASE * prepared.new_cases as u64
        + BYTES_PER_EVENT * prepared.entries.len() as u64;
    let needed = 2 * rows;
    let options = pool.connect_options();
    let folder = match options.get_filename().parent() {
        Some(folder) if !folder.as_os_str().is_empty() => folder,
        _ => std::path::Path::new("."),
    };
    // A store in memory, or a folder that cannot be asked: let the write
    // find out.
    let Ok(disk) = rustix::fs::statvfs(folder) else {
        return Ok(());
    };
    let available = disk.f_bavail.saturating_mul(disk.f_frsize);
    if needed > available {
        return Err(crate::StoreError::NoSpace { needed, available });
    }
    Ok(())
}

/// After a write that failed, empties the write-ahead log: SQLite keeps a
/// rolled-back transaction's pages in it, and the next connection must
/// index them all (in the shared-memory file) before it can read. On a full
/// disk that index cannot grow, and the store would not open again until
/// space is freed (`disk I/O error`, code 4874). A checkpoint that
/// truncates the log frees the space at once. Readers may hold the log for
/// a moment: a few tries, then the next write reuses it anyway.
async fn release_log(pool: &SqlitePool) {
    for _ in 0..20 {
        match sqlx::query_as::<_, (i64, i64, i64)>(sql::TRUNCATE_LOG)
            .fetch_one(pool)
            .await
        {
            Ok((0, _, _)) => return,
            Ok(_) => tokio::time::sleep(Duration::from_millis(50)).await,
            Err(e) => {
                tracing::warn!(error = %e, "cannot empty the store's log after a failed write");
                return;
            }
        }
    }
}

/// Opens (creating it if needed) the store file and brings its schema up to
/// date.
pub(crate) async fn open(url: &str) -> Result<SqlitePool> {
    let options = SqliteConnectOptions::from_str(url)?
        .create_if_missing(true)
        .busy_timeout(Duration::from_secs(30))
        .journal_mode(SqliteJournalMode::Wal)
        .synchronous(SqliteSynchronous::Full)
        .foreign_keys(true)
        // After a big import, the log shrinks back to 64 MB at most.
        .pragma("journal_size_limit", "67108864");
    let pool = SqlitePoolOptions::new()
        .max_connections(4)
        .connect_with(options)
        .await?;
    migrator().run(&pool).await?;
    Ok(pool)
}

pub(crate) async fn migrate(url: &str) -> Result<i64> {
    open(url).await?.close().await;
    Ok(crate::latest(&migrator()))
}

/// A read transaction: in WAL mode it sees one state of the file throughout.
async fn begin_reader(pool: &SqlitePool) -> Result<sqlx::Transaction<'static, Db>> {
    Ok(pool.begin_with("BEGIN").await?)
}

/// The write transaction: `BEGIN IMMEDIATE` takes the file's write lock at
/// once (other writers wait for it up to the busy timeout), so that nothing
/// changes between reading and writing.
///
/// First, what earlier writes committed to the write-ahead log is copied
/// into the store's file, without waiting for readers: if this write fails
/// on a full disk, its log then holds only its own pages, which
/// [`release_log`] frees without writing to the disk (copying committed
/// pages would need room the full disk does not have).
async fn begin_writer(pool: &SqlitePool) -> Result<sqlx::Transaction<'static, Db>> {
    if let Err(e) = sqlx::query(sql::COPY_LOG).execute(pool).await {
        tracing::debug!(error = %e, "the store's log was not copied before a write");
    }
    Ok(pool.begin_with("BEGIN IMMEDIATE").await?)
}

/// How many parameters one statement binds: SQLite allows 32,766. Each
/// statement costs a round trip to sqlx's SQLite worker thread, so bulk
/// statements carry as many rows as fit.
const MAX_PARAMETERS: usize = 32_000;

async fn case_ids(
    conn: &mut SqliteConnection,
    codes: &[&CaseCode],
) -> Result<HashMap<CaseCode, CaseId>> {
    let mut ids = HashMap::new();
    for batch in codes.chunks(MAX_PARAMETERS) {
        let mut query = sqlx::query(AssertSqlSafe(sql::case_ids(batch.len())));
        for code in batch {
            query = query.bind(code.as_str());
        }
        for row in query.fetch_all(&mut *conn).await? {
            ids.insert(
                crate::case_code(row.text(0)?)?,
                crate::case_id(row.int(1)?)?,
            );
        }
    }
    Ok(ids)
}

/// A statement being built for a bulk insert.
type BulkQuery = sqlx::query::Query<'static, Db, sqlx::sqlite::SqliteArguments>;

async fn insert_cases(
    conn: &mut SqliteConnection,
    rows: &Rows<'_>,
    progress: &mut (dyn FnMut(usize) + Send),
) -> Result<()> {
    let bind = |query: BulkQuery, i: usize| {
        let case = rows.case(i);
        query
            .bind(case.province)
            .bind(case.id)
            .bind(case.code)
            .bind(case.agency)
            .bind(case.accepted_on)
            .bind(case.mode)
            .bind(case.amount)
            .bind(case.categories)
            .bind(case.decision)
            .bind(case.judgment)
            .bind(case.debtor.name)
            .bind(case.debtor.id)
            .bind(case.debtor.address)
            .bind(case.creditor.name)
            .bind(case.creditor.id)
            .bind(case.creditor.address)
            .bind(case.judgment_kind)
            .bind(case.budget_item)
            .bind(case.creditors)
            .bind(case.debtors)
    };
    let table = ("enforcement_case", sql::CASE_COLUMNS);
    insert_all(conn, table, rows.case_count(), bind, progress).await
}

async fn insert_events(
    conn: &mut SqliteConnection,
    rows: &Rows<'_>,
    progress: &mut (dyn FnMut(usize) + Send),
) -> Result<()> {
    let bind = |query: BulkQuery, i: usize| {
        let event = rows.event(i);
        query
            .bind(event.seq)
            .bind(event.province)
            .bind(event.case_id)
            .bind(event.on_day)
            .bind(event.kind)
            .bind(event.amount)
            .bind(event.reason)
            .bind(event.to_agency)
            .bind(event.seal)
            .bind(event.executor)
            .bind(event.means)
            .bind(event.ground)
            .bind(event.payee)
            .bind(event.counted_on)
    };
    // Events come in journal order, scattered across the index by case:
    // into an empty journal, a big file goes in faster without it, the
    // index then built once from the sorted rows (in this transaction).
    let rebuild_index = rows.event_count() >= BULK_EVENTS
        && sqlx::query_scalar::<_, bool>(sql::JOURNAL_EMPTY)
            .fetch_one(&mut *conn)
            .await?;
    if rebuild_index {
        sqlx::query(sql::DROP_EVENT_CASE_INDEX)
            .execute(&mut *conn)
            .await?;
    }
    let table = ("journal_event", sql::EVENT_COLUMNS);
    insert_all(conn, table, rows.event_count(), bind, progress).await?;
    if rebuild_index {
        tracing::debug!("building the index of events by case");
        sqlx::query(sql::CREATE_EVENT_CASE_INDEX)
            .execute(&mut *conn)
            .await?;
    }
    Ok(())
}

/// How many events make a file big enough to build the index of events by
/// case after it rather than while it is written.
const BULK_EVENTS: usize = 100_000;

/// Inserts `count` rows into `table`, as many rows a statement as fit,
/// building each statement's arguments while the one before runs on SQLite's
/// worker thread; tells `progress` how many rows are written.
async fn insert_all(
    conn: &mut SqliteConnection,
    (table, columns): (&str, &[&str]),
    count: usize,
    bind: impl Fn(BulkQuery, usize) -> BulkQuery,
    progress: &mut (dyn FnMut(usize) + Send),
) -> Result<()> {
    let per_statement = MAX_PARAMETERS / columns.len();
    let build = |first: usize| {
        let rows = first..count.min(first + per_statement);
        let statement = sql::insert_rows(table, columns, rows.len());
        (
            rows.end,
            rows.fold(sqlx::query(AssertSqlSafe(statement)), &bind),
        )
    };
    let mut next = (count > 0).then(|| build(0));
    while let Some((end, query)) = next.take() {
        let following = async { (end < count).then(|| build(end)) };
        let (done, following) =
            futures_util::future::join(query.execute(&mut *conn), following).await;
        done?;
        progress(end);
        next = following;
    }
    Ok(())
}
