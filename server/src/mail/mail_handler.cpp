#include "mail/mail_handler.h"

#include <map>

#include "common/error.h"
#include "http/json_fields.h"

namespace tsunagu::mail {

using http::Json;
using http::Request;
using http::Response;

namespace {

Json SettingsJson(const NotificationSettings& s) {
  return {{"email_enabled", s.email_enabled}, {"immediate", s.immediate}, {"digest", s.digest}};
}

}  // namespace

void MailHandler::Register(http::Router& router) {
  using http::RouteAccess;
  router.Add("GET", "/api/v1/me/notifications", RouteAccess::kSignedIn, [this](Request& r) { return GetSettings(r); });
  router.Add("PATCH", "/api/v1/me/notifications", RouteAccess::kSignedIn,
             [this](Request& r) { return PatchSettings(r); });
  router.Add("POST", "/api/v1/admin/mail/digest", RouteAccess::kSignedIn, [this](Request& r) { return RunDigest(r); });
}

Response MailHandler::GetSettings(Request& req) { return Response::Ok(SettingsJson(service_.GetSettings(req.actor))); }

Response MailHandler::PatchSettings(Request& req) {
  http::JsonFields f(req.JsonBody());
  SettingsChanges ch;
  ch.email_enabled = f.OptionalBool("email_enabled");
  ch.immediate = f.OptionalRaw("immediate", 40);
  ch.digest = f.OptionalRaw("digest", 20);
  // Every bad field is named at once, those of JsonFields and ours alike.
  std::map<std::string, std::string> bad;
  if (ch.immediate && *ch.immediate != "urgent_and_mentions" && *ch.immediate != "all" && *ch.immediate != "none")
    bad["immediate"] = "urgent_and_mentions、all、none のいずれかを指定してください";
  if (ch.digest && *ch.digest != "daily" && *ch.digest != "none") bad["digest"] = "daily か none を指定してください";
  try {
    f.Done();
  } catch (const AppError& e) {
    if (e.code() != ErrorCode::kInvalidArgument) throw;
    bad.insert(e.fields().begin(), e.fields().end());
  }
  if (!bad.empty()) throw AppError(ErrorCode::kInvalidArgument, "入力内容に誤りがあります", "invalid_argument", bad);
  return Response::Ok(SettingsJson(service_.ChangeSettings(req.actor, ch)));
}

Response MailHandler::RunDigest(Request& req) {
  http::JsonFields f(req.JsonBody());
  f.Done();
  return Response::Ok({{"digests", service_.RunDigest(req.actor)}});
}

}  // namespace tsunagu::mail
