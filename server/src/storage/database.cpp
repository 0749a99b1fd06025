#include "storage/database.h"

#include "common/decimal.h"
#include "storage/postgres_database.h"
#include "storage/sqlite_database.h"

namespace tsunagu::storage {

const std::string& Row::Text(size_t i) const {
  const auto& c = cols_.at(i);
  if (!c) throw DatabaseError("unexpected NULL in column " + std::to_string(i));
  return *c;
}

int64_t Row::Int(size_t i) const {
  const std::string& t = Text(i);
  const auto v = ParseDecimal<int64_t>(t);
  if (!v) throw DatabaseError("column " + std::to_string(i) + " is not an integer: " + t);
  return *v;
}

bool Row::Bool(size_t i) const {
  const std::string& t = Text(i);
  if (t == "t" || t == "true") return true;
  if (t == "f" || t == "false") return false;
  return Int(i) != 0;
}

std::optional<int64_t> Row::OptInt(size_t i) const {
  if (IsNull(i)) return std::nullopt;
  return Int(i);
}

std::optional<Row> Connection::QueryOne(std::string_view sql, Params params) {
  Rows rows = Query(sql, params);
  if (rows.empty()) return std::nullopt;
  return std::move(rows.front());
}

void Connection::BeforeCommit(std::function<void(Connection&)> step) {
  if (!InTransaction()) {
    step(*this);
    return;
  }
  before_commit_.push_back(std::move(step));
}

void Connection::RunBeforeCommit() {
  // A step may ask for another, which may reallocate the vector: by index,
  // until none is left.
  for (size_t i = 0; i < before_commit_.size(); ++i) {  // NOLINT(modernize-loop-convert)
    auto step = std::move(before_commit_[i]);
    step(*this);
  }
  before_commit_.clear();
}

namespace {
// Set while this thread runs a grouped work: a transaction started from
// inside one would wait for its own group forever.
thread_local bool in_grouped_work = false;
}  // namespace

void Database::RunGrouped(const std::function<void(Connection&)>& work) {
  if (in_grouped_work) throw std::logic_error("a transaction was started inside another transaction");
  GroupedWork mine{&work, nullptr, false};
  std::unique_lock lock(group_mutex_);
  group_queue_.push_back(&mine);
  while (!mine.done) {
    if (group_leader_active_) {
      group_done_.wait(lock);
      continue;
    }
    group_leader_active_ = true;
    std::vector<GroupedWork*> group(group_queue_.begin(), group_queue_.end());
    group_queue_.clear();
    lock.unlock();
    RunGroup(group);
    lock.lock();
    for (auto* w : group) w->done = true;
    group_leader_active_ = false;
    group_done_.notify_all();
  }
  if (mine.error) std::rethrow_exception(mine.error);
}

void Database::RunGroup(std::vector<GroupedWork*>& group) {
  auto fail_all = [&group](const std::exception_ptr& e) {
    for (auto* w : group)
      if (!w->error) w->error = e;
  };
  try {
    LockWriter();
    struct Unlock {
      Database* db;
      ~Unlock() { db->UnlockWriter(); }
    } unlock{this};
    Lease lease(this, Acquire());
    // A lone work needs no savepoint: when it throws, its transaction is
    // rolled back and its caller gets the exception, as without grouping.
    if (group.size() == 1) {
      RunInTransaction(*lease, [&](Connection& c) {
        in_grouped_work = true;
        struct Leave {
          ~Leave() { in_grouped_work = false; }
        } leave;
        (*group.front()->work)(c);
      });
      return;
    }
    RunInTransaction(*lease, [&](Connection& c) {
      c.ExecuteScript("SAVEPOINT tsunagu_grouped");
      for (size_t i = 0; i < group.size(); ++i) {
        GroupedWork* w = group[i];
        try {
          in_grouped_work = true;
          (*w->work)(c);
          c.RunBeforeCommit();
          in_grouped_work = false;
        } catch (...) {
          in_grouped_work = false;
          c.ForgetBeforeCommit();
          w->error = std::current_exception();
          // Undo this work alone; if even that fails the transaction is lost.
          if (c.InTransaction()) c.ExecuteScript("ROLLBACK TO tsunagu_grouped");
        }
        // The database may have ended the whole transaction (and a work may
        // have caught that error and gone on, committing statement by
        // statement): then nothing of the group can be promised.
        if (!c.InTransaction()) throw DatabaseError("the database ended the transaction of a group commit");
        // One round trip: keep this work, open the next one's savepoint.
        c.ExecuteScript(i + 1 < group.size() ? "RELEASE tsunagu_grouped; SAVEPOINT tsunagu_grouped"
                                             : "RELEASE tsunagu_grouped");
      }
    });
  } catch (...) {
    fail_all(std::current_exception());
  }
}

std::unique_ptr<Database> OpenDatabase(const std::string& url, int pool_size) {
  if (url.rfind("sqlite:", 0) == 0) {
    std::string path = url.substr(7);
    if (path.empty()) throw std::invalid_argument("sqlite URL needs a path: sqlite:PATH");
    return std::make_unique<SqliteDatabase>(path, pool_size);
  }
  if (url.rfind("postgresql://", 0) == 0 || url.rfind("postgres://", 0) == 0) {
    return std::make_unique<PostgresDatabase>(url, pool_size);
  }
  throw std::invalid_argument("unsupported database URL '" + url +
                              "': use sqlite:PATH or postgresql://user@host/dbname");
}

}  // namespace tsunagu::storage
