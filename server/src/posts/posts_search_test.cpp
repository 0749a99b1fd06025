#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "posts/posts_store.h"
#include "support/temp_sqlite.h"

namespace tsunagu::posts {
namespace {

// SQLite search answers the same whether it scans the viewer's posts or asks
// the FTS5 index: only the viewer's teams, withdrawn posts left out, newest
// first, substrings matched with ASCII case folded.
class PostsSearchTest : public ::testing::Test {
 protected:
  void SetUp() override {
    RegisterSearchIndexing(temp_.db());
    temp_.db().Transaction([](storage::Connection& c) {
      c.ExecuteScript(
          "INSERT INTO regions (id, name, require_totp, created_at) VALUES ('r', '地域', 0, 0);"
          "INSERT INTO organizations (id, region_id, name, type, active, created_at) "
          "VALUES ('o', 'r', '事業所', 'clinic', 1, 0);"
          "INSERT INTO users (id, login, name, name_kana, email, profession, organization_id, region_id, "
          "password_hash, created_at) VALUES "
          "('u1', 'u1', '一', 'イチ', 'u1@example.jp', 'nurse', 'o', 'r', 'x', 0),"
          "('u2', 'u2', '二', 'ニ', 'u2@example.jp', 'doctor', 'o', 'r', 'x', 0);"
          "INSERT INTO patients (id, region_id, name, name_kana, birth_date, sex, address, care_level, status, "
          "created_by, created_at, updated_at) VALUES "
          "('p1', 'r', '甲', 'コウ', '1940-01-01', 'female', '', 'care_1', 'active', 'u1', 0, 0),"
          "('p2', 'r', '乙', 'オツ', '1940-01-01', 'male', '', 'care_1', 'active', 'u2', 0, 0);"
          "INSERT INTO care_team_members (patient_id, user_id, role, added_by, added_at) VALUES "
          "('p1', 'u1', 'lead', 'u1', 0), ('p2', 'u2', 'lead', 'u2', 0);");
      const char* bodies[] = {"血圧 120/70、食事は全量", "血圧 135/80", "BP 120 morning", "夕食は半量、血圧 120"};
      int n = 0;
      for (const char* body : bodies) {
        for (const char* patient : {"p1", "p2"}) {
          char id[16];
          std::snprintf(id, sizeof id, "post%02d", n++);
          c.Execute(
              "INSERT INTO posts (id, patient_id, author_id, category, body, urgent, version, created_at) "
              "VALUES ($1, $2, $3, 'observation', $4, 0, 1, $5)",
              {std::string(id), std::string(patient), std::string(patient) == "p1" ? "u1" : "u2", std::string(body),
               static_cast<int64_t>(n)});
        }
      }
      c.Execute("UPDATE posts SET withdrawn_at = 1 WHERE id = 'post06'");  // "夕食は半量、血圧 120" on p1
    });
  }

  std::vector<std::string> Search(const PostsStore& store, const std::string& text) {
    SearchQuery q;
    q.text = text;
    auto posts = temp_.db().Read([&](storage::Connection& c) { return store.Search(c, q, "u1"); });
    std::vector<std::string> ids;
    for (const auto& p : posts) ids.push_back(p.id);
    return ids;
  }

  testing::TempSqlite temp_;
};

TEST_F(PostsSearchTest, ScanningAndTheIndexFindTheSame) {
  const PostsStore scanning(1'000'000);  // u1's 4 posts are always scanned
  const PostsStore indexed(1);           // u1 holds more than 1 post: the index
  for (const std::string text : {"血圧 120", "bp 120", "血圧", "全量", "半量", "120/70", "存在しない語"}) {
    EXPECT_EQ(Search(scanning, text), Search(indexed, text)) << text;
  }
  EXPECT_EQ(Search(indexed, "血圧 120"), (std::vector<std::string>{"post00"}));
  EXPECT_EQ(Search(indexed, "bp 120"), (std::vector<std::string>{"post04"}));
  EXPECT_EQ(Search(scanning, "血圧"), (std::vector<std::string>{"post02", "post00"}));
}

}  // namespace
}  // namespace tsunagu::posts
