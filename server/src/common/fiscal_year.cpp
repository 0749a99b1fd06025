#include "common/fiscal_year.h"

#include "common/time_format.h"

namespace tsunagu {

FiscalYearRange FiscalYearBounds(int fiscal_year) {
  const int64_t begin_days = DaysFromCivil(fiscal_year, 4, 1);
  const int64_t end_days = DaysFromCivil(fiscal_year + 1, 4, 1);
  return {begin_days * 86400000 - kJapanOffsetMs, end_days * 86400000 - kJapanOffsetMs};
}

FiscalYearDates FiscalYearDays(int fiscal_year) {
  const FiscalYearRange range = FiscalYearBounds(fiscal_year);
  return {JapanDate(range.begin), JapanDate(range.end - 1)};
}

int FiscalYearOf(TimestampMs at) {
  // Start from the calendar year in Japan time and step back if before April.
  int64_t local_days = (at + kJapanOffsetMs) / 86400000;
  if ((at + kJapanOffsetMs) % 86400000 < 0) --local_days;
  // Approximate year, then correct with exact bounds.
  int year = static_cast<int>(1970 + local_days / 365);
  while (FiscalYearBounds(year).begin > at) --year;
  while (FiscalYearBounds(year + 1).begin <= at) ++year;
  return year;
}

}  // namespace tsunagu
