// Storage of regions, organisations and users. Makes no access decisions.
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "people/people_types.h"
#include "storage/database.h"

namespace tsunagu::people {

class PeopleStore {
 public:
  using Connection = storage::Connection;

  std::vector<Region> ListRegions(Connection& c) const;
  std::optional<Region> FindRegion(Connection& c, const std::string& id) const;
  // Inserts unless a region with that id exists; returns true when inserted.
  bool InsertRegion(Connection& c, const Region& r, TimestampMs now) const;
  void SetRegionRequireTotp(Connection& c, const std::string& id, bool required) const;

  // Newest first, each with its number of active members.
  std::vector<Organization> ListOrganizations(Connection& c, const OrganizationQuery& q) const;
  std::optional<Organization> FindOrganization(Connection& c, const std::string& id) const;
  bool InsertOrganization(Connection& c, const Organization& o, TimestampMs now) const;
  // Whether an organisation of the region, open or closed, other than
  // `except_id`, has this name.
  bool OrganizationNameTaken(Connection& c, const std::string& region_id, const std::string& name,
                             const std::string& except_id = {}) const;
  // Writes name and type.
  void UpdateOrganization(Connection& c, const Organization& o) const;
  // Closes an open organisation as of `at`; false when it was not open.
  bool CloseOrganization(Connection& c, const std::string& id, TimestampMs at,
                         const std::optional<std::string>& reason) const;
  // Opens a closed organisation again; false when it was not closed.
  bool ReopenOrganization(Connection& c, const std::string& id) const;
  // Locks an open organisation's row until the transaction ends (PostgreSQL;
  // SQLite has one writer); false when it is not open (or does not exist).
  bool LockOpenOrganization(Connection& c, const std::string& id) const;
  int64_t CountActiveMembers(Connection& c, const std::string& organization_id) const;
  // Locks a region's row until the transaction ends (serialises admin changes).
  void LockRegion(Connection& c, const std::string& region_id) const;
  // Active region administrators of a region.
  int64_t CountRegionAdmins(Connection& c, const std::string& region_id) const;

  std::optional<UserCredentials> FindCredentialsByLogin(Connection& c, const std::string& login) const;
  std::optional<UserCredentials> FindCredentialsById(Connection& c, const std::string& id) const;
  std::optional<User> FindUser(Connection& c, const std::string& id) const;
  bool LoginExists(Connection& c, const std::string& login) const;
  // Inserts with the given id unless the login or id is taken; true when inserted.
  bool InsertUser(Connection& c, const std::string& id, const NewUser& u, TimestampMs now) const;
  std::vector<User> ListUsers(Connection& c, const UserQuery& q) const;
  // Active professionals of every region, in kana order.
  std::vector<Professional> SearchProfessionals(Connection& c, const ProfessionalQuery& q) const;

  // When and why the user was deactivated (both absent while active).
  std::pair<std::optional<TimestampMs>, std::optional<std::string>> FindDeactivation(Connection& c,
                                                                                     const std::string& user_id) const;
  void MoveUser(Connection& c, const std::string& user_id, const std::string& organization_id,
                const std::string& region_id) const;
  // Sets or clears the region administrator role; false when it was already so.
  bool SetRegionAdmin(Connection& c, const std::string& user_id, bool region_admin) const;
  // Removes the second factor (enrolled or pending); false when there was none.
  bool ClearTotp(Connection& c, const std::string& user_id) const;
  void SetPassword(Connection& c, const std::string& user_id, const std::string& hash, bool must_change) const;
  // Marks an active user inactive as of `at`; false when the user was not active.
  bool Deactivate(Connection& c, const std::string& user_id, TimestampMs at, const std::string& reason) const;
  // Makes an inactive user active again; false when the user was already active.
  bool Reactivate(Connection& c, const std::string& user_id) const;
  void SetTotpPendingSecret(Connection& c, const std::string& user_id, const std::optional<std::string>& secret) const;
  // Moves the pending secret to the active one and records the step used.
  void ConfirmTotp(Connection& c, const std::string& user_id, int64_t counter) const;
  // Records the last accepted time step, only if it is newer (no replay).
  // Returns false when another request already used this or a later step.
  bool AdvanceTotpCounter(Connection& c, const std::string& user_id, int64_t counter) const;
};

}  // namespace tsunagu::people
