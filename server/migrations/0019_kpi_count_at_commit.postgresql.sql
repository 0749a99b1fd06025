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
