#include "kpi/kpi_store.h"

#include <string>

namespace tsunagu::kpi {
namespace {

constexpr std::string_view kCountPosts =
    "SELECT COUNT(*) FROM posts po JOIN patients pa ON pa.id = po.patient_id "
    "WHERE pa.region_id = $1 AND po.created_at >= $2 AND po.created_at < $3";
constexpr std::string_view kCountProfessionals =
    "SELECT COUNT(*) FROM users WHERE region_id = $1 AND organization_id IS NOT NULL AND created_at < $2 "
    "AND (deactivated_at IS NULL OR deactivated_at >= $2) AND (active = 1 OR deactivated_at IS NOT NULL)";
// A patient counts while the consent recorded at registration is in force.
constexpr std::string_view kCountPatients =
    "SELECT COUNT(*) FROM patients p WHERE p.region_id = $1 AND p.created_at < $2 AND NOT EXISTS "
    "(SELECT 1 FROM consents c WHERE c.patient_id = p.id AND c.withdrawn_at IS NOT NULL AND c.withdrawn_at < $2)";
constexpr std::string_view kResidentSatisfaction =
    "SELECT percent FROM kpi_resident_satisfaction WHERE region_id = $1 AND fiscal_year = $2";
constexpr std::string_view kTargets =
    "SELECT metric, target FROM kpi_targets WHERE region_id = $1 AND fiscal_year = $2";
constexpr std::string_view kSetTarget =
    "INSERT INTO kpi_targets (region_id, fiscal_year, metric, target, updated_by, updated_at) "
    "VALUES ($1, $2, $3, CAST($4 AS DOUBLE PRECISION), $5, $6) ON CONFLICT (region_id, fiscal_year, metric) "
    "DO UPDATE SET target = excluded.target, updated_by = excluded.updated_by, updated_at = excluded.updated_at";

}  // namespace

int64_t KpiStore::CountPosts(Connection& c, const std::string& region_id, TimestampMs begin, TimestampMs end) const {
  return c.QueryOne(kCountPosts, {region_id, begin, end})->Int(0);
}

int64_t KpiStore::CountProfessionals(Connection& c, const std::string& region_id, TimestampMs at) const {
  return c.QueryOne(kCountProfessionals, {region_id, at})->Int(0);
}

int64_t KpiStore::CountPatients(Connection& c, const std::string& region_id, TimestampMs at) const {
  return c.QueryOne(kCountPatients, {region_id, at})->Int(0);
}

std::optional<double> KpiStore::ResidentSatisfaction(Connection& c, const std::string& region_id,
                                                     int fiscal_year) const {
  auto r = c.QueryOne(kResidentSatisfaction, {region_id, fiscal_year});
  if (!r) return std::nullopt;
  return std::stod(r->Text(0));
}

std::map<std::string, double> KpiStore::Targets(Connection& c, const std::string& region_id, int fiscal_year) const {
  std::map<std::string, double> out;
  for (const auto& r : c.Query(kTargets, {region_id, fiscal_year})) out[r.Text(0)] = std::stod(r.Text(1));
  return out;
}

void KpiStore::SetTarget(Connection& c, const std::string& region_id, int fiscal_year, const std::string& metric,
                         double target, const std::optional<std::string>& by, TimestampMs now) const {
  c.Execute(kSetTarget, {region_id, fiscal_year, metric, std::to_string(target), by, now});
}

}  // namespace tsunagu::kpi
