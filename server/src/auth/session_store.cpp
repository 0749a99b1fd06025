#include "auth/session_store.h"

namespace tsunagu::auth {
namespace {

constexpr std::string_view kInsert =
    "INSERT INTO sessions (id, token_hash, user_id, csrf_token, created_at, last_seen_at, expires_at, ip, "
    "user_agent) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)";
constexpr std::string_view kFindByTokenHash =
    "SELECT s.id, s.csrf_token, s.created_at, s.last_seen_at, s.expires_at, u.id, u.region_id, "
    "u.organization_id, u.is_system_admin, u.is_region_admin, u.must_change_password, "
    "CASE WHEN u.totp_secret IS NULL THEN 0 ELSE 1 END, COALESCE(r.require_totp, 0) "
    "FROM sessions s JOIN users u ON u.id = s.user_id LEFT JOIN regions r ON r.id = u.region_id "
    "WHERE s.token_hash = $1 AND u.active = 1";
constexpr std::string_view kTouch = "UPDATE sessions SET last_seen_at = $1 WHERE id = $2";
constexpr std::string_view kDelete = "DELETE FROM sessions WHERE id = $1";
constexpr std::string_view kDeleteForUser = "DELETE FROM sessions WHERE user_id = $1 AND id <> $2";
constexpr std::string_view kDeleteExpired = "DELETE FROM sessions WHERE expires_at <= $1 OR last_seen_at < $2";

constexpr std::string_view kGetAttempts = "SELECT failures, locked_until FROM login_attempts WHERE login = $1";
constexpr std::string_view kAddFailure =
    "INSERT INTO login_attempts (login, failures, locked_until, updated_at) VALUES ($1, 1, 0, $2) "
    "ON CONFLICT (login) DO UPDATE SET failures = login_attempts.failures + 1, updated_at = $2 "
    "RETURNING failures";
constexpr std::string_view kLock = "UPDATE login_attempts SET failures = 0, locked_until = $1 WHERE login = $2";
constexpr std::string_view kClear = "DELETE FROM login_attempts WHERE login = $1";

}  // namespace

void SessionStore::Insert(Connection& c, const NewSession& s) const {
  c.Execute(kInsert, {s.id, s.token_hash, s.user_id, s.csrf_token, s.created_at, s.created_at, s.expires_at, s.ip,
                      s.user_agent});
}

std::optional<SessionRecord> SessionStore::FindByTokenHash(Connection& c, const std::string& token_hash) const {
  auto r = c.QueryOne(kFindByTokenHash, {token_hash});
  if (!r) return std::nullopt;
  return SessionRecord{r->Text(0),    r->Text(1), r->Int(2),  r->Int(3),   r->Int(4),   r->Text(5), r->OptText(6),
                       r->OptText(7), r->Bool(8), r->Bool(9), r->Bool(10), r->Bool(11), r->Bool(12)};
}

void SessionStore::Touch(Connection& c, const std::string& session_id, TimestampMs now) const {
  c.Execute(kTouch, {now, session_id});
}

void SessionStore::Delete(Connection& c, const std::string& session_id) const { c.Execute(kDelete, {session_id}); }

void SessionStore::DeleteForUser(Connection& c, const std::string& user_id, const std::string& keep_session_id) const {
  c.Execute(kDeleteForUser, {user_id, keep_session_id});
}

void SessionStore::DeleteExpired(Connection& c, TimestampMs now, TimestampMs idle_before) const {
  c.Execute(kDeleteExpired, {now, idle_before});
}

LoginAttempts SessionStore::GetAttempts(Connection& c, const std::string& login) const {
  auto r = c.QueryOne(kGetAttempts, {login});
  if (!r) return {};
  return {static_cast<int>(r->Int(0)), r->Int(1)};
}

int SessionStore::AddFailure(Connection& c, const std::string& login, TimestampMs now) const {
  auto r = c.QueryOne(kAddFailure, {login, now});
  return r ? static_cast<int>(r->Int(0)) : 1;
}

void SessionStore::Lock(Connection& c, const std::string& login, TimestampMs until) const {
  c.Execute(kLock, {until, login});
}

void SessionStore::ClearFailures(Connection& c, const std::string& login) const { c.Execute(kClear, {login}); }

}  // namespace tsunagu::auth
