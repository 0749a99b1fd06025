#include "patients/patients_store.h"

namespace tsunagu::patients {
namespace {

constexpr std::string_view kInsert =
    "INSERT INTO patients (id, region_id, name, name_kana, birth_date, sex, address, care_level, status, created_by, "
    "created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'active', $9, $10, $10)";
constexpr std::string_view kInsertConsent =
    "INSERT INTO consents (id, patient_id, obtained_at, obtained_by, scope, method, document_attachment_id, "
    "recorded_by, recorded_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)";

#define TSUNAGU_PATIENT_COLUMNS                                                                                    \
  "p.id, p.region_id, p.name, p.name_kana, p.birth_date, p.sex, p.address, p.care_level, p.status, p.created_at, " \
  "p.last_post_at, c.obtained_at, c.obtained_by, c.scope, c.method, c.document_attachment_id, m.role, "            \
  "COALESCE(m.unread_count, 0), COALESCE(m.urgent_unread_count, 0)"
// The latest consent record: the active one, or the withdrawn one after withdrawal.
#define TSUNAGU_LATEST_CONSENT                                                           \
  "JOIN consents c ON c.id = (SELECT c2.id FROM consents c2 WHERE c2.patient_id = p.id " \
  "ORDER BY c2.recorded_at DESC, c2.id DESC LIMIT 1)"

constexpr std::string_view kFind = "SELECT " TSUNAGU_PATIENT_COLUMNS " FROM patients p " TSUNAGU_LATEST_CONSENT
                                   " LEFT JOIN care_team_members m ON m.patient_id = p.id AND m.user_id = $2 "
                                   "WHERE p.id = $1";
constexpr std::string_view kListForMember =
    "SELECT " TSUNAGU_PATIENT_COLUMNS
    " FROM care_team_members m JOIN patients p ON p.id = m.patient_id " TSUNAGU_LATEST_CONSENT
    " WHERE m.user_id = $1 AND p.status = 'active' AND (CAST($2 AS BIGINT) IS NULL OR "
    "COALESCE(p.last_post_at, p.created_at) < $2 OR (COALESCE(p.last_post_at, p.created_at) = $2 AND p.id < $3)) "
    "ORDER BY COALESCE(p.last_post_at, p.created_at) DESC, p.id DESC LIMIT $4";
#undef TSUNAGU_PATIENT_COLUMNS
#undef TSUNAGU_LATEST_CONSENT

constexpr std::string_view kUpdate =
    "UPDATE patients SET name = $1, name_kana = $2, birth_date = $3, sex = $4, address = $5, care_level = $6, "
    "updated_at = $7 WHERE id = $8";
constexpr std::string_view kWithdrawConsent =
    "UPDATE consents SET withdrawn_at = $1, withdrawn_by = $2, withdrawal_reason = $3 "
    "WHERE patient_id = $4 AND withdrawn_at IS NULL";
constexpr std::string_view kEndSharing = "UPDATE patients SET status = 'withdrawn', updated_at = $1 WHERE id = $2";
constexpr std::string_view kUnreadTotals =
    "SELECT COALESCE(SUM(m.unread_count), 0), COALESCE(SUM(m.urgent_unread_count), 0) FROM care_team_members m "
    "JOIN patients p ON p.id = m.patient_id WHERE m.user_id = $1 AND p.status = 'active'";

Patient ToPatient(const storage::Row& r) {
  Patient p;
  p.id = r.Text(0);
  p.details = {r.Text(2), r.Text(3), r.Text(4), r.Text(5), r.Text(6), r.Text(1), r.Text(7)};
  p.status = r.Text(8);
  p.created_at = r.Int(9);
  p.last_post_at = r.OptInt(10);
  p.consent = {r.Text(11), r.Text(12), r.Text(13), r.Text(14), r.OptText(15)};
  p.my_role = r.OptText(16);
  p.unread_count = r.Int(17);
  p.urgent_unread_count = r.Int(18);
  return p;
}

}  // namespace

void PatientsStore::Insert(Connection& c, const std::string& id, const PatientDetails& d, const std::string& created_by,
                           TimestampMs now) const {
  c.Execute(kInsert,
            {id, d.region_id, d.name, d.name_kana, d.birth_date, d.sex, d.address, d.care_level, created_by, now});
}

void PatientsStore::InsertConsent(Connection& c, const std::string& id, const std::string& patient_id,
                                  const Consent& consent, const std::string& recorded_by, TimestampMs now) const {
  c.Execute(kInsertConsent, {id, patient_id, consent.obtained_at, consent.obtained_by, consent.scope, consent.method,
                             consent.document_attachment_id, recorded_by, now});
}

std::optional<Patient> PatientsStore::Find(Connection& c, const std::string& id, const std::string& viewer_id) const {
  auto r = c.QueryOne(kFind, {id, viewer_id});
  if (!r) return std::nullopt;
  return ToPatient(*r);
}

std::vector<Patient> PatientsStore::ListForMember(Connection& c, const std::string& user_id,
                                                  const std::optional<PatientListCursor>& before, int limit) const {
  std::optional<int64_t> activity;
  std::optional<std::string> id;
  if (before) {
    activity = before->activity;
    id = before->id;
  }
  std::vector<Patient> out;
  for (const auto& r : c.Query(kListForMember, {user_id, activity, id, static_cast<int64_t>(limit)}))
    out.push_back(ToPatient(r));
  return out;
}

void PatientsStore::Update(Connection& c, const std::string& id, const PatientDetails& d, TimestampMs now) const {
  c.Execute(kUpdate, {d.name, d.name_kana, d.birth_date, d.sex, d.address, d.care_level, now, id});
}

bool PatientsStore::WithdrawConsent(Connection& c, const std::string& patient_id, const std::string& by,
                                    const std::string& reason, TimestampMs now) const {
  if (c.Execute(kWithdrawConsent, {now, by, reason, patient_id}) == 0) return false;
  c.Execute(kEndSharing, {now, patient_id});
  return true;
}

std::pair<int64_t, int64_t> PatientsStore::UnreadTotals(Connection& c, const std::string& user_id) const {
  auto r = c.QueryOne(kUnreadTotals, {user_id});
  return {r->Int(0), r->Int(1)};
}

}  // namespace tsunagu::patients
