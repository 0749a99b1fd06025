#include "auth/totp.h"

#include <liboath/oath.h>
#include <qrencode.h>
#include <sodium.h>

#include <cstdlib>
#include <memory>
#include <stdexcept>

namespace tsunagu::auth {
namespace {

constexpr unsigned kStepSeconds = 30;

struct OathInit {
  OathInit() { oath_init(); }
};

std::string DecodeSecret(const std::string& base32) {
  static OathInit init;
  char* raw = nullptr;
  size_t len = 0;
  if (oath_base32_decode(base32.data(), base32.size(), &raw, &len) != OATH_OK)
    throw std::runtime_error("stored TOTP secret is not base32");
  std::string out(raw, len);
  sodium_memzero(raw, len);
  std::free(raw);  // NOLINT(cppcoreguidelines-no-malloc): liboath allocates with malloc
  return out;
}

std::string UriEncode(const std::string& s) {
  static const char* kHex = "0123456789ABCDEF";
  std::string out;
  for (unsigned char ch : s) {
    if (std::isalnum(ch) || ch == '-' || ch == '_' || ch == '.' || ch == '~') {
      out += static_cast<char>(ch);
    } else {
      out += '%';
      out += kHex[ch >> 4];
      out += kHex[ch & 15];
    }
  }
  return out;
}

}  // namespace

std::string NewTotpSecret() {
  static OathInit init;
  unsigned char raw[20];
  randombytes_buf(raw, sizeof raw);
  char* out = nullptr;
  size_t len = 0;
  if (oath_base32_encode(reinterpret_cast<const char*>(raw), sizeof raw, &out, &len) != OATH_OK)
    throw std::runtime_error("base32 encoding failed");
  std::string secret(out, len);
  std::free(out);  // NOLINT(cppcoreguidelines-no-malloc)
  while (!secret.empty() && secret.back() == '=') secret.pop_back();
  return secret;
}

std::optional<int64_t> MatchTotp(const std::string& base32_secret, const std::string& code, TimestampMs now) {
  if (code.size() != 6) return std::nullopt;
  for (char ch : code)
    if (ch < '0' || ch > '9') return std::nullopt;
  const std::string secret = DecodeSecret(base32_secret);
  uint64_t counter = 0;
  int pos = 0;
  int rc = oath_totp_validate3(secret.data(), secret.size(), static_cast<time_t>(now / 1000), kStepSeconds, 0, 1, &pos,
                               &counter, code.c_str());
  if (rc < 0) return std::nullopt;
  return static_cast<int64_t>(counter);
}

std::string TotpCodeAt(const std::string& base32_secret, TimestampMs at) {
  const std::string secret = DecodeSecret(base32_secret);
  char otp[10] = {};
  if (oath_totp_generate(secret.data(), secret.size(), static_cast<time_t>(at / 1000), kStepSeconds, 0, 6, otp) !=
      OATH_OK)
    throw std::runtime_error("TOTP generation failed");
  return otp;
}

std::string OtpauthUri(const std::string& issuer, const std::string& login, const std::string& base32_secret) {
  return "otpauth://totp/" + UriEncode(issuer) + ":" + UriEncode(login) + "?secret=" + base32_secret +
         "&issuer=" + UriEncode(issuer) + "&algorithm=SHA1&digits=6&period=30";
}

std::string QrSvg(const std::string& text) {
  std::unique_ptr<QRcode, decltype(&QRcode_free)> qr(QRcode_encodeString(text.c_str(), 0, QR_ECLEVEL_M, QR_MODE_8, 1),
                                                     &QRcode_free);
  if (!qr) throw std::runtime_error("QR encoding failed");
  const int quiet = 4;
  const int size = qr->width + 2 * quiet;
  std::string path;
  for (int y = 0; y < qr->width; ++y) {
    for (int x = 0; x < qr->width; ++x) {
      if (qr->data[y * qr->width + x] & 1) {
        path += "M" + std::to_string(x + quiet) + " " + std::to_string(y + quiet) + "h1v1h-1z";
      }
    }
  }
  const std::string s = std::to_string(size);
  return R"(<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 )" + s + " " + s +
         R"(" shape-rendering="crispEdges" role="img" aria-label="二要素認証のQRコード">)"
         R"(<rect width="100%" height="100%" fill="#fff"/><path fill="#000" d=")" +
         path + "\"/></svg>";
}

}  // namespace tsunagu::auth
