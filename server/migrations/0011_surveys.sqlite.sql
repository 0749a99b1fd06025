-- Satisfaction surveys (issue 4): a region admin's survey, its questions, who
-- answered (survey_participations) and, apart from it, what was answered.
-- Answers cannot be tied to a person: scale answers are only counters per
-- (question, profession, value), created at zero with the questions so that
-- no row's creation marks an answer; free texts have random ids and no user,
-- time or profession. SQLite stores both WITHOUT ROWID (ordered by key, not by
-- insertion). See docs/decisions/0007-satisfaction-surveys.md.
CREATE TABLE surveys (
  id TEXT PRIMARY KEY,
  region_id TEXT NOT NULL REFERENCES regions (id),
  title TEXT NOT NULL,
  description TEXT NOT NULL DEFAULT '',
  status TEXT NOT NULL,            -- draft, open, closed
  opens_on TEXT,                   -- YYYY-MM-DD, Japan time, inclusive; set when opened
  closes_on TEXT,                  -- YYYY-MM-DD, Japan time, inclusive
  responses BIGINT NOT NULL DEFAULT 0,
  created_by TEXT NOT NULL REFERENCES users (id),
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  opened_at BIGINT,
  closed_at BIGINT
);
CREATE INDEX surveys_by_region ON surveys (region_id, id);
CREATE INDEX surveys_by_region_closing ON surveys (region_id, closes_on);

CREATE TABLE survey_questions (
  id TEXT PRIMARY KEY,
  survey_id TEXT NOT NULL REFERENCES surveys (id),
  position INTEGER NOT NULL,
  kind TEXT NOT NULL,              -- scale (1-5) or text
  label TEXT NOT NULL,
  overall INTEGER NOT NULL DEFAULT 0,
  UNIQUE (survey_id, position)
);

-- Who answered which survey, and nothing about what they answered.
CREATE TABLE survey_participations (
  survey_id TEXT NOT NULL REFERENCES surveys (id),
  user_id TEXT NOT NULL REFERENCES users (id),
  PRIMARY KEY (survey_id, user_id)
);
CREATE INDEX survey_participations_by_user ON survey_participations (user_id);

CREATE TABLE survey_scale_counts (
  survey_id TEXT NOT NULL REFERENCES surveys (id),
  question_id TEXT NOT NULL REFERENCES survey_questions (id),
  profession TEXT NOT NULL,
  value INTEGER NOT NULL,
  count BIGINT NOT NULL DEFAULT 0,
  PRIMARY KEY (survey_id, question_id, profession, value)
) WITHOUT ROWID;

CREATE TABLE survey_text_answers (
  survey_id TEXT NOT NULL REFERENCES surveys (id),
  question_id TEXT NOT NULL REFERENCES survey_questions (id),
  id TEXT NOT NULL,                -- random, not time-ordered
  body TEXT NOT NULL,
  PRIMARY KEY (survey_id, question_id, id)
) WITHOUT ROWID;
