-- Closed periods (chốt số liệu): a case record recorded after a close
-- that covered its date counts in the statistics on the day after it; the
-- day is kept with the record (NULL: it counts on its own date).
ALTER TABLE journal_event ADD COLUMN counted_on INTEGER; -- yyyymmdd

-- The kind of judgment a case enforces and, for a state-budget case, the
-- kind of collection (journal v2 `judgment_kind`, `budget_item`): the
-- forms' breakdowns and Form 3.
ALTER TABLE enforcement_case ADD COLUMN judgment_kind TEXT;
ALTER TABLE enforcement_case ADD COLUMN budget_item TEXT;

-- The ledger's chunks gained each record's journal position and its
-- statistical day, and each case's kinds (format TLC3): the next open
-- rebuilds them from the journal.
DELETE FROM ledger_chunk;
UPDATE ledger_state SET journal_seq = -1
    WHERE id = 1 AND EXISTS (SELECT 1 FROM journal_event);

-- (The writer gives each record its position, the last plus one: SQLite
-- never reuses nor skips a rowid here, so nothing changes in the table.)
