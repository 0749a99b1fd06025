// Notification settings, the outbox's doorbell and the daily digest.
#pragma once

#include <chrono>
#include <condition_variable>
#include <mutex>

#include "access/actor.h"
#include "access/audit_trail.h"
#include "common/clock.h"
#include "mail/mail_store.h"
#include "storage/database.h"

namespace tsunagu::mail {

// Written to inside the post's transaction (Enqueue); rung after commit
// (Notify), so the sender sends at once instead of at its next poll.
class Outbox {
 public:
  explicit Outbox(const MailStore& store) : store_(store) {}
  void Enqueue(storage::Connection& c, const PostNotice& notice, TimestampMs now) const;
  void Notify() const;
  // Waits until Notify() or the timeout; false on timeout.
  bool Wait(std::chrono::milliseconds timeout) const;

 private:
  const MailStore& store_;
  mutable std::mutex mutex_;
  mutable std::condition_variable cv_;
  mutable bool rung_ = false;
};

struct SettingsChanges {
  std::optional<bool> email_enabled;
  std::optional<std::string> immediate;
  std::optional<std::string> digest;
};

class MailService {
 public:
  MailService(storage::Database& db, const MailStore& store, const Outbox& outbox, const access::AuditTrail& audit,
              const Clock& clock)
      : db_(db), store_(store), outbox_(outbox), audit_(audit), clock_(clock) {}

  NotificationSettings GetSettings(const access::Actor& actor);
  // kInvalidArgument naming immediate/digest for a value outside the lists.
  NotificationSettings ChangeSettings(const access::Actor& actor, const SettingsChanges& changes);

  // Turns every user's digest counts into one digest mail each; returns the
  // number of digest mails queued. Safe to run on several servers at once.
  int RunDigest();
  // The same, for a system administrator (POST /api/v1/admin/mail/digest).
  int RunDigest(const access::Actor& actor);

 private:
  storage::Database& db_;
  const MailStore& store_;
  const Outbox& outbox_;
  const access::AuditTrail& audit_;
  const Clock& clock_;
};

}  // namespace tsunagu::mail
