// HTTP endpoints of the CSV import: the raw CSV file is the request body.
#pragma once

#include "http/request.h"
#include "http/router.h"
#include "imports/imports_service.h"

namespace tsunagu::imports {

class ImportsHandler {
 public:
  explicit ImportsHandler(ImportsService& service) : service_(service) {}
  void Register(http::Router& router);

 private:
  http::Response ImportOrganizations(http::Request& req);
  http::Response ImportProfessionals(http::Request& req);

  ImportsService& service_;
};

}  // namespace tsunagu::imports
