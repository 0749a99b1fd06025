-- Fills a migrated, empty Tsunagu SQLite database at a prefecture's scale.
-- Parameters (sqlite3 CLI): @regions @pros @patients @posts @hash (an Argon2id
-- hash for every account; bench/notebook.sh passes the one for "bench-password").
-- Everyone's password is bench-password; the measured professional is
-- "bench-pro", on 40 care teams; "bench-writer" posts in 40 other teams (so
-- that the posting measurement leaves bench-pro's caseload as it was).
PRAGMA synchronous = OFF;
PRAGMA journal_mode = WAL;
BEGIN;
WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i + 1 < @regions)
INSERT INTO regions (id, name, require_totp, created_at) SELECT printf('r%03d', i), printf('地域%03d', i), 0, 0 FROM n;
WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i + 1 < @regions * 20)
INSERT INTO organizations (id, region_id, name, type, active, created_at)
SELECT printf('o%05d', i), printf('r%03d', i % @regions), printf('事業所%05d', i),
       CASE i % 5 WHEN 0 THEN 'clinic' WHEN 1 THEN 'visiting_nurse_station' WHEN 2 THEN 'care_management_office'
                  WHEN 3 THEN 'pharmacy' ELSE 'home_care_office' END, 1, 0 FROM n;
WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i + 1 < @pros)
INSERT INTO users (id, login, name, name_kana, email, profession, organization_id, region_id, password_hash, created_at)
SELECT printf('u%06d', i), CASE i WHEN 0 THEN 'bench-pro' WHEN 1 THEN 'bench-writer' ELSE printf('pro%06d', i) END, printf('専門職 %06d', i),
       'センモンショク', printf('pro%06d@example.jp', i),
       CASE i % 5 WHEN 0 THEN 'doctor' WHEN 1 THEN 'nurse' WHEN 2 THEN 'care_manager' WHEN 3 THEN 'pharmacist'
                  ELSE 'care_worker' END,
       printf('o%05d', i % (@regions * 20)), printf('r%03d', (i % (@regions * 20)) % @regions), @hash, 0 FROM n;
WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i + 1 < @patients)
INSERT INTO patients (id, region_id, name, name_kana, birth_date, sex, address, care_level, status, created_by,
                      created_at, updated_at)
SELECT printf('p%06d', i), printf('r%03d', i % @regions), printf('利用者 %06d', i), 'リヨウシャ', '1940-01-01',
       'female', '', 'care_4', 'active', printf('u%06d', (i * 7) % @pros), 0, 0 FROM n;
INSERT INTO consents (id, patient_id, obtained_at, obtained_by, scope, method, recorded_by, recorded_at)
SELECT 'c' || substr(id, 2), id, '2025-04-01', created_by, 'team', 'written', created_by, 0 FROM patients;
-- Six members per patient; member 0 leads. bench-pro (u000000) joins the first
-- 40 teams, bench-writer (u000001) the next 40.
WITH RECURSIVE k(j) AS (SELECT 0 UNION ALL SELECT j + 1 FROM k WHERE j + 1 < 6)
INSERT OR IGNORE INTO care_team_members (patient_id, user_id, role, added_by, added_at)
SELECT p.id, printf('u%06d', (CAST(substr(p.id, 2) AS INTEGER) * 7 + k.j * 2503) % @pros),
       CASE k.j WHEN 0 THEN 'lead' ELSE 'member' END, p.created_by, 0 FROM patients p, k;
INSERT OR IGNORE INTO care_team_members (patient_id, user_id, role, added_by, added_at)
SELECT id, 'u000000', 'member', created_by, 0 FROM patients WHERE CAST(substr(id, 2) AS INTEGER) < 40;
INSERT OR IGNORE INTO care_team_members (patient_id, user_id, role, added_by, added_at)
SELECT id, 'u000001', 'member', created_by, 0 FROM patients WHERE CAST(substr(id, 2) AS INTEGER) BETWEEN 40 AND 79;
-- Posts spread over the last year; ids sort by time like the server's.
CREATE TEMP TABLE gen (i INTEGER PRIMARY KEY);
WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i + 1 < @posts) INSERT INTO gen SELECT i FROM n;
INSERT INTO posts (id, patient_id, author_id, category, body, urgent, version, created_at)
SELECT printf('%012x%010x', 1735689600000 + i * (31536000000 / @posts), i), printf('p%06d', i % @patients),
       printf('u%06d', ((i % @patients) * 7 + ((i / @patients) % 6) * 2503) % @pros),
       CASE i % 4 WHEN 0 THEN 'vitals' WHEN 1 THEN 'observation' WHEN 2 THEN 'meal' ELSE 'medication' END,
       printf('記録 %d：血圧 %d/%d、食事は%d割、夜間の睡眠は良好。', i, 110 + i % 40, 60 + i % 30, 5 + i % 6),
       CASE WHEN i % 50 = 0 THEN 1 ELSE 0 END, 1, 1735689600000 + i * (31536000000 / @posts) FROM gen;
INSERT INTO post_versions (post_id, version, category, body, urgent, withdrawn, edited_by, edited_at)
SELECT id, 1, category, body, urgent, 0, author_id, created_at FROM posts;
-- Two receipts per post, by the two members after the author.
WITH k(j) AS (VALUES (1), (2))
INSERT OR IGNORE INTO post_reads (post_id, user_id, read_at)
SELECT printf('%012x%010x', 1735689600000 + i * (31536000000 / @posts), i),
       printf('u%06d', ((i % @patients) * 7 + (((i / @patients) + k.j) % 6) * 2503) % @pros),
       1735689600000 + i * (31536000000 / @posts) + 60000 FROM gen, k;
UPDATE posts SET read_count = (SELECT COUNT(*) FROM post_reads r WHERE r.post_id = posts.id);
UPDATE patients SET last_post_at = (SELECT MAX(created_at) FROM posts WHERE posts.patient_id = patients.id);
-- Unread counters: posts by others minus those read.
CREATE TEMP TABLE by_patient AS SELECT patient_id, COUNT(*) n, SUM(urgent) u FROM posts GROUP BY patient_id;
CREATE TEMP TABLE by_author AS SELECT patient_id, author_id, COUNT(*) n, SUM(urgent) u FROM posts GROUP BY 1, 2;
CREATE TEMP TABLE by_reader AS SELECT p.patient_id, r.user_id, COUNT(*) n, SUM(p.urgent) u FROM post_reads r
  JOIN posts p ON p.id = r.post_id WHERE p.author_id <> r.user_id GROUP BY 1, 2;
CREATE INDEX temp.by_patient_i ON by_patient (patient_id);
CREATE INDEX temp.by_author_i ON by_author (patient_id, author_id);
CREATE INDEX temp.by_reader_i ON by_reader (patient_id, user_id);
UPDATE care_team_members SET
  unread_count = COALESCE((SELECT n FROM by_patient b WHERE b.patient_id = care_team_members.patient_id), 0)
    - COALESCE((SELECT n FROM by_author a WHERE a.patient_id = care_team_members.patient_id AND a.author_id = care_team_members.user_id), 0)
    - COALESCE((SELECT n FROM by_reader r WHERE r.patient_id = care_team_members.patient_id AND r.user_id = care_team_members.user_id), 0),
  urgent_unread_count = COALESCE((SELECT u FROM by_patient b WHERE b.patient_id = care_team_members.patient_id), 0)
    - COALESCE((SELECT u FROM by_author a WHERE a.patient_id = care_team_members.patient_id AND a.author_id = care_team_members.user_id), 0)
    - COALESCE((SELECT u FROM by_reader r WHERE r.patient_id = care_team_members.patient_id AND r.user_id = care_team_members.user_id), 0);
COMMIT;
ANALYZE;
