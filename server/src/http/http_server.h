// The only code that sees Poco::Net: accepts connections, turns POCO requests
// into Request, runs the route's checks (session, CSRF, set-up restrictions,
// body limits), calls the handler, maps errors, and serves the web UI.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "access/actor.h"
#include "http/router.h"

namespace tsunagu::http {

// Live updates: a WebSocket upgrade of this path (see LiveSockets). A plain
// GET of it reaches the route the application registers there.
inline constexpr const char* kLivePath = "/api/v1/live";

struct ServerSettings {
  std::string host = "127.0.0.1";
  int port = 8080;
  int max_threads = 512;  // POCO holds a thread per keep-alive connection
  int max_queued = 2048;
  int keep_alive_seconds = 10;
  size_t max_json_body = 1 << 20;  // 1 MiB (API.md)
  std::string web_root;            // built web UI; empty: none
  bool trust_proxy = false;        // take client IP and scheme from X-Forwarded-*
  bool secure_cookies = false;     // always mark cookies Secure
};

// Resolves a session cookie value to the acting user (signed out when invalid).
using SessionResolver = std::function<access::Actor(const std::string& token, const std::string& ip)>;

class HttpServer {
 public:
  HttpServer(const Router& router, const SessionResolver& resolver, const ServerSettings& settings);
  ~HttpServer();
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  // Binds (failing loudly when the port is taken) and starts serving.
  void Start();
  void Stop();
  int port() const;
  // Sends a live-update message to every open /api/v1/live connection of these users.
  void DeliverLive(const std::vector<std::string>& user_ids, const std::string& message);

 private:
  class Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace tsunagu::http
