// Reading, exporting and verifying the audit trail: who may.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "access/actor.h"
#include "access/audit_trail.h"
#include "access/audit_writer.h"
#include "storage/database.h"

namespace tsunagu::access {

// An export decided by AuditService::BeginExport: the records of `query`
// up to and including `through_seq` (those that existed when it began).
struct AuditExport {
  AuditQuery query;
  int64_t through_seq = 0;
  int64_t records = 0;
};

class AuditService {
 public:
  // The most records one export may hold; more is kTooLarge.
  static constexpr int64_t kMaxExportRecords = 100'000;
  // Records read per query while exporting.
  static constexpr int kExportPageSize = 1000;

  // Reading the trail first flushes `writer`, so that what was read before
  // is in it (see AuditWriter::Flush).
  AuditService(storage::Database& db, const AuditTrail& trail, AuditWriter& writer,
               int64_t max_export_records = kMaxExportRecords)
      : db_(db), trail_(trail), writer_(writer), max_export_records_(max_export_records) {}

  // System admins: everything; region admins: what their region's users did.
  // Reading the trail is itself recorded.
  std::vector<AuditRecord> List(const Actor& actor, AuditQuery query);

  // Starts an export of every record matching `query` (its limit and
  // before_seq are ignored), with the same rules as List. Throws
  // kPermissionDenied / kUnauthenticated like List, and kTooLarge (code
  // `too_many_records`) when more than the maximum match; otherwise records
  // `audit.export` and returns what ReadExport will deliver.
  AuditExport BeginExport(const Actor& actor, AuditQuery query);
  // Delivers the export's records newest first to `page`, at most
  // kExportPageSize at a time. No database connection is held while `page`
  // runs, so a slow reader does not hold up others. Exceptions from `page`
  // or the database propagate.
  void ReadExport(const AuditExport& plan, const std::function<void(const std::vector<AuditRecord>&)>& page);

  // The action names that occur in the trail, for the viewer's filter. Any admin.
  std::vector<std::string> ListActions(const Actor& actor);

  AuditVerification Verify(const Actor& actor);

  TimestampMs Now() const { return trail_.Now(); }

 private:
  storage::Database& db_;
  const AuditTrail& trail_;
  AuditWriter& writer_;
  int64_t max_export_records_;
};

}  // namespace tsunagu::access
