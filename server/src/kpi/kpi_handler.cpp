#include "kpi/kpi_handler.h"

#include "common/decimal.h"
#include "common/error.h"
#include "common/time_format.h"
#include "http/json_fields.h"

namespace tsunagu::kpi {

using http::Json;
using http::Request;
using http::Response;

namespace {

constexpr double kMaxCountTarget = 1e9;

Json MeasureToJson(const Measure& m) {
  return {{"actual", m.actual ? Json(*m.actual) : Json(nullptr)},
          {"target", m.target ? Json(*m.target) : Json(nullptr)}};
}

Json OptionalCount(const std::optional<int64_t>& v) { return v ? Json(*v) : Json(nullptr); }

Json GroupsToJson(const std::vector<GroupCounts>& groups, const char* key) {
  Json out = Json::array();
  for (const auto& g : groups) out.push_back({{key, g.code}, {"professionals", g.professionals}, {"posts", g.posts}});
  return out;
}

Json BreakdownToJson(const KpiBreakdown& b) {
  Json months = Json::array();
  for (const auto& m : b.months)
    months.push_back({{"month", m.month},
                      {"posts", OptionalCount(m.posts)},
                      {"net_new_patients", OptionalCount(m.net_new_patients)}});
  return {{"months", months},
          {"patients_at_year_start", b.patients_at_year_start},
          {"by_profession", GroupsToJson(b.by_profession, "profession")},
          {"by_organization_type", GroupsToJson(b.by_organization_type, "organization_type")}};
}

Json SurveyToJson(const ResidentSurvey& s) {
  return {{"percent", s.percent}, {"source", s.source}, {"surveyed_on", s.surveyed_on}};
}

}  // namespace

void KpiHandler::Register(http::Router& router) {
  router.Add("GET", "/api/v1/kpi", http::RouteAccess::kSignedIn, [this](Request& r) { return Get(r); });
  router.Add("PUT", "/api/v1/kpi/targets", http::RouteAccess::kSignedIn, [this](Request& r) { return PutTargets(r); });
  router.Add("PUT", "/api/v1/kpi/resident-satisfaction", http::RouteAccess::kSignedIn,
             [this](Request& r) { return PutResidentSatisfaction(r); });
}

Response KpiHandler::Get(Request& req) {
  std::optional<int> year;
  if (auto text = req.QueryParam("fiscal_year")) {
    year = ParseDecimal<int>(*text);
    if (!year) throw AppError::InvalidField("fiscal_year", "年度を数字で指定してください（例: 2026）");
  }
  auto r = service_.Report(req.actor, req.QueryParam("region_id"), year);
  return Response::Ok({{"region_id", r.region_id},
                       {"fiscal_year", r.fiscal_year},
                       {"posts", MeasureToJson(r.posts)},
                       {"professionals", MeasureToJson(r.professionals)},
                       {"patients", MeasureToJson(r.patients)},
                       {"professional_satisfaction", MeasureToJson(r.professional_satisfaction)},
                       {"resident_satisfaction", MeasureToJson(r.resident_satisfaction)},
                       {"resident_survey", r.resident_survey ? SurveyToJson(*r.resident_survey) : Json(nullptr)},
                       {"breakdown", BreakdownToJson(r.breakdown)}});
}

Response KpiHandler::PutTargets(Request& req) {
  const Json body = req.JsonBody();
  http::JsonFields f(body);
  const std::string region_id = f.RequiredString("region_id", 64);
  const auto year = static_cast<int>(f.RequiredNumber("fiscal_year", 2000, 2100, true));
  f.Skip("targets");
  f.Done();
  const auto it = body.find("targets");
  if (it == body.end() || !it->is_object())
    throw AppError::InvalidField("targets", "目標を {\"posts\": 300} のように指定してください");
  // A metric absent is left alone; null clears it.
  http::JsonFields t(*it, "targets.");
  TargetChanges changes;
  for (auto metric : KpiMetrics()) {
    const std::string key(metric);
    if (!it->contains(key)) continue;
    if (it->at(key).is_null()) {
      t.Skip(key);
      changes[key] = std::nullopt;
    } else if (auto v = IsPercentMetric(key) ? t.OptionalNumber(key, 0, 100)
                                             : t.OptionalNumber(key, 0, kMaxCountTarget, true)) {
      changes[key] = v;
    }
  }
  t.Done();
  const YearTargets saved = service_.SetTargets(req.actor, region_id, year, changes);
  Json targets = Json::object();
  for (auto metric : KpiMetrics()) {
    auto found = saved.targets.find(std::string(metric));
    targets[std::string(metric)] = found != saved.targets.end() ? Json(found->second) : Json(nullptr);
  }
  return Response::Ok({{"region_id", saved.region_id}, {"fiscal_year", saved.fiscal_year}, {"targets", targets}});
}

Response KpiHandler::PutResidentSatisfaction(Request& req) {
  http::JsonFields f(req.JsonBody());
  const std::string region_id = f.RequiredString("region_id", 64);
  const auto year = static_cast<int>(f.RequiredNumber("fiscal_year", 2000, 2100, true));
  ResidentSurvey survey;
  survey.percent = f.RequiredNumber("percent", 0, 100);
  survey.source = f.RequiredString("source", 200);
  survey.surveyed_on = f.RequiredString("surveyed_on", 10);
  f.Done();
  if (!IsValidDate(survey.surveyed_on))
    throw AppError::InvalidField("surveyed_on", "調査日を YYYY-MM-DD の日付で指定してください");
  const ResidentSurvey saved = service_.SetResidentSatisfaction(req.actor, region_id, year, survey);
  Json out = SurveyToJson(saved);
  out["region_id"] = region_id;
  out["fiscal_year"] = year;
  return Response::Ok(out);
}

}  // namespace tsunagu::kpi
