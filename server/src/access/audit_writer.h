// Group commit for audit records of reads. A read of a patient's data must not
// return before its audit record is durable, but taking the database's write
// lock and an fsync for every read would serialise all reading. Record() hands
// the record to one writer thread, which commits every record waiting at that
// moment in a single transaction (one fsync), then wakes their callers.
#pragma once

#include <condition_variable>
#include <deque>
#include <future>
#include <mutex>
#include <thread>

#include "access/audit_trail.h"
#include "storage/database.h"

namespace tsunagu::access {

class AuditWriter {
 public:
  // Starts the writer thread. `db` and `trail` must outlive the writer.
  AuditWriter(storage::Database& db, const AuditTrail& trail);
  // Commits what is waiting, then stops the thread.
  ~AuditWriter();
  AuditWriter(const AuditWriter&) = delete;
  AuditWriter& operator=(const AuditWriter&) = delete;

  // Blocks until `event` is committed; rethrows the commit's failure.
  // Must not be called while holding a pooled connection. Thread-safe.
  void Record(AuditEvent event);

  // Queues `event` and returns at once; the writer commits it with the next
  // batch (and before it stops). For callers that hold the database's write
  // lock and so cannot wait. A failed commit is logged, not reported.
  // Thread-safe.
  void Submit(AuditEvent event);

 private:
  struct Pending {
    AuditEvent event;
    TimestampMs at;
    std::promise<void> done;
    bool owned = false;  // submitted: the writer deletes it once committed
  };
  void Run();

  storage::Database& db_;
  const AuditTrail& trail_;
  std::mutex mu_;
  std::condition_variable cv_;
  std::deque<Pending*> queue_;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace tsunagu::access
