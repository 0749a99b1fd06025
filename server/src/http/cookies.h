// The session cookie: its name and how it is set and cleared.
#pragma once

#include <map>
#include <string>

namespace tsunagu::http {

inline constexpr const char* kSessionCookie = "tsunagu_session";

// "tsunagu_session=<v>; Path=/; HttpOnly; SameSite=Strict[; Secure]"
std::string SessionCookieHeader(const std::string& value, bool secure);
std::string ClearSessionCookieHeader(bool secure);
// Parses a Cookie header into name -> value (first occurrence wins).
std::map<std::string, std::string> ParseCookies(const std::string& header);

}  // namespace tsunagu::http
