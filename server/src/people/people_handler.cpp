#include "people/people_handler.h"

#include "common/error.h"
#include "common/utf8.h"
#include "http/json_fields.h"
#include "http/json_values.h"
#include "http/paging.h"

namespace tsunagu::people {

using http::Json;
using http::Request;
using http::Response;

Json UserToJson(const User& u) {
  Json roles = Json::array();
  if (u.system_admin) roles.push_back("system_admin");
  if (u.region_admin) roles.push_back("region_admin");
  if (u.organization_id) roles.push_back("member");
  return {{"id", u.id},
          {"login", u.login},
          {"name", u.name},
          {"name_kana", u.name_kana},
          {"email", u.email},
          {"profession", u.profession},
          {"organization_id", http::OptionalText(u.organization_id)},
          {"region_id", http::OptionalText(u.region_id)},
          {"roles", roles},
          {"totp_enabled", u.totp_enabled},
          {"must_change_password", u.must_change_password},
          {"active", u.active}};
}

namespace {

Json RegionToJson(const Region& r) { return {{"id", r.id}, {"name", r.name}, {"require_totp", r.require_totp}}; }

Json OrganizationToJson(const Organization& o) {
  return {{"id", o.id}, {"name", o.name}, {"type", o.type}, {"region_id", o.region_id}, {"active", o.active}};
}

// What administrators see: also when and why it was closed, and its active members.
Json OrganizationToAdminJson(const Organization& o) {
  Json j = OrganizationToJson(o);
  j["closed_at"] = http::OptionalTime(o.closed_at);
  j["close_reason"] = http::OptionalText(o.close_reason);
  j["active_member_count"] = o.active_member_count;
  return j;
}

Json UserDetailToJson(const UserDetail& d) {
  Json j = UserToJson(d.user);
  j["organization_name"] = http::OptionalText(d.organization_name);
  j["organization_closed"] = d.organization_closed;
  j["region_name"] = http::OptionalText(d.region_name);
  j["created_at"] = FormatRfc3339Japan(d.user.created_at);
  j["deactivated_at"] = http::OptionalTime(d.deactivated_at);
  j["deactivation_reason"] = http::OptionalText(d.deactivation_reason);
  return j;
}

}  // namespace

void PeopleHandler::Register(http::Router& router) {
  using http::RouteAccess;
  router.Add("GET", "/api/v1/regions", RouteAccess::kPublic, [this](Request& r) { return ListRegions(r); });
  router.Add("PATCH", "/api/v1/regions/{id}", RouteAccess::kSignedIn, [this](Request& r) { return PatchRegion(r); });
  router.Add("GET", "/api/v1/organizations", RouteAccess::kPublic, [this](Request& r) { return ListOrganizations(r); });
  router.Add("POST", "/api/v1/organizations", RouteAccess::kSignedIn,
             [this](Request& r) { return CreateOrganization(r); });
  router.Add("PATCH", "/api/v1/organizations/{id}", RouteAccess::kSignedIn,
             [this](Request& r) { return UpdateOrganization(r); });
  router.Add("POST", "/api/v1/organizations/{id}/close", RouteAccess::kSignedIn,
             [this](Request& r) { return CloseOrganization(r); });
  router.Add("POST", "/api/v1/organizations/{id}/reopen", RouteAccess::kSignedIn,
             [this](Request& r) { return ReopenOrganization(r); });
  router.Add("GET", "/api/v1/users", RouteAccess::kSignedIn, [this](Request& r) { return ListUsers(r); });
  router.Add("GET", "/api/v1/professionals", RouteAccess::kSignedIn,
             [this](Request& r) { return SearchProfessionals(r); });
  router.Add("POST", "/api/v1/users/{id}/password-reset", RouteAccess::kSignedIn,
             [this](Request& r) { return ResetPassword(r); });
  router.Add("POST", "/api/v1/users/{id}/deactivate", RouteAccess::kSignedIn,
             [this](Request& r) { return Deactivate(r); });
  router.Add("POST", "/api/v1/users/{id}/reactivate", RouteAccess::kSignedIn,
             [this](Request& r) { return Reactivate(r); });
  router.Add("GET", "/api/v1/users/{id}", RouteAccess::kSignedIn, [this](Request& r) { return GetUser(r); });
  router.Add("PATCH", "/api/v1/users/{id}", RouteAccess::kSignedIn, [this](Request& r) { return MoveUser(r); });
  router.Add("POST", "/api/v1/users/{id}/totp-reset", RouteAccess::kSignedIn,
             [this](Request& r) { return ResetTotp(r); });
  router.Add("POST", "/api/v1/users/{id}/region-admin", RouteAccess::kSignedIn,
             [this](Request& r) { return SetRegionAdmin(r); });
}

Response PeopleHandler::ListRegions(Request& /*req*/) {
  Json items = Json::array();
  for (const auto& r : service_.ListRegions()) items.push_back(RegionToJson(r));
  return Response::Ok({{"items", items}, {"next", nullptr}});
}

Response PeopleHandler::PatchRegion(Request& req) {
  http::JsonFields f(req.JsonBody());
  bool require_totp = f.RequiredBool("require_totp");
  f.Done();
  return Response::Ok(RegionToJson(service_.SetRegionRequireTotp(req.actor, req.PathParam("id"), require_totp)));
}

Response PeopleHandler::ListOrganizations(Request& req) {
  auto page = http::ParsePage(req);
  OrganizationQuery q;
  q.region_id = req.QueryParam("region_id");
  q.include_closed = req.BoolQueryParam("include_closed").value_or(false);
  q.before_id = page.before;
  q.limit = page.limit + 1;
  auto orgs = service_.ListOrganizations(req.actor, q);
  return Response::Ok(http::PageJson(orgs, page.limit, q.include_closed ? OrganizationToAdminJson : OrganizationToJson,
                                     [](const Organization& o) { return o.id; }));
}

Response PeopleHandler::CreateOrganization(Request& req) {
  http::JsonFields f(req.JsonBody());
  NewOrganization org;
  org.name = f.RequiredString("name", kMaxOrganizationNameChars);
  org.type = f.RequiredString("type", 40);
  org.region_id = f.RequiredString("region_id", 64);
  f.Done();
  return Response::Created(OrganizationToAdminJson(service_.CreateOrganization(req.actor, org)));
}

Response PeopleHandler::UpdateOrganization(Request& req) {
  http::JsonFields f(req.JsonBody());
  OrganizationChange change;
  change.name = f.OptionalString("name", kMaxOrganizationNameChars);
  change.type = f.OptionalString("type", 40);
  f.Done();
  return Response::Ok(OrganizationToAdminJson(service_.UpdateOrganization(req.actor, req.PathParam("id"), change)));
}

Response PeopleHandler::CloseOrganization(Request& req) {
  http::JsonFields f(req.JsonBody());
  auto reason = f.OptionalString("reason", 500, true);
  f.Done();
  return Response::Ok(OrganizationToAdminJson(service_.CloseOrganization(req.actor, req.PathParam("id"), reason)));
}

Response PeopleHandler::ReopenOrganization(Request& req) {
  http::JsonFields f(req.JsonBody());
  f.Done();
  return Response::Ok(OrganizationToAdminJson(service_.ReopenOrganization(req.actor, req.PathParam("id"))));
}

Response PeopleHandler::ListUsers(Request& req) {
  auto page = http::ParsePage(req);
  UserQuery q;
  q.region_id = req.QueryParam("region_id");
  q.text = req.QueryParam("q");
  if (q.text && (q.text->empty() || q.text->size() > 100)) q.text.reset();
  q.organization_id = req.QueryParam("organization_id");
  q.profession = req.QueryParam("profession");
  if (q.profession && !IsProfession(*q.profession))
    throw AppError::InvalidField("profession", "職種が正しくありません");
  q.active = req.BoolQueryParam("active");
  q.before_id = page.before;
  q.limit = page.limit + 1;
  auto users = service_.ListUsers(req.actor, q);
  return Response::Ok(http::PageJson(users, page.limit, UserToJson, [](const User& u) { return u.id; }));
}

Response PeopleHandler::SearchProfessionals(Request& req) {
  auto page = http::ParsePage(req);
  ProfessionalQuery q;
  q.text = req.QueryParam("q");
  if (q.text && CountCodePoints(*q.text) > 100) throw AppError::InvalidField("q", "検索語は100文字以内にしてください");
  if (q.text && q.text->empty()) q.text.reset();
  q.profession = req.QueryParam("profession");
  if (q.profession && !IsProfession(*q.profession))
    throw AppError::InvalidField("profession", "職種が正しくありません");
  q.region_id = req.QueryParam("region_id");
  q.organization_id = req.QueryParam("organization_id");
  q.after_id = page.before;
  q.limit = page.limit + 1;
  auto found = service_.SearchProfessionals(req.actor, q);
  return Response::Ok(http::PageJson(
      found, page.limit,
      [](const Professional& p) {
        return Json{{"id", p.id},
                    {"name", p.name},
                    {"name_kana", p.name_kana},
                    {"profession", p.profession},
                    {"organization_id", p.organization_id},
                    {"organization_name", p.organization_name},
                    {"region_id", p.region_id},
                    {"region_name", p.region_name}};
      },
      [](const Professional& p) { return p.id; }));
}

Response PeopleHandler::ResetPassword(Request& req) {
  http::JsonFields f(req.JsonBody());
  f.Done();
  return Response::Ok({{"temporary_password", service_.ResetPassword(req.actor, req.PathParam("id"))}});
}

Response PeopleHandler::Deactivate(Request& req) {
  http::JsonFields f(req.JsonBody());
  std::string reason = f.RequiredString("reason", 500, true);
  f.Done();
  return Response::Ok(UserToJson(service_.Deactivate(req.actor, req.PathParam("id"), reason)));
}

Response PeopleHandler::Reactivate(Request& req) {
  http::JsonFields f(req.JsonBody());
  f.Done();
  return Response::Ok(UserToJson(service_.Reactivate(req.actor, req.PathParam("id"))));
}

Response PeopleHandler::GetUser(Request& req) {
  return Response::Ok(UserDetailToJson(service_.GetUser(req.actor, req.PathParam("id"))));
}

Response PeopleHandler::MoveUser(Request& req) {
  http::JsonFields f(req.JsonBody());
  UserMove move;
  move.organization_id = f.OptionalString("organization_id", 64);
  move.region_id = f.OptionalString("region_id", 64);
  f.Done();
  return Response::Ok(UserToJson(service_.MoveUser(req.actor, req.PathParam("id"), move)));
}

Response PeopleHandler::ResetTotp(Request& req) {
  http::JsonFields f(req.JsonBody());
  f.Done();
  return Response::Ok(UserToJson(service_.ResetTotp(req.actor, req.PathParam("id"))));
}

Response PeopleHandler::SetRegionAdmin(Request& req) {
  http::JsonFields f(req.JsonBody());
  const bool granted = f.RequiredBool("granted");
  f.Done();
  return Response::Ok(UserToJson(service_.SetRegionAdmin(req.actor, req.PathParam("id"), granted)));
}

}  // namespace tsunagu::people
