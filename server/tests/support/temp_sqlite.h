// A migrated SQLite database in a fresh temporary file, removed afterwards.
#pragma once

#include <filesystem>
#include <memory>
#include <string>

#include "common/crypto.h"
#include "storage/database.h"
#include "storage/migrator.h"

namespace tsunagu::testing {

class TempSqlite {
 public:
  TempSqlite() {
    InitCrypto();
    path_ = std::filesystem::temp_directory_path() / ("tsunagu-test-" + RandomToken(8) + ".db");
    db_ = storage::OpenDatabase("sqlite:" + path_.string(), 2);
    storage::Migrate(*db_);
  }
  ~TempSqlite() {
    db_.reset();
    for (const char* file : {"", ".search", ".audit-journal"})
      for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(path_.string() + file + suffix);
  }
  TempSqlite(const TempSqlite&) = delete;
  TempSqlite& operator=(const TempSqlite&) = delete;
  storage::Database& db() { return *db_; }
  std::string path() const { return path_.string(); }

 private:
  std::filesystem::path path_;
  std::unique_ptr<storage::Database> db_;
};

}  // namespace tsunagu::testing
