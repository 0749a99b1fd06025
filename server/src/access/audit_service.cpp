#include "access/audit_service.h"

#include "access/access_policy.h"
#include "common/error.h"

namespace tsunagu::access {

namespace {

// What the record of a reading of the trail says was looked at.
std::string QueryTarget(const AuditQuery& q) { return q.user_id ? "user:" + *q.user_id : ""; }

}  // namespace

std::vector<AuditRecord> AuditService::List(const Actor& actor, AuditQuery query) {
  ScopeToAdministeredRegion(actor, query.region_id);
  writer_.Flush();
  return db_.Transaction([&](storage::Connection& c) {
    auto records = trail_.List(c, query);
    trail_.Append(c, {actor.user_id, "audit.read", query.patient_id, QueryTarget(query), actor.ip});
    return records;
  });
}

AuditExport AuditService::BeginExport(const Actor& actor, AuditQuery query) {
  ScopeToAdministeredRegion(actor, query.region_id);
  query.before_seq.reset();
  writer_.Flush();
  return db_.Transaction([&](storage::Connection& c) {
    AuditExport plan;
    plan.through_seq = AuditTrail::LastSeq(c);
    plan.query = query;
    plan.query.before_seq = plan.through_seq + 1;
    plan.records = AuditTrail::Count(c, plan.query, max_export_records_ + 1);
    if (plan.records > max_export_records_)
      throw AppError(ErrorCode::kTooLarge,
                     "対象の記録が多すぎます（" + std::to_string(max_export_records_) +
                         "件まで）。期間や操作者で絞り込んでください",
                     "too_many_records");
    trail_.Append(c, {actor.user_id, "audit.export", query.patient_id, QueryTarget(query), actor.ip});
    return plan;
  });
}

void AuditService::ReadExport(const AuditExport& plan,
                              const std::function<void(const std::vector<AuditRecord>&)>& page) {
  AuditQuery q = plan.query;
  q.limit = kExportPageSize;
  for (;;) {
    auto records = db_.Read([&](storage::Connection& c) { return trail_.List(c, q); });
    if (records.empty()) return;
    page(records);
    if (static_cast<int>(records.size()) < kExportPageSize) return;
    q.before_seq = records.back().seq;
  }
}

std::vector<std::string> AuditService::ListActions(const Actor& actor) {
  RequireAnyAdmin(actor);
  writer_.Flush();
  return db_.Read([](storage::Connection& c) { return AuditTrail::ListActions(c); });
}

AuditVerification AuditService::Verify(const Actor& actor) {
  RequireSystemAdmin(actor);
  writer_.Flush();
  return db_.Read([&](storage::Connection& c) { return AuditTrail::Verify(c); });
}

}  // namespace tsunagu::access
