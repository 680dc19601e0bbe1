-- What the web application reads: a case's events found by the case, the
-- ledger chunks written since a view was made, and the yearly targets
-- (chỉ tiêu) leaders set per agency.

CREATE INDEX journal_event_case ON journal_event (province, case_id, seq);

-- The journal position when the chunk was last written (0: before this column).
ALTER TABLE ledger_chunk ADD COLUMN journal_seq BIGINT NOT NULL DEFAULT 0;

CREATE TABLE target (
    province   TEXT   NOT NULL,
    agency     TEXT   NOT NULL REFERENCES agency (code),
    year       BIGINT NOT NULL, -- the statistical year, named by the year it ends (30 September)
    cases_rate BIGINT NOT NULL, -- hundredths of a percent: 8441 is 84.41 %
    money_rate BIGINT NOT NULL,
    PRIMARY KEY (province, agency, year)
);
