#include "teams/teams_handler.h"

#include "common/time_format.h"
#include "http/json_fields.h"
#include "http/json_values.h"

namespace tsunagu::teams {

using http::Json;
using http::Request;
using http::Response;

namespace {

Json MemberToJson(const TeamMember& m) {
  return {{"user_id", m.user_id},
          {"role", m.role},
          {"manages_team", m.manages_team},
          {"name", m.name},
          {"profession", m.profession},
          {"organization_id", http::OptionalText(m.organization_id)},
          {"organization_name", m.organization_name},
          {"region_id", http::OptionalText(m.region_id)},
          {"region_name", m.region_name},
          {"added_at", FormatRfc3339Japan(m.added_at)}};
}

}  // namespace

void TeamsHandler::Register(http::Router& router) {
  using http::RouteAccess;
  router.Add("GET", "/api/v1/patients/{id}/members", RouteAccess::kSignedIn, [this](Request& r) { return List(r); });
  router.Add("POST", "/api/v1/patients/{id}/members", RouteAccess::kSignedIn, [this](Request& r) { return Add(r); });
  router.Add("PATCH", "/api/v1/patients/{id}/members/{user_id}", RouteAccess::kSignedIn,
             [this](Request& r) { return SetManagesTeam(r); });
  router.Add("DELETE", "/api/v1/patients/{id}/members/{user_id}", RouteAccess::kSignedIn,
             [this](Request& r) { return Remove(r); });
}

Response TeamsHandler::List(Request& req) {
  Json items = Json::array();
  for (const auto& m : service_.List(req.actor, req.PathParam("id"))) items.push_back(MemberToJson(m));
  return Response::Ok({{"items", items}, {"next", nullptr}});
}

Response TeamsHandler::Add(Request& req) {
  http::JsonFields f(req.JsonBody());
  std::string user_id = f.RequiredString("user_id", 64);
  std::string role = f.OptionalString("role", 10).value_or("member");
  f.Done();
  return Response::Created(MemberToJson(service_.Add(req.actor, req.PathParam("id"), user_id, role)));
}

Response TeamsHandler::SetManagesTeam(Request& req) {
  http::JsonFields f(req.JsonBody());
  const bool manages = f.RequiredBool("manages_team");
  f.Done();
  return Response::Ok(
      MemberToJson(service_.SetManagesTeam(req.actor, req.PathParam("id"), req.PathParam("user_id"), manages)));
}

Response TeamsHandler::Remove(Request& req) {
  service_.Remove(req.actor, req.PathParam("id"), req.PathParam("user_id"));
  return Response::NoContent();
}

}  // namespace tsunagu::teams
