-- The audit viewer filters by action and lists the action names that occur
-- (a loose index scan, one lookup per name); both walk this index.
CREATE INDEX audit_by_action ON audit_log (action, seq);
