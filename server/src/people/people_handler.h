// HTTP endpoints for regions, organisations and users.
#pragma once

#include "http/request.h"
#include "http/router.h"
#include "people/people_service.h"

namespace tsunagu::people {

// The user object of API.md (GET /api/v1/me and user lists).
http::Json UserToJson(const User& user);

class PeopleHandler {
 public:
  explicit PeopleHandler(PeopleService& service) : service_(service) {}
  void Register(http::Router& router);

 private:
  http::Response ListRegions(http::Request& req);
  http::Response PatchRegion(http::Request& req);
  http::Response ListOrganizations(http::Request& req);
  http::Response CreateOrganization(http::Request& req);
  http::Response UpdateOrganization(http::Request& req);
  http::Response CloseOrganization(http::Request& req);
  http::Response ReopenOrganization(http::Request& req);
  http::Response ListUsers(http::Request& req);
  http::Response SearchProfessionals(http::Request& req);
  http::Response ResetPassword(http::Request& req);
  http::Response Deactivate(http::Request& req);
  http::Response Reactivate(http::Request& req);
  http::Response GetUser(http::Request& req);
  http::Response MoveUser(http::Request& req);
  http::Response ResetTotp(http::Request& req);
  http::Response SetRegionAdmin(http::Request& req);

  PeopleService& service_;
};

}  // namespace tsunagu::people
