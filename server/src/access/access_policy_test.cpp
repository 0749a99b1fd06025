#include "access/access_policy.h"

#include <gtest/gtest.h>

#include "common/error.h"

namespace tsunagu::access {
namespace {

Actor RegionAdmin(const std::string& region) {
  Actor a;
  a.user_id = "admin-" + region;
  a.region_id = region;
  a.region_admin = true;
  return a;
}

std::optional<ErrorCode> CodeOf(const Actor& actor, std::optional<std::string> region) {
  try {
    ScopeToAdministeredRegion(actor, region);
  } catch (const AppError& e) {
    return e.code();
  }
  return std::nullopt;
}

TEST(ScopeToAdministeredRegion, ARegionAdminIsKeptToTheirOwnRegion) {
  std::optional<std::string> region;
  ScopeToAdministeredRegion(RegionAdmin("minowa"), region);
  EXPECT_EQ(region, "minowa");
  region = "minowa";
  ScopeToAdministeredRegion(RegionAdmin("minowa"), region);
  EXPECT_EQ(region, "minowa");
  EXPECT_EQ(CodeOf(RegionAdmin("minowa"), "tatsuno"), ErrorCode::kPermissionDenied);
}

TEST(ScopeToAdministeredRegion, ASystemAdminGetsWhatWasAskedAndOthersNothing) {
  Actor system;
  system.user_id = "root";
  system.system_admin = true;
  std::optional<std::string> region;
  ScopeToAdministeredRegion(system, region);
  EXPECT_EQ(region, std::nullopt);
  region = "tatsuno";
  ScopeToAdministeredRegion(system, region);
  EXPECT_EQ(region, "tatsuno");

  Actor professional;
  professional.user_id = "nurse";
  professional.region_id = "minowa";
  professional.organization_id = "clinic";
  EXPECT_EQ(CodeOf(professional, std::nullopt), ErrorCode::kPermissionDenied);
  EXPECT_EQ(CodeOf(Actor{}, std::nullopt), ErrorCode::kUnauthenticated);
}

}  // namespace
}  // namespace tsunagu::access
