-- The journal made tamper-evident (see thads_core::audit): each line keeps
-- its seal, an HMAC of its canonical form under a key held outside the
-- database, and each audit record of a write says what the write appended
-- and the digest of its lines. Rows written before carry no seal: the
-- `thads audit seal` record covers them.

ALTER TABLE agency ADD COLUMN seal BYTEA;
ALTER TABLE journal_event ADD COLUMN seal BYTEA;

ALTER TABLE audit_record ADD COLUMN keyed BIGINT NOT NULL DEFAULT 0; -- 1: an HMAC under the key
ALTER TABLE audit_record ADD COLUMN agencies_start BIGINT; -- agency positions appended, start..end
ALTER TABLE audit_record ADD COLUMN agencies_end BIGINT;
ALTER TABLE audit_record ADD COLUMN events_start BIGINT;   -- journal positions appended, start..end
ALTER TABLE audit_record ADD COLUMN events_end BIGINT;
ALTER TABLE audit_record ADD COLUMN digest TEXT;           -- SHA-256 of the lines' hashes, in hex
