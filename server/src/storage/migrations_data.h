// The SQL migrations compiled into the binary (generated from server/migrations).
#pragma once

#include <string>
#include <vector>

namespace tsunagu::storage {

struct EmbeddedMigration {
  const char* file_name;  // "0001_foundation.sql", "0002_audit_guard.sqlite.sql", ...
  const char* sql;
};

// Sorted by file name.
const std::vector<EmbeddedMigration>& EmbeddedMigrations();

}  // namespace tsunagu::storage
