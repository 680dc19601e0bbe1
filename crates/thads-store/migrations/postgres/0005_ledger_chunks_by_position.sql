-- The ledger chunks written after a journal position, found by an index
-- (paired with SQLite's, where it spares reading every chunk's blob; here
-- the blobs are kept apart from their rows, and the index costs little).

CREATE INDEX ledger_chunk_by_position ON ledger_chunk (journal_seq, chunk);
