#include "mail/mail_sender.h"

#include <Poco/Exception.h>
#include <Poco/Net/Context.h>
#include <Poco/Net/MailMessage.h>
#include <Poco/Net/MailRecipient.h>
#include <Poco/Net/NetException.h>
#include <Poco/Net/NetSSL.h>
#include <Poco/Net/SMTPClientSession.h>
#include <Poco/Net/SSLManager.h>
#include <Poco/Net/SecureSMTPClientSession.h>
#include <Poco/Timestamp.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <cstdio>
#include <memory>
#include <stdexcept>

#include "common/crypto.h"
#include "common/time_format.h"
#include "mail/mail_message.h"

namespace tsunagu::mail {
namespace {

constexpr int kBatch = 20;
constexpr int kMaxAttempts = 8;
constexpr TimestampMs kStaleClaimMs = TimestampMs{10} * 60 * 1000;  // a sender that held a row this long died

// 30 s, 1 min, 2 min, ... at most one hour.
TimestampMs Backoff(int64_t attempts) {
  const int64_t shift = std::min<int64_t>(std::max<int64_t>(attempts - 1, 0), 7);
  return std::min<TimestampMs>(30000LL << shift, 3600000);
}

std::unique_ptr<Poco::Net::SMTPClientSession> Connect(const MailSettings& s) {
  using Poco::Net::SMTPClientSession;
  const auto port = static_cast<Poco::UInt16>(s.smtp_port);
  std::unique_ptr<SMTPClientSession> session;
  if (s.smtp_starttls) {
    auto secure = std::make_unique<Poco::Net::SecureSMTPClientSession>(s.smtp_host, port);
    secure->setTimeout(Poco::Timespan(30, 0));
    secure->login();  // EHLO
    Poco::Net::Context::Ptr context =
        new Poco::Net::Context(Poco::Net::Context::TLS_CLIENT_USE, "", "", s.smtp_ca_file,
                               Poco::Net::Context::VERIFY_RELAXED, 9, true /* load the system's CAs */);
    // startTLS() answers false (it does not throw) when STARTTLS is not
    // offered: never go on in clear text with credentials.
    if (!secure->startTLS(context)) throw std::runtime_error("the SMTP server does not offer STARTTLS");
    session = std::move(secure);
  } else {
    session = std::make_unique<SMTPClientSession>(s.smtp_host, port);
    session->setTimeout(Poco::Timespan(30, 0));
  }
  // EHLO (again, after STARTTLS), then AUTH PLAIN when there are credentials.
  if (!s.smtp_user.empty())
    session->login(SMTPClientSession::AUTH_PLAIN, s.smtp_user, s.smtp_password);
  else
    session->login();
  return session;
}

void Send(Poco::Net::SMTPClientSession& session, const MailSettings& s, const OutgoingMail& mail) {
  const MailText text = ComposeMail(mail, s.public_url);
  Poco::Net::MailMessage m;
  m.setSender(s.mail_from);
  m.addRecipient(Poco::Net::MailRecipient(Poco::Net::MailRecipient::PRIMARY_RECIPIENT, mail.to_address));
  m.setSubject(Poco::Net::MailMessage::encodeWord(text.subject, "UTF-8"));
  m.setDate(Poco::Timestamp());
  m.setContentType("text/plain; charset=UTF-8");
  m.setContent(text.body, Poco::Net::MailMessage::ENCODING_BASE64);
  session.sendMessage(m);
}

std::string JapanDay(TimestampMs now) {
  const int64_t days = (now + kJapanOffsetMs) / 86400000;
  // civil_from_days (H. Hinnant)
  const int64_t z = days + 719468;
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const int64_t doe = z - era * 146097;
  const int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const int64_t mp = (5 * doy + 2) / 153;
  const int64_t d = doy - (153 * mp + 2) / 5 + 1;
  const int64_t m = mp < 10 ? mp + 3 : mp - 9;
  const int64_t y = yoe + era * 400 + (m <= 2 ? 1 : 0);
  char buf[48];
  std::snprintf(buf, sizeof buf, "%04lld-%02lld-%02lld", static_cast<long long>(y), static_cast<long long>(m),
                static_cast<long long>(d));
  return buf;
}

}  // namespace

std::optional<int> ParseDigestTime(const std::string& text) {
  if (text == "none") return std::nullopt;
  int h = -1;
  int m = -1;
  char extra = 0;
  if (text.size() != 5 || std::sscanf(text.c_str(), "%2d:%2d%c", &h, &m, &extra) != 2 || h < 0 || h > 23 || m < 0 ||
      m > 59)
    throw std::invalid_argument("--digest-time: expected HH:MM (Japan time) or none, got '" + text + "'");
  return h * 60 + m;
}

MailSender::MailSender(storage::Database& db, const MailStore& store, const Outbox& outbox, MailService& service,
                       const Clock& clock, MailSettings settings)
    : db_(db),
      store_(store),
      outbox_(outbox),
      service_(service),
      clock_(clock),
      settings_(std::move(settings)),
      sender_id_(NewId(clock.NowMs())) {}

MailSender::~MailSender() { Stop(); }

void MailSender::Start() {
  if (settings_.smtp_host.empty())
    spdlog::warn("no --smtp-host: e-mail notifications are queued in the outbox but not sent");
  else if (settings_.smtp_starttls)
    Poco::Net::initializeSSL();
  if (!settings_.smtp_host.empty())
    spdlog::info("mail: sending through {}:{}{}", settings_.smtp_host, settings_.smtp_port,
                 settings_.smtp_starttls ? " (STARTTLS)" : "");
  thread_ = std::thread([this] { Run(); });
}

void MailSender::Stop() {
  if (!thread_.joinable()) return;
  stopping_ = true;
  outbox_.Notify();
  thread_.join();
}

void MailSender::Run() {
  while (!stopping_) {
    try {
      MaybeDigest();
      if (!settings_.smtp_host.empty()) SendDue();
    } catch (const std::exception& e) {
      spdlog::warn("mail: {}", e.what());
    }
    outbox_.Wait(std::chrono::seconds(1));
  }
}

void MailSender::MaybeDigest() {
  if (!settings_.digest_minute) return;
  const TimestampMs now = clock_.NowMs();
  const int minute = static_cast<int>(((now + kJapanOffsetMs) % 86400000) / 60000);
  if (minute < *settings_.digest_minute) return;
  const std::string day = JapanDay(now);
  if (day == last_digest_day_) return;
  last_digest_day_ = day;
  if (!db_.Transaction([&](storage::Connection& c) { return store_.ClaimDigestDay(c, day, now); })) return;
  const int mails = service_.RunDigest();
  spdlog::info("mail: digest of {} queued {} mail(s)", day, mails);
}

void MailSender::SendDue() {
  while (!stopping_) {
    const TimestampMs now = clock_.NowMs();
    auto batch = db_.Transaction(
        [&](storage::Connection& c) { return store_.Claim(c, sender_id_, now, now - kStaleClaimMs, kBatch); });
    if (batch.empty()) return;
    std::unique_ptr<Poco::Net::SMTPClientSession> session;
    std::string connect_error;
    try {
      session = Connect(settings_);
    } catch (const Poco::Exception& e) {
      // displayText() names the cause ("certificate verify failed"), what() only the kind.
      connect_error = e.displayText();
      spdlog::warn("mail: cannot reach {}:{}: {}", settings_.smtp_host, settings_.smtp_port, connect_error);
    } catch (const std::exception& e) {
      connect_error = e.what();
      spdlog::warn("mail: cannot reach {}:{}: {}", settings_.smtp_host, settings_.smtp_port, connect_error);
    }
    for (const auto& mail : batch) {
      std::string error = connect_error;
      bool permanent = false;
      if (session) {
        try {
          Send(*session, settings_, mail);
        } catch (const Poco::Net::SMTPException& e) {
          // The server refused this mail (e.code() is its reply): 5xx is
          // final (no such mailbox, say), 4xx is worth another try. RSET
          // clears the half-done transaction so the next mail can go.
          error = e.displayText();
          permanent = e.code() / 100 == 5;
          try {
            std::string response;
            if (session->sendCommand("RSET", response) / 100 != 2) session.reset();
          } catch (const std::exception&) {
            session.reset();
          }
        } catch (const std::exception& e) {
          // The connection broke: this mail and the rest wait for a new one.
          error = e.what();
          if (error.empty()) error = "send failed";
          session.reset();
        }
        if (!session) connect_error = "the SMTP connection was lost: " + error;
      }
      const TimestampMs done = clock_.NowMs();
      if (error.empty()) {
        db_.Transaction([&](storage::Connection& c) { store_.MarkSent(c, mail.id, done); });
        continue;
      }
      std::optional<TimestampMs> retry;
      if (!permanent && mail.attempts < kMaxAttempts) retry = done + Backoff(mail.attempts);
      if (permanent)
        spdlog::error("mail {}: refused by the SMTP server: {}", mail.id, error);
      else if (!retry)
        spdlog::error("mail {}: giving up after {} attempts: {}", mail.id, mail.attempts, error);
      db_.Transaction([&](storage::Connection& c) { store_.MarkFailed(c, mail.id, retry, error); });
    }
    if (session) {
      try {
        session->close();
      } catch (const std::exception&) {  // NOLINT(bugprone-empty-catch): the mails are sent
      }
    }
    if (!connect_error.empty()) return;  // the server is down: wait for the backoff
  }
}

}  // namespace tsunagu::mail
