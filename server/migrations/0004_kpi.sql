-- The town's KPIs (PRODUCT.md): yearly targets per region, the resident
-- satisfaction that the town measures itself, and when a professional stopped
-- being active (so that a year-end count is exact).

ALTER TABLE users ADD COLUMN deactivated_at BIGINT;

CREATE TABLE kpi_targets (
  region_id TEXT NOT NULL REFERENCES regions (id),
  fiscal_year INTEGER NOT NULL,
  metric TEXT NOT NULL,
  target DOUBLE PRECISION NOT NULL,
  updated_by TEXT,
  updated_at BIGINT NOT NULL,
  PRIMARY KEY (region_id, fiscal_year, metric)
);

CREATE TABLE kpi_resident_satisfaction (
  region_id TEXT NOT NULL REFERENCES regions (id),
  fiscal_year INTEGER NOT NULL,
  percent DOUBLE PRECISION NOT NULL,
  source TEXT NOT NULL,
  surveyed_on TEXT NOT NULL,
  entered_by TEXT NOT NULL,
  entered_at BIGINT NOT NULL,
  PRIMARY KEY (region_id, fiscal_year)
);

CREATE INDEX posts_by_created ON posts (created_at);
CREATE INDEX patients_by_region_created ON patients (region_id, created_at);
