// Server-side sessions and sign-in failure counters, in the database so that
// several servers share them. Makes no access decisions.
#pragma once

#include <optional>
#include <string>

#include "common/clock.h"
#include "storage/database.h"

namespace tsunagu::auth {

struct NewSession {
  std::string id;
  std::string token_hash;  // SHA-256 of the cookie value; the value itself is never stored
  std::string user_id;
  std::string csrf_token;
  TimestampMs created_at = 0;
  TimestampMs expires_at = 0;  // absolute limit
  std::string ip;
  std::string user_agent;
};

// A live session joined with what access decisions need about its user.
struct SessionRecord {
  std::string id;
  std::string csrf_token;
  TimestampMs created_at = 0;
  TimestampMs last_seen_at = 0;
  TimestampMs expires_at = 0;
  std::string user_id;
  std::optional<std::string> region_id;
  std::optional<std::string> organization_id;
  bool system_admin = false;
  bool region_admin = false;
  bool must_change_password = false;
  bool totp_enabled = false;
  bool region_requires_totp = false;
};

struct LoginAttempts {
  int failures = 0;
  TimestampMs locked_until = 0;
};

class SessionStore {
 public:
  using Connection = storage::Connection;

  void Insert(Connection& c, const NewSession& s) const;
  // Only sessions of active users.
  std::optional<SessionRecord> FindByTokenHash(Connection& c, const std::string& token_hash) const;
  void Touch(Connection& c, const std::string& session_id, TimestampMs now) const;
  void Delete(Connection& c, const std::string& session_id) const;
  // Ends every session of a user except `keep_session_id` (may be empty).
  void DeleteForUser(Connection& c, const std::string& user_id, const std::string& keep_session_id) const;
  void DeleteExpired(Connection& c, TimestampMs now, TimestampMs idle_before) const;

  LoginAttempts GetAttempts(Connection& c, const std::string& login) const;
  // Adds one failure; returns the new count.
  int AddFailure(Connection& c, const std::string& login, TimestampMs now) const;
  void Lock(Connection& c, const std::string& login, TimestampMs until) const;
  void ClearFailures(Connection& c, const std::string& login) const;
};

}  // namespace tsunagu::auth
