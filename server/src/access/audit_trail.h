// The append-only audit trail. Each record's hash covers its fields and the
// previous record's hash, so deleting or altering any record is detectable by
// Verify(). Append() must run inside the caller's transaction, so the record
// commits (or not) together with the change it describes.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "common/clock.h"
#include "storage/database.h"

namespace tsunagu::access {

struct AuditEvent {
  std::optional<std::string> user_id;
  std::string action;  // "session.sign_in", "registration.approve", ...
  std::optional<std::string> patient_id;
  std::string target;  // what was touched, e.g. "registration:<id>"
  std::string ip;
};

struct AuditRecord {
  int64_t seq = 0;
  TimestampMs at = 0;
  std::optional<std::string> user_id;
  std::string action;
  std::optional<std::string> patient_id;
  std::string target;
  std::string ip;
  std::optional<std::string> user_name;  // the acting user's current name (List only)
};

struct AuditQuery {
  std::optional<std::string> user_id;
  std::optional<std::string> patient_id;
  std::optional<std::string> action;
  std::optional<TimestampMs> from;  // inclusive
  std::optional<TimestampMs> to;    // exclusive
  std::optional<int64_t> before_seq;
  // A region administrator's view: records about this region's patients
  // (whoever made them, from any region), and records about no patient made
  // by users who are now in this region. A professional who moves keeps the
  // records about the old region's patients with that region.
  std::optional<std::string> region_id;
  int limit = 50;
};

struct AuditVerification {
  bool intact = true;
  int64_t records = 0;
  std::optional<int64_t> first_broken_seq;  // the first record whose hash does not match
  std::string reason;                       // "missing", "out_of_chain" or "altered"; empty when intact
  std::string problem;                      // the same in an English sentence
};

class AuditTrail {
 public:
  explicit AuditTrail(const Clock& clock) : clock_(clock) {}

  // Appends one record at the end of the transaction's work, just before it
  // commits (Connection::BeforeCommit; at once outside a transaction), so
  // that the appenders' lock, which serialises them (PostgreSQL: an advisory
  // lock held until the transaction ends; SQLite: the single writer), is held
  // only briefly and writers run side by side until then. `when` it
  // happened; the time of the append when absent.
  void Append(storage::Connection& c, const AuditEvent& e, std::optional<TimestampMs> when = std::nullopt) const;

  // Records matching `query`, newest first, at most query.limit, each with
  // the acting user's name.
  std::vector<AuditRecord> List(storage::Connection& c, const AuditQuery& query) const;
  // How many records match `query` (before_seq included), counting no
  // further than `cap` (returns at most cap).
  static int64_t Count(storage::Connection& c, const AuditQuery& query, int64_t cap);
  // The newest record's seq, 0 when the trail is empty.
  static int64_t LastSeq(storage::Connection& c);
  // Every action name that occurs in the trail, sorted (an index walk, one
  // lookup per distinct name).
  static std::vector<std::string> ListActions(storage::Connection& c);

  // Walks the whole chain in order.
  static AuditVerification Verify(storage::Connection& c);

  TimestampMs Now() const { return clock_.NowMs(); }

 private:
  const Clock& clock_;
};

}  // namespace tsunagu::access
