// Bulk import of organisations and professionals from CSV: the rules.
//
// A file arrives read (decoded and split into records by the handler, see
// common/csv.h), is checked row by row against the database, and either reported (dry run) or written in
// one transaction. Any problem in any row means nothing is written, so an
// office can fix its file and send it again.
#pragma once

#include <string_view>

#include "access/actor.h"
#include "access/audit_trail.h"
#include "auth/password_hasher.h"
#include "common/clock.h"
#include "common/csv.h"
#include "imports/imports_store.h"
#include "imports/imports_types.h"
#include "people/people_service.h"
#include "people/people_store.h"
#include "registrations/registrations_store.h"
#include "storage/database.h"

namespace tsunagu::imports {

class ImportsService {
 public:
  // Organisations and users are created through `people_service` (its
  // variants that run in the caller's transaction and write the audit record).
  ImportsService(storage::Database& db, const ImportsStore& store, const people::PeopleStore& people,
                 people::PeopleService& people_service, const registrations::RegistrationsStore& registrations,
                 const access::AuditTrail& audit, auth::PasswordHasher& hasher, const Clock& clock);

  // Columns 事業所名, 種別 (code or Japanese name), 地域 (name or id; a region
  // admin may leave it empty for their own region, and may name no other).
  // Region admins and system admins (else kPermissionDenied). `csv` is the
  // file as ReadCsv returned it (whose errors are the handler's 400s).
  // Every problem of every row is in the report; with none and !dry_run, the
  // organisations are created in one transaction, audited
  // ("import.organizations" once, "organization.create" for each).
  OrganizationImport ImportOrganizations(const access::Actor& actor, CsvDocument csv, bool dry_run);

  // Columns 氏名, ふりがな, 職種 (code or Japanese name), 事業所 (id, or name in
  // the row's 地域 / the admin's region / any region when unique), メール
  // (optional), ログインID, and optionally 地域. Same admins, errors and
  // all-or-nothing rule. Created users are active members that must change
  // the generated temporary password at first sign-in; the report holds each
  // temporary password this one time. Audited ("import.professionals" once,
  // "user.create" for each). kConflict "login_taken" if another request took
  // a login between the check and the write (nothing is written).
  ProfessionalImport ImportProfessionals(const access::Actor& actor, CsvDocument csv, bool dry_run);

 private:
  storage::Database& db_;
  const ImportsStore& store_;
  const people::PeopleStore& people_;
  people::PeopleService& people_service_;
  const registrations::RegistrationsStore& registrations_;
  const access::AuditTrail& audit_;
  auth::PasswordHasher& hasher_;
  const Clock& clock_;
};

}  // namespace tsunagu::imports
