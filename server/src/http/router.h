// The route table: method + path pattern ("/api/v1/registrations/{id}/approve")
// to a handler, with who may call it.
#pragma once

#include <functional>
#include <map>
#include <string>
#include <vector>

#include "http/request.h"

namespace tsunagu::http {

enum class RouteAccess {
  kPublic,    // anyone; no CSRF token needed (sign-in, applying to join, lookups)
  kSignedIn,  // a full session, CSRF token on state-changing methods
  kSetup,     // also reachable by a session that must first enrol TOTP or change its password
};

using Handler = std::function<Response(Request&)>;

struct Route {
  std::string method;
  std::string pattern;
  RouteAccess access;
  Handler handler;
};

class Router {
 public:
  void Add(std::string method, std::string pattern, RouteAccess access, Handler handler);

  struct Match {
    const Route* route = nullptr;
    std::map<std::string, std::string> params;
    std::vector<std::string> allowed_methods;  // when the path matched another method
  };
  Match Find(const std::string& method, const std::string& path) const;
  const std::vector<Route>& routes() const { return routes_; }

 private:
  std::vector<Route> routes_;
};

}  // namespace tsunagu::http
