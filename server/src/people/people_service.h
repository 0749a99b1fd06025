// Regions, organisations and user management: the rules.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "access/actor.h"
#include "access/audit_trail.h"
#include "auth/password_hasher.h"
#include "auth/session_store.h"
#include "common/clock.h"
#include "people/people_store.h"
#include "storage/database.h"

namespace tsunagu::people {

struct NewOrganization {
  std::string name;
  std::string type;
  std::string region_id;
};

class PeopleService {
 public:
  PeopleService(storage::Database& db, const PeopleStore& store, const auth::SessionStore& sessions,
                const access::AuditTrail& audit, auth::PasswordHasher& hasher, const Clock& clock);

  // Public: the application form needs them.
  std::vector<Region> ListRegions();
  std::vector<Organization> ListOrganizations(const std::optional<std::string>& region_id,
                                              const std::optional<std::string>& before, int limit);

  // Region admin of that region, or system admin.
  Region SetRegionRequireTotp(const access::Actor& actor, const std::string& region_id, bool required);
  Organization CreateOrganization(const access::Actor& actor, const NewOrganization& org);

  // Any signed-in user: the directory used to build care teams across regions.
  std::vector<Professional> SearchProfessionals(const access::Actor& actor, const ProfessionalQuery& query);

  // Region admins see their region's users; system admins everyone's.
  std::vector<User> ListUsers(const access::Actor& actor, UserQuery query);
  // Sets a random temporary password that must be changed at next sign-in,
  // ends the user's sessions, and returns the temporary password.
  std::string ResetPassword(const access::Actor& actor, const std::string& user_id);
  // Same admins as ResetPassword. Deactivation ends the user's sessions; they
  // can no longer sign in, are left out of the directory and stop counting
  // as professionals. Care-team memberships stay as history.
  // 409 for oneself or an already inactive user. Returns the updated user.
  User Deactivate(const access::Actor& actor, const std::string& user_id, const std::string& reason);
  // 409 when the user is already active.
  User Reactivate(const access::Actor& actor, const std::string& user_id);

 private:
  User RequireManagedUser(storage::Connection& c, const access::Actor& actor, const std::string& user_id);

  storage::Database& db_;
  const PeopleStore& store_;
  const auth::SessionStore& sessions_;
  const access::AuditTrail& audit_;
  auth::PasswordHasher& hasher_;
  const Clock& clock_;
};

}  // namespace tsunagu::people
