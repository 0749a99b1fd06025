// Group commit for audit records of reads. A read of a patient's data must not
// return before its audit record is durable, but taking the database's write
// lock and an fsync for every read would serialise all reading. Record() hands
// the record to one writer thread, which makes every record waiting at that
// moment durable at once (one fsync), then wakes their callers.
//
// Where the database keeps an audit journal (SQLite, see AuditJournal), the
// writer commits the records to the journal and moves them into the audit
// trail every kDrainEvery (and at once when Flush() asks); elsewhere
// (PostgreSQL) it appends them to the trail in one transaction.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <future>
#include <memory>
#include <mutex>
#include <thread>

#include "access/audit_journal.h"
#include "access/audit_trail.h"
#include "storage/database.h"

namespace tsunagu::access {

class AuditWriter {
 public:
  // How long a journaled record waits, at most, before it joins the trail.
  static constexpr std::chrono::milliseconds kDrainEvery{200};

  // Moves what a previous run left in the journal into the trail, then
  // starts the writer thread. `db` and `trail` must outlive the writer.
  AuditWriter(storage::Database& db, const AuditTrail& trail);
  // Commits what is waiting, moves the journal into the trail, then stops
  // the thread.
  ~AuditWriter();
  AuditWriter(const AuditWriter&) = delete;
  AuditWriter& operator=(const AuditWriter&) = delete;

  // Blocks until `event` is durable; rethrows the commit's failure.
  // Must not be called while holding a pooled connection. Thread-safe.
  void Record(AuditEvent event);

  // Queues `event` and returns at once; the writer commits it with the next
  // batch (and before it stops). For callers that hold the database's write
  // lock and so cannot wait. A failed commit is logged, not reported.
  // Thread-safe.
  void Submit(AuditEvent event);

  // Blocks until every record recorded or submitted before the call is in the
  // audit trail itself (for those who read the trail). Must not be called
  // while holding a pooled connection. Thread-safe.
  void Flush();

 private:
  struct Pending {
    AuditEvent event;
    TimestampMs at;
    std::promise<void> done;
    bool owned = false;  // submitted: the writer deletes it once committed
  };
  void Run();
  // Makes `batch` durable (journal or trail) and settles its callers.
  void Commit(const std::vector<Pending*>& batch);
  // Moves the journal into the trail; false after a failure, which is
  // logged (the records stay in the journal for the next try).
  bool Drain();

  storage::Database& db_;
  const AuditTrail& trail_;
  std::unique_ptr<AuditJournal> journal_;  // nullptr: records go to the trail
  std::mutex mu_;
  std::condition_variable cv_;
  std::condition_variable flushed_cv_;
  std::deque<Pending*> queue_;
  bool stopping_ = false;
  int64_t flush_asked_ = 0;  // Flush() calls so far
  int64_t flush_done_ = 0;   // the Flush() calls answered
  bool journaled_ = false;   // the journal holds records not yet in the trail
  std::thread thread_;
};

}  // namespace tsunagu::access
