// HTTP endpoints for the KPIs, their targets and the resident satisfaction.
#pragma once

#include "http/request.h"
#include "http/router.h"
#include "kpi/kpi_service.h"

namespace tsunagu::kpi {

class KpiHandler {
 public:
  explicit KpiHandler(KpiService& service) : service_(service) {}
  void Register(http::Router& router);

 private:
  http::Response Get(http::Request& req);
  http::Response PutTargets(http::Request& req);
  http::Response PutResidentSatisfaction(http::Request& req);

  KpiService& service_;
};

}  // namespace tsunagu::kpi
