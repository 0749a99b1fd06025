#include "kpi/kpi_service.h"

#include <algorithm>
#include <cstdio>

#include "access/access_policy.h"
#include "common/error.h"
#include "common/fiscal_year.h"
#include "common/time_format.h"
#include "people/people_types.h"
#include "surveys/surveys_service.h"

namespace tsunagu::kpi {
namespace {

constexpr int kFirstFiscalYear = 2000;
constexpr int kLastFiscalYear = 2100;

Measure WithTarget(std::optional<double> actual, const std::map<std::string, double>& targets, const char* metric) {
  Measure m{actual, std::nullopt};
  if (auto it = targets.find(metric); it != targets.end()) m.target = it->second;
  return m;
}

void RequireSaneYear(int year) {
  if (year < kFirstFiscalYear || year > kLastFiscalYear)
    throw AppError::InvalidField("fiscal_year", "年度は2000〜2100で指定してください");
}

// Every code of `codes` in order (with zeros), then any other code found in the data.
std::vector<GroupCounts> Grouped(const std::vector<std::string_view>& codes,
                                 const std::map<std::string, GroupCounts>& found) {
  std::vector<GroupCounts> out;
  for (auto code : codes) {
    auto it = found.find(std::string(code));
    out.push_back(it != found.end() ? it->second : GroupCounts{std::string(code), 0, 0});
  }
  for (const auto& [code, counts] : found)
    if (std::find(codes.begin(), codes.end(), code) == codes.end()) out.push_back(counts);
  return out;
}

// Fills the breakdown; returns {posts in the year, professionals at `at`}.
std::pair<int64_t, int64_t> Breakdown(storage::Connection& c, const KpiStore& store,
                                      const std::optional<std::string>& scope, int year, TimestampMs now,
                                      TimestampMs at, KpiBreakdown& out) {
  const MonthBounds bounds = MonthBoundsOf(year);
  std::array<int64_t, 12> posts_by_month{};
  std::map<std::string, GroupCounts> by_profession;
  std::map<std::string, GroupCounts> by_type;
  auto entry = [](std::map<std::string, GroupCounts>& m, const std::string& code) -> GroupCounts& {
    auto [it, fresh] = m.try_emplace(code, GroupCounts{code, 0, 0});
    return it->second;
  };
  int64_t posts = 0;
  for (const auto& p : store.CountPosts(c, scope, bounds)) {
    posts += p.count;
    posts_by_month[static_cast<size_t>(p.month)] += p.count;
    entry(by_profession, p.profession).posts += p.count;
    entry(by_type, p.organization_type.empty() ? "other" : p.organization_type).posts += p.count;
  }
  int64_t professionals = 0;
  for (const auto& p : store.CountProfessionals(c, scope, at)) {
    professionals += p.count;
    entry(by_profession, p.profession).professionals += p.count;
    entry(by_type, p.organization_type).professionals += p.count;
  }
  const auto registered = store.CountPatientsRegistered(c, scope, bounds);
  const auto withdrawn = store.CountConsentsWithdrawn(c, scope, bounds);
  out.patients_at_year_start = store.CountPatients(c, scope, std::min(bounds[0], now));
  out.months.clear();
  for (size_t m = 0; m < 12; ++m) {
    char label[8];
    const int calendar_year = year + (m >= 9 ? 1 : 0);
    std::snprintf(label, sizeof label, "%04d-%02d", calendar_year, static_cast<int>((m + 3) % 12 + 1));
    MonthCounts month{label, std::nullopt, std::nullopt};
    if (bounds[m] <= now) {
      month.posts = posts_by_month[m];
      month.net_new_patients = registered[m] - withdrawn[m];
    }
    out.months.push_back(std::move(month));
  }
  out.by_profession = Grouped(people::Professions(), by_profession);
  out.by_organization_type = Grouped(people::OrganizationTypes(), by_type);
  return {posts, professionals};
}

}  // namespace

MonthBounds MonthBoundsOf(int fiscal_year) {
  MonthBounds b{};
  for (size_t m = 0; m < 12; ++m) {
    const int year = fiscal_year + (m >= 9 ? 1 : 0);
    const auto month = static_cast<unsigned>((m + 3) % 12 + 1);
    b[m] = DaysFromCivil(year, month, 1) * 86'400'000 - kJapanOffsetMs;
  }
  b[12] = FiscalYearBounds(fiscal_year).end;
  return b;
}

KpiReport KpiService::Report(const access::Actor& actor, std::optional<std::string> region_id,
                             std::optional<int> fiscal_year) {
  access::RequireAnyAdmin(actor);
  if (!region_id) {
    if (!actor.region_id || !actor.region_admin) throw AppError::InvalidField("region_id", "地域を指定してください");
    region_id = actor.region_id;
  }
  const bool whole = *region_id == kWholeDeployment;
  if (whole) {
    access::RequireSystemAdmin(actor);
  } else {
    access::RequireRegionAdmin(actor, region_id);
  }
  // The region, or nullopt for every region together.
  const std::optional<std::string> scope = whole ? std::nullopt : region_id;
  const TimestampMs now = clock_.NowMs();
  const int year = fiscal_year.value_or(FiscalYearOf(now));
  RequireSaneYear(year);
  const FiscalYearRange range = FiscalYearBounds(year);
  const TimestampMs at = std::min(range.end, now);
  return db_.Read([&](storage::Connection& c) {
    if (scope && !people_.FindRegion(c, *scope)) throw AppError(ErrorCode::kNotFound, "地域が見つかりません");
    const auto targets = store_.Targets(c, scope, year);
    KpiReport r;
    r.region_id = *region_id;
    r.fiscal_year = year;
    const auto [posts, professionals] = Breakdown(c, store_, scope, year, now, at, r.breakdown);
    r.posts = WithTarget(static_cast<double>(posts), targets, "posts");
    r.professionals = WithTarget(static_cast<double>(professionals), targets, "professionals");
    r.patients = WithTarget(static_cast<double>(store_.CountPatients(c, scope, at)), targets, "patients");
    // The in-app satisfaction surveys whose period ends in the year (surveys/).
    r.professional_satisfaction = WithTarget(surveys::ProfessionalSatisfaction(c, scope, year, JapanDate(now)), targets,
                                             "professional_satisfaction");
    // The whole deployment: the average of the regions that measured it.
    const auto resident = store_.ResidentSatisfaction(c, scope, year);
    r.resident_satisfaction = WithTarget(resident ? std::optional<double>(resident->percent) : std::nullopt, targets,
                                         "resident_satisfaction");
    if (resident) r.resident_survey = resident->survey;
    return r;
  });
}

void KpiService::RequireEditableRegion(storage::Connection& c, const access::Actor& actor,
                                       const std::string& region_id) const {
  if (region_id == kWholeDeployment)
    throw AppError::InvalidField("region_id", "目標と住民満足度は地域ごとに登録してください");
  access::RequireRegionAdmin(actor, region_id);
  if (!people_.FindRegion(c, region_id)) throw AppError(ErrorCode::kNotFound, "地域が見つかりません");
}

YearTargets KpiService::SetTargets(const access::Actor& actor, const std::string& region_id, int fiscal_year,
                                   const TargetChanges& changes) {
  access::RequireAnyAdmin(actor);
  RequireSaneYear(fiscal_year);
  if (changes.empty()) throw AppError::InvalidField("targets", "変更する目標を1つ以上指定してください");
  const TimestampMs now = clock_.NowMs();
  return db_.Transaction([&](storage::Connection& c) {
    RequireEditableRegion(c, actor, region_id);
    for (const auto& [metric, target] : changes) {
      if (target) {
        store_.SetTarget(c, region_id, fiscal_year, metric, *target, actor.user_id, now);
      } else {
        store_.ClearTarget(c, region_id, fiscal_year, metric);
      }
    }
    audit_.Append(c, {actor.user_id, "kpi.target.set", std::nullopt,
                      "kpi:" + region_id + ":" + std::to_string(fiscal_year), actor.ip});
    return YearTargets{region_id, fiscal_year, store_.Targets(c, region_id, fiscal_year)};
  });
}

ResidentSurvey KpiService::SetResidentSatisfaction(const access::Actor& actor, const std::string& region_id,
                                                   int fiscal_year, const ResidentSurvey& survey) {
  access::RequireAnyAdmin(actor);
  RequireSaneYear(fiscal_year);
  const TimestampMs now = clock_.NowMs();
  const std::string today = JapanDate(now);
  if (survey.surveyed_on > today) throw AppError::InvalidField("surveyed_on", "調査日に未来の日付は指定できません");
  return db_.Transaction([&](storage::Connection& c) {
    RequireEditableRegion(c, actor, region_id);
    store_.SetResidentSatisfaction(c, region_id, fiscal_year, survey, *actor.user_id, now);
    audit_.Append(c, {actor.user_id, "kpi.resident_satisfaction.set", std::nullopt,
                      "kpi:" + region_id + ":" + std::to_string(fiscal_year), actor.ip});
    return survey;
  });
}

}  // namespace tsunagu::kpi
