#include "people/people_service.h"

#include <gtest/gtest.h>

#include <functional>

#include "common/error.h"
#include "support/temp_sqlite.h"

namespace tsunagu::people {
namespace {

// The variants that run in the caller's transaction (the CSV import's way in).
class PeopleServiceTest : public ::testing::Test {
 protected:
  PeopleServiceTest() : clock_(1'700'000'000'000) {
    temp_.db().Transaction([&](storage::Connection& c) {
      store_.InsertRegion(c, {"region-minowa", "箕輪町", false}, 0);
      store_.InsertRegion(c, {"region-ina", "伊那市", false}, 0);
      store_.InsertOrganization(c, {"org-minowa", "region-minowa", "箕輪クリニック", "clinic", true}, 0);
      store_.InsertOrganization(c, {"org-ina", "region-ina", "伊那クリニック", "clinic", true}, 0);
    });
    minowa_admin_.user_id = "user-minowa-admin";
    minowa_admin_.region_id = "region-minowa";
    minowa_admin_.region_admin = true;
  }

  NewProfessional Nurse(const std::string& login, const std::string& org = "org-minowa") {
    return {login, "伊藤 由美", "イトウ ユミ", login + "@example.jp", "nurse", org, "hash", true};
  }

  int64_t AuditCount(const std::string& action) {
    return temp_.db().Read([&](storage::Connection& c) {
      access::AuditQuery q;
      q.action = action;
      q.limit = 100;
      return static_cast<int64_t>(audit_.List(c, q).size());
    });
  }

  static int ErrorStatus(const std::function<void()>& fn) {
    try {
      fn();
    } catch (const AppError& e) {
      return static_cast<int>(e.code());
    }
    return 0;
  }

  testing::TempSqlite temp_;
  FixedClock clock_;
  PeopleStore store_;
  auth::SessionStore sessions_;
  access::AuditTrail audit_{clock_};
  auth::PasswordHasher hasher_;
  PeopleService service_{temp_.db(), store_, sessions_, audit_, hasher_, clock_};
  access::Actor minowa_admin_;
};

TEST_F(PeopleServiceTest, CreatesAProfessionalInTheCallersTransactionWithItsAuditRecord) {
  const User u = temp_.db().Transaction(
      [&](storage::Connection& c) { return service_.CreateProfessional(c, minowa_admin_, Nurse("ito")); });
  EXPECT_EQ(u.login, "ito");
  EXPECT_EQ(u.region_id, "region-minowa");
  EXPECT_EQ(u.organization_id, "org-minowa");
  EXPECT_TRUE(u.must_change_password);
  EXPECT_TRUE(u.active);
  EXPECT_EQ(AuditCount("user.create"), 1);
}

TEST_F(PeopleServiceTest, ACallerRollbackLeavesNeitherTheUsersNorTheirAuditRecords) {
  EXPECT_THROW(temp_.db().Transaction([&](storage::Connection& c) {
    service_.CreateProfessional(c, minowa_admin_, Nurse("ito"));
    service_.CreateOrganization(c, minowa_admin_, {"箕輪薬局", "pharmacy", "region-minowa"});
    service_.CreateProfessional(c, minowa_admin_, Nurse("ito"));  // login taken: 409
  }),
               AppError);
  temp_.db().Read([&](storage::Connection& c) {
    EXPECT_FALSE(store_.LoginExists(c, "ito"));
    OrganizationQuery q;
    q.include_closed = true;
    EXPECT_EQ(store_.ListOrganizations(c, q).size(), 2U);
  });
  EXPECT_EQ(AuditCount("user.create"), 0);
  EXPECT_EQ(AuditCount("organization.create"), 0);
}

TEST_F(PeopleServiceTest, ARegionAdminCreatesOnlyInTheirRegionAndOpenOrganisations) {
  EXPECT_EQ(ErrorStatus([&] {
              temp_.db().Transaction([&](storage::Connection& c) {
                service_.CreateProfessional(c, minowa_admin_, Nurse("sato", "org-ina"));
              });
            }),
            static_cast<int>(ErrorCode::kInvalidArgument));
  temp_.db().Transaction([&](storage::Connection& c) { store_.CloseOrganization(c, "org-minowa", 1, std::nullopt); });
  EXPECT_EQ(ErrorStatus([&] {
              temp_.db().Transaction(
                  [&](storage::Connection& c) { service_.CreateProfessional(c, minowa_admin_, Nurse("ito")); });
            }),
            static_cast<int>(ErrorCode::kInvalidArgument));
  NewProfessional bad = Nurse("kato");
  bad.profession = "wizard";
  temp_.db().Transaction([&](storage::Connection& c) { store_.ReopenOrganization(c, "org-minowa"); });
  EXPECT_EQ(
      ErrorStatus([&] {
        temp_.db().Transaction([&](storage::Connection& c) { service_.CreateProfessional(c, minowa_admin_, bad); });
      }),
      static_cast<int>(ErrorCode::kInvalidArgument));
  access::Actor member;
  member.user_id = "user-kato";
  member.region_id = "region-minowa";
  member.organization_id = "org-minowa";
  EXPECT_EQ(
      ErrorStatus([&] {
        temp_.db().Transaction([&](storage::Connection& c) { service_.CreateProfessional(c, member, Nurse("ito")); });
      }),
      static_cast<int>(ErrorCode::kPermissionDenied));
}

TEST_F(PeopleServiceTest, CreateOrganizationChecksNameAndTypeForEveryCaller) {
  EXPECT_EQ(ErrorStatus([&] {
              service_.CreateOrganization(minowa_admin_, {"", "clinic", "region-minowa"});
            }),
            static_cast<int>(ErrorCode::kInvalidArgument));
  EXPECT_EQ(ErrorStatus([&] {
              service_.CreateOrganization(minowa_admin_, {"箕輪城", "castle", "region-minowa"});
            }),
            static_cast<int>(ErrorCode::kInvalidArgument));
  EXPECT_EQ(ErrorStatus([&] {
              service_.CreateOrganization(minowa_admin_, {"伊那薬局", "pharmacy", "region-ina"});
            }),
            static_cast<int>(ErrorCode::kPermissionDenied));
}

}  // namespace
}  // namespace tsunagu::people
