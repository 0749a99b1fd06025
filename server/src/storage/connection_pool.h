// A fixed set of connections handed out one thread at a time.
#pragma once

#include <condition_variable>
#include <memory>
#include <mutex>
#include <vector>

#include "storage/database.h"

namespace tsunagu::storage {

class ConnectionPool {
 public:
  void Add(std::unique_ptr<Connection> c) {
    std::lock_guard lock(mu_);
    free_.push_back(c.get());
    all_.push_back(std::move(c));
  }
  Connection* Acquire() {
    std::unique_lock lock(mu_);
    cv_.wait(lock, [&] { return !free_.empty(); });
    Connection* c = free_.back();
    free_.pop_back();
    return c;
  }
  void Release(Connection* c) {
    {
      std::lock_guard lock(mu_);
      free_.push_back(c);
    }
    cv_.notify_one();
  }

 private:
  std::mutex mu_;
  std::condition_variable cv_;
  std::vector<std::unique_ptr<Connection>> all_;
  std::vector<Connection*> free_;
};

}  // namespace tsunagu::storage
