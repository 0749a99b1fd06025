#include "posts/posts_service.h"

#include "access/access_policy.h"
#include "common/crypto.h"
#include "common/error.h"

namespace tsunagu::posts {
namespace {

[[noreturn]] void PostNotFound() { throw AppError(ErrorCode::kNotFound, "投稿が見つかりません"); }

void CheckCategory(const std::string& category) {
  if (!IsCategory(category)) throw AppError::InvalidField("category", "分類を選んでください");
}

void CheckBody(const std::string& body) {
  if (body.empty()) throw AppError::InvalidField("body", "本文を入力してください");
}

}  // namespace

PostsService::PostsService(storage::Database& db, const PostsStore& store,
                           const attachments::AttachmentsStore& attachments, const access::PatientAccess& access,
                           const live::LivePublisher& live, const mail::Outbox& outbox, const Clock& clock)
    : db_(db), store_(store), attachments_(attachments), access_(access), live_(live), outbox_(outbox), clock_(clock) {}

template <typename F>
auto PostsService::ReadPost(const access::Actor& actor, const std::string& post_id, const std::string& action, F&& read)
    -> decltype(read(std::declval<storage::Connection&>())) {
  auto patient_id = db_.Read([&](storage::Connection& c) { return store_.FindPatientId(c, post_id); });
  if (!patient_id) PostNotFound();
  try {
    return access_.Read(actor, *patient_id, action, "post:" + post_id,
                        [&](storage::Connection& c, const auto& /*grant*/) { return read(c); });
  } catch (const AppError& e) {
    // A post of a patient the actor cannot see does not exist for them.
    if (e.code() == ErrorCode::kNotFound) PostNotFound();
    throw;
  }
}

Post PostsService::RequirePost(storage::Connection& c, const access::Actor& actor, const std::string& post_id,
                               access::PatientNeed need, const std::string& action) {
  auto patient_id = store_.FindPatientId(c, post_id);
  // A post of a patient the actor cannot see does not exist for them.
  if (!patient_id) PostNotFound();
  try {
    access_.Require(c, actor, *patient_id, need, action, "post:" + post_id);
  } catch (const AppError& e) {
    if (e.code() == ErrorCode::kNotFound) PostNotFound();
    throw;
  }
  return *store_.Find(c, post_id, actor.user_id.value_or(""));
}

Post PostsService::RequireOwnLivePost(storage::Connection& c, const access::Actor& actor, const std::string& post_id,
                                      const std::string& action) {
  Post post = RequirePost(c, actor, post_id, access::PatientNeed::kWrite, action);
  if (post.author_id != actor.user_id)
    throw AppError(ErrorCode::kPermissionDenied, "投稿した本人だけが変更できます", "author_only");
  if (post.withdrawn_at) throw AppError(ErrorCode::kConflict, "この投稿は取り下げられています", "post_withdrawn");
  return post;
}

std::vector<Post> PostsService::ListTimeline(const access::Actor& actor, const TimelineQuery& query) {
  return access_.Read(
      actor, query.patient_id, "post.list", "patient:" + query.patient_id,
      [&](storage::Connection& c, const auto& /*grant*/) { return store_.ListTimeline(c, query, *actor.user_id); });
}

std::vector<Post> PostsService::Search(const access::Actor& actor, const SearchQuery& query) {
  access::RequireSignedIn(actor);
  auto found = db_.Read([&](storage::Connection& c) { return store_.Search(c, query, *actor.user_id); });
  access_.RecordRead(actor, "post.search", "hits:" + std::to_string(found.size()));
  return found;
}

Post PostsService::Create(const access::Actor& actor, const std::string& patient_id, const NewPost& post) {
  CheckCategory(post.category);
  CheckBody(post.body);
  const TimestampMs now = clock_.NowMs();
  const std::string id = NewId(now);
  auto result = db_.Transaction([&](storage::Connection& c) {
    access_.Require(c, actor, patient_id, access::PatientNeed::kWrite, "post.create", "post:" + id);
    store_.Insert(c, id, patient_id, *actor.user_id, post, now);
    for (size_t i = 0; i < post.attachment_ids.size(); ++i) {
      if (!attachments_.Link(c, post.attachment_ids[i], *actor.user_id, id, patient_id, static_cast<int>(i)))
        throw AppError::InvalidField("attachment_ids", "添付ファイルが見つからないか、すでに別の投稿に使われています");
    }
    if (!store_.InsertMentions(c, id, patient_id, post.mention_user_ids))
      throw AppError::InvalidField("mention_user_ids", "この利用者のチームのメンバーだけを宛先にできます");
    outbox_.Enqueue(c, {id, patient_id, *actor.user_id, post.urgent}, now);
    const bool linked = !post.attachment_ids.empty() || !post.mention_user_ids.empty();
    return *store_.Find(c, id, *actor.user_id, linked ? PostsStore::Links::kLoad : PostsStore::Links::kNone);
  });
  live_.Publish({"post.created", patient_id, result.id, {}});
  outbox_.Notify();
  return result;
}

Post PostsService::Get(const access::Actor& actor, const std::string& post_id) {
  return ReadPost(actor, post_id, "post.read",
                  [&](storage::Connection& c) { return *store_.Find(c, post_id, *actor.user_id); });
}

Post PostsService::Edit(const access::Actor& actor, const std::string& post_id, const PostChanges& changes) {
  if (changes.category) CheckCategory(*changes.category);
  if (changes.body) CheckBody(*changes.body);
  const TimestampMs now = clock_.NowMs();
  auto result = db_.Transaction([&](storage::Connection& c) {
    Post before = RequireOwnLivePost(c, actor, post_id, "post.edit");
    const std::string category = changes.category.value_or(before.category);
    const std::string body = changes.body.value_or(before.body);
    const bool urgent = changes.urgent.value_or(before.urgent);
    if (category == before.category && body == before.body && urgent == before.urgent) return before;
    store_.Update(c, before, category, body, urgent, false, std::nullopt, *actor.user_id, now);
    // Made urgent afterwards: the team is alerted as for a new urgent post.
    if (urgent && !before.urgent) {
      mail::PostNotice notice{post_id, before.patient_id, *actor.user_id, true};
      notice.made_urgent_by_edit = true;
      outbox_.Enqueue(c, notice, now);
    }
    return *store_.Find(c, post_id, *actor.user_id);
  });
  live_.Publish({"post.updated", result.patient_id, result.id, {}});
  outbox_.Notify();
  return result;
}

Post PostsService::Withdraw(const access::Actor& actor, const std::string& post_id, const std::string& reason) {
  const TimestampMs now = clock_.NowMs();
  auto result = db_.Transaction([&](storage::Connection& c) {
    Post before = RequireOwnLivePost(c, actor, post_id, "post.withdraw");
    store_.Update(c, before, before.category, "", before.urgent, true, reason, *actor.user_id, now);
    return *store_.Find(c, post_id, *actor.user_id);
  });
  live_.Publish({"post.updated", result.patient_id, result.id, {}});
  return result;
}

std::vector<PostVersion> PostsService::History(const access::Actor& actor, const std::string& post_id) {
  return ReadPost(actor, post_id, "post.history", [&](storage::Connection& c) { return store_.History(c, post_id); });
}

Comment PostsService::AddComment(const access::Actor& actor, const std::string& post_id, const std::string& body) {
  CheckBody(body);
  const TimestampMs now = clock_.NowMs();
  std::string patient_id;
  auto result = db_.Transaction([&](storage::Connection& c) {
    patient_id = RequirePost(c, actor, post_id, access::PatientNeed::kWrite, "comment.create").patient_id;
    Comment comment{NewId(now), post_id, *actor.user_id, "", "", body, now};
    store_.InsertComment(c, comment);
    return *store_.FindComment(c, comment.id);
  });
  live_.Publish({"comment.created", patient_id, post_id, {}});
  return result;
}

std::vector<Comment> PostsService::ListComments(const access::Actor& actor, const std::string& post_id,
                                                const std::optional<std::string>& before, int limit) {
  return ReadPost(actor, post_id, "comment.list",
                  [&](storage::Connection& c) { return store_.ListComments(c, post_id, before, limit); });
}

TimestampMs PostsService::MarkRead(const access::Actor& actor, const std::string& post_id) {
  const TimestampMs now = clock_.NowMs();
  std::string patient_id;
  auto result = db_.Transaction([&](storage::Connection& c) {
    // Marking read needs membership: an administrator's read of a withdrawn
    // patient leaves no receipt.
    Post post = RequirePost(c, actor, post_id, access::PatientNeed::kWrite, "post.mark_read");
    patient_id = post.patient_id;
    if (post.author_id == actor.user_id) return post.created_at;
    return store_.MarkRead(c, post, *actor.user_id, now);
  });
  live_.Publish({"post.read", patient_id, post_id, {}});
  return result;
}

std::vector<ReadReceipt> PostsService::ListReads(const access::Actor& actor, const std::string& post_id) {
  return ReadPost(actor, post_id, "post.reads", [&](storage::Connection& c) { return store_.ListReads(c, post_id); });
}

}  // namespace tsunagu::posts
