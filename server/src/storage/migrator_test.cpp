#include "storage/migrator.h"

#include <gtest/gtest.h>

#include <regex>

#include "support/temp_sqlite.h"

namespace tsunagu::storage {
namespace {

TEST(Migrator, PicksTheDialectFileOverTheSharedOne) {
  std::vector<EmbeddedMigration> files = {{"0001_a.sql", "shared"},
                                          {"0002_b.postgresql.sql", "pg"},
                                          {"0002_b.sqlite.sql", "lite"},
                                          {"0003_c.sql", "shared3"}};
  auto lite = MigrationsFor(Dialect::kSqlite, files);
  ASSERT_EQ(lite.size(), 3u);
  EXPECT_EQ(lite[1].sql, "lite");
  auto pg = MigrationsFor(Dialect::kPostgres, files);
  EXPECT_EQ(pg[1].sql, "pg");
}

TEST(Migrator, EveryVersionExistsForBothDialects) {
  auto lite = MigrationsFor(Dialect::kSqlite, EmbeddedMigrations());
  auto pg = MigrationsFor(Dialect::kPostgres, EmbeddedMigrations());
  ASSERT_EQ(lite.size(), pg.size());
  for (size_t i = 0; i < lite.size(); ++i) {
    EXPECT_EQ(lite[i].version, static_cast<int>(i) + 1);
    EXPECT_EQ(pg[i].version, lite[i].version);
  }
}

TEST(Migrator, IsIdempotent) {
  testing::TempSqlite temp;  // migrated once already
  EXPECT_TRUE(Migrate(temp.db()).empty());
  EXPECT_EQ(CurrentSchemaVersion(temp.db()),
            static_cast<int>(MigrationsFor(Dialect::kSqlite, EmbeddedMigrations()).size()));
}

TEST(SqliteDriver, BindsParametersByNumberWhateverTheirOrderInTheText) {
  testing::TempSqlite temp;
  auto row = temp.db().Read([](Connection& c) { return c.QueryOne("SELECT $2, $1, $2", {"first", "second"}); });
  ASSERT_TRUE(row);
  EXPECT_EQ(row->Text(0), "second");
  EXPECT_EQ(row->Text(1), "first");
  EXPECT_EQ(row->Text(2), "second");
}

TEST(SqliteDriver, RollsBackWhenTheWorkThrows) {
  testing::TempSqlite temp;
  EXPECT_THROW(temp.db().Transaction([](Connection& c) {
    c.Execute("INSERT INTO regions (id, name, created_at) VALUES ($1, $2, $3)", {"r1", "x", int64_t{1}});
    throw std::runtime_error("boom");
  }),
               std::runtime_error);
  auto n = temp.db().Read([](Connection& c) { return c.QueryOne("SELECT COUNT(*) FROM regions")->Int(0); });
  EXPECT_EQ(n, 0);
}

}  // namespace
}  // namespace tsunagu::storage
