//! The store of thads: the only crate that speaks SQL.
//!
//! It keeps the journal (agencies, cases, events; append-only) and the ledger
//! projection that reports read (see [`thads_core::ledger`]). Each statement is
//! written once in [`sql`] and runs on every backend through [`Store`].

mod sql;

use std::borrow::Cow;
use std::collections::HashMap;
use std::str::FromStr;
use std::time::Duration;

use futures_util::TryStreamExt;
use sqlx::migrate::{Migration, MigrationType, Migrator};
use sqlx::sqlite::{
    SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqlitePoolOptions, SqliteSynchronous,
};
use sqlx::{AssertSqlSafe, Row, SqlSafeStr};
use thads_core::journal::{Parsed, Prepared, Record};
use thads_core::ledger::{CaseId, Chunk, Ledger};
use thads_core::{
    Acceptance, Agency, AgencyCode, AgencyTree, CaseCode, Category, Day, Event, Mode, Party, Vnd,
    event::Kind,
};

/// What can go wrong in the store.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The database URL names no backend thads knows.
    #[error("“{0}” is not a database thads can use (write sqlite://PATH)")]
    UnsupportedUrl(String),
    /// The database could not be reached or read.
    #[error("database error: {0}")]
    Sql(#[from] sqlx::Error),
    /// The schema could not be brought up to date.
    #[error("cannot update the database schema: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
    /// Someone else wrote to the journal since this writer read it.
    #[error("the journal changed while this import was being prepared; run it again")]
    Conflict,
    /// What is stored breaks the rules it was stored under.
    #[error("the stored journal is damaged: {0}")]
    Damaged(String),
}

type Result<T, E = StoreError> = std::result::Result<T, E>;

/// The stored agencies and ledger, as of one point of the journal.
#[derive(Debug, Clone, Default)]
pub struct Snapshot {
    /// Every agency.
    pub agencies: AgencyTree,
    /// Every case's timeline.
    pub ledger: Ledger,
    /// The last journal position included.
    pub journal_seq: i64,
}

/// How many parameters one statement binds: SQLite allows 32,766. Each
/// statement costs a round trip to sqlx's SQLite worker thread, so bulk
/// statements carry as many rows as fit.
const MAX_PARAMETERS: usize = 32_000;

/// How many rows of `columns` columns fit in one statement.
fn rows_per_statement(columns: usize) -> usize {
    MAX_PARAMETERS / columns
}

/// An open store.
#[derive(Debug, Clone)]
pub struct Store {
    pool: SqlitePool,
}

fn migrator() -> Migrator {
    let migration = |version, description: &'static str, sql: &'static str| {
        Migration::new(
            version,
            Cow::Borrowed(description),
            MigrationType::Simple,
            sql.into_sql_str(),
            false,
        )
    };
    Migrator::with_migrations(vec![migration(
        1,
        "journal",
        include_str!("../migrations/sqlite/0001_journal.sql"),
    )])
}

impl Store {
    /// Opens (creating it if needed) the database at `url` and brings its
    /// schema up to date.
    pub async fn open(url: &str) -> Result<Store> {
        let Some(path) = url.strip_prefix("sqlite://") else {
            return Err(StoreError::UnsupportedUrl(url.to_owned()));
        };
        let options = SqliteConnectOptions::from_str(&format!("sqlite://{path}"))?
            .create_if_missing(true)
            .busy_timeout(Duration::from_secs(30))
            .journal_mode(SqliteJournalMode::Wal)
            .synchronous(SqliteSynchronous::Full)
            .foreign_keys(true)
            // 256 MB of page cache (the default is 2 MB): a bulk import
            // updates indexes keyed by case codes all over their B-trees.
            .pragma("cache_size", "-262144");
        let pool = SqlitePoolOptions::new()
            .max_connections(4)
            .connect_with(options)
            .await?;
        migrator().run(&pool).await?;
        Ok(Store { pool })
    }

    /// The agencies and the ledger. Rebuilds the ledger from the journal if it
    /// lags behind it.
    pub async fn snapshot(&self) -> Result<Snapshot> {
        let agencies = self.agencies().await?;
        let journal_seq: i64 = sqlx::query_scalar(sql::JOURNAL_SEQ)
            .fetch_one(&self.pool)
            .await?;
        let ledger_seq: i64 = sqlx::query_scalar(sql::LEDGER_SEQ)
            .fetch_one(&self.pool)
            .await?;
        if journal_seq != ledger_seq {
            tracing::warn!(
                journal_seq,
                ledger_seq,
                "the ledger lags behind the journal; rebuilding it"
            );
            return self.rebuild_ledger().await;
        }
        let mut chunks = Vec::new();
        let mut rows = sqlx::query(sql::LEDGER_CHUNKS).fetch(&self.pool);
        while let Some(row) = rows.try_next().await? {
            let (index, data): (i64, &[u8]) = (row.try_get(0)?, row.try_get(1)?);
            if index != chunks.len() as i64 {
                return Err(StoreError::Damaged(format!(
                    "ledger chunk {} is missing",
                    chunks.len()
                )));
            }
            chunks.push(Chunk::decode(data).map_err(|e| StoreError::Damaged(e.to_string()))?);
        }
        Ok(Snapshot {
            agencies,
            ledger: Ledger::from_chunks(chunks),
            journal_seq,
        })
    }

    async fn agencies(&self) -> Result<AgencyTree> {
        let mut tree = AgencyTree::default();
        let rows = sqlx::query(sql::AGENCIES).fetch_all(&self.pool).await?;
        for row in rows {
            let code: &str = row.try_get(0)?;
            let parent: Option<&str> = row.try_get(2)?;
            let agency = Agency {
                code: agency_code(code)?,
                name: row.try_get(1)?,
                parent: parent.map(agency_code).transpose()?,
            };
            tree.add(agency)
                .map_err(|e| StoreError::Damaged(e.to_string()))?;
        }
        Ok(tree)
    }

    /// The ids of the stored cases among `codes`.
    pub async fn case_ids(&self, codes: &[&CaseCode]) -> Result<HashMap<CaseCode, CaseId>> {
        let mut ids = HashMap::new();
        for batch in codes.chunks(rows_per_statement(1)) {
            let statement = sql::case_ids(batch.len());
            let mut query = sqlx::query(AssertSqlSafe(statement));
            for code in batch {
                query = query.bind(code.as_str());
            }
            for row in query.fetch_all(&self.pool).await? {
                let id: i64 = row.try_get(1)?;
                let id = CaseId::try_from(id)
                    .map_err(|_| StoreError::Damaged(format!("case id {id}")))?;
                ids.insert(case_code(row.try_get(0)?)?, id);
            }
        }
        Ok(ids)
    }

    /// Appends a checked journal in one transaction: all of it, or nothing.
    ///
    /// `base` is the snapshot it was checked against: if the journal moved on
    /// since, nothing is written and [`StoreError::Conflict`] is returned.
    /// `progress` is told how many rows have been written so far: the new
    /// cases, then every case record (acceptances included).
    pub async fn append(
        &self,
        base: &Snapshot,
        prepared: &Prepared,
        progress: &mut dyn FnMut(usize),
    ) -> Result<i64> {
        let mut agencies = base.agencies.clone();
        for agency in &prepared.agencies {
            agencies
                .add(agency.clone())
                .map_err(|e| StoreError::Damaged(e.to_string()))?;
        }
        let province_of = |code: &AgencyCode| -> &str {
            let index = agencies.index(code).expect("checked agency");
            agencies.get(agencies.root(index)).code.as_str()
        };

        tracing::debug!("writing");
        let mut tx = self.pool.begin_with("BEGIN IMMEDIATE").await?;
        let journal_seq: i64 = sqlx::query_scalar(sql::JOURNAL_SEQ)
            .fetch_one(&mut *tx)
            .await?;
        if journal_seq != base.journal_seq {
            return Err(StoreError::Conflict);
        }
        for (offset, agency) in prepared.agencies.iter().enumerate() {
            sqlx::query(sql::INSERT_AGENCY)
                .bind((base.agencies.len() + offset) as i64)
                .bind(agency.code.as_str())
                .bind(&agency.name)
                .bind(agency.parent.as_ref().map(AgencyCode::as_str))
                .execute(&mut *tx)
                .await?;
        }

        let accepted: Vec<_> = prepared
            .entries
            .iter()
            .filter_map(|(id, r)| match r {
                Record::Accepted {
                    case,
                    on,
                    acceptance,
                } => Some((*id, case, *on, &**acceptance)),
                _ => None,
            })
            .collect();
        // New cases take the ids after the stored ones, in the order accepted.
        let first_new = base.ledger.case_count();
        let new_provinces: Vec<&str> = accepted
            .iter()
            .map(|(_, _, _, a)| province_of(&a.agency))
            .collect();
        let province_of_case = |id: CaseId| match (id as usize).checked_sub(first_new) {
            Some(offset) => new_provinces[offset],
            None => {
                let agency = base.ledger.agency_of(id).expect("checked case");
                agencies.get(agencies.root(agency)).code.as_str()
            }
        };

        let bind_case =
            |query: BulkQuery, (id, code, on, a): &(CaseId, &CaseCode, Day, &Acceptance)| {
                let categories: Vec<&str> = a.categories.iter().map(|c| c.as_str()).collect();
                query
                    .bind(province_of_case(*id))
                    .bind(i64::from(*id))
                    .bind(code.as_str())
                    .bind(a.agency.as_str())
                    .bind(i64::from(on.yyyymmdd()))
                    .bind(a.mode.as_str())
                    .bind(a.amount.get())
                    .bind(categories.join(","))
                    .bind(&a.decision)
                    .bind(&a.judgment)
                    .bind(&a.debtor.name)
                    .bind(a.debtor.id.as_deref())
                    .bind(a.debtor.address.as_deref())
                    .bind(&a.creditor.name)
                    .bind(a.creditor.id.as_deref())
                    .bind(a.creditor.address.as_deref())
            };
        insert_all(
            &mut tx,
            "enforcement_case",
            sql::CASE_COLUMNS,
            &accepted,
            bind_case,
            progress,
        )
        .await?;
        tracing::debug!("cases written");

        let bind_event = |query: BulkQuery, (id, record): &(CaseId, Record)| {
            let (on, kind, amount, reason, to) = match record {
                Record::Accepted { on, acceptance, .. } => {
                    (on, "accepted", Some(acceptance.amount.get()), None, None)
                }
                Record::Event { on, event, .. } => {
                    let (reason, to) = match event {
                        Event::Unable { reason } | Event::Terminated { reason } => {
                            (reason.as_deref(), None)
                        }
                        Event::Entrusted { to } => (None, Some(to.as_str())),
                        _ => (None, None),
                    };
                    let amount = matches!(event.kind(), Kind::Collected | Kind::Reduced)
                        .then(|| event.amount().get());
                    (on, event.kind().as_str(), amount, reason, to)
                }
                Record::Agency(_) => unreachable!("entries are case records"),
            };
            query
                .bind(province_of_case(*id))
                .bind(i64::from(*id))
                .bind(i64::from(on.yyyymmdd()))
                .bind(kind)
                .bind(amount)
                .bind(reason)
                .bind(to)
        };
        insert_all(
            &mut tx,
            "journal_event",
            sql::EVENT_COLUMNS,
            &prepared.entries,
            bind_event,
            &mut |written| progress(accepted.len() + written),
        )
        .await?;

        tracing::debug!("events written");
        let journal_seq = write_ledger(&mut tx, &prepared.chunks).await?;
        tracing::debug!("ledger written; committing");
        tx.commit().await?;
        Ok(journal_seq)
    }

    /// Calls `sink` with every record of the journal, agencies first, then
    /// every case record in journal order.
    pub async fn export(
        &self,
        sink: &mut dyn FnMut(Record) -> std::io::Result<()>,
    ) -> Result<std::io::Result<()>> {
        for agency in self.agencies().await?.iter() {
            if let Err(e) = sink(Record::Agency(agency.clone())) {
                return Ok(Err(e));
            }
        }
        let mut rows = sqlx::query(sql::JOURNAL).fetch(&self.pool);
        while let Some(row) = rows.try_next().await? {
            let (_, record) = journal_record(&row)?;
            if let Err(e) = sink(record) {
                return Ok(Err(e));
            }
        }
        Ok(Ok(()))
    }

    /// Rebuilds the ledger from the journal, checking every stored record
    /// again on the way, and stores it.
    pub async fn rebuild_ledger(&self) -> Result<Snapshot> {
        let mut tx = self.pool.begin_with("BEGIN IMMEDIATE").await?;
        let mut parsed = Parsed::default();
        for agency in self.agencies().await?.iter() {
            parsed.records.push((0, Record::Agency(agency.clone())));
        }
        {
            let mut rows = sqlx::query(sql::JOURNAL).fetch(&mut *tx);
            while let Some(row) = rows.try_next().await? {
                let (seq, record) = journal_record(&row)?;
                parsed.records.push((seq as usize, record));
            }
        }
        let prepared = parsed
            .check(&AgencyTree::default(), &Ledger::default(), &HashMap::new())
            .map_err(|faults| {
                StoreError::Damaged(format!(
                    "journal event {}: {}",
                    faults[0].line, faults[0].message
                ))
            })?;
        let mut agencies = AgencyTree::default();
        for agency in prepared.agencies {
            agencies
                .add(agency)
                .map_err(|e| StoreError::Damaged(e.to_string()))?;
        }
        sqlx::query(sql::DELETE_CHUNKS).execute(&mut *tx).await?;
        let journal_seq = write_ledger(&mut tx, &prepared.chunks).await?;
        tx.commit().await?;
        let mut ledger = Ledger::default();
        ledger.replace_chunks(prepared.chunks);
        Ok(Snapshot {
            agencies,
            ledger,
            journal_seq,
        })
    }
}

/// Writes changed ledger chunks and marks the ledger as covering the whole
/// journal; returns the journal's last position.
async fn write_ledger(conn: &mut sqlx::SqliteConnection, chunks: &[(usize, Chunk)]) -> Result<i64> {
    for (index, chunk) in chunks {
        sqlx::query(sql::UPSERT_CHUNK)
            .bind(*index as i64)
            .bind(chunk.encode())
            .execute(&mut *conn)
            .await?;
    }
    let journal_seq: i64 = sqlx::query_scalar(sql::JOURNAL_SEQ)
        .fetch_one(&mut *conn)
        .await?;
    sqlx::query(sql::SET_LEDGER_SEQ)
        .bind(journal_seq)
        .execute(&mut *conn)
        .await?;
    Ok(journal_seq)
}

/// A statement being built for a bulk insert.
type BulkQuery = sqlx::query::Query<'static, sqlx::Sqlite, sqlx::sqlite::SqliteArguments>;

/// Inserts `rows` into `table`, as many rows a statement as fit, building
/// each statement's arguments while the one before runs on SQLite's worker
/// thread; tells `progress` how many rows are written.
async fn insert_all<T>(
    conn: &mut sqlx::SqliteConnection,
    table: &str,
    columns: &[&str],
    rows: &[T],
    bind: impl Fn(BulkQuery, &T) -> BulkQuery,
    progress: &mut dyn FnMut(usize),
) -> Result<()> {
    let build = |batch: &[T]| {
        let statement = sql::insert_rows(table, columns, batch.len());
        (
            batch.len(),
            batch
                .iter()
                .fold(sqlx::query(AssertSqlSafe(statement)), &bind),
        )
    };
    let mut batches = rows.chunks(rows_per_statement(columns.len()));
    let mut next = batches.next().map(build);
    let mut written = 0;
    while let Some((rows_in_query, query)) = next.take() {
        let following = async { batches.next().map(build) };
        let (done, following) =
            futures_util::future::join(query.execute(&mut *conn), following).await;
        done?;
        written += rows_in_query;
        progress(written);
        next = following;
    }
    Ok(())
}

fn damaged(what: impl std::fmt::Display) -> StoreError {
    StoreError::Damaged(what.to_string())
}

fn agency_code(s: &str) -> Result<AgencyCode> {
    AgencyCode::parse(s).map_err(damaged)
}

fn case_code(s: &str) -> Result<CaseCode> {
    CaseCode::parse(s).map_err(damaged)
}

fn party(row: &sqlx::sqlite::SqliteRow, first: usize) -> Result<Party> {
    Ok(Party {
        name: row.try_get(first)?,
        id: row.try_get(first + 1)?,
        address: row.try_get(first + 2)?,
    })
}

/// A row of [`sql::JOURNAL`] as a record, with its journal position.
fn journal_record(row: &sqlx::sqlite::SqliteRow) -> Result<(i64, Record)> {
    let seq: i64 = row.try_get(0)?;
    let kind: &str = row.try_get(1)?;
    let case = case_code(row.try_get(2)?)?;
    let on: i64 = row.try_get(3)?;
    let on = u32::try_from(on)
        .ok()
        .and_then(Day::from_yyyymmdd)
        .ok_or_else(|| damaged(format!("date {on}")))?;
    let amount: Option<i64> = row.try_get(4)?;
    let reason: Option<String> = row.try_get(5)?;
    let to: Option<&str> = row.try_get(6)?;
    let money = || {
        amount
            .map(Vnd)
            .ok_or_else(|| damaged(format!("event {seq} has no amount")))
    };
    let record = if kind == "accepted" {
        let mode: &str = row.try_get(9)?;
        let categories: &str = row.try_get(10)?;
        let acceptance = Acceptance {
            agency: agency_code(row.try_get(8)?)?,
            mode: Mode::parse(mode).ok_or_else(|| damaged(format!("mode {mode}")))?,
            amount: money()?,
            categories: categories
                .split(',')
                .filter(|c| !c.is_empty())
                .map(|c| Category::parse(c).ok_or_else(|| damaged(format!("category {c}"))))
                .collect::<Result<_>>()?,
            decision: row.try_get(11)?,
            judgment: row.try_get(12)?,
            debtor: party(row, 13)?,
            creditor: party(row, 16)?,
        };
        Record::Accepted {
            case,
            on,
            acceptance: Box::new(acceptance),
        }
    } else {
        let event = match Kind::parse(kind).ok_or_else(|| damaged(format!("event kind {kind}")))? {
            Kind::Unable => Event::Unable { reason },
            Kind::Able => Event::Able,
            Kind::Collected => Event::Collected(money()?),
            Kind::Reduced => Event::Reduced(money()?),
            Kind::Postponed => Event::Postponed,
            Kind::Suspended => Event::Suspended,
            Kind::Resumed => Event::Resumed,
            Kind::Completed => Event::Completed,
            Kind::Terminated => Event::Terminated { reason },
            Kind::Entrusted => Event::Entrusted {
                to: agency_code(to.ok_or_else(|| damaged("entrusted without to"))?)?,
            },
        };
        Record::Event { case, on, event }
    };
    Ok((seq, record))
}
