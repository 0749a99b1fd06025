-- SQLite only (its FTS5 index is now filled once per commit, see the SQLite
-- file of this version); PostgreSQL's trigram index needs no change.
SELECT 1;
