#include "imports/imports_types.h"

#include <gtest/gtest.h>

#include "people/people_types.h"

namespace tsunagu::imports {
namespace {

TEST(ImportCells, EveryCodeAndItsLabelReadBackAsTheCode) {
  for (auto code : people::OrganizationTypes()) {
    EXPECT_EQ(OrganizationTypeFromCell(code), std::string(code));
    EXPECT_NE(OrganizationTypeLabel(code), code) << code << " has no Japanese name";
    EXPECT_EQ(OrganizationTypeFromCell(OrganizationTypeLabel(code)), std::string(code));
  }
  for (auto code : people::Professions()) {
    EXPECT_EQ(ProfessionFromCell(code), std::string(code));
    EXPECT_NE(ProfessionLabel(code), code) << code << " has no Japanese name";
    EXPECT_EQ(ProfessionFromCell(ProfessionLabel(code)), std::string(code));
  }
}

TEST(ImportCells, CommonNamesOfficesUseAreUnderstood) {
  EXPECT_EQ(OrganizationTypeFromCell("クリニック"), "clinic");
  EXPECT_EQ(OrganizationTypeFromCell("訪問看護"), "visiting_nurse_station");
  EXPECT_EQ(ProfessionFromCell("ケアマネジャー"), "care_manager");
  EXPECT_EQ(ProfessionFromCell("ホームヘルパー"), "care_worker");
  EXPECT_EQ(ProfessionFromCell("PT"), "physical_therapist");
}

TEST(ImportCells, AnythingElseIsNotGuessed) {
  EXPECT_FALSE(OrganizationTypeFromCell("歯医者").has_value());
  EXPECT_FALSE(OrganizationTypeFromCell("").has_value());
  EXPECT_FALSE(OrganizationTypeFromCell("Clinic").has_value());
  EXPECT_FALSE(ProfessionFromCell("宇宙飛行士").has_value());
  EXPECT_FALSE(ProfessionFromCell("看護").has_value());
}

}  // namespace
}  // namespace tsunagu::imports
