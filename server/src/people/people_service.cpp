#include "people/people_service.h"

#include "access/access_policy.h"
#include "common/crypto.h"
#include "common/error.h"

namespace tsunagu::people {

PeopleService::PeopleService(storage::Database& db, const PeopleStore& store, const auth::SessionStore& sessions,
                             const access::AuditTrail& audit, auth::PasswordHasher& hasher, const Clock& clock)
    : db_(db), store_(store), sessions_(sessions), audit_(audit), hasher_(hasher), clock_(clock) {}

std::vector<Region> PeopleService::ListRegions() {
  return db_.Read([&](storage::Connection& c) { return store_.ListRegions(c); });
}

std::vector<Organization> PeopleService::ListOrganizations(const std::optional<std::string>& region_id,
                                                           const std::optional<std::string>& before, int limit) {
  return db_.Read([&](storage::Connection& c) { return store_.ListOrganizations(c, region_id, before, limit); });
}

Region PeopleService::SetRegionRequireTotp(const access::Actor& actor, const std::string& region_id, bool required) {
  access::RequireSignedIn(actor);
  return db_.Transaction([&](storage::Connection& c) {
    auto region = store_.FindRegion(c, region_id);
    if (!region) throw AppError(ErrorCode::kNotFound, "地域が見つかりません");
    access::RequireRegionAdmin(actor, region_id);
    store_.SetRegionRequireTotp(c, region_id, required);
    audit_.Append(c, {actor.user_id, required ? "region.totp_required" : "region.totp_optional", std::nullopt,
                      "region:" + region_id, actor.ip});
    region->require_totp = required;
    return *region;
  });
}

Organization PeopleService::CreateOrganization(const access::Actor& actor, const NewOrganization& org) {
  access::RequireAnyAdmin(actor);
  const TimestampMs now = clock_.NowMs();
  return db_.Transaction([&](storage::Connection& c) {
    if (!store_.FindRegion(c, org.region_id)) throw AppError::InvalidField("region_id", "地域が見つかりません");
    access::RequireRegionAdmin(actor, org.region_id);
    Organization created{NewId(now), org.region_id, org.name, org.type, true};
    store_.InsertOrganization(c, created, now);
    audit_.Append(c, {actor.user_id, "organization.create", std::nullopt, "organization:" + created.id, actor.ip});
    return created;
  });
}

std::vector<Professional> PeopleService::SearchProfessionals(const access::Actor& actor,
                                                             const ProfessionalQuery& query) {
  access::RequireSignedIn(actor);
  return db_.Read([&](storage::Connection& c) { return store_.SearchProfessionals(c, query); });
}

std::vector<User> PeopleService::ListUsers(const access::Actor& actor, UserQuery query) {
  access::RequireAnyAdmin(actor);
  if (!actor.system_admin) {
    if (query.region_id && query.region_id != actor.region_id)
      throw AppError(ErrorCode::kPermissionDenied, "この地域の管理者のみが利用できます");
    query.region_id = actor.region_id;
  }
  // Professionals' names and contacts are personal data: reading them is recorded.
  return db_.Transaction([&](storage::Connection& c) {
    auto users = store_.ListUsers(c, query);
    audit_.Append(c, {actor.user_id, "users.list", std::nullopt, "region:" + query.region_id.value_or("*"), actor.ip});
    return users;
  });
}

User PeopleService::RequireManagedUser(storage::Connection& c, const access::Actor& actor, const std::string& user_id) {
  auto user = store_.FindUser(c, user_id);
  // Users outside the admin's region do not exist for that admin.
  if (!user || !actor.AdministersRegion(user->region_id)) {
    if (!actor.system_admin) throw AppError(ErrorCode::kNotFound, "利用者が見つかりません");
    if (!user) throw AppError(ErrorCode::kNotFound, "利用者が見つかりません");
  }
  return *user;
}

std::string PeopleService::ResetPassword(const access::Actor& actor, const std::string& user_id) {
  access::RequireAnyAdmin(actor);
  // 15 random bytes: 20 url-safe characters, easy to read out and type once.
  const std::string temporary = RandomToken(15);
  const std::string hash = hasher_.Hash(temporary);
  db_.Transaction([&](storage::Connection& c) {
    User user = RequireManagedUser(c, actor, user_id);
    store_.SetPassword(c, user.id, hash, true);
    sessions_.DeleteForUser(c, user.id, "");
    audit_.Append(c, {actor.user_id, "password.reset", std::nullopt, "user:" + user.id, actor.ip});
  });
  return temporary;
}

User PeopleService::Deactivate(const access::Actor& actor, const std::string& user_id, const std::string& reason) {
  access::RequireAnyAdmin(actor);
  const TimestampMs now = clock_.NowMs();
  return db_.Transaction([&](storage::Connection& c) {
    User user = RequireManagedUser(c, actor, user_id);
    if (user.id == actor.user_id)
      throw AppError(ErrorCode::kConflict, "自分自身を利用停止にはできません", "cannot_deactivate_self");
    if (!store_.Deactivate(c, user.id, now, reason))
      throw AppError(ErrorCode::kConflict, "この利用者はすでに利用停止になっています", "already_inactive");
    sessions_.DeleteForUser(c, user.id, "");
    audit_.Append(c, {actor.user_id, "user.deactivate", std::nullopt, "user:" + user.id, actor.ip});
    user.active = false;
    return user;
  });
}

User PeopleService::Reactivate(const access::Actor& actor, const std::string& user_id) {
  access::RequireAnyAdmin(actor);
  return db_.Transaction([&](storage::Connection& c) {
    User user = RequireManagedUser(c, actor, user_id);
    if (!store_.Reactivate(c, user.id))
      throw AppError(ErrorCode::kConflict, "この利用者はすでに利用中です", "already_active");
    audit_.Append(c, {actor.user_id, "user.reactivate", std::nullopt, "user:" + user.id, actor.ip});
    user.active = true;
    return user;
  });
}

}  // namespace tsunagu::people
