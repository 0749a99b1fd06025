#include "auth/totp.h"

#include <gtest/gtest.h>

namespace tsunagu::auth {
namespace {

// RFC 6238 appendix B: the SHA-1 secret "12345678901234567890" in base32.
constexpr const char* kRfcSecret = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ";

TEST(Totp, MatchesTheRfc6238Vectors) {
  EXPECT_EQ(TotpCodeAt(kRfcSecret, 59'000), "287082");
  EXPECT_EQ(TotpCodeAt(kRfcSecret, 1111111109'000), "081804");
  EXPECT_EQ(TotpCodeAt(kRfcSecret, 1234567890'000), "005924");
  EXPECT_EQ(MatchTotp(kRfcSecret, "005924", 1234567890'000), 1234567890 / 30);
}

TEST(Totp, AcceptsOneStepOfDriftAndNoMore) {
  const TimestampMs now = 1'800'000'000'000;
  EXPECT_TRUE(MatchTotp(kRfcSecret, TotpCodeAt(kRfcSecret, now - 30'000), now));
  EXPECT_FALSE(MatchTotp(kRfcSecret, TotpCodeAt(kRfcSecret, now - 90'000), now));
  EXPECT_FALSE(MatchTotp(kRfcSecret, "12345", now));
  EXPECT_FALSE(MatchTotp(kRfcSecret, "abcdef", now));
}

TEST(Totp, EnrolmentMaterialIsUsable) {
  const std::string secret = NewTotpSecret();
  EXPECT_EQ(secret.size(), 32u);
  const std::string uri = OtpauthUri("Tsunagu", "ito", secret);
  EXPECT_EQ(uri.rfind("otpauth://totp/Tsunagu:ito?secret=" + secret, 0), 0u);
  const std::string svg = QrSvg(uri);
  EXPECT_EQ(svg.rfind("<svg", 0), 0u);
  EXPECT_NE(svg.find("<path"), std::string::npos);
}

}  // namespace
}  // namespace tsunagu::auth
