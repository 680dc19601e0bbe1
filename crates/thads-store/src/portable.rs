// The store's operations, written once and compiled for each backend:
// `include!`d by sqlite.rs and postgres.rs, where `Db` is that backend's
// database. The including module supplies what its dialect does its own way:
// `begin_reader` (a consistent read-only view), `begin_writer` (takes the
// store's write lock), `insert_cases` and `insert_events` (the bulk path).

type Connection = <Db as sqlx::Database>::Connection;

async fn agencies(conn: &mut Connection) -> Result<AgencyTree> {
    let mut tree = AgencyTree::default();
    for row in sqlx::query(sql::AGENCIES).fetch_all(&mut *conn).await? {
        tree.add(crate::agency(&row)?).map_err(crate::damaged)?;
    }
    Ok(tree)
}

/// Every agency.
pub(crate) async fn read_agencies(pool: &sqlx::Pool<Db>) -> Result<AgencyTree> {
    agencies(&mut *pool.acquire().await?).await
}

/// The agencies and the ledger, read in one transaction; `None` if the
/// ledger lags behind the journal and must be rebuilt.
///
/// With a `base` snapshot of this store, only the chunks written since it
/// are read; the others are shared with it.
pub(crate) async fn snapshot(
    pool: &sqlx::Pool<Db>,
    base: Option<&Snapshot>,
) -> Result<Option<Snapshot>> {
    let mut tx = begin_reader(pool).await?;
    let snapshot = read_snapshot(&mut tx, base).await?;
    tx.commit().await?;
    Ok(snapshot)
}

async fn read_snapshot(tx: &mut Connection, base: Option<&Snapshot>) -> Result<Option<Snapshot>> {
    let agencies = agencies(&mut *tx).await?;
    let journal_seq: i64 = sqlx::query_scalar(sql::JOURNAL_SEQ)
        .fetch_one(&mut *tx)
        .await?;
    let ledger_seq: i64 = sqlx::query_scalar(sql::LEDGER_SEQ)
        .fetch_one(&mut *tx)
        .await?;
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
            let mut chunks = Vec::new();
            let mut rows = sqlx::query(sql::LEDGER_CHUNKS).fetch(&mut *tx);
            while let Some(row) = rows.try_next().await? {
                let (index, data): (i64, &[u8]) = (row.try_get(0)?, row.try_get(1)?);
                if index != chunks.len() as i64 {
                    return Err(crate::damaged(format!(
                        "ledger chunk {} is missing",
                        chunks.len()
                    )));
                }
                chunks.push(Chunk::decode(data).map_err(crate::damaged)?);
            }
            Ledger::from_chunks(chunks)
        }
        Some(base) => {
            let mut ledger = base.ledger.clone();
            let mut rows = sqlx::query(sql::LEDGER_CHUNKS_AFTER)
                .bind(base.journal_seq)
                .fetch(&mut *tx);
            while let Some(row) = rows.try_next().await? {
                let (index, data): (i64, &[u8]) = (row.try_get(0)?, row.try_get(1)?);
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
        ledger,
        journal_seq,
    }))
}

/// Takes the store's write lock and reads the snapshot under it (rebuilding
/// the ledger if it lags): nothing changes the store until the transaction
/// ends.
pub(crate) async fn begin_write(
    pool: &sqlx::Pool<Db>,
) -> Result<(sqlx::Transaction<'static, Db>, Snapshot)> {
    let mut tx = begin_writer(pool).await?;
    let snapshot = match read_snapshot(&mut tx, None).await? {
        Some(snapshot) => snapshot,
        None => rebuild(&mut tx).await?,
    };
    Ok((tx, snapshot))
}

/// Appends a checked journal and its audit record, and commits (see
/// [`crate::Writer::append`]). A write that fails is rolled back before the
/// error is returned, so that the caller finds the store as it was.
pub(crate) async fn append(
    mut tx: sqlx::Transaction<'static, Db>,
    key: &AuditKey,
    base: &Snapshot,
    prepared: &Prepared,
    audit: &AuditEntry,
    progress: &mut (dyn FnMut(usize) + Send),
) -> Result<i64> {
    match write_appended(&mut tx, key, base, prepared, audit, progress).await {
        Ok(journal_seq) => {
            tracing::debug!("committing");
            tx.commit().await?;
            Ok(journal_seq)
        }
        Err(e) => {
            if let Err(rollback) = tx.rollback().await {
                tracing::warn!(error = %rollback, "cannot roll back a failed write");
            }
            Err(e)
        }
    }
}

async fn write_appended(
    tx: &mut Connection,
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
            .bind((base.agencies.len() + offset) as i64)
            .bind(agency.code.as_str())
            .bind(&agency.name)
            .bind(agency.parent.as_ref().map(AgencyCode::as_str))
            .bind(rows.agency_seal(offset))
            .execute(&mut *tx)
            .await?;
    }
    tracing::debug!("writing cases");
    insert_cases(&mut *tx, &rows, progress).await?;
    tracing::debug!("writing events");
    insert_events(&mut *tx, &rows, &mut |written| {
        progress(rows.case_count() + written)
    })
    .await?;
    tracing::debug!("writing the ledger");
    let journal_seq = write_ledger(&mut *tx, &prepared.chunks).await?;
    append_audit(&mut *tx, key, audit, Some(rows.appended(journal_seq))).await?;
    Ok(journal_seq)
}

/// Writes changed ledger chunks and marks the ledger as covering the whole
/// journal; returns the journal's last position.
async fn write_ledger(conn: &mut Connection, chunks: &[(usize, Chunk)]) -> Result<i64> {
    let journal_seq: i64 = sqlx::query_scalar(sql::JOURNAL_SEQ)
        .fetch_one(&mut *conn)
        .await?;
    for (index, chunk) in chunks {
        sqlx::query(sql::UPSERT_CHUNK)
            .bind(*index as i64)
            .bind(chunk.encode())
            .bind(journal_seq)
            .execute(&mut *conn)
            .await?;
    }
    sqlx::query(sql::SET_LEDGER_SEQ)
        .bind(journal_seq)
        .execute(&mut *conn)
        .await?;
    Ok(journal_seq)
}

/// Every record of the journal, or of one province, read in one
/// transaction (see [`crate::Store::export_province`]).
pub(crate) async fn export(
    pool: &sqlx::Pool<Db>,
    province: Option<&str>,
    sink: &mut (dyn FnMut(Record) -> std::io::Result<()> + Send),
) -> Result<std::io::Result<()>> {
    let mut tx = begin_reader(pool).await?;
    for agency in agencies(&mut tx).await?.iter() {
        if let Err(e) = sink(Record::Agency(agency.clone())) {
            return Ok(Err(e));
        }
    }
    let query = match province {
        Some(province) => sqlx::query(sql::PROVINCE_JOURNAL).bind(province),
        None => sqlx::query(sql::JOURNAL),
    };
    let mut rows = query.fetch(&mut *tx);
    while let Some(row) = rows.try_next().await? {
        let (_, record) = crate::journal_record(&row)?;
        if let Err(e) = sink(record) {
            return Ok(Err(e));
        }
    }
    Ok(Ok(()))
}

/// Every line of the journal with its position and seal, agencies first,
/// read in one transaction (see [`crate::Store::sealed_journal`]).
pub(crate) async fn sealed_journal(
    pool: &sqlx::Pool<Db>,
    sink: &mut (dyn FnMut(crate::SealedLine) + Send),
) -> Result<()> {
    let mut tx = begin_reader(pool).await?;
    sealed_lines(&mut tx, &mut |line| {
        sink(line);
        Ok(())
    })
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Every line of the journal with its position and seal, agencies first,
/// read in the caller's transaction; stops at `sink`'s first error.
async fn sealed_lines(
    conn: &mut Connection,
    sink: &mut (dyn FnMut(crate::SealedLine) -> Result<()> + Send),
) -> Result<()> {
    {
        let mut rows = sqlx::query(sql::SEALED_AGENCIES).fetch(&mut *conn);
        while let Some(row) = rows.try_next().await? {
            sink(crate::SealedLine {
                position: crate::LinePosition::Agency(row.int(0)?),
                record: Record::Agency(crate::agency_at(&row, 1)?),
                seal: row.try_get::<Option<Vec<u8>>, _>(4)?,
            })?;
        }
    }
    let mut rows = sqlx::query(sql::JOURNAL).fetch(&mut *conn);
    while let Some(row) = rows.try_next().await? {
        let (seq, record) = crate::journal_record(&row)?;
        sink(crate::SealedLine {
            position: crate::LinePosition::Event(seq),
            record,
            seal: row.try_get::<Option<Vec<u8>>, _>(19)?,
        })?;
    }
    Ok(())
}

/// Covers the lines written before thads sealed them (see
/// [`crate::Store::seal_unsealed`]).
pub(crate) async fn seal_unsealed(
    pool: &sqlx::Pool<Db>,
    key: &AuditKey,
    audit: &AuditEntry,
) -> Result<Option<Appended>> {
    let mut tx = begin_writer(pool).await?;
    let mut digest = LineDigest::default();
    let (mut agencies, mut events) = (0..0, 1..1);
    // The lines without a seal come before every sealed one of their table.
    let mut sealed_seen = (false, false);
    sealed_lines(&mut tx, &mut |line| {
        let seen = match line.position {
            crate::LinePosition::Agency(_) => &mut sealed_seen.0,
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
        events,
        digest: digest.finish(),
    };
    append_audit(&mut tx, key, audit, Some(appended.clone())).await?;
    tx.commit().await?;
    Ok(Some(appended))
}

/// Rebuilds the ledger from the journal, checking every stored record again
/// on the way, and stores it.
pub(crate) async fn rebuild_ledger(pool: &sqlx::Pool<Db>) -> Result<Snapshot> {
    let mut tx = begin_writer(pool).await?;
    let snapshot = rebuild(&mut tx).await?;
    tx.commit().await?;
    Ok(snapshot)
}

/// Rebuilds the ledger inside a write transaction.
async fn rebuild(tx: &mut Connection) -> Result<Snapshot> {
    let mut parsed = Parsed::default();
    for agency in agencies(&mut *tx).await?.iter() {
        parsed.records.push((0, Record::Agency(agency.clone())));
    }
    {
        let mut rows = sqlx::query(sql::JOURNAL).fetch(&mut *tx);
        while let Some(row) = rows.try_next().await? {
            let (seq, record) = crate::journal_record(&row)?;
            parsed.records.push((seq as usize, record));
        }
    }
    let prepared = parsed
        .check(&AgencyTree::default(), &Ledger::default(), &HashMap::new())
        .map_err(|faults| {
            let first = faults.first().expect("a refused journal has a fault");
            crate::damaged(format!("journal event {}: {}", first.line, first.message))
        })?;
    let mut agencies = AgencyTree::default();
    for agency in prepared.agencies {
        agencies.add(agency).map_err(crate::damaged)?;
    }
    sqlx::query(sql::DELETE_CHUNKS).execute(&mut *tx).await?;
    let journal_seq = write_ledger(&mut *tx, &prepared.chunks).await?;
    let mut ledger = Ledger::default();
    ledger.replace_chunks(prepared.chunks);
    Ok(Snapshot {
        agencies,
        ledger,
        journal_seq,
    })
}

/// Prepares (without running) every portable statement and `own`, the
/// dialect's.
async fn prepare_statements(pool: &sqlx::Pool<Db>, own: &[String]) -> Result<()> {
    use sqlx::SqlSafeStr;
    let mut conn = pool.acquire().await?;
    let portable = sql::PORTABLE.iter().map(|s| s.to_string());
    for statement in portable.chain(own.iter().cloned()) {
        sqlx::Executor::prepare(
            &mut *conn,
            sqlx::AssertSqlSafe(statement.clone()).into_sql_str(),
        )
        .await
        .map_err(|e| crate::damaged(format!("{statement}: {e}")))?;
    }
    Ok(())
}

/// Adds a record to the audit trail, in the caller's write transaction,
/// with what the write appended to the journal if it did.
async fn append_audit(
    conn: &mut Connection,
    key: &AuditKey,
    entry: &AuditEntry,
    appended: Option<Appended>,
) -> Result<()> {
    let head = sqlx::query(sql::AUDIT_HEAD).fetch_one(&mut *conn).await?;
    let (seq, hash) = (head.int(0)?, head.text(1)?.to_owned());
    let record = AuditRecord::chain(key, seq + 1, &hash, entry.clone(), appended);
    let appended = record.appended.as_ref();
    sqlx::query(sql::INSERT_AUDIT)
        .bind(record.seq)
        .bind(record.entry.at_ms)
        .bind(&record.entry.actor)
        .bind(&record.entry.address)
        .bind(&record.entry.action)
        .bind(&record.entry.subject)
        .bind(&record.entry.detail)
        .bind(&record.prev_hash)
        .bind(&record.hash)
        .bind(i64::from(record.keyed))
        .bind(appended.map(|a| a.agencies.start))
        .bind(appended.map(|a| a.agencies.end))
        .bind(appended.map(|a| a.events.start))
        .bind(appended.map(|a| a.events.end))
        .bind(appended.map(|a| a.digest.as_str()))
        .execute(&mut *conn)
        .await?;
    sqlx::query(sql::SET_AUDIT_HEAD)
        .bind(record.seq)
        .bind(&record.hash)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// The audit trail's head (last number and hash) and every record, in
/// order, read in one transaction.
pub(crate) async fn audit_trail(
    pool: &sqlx::Pool<Db>,
    sink: &mut (dyn FnMut(AuditRecord) + Send),
) -> Result<(i64, String)> {
    let mut tx = begin_reader(pool).await?;
    let head = sqlx::query(sql::AUDIT_HEAD).fetch_one(&mut *tx).await?;
    let head = (head.int(0)?, head.text(1)?.to_owned());
    {
        let mut rows = sqlx::query(sql::AUDIT_RECORDS).fetch(&mut *tx);
        while let Some(row) = rows.try_next().await? {
            sink(crate::audit_record(&row)?);
        }
    }
    tx.commit().await?;
    Ok(head)
}

/// Adds an account, audited; `false` if the name is taken.
pub(crate) async fn add_account(
    pool: &sqlx::Pool<Db>,
    key: &AuditKey,
    account: &Account,
    audit: &AuditEntry,
) -> Result<bool> {
    let mut tx = begin_writer(pool).await?;
    let taken = sqlx::query(sql::ACCOUNT)
        .bind(account.name.as_str())
        .fetch_optional(&mut *tx)
        .await?
        .is_some();
    if taken {
        return Ok(false);
    }
    sqlx::query(sql::INSERT_ACCOUNT)
        .bind(account.name.as_str())
        .bind(account.role.as_str())
        .bind(account.agency.as_ref().map(AgencyCode::as_str))
        .bind(&account.password_hash)
        .bind(account.created_at_ms)
        .execute(&mut *tx)
        .await?;
    append_audit(&mut tx, key, audit, None).await?;
    tx.commit().await?;
    Ok(true)
}

/// One account, or every account (`name` = `None`).
pub(crate) async fn accounts(pool: &sqlx::Pool<Db>, name: Option<&str>) -> Result<Vec<Account>> {
    let rows = match name {
        Some(name) => sqlx::query(sql::ACCOUNT).bind(name).fetch_all(pool).await?,
        None => sqlx::query(sql::ACCOUNTS).fetch_all(pool).await?,
    };
    rows.iter().map(crate::account).collect()
}

/// Runs `statement` with `binds`, and its audit record, in one write
/// transaction; returns how many rows it changed. With `audit` absent, a
/// plain statement (session bookkeeping: not a change anyone made).
pub(crate) async fn write(
    pool: &sqlx::Pool<Db>,
    key: &AuditKey,
    statement: &'static str,
    binds: &[Bind<'_>],
    audit: Option<&AuditEntry>,
) -> Result<u64> {
    // Audited writes take the store's write lock, which orders the chain;
    // bookkeeping does not wait for imports.
    let mut tx = match audit {
        Some(_) => begin_writer(pool).await?,
        None => pool.begin().await?,
    };
    let mut query = sqlx::query(statement);
    for bind in binds {
        query = match *bind {
            Bind::Text(text) => query.bind(text),
            Bind::Int(int) => query.bind(int),
        };
    }
    let changed = query.execute(&mut *tx).await?.rows_affected();
    if let Some(audit) = audit {
        append_audit(&mut tx, key, audit, None).await?;
    }
    tx.commit().await?;
    Ok(changed)
}

/// A session's account and its address, start and last use.
pub(crate) async fn session(
    pool: &sqlx::Pool<Db>,
    token_hash: &str,
) -> Result<Option<(Account, String, i64, i64)>> {
    let row = sqlx::query(sql::SESSION)
        .bind(token_hash)
        .fetch_optional(pool)
        .await?;
    row.map(|row| {
        Ok((
            crate::account(&row)?,
            row.text(6)?.to_owned(),
            row.int(7)?,
            row.int(8)?,
        ))
    })
    .transpose()
}

/// Failed sign-ins since `since`: of the account, and from the address.
pub(crate) async fn sign_in_failures(
    pool: &sqlx::Pool<Db>,
    account: &str,
    address: &str,
    since: i64,
) -> Result<(i64, i64)> {
    let row = sqlx::query(sql::SIGN_IN_FAILURES)
        .bind(account)
        .bind(address)
        .bind(since)
        .fetch_one(pool)
        .await?;
    Ok((row.int(0)?, row.int(1)?))
}

/// The journal's last position and the number of agencies.
pub(crate) async fn position(pool: &sqlx::Pool<Db>) -> Result<(i64, i64)> {
    let row = sqlx::query(sql::POSITION).fetch_one(pool).await?;
    Ok((row.int(0)?, row.int(1)?))
}

/// Calls `sink` with what every case from `first_id` on (of one province,
/// if given) is found by, in id order.
pub(crate) async fn case_texts(
    pool: &sqlx::Pool<Db>,
    province: Option<&AgencyCode>,
    first_id: CaseId,
    sink: &mut (dyn FnMut(crate::CaseText<'_>) + Send),
) -> Result<()> {
    let query = match province {
        None => sqlx::query(sql::CASE_TEXTS),
        Some(province) => sqlx::query(sql::PROVINCE_CASE_TEXTS).bind(province.as_str()),
    };
    let mut rows = query.bind(i64::from(first_id)).fetch(pool);
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
pub(crate) async fn case_journal(pool: &sqlx::Pool<Db>, code: &CaseCode) -> Result<Vec<Record>> {
    let rows = sqlx::query(sql::CASE_JOURNAL)
        .bind(code.as_str())
        .fetch_all(pool)
        .await?;
    rows.iter()
        .map(|row| Ok(crate::journal_record(row)?.1))
        .collect()
}

/// The targets of a statistical year: agency, cases rate, money rate.
pub(crate) async fn targets(
    pool: &sqlx::Pool<Db>,
    year: i64,
) -> Result<Vec<(AgencyCode, i64, i64)>> {
    let rows = sqlx::query(sql::TARGETS).bind(year).fetch_all(pool).await?;
    rows.iter()
        .map(|row| Ok((crate::agency_code(row.text(0)?)?, row.int(1)?, row.int(2)?)))
        .collect()
}

/// Calls `sink` with what the public list of debtors shows of each case of a
/// province, then with each of its `unable` events in journal order.
pub(crate) async fn province_debtors(
    pool: &sqlx::Pool<Db>,
    province: &AgencyCode,
    sink: &mut (dyn FnMut(crate::DebtorRow<'_>) + Send),
) -> Result<()> {
    let mut tx = begin_reader(pool).await?;
    {
        let mut rows = sqlx::query(sql::PROVINCE_DEBTORS)
            .bind(province.as_str())
            .fetch(&mut *tx);
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
            .bind(province.as_str())
            .fetch(&mut *tx);
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
