#include "http/live_sockets.h"

#include <Poco/Net/NetException.h>
#include <Poco/Net/PollSet.h>
#include <Poco/Net/WebSocket.h>
#include <spdlog/spdlog.h>

#include <atomic>
#include <chrono>
#include <map>
#include <mutex>
#include <thread>
#include <utility>
#include <vector>

namespace tsunagu::http {
namespace {

constexpr int kPing =
    static_cast<int>(Poco::Net::WebSocket::FRAME_OP_PING) | static_cast<int>(Poco::Net::WebSocket::FRAME_FLAG_FIN);
constexpr int kPong =
    static_cast<int>(Poco::Net::WebSocket::FRAME_OP_PONG) | static_cast<int>(Poco::Net::WebSocket::FRAME_FLAG_FIN);

}  // namespace

class LiveSockets::Impl {
 public:
  explicit Impl(std::function<bool(const std::string&)> session_valid)
      : session_valid_(std::move(session_valid)), thread_([this] { Run(); }) {}
  ~Impl() {
    stopping_ = true;
    thread_.join();
    std::lock_guard lock(mu_);
    for (auto& [fd, c] : conns_) Close(c);
  }

  void Add(const std::string& user_id, const std::string& token, Poco::Net::WebSocket socket) {
    socket.setBlocking(true);
    socket.setSendTimeout(Poco::Timespan(2, 0));
    // A client that sends half a frame must not hold the poller for long.
    socket.setReceiveTimeout(Poco::Timespan(0, 500000));
    socket.setMaxPayloadSize(4096);
    std::lock_guard lock(mu_);
    poll_.add(socket, Poco::Net::PollSet::POLL_READ);
    conns_.emplace(socket.impl()->sockfd(), Conn{user_id, token, socket});
  }

  void SendToUsers(const std::vector<std::string>& user_ids, const std::string& text) {
    std::lock_guard lock(mu_);
    for (auto it = conns_.begin(); it != conns_.end();) {
      bool keep = true;
      for (const auto& u : user_ids) {
        if (it->second.user_id != u) continue;
        keep = Send(it->second, text, Poco::Net::WebSocket::FRAME_TEXT);
        break;
      }
      it = keep ? std::next(it) : Drop(it);
    }
  }

  size_t size() const {
    std::lock_guard lock(mu_);
    return conns_.size();
  }

 private:
  struct Conn {
    std::string user_id;
    std::string token;  // the session cookie value, to check the session is still alive
    Poco::Net::WebSocket socket;
  };
  using Conns = std::map<poco_socket_t, Conn>;

  static bool Send(Conn& c, const std::string& text, int flags) {
    try {
      c.socket.sendFrame(text.data(), static_cast<int>(text.size()), flags);
      return true;
    } catch (const Poco::Exception&) {
      return false;
    }
  }

  static void Close(Conn& c) {
    try {
      c.socket.shutdown();
      c.socket.close();
    } catch (const Poco::Exception&) {  // NOLINT(bugprone-empty-catch): already gone
    }
  }

  Conns::iterator Drop(Conns::iterator it) {
    poll_.remove(it->second.socket);
    Close(it->second);
    return conns_.erase(it);
  }

  void Run() {
    auto last_ping = std::chrono::steady_clock::now();
    while (!stopping_) {
      bool empty = false;
      {
        std::lock_guard lock(mu_);
        empty = conns_.empty();
      }
      if (empty) {
        // PollSet::poll() returns at once on an empty set.
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
        continue;
      }
      const auto ready = poll_.poll(Poco::Timespan(0, 200000));
      {
        std::lock_guard lock(mu_);
        for (const auto& [socket, mode] : ready) {
          auto it = conns_.find(socket.impl()->sockfd());
          if (it == conns_.end()) continue;
          if (!Receive(it->second)) Drop(it);
        }
      }
      // Pings find connections that died without a close (a phone that left
      // coverage); connections whose session ended are closed.
      if (std::chrono::steady_clock::now() - last_ping > std::chrono::seconds(30)) {
        last_ping = std::chrono::steady_clock::now();
        CheckAll();
      }
    }
  }

  void CheckAll() {
    std::vector<std::pair<poco_socket_t, std::string>> tokens;
    {
      std::lock_guard lock(mu_);
      for (const auto& [fd, c] : conns_) tokens.emplace_back(fd, c.token);
    }
    std::vector<poco_socket_t> ended;
    for (const auto& [fd, token] : tokens) {
      if (!session_valid_(token)) ended.push_back(fd);
    }
    std::lock_guard lock(mu_);
    for (poco_socket_t fd : ended) {
      if (auto it = conns_.find(fd); it != conns_.end()) Drop(it);
    }
    for (auto it = conns_.begin(); it != conns_.end();) it = Send(it->second, "", kPing) ? std::next(it) : Drop(it);
  }

  // Reads one frame; false when the connection should end.
  static bool Receive(Conn& c) {
    char buf[4096];
    int flags = 0;
    try {
      const int n = c.socket.receiveFrame(buf, sizeof buf, flags);
      const int op = flags & Poco::Net::WebSocket::FRAME_OP_BITMASK;
      if (n <= 0 && op != Poco::Net::WebSocket::FRAME_OP_PING && op != Poco::Net::WebSocket::FRAME_OP_PONG)
        return false;
      if (op == Poco::Net::WebSocket::FRAME_OP_CLOSE) return false;
      if (op == Poco::Net::WebSocket::FRAME_OP_PING) {
        c.socket.sendFrame(buf, n, kPong);
      }
      // Text from clients carries nothing we need; it is read and dropped.
      return true;
    } catch (const Poco::Exception&) {
      return false;
    }
  }

  std::function<bool(const std::string&)> session_valid_;
  mutable std::mutex mu_;
  Poco::Net::PollSet poll_;
  Conns conns_;
  std::atomic<bool> stopping_ = false;
  std::thread thread_;
};

LiveSockets::LiveSockets(std::function<bool(const std::string& token)> session_valid)
    : impl_(std::make_unique<Impl>(std::move(session_valid))) {}
LiveSockets::~LiveSockets() = default;

void LiveSockets::Add(const std::string& user_id, const std::string& token, const Poco::Net::WebSocket& socket) {
  impl_->Add(user_id, token, socket);
}
void LiveSockets::SendToUsers(const std::vector<std::string>& user_ids, const std::string& text) {
  impl_->SendToUsers(user_ids, text);
}
size_t LiveSockets::size() const { return impl_->size(); }

}  // namespace tsunagu::http
