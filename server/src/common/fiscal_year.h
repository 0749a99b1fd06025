// Japanese fiscal years (年度): FY2025 runs from 1 April 2025 00:00 to
// 31 March 2026 23:59:59.999, Japan time.
#pragma once

#include <string>

#include "common/clock.h"

namespace tsunagu {

struct FiscalYearRange {
  TimestampMs begin;  // inclusive
  TimestampMs end;    // exclusive
};

// The fiscal year that contains `at` (cut in Japan time).
int FiscalYearOf(TimestampMs at);
FiscalYearRange FiscalYearBounds(int fiscal_year);

// The first and last calendar days of a fiscal year, "YYYY-MM-DD" (FY2025:
// "2025-04-01" and "2026-03-31"), for columns that hold dates rather than times.
struct FiscalYearDates {
  std::string first_day;
  std::string last_day;
};
FiscalYearDates FiscalYearDays(int fiscal_year);

}  // namespace tsunagu
