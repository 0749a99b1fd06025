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

// Why a name cannot be used: another organisation of the region has it.
inline constexpr const char* kOrganizationNameTaken = "この地域には同じ名前の事業所がすでに登録されています";

struct NewOrganization {
  std::string name;
  std::string type;
  std::string region_id;
};

class PeopleService {
 public:
  PeopleService(storage::Database& db, const PeopleStore& store, const auth::SessionStore& sessions,
                const access::AuditTrail& audit, auth::PasswordHasher& hasher, const Clock& clock);

  // Public: the application form needs them. Open organisations only, unless
  // `query.include_closed`, which needs an administrator (403 otherwise).
  std::vector<Region> ListRegions();
  std::vector<Organization> ListOrganizations(const access::Actor& actor, OrganizationQuery query);

  // Region admin of that region, or system admin.
  Region SetRegionRequireTotp(const access::Actor& actor, const std::string& region_id, bool required);

  // Organisations: the region admin of the organisation's region, or a system
  // admin (403 otherwise: organisations are public, so nothing leaks); 404 for
  // an unknown id. Each writes its audit record (organization.create, .update,
  // .close, .reopen) in the same transaction. The variants taking a
  // Connection run inside the caller's transaction (the CSV import); the
  // others open their own. Field formats (lengths, known type) are checked here too.
  // A name is unique within its region, among open and closed organisations
  // (409 organization_name_taken, kOrganizationNameTaken).
  Organization CreateOrganization(const access::Actor& actor, const NewOrganization& org);
  Organization CreateOrganization(storage::Connection& c, const access::Actor& actor, const NewOrganization& org);
  // 400 when nothing is to change. Closed organisations can be edited too.
  Organization UpdateOrganization(const access::Actor& actor, const std::string& id, const OrganizationChange& change);
  Organization UpdateOrganization(storage::Connection& c, const access::Actor& actor, const std::string& id,
                                  const OrganizationChange& change);
  // A closed organisation is no longer offered to applicants or for moves;
  // its members' history stays. 409 organization_has_active_members while any
  // active user still belongs to it (move them first), 409 already_closed.
  Organization CloseOrganization(const access::Actor& actor, const std::string& id,
                                 const std::optional<std::string>& reason);
  // 409 already_open.
  Organization ReopenOrganization(const access::Actor& actor, const std::string& id);

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

  // The rest of user management. Who may: as ResetPassword (a user outside a
  // region admin's region is 404 to that admin). Each is audited.
  // One user with organisation and region names (audited as user.view).
  UserDetail GetUser(const access::Actor& actor, const std::string& user_id);
  // Moves a professional to an open organisation of the target region (the
  // current one when `move.region_id` is absent). Another region: system
  // admin only (403). 400 organization_id for a missing, unknown, closed or
  // other-region organisation, 400 region_id for an unknown region; 409
  // not_a_professional for a user without organisation (a system admin
  // account), 409 region_admin_must_stay for a region admin moved to another
  // region (remove the role first). Sessions stay: the session is resolved
  // from the user's row on every request, so the move applies at once.
  // Nothing changed, nothing audited when the organisation is the same.
  User MoveUser(const access::Actor& actor, const std::string& user_id, const UserMove& move);
  User MoveUser(storage::Connection& c, const access::Actor& actor, const std::string& user_id, const UserMove& move);
  // Grants or removes the region administrator role for the user's own region.
  // 409 user_inactive to grant to an inactive user, 409 not_in_region for a
  // user without region, 409 last_region_admin when removing it would leave
  // the region without an active region admin (this also keeps an admin from
  // removing their own role as the last one). No change: 200, not audited.
  User SetRegionAdmin(const access::Actor& actor, const std::string& user_id, bool granted);
  User SetRegionAdmin(storage::Connection& c, const access::Actor& actor, const std::string& user_id, bool granted);
  // Removes the user's second factor (for a lost phone) and ends their
  // sessions; where the region requires one they enrol again at next sign-in.
  // 409 totp_not_enabled when there is none, 409 cannot_reset_self.
  User ResetTotp(const access::Actor& actor, const std::string& user_id);
  // Creates an approved professional in an open organisation of a region the
  // actor administers (the CSV import; no endpoint of its own). The caller
  // checks login, kana and e-mail formats (registrations::CheckLogin etc.) and
  // hashes the password. 400 profession / organization_id, 409 login_taken.
  User CreateProfessional(storage::Connection& c, const access::Actor& actor, const NewProfessional& p);

 private:
  User RequireManagedUser(storage::Connection& c, const access::Actor& actor, const std::string& user_id);
  Organization RequireManagedOrganization(storage::Connection& c, const access::Actor& actor, const std::string& id);
  // 409 organization_name_taken when another organisation of the region has the name.
  void RequireFreeOrganizationName(storage::Connection& c, const std::string& region_id, const std::string& name,
                                   const std::string& except_id);

  storage::Database& db_;
  const PeopleStore& store_;
  const auth::SessionStore& sessions_;
  const access::AuditTrail& audit_;
  auth::PasswordHasher& hasher_;
  const Clock& clock_;
};

}  // namespace tsunagu::people
