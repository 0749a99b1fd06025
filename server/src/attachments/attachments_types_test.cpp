#include "attachments/attachments_types.h"

#include <gtest/gtest.h>

#include "attachments/attachments_handler.h"
#include "attachments/thumbnail.h"
#include "support/temp_sqlite.h"

namespace tsunagu::attachments {
namespace {

using namespace std::string_literals;

std::string TypeOf(const std::string& data) {
  auto t = DetectMediaType(data);
  return t ? std::string(t->content_type) : "none";
}

TEST(DetectMediaType, ByMagicBytesOnly) {
  EXPECT_EQ(TypeOf("\xFF\xD8\xFF\xE0rest"), "image/jpeg");
  EXPECT_EQ(TypeOf("\x89PNG\r\n\x1A\n...."s), "image/png");
  EXPECT_EQ(TypeOf("RIFF\x10\0\0\0WEBPVP8 "s), "image/webp");
  EXPECT_EQ(TypeOf("\0\0\0\x18"
                   "ftypheic\0\0\0\0mif1heic"s),
            "image/heic");
  EXPECT_EQ(TypeOf("\0\0\0\x18"
                   "ftypmif1\0\0\0\0mif1heic"s),
            "image/heic");
  EXPECT_EQ(TypeOf("%PDF-1.7\n"), "application/pdf");
  EXPECT_EQ(TypeOf("\xEF\xBB\xBF\n%PDF-1.4"), "application/pdf");
  EXPECT_EQ(TypeOf("<!doctype html><title>x</title>"), "none");
  EXPECT_EQ(TypeOf("<html>%PDF-1.4"), "none");
  EXPECT_EQ(TypeOf("\0\0\0\x18"
                   "ftypisom\0\0\0\0isommp41"s),
            "none");  // an MP4 video
  EXPECT_EQ(TypeOf("GIF89a"), "none");
  EXPECT_EQ(TypeOf(""), "none");
  EXPECT_EQ(TypeOf("\xFF\xD8"), "none");
}

TEST(IsPathLike, AnySeparatorOrADotDirectory) {
  EXPECT_TRUE(IsPathLike("../../etc/passwd"));
  EXPECT_TRUE(IsPathLike("C:\\Users\\ito\\写真.jpg"));
  EXPECT_TRUE(IsPathLike("dir/"));
  EXPECT_TRUE(IsPathLike(".."));
  EXPECT_TRUE(IsPathLike("."));
  EXPECT_FALSE(IsPathLike("..写真.jpg"));
  EXPECT_FALSE(IsPathLike("褥瘡 2026.12.03.jpg"));
  EXPECT_FALSE(IsPathLike(""));
}

TEST(DisplayName, DropsHiddenCharactersAndTrims) {
  EXPECT_EQ(DisplayName("a\x01\x7F"
                        "b\u202Egpj.exe",
                        "jpg"),
            "abgpj.exe");
  EXPECT_EQ(DisplayName("  名前.pdf\u3000", "pdf"), "名前.pdf");
  EXPECT_EQ(DisplayName("bad\xC3(utf8\xFF.png", "png"), "bad(utf8.png");
  EXPECT_EQ(DisplayName("\x01\u3000", "pdf"), "file.pdf");
  std::string long_name;
  for (int i = 0; i < 250; ++i) long_name += "あ";
  EXPECT_EQ(DisplayName(long_name, "jpg").size(), 200u * 3);
}

TEST(InlineDisposition, EncodesTheNameForBothKindsOfClient) {
  EXPECT_EQ(InlineDisposition("写真 1.jpg"),
            "inline; filename=\"__ 1.jpg\"; filename*=UTF-8''%E5%86%99%E7%9C%9F%201.jpg");
  EXPECT_EQ(InlineDisposition("a\"b\\c;d.pdf"), "inline; filename=\"a_b_c;d.pdf\"; filename*=UTF-8''a%22b%5Cc%3Bd.pdf");
}

TEST(JpegOrientation, ReadsTheExifTag) {
  // SOI, APP1 "Exif\0\0", big-endian TIFF with one IFD0 entry: orientation 6.
  std::string exif = "Exif\0\0MM\0\x2A\0\0\0\x08\0\x01\x01\x12\0\x03\0\0\0\x01\0\x06\0\0\0\0\0\0"s;
  std::string app1 = "\xFF\xE1"s + static_cast<char>(0) + static_cast<char>(exif.size() + 2) + exif;
  EXPECT_EQ(JpegOrientation("\xFF\xD8"s + app1 + "\xFF\xDA"s), 6);
  EXPECT_EQ(JpegOrientation("\xFF\xD8\xFF\xDA"s), 1);
}

TEST(MakeThumbnail, RefusesWhatCannotBeDecoded) {
  EXPECT_EQ(MakeThumbnail("\xFF\xD8\xFF\xE0garbage", "image/jpeg").status, ThumbnailResult::Status::kCorrupt);
  EXPECT_EQ(MakeThumbnail("\x89PNG\r\n\x1A\n\0\0\0\x0DIHDR\0\0\0\0\0\0\0\0"s, "image/png").status,
            ThumbnailResult::Status::kCorrupt);
}

TEST(Storage, BytesRoundTripOnSqlite) {
  testing::TempSqlite temp;
  std::string bytes = "\0\x01\xFFzero\0inside"s;
  bytes += std::string(100000, '\x80');
  auto back = temp.db().Transaction([&](storage::Connection& c) {
    c.ExecuteScript("CREATE TABLE blobs (id TEXT PRIMARY KEY, data BLOB)");
    c.Execute("INSERT INTO blobs (id, data) VALUES ($1, $2)", {"a", storage::Param::Bytes(bytes)});
    auto row = c.QueryOne("SELECT data, typeof(data) FROM blobs WHERE id = $1", {"a"});
    EXPECT_EQ(row->Text(1), "blob");
    return row->Bytes(0);
  });
  EXPECT_EQ(back, bytes);
}

}  // namespace
}  // namespace tsunagu::attachments
