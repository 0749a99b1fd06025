// Applying to join and deciding applications: the rules.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "access/actor.h"
#include "access/audit_trail.h"
#include "auth/password_hasher.h"
#include "common/clock.h"
#include "people/people_store.h"
#include "registrations/registrations_store.h"
#include "storage/database.h"

namespace tsunagu::registrations {

class RegistrationsService {
 public:
  RegistrationsService(storage::Database& db, const RegistrationsStore& store, const people::PeopleStore& people,
                       const access::AuditTrail& audit, auth::PasswordHasher& hasher, const Clock& clock);

  // Anyone. Validates every field (kInvalidArgument naming each bad one),
  // kConflict "login_taken" when the login is used or pending.
  Registration Apply(const Application& application, const std::string& ip);
  // Region admins: their region's; system admins: all.
  std::vector<Registration> List(const access::Actor& actor, RegistrationQuery query);
  // Creates the user (role member). kConflict "already_decided" when not pending.
  Registration Approve(const access::Actor& actor, const std::string& id);
  Registration Reject(const access::Actor& actor, const std::string& id, const std::optional<std::string>& reason);

 private:
  Registration RequireDecidable(storage::Connection& c, const access::Actor& actor, const std::string& id);

  storage::Database& db_;
  const RegistrationsStore& store_;
  const people::PeopleStore& people_;
  const access::AuditTrail& audit_;
  auth::PasswordHasher& hasher_;
  const Clock& clock_;
};

// Field checks shared by every place that takes a person's details.
// Each throws kInvalidArgument naming the field.
void CheckLogin(const std::string& login);
void CheckKana(const std::string& field, const std::string& kana);
void CheckEmail(const std::string& email);

}  // namespace tsunagu::registrations
