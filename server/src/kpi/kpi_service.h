// The seed's KPIs for one region and fiscal year, against their targets.
#pragma once

#include <optional>
#include <string>

#include "access/actor.h"
#include "common/clock.h"
#include "kpi/kpi_store.h"
#include "kpi/kpi_types.h"
#include "people/people_store.h"
#include "storage/database.h"

namespace tsunagu::kpi {

class KpiService {
 public:
  KpiService(storage::Database& db, const KpiStore& store, const people::PeopleStore& people, const Clock& clock)
      : db_(db), store_(store), people_(people), clock_(clock) {}

  // Region admins: their own region (the default); system admins: any region
  // (region_id required). The fiscal year defaults to the current one.
  // Counts are taken at the year's end, or now for a year not yet over.
  KpiReport Report(const access::Actor& actor, std::optional<std::string> region_id, std::optional<int> fiscal_year);

 private:
  storage::Database& db_;
  const KpiStore& store_;
  const people::PeopleStore& people_;
  const Clock& clock_;
};

}  // namespace tsunagu::kpi
