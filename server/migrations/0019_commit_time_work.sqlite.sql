-- Nothing to change on SQLite: it has one writer, so no lock is waited for
-- (see the PostgreSQL file of this version).
SELECT 1;
