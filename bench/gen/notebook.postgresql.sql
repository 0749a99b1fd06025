-- Fills a migrated, empty Tsunagu PostgreSQL database at a prefecture's scale:
-- the same data as notebook.sqlite.sql (same ids, posts, receipts, counters).
-- Parameters (psql -v): regions pros patients posts hash (an Argon2id hash for
-- every account; bench/notebook.sh passes the one for "bench-password").
-- Everyone's password is bench-password; the measured professional is
-- "bench-pro", on 40 care teams; "bench-writer" posts in 40 other teams.
\set ON_ERROR_STOP on
SET synchronous_commit = off;
BEGIN;
-- The KPI count triggers are deferred to commit (migration 0019); a bulk load
-- fires them per statement, as before, so that the index below can be built.
SET CONSTRAINTS ALL IMMEDIATE;
INSERT INTO regions (id, name, require_totp, created_at)
SELECT format('r%s', lpad(i::text, 3, '0')), format('地域%s', lpad(i::text, 3, '0')), 0, 0
FROM generate_series(0, :regions - 1) i;
INSERT INTO organizations (id, region_id, name, type, active, created_at)
SELECT format('o%s', lpad(i::text, 5, '0')), format('r%s', lpad((i % :regions)::text, 3, '0')),
       format('事業所%s', lpad(i::text, 5, '0')),
       CASE i % 5 WHEN 0 THEN 'clinic' WHEN 1 THEN 'visiting_nurse_station' WHEN 2 THEN 'care_management_office'
                  WHEN 3 THEN 'pharmacy' ELSE 'home_care_office' END, 1, 0
FROM generate_series(0, :regions * 20 - 1) i;
INSERT INTO users (id, login, name, name_kana, email, profession, organization_id, region_id, password_hash, created_at)
SELECT format('u%s', lpad(i::text, 6, '0')), CASE i WHEN 0 THEN 'bench-pro' WHEN 1 THEN 'bench-writer'
                                                  ELSE format('pro%s', lpad(i::text, 6, '0')) END,
       format('専門職 %s', lpad(i::text, 6, '0')), 'センモンショク', format('pro%s@example.jp', lpad(i::text, 6, '0')),
       CASE i % 5 WHEN 0 THEN 'doctor' WHEN 1 THEN 'nurse' WHEN 2 THEN 'care_manager' WHEN 3 THEN 'pharmacist'
                  ELSE 'care_worker' END,
       format('o%s', lpad((i % (:regions * 20))::text, 5, '0')),
       format('r%s', lpad(((i % (:regions * 20)) % :regions)::text, 3, '0')), :'hash', 0
FROM generate_series(0, :pros - 1) i;
INSERT INTO patients (id, region_id, name, name_kana, birth_date, sex, address, care_level, status, created_by,
                      created_at, updated_at)
SELECT format('p%s', lpad(i::text, 6, '0')), format('r%s', lpad((i % :regions)::text, 3, '0')),
       format('利用者 %s', lpad(i::text, 6, '0')), 'リヨウシャ', '1940-01-01', 'female', '', 'care_4', 'active',
       format('u%s', lpad(((i * 7) % :pros)::text, 6, '0')), 0, 0
FROM generate_series(0, :patients - 1) i;
INSERT INTO consents (id, patient_id, obtained_at, obtained_by, scope, method, recorded_by, recorded_at)
SELECT 'c' || substr(id, 2), id, '2025-04-01', created_by, 'team', 'written', created_by, 0 FROM patients;
-- Six members per patient; member 0 leads. bench-pro (u000000) joins the first
-- 40 teams, bench-writer (u000001) the next 40.
INSERT INTO care_team_members (patient_id, user_id, role, added_by, added_at)
SELECT p.id, format('u%s', lpad(((substr(p.id, 2)::bigint * 7 + k * 2503) % :pros)::text, 6, '0')),
       CASE k WHEN 0 THEN 'lead' ELSE 'member' END, p.created_by, 0
FROM patients p, generate_series(0, 5) k
ON CONFLICT DO NOTHING;
INSERT INTO care_team_members (patient_id, user_id, role, added_by, added_at)
SELECT id, 'u000000', 'member', created_by, 0 FROM patients WHERE substr(id, 2)::bigint < 40
ON CONFLICT DO NOTHING;
INSERT INTO care_team_members (patient_id, user_id, role, added_by, added_at)
SELECT id, 'u000001', 'member', created_by, 0 FROM patients WHERE substr(id, 2)::bigint BETWEEN 40 AND 79
ON CONFLICT DO NOTHING;
-- Posts spread over the last year; ids sort by time like the server's.
DROP INDEX posts_body_trgm;
CREATE TEMP TABLE gen AS
SELECT i, 1735689600000 + i * (31536000000 / :posts) AS at,
       lpad(to_hex(1735689600000 + i * (31536000000 / :posts)), 12, '0') || lpad(to_hex(i), 10, '0') AS post_id,
       format('p%s', lpad((i % :patients)::text, 6, '0')) AS patient_id
FROM generate_series(0::bigint, :posts - 1) i;
INSERT INTO posts (id, patient_id, author_id, category, body, urgent, version, created_at)
SELECT post_id, patient_id,
       format('u%s', lpad((((i % :patients) * 7 + ((i / :patients) % 6) * 2503) % :pros)::text, 6, '0')),
       CASE i % 4 WHEN 0 THEN 'vitals' WHEN 1 THEN 'observation' WHEN 2 THEN 'meal' ELSE 'medication' END,
       format('記録 %s：血圧 %s/%s、食事は%s割、夜間の睡眠は良好。', i, 110 + i % 40, 60 + i % 30, 5 + i % 6),
       CASE WHEN i % 50 = 0 THEN 1 ELSE 0 END, 1, at
FROM gen;
INSERT INTO post_versions (post_id, version, category, body, urgent, withdrawn, edited_by, edited_at)
SELECT id, 1, category, body, urgent, 0, author_id, created_at FROM posts;
-- Two receipts per post, by the two members after the author.
INSERT INTO post_reads (post_id, user_id, read_at)
SELECT post_id, format('u%s', lpad((((i % :patients) * 7 + (((i / :patients) + k) % 6) * 2503) % :pros)::text, 6, '0')),
       at + 60000
FROM gen, generate_series(1, 2) k
ON CONFLICT DO NOTHING;
UPDATE posts p SET read_count = r.n FROM (SELECT post_id, COUNT(*) n FROM post_reads GROUP BY post_id) r
WHERE r.post_id = p.id;
UPDATE patients pa SET last_post_at = m.at FROM (SELECT patient_id, MAX(created_at) at FROM posts GROUP BY patient_id) m
WHERE m.patient_id = pa.id;
-- Unread counters: posts by others minus those read.
CREATE TEMP TABLE by_patient AS SELECT patient_id, COUNT(*) n, SUM(urgent) u FROM posts GROUP BY patient_id;
CREATE TEMP TABLE by_author AS SELECT patient_id, author_id, COUNT(*) n, SUM(urgent) u FROM posts GROUP BY 1, 2;
CREATE TEMP TABLE by_reader AS SELECT p.patient_id, r.user_id, COUNT(*) n, SUM(p.urgent) u FROM post_reads r
  JOIN posts p ON p.id = r.post_id WHERE p.author_id <> r.user_id GROUP BY 1, 2;
CREATE TEMP TABLE counters AS
SELECT m.patient_id, m.user_id, b.n - COALESCE(a.n, 0) - COALESCE(r.n, 0) AS n, b.u - COALESCE(a.u, 0) - COALESCE(r.u, 0) AS u
FROM care_team_members m JOIN by_patient b ON b.patient_id = m.patient_id
LEFT JOIN by_author a ON a.patient_id = m.patient_id AND a.author_id = m.user_id
LEFT JOIN by_reader r ON r.patient_id = m.patient_id AND r.user_id = m.user_id;
UPDATE care_team_members m SET unread_count = c.n, urgent_unread_count = c.u
FROM counters c WHERE c.patient_id = m.patient_id AND c.user_id = m.user_id;
-- The trigram index is built once, after the bulk load.
CREATE INDEX posts_body_trgm ON posts USING gin (body gin_trgm_ops);
COMMIT;
ANALYZE;
