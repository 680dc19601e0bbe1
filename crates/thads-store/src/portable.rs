//! The store's operations, written once, generic over the [`Dialect`] of a
//! backend and compiled for each (monomorphic code, one statement set in
//! `sql.rs`). What a backend does its own way is the `Dialect`'s:
//! transactions and the write lock, the bulk path, the lookup of many case
//! codes.

use std::collections::HashMap;
use std::sync::Arc;

use futures_util::TryStreamExt;
use sqlx::{Pool, Transaction};
use thads_core::audit::{Appended, AuditEntry, AuditKey, AuditRecord, LineDigest, line_hash};
use thads_core::check::Prepared;
use thads_core::coordination::{Coordination, Fact};
use thads_core::journal::{Parsed, Record, write_record};
use thads_core::ledger::{CaseId, Chunk, Ledger};
use thads_core::{AgencyCode, AgencyTree, CaseCode};

use crate::dialect::{Columns, Dialect, With};
use crate::rows::Rows;
use crate::{Account, Bind, Result, Snapshot, sql};

async fn agencies<D: Dialect>(conn: &mut D::Connection) -> Result<AgencyTree> {
    let mut tree = AgencyTree::default();
    for row in sqlx::query(sql::AGENCIES)
        .fetch_all(D::on(&mut *conn))
        .await?
    {
        tree.add(crate::agency(&row)?).map_err(crate::damaged)?;
    }
    Ok(tree)
}

/// Every executor, in declaration order, of the agencies of `tree`.
async fn executors<D: Dialect>(
    conn: &mut D::Connection,
    tree: &AgencyTree,
) -> Result<thads_core::executor::Executors> {
    let mut executors = thads_core::executor::Executors::default();
    for row in sqlx::query(sql::EXECUTORS)
        .fetch_all(D::on(&mut *conn))
        .await?
    {
        executors
            .add(crate::executor_at(&row, 0)?, tree)
            .map_err(crate::damaged)?;
    }
    Ok(executors)
}

/// Every agency.
pub(crate) async fn read_agencies<D: Dialect>(pool: &Pool<D>) -> Result<AgencyTree> {
    agencies::<D>(&mut *pool.acquire().await?).await
}

/// The agencies and every partner and request, read in one transaction.
pub(crate) async fn read_coordination<D: Dialect>(
    pool: &Pool<D>,
) -> Result<(AgencyTree, Arc<Coordination>)> {
    let mut tx = D::begin_reader(pool).await?;
    let agencies = agencies::<D>(&mut tx).await?;
    let facts = count::<D>(&mut tx, sql::FACT_COUNT).await?;
    let coordination = coordination::<D>(&mut tx, &Arc::default(), &agencies, facts).await?;
    tx.commit().await?;
    Ok((agencies, coordination))
}

/// The agencies and the ledger, read in one transaction; `None` if the
/// ledger lags behind the journal and must be rebuilt.
///
/// With a `base` snapshot of this store, only the chunks written since it
/// are read; the others are shared with it.
pub(crate) async fn snapshot<D: Dialect>(
    pool: &Pool<D>,
    base: Option<&Snapshot>,
) -> Result<Option<Snapshot>> {
    let mut tx = D::begin_reader(pool).await?;
    let snapshot = read_snapshot::<D>(&mut tx, base).await?;
    tx.commit().await?;
    Ok(snapshot)
}

/// The number a `SELECT COUNT(*)` statement gives.
async fn count<D: Dialect>(tx: &mut D::Connection, statement: &'static str) -> Result<usize> {
    let n = sqlx::query(statement)
        .fetch_one(D::on(&mut *tx))
        .await?
        .int(0)?;
    Ok(usize::try_from(n).expect("a count is never negative"))
}

async fn read_snapshot<D: Dialect>(
    tx: &mut D::Connection,
    base: Option<&Snapshot>,
) -> Result<Option<Snapshot>> {
    // Agencies and executors are only ever added: the base's serve while
    // none is.
    let agencies = match base {
        Some(base) if count::<D>(tx, sql::AGENCY_COUNT).await? == base.agencies.len() => {
            base.agencies.clone()
        }
        _ => agencies::<D>(&mut *tx).await?,
    };
    let executors = match base {
        Some(base) if count::<D>(tx, sql::EXECUTOR_COUNT).await? == base.executors.len() => {
            base.executors.clone()
        }
        _ => executors::<D>(&mut *tx, &agencies).await?,
    };
    // Facts too are only ever added.
    let empty = Arc::default();
    let base_coordination = base.map_or(&empty, |b| &b.coordination);
    let facts = count::<D>(tx, sql::FACT_COUNT).await?;
    let coordination = if facts == base_coordination.fact_count() {
        Arc::clone(base_coordination)
    } else {
        coordination::<D>(&mut *tx, base_coordination, &agencies, facts).await?
    };
    let journal_seq = sqlx::query(sql::JOURNAL_SEQ)
        .fetch_one(D::on(&mut *tx))
        .await?
        .int(0)?;
    let ledger_seq = sqlx::query(sql::LEDGER_SEQ)
        .fetch_one(D::on(&mut *tx))
        .await?
        .int(0)?;
    if journal_seq != ledger_seq {
        tracing::warn!(
            journal_seq,
            ledger_seq,
            "the ledger lags behind the journal; rebuilding it"
        );
        return Ok(None);
    }
    let ledger = match base {
        None => {
            let count = count::<D>(tx, sql::LEDGER_CHUNK_COUNT).await?;
            let mut chunks = Vec::with_capacity(count);
            for index in 0..count {
                let row = sqlx::query(sql::LEDGER_CHUNK)
                    .with(index as i64)
                    .fetch_optional(D::on(&mut *tx))
                    .await?
                    .ok_or_else(|| crate::damaged(format!("ledger chunk {index} is missing")))?;
                chunks.push(Chunk::decode(row.bytes(0)?).map_err(crate::damaged)?);
            }
            Ledger::from_chunks(chunks)
        }
        Some(base) => {
            let mut ledger = base.ledger.clone();
            let mut rows = sqlx::query(sql::LEDGER_CHUNKS_AFTER)
                .with(base.journal_seq)
                .fetch(D::on(&mut *tx));
            while let Some(row) = rows.try_next().await? {
                let (index, data) = (row.int(0)?, row.bytes(1)?);
                let index = index as usize;
                if index > ledger.chunks().len() {
                    return Err(crate::damaged(format!(
                        "ledger chunk {} is missing",
                        ledger.chunks().len()
                    )));
                }
                let chunk = Chunk::decode(data).map_err(crate::damaged)?;
                ledger.replace_chunks(vec![(index, chunk)]);
            }
            ledger
        }
    };
    Ok(Some(Snapshot {
        agencies,
        executors,
        ledger,
        journal_seq,
        coordination,
        moves: 0,
    }))
}

/// Takes the store's write lock and reads the snapshot under it (rebuilding
/// the ledger if it lags): nothing changes the store until the transaction
/// ends. Given an older `base` snapshot, only the ledger chunks written
/// since are read.
pub(crate) async fn begin_write<D: Dialect>(
    pool: &Pool<D>,
    base: Option<&Snapshot>,
) -> Result<(Transaction<'static, D>, Snapshot)> {
    let mut tx = D::begin_writer(pool).await?;
    let snapshot = match read_snapshot::<D>(&mut tx, base).await? {
        Some(snapshot) => snapshot,
        None => rebuild::<D>(&mut tx).await?,
    };
    Ok((tx, snapshot))
}

/// The records from which a write is a bulk write ([`Dialect::bulk_write`]):
/// an import of a province's year, not a batch of payouts.
const BULK_RECORDS: usize = 100_000;

/// Appends a checked journal and its audit record, and commits (see
/// [`crate::Writer::append`]). A write that fails is rolled back, and the
/// dialect mends what it left, before the error is returned, so that the
/// caller finds the store as it was.
pub(crate) async fn append<D: Dialect>(
    pool: &Pool<D>,
    mut tx: Transaction<'static, D>,
    key: &AuditKey,
    base: &Snapshot,
    prepared: &Prepared,
    audit: &AuditEntry,
    progress: &mut (dyn FnMut(usize) + Send),
) -> Result<i64> {
    D::check_room(pool, prepared)?;
    let bulk = prepared.new_cases + prepared.entries.len() >= BULK_RECORDS;
    let mut write = async |tx: &mut D::Connection| {
        if bulk {
            D::bulk_write(&mut *tx, true).await?;
        }
        let journal_seq = write_appended::<D>(&mut *tx, key, base, prepared, audit, progress).await;
        if bulk {
            // Given back before the commit: the pages the commit leaves
            // clean are then freed.
            D::bulk_write(&mut *tx, false).await?;
        }
        journal_seq
    };
    let written = match write(&mut tx).await {
        Ok(journal_seq) => {
            tracing::debug!("committing");
            tx.commit().await.map(|()| journal_seq).map_err(Into::into)
        }
        Err(e) => {
            if let Err(rollback) = tx.rollback().await {
                tracing::warn!(error = %rollback, "cannot roll back a failed write");
            }
            Err(e)
        }
    };
    if written.is_err() {
        D::after_failed_append(pool).await;
    }
    written
}

/// The ids of the stored cases among `codes`, in a write transaction.
pub(crate) async fn case_ids_in<D: Dialect>(
    tx: &mut Transaction<'static, D>,
    codes: &[&CaseCode],
) -> Result<HashMap<CaseCode, CaseId>> {
    D::case_ids(tx, codes).await
}

/// The ids of the stored cases among `codes`, as they are now.
pub(crate) async fn case_ids<D: Dialect>(
    pool: &Pool<D>,
    codes: &[&CaseCode],
) -> Result<HashMap<CaseCode, CaseId>> {
    D::case_ids(&mut *pool.acquire().await?, codes).await
}

async fn write_appended<D: Dialect>(
    tx: &mut D::Connection,
    key: &AuditKey,
    base: &Snapshot,
    prepared: &Prepared,
    audit: &AuditEntry,
    progress: &mut (dyn FnMut(usize) + Send),
) -> Result<i64> {
    tracing::debug!("sealing the lines");
    let rows = Rows::new(base, prepared, key);
    for (offset, agency) in prepared.agencies.iter().enumerate() {
        sqlx::query(sql::INSERT_AGENCY)
            .with((base.agencies.len() + offset) as i64)
            .with(agency.code.as_str())
            .with(agency.name.as_str())
            .with(agency.parent.as_ref().map(AgencyCode::as_str))
            .with(rows.agency_seal(offset))
            .execute(D::on(&mut *tx))
            .await?;
    }
    for (offset, executor) in prepared.executors.iter().enumerate() {
        sqlx::query(sql::INSERT_EXECUTOR)
            .with((base.executors.len() + offset) as i64)
            .with(executor.code.as_str())
            .with(executor.name.as_str())
            .with(executor.agency.as_str())
            .with(rows.executor_seal(offset))
            .execute(D::on(&mut *tx))
            .await?;
    }
    tracing::debug!("writing cases");
    D::insert_cases(&mut *tx, &rows, progress).await?;
    tracing::debug!("writing events");
    D::insert_events(&mut *tx, &rows, &mut |written| {
        progress(rows.case_count() + written)
    })
    .await?;
    for (offset, fact) in prepared.facts.iter().enumerate() {
        sqlx::query(sql::INSERT_FACT)
            .with((base.coordination.fact_count() + offset) as i64)
            .with(fact.kind())
            .with(fact.request().map(|r| r.as_str()))
            .with(rows.fact_line(offset))
            .with(rows.fact_seal(offset))
            .execute(D::on(&mut *tx))
            .await?;
    }
    tracing::debug!("writing the ledger");
    let journal_seq = write_ledger::<D>(
        &mut *tx,
        prepared.chunks.iter().map(|(i, c)| (*i, c)).collect(),
    )
    .await?;
    append_audit::<D>(&mut *tx, key, audit, Some(rows.appended(journal_seq))).await?;
    Ok(journal_seq)
}

/// Writes changed ledger chunks and marks the ledger as covering the whole
/// journal; returns the journal's last position.
async fn write_ledger<D: Dialect>(
    conn: &mut D::Connection,
    chunks: Vec<(usize, &Chunk)>,
) -> Result<i64> {
    let journal_seq = sqlx::query(sql::JOURNAL_SEQ)
        .fetch_one(D::on(&mut *conn))
        .await?
        .int(0)?;
    for (index, chunk) in chunks {
        sqlx::query(sql::UPSERT_CHUNK)
            .with(index as i64)
            .with(chunk.encode())
            .with(journal_seq)
            .execute(D::on(&mut *conn))
            .await?;
    }
    sqlx::query(sql::SET_LEDGER_SEQ)
        .with(journal_seq)
        .execute(D::on(&mut *conn))
        .await?;
    Ok(journal_seq)
}

/// Every record of the journal, or of one province, read in one
/// transaction (see [`crate::Store::export_province`]).
pub(crate) async fn export<D: Dialect>(
    pool: &Pool<D>,
    province: Option<&str>,
    sink: &mut (dyn FnMut(Record) -> std::io::Result<()> + Send),
) -> Result<std::io::Result<()>> {
    let mut tx = D::begin_reader(pool).await?;
    let tree = agencies::<D>(&mut tx).await?;
    for agency in tree.iter() {
        if let Err(e) = sink(Record::Agency(agency.clone())) {
            return Ok(Err(e));
        }
    }
    for (_, executor) in executors::<D>(&mut tx, &tree).await?.iter() {
        if let Err(e) = sink(Record::Executor(executor.clone())) {
            return Ok(Err(e));
        }
    }
    let query = match province {
        Some(province) => sqlx::query(sql::PROVINCE_JOURNAL).with(province),
        None => sqlx::query(sql::JOURNAL),
    };
    {
        let mut rows = query.fetch(D::on(&mut *tx));
        while let Some(row) = rows.try_next().await? {
            let (_, record) = crate::journal_record(&row)?;
            if let Err(e) = sink(record) {
                return Ok(Err(e));
            }
        }
    }
    // The facts of coordination come last: their partners' agencies and
    // their requests' cases come before them. A province's export holds
    // its partners and its agencies' requests.
    let province = province
        .map(|p| {
            tree.index(&crate::agency_code(p)?)
                .ok_or_else(|| crate::damaged(format!("province {p}")))
        })
        .transpose()?;
    let mut known = Coordination::default();
    let mut failed = None;
    facts_from::<D>(&mut tx, 0, &mut |position, fact, _| {
        known
            .apply(&fact, &tree)
            .map_err(|e| crate::damaged(format!("fact {position}: {e}")))?;
        // A close of the whole store goes with every province's export.
        let agency = match &fact {
            Fact::Partner(p) => Some(&p.agency),
            Fact::Committee(f) => Some(
                known
                    .committee()
                    .province_of(f)
                    .expect("a fact taken has its province"),
            ),
            Fact::Closed(close) => close.agency.as_ref(),
            Fact::Asset(f) => Some(known.assets().agency_of(f).expect("applied")),
            Fact::Warehouse(f) => Some(known.warehouses().agency_of(f).expect("applied")),
            fact => {
                let request = fact.request().expect("a request's fact");
                Some(&known.request(request).expect("applied").request.agency)
            }
        };
        let ours = province.is_none_or(|p| {
            agency.is_none_or(|agency| {
                tree.index(agency)
                    .is_some_and(|agency| tree.root(agency) == p)
            })
        });
        if ours && failed.is_none() {
            failed = sink(Record::Coordination(Box::new(fact))).err();
        }
        Ok(())
    })
    .await?;
    Ok(failed.map_or(Ok(()), Err))
}

/// Every line of the journal with its position and seal, agencies first,
/// read in one transaction (see [`crate::Store::sealed_journal`]).
pub(crate) async fn sealed_journal<D: Dialect>(
    pool: &Pool<D>,
    sink: &mut (dyn FnMut(crate::SealedLine) + Send),
) -> Result<()> {
    let mut tx = D::begin_reader(pool).await?;
    sealed_lines::<D>(&mut tx, &mut |line| {
        sink(line);
        Ok(())
    })
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Every line of the journal with its position and seal, agencies first,
/// read in the caller's transaction; stops at `sink`'s first error.
async fn sealed_lines<D: Dialect>(
    conn: &mut D::Connection,
    sink: &mut (dyn FnMut(crate::SealedLine) -> Result<()> + Send),
) -> Result<()> {
    {
        let mut rows = sqlx::query(sql::SEALED_AGENCIES).fetch(D::on(&mut *conn));
        while let Some(row) = rows.try_next().await? {
            sink(crate::SealedLine {
                position: crate::LinePosition::Agency(row.int(0)?),
                record: Record::Agency(crate::agency_at(&row, 1)?),
                seal: row.maybe_bytes(4)?,
            })?;
        }
    }
    {
        let mut rows = sqlx::query(sql::SEALED_EXECUTORS).fetch(D::on(&mut *conn));
        while let Some(row) = rows.try_next().await? {
            sink(crate::SealedLine {
                position: crate::LinePosition::Executor(row.int(0)?),
                record: Record::Executor(crate::executor_at(&row, 1)?),
                seal: row.maybe_bytes(4)?,
            })?;
        }
    }
    {
        let mut rows = sqlx::query(sql::JOURNAL).fetch(D::on(&mut *conn));
        while let Some(row) = rows.try_next().await? {
            let (seq, record) = crate::journal_record(&row)?;
            sink(crate::SealedLine {
                position: crate::LinePosition::Event(seq),
                record,
                seal: row.maybe_bytes(19)?,
            })?;
        }
    }
    facts_from::<D>(conn, 0, &mut |position, fact, seal| {
        sink(crate::SealedLine {
            position: crate::LinePosition::Fact(position),
            record: Record::Coordination(Box::new(fact)),
            seal,
        })
    })
    .await
}

/// Covers the lines written before thads sealed them (see
/// [`crate::Store::seal_unsealed`]).
pub(crate) async fn seal_unsealed<D: Dialect>(
    pool: &Pool<D>,
    key: &AuditKey,
    audit: &AuditEntry,
) -> Result<Option<Appended>> {
    let mut tx = D::begin_writer(pool).await?;
    let mut digest = LineDigest::default();
    let (mut agencies, mut events) = (0..0, 1..1);
    // The lines without a seal come before every sealed one of their table
    // (executors, which came after sealing, always have one).
    let mut sealed_seen = (false, false, true);
    sealed_lines::<D>(&mut tx, &mut |line| {
        let seen = match line.position {
            crate::LinePosition::Agency(_) => &mut sealed_seen.0,
            crate::LinePosition::Executor(_) | crate::LinePosition::Fact(_) => &mut sealed_seen.2,
            crate::LinePosition::Event(_) => &mut sealed_seen.1,
        };
        match (&line.seal, *seen) {
            (Some(_), _) => *seen = true,
            (None, true) => {
                return Err(crate::damaged(
                    "a line without a seal comes after sealed ones: it was inserted",
                ));
            }
            (None, false) => {
                digest.push(&line_hash(&write_record(&line.record)));
                match line.position {
                    crate::LinePosition::Agency(position) => agencies.end = position + 1,
                    crate::LinePosition::Event(seq) => events.end = seq + 1,
                    crate::LinePosition::Executor(_) | crate::LinePosition::Fact(_) => {
                        unreachable!("executors and facts are sealed")
                    }
                }
            }
        }
        Ok(())
    })
    .await?;
    if digest.lines() == 0 {
        return Ok(None);
    }
    let appended = Appended {
        agencies,
        executors: 0..0,
        events,
        facts: 0..0,
        digest: digest.finish(),
    };
    append_audit::<D>(&mut tx, key, audit, Some(appended.clone())).await?;
    tx.commit().await?;
    Ok(Some(appended))
}

/// Rebuilds the ledger from the journal, checking every stored record again
/// on the way, and stores it.
pub(crate) async fn rebuild_ledger<D: Dialect>(pool: &Pool<D>) -> Result<Snapshot> {
    let mut tx = D::begin_writer(pool).await?;
    let snapshot = rebuild::<D>(&mut tx).await?;
    tx.commit().await?;
    Ok(snapshot)
}

/// The journal folded anew (see [`crate::Store::journal_snapshot`]).
pub(crate) async fn journal_snapshot<D: Dialect>(pool: &Pool<D>) -> Result<Snapshot> {
    let mut tx = D::begin_reader(pool).await?;
    fold_journal::<D>(&mut tx).await
}

/// The journal's position at a time.
pub(crate) async fn position_at<D: Dialect>(pool: &Pool<D>, at_ms: i64) -> Result<i64> {
    let row = sqlx::query(sql::POSITION_AT)
        .with(at_ms)
        .fetch_one(D::on(&mut *pool.acquire().await?))
        .await?;
    row.int(0)
}

/// Rebuilds the ledger inside a write transaction.
async fn rebuild<D: Dialect>(tx: &mut D::Connection) -> Result<Snapshot> {
    let snapshot = fold_journal::<D>(&mut *tx).await?;
    sqlx::query(sql::DELETE_CHUNKS)
        .execute(D::on(&mut *tx))
        .await?;
    let chunks = snapshot
        .ledger
        .chunks()
        .iter()
        .map(|c| &**c)
        .enumerate()
        .collect();
    let journal_seq = write_ledger::<D>(&mut *tx, chunks).await?;
    debug_assert_eq!(journal_seq, snapshot.journal_seq);
    Ok(snapshot)
}

/// Reads the journal and checks every record again, in order, into a
/// snapshot.
async fn fold_journal<D: Dialect>(tx: &mut D::Connection) -> Result<Snapshot> {
    let mut parsed = Parsed::default();
    let tree = agencies::<D>(&mut *tx).await?;
    for agency in tree.iter() {
        parsed.records.push((0, Record::Agency(agency.clone())));
    }
    for (_, executor) in executors::<D>(&mut *tx, &tree).await?.iter() {
        parsed.records.push((0, Record::Executor(executor.clone())));
    }
    {
        let mut rows = sqlx::query(sql::JOURNAL).fetch(D::on(&mut *tx));
        while let Some(row) = rows.try_next().await? {
            let (seq, record) = crate::journal_record(&row)?;
            parsed.records.push((seq as usize, record));
        }
    }
    let prepared = parsed
        .check(
            &AgencyTree::default(),
            &thads_core::executor::Executors::default(),
            &Arc::default(),
            &Ledger::default(),
            &HashMap::new(),
            thads_core::check::Positions::Lines,
        )
        .map_err(|faults| {
            let first = faults.first().expect("a refused journal has a fault");
            crate::damaged(format!("journal event {}: {}", first.line, first.reason))
        })?;
    let mut agencies = AgencyTree::default();
    for agency in prepared.agencies {
        agencies.add(agency).map_err(crate::damaged)?;
    }
    let mut executors = thads_core::executor::Executors::default();
    for executor in prepared.executors {
        executors.add(executor, &agencies).map_err(crate::damaged)?;
    }
    let journal_seq = count::<D>(&mut *tx, sql::JOURNAL_SEQ).await? as i64;
    let mut ledger = Ledger::default();
    ledger.replace_chunks(prepared.chunks);
    let facts = count::<D>(&mut *tx, sql::FACT_COUNT).await?;
    let coordination = coordination::<D>(&mut *tx, &Arc::default(), &agencies, facts).await?;
    let snapshot = Snapshot {
        agencies,
        executors,
        ledger,
        journal_seq,
        coordination,
        moves: 0,
    };
    Ok(snapshot)
}

/// Prepares (without running) every statement, the portable ones and the
/// dialect's own (see [`crate::Store::prepare_all`]).
pub(crate) async fn prepare_all<D: Dialect>(pool: &Pool<D>) -> Result<()> {
    use sqlx::SqlSafeStr;
    let mut conn = pool.acquire().await?;
    let portable = sql::PORTABLE.iter().map(|s| s.to_string());
    for statement in portable.chain(D::own_statements()) {
        sqlx::Executor::prepare(
            D::on(&mut conn),
            sqlx::AssertSqlSafe(statement.clone()).into_sql_str(),
        )
        .await
        .map_err(|e| crate::damaged(format!("{statement}: {e}")))?;
    }
    Ok(())
}

/// Adds a record to the audit trail, in the caller's write transaction,
/// with what the write appended to the journal if it did.
async fn append_audit<D: Dialect>(
    conn: &mut D::Connection,
    key: &AuditKey,
    entry: &AuditEntry,
    appended: Option<Appended>,
) -> Result<()> {
    let head = sqlx::query(sql::AUDIT_HEAD)
        .fetch_one(D::on(&mut *conn))
        .await?;
    let (seq, hash) = (head.int(0)?, head.text(1)?.to_owned());
    let record = AuditRecord::chain(key, seq + 1, &hash, entry.clone(), appended);
    let appended = record.appended.as_ref();
    sqlx::query(sql::INSERT_AUDIT)
        .with(record.seq)
        .with(record.entry.at_ms)
        .with(record.entry.actor.as_str())
        .with(record.entry.address.as_str())
        .with(record.entry.action.as_str())
        .with(record.entry.subject.as_str())
        .with(record.entry.detail.as_str())
        .with(record.prev_hash.as_str())
        .with(record.hash.as_str())
        .with(i64::from(record.keyed))
        .with(appended.map(|a| a.agencies.start))
        .with(appended.map(|a| a.agencies.end))
        .with(appended.map(|a| a.events.start))
        .with(appended.map(|a| a.events.end))
        .with(appended.map(|a| a.digest.as_str()))
        .with(appended.map(|a| a.executors.start))
        .with(appended.map(|a| a.executors.end))
        .with(appended.map(|a| a.facts.start))
        .with(appended.map(|a| a.facts.end))
        .execute(D::on(&mut *conn))
        .await?;
    sqlx::query(sql::SET_AUDIT_HEAD)
        .with(record.seq)
        .with(record.hash.as_str())
        .execute(D::on(&mut *conn))
        .await?;
    Ok(())
}

/// The audit trail's head (last number and hash) and every record, in
/// order, read in one transaction.
pub(crate) async fn audit_trail<D: Dialect>(
    pool: &Pool<D>,
    sink: &mut (dyn FnMut(AuditRecord) + Send),
) -> Result<(i64, String)> {
    let mut tx = D::begin_reader(pool).await?;
    let head = sqlx::query(sql::AUDIT_HEAD)
        .fetch_one(D::on(&mut *tx))
        .await?;
    let head = (head.int(0)?, head.text(1)?.to_owned());
    {
        let mut rows = sqlx::query(sql::AUDIT_RECORDS).fetch(D::on(&mut *tx));
        while let Some(row) = rows.try_next().await? {
            sink(crate::audit_record(&row)?);
        }
    }
    tx.commit().await?;
    Ok(head)
}

/// Adds an account, audited; `false` if the name is taken.
pub(crate) async fn add_account<D: Dialect>(
    pool: &Pool<D>,
    key: &AuditKey,
    account: &Account,
    audit: &AuditEntry,
) -> Result<bool> {
    let mut tx = D::begin_writer(pool).await?;
    let taken = sqlx::query(sql::ACCOUNT)
        .with(account.name.as_str())
        .fetch_optional(D::on(&mut *tx))
        .await?
        .is_some();
    if taken {
        return Ok(false);
    }
    sqlx::query(sql::INSERT_ACCOUNT)
        .with(account.name.as_str())
        .with(account.role.as_str())
        .with(account.agency.as_ref().map(AgencyCode::as_str))
        .with(account.password_hash.as_str())
        .with(account.created_at_ms)
        .execute(D::on(&mut *tx))
        .await?;
    append_audit::<D>(&mut tx, key, audit, None).await?;
    tx.commit().await?;
    Ok(true)
}

/// One account, or every account (`name` = `None`).
pub(crate) async fn accounts<D: Dialect>(
    pool: &Pool<D>,
    name: Option<&str>,
) -> Result<Vec<Account>> {
    let rows = match name {
        Some(name) => {
            sqlx::query(sql::ACCOUNT)
                .with(name)
                .fetch_all(D::on(&mut *pool.acquire().await?))
                .await?
        }
        None => {
            sqlx::query(sql::ACCOUNTS)
                .fetch_all(D::on(&mut *pool.acquire().await?))
                .await?
        }
    };
    rows.iter().map(crate::account).collect()
}

/// Runs `statement` with `binds`, and its audit record, in one write
/// transaction; returns how many rows it changed. With `audit` absent, a
/// plain statement (session bookkeeping: not a change anyone made).
pub(crate) async fn write<D: Dialect>(
    pool: &Pool<D>,
    key: &AuditKey,
    statement: &'static str,
    binds: &[Bind<'_>],
    audit: Option<&AuditEntry>,
) -> Result<u64> {
    // Audited writes take the store's write lock, which orders the chain;
    // bookkeeping does not wait for imports.
    let mut tx = match audit {
        Some(_) => D::begin_writer(pool).await?,
        None => pool.begin().await?,
    };
    let mut query = sqlx::query(statement);
    for bind in binds {
        query = match *bind {
            Bind::Text(text) => query.with(text),
            Bind::Int(int) => query.with(int),
            Bind::NullText => query.with(None::<&str>),
        };
    }
    let changed = D::rows_affected(&query.execute(D::on(&mut *tx)).await?);
    if let Some(audit) = audit {
        append_audit::<D>(&mut tx, key, audit, None).await?;
    }
    tx.commit().await?;
    Ok(changed)
}

/// A session's account and its address, start and last use.
pub(crate) async fn session<D: Dialect>(
    pool: &Pool<D>,
    token_hash: &str,
) -> Result<Option<(Account, String, i64, i64)>> {
    let row = sqlx::query(sql::SESSION)
        .with(token_hash)
        .fetch_optional(D::on(&mut *pool.acquire().await?))
        .await?;
    row.map(|row| {
        Ok((
            crate::account(&row)?,
            row.text(9)?.to_owned(),
            row.int(10)?,
            row.int(11)?,
        ))
    })
    .transpose()
}

/// Failed sign-ins since `since`: of the account, and from the address.
pub(crate) async fn sign_in_failures<D: Dialect>(
    pool: &Pool<D>,
    account: &str,
    address: &str,
    since: i64,
) -> Result<(i64, i64)> {
    let row = sqlx::query(sql::SIGN_IN_FAILURES)
        .with(account)
        .with(address)
        .with(since)
        .fetch_one(D::on(&mut *pool.acquire().await?))
        .await?;
    Ok((row.int(0)?, row.int(1)?))
}

/// The journal's last position and the number of agencies.
pub(crate) async fn position<D: Dialect>(pool: &Pool<D>) -> Result<(i64, i64)> {
    let row = sqlx::query(sql::POSITION)
        .fetch_one(D::on(&mut *pool.acquire().await?))
        .await?;
    Ok((row.int(0)?, row.int(1)?))
}

/// Calls `sink` with what every case from `first_id` on (of one province,
/// if given) is found by, in id order.
pub(crate) async fn case_texts<D: Dialect>(
    pool: &Pool<D>,
    province: Option<&AgencyCode>,
    first_id: CaseId,
    sink: &mut (dyn FnMut(crate::CaseText<'_>) + Send),
) -> Result<()> {
    let query = match province {
        None => sqlx::query(sql::CASE_TEXTS),
        Some(province) => sqlx::query(sql::PROVINCE_CASE_TEXTS).with(province.as_str()),
    };
    let mut conn = pool.acquire().await?;
    let mut rows = query.with(i64::from(first_id)).fetch(D::on(&mut conn));
    while let Some(row) = rows.try_next().await? {
        sink(crate::CaseText {
            id: crate::case_id(row.int(0)?)?,
            code: row.text(1)?,
            decision: row.text(2)?,
            judgment: row.text(3)?,
            debtor: row.text(4)?,
            creditor: row.text(5)?,
        });
    }
    Ok(())
}

/// Every record of one case, its acceptance first; empty if no case has
/// that code.
pub(crate) async fn case_journal<D: Dialect>(
    pool: &Pool<D>,
    code: &CaseCode,
) -> Result<Vec<Record>> {
    // Each row becomes its record as it comes: a case of 50,000 creditors
    // paid out twice has 100,000 records, whose rows held at once, each
    // column a value of its own, take 300 MB.
    let mut connection = pool.acquire().await?;
    let mut rows = sqlx::query(sql::CASE_JOURNAL)
        .with(code.as_str())
        .fetch(D::on(&mut *connection));
    let mut records = Vec::new();
    while let Some(row) = rows.try_next().await? {
        records.push(crate::journal_record(&row)?.1);
    }
    Ok(records)
}

/// The targets of a statistical year: agency, cases rate, money rate.
pub(crate) async fn targets<D: Dialect>(
    pool: &Pool<D>,
    year: i64,
) -> Result<Vec<(AgencyCode, i64, i64)>> {
    let rows = sqlx::query(sql::TARGETS)
        .with(year)
        .fetch_all(D::on(&mut *pool.acquire().await?))
        .await?;
    rows.iter()
        .map(|row| Ok((crate::agency_code(row.text(0)?)?, row.int(1)?, row.int(2)?)))
        .collect()
}

pub(crate) async fn calendar_decisions<D: Dialect>(
    pool: &Pool<D>,
) -> Result<Vec<(i64, bool, String)>> {
    let rows = sqlx::query(sql::CALENDAR_DECISIONS)
        .fetch_all(D::on(&mut *pool.acquire().await?))
        .await?;
    rows.iter()
        .map(|row| Ok((row.int(0)?, row.text(1)? == "off", row.text(2)?.to_owned())))
        .collect()
}

/// The cases terminated on `ground` from `from` to `to`, with the day.
pub(crate) async fn terminated_on_ground<D: Dialect>(
    pool: &Pool<D>,
    ground: &str,
    from: thads_core::Day,
    to: thads_core::Day,
) -> Result<Vec<(CaseId, thads_core::Day)>> {
    let rows = sqlx::query(sql::TERMINATED_ON_GROUND)
        .with(ground)
        .with(i64::from(from.yyyymmdd()))
        .with(i64::from(to.yyyymmdd()))
        .fetch_all(D::on(&mut *pool.acquire().await?))
        .await?;
    rows.iter()
        .map(|row| Ok((crate::case_id(row.int(0)?)?, crate::day(row.int(1)?)?)))
        .collect()
}

/// An attachment's type and bytes.
pub(crate) async fn attachment<D: Dialect>(
    pool: &Pool<D>,
    sha256: &str,
) -> Result<Option<(String, Vec<u8>)>> {
    let row = sqlx::query(sql::ATTACHMENT)
        .with(sha256)
        .fetch_optional(D::on(&mut *pool.acquire().await?))
        .await?;
    row.map(|row| Ok((row.text(0)?.to_owned(), row.bytes(1)?.to_vec())))
        .transpose()
}

/// Keeps an attachment in a write's transaction.
/// When a file with this SHA-256 was imported, and by whom, if it was.
pub(crate) async fn imported<D: Dialect>(
    tx: &mut Transaction<'static, D>,
    sha256: &str,
) -> Result<Option<(i64, String)>> {
    let pattern = format!(r#"%"sha256":"{sha256}"%"#);
    let row = sqlx::query(sql::IMPORT_OF_FILE)
        .with(pattern.as_str())
        .fetch_optional(D::on(&mut **tx))
        .await?;
    row.map(|row| Ok((row.int(0)?, row.text(1)?.to_owned())))
        .transpose()
}

pub(crate) async fn add_attachment<D: Dialect>(
    tx: &mut Transaction<'static, D>,
    sha256: &str,
    media_type: &str,
    bytes: &[u8],
) -> Result<()> {
    sqlx::query(sql::INSERT_ATTACHMENT)
        .with(sha256)
        .with(media_type)
        .with(bytes.to_vec())
        .execute(D::on(&mut **tx))
        .await?;
    Ok(())
}

/// Every fact of coordination from position `from` on, each with its
/// position and seal, in order.
async fn facts_from<D: Dialect>(
    conn: &mut D::Connection,
    from: usize,
    sink: &mut (
             dyn FnMut(i64, thads_core::coordination::Fact, Option<Vec<u8>>) -> Result<()> + Send
         ),
) -> Result<()> {
    let mut rows = sqlx::query(sql::FACTS_FROM)
        .with(from as i64)
        .fetch(D::on(&mut *conn));
    while let Some(row) = rows.try_next().await? {
        let position = row.int(0)?;
        let fact = match thads_core::journal::parse_line(row.text(1)?) {
            Ok(Record::Coordination(fact)) => *fact,
            _ => return Err(crate::damaged(format!("fact {position} is not a fact"))),
        };
        sink(position, fact, row.maybe_bytes(2)?)?;
    }
    Ok(())
}

/// The partners and requests after the facts from `base`'s on, up to
/// `count` facts: their lines read a block at a time, each block parsed on
/// a blocking thread while the next is read, then taken in order.
async fn coordination<D: Dialect>(
    conn: &mut D::Connection,
    base: &Arc<Coordination>,
    agencies: &AgencyTree,
    count: usize,
) -> Result<Arc<Coordination>> {
    const BLOCK: usize = 16_384;
    // Blocks parsed ahead of the fold: enough to keep the cores busy, few
    // enough that the text of every fact is never in memory at once.
    const AHEAD: usize = 4;
    let first = base.fact_count();
    let mut parsing = std::collections::VecDeque::new();
    let mut next = Arc::clone(base);
    let coordination = Arc::make_mut(&mut next);
    let mut position = first;
    let mut start = first;
    while start < count || !parsing.is_empty() {
        if start < count && parsing.len() < AHEAD {
            let end = (start + BLOCK).min(count);
            let row = sqlx::query(sql::FACT_LINES)
                .with(start as i64)
                .with(end as i64)
                .with("\n")
                .fetch_one(D::on(&mut *conn))
                .await?;
            let text = row.maybe_text(0)?.unwrap_or_default().to_owned();
            parsing.push_back(tokio::task::spawn_blocking(move || parse_facts(&text)));
            start = end;
            continue;
        }
        let block = parsing.pop_front().expect("a block in flight");
        for (number, fact) in block.await.map_err(crate::damaged)?? {
            if number != position {
                return Err(crate::damaged(format!("fact {position} is missing")));
            }
            coordination
                .take(fact, agencies)
                .map_err(|e| crate::damaged(format!("fact {position}: {e}")))?;
            position += 1;
        }
    }
    if position != count {
        return Err(crate::damaged(format!("fact {position} is missing")));
    }
    Ok(next)
}

/// A block of [`sql::FACT_LINES`]: each fact with its position, in order.
fn parse_facts(text: &str) -> Result<Vec<(usize, thads_core::coordination::Fact)>> {
    let mut facts = text
        .split('\n')
        .map(|numbered| {
            let (number, line) = numbered.split_once(' ')?;
            let number = number.parse::<usize>().ok()?;
            match thads_core::journal::parse_line(line) {
                Ok(Record::Coordination(fact)) => Some((number, *fact)),
                _ => None,
            }
        })
        .collect::<Option<Vec<_>>>()
        .ok_or_else(|| crate::damaged("a fact of coordination is not readable"))?;
    if !facts.is_sorted_by_key(|(n, _)| *n) {
        facts.sort_unstable_by_key(|(n, _)| *n);
    }
    Ok(facts)
}

/// Calls `sink` with what the public list of debtors shows of each case of a
/// province, then with each of its `unable` events in journal order.
pub(crate) async fn province_debtors<D: Dialect>(
    pool: &Pool<D>,
    province: &AgencyCode,
    sink: &mut (dyn FnMut(crate::DebtorRow<'_>) + Send),
) -> Result<()> {
    let mut tx = D::begin_reader(pool).await?;
    {
        let mut rows = sqlx::query(sql::PROVINCE_DEBTORS)
            .with(province.as_str())
            .fetch(D::on(&mut *tx));
        while let Some(row) = rows.try_next().await? {
            sink(crate::DebtorRow::Case {
                id: crate::case_id(row.int(0)?)?,
                name: row.text(1)?,
                address: row.maybe_text(2)?,
                judgment: row.text(3)?,
                decision: row.text(4)?,
            });
        }
    }
    {
        let mut rows = sqlx::query(sql::PROVINCE_UNABLE)
            .with(province.as_str())
            .fetch(D::on(&mut *tx));
        while let Some(row) = rows.try_next().await? {
            sink(crate::DebtorRow::Unable {
                id: crate::case_id(row.int(0)?)?,
                on: crate::day(row.int(1)?)?,
                reason: row.maybe_text(2)?,
            });
        }
    }
    tx.commit().await?;
    Ok(())
}
