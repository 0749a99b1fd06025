-- Attachments (photos, PDFs) of the notebook's posts. An upload starts
-- unlinked (post_id and patient_id NULL, visible to its uploader only); posting
-- links it to one post, in the post's transaction, and from then on it is the
-- patient's data behind the patient access door. The bytes live in
-- attachment_data (0007, whose column type differs per dialect), so that
-- checking and listing attachments never touches the large values.
CREATE TABLE attachments (
  id TEXT PRIMARY KEY,
  uploaded_by TEXT NOT NULL REFERENCES users (id),
  created_at BIGINT NOT NULL,
  content_type TEXT NOT NULL,
  byte_size BIGINT NOT NULL,
  file_name TEXT NOT NULL,
  sha256 TEXT NOT NULL,
  has_thumbnail INTEGER NOT NULL DEFAULT 0,
  post_id TEXT REFERENCES posts (id),
  patient_id TEXT REFERENCES patients (id),
  position INTEGER
);
-- A timeline page reads the attachments of its posts with one range scan.
CREATE INDEX attachments_by_patient_post ON attachments (patient_id, post_id, position);
-- Unlinked uploads, oldest first (removed after 24 hours).
CREATE INDEX attachments_unlinked ON attachments (created_at) WHERE post_id IS NULL;
