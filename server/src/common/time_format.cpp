#include "common/time_format.h"

#include <cstdio>

namespace tsunagu {
namespace {

struct Civil {
  int64_t y;
  unsigned m;
  unsigned d;
};

// Howard Hinnant's civil-from-days algorithm.
Civil CivilFromDays(int64_t z) {
  z += 719468;
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const auto doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const int64_t y = static_cast<int64_t>(yoe) + era * 400;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  const unsigned d = doy - (153 * mp + 2) / 5 + 1;
  const unsigned m = mp < 10 ? mp + 3 : mp - 9;
  return {y + (m <= 2 ? 1 : 0), m, d};
}

bool IsLeap(int64_t y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

unsigned DaysInMonth(int64_t y, unsigned m) {
  static constexpr unsigned kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && IsLeap(y) ? 29 : kDays[m - 1];
}

bool ParseDigits(std::string_view s, size_t pos, size_t n, int64_t& out) {
  if (pos + n > s.size()) return false;
  out = 0;
  for (size_t i = pos; i < pos + n; ++i) {
    if (s[i] < '0' || s[i] > '9') return false;
    out = out * 10 + (s[i] - '0');
  }
  return true;
}

}  // namespace

int64_t DaysFromCivil(int64_t y, unsigned m, unsigned d) {
  y -= m <= 2 ? 1 : 0;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const auto yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<int64_t>(doe) - 719468;
}

std::string FormatRfc3339Japan(TimestampMs at) {
  const int64_t local_s = (at + kJapanOffsetMs) / 1000 - ((at + kJapanOffsetMs) % 1000 < 0 ? 1 : 0);
  int64_t days = local_s / 86400;
  int64_t secs = local_s % 86400;
  if (secs < 0) {
    secs += 86400;
    days -= 1;
  }
  const Civil c = CivilFromDays(days);
  if (c.y >= 0 && c.y <= 9999) {  // every time the product meets: digits by hand (snprintf was ~5 % of a list)
    std::string out = "0000-00-00T00:00:00+09:00";
    auto put = [&out](size_t pos, int64_t value, int width) {
      for (int i = width - 1; i >= 0; --i, value /= 10)
        out[pos + static_cast<size_t>(i)] = static_cast<char>('0' + value % 10);
    };
    put(0, c.y, 4);
    put(5, c.m, 2);
    put(8, c.d, 2);
    put(11, secs / 3600, 2);
    put(14, (secs / 60) % 60, 2);
    put(17, secs % 60, 2);
    return out;
  }
  char buf[40];
  std::snprintf(buf, sizeof buf, "%04lld-%02u-%02uT%02lld:%02lld:%02lld+09:00", static_cast<long long>(c.y), c.m, c.d,
                static_cast<long long>(secs / 3600), static_cast<long long>((secs / 60) % 60),
                static_cast<long long>(secs % 60));
  return buf;
}

bool IsValidDate(std::string_view s) {
  int64_t y = 0;
  int64_t m = 0;
  int64_t d = 0;
  if (s.size() != 10 || s[4] != '-' || s[7] != '-') return false;
  if (!ParseDigits(s, 0, 4, y) || !ParseDigits(s, 5, 2, m) || !ParseDigits(s, 8, 2, d)) return false;
  if (m < 1 || m > 12 || d < 1) return false;
  return d <= DaysInMonth(y, static_cast<unsigned>(m));
}

std::string JapanDate(TimestampMs at) { return FormatRfc3339Japan(at).substr(0, 10); }

std::optional<TimestampMs> ParseRfc3339(std::string_view s) {
  if (s.size() < 10 || !IsValidDate(s.substr(0, 10))) return std::nullopt;
  int64_t y = 0;
  int64_t mo = 0;
  int64_t d = 0;
  ParseDigits(s, 0, 4, y);
  ParseDigits(s, 5, 2, mo);
  ParseDigits(s, 8, 2, d);
  const int64_t days = DaysFromCivil(y, static_cast<unsigned>(mo), static_cast<unsigned>(d));
  if (s.size() == 10) return days * 86400000 - kJapanOffsetMs;
  if (s[10] != 'T' && s[10] != 't' && s[10] != ' ') return std::nullopt;
  int64_t hh = 0;
  int64_t mm = 0;
  int64_t ss = 0;
  if (!ParseDigits(s, 11, 2, hh) || s.size() < 19 || s[13] != ':' || !ParseDigits(s, 14, 2, mm) || s[16] != ':' ||
      !ParseDigits(s, 17, 2, ss))
    return std::nullopt;
  if (hh > 23 || mm > 59 || ss > 60) return std::nullopt;
  size_t pos = 19;
  int64_t frac_ms = 0;
  if (pos < s.size() && s[pos] == '.') {
    ++pos;
    int digits = 0;
    while (pos < s.size() && s[pos] >= '0' && s[pos] <= '9') {
      if (digits < 3) frac_ms = frac_ms * 10 + (s[pos] - '0');
      ++digits;
      ++pos;
    }
    if (digits == 0) return std::nullopt;
    for (int i = digits; i < 3; ++i) frac_ms *= 10;
  }
  int64_t offset_ms = 0;
  if (pos < s.size() && (s[pos] == 'Z' || s[pos] == 'z')) {
    ++pos;
  } else if (pos < s.size() && (s[pos] == '+' || s[pos] == '-')) {
    int64_t oh = 0;
    int64_t om = 0;
    if (!ParseDigits(s, pos + 1, 2, oh) || pos + 3 >= s.size() || s[pos + 3] != ':' ||
        !ParseDigits(s, pos + 4, 2, om) || oh > 23 || om > 59)
      return std::nullopt;
    offset_ms = (oh * 60 + om) * 60000 * (s[pos] == '-' ? -1 : 1);
    pos += 6;
  } else {
    return std::nullopt;
  }
  if (pos != s.size()) return std::nullopt;
  return ((days * 86400 + hh * 3600 + mm * 60 + ss) * 1000) + frac_ms - offset_ms;
}

}  // namespace tsunagu
