// `tsunagu demo`: the seed's three regions, their organisations and
// professionals, and one account per persona. Idempotent: fixed ids, and rows
// that exist are left alone.
#pragma once

#include "access/audit_trail.h"
#include "auth/password_hasher.h"
#include "common/clock.h"
#include "people/people_store.h"
#include "storage/database.h"

namespace tsunagu::app {

inline constexpr const char* kDemoPassword = "tsunagu-demo";

struct DemoSummary {
  int regions = 0;
  int organizations = 0;
  int users = 0;  // newly inserted
};

DemoSummary LoadDemo(storage::Database& db, const people::PeopleStore& people, const access::AuditTrail& audit,
                     auth::PasswordHasher& hasher, const Clock& clock);

}  // namespace tsunagu::app
