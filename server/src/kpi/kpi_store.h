// Counting for the KPIs, and their targets. Makes no access decisions.
//
// `region_id` is a region's id, or nullopt for the whole deployment. Month
// bounds are the 13 instants that cut a fiscal year into its 12 months
// (the year's begin, the begin of May ... March, the year's end).
#pragma once

#include <array>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "common/clock.h"
#include "kpi/kpi_types.h"
#include "storage/database.h"

namespace tsunagu::kpi {

using MonthBounds = std::array<TimestampMs, 13>;

// Posts of one month (0 = April) by one author profession and organisation type.
struct PostCount {
  int month = 0;
  std::string profession;
  std::string organization_type;
  int64_t count = 0;
};

struct ProfessionalCount {
  std::string profession;
  std::string organization_type;
  int64_t count = 0;
};

// The resident satisfaction of one region, or the average of the regions that have one.
struct ResidentSatisfactionValue {
  double percent = 0;
  std::optional<ResidentSurvey> survey;  // for one region only
};

class KpiStore {
 public:
  using Connection = storage::Connection;
  using Scope = std::optional<std::string>;

  // Posts on the scope's patients created within the year, grouped by month
  // and by their author's profession and organisation type when they wrote
  // it (the counts kept by triggers, migration 0015).
  std::vector<PostCount> CountPosts(Connection& c, const Scope& region_id, const MonthBounds& months) const;
  // Professionals of the scope registered before `at` and still active at `at`,
  // by profession and organisation type.
  std::vector<ProfessionalCount> CountProfessionals(Connection& c, const Scope& region_id, TimestampMs at) const;
  // Patients of the scope registered before `at` whose consent was in force at `at`.
  int64_t CountPatients(Connection& c, const Scope& region_id, TimestampMs at) const;
  // Per month (0 = April): patients registered, and patients whose consent was withdrawn.
  std::array<int64_t, 12> CountPatientsRegistered(Connection& c, const Scope& region_id,
                                                  const MonthBounds& months) const;
  std::array<int64_t, 12> CountConsentsWithdrawn(Connection& c, const Scope& region_id,
                                                 const MonthBounds& months) const;

  std::optional<ResidentSatisfactionValue> ResidentSatisfaction(Connection& c, const Scope& region_id,
                                                                int fiscal_year) const;
  void SetResidentSatisfaction(Connection& c, const std::string& region_id, int fiscal_year,
                               const ResidentSurvey& survey, const std::string& by, TimestampMs now) const;

  // metric -> target; for the whole deployment, the sum of the regions' count
  // targets and the average of their percent targets (over the regions that set one).
  std::map<std::string, double> Targets(Connection& c, const Scope& region_id, int fiscal_year) const;
  void SetTarget(Connection& c, const std::string& region_id, int fiscal_year, const std::string& metric, double target,
                 const std::optional<std::string>& by, TimestampMs now) const;
  void ClearTarget(Connection& c, const std::string& region_id, int fiscal_year, const std::string& metric) const;
};

}  // namespace tsunagu::kpi
