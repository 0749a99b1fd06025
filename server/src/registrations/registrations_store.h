// Storage of applications to join. Makes no access decisions.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "registrations/registrations_types.h"
#include "storage/database.h"

namespace tsunagu::registrations {

class RegistrationsStore {
 public:
  using Connection = storage::Connection;

  // False when a pending application already holds the login.
  bool Insert(Connection& c, const Registration& r, const std::string& password_hash) const;
  std::optional<Registration> Find(Connection& c, const std::string& id) const;
  std::optional<std::string> FindPasswordHash(Connection& c, const std::string& id) const;
  bool PendingLoginExists(Connection& c, const std::string& login) const;
  std::vector<Registration> List(Connection& c, const RegistrationQuery& q) const;
  // Moves a pending application to `status`; false when it was no longer pending.
  bool Decide(Connection& c, const std::string& id, const std::string& status, TimestampMs at,
              const std::string& decided_by, const std::optional<std::string>& reason,
              const std::optional<std::string>& user_id) const;
};

}  // namespace tsunagu::registrations
