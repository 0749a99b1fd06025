#include "http/json_fields.h"

#include <gtest/gtest.h>

#include "common/error.h"

namespace tsunagu::http {
namespace {

std::map<std::string, std::string> FieldErrors(const nlohmann::json& body,
                                               const std::function<void(JsonFields&)>& read) {
  JsonFields f(body);
  read(f);
  try {
    f.Done();
  } catch (const AppError& e) {
    EXPECT_EQ(e.code(), ErrorCode::kInvalidArgument);
    return e.fields();
  }
  return {};
}

TEST(JsonFields, NamesEveryBadFieldAtOnce) {
  auto errors = FieldErrors({{"name", 42}, {"extra", true}}, [](JsonFields& f) {
    f.RequiredString("name", 10);
    f.RequiredString("kana", 10);
  });
  EXPECT_EQ(errors.size(), 3u);
  EXPECT_TRUE(errors.contains("name"));
  EXPECT_TRUE(errors.contains("kana"));
  EXPECT_TRUE(errors.contains("extra"));
}

TEST(JsonFields, CountsCharactersNotBytesAndTrimsIdeographicSpace) {
  std::string got;
  auto errors =
      FieldErrors({{"name", "\u3000伊藤 由美\u3000"}}, [&](JsonFields& f) { got = f.RequiredString("name", 5); });
  EXPECT_TRUE(errors.empty());
  EXPECT_EQ(got, "伊藤 由美");
  errors = FieldErrors({{"name", "伊藤由美さん"}}, [&](JsonFields& f) { f.RequiredString("name", 5); });
  EXPECT_TRUE(errors.contains("name"));
}

TEST(JsonFields, RefusesControlCharactersUnlessMultiline) {
  auto errors = FieldErrors({{"a", "x\ny"}, {"b", "x\ny"}, {"c", std::string("x\0y", 3)}}, [](JsonFields& f) {
    f.RequiredString("a", 10);
    f.RequiredString("b", 10, true);
    f.RequiredString("c", 10, true);
  });
  EXPECT_TRUE(errors.contains("a"));
  EXPECT_FALSE(errors.contains("b"));
  EXPECT_TRUE(errors.contains("c"));
}

TEST(JsonFields, NumbersWithinTheirRange) {
  std::optional<double> ok;
  double whole = 0;
  auto errors = FieldErrors(
      {{"ok", 9.1}, {"whole", 150}, {"negative", -1}, {"big", 101}, {"fraction", 1.5}, {"text", "3"}, {"flag", true}},
      [&](JsonFields& f) {
        ok = f.OptionalNumber("ok", 0, 100);
        whole = f.RequiredNumber("whole", 0, 1e9, true);
        f.OptionalNumber("negative", 0, 100);
        f.OptionalNumber("big", 0, 100);
        f.OptionalNumber("fraction", 0, 100, true);
        f.OptionalNumber("text", 0, 100);
        f.OptionalNumber("flag", 0, 100);
        f.RequiredNumber("missing", 0, 100);
      });
  EXPECT_EQ(ok, 9.1);
  EXPECT_EQ(whole, 150);
  EXPECT_EQ(errors.size(), 6u);
  for (const char* key : {"negative", "big", "fraction", "text", "flag", "missing"}) EXPECT_TRUE(errors.contains(key));
  EXPECT_EQ(errors.at("big"), "0〜100の範囲で指定してください");
}

}  // namespace
}  // namespace tsunagu::http
