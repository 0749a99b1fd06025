// HTTP endpoints for the session, the caller (/me), TOTP and passwords.
#pragma once

#include "auth/auth_service.h"
#include "http/request.h"
#include "http/router.h"

namespace tsunagu::auth {

class AuthHandler {
 public:
  explicit AuthHandler(AuthService& service) : service_(service) {}
  void Register(http::Router& router);

 private:
  http::Response SignIn(http::Request& req);
  http::Response CurrentSession(http::Request& req);
  http::Response SignOut(http::Request& req);
  http::Response Me(http::Request& req);
  http::Response BeginTotp(http::Request& req);
  http::Response ConfirmTotp(http::Request& req);
  http::Response ChangePassword(http::Request& req);

  AuthService& service_;
};

}  // namespace tsunagu::auth
