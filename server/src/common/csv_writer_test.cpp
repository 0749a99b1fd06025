#include <gtest/gtest.h>

#include "common/csv.h"

namespace tsunagu {
namespace {

TEST(CsvCell, PlainTextIsCopiedAsItIs) {
  EXPECT_EQ(CsvCell("伊藤 由美"), "伊藤 由美");
  EXPECT_EQ(CsvCell(""), "");
  EXPECT_EQ(CsvCell("post.read"), "post.read");
}

TEST(CsvCell, QuotesCommasQuotesAndLineBreaks) {
  EXPECT_EQ(CsvCell("a,b"), "\"a,b\"");
  EXPECT_EQ(CsvCell("say \"hi\""), "\"say \"\"hi\"\"\"");
  EXPECT_EQ(CsvCell("line1\nline2"), "\"line1\nline2\"");
  EXPECT_EQ(CsvCell("a\r\nb"), "\"a\r\nb\"");
}

TEST(CsvCell, DefusesEveryFormulaLead) {
  EXPECT_EQ(CsvCell("=1+1"), "'=1+1");
  EXPECT_EQ(CsvCell("+81"), "'+81");
  EXPECT_EQ(CsvCell("-5"), "'-5");
  EXPECT_EQ(CsvCell("@SUM(A1)"), "'@SUM(A1)");
  EXPECT_EQ(CsvCell("\tx"), "'\tx");
  // CR both defuses and quotes; the quote comes first so the apostrophe is inside.
  EXPECT_EQ(CsvCell("\rx"), "\"'\rx\"");
  // The classic DDE payload (no comma or double quote, so not quoted).
  EXPECT_EQ(CsvCell("=cmd|' /C calc'!A0"), "'=cmd|' /C calc'!A0");
  EXPECT_EQ(CsvCell("=HYPERLINK(\"http://x\",\"y\")"), "\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\"");
  // Only the first character matters.
  EXPECT_EQ(CsvCell("a=b"), "a=b");
  EXPECT_EQ(CsvCell(" =b"), " =b");
}

TEST(CsvWriter, WritesBomAndCrlfRowsAndHandsOverInPieces) {
  CsvWriter w;
  w.Bom();
  w.Row({"日時", "操作"});
  const std::string first = w.Take();
  EXPECT_EQ(first, "\xEF\xBB\xBF日時,操作\r\n");
  EXPECT_EQ(w.size(), 0u);
  w.Row(std::vector<std::string>{"2026-04-01 09:00:00", "=x", ""});
  EXPECT_EQ(w.Take(), "2026-04-01 09:00:00,'=x,\r\n");
}

}  // namespace
}  // namespace tsunagu
