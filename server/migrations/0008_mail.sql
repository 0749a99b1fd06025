-- Mentions and e-mail notifications (docs/decisions/0006-mail-outbox.md).

-- The members a post names ("@名前" in its text is the UI's; these ids are
-- authoritative). Each was a member of the patient's team when posted.
CREATE TABLE post_mentions (
  post_id TEXT NOT NULL REFERENCES posts (id),
  user_id TEXT NOT NULL REFERENCES users (id),
  patient_id TEXT NOT NULL REFERENCES patients (id),
  position INTEGER NOT NULL,
  PRIMARY KEY (post_id, user_id)
);
-- A timeline page reads the mentions of its posts with one range scan.
CREATE INDEX post_mentions_by_patient_post ON post_mentions (patient_id, post_id, position);

-- Per-user notification settings; no row means the defaults.
CREATE TABLE notification_settings (
  user_id TEXT PRIMARY KEY REFERENCES users (id),
  email_enabled INTEGER NOT NULL DEFAULT 1,
  immediate TEXT NOT NULL DEFAULT 'urgent_and_mentions',
  digest TEXT NOT NULL DEFAULT 'daily',
  updated_at BIGINT NOT NULL
);

-- The durable outbox, written in the transaction of the post it is about.
-- status: 'pending' (to send), 'sending' (claimed by a server's sender),
-- 'sent', 'failed' (gave up), 'collected' (waits for the daily digest),
-- 'digested' (counted in the digest mail digest_id).
-- kind: 'urgent', 'mention', 'new' (one post) or 'digest' (post_count posts
-- on patient_count patients). A row holds no clinical text, only ids.
CREATE TABLE mail_outbox (
  id TEXT PRIMARY KEY,
  user_id TEXT NOT NULL REFERENCES users (id),
  to_address TEXT NOT NULL,
  kind TEXT NOT NULL,
  patient_id TEXT REFERENCES patients (id),
  post_id TEXT REFERENCES posts (id),
  post_count BIGINT NOT NULL DEFAULT 0,
  patient_count BIGINT NOT NULL DEFAULT 0,
  status TEXT NOT NULL,
  attempts INTEGER NOT NULL DEFAULT 0,
  next_attempt_at BIGINT NOT NULL,
  claimed_at BIGINT,
  claimed_by TEXT,
  last_error TEXT,
  digest_id TEXT,
  created_at BIGINT NOT NULL,
  sent_at BIGINT
);
CREATE INDEX mail_outbox_due ON mail_outbox (status, next_attempt_at);
CREATE INDEX mail_outbox_by_user ON mail_outbox (user_id, status);

-- One digest run per Japan date, whichever server takes it first.
CREATE TABLE mail_digest_runs (
  day TEXT PRIMARY KEY,
  ran_at BIGINT NOT NULL
);
