//! Every statement thads runs. Most are written once for both backends (`$n`
//! placeholders, portable SQL); the few where the dialects really differ
//! come last, marked with their backend.

pub const AGENCIES: &str = "SELECT code, name, parent FROM agency ORDER BY position";

pub const AGENCY_COUNT: &str = "SELECT COUNT(*) FROM agency";

pub const INSERT_AGENCY: &str =
    "INSERT INTO agency (position, code, name, parent, seal) VALUES ($1, $2, $3, $4, $5)";

/// Every agency with its position and seal, in declaration order.
pub const SEALED_AGENCIES: &str =
    "SELECT position, code, name, parent, seal FROM agency ORDER BY position";

pub const EXECUTORS: &str = "SELECT code, name, agency FROM executor ORDER BY position";

pub const EXECUTOR_COUNT: &str = "SELECT COUNT(*) FROM executor";

pub const INSERT_EXECUTOR: &str =
    "INSERT INTO executor (position, code, name, agency, seal) VALUES ($1, $2, $3, $4, $5)";

/// Every executor with its position and seal, in declaration order.
pub const SEALED_EXECUTORS: &str =
    "SELECT position, code, name, agency, seal FROM executor ORDER BY position";

pub const FACT_COUNT: &str = "SELECT COUNT(*) FROM coordination_fact";

pub const INSERT_FACT: &str = "INSERT INTO coordination_fact (position, type, request, line, seal) VALUES ($1, $2, $3, $4, $5)";

/// The facts of coordination from a position on, with their seals, in order.
pub const FACTS_FROM: &str =
    "SELECT position, line, seal FROM coordination_fact WHERE position >= $1 ORDER BY position";

/// The facts of coordination of positions `$1` to `$2` (excluded), each
/// as its position, a space and its line, joined by `$3`: one row a block,
/// since a row is what a read pays for most on SQLite. (The order is put
/// right by the reader: an aggregate's ORDER BY sorts on disk.)
pub const FACT_LINES: &str = "SELECT string_agg(CAST(position AS TEXT) || ' ' || line, $3) \
     FROM coordination_fact WHERE position >= $1 AND position < $2";

pub const INSERT_ATTACHMENT: &str = "INSERT INTO attachment (sha256, media_type, bytes) VALUES ($1, $2, $3) \
     ON CONFLICT (sha256) DO NOTHING";

pub const ATTACHMENT: &str = "SELECT media_type, bytes FROM attachment WHERE sha256 = $1";

pub const CASE_COLUMNS: &[&str] = &[
    "province",
    "id",
    "code",
    "agency",
    "accepted_on",
    "mode",
    "amount",
    "categories",
    "decision",
    "judgment",
    "debtor_name",
    "debtor_id",
    "debtor_address",
    "creditor_name",
    "creditor_id",
    "creditor_address",
    "judgment_kind",
    "budget_item",
    "creditors",
    "debtors",
];

pub const EVENT_COLUMNS: &[&str] = &[
    "seq",
    "province",
    "case_id",
    "on_day",
    "kind",
    "amount",
    "reason",
    "to_agency",
    "seal",
    "executor",
    "means",
    "ground",
    "payee",
    "counted_on",
];

pub const JOURNAL_SEQ: &str = "SELECT COALESCE(MAX(seq), 0) FROM journal_event";

/// SQLite: whether the journal holds no event yet.
pub const JOURNAL_EMPTY: &str = "SELECT NOT EXISTS (SELECT 1 FROM journal_event)";

/// SQLite: the index that finds a case's events (migration 3), dropped
/// while a big file fills an empty journal and built again after it.
pub const DROP_EVENT_CASE_INDEX: &str = "DROP INDEX journal_event_case";

/// See [`DROP_EVENT_CASE_INDEX`]; the same as migration 3 creates.
pub const CREATE_EVENT_CASE_INDEX: &str =
    "CREATE INDEX journal_event_case ON journal_event (province, case_id, seq)";

pub const LEDGER_SEQ: &str = "SELECT journal_seq FROM ledger_state WHERE id = 1";

pub const SET_LEDGER_SEQ: &str = "UPDATE ledger_state SET journal_seq = $1 WHERE id = 1";

pub const LEDGER_CHUNK_COUNT: &str = "SELECT COUNT(*) FROM ledger_chunk";

/// One chunk: they are read one at a time, so that a single chunk's blob
/// is in memory beside the ledger being decoded, not the rows a stream
/// would fetch ahead.
pub const LEDGER_CHUNK: &str = "SELECT data FROM ledger_chunk WHERE chunk = $1";

pub const UPSERT_CHUNK: &str = "INSERT INTO ledger_chunk (chunk, data, journal_seq) VALUES ($1, $2, $3) \
     ON CONFLICT (chunk) DO UPDATE SET data = excluded.data, journal_seq = excluded.journal_seq";

/// The chunks written after a journal position: found in the index by
/// position (migration 5), then read by their key. (Asked in one piece,
/// SQLite scans the table in key order instead, reading every chunk's blob
/// to reach the position stored behind it.)
pub const LEDGER_CHUNKS_AFTER: &str = "SELECT chunk, data FROM ledger_chunk WHERE chunk IN \
     (SELECT chunk FROM ledger_chunk WHERE journal_seq > $1) ORDER BY chunk";

pub const DELETE_CHUNKS: &str = "DELETE FROM ledger_chunk";

/// Journal records with their case's acceptance details. The lists of
/// creditors and debtors are read with the acceptance alone: a decision of
/// 50,000 creditors holds 10 MB of them, which every payout of its batch
/// would otherwise carry.
macro_rules! journal_records {
    ($rest:literal) => {
        concat!(
            "SELECT e.seq, e.kind, c.code, e.on_day, e.amount, e.reason, e.to_agency, c.id, \
             c.agency, c.mode, c.categories, c.decision, c.judgment, \
             c.debtor_name, c.debtor_id, c.debtor_address, c.creditor_name, c.creditor_id, c.creditor_address, \
             e.seal, e.executor, e.means, e.ground, e.payee, e.counted_on, c.judgment_kind, c.budget_item, \
             CASE WHEN e.kind = 'accepted' THEN c.creditors END, \
             CASE WHEN e.kind = 'accepted' THEN c.debtors END \
             FROM journal_event e JOIN enforcement_case c ON c.province = e.province AND c.id = e.case_id ",
            $rest
        )
    };
}

/// The whole journal in order.
pub const JOURNAL: &str = journal_records!("ORDER BY e.seq");

/// One case's records in order: its events found by the case's key, in
/// the order of that index, so that nothing is sorted. (Asked by `c.code`,
/// SQLite sorts the rows instead, in memory up to the page cache's size:
/// 250 MB for a case of 50,000 creditors paid out twice.)
pub const CASE_JOURNAL: &str = journal_records!(
    "WHERE (e.province, e.case_id) = (SELECT province, id FROM enforcement_case WHERE code = $1) \
     ORDER BY e.seq"
);

/// One province's records in order.
pub const PROVINCE_JOURNAL: &str = journal_records!("WHERE e.province = $1 ORDER BY e.seq");

/// Where the journal has got to: its last position, and how many agencies,
/// executors and facts of coordination it holds (an import of
/// declarations alone, or a request, adds no journal position). Facts'
/// positions are dense from 0: the last one plus one counts them, read from
/// the key, where a count would scan the table.
pub const POSITION: &str = "SELECT (SELECT COALESCE(MAX(seq), 0) FROM journal_event), \
     (SELECT COUNT(*) FROM agency) + (SELECT COUNT(*) FROM executor) \
     + (SELECT COALESCE(MAX(position) + 1, 0) FROM coordination_fact)";

/// What a case is found and listed by, for cases from an id on.
pub const CASE_TEXTS: &str = "SELECT id, code, decision, judgment, debtor_name, creditor_name \
     FROM enforcement_case WHERE id >= $1 ORDER BY id";

/// The same, for one province's cases (found through the primary key).
pub const PROVINCE_CASE_TEXTS: &str = "SELECT id, code, decision, judgment, debtor_name, creditor_name \
     FROM enforcement_case WHERE province = $1 AND id >= $2 ORDER BY id";

/// What the public list of debtors shows of a province's cases.
pub const PROVINCE_DEBTORS: &str = "SELECT id, debtor_name, debtor_address, judgment, decision \
     FROM enforcement_case WHERE province = $1";

/// A province's `unable` events, in journal order, with their reasons.
pub const PROVINCE_UNABLE: &str = "SELECT case_id, on_day, reason FROM journal_event \
     WHERE province = $1 AND kind = 'unable' ORDER BY seq";

/// The cases terminated on a ground within a span of days (`yyyymmdd`).
pub const TERMINATED_ON_GROUND: &str = "SELECT case_id, on_day FROM journal_event \
     WHERE kind = 'terminated' AND ground = $1 AND on_day >= $2 AND on_day <= $3";

/// The targets of a statistical year.
pub const TARGETS: &str =
    "SELECT agency, cases_rate, money_rate FROM target WHERE year = $1 ORDER BY agency";

pub const SET_TARGET: &str = "INSERT INTO target (province, agency, year, cases_rate, money_rate) \
     VALUES ($1, $2, $3, $4, $5) ON CONFLICT (province, agency, year) \
     DO UPDATE SET cases_rate = excluded.cases_rate, money_rate = excluded.money_rate";

/// The calendar decisions an administrator recorded.
pub const CALENDAR_DECISIONS: &str = "SELECT day, kind, reason FROM calendar_decision ORDER BY day";

pub const SET_CALENDAR_DECISION: &str = "INSERT INTO calendar_decision (day, kind, reason) \
     VALUES ($1, $2, $3) ON CONFLICT (day) DO UPDATE SET kind = excluded.kind, reason = excluded.reason";

pub const AUDIT_HEAD: &str = "SELECT seq, hash FROM audit_head WHERE id = 1";

pub const SET_AUDIT_HEAD: &str = "UPDATE audit_head SET seq = $1, hash = $2 WHERE id = 1";

/// The journal's position at a time (unix milliseconds): the last event
/// appended by a write recorded before it (0 if none).
pub const POSITION_AT: &str = "SELECT COALESCE(MAX(events_end), 1) - 1 FROM audit_record \
     WHERE at < $1 AND events_end IS NOT NULL";

pub const INSERT_AUDIT: &str = "INSERT INTO audit_record (seq, at, actor, address, action, subject, detail, \
     prev_hash, hash, keyed, agencies_start, agencies_end, events_start, events_end, digest, \
     executors_start, executors_end, facts_start, facts_end) \
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19)";

/// The first import of a file, found in the audit trail by its SHA-256
/// (`$1`: the pattern of the detail that names it).
pub const IMPORT_OF_FILE: &str = "SELECT at, actor FROM audit_record \
     WHERE action = 'import' AND detail LIKE $1 ORDER BY seq LIMIT 1";

pub const AUDIT_RECORDS: &str = "SELECT seq, at, actor, address, action, subject, detail, prev_hash, hash, \
     keyed, agencies_start, agencies_end, events_start, events_end, digest, \
     executors_start, executors_end, facts_start, facts_end \
     FROM audit_record ORDER BY seq";

pub const ACCOUNT: &str = "SELECT name, role, agency, password_hash, created_at, disabled_at, executor, partner, warehouses \
     FROM account WHERE name = $1";

pub const ACCOUNTS: &str = "SELECT name, role, agency, password_hash, created_at, disabled_at, executor, partner, warehouses \
     FROM account ORDER BY name";

pub const INSERT_ACCOUNT: &str = "INSERT INTO account (name, role, agency, password_hash, created_at) \
     VALUES ($1, $2, $3, $4, $5)";

pub const SET_PASSWORD: &str = "UPDATE account SET password_hash = $2 WHERE name = $1";

pub const SET_ACCOUNT_EXECUTOR: &str = "UPDATE account SET executor = $2 WHERE name = $1";

pub const SET_ACCOUNT_PARTNER: &str = "UPDATE account SET partner = $2 WHERE name = $1";

pub const SET_ACCOUNT_WAREHOUSES: &str = "UPDATE account SET warehouses = $2 WHERE name = $1";

pub const DISABLE_ACCOUNT: &str =
    "UPDATE account SET disabled_at = $2 WHERE name = $1 AND disabled_at IS NULL";

pub const INSERT_SESSION: &str = "INSERT INTO account_session (token_hash, account, address, created_at, last_seen_at) \
     VALUES ($1, $2, $3, $4, $4)";

pub const SESSION: &str = "SELECT a.name, a.role, a.agency, a.password_hash, a.created_at, a.disabled_at, \
     a.executor, a.partner, a.warehouses, s.address, s.created_at, s.last_seen_at \
     FROM account_session s JOIN account a ON a.name = s.account WHERE s.token_hash = $1";

pub const TOUCH_SESSION: &str =
    "UPDATE account_session SET last_seen_at = $2 WHERE token_hash = $1";

pub const DELETE_SESSION: &str = "DELETE FROM account_session WHERE token_hash = $1";

pub const INSERT_SIGN_IN_FAILURE: &str =
    "INSERT INTO sign_in_failure (account, address, at) VALUES ($1, $2, $3)";

pub const SIGN_IN_FAILURES: &str = "SELECT \
     (SELECT COUNT(*) FROM sign_in_failure WHERE account = $1 AND at >= $3), \
     (SELECT COUNT(*) FROM sign_in_failure WHERE address = $2 AND at >= $3)";

pub const CLEAR_SIGN_IN_FAILURES: &str = "DELETE FROM sign_in_failure WHERE account = $1";

/// Every statement above, for the test that prepares them on each backend.
pub const PORTABLE: &[&str] = &[
    AGENCIES,
    INSERT_AGENCY,
    SEALED_AGENCIES,
    EXECUTORS,
    EXECUTOR_COUNT,
    INSERT_EXECUTOR,
    SEALED_EXECUTORS,
    FACT_COUNT,
    INSERT_FACT,
    FACTS_FROM,
    FACT_LINES,
    INSERT_ATTACHMENT,
    ATTACHMENT,
    JOURNAL_SEQ,
    LEDGER_SEQ,
    SET_LEDGER_SEQ,
    LEDGER_CHUNK_COUNT,
    LEDGER_CHUNK,
    UPSERT_CHUNK,
    LEDGER_CHUNKS_AFTER,
    DELETE_CHUNKS,
    JOURNAL,
    CASE_JOURNAL,
    PROVINCE_JOURNAL,
    POSITION,
    AGENCY_COUNT,
    CASE_TEXTS,
    PROVINCE_CASE_TEXTS,
    PROVINCE_DEBTORS,
    PROVINCE_UNABLE,
    TERMINATED_ON_GROUND,
    TARGETS,
    SET_TARGET,
    CALENDAR_DECISIONS,
    SET_CALENDAR_DECISION,
    AUDIT_HEAD,
    SET_AUDIT_HEAD,
    INSERT_AUDIT,
    POSITION_AT,
    IMPORT_OF_FILE,
    AUDIT_RECORDS,
    ACCOUNT,
    ACCOUNTS,
    INSERT_ACCOUNT,
    SET_PASSWORD,
    DISABLE_ACCOUNT,
    SET_ACCOUNT_EXECUTOR,
    SET_ACCOUNT_PARTNER,
    INSERT_SESSION,
    SESSION,
    TOUCH_SESSION,
    DELETE_SESSION,
    INSERT_SIGN_IN_FAILURE,
    SIGN_IN_FAILURES,
    CLEAR_SIGN_IN_FAILURES,
];

// What the dialects do differently.

/// PostgreSQL: the writer's lock. Writers queue on this row, so the journal
/// grows one transaction at a time (SQLite gets this from BEGIN IMMEDIATE).
pub const LOCK_LEDGER_STATE: &str = "SELECT journal_seq FROM ledger_state WHERE id = 1 FOR UPDATE";

/// PostgreSQL: the schema version, the last migration applied.
pub const SCHEMA_VERSION: &str =
    "SELECT COALESCE(MAX(version), 0) FROM _sqlx_migrations WHERE success";

/// PostgreSQL: the stored cases among a text array of codes.
pub const CASE_IDS_ANY: &str = "SELECT code, id FROM enforcement_case WHERE code = ANY($1)";

/// SQLite: copies the write-ahead log into the store and empties it.
pub const TRUNCATE_LOG: &str = "PRAGMA wal_checkpoint(TRUNCATE)";

/// SQLite: copies what it can of the write-ahead log into the store,
/// without waiting for readers.
pub const COPY_LOG: &str = "PRAGMA wal_checkpoint(PASSIVE)";

/// PostgreSQL: bulk rows through COPY, in its text format.
pub fn copy_rows(table: &str, columns: &[&str]) -> String {
    format!("COPY {table} ({}) FROM STDIN", columns.join(", "))
}

/// SQLite: `INSERT INTO table (columns) VALUES (?, …), (…)` for `rows` rows.
///
/// Generated statements use anonymous `?` parameters: sqlx's SQLite driver
/// looks up every named parameter (`$n`) by a linear scan inside SQLite, which
/// makes binding a statement of thousands of `$n` parameters quadratic (an
/// import of a million cases took minutes).
pub fn insert_rows(table: &str, columns: &[&str], rows: usize) -> String {
    let row = format!("({})", vec!["?"; columns.len()].join(", "));
    format!(
        "INSERT INTO {table} ({}) VALUES {}",
        columns.join(", "),
        vec![row; rows].join(", ")
    )
}

/// SQLite: `SELECT code, id FROM enforcement_case WHERE code IN (?, …)` for
/// `n` codes.
pub fn case_ids(n: usize) -> String {
    format!(
        "SELECT code, id FROM enforcement_case WHERE code IN ({})",
        vec!["?"; n].join(", ")
    )
}
