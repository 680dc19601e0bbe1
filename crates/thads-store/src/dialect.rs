//! The seam between the backends: [`Dialect`], what SQLite and PostgreSQL
//! each do their own way, implemented on `sqlx::Sqlite` and
//! `sqlx::Postgres` by `sqlite.rs` and `postgres.rs`. Everything else is
//! written once, in `portable.rs`, generic over it and compiled for each.
//!
//! Statements bind and rows read through [`Binds`] and [`Columns`], which
//! name the few types thads stores, so that the generic code needs no sqlx
//! type bounds of its own.

use std::collections::HashMap;
use std::future::Future;

use sqlx::query::Query;
use sqlx::{Database, Executor, Pool, Transaction};
use thads_core::CaseCode;
use thads_core::check::Prepared;
use thads_core::ledger::CaseId;

use crate::Result;
use crate::rows::Rows;

/// A statement with its arguments, on database `D`.
pub(crate) type Statement<'q, D> = Query<'q, D, <D as Database>::Arguments>;

/// What a backend does its own way.
pub(crate) trait Dialect:
    Database<Row: Columns, Arguments: sqlx::IntoArguments<Self>>
    + Binds<i64>
    + Binds<Option<i64>>
    + for<'a> Binds<&'a str>
    + for<'a> Binds<Option<&'a str>>
    + for<'a> Binds<&'a [u8]>
    + Binds<Vec<u8>>
{
    /// The connection as the executor of a statement.
    fn on(conn: &mut Self::Connection) -> impl Executor<'_, Database = Self>;

    /// A read-only transaction that sees one state of the store throughout.
    fn begin_reader(
        pool: &Pool<Self>,
    ) -> impl Future<Output = Result<Transaction<'static, Self>>> + Send;

    /// The write transaction, holding the store's write lock: writers
    /// queue there, and each then reads the store as the one before it left
    /// it.
    fn begin_writer(
        pool: &Pool<Self>,
    ) -> impl Future<Output = Result<Transaction<'static, Self>>> + Send;

    /// The ids of the stored cases among `codes`.
    fn case_ids(
        conn: &mut Self::Connection,
        codes: &[&CaseCode],
    ) -> impl Future<Output = Result<HashMap<CaseCode, CaseId>>> + Send;

    /// Writes the new cases, the bulk path; tells `progress` how many are
    /// written.
    fn insert_cases(
        conn: &mut Self::Connection,
        rows: &Rows<'_>,
        progress: &mut (dyn FnMut(usize) + Send),
    ) -> impl Future<Output = Result<()>> + Send;

    /// Writes the case records (acceptances included), the bulk path.
    fn insert_events(
        conn: &mut Self::Connection,
        rows: &Rows<'_>,
        progress: &mut (dyn FnMut(usize) + Send),
    ) -> impl Future<Output = Result<()>> + Send;

    /// Before (`true`) and after (`false`) writing a bulk of records (an
    /// import): a backend that caches pages in the process takes a large
    /// cache for it, and gives it back after.
    fn bulk_write(
        _conn: &mut Self::Connection,
        _bulk: bool,
    ) -> impl Future<Output = Result<()>> + Send {
        async { Ok(()) }
    }

    /// Refuses an append the store cannot take (before it writes).
    fn check_room(_pool: &Pool<Self>, _prepared: &Prepared) -> Result<()> {
        Ok(())
    }

    /// Mends what a failed append left behind, once it is rolled back.
    fn after_failed_append(_pool: &Pool<Self>) -> impl Future<Output = ()> + Send {
        async {}
    }

    /// How many rows a statement changed.
    fn rows_affected(result: &Self::QueryResult) -> u64;

    /// The dialect's own statements, beside the portable ones, for
    /// [`crate::Store::prepare_all`].
    fn own_statements() -> Vec<String>;
}

/// A database whose statements bind values of type `T`.
pub(crate) trait Binds<T>: Database {
    fn bind<'q>(statement: Statement<'q, Self>, value: T) -> Statement<'q, Self>
    where
        T: 'q;
}

/// [`Binds`] as a method of the statement: `query(…).with(a).with(b)`.
pub(crate) trait With<'q, D: Database> {
    fn with<T: 'q>(self, value: T) -> Self
    where
        D: Binds<T>;
}

impl<'q, D: Database> With<'q, D> for Statement<'q, D> {
    fn with<T: 'q>(self, value: T) -> Self
    where
        D: Binds<T>,
    {
        D::bind(self, value)
    }
}

/// Implements [`Binds`] for a backend and the types thads binds.
macro_rules! binds {
    (@one [$($a:lifetime)?] $db:ty, $t:ty) => {
        impl<$($a)?> crate::dialect::Binds<$t> for $db {
            fn bind<'q>(
                statement: crate::dialect::Statement<'q, Self>,
                value: $t,
            ) -> crate::dialect::Statement<'q, Self>
            where
                $t: 'q,
            {
                statement.bind(value)
            }
        }
    };
    ($db:ty) => {
        crate::dialect::binds!(@one [] $db, i64);
        crate::dialect::binds!(@one [] $db, Option<i64>);
        crate::dialect::binds!(@one [] $db, Vec<u8>);
        crate::dialect::binds!(@one ['a] $db, &'a str);
        crate::dialect::binds!(@one ['a] $db, Option<&'a str>);
        crate::dialect::binds!(@one ['a] $db, &'a [u8]);
    };
}
pub(crate) use binds;

/// Reading columns as the types thads stores, from a row of either backend.
pub(crate) trait Columns {
    fn int(&self, i: usize) -> Result<i64>;
    fn maybe_int(&self, i: usize) -> Result<Option<i64>>;
    fn text(&self, i: usize) -> Result<&str>;
    fn maybe_text(&self, i: usize) -> Result<Option<&str>>;
    fn bytes(&self, i: usize) -> Result<&[u8]>;
    fn maybe_bytes(&self, i: usize) -> Result<Option<Vec<u8>>>;
}

/// Implements [`Columns`] for a backend's row.
macro_rules! columns_of {
    ($row:ty) => {
        impl crate::dialect::Columns for $row {
            fn int(&self, i: usize) -> crate::Result<i64> {
                Ok(sqlx::Row::try_get(self, i)?)
            }
            fn maybe_int(&self, i: usize) -> crate::Result<Option<i64>> {
                Ok(sqlx::Row::try_get(self, i)?)
            }
            fn text(&self, i: usize) -> crate::Result<&str> {
                Ok(sqlx::Row::try_get(self, i)?)
            }
            fn maybe_text(&self, i: usize) -> crate::Result<Option<&str>> {
                Ok(sqlx::Row::try_get(self, i)?)
            }
            fn bytes(&self, i: usize) -> crate::Result<&[u8]> {
                Ok(sqlx::Row::try_get(self, i)?)
            }
            fn maybe_bytes(&self, i: usize) -> crate::Result<Option<Vec<u8>>> {
                Ok(sqlx::Row::try_get(self, i)?)
            }
        }
    };
}
pub(crate) use columns_of;
