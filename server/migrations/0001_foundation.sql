-- People and places, sign-in and the audit trail.
-- Shared by SQLite and PostgreSQL: times are UTC milliseconds (BIGINT),
-- booleans are 0/1 INTEGERs, ids are TEXT made by the server.

CREATE TABLE regions (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  require_totp INTEGER NOT NULL DEFAULT 0,
  created_at BIGINT NOT NULL
);

CREATE TABLE organizations (
  id TEXT PRIMARY KEY,
  region_id TEXT NOT NULL REFERENCES regions (id),
  name TEXT NOT NULL,
  type TEXT NOT NULL,
  active INTEGER NOT NULL DEFAULT 1,
  created_at BIGINT NOT NULL
);
CREATE INDEX organizations_by_region ON organizations (region_id, created_at, id);

CREATE TABLE users (
  id TEXT PRIMARY KEY,
  login TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL,
  name_kana TEXT NOT NULL DEFAULT '',
  email TEXT NOT NULL DEFAULT '',
  profession TEXT NOT NULL,
  organization_id TEXT REFERENCES organizations (id),
  region_id TEXT REFERENCES regions (id),
  is_system_admin INTEGER NOT NULL DEFAULT 0,
  is_region_admin INTEGER NOT NULL DEFAULT 0,
  password_hash TEXT NOT NULL,
  must_change_password INTEGER NOT NULL DEFAULT 0,
  totp_secret TEXT,
  totp_pending_secret TEXT,
  totp_last_counter BIGINT NOT NULL DEFAULT -1,
  active INTEGER NOT NULL DEFAULT 1,
  created_at BIGINT NOT NULL
);
CREATE INDEX users_by_region ON users (region_id, created_at, id);

CREATE TABLE registrations (
  id TEXT PRIMARY KEY,
  login TEXT NOT NULL,
  name TEXT NOT NULL,
  name_kana TEXT NOT NULL,
  email TEXT NOT NULL,
  profession TEXT NOT NULL,
  organization_id TEXT NOT NULL REFERENCES organizations (id),
  region_id TEXT NOT NULL REFERENCES regions (id),
  password_hash TEXT NOT NULL,
  status TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  decided_at BIGINT,
  decided_by TEXT REFERENCES users (id),
  reason TEXT,
  user_id TEXT REFERENCES users (id)
);
CREATE UNIQUE INDEX registrations_one_pending_login ON registrations (login) WHERE status = 'pending';
CREATE INDEX registrations_by_status ON registrations (status, region_id, id);

CREATE TABLE sessions (
  id TEXT PRIMARY KEY,
  token_hash TEXT NOT NULL UNIQUE,
  user_id TEXT NOT NULL REFERENCES users (id),
  csrf_token TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  last_seen_at BIGINT NOT NULL,
  expires_at BIGINT NOT NULL,
  ip TEXT NOT NULL DEFAULT '',
  user_agent TEXT NOT NULL DEFAULT ''
);
CREATE INDEX sessions_by_user ON sessions (user_id);

CREATE TABLE login_attempts (
  login TEXT PRIMARY KEY,
  failures INTEGER NOT NULL,
  locked_until BIGINT NOT NULL DEFAULT 0,
  updated_at BIGINT NOT NULL
);

-- Append-only: every record carries the hash of the one before it, so a
-- deleted or altered record breaks the chain (tsunagu audit verify).
-- user_id and patient_id are plain text on purpose: the trail outlives them.
CREATE TABLE audit_log (
  seq BIGINT PRIMARY KEY,
  at BIGINT NOT NULL,
  user_id TEXT,
  action TEXT NOT NULL,
  patient_id TEXT,
  target TEXT NOT NULL DEFAULT '',
  ip TEXT NOT NULL DEFAULT '',
  prev_hash TEXT NOT NULL,
  hash TEXT NOT NULL
);
CREATE INDEX audit_by_user ON audit_log (user_id, seq);
CREATE INDEX audit_by_patient ON audit_log (patient_id, seq);
CREATE INDEX audit_by_time ON audit_log (at);
