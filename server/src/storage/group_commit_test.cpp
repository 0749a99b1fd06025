#include <gtest/gtest.h>

#include <atomic>
#include <stdexcept>
#include <thread>
#include <vector>

#include "storage/database.h"
#include "support/temp_sqlite.h"

namespace tsunagu::storage {
namespace {

// Many writers at once on SQLite: every transaction that returns is committed,
// every one that throws leaves nothing behind, and each gets its own result.
TEST(GroupCommit, EachWorkCommitsOrRollsBackAlone) {
  testing::TempSqlite temp;
  Database& db = temp.db();
  db.Transaction([](Connection& c) { c.ExecuteScript("CREATE TABLE t (n BIGINT PRIMARY KEY)"); });

  constexpr int kThreads = 8;
  constexpr int kPerThread = 50;
  std::atomic<int> committed{0};
  std::atomic<int> refused{0};
  std::vector<std::thread> threads;
  threads.reserve(kThreads);
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kPerThread; ++i) {
        int64_t n = static_cast<int64_t>(t) * kPerThread + i;
        try {
          int64_t got = db.Transaction([n](Connection& c) {
            c.Execute("INSERT INTO t (n) VALUES ($1)", {n});
            // Every third work fails after writing: its row must vanish.
            if (n % 3 == 0) throw std::runtime_error("refused");
            return c.QueryOne("SELECT n FROM t WHERE n = $1", {n})->Int(0);
          });
          EXPECT_EQ(got, n);
          ++committed;
        } catch (const std::runtime_error& e) {
          EXPECT_STREQ(e.what(), "refused");
          ++refused;
        }
      }
    });
  }
  for (auto& th : threads) th.join();

  int64_t rows = db.Read([](Connection& c) { return c.QueryOne("SELECT COUNT(*) FROM t")->Int(0); });
  int64_t multiples_of_three =
      db.Read([](Connection& c) { return c.QueryOne("SELECT COUNT(*) FROM t WHERE n % 3 = 0")->Int(0); });
  EXPECT_EQ(rows, committed.load());
  EXPECT_EQ(multiples_of_three, 0);
  EXPECT_EQ(committed + refused, kThreads * kPerThread);
}

// A constraint failure inside one work does not spoil the others of its group.
TEST(GroupCommit, AConstraintErrorRollsBackOnlyItsWork) {
  testing::TempSqlite temp;
  Database& db = temp.db();
  db.Transaction([](Connection& c) { c.ExecuteScript("CREATE TABLE u (n BIGINT PRIMARY KEY)"); });
  db.Transaction([](Connection& c) { c.Execute("INSERT INTO u (n) VALUES (1)"); });
  EXPECT_THROW(db.Transaction([](Connection& c) {
    c.Execute("INSERT INTO u (n) VALUES (2)");
    c.Execute("INSERT INTO u (n) VALUES (1)");  // duplicate key
  }),
               DatabaseError);
  db.Transaction([](Connection& c) { c.Execute("INSERT INTO u (n) VALUES (3)"); });
  auto n = db.Read([](Connection& c) { return c.QueryOne("SELECT group_concat(n) FROM u")->Text(0); });
  EXPECT_EQ(n, "1,3");
}

// A transaction begun inside another would wait for its own group: refused.
TEST(GroupCommit, ANestedTransactionIsRefused) {
  testing::TempSqlite temp;
  Database& db = temp.db();
  EXPECT_THROW(db.Transaction([&db](Connection&) { db.Transaction([](Connection&) {}); }), std::logic_error);
  // The database still works afterwards.
  EXPECT_EQ(db.Transaction([](Connection& c) { return c.QueryOne("SELECT 1")->Int(0); }), 1);
}

// BeforeCommit steps run after the work that asked for them, in order, and
// only when it commits; a step that throws undoes its whole transaction.
TEST(BeforeCommit, RunsAfterTheWorkInOrderAndOnlyWhenItCommits) {
  testing::TempSqlite temp;
  Database& db = temp.db();
  db.Transaction([](Connection& c) { c.ExecuteScript("CREATE TABLE log (n INTEGER PRIMARY KEY, what TEXT)"); });
  auto note = [](const char* what) {
    return [what](Connection& tx) { tx.Execute("INSERT INTO log (what) VALUES ($1)", {std::string(what)}); };
  };
  db.Transaction([&](Connection& c) {
    c.BeforeCommit(note("first step"));
    c.BeforeCommit(note("second step"));
    note("work")(c);
  });
  EXPECT_THROW(db.Transaction([&](Connection& c) {
    c.BeforeCommit(note("step of a work that failed"));
    throw std::runtime_error("refused");
  }),
               std::runtime_error);
  EXPECT_THROW(db.Transaction([&](Connection& c) {
    note("work whose step failed")(c);
    c.BeforeCommit([](Connection&) { throw std::runtime_error("step refused"); });
  }),
               std::runtime_error);
  // Outside a transaction a step runs at once.
  db.Read([&](Connection& c) { c.BeforeCommit(note("at once")); });
  auto log = db.Read([](Connection& c) { return c.QueryOne("SELECT group_concat(what, '|') FROM log")->Text(0); });
  EXPECT_EQ(log, "work|first step|second step|at once");
}

// Under group commit each work's steps go with it: committed with it, or
// rolled back with it alone.
TEST(BeforeCommit, GoesWithItsWorkInAGroup) {
  testing::TempSqlite temp;
  Database& db = temp.db();
  db.Transaction([](Connection& c) { c.ExecuteScript("CREATE TABLE t (n BIGINT PRIMARY KEY, stepped BIGINT)"); });
  constexpr int kThreads = 8;
  constexpr int kPerThread = 30;
  std::atomic<int> committed{0};
  std::vector<std::thread> threads;
  threads.reserve(kThreads);
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kPerThread; ++i) {
        const int64_t n = static_cast<int64_t>(t) * kPerThread + i;
        try {
          db.Transaction([n](Connection& c) {
            c.BeforeCommit([n](Connection& tx) { tx.Execute("UPDATE t SET stepped = 1 WHERE n = $1", {n}); });
            c.Execute("INSERT INTO t (n, stepped) VALUES ($1, 0)", {n});
            if (n % 4 == 0) throw std::runtime_error("refused");
          });
          ++committed;
        } catch (const std::runtime_error&) {
        }
      }
    });
  }
  for (auto& th : threads) th.join();
  auto counts = db.Read([](Connection& c) { return *c.QueryOne("SELECT COUNT(*), SUM(stepped) FROM t"); });
  EXPECT_EQ(counts.Int(0), committed.load());
  EXPECT_EQ(counts.Int(1), committed.load());
  EXPECT_EQ(committed.load(), kThreads * kPerThread * 3 / 4);
}

}  // namespace
}  // namespace tsunagu::storage
