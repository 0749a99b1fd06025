#include "mail/mail_service.h"

#include "access/access_policy.h"
#include "common/error.h"

namespace tsunagu::mail {

void Outbox::Enqueue(storage::Connection& c, const PostNotice& notice, TimestampMs now) const {
  store_.EnqueueForPost(c, notice, now);
}

void Outbox::Notify() const {
  {
    std::lock_guard lock(mutex_);
    rung_ = true;
  }
  cv_.notify_all();
}

bool Outbox::Wait(std::chrono::milliseconds timeout) const {
  std::unique_lock lock(mutex_);
  const bool rung = cv_.wait_for(lock, timeout, [this] { return rung_; });
  rung_ = false;
  return rung;
}

NotificationSettings MailService::GetSettings(const access::Actor& actor) {
  access::RequireSignedIn(actor);
  return db_.Read([&](storage::Connection& c) { return store_.Settings(c, *actor.user_id); });
}

NotificationSettings MailService::ChangeSettings(const access::Actor& actor, const SettingsChanges& ch) {
  access::RequireSignedIn(actor);
  if (ch.immediate && *ch.immediate != "urgent_and_mentions" && *ch.immediate != "all" && *ch.immediate != "none")
    throw AppError::InvalidField("immediate", "urgent_and_mentions、all、none のいずれかを指定してください");
  if (ch.digest && *ch.digest != "daily" && *ch.digest != "none")
    throw AppError::InvalidField("digest", "daily か none を指定してください");
  const TimestampMs now = clock_.NowMs();
  return db_.Transaction([&](storage::Connection& c) {
    NotificationSettings s = store_.Settings(c, *actor.user_id);
    if (ch.email_enabled) s.email_enabled = *ch.email_enabled;
    if (ch.immediate) s.immediate = *ch.immediate;
    if (ch.digest) s.digest = *ch.digest;
    store_.SaveSettings(c, *actor.user_id, s, now);
    audit_.Append(c, {actor.user_id, "notifications.update", std::nullopt, "user:" + *actor.user_id, actor.ip});
    return s;
  });
}

int MailService::RunDigest() {
  const auto users = db_.Read([&](storage::Connection& c) { return store_.UsersWithCollected(c); });
  int mails = 0;
  for (const auto& user_id : users) {
    const TimestampMs now = clock_.NowMs();
    const bool queued = db_.Transaction([&](storage::Connection& c) { return store_.Digest(c, user_id, now); });
    if (queued) ++mails;
  }
  if (mails > 0) outbox_.Notify();
  return mails;
}

int MailService::RunDigest(const access::Actor& actor) {
  access::RequireSystemAdmin(actor);
  const int mails = RunDigest();
  db_.Transaction([&](storage::Connection& c) {
    audit_.Append(c, {actor.user_id, "mail.digest", std::nullopt, "digests:" + std::to_string(mails), actor.ip});
  });
  return mails;
}

}  // namespace tsunagu::mail
