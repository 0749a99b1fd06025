#include "posts/posts_store.h"

#include <algorithm>
#include <array>
#include <map>
#include <unordered_map>

#include "common/utf8.h"
#include "storage/like_pattern.h"

namespace tsunagu::posts {
namespace {

#define TSUNAGU_INSERT_VERSION \
  "INSERT INTO post_versions (post_id, version, category, body, urgent, withdrawn, edited_by, edited_at) VALUES "
constexpr std::string_view kInsertVersion = TSUNAGU_INSERT_VERSION "($1, $2, $3, $4, $5, $6, $7, $8)";
// A new post's statements, numbered alike: $1 post id, $2 patient, $3 author,
// $4 category, $5 body, $6 urgent (0/1), $7 time. The post and its first
// version; counted unread for every other member; the patient's last
// activity, which never moves back (a post whose transaction commits after a
// later one keeps the later time).
#define TSUNAGU_NEW_POST                                                                        \
  "INSERT INTO posts (id, patient_id, author_id, category, body, urgent, version, created_at) " \
  "VALUES ($1, $2, $3, $4, $5, $6, 1, $7)"
#define TSUNAGU_NEW_VERSION TSUNAGU_INSERT_VERSION "($1, 1, $4, $5, $6, 0, $3, $7)"
#define TSUNAGU_COUNT_UNREAD                                                                                      \
  "UPDATE care_team_members SET unread_count = unread_count + 1, urgent_unread_count = urgent_unread_count + $6 " \
  "WHERE patient_id = $2 AND user_id <> $3"
#define TSUNAGU_TOUCH_PATIENT                                                                            \
  "UPDATE patients SET last_post_at = CASE WHEN last_post_at IS NULL OR last_post_at < $7 THEN $7 ELSE " \
  "last_post_at END WHERE id = $2"
// SQLite runs them one after another; PostgreSQL in one round trip
// (data-modifying CTEs; foreign keys are checked at the end of the statement,
// so the version may name the post inserted beside it).
constexpr std::array<std::string_view, 4> kNewPostSteps = {TSUNAGU_NEW_POST, TSUNAGU_NEW_VERSION, TSUNAGU_COUNT_UNREAD,
                                                           TSUNAGU_TOUCH_PATIENT};
constexpr std::string_view kNewPostPostgres = "WITH post AS (" TSUNAGU_NEW_POST "), version AS (" TSUNAGU_NEW_VERSION
                                              "), unread AS (" TSUNAGU_COUNT_UNREAD ") " TSUNAGU_TOUCH_PATIENT;
#undef TSUNAGU_INSERT_VERSION
#undef TSUNAGU_NEW_POST
#undef TSUNAGU_NEW_VERSION
#undef TSUNAGU_COUNT_UNREAD
#undef TSUNAGU_TOUCH_PATIENT

#define TSUNAGU_POST_COLUMNS                                                                                     \
  "p.id, p.patient_id, p.author_id, u.name, u.profession, p.category, p.body, p.urgent, p.version, "             \
  "p.created_at, p.edited_at, p.withdrawn_at, p.withdrawal_reason, p.comment_count, p.read_count, "              \
  "CASE WHEN p.author_id = $2 OR EXISTS (SELECT 1 FROM post_reads r WHERE r.post_id = p.id AND r.user_id = $2) " \
  "THEN 1 ELSE 0 END"

constexpr std::string_view kFind =
    "SELECT " TSUNAGU_POST_COLUMNS " FROM posts p JOIN users u ON u.id = p.author_id WHERE p.id = $1";
constexpr std::string_view kFindPatientId = "SELECT patient_id FROM posts WHERE id = $1";
constexpr std::string_view kTimeline =
    "SELECT " TSUNAGU_POST_COLUMNS
    " FROM posts p JOIN users u ON u.id = p.author_id WHERE p.patient_id = $1 "
    "AND (CAST($3 AS TEXT) IS NULL OR p.category = $3) AND (CAST($4 AS TEXT) IS NULL OR p.author_id = $4) "
    "AND (CAST($5 AS BIGINT) IS NULL OR p.urgent = $5) AND (CAST($6 AS BIGINT) IS NULL OR p.created_at >= $6) "
    "AND (CAST($7 AS BIGINT) IS NULL OR p.created_at < $7) AND (CAST($8 AS TEXT) IS NULL OR p.id < $8) "
    "ORDER BY p.id DESC LIMIT $9";
// Search joins the viewer's memberships first, so nothing outside their teams
// is ever read. SQLite matches 3+ characters through the FTS5 trigram index and
// shorter text by LIKE over the viewer's patients; PostgreSQL uses ILIKE, which
// the pg_trgm index serves for 3+ characters.
#define TSUNAGU_SEARCH_FROM                                                                               \
  ", pa.name FROM care_team_members m JOIN patients pa ON pa.id = m.patient_id AND pa.status = 'active' " \
  "JOIN posts p ON p.patient_id = m.patient_id JOIN users u ON u.id = p.author_id "
#define TSUNAGU_SEARCH_WHERE                                                                       \
  "m.user_id = $2 AND p.withdrawn_at IS NULL AND (CAST($3 AS TEXT) IS NULL OR p.patient_id = $3) " \
  "AND (CAST($4 AS TEXT) IS NULL OR p.id < $4) ORDER BY p.id DESC LIMIT $5"
// The index (search.posts_fts, see SearchIndexer) may lag behind: the posts
// above its mark and the edits after its mark are candidates too, and every
// candidate's current body must hold the text ($6, a LIKE pattern), which
// also drops what an edit took out. The statement reads `main` before
// `search`, so the marks are never older than the posts it sees.
constexpr std::string_view kSearchSqliteFts =
    "SELECT " TSUNAGU_POST_COLUMNS TSUNAGU_SEARCH_FROM
    "WHERE p.rowid IN (SELECT rowid FROM search.posts_fts WHERE posts_fts MATCH $1 "
    "UNION ALL SELECT rowid FROM posts WHERE rowid > (SELECT indexed_through FROM search.search_state) "
    "UNION ALL SELECT post_rowid FROM posts_search_edits WHERE seq > (SELECT edits_through FROM search.search_state)) "
    "AND p.body LIKE $6 ESCAPE '\\' AND " TSUNAGU_SEARCH_WHERE;
constexpr std::string_view kSearchSqliteLike =
    "SELECT " TSUNAGU_POST_COLUMNS TSUNAGU_SEARCH_FROM "WHERE p.body LIKE $1 ESCAPE '\\' AND " TSUNAGU_SEARCH_WHERE;
// How many posts the viewer's teams hold: small enough, and the viewer's own
// posts are scanned instead of asking the deployment-wide index (see Search).
constexpr std::string_view kCountViewerPosts =
    "SELECT COUNT(*) FROM (SELECT 1 FROM care_team_members m JOIN posts p ON p.patient_id = m.patient_id "
    "WHERE m.user_id = $1 LIMIT $2) AS viewer_posts";
// How many posts the index holds with the text, counted up to a bound.
constexpr std::string_view kCountIndexHits =
    "SELECT COUNT(*) FROM (SELECT 1 FROM search.posts_fts WHERE posts_fts MATCH $1 LIMIT $2) AS hits";
constexpr std::string_view kSearchPostgres =
    "SELECT " TSUNAGU_POST_COLUMNS TSUNAGU_SEARCH_FROM "WHERE p.body ILIKE $1 ESCAPE '\\' AND " TSUNAGU_SEARCH_WHERE;
#undef TSUNAGU_SEARCH_FROM
#undef TSUNAGU_SEARCH_WHERE
#undef TSUNAGU_POST_COLUMNS

// An FTS5 phrase: the text in double quotes, inner quotes doubled.
std::string FtsPhrase(const std::string& text) {
  std::string out = "\"";
  for (char ch : text) {
    if (ch == '"') out += '"';
    out += ch;
  }
  return out + "\"";
}

// The attachments of a patient's posts in an id range (one page of a
// timeline), by post and position.
constexpr std::string_view kAttachmentsOfPosts =
    "SELECT post_id, id, content_type, file_name, byte_size, has_thumbnail FROM attachments "
    "WHERE patient_id = $1 AND post_id >= $2 AND post_id <= $3 ORDER BY post_id, position";

constexpr std::string_view kMentionsOfPosts =
    "SELECT post_id, user_id FROM post_mentions "
    "WHERE patient_id = $1 AND post_id >= $2 AND post_id <= $3 ORDER BY post_id, position";
constexpr std::string_view kIsMember = "SELECT 1 FROM care_team_members WHERE patient_id = $1 AND user_id = $2";
constexpr std::string_view kInsertMention =
    "INSERT INTO post_mentions (post_id, user_id, patient_id, position) VALUES ($1, $2, $3, $4)";

// Fills attachment_ids and attachments, and mention_user_ids: two queries per
// patient among `posts`.
void FillAttachments(storage::Connection& c, std::vector<Post>& posts) {
  std::map<std::string, std::pair<std::string, std::string>> ranges;  // patient -> first, last post id
  std::unordered_map<std::string, Post*> by_id;
  for (Post& p : posts) {
    by_id[p.id] = &p;
    auto [it, added] = ranges.try_emplace(p.patient_id, p.id, p.id);
    if (!added) {
      it->second.first = std::min(it->second.first, p.id);
      it->second.second = std::max(it->second.second, p.id);
    }
  }
  for (const auto& [patient_id, range] : ranges) {
    for (const auto& r : c.Query(kAttachmentsOfPosts, {patient_id, range.first, range.second})) {
      auto it = by_id.find(r.Text(0));
      if (it == by_id.end()) continue;
      it->second->attachment_ids.push_back(r.Text(1));
      it->second->attachments.push_back({r.Text(1), r.Text(2), r.Text(3), r.Int(4), r.Bool(5)});
    }
    for (const auto& r : c.Query(kMentionsOfPosts, {patient_id, range.first, range.second})) {
      auto it = by_id.find(r.Text(0));
      if (it != by_id.end()) it->second->mention_user_ids.push_back(r.Text(1));
    }
  }
}

constexpr std::string_view kUpdate =
    "UPDATE posts SET category = $1, body = $2, urgent = $3, version = $4, edited_at = COALESCE($5, edited_at), "
    "withdrawn_at = COALESCE($6, withdrawn_at), withdrawal_reason = COALESCE($7, withdrawal_reason) WHERE id = $8";
// Members who have not read the post see its urgency change in their counters.
constexpr std::string_view kShiftUrgentUnread =
    "UPDATE care_team_members SET urgent_unread_count = urgent_unread_count + $1 "
    "WHERE patient_id = $2 AND user_id <> $3 AND NOT EXISTS "
    "(SELECT 1 FROM post_reads r WHERE r.post_id = $4 AND r.user_id = care_team_members.user_id)";
constexpr std::string_view kHistory =
    "SELECT v.version, v.category, v.body, v.urgent, v.withdrawn, v.edited_by, u.name, v.edited_at "
    "FROM post_versions v JOIN users u ON u.id = v.edited_by WHERE v.post_id = $1 ORDER BY v.version";

constexpr std::string_view kInsertComment =
    "INSERT INTO comments (id, post_id, author_id, body, created_at) VALUES ($1, $2, $3, $4, $5)";
constexpr std::string_view kCountComment = "UPDATE posts SET comment_count = comment_count + 1 WHERE id = $1";
#define TSUNAGU_COMMENT_SELECT \
  "SELECT c.id, c.post_id, c.author_id, u.name, u.profession, c.body, c.created_at FROM comments c "
constexpr std::string_view kFindComment = TSUNAGU_COMMENT_SELECT "JOIN users u ON u.id = c.author_id WHERE c.id = $1";
constexpr std::string_view kListComments = TSUNAGU_COMMENT_SELECT
    "JOIN users u ON u.id = c.author_id WHERE c.post_id = $1 "
    "AND (CAST($2 AS TEXT) IS NULL OR c.id < $2) ORDER BY c.id DESC LIMIT $3";
#undef TSUNAGU_COMMENT_SELECT

Comment ToComment(const storage::Row& r) {
  return {r.Text(0), r.Text(1), r.Text(2), r.Text(3), r.Text(4), r.Text(5), r.Int(6)};
}

constexpr std::string_view kInsertRead =
    "INSERT INTO post_reads (post_id, user_id, read_at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING";
constexpr std::string_view kCountRead = "UPDATE posts SET read_count = read_count + 1 WHERE id = $1";
constexpr std::string_view kUncountUnread =
    "UPDATE care_team_members SET unread_count = unread_count - 1, urgent_unread_count = urgent_unread_count - $1 "
    "WHERE patient_id = $2 AND user_id = $3";
constexpr std::string_view kFindRead = "SELECT read_at FROM post_reads WHERE post_id = $1 AND user_id = $2";
constexpr std::string_view kListReads =
    "SELECT r.user_id, u.name, u.profession, r.read_at FROM post_reads r JOIN users u ON u.id = r.user_id "
    "WHERE r.post_id = $1 ORDER BY r.read_at DESC, r.user_id";

Post ToPost(const storage::Row& r) {
  Post p;
  p.id = r.Text(0);
  p.patient_id = r.Text(1);
  p.author_id = r.Text(2);
  p.author_name = r.Text(3);
  p.author_profession = r.Text(4);
  p.category = r.Text(5);
  p.body = r.Text(6);
  p.urgent = r.Bool(7);
  p.version = r.Int(8);
  p.created_at = r.Int(9);
  p.edited_at = r.OptInt(10);
  p.withdrawn_at = r.OptInt(11);
  p.withdrawal_reason = r.OptText(12);
  p.comment_count = r.Int(13);
  p.read_count = r.Int(14);
  p.read_by_me = r.Bool(15);
  return p;
}

}  // namespace

void PostsStore::Insert(Connection& c, const std::string& id, const std::string& patient_id,
                        const std::string& author_id, const NewPost& post, TimestampMs now) const {
  const storage::Params params = {id, patient_id, author_id, post.category, post.body, post.urgent ? 1 : 0, now};
  if (c.dialect() == storage::Dialect::kPostgres) {
    c.Execute(kNewPostPostgres, params);
    return;
  }
  for (std::string_view step : kNewPostSteps) c.Execute(step, params);
}

bool PostsStore::InsertMentions(Connection& c, const std::string& post_id, const std::string& patient_id,
                                const std::vector<std::string>& user_ids) const {
  for (size_t i = 0; i < user_ids.size(); ++i) {
    if (!c.QueryOne(kIsMember, {patient_id, user_ids[i]})) return false;
    c.Execute(kInsertMention, {post_id, user_ids[i], patient_id, static_cast<int64_t>(i)});
  }
  return true;
}

std::optional<Post> PostsStore::Find(Connection& c, const std::string& id, const std::string& viewer_id,
                                     Links links) const {
  auto r = c.QueryOne(kFind, {id, viewer_id});
  if (!r) return std::nullopt;
  std::vector<Post> one{ToPost(*r)};
  if (links == Links::kLoad) FillAttachments(c, one);
  return std::move(one.front());
}

std::optional<std::string> PostsStore::FindPatientId(Connection& c, const std::string& id) const {
  auto r = c.QueryOne(kFindPatientId, {id});
  if (!r) return std::nullopt;
  return r->Text(0);
}

std::vector<Post> PostsStore::ListTimeline(Connection& c, const TimelineQuery& q, const std::string& viewer_id) const {
  std::optional<int64_t> urgent;
  if (q.urgent) urgent = *q.urgent ? 1 : 0;
  std::vector<Post> out;
  for (const auto& r : c.Query(kTimeline, {q.patient_id, viewer_id, q.category, q.author_id, urgent, q.from, q.to,
                                           q.before_id, static_cast<int64_t>(q.limit)}))
    out.push_back(ToPost(r));
  FillAttachments(c, out);
  return out;
}

std::vector<Post> PostsStore::Search(Connection& c, const SearchQuery& q, const std::string& viewer_id) const {
  const std::string like = storage::LikeContains(q.text);
  const auto limit = static_cast<int64_t>(q.limit);
  storage::Rows rows;
  if (c.dialect() == storage::Dialect::kPostgres) {
    rows = c.Query(kSearchPostgres, {like, viewer_id, q.patient_id, q.before_id, limit});
  } else {
    // The FTS5 index costs what the whole deployment holds with the text (a
    // professional's search for "血圧 120" over 5,000,000 posts read 125,000
    // posts, 0.35 s); scanning the viewer's own posts costs what their teams
    // hold. So: LIKE over the viewer's posts while they are few or the text
    // is common across the deployment, the index for rarer text in a large
    // caseload (and LIKE for text under 3 characters, which the trigram
    // index cannot match). Both match the same substrings, ASCII case folded.
    const std::string phrase = FtsPhrase(q.text);
    const bool indexed =
        CountCodePoints(q.text) >= 3 &&
        c.QueryOne(kCountViewerPosts, {viewer_id, search_scan_at_most_})->Int(0) >= search_scan_at_most_ &&
        c.QueryOne(kCountIndexHits, {phrase, index_hits_at_most_ + 1})->Int(0) <= index_hits_at_most_;
    rows = indexed ? c.Query(kSearchSqliteFts, {phrase, viewer_id, q.patient_id, q.before_id, limit, like})
                   : c.Query(kSearchSqliteLike, {like, viewer_id, q.patient_id, q.before_id, limit});
  }
  std::vector<Post> out;
  for (const auto& r : rows) {
    out.push_back(ToPost(r));
    out.back().patient_name = r.Text(16);
  }
  FillAttachments(c, out);
  return out;
}

void PostsStore::Update(Connection& c, const Post& before, const std::string& category, const std::string& body,
                        bool urgent, bool withdrawn, const std::optional<std::string>& withdrawal_reason,
                        const std::string& editor_id, TimestampMs now) const {
  const int64_t version = before.version + 1;
  std::optional<int64_t> edited_at;
  std::optional<int64_t> withdrawn_at;
  (withdrawn ? withdrawn_at : edited_at) = now;
  c.Execute(kUpdate, {category, body, urgent, version, edited_at, withdrawn_at, withdrawal_reason, before.id});
  c.Execute(kInsertVersion, {before.id, version, category, body, urgent, withdrawn, editor_id, now});
  if (urgent != before.urgent)
    c.Execute(kShiftUrgentUnread, {urgent ? 1 : -1, before.patient_id, before.author_id, before.id});
}

std::vector<PostVersion> PostsStore::History(Connection& c, const std::string& post_id) const {
  std::vector<PostVersion> out;
  for (const auto& r : c.Query(kHistory, {post_id}))
    out.push_back({r.Int(0), r.Text(1), r.Text(2), r.Bool(3), r.Bool(4), r.Text(5), r.Text(6), r.Int(7)});
  return out;
}

void PostsStore::InsertComment(Connection& c, const Comment& comment) const {
  c.Execute(kInsertComment, {comment.id, comment.post_id, comment.author_id, comment.body, comment.created_at});
  c.Execute(kCountComment, {comment.post_id});
}

std::optional<Comment> PostsStore::FindComment(Connection& c, const std::string& id) const {
  auto r = c.QueryOne(kFindComment, {id});
  if (!r) return std::nullopt;
  return ToComment(*r);
}

std::vector<Comment> PostsStore::ListComments(Connection& c, const std::string& post_id,
                                              const std::optional<std::string>& before, int limit) const {
  std::vector<Comment> out;
  for (const auto& r : c.Query(kListComments, {post_id, before, static_cast<int64_t>(limit)}))
    out.push_back(ToComment(r));
  return out;
}

TimestampMs PostsStore::MarkRead(Connection& c, const Post& post, const std::string& user_id, TimestampMs now) const {
  if (c.Execute(kInsertRead, {post.id, user_id, now}) > 0) {
    c.Execute(kCountRead, {post.id});
    c.Execute(kUncountUnread, {post.urgent ? 1 : 0, post.patient_id, user_id});
    return now;
  }
  return c.QueryOne(kFindRead, {post.id, user_id})->Int(0);
}

std::vector<ReadReceipt> PostsStore::ListReads(Connection& c, const std::string& post_id) const {
  std::vector<ReadReceipt> out;
  for (const auto& r : c.Query(kListReads, {post_id})) out.push_back({r.Text(0), r.Text(1), r.Text(2), r.Int(3)});
  return out;
}

}  // namespace tsunagu::posts
