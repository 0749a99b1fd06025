-- The notebook (連絡帳): patients with consent, care teams, posts with their
-- versions, comments and read receipts. Clinical rows are never deleted:
-- withdrawal (consent or post) is a state, and every version is kept.

CREATE TABLE patients (
  id TEXT PRIMARY KEY,
  region_id TEXT NOT NULL REFERENCES regions (id),
  name TEXT NOT NULL,
  name_kana TEXT NOT NULL,
  birth_date TEXT NOT NULL,
  sex TEXT NOT NULL,
  address TEXT NOT NULL DEFAULT '',
  care_level TEXT NOT NULL,
  status TEXT NOT NULL DEFAULT 'active',
  created_by TEXT NOT NULL REFERENCES users (id),
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  last_post_at BIGINT
);
CREATE INDEX patients_by_region ON patients (region_id, status, created_at);

CREATE TABLE consents (
  id TEXT PRIMARY KEY,
  patient_id TEXT NOT NULL REFERENCES patients (id),
  obtained_at TEXT NOT NULL,
  obtained_by TEXT NOT NULL REFERENCES users (id),
  scope TEXT NOT NULL,
  method TEXT NOT NULL,
  document_attachment_id TEXT,
  recorded_by TEXT NOT NULL REFERENCES users (id),
  recorded_at BIGINT NOT NULL,
  withdrawn_at BIGINT,
  withdrawn_by TEXT REFERENCES users (id),
  withdrawal_reason TEXT
);
CREATE INDEX consents_by_patient ON consents (patient_id, recorded_at);

-- unread_count / urgent_unread_count: posts by others on this patient that the
-- member has not marked read, kept exact by the same transactions that add
-- posts, receipts and members (the home screen reads them without counting).
CREATE TABLE care_team_members (
  patient_id TEXT NOT NULL REFERENCES patients (id),
  user_id TEXT NOT NULL REFERENCES users (id),
  role TEXT NOT NULL,
  added_by TEXT NOT NULL REFERENCES users (id),
  added_at BIGINT NOT NULL,
  unread_count BIGINT NOT NULL DEFAULT 0,
  urgent_unread_count BIGINT NOT NULL DEFAULT 0,
  PRIMARY KEY (patient_id, user_id)
);
CREATE INDEX care_team_by_user ON care_team_members (user_id, patient_id);

CREATE TABLE posts (
  id TEXT PRIMARY KEY,
  patient_id TEXT NOT NULL REFERENCES patients (id),
  author_id TEXT NOT NULL REFERENCES users (id),
  category TEXT NOT NULL,
  body TEXT NOT NULL,
  urgent INTEGER NOT NULL DEFAULT 0,
  version INTEGER NOT NULL DEFAULT 1,
  created_at BIGINT NOT NULL,
  edited_at BIGINT,
  withdrawn_at BIGINT,
  withdrawal_reason TEXT,
  comment_count BIGINT NOT NULL DEFAULT 0,
  read_count BIGINT NOT NULL DEFAULT 0
);
CREATE INDEX posts_by_patient ON posts (patient_id, id);

CREATE TABLE post_versions (
  post_id TEXT NOT NULL REFERENCES posts (id),
  version INTEGER NOT NULL,
  category TEXT NOT NULL,
  body TEXT NOT NULL,
  urgent INTEGER NOT NULL,
  withdrawn INTEGER NOT NULL DEFAULT 0,
  edited_by TEXT NOT NULL REFERENCES users (id),
  edited_at BIGINT NOT NULL,
  PRIMARY KEY (post_id, version)
);

CREATE TABLE comments (
  id TEXT PRIMARY KEY,
  post_id TEXT NOT NULL REFERENCES posts (id),
  author_id TEXT NOT NULL REFERENCES users (id),
  body TEXT NOT NULL,
  created_at BIGINT NOT NULL
);
CREATE INDEX comments_by_post ON comments (post_id, id);

CREATE TABLE post_reads (
  post_id TEXT NOT NULL REFERENCES posts (id),
  user_id TEXT NOT NULL REFERENCES users (id),
  read_at BIGINT NOT NULL,
  PRIMARY KEY (post_id, user_id)
);
