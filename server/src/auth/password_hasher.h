// Argon2id password hashes (libsodium, "interactive" limits: ~130 ms and
// 64 MiB each). At most `max_concurrent` hashes run at once so that a flood of
// sign-ins cannot exhaust memory; the rest wait. Thread-safe.
#pragma once

#include <condition_variable>
#include <mutex>
#include <string>

namespace tsunagu::auth {

class PasswordHasher {
 public:
  explicit PasswordHasher(int max_concurrent = 2) : available_(max_concurrent) {}

  // Returns an encoded Argon2id string ($argon2id$v=19$...).
  std::string Hash(const std::string& password);
  // True when `password` matches `encoded`. A malformed `encoded` is false.
  bool Verify(const std::string& encoded, const std::string& password);
  // Spends the same time as a Verify, for unknown logins (no timing oracle).
  void VerifyDummy(const std::string& password);

 private:
  class Slot;
  std::mutex mu_;
  std::condition_variable cv_;
  int available_;
  std::string dummy_hash_;
};

}  // namespace tsunagu::auth
