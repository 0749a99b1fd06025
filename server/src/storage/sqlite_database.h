// SQLite driver: WAL, foreign keys on, busy timeout, synchronous=FULL (a
// committed transaction survives a power cut), one in-process writer at a time.
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
