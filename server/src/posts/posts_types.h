// The notebook's posts, their versions, comments and read receipts.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/clock.h"

namespace tsunagu::posts {

// What a post shows of each of its attachments (attachments/ has the rest).
struct PostAttachment {
  std::string id;
  std::string content_type;
  std::string file_name;
  int64_t byte_size = 0;
  bool thumbnail = false;
};

struct Post {
  std::string id;
  std::string patient_id;
  std::string author_id;
  std::string author_name;
  std::string author_profession;
  std::string category;
  std::string body;
  bool urgent = false;
  int64_t version = 1;
  TimestampMs created_at = 0;
  std::optional<TimestampMs> edited_at;
  std::optional<TimestampMs> withdrawn_at;
  std::optional<std::string> withdrawal_reason;
  int64_t comment_count = 0;
  int64_t read_count = 0;
  bool read_by_me = false;
  std::vector<std::string> attachment_ids;    // in the order they were posted
  std::vector<PostAttachment> attachments;    // the same, described
  std::vector<std::string> mention_user_ids;  // in the order they were named
  std::string patient_name;                   // filled in search results only
};

struct SearchQuery {
  std::string text;  // 1..100 characters, matched as a substring
  std::optional<std::string> patient_id;
  std::optional<std::string> before_id;
  int limit = 50;
};

struct NewPost {
  std::string category;
  std::string body;
  bool urgent = false;
  std::vector<std::string> attachment_ids;
  std::vector<std::string> mention_user_ids;  // members of the patient's team
};

struct PostChanges {
  std::optional<std::string> category;
  std::optional<std::string> body;
  std::optional<bool> urgent;
};

struct TimelineQuery {
  std::string patient_id;
  std::optional<std::string> category;
  std::optional<std::string> author_id;
  std::optional<bool> urgent;
  std::optional<TimestampMs> from;  // inclusive
  std::optional<TimestampMs> to;    // exclusive
  std::optional<std::string> before_id;
  int limit = 50;
};

struct PostVersion {
  int64_t version = 0;
  std::string category;
  std::string body;
  bool urgent = false;
  bool withdrawn = false;
  std::string edited_by;
  std::string edited_by_name;
  TimestampMs edited_at = 0;
};

struct Comment {
  std::string id;
  std::string post_id;
  std::string author_id;
  std::string author_name;
  std::string author_profession;
  std::string body;
  TimestampMs created_at = 0;
};

struct ReadReceipt {
  std::string user_id;
  std::string name;
  std::string profession;
  TimestampMs read_at = 0;
};

bool IsCategory(std::string_view v);

}  // namespace tsunagu::posts
