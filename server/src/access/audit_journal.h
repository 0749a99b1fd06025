// The audit journal (decision 0011): on SQLite, the records of reads are made
// durable in a file of their own beside the database and moved into the audit
// trail in batches, five times a second. A read then commits nothing to the
// database itself: every commit there makes each other connection drop its
// page cache, which cost a read of 50 posts three quarters of its time when
// each read committed its own record. Nothing is lost: a record is durable in
// the journal before the read's answer is sent, and whatever a crash leaves
// in the journal is moved at the next start (or by the next Drain from any
// process). PostgreSQL has no journal: its reads' records go to the trail.
#pragma once

#include <memory>
#include <utility>
#include <vector>

#include "access/audit_trail.h"
#include "storage/database.h"

namespace tsunagu::access {

class AuditJournal {
 public:
  // The journal beside `db`, or nullptr when `db` keeps none (PostgreSQL).
  static std::unique_ptr<AuditJournal> Open(storage::Database& db);

  explicit AuditJournal(std::unique_ptr<storage::Connection> connection);

  // Appends the records in one durable commit. Not thread-safe: one writer
  // per journal object (several processes may each hold one).
  void Write(const std::vector<std::pair<AuditEvent, TimestampMs>>& records);

  // Moves every journaled record that is not yet in `db`'s trail into it (one
  // transaction of `db`, which also advances the drained mark), then removes
  // them from the journal. Safe beside another process draining the same
  // journal. Returns how many records were moved.
  int64_t Drain(storage::Database& db, const AuditTrail& trail);

 private:
  std::unique_ptr<storage::Connection> c_;
};

}  // namespace tsunagu::access
