#include "kpi/kpi_types.h"

namespace tsunagu::kpi {

const std::vector<std::string_view>& KpiMetrics() {
  static const std::vector<std::string_view> kAll = {"posts", "professionals", "patients", "professional_satisfaction",
                                                     "resident_satisfaction"};
  return kAll;
}

}  // namespace tsunagu::kpi
