// The composition root: builds every store, service and handler over one
// database and clock, and the route table that joins them.
#pragma once

#include <memory>

#include "access/audit_handler.h"
#include "access/audit_service.h"
#include "access/audit_trail.h"
#include "access/patient_access.h"
#include "attachments/attachments_handler.h"
#include "attachments/attachments_service.h"
#include "attachments/attachments_store.h"
#include "auth/auth_handler.h"
#include "auth/auth_service.h"
#include "auth/password_hasher.h"
#include "auth/session_store.h"
#include "common/clock.h"
#include "http/router.h"
#include "imports/imports_handler.h"
#include "imports/imports_service.h"
#include "imports/imports_store.h"
#include "kpi/kpi_handler.h"
#include "kpi/kpi_service.h"
#include "kpi/kpi_store.h"
#include "live/live_events.h"
#include "mail/mail_handler.h"
#include "mail/mail_service.h"
#include "mail/mail_store.h"
#include "patients/patients_handler.h"
#include "patients/patients_service.h"
#include "patients/patients_store.h"
#include "people/people_handler.h"
#include "people/people_service.h"
#include "people/people_store.h"
#include "posts/posts_handler.h"
#include "posts/posts_service.h"
#include "posts/posts_store.h"
#include "posts/search_indexer.h"
#include "registrations/registrations_handler.h"
#include "registrations/registrations_service.h"
#include "registrations/registrations_store.h"
#include "storage/database.h"
#include "storage/event_channel.h"
#include "surveys/surveys_handler.h"
#include "surveys/surveys_service.h"
#include "surveys/surveys_store.h"
#include "teams/teams_handler.h"
#include "teams/teams_service.h"
#include "teams/teams_store.h"

namespace tsunagu::app {

class Application {
 public:
  // `db` and `clock` must outlive the Application.
  // `events` carries live updates to every server sharing the database.
  Application(storage::Database& db, storage::EventChannel& events, const Clock& clock,
              auth::AuthSettings auth_settings = {});

  const http::Router& router() const { return router_; }
  auth::AuthService& auth() { return auth_service_; }
  auth::PasswordHasher& hasher() { return hasher_; }
  storage::Database& db() { return db_; }
  const people::PeopleStore& people_store() const { return people_store_; }
  const access::AuditTrail& audit() const { return audit_; }
  const teams::TeamsStore& teams_store() const { return teams_store_; }
  const mail::MailStore& mail_store() const { return mail_store_; }
  const mail::Outbox& outbox() const { return outbox_; }
  mail::MailService& mail() { return mail_service_; }
  patients::PatientsService& patients() { return patients_service_; }
  teams::TeamsService& teams() { return teams_service_; }
  posts::PostsService& posts() { return posts_service_; }

 private:
  http::Response Health(http::Request& req);

  storage::Database& db_;
  auth::PasswordHasher hasher_;
  access::AuditTrail audit_;
  people::PeopleStore people_store_;
  auth::SessionStore session_store_;
  registrations::RegistrationsStore registrations_store_;
  patients::PatientsStore patients_store_;
  teams::TeamsStore teams_store_;
  posts::PostsStore posts_store_;
  attachments::AttachmentsStore attachments_store_;
  live::LivePublisher live_publisher_;
  access::AuditWriter audit_writer_;
  posts::SearchIndexer search_indexer_;
  access::PatientAccess patient_access_;
  kpi::KpiStore kpi_store_;
  mail::MailStore mail_store_;
  mail::Outbox outbox_{mail_store_};
  imports::ImportsStore imports_store_;
  surveys::SurveysStore surveys_store_;

  auth::AuthService auth_service_;
  people::PeopleService people_service_;
  registrations::RegistrationsService registrations_service_;
  access::AuditService audit_service_;
  patients::PatientsService patients_service_;
  teams::TeamsService teams_service_;
  posts::PostsService posts_service_;
  attachments::AttachmentsService attachments_service_;
  kpi::KpiService kpi_service_;
  mail::MailService mail_service_;
  imports::ImportsService imports_service_;
  surveys::SurveysService surveys_service_;

  auth::AuthHandler auth_handler_;
  people::PeopleHandler people_handler_;
  registrations::RegistrationsHandler registrations_handler_;
  access::AuditHandler audit_handler_;
  patients::PatientsHandler patients_handler_;
  teams::TeamsHandler teams_handler_;
  posts::PostsHandler posts_handler_;
  attachments::AttachmentsHandler attachments_handler_;
  kpi::KpiHandler kpi_handler_;
  mail::MailHandler mail_handler_;
  imports::ImportsHandler imports_handler_;
  surveys::SurveysHandler surveys_handler_;

  http::Router router_;
};

}  // namespace tsunagu::app
