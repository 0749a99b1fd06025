-- Japanese full-text search over post bodies: FTS5 with the trigram tokenizer
-- (no word segmentation needed; matches any substring of 3+ characters).
-- The index follows posts through triggers; posts are never deleted.
CREATE VIRTUAL TABLE posts_fts USING fts5(body, content = 'posts', content_rowid = 'rowid', tokenize = 'trigram');
INSERT INTO posts_fts (rowid, body) SELECT rowid, body FROM posts;
CREATE TRIGGER posts_fts_after_insert AFTER INSERT ON posts BEGIN
  INSERT INTO posts_fts (rowid, body) VALUES (new.rowid, new.body);
END;
CREATE TRIGGER posts_fts_after_update AFTER UPDATE OF body ON posts BEGIN
  INSERT INTO posts_fts (posts_fts, rowid, body) VALUES ('delete', old.rowid, old.body);
  INSERT INTO posts_fts (rowid, body) VALUES (new.rowid, new.body);
END;
