#include "people/people_service.h"

#include <tuple>

#include "access/access_policy.h"
#include "common/crypto.h"
#include "common/error.h"

namespace tsunagu::people {
namespace {

constexpr const char* kUserNotFound = "利用者が見つかりません";
constexpr const char* kOrganizationNotFound = "事業所が見つかりません";

void CheckOrganizationName(const std::string& name) {
  if (!IsValidOrganizationName(name)) throw AppError::InvalidField("name", "事業所名は1〜100文字で入力してください");
}

void CheckOrganizationType(const std::string& type) {
  if (!IsOrganizationType(type)) throw AppError::InvalidField("type", "事業所の種類が正しくありません");
}

}  // namespace

PeopleService::PeopleService(storage::Database& db, const PeopleStore& store, const auth::SessionStore& sessions,
                             const access::AuditTrail& audit, auth::PasswordHasher& hasher, const Clock& clock)
    : db_(db), store_(store), sessions_(sessions), audit_(audit), hasher_(hasher), clock_(clock) {}

std::vector<Region> PeopleService::ListRegions() {
  return db_.Read([&](storage::Connection& c) { return store_.ListRegions(c); });
}

std::vector<Organization> PeopleService::ListOrganizations(const access::Actor& actor, OrganizationQuery query) {
  if (query.include_closed) {
    // Closed organisations (with why and how many active members) are for the
    // admins of their own region; a system admin sees every region's.
    access::ScopeToAdministeredRegion(actor, query.region_id, "他の地域の閉鎖済みの事業所は表示できません");
  }
  return db_.Read([&](storage::Connection& c) { return store_.ListOrganizations(c, query); });
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
  return db_.Transaction([&](storage::Connection& c) { return CreateOrganization(c, actor, org); });
}

Organization PeopleService::CreateOrganization(storage::Connection& c, const access::Actor& actor,
                                               const NewOrganization& org) {
  access::RequireAnyAdmin(actor);
  CheckOrganizationName(org.name);
  CheckOrganizationType(org.type);
  if (!store_.FindRegion(c, org.region_id)) throw AppError::InvalidField("region_id", "地域が見つかりません");
  access::RequireRegionAdmin(actor, org.region_id);
  RequireFreeOrganizationName(c, org.region_id, org.name, {});
  const TimestampMs now = clock_.NowMs();
  Organization created{.id = NewId(now), .region_id = org.region_id, .name = org.name, .type = org.type};
  store_.InsertOrganization(c, created, now);
  audit_.Append(c, {actor.user_id, "organization.create", std::nullopt, "organization:" + created.id, actor.ip});
  return created;
}

void PeopleService::RequireFreeOrganizationName(storage::Connection& c, const std::string& region_id,
                                                const std::string& name, const std::string& except_id) {
  // The region's lock orders every naming in the region (PostgreSQL; SQLite
  // has one writer), so two admins or imports cannot both take a free name:
  // the later one's check, a new statement, sees the earlier commit.
  store_.LockRegion(c, region_id);
  if (store_.OrganizationNameTaken(c, region_id, name, except_id))
    throw AppError(ErrorCode::kConflict, kOrganizationNameTaken, "organization_name_taken");
}

Organization PeopleService::RequireManagedOrganization(storage::Connection& c, const access::Actor& actor,
                                                       const std::string& id) {
  auto org = store_.FindOrganization(c, id);
  if (!org) throw AppError(ErrorCode::kNotFound, kOrganizationNotFound);
  access::RequireRegionAdmin(actor, org->region_id);
  return *org;
}

Organization PeopleService::UpdateOrganization(const access::Actor& actor, const std::string& id,
                                               const OrganizationChange& change) {
  access::RequireAnyAdmin(actor);
  return db_.Transaction([&](storage::Connection& c) { return UpdateOrganization(c, actor, id, change); });
}

Organization PeopleService::UpdateOrganization(storage::Connection& c, const access::Actor& actor,
                                               const std::string& id, const OrganizationChange& change) {
  access::RequireAnyAdmin(actor);
  if (!change.name && !change.type) throw AppError::InvalidField("name", "変更する項目を指定してください");
  if (change.name) CheckOrganizationName(*change.name);
  if (change.type) CheckOrganizationType(*change.type);
  Organization org = RequireManagedOrganization(c, actor, id);
  if (change.name && *change.name != org.name) RequireFreeOrganizationName(c, org.region_id, *change.name, org.id);
  org.name = change.name.value_or(org.name);
  org.type = change.type.value_or(org.type);
  store_.UpdateOrganization(c, org);
  audit_.Append(c, {actor.user_id, "organization.update", std::nullopt, "organization:" + org.id, actor.ip});
  return org;
}

Organization PeopleService::CloseOrganization(const access::Actor& actor, const std::string& id,
                                              const std::optional<std::string>& reason) {
  access::RequireAnyAdmin(actor);
  const TimestampMs now = clock_.NowMs();
  return db_.Transaction([&](storage::Connection& c) {
    Organization org = RequireManagedOrganization(c, actor, id);
    // Close first, then count: on PostgreSQL the update holds the row lock
    // that a concurrent move into this organisation waits for, and the count
    // (a new statement) sees every move committed before it.
    if (!store_.CloseOrganization(c, org.id, now, reason))
      throw AppError(ErrorCode::kConflict, "この事業所はすでに閉鎖されています", "already_closed");
    if (const int64_t members = store_.CountActiveMembers(c, org.id); members > 0)
      throw AppError(ErrorCode::kConflict,
                     "この事業所には利用中の職員が" + std::to_string(members) +
                         "名います。先に別の事業所へ異動するか利用停止にしてください",
                     "organization_has_active_members");
    audit_.Append(c, {actor.user_id, "organization.close", std::nullopt, "organization:" + org.id, actor.ip});
    org.active = false;
    org.closed_at = now;
    org.close_reason = reason;
    org.active_member_count = 0;
    return org;
  });
}

Organization PeopleService::ReopenOrganization(const access::Actor& actor, const std::string& id) {
  access::RequireAnyAdmin(actor);
  return db_.Transaction([&](storage::Connection& c) {
    Organization org = RequireManagedOrganization(c, actor, id);
    if (!store_.ReopenOrganization(c, org.id))
      throw AppError(ErrorCode::kConflict, "この事業所は閉鎖されていません", "already_open");
    audit_.Append(c, {actor.user_id, "organization.reopen", std::nullopt, "organization:" + org.id, actor.ip});
    org.active = true;
    org.closed_at.reset();
    org.close_reason.reset();
    return org;
  });
}

std::vector<Professional> PeopleService::SearchProfessionals(const access::Actor& actor,
                                                             const ProfessionalQuery& query) {
  access::RequireSignedIn(actor);
  return db_.Read([&](storage::Connection& c) { return store_.SearchProfessionals(c, query); });
}

std::vector<User> PeopleService::ListUsers(const access::Actor& actor, UserQuery query) {
  access::ScopeToAdministeredRegion(actor, query.region_id);
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
    if (!actor.system_admin) throw AppError(ErrorCode::kNotFound, kUserNotFound);
    if (!user) throw AppError(ErrorCode::kNotFound, kUserNotFound);
  }
  return *user;
}

std::string PeopleService::ResetPassword(const access::Actor& actor, const std::string& user_id) {
  access::RequireAnyAdmin(actor);
  const auto temporary = hasher_.NewTemporaryPassword();
  db_.Transaction([&](storage::Connection& c) {
    User user = RequireManagedUser(c, actor, user_id);
    store_.SetPassword(c, user.id, temporary.hash, true);
    sessions_.DeleteForUser(c, user.id, "");
    audit_.Append(c, {actor.user_id, "password.reset", std::nullopt, "user:" + user.id, actor.ip});
  });
  return temporary.password;
}

User PeopleService::Deactivate(const access::Actor& actor, const std::string& user_id, const std::string& reason) {
  access::RequireAnyAdmin(actor);
  const TimestampMs now = clock_.NowMs();
  return db_.Transaction([&](storage::Connection& c) {
    User user = RequireManagedUser(c, actor, user_id);
    if (user.id == actor.user_id)
      throw AppError(ErrorCode::kConflict, "自分自身を利用停止にはできません", "cannot_deactivate_self");
    // The same guard as removing the role: a region keeps an active admin.
    if (user.region_admin && user.region_id) store_.LockRegion(c, *user.region_id);
    if (!store_.Deactivate(c, user.id, now, reason))
      throw AppError(ErrorCode::kConflict, "この利用者はすでに利用停止になっています", "already_inactive");
    if (user.region_admin && user.region_id && store_.CountRegionAdmins(c, *user.region_id) == 0)
      throw AppError(ErrorCode::kConflict,
                     "この地域の地域管理者がいなくなるため利用停止にできません。先に別の方を地域管理者にしてください",
                     "last_region_admin");
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
    if (user.active) throw AppError(ErrorCode::kConflict, "この利用者はすでに利用中です", "already_active");
    // A closed organisation has no active members (see CloseOrganization):
    // move the person to an open one first.
    if (user.organization_id && !store_.LockOpenOrganization(c, *user.organization_id))
      throw AppError(ErrorCode::kConflict, "所属事業所が閉鎖されています。先に別の事業所へ異動してください",
                     "organization_closed");
    if (!store_.Reactivate(c, user.id))
      throw AppError(ErrorCode::kConflict, "この利用者はすでに利用中です", "already_active");
    audit_.Append(c, {actor.user_id, "user.reactivate", std::nullopt, "user:" + user.id, actor.ip});
    user.active = true;
    return user;
  });
}

UserDetail PeopleService::GetUser(const access::Actor& actor, const std::string& user_id) {
  access::RequireAnyAdmin(actor);
  // A professional's details are personal data: reading them is recorded.
  return db_.Transaction([&](storage::Connection& c) {
    UserDetail d{.user = RequireManagedUser(c, actor, user_id)};
    if (d.user.organization_id) {
      if (auto org = store_.FindOrganization(c, *d.user.organization_id)) {
        d.organization_name = org->name;
        d.organization_closed = !org->active;
      }
    }
    if (d.user.region_id) {
      if (auto region = store_.FindRegion(c, *d.user.region_id)) d.region_name = region->name;
    }
    std::tie(d.deactivated_at, d.deactivation_reason) = store_.FindDeactivation(c, d.user.id);
    audit_.Append(c, {actor.user_id, "user.view", std::nullopt, "user:" + d.user.id, actor.ip});
    return d;
  });
}

User PeopleService::MoveUser(const access::Actor& actor, const std::string& user_id, const UserMove& move) {
  access::RequireAnyAdmin(actor);
  return db_.Transaction([&](storage::Connection& c) { return MoveUser(c, actor, user_id, move); });
}

User PeopleService::MoveUser(storage::Connection& c, const access::Actor& actor, const std::string& user_id,
                             const UserMove& move) {
  access::RequireAnyAdmin(actor);
  if (!move.organization_id) throw AppError::InvalidField("organization_id", "異動先の事業所を選んでください");
  User user = RequireManagedUser(c, actor, user_id);
  if (!user.organization_id || !user.region_id)
    throw AppError(ErrorCode::kConflict, "この利用者は事業所に所属する職員ではありません", "not_a_professional");
  const std::string target_region = move.region_id.value_or(*user.region_id);
  if (move.region_id && !store_.FindRegion(c, *move.region_id))
    throw AppError::InvalidField("region_id", "地域が見つかりません");
  if (target_region != *user.region_id) {
    if (!actor.system_admin)
      throw AppError(ErrorCode::kPermissionDenied, "別の地域への異動はシステム管理者のみが行えます");
    if (user.region_admin)
      throw AppError(ErrorCode::kConflict, "地域管理者は別の地域へ異動できません。先に地域管理者の役割を外してください",
                     "region_admin_must_stay");
  }
  auto org = store_.FindOrganization(c, *move.organization_id);
  if (!org || org->region_id != target_region)
    throw AppError::InvalidField("organization_id", "異動先の地域の事業所を選んでください");
  if (org->id == *user.organization_id) return user;
  // Holds the organisation open until this move commits (see CloseOrganization).
  if (!store_.LockOpenOrganization(c, org->id))
    throw AppError::InvalidField("organization_id", "閉鎖された事業所には異動できません");
  store_.MoveUser(c, user.id, org->id, target_region);
  audit_.Append(c, {actor.user_id, target_region == *user.region_id ? "user.move_organization" : "user.move_region",
                    std::nullopt, "user:" + user.id, actor.ip});
  user.organization_id = org->id;
  user.region_id = target_region;
  return user;
}

User PeopleService::SetRegionAdmin(const access::Actor& actor, const std::string& user_id, bool granted) {
  access::RequireAnyAdmin(actor);
  return db_.Transaction([&](storage::Connection& c) { return SetRegionAdmin(c, actor, user_id, granted); });
}

User PeopleService::SetRegionAdmin(storage::Connection& c, const access::Actor& actor, const std::string& user_id,
                                   bool granted) {
  access::RequireAnyAdmin(actor);
  User user = RequireManagedUser(c, actor, user_id);
  if (!user.region_id)
    throw AppError(ErrorCode::kConflict, "地域に所属していない利用者は地域管理者にできません", "not_in_region");
  if (user.region_admin == granted) return user;
  if (granted && !user.active)
    throw AppError(ErrorCode::kConflict, "利用停止中の利用者は地域管理者にできません", "user_inactive");
  // Serialises concurrent role changes in the region, so that two admins
  // removing each other cannot both pass the last-admin check.
  store_.LockRegion(c, *user.region_id);
  store_.SetRegionAdmin(c, user.id, granted);
  if (!granted && store_.CountRegionAdmins(c, *user.region_id) == 0)
    throw AppError(ErrorCode::kConflict,
                   "この地域の地域管理者がいなくなるため外せません。先に別の方を地域管理者にしてください",
                   "last_region_admin");
  audit_.Append(c, {actor.user_id, granted ? "user.region_admin_grant" : "user.region_admin_revoke", std::nullopt,
                    "user:" + user.id, actor.ip});
  user.region_admin = granted;
  return user;
}

User PeopleService::ResetTotp(const access::Actor& actor, const std::string& user_id) {
  access::RequireAnyAdmin(actor);
  return db_.Transaction([&](storage::Connection& c) {
    User user = RequireManagedUser(c, actor, user_id);
    if (user.id == actor.user_id)
      throw AppError(ErrorCode::kConflict, "自分自身の二段階認証はここでは解除できません", "cannot_reset_self");
    if (!store_.ClearTotp(c, user.id))
      throw AppError(ErrorCode::kConflict, "この利用者は二段階認証を登録していません", "totp_not_enabled");
    sessions_.DeleteForUser(c, user.id, "");
    audit_.Append(c, {actor.user_id, "totp.reset", std::nullopt, "user:" + user.id, actor.ip});
    user.totp_enabled = false;
    return user;
  });
}

User PeopleService::CreateProfessional(storage::Connection& c, const access::Actor& actor, const NewProfessional& p) {
  access::RequireAnyAdmin(actor);
  if (!IsProfession(p.profession)) throw AppError::InvalidField("profession", "職種が正しくありません");
  auto org = store_.FindOrganization(c, p.organization_id);
  if (!org || !actor.AdministersRegion(org->region_id))
    throw AppError::InvalidField("organization_id", "この地域の事業所を選んでください");
  if (!store_.LockOpenOrganization(c, org->id))
    throw AppError::InvalidField("organization_id", "閉鎖された事業所には登録できません");
  const TimestampMs now = clock_.NowMs();
  const std::string id = NewId(now);
  NewUser u{p.login, p.name,         p.name_kana, p.email, p.profession,
            org->id, org->region_id, false,       false,   p.password_hash};
  if (store_.LoginExists(c, p.login) || !store_.InsertUser(c, id, u, now))
    throw AppError(ErrorCode::kConflict, "このログインIDはすでに使われています", "login_taken",
                   {{"login", "このログインIDはすでに使われています"}});
  if (p.must_change_password) store_.SetPassword(c, id, p.password_hash, true);
  audit_.Append(c, {actor.user_id, "user.create", std::nullopt, "user:" + id, actor.ip});
  return *store_.FindUser(c, id);
}

}  // namespace tsunagu::people
