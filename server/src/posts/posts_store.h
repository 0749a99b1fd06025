// Storage of posts, versions, comments and read receipts, and of the per-member
// unread counters that they move. Makes no access decisions.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "posts/posts_types.h"
#include "storage/database.h"

namespace tsunagu::posts {

class PostsStore {
 public:
  using Connection = storage::Connection;

  // Search on SQLite scans the viewer's own posts while their teams hold
  // fewer than `search_scan_at_most`; beyond that it asks the FTS5 index,
  // unless the text is so common that the index holds more than
  // `index_hits_at_most` posts with it (then scanning is cheaper again).
  explicit PostsStore(int64_t search_scan_at_most = 20000, int64_t index_hits_at_most = 2000)
      : search_scan_at_most_(search_scan_at_most), index_hits_at_most_(index_hits_at_most) {}

  // Inserts the post and its first version, counts it unread for every other
  // member, and moves the patient's last activity.
  void Insert(Connection& c, const std::string& id, const std::string& patient_id, const std::string& author_id,
              const NewPost& post, TimestampMs now) const;
  // Records the members a post names, in order; false (nothing stored) when
  // one of them is not on the patient's team.
  bool InsertMentions(Connection& c, const std::string& post_id, const std::string& patient_id,
                      const std::vector<std::string>& user_ids) const;
  // kNone: the caller knows the post has no attachments and no mentions (it
  // has just stored it without them), and two queries are saved.
  enum class Links { kLoad, kNone };
  std::optional<Post> Find(Connection& c, const std::string& id, const std::string& viewer_id,
                           Links links = Links::kLoad) const;
  // Just the patient of a post (for the access check), if the post exists.
  std::optional<std::string> FindPatientId(Connection& c, const std::string& id) const;
  std::vector<Post> ListTimeline(Connection& c, const TimelineQuery& q, const std::string& viewer_id) const;
  // Posts whose body contains the text, on active patients whose team has
  // `viewer_id`, newest first; withdrawn posts are not found.
  std::vector<Post> Search(Connection& c, const SearchQuery& q, const std::string& viewer_id) const;
  // Stores a new version and makes it current; keeps urgent-unread counters exact.
  void Update(Connection& c, const Post& before, const std::string& category, const std::string& body, bool urgent,
              bool withdrawn, const std::optional<std::string>& withdrawal_reason, const std::string& editor_id,
              TimestampMs now) const;
  std::vector<PostVersion> History(Connection& c, const std::string& post_id) const;

  void InsertComment(Connection& c, const Comment& comment) const;
  std::optional<Comment> FindComment(Connection& c, const std::string& id) const;
  std::vector<Comment> ListComments(Connection& c, const std::string& post_id, const std::optional<std::string>& before,
                                    int limit) const;

  // Records the first read of `post` by `user_id` and returns its time (the
  // earlier one when it was read before). Moves the counters only once.
  TimestampMs MarkRead(Connection& c, const Post& post, const std::string& user_id, TimestampMs now) const;
  std::vector<ReadReceipt> ListReads(Connection& c, const std::string& post_id) const;

 private:
  int64_t search_scan_at_most_;
  int64_t index_hits_at_most_;
};

}  // namespace tsunagu::posts
