// Brings a database's schema up to date. Migrations are numbered files
// (server/migrations/NNNN_name.sql); a file named NNNN_name.sqlite.sql or
// NNNN_name.postgresql.sql replaces the shared file for that dialect only, so
// both databases share one ordered history. Forward only.
#pragma once

#include <string>
#include <vector>

#include "storage/database.h"
#include "storage/migrations_data.h"

namespace tsunagu::storage {

struct Migration {
  int version;
  std::string name;
  std::string sql;
};

// The migrations for `dialect` in version order. Throws std::logic_error when
// two files claim one version for the same dialect.
std::vector<Migration> MigrationsFor(Dialect dialect, const std::vector<EmbeddedMigration>& files);

// Applies every migration not yet recorded in schema_migrations, each in its
// own transaction; safe when several servers start at once (PostgreSQL uses an
// advisory lock). Returns the versions applied.
std::vector<int> Migrate(Database& db);

// The highest applied version, 0 for an empty database.
int CurrentSchemaVersion(Database& db);

}  // namespace tsunagu::storage
