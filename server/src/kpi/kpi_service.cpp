#include "kpi/kpi_service.h"

#include <algorithm>

#include "access/access_policy.h"
#include "common/error.h"
#include "common/fiscal_year.h"

namespace tsunagu::kpi {
namespace {

Measure WithTarget(std::optional<double> actual, const std::map<std::string, double>& targets, const char* metric) {
  Measure m{actual, std::nullopt};
  if (auto it = targets.find(metric); it != targets.end()) m.target = it->second;
  return m;
}

}  // namespace

KpiReport KpiService::Report(const access::Actor& actor, std::optional<std::string> region_id,
                             std::optional<int> fiscal_year) {
  access::RequireAnyAdmin(actor);
  if (!region_id) {
    if (!actor.region_id || !actor.region_admin) throw AppError::InvalidField("region_id", "地域を指定してください");
    region_id = actor.region_id;
  }
  access::RequireRegionAdmin(actor, region_id);
  const TimestampMs now = clock_.NowMs();
  const int year = fiscal_year.value_or(FiscalYearOf(now));
  if (year < 2000 || year > 2100) throw AppError::InvalidField("fiscal_year", "年度は2000〜2100で指定してください");
  const FiscalYearRange range = FiscalYearBounds(year);
  const TimestampMs at = std::min(range.end, now);
  return db_.Read([&](storage::Connection& c) {
    if (!people_.FindRegion(c, *region_id)) throw AppError(ErrorCode::kNotFound, "地域が見つかりません");
    const auto targets = store_.Targets(c, *region_id, year);
    KpiReport r;
    r.region_id = *region_id;
    r.fiscal_year = year;
    r.posts =
        WithTarget(static_cast<double>(store_.CountPosts(c, *region_id, range.begin, range.end)), targets, "posts");
    r.professionals =
        WithTarget(static_cast<double>(store_.CountProfessionals(c, *region_id, at)), targets, "professionals");
    r.patients = WithTarget(static_cast<double>(store_.CountPatients(c, *region_id, at)), targets, "patients");
    // The in-app survey arrives with the administration work; until then there is no measurement.
    r.professional_satisfaction = WithTarget(std::nullopt, targets, "professional_satisfaction");
    r.resident_satisfaction =
        WithTarget(store_.ResidentSatisfaction(c, *region_id, year), targets, "resident_satisfaction");
    return r;
  });
}

}  // namespace tsunagu::kpi
