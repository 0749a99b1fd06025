-- Why an administrator deactivated a professional (POST /api/v1/users/{id}/deactivate).
-- Cleared again on reactivation; the audit trail keeps who did it and when.

ALTER TABLE users ADD COLUMN deactivation_reason TEXT;
