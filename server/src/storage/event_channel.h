// A channel of small notifications between the server processes that share a
// database: PostgreSQL LISTEN/NOTIFY when several servers share one PostgreSQL
// database, or an in-process queue for SQLite (one server per file).
// Payloads are short texts (ids, never clinical content).
#pragma once

#include <functional>
#include <memory>
#include <string>

namespace tsunagu::storage {

class EventChannel {
 public:
  virtual ~EventChannel() = default;
  // Sends `payload` to every listener: in every process (PostgreSQL) or in
  // this one (SQLite), the sender's own listener included. Thread-safe; does
  // not wait for delivery. Throws DatabaseError when it cannot be sent.
  virtual void Publish(const std::string& payload) = 0;
  // Delivers each payload to `listener` on the channel's own thread, in order.
  // Call once, before publishing.
  virtual void Listen(std::function<void(const std::string&)> listener) = 0;
};

// For the database at `url` ("sqlite:..." or "postgresql://..."); `name` is
// the channel (a PostgreSQL identifier: lower-case letters and _).
std::unique_ptr<EventChannel> OpenEventChannel(const std::string& url, const std::string& name);

}  // namespace tsunagu::storage
