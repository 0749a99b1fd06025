#include "patients/patients_types.h"

#include <algorithm>
#include <array>

namespace tsunagu::patients {
namespace {

template <size_t N>
bool OneOf(const std::array<std::string_view, N>& all, std::string_view v) {
  return std::find(all.begin(), all.end(), v) != all.end();
}

}  // namespace

bool IsSex(std::string_view v) {
  static constexpr std::array<std::string_view, 4> kAll = {"male", "female", "other", "unknown"};
  return OneOf(kAll, v);
}

bool IsCareLevel(std::string_view v) {
  static constexpr std::array<std::string_view, 9> kAll = {
      "support_1", "support_2", "care_1", "care_2", "care_3", "care_4", "care_5", "not_certified", "applying"};
  return OneOf(kAll, v);
}

bool IsConsentScope(std::string_view v) {
  static constexpr std::array<std::string_view, 2> kAll = {"team", "team_and_family"};
  return OneOf(kAll, v);
}

bool IsConsentMethod(std::string_view v) {
  static constexpr std::array<std::string_view, 3> kAll = {"written", "verbal", "electronic"};
  return OneOf(kAll, v);
}

}  // namespace tsunagu::patients
