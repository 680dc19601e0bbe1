-- The journal: agencies, cases and their events. Append-only.
-- Every case-scoped table carries `province` (the root agency of the case's
-- agency) in its keys, so that the schema can be distributed by province.

CREATE TABLE agency (
    position INTEGER NOT NULL PRIMARY KEY, -- declaration order; the ledger's agency index
    code     TEXT    NOT NULL UNIQUE,
    name     TEXT    NOT NULL,
    parent   TEXT    REFERENCES agency (code)
);

CREATE TABLE enforcement_case (
    province         TEXT    NOT NULL,
    id               BIGINT  NOT NULL, -- dense number: the case's place in the ledger
    code             TEXT    NOT NULL,
    agency           TEXT    NOT NULL REFERENCES agency (code),
    accepted_on      INTEGER NOT NULL, -- yyyymmdd
    mode             TEXT    NOT NULL,
    amount           BIGINT  NOT NULL,
    categories       TEXT    NOT NULL, -- journal names, comma-separated, in the order written
    decision         TEXT    NOT NULL,
    judgment         TEXT    NOT NULL,
    debtor_name      TEXT    NOT NULL,
    debtor_id        TEXT,
    debtor_address   TEXT,
    creditor_name    TEXT    NOT NULL,
    creditor_id      TEXT,
    creditor_address TEXT,
    PRIMARY KEY (province, id),
    -- Code first: the same index finds a case by its code alone.
    CONSTRAINT enforcement_case_code UNIQUE (code, province)
) WITHOUT ROWID;

CREATE TABLE journal_event (
    seq       INTEGER NOT NULL PRIMARY KEY, -- journal order
    province  TEXT    NOT NULL,
    case_id   BIGINT  NOT NULL,
    on_day    INTEGER NOT NULL, -- yyyymmdd
    kind      TEXT    NOT NULL, -- the journal's type: accepted, collected, …
    amount    BIGINT,
    reason    TEXT,
    to_agency TEXT
);

CREATE TRIGGER journal_event_no_update BEFORE UPDATE ON journal_event
BEGIN SELECT RAISE(ABORT, 'the journal is append-only: events are never changed'); END;
CREATE TRIGGER journal_event_no_delete BEFORE DELETE ON journal_event
BEGIN SELECT RAISE(ABORT, 'the journal is append-only: events are never deleted'); END;
CREATE TRIGGER enforcement_case_no_update BEFORE UPDATE ON enforcement_case
BEGIN SELECT RAISE(ABORT, 'the journal is append-only: accepted cases are never changed'); END;
CREATE TRIGGER enforcement_case_no_delete BEFORE DELETE ON enforcement_case
BEGIN SELECT RAISE(ABORT, 'the journal is append-only: accepted cases are never deleted'); END;

-- The ledger projection: every case's timeline in compact columns, one blob a
-- chunk of 65,536 cases (see thads_core::ledger). Rebuilt from the journal
-- whenever `ledger_state.journal_seq` lags behind the journal.
CREATE TABLE ledger_chunk (
    chunk BIGINT NOT NULL PRIMARY KEY,
    data  BLOB   NOT NULL
);

CREATE TABLE ledger_state (
    id          INTEGER NOT NULL PRIMARY KEY CHECK (id = 1),
    journal_seq BIGINT  NOT NULL -- the last journal_event.seq the chunks include
);
INSERT INTO ledger_state (id, journal_seq) VALUES (1, 0);
