// HTTP endpoints for notification settings and the digest trigger.
#pragma once

#include "http/request.h"
#include "http/router.h"
#include "mail/mail_service.h"

namespace tsunagu::mail {

class MailHandler {
 public:
  explicit MailHandler(MailService& service) : service_(service) {}
  void Register(http::Router& router);

 private:
  http::Response GetSettings(http::Request& req);
  http::Response PatchSettings(http::Request& req);
  http::Response RunDigest(http::Request& req);

  MailService& service_;
};

}  // namespace tsunagu::mail
