#include "access/audit_trail.h"

#include <gtest/gtest.h>

#include "support/temp_sqlite.h"

namespace tsunagu::access {
namespace {

TEST(AuditTrail, ChainsRecordsAndVerifies) {
  testing::TempSqlite temp;
  FixedClock clock(1'700'000'000'000);
  AuditTrail trail(clock);
  for (int i = 0; i < 3; ++i) {
    temp.db().Transaction([&](storage::Connection& c) {
      trail.Append(c, {"user-1", "session.sign_in", std::nullopt, "user:user-1", "127.0.0.1"});
    });
    clock.AdvanceMs(1000);
  }
  auto v = temp.db().Read([](storage::Connection& c) { return AuditTrail::Verify(c); });
  EXPECT_TRUE(v.intact);
  EXPECT_EQ(v.records, 3);
}

TEST(AuditTrail, RefusesUpdateAndDelete) {
  testing::TempSqlite temp;
  FixedClock clock(1'700'000'000'000);
  AuditTrail trail(clock);
  temp.db().Transaction([&](storage::Connection& c) { trail.Append(c, {std::nullopt, "x", std::nullopt, "", ""}); });
  EXPECT_THROW(temp.db().Transaction([](storage::Connection& c) { c.Execute("DELETE FROM audit_log"); }),
               storage::DatabaseError);
  EXPECT_THROW(temp.db().Transaction([](storage::Connection& c) { c.Execute("UPDATE audit_log SET action = 'y'"); }),
               storage::DatabaseError);
}

TEST(AuditTrail, FindsWhereTheChainWasTamperedWith) {
  testing::TempSqlite temp;
  FixedClock clock(1'700'000'000'000);
  AuditTrail trail(clock);
  temp.db().Transaction([&](storage::Connection& c) {
    for (int i = 0; i < 5; ++i) trail.Append(c, {"u", "post.read", "p1", "post:" + std::to_string(i), "ip"});
  });
  // An attacker with file access drops the guard and edits record 3.
  temp.db().Transaction([](storage::Connection& c) {
    c.ExecuteScript("DROP TRIGGER audit_log_no_update; UPDATE audit_log SET target = 'post:x' WHERE seq = 3;");
  });
  auto v = temp.db().Read([](storage::Connection& c) { return AuditTrail::Verify(c); });
  EXPECT_FALSE(v.intact);
  EXPECT_EQ(v.first_broken_seq, 3);
  EXPECT_EQ(v.reason, "altered");
}

TEST(AuditTrail, FindsADeletedRecord) {
  testing::TempSqlite temp;
  FixedClock clock(1'700'000'000'000);
  AuditTrail trail(clock);
  temp.db().Transaction([&](storage::Connection& c) {
    for (int i = 0; i < 4; ++i) trail.Append(c, {"u", "post.read", "p1", "", "ip"});
  });
  temp.db().Transaction([](storage::Connection& c) {
    c.ExecuteScript("DROP TRIGGER audit_log_no_delete; DELETE FROM audit_log WHERE seq = 2;");
  });
  auto v = temp.db().Read([](storage::Connection& c) { return AuditTrail::Verify(c); });
  EXPECT_FALSE(v.intact);
  EXPECT_EQ(v.first_broken_seq, 2);
  EXPECT_EQ(v.reason, "missing");
}

}  // namespace
}  // namespace tsunagu::access
