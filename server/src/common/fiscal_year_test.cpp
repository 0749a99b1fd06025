#include "common/fiscal_year.h"

#include <gtest/gtest.h>

#include "common/time_format.h"

namespace tsunagu {
namespace {

TimestampMs At(const char* rfc3339) { return *ParseRfc3339(rfc3339); }

TEST(FiscalYear, TheLastMinuteOfMarchInJapanBelongsToTheOldYear) {
  EXPECT_EQ(FiscalYearOf(At("2026-03-31T23:59:59+09:00")), 2025);
  EXPECT_EQ(FiscalYearOf(At("2026-04-01T00:00:00+09:00")), 2026);
}

TEST(FiscalYear, IsCutInJapanTimeNotUtc) {
  // 2026-03-31T15:30Z is already 1 April 00:30 in Japan.
  EXPECT_EQ(FiscalYearOf(At("2026-03-31T15:30:00Z")), 2026);
  EXPECT_EQ(FiscalYearOf(At("2026-03-31T14:59:59Z")), 2025);
}

TEST(FiscalYear, BoundsAreAprilToApril) {
  auto fy = FiscalYearBounds(2025);
  EXPECT_EQ(FormatRfc3339Japan(fy.begin), "2025-04-01T00:00:00+09:00");
  EXPECT_EQ(FormatRfc3339Japan(fy.end), "2026-04-01T00:00:00+09:00");
}

TEST(FiscalYear, DaysAreTheFirstOfAprilToTheLastOfMarch) {
  const FiscalYearDates fy = FiscalYearDays(2025);
  EXPECT_EQ(fy.first_day, "2025-04-01");
  EXPECT_EQ(fy.last_day, "2026-03-31");
  EXPECT_EQ(FiscalYearDays(2027).last_day, "2028-03-31");  // 2028 is a leap year: March still ends on the 31st
}

TEST(TimeFormat, JapanDateIsTheDateInJapanNotUtc) {
  EXPECT_EQ(JapanDate(At("2026-03-31T14:59:59Z")), "2026-03-31");
  EXPECT_EQ(JapanDate(At("2026-03-31T15:00:00Z")), "2026-04-01");
  EXPECT_EQ(JapanDate(At("1969-12-31T15:00:00Z")), "1970-01-01");
}

TEST(TimeFormat, FormatsEveryYearAndTheSecondBeforeEachBoundary) {
  EXPECT_EQ(FormatRfc3339Japan(0), "1970-01-01T09:00:00+09:00");
  EXPECT_EQ(FormatRfc3339Japan(-1), "1970-01-01T08:59:59+09:00");  // a millisecond before the epoch
  EXPECT_EQ(FormatRfc3339Japan(At("2024-02-29T14:59:59.999Z")), "2024-02-29T23:59:59+09:00");
  EXPECT_EQ(FormatRfc3339Japan(At("0001-01-01T00:00:00+09:00")), "0001-01-01T00:00:00+09:00");
  EXPECT_EQ(FormatRfc3339Japan(At("9999-12-31T23:59:59+09:00")), "9999-12-31T23:59:59+09:00");
  EXPECT_EQ(FormatRfc3339Japan(At("9999-12-31T23:59:59+09:00") + 1000), "10000-01-01T00:00:00+09:00");
}

TEST(TimeFormat, RoundTripsAndRejectsNonsense) {
  EXPECT_EQ(FormatRfc3339Japan(At("2026-11-25T11:16:23Z")), "2026-11-25T20:16:23+09:00");
  EXPECT_EQ(At("2026-11-25T20:16:23.250+09:00") % 1000, 250);
  EXPECT_FALSE(ParseRfc3339("2026-02-30"));
  EXPECT_FALSE(ParseRfc3339("2026-11-25T25:00:00Z"));
  EXPECT_FALSE(ParseRfc3339("2026-11-25T10:00:00"));
  EXPECT_FALSE(ParseRfc3339("yesterday"));
  EXPECT_TRUE(IsValidDate("2024-02-29"));
  EXPECT_FALSE(IsValidDate("2025-02-29"));
}

}  // namespace
}  // namespace tsunagu
