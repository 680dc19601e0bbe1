-- The journal's second version (see docs/journal-v2.md): executors, and
-- the details of the new case events. Executors are journal lines like
-- agencies: declared once, sealed, appended by an audited write whose
-- record names their positions.

CREATE TABLE executor (
    position BIGINT NOT NULL PRIMARY KEY, -- declaration order; the ledger's executor index
    code     TEXT   NOT NULL UNIQUE,
    name     TEXT   NOT NULL,
    agency   TEXT   NOT NULL REFERENCES agency (code),
    seal     BYTEA
);
CREATE TRIGGER executor_append_only BEFORE UPDATE OR DELETE ON executor
    FOR EACH ROW EXECUTE FUNCTION journal_is_append_only();
CREATE TRIGGER executor_no_truncate BEFORE TRUNCATE ON executor
    FOR EACH STATEMENT EXECUTE FUNCTION journal_is_append_only();

ALTER TABLE journal_event ADD COLUMN executor TEXT; -- assigned: the executor's code
ALTER TABLE journal_event ADD COLUMN means BIGINT;  -- verified: 1 with means, 0 without
ALTER TABLE journal_event ADD COLUMN ground TEXT;   -- unable, postponed, suspended, terminated
ALTER TABLE journal_event ADD COLUMN payee TEXT;    -- paid_out: the creditor paid, if named

-- The executor an account of the executor role is, if linked: its to-do
-- list opens on that executor's steps.
ALTER TABLE account ADD COLUMN executor TEXT;

ALTER TABLE audit_record ADD COLUMN executors_start BIGINT; -- executor positions appended, start..end
ALTER TABLE audit_record ADD COLUMN executors_end BIGINT;

-- The ledger's chunks gained the case's mode and the new kinds (format
-- TLC2): the next open rebuilds them from the journal.
DELETE FROM ledger_chunk;
UPDATE ledger_state SET journal_seq = -1
    WHERE id = 1 AND EXISTS (SELECT 1 FROM journal_event);
