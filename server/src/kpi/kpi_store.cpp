#include "kpi/kpi_store.h"

#include <algorithm>
#include <cstdio>
#include <string>

#include "common/time_format.h"

namespace tsunagu::kpi {
namespace {

// The month of `column` (0 = April ... 11 = March) as one CASE, the begins of
// May ... March being parameters $first ... $first+10. Portable, and lets one
// GROUP BY cut the whole year's range into months.
std::string MonthOf(std::string_view column, int first) {
  std::string sql = "CASE";
  for (int m = 0; m < 11; ++m) {
    sql += " WHEN ";
    sql += column;
    sql += " < $" + std::to_string(first + m) + " THEN " + std::to_string(m);
  }
  return sql + " ELSE 11 END";
}

// Posts: the counts kept by migration 0015's triggers, one row per region,
// Japan-time month, profession and organisation type; the year is 12 months.
constexpr std::string_view kPostsInRegion =
    "SELECT month, profession, organization_type, SUM(posts) FROM kpi_monthly_posts "
    "WHERE region_id = $1 AND month >= $2 AND month <= $3 GROUP BY 1, 2, 3";
constexpr std::string_view kPostsInAll =
    "SELECT month, profession, organization_type, SUM(posts) FROM kpi_monthly_posts "
    "WHERE month >= $1 AND month <= $2 GROUP BY 1, 2, 3";

// Active at `at`: registered before it, and not deactivated by then (a user
// made inactive before deactivated_at existed has no time and never counts).
constexpr std::string_view kActiveAt =
    "u.created_at < $1 AND (u.deactivated_at IS NULL OR u.deactivated_at >= $1) "
    "AND (u.active = 1 OR u.deactivated_at IS NOT NULL)";
// Counted per organisation and profession first (from the covering index
// users_by_organization_kpi, migration 0015), then joined to the few
// organisations for their type: one lookup per organisation, not per person.
const std::string kProfessionalsInRegion =
    "SELECT x.profession, o.type, SUM(x.n) FROM (SELECT u.organization_id, u.profession, COUNT(*) AS n FROM users u "
    "WHERE u.organization_id IS NOT NULL AND u.region_id = $2 AND " +
    std::string(kActiveAt) +
    " GROUP BY u.organization_id, u.profession) x JOIN organizations o ON o.id = x.organization_id GROUP BY 1, 2";
const std::string kProfessionalsInAll =
    "SELECT x.profession, o.type, SUM(x.n) FROM (SELECT u.organization_id, u.profession, COUNT(*) AS n FROM users u "
    "WHERE u.organization_id IS NOT NULL AND " +
    std::string(kActiveAt) +
    " GROUP BY u.organization_id, u.profession) x JOIN organizations o ON o.id = x.organization_id GROUP BY 1, 2";

// A patient counts while the consent recorded at registration is in force:
// those registered before $1, less those among them whose consent was
// withdrawn before $1 (the index on withdrawals; no per-patient lookup).
constexpr std::string_view kCountPatientsInRegion =
    "SELECT (SELECT COUNT(*) FROM patients WHERE region_id = $2 AND created_at < $1) - "
    "(SELECT COUNT(DISTINCT c.patient_id) FROM consents c JOIN patients p ON p.id = c.patient_id "
    "WHERE c.withdrawn_at IS NOT NULL AND c.withdrawn_at < $1 AND p.region_id = $2 AND p.created_at < $1)";
constexpr std::string_view kCountPatientsInAll =
    "SELECT (SELECT COUNT(*) FROM patients WHERE created_at < $1) - "
    "(SELECT COUNT(DISTINCT c.patient_id) FROM consents c JOIN patients p ON p.id = c.patient_id "
    "WHERE c.withdrawn_at IS NOT NULL AND c.withdrawn_at < $1 AND p.created_at < $1)";

const std::string kRegisteredInRegion = "SELECT " + MonthOf("p.created_at", 4) +
                                        ", COUNT(*) FROM patients p WHERE p.region_id = $1 "
                                        "AND p.created_at >= $2 AND p.created_at < $3 GROUP BY 1";
const std::string kRegisteredInAll = "SELECT " + MonthOf("p.created_at", 3) +
                                     ", COUNT(*) FROM patients p WHERE p.created_at >= $1 AND p.created_at < $2 "
                                     "GROUP BY 1";
// A patient stops counting at the first withdrawal of a consent (as in kCountPatients*).
const std::string kWithdrawnInRegion =
    "SELECT " + MonthOf("w.at", 4) +
    ", COUNT(*) FROM (SELECT c.patient_id, MIN(c.withdrawn_at) AS at FROM consents c "
    "JOIN patients p ON p.id = c.patient_id WHERE p.region_id = $1 AND c.withdrawn_at IS NOT NULL "
    "GROUP BY c.patient_id) w WHERE w.at >= $2 AND w.at < $3 GROUP BY 1";
const std::string kWithdrawnInAll = "SELECT " + MonthOf("w.at", 3) +
                                    ", COUNT(*) FROM (SELECT c.patient_id, MIN(c.withdrawn_at) AS at FROM consents c "
                                    "WHERE c.withdrawn_at IS NOT NULL AND c.withdrawn_at < $2 GROUP BY c.patient_id) w "
                                    "WHERE w.at >= $1 GROUP BY 1";

constexpr std::string_view kResidentSatisfaction =
    "SELECT percent, source, surveyed_on FROM kpi_resident_satisfaction WHERE region_id = $1 AND fiscal_year = $2";
constexpr std::string_view kResidentSatisfactionAverage =
    "SELECT AVG(percent) FROM kpi_resident_satisfaction WHERE fiscal_year = $1";
constexpr std::string_view kSetResidentSatisfaction =
    "INSERT INTO kpi_resident_satisfaction (region_id, fiscal_year, percent, source, surveyed_on, entered_by, "
    "entered_at) VALUES ($1, $2, CAST($3 AS DOUBLE PRECISION), $4, $5, $6, $7) "
    "ON CONFLICT (region_id, fiscal_year) DO UPDATE SET percent = excluded.percent, source = excluded.source, "
    "surveyed_on = excluded.surveyed_on, entered_by = excluded.entered_by, entered_at = excluded.entered_at";

constexpr std::string_view kTargets =
    "SELECT metric, target FROM kpi_targets WHERE region_id = $1 AND fiscal_year = $2";
constexpr std::string_view kTargetsOfAll =
    "SELECT metric, SUM(target), AVG(target) FROM kpi_targets WHERE fiscal_year = $1 GROUP BY metric";
constexpr std::string_view kSetTarget =
    "INSERT INTO kpi_targets (region_id, fiscal_year, metric, target, updated_by, updated_at) "
    "VALUES ($1, $2, $3, CAST($4 AS DOUBLE PRECISION), $5, $6) ON CONFLICT (region_id, fiscal_year, metric) "
    "DO UPDATE SET target = excluded.target, updated_by = excluded.updated_by, updated_at = excluded.updated_at";
constexpr std::string_view kClearTarget =
    "DELETE FROM kpi_targets WHERE region_id = $1 AND fiscal_year = $2 AND metric = $3";

// Exact decimal text of a double for a DOUBLE PRECISION parameter.
std::string NumberText(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.17g", v);
  return buf;
}

std::array<int64_t, 12> ByMonth(const storage::Rows& rows) {
  std::array<int64_t, 12> out{};
  for (const auto& r : rows) {
    const int64_t m = r.Int(0);
    if (m >= 0 && m < 12) out[static_cast<size_t>(m)] += r.Int(1);
  }
  return out;
}

}  // namespace

std::vector<PostCount> KpiStore::CountPosts(Connection& c, const Scope& region_id, const MonthBounds& m) const {
  // "YYYY-MM" of each month of the year, in Japan time, as the triggers write them.
  std::array<std::string, 12> labels;
  for (size_t i = 0; i < 12; ++i) labels[i] = FormatRfc3339Japan(m[i]).substr(0, 7);
  const storage::Rows rows = region_id ? c.Query(kPostsInRegion, {*region_id, labels[0], labels[11]})
                                       : c.Query(kPostsInAll, {labels[0], labels[11]});
  std::vector<PostCount> out;
  out.reserve(rows.size());
  for (const auto& r : rows) {
    const auto* month = std::find(labels.begin(), labels.end(), r.Text(0));
    if (month == labels.end()) continue;
    out.push_back({static_cast<int>(month - labels.begin()), r.Text(1), r.Text(2), r.Int(3)});
  }
  return out;
}

std::vector<ProfessionalCount> KpiStore::CountProfessionals(Connection& c, const Scope& region_id,
                                                            TimestampMs at) const {
  const storage::Rows rows =
      region_id ? c.Query(kProfessionalsInRegion, {at, *region_id}) : c.Query(kProfessionalsInAll, {at});
  std::vector<ProfessionalCount> out;
  out.reserve(rows.size());
  for (const auto& r : rows) out.push_back({r.Text(0), r.Text(1), r.Int(2)});
  return out;
}

int64_t KpiStore::CountPatients(Connection& c, const Scope& region_id, TimestampMs at) const {
  return (region_id ? c.QueryOne(kCountPatientsInRegion, {at, *region_id}) : c.QueryOne(kCountPatientsInAll, {at}))
      ->Int(0);
}

std::array<int64_t, 12> KpiStore::CountPatientsRegistered(Connection& c, const Scope& region_id,
                                                          const MonthBounds& m) const {
  return ByMonth(region_id ? c.Query(kRegisteredInRegion, {*region_id, m[0], m[12], m[1], m[2], m[3], m[4], m[5], m[6],
                                                           m[7], m[8], m[9], m[10], m[11]})
                           : c.Query(kRegisteredInAll, {m[0], m[12], m[1], m[2], m[3], m[4], m[5], m[6], m[7], m[8],
                                                        m[9], m[10], m[11]}));
}

std::array<int64_t, 12> KpiStore::CountConsentsWithdrawn(Connection& c, const Scope& region_id,
                                                         const MonthBounds& m) const {
  return ByMonth(region_id ? c.Query(kWithdrawnInRegion, {*region_id, m[0], m[12], m[1], m[2], m[3], m[4], m[5], m[6],
                                                          m[7], m[8], m[9], m[10], m[11]})
                           : c.Query(kWithdrawnInAll, {m[0], m[12], m[1], m[2], m[3], m[4], m[5], m[6], m[7], m[8],
                                                       m[9], m[10], m[11]}));
}

std::optional<ResidentSatisfactionValue> KpiStore::ResidentSatisfaction(Connection& c, const Scope& region_id,
                                                                        int fiscal_year) const {
  if (!region_id) {
    auto r = c.QueryOne(kResidentSatisfactionAverage, {fiscal_year});
    if (!r || r->IsNull(0)) return std::nullopt;
    return ResidentSatisfactionValue{std::stod(r->Text(0)), std::nullopt};
  }
  auto r = c.QueryOne(kResidentSatisfaction, {*region_id, fiscal_year});
  if (!r) return std::nullopt;
  const double percent = std::stod(r->Text(0));
  return ResidentSatisfactionValue{percent, ResidentSurvey{percent, r->Text(1), r->Text(2)}};
}

void KpiStore::SetResidentSatisfaction(Connection& c, const std::string& region_id, int fiscal_year,
                                       const ResidentSurvey& survey, const std::string& by, TimestampMs now) const {
  c.Execute(kSetResidentSatisfaction,
            {region_id, fiscal_year, NumberText(survey.percent), survey.source, survey.surveyed_on, by, now});
}

std::map<std::string, double> KpiStore::Targets(Connection& c, const Scope& region_id, int fiscal_year) const {
  std::map<std::string, double> out;
  if (!region_id) {
    for (const auto& r : c.Query(kTargetsOfAll, {fiscal_year}))
      out[r.Text(0)] = std::stod(r.Text(IsPercentMetric(r.Text(0)) ? 2 : 1));
    return out;
  }
  for (const auto& r : c.Query(kTargets, {*region_id, fiscal_year})) out[r.Text(0)] = std::stod(r.Text(1));
  return out;
}

void KpiStore::SetTarget(Connection& c, const std::string& region_id, int fiscal_year, const std::string& metric,
                         double target, const std::optional<std::string>& by, TimestampMs now) const {
  c.Execute(kSetTarget, {region_id, fiscal_year, metric, NumberText(target), by, now});
}

void KpiStore::ClearTarget(Connection& c, const std::string& region_id, int fiscal_year,
                           const std::string& metric) const {
  c.Execute(kClearTarget, {region_id, fiscal_year, metric});
}

}  // namespace tsunagu::kpi
