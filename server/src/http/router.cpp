#include "http/router.h"

namespace tsunagu::http {
namespace {

std::vector<std::string> Split(const std::string& path) {
  std::vector<std::string> parts;
  size_t start = 1;
  while (start <= path.size()) {
    size_t end = path.find('/', start);
    if (end == std::string::npos) end = path.size();
    parts.push_back(path.substr(start, end - start));
    start = end + 1;
  }
  return parts;
}

bool MatchPattern(const std::string& pattern, const std::string& path, std::map<std::string, std::string>& params) {
  auto p = Split(pattern);
  auto a = Split(path);
  if (p.size() != a.size()) return false;
  std::map<std::string, std::string> found;
  for (size_t i = 0; i < p.size(); ++i) {
    if (p[i].size() > 2 && p[i].front() == '{' && p[i].back() == '}') {
      if (a[i].empty() || a[i].size() > 64) return false;
      found[p[i].substr(1, p[i].size() - 2)] = a[i];
    } else if (p[i] != a[i]) {
      return false;
    }
  }
  params = std::move(found);
  return true;
}

}  // namespace

void Router::Add(std::string method, std::string pattern, RouteAccess access, Handler handler, RouteBody body) {
  routes_.push_back({std::move(method), std::move(pattern), access, std::move(handler), body});
}

Router::Match Router::Find(const std::string& method, const std::string& path) const {
  Match m;
  for (const auto& r : routes_) {
    std::map<std::string, std::string> params;
    if (!MatchPattern(r.pattern, path, params)) continue;
    if (r.method == method) {
      m.route = &r;
      m.params = std::move(params);
      return m;
    }
    m.allowed_methods.push_back(r.method);
  }
  return m;
}

}  // namespace tsunagu::http
