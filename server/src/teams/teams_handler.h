// HTTP endpoints for a patient's care team.
#pragma once

#include "http/request.h"
#include "http/router.h"
#include "teams/teams_service.h"

namespace tsunagu::teams {

class TeamsHandler {
 public:
  explicit TeamsHandler(TeamsService& service) : service_(service) {}
  void Register(http::Router& router);

 private:
  http::Response List(http::Request& req);
  http::Response Add(http::Request& req);
  http::Response SetManagesTeam(http::Request& req);
  http::Response Remove(http::Request& req);

  TeamsService& service_;
};

}  // namespace tsunagu::teams
