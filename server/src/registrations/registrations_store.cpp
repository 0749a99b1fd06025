#include "registrations/registrations_store.h"

namespace tsunagu::registrations {
namespace {

#define TSUNAGU_REGISTRATION_COLUMNS                                                                \
  "id, login, name, name_kana, email, profession, organization_id, region_id, status, created_at, " \
  "decided_at, decided_by, reason, user_id"

constexpr std::string_view kInsert =
    "INSERT INTO registrations (id, login, name, name_kana, email, profession, organization_id, region_id, "
    "password_hash, status, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 'pending', $10) "
    "ON CONFLICT DO NOTHING";
constexpr std::string_view kFind = "SELECT " TSUNAGU_REGISTRATION_COLUMNS " FROM registrations WHERE id = $1";
constexpr std::string_view kFindHash = "SELECT password_hash FROM registrations WHERE id = $1";
constexpr std::string_view kPendingLogin = "SELECT 1 FROM registrations WHERE login = $1 AND status = 'pending'";
constexpr std::string_view kList = "SELECT " TSUNAGU_REGISTRATION_COLUMNS
                                   " FROM registrations WHERE (CAST($1 AS TEXT) IS NULL OR status = $1) AND (CAST($2 "
                                   "AS TEXT) IS NULL OR region_id = $2) "
                                   "AND (CAST($3 AS TEXT) IS NULL OR id < $3) ORDER BY id DESC LIMIT $4";
// The password hash is cleared once decided: it has moved to the user (or is no longer needed).
constexpr std::string_view kDecide =
    "UPDATE registrations SET status = $1, decided_at = $2, decided_by = $3, reason = $4, user_id = $5, "
    "password_hash = '' WHERE id = $6 AND status = 'pending'";
#undef TSUNAGU_REGISTRATION_COLUMNS

Registration ToRegistration(const storage::Row& r) {
  return {r.Text(0), r.Text(1), r.Text(2), r.Text(3),    r.Text(4),     r.Text(5),     r.Text(6),
          r.Text(7), r.Text(8), r.Int(9),  r.OptInt(10), r.OptText(11), r.OptText(12), r.OptText(13)};
}

}  // namespace

bool RegistrationsStore::Insert(Connection& c, const Registration& r, const std::string& password_hash) const {
  return c.Execute(kInsert, {r.id, r.login, r.name, r.name_kana, r.email, r.profession, r.organization_id, r.region_id,
                             password_hash, r.created_at}) > 0;
}

std::optional<Registration> RegistrationsStore::Find(Connection& c, const std::string& id) const {
  auto r = c.QueryOne(kFind, {id});
  if (!r) return std::nullopt;
  return ToRegistration(*r);
}

std::optional<std::string> RegistrationsStore::FindPasswordHash(Connection& c, const std::string& id) const {
  auto r = c.QueryOne(kFindHash, {id});
  if (!r) return std::nullopt;
  return r->Text(0);
}

bool RegistrationsStore::PendingLoginExists(Connection& c, const std::string& login) const {
  return c.QueryOne(kPendingLogin, {login}).has_value();
}

std::vector<Registration> RegistrationsStore::List(Connection& c, const RegistrationQuery& q) const {
  std::vector<Registration> out;
  for (const auto& r : c.Query(kList, {q.status, q.region_id, q.before_id, static_cast<int64_t>(q.limit)}))
    out.push_back(ToRegistration(r));
  return out;
}

bool RegistrationsStore::Decide(Connection& c, const std::string& id, const std::string& status, TimestampMs at,
                                const std::string& decided_by, const std::optional<std::string>& reason,
                                const std::optional<std::string>& user_id) const {
  return c.Execute(kDecide, {status, at, decided_by, reason, user_id, id}) > 0;
}

}  // namespace tsunagu::registrations
