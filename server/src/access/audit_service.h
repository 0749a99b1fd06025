// Reading and verifying the audit trail: who may.
#pragma once

#include <vector>

#include "access/actor.h"
#include "access/audit_trail.h"
#include "storage/database.h"

namespace tsunagu::access {

class AuditService {
 public:
  AuditService(storage::Database& db, const AuditTrail& trail) : db_(db), trail_(trail) {}
  // System admins: everything; region admins: what their region's users did.
  // Reading the trail is itself recorded.
  std::vector<AuditRecord> List(const Actor& actor, AuditQuery query);
  AuditVerification Verify(const Actor& actor);

 private:
  storage::Database& db_;
  const AuditTrail& trail_;
};

}  // namespace tsunagu::access
