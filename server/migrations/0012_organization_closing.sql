-- Closing an organisation (POST /api/v1/organizations/{id}/close): when and why.
-- organizations.active (0001) stays the flag that forms and moves check;
-- closed_at and close_reason are cleared again on reopening, and the audit
-- trail keeps who did each and when.

ALTER TABLE organizations ADD COLUMN closed_at BIGINT;
ALTER TABLE organizations ADD COLUMN close_reason TEXT;
CREATE INDEX users_by_organization ON users (organization_id, active);
