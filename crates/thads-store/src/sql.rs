//! Every statement thads runs, written once for both backends: `$n`
//! placeholders and portable SQL only.

pub const AGENCIES: &str = "SELECT code, name, parent FROM agency ORDER BY position";

pub const INSERT_AGENCY: &str =
    "INSERT INTO agency (position, code, name, parent) VALUES ($1, $2, $3, $4)";

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
];

pub const EVENT_COLUMNS: &[&str] = &[
    "province",
    "case_id",
    "on_day",
    "kind",
    "amount",
    "reason",
    "to_agency",
];

pub const JOURNAL_SEQ: &str = "SELECT COALESCE(MAX(seq), 0) FROM journal_event";

pub const LEDGER_SEQ: &str = "SELECT journal_seq FROM ledger_state WHERE id = 1";

pub const SET_LEDGER_SEQ: &str = "UPDATE ledger_state SET journal_seq = $1 WHERE id = 1";

pub const LEDGER_CHUNKS: &str = "SELECT chunk, data FROM ledger_chunk ORDER BY chunk";

pub const UPSERT_CHUNK: &str = "INSERT INTO ledger_chunk (chunk, data) VALUES ($1, $2) ON CONFLICT (chunk) DO UPDATE SET data = excluded.data";

pub const DELETE_CHUNKS: &str = "DELETE FROM ledger_chunk";

/// The whole journal in order, with each case's acceptance details.
pub const JOURNAL: &str = "SELECT e.seq, e.kind, c.code, e.on_day, e.amount, e.reason, e.to_agency, c.id, \
     c.agency, c.mode, c.categories, c.decision, c.judgment, \
     c.debtor_name, c.debtor_id, c.debtor_address, c.creditor_name, c.creditor_id, c.creditor_address \
     FROM journal_event e JOIN enforcement_case c ON c.province = e.province AND c.id = e.case_id \
     ORDER BY e.seq";

/// `INSERT INTO table (columns) VALUES (?, …), (…)` for `rows` rows.
///
/// Generated statements use anonymous `?` parameters: sqlx's SQLite driver
/// looks up every named parameter (`$n`) by a linear scan inside SQLite, which
/// makes binding a statement of thousands of `$n` parameters quadratic (an
/// import of a million cases took minutes). PostgreSQL's bulk path is COPY.
pub fn insert_rows(table: &str, columns: &[&str], rows: usize) -> String {
    let row = format!("({})", vec!["?"; columns.len()].join(", "));
    format!(
        "INSERT INTO {table} ({}) VALUES {}",
        columns.join(", "),
        vec![row; rows].join(", ")
    )
}

/// `SELECT code, id FROM enforcement_case WHERE code IN (?, …)` for `n` codes.
pub fn case_ids(n: usize) -> String {
    format!(
        "SELECT code, id FROM enforcement_case WHERE code IN ({})",
        vec!["?"; n].join(", ")
    )
}
