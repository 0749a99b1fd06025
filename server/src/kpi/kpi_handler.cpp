#include "kpi/kpi_handler.h"

#include <charconv>

#include "common/error.h"

namespace tsunagu::kpi {

using http::Json;
using http::Request;
using http::Response;

namespace {

Json MeasureToJson(const Measure& m) {
  return {{"actual", m.actual ? Json(*m.actual) : Json(nullptr)},
          {"target", m.target ? Json(*m.target) : Json(nullptr)}};
}

}  // namespace

void KpiHandler::Register(http::Router& router) {
  router.Add("GET", "/api/v1/kpi", http::RouteAccess::kSignedIn, [this](Request& r) { return Get(r); });
}

Response KpiHandler::Get(Request& req) {
  std::optional<int> year;
  if (auto text = req.QueryParam("fiscal_year")) {
    int v = 0;
    auto [ptr, ec] = std::from_chars(text->data(), text->data() + text->size(), v);
    if (ec != std::errc() || ptr != text->data() + text->size())
      throw AppError::InvalidField("fiscal_year", "年度を数字で指定してください（例: 2026）");
    year = v;
  }
  auto r = service_.Report(req.actor, req.QueryParam("region_id"), year);
  return Response::Ok({{"region_id", r.region_id},
                       {"fiscal_year", r.fiscal_year},
                       {"posts", MeasureToJson(r.posts)},
                       {"professionals", MeasureToJson(r.professionals)},
                       {"patients", MeasureToJson(r.patients)},
                       {"professional_satisfaction", MeasureToJson(r.professional_satisfaction)},
                       {"resident_satisfaction", MeasureToJson(r.resident_satisfaction)}});
}

}  // namespace tsunagu::kpi
