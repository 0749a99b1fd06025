// The KPIs of the town's plan, per region and fiscal year (April-March, Japan time).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace tsunagu::kpi {

struct Measure {
  std::optional<double> actual;  // nullopt when not measured (yet)
  std::optional<double> target;  // nullopt when the region set none
};

struct KpiReport {
  std::string region_id;
  int fiscal_year = 0;
  Measure posts;                      // posts on the region's patients created in the year
  Measure professionals;              // professionals registered and active at year end (or now)
  Measure patients;                   // patients registered with consent in force at year end (or now)
  Measure professional_satisfaction;  // percent; from the in-app survey
  Measure resident_satisfaction;      // percent; from the town's own survey
};

// The metric names used for targets.
const std::vector<std::string_view>& KpiMetrics();

}  // namespace tsunagu::kpi
