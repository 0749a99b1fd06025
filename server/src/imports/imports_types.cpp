#include "imports/imports_types.h"

#include <utility>

#include "people/people_types.h"

namespace tsunagu::imports {
namespace {

using Names = std::vector<std::pair<std::string_view, std::string_view>>;  // name -> code

// The labels of web/src/api/labels.ts first (the name the UI shows), then
// other names in common use.
const Names& OrganizationTypeNames() {
  static const Names kNames = {
      {"診療所", "clinic"},
      {"病院", "hospital"},
      {"歯科診療所", "dental_clinic"},
      {"薬局", "pharmacy"},
      {"訪問看護ステーション", "visiting_nurse_station"},
      {"訪問介護事業所", "home_care_office"},
      {"居宅介護支援事業所", "care_management_office"},
      {"地域包括支援センター", "community_support_center"},
      {"市町村役場", "municipal_office"},
      {"その他", "other"},
      {"クリニック", "clinic"},
      {"医院", "clinic"},
      {"歯科医院", "dental_clinic"},
      {"保険薬局", "pharmacy"},
      {"訪問看護", "visiting_nurse_station"},
      {"訪問介護", "home_care_office"},
      {"居宅介護支援", "care_management_office"},
      {"ケアマネ事業所", "care_management_office"},
      {"地域包括", "community_support_center"},
      {"役場", "municipal_office"},
      {"市役所", "municipal_office"},
      {"町役場", "municipal_office"},
      {"村役場", "municipal_office"},
  };
  return kNames;
}

const Names& ProfessionNames() {
  static const Names kNames = {
      {"医師", "doctor"},
      {"歯科医師", "dentist"},
      {"薬剤師", "pharmacist"},
      {"看護師", "nurse"},
      {"保健師", "public_health_nurse"},
      {"理学療法士", "physical_therapist"},
      {"作業療法士", "occupational_therapist"},
      {"言語聴覚士", "speech_therapist"},
      {"介護支援専門員（ケアマネジャー）", "care_manager"},
      {"介護職員（ホームヘルパー等）", "care_worker"},
      {"管理栄養士・栄養士", "dietitian"},
      {"社会福祉士・ソーシャルワーカー", "social_worker"},
      {"行政職員", "municipal_staff"},
      {"病院の地域連携担当", "hospital_liaison"},
      {"その他", "other"},
      {"准看護師", "nurse"},
      {"訪問看護師", "nurse"},
      {"介護支援専門員", "care_manager"},
      {"ケアマネジャー", "care_manager"},
      {"ケアマネージャー", "care_manager"},
      {"ケアマネ", "care_manager"},
      {"介護職員", "care_worker"},
      {"介護福祉士", "care_worker"},
      {"ホームヘルパー", "care_worker"},
      {"訪問介護員", "care_worker"},
      {"管理栄養士", "dietitian"},
      {"栄養士", "dietitian"},
      {"社会福祉士", "social_worker"},
      {"医療ソーシャルワーカー", "social_worker"},
      {"ソーシャルワーカー", "social_worker"},
      {"MSW", "social_worker"},
      {"PT", "physical_therapist"},
      {"OT", "occupational_therapist"},
      {"ST", "speech_therapist"},
      {"市町村職員", "municipal_staff"},
      {"地域連携室", "hospital_liaison"},
  };
  return kNames;
}

std::optional<std::string> FromCell(std::string_view cell, const Names& names, bool (*is_code)(std::string_view)) {
  if (is_code(cell)) return std::string(cell);
  for (const auto& [name, code] : names)
    if (name == cell) return std::string(code);
  return std::nullopt;
}

std::string_view LabelOf(std::string_view code, const Names& names) {
  for (const auto& [name, c] : names)
    if (c == code) return name;  // the first name of a code is the UI's label
  return code;
}

}  // namespace

std::optional<std::string> OrganizationTypeFromCell(std::string_view cell) {
  return FromCell(cell, OrganizationTypeNames(), people::IsOrganizationType);
}

std::optional<std::string> ProfessionFromCell(std::string_view cell) {
  return FromCell(cell, ProfessionNames(), people::IsProfession);
}

std::string_view OrganizationTypeLabel(std::string_view code) { return LabelOf(code, OrganizationTypeNames()); }

std::string_view ProfessionLabel(std::string_view code) { return LabelOf(code, ProfessionNames()); }

}  // namespace tsunagu::imports
