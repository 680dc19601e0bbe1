-- The ledger chunks written after a journal position, found by an index.
-- `journal_seq` was added to ledger_chunk after its `data` (0003), so SQLite
-- stores it behind a chunk's blob of several megabytes: without the index,
-- finding the chunks a write changed read every chunk's blob, about 70 MB
-- at a million cases, at each write and each renewal of the view.

CREATE INDEX ledger_chunk_by_position ON ledger_chunk (journal_seq, chunk);
