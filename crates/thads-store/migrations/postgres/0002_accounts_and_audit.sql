-- Accounts, their sessions, and the audit trail of every write. The
-- PostgreSQL twin of migrations/sqlite/0002_accounts_and_audit.sql. Under
-- Citus these stay on the coordinator (or are reference tables), like
-- `agency`.

-- Who may sign in, in what role, over which agencies.
CREATE TABLE account (
    name          TEXT   NOT NULL PRIMARY KEY,
    role          TEXT   NOT NULL,
    agency        TEXT   REFERENCES agency (code), -- NULL: the whole country
    password_hash TEXT   NOT NULL,                 -- Argon2id, PHC string format
    created_at    BIGINT NOT NULL,                 -- unix milliseconds
    disabled_at   BIGINT                           -- unix milliseconds; NULL while active
);

-- Every write: who, when, from where, what. Hash-chained: each record's hash
-- covers its fields and the hash of the record before it (see
-- thads_core::audit), and `audit_head` holds the last one, so that an edited,
-- removed or inserted record breaks the chain.
CREATE TABLE audit_record (
    seq       BIGINT NOT NULL PRIMARY KEY, -- 1, 2, 3, … without gaps
    at        BIGINT NOT NULL,             -- unix milliseconds
    actor     TEXT   NOT NULL,
    address   TEXT   NOT NULL,
    action    TEXT   NOT NULL,
    subject   TEXT   NOT NULL,
    detail    TEXT   NOT NULL,             -- JSON
    prev_hash TEXT   NOT NULL,
    hash      TEXT   NOT NULL
);

CREATE TRIGGER audit_record_append_only BEFORE UPDATE OR DELETE ON audit_record
    FOR EACH ROW EXECUTE FUNCTION journal_is_append_only();
CREATE TRIGGER audit_record_no_truncate BEFORE TRUNCATE ON audit_record
    FOR EACH STATEMENT EXECUTE FUNCTION journal_is_append_only();

-- One row; audited writers lock it, so the chain grows one record at a time.
CREATE TABLE audit_head (
    id   BIGINT NOT NULL PRIMARY KEY CHECK (id = 1),
    seq  BIGINT NOT NULL, -- the last record (0: none)
    hash TEXT   NOT NULL  -- its hash (the chain's start: 64 zeros)
);
INSERT INTO audit_head (id, seq, hash)
VALUES (1, 0, '0000000000000000000000000000000000000000000000000000000000000000');

-- Signed-in sessions of the web application. The cookie carries a random
-- token; only its SHA-256 is stored, so that a copy of the database opens
-- no session.
CREATE TABLE account_session (
    token_hash   TEXT   NOT NULL PRIMARY KEY,
    account      TEXT   NOT NULL REFERENCES account (name),
    address      TEXT   NOT NULL,
    created_at   BIGINT NOT NULL, -- unix milliseconds
    last_seen_at BIGINT NOT NULL
);

-- Failed sign-ins, for throttling by account and by address.
CREATE TABLE sign_in_failure (
    account TEXT   NOT NULL, -- the name as typed
    address TEXT   NOT NULL,
    at      BIGINT NOT NULL
);
CREATE INDEX sign_in_failure_account ON sign_in_failure (account, at);
CREATE INDEX sign_in_failure_address ON sign_in_failure (address, at);
