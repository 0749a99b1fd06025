#include "access/audit_journal.h"

#include <algorithm>

namespace tsunagu::access {
namespace {

// AUTOINCREMENT: an id is never used twice, also after the newest entries
// were removed, so the drained mark (an id) keeps meaning "up to here".
constexpr std::string_view kCreate =
    "CREATE TABLE IF NOT EXISTS audit_journal (id INTEGER PRIMARY KEY AUTOINCREMENT, at INTEGER NOT NULL, "
    "user_id TEXT, action TEXT NOT NULL, patient_id TEXT, target TEXT NOT NULL, ip TEXT NOT NULL)";
constexpr std::string_view kInsert =
    "INSERT INTO audit_journal (at, user_id, action, patient_id, target, ip) VALUES ($1, $2, $3, $4, $5, $6)";
constexpr std::string_view kPending =
    "SELECT id, at, user_id, action, patient_id, target, ip FROM audit_journal WHERE id > $1 ORDER BY id";
constexpr std::string_view kForget = "DELETE FROM audit_journal WHERE id <= $1";
// A journal file made anew (removed by a restore, or lost) would count its
// ids from 1 again, under the database's mark: its ids start above the mark.
constexpr std::string_view kRaiseIds = "UPDATE sqlite_sequence SET seq = $1 WHERE name = 'audit_journal' AND seq < $1";
constexpr std::string_view kSeedIds =
    "INSERT INTO sqlite_sequence (name, seq) SELECT 'audit_journal', $1 "
    "WHERE NOT EXISTS (SELECT 1 FROM sqlite_sequence WHERE name = 'audit_journal')";
// In the database.
constexpr std::string_view kMark = "SELECT drained_through FROM audit_journal_state WHERE id = 1";
constexpr std::string_view kSetMark = "UPDATE audit_journal_state SET drained_through = $1 WHERE id = 1";

struct Entry {
  int64_t id;
  TimestampMs at;
  AuditEvent event;
};

}  // namespace

std::unique_ptr<AuditJournal> AuditJournal::Open(storage::Database& db) {
  auto c = db.OpenAuditJournal();
  if (!c) return nullptr;
  return std::make_unique<AuditJournal>(std::move(c));
}

AuditJournal::AuditJournal(std::unique_ptr<storage::Connection> connection) : c_(std::move(connection)) {
  c_->Execute(kCreate);
}

void AuditJournal::Write(const std::vector<std::pair<AuditEvent, TimestampMs>>& records) {
  storage::RunInTransaction(*c_, [&](storage::Connection& c) {
    for (const auto& [e, at] : records) c.Execute(kInsert, {at, e.user_id, e.action, e.patient_id, e.target, e.ip});
  });
}

int64_t AuditJournal::Drain(storage::Database& db, const AuditTrail& trail) {
  const int64_t seen = db.Read([](storage::Connection& c) { return c.QueryOne(kMark)->Int(0); });
  std::vector<Entry> entries;
  for (const auto& r : c_->Query(kPending, {seen}))
    entries.push_back({r.Int(0), r.Int(1), {r.OptText(2), r.Text(3), r.OptText(4), r.Text(5), r.Text(6)}});
  int64_t moved = 0;
  const int64_t mark = entries.empty() ? seen : db.Transaction([&](storage::Connection& c) {
    // Another process may have moved some of them since `seen`.
    const int64_t from = c.QueryOne(kMark)->Int(0);
    for (const Entry& e : entries) {
      if (e.id <= from) continue;
      trail.Append(c, e.event, e.at);
      ++moved;
    }
    const int64_t through = std::max(from, entries.back().id);
    c.Execute(kSetMark, {through});
    return through;
  });
  storage::RunInTransaction(*c_, [&](storage::Connection& c) {
    c.Execute(kForget, {mark});
    c.Execute(kRaiseIds, {mark});
    c.Execute(kSeedIds, {mark});
  });
  return moved;
}

}  // namespace tsunagu::access
