#include "auth/auth_service.h"

#include <gtest/gtest.h>

#include "auth/totp.h"
#include "common/error.h"
#include "support/temp_sqlite.h"

namespace tsunagu::auth {
namespace {

constexpr const char* kPassword = "correct-horse-battery";
constexpr int64_t kMinuteMs = 60'000;

class AuthServiceTest : public ::testing::Test {
 protected:
  AuthServiceTest() : clock_(1'800'000'000'000), audit_(clock_) {
    const std::string hash = hasher_.Hash(kPassword);
    temp_.db().Transaction([&](storage::Connection& c) {
      people_.InsertRegion(c, {"region-minowa", "箕輪町", false}, clock_.NowMs());
      people_.InsertOrganization(
          c, {"org-1", "region-minowa", "箕輪訪問看護ステーション", "visiting_nurse_station", true}, clock_.NowMs());
      people_.InsertUser(
          c, "user-ito",
          {"ito", "伊藤 由美", "イトウ ユミ", "ito@example.jp", "nurse", "org-1", "region-minowa", false, false, hash},
          clock_.NowMs());
    });
  }

  AppError SignInError(const std::string& password, std::optional<std::string> totp = std::nullopt) {
    try {
      service_.SignIn({"ito", password, std::move(totp), "127.0.0.1", "test"});
    } catch (const AppError& e) {
      return e;
    }
    ADD_FAILURE() << "sign-in succeeded";
    return {ErrorCode::kInvalidArgument, ""};
  }

  testing::TempSqlite temp_;
  FixedClock clock_;
  PasswordHasher hasher_;
  access::AuditTrail audit_;
  people::PeopleStore people_;
  SessionStore sessions_;
  AuthService service_{temp_.db(), people_, sessions_, audit_, hasher_, clock_, AuthSettings{}};
};

TEST_F(AuthServiceTest, ASessionEndsAfterThirtyIdleMinutes) {
  auto result = service_.SignIn({"ito", kPassword, std::nullopt, "127.0.0.1", "test"});
  clock_.AdvanceMs(29 * kMinuteMs);
  EXPECT_TRUE(service_.ResolveSession(result.session_token, "127.0.0.1").signed_in());
  clock_.AdvanceMs(29 * kMinuteMs);  // the request above renewed the idle limit
  EXPECT_TRUE(service_.ResolveSession(result.session_token, "127.0.0.1").signed_in());
  clock_.AdvanceMs(31 * kMinuteMs);
  EXPECT_FALSE(service_.ResolveSession(result.session_token, "127.0.0.1").signed_in());
}

TEST_F(AuthServiceTest, ASessionEndsTwelveHoursAfterSignInHoweverBusy) {
  auto result = service_.SignIn({"ito", kPassword, std::nullopt, "127.0.0.1", "test"});
  for (int i = 0; i < 12 * 4 - 1; ++i) {
    clock_.AdvanceMs(15 * kMinuteMs);
    ASSERT_TRUE(service_.ResolveSession(result.session_token, "127.0.0.1").signed_in()) << i;
  }
  clock_.AdvanceMs(15 * kMinuteMs);
  EXPECT_FALSE(service_.ResolveSession(result.session_token, "127.0.0.1").signed_in());
}

TEST_F(AuthServiceTest, TenFailuresLockTheLoginForFiveMinutesWhateverThePassword) {
  for (int i = 0; i < 10; ++i) EXPECT_EQ(SignInError("wrong-password").code(), ErrorCode::kUnauthenticated);
  EXPECT_EQ(SignInError(kPassword).code(), ErrorCode::kRateLimited);
  clock_.AdvanceMs(4 * 60'000 + 59'000);
  EXPECT_EQ(SignInError(kPassword).code(), ErrorCode::kRateLimited);
  clock_.AdvanceMs(2'000);
  EXPECT_NO_THROW(service_.SignIn({"ito", kPassword, std::nullopt, "127.0.0.1", "test"}));
}

TEST_F(AuthServiceTest, ATotpCodeWorksOnceOnly) {
  auto session = service_.SignIn({"ito", kPassword, std::nullopt, "127.0.0.1", "test"});
  auto actor = service_.ResolveSession(session.session_token, "127.0.0.1");
  auto enrolment = service_.BeginTotpEnrolment(actor);
  service_.ConfirmTotpEnrolment(actor, TotpCodeAt(enrolment.secret, clock_.NowMs()));

  EXPECT_EQ(SignInError(kPassword).api_code(), "totp_required");
  clock_.AdvanceMs(30'000);
  const std::string code = TotpCodeAt(enrolment.secret, clock_.NowMs());
  EXPECT_NO_THROW(service_.SignIn({"ito", kPassword, code, "127.0.0.1", "test"}));
  EXPECT_EQ(SignInError(kPassword, code).api_code(), "invalid_totp");
}

TEST_F(AuthServiceTest, EverySignInAndFailureIsAudited) {
  SignInError("wrong-password");
  service_.SignIn({"ito", kPassword, std::nullopt, "10.0.0.7", "test"});
  auto records = temp_.db().Read([&](storage::Connection& c) { return audit_.List(c, {}); });
  ASSERT_EQ(records.size(), 2u);
  EXPECT_EQ(records[0].action, "session.sign_in");
  EXPECT_EQ(records[0].ip, "10.0.0.7");
  EXPECT_EQ(records[1].action, "session.sign_in_failed");
}

}  // namespace
}  // namespace tsunagu::auth
