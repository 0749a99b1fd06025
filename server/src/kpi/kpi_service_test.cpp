#include "kpi/kpi_service.h"

#include <gtest/gtest.h>

#include <algorithm>

#include "access/audit_trail.h"
#include "common/error.h"
#include "common/time_format.h"
#include "patients/patients_store.h"
#include "posts/posts_store.h"
#include "support/temp_sqlite.h"
#include "teams/teams_store.h"

namespace tsunagu::kpi {
namespace {

TimestampMs At(const char* rfc3339) { return *ParseRfc3339(rfc3339); }

class KpiServiceTest : public ::testing::Test {
 protected:
  KpiServiceTest() : clock_(At("2026-11-25T12:00:00+09:00")) {
    temp_.db().Transaction([&](storage::Connection& c) {
      people_.InsertRegion(c, {"region-minowa", "箕輪町", false}, 0);
      people_.InsertRegion(c, {"region-ina", "伊那市", false}, 0);
      people_.InsertOrganization(c, {"org-1", "region-minowa", "箕輪クリニック", "clinic", true}, 0);
      people_.InsertOrganization(c, {"org-2", "region-ina", "伊那クリニック", "clinic", true}, 0);
      AddUser(c, "user-kato", "org-1", "region-minowa", At("2025-05-01"));
      AddUser(c, "user-ito", "org-1", "region-minowa", At("2026-03-31T23:59:00+09:00"));
      AddUser(c, "user-sato", "org-2", "region-ina", At("2025-05-01"));
      store_.SetTarget(c, "region-minowa", 2025, "posts", 150, std::nullopt, 0);
    });
    admin_.user_id = "user-admin";
    admin_.region_id = "region-minowa";
    admin_.region_admin = true;
  }

  void AddUser(storage::Connection& c, const std::string& id, const std::string& org, const std::string& region,
               TimestampMs created) {
    people_.InsertUser(c, id, {id, id, "", "", "nurse", org, region, false, false, "x"}, created);
  }

  void AddPatient(const std::string& id, TimestampMs created) {
    temp_.db().Transaction([&](storage::Connection& c) {
      patients::PatientDetails d{"箕輪 花子", "ミノワ ハナコ", "1938-05-02", "female", "", "region-minowa", "care_4"};
      patients_.Insert(c, id, d, "user-kato", created);
      patients_.InsertConsent(c, id + "-consent", id, {"2025-04-01", "user-kato", "team", "written", std::nullopt},
                              "user-kato", created);
      teams_.Add(c, id, "user-kato", "lead", "user-kato", created);
    });
  }

  void AddPost(const std::string& patient_id, TimestampMs at) {
    temp_.db().Transaction([&](storage::Connection& c) {
      posts_.Insert(c, "post-" + std::to_string(at), patient_id, "user-kato", {"observation", "x", false, {}}, at);
    });
  }

  testing::TempSqlite temp_;
  FixedClock clock_;
  people::PeopleStore people_;
  patients::PatientsStore patients_;
  teams::TeamsStore teams_;
  posts::PostsStore posts_;
  KpiStore store_;
  access::AuditTrail audit_{clock_};
  KpiService service_{temp_.db(), store_, people_, audit_, clock_};
  access::Actor admin_;
};

TEST_F(KpiServiceTest, APostAtTheLastMinuteOfMarchBelongsToTheOldYear) {
  AddPatient("p1", At("2025-04-10"));
  AddPost("p1", At("2026-03-31T23:59:00+09:00"));
  AddPost("p1", At("2026-04-01T00:00:00+09:00"));
  AddPost("p1", At("2025-03-31T23:59:59+09:00"));  // FY2024
  auto fy2025 = service_.Report(admin_, std::nullopt, 2025);
  EXPECT_EQ(fy2025.posts.actual, 1);
  EXPECT_EQ(fy2025.posts.target, 150);
  EXPECT_EQ(service_.Report(admin_, std::nullopt, 2026).posts.actual, 1);
}

TEST_F(KpiServiceTest, ProfessionalsCountAtYearEndAndStopWhenDeactivated) {
  // ito was approved at 23:59 on 31 March 2026 Japan time: inside FY2025.
  EXPECT_EQ(service_.Report(admin_, std::nullopt, 2025).professionals.actual, 2);
  EXPECT_EQ(service_.Report(admin_, std::nullopt, 2024).professionals.actual, 0);
  temp_.db().Transaction([&](storage::Connection& c) {
    c.Execute("UPDATE users SET active = 0, deactivated_at = $1 WHERE id = 'user-kato'",
              {At("2026-06-01T00:00:00+09:00")});
  });
  EXPECT_EQ(service_.Report(admin_, std::nullopt, 2025).professionals.actual, 2);  // active at that year's end
  EXPECT_EQ(service_.Report(admin_, std::nullopt, 2026).professionals.actual, 1);  // now
}

TEST_F(KpiServiceTest, APatientWhoseConsentWasWithdrawnStopsCounting) {
  AddPatient("p1", At("2025-06-01"));
  AddPatient("p2", At("2025-07-01"));
  temp_.db().Transaction([&](storage::Connection& c) {
    patients_.WithdrawConsent(c, "p2", "user-kato", "本人の希望", At("2026-05-01T10:00:00+09:00"));
  });
  EXPECT_EQ(service_.Report(admin_, std::nullopt, 2025).patients.actual, 2);
  EXPECT_EQ(service_.Report(admin_, std::nullopt, 2026).patients.actual, 1);
}

TEST_F(KpiServiceTest, ARegionAdminSeesOnlyTheirRegion) {
  EXPECT_THROW(service_.Report(admin_, std::string("region-ina"), 2025), AppError);
  access::Actor member;
  member.user_id = "user-ito";
  member.region_id = "region-minowa";
  member.organization_id = "org-1";
  EXPECT_THROW(service_.Report(member, std::nullopt, 2025), AppError);
  access::Actor system;
  system.user_id = "user-root";
  system.system_admin = true;
  EXPECT_EQ(service_.Report(system, std::string("region-ina"), 2025).professionals.actual, 1);
}

TEST_F(KpiServiceTest, MonthsCutInJapanTimeAndFutureMonthsAreUnknown) {
  AddPatient("p1", At("2026-04-01T00:00:00+09:00"));
  AddPost("p1", At("2026-04-30T23:59:59+09:00"));  // April
  AddPost("p1", At("2026-05-01T00:00:00+09:00"));  // May
  AddPost("p1", At("2026-11-25T11:00:00+09:00"));  // November (now is 25 November 12:00)
  auto r = service_.Report(admin_, std::nullopt, 2026);
  ASSERT_EQ(r.breakdown.months.size(), 12U);
  EXPECT_EQ(r.breakdown.months[0].month, "2026-04");
  EXPECT_EQ(r.breakdown.months[11].month, "2027-03");
  EXPECT_EQ(r.breakdown.months[0].posts, 1);
  EXPECT_EQ(r.breakdown.months[0].net_new_patients, 1);
  EXPECT_EQ(r.breakdown.months[1].posts, 1);
  EXPECT_EQ(r.breakdown.months[7].posts, 1);
  EXPECT_EQ(r.breakdown.months[8].posts, std::nullopt);  // December has not begun
  EXPECT_EQ(r.breakdown.patients_at_year_start, 0);
  EXPECT_EQ(r.posts.actual, 3);
  const auto nurse = std::find_if(r.breakdown.by_profession.begin(), r.breakdown.by_profession.end(),
                                  [](const GroupCounts& g) { return g.code == "nurse"; });
  ASSERT_NE(nurse, r.breakdown.by_profession.end());
  EXPECT_EQ(nurse->posts, 3);
  EXPECT_EQ(nurse->professionals, 2);
  EXPECT_EQ(r.breakdown.by_profession.front().code, "doctor");
  EXPECT_EQ(r.breakdown.by_organization_type.front().code, "clinic");
  EXPECT_EQ(r.breakdown.by_organization_type.front().posts, 3);
}

TEST_F(KpiServiceTest, MonthBoundsAreJapanMidnights) {
  const MonthBounds b = MonthBoundsOf(2025);
  EXPECT_EQ(b[0], At("2025-04-01T00:00:00+09:00"));
  EXPECT_EQ(b[9], At("2026-01-01T00:00:00+09:00"));
  EXPECT_EQ(b[11], At("2026-03-01T00:00:00+09:00"));
  EXPECT_EQ(b[12], At("2026-04-01T00:00:00+09:00"));
}

TEST_F(KpiServiceTest, TheWholeDeploymentSumsCountTargetsAndAveragesPercents) {
  temp_.db().Transaction([&](storage::Connection& c) {
    store_.SetTarget(c, "region-ina", 2025, "posts", 50, std::nullopt, 0);
    store_.SetTarget(c, "region-minowa", 2025, "resident_satisfaction", 9, std::nullopt, 0);
    store_.SetTarget(c, "region-ina", 2025, "resident_satisfaction", 12, std::nullopt, 0);
  });
  access::Actor system;
  system.user_id = "user-root";
  system.system_admin = true;
  auto all = service_.Report(system, std::string(kWholeDeployment), 2025);
  EXPECT_EQ(all.region_id, "all");
  EXPECT_EQ(all.posts.target, 200);
  EXPECT_EQ(all.patients.target, std::nullopt);
  EXPECT_EQ(all.resident_satisfaction.target, 10.5);
  EXPECT_EQ(all.professionals.actual, 3);
  EXPECT_THROW(service_.Report(admin_, std::string(kWholeDeployment), 2025), AppError);
}

TEST_F(KpiServiceTest, TargetsAreSetClearedAndAudited) {
  access::Actor actor = admin_;
  actor.ip = "127.0.0.1";
  auto saved = service_.SetTargets(actor, "region-minowa", 2025, {{"patients", 60.0}, {"posts", std::nullopt}});
  EXPECT_EQ(saved.targets.count("posts"), 0U);
  EXPECT_EQ(saved.targets.at("patients"), 60);
  EXPECT_EQ(service_.Report(admin_, std::nullopt, 2025).patients.target, 60);
  EXPECT_THROW(service_.SetTargets(actor, "region-ina", 2025, {{"posts", 1.0}}), AppError);
  EXPECT_THROW(service_.SetTargets(actor, "all", 2025, {{"posts", 1.0}}), AppError);
  auto records = temp_.db().Read([&](storage::Connection& c) {
    access::AuditQuery q;
    q.action = "kpi.target.set";
    return audit_.List(c, q);
  });
  ASSERT_EQ(records.size(), 1U);
  EXPECT_EQ(records[0].target, "kpi:region-minowa:2025");
}

}  // namespace
}  // namespace tsunagu::kpi
