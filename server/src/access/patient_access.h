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
#include <string_view>

#include "access/actor.h"
#include "access/audit_trail.h"
#include "access/audit_writer.h"
#include "common/error.h"
#include "storage/database.h"

namespace tsunagu::access {

enum class PatientNeed {
  kRead,        // see the patient's data
  kWrite,       // add or change the patient's data (members only, active consent)
  kManageTeam,  // add and remove members (the lead, and members the lead allows)
  kLead,        // hand over the lead, allow managing, the consent (the team's lead only)
};

// Who may add and remove a team's members: its lead, and the members the lead
// allows (`allowed`, care_team_members.manages_team).
inline bool ManagesTeam(std::string_view role, bool allowed) { return role == "lead" || allowed; }

struct PatientGrant {
  std::string patient_id;
  std::string region_id;
  std::optional<std::string> role;  // "lead" or "member"; nullopt for an administrator's read
  bool manages_team = false;        // a member the lead allows to add and remove members
  bool lead() const { return role == "lead"; }
  bool can_manage_team() const { return member() && ManagesTeam(*role, manages_team); }
  bool member() const { return role.has_value(); }
};

class PatientAccess {
 public:
  PatientAccess(storage::Database& db, const AuditTrail& audit, AuditWriter& writer)
      : db_(db), audit_(audit), writer_(writer) {}

  // For changes, inside the caller's transaction: throws kUnauthenticated when
  // signed out, kNotFound when the patient is not visible to the actor,
  // kPermissionDenied when visible but `need` is not met. On success appends
  // {actor, action, patient, target} to the audit trail in that transaction.
  // A refusal (kNotFound, kPermissionDenied) is recorded as `patient.denied`
  // outside that transaction, which rolls back: it is queued to the
  // AuditWriter (the caller holds the write lock, so it cannot be awaited)
  // and committed just after.
  PatientGrant Require(storage::Connection& c, const Actor& actor, const std::string& patient_id, PatientNeed need,
                       const std::string& action, const std::string& target) const;

  // For reads: checks kRead on a pooled connection and runs `read(c, grant)`
  // there; then, with the connection released, records the access durably
  // (group commit, see AuditWriter) before returning what `read` returned.
  // A refusal is recorded durably as `patient.denied` before it is thrown.
  template <typename F>
  auto Read(const Actor& actor, const std::string& patient_id, const std::string& action, const std::string& target,
            F&& read) const
      -> decltype(read(std::declval<storage::Connection&>(), std::declval<const PatientGrant&>())) {
    bool decided = false;
    try {
      auto result = db_.Read([&](storage::Connection& c) {
        const PatientGrant grant = Decide(c, actor, patient_id, PatientNeed::kRead);
        decided = true;
        return read(c, grant);
      });
      writer_.Record({actor.user_id, action, patient_id, target, actor.ip});
      return result;
    } catch (const AppError& e) {
      // Only the access decision's refusals: `read` may throw kNotFound too.
      if (!decided && IsDenial(actor, e)) writer_.Record(DenialEvent(actor, patient_id, action, target));
      throw;
    }
  }

  // Records, durably, an access that is not about one patient (the patient list).
  void RecordRead(const Actor& actor, const std::string& action, const std::string& target) const;
  // Records an access inside the caller's transaction.
  void Record(storage::Connection& c, const Actor& actor, const std::string& action, const std::string& target,
              const std::optional<std::string>& patient_id = std::nullopt) const;

 private:
  PatientGrant Decide(storage::Connection& c, const Actor& actor, const std::string& patient_id,
                      PatientNeed need) const;
  // A signed-in actor refused a patient (not visible, or not allowed).
  static bool IsDenial(const Actor& actor, const AppError& e);
  // `patient.denied` by the actor, naming the refused action and its target.
  static AuditEvent DenialEvent(const Actor& actor, const std::string& patient_id, const std::string& action,
                                const std::string& target);

  storage::Database& db_;
  const AuditTrail& audit_;
  AuditWriter& writer_;
};

}  // namespace tsunagu::access
