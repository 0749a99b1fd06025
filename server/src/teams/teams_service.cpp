#include "teams/teams_service.h"

#include <algorithm>

#include "common/error.h"

namespace tsunagu::teams {
namespace {

TeamMember FindIn(const std::vector<TeamMember>& members, const std::string& user_id) {
  auto it = std::find_if(members.begin(), members.end(), [&](const TeamMember& m) { return m.user_id == user_id; });
  return *it;
}

}  // namespace

TeamsService::TeamsService(storage::Database& db, const TeamsStore& store, const people::PeopleStore& people,
                           const access::PatientAccess& access, const live::LivePublisher& live, const Clock& clock)
    : db_(db), store_(store), people_(people), access_(access), live_(live), clock_(clock) {}

std::vector<TeamMember> TeamsService::List(const access::Actor& actor, const std::string& patient_id) {
  return access_.Read(actor, patient_id, "team.list", "patient:" + patient_id,
                      [&](storage::Connection& c, const auto& /*grant*/) { return store_.List(c, patient_id); });
}

TeamMember TeamsService::Add(const access::Actor& actor, const std::string& patient_id, const std::string& user_id,
                             const std::string& role) {
  if (role != "member" && role != "lead") throw AppError::InvalidField("role", "lead か member を指定してください");
  const TimestampMs now = clock_.NowMs();
  auto added = db_.Transaction([&](storage::Connection& c) {
    const std::string action = role == "lead" ? "team.hand_over_lead" : "team.add";
    access_.Require(c, actor, patient_id, access::PatientNeed::kLead, action, "user:" + user_id);
    if (role == "lead") {
      if (user_id == *actor.user_id) throw AppError(ErrorCode::kConflict, "すでに主担当者です", "already_lead");
      if (!store_.FindRole(c, patient_id, user_id))
        throw AppError::InvalidField("user_id", "主担当はチームのメンバーにだけ引き継げます");
      store_.SetRole(c, patient_id, *actor.user_id, "member");
      store_.SetRole(c, patient_id, user_id, "lead");
    } else {
      auto user = people_.FindUser(c, user_id);
      if (!user || !user->active || !user->organization_id)
        throw AppError::InvalidField("user_id", "追加できる専門職が見つかりません");
      if (!store_.Add(c, patient_id, user_id, "member", *actor.user_id, now))
        throw AppError(ErrorCode::kConflict, "すでにチームのメンバーです", "already_member");
    }
    return FindIn(store_.List(c, patient_id), user_id);
  });
  live_.Publish({"team.changed", patient_id, std::nullopt, {}});
  return added;
}

void TeamsService::Remove(const access::Actor& actor, const std::string& patient_id, const std::string& user_id) {
  db_.Transaction([&](storage::Connection& c) {
    const bool self = actor.user_id == user_id;
    auto grant = access_.Require(c, actor, patient_id, self ? access::PatientNeed::kWrite : access::PatientNeed::kLead,
                                 self ? "team.leave" : "team.remove", "user:" + user_id);
    if (self && grant.lead())
      throw AppError(ErrorCode::kConflict, "主担当を引き継いでからチームを離れてください", "lead_must_hand_over");
    if (!store_.Remove(c, patient_id, user_id)) throw AppError(ErrorCode::kNotFound, "チームのメンバーではありません");
  });
  // The removed member is told too: the patient leaves their list.
  live_.Publish({"team.changed", patient_id, std::nullopt, {user_id}});
}

}  // namespace tsunagu::teams
