-- What waits for the daily digest is counted per recipient and patient
-- instead of kept as one 'collected' mail_outbox row per recipient and post:
-- a post then bumps at most one small row per team member (an upsert) rather
-- than inserting one outbox row each, and the digest needs only the counts.
-- A row holds ids and a count, no clinical text.
CREATE TABLE mail_digest_counts (
  user_id TEXT NOT NULL REFERENCES users (id),
  patient_id TEXT NOT NULL REFERENCES patients (id),
  post_count BIGINT NOT NULL,
  PRIMARY KEY (user_id, patient_id)
);
INSERT INTO mail_digest_counts (user_id, patient_id, post_count)
SELECT user_id, patient_id, COUNT(*) FROM mail_outbox
WHERE status = 'collected' AND patient_id IS NOT NULL
GROUP BY user_id, patient_id;
DELETE FROM mail_outbox WHERE status = 'collected';
