#include "auth/auth_handler.h"

#include "common/error.h"
#include "http/cookies.h"
#include "http/json_fields.h"
#include "people/people_handler.h"

namespace tsunagu::auth {

using http::Json;
using http::Request;
using http::Response;

void AuthHandler::Register(http::Router& router) {
  using http::RouteAccess;
  router.Add("POST", "/api/v1/session", RouteAccess::kPublic, [this](Request& r) { return SignIn(r); });
  router.Add("GET", "/api/v1/session", RouteAccess::kSetup, [this](Request& r) { return CurrentSession(r); });
  router.Add("DELETE", "/api/v1/session", RouteAccess::kSetup, [this](Request& r) { return SignOut(r); });
  router.Add("GET", "/api/v1/me", RouteAccess::kSetup, [this](Request& r) { return Me(r); });
  router.Add("POST", "/api/v1/me/totp", RouteAccess::kSetup, [this](Request& r) { return BeginTotp(r); });
  router.Add("POST", "/api/v1/me/totp/confirm", RouteAccess::kSetup, [this](Request& r) { return ConfirmTotp(r); });
  router.Add("POST", "/api/v1/me/password", RouteAccess::kSetup, [this](Request& r) { return ChangePassword(r); });
}

Response AuthHandler::SignIn(Request& req) {
  http::JsonFields f(req.JsonBody());
  SignInRequest in;
  in.login = f.RequiredRaw("login", 200);
  in.password = f.RequiredRaw("password", 1024);
  in.totp = f.OptionalRaw("totp", 20);
  f.Done();
  in.ip = req.client_ip;
  in.user_agent = req.Header("user-agent").value_or("");
  SignInResult result = service_.SignIn(in);
  Response r = Response::Ok({{"user", people::UserToJson(result.user)},
                             {"csrf_token", result.csrf_token},
                             {"totp_enrolment_required", result.totp_enrolment_required}});
  r.headers.emplace_back("Set-Cookie", http::SessionCookieHeader(result.session_token, req.secure));
  return r;
}

Response AuthHandler::CurrentSession(Request& req) {
  auto user = service_.Me(req.actor);
  return Response::Ok({{"user", people::UserToJson(user)},
                       {"csrf_token", req.actor.csrf_token},
                       {"totp_enrolment_required", req.actor.totp_enrolment_required}});
}

Response AuthHandler::SignOut(Request& req) {
  service_.SignOut(req.actor);
  Response r = Response::NoContent();
  r.headers.emplace_back("Set-Cookie", http::ClearSessionCookieHeader(req.secure));
  return r;
}

Response AuthHandler::Me(Request& req) { return Response::Ok(people::UserToJson(service_.Me(req.actor))); }

Response AuthHandler::BeginTotp(Request& req) {
  http::JsonFields f(req.JsonBody());
  f.Done();
  auto e = service_.BeginTotpEnrolment(req.actor);
  return Response::Ok({{"secret", e.secret}, {"otpauth_uri", e.otpauth_uri}, {"qr_svg", e.qr_svg}});
}

Response AuthHandler::ConfirmTotp(Request& req) {
  http::JsonFields f(req.JsonBody());
  std::string code = f.RequiredRaw("code", 20);
  f.Done();
  return Response::Ok(people::UserToJson(service_.ConfirmTotpEnrolment(req.actor, code)));
}

Response AuthHandler::ChangePassword(Request& req) {
  http::JsonFields f(req.JsonBody());
  std::string current = f.RequiredRaw("current_password", 1024);
  std::string next = f.RequiredRaw("new_password", 1024);
  f.Done();
  service_.ChangePassword(req.actor, current, next);
  return Response::NoContent();
}

}  // namespace tsunagu::auth
