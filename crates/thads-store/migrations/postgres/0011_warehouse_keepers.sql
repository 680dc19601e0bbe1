-- The evidence warehouse (journal v2 `warehouse`, `received`, `issued`…)
-- travels with the facts of coordination; only the keepers are new: an
-- account of the keeper role works on the warehouses listed here, their
-- codes separated by spaces.
ALTER TABLE account ADD COLUMN warehouses TEXT;
