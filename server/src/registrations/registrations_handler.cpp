#include "registrations/registrations_handler.h"

#include "common/time_format.h"
#include "http/json_fields.h"
#include "http/json_values.h"
#include "http/paging.h"

namespace tsunagu::registrations {

using http::Json;
using http::Request;
using http::Response;

namespace {

Json RegistrationToJson(const Registration& r) {
  return {{"id", r.id},
          {"login", r.login},
          {"name", r.name},
          {"name_kana", r.name_kana},
          {"email", r.email},
          {"profession", r.profession},
          {"organization_id", r.organization_id},
          {"region_id", r.region_id},
          {"status", r.status},
          {"created_at", FormatRfc3339Japan(r.created_at)},
          {"decided_at", http::OptionalTime(r.decided_at)},
          {"decided_by", http::OptionalText(r.decided_by)},
          {"reason", http::OptionalText(r.reason)},
          {"user_id", http::OptionalText(r.user_id)}};
}

}  // namespace

void RegistrationsHandler::Register(http::Router& router) {
  using http::RouteAccess;
  router.Add("POST", "/api/v1/registrations", RouteAccess::kPublic, [this](Request& r) { return Apply(r); });
  router.Add("GET", "/api/v1/registrations", RouteAccess::kSignedIn, [this](Request& r) { return List(r); });
  router.Add("POST", "/api/v1/registrations/{id}/approve", RouteAccess::kSignedIn,
             [this](Request& r) { return Approve(r); });
  router.Add("POST", "/api/v1/registrations/{id}/reject", RouteAccess::kSignedIn,
             [this](Request& r) { return Reject(r); });
}

Response RegistrationsHandler::Apply(Request& req) {
  http::JsonFields f(req.JsonBody());
  Application a;
  a.name = f.RequiredString("name", 100);
  a.name_kana = f.RequiredString("name_kana", 100);
  a.profession = f.RequiredString("profession", 40);
  a.organization_id = f.RequiredString("organization_id", 64);
  a.region_id = f.RequiredString("region_id", 64);
  a.email = f.RequiredString("email", 254);
  a.login = f.RequiredString("login", 64);
  a.password = f.RequiredRaw("password", 1024);
  f.Done();
  auto r = service_.Apply(a, req.client_ip);
  return Response::Accepted({{"id", r.id}, {"status", r.status}});
}

Response RegistrationsHandler::List(Request& req) {
  auto page = http::ParsePage(req);
  RegistrationQuery q;
  q.status = req.QueryParam("status");
  q.region_id = req.QueryParam("region_id");
  q.before_id = page.before;
  q.limit = page.limit + 1;
  auto items = service_.List(req.actor, q);
  return Response::Ok(
      http::PageJson(items, page.limit, RegistrationToJson, [](const Registration& r) { return r.id; }));
}

Response RegistrationsHandler::Approve(Request& req) {
  http::JsonFields f(req.JsonBody());
  f.Done();
  return Response::Ok(RegistrationToJson(service_.Approve(req.actor, req.PathParam("id"))));
}

Response RegistrationsHandler::Reject(Request& req) {
  http::JsonFields f(req.JsonBody());
  auto reason = f.OptionalString("reason", 500, true);
  f.Done();
  return Response::Ok(RegistrationToJson(service_.Reject(req.actor, req.PathParam("id"), reason)));
}

}  // namespace tsunagu::registrations
