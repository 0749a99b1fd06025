-- The bytes of each attachment and of its thumbnail (JPEG, images only).
CREATE TABLE attachment_data (
  attachment_id TEXT PRIMARY KEY REFERENCES attachments (id) ON DELETE CASCADE,
  data BYTEA NOT NULL,
  thumbnail BYTEA
);
-- JPEG, PNG, WebP, HEIC and PDF are compressed already: store them out of line
-- without trying to compress them again.
ALTER TABLE attachment_data ALTER COLUMN data SET STORAGE EXTERNAL;
ALTER TABLE attachment_data ALTER COLUMN thumbnail SET STORAGE EXTERNAL;
