// PostgreSQL driver over libpq: text parameters, prepared statements cached
// per connection, a bounded pool. Several servers may share one database.
#pragma once

#include <string>

#include "storage/connection_pool.h"
#include "storage/database.h"

namespace tsunagu::storage {

class PostgresDatabase final : public Database {
 public:
  // Connects `pool_size` times to `url` (a libpq URI). Throws DatabaseError.
  PostgresDatabase(std::string url, int pool_size);
  Dialect dialect() const override { return Dialect::kPostgres; }
  // pg_dump custom format; pg_dump must be installed (postgresql-client).
  void Backup(const std::string& path) override;
  // pg_restore --clean of a Backup() file.
  void Restore(const std::string& path) override;

 protected:
  Connection* Acquire() override { return pool_.Acquire(); }
  void Release(Connection* c) override { pool_.Release(c); }

 private:
  std::string url_;
  ConnectionPool pool_;
};

}  // namespace tsunagu::storage
