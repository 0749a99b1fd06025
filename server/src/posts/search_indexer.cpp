#include "posts/search_indexer.h"

#include <spdlog/spdlog.h>

#include <chrono>
#include <string>

namespace tsunagu::posts {
namespace {

// Raise when the index's table changes shape: the index is then rebuilt.
constexpr int64_t kFormat = 1;
constexpr auto kIdlePause = std::chrono::milliseconds(200);

// In the index file (schema main); the database is attached as `data`.
constexpr std::string_view kCreateState =
    "CREATE TABLE IF NOT EXISTS search_state (id INTEGER PRIMARY KEY CHECK (id = 1), format INTEGER NOT NULL, "
    "indexed_through INTEGER NOT NULL, edits_through INTEGER NOT NULL)";
constexpr std::string_view kState = "SELECT format, indexed_through FROM search_state";
constexpr std::string_view kLastPost = "SELECT COALESCE(MAX(rowid), 0) FROM data.posts";
constexpr std::string_view kDropIndex = "DROP TABLE IF EXISTS posts_fts";
// Trigrams: Japanese needs no word segmentation; any substring of 3+
// characters matches.
constexpr std::string_view kCreateIndex = "CREATE VIRTUAL TABLE posts_fts USING fts5(body, tokenize = 'trigram')";
// A new index starts below every post and after every edit made so far (it
// reads each post's current body).
constexpr std::string_view kResetState =
    "INSERT OR REPLACE INTO search_state (id, format, indexed_through, edits_through) "
    "SELECT 1, $1, 0, COALESCE(MAX(seq), 0) FROM data.posts_search_edits";
constexpr std::string_view kMarks = "SELECT indexed_through, edits_through FROM search_state";
constexpr std::string_view kNewPosts = "SELECT rowid, body FROM data.posts WHERE rowid > $1 ORDER BY rowid LIMIT $2";
constexpr std::string_view kEdits =
    "SELECT e.seq, e.post_rowid, p.body FROM data.posts_search_edits e JOIN data.posts p ON p.rowid = e.post_rowid "
    "WHERE e.seq > $1 ORDER BY e.seq LIMIT $2";
constexpr std::string_view kInsert = "INSERT INTO posts_fts (rowid, body) VALUES ($1, $2)";
constexpr std::string_view kDelete = "DELETE FROM posts_fts WHERE rowid = $1";
constexpr std::string_view kSetMarks = "UPDATE search_state SET indexed_through = $1, edits_through = $2";
// On a pooled connection of the database (which attaches the index file as `search`).
constexpr std::string_view kTrimEdits =
    "DELETE FROM posts_search_edits WHERE seq < (SELECT edits_through FROM search.search_state)";
constexpr auto kTrimEvery = std::chrono::hours(1);

}  // namespace

SearchIndexer::SearchIndexer(storage::Database& db, bool background) : db_(db), index_(db.OpenSearchIndexWriter()) {
  if (!index_) return;
  storage::Connection& c = *index_;
  // A transaction of the index file holds a read snapshot of the attached
  // database, which is read-only and so never locked for writing.
  storage::RunInTransaction(c, [&](storage::Connection& /*c*/) {
    c.Execute(kCreateState);
    auto state = c.QueryOne(kState);
    const int64_t last_post = c.QueryOne(kLastPost)->Int(0);
    if (state && state->Int(0) == kFormat && state->Int(1) <= last_post) return;
    if (state) spdlog::warn("search index: rebuilding (another format, or a database restored from a backup)");
    c.Execute(kDropIndex);
    c.Execute(kCreateIndex);
    c.Execute(kResetState, {kFormat});
  });
  if (background) thread_ = std::thread([this] { Run(); });
}

SearchIndexer::~SearchIndexer() {
  if (!thread_.joinable()) return;
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  wake_.notify_all();
  thread_.join();
}

int64_t SearchIndexer::IndexPending(int64_t batch) {
  if (!index_) return 0;
  storage::Connection& c = *index_;
  int64_t done = 0;
  storage::RunInTransaction(c, [&](storage::Connection& /*c*/) {
    auto marks = c.QueryOne(kMarks);
    int64_t indexed_through = marks->Int(0);
    int64_t edits_through = marks->Int(1);
    for (const auto& r : c.Query(kNewPosts, {indexed_through, batch})) {
      indexed_through = r.Int(0);
      c.Execute(kInsert, {indexed_through, r.Text(1)});
      ++done;
    }
    // An edited post is indexed again with its current body; one not indexed
    // yet will be read with its current body when its turn comes.
    for (const auto& r : c.Query(kEdits, {edits_through, batch})) {
      edits_through = r.Int(0);
      const int64_t post = r.Int(1);
      if (post <= indexed_through) {
        c.Execute(kDelete, {post});
        c.Execute(kInsert, {post, r.Text(2)});
      }
      ++done;
    }
    c.Execute(kSetMarks, {indexed_through, edits_through});
  });
  return done;
}

int64_t SearchIndexer::TrimEditLog() {
  if (!index_) return 0;
  return db_.Transaction([](storage::Connection& c) { return c.Execute(kTrimEdits); });
}

void SearchIndexer::Run() {
  constexpr int64_t kBatch = 2000;
  auto next_trim = std::chrono::steady_clock::now() + kTrimEvery;
  std::unique_lock lock(mu_);
  while (!stopping_) {
    lock.unlock();
    int64_t done = 0;
    try {
      done = IndexPending(kBatch);
      if (std::chrono::steady_clock::now() >= next_trim) {
        next_trim += kTrimEvery;
        TrimEditLog();
      }
    } catch (const std::exception& e) {
      spdlog::error("search index: {}", e.what());
    }
    lock.lock();
    // A full batch means more is waiting; otherwise pause (search covers
    // what is not indexed yet, so the pause costs no results).
    if (done < kBatch) wake_.wait_for(lock, kIdlePause, [this] { return stopping_; });
  }
}

}  // namespace tsunagu::posts
