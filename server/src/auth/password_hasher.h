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
  // A generated temporary password (an admin's reset, a CSV import): 15
  // random bytes (120 bits, 20 url-safe characters, easy to read out and type
  // once) that must be changed at first sign-in. Guessing 120 random bits is
  // hopeless at any hashing cost, so its hash uses libsodium's minimum
  // Argon2id limits (well under a millisecond, 8 KiB) and takes no slot: an
  // import of many people does not hold the sign-ins' slots. Still an
  // $argon2id$ string that Verify checks. Chosen passwords always use Hash.
  struct TemporaryPassword {
    std::string password;
    std::string hash;
  };
  TemporaryPassword NewTemporaryPassword();
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
