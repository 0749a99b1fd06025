#include "people/people_types.h"

#include <algorithm>

#include "common/utf8.h"

namespace tsunagu::people {

const std::vector<std::string_view>& Professions() {
  static const std::vector<std::string_view> kAll = {"doctor",
                                                     "dentist",
                                                     "pharmacist",
                                                     "nurse",
                                                     "public_health_nurse",
                                                     "physical_therapist",
                                                     "occupational_therapist",
                                                     "speech_therapist",
                                                     "care_manager",
                                                     "care_worker",
                                                     "dietitian",
                                                     "social_worker",
                                                     "municipal_staff",
                                                     "hospital_liaison",
                                                     "other"};
  return kAll;
}

bool IsProfession(std::string_view code) {
  const auto& all = Professions();
  return std::find(all.begin(), all.end(), code) != all.end();
}

const std::vector<std::string_view>& OrganizationTypes() {
  static const std::vector<std::string_view> kAll = {"clinic",
                                                     "hospital",
                                                     "dental_clinic",
                                                     "pharmacy",
                                                     "visiting_nurse_station",
                                                     "home_care_office",
                                                     "care_management_office",
                                                     "community_support_center",
                                                     "municipal_office",
                                                     "other"};
  return kAll;
}

bool IsOrganizationType(std::string_view code) {
  const auto& all = OrganizationTypes();
  return std::find(all.begin(), all.end(), code) != all.end();
}

bool IsValidOrganizationName(std::string_view name) {
  return !name.empty() && CountCodePoints(name) <= kMaxOrganizationNameChars;
}

}  // namespace tsunagu::people
