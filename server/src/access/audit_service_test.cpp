#include "access/audit_service.h"

#include <gtest/gtest.h>

#include "common/error.h"
#include "support/temp_sqlite.h"

namespace tsunagu::access {
namespace {

class AuditServiceTest : public ::testing::Test {
 protected:
  void Add(const std::string& action, int n) {
    temp_.db().Transaction([&](storage::Connection& c) {
      for (int i = 0; i < n; ++i) trail_.Append(c, {"user-x", action, std::nullopt, "t" + std::to_string(i), "ip"});
    });
  }
  static Actor SystemAdmin() {
    Actor a;
    a.user_id = "user-admin";
    a.system_admin = true;
    return a;
  }

  testing::TempSqlite temp_;
  FixedClock clock_{1'700'000'000'000};
  AuditTrail trail_{clock_};
  AuditWriter writer_{temp_.db(), trail_};
  AuditService service_{temp_.db(), trail_, writer_, 3};
};

TEST_F(AuditServiceTest, AnExportOverTheMaximumIsRefusedAndRecordsNothing) {
  Add("post.read", 4);
  try {
    service_.BeginExport(SystemAdmin(), {});
    FAIL() << "expected kTooLarge";
  } catch (const AppError& e) {
    EXPECT_EQ(e.code(), ErrorCode::kTooLarge);
    EXPECT_EQ(e.api_code(), "too_many_records");
  }
  AuditQuery exports;
  exports.action = "audit.export";
  EXPECT_TRUE(temp_.db().Read([&](storage::Connection& c) { return trail_.List(c, exports); }).empty());
}

TEST_F(AuditServiceTest, AnExportHoldsTheRecordsThatExistedWhenItBeganNewestFirstInPages) {
  Add("post.read", 2);
  Add("session.sign_in", 5);
  AuditQuery q;
  q.action = "post.read";
  auto plan = service_.BeginExport(SystemAdmin(), q);
  EXPECT_EQ(plan.records, 2);
  Add("post.read", 1);  // after the export began: not in it
  std::vector<int64_t> seqs;
  service_.ReadExport(plan, [&](const std::vector<AuditRecord>& page) {
    for (const auto& r : page) seqs.push_back(r.seq);
  });
  EXPECT_EQ(seqs, (std::vector<int64_t>{2, 1}));
  // The export itself is recorded.
  AuditQuery exports;
  exports.action = "audit.export";
  auto recorded = temp_.db().Read([&](storage::Connection& c) { return trail_.List(c, exports); });
  ASSERT_EQ(recorded.size(), 1u);
  EXPECT_EQ(recorded[0].user_id, "user-admin");
}

TEST_F(AuditServiceTest, MembersMayNotExportOrListActions) {
  Actor member;
  member.user_id = "user-kato";
  member.region_id = "region-minowa";
  member.organization_id = "org-1";
  EXPECT_THROW(service_.BeginExport(member, {}), AppError);
  EXPECT_THROW(service_.ListActions(member), AppError);
  EXPECT_THROW(service_.BeginExport(Actor{}, {}), AppError);
}

TEST_F(AuditServiceTest, ListsEachActionOnceSorted) {
  EXPECT_TRUE(service_.ListActions(SystemAdmin()).empty());
  Add("session.sign_in", 3);
  Add("audit.read", 1);
  Add("post.read", 2);
  EXPECT_EQ(service_.ListActions(SystemAdmin()),
            (std::vector<std::string>{"audit.read", "post.read", "session.sign_in"}));
}

}  // namespace
}  // namespace tsunagu::access
