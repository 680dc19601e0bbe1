-- What the web application reads: a case's events found by the case, and
-- the yearly targets (chỉ tiêu) leaders set per agency.

CREATE INDEX journal_event_case ON journal_event (province, case_id, seq);

CREATE TABLE target (
    province   TEXT   NOT NULL,
    agency     TEXT   NOT NULL REFERENCES agency (code),
    year       BIGINT NOT NULL, -- the statistical year, named by the year it ends (30 September)
    cases_rate BIGINT NOT NULL, -- hundredths of a percent: 8441 is 84.41 %
    money_rate BIGINT NOT NULL,
    PRIMARY KEY (province, agency, year)
);
