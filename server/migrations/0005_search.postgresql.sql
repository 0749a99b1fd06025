-- Japanese full-text search over post bodies: pg_trgm trigram index, used by
-- ILIKE '%...%' for any substring of 3+ characters (a trusted extension: the
-- database owner may create it).
CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE INDEX posts_body_trgm ON posts USING gin (body gin_trgm_ops);
