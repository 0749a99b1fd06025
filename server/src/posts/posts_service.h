// The notebook: posting, reading the timeline, editing with history,
// withdrawing, comments and read receipts. Every call passes the patient
// access check (access/patient_access.h) inside its transaction.
#pragma once

#include <string>
#include <vector>

#include "access/actor.h"
#include "access/patient_access.h"
#include "attachments/attachments_store.h"
#include "common/clock.h"
#include "live/live_events.h"
#include "mail/mail_service.h"
#include "posts/posts_store.h"
#include "storage/database.h"

namespace tsunagu::posts {

class PostsService {
 public:
  PostsService(storage::Database& db, const PostsStore& store, const attachments::AttachmentsStore& attachments,
               const access::PatientAccess& access, const live::LivePublisher& live, const mail::Outbox& outbox,
               const Clock& clock);

  std::vector<Post> ListTimeline(const access::Actor& actor, const TimelineQuery& query);
  // Full-text search over the caller's patients (active consent, member);
  // nothing outside them is read. The search is recorded.
  std::vector<Post> Search(const access::Actor& actor, const SearchQuery& query);
  // kInvalidArgument for a bad category or empty body, and (naming
  // attachment_ids) for an attachment that does not exist, was uploaded by
  // someone else or is already posted. The attachments are linked, in order,
  // in the post's transaction. Each of mention_user_ids must be on the
  // patient's team (else kInvalidArgument naming mention_user_ids). The mail
  // outbox rows for the team are written in the same transaction.
  Post Create(const access::Actor& actor, const std::string& patient_id, const NewPost& post);
  Post Get(const access::Actor& actor, const std::string& post_id);
  // The author only (kPermissionDenied otherwise); every version is kept.
  Post Edit(const access::Actor& actor, const std::string& post_id, const PostChanges& changes);
  // The author only; the text stays in the history for the team.
  Post Withdraw(const access::Actor& actor, const std::string& post_id, const std::string& reason);
  std::vector<PostVersion> History(const access::Actor& actor, const std::string& post_id);

  Comment AddComment(const access::Actor& actor, const std::string& post_id, const std::string& body);
  std::vector<Comment> ListComments(const access::Actor& actor, const std::string& post_id,
                                    const std::optional<std::string>& before, int limit);

  // Marks the post read by the caller (once; a later call returns the first
  // time). Reading one's own post records nothing and answers its creation time.
  TimestampMs MarkRead(const access::Actor& actor, const std::string& post_id);
  std::vector<ReadReceipt> ListReads(const access::Actor& actor, const std::string& post_id);

 private:
  // The post, after checking that the actor may `need` its patient.
  Post RequirePost(storage::Connection& c, const access::Actor& actor, const std::string& post_id,
                   access::PatientNeed need, const std::string& action);
  // Runs `read(c)` after checking that the actor may read the post's patient;
  // the access is recorded (see PatientAccess::Read).
  template <typename F>
  auto ReadPost(const access::Actor& actor, const std::string& post_id, const std::string& action, F&& read)
      -> decltype(read(std::declval<storage::Connection&>()));
  Post RequireOwnLivePost(storage::Connection& c, const access::Actor& actor, const std::string& post_id,
                          const std::string& action);

  storage::Database& db_;
  const PostsStore& store_;
  const attachments::AttachmentsStore& attachments_;
  const access::PatientAccess& access_;
  const live::LivePublisher& live_;
  const mail::Outbox& outbox_;
  const Clock& clock_;
};

}  // namespace tsunagu::posts
