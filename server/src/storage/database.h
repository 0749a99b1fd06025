// One storage interface, two drivers (SQLite, PostgreSQL).
//
// SQL text is shared by both dialects: parameters are written $1..$n (bound by
// name on SQLite, so their order in the text does not matter), integers are
// BIGINT, booleans are 0/1 integers, times are UTC milliseconds, ids are text.
// Stores hold their SQL as named constants and take a Connection&, so a
// service decides the transaction around several store calls.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <exception>
#include <functional>
#include <initializer_list>
#include <memory>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace tsunagu::storage {

enum class Dialect { kSqlite, kPostgres };

// A failure of the database itself (connection lost, constraint broken that a
// store did not expect). Mapped to 500 by the HTTP layer.
class DatabaseError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// One bound parameter: NULL, an integer, text, or bytes (Param::Bytes: bound
// as a BLOB on SQLite and in binary format, as bytea, on PostgreSQL).
class Param {
 public:
  static Param Bytes(std::string v) {
    Param p(std::move(v));
    p.is_bytes_ = true;
    return p;
  }
  Param(std::nullopt_t /*null*/) {}                                   // NOLINT(google-explicit-constructor)
  Param(int v) : is_null_(false), is_int_(true), int_(v) {}           // NOLINT
  Param(int64_t v) : is_null_(false), is_int_(true), int_(v) {}       // NOLINT
  Param(bool v) : is_null_(false), is_int_(true), int_(v ? 1 : 0) {}  // NOLINT
  Param(std::string v) : is_null_(false), text_(std::move(v)) {}      // NOLINT
  Param(std::string_view v) : is_null_(false), text_(v) {}            // NOLINT
  Param(const char* v) : is_null_(false), text_(v) {}                 // NOLINT
  Param(const std::optional<std::string>& v) : is_null_(!v), text_(v.value_or("")) {}  // NOLINT
  Param(const std::optional<int64_t>& v)                                               // NOLINT
      : is_null_(!v), is_int_(true), int_(v.value_or(0)) {}

  bool is_null() const { return is_null_; }
  bool is_int() const { return is_int_; }
  bool is_bytes() const { return is_bytes_; }
  int64_t int_value() const { return int_; }
  // Text form (integers rendered in decimal).
  std::string text() const { return is_int_ ? std::to_string(int_) : text_; }
  const std::string& raw_text() const { return text_; }

 private:
  bool is_null_ = true;
  bool is_int_ = false;
  bool is_bytes_ = false;
  int64_t int_ = 0;
  std::string text_;
};

using Params = std::initializer_list<Param>;

// One result row; columns by position as selected. A BLOB (SQLite) or BYTEA
// (PostgreSQL) column holds its raw bytes: read it with Bytes().
class Row {
 public:
  explicit Row(std::vector<std::optional<std::string>> cols) : cols_(std::move(cols)) {}
  bool IsNull(size_t i) const { return !cols_.at(i).has_value(); }
  // Throws DatabaseError on NULL.
  const std::string& Text(size_t i) const;
  std::optional<std::string> OptText(size_t i) const { return cols_.at(i); }
  // The raw bytes of a BLOB/BYTEA column; throws DatabaseError on NULL.
  const std::string& Bytes(size_t i) const { return Text(i); }
  // Moves a column's value out of the row (large values without a copy).
  std::optional<std::string> Take(size_t i) { return std::move(cols_.at(i)); }
  int64_t Int(size_t i) const;
  std::optional<int64_t> OptInt(size_t i) const;
  // 0/1 integers; PostgreSQL's "t"/"f" are accepted too.
  bool Bool(size_t i) const;
  size_t size() const { return cols_.size(); }

 private:
  std::vector<std::optional<std::string>> cols_;
};

using Rows = std::vector<Row>;

// A session with the database. Not thread-safe: one thread at a time, which
// Database's pool guarantees.
class Connection {
 public:
  virtual ~Connection() = default;
  virtual Dialect dialect() const = 0;
  virtual Rows Query(std::string_view sql, Params params = {}) = 0;
  // Returns the number of rows changed.
  virtual int64_t Execute(std::string_view sql, Params params = {}) = 0;
  // Runs several statements without parameters (migrations).
  virtual void ExecuteScript(std::string_view sql) = 0;
  virtual void Begin() = 0;
  virtual void Commit() = 0;
  virtual void Rollback() = 0;
  // False when the database itself ended the transaction (SQLite rolls back
  // the whole transaction on some errors, e.g. a full disk). A PostgreSQL
  // transaction that failed is still one until it is rolled back.
  virtual bool InTransaction() const = 0;

  std::optional<Row> QueryOne(std::string_view sql, Params params = {});

  // Work to run at the end of the current transaction's work, just before it
  // commits (in a group commit, at the end of the grouped work that asked,
  // inside its savepoint), in the order asked; forgotten when the transaction
  // rolls back. For what should hold a lock only briefly (the audit trail's
  // appenders). Outside a transaction `step` runs at once.
  void BeforeCommit(std::function<void(Connection&)> step);
  // Runs (and forgets) the steps asked for so far; RunInTransaction and the
  // group commit call it.
  void RunBeforeCommit();
  void ForgetBeforeCommit() { before_commit_.clear(); }

 private:
  std::vector<std::function<void(Connection&)>> before_commit_;
};

// Runs `work(c)` and then c's BeforeCommit steps between c.Begin() and
// c.Commit(); when anything throws, rolls
// back (a failing rollback is ignored: the first error is the one to report)
// and rethrows. Returns what `work` returns.
template <typename F>
auto RunInTransaction(Connection& c, F&& work) -> decltype(work(c)) {
  c.ForgetBeforeCommit();
  c.Begin();
  try {
    if constexpr (std::is_void_v<decltype(work(c))>) {
      work(c);
      c.RunBeforeCommit();
      c.Commit();
    } else {
      auto result = work(c);
      c.RunBeforeCommit();
      c.Commit();
      return result;
    }
  } catch (...) {
    c.ForgetBeforeCommit();
    try {
      c.Rollback();
    } catch (...) {  // NOLINT(bugprone-empty-catch): the first error is the one to report
    }
    throw;
  }
}

// A pool of connections to one database. Thread-safe.
class Database {
 public:
  virtual ~Database() = default;
  virtual Dialect dialect() const = 0;

  // Runs `work` on a pooled connection inside a transaction; commits when it
  // returns, rolls back and rethrows when it throws. Blocks while the pool is
  // exhausted. Where the database groups commits (both drivers do, see
  // GroupsCommits), write transactions are serialised in-process and
  // committed in groups (see RunGrouped): `work` may then run on another
  // thread, inside a savepoint of a transaction shared with other writers,
  // while its caller waits; it returns only once its group is durable.
  template <typename F>
  auto Transaction(F&& work) -> decltype(work(std::declval<Connection&>()));
  // Runs `work` on a pooled connection without an explicit transaction (reads).
  template <typename F>
  auto Read(F&& work) -> decltype(work(std::declval<Connection&>()));

  // SQLite only (nullptr elsewhere): a new connection that writes the search
  // index file beside the database (see SqliteDatabase), with the database
  // itself attached read-only as schema `data`. The caller owns it; one
  // writer of the index at a time.
  virtual std::unique_ptr<Connection> OpenSearchIndexWriter() { return nullptr; }
  // SQLite only (nullptr elsewhere): a new connection to the audit journal
  // file beside the database (synchronous=FULL; see access::AuditJournal).
  virtual std::unique_ptr<Connection> OpenAuditJournal() { return nullptr; }

  // Writes a consistent copy of the whole database to `path` while others use it.
  virtual void Backup(const std::string& path) = 0;
  // Replaces the database's contents with the copy at `path`. Callers make sure
  // no server uses the database meanwhile.
  virtual void Restore(const std::string& path) = 0;

 protected:
  class Lease {
   public:
    Lease(Database* db, Connection* c) : db_(db), c_(c) {}
    Lease(const Lease&) = delete;
    Lease& operator=(const Lease&) = delete;
    ~Lease() { db_->Release(c_); }
    Connection& operator*() const { return *c_; }

   private:
    Database* db_;
    Connection* c_;
  };
  virtual Connection* Acquire() = 0;
  virtual void Release(Connection* c) = 0;
  // Held around write transactions (SQLite: one writer at a time).
  virtual void LockWriter() {}
  virtual void UnlockWriter() {}
  // True when write transactions are committed in groups (one fsync for
  // every transaction that queued up during the last).
  virtual bool GroupsCommits() const { return false; }

  // Group commit. Each caller queues its work; whoever finds no group running
  // becomes the leader, runs every queued work in one transaction, each in its
  // own savepoint (a work that throws is rolled back alone and its caller gets
  // the exception), commits once, and wakes the others. A failed commit fails
  // every work of the group. Transactions are still serial: the same result
  // as running them one after another, with one commit for the lot.
  void RunGrouped(const std::function<void(Connection&)>& work);

 private:
  struct GroupedWork {
    const std::function<void(Connection&)>* work;
    std::exception_ptr error;
    bool done = false;
  };
  void RunGroup(std::vector<GroupedWork*>& group);

  std::mutex group_mutex_;
  std::condition_variable group_done_;
  std::deque<GroupedWork*> group_queue_;
  bool group_leader_active_ = false;
};

// Opens "sqlite:PATH" or "postgresql://..." (also "postgres://...").
// Throws std::invalid_argument with a one-line reason for anything else.
std::unique_ptr<Database> OpenDatabase(const std::string& url, int pool_size);

template <typename F>
auto Database::Transaction(F&& work) -> decltype(work(std::declval<Connection&>())) {
  using Result = decltype(work(std::declval<Connection&>()));
  if (GroupsCommits()) {
    if constexpr (std::is_void_v<Result>) {
      RunGrouped([&work](Connection& c) { work(c); });
      return;
    } else {
      static_assert(!std::is_reference_v<Result>, "a transaction returns a value");
      std::optional<Result> result;
      RunGrouped([&work, &result](Connection& c) { result.emplace(work(c)); });
      return std::move(*result);
    }
  }
  LockWriter();
  struct Unlock {
    Database* db;
    ~Unlock() { db->UnlockWriter(); }
  } unlock{this};
  Lease lease(this, Acquire());
  return RunInTransaction(*lease, std::forward<F>(work));
}

template <typename F>
auto Database::Read(F&& work) -> decltype(work(std::declval<Connection&>())) {
  Lease lease(this, Acquire());
  return work(*lease);
}

}  // namespace tsunagu::storage
