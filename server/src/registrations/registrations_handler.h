// HTTP endpoints for applications to join.
#pragma once

#include "http/request.h"
#include "http/router.h"
#include "registrations/registrations_service.h"

namespace tsunagu::registrations {

class RegistrationsHandler {
 public:
  explicit RegistrationsHandler(RegistrationsService& service) : service_(service) {}
  void Register(http::Router& router);

 private:
  http::Response Apply(http::Request& req);
  http::Response List(http::Request& req);
  http::Response Approve(http::Request& req);
  http::Response Reject(http::Request& req);

  RegistrationsService& service_;
};

}  // namespace tsunagu::registrations
