#include "access/audit_handler.h"

#include <charconv>

#include "common/error.h"
#include "common/time_format.h"
#include "http/json_values.h"
#include "http/paging.h"

namespace tsunagu::access {

using http::Json;
using http::Request;
using http::Response;

namespace {

Json RecordToJson(const AuditRecord& r) {
  return {{"id", std::to_string(r.seq)},
          {"at", FormatRfc3339Japan(r.at)},
          {"user_id", http::OptionalText(r.user_id)},
          {"action", r.action},
          {"patient_id", http::OptionalText(r.patient_id)},
          {"target", r.target},
          {"ip", r.ip}};
}

std::optional<TimestampMs> TimeParam(const Request& req, const std::string& name) {
  auto v = req.QueryParam(name);
  if (!v) return std::nullopt;
  auto t = ParseRfc3339(*v);
  if (!t) throw AppError::InvalidField(name, "日付（YYYY-MM-DD）か日時（RFC 3339）で指定してください");
  return t;
}

}  // namespace

void AuditHandler::Register(http::Router& router) {
  router.Add("GET", "/api/v1/audit", http::RouteAccess::kSignedIn, [this](Request& r) { return List(r); });
  router.Add("GET", "/api/v1/audit/verification", http::RouteAccess::kSignedIn,
             [this](Request& r) { return Verify(r); });
}

Response AuditHandler::List(Request& req) {
  auto page = http::ParsePage(req);
  AuditQuery q;
  q.user_id = req.QueryParam("user_id");
  q.patient_id = req.QueryParam("patient_id");
  q.action = req.QueryParam("action");
  q.from = TimeParam(req, "from");
  q.to = TimeParam(req, "to");
  // A bare date in "to" means the whole of that day.
  if (q.to && req.QueryParam("to")->size() == 10) *q.to += 86400000;
  if (page.before) {
    int64_t seq = 0;
    auto [ptr, ec] = std::from_chars(page.before->data(), page.before->data() + page.before->size(), seq);
    if (ec != std::errc() || ptr != page.before->data() + page.before->size())
      throw AppError::InvalidField("before", "カーソルが正しくありません");
    q.before_seq = seq;
  }
  q.limit = page.limit + 1;
  auto records = service_.List(req.actor, q);
  return Response::Ok(
      http::PageJson(records, page.limit, RecordToJson, [](const AuditRecord& r) { return std::to_string(r.seq); }));
}

Response AuditHandler::Verify(Request& req) {
  auto v = service_.Verify(req.actor);
  return Response::Ok(
      {{"intact", v.intact},
       {"records", v.records},
       {"first_broken_id", v.first_broken_seq ? Json(std::to_string(*v.first_broken_seq)) : Json(nullptr)},
       {"problem", v.problem}});
}

}  // namespace tsunagu::access
