#include "storage/event_channel.h"

#include <libpq-fe.h>
#include <spdlog/spdlog.h>
#include <sys/select.h>

#include <atomic>
#include <condition_variable>
#include <deque>
#include <mutex>
#include <thread>

#include "storage/database.h"

namespace tsunagu::storage {
namespace {

// In-process: a queue drained by one thread, so that publishers never wait
// for listeners.
class LocalEventChannel final : public EventChannel {
 public:
  ~LocalEventChannel() override {
    {
      std::lock_guard lock(mu_);
      stopping_ = true;
    }
    cv_.notify_all();
    if (thread_.joinable()) thread_.join();
  }

  void Publish(const std::string& payload) override {
    {
      std::lock_guard lock(mu_);
      queue_.push_back(payload);
    }
    cv_.notify_one();
  }

  void Listen(std::function<void(const std::string&)> listener) override {
    listener_ = std::move(listener);
    thread_ = std::thread([this] { Run(); });
  }

 private:
  void Run() {
    std::unique_lock lock(mu_);
    for (;;) {
      cv_.wait(lock, [&] { return stopping_ || !queue_.empty(); });
      if (stopping_) return;
      std::string payload = std::move(queue_.front());
      queue_.pop_front();
      lock.unlock();
      try {
        listener_(payload);
      } catch (const std::exception& e) {
        spdlog::warn("event listener failed: {}", e.what());
      }
      lock.lock();
    }
  }

  std::function<void(const std::string&)> listener_;
  std::mutex mu_;
  std::condition_variable cv_;
  std::deque<std::string> queue_;
  bool stopping_ = false;
  std::thread thread_;
};

// PostgreSQL: NOTIFY through a short-lived use of a dedicated publishing
// connection, LISTEN on another one watched by a thread that reconnects when
// the connection drops.
class PostgresEventChannel final : public EventChannel {
 public:
  PostgresEventChannel(std::string url, std::string name) : url_(std::move(url)), name_(std::move(name)) {}
  ~PostgresEventChannel() override {
    stopping_ = true;
    if (thread_.joinable()) thread_.join();
    if (publisher_) PQfinish(publisher_);
  }

  void Publish(const std::string& payload) override {
    std::lock_guard lock(publish_mu_);
    for (int attempt = 0; attempt < 2; ++attempt) {
      if (!publisher_ || PQstatus(publisher_) != CONNECTION_OK) {
        if (publisher_) PQfinish(publisher_);
        publisher_ = PQconnectdb(url_.c_str());
      }
      const char* values[2] = {name_.c_str(), payload.c_str()};
      PGresult* res = PQexecParams(publisher_, "SELECT pg_notify($1, $2)", 2, nullptr, values, nullptr, nullptr, 0);
      const bool ok = PQresultStatus(res) == PGRES_TUPLES_OK;
      PQclear(res);
      if (ok) return;
    }
    throw DatabaseError(std::string("postgresql: NOTIFY failed: ") + PQerrorMessage(publisher_));
  }

  void Listen(std::function<void(const std::string&)> listener) override {
    listener_ = std::move(listener);
    thread_ = std::thread([this] { Run(); });
  }

 private:
  void Run() {
    PGconn* conn = nullptr;
    while (!stopping_) {
      if (conn == nullptr || PQstatus(conn) != CONNECTION_OK) {
        if (conn) PQfinish(conn);
        conn = PQconnectdb(url_.c_str());
        PGresult* res = PQexec(conn, ("LISTEN " + name_).c_str());
        const bool ok = PQresultStatus(res) == PGRES_COMMAND_OK;
        PQclear(res);
        if (!ok) {
          spdlog::warn("LISTEN {} failed: {}", name_, PQerrorMessage(conn));
          std::this_thread::sleep_for(std::chrono::seconds(1));
          continue;
        }
      }
      const int fd = PQsocket(conn);
      if (fd < 0) {
        PQfinish(conn);
        conn = nullptr;
        continue;
      }
      fd_set fds;
      FD_ZERO(&fds);
      FD_SET(fd, &fds);
      timeval timeout{0, 250000};  // wake up to notice stopping_
      if (select(fd + 1, &fds, nullptr, nullptr, &timeout) < 0) continue;
      if (!PQconsumeInput(conn)) continue;  // the status check above reconnects
      while (PGnotify* n = PQnotifies(conn)) {
        std::string payload = n->extra;
        PQfreemem(n);
        try {
          listener_(payload);
        } catch (const std::exception& e) {
          spdlog::warn("event listener failed: {}", e.what());
        }
      }
    }
    if (conn) PQfinish(conn);
  }

  std::string url_;
  std::string name_;
  std::function<void(const std::string&)> listener_;
  std::mutex publish_mu_;
  PGconn* publisher_ = nullptr;
  std::atomic<bool> stopping_ = false;
  std::thread thread_;
};

}  // namespace

std::unique_ptr<EventChannel> OpenEventChannel(const std::string& url, const std::string& name) {
  if (url.rfind("sqlite:", 0) == 0) return std::make_unique<LocalEventChannel>();
  return std::make_unique<PostgresEventChannel>(url, name);
}

}  // namespace tsunagu::storage
