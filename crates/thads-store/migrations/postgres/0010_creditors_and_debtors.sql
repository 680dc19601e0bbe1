-- A decision to enforce may have several creditors, each with its share
-- and its priority rank, and several debtors jointly bound (journal v2
-- `accepted.creditors`, `accepted.debtors`). Kept with the case as the
-- journal writes them, a JSON array; NULL for the single creditor and
-- debtor of the other columns.
ALTER TABLE enforcement_case ADD COLUMN creditors TEXT;
ALTER TABLE enforcement_case ADD COLUMN debtors TEXT;
