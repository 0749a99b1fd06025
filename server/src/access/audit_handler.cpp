#include "access/audit_handler.h"

#include "common/csv.h"
#include "common/decimal.h"
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
          {"ip", r.ip},
          {"user_name", http::OptionalText(r.user_name)}};
}

std::optional<TimestampMs> TimeParam(const Request& req, const std::string& name) {
  auto v = req.QueryParam(name);
  if (!v) return std::nullopt;
  auto t = ParseRfc3339(*v);
  if (!t) throw AppError::InvalidField(name, "日付（YYYY-MM-DD）か日時（RFC 3339）で指定してください");
  return t;
}

// The filters shared by the list and the export.
AuditQuery ParseQuery(const Request& req) {
  AuditQuery q;
  q.user_id = req.QueryParam("user_id");
  q.patient_id = req.QueryParam("patient_id");
  q.action = req.QueryParam("action");
  q.from = TimeParam(req, "from");
  q.to = TimeParam(req, "to");
  // A bare date in "to" means the whole of that day.
  if (q.to && req.QueryParam("to")->size() == 10) *q.to += 86400000;
  return q;
}

// "2026-04-01 09:30:00": Japan time as spreadsheets read a date and time.
std::string SpreadsheetTime(TimestampMs at) {
  std::string t = FormatRfc3339Japan(at);  // 2026-04-01T09:30:00+09:00
  return t.substr(0, 10) + " " + t.substr(11, 8);
}

}  // namespace

void AuditHandler::Register(http::Router& router) {
  router.Add("GET", "/api/v1/audit", http::RouteAccess::kSignedIn, [this](Request& r) { return List(r); });
  router.Add("GET", "/api/v1/audit/export", http::RouteAccess::kSignedIn, [this](Request& r) { return Export(r); });
  router.Add("GET", "/api/v1/audit/actions", http::RouteAccess::kSignedIn, [this](Request& r) { return Actions(r); });
  router.Add("GET", "/api/v1/audit/verification", http::RouteAccess::kSignedIn,
             [this](Request& r) { return Verify(r); });
}

Response AuditHandler::List(Request& req) {
  auto page = http::ParsePage(req);
  AuditQuery q = ParseQuery(req);
  if (page.before) {
    const auto seq = ParseDecimal<int64_t>(*page.before);
    if (!seq) throw AppError::InvalidField("before", "カーソルが正しくありません");
    q.before_seq = *seq;
  }
  q.limit = page.limit + 1;
  auto records = service_.List(req.actor, q);
  return Response::Ok(
      http::PageJson(records, page.limit, RecordToJson, [](const AuditRecord& r) { return std::to_string(r.seq); }));
}

Response AuditHandler::Export(Request& req) {
  const AuditExport plan = service_.BeginExport(req.actor, ParseQuery(req));
  Response r;
  r.content_type = "text/csv; charset=utf-8";
  // "audit-20260401-093000.csv": when it was taken, in Japan time.
  std::string stamp = FormatRfc3339Japan(service_.Now());
  stamp = stamp.substr(0, 4) + stamp.substr(5, 2) + stamp.substr(8, 2) + "-" + stamp.substr(11, 2) +
          stamp.substr(14, 2) + stamp.substr(17, 2);
  r.headers.emplace_back("Content-Disposition", "attachment; filename=\"audit-" + stamp + ".csv\"");
  r.headers.emplace_back("X-Audit-Records", std::to_string(plan.records));
  r.stream = [this, plan](const std::function<void(std::string_view)>& write) {
    CsvWriter csv;
    csv.Bom();
    csv.Row({"番号", "日時", "操作者ID", "操作者", "操作", "利用者ID", "対象", "IPアドレス"});
    service_.ReadExport(plan, [&](const std::vector<AuditRecord>& records) {
      for (const auto& a : records) {
        csv.Row({std::to_string(a.seq), SpreadsheetTime(a.at), a.user_id.value_or(""), a.user_name.value_or(""),
                 a.action, a.patient_id.value_or(""), a.target, a.ip});
      }
      write(csv.Take());
    });
    if (csv.size() > 0) write(csv.Take());
  };
  return r;
}

Response AuditHandler::Actions(Request& req) {
  Json items = Json::array();
  for (const auto& a : service_.ListActions(req.actor)) items.push_back(a);
  return Response::Ok({{"items", items}});
}

Response AuditHandler::Verify(Request& req) {
  auto v = service_.Verify(req.actor);
  return Response::Ok(
      {{"intact", v.intact},
       {"records", v.records},
       {"first_broken_id", v.first_broken_seq ? Json(std::to_string(*v.first_broken_seq)) : Json(nullptr)},
       {"reason", v.reason.empty() ? Json(nullptr) : Json(v.reason)},
       {"problem", v.problem}});
}

}  // namespace tsunagu::access
