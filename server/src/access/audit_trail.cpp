#include "access/audit_trail.h"

#include "common/crypto.h"

namespace tsunagu::access {
namespace {

constexpr std::string_view kSelectLast = "SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1";
// PostgreSQL: the appenders' lock, then the last record (migration 0019).
constexpr std::string_view kLockAndSelectLast = "SELECT seq, hash FROM tsunagu_audit_head()";
constexpr std::string_view kInsert =
    "INSERT INTO audit_log (seq, at, user_id, action, patient_id, target, ip, prev_hash, hash) "
    "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)";
constexpr std::string_view kSelectChain =
    "SELECT seq, at, user_id, action, patient_id, target, ip, prev_hash, hash FROM audit_log "
    "WHERE seq > $1 ORDER BY seq LIMIT 5000";
// The filters of List and Count; $1..$6 and $8 as in AuditQuery.
#define TSUNAGU_AUDIT_FILTER                                                                                \
  "WHERE (CAST($1 AS TEXT) IS NULL OR a.user_id = $1) AND (CAST($2 AS TEXT) IS NULL OR a.patient_id = $2) " \
  "AND (CAST($3 AS TEXT) IS NULL OR a.action = $3) AND (CAST($4 AS BIGINT) IS NULL OR a.at >= $4) "         \
  "AND (CAST($5 AS BIGINT) IS NULL OR a.at < $5) AND (CAST($6 AS BIGINT) IS NULL OR a.seq < $6) "           \
  "AND (CAST($8 AS TEXT) IS NULL OR (a.patient_id IS NOT NULL AND a.patient_id IN "                         \
  "(SELECT id FROM patients WHERE region_id = $8)) OR (a.patient_id IS NULL AND a.user_id IN "              \
  "(SELECT id FROM users WHERE region_id = $8))) "
constexpr std::string_view kList =
    "SELECT a.seq, a.at, a.user_id, a.action, a.patient_id, a.target, a.ip, u.name FROM audit_log a "
    "LEFT JOIN users u ON u.id = a.user_id " TSUNAGU_AUDIT_FILTER "ORDER BY a.seq DESC LIMIT $7";
constexpr std::string_view kCount =
    "SELECT COUNT(*) FROM (SELECT 1 FROM audit_log a " TSUNAGU_AUDIT_FILTER "LIMIT $7) AS matching";
#undef TSUNAGU_AUDIT_FILTER
constexpr std::string_view kLastSeq = "SELECT COALESCE(MAX(seq), 0) FROM audit_log";
// A loose index scan over audit_by_action: one index lookup per distinct name.
constexpr std::string_view kActions =
    "WITH RECURSIVE names(action) AS ("
    "SELECT MIN(action) FROM audit_log "
    "UNION ALL SELECT (SELECT MIN(l.action) FROM audit_log l WHERE l.action > names.action) FROM names "
    "WHERE names.action IS NOT NULL) "
    "SELECT action FROM names WHERE action IS NOT NULL";
constexpr std::string_view kGenesis = "0000000000000000000000000000000000000000000000000000000000000000";

std::string RecordHash(int64_t seq, TimestampMs at, const std::optional<std::string>& user_id,
                       const std::string& action, const std::optional<std::string>& patient_id,
                       const std::string& target, const std::string& ip, const std::string& prev_hash) {
  // Length-prefixed fields: no separator inside a value can forge another record.
  std::string data;
  auto add = [&](std::string_view v) {
    data += std::to_string(v.size());
    data += ':';
    data += v;
  };
  add(std::to_string(seq));
  add(std::to_string(at));
  add(user_id.value_or("\x01"));
  add(action);
  add(patient_id.value_or("\x01"));
  add(target);
  add(ip);
  add(prev_hash);
  return Sha256Hex(data);
}

}  // namespace

void AuditTrail::Append(storage::Connection& c, const AuditEvent& e, std::optional<TimestampMs> when) const {
  c.BeforeCommit([this, e, when](storage::Connection& tx) {
    int64_t seq = 1;
    std::string prev(kGenesis);
    if (auto last = tx.QueryOne(tx.dialect() == storage::Dialect::kPostgres ? kLockAndSelectLast : kSelectLast)) {
      seq = last->Int(0) + 1;
      prev = last->Text(1);
    }
    const TimestampMs at = when.value_or(clock_.NowMs());
    const std::string hash = RecordHash(seq, at, e.user_id, e.action, e.patient_id, e.target, e.ip, prev);
    tx.Execute(kInsert, {seq, at, e.user_id, e.action, e.patient_id, e.target, e.ip, prev, hash});
  });
}

std::vector<AuditRecord> AuditTrail::List(storage::Connection& c, const AuditQuery& q) const {
  std::vector<AuditRecord> out;
  for (const auto& r : c.Query(kList, {q.user_id, q.patient_id, q.action, q.from, q.to, q.before_seq,
                                       static_cast<int64_t>(q.limit), q.region_id})) {
    out.push_back({r.Int(0), r.Int(1), r.OptText(2), r.Text(3), r.OptText(4), r.Text(5), r.Text(6), r.OptText(7)});
  }
  return out;
}

int64_t AuditTrail::Count(storage::Connection& c, const AuditQuery& q, int64_t cap) {
  auto row = c.QueryOne(kCount, {q.user_id, q.patient_id, q.action, q.from, q.to, q.before_seq, cap, q.region_id});
  return row ? row->Int(0) : 0;
}

int64_t AuditTrail::LastSeq(storage::Connection& c) {
  auto row = c.QueryOne(kLastSeq);
  return row ? row->Int(0) : 0;
}

std::vector<std::string> AuditTrail::ListActions(storage::Connection& c) {
  std::vector<std::string> out;
  for (const auto& r : c.Query(kActions)) out.push_back(r.Text(0));
  return out;
}

AuditVerification AuditTrail::Verify(storage::Connection& c) {
  AuditVerification v;
  std::string prev(kGenesis);
  int64_t expected_seq = 1;
  int64_t after = 0;
  while (true) {
    auto rows = c.Query(kSelectChain, {after});
    if (rows.empty()) break;
    for (const auto& r : rows) {
      const int64_t seq = r.Int(0);
      after = seq;
      ++v.records;
      std::string problem;
      std::string reason;
      if (seq != expected_seq) {
        problem = "record " + std::to_string(expected_seq) + " is missing";
        reason = "missing";
      } else if (r.Text(7) != prev) {
        problem = "record " + std::to_string(seq) + " does not follow its predecessor";
        reason = "out_of_chain";
      } else if (RecordHash(seq, r.Int(1), r.OptText(2), r.Text(3), r.OptText(4), r.Text(5), r.Text(6), r.Text(7)) !=
                 r.Text(8)) {
        problem = "record " + std::to_string(seq) + " was altered";
        reason = "altered";
      }
      if (!problem.empty()) {
        v.intact = false;
        v.first_broken_seq = seq == expected_seq ? seq : expected_seq;
        v.reason = reason;
        v.problem = problem;
        return v;
      }
      prev = r.Text(8);
      expected_seq = seq + 1;
    }
  }
  return v;
}

}  // namespace tsunagu::access
