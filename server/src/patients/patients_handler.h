// HTTP endpoints for patients, their consent and the caller's unread totals.
#pragma once

#include "http/request.h"
#include "http/router.h"
#include "patients/patients_service.h"

namespace tsunagu::patients {

class PatientsHandler {
 public:
  explicit PatientsHandler(PatientsService& service) : service_(service) {}
  void Register(http::Router& router);

 private:
  http::Response Create(http::Request& req);
  http::Response List(http::Request& req);
  http::Response Get(http::Request& req);
  http::Response Patch(http::Request& req);
  http::Response WithdrawConsent(http::Request& req);
  http::Response Unread(http::Request& req);

  PatientsService& service_;
};

}  // namespace tsunagu::patients
