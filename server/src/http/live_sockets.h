// The open WebSocket connections of signed-in users (/api/v1/live), held by
// one poller thread instead of an HTTP worker each (see STACK.md: a stream
// per open phone would otherwise hold a thread). Messages are small JSON
// notes ("something changed on patient X"); the client then fetches.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace Poco::Net {
class WebSocket;
}

namespace tsunagu::http {

class LiveSockets {
 public:
  // `session_valid` tells whether a session cookie value still signs someone
  // in; connections whose session ended are closed at the next check (30 s).
  explicit LiveSockets(std::function<bool(const std::string& token)> session_valid);
  ~LiveSockets();
  LiveSockets(const LiveSockets&) = delete;
  LiveSockets& operator=(const LiveSockets&) = delete;

  // Takes over a socket that finished its handshake.
  void Add(const std::string& user_id, const std::string& token, const Poco::Net::WebSocket& socket);
  // Sends `text` to every open connection of these users. Thread-safe.
  void SendToUsers(const std::vector<std::string>& user_ids, const std::string& text);
  size_t size() const;

 private:
  class Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace tsunagu::http
