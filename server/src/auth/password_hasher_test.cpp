#include "auth/password_hasher.h"

#include <gtest/gtest.h>

namespace tsunagu::auth {
namespace {

TEST(PasswordHasher, TemporaryPasswordsAreRandomArgon2idHashesThatVerify) {
  PasswordHasher hasher;
  const auto a = hasher.NewTemporaryPassword();
  const auto b = hasher.NewTemporaryPassword();
  EXPECT_EQ(a.password.size(), 20u);  // 15 random bytes, url-safe
  EXPECT_NE(a.password, b.password);
  EXPECT_EQ(a.hash.rfind("$argon2id$", 0), 0u);
  EXPECT_NE(a.hash.find("m=8,t=1,"), std::string::npos);  // libsodium's minimum limits
  EXPECT_TRUE(hasher.Verify(a.hash, a.password));
  EXPECT_FALSE(hasher.Verify(a.hash, b.password));
}

TEST(PasswordHasher, ChosenPasswordsKeepTheInteractiveCost) {
  PasswordHasher hasher;
  const std::string hash = hasher.Hash("correct horse battery staple");
  EXPECT_NE(hash.find("m=65536,t=2,"), std::string::npos);
  EXPECT_TRUE(hasher.Verify(hash, "correct horse battery staple"));
}

}  // namespace
}  // namespace tsunagu::auth
