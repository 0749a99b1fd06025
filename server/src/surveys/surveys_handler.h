// HTTP endpoints of satisfaction surveys. There is deliberately no endpoint
// that returns individual answers or who answered what.
#pragma once

#include "http/request.h"
#include "http/router.h"
#include "surveys/surveys_service.h"

namespace tsunagu::surveys {

class SurveysHandler {
 public:
  explicit SurveysHandler(SurveysService& service) : service_(service) {}
  void Register(http::Router& router);

 private:
  http::Response List(http::Request& req);
  http::Response Create(http::Request& req);
  http::Response Get(http::Request& req);
  http::Response Patch(http::Request& req);
  http::Response Open(http::Request& req);
  http::Response Close(http::Request& req);
  http::Response Answer(http::Request& req);
  http::Response Results(http::Request& req);
  http::Response ListMine(http::Request& req);

  SurveysService& service_;
};

}  // namespace tsunagu::surveys
