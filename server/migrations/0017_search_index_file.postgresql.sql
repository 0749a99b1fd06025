-- SQLite only (its full-text index moves to a file of its own, see the SQLite
-- file of this version); PostgreSQL's trigram index needs no change.
SELECT 1;
