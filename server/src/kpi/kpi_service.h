// The seed's KPIs for one region (or the whole deployment) and fiscal year,
// against their targets; the targets and the resident satisfaction that
// administrators enter.
#pragma once

#include <map>
#include <optional>
#include <string>

#include "access/actor.h"
#include "access/audit_trail.h"
#include "common/clock.h"
#include "kpi/kpi_store.h"
#include "kpi/kpi_types.h"
#include "people/people_store.h"
#include "storage/database.h"

namespace tsunagu::kpi {

// A region's targets for one year after a change: metric -> target (absent: none set).
struct YearTargets {
  std::string region_id;
  int fiscal_year = 0;
  std::map<std::string, double> targets;
};

class KpiService {
 public:
  KpiService(storage::Database& db, const KpiStore& store, const people::PeopleStore& people,
             const access::AuditTrail& audit, const Clock& clock)
      : db_(db), store_(store), people_(people), audit_(audit), clock_(clock) {}

  // Region admins: their own region (the default); system admins: any region
  // or kWholeDeployment ("all"; region_id required). The fiscal year defaults
  // to the current one. Counts are taken at the year's end, or now for a year
  // not yet over. Throws kPermissionDenied for another region (or "all" for a
  // region admin), kNotFound for an unknown region, kInvalidArgument for a
  // fiscal year outside 2000-2100.
  KpiReport Report(const access::Actor& actor, std::optional<std::string> region_id, std::optional<int> fiscal_year);

  // Sets (a value) or clears (nullopt) some of a region's targets for a year;
  // values were range-checked by the caller (counts whole and >= 0, percents
  // 0-100). The region's admin or a system admin; audited as kpi.target.set.
  YearTargets SetTargets(const access::Actor& actor, const std::string& region_id, int fiscal_year,
                         const TargetChanges& changes);

  // Records the town's resident survey for a year (replacing an earlier one);
  // the date may not be in the future. Same admins; audited as
  // kpi.resident_satisfaction.set.
  ResidentSurvey SetResidentSatisfaction(const access::Actor& actor, const std::string& region_id, int fiscal_year,
                                         const ResidentSurvey& survey);

 private:
  // The region (404 when unknown) an admin may change: not "all", and theirs.
  void RequireEditableRegion(storage::Connection& c, const access::Actor& actor, const std::string& region_id) const;

  storage::Database& db_;
  const KpiStore& store_;
  const people::PeopleStore& people_;
  const access::AuditTrail& audit_;
  const Clock& clock_;
};

// The 13 instants that cut a fiscal year into its Japan-time months.
MonthBounds MonthBoundsOf(int fiscal_year);

}  // namespace tsunagu::kpi
