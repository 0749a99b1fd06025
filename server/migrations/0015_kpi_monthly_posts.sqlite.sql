-- The KPI dashboard's posts, counted as they are written: one row per region,
-- Japan-time month ("YYYY-MM"), author's profession and author's organisation
-- type ('' without one), kept by triggers in the post's own transaction. The
-- dashboard sums at most 12 months x regions x professions x types rows
-- instead of scanning a year's posts (issue 4: under 200 ms at 5,000,000
-- posts). A post counts under its author's profession and organisation type
-- when it was written. Moving a post's time (maintenance, tests) moves its
-- count; posts are never deleted.
CREATE TABLE kpi_monthly_posts (
  region_id TEXT NOT NULL,
  month TEXT NOT NULL,
  profession TEXT NOT NULL,
  organization_type TEXT NOT NULL,
  posts BIGINT NOT NULL,
  PRIMARY KEY (region_id, month, profession, organization_type)
);
CREATE INDEX kpi_monthly_posts_by_month ON kpi_monthly_posts (month);

INSERT INTO kpi_monthly_posts (region_id, month, profession, organization_type, posts)
SELECT pa.region_id, strftime('%Y-%m', po.created_at / 1000 + 32400, 'unixepoch'), u.profession, COALESCE(o.type, ''),
       COUNT(*)
FROM posts po JOIN patients pa ON pa.id = po.patient_id JOIN users u ON u.id = po.author_id
LEFT JOIN organizations o ON o.id = u.organization_id
GROUP BY 1, 2, 3, 4;

CREATE TRIGGER kpi_monthly_posts_after_insert AFTER INSERT ON posts BEGIN
  INSERT INTO kpi_monthly_posts (region_id, month, profession, organization_type, posts)
  SELECT pa.region_id, strftime('%Y-%m', new.created_at / 1000 + 32400, 'unixepoch'), u.profession,
         COALESCE(o.type, ''), 1
  FROM patients pa, users u LEFT JOIN organizations o ON o.id = u.organization_id
  WHERE pa.id = new.patient_id AND u.id = new.author_id
  ON CONFLICT (region_id, month, profession, organization_type) DO UPDATE SET posts = posts + 1;
END;
CREATE TRIGGER kpi_monthly_posts_after_time_change AFTER UPDATE OF created_at ON posts
WHEN new.created_at <> old.created_at BEGIN
  UPDATE kpi_monthly_posts SET posts = posts - 1
  WHERE month = strftime('%Y-%m', old.created_at / 1000 + 32400, 'unixepoch')
    AND region_id = (SELECT region_id FROM patients WHERE id = old.patient_id)
    AND profession = (SELECT profession FROM users WHERE id = old.author_id)
    AND organization_type = (SELECT COALESCE(o.type, '') FROM users u LEFT JOIN organizations o
                             ON o.id = u.organization_id WHERE u.id = old.author_id);
  INSERT INTO kpi_monthly_posts (region_id, month, profession, organization_type, posts)
  SELECT pa.region_id, strftime('%Y-%m', new.created_at / 1000 + 32400, 'unixepoch'), u.profession,
         COALESCE(o.type, ''), 1
  FROM patients pa, users u LEFT JOIN organizations o ON o.id = u.organization_id
  WHERE pa.id = new.patient_id AND u.id = new.author_id
  ON CONFLICT (region_id, month, profession, organization_type) DO UPDATE SET posts = posts + 1;
END;

-- Professionals at a moment, per organisation and profession, from the index alone.
CREATE INDEX users_by_organization_kpi ON users (organization_id, profession, created_at, deactivated_at, active);

-- The year's posts are no longer scanned (0010's indexes cost every post a write).
DROP INDEX posts_by_patient_created;
DROP INDEX posts_by_created_author;
