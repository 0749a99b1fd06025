-- Posts are added to the full-text index once per commit instead of once per
-- post. FTS5 writes a new index segment (and merges segments) whenever a
-- savepoint is opened after an insert, and group commit gives every write its
-- own savepoint; so a new post only queues its rowid here, and the statement
-- that storage runs just before each commit (posts::RegisterSearchIndexing)
-- indexes every queued post with its current body and empties the queue.
CREATE TABLE posts_fts_queue (post_rowid INTEGER PRIMARY KEY);
DROP TRIGGER posts_fts_after_insert;
CREATE TRIGGER posts_fts_after_insert AFTER INSERT ON posts BEGIN
  INSERT INTO posts_fts_queue (post_rowid) VALUES (new.rowid);
END;
-- A queued post is not in the index yet: it is indexed with its latest body at commit.
DROP TRIGGER posts_fts_after_update;
CREATE TRIGGER posts_fts_after_update AFTER UPDATE OF body ON posts
WHEN NOT EXISTS (SELECT 1 FROM posts_fts_queue WHERE post_rowid = old.rowid) BEGIN
  INSERT INTO posts_fts (posts_fts, rowid, body) VALUES ('delete', old.rowid, old.body);
  INSERT INTO posts_fts (rowid, body) VALUES (new.rowid, new.body);
END;
