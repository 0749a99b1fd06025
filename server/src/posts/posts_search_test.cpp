#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "posts/posts_store.h"
#include "posts/search_indexer.h"
#include "support/temp_sqlite.h"

namespace tsunagu::posts {
namespace {

// SQLite search answers the same whether it scans the viewer's posts or asks
// the FTS5 index, and whether the index has caught up or not: only the
// viewer's teams, withdrawn posts left out, newest first, substrings matched
// with ASCII case folded.
class PostsSearchTest : public ::testing::Test {
 protected:
  void SetUp() override {
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

  void Edit(const std::string& id, const std::string& body) {
    temp_.db().Transaction([&](storage::Connection& c) {
      c.Execute("UPDATE posts SET body = $1 WHERE id = $2", {body, id});
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
  SearchIndexer indexer(temp_.db(), false);
  const PostsStore scanning(1'000'000);  // u1's 4 posts are always scanned
  const PostsStore indexed(1);           // u1 holds more than 1 post: the index
  const std::vector<std::string> texts = {"血圧 120", "bp 120", "血圧", "全量", "半量", "120/70", "存在しない語"};
  std::vector<std::vector<std::string>> before_indexing;
  for (const auto& text : texts) {
    before_indexing.push_back(Search(indexed, text));
    EXPECT_EQ(before_indexing.back(), Search(scanning, text)) << text;
  }
  EXPECT_EQ(indexer.IndexPending(), 8);
  EXPECT_EQ(indexer.IndexPending(), 0);
  for (size_t i = 0; i < texts.size(); ++i) {
    EXPECT_EQ(Search(indexed, texts[i]), before_indexing[i]) << texts[i];
    EXPECT_EQ(Search(scanning, texts[i]), Search(indexed, texts[i])) << texts[i];
  }
  EXPECT_EQ(Search(indexed, "血圧 120"), (std::vector<std::string>{"post00"}));
  EXPECT_EQ(Search(indexed, "bp 120"), (std::vector<std::string>{"post04"}));
  EXPECT_EQ(Search(scanning, "血圧"), (std::vector<std::string>{"post02", "post00"}));
  // Text the index holds in more than 2 posts is scanned for instead.
  const PostsStore common_text_scanned(1, 2);
  for (const auto& text : texts) EXPECT_EQ(Search(common_text_scanned, text), Search(scanning, text)) << text;
}

// The index lags behind edits and new posts; search does not.
TEST_F(PostsSearchTest, EditsAndNewPostsAreFoundBeforeTheIndexCatchesUp) {
  SearchIndexer indexer(temp_.db(), false);
  indexer.IndexPending();
  const PostsStore indexed(1);
  Edit("post00", "体温 36.5 度");  // was "血圧 120/70、食事は全量"
  EXPECT_EQ(Search(indexed, "全量"), (std::vector<std::string>{}));
  EXPECT_EQ(Search(indexed, "体温 36.5"), (std::vector<std::string>{"post00"}));
  temp_.db().Transaction([](storage::Connection& c) {
    c.Execute(
        "INSERT INTO posts (id, patient_id, author_id, category, body, urgent, version, created_at) "
        "VALUES ('post99', 'p1', 'u1', 'observation', '訪問時、体温 36.5 度', 0, 1, 99)");
  });
  EXPECT_EQ(Search(indexed, "体温 36.5"), (std::vector<std::string>{"post99", "post00"}));
  EXPECT_EQ(indexer.IndexPending(), 2);  // one new post, one edit
  EXPECT_EQ(Search(indexed, "全量"), (std::vector<std::string>{}));
  EXPECT_EQ(Search(indexed, "体温 36.5"), (std::vector<std::string>{"post99", "post00"}));
  Edit("post00", "血圧 118/70");
  indexer.IndexPending();
  EXPECT_EQ(Search(indexed, "体温 36.5"), (std::vector<std::string>{"post99"}));
  EXPECT_EQ(Search(indexed, "118/70"), (std::vector<std::string>{"post00"}));
}

// The edits log keeps only what the index has not applied (and its newest
// row, so that later edits are numbered above the index's mark).
TEST_F(PostsSearchTest, TheEditsLogIsTrimmedToWhatTheIndexHasNotApplied) {
  SearchIndexer indexer(temp_.db(), false);
  indexer.IndexPending();
  const PostsStore indexed(1);
  auto log_size = [&] {
    return temp_.db().Read(
        [](storage::Connection& c) { return c.QueryOne("SELECT COUNT(*) FROM posts_search_edits")->Int(0); });
  };
  Edit("post00", "体温 36.5 度");
  Edit("post02", "体温 37.0 度");
  EXPECT_EQ(indexer.TrimEditLog(), 0);  // not applied yet
  EXPECT_EQ(indexer.IndexPending(), 2);
  Edit("post04", "体温 36.8 度");  // logged, not applied
  EXPECT_EQ(indexer.TrimEditLog(), 1);
  EXPECT_EQ(log_size(), 2);
  EXPECT_EQ(indexer.IndexPending(), 1);
  EXPECT_EQ(indexer.TrimEditLog(), 1);
  EXPECT_EQ(log_size(), 1);
  Edit("post00", "血圧 118/70");
  EXPECT_EQ(indexer.IndexPending(), 1);
  EXPECT_EQ(Search(indexed, "体温"), (std::vector<std::string>{"post04", "post02"}));
  EXPECT_EQ(Search(indexed, "118/70"), (std::vector<std::string>{"post00"}));
}

// An index ahead of its database (the database was restored from a backup)
// starts again from nothing.
TEST_F(PostsSearchTest, AnIndexAheadOfTheDatabaseIsRebuilt) {
  {
    SearchIndexer indexer(temp_.db(), false);
    indexer.IndexPending();
  }
  temp_.db().Transaction([](storage::Connection& c) {
    c.ExecuteScript("DELETE FROM post_versions; DELETE FROM post_reads; DELETE FROM posts WHERE rowid > 2;");
  });
  SearchIndexer indexer(temp_.db(), false);
  EXPECT_EQ(indexer.IndexPending(), 2);
}

}  // namespace
}  // namespace tsunagu::posts
