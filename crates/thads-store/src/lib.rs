//! The store of thads: the only crate that speaks SQL.
//!
//! It keeps the journal (agencies, cases, events; append-only) and the ledger
//! projection that reports read (see [`thads_core::ledger`]), on SQLite (the
//! embedded store) or PostgreSQL (a province, the national department). Each
//! statement is written once in [`sql`]; the code that runs them is written
//! once in `portable.rs` and compiled for each backend, which adds only what
//! its dialect does differently (`sqlite.rs`, `postgres.rs`).

mod dialect;
mod hosts;
mod portable;
mod postgres;
mod rows;
mod sql;
mod sqlite;

use dialect::Columns;
use std::collections::HashMap;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use thads_core::account::{AccountName, Role};
use thads_core::audit::{Appended, AuditEntry, AuditKey, AuditRecord};
use thads_core::check::Prepared;
use thads_core::journal::Record;
use thads_core::ledger::{CaseId, Ledger};
use thads_core::{
    Acceptance, Agency, AgencyCode, AgencyTree, CaseCode, Category, Day, Event, EventParts, Mode,
    Party, Vnd, event::Kind,
};

/// What can go wrong in the store.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The database URL names no backend thads knows.
    #[error(
        "“{0}” is not a database thads can use (write sqlite://PATH or postgres://USER@HOST/DATABASE)"
    )]
    UnsupportedUrl(String),
    /// The database could not be reached or read.
    #[error("database error: {0}")]
    Sql(sqlx::Error),
    /// Another write holds the store for longer than a writer waits.
    #[error(
        "another write to the store is in progress (an import, perhaps) and has held it for more than 30 seconds: nothing was written; wait for it to finish, then try again"
    )]
    Busy,
    /// An import needs more disk space than is free beside the store.
    #[error(
        "this import needs about {} MB of free disk space beside the store (its rows, written to the store's log and then into the store), and {} MB are free: nothing was written; free some space (or move the store to a larger disk), then try again",
        .needed >> 20, .available >> 20
    )]
    NoSpace {
        /// Bytes the import needs, as estimated.
        needed: u64,
        /// Bytes free.
        available: u64,
    },
    /// The disk holding the store is full.
    #[error(
        "the disk holding the store is full: nothing was written; free some space (or move the store to a larger disk), then try again"
    )]
    DiskFull,
    /// The schema could not be brought up to date.
    #[error("cannot update the database schema: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
    /// The PostgreSQL database has not been given this version's schema.
    #[error(
        "the database has schema version {found}, this thads needs {needed}: run `thads migrate` first"
    )]
    NotMigrated {
        /// The last migration applied (0: none).
        found: i64,
        /// The last migration this thads knows.
        needed: i64,
    },
    /// The database was migrated by a newer thads.
    #[error(
        "the database has schema version {found}, newer than this thads knows ({known}): upgrade thads"
    )]
    TooNew {
        /// The last migration applied.
        found: i64,
        /// The last migration this thads knows.
        known: i64,
    },
    /// The database only serves reads (a PostgreSQL replica).
    #[error("this database is a read-only replica: write to the primary")]
    ReadOnly,
    /// The database stopped answering, or cannot be reached: down, or
    /// switching to its standby. What was under way was written whole or
    /// not at all.
    #[error(
        "the database is not answering (it may be switching over to its standby server): try again in a few seconds. What was being written was either written whole or not at all ({0})"
    )]
    Unavailable(sqlx::Error),
    /// None of the hosts of a several-host URL is what it asks for.
    #[error(
        "none of the database hosts {hosts} answers as one that {wanted}: if a failover is under way, try again in a few seconds"
    )]
    NoHost {
        /// The hosts, as the URL lists them.
        hosts: String,
        /// What `target_session_attrs` asks for, in words.
        wanted: String,
    },
    /// What is stored breaks the rules it was stored under.
    #[error("the stored journal is damaged: {0}")]
    Damaged(String),
}

impl StoreError {
    /// Whether the database did not answer (down, or switching over to its
    /// standby): the same request may succeed in a few seconds.
    pub fn is_unavailable(&self) -> bool {
        matches!(self, StoreError::Unavailable(_) | StoreError::NoHost { .. })
    }
}

/// A database's error, as a user can act on it: a writer that waited too
/// long for the lock and a full disk are said in words; the rest is passed on.
impl From<sqlx::Error> for StoreError {
    fn from(error: sqlx::Error) -> StoreError {
        let Some(database) = error.as_database_error() else {
            return match error {
                // The connection broke, or none could be made in time.
                sqlx::Error::Io(_)
                | sqlx::Error::PoolTimedOut
                | sqlx::Error::Protocol(_)
                | sqlx::Error::WorkerCrashed => StoreError::Unavailable(error),
                error => StoreError::Sql(error),
            };
        };
        if let Some(sqlite) = database.try_downcast_ref::<sqlx::sqlite::SqliteError>() {
            // The primary result code is the low byte of the extended one.
            let code = sqlx::error::DatabaseError::code(sqlite);
            match code.and_then(|c| c.parse::<i32>().ok()).map(|c| c & 0xff) {
                Some(SQLITE_BUSY | SQLITE_LOCKED) => return StoreError::Busy,
                Some(SQLITE_FULL) => return StoreError::DiskFull,
                _ => {}
            }
        }
        if let Some(postgres) = database.try_downcast_ref::<sqlx::postgres::PgDatabaseError>() {
            match postgres.code() {
                "53100" => return StoreError::DiskFull,
                // Class 08: connection exception; 57P01–57P03: the server
                // shut down, crashed, or is not yet accepting connections.
                code if code.starts_with("08") || code.starts_with("57P0") => {
                    return StoreError::Unavailable(error);
                }
                _ => {}
            }
        }
        StoreError::Sql(error)
    }
}

const SQLITE_BUSY: i32 = 5;
const SQLITE_LOCKED: i32 = 6;
const SQLITE_FULL: i32 = 13;

type Result<T, E = StoreError> = std::result::Result<T, E>;

/// The kinds of database a store can live in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    /// The embedded store, one file: `sqlite://PATH`.
    Sqlite,
    /// A PostgreSQL server: `postgres://USER@HOST:PORT/DATABASE`.
    Postgres,
}

impl Backend {
    /// The backend a database URL names.
    pub fn of_url(url: &str) -> Result<Backend> {
        if url.starts_with("sqlite://") {
            Ok(Backend::Sqlite)
        } else if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            Ok(Backend::Postgres)
        } else {
            Err(StoreError::UnsupportedUrl(url.to_owned()))
        }
    }
}

impl std::fmt::Display for Backend {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Backend::Sqlite => "SQLite",
            Backend::Postgres => "PostgreSQL",
        })
    }
}

/// The stored agencies and ledger, as of one point of the journal.
#[derive(Debug, Clone, Default)]
pub struct Snapshot {
    /// Every agency.
    pub agencies: AgencyTree,
    /// Every executor.
    pub executors: thads_core::executor::Executors,
    /// Every case's timeline.
    pub ledger: Ledger,
    /// The last journal position included.
    pub journal_seq: i64,
    /// Every partner and request.
    pub coordination: std::sync::Arc<thads_core::coordination::Coordination>,
    /// How many times the store had followed its database to another host
    /// when this was read (see [`Store::moves`]).
    pub moves: u64,
}

impl Snapshot {
    /// Where the journal was when it was read, as [`Store::position`] says
    /// it: its last position, and how many agencies, executors and facts
    /// of coordination it holds.
    pub fn position(&self) -> (i64, i64) {
        (
            self.journal_seq,
            (self.agencies.len() + self.executors.len() + self.coordination.fact_count()) as i64,
        )
    }
}

/// An open store, with the key that seals what it appends and chains its
/// audit trail (see [`thads_core::audit`]).
#[derive(Debug, Clone)]
pub struct Store {
    pool: Pool,
    key: AuditKey,
    /// How many times the pool followed its database to another host.
    moves: Arc<AtomicU64>,
    /// Keeps a PostgreSQL pool on the primary of several hosts; stops with
    /// the last clone of the store.
    _follower: Option<Arc<hosts::Follower>>,
}

#[derive(Debug, Clone)]
enum Pool {
    Sqlite(sqlx::SqlitePool),
    Postgres(sqlx::PgPool),
}

/// Runs `$body` with `$pool` bound to the store's pool, whichever backend
/// it is: the one place where [`Store`] tells the backends apart (the code
/// it calls is generic over [`dialect::Dialect`]).
macro_rules! on_pool {
    ($store:expr, $pool:ident => $body:expr) => {
        match &$store.pool {
            Pool::Sqlite($pool) => $body,
            Pool::Postgres($pool) => $body,
        }
    };
}

impl Store {
    /// Opens the store at `url`. An embedded store is created if needed and
    /// its schema brought up to date; a PostgreSQL database must have been
    /// prepared by [`Store::migrate`] (a server's schema changes when its
    /// administrator says so, and a read replica cannot change it).
    pub async fn open(url: &str, key: AuditKey) -> Result<Store> {
        let moves = Arc::default();
        let (pool, follower) = match Backend::of_url(url)? {
            Backend::Sqlite => (Pool::Sqlite(sqlite::open(url).await?), None),
            Backend::Postgres => {
                let (pool, follower) = postgres::open(url, Arc::clone(&moves)).await?;
                (Pool::Postgres(pool), follower.map(Arc::new))
            }
        };
        Ok(Store {
            pool,
            key,
            moves,
            _follower: follower,
        })
    }

    /// How many times the store has followed its database to another host
    /// (a failover: see `hosts.rs`); 0 for one host. What was read before a
    /// move is no base for reading after it: the new primary may lack the
    /// last writes the old one showed before they were acknowledged.
    pub fn moves(&self) -> u64 {
        self.moves.load(Ordering::SeqCst)
    }

    /// `base`, if it was read since the last move.
    fn current<'a>(&self, base: Option<&'a Snapshot>, moves: u64) -> Option<&'a Snapshot> {
        base.filter(|base| base.moves == moves)
    }

    /// The key the store seals and chains with.
    pub fn key(&self) -> &AuditKey {
        &self.key
    }

    /// Creates the database at `url` if it does not exist and applies every
    /// migration it lacks; returns the schema version it is at.
    pub async fn migrate(url: &str) -> Result<i64> {
        match Backend::of_url(url)? {
            Backend::Sqlite => sqlite::migrate(url).await,
            Backend::Postgres => postgres::migrate(url).await,
        }
    }

    /// Which kind of database this store lives in.
    pub fn backend(&self) -> Backend {
        match self.pool {
            Pool::Sqlite(_) => Backend::Sqlite,
            Pool::Postgres(_) => Backend::Postgres,
        }
    }

    /// The agencies and the ledger, read in one transaction. Rebuilds the
    /// ledger from the journal if it lags behind it.
    pub async fn snapshot(&self) -> Result<Snapshot> {
        self.snapshot_after(None).await
    }

    /// The snapshot as it is now, read as [`Store::snapshot`] does, but
    /// given an older `base` snapshot of this store, reading only the ledger
    /// chunks written since: the others are shared with it.
    pub async fn snapshot_after(&self, base: Option<&Snapshot>) -> Result<Snapshot> {
        let moves = self.moves();
        let base = self.current(base, moves);
        let snapshot = on_pool!(self, pool => portable::snapshot(pool, base).await?);
        match snapshot {
            Some(snapshot) => Ok(Snapshot { moves, ..snapshot }),
            None => self.rebuild_ledger().await,
        }
    }

    /// Every agency, and every partner and request (without the ledger):
    /// what the lists of requests read from the command line.
    pub async fn coordination(
        &self,
    ) -> Result<(
        AgencyTree,
        std::sync::Arc<thads_core::coordination::Coordination>,
    )> {
        on_pool!(self, pool => portable::read_coordination(pool).await)
    }

    /// Every agency (without the ledger).
    pub async fn agencies(&self) -> Result<AgencyTree> {
        on_pool!(self, pool => portable::read_agencies(pool).await)
    }

    /// The ids of the cases among `codes` that `snapshot` holds (a case
    /// stored after the snapshot was read is left out).
    pub async fn case_ids(
        &self,
        snapshot: &Snapshot,
        codes: &[&CaseCode],
    ) -> Result<HashMap<CaseCode, CaseId>> {
        let mut ids = on_pool!(self, pool => portable::case_ids(pool, codes).await?);
        ids.retain(|_, id| (*id as usize) < snapshot.ledger.case_count());
        Ok(ids)
    }

    /// Begins a write: takes the store's write lock (waiting for a writer
    /// that holds it) and reads the snapshot under it. Until the [`Writer`]
    /// appends or is dropped, no one else changes the store, so what is
    /// checked against its snapshot is what gets written.
    pub async fn writer(&self) -> Result<Writer> {
        self.writer_after(None).await
    }

    /// Begins a write as [`Store::writer`] does, reading under the lock
    /// only the ledger chunks written since `base`, an older snapshot of
    /// this store (the others are shared with it): a form's write at a
    /// million cases then reads a chunk, not the whole ledger.
    pub async fn writer_after(&self, base: Option<&Snapshot>) -> Result<Writer> {
        let moves = self.moves();
        let base = self.current(base, moves);
        let (tx, mut snapshot) = on_pool!(self, pool => {
            let (tx, snapshot) = portable::begin_write(pool, base).await?;
            (WriteTx::from(tx), snapshot)
        });
        snapshot.moves = moves;
        Ok(Writer {
            tx,
            snapshot,
            store: self.clone(),
        })
    }

    /// Calls `sink` with every record of the journal, agencies first, then
    /// every case record in journal order, all read in one transaction.
    pub async fn export(
        &self,
        sink: &mut (dyn FnMut(Record) -> std::io::Result<()> + Send),
    ) -> Result<std::io::Result<()>> {
        self.export_province(None, sink).await
    }

    /// Like [`Store::export`], but only the case records of one province
    /// (its root agency's code) if one is named; every agency all the same.
    pub async fn export_province(
        &self,
        province: Option<&AgencyCode>,
        sink: &mut (dyn FnMut(Record) -> std::io::Result<()> + Send),
    ) -> Result<std::io::Result<()>> {
        let province = province.map(AgencyCode::as_str);
        on_pool!(self, pool => portable::export(pool, province, sink).await)
    }

    /// Rebuilds the ledger from the journal, checking every stored record
    /// again on the way, and stores it.
    pub async fn rebuild_ledger(&self) -> Result<Snapshot> {
        let moves = self.moves();
        let snapshot = on_pool!(self, pool => portable::rebuild_ledger(pool).await?);
        Ok(Snapshot { moves, ..snapshot })
    }

    /// The journal folded anew from its rows, every record checked again,
    /// into a snapshot of its own: what derived data (the stored ledger)
    /// is checked against. Nothing is written.
    pub async fn journal_snapshot(&self) -> Result<Snapshot> {
        on_pool!(self, pool => portable::journal_snapshot(pool).await)
    }

    /// The journal's position at a time (unix milliseconds): the last event
    /// appended before it.
    pub async fn position_at(&self, at_ms: i64) -> Result<i64> {
        on_pool!(self, pool => portable::position_at(pool, at_ms).await)
    }

    /// Where the journal has got to: its last position and how many agencies
    /// it declares. Cheap: a view held in memory asks it to know whether it
    /// is still current.
    pub async fn position(&self) -> Result<(i64, i64)> {
        on_pool!(self, pool => portable::position(pool).await)
    }

    /// Calls `sink` with what each case from `first_id` on is found by, in
    /// id order: every case, or one province's (which its key finds
    /// quickly).
    pub async fn case_texts(
        &self,
        province: Option<&AgencyCode>,
        first_id: CaseId,
        sink: &mut (dyn FnMut(CaseText<'_>) + Send),
    ) -> Result<()> {
        on_pool!(self, pool => portable::case_texts(pool, province, first_id, sink).await)
    }

    /// Calls `sink` with what the public list of debtors shows of each case
    /// of a province, then with each of its `unable` events in journal
    /// order, all read in one transaction.
    pub async fn province_debtors(
        &self,
        province: &AgencyCode,
        sink: &mut (dyn FnMut(DebtorRow<'_>) + Send),
    ) -> Result<()> {
        on_pool!(self, pool => portable::province_debtors(pool, province, sink).await)
    }

    /// Every record of one case in journal order, its acceptance first;
    /// empty if no case has that code.
    pub async fn case_journal(&self, code: &CaseCode) -> Result<Vec<Record>> {
        on_pool!(self, pool => portable::case_journal(pool, code).await)
    }

    /// The targets of the statistical year ending in `year`: per agency, the
    /// rates in cases and in money, in hundredths of a percent.
    pub async fn targets(&self, year: i64) -> Result<Vec<(AgencyCode, i64, i64)>> {
        on_pool!(self, pool => portable::targets(pool, year).await)
    }

    /// Sets an agency's targets for a year, with its audit record.
    pub async fn set_target(
        &self,
        province: &AgencyCode,
        agency: &AgencyCode,
        year: i64,
        rates: (i64, i64),
        audit: &AuditEntry,
    ) -> Result<()> {
        let binds = [
            Bind::Text(province.as_str()),
            Bind::Text(agency.as_str()),
            Bind::Int(year),
            Bind::Int(rates.0),
            Bind::Int(rates.1),
        ];
        self.write(sql::SET_TARGET, &binds, Some(audit)).await?;
        Ok(())
    }

    /// The cases terminated on a ground of `rules/grounds.toml` from `from`
    /// to `to`, with the day (the exemptions of Form 6).
    pub async fn terminated_on_ground(
        &self,
        ground: &str,
        from: Day,
        to: Day,
    ) -> Result<Vec<(CaseId, Day)>> {
        on_pool!(self, pool => portable::terminated_on_ground(pool, ground, from, to).await)
    }

    /// An attachment's type and bytes, by the SHA-256 the journal names it
    /// with.
    pub async fn attachment(&self, sha256: &str) -> Result<Option<(String, Vec<u8>)>> {
        on_pool!(self, pool => portable::attachment(pool, sha256).await)
    }

    /// The calendar decisions recorded, by day (`yyyymmdd`): off or worked,
    /// and why.
    pub async fn calendar_decisions(&self) -> Result<Vec<(i64, bool, String)>> {
        on_pool!(self, pool => portable::calendar_decisions(pool).await)
    }

    /// Records a calendar decision (replacing one of the same day), with its
    /// audit record.
    pub async fn set_calendar_decision(
        &self,
        day: i64,
        off: bool,
        reason: &str,
        audit: &AuditEntry,
    ) -> Result<()> {
        let kind = if off { "off" } else { "working" };
        let binds = [Bind::Int(day), Bind::Text(kind), Bind::Text(reason)];
        self.write(sql::SET_CALENDAR_DECISION, &binds, Some(audit))
            .await?;
        Ok(())
    }

    /// Adds an account, and its audit record; `false` if the name is taken.
    pub async fn add_account(&self, account: &Account, audit: &AuditEntry) -> Result<bool> {
        on_pool!(self, pool => portable::add_account(pool, &self.key, account, audit).await)
    }

    /// Replaces an account's password hash, audited; `false` if there is no
    /// such account.
    pub async fn set_password(
        &self,
        name: &AccountName,
        hash: &str,
        audit: &AuditEntry,
    ) -> Result<bool> {
        let binds = [Bind::Text(name.as_str()), Bind::Text(hash)];
        Ok(self.write(sql::SET_PASSWORD, &binds, Some(audit)).await? > 0)
    }

    /// Links an account to an executor (or unlinks it), audited; `false` if
    /// there is no such account.
    pub async fn set_account_executor(
        &self,
        name: &AccountName,
        executor: Option<&str>,
        audit: &AuditEntry,
    ) -> Result<bool> {
        let binds = [
            Bind::Text(name.as_str()),
            match executor {
                Some(code) => Bind::Text(code),
                None => Bind::NullText,
            },
        ];
        Ok(self
            .write(sql::SET_ACCOUNT_EXECUTOR, &binds, Some(audit))
            .await?
            > 0)
    }

    /// Links an account to the partner organisation it speaks for (or
    /// unlinks it), audited; `false` if there is no such account.
    pub async fn set_account_partner(
        &self,
        name: &AccountName,
        partner: Option<&str>,
        audit: &AuditEntry,
    ) -> Result<bool> {
        let binds = [
            Bind::Text(name.as_str()),
            match partner {
                Some(code) => Bind::Text(code),
                None => Bind::NullText,
            },
        ];
        Ok(self
            .write(sql::SET_ACCOUNT_PARTNER, &binds, Some(audit))
            .await?
            > 0)
    }

    /// Sets the warehouses a keeper's account works on, audited; `false` if
    /// there is no such account.
    pub async fn set_account_warehouses(
        &self,
        name: &AccountName,
        warehouses: &[thads_core::coordination::Code],
        audit: &AuditEntry,
    ) -> Result<bool> {
        let list = warehouses
            .iter()
            .map(|c| c.as_str())
            .collect::<Vec<_>>()
            .join(" ");
        let binds = [
            Bind::Text(name.as_str()),
            if list.is_empty() {
                Bind::NullText
            } else {
                Bind::Text(&list)
            },
        ];
        Ok(self
            .write(sql::SET_ACCOUNT_WAREHOUSES, &binds, Some(audit))
            .await?
            > 0)
    }

    /// Disables an account from `at_ms` on, audited; `false` if there is no
    /// such account or it is disabled already.
    pub async fn disable_account(
        &self,
        name: &AccountName,
        at_ms: i64,
        audit: &AuditEntry,
    ) -> Result<bool> {
        let binds = [Bind::Text(name.as_str()), Bind::Int(at_ms)];
        Ok(self
            .write(sql::DISABLE_ACCOUNT, &binds, Some(audit))
            .await?
            > 0)
    }

    /// Opens a session, audited: `token_hash` is the SHA-256 of the token
    /// the client holds.
    pub async fn open_session(
        &self,
        token_hash: &str,
        account: &AccountName,
        address: &str,
        at_ms: i64,
        audit: &AuditEntry,
    ) -> Result<()> {
        let binds = [
            Bind::Text(token_hash),
            Bind::Text(account.as_str()),
            Bind::Text(address),
            Bind::Int(at_ms),
        ];
        self.write(sql::INSERT_SESSION, &binds, Some(audit)).await?;
        Ok(())
    }

    /// The session whose token has this hash.
    pub async fn session(&self, token_hash: &str) -> Result<Option<StoredSession>> {
        let found = on_pool!(self, pool => portable::session(pool, token_hash).await?);
        Ok(
            found.map(|(account, address, created, seen)| StoredSession {
                account,
                address,
                created_at_ms: created,
                last_seen_at_ms: seen,
            }),
        )
    }

    /// Marks a session as used now.
    pub async fn touch_session(&self, token_hash: &str, at_ms: i64) -> Result<()> {
        let binds = [Bind::Text(token_hash), Bind::Int(at_ms)];
        self.write(sql::TOUCH_SESSION, &binds, None).await?;
        Ok(())
    }

    /// Ends a session; audited if `audit` is given (a sign-out, not an
    /// expiry). `false` if there was no such session.
    pub async fn close_session(
        &self,
        token_hash: &str,
        audit: Option<&AuditEntry>,
    ) -> Result<bool> {
        Ok(self
            .write(sql::DELETE_SESSION, &[Bind::Text(token_hash)], audit)
            .await?
            > 0)
    }

    /// Records a failed sign-in, audited.
    pub async fn record_sign_in_failure(
        &self,
        account: &str,
        address: &str,
        at_ms: i64,
        audit: &AuditEntry,
    ) -> Result<()> {
        let binds = [Bind::Text(account), Bind::Text(address), Bind::Int(at_ms)];
        self.write(sql::INSERT_SIGN_IN_FAILURE, &binds, Some(audit))
            .await?;
        Ok(())
    }

    /// How many sign-ins failed since `since_ms`: for the account name, and
    /// from the address.
    pub async fn sign_in_failures(
        &self,
        account: &str,
        address: &str,
        since_ms: i64,
    ) -> Result<(i64, i64)> {
        on_pool!(self, pool => portable::sign_in_failures(pool, account, address, since_ms).await)
    }

    /// Forgets the failed sign-ins of an account (after it signed in).
    pub async fn clear_sign_in_failures(&self, account: &str) -> Result<()> {
        self.write(sql::CLEAR_SIGN_IN_FAILURES, &[Bind::Text(account)], None)
            .await?;
        Ok(())
    }

    async fn write(
        &self,
        statement: &'static str,
        binds: &[Bind<'_>],
        audit: Option<&AuditEntry>,
    ) -> Result<u64> {
        on_pool!(self, pool => portable::write(pool, &self.key, statement, binds, audit).await)
    }

    /// The account of that name.
    pub async fn account(&self, name: &AccountName) -> Result<Option<Account>> {
        let found = on_pool!(self, pool => portable::accounts(pool, Some(name.as_str())).await?);
        Ok(found.into_iter().next())
    }

    /// Every account, by name.
    pub async fn accounts(&self) -> Result<Vec<Account>> {
        on_pool!(self, pool => portable::accounts(pool, None).await)
    }

    /// Calls `sink` with every audit record in order, and returns the head
    /// the store kept (the last record's number and hash), all read in one
    /// transaction.
    pub async fn audit_trail(
        &self,
        sink: &mut (dyn FnMut(AuditRecord) + Send),
    ) -> Result<(i64, String)> {
        on_pool!(self, pool => portable::audit_trail(pool, sink).await)
    }

    /// Calls `sink` with every line of the journal, with its position and
    /// its seal: the agencies in declaration order, then every case record
    /// in journal order, all read in one transaction.
    pub async fn sealed_journal(&self, sink: &mut (dyn FnMut(SealedLine) + Send)) -> Result<()> {
        on_pool!(self, pool => portable::sealed_journal(pool, sink).await)
    }

    /// Covers the lines written before thads sealed them (a store of an
    /// older thads: their seal is empty) with one audit record, `audit`,
    /// keyed, holding the digest of their canonical lines; from then on
    /// they are checked as the lines of a write. `None` if every line is
    /// sealed already.
    pub async fn seal_unsealed(&self, audit: &AuditEntry) -> Result<Option<Appended>> {
        on_pool!(self, pool => portable::seal_unsealed(pool, &self.key, audit).await)
    }

    /// Checks that the database accepts every statement thads runs (they
    /// are prepared, not run): a test of the SQL on each backend.
    pub async fn prepare_all(&self) -> Result<()> {
        on_pool!(self, pool => portable::prepare_all(pool).await)
    }
}

/// A line of the journal as stored, with its seal (`None` for a line
/// written before thads sealed them).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SealedLine {
    /// Where it is.
    pub position: LinePosition,
    /// What it says.
    pub record: Record,
    /// Its seal.
    pub seal: Option<Vec<u8>>,
}

/// Where a line of the journal is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LinePosition {
    /// An agency declaration, by its position.
    Agency(i64),
    /// An executor declaration, by its position.
    Executor(i64),
    /// A case record, by its journal position (`seq`).
    Event(i64),
    /// A fact of coordination, by its position.
    Fact(i64),
}

/// An account as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Account {
    /// The sign-in name.
    pub name: AccountName,
    /// What it may do.
    pub role: Role,
    /// The agency whose subtree it works on; `None`: the whole country.
    pub agency: Option<AgencyCode>,
    /// The Argon2id hash of its password, in PHC string format.
    pub password_hash: String,
    /// When it was created, in unix milliseconds.
    pub created_at_ms: i64,
    /// When it was disabled, if it was.
    pub disabled_at_ms: Option<i64>,
    /// The executor an executor's account is, if linked.
    pub executor: Option<thads_core::executor::ExecutorCode>,
    /// The partner organisation a partner's account speaks for, if linked.
    pub partner: Option<thads_core::coordination::Code>,
    /// The warehouses a keeper's account works on.
    pub warehouses: Vec<thads_core::coordination::Code>,
}

/// A value bound to a statement.
#[derive(Debug, Clone, Copy)]
enum Bind<'a> {
    Text(&'a str),
    Int(i64),
    /// A text column set to NULL.
    NullText,
}

/// A signed-in session, as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredSession {
    /// Whose it is.
    pub account: Account,
    /// Where it was opened from.
    pub address: String,
    /// When it was opened, in unix milliseconds.
    pub created_at_ms: i64,
    /// When it was last used.
    pub last_seen_at_ms: i64,
}

/// What a case is found and listed by.
#[derive(Debug, Clone, Copy)]
pub struct CaseText<'r> {
    /// The case's id in the ledger.
    pub id: CaseId,
    /// Its code.
    pub code: &'r str,
    /// The number of the decision to enforce.
    pub decision: &'r str,
    /// The number of the judgment enforced.
    pub judgment: &'r str,
    /// The debtor's name.
    pub debtor: &'r str,
    /// The creditor's name.
    pub creditor: &'r str,
}

impl<'r> CaseText<'r> {
    /// What the case is found by: its code, decision, judgment and parties.
    pub fn texts(&self) -> [&'r str; 5] {
        [
            self.code,
            self.decision,
            self.judgment,
            self.debtor,
            self.creditor,
        ]
    }
}

/// A row for the public list of debtors without means.
#[derive(Debug, Clone, Copy)]
pub enum DebtorRow<'r> {
    /// A case: its debtor, judgment and decision (never the debtor's ID).
    Case {
        /// The case's id in the ledger.
        id: CaseId,
        /// The debtor's name.
        name: &'r str,
        /// The debtor's address, if known.
        address: Option<&'r str>,
        /// The judgment enforced.
        judgment: &'r str,
        /// The decision to enforce.
        decision: &'r str,
    },
    /// An `unable` event of a case.
    Unable {
        /// The case's id.
        id: CaseId,
        /// Its date.
        on: Day,
        /// Its reason, if recorded.
        reason: Option<&'r str>,
    },
}

/// A write under way, holding the store's write lock. Dropping it without
/// [`Writer::append`] writes nothing.
#[derive(Debug)]
pub struct Writer {
    tx: WriteTx,
    snapshot: Snapshot,
    store: Store,
}

#[derive(Debug)]
enum WriteTx {
    Sqlite(sqlx::Transaction<'static, sqlx::Sqlite>),
    Postgres(sqlx::Transaction<'static, sqlx::Postgres>),
}

impl From<sqlx::Transaction<'static, sqlx::Sqlite>> for WriteTx {
    fn from(tx: sqlx::Transaction<'static, sqlx::Sqlite>) -> WriteTx {
        WriteTx::Sqlite(tx)
    }
}

impl From<sqlx::Transaction<'static, sqlx::Postgres>> for WriteTx {
    fn from(tx: sqlx::Transaction<'static, sqlx::Postgres>) -> WriteTx {
        WriteTx::Postgres(tx)
    }
}

impl Writer {
    /// The store as this write sees it (and as no one else can change it).
    pub fn snapshot(&self) -> &Snapshot {
        &self.snapshot
    }

    /// The ids of the stored cases among `codes`.
    pub async fn case_ids(&mut self, codes: &[&CaseCode]) -> Result<HashMap<CaseCode, CaseId>> {
        match &mut self.tx {
            WriteTx::Sqlite(tx) => portable::case_ids_in(tx, codes).await,
            WriteTx::Postgres(tx) => portable::case_ids_in(tx, codes).await,
        }
    }

    /// When a file with this SHA-256 was imported (unix milliseconds), and
    /// by whom, if it was: so that an import is not made twice (one that
    /// landed as a failover cut its answer off, say).
    pub async fn imported(&mut self, sha256: &str) -> Result<Option<(i64, String)>> {
        match &mut self.tx {
            WriteTx::Sqlite(tx) => portable::imported(tx, sha256).await,
            WriteTx::Postgres(tx) => portable::imported(tx, sha256).await,
        }
    }

    /// Keeps a file an answer attaches, in this write's transaction (so that
    /// it is there if and only if the write lands), named by its SHA-256.
    pub async fn add_attachment(
        &mut self,
        sha256: &str,
        media_type: &str,
        bytes: &[u8],
    ) -> Result<()> {
        match &mut self.tx {
            WriteTx::Sqlite(tx) => portable::add_attachment(tx, sha256, media_type, bytes).await,
            WriteTx::Postgres(tx) => portable::add_attachment(tx, sha256, media_type, bytes).await,
        }
    }

    /// Appends a journal checked against [`Writer::snapshot`], with its
    /// audit record, and commits: all of it, or nothing. `progress` is told
    /// how many rows have been written so far: the new cases, then every
    /// case record (acceptances included). Returns the snapshot of the
    /// store as the write left it, made in memory from the writer's and
    /// what it appended (the store is not read again).
    pub async fn append(
        self,
        prepared: &Prepared,
        audit: &AuditEntry,
        progress: &mut (dyn FnMut(usize) + Send),
    ) -> Result<Snapshot> {
        let (base, key) = (&self.snapshot, &self.store.key);
        let journal_seq = match (self.tx, &self.store.pool) {
            (WriteTx::Sqlite(tx), Pool::Sqlite(pool)) => {
                portable::append(pool, tx, key, base, prepared, audit, progress).await?
            }
            (WriteTx::Postgres(tx), Pool::Postgres(pool)) => {
                portable::append(pool, tx, key, base, prepared, audit, progress).await?
            }
            _ => unreachable!("a writer of its own store"),
        };
        let mut next = self.snapshot;
        for agency in &prepared.agencies {
            next.agencies.add(agency.clone()).map_err(damaged)?;
        }
        for executor in &prepared.executors {
            next.executors
                .add(executor.clone(), &next.agencies)
                .map_err(damaged)?;
        }
        next.ledger.replace_chunks(prepared.chunks.clone());
        next.journal_seq = journal_seq;
        next.coordination = prepared.coordination.clone();
        Ok(next)
    }
}

/// The version of the last migration of a list.
fn latest(migrator: &sqlx::migrate::Migrator) -> i64 {
    migrator.iter().map(|m| m.version).max().unwrap_or(0)
}

/// A migration written in a file of `migrations/`.
fn migration(
    version: i64,
    description: &'static str,
    sql: &'static str,
) -> sqlx::migrate::Migration {
    use sqlx::SqlSafeStr;
    sqlx::migrate::Migration::new(
        version,
        std::borrow::Cow::Borrowed(description),
        sqlx::migrate::MigrationType::Simple,
        sql.into_sql_str(),
        false,
    )
}

/// A row of [`sql::ACCOUNTS`].
fn account(row: &impl Columns) -> Result<Account> {
    let role = row.text(1)?;
    Ok(Account {
        name: AccountName::parse(row.text(0)?).map_err(damaged)?,
        role: Role::parse(role).ok_or_else(|| damaged(format!("role {role}")))?,
        agency: row.maybe_text(2)?.map(agency_code).transpose()?,
        password_hash: row.text(3)?.to_owned(),
        created_at_ms: row.int(4)?,
        disabled_at_ms: row.maybe_int(5)?,
        executor: row
            .maybe_text(6)?
            .map(|code| {
                thads_core::executor::ExecutorCode::parse(code)
                    .map_err(|_| damaged(format!("executor code {code}")))
            })
            .transpose()?,
        partner: row
            .maybe_text(7)?
            .map(|code| {
                thads_core::coordination::Code::parse(code)
                    .ok_or_else(|| damaged(format!("partner code {code}")))
            })
            .transpose()?,
        warehouses: row
            .maybe_text(8)?
            .unwrap_or_default()
            .split_whitespace()
            .map(|code| {
                thads_core::coordination::Code::parse(code)
                    .ok_or_else(|| damaged(format!("warehouse code {code}")))
            })
            .collect::<Result<_>>()?,
    })
}

/// A row of [`sql::AGENCIES`].
fn agency(row: &impl Columns) -> Result<Agency> {
    agency_at(row, 0)
}

/// An agency's code, name and parent, from column `first` of a row.
fn agency_at(row: &impl Columns, first: usize) -> Result<Agency> {
    Ok(Agency {
        code: agency_code(row.text(first)?)?,
        name: row.text(first + 1)?.to_owned(),
        parent: row.maybe_text(first + 2)?.map(agency_code).transpose()?,
    })
}

/// An executor's code, name and agency, from column `first` of a row.
fn executor_at(row: &impl Columns, first: usize) -> Result<thads_core::executor::Executor> {
    let code = row.text(first)?;
    Ok(thads_core::executor::Executor {
        code: thads_core::executor::ExecutorCode::parse(code)
            .map_err(|_| damaged(format!("executor code {code}")))?,
        name: row.text(first + 1)?.to_owned(),
        agency: agency_code(row.text(first + 2)?)?,
    })
}

/// A row of [`sql::AUDIT_RECORDS`].
fn audit_record(row: &impl Columns) -> Result<AuditRecord> {
    let range = |start: usize| -> Result<Option<std::ops::Range<i64>>> {
        Ok(match (row.maybe_int(start)?, row.maybe_int(start + 1)?) {
            (Some(s), Some(e)) => Some(s..e),
            _ => None,
        })
    };
    let appended = match (range(10)?, range(12)?, row.maybe_text(14)?) {
        (Some(agencies), Some(events), Some(digest)) => Some(Appended {
            agencies,
            executors: range(15)?.unwrap_or(0..0),
            facts: range(17)?.unwrap_or(0..0),
            events,
            digest: digest.to_owned(),
        }),
        _ => None,
    };
    Ok(AuditRecord {
        seq: row.int(0)?,
        entry: AuditEntry {
            at_ms: row.int(1)?,
            actor: row.text(2)?.to_owned(),
            address: row.text(3)?.to_owned(),
            action: row.text(4)?.to_owned(),
            subject: row.text(5)?.to_owned(),
            detail: row.text(6)?.to_owned(),
        },
        appended,
        keyed: row.int(9)? != 0,
        prev_hash: row.text(7)?.to_owned(),
        hash: row.text(8)?.to_owned(),
    })
}

fn damaged(what: impl std::fmt::Display) -> StoreError {
    StoreError::Damaged(what.to_string())
}

fn agency_code(s: &str) -> Result<AgencyCode> {
    AgencyCode::parse(s).map_err(damaged)
}

fn case_id(id: i64) -> Result<CaseId> {
    CaseId::try_from(id).map_err(|_| damaged(format!("case id {id}")))
}

fn day(value: i64) -> Result<Day> {
    u32::try_from(value)
        .ok()
        .and_then(Day::from_yyyymmdd)
        .ok_or_else(|| damaged(format!("date {value}")))
}

fn case_code(s: &str) -> Result<CaseCode> {
    CaseCode::parse(s).map_err(damaged)
}

fn party(row: &impl Columns, first: usize) -> Result<Party> {
    Ok(Party {
        name: row.text(first)?.to_owned(),
        id: row.maybe_text(first + 1)?.map(str::to_owned),
        address: row.maybe_text(first + 2)?.map(str::to_owned),
    })
}

/// A row of [`sql::JOURNAL`] as a record, with its journal position.
fn journal_record(row: &impl Columns) -> Result<(i64, Record)> {
    let seq = row.int(0)?;
    let kind = row.text(1)?;
    let case = case_code(row.text(2)?)?;
    let on = day(row.int(3)?)?;
    let amount = row.maybe_int(4)?;
    let reason = row.maybe_text(5)?.map(str::to_owned);
    let to = row.maybe_text(6)?;
    let counted_on = row.maybe_int(24)?.map(day).transpose()?;
    let money = || {
        amount
            .map(Vnd)
            .ok_or_else(|| damaged(format!("event {seq} has no amount")))
    };
    let record = if kind == "accepted" {
        let mode = row.text(9)?;
        let categories = row.text(10)?;
        let acceptance = Acceptance {
            agency: agency_code(row.text(8)?)?,
            mode: Mode::parse(mode).ok_or_else(|| damaged(format!("mode {mode}")))?,
            amount: money()?,
            categories: categories
                .split(',')
                .filter(|c| !c.is_empty())
                .map(|c| Category::parse(c).ok_or_else(|| damaged(format!("category {c}"))))
                .collect::<Result<_>>()?,
            decision: row.text(11)?.to_owned(),
            judgment: row.text(12)?.to_owned(),
            debtor: party(row, 13)?,
            creditor: party(row, 16)?,
            judgment_kind: row
                .maybe_text(25)?
                .map(|k| {
                    thads_core::JudgmentKind::parse(k)
                        .ok_or_else(|| damaged(format!("judgment kind {k}")))
                })
                .transpose()?,
            budget_item: row
                .maybe_text(26)?
                .map(|b| {
                    thads_core::BudgetItem::parse(b)
                        .ok_or_else(|| damaged(format!("budget item {b}")))
                })
                .transpose()?,
            creditors: row
                .maybe_text(27)?
                .map(|text| {
                    thads_core::journal::creditors_from_json(text)
                        .map_err(|e| damaged(format!("creditors of event {seq}: {e}")))
                })
                .transpose()?
                .unwrap_or_default(),
            debtors: row
                .maybe_text(28)?
                .map(|text| {
                    thads_core::journal::debtors_from_json(text)
                        .map_err(|e| damaged(format!("debtors of event {seq}: {e}")))
                })
                .transpose()?
                .unwrap_or_default(),
        };
        Record::Accepted {
            case,
            on,
            counted_on,
            acceptance: Box::new(acceptance),
        }
    } else {
        let kind = Kind::parse(kind).ok_or_else(|| damaged(format!("event kind {kind}")))?;
        let ground = row.maybe_text(22)?;
        let parts = EventParts {
            amount: amount.map(Vnd),
            reason,
            to: to.map(agency_code).transpose()?,
            executor: row
                .maybe_text(20)?
                .map(|code| {
                    thads_core::executor::ExecutorCode::parse(code)
                        .map_err(|_| damaged(format!("executor code {code}")))
                })
                .transpose()?,
            means: row.maybe_int(21)?.map(|m| m != 0),
            unable_ground: match (kind, ground) {
                (Kind::Unable, Some(g)) => Some(
                    thads_core::event::UnableGround::parse(g)
                        .ok_or_else(|| damaged(format!("ground {g}")))?,
                ),
                _ => None,
            },
            ground: ground.filter(|_| kind != Kind::Unable).map(str::to_owned),
            payee: row.maybe_text(23)?.map(str::to_owned),
        };
        let event = Event::from_parts(kind, parts)
            .map_err(|part| damaged(format!("event {seq} has no {}", part.field())))?;
        Record::Event {
            case,
            on,
            counted_on,
            event,
        }
    };
    Ok((seq, record))
}
