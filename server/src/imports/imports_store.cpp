#include "imports/imports_store.h"

namespace tsunagu::imports {
namespace {

constexpr std::string_view kFindOrganizationsByName =
    "SELECT id, region_id, name, type, active FROM organizations "
    "WHERE name = $1 AND (CAST($2 AS TEXT) IS NULL OR region_id = $2) ORDER BY created_at, id LIMIT $3";

}  // namespace

std::vector<people::Organization> ImportsStore::FindOrganizationsByName(Connection& c, const std::string& name,
                                                                        const std::optional<std::string>& region_id,
                                                                        int limit) const {
  std::vector<people::Organization> out;
  for (const auto& r : c.Query(kFindOrganizationsByName, {name, region_id, static_cast<int64_t>(limit)})) {
    people::Organization o;
    o.id = r.Text(0);
    o.region_id = r.Text(1);
    o.name = r.Text(2);
    o.type = r.Text(3);
    o.active = r.Bool(4);
    out.push_back(std::move(o));
  }
  return out;
}

}  // namespace tsunagu::imports
