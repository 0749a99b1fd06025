// Storage of care teams (who is on a patient's team, in which role).
// Makes no access decisions.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "common/clock.h"
#include "storage/database.h"

namespace tsunagu::teams {

struct TeamMember {
  std::string user_id;
  std::string role;           // lead | member
  bool manages_team = false;  // may add and remove members: the lead, and members the lead allows
  std::string name;
  std::string profession;
  std::optional<std::string> organization_id;
  std::string organization_name;
  std::optional<std::string> region_id;
  std::string region_name;
  TimestampMs added_at = 0;
};

class TeamsStore {
 public:
  using Connection = storage::Connection;

  std::vector<TeamMember> List(Connection& c, const std::string& patient_id) const;
  // The members' user ids only (whom a live update goes to).
  std::vector<std::string> MemberIds(Connection& c, const std::string& patient_id) const;
  std::optional<std::string> FindRole(Connection& c, const std::string& patient_id, const std::string& user_id) const;
  // Adds a member whose unread counters start at the posts by others that they
  // have not read (all of them, for a newcomer). False when already a member.
  bool Add(Connection& c, const std::string& patient_id, const std::string& user_id, const std::string& role,
           const std::string& added_by, TimestampMs now) const;
  void SetRole(Connection& c, const std::string& patient_id, const std::string& user_id, const std::string& role) const;
  void SetManagesTeam(Connection& c, const std::string& patient_id, const std::string& user_id, bool manages) const;
  // False when the user was not a member.
  bool Remove(Connection& c, const std::string& patient_id, const std::string& user_id) const;
};

}  // namespace tsunagu::teams
