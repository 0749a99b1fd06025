// The single door to a patient's data. Every service that reads or writes
// anything about a patient asks Require() first, inside its transaction:
// it decides from consent and team membership, and appends the audit record
// of the access, so that no handler can forget either.
//
// The rules:
// - a patient whose consent is active is visible to the members of its care
//   team only; to everyone else it does not exist (kNotFound), so that its
//   existence does not leak;
// - after consent is withdrawn, sharing ends at once: members see kNotFound;
//   the region's administrators (and system administrators) may still read,
//   never write.
#pragma once

#include <optional>
#include <string>

#include "access/actor.h"
#include "access/audit_trail.h"
#include "storage/database.h"

namespace tsunagu::access {

enum class PatientNeed {
  kRead,   // see the patient's data
  kWrite,  // add or change the patient's data (members only, active consent)
  kLead,   // manage the team or the consent (the team's lead only)
};

struct PatientGrant {
  std::string patient_id;
  std::string region_id;
  std::optional<std::string> role;  // "lead" or "member"; nullopt for an administrator's read
  bool lead() const { return role == "lead"; }
  bool member() const { return role.has_value(); }
};

class PatientAccess {
 public:
  explicit PatientAccess(const AuditTrail& audit) : audit_(audit) {}

  // Throws kUnauthenticated when signed out, kNotFound when the patient is not
  // visible to the actor, kPermissionDenied when visible but `need` is not met.
  // On success appends {actor, action, patient, target} to the audit trail.
  PatientGrant Require(storage::Connection& c, const Actor& actor, const std::string& patient_id, PatientNeed need,
                       const std::string& action, const std::string& target) const;

  // Records an access that is not about one patient (e.g. the patient list).
  void Record(storage::Connection& c, const Actor& actor, const std::string& action, const std::string& target,
              const std::optional<std::string>& patient_id = std::nullopt) const;

 private:
  const AuditTrail& audit_;
};

}  // namespace tsunagu::access
