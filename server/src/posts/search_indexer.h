// SQLite's full-text index of post bodies, kept in its own file and written
// by one background thread (decision 0009).
//
// FTS5 merges its index segments now and then; at millions of posts one merge
// reads gigabytes, and inside the database's single write transaction every
// writer waited for it (seconds). So posts carry no index maintenance at all:
// the indexer reads new posts (rowid above its mark) and edited ones (the
// posts_search_edits log, migration 0017) from the database, read-only, and
// writes the FTS5 table and its marks in the index file, in one commit per
// batch. Search stays exact while the indexer lags: it also scans the posts
// above the mark and the edits after the mark, and checks every candidate's
// current body (PostsStore::Search).
//
// PostgreSQL needs none of this (its pg_trgm index is maintained in place);
// there the indexer does nothing.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <thread>

#include "storage/database.h"

namespace tsunagu::posts {

class SearchIndexer {
 public:
  // Prepares the index: creates it, or starts it again from nothing when it
  // is missing, of another format, or ahead of the database (restored from a
  // backup). With `background`, a thread then keeps it up to date until
  // destruction. Throws storage::DatabaseError.
  explicit SearchIndexer(storage::Database& db, bool background = true);
  ~SearchIndexer();
  SearchIndexer(const SearchIndexer&) = delete;
  SearchIndexer& operator=(const SearchIndexer&) = delete;

  // Indexes up to `batch` new posts and `batch` edits in one commit; returns
  // how many it indexed (0: the index is up to date). One caller at a time.
  int64_t IndexPending(int64_t batch = 2000);

  // Deletes the edits log's rows the index has applied, but its newest row
  // (a new row's seq follows the largest one left, so it stays above the
  // mark). Returns how many were deleted. The background thread does this
  // hourly; the log would otherwise grow by a row for every edit, forever.
  int64_t TrimEditLog();

 private:
  void Run();

  storage::Database& db_;
  std::unique_ptr<storage::Connection> index_;  // null off SQLite
  std::mutex mu_;
  std::condition_variable wake_;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace tsunagu::posts
