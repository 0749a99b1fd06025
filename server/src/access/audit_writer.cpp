#include "access/audit_writer.h"

#include <spdlog/spdlog.h>

#include <utility>
#include <vector>

namespace tsunagu::access {

AuditWriter::AuditWriter(storage::Database& db, const AuditTrail& trail)
    : db_(db), trail_(trail), journal_(AuditJournal::Open(db)) {
  if (journal_) {
    const int64_t moved = journal_->Drain(db_, trail_);
    if (moved > 0) spdlog::info("audit journal: {} record(s) of the last run moved into the audit trail", moved);
  }
  thread_ = std::thread([this] { Run(); });
}

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

void AuditWriter::Flush() {
  std::unique_lock lock(mu_);
  const int64_t mine = ++flush_asked_;
  cv_.notify_one();
  flushed_cv_.wait(lock, [&] { return flush_done_ >= mine; });
}

void AuditWriter::Commit(const std::vector<Pending*>& batch) {
  // A Record() caller's Pending lives on its stack and is gone once it is
  // woken; submitted ones are ours.
  std::vector<std::unique_ptr<Pending>> owned;
  for (Pending* p : batch)
    if (p->owned) owned.emplace_back(p);
  try {
    if (journal_) {
      std::vector<std::pair<AuditEvent, TimestampMs>> records;
      records.reserve(batch.size());
      for (Pending* p : batch) records.emplace_back(p->event, p->at);
      journal_->Write(records);
    } else {
      db_.Transaction([&](storage::Connection& c) {
        for (Pending* p : batch) trail_.Append(c, p->event, p->at);
      });
    }
    for (Pending* p : batch) p->done.set_value();
  } catch (...) {
    for (const auto& p : owned) spdlog::error("audit record {} could not be written", p->event.action);
    for (Pending* p : batch) p->done.set_exception(std::current_exception());
  }
}

bool AuditWriter::Drain() {
  try {
    journal_->Drain(db_, trail_);
    return true;
  } catch (const std::exception& e) {
    spdlog::error("audit journal: moving records into the audit trail failed ({}); they stay in the journal", e.what());
    return false;
  }
}

void AuditWriter::Run() {
  auto next_drain = std::chrono::steady_clock::now() + kDrainEvery;
  std::unique_lock lock(mu_);
  for (;;) {
    auto ready = [&] { return stopping_ || !queue_.empty() || flush_asked_ > flush_done_; };
    if (journaled_) {
      cv_.wait_until(lock, next_drain, ready);
    } else {
      cv_.wait(lock, ready);
    }
    std::vector<Pending*> batch(queue_.begin(), queue_.end());
    queue_.clear();
    const int64_t flush_asked = flush_asked_;
    const bool stopping = stopping_;
    lock.unlock();
    if (!batch.empty()) {
      Commit(batch);
      // The first record after a quiet spell waits its full second too.
      if (journal_ && !journaled_) next_drain = std::chrono::steady_clock::now() + kDrainEvery;
      if (journal_) journaled_ = true;
    }
    const bool due = std::chrono::steady_clock::now() >= next_drain;
    if (journaled_ && (due || flush_asked > flush_done_ || stopping)) {
      journaled_ = !Drain();
      next_drain = std::chrono::steady_clock::now() + kDrainEvery;
    }
    lock.lock();
    flush_done_ = flush_asked;
    flushed_cv_.notify_all();
    if (stopping && queue_.empty()) return;
  }
}

}  // namespace tsunagu::access
