#include "access/patient_access.h"

#include "access/access_policy.h"
#include "common/error.h"

namespace tsunagu::access {
namespace {

constexpr std::string_view kMembership =
    "SELECT p.region_id, p.status, m.role, m.manages_team FROM patients p "
    "LEFT JOIN care_team_members m ON m.patient_id = p.id AND m.user_id = $2 WHERE p.id = $1";

constexpr std::string_view kLockPatient = "SELECT id FROM patients WHERE id = $1 FOR UPDATE";

[[noreturn]] void NotFound() { throw AppError(ErrorCode::kNotFound, "利用者が見つかりません"); }

}  // namespace

PatientGrant PatientAccess::Require(storage::Connection& c, const Actor& actor, const std::string& patient_id,
                                    PatientNeed need, const std::string& action, const std::string& target) const {
  // PostgreSQL (SQLite has one writer anyway): changes to one patient's team
  // and notebook are serialised on the patient's row, taken before the
  // decision so that it sees every change committed before it (a withdrawal,
  // a removal from the team), and so that counters kept per member (unread
  // counts) stay exact when a member is added while someone posts.
  if (c.dialect() == storage::Dialect::kPostgres) c.Query(kLockPatient, {patient_id});
  PatientGrant grant;
  try {
    grant = Decide(c, actor, patient_id, need);
  } catch (const AppError& e) {
    if (IsDenial(actor, e)) writer_.Submit(DenialEvent(actor, patient_id, action, target));
    throw;
  }
  audit_.Append(c, {actor.user_id, action, patient_id, target, actor.ip});
  return grant;
}

PatientGrant PatientAccess::Decide(storage::Connection& c, const Actor& actor, const std::string& patient_id,
                                   PatientNeed need) const {
  RequireSignedIn(actor);
  if (patient_id.empty() || patient_id.size() > 64) NotFound();
  auto row = c.QueryOne(kMembership, {patient_id, *actor.user_id});
  if (!row) NotFound();
  PatientGrant grant{patient_id, row->Text(0), std::nullopt};
  const bool active = row->Text(1) == "active";
  if (active && !row->IsNull(2)) {
    grant.role = row->Text(2);
    grant.manages_team = row->Bool(3);
    if (need == PatientNeed::kLead && !grant.lead())
      throw AppError(ErrorCode::kPermissionDenied, "主担当者のみが行えます", "lead_only");
    if (need == PatientNeed::kManageTeam && !grant.can_manage_team())
      throw AppError(ErrorCode::kPermissionDenied, "主担当者と、主担当者に任されたメンバーだけが行えます",
                     "team_manager_only");
  } else if (!active && need == PatientNeed::kRead && actor.AdministersRegion(grant.region_id)) {
    // Consent withdrawn: the record stays readable to the region's administrators.
  } else {
    NotFound();
  }
  return grant;
}

bool PatientAccess::IsDenial(const Actor& actor, const AppError& e) {
  return actor.signed_in() && (e.code() == ErrorCode::kNotFound || e.code() == ErrorCode::kPermissionDenied);
}

AuditEvent PatientAccess::DenialEvent(const Actor& actor, const std::string& patient_id, const std::string& action,
                                      const std::string& target) {
  // An id no patient can have is not kept as one (it may be anything at all).
  std::optional<std::string> patient;
  if (!patient_id.empty() && patient_id.size() <= 64) patient = patient_id;
  std::string what = action + " " + target;
  if (what.size() > 200) {
    size_t cut = 200;
    while (cut > 0 && (static_cast<unsigned char>(what[cut]) & 0xC0) == 0x80) --cut;  // not inside a UTF-8 character
    what.resize(cut);
  }
  return {actor.user_id, "patient.denied", patient, what, actor.ip};
}

void PatientAccess::RecordRead(const Actor& actor, const std::string& action, const std::string& target) const {
  writer_.Record({actor.user_id, action, std::nullopt, target, actor.ip});
}

void PatientAccess::Record(storage::Connection& c, const Actor& actor, const std::string& action,
                           const std::string& target, const std::optional<std::string>& patient_id) const {
  audit_.Append(c, {actor.user_id, action, patient_id, target, actor.ip});
}

}  // namespace tsunagu::access
