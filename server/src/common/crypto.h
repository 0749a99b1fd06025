// Small wrappers over libsodium: randomness, hashing and encodings.
// InitCrypto() must be called once before any other function here.
#pragma once

#include <string>
#include <string_view>

namespace tsunagu {

// Initialises libsodium; throws std::runtime_error when it cannot.
void InitCrypto();

// `bytes` random bytes, base64url without padding.
std::string RandomToken(size_t bytes);

// A new identifier: 12 hex digits of the creation time in milliseconds then 10
// random hex digits, so that ids sort by creation time (cursor paging).
std::string NewId(int64_t now_ms);

// Lower-case hex SHA-256.
std::string Sha256Hex(std::string_view data);

// Constant-time comparison of two strings.
bool ConstantTimeEquals(std::string_view a, std::string_view b);

}  // namespace tsunagu
