-- The KPI dashboard's breakdowns (GET /api/v1/kpi): one GROUP BY over a fiscal
-- year's posts, read from the index alone.
-- - a region: its patients, then each patient's posts of the year;
-- - the whole deployment: the year's posts in time order, with their authors.
-- posts_by_created (0004) is the prefix of the second and goes.

CREATE INDEX posts_by_patient_created ON posts (patient_id, created_at, author_id);
CREATE INDEX posts_by_created_author ON posts (created_at, author_id);
DROP INDEX posts_by_created;

-- Patients whose consent was withdrawn, by when (net new patients per month).
CREATE INDEX consents_by_withdrawal ON consents (withdrawn_at, patient_id) WHERE withdrawn_at IS NOT NULL;
