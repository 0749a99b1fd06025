-- The full-text index leaves the database for its own file, written by a
-- background indexer (posts::SearchIndexer, decision 0009): an FTS5 segment
-- merge inside the single write transaction stalled every writer for seconds
-- at millions of posts. Writers now only log edits here (new posts are found
-- by rowid above the indexer's mark); the indexer builds the new index.
DROP TRIGGER posts_fts_after_insert;
DROP TRIGGER posts_fts_after_update;
DROP TABLE posts_fts_queue;
DROP TABLE posts_fts;
CREATE TABLE posts_search_edits (seq INTEGER PRIMARY KEY, post_rowid INTEGER NOT NULL);
CREATE TRIGGER posts_search_after_update AFTER UPDATE OF body ON posts BEGIN
  INSERT INTO posts_search_edits (post_rowid) VALUES (new.rowid);
END;
