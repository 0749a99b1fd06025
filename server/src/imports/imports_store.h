// The lookups a CSV import needs beyond PeopleStore's: organisations by name.
// Makes no access decisions.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "people/people_types.h"
#include "storage/database.h"

namespace tsunagu::imports {

class ImportsStore {
 public:
  using Connection = storage::Connection;

  // Organisations (open or closed) named exactly `name`, in `region_id` when
  // given, else in every region; oldest first, at most `limit`.
  std::vector<people::Organization> FindOrganizationsByName(Connection& c, const std::string& name,
                                                            const std::optional<std::string>& region_id,
                                                            int limit) const;
};

}  // namespace tsunagu::imports
