// HTTP endpoint for the KPIs.
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

  KpiService& service_;
};

}  // namespace tsunagu::kpi
