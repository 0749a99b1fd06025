#include "app/application.h"

#include "common/error.h"

namespace tsunagu::app {

Application::Application(storage::Database& db, storage::EventChannel& events, const Clock& clock,
                         auth::AuthSettings auth_settings)
    : db_(db),
      audit_(clock),
      live_publisher_(events),
      audit_writer_(db, audit_),
      search_indexer_(db),
      patient_access_(db, audit_, audit_writer_),
      auth_service_(db, people_store_, session_store_, audit_, hasher_, clock, auth_settings),
      people_service_(db, people_store_, session_store_, audit_, hasher_, clock),
      registrations_service_(db, registrations_store_, people_store_, audit_, hasher_, clock),
      audit_service_(db, audit_, audit_writer_),
      patients_service_(db, patients_store_, teams_store_, people_store_, attachments_store_, patient_access_,
                        live_publisher_, clock),
      teams_service_(db, teams_store_, people_store_, patient_access_, live_publisher_, clock),
      posts_service_(db, posts_store_, attachments_store_, patient_access_, live_publisher_, outbox_, clock),
      attachments_service_(db, attachments_store_, patient_access_, clock),
      kpi_service_(db, kpi_store_, people_store_, audit_, clock),
      mail_service_(db, mail_store_, outbox_, audit_, clock),
      imports_service_(db, imports_store_, people_store_, people_service_, registrations_store_, audit_, hasher_,
                       clock),
      surveys_service_(db, surveys_store_, people_store_, audit_, clock),
      auth_handler_(auth_service_),
      people_handler_(people_service_),
      registrations_handler_(registrations_service_),
      audit_handler_(audit_service_),
      patients_handler_(patients_service_),
      teams_handler_(teams_service_),
      posts_handler_(posts_service_),
      attachments_handler_(attachments_service_),
      kpi_handler_(kpi_service_),
      mail_handler_(mail_service_),
      imports_handler_(imports_service_),
      surveys_handler_(surveys_service_) {
  router_.Add("GET", "/healthz", http::RouteAccess::kPublic, [this](http::Request& r) { return Health(r); });
  // The WebSocket upgrade of this path is taken by the HTTP layer; a plain GET lands here.
  router_.Add("GET", "/api/v1/live", http::RouteAccess::kSignedIn, [](http::Request& /*r*/) -> http::Response {
    throw AppError(ErrorCode::kInvalidArgument, "WebSocket で接続してください", "websocket_required");
  });
  auth_handler_.Register(router_);
  people_handler_.Register(router_);
  registrations_handler_.Register(router_);
  audit_handler_.Register(router_);
  patients_handler_.Register(router_);
  teams_handler_.Register(router_);
  posts_handler_.Register(router_);
  attachments_handler_.Register(router_);
  kpi_handler_.Register(router_);
  mail_handler_.Register(router_);
  imports_handler_.Register(router_);
  surveys_handler_.Register(router_);
}

http::Response Application::Health(http::Request& /*req*/) {
  try {
    db_.Read([](storage::Connection& c) { c.Query("SELECT 1"); });
  } catch (const std::exception&) {
    http::Response r;
    r.status = 503;
    r.body = http::Json{{"status", "database_unavailable"}};
    return r;
  }
  return http::Response::Ok({{"status", "ok"}});
}

}  // namespace tsunagu::app
