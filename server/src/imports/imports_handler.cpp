#include "imports/imports_handler.h"

#include <string>

#include "common/csv.h"
#include "common/error.h"
#include "http/json_values.h"

namespace tsunagu::imports {

using http::Json;
using http::Request;
using http::Response;

namespace {

// The body must be declared text/csv (any charset parameter is ignored: the
// encoding is detected from the bytes, as offices rarely know it).
void RequireCsv(const Request& req) {
  std::string type = req.Header("content-type").value_or("");
  std::string mime = type.substr(0, type.find(';'));
  while (!mime.empty() && mime.back() == ' ') mime.pop_back();
  for (auto& ch : mime) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  if (mime != "text/csv") throw AppError(ErrorCode::kUnsupportedType, "CSVファイル（text/csv）を送信してください");
}

Json ProblemsJson(const std::vector<ImportProblem>& problems) {
  Json out = Json::array();
  for (const auto& p : problems)
    out.push_back({{"line", p.line}, {"column", http::OptionalText(p.column)}, {"message", p.message}});
  return out;
}

Json OrganizationRowJson(const OrganizationRow& r) {
  return {{"line", r.line}, {"id", http::OptionalText(r.id)}, {"name", r.name},
          {"type", r.type}, {"region_id", r.region_id},       {"region_name", r.region_name}};
}

Json ProfessionalRowJson(const ProfessionalRow& r) {
  return {{"line", r.line},
          {"id", http::OptionalText(r.id)},
          {"login", r.login},
          {"name", r.name},
          {"name_kana", r.name_kana},
          {"profession", r.profession},
          {"email", r.email},
          {"organization_id", r.organization_id},
          {"organization_name", r.organization_name},
          {"region_id", r.region_id},
          {"temporary_password", http::OptionalText(r.temporary_password)}};
}

// 200 for a dry run, 201 once written, 422 (nothing written) with the same
// report and an error object when any row has a problem.
template <typename Row, typename RowJson>
Response ReportResponse(const ImportReport<Row>& report, RowJson row_json) {
  Json items = Json::array();
  for (const auto& r : report.rows) items.push_back(row_json(r));
  Json body = {{"dry_run", report.dry_run},
               {"import_id", http::OptionalText(report.id)},
               {"encoding", report.encoding},
               {"valid", report.problems.empty()},
               {"items", items},
               {"problems", ProblemsJson(report.problems)}};
  if (report.dry_run) return Response::Ok(body);
  if (report.committed()) return Response::Created(body);
  body["error"] = {
      {"code", "import_rejected"},
      {"message", std::to_string(report.problems.size()) +
                      "件の問題があるため、何も取り込んでいません。ファイルを直してからもう一度送ってください"}};
  return Response::WithStatus(422, body);
}

}  // namespace

void ImportsHandler::Register(http::Router& router) {
  using http::RouteAccess;
  router.Add("POST", "/api/v1/imports/organizations", RouteAccess::kSignedIn,
             [this](Request& r) { return ImportOrganizations(r); });
  router.Add("POST", "/api/v1/imports/professionals", RouteAccess::kSignedIn,
             [this](Request& r) { return ImportProfessionals(r); });
}

Response ImportsHandler::ImportOrganizations(Request& req) {
  RequireCsv(req);
  const bool dry_run = req.BoolQueryParam("dry_run").value_or(false);
  return ReportResponse(service_.ImportOrganizations(req.actor, ReadCsv(req.body), dry_run), OrganizationRowJson);
}

Response ImportsHandler::ImportProfessionals(Request& req) {
  RequireCsv(req);
  const bool dry_run = req.BoolQueryParam("dry_run").value_or(false);
  return ReportResponse(service_.ImportProfessionals(req.actor, ReadCsv(req.body), dry_run), ProfessionalRowJson);
}

}  // namespace tsunagu::imports
