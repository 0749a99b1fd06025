// Storage of notification settings and of the mail outbox (0008). Makes no
// access decisions. Rows hold ids and counts only, never clinical text.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "common/clock.h"
#include "storage/database.h"

namespace tsunagu::mail {

struct NotificationSettings {
  bool email_enabled = true;
  std::string immediate = "urgent_and_mentions";  // "urgent_and_mentions" | "all" | "none"
  std::string digest = "daily";                   // "daily" | "none"
};

// What a new post tells the outbox.
struct PostNotice {
  std::string post_id;
  std::string patient_id;
  std::string author_id;
  bool urgent = false;  // (whom the post mentions is read from post_mentions)
  // An edit that made the post urgent: only the immediate mails (the digest
  // already counts the post).
  bool made_urgent_by_edit = false;
};

// A row claimed for sending.
struct OutgoingMail {
  std::string id;
  std::string user_id;
  std::string to_address;
  std::string kind;  // urgent, mention, new, digest
  std::optional<std::string> patient_id;
  int64_t post_count = 0;
  int64_t patient_count = 0;
  int64_t attempts = 0;  // including this one
};

class MailStore {
 public:
  using Connection = storage::Connection;

  NotificationSettings Settings(Connection& c, const std::string& user_id) const;
  void SaveSettings(Connection& c, const std::string& user_id, const NotificationSettings& s, TimestampMs now) const;

  // For each team member other than the author who is active, has an
  // address and e-mail enabled: a 'pending' row when their settings want a
  // mail now, else one more post counted for their daily digest (when they
  // want one; not for an edit that made the post urgent), else nothing. Two
  // statements whatever the team's size. Returns the pending rows added.
  int EnqueueForPost(Connection& c, const PostNotice& notice, TimestampMs now) const;

  // Claims up to `limit` due rows ('pending' whose time has come, or 'sending'
  // claimed before `stale_before` by a sender that died), marking them
  // 'sending'. PostgreSQL: FOR UPDATE SKIP LOCKED, so concurrent servers
  // never claim the same row.
  std::vector<OutgoingMail> Claim(Connection& c, const std::string& sender_id, TimestampMs now,
                                  TimestampMs stale_before, int limit) const;
  void MarkSent(Connection& c, const std::string& id, TimestampMs now) const;
  // Back to 'pending' at `retry_at`, or 'failed' when retry_at is nullopt.
  void MarkFailed(Connection& c, const std::string& id, std::optional<TimestampMs> retry_at,
                  const std::string& error) const;

  // Users with posts counted for the digest.
  std::vector<std::string> UsersWithCollected(Connection& c) const;
  // Takes the user's counts and queues one 'pending' digest row (when they
  // still want it and have an address); true when a digest mail was queued.
  bool Digest(Connection& c, const std::string& user_id, TimestampMs now) const;
  // True for the first caller of the Japan date `day` (YYYY-MM-DD).
  bool ClaimDigestDay(Connection& c, const std::string& day, TimestampMs now) const;
};

}  // namespace tsunagu::mail
