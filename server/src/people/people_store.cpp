#include "people/people_store.h"

#include "storage/like_pattern.h"

namespace tsunagu::people {
namespace {

constexpr std::string_view kListRegions = "SELECT id, name, require_totp FROM regions ORDER BY created_at, id";
constexpr std::string_view kFindRegion = "SELECT id, name, require_totp FROM regions WHERE id = $1";
constexpr std::string_view kInsertRegion =
    "INSERT INTO regions (id, name, require_totp, created_at) VALUES ($1, $2, $3, $4) "
    "ON CONFLICT DO NOTHING";
constexpr std::string_view kSetRegionTotp = "UPDATE regions SET require_totp = $1 WHERE id = $2";
// A no-op write that serialises changes to a region's administrators (PostgreSQL row lock).
constexpr std::string_view kLockRegion = "UPDATE regions SET require_totp = require_totp WHERE id = $1";
constexpr std::string_view kCountRegionAdmins =
    "SELECT COUNT(*) FROM users WHERE region_id = $1 AND is_region_admin = 1 AND active = 1";

// Organisation columns with the number of active members (an index lookup per row).
#define TSUNAGU_ORGANIZATION_COLUMNS                                           \
  "o.id, o.region_id, o.name, o.type, o.active, o.closed_at, o.close_reason, " \
  "(SELECT COUNT(*) FROM users m WHERE m.organization_id = o.id AND m.active = 1)"
constexpr std::string_view kListOrganizations =
    "SELECT " TSUNAGU_ORGANIZATION_COLUMNS
    " FROM organizations o "
    "WHERE (CAST($1 AS TEXT) IS NULL OR o.region_id = $1) AND ($4 = 1 OR o.active = 1) "
    "AND (CAST($2 AS TEXT) IS NULL OR "
    "(o.created_at, o.id) < (SELECT created_at, id FROM organizations WHERE id = $2)) "
    "ORDER BY o.created_at DESC, o.id DESC LIMIT $3";
constexpr std::string_view kFindOrganization =
    "SELECT " TSUNAGU_ORGANIZATION_COLUMNS " FROM organizations o WHERE o.id = $1";
#undef TSUNAGU_ORGANIZATION_COLUMNS
constexpr std::string_view kUpdateOrganization = "UPDATE organizations SET name = $1, type = $2 WHERE id = $3";
constexpr std::string_view kCloseOrganization =
    "UPDATE organizations SET active = 0, closed_at = $1, close_reason = $2 WHERE id = $3 AND active = 1";
constexpr std::string_view kReopenOrganization =
    "UPDATE organizations SET active = 1, closed_at = NULL, close_reason = NULL WHERE id = $1 AND active = 0";
// A no-op write that takes the row lock on PostgreSQL (SQLite has one writer),
// so a move into the organisation and its closing cannot interleave.
constexpr std::string_view kLockOpenOrganization =
    "UPDATE organizations SET active = active WHERE id = $1 AND active = 1";
constexpr std::string_view kCountActiveMembers = "SELECT COUNT(*) FROM users WHERE organization_id = $1 AND active = 1";
constexpr std::string_view kOrganizationNameTaken =
    "SELECT 1 FROM organizations WHERE region_id = $1 AND name = $2 AND id <> $3 LIMIT 1";
constexpr std::string_view kInsertOrganization =
    "INSERT INTO organizations (id, region_id, name, type, active, created_at) "
    "VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING";

#define TSUNAGU_USER_COLUMNS                                                                     \
  "id, login, name, name_kana, email, profession, organization_id, region_id, is_system_admin, " \
  "is_region_admin, must_change_password, CASE WHEN totp_secret IS NULL THEN 0 ELSE 1 END, active, created_at"
constexpr size_t kUserColumns = 14;

constexpr std::string_view kFindUser = "SELECT " TSUNAGU_USER_COLUMNS " FROM users WHERE id = $1";
constexpr std::string_view kFindCredentialsByLogin =
    "SELECT " TSUNAGU_USER_COLUMNS
    ", password_hash, totp_secret, totp_pending_secret, totp_last_counter FROM users WHERE login = $1";
constexpr std::string_view kFindCredentialsById =
    "SELECT " TSUNAGU_USER_COLUMNS
    ", password_hash, totp_secret, totp_pending_secret, totp_last_counter FROM users WHERE id = $1";
constexpr std::string_view kLoginExists = "SELECT 1 FROM users WHERE login = $1";
constexpr std::string_view kInsertUser =
    "INSERT INTO users (id, login, name, name_kana, email, profession, organization_id, region_id, "
    "is_system_admin, is_region_admin, password_hash, created_at) "
    "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) ON CONFLICT DO NOTHING";
// The text filter matches a substring of name, kana or login; LIKE wildcards in
// the input are escaped by the caller of this statement.
constexpr std::string_view kListUsers =
    "SELECT " TSUNAGU_USER_COLUMNS
    " FROM users WHERE (CAST($1 AS TEXT) IS NULL OR region_id = $1) "
    "AND (CAST($2 AS TEXT) IS NULL OR name LIKE $2 ESCAPE '\\' OR name_kana LIKE $2 ESCAPE '\\' OR login LIKE $2 "
    "ESCAPE '\\') AND (CAST($3 AS TEXT) IS NULL OR "
    "(created_at, id) < (SELECT created_at, id FROM users WHERE id = $3)) "
    "AND (CAST($5 AS TEXT) IS NULL OR organization_id = $5) AND (CAST($6 AS TEXT) IS NULL OR profession = $6) "
    "AND (CAST($7 AS BIGINT) IS NULL OR active = $7) "
    "ORDER BY created_at DESC, id DESC LIMIT $4";
#undef TSUNAGU_USER_COLUMNS

constexpr std::string_view kSearchProfessionals =
    "SELECT u.id, u.name, u.name_kana, u.profession, o.id, o.name, r.id, r.name FROM users u "
    "JOIN organizations o ON o.id = u.organization_id JOIN regions r ON r.id = u.region_id "
    "WHERE u.active = 1 AND (CAST($1 AS TEXT) IS NULL OR u.name LIKE $1 ESCAPE '\\' OR u.name_kana LIKE $1 "
    "ESCAPE '\\' OR o.name LIKE $1 ESCAPE '\\') AND (CAST($2 AS TEXT) IS NULL OR u.profession = $2) "
    "AND (CAST($3 AS TEXT) IS NULL OR u.region_id = $3) AND (CAST($4 AS TEXT) IS NULL OR u.organization_id = $4) "
    "AND (CAST($5 AS TEXT) IS NULL OR (u.name_kana, u.id) > (SELECT name_kana, id FROM users WHERE id = $5)) "
    "ORDER BY u.name_kana, u.id LIMIT $6";

constexpr std::string_view kSetPassword =
    "UPDATE users SET password_hash = $1, must_change_password = $2 WHERE id = $3";
constexpr std::string_view kDeactivate =
    "UPDATE users SET active = 0, deactivated_at = $1, deactivation_reason = $2 WHERE id = $3 AND active = 1";
constexpr std::string_view kReactivate =
    "UPDATE users SET active = 1, deactivated_at = NULL, deactivation_reason = NULL WHERE id = $1 AND active = 0";
constexpr std::string_view kFindDeactivation = "SELECT deactivated_at, deactivation_reason FROM users WHERE id = $1";
constexpr std::string_view kMoveUser = "UPDATE users SET organization_id = $1, region_id = $2 WHERE id = $3";
constexpr std::string_view kSetRegionAdmin =
    "UPDATE users SET is_region_admin = $1 WHERE id = $2 AND is_region_admin <> $1";
constexpr std::string_view kClearTotp =
    "UPDATE users SET totp_secret = NULL, totp_pending_secret = NULL WHERE id = $1 "
    "AND (totp_secret IS NOT NULL OR totp_pending_secret IS NOT NULL)";
constexpr std::string_view kSetTotpPending = "UPDATE users SET totp_pending_secret = $1 WHERE id = $2";
constexpr std::string_view kConfirmTotp =
    "UPDATE users SET totp_secret = totp_pending_secret, totp_pending_secret = NULL, "
    "totp_last_counter = $1 WHERE id = $2 AND totp_pending_secret IS NOT NULL";
constexpr std::string_view kAdvanceTotp =
    "UPDATE users SET totp_last_counter = $1 WHERE id = $2 AND totp_last_counter < $1";

Region ToRegion(const storage::Row& r) { return {r.Text(0), r.Text(1), r.Bool(2)}; }
Organization ToOrganization(const storage::Row& r) {
  return {r.Text(0), r.Text(1), r.Text(2), r.Text(3), r.Bool(4), r.OptInt(5), r.OptText(6), r.Int(7)};
}
User ToUser(const storage::Row& r) {
  return {r.Text(0),    r.Text(1), r.Text(2), r.Text(3),  r.Text(4),  r.Text(5),  r.OptText(6),
          r.OptText(7), r.Bool(8), r.Bool(9), r.Bool(10), r.Bool(11), r.Bool(12), r.Int(13)};
}
UserCredentials ToCredentials(const storage::Row& r) {
  return {ToUser(r), r.Text(kUserColumns), r.OptText(kUserColumns + 1), r.OptText(kUserColumns + 2),
          r.Int(kUserColumns + 3)};
}

}  // namespace

std::vector<Region> PeopleStore::ListRegions(Connection& c) const {
  std::vector<Region> out;
  for (const auto& r : c.Query(kListRegions)) out.push_back(ToRegion(r));
  return out;
}

std::optional<Region> PeopleStore::FindRegion(Connection& c, const std::string& id) const {
  auto r = c.QueryOne(kFindRegion, {id});
  if (!r) return std::nullopt;
  return ToRegion(*r);
}

bool PeopleStore::InsertRegion(Connection& c, const Region& r, TimestampMs now) const {
  return c.Execute(kInsertRegion, {r.id, r.name, r.require_totp, now}) > 0;
}

void PeopleStore::SetRegionRequireTotp(Connection& c, const std::string& id, bool required) const {
  c.Execute(kSetRegionTotp, {required, id});
}

std::vector<Organization> PeopleStore::ListOrganizations(Connection& c, const OrganizationQuery& q) const {
  std::vector<Organization> out;
  for (const auto& r :
       c.Query(kListOrganizations, {q.region_id, q.before_id, static_cast<int64_t>(q.limit), q.include_closed}))
    out.push_back(ToOrganization(r));
  return out;
}

std::optional<Organization> PeopleStore::FindOrganization(Connection& c, const std::string& id) const {
  auto r = c.QueryOne(kFindOrganization, {id});
  if (!r) return std::nullopt;
  return ToOrganization(*r);
}

bool PeopleStore::InsertOrganization(Connection& c, const Organization& o, TimestampMs now) const {
  return c.Execute(kInsertOrganization, {o.id, o.region_id, o.name, o.type, o.active, now}) > 0;
}

bool PeopleStore::OrganizationNameTaken(Connection& c, const std::string& region_id, const std::string& name,
                                        const std::string& except_id) const {
  return c.QueryOne(kOrganizationNameTaken, {region_id, name, except_id}).has_value();
}

void PeopleStore::UpdateOrganization(Connection& c, const Organization& o) const {
  c.Execute(kUpdateOrganization, {o.name, o.type, o.id});
}

bool PeopleStore::CloseOrganization(Connection& c, const std::string& id, TimestampMs at,
                                    const std::optional<std::string>& reason) const {
  return c.Execute(kCloseOrganization, {at, reason, id}) > 0;
}

bool PeopleStore::ReopenOrganization(Connection& c, const std::string& id) const {
  return c.Execute(kReopenOrganization, {id}) > 0;
}

bool PeopleStore::LockOpenOrganization(Connection& c, const std::string& id) const {
  return c.Execute(kLockOpenOrganization, {id}) > 0;
}

int64_t PeopleStore::CountActiveMembers(Connection& c, const std::string& organization_id) const {
  return c.QueryOne(kCountActiveMembers, {organization_id})->Int(0);
}

void PeopleStore::LockRegion(Connection& c, const std::string& region_id) const { c.Execute(kLockRegion, {region_id}); }

int64_t PeopleStore::CountRegionAdmins(Connection& c, const std::string& region_id) const {
  return c.QueryOne(kCountRegionAdmins, {region_id})->Int(0);
}

std::optional<UserCredentials> PeopleStore::FindCredentialsByLogin(Connection& c, const std::string& login) const {
  auto r = c.QueryOne(kFindCredentialsByLogin, {login});
  if (!r) return std::nullopt;
  return ToCredentials(*r);
}

std::optional<UserCredentials> PeopleStore::FindCredentialsById(Connection& c, const std::string& id) const {
  auto r = c.QueryOne(kFindCredentialsById, {id});
  if (!r) return std::nullopt;
  return ToCredentials(*r);
}

std::optional<User> PeopleStore::FindUser(Connection& c, const std::string& id) const {
  auto r = c.QueryOne(kFindUser, {id});
  if (!r) return std::nullopt;
  return ToUser(*r);
}

bool PeopleStore::LoginExists(Connection& c, const std::string& login) const {
  return c.QueryOne(kLoginExists, {login}).has_value();
}

bool PeopleStore::InsertUser(Connection& c, const std::string& id, const NewUser& u, TimestampMs now) const {
  return c.Execute(kInsertUser, {id, u.login, u.name, u.name_kana, u.email, u.profession, u.organization_id,
                                 u.region_id, u.system_admin, u.region_admin, u.password_hash, now}) > 0;
}

std::vector<User> PeopleStore::ListUsers(Connection& c, const UserQuery& q) const {
  std::optional<std::string> pattern;
  if (q.text) pattern = storage::LikeContains(*q.text);
  std::vector<User> out;
  std::optional<int64_t> active;
  if (q.active) active = *q.active ? 1 : 0;
  for (const auto& r : c.Query(kListUsers, {q.region_id, pattern, q.before_id, static_cast<int64_t>(q.limit),
                                            q.organization_id, q.profession, active}))
    out.push_back(ToUser(r));
  return out;
}

std::vector<Professional> PeopleStore::SearchProfessionals(Connection& c, const ProfessionalQuery& q) const {
  std::optional<std::string> pattern;
  if (q.text) pattern = storage::LikeContains(*q.text);
  std::vector<Professional> out;
  for (const auto& r : c.Query(kSearchProfessionals, {pattern, q.profession, q.region_id, q.organization_id, q.after_id,
                                                      static_cast<int64_t>(q.limit)}))
    out.push_back({r.Text(0), r.Text(1), r.Text(2), r.Text(3), r.Text(4), r.Text(5), r.Text(6), r.Text(7)});
  return out;
}

void PeopleStore::SetPassword(Connection& c, const std::string& user_id, const std::string& hash,
                              bool must_change) const {
  c.Execute(kSetPassword, {hash, must_change, user_id});
}

bool PeopleStore::Deactivate(Connection& c, const std::string& user_id, TimestampMs at,
                             const std::string& reason) const {
  return c.Execute(kDeactivate, {at, reason, user_id}) > 0;
}

bool PeopleStore::Reactivate(Connection& c, const std::string& user_id) const {
  return c.Execute(kReactivate, {user_id}) > 0;
}

std::pair<std::optional<TimestampMs>, std::optional<std::string>> PeopleStore::FindDeactivation(
    Connection& c, const std::string& user_id) const {
  auto r = c.QueryOne(kFindDeactivation, {user_id});
  if (!r) return {std::nullopt, std::nullopt};
  return {r->OptInt(0), r->OptText(1)};
}

void PeopleStore::MoveUser(Connection& c, const std::string& user_id, const std::string& organization_id,
                           const std::string& region_id) const {
  c.Execute(kMoveUser, {organization_id, region_id, user_id});
}

bool PeopleStore::SetRegionAdmin(Connection& c, const std::string& user_id, bool region_admin) const {
  return c.Execute(kSetRegionAdmin, {region_admin, user_id}) > 0;
}

bool PeopleStore::ClearTotp(Connection& c, const std::string& user_id) const {
  return c.Execute(kClearTotp, {user_id}) > 0;
}

void PeopleStore::SetTotpPendingSecret(Connection& c, const std::string& user_id,
                                       const std::optional<std::string>& secret) const {
  c.Execute(kSetTotpPending, {secret, user_id});
}

void PeopleStore::ConfirmTotp(Connection& c, const std::string& user_id, int64_t counter) const {
  c.Execute(kConfirmTotp, {counter, user_id});
}

bool PeopleStore::AdvanceTotpCounter(Connection& c, const std::string& user_id, int64_t counter) const {
  return c.Execute(kAdvanceTotp, {counter, user_id}) > 0;
}

}  // namespace tsunagu::people
