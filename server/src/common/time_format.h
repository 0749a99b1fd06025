// Times are stored as UTC milliseconds and shown in Japan time (Asia/Tokyo,
// UTC+9 all year: Japan has had no daylight saving time since 1951, so a fixed
// offset is exact for every date this product handles).
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "common/clock.h"

namespace tsunagu {

inline constexpr int64_t kJapanOffsetMs = 9LL * 3600 * 1000;

// "2026-04-01T09:00:00+09:00" (RFC 3339, Japan offset, second precision).
std::string FormatRfc3339Japan(TimestampMs at);

// The calendar date of `at` in Japan time, "YYYY-MM-DD" ("today" is JapanDate(now)).
std::string JapanDate(TimestampMs at);

// Parses RFC 3339 with any offset ("Z", "+09:00", optional fraction), or a bare
// date "YYYY-MM-DD" taken as midnight Japan time. nullopt when malformed.
std::optional<TimestampMs> ParseRfc3339(std::string_view s);

// True when `s` is a real calendar date "YYYY-MM-DD".
bool IsValidDate(std::string_view s);

// Days since 1970-01-01 for a civil date (proleptic Gregorian).
int64_t DaysFromCivil(int64_t y, unsigned m, unsigned d);

}  // namespace tsunagu
