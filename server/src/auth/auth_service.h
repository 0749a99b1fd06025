// Sign-in, sessions, the second factor and passwords: the rules.
#pragma once

#include <optional>
#include <string>

#include "access/actor.h"
#include "access/audit_trail.h"
#include "auth/password_hasher.h"
#include "auth/session_store.h"
#include "common/clock.h"
#include "people/people_store.h"
#include "storage/database.h"

namespace tsunagu::auth {

struct AuthSettings {
  int64_t idle_timeout_ms = 30LL * 60 * 1000;        // 30 minutes without a request
  int64_t absolute_timeout_ms = 12LL * 3600 * 1000;  // 12 hours after sign-in
  int max_failures = 10;                             // then the login is locked
  int64_t lock_ms = 5LL * 60 * 1000;                 // for 5 minutes
  int64_t touch_interval_ms = 60LL * 1000;           // write last_seen at most once a minute
};

struct SignInRequest {
  std::string login;
  std::string password;
  std::optional<std::string> totp;
  std::string ip;
  std::string user_agent;
};

struct SignInResult {
  people::User user;
  std::string session_token;  // the cookie value
  std::string csrf_token;
  bool totp_enrolment_required = false;
};

struct TotpEnrolment {
  std::string secret;
  std::string otpauth_uri;
  std::string qr_svg;
};

// Throws kInvalidArgument naming `field` when `password` is too short or long.
void RequireAcceptablePassword(const std::string& field, const std::string& password);

class AuthService {
 public:
  AuthService(storage::Database& db, const people::PeopleStore& people, const SessionStore& sessions,
              const access::AuditTrail& audit, PasswordHasher& hasher, const Clock& clock, AuthSettings settings);

  // Throws kUnauthenticated ("invalid_credentials", "totp_required",
  // "invalid_totp") or kRateLimited; the message never says whether the login exists.
  SignInResult SignIn(const SignInRequest& request);
  void SignOut(const access::Actor& actor);

  // The actor for a session cookie value; a signed-out actor when the session
  // is unknown, idle too long or past its absolute limit.
  access::Actor ResolveSession(const std::string& token, const std::string& ip);

  people::User Me(const access::Actor& actor);
  // Starts (or restarts) enrolment with a fresh secret.
  TotpEnrolment BeginTotpEnrolment(const access::Actor& actor);
  // Confirms with a code from the authenticator; throws kInvalidArgument "invalid_totp".
  people::User ConfirmTotpEnrolment(const access::Actor& actor, const std::string& code);
  // Throws kInvalidArgument when `current` is wrong or `next` unacceptable.
  // Ends the user's other sessions.
  void ChangePassword(const access::Actor& actor, const std::string& current, const std::string& next);

  // Removes sessions past their limits. Returns nothing; cheap to call often.
  void PurgeExpiredSessions();

 private:
  [[noreturn]] void FailSignIn(const std::string& key, const std::optional<std::string>& user_id, const std::string& ip,
                               const std::string& api_code, const std::string& message);

  storage::Database& db_;
  const people::PeopleStore& people_;
  const SessionStore& sessions_;
  const access::AuditTrail& audit_;
  PasswordHasher& hasher_;
  const Clock& clock_;
  AuthSettings settings_;
};

}  // namespace tsunagu::auth
