#include "patients/patients_handler.h"

#include "common/decimal.h"
#include "common/error.h"
#include "common/time_format.h"
#include "http/json_fields.h"
#include "http/json_writer.h"
#include "http/paging.h"

namespace tsunagu::patients {

using http::Json;
using http::Request;
using http::Response;

namespace {

// A patient as the API shows it: the profile with the latest consent record,
// the caller's role and unread counts.
void WritePatient(http::JsonWriter& w, const Patient& p) {
  w.BeginObject()
      .Key("id")
      .String(p.id)
      .Key("name")
      .String(p.details.name)
      .Key("name_kana")
      .String(p.details.name_kana)
      .Key("birth_date")
      .String(p.details.birth_date)
      .Key("sex")
      .String(p.details.sex)
      .Key("address")
      .String(p.details.address)
      .Key("region_id")
      .String(p.details.region_id)
      .Key("care_level")
      .String(p.details.care_level)
      .Key("consent")
      .BeginObject()
      .Key("obtained_at")
      .String(p.consent.obtained_at)
      .Key("obtained_by")
      .String(p.consent.obtained_by)
      .Key("scope")
      .String(p.consent.scope)
      .Key("method")
      .String(p.consent.method)
      .Key("document_attachment_id")
      .OptionalString(p.consent.document_attachment_id)
      .EndObject()
      .Key("status")
      .String(p.status)
      .Key("my_role")
      .OptionalString(p.my_role)
      .Key("unread_count")
      .Int(p.unread_count)
      .Key("urgent_unread_count")
      .Int(p.urgent_unread_count)
      .Key("last_post_at")
      .OptionalTime(p.last_post_at)
      .Key("created_at")
      .Time(p.created_at)
      .EndObject();
}

Response PatientResponse(const Patient& p, int status = 200) {
  http::JsonWriter w;
  WritePatient(w, p);
  return Response::OkText(w.Take(), status);
}

// The patient list's cursor: "<activity ms>_<id>".
std::string CursorOf(const Patient& p) { return std::to_string(p.last_post_at.value_or(p.created_at)) + "_" + p.id; }

std::optional<PatientListCursor> ParseCursor(const std::optional<std::string>& text) {
  if (!text) return std::nullopt;
  const auto sep = text->find('_');
  const auto activity =
      sep == std::string::npos ? std::nullopt : ParseDecimal<int64_t>(std::string_view(*text).substr(0, sep));
  if (!activity) throw AppError::InvalidField("before", "カーソルが正しくありません");
  PatientListCursor cursor;
  cursor.activity = *activity;
  cursor.id = text->substr(sep + 1);
  return cursor;
}

void ReadDetailFields(http::JsonFields& f, PatientChanges& ch, bool required) {
  auto str = [&](const char* key, size_t max) {
    return required ? std::optional<std::string>(f.RequiredString(key, max)) : f.OptionalString(key, max);
  };
  ch.name = str("name", 100);
  ch.name_kana = str("name_kana", 100);
  ch.birth_date = str("birth_date", 10);
  ch.sex = str("sex", 20);
  ch.address = f.OptionalString("address", 200);
  ch.care_level = str("care_level", 20);
}

}  // namespace

void PatientsHandler::Register(http::Router& router) {
  using http::RouteAccess;
  router.Add("POST", "/api/v1/patients", RouteAccess::kSignedIn, [this](Request& r) { return Create(r); });
  router.Add("GET", "/api/v1/patients", RouteAccess::kSignedIn, [this](Request& r) { return List(r); });
  router.Add("GET", "/api/v1/patients/{id}", RouteAccess::kSignedIn, [this](Request& r) { return Get(r); });
  router.Add("PATCH", "/api/v1/patients/{id}", RouteAccess::kSignedIn, [this](Request& r) { return Patch(r); });
  router.Add("POST", "/api/v1/patients/{id}/consent/withdraw", RouteAccess::kSignedIn,
             [this](Request& r) { return WithdrawConsent(r); });
  router.Add("GET", "/api/v1/me/unread", RouteAccess::kSignedIn, [this](Request& r) { return Unread(r); });
}

Response PatientsHandler::Create(Request& req) {
  const Json body = req.JsonBody();
  http::JsonFields f(body);
  PatientChanges ch;
  ReadDetailFields(f, ch, true);
  std::string region_id = f.RequiredString("region_id", 64);
  Consent consent;
  if (!body.contains("consent") || !body.at("consent").is_object()) {
    f.Done();  // reports other fields first, and ignores "consent" as unknown
    throw AppError::InvalidField("consent", "同意の記録（取得日・取得者・範囲・方法）が必要です");
  }
  f.Skip("consent");
  http::JsonFields cf(body.at("consent"), "consent.");
  consent.obtained_at = cf.RequiredString("obtained_at", 10);
  consent.obtained_by = cf.RequiredString("obtained_by", 64);
  consent.scope = cf.RequiredString("scope", 30);
  consent.method = cf.RequiredString("method", 30);
  consent.document_attachment_id = cf.OptionalString("document_attachment_id", 64);
  f.Done();
  cf.Done();
  PatientDetails d{*ch.name,  *ch.name_kana, *ch.birth_date, *ch.sex, ch.address.value_or(""),
                   region_id, *ch.care_level};
  return PatientResponse(service_.Register(req.actor, d, consent), 201);
}

Response PatientsHandler::List(Request& req) {
  auto page = http::ParsePage(req);
  auto patients = service_.ListMine(req.actor, ParseCursor(page.before), page.limit + 1);
  return http::PageResponse(patients, page.limit, WritePatient, CursorOf);
}

Response PatientsHandler::Get(Request& req) { return PatientResponse(service_.Get(req.actor, req.PathParam("id"))); }

Response PatientsHandler::Patch(Request& req) {
  http::JsonFields f(req.JsonBody());
  PatientChanges ch;
  ReadDetailFields(f, ch, false);
  f.Done();
  return PatientResponse(service_.Update(req.actor, req.PathParam("id"), ch));
}

Response PatientsHandler::WithdrawConsent(Request& req) {
  http::JsonFields f(req.JsonBody());
  std::string reason = f.RequiredString("reason", 500, true);
  f.Done();
  return PatientResponse(service_.WithdrawConsent(req.actor, req.PathParam("id"), reason));
}

Response PatientsHandler::Unread(Request& req) {
  auto [unread, urgent] = service_.UnreadTotals(req.actor);
  return Response::Ok({{"unread_count", unread}, {"urgent_unread_count", urgent}});
}

}  // namespace tsunagu::patients
