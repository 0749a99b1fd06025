// RFC 6238 TOTP (30-second steps, 6 digits, HMAC-SHA1) over liboath, and the
// enrolment material: a random secret, its otpauth:// URI and a QR code in SVG.
#pragma once

#include <optional>
#include <string>

#include "common/clock.h"

namespace tsunagu::auth {

// A new random 160-bit secret, base32 without padding.
std::string NewTotpSecret();

// The time step (counter) that `code` matches for `base32_secret` at `now`,
// allowing one step of clock drift either way; nullopt when it matches none.
// Replay protection (a step used once only) is the caller's.
std::optional<int64_t> MatchTotp(const std::string& base32_secret, const std::string& code, TimestampMs now);

// The code for a step; for tests and tools.
std::string TotpCodeAt(const std::string& base32_secret, TimestampMs at);

// otpauth://totp/Tsunagu:<login>?secret=...&issuer=Tsunagu&algorithm=SHA1&digits=6&period=30
std::string OtpauthUri(const std::string& issuer, const std::string& login, const std::string& base32_secret);

// A standalone SVG document of the QR code encoding `text`.
std::string QrSvg(const std::string& text);

}  // namespace tsunagu::auth
