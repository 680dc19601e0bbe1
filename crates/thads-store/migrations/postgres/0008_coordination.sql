-- Coordination with partner agencies (journal version 2, see
-- docs/journal-v2.md): partners, requests and what happens to them are
-- journal lines, kept as written (canonical JSON), sealed, appended by an
-- audited write whose record names their positions.

CREATE TABLE coordination_fact (
    position BIGINT NOT NULL PRIMARY KEY, -- order taken
    type     TEXT   NOT NULL,             -- partner, request, request_answered…
    request  TEXT,                        -- the request's code, for a request's facts
    line     TEXT   NOT NULL,             -- the canonical journal line
    seal     BYTEA  NOT NULL
);
CREATE INDEX coordination_fact_by_request ON coordination_fact (request);
CREATE TRIGGER coordination_fact_append_only BEFORE UPDATE OR DELETE ON coordination_fact
    FOR EACH ROW EXECUTE FUNCTION journal_is_append_only();
CREATE TRIGGER coordination_fact_no_truncate BEFORE TRUNCATE ON coordination_fact
    FOR EACH STATEMENT EXECUTE FUNCTION journal_is_append_only();

-- The files answers attach, by the SHA-256 the journal names them with.
CREATE TABLE attachment (
    sha256     TEXT  NOT NULL PRIMARY KEY,
    media_type TEXT  NOT NULL,
    bytes      BYTEA NOT NULL
);

-- The partner organisation an account of the partner role speaks for.
ALTER TABLE account ADD COLUMN partner TEXT;

ALTER TABLE audit_record ADD COLUMN facts_start BIGINT; -- fact positions appended, start..end
ALTER TABLE audit_record ADD COLUMN facts_end BIGINT;
