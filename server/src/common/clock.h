// The seam around time: services take a Clock so tests can fix "now".
#pragma once

#include <atomic>
#include <cstdint>

namespace tsunagu {

// Milliseconds since the Unix epoch, UTC.
using TimestampMs = int64_t;

class Clock {
 public:
  virtual ~Clock() = default;
  virtual TimestampMs NowMs() const = 0;
};

class SystemClock final : public Clock {
 public:
  TimestampMs NowMs() const override;
};

// A clock that only moves when told to. Thread-safe.
class FixedClock final : public Clock {
 public:
  explicit FixedClock(TimestampMs now) : now_(now) {}
  TimestampMs NowMs() const override { return now_.load(); }
  void Set(TimestampMs now) { now_.store(now); }
  void AdvanceMs(int64_t ms) { now_.fetch_add(ms); }

 private:
  std::atomic<TimestampMs> now_;
};

}  // namespace tsunagu
