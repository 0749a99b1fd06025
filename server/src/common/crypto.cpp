#include "common/crypto.h"

#include <sodium.h>

#include <cstdio>
#include <stdexcept>
#include <vector>

namespace tsunagu {

void InitCrypto() {
  if (sodium_init() < 0) throw std::runtime_error("libsodium could not be initialised");
}

std::string RandomToken(size_t bytes) {
  std::vector<unsigned char> raw(bytes);
  randombytes_buf(raw.data(), raw.size());
  std::string out(sodium_base64_ENCODED_LEN(bytes, sodium_base64_VARIANT_URLSAFE_NO_PADDING), '\0');
  sodium_bin2base64(out.data(), out.size(), raw.data(), raw.size(), sodium_base64_VARIANT_URLSAFE_NO_PADDING);
  out.resize(std::char_traits<char>::length(out.c_str()));
  return out;
}

std::string NewId(int64_t now_ms) {
  unsigned char rnd[5];
  randombytes_buf(rnd, sizeof rnd);
  char buf[32];
  std::snprintf(buf, sizeof buf, "%012llx%02x%02x%02x%02x%02x",
                static_cast<unsigned long long>(now_ms) & 0xffffffffffffULL, rnd[0], rnd[1], rnd[2], rnd[3], rnd[4]);
  return buf;
}

std::string Sha256Hex(std::string_view data) {
  unsigned char hash[crypto_hash_sha256_BYTES];
  crypto_hash_sha256(hash, reinterpret_cast<const unsigned char*>(data.data()), data.size());
  char hex[crypto_hash_sha256_BYTES * 2 + 1];
  sodium_bin2hex(hex, sizeof hex, hash, sizeof hash);
  return hex;
}

bool ConstantTimeEquals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  return sodium_memcmp(a.data(), b.data(), a.size()) == 0;
}

}  // namespace tsunagu
