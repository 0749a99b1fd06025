// Counting for the KPIs, and their targets. Makes no access decisions.
#pragma once

#include <map>
#include <optional>
#include <string>

#include "common/clock.h"
#include "storage/database.h"

namespace tsunagu::kpi {

class KpiStore {
 public:
  using Connection = storage::Connection;

  // Posts on the region's patients created in [begin, end).
  int64_t CountPosts(Connection& c, const std::string& region_id, TimestampMs begin, TimestampMs end) const;
  // Professionals of the region registered before `at` and still active at `at`.
  int64_t CountProfessionals(Connection& c, const std::string& region_id, TimestampMs at) const;
  // Patients of the region registered before `at` whose consent was in force at `at`.
  int64_t CountPatients(Connection& c, const std::string& region_id, TimestampMs at) const;
  std::optional<double> ResidentSatisfaction(Connection& c, const std::string& region_id, int fiscal_year) const;
  // metric -> target
  std::map<std::string, double> Targets(Connection& c, const std::string& region_id, int fiscal_year) const;
  void SetTarget(Connection& c, const std::string& region_id, int fiscal_year, const std::string& metric, double target,
                 const std::optional<std::string>& by, TimestampMs now) const;
};

}  // namespace tsunagu::kpi
