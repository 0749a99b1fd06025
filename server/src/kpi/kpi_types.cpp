#include "kpi/kpi_types.h"

namespace tsunagu::kpi {

const std::vector<std::string_view>& KpiMetrics() {
  static const std::vector<std::string_view> kAll = {"posts", "professionals", "patients", "professional_satisfaction",
                                                     "resident_satisfaction"};
  return kAll;
}

bool IsPercentMetric(std::string_view metric) {
  return metric == "professional_satisfaction" || metric == "resident_satisfaction";
}

}  // namespace tsunagu::kpi
