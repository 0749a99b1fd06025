#include "common/utf8.h"

#include <gtest/gtest.h>

#include <string>

namespace tsunagu {
namespace {

constexpr size_t kNpos = std::string_view::npos;

TEST(Utf8, AcceptsAsciiJapaneseAndFourByteCharacters) {
  EXPECT_TRUE(IsValidUtf8(""));
  EXPECT_TRUE(IsValidUtf8("abc"));
  EXPECT_TRUE(IsValidUtf8("箕輪町の訪問看護"));
  EXPECT_TRUE(IsValidUtf8("\xF0\x9F\x98\x80"));           // U+1F600
  EXPECT_TRUE(IsValidUtf8("\xF4\x8F\xBF\xBF"));           // U+10FFFF, the last code point
  EXPECT_TRUE(IsValidUtf8(std::string_view("a\0b", 3)));  // NUL is left to the caller
}

TEST(Utf8, ReportsTheOffsetOfTheFirstBadSequence) {
  EXPECT_EQ(ScanUtf8("ab\x80").invalid_at, 2u);                // a stray continuation byte
  EXPECT_EQ(ScanUtf8("あ\xE3\x81").invalid_at, 3u);            // truncated at the end
  EXPECT_EQ(ScanUtf8("\xE3\x41\x81").invalid_at, 0u);          // a lead byte without continuation
  EXPECT_EQ(ScanUtf8("x\xC0\xAF").invalid_at, 1u);             // overlong '/'
  EXPECT_EQ(ScanUtf8("\xE0\x80\xAF").invalid_at, 0u);          // overlong in three bytes
  EXPECT_EQ(ScanUtf8("\xED\xA0\x80").invalid_at, 0u);          // a surrogate (U+D800)
  EXPECT_EQ(ScanUtf8("\xF4\x90\x80\x80").invalid_at, 0u);      // past U+10FFFF
  EXPECT_EQ(ScanUtf8("\xF8\x88\x80\x80\x80").invalid_at, 0u);  // five-byte forms do not exist
  EXPECT_FALSE(IsValidUtf8("\xFF"));
  EXPECT_EQ(ScanUtf8("ok").invalid_at, kNpos);
}

TEST(Utf8, TellsWhetherValidMultibyteTextCameBeforeTheError) {
  EXPECT_FALSE(ScanUtf8("abc").saw_multibyte);
  EXPECT_TRUE(ScanUtf8("abcあ").saw_multibyte);
  EXPECT_FALSE(ScanUtf8("ab\x82\xA0あ").saw_multibyte);  // Shift_JIS あ first: nothing valid before it
  const Utf8Scan broken = ScanUtf8("あ\x82\xA0");
  EXPECT_TRUE(broken.saw_multibyte);
  EXPECT_EQ(broken.invalid_at, 3u);
}

TEST(Utf8, CountsCodePointsNotBytes) {
  EXPECT_EQ(CountCodePoints(""), 0u);
  EXPECT_EQ(CountCodePoints("abc"), 3u);
  EXPECT_EQ(CountCodePoints("あいう"), 3u);
  EXPECT_EQ(CountCodePoints("a\xF0\x9F\x98\x80z"), 3u);
  EXPECT_EQ(CountCodePoints("\xE3\x80\x80"), 1u);  // the ideographic space
}

}  // namespace
}  // namespace tsunagu
