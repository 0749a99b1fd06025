#include "http/json_writer.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <string>

namespace tsunagu::http {
namespace {

// The writer's text is what nlohmann::json (the server's other JSON writer)
// makes of the same value.
TEST(JsonWriterTest, WritesWhatNlohmannWrites) {
  const std::string tricky = "改行\n「引用」\"quote\" back\\slash\ttab\x01\x1f\x7f 😀 end";
  JsonWriter w;
  w.BeginObject()
      .Key("text")
      .String(tricky)
      .Key("n")
      .Int(-9007199254740993)
      .Key("yes")
      .Bool(true)
      .Key("no")
      .Bool(false)
      .Key("none")
      .Null()
      .Key("absent")
      .OptionalString(std::nullopt)
      .Key("present")
      .OptionalString("値")
      .Key("empty")
      .BeginArray()
      .EndArray()
      .Key("list")
      .Strings({"a", "", "い"})
      .Key("nested")
      .BeginArray()
      .BeginObject()
      .Key("k")
      .Int(0)
      .EndObject()
      .BeginObject()
      .EndObject()
      .EndArray()
      .EndObject();
  const std::string text = w.Take();
  const nlohmann::json expected = {{"text", tricky},
                                   {"n", -9007199254740993},
                                   {"yes", true},
                                   {"no", false},
                                   {"none", nullptr},
                                   {"absent", nullptr},
                                   {"present", "値"},
                                   {"empty", nlohmann::json::array()},
                                   {"list", {"a", "", "い"}},
                                   {"nested", {{{"k", 0}}, nlohmann::json::object()}}};
  EXPECT_EQ(nlohmann::json::parse(text), expected);
  EXPECT_NE(text.find(nlohmann::json(tricky).dump()), std::string::npos) << text;
  EXPECT_EQ(w.Take(), "");
}

TEST(JsonWriterTest, AsciiIsCopiedAndEscapedAlike) {
  JsonWriter w;
  w.BeginArray().String("plain-id_01:00+09:00").String("a\"b\\c").String("tab\there").String("\x7f").EndArray();
  EXPECT_EQ(w.Take(), "[\"plain-id_01:00+09:00\",\"a\\\"b\\\\c\",\"tab\\there\",\"\x7f\"]");
}

TEST(JsonWriterTest, InvalidUtf8BecomesReplacementCharacters) {
  JsonWriter w;
  w.String(
      std::string("a\xff"
                  "b\xe3\x81"
                  "c",
                  6));
  EXPECT_EQ(w.Take(),
            "\"a\xEF\xBF\xBD"
            "b\xEF\xBF\xBD\xEF\xBF\xBD"
            "c\"");
}

TEST(JsonWriterTest, TimesAreJapanTime) {
  JsonWriter w;
  w.BeginArray().Time(0).OptionalTime(std::nullopt).EndArray();
  EXPECT_EQ(w.Take(), "[\"1970-01-01T09:00:00+09:00\",null]");
}

}  // namespace
}  // namespace tsunagu::http
