#include "auth/password_hasher.h"

#include <sodium.h>

#include <stdexcept>

#include "common/crypto.h"

namespace tsunagu::auth {

class PasswordHasher::Slot {
 public:
  explicit Slot(PasswordHasher& h) : h_(h) {
    std::unique_lock lock(h_.mu_);
    h_.cv_.wait(lock, [&] { return h_.available_ > 0; });
    --h_.available_;
  }
  ~Slot() {
    {
      std::lock_guard lock(h_.mu_);
      ++h_.available_;
    }
    h_.cv_.notify_one();
  }
  Slot(const Slot&) = delete;
  Slot& operator=(const Slot&) = delete;

 private:
  PasswordHasher& h_;
};

std::string PasswordHasher::Hash(const std::string& password) {
  char out[crypto_pwhash_STRBYTES];
  Slot slot(*this);
  if (crypto_pwhash_str(out, password.data(), password.size(), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                        crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0)
    throw std::runtime_error("argon2id hashing failed (out of memory)");
  return out;
}

PasswordHasher::TemporaryPassword PasswordHasher::NewTemporaryPassword() {
  TemporaryPassword t;
  t.password = RandomToken(15);
  char out[crypto_pwhash_STRBYTES];
  if (crypto_pwhash_str_alg(out, t.password.data(), t.password.size(), crypto_pwhash_OPSLIMIT_MIN,
                            crypto_pwhash_MEMLIMIT_MIN, crypto_pwhash_ALG_ARGON2ID13) != 0)
    throw std::runtime_error("argon2id hashing failed (out of memory)");
  t.hash = out;
  return t;
}

bool PasswordHasher::Verify(const std::string& encoded, const std::string& password) {
  if (encoded.size() >= crypto_pwhash_STRBYTES) return false;
  Slot slot(*this);
  return crypto_pwhash_str_verify(encoded.c_str(), password.data(), password.size()) == 0;
}

void PasswordHasher::VerifyDummy(const std::string& password) {
  std::string dummy;
  {
    std::lock_guard lock(mu_);
    dummy = dummy_hash_;
  }
  if (dummy.empty()) {
    dummy = Hash("tsunagu-dummy-password");
    std::lock_guard lock(mu_);
    dummy_hash_ = dummy;
  }
  Verify(dummy, password);
}

}  // namespace tsunagu::auth
