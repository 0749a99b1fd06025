#include "http/http_server.h"

#include <Poco/Net/HTMLForm.h>
#include <Poco/Net/HTTPRequestHandler.h>
#include <Poco/Net/HTTPRequestHandlerFactory.h>
#include <Poco/Net/HTTPServer.h>
#include <Poco/Net/HTTPServerParams.h>
#include <Poco/Net/HTTPServerRequest.h>
#include <Poco/Net/HTTPServerRequestImpl.h>
#include <Poco/Net/HTTPServerResponse.h>
#include <Poco/Net/MessageHeader.h>
#include <Poco/Net/NetException.h>
#include <Poco/Net/PartHandler.h>
#include <Poco/Net/ServerSocket.h>
#include <Poco/Net/WebSocket.h>
#include <Poco/String.h>
#include <Poco/ThreadPool.h>
#include <Poco/URI.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <atomic>
#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>

#include "common/crypto.h"
#include "common/error.h"
#include "common/utf8.h"
#include "http/cookies.h"
#include "http/json_fields.h"
#include "http/live_sockets.h"

namespace tsunagu::http {
namespace {

namespace fs = std::filesystem;

bool IsStateChanging(const std::string& method) {
  return method == "POST" || method == "PUT" || method == "PATCH" || method == "DELETE";
}

Json ErrorBody(const std::string& code, const std::string& message,
               const std::map<std::string, std::string>& fields = {}) {
  Json err = {{"code", code}, {"message", message}};
  if (!fields.empty()) err["fields"] = fields;
  return Json{{"error", err}};
}

Response ErrorResponse(int status, const std::string& code, const std::string& message,
                       const std::map<std::string, std::string>& fields = {}) {
  Response r;
  r.status = status;
  r.body = ErrorBody(code, message, fields);
  return r;
}

std::string ContentTypeFor(const fs::path& p) {
  static const std::map<std::string, std::string> kTypes = {{".html", "text/html; charset=utf-8"},
                                                            {".js", "text/javascript; charset=utf-8"},
                                                            {".css", "text/css; charset=utf-8"},
                                                            {".svg", "image/svg+xml"},
                                                            {".png", "image/png"},
                                                            {".ico", "image/x-icon"},
                                                            {".json", "application/json"},
                                                            {".webmanifest", "application/manifest+json"},
                                                            {".woff2", "font/woff2"},
                                                            {".txt", "text/plain; charset=utf-8"}};
  auto it = kTypes.find(p.extension().string());
  return it == kTypes.end() ? "application/octet-stream" : it->second;
}

// The file name parameter of a part's Content-Disposition, as sent: browsers
// send it as a quoted string with `"` as %22 and backslashes unescaped, so only
// \" is taken as an escape. filename*=UTF-8''... (RFC 5987) is preferred.
std::string PartFileName(const std::string& disposition) {
  std::string plain;
  std::optional<std::string> extended;
  size_t i = disposition.find(';');
  while (i != std::string::npos && i < disposition.size()) {
    ++i;
    while (i < disposition.size() && (disposition[i] == ' ' || disposition[i] == '\t')) ++i;
    const size_t eq = disposition.find('=', i);
    if (eq == std::string::npos) break;
    std::string name = disposition.substr(i, eq - i);
    while (!name.empty() && name.back() == ' ') name.pop_back();
    for (auto& ch : name) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    std::string value;
    i = eq + 1;
    if (i < disposition.size() && disposition[i] == '"') {
      for (++i; i < disposition.size() && disposition[i] != '"'; ++i) {
        if (disposition[i] == '\\' && i + 1 < disposition.size() && disposition[i + 1] == '"') ++i;
        value += disposition[i];
      }
      i = disposition.find(';', i);
    } else {
      const size_t end = disposition.find(';', i);
      value = disposition.substr(i, end == std::string::npos ? std::string::npos : end - i);
      i = end;
    }
    if (name == "filename") plain = value;
    if (name == "filename*") {
      const size_t quote = value.find("''");
      std::string charset = value.substr(0, value.find('\''));
      for (auto& ch : charset) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
      if (quote != std::string::npos && charset == "utf-8") {
        std::string decoded;
        try {
          Poco::URI::decode(value.substr(quote + 2), decoded);
          extended = decoded;
        } catch (const Poco::Exception&) {  // NOLINT(bugprone-empty-catch): fall back to filename=
        }
      }
    }
  }
  return extended.value_or(plain);
}

// Receives the file parts of a multipart body into memory, refusing (413)
// as soon as they exceed the route's limit together.
class UploadPartHandler final : public Poco::Net::PartHandler {
 public:
  UploadPartHandler(std::vector<UploadedFile>& files, size_t max_bytes) : files_(files), max_bytes_(max_bytes) {}

  void handlePart(const Poco::Net::MessageHeader& header, std::istream& stream) override {
    if (files_.size() >= kMaxFiles) throw AppError::InvalidField("file", "一度に送れるファイルは1つです");
    UploadedFile file;
    const std::string disposition = header.get("Content-Disposition", "");
    std::string kind;
    Poco::Net::NameValueCollection params;
    Poco::Net::MessageHeader::splitParameters(disposition, kind, params);
    file.field = params.get("name", "");
    file.file_name = PartFileName(disposition);
    file.content_type = header.get("Content-Type", "");
    char buf[65536];
    while (stream) {
      stream.read(buf, sizeof buf);
      const auto n = static_cast<size_t>(stream.gcount());
      received_ += n;
      if (received_ > max_bytes_) throw TooLarge(max_bytes_);
      file.data.append(buf, n);
    }
    files_.push_back(std::move(file));
  }

  static AppError TooLarge(size_t max_bytes) {
    return {ErrorCode::kTooLarge, "ファイルが大きすぎます（" + std::to_string(max_bytes >> 20) + "MiBまで）",
            "too_large"};
  }

 private:
  static constexpr size_t kMaxFiles = 1;
  std::vector<UploadedFile>& files_;
  size_t max_bytes_;
  size_t received_ = 0;
};

class Dispatcher {
 public:
  Dispatcher(const Router& router, SessionResolver resolver, ServerSettings settings, LiveSockets& live)
      : router_(router), resolver_(std::move(resolver)), settings_(std::move(settings)), live_(live) {
    if (!settings_.web_root.empty()) web_root_ = fs::weakly_canonical(settings_.web_root);
  }

  void Handle(Poco::Net::HTTPServerRequest& preq, Poco::Net::HTTPServerResponse& presp) {
    Request req;
    Response resp;
    const std::string request_id = RandomToken(8);
    if (IsLiveUpgrade(preq)) {
      try {
        if (AcceptLive(preq, presp)) return;
        resp = ErrorResponse(400, "invalid_argument", "WebSocket の接続を開始できませんでした");
      } catch (const AppError& e) {
        resp = ErrorResponse(HttpStatusOf(e.code()), e.api_code(), e.what(), e.fields());
      }
      req.method = preq.getMethod();
      Send(req, resp, preq, presp, request_id);
      return;
    }
    bool body_read = false;
    size_t drain_cap = 4 * settings_.max_json_body;
    try {
      resp = Process(preq, req, body_read, drain_cap);
    } catch (const AppError& e) {
      resp = ErrorResponse(HttpStatusOf(e.code()), e.api_code(), e.what(), e.fields());
    } catch (const std::exception& e) {
      spdlog::error("request {} {} {} failed: {}", request_id, req.method, req.path, e.what());
      resp = ErrorResponse(500, "internal",
                           "サーバーで問題が起きました。時間をおいてお試しください（" + request_id + "）");
    }
    // A body left unread (an error answered before reading it, or one too
    // large) must not be parsed as the next request on this connection.
    const bool has_body =
        preq.getChunkedTransferEncoding() || (preq.hasContentLength() && preq.getContentLength64() > 0);
    if (has_body && !body_read && !DrainBody(preq, drain_cap)) presp.setKeepAlive(false);
    Send(req, resp, preq, presp, request_id);
  }

 private:
  static bool IsLiveUpgrade(const Poco::Net::HTTPServerRequest& preq) {
    return Poco::icompare(preq.get("Upgrade", ""), "websocket") == 0 && Poco::URI(preq.getURI()).getPath() == kLivePath;
  }

  // The WebSocket handshake for /api/v1/live: a signed-in, fully set-up
  // session from this site only. On success the socket moves to LiveSockets
  // and this worker thread is free again.
  bool AcceptLive(Poco::Net::HTTPServerRequest& preq, Poco::Net::HTTPServerResponse& presp) {
    const std::string ip = preq.clientAddress().host().toString();
    auto cookies = ParseCookies(preq.get("Cookie", ""));
    auto token = cookies.find(kSessionCookie);
    const access::Actor actor = token == cookies.end() ? access::Actor{} : resolver_(token->second, ip);
    if (!actor.signed_in()) throw AppError(ErrorCode::kUnauthenticated, "ログインしてください");
    if (actor.totp_enrolment_required || actor.password_change_required)
      throw AppError(ErrorCode::kPermissionDenied, "先に初期設定を済ませてください", "setup_required");
    // Cross-site WebSocket hijacking: a page of another site must not open it.
    if (preq.has("Origin") && Poco::URI(preq.get("Origin")).getAuthority() != preq.getHost())
      throw AppError(ErrorCode::kPermissionDenied, "この接続は許可されていません", "origin_mismatch");
    try {
      Poco::Net::WebSocket socket(preq, presp);
      live_.Add(*actor.user_id, token->second, socket);
      return true;
    } catch (const Poco::Net::WebSocketException&) {
      return false;
    }
  }

  Response Process(Poco::Net::HTTPServerRequest& preq, Request& req, bool& body_read, size_t& drain_cap) {
    req.method = preq.getMethod();
    Poco::URI uri;
    try {
      uri = Poco::URI(preq.getURI());
      req.path = uri.getPath();
      for (auto& [k, v] : uri.getQueryParameters()) req.query.emplace(k, v);
    } catch (const Poco::Exception&) {
      throw AppError(ErrorCode::kInvalidArgument, "URLの形式が正しくありません", "invalid_url");
    }
    bool url_ok = req.path.find('\0') == std::string::npos && IsValidUtf8(req.path);
    for (const auto& [k, v] : req.query) url_ok = url_ok && IsValidUtf8(k) && IsValidUtf8(v);
    if (!url_ok) throw AppError(ErrorCode::kInvalidArgument, "URLの形式が正しくありません", "invalid_url");
    for (const auto& [name, value] : preq) {
      std::string lower = name;
      for (auto& ch : lower) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
      req.headers[lower] = value;
    }
    req.client_ip = preq.clientAddress().host().toString();
    req.secure = settings_.secure_cookies;
    if (settings_.trust_proxy) {
      if (auto fwd = req.Header("x-forwarded-for")) {
        auto comma = fwd->rfind(',');
        std::string last = comma == std::string::npos ? *fwd : fwd->substr(comma + 1);
        last.erase(0, last.find_first_not_of(' '));
        if (!last.empty()) req.client_ip = last.substr(0, 64);
      }
      if (req.Header("x-forwarded-proto") == "https") req.secure = true;
    }

    const bool api = req.path.rfind("/api/", 0) == 0 || req.path == "/healthz";
    if (!api) return ServeStatic(req);

    auto match = router_.Find(req.method, req.path);
    if (!match.route) {
      if (!match.allowed_methods.empty()) {
        Response r = ErrorResponse(405, "method_not_allowed", "このURLではその操作はできません");
        std::string allow;
        for (const auto& m : match.allowed_methods) allow += (allow.empty() ? "" : ", ") + m;
        r.headers.emplace_back("Allow", allow);
        return r;
      }
      throw AppError(ErrorCode::kNotFound, "見つかりません");
    }
    req.path_params = match.params;
    const RouteBody& body_rule = match.route->body;
    if (body_rule.multipart) {
      // Uploads are read only once the caller is known to be allowed; until
      // then an unread body within the limit is drained, not kept.
      const size_t limit = body_rule.max_file_bytes + RouteBody::kMultipartEnvelope;
      drain_cap = std::max(drain_cap, limit);
      if (preq.hasContentLength() && preq.getContentLength64() > static_cast<Poco::Int64>(limit))
        throw UploadPartHandler::TooLarge(body_rule.max_file_bytes);
    } else {
      ReadBody(preq, req);
      body_read = true;
    }

    auto cookies = ParseCookies(req.Header("cookie").value_or(""));
    auto token = cookies.find(kSessionCookie);
    req.actor = token == cookies.end() ? access::Actor{} : resolver_(token->second, req.client_ip);
    req.actor.ip = req.client_ip;

    const Route& route = *match.route;
    if (route.access != RouteAccess::kPublic) {
      if (!req.actor.signed_in()) throw AppError(ErrorCode::kUnauthenticated, "ログインしてください");
      if (IsStateChanging(req.method)) {
        auto sent = req.Header("x-csrf-token").value_or("");
        if (sent.empty() || !ConstantTimeEquals(sent, req.actor.csrf_token))
          throw AppError(ErrorCode::kPermissionDenied, "画面を読み込み直してから、もう一度お試しください",
                         "csrf_failed");
      }
      if (route.access != RouteAccess::kSetup) {
        if (req.actor.totp_enrolment_required)
          throw AppError(ErrorCode::kPermissionDenied, "先に二要素認証を設定してください", "totp_enrolment_required");
        if (req.actor.password_change_required)
          throw AppError(ErrorCode::kPermissionDenied, "先にパスワードを変更してください", "password_change_required");
      }
    }
    if (route.body.multipart) {
      ReadMultipart(preq, req, route.body);
      body_read = true;
    }
    return route.handler(req);
  }

  // Reads and discards what is left of the request body, up to a bound, so
  // that the client receives the answer (closing a socket with unread data
  // resets it) and the connection can be kept. False when too much is left.
  bool DrainBody(Poco::Net::HTTPServerRequest& preq, size_t cap) {
    // A body declared larger than the cap is not waited for at all.
    if (preq.hasContentLength() && preq.getContentLength64() > static_cast<Poco::Int64>(cap)) return false;
    size_t drained = 0;
    try {
      std::istream& in = preq.stream();
      char buf[16384];
      while (in && drained <= cap) {
        in.read(buf, sizeof buf);
        drained += static_cast<size_t>(in.gcount());
      }
      return in.eof() && drained <= cap;
    } catch (const std::exception&) {
      return false;
    }
  }

  void ReadBody(Poco::Net::HTTPServerRequest& preq, Request& req) const {
    const auto limit = settings_.max_json_body;
    if (preq.hasContentLength() && preq.getContentLength64() > static_cast<Poco::Int64>(limit))
      throw AppError(ErrorCode::kTooLarge, "送信内容が大きすぎます（1MiBまで）");
    std::istream& in = preq.stream();
    std::string body;
    char buf[16384];
    while (in) {
      in.read(buf, sizeof buf);
      body.append(buf, static_cast<size_t>(in.gcount()));
      if (body.size() > limit) throw AppError(ErrorCode::kTooLarge, "送信内容が大きすぎます（1MiBまで）");
    }
    req.body = std::move(body);
  }

  // Streams a multipart/form-data body: file parts through UploadPartHandler
  // (limit enforced while reading), a few short plain fields into req.form.
  void ReadMultipart(Poco::Net::HTTPServerRequest& preq, Request& req, const RouteBody& rule) {
    std::string type = req.Header("content-type").value_or("");
    std::string mime = type.substr(0, type.find(';'));
    while (!mime.empty() && mime.back() == ' ') mime.pop_back();
    for (auto& ch : mime) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    if (mime != "multipart/form-data" || type.find("boundary=") == std::string::npos)
      throw AppError(ErrorCode::kUnsupportedType, "ファイルは multipart/form-data で送信してください");
    UploadPartHandler handler(req.files, rule.max_file_bytes);
    Poco::Net::HTMLForm form;
    form.setFieldLimit(20);
    form.setValueLengthLimit(1024);
    try {
      form.load(preq, preq.stream(), handler);
    } catch (const Poco::Exception&) {
      throw AppError(ErrorCode::kInvalidArgument, "送信内容（multipart/form-data）を読み取れません",
                     "invalid_multipart");
    }
    // Whatever follows the closing boundary (an epilogue) is read and dropped,
    // so that it is not taken for the next request on this connection.
    std::istream& rest = preq.stream();
    char buf[4096];
    size_t extra = 0;
    while (rest && extra <= RouteBody::kMultipartEnvelope) {
      rest.read(buf, sizeof buf);
      extra += static_cast<size_t>(rest.gcount());
    }
    if (extra > RouteBody::kMultipartEnvelope)
      throw AppError(ErrorCode::kTooLarge, "送信内容が大きすぎます", "too_large");
    for (const auto& [name, value] : form) req.form.emplace(name, value);
  }

  Response ServeStatic(const Request& req) {
    if (req.method != "GET" && req.method != "HEAD") throw AppError(ErrorCode::kNotFound, "見つかりません");
    if (web_root_.empty()) {
      Response r;
      r.content_type = "text/plain; charset=utf-8";
      r.raw_body = "Tsunagu API server. The web UI was not built (see README).\n";
      return r;
    }
    // Refuse any path that leaves the web root, whatever its spelling.
    fs::path rel = fs::path(req.path).relative_path().lexically_normal();
    if (rel.empty() || rel.string().rfind("..", 0) == 0) rel = "index.html";
    fs::path file = (web_root_ / rel).lexically_normal();
    const auto root = web_root_.string();
    if (file.string().compare(0, root.size(), root) != 0) throw AppError(ErrorCode::kNotFound, "見つかりません");
    std::error_code ec;
    if (!fs::is_regular_file(file, ec)) {
      // Client-side routes (no extension) get the app; missing assets are 404.
      if (rel.has_extension()) throw AppError(ErrorCode::kNotFound, "見つかりません");
      file = web_root_ / "index.html";
    }
    std::ifstream in(file, std::ios::binary);
    if (!in) throw AppError(ErrorCode::kNotFound, "見つかりません");
    std::ostringstream data;
    data << in.rdbuf();
    Response r;
    r.raw_body = data.str();
    r.content_type = ContentTypeFor(file);
    const bool hashed_asset = rel.string().rfind("assets/", 0) == 0;
    r.headers.emplace_back("Cache-Control", hashed_asset ? "public, max-age=31536000, immutable" : "no-cache");
    return r;
  }

  // The body of a Response::stream, in chunks.
  static void SendStream(const Request& req, Response& resp, Poco::Net::HTTPServerRequest& preq,
                         Poco::Net::HTTPServerResponse& presp, const std::string& request_id) {
    presp.setContentType(resp.content_type);
    presp.setChunkedTransferEncoding(true);
    std::ostream& out = presp.send();
    if (req.method == "HEAD") return;
    try {
      resp.stream([&out](std::string_view piece) {
        out.write(piece.data(), static_cast<std::streamsize>(piece.size()));
        if (!out) throw std::runtime_error("the client stopped reading");
      });
      out.flush();
    } catch (const std::exception& e) {
      spdlog::error("request {} {} {}: streaming the answer failed: {}", request_id, req.method, req.path, e.what());
      // Without the closing chunk the client knows the answer is incomplete.
      if (auto* impl = dynamic_cast<Poco::Net::HTTPServerRequestImpl*>(&preq)) {
        try {
          impl->socket().shutdown();
        } catch (const std::exception&) {
        }
      }
      presp.setKeepAlive(false);
    }
  }

  void Send(const Request& req, Response& resp, Poco::Net::HTTPServerRequest& preq,
            Poco::Net::HTTPServerResponse& presp, const std::string& request_id) {
    presp.setStatus(static_cast<Poco::Net::HTTPResponse::HTTPStatus>(resp.status));
    presp.set("X-Content-Type-Options", "nosniff");
    presp.set("X-Frame-Options", "DENY");
    presp.set("Referrer-Policy", "no-referrer");
    presp.set("X-Request-Id", request_id);
    presp.set("Content-Security-Policy",
              "default-src 'self'; img-src 'self' data: blob:; style-src 'self' 'unsafe-inline'; "
              "object-src 'none'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'");
    bool has_cache_control = false;
    for (const auto& [k, v] : resp.headers) {
      if (k == "Set-Cookie") {
        presp.add(k, v);
      } else {
        presp.set(k, v);
      }
      has_cache_control = has_cache_control || k == "Cache-Control";
    }
    if (!has_cache_control) presp.set("Cache-Control", "no-store");
    if (resp.status == 204) {
      presp.setContentLength(0);
      presp.send();
      return;
    }
    if (!resp.body && resp.stream) {
      SendStream(req, resp, preq, presp, request_id);
      return;
    }
    std::string payload = resp.body ? resp.body->dump(-1, ' ', false, Json::error_handler_t::replace) : resp.raw_body;
    presp.setContentType(resp.content_type);
    presp.setContentLength64(static_cast<Poco::Int64>(payload.size()));
    if (req.method == "HEAD") {
      presp.send();
      return;
    }
    presp.sendBuffer(payload.data(), payload.size());
  }

  const Router& router_;
  SessionResolver resolver_;
  ServerSettings settings_;
  LiveSockets& live_;
  fs::path web_root_;
};

class RequestHandler final : public Poco::Net::HTTPRequestHandler {
 public:
  explicit RequestHandler(Dispatcher& d) : d_(d) {}
  void handleRequest(Poco::Net::HTTPServerRequest& req, Poco::Net::HTTPServerResponse& resp) override {
    d_.Handle(req, resp);
  }

 private:
  Dispatcher& d_;
};

class HandlerFactory final : public Poco::Net::HTTPRequestHandlerFactory {
 public:
  explicit HandlerFactory(Dispatcher& d) : d_(d) {}
  Poco::Net::HTTPRequestHandler* createRequestHandler(const Poco::Net::HTTPServerRequest& /*req*/) override {
    return new RequestHandler(d_);  // NOLINT(cppcoreguidelines-owning-memory): POCO takes ownership
  }

 private:
  Dispatcher& d_;
};

}  // namespace

class HttpServer::Impl {
 public:
  Impl(const Router& router, const SessionResolver& resolver, const ServerSettings& settings)
      : settings_(settings),
        live_([resolver](const std::string& token) { return resolver(token, "").signed_in(); }),
        dispatcher_(router, resolver, settings, live_) {}

  void DeliverLive(const std::vector<std::string>& user_ids, const std::string& message) {
    live_.SendToUsers(user_ids, message);
  }

  void Start() {
    // bind(addr, reuseAddress=true, reusePort=false): a second server on the
    // same port must fail here, not silently share the traffic.
    try {
      socket_.bind(Poco::Net::SocketAddress(settings_.host, static_cast<Poco::UInt16>(settings_.port)), true, false);
      socket_.listen(1024);
    } catch (const Poco::Exception& e) {
      throw std::runtime_error("cannot listen on " + settings_.host + ":" + std::to_string(settings_.port) + ": " +
                               e.displayText());
    }
    auto* params = new Poco::Net::HTTPServerParams;  // NOLINT: POCO reference-counts it
    params->setMaxThreads(settings_.max_threads);
    params->setMaxQueued(settings_.max_queued);
    params->setKeepAlive(true);
    params->setKeepAliveTimeout(Poco::Timespan(settings_.keep_alive_seconds, 0));
    params->setTimeout(Poco::Timespan(30, 0));
    pool_ = std::make_unique<Poco::ThreadPool>(8, settings_.max_threads, 60, 1024 * 1024);
    server_ = std::make_unique<Poco::Net::HTTPServer>(new HandlerFactory(dispatcher_), *pool_, socket_, params);
    server_->start();
  }
  void Stop() {
    if (server_) server_->stopAll(true);
    if (pool_) pool_->joinAll();
  }
  int port() const { return socket_.address().port(); }

 private:
  ServerSettings settings_;
  LiveSockets live_;
  Dispatcher dispatcher_;
  Poco::Net::ServerSocket socket_;
  std::unique_ptr<Poco::ThreadPool> pool_;
  std::unique_ptr<Poco::Net::HTTPServer> server_;
};

HttpServer::HttpServer(const Router& router, const SessionResolver& resolver, const ServerSettings& settings)
    : impl_(std::make_unique<Impl>(router, resolver, settings)) {}
HttpServer::~HttpServer() { impl_->Stop(); }
void HttpServer::Start() { impl_->Start(); }
void HttpServer::Stop() { impl_->Stop(); }
int HttpServer::port() const { return impl_->port(); }
void HttpServer::DeliverLive(const std::vector<std::string>& user_ids, const std::string& message) {
  impl_->DeliverLive(user_ids, message);
}

}  // namespace tsunagu::http
