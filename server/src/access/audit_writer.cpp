#include "access/audit_writer.h"

#include <spdlog/spdlog.h>

#include <memory>
#include <vector>

namespace tsunagu::access {

AuditWriter::AuditWriter(storage::Database& db, const AuditTrail& trail)
    : db_(db), trail_(trail), thread_([this] { Run(); }) {}

AuditWriter::~AuditWriter() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  cv_.notify_all();
  thread_.join();
}

void AuditWriter::Record(AuditEvent event) {
  Pending pending{std::move(event), trail_.Now(), {}};
  auto done = pending.done.get_future();
  {
    std::lock_guard lock(mu_);
    queue_.push_back(&pending);
  }
  cv_.notify_one();
  done.get();
}

void AuditWriter::Submit(AuditEvent event) {
  auto pending = std::make_unique<Pending>(Pending{std::move(event), trail_.Now(), {}, true});
  {
    std::lock_guard lock(mu_);
    queue_.push_back(pending.release());
  }
  cv_.notify_one();
}

void AuditWriter::Run() {
  std::unique_lock lock(mu_);
  for (;;) {
    cv_.wait(lock, [&] { return stopping_ || !queue_.empty(); });
    if (queue_.empty()) return;
    std::vector<Pending*> batch(queue_.begin(), queue_.end());
    queue_.clear();
    lock.unlock();
    // A Record() caller's Pending lives on its stack and is gone once it is
    // woken; submitted ones are ours.
    std::vector<std::unique_ptr<Pending>> owned;
    for (Pending* p : batch)
      if (p->owned) owned.emplace_back(p);
    try {
      db_.Transaction([&](storage::Connection& c) {
        for (Pending* p : batch) trail_.Append(c, p->event, p->at);
      });
      for (Pending* p : batch) p->done.set_value();
    } catch (...) {
      for (const auto& p : owned) spdlog::error("audit record {} could not be written", p->event.action);
      for (Pending* p : batch) p->done.set_exception(std::current_exception());
    }
    lock.lock();
  }
}

}  // namespace tsunagu::access
