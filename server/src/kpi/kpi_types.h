// The KPIs of the town's plan, per region (or the whole deployment) and fiscal
// year (April-March, Japan time).
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace tsunagu::kpi {

// The region_id that asks for every region together (system administrators).
inline constexpr std::string_view kWholeDeployment = "all";

struct Measure {
  std::optional<double> actual;  // nullopt when not measured (yet)
  std::optional<double> target;  // nullopt when the region set none
};

// One Japan-time month of the fiscal year; both counts are nullopt for a
// month that has not begun yet.
struct MonthCounts {
  std::string month;  // "2026-04"
  std::optional<int64_t> posts;
  // Patients registered in the month minus those whose consent was withdrawn in it.
  std::optional<int64_t> net_new_patients;
};

// Professionals (at year end or now) and posts in the year for one profession
// or organisation type (the author's, for posts).
struct GroupCounts {
  std::string code;
  int64_t professionals = 0;
  int64_t posts = 0;
};

struct KpiBreakdown {
  std::vector<MonthCounts> months;  // April to March
  int64_t patients_at_year_start = 0;
  std::vector<GroupCounts> by_profession;         // every profession code, in their order
  std::vector<GroupCounts> by_organization_type;  // every organisation type, in their order
};

// The town's own survey of residents (entered by an administrator).
struct ResidentSurvey {
  double percent = 0;
  std::string source;       // e.g. "令和7年度 町民アンケート"
  std::string surveyed_on;  // YYYY-MM-DD
};

struct KpiReport {
  std::string region_id;  // or kWholeDeployment
  int fiscal_year = 0;
  Measure posts;                                  // posts on the region's patients created in the year
  Measure professionals;                          // professionals registered and active at year end (or now)
  Measure patients;                               // patients registered with consent in force at year end (or now)
  Measure professional_satisfaction;              // percent; from the in-app survey
  Measure resident_satisfaction;                  // percent; from the town's own survey
  std::optional<ResidentSurvey> resident_survey;  // the region's survey behind resident_satisfaction
  KpiBreakdown breakdown;
};

// The metric names used for targets.
const std::vector<std::string_view>& KpiMetrics();
// True for the percent metrics (satisfactions); false for the counts.
bool IsPercentMetric(std::string_view metric);

// A year's targets, metric -> target, or nullopt to clear one.
using TargetChanges = std::map<std::string, std::optional<double>>;

}  // namespace tsunagu::kpi
