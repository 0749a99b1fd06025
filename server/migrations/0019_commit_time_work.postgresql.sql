-- The KPI count of a post is taken when its transaction commits, not when the
-- post is inserted: every post of one region, month and profession adds to the
-- same kpi_monthly_posts row, and the row's lock would otherwise be held from
-- the insert until the commit (after the outbox, the audit record and the
-- fsync), so that posts to different patients waited for each other. Deferred
-- to the commit, the lock is held only while committing, where the audit
-- trail's lock already orders committers (decision 0010). Both triggers are
-- deferred, so that a transaction's events still count in the order they
-- happened.
DROP TRIGGER kpi_monthly_posts_after_insert ON posts;
DROP TRIGGER kpi_monthly_posts_after_time_change ON posts;
CREATE CONSTRAINT TRIGGER kpi_monthly_posts_after_insert AFTER INSERT ON posts
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION tsunagu_count_post();
CREATE CONSTRAINT TRIGGER kpi_monthly_posts_after_time_change AFTER UPDATE OF created_at ON posts
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION tsunagu_count_post();

-- The month function was declared IMMUTABLE around to_char, which is only
-- STABLE, so PostgreSQL ran it as a separate SQL function for every post
-- (~3 % of a post's backend time) instead of inlining its expression. STABLE
-- is what it is (no index uses it), and lets the planner inline it.
ALTER FUNCTION tsunagu_japan_month(BIGINT) STABLE;

-- The audit trail's head for the next append, in one round trip: takes the
-- appenders' lock (held until the transaction ends), then reads the last
-- record. A VOLATILE function reads with a new snapshot per statement, so the
-- read sees every record committed before the lock was granted.
CREATE FUNCTION tsunagu_audit_head(OUT seq BIGINT, OUT hash TEXT) RETURNS SETOF record LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_advisory_xact_lock(7305002);
  RETURN QUERY SELECT a.seq, a.hash FROM audit_log a ORDER BY a.seq DESC LIMIT 1;
END
$$;
