#include "mail/mail_store.h"

#include <algorithm>

#include "common/crypto.h"

namespace tsunagu::mail {
namespace {

constexpr std::string_view kSettings =
    "SELECT email_enabled, immediate, digest FROM notification_settings WHERE user_id = $1";
constexpr std::string_view kSaveSettings =
    "INSERT INTO notification_settings (user_id, email_enabled, immediate, digest, updated_at) "
    "VALUES ($1, $2, $3, $4, $5) ON CONFLICT (user_id) DO UPDATE SET email_enabled = excluded.email_enabled, "
    "immediate = excluded.immediate, digest = excluded.digest, updated_at = excluded.updated_at";
// A post's recipients: the team members other than the author ($2) who are
// active, have an address and e-mail enabled, each with what their settings
// ask for it (status): 'pending' (a mail now: `immediate` is 'all', or
// 'urgent_and_mentions' and the post is urgent ($3 = 1) or mentions them),
// 'collected' (counted for the daily digest, unless the notice is an edit
// that made the post urgent, $5 = 1) or NULL (nothing).
#define TSUNAGU_RECIPIENTS                                                                                   \
  "SELECT user_id, email, mentioned, CASE WHEN immediate = 'all' OR (immediate = 'urgent_and_mentions' AND " \
  "($3 = 1 OR mentioned)) THEN 'pending' WHEN digest = 'daily' AND $5 = 0 THEN 'collected' END AS status "   \
  "FROM (SELECT m.user_id, u.email, EXISTS (SELECT 1 FROM post_mentions pm WHERE pm.post_id = $4 AND "       \
  "pm.user_id = m.user_id) AS mentioned, COALESCE(s.immediate, 'urgent_and_mentions') AS immediate, "        \
  "COALESCE(s.digest, 'daily') AS digest FROM care_team_members m JOIN users u ON u.id = m.user_id "         \
  "LEFT JOIN notification_settings s ON s.user_id = m.user_id "                                              \
  "WHERE m.patient_id = $1 AND m.user_id <> $2 AND u.active = 1 AND u.email <> '' "                          \
  "AND COALESCE(s.email_enabled, 1) = 1) AS team"
constexpr std::string_view kImmediateRecipients =
    "SELECT user_id, email, mentioned FROM (" TSUNAGU_RECIPIENTS ") r WHERE status = 'pending' ORDER BY user_id";
constexpr std::string_view kCountForDigest =
    "INSERT INTO mail_digest_counts (user_id, patient_id, post_count) SELECT user_id, $1, 1 FROM (" TSUNAGU_RECIPIENTS
    ") r WHERE status = 'collected' "
    "ON CONFLICT (user_id, patient_id) DO UPDATE SET post_count = mail_digest_counts.post_count + 1";
#undef TSUNAGU_RECIPIENTS
constexpr std::string_view kInsert =
    "INSERT INTO mail_outbox (id, user_id, to_address, kind, patient_id, post_id, post_count, patient_count, "
    "status, next_attempt_at, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)";
#define TSUNAGU_CLAIM_HEAD                                                                         \
  "UPDATE mail_outbox SET status = 'sending', claimed_at = $1, claimed_by = $2, "                  \
  "attempts = attempts + 1 WHERE id IN (SELECT id FROM mail_outbox WHERE (status = 'pending' AND " \
  "next_attempt_at <= $3) OR (status = 'sending' AND claimed_at < $4) ORDER BY next_attempt_at LIMIT $5"
#define TSUNAGU_CLAIM_TAIL ") RETURNING id, user_id, to_address, kind, patient_id, post_count, patient_count, attempts"
constexpr std::string_view kClaimSqlite = TSUNAGU_CLAIM_HEAD TSUNAGU_CLAIM_TAIL;
constexpr std::string_view kClaimPostgres = TSUNAGU_CLAIM_HEAD " FOR UPDATE SKIP LOCKED" TSUNAGU_CLAIM_TAIL;
#undef TSUNAGU_CLAIM_HEAD
#undef TSUNAGU_CLAIM_TAIL
constexpr std::string_view kMarkSent =
    "UPDATE mail_outbox SET status = 'sent', sent_at = $1, last_error = NULL WHERE id = $2 AND status = 'sending'";
constexpr std::string_view kMarkFailed =
    "UPDATE mail_outbox SET status = $1, next_attempt_at = COALESCE($2, next_attempt_at), last_error = $3 "
    "WHERE id = $4 AND status = 'sending'";
constexpr std::string_view kUsersWithCollected = "SELECT DISTINCT user_id FROM mail_digest_counts ORDER BY user_id";
// Under concurrent digests (several servers) each count is taken once: the
// second DELETE finds the rows gone.
constexpr std::string_view kTakeCounts = "DELETE FROM mail_digest_counts WHERE user_id = $1 RETURNING post_count";
constexpr std::string_view kUserEmail = "SELECT email FROM users WHERE id = $1 AND active = 1";
constexpr std::string_view kClaimDay =
    "INSERT INTO mail_digest_runs (day, ran_at) VALUES ($1, $2) ON CONFLICT DO NOTHING RETURNING day";

}  // namespace

NotificationSettings MailStore::Settings(Connection& c, const std::string& user_id) const {
  NotificationSettings s;
  if (auto r = c.QueryOne(kSettings, {user_id})) {
    s.email_enabled = r->Bool(0);
    s.immediate = r->Text(1);
    s.digest = r->Text(2);
  }
  return s;
}

void MailStore::SaveSettings(Connection& c, const std::string& user_id, const NotificationSettings& s,
                             TimestampMs now) const {
  c.Execute(kSaveSettings, {user_id, s.email_enabled, s.immediate, s.digest, now});
}

int MailStore::EnqueueForPost(Connection& c, const PostNotice& n, TimestampMs now) const {
  const storage::Params who{n.patient_id, n.author_id, int64_t{n.urgent ? 1 : 0}, n.post_id,
                            int64_t{n.made_urgent_by_edit ? 1 : 0}};
  int pending = 0;
  for (const auto& r : c.Query(kImmediateRecipients, who)) {
    const std::string kind = n.urgent ? "urgent" : r.Bool(2) ? "mention" : "new";
    c.Execute(kInsert, {NewId(now), r.Text(0), r.Text(1), kind, n.patient_id, n.post_id, int64_t{1}, int64_t{1},
                        "pending", now, now});
    ++pending;
  }
  c.Execute(kCountForDigest, who);
  return pending;
}

std::vector<OutgoingMail> MailStore::Claim(Connection& c, const std::string& sender_id, TimestampMs now,
                                           TimestampMs stale_before, int limit) const {
  const auto sql = c.dialect() == storage::Dialect::kPostgres ? kClaimPostgres : kClaimSqlite;
  std::vector<OutgoingMail> out;
  for (const auto& r : c.Query(sql, {now, sender_id, now, stale_before, static_cast<int64_t>(limit)}))
    out.push_back({r.Text(0), r.Text(1), r.Text(2), r.Text(3), r.OptText(4), r.Int(5), r.Int(6), r.Int(7)});
  std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.id < b.id; });
  return out;
}

void MailStore::MarkSent(Connection& c, const std::string& id, TimestampMs now) const {
  c.Execute(kMarkSent, {now, id});
}

void MailStore::MarkFailed(Connection& c, const std::string& id, std::optional<TimestampMs> retry_at,
                           const std::string& error) const {
  std::optional<int64_t> at;
  if (retry_at) at = *retry_at;
  c.Execute(kMarkFailed, {retry_at ? "pending" : "failed", at, error.substr(0, 500), id});
}

std::vector<std::string> MailStore::UsersWithCollected(Connection& c) const {
  std::vector<std::string> out;
  for (const auto& r : c.Query(kUsersWithCollected)) out.push_back(r.Text(0));
  return out;
}

bool MailStore::Digest(Connection& c, const std::string& user_id, TimestampMs now) const {
  int64_t posts = 0;
  int64_t patients = 0;
  for (const auto& r : c.Query(kTakeCounts, {user_id})) {
    posts += r.Int(0);
    ++patients;
  }
  if (posts == 0) return false;
  const NotificationSettings s = Settings(c, user_id);
  auto email = c.QueryOne(kUserEmail, {user_id});
  // Settings or the address may have changed since the posts were counted.
  if (!s.email_enabled || s.digest != "daily" || !email || email->Text(0).empty()) return false;
  c.Execute(kInsert, {NewId(now), user_id, email->Text(0), "digest", std::nullopt, std::nullopt, posts, patients,
                      "pending", now, now});
  return true;
}

bool MailStore::ClaimDigestDay(Connection& c, const std::string& day, TimestampMs now) const {
  return c.QueryOne(kClaimDay, {day, now}).has_value();
}

}  // namespace tsunagu::mail
