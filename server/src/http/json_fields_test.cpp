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

}  // namespace
}  // namespace tsunagu::http
