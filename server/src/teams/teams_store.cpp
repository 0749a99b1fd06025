#include "teams/teams_store.h"

#include "access/patient_access.h"

namespace tsunagu::teams {
namespace {

constexpr std::string_view kList =
    "SELECT m.user_id, m.role, u.name, u.profession, u.organization_id, COALESCE(o.name, ''), u.region_id, "
    "COALESCE(r.name, ''), m.added_at, m.manages_team "
    "FROM care_team_members m JOIN users u ON u.id = m.user_id "
    "LEFT JOIN organizations o ON o.id = u.organization_id LEFT JOIN regions r ON r.id = u.region_id "
    "WHERE m.patient_id = $1 ORDER BY CASE m.role WHEN 'lead' THEN 0 ELSE 1 END, m.added_at, m.user_id";
constexpr std::string_view kMemberIds = "SELECT user_id FROM care_team_members WHERE patient_id = $1";
constexpr std::string_view kFindRole = "SELECT role FROM care_team_members WHERE patient_id = $1 AND user_id = $2";
constexpr std::string_view kAdd =
    "INSERT INTO care_team_members (patient_id, user_id, role, added_by, added_at, unread_count, "
    "urgent_unread_count) SELECT $1, $2, $3, $4, $5, COUNT(*), COALESCE(SUM(p.urgent), 0) FROM posts p "
    "WHERE p.patient_id = $1 AND p.author_id <> $2 AND NOT EXISTS "
    "(SELECT 1 FROM post_reads pr WHERE pr.post_id = p.id AND pr.user_id = $2) ON CONFLICT DO NOTHING";
constexpr std::string_view kSetRole = "UPDATE care_team_members SET role = $1 WHERE patient_id = $2 AND user_id = $3";
constexpr std::string_view kSetManagesTeam =
    "UPDATE care_team_members SET manages_team = $1 WHERE patient_id = $2 AND user_id = $3";
constexpr std::string_view kRemove = "DELETE FROM care_team_members WHERE patient_id = $1 AND user_id = $2";

}  // namespace

std::vector<TeamMember> TeamsStore::List(Connection& c, const std::string& patient_id) const {
  std::vector<TeamMember> out;
  for (const auto& r : c.Query(kList, {patient_id})) {
    out.push_back({r.Text(0), r.Text(1), access::ManagesTeam(r.Text(1), r.Bool(9)), r.Text(2), r.Text(3), r.OptText(4),
                   r.Text(5), r.OptText(6), r.Text(7), r.Int(8)});
  }
  return out;
}

std::vector<std::string> TeamsStore::MemberIds(Connection& c, const std::string& patient_id) const {
  std::vector<std::string> out;
  for (const auto& r : c.Query(kMemberIds, {patient_id})) out.push_back(r.Text(0));
  return out;
}

std::optional<std::string> TeamsStore::FindRole(Connection& c, const std::string& patient_id,
                                                const std::string& user_id) const {
  auto r = c.QueryOne(kFindRole, {patient_id, user_id});
  if (!r) return std::nullopt;
  return r->Text(0);
}

bool TeamsStore::Add(Connection& c, const std::string& patient_id, const std::string& user_id, const std::string& role,
                     const std::string& added_by, TimestampMs now) const {
  return c.Execute(kAdd, {patient_id, user_id, role, added_by, now}) > 0;
}

void TeamsStore::SetRole(Connection& c, const std::string& patient_id, const std::string& user_id,
                         const std::string& role) const {
  c.Execute(kSetRole, {role, patient_id, user_id});
}

void TeamsStore::SetManagesTeam(Connection& c, const std::string& patient_id, const std::string& user_id,
                                bool manages) const {
  c.Execute(kSetManagesTeam, {manages, patient_id, user_id});
}

bool TeamsStore::Remove(Connection& c, const std::string& patient_id, const std::string& user_id) const {
  return c.Execute(kRemove, {patient_id, user_id}) > 0;
}

}  // namespace tsunagu::teams
