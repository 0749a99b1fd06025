#include "http/cookies.h"

namespace tsunagu::http {

std::string SessionCookieHeader(const std::string& value, bool secure) {
  return std::string(kSessionCookie) + "=" + value + "; Path=/; HttpOnly; SameSite=Strict" + (secure ? "; Secure" : "");
}

std::string ClearSessionCookieHeader(bool secure) {
  return std::string(kSessionCookie) + "=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0" + (secure ? "; Secure" : "");
}

std::map<std::string, std::string> ParseCookies(const std::string& header) {
  std::map<std::string, std::string> out;
  size_t pos = 0;
  while (pos < header.size()) {
    size_t end = header.find(';', pos);
    if (end == std::string::npos) end = header.size();
    std::string part = header.substr(pos, end - pos);
    size_t b = part.find_first_not_of(' ');
    if (b != std::string::npos) {
      part = part.substr(b);
      size_t eq = part.find('=');
      if (eq != std::string::npos) out.emplace(part.substr(0, eq), part.substr(eq + 1));
    }
    pos = end + 1;
  }
  return out;
}

}  // namespace tsunagu::http
