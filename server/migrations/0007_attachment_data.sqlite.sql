-- The bytes of each attachment and of its thumbnail (JPEG, images only).
CREATE TABLE attachment_data (
  attachment_id TEXT PRIMARY KEY REFERENCES attachments (id) ON DELETE CASCADE,
  data BLOB NOT NULL,
  thumbnail BLOB
);
