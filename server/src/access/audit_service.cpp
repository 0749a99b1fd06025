#include "access/audit_service.h"

#include "access/access_policy.h"
#include "common/error.h"

namespace tsunagu::access {

std::vector<AuditRecord> AuditService::List(const Actor& actor, AuditQuery query) {
  RequireAnyAdmin(actor);
  if (!actor.system_admin) query.region_id = actor.region_id;
  return db_.Transaction([&](storage::Connection& c) {
    auto records = trail_.List(c, query);
    trail_.Append(
        c, {actor.user_id, "audit.read", query.patient_id, query.user_id ? "user:" + *query.user_id : "", actor.ip});
    return records;
  });
}

AuditVerification AuditService::Verify(const Actor& actor) {
  RequireSystemAdmin(actor);
  return db_.Read([&](storage::Connection& c) { return AuditTrail::Verify(c); });
}

}  // namespace tsunagu::access
