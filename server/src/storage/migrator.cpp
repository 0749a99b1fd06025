#include "storage/migrator.h"

#include <algorithm>
#include <map>
#include <stdexcept>

#include "common/clock.h"

namespace tsunagu::storage {
namespace {

constexpr std::string_view kCreateHistory =
    "CREATE TABLE IF NOT EXISTS schema_migrations ("
    " version BIGINT PRIMARY KEY, name TEXT NOT NULL, applied_at BIGINT NOT NULL)";
constexpr std::string_view kSelectApplied = "SELECT version FROM schema_migrations";
constexpr std::string_view kInsertApplied =
    "INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)";
// Any constant works; it only has to be the same in every server process.
constexpr std::string_view kLockMigrations = "SELECT pg_advisory_xact_lock(7305001)";

}  // namespace

std::vector<Migration> MigrationsFor(Dialect dialect, const std::vector<EmbeddedMigration>& files) {
  const std::string mine = dialect == Dialect::kSqlite ? ".sqlite.sql" : ".postgresql.sql";
  const std::string other = dialect == Dialect::kSqlite ? ".postgresql.sql" : ".sqlite.sql";
  std::map<int, Migration> shared;
  std::map<int, Migration> specific;
  for (const auto& f : files) {
    std::string name = f.file_name;
    auto ends_with = [&](const std::string& suffix) {
      return name.size() >= suffix.size() && name.compare(name.size() - suffix.size(), suffix.size(), suffix) == 0;
    };
    if (ends_with(other)) continue;
    size_t digits = 0;
    while (digits < name.size() && std::isdigit(static_cast<unsigned char>(name[digits]))) ++digits;
    if (digits == 0) throw std::logic_error("migration without a version: " + name);
    int version = std::stoi(name.substr(0, digits));
    auto& target = ends_with(mine) ? specific : shared;
    if (!target.emplace(version, Migration{version, name, f.sql}).second)
      throw std::logic_error("two migrations with version " + std::to_string(version));
  }
  for (auto& [v, m] : specific) shared[v] = m;
  std::vector<Migration> out;
  out.reserve(shared.size());
  for (auto& [v, m] : shared) out.push_back(m);
  return out;
}

std::vector<int> Migrate(Database& db) {
  std::vector<int> applied_now;
  const auto migrations = MigrationsFor(db.dialect(), EmbeddedMigrations());
  SystemClock clock;
  db.Transaction([&](Connection& c) {
    if (c.dialect() == Dialect::kPostgres) c.Query(kLockMigrations);
    c.ExecuteScript(kCreateHistory);
    std::vector<int64_t> done;
    for (const Row& r : c.Query(kSelectApplied)) done.push_back(r.Int(0));
    for (const Migration& m : migrations) {
      if (std::find(done.begin(), done.end(), m.version) != done.end()) continue;
      c.ExecuteScript(m.sql);
      c.Execute(kInsertApplied, {m.version, m.name, clock.NowMs()});
      applied_now.push_back(m.version);
    }
  });
  return applied_now;
}

int CurrentSchemaVersion(Database& db) {
  return db.Read([](Connection& c) {
    c.ExecuteScript(kCreateHistory);
    auto row = c.QueryOne("SELECT COALESCE(MAX(version), 0) FROM schema_migrations");
    return static_cast<int>(row ? row->Int(0) : 0);
  });
}

}  // namespace tsunagu::storage
