#include "storage/sqlite_database.h"

#include <sqlite3.h>

#include <charconv>
#include <filesystem>
#include <unordered_map>

namespace tsunagu::storage {
namespace {

[[noreturn]] void Fail(sqlite3* db, const std::string& what) {
  throw DatabaseError("sqlite: " + what + ": " + (db ? sqlite3_errmsg(db) : "out of memory"));
}

sqlite3* OpenHandle(const std::string& path) {
  sqlite3* db = nullptr;
  // URI names are understood so that ATTACH can open a file read-only; a plain
  // path (not starting with "file:") is still a plain path.
  int rc = sqlite3_open_v2(path.c_str(), &db,
                           SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_URI, nullptr);
  if (rc != SQLITE_OK) {
    std::string msg = db ? sqlite3_errmsg(db) : "out of memory";
    sqlite3_close(db);
    throw DatabaseError("sqlite: cannot open " + path + ": " + msg);
  }
  sqlite3_busy_timeout(db, 10000);
  return db;
}

void Exec(sqlite3* db, const char* sql) {
  char* err = nullptr;
  if (sqlite3_exec(db, sql, nullptr, nullptr, &err) != SQLITE_OK) {
    std::string msg = err ? err : "unknown error";
    sqlite3_free(err);
    throw DatabaseError(std::string("sqlite: ") + msg);
  }
}

// A read-only "file:" URI for `path` (%, ? and # escaped).
std::string ReadOnlyUri(const std::string& path) {
  std::string uri = "file:";
  for (char ch : path) {
    if (ch == '%' || ch == '?' || ch == '#') {
      static constexpr char kHex[] = "0123456789ABCDEF";
      uri += '%';
      uri += kHex[static_cast<unsigned char>(ch) >> 4];
      uri += kHex[static_cast<unsigned char>(ch) & 15];
    } else {
      uri += ch;
    }
  }
  return uri + "?mode=ro";
}

// Attaches the file at `path`, read-only, as `schema`. A read-only schema
// takes no write lock, not even in BEGIN IMMEDIATE.
void AttachReadOnly(sqlite3* db, const std::string& path, const char* schema) {
  const std::string sql = std::string("ATTACH DATABASE ?1 AS ") + schema;
  const std::string uri = ReadOnlyUri(path);
  sqlite3_stmt* stmt = nullptr;
  if (sqlite3_prepare_v2(db, sql.c_str(), -1, &stmt, nullptr) != SQLITE_OK) Fail(db, "attach " + path);
  sqlite3_bind_text(stmt, 1, uri.c_str(), static_cast<int>(uri.size()), SQLITE_TRANSIENT);
  const int rc = sqlite3_step(stmt);
  sqlite3_finalize(stmt);
  if (rc != SQLITE_DONE) Fail(db, "attach " + path);
}

std::string SearchIndexPath(const std::string& path) { return path + ".search"; }
std::string AuditJournalPath(const std::string& path) { return path + ".audit-journal"; }

// Pooled connections open the database and attach its search index file;
// the index writer opens the index file and attaches the database; the audit
// journal's connection opens the journal file alone.
enum class Role { kPooled, kSearchIndexWriter, kAuditJournal };

std::string RoleFile(const std::string& path, Role role) {
  switch (role) {
    case Role::kPooled:
      return path;
    case Role::kSearchIndexWriter:
      return SearchIndexPath(path);
    case Role::kAuditJournal:
      return AuditJournalPath(path);
  }
  return path;
}

void RemoveWithWal(const std::string& file) {
  for (const char* suffix : {"", "-wal", "-shm"}) {
    std::error_code ignored;
    std::filesystem::remove(file + suffix, ignored);
  }
}

class SqliteConnection final : public Connection {
 public:
  SqliteConnection(const std::string& path, Role role) : db_(OpenHandle(RoleFile(path, role))) {
    Exec(db_, "PRAGMA journal_mode=WAL; PRAGMA foreign_keys=ON;");
    if (role == Role::kAuditJournal) {
      // What it holds is owed to the audit trail: a commit must survive a power cut.
      Exec(db_, "PRAGMA synchronous=FULL;");
      return;
    }
    // Reads map the file instead of copying each page through pread() into a
    // small per-connection cache (every pooled connection would otherwise
    // hold its own 2 MiB of pages and re-read the rest on each request).
    Exec(db_, "PRAGMA mmap_size=1073741824; PRAGMA cache_size=-16384;");
    if (role == Role::kPooled) {
      Exec(db_, "PRAGMA synchronous=FULL;");
      AttachReadOnly(db_, SearchIndexPath(path), "search");
      Exec(db_, "PRAGMA search.mmap_size=1073741824;");
    } else {
      // The index is derived: a commit lost in a power cut takes its
      // progress mark with it, and those posts are indexed again.
      Exec(db_, "PRAGMA synchronous=NORMAL;");
      AttachReadOnly(db_, path, "data");
      Exec(db_, "PRAGMA data.mmap_size=1073741824;");
    }
  }
  ~SqliteConnection() override {
    for (auto& [sql, stmt] : cache_) sqlite3_finalize(stmt);
    sqlite3_close(db_);
  }
  SqliteConnection(const SqliteConnection&) = delete;
  SqliteConnection& operator=(const SqliteConnection&) = delete;

  Dialect dialect() const override { return Dialect::kSqlite; }

  Rows Query(std::string_view sql, Params params) override {
    sqlite3_stmt* stmt = Prepare(sql, params);
    Rows rows;
    const int cols = sqlite3_column_count(stmt);
    int rc = 0;
    while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
      std::vector<std::optional<std::string>> values;
      values.reserve(cols);
      for (int i = 0; i < cols; ++i) {
        const int type = sqlite3_column_type(stmt, i);
        if (type == SQLITE_NULL) {
          values.emplace_back(std::nullopt);
        } else if (type == SQLITE_BLOB) {
          const auto* data = static_cast<const char*>(sqlite3_column_blob(stmt, i));
          values.emplace_back(std::string(data ? data : "", sqlite3_column_bytes(stmt, i)));
        } else {
          const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(stmt, i));
          values.emplace_back(std::string(text, sqlite3_column_bytes(stmt, i)));
        }
      }
      rows.emplace_back(std::move(values));
    }
    sqlite3_reset(stmt);
    if (rc != SQLITE_DONE) Fail(db_, "query failed");
    return rows;
  }

  int64_t Execute(std::string_view sql, Params params) override {
    sqlite3_stmt* stmt = Prepare(sql, params);
    int rc = 0;
    while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
    }
    sqlite3_reset(stmt);
    if (rc != SQLITE_DONE) Fail(db_, "statement failed");
    return sqlite3_changes64(db_);
  }

  void ExecuteScript(std::string_view sql) override { Exec(db_, std::string(sql).c_str()); }
  // IMMEDIATE takes the write lock at once, so two writers never deadlock
  // upgrading from read to write.
  void Begin() override { Exec(db_, "BEGIN IMMEDIATE"); }
  void Commit() override { Exec(db_, "COMMIT"); }
  bool InTransaction() const override { return sqlite3_get_autocommit(db_) == 0; }
  void Rollback() override { Exec(db_, "ROLLBACK"); }

 private:
  sqlite3_stmt* Prepare(std::string_view sql, Params params) {
    std::string key(sql);
    auto it = cache_.find(key);
    sqlite3_stmt* stmt = nullptr;
    if (it == cache_.end()) {
      if (sqlite3_prepare_v3(db_, key.data(), static_cast<int>(key.size()), SQLITE_PREPARE_PERSISTENT, &stmt,
                             nullptr) != SQLITE_OK)
        Fail(db_, "prepare failed for: " + key);
      cache_.emplace(std::move(key), stmt);
    } else {
      stmt = it->second;
    }
    sqlite3_clear_bindings(stmt);
    const int count = sqlite3_bind_parameter_count(stmt);
    const auto* args = params.begin();
    for (int i = 1; i <= count; ++i) {
      const char* name = sqlite3_bind_parameter_name(stmt, i);
      size_t index = 0;
      if (name == nullptr || name[0] != '$' ||
          std::from_chars(name + 1, name + std::char_traits<char>::length(name), index).ec != std::errc() ||
          index == 0 || index > params.size())
        throw DatabaseError("sqlite: parameter " + std::string(name ? name : "?") +
                            " has no value in: " + std::string(sql));
      const Param& p = args[index - 1];
      int rc = 0;
      if (p.is_null()) {
        rc = sqlite3_bind_null(stmt, i);
      } else if (p.is_int()) {
        rc = sqlite3_bind_int64(stmt, i, p.int_value());
      } else if (p.is_bytes()) {
        rc = sqlite3_bind_blob64(stmt, i, p.raw_text().data(), p.raw_text().size(), SQLITE_TRANSIENT);
      } else {
        rc = sqlite3_bind_text(stmt, i, p.raw_text().data(), static_cast<int>(p.raw_text().size()), SQLITE_TRANSIENT);
      }
      if (rc != SQLITE_OK) Fail(db_, "bind failed");
    }
    return stmt;
  }

  sqlite3* db_;
  std::unordered_map<std::string, sqlite3_stmt*> cache_;
};

// Copies the whole of `from` into `to` with SQLite's online backup API.
void CopyDatabase(sqlite3* from, sqlite3* to) {
  sqlite3_backup* backup = sqlite3_backup_init(to, "main", from, "main");
  if (backup == nullptr) Fail(to, "backup init failed");
  int rc = sqlite3_backup_step(backup, -1);
  sqlite3_backup_finish(backup);
  if (rc != SQLITE_DONE) Fail(to, "backup failed");
}

}  // namespace

SqliteDatabase::SqliteDatabase(std::string path, int pool_size) : path_(std::move(path)) {
  // The index file must exist, in WAL mode, before anyone attaches it read-only.
  sqlite3* index = OpenHandle(SearchIndexPath(path_));
  try {
    Exec(index, "PRAGMA journal_mode=WAL;");
  } catch (...) {
    sqlite3_close(index);
    throw;
  }
  sqlite3_close(index);
  for (int i = 0; i < pool_size; ++i) pool_.Add(std::make_unique<SqliteConnection>(path_, Role::kPooled));
}

std::unique_ptr<Connection> SqliteDatabase::OpenSearchIndexWriter() {
  return std::make_unique<SqliteConnection>(path_, Role::kSearchIndexWriter);
}

std::unique_ptr<Connection> SqliteDatabase::OpenAuditJournal() {
  return std::make_unique<SqliteConnection>(path_, Role::kAuditJournal);
}

void SqliteDatabase::Backup(const std::string& path) {
  sqlite3* source = OpenHandle(path_);
  sqlite3* dest = nullptr;
  try {
    dest = OpenHandle(path);
    // A single step copies every page inside one read transaction: a
    // consistent snapshot even while the server keeps writing.
    CopyDatabase(source, dest);
    Exec(dest, "PRAGMA journal_mode=DELETE;");
  } catch (...) {
    sqlite3_close(dest);
    sqlite3_close(source);
    throw;
  }
  sqlite3_close(dest);
  sqlite3_close(source);
}

void SqliteDatabase::Restore(const std::string& path) {
  sqlite3* source = nullptr;
  if (sqlite3_open_v2(path.c_str(), &source, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK) {
    std::string msg = source ? sqlite3_errmsg(source) : "out of memory";
    sqlite3_close(source);
    throw DatabaseError("sqlite: cannot open backup " + path + ": " + msg);
  }
  sqlite3* dest = nullptr;
  try {
    Exec(source, "PRAGMA quick_check;");
    dest = OpenHandle(path_);
    CopyDatabase(source, dest);
  } catch (...) {
    sqlite3_close(dest);
    sqlite3_close(source);
    throw;
  }
  sqlite3_close(dest);
  sqlite3_close(source);
  // The search index described the replaced contents: the indexer rebuilds
  // it. The audit journal's records belonged to the replaced trail, as did
  // every record after the backup was taken.
  RemoveWithWal(SearchIndexPath(path_));
  RemoveWithWal(AuditJournalPath(path_));
}

}  // namespace tsunagu::storage
