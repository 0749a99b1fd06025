#include "auth/auth_service.h"

#include <algorithm>

#include "access/access_policy.h"
#include "auth/totp.h"
#include "common/crypto.h"
#include "common/error.h"

namespace tsunagu::auth {
namespace {

constexpr const char* kWrongCredentials = "ログインIDまたはパスワードが違います";
constexpr size_t kMinPassword = 10;
constexpr size_t kMaxPassword = 128;

// Failure counters are kept per login as typed (lower-cased, bounded), so
// that unknown logins are locked exactly like known ones.
std::string AttemptKey(const std::string& login) {
  std::string key = login.substr(0, 64);
  std::transform(key.begin(), key.end(), key.begin(), [](unsigned char ch) { return std::tolower(ch); });
  return key;
}

}  // namespace

void RequireAcceptablePassword(const std::string& field, const std::string& password) {
  // Counted in bytes: a Japanese character counts three, which only helps.
  if (password.size() < kMinPassword) throw AppError::InvalidField(field, "パスワードは10文字以上にしてください");
  if (password.size() > kMaxPassword) throw AppError::InvalidField(field, "パスワードは128文字以内にしてください");
}

AuthService::AuthService(storage::Database& db, const people::PeopleStore& people, const SessionStore& sessions,
                         const access::AuditTrail& audit, PasswordHasher& hasher, const Clock& clock,
                         AuthSettings settings)
    : db_(db),
      people_(people),
      sessions_(sessions),
      audit_(audit),
      hasher_(hasher),
      clock_(clock),
      settings_(settings) {}

void AuthService::FailSignIn(const std::string& key, const std::optional<std::string>& user_id, const std::string& ip,
                             const std::string& api_code, const std::string& message) {
  const TimestampMs now = clock_.NowMs();
  db_.Transaction([&](storage::Connection& c) {
    const int failures = sessions_.AddFailure(c, key, now);
    if (failures >= settings_.max_failures) {
      sessions_.Lock(c, key, now + settings_.lock_ms);
      audit_.Append(c, {user_id, "session.locked", std::nullopt, "login:" + key, ip});
    }
    audit_.Append(c, {user_id, "session.sign_in_failed", std::nullopt, "login:" + key, ip});
  });
  throw AppError(ErrorCode::kUnauthenticated, message, api_code);
}

SignInResult AuthService::SignIn(const SignInRequest& req) {
  const std::string key = AttemptKey(req.login);
  const TimestampMs now = clock_.NowMs();
  auto read = db_.Read([&](storage::Connection& c) {
    return std::make_pair(sessions_.GetAttempts(c, key), people_.FindCredentialsByLogin(c, req.login));
  });
  const auto& attempts = read.first;
  const auto& creds = read.second;
  if (attempts.locked_until > now) {
    throw AppError(ErrorCode::kRateLimited,
                   "ログインに続けて失敗したため、しばらくログインできません。5分以上たってからお試しください",
                   "rate_limited");
  }
  if (!creds || !creds->user.active) {
    hasher_.VerifyDummy(req.password);
    FailSignIn(key, std::nullopt, req.ip, "invalid_credentials", kWrongCredentials);
  }
  if (!hasher_.Verify(creds->password_hash, req.password)) {
    FailSignIn(key, creds->user.id, req.ip, "invalid_credentials", kWrongCredentials);
  }
  std::optional<int64_t> totp_step;
  if (creds->totp_secret) {
    if (!req.totp || req.totp->empty()) {
      throw AppError(ErrorCode::kUnauthenticated, "確認コード（6桁）を入力してください", "totp_required");
    }
    totp_step = MatchTotp(*creds->totp_secret, *req.totp, now);
    if (!totp_step) FailSignIn(key, creds->user.id, req.ip, "invalid_totp", "確認コードが違います");
  }
  bool region_requires_totp = false;
  SignInResult result;
  result.user = creds->user;
  result.session_token = RandomToken(32);
  result.csrf_token = RandomToken(24);
  const bool replayed = db_.Transaction([&](storage::Connection& c) {
    if (totp_step && !people_.AdvanceTotpCounter(c, creds->user.id, *totp_step)) return true;
    if (creds->user.region_id) {
      auto region = people_.FindRegion(c, *creds->user.region_id);
      region_requires_totp = region && region->require_totp;
    }
    sessions_.ClearFailures(c, key);
    sessions_.Insert(c, {NewId(now), Sha256Hex(result.session_token), creds->user.id, result.csrf_token, now,
                         now + settings_.absolute_timeout_ms, req.ip, req.user_agent.substr(0, 300)});
    audit_.Append(c, {creds->user.id, "session.sign_in", std::nullopt, "user:" + creds->user.id, req.ip});
    return false;
  });
  if (replayed)
    FailSignIn(key, creds->user.id, req.ip, "invalid_totp",
               "この確認コードはすでに使われています。次のコードを入力してください");
  result.totp_enrolment_required = region_requires_totp && !creds->totp_secret;
  return result;
}

void AuthService::SignOut(const access::Actor& actor) {
  access::RequireSignedIn(actor);
  db_.Transaction([&](storage::Connection& c) {
    sessions_.Delete(c, actor.session_id);
    audit_.Append(c, {actor.user_id, "session.sign_out", std::nullopt, "user:" + *actor.user_id, actor.ip});
  });
}

access::Actor AuthService::ResolveSession(const std::string& token, const std::string& ip) {
  access::Actor actor;
  actor.ip = ip;
  if (token.empty() || token.size() > 100) return actor;
  const TimestampMs now = clock_.NowMs();
  auto record = db_.Read([&](storage::Connection& c) { return sessions_.FindByTokenHash(c, Sha256Hex(token)); });
  if (!record) return actor;
  if (record->expires_at <= now || record->last_seen_at + settings_.idle_timeout_ms <= now) return actor;
  if (now - record->last_seen_at >= settings_.touch_interval_ms) {
    db_.Transaction([&](storage::Connection& c) { sessions_.Touch(c, record->id, now); });
  }
  actor.user_id = record->user_id;
  actor.region_id = record->region_id;
  actor.organization_id = record->organization_id;
  actor.system_admin = record->system_admin;
  actor.region_admin = record->region_admin;
  actor.session_id = record->id;
  actor.csrf_token = record->csrf_token;
  actor.totp_enrolment_required = record->region_requires_totp && !record->totp_enabled;
  actor.password_change_required = record->must_change_password;
  return actor;
}

people::User AuthService::Me(const access::Actor& actor) {
  access::RequireSignedIn(actor);
  auto user = db_.Read([&](storage::Connection& c) { return people_.FindUser(c, *actor.user_id); });
  if (!user) throw AppError(ErrorCode::kUnauthenticated, "ログインしてください");
  return *user;
}

TotpEnrolment AuthService::BeginTotpEnrolment(const access::Actor& actor) {
  access::RequireSignedIn(actor);
  const std::string secret = NewTotpSecret();
  const auto user = db_.Transaction([&](storage::Connection& c) {
    auto u = people_.FindUser(c, *actor.user_id);
    if (!u) throw AppError(ErrorCode::kUnauthenticated, "ログインしてください");
    people_.SetTotpPendingSecret(c, u->id, secret);
    audit_.Append(c, {actor.user_id, "totp.enrolment_started", std::nullopt, "user:" + u->id, actor.ip});
    return *u;
  });
  const std::string uri = OtpauthUri("Tsunagu", user.login, secret);
  return {secret, uri, QrSvg(uri)};
}

people::User AuthService::ConfirmTotpEnrolment(const access::Actor& actor, const std::string& code) {
  access::RequireSignedIn(actor);
  const TimestampMs now = clock_.NowMs();
  return db_.Transaction([&](storage::Connection& c) {
    auto creds = people_.FindCredentialsById(c, *actor.user_id);
    if (!creds) throw AppError(ErrorCode::kUnauthenticated, "ログインしてください");
    if (!creds->totp_pending_secret)
      throw AppError(ErrorCode::kConflict, "先に二要素認証の登録を始めてください", "totp_not_started");
    auto step = MatchTotp(*creds->totp_pending_secret, code, now);
    if (!step) {
      throw AppError(ErrorCode::kInvalidArgument,
                     "確認コードが違います。認証アプリに表示された6桁の数字を入力してください", "invalid_totp",
                     {{"code", "確認コードが違います"}});
    }
    people_.ConfirmTotp(c, creds->user.id, *step);
    audit_.Append(c, {actor.user_id, "totp.enrolled", std::nullopt, "user:" + creds->user.id, actor.ip});
    auto user = creds->user;
    user.totp_enabled = true;
    return user;
  });
}

void AuthService::ChangePassword(const access::Actor& actor, const std::string& current, const std::string& next) {
  access::RequireSignedIn(actor);
  RequireAcceptablePassword("new_password", next);
  auto creds = db_.Read([&](storage::Connection& c) { return people_.FindCredentialsById(c, *actor.user_id); });
  if (!creds) throw AppError(ErrorCode::kUnauthenticated, "ログインしてください");
  if (!hasher_.Verify(creds->password_hash, current))
    throw AppError::InvalidField("current_password", "現在のパスワードが違います");
  if (current == next) throw AppError::InvalidField("new_password", "今と違うパスワードにしてください");
  const std::string hash = hasher_.Hash(next);
  db_.Transaction([&](storage::Connection& c) {
    people_.SetPassword(c, creds->user.id, hash, false);
    sessions_.DeleteForUser(c, creds->user.id, actor.session_id);
    audit_.Append(c, {actor.user_id, "password.changed", std::nullopt, "user:" + creds->user.id, actor.ip});
  });
}

void AuthService::PurgeExpiredSessions() {
  const TimestampMs now = clock_.NowMs();
  db_.Transaction([&](storage::Connection& c) { sessions_.DeleteExpired(c, now, now - settings_.idle_timeout_ms); });
}

}  // namespace tsunagu::auth
