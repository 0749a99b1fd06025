-- Nothing to change on SQLite: it has one writer, so the count's row is never
-- waited for (see the PostgreSQL file of this version).
SELECT 1;
