#include <gtest/gtest.h>

#include "common/csv.h"
#include "common/error.h"

namespace tsunagu {
namespace {

using Fields = std::vector<std::string>;

std::vector<Fields> FieldsOf(std::string_view text) {
  std::vector<Fields> out;
  for (auto& r : ParseCsv(text)) out.push_back(r.fields);
  return out;
}

// The error's code and message when `fn` throws AppError.
std::pair<std::string, std::string> ErrorOf(const std::function<void()>& fn) {
  try {
    fn();
  } catch (const AppError& e) {
    return {e.api_code(), e.what()};
  }
  return {"", ""};
}

TEST(ParseCsv, SplitsRecordsAndFields) {
  EXPECT_EQ(FieldsOf("a,b,c\r\n1,2,3\r\n"), (std::vector<Fields>{{"a", "b", "c"}, {"1", "2", "3"}}));
  EXPECT_EQ(FieldsOf("a,b\n1,2\n"), (std::vector<Fields>{{"a", "b"}, {"1", "2"}}));
  EXPECT_EQ(FieldsOf("a,b\r1,2"), (std::vector<Fields>{{"a", "b"}, {"1", "2"}}));
}

TEST(ParseCsv, AFinalLineBreakStartsNoRecordAndNoneIsNeeded) {
  EXPECT_EQ(FieldsOf("a\r\n"), (std::vector<Fields>{{"a"}}));
  EXPECT_EQ(FieldsOf("a"), (std::vector<Fields>{{"a"}}));
  EXPECT_TRUE(ParseCsv("").empty());
  // A trailing empty line is one record with one empty field; callers skip it.
  EXPECT_EQ(FieldsOf("a\r\n\r\n"), (std::vector<Fields>{{"a"}, {""}}));
}

TEST(ParseCsv, EmptyFieldsAreKept) {
  EXPECT_EQ(FieldsOf(",\r\na,,\r\n"), (std::vector<Fields>{{"", ""}, {"a", "", ""}}));
  EXPECT_EQ(FieldsOf("a,"), (std::vector<Fields>{{"a", ""}}));
}

TEST(ParseCsv, QuotedFieldsHoldCommasDoubledQuotesAndLineBreaks) {
  EXPECT_EQ(FieldsOf("\"a,b\",\"say \"\"hi\"\"\",\"\"\r\n"), (std::vector<Fields>{{"a,b", "say \"hi\"", ""}}));
  auto records = ParseCsv("name,note\r\n\"x\",\"line1\r\nline2\nline3\"\r\ny,z\r\n");
  ASSERT_EQ(records.size(), 3u);
  EXPECT_EQ(records[1].fields, (Fields{"x", "line1\r\nline2\nline3"}));
  EXPECT_EQ(records[0].line, 1u);
  EXPECT_EQ(records[1].line, 2u);
  // The record after a field spanning three lines starts on line 5.
  EXPECT_EQ(records[2].line, 5u);
}

TEST(ParseCsv, SpacesAndJapaneseTextAreKeptAsWritten) {
  EXPECT_EQ(FieldsOf(" 伊藤 由美 ,\xE3\x80\x80ア"), (std::vector<Fields>{{" 伊藤 由美 ", "\xE3\x80\x80ア"}}));
}

TEST(ParseCsv, AnOpenQuoteIsAnErrorNamingTheLineWhereItOpened) {
  auto [code, message] = ErrorOf([] { ParseCsv("a\r\nb\r\n\"open,\r\nmore\r\n"); });
  EXPECT_EQ(code, "invalid_csv");
  EXPECT_NE(message.find("3行目"), std::string::npos) << message;
}

TEST(ParseCsv, TextAfterAClosingQuoteOrAQuoteInsideAFieldIsAnError) {
  auto [code1, message1] = ErrorOf([] { ParseCsv("a\n\"x\"y,z\n"); });
  EXPECT_EQ(code1, "invalid_csv");
  EXPECT_NE(message1.find("2行目"), std::string::npos) << message1;
  auto [code2, message2] = ErrorOf([] { ParseCsv("a\nb\nab\"c\n"); });
  EXPECT_EQ(code2, "invalid_csv");
  EXPECT_NE(message2.find("3行目"), std::string::npos) << message2;
}

TEST(DecodeCsvText, PlainUtf8AndAsciiAreUtf8) {
  auto t = DecodeCsvText("事業所名,種別\r\n");
  EXPECT_EQ(t.encoding, CsvEncoding::kUtf8);
  EXPECT_EQ(t.utf8, "事業所名,種別\r\n");
  EXPECT_EQ(DecodeCsvText("a,b\n").encoding, CsvEncoding::kUtf8);
  EXPECT_EQ(DecodeCsvText("").encoding, CsvEncoding::kUtf8);
}

TEST(DecodeCsvText, AByteOrderMarkIsUtf8AndIsRemoved) {
  auto t = DecodeCsvText("\xEF\xBB\xBF氏名,ふりがな\r\n");
  EXPECT_EQ(t.encoding, CsvEncoding::kUtf8Bom);
  EXPECT_EQ(t.utf8, "氏名,ふりがな\r\n");
  EXPECT_EQ(CsvEncodingName(t.encoding), "utf-8-bom");
}

TEST(DecodeCsvText, ShiftJisIsConvertedAsCodePage932) {
  // "事業所名,種別\r\n①テスト～\,x\r\n" as Windows saves it: ① (NEC) and
  // ～ (FF5E) only exist in CP932, and 0x5C is a backslash there.
  const std::string sjis =
      "\x8e\x96\x8b\xc6\x8f\x8a\x96\xbc,\x8e\xed\x95\xca\r\n\x87\x40\x83\x65\x83\x58\x83\x67\x81\x60\\,x\r\n";
  auto t = DecodeCsvText(sjis);
  EXPECT_EQ(t.encoding, CsvEncoding::kCp932);
  EXPECT_EQ(t.utf8, "事業所名,種別\r\n①テスト～\\,x\r\n");
  EXPECT_EQ(CsvEncodingName(t.encoding), "shift_jis");
}

TEST(DecodeCsvText, BrokenBytesAreRefusedWithTheirLine) {
  // Shift_JIS with a lead byte cut off at the very end (line 2).
  auto [code1, message1] = ErrorOf([] { DecodeCsvText("\x8e\x96,a\r\nb\x8e"); });
  EXPECT_EQ(code1, "invalid_encoding");
  EXPECT_NE(message1.find("2行目"), std::string::npos) << message1;
  // UTF-8 (it had valid Japanese first) with a broken character on line 3.
  auto [code2, message2] = ErrorOf([] { DecodeCsvText("氏名\nあ\n\xE3\x81\n"); });
  EXPECT_EQ(code2, "invalid_encoding");
  EXPECT_NE(message2.find("3行目"), std::string::npos) << message2;
  // With a byte order mark, a byte that is not UTF-8 (line 2).
  auto [code3, message3] = ErrorOf([] {
    DecodeCsvText(
        "\xEF\xBB\xBF"
        "a\n\x8e\x96\n");
  });
  EXPECT_EQ(code3, "invalid_encoding");
  EXPECT_NE(message3.find("2行目"), std::string::npos) << message3;
  // A NUL byte is no text (line 1).
  auto [code4, message4] = ErrorOf([] { DecodeCsvText(std::string_view("a\0b", 3)); });
  EXPECT_EQ(code4, "invalid_encoding");
  EXPECT_NE(message4.find("1行目"), std::string::npos) << message4;
  // Surrogates encoded in UTF-8 are not UTF-8, nor CP932 (0xED 0xA0 is no CP932 pair... 0xA0 is unassigned).
  auto [code5, message5] = ErrorOf([] { DecodeCsvText("x\n\xED\xA0\x80\n"); });
  EXPECT_EQ(code5, "invalid_encoding");
  EXPECT_NE(message5.find("2行目"), std::string::npos) << message5;
}

}  // namespace
}  // namespace tsunagu
