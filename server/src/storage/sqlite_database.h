// SQLite driver: WAL, foreign keys on, busy timeout, synchronous=FULL (a
// committed transaction survives a power cut), one in-process writer at a time.
//
// Beside the database file PATH lives the search index file PATH.search
// (decision 0009): derived data that a background indexer writes on its own
// connection (OpenSearchIndexWriter), so that its merges never hold the
// database's single write lock. Every pooled connection attaches it read-only
// as schema `search`; a statement reads `main` before `search`, so what the
// index holds is never older than the posts the statement sees. Restore
// removes it (the indexer rebuilds it); Backup leaves it out.
//
// PATH.audit-journal holds the audit records of reads until they are moved
// into the audit trail (access::AuditJournal, decision 0011), so that a read
// commits nothing to the database and leaves the other connections' caches
// valid. Restore removes it.
#pragma once

#include <mutex>
#include <string>

#include "storage/connection_pool.h"
#include "storage/database.h"

namespace tsunagu::storage {

class SqliteDatabase final : public Database {
 public:
  // Opens (creating if needed) the file at `path`. Throws DatabaseError.
  SqliteDatabase(std::string path, int pool_size);
  Dialect dialect() const override { return Dialect::kSqlite; }
  void Backup(const std::string& path) override;
  void Restore(const std::string& path) override;
  std::unique_ptr<Connection> OpenSearchIndexWriter() override;
  std::unique_ptr<Connection> OpenAuditJournal() override;

 protected:
  Connection* Acquire() override { return pool_.Acquire(); }
  void Release(Connection* c) override { pool_.Release(c); }
  void LockWriter() override { writer_.lock(); }
  void UnlockWriter() override { writer_.unlock(); }
  bool GroupsCommits() const override { return true; }

 private:
  std::string path_;
  ConnectionPool pool_;
  std::mutex writer_;
};

}  // namespace tsunagu::storage
