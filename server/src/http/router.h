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

// How a route takes its request body. The default is a JSON body of at most
// ServerSettings::max_json_body (1 MiB); a declared Content-Length over a
// route's limit is refused (413) before anything is read.
struct RouteBody {
  // multipart/form-data (415 for anything else), read only after the session
  // and CSRF checks passed: file parts go to Request::files, other fields to
  // Request::form.
  bool multipart = false;
  // The most bytes of all file parts together (413 `too_large` beyond, while
  // streaming); the whole body may exceed it by kMultipartEnvelope.
  size_t max_file_bytes = 0;
  static constexpr size_t kMultipartEnvelope = size_t{64} * 1024;

  static RouteBody Upload(size_t max_file_bytes) { return {true, max_file_bytes}; }
};

struct Route {
  std::string method;
  std::string pattern;
  RouteAccess access;
  Handler handler;
  RouteBody body;
};

class Router {
 public:
  void Add(std::string method, std::string pattern, RouteAccess access, Handler handler, RouteBody body = {});

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
