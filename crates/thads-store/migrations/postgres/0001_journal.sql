-- The journal: agencies, cases and their events. Append-only.
-- The PostgreSQL twin of migrations/sqlite/0001_journal.sql: the same tables,
-- columns and keys. Every integer is BIGINT (sqlx decodes PostgreSQL integers
-- by exact width; thads reads them all as i64).
--
-- Ready for distribution by province (Citus; see docs/deployment.md):
-- every case-scoped table carries `province`, the root agency of the case's
-- agency, and every key of those tables includes it.

CREATE TABLE agency (
    position BIGINT NOT NULL PRIMARY KEY, -- declaration order; the ledger's agency index
    code     TEXT   NOT NULL UNIQUE,
    name     TEXT   NOT NULL,
    parent   TEXT   REFERENCES agency (code)
);

CREATE TABLE enforcement_case (
    province         TEXT   NOT NULL,
    id               BIGINT NOT NULL, -- dense number: the case's place in the ledger
    code             TEXT   NOT NULL,
    agency           TEXT   NOT NULL REFERENCES agency (code),
    accepted_on      BIGINT NOT NULL, -- yyyymmdd
    mode             TEXT   NOT NULL,
    amount           BIGINT NOT NULL,
    categories       TEXT   NOT NULL, -- journal names, comma-separated, in the order written
    decision         TEXT   NOT NULL,
    judgment         TEXT   NOT NULL,
    debtor_name      TEXT   NOT NULL,
    debtor_id        TEXT,
    debtor_address   TEXT,
    creditor_name    TEXT   NOT NULL,
    creditor_id      TEXT,
    creditor_address TEXT,
    PRIMARY KEY (province, id),
    -- Code first: the same index finds a case by its code alone.
    CONSTRAINT enforcement_case_code UNIQUE (code, province)
);

CREATE TABLE journal_event (
    -- Journal order. Writers hold the ledger_state row lock, so the sequence
    -- is handed out in commit order.
    seq       BIGINT NOT NULL GENERATED ALWAYS AS IDENTITY,
    province  TEXT   NOT NULL,
    case_id   BIGINT NOT NULL,
    on_day    BIGINT NOT NULL, -- yyyymmdd
    kind      TEXT   NOT NULL, -- the journal's type: accepted, collected, …
    amount    BIGINT,
    reason    TEXT,
    to_agency TEXT,
    -- seq first: MAX(seq) and the journal's order read this index.
    PRIMARY KEY (seq, province)
);

CREATE FUNCTION journal_is_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'the journal is append-only: % on % refused', TG_OP, TG_TABLE_NAME;
END
$$;
CREATE TRIGGER journal_event_append_only BEFORE UPDATE OR DELETE ON journal_event
    FOR EACH ROW EXECUTE FUNCTION journal_is_append_only();
CREATE TRIGGER journal_event_no_truncate BEFORE TRUNCATE ON journal_event
    FOR EACH STATEMENT EXECUTE FUNCTION journal_is_append_only();
CREATE TRIGGER enforcement_case_append_only BEFORE UPDATE OR DELETE ON enforcement_case
    FOR EACH ROW EXECUTE FUNCTION journal_is_append_only();
CREATE TRIGGER enforcement_case_no_truncate BEFORE TRUNCATE ON enforcement_case
    FOR EACH STATEMENT EXECUTE FUNCTION journal_is_append_only();

-- The ledger projection: every case's timeline in compact columns, one blob a
-- chunk of 65,536 cases (see thads_core::ledger). Rebuilt from the journal
-- whenever `ledger_state.journal_seq` lags behind the journal. A derived
-- cache, not case data: under Citus it stays a local table of the
-- coordinator (docs/deployment.md).
-- LZ4 rather than the default pglz: storing a million cases' chunks took
-- seconds of pglz compression (LZ4: a tenth of that, for the same space).
CREATE TABLE ledger_chunk (
    chunk BIGINT NOT NULL PRIMARY KEY,
    data  BYTEA  COMPRESSION lz4 NOT NULL
);

-- One row. Writers lock it: it is the store's write lock.
CREATE TABLE ledger_state (
    id          BIGINT NOT NULL PRIMARY KEY CHECK (id = 1),
    journal_seq BIGINT NOT NULL -- the last journal_event.seq the chunks include
);
INSERT INTO ledger_state (id, journal_seq) VALUES (1, 0);
