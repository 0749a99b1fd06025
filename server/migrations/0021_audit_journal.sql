-- How far the audit journal (the file beside a SQLite database that holds
-- the records of reads until they join the audit trail, decision 0011) has
-- been moved into audit_log: journal entries up to drained_through are in
-- the trail. Written in the same transaction as the records it accounts for,
-- so a crash between moving and forgetting never moves an entry twice.
-- PostgreSQL writes reads' records to audit_log directly and leaves it at 0.
CREATE TABLE audit_journal_state (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  drained_through BIGINT NOT NULL
);
INSERT INTO audit_journal_state (id, drained_through) VALUES (1, 0);
