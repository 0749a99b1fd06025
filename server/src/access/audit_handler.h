// HTTP endpoints for the audit trail.
#pragma once

#include "access/audit_service.h"
#include "http/request.h"
#include "http/router.h"

namespace tsunagu::access {

class AuditHandler {
 public:
  explicit AuditHandler(AuditService& service) : service_(service) {}
  void Register(http::Router& router);

 private:
  http::Response List(http::Request& req);
  http::Response Export(http::Request& req);
  http::Response Actions(http::Request& req);
  http::Response Verify(http::Request& req);

  AuditService& service_;
};

}  // namespace tsunagu::access
