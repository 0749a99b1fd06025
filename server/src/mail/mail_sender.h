// The sender: one thread per server that claims due outbox rows and sends
// them over SMTP (POCO; STARTTLS when configured, then AUTH PLAIN), retrying
// with backoff; it also starts the daily digest at its Japan-time hour.
// Like http/, this is code that sees Poco::Net.
#pragma once

#include <atomic>
#include <optional>
#include <string>
#include <thread>

#include "common/clock.h"
#include "mail/mail_service.h"
#include "mail/mail_store.h"
#include "storage/database.h"

namespace tsunagu::mail {

struct MailSettings {
  std::string smtp_host;  // empty: nothing is sent, rows stay pending
  int smtp_port = 25;
  std::string smtp_user;
  std::string smtp_password;
  bool smtp_starttls = false;
  // A PEM file of certificate authorities trusted for the SMTP server's
  // certificate besides the system's (a town's own mail server); empty: the
  // system's only.
  std::string smtp_ca_file;
  std::string mail_from = "no-reply@tsunagu.invalid";
  std::string public_url;  // links point here: {public_url}/patients/{id}
  // Minutes after midnight, Japan time, of the daily digest; nullopt: only on
  // request (POST /api/v1/admin/mail/digest).
  std::optional<int> digest_minute = 7 * 60;
};

// Parses "HH:MM" (or "none") into MailSettings::digest_minute; throws
// std::invalid_argument otherwise.
std::optional<int> ParseDigestTime(const std::string& text);

class MailSender {
 public:
  MailSender(storage::Database& db, const MailStore& store, const Outbox& outbox, MailService& service,
             const Clock& clock, MailSettings settings);
  ~MailSender();
  void Start();
  void Stop();

 private:
  void Run();
  void MaybeDigest();
  // Sends every due row; returns when none is left.
  void SendDue();

  storage::Database& db_;
  const MailStore& store_;
  const Outbox& outbox_;
  MailService& service_;
  const Clock& clock_;
  MailSettings settings_;
  std::string sender_id_;
  std::string last_digest_day_;
  std::atomic<bool> stopping_ = false;
  std::thread thread_;
};

}  // namespace tsunagu::mail
